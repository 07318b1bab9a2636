"""Event types the projection deliberately does not apply, each with the reason (中文；English).

Every event type a command service records (the types its `/asyncapi.json` documents) is either read by one of
the projection's read models (their `event_types`) or named here, never both:
`tests/projection/test_event_contracts.py` checks it against the services' own event models, so a new event
cannot go unnoticed. Today every type is applied: the indicators read all of them (see
`projection.indicators.facts`), so the list is empty until an event is recorded that no figure should read.
"""

from __future__ import annotations

IGNORED: dict[str, str] = {
    # "<service>.<EventName>.v<n>": "不计入任何指标的原因；why no figure reads it",
}
