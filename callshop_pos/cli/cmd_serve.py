"""``callshop-pos serve``: the PBX engine without the UI (authorize, track, bill, log)."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time

from callshop_pos.cli.common import PBX_URL_VARIABLE, CliError, pbx_url
from callshop_pos.counter import LiveCallView, PbxLink
from callshop_pos.pbx.tracker import CallRecord


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="run the PBX engine without the UI",
        description="Authorize, route, cap, track and bill booth calls; one log line per call "
        f"event. The PBX address: --pbx, else ${PBX_URL_VARIABLE}, else the shop's pbx_url "
        "(preferences), else the demo simulator. A secret on the command line is visible in "
        "ps: prefer the variable or the set-up.",
    )
    p.add_argument("--pbx", metavar="ami://USER:SECRET@HOST:PORT",
                   help=f"the PBX (default: ${PBX_URL_VARIABLE}, else the shop's pbx_url)")
    p.add_argument("--demo", action="store_true",
                   help="run the built-in Asterisk simulator with demo traffic")
    p.add_argument("--duration", type=float, default=0,
                   help="stop after this many seconds (default: until Ctrl+C)")
    p.set_defaults(func=run)


class _LogListener:
    """Prints what happens, one line each, flushed (a service log)."""

    def _say(self, text: str) -> None:
        print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {text}", flush=True)

    def pbx_state(self, state: PbxLink, detail: str) -> None:
        self._say(f"pbx {state.value}{': ' + detail if detail else ''}")

    def live_call(self, login: str, call: LiveCallView | None) -> None:
        if call is not None:
            self._say(f"{login} {call.number}: {call.phase.value}"
                      + (f" (cap {call.cap_seconds} s)" if call.cap_seconds else ""))

    def call_recorded(self, login: str, record: CallRecord, is_new: bool) -> None:
        state = "billed" if is_new else "already billed"
        self._say(f"{login} {record.number}: {record.disposition}, "
                  f"{record.billable_seconds} s, {state}")

    def registration(self, login: str, registered: bool) -> None:
        self._say(f"{login}: phone {'registered' if registered else 'unregistered'}")

    def log(self, line: str) -> None:
        self._say(line)


def run(args: argparse.Namespace) -> int:
    from callshop_pos.runtime import build_runtime

    listener = _LogListener()
    runtime = build_runtime(args.db, pbx_url=pbx_url(args.pbx), demo=True if args.demo else None,
                            listeners=[listener], printing=True)
    if runtime.engine is None:
        raise CliError(f"no PBX configured: set {PBX_URL_VARIABLE}=ami://USER:SECRET@HOST:PORT, "
                       "the shop's pbx_url, or give --demo")
    done = threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: done.set())
    print(f"serving {runtime.db.url} with {runtime.pbx_url.split('@')[-1]}"
          + (" (demo)" if runtime.demo else ""), flush=True)
    runtime.start()
    try:
        done.wait(args.duration or None)
    except KeyboardInterrupt:
        pass
    finally:
        runtime.stop()
    sys.stdout.flush()
    return 0
