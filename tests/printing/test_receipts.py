from __future__ import annotations

import dataclasses
import re
from decimal import Decimal as D
from pathlib import Path

import pytest

from printing.escpos import encode_layout
from printing.labels import ENGLISH, RUSSIAN, labels_for
from printing.layout import Columns, Cut, Text, fit_columns, render_text
from printing.profiles import make_profile
from printing.receipt_data import CashRounding, ShopHeader, TaxSettings
from printing.receipts import build_call_receipt, build_session_receipt

from .conftest import CYR_AREA, LONG_AREA, SHOP
from .escpos_reader import read_paper

WIDTHS = [32, 42, 48]
TAX = TaxSettings(D("0.20"), inclusive=False, label="VAT")
ROUND = CashRounding(D("0.05"))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("labels", [ENGLISH, RUSSIAN], ids=["en", "ru"])
@pytest.mark.parametrize("copy", [False, True])
def test_no_line_is_wider_than_the_paper(session_data, call_data, width, labels, copy) -> None:
    layouts = [
        build_session_receipt(session_data, width, TAX, ROUND, copy=copy, labels=labels),
        build_call_receipt(call_data, width, copy=copy, labels=labels, open_drawer=True),
    ]
    for layout in layouts:
        text = render_text(layout, width)
        assert max(len(line) for line in text.splitlines()) <= width
        for codec in ("cp866", "cp858"):
            paper = read_paper(encode_layout(layout, make_profile(width, codec)), codec)
            assert max(paper.cells) <= width
            assert paper.cuts == 1
        assert (f"*** {labels.copy_banner} ***" in text) == copy


@pytest.mark.parametrize("width", WIDTHS)
def test_cyrillic_decodes_back_from_cp866_bytes(session_data, width) -> None:
    layout = build_session_receipt(session_data, width, TAX, ROUND, labels=RUSSIAN)
    paper = read_paper(encode_layout(layout, make_profile(width, "cp866")), "cp866")
    printed = "\n".join(paper.lines)
    assert paper.code_pages == [17]
    assert "Переговорный" in printed
    assert "ИТОГО" in printed
    assert "К оплате" in printed
    assert "Hauptstrasse" in printed  # ß is not in CP866
    # the long Cyrillic area wraps (duration beside its first line) but no word is lost
    flat = " ".join(printed.replace("1:01", "").split())
    assert CYR_AREA in flat


def test_printed_lines_match_the_text_preview(session_data) -> None:
    layout = build_session_receipt(session_data, 42, TAX, ROUND, labels=RUSSIAN)
    profile = make_profile(42, "cp866")
    paper = read_paper(encode_layout(layout, profile), "cp866")
    preview = [profile.prepare(line.strip()) for line in render_text(layout, 42).splitlines()]
    printed = [line.strip() for line in paper.lines]
    cut_line = "=" * 42  # the preview's picture of the cut
    assert [line for line in preview if line and line != cut_line] == [p for p in printed if p]


def test_western_code_page_transliterates_russian_labels(session_data) -> None:
    layout = build_session_receipt(session_data, 32, TAX, ROUND, labels=RUSSIAN)
    paper = read_paper(encode_layout(layout, make_profile(32, "cp858")), "cp858")
    printed = "\n".join(paper.lines)
    assert "ITOGO" in printed
    assert "Peregovornyy" in printed
    assert "?" not in printed
    assert max(paper.cells) <= 32


def test_long_area_names_wrap_without_losing_words(session_data) -> None:
    text = render_text(build_session_receipt(session_data, 32, TAX, ROUND), 32)
    flat = " ".join(text.replace("62:05", "").split())
    assert LONG_AREA in flat
    assert "62:05" in text  # the duration sits beside the wrapped area


def test_session_receipt_content_and_amounts(session_data) -> None:
    text = render_text(build_session_receipt(session_data, 48, TAX, ROUND), 48)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "14:02 4930123456 0.11" in lines  # 0.105 shown half-up
    assert "Germany Fixed" in lines
    assert "Talk 2:05, billed 3:00" in lines
    assert "3:00 x 0.035/min" in lines  # the price that makes 0.105
    assert "Вода / Water 2 x 0.50 1.00" in lines
    assert "Subtotal 17.36" in lines
    assert "VAT 20% 3.47" in lines
    assert "Rounding 0.02" in lines
    assert "TOTAL 20.85 EUR" in lines
    assert "Paid 20.00" in lines
    assert "Amount due 0.85 EUR" in lines
    assert not any(line.startswith("Change") for line in lines)


def test_call_receipt_content(call_data) -> None:
    text = render_text(build_call_receipt(call_data, 42), 42)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "Number 74951234567" in lines
    assert "Talk time 3:05" in lines
    assert "Billed time 4:00" in lines
    assert "Price 4:00 x 0.1875/min" in lines
    assert "Cost 0.75 EUR" in lines
    assert "Balance left 4.25 EUR" in lines
    assert CYR_AREA in " ".join(text.split())


def test_fit_columns() -> None:
    assert fit_columns("Tea", "1.50", 12) == ["Tea     1.50"]
    assert fit_columns("Germany Fixed Line", "12:05", 16) == ["Germany    12:05", "Fixed Line"]
    assert fit_columns("Destination", "Russia Mobile Moscow", 16) == [
        "Destination",
        "   Russia Mobile",
        "          Moscow",
    ]
    assert fit_columns("Germany Fixed Line", "1.00", 16, wrap_left=False) == ["Germany Fi~ 1.00"]


def test_double_width_text_wraps_at_half_the_width() -> None:
    text = render_text([Text("ABCDEFGHIJ KLMNOP", double_width=True)], 20)
    assert text.splitlines() == ["ABCDEFGHIJ", "KLMNOP"]
    assert render_text([Columns("TOTAL", "9.99", double_width=True)], 20) == "TOTAL 9.99\n"


def test_too_narrow_paper_is_refused(call_data) -> None:
    with pytest.raises(ValueError, match="width"):
        build_call_receipt(call_data, 16)


def test_labels_for_language() -> None:
    assert labels_for("ru_RU") is RUSSIAN
    assert labels_for("ru") is RUSSIAN
    assert labels_for("de") is ENGLISH


def test_thank_you_prints_once_when_the_shop_footer_says_it(session_data, call_data) -> None:
    shop = dataclasses.replace(SHOP, footer="Thank you! See you soon")
    for layout in (
        build_session_receipt(dataclasses.replace(session_data, shop=shop), 32, TAX, ROUND),
        build_call_receipt(dataclasses.replace(call_data, shop=shop), 32),
    ):
        paper = read_paper(encode_layout(layout, make_profile(32, "cp858")), "cp858")
        assert sum("Thank you!" in line for line in paper.lines) == 1
        assert paper.lines[-1].strip() == "Thank you! See you soon"  # before the feed and cut
        assert isinstance(layout[-1], Cut)


def test_the_shop_footer_comes_before_the_thank_you(call_data) -> None:
    shop = ShopHeader("Callshop", footer="Wi-Fi: callshop / 1234")
    text = render_text(build_call_receipt(dataclasses.replace(call_data, shop=shop), 32), 32)
    assert text.index("Wi-Fi: callshop / 1234") < text.index("Thank you!")


@pytest.mark.parametrize("labels", [ENGLISH, RUSSIAN], ids=["en", "ru"])
def test_a_layout_built_wide_prints_its_total_whole_on_narrow_paper(session_data, labels) -> None:
    big = dataclasses.replace(
        session_data,
        paid=D("2000"),
        extras=[
            *session_data.extras,
            dataclasses.replace(session_data.extras[0], amount=D("1500.00")),
        ],
    )
    layout = build_session_receipt(big, 48, TAX, ROUND, labels=labels)
    for width in WIDTHS:
        paper = read_paper(encode_layout(layout, make_profile(width, "cp866")), "cp866")
        folded = [" ".join(line.split()) for line in paper.lines]
        assert f"{labels.total} {labels.money(D('1820.85'), 'EUR')}" in folded, (width, folded)
        assert max(paper.cells) <= width
    # where it fits it stays double width (16 cells on 32 columns is too few)
    wide = read_paper(encode_layout(layout, make_profile(48, "cp866")), "cp866")
    at = [" ".join(line.split()) for line in wide.lines].index(
        f"{labels.total} {labels.money(D('1820.85'), 'EUR')}"
    )
    assert wide.cells[at] == 48


def test_a_double_width_pair_falls_back_to_normal_width_only_when_needed() -> None:
    pair = [Columns("TOTAL", "1234.50 EUR", bold=True, double_width=True)]
    narrow = read_paper(encode_layout(pair, make_profile(32, "cp858")), "cp858")
    assert narrow.lines == ["TOTAL" + " " * 16 + "1234.50 EUR"] and narrow.cells == [32]
    wide = read_paper(encode_layout(pair, make_profile(48, "cp858")), "cp858")
    assert wide.lines == ["TOTAL" + " " * 8 + "1234.50 EUR"] and wide.cells == [48]


@pytest.mark.parametrize(
    ("n", "english", "russian"),
    [
        (1, "1 call", "1 звонок"),
        (2, "2 calls", "2 звонка"),
        (5, "5 calls", "5 звонков"),
        (11, "11 calls", "11 звонков"),
        (21, "21 calls", "21 звонок"),
        (24, "24 calls", "24 звонка"),
        (112, "112 calls", "112 звонков"),
    ],
)
def test_the_calls_count_takes_the_language_s_plural(n, english, russian) -> None:
    from printing.labels import ENGLISH, RUSSIAN

    assert ENGLISH.calls_count(n) == english and RUSSIAN.calls_count(n) == russian


def test_a_russian_receipt_counts_its_calls_and_writes_money_with_a_comma(session_data) -> None:
    tax, rounding = TaxSettings(), CashRounding()
    text = render_text(build_session_receipt(session_data, 32, tax, rounding, labels=RUSSIAN), 32)
    shots = Path("tests/screenshots")  # git-ignored; the receipt looked at for the notes
    shots.mkdir(exist_ok=True)
    (shots / "receipt_ru.txt").write_text(text, encoding="utf-8")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "3 звонка 65:11" in lines  # the count in Russian's plural, the talk time summed
    assert "14:09 79161234567 15,75" in lines and "63:00 x 0,25/мин" in lines
    assert "ИТОГО 17,36 EUR" in lines and "Сдача 2,64 EUR" in lines
    assert not re.search(r"\d\.\d\d(?![.\d])", text)  # no amount with a point (dates keep theirs)
