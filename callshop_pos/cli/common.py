"""Helpers shared by the command modules: errors, the parser, the database, typed arguments.

Argument types check their ranges with services.validation, so a bad value is refused by the
parser as one line naming the option (``callshop-pos: error: tariff create: argument
--precision: must be 0-6, not 99``) before anything is opened. This module is imported to
build every command's parser, so it stays light: services.validation (and SQLAlchemy behind
it) is imported when an argument is converted, never for ``--help``.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import TYPE_CHECKING, NoReturn

from callshop_pos.errors import CallshopError
from callshop_pos.money import MoneyError, parse_money

if TYPE_CHECKING:
    from types import ModuleType

    from callshop_pos.db.query import Reader

PROG = "callshop-pos"
PBX_URL_VARIABLE = "CALLSHOP_PBX_URL"


class CliError(CallshopError):
    """A user error: printed as one line on stderr, exit status ``code``."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose refusals are one line, ``callshop-pos: error: ...``, like every
    other error of the command line (argparse prints the whole usage first); exit status 2.
    Subcommand parsers are of the same class (argparse makes them with ``type(self)``)."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix(PROG).strip()
        where = f"{command}: " if command else ""
        text = " ".join(message.split())
        self.exit(2, f"{PROG}: error: {where}{text} (see {self.prog} --help)\n")


def _v() -> ModuleType:
    """services.validation, imported on first use (see the module's docstring)."""
    from callshop_pos.services import validation

    return validation


def _arg_type(check: Callable[[str], object], name: str) -> Callable[[str], object]:
    """An argparse type from a check raising ValidationError (its text becomes the error)."""

    def convert(text: str) -> object:
        try:
            return check(text)
        except _v().ValidationError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = name  # argparse names the type in some messages
    return convert


def _amount(text: str) -> Decimal:
    try:
        value = parse_money(text)
    except MoneyError:
        raise _v().ValidationError(f"not an amount: {text[:40]!r}") from None
    return _v().check_money(value)


def _whole_number(text: str) -> int:
    stripped = text.strip()
    body = stripped.removeprefix("-")
    if not (body.isascii() and body.isdigit()):
        raise _v().ValidationError(f"not a whole number: {text[:40]!r}")
    if len(body) > 12:
        raise _v().ValidationError(f"out of range: {text[:12]!r}...")
    return int(stripped)


def _seconds(text: str) -> int:
    return _v().check_seconds(_whole_number(text))


def _precision(text: str) -> int:
    return _v().check_precision(_whole_number(text))


def _currency(text: str) -> str:
    return _v().check_currency(text.strip().upper())


def _name(text: str) -> str:
    return _v().check_name(text)


def _database(text: str) -> str:
    """A database file or an SQLAlchemy URL of a dialect that is installed."""
    if not text.strip():
        raise _v().ValidationError("must not be empty")
    _v().check_text(text, 1000)
    if "://" not in text:
        return text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        url = make_url(text)
        url.get_dialect()
    except (NoSuchModuleError, ImportError):  # NoSuchModuleError is an ArgumentError
        kind = text.partition("://")[0][:40]
        known = "sqlite, postgresql+psycopg"
        raise _v().ValidationError(f"unknown database kind {kind!r} ({known})") from None
    except ArgumentError:
        raise _v().ValidationError("not a database file or URL (dialect://...)") from None
    return text


# argparse types: money and fractions (exact, never float, 0..MONEY_MAX, <= 6 decimals),
# seconds (0..86400), decimals of a cost (0..6), ISO 4217 currencies, names, --db targets
decimal_arg = _arg_type(_amount, "amount")
seconds_arg = _arg_type(_seconds, "seconds")
precision_arg = _arg_type(_precision, "precision")
currency_arg = _arg_type(_currency, "currency")
name_arg = _arg_type(_name, "name")
database_arg = _arg_type(_database, "database")


def pbx_url(given: str | None, environ: dict[str, str] | None = None) -> str | None:
    """The PBX address for a command: ``--pbx`` if given (a secret in it is visible to every
    user in ``ps``: accepted, with a warning), else ``$CALLSHOP_PBX_URL``, else None (the one
    in the shop's preferences). The address is checked either way."""
    environ = dict(os.environ) if environ is None else environ
    source = "--pbx"
    if given is None:
        given, source = environ.get(PBX_URL_VARIABLE) or None, PBX_URL_VARIABLE
        if given is None:
            return None
    try:
        url = _v().check_pbx_url(given.strip())
    except _v().ValidationError as exc:
        raise CliError(f"{source}: {exc}") from None
    if source == "--pbx":  # an address always carries its secret
        print(
            f"{PROG}: warning: the AMI secret given with --pbx is visible to every user of "
            f"this computer (ps); set {PBX_URL_VARIABLE} or the shop's pbx_url instead",
            file=sys.stderr,
        )
    return url


def open_db(args: argparse.Namespace):  # noqa: ANN201 - returns callshop_pos.db.Database
    """The database named by ``--db`` (or the default), created/upgraded as needed."""
    from callshop_pos.db.engine import open_database

    return open_database(args.db)


@contextmanager
def reading(args: argparse.Namespace) -> Iterator[Reader]:
    """A reader of the database named by ``--db`` for a one-shot read (``quote NUMBER``,
    ``calls list``): ``sqlite3`` alone, read-only, on a SQLite file at the schema head
    (db/sqlite_read.py: no SQLAlchemy imported); anything else is opened as by
    :func:`open_db` (created/upgraded as needed) and read through SQLAlchemy."""
    from callshop_pos.db.sqlite_read import open_read

    fast = open_read(args.db)
    if fast is not None:
        with fast:
            yield fast
        return
    from callshop_pos.db.core_read import CoreReader

    db = open_db(args)
    with db.engine.connect() as conn:
        yield CoreReader(conn)


# --- the owner's PIN for owner-only commands ----------------------------------------------

OWNER_PIN_VARIABLE = "CALLSHOP_OWNER_PIN"
OWNER_HELP = (
    "an owner's name; needed once the shop has an owner with a PIN (the PIN from "
    f"${OWNER_PIN_VARIABLE}, else asked), not while it has no users (scripted first set-up)"
)


def add_owner_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--owner", metavar="NAME", help=OWNER_HELP)


def _owner_pin(environ: dict[str, str], ask: Callable[[str], str]) -> str:
    pin = environ.get(OWNER_PIN_VARIABLE)
    if pin:
        return pin
    if not sys.stdin.isatty():
        raise CliError(f"no owner PIN: set ${OWNER_PIN_VARIABLE} or run this in a terminal")
    return ask("Owner's PIN: ")


def owner_check(
    db,  # noqa: ANN001 - a callshop_pos.db.Database (imported lazily, like open_db)
    args: argparse.Namespace,
    permission: str,
    *,
    environ: dict[str, str] | None = None,
    ask: Callable[[str], str] | None = None,
) -> int | None:
    """The owner's user id for an owner-only command (``permission``, a
    services.permissions.Permission): None while the shop has no owner with a PIN (a
    scripted first set-up needs none); else ``--owner NAME`` and that owner's PIN, or a
    one-line refusal before anything is changed."""
    import getpass

    from callshop_pos.services import users
    from callshop_pos.services.permissions import DOING, NotAllowed, Permission, require

    if not users.owner_exists(db):
        return None
    doing = Permission(permission)
    name = getattr(args, "owner", None)
    if not name:
        raise CliError(
            f"only the owner may {DOING[doing]}: give --owner NAME "
            f"(the PIN from ${OWNER_PIN_VARIABLE}, else asked)"
        )
    pin = _owner_pin(dict(os.environ) if environ is None else environ, ask or getpass.getpass)
    try:
        user = users.authenticate(db, name, pin)
        require(user.role, doing)
    except NotAllowed as exc:
        raise CliError(f"{exc} ({name} is not an owner)") from None
    except users.UserError as exc:
        raise CliError(str(exc)) from None
    return user.id


@contextmanager
def stop_on_signals() -> Iterator[threading.Event]:
    """Ctrl+C / SIGTERM set the event (the command ends its work under way cleanly) instead
    of cutting it anywhere; the handlers are given back after (main thread only)."""
    asked = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield asked
        return
    signals = (signal.SIGINT, signal.SIGTERM)
    previous = {sig: signal.getsignal(sig) for sig in signals}
    for sig in signals:
        signal.signal(sig, lambda *_: asked.set())
    try:
        yield asked
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
