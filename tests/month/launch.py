"""Starting, awaiting and cleaning up the child process that makes the month of traffic.

Exactly one child per run makes it, started as soon as the month tests are known to be in
the run: by the test process itself (a plain run, ``pytest_collection_finish``), or, when the
suite runs on several cores (pytest-xdist), by the controller process once a worker has
collected them (the workers are told where it is by ``DIR_ENV``; the month tests may run in
any of them). The child writes its exit code beside the database when it is done; whoever
runs the month tests waits for that file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MONTH_TESTS = "tests/month/"  # the node ids' folder
DIR_ENV = "CALLSHOP_TEST_MONTH_DIR"  # the run's month folder, for xdist's workers
WAIT = 40 * 60  # seconds: far beyond the few minutes it takes


@dataclass
class Month:
    folder: Path

    @property
    def path(self) -> Path:
        return self.folder / "month.db"

    @property
    def log(self) -> Path:
        return self.folder / "month.log"

    @property
    def exit_file(self) -> Path:
        return self.folder / "month.exit"

    @property
    def pid_file(self) -> Path:
        return self.folder / "month.pid"


class Launcher:
    """The month of this run: made once, by the one process that calls :meth:`start`."""

    def __init__(self) -> None:
        self.month: Month | None = None
        self.child: subprocess.Popen[bytes] | None = None

    def prepare(self) -> Month:
        """The run's folder (made once; told to xdist's workers through ``DIR_ENV``)."""
        if self.month is None:
            self.month = Month(Path(tempfile.mkdtemp(prefix="callshop-month-")))
            os.environ[DIR_ENV] = str(self.month.folder)
        return self.month

    def start(self) -> None:
        if self.child is not None:
            return
        month = self.prepare()
        with month.log.open("wb") as log:
            self.child = subprocess.Popen(
                [sys.executable, "-m", "tests.month.traffic", str(month.path)],
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                preexec_fn=lambda: os.nice(5),  # the tests that run meanwhile come first
            )
        month.pid_file.write_text(str(self.child.pid))

    def finish(self) -> None:
        if self.child is not None and self.child.poll() is None:
            self.child.kill()
            self.child.wait()
        if self.month is not None:
            shutil.rmtree(self.month.folder, ignore_errors=True)
            os.environ.pop(DIR_ENV, None)


def await_month(month: Month, timeout: float = WAIT) -> tuple[int, str]:
    """(the child's exit code, its output) once it has ended; TimeoutError after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not month.exit_file.exists():
        if not _alive(month) and not month.exit_file.exists():
            return -1, month.log.read_text(errors="replace")  # ended without saying how
        if time.monotonic() > deadline:
            raise TimeoutError(f"the month of traffic took longer than {timeout:.0f} s")
        time.sleep(0.5)  # polling the child's own "done" file, not waiting out a race
    code = int(month.exit_file.read_text() or "1")
    return code, month.log.read_text(errors="replace")


def _alive(month: Month) -> bool:
    """The child still running (a zombie, ended but not yet reaped by its parent, is not)."""
    try:
        pid = int(month.pid_file.read_text())
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (OSError, ValueError):
        return not month.pid_file.exists()  # not started yet, or gone
    return stat.rpartition(")")[2].split()[0] != "Z"


LAUNCHER = Launcher()
