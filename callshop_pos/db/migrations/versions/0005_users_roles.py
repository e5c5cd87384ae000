"""Users and roles: the wrong-PIN slow-down kept per user, the idle lock preference.

Sessions (started_by/stopped_by), payments and audit rows already name their user by id and
receipts by the cashier's name; what was missing is the state of the slow-down (kept in the
database so neither a restart nor another counter resets it) and the idle minutes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(
            sa.Column("failed_pins", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
    with op.batch_alter_table("preferences") as batch_op:
        batch_op.add_column(
            sa.Column(
                "lock_after_minutes", sa.Integer(), nullable=False, server_default=sa.text("10")
            )
        )


def downgrade() -> None:
    # In place (SQLite >= 3.35 drops a column itself): copying users is refused while foreign
    # keys are enforced (sessions, payments and the audit log point at it).
    with op.batch_alter_table("preferences", recreate="never") as batch_op:
        batch_op.drop_column("lock_after_minutes")
    with op.batch_alter_table("users", recreate="never") as batch_op:
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_pins")
