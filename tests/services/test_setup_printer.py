"""The receipt printer's settings go through the set-up file: dumped as a [printer] table,
applied to an empty database they dump back identically; a bad value is refused in one line
and nothing is changed."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from callshop_pos.db.engine import open_database
from callshop_pos.services import catalog
from callshop_pos.services.printer_config import load_printer_settings, save_printer_settings
from callshop_pos.services.setup_file import apply_setup, dump_setup_text
from callshop_pos.services.setup_values import SetupError
from printing.settings import PrinterSettings


def test_the_printer_goes_through_the_file_and_back(tmp_path: Path) -> None:
    built = open_database(tmp_path / "built.db")
    catalog.save(built, "shop", {"name": "Kiosk Nord", "currency": "EUR"})
    settings = PrinterSettings(
        enabled=True, port="/dev/ttyUSB0", baudrate=19200, language="ru", copies=2
    )
    save_printer_settings(built, settings)
    text = dump_setup_text(built)
    assert tomllib.loads(text)["printer"]["baudrate"] == 19200
    file = tmp_path / "shop.toml"
    file.write_text(text, encoding="utf-8")
    empty = open_database(tmp_path / "empty.db")
    apply_setup(empty, file)
    assert load_printer_settings(empty) == settings
    assert dump_setup_text(empty) == text


def test_a_bad_printer_value_is_refused_in_one_line_and_changes_nothing(tmp_path: Path) -> None:
    db = open_database(tmp_path / "shop.db")
    catalog.save(db, "shop", {"name": "Kiosk Nord", "currency": "EUR"})
    before = dump_setup_text(db)
    file = tmp_path / "bad.toml"
    file.write_text('[shop]\nname = "Other"\n\n[printer]\nbaudrate = 96000\n', encoding="utf-8")
    with pytest.raises(SetupError, match=r"printer.*baudrate") as refused:
        apply_setup(db, file)
    assert "\n" not in str(refused.value)
    assert dump_setup_text(db) == before  # the shop's name was not changed either
