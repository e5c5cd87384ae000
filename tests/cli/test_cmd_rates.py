"""``callshop-pos rates import|export`` through main(), on a real SQLite file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from callshop_pos.cli import main as cli_main
from callshop_pos.services.setup_file import demo_setup_path

DECK = demo_setup_path().parent / "street-prices.csv"


@pytest.fixture(autouse=True)
def only_these_commands(monkeypatch) -> None:
    monkeypatch.setattr(cli_main, "COMMAND_MODULES", ("tariff", "rates", "setup", "db"))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "shop.db"
    assert (
        cli_main.main(["--db", str(path), "tariff", "create", "Street", "--currency", "EUR"]) == 0
    )
    return path


def run(db: Path, *argv: str) -> int:
    return cli_main.main(["--db", str(db), *argv])


def count(db: Path, table: str) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def deck_rows(text: str) -> int:
    return len(text.strip().splitlines()) - 1


def test_import_prints_counts_and_export_gives_the_deck_back(db: Path, tmp_path, capsys) -> None:
    capsys.readouterr()
    assert run(db, "rates", "import", str(DECK), "--tariff", "Street") == 0
    n = deck_rows(DECK.read_text())
    assert capsys.readouterr().out == (
        f"tariff 'Street': {n} added, 0 updated, 0 removed, {n} in total\n"
    )
    assert count(db, "rates") == n

    assert run(db, "rates", "export", "--tariff", "Street") == 0
    assert capsys.readouterr().out == DECK.read_text()
    out = tmp_path / "out.csv"
    assert run(db, "rates", "export", "--tariff", "Street", "-o", str(out)) == 0
    assert out.read_bytes() == DECK.read_bytes()


def test_merge_mode_keeps_other_rows(db: Path, tmp_path, capsys) -> None:
    run(db, "rates", "import", str(DECK), "--tariff", "Street")
    extra = tmp_path / "extra.csv"
    extra.write_text("prefix,area_name,price_1,activation_date\n999,Test,0.5,2025-01-01\n")
    capsys.readouterr()
    assert run(db, "rates", "import", str(extra), "--tariff", "Street", "--mode", "merge") == 0
    n = deck_rows(DECK.read_text())
    assert f"1 added, 0 updated, 0 removed, {n + 1} in total" in capsys.readouterr().out
    assert run(db, "rates", "import", str(extra), "--tariff", "Street") == 0  # replace
    assert f"0 added, 0 updated, {n} removed, 1 in total" in capsys.readouterr().out


def test_a_bad_deck_is_one_line_with_its_place_and_stores_nothing(db, tmp_path, capsys) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("prefix,area_name,price_1\n49,Germany,0.05\n4915,Mobile,0.1O\n")
    capsys.readouterr()
    assert run(db, "rates", "import", str(bad), "--tariff", "Street") == 1
    err = capsys.readouterr().err
    assert err == (
        f"callshop-pos: error: {bad}: line 3, column price_1: bad number '0.1O' "
        "(nothing was stored)\n"
    )
    assert count(db, "rates") == 0


def test_routes_of_a_destination_set(tmp_path: Path, capsys) -> None:
    db = tmp_path / "shop.db"
    assert run(db, "setup", "apply", "--demo") == 0
    deck = demo_setup_path().parent / "routes-eurotel.csv"
    capsys.readouterr()
    assert run(db, "rates", "export", "--destination-set", "EuroTel A-Z") == 0
    assert capsys.readouterr().out == deck.read_text()
    assert run(db, "rates", "import", str(deck), "--destination-set", "EuroTel A-Z") == 0
    assert "0 added, 0 updated, 0 removed" in capsys.readouterr().out


def test_unknown_tariff_and_missing_file(db: Path, capsys) -> None:
    assert run(db, "rates", "import", str(DECK), "--tariff", "Nope") == 1
    assert capsys.readouterr().err == "callshop-pos: error: no tariff named 'Nope'\n"
    assert run(db, "rates", "import", "/nonexistent.csv", "--tariff", "Street") == 2
    assert "no such file" in capsys.readouterr().err
    with pytest.raises(SystemExit):  # exactly one of --tariff / --destination-set
        run(db, "rates", "export")
