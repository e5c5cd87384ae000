from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from decimal import Decimal as D
from pathlib import Path

import pytest
from pypdf import PdfReader

from printing.labels import RUSSIAN
from printing.pdf import invoice_pdf
from printing.receipt_data import (
    CashRounding,
    TaxSettings,
)

from .conftest import CYR_AREA

TAX = TaxSettings(D("0.20"), inclusive=False, label="НДС")
ROUND = CashRounding(D("0.05"))


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def fonts_used(pdf: bytes) -> set[str]:
    """Base fonts selected by a Tf operator (reportlab lists Helvetica even when unused)."""
    reader = PdfReader(io.BytesIO(pdf))
    used = set()
    for page in reader.pages:
        resources = page["/Resources"]["/Font"]
        content = page.get_contents().get_data()
        for name in re.findall(rb"(/[^\s/]+)\s+[\d.]+\s+Tf", content):
            used.add(str(resources[name.decode()].get_object()["/BaseFont"]))
    return used


def test_invoice_contains_lines_cyrillic_and_totals(session_data, tmp_path: Path) -> None:
    pdf = invoice_pdf(session_data, TAX, ROUND, labels=RUSSIAN)
    text = text_of(pdf)
    flat = " ".join(text.split())
    assert "Счёт S-000123" in flat
    assert "Переговорный пункт «Связь»" in flat
    assert "4930123456" in flat and "79161234567" in flat
    assert CYR_AREA in flat  # wrapped in its cell, but complete
    assert "62:05" in flat
    # talk time, then billed time and the price that makes the cost (15.75 = 63 min x 0.25)
    assert "Разговор Тариф. время Цена" in flat
    assert "62:05 63:00 63:00 x 0,25/мин 15,75" in flat  # the Russian decimal mark
    assert "Подытог 17,36" in flat
    assert "НДС 20% 3,47" in flat
    assert "Округление 0,02" in flat
    assert "ИТОГО 20,85 EUR" in flat
    assert "К оплате 0,85 EUR" in flat
    # Helvetica cannot draw Cyrillic: every font must be the embedded DejaVu
    used = fonts_used(pdf)
    assert used and all("DejaVu" in f for f in used)

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) not installed: PNG rendering not checked")
    (tmp_path / "invoice.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(tmp_path / "invoice.pdf"), str(tmp_path / "inv")],
        check=True,
    )
    png = tmp_path / "inv-1.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 10_000  # a blank A4 page at 60 dpi is a few KB


def test_copy_and_many_calls_span_pages(session_data) -> None:
    many = dataclasses.replace(session_data, calls=session_data.calls * 40)
    pdf = invoice_pdf(many, TAX, ROUND, copy=True)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    first = reader.pages[0].extract_text()
    assert "Invoice S-000123 — COPY" in " ".join(first.split())
    assert "Time" in reader.pages[1].extract_text()  # the table header repeats
    assert "Page 2" in reader.pages[1].extract_text()
