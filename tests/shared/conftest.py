import pytest

from kernel.db import EVENTSTORE_MIGRATIONS, PROJECTION_MIGRATIONS, ensure_database, make_engine, migrate


@pytest.fixture
async def store_engine(new_database):
    """A bare event store (and projection ledger) in a fresh database, without any service around it."""
    url = new_database("store")
    await ensure_database(url)
    engine = make_engine(url, pool_size=40, max_overflow=10)
    await migrate(engine, [EVENTSTORE_MIGRATIONS, PROJECTION_MIGRATIONS])
    yield engine
    await engine.dispose()
