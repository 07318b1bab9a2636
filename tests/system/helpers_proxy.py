"""A slow network in front of the broker: a TCP proxy that holds every chunk back, and a broker that sends its
clients through it.

The proxy runs an asyncio server in a thread of its own, so that tests written with plain blocking clients can
use it. Each chunk read from one side is written to the other `delay` seconds after it arrived, in order, in
both directions: every Kafka request and answer is late, the connection is never cut. Setting the delay to
zero takes the slowness away (the clients keep their connections).

A Kafka client asks the bootstrap address for the broker's advertised address and then connects there, so
the broker is started advertising the proxy's port: every connection goes through the proxy.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import threading
import time
from contextlib import suppress
from dataclasses import dataclass, field

from kernel.infra import broker
from kernel.infra.postgres import free_port


class DelayingProxy:
    def __init__(self, upstream_port: int, delay: float = 0.2, port: int | None = None) -> None:
        self.upstream_port = upstream_port
        self.port = port or free_port()
        self.delay = delay
        self.chunks = 0  # forwarded, both directions
        self.connections = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="delaying-proxy", daemon=True)
        self._server: asyncio.base_events.Server | None = None
        self._tasks: set[asyncio.Task] = set()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> "DelayingProxy":
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._listen(), self._loop).result(timeout=10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)

    async def _close(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _accept(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            client_writer.close()
            return
        pipes = [asyncio.create_task(self._pipe(client_reader, upstream_writer)),
                 asyncio.create_task(self._pipe(upstream_reader, client_writer))]
        self._tasks.update(pipes)
        try:
            await asyncio.wait(pipes, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for pipe in pipes:
                pipe.cancel()
                self._tasks.discard(pipe)
            for writer in (client_writer, upstream_writer):
                with suppress(Exception):
                    writer.close()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Read chunks as they come; write each one `delay` after it arrived, keeping their order."""
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def deliver() -> None:
            while True:
                due, chunk = await queue.get()
                if not chunk:
                    return
                wait = due - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                writer.write(chunk)
                await writer.drain()
                self.chunks += 1

        delivering = asyncio.create_task(deliver())
        try:
            while chunk := await reader.read(65536):
                await queue.put((time.monotonic() + self.delay, chunk))
            await queue.put((0.0, b""))
            await delivering
        finally:
            delivering.cancel()


@dataclass
class BrokerBehindProxy:
    """The in-memory broker listening on one port and advertising another: the proxy's."""

    port: int = field(default_factory=free_port)
    advertised_port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.advertised_port}"

    def start(self) -> "BrokerBehindProxy":
        command = [broker.binary(), "broker",
                   "--listener-url", f"tcp://127.0.0.1:{self.port}",
                   "--advertised-listener-url", f"tcp://127.0.0.1:{self.advertised_port}",
                   "--storage-engine", "memory://tansu/", "--silent"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        broker.wait_until_ready(self.port, self.process)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a frozen process cannot act on SIGTERM
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
