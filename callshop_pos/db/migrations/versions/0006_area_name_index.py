"""Rates and routes by area name: the settings' rates table filters by it as you type.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_rates_area", "rates", ["tariff_id", "area_name"])
    op.create_index("ix_routes_area", "routes", ["destination_set_id", "area_name"])


def downgrade() -> None:
    op.drop_index("ix_routes_area", table_name="routes")
    op.drop_index("ix_rates_area", table_name="rates")
