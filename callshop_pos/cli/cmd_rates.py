"""``callshop-pos rates``: import and export rate decks of tariffs and destination sets."""

from __future__ import annotations

import argparse
import atexit
import gc
import sys
from pathlib import Path

from callshop_pos.cli.common import CliError, add_owner_option, open_db, owner_check
from callshop_pos.rating.deck import DeckError
from callshop_pos.services.rates import MODES, export_deck, import_deck_file


def _owner_args(p: argparse.ArgumentParser) -> None:
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--tariff", metavar="NAME", help="a tariff's rates (sell prices)")
    group.add_argument(
        "--destination-set",
        metavar="NAME",
        help="a destination set's routes (a vendor's buy prices)",
    )


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rates", help="rate decks: import, export")
    cmds = p.add_subparsers(dest="rates_command", metavar="ACTION", required=True)
    imp = cmds.add_parser(
        "import",
        help="store a deck file; a bad line stores nothing",
        description="Parse FILE completely, then store it in one transaction. replace: the "
        "deck becomes exactly FILE; merge: FILE's rows are merged into the existing ones. "
        "Once the shop has an owner with a PIN, it needs --owner NAME and that PIN.",
    )
    imp.add_argument("file", type=Path)
    _owner_args(imp)
    imp.add_argument("--mode", choices=MODES, default="replace")
    add_owner_option(imp)
    imp.set_defaults(func=run_import)
    exp = cmds.add_parser("export", help="write a deck in the format import reads")
    _owner_args(exp)
    exp.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: stdout")
    exp.set_defaults(func=run_export)


def run_import(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        raise CliError(f"no such file: {args.file}")
    db = open_db(args)
    user_id = owner_check(db, args, "change_prices")
    try:
        result = import_deck_file(
            db,
            args.file,
            tariff=args.tariff,
            destination_set=args.destination_set,
            mode=args.mode,
            user_id=user_id,
        )
    except DeckError as exc:
        raise CliError(f"{args.file}: {exc} (nothing was stored)", code=1) from None
    owner = (
        f"tariff {args.tariff!r}" if args.tariff else f"destination set {args.destination_set!r}"
    )
    print(f"{owner}: {result}")
    # What is left when the process ends (SQLAlchemy's and the models' tens of thousands of
    # objects) is no garbage, yet the interpreter's exit collects it all: a quarter of a
    # second after a big deck has made the heap large. Frozen objects are left out of it.
    atexit.register(gc.freeze)
    return 0


def run_export(args: argparse.Namespace) -> int:
    db = open_db(args)
    text = export_deck(db, tariff=args.tariff, destination_set=args.destination_set)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8", newline="")
        print(f"wrote {args.output}", file=sys.stderr)
    return 0
