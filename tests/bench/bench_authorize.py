"""Authorization round trip under load: N booths dial at the same instant, several rounds.

Measured inside the simulator (so it is what the dialplan waits): from the CallshopAuthorize
UserEvent being written to the moment CALLSHOP_AUTH is set on the channel. The dialplan
refuses after 3 s, so the p99 must stay far below that.

    .venv/bin/python tests/bench/bench_authorize.py [--booths 50] [--rounds 5]
        [--policy-delay-ms 0] [--workers 8]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from callshop_pos.pbx.engine import PbxEngine
from callshop_pos.pbx.memory_policy import InMemoryPolicy
from callshop_pos.pbx.policy import Decision
from callshop_pos.pbx.simulator import AsteriskSimulator, CallScript, Channel


class SlowPolicy(InMemoryPolicy):
    """Adds a fixed delay to authorize(), like a database round trip."""

    def __init__(self, booths: list[str], delay: float) -> None:
        super().__init__(booths, rates={"": Decimal("0.10")})
        self.delay = delay

    def authorize(self, login: str, number: str, at: float) -> Decision:
        if self.delay:
            time.sleep(self.delay)
        return super().authorize(login, number, at)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--booths", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--policy-delay-ms", type=float, default=0.0)
    ap.add_argument("--workers", type=int, default=8)
    args = ap.parse_args()

    booths = [f"booth{i}" for i in range(1, args.booths + 1)]
    sim = AsteriskSimulator(users={"callshop": "bench"}, speed=1.0)
    sim.start()
    asked: dict[str, float] = {}
    answered: dict[str, float] = {}
    lock = threading.Lock()
    user_event, setvar = sim._user_event, sim._setvar

    def timed_user_event(c: Channel, name: str, pairs: list[tuple[str, str]]) -> None:
        user_event(c, name, pairs)  # written to the socket buffer here
        if name == "CallshopAuthorize":
            with lock:
                asked[c.uniqueid] = time.perf_counter()

    def timed_setvar(c: Channel, variable: str, value: str) -> None:
        setvar(c, variable, value)
        if variable == "CALLSHOP_AUTH":
            with lock:
                answered.setdefault(c.uniqueid, time.perf_counter())

    sim._user_event = timed_user_event  # type: ignore[method-assign]
    sim._setvar = timed_setvar  # type: ignore[method-assign]

    policy = SlowPolicy(booths, args.policy_delay_ms / 1000)
    for booth in booths:
        policy.open_booth(booth, Decimal(100))
    ready = threading.Event()

    class Listener:
        def pbx_state(self, *a: object) -> None: ...
        def live_call(self, *a: object) -> None: ...
        def call_recorded(self, *a: object) -> None: ...
        def registration(self, *a: object) -> None: ...

        def log(self, line: str) -> None:
            if line.startswith("PBX resync:"):
                ready.set()

    engine = PbxEngine(f"ami://callshop:bench@127.0.0.1:{sim.port}", policy, Listener(),
                       auth_workers=args.workers)
    engine.start()
    if not ready.wait(10):
        raise SystemExit("engine did not connect")

    async def burst() -> list[str]:
        script = CallScript(answer_after=0.3, outcome="busy")
        return [await sim._start_booth_call(b, "4930123456", script) for b in booths]

    uids: list[str] = []
    started = time.perf_counter()
    for _ in range(args.rounds):
        uids += sim._call(burst()).result(10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not all(u in answered for u in uids):
            time.sleep(0.01)
        while sim.channel_names():  # let the round's calls end before the next burst
            time.sleep(0.02)
    elapsed = time.perf_counter() - started
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(policy.records) < len(uids):
        time.sleep(0.02)  # the last round's events may still be on their way
    engine.stop()
    sim.stop()

    rtt = [(answered[u] - asked[u]) * 1000 for u in uids if u in answered and u in asked]
    missing = len(uids) - len(rtt)
    print(f"{args.booths} booths x {args.rounds} rounds, policy delay "
          f"{args.policy_delay_ms:g} ms, {args.workers} workers: {len(rtt)} authorizations "
          f"in {elapsed:.1f} s, {missing} not answered")
    if rtt:
        print(f"  authorize round trip (UserEvent -> CALLSHOP_AUTH): "
              f"p50 {statistics.median(rtt):.1f} ms  p99 {percentile(rtt, 0.99):.1f} ms  "
              f"max {max(rtt):.1f} ms")
    print(f"  billed calls: {len(policy.records)}")


if __name__ == "__main__":
    main()
