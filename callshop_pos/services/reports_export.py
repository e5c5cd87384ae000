"""The reports as plain records: rows for CSV (one table per report) and JSON objects.

Money is written as exact decimal text at the currency's two decimals (never a float), so a
spreadsheet or a script adds up to the cent what the app shows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from callshop_pos.services.ledger import Balance, Ledger
from callshop_pos.services.reports import Figures, RevenueReport
from callshop_pos.services.reports_calls import CallRow
from callshop_pos.services.reports_sessions import Problem, SessionRow
from printing.report_pdf import exact
from printing.shift_report import ShiftReport

FIGURE_COLUMNS = (
    "key",
    "calls",
    "billed_minutes",
    "revenue",
    "wholesale_cost",
    "vendor_cost",
    "cost",
    "margin",
    "margin_percent",
    "extras",
    "takings",
)
CALL_COLUMNS = (
    "id",
    "started_at",
    "booth",
    "number",
    "area",
    "disposition",
    "billable_seconds",
    "billed_seconds",
    "cost",
    "wholesale_cost",
    "vendor_cost",
    "cashier",
    "session",
)
SESSION_COLUMNS = (
    "id",
    "booth",
    "started_at",
    "stopped_at",
    "mode",
    "calls",
    "calls_total",
    "extras_total",
    "total",
    "paid",
    "refunded",
    "cashier",
)
SHIFT_COLUMNS = (
    "kind",
    "z_number",
    "cashier",
    "opened_at",
    "closed_at",
    "starting_float",
    "sales",
    "expected",
    "counted",
    "difference",
    "receipts",
    "first_receipt",
    "last_receipt",
    "refunded",
    "voided",
    "extras_total",
)
PROBLEM_COLUMNS = ("kind", "at", "booth", "reference", "expected", "actual", "note")
BALANCE_COLUMNS = ("kind", "name", "currency", "opening", "calls", "movement", "closing")


def money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def figure_record(f: Figures) -> dict[str, Any]:
    pct = f.margin_percent
    return {
        "key": f.key,
        "calls": f.calls,
        "billed_minutes": str(f.billed_minutes),
        "revenue": money(f.revenue),
        "wholesale_cost": money(f.wholesale),
        "vendor_cost": money(f.vendor),
        "cost": money(f.cost),
        "margin": money(f.margin),
        "margin_percent": "" if pct is None else str(pct),
        "extras": money(f.extras),
        "takings": money(f.takings),
    }


def revenue_record(report: RevenueReport) -> dict[str, Any]:
    return {
        "from": report.period.first.isoformat(),
        "to": report.period.last.isoformat(),
        "currency": report.currency,
        "total": figure_record(report.total),
        "days": [figure_record(f) for f in report.days],
        "booths": [figure_record(f) for f in report.booths],
        "destinations": [figure_record(f) for f in report.destinations],
        "vendors": [figure_record(f) for f in report.vendors],
        "talk_seconds_by_hour": report.talk_seconds_by_hour,
    }


def call_record(c: CallRow) -> dict[str, Any]:
    return {
        "id": c.id,
        "started_at": c.started_at.isoformat(),
        "booth": c.booth,
        "number": c.number,
        "area": c.area,
        "disposition": c.disposition,
        "billable_seconds": c.billable_seconds,
        "billed_seconds": c.billed_seconds,
        "cost": money(c.cost),
        "wholesale_cost": money(c.wholesale),
        "vendor_cost": money(c.vendor),
        "cashier": c.cashier,
        "session": c.session_id,
    }


def shift_record(r: ShiftReport) -> dict[str, Any]:
    """A shift's X (open) or Z (closed) in a line; every movement kind's total as well."""
    return {
        "kind": r.kind,
        "z_number": "" if r.z_number is None else r.z_number,
        "cashier": r.cashier,
        "opened_at": r.opened_at.isoformat(),
        "closed_at": r.closed_at.isoformat() if r.closed_at else "",
        "starting_float": money(r.starting_float),
        "sales": money(r.sales),
        "expected": money(r.expected),
        "counted": money(r.counted_total),
        "difference": money(r.difference),
        "receipts": r.receipts,
        "first_receipt": "" if r.first_receipt is None else r.first_receipt,
        "last_receipt": "" if r.last_receipt is None else r.last_receipt,
        "refunded": money(r.refunded),
        "voided": money(r.voided),
        "extras_total": money(r.extras_total),
        "movements": {m.kind: money(m.amount) for m in r.movements},
    }


def session_record(r: SessionRow) -> dict[str, Any]:
    return {
        "id": r.id,
        "booth": r.booth,
        "started_at": r.started_at.isoformat(),
        "stopped_at": r.stopped_at.isoformat() if r.stopped_at else "",
        "mode": r.mode,
        "calls": r.calls,
        "calls_total": money(r.calls_total),
        "extras_total": money(r.extras_total),
        "total": money(r.total),
        "paid": money(r.paid),
        "refunded": money(r.refunded),
        "cashier": r.cashier,
    }


def problem_record(p: Problem) -> dict[str, Any]:
    return {
        "kind": str(p.kind),
        "at": p.at.isoformat(),
        "booth": p.booth,
        "reference": p.reference,
        "expected": money(p.expected),
        "actual": money(p.actual),
        "note": p.note,
    }


def balance_record(b: Balance) -> dict[str, Any]:
    return {
        "kind": b.kind,
        "name": b.name,
        "currency": b.currency,
        "opening": exact(b.opening),
        "calls": b.calls,
        "movement": exact(b.movement),
        "closing": exact(b.closing),
    }


def balance_records(book: Ledger) -> list[dict[str, Any]]:
    """The callshop customer(s) first, then the vendors."""
    return [balance_record(b) for b in (*book.customers, *book.vendors)]


def to_csv(columns: Sequence[str], records: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    # the columns make the table; a JSON record may carry more (a shift's movements)
    writer = csv.DictWriter(
        out, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


def revenue_csv(report: RevenueReport, book: Ledger | None = None) -> str:
    """The four tables one after another, each headed by its name (``# days`` ...), then the
    total and, with ``book``, the balances of the period (``# balances``)."""
    parts = []
    for name in ("days", "booths", "destinations", "vendors"):
        rows: list[Figures] = getattr(report, name)
        parts.append(f"# {name}\n" + to_csv(FIGURE_COLUMNS, map(figure_record, rows)))
    total = figure_record(report.total) | {"key": "total"}
    parts.append("# total\n" + to_csv(FIGURE_COLUMNS, [total]))
    if book is not None:
        parts.append("# balances\n" + to_csv(BALANCE_COLUMNS, balance_records(book)))
    return "\n".join(parts)
