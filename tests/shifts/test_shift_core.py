"""Shifts over a real database (SQLite file and PostgreSQL): every movement lands in the
drawer of the cashier who made it, the X report reads, the Z report closes exactly, and a
closed shift can no longer be changed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from callshop_pos.counter import BoothMode, CounterError
from callshop_pos.db.models import (
    BoothSession,
    CashMovement,
    ExtraItem,
    Payment,
    PrintJob,
    Receipt,
    Shift,
)
from callshop_pos.services import sessions, shifts
from callshop_pos.services.permissions import NotAllowed

from .conftest import booth

D = Decimal


def day_of_two_cashiers(db, actions, staff) -> None:
    """Anna and Boris work the same counter: Anna starts booth 1, Boris stops it."""
    shifts.open_new(db, staff.anna, D("50"), by=staff.anna)
    shifts.open_new(db, staff.boris, D("20"), by=staff.boris)
    b1, b2 = booth(db, "booth1"), booth(db, "booth2")
    actions.start(b1, BoothMode.PREPAID, D("5"), D("0"), user_id=staff.anna)
    actions.topup(b1, D("2"), user_id=staff.anna)
    actions.add_extra(b1, "phone card", D("1.20"), user_id=staff.anna)
    actions.stop(b1, user_id=staff.boris, cashier="Boris")  # refund 5.80 from Boris's drawer
    actions.start(b2, BoothMode.POSTPAID, D("0"), D("0"), user_id=staff.boris)
    actions.add_extra(b2, "water", D("2.50"), 1, user_id=staff.boris)
    actions.stop(b2, D("5"), user_id=staff.boris, cashier="Boris")  # 5 in, 2.50 change out
    shifts.move_cash(db, staff.anna, D("-10"), "bank deposit")
    shifts.move_cash(db, staff.boris, D("3.30"), "coins from the safe")


def shift_of(db, user_id) -> int:
    with db.read() as s:
        return s.scalar(select(Shift.id).where(Shift.user_id == user_id))


def test_each_movement_belongs_to_the_shift_of_the_cashier_who_made_it(db, actions, staff):
    day_of_two_cashiers(db, actions, staff)
    anna, boris = shift_of(db, staff.anna), shift_of(db, staff.boris)
    with db.read() as s:
        rows = [(p.kind, p.amount, p.shift_id) for p in s.scalars(select(Payment).order_by("id"))]
        extras = {e.description: e.shift_id for e in s.scalars(select(ExtraItem))}
        receipts = [r.shift_id for r in s.scalars(select(Receipt).order_by(Receipt.number))]
    assert rows == [
        ("prepayment", D("5"), anna),
        ("topup", D("2"), anna),
        ("refund", D("-5.80"), boris),
        ("payment", D("5"), boris),
        ("change", D("-2.50"), boris),
    ]
    assert extras == {"phone card": anna, "water": boris}
    assert receipts == [boris, boris]  # Boris's Stops issued both receipts


def test_a_cashier_without_an_open_shift_is_refused_and_nothing_is_written(db, actions, staff):
    with pytest.raises(CounterError, match="open a shift first"):
        actions.start(booth(db), BoothMode.PREPAID, D("5"), D("0"), user_id=staff.anna)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(BoothSession)) == 0
        assert s.scalar(select(func.count()).select_from(Payment)) == 0
    shifts.open_new(db, staff.anna, D("0"), by=staff.anna)
    actions.start(booth(db), BoothMode.PREPAID, D("5"), D("0"), user_id=staff.anna)
    with pytest.raises(CounterError, match="open a shift first"):  # Boris has no drawer open
        actions.stop(booth(db), user_id=staff.boris)
    with db.read() as s:
        assert s.scalar(select(BoothSession.stopped_at)) is None  # still running, as it was
    with pytest.raises(CounterError, match="already has an open shift"):
        shifts.open_new(db, staff.anna, D("10"), by=staff.anna)


def test_x_mid_shift_then_z_closes_with_expected_cash_the_exact_sum_of_movements(
    db, actions, staff
):
    with db.session() as s:
        prefs = sessions.preferences(s)
        prefs.tax_rate, prefs.tax_inclusive, prefs.tax_label = D("0.2"), True, "VAT"
    day_of_two_cashiers(db, actions, staff)
    x = shifts.x_report(db, staff.boris, by=staff.boris).report
    assert x.kind == "X" and x.closed_at is None
    # 20 float - 5.80 refund + 5 payment - 2.50 change + 3.30 pay-in
    assert x.expected == D("20.00")
    assert {m.kind: (m.count, m.amount) for m in x.movements} == {
        "refund": (1, D("-5.80")),
        "payment": (1, D("5")),
        "change": (1, D("-2.50")),
        "pay_in": (1, D("3.30")),
    }
    assert (x.receipts, x.refunds, x.refunded) == (2, 1, D("5.80"))
    assert (x.sales, x.extras, x.extras_total) == (D("3.70"), 1, D("2.50"))
    (vat,) = x.taxes  # 1.20 and 2.50 bills, 20 % included: 0.20 + 0.42
    assert (vat.rate, vat.tax, vat.net) == (D("0.2"), D("0.62"), D("3.08"))
    assert shifts.current(db, staff.boris) is not None  # an X report closes nothing

    b3 = booth(db, "booth3")  # the shift goes on after the X report
    actions.start(b3, BoothMode.PREPAID, D("10"), D("0"), user_id=staff.boris)
    counted = shifts.parse_counted("20x1,5x2,0.50x1")  # 30.50 counted
    z = shifts.close(db, staff.boris, counted, by=staff.boris).report
    with db.read() as s:
        shift = s.get(Shift, shift_of(db, staff.boris))
        movements = s.scalars(select(Payment.amount).where(Payment.shift_id == shift.id)).all()
        cash = s.scalars(select(CashMovement.amount).where(CashMovement.shift_id == shift.id)).all()
        first, last = s.execute(
            select(func.min(Receipt.number), func.max(Receipt.number)).where(
                Receipt.shift_id == shift.id
            )
        ).one()
    by_hand = shift.starting_float + sum(movements, D(0)) + sum(cash, D(0))
    assert z.expected == by_hand == D("30.00") == shift.expected
    assert z.counted_total == D("30.50") == shift.counted
    assert z.difference == D("0.50") == shift.difference
    assert (z.z_number, z.first_receipt, z.last_receipt) == (1, first, last)
    assert z.counted == ((D("20"), 1), (D("5"), 2), (D("0.50"), 1))
    assert shifts.current(db, staff.boris) is None


def test_a_closed_shift_cannot_be_changed_by_the_core_or_by_sql(db, actions, staff):
    shifts.open_new(db, staff.anna, D("10"), by=staff.anna)
    shifts.close(db, staff.anna, shifts.parse_counted("10x1"), by=staff.anna)
    closed = shift_of(db, staff.anna)
    with pytest.raises(CounterError, match="open a shift first"):
        shifts.move_cash(db, staff.anna, D("5"), "late pay-in")
    with pytest.raises(CounterError, match="open a shift first"):
        actions.start(booth(db), BoothMode.PREPAID, D("5"), D("0"), user_id=staff.anna)
    with pytest.raises(CounterError, match="no open shift"):
        shifts.close(db, staff.anna, (), by=staff.anna)
    # the database itself refuses, whatever code runs against it
    refused = pytest.raises((IntegrityError, DBAPIError), match="shift is closed")
    with refused, db.session() as s:
        s.execute(update(Shift).where(Shift.id == closed).values(expected=D("99")))
    refused = pytest.raises((IntegrityError, DBAPIError), match="shift is closed")
    with refused, db.session() as s:
        s.add(CashMovement(shift_id=closed, kind="pay_in", amount=D("1"), reason="x"))
    with db.read() as s:
        assert s.get(Shift, closed).expected == D("10")
        assert s.scalar(select(func.count()).select_from(CashMovement)) == 0


def test_only_the_owner_closes_another_cashiers_shift(db, staff):
    shifts.open_new(db, staff.anna, D("10"), by=staff.anna)
    with pytest.raises(NotAllowed, match="only the owner may open or close another"):
        shifts.close(db, staff.anna, (), by=staff.boris)
    with pytest.raises(NotAllowed):
        shifts.open_new(db, staff.boris, D("0"), by=staff.anna)
    assert shifts.current(db, staff.anna) is not None  # Boris changed nothing
    z = shifts.close(db, staff.anna, shifts.parse_counted("5x2"), by=staff.olga).report
    assert z.difference == 0
    with db.read() as s:
        assert s.get(Shift, shift_of(db, staff.anna)).closed_by == staff.olga


def test_a_z_report_reprints_as_a_copy_of_the_report_as_closed(db, staff):
    from .conftest import enable_printer

    enable_printer(db)
    shifts.open_new(db, staff.anna, D("10"), by=staff.anna)
    original = shifts.close(db, staff.anna, shifts.parse_counted("10x1"), by=staff.anna)
    with db.session() as s:  # the shop renames itself after the close
        sessions.preferences(s).shop_name = "Another name"
    again = shifts.reprint_z(db, 1)
    assert again.report == original.report
    with db.read() as s:
        jobs = {j.id: j for j in s.scalars(select(PrintJob))}
    assert original.job_id is not None and again.job_id is not None
    assert b"COPY" not in jobs[original.job_id].payload
    assert b"COPY" in jobs[again.job_id].payload
    assert jobs[again.job_id].reference == "Z1"


@pytest.mark.parametrize(
    "text, message",
    [
        ("50", "write a denomination and a count"),
        ("50xtwo", "whole number"),
        ("0x3", "more than zero"),
        ("abcx1", "not an amount"),
    ],
)
def test_a_bad_count_is_one_clear_line(text, message):
    with pytest.raises(CounterError, match=message):
        shifts.parse_counted(text)
