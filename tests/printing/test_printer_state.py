"""The printer's state: read from a live status (flags) and from a reason kept as text (a job's
last error), the two agreeing, and worded once in English for the CLI and the log."""

from __future__ import annotations

import itertools

import pytest

from printing.errors import PrinterError
from printing.printer_state import (
    PrinterState,
    PrinterView,
    classify,
    english,
    state_english,
    state_of,
)
from printing.serial_transport import SerialSettings, SerialTransport
from printing.status import NO_ANSWER, PrinterStatus, parse_status

OK = 0x12  # the fixed bits of every status byte
# every bit the parser reads, per reply (printer, offline cause, error cause, paper sensor)
BITS = ((0x08,), (0x04, 0x20, 0x40), (0x08, 0x20, 0x40), (0x0C, 0x60))


def _all_statuses() -> list[PrinterStatus]:
    replies = []
    for bits in BITS:
        subsets = [
            sum(chosen) for n in range(len(bits) + 1) for chosen in itertools.combinations(bits, n)
        ]
        replies.append([OK | s for s in subsets])
    return [parse_status(*r) for r in itertools.product(*replies)]


def test_a_stored_reason_names_the_state_the_live_status_has() -> None:
    # A job's last error is the status message at the time: read back as text it must give
    # the state the flags gave, for every answer a printer can send.
    statuses = _all_statuses()
    assert len(statuses) == 2 * 8 * 8 * 4
    for status in statuses:
        assert classify(status.message) is state_of(status), status
    found = {state_of(s) for s in statuses}
    assert found == {
        PrinterState.READY,
        PrinterState.PAPER_NEAR_END,
        PrinterState.PAPER_OUT,
        PrinterState.COVER_OPEN,
        PrinterState.PRINTER_ERROR,
        PrinterState.OFFLINE,
    }


def test_silence_is_no_answer_not_offline() -> None:
    silent = PrinterStatus(online=False, message=NO_ANSWER, answered=False)
    assert state_of(silent) is PrinterState.NO_ANSWER
    assert classify(NO_ANSWER) is PrinterState.NO_ANSWER
    assert state_of(parse_status(OK | 0x08, OK, OK, OK)) is PrinterState.OFFLINE


def test_the_transport_s_own_error_is_classified(tmp_path) -> None:
    transport = SerialTransport(SerialSettings(str(tmp_path / "ttyUSB9")))
    with pytest.raises(PrinterError) as raised:
        transport.write(b"x")
    assert str(raised.value).startswith("Cannot open")
    assert classify(str(raised.value)) is PrinterState.NOT_CONNECTED


@pytest.mark.parametrize(
    ("reason", "state"),
    [
        ("Printer connection lost: (5, 'Input/output error')", PrinterState.NOT_CONNECTED),
        ("Printer does not accept data (write timeout)", PrinterState.NOT_ACCEPTING),
        ("Printer accepted 12 of 64 bytes", PrinterState.NOT_ACCEPTING),
        ("Printer stopped reading (300 bytes stuck)", PrinterState.NOT_ACCEPTING),
        ("Print queue error: database is locked", PrinterState.QUEUE_ERROR),
        ("Printer error (overheated?), recovers by itself", PrinterState.PRINTER_ERROR),
        ("something nobody words", PrinterState.PRINTER_ERROR),
    ],
)
def test_reasons_kept_as_text(reason: str, state: PrinterState) -> None:
    assert classify(reason) is state


def test_every_state_has_english_words() -> None:
    words = [state_english(state) for state in PrinterState]
    assert all(words) and len(set(words)) == len(words)


def test_english_for_the_cli_and_the_log() -> None:
    ready = PrinterView("receipt", PrinterState.READY)
    offline = PrinterView("invoice", PrinterState.OFFLINE, "Offline", waiting=1)
    assert english([ready]) == "Printer ready"
    assert english([PrinterView("r", PrinterState.PAPER_OUT, "Paper out", 2)]) == (
        "Paper out — 2 receipts waiting"
    )
    assert english([ready, offline]) == (
        "receipt: Printer ready; invoice: Printer offline — 1 receipt waiting"
    )
    broken = PrinterView("receipt", PrinterState.SETTINGS_BROKEN, "12345 is not a baud rate")
    assert english([broken]) == "Printer settings broken: 12345 is not a baud rate"
