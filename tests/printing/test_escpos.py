from __future__ import annotations

import pytest

from printing.escpos import encode_layout
from printing.layout import Align, Columns, Cut, DrawerKick, Feed, Rule, Text
from printing.profiles import PROFILES, make_profile

from .escpos_reader import read_paper


def test_golden_bytes_of_a_small_receipt() -> None:
    layout = [
        DrawerKick(),
        Text("Hi", bold=True, align=Align.CENTER),
        Columns("Tea", "1.50"),
        Rule(),
        Text("Итого", bold=True, double_width=True, double_height=True),
        Feed(2),
        Cut(),
    ]
    profile = make_profile(24, "cp866")
    expected = (
        b"\x1b@"  # init
        b"\x1bt\x11"  # code page 17 = CP866 on Epson
        b"\x1bp\x00\x19\xfa"  # drawer kick, pin 2, 50 ms on / 500 ms off
        b"\x1ba\x01\x1bE\x01Hi\n"  # centered bold
        b"\x1ba\x00\x1bE\x00Tea                 1.50\n"
        b"------------------------\n"
        b"\x1bE\x01\x1d!\x11\x88\xe2\xae\xa3\xae\n"  # bold, double width+height, "Итого"
        b"\x1bd\x02"  # feed 2 lines
        b"\x1dVB\x00"  # partial cut after feeding to the cutter
    )
    assert encode_layout(layout, profile) == expected


def test_every_job_starts_with_init_and_the_profiles_code_page() -> None:
    for name, number in [("cp866", 17), ("cp858", 19), ("cp1252", 16), ("cp437", 0)]:
        data = encode_layout([Text("x")], make_profile(32, name))
        assert data.startswith(b"\x1b@\x1bt" + bytes([number]))
    # the vendor-specific number is a setting
    data = encode_layout([Text("x")], make_profile(32, "cp866", escpos_codepage=59))
    assert data.startswith(b"\x1b@\x1bt;")


def test_full_cut_and_long_feed() -> None:
    data = encode_layout([Feed(300), Cut(partial=False, feed=3)], make_profile(32, "cp437"))
    assert data.endswith(b"\x1bd\xff\x1bd\x2d\x1dVA\x03")


@pytest.mark.parametrize(
    ("codec", "text", "printed"),
    [
        ("cp858", "Связь “Москва” – 5 €", 'Svyaz "Moskva" - 5 €'),
        ("cp437", "Связь “Москва” – 5 €", 'Svyaz "Moskva" - 5 EUR'),
        ("cp1252", "Щука — «ok» …", "Shchuka — «ok» …"),
        ("cp866", "Café № 5 – €", "Cafe № 5 - EUR"),
        ("cp866", "日本", "??"),
    ],
)
def test_characters_the_code_page_lacks_are_transliterated(
    codec: str, text: str, printed: str
) -> None:
    paper = read_paper(encode_layout([Text(text)], make_profile(40, codec)), codec)
    assert paper.lines == [printed]


def test_transliteration_happens_before_fitting_so_lines_stay_within_width() -> None:
    # "Щ" becomes four letters: fitting the original text would overflow the paper
    text = "Щ" * 20
    profile = make_profile(32, "cp437")
    paper = read_paper(
        encode_layout([Text(text), Columns("Щщщщщщщщщщ", "Щ" * 5)], profile), "cp437"
    )
    assert all(width <= 32 for width in paper.cells)
    assert "".join(paper.lines[:3]) == "Shch" * 20


def test_builtin_profiles_cover_the_three_paper_widths() -> None:
    assert {p.width_chars for p in PROFILES.values()} == {32, 42, 48}
    assert PROFILES["epson-58mm-cp866"].escpos_codepage == 17
    assert PROFILES["epson-80mm-cp858"].escpos_codepage == 19
