"""One module per read model; each applies its events and keeps enough history for `known_at`."""

from projection.readmodels.assistance_centers import AssistanceCenters
from projection.readmodels.onsite_services import OnsiteServices


def all_read_models():
    return [AssistanceCenters(), OnsiteServices()]
