"""Migration 0002 on a real file holding a shop at revision 0001: Stop's lock moves out of
"blocked" into "locked", an out-of-order booth stays blocked, and a backup is kept."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command

from callshop_pos.db.engine import alembic_config, open_database
from tests.core.shop import build_shop

# these tests are about the migrations: a new file is migrated, not copied
pytestmark = pytest.mark.real_migrations


def test_upgrade_from_0001_splits_locked_from_blocked(tmp_path):
    path = tmp_path / "shop.db"
    db = build_shop(path)  # at head; take it back to 0001 as an older app left it
    config = alembic_config(db.engine)
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0001")
    db.dispose()
    raw = sqlite3.connect(path)
    with raw:
        ids = dict(raw.execute("SELECT voip_login, id FROM accounts"))
        # booth1: stopped (locked by Stop); booth2: out of order, never used; booth3: running
        raw.execute(
            "INSERT INTO booth_sessions (account_id, mode, prepaid_amount, credit_limit,"
            " started_at, stopped_at, calls_total, extras_total) VALUES"
            " (?, 'prepaid', 0, 0, '2026-11-01 10:00:00', '2026-11-01 11:00:00', 0, 0)",
            (ids["booth1"],),
        )
        raw.execute(
            "INSERT INTO booth_sessions (account_id, mode, prepaid_amount, credit_limit,"
            " started_at, calls_total, extras_total) VALUES"
            " (?, 'prepaid', 0, 0, '2026-11-01 10:00:00', 0, 0)",
            (ids["booth3"],),
        )
        raw.execute("UPDATE accounts SET blocked = 1 WHERE voip_login IN ('booth1', 'booth2')")
    raw.close()

    upgraded = open_database(path)
    assert upgraded.current_revision() == upgraded.head_revision()
    raw = sqlite3.connect(path)
    rows = {
        login: (blocked, locked)
        for login, blocked, locked in raw.execute(
            "SELECT voip_login, blocked, locked FROM accounts"
        )
    }
    raw.close()
    assert rows["booth1"] == (0, 1)
    assert rows["booth2"] == (1, 0)
    assert rows["booth3"] == (0, 0)
    backups = list(tmp_path.glob("shop.*.bak"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    old.close()
    assert upgraded.check() == []
