from __future__ import annotations

from datetime import datetime

import pytest

from printing.escpos import encode_layout
from printing.layout import render_text
from printing.profiles import PROFILES, make_profile
from printing.test_page import (
    ALPHABETS,
    LANGUAGES,
    build_test_page,
    missing_characters,
    ruler,
    sample_characters,
)

from .escpos_reader import read_paper

RUSSIAN_UPPER = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"


def printed(profile, language: str) -> tuple[str, list[str]]:
    paper = read_paper(encode_layout(build_test_page(profile, language), profile), profile.codec)
    return "".join(paper.lines), paper.lines


def test_russian_alphabet_has_33_letters_each_way() -> None:
    ru = ALPHABETS["ru"]
    assert ru.upper == RUSSIAN_UPPER and len(ru.upper) == 33
    assert ru.lower == RUSSIAN_UPPER.lower()


@pytest.mark.parametrize("name", ["epson-58mm-cp866", "epson-80mm-cp866"])
def test_every_russian_letter_comes_back_from_cp866_bytes(name) -> None:
    profile = PROFILES[name]
    text, lines = printed(profile, "ru")
    for letter in RUSSIAN_UPPER + RUSSIAN_UPPER.lower():
        assert letter in text, letter
    assert "0123456789" in text
    assert "№" in text  # CP866 has it, CP437 does not
    # what CP866 lacks, in the order shown, with what prints instead
    assert missing_characters(profile, sample_characters("ru")) == [
        ("€", "EUR"),
        ("£", "GBP"),
        ("¥", "JPY"),
        ("¢", "c"),
        ("₽", "RUB"),
        ("«", '"'),
        ("»", '"'),
        ("„", '"'),
        ("“", '"'),
        ("‘", "'"),
        ("’", "'"),
        ("–", "-"),
        ("—", "-"),
        ("…", "..."),
        ("§", "?"),
    ]
    assert "Not in cp866, printed as: U+20AC=EUR" in " ".join(lines)
    assert f"ESC t{' ' * (profile.width_chars - 7)}17" in lines


def test_cp437_page_lists_transliterations_of_russian() -> None:
    profile = PROFILES["epson-80mm-cp437"]
    text, _ = printed(profile, "ru")
    assert not any(letter in text for letter in RUSSIAN_UPPER)
    notes = text[text.index("Not in cp437") :]
    # the missing letters are named by code point with what receipts will show instead
    assert "U+0416=Zh" in notes  # Ж
    assert "U+0429=Shch" in notes  # Щ
    assert 'U+044A=""' in notes  # ъ prints nothing
    assert "U+0401=E" in notes and "U+0451=e" in notes  # Ё ё
    assert "U+20AC=EUR" in notes
    assert "ZhZ" in text  # the upper-case line itself, transliterated: ...ЁЖЗ... -> ...EZhZ...


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("codec", ["cp858", "cp866", "cp437", "cp1252"])
def test_every_language_prints_within_the_paper_on_every_code_page(language, codec) -> None:
    for width in (32, 48):
        profile = make_profile(width, codec)
        layout = build_test_page(profile, language, printed_at=datetime(2024, 5, 1, 9, 30))
        paper = read_paper(encode_layout(layout, profile), codec)
        assert max(paper.cells) <= width
        assert paper.code_pages == [profile.escpos_codepage]
        assert paper.cuts == 1
        text = "".join(paper.lines)
        for char in sample_characters(language):
            if profile.can_encode(char):
                assert char in text, (language, codec, char)


def test_german_on_cp858_needs_only_the_capital_sharp_s() -> None:
    profile = PROFILES["epson-80mm-cp858"]
    text, _ = printed(profile, "de")
    assert all(c in text for c in "ÄÖÜäöüß€")
    assert [c for c, _ in missing_characters(profile, sample_characters("de"))] == [
        "ẞ",
        "„",
        "“",
        "‘",
        "’",
        "–",
        "—",
        "…",
        "№",
    ]


def test_header_info_and_samples() -> None:
    profile = PROFILES["epson-58mm-cp866"]
    text = render_text(build_test_page(profile, "en", printer_name="Counter"), 32)
    for expected in [
        "PRINTER TEST PAGE",
        "Counter",
        "epson-58mm-cp866",
        "32 columns",
        "cp866",
        "Bold text",
        "Double width",
        "Right",
        "Alphabet (en)",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "TOTAL",
    ]:
        assert expected in text
    tens, units = ruler(32)
    assert units in text and tens in text


def test_ruler() -> None:
    assert ruler(12) == ("....:....1..", "123456789012")
    assert all(len(line) == 48 for line in ruler(48))


def test_unknown_language() -> None:
    with pytest.raises(ValueError, match="unknown language 'xx'"):
        build_test_page(PROFILES["epson-58mm-cp866"], "xx")
