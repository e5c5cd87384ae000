"""``callshop-pos booth start|stop|topup|list``: the counter's actions from a terminal.

These write the database only; a running engine (``serve`` or the app, on this or another
counter) notices the change within a second and tells the PBX.
"""

from __future__ import annotations

import argparse
from decimal import Decimal

from sqlalchemy import select

from callshop_pos.cli.common import CliError, decimal_arg, open_db
from callshop_pos.counter import BoothMode, CounterError
from callshop_pos.db.models import Account
from callshop_pos.services import sessions


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("booth", help="start, stop, top up and list booths")
    booth = p.add_subparsers(dest="booth_command", metavar="ACTION", required=True)

    start = booth.add_parser("start", help="start a booth (prepaid with --prepaid, else postpaid)")
    start.add_argument("name", help="booth name or VoIP login")
    start.add_argument("--prepaid", type=decimal_arg, metavar="AMOUNT")
    start.add_argument("--credit-limit", type=decimal_arg, metavar="AMOUNT")
    start.set_defaults(func=run_start)

    stop = booth.add_parser("stop", help="stop a booth: the bill, change or refund")
    stop.add_argument("name")
    stop.add_argument("--cash", type=decimal_arg, metavar="AMOUNT",
                      help="cash received (default: exactly what is due)")
    stop.set_defaults(func=run_stop)

    topup = booth.add_parser("topup", help="add money to a started prepaid booth")
    topup.add_argument("name")
    topup.add_argument("amount", type=decimal_arg)
    topup.set_defaults(func=run_topup)

    listing = booth.add_parser("list", help="booths, their state and money")
    listing.set_defaults(func=run_list)


def _fail(exc: CounterError) -> CliError:
    return CliError(str(exc), code=1)


def run_start(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        with db.session() as s:
            prefs = sessions.preferences(s)
            account = sessions.account_by_name(s, args.name)
            if args.prepaid is not None:
                mode, prepaid = BoothMode.PREPAID, args.prepaid
                credit = args.credit_limit if args.credit_limit is not None else (
                    prefs.default_credit_limit)
            else:
                mode, prepaid = BoothMode.POSTPAID, Decimal(0)
                credit = args.credit_limit if args.credit_limit is not None else (
                    prefs.postpaid_credit_limit)
            booth = sessions.start(s, account, mode, prepaid, credit)
            print(f"{account.name}: started {mode.value}, prepaid {prepaid}, "
                  f"credit limit {credit} (session {booth.id})")
    except CounterError as exc:
        raise _fail(exc) from None
    return 0


def run_stop(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        with db.session() as s:
            account = sessions.account_by_name(s, args.name)
            closed = sessions.stop(s, account, args.cash)
            t = closed.totals
            print(f"{account.name}: stopped; total {t.total}, deposit {t.deposit}, "
                  f"paid {closed.booth.paid}, change {t.change}, refund {closed.booth.refund}")
    except CounterError as exc:
        raise _fail(exc) from None
    return 0


def run_topup(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        with db.session() as s:
            account = sessions.account_by_name(s, args.name)
            sessions.topup(s, account, args.amount)
            print(f"{account.name}: topped up {args.amount}, balance {account.balance}")
    except CounterError as exc:
        raise _fail(exc) from None
    return 0


def run_list(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.read() as s:
        accounts = list(s.scalars(select(Account).order_by(Account.position, Account.id)))
        print(f"{'booth':<14} {'login':<12} {'state':<10} {'balance':>10} {'credit':>8} "
              f"{'session total':>14}")
        for a in accounts:
            booth = sessions.open_session(s, a.id)
            state = ("out of order" if a.blocked else booth.mode if booth
                     else "locked" if a.locked else "free")
            total = (booth.calls_total + booth.extras_total) if booth else Decimal(0)
            print(f"{a.name:<14} {a.voip_login:<12} {state:<10} {a.balance:>10} "
                  f"{a.credit_limit:>8} {total:>14}")
    return 0
