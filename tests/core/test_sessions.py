"""Booth sessions and billing over a real database: a SQLite file and a PostgreSQL server."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from callshop_pos.counter import BoothMode, CounterError
from callshop_pos.db.models import Account, BoothSession, Call, Payment, Preferences
from callshop_pos.pbx.tracker import CallRecord
from callshop_pos.services import sessions
from callshop_pos.services.billing import record_call
from callshop_pos.services.rating_cache import RatingCache
from tests.core.shop import authorized, build_shop

D = Decimal
T0 = datetime(2026, 11, 28, 12, 0, tzinfo=UTC).timestamp()


@pytest.fixture
def db(migrated_db_url):
    db = build_shop(migrated_db_url)
    yield db
    db.dispose()


def record(
    uid: str,
    number: str,
    seconds: int,
    *,
    booth: str = "booth1",
    disposition: str = "answered",
    start: float = T0,
) -> CallRecord:
    answered = start + 5 if disposition == "answered" else None
    return CallRecord(
        linkedid=uid,
        booth_uniqueid=uid,
        booth=booth,
        channel=f"PJSIP/{booth}-0001",
        number=number,
        started_at=start,
        answered_at=answered,
        ended_at=(answered or start) + seconds,
        billable_seconds=seconds if answered else 0,
        disposition=disposition,
        hangup_cause=16,
        peer="PJSIP/carrier-a-0002",
        refusal_reason=None,
        dial_status="ANSWER",
        billing_source="cdr",
    )


def account(s, login="booth1") -> Account:
    return s.scalar(select(Account).where(Account.voip_login == login))


def test_prepaid_start_call_and_stop_with_refund(db):
    start_at = datetime.fromtimestamp(T0 - 60, UTC)
    with db.session() as s:
        sessions.start(s, account(s), BoothMode.PREPAID, D("5"), at=start_at)
    with db.session() as s:
        # 125 s to Germany at 0.10/min, 60/60 -> 180 s billed -> 0.30
        call = record_call(s, RatingCache(), authorized(db, record("u1", "0049301234", 125)))
        assert call is not None and call.cost == D("0.30") and call.billed_seconds == 180
        assert call.prefix == "49" and call.area_name == "Germany"
        assert call.wholesale_cost == D("0.0600")  # 0.02/min on the wholesale tariff
        assert call.vendor_cost == D("0.0300")  # carrier-a buys at 0.010/min
    with db.session() as s:
        assert account(s).balance == D("4.70")
        closed = sessions.stop(s, account(s))
        assert closed.totals.total == D("0.30")
        assert closed.booth.refund == D("4.70") and closed.booth.paid == 0
    with db.session() as s:
        a = account(s)
        assert a.balance == 0 and a.locked and not a.blocked  # Stop locks by default
        kinds = [(p.kind, p.amount) for p in s.scalars(select(Payment).order_by(Payment.id))]
        assert kinds == [("prepayment", D("5")), ("refund", D("-4.70"))]


def test_call_billed_once_even_when_recorded_twice(db):
    with db.session() as s:
        sessions.start(
            s, account(s), BoothMode.PREPAID, D("5"), at=datetime.fromtimestamp(T0 - 60, UTC)
        )
    cache = RatingCache()
    with db.session() as s:
        assert record_call(s, cache, authorized(db, record("dup", "4930", 60))) is not None
    with db.session() as s:
        assert record_call(s, cache, authorized(db, record("dup", "4930", 60))) is None
    with db.session() as s:
        assert s.scalar(select(Call).where(Call.booth_uniqueid == "dup")).cost == D("0.10")
        assert account(s).balance == D("4.90")


def test_unanswered_call_costs_nothing(db):
    with db.session() as s:
        sessions.start(
            s, account(s), BoothMode.PREPAID, D("5"), at=datetime.fromtimestamp(T0 - 60, UTC)
        )
    busy = authorized(db, record("busy", "4930", 0, disposition="busy"))
    with db.session() as s:
        call = record_call(s, RatingCache(), busy)
        assert call is not None and call.cost == 0 and call.billed_seconds == 0
        assert account(s).balance == D("5")


def test_postpaid_stop_takes_cash_and_gives_change(db):
    with db.session() as s:
        s.get(Preferences, 1).smallest_coin = D("0.05")
        sessions.start(
            s,
            account(s),
            BoothMode.POSTPAID,
            D(0),
            D("20"),
            at=datetime.fromtimestamp(T0 - 60, UTC),
        )
    with db.session() as s:
        # Germany mobile 0.30/min, 30/6: 31 s -> 36 s billed -> 0.15 + 0.03 = 0.18
        call = record_call(s, RatingCache(), authorized(db, record("m1", "+4915112345", 31)))
        assert call is not None and call.cost == D("0.18")
        sessions.add_extra(s, account(s), "Phone card", D("2.50"), 2)
    with db.session() as s, pytest.raises(CounterError, match="due"):
        sessions.stop(s, account(s), D("1"))
    with db.session() as s:
        closed = sessions.stop(s, account(s), D("10"))
        # 0.18 + 5.00 = 5.18 -> rounded to the 0.05 coin: 5.20
        assert closed.totals.subtotal == D("5.18") and closed.totals.rounding == D("0.02")
        assert closed.totals.total == D("5.20") and closed.totals.change == D("4.80")


def test_start_twice_and_bad_amounts_are_refused(db):
    with db.session() as s:
        with pytest.raises(CounterError):
            sessions.start(s, account(s), BoothMode.PREPAID, D("-1"))
        sessions.start(s, account(s), BoothMode.PREPAID, D("3"))
    with db.session() as s, pytest.raises(CounterError, match="already started"):
        sessions.start(s, account(s), BoothMode.PREPAID, D("3"))
    with db.session() as s:
        with pytest.raises(CounterError):
            sessions.topup(s, account(s), D("0"))
        sessions.topup(s, account(s), D("2"))
        assert account(s).balance == D("5")


def test_one_open_session_per_booth_is_enforced_by_the_database(db):
    from sqlalchemy.exc import IntegrityError

    with db.session() as s:
        sessions.start(s, account(s), BoothMode.PREPAID, D("3"))
    with pytest.raises(IntegrityError), db.session() as s:
        s.add(BoothSession(account_id=account(s).id, mode=BoothMode.PREPAID))
        s.flush()


def test_receipt_numbers_are_gapless_and_rolled_back_numbers_are_reused(db):
    with db.session() as s:
        assert sessions.next_number(s, "receipt") == 1
        assert sessions.next_number(s, "receipt") == 2
    with pytest.raises(RuntimeError), db.session() as s:
        assert sessions.next_number(s, "receipt") == 3
        raise RuntimeError("the sale failed")
    with db.session() as s:
        assert sessions.next_number(s, "receipt") == 3
