"""Request bodies for the measure 12 and 13 records in the training service's tests."""

from __future__ import annotations

from tests.training.helpers import ACME

ZHANG = {"commissioner_id": "TPY-2019-017", "name": "张某", "specialty": "专利代理"}


def dispatch(enterprise=None, service_kind="patent_navigation", starts_on="2019-06-01", ends_on="2019-11-30", **extra):
    return {"commissioner": ZHANG, "enterprise": ACME if enterprise is None else enterprise, "service_kind": service_kind,
            "starts_on": starts_on, "ends_on": ends_on, **extra}


def brand(enterprise=None, trademark="楚天红", admitted_on="2019-06-18", **extra):
    return {"enterprise": ACME if enterprise is None else enterprise, "trademark": trademark, "admitted_on": admitted_on, **extra}


def guidance(enterprise=None, held_on="2019-08-20", **extra):
    return {"enterprise": ACME if enterprise is None else enterprise, "held_on": held_on, "topic": "商标注册与品牌布局",
            "guided_by": "省局商标处", **extra}


def mark_application(applicant=None, kind="well_known_trademark", filed_on="2019-03-15", **extra):
    return {"kind": kind, "applicant": ACME if applicant is None else applicant, "mark": "楚天红", "filed_on": filed_on, **extra}
