"""``callshop-pos calls list|adjustments|problems``: the billed calls, what was settled after
a Stop, and what could not be billed."""

from __future__ import annotations

import argparse
import json
from typing import Any

from sqlalchemy import select

from callshop_pos.cli.common import CliError, open_db
from callshop_pos.db.models import Account, Adjustment, Call
from callshop_pos.services import problems


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("calls", help="the calls the booths made")
    calls = p.add_subparsers(dest="calls_command", metavar="ACTION", required=True)
    listing = calls.add_parser("list", help="list calls, newest last")
    listing.add_argument("--booth", metavar="NAME", help="only this booth (name or login)")
    listing.add_argument("--limit", type=int, default=0, help="only the last N calls")
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


def call_json(call: Call, booth: str) -> dict[str, Any]:
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


def run_list(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.read() as s:
        query = select(Call, Account.name).outerjoin(Account, Account.id == Call.account_id)
        if args.booth:
            account = s.scalar(
                select(Account).where(
                    (Account.name == args.booth) | (Account.voip_login == args.booth)
                )
            )
            if account is None:
                raise CliError(f"no booth named {args.booth!r}")
            query = query.where(Call.account_id == account.id)
        query = query.order_by(Call.started_at, Call.id)
        rows = list(s.execute(query))
        if args.limit:
            rows = rows[-args.limit :]
        if not args.json:
            print(
                f"{'booth':<12} {'number':<18} {'prefix':<8} {'answered (UTC)':<20} "
                f"{'secs':>5} {'disposition':<12} {'cost':>9}"
            )
        for call, name in rows:
            booth = name or call.endpoint
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
