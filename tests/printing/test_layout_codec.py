from __future__ import annotations

import json
from decimal import Decimal as D

import pytest

from printing.escpos import encode_layout
from printing.labels import ENGLISH, RUSSIAN
from printing.layout import Align, Columns, Cut, DrawerKick, Feed, Rule, Text, render_text
from printing.layout_codec import (
    as_copy,
    layout_from_dict,
    layout_from_json,
    layout_to_dict,
    layout_to_json,
)
from printing.profiles import make_profile
from printing.receipt_data import CashRounding, TaxSettings
from printing.receipts import build_call_receipt, build_session_receipt

TAX = TaxSettings(D("0.20"), inclusive=False)
ROUND = CashRounding(D("0.05"))
LABELS = [ENGLISH, RUSSIAN]


def receipts(session_data, call_data, labels, copy=False):
    return {
        "session": build_session_receipt(
            session_data, 42, TAX, ROUND, copy=copy, labels=labels, open_drawer=not copy
        ),
        "call": build_call_receipt(call_data, 32, copy=copy, labels=labels, open_drawer=not copy),
    }


@pytest.mark.parametrize("labels", LABELS, ids=["en", "ru"])
def test_real_receipts_round_trip_exactly(session_data, call_data, labels) -> None:
    for layout in receipts(session_data, call_data, labels).values():
        stored = json.loads(json.dumps(layout_to_dict(layout)))  # what the database keeps
        back = layout_from_dict(stored)
        assert back == layout
        assert [type(el) for el in back] == [type(el) for el in layout]
        profile = make_profile(48, "cp866")
        assert encode_layout(back, profile) == encode_layout(layout, profile)
        assert layout_from_json(layout_to_json(layout)) == layout


def test_every_element_kind_and_non_default_field_survives() -> None:
    layout = [
        Text("Ёлка", bold=True, double_width=True, double_height=True, align=Align.RIGHT),
        Columns("a", "b", bold=True, double_width=True, double_height=True, wrap=False),
        Rule("="),
        Feed(3),
        Cut(partial=False, feed=10),
        DrawerKick(pin=1, on_ms=100, off_ms=200),
        Text(""),
    ]
    assert layout_from_json(layout_to_json(layout)) == layout
    assert "Ёлка" in layout_to_json(layout)  # readable in the database


def test_defaults_are_left_out() -> None:
    assert layout_to_dict([Text("x"), Rule()])["elements"] == [
        {"type": "text", "line": "x"},
        {"type": "rule"},
    ]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"version": 2, "elements": []}, "version"),
        ({"version": 1, "elements": {}}, "must be a list"),
        ({"version": 1, "elements": [{"type": "barcode"}]}, "unknown layout element"),
        ({"version": 1, "elements": [{"type": "text"}]}, "text:"),
        ({"version": 1, "elements": [{"type": "text", "line": "x", "size": 2}]}, "size"),
        ({"version": 1, "elements": [{"type": "text", "line": 5}]}, "text.line"),
        ({"version": 1, "elements": [{"type": "feed", "lines": True}]}, "feed.lines"),
        ({"version": 1, "elements": [{"type": "text", "line": "", "align": "justify"}]}, "align"),
    ],
)
def test_bad_data_is_refused(data, words) -> None:
    with pytest.raises(ValueError, match=words):
        layout_from_dict(data)


@pytest.mark.parametrize("labels", LABELS, ids=["en", "ru"])
def test_reprint_is_marked_copy_like_the_builders_do(session_data, call_data, labels) -> None:
    originals = receipts(session_data, call_data, labels)
    copies = receipts(session_data, call_data, labels, copy=True)
    for kind, original in originals.items():
        stored = layout_from_json(layout_to_json(original))
        reprint = as_copy(stored, labels)
        assert reprint == copies[kind]  # same banner, same place, and no drawer kick
        assert not any(isinstance(el, DrawerKick) for el in reprint)
        assert as_copy(reprint, labels) == reprint
        assert f"*** {labels.copy_banner} ***" in render_text(reprint, 42)
