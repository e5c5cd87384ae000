"""The month of traffic the agreement tests read (``month_db``).

Making it takes minutes of one core (about 20,000 calls through the real billing path), so
it is not made when the first month test asks for it: when these tests are among the
collected ones, a child process (``tests.month.traffic``, at a lower priority) starts making
it right after collection, and the month tests are moved to the end of the run. The rest of
the suite runs meanwhile; the fixture then waits for the child. On several cores (xdist)
the controller starts the one child (tests/conftest.py) and a worker waits for it
(``launch.py``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from callshop_pos.db.engine import Database, open_database
from tests.month.launch import DIR_ENV, LAUNCHER, Month, await_month

HERE = Path(__file__).parent


def _is_month(item: pytest.Item) -> bool:
    return HERE in Path(str(item.path)).parents


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    month = [item for item in items if _is_month(item)]
    if month:
        items[:] = [item for item in items if not _is_month(item)] + month


def pytest_collection_finish(session: pytest.Session) -> None:
    if hasattr(session.config, "workerinput"):
        return  # an xdist worker: the controller starts the child
    if any(_is_month(item) for item in session.items):
        LAUNCHER.start()


@pytest.fixture(scope="session")
def month_db() -> Iterator[Database]:
    folder = os.environ.get(DIR_ENV)
    assert folder, "the month's child process was not started at collection"
    month = Month(Path(folder))
    try:
        code, output = await_month(month)
    except TimeoutError as exc:
        pytest.fail(str(exc), pytrace=False)
    if code != 0:
        pytest.fail(f"demo history failed ({code}):\n{output[-3000:]}", pytrace=False)
    print(output.rsplit("\r", 1)[-1])  # the command's summary (shown with -s)
    db = open_database(month.path, upgrade=False)
    yield db
    db.dispose()
