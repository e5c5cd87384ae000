"""The slip printed when the owner voids a receipt or refunds part of a session: which
receipt, when, by whom, why, and the cash given back, under a big VOID (or REFUND) banner
(the words from ``printing.labels``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from printing.labels import ENGLISH, ReceiptLabels
from printing.layout import Align, Columns, Cut, Element, Feed, Layout, Rule, Text
from printing.receipt_data import ShopHeader


@dataclass(frozen=True)
class VoidSlipData:
    shop: ShopHeader
    receipt_no: int  # the voided receipt
    issued_at: datetime  # when the voided receipt was issued (local)
    voided_at: datetime  # local
    voided_by: str
    booth: str
    reason: str
    amount: Decimal  # the cash given back: the receipt's total
    currency: str
    refund: bool = False  # a refund of part of the session, not a void of its receipt


def build_void_slip(data: VoidSlipData, labels: ReceiptLabels = ENGLISH) -> Layout:
    fmt = labels.datetime_format
    banner = f"*** {labels.refund.upper() if data.refund else labels.void_banner} ***"
    receipt_label = labels.receipt if data.refund else labels.voided_receipt
    out: list[Element] = [Text(data.shop.name, bold=True, align=Align.CENTER)]
    if data.shop.address:
        out.append(Text(data.shop.address, align=Align.CENTER))
    out += [
        Rule(),
        Text(banner, bold=True, double_width=True, double_height=True, align=Align.CENTER),
        Rule(),
        Columns(receipt_label, str(data.receipt_no)),
        Columns(labels.date, data.issued_at.strftime(fmt)),
        Columns(labels.booth, data.booth),
        Columns(labels.refunded_by if data.refund else labels.voided_by, data.voided_by),
        Columns(labels.time, data.voided_at.strftime(fmt)),
        Text(f"{labels.reason}: {data.reason}"),
        Rule(),
        Columns(
            labels.cash_back, labels.money(data.amount, data.currency), bold=True, double_width=True
        ),
        Feed(2),
        Cut(partial=True),
    ]
    return out
