"""Accounts: "locked by Stop" apart from "blocked" (out of order, the owner's switch).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.add_column(
            sa.Column("locked", sa.Boolean(), nullable=False, server_default=sa.text("0"))
        )
    # Until now Stop's lock was kept in "blocked": a booth with a closed last session and
    # no open one was locked by Stop, not taken out of order.
    op.execute(
        "UPDATE accounts SET locked = blocked, blocked = 0 WHERE blocked = 1"
        " AND EXISTS (SELECT 1 FROM booth_sessions s WHERE s.account_id = accounts.id)"
        " AND NOT EXISTS (SELECT 1 FROM booth_sessions s WHERE s.account_id = accounts.id"
        " AND s.stopped_at IS NULL)"
    )


def downgrade() -> None:
    op.execute("UPDATE accounts SET blocked = 1 WHERE locked = 1")
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.drop_column("locked")
