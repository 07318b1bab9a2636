"""Which (target, area) statuses a subscription watches.

A target has a status in the province; in a division only when its rule applies to a single region (T04,
T09b). A filter left out means everything: every target, and the province with every division.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from kernel.domain.regions import PROVINCE, REGION_NAMES
from projection.attainment.catalogue import CATALOGUE

AREAS = (PROVINCE, *REGION_NAMES)
REGIONAL = tuple(t.id for t in CATALOGUE.values() if t.regional)  # the targets with a status in a division

Pair = tuple[str, str]  # (target id, area code)


def has_status(target: str, area: str) -> bool:
    return area == PROVINCE or target in REGIONAL


def pairs(targets: Sequence[str] | None, regions: Sequence[str] | None) -> set[Pair]:
    return {(t, a) for t in (targets or CATALOGUE) for a in (regions or AREAS) if has_status(t, a)}


def union(filters: Iterable[tuple[Sequence[str] | None, Sequence[str] | None]]) -> set[Pair]:
    out: set[Pair] = set()
    for targets, regions in filters:
        out |= pairs(targets, regions)
    return out


def ordered(selected: set[Pair]) -> list[Pair]:
    """In the catalogue's order, the province first."""
    targets, areas = list(CATALOGUE), list(AREAS)
    return sorted(selected, key=lambda p: (targets.index(p[0]), areas.index(p[1])))
