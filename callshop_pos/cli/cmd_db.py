"""``callshop-pos db``: upgrade the schema (after a backup) and check the database."""

from __future__ import annotations

import argparse

from callshop_pos.cli.common import CliError
from callshop_pos.db.engine import open_database


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("db", help="database maintenance: upgrade, check")
    cmds = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = cmds.add_parser(
        "upgrade",
        help="bring the schema to the newest revision (an existing file is backed up first)",
    )
    up.set_defaults(func=run_upgrade)
    check = cmds.add_parser(
        "check",
        help="schema revision, tables, constraints, integrity and foreign keys; exit 1 "
        "listing the problems (a first set-up that was interrupted is completed)",
    )
    check.set_defaults(func=run_check)


def run_upgrade(args: argparse.Namespace) -> int:
    # opened without upgrading so the revision before the upgrade can be reported
    db = open_database(args.db, upgrade=False)
    try:
        before, head = db.current_revision(), db.head_revision()
        if before == head:
            print(f"database {db.url} is up to date (revision {head})")
            return 0
        backup = db.upgrade()
        print(f"upgraded {db.url} from {before or 'base (no schema)'} to {head}")
        if backup is not None:
            print(f"backup of the previous database: {backup}")
        return 0
    finally:
        db.dispose()


def run_check(args: argparse.Namespace) -> int:
    # no upgrade here: checking must not change the file it checks
    db = open_database(args.db, upgrade=False)
    if db.path is not None and not db.path.exists():
        db.dispose()  # connecting would create an empty file just to report it empty
        raise CliError(f"no database at {db.path}", code=1)
    try:
        if db.interrupted_setup():
            # nothing in it to lose: finish creating the schema (one transaction) and say so
            db.upgrade()
            print(
                f"database {db.url}: repaired: the first set-up had been interrupted; "
                f"schema created (revision {db.head_revision()})"
            )
        problems = db.check()
    finally:
        db.dispose()
    if not problems:
        print(f"database {db.url}: ok")
        return 0
    print(f"database {db.url}: {len(problems)} problem(s)")
    for problem in problems:
        print(f"  {problem}")
    return 1
