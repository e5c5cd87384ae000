"""``callshop-pos users ...`` and the owner's PIN on price-changing commands, through main(),
on a real SQLite file: refused without the owner's PIN (nothing changed), accepted with it,
and free while the shop has no users (the scripted first set-up)."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from callshop_pos.cli import main as cli_main
from callshop_pos.cli.common import OWNER_PIN_VARIABLE
from callshop_pos.services.setup_file import demo_setup_path

DECK = demo_setup_path().parent / "street-prices.csv"


@pytest.fixture(autouse=True)
def only_these_commands(monkeypatch) -> None:
    monkeypatch.setattr(cli_main, "COMMAND_MODULES", ("tariff", "rates", "setup", "users"))
    monkeypatch.delenv(OWNER_PIN_VARIABLE, raising=False)


def run(db: Path, *argv: str, stdin: str = "", monkeypatch=None) -> int:
    if monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return cli_main.main(["--db", str(db), *argv])


def rows(db: Path, query: str) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


@pytest.fixture
def shop(tmp_path: Path, monkeypatch) -> Path:
    """A shop with owner Olga (PIN 2468) and cashier Anna (PIN 1357)."""
    db = tmp_path / "shop.db"
    add = ("users", "add", "--pin-stdin")
    assert run(db, *add, "Olga", "--role", "owner", stdin="2468\n", monkeypatch=monkeypatch) == 0
    monkeypatch.setenv(OWNER_PIN_VARIABLE, "2468")
    assert run(db, *add, "Anna", "--owner", "Olga", stdin="1357\n", monkeypatch=monkeypatch) == 0
    monkeypatch.delenv(OWNER_PIN_VARIABLE)
    return db


def test_without_users_price_commands_need_no_pin(tmp_path: Path, capsys) -> None:
    db = tmp_path / "shop.db"
    assert run(db, "tariff", "create", "Street", "--currency", "EUR") == 0
    assert run(db, "rates", "import", str(DECK), "--tariff", "Street") == 0
    assert run(db, "setup", "apply", "--demo") == 0  # its users have no PINs: still free
    assert run(db, "tariff", "create", "Second", "--currency", "EUR") == 0


def test_add_and_list_never_show_a_pin(shop: Path, capsys) -> None:
    capsys.readouterr()
    assert run(shop, "users", "list") == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "name  role     active  PIN set",
        "Anna  cashier  yes     yes",
        "Olga  owner    yes     yes",
    ]
    stored = rows(shop, "SELECT pin_hash FROM users")
    assert all(h.startswith("scrypt$") and "2468" not in h for (h,) in stored)
    audit = rows(shop, "SELECT action, object_id, user_id FROM audit_log ORDER BY id")
    assert audit[0] == ("user.create", 1, None)
    assert ("user.create", 2, 1) in audit  # Anna, added by Olga


def test_price_change_refused_without_the_owner(shop: Path, capsys, monkeypatch) -> None:
    capsys.readouterr()
    assert run(shop, "tariff", "create", "Street", "--currency", "EUR") == 2
    err = capsys.readouterr().err
    assert err == (
        "callshop-pos: error: only the owner may change prices: give --owner NAME "
        f"(the PIN from ${OWNER_PIN_VARIABLE}, else asked)\n"
    )
    # no terminal and no PIN in the environment: refused, not hung on a prompt
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert run(shop, "tariff", "create", "Street", "--currency", "EUR", "--owner", "Olga") == 2
    assert "no owner PIN: set $CALLSHOP_OWNER_PIN" in capsys.readouterr().err
    monkeypatch.setenv(OWNER_PIN_VARIABLE, "9999")
    assert run(shop, "tariff", "create", "Street", "--currency", "EUR", "--owner", "Olga") == 2
    assert capsys.readouterr().err.startswith("callshop-pos: error: wrong PIN for Olga")
    # a cashier's own right PIN does not make them the owner
    monkeypatch.setenv(OWNER_PIN_VARIABLE, "1357")
    assert run(shop, "tariff", "create", "Street", "--currency", "EUR", "--owner", "Anna") == 2
    assert "only the owner may change prices (Anna is not an owner)" in capsys.readouterr().err
    assert rows(shop, "SELECT count(*) FROM tariffs") == [(0,)]
    assert ("user.login_failed", 1, None) in rows(
        shop, "SELECT action, object_id, user_id FROM audit_log"
    )


def test_price_changes_accepted_with_the_owners_pin(shop: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv(OWNER_PIN_VARIABLE, "2468")
    owner = ("--owner", "Olga")
    assert run(shop, "tariff", "create", "Street", "--currency", "EUR", *owner) == 0
    assert run(shop, "rates", "import", str(DECK), "--tariff", "Street", *owner) == 0
    assert run(shop, "setup", "apply", "--demo", *owner) == 0
    audit = rows(shop, "SELECT action, user_id FROM audit_log WHERE action NOT LIKE 'user.%'")
    # every change is Olga's (the decks inside the set-up file are logged under setup.apply)
    assert audit[:2] == [("tariff.create", 1), ("rates.import", 1)]
    assert ("setup.apply", 1) in audit


def test_rates_import_and_setup_apply_are_refused_too(shop: Path, capsys) -> None:
    assert run(shop, "rates", "import", str(DECK), "--tariff", "Street") == 2
    assert run(shop, "setup", "apply", "--demo") == 2
    assert "only the owner may change prices" in capsys.readouterr().err
    assert rows(shop, "SELECT count(*) FROM rates") == [(0,)]
    assert rows(shop, "SELECT count(*) FROM accounts") == [(0,)]


def test_passwd_and_disable_need_the_owner(shop: Path, capsys, monkeypatch) -> None:
    assert run(shop, "users", "disable", "Anna") == 2
    monkeypatch.setenv(OWNER_PIN_VARIABLE, "1357")
    assert run(shop, "users", "add", "Eve", "--role", "owner", "--owner", "Anna") == 2
    assert "only the owner may manage users" in capsys.readouterr().err
    monkeypatch.setenv(OWNER_PIN_VARIABLE, "2468")
    passwd = ("users", "passwd", "Anna", "--pin-stdin", "--owner", "Olga")
    assert run(shop, *passwd, stdin="12\n", monkeypatch=monkeypatch) == 2
    assert "a PIN has 4 to 64 characters: nothing was changed" in capsys.readouterr().err
    assert run(shop, *passwd, stdin="8642\n", monkeypatch=monkeypatch) == 0
    assert run(shop, "users", "disable", "Olga", "--owner", "Olga") == 1
    assert "Olga is the last owner" in capsys.readouterr().err
    assert run(shop, "users", "disable", "Anna", "--owner", "Olga") == 0
    assert rows(shop, "SELECT name, active FROM users ORDER BY name") == [("Anna", 0), ("Olga", 1)]
    actions = [a for (a,) in rows(shop, "SELECT action FROM audit_log")]
    assert "user.pin_change" in actions and "user.disable" in actions


def test_a_prepaid_credit_above_the_preference_needs_the_owner(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setattr(cli_main, "COMMAND_MODULES", ("setup", "users", "booth"))
    db = tmp_path / "shop.db"
    assert run(db, "setup", "apply", "--demo") == 0
    add = ("users", "add", "--pin-stdin")
    assert run(db, *add, "Olga", "--role", "owner", stdin="2468\n", monkeypatch=monkeypatch) == 0
    start = ("booth", "start", "Booth 1", "--prepaid", "5")
    assert run(db, *start, "--credit-limit", "50") != 0
    assert "only the owner may give a credit limit above the preference" in capsys.readouterr().err
    assert rows(db, "SELECT count(*) FROM booth_sessions") == [(0,)]
    monkeypatch.setenv(OWNER_PIN_VARIABLE, "2468")
    assert run(db, *start, "--credit-limit", "50", "--owner", "Olga") == 0
    assert rows(db, "SELECT credit_limit FROM booth_sessions") == [(50_000_000,)]
