"""Authorization round trip under load: N booths dial at the same instant, several rounds.

Measured inside the simulator (so it is what the dialplan waits): from the CallshopAuthorize
UserEvent being written to the moment CALLSHOP_AUTH is set on the channel. The dialplan
refuses after 3 s, so the p99 must stay far below that. The simulator runs in a process of
its own, as Asterisk would (sharing one interpreter would make the app wait for the fake
PBX's own work). ``--policy db`` decides with the real database policy on a SQLite file.

    .venv/bin/python tests/bench/bench_authorize.py [--booths 50] [--rounds 5]
        [--policy memory|db] [--policy-delay-ms 0] [--workers 8]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from callshop_pos.pbx.engine import PbxEngine
from callshop_pos.pbx.policy import Decision
from callshop_pos.pbx.protocol import Message
from callshop_pos.pbx.simulator import AsteriskSimulator, CallScript, Channel
from tests.pbx.memory_policy import InMemoryPolicy


class SlowPolicy(InMemoryPolicy):
    """Adds a fixed delay to authorize(), like a database round trip."""

    def __init__(self, booths: list[str], delay: float) -> None:
        super().__init__(booths, rates={"": Decimal("0.10")})
        self.delay = delay

    def authorize(self, login: str, number: str, at: float, uid: str = "") -> Decision:
        if self.delay:
            time.sleep(self.delay)
        return super().authorize(login, number, at)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_simulator(conn: Any, booths: list[str]) -> None:
    """The child process: a simulator with timing hooks, driven through ``conn``."""
    sim = AsteriskSimulator(users={"callshop": "bench"}, speed=1.0)
    port = sim.start()
    for booth in booths:
        sim.set_booth_open(booth)
    asked: dict[str, float] = {}
    answered: dict[str, float] = {}
    user_event, setvar = sim._user_event, sim._setvar

    def timed_user_event(c: Channel, name: str, pairs: list[tuple[str, str]]) -> None:
        user_event(c, name, pairs)  # written to the socket buffer here
        if name == "CallshopAuthorize":
            asked[c.uniqueid] = time.perf_counter()

    def timed_setvar(c: Channel, variable: str, value: str) -> None:
        setvar(c, variable, value)
        if variable == "CALLSHOP_AUTH":
            answered.setdefault(c.uniqueid, time.perf_counter())

    sim._user_event = timed_user_event  # type: ignore[method-assign]
    sim._setvar = timed_setvar  # type: ignore[method-assign]

    async def burst() -> list[str]:
        script = CallScript(answer_after=0.3, outcome="busy")
        return [await sim._start_booth_call(b, "4930123456", script) for b in booths]

    conn.send(port)
    uids: list[str] = []
    while (command := conn.recv()) != "done":
        assert command == "burst"
        round_uids = sim._call(burst()).result(10)
        uids += round_uids
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not all(u in answered for u in round_uids):
            time.sleep(0.01)
        while sim.channel_names():  # let the round's calls end before the next burst
            time.sleep(0.02)
        conn.send("ok")
    conn.send([(answered[u] - asked[u]) * 1000 for u in uids if u in answered and u in asked])
    conn.send(len(uids))
    sim.stop()


def database_policy(booths: list[str]) -> tuple[Any, Callable[[], int]]:
    """The real policy on a SQLite file: a tariff, a route, booths started prepaid."""
    from sqlalchemy import func, select

    from callshop_pos.db.engine import open_database
    from callshop_pos.db.models import Call
    from tests.core.shop import build_shop

    folder = Path(tempfile.mkdtemp(prefix="bench-auth-"))
    db = build_shop(folder / "shop.db", booths=len(booths))
    from callshop_pos.counter import BoothMode
    from callshop_pos.services import sessions
    from callshop_pos.services.pbx_policy import DatabasePolicy

    with db.session() as s:
        for login in booths:
            account = sessions.account_by_name(s, login)
            sessions.start(s, account, BoothMode.PREPAID, Decimal(100))
    db = open_database(folder / "shop.db")

    def billed() -> int:
        with db.read() as s:
            return int(s.scalar(select(func.count(Call.id))) or 0)

    return DatabasePolicy(db), billed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--booths", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--policy", choices=("memory", "db"), default="memory")
    ap.add_argument("--policy-delay-ms", type=float, default=0.0)
    ap.add_argument("--workers", type=int, default=8)
    args = ap.parse_args()

    booths = [f"booth{i}" for i in range(1, args.booths + 1)]
    parent, child = mp.Pipe()
    simulator = mp.get_context("spawn").Process(target=run_simulator, args=(child, booths))
    simulator.start()
    port = parent.recv()

    if args.policy == "db":
        policy, billed = database_policy(booths)
    else:
        memory = SlowPolicy(booths, args.policy_delay_ms / 1000)
        for booth in booths:
            memory.open_booth(booth, Decimal(100))
        policy, billed = memory, lambda: len(memory.records)
    ready = threading.Event()

    class Listener:
        def pbx_state(self, *a: object) -> None: ...
        def live_call(self, *a: object) -> None: ...
        def call_recorded(self, *a: object) -> None: ...
        def registration(self, *a: object) -> None: ...

        def log(self, line: str) -> None:
            if line.startswith("PBX resync:"):
                ready.set()

    engine = PbxEngine(
        f"ami://callshop:bench@127.0.0.1:{port}", policy, Listener(), auth_workers=args.workers
    )
    # The app's own share: from reading the announce off the socket to writing the decision.
    heard: dict[str, float] = {}
    decided: dict[str, float] = {}
    on_event = engine._on_event

    def timed_on_event(msg: Message) -> None:
        if msg.get("UserEvent") == "CallshopAuthorize":
            heard.setdefault(msg.get("Uniqueid") or "", time.perf_counter())
        on_event(msg)

    engine._on_event = timed_on_event  # type: ignore[method-assign]
    engine.start()
    send_action = engine.client.send_action

    def timed_send_action(fields: Any, *a: Any, **kw: Any) -> Any:
        future = send_action(fields, *a, **kw)
        if isinstance(fields, dict) and fields.get("Variable") == "CALLSHOP_AUTH":
            decided.setdefault(str(fields.get("Channel")), time.perf_counter())
        return future

    engine.client.send_action = timed_send_action  # type: ignore[method-assign]
    if not ready.wait(10):
        raise SystemExit("engine did not connect")
    started = time.perf_counter()
    for round_no in range(1, args.rounds + 1):
        parent.send("burst")
        parent.recv()
        # the round's calls are billed before the next burst: what is measured is a burst of
        # announces, not announces racing the previous burst's 50 bills
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and billed() < round_no * len(booths):
            time.sleep(0.02)
    elapsed = time.perf_counter() - started
    parent.send("done")
    rtt = parent.recv()
    total = parent.recv()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and billed() < total:
        time.sleep(0.05)  # the last round's events may still be on their way
    engine.stop()
    simulator.join(10)

    missing = total - len(rtt)
    print(
        f"{args.booths} booths x {args.rounds} rounds, {args.policy} policy, delay "
        f"{args.policy_delay_ms:g} ms, {args.workers} workers: {len(rtt)} authorizations "
        f"in {elapsed:.1f} s, {missing} not answered"
    )
    if rtt:
        print(
            f"  authorize round trip (UserEvent -> CALLSHOP_AUTH): "
            f"p50 {statistics.median(rtt):.1f} ms  p99 {percentile(rtt, 0.99):.1f} ms  "
            f"max {max(rtt):.1f} ms"
        )
    app = [(decided[u] - heard[u]) * 1000 for u in heard if u in decided]
    if app:
        print(
            f"  app decision (announce read -> decision written): "
            f"p50 {statistics.median(app):.1f} ms  p99 {percentile(app, 0.99):.1f} ms  "
            f"max {max(app):.1f} ms"
        )
    print(f"  billed calls: {billed()}")


if __name__ == "__main__":
    main()
