"""The month of traffic the agreement tests read (``month_db``).

Making it takes minutes of one core (about 20,000 calls through the real billing path), so
it is not made when the first month test asks for it: when these tests are among the
collected ones, a child process (``tests.month.traffic``, at a lower priority) starts making
it right after collection, and the month tests are moved to the end of the run. The rest of
the suite runs meanwhile on the other core; the fixture then waits for the child."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from callshop_pos.db.engine import Database, open_database

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
WAIT = 40 * 60  # seconds: far beyond the few minutes it takes


class _Month:
    folder: Path | None = None
    child: subprocess.Popen[bytes] | None = None

    @property
    def path(self) -> Path:
        assert self.folder is not None
        return self.folder / "month.db"

    @property
    def log(self) -> Path:
        assert self.folder is not None
        return self.folder / "month.log"


MONTH = _Month()


def _is_month(item: pytest.Item) -> bool:
    return HERE in Path(str(item.path)).parents


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    month = [item for item in items if _is_month(item)]
    if month:
        items[:] = [item for item in items if not _is_month(item)] + month


def pytest_collection_finish(session: pytest.Session) -> None:
    if MONTH.child is not None or not any(_is_month(item) for item in session.items):
        return
    MONTH.folder = Path(tempfile.mkdtemp(prefix="callshop-month-"))
    with MONTH.log.open("wb") as log:
        MONTH.child = subprocess.Popen(
            [sys.executable, "-m", "tests.month.traffic", str(MONTH.path)],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            preexec_fn=lambda: os.nice(5),  # the tests that run meanwhile come first
        )


def pytest_sessionfinish(session: pytest.Session) -> None:
    if MONTH.child is not None and MONTH.child.poll() is None:
        MONTH.child.kill()
        MONTH.child.wait()
    if MONTH.folder is not None:
        shutil.rmtree(MONTH.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def month_db() -> Iterator[Database]:
    child = MONTH.child
    assert child is not None, "the month's child process was not started at collection"
    try:
        code = child.wait(WAIT)
    except subprocess.TimeoutExpired:
        child.kill()
        pytest.fail(f"the month of traffic took longer than {WAIT} s", pytrace=False)
    output = MONTH.log.read_text(errors="replace")
    if code != 0:
        pytest.fail(f"demo history failed ({code}):\n{output[-3000:]}", pytrace=False)
    print(output.rsplit("\r", 1)[-1])  # the command's summary (shown with -s)
    db = open_database(MONTH.path, upgrade=False)
    yield db
    db.dispose()
