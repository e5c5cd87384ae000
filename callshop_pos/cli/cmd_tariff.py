"""``callshop-pos tariff``: create tariffs and list them with their rate counts."""

from __future__ import annotations

import argparse
from decimal import Decimal

from callshop_pos.cli.common import (
    add_owner_option,
    currency_arg,
    decimal_arg,
    name_arg,
    open_db,
    owner_check,
    precision_arg,
    seconds_arg,
)
from callshop_pos.services.rates import TARIFF_KINDS, create_tariff, tariff_summaries


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("tariff", help="sell price lists: create, list")
    cmds = p.add_subparsers(dest="tariff_command", metavar="ACTION", required=True)
    create = cmds.add_parser(
        "create",
        help="a new, empty tariff (import its rates after)",
        description="Create an empty tariff. Once the shop has an owner with a PIN, it "
        "needs --owner NAME and that PIN.",
    )
    create.add_argument("name", type=name_arg)
    create.add_argument(
        "--currency", required=True, type=currency_arg, metavar="CUR", help="ISO 4217, e.g. EUR"
    )
    create.add_argument("--connect-fee", type=decimal_arg, default=Decimal(0), metavar="X")
    create.add_argument("--free-seconds", type=seconds_arg, default=0, metavar="N")
    create.add_argument(
        "--grace-period",
        type=seconds_arg,
        default=0,
        metavar="N",
        help="seconds free on rates with grace enabled",
    )
    create.add_argument(
        "--surcharge",
        type=decimal_arg,
        default=Decimal(0),
        metavar="F",
        help="post-call surcharge as a fraction (0.18 = +18%%)",
    )
    create.add_argument(
        "--precision",
        type=precision_arg,
        default=2,
        metavar="N",
        help="decimals of a call's cost, 0-6 (default 2)",
    )
    create.add_argument(
        "--round-up", action="store_true", help="round costs always up instead of half-up"
    )
    create.add_argument("--kind", choices=("retail", "wholesale"), default="retail")
    create.add_argument(
        "--average-call-duration",
        type=seconds_arg,
        default=180,
        metavar="N",
        help="seconds, for estimates (default 180)",
    )
    add_owner_option(create)
    create.set_defaults(func=run_create)
    listing = cmds.add_parser("list", help="all tariffs with their terms and rate counts")
    listing.set_defaults(func=run_list)


def run_create(args: argparse.Namespace) -> int:
    currency = args.currency
    assert args.kind in TARIFF_KINDS
    db = open_db(args)
    user_id = owner_check(db, args, "change_prices")
    with db.session() as session:
        tariff = create_tariff(
            session,
            args.name,
            user_id=user_id,
            currency=currency,
            kind=args.kind,
            connect_fee=args.connect_fee,
            free_seconds=args.free_seconds,
            grace_period=args.grace_period,
            post_call_surcharge=args.surcharge,
            precision=args.precision,
            round_up=args.round_up,
            average_call_duration=args.average_call_duration,
        )
        print(f"created tariff {tariff.name!r} ({tariff.kind}, {tariff.currency})")
    return 0


HEADERS = (
    "name",
    "currency",
    "kind",
    "rates",
    "connect fee",
    "free s",
    "grace s",
    "surcharge",
    "precision",
    "round-up",
)


def run_list(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.read() as session:
        rows = [
            (
                s.tariff.name,
                s.tariff.currency,
                s.tariff.kind,
                str(s.rates),
                format(s.tariff.connect_fee, "f"),
                str(s.tariff.free_seconds),
                str(s.tariff.grace_period),
                format(s.tariff.post_call_surcharge, "f"),
                str(s.tariff.precision),
                "yes" if s.tariff.round_up else "no",
            )
            for s in tariff_summaries(session)
        ]
    if not rows:
        print("no tariffs yet (callshop-pos tariff create NAME --currency EUR)")
        return 0
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(HEADERS)]
    # text columns left, numbers right: prices line up on the decimal point's side
    numeric = {3, 4, 5, 6, 7, 8}
    for line in (HEADERS, *rows):
        cells = [
            cell.rjust(w) if i in numeric else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
    return 0
