"""AMI parser throughput on the recorded Asterisk traffic, against a naive split parser's floor.

Run: ``python tests/bench/bench_ami_parser.py [--runs N]``. Not collected by pytest.

Every recording of tests/data/ami is fed to :class:`AmiParser` as it was received (and again
re-cut into 4 KiB chunks), and counted in **messages**: the banner line each connection
starts with is not a message and is not counted. The floor is the simplest streaming parser
that still gives each message a dict of its headers: find the blank line, decode, split the
lines at ``": "`` into a dict (no repeated headers, no case-insensitive names, no ``Follows``
bodies, no size limit, no bad-byte care). Both parse the same bytes in the same run,
interleaved, and the median of ``--runs`` runs (each a fixed number of passes) is printed with
the ratio to the floor. Time is the process's CPU time: the machine is shared, and wall time
would charge other processes' work to whichever parser was running.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from callshop_pos.pbx.protocol import AmiParser, Banner
from callshop_pos.pbx.recording import read_recording

AMI_DIR = Path(__file__).resolve().parents[1] / "data" / "ami"
FRAME_END = b"\r\n\r\n"

Streams = list[list[bytes]]


def ours(streams: Streams) -> int:
    """Messages parsed by AmiParser (banners left out of the count)."""
    messages = 0
    for chunks in streams:
        parser = AmiParser()
        for chunk in chunks:
            items = parser.feed(chunk)
            messages += len(items)
            if items and items[0].__class__ is Banner:
                messages -= 1
    return messages


def naive(streams: Streams) -> int:
    """The floor: a buffer, find the frame end, decode, ``partition(": ")`` into a dict."""
    messages = 0
    for chunks in streams:
        buf = bytearray()
        banner = True
        for chunk in chunks:
            buf += chunk
            start = 0
            if banner:
                eol = buf.find(b"\r\n")
                if eol < 0:
                    continue
                start, banner = eol + 2, False
            while True:
                end = buf.find(FRAME_END, start)
                if end < 0:
                    break
                headers = {}
                for line in buf[start:end].decode("utf-8", "replace").split("\r\n"):
                    name, _, value = line.partition(": ")
                    headers[name] = value
                messages += 1
                start = end + 4
            del buf[:start]
    return messages


def timed(parse: Callable[[Streams], int], streams: Streams, passes: int) -> tuple[float, int]:
    """Messages per second over ``passes`` passes, and the messages of one pass."""
    start = time.process_time()
    for _ in range(passes):
        messages = parse(streams)
    return messages * passes / (time.process_time() - start), messages


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--runs", type=int, default=7, help="interleaved runs (median printed)")
    cli.add_argument("--passes", type=int, default=20, help="passes over the traffic per run")
    args = cli.parse_args()
    recorded = [
        [r.data for r in read_recording(p) if r.direction == "RECV"]
        for p in sorted(AMI_DIR.glob("*.ami"))
    ]
    whole = [b"".join(s) for s in recorded]
    cut = [[w[i : i + 4096] for i in range(0, len(w), 4096)] for w in whole]
    size = sum(map(len, whole))
    for label, streams in (("recorded chunks", recorded), ("4 KiB chunks", cut)):
        rates: dict[str, list[float]] = {"AmiParser": [], "naive split": []}
        counts: dict[str, int] = {}
        for _ in range(args.runs):
            for name, parse in (("AmiParser", ours), ("naive split", naive)):
                rate, counts[name] = timed(parse, streams, args.passes)
                rates[name].append(rate)
        assert counts["AmiParser"] == counts["naive split"], counts  # like for like
        ours_rate = statistics.median(rates["AmiParser"])
        floor = statistics.median(rates["naive split"])
        print(
            f"{label}: {counts['AmiParser']} messages ({size / 1e6:.2f} MB) per pass, "
            f"median of {args.runs} interleaved runs x {args.passes} passes"
        )
        megabytes = ours_rate * size / counts["AmiParser"] / 1e6
        print(f"  AmiParser   {ours_rate:>10,.0f} msg/s  {megabytes:5.1f} MB/s")
        print(f"  naive split {floor:>10,.0f} msg/s  (floor)")
        print(f"  ratio       {ours_rate / floor:10.2f}x the floor")


if __name__ == "__main__":
    main()
