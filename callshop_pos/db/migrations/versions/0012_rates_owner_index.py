"""Rates and routes lose their plain index on the owner's id.

Both tables already have two indexes that start with the owner's id (the unique
(owner, prefix, activation) and the area filter's (owner, area_name)), which serve every
query by owner and the cascade of an owner's delete. The third one only cost time on every
insert: a quarter of a million rows imported paid for it again (measured by
tests/bench/bench_import.py).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_rates_tariff_id", table_name="rates")
    op.drop_index("ix_routes_destination_set_id", table_name="routes")


def downgrade() -> None:
    op.create_index("ix_routes_destination_set_id", "routes", ["destination_set_id"])
    op.create_index("ix_rates_tariff_id", "rates", ["tariff_id"])
