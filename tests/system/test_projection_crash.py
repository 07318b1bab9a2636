"""The projection killed with SIGKILL in mid-stream, restarted, ends where a rebuild from nothing ends."""

from __future__ import annotations

import random
import threading
import time
from datetime import date, datetime, timezone

import httpx
import pytest

from tests.projection.oracle import t04_from_events

pytestmark = pytest.mark.system
FIRMS = [("91440101MA5CJQ4N59", "private"), ("91110000600037341L", "state_owned")]


def write_load(url: str, headers: dict, centers: list[str], stop: threading.Event, written: list[str], seed: int) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=url, headers=headers, timeout=30) as client:
        n = 0
        while not stop.is_set():
            uscc, ownership = rng.choice(FIRMS)
            key = f"load-{seed}-{n}"
            body = {"center_id": rng.choice(centers), "occurred_on": f"2019-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    "enterprises": [{"uscc": uscc, "name": "企业", "ownership": ownership, "region": "420100"}]}
            for _ in range(10):  # retry unacknowledged writes with the same key
                try:
                    response = client.post("/v1/onsite-services", json=body, headers={"Idempotency-Key": key})
                    if response.status_code == 201:
                        written.append(response.json()["service_id"])
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            n += 1


def feed(http, url) -> list[dict]:
    events, after = [], 0
    while page := http.get(f"{url}/v1/events", params={"after": after, "limit": 1000}).json()["events"]:
        events.extend(page)
        after = page[-1]["position"]
    return events


def t04(http, projection) -> tuple[int, int]:
    report = http.get(f"{projection.url}/v1/attainment", params={"year": 2019, "as_of": "2019-12-31"}).json()
    detail = report["targets"][0]["detail"]
    return detail["center_months_due"], detail["center_months_met"]


def wait_for(predicate, timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, message
        time.sleep(0.2)


def test_sigkill_mid_stream_then_restart_equals_a_rebuild_from_nothing(system, http, auth):
    enforcement = system.service("enforcement")
    sources = {"enforcement": enforcement.url}
    projection = system.projection(sources, database=f"s_{system.test_id}_live")
    centers = [f"c{i}" for i in range(6)]
    for i, center_id in enumerate(centers):
        assert http.post(f"{enforcement.url}/v1/assistance-centers", json={
            "center_id": center_id, "name": center_id, "region": "420100", "registered_on": f"2019-0{1 + i % 3}-01"}).status_code == 201

    stop, written = threading.Event(), []
    writers = [threading.Thread(target=write_load, args=(enforcement.url, auth(), centers, stop, written, s)) for s in range(4)]
    for w in writers:
        w.start()
    try:
        for _ in range(2):
            time.sleep(2.0)
            projection.kill()  # SIGKILL: no shutdown, a batch may be half applied in an open transaction
            time.sleep(0.5)
            projection.start()
        time.sleep(2.0)
    finally:
        stop.set()
        for w in writers:
            w.join()
    assert len(written) > 100

    events = feed(http, enforcement.url)
    assert sum(1 for e in events if e["type"].endswith("OnsiteServiceRecorded.v1")) == len(written)
    expected = t04_from_events(events, 2019, date(2019, 12, 31), datetime(2100, 1, 1, tzinfo=timezone.utc))
    wait_for(lambda: t04(http, projection) == expected, 60, "the restarted projection did not reach the store's figures")

    rebuilt = system.projection(sources, database=f"s_{system.test_id}_rebuilt", consumer_group="rebuild")
    wait_for(lambda: t04(http, rebuilt) == expected, 60, "a projection rebuilt from nothing did not reach the same figures")
    assert t04(http, projection) == t04(http, rebuilt) == expected
