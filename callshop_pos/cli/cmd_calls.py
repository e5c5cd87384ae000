"""``callshop-pos calls list``: the billed calls."""

from __future__ import annotations

import argparse
import json
from typing import Any

from sqlalchemy import select

from callshop_pos.cli.common import CliError, open_db
from callshop_pos.db.models import Account, Call


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("calls", help="the calls the booths made")
    calls = p.add_subparsers(dest="calls_command", metavar="ACTION", required=True)
    listing = calls.add_parser("list", help="list calls, newest last")
    listing.add_argument("--booth", metavar="NAME", help="only this booth (name or login)")
    listing.add_argument("--limit", type=int, default=0, help="only the last N calls")
    listing.add_argument("--json", action="store_true", help="one JSON object per call")
    listing.set_defaults(func=run_list)


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
            print(f"{'booth':<12} {'number':<18} {'prefix':<8} {'answered (UTC)':<20} "
                  f"{'secs':>5} {'disposition':<12} {'cost':>9}")
        for call, name in rows:
            booth = name or call.endpoint
            if args.json:
                print(json.dumps(call_json(call, booth)))
            else:
                answered = call.answered_at.strftime("%Y-%m-%d %H:%M:%S") if call.answered_at \
                    else "-"
                print(f"{booth:<12} {call.number:<18} {call.prefix or '-':<8} {answered:<20} "
                      f"{call.billable_seconds:>5} {call.disposition:<12} {call.cost:>9}")
    return 0
