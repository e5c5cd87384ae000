"""Receipts, print jobs and PDFs from the database (implements counter.ReceiptDesk).

Everything here runs inside the caller's unit of work and never commits: the receipt row, its
gapless number and its print job commit together with the sale or not at all. Nothing here
talks to a printer, so an offline printer can never block or roll back a sale; the jobs wait
in the queue for ``print_queue.PrintService``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from callshop_pos.counter import BoothMode, Disposition
from callshop_pos.db.engine import Database
from callshop_pos.db.models import BoothSession, Call, Preferences, PrintJob, Receipt, Tariff
from callshop_pos.errors import NotFound
from callshop_pos.rating.rule import call_cost
from callshop_pos.rating.terms import RateRow, TariffTerms
from callshop_pos.services import sessions
from callshop_pos.services.printer_config import BrokenPrinterSettings, parse_printer_settings
from printing import pdf
from printing.escpos import encode_layout
from printing.labels import ReceiptLabels, labels_for
from printing.layout import Layout
from printing.layout_codec import as_copy, layout_to_json
from printing.receipt_data import (
    CallLine,
    CallReceiptData,
    CashRounding,
    ExtraItem,
    SessionReceiptData,
    ShopHeader,
    TaxSettings,
)
from printing.receipts import build_call_receipt, build_session_receipt
from printing.settings import PrinterSettings
from printing.totals import session_totals

log = logging.getLogger(__name__)
ZERO = Decimal(0)
RECEIPT_COUNTER = "receipt"  # one sequence for call and session receipts: no gaps per shop


# --- preferences -> printing records ---------------------------------------------------------


def printer_settings(prefs: Preferences) -> PrinterSettings:
    """The saved printer settings; broken JSON means "no printing" rather than a lost sale
    (the print service shows the problem in the status bar)."""
    try:
        return parse_printer_settings(prefs.printer_json)
    except BrokenPrinterSettings as exc:
        log.error("receipts are stored but not printed: %s", exc)
        return PrinterSettings()


def shop_header(prefs: Preferences) -> ShopHeader:
    return ShopHeader(
        prefs.shop_name, prefs.shop_address, prefs.shop_tax_id, footer=prefs.receipt_footer
    )


def tax_settings(prefs: Preferences) -> TaxSettings:
    return TaxSettings(prefs.tax_rate, prefs.tax_inclusive, prefs.tax_label)


def cash_rounding(prefs: Preferences) -> CashRounding:
    return CashRounding(prefs.smallest_coin)


def local(dt: datetime) -> datetime:
    """The database keeps UTC; paper shows the shop's wall clock."""
    return (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).astimezone()


def currency_of(booth: BoothSession, prefs: Preferences) -> str:
    tariff = booth.account.service_plan.tariff
    return tariff.currency or prefs.currency


def call_line(session: Session, call: Call) -> CallLine:
    """The call with every part of its price, from the call's own rate snapshot (calls billed
    before the snapshot kept the fee and the surcharge take them from the tariff as it is
    now, see ``_check_price``)."""
    tariff = session.get(Tariff, call.tariff_id) if call.tariff_id is not None else None
    price_1 = call.rate_price_1 or ZERO
    line = CallLine(
        started_at=local(call.answered_at or call.started_at),
        number=call.number,
        area=call.area_name or "",
        duration_seconds=call.billable_seconds,
        billed_seconds=call.billed_seconds,
        cost=call.cost,
        price_1=price_1,
        price_n=price_1 if call.rate_price_n is None else call.rate_price_n,
        interval_1=call.rate_interval_1 or 60,
        interval_n=call.rate_interval_n or 60,
        connect_fee=_stored_or(call.rate_connect_fee, tariff.connect_fee if tariff else ZERO),
        surcharge=_stored_or(call.rate_surcharge, tariff.post_call_surcharge if tariff else ZERO),
    )
    if tariff is not None:
        _check_price(call, line, tariff)
    return line


def _stored_or(stored: Decimal | None, current: Decimal) -> Decimal:
    return current if stored is None else stored


def _check_price(call: Call, line: CallLine, tariff: Tariff) -> None:
    """The printed parts must give the billed cost by the rating rule itself; they do not
    when the tariff's fee or surcharge changed after the call (the call keeps no snapshot
    of them). The receipt still prints; the log says which call disagrees."""
    if not line.billed_seconds:
        return  # free by the grace period or the free seconds: nothing to recompute
    terms = TariffTerms(
        connect_fee=line.connect_fee,
        post_call_surcharge=line.surcharge,
        precision=tariff.precision,
        round_up=tariff.round_up,
    )
    row = RateRow(
        call.prefix or "", line.area, line.price_1, line.price_n, line.interval_1, line.interval_n
    )
    # billed time is a whole number of intervals, so the rule bills it as it is
    again = call_cost(terms, row, line.billed_seconds)
    if again != call.cost:
        log.warning(
            "call %s: its price parts give %s but it was billed %s (tariff %r changed since?)",
            call.id,
            again,
            call.cost,
            tariff.name,
        )


def billed_calls(booth: BoothSession) -> list[Call]:
    # the same calls sessions.bill() charges (those with a cost), plus answered free ones,
    # which print at 0.00 and so leave the total unchanged
    return [c for c in booth.calls if c.cost or c.disposition == Disposition.ANSWERED]


def session_data(
    session: Session, booth: BoothSession, receipt_no: str, cashier: str
) -> SessionReceiptData:
    """A closed (or still open, for an interim invoice) session as printing input."""
    prefs = sessions.preferences(session)
    prepaid, topups = sessions.deposit(booth)
    ended = booth.stopped_at or datetime.now(UTC)
    return SessionReceiptData(
        shop=shop_header(prefs),
        receipt_no=receipt_no,
        printed_at=local(ended),
        cashier=cashier,
        booth=booth.account.name,
        mode=BoothMode(booth.mode),
        started_at=local(booth.started_at),
        ended_at=local(ended),
        calls=[call_line(session, c) for c in billed_calls(booth)],
        extras=[
            ExtraItem(e.description, Decimal(e.quantity), e.unit_price, e.amount)
            for e in booth.extras
        ],
        prepaid=prepaid,
        topups=topups,
        paid=booth.paid or ZERO,
        currency=currency_of(booth, prefs),
        # what Stop recorded (with its refund and change payments), None while open
        refund=booth.refund,
        change=booth.change,
    )


# --- the receipt desk ------------------------------------------------------------------------


class ReceiptService:
    """Stores numbered receipts and their print jobs in the sale's own transaction."""

    def __init__(self, printer_name: str = "receipt", *, print_jobs: bool = True) -> None:
        self.printer_name = printer_name
        self.print_jobs = print_jobs  # False: stored only (the demo's past receipts)

    def session_closed(self, session: Session, closed: sessions.Closed, cashier: str) -> int | None:
        booth = closed.booth
        prefs = sessions.preferences(session)
        settings = printer_settings(prefs)
        labels = labels_for(prefs.language)
        number = sessions.next_number(session, RECEIPT_COUNTER)
        data = session_data(session, booth, str(number), cashier)
        tax, rounding = tax_settings(prefs), cash_rounding(prefs)
        totals = session_totals(data, tax, rounding)
        if booth.total is not None and totals.total != booth.total:
            # would be a bug in the shared totals; the sale must still go through
            log.error(
                "receipt %s total %s differs from the session's %s",
                number,
                totals.total,
                booth.total,
            )
        layout = build_session_receipt(
            data,
            settings.profile().width_chars,
            tax,
            rounding,
            labels=labels,
            open_drawer=settings.enabled and settings.open_drawer,
        )
        self._store(
            session,
            number,
            "session",
            layout,
            totals.total,
            cashier,
            settings,
            labels,
            printing=settings.print_session_receipt,
            session_id=booth.id,
        )
        return number

    def call_billed(self, session: Session, call: Call, cashier: str) -> int | None:
        if call.disposition != Disposition.ANSWERED:
            return None
        prefs = sessions.preferences(session)
        settings = printer_settings(prefs)
        labels = labels_for(prefs.language)
        booth = call.session
        account = call.account
        mode = BoothMode(booth.mode) if booth is not None else BoothMode.PREPAID
        if booth is not None:
            currency = currency_of(booth, prefs)
        elif account is not None:
            currency = account.service_plan.tariff.currency or prefs.currency
        else:
            currency = prefs.currency
        number = sessions.next_number(session, RECEIPT_COUNTER)
        data = CallReceiptData(
            shop=shop_header(prefs),
            receipt_no=str(number),
            printed_at=local(call.ended_at or call.started_at),
            cashier=cashier,
            booth=account.name if account is not None else call.endpoint,
            call=call_line(session, call),
            mode=mode,
            # the booth's balance after this call was debited (record_call did it)
            balance_left=account.balance
            if mode == BoothMode.PREPAID and account is not None
            else None,
            currency=currency,
        )
        layout = build_call_receipt(data, settings.profile().width_chars, labels=labels)
        self._store(
            session,
            number,
            "call",
            layout,
            call.cost,
            cashier,
            settings,
            labels,
            printing=settings.print_call_receipt,
            session_id=call.session_id,
            call_id=call.id,
        )
        return number

    def invoice_pdf(self, session: Session, booth: BoothSession, cashier: str) -> bytes:
        """The postpaid invoice, numbered like the session's receipt when there is one."""
        prefs = sessions.preferences(session)
        session.flush()  # the receipt stored a moment ago in this same transaction
        data = session_data(session, booth, invoice_number(session, booth), cashier)
        return pdf.invoice_pdf(
            data, tax_settings(prefs), cash_rounding(prefs), labels_for(prefs.language)
        )

    def _store(
        self,
        session: Session,
        number: int,
        kind: str,
        layout: Layout,
        total: Decimal,
        cashier: str,
        settings: PrinterSettings,
        labels: ReceiptLabels,
        *,
        printing: bool,
        session_id: int | None = None,
        call_id: int | None = None,
    ) -> Receipt:
        receipt = Receipt(
            number=number,
            kind=kind,
            session_id=session_id,
            call_id=call_id,
            cashier=cashier,
            total=total,
            layout_json=layout_to_json(layout),
        )
        session.add(receipt)
        session.flush()
        if settings.enabled and printing and self.print_jobs:
            profile = settings.profile()
            original = add_job(
                session,
                self.printer_name,
                f"{kind}_receipt",
                encode_layout(layout, profile),
                receipt,
            )
            # extra copies say so: a second original could be used to claim money twice
            copy = encode_layout(as_copy(layout, labels), profile)
            for _ in range(settings.copies - 1):
                add_job(
                    session,
                    self.printer_name,
                    f"{kind}_receipt",
                    copy,
                    receipt,
                    copy_of=original.id,
                )
        return receipt


def add_job(
    session: Session,
    printer: str,
    kind: str,
    payload: bytes,
    receipt: Receipt,
    *,
    copy_of: int | None = None,
) -> PrintJob:
    """A print job inside the caller's transaction (the sale's, or a reprint's)."""
    job = PrintJob(
        printer=printer,
        kind=kind,
        payload=payload,
        reference=str(receipt.number),
        receipt_id=receipt.id,
        copy_of=copy_of,
    )
    session.add(job)
    session.flush()
    return job


def invoice_number(session: Session, booth: BoothSession) -> str:
    number = session.scalar(
        select(Receipt.number)
        .where(Receipt.session_id == booth.id, Receipt.kind == "session")
        .order_by(Receipt.number)
        .limit(1)
    )
    return str(number) if number is not None else f"S{booth.id}"


# --- PDFs for the Stop dialog, the calls list and the day's end ----------------------------


def session_report_pdf_for(db: Database, session_id: int, cashier: str = "") -> bytes:
    with db.read() as s:
        booth = s.get(BoothSession, session_id)
        if booth is None:
            raise NotFound(f"no booth session #{session_id}")
        prefs = sessions.preferences(s)
        data = session_data(s, booth, invoice_number(s, booth), cashier)
        return pdf.session_report_pdf(
            data, tax_settings(prefs), cash_rounding(prefs), labels_for(prefs.language)
        )


def invoice_pdf_for(db: Database, session_id: int, cashier: str = "") -> bytes:
    """The invoice again, later (from the calls list)."""
    with db.read() as s:
        booth = s.get(BoothSession, session_id)
        if booth is None:
            raise NotFound(f"no booth session #{session_id}")
        return ReceiptService().invoice_pdf(s, booth, cashier)
