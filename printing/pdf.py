"""A4 PDFs: postpaid invoice and session report (reportlab), and the helpers every PDF of
the shop shares (fonts, paragraph styles, table style: printing/report_pdf.py uses them).

The bundled DejaVu fonts are registered because reportlab's built-in Helvetica cannot draw
Cyrillic. Totals come from ``printing.totals`` and the rows from ``receipts.totals_rows``, so
the invoice and the receipt of a session always show the same numbers.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from callshop_pos.counter import BoothMode
from callshop_pos.resources import resource_path
from printing import format as fmt
from printing.call_price import billed_time, price_recipe
from printing.labels import ENGLISH, ReceiptLabels
from printing.receipt_data import (
    CashRounding,
    SessionReceiptData,
    ShopHeader,
    TaxSettings,
)
from printing.receipts import TotalRow, totals_rows
from printing.totals import session_totals

FONT_DIR = resource_path("fonts")
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
MARGIN = 18 * mm
FRAME_PADDING = 6  # platypus Frame default, on each side
CONTENT_WIDTH = A4[0] - 2 * MARGIN - 2 * FRAME_PADDING
GRID = colors.Color(0.75, 0.75, 0.75)
HEADER_BG = colors.Color(0.92, 0.92, 0.92)


def register_fonts() -> None:
    """Idempotent; raises FileNotFoundError naming the missing font file."""
    registered = pdfmetrics.getRegisteredFontNames()
    for name, file in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf")):
        if name not in registered:
            path = FONT_DIR / file
            if not path.is_file():
                raise FileNotFoundError(f"bundled font missing: {path}")
            pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD)


def table_style(commands: list[tuple]) -> TableStyle:
    """A table style in the bundled font, then ``commands``."""
    # a Table selects its own font (Helvetica) for the cells even when they hold Paragraphs
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), *commands])


def styles() -> dict[str, ParagraphStyle]:
    """The shop's paragraph styles, by name (base, small, num, shop, title, h2, th, ...)."""
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=12)
    return {
        "base": base,
        "small": ParagraphStyle("small", base, fontSize=8.5, leading=10.5),
        "num": ParagraphStyle("num", base, alignment=TA_RIGHT),
        "shop": ParagraphStyle("shop", base, fontName=FONT_BOLD, fontSize=16, leading=20),
        "title": ParagraphStyle("title", base, fontName=FONT_BOLD, fontSize=13, leading=17),
        "h2": ParagraphStyle("h2", base, fontName=FONT_BOLD, fontSize=11, leading=15),
        "th": ParagraphStyle("th", base, fontName=FONT_BOLD),
        "thnum": ParagraphStyle("thnum", base, fontName=FONT_BOLD, alignment=TA_RIGHT),
        # column headings are smaller so translated words ("Длительность") fit unbroken
        "head": ParagraphStyle("head", base, fontName=FONT_BOLD, fontSize=8, leading=10),
        "headnum": ParagraphStyle(
            "headnum", base, fontName=FONT_BOLD, fontSize=8, leading=10, alignment=TA_RIGHT
        ),
    }


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """Plain text (escaped, never markup) as a paragraph."""
    return Paragraph(escape(text), style)


def shop_block(
    shop: ShopHeader, labels: ReceiptLabels, st: dict[str, ParagraphStyle]
) -> list[Flowable]:
    lines = [shop.address]
    if shop.phone:
        lines.append(f"{labels.phone} {shop.phone}")
    if shop.tax_id:
        lines.append(f"{labels.tax_id}: {shop.tax_id}")
    text = "<br/>".join(escape(x) for x in lines if x)
    return [para(shop.name, st["shop"]), Paragraph(text, st["base"]), Spacer(1, 6 * mm)]


def key_values(rows: Sequence[tuple[str, str]], st: dict[str, ParagraphStyle]) -> Table:
    data = [[para(k, st["th"]), para(v, st["base"])] for k, v in rows]
    table = Table(data, colWidths=[40 * mm, CONTENT_WIDTH - 40 * mm], hAlign="LEFT")
    table.setStyle(
        table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, -1), 0)])
    )
    return table


def grid(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    weights: Sequence[float],
    numeric: set[int],
    st: dict[str, ParagraphStyle],
    bold_last_row: bool = False,
) -> Table:
    def cell(text: str, col: int, head: bool) -> Paragraph:
        if head:
            return para(text, st["headnum"] if col in numeric else st["head"])
        return para(text, st["num"] if col in numeric else st["base"])

    data = [[cell(h, i, True) for i, h in enumerate(header)]]
    data += [[cell(v, i, False) for i, v in enumerate(r)] for r in rows]
    if bold_last_row and rows:
        data[-1] = [
            para(v, st["thnum"] if i in numeric else st["th"]) for i, v in enumerate(rows[-1])
        ]
    scale = CONTENT_WIDTH / sum(weights)
    table = Table(data, colWidths=[w * scale for w in weights], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                # narrow side padding: a call row has seven columns on A4
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _footer(shop_name: str, labels: ReceiptLabels) -> Callable[[Canvas, SimpleDocTemplate], None]:
    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.grey)
        canvas.drawString(MARGIN, 10 * mm, shop_name)
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm, f"{labels.page} {doc.page}")
        canvas.restoreState()

    return draw


def build_pdf(story: list[Flowable], title: str, shop: ShopHeader, labels: ReceiptLabels) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author=shop.name,
        # otherwise every page starts by selecting Helvetica, which cannot draw Cyrillic
        initialFontName=FONT,
    )
    footer = _footer(shop.name, labels)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def session_pdf(
    data: SessionReceiptData,
    tax: TaxSettings,
    rounding: CashRounding,
    *,
    title: str,
    labels: ReceiptLabels = ENGLISH,
    copy: bool = False,
) -> bytes:
    register_fonts()
    st = styles()
    totals = session_totals(data, tax, rounding)
    heading = f"{title} {data.receipt_no}" + (f" — {labels.copy_banner}" if copy else "")
    mode_word = labels.prepaid_mode if data.mode == BoothMode.PREPAID else labels.postpaid_mode
    period = (
        f"{data.started_at.strftime(labels.datetime_format)} – "
        f"{data.ended_at.strftime(labels.datetime_format)}"
    )
    story: list[Flowable] = shop_block(data.shop, labels, st)
    story += [
        para(heading, st["title"]),
        Spacer(1, 3 * mm),
        key_values(
            [
                (labels.date, data.printed_at.strftime(labels.datetime_format)),
                (labels.booth, data.booth),
                (labels.period, period),
                (labels.mode, mode_word),
                (labels.cashier, data.cashier),
            ],
            st,
        ),
        Spacer(1, 5 * mm),
        para(labels.calls, st["h2"]),
        Spacer(1, 2 * mm),
    ]
    amounts = iter(totals.line_amounts)
    call_rows = [
        [
            c.started_at.strftime(labels.time_format),
            c.number,
            c.area,
            fmt.duration(c.duration_seconds),
            billed_time(c, labels),
            price_recipe(c, labels),
            labels.money(next(amounts)),
        ]
        for c in data.calls
    ]
    header = [
        labels.time,
        labels.number,
        labels.destination,
        labels.talk,
        labels.billed,
        labels.price,
        f"{labels.cost}, {data.currency}",
    ]
    if call_rows:
        story.append(grid(header, call_rows, [13, 31, 30, 17, 16, 42, 21], {3, 4, 6}, st))
    else:
        story.append(para(labels.no_calls, st["base"]))
    if data.extras:
        extra_rows = [
            [e.description, fmt.quantity(e.quantity), labels.money(e.unit_price), labels.money(a)]
            for e, a in zip(data.extras, amounts, strict=True)
        ]
        extra_header = [labels.item, labels.quantity, labels.unit_price, labels.amount]
        story += [
            Spacer(1, 5 * mm),
            para(labels.extras, st["h2"]),
            Spacer(1, 2 * mm),
            grid(extra_header, extra_rows, [110, 20, 22, 22], {1, 2, 3}, st),
        ]
    story += [Spacer(1, 6 * mm), _totals_table(totals_rows(totals, tax, data.currency, labels), st)]
    return build_pdf(story, heading, data.shop, labels)


def _totals_table(rows: list[TotalRow], st: dict[str, ParagraphStyle]) -> Table:
    big = ParagraphStyle("big", st["th"], fontSize=12, leading=16)
    big_num = ParagraphStyle("bignum", big, alignment=TA_RIGHT)
    data = []
    style: list[tuple] = [
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for i, row in enumerate(rows):
        if row.emphasis:
            data.append([para(row.label, big), para(row.amount, big_num)])
            style += [("LINEABOVE", (0, i), (-1, i), 0.8, colors.black)]
        elif row.strong:
            data.append([para(row.label, st["th"]), para(row.amount, st["thnum"])])
        else:
            data.append([para(row.label, st["base"]), para(row.amount, st["num"])])
        if row.payment and i > 0 and not rows[i - 1].payment:
            style.append(("LINEABOVE", (0, i), (-1, i), 0.4, GRID))
    table = Table(data, colWidths=[55 * mm, 35 * mm], hAlign="RIGHT")
    table.setStyle(table_style(style))
    return table


def invoice_pdf(
    data: SessionReceiptData,
    tax: TaxSettings,
    rounding: CashRounding,
    labels: ReceiptLabels = ENGLISH,
    copy: bool = False,
) -> bytes:
    """The postpaid invoice of a booth session."""
    return session_pdf(data, tax, rounding, title=labels.invoice, labels=labels, copy=copy)


def session_report_pdf(
    data: SessionReceiptData,
    tax: TaxSettings,
    rounding: CashRounding,
    labels: ReceiptLabels = ENGLISH,
) -> bytes:
    return session_pdf(data, tax, rounding, title=labels.session_report, labels=labels)
