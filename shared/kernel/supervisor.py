"""`ipo run`'s supervisor: the Procfile's processes, each started again when it exits, with a back-off.

honcho's Manager stops every process as soon as one exits, so one service SIGKILLed under `make run` took the
whole system down. This supervisor runs each process with honcho's own `Process` (a shell in a session of its
own, its output multiplexed through honcho's `Printer`), and when one exits it says so and starts it again
after a delay: 1 s, doubling on each exit up to 30 s, back to 1 s once the process had stayed up a minute.
Ctrl-C (SIGINT) or SIGTERM stops everything: SIGTERM to each process group, SIGKILL to what is left after 5 s.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from honcho.colour import get_colours
from honcho.compat import ProcessManager
from honcho.printer import Message, Printer
from honcho.process import Process

KILL_WAIT_SECONDS = 5.0
SIGNAL_RETURN_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143}
SYSTEM = "system"


@dataclass(frozen=True)
class Backoff:
    """How long to wait before starting a process again that has just exited."""

    first: float = 1.0
    longest: float = 30.0
    steady: float = 60.0  # a process that ran this long starts again after `first`

    def delay(self, previous: float | None, uptime: float) -> float:
        if previous is None or uptime >= self.steady:
            return self.first
        return min(previous * 2, self.longest)


@dataclass
class Child:
    process: Process
    runner: multiprocessing.Process | None = None
    pid: int | None = None
    running: bool = False  # from its start until its exit was reported
    started_at: float = 0.0
    delay: float | None = None  # the last back-off
    restart_at: float | None = None
    restarts: int = 0


@dataclass
class Supervisor:
    printer: Printer = field(default_factory=lambda: Printer(sys.stdout))
    backoff: Backoff = field(default_factory=Backoff)
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self.events: multiprocessing.Queue = multiprocessing.Queue()
        self.children: dict[str, Child] = {}
        self.returncode = 0
        self._colours = get_colours()
        self._processes = ProcessManager()
        self._stopping_since: float | None = None
        self._killed = False
        self.printer.width = len(SYSTEM)

    def add_process(self, name: str, command: str, env: dict[str, str] | None = None) -> None:
        assert name not in self.children, "process names must be unique"
        self.children[name] = Child(Process(command, name=name, colour=next(self._colours), env=env))
        self.printer.width = max(self.printer.width, len(name))

    def loop(self) -> int:
        """Run until SIGINT or SIGTERM; returns the exit code (130 or 143)."""
        signal.signal(signal.SIGINT, self._on_signal)
        signal.signal(signal.SIGTERM, self._on_signal)
        for child in self.children.values():
            self._launch(child)
        while True:
            try:
                self._handle(self.events.get(timeout=0.1))
            except queue.Empty:
                pass
            now = self.clock()
            if self._stopping_since is None:
                for name, child in self.children.items():
                    if child.restart_at is not None and now >= child.restart_at:
                        self._say(f"正在重启 {name}（第 {child.restarts + 1} 次）；restarting {name} (restart {child.restarts + 1})")
                        child.restarts += 1
                        self._launch(child)
            elif not any(child.running for child in self.children.values()):
                return self.returncode
            elif not self._killed and now - self._stopping_since > KILL_WAIT_SECONDS:
                self._killed = True
                for name, child in self.children.items():
                    if child.running and child.pid is not None:
                        self._say(f"{name} 未在 {KILL_WAIT_SECONDS:g} 秒内退出，发送 SIGKILL；{name} did not stop, sending SIGKILL")
                        self._processes.kill(child.pid)

    def stop(self, returncode: int = 0) -> None:
        if self._stopping_since is not None:
            return
        self._stopping_since = self.clock()
        self.returncode = returncode
        for name, child in self.children.items():
            child.restart_at = None
            if child.running and child.pid is not None:
                self._say(f"停止 {name}（SIGTERM，pid {child.pid}）；stopping {name} (SIGTERM to pid {child.pid})")
                self._processes.terminate(child.pid)

    def _on_signal(self, signum: int, frame) -> None:
        name = signal.Signals(signum).name
        self._say(f"收到 {name}，停止全部进程；{name} received, stopping everything")
        self.stop(SIGNAL_RETURN_CODES.get(signum, 1))

    def _launch(self, child: Child) -> None:
        child.restart_at, child.pid, child.running = None, None, True
        child.started_at = self.clock()
        child.runner = multiprocessing.Process(name=child.process.name, target=child.process.run, args=(self.events, True))
        child.runner.start()

    def _handle(self, message: Message) -> None:
        child = self.children[message.name]
        if message.type == "line":
            self.printer.write(message)
        elif message.type == "start":
            child.pid = message.data["pid"]
            self._say(f"{message.name} 已启动（pid {child.pid}）；{message.name} started (pid={child.pid})")
            if self._stopping_since is not None:  # started while everything stops
                self._processes.terminate(child.pid)
        elif message.type == "stop":
            child.running, child.pid = False, None
            if child.runner is not None:
                child.runner.join(timeout=5)
            code = message.data["returncode"]
            if self._stopping_since is not None:
                self._say(f"{message.name} 已停止（返回码 {code}）；{message.name} stopped (rc={code})")
                return
            child.delay = self.backoff.delay(child.delay, self.clock() - child.started_at)
            child.restart_at = self.clock() + child.delay
            self._say(f"{message.name} 意外退出（返回码 {code}），{child.delay:g} 秒后重启；"
                      f"{message.name} exited (rc={code}), restarting in {child.delay:g} s")

    def _say(self, text: str) -> None:
        self.printer.write(Message(type="line", data=text + "\n", time=datetime.now(), name=SYSTEM, colour=None))
