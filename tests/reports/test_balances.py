"""The balances of a period — the callshop customer's (debited by the calls' wholesale costs)
and what is owed to each vendor — in the Reports window, the PDF, the CSV and the CLI, against
sums made by hand over the generated calls (real SQLite file, real widgets offscreen)."""

from __future__ import annotations

import csv
import io
import json
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import select

from callshop_pos.cli.main import main
from callshop_pos.db.models import Customer, Vendor
from callshop_pos.services import reports_files
from callshop_pos.services.reports_period import Period, Preset
from printing.format import price
from tests.reports.conftest import DAY0
from tests.services.test_receipts import set_prefs

ZERO = Decimal(0)
FIRST, LAST = DAY0 + timedelta(days=1), DAY0 + timedelta(days=2)  # two days in the middle
LONG = 20000
SHOTS = Path("/tmp/shots")


@dataclass(frozen=True)
class Want:
    kind: str
    name: str
    opening: Decimal
    calls: int
    movement: Decimal
    closing: Decimal


def wanted(db, made) -> list[Want]:
    """By hand: a balance at a moment is today's stored balance with the later calls' costs
    taken back (the customer's went down by them, the vendors' up)."""
    with db.read() as s:
        customer = s.scalars(select(Customer)).one()
        vendors = list(s.scalars(select(Vendor).order_by(Vendor.name)))
        stored = {("customer", customer.name): customer.balance}
        stored |= {("vendor", v.name): v.balance for v in vendors}

    def from_day(day, costs) -> Decimal:
        return sum((c for d, c in costs if d >= day), ZERO)

    out = []
    # "Booth 10" of the generated shop belongs to no customer: its calls move no balance
    mine = [(g.day, g.wholesale) for g in made if g.wholesale is not None and g.booth != "Booth 10"]
    now = stored[("customer", customer.name)]
    opening, closing = now + from_day(FIRST, mine), now + from_day(LAST + timedelta(days=1), mine)
    calls = sum(1 for d, _ in mine if FIRST <= d <= LAST)
    out.append(Want("customer", customer.name, opening, calls, closing - opening, closing))
    for v in vendors:
        costs = [(g.day, g.vendor) for g in made if g.vendor_name == v.name]
        now = stored[("vendor", v.name)]
        opening = now - from_day(FIRST, costs)
        closing = now - from_day(LAST + timedelta(days=1), costs)
        calls = sum(1 for d, _ in costs if FIRST <= d <= LAST)
        out.append(Want("vendor", v.name, opening, calls, closing - opening, closing))
    return out


def test_the_hand_sums_move(generated):
    """The period is in the middle: every party's balance moves within it and before it."""
    db, made = generated
    for w in wanted(db, made):
        assert w.calls > 0 and w.movement != 0 and w.opening != w.closing
        assert w.opening + w.movement == w.closing


def _show(qtbot, win, runner) -> None:
    win.set_preset(Preset.CUSTOM)
    win.first.setDate(FIRST)
    win.last.setDate(LAST)
    qtbot.mouseClick(win.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not runner.busy and win.loaded is not None, timeout=LONG)


def test_balances_tab_shows_opening_calls_movement_closing(qtbot, window, generated):
    win, runner, made = window
    db, _ = generated
    _show(qtbot, win, runner)
    want = wanted(db, made)
    book = win.loaded.balances
    got = [
        Want(b.kind, b.name, b.opening, b.calls, b.movement, b.closing)
        for b in (*book.customers, *book.vendors)
    ]
    assert got == want
    table = win.balances_table
    assert win.tabs.tabText(win.tabs.indexOf(table)) == "Balances"
    assert table.rowCount() == len(want)
    for row, w in enumerate(want):
        cells = [
            table.item(row, c).text().replace("\N{NARROW NO-BREAK SPACE}", "") for c in range(6)
        ]
        assert cells[1] == w.name and cells[3] == str(w.calls)
        for col, amount in ((2, w.opening), (4, w.movement), (5, w.closing)):
            assert cells[col] == f"{price(amount, 2, 6)} EUR"
    assert table.item(0, 0).text() == "Callshop customer"


def test_balances_in_the_pdf_in_russian_and_the_csv(generated):
    db, made = generated
    set_prefs(db, language="ru")
    period = Period(FIRST, LAST)
    want = wanted(db, made)
    pdf = reports_files.revenue_pdf_for(db, period)
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Балансы" in text
    for w in want:
        cells = [price(a, 2, 6, mark=",") for a in (w.opening,)]
        row = f"{w.name} EUR {cells[0]} {w.calls} {price(w.movement, 2, 6, mark=',')}"
        assert row + f" {price(w.closing, 2, 6, mark=',')}" in text, row
    data = reports_files.revenue_csv_for(db, period).decode("utf-8")
    section = data[data.index("# balances\n") + len("# balances\n") :]
    records = list(csv.DictReader(io.StringIO(section)))
    assert records == [_record(w) for w in want]


def _record(w: Want) -> dict[str, str]:
    return {
        "kind": w.kind,
        "name": w.name,
        "currency": "EUR",
        "opening": price(w.opening, 2, 6),
        "calls": str(w.calls),
        "movement": price(w.movement, 2, 6),
        "closing": price(w.closing, 2, 6),
    }


def test_cli_report_balances_json(generated, capsys):
    db, made = generated
    url = str(db.engine.url)
    argv = ["--db", url, "report", "balances", "--from", str(FIRST), "--to", str(LAST)]
    assert main([*argv, "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    want = [_record(w) | {"calls": w.calls} for w in wanted(db, made)]
    assert got == want
