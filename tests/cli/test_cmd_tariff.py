"""``callshop-pos tariff create|list`` through main(), on a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from callshop_pos.cli import main as cli_main
from callshop_pos.db.engine import open_database
from callshop_pos.db.models import Tariff


@pytest.fixture(autouse=True)
def only_these_commands(monkeypatch) -> None:
    # the other command modules belong to other parts of the app
    monkeypatch.setattr(cli_main, "COMMAND_MODULES", ("tariff", "rates", "setup", "db"))


def run(db: Path, *argv: str) -> int:
    return cli_main.main(["--db", str(db), *argv])


def test_create_stores_exact_terms_and_list_shows_them(tmp_path: Path, capsys) -> None:
    db = tmp_path / "shop.db"
    code = run(
        db,
        "tariff",
        "create",
        "Street prices",
        "--currency",
        "eur",
        "--connect-fee",
        "0,05",
        "--free-seconds",
        "3",
        "--grace-period",
        "5",
        "--surcharge",
        "0.18",
        "--precision",
        "3",
        "--round-up",
        "--kind",
        "retail",
        "--average-call-duration",
        "240",
    )
    assert code == 0
    assert "created tariff 'Street prices'" in capsys.readouterr().out
    assert run(db, "tariff", "create", "Shops", "--currency", "EUR", "--kind", "wholesale") == 0
    database = open_database(db)
    try:
        with database.read() as s:
            t = s.scalar(select(Tariff).where(Tariff.name == "Street prices"))
            assert t is not None
            assert (str(t.connect_fee), t.free_seconds, t.grace_period) == ("0.05", 3, 5)
            assert (str(t.post_call_surcharge), t.precision, t.round_up) == ("0.18", 3, True)
            assert (t.currency, t.kind, t.average_call_duration) == ("EUR", "retail", 240)
    finally:
        database.dispose()

    capsys.readouterr()
    assert run(db, "tariff", "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "name",
        "currency",
        "kind",
        "rates",
        "connect",
        "fee",
        "free",
        "s",
        "grace",
        "s",
        "surcharge",
        "precision",
        "round-up",
    ]
    assert lines[1].split() == ["Shops", "EUR", "wholesale", "0", "0", "0", "0", "0", "2", "no"]
    assert lines[2].split() == [
        "Street",
        "prices",
        "EUR",
        "retail",
        "0",
        "0.05",
        "3",
        "5",
        "0.18",
        "3",
        "yes",
    ]


def test_a_duplicate_name_is_one_line_on_stderr(tmp_path: Path, capsys) -> None:
    db = tmp_path / "shop.db"
    assert run(db, "tariff", "create", "A", "--currency", "EUR") == 0
    capsys.readouterr()
    assert run(db, "tariff", "create", "A", "--currency", "EUR") == 1
    err = capsys.readouterr().err
    assert err == "callshop-pos: error: a tariff named 'A' already exists\n"


def test_bad_arguments_are_refused(tmp_path: Path, capsys) -> None:
    db = tmp_path / "shop.db"
    with pytest.raises(SystemExit):  # argparse: not a currency
        run(db, "tariff", "create", "A", "--currency", "EURO")
    assert "not an ISO 4217 currency code" in capsys.readouterr().err
    with pytest.raises(SystemExit):  # argparse: not a number
        run(db, "tariff", "create", "A", "--currency", "EUR", "--connect-fee", "abc")
    assert "not an amount" in capsys.readouterr().err


def test_list_on_an_empty_database(tmp_path: Path, capsys) -> None:
    assert run(tmp_path / "shop.db", "tariff", "list") == 0
    assert "no tariffs yet" in capsys.readouterr().out
