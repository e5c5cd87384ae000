"""Shifts and the cash drawer: a shift per cashier, pay-ins and pay-outs, and the shift of
every payment, extra item and receipt; a closed shift is frozen by triggers; the preferences
that warn of a shift open too long and of booths running at closing time.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

STAMPED = ("payments", "extra_items", "receipts")  # tables that get a shift_id

# A closed shift is never changed: not its row, not by a new movement into it.
SQLITE_TRIGGERS = (
    """CREATE TRIGGER tr_shifts_closed_update BEFORE UPDATE ON shifts
    WHEN OLD.closed_at IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'the shift is closed: it cannot be changed'); END""",
    """CREATE TRIGGER tr_shifts_closed_delete BEFORE DELETE ON shifts
    WHEN OLD.closed_at IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'the shift is closed: it cannot be changed'); END""",
    *(
        f"""CREATE TRIGGER tr_{table}_closed_shift BEFORE INSERT ON {table}
    WHEN NEW.shift_id IS NOT NULL
      AND (SELECT closed_at FROM shifts WHERE id = NEW.shift_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'the shift is closed: it cannot be changed'); END"""
        for table in ("payments", "cash_movements")
    ),
)

PG_FUNCTIONS = (
    """CREATE FUNCTION callshop_closed_shift_row() RETURNS trigger AS $$
    BEGIN
      IF OLD.closed_at IS NOT NULL THEN
        RAISE EXCEPTION 'the shift is closed: it cannot be changed';
      END IF;
      RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END $$ LANGUAGE plpgsql""",
    """CREATE FUNCTION callshop_closed_shift_movement() RETURNS trigger AS $$
    BEGIN
      IF NEW.shift_id IS NOT NULL AND EXISTS (
        SELECT 1 FROM shifts WHERE id = NEW.shift_id AND closed_at IS NOT NULL
      ) THEN
        RAISE EXCEPTION 'the shift is closed: it cannot be changed';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
)
PG_TRIGGERS = (
    """CREATE TRIGGER tr_shifts_closed BEFORE UPDATE OR DELETE ON shifts
    FOR EACH ROW EXECUTE FUNCTION callshop_closed_shift_row()""",
    *(
        f"""CREATE TRIGGER tr_{table}_closed_shift BEFORE INSERT ON {table}
    FOR EACH ROW EXECUTE FUNCTION callshop_closed_shift_movement()"""
        for table in ("payments", "cash_movements")
    ),
)


def upgrade() -> None:
    op.create_table(
        "shifts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("opened_by", sa.Integer(), nullable=True),
        sa.Column("starting_float", sa.BigInteger(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("counted_json", sa.Text(), nullable=False),
        sa.Column("counted", sa.BigInteger(), nullable=True),
        sa.Column("expected", sa.BigInteger(), nullable=True),
        sa.Column("difference", sa.BigInteger(), nullable=True),
        sa.Column("z_number", sa.Integer(), nullable=True),
        sa.Column("z_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_shifts_user_id_users")),
        sa.ForeignKeyConstraint(
            ["opened_by"], ["users.id"], name=op.f("fk_shifts_opened_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["closed_by"], ["users.id"], name=op.f("fk_shifts_closed_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shifts")),
        sa.UniqueConstraint("z_number", name=op.f("uq_shifts_z_number")),
    )
    op.create_index(op.f("ix_shifts_user_id"), "shifts", ["user_id"])
    op.create_index(
        "uq_shifts_open",
        "shifts",
        ["user_id"],
        unique=True,
        sqlite_where=sa.text("closed_at IS NULL"),
        postgresql_where=sa.text("closed_at IS NULL"),
    )
    op.create_table(
        "cash_movements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["shift_id"], ["shifts.id"], name=op.f("fk_cash_movements_shift_id_shifts")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_cash_movements_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_movements")),
    )
    op.create_index(op.f("ix_cash_movements_shift_id"), "cash_movements", ["shift_id"])
    for table in STAMPED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("shift_id", sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                op.f(f"fk_{table}_shift_id_shifts"), "shifts", ["shift_id"], ["id"]
            )
            batch_op.create_index(op.f(f"ix_{table}_shift_id"), ["shift_id"])
    with op.batch_alter_table("preferences") as batch_op:
        batch_op.add_column(
            sa.Column("shift_max_hours", sa.Integer(), nullable=False, server_default=sa.text("12"))
        )
        batch_op.add_column(
            sa.Column(
                "closing_time", sa.String(length=5), nullable=False, server_default=sa.text("''")
            )
        )
    # after the batch copies above (a copied table loses its triggers)
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    elif dialect == "postgresql":
        for statement in (*PG_FUNCTIONS, *PG_TRIGGERS):
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("shifts_closed_update", "shifts_closed_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS tr_{name}")
        for table in ("payments", "cash_movements"):
            op.execute(f"DROP TRIGGER IF EXISTS tr_{table}_closed_shift")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS tr_shifts_closed ON shifts")
        for table in ("payments", "cash_movements"):
            op.execute(f"DROP TRIGGER IF EXISTS tr_{table}_closed_shift ON {table}")
        op.execute("DROP FUNCTION IF EXISTS callshop_closed_shift_row()")
        op.execute("DROP FUNCTION IF EXISTS callshop_closed_shift_movement()")
    with op.batch_alter_table("preferences", recreate="never") as batch_op:
        batch_op.drop_column("closing_time")
        batch_op.drop_column("shift_max_hours")
    for table in reversed(STAMPED):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(op.f(f"ix_{table}_shift_id"))
            batch_op.drop_constraint(op.f(f"fk_{table}_shift_id_shifts"), type_="foreignkey")
            batch_op.drop_column("shift_id")
    op.drop_index(op.f("ix_cash_movements_shift_id"), table_name="cash_movements")
    op.drop_table("cash_movements")
    op.drop_index("uq_shifts_open", table_name="shifts")
    op.drop_index(op.f("ix_shifts_user_id"), table_name="shifts")
    op.drop_table("shifts")
