"""Helper process of test_kill.py: the first ``setup apply`` on a new file, killed.

``python -m tests.db.kill_worker FOLDER SETUP_FILE COUNT SEED`` imports the application once
and applies the set-up to a scratch file (warm-up, and the measure of how long one apply
takes); then, COUNT times, forks a child that applies the set-up to a new file
``FOLDER/try-N.db`` and sends it SIGKILL at a random moment of that span. One JSON line per
try on stdout: the file, the delay, and whether the kill landed before the child finished.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import signal
import sys
import time
from pathlib import Path

from callshop_pos.cli import main as cli_main


def apply(path: Path, setup_file: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()):
        return cli_main.main(["--db", str(path), "setup", "apply", setup_file])


def main(argv: list[str]) -> int:
    folder, setup_file, count, seed = Path(argv[0]), argv[1], int(argv[2]), int(argv[3])
    rng = random.Random(seed)
    started = time.monotonic()
    if apply(folder / "warm-up.db", setup_file) != 0:
        return 1
    span = time.monotonic() - started
    started = time.monotonic()
    apply(folder / "measure.db", setup_file)  # warm now: the span a kill must fall into
    span = min(span, time.monotonic() - started)
    for n in range(count):
        path = folder / f"try-{n}.db"
        delay = rng.uniform(0, span)
        pid = os.fork()
        if pid == 0:  # the child: a whole first apply, as `callshop-pos setup apply` does
            code = 1
            try:
                code = apply(path, setup_file)
            finally:
                os._exit(code)
        time.sleep(delay)  # the random moment of the kill, not a wait for anything
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        killed = os.WIFSIGNALED(status)
        print(
            json.dumps({"path": str(path), "delay": round(delay, 4), "killed": killed}), flush=True
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
