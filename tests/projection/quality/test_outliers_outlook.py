"""Hand-worked: the modified z-score and each outlook rule (a target already met, a year not started, a year
over, no previous year, the previous year's profile), the share outlooks and T04's."""

from __future__ import annotations

import math
from datetime import date, datetime, timezone
from fractions import Fraction

import pytest

from projection.attainment.period import Period
from projection.attainment.t04 import CenterMonths
from projection.quality import outliers
from projection.quality.flags import non_working_days
from projection.quality.outlook import Clock, count_outlook, share_outlook, t04_outlook


def test_modified_z_by_hand():
    values = [10, 12, 11, 13, 200]
    # median 12; deviations 2, 0, 1, 1, 188 -> MAD 1; 200: 0.6745 * 188 / 1
    assert outliers.median_and_mad(values) == (12, 1)
    assert outliers.scores(values)[-1] == pytest.approx(0.6745 * 188)
    assert outliers.scores(values)[0] == pytest.approx(-1.349)


def test_modified_z_with_no_spread():
    assert outliers.median_and_mad([5, 5, 5, 9]) == (5, 0)
    assert outliers.modified_z(9, 5, 0) == math.inf and outliers.modified_z(5, 5, 0) == 0.0
    assert outliers.finite(math.inf) is None


def test_china_adjusted_working_days():
    days = non_working_days(2019)
    assert date(2019, 2, 2) not in days  # a Saturday worked for the Spring Festival
    assert date(2019, 2, 5) in days and date(2019, 10, 1) in days and date(2019, 3, 2) in days  # holiday, holiday, Saturday
    assert date(2019, 3, 4) not in days  # a Monday


def test_pace_without_previous_year():
    # 30 June 2019: 181 of 365 days; 40 so far -> 40 / (181/365) = 80.66; needed 60 over 6 months
    out = count_outlook(40, 100, Clock(2019, date(2019, 6, 30)), None)
    assert out["method"] == "pace" and out["expected"] == pytest.approx(80.66, abs=0.01)
    assert out["needed"] == 60 and out["remaining_months"] == 6 and out["needed_per_month"] == 10
    # range: 40.66 still to come, +- 1.645 * sqrt(40.66) = 10.49: 70.17 .. 91.15, below 100 -> missed
    assert out["range"] == pytest.approx([70.17, 91.15], abs=0.01)
    assert out["likely_status"] == "missed"


def test_pace_at_risk_when_the_range_reaches_it():
    out = count_outlook(5, 10, Clock(2019, date(2019, 6, 30)), None)  # 10.08 expected -> met
    assert out["likely_status"] == "met"
    out = count_outlook(4, 10, Clock(2019, date(2019, 6, 30)), None)  # 8.07, range top 8.07 + 1.645*2.03 = 11.4
    assert out["expected"] == pytest.approx(8.07, abs=0.01) and out["likely_status"] == "at_risk"


def test_previous_years_profile():
    previous = [0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 90]  # most of last year's came in December
    # 30 June: g = 10/100; this year 20 by then -> twice last year: 20 + 0.9 * 100 * 2 = 200
    out = count_outlook(20, 100, Clock(2019, date(2019, 6, 30)), previous)
    assert out["method"] == "previous_year_profile" and out["expected"] == 200 and out["likely_status"] == "met"
    assert out["pace"] == pytest.approx(40.33, abs=0.01)
    # the range spans pace and profile, each widened: 40.33 - 1.645*sqrt(20.33) = 32.91 .. 200 + 1.645*sqrt(180) = 222.07
    assert out["range"] == pytest.approx([32.91, 222.07], abs=0.01)


def test_previous_year_with_too_little_by_now_is_not_scaled():
    previous = [0] * 11 + [12]
    out = count_outlook(0, 10, Clock(2019, date(2019, 3, 31)), previous)  # nothing by 31 March last year either
    assert out["expected"] == 12 and out["likely_status"] == "met"


def test_a_year_not_started():
    out = count_outlook(0, 10, Clock(2020, date(2019, 12, 31)), None)
    assert out["expected"] is None and out["likely_status"] is None
    assert out["remaining_months"] == 12 and out["needed_per_month"] == pytest.approx(0.83)
    out = count_outlook(0, 10, Clock(2020, date(2019, 12, 31)), [1] * 12)  # last year's 12 expected again
    assert out["expected"] == 12 and out["likely_status"] == "met"


def test_a_year_over():
    out = count_outlook(9, 10, Clock(2019, date(2019, 12, 31)), [1] * 12)
    assert out["expected"] == 9 and out["range"] == [9, 9] and out["likely_status"] == "missed"
    assert out["remaining_months"] == 0 and out["needed"] == 1 and out["needed_per_month"] is None
    assert count_outlook(10, 10, Clock(2019, date(2019, 12, 31)), None)["likely_status"] == "met"


def test_a_target_already_met():
    out = count_outlook(12, 10, Clock(2019, date(2019, 2, 1)), None)
    assert out["likely_status"] == "met" and out["needed"] == 0 and out["needed_per_month"] == 0


def test_share_needs():
    clock = Clock(2019, date(2019, 6, 30))
    # 3 private of 8; 8 more expected: (3 + x) / 16 > 1/2 -> x = 6; all private: (3 + x) / (8 + x) > 1/2 -> x = 3
    out = share_outlook(3, 8, Fraction(1, 2), clock, 16)
    assert out["private_needed_of_expected"] == 6 and out["private_needed_if_all_private"] == 3
    assert out["likely_status"] == "at_risk"
    assert share_outlook(3, 8, Fraction(1, 2), clock, 10)["likely_status"] == "missed"  # 2 more cannot lift it
    kept = share_outlook(5, 8, Fraction(1, 2), clock, 16)  # 5 of 8 holds; of 16, 4 more private keep it (9/16)
    assert kept["likely_status"] == "met" and kept["private_needed_of_expected"] == 4
    assert kept["private_needed_if_all_private"] == 0
    # T11 against last year's 2/5: 1 of 4 now; all private: (1 + x) / (4 + x) > 2/5 -> x > 1 -> 2
    assert share_outlook(1, 4, Fraction(2, 5), clock, 4)["private_needed_if_all_private"] == 2
    assert share_outlook(0, 0, Fraction(1, 2), clock, None)["likely_status"] is None
    over = share_outlook(4, 8, Fraction(1, 2), Clock(2019, date(2019, 12, 31)), 8)
    assert over["likely_status"] == "missed"  # exactly half is not above it


def _center(months):
    center = CenterMonths("c1", "中心一", "420100", date(2018, 1, 1), None)
    center.months = [{"month": f"2019-{m:02d}", "state": s, "services": 0} for m, s in enumerate(months, 1)]
    return center


def test_t04_outlook():
    period = Period(2019, date(2019, 3, 26), datetime.now(timezone.utc))
    out = t04_outlook([_center(["met", "met", "open"] + ["upcoming"] * 9)], period)
    assert out["centers_at_risk"] == [{"center_id": "c1", "name": "中心一", "region": "420100", "month": "2019-03", "days_left": 5}]
    assert out["months_lost"] == [] and out["likely_status"] == "at_risk" and out["remaining_months"] == 10
    out = t04_outlook([_center(["met", "missed", "open"] + ["upcoming"] * 9)], Period(2019, date(2019, 3, 10), period.known_at))
    assert out["months_lost"][0]["month"] == "2019-02" and out["likely_status"] == "missed"
    out = t04_outlook([_center(["met", "met", "open"] + ["upcoming"] * 9)], Period(2019, date(2019, 3, 10), period.known_at))
    assert out["likely_status"] == "met"  # 21 days left: not at risk yet
    assert t04_outlook([_center(["upcoming"] * 12)], Period(2019, date(2018, 12, 31), period.known_at))["likely_status"] is None
