"""``callshop-pos receipt void`` on a real SQLite file: refused without the owner's PIN
(nothing changed), done with it, and the list says so."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from callshop_pos.cli import main as cli_main
from callshop_pos.counter import BoothMode
from callshop_pos.db.models import Payment, Receipt
from callshop_pos.services import shifts, users
from callshop_pos.services.counter_actions import CounterActions
from callshop_pos.services.receipts import ReceiptService
from tests.core.shop import build_shop
from tests.shifts.conftest import booth

D = Decimal


@pytest.fixture
def shop(tmp_path):
    """Olga (owner, PIN 2468) and Anna (cashier, 1357), both drawers open; Anna sold booth 1
    (water 2.50): receipt 1."""
    path = tmp_path / "shop.db"
    db = build_shop(path)
    olga = users.create_user(db, "Olga", "owner", "2468").id
    anna = users.create_user(db, "Anna", "cashier", "1357").id
    shifts.open_new(db, anna, D("50"), by=anna)
    shifts.open_new(db, olga, D("100"), by=olga)
    actions = CounterActions(db, receipts=ReceiptService(), bill_wait=0)
    b1 = booth(db, "booth1")
    actions.start(b1, BoothMode.POSTPAID, D("0"), D("0"), user_id=anna)
    actions.add_extra(b1, "water", D("2.50"), 1, user_id=anna)
    actions.stop(b1, D("2.50"), user_id=anna, cashier="Anna")
    db.dispose()
    return path


def run(shop, *argv: str) -> int:
    return cli_main.main(["--db", str(shop), "receipt", *argv])


def voids_of(shop) -> list[Decimal]:
    from callshop_pos.db.engine import open_database

    db = open_database(shop)
    try:
        with db.read() as s:
            return list(s.scalars(select(Payment.amount).where(Payment.kind == "void")))
    finally:
        db.dispose()


def test_void_is_refused_without_the_owner(shop, capsys, monkeypatch):
    monkeypatch.setenv("CALLSHOP_OWNER_PIN", "1357")
    assert run(shop, "void", "1", "--reason", "mistake") == 2
    assert "only the owner may void a receipt: give --owner NAME" in capsys.readouterr().err
    assert run(shop, "void", "1", "--reason", "mistake", "--owner", "Anna") == 2
    assert "only the owner may void a receipt (Anna is not an owner)" in capsys.readouterr().err
    monkeypatch.setenv("CALLSHOP_OWNER_PIN", "0000")
    assert run(shop, "void", "1", "--reason", "mistake", "--owner", "Olga") == 2
    assert voids_of(shop) == []


def test_the_owner_voids_from_the_cli_once(shop, capsys, monkeypatch):
    monkeypatch.setenv("CALLSHOP_OWNER_PIN", "2468")
    assert run(shop, "void", "1", "--reason", "wrong booth", "--owner", "Olga") == 0
    out = capsys.readouterr().out
    assert out == "Receipt 1 voided: 2.50 given back in cash, no receipt printer\n"
    assert voids_of(shop) == [D("-2.50")]
    assert run(shop, "void", "1", "--reason", "again", "--owner", "Olga") == 1
    assert capsys.readouterr().err == "callshop-pos: error: receipt 1 is already voided\n"
    assert run(shop, "list") == 0
    (line,) = [row for row in capsys.readouterr().out.splitlines() if row.split()[0] == "1"]
    assert "voided" in line.split()
    from callshop_pos.db.engine import open_database

    db = open_database(shop)
    try:
        with db.read() as s:
            assert s.scalar(select(Receipt.void_reason)) == "wrong booth"
    finally:
        db.dispose()
