"""The three money levels of every billed call: the booth customer's retail price, the
callshop customer's wholesale cost (its balance goes down) and the vendor's cost (its
balance goes up), in the bill's own transaction, exactly once per call, on every billing
path. Real SQLite files and a real PostgreSQL server."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from callshop_pos.counter import BoothMode
from callshop_pos.db.engine import Database, open_database
from callshop_pos.db.models import Account, Adjustment, Call, Customer, Vendor
from callshop_pos.pbx.tracker import CallRecord
from callshop_pos.services import sessions
from callshop_pos.services.billing import record_call
from callshop_pos.services.counter_actions import CounterActions
from callshop_pos.services.pbx_policy import DatabasePolicy
from callshop_pos.services.rating_cache import RatingCache
from tests.core.shop import authorized, build_shop
from tests.pbx.test_engine_support import wait_for

D = Decimal
GERMANY = "004930123456"  # retail 0.10/min, wholesale 0.02/min, A 0.010, B 0.008 (60/60)
RUSSIA = "0074951234567"  # no wholesale rate: the shop's cost of it is unknown


def record(
    uid: str,
    seconds: int,
    *,
    booth: str = "booth1",
    number: str = GERMANY,
    peer: str = "PJSIP/carrier-a-00000001",
    disposition: str = "answered",
) -> CallRecord:
    start = time.time() - 600
    return CallRecord(
        uid,
        uid,
        booth,
        f"PJSIP/{booth}-00000001",
        number,
        start,
        start + 2,
        start + 2 + seconds,
        seconds,
        disposition,  # type: ignore[arg-type]
        16,
        peer,
        None,
        "ANSWER" if disposition == "answered" else "NOANSWER",
        "cdr",
    )


def shop(url: str, balance: str = "200") -> Database:
    db = build_shop(url)
    with db.session() as s:
        s.scalar(select(Customer)).balance = D(balance)
        for login in ("booth1", "booth2"):
            account = s.scalar(select(Account).where(Account.voip_login == login))
            sessions.start(s, account, BoothMode.PREPAID, D("10"))
    return db


def levels(db: Database) -> tuple[Decimal, Decimal, Decimal]:
    """(customer balance, Carrier A's balance, Carrier B's balance)."""
    with db.read() as s:
        customer = s.scalar(select(Customer.balance))
        rows = s.execute(select(Vendor.name, Vendor.balance))
        vendors = {name: balance for name, balance in rows}
    return customer, vendors["Carrier A"], vendors["Carrier B"]


def bill(db: Database, rec: CallRecord) -> Call | None:
    with db.session() as s:
        return record_call(s, RatingCache(), rec)


def only_call(db: Database) -> Call:
    with db.read() as s:
        (call,) = s.scalars(select(Call))
    return call


def test_a_bill_debits_the_shop_and_credits_its_vendor_once(migrated_db_url):
    db = shop(migrated_db_url)
    rec = authorized(db, record("u1", 60))
    assert bill(db, rec) is not None
    call = only_call(db)
    assert (call.cost, call.wholesale_cost, call.vendor_cost) == (D("0.1"), D("0.02"), D("0.01"))
    assert levels(db) == (D("199.98"), D("0.01"), D(0))
    # the same Cdr again (a retry, another counter's engine): billed before, nothing moves
    assert bill(db, rec) is None
    assert bill(db, replace(rec, billable_seconds=600)) is None
    assert levels(db) == (D("199.98"), D("0.01"), D(0))
    db.dispose()


def test_unanswered_and_refused_calls_move_no_balance(tmp_path):
    db = shop(f"sqlite:///{tmp_path / 'shop.db'}")
    bill(db, authorized(db, record("u1", 0, disposition="no_answer")))
    bill(db, authorized(db, replace(record("u2", 30), refusal_reason="no_funds")))
    assert levels(db) == (D(200), D(0), D(0))


def test_without_a_route_the_vendor_is_unknown_and_the_shop_still_pays(tmp_path):
    db = shop(f"sqlite:///{tmp_path / 'shop.db'}")
    bill(db, authorized(db, record("u1", 60, peer="")))
    call = only_call(db)
    assert call.wholesale_cost == D("0.02") and call.vendor_id is None and call.vendor_cost is None
    assert levels(db) == (D("199.98"), D(0), D(0))


def test_without_a_wholesale_rate_only_the_vendor_moves(tmp_path):
    db = shop(f"sqlite:///{tmp_path / 'shop.db'}")
    bill(db, authorized(db, record("u1", 60, number=RUSSIA, peer="PJSIP/carrier-b-0000002a")))
    call = only_call(db)
    assert call.wholesale_cost is None and call.vendor_cost == D("0.06")
    assert levels(db) == (D(200), D(0), D("0.06"))


def _stop_without_the_record(db: Database, rec: CallRecord, talked: float) -> None:
    """The call was authorized and answered; the Stop cannot wait for its record (no PBX):
    it is billed from the live meter."""
    policy = DatabasePolicy(db)
    policy.authorize(rec.booth, rec.number, time.time(), rec.booth_uniqueid)
    policy.call_answered(rec.booth_uniqueid, time.time() - talked)
    with db.read() as s:
        account = s.scalar(select(Account.id).where(Account.voip_login == rec.booth))
    CounterActions(db).stop(account, wait=0)


def test_a_meter_bill_at_stop_debits_the_shop_and_settling_moves_only_the_difference(
    migrated_db_url,
):
    db = shop(migrated_db_url)
    rec = record("u1", 61, peer="PJSIP/carrier-b-00000007")
    _stop_without_the_record(db, rec, talked=30)
    call = only_call(db)
    assert call.billing_source == "meter" and call.cost == D("0.1")
    # the shop's cost is known from its tariff; which vendor carried it is not, yet
    assert call.wholesale_cost == D("0.02") and call.vendor_id is None
    assert levels(db) == (D("199.98"), D(0), D(0))
    # Asterisk's record: 61 s (two minutes billed) on Carrier B
    assert bill(db, rec) is None
    call = only_call(db)
    assert (call.cost, call.wholesale_cost, call.vendor_cost) == (D("0.2"), D("0.04"), D("0.016"))
    assert levels(db) == (D("199.96"), D(0), D("0.016"))
    with db.read() as s:
        (adjustment,) = s.scalars(select(Adjustment))
    assert adjustment.amount == D("0.1")
    # and a repeat of the record settles nothing twice
    assert bill(db, rec) is None
    assert levels(db) == (D("199.96"), D(0), D("0.016"))
    db.dispose()


def test_a_meter_bill_that_asterisk_says_was_not_answered_gives_the_shop_its_money_back(
    tmp_path,
):
    db = shop(f"sqlite:///{tmp_path / 'shop.db'}")
    rec = record("u1", 0, disposition="no_answer")
    _stop_without_the_record(db, rec, talked=30)
    assert levels(db) == (D("199.98"), D(0), D(0))
    bill(db, rec)
    call = only_call(db)
    assert call.cost == 0 and call.wholesale_cost is None and call.vendor_cost is None
    assert levels(db) == (D(200), D(0), D(0))


def test_a_bill_that_fails_moves_no_balance(tmp_path):
    """A record that cannot be billed (set aside after its tries) rolls back whole: the
    retry bills it once."""
    db = shop(f"sqlite:///{tmp_path / 'shop.db'}")
    rec = authorized(db, record("u1", 60))
    with pytest.raises(RuntimeError), db.session() as s:
        record_call(s, RatingCache(), rec)
        raise RuntimeError("the database went away before the commit")
    assert levels(db) == (D(200), D(0), D(0))
    bill(db, rec)
    assert levels(db) == (D("199.98"), D("0.01"), D(0))


@pytest.mark.postgres
def test_two_counters_billing_at_once_on_postgresql_lose_no_debit(pg_cluster):
    """Booth 1's bill holds the customer's row; booth 2's bill (another counter) must wait
    for it and then debit the new balance, not the one it would have read before."""
    url = pg_cluster.new_database(migrated=True)
    try:
        db = shop(url)
        other = open_database(url)
        first = authorized(db, record("u1", 60))
        second = authorized(db, record("u2", 120, booth="booth2"))
        errors: list[BaseException] = []

        def counter_b() -> None:
            try:
                bill(other, second)
            except BaseException as exc:  # reported by the main thread
                errors.append(exc)

        with db.session() as s:
            assert record_call(s, RatingCache(), first) is not None  # not committed yet
            worker = threading.Thread(target=counter_b)
            worker.start()
            with db.engine.connect() as watch:
                waiting = text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                assert wait_for(lambda: watch.execute(waiting).scalar() == 1, 10)
        worker.join(10)
        assert not worker.is_alive() and not errors
        # 0.02 + 0.04 wholesale; 0.01 + 0.02 to Carrier A
        assert levels(db) == (D("199.94"), D("0.03"), D(0))
        other.dispose()
        db.dispose()
    finally:
        pg_cluster.drop_database(url)
