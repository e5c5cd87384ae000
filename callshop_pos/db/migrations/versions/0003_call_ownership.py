"""A call belongs to the session that authorized it: call authorizations by Uniqueid,
provisional bills at Stop settled as adjustments, PBX records set aside as problems; calls
keep the tariff terms of their rate snapshot and the evidence when seconds were bounded.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "call_authorizations",
        sa.Column("booth_uniqueid", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("allowed", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=True),
        sa.Column("cap_seconds", sa.Integer(), nullable=True),
        sa.Column("rate_json", sa.Text(), nullable=False),
        sa.Column("authorized_at", sa.DateTime(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_call_authorizations_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["booth_sessions.id"],
            name=op.f("fk_call_authorizations_session_id_booth_sessions"),
        ),
        sa.PrimaryKeyConstraint("booth_uniqueid", name=op.f("pk_call_authorizations")),
    )
    op.create_index(
        op.f("ix_call_authorizations_account_id"), "call_authorizations", ["account_id"]
    )
    op.create_index(
        op.f("ix_call_authorizations_session_id"), "call_authorizations", ["session_id"]
    )
    op.create_table(
        "adjustments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("charged", sa.BigInteger(), nullable=False),
        sa.Column("actual", sa.BigInteger(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("charged_seconds", sa.Integer(), nullable=False),
        sa.Column("actual_seconds", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"], ["calls.id"], name=op.f("fk_adjustments_call_id_calls")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["booth_sessions.id"],
            name=op.f("fk_adjustments_session_id_booth_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adjustments")),
    )
    op.create_index(op.f("ix_adjustments_session_id"), "adjustments", ["session_id"])
    op.create_index(op.f("ix_adjustments_call_id"), "adjustments", ["call_id"])
    op.create_table(
        "pbx_problems",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booth_uniqueid", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("record_json", sa.Text(), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pbx_problems")),
    )
    op.create_index(op.f("ix_pbx_problems_booth_uniqueid"), "pbx_problems", ["booth_uniqueid"])
    with op.batch_alter_table("calls") as batch_op:
        batch_op.add_column(sa.Column("rate_connect_fee", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("rate_surcharge", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("rate_free_seconds", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("evidence", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("calls") as batch_op:  # the default was for existing rows only
        batch_op.alter_column("evidence", server_default=None)
    with op.batch_alter_table("booth_sessions") as batch_op:
        batch_op.add_column(sa.Column("stopping_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("booth_sessions") as batch_op:
        batch_op.drop_column("stopping_at")
    with op.batch_alter_table("calls") as batch_op:
        batch_op.drop_column("evidence")
        batch_op.drop_column("rate_free_seconds")
        batch_op.drop_column("rate_surcharge")
        batch_op.drop_column("rate_connect_fee")
    op.drop_index(op.f("ix_pbx_problems_booth_uniqueid"), table_name="pbx_problems")
    op.drop_table("pbx_problems")
    op.drop_index(op.f("ix_adjustments_call_id"), table_name="adjustments")
    op.drop_index(op.f("ix_adjustments_session_id"), table_name="adjustments")
    op.drop_table("adjustments")
    op.drop_index(op.f("ix_call_authorizations_session_id"), table_name="call_authorizations")
    op.drop_index(op.f("ix_call_authorizations_account_id"), table_name="call_authorizations")
    op.drop_table("call_authorizations")
