"""How long a half-open AMI link takes to be noticed, with the client's default settings.

A raw fake Asterisk answers Pings, then at some moment stops sending anything while keeping
the socket open (what a half-open TCP link looks like from our side). Measured: from that
moment until the client says the link is down. The moment is varied over the Ping cycle.

Run: python tests/bench/bench_half_open.py [trials]
"""

from __future__ import annotations

import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from callshop_pos.pbx.client import AmiClient, PbxLink
from tests.pbx.raw_pbx import RawPbx, answer_pings


def trial(offset: float) -> float:
    pbx = RawPbx(answer_pings)
    down = threading.Event()

    def on_state(state: PbxLink, _detail: str) -> None:
        if state is PbxLink.DISCONNECTED:
            down.set()

    client = AmiClient("127.0.0.1", pbx.port, "callshop", "x", use_md5=False, on_state=on_state)
    client.start()
    try:
        while client.state is not PbxLink.CONNECTED:
            time.sleep(0.01)
        time.sleep(offset)  # somewhere in the Ping cycle
        pbx.on_action = lambda *_: None
        silent_from = time.monotonic()
        down.wait(60)
        return time.monotonic() - silent_from
    finally:
        client.stop()
        pbx.stop()


def main() -> None:
    trials = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    offsets = [0.3 + 2.4 * i / max(1, trials - 1) for i in range(trials)]
    times = [trial(offset) for offset in offsets]
    for offset, took in zip(offsets, times, strict=True):
        print(f"silent {offset:4.1f} s after login: noticed after {took:5.2f} s")
    print(
        f"half-open link noticed after {min(times):.2f}–{max(times):.2f} s "
        f"(mean {statistics.mean(times):.2f} s)"
    )


if __name__ == "__main__":
    main()
