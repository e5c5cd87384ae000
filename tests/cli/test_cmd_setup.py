"""``callshop-pos setup apply|dump`` through main(), on real SQLite files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from callshop_pos.cli import main as cli_main
from callshop_pos.services.setup_file import demo_setup_path


@pytest.fixture(autouse=True)
def only_these_commands(monkeypatch) -> None:
    monkeypatch.setattr(cli_main, "COMMAND_MODULES", ("tariff", "rates", "setup", "db"))


def run(db: Path, *argv: str) -> int:
    return cli_main.main(["--db", str(db), *argv])


def count(db: Path, table: str) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def test_apply_reports_what_changed_and_is_idempotent(tmp_path: Path, capsys) -> None:
    db = tmp_path / "shop.db"
    assert run(db, "setup", "apply", str(demo_setup_path())) == 0
    out = capsys.readouterr().out
    assert "accounts: 8 created, 0 updated" in out
    assert "tariff Street prices: " in out
    assert count(db, "accounts") == 8
    assert run(db, "setup", "apply", "--demo") == 0
    assert capsys.readouterr().out.splitlines()[1:] == ["  nothing to change"]


def test_apply_error_is_one_line_and_changes_nothing(tmp_path: Path, capsys) -> None:
    db = tmp_path / "shop.db"
    bad = tmp_path / "shop.toml"
    bad.write_text('[[tariffs]]\nname = "T"\nconnect_fee = 0.1\n')
    assert run(db, "setup", "apply", str(bad)) == 1
    err = capsys.readouterr().err
    assert err.startswith('callshop-pos: error: shop.toml: tariffs["T"].connect_fee: 0.1 is a')
    assert err.count("\n") == 1
    assert count(db, "tariffs") == 0
    assert run(db, "setup", "apply", str(tmp_path / "missing.toml")) == 2


def test_dump_to_a_file_writes_the_decks_beside_it(tmp_path: Path, capsys) -> None:
    db = tmp_path / "shop.db"
    run(db, "setup", "apply", "--demo")
    capsys.readouterr()
    target = tmp_path / "out" / "shop.toml"
    target.parent.mkdir()
    assert run(db, "setup", "dump", "-o", str(target)) == 0
    written = [line.removeprefix("wrote ") for line in capsys.readouterr().out.splitlines()]
    assert written[0] == str(target)
    assert sorted(Path(p).name for p in written[1:]) == [
        "shop-routes-eurotel-a-z.csv",
        "shop-routes-globalvoice-premium.csv",
        "shop-tariff-street-prices.csv",
        "shop-tariff-wholesale-for-shops.csv",
    ]
    other = tmp_path / "other.db"
    assert run(other, "setup", "apply", str(target)) == 0
    assert count(other, "rates") == count(db, "rates")


def test_dump_without_output_prints_one_self_contained_toml(tmp_path: Path, capsys) -> None:
    db = tmp_path / "shop.db"
    run(db, "setup", "apply", "--demo")
    capsys.readouterr()
    assert run(db, "setup", "dump") == 0
    text = capsys.readouterr().out
    assert text.startswith("# Callshop POS shop set-up")
    assert 'rates_csv = """' in text
    single = tmp_path / "single.toml"
    single.write_text(text, encoding="utf-8")
    other = tmp_path / "other.db"
    assert run(other, "setup", "apply", str(single)) == 0
    assert count(other, "routes") == count(db, "routes")
