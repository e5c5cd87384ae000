"""The owner's ways of giving money back after a sale: voiding a receipt, and a refund
beyond what Stop refunded (a session's balance is refunded at Stop: anything more is the
owner's).

Design: the cash goes out as a payment of the voided or refunded session (kind ``void`` or
``refund``, negative), stamped with the open shift of the drawer it leaves: the counter's
logged-in user (``drawer``) when an owner approves with her PIN there, else the owner's own.
So the drawer's expected cash and the X/Z report's voids come from the same rows as every
other movement. Voiding a receipt of a shift already closed by its Z is allowed, as on a
real till: the closed shift stays as it was, and the money leaves today's drawer. A session
never gives back more than it took in (its payments' sum), so a void after a refund, or a
refund after a void, cannot pay the same money twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from callshop_pos.counter import CounterError
from callshop_pos.db.engine import Database
from callshop_pos.db.models import Account, BoothSession, Payment, PrintJob, Receipt, User
from callshop_pos.db.outage import outage_as_counter_error
from callshop_pos.db.rowcount import rows_changed
from callshop_pos.db.types import utcnow
from callshop_pos.errors import NotFound
from callshop_pos.services import sessions
from callshop_pos.services.audit import audit
from callshop_pos.services.permissions import Permission, require
from callshop_pos.services.receipts import local, printer_settings, shop_header
from callshop_pos.services.shift_stamp import shift_of
from printing.escpos import encode_layout
from printing.format import money
from printing.labels import labels_for
from printing.void_slip import VoidSlipData, build_void_slip

ZERO = Decimal(0)
REASON_MAX = 200
PRINTER = "receipt"


class VoidError(CounterError):
    pass


@dataclass(frozen=True)
class Voided:
    number: int
    amount: Decimal  # the cash given back: the receipt's total
    job_id: int | None  # the VOID slip's print job; None without a receipt printer


def clean_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise VoidError("give a reason")
    if len(reason) > REASON_MAX:
        raise VoidError(f"the reason is longer than {REASON_MAX} characters")
    return reason


def _owner(s: Session, by: int, permission: Permission) -> User:
    user = s.get(User, by)
    if user is None:
        raise NotFound(f"no user #{by}")
    require(user.role, permission)
    return user


def cash_taken(s: Session, session_id: int) -> Decimal:
    """What the session's payments left in the drawers: in, less change, refunds and voids."""
    total = s.scalar(select(func.sum(Payment.amount)).where(Payment.session_id == session_id))
    return total or ZERO


def _pay_back(
    s: Session, booth_id: int, kind: str, amount: Decimal, by: int, drawer: int | None
) -> None:
    s.add(
        Payment(
            session_id=booth_id,
            kind=kind,
            amount=-amount,
            user_id=by,
            shift_id=shift_of(s, by if drawer is None else drawer),
        )
    )


@outage_as_counter_error
def void_receipt(
    db: Database, number: int, reason: str, *, by: int, drawer: int | None = None
) -> Voided:
    """Void session receipt ``number``: only an owner (``by``); its total goes back in cash
    from ``drawer``'s open shift (default the owner's); a VOID slip is queued."""
    reason = clean_reason(reason)
    with db.session() as s:
        owner = _owner(s, by, Permission.VOID_RECEIPT)
        receipt = s.scalar(select(Receipt).where(Receipt.number == number))
        if receipt is None:
            raise NotFound(f"no receipt number {number}")
        if receipt.voided_at is not None:
            raise VoidError(f"receipt {number} is already voided")
        if receipt.kind != "session" or receipt.session_id is None:
            raise VoidError(
                f"receipt {number} is a call receipt: its money is on the session's receipt"
            )
        voided_at = utcnow()
        # the row is taken first: a void at another counter meanwhile finds it voided
        if (
            rows_changed(
                s,
                update(Receipt)
                .where(Receipt.id == receipt.id, Receipt.voided_at.is_(None))
                .values(voided_at=voided_at, voided_by=by, void_reason=reason)
                .execution_options(synchronize_session=False),
            )
            != 1
        ):
            raise VoidError(f"receipt {number} was just voided at another counter")
        left = cash_taken(s, receipt.session_id)
        if left < receipt.total:
            raise VoidError(
                f"receipt {number}: only {money(left)} of its {money(receipt.total)} "
                "was not given back yet"
            )
        if receipt.total:
            _pay_back(s, receipt.session_id, "void", receipt.total, by, drawer)
        audit(
            s,
            "receipt.void",
            "receipt",
            receipt.id,
            by,
            number=number,
            amount=receipt.total,
            reason=reason,
        )
        booth = s.get(BoothSession, receipt.session_id)
        slip = VoidSlipData(
            shop=shop_header(sessions.preferences(s)),
            receipt_no=number,
            issued_at=local(receipt.created_at),
            voided_at=local(voided_at),
            voided_by=owner.name,
            booth=booth.account.name if booth is not None else "",
            reason=reason,
            amount=receipt.total,
            currency=sessions.preferences(s).currency,
        )
        return Voided(number, receipt.total, _queue_slip(s, slip, receipt.id))


def _queue_slip(s: Session, slip: VoidSlipData, receipt_id: int | None) -> int | None:
    """The VOID (or REFUND) slip's job in the action's own transaction (printed by the
    print service)."""
    prefs = sessions.preferences(s)
    settings = printer_settings(prefs)
    if not settings.enabled:
        return None
    layout = build_void_slip(slip, labels_for(prefs.language))
    job = PrintJob(
        printer=PRINTER,
        kind="refund_slip" if slip.refund else "void_slip",
        payload=encode_layout(layout, settings.profile()),
        reference=f"{'R' if slip.refund else 'V'}{slip.receipt_no}",
        receipt_id=receipt_id,
        copy_of=None,
    )
    s.add(job)
    s.flush()
    return job.id


@dataclass(frozen=True)
class Refunded:
    session_id: int
    receipt_no: int | None  # the session's receipt, when it has one
    amount: Decimal  # the cash given back
    left: Decimal  # what the session still holds after it
    job_id: int | None  # the REFUND slip's print job; None without a receipt printer


@dataclass(frozen=True)
class Refundable:
    """A stopped session the owner may give money back from (its receipt not voided)."""

    session_id: int
    receipt_no: int
    booth: str
    stopped_at: datetime  # local
    total: Decimal  # the receipt's total
    held: Decimal  # what the session still holds: the most a refund can give back


def _session_receipt(s: Session, session_id: int) -> Receipt | None:
    return s.scalar(
        select(Receipt)
        .where(Receipt.session_id == session_id, Receipt.kind == "session")
        .order_by(Receipt.id)
        .limit(1)
    )


def session_of_receipt(db: Database, number: int) -> int:
    """The booth session of session receipt ``number`` (what a refund is given from)."""
    with db.read() as s:
        receipt = s.scalar(select(Receipt).where(Receipt.number == number))
        if receipt is None:
            raise NotFound(f"no receipt number {number}")
        if receipt.kind != "session" or receipt.session_id is None:
            raise VoidError(
                f"receipt {number} is a call receipt: refund from the session's receipt"
            )
        return receipt.session_id


def refundable(db: Database, limit: int = 30) -> list[Refundable]:
    """The latest stopped sessions whose receipt is not voided and which still hold cash,
    newest first: one query, the held cash summed and tested in SQL."""
    held = (
        select(Payment.session_id, func.sum(Payment.amount).label("held"))
        .group_by(Payment.session_id)
        .subquery()
    )
    with db.read() as s:
        rows = s.execute(
            select(
                BoothSession.id,
                Receipt.number,
                Account.name,
                BoothSession.stopped_at,
                Receipt.total,
                held.c.held,
            )
            .join(held, held.c.session_id == Receipt.session_id)
            .join(BoothSession, BoothSession.id == Receipt.session_id)
            .join(Account, Account.id == BoothSession.account_id)
            .where(
                Receipt.kind == "session",
                Receipt.voided_at.is_(None),
                BoothSession.stopped_at.is_not(None),
                held.c.held > 0,
            )
            .order_by(Receipt.number.desc())
            .limit(limit)
        ).all()
    return [
        Refundable(session_id, number, booth, local(stopped_at), total, cash)
        for session_id, number, booth, stopped_at, total, cash in rows
    ]


@outage_as_counter_error
def refund(
    db: Database,
    session_id: int,
    amount: Decimal,
    reason: str,
    *,
    by: int,
    drawer: int | None = None,
) -> Refunded:
    """Give back ``amount`` of a stopped session beyond what its Stop refunded (Stop gives
    the balance back; there is no cashier's refund action besides it): the owner's only,
    never more than the session still holds; a REFUND slip is queued with it."""
    reason = clean_reason(reason)
    if not amount.is_finite() or amount <= 0:
        raise VoidError(f"a refund must be more than zero, not {amount}")
    with db.session() as s:
        owner = _owner(s, by, Permission.REFUND_BEYOND_BALANCE)
        booth = s.get(BoothSession, session_id)
        if booth is None:
            raise NotFound(f"no booth session #{session_id}")
        if booth.stopped_at is None:
            raise VoidError(f"{booth.account.name} is still started: Stop refunds its balance")
        left = cash_taken(s, session_id)
        if amount > left:
            raise VoidError(
                f"session #{session_id} holds only {money(left)}: {money(amount)} is too much"
            )
        _pay_back(s, session_id, "refund", amount, by, drawer)
        audit(
            s,
            "session.refund",
            "booth_session",
            session_id,
            by,
            booth=booth.account.name,
            amount=amount,
            reason=reason,
        )
        receipt = _session_receipt(s, session_id)
        prefs = sessions.preferences(s)
        slip = VoidSlipData(
            shop=shop_header(prefs),
            receipt_no=receipt.number if receipt is not None else session_id,
            issued_at=local(receipt.created_at if receipt is not None else booth.stopped_at),
            voided_at=local(utcnow()),
            voided_by=owner.name,
            booth=booth.account.name,
            reason=reason,
            amount=amount,
            currency=prefs.currency,
            refund=True,
        )
        job = _queue_slip(s, slip, receipt.id if receipt is not None else None)
        number = receipt.number if receipt is not None else None
        return Refunded(session_id, number, amount, left - amount, job)
