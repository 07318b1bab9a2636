"""The write path as single-command transactions (no HTTP) beside raw single-row INSERT transactions.

Both at N connections on the same PostgreSQL. The command side is `CommandBus.run` with the on-site service
handler (load the center and the new stream, decide, append, guard, idempotency record), one command per
transaction; the raw side inserts one row of the same shape into a copy of the `events` table per transaction.
"""

from __future__ import annotations

import uuid

from bench import data
from bench.config import Sizes
from bench.cpu import CpuMeter
from bench.infra import Environment
from bench.load import closed_loop
from bench.raw import single_rows
from bench.report import Figure
from bench.waits import WaitSampler
from enforcement.assistance_centers import domain as centers_domain
from enforcement.assistance_centers.schemas import RegisterAssistanceCenter
from enforcement.onsite_services import domain as services_domain
from enforcement.onsite_services.schemas import OnsiteServiceWritten, RecordOnsiteService
from kernel.auth import ALL_SCOPES, Principal
from kernel.commands import CommandBus, UnitOfWork, request_fingerprint
from kernel.db import EVENTSTORE_MIGRATIONS, ensure_database, make_engine, migrate
from kernel.domain.dates import today

DATABASE = "bench_transactions"


def record_handler(body: RecordOnsiteService, service_id: str):
    """The same decision as POST /v1/onsite-services (enforcement.onsite_services.endpoints)."""

    async def handle(uow: UnitOfWork) -> OnsiteServiceWritten:
        center = await uow.load(centers_domain.ASSISTANCE_CENTER, body.center_id)
        if center.exists:
            uow.principal.require_region(center.state.region, field="center_id")
        service = uow.start(services_domain.ONSITE_SERVICE, service_id)
        events = services_domain.record(
            center, service_id=service_id, occurred_on=body.occurred_on, enterprises=body.enterprises,
            summary=body.summary, today=today(),
        )
        return OnsiteServiceWritten(service_id=service_id, stream_version=uow.record(service, events))

    return handle


def register_handler(center_id: str):
    async def handle(uow: UnitOfWork):
        center = await uow.load(centers_domain.ASSISTANCE_CENTER, center_id)
        body = RegisterAssistanceCenter.model_validate(data.center_body(center_id)).model_dump()
        events = centers_domain.register(center.state, **body, today=today())
        uow.record(center, events)
        return OnsiteServiceWritten(service_id=center_id, stream_version=1)

    return handle


async def measure(env: Environment, sizes: Sizes) -> list[Figure]:
    url = env.database_url(DATABASE)
    await ensure_database(url)
    engine = make_engine(url, pool_size=sizes.connections, max_overflow=0)
    principal = Principal("bench", frozenset(ALL_SCOPES), None)
    path = "/v1/onsite-services"
    try:
        await migrate(engine, [EVENTSTORE_MIGRATIONS])

        def bus(n: int, body: bytes) -> CommandBus:
            key = f"bench-{n}-{uuid.uuid4().hex}"
            return CommandBus(
                engine=engine, principal=principal, idempotency_key=key, key_was_sent=True,
                fingerprint=request_fingerprint("POST", path, body),
                metadata={"actor": "bench", "correlation_id": key, "causation_id": key, "idempotency_key": key},
                on_commit=lambda: None,
            )

        centers = [f"txn-{n}" for n in range(16)]
        for n, center in enumerate(centers):
            await bus(-n - 1, b"").run(register_handler(center))
        raw_bodies = data.service_bodies(centers, 256)
        bodies = [RecordOnsiteService.model_validate_json(b) for b in raw_bodies]

        async def command(n: int) -> bool:
            response = await bus(n, raw_bodies[n % len(raw_bodies)]).run(record_handler(bodies[n % len(bodies)], str(uuid.uuid4())))
            return response.status_code == 201

        async with WaitSampler(env.dsn("postgres"), DATABASE) as served_waits, CpuMeter(env.cpu_roots()) as served_cpu:
            served = await closed_loop(command, workers=sizes.connections, seconds=sizes.transaction_seconds,
                                       warmup_seconds=sizes.warmup_seconds)

        async with WaitSampler(env.dsn("postgres"), DATABASE) as raw_waits, CpuMeter(env.cpu_roots()) as raw_cpu:
            raw = await single_rows(env.dsn(DATABASE), connections=sizes.connections, seconds=sizes.transaction_seconds,
                                    warmup_seconds=sizes.warmup_seconds, centers=centers)
    finally:
        await engine.dispose()

    ratio = served.rate / raw.rate if raw.rate else None
    return [Figure(
        "transactions", f"single-command transactions, {sizes.connections} connections", served.rate, "tx/s",
        "≥ 0.7 × baseline", raw.rate, ratio, ratio is not None and ratio >= 0.7,
        {"commands": served.summary(), "raw_inserts": raw.summary(),
         "postgres_waits": served_waits.top(), "raw_postgres_waits": raw_waits.top(),
         "raw_cpu_seconds": raw_cpu.seconds(),
         "shown": f"p50/p99 {served.ms(50) or 0:.1f}/{served.ms(99) or 0:.1f} ms vs raw INSERT "
                  f"{raw.ms(50) or 0:.1f}/{raw.ms(99) or 0:.1f} ms (command bus in the bench process)"},
        cpu=served_cpu.seconds(),
    )]
