"""Request bodies and small helpers for the financing tests."""

from __future__ import annotations

from sqlalchemy import text

ACME = {"uscc": "91440101MA5CJQ4N59", "name": "武汉甲科技有限公司", "ownership": "private", "region": "420100"}
STATE_FIRM = {"uscc": "91110000600037341L", "name": "乙集团", "ownership": "state_owned", "region": "420100"}
YICHANG_FIRM = {"uscc": "91350200776049653A", "name": "宜昌丙制造有限公司", "ownership": "private", "region": "420500"}
RIGHTS = [{"kind": "patent", "number": "ZL201810123456.7"}, {"kind": "trademark", "number": "23456789"}]


def project(enterprise=None, amount_cny=5_000_000, registered_on="2019-04-18", rights=None, **extra):
    return {"enterprise": ACME if enterprise is None else enterprise, "lender": "汉口银行", "amount_cny": amount_cny,
            "registered_on": registered_on, "pledged_rights": RIGHTS if rights is None else rights, **extra}


def subsidy(amount_cny=80_000, kind="interest_discount", granted_on="2019-06-30", period_from="2019-04-18",
            period_to="2019-06-30", **extra):
    return {"kind": kind, "amount_cny": amount_cny, "granted_on": granted_on, "period_from": period_from,
            "period_to": period_to, **extra}


def compensation(amount_cny=1_000_000, paid_on="2019-11-20", payer="provincial_fund", **extra):
    return {"payer": payer, "amount_cny": amount_cny, "paid_on": paid_on, **extra}


def guarantee(cover_cny=4_000_000, covers_from="2019-04-18", covers_to="2020-04-17", kind="guarantee_insurance", **extra):
    return {"kind": kind, "provider": "人保财险湖北省分公司", "cover_cny": cover_cny, "covers_from": covers_from,
            "covers_to": covers_to, **extra}


def matchmaking(occurred_on="2019-05-16", region="420100", enterprises=None, banks=None, **extra):
    return {"occurred_on": occurred_on, "region": region, "organiser": "武汉市知识产权局",
            "enterprises_attending": [ACME, STATE_FIRM] if enterprises is None else enterprises,
            "banks_attending": ["汉口银行", "中国银行湖北省分行"] if banks is None else banks, "summary": "银企对接会", **extra}


def survey_response(enterprise=None, responded_on="2019-03-20", amount_sought_cny=5_000_000, rights=None, **extra):
    return {"survey": "2019年民营企业知识产权质押融资需求调研", "enterprise": ACME if enterprise is None else enterprise,
            "responded_on": responded_on, "amount_sought_cny": amount_sought_cny,
            "rights_offered": RIGHTS if rights is None else rights, **extra}


async def event_count(service) -> int:
    """How many events the service's store holds, counted in its database (sequenced or not)."""
    async with service.app.state.engine.connect() as conn:
        return (await conn.execute(text("SELECT count(*) FROM events"))).scalar_one()


def problem_fields(response) -> list[str]:
    assert response.headers["content-type"] == "application/problem+json", response.text
    body = response.json()
    assert body["status"] == response.status_code and body["type"].startswith("/problems/") and body["detail"]
    return [e["field"] for e in body.get("errors", [])]
