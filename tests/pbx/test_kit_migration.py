"""Migration 0003 on a real file holding a shop at revision 0002: every connection gets an
auth_mode: "register" (what the kit exported until now) when it has a username and a
password to register with, else "ip"."""

from __future__ import annotations

import sqlite3

from alembic import command
from sqlalchemy import select

from callshop_pos.db.engine import alembic_config, open_database
from callshop_pos.db.migrations import HEAD
from callshop_pos.db.models import Connection
from tests.core.shop import build_shop


def test_upgrade_from_0003_sets_auth_mode_from_the_credentials(tmp_path):
    path = tmp_path / "shop.db"
    db = build_shop(path)
    config = alembic_config(db.engine)
    with db.engine.connect() as conn:  # as the app's upgrade does: SQLite copies the table
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.commit()
        with conn.begin():
            config.attributes["connection"] = conn
            command.downgrade(config, "0003")
    db.dispose()
    raw = sqlite3.connect(path)
    with raw:
        columns = [row[1] for row in raw.execute("PRAGMA table_info(connections)")]
        raw.execute(
            "UPDATE connections SET username = 'shop42', password = 'pw' WHERE name = 'carrier-b'"
        )
    raw.close()
    assert "auth_mode" not in columns

    upgraded = open_database(path)
    assert upgraded.current_revision() == HEAD == upgraded.head_revision()
    with upgraded.read() as s:
        modes = {c.name: c.auth_mode for c in s.scalars(select(Connection))}
    assert modes == {"carrier-a": "ip", "carrier-b": "register"}
    assert upgraded.check() == []
    with upgraded.session() as s:  # new rows without the key: the same rule
        first = s.scalars(select(Connection)).first()
        assert first is not None
        s.add(Connection(name="by-ip", host="192.0.2.7", vendor_id=first.vendor_id))
        s.add(
            Connection(
                name="by-login",
                host="sip.c.example",
                username="u",
                password="p",
                vendor_id=first.vendor_id,
            )
        )
    with upgraded.read() as s:
        new = dict(
            s.execute(
                select(Connection.name, Connection.auth_mode).where(
                    Connection.name.in_(["by-ip", "by-login"])
                )
            ).all()
        )
    assert new == {"by-ip": "ip", "by-login": "register"}
    upgraded.dispose()
