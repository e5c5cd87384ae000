"""Initial schema: the whole callshop (money as scaled BigInteger, times as naive UTC).

Revision ID: 0001
Revises:
Create Date: 2026-11-28 12:54:16.277028
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "counters",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_counters")),
    )
    op.create_table(
        "preferences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("default_mode", sa.String(length=10), nullable=False),
        sa.Column("default_prepaid_amount", sa.BigInteger(), nullable=False),
        sa.Column("default_credit_limit", sa.BigInteger(), nullable=False),
        sa.Column("postpaid_credit_limit", sa.BigInteger(), nullable=False),
        sa.Column("start_resets_balance", sa.Boolean(), nullable=False),
        sa.Column("start_unlocks", sa.Boolean(), nullable=False),
        sa.Column("stop_hangs_up", sa.Boolean(), nullable=False),
        sa.Column("stop_locks", sa.Boolean(), nullable=False),
        sa.Column("stop_prints_receipt", sa.Boolean(), nullable=False),
        sa.Column("stop_opens_invoice", sa.Boolean(), nullable=False),
        sa.Column("stop_refunds_unused", sa.Boolean(), nullable=False),
        sa.Column("print_call_receipts", sa.Boolean(), nullable=False),
        sa.Column("max_call_seconds", sa.Integer(), nullable=False),
        sa.Column("access_codes", sa.String(length=60), nullable=False),
        sa.Column("country_code", sa.String(length=5), nullable=False),
        sa.Column("national_prefix", sa.String(length=3), nullable=False),
        sa.Column("shop_name", sa.String(length=120), nullable=False),
        sa.Column("shop_address", sa.String(length=255), nullable=False),
        sa.Column("shop_tax_id", sa.String(length=60), nullable=False),
        sa.Column("receipt_footer", sa.String(length=255), nullable=False),
        sa.Column("tax_rate", sa.BigInteger(), nullable=False),
        sa.Column("tax_inclusive", sa.Boolean(), nullable=False),
        sa.Column("tax_label", sa.String(length=30), nullable=False),
        sa.Column("smallest_coin", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=False),
        sa.Column("pbx_url", sa.String(length=255), nullable=False),
        sa.Column("printer_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_preferences")),
    )
    op.create_table(
        "routing_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("policy", sa.String(length=20), nullable=False),
        sa.Column("on_net_routing", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routing_groups")),
        sa.UniqueConstraint("name", name=op.f("uq_routing_groups_name")),
    )
    op.create_table(
        "tariffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("average_call_duration", sa.Integer(), nullable=False),
        sa.Column("connect_fee", sa.BigInteger(), nullable=False),
        sa.Column("free_seconds", sa.Integer(), nullable=False),
        sa.Column("grace_period", sa.Integer(), nullable=False),
        sa.Column("post_call_surcharge", sa.BigInteger(), nullable=False),
        sa.Column("precision", sa.Integer(), nullable=False),
        sa.Column("round_up", sa.Boolean(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tariffs")),
        sa.UniqueConstraint("name", name=op.f("uq_tariffs_name")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "vendors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("balance", sa.BigInteger(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vendors")),
        sa.UniqueConstraint("name", name=op.f("uq_vendors_name")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("details", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_audit_log_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "connections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("password", sa.String(length=100), nullable=False),
        sa.Column("dial_target", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["vendors.id"],
            name=op.f("fk_connections_vendor_id_vendors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_connections")),
        sa.UniqueConstraint("name", name=op.f("uq_connections_name")),
    )
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("tariff_id", sa.Integer(), nullable=True),
        sa.Column("routing_group_id", sa.Integer(), nullable=True),
        sa.Column("balance", sa.BigInteger(), nullable=False),
        sa.Column("credit_limit", sa.BigInteger(), nullable=False),
        sa.Column("callshop_enabled", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["routing_group_id"],
            ["routing_groups.id"],
            name=op.f("fk_customers_routing_group_id_routing_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["tariff_id"], ["tariffs.id"], name=op.f("fk_customers_tariff_id_tariffs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
        sa.UniqueConstraint("name", name=op.f("uq_customers_name")),
    )
    op.create_table(
        "destination_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=True),
        sa.Column("connect_fee", sa.BigInteger(), nullable=False),
        sa.Column("free_seconds", sa.Integer(), nullable=False),
        sa.Column("precision", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["vendors.id"],
            name=op.f("fk_destination_sets_vendor_id_vendors"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_destination_sets")),
        sa.UniqueConstraint("name", name=op.f("uq_destination_sets_name")),
    )
    op.create_table(
        "rates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tariff_id", sa.Integer(), nullable=False),
        sa.Column("prefix", sa.String(length=32), nullable=False),
        sa.Column("area_name", sa.String(length=120), nullable=False),
        sa.Column("price_1", sa.BigInteger(), nullable=False),
        sa.Column("price_n", sa.BigInteger(), nullable=False),
        sa.Column("interval_1", sa.Integer(), nullable=False),
        sa.Column("interval_n", sa.Integer(), nullable=False),
        sa.Column("forbidden", sa.Boolean(), nullable=False),
        sa.Column("grace_enabled", sa.Boolean(), nullable=False),
        sa.Column("activation", sa.DateTime(), nullable=False),
        sa.Column("expiration", sa.DateTime(), nullable=True),
        sa.CheckConstraint("interval_1 > 0 AND interval_n > 0", name=op.f("ck_rates_intervals")),
        sa.ForeignKeyConstraint(
            ["tariff_id"],
            ["tariffs.id"],
            name=op.f("fk_rates_tariff_id_tariffs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rates")),
        sa.UniqueConstraint("tariff_id", "prefix", "activation", name="uq_rates_prefix"),
    )
    with op.batch_alter_table("rates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rates_tariff_id"), ["tariff_id"], unique=False)

    op.create_table(
        "service_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("tariff_id", sa.Integer(), nullable=False),
        sa.Column("billing_cycle", sa.String(length=20), nullable=False),
        sa.Column("billing_type", sa.String(length=10), nullable=False),
        sa.Column("on_billing_failure", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["tariff_id"], ["tariffs.id"], name=op.f("fk_service_plans_tariff_id_tariffs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_plans")),
        sa.UniqueConstraint("name", name=op.f("uq_service_plans_name")),
    )
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("voip_login", sa.String(length=80), nullable=False),
        sa.Column("voip_password", sa.String(length=80), nullable=False),
        sa.Column("service_plan_id", sa.Integer(), nullable=False),
        sa.Column("routing_group_id", sa.Integer(), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("balance", sa.BigInteger(), nullable=False),
        sa.Column("credit_limit", sa.BigInteger(), nullable=False),
        sa.Column("blocked", sa.Boolean(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_accounts_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["routing_group_id"],
            ["routing_groups.id"],
            name=op.f("fk_accounts_routing_group_id_routing_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["service_plan_id"],
            ["service_plans.id"],
            name=op.f("fk_accounts_service_plan_id_service_plans"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("name", name=op.f("uq_accounts_name")),
        sa.UniqueConstraint("voip_login", name=op.f("uq_accounts_voip_login")),
    )
    op.create_table(
        "routes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("destination_set_id", sa.Integer(), nullable=False),
        sa.Column("prefix", sa.String(length=32), nullable=False),
        sa.Column("area_name", sa.String(length=120), nullable=False),
        sa.Column("price_1", sa.BigInteger(), nullable=False),
        sa.Column("price_n", sa.BigInteger(), nullable=False),
        sa.Column("interval_1", sa.Integer(), nullable=False),
        sa.Column("interval_n", sa.Integer(), nullable=False),
        sa.Column("forbidden", sa.Boolean(), nullable=False),
        sa.Column("grace_enabled", sa.Boolean(), nullable=False),
        sa.Column("activation", sa.DateTime(), nullable=False),
        sa.Column("expiration", sa.DateTime(), nullable=True),
        sa.CheckConstraint("interval_1 > 0 AND interval_n > 0", name=op.f("ck_routes_intervals")),
        sa.ForeignKeyConstraint(
            ["destination_set_id"],
            ["destination_sets.id"],
            name=op.f("fk_routes_destination_set_id_destination_sets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routes")),
        sa.UniqueConstraint("destination_set_id", "prefix", "activation", name="uq_routes_prefix"),
    )
    with op.batch_alter_table("routes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_routes_destination_set_id"), ["destination_set_id"], unique=False
        )

    op.create_table(
        "routing_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("destination_set_id", sa.Integer(), nullable=False),
        sa.Column("connection_id", sa.Integer(), nullable=False),
        sa.Column("preference", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["connection_id"],
            ["connections.id"],
            name=op.f("fk_routing_entries_connection_id_connections"),
        ),
        sa.ForeignKeyConstraint(
            ["destination_set_id"],
            ["destination_sets.id"],
            name=op.f("fk_routing_entries_destination_set_id_destination_sets"),
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["routing_groups.id"],
            name=op.f("fk_routing_entries_group_id_routing_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routing_entries")),
    )
    op.create_table(
        "booth_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("prepaid_amount", sa.BigInteger(), nullable=False),
        sa.Column("credit_limit", sa.BigInteger(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("stopped_at", sa.DateTime(), nullable=True),
        sa.Column("started_by", sa.Integer(), nullable=True),
        sa.Column("stopped_by", sa.Integer(), nullable=True),
        sa.Column("calls_total", sa.BigInteger(), nullable=False),
        sa.Column("extras_total", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=True),
        sa.Column("paid", sa.BigInteger(), nullable=True),
        sa.Column("change", sa.BigInteger(), nullable=True),
        sa.Column("refund", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_booth_sessions_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["started_by"], ["users.id"], name=op.f("fk_booth_sessions_started_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["stopped_by"], ["users.id"], name=op.f("fk_booth_sessions_stopped_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booth_sessions")),
    )
    with op.batch_alter_table("booth_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_booth_sessions_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            "uq_booth_sessions_open",
            ["account_id"],
            unique=True,
            sqlite_where=sa.text("stopped_at IS NULL"),
            postgresql_where=sa.text("stopped_at IS NULL"),
        )

    op.create_table(
        "calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("booth_uniqueid", sa.String(length=64), nullable=False),
        sa.Column("linkedid", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=120), nullable=False),
        sa.Column("endpoint", sa.String(length=80), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("normalized", sa.String(length=40), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("billable_seconds", sa.Integer(), nullable=False),
        sa.Column("disposition", sa.String(length=12), nullable=False),
        sa.Column("hangup_cause", sa.Integer(), nullable=True),
        sa.Column("refusal_reason", sa.String(length=30), nullable=True),
        sa.Column("billing_source", sa.String(length=10), nullable=False),
        sa.Column("prefix", sa.String(length=32), nullable=True),
        sa.Column("area_name", sa.String(length=120), nullable=True),
        sa.Column("rate_price_1", sa.BigInteger(), nullable=True),
        sa.Column("rate_price_n", sa.BigInteger(), nullable=True),
        sa.Column("rate_interval_1", sa.Integer(), nullable=True),
        sa.Column("rate_interval_n", sa.Integer(), nullable=True),
        sa.Column("tariff_id", sa.Integer(), nullable=True),
        sa.Column("billed_seconds", sa.Integer(), nullable=False),
        sa.Column("cost", sa.BigInteger(), nullable=False),
        sa.Column("wholesale_cost", sa.BigInteger(), nullable=True),
        sa.Column("vendor_id", sa.Integer(), nullable=True),
        sa.Column("connection_id", sa.Integer(), nullable=True),
        sa.Column("vendor_cost", sa.BigInteger(), nullable=True),
        sa.Column("peer", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_calls_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["connection_id"], ["connections.id"], name=op.f("fk_calls_connection_id_connections")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["booth_sessions.id"], name=op.f("fk_calls_session_id_booth_sessions")
        ),
        sa.ForeignKeyConstraint(
            ["tariff_id"], ["tariffs.id"], name=op.f("fk_calls_tariff_id_tariffs")
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"], ["vendors.id"], name=op.f("fk_calls_vendor_id_vendors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calls")),
        sa.UniqueConstraint("booth_uniqueid", name=op.f("uq_calls_booth_uniqueid")),
    )
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calls_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_calls_session_id"), ["session_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_calls_started_at"), ["started_at"], unique=False)

    op.create_table(
        "extra_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=120), nullable=False),
        sa.Column("unit_price", sa.BigInteger(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["booth_sessions.id"],
            name=op.f("fk_extra_items_session_id_booth_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extra_items")),
    )
    with op.batch_alter_table("extra_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_extra_items_session_id"), ["session_id"], unique=False)

    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["booth_sessions.id"],
            name=op.f("fk_payments_session_id_booth_sessions"),
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_payments_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
    )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payments_session_id"), ["session_id"], unique=False)

    op.create_table(
        "receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("call_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("cashier", sa.String(length=60), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("layout_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["call_id"], ["calls.id"], name=op.f("fk_receipts_call_id_calls")),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["booth_sessions.id"],
            name=op.f("fk_receipts_session_id_booth_sessions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipts")),
        sa.UniqueConstraint("number", name=op.f("uq_receipts_number")),
    )
    op.create_table(
        "print_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("printer", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("printed_at", sa.DateTime(), nullable=True),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("copy_of", sa.Integer(), nullable=True),
        sa.Column("receipt_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["copy_of"], ["print_jobs.id"], name=op.f("fk_print_jobs_copy_of_print_jobs")
        ),
        sa.ForeignKeyConstraint(
            ["receipt_id"], ["receipts.id"], name=op.f("fk_print_jobs_receipt_id_receipts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_print_jobs")),
    )
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_print_jobs_printer"), ["printer"], unique=False)
        batch_op.create_index(batch_op.f("ix_print_jobs_status"), ["status"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_print_jobs_status"))
        batch_op.drop_index(batch_op.f("ix_print_jobs_printer"))

    op.drop_table("print_jobs")
    op.drop_table("receipts")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payments_session_id"))

    op.drop_table("payments")
    with op.batch_alter_table("extra_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_extra_items_session_id"))

    op.drop_table("extra_items")
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calls_started_at"))
        batch_op.drop_index(batch_op.f("ix_calls_session_id"))
        batch_op.drop_index(batch_op.f("ix_calls_account_id"))

    op.drop_table("calls")
    with op.batch_alter_table("booth_sessions", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_booth_sessions_open",
            sqlite_where=sa.text("stopped_at IS NULL"),
            postgresql_where=sa.text("stopped_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_booth_sessions_account_id"))

    op.drop_table("booth_sessions")
    op.drop_table("routing_entries")
    with op.batch_alter_table("routes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_routes_destination_set_id"))

    op.drop_table("routes")
    op.drop_table("accounts")
    op.drop_table("service_plans")
    with op.batch_alter_table("rates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rates_tariff_id"))

    op.drop_table("rates")
    op.drop_table("destination_sets")
    op.drop_table("customers")
    op.drop_table("connections")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    op.drop_table("vendors")
    op.drop_table("users")
    op.drop_table("tariffs")
    op.drop_table("routing_groups")
    op.drop_table("preferences")
    op.drop_table("counters")
