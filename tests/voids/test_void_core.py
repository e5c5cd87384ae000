"""Voiding a receipt and refunding beyond Stop: the owner's only, the cash out of the drawer
it leaves, counted once in the X/Z report and not at all in the takings."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from callshop_pos.counter import CounterError
from callshop_pos.db.models import AuditLog, Payment, PrintJob, Receipt
from callshop_pos.errors import CallshopError
from callshop_pos.services import shifts, voids
from callshop_pos.services.permissions import NotAllowed
from callshop_pos.services.reports import revenue_report
from callshop_pos.services.reports_period import period_of
from tests.shifts.conftest import enable_printer

from .day import one_sale

D = Decimal


def _payments(db) -> list[tuple[str, Decimal]]:
    with db.read() as s:
        return [(p.kind, p.amount) for p in s.scalars(select(Payment).order_by(Payment.id))]


def test_a_cashier_is_refused_and_nothing_changes(db, actions, staff):
    number = one_sale(db, actions, staff)
    before = _payments(db)
    with pytest.raises(NotAllowed, match="only the owner may void a receipt"):
        voids.void_receipt(db, number, "wrong booth", by=staff.anna)
    with pytest.raises(NotAllowed, match="only the owner may refund more"):
        voids.refund(db, 1, D("1"), "bad line", by=staff.anna)
    assert _payments(db) == before
    with db.read() as s:
        assert s.scalar(select(Receipt.voided_at)) is None


def test_the_owner_voids_cash_out_is_the_total_in_the_counters_drawer(db, actions, staff):
    number = one_sale(db, actions, staff)
    before = shifts.x_report(db, staff.anna, by=staff.anna, printing=False).report
    assert (before.expected, before.voids, before.voided) == (D("52.50"), 0, D("0"))
    done = voids.void_receipt(
        db, number, "  sold to the wrong booth ", by=staff.olga, drawer=staff.anna
    )
    assert (done.number, done.amount) == (number, D("2.50"))
    assert _payments(db)[-1] == ("void", D("-2.50"))
    x = shifts.x_report(db, staff.anna, by=staff.anna, printing=False).report
    assert x.expected == D("50.00") == before.expected - D("2.50")
    assert (x.voids, x.voided) == (1, D("2.50"))
    assert x.sales == D("2.50")  # what the shift issued; the void is listed beside it
    with db.read() as s:
        receipt = s.scalar(select(Receipt).where(Receipt.number == number))
        assert receipt.voided_by == staff.olga and receipt.voided_at is not None
        assert receipt.void_reason == "sold to the wrong booth"
        row = s.scalar(select(AuditLog).where(AuditLog.action == "receipt.void"))
        assert row.user_id == staff.olga and row.object_id == receipt.id
        details = json.loads(row.details)
        assert D(details.pop("amount")) == D("2.50")
        assert details == {"number": number, "reason": "sold to the wrong booth"}
    z = shifts.close(db, staff.anna, shifts.parse_counted("50x1"), by=staff.anna).report
    assert (z.voids, z.voided, z.difference) == (1, D("2.50"), D("0"))
    assert shifts.z_report(db, z.z_number).voided == D("2.50")  # kept in the closed Z


def test_a_second_void_and_a_call_receipt_are_refused(db, actions, staff):
    number = one_sale(db, actions, staff)
    voids.void_receipt(db, number, "mistake", by=staff.olga, drawer=staff.anna)
    before = _payments(db)
    with pytest.raises(CounterError, match=f"receipt {number} is already voided"):
        voids.void_receipt(db, number, "again", by=staff.olga, drawer=staff.anna)
    with pytest.raises(CallshopError, match="no receipt number 99"):
        voids.void_receipt(db, 99, "again", by=staff.olga, drawer=staff.anna)
    with pytest.raises(CounterError, match="give a reason"):
        voids.void_receipt(db, number, "   ", by=staff.olga, drawer=staff.anna)
    with db.session() as s:
        s.add(Receipt(number=7, kind="call", total=D("1.00"), layout_json="[]"))
    with pytest.raises(CounterError, match="receipt 7 is a call receipt"):
        voids.void_receipt(db, 7, "mistake", by=staff.olga, drawer=staff.anna)
    assert _payments(db) == before


def test_the_voiders_drawer_must_be_open(db, actions, staff):
    number = one_sale(db, actions, staff)
    with pytest.raises(CounterError, match="open a shift first"):
        voids.void_receipt(db, number, "mistake", by=staff.olga)  # Olga has no drawer open
    with db.read() as s:
        assert s.scalar(select(Receipt.voided_at)) is None  # nothing half-done


def test_a_receipt_of_a_closed_shift_is_voided_from_todays_drawer(db, actions, staff):
    number = one_sale(db, actions, staff)
    z = shifts.close(db, staff.anna, shifts.parse_counted("50x1,2.50x1"), by=staff.anna)
    shifts.open_new(db, staff.anna, D("10"), by=staff.anna)
    voids.void_receipt(db, number, "complaint", by=staff.olga, drawer=staff.anna)
    x = shifts.x_report(db, staff.anna, by=staff.anna, printing=False).report
    assert (x.expected, x.voids, x.voided) == (D("7.50"), 1, D("2.50"))
    assert shifts.z_report(db, z.report.z_number).voids == 0  # the closed shift is as it was


def test_the_takings_leave_a_voided_receipt_out(db, actions, staff):
    number = one_sale(db, actions, staff)
    today = period_of("today", date.today())
    with db.read() as s:
        assert revenue_report(s, today).total.takings == D("2.50")
    voids.void_receipt(db, number, "mistake", by=staff.olga, drawer=staff.anna)
    with db.read() as s:
        report = revenue_report(s, today)
    assert report.total.takings == D("0") == sum((b.takings for b in report.booths), D(0))
    assert report.days[-1].takings == D("0")


def test_the_void_slip_is_queued_with_the_void(db, actions, staff):
    enable_printer(db)
    number = one_sale(db, actions, staff)
    done = voids.void_receipt(db, number, "mistake", by=staff.olga, drawer=staff.anna)
    with db.read() as s:
        job = s.get(PrintJob, done.job_id)
        assert (job.kind, job.reference) == ("void_slip", f"V{number}")
        text = job.payload.decode("cp437", "replace")
    assert "*** VOID ***" in text and "Olga" in text and "mistake" in text and "2.50" in text


def test_the_owner_refunds_a_stopped_session_never_more_than_it_took(db, actions, staff):
    number = one_sale(db, actions, staff)
    with db.read() as s:
        session_id = s.scalar(select(Receipt.session_id).where(Receipt.number == number))
    with pytest.raises(CounterError, match=r"holds only 2\.50: 3\.00 is too much"):
        voids.refund(db, session_id, D("3"), "bad line", by=staff.olga, drawer=staff.anna)
    done = voids.refund(db, session_id, D("1.00"), "bad line", by=staff.olga, drawer=staff.anna)
    assert (done.left, done.receipt_no, done.job_id) == (D("1.50"), number, None)
    assert _payments(db)[-1] == ("refund", D("-1.00"))
    x = shifts.x_report(db, staff.anna, by=staff.anna, printing=False).report
    assert (x.refunds, x.refunded, x.expected) == (1, D("1.00"), D("51.50"))
    # the void may no longer give back the whole total: that would pay the 1.00 twice
    with pytest.raises(CounterError, match=r"only 1\.50 of its 2\.50"):
        voids.void_receipt(db, number, "mistake", by=staff.olga, drawer=staff.anna)
    with db.read() as s:
        assert (
            s.scalar(
                select(func.count())
                .select_from(AuditLog)
                .where(AuditLog.action == "session.refund")
            )
            == 1
        )


def test_what_can_be_refunded_and_the_refund_slip(db, actions, staff):
    enable_printer(db)
    number = one_sale(db, actions, staff)
    session_id = voids.session_of_receipt(db, number)
    [row] = voids.refundable(db)
    assert (row.receipt_no, row.session_id, row.total, row.held) == (
        number,
        session_id,
        D("2.50"),
        D("2.50"),
    )
    done = voids.refund(db, session_id, D("1"), "bad line", by=staff.olga, drawer=staff.anna)
    with db.read() as s:
        job = s.get(PrintJob, done.job_id)
        assert (job.kind, job.reference, job.receipt_id is not None) == ("refund_slip", "R1", True)
        text = job.payload.decode("cp437", "replace")
    assert "*** REFUND ***" in text and "Refunded by" in text and "Olga" in text
    assert [r.held for r in voids.refundable(db)] == [D("1.50")]
    voids.refund(db, session_id, D("1.50"), "the rest", by=staff.olga, drawer=staff.anna)
    assert voids.refundable(db) == []  # it holds nothing any more
    with pytest.raises(CallshopError, match="no receipt number 99"):
        voids.session_of_receipt(db, 99)


def test_a_voided_receipt_is_not_offered_for_a_refund(db, actions, staff):
    number = one_sale(db, actions, staff)
    voids.void_receipt(db, number, "mistake", by=staff.olga, drawer=staff.anna)
    assert voids.refundable(db) == []
