"""The reports' indexes: a booth's calls by time, receipts, sessions and extras by time.

The reports (services/reports.py) group calls, receipts, sessions and extra items of a period
in SQL; these let each query read only its period's rows.

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-15
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


# covering: the revenue report's GROUP BYs read the index alone, never the wide call rows
REPORT_COLUMNS = (
    "started_at",
    "disposition",
    "account_id",
    "vendor_id",
    "area_name",
    "prefix",
    "billed_seconds",
    "billable_seconds",
    "cost",
    "wholesale_cost",
    "vendor_cost",
)


def upgrade() -> None:
    op.create_index("ix_calls_account_started", "calls", ["account_id", "started_at"])
    op.create_index("ix_calls_report", "calls", list(REPORT_COLUMNS))
    op.create_index("ix_receipts_created", "receipts", ["created_at"])
    op.create_index("ix_booth_sessions_started", "booth_sessions", ["started_at"])
    op.create_index("ix_extra_items_created", "extra_items", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_extra_items_created", table_name="extra_items")
    op.drop_index("ix_booth_sessions_started", table_name="booth_sessions")
    op.drop_index("ix_receipts_created", table_name="receipts")
    op.drop_index("ix_calls_report", table_name="calls")
    op.drop_index("ix_calls_account_started", table_name="calls")
