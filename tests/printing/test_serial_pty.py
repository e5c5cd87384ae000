"""Integration tests with a real pseudo-terminal standing in for the printer's serial port."""

from __future__ import annotations

import pytest

from printing.errors import PrinterOffline
from printing.escpos import encode_layout
from printing.labels import RUSSIAN
from printing.profiles import PROFILES
from printing.receipts import build_call_receipt
from printing.serial_transport import SerialSettings, SerialTransport
from printing.status import NO_ANSWER, query_status

from .escpos_reader import read_paper


def test_receipt_bytes_arrive_unchanged_and_decode(pty_printer, call_data) -> None:
    printer, port = pty_printer
    profile = PROFILES["epson-58mm-cp866"]
    payload = encode_layout(build_call_receipt(call_data, 32, labels=RUSSIAN), profile)
    assert len(payload) > 256  # so the chunking is exercised
    with SerialTransport(SerialSettings(port, baudrate=19200, chunk_size=64)) as transport:
        transport.write(payload)
    received = printer.wait_for(len(payload))
    assert received == payload
    paper = read_paper(received, "cp866")
    assert "Стоимость               0,75 EUR" in paper.lines
    assert "Кассир                      Анна" in paper.lines


def test_status_over_the_pty(pty_printer) -> None:
    printer, port = pty_printer
    with SerialTransport(SerialSettings(port)) as transport:
        assert query_status(transport, timeout=1).ready
        printer.status = {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E}  # what an Epson sends on paper out
        status = query_status(transport, timeout=1)
        assert status.paper_out and not status.ready
        assert status.message == "Paper out"
        printer.status = {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12}
        assert query_status(transport, timeout=1).message == "Cover open"
        printer.answering = False
        asked = len(printer.requests)
        silent = query_status(transport, timeout=0.3)
        assert silent.message == NO_ANSWER and not silent.answered
        printer.answering = True
        assert query_status(transport, timeout=1).message == "Cover open"
    # One unanswered question was enough: the silent query gave up without asking the other
    # three (the printer reads in order, so the answered query's four come after all of it).
    assert printer.requests[asked:] == [1, 1, 2, 3, 4]
    assert printer.requests[:4] == [1, 2, 3, 4]


def test_missing_port_is_reported_as_offline(tmp_path) -> None:
    transport = SerialTransport(SerialSettings(str(tmp_path / "ttyUSB9")))
    with pytest.raises(PrinterOffline, match="Cannot open"):
        transport.write(b"x")
