"""``callshop-pos balances [--from DATE] [--to DATE] [--json]``: the callshop customer's
balance with the system owner and what is owed to each vendor, over a period (opening,
the calls' movements, closing), from :func:`callshop_pos.services.ledger.ledger`."""

from __future__ import annotations

import argparse
import json
from typing import Any

from callshop_pos.cli.cmd_calls import _bound
from callshop_pos.cli.common import CliError, open_db

HELP = "the shop's balance with the owner and the vendors', over a period"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "balances",
        help=HELP,
        description="Opening balance, the calls' movements and closing balance of the callshop "
        "customer (debited by the wholesale costs) and of each vendor (credited by its costs). "
        "--from/--to take a day (YYYY-MM-DD: the whole day) or a time (YYYY-MM-DDTHH:MM[:SS]); "
        "without them the period is from the first call to now.",
    )
    p.add_argument("--from", dest="since", type=_bound, metavar="DATE", help="from DATE on")
    p.add_argument("--to", dest="until", type=_bound, metavar="DATE", help="up to DATE")
    p.add_argument("--json", action="store_true", help="one JSON document")
    p.set_defaults(func=run)


def _json(balance: Any) -> dict[str, Any]:
    return {
        "kind": balance.kind,
        "name": balance.name,
        "currency": balance.currency,
        "opening": str(balance.opening),
        "calls": balance.calls,
        "movement": str(balance.movement),
        "closing": str(balance.closing),
        "balance_now": str(balance.now),
    }


def run(args: argparse.Namespace) -> int:
    from callshop_pos.services.ledger import ledger

    since = args.since.at if args.since is not None else None
    until = args.until.end() if args.until is not None else None
    if since is not None and until is not None and since >= until:
        raise CliError("balances: --from must be before --to")
    db = open_db(args)
    with db.read() as s:
        book = ledger(s, since, until)
    parties = [*book.customers, *book.vendors]
    if args.json:
        print(
            json.dumps(
                {
                    "from": since.isoformat() if since else None,
                    "to": until.isoformat() if until else None,
                    "customers": [_json(b) for b in book.customers],
                    "vendors": [_json(b) for b in book.vendors],
                },
                indent=2,
            )
        )
        return 0
    print(f"{'':<9} {'name':<24} {'opening':>12} {'calls':>6} {'movement':>12} {'closing':>12} cur")
    for b in parties:
        print(
            f"{b.kind:<9} {b.name[:24]:<24} {b.opening:>12} {b.calls:>6} {b.movement:>12} "
            f"{b.closing:>12} {b.currency}"
        )
    if not parties:
        print("no callshop customer and no vendor set up")
    return 0
