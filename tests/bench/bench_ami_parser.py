"""Parser throughput over every recording (run: python tests/bench/bench_ami_parser.py)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from callshop_pos.pbx.protocol import AmiParser
from callshop_pos.pbx.recording import read_recording

AMI_DIR = Path(__file__).resolve().parents[1] / "data" / "ami"


def main() -> None:
    streams = [
        [r.data for r in read_recording(p) if r.direction == "RECV"]
        for p in sorted(AMI_DIR.glob("*.ami"))
    ]
    total_bytes = sum(len(c) for s in streams for c in s)
    for label, rechunk in (("recorded chunks", None), ("4 KiB chunks", 4096)):
        inputs = streams
        if rechunk:
            inputs = [
                [b"".join(s)[i : i + rechunk] for i in range(0, len(b"".join(s)), rechunk)]
                for s in streams
            ]
        rounds, messages = 0, 0
        start = time.perf_counter()
        while time.perf_counter() - start < 2.0:
            for chunks in inputs:
                parser = AmiParser()
                for chunk in chunks:
                    messages += len(parser.feed(chunk))
            rounds += 1
        elapsed = time.perf_counter() - start
        print(
            f"{label:16s}: {messages / elapsed:>10,.0f} messages/s  "
            f"{total_bytes * rounds / elapsed / 1e6:6.1f} MB/s  "
            f"({rounds} passes over {len(streams)} recordings)"
        )


if __name__ == "__main__":
    main()
