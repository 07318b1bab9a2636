"""How the demo sends its writes, against a small real HTTP service: resends with the same key, order, refusals."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import httpx
import pytest
from fastapi import FastAPI, Header, Request
from fastapi.responses import JSONResponse

from ipo_clients.demo.plan import Plan
from ipo_clients.demo.runner import Stopped, send_steps
from ipo_clients.retrying import RetryPolicy
from kernel.infra.postgres import free_port
from kernel.testing.servers import InProcessService

FAST = RetryPolicy(attempts=4, first_wait=0.01, longest_wait=0.02)


class Registry:
    """Answers each key's first POST with 503, then 201; keeps each key's answer; refuses `/v1/refused` with 422."""

    def __init__(self) -> None:
        self.seen: dict[str, list[str]] = defaultdict(list)  # key -> paths sent with it
        self.answers: dict[str, dict] = {}

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/v1/things")
        async def register(request: Request, idempotency_key: str = Header()):
            self.seen[idempotency_key].append(request.url.path)
            if len(self.seen[idempotency_key]) == 1:
                return JSONResponse({"title": "unavailable"}, 503)
            if idempotency_key not in self.answers:
                self.answers[idempotency_key] = {"thing_id": f"thing-{len(self.answers) + 1}"}
            return JSONResponse(self.answers[idempotency_key], 201)

        @app.post("/v1/things/{thing_id}/closure")
        async def close(thing_id: str, request: Request, idempotency_key: str = Header()):
            self.seen[idempotency_key].append(request.url.path)
            return JSONResponse({"thing_id": thing_id}, 201)

        @app.post("/v1/refused")
        async def refused(idempotency_key: str = Header()):
            self.seen[idempotency_key].append("/v1/refused")
            return JSONResponse({"detail": "day: is in the future", "errors": [{"field": "day", "message": "is in the future"}]}, 422)

        @app.post("/v1/forbidden")
        async def forbidden():
            return JSONResponse({"detail": "the token has expired"}, 401)

        return app


@pytest.fixture
async def registry():
    served = Registry()
    service = await InProcessService.start(served.app())
    served.url = service.url
    yield served
    await service.stop()


async def send(plan: Plan, urls: dict[str, str]):
    async with httpx.AsyncClient(timeout=10) as client:
        return await send_steps(plan.ordered(), client=client, urls=urls, key_for=lambda s: f"key-{s.index}",
                                concurrency=3, policy=FAST)


async def test_a_failed_write_is_resent_with_its_key_and_later_writes_use_the_ids_it_answered(registry):
    plan = Plan()
    for day in (3, 1, 2):
        thing = plan.add("things", 1, "thing", "/v1/things", {"day": day}, day=date(2024, 1, day))
        plan.add("things", 1, "closure", "/v1/things/{}/closure", {}, day=date(2024, 2, day), on=thing.ref("thing_id"))

    outcomes = await send(plan, {"things": registry.url})

    assert [o.step.what for o in outcomes] == ["thing", "thing", "thing", "closure", "closure", "closure"]
    assert all(o.recorded and not o.refused for o in outcomes)
    for outcome in outcomes[:3]:  # resent once after the 503, with the same key
        assert registry.seen[f"key-{outcome.step.index}"] == ["/v1/things", "/v1/things"]
    ids = {o.step.body["day"]: o.answer["thing_id"] for o in outcomes[:3]}
    closed = [registry.seen[f"key-{o.step.index}"] for o in outcomes[3:]]
    assert closed == [[f"/v1/things/{ids[day]}/closure"] for day in (1, 2, 3)]


async def test_a_refused_write_is_reported_and_what_waits_for_it_is_skipped(registry):
    plan = Plan()
    wrong = plan.add("things", 4, "wrong thing", "/v1/refused", {}, day=date(2024, 1, 1))
    plan.add("things", 4, "closure", "/v1/things/{}/closure", {}, day=date(2024, 1, 2), on=wrong.ref("thing_id"))

    refused, skipped = await send(plan, {"things": registry.url})

    assert refused.refused and refused.status == 422 and refused.problem["errors"][0]["field"] == "day"
    assert registry.seen["key-0"] == ["/v1/refused"]  # a 422 is final: never resent
    assert skipped.skipped and not skipped.refused and "write 0" in skipped.problem["detail"]


async def test_a_refused_token_stops_the_run(registry):
    plan = Plan()
    plan.add("things", 1, "forbidden", "/v1/forbidden", {}, day=date(2024, 1, 1))
    plan.add("things", 1, "thing", "/v1/things", {}, day=date(2024, 1, 2))

    with pytest.raises(Stopped, match="expired"):
        await send(plan, {"things": registry.url})


async def test_an_unreachable_service_is_reported_after_the_resends():
    plan = Plan()
    plan.add("things", 1, "thing", "/v1/things", {}, day=date(2024, 1, 1))

    (outcome,) = await send(plan, {"things": f"http://127.0.0.1:{free_port()}"})

    assert outcome.refused and outcome.status is None
    assert "could not be reached" in outcome.problem["title"]
