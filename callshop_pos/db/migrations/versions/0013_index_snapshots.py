"""Built prefix indexes of big decks, kept so that a load need not build them again.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-11
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "index_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tariff_id", sa.Integer(), nullable=True),
        sa.Column("destination_set_id", sa.Integer(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("format", sa.Integer(), nullable=False),
        sa.Column("checksum", sa.BigInteger(), nullable=False),
        sa.Column("header", sa.Text(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.CheckConstraint(
            "(tariff_id IS NULL) <> (destination_set_id IS NULL)",
            name=op.f("ck_index_snapshots_one_owner"),
        ),
        sa.ForeignKeyConstraint(
            ["destination_set_id"],
            ["destination_sets.id"],
            name=op.f("fk_index_snapshots_destination_set_id_destination_sets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tariff_id"],
            ["tariffs.id"],
            name=op.f("fk_index_snapshots_tariff_id_tariffs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_index_snapshots")),
        sa.UniqueConstraint(
            "destination_set_id", name=op.f("uq_index_snapshots_destination_set_id")
        ),
        sa.UniqueConstraint("tariff_id", name=op.f("uq_index_snapshots_tariff_id")),
    )


def downgrade() -> None:
    op.drop_table("index_snapshots")
