"""A month of the demo shop (8 booths, about 20,000 calls, prepaid, postpaid, walk-ins,
top-ups, extras, refunds, change, two cashiers in shifts) made through the real billing path
(``month_db``, see conftest.py): every view of its money agrees with every other to the cent.

The calls browser (its pages and its totals), the revenue report (each of its parts), the
sessions report, the receipts, the Z reports and the CLI's JSON are read independently, each
through its own query, and compared; the Z reports also against the raw movements."""

from __future__ import annotations

import contextlib
import io
import json
from collections import Counter
from decimal import Decimal
from itertools import pairwise

import pytest
from sqlalchemy import func, or_, select

from callshop_pos.cli.main import main as cli
from callshop_pos.counter import Disposition
from callshop_pos.db.engine import Database
from callshop_pos.db.models import (
    BoothSession,
    Call,
    CashMovement,
    ExtraItem,
    Payment,
    Receipt,
    Shift,
    User,
)
from callshop_pos.services import shifts
from callshop_pos.services.reports import Figures, RevenueReport, revenue_report_of, total_of
from callshop_pos.services.reports_calls import CallFilter, calls_page, calls_totals
from callshop_pos.services.reports_period import Period
from callshop_pos.services.reports_sessions import (
    ProblemKind,
    SessionRow,
    problems_report,
    sessions_report,
)
from tests.month.traffic import DAYS

D = Decimal
ZERO = D(0)


@pytest.fixture(scope="module")
def month(month_db: Database) -> tuple[Database, Period]:
    with month_db.read() as s:
        first, last = s.execute(
            select(func.min(BoothSession.started_at), func.max(BoothSession.started_at))
        ).one()
    return month_db, Period(first.astimezone().date(), last.astimezone().date())


@pytest.fixture(scope="module")
def revenue(month: tuple[Database, Period]) -> RevenueReport:
    db, period = month
    return revenue_report_of(db, period)


@pytest.fixture(scope="module")
def session_rows(month: tuple[Database, Period]) -> list[SessionRow]:
    db, period = month
    with db.read() as s:
        return sessions_report(s, period)


def money(figures: Figures) -> tuple[int, int, Decimal, Decimal, Decimal, Decimal]:
    return (
        figures.calls,
        figures.billed_seconds,
        figures.revenue,
        figures.wholesale,
        figures.vendor,
        figures.cost,
    )


def takings_of(db: Database) -> Decimal:
    """The stored session receipts' totals (what the customers were handed)."""
    with db.read() as s:
        total = s.scalar(
            select(func.sum(Receipt.total)).where(
                Receipt.kind == "session", Receipt.voided_at.is_(None)
            )
        )
    return total or ZERO


def test_the_month_is_a_shops_month(month, session_rows):
    db, period = month
    assert len(period.days()) == DAYS
    with db.read() as s:
        calls = s.scalar(select(func.count(Call.id)))
        kinds = Counter(s.scalars(select(Payment.kind)))
        cashiers = {u.name for u in s.scalars(select(User).join(Shift, Shift.user_id == User.id))}
        closed = s.scalar(select(func.count(Shift.id)).where(Shift.closed_at.is_not(None)))
        still_open = s.scalar(select(func.count(Shift.id)).where(Shift.closed_at.is_(None)))
        extras = s.scalar(select(func.count(ExtraItem.id)))
    assert 17_000 <= calls <= 25_000
    assert len({r.booth for r in session_rows}) == 8
    assert {r.mode for r in session_rows} == {"prepaid", "postpaid"}
    assert kinds["prepayment"] > 1000 and kinds["topup"] > 100 and kinds["refund"] > 1000
    assert kinds["payment"] > 100 and kinds["change"] > 100
    assert extras > 500
    assert cashiers == {"Anna", "Boris"}
    assert (closed, still_open) == (2 * DAYS, 0)  # each cashier's day closed with its Z
    assert all(r.stopped_at is not None for r in session_rows)


def test_the_calls_browser_agrees_with_the_revenue_report(month, revenue):
    db, period = month
    answered = CallFilter(period, disposition=Disposition.ANSWERED)
    with db.read() as s:
        everything = calls_totals(s, CallFilter(period))
        billed = calls_totals(s, answered)
        # the browser's pages, as the owner scrolls them: every row once, in order
        seen: list[int] = []
        cost = wholesale = ZERO
        key = None
        while True:
            page = calls_page(s, CallFilter(period), after=key, limit=500)
            seen += [row.id for row in page.rows]
            cost += sum((row.cost for row in page.rows), ZERO)
            wholesale += sum((row.wholesale or ZERO for row in page.rows), ZERO)
            if page.next_key is None:
                break
            key = page.next_key
        all_calls = s.scalar(select(func.count(Call.id)))
    assert len(seen) == len(set(seen)) == everything.calls == all_calls
    assert cost == everything.revenue == billed.revenue == revenue.total.revenue
    assert wholesale == everything.wholesale == revenue.total.wholesale
    assert money(billed) == money(revenue.total)
    assert revenue.total.revenue > D(5000)


def test_every_part_of_the_revenue_report_adds_up_to_its_total(revenue):
    total = money(revenue.total)
    for part in (revenue.days, revenue.booths, revenue.destinations, revenue.vendors):
        assert money(total_of(part)) == total
    assert sum(revenue.talk_seconds_by_hour) > 0
    assert [f.key for f in revenue.booths] == [f"Booth {n}" for n in range(1, 9)]
    assert len(revenue.days) == DAYS
    # the margin is revenue less what the calls cost the shop, line by line
    assert revenue.total.margin == revenue.total.revenue - revenue.total.cost
    assert sum((f.margin for f in revenue.destinations), ZERO) == revenue.total.margin


def test_the_sessions_report_agrees_with_the_calls_and_the_receipts(month, revenue, session_rows):
    db, _ = month
    calls_total = sum((r.calls_total for r in session_rows), ZERO)
    extras_total = sum((r.extras_total for r in session_rows), ZERO)
    totals = sum((r.total or ZERO for r in session_rows), ZERO)
    assert calls_total == revenue.total.revenue  # every billed call is in a session
    assert extras_total == revenue.total.extras
    assert totals == calls_total + extras_total
    # "the revenue equals the sum of the receipts' totals"
    assert totals == takings_of(db) == revenue.total.takings
    for r in session_rows:  # what each customer paid is what the receipt says
        assert r.paid - r.refunded == r.total, r.id
    with db.read() as s:
        billed = s.scalar(select(func.count(Call.id)).where(Call.cost > 0))
    assert sum(r.calls for r in session_rows) == billed


def test_no_problem_is_found_in_the_month(month):
    db, period = month
    with db.read() as s:
        problems = problems_report(s, period)
    money_kinds = {
        ProblemKind.OUTSIDE_SESSION,
        ProblemKind.PAID_SHORT,
        ProblemKind.CALLS_MISMATCH,
        ProblemKind.ADJUSTMENT,
        ProblemKind.UNBILLABLE,
    }
    assert [p for p in problems if p.kind in money_kinds] == []


def z_reports(db: Database) -> list[tuple[Shift, shifts.ShiftReport]]:
    with db.read() as s:
        closed = list(
            s.scalars(select(Shift).where(Shift.closed_at.is_not(None)).order_by(Shift.z_number))
        )
    return [(shift, shifts.z_report(db, shift.z_number or 0)) for shift in closed]


def test_every_z_report_adds_up_from_its_movements(month):
    db, _ = month
    reports = z_reports(db)
    assert len(reports) == 2 * DAYS
    with db.read() as s:
        for shift, z in reports:
            raw = ZERO
            for table in (Payment, CashMovement):
                raw += s.scalar(
                    select(func.coalesce(func.sum(table.amount), ZERO)).where(
                        table.shift_id == shift.id
                    )
                )
            assert z.expected == z.starting_float + sum((m.amount for m in z.movements), ZERO)
            assert z.expected == shift.starting_float + raw == shift.expected
            assert z.counted_total == z.expected and z.difference == 0  # counted exactly
            assert z.printed_at == z.closed_at  # printed when it was closed, in the past
            outside = s.scalar(  # every receipt of the shift was handed out while it was open
                select(func.count(Receipt.id)).where(
                    Receipt.shift_id == shift.id,
                    or_(Receipt.created_at < shift.opened_at, Receipt.created_at > shift.closed_at),
                )
            )
            assert outside == 0, shift.z_number


def test_the_z_reports_of_the_month_agree_with_the_reports(month, revenue, session_rows):
    db, _ = month
    reports = [z for _, z in z_reports(db)]
    takings = takings_of(db)
    assert sum((z.sales for z in reports), ZERO) == takings == revenue.total.takings
    # the cash the drawers took over the month is what the sessions kept
    taken = sum((z.expected - z.starting_float for z in reports), ZERO)
    assert taken == sum((r.total or ZERO for r in session_rows), ZERO)
    assert sum((z.extras_total for z in reports), ZERO) == revenue.total.extras
    assert sum((z.refunded for z in reports), ZERO) == sum((r.refunded for r in session_rows), ZERO)
    # every session receipt of the month is in exactly one Z, numbered without a gap
    ranges = sorted(
        (z.first_receipt, z.last_receipt)
        for z in reports
        if z.first_receipt is not None and z.last_receipt is not None
    )
    assert sum(z.receipts for z in reports) == len(session_rows)
    assert ranges[0][0] == 1
    for (_, last), (first, _) in pairwise(ranges):
        assert first == last + 1
    assert ranges[-1][1] == len(session_rows)


def test_the_cli_reports_say_the_same(month, revenue, session_rows):
    db, period = month
    dates = ["--from", period.first.isoformat(), "--to", period.last.isoformat()]

    def run(*args: str) -> object:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert cli(["--db", str(db.path), "report", *args, *dates, "--json"]) == 0
        return json.loads(out.getvalue())

    record = run("revenue")
    assert isinstance(record, dict)
    total = record["total"]
    assert D(total["revenue"]) == revenue.total.revenue
    assert D(total["takings"]) == takings_of(db)
    assert total["calls"] == revenue.total.calls
    sessions = run("sessions")
    assert isinstance(sessions, list) and len(sessions) == len(session_rows)
    assert sum((D(r["total"]) for r in sessions), ZERO) == revenue.total.takings
    zs = run("shift")
    assert isinstance(zs, list) and [r["kind"] for r in zs] == ["Z"] * 2 * DAYS
    assert sum((D(r["sales"]) for r in zs), ZERO) == revenue.total.takings
    assert all(D(r["difference"]) == 0 for r in zs)
