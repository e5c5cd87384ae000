"""Builders turning receipt data into a layout (no printer specifics here)."""

from __future__ import annotations

from dataclasses import dataclass

from callshop_pos.counter import BoothMode
from printing import format as fmt
from printing.call_price import billed_time, price_recipe
from printing.labels import ENGLISH, ReceiptLabels
from printing.layout import Align, Columns, Cut, DrawerKick, Element, Feed, Layout, Rule, Text
from printing.receipt_data import (
    CallReceiptData,
    CashRounding,
    SessionReceiptData,
    ShopHeader,
    TaxSettings,
)
from printing.totals import SessionTotals, session_totals

MIN_WIDTH = 24


def _check_width(width: int) -> None:
    if width < MIN_WIDTH:
        raise ValueError(f"receipt width {width} is below the minimum of {MIN_WIDTH} columns")


def _header(
    shop: ShopHeader,
    receipt_no: str,
    printed_at_text: str,
    cashier: str,
    booth: str,
    mode: BoothMode,
    labels: ReceiptLabels,
    copy: bool,
) -> list[Element]:
    out: list[Element] = [
        Text(shop.name, bold=True, double_width=True, double_height=True, align=Align.CENTER)
    ]
    if shop.address:
        out.append(Text(shop.address, align=Align.CENTER))
    if shop.phone:
        out.append(Text(f"{labels.phone} {shop.phone}", align=Align.CENTER))
    if shop.tax_id:
        out.append(Text(f"{labels.tax_id}: {shop.tax_id}", align=Align.CENTER))
    if copy:
        # a reprint must never pass for a second original
        out.append(
            Text(f"*** {labels.copy_banner} ***", bold=True, double_width=True, align=Align.CENTER)
        )
    mode_word = labels.prepaid_mode if mode == BoothMode.PREPAID else labels.postpaid_mode
    out += [
        Rule(),
        Columns(labels.receipt, receipt_no),
        Columns(labels.date, printed_at_text),
        Columns(labels.cashier, cashier),
        Columns(labels.booth, booth),
        Columns(labels.mode, mode_word),
        Rule(),
    ]
    return out


def _footer(shop: ShopHeader, labels: ReceiptLabels) -> list[Element]:
    """The shop's own footer, then our thank-you unless the shop's footer already says it."""
    out: list[Element] = [Feed(1)]
    footer = shop.footer.strip()
    if footer:
        out.append(Text(footer, align=Align.CENTER))
    if labels.thank_you.casefold() not in footer.casefold():
        out.append(Text(labels.thank_you, align=Align.CENTER))
    return [*out, Feed(2), Cut(partial=True)]


def _total_line(label: str, amount: str) -> Columns:
    # double width where it fits on one line; the layout falls back to normal width on
    # narrower paper (a reprint), since a TOTAL split over two lines is easy to misread
    return Columns(label, amount, bold=True, double_width=True, double_height=True)


def build_call_receipt(
    data: CallReceiptData,
    width: int,
    copy: bool = False,
    labels: ReceiptLabels = ENGLISH,
    open_drawer: bool = False,
) -> Layout:
    _check_width(width)
    call, cur = data.call, data.currency
    layout: Layout = [DrawerKick()] if open_drawer else []
    layout += _header(
        data.shop,
        data.receipt_no,
        data.printed_at.strftime(labels.datetime_format),
        data.cashier,
        data.booth,
        data.mode,
        labels,
        copy,
    )
    layout += [
        Columns(labels.number, call.number),
        Columns(labels.destination, call.area),
        Columns(labels.start, call.started_at.strftime(labels.datetime_format)),
        Columns(labels.talk_time, fmt.duration(call.duration_seconds)),
        Columns(labels.billed_time, billed_time(call, labels)),
        Text(f"{labels.price} {price_recipe(call, labels)}"),
        Rule(),
        _total_line(labels.cost, labels.money(call.cost, cur)),
    ]
    if data.mode == BoothMode.PREPAID and data.balance_left is not None:
        layout.append(Columns(labels.balance_left, labels.money(data.balance_left, cur)))
    layout += _footer(data.shop, labels)
    return layout


def _tax_label(tax: TaxSettings, labels: ReceiptLabels) -> str:
    template = labels.tax_included if tax.inclusive else labels.tax_added
    return template.format(label=tax.label, rate=labels.percent(tax.rate))


@dataclass(frozen=True)
class TotalRow:
    label: str
    amount: str
    emphasis: bool = False  # the TOTAL line
    strong: bool = False  # refund / change / amount due
    payment: bool = False  # below the bill: money received and given back


def totals_rows(
    totals: SessionTotals, tax: TaxSettings, currency: str, labels: ReceiptLabels
) -> list[TotalRow]:
    """Subtotal … change, ordered so the printed lines visibly add up to the total.
    Shared by the receipt and the PDF so both show the same lines."""
    rows = [TotalRow(labels.subtotal, labels.money(totals.subtotal))]
    has_tax = tax.rate > 0
    if has_tax and not totals.tax_inclusive:
        rows.append(TotalRow(_tax_label(tax, labels), labels.money(totals.tax)))
    if totals.rounding != 0:
        rows.append(TotalRow(labels.rounding, labels.money(totals.rounding)))
    rows.append(TotalRow(labels.total, labels.money(totals.total, currency), emphasis=True))
    if has_tax and totals.tax_inclusive:
        rows.append(TotalRow(_tax_label(tax, labels), labels.money(totals.tax)))
    if totals.prepaid:
        rows.append(TotalRow(labels.prepaid, labels.money(totals.prepaid), payment=True))
    if totals.topups:
        rows.append(TotalRow(labels.topups, labels.money(totals.topups), payment=True))
    if totals.paid:
        rows.append(TotalRow(labels.paid, labels.money(totals.paid), payment=True))
    if totals.refund:
        rows.append(
            TotalRow(
                labels.refund, labels.money(totals.refund, currency), strong=True, payment=True
            )
        )
    if totals.left:
        # the deposit not given back: kept by the shop, or still on an open booth
        label = labels.not_refunded if totals.settled else labels.balance_left
        rows.append(TotalRow(label, labels.money(totals.left, currency), payment=True))
    if totals.change or (totals.paid and not totals.unpaid):
        rows.append(
            TotalRow(
                labels.change, labels.money(totals.change, currency), strong=True, payment=True
            )
        )
    if totals.unpaid:
        rows.append(
            TotalRow(
                labels.unpaid, labels.money(totals.unpaid, currency), strong=True, payment=True
            )
        )
    return rows


def totals_elements(
    totals: SessionTotals,
    tax: TaxSettings,
    currency: str,
    labels: ReceiptLabels,
) -> list[Element]:
    out: list[Element] = []
    previous_payment = False
    for row in totals_rows(totals, tax, currency, labels):
        if row.payment and not previous_payment:
            out.append(Rule())
        previous_payment = row.payment
        if row.emphasis:
            out.append(_total_line(row.label, row.amount))
        else:
            out.append(Columns(row.label, row.amount, bold=row.strong))
    return out


def build_session_receipt(
    data: SessionReceiptData,
    width: int,
    tax: TaxSettings,
    rounding: CashRounding,
    copy: bool = False,
    labels: ReceiptLabels = ENGLISH,
    open_drawer: bool = False,
) -> Layout:
    _check_width(width)
    totals = session_totals(data, tax, rounding)
    layout: Layout = [DrawerKick()] if open_drawer else []
    layout += _header(
        data.shop,
        data.receipt_no,
        data.printed_at.strftime(labels.datetime_format),
        data.cashier,
        data.booth,
        data.mode,
        labels,
        copy,
    )
    layout += [
        Columns(labels.start, data.started_at.strftime(labels.datetime_format)),
        Columns(labels.end, data.ended_at.strftime(labels.datetime_format)),
        Rule(),
        Text(labels.calls, bold=True),
    ]
    amounts = iter(totals.line_amounts)
    if not data.calls:
        layout.append(Text(labels.no_calls))
    for call in data.calls:
        talk = fmt.duration(call.duration_seconds)
        layout += [
            Columns(
                f"{call.started_at.strftime(labels.time_format)} {call.number}",
                labels.money(next(amounts)),
            ),
            *([Text(call.area)] if call.area else []),
            Text(labels.talk_and_billed.format(talk=talk, billed=billed_time(call, labels))),
            Text(price_recipe(call, labels)),
        ]
    if data.calls:
        talk = fmt.duration(sum(call.duration_seconds for call in data.calls))
        layout.append(Columns(labels.calls_count(len(data.calls)), talk))
    if data.extras:
        layout.append(Text(labels.extras, bold=True))
    for item in data.extras:
        left = item.description
        if item.quantity != 1:
            left += f" {fmt.quantity(item.quantity)} x {labels.money(item.unit_price)}"
        layout.append(Columns(left, labels.money(next(amounts))))
    layout.append(Rule())
    layout += totals_elements(totals, tax, data.currency, labels)
    layout += _footer(data.shop, labels)
    return layout
