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
from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from callshop_pos.counter import CounterError
from callshop_pos.db.engine import Database
from callshop_pos.db.models import BoothSession, Payment, PrintJob, Receipt, User
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


def _queue_slip(s: Session, slip: VoidSlipData, receipt_id: int) -> int | None:
    """The VOID slip's job in the void's own transaction (printed by the print service)."""
    prefs = sessions.preferences(s)
    settings = printer_settings(prefs)
    if not settings.enabled:
        return None
    layout = build_void_slip(slip, labels_for(prefs.language))
    job = PrintJob(
        printer=PRINTER,
        kind="void_slip",
        payload=encode_layout(layout, settings.profile()),
        reference=f"V{slip.receipt_no}",
        receipt_id=receipt_id,
        copy_of=None,
    )
    s.add(job)
    s.flush()
    return job.id


@outage_as_counter_error
def refund(
    db: Database,
    session_id: int,
    amount: Decimal,
    reason: str,
    *,
    by: int,
    drawer: int | None = None,
) -> Decimal:
    """Give back ``amount`` of a stopped session beyond what its Stop refunded (Stop gives
    the balance back; there is no cashier's refund action besides it): the owner's only,
    never more than the session still holds. Returns what the session holds after it."""
    reason = clean_reason(reason)
    if not amount.is_finite() or amount <= 0:
        raise VoidError(f"a refund must be more than zero, not {amount}")
    with db.session() as s:
        _owner(s, by, Permission.REFUND_BEYOND_BALANCE)
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
        return left - amount
