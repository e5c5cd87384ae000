"""``calls list`` at the size of a real shop: --from/--to/--limit done by the SQL query, rows
streamed in batches, oldest first; bad arguments refused in one line."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from callshop_pos.cli import cmd_calls
from callshop_pos.cli.main import main
from callshop_pos.db.engine import open_database
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
    import sqlite3

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


def test_rows_are_fetched_in_batches(shop, capsys, monkeypatch) -> None:
    # The listing streams: the query is run with yield_per, so a year never sits in memory.
    seen: list[dict] = []
    real = cmd_calls.list_query

    def spy(*args, **kwargs):
        query = real(*args, **kwargs)
        seen.append(
            dict(query.execution_options(yield_per=cmd_calls.BATCH).get_execution_options())
        )
        return query

    monkeypatch.setattr(cmd_calls, "list_query", spy)
    monkeypatch.setattr(cmd_calls, "BATCH", 7)
    assert len(listed(capsys, shop)) == HOURS
    assert seen and seen[0]["yield_per"] == 7


def test_the_period_uses_the_started_at_index(shop) -> None:
    db = open_database(shop)
    since = cmd_calls._bound("2025-03-04")
    query = cmd_calls.list_query(None, since, since)
    with db.engine.connect() as conn:
        compiled = query.compile(conn, compile_kwargs={"literal_binds": True})
        plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
    db.dispose()
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
