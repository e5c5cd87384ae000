"""Authorization round trip under load: N booths dial at the same instant, several rounds.

Measured inside the simulator (so it is what the dialplan waits): from the CallshopAuthorize
UserEvent being written to the moment CALLSHOP_AUTH is set on the channel. The dialplan
refuses after 3 s, so the p99 must stay far below that. The simulator runs in a process of
its own, as Asterisk would (sharing one interpreter would make the app wait for the fake
PBX's own work). By default the real database policy decides, on a SQLite file.

The floor, in the same run and on the same database: the bare policy, the same burst of N
decisions (each recorded, as in the engine) called back to back in-process with no AMI: the
k-th decision of a burst is done at the sum of the first k. The batch floor: the same burst
decided at once by the bare policy's ``authorize_many`` (what the engine's authorizer calls),
every decision done when the batch is. The PBX floor: the same bursts answered by a bare
client that writes a fixed approval the moment it reads each request (no decision, no
database): the simulator's and the link's own share of the round trip, which a real Asterisk
(C, a thread per channel) would make smaller. Each size and worker count is
measured ``--runs`` times, interleaved, and the medians of the runs' p50 and p99 printed
with the ratio to the floor's, as a growth table.

    .venv/bin/python tests/bench/bench_authorize.py [--booths 10,50,100] [--runs 5]
        [--rounds 3] [--workers 1,8] [--policy db|memory] [--policy-delay-ms 0]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from callshop_pos import heap
from callshop_pos.pbx.authorizer import AuthRequest, BatchPolicy
from callshop_pos.pbx.engine import PbxEngine
from callshop_pos.pbx.policy import Decision
from callshop_pos.pbx.protocol import AmiParser, Message, encode_pairs
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
    # Asterisk has no garbage collector: a full collection over this process's start-up
    # heap stalled the simulator's loop ~30 ms once a run, the largest part of a 100-booth
    # burst's p99, and none of it the app's (callshop_pos.heap, as the app does for itself).
    heap.settle()
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
        conn.send(round_uids)
    conn.send({u: (answered[u] - asked[u]) * 1000 for u in uids if u in answered and u in asked})
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


def spawn_simulator(booths: list[str]) -> tuple[Any, Any, int]:
    """(process, pipe, AMI port) of a simulator of its own process (:func:`run_simulator`)."""
    parent, child = mp.Pipe()
    simulator = mp.get_context("spawn").Process(target=run_simulator, args=(child, booths))
    simulator.start()
    return simulator, parent, parent.recv()


def echo(port: int, ready: threading.Event, stop: threading.Event) -> None:
    """A bare AMI client: logs in (``ready`` once Asterisk says so), and answers each booth's
    request at once with a fixed approval (route, cap, CALLSHOP_AUTH; one write per read, as
    the engine writes a piece)."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.settimeout(0.1)
    login = [("Action", "Login"), ("Username", "callshop"), ("Secret", "bench")]
    sock.sendall(encode_pairs(login))
    parser = AmiParser()
    approval = [
        ("CALLSHOP_ROUTE", "PJSIP/4930123456@trunk"),
        ("CALLSHOP_CAP_MS", "60000"),
        ("CALLSHOP_AUTH", "1"),
    ]
    while not stop.is_set():
        try:
            data = sock.recv(65536)
        except TimeoutError:
            continue
        if not data:
            break
        out: list[bytes] = []
        for msg in parser.feed(data):
            if not isinstance(msg, Message):
                continue
            if msg.get("Response") == "Success":
                ready.set()
            elif msg.get("UserEvent") == "CallshopAuthorize":
                uid = msg.get("Uniqueid") or ""
                out += [
                    encode_pairs(
                        [("Action", "Setvar"), ("Channel", uid), ("Variable", v), ("Value", x)]
                    )
                    for v, x in approval
                ]
        if out:
            sock.sendall(b"".join(out))
    sock.close()


def pbx_floor(booths: list[str], rounds: int) -> list[float]:
    """Round trips (ms) of the same bursts answered by :func:`echo`: the PBX floor."""
    simulator, parent, port = spawn_simulator(booths)
    ready, stop = threading.Event(), threading.Event()
    client = threading.Thread(target=echo, args=(port, ready, stop), daemon=True)
    client.start()
    if not ready.wait(10):
        raise SystemExit("the bare client could not log in")
    warm_up: list[str] = []
    for _ in range(rounds + 1):  # a first burst, not counted, as in measure()
        parent.send("burst")
        round_uids = parent.recv()
        warm_up = warm_up or round_uids
    parent.send("done")
    rtt = [ms for uid, ms in parent.recv().items() if uid not in warm_up]
    parent.recv()
    stop.set()
    client.join(5)
    simulator.join(10)
    return rtt


@dataclass
class Run:
    rtt: list[float]  # UserEvent -> CALLSHOP_AUTH, in the simulator
    app: list[float]  # announce read -> decision written, in the app
    floor: list[float]  # the bare policy's burst, no AMI
    batch: list[float]  # the bare policy's burst decided at once (authorize_many), no AMI
    missing: int
    pbx: list[float]  # the same bursts answered at once by a bare client (the PBX floor)


class Listener:
    def __init__(self) -> None:
        self.ready = threading.Event()

    def pbx_state(self, *a: object) -> None: ...
    def live_call(self, *a: object) -> None: ...
    def call_recorded(self, *a: object) -> None: ...
    def registration(self, *a: object) -> None: ...

    def log(self, line: str) -> None:
        if line.startswith("PBX resync:"):
            self.ready.set()


def batch_floor(policy: Any, booths: list[str], tag: str) -> list[float]:
    """Completion times (ms) of a burst decided at once by the bare policy (``authorize_many``,
    what the engine's authorizer calls): every decision is done when the batch is."""
    requests = [
        AuthRequest(b, "4930123456", f"{tag}-{i}", time.time()) for i, b in enumerate(booths)
    ]
    started = time.perf_counter()
    if isinstance(policy, BatchPolicy):
        policy.authorize_many(requests)
    else:
        for r in requests:
            policy.authorize(r.login, r.number, r.at, r.uid)
    return [(time.perf_counter() - started) * 1000] * len(booths)


def floor_burst(policy: Any, booths: list[str], tag: str) -> list[float]:
    """Completion times (ms) of a burst's decisions made back to back by the bare policy."""
    done, started = [], time.perf_counter()
    for i, booth in enumerate(booths):
        policy.authorize(booth, "4930123456", time.time(), f"{tag}-{i}")
        done.append((time.perf_counter() - started) * 1000)
    return done


def measure(kind: str, n: int, workers: int, rounds: int, delay_ms: float) -> Run:
    booths = [f"booth{i}" for i in range(1, n + 1)]
    simulator, parent, port = spawn_simulator(booths)
    if kind == "db":
        policy, billed = database_policy(booths)
    else:
        memory = SlowPolicy(booths, delay_ms / 1000)
        for booth in booths:
            memory.open_booth(booth, Decimal(100))
        policy, billed = memory, lambda: len(memory.records)
    listener = Listener()
    engine = PbxEngine(
        f"ami://callshop:bench@127.0.0.1:{port}", policy, listener, auth_workers=workers
    )
    # The app's own share: from reading the announce off the socket (the reading thread
    # hands it to the authorizer there) to writing the decision.
    heard: dict[str, float] = {}
    decided: dict[str, float] = {}
    on_read = engine._on_read

    def timed_on_read(msg: Message) -> None:
        if msg.get("UserEvent") == "CallshopAuthorize":
            heard.setdefault(msg.get("Uniqueid") or "", time.perf_counter())
        on_read(msg)

    engine._on_read = timed_on_read  # type: ignore[method-assign]
    heap.settle()  # as the app's runtime does once it has started (callshop_pos.heap)
    engine.start()
    send_groups = engine.client.send_groups

    def timed_send_groups(groups: Any, *a: Any, **kw: Any) -> Any:
        sent = send_groups(groups, *a, **kw)
        now = time.perf_counter()
        for actions in groups:
            for fields in actions:
                if isinstance(fields, dict) and fields.get("Variable") == "CALLSHOP_AUTH":
                    decided.setdefault(str(fields.get("Channel")), now)
        return sent

    engine.client.send_groups = timed_send_groups  # type: ignore[method-assign]
    if not listener.ready.wait(10):
        raise SystemExit("engine did not connect")
    warm_up: list[str] = []
    for round_no in range(1, rounds + 2):  # a first burst, not counted, fills the caches
        parent.send("burst")
        round_uids = parent.recv()
        warm_up = warm_up or round_uids
        # the round's calls are billed before the next burst: what is measured is a burst of
        # announces, not announces racing the previous burst's bills
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and billed() < round_no * n:
            time.sleep(0.02)
    parent.send("done")
    rtt = [ms for uid, ms in parent.recv().items() if uid not in warm_up]
    total = parent.recv() - n
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and billed() < total + n:
        time.sleep(0.05)  # the last round's events may still be on their way
    engine.stop()
    simulator.join(10)
    floor: list[float] = []
    batch: list[float] = []
    for round_no in range(rounds):  # the same bursts, the same database, no AMI
        floor += floor_burst(policy, booths, f"floor{round_no}")
        batch += batch_floor(policy, booths, f"batch{round_no}")
    app = [(decided[u] - heard[u]) * 1000 for u in heard if u in decided and u not in warm_up]
    return Run(rtt, app, floor, batch, total - len(rtt), pbx_floor(booths, rounds))


def sizes(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--booths", type=sizes, default=[10, 50, 100])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--workers", type=sizes, default=[1, 8])
    ap.add_argument("--policy", choices=("db", "memory"), default="db")
    ap.add_argument("--policy-delay-ms", type=float, default=0.0)
    args = ap.parse_args()

    runs: dict[tuple[int, int], list[Run]] = {}
    for run_no in range(1, args.runs + 1):  # interleaved: every case once per run
        for n in args.booths:
            for workers in args.workers:
                run = measure(args.policy, n, workers, args.rounds, args.policy_delay_ms)
                runs.setdefault((n, workers), []).append(run)
                print(
                    f"run {run_no}: {n} booths, {workers} workers: "
                    f"p50 {statistics.median(run.rtt):.1f} ms p99 {percentile(run.rtt, 0.99):.1f} "
                    f"ms, floor p99 {percentile(run.floor, 0.99):.1f} ms, batch "
                    f"{percentile(run.batch, 0.99):.1f} ms, pbx floor p99 "
                    f"{percentile(run.pbx, 0.99):.1f} ms, {run.missing} missing",
                    flush=True,
                )

    def med(values: list[Run], pick: Callable[[Run], list[float]], q: float) -> float:
        return statistics.median(percentile(pick(r), q) for r in values if pick(r))

    print(
        f"\n{args.policy} policy, SQLite file, medians of {args.runs} interleaved runs of "
        f"{args.rounds} bursts each (ms); floor: the bare policy one by one; batch: the bare "
        "policy deciding the burst at once (authorize_many, as the engine's authorizer does); "
        "the workers size only the caps' pool now; pbx: the PBX floor (a bare client answering "
        "each request at once); end to end: batch p99 + pbx p99, deciding the whole burst at "
        "once plus the PBX's own share"
    )
    print(
        f"{'booths':>6} {'workers':>7} | {'rtt p50':>8} {'rtt p99':>8} | {'app p50':>8} "
        f"{'app p99':>8} | {'floor p50':>9} {'floor p99':>9} | {'p99/floor':>9} | "
        f"{'batch':>6} {'p99/batch':>9} | {'pbx p99':>7} {'p99/end to end':>14} | missing"
    )
    for (n, workers), values in sorted(runs.items()):
        rtt50, rtt99 = med(values, lambda r: r.rtt, 0.5), med(values, lambda r: r.rtt, 0.99)
        floor50, floor99 = med(values, lambda r: r.floor, 0.5), med(values, lambda r: r.floor, 0.99)
        app50, app99 = med(values, lambda r: r.app, 0.5), med(values, lambda r: r.app, 0.99)
        batch99 = med(values, lambda r: r.batch, 0.99)
        pbx99 = med(values, lambda r: r.pbx, 0.99)
        missing = sum(r.missing for r in values)
        print(
            f"{n:>6} {workers:>7} | {rtt50:>8.1f} {rtt99:>8.1f} | {app50:>8.1f} {app99:>8.1f} | "
            f"{floor50:>9.1f} {floor99:>9.1f} | {rtt99 / floor99:>8.2f}x | "
            f"{batch99:>6.1f} {rtt99 / batch99:>8.2f}x | {pbx99:>7.1f} "
            f"{rtt99 / (batch99 + pbx99):>13.2f}x | {missing}"
        )


if __name__ == "__main__":
    main()
