from enforcement.assistance_centers.endpoints import router as assistance_centers
from enforcement.assistance_requests.endpoints import router as assistance_requests
from enforcement.brand_protection_orders.endpoints import router as brand_protection_orders
from enforcement.credit_list.endpoints import router as credit_list
from enforcement.fast_track_cases.endpoints import router as fast_track_cases
from enforcement.foreign_disputes.endpoints import router as foreign_disputes
from enforcement.infringement_cases.endpoints import router as infringement_cases
from enforcement.joint_meetings.endpoints import router as joint_meetings
from enforcement.mediation_cases.endpoints import router as mediation_cases
from enforcement.onsite_services.endpoints import router as onsite_services
from enforcement.overseas_escort.endpoints import router as overseas_escort

routers = [
    infringement_cases,
    fast_track_cases,
    foreign_disputes,
    overseas_escort,
    assistance_centers,
    onsite_services,
    assistance_requests,
    credit_list,
    brand_protection_orders,
    mediation_cases,
    joint_meetings,
]
