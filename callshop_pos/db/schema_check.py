"""Does the database hold the schema the models describe? One line per difference.

Used by ``db check`` on every backend once the schema revision is the newest: tables,
columns and their types, defaults, indexes, unique, foreign-key and check constraints; on
PostgreSQL also constraints and indexes left unvalidated (``NOT VALID``, a failed build).
"""

from __future__ import annotations

import warnings
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Connection,
    ForeignKeyConstraint,
    Index,
    MetaData,
    Table,
    UniqueConstraint,
    inspect,
    text,
)
from sqlalchemy.exc import SAWarning


def schema_problems(conn: Connection, metadata: MetaData) -> list[str]:
    from alembic.autogenerate import compare_metadata  # heavy: only a check needs it
    from alembic.runtime.migration import MigrationContext

    context = MigrationContext.configure(
        conn,
        opts={
            "compare_type": True,
            "compare_server_default": True,
            # tables that are not ours (a shop's own, alembic's) are none of our business
            "include_name": lambda name, kind, _parent: kind != "table" or name in metadata.tables,
        },
    )
    with warnings.catch_warnings():
        # reflecting a table that lost a unique constraint makes SQLAlchemy warn about
        # alembic's own options; the difference itself is reported below
        warnings.simplefilter("ignore", SAWarning)
        diffs = _flatten(compare_metadata(context, metadata))
    missing = {d[1].name for d in diffs if d[0] == "add_table"}
    # a missing table's indexes and constraints are missing with it: said once
    problems = [_describe(d) for d in diffs if _table_of(d) not in missing or d[0] == "add_table"]
    problems += _missing_checks(conn, metadata)
    if conn.dialect.name == "postgresql":
        problems += _unvalidated(conn)
    return problems


def our_tables(conn: Connection, metadata: MetaData) -> list[str]:
    """The models' tables that exist in the database."""
    existing = set(inspect(conn).get_table_names())
    return [name for name in metadata.tables if name in existing]


def _flatten(diffs: list[Any]) -> list[tuple[Any, ...]]:
    flat: list[tuple[Any, ...]] = []
    for diff in diffs:
        # column modifications come grouped in a list, one group per column
        flat.extend(diff if isinstance(diff, list) else [diff])
    return flat


def _table_of(diff: tuple[Any, ...]) -> str | None:
    obj = diff[1]
    if isinstance(obj, Table):
        return obj.name
    table = getattr(obj, "table", None)
    return table.name if table is not None else None


def _describe(diff: tuple[Any, ...]) -> str:
    kind = diff[0]
    if kind in ("add_table", "remove_table"):
        return f"{'missing' if kind == 'add_table' else 'unexpected'} table {diff[1].name}"
    if kind in ("add_column", "remove_column"):
        where = "missing" if kind == "add_column" else "unexpected"
        return f"{where} column {diff[2]}.{diff[3].name}"
    if kind.startswith("modify_"):
        _kind, _schema, table, column, _existing, found, wanted = diff
        what = kind.removeprefix("modify_").replace("_", " ")
        return f"column {table}.{column}: {what} is {found!r}, the model says {wanted!r}"
    if kind.startswith(("add_", "remove_")) and _table_of(diff) is not None:
        obj = diff[1]
        where = "missing" if kind.startswith("add_") else "unexpected"
        noun = _NOUNS.get(type(obj), "constraint")
        return f"{where} {noun} {obj.name} on {obj.table.name}"
    return f"schema differs from the model: {diff!r}"


_NOUNS = {
    Index: "index",
    UniqueConstraint: "unique constraint",
    ForeignKeyConstraint: "foreign key",
}


def _missing_checks(conn: Connection, metadata: MetaData) -> list[str]:
    inspector = inspect(conn)
    existing = set(inspector.get_table_names())
    problems = []
    for table in metadata.sorted_tables:
        if table.name not in existing:
            continue  # already reported as a missing table
        wanted = {
            c.name
            for c in table.constraints
            if isinstance(c, CheckConstraint) and isinstance(c.name, str)
        }
        if not wanted:
            continue
        found = {c["name"] for c in inspector.get_check_constraints(table.name)}
        problems += [
            f"missing check constraint {name} on {table.name}" for name in sorted(wanted - found)
        ]
    return problems


def _unvalidated(conn: Connection) -> list[str]:
    rows = conn.execute(
        text(
            "SELECT c.conname, t.relname FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid"
            " JOIN pg_namespace n ON n.oid = t.relnamespace"
            " WHERE NOT c.convalidated AND n.nspname = current_schema() ORDER BY 2, 1"
        )
    )
    problems = [
        f"constraint {name} on {table} is not validated (NOT VALID)" for name, table in rows
    ]
    rows = conn.execute(
        text(
            "SELECT i.relname, t.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
            " JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
            " WHERE NOT x.indisvalid AND n.nspname = current_schema() ORDER BY 2, 1"
        )
    )
    problems += [
        f"index {name} on {table} is invalid (an interrupted build)" for name, table in rows
    ]
    return problems
