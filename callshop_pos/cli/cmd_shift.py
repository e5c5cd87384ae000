"""``callshop-pos shift open|pay-in|pay-out|x|close|reprint|list``: a cashier's drawer from
the command line.

``--user NAME`` is the cashier whose shift it is; she acts for herself. Closing (or opening)
another cashier's shift takes ``--owner NAME`` and the owner's PIN. ``--counted`` lists the
cash counted by denomination: ``50x2,20x1,0.50x3``. ``--json`` prints the report exactly
(amounts as strings); ``--pdf FILE`` also saves it as a PDF. ``pay-in``/``pay-out AMOUNT
--reason R`` put cash into or take it out of the cashier's open drawer; ``reprint Z_NUMBER``
queues a closed shift's Z report again, marked COPY.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from callshop_pos.cli.common import (
    CliError,
    add_owner_option,
    decimal_arg,
    open_db,
    owner_check,
)
from callshop_pos.money import format_money as _m

HELP = "cash drawer shifts: open, pay in/out, X report, close (Z), reprint a Z, list"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("shift", help=HELP)
    cmds = p.add_subparsers(dest="shift_command", metavar="ACTION", required=True)
    opening = cmds.add_parser("open", help="open a cashier's shift with a counted float")
    _user(opening)
    opening.add_argument("--float", dest="float_", default="0", help="the starting float")
    add_owner_option(opening)
    opening.set_defaults(func=run_open)
    for name, doing in (("pay-in", "put cash into"), ("pay-out", "take cash out of")):
        move = cmds.add_parser(name, help=f"{doing} the cashier's open drawer, with a reason")
        move.add_argument("amount", type=decimal_arg, metavar="AMOUNT")
        _user(move)
        move.add_argument("--reason", required=True, help="why, for the X/Z report")
        move.set_defaults(func=run_move, sign=1 if name == "pay-in" else -1)
    x = cmds.add_parser("x", help="the X report of the open shift (it stays open)")
    _user(x)
    _output(x)
    x.set_defaults(func=run_x)
    close = cmds.add_parser("close", help="count the drawer and close the shift (Z report)")
    _user(close)
    close.add_argument("--counted", required=True, help="denominations counted: 50x2,20x1,...")
    add_owner_option(close)
    _output(close)
    close.set_defaults(func=run_close)
    reprint = cmds.add_parser("reprint", help="queue a closed shift's Z report again (COPY)")
    reprint.add_argument("z_number", type=int, metavar="Z_NUMBER")
    _output(reprint)
    reprint.set_defaults(func=run_reprint)
    listing = cmds.add_parser("list", help="the latest shifts")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=run_list)


def _user(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", required=True, metavar="NAME", help="the cashier")


def _output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="the report as exact JSON")
    parser.add_argument("--pdf", type=Path, metavar="FILE", help="also save it as a PDF")


def _ids(db, args: argparse.Namespace) -> tuple[int, int]:  # noqa: ANN001
    """(the cashier's id, the acting user's id: the owner's with --owner)."""
    from sqlalchemy import select

    from callshop_pos.db.models import User
    from callshop_pos.services.permissions import Permission

    with db.read() as s:
        user_id = s.scalar(select(User.id).where(User.name == args.user, User.active))
    if user_id is None:
        raise CliError(f"no active user named {args.user!r}")
    if getattr(args, "owner", None):
        by = owner_check(db, args, Permission.OTHERS_SHIFT)
        return user_id, user_id if by is None else by
    return user_id, user_id


def run_open(args: argparse.Namespace) -> int:
    from callshop_pos.money import MoneyError, parse_money
    from callshop_pos.services import shifts

    try:
        amount = parse_money(args.float_)
    except MoneyError as exc:
        raise CliError(f"--float: {exc}") from None
    db = open_db(args)
    user_id, by = _ids(db, args)
    shift_id = shifts.open_new(db, user_id, amount, by=by)
    print(f"shift #{shift_id} opened for {args.user} with a float of {amount}")
    return 0


def run_move(args: argparse.Namespace) -> int:
    from callshop_pos.services import shifts

    if args.amount <= 0:
        raise CliError(f"{args.amount}: the amount must be more than zero")
    db = open_db(args)
    user_id, _by = _ids(db, args)
    shifts.move_cash(db, user_id, args.sign * args.amount, args.reason)
    done = "paid in to" if args.sign > 0 else "paid out of"
    print(f"{_m(args.amount)} {done} the drawer of {args.user}")
    return 0


def run_reprint(args: argparse.Namespace) -> int:
    from callshop_pos.services import shifts

    db = open_db(args)
    _show(db, shifts.reprint_z(db, args.z_number), args, copy=True)
    return 0


def _show(db, printed, args: argparse.Namespace, *, copy: bool = False) -> None:  # noqa: ANN001
    from callshop_pos.services import shifts
    from printing.shift_report import to_json

    report = printed.report
    if args.pdf is not None:
        args.pdf.write_bytes(shifts.report_pdf(db, report, copy=copy))
    if args.json:
        print(json.dumps(json.loads(to_json(report)), indent=2, sort_keys=True))
        return
    title = f"Z report #{report.z_number}" if report.kind == "Z" else "X report"
    if copy:
        title += " (COPY)"
    print(f"{title}, shift #{report.shift_id} of {report.cashier}")
    print(f"  starting float  {_m(report.starting_float)}")
    for m in report.movements:
        print(f"  {m.kind:<15} {_m(m.amount)} ({m.count})")
    print(f"  expected cash   {_m(report.expected)}")
    if report.counted_total is not None:
        print(f"  counted cash    {_m(report.counted_total)}")
        print(f"  difference      {_m(report.difference)}")
    if printed.job_id is None:
        print("  (no receipt printer set up: not printed)")


def run_x(args: argparse.Namespace) -> int:
    from callshop_pos.services import shifts

    db = open_db(args)
    user_id, by = _ids(db, args)
    _show(db, shifts.x_report(db, user_id, by=by), args)
    return 0


def run_close(args: argparse.Namespace) -> int:
    from callshop_pos.services import shifts

    try:
        counted = shifts.parse_counted(args.counted)
    except shifts.ShiftError as exc:
        raise CliError(f"--counted: {exc}") from None
    db = open_db(args)
    user_id, by = _ids(db, args)
    _show(db, shifts.close(db, user_id, counted, by=by), args)
    return 0


def run_list(args: argparse.Namespace) -> int:
    from callshop_pos.services import shifts

    rows = shifts.list_shifts(open_db(args))
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "cashier": r.cashier,
                        "opened_at": r.opened_at.isoformat(),
                        "closed_at": r.closed_at.isoformat() if r.closed_at else None,
                        "starting_float": str(r.starting_float),
                        "expected": None if r.expected is None else str(r.expected),
                        "counted": None if r.counted is None else str(r.counted),
                        "difference": None if r.difference is None else str(r.difference),
                        "z_number": r.z_number,
                    }
                    for r in rows
                ],
                indent=2,
            )
        )
        return 0
    if not rows:
        print("no shifts yet (callshop-pos shift open --user NAME --float AMOUNT)")
    for r in rows:
        state = f"Z #{r.z_number}, difference {_m(r.difference or 0)}" if r.closed_at else "open"
        print(f"#{r.id}  {r.cashier}  {r.opened_at:%Y-%m-%d %H:%M}  {state}")
    return 0
