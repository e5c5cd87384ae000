"""Helpers shared by the command modules: errors, the database, money arguments."""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation


class CliError(Exception):
    """A user error: printed as one line on stderr, exit status ``code``."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def decimal_arg(text: str) -> Decimal:
    """argparse type for money and fractions: exact, never float."""
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value.is_finite():
        raise argparse.ArgumentTypeError(f"not a number: {text!r}")
    return value


def open_db(args: argparse.Namespace):  # noqa: ANN201 - returns callshop_pos.db.Database
    """The database named by ``--db`` (or the default), created/upgraded as needed."""
    from callshop_pos.db.engine import open_database

    return open_database(args.db)
