"""Request bodies and small helpers for the enforcement tests."""

from __future__ import annotations

ACME = {"uscc": "91440101MA5CJQ4N59", "name": "武汉甲科技有限公司", "ownership": "private", "region": "420100"}
STATE_FIRM = {"uscc": "91110000600037341L", "name": "乙集团", "ownership": "state_owned", "region": "420100"}


def center(center_id="wh-1", region="420100", registered_on="2019-01-01", **extra):
    return {"center_id": center_id, "name": "维权援助中心", "region": region, "registered_on": registered_on, **extra}


def service(center_id="wh-1", occurred_on="2019-03-12", enterprises=None, **extra):
    return {"center_id": center_id, "occurred_on": occurred_on, "enterprises": [ACME] if enterprises is None else enterprises, "summary": "上门服务", **extra}


async def event_count(service) -> int:
    """How many events the service's store holds, counted in its database (sequenced or not)."""
    from sqlalchemy import text

    async with service.app.state.engine.connect() as conn:
        return (await conn.execute(text("SELECT count(*) FROM events"))).scalar_one()
