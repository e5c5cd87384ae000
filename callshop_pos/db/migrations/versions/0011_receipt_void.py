"""A receipt can be voided by the owner: when, by whom and why.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("receipts") as batch_op:
        batch_op.add_column(sa.Column("voided_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("voided_by", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "void_reason", sa.String(length=200), nullable=False, server_default=sa.text("''")
            )
        )
        batch_op.create_foreign_key(
            op.f("fk_receipts_voided_by_users"), "users", ["voided_by"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("receipts") as batch_op:
        batch_op.drop_constraint(op.f("fk_receipts_voided_by_users"), type_="foreignkey")
        batch_op.drop_column("void_reason")
        batch_op.drop_column("voided_by")
        batch_op.drop_column("voided_at")
