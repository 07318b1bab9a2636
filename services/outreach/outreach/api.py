from outreach.agencies.endpoints import router as agencies
from outreach.agency_aid.endpoints import router as agency_aid
from outreach.briefings.endpoints import router as briefings
from outreach.case_stories.endpoints import router as case_stories
from outreach.examiner_visits.endpoints import router as examiner_visits
from outreach.information_services.endpoints import router as information_services
from outreach.information_stations.endpoints import router as information_stations
from outreach.patent_onsite_services.endpoints import router as patent_onsite_services
from outreach.publicity.endpoints import router as publicity
from outreach.trademark_windows.endpoints import router as trademark_windows

routers = [
    briefings, patent_onsite_services, examiner_visits, agencies, agency_aid, information_stations,
    information_services, trademark_windows, publicity, case_stories,
]
