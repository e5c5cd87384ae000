"""The one place the printer's state (``printing.printer_state.PrinterState``) becomes words
in the UI language: the status bar, the print queue dialog and the printer settings page all
ask here.

Apart from ``ui.app`` so the print queue dialog can use it without importing the application
(which imports the main window, which imports the dialog). The context stays "App": the
Russian entries were written for it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from printing.printer_state import PrinterState, PrinterView, classify


def _tr(text: str) -> str:
    return QCoreApplication.translate("App", text)


def state_words(state: PrinterState) -> str:
    """A printer state in the UI language."""
    # Built per call: the words follow the language installed now.
    return {
        PrinterState.NO_PRINTER: _tr("No printer"),
        PrinterState.SETTINGS_BROKEN: _tr("Printer settings broken"),
        PrinterState.CHECKING: _tr("Checking printer"),
        PrinterState.READY: _tr("Printer ready"),
        PrinterState.PAPER_NEAR_END: _tr("Paper near end"),
        PrinterState.PRINTING: _tr("Printing"),
        PrinterState.STOPPED: _tr("Printer stopped"),
        PrinterState.NOT_CONNECTED: _tr("Printer not connected"),
        PrinterState.NO_ANSWER: _tr("No answer from printer"),
        PrinterState.OFFLINE: _tr("Printer offline"),
        PrinterState.PAPER_OUT: _tr("Paper out"),
        PrinterState.COVER_OPEN: _tr("Cover open"),
        PrinterState.PRINTER_ERROR: _tr("Printer error"),
        PrinterState.NOT_ACCEPTING: _tr("Printer not accepting data"),
        PrinterState.QUEUE_ERROR: _tr("Print queue error"),
    }[state]


def printers_words(printers: Sequence[PrinterView]) -> str:
    """The printers' states for the status bar; several read "receipt: Printer ready; …" (the
    names are the owner's, they stay as they are). The count waiting is shown apart."""
    if len(printers) == 1:
        return state_words(printers[0].state)
    return "; ".join(f"{view.name}: {state_words(view.state)}" for view in printers)


def printers_details(printers: Sequence[PrinterView]) -> str:
    """The devices' own words, one printer a line, for a tooltip (whoever fixes the printer
    reads them); empty when no printer has any."""
    lines = [(view.name, view.detail) for view in printers if view.detail]
    if len(printers) == 1:
        return "\n".join(detail for _name, detail in lines)
    return "\n".join(f"{name}: {detail}" for name, detail in lines)


def job_error_words(error: str | None) -> str:
    """A job's last error as the cashier reads it ("Cannot open /dev/ttyUSB0: …" is "Printer
    not connected"); the raw text goes in the tooltip for whoever fixes the printer."""
    if not error:
        return ""
    return state_words(classify(error))
