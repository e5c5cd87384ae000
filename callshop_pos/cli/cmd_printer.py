"""``callshop-pos printer test|profiles``: set up and check the receipt printer.

Exit status 4 means "the printer is there but cannot print" (or cannot be reached), so a
set-up script can tell it apart from a typo in the arguments (2).
"""

from __future__ import annotations

import argparse
from datetime import datetime

from callshop_pos.cli.common import CliError
from printing.errors import PrinterError
from printing.printer_state import PrinterState, state_english, state_of
from printing.profiles import PROFILES
from printing.serial_transport import SerialTransport
from printing.settings import BAUDRATES, DEFAULT_PROFILE, FLOW_CONTROLS, PrinterSettings
from printing.status import PrinterStatus
from printing.test_page import LANGUAGES, describe_missing_for_humans, run_test_print

PRINTER_NOT_READY = 4


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("printer", help="check the receipt printer, list profiles")
    sub = parser.add_subparsers(dest="printer_command", metavar="SUBCOMMAND", required=True)

    test = sub.add_parser("test", help="ask the printer's status, then print a test page")
    test.add_argument("--port", required=True, help="/dev/ttyUSB0, COM3, socket://host:port, …")
    test.add_argument("--profile", default=DEFAULT_PROFILE, choices=sorted(PROFILES))
    test.add_argument("--baud", type=int, default=9600, metavar="N")
    test.add_argument("--language", default="en", choices=LANGUAGES)
    test.add_argument("--flow", default="none", choices=FLOW_CONTROLS)
    test.add_argument("--codepage", metavar="CODEC", help="override the profile's code page")
    test.add_argument("--escpos-codepage", type=int, metavar="N", help="override the ESC t number")
    test.add_argument(
        "--timeout", type=float, default=1.0, metavar="SECONDS", help="status answer timeout"
    )
    test.add_argument(
        "--no-status",
        action="store_true",
        help="do not ask DLE EOT first (for printers that never answer it)",
    )
    test.set_defaults(func=run_test)

    profiles = sub.add_parser("profiles", help="list printer profiles")
    profiles.set_defaults(func=run_profiles)


def _settings(args: argparse.Namespace) -> PrinterSettings:
    try:
        return PrinterSettings(
            enabled=True,
            port=args.port,
            baudrate=args.baud,
            flow_control=args.flow,
            profile_name=args.profile,
            codec_override=args.codepage,
            escpos_codepage=args.escpos_codepage,
            language=args.language,
        )
    except ValueError as exc:
        hint = " (e.g. 9600, 19200, 38400, 115200)" if args.baud not in BAUDRATES else ""
        raise CliError(f"{exc}{hint}") from None


def run_test(args: argparse.Namespace) -> int:
    settings = _settings(args)
    profile = settings.profile()
    port = settings.port
    try:
        with SerialTransport(settings.serial_settings()) as transport:
            outcome = run_test_print(
                transport,
                profile,
                settings.language,
                check_status=not args.no_status,
                status_timeout=args.timeout,
                printed_at=datetime.now(),
            )
    except PrinterError as exc:
        raise CliError(f"printer on {port}: {exc}", PRINTER_NOT_READY) from None
    status = outcome.status
    state = state_of(status) if status is not None else None
    if status is not None and state is not None and not status.ready:
        raise CliError(
            f"printer on {port} not ready: {_not_ready(state, status, port)}", PRINTER_NOT_READY
        )
    print(f"Status: {state_english(state) if state is not None else 'not asked'}")
    print(
        f"Printed test page on {port}: {outcome.bytes_sent} bytes, profile {profile.name}, "
        f"{profile.width_chars} columns, code page {profile.codec} (ESC t "
        f"{profile.escpos_codepage}), language {settings.language}"
    )
    missing = describe_missing_for_humans(profile, settings.language)
    if missing:
        print(f"Not in {profile.codec} (printed as shown):")
        for line in missing:
            print(f"  {line}")
    return 0


def _not_ready(state: PrinterState, status: PrinterStatus, port: str) -> str:
    words = state_english(state)
    if state is PrinterState.NO_ANSWER:
        return f"{words} on {port} (check cable, baud rate and power, or use --no-status)"
    # the printer's own words when they say more ("Cutter error", "Paper out, Cover open")
    return words if status.message == words else f"{words} ({status.message})"


def run_profiles(args: argparse.Namespace) -> int:
    for name in sorted(PROFILES):
        p = PROFILES[name]
        default = "  (default)" if name == DEFAULT_PROFILE else ""
        print(
            f"{name:24} {p.width_chars:3} columns  {p.codec:7} ESC t {p.escpos_codepage}{default}"
        )
    return 0
