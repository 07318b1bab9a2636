"""The projection's figures that are compared: attainment and indicators for the year, the province and some
divisions, counted as known after the run and, for the province, as known at a moment in the middle of it."""

from __future__ import annotations

from typing import Any

import httpx

YEAR = 2019
AS_OF = "2019-12-31"
AFTER_THE_RUN = "2100-01-01T00:00:00+08:00"
AREAS = ("420000", "420100", "420500", "420900")


def queries(mid_run: str | None) -> dict[str, tuple[str, dict[str, Any]]]:
    wanted: dict[str, tuple[str, dict[str, Any]]] = {}
    for area in AREAS:
        params = {"year": YEAR, "as_of": AS_OF, "known_at": AFTER_THE_RUN, "region": area}
        wanted[f"attainment {area}"] = ("/v1/attainment", params)
        wanted[f"indicators {area}"] = ("/v1/indicators", params)
    if mid_run is not None:
        params = {"year": YEAR, "as_of": AS_OF, "known_at": mid_run}
        wanted["attainment 420000 known mid-run"] = ("/v1/attainment", params)
        wanted["indicators 420000 known mid-run"] = ("/v1/indicators", params)
    return wanted


async def read(url: str, headers: dict[str, str], mid_run: str | None) -> dict[str, Any]:
    reports: dict[str, Any] = {}
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=30) as client:
        for label, (path, params) in queries(mid_run).items():
            response = await client.get(path, params=params)
            reports[label] = response.json() if response.status_code == 200 else {"status": response.status_code,
                                                                                   "body": response.text[:300]}
    return reports
