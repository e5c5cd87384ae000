"""``callshop-pos [--db PATH|URL] COMMAND``: the command line of Callshop POS.

Each command lives in its own module of this package with a ``register(subparsers)`` function
that adds its parser and sets ``func`` (``func(args) -> int``, the exit status).

Only the module of the command being run is imported (with SQLAlchemy, reportlab, the PBX
engine... that it needs): the others appear in ``--help`` by their name and the one-line help
of :data:`COMMAND_HELP`, so ``callshop-pos --help`` starts in a fraction of the time.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from typing import NoReturn

from callshop_pos.cli.common import PROG, CliError, OneLineParser, database_arg

COMMAND_MODULES = (
    "tariff",
    "rates",
    "quote",
    "setup",
    "db",
    "booth",
    "calls",
    "balances",
    "serve",
    "pbx",
    "printer",
    "receipt",
    "users",
    "report",
    "shift",
    "demo",
)

# Each command's line in ``callshop-pos --help`` without importing its module; the same text
# as the module's own ``add_parser(help=...)`` (tests/cli/test_lazy_commands.py checks it).
COMMAND_HELP = {
    "tariff": "sell price lists: create, list",
    "rates": "rate decks: import, export",
    "quote": "price a call: matched prefix, prices, cost, and what a balance buys",
    "setup": "the whole shop set-up as one TOML file: apply, dump",
    "db": "database maintenance: upgrade, check",
    "booth": "start, stop, top up and list booths",
    "calls": "the calls the booths made",
    "balances": "the shop's balance with the owner and the vendors', over a period",
    "serve": "run the PBX engine without the UI",
    "pbx": "test calls, replays and the Asterisk configuration kit",
    "printer": "check the receipt printer, list profiles",
    "receipt": "show, reprint, list, void or refund stored receipts",
    "users": "owners and cashiers: add, list, passwd, disable",
    "report": "revenue, calls, sessions, shifts, problems and balances of a period",
    "shift": "cash drawer shifts: open, pay in/out, X report, close (Z), reprint a Z, list",
    "demo": "the demo shop: past traffic for its reports",
}


class _NotYet(Exception):
    """The first look at the arguments could not tell the command (argparse will say why)."""


class _FirstLook(argparse.ArgumentParser):
    """The global options and the command's name, nothing else (no types, no exit)."""

    def error(self, message: str) -> NoReturn:
        raise _NotYet(message)


def command_of(argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs, found the way the real parser will find it (``--db`` and
    its abbreviations take a value), or None (no command, ``--help``, a typo)."""
    first = _FirstLook(prog=PROG, add_help=False)
    first.add_argument("--db")
    first.add_argument("-v", "--verbose", action="store_true")
    first.add_argument("-h", "--help", action="store_true")
    first.add_argument("command", nargs="?")
    first.add_argument("rest", nargs=argparse.REMAINDER)
    try:
        seen, _ = first.parse_known_args(list(argv))
    except _NotYet:
        return None
    return seen.command if seen.command in COMMAND_MODULES else None


def build_parser(command: str | None = None, every: bool = False) -> argparse.ArgumentParser:
    """The parser, with ``command``'s module imported and registered (all of them with
    ``every``); the other commands are names with their help, enough for ``--help`` and for
    argparse to accept them as choices."""
    parser = OneLineParser(
        prog=PROG,
        description="Callshop POS: booths, tariffs, calls and receipts from the command line.",
    )
    parser.add_argument(
        "--db",
        type=database_arg,
        metavar="PATH|URL",
        help="database file or SQLAlchemy URL (default: callshop.db in the user data folder)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        if every or name == command:
            module = importlib.import_module(f"callshop_pos.cli.cmd_{name}")
            module.register(sub)
        else:
            sub.add_parser(name, help=COMMAND_HELP.get(name), add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(command_of(argv))
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"{PROG}: error: {one_line(str(exc))}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # one clear line, never a traceback
        from callshop_pos.errors import describe

        print(f"{PROG}: error: {one_line(describe(exc))}", file=sys.stderr)
        if args.verbose:
            raise
        return 1


def one_line(message: str) -> str:
    """An error as one line: a driver's multi-line message (PostgreSQL's hints) joined."""
    return " ".join(line.strip() for line in message.splitlines() if line.strip())


if __name__ == "__main__":
    sys.exit(main())
