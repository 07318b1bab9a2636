"""Request bodies and small helpers for the outreach tests."""

from __future__ import annotations

ACME = {"uscc": "91440101MA5CJQ4N59", "name": "武汉甲科技有限公司", "ownership": "private", "region": "420100"}
STATE_FIRM = {"uscc": "91110000600037341L", "name": "乙集团", "ownership": "state_owned", "region": "420100"}
YICHANG_FIRM = {"uscc": "91350200776049653A", "name": "宜昌丙机电有限公司", "ownership": "private", "region": "420500"}


def briefing(occurred_on="2019-04-18", region="420100", topic="patent_fee_reduction", audience="private_enterprises", attendance=80, **extra):
    return {"occurred_on": occurred_on, "region": region, "topic": topic, "audience": audience, "attendance": attendance, **extra}


def visit(occurred_on="2019-05-21", enterprise=None, examiners=2, attorneys=1, **extra):
    return {"occurred_on": occurred_on, "enterprise": ACME if enterprise is None else enterprise,
            "examiners": examiners, "attorneys": attorneys, **extra}


def problem_fields(response) -> list[str]:
    assert response.headers["content-type"] == "application/problem+json", response.text
    body = response.json()
    assert body["status"] == response.status_code and body["type"].startswith("/problems/") and body["detail"]
    return [e["field"] for e in body.get("errors", [])]


async def event_count(service) -> int:
    """How many events the service's store holds, counted in its database."""
    from sqlalchemy import text

    async with service.app.state.engine.connect() as conn:
        return (await conn.execute(text("SELECT count(*) FROM events"))).scalar_one()


async def created(client, path: str, body: dict, **kwargs) -> dict:
    response = await client.post(path, json=body, **kwargs)
    assert response.status_code == 201, response.text
    return response.json()


def agency(agency_id="wh-agency-1", ownership="private", region="420100", registered_on="2019-03-01", **extra):
    return {"agency_id": agency_id, "name": "武汉某知识产权代理有限公司", "ownership": ownership, "region": region,
            "registered_on": registered_on, **extra}


def aid(agency_id="wh-agency-1", enterprise=None, **extra):
    return {"agency_id": agency_id, "enterprise": ACME if enterprise is None else enterprise, "enterprise_situation": "start_up",
            "service_kind": "patent_application", "waived_amount_cny": 3000, "provided_on": "2019-08-12", **extra}


def station(station_id="xy-1", region="420600", opened_on="2019-05-06", **extra):
    return {"station_id": station_id, "name": "专利信息服务站", "host_institution": "专利文献服务网点",
            "host_kind": "patent_document_outlet", "region": region, "opened_on": opened_on, **extra}


def information_service(station_id="xy-1", enterprise=None, **extra):
    return {"station_id": station_id, "enterprise": ACME if enterprise is None else enterprise, "kind": "search",
            "delivered_on": "2019-06-20", **extra}


def window(window_id="yc-tm", region="420500", opened_on="2019-02-25", **extra):
    return {"window_id": window_id, "name": "商标受理窗口", "host": "宜昌市市场监督管理局", "region": region, "opened_on": opened_on, **extra}


def publicity_item(**extra):
    return {"channel": "wechat", "published_on": "2019-03-15", "region": "420000", "title": "政策解读", **extra}


def case_story(enterprise=None, **extra):
    return {"enterprise": ACME if enterprise is None else enterprise, "measures": [7, 9], "title": "质押融资之路",
            "published_on": "2019-10-08", **extra}


def onsite_service(enterprise=None, **extra):
    return {"occurred_on": "2019-06-05", "enterprise": ACME if enterprise is None else enterprise, "kind": "pledge_registration", **extra}
