"""``quote NUMBER`` and ``calls list`` read a SQLite file at the schema head with ``sqlite3``
alone (db/sqlite_read.py) and everything else through SQLAlchemy (db/core_read.py): the two
paths print the same bytes for every kind of row, and the fast path steps aside whenever the
file needs the engine (new, older, not SQLite, unreadable)."""

from __future__ import annotations

import contextlib
import io
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from callshop_pos.cli import cmd_calls, cmd_quote
from callshop_pos.cli.main import build_parser, main
from callshop_pos.db.core_read import CoreReader
from callshop_pos.db.engine import open_database
from callshop_pos.db.migrations import HEAD
from callshop_pos.db.models import Account, Call, Rate, Tariff
from callshop_pos.db.query import Reader
from callshop_pos.db.sqlite_read import open_read
from tests.core.shop import build_shop

DAY = datetime(2025, 3, 4, tzinfo=UTC)
NOW = datetime(2025, 6, 1, 12, 30, tzinfo=UTC)


def fill(url_or_path: str | Path) -> None:
    """A shop whose calls and rates cover every column the two commands read."""
    db = build_shop(url_or_path)
    with db.session() as s:
        booths = s.scalars(select(Account).order_by(Account.id)).all()
        edges = [
            DAY,  # the first instant of the day
            DAY + timedelta(microseconds=1),
            DAY + timedelta(hours=11, minutes=59, seconds=59, microseconds=999_999),
            DAY + timedelta(hours=23, minutes=59, seconds=59, microseconds=999_999),  # last
            DAY + timedelta(days=1),  # the next day's first instant
            DAY - timedelta(microseconds=1),  # the day before's last
        ]
        for n, at in enumerate(edges * 3):
            booth = booths[n % len(booths)]
            answered = n % 4 != 1
            refused = n % 7 == 3
            s.add(
                Call(
                    # the booth deleted (or a walk-in's unknown endpoint): no account
                    account_id=None if n % 5 == 2 else booth.id,
                    booth_uniqueid=f"u{n}",
                    endpoint=f"ep{n % 3}" if n % 5 == 2 else booth.voip_login,
                    number=f"+4930{n:07d}" if n % 2 else f"004915{n:06d}",
                    prefix=None if refused else ("4915" if n % 2 == 0 else "49"),
                    area_name=None if refused else "Germany «Mobile»",
                    started_at=at,
                    answered_at=at + timedelta(seconds=3, microseconds=7 * n) if answered else None,
                    billable_seconds=n * 13 if answered else 0,
                    disposition="refused" if refused else ("answered" if answered else "no answer"),
                    refusal_reason="forbidden" if refused else None,
                    cost=Decimal("0.123456") * n if answered and not refused else Decimal(0),
                )
            )
        big = Tariff(
            name="Six",
            currency="USD",
            connect_fee=Decimal("0.012345"),
            free_seconds=3,
            grace_period=5,
            post_call_surcharge=Decimal("0.185"),
            precision=4,
            round_up=True,
        )
        s.add(big)
        s.flush()
        for prefix, price, extra in (
            ("49", "0.100001", {}),
            ("4930", "0.034567", {"interval_1": 30, "interval_n": 6, "grace_enabled": True}),
            ("493012", "0.5", {"expiration": NOW - timedelta(microseconds=1)}),  # expired
            ("4915", "0.3", {"forbidden": True}),
            ("7", "0.000001", {"activation": NOW + timedelta(microseconds=1)}),  # not yet
            ("7", "0.2", {}),
        ):
            values = {"interval_1": 60, "interval_n": 60, "activation": NOW - timedelta(days=9)}
            values.update(extra)
            s.add(
                Rate(
                    tariff_id=big.id,
                    prefix=prefix,
                    area_name=f"Area {prefix} ünïcode",
                    price_1=Decimal(price),
                    price_n=Decimal(price) * 2,
                    **values,
                )
            )
    db.dispose()


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("paths") / "shop.db"
    fill(path)
    return path


@contextlib.contextmanager
def both(path: Path) -> Iterator[tuple[Reader, Reader]]:
    """The SQLite reader (the fast path) and SQLAlchemy's, on the same file."""
    fast = open_read(path)
    assert fast is not None, "a file at the schema head takes the fast path"
    db = open_database(path)
    try:
        with fast, db.engine.connect() as conn:
            yield fast, CoreReader(conn)
    finally:
        db.dispose()


def printed(run, reader: Reader, argv: list[str]) -> tuple[str, object]:
    args = build_parser(argv[0]).parse_args(argv)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = run(reader, args)
    return out.getvalue(), code


LISTINGS = [
    [],
    ["--from", "2025-03-04", "--to", "2025-03-04"],
    ["--from", "2025-03-04"],
    ["--to", "2025-03-03"],
    ["--from", "2025-03-04T11:59:59.999999", "--to", "2025-03-04T23:59:59.999999"],
    ["--from", "2025-03-04T12:00+02:00", "--to", "2025-03-05T00:00:00.000001Z"],
    ["--booth", "Booth 2"],
    ["--booth", "booth1", "--from", "2025-03-04", "--to", "2025-03-04"],
    ["--limit", "4"],
    ["--limit", "3", "--to", "2025-03-04T12:00"],
    ["--limit", "1000", "--booth", "Walk-in"],
]


@pytest.mark.parametrize("fmt", [[], ["--json"]], ids=["text", "json"])
def test_calls_list_prints_the_same_bytes_on_both_paths(shop, fmt) -> None:
    with both(shop) as (fast, core):
        for options in LISTINGS:
            argv = ["calls", "list", *options, *fmt]
            got = printed(cmd_calls.print_calls, fast, argv)
            assert got == printed(cmd_calls.print_calls, core, argv), options
            assert got[0].count("\n") >= 1 + (not fmt), options
        every = printed(cmd_calls.print_calls, fast, ["calls", "list", "--json"])[0]
    # the rows really cover the cases: no account, not answered, refused, 6 decimals, µs
    assert '"answered_at": null' in every and '"refusal_reason": "forbidden"' in every
    assert '"booth": "ep2"' in every and '"cost": "0.246912"' in every
    assert '"started_at": "2025-03-04T23:59:59.999999+00:00"' in every


def test_a_booth_unknown_is_the_same_refusal_on_both_paths(shop) -> None:
    with both(shop) as readers:
        for reader in readers:
            with pytest.raises(cmd_calls.CliError, match="no booth named 'Nobody'"):
                printed(cmd_calls.print_calls, reader, ["calls", "list", "--booth", "Nobody"])


def quote_now(reader: Reader, args) -> int | None:
    return cmd_quote._one_number(reader, args, NOW)


QUOTES = [
    ["4930123456"],
    ["004930123456", "--seconds", "4"],
    ["+493012345", "--seconds", "95", "--balance", "2.5"],
    ["0301234", "--balance", "0.000001"],  # national: the country code is added
    ["4915123", "--balance", "3"],  # forbidden
    ["7495", "--seconds", "3601", "--balance", "1000"],
    ["8821"],  # no rate
    ["491"],
]


@pytest.mark.parametrize("fmt", [[], ["--json"]], ids=["text", "json"])
def test_quote_prints_the_same_bytes_on_both_paths(shop, fmt) -> None:
    at = ["--at", NOW.isoformat()]
    with both(shop) as (fast, core):
        for options in QUOTES:
            argv = ["quote", *options, "--tariff", "Six", *at, *fmt]
            got = printed(quote_now, fast, argv)
            assert got == printed(quote_now, core, argv), options
            assert got[1] in (0, 3) and got[0]


def test_quote_with_no_such_tariff_is_the_same_refusal_on_both_paths(shop) -> None:
    with both(shop) as readers:
        for reader in readers:
            with pytest.raises(cmd_quote.CliError, match="no tariff named 'Nope'"):
                printed(quote_now, reader, ["quote", "4930", "--tariff", "Nope"])


def test_without_a_preferences_row_both_readers_leave_it_to_the_general_path(
    shop, tmp_path
) -> None:
    copy = tmp_path / "shop.db"
    shutil.copyfile(shop, copy)
    with sqlite3.connect(copy) as raw:
        raw.execute("DELETE FROM preferences")
    argv = ["quote", "4930123", "--tariff", "Six"]
    with both(copy) as (fast, core):
        for reader in (fast, core):
            assert printed(quote_now, reader, argv) == ("", None)


# --- when the fast path is taken, and when it steps aside ---------------------------------


def fast_path_used(monkeypatch, argv: list[str]) -> tuple[bool, int]:
    """Run ``argv`` through main(): whether the SQLite reader was used, and the exit code."""
    from callshop_pos.db import sqlite_read

    used: list[object] = []
    real = sqlite_read.open_read

    def spy(target):
        found = real(target)
        used.append(found)
        return found

    monkeypatch.setattr(sqlite_read, "open_read", spy)
    code = main(argv)
    assert len(used) == 1
    return used[0] is not None, code


def test_the_commands_take_the_fast_path_on_a_file_at_head(shop, monkeypatch, capsys) -> None:
    assert fast_path_used(monkeypatch, ["--db", str(shop), "calls", "list", "--limit", "2"])[0]
    url = f"sqlite:///{shop}"
    assert fast_path_used(monkeypatch, ["--db", url, "quote", "4930", "--tariff", "Six"])[0]
    capsys.readouterr()


def test_a_missing_file_is_created_as_before(tmp_path, monkeypatch, capsys) -> None:
    path = tmp_path / "new.db"
    assert fast_path_used(monkeypatch, ["--db", str(path), "calls", "list"]) == (False, 0)
    assert capsys.readouterr().out.startswith("booth")
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
    assert open_read(path) is not None  # and now it is at head


@pytest.mark.real_migrations
def test_a_file_at_an_older_revision_is_upgraded_with_a_backup(tmp_path, monkeypatch) -> None:
    from alembic import command

    from callshop_pos.db.engine import alembic_config, make_engine

    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    command.upgrade(alembic_config(engine), "0012")
    engine.dispose()
    assert open_read(path) is None
    assert fast_path_used(monkeypatch, ["--db", str(path), "calls", "list"]) == (False, 0)
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]
    assert list(tmp_path.glob("old.*.bak"))


def test_an_empty_file_and_a_file_without_wal_are_left_to_the_engine(shop, tmp_path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    assert open_read(empty) is None
    copy = tmp_path / "rollback.db"
    shutil.copyfile(shop, copy)
    with sqlite3.connect(copy) as raw:
        raw.execute("PRAGMA journal_mode=DELETE")
    assert open_read(copy) is None
    assert open_read(tmp_path / "absent.db") is None and not (tmp_path / "absent.db").exists()


@pytest.mark.parametrize(
    "target",
    [
        "postgresql+psycopg://u@localhost/shop",
        "sqlite://",
        "sqlite:///:memory:",
        "sqlite:///shop.db?mode=ro",
        "sqlite+pysqlite:///shop.db",
        "sqlite:///sh%6Fp.db",
    ],
)
def test_other_urls_are_left_to_the_engine(target) -> None:
    assert open_read(target) is None


def one_line_error(argv: list[str], capsys) -> tuple[int, str]:
    code = main(argv)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("callshop-pos: error: ")
    return code, err


@pytest.mark.parametrize("command", [["calls", "list"], ["quote", "49", "--tariff", "Six"]])
def test_a_corrupt_file_gives_the_engines_one_line(tmp_path, monkeypatch, capsys, command):
    path = tmp_path / "bad.db"
    path.write_bytes(b"this is not a database, just some bytes" * 200)
    assert open_read(path) is None
    monkeypatch.setattr("callshop_pos.db.sqlite_read.open_read", lambda _target: None)
    before = one_line_error(["--db", str(path), *command], capsys)
    monkeypatch.undo()
    assert one_line_error(["--db", str(path), *command], capsys) == before
    assert "file is not a database" in before[1] and before[0] == 1


def test_a_locked_file_gives_the_engines_one_line(shop, tmp_path, monkeypatch, capsys) -> None:
    from callshop_pos.db import engine as engine_module

    copy = tmp_path / "locked.db"
    shutil.copyfile(shop, copy)
    holder = sqlite3.connect(copy)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")  # nobody else may read it, not even in WAL mode
    try:
        assert open_read(copy) is None
        # the engine's own wait, shortened (its 5-10 s are the same either way)
        real = engine_module.make_engine

        def quick(url: str):
            engine = real(url)
            from sqlalchemy import event

            def no_wait(dbapi, _record) -> None:
                dbapi.execute("PRAGMA busy_timeout=0")

            event.listen(engine, "connect", no_wait, insert=True)

            return engine

        monkeypatch.setattr(engine_module, "make_engine", quick)
        code, err = one_line_error(["--db", str(copy), "calls", "list"], capsys)
    finally:
        holder.close()
    assert code == 1 and "database is locked" in err


def test_the_fast_path_tightens_an_old_files_mode_as_the_engine_does(shop, tmp_path) -> None:
    copy = tmp_path / "open.db"
    shutil.copyfile(shop, copy)
    copy.chmod(0o644)
    reader = open_read(copy)
    assert reader is not None
    with reader:
        pass
    assert copy.stat().st_mode & 0o777 == 0o600


def test_the_fast_path_never_writes(shop, tmp_path) -> None:
    copy = tmp_path / "ro.db"
    shutil.copyfile(shop, copy)
    reader = open_read(copy)
    assert reader is not None
    with reader, pytest.raises(sqlite3.OperationalError, match="readonly"):
        reader.conn.execute("DELETE FROM calls")


# --- PostgreSQL: the same queries through SQLAlchemy print what SQLite's reader prints ------


@pytest.fixture
def pg_url(pg_cluster) -> Iterator[str]:
    url = pg_cluster.new_database(migrated=True)
    try:
        yield url
    finally:
        pg_cluster.drop_database(url)


@pytest.mark.postgres
def test_postgresql_prints_what_the_sqlite_fast_path_prints(
    shop, pg_url, capsys, monkeypatch
) -> None:
    migrated_db_url = pg_url
    fill(migrated_db_url)
    checks = [["calls", "list", *o, *f] for o in LISTINGS for f in ([], ["--json"])]
    checks += [["quote", *o, "--tariff", "Six", "--at", NOW.isoformat()] for o in QUOTES]
    for argv in checks:
        assert fast_path_used(monkeypatch, ["--db", str(shop), *argv])[0]
        monkeypatch.undo()
        expected = capsys.readouterr().out
        assert not fast_path_used(monkeypatch, ["--db", migrated_db_url, *argv])[0]
        monkeypatch.undo()
        assert capsys.readouterr().out == expected, argv


def test_a_counter_writing_meanwhile_does_not_stop_the_fast_path(shop, tmp_path) -> None:
    # WAL: another counter's open write transaction neither blocks the read nor shows in it
    copy = tmp_path / "busy.db"
    shutil.copyfile(shop, copy)
    argv = ["calls", "list", "--json"]
    with both(copy) as (fast, _core):
        expected = printed(cmd_calls.print_calls, fast, argv)
    writer = sqlite3.connect(copy)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE calls SET cost = cost + 1000000")
        reader = open_read(copy)
        assert reader is not None
        with reader:
            assert printed(cmd_calls.print_calls, reader, argv) == expected
    finally:
        writer.rollback()
        writer.close()
