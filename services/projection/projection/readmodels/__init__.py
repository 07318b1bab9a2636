"""One module per read model; each applies its events and keeps enough history for `known_at`."""

from projection.readmodels.activity import ActivityFacts
from projection.readmodels.assistance_centers import AssistanceCenters
from projection.readmodels.enterprise_directory import EnterpriseDirectory
from projection.readmodels.onsite_services import OnsiteServices
from projection.readmodels.target_briefings import TargetBriefings
from projection.readmodels.target_examiner_visits import TargetExaminerVisits
from projection.readmodels.target_matchmaking_events import TargetMatchmakingEvents
from projection.readmodels.target_pledge_projects import TargetPledgeProjects
from projection.readmodels.target_recognitions import TargetRecognitions
from projection.readmodels.target_trainings import TargetTrainings


def _record_actors():
    from projection.periods.record_actors import RecordActors  # imports the read models above

    return RecordActors()


def _training_plans():
    from projection.quality.plans import TrainingPlans  # the data-quality reads' own read model

    return TrainingPlans()


def all_read_models():
    return [AssistanceCenters(), OnsiteServices(),
            TargetPledgeProjects(), TargetMatchmakingEvents(), TargetRecognitions(), TargetBriefings(),
            TargetExaminerVisits(), TargetTrainings(), ActivityFacts(), EnterpriseDirectory(), _record_actors(), _training_plans()]
