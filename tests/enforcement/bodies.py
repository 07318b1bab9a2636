"""Request bodies for the enforcement records beyond measure 4's centers and services, and reading the feed."""

from __future__ import annotations

import asyncio
import time

from tests.enforcement.helpers import ACME, STATE_FIRM, event_count

LISTED_FIRM = "91350200776049653A"


def problem_fields(response) -> list[str]:
    assert response.headers["content-type"] == "application/problem+json", response.text
    body = response.json()
    assert body["status"] == response.status_code and body["type"].startswith("/problems/") and body["detail"]
    return [e["field"] for e in body.get("errors", [])]


def listing(uscc=LISTED_FIRM, listed_on="2019-05-20", region="420000", **extra):
    return {"uscc": uscc, "name": "某某贸易有限公司", "region": region, "authority": "湖北省知识产权局",
            "basis": "假冒专利，列为严重失信主体", "listed_on": listed_on, **extra}


def delisting(delisted_on="2020-05-20", **extra):
    return {"delisted_on": delisted_on, "reason": "信用修复", **extra}


def infringement_case(region="420100", opened_on="2019-04-02", right_holder=None, **extra):
    return {"region": region, "right_holder": ACME if right_holder is None else right_holder,
            "infringer": {"name": "某某电子商行"}, "right_kind": "patent", "joint_action": True,
            "opened_on": opened_on, **extra}


def case_closure(closed_on="2019-06-18", outcome="penalty", **extra):
    return {"closed_on": closed_on, "outcome": outcome, **extra}


def assistance_request(center_id="wh-1", received_at="2019-03-12T09:30:00+08:00", enterprise=None, **extra):
    return {"center_id": center_id, "enterprise": STATE_FIRM if enterprise is None else enterprise,
            "channel": "hotline_12330", "received_at": received_at, **extra}


def fast_track_case(center="wuhan-protection-center", kind="pre_examination", filed_on="2019-03-01", **extra):
    return {"center": center, "kind": kind, "enterprise": ACME, "filed_on": filed_on, "reference": "CN201910000001", **extra}


def foreign_dispute(opened_on="2019-04-01", country_or_region="US", **extra):
    return {"enterprise": ACME, "region": "420100", "country_or_region": country_or_region, "kind": "litigation",
            "right_kind": "patent", "opened_on": opened_on, **extra}


def escort_enrolment(enrolled_on="2019-02-01", enterprise=None, **extra):
    return {"enterprise": ACME if enterprise is None else enterprise, "enrolled_on": enrolled_on, **extra}


def brand_order(requested_on="2019-03-01", **extra):
    return {"brand_owner": ACME, "region": "420100", "trademark_registration_number": "12345678",
            "regions_concerned": ["420100", "420500"], "requested_on": requested_on, **extra}


def mediation_case(received_on="2019-03-01", **extra):
    return {"region": "420100", "received_on": received_on,
            "parties": [{"role": "applicant", "enterprise": ACME}, {"role": "respondent", "name": "张某"}], **extra}


def joint_meeting(held_on="2019-03-15", **extra):
    return {"region": "420000", "held_on": held_on, "departments": ["省知识产权局", "省公安厅", "省市场监管局"], **extra}


async def feed_events(client, service, timeout: float = 10) -> list[dict]:
    """Every event of the feed, once the feed has caught up with the store (positions are assigned just after commit)."""
    expected = await event_count(service)
    deadline = time.monotonic() + timeout
    while True:
        events, after = [], 0
        while True:
            page = (await client.get("/v1/events", params={"after": after, "limit": 5})).json()
            if not page["events"]:
                break
            events.extend(page["events"])
            after = page["next_after"]
        if len(events) >= expected or time.monotonic() > deadline:
            return events
        await asyncio.sleep(0.1)
