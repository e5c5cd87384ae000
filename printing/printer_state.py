"""A printer's state as one enum plus the device's own words, for every front end.

The print service reports a ``PrinterView`` per printer; the front ends word the
``PrinterState`` themselves: the CLI and the log through ``english`` here, the UI through its
one dict of translations (``ui.printer_words``). Nothing downstream reads English sentences.

Two ways in: ``state_of`` reads a live DLE EOT status (its flags), ``classify`` reads a
reason kept as text (a job's last error in the database, a transport exception's message).
Both rank the problems alike (paper, cover, error, offline), so a job's stored error and the
live status name the same state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from printing.status import NO_ANSWER, PrinterStatus


class PrinterState(StrEnum):
    NO_PRINTER = "no_printer"  # none set up (or switched off)
    SETTINGS_BROKEN = "settings_broken"  # the saved settings cannot be read
    CHECKING = "checking"  # the worker has not reported yet
    READY = "ready"
    PAPER_NEAR_END = "paper_near_end"  # prints, but the roll is nearly done
    PRINTING = "printing"
    STOPPED = "stopped"  # the worker was stopped
    NOT_CONNECTED = "not_connected"  # the port cannot be opened or vanished
    NO_ANSWER = "no_answer"  # the port is there, the printer says nothing
    OFFLINE = "offline"  # the printer says it is offline
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    PRINTER_ERROR = "printer_error"  # cutter, overheating, unrecoverable, or unknown
    NOT_ACCEPTING = "not_accepting"  # the write timed out (flow control held)
    QUEUE_ERROR = "queue_error"  # the queue's store failed (e.g. the database locked)


@dataclass(frozen=True)
class PrinterView:
    """One printer as the front ends show it."""

    name: str  # the printer's name in the settings ("receipt")
    state: PrinterState
    detail: str = ""  # the device's or the driver's own words, for whoever fixes it
    waiting: int = 0  # receipts not printed yet


PrinterViews = tuple[PrinterView, ...]


def state_of(status: PrinterStatus) -> PrinterState:
    """The state a DLE EOT status means, most pressing problem first."""
    if not status.answered:
        return PrinterState.NO_ANSWER
    if status.paper_out:
        return PrinterState.PAPER_OUT
    if status.cover_open:
        return PrinterState.COVER_OPEN
    if status.error:
        return PrinterState.PRINTER_ERROR
    if not status.online:
        return PrinterState.OFFLINE
    if status.paper_near_end:
        return PrinterState.PAPER_NEAR_END
    return PrinterState.READY


# What the status query (printing.status) and the transport (printing.serial_transport) say,
# by how their words start; the first match wins, as in ``state_of``.
_REASONS: tuple[tuple[str, PrinterState], ...] = (
    ("Cannot open", PrinterState.NOT_CONNECTED),
    ("Printer connection lost", PrinterState.NOT_CONNECTED),
    (NO_ANSWER, PrinterState.NO_ANSWER),
    ("Paper out", PrinterState.PAPER_OUT),
    ("Cover open", PrinterState.COVER_OPEN),
    ("Cutter error", PrinterState.PRINTER_ERROR),
    ("Unrecoverable printer error", PrinterState.PRINTER_ERROR),
    ("Printer error", PrinterState.PRINTER_ERROR),
    ("Offline", PrinterState.OFFLINE),
    ("Paper near end", PrinterState.PAPER_NEAR_END),
    ("Ready", PrinterState.READY),
    ("Printer does not accept data", PrinterState.NOT_ACCEPTING),
    ("Printer stopped reading", PrinterState.NOT_ACCEPTING),
    ("Printer accepted", PrinterState.NOT_ACCEPTING),
    ("Print queue error", PrinterState.QUEUE_ERROR),
)


def classify(reason: str) -> PrinterState:
    """The state a reason kept as text names; a reason nobody words is a printer error."""
    for start, state in _REASONS:
        if reason.startswith(start):
            return state
    return PrinterState.PRINTER_ERROR


_ENGLISH: dict[PrinterState, str] = {
    PrinterState.NO_PRINTER: "No printer",
    PrinterState.SETTINGS_BROKEN: "Printer settings broken",
    PrinterState.CHECKING: "Checking printer",
    PrinterState.READY: "Printer ready",
    PrinterState.PAPER_NEAR_END: "Paper near end",
    PrinterState.PRINTING: "Printing",
    PrinterState.STOPPED: "Printer stopped",
    PrinterState.NOT_CONNECTED: "Printer not connected",
    PrinterState.NO_ANSWER: "No answer from printer",
    PrinterState.OFFLINE: "Printer offline",
    PrinterState.PAPER_OUT: "Paper out",
    PrinterState.COVER_OPEN: "Cover open",
    PrinterState.PRINTER_ERROR: "Printer error",
    PrinterState.NOT_ACCEPTING: "Printer not accepting data",
    PrinterState.QUEUE_ERROR: "Print queue error",
}


def state_english(state: PrinterState) -> str:
    return _ENGLISH[state]


def english(printers: Sequence[PrinterView]) -> str:
    """The printers in one English line for the CLI and the log: "Paper out — 2 receipts
    waiting", or with several printers "receipt: Printer ready; invoice: Printer offline"."""
    texts = [_one_english(view) for view in printers]
    if len(printers) == 1:
        return texts[0]
    return "; ".join(f"{view.name}: {text}" for view, text in zip(printers, texts, strict=True))


def _one_english(view: PrinterView) -> str:
    words = state_english(view.state)
    if view.state is PrinterState.SETTINGS_BROKEN and view.detail:
        words = f"{words}: {view.detail}"  # nothing prints until the owner fixes them
    if not view.waiting:
        return words
    noun = "receipt" if view.waiting == 1 else "receipts"
    return f"{words} — {view.waiting} {noun} waiting"
