"""Reading the audit log: pages of rows filtered in SQL (period, user, action, object type,
text), newest first, as plain dataclasses whose details are decoded into old -> new pairs.

The log is only ever read here: nothing in the app edits or deletes an audit row. Rows are
written by :func:`callshop_pos.services.audit.audit` in the transaction of the change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.sql.elements import ColumnElement

from callshop_pos.db.engine import Database
from callshop_pos.db.models import AuditLog, User
from callshop_pos.errors import CallshopError

PAGE_ROWS = 200
PERIODS = ("today", "yesterday", "week", "month", "all")
_LIKE_ESCAPE = "\\"


class AuditQueryError(CallshopError):
    """A filter that cannot be asked (an unknown period, a period that ends before it starts)."""


@dataclass(frozen=True)
class Change:
    """One field of an audit row: ``old`` None for a plain fact (a Start's prepaid amount),
    ``new`` None for what a delete took away."""

    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime  # UTC
    user_id: int | None
    user: str  # the user's name, "" when the change had none (the PBX, a script)
    action: str  # "settings.update", "session.stop", ...
    object_type: str
    object_id: int | None
    name: str  # the object's name when the row gives it
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class AuditFilter:
    """What to show; every part optional. ``since`` inclusive, ``until`` exclusive (UTC)."""

    since: datetime | None = None
    until: datetime | None = None
    user_id: int | None = None
    action: str | None = None
    object_type: str | None = None
    text: str = ""


@dataclass(frozen=True)
class Cursor:
    """Where the next (older) page starts: the last row shown."""

    at: datetime
    id: int


# --- periods -------------------------------------------------------------------------------


def day_bounds(first: date, last: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """The UTC bounds of the local days ``first`` .. ``last`` (both included)."""
    if last < first:
        raise AuditQueryError(f"the period ends ({last}) before it starts ({first})")
    since = datetime.combine(first, time(), zone).astimezone(UTC)
    until = datetime.combine(last + timedelta(days=1), time(), zone).astimezone(UTC)
    return since, until


def period(preset: str, now: datetime) -> tuple[datetime | None, datetime | None]:
    """The UTC bounds of a preset, in the local days of ``now`` (a timezone-aware time):
    today, yesterday, this week (from Monday), this month, or all (no bounds)."""
    if now.tzinfo is None:
        raise AuditQueryError("the current time must carry its time zone")
    zone = now.tzinfo
    today = now.date()
    if preset == "today":
        return day_bounds(today, today, zone)
    if preset == "yesterday":
        yesterday = today - timedelta(days=1)
        return day_bounds(yesterday, yesterday, zone)
    if preset == "week":
        return day_bounds(today - timedelta(days=today.weekday()), today, zone)
    if preset == "month":
        return day_bounds(today.replace(day=1), today, zone)
    if preset == "all":
        return None, None
    raise AuditQueryError(f"unknown period {preset!r} (use one of {', '.join(PERIODS)})")


# --- decoding ------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _pair(value: Any) -> tuple[Any, Any] | None:
    if isinstance(value, list) and len(value) == 2:
        return value[0], value[1]
    return None


def _removed(value: Any) -> str | None:
    """What a delete took away: the settings' delete writes it as [None, value]."""
    pair = _pair(value)
    return _text(pair[1] if pair is not None and pair[0] is None else value)


def _old_new(field: str, old: Any, new: Any, *, has_new: bool) -> list[Change]:
    """The ``old``/``new`` shapes: two dicts {field: value} (a rate edit; a delete's old
    alone), a list of removed rows, or two plain values (the language)."""
    if isinstance(old, dict) or isinstance(new, dict):
        before = old if isinstance(old, dict) else {}
        after = new if isinstance(new, dict) else {}
        keys = list(before) + [k for k in after if k not in before]
        return [
            Change(
                key,
                (_removed(before[key]) if not after else _text(before[key]))
                if key in before
                else None,
                _text(after[key]) if key in after else None,
            )
            for key in keys
        ]
    if isinstance(old, list):
        return [
            Change(_text(row.get("prefix", n)) or str(n), _text(row), None)
            if isinstance(row, dict)
            else Change(str(n), _text(row), None)
            for n, row in enumerate(old, 1)
        ]
    return [Change(field, _text(old), _text(new) if has_new else None)]


def decode(action: str, details: str) -> tuple[str, tuple[Change, ...]]:
    """(the object's name, its changes) from an audit row's JSON details.

    The shapes written: ``changes`` {field: [old, new]} (a settings save); ``old``
    {field: [None, value]} (a settings delete: what was taken away); ``old``/``new`` dicts of
    the changed fields (a rate edit), a list of removed rows, or plain values (the language;
    the field is then the action's last part); any other key is a fact (a Start's amount)."""
    if not details:
        return "", ()
    try:
        data = json.loads(details)
    except ValueError:
        return "", (Change("details", None, details),)
    if not isinstance(data, dict):
        return "", (Change("details", None, _text(data)),)
    name = _text(data.pop("name", "")) or ""
    changes: list[Change] = []
    nested = data.pop("changes", None)
    if isinstance(nested, dict):
        for key, value in nested.items():
            pair = _pair(value)
            old, new = pair if pair is not None else (None, value)
            changes.append(Change(key, _text(old), _text(new)))
    if "old" in data or "new" in data:
        has_new = "new" in data
        old, new = data.pop("old", None), data.pop("new", None)
        changes += _old_new(action.rsplit(".", 1)[-1], old, new, has_new=has_new)
    for key, value in data.items():
        changes.append(Change(key, None, _text(value)))
    return name, tuple(changes)


# --- the query -----------------------------------------------------------------------------


def _like(text: str) -> str:
    escaped = text.replace(_LIKE_ESCAPE, 2 * _LIKE_ESCAPE).replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _text_match(text: str) -> ColumnElement[bool]:
    """The text in the action, the object type, the user's name or the details; the details'
    JSON keeps non-ASCII as ``\\uXXXX`` (where no case folding reaches), so that spelling
    of the text is looked for too, as typed, in lower and upper case and capitalized."""
    columns = (AuditLog.action, AuditLog.object_type, User.name, AuditLog.details)
    wanted = [c.ilike(_like(text), escape=_LIKE_ESCAPE) for c in columns]
    spellings = {text, text.lower(), text.upper(), text.capitalize(), text.title()}
    for spelling in sorted({json.dumps(s)[1:-1] for s in spellings} - {text}):
        wanted.append(AuditLog.details.ilike(_like(spelling), escape=_LIKE_ESCAPE))
    return or_(*wanted)


def _conditions(f: AuditFilter) -> list[ColumnElement[bool]]:
    if f.since is not None and f.until is not None and f.until <= f.since:
        raise AuditQueryError("the period ends before it starts")
    found: list[ColumnElement[bool]] = []
    if f.since is not None:
        found.append(AuditLog.at >= f.since)
    if f.until is not None:
        found.append(AuditLog.at < f.until)
    if f.user_id is not None:
        found.append(AuditLog.user_id == f.user_id)
    if f.action:
        found.append(AuditLog.action == f.action)
    if f.object_type:
        found.append(AuditLog.object_type == f.object_type)
    if f.text.strip():
        found.append(_text_match(f.text.strip()))
    return found


def entries(
    db: Database,
    where: AuditFilter = AuditFilter(),  # frozen: never changed
    *,
    after: Cursor | None = None,
    limit: int = PAGE_ROWS,
) -> list[AuditEntry]:
    """One page of the log, newest first; ``after`` the last entry of the page before."""
    if limit < 1:
        raise AuditQueryError(f"a page has at least one row, not {limit}")
    query = (
        select(AuditLog, User.name)
        .outerjoin(User, User.id == AuditLog.user_id)
        .where(*_conditions(where))
    )
    if after is not None:
        query = query.where(
            or_(AuditLog.at < after.at, and_(AuditLog.at == after.at, AuditLog.id < after.id))
        )
    query = query.order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(limit)
    with db.read() as s:
        found = []
        for row, user in s.execute(query):
            name, changes = decode(row.action, row.details)
            found.append(
                AuditEntry(
                    row.id,
                    row.at,
                    row.user_id,
                    user or "",
                    row.action,
                    row.object_type,
                    row.object_id,
                    name,
                    changes,
                )
            )
        return found


def cursor(entry: AuditEntry) -> Cursor:
    return Cursor(entry.at, entry.id)


def actions(db: Database) -> list[str]:
    """The action codes the log holds (for the filter's choices)."""
    with db.read() as s:
        return list(s.scalars(select(AuditLog.action).distinct().order_by(AuditLog.action)))


def users(db: Database) -> list[tuple[int, str]]:
    """(id, name) of every user, by name (for the filter's choices)."""
    with db.read() as s:
        return [
            (uid, name) for uid, name in s.execute(select(User.id, User.name).order_by(User.name))
        ]
