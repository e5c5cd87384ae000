"""``callshop-pos receipt show|print|list|void|refund``: stored receipts, shown, reprinted,
voided, or part of their session refunded (voiding and refunding are the owner's: ``--owner
NAME``, the PIN from $CALLSHOP_OWNER_PIN).

A reprint is always marked COPY (a second original could be used to claim money twice) and
goes straight to the port given, after asking the printer's status like ``printer test``:
exit status 4 means the printer is there but cannot print, or cannot be reached.
"""

from __future__ import annotations

import argparse

from sqlalchemy import select
from sqlalchemy.orm import Session

from callshop_pos.cli.common import (
    CliError,
    add_owner_option,
    decimal_arg,
    open_db,
    owner_check,
)
from callshop_pos.db.models import Account, BoothSession, Call, PrintJob, Receipt
from callshop_pos.services import sessions
from callshop_pos.services.audit import audit
from callshop_pos.services.receipts import local, printer_settings
from printing.errors import PrinterError
from printing.escpos import encode_layout
from printing.labels import labels_for
from printing.layout import Layout, render_text
from printing.layout_codec import as_copy, layout_from_json
from printing.profiles import PROFILES, PrinterProfile
from printing.serial_transport import SerialSettings, SerialTransport
from printing.settings import BAUDRATES, FLOW_CONTROLS
from printing.status import NO_ANSWER, query_status

PRINTER_NOT_READY = 4


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "receipt", help="show, reprint, list, void or refund stored receipts"
    )
    sub = parser.add_subparsers(dest="receipt_command", metavar="SUBCOMMAND", required=True)

    show = sub.add_parser("show", help="print a stored receipt as text")
    show.add_argument("number", type=int, metavar="NUMBER")
    show.add_argument(
        "--width", type=int, metavar="COLUMNS", help="line width (default: the receipt printer's)"
    )
    show.set_defaults(func=run_show)

    reprint = sub.add_parser("print", help="reprint a stored receipt (marked COPY)")
    reprint.add_argument("number", type=int, metavar="NUMBER")
    reprint.add_argument("--port", required=True, help="/dev/ttyUSB0, COM3, socket://host:port")
    reprint.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        help="printer profile (default: the saved printer settings')",
    )
    reprint.add_argument("--baud", type=int, default=9600, metavar="N")
    reprint.add_argument("--flow", default="none", choices=FLOW_CONTROLS)
    reprint.add_argument(
        "--timeout", type=float, default=1.0, metavar="SECONDS", help="status answer timeout"
    )
    reprint.add_argument(
        "--no-status",
        action="store_true",
        help="do not ask DLE EOT first (for printers that never answer it)",
    )
    reprint.set_defaults(func=run_print)

    listing = sub.add_parser("list", help="list receipts, newest last")
    listing.add_argument(
        "--limit",
        type=int,
        default=20,
        metavar="N",
        help="only the last N receipts (0: all; default 20)",
    )
    listing.set_defaults(func=run_list)

    void = sub.add_parser("void", help="void a session receipt: its total back in cash (owner)")
    void.add_argument("number", type=int, metavar="NUMBER")
    void.add_argument("--reason", required=True, help="why, for the audit log and the slip")
    add_owner_option(void)
    void.set_defaults(func=run_void)

    refund = sub.add_parser(
        "refund", help="give part of a session receipt's cash back (owner), with a slip"
    )
    refund.add_argument("number", type=int, metavar="NUMBER", help="the session's receipt")
    refund.add_argument("amount", type=decimal_arg, metavar="AMOUNT")
    refund.add_argument("--reason", required=True, help="why, for the audit log and the slip")
    add_owner_option(refund)
    refund.set_defaults(func=run_refund)


def _receipt(s: Session, number: int) -> tuple[Receipt, Layout]:
    receipt = s.scalar(select(Receipt).where(Receipt.number == number))
    if receipt is None:
        raise CliError(f"no receipt number {number}")
    try:
        return receipt, layout_from_json(receipt.layout_json)
    except ValueError as exc:
        raise CliError(
            f"receipt {number} is stored in a form this version cannot read: {exc}"
        ) from None


def run_show(args: argparse.Namespace) -> int:
    db = open_db(args)
    with db.read() as s:
        _, layout = _receipt(s, args.number)
        width = args.width or printer_settings(sessions.preferences(s)).profile().width_chars
    if width < 24:
        raise CliError("--width must be at least 24 columns")
    print(render_text(layout, width), end="")
    return 0


def _profile(args: argparse.Namespace, s: Session) -> PrinterProfile:
    if args.profile:
        return PROFILES[args.profile]
    # the saved settings carry the shop's code page overrides (ESC t numbers differ by vendor)
    return printer_settings(sessions.preferences(s)).profile()


def run_print(args: argparse.Namespace) -> int:
    if args.baud not in BAUDRATES:
        raise CliError(f"{args.baud} is not a supported baud rate (e.g. 9600, 19200, 115200)")
    db = open_db(args)
    with db.read() as s:
        receipt, layout = _receipt(s, args.number)
        profile = _profile(args, s)
        copy = as_copy(layout, labels_for(sessions.preferences(s).language))
    payload = encode_layout(copy, profile)
    port = args.port
    settings = SerialSettings(port, baudrate=args.baud, flow_control=args.flow)
    try:
        with SerialTransport(settings) as transport:
            if not args.no_status:
                status = query_status(transport, args.timeout)
                if not status.ready:
                    hint = " (check cable, baud rate and power, or use --no-status)"
                    words = (
                        f"{NO_ANSWER} on {port}{hint}"
                        if status.message == NO_ANSWER
                        else status.message
                    )
                    raise CliError(f"printer on {port} not ready: {words}", PRINTER_NOT_READY)
            transport.write(payload)
    except PrinterError as exc:
        raise CliError(f"printer on {port}: {exc}", PRINTER_NOT_READY) from None
    with db.session() as s:
        audit(s, "receipt.reprint", "receipt", receipt.id, number=receipt.number, port=port)
    print(
        f"Printed a copy of receipt {receipt.number} on {port}: {len(payload)} bytes, "
        f"profile {profile.name}"
    )
    return 0


def _booth_name(s: Session, receipt: Receipt) -> str:
    if receipt.session_id is not None:
        booth = s.get(BoothSession, receipt.session_id)
        if booth is not None:
            return booth.account.name
    if receipt.call_id is not None:
        call = s.get(Call, receipt.call_id)
        if call is not None:
            account = s.get(Account, call.account_id) if call.account_id else None
            return account.name if account else call.endpoint
    return "-"


def run_list(args: argparse.Namespace) -> int:
    if args.limit < 0:
        raise CliError("--limit must be 0 or more")
    db = open_db(args)
    with db.read() as s:
        query = select(Receipt).order_by(Receipt.number.desc())
        if args.limit:
            query = query.limit(args.limit)
        receipts = list(reversed(s.scalars(query).all()))
        print(
            f"{'number':>7} {'kind':<8} {'created':<16} {'booth':<14} {'total':>10} "
            f"{'printed':<10} cashier"
        )
        for r in receipts:
            # the original's job (copies are reprints): pending/printed/cancelled/failed
            status = (
                "voided"
                if r.voided_at is not None
                else s.scalar(
                    select(PrintJob.status)
                    .where(PrintJob.receipt_id == r.id, PrintJob.copy_of.is_(None))
                    .order_by(PrintJob.id)
                    .limit(1)
                )
            )
            created = local(r.created_at).strftime("%Y-%m-%d %H:%M")
            print(
                f"{r.number:>7} {r.kind:<8} {created:<16} {_booth_name(s, r):<14.14} "
                f"{r.total:>10.2f} {status or '-':<10} {r.cashier}"
            )
    return 0


def run_void(args: argparse.Namespace) -> int:
    from callshop_pos.services import voids

    db = open_db(args)
    owner = owner_check(db, args, "void_receipt")  # the owner's PIN, before anything changes
    if owner is None:
        raise CliError("only the owner may void a receipt: the shop has no owner yet")
    done = voids.void_receipt(db, args.number, args.reason, by=owner)
    slip = "a VOID slip is queued" if done.job_id is not None else "no receipt printer"
    print(f"Receipt {done.number} voided: {done.amount:.2f} given back in cash, {slip}")
    return 0


def run_refund(args: argparse.Namespace) -> int:
    from callshop_pos.services import voids
    from callshop_pos.services.permissions import Permission

    if args.amount <= 0:
        raise CliError(f"{args.amount}: a refund must be more than zero")
    db = open_db(args)
    owner = owner_check(db, args, Permission.REFUND_BEYOND_BALANCE)  # before anything changes
    if owner is None:
        raise CliError("only the owner may refund: the shop has no owner yet")
    session_id = voids.session_of_receipt(db, args.number)
    done = voids.refund(db, session_id, args.amount, args.reason, by=owner)
    slip = "a REFUND slip is queued" if done.job_id is not None else "no receipt printer"
    print(
        f"Receipt {args.number}: {done.amount:.2f} given back in cash, "
        f"{done.left:.2f} left to refund, {slip}"
    )
    return 0
