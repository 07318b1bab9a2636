"""What PostgreSQL sessions of one database wait on while a load runs (pg_stat_activity, sampled)."""

from __future__ import annotations

import asyncio
from collections import Counter
from contextlib import suppress

import asyncpg

_QUERY = (
    "SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS waiting FROM pg_stat_activity "
    "WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()"
)


class WaitSampler:
    def __init__(self, dsn: str, database: str, interval: float = 0.05) -> None:
        self.dsn, self.database, self.interval = dsn, database, interval
        self.counts: Counter[str] = Counter()
        self.samples = 0
        self._task: asyncio.Task | None = None

    async def _run(self) -> None:
        connection = await asyncpg.connect(self.dsn)
        try:
            while True:
                for row in await connection.fetch(_QUERY, self.database):
                    self.counts[row["waiting"]] += 1
                self.samples += 1
                await asyncio.sleep(self.interval)
        finally:
            await connection.close()

    async def __aenter__(self) -> "WaitSampler":
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *exc) -> None:
        assert self._task is not None
        self._task.cancel()
        with suppress(asyncio.CancelledError, Exception):
            await self._task

    def top(self, n: int = 4) -> dict[str, float]:
        """The most frequent states, as the mean number of active sessions in each."""
        return {k: round(v / max(self.samples, 1), 1) for k, v in self.counts.most_common(n)}
