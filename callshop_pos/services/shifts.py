"""Shifts and the cash drawer: open with a counted float, pay-ins and pay-outs, the X report
(any time) and the Z report that closes the shift; a Z report reprinted is marked COPY.

Design: a payment (prepayment, top-up, payment at Stop, change, refund) carries the
``shift_id`` of the open shift of the cashier who took it (``shift_stamp``, inside the
payment's own transaction); pay-ins and pay-outs are ``cash_movements`` rows of a shift.
The drawer's expected cash is therefore one exact sum in SQL: the starting float plus the
shift's payments plus its cash movements. Extra items and receipts carry the shift too (what
was sold, which receipt numbers were issued), though their cash is in the payments.

A closed shift is never changed: every function here works on an open shift only, the close
locks the shift's row first, and database triggers (migration 0007) refuse an update of a
closed shift or a movement into one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from callshop_pos.counter import CounterError
from callshop_pos.db.engine import Database
from callshop_pos.db.models import (
    Account,
    BoothSession,
    CashMovement,
    ExtraItem,
    Payment,
    PrintJob,
    Receipt,
    Shift,
    User,
)
from callshop_pos.db.outage import outage_as_counter_error
from callshop_pos.db.rowcount import rows_changed
from callshop_pos.db.types import utcnow
from callshop_pos.errors import NotFound
from callshop_pos.money import MoneyError, parse_money
from callshop_pos.services import sessions
from callshop_pos.services.audit import audit
from callshop_pos.services.permissions import Permission, require
from callshop_pos.services.receipts import local, printer_settings, shop_header
from callshop_pos.services.shift_stamp import NO_SHIFT, open_shift
from printing.escpos import encode_layout
from printing.shift_report import (
    MOVEMENT_KINDS,
    MovementTotal,
    ShiftReport,
    TaxTotal,
    build_shift_report,
    from_json,
    shift_labels_for,
    shift_report_pdf,
    to_json,
)

ZERO = Decimal(0)
Z_COUNTER = "z_report"  # gapless Z numbers, like receipt numbers
PRINTER = "receipt"
REASON_MAX = 200
Counted = tuple[tuple[Decimal, int], ...]


class ShiftError(CounterError):
    pass


@dataclass(frozen=True)
class ShiftInfo:
    """A shift as the status bar and ``shift list`` show it."""

    id: int
    cashier: str
    opened_at: datetime
    closed_at: datetime | None
    starting_float: Decimal
    expected: Decimal | None
    counted: Decimal | None
    difference: Decimal | None
    z_number: int | None


def parse_counted(text: str) -> Counted:
    """``"50x2,20x1,0.50x3"``: denominations and how many of each (the decimal mark of a
    denomination is a point, since the comma separates them)."""
    out: dict[Decimal, int] = {}
    for item in text.replace(";", ",").split(","):
        item = item.strip().lower().replace("×", "x")
        if not item:
            continue
        value, sep, count = item.partition("x")
        if not sep:
            raise ShiftError(f"{item!r}: write a denomination and a count, e.g. 20x3")
        try:
            denomination = parse_money(value.strip())
        except MoneyError as exc:
            raise ShiftError(f"{item!r}: {exc}") from None
        if denomination <= 0:
            raise ShiftError(f"{item!r}: a denomination must be more than zero")
        if not count.strip().isdigit():
            raise ShiftError(f"{item!r}: the count must be a whole number")
        out[denomination] = out.get(denomination, 0) + int(count)
    return counted_of(out)


def counted_of(counts: dict[Decimal, int]) -> Counted:
    """Largest denomination first, without the zero counts."""
    for denomination, n in counts.items():
        if denomination <= 0 or n < 0:
            raise ShiftError(f"{denomination} × {n}: not a count of cash")
    return tuple(sorted(((d, n) for d, n in counts.items() if n), reverse=True))


def counted_total(counted: Counted) -> Decimal:
    return sum((d * n for d, n in counted), ZERO)


def _user(s: Session, user_id: int) -> User:
    user = s.get(User, user_id)
    if user is None:
        raise NotFound(f"no user #{user_id}")
    return user


def _may_act_for(s: Session, by: int, user_id: int) -> None:
    """A cashier opens and closes her own shift; only the owner another's."""
    if by != user_id:
        require(_user(s, by).role, Permission.OTHERS_SHIFT)


def _require_open(s: Session, user_id: int) -> Shift:
    shift = open_shift(s, user_id)
    if shift is None:
        raise ShiftError(NO_SHIFT if user_id else "no open shift")
    return shift


# --- opening, pay-in and pay-out ------------------------------------------------------------


@outage_as_counter_error
def open_new(
    db: Database,
    user_id: int,
    starting_float: Decimal,
    *,
    by: int,
    at: datetime | None = None,  # now; the demo history's past
) -> int:
    if not starting_float.is_finite() or starting_float < 0:
        raise ShiftError(f"the starting float must be zero or more, not {starting_float}")
    try:
        with db.session() as s:
            _may_act_for(s, by, user_id)
            name = _user(s, user_id).name
            if open_shift(s, user_id) is not None:
                raise ShiftError(f"{name} already has an open shift")
            shift = Shift(
                user_id=user_id,
                opened_by=by,
                starting_float=starting_float,
                opened_at=at or utcnow(),
            )
            s.add(shift)
            s.flush()
            audit(s, "shift.open", "shift", shift.id, by, cashier=name, float=starting_float)
            return shift.id
    except IntegrityError:  # the one-open-shift index: another counter was first
        raise ShiftError(f"{name} already has an open shift") from None


@outage_as_counter_error
def move_cash(db: Database, user_id: int, amount: Decimal, reason: str) -> int:
    """A pay-in (``amount`` > 0) or a pay-out (< 0) of the cashier's open drawer."""
    reason = " ".join(reason.split())
    if not reason:
        raise ShiftError("a pay-in or pay-out needs a reason")
    if len(reason) > REASON_MAX:
        raise ShiftError(f"the reason is longer than {REASON_MAX} characters")
    if not amount.is_finite() or amount == 0:
        raise ShiftError(f"a pay-in or pay-out must not be zero, not {amount}")
    kind = "pay_in" if amount > 0 else "pay_out"
    with db.session() as s:
        shift = _require_open(s, user_id)
        row = CashMovement(
            shift_id=shift.id, kind=kind, amount=amount, reason=reason, user_id=user_id
        )
        s.add(row)
        s.flush()
        audit(s, f"shift.{kind}", "shift", shift.id, user_id, amount=amount, reason=reason)
        return row.id


# --- what the drawer holds ------------------------------------------


def movement_totals(s: Session, shift_id: int) -> tuple[MovementTotal, ...]:
    """Per kind: how many movements and their signed sum, two GROUP BYs in SQL."""
    found: dict[str, tuple[int, Decimal]] = {}
    for table in (Payment, CashMovement):
        rows = s.execute(
            select(table.kind, func.count(), func.sum(table.amount))
            .where(table.shift_id == shift_id)
            .group_by(table.kind)
        )
        for kind, count, amount in rows:
            found[kind] = (int(count), amount or ZERO)
    order = {k: i for i, k in enumerate(MOVEMENT_KINDS)}
    return tuple(
        MovementTotal(kind, *found[kind])
        for kind in sorted(found, key=lambda k: (order.get(k, len(order)), k))
    )


def expected_cash(shift: Shift, movements: Sequence[MovementTotal]) -> Decimal:
    return shift.starting_float + sum((m.amount for m in movements), ZERO)


def _taxes(s: Session, shift_id: int) -> tuple[tuple[TaxTotal, ...], Decimal]:
    """Tax per rate over the sessions whose receipt the shift issued, each bill computed
    by the one core rule (``sessions.bill``); and those bills' total."""
    prefs = sessions.preferences(s)
    booths = s.scalars(
        select(BoothSession)
        .join(Receipt, Receipt.session_id == BoothSession.id)
        .where(Receipt.shift_id == shift_id, Receipt.kind == "session")
    ).all()
    net = tax = total = ZERO
    for booth in booths:
        bill = sessions.bill(s, booth, booth.paid or ZERO)
        net, tax, total = net + bill.net, tax + bill.tax, total + bill.total
    if not booths or prefs.tax_rate <= 0:
        return (), total
    return (TaxTotal(prefs.tax_label, prefs.tax_rate, net, tax),), total


def report(s: Session, shift: Shift, kind: str, counted: Counted = ()) -> ShiftReport:
    """The X (``counted`` empty) or Z report of ``shift``, from SQL aggregates."""
    prefs = sessions.preferences(s)
    movements = movement_totals(s, shift.id)
    expected = expected_cash(shift, movements)
    receipts, first, last = s.execute(
        select(func.count(), func.min(Receipt.number), func.max(Receipt.number)).where(
            Receipt.shift_id == shift.id
        )
    ).one()
    extras, extras_total = s.execute(
        select(func.count(), func.sum(ExtraItem.amount)).where(ExtraItem.shift_id == shift.id)
    ).one()
    refund = next((m for m in movements if m.kind == "refund"), MovementTotal("refund", 0, ZERO))
    void = next((m for m in movements if m.kind == "void"), MovementTotal("void", 0, ZERO))
    taxes, sales = _taxes(s, shift.id)
    total_counted = counted_total(counted) if kind == "Z" else None
    return ShiftReport(
        kind="Z" if kind == "Z" else "X",
        shop=shop_header(prefs),
        shift_id=shift.id,
        cashier=_user(s, shift.user_id).name,
        opened_at=local(shift.opened_at),
        printed_at=local(utcnow()),
        currency=prefs.currency,
        starting_float=shift.starting_float,
        movements=movements,
        expected=expected,
        sales=sales,
        receipts=int(receipts),
        first_receipt=first,
        last_receipt=last,
        refunds=refund.count,
        refunded=-refund.amount,
        voids=void.count,  # the owner's voids given back from this drawer (services.voids)
        voided=-void.amount,
        extras=int(extras),
        extras_total=extras_total or ZERO,
        taxes=taxes,
        closed_at=local(shift.closed_at) if shift.closed_at else None,
        z_number=shift.z_number,
        counted=counted if kind == "Z" else (),
        counted_total=total_counted,
        difference=None if total_counted is None else total_counted - expected,
    )


# --- the reports ------------------------------------------


def _queue(s: Session, layout_report: ShiftReport, *, copy: bool = False) -> int | None:
    """The report's print job, in the caller's transaction; None without a printer."""
    prefs = sessions.preferences(s)
    settings = printer_settings(prefs)
    if not settings.enabled:
        return None
    words = shift_labels_for(prefs.language)
    layout = build_shift_report(layout_report, words, copy=copy)
    number = layout_report.z_number
    job = PrintJob(
        printer=PRINTER,
        kind=f"{layout_report.kind.lower()}_report",
        payload=encode_layout(layout, settings.profile()),
        reference=f"Z{number}" if number is not None else f"X{layout_report.shift_id}",
    )
    s.add(job)
    s.flush()
    return job.id


@dataclass(frozen=True)
class Printed:
    report: ShiftReport
    job_id: int | None  # None: no receipt printer is set up


@outage_as_counter_error
def x_report(db: Database, user_id: int, *, by: int, printing: bool = True) -> Printed:
    """The open shift's reading; nothing is changed but the print queue and the audit log."""
    with db.session() as s:
        _may_act_for(s, by, user_id)
        shift = _require_open(s, user_id)
        data = report(s, shift, "X")
        job = _queue(s, data) if printing else None
        audit(s, "shift.x_report", "shift", shift.id, by, expected=data.expected)
        return Printed(data, job)


@outage_as_counter_error
def close(
    db: Database, user_id: int, counted: Counted, *, by: int, at: datetime | None = None
) -> Printed:
    """The Z report: the shift's row is locked first, so no movement lands in it meanwhile
    (one waiting finds the shift closed and is refused)."""
    with db.session() as s:
        _may_act_for(s, by, user_id)
        shift = open_shift(s, user_id, lock="update")
        if shift is None:
            raise ShiftError("no open shift")
        locked = rows_changed(
            s,
            update(Shift)
            .where(Shift.id == shift.id, Shift.closed_at.is_(None))
            .values(closed_by=Shift.closed_by)
            .execution_options(synchronize_session=False),
        )
        if locked != 1:
            raise ShiftError("the shift was just closed at another counter")
        z_number, closed_at = sessions.next_number(s, Z_COUNTER), at or utcnow()
        data = replace(
            report(s, shift, "Z", counted),
            z_number=z_number,
            closed_at=local(closed_at),
            printed_at=local(closed_at),
        )
        assert data.counted_total is not None and data.difference is not None
        # one UPDATE: once closed_at is set, the database refuses any further change
        shift.z_number = z_number
        shift.closed_at = closed_at
        shift.closed_by = by
        shift.counted_json = json.dumps({str(d): n for d, n in counted})
        shift.counted = data.counted_total
        shift.expected = data.expected
        shift.difference = data.difference
        shift.z_json = to_json(data)
        job = _queue(s, data)
        audit(
            s,
            "shift.close",
            "shift",
            shift.id,
            by,
            z=shift.z_number,
            expected=data.expected,
            counted=data.counted_total,
            difference=data.difference,
        )
        return Printed(data, job)


def _closed(s: Session, z_number: int) -> Shift:
    shift = s.scalar(select(Shift).where(Shift.z_number == z_number))
    if shift is None or not shift.z_json:
        raise NotFound(f"no Z report number {z_number}")
    return shift


@outage_as_counter_error
def reprint_z(db: Database, z_number: int, *, by: int | None = None) -> Printed:
    """The Z report as it was closed, marked COPY (a reprint takes no money)."""
    with db.session() as s:
        shift = _closed(s, z_number)
        data = from_json(shift.z_json)
        job = _queue(s, data, copy=True)
        audit(s, "shift.z_reprint", "shift", shift.id, by, z=z_number)
        return Printed(data, job)


def z_report(db: Database, z_number: int) -> ShiftReport:
    with db.read() as s:
        return from_json(_closed(s, z_number).z_json)


def report_pdf(db: Database, data: ShiftReport, *, copy: bool = False) -> bytes:
    with db.read() as s:
        words = shift_labels_for(sessions.preferences(s).language)
    return shift_report_pdf(data, words, copy=copy)


# --- for the status bar and the list ------------------------------------------


def _info(s: Session, shift: Shift) -> ShiftInfo:
    return ShiftInfo(
        id=shift.id,
        cashier=_user(s, shift.user_id).name,
        opened_at=local(shift.opened_at),
        closed_at=local(shift.closed_at) if shift.closed_at else None,
        starting_float=shift.starting_float,
        expected=shift.expected,
        counted=shift.counted,
        difference=shift.difference,
        z_number=shift.z_number,
    )


def current(db: Database, user_id: int) -> ShiftInfo | None:
    with db.read() as s:
        shift = open_shift(s, user_id, lock="none")
        return _info(s, shift) if shift is not None else None


def list_shifts(db: Database, limit: int = 50) -> list[ShiftInfo]:
    with db.read() as s:
        rows = s.scalars(select(Shift).order_by(Shift.id.desc()).limit(limit)).all()
        return [_info(s, shift) for shift in rows]


# --- warnings at Stop and at quit ---------------------------------------


@dataclass(frozen=True)
class Warnings:
    open_hours: int | None = None  # the shift has been open this long, past the preference
    max_hours: int = 0
    closing_time: str = ""
    running: tuple[str, ...] = ()  # booths still started past closing time

    def __bool__(self) -> bool:
        return self.open_hours is not None or bool(self.running)


def _closing(text_: str) -> tuple[int, int] | None:
    hours, sep, minutes = text_.strip().partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit():
        return None
    h, m = int(hours), int(minutes)
    return (h, m) if h < 24 and m < 60 else None


def warnings(db: Database, user_id: int | None, now: datetime | None = None) -> Warnings:
    """What the cashier should hear at Stop and at quit (``now``: aware, default the clock)."""
    now = now or utcnow()
    with db.read() as s:
        prefs = sessions.preferences(s)
        open_hours = None
        if user_id is not None and prefs.shift_max_hours > 0:
            shift = open_shift(s, user_id, lock="none")
            if shift is not None:
                hours = int((now - shift.opened_at).total_seconds() // 3600)
                if hours >= prefs.shift_max_hours:
                    open_hours = hours
        running: tuple[str, ...] = ()
        closing = _closing(prefs.closing_time)
        wall = now.astimezone()
        if closing is not None and (wall.hour, wall.minute) >= closing:
            running = tuple(
                s.scalars(
                    select(Account.name)
                    .join(BoothSession, BoothSession.account_id == Account.id)
                    .where(BoothSession.stopped_at.is_(None))
                    .order_by(Account.position, Account.name)
                ).all()
            )
        return Warnings(open_hours, prefs.shift_max_hours, prefs.closing_time, running)


# --- the shifts of a period (``report shift``) -------------------------------------------


def period_reports(s: Session, start: datetime, end: datetime) -> list[ShiftReport]:
    """Every shift opened in [start, end), oldest first: a closed one's Z as it was closed
    (its stored record), an open one's X as of now."""
    found = s.scalars(
        select(Shift)
        .where(Shift.opened_at >= start, Shift.opened_at < end)
        .order_by(Shift.opened_at, Shift.id)
    ).all()
    return [from_json(x.z_json) if x.z_json else report(s, x, "X") for x in found]
