"""Turns exceptions into one line a person can act on."""

from __future__ import annotations


class CallshopError(Exception):
    """Base of the core's expected errors (bad input, missing objects, refused actions)."""


class NotFound(CallshopError):
    pass


def describe(exc: BaseException) -> str:
    if isinstance(exc, CallshopError):
        return str(exc)
    try:
        from sqlalchemy.exc import OperationalError, SQLAlchemyError

        if isinstance(exc, OperationalError):
            return f"database: {exc.orig}"
        if isinstance(exc, SQLAlchemyError):
            return f"database: {exc.__class__.__name__}: {exc}".splitlines()[0]
    except ImportError:  # pragma: no cover
        pass
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else "")
    return f"{exc.__class__.__name__}: {exc}"
