"""The takings reconcile with the receipts (tax on top, cash rounding), and the CLI's CSV/JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from callshop_pos.cli.main import main
from callshop_pos.db.models import Receipt
from callshop_pos.services.reports import revenue_report
from callshop_pos.services.reports_period import period_of
from callshop_pos.services.reports_sessions import ProblemKind, problems_report
from tests.services.test_receipts import NOW, counter, db, open_booth, set_prefs  # noqa: F401

D = Decimal


def _days() -> tuple[str, str]:
    """The local days the shop's day spans: its sessions start an hour before NOW and stop
    now, so in the first hour after midnight they began the day before."""
    first = (NOW - timedelta(hours=1)).astimezone().date()
    return first.isoformat(), datetime.now().astimezone().date().isoformat()


def _period():
    first, last = _days()
    return period_of("custom", first=date_of(first), last=date_of(last))


def date_of(text: str):
    return datetime.strptime(text, "%Y-%m-%d").date()


def _shop_day(db) -> None:  # noqa: F811
    set_prefs(db, tax_rate=D("0.2"), tax_inclusive=False, smallest_coin=D("0.05"))
    counter(db).stop(open_booth(db, "booth1"))
    counter(db).stop(open_booth(db, "booth2", calls=(("0049301234", 60),), extras=()))


def test_takings_are_the_receipts_totals_with_tax_on_top_and_rounding(db):  # noqa: F811
    _shop_day(db)
    with db.read() as s:
        report = revenue_report(s, _period())
        receipts = s.scalar(select(func.sum(Receipt.total)).where(Receipt.kind == "session"))
    total = report.total
    assert total.takings == receipts
    # booth 1: calls 1.08 + water 1.98 = 3.06, +20 % = 3.672 -> 3.67 -> 3.65 (0.05 coins)
    # booth 2: 0.10 + 20 % = 0.12 -> 0.10
    assert [(b.key, b.takings) for b in report.booths] == [
        ("Booth 1", D("3.65")),
        ("Booth 2", D("0.10")),
    ]
    assert total.revenue + total.extras == D("3.16") != total.takings
    assert report.days[-1].takings == total.takings  # the day of the Stops: now


def test_cli_revenue_csv_and_json(db, capsys):  # noqa: F811
    _shop_day(db)
    url = str(db.engine.url)
    day, last = _days()
    assert main(["--db", url, "report", "revenue", "--from", day, "--to", last, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["total"]["takings"] == "3.75" and doc["total"]["revenue"] == "1.18"
    assert [b["key"] for b in doc["booths"]] == ["Booth 1", "Booth 2"]
    assert main(["--db", url, "report", "revenue", "--from", day, "--to", last, "--csv"]) == 0
    text = capsys.readouterr().out
    booths = text.split("# booths\n")[1].split("\n\n")[0]
    rows = list(csv.DictReader(io.StringIO(booths)))
    assert [(r["key"], r["takings"]) for r in rows] == [("Booth 1", "3.65"), ("Booth 2", "0.10")]


def test_cli_calls_sessions_problems(db, capsys):  # noqa: F811
    _shop_day(db)
    url, (day, last) = str(db.engine.url), _days()
    span = ["--from", day, "--to", last]
    assert main(["--db", url, "report", "calls", *span, "--csv"]) == 0
    calls = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(calls) == 4 and sum(D(c["cost"]) for c in calls) == D("1.18")
    assert main(["--db", url, "report", "sessions", *span, "--json"]) == 0
    sessions = json.loads(capsys.readouterr().out)
    assert [(r["booth"], r["total"], r["paid"], r["refunded"]) for r in sessions] == [
        ("Booth 1", "3.65", "10.00", "6.35"),
        ("Booth 2", "0.10", "10.00", "9.90"),
    ]
    assert main(["--db", url, "report", "problems", *span, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_cli_bad_period_is_one_line(db, capsys):  # noqa: F811
    url = str(db.engine.url)
    assert main(["--db", url, "report", "revenue", "--from", "2026-03-05", "--to", "2026-03-01"])
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ends" in err


def test_a_call_outside_a_session_is_a_problem(db):  # noqa: F811
    _shop_day(db)
    from callshop_pos.db.models import Call

    with db.session() as s:
        call = s.scalar(select(Call).where(Call.cost > 0).limit(1))
        call.session_id = None
    with db.read() as s:
        found = problems_report(s, _period())
    kinds = {p.kind for p in found}
    assert ProblemKind.OUTSIDE_SESSION in kinds and ProblemKind.CALLS_MISMATCH in kinds
