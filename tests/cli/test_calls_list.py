"""``calls list`` at the size of a real shop: --from/--to/--limit done by the SQL query, rows
streamed in batches, oldest first; bad arguments refused in one line."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from callshop_pos.cli import cmd_calls
from callshop_pos.cli.main import main
from callshop_pos.db.models import Account, Call
from tests.core.shop import build_shop

START = datetime(2025, 3, 1, tzinfo=UTC)
HOURS = 24 * 10  # one call an hour for ten days, booths taking turns


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("calls") / "shop.db"
    db = build_shop(path)
    with db.session() as s:
        booths = s.scalars(select(Account).order_by(Account.id)).all()
        for hour in range(HOURS):
            booth = booths[hour % len(booths)]
            s.add(
                Call(
                    account_id=booth.id,
                    booth_uniqueid=f"u{hour}",
                    endpoint=booth.voip_login,
                    number=f"49301{hour:05d}",
                    prefix="49",
                    area_name="Germany",
                    started_at=START + timedelta(hours=hour),
                    answered_at=START + timedelta(hours=hour, seconds=5),
                    billable_seconds=60,
                    disposition="answered",
                    cost=Decimal("0.10"),
                )
            )
    db.dispose()
    return path


def listed(capsys, shop: Path, *argv: str) -> list[dict]:
    assert main(["--db", str(shop), "calls", "list", "--json", *argv]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def started(rows: list[dict]) -> list[datetime]:
    return [datetime.fromisoformat(r["started_at"]) for r in rows]


def test_everything_oldest_first(shop, capsys) -> None:
    rows = listed(capsys, shop)
    assert len(rows) == HOURS
    assert started(rows) == sorted(started(rows))
    assert rows[0]["number"] == "4930100000" and rows[0]["cost"] == "0.1"


def test_a_day_is_the_whole_utc_day(shop, capsys) -> None:
    rows = listed(capsys, shop, "--from", "2025-03-04", "--to", "2025-03-04")
    assert len(rows) == 24
    assert {t.date().isoformat() for t in started(rows)} == {"2025-03-04"}


def test_from_alone_and_to_alone(shop, capsys) -> None:
    assert len(listed(capsys, shop, "--from", "2025-03-09")) == 48
    assert len(listed(capsys, shop, "--to", "2025-03-01")) == 24


def test_times_bound_to_the_instant(shop, capsys) -> None:
    rows = listed(capsys, shop, "--from", "2025-03-02T10:00", "--to", "2025-03-02T13:00")
    assert [t.hour for t in started(rows)] == [10, 11, 12]  # up to 13:00, not including it
    rows = listed(capsys, shop, "--from", "2025-03-02T12:00+02:00", "--to", "2025-03-02T12:00Z")
    assert [t.hour for t in started(rows)] == [10, 11]  # offsets are converted to UTC


def test_limit_is_the_last_n_of_the_period_still_oldest_first(shop, capsys) -> None:
    rows = listed(capsys, shop, "--limit", "5")
    assert [r["number"] for r in rows] == [f"49301{h:05d}" for h in range(HOURS - 5, HOURS)]
    rows = listed(capsys, shop, "--to", "2025-03-01", "--limit", "3")
    assert [t.hour for t in started(rows)] == [21, 22, 23]


def test_booth_and_period_together(shop, capsys) -> None:
    with sqlite3.connect(shop) as raw:
        (accounts,) = raw.execute("SELECT count(*) FROM accounts").fetchone()
    day = ("--from", "2025-03-01", "--to", "2025-03-01")
    rows = listed(capsys, shop, "--booth", "Booth 1", *day)
    assert len(rows) == len(range(0, 24, accounts)) and {r["booth"] for r in rows} == {"Booth 1"}


def test_text_listing_prints_every_row(shop, capsys) -> None:
    assert (
        main(["--db", str(shop), "calls", "list", "--from", "2025-03-05", "--to", "2025-03-05"])
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("booth") and len(lines) == 25
    assert "2025-03-05 00:00:05" in lines[1]


class _Cursor:
    """A sqlite3 cursor that notes the size of every fetch."""

    def __init__(self, cursor: sqlite3.Cursor, sizes: list[int]) -> None:
        self._cursor, self._sizes = cursor, sizes

    def __getattr__(self, name: str):
        return getattr(self._cursor, name)

    def __setattr__(self, name: str, value) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            setattr(self._cursor, name, value)

    def fetchmany(self, *size: int) -> list:
        rows = self._cursor.fetchmany(*size)
        self._sizes.append(len(rows))
        return rows


class _Connection:
    def __init__(self, conn: sqlite3.Connection, sizes: list[int]) -> None:
        self._conn, self._sizes = conn, sizes

    def execute(self, *args):
        return _Cursor(self._conn.execute(*args), self._sizes)

    def close(self) -> None:
        self._conn.close()


def test_rows_are_fetched_in_batches_by_sqlites_reader(shop, capsys, monkeypatch) -> None:
    # The listing streams: a year never sits in memory, only a batch of it.
    from callshop_pos.db import sqlite_read

    sizes: list[int] = []
    real = sqlite_read.open_read

    def watched(target):
        reader = real(target)
        assert reader is not None
        reader.conn = _Connection(reader.conn, sizes)  # type: ignore[assignment]
        return reader

    monkeypatch.setattr(sqlite_read, "open_read", watched)
    monkeypatch.setattr(cmd_calls, "BATCH", 7)
    assert len(listed(capsys, shop)) == HOURS
    assert sizes == [7] * (HOURS // 7) + [HOURS % 7, 0]


def test_rows_are_fetched_in_batches_by_sqlalchemys_reader(shop, capsys, monkeypatch) -> None:
    from sqlalchemy import event

    from callshop_pos.db import engine as engine_module
    from callshop_pos.db import sqlite_read

    seen: list[dict] = []
    real = engine_module.make_engine

    def watched(url: str):
        engine = real(url)
        event.listen(
            engine,
            "before_cursor_execute",
            lambda *args: seen.append(dict(args[4].execution_options)),  # the context's
        )
        return engine

    monkeypatch.setattr(sqlite_read, "open_read", lambda _target: None)  # the engine's path
    monkeypatch.setattr(engine_module, "make_engine", watched)
    monkeypatch.setattr(cmd_calls, "BATCH", 7)
    assert len(listed(capsys, shop)) == HOURS
    assert seen and seen[-1].get("yield_per") == 7


def plan_of(shop: Path, query, params: dict) -> list:
    """SQLite's plan for ``query`` with ``params`` bound as the fast path binds them."""
    from callshop_pos.db.codecs import ENCODE

    codecs = dict(query.params)
    bound = {k: ENCODE[codecs[k]](v) if ENCODE[codecs[k]] else v for k, v in params.items()}
    with sqlite3.connect(shop) as raw:
        return raw.execute(f"EXPLAIN QUERY PLAN {query.sql}", bound).fetchall()


def test_the_period_uses_the_started_at_index(shop) -> None:
    since = cmd_calls._bound("2025-03-04")
    plan = plan_of(shop, *cmd_calls.list_query(None, since, since))
    assert any("ix_calls_started_at" in str(row) for row in plan), plan
    plan = plan_of(shop, *cmd_calls.list_query(None, since, since, limit=5))
    assert any("ix_calls_started_at" in str(row) for row in plan), plan


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--from", "yesterday"], "argument --from: not a date (YYYY-MM-DD) or time"),
        (["--to", "2025-13-01"], "argument --to: not a date (YYYY-MM-DD) or time"),
        (["--from", "2025-03-05", "--to", "2025-03-04"], "--from must be before --to"),
        (["--limit", "0"], "argument --limit: must be a whole number from 1, not '0'"),
        (["--limit", "-3"], "argument --limit: must be a whole number from 1"),
        (["--limit", "many"], "argument --limit: must be a whole number from 1"),
        (["--booth", "Nobody"], "no booth named 'Nobody'"),
    ],
)
def test_bad_arguments_are_one_line(shop, capsys, argv, message) -> None:
    try:  # argparse refuses by exiting, the command by its exit status
        code = main(["--db", str(shop), "calls", "list", *argv])
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("callshop-pos: error: ") and message in err
