"""The revenue report as a PDF (reportlab): totals, three charts drawn by reportlab's own
graphics (revenue per day, top destinations, booth occupancy by hour) and the tables per
day, booth, destination and vendor. Cyrillic through the bundled DejaVu fonts.

The input is a ``callshop_pos.services.reports.RevenueReport``; nothing here computes money,
it only prints the report's exact figures.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table

from printing import format as fmt
from printing.labels import ReceiptLabels, labels_for
from printing.pdf import FONT, FONT_BOLD, GRID, HEADER_BG, para, register_fonts, styles, table_style

if TYPE_CHECKING:
    from callshop_pos.services.ledger import Balance, Ledger
    from callshop_pos.services.reports import Figures, RevenueReport

BAR = colors.Color(0.16, 0.42, 0.70)


@dataclass(frozen=True)
class ReportLabels:
    title: str = "Revenue and margin"
    generated: str = "Generated"
    per_day: str = "Per day"
    per_booth: str = "Per booth"
    per_destination: str = "Per destination"
    per_vendor: str = "Per vendor"
    revenue_chart: str = "Revenue per day"
    top_chart: str = "Top destinations (revenue)"
    hours_chart: str = "Booth occupancy by hour (minutes talked)"
    total: str = "Total"
    balances: str = "Balances (what the shop owes the owner and the vendors)"
    customer: str = "Callshop customer"
    vendor: str = "Vendor"
    balance_columns: tuple[str, ...] = (
        "",
        "Name",
        "Currency",
        "Opening",
        "Calls",
        "Movement",
        "Closing",
    )
    columns: tuple[str, ...] = (
        "",
        "Calls",
        "Minutes",
        "Revenue",
        "Wholesale",
        "Vendor",
        "Margin",
        "Margin %",
        "Extras",
        "Takings",
    )


RUSSIAN = ReportLabels(
    title="Выручка и маржа",
    generated="Создан",
    per_day="По дням",
    per_booth="По кабинам",
    per_destination="По направлениям",
    per_vendor="По поставщикам",
    revenue_chart="Выручка по дням",
    top_chart="Лучшие направления (выручка)",
    hours_chart="Загрузка кабин по часам (минуты разговора)",
    total="Итого",
    balances="Балансы (долг магазина владельцу и поставщикам)",
    customer="Клиент (колл-шоп)",
    vendor="Поставщик",
    balance_columns=(
        "",
        "Название",
        "Валюта",
        "На начало",
        "Звонки",
        "Движение",
        "На конец",
    ),
    columns=(
        "",
        "Звонки",
        "Минуты",
        "Выручка",
        "Опт",
        "Поставщик",
        "Маржа",
        "Маржа %",
        "Товары",
        "Касса",
    ),
)


def report_labels(language: str) -> ReportLabels:
    return RUSSIAN if language.startswith("ru") else ReportLabels()


def tenths(value: Decimal, paper: ReceiptLabels) -> str:
    """Billed minutes or a margin % (one decimal, so a column lines up) with the language's
    decimal mark."""
    return fmt.price(value, decimals=1, max_decimals=1, mark=paper.decimal_mark)


def _row(f: Figures, paper: ReceiptLabels, key: str | None = None) -> list[str]:
    pct = f.margin_percent
    return [
        key if key is not None else f.key,
        str(f.calls),
        tenths(f.billed_minutes, paper),
        paper.money(f.revenue),
        paper.money(f.wholesale),
        paper.money(f.vendor),
        paper.money(f.margin),
        "" if pct is None else tenths(pct, paper),
        paper.money(f.extras),
        paper.money(f.takings),
    ]


def _table(
    rows: list[Figures], labels: ReportLabels, paper: ReceiptLabels, total: Figures | None = None
) -> Table:
    data = [list(labels.columns)] + [_row(f, paper) for f in rows]
    if total is not None:
        data.append(_row(total, paper, labels.total))
    widths = [58 * mm] + [21 * mm] * (len(labels.columns) - 1)
    table = Table(data, colWidths=widths, repeatRows=1)
    style = [
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("GRID", (0, 0), (-1, -1), 0.3, GRID),
    ]
    if total is not None:
        style.append(("FONTNAME", (0, -1), (-1, -1), FONT_BOLD))
    table.setStyle(table_style(style))
    return table


def exact(value: Decimal, mark: str = ".") -> str:
    """A balance exactly as stored (a vendor's costs can have 4 decimals), at least 2; the
    PDF's and the CSV's balances alike."""
    return fmt.price(value, decimals=2, max_decimals=6, mark=mark)


def balances_table(book: Ledger, labels: ReportLabels, paper: ReceiptLabels) -> Table:
    """The callshop customer's balance and each vendor's over the period."""

    def row(b: Balance) -> list[str]:
        kind = labels.customer if b.kind == "customer" else labels.vendor
        amounts = (b.opening, b.movement, b.closing)
        opening, movement, closing = (exact(a, paper.decimal_mark) for a in amounts)
        return [kind, b.name, b.currency, opening, str(b.calls), movement, closing]

    data = [list(labels.balance_columns)] + [row(b) for b in (*book.customers, *book.vendors)]
    widths = [42 * mm, 58 * mm, 20 * mm] + [30 * mm] * 4
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        table_style(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
                ("ALIGN", (3, 0), (-1, -1), "RIGHT"),
                ("GRID", (0, 0), (-1, -1), 0.3, GRID),
            ]
        )
    )
    return table


def _chart_title(drawing: Drawing, text: str) -> None:
    drawing.add(String(0, drawing.height - 12, text, fontName=FONT_BOLD, fontSize=10))


def _bars(
    values: list[float], names: list[str], title: str, *, width: float, horizontal: bool = False
) -> Drawing:
    height = 62 * mm
    drawing = Drawing(width, height)
    _chart_title(drawing, title)
    chart = HorizontalBarChart() if horizontal else VerticalBarChart()
    x, y = (40 * mm, 8.0) if horizontal else (30.0, 24.0)
    chart.x, chart.y = int(x), int(y)
    chart.width = int(width - x - 10)
    chart.height = int(height - y - 22)
    chart.data = [values or [0]]
    chart.bars[0].fillColor = BAR
    chart.categoryAxis.categoryNames = names or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    if not horizontal and len(names) > 16:  # a month: every other day's name would collide
        chart.categoryAxis.labels.angle = 60
        chart.categoryAxis.labels.dy = -8
    drawing.add(chart)
    return drawing


def charts(report: RevenueReport, labels: ReportLabels, width: float) -> list[Drawing]:
    """The three charts (a chart is a picture of the figures: floats are fine here)."""
    days = report.days
    top = report.top_destinations(10)[::-1]  # the biggest at the top of the bars
    return [
        _bars(
            [float(f.revenue) for f in days],
            [f.key[5:] for f in days],
            labels.revenue_chart,
            width=width,
        ),
        _bars(
            [float(f.revenue) for f in top],
            [f.key[:28] for f in top],
            labels.top_chart,
            width=width,
            horizontal=True,
        ),
        _bars(
            [round(s / 60, 1) for s in report.talk_seconds_by_hour],
            [f"{h:02d}" for h in range(24)],
            labels.hours_chart,
            width=width,
        ),
    ]


def revenue_report_pdf(
    report: RevenueReport, language: str = "en", book: Ledger | None = None
) -> bytes:
    """The report; with ``book`` (the ledger of the same period) its balances too."""
    register_fonts()
    labels, paper = report_labels(language), labels_for(language)
    st = styles()
    out = io.BytesIO()
    page = landscape(A4)
    doc = SimpleDocTemplate(
        out,
        pagesize=page,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=labels.title,
    )
    width = page[0] - 24 * mm
    story: list[Flowable] = [
        para(report.shop_name, st["shop"]),
        para(f"{labels.title} {report.period.label()} ({report.currency})", st["title"]),
        para(f"{labels.generated}: {datetime.now().astimezone():%Y-%m-%d %H:%M}", st["small"]),
        Spacer(1, 4 * mm),
        _table([], labels, paper, report.total),
        Spacer(1, 4 * mm),
    ]
    for chart in charts(report, labels, width):
        story += [chart, Spacer(1, 3 * mm)]
    for heading, rows in (
        (labels.per_day, report.days),
        (labels.per_booth, report.booths),
        (labels.per_destination, report.destinations),
        (labels.per_vendor, report.vendors),
    ):
        story += [
            para(heading, st["h2"]),
            Spacer(1, 2 * mm),
            _table(rows, labels, paper),
            Spacer(1, 4 * mm),
        ]
    if book is not None:
        story += [para(labels.balances, st["h2"]), Spacer(1, 2 * mm)]
        story.append(balances_table(book, labels, paper))
    doc.build(story)
    return out.getvalue()
