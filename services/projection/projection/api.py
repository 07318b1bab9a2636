from projection.attainment.endpoints import router as attainment

routers = [attainment]
