"""What the menu and the calls list need beyond the counter: the database (PDFs, settings,
language) and the print service. Absent in tests that use a fake backend, and then the menu
entries that need them are disabled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from callshop_pos.db.engine import Database
from callshop_pos.services.receipts import (
    invoice_pdf_for,
    session_report_pdf_for,
)
from callshop_pos.services.reports_files import reports_folder, save


@dataclass
class ShopServices:
    db: Database
    printing: Any = None  # callshop_pos.services.print_queue.PrintService, or None
    cashier: str = ""

    # The PDF makers run on the Runner's threads: each opens its own unit of work and
    # writes the file there too, so the GUI thread only opens the finished file.

    def session_report(self, session_id: int) -> Path:
        data = session_report_pdf_for(self.db, session_id, self.cashier)
        return write_pdf(data, f"session-{session_id}-")

    def invoice(self, session_id: int) -> Path:
        data = invoice_pdf_for(self.db, session_id, self.cashier)
        return write_pdf(data, f"invoice-{session_id}-")


def write_pdf(data: bytes, prefix: str) -> Path:
    """Saved in the documents folder (``Callshop POS``, like the reports), kept after a
    reboot: ``prefix`` and the local time, never over an earlier file."""
    folder = reports_folder()
    stamp = datetime.now().strftime("%Y-%m-%d_%H%M%S")
    path = folder / f"{prefix}{stamp}.pdf"
    n = 2
    while path.exists():
        path = folder / f"{prefix}{stamp}-{n}.pdf"
        n += 1
    return save(data, path)
