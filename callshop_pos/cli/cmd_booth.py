"""``callshop-pos booth start|stop|topup|list``: the counter's actions from a terminal.

The same use cases as the app's counter (callshop_pos.services.counter_actions): a Stop marks
the booth stopping, the running engine (``serve`` or the app, on this or another counter)
hangs its live call up within a second, the Stop waits for that call's bill (else bills it
from the live meter), then closes the session with its receipt and print job.
"""

from __future__ import annotations

import argparse
from decimal import Decimal

from sqlalchemy import select

from callshop_pos.cli.common import CliError, add_owner_option, decimal_arg, open_db, owner_check
from callshop_pos.counter import BoothMode, CounterError
from callshop_pos.db.engine import Database
from callshop_pos.db.models import Account
from callshop_pos.services import sessions
from callshop_pos.services.counter_actions import CounterActions


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("booth", help="start, stop, top up and list booths")
    booth = p.add_subparsers(dest="booth_command", metavar="ACTION", required=True)

    start = booth.add_parser("start", help="start a booth (prepaid with --prepaid, else postpaid)")
    start.add_argument("name", help="booth name or VoIP login")
    start.add_argument("--prepaid", type=decimal_arg, metavar="AMOUNT")
    start.add_argument(
        "--credit-limit",
        type=decimal_arg,
        metavar="AMOUNT",
        help="a prepaid start above the preference's limit needs the owner (--owner NAME)",
    )
    add_owner_option(start)
    start.set_defaults(func=run_start)

    stop = booth.add_parser("stop", help="stop a booth: the bill, change or refund")
    stop.add_argument("name")
    stop.add_argument(
        "--cash",
        type=decimal_arg,
        metavar="AMOUNT",
        help="cash received (default: exactly what is due)",
    )
    stop.add_argument(
        "--wait",
        type=float,
        default=5.0,
        metavar="SECONDS",
        help="how long to wait for the bill of a call the Stop hangs up "
        "(then it is billed from the live meter; default 5)",
    )
    stop.set_defaults(func=run_stop)

    topup = booth.add_parser("topup", help="add money to a started prepaid booth")
    topup.add_argument("name")
    topup.add_argument("amount", type=decimal_arg)
    topup.set_defaults(func=run_topup)

    listing = booth.add_parser("list", help="booths, their state and money")
    listing.set_defaults(func=run_list)


def _fail(exc: CounterError) -> CliError:
    return CliError(str(exc), code=1)


def _actions(db: Database) -> CounterActions:
    """The counter's use cases, as the app runs them: receipt, print job and audit row."""
    from callshop_pos.services.receipts import ReceiptService

    return CounterActions(db, receipts=ReceiptService())


def _booth_id(db: Database, name: str) -> int:
    with db.read() as s:
        return sessions.account_by_name(s, name).id


def run_start(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        account_id = _booth_id(db, args.name)
        with db.read() as s:
            prefs = sessions.preferences(s)
            name = sessions.account_by_name(s, args.name).name
        if args.prepaid is not None:
            mode, prepaid = BoothMode.PREPAID, args.prepaid
            credit = (
                args.credit_limit if args.credit_limit is not None else (prefs.default_credit_limit)
            )
        else:
            mode, prepaid = BoothMode.POSTPAID, Decimal(0)
            credit = (
                args.credit_limit
                if args.credit_limit is not None
                else (prefs.postpaid_credit_limit)
            )
        owner_id = None
        if mode is BoothMode.PREPAID and credit > prefs.default_credit_limit:
            owner_id = owner_check(db, args, "credit_above_preference")  # asks the owner's PIN
        # the owner approves; the command line has no cashier (and so no shift) of its own
        session_id = _actions(db).start(
            account_id, mode, prepaid, credit, owner_approved=owner_id is not None
        )
        print(
            f"{name}: started {mode.value}, prepaid {prepaid}, "
            f"credit limit {credit} (session {session_id})"
        )
    except CounterError as exc:
        raise _fail(exc) from None
    return 0


def run_stop(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        account_id = _booth_id(db, args.name)
        done = _actions(db).stop(account_id, args.cash, cashier="cli", wait=args.wait)
    except CounterError as exc:
        raise _fail(exc) from None
    t, booth = done.closed.totals, done.closed.booth
    receipt = f", receipt {done.receipt_number}" if done.receipt_number else ""
    owed = (
        f"; {done.provisional} running call(s) billed from the live meter, settled when "
        "the PBX's record comes"
        if done.provisional
        else ""
    )
    print(
        f"{done.summary.booth_name}: stopped; total {t.total}, deposit {t.deposit}, "
        f"paid {booth.paid}, change {t.change}, refund {booth.refund}{receipt}{owed}"
    )
    return 0


def run_topup(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        account_id = _booth_id(db, args.name)
        _actions(db).topup(account_id, args.amount)
        with db.read() as s:
            account = sessions.account_by_name(s, args.name)
            print(f"{account.name}: topped up {args.amount}, balance {account.balance}")
    except CounterError as exc:
        raise _fail(exc) from None
    return 0


def run_list(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.read() as s:
        accounts = list(s.scalars(select(Account).order_by(Account.position, Account.id)))
        print(
            f"{'booth':<14} {'login':<12} {'state':<10} {'balance':>10} {'credit':>8} "
            f"{'session total':>14}"
        )
        for a in accounts:
            booth = sessions.open_session(s, a.id)
            state = (
                "out of order"
                if a.blocked
                else booth.mode
                if booth
                else "locked"
                if a.locked
                else "free"
            )
            total = (booth.calls_total + booth.extras_total) if booth else Decimal(0)
            print(
                f"{a.name:<14} {a.voip_login:<12} {state:<10} {a.balance:>10} "
                f"{a.credit_limit:>8} {total:>14}"
            )
    return 0
