"""The revenue PDF read back: its text (Cyrillic too) and its chart drawings."""

from __future__ import annotations

import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from pypdf import PdfReader

from callshop_pos.services.reports_files import report_name, reports_folder, revenue_pdf_for, save
from tests.reports.test_aggregates import WEEK
from tests.services.test_receipts import set_prefs


def _text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_revenue_pdf_has_tables_and_charts(generated, tmp_path):
    db, _ = generated
    set_prefs(db, language="ru")
    data = revenue_pdf_for(db, WEEK)
    assert data.startswith(b"%PDF")
    text = _text(data)
    assert "Выручка по дням" in text and "Загрузка кабин по часам" in text
    assert "Москва" in text and "Booth 10" in text
    assert text.index("Booth 2") < text.index("Booth 10")
    pages = PdfReader(io.BytesIO(data)).pages
    content = "".join(p.get_contents().get_data().decode("latin-1") for p in pages)
    # reportlab's bar charts: vector paths filled with the bars' colour (.16 .42 .7 rg),
    # one fill per day, per top destination and per hour that has a value
    assert content.count(".16 .42 .7 rg") >= 3
    assert "(23) Tj" in content  # the last hour's label
    path = save(data, reports_folder(tmp_path) / report_name(WEEK, "pdf"))
    assert path.parent.name == "Callshop POS" and path.read_bytes() == data


def _total_row(text: str, word: str) -> list[str]:
    """The first total row's cells after the word (calls, minutes, revenue, ...)."""
    flat = " ".join(text.split())
    return flat[flat.index(word) + len(word) :].split()[:8]


@pytest.mark.parametrize(("language", "word", "mark"), [("ru", "Итого", ","), ("en", "Total", ".")])
def test_revenue_pdf_numbers_use_the_languages_decimal_mark(generated, language, word, mark):
    db, made = generated
    set_prefs(db, language=language)
    answered = [g for g in made if g.answered]
    revenue = sum((g.cost for g in answered), Decimal(0))
    seconds = sum(g.seconds for g in answered)
    minutes = (Decimal(seconds) / 60).quantize(Decimal("0.1"), ROUND_HALF_UP)
    cost = sum((g.wholesale if g.wholesale is not None else g.vendor for g in answered), Decimal(0))
    margin = revenue - cost
    pct = (margin * 100 / revenue).quantize(Decimal("0.1"), ROUND_HALF_UP)
    cells = _total_row(_text(revenue_pdf_for(db, WEEK)), word)
    assert cells[:3] == [
        str(len(answered)),
        f"{minutes}".replace(".", mark),
        f"{revenue:.2f}".replace(".", mark),
    ]
    assert cells[6] == f"{pct:f}".replace(".", mark)
