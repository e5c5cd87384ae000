"""A database outage (server down, file gone, network cut) told apart from a bad request.

SQLAlchemy raises ``OperationalError``/``InterfaceError`` (DBAPI errors) or
``DisconnectionError`` (pool) when the database cannot be reached; every other error is a
bug or a constraint and is handled where it happens. The cashier gets :data:`UNREACHABLE`;
the background loops log one line when the link goes and one when it is back.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError

from callshop_pos.counter import CounterError

OUTAGE_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError, DisconnectionError)
P = ParamSpec("P")
R = TypeVar("R")
UNREACHABLE = "Database unreachable — try again in a moment"


class DatabaseUnreachable(CounterError):
    """A cashier action could not reach the database (nothing was changed)."""

    def __init__(self) -> None:
        super().__init__(UNREACHABLE)


def is_outage(exc: BaseException) -> bool:
    """Not a deadlock or a serialization failure (SQLSTATE class 40, also an
    ``OperationalError``): those are races, the server is there."""
    sqlstate = str(getattr(getattr(exc, "orig", None), "sqlstate", None) or "")
    return isinstance(exc, OUTAGE_ERRORS) and not sqlstate.startswith("40")


def outage_detail(exc: BaseException) -> str:
    """The driver's first line (``connection refused``, ``unable to open database file``)."""
    original = getattr(exc, "orig", None) or exc
    lines = str(original).strip().splitlines()
    return lines[0][:200] if lines else type(original).__name__


@contextmanager
def said_to_cashier() -> Iterator[None]:
    """An outage inside becomes the cashier's one-line :data:`UNREACHABLE` (the unit of work
    has rolled back: nothing is half-done)."""
    try:
        yield
    except OUTAGE_ERRORS as exc:
        if not is_outage(exc):
            raise
        raise DatabaseUnreachable from None


class OutageLog:
    """Remembers whether the database was reachable and logs each change once."""

    def __init__(self, logger: logging.Logger, what: str) -> None:
        self.logger = logger
        self.what = what
        self.down = False
        self._lock = threading.Lock()

    def lost(self, exc: BaseException) -> bool:
        """Record a failure; True (and one warning) only when the link was up before."""
        with self._lock:
            changed, self.down = not self.down, True
        if changed:
            self.logger.warning("%s: database lost: %s", self.what, outage_detail(exc))
        return changed

    def back(self) -> bool:
        """Record a success; True (and one line) only when the link was down before."""
        with self._lock:
            changed, self.down = self.down, False
        if changed:
            self.logger.warning("%s: database back", self.what)
        return changed


def outage_as_counter_error(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorator form of :func:`said_to_cashier`, for a front end's use cases."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with said_to_cashier():
            return fn(*args, **kwargs)

    return wrapper
