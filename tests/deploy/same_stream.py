"""For each command service, a record to create and a change to it that can be repeated as often as wanted.

Replicas racing on one stream need a write that appends to an existing stream without a rule ever refusing
it: a mediation session on a case (enforcement), a guarantee on a pledge-financing project (financing), a
brand admitted to an enterprise's incubation library (training), a supervision action on a service agency
(outreach). Each change is one event, and each record reads back how many changes it holds, so a lost
acknowledged write shows. The record's aggregate type names its stream, by which the topic's messages are keyed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import httpx

from enforcement.mediation_cases.domain import MEDIATION_CASE
from financing.pledge_projects.domain import PLEDGE_PROJECT
from kernel.aggregate import AggregateType
from outreach.agencies.domain import SERVICE_AGENCY
from tests.enforcement.bodies import mediation_case
from tests.financing.helpers import guarantee, project
from training.brand_library.domain import BRAND_LIBRARY

FIRMS = [
    {"uscc": "91440101MA5CJQ4N59", "name": "武汉甲科技有限公司", "ownership": "private", "region": "420100"},
    {"uscc": "91110000600037341L", "name": "乙集团", "ownership": "state_owned", "region": "420100"},
]


@dataclass(frozen=True)
class SameStreamWrites:
    service: str
    aggregate: AggregateType  # a record's stream id is aggregate.stream_id(record id)
    create: Callable[[httpx.Client, str, int], str]  # the n-th record, created at a replica's URL; returns its id
    change: Callable[[str, str], tuple[str, dict]]  # (path, body) of one more change to a record, given a unique tag
    recorded: Callable[[httpx.Client, str, str], tuple[int, int]]  # a record's stream version and changes, read at a URL


def _created(response: httpx.Response, field: str) -> str:
    assert response.status_code == 201, response.text
    return response.json()[field]


def _read(client: httpx.Client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return response.json()


def _mediation_sessions(client: httpx.Client, url: str, case_id: str) -> tuple[int, int]:
    view = _read(client, f"{url}/v1/mediation-cases/{case_id}")
    return view["stream_version"], len(view["sessions"])


def _project_guarantees(client: httpx.Client, url: str, project_id: str) -> tuple[int, int]:
    view = _read(client, f"{url}/v1/pledge-projects/{project_id}")
    return view["stream_version"], len(view["guarantees"])


def _library_brands(client: httpx.Client, url: str, uscc: str) -> tuple[int, int]:
    """An enterprise's library entries are numbered from 1 in admission order; the first was its creation."""
    version, entries = 0, 0
    while (response := client.get(f"{url}/v1/brand-library/entries/{uscc}-{entries + 1}")).status_code == 200:
        entries += 1
        version = response.json()["stream_version"]
    assert response.status_code == 404, response.text
    return version, entries - 1


def _agency_supervisions(client: httpx.Client, url: str, agency_id: str) -> tuple[int, int]:
    view = _read(client, f"{url}/v1/service-agencies/{agency_id}")
    return view["stream_version"], view["supervision_actions"]


def _first_brand(client: httpx.Client, url: str, n: int) -> str:
    firm = FIRMS[n % len(FIRMS)]
    _created(client.post(f"{url}/v1/brand-library/entries", json={"enterprise": firm, "trademark": "楚天红", "admitted_on": "2019-06-18"}),
             "entry_id")
    return firm["uscc"]


def _agency(client: httpx.Client, url: str, n: int) -> str:
    body = {"agency_id": f"wh-agency-{n}", "name": "武汉某知识产权代理有限公司", "ownership": "private", "region": "420100",
            "registered_on": "2019-03-01"}
    return _created(client.post(f"{url}/v1/service-agencies", json=body), "agency_id")


WRITES = {
    "enforcement": SameStreamWrites(
        "enforcement", MEDIATION_CASE,
        create=lambda client, url, n: _created(client.post(f"{url}/v1/mediation-cases", json=mediation_case()), "case_id"),
        change=lambda case_id, tag: (f"/v1/mediation-cases/{case_id}/sessions", {"held_on": "2019-03-15"}),
        recorded=_mediation_sessions,
    ),
    "financing": SameStreamWrites(
        "financing", PLEDGE_PROJECT,
        create=lambda client, url, n: _created(client.post(f"{url}/v1/pledge-projects", json=project(enterprise=FIRMS[n % 2])), "project_id"),
        change=lambda project_id, tag: (f"/v1/pledge-projects/{project_id}/guarantees", guarantee()),
        recorded=_project_guarantees,
    ),
    "training": SameStreamWrites(
        "training", BRAND_LIBRARY,
        create=_first_brand,
        change=lambda uscc, tag: ("/v1/brand-library/entries", {
            "enterprise": next(f for f in FIRMS if f["uscc"] == uscc), "trademark": f"楚天红 {tag}", "admitted_on": "2019-07-01"}),
        recorded=_library_brands,
    ),
    "outreach": SameStreamWrites(
        "outreach", SERVICE_AGENCY,
        create=_agency,
        change=lambda agency_id, tag: (f"/v1/service-agencies/{agency_id}/supervision-actions",
                                       {"acted_on": "2019-09-10", "kind": "spot_check", "finding": "compliant"}),
        recorded=_agency_supervisions,
    ),
}
