"""``callshop-pos pbx test-call|replay|export-config|check``: PBX troubleshooting and set-up."""

from __future__ import annotations

import argparse
import json
import threading
from pathlib import Path

from sqlalchemy import select

from callshop_pos.cli.common import CliError, open_db, pbx_url
from callshop_pos.counter import Disposition, PbxLink
from callshop_pos.db.models import Account
from callshop_pos.pbx.tracker import CallRecord


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("pbx", help="test calls, replays and the Asterisk configuration kit")
    pbx = p.add_subparsers(dest="pbx_command", metavar="ACTION", required=True)

    test = pbx.add_parser("test-call", help="place a call as if the booth dialed it")
    test.add_argument("number")
    test.add_argument("--booth", required=True, metavar="NAME")
    test.add_argument(
        "--pbx",
        metavar="ami://USER:SECRET@HOST:PORT",
        help="default: $CALLSHOP_PBX_URL, else the shop's pbx_url",
    )
    test.add_argument("--seconds", type=int, default=20, help="talk this long (default 20)")
    test.add_argument("--timeout", type=float, default=60, help="give up after (default 60)")
    test.set_defaults(func=run_test_call)

    replay = pbx.add_parser("replay", help="feed a recorded AMI session through the tracker")
    replay.add_argument("file")
    replay.add_argument("--json", action="store_true", help="one JSON object per call")
    replay.set_defaults(func=run_replay)

    export = pbx.add_parser("export-config", help="write the shop's Asterisk configuration")
    export.add_argument("directory")
    export.add_argument("--ami-secret", help="the AMI user's secret (default: a new random one)")
    export.add_argument(
        "--ami-permit",
        default="127.0.0.1",
        metavar="ADDRESS[/MASK]",
        help="the POS PC's address, the only one allowed to log in to AMI "
        "(default 127.0.0.1: the POS runs on the PBX)",
    )
    export.add_argument(
        "--allow-test-calls",
        action="store_true",
        help="give the AMI user the originate right (pbx test-call); with it, "
        "the secret's holder can run commands on the PBX",
    )
    export.set_defaults(func=run_export)

    check = pbx.add_parser("check", help="tell what is missing or wrong on the PBX")
    check.add_argument(
        "--pbx",
        metavar="ami://USER:SECRET@HOST:PORT",
        help="default: the PBX address in the preferences",
    )
    check.add_argument(
        "--wait",
        type=float,
        default=3.0,
        metavar="SECONDS",
        help="how long to wait for an event to see timestampevents (default 3)",
    )
    check.add_argument("--ascii", action="store_true", help="OK/FAIL instead of ✓/✗")
    check.set_defaults(func=run_check)


def run_replay(args: argparse.Namespace) -> int:
    from callshop_pos.pbx.replay import call_to_json, replay_file

    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"{path}: no such file")
    for record in replay_file(path):
        if args.json:
            print(json.dumps(call_to_json(record)))
        else:
            print(
                f"{record.booth:<10} {record.number:<18} {record.disposition:<11} "
                f"{record.billable_seconds:>5} s  {record.peer}"
            )
    return 0


def run_export(args: argparse.Namespace) -> int:
    from callshop_pos.pbx.kit import KitError, export_config, manager_rights
    from callshop_pos.services.pbx_setup import kit_inputs

    db = open_db(args)
    booths, trunks = kit_inputs(db)
    if not booths:
        raise CliError("no booths to export: set the shop up first (setup apply FILE)")
    try:
        paths = export_config(
            args.directory,
            booths,
            trunks,
            ami_secret=args.ami_secret,
            ami_permit=args.ami_permit,
            allow_test_calls=args.allow_test_calls,
        )
    except KitError as exc:
        raise CliError(f"nothing written: {exc}") from None
    for path in paths:
        print(path)
    for booth in booths:
        print(f"booth {booth.name!r}: endpoint {booth.login}")
    for trunk in trunks:
        print(f"connection {trunk.name!r}: {trunk.host}, auth {trunk.auth_mode}")
    read, write = manager_rights(args.allow_test_calls)
    print(f"AMI user callshop: read = {read}; write = {write}; permit {args.ami_permit}")
    print(
        'then set pbx_url = "ami://callshop:SECRET@PBX-ADDRESS:5038" (SECRET: the '
        "secret = line of manager.conf)"
    )
    return 0


def _ascii_only(requested: bool) -> bool:
    import sys

    if requested:
        return True
    try:
        "✓✗".encode(sys.stdout.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return True
    return False


def run_check(args: argparse.Namespace) -> int:
    from callshop_pos.pbx.check import failed, render
    from callshop_pos.runtime import configured_pbx
    from callshop_pos.services.pbx_setup import PbxSetupError, check_pbx

    db = open_db(args)
    try:
        url = args.pbx or configured_pbx(db)
        if not url:
            raise CliError("no PBX configured: give --pbx ami://USER:SECRET@HOST:PORT")
        findings = check_pbx(db, url, wait=args.wait)
    except PbxSetupError as exc:
        raise CliError(str(exc)) from None
    finally:
        db.dispose()
    print("\n".join(render(findings, _ascii_only(args.ascii))))
    if len(findings) == 1 and findings[0].status == "fail":
        return 4  # the AMI login itself failed
    return 1 if failed(findings) else 0


class _Waiter:
    def __init__(self, login: str) -> None:
        self.login = login
        self.record: CallRecord | None = None
        self.state: PbxLink | None = None
        self.detail = ""
        self.finished = threading.Event()

    def pbx_state(self, state: PbxLink, detail: str) -> None:
        self.state, self.detail = state, detail

    def log(self, line: str) -> None:
        print(line, flush=True)

    def call_recorded(self, login: str, record: CallRecord, is_new: bool) -> None:
        if login == self.login:
            self.record = record
            self.finished.set()


def run_test_call(args: argparse.Namespace) -> int:
    from callshop_pos.runtime import build_runtime

    db = open_db(args)
    with db.read() as s:
        account = s.scalar(
            select(Account).where((Account.name == args.booth) | (Account.voip_login == args.booth))
        )
        if account is None:
            raise CliError(f"no booth named {args.booth!r}")
        login = account.voip_login
    db.dispose()
    waiter = _Waiter(login)
    runtime = build_runtime(
        args.db, pbx_url=pbx_url(args.pbx), demo=False, listeners=[waiter], printing=False
    )
    if runtime.engine is None:
        raise CliError("no PBX configured: give --pbx ami://USER:SECRET@HOST:PORT")
    runtime.start()
    try:
        import time

        deadline = time.monotonic() + args.timeout
        while not runtime.engine.connected:
            if waiter.state is PbxLink.AUTH_FAILED:
                raise CliError(f"PBX: {waiter.detail}", code=4)
            if time.monotonic() > deadline:
                raise CliError(f"PBX not reachable: {waiter.detail or runtime.pbx_url}", code=4)
            time.sleep(0.1)
        if not runtime.engine.policy.booth_states().get(login, False):
            # the dialplan refuses it before asking the app: say why instead of waiting
            print(f"{login} {args.number}: refused (the booth is not started)")
            return 3
        runtime.engine.originate_test_call(login, args.number, args.seconds)
        if not waiter.finished.wait(max(1.0, deadline - time.monotonic())):
            raise CliError("the test call did not finish in time", code=4)
        record = waiter.record
        assert record is not None
        reason = f" ({record.refusal_reason})" if record.refusal_reason else ""
        print(
            f"{login} {args.number}: {record.disposition}{reason}, "
            f"{record.billable_seconds} s billable"
        )
        return 0 if record.disposition == Disposition.ANSWERED else 3
    finally:
        runtime.stop()
