from enforcement.assistance_centers.endpoints import router as assistance_centers
from enforcement.onsite_services.endpoints import router as onsite_services

routers = [assistance_centers, onsite_services]
