"""Starts the watcher (statuses, period steps, restatements, missing items, outlooks) and the sender with the app, and stops them before the engine is disposed.

The router's lifespan runs inside the service's own (FastAPI nests the lifespans of included routers), so
the engine and the projector already exist when it starts.
"""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI

from kernel.auth import COMMAND_SERVICES
from projection.webhooks.sender import Policy, Sender
from projection.webhooks.watching import StatusWatcher


def policy_from(settings) -> Policy:
    return Policy(
        timeout=settings.webhook_timeout_seconds,
        max_attempts=settings.webhook_max_attempts,
        retry_base=settings.webhook_retry_base_seconds,
        retry_max=settings.webhook_retry_max_seconds,
        refuse_private=settings.webhook_refuse_private_urls,
        allowed=tuple(settings.webhook_allowed_networks),
    )


@asynccontextmanager
async def webhook_tasks(app: FastAPI):
    settings = app.state.settings
    sender = Sender(app.state.engine, policy_from(settings), settings.webhook_interval_seconds)
    watcher = StatusWatcher(
        app.state.engine, getattr(app.state, "projector", None), [*settings.sources, *COMMAND_SERVICES],
        settings.webhook_interval_seconds, on_stored=sender.wake, settings=settings,
    )
    app.state.webhook_sender, app.state.webhook_watcher = sender, watcher
    await sender.start()
    await watcher.start()
    try:
        yield
    finally:
        await watcher.stop()
        await sender.stop()
