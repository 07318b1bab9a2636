"""Statuses of a target at a moment: met, missed, on_track, at_risk, not_due."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    MET = "met"
    MISSED = "missed"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    NOT_DUE = "not_due"


AT_RISK_DAYS = 7  # T04: a current month still unserved this close to its end is at risk


def monthly_share_status(*, due: int, met: int, open_unmet: int, open_due: int, year_over: bool, days_left_in_month: int) -> Status:
    """T04-like rules, where every due center-month must be met.

    Missed as soon as one completed center-month went without activity; met when the year is over and every
    due month was met; inside the year on track, or at risk when a center has not yet served anyone in a
    month that ends within a week.
    """
    if due == 0 and open_due == 0:
        return Status.NOT_DUE
    if met < due:
        return Status.MISSED
    if year_over:
        return Status.MET
    if open_unmet and days_left_in_month <= AT_RISK_DAYS:
        return Status.AT_RISK
    return Status.ON_TRACK
