"""``callshop-pos serve``: the PBX engine without the UI (authorize, track, bill, log)."""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import time

from callshop_pos.cli.common import PBX_URL_VARIABLE, CliError, pbx_url, stop_on_signals
from callshop_pos.logs import EventLog, StateLog, setup_logging


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="run the PBX engine without the UI",
        description="Authorize, route, cap, track and bill booth calls; one log line per call "
        f"event. The PBX address: --pbx, else ${PBX_URL_VARIABLE}, else the shop's pbx_url "
        "(preferences), else the demo simulator. A secret on the command line is visible in "
        "ps: prefer the variable or the set-up.",
    )
    p.add_argument(
        "--pbx",
        metavar="ami://USER:SECRET@HOST:PORT",
        help=f"the PBX (default: ${PBX_URL_VARIABLE}, else the shop's pbx_url)",
    )
    p.add_argument(
        "--demo", action="store_true", help="run the built-in Asterisk simulator with demo traffic"
    )
    p.add_argument(
        "--duration",
        type=float,
        default=0,
        help="stop after this many seconds (default: until Ctrl+C)",
    )
    p.set_defaults(func=run)


_PRINTING = threading.Lock()


def _print(line: str) -> None:
    """One whole line on stdout, flushed (a service log). Lines come from several threads:
    ``print`` writes the text and the newline apart, so two could run into one line."""
    with _PRINTING:
        sys.stdout.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {line}\n")
        sys.stdout.flush()


def run(args: argparse.Namespace) -> int:
    from callshop_pos.runtime import build_runtime

    log_file = setup_logging(console_level=logging.DEBUG if args.verbose else logging.WARNING)
    listener = EventLog(echo=_print)
    runtime = build_runtime(
        args.db,
        pbx_url=pbx_url(args.pbx),
        demo=True if args.demo else None,
        listeners=[listener],
        printing=True,
    )
    if runtime.engine is None:
        raise CliError(
            f"no PBX configured: set {PBX_URL_VARIABLE}=ami://USER:SECRET@HOST:PORT, "
            "the shop's pbx_url, or give --demo"
        )
    if runtime.printing is not None:
        printer_log, service = StateLog("printer"), runtime.printing
        service.on_change = lambda: printer_log(str(service.status_text()), service.waiting())
    print(
        f"serving {runtime.db.url} with {runtime.pbx_url.split('@')[-1]}"
        + (" (demo)" if runtime.demo else "")
        + f", log {log_file}",
        flush=True,
    )
    with stop_on_signals() as done:
        runtime.start()
        try:
            done.wait(args.duration or None)
        finally:
            runtime.stop()
    sys.stdout.flush()
    return 0
