"""The reports' SQL aggregates against sums computed by hand over the generated calls."""

from __future__ import annotations

import time as time_module
from collections import defaultdict
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from callshop_pos.db.engine import Database
from callshop_pos.db.models import BoothSession, Receipt
from callshop_pos.services import reports
from callshop_pos.services.reports import revenue_report
from callshop_pos.services.reports_calls import CallFilter, calls_page, calls_totals
from callshop_pos.services.reports_period import BadPeriod, Period, Preset, period_of
from callshop_pos.services.reports_sessions import sessions_report
from tests.reports.conftest import DAY0, DAYS, Gen, make_generated

ZERO = Decimal(0)
WEEK = Period(DAY0, DAY0 + timedelta(days=DAYS - 1))


def test_revenue_per_day_booth_destination_vendor_match_hand_sums(generated):
    db, made = generated
    answered = [g for g in made if g.answered]
    with db.read() as s:
        report = revenue_report(s, WEEK)
    by = {
        "days": lambda g: g.day.isoformat(),
        "booths": lambda g: g.booth,
        "destinations": lambda g: g.area,
        "vendors": lambda g: g.vendor_name,
    }
    for part, key in by.items():
        want: dict[str, list] = defaultdict(lambda: [0, 0, ZERO, ZERO, ZERO, ZERO])
        for g in answered:
            w = want[key(g)]
            w[0] += 1
            w[1] += g.seconds
            w[2] += g.cost
            w[3] += g.wholesale or ZERO
            w[4] += g.vendor
            w[5] += g.wholesale if g.wholesale is not None else g.vendor
        got = {
            f.key: [f.calls, f.billed_seconds, f.revenue, f.wholesale, f.vendor, f.cost]
            for f in getattr(report, part)
            if f.calls
        }
        assert got == dict(want), part
    total = report.total
    assert total.revenue == sum((g.cost for g in answered), ZERO)
    assert total.margin == total.revenue - total.cost
    assert len(report.days) == DAYS  # days without a call are there too
    hours = [0] * 24
    for g in answered:
        hours[g.hour] += g.seconds
    assert report.talk_seconds_by_hour == hours


def test_booths_sort_by_position_not_by_name(generated):
    db, _ = generated
    with db.read() as s:
        names = [f.key for f in revenue_report(s, WEEK).booths]
    assert names.index("Booth 2") < names.index("Booth 10")
    assert names == sorted(names, key=lambda n: int(n.split()[1]))


def test_one_local_day_and_the_presets(generated):
    db, made = generated
    day = DAY0 + timedelta(days=2)
    with db.read() as s:
        report = revenue_report(s, Period(day, day))
    assert [f.key for f in report.days] == [day.isoformat()]
    assert report.total.revenue == sum((g.cost for g in made if g.day == day), ZERO)
    wed = DAY0 + timedelta(days=2)
    assert period_of(Preset.WEEK, wed) == Period(DAY0, wed)
    assert period_of(Preset.YESTERDAY, wed) == Period(
        wed - timedelta(days=1), wed - timedelta(days=1)
    )
    assert period_of(Preset.MONTH, wed).first == wed.replace(day=1)
    with pytest.raises(BadPeriod, match="ends"):
        Period(wed, DAY0)


def test_calls_browser_pages_filters_and_totals(generated):
    db, made = generated
    with db.read() as s:
        everything = CallFilter(WEEK)
        seen, key = [], None
        while True:
            page = calls_page(s, everything, after=key, limit=37)
            seen += page.rows
            if page.next_key is None:
                break
            key = page.next_key
        assert len(seen) == len(made) and len({r.id for r in seen}) == len(made)
        assert [r.key for r in seen] == sorted(r.key for r in seen)
        totals = calls_totals(s, everything)
        assert totals.calls == len(made)
        assert totals.revenue == sum((g.cost for g in made), ZERO)
        moscow = calls_totals(s, CallFilter(WEEK, destination="моск"))
        assert moscow.calls == sum(1 for g in made if g.area == "Москва")
        missed = calls_totals(s, CallFilter(WEEK, disposition="no_answer"))
        assert missed.calls == sum(1 for g in made if not g.answered)
        anna_id = next(r for r in seen if r.cashier == "Anna")
        assert anna_id is not None
        by_anna = [
            r for r in calls_page(s, CallFilter(WEEK), limit=10_000).rows if r.cashier == "Anna"
        ]
        from sqlalchemy import select

        from callshop_pos.db.models import User

        anna = s.scalar(select(User.id).where(User.name == "Anna"))
        filtered = calls_page(s, CallFilter(WEEK, cashier_id=anna), limit=10_000).rows
        assert filtered == by_anna and filtered


def test_sessions_report_counts_calls_and_names_the_cashier(generated):
    db, made = generated
    with db.read() as s:
        rows = sessions_report(s, WEEK)
    assert len(rows) == DAYS * 9
    assert sum(r.calls for r in rows) == sum(1 for g in made if g.cost > 0)
    assert sum((r.calls_total for r in rows), ZERO) == sum((g.cost for g in made), ZERO)
    assert {r.cashier for r in rows} == {"Anna", "Boris"}


def test_the_parts_on_two_connections_make_the_same_report(generated):
    db, _ = generated
    with db.read() as s:
        alone = revenue_report(s, WEEK)
    assert reports.revenue_report_of(db, WEEK) == alone
    assert reports.revenue_report_of(db, Period(DAY0, DAY0)).total.calls == sum(
        f.calls for f in alone.days[:1]
    )


def test_parts_that_read_different_snapshots_are_made_again_from_one(generated, monkeypatch):
    """A receipt committed after the booths' takings were read but before the days' were:
    the parts disagree, so the report is made again from one session and adds up."""
    db, _ = generated
    with db.read() as s:
        before = revenue_report(s, WEEK).total.takings
        session_id = s.scalar(select(BoothSession.id).limit(1))
    read_days = reports.takings_by_day

    added: list[bool] = []

    def receipt_then_days(session, period):
        if not added:  # once: the report made again reads the same days
            added.append(True)
            with db.session() as w:
                at = datetime.combine(DAY0, time(12)).astimezone()
                w.add(
                    Receipt(
                        number=99,
                        kind="session",
                        session_id=session_id,
                        created_at=at,
                        total=Decimal("7.35"),
                        layout_json="{}",
                    )
                )
        return read_days(session, period)

    queries = dict(reports.PART_QUERIES, day_takings=receipt_then_days)
    monkeypatch.setattr(reports, "PART_QUERIES", queries)
    report = reports.revenue_report_of(db, WEEK, workers=1)  # in order: booths, then days
    assert report.total.takings == before + Decimal("7.35")
    assert sum((f.takings for f in report.booths), ZERO) == report.total.takings


@pytest.fixture
def zone(request, monkeypatch):
    """The shop's local time zone for one test (set before the generated calls are made)."""
    monkeypatch.setenv("TZ", request.param)
    time_module.tzset()
    yield request.param
    monkeypatch.undo()
    time_module.tzset()


@pytest.mark.parametrize(
    "zone", ["Asia/Kolkata", "America/St_Johns", "Europe/Berlin"], indirect=True
)
def test_days_and_hours_in_whole_and_half_hour_zones(zone, db_url):
    """+5:30 and -3:30 take the per-call local hour; +1:00 the UTC hour shifted per group
    (SQLite); PostgreSQL groups by the local hour in every zone."""
    db, made = make_generated(db_url)
    try:
        check_days_and_hours(db, made)
    finally:
        db.dispose()


def check_days_and_hours(db: Database, made: list[Gen]) -> None:
    answered = [g for g in made if g.answered]
    with db.read() as s:
        report = revenue_report(s, WEEK)
    per_day: dict[str, Decimal] = defaultdict(Decimal)
    hours = [0] * 24
    for g in answered:
        per_day[g.day.isoformat()] += g.cost
        hours[g.hour] += g.seconds
    assert {f.key: f.revenue for f in report.days} == dict(per_day)
    assert report.talk_seconds_by_hour == hours
