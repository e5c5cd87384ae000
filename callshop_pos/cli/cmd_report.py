"""``callshop-pos report revenue|calls|sessions|shift|problems|balances --from DATE --to DATE
[--json|--csv]``: the reports of services/reports*.py, the shifts' X/Z reports
(services/shifts.py) and the balances of services/ledger.py for scripts and checks (local
days, both included).

Without ``--json``/``--csv`` a short table is printed. Owner-only, like the app's Reports
window (``--owner NAME``, the PIN from $CALLSHOP_OWNER_PIN), once the shop has an owner.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from callshop_pos.cli.common import CliError, add_owner_option, open_db, owner_check

KINDS = ("revenue", "calls", "sessions", "shift", "problems", "balances")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text[:40]!r}") from None


_day.__name__ = "date"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report", help="revenue, calls, sessions, shifts, problems and balances of a period"
    )
    p.add_argument("kind", choices=KINDS, help="which report")
    p.add_argument("--from", dest="first", type=_day, metavar="DATE", help="first local day")
    p.add_argument("--to", dest="last", type=_day, metavar="DATE", help="last local day")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="one JSON document")
    out.add_argument("--csv", action="store_true", help="CSV (revenue: one table per part)")
    add_owner_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from callshop_pos.services.permissions import Permission
    from callshop_pos.services.reports_period import BadPeriod, Period

    try:
        period = Period(args.first or date.today(), args.last or args.first or date.today())
    except BadPeriod as exc:
        raise CliError(str(exc)) from None
    db = open_db(args)
    try:
        owner_check(db, args, Permission.VIEW_REPORTS)
        with db.read() as s:
            text = _render(db, s, args, period)
    finally:
        db.dispose()
    print(text, end="" if text.endswith("\n") else "\n")
    return 0


def _render(db: Any, s: Any, args: argparse.Namespace, period: Any) -> str:
    from callshop_pos.services import reports_export as ex
    from callshop_pos.services.reports import revenue_report_of
    from callshop_pos.services.reports_sessions import problems_report, sessions_report

    if args.kind == "revenue":
        report = revenue_report_of(db, period)
        if args.csv:
            return ex.revenue_csv(report)
        if args.json:
            return json.dumps(ex.revenue_record(report), ensure_ascii=False, indent=1)
        return _table(
            ex.FIGURE_COLUMNS,
            [ex.figure_record(f) for f in report.booths]
            + [ex.figure_record(report.total) | {"key": "total"}],
        )
    columns: tuple[str, ...]
    if args.kind == "calls":
        columns, records = ex.CALL_COLUMNS, [ex.call_record(c) for c in _all_calls(s, period)]
    elif args.kind == "balances":
        from callshop_pos.services.ledger import ledger

        columns = ex.BALANCE_COLUMNS
        records = ex.balance_records(ledger(s, period.start, period.end))
    elif args.kind == "sessions":
        columns = ex.SESSION_COLUMNS
        records = [ex.session_record(r) for r in sessions_report(s, period)]
    elif args.kind == "shift":
        from callshop_pos.services.shifts import period_reports

        columns = ex.SHIFT_COLUMNS
        records = [ex.shift_record(r) for r in period_reports(s, period.start, period.end)]
    else:
        columns = ex.PROBLEM_COLUMNS
        records = [ex.problem_record(p) for p in problems_report(s, period)]
    if args.csv:
        return ex.to_csv(columns, records)
    if args.json:
        return json.dumps(records, ensure_ascii=False, indent=1)
    return _table(columns, records)


def _all_calls(s: Any, period: Any) -> list[Any]:
    from callshop_pos.services.reports_calls import CallFilter, calls_page

    rows: list[Any] = []
    key = None
    while True:
        page = calls_page(s, CallFilter(period), after=key, limit=1000)
        rows += page.rows
        if page.next_key is None:
            return rows
        key = page.next_key


def _table(columns: tuple[str, ...], records: list[dict[str, Any]]) -> str:
    if not records:
        return "(nothing in this period)"
    width = {c: max(len(c), *(len(str(r[c])) for r in records)) for c in columns}
    lines = ["  ".join(c.ljust(width[c]) for c in columns)]
    lines += ["  ".join(str(r[c]).ljust(width[c]) for c in columns) for r in records]
    return "\n".join(line.rstrip() for line in lines)
