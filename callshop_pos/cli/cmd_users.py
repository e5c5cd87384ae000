"""``callshop-pos users add|list|passwd|disable``: the shop's owners and cashiers.

A new PIN is asked twice on the terminal (``getpass``, never echoed), or read as one line from
standard input with ``--pin-stdin`` (for scripts; never on the command line, where ``ps``
shows it). Once the shop has an owner with a PIN, changing users needs ``--owner NAME`` and
that owner's PIN (``$CALLSHOP_OWNER_PIN``, else asked); the first owner needs none.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from callshop_pos.cli.common import CliError, add_owner_option, open_db, owner_check
from callshop_pos.services import users
from callshop_pos.services.permissions import Permission, Role
from callshop_pos.services.validation import ValidationError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("users", help="owners and cashiers: add, list, passwd, disable")
    cmds = p.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = cmds.add_parser("add", help="a new user with a PIN")
    add.add_argument("name")
    add.add_argument("--role", choices=[r.value for r in Role], default=Role.CASHIER.value)
    _pin_source(add)
    add_owner_option(add)
    add.set_defaults(func=run_add)
    listing = cmds.add_parser("list", help="every user: role, active, whether a PIN is set")
    listing.set_defaults(func=run_list)
    passwd = cmds.add_parser("passwd", help="set a user's PIN (clears a wrong-PIN wait)")
    passwd.add_argument("name")
    _pin_source(passwd)
    add_owner_option(passwd)
    passwd.set_defaults(func=run_passwd)
    disable = cmds.add_parser("disable", help="the user can no longer log in")
    disable.add_argument("name")
    add_owner_option(disable)
    disable.set_defaults(func=run_disable)


def _pin_source(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pin-stdin",
        action="store_true",
        help="read the new PIN as one line from standard input (default: ask twice)",
    )


def read_new_pin(args: argparse.Namespace) -> str:
    if args.pin_stdin:
        pin = sys.stdin.readline().rstrip("\r\n")
    else:
        if not sys.stdin.isatty():
            raise CliError("no terminal to ask the PIN on: use --pin-stdin")
        pin = getpass.getpass("New PIN: ")
        if getpass.getpass("The same PIN again: ") != pin:
            raise CliError("the two PINs differ: nothing was changed")
    try:
        return users.check_pin(pin)
    except ValidationError as exc:
        raise CliError(f"{exc}: nothing was changed") from None


def run_add(args: argparse.Namespace) -> int:
    db = open_db(args)
    by = owner_check(db, args, Permission.MANAGE_USERS)
    user = users.create_user(db, args.name, args.role, read_new_pin(args), by=by)
    print(f"added {user.role} {user.name!r}")
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    db = open_db(args)
    by = owner_check(db, args, Permission.MANAGE_USERS)
    users.change_pin(db, args.name, read_new_pin(args), by=by)
    print(f"new PIN set for {args.name!r}")
    return 0


def run_disable(args: argparse.Namespace) -> int:
    db = open_db(args)
    by = owner_check(db, args, Permission.MANAGE_USERS)
    users.deactivate(db, args.name, by=by)
    print(f"disabled {args.name!r}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    db = open_db(args)
    rows = [
        (u.name, u.role, "yes" if u.active else "no", "yes" if u.pin_hash else "no")
        for u in users.list_users(db)
    ]
    if not rows:
        print("no users yet (callshop-pos users add NAME --role owner)")
        return 0
    headers = ("name", "role", "active", "PIN set")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    for line in (headers, *rows):
        print("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
    return 0
