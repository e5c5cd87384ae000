"""The X and Z reports of a shift: their data, their words, the thermal layout and the PDF.

The core (``services/shifts.py``) fills :class:`ShiftReport` from the database; this module
only lays it out. A Z report is kept as its JSON (``to_json``) when the shift closes, so a
reprint is the same report, marked COPY, whatever changed since.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from reportlab.platypus import Flowable, Spacer

from printing import pdf
from printing.labels import ENGLISH, RUSSIAN, ReceiptLabels
from printing.layout import Align, Columns, Cut, Feed, Layout, Rule, Text
from printing.layout_codec import copy_banner
from printing.receipt_data import ShopHeader

Kind = Literal["X", "Z"]
# the drawer's movements, in the order a report lists them
MOVEMENT_KINDS = ("prepayment", "topup", "payment", "change", "refund", "void", "pay_in", "pay_out")


@dataclass(frozen=True)
class MovementTotal:
    kind: str  # one of MOVEMENT_KINDS
    count: int
    amount: Decimal  # signed: into the drawer > 0


@dataclass(frozen=True)
class TaxTotal:
    label: str
    rate: Decimal  # 0.2 = 20 %
    net: Decimal
    tax: Decimal


@dataclass(frozen=True)
class ShiftReport:
    kind: Kind
    shop: ShopHeader
    shift_id: int
    cashier: str
    opened_at: datetime
    printed_at: datetime
    currency: str
    starting_float: Decimal
    movements: tuple[MovementTotal, ...]
    expected: Decimal  # the float plus every movement
    sales: Decimal  # the bills of the sessions closed in the shift (receipts' totals)
    receipts: int
    first_receipt: int | None
    last_receipt: int | None
    refunds: int
    refunded: Decimal  # given back, a positive amount
    voids: int
    extras: int
    extras_total: Decimal
    taxes: tuple[TaxTotal, ...] = ()
    closed_at: datetime | None = None
    z_number: int | None = None
    counted: tuple[tuple[Decimal, int], ...] = field(default_factory=tuple)  # (denomination, n)
    counted_total: Decimal | None = None
    difference: Decimal | None = None  # counted - expected
    voided: Decimal = Decimal(0)  # given back by voids, a positive amount


def to_json(report: ShiftReport) -> str:
    """Exact: amounts as strings, times in ISO 8601."""

    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, datetime):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        return value

    return json.dumps(plain(asdict(report)), sort_keys=True)


def from_json(text: str) -> ShiftReport:
    raw = json.loads(text)

    def when(value: str | None) -> datetime | None:
        return datetime.fromisoformat(value) if value else None

    money = Decimal
    return ShiftReport(
        kind=raw["kind"],
        shop=ShopHeader(**raw["shop"]),
        shift_id=raw["shift_id"],
        cashier=raw["cashier"],
        opened_at=datetime.fromisoformat(raw["opened_at"]),
        printed_at=datetime.fromisoformat(raw["printed_at"]),
        currency=raw["currency"],
        starting_float=money(raw["starting_float"]),
        movements=tuple(
            MovementTotal(m["kind"], m["count"], money(m["amount"])) for m in raw["movements"]
        ),
        expected=money(raw["expected"]),
        sales=money(raw["sales"]),
        receipts=raw["receipts"],
        first_receipt=raw["first_receipt"],
        last_receipt=raw["last_receipt"],
        refunds=raw["refunds"],
        refunded=money(raw["refunded"]),
        voids=raw["voids"],
        extras=raw["extras"],
        extras_total=money(raw["extras_total"]),
        taxes=tuple(
            TaxTotal(t["label"], money(t["rate"]), money(t["net"]), money(t["tax"]))
            for t in raw["taxes"]
        ),
        closed_at=when(raw["closed_at"]),
        z_number=raw["z_number"],
        counted=tuple((money(d), int(n)) for d, n in raw["counted"]),
        counted_total=None if raw["counted_total"] is None else money(raw["counted_total"]),
        difference=None if raw["difference"] is None else money(raw["difference"]),
        voided=money(raw.get("voided", "0")),  # Z reports closed before voids existed
    )


# --- words ------------------------------------------


@dataclass(frozen=True)
class ShiftLabels:
    receipt: ReceiptLabels = ENGLISH  # money, dates, COPY
    x_title: str = "X REPORT"
    z_title: str = "Z REPORT"
    x_note: str = "Mid-shift reading, the shift stays open"
    shift: str = "Shift"
    cashier: str = "Cashier"
    opened: str = "Opened"
    closed: str = "Closed"
    printed: str = "Printed"
    starting_float: str = "Starting float"
    movements: str = "Cash movements"
    kinds: tuple[tuple[str, str], ...] = (
        ("prepayment", "Prepayments"),
        ("topup", "Top-ups"),
        ("payment", "Payments at Stop"),
        ("change", "Change given"),
        ("refund", "Refunds"),
        ("void", "Voids"),
        ("pay_in", "Pay-ins"),
        ("pay_out", "Pay-outs"),
    )
    expected: str = "Expected cash"
    counted: str = "Counted cash"
    difference: str = "Difference"
    denomination: str = "Denomination"
    count: str = "Count"
    amount: str = "Amount"
    sales: str = "Sales"
    receipts: str = "Receipts"
    receipts_range: str = "Receipts no."
    refunds: str = "Refunds"
    voids: str = "Voids"
    extras: str = "Extra items"
    tax: str = "Tax"
    net: str = "Net"
    none: str = "none"

    def kind(self, kind: str) -> str:
        return dict(self.kinds).get(kind, kind)


ENGLISH_SHIFT = ShiftLabels()
RUSSIAN_SHIFT = ShiftLabels(
    receipt=RUSSIAN,
    x_title="X-ОТЧЁТ",
    z_title="Z-ОТЧЁТ",
    x_note="Отчёт без закрытия смены",
    shift="Смена",
    cashier="Кассир",
    opened="Открыта",
    closed="Закрыта",
    printed="Напечатан",
    starting_float="Размен на начало",
    movements="Движение наличных",
    kinds=(
        ("prepayment", "Предоплаты"),
        ("topup", "Пополнения"),
        ("payment", "Оплаты при стопе"),
        ("change", "Выдана сдача"),
        ("refund", "Возвраты"),
        ("void", "Аннулирования"),
        ("pay_in", "Внесения"),
        ("pay_out", "Изъятия"),
    ),
    expected="Ожидается в кассе",
    counted="Пересчитано",
    difference="Расхождение",
    denomination="Номинал",
    count="Кол-во",
    amount="Сумма",
    sales="Продажи",
    receipts="Чеки",
    receipts_range="Чеки №",
    refunds="Возвраты",
    voids="Аннулирования",
    extras="Товары",
    tax="Налог",
    net="Без налога",
    none="нет",
)


def shift_labels_for(language: str) -> ShiftLabels:
    return RUSSIAN_SHIFT if language.lower().startswith("ru") else ENGLISH_SHIFT


# --- the lines both documents show ------------------------------------------


def _title(report: ShiftReport, words: ShiftLabels) -> str:
    if report.kind == "Z":
        return f"{words.z_title} #{report.z_number}"
    return words.x_title


def _head_rows(report: ShiftReport, words: ShiftLabels) -> list[tuple[str, str]]:
    fmt = words.receipt.datetime_format
    rows = [
        (words.shift, f"#{report.shift_id}"),
        (words.cashier, report.cashier),
        (words.opened, report.opened_at.strftime(fmt)),
    ]
    if report.closed_at is not None:
        rows.append((words.closed, report.closed_at.strftime(fmt)))
    rows.append((words.printed, report.printed_at.strftime(fmt)))
    return rows


def _cash_rows(report: ShiftReport, words: ShiftLabels) -> list[tuple[str, str]]:
    money = words.receipt.money
    rows = [(words.starting_float, money(report.starting_float))]
    rows += [(f"{words.kind(m.kind)} ({m.count})", money(m.amount)) for m in report.movements]
    return rows


def _drawer_rows(report: ShiftReport, words: ShiftLabels) -> list[tuple[str, str]]:
    money, cur = words.receipt.money, report.currency
    rows = [(words.expected, money(report.expected, cur))]
    if report.counted_total is not None and report.difference is not None:
        rows.append((words.counted, money(report.counted_total, cur)))
        sign = "+" if report.difference > 0 else ""
        rows.append((words.difference, sign + money(report.difference, cur)))
    return rows


def _sales_rows(report: ShiftReport, words: ShiftLabels) -> list[tuple[str, str]]:
    money = words.receipt.money
    if report.first_receipt is None:
        numbers = words.none
    else:
        numbers = f"{report.first_receipt}–{report.last_receipt}"
    rows = [
        (words.sales, money(report.sales)),
        (words.receipts, str(report.receipts)),
        (words.receipts_range, numbers),
        (f"{words.refunds} ({report.refunds})", money(report.refunded)),
        (f"{words.voids} ({report.voids})", money(report.voided)),
        (f"{words.extras} ({report.extras})", money(report.extras_total)),
    ]
    for t in report.taxes:
        rate = words.receipt.percent(t.rate)
        rows.append((f"{t.label} {rate}% {words.net}", money(t.net)))
        rows.append((f"{t.label} {rate}% {words.tax}", money(t.tax)))
    return rows


def _denomination_rows(report: ShiftReport, words: ShiftLabels) -> list[tuple[str, str, str]]:
    money = words.receipt.money
    return [(money(d), str(n), money(d * n)) for d, n in report.counted]


# --- the thermal printer ------------------------------------------


def build_shift_report(
    report: ShiftReport, words: ShiftLabels = ENGLISH_SHIFT, *, copy: bool = False
) -> Layout:
    """The report for the receipt printer (each element fits itself to the paper's width,
    ``printing.layout.physical_lines``)."""
    out: Layout = [Text(report.shop.name, bold=True, align=Align.CENTER)]
    if report.shop.address:
        out.append(Text(report.shop.address, align=Align.CENTER))
    if copy:
        out.append(copy_banner(words.receipt))
    out += [Rule(), Text(_title(report, words), bold=True, double_width=True, align=Align.CENTER)]
    if report.kind == "X":
        out.append(Text(words.x_note, align=Align.CENTER))
    out += [Columns(k, v) for k, v in _head_rows(report, words)]
    out += [Rule(), Text(words.movements, bold=True)]
    out += [Columns(k, v) for k, v in _cash_rows(report, words)]
    out.append(Rule())
    out += [Columns(k, v, bold=True) for k, v in _drawer_rows(report, words)]
    if report.counted:
        out += [Rule(), Text(f"{words.denomination} × {words.count}", bold=True)]
        out += [Columns(f"{d} × {n}", a) for d, n, a in _denomination_rows(report, words)]
    out.append(Rule())
    out += [Columns(k, v) for k, v in _sales_rows(report, words)]
    out += [Feed(3), Cut()]
    return out


# --- the PDF ------------------------------------------


def shift_report_pdf(
    report: ShiftReport, words: ShiftLabels = ENGLISH_SHIFT, *, copy: bool = False
) -> bytes:
    pdf.register_fonts()
    st = pdf.styles()
    title = _title(report, words)
    story: list[Flowable] = pdf.shop_block(report.shop, words.receipt, st)
    if copy:
        story.append(pdf.para(f"*** {words.receipt.copy_banner} ***", st["title"]))
    story += [pdf.para(title, st["title"]), Spacer(1, 4)]
    if report.kind == "X":
        story.append(pdf.para(words.x_note, st["base"]))
    story += [pdf.key_values(_head_rows(report, words), st), Spacer(1, 10)]
    story.append(pdf.para(words.movements, st["h2"]))
    cash = _cash_rows(report, words) + _drawer_rows(report, words)
    story += [
        pdf.grid([words.movements, words.amount], cash, [3, 1], {1}, st, bold_last_row=True),
        Spacer(1, 10),
    ]
    if report.counted:
        story.append(pdf.para(words.counted, st["h2"]))
        story += [
            pdf.grid(
                [words.denomination, words.count, words.amount],
                _denomination_rows(report, words),
                [2, 1, 1],
                {0, 1, 2},
                st,
            ),
            Spacer(1, 10),
        ]
    story.append(pdf.para(words.sales, st["h2"]))
    story.append(pdf.grid([words.sales, words.amount], _sales_rows(report, words), [3, 1], {1}, st))
    return pdf.build_pdf(story, title, report.shop, words.receipt)
