"""``callshop-pos printer`` against a pseudo-terminal standing in for the printer."""

from __future__ import annotations

import re

import pytest

from callshop_pos.cli import main as cli_main
from printing.test_page import ALPHABETS
from tests.printing.escpos_reader import read_paper

PAPER_OUT = {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E}  # what an Epson answers with no paper


@pytest.fixture(autouse=True)
def only_the_printer_command(monkeypatch) -> None:
    # the other command modules belong to other parts of the app; main()'s own error
    # handling (one line, exit code) is what we want to exercise
    monkeypatch.setattr(cli_main, "COMMAND_MODULES", ("printer",))


def bytes_sent(out: str) -> int:
    found = re.search(r"Printed test page on \S+: (\d+) bytes", out)
    assert found, out
    return int(found.group(1))


def run(*argv: str) -> int:
    return cli_main.main(["printer", *argv])


def test_test_page_in_russian_arrives_and_decodes(pty_printer, capsys) -> None:
    printer, port = pty_printer
    code = run("test", "--port", port, "--profile", "epson-58mm-cp866", "--language", "ru",
               "--baud", "19200", "--flow", "xonxoff")  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    assert printer.requests[:4] == [1, 2, 3, 4]  # status asked before printing
    sent = bytes_sent(out)
    data = printer.wait_for(sent)
    assert len(data) == sent
    paper = read_paper(data, "cp866")
    text = "".join(paper.lines)
    ru = ALPHABETS["ru"]
    assert all(letter in text for letter in ru.upper + ru.lower)
    assert paper.code_pages == [17] and paper.cuts == 1
    assert "Status: Printer ready" in out
    assert "code page cp866 (ESC t 17), language ru" in out
    assert "€ (euro sign) -> 'EUR'" in out
    assert err == ""


def test_code_page_overrides_reach_the_printer(pty_printer, capsys) -> None:
    printer, port = pty_printer
    code = run("test", "--port", port, "--profile", "epson-80mm-cp437", "--language", "ru",
               "--codepage", "cp1251", "--escpos-codepage", "46")  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    sent = bytes_sent(out)
    paper = read_paper(printer.wait_for(sent), "cp1251")
    assert paper.code_pages == [46]
    assert ALPHABETS["ru"].upper in paper.lines  # 33 letters fit on one 48-column line


def test_paper_out_is_one_line_and_exit_4(pty_printer, capsys) -> None:
    printer, port = pty_printer
    printer.status = PAPER_OUT
    code = run("test", "--port", port)
    out, err = capsys.readouterr()
    assert code == 4
    assert err.splitlines() == [f"callshop-pos: error: printer on {port} not ready: Paper out"]
    assert out == ""
    assert printer.data() == b""  # nothing printed into a printer without paper


def test_silent_printer_is_no_answer_and_exit_4(pty_printer, capsys) -> None:
    printer, port = pty_printer
    printer.answering = False
    code = run("test", "--port", port, "--timeout", "0.2")
    _, err = capsys.readouterr()
    assert code == 4
    assert len(err.splitlines()) == 1
    assert f"No answer from printer on {port}" in err


def test_no_status_prints_without_asking(pty_printer, capsys) -> None:
    printer, port = pty_printer
    printer.answering = False
    assert run("test", "--port", port, "--no-status") == 0
    out, _ = capsys.readouterr()
    assert "Status: not asked" in out
    assert printer.requests == []
    assert printer.wait_for(100)


def test_missing_port_exit_4(tmp_path, capsys) -> None:
    code = run("test", "--port", str(tmp_path / "ttyUSB7"))
    _, err = capsys.readouterr()
    assert code == 4
    assert len(err.splitlines()) == 1 and "Cannot open" in err


def test_bad_baud_is_a_user_error(capsys) -> None:
    code = run("test", "--port", "/dev/null", "--baud", "12345")
    _, err = capsys.readouterr()
    assert code == 2
    assert err.splitlines() == [
        "callshop-pos: error: baudrate: 12345 is not a supported baud rate"
        " (e.g. 9600, 19200, 38400, 115200)"
    ]


def test_profiles_listed(capsys) -> None:
    assert run("profiles") == 0
    out = capsys.readouterr().out
    assert "epson-58mm-cp866" in out and "32 columns" in out and "ESC t 17" in out
    assert "epson-80mm-cp858" in out and "(default)" in out
