"""``callshop-pos receipt`` on a real shop database, with a pseudo-terminal as the printer."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from callshop_pos.cli import main as cli_main
from callshop_pos.counter import BoothMode
from callshop_pos.db.models import AuditLog, Receipt
from printing.layout import PrintLine, physical_lines
from printing.layout_codec import layout_from_json
from printing.profiles import PROFILES
from tests.core.shop import build_shop
from tests.printing.escpos_reader import read_paper
from tests.services.test_receipts import counter, open_booth

PAPER_OUT = {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E}


@pytest.fixture(autouse=True)
def only_the_receipt_command(monkeypatch) -> None:
    # the other command modules belong to other parts of the app
    monkeypatch.setattr(cli_main, "COMMAND_MODULES", ("receipt",))


@pytest.fixture
def shop(tmp_path):
    """A shop with two receipts: a prepaid booth (1) and a postpaid one paid in cash (2)."""
    path = tmp_path / "shop.db"
    db = build_shop(path)
    counter(db).stop(open_booth(db, "booth1"))
    counter(db).stop(open_booth(db, "walkin", BoothMode.POSTPAID, "0"), Decimal("20"))
    db.dispose()
    return path


def run(shop, *argv: str) -> int:
    return cli_main.main(["--db", str(shop), "receipt", *argv])


def stored_layout(shop, number: int):
    from callshop_pos.db.engine import open_database

    db = open_database(shop)
    try:
        with db.read() as s:
            return layout_from_json(
                s.scalar(select(Receipt.layout_json).where(Receipt.number == number))
            )
    finally:
        db.dispose()


def test_show_prints_the_stored_receipt(shop, capsys):
    assert run(shop, "show", "2") == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert re.search(r"^Receipt +2$", out, re.M) and re.search(r"^Booth +Walk-in$", out, re.M)
    assert re.search(r"^Paid +20\.00$", out, re.M)
    assert all(len(line) <= 48 for line in lines)  # the default 80 mm printer
    assert "COPY" not in out
    assert run(shop, "show", "2", "--width", "32") == 0
    assert all(len(line) <= 32 for line in capsys.readouterr().out.splitlines())


def test_show_unknown_number_is_one_line(shop, capsys):
    assert run(shop, "show", "99") == 2
    _, err = capsys.readouterr()
    assert err.splitlines() == ["callshop-pos: error: no receipt number 99"]


def test_print_sends_a_copy_that_decodes_back(shop, pty_printer, capsys):
    printer, port = pty_printer
    code = run(
        shop, "print", "1", "--port", port, "--profile", "epson-58mm-cp866", "--baud", "19200"
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    sent = int(re.search(r": (\d+) bytes", out).group(1))
    assert out.startswith(f"Printed a copy of receipt 1 on {port}")
    assert printer.requests[:4] == [1, 2, 3, 4]  # status asked first
    paper = read_paper(printer.wait_for(sent), "cp866")
    assert paper.code_pages == [17] and paper.cuts == 1 and paper.kicks == 0
    assert "*** COPY ***" in paper.lines
    profile = PROFILES["epson-58mm-cp866"]
    original = [
        p.text
        for p in physical_lines(stored_layout(shop, 1), 32, profile.prepare)
        if isinstance(p, PrintLine)
    ]
    assert [line for line in paper.lines if line != "*** COPY ***"] == original
    from callshop_pos.db.engine import open_database

    db = open_database(shop)
    with db.read() as s:
        assert s.scalar(select(AuditLog.action).where(AuditLog.action == "receipt.reprint"))
    db.dispose()


def test_print_into_a_printer_without_paper_is_exit_4(shop, pty_printer, capsys):
    printer, port = pty_printer
    printer.status = PAPER_OUT
    assert run(shop, "print", "1", "--port", port) == 4
    out, err = capsys.readouterr()
    assert err.splitlines() == [f"callshop-pos: error: printer on {port} not ready: Paper out"]
    assert out == "" and printer.data() == b""


def test_print_to_a_silent_or_missing_printer_is_exit_4(shop, pty_printer, tmp_path, capsys):
    printer, port = pty_printer
    printer.answering = False
    assert run(shop, "print", "1", "--port", port, "--timeout", "0.2") == 4
    _, err = capsys.readouterr()
    assert len(err.splitlines()) == 1 and f"No answer from printer on {port}" in err
    assert run(shop, "print", "1", "--port", str(tmp_path / "ttyUSB9")) == 4
    _, err = capsys.readouterr()
    assert len(err.splitlines()) == 1 and "Cannot open" in err


def test_list(shop, capsys):
    assert run(shop, "list") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:3] == ["number", "kind", "created"]
    assert re.match(r"^\s+1 session .* Booth 1 .* - +Anna$", out[1])
    assert re.match(r"^\s+2 session .* Walk-in .*", out[2])
    assert run(shop, "list", "--limit", "1") == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    assert len(rows) == 1 and rows[0].split()[0] == "2"
