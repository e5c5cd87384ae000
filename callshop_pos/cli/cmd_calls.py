"""``callshop-pos calls list|adjustments|problems``: the billed calls, what was settled after
a Stop, and what could not be billed.

``calls list`` is built for a year of calls: ``--from``/``--to``, ``--booth`` and ``--limit``
are conditions of the SQL query (``--from``/``--to`` use the index on ``calls.started_at``),
only the columns shown are read, and rows are fetched in batches and printed as they come,
so a year costs the memory of a batch. The database is imported when a command runs, not to
build its parser (see cli/main.py).
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from callshop_pos.cli.common import CliError, open_db

if TYPE_CHECKING:
    from sqlalchemy import Select

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


def _tables() -> tuple[Any, Any]:
    """The calls and accounts tables with just the columns listed, typed as the models type
    them (exact money, UTC times): SQLAlchemy Core, so listing imports neither the ORM nor
    the models (half a second of a one-day listing)."""
    from sqlalchemy import Integer, String, column, table

    from callshop_pos.db.types import Money, UTCDateTime

    calls = table(
        "calls",
        column("id", Integer),
        column("account_id", Integer),
        column("number", String),
        column("prefix", String),
        column("area_name", String),
        column("started_at", UTCDateTime()),
        column("answered_at", UTCDateTime()),
        column("billable_seconds", Integer),
        column("disposition", String),
        column("refusal_reason", String),
        column("cost", Money()),
        column("booth_uniqueid", String),
        column("endpoint", String),
    )
    accounts = table("accounts", column("id", Integer), column("name"), column("voip_login"))
    return calls, accounts


def list_query(
    account_id: int | None,
    since: _Bound | None = None,
    until: _Bound | None = None,
    limit: int | None = None,
) -> Select[*tuple[Any, ...]]:
    """The listed calls' columns, oldest first; with ``limit`` the last ``limit`` of them
    (newest ones found by the index, then put back in order)."""
    from sqlalchemy import select

    call, account = _tables()
    c = call.c
    query = select(
        c.id,
        c.number,
        c.prefix,
        c.area_name,
        c.started_at,
        c.answered_at,
        c.billable_seconds,
        c.disposition,
        c.refusal_reason,
        c.cost,
        c.booth_uniqueid,
        c.endpoint,
        account.c.name.label("booth_name"),
    ).outerjoin(account, account.c.id == c.account_id)
    if account_id is not None:
        query = query.where(c.account_id == account_id)
    if since is not None:
        query = query.where(c.started_at >= since.at)
    if until is not None:
        query = query.where(c.started_at < until.end())
    if limit is None:
        return query.order_by(c.started_at, c.id)
    last = query.order_by(c.started_at.desc(), c.id.desc()).limit(limit).subquery()
    return select(last).order_by(last.c.started_at, last.c.id)


def _booth_id(conn: Any, booth: str) -> int:
    """The account named ``booth`` (its name or VoIP login), or a one-line refusal."""
    from sqlalchemy import select

    _calls, account = _tables()
    found = conn.scalar(
        select(account.c.id).where((account.c.name == booth) | (account.c.voip_login == booth))
    )
    if found is None:
        raise CliError(f"no booth named {booth!r}")
    return int(found)


def run_list(args: argparse.Namespace) -> int:
    if args.since is not None and args.until is not None and args.since.at >= args.until.end():
        raise CliError("calls list: --from must be before --to")
    db = open_db(args)
    with db.engine.connect() as conn:
        account_id = _booth_id(conn, args.booth) if args.booth else None
        query = list_query(account_id, args.since, args.until, args.limit)
        rows = conn.execute(query.execution_options(yield_per=BATCH))
        if not args.json:
            print(
                f"{'booth':<12} {'number':<18} {'prefix':<8} {'answered (UTC)':<20} "
                f"{'secs':>5} {'disposition':<12} {'cost':>9}"
            )
        for call in rows:  # streamed: printed as the batches come
            booth = call.booth_name or call.endpoint
            if args.json:
                print(json.dumps(call_json(call, booth)))
            else:
                answered = (
                    call.answered_at.strftime("%Y-%m-%d %H:%M:%S") if call.answered_at else "-"
                )
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
