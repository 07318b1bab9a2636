"""The modified z-score (Iglewicz and Hoaglin): how far a value lies from the median, in units of the median
absolute deviation (MAD), so that one huge value does not hide itself by inflating a mean and a standard
deviation.

    M = 0.6745 · (x − median) / MAD,   MAD = median(|xᵢ − median|)

0.6745 is the 0.75 quantile of the standard normal distribution: for normal data M is comparable with an
ordinary z-score. A MAD of 0 (more than half the values equal) leaves M undefined; then any value other than
the median is infinitely far (`math.inf`) and the median itself 0. The same figures are computed in SQL
(`percentile_cont(0.5)`) by the rules; `modified_z` is their definition and what the tests check them with.
"""

from __future__ import annotations

import math
from statistics import median
from typing import Sequence

CONSISTENCY = 0.6745


def median_and_mad(values: Sequence[float]) -> tuple[float, float]:
    if not values:
        raise ValueError("no values")
    middle = median(values)
    return middle, median([abs(v - middle) for v in values])


def modified_z(value: float, middle: float, mad: float) -> float:
    if mad == 0:
        return 0.0 if value == middle else math.copysign(math.inf, value - middle)
    return CONSISTENCY * (value - middle) / mad


def scores(values: Sequence[float]) -> list[float]:
    """Each value's modified z-score among `values`."""
    middle, mad = median_and_mad(values)
    return [modified_z(v, middle, mad) for v in values]


def finite(value: float) -> float | None:
    """A score for JSON: an infinite one (MAD 0) is reported as null."""
    return None if math.isinf(value) or math.isnan(value) else round(value, 3)
