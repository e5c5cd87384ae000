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


# only the columns these statements touch, typed so each backend gets its own boolean literal
accounts = sa.table(
    "accounts",
    sa.column("id", sa.Integer),
    sa.column("blocked", sa.Boolean),
    sa.column("locked", sa.Boolean),
)
sessions = sa.table(
    "booth_sessions", sa.column("account_id", sa.Integer), sa.column("stopped_at", sa.DateTime)
)


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.add_column(
            sa.Column("locked", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # Until now Stop's lock was kept in "blocked": a booth with a closed last session and
    # no open one was locked by Stop, not taken out of order.
    of_booth = sessions.c.account_id == accounts.c.id
    op.execute(
        accounts.update()
        .where(accounts.c.blocked == sa.true())
        .where(sa.exists().where(of_booth))
        .where(~sa.exists().where(of_booth, sessions.c.stopped_at.is_(None)))
        .values(locked=accounts.c.blocked, blocked=sa.false())
    )


def downgrade() -> None:
    op.execute(accounts.update().where(accounts.c.locked == sa.true()).values(blocked=sa.true()))
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.drop_column("locked")
