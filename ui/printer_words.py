"""The print service's English words in the UI language.

Apart from ``ui.app`` so the print queue dialog can use them without importing the
application (which imports the main window, which imports the dialog). The context stays
"App": the Russian entries were written for it.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from callshop_pos.services.print_queue import reason_words


def _tr(text: str) -> str:
    return QCoreApplication.translate("App", text)


# The print service words its status in English, with the queue as a suffix
# ("Printer offline — 2 receipts waiting"); the count is shown by the status bar itself.
_WAITING_SUFFIX = re.compile(r" — \d+ receipts? waiting$")


def printer_words(text: str) -> str:
    """The print service's status in the UI language (unknown words pass through)."""
    words = {
        "No printer": _tr("No printer"),
        "Checking printer": _tr("Checking printer"),
        "Printer ready": _tr("Printer ready"),
        "Printer stopped": _tr("Printer stopped"),
        "Printer not connected": _tr("Printer not connected"),
        "Printer offline": _tr("Printer offline"),
        "Printer not accepting data": _tr("Printer not accepting data"),
        "Print queue error": _tr("Print queue error"),
    }
    parts = [part.strip() for part in _WAITING_SUFFIX.sub("", text).split(";")]
    return "; ".join(_translate_part(part, words) for part in parts)


def _translate_part(part: str, words: dict[str, str]) -> str:
    # Several printers read "receipt: Printer ready"; the name stays as it is.
    name, sep, state = part.rpartition(": ")
    state = _WAITING_SUFFIX.sub("", state)
    return f"{name}{sep}{words.get(state, state)}"


def job_error_words(error: str | None) -> str:
    """A job's last error as the cashier reads it ("Cannot open /dev/ttyUSB0: …" is "Printer
    not connected"); the raw text goes in the tooltip for whoever fixes the printer."""
    if not error:
        return ""
    return printer_words(reason_words(error))
