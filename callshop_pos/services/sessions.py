"""Booth sessions: Start, top-up, extra items and Stop, each one unit of work.

Every function takes the caller's SQLAlchemy session and leaves committing to it, so an
action and everything it implies (payments, receipt number, print job, audit row) commit or
roll back together. Each change bumps ``Account.revision`` so the PBX engine and other
counters notice it within a poll.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from callshop_pos.counter import BoothMode, CounterError
from callshop_pos.db.models import (
    Account,
    BoothSession,
    Counter,
    ExtraItem,
    Payment,
    Preferences,
    User,
)
from callshop_pos.db.rowcount import rows_changed
from callshop_pos.db.types import utcnow
from callshop_pos.services.audit import audit
from callshop_pos.services.permissions import NotAllowed, Permission, allowed
from callshop_pos.services.shift_stamp import shift_of
from printing.receipt_data import CashRounding, TaxSettings
from printing.totals import SessionTotals, compute_totals

ZERO = Decimal(0)


def preferences(session: Session) -> Preferences:
    """The preferences row, created with the defaults on first use."""
    prefs = session.get(Preferences, 1)
    if prefs is None:
        prefs = Preferences(id=1)
        session.add(prefs)
        session.flush()
    return prefs


def account_by_name(session: Session, name: str) -> Account:
    account = session.scalar(select(Account).where(Account.name == name))
    if account is None:
        account = session.scalar(select(Account).where(Account.voip_login == name))
    if account is None:
        raise CounterError(f"no booth named {name!r}")
    return account


def open_session(session: Session, account_id: int) -> BoothSession | None:
    return session.scalar(
        select(BoothSession).where(
            BoothSession.account_id == account_id, BoothSession.stopped_at.is_(None)
        )
    )


def bump(session: Session, account: Account) -> None:
    """``revision = revision + 1`` in SQL: a change another counter committed meanwhile keeps
    its own number (a value computed from a stale read would repeat it, and the other
    counters' board watchers would miss this change)."""
    session.execute(
        update(Account)
        .where(Account.id == account.id)
        .values(revision=Account.revision + 1)
        .execution_options(synchronize_session=False)
    )
    session.expire(account, ["revision"])


def _add_to_balance(session: Session, account: Account, amount: Decimal) -> None:
    """``balance = balance + amount`` in SQL: a change another counter committed meanwhile (a
    top-up, a billed call) is kept, never overwritten by a value read before it."""
    session.execute(
        update(Account)
        .where(Account.id == account.id)
        .values(balance=Account.balance + amount, revision=Account.revision + 1)
        .execution_options(synchronize_session=False)
    )
    session.expire(account, ["balance", "revision"])


def _positive(amount: Decimal, what: str) -> Decimal:
    if not amount.is_finite() or amount < 0:
        raise CounterError(f"{what} must be zero or more, not {amount}")
    return amount


def _owner_or_no_users(session: Session, user_id: int | None) -> bool:
    if user_id is not None:
        role = session.scalar(select(User.role).where(User.id == user_id))
        return role is not None and allowed(role, Permission.CREDIT_ABOVE_PREFERENCE)
    return session.scalar(select(User.id).limit(1)) is None


def start(
    session: Session,
    account: Account,
    mode: BoothMode,
    prepaid: Decimal = ZERO,
    credit_limit: Decimal = ZERO,
    *,
    user_id: int | None = None,
    at: datetime | None = None,
    owner_approved: bool = False,
) -> BoothSession:
    """Open the booth's session. A prepaid start's credit limit above the preference's is
    the owner's to give: the logged-in owner, or an owner's PIN typed for this Start
    (``owner_approved``); a shop with no users yet has no roles to check."""
    prefs = preferences(session)
    _positive(prepaid, "the prepaid amount")
    _positive(credit_limit, "the credit limit")
    if (
        mode is BoothMode.PREPAID
        and credit_limit > prefs.default_credit_limit
        and not owner_approved
        and not _owner_or_no_users(session, user_id)
    ):
        raise NotAllowed(Permission.CREDIT_ABOVE_PREFERENCE)
    if open_session(session, account.id) is not None:
        raise CounterError(f"{account.name} is already started")
    if account.blocked:
        raise CounterError(f"{account.name} is out of order")
    if account.locked:
        if not prefs.start_unlocks:
            raise CounterError(f"{account.name} is locked")
        account.locked = False
    if mode is BoothMode.PREPAID and prepaid <= 0 and credit_limit <= 0:
        raise CounterError("a prepaid start needs an amount")
    if mode is BoothMode.POSTPAID:
        prepaid = ZERO
    shift_id = shift_of(session, user_id)  # a cashier's Start needs her open drawer
    booth = BoothSession(
        account_id=account.id,
        mode=mode.value,
        prepaid_amount=prepaid,
        credit_limit=credit_limit,
        started_at=at or utcnow(),
        started_by=user_id,
    )
    session.add(booth)
    session.flush()
    if prepaid > 0:
        session.add(
            Payment(
                session_id=booth.id,
                kind="prepayment",
                amount=prepaid,
                user_id=user_id,
                shift_id=shift_id,
            )
        )
    account.credit_limit = credit_limit
    if prefs.start_resets_balance:
        account.balance = prepaid
        bump(session, account)
    else:
        _add_to_balance(session, account, prepaid)
    audit(
        session,
        "session.start",
        "booth_session",
        booth.id,
        user_id,
        booth=account.name,
        mode=mode.value,
        prepaid=str(prepaid),
        credit=str(credit_limit),
    )
    return booth


def lock_open(session: Session, account: Account, booth: BoothSession) -> None:
    """Take the open session's row for this unit of work (a no-op write: SQLite's write lock,
    PostgreSQL's row lock). A bill landing meanwhile waits for it; another counter's Stop of
    the same booth, committed before or waiting on this row, finds the session closed."""
    locked = rows_changed(
        session,
        update(BoothSession)
        .where(BoothSession.id == booth.id, BoothSession.stopped_at.is_(None))
        .values(stopping_at=BoothSession.stopping_at)
        .execution_options(synchronize_session=False),
    )
    if locked != 1:
        raise CounterError(f"{account.name} was just stopped at another counter")


def require_open(session: Session, account: Account) -> BoothSession:
    booth = open_session(session, account.id)
    if booth is None:
        raise CounterError(f"{account.name} is not started")
    return booth


def topup(
    session: Session, account: Account, amount: Decimal, *, user_id: int | None = None
) -> BoothSession:
    if not amount.is_finite() or amount <= 0:
        raise CounterError(f"a top-up must be more than zero, not {amount}")
    booth = require_open(session, account)
    if booth.mode != BoothMode.PREPAID.value:
        raise CounterError(f"{account.name} is postpaid: nothing to top up")
    session.add(
        Payment(
            session_id=booth.id,
            kind="topup",
            amount=amount,
            user_id=user_id,
            shift_id=shift_of(session, user_id),
        )
    )
    _add_to_balance(session, account, amount)
    audit(
        session,
        "session.topup",
        "booth_session",
        booth.id,
        user_id,
        booth=account.name,
        amount=str(amount),
    )
    return booth


def add_extra(
    session: Session,
    account: Account,
    description: str,
    unit_price: Decimal,
    quantity: int = 1,
    *,
    user_id: int | None = None,
) -> ExtraItem:
    description = description.strip()
    if not description:
        raise CounterError("an extra item needs a description")
    if quantity < 1:
        raise CounterError("the quantity must be at least 1")
    _positive(unit_price, "the price")
    booth = require_open(session, account)
    amount = unit_price * quantity
    item = ExtraItem(
        session_id=booth.id,
        description=description,
        unit_price=unit_price,
        quantity=quantity,
        amount=amount,
        shift_id=shift_of(session, user_id),
    )
    session.add(item)
    session.execute(
        update(BoothSession)
        .where(BoothSession.id == booth.id)
        .values(extras_total=BoothSession.extras_total + amount)
        .execution_options(synchronize_session=False)
    )
    session.expire(booth, ["extras_total"])
    _add_to_balance(session, account, -amount)
    audit(
        session,
        "session.extra",
        "booth_session",
        booth.id,
        user_id,
        booth=account.name,
        item=description,
        amount=str(amount),
    )
    return item


def deposit(booth: BoothSession) -> tuple[Decimal, Decimal]:
    """(prepayment, top-ups) taken so far."""
    prepaid = sum((p.amount for p in booth.payments if p.kind == "prepayment"), ZERO)
    topups = sum((p.amount for p in booth.payments if p.kind == "topup"), ZERO)
    return prepaid, topups


def bill(
    session: Session,
    booth: BoothSession,
    paid: Decimal = ZERO,
    *,
    extra_amounts: Sequence[Decimal] = (),
) -> SessionTotals:
    """The session's bill by the shop's tax and cash-rounding settings (nothing written);
    ``extra_amounts``: calls still running, at the live meter's price."""
    prefs = preferences(session)
    amounts = (
        [c.cost for c in booth.calls if c.cost]
        + [e.amount for e in booth.extras]
        + [a for a in extra_amounts if a]
    )
    prepaid, topups = deposit(booth)
    return compute_totals(
        amounts,
        TaxSettings(prefs.tax_rate, prefs.tax_inclusive, prefs.tax_label),
        CashRounding(prefs.smallest_coin),
        prepaid=prepaid,
        topups=topups,
        paid=paid,
    )


@dataclass(frozen=True)
class Closed:
    booth: BoothSession
    totals: SessionTotals


def stop(
    session: Session,
    account: Account,
    cash_received: Decimal | None = None,
    *,
    user_id: int | None = None,
    at: datetime | None = None,
) -> Closed:
    """Close the booth's session: the bill, the cash, change or refund; the booth is free."""
    prefs = preferences(session)
    booth = require_open(session, account)
    lock_open(session, account, booth)
    session.flush()
    session.refresh(booth)  # calls billed by the PBX engine in another session
    probe = bill(session, booth)
    due = max(ZERO, probe.total - probe.deposit)
    paid = due if cash_received is None else _positive(cash_received, "the cash received")
    if paid < due:
        raise CounterError(f"{paid} received, {due} due")
    totals = bill(session, booth, paid)
    refund = totals.refund if prefs.stop_refunds_unused else ZERO
    shift_id = shift_of(session, user_id)
    for kind, amount in (("payment", paid), ("change", -totals.change), ("refund", -refund)):
        if amount:
            session.add(
                Payment(
                    session_id=booth.id,
                    kind=kind,
                    amount=amount,
                    user_id=user_id,
                    shift_id=shift_id,
                )
            )
    booth.stopped_at = at or utcnow()
    booth.stopped_by = user_id
    booth.total = totals.total
    booth.paid = paid
    booth.change = totals.change
    booth.refund = refund
    account.balance = ZERO
    account.credit_limit = ZERO
    if prefs.stop_locks:
        account.locked = True
    bump(session, account)
    audit(
        session,
        "session.stop",
        "booth_session",
        booth.id,
        user_id,
        booth=account.name,
        total=str(totals.total),
        paid=str(paid),
        change=str(totals.change),
        refund=str(refund),
    )
    return Closed(booth, totals)


def next_number(session: Session, name: str) -> int:
    """The next value of a gapless sequence, inside the caller's transaction: a rolled-back
    sale gives its number back, a committed one never reuses it."""
    value = session.scalar(
        update(Counter)
        .where(Counter.name == name)
        .values(value=Counter.value + 1)
        .returning(Counter.value)
    )
    if value is None:
        session.add(Counter(name=name, value=1))
        session.flush()
        return 1
    return int(value)
