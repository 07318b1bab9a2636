from kernel.eventstore.store import EventStore, StreamConflict
from kernel.eventstore.sequencer import assign_positions

__all__ = ["EventStore", "StreamConflict", "assign_positions"]
