"""The preference "refuse calls past the shop's credit limit": off by default; when on, a
booth call is refused when the callshop customer's balance less the call's worst case (its
wholesale cost at the cap) would go past the customer's credit limit."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from sqlalchemy import select

from callshop_pos.db.engine import Database
from callshop_pos.db.models import Customer, Preferences
from callshop_pos.services.pbx_policy import DatabasePolicy
from callshop_pos.services.shop_credit import past_credit
from tests.money3.test_levels import GERMANY, RUSSIA, shop

D = Decimal


def set_credit(db: Database, balance: str, limit: str = "0", refuse: bool = True) -> None:
    with db.session() as s:
        customer = s.scalar(select(Customer))
        customer.balance, customer.credit_limit = D(balance), D(limit)
        s.get(Preferences, 1).refuse_past_shop_credit = refuse


def decide(db: Database, number: str = GERMANY) -> tuple[bool, str | None, int | None]:
    decision = DatabasePolicy(db).authorize("booth1", number, time.time())
    return decision.allowed, decision.reason, decision.cap_seconds


@pytest.fixture
def db(tmp_path) -> Database:
    # booth 1 prepaid 10.00: at 0.10/min the cap is 6000 s, whose wholesale cost is 2.00
    return shop(f"sqlite:///{tmp_path / 'shop.db'}")


def test_off_by_default_a_shop_deep_in_debt_still_calls(db):
    with db.read() as s:
        assert s.get(Preferences, 1).refuse_past_shop_credit is False
    set_credit(db, "-1000", refuse=False)
    assert decide(db) == (True, None, 6000)


def test_on_the_call_is_refused_when_its_worst_case_passes_the_credit_limit(db):
    set_credit(db, "1.00")
    assert decide(db)[:2] == (False, "shop_credit")
    set_credit(db, "1.00", limit="0.99")
    assert decide(db)[:2] == (False, "shop_credit")
    # 1.00 - 2.00 = -1.00, exactly the credit limit: allowed
    set_credit(db, "1.00", limit="1.00")
    assert decide(db) == (True, None, 6000)
    set_credit(db, "2.00")
    assert decide(db) == (True, None, 6000)


def test_a_call_the_shop_has_no_wholesale_price_for_is_refused_only_past_the_limit(db):
    set_credit(db, "0")
    assert decide(db, RUSSIA)[:2] == (True, None)
    set_credit(db, "-0.01")
    assert decide(db, RUSSIA)[:2] == (False, "shop_credit")


def test_the_rule_at_its_edge():
    assert not past_credit(D("0"), D("0"), D("0"))
    assert past_credit(D("0"), D("0"), D("0.000001"))
    assert not past_credit(D("-5"), D("10"), D("5"))
    assert past_credit(D("-5"), D("10"), D("5.01"))


def test_the_owner_switches_it_on_in_the_settings_and_the_set_up_file(db):
    from callshop_pos.services import catalog
    from callshop_pos.services.setup_file import dump_setup_text

    set_credit(db, "1.00", refuse=False)
    catalog.save(db, "preferences", {"refuse_past_shop_credit": True})
    assert catalog.load(db, "preferences")["refuse_past_shop_credit"] is True
    assert "refuse_past_shop_credit = true" in dump_setup_text(db)
