"""``callshop-pos setup``: apply or dump the whole shop set-up (one TOML file + CSV decks).

``setup apply FILE`` applies it in one transaction (see services.setup_file for the format);
``setup dump -o FILE`` writes FILE and its decks beside it (owner-only files); ``setup dump``
alone prints one self-contained TOML text with the decks inline, to redirect into a file.
Secrets (passwords, the PBX address) are left out unless ``--with-secrets``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from callshop_pos.cli.common import CliError, add_owner_option, open_db, owner_check
from callshop_pos.services.setup_file import (
    apply_setup,
    demo_setup_path,
    dump_setup,
    dump_setup_text,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("setup", help="the whole shop set-up as one TOML file: apply, dump")
    cmds = p.add_subparsers(dest="setup_command", metavar="ACTION", required=True)
    apply = cmds.add_parser(
        "apply",
        help="create/update what the file names (all or nothing)",
        description="Apply a set-up file. Objects are found by name; nothing the file does "
        "not name is touched. Any error changes nothing. Once the shop has an owner with "
        "a PIN, it needs --owner NAME and that PIN (users in the file never carry PINs).",
    )
    source = apply.add_mutually_exclusive_group(required=True)
    source.add_argument("file", nargs="?", type=Path)
    source.add_argument(
        "--demo", action="store_true", help=f"the demo shop ({demo_setup_path().name})"
    )
    add_owner_option(apply)
    apply.set_defaults(func=run_apply)
    dump = cmds.add_parser(
        "dump",
        help="write the set-up out",
        description="With -o FILE: FILE plus one CSV deck per tariff and destination set "
        "beside it. Without: one TOML text on stdout with the decks inline.",
    )
    dump.add_argument("-o", "--output", type=Path, metavar="FILE")
    dump.add_argument(
        "--with-secrets",
        action="store_true",
        help="also write the VoIP and trunk passwords and the PBX address (left out by "
        "default; applying a file without them keeps the ones in the database)",
    )
    dump.set_defaults(func=run_dump)


def run_apply(args: argparse.Namespace) -> int:
    path: Path = demo_setup_path() if args.demo else args.file
    if not path.is_file():
        raise CliError(f"no such file: {path}")
    db = open_db(args)
    report = apply_setup(db, path, user_id=owner_check(db, args, "change_prices"))
    print(f"applied {path}")
    for line in report.lines():
        print(f"  {line}")
    return 0


def run_dump(args: argparse.Namespace) -> int:
    db = open_db(args)
    if args.output is None:
        sys.stdout.write(dump_setup_text(db, secrets=args.with_secrets))
        return 0
    for path in dump_setup(db, args.output, secrets=args.with_secrets):
        print(f"wrote {path}")
    return 0
