"""``callshop-pos [--db PATH|URL] COMMAND``: the command line of Callshop POS.

Each command lives in its own module of this package with a ``register(subparsers)`` function
that adds its parser and sets ``func`` (``func(args) -> int``, the exit status).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from callshop_pos.cli.common import PROG, CliError, OneLineParser, database_arg

COMMAND_MODULES = (
    "tariff",
    "rates",
    "quote",
    "setup",
    "db",
    "booth",
    "calls",
    "serve",
    "pbx",
    "printer",
    "receipt",
    "users",
)


def build_parser() -> argparse.ArgumentParser:
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
        module = importlib.import_module(f"callshop_pos.cli.cmd_{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
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
