"""``callshop-pos db upgrade|check`` through main(), and the real entry point once."""

from __future__ import annotations

import importlib.util
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command

from callshop_pos.cli import main as cli_main
from callshop_pos.db.engine import alembic_config, open_database

HEAD = "0003"  # the newest migration


@pytest.fixture(autouse=True)
def only_these_commands(monkeypatch) -> None:
    monkeypatch.setattr(cli_main, "COMMAND_MODULES", ("tariff", "rates", "setup", "db"))


def run(db: Path, *argv: str) -> int:
    return cli_main.main(["--db", str(db), *argv])


def test_upgrade_of_a_new_file_then_up_to_date(tmp_path: Path, capsys) -> None:
    db = tmp_path / "shop.db"
    assert run(db, "db", "upgrade") == 0
    out = capsys.readouterr().out
    assert f"from base (no schema) to {HEAD}" in out and "backup" not in out
    assert run(db, "db", "upgrade") == 0
    assert f"is up to date (revision {HEAD})" in capsys.readouterr().out
    assert list(tmp_path.glob("*.bak")) == []


def test_upgrade_of_an_older_file_upgrades_it(tmp_path: Path, capsys) -> None:
    path = tmp_path / "shop.db"
    database = open_database(path)
    command.downgrade(alembic_config(database.engine), "base")
    database.dispose()
    assert run(path, "db", "check") == 1
    assert f"schema at None, newest is {HEAD}" in capsys.readouterr().out
    assert run(path, "db", "upgrade") == 0
    assert f"to {HEAD}" in capsys.readouterr().out
    assert run(path, "db", "check") == 0


def test_check_finds_a_broken_foreign_key(tmp_path: Path, capsys) -> None:
    path = tmp_path / "shop.db"
    assert run(path, "db", "check") == 1
    assert capsys.readouterr().err == f"callshop-pos: error: no database at {path}\n"
    assert not path.exists()  # checking does not create
    assert run(path, "db", "upgrade") == 0
    assert run(path, "db", "check") == 0
    assert capsys.readouterr().out.endswith(": ok\n")
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA foreign_keys=OFF")
    raw.execute("INSERT INTO users (name, role, pin_hash, active) VALUES ('u', 'owner', '', 1)")
    raw.execute(
        "INSERT INTO audit_log (at, user_id, action, object_type, details)"
        " VALUES ('2025-01-01 00:00:00.000000', 42, 'x', '', '')"
    )
    raw.commit()
    raw.close()
    assert run(path, "db", "check") == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("1 problem(s)")
    assert out[1] == "  foreign key: audit_log row 1 points to a missing users"


MISSING = [
    name
    for name in cli_main.COMMAND_MODULES
    if importlib.util.find_spec(f"callshop_pos.cli.cmd_{name}") is None
]


@pytest.mark.skipif(bool(MISSING), reason=f"command modules not written yet: {MISSING}")
def test_the_installed_entry_point_runs(tmp_path: Path) -> None:
    # one real process: `python -m callshop_pos.cli.main` with every command module loaded
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "callshop_pos.cli.main",
            "--db",
            str(tmp_path / "p.db"),
            "db",
            "upgrade",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"to {HEAD}" in result.stdout
    help_text = subprocess.run(
        [sys.executable, "-m", "callshop_pos.cli.main", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert help_text.returncode == 0, help_text.stderr
    for name in ("tariff", "rates", "setup", "db"):
        assert name in help_text.stdout
