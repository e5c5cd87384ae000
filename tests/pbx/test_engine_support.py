"""Shared pieces of the engine tests (no tests here): a recording listener, an action spy,
polling waits."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from callshop_pos.counter import LiveCallView, PbxLink
from callshop_pos.pbx.engine import PbxEngine
from callshop_pos.pbx.protocol import Message
from callshop_pos.pbx.simulator import AsteriskSimulator
from callshop_pos.pbx.tracker import CallRecord
from tests.pbx.memory_policy import InMemoryPolicy

SPEED = 20.0  # simulated seconds per wall second
SECRET = "s3cret"
PRICE = Decimal("0.60")  # per minute: one second costs 0.01


def wait_for(predicate: Callable[[], object], timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.01)
    return bool(predicate())


@dataclass
class Recorder:
    """An EngineListener that keeps everything it is told."""

    states: list[tuple[PbxLink, str]] = field(default_factory=list)
    views: list[tuple[str, LiveCallView | None]] = field(default_factory=list)
    recorded: list[tuple[str, CallRecord, bool]] = field(default_factory=list)
    registrations: list[tuple[str, bool]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def pbx_state(self, state: PbxLink, detail: str) -> None:
        with self.lock:
            self.states.append((state, detail))

    def live_call(self, login: str, call: LiveCallView | None) -> None:
        with self.lock:
            self.views.append((login, call))

    def call_recorded(self, login: str, record: CallRecord, is_new: bool) -> None:
        with self.lock:
            self.recorded.append((login, record, is_new))

    def registration(self, login: str, registered: bool) -> None:
        with self.lock:
            self.registrations.append((login, registered))

    def log(self, line: str) -> None:
        with self.lock:
            self.lines.append(line)

    def resyncs(self) -> int:
        with self.lock:
            return sum(1 for line in self.lines if line.startswith("PBX resync:"))


class ActionSpy:
    """Every action the simulator receives, in order (wraps its dispatcher)."""

    def __init__(self, sim: AsteriskSimulator) -> None:
        self.actions: list[Message] = []
        original = sim._action

        async def spy(session: object, msg: Message) -> bool:
            self.actions.append(msg)
            return await original(session, msg)  # type: ignore[arg-type]

        sim._action = spy  # type: ignore[method-assign]

    def named(self, name: str, channel: str | None = None) -> list[Message]:
        return [
            m
            for m in list(self.actions)
            if (m.get("Action") or "").lower() == name.lower()
            and (channel is None or m.get("Channel") == channel)
        ]

    def setvars(self, channel: str) -> list[tuple[str, str]]:
        return [
            (m.get("Variable") or "", m.get("Value") or "") for m in self.named("Setvar", channel)
        ]


def start_sim(**kw: object) -> AsteriskSimulator:
    options: dict[str, object] = {
        "users": {"callshop": SECRET},
        "speed": SPEED,
        "login_fail_delay": 0.2,
    }
    options.update(kw)
    sim = AsteriskSimulator(**options)  # type: ignore[arg-type]
    sim.start()
    return sim


def start_engine(
    sim: AsteriskSimulator,
    policy: InMemoryPolicy,
    secret: str = SECRET,
    backoff: float = 0.05,
    wait: bool = True,
) -> tuple[PbxEngine, Recorder]:
    listener = Recorder()
    engine = PbxEngine(
        f"ami://callshop:{secret}@127.0.0.1:{sim.port}",
        policy,
        listener,
        poll_interval=0.05,
        client_options={"backoff_initial": backoff, "backoff_max": backoff},
    )
    engine.start()
    if wait:
        assert wait_for(lambda: listener.resyncs() >= 1), listener.lines
    return engine, listener


def records_of(policy: InMemoryPolicy) -> list[CallRecord]:
    return list(policy.records.values())


def iter_views(listener: Recorder, login: str) -> Iterator[LiveCallView | None]:
    with listener.lock:
        views = list(listener.views)
    return (v for b, v in views if b == login)
