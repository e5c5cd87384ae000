"""``callshop-pos calls list|adjustments|problems``: the billed calls, what was settled after
a Stop, and what could not be billed.

``calls list`` is built for a year of calls: ``--from``/``--to``, ``--booth`` and ``--limit``
are conditions of the SQL query (``--from``/``--to`` use the index on ``calls.started_at``),
only the columns shown are read, and rows are fetched in batches and printed as they come,
so a year costs the memory of a batch. The query is one SQL text (db/query.py) run by
``sqlite3`` alone on a SQLite file at the schema head (db/sqlite_read.py: no SQLAlchemy
imported), else by SQLAlchemy (db/core_read.py: PostgreSQL, a file to create or upgrade).
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from callshop_pos.cli.common import CliError, open_db, reading
from callshop_pos.db.codecs import INT, MONEY, TEXT, UTC_TIME
from callshop_pos.db.query import Query, Reader, Table, first, select

# Rows fetched from the database at a time while listing (memory stays at one batch).
BATCH = 1000
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class _Bound:
    """A --from/--to argument: a day (YYYY-MM-DD, UTC) or an instant (ISO-8601)."""

    def __init__(self, at: datetime, whole_day: bool) -> None:
        self.at = at
        self.whole_day = whole_day

    def end(self) -> datetime:
        """As an upper bound (exclusive): the day after a day, the instant itself."""
        return self.at + timedelta(days=1) if self.whole_day else self.at


def _bound(text: str) -> _Bound:
    value = text.strip()
    try:
        if _DATE.fullmatch(value):
            return _Bound(datetime.combine(date.fromisoformat(value), time(), UTC), True)
        at = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM): {text[:40]!r}"
        ) from None
    return _Bound(at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC), False)


_bound.__name__ = "date"  # argparse names the type in some messages


def _positive(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 9 or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1, not {text[:20]!r}")
    return int(text)


_positive.__name__ = "count"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("calls", help="the calls the booths made")
    calls = p.add_subparsers(dest="calls_command", metavar="ACTION", required=True)
    listing = calls.add_parser(
        "list",
        help="list calls, newest last",
        description="The calls, oldest first, by their start (UTC). --from/--to take a day "
        "(YYYY-MM-DD: the whole day) or a time (YYYY-MM-DDTHH:MM[:SS], up to it).",
    )
    listing.add_argument("--booth", metavar="NAME", help="only this booth (name or login)")
    listing.add_argument(
        "--from", dest="since", type=_bound, metavar="DATE", help="calls started from DATE on"
    )
    listing.add_argument(
        "--to", dest="until", type=_bound, metavar="DATE", help="calls started up to DATE"
    )
    listing.add_argument(
        "--limit", type=_positive, metavar="N", help="only the last N calls (of the period)"
    )
    listing.add_argument("--json", action="store_true", help="one JSON object per call")
    listing.set_defaults(func=run_list)
    adjustments = calls.add_parser(
        "adjustments",
        help="differences between what a closed session charged for a call "
        "and what Asterisk's record says it cost",
    )
    adjustments.set_defaults(func=run_adjustments)
    problems = calls.add_parser(
        "problems", help="PBX call records set aside because they could not be billed"
    )
    problems.set_defaults(func=run_problems)


def call_json(call: Any, booth: str) -> dict[str, Any]:
    """A listed call as JSON (``call``: a Call or a row with the same column names)."""
    return {
        "booth": booth,
        "number": call.number,
        "prefix": call.prefix,
        "area": call.area_name,
        "started_at": call.started_at.isoformat(),
        "answered_at": call.answered_at.isoformat() if call.answered_at else None,
        "billable_seconds": call.billable_seconds,
        "disposition": call.disposition,
        "refusal_reason": call.refusal_reason,
        "cost": str(call.cost),
        "uniqueid": call.booth_uniqueid,
    }


CALLS = Table.of(
    "calls",
    {
        "id": INT,
        "account_id": INT,
        "number": TEXT,
        "prefix": TEXT,
        "area_name": TEXT,
        "started_at": UTC_TIME,
        "answered_at": UTC_TIME,
        "billable_seconds": INT,
        "disposition": TEXT,
        "refusal_reason": TEXT,
        "cost": MONEY,
        "booth_uniqueid": TEXT,
        "endpoint": TEXT,
    },
)
ACCOUNTS = Table.of("accounts", {"id": INT, "name": TEXT, "voip_login": TEXT})
LISTED = (
    *(CALLS[name] for name, _codec in CALLS.codecs if name != "account_id"),
    ACCOUNTS["name"].as_("booth_name"),
)
BOOTH_QUERY = select(
    [ACCOUNTS["id"]],
    "FROM accounts WHERE accounts.name = :booth OR accounts.voip_login = :booth",
    {"booth": TEXT},
)


def list_query(
    account_id: int | None,
    since: _Bound | None = None,
    until: _Bound | None = None,
    limit: int | None = None,
) -> tuple[Query, dict[str, Any]]:
    """The listed calls' columns, oldest first, and the query's parameters; with ``limit``
    the last ``limit`` of them (newest ones found by the index, then put back in order)."""
    where: list[str] = []
    params: dict[str, Any] = {}
    codecs: dict[str, str] = {}
    for name, value, condition, codec in (
        ("account_id", account_id, "calls.account_id = :account_id", INT),
        ("since", since and since.at, "calls.started_at >= :since", UTC_TIME),
        ("until", until and until.end(), "calls.started_at < :until", UTC_TIME),
    ):
        if value is not None:
            where.append(condition)
            params[name], codecs[name] = value, codec
    rest = "FROM calls LEFT OUTER JOIN accounts ON accounts.id = calls.account_id"
    if where:
        rest += " WHERE " + " AND ".join(where)
    if limit is None:
        return select(LISTED, f"{rest} ORDER BY calls.started_at, calls.id", codecs), params
    params["limit"], codecs["limit"] = limit, INT
    last = select(
        LISTED, f"{rest} ORDER BY calls.started_at DESC, calls.id DESC LIMIT :limit", codecs
    )
    outer = f"SELECT * FROM ({last.sql}) AS last ORDER BY last.started_at, last.id"
    return Query(outer, last.columns, last.params), params


def _booth_id(reader: Reader, booth: str) -> int:
    """The account named ``booth`` (its name or VoIP login), or a one-line refusal."""
    found = first(reader, BOOTH_QUERY, {"booth": booth})
    if found is None:
        raise CliError(f"no booth named {booth!r}")
    return int(found.id)


def run_list(args: argparse.Namespace) -> int:
    if args.since is not None and args.until is not None and args.since.at >= args.until.end():
        raise CliError("calls list: --from must be before --to")
    with reading(args) as reader:
        return print_calls(reader, args)


def print_calls(reader: Reader, args: argparse.Namespace) -> int:
    """``calls list`` read by ``reader`` (SQLite's own, or SQLAlchemy's: the same text)."""
    account_id = _booth_id(reader, args.booth) if args.booth else None
    query, params = list_query(account_id, args.since, args.until, args.limit)
    if not args.json:
        print(
            f"{'booth':<12} {'number':<18} {'prefix':<8} {'answered (UTC)':<20} "
            f"{'secs':>5} {'disposition':<12} {'cost':>9}"
        )
    for call in reader.rows(query, params, BATCH):  # streamed: printed as batches come
        booth = call.booth_name or call.endpoint
        if args.json:
            print(json.dumps(call_json(call, booth)))
        else:
            answered = call.answered_at.strftime("%Y-%m-%d %H:%M:%S") if call.answered_at else "-"
            print(
                f"{booth:<12} {call.number:<18} {call.prefix or '-':<8} {answered:<20} "
                f"{call.billable_seconds:>5} {call.disposition:<12} {call.cost:>9}"
            )
    return 0


def run_adjustments(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from callshop_pos.db.models import Account, Adjustment, Call

    db = open_db(args)
    with db.read() as s:
        rows = s.execute(
            select(Adjustment, Call, Account.name)
            .join(Call, Call.id == Adjustment.call_id)
            .outerjoin(Account, Account.id == Call.account_id)
            .order_by(Adjustment.id)
        ).all()
        print(
            f"{'session':>7} {'booth':<12} {'number':<18} {'kind':<10} {'charged':>9} "
            f"{'actual':>9} {'difference':>10}"
        )
        for adj, call, name in rows:
            print(
                f"{adj.session_id or '-':>7} {name or call.endpoint:<12} {call.number:<18} "
                f"{adj.kind:<10} {adj.charged:>9} {adj.actual:>9} {adj.amount:>10}"
            )
    return 0


def run_problems(args: argparse.Namespace) -> int:
    from callshop_pos.services import problems

    db = open_db(args)
    with db.read() as s:
        found = problems.open_problems(s)
        for p in found:
            print(
                f"{p.id}: {p.booth_uniqueid or '(no uniqueid)'} after {p.tries} tries: "
                f"{p.detail} | {p.record_json}"
            )
        if not found:
            print("no PBX problems")
    return 0
