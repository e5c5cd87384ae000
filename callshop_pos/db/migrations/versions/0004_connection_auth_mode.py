"""Connections: how the carrier authenticates the PBX (auth_mode "ip", "register" or "both").

Until now every trunk was exported with a registration: existing connections with a username
and a password keep that ("register"); those without cannot register and become "ip".

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("connections") as batch_op:
        batch_op.add_column(
            sa.Column("auth_mode", sa.String(8), nullable=False, server_default="register")
        )
    op.execute(
        "UPDATE connections SET auth_mode = 'ip' WHERE username = '' OR password = ''"
        " OR username IS NULL OR password IS NULL"
    )


def downgrade() -> None:
    # In place (SQLite >= 3.35 drops a column itself): copying the table, batch mode's
    # default, is refused while foreign keys are enforced (routing entries and calls point here).
    with op.batch_alter_table("connections", recreate="never") as batch_op:
        batch_op.drop_column("auth_mode")
