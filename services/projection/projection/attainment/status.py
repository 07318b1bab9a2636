"""Statuses of a target at a moment: met, missed, on_track, at_risk, not_due."""

from __future__ import annotations

from kernel.domain.vocabulary import LabelledEnum


class Status(LabelledEnum):
    MET = "met", "已达成", "Met"
    MISSED = "missed", "未达成", "Missed"
    ON_TRACK = "on_track", "进度正常", "On track"
    AT_RISK = "at_risk", "有风险", "At risk"
    NOT_DUE = "not_due", "未到期", "Not due"


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


def count_status(*, actual: float, threshold: float, started: bool, year_over: bool, elapsed_fraction: float) -> Status:
    """A yearly minimum count (T09a, T19, T20, T22a, T22b).

    Not due before the year starts; met as soon as the count reaches the threshold; missed when the year is over
    without it; inside the year on track when the count is at least the threshold times the elapsed fraction of
    the year (the pro-rata line), at risk below it.
    """
    if not started:
        return Status.NOT_DUE
    if actual >= threshold:
        return Status.MET
    if year_over:
        return Status.MISSED
    return Status.ON_TRACK if actual >= threshold * elapsed_fraction else Status.AT_RISK


def share_status(*, holds: bool | None, started: bool, year_over: bool) -> Status:
    """A share compared with a threshold (T09b, T11): `holds` is whether the comparator holds now, None when
    there is no share yet (nothing counted: nothing is due).

    Once the year is over: met or missed. Inside it a share can still move either way, so it is on track while
    the comparator holds and at risk while it does not.
    """
    if not started or holds is None:
        return Status.NOT_DUE
    if year_over:
        return Status.MET if holds else Status.MISSED
    return Status.ON_TRACK if holds else Status.AT_RISK
