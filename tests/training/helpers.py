"""Request bodies and small helpers for the training service's tests."""

from __future__ import annotations

ACME = {"uscc": "91440101MA5CJQ4N59", "name": "武汉甲科技有限公司", "ownership": "private", "region": "420100"}
STATE_FIRM = {"uscc": "91110000600037341L", "name": "乙集团", "ownership": "state_owned", "region": "420100"}
YICHANG_FIRM = {"uscc": "91350200776049653A", "name": "宜昌丙有限公司", "ownership": "private", "region": "420500"}


def training_plan(region="420100", format="class", audience="private_enterprises", partner=None,
             starts_on="2019-05-13", ends_on="2019-05-15", **extra):
    return {"title": "民营企业知识产权实务培训班", "region": region, "format": format, "audience": audience,
            "partner": partner, "starts_on": starts_on, "ends_on": ends_on, **extra}


def recognition(enterprise=None, level="national_advantage", recognized_on="2019-11-20", **extra):
    return {"enterprise": ACME if enterprise is None else enterprise, "level": level, "recognized_on": recognized_on, **extra}


def recommendation(enterprise=None, level="national_advantage", recommended_on="2019-04-10", recommended_by="420000", **extra):
    return {"enterprise": ACME if enterprise is None else enterprise, "level": level, "recommended_on": recommended_on,
            "recommended_by": recommended_by, **extra}


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
