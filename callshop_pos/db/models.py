"""The data model of the whole callshop (ARCHITECTURE.md §7), SQLAlchemy 2 typed.

Money columns are :class:`Money` (exact scaled integers), times are :class:`UTCDateTime`.
Names follow the source document: vendors and their connections, destination sets and
routes (buy prices), routing groups, tariffs and rates (sell prices), the callshop customer,
service plans, accounts (one per booth), preferences, booth sessions with their payments and
extra items, calls (CDRs), receipts, print jobs, users and the audit log.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from callshop_pos.db.types import Money, UTCDateTime, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ZERO = Decimal(0)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {Decimal: Money, datetime: UTCDateTime}


# --- the system owner's side: buying minutes ---------------------------------------------


class Vendor(Base):
    """A carrier the shop buys minutes from."""

    __tablename__ = "vendors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    balance: Mapped[Decimal] = mapped_column(default=ZERO)
    active: Mapped[bool] = mapped_column(default=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    connections: Mapped[list[Connection]] = relationship(
        back_populates="vendor", cascade="all, delete-orphan", order_by="Connection.id"
    )


class Connection(Base):
    """A vendor's SIP trunk; on Asterisk, an endpoint the dialplan can Dial()."""

    __tablename__ = "connections"
    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100), unique=True)
    host: Mapped[str] = mapped_column(String(255))  # destination IP or host[:port]
    username: Mapped[str] = mapped_column(String(100), default="")
    password: Mapped[str] = mapped_column(String(100), default="")
    # Dial() string; ${NUMBER} is replaced by the normalized number. Empty: PJSIP/${NUMBER}@name
    dial_target: Mapped[str] = mapped_column(String(255), default="")
    active: Mapped[bool] = mapped_column(default=True)
    # How the carrier knows the PBX: "ip" (by address), "register" (PBX registers), "both".
    # Unset: "register" with a username and password, else "ip" (nothing to register with).
    auth_mode: Mapped[str] = mapped_column(
        String(8),
        server_default="register",
        default=lambda ctx: (
            "register"
            if ctx.get_current_parameters().get("username")
            and ctx.get_current_parameters().get("password")
            else "ip"
        ),
    )
    vendor: Mapped[Vendor] = relationship(back_populates="connections")

    def dial_string(self, number: str) -> str:
        target = self.dial_target or f"PJSIP/${{NUMBER}}@{self.name}"
        return target.replace("${NUMBER}", number)


class _RateColumns:
    """The rate fields shared by a tariff's rates and a destination set's routes."""

    prefix: Mapped[str] = mapped_column(String(32))
    area_name: Mapped[str] = mapped_column(String(120), default="")
    price_1: Mapped[Decimal]  # per minute, first interval
    price_n: Mapped[Decimal]  # per minute, next intervals
    interval_1: Mapped[int] = mapped_column(default=60)
    interval_n: Mapped[int] = mapped_column(default=60)
    forbidden: Mapped[bool] = mapped_column(default=False)
    grace_enabled: Mapped[bool] = mapped_column(default=False)
    activation: Mapped[datetime]
    expiration: Mapped[datetime | None]


class DestinationSet(Base):
    """A vendor's price list (buy prices)."""

    __tablename__ = "destination_sets"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id", ondelete="SET NULL"))
    connect_fee: Mapped[Decimal] = mapped_column(default=ZERO)
    free_seconds: Mapped[int] = mapped_column(default=0)
    precision: Mapped[int] = mapped_column(default=4)
    revision: Mapped[int] = mapped_column(default=0)  # bumped on every change of its routes
    vendor: Mapped[Vendor | None] = relationship()
    routes: Mapped[list[Route]] = relationship(
        back_populates="destination_set", cascade="all, delete-orphan", passive_deletes=True
    )


class Route(_RateColumns, Base):
    __tablename__ = "routes"
    __table_args__ = (
        UniqueConstraint("destination_set_id", "prefix", "activation", name="uq_routes_prefix"),
        CheckConstraint("interval_1 > 0 AND interval_n > 0", name="intervals"),
        # the settings' area filter: a set's distinct area names, then its rows by name
        Index("ix_routes_area", "destination_set_id", "area_name"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    # no index of its own: the two above start with it (migration 0012)
    destination_set_id: Mapped[int] = mapped_column(
        ForeignKey("destination_sets.id", ondelete="CASCADE")
    )
    destination_set: Mapped[DestinationSet] = relationship(back_populates="routes")


class RoutingGroup(Base):
    """Which connections may carry a call, and in what order."""

    __tablename__ = "routing_groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    policy: Mapped[str] = mapped_column(String(20), default="lowest_cost")  # or "preference"
    on_net_routing: Mapped[bool] = mapped_column(default=True)  # booth-to-booth stays in PBX
    entries: Mapped[list[RoutingEntry]] = relationship(
        back_populates="group", cascade="all, delete-orphan", order_by="RoutingEntry.preference"
    )


class RoutingEntry(Base):
    __tablename__ = "routing_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("routing_groups.id", ondelete="CASCADE"))
    destination_set_id: Mapped[int] = mapped_column(ForeignKey("destination_sets.id"))
    connection_id: Mapped[int] = mapped_column(ForeignKey("connections.id"))
    preference: Mapped[int] = mapped_column(default=1)  # lower is tried first
    group: Mapped[RoutingGroup] = relationship(back_populates="entries")
    destination_set: Mapped[DestinationSet] = relationship()
    connection: Mapped[Connection] = relationship()


# --- selling minutes -----------------------------------------------------------------------


class Tariff(Base):
    """A sell price list: the owner's wholesale tariff for the shop, or the shop's retail one."""

    __tablename__ = "tariffs"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    kind: Mapped[str] = mapped_column(String(10), default="retail")  # or "wholesale"
    average_call_duration: Mapped[int] = mapped_column(default=180)  # seconds, for estimates
    connect_fee: Mapped[Decimal] = mapped_column(default=ZERO)
    free_seconds: Mapped[int] = mapped_column(default=0)
    grace_period: Mapped[int] = mapped_column(default=0)
    post_call_surcharge: Mapped[Decimal] = mapped_column(default=ZERO)  # 0.18 = +18 %
    precision: Mapped[int] = mapped_column(default=2)
    round_up: Mapped[bool] = mapped_column(default=False)
    # Bumped on every change of the tariff or its rates: in-memory prefix indexes (in this
    # and other processes) rebuild when it moves.
    revision: Mapped[int] = mapped_column(default=0)
    rates: Mapped[list[Rate]] = relationship(
        back_populates="tariff", cascade="all, delete-orphan", passive_deletes=True
    )


class Rate(_RateColumns, Base):
    __tablename__ = "rates"
    __table_args__ = (
        UniqueConstraint("tariff_id", "prefix", "activation", name="uq_rates_prefix"),
        CheckConstraint("interval_1 > 0 AND interval_n > 0", name="intervals"),
        Index("ix_rates_area", "tariff_id", "area_name"),  # as routes' ix_routes_area
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    # no index of its own: the two above start with it (migration 0012)
    tariff_id: Mapped[int] = mapped_column(ForeignKey("tariffs.id", ondelete="CASCADE"))
    tariff: Mapped[Tariff] = relationship(back_populates="rates")


class IndexSnapshot(Base):
    """A tariff's or destination set's prefix index as built at one revision of its rates
    (services/index_snapshots.py): loaded instead of being built again while the owner is
    at that revision. Deleted with its owner."""

    __tablename__ = "index_snapshots"
    __table_args__ = (
        CheckConstraint("(tariff_id IS NULL) <> (destination_set_id IS NULL)", name="one_owner"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    tariff_id: Mapped[int | None] = mapped_column(
        ForeignKey("tariffs.id", ondelete="CASCADE"), unique=True
    )
    destination_set_id: Mapped[int | None] = mapped_column(
        ForeignKey("destination_sets.id", ondelete="CASCADE"), unique=True
    )
    revision: Mapped[int]
    format: Mapped[int]
    checksum: Mapped[int] = mapped_column(BigInteger)  # CRC-32 of header and data
    header: Mapped[str] = mapped_column(Text)  # JSON
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Customer(Base):
    """The callshop as a billed party of the system owner (wholesale leg)."""

    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    tariff_id: Mapped[int | None] = mapped_column(ForeignKey("tariffs.id"))
    routing_group_id: Mapped[int | None] = mapped_column(ForeignKey("routing_groups.id"))
    balance: Mapped[Decimal] = mapped_column(default=ZERO)
    credit_limit: Mapped[Decimal] = mapped_column(default=ZERO)
    callshop_enabled: Mapped[bool] = mapped_column(default=True)
    tariff: Mapped[Tariff | None] = relationship()
    routing_group: Mapped[RoutingGroup | None] = relationship()


class ServicePlan(Base):
    __tablename__ = "service_plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    tariff_id: Mapped[int] = mapped_column(ForeignKey("tariffs.id"))  # the basic tariff
    billing_cycle: Mapped[str] = mapped_column(String(20), default="session")
    billing_type: Mapped[str] = mapped_column(String(10), default="prepaid")  # or "postpaid"
    on_billing_failure: Mapped[str] = mapped_column(String(20), default="refuse")
    tariff: Mapped[Tariff] = relationship()


class Account(Base):
    """One booth: its SIP endpoint, plan, route and the running session's money."""

    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    position: Mapped[int] = mapped_column(default=0)  # order on the board
    voip_login: Mapped[str] = mapped_column(String(80), unique=True)
    voip_password: Mapped[str] = mapped_column(String(80), default="")
    service_plan_id: Mapped[int] = mapped_column(ForeignKey("service_plans.id"))
    routing_group_id: Mapped[int | None] = mapped_column(ForeignKey("routing_groups.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    balance: Mapped[Decimal] = mapped_column(default=ZERO)  # zero while idle
    credit_limit: Mapped[Decimal] = mapped_column(default=ZERO)  # zero while idle
    blocked: Mapped[bool] = mapped_column(default=False)  # out of order (the owner's switch)
    # Locked by Stop (preferences stop_locks) until the next Start unlocks it: no walk-in
    # calls on a postpaid booth between two customers.
    locked: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Bumped by every session change so other processes (the PBX engine, other counters)
    # notice a Start/Stop/top-up with one cheap query.
    revision: Mapped[int] = mapped_column(default=0)
    service_plan: Mapped[ServicePlan] = relationship()
    routing_group: Mapped[RoutingGroup | None] = relationship()
    customer: Mapped[Customer | None] = relationship()


class Preferences(Base):
    """The callshop preferences (a single row, id 1): Start/Stop defaults and behaviour, the
    shop's receipt header, tax and cash rounding, numbering plan, limits and language."""

    __tablename__ = "preferences"
    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    # Start
    default_mode: Mapped[str] = mapped_column(String(10), default="prepaid")
    default_prepaid_amount: Mapped[Decimal] = mapped_column(default=Decimal(10))
    default_credit_limit: Mapped[Decimal] = mapped_column(default=ZERO)
    postpaid_credit_limit: Mapped[Decimal] = mapped_column(default=Decimal(50))
    start_resets_balance: Mapped[bool] = mapped_column(default=True)
    start_unlocks: Mapped[bool] = mapped_column(default=True)
    # Stop
    stop_hangs_up: Mapped[bool] = mapped_column(default=True)
    stop_locks: Mapped[bool] = mapped_column(default=True)
    stop_prints_receipt: Mapped[bool] = mapped_column(default=True)
    stop_opens_invoice: Mapped[bool] = mapped_column(default=False)
    stop_refunds_unused: Mapped[bool] = mapped_column(default=True)
    print_call_receipts: Mapped[bool] = mapped_column(default=False)
    # limits and numbering
    max_call_seconds: Mapped[int] = mapped_column(default=7200)
    # refuse a booth call when the callshop customer's balance, less the call's worst-case
    # wholesale cost, would go past its credit limit (services/shop_credit.py)
    refuse_past_shop_credit: Mapped[bool] = mapped_column(default=False, server_default=false())
    access_codes: Mapped[str] = mapped_column(String(60), default="00")  # comma separated
    country_code: Mapped[str] = mapped_column(String(5), default="")
    national_prefix: Mapped[str] = mapped_column(String(3), default="0")
    # receipt header, tax, cash rounding
    shop_name: Mapped[str] = mapped_column(String(120), default="Callshop")
    shop_address: Mapped[str] = mapped_column(String(255), default="")
    shop_tax_id: Mapped[str] = mapped_column(String(60), default="")
    receipt_footer: Mapped[str] = mapped_column(String(255), default="")
    tax_rate: Mapped[Decimal] = mapped_column(default=ZERO)  # 0.2 = 20 %
    tax_inclusive: Mapped[bool] = mapped_column(default=True)
    tax_label: Mapped[str] = mapped_column(String(30), default="VAT")
    smallest_coin: Mapped[Decimal] = mapped_column(default=ZERO)  # 0 = no cash rounding
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    language: Mapped[str] = mapped_column(String(10), default="en")
    # PBX link (ami://user:secret@host:port); empty = demo simulator
    pbx_url: Mapped[str] = mapped_column(String(255), default="")
    # the counter locks itself after this many idle minutes (0: never)
    lock_after_minutes: Mapped[int] = mapped_column(default=10, server_default=text("10"))
    printer_json: Mapped[str] = mapped_column(Text, default="")  # printing.settings as JSON
    # warnings at Stop and at quit: a shift open longer than this (0: never), and booths
    # still running at the shop's closing time ("22:00", local; empty: never)
    shift_max_hours: Mapped[int] = mapped_column(default=12, server_default=text("12"))
    closing_time: Mapped[str] = mapped_column(String(5), default="", server_default=text("''"))


# --- the counter: sessions, money in and out, calls ---------------------------------------


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    role: Mapped[str] = mapped_column(String(10), default="cashier")  # or "owner"
    # "scrypt$n$r$p$salt$hash" (services.users); empty: no PIN yet, cannot log in
    pin_hash: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)
    # Wrong PINs in a row and the wait they earned: in the database, so a restart or another
    # counter on the same database does not reset the slow-down (services.users.Throttle).
    failed_pins: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    locked_until: Mapped[datetime | None]


class Shift(Base):
    """One cashier's cash drawer from its opening (the starting float, counted) to its Z
    report (the cash counted by denomination against what the movements say). Closed, it is
    never changed again: the core refuses, and database triggers refuse too (migration 0007).
    """

    __tablename__ = "shifts"
    __table_args__ = (
        # at most one open shift per cashier, enforced by the database itself
        Index(
            "uq_shifts_open",
            "user_id",
            unique=True,
            sqlite_where=text("closed_at IS NULL"),
            postgresql_where=text("closed_at IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)  # whose drawer
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    starting_float: Mapped[Decimal] = mapped_column(default=ZERO)
    closed_at: Mapped[datetime | None]
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    counted_json: Mapped[str] = mapped_column(Text, default="")  # {"50": 2, "0.5": 3}
    counted: Mapped[Decimal | None]
    expected: Mapped[Decimal | None]
    difference: Mapped[Decimal | None]  # counted - expected: < 0 the drawer is short
    z_number: Mapped[int | None] = mapped_column(unique=True)  # gapless, at closing
    z_json: Mapped[str] = mapped_column(Text, default="")  # the Z report as closed, for copies


class CashMovement(Base):
    """Cash put into (pay-in) or taken out of (pay-out) a drawer outside any sale."""

    __tablename__ = "cash_movements"
    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # pay_in | pay_out
    amount: Mapped[Decimal]  # positive = into the drawer, negative = out
    reason: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class BoothSession(Base):
    """Everything between a Start and a Stop of one booth."""

    __tablename__ = "booth_sessions"
    __table_args__ = (
        # at most one open session per booth, enforced by the database itself
        Index(
            "uq_booth_sessions_open",
            "account_id",
            unique=True,
            sqlite_where=text("stopped_at IS NULL"),
            postgresql_where=text("stopped_at IS NULL"),
        ),
        Index("ix_booth_sessions_started", "started_at"),  # the sessions report
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    mode: Mapped[str] = mapped_column(String(10))  # prepaid | postpaid
    prepaid_amount: Mapped[Decimal] = mapped_column(default=ZERO)
    credit_limit: Mapped[Decimal] = mapped_column(default=ZERO)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    stopped_at: Mapped[datetime | None]
    started_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    stopped_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    calls_total: Mapped[Decimal] = mapped_column(default=ZERO)  # running, billed calls
    extras_total: Mapped[Decimal] = mapped_column(default=ZERO)
    total: Mapped[Decimal | None]  # the bill at Stop (after tax and cash rounding)
    paid: Mapped[Decimal | None]  # cash taken at Stop
    change: Mapped[Decimal | None]
    refund: Mapped[Decimal | None]
    # Stop in progress: the booth takes no new call while its live call is hung up and billed
    stopping_at: Mapped[datetime | None]
    account: Mapped[Account] = relationship()
    payments: Mapped[list[Payment]] = relationship(
        back_populates="session", order_by="Payment.id", cascade="all, delete-orphan"
    )
    extras: Mapped[list[ExtraItem]] = relationship(
        back_populates="session", order_by="ExtraItem.id", cascade="all, delete-orphan"
    )
    calls: Mapped[list[Call]] = relationship(back_populates="session", order_by="Call.id")


class Payment(Base):
    """Money in or out of the drawer: prepayment, top-up, payment at Stop, refund, change."""

    __tablename__ = "payments"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("booth_sessions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # prepayment|topup|payment|refund|change|void
    amount: Mapped[Decimal]  # positive = into the drawer, negative = out
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # the drawer it went into or out of: the open shift of the cashier who took it (NULL: a
    # movement made with no cashier, e.g. a scripted CLI Stop, or before shifts existed)
    shift_id: Mapped[int | None] = mapped_column(ForeignKey("shifts.id"), index=True)
    session: Mapped[BoothSession] = relationship(back_populates="payments")


class ExtraItem(Base):
    """A non-call item sold on a session (e.g. a phone card)."""

    __tablename__ = "extra_items"
    __table_args__ = (Index("ix_extra_items_created", "created_at"),)  # the revenue report
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("booth_sessions.id"), index=True)
    description: Mapped[str] = mapped_column(String(120))
    unit_price: Mapped[Decimal]
    quantity: Mapped[int] = mapped_column(default=1)
    amount: Mapped[Decimal]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    shift_id: Mapped[int | None] = mapped_column(ForeignKey("shifts.id"), index=True)  # sold in
    session: Mapped[BoothSession] = relationship(back_populates="extras")


class Call(Base):
    """A booth call (CDR), billed once: the booth leg's Uniqueid is unique."""

    __tablename__ = "calls"
    # a booth's calls of a period (the reports' booth filter)
    __table_args__ = (
        Index("ix_calls_account_started", "account_id", "started_at"),
        # covering index of the revenue report (migration 0009): its GROUP BYs read it alone
        Index(
            "ix_calls_report",
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
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("booth_sessions.id"), index=True)
    booth_uniqueid: Mapped[str] = mapped_column(String(64), unique=True)
    linkedid: Mapped[str] = mapped_column(String(64), default="")
    channel: Mapped[str] = mapped_column(String(120), default="")
    endpoint: Mapped[str] = mapped_column(String(80), default="")
    number: Mapped[str] = mapped_column(String(40))  # as dialed
    normalized: Mapped[str] = mapped_column(String(40), default="")
    started_at: Mapped[datetime] = mapped_column(index=True)
    answered_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    billable_seconds: Mapped[int] = mapped_column(default=0)
    disposition: Mapped[str] = mapped_column(String(12))
    hangup_cause: Mapped[int | None]
    refusal_reason: Mapped[str | None] = mapped_column(String(30))
    billing_source: Mapped[str] = mapped_column(String(10), default="")
    # the sell rate used (a snapshot: later deck edits never change a billed call)
    prefix: Mapped[str | None] = mapped_column(String(32))
    area_name: Mapped[str | None] = mapped_column(String(120))
    rate_price_1: Mapped[Decimal | None]
    rate_price_n: Mapped[Decimal | None]
    rate_interval_1: Mapped[int | None]
    rate_interval_n: Mapped[int | None]
    tariff_id: Mapped[int | None] = mapped_column(ForeignKey("tariffs.id"))
    billed_seconds: Mapped[int] = mapped_column(default=0)
    cost: Mapped[Decimal] = mapped_column(default=ZERO)  # retail price to the booth customer
    wholesale_cost: Mapped[Decimal | None]  # the shop's cost from the owner's tariff
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id"))
    connection_id: Mapped[int | None] = mapped_column(ForeignKey("connections.id"))
    vendor_cost: Mapped[Decimal | None]
    peer: Mapped[str] = mapped_column(String(120), default="")
    # the tariff terms of the rate snapshot, so a printed price can be recomputed from it
    rate_connect_fee: Mapped[Decimal | None]
    rate_surcharge: Mapped[Decimal | None]
    rate_free_seconds: Mapped[int | None]
    # why the billed seconds differ from what Asterisk reported (the evidence is kept)
    evidence: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    account: Mapped[Account | None] = relationship()
    session: Mapped[BoothSession | None] = relationship(back_populates="calls")


class CallAuthorization(Base):
    """The app's decision on one booth call, kept by the booth leg's Uniqueid: the call belongs
    to the session that authorized it, whatever the PBX's clock says (ARCHITECTURE.md §5). It
    also holds what a provisional bill needs while Asterisk's own record has not come (rate,
    answer)."""

    __tablename__ = "call_authorizations"
    booth_uniqueid: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("booth_sessions.id"), index=True)
    number: Mapped[str] = mapped_column(String(40))
    allowed: Mapped[bool]
    reason: Mapped[str | None] = mapped_column(String(30))
    cap_seconds: Mapped[int | None]
    rate_json: Mapped[str] = mapped_column(Text, default="")  # RateSnapshot, exact strings
    authorized_at: Mapped[datetime] = mapped_column(default=utcnow)  # this PC's clock
    answered_at: Mapped[datetime | None]  # this PC's clock (the engine corrects the offset)


class Adjustment(Base):
    """A difference between what a session charged for a call and what the call cost by
    Asterisk's own record: a provisional bill at Stop settled later, or a call billed after
    its session was closed. Never merged silently into a closed session's payments."""

    __tablename__ = "adjustments"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("booth_sessions.id"), index=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # settled | after_stop
    charged: Mapped[Decimal]  # what the closed session took for the call
    actual: Mapped[Decimal]  # what it cost by Asterisk's record
    amount: Mapped[Decimal]  # actual - charged: > 0 the customer paid too little
    charged_seconds: Mapped[int] = mapped_column(default=0)
    actual_seconds: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PbxProblem(Base):
    """A PBX record the app could not bill after a few tries, set aside for the owner (kept
    whole, never retried for ever, never lost)."""

    __tablename__ = "pbx_problems"
    id: Mapped[int] = mapped_column(primary_key=True)
    booth_uniqueid: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    detail: Mapped[str] = mapped_column(Text, default="")
    record_json: Mapped[str] = mapped_column(Text, default="")
    tries: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]


class Counter(Base):
    """Gapless sequences (receipt numbers): incremented inside the sale's transaction."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)


class Receipt(Base):
    __tablename__ = "receipts"
    __table_args__ = (Index("ix_receipts_created", "created_at"),)  # the takings of a period
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)  # per shop, no gaps, no reuse
    kind: Mapped[str] = mapped_column(String(20))  # call | session
    session_id: Mapped[int | None] = mapped_column(ForeignKey("booth_sessions.id"))
    call_id: Mapped[int | None] = mapped_column(ForeignKey("calls.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    cashier: Mapped[str] = mapped_column(String(60), default="")
    total: Mapped[Decimal] = mapped_column(default=ZERO)
    layout_json: Mapped[str] = mapped_column(Text)  # the exact layout, for copies and `show`
    shift_id: Mapped[int | None] = mapped_column(ForeignKey("shifts.id"), index=True)  # issued in
    # voided by the owner (services.voids): its cash went back as a "void" payment
    voided_at: Mapped[datetime | None]
    voided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    void_reason: Mapped[str] = mapped_column(String(200), default="", server_default=text("''"))


class PrintJob(Base):
    """The persistent print queue (printing.jobs.JobStore over the database)."""

    __tablename__ = "print_jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    printer: Mapped[str] = mapped_column(String(60), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    printed_at: Mapped[datetime | None]
    reference: Mapped[str] = mapped_column(String(40), default="")
    copy_of: Mapped[int | None] = mapped_column(ForeignKey("print_jobs.id"))
    receipt_id: Mapped[int | None] = mapped_column(ForeignKey("receipts.id"))


class AuditLog(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))  # e.g. session.start, rates.import
    object_type: Mapped[str] = mapped_column(String(40), default="")
    object_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[str] = mapped_column(Text, default="")  # JSON
