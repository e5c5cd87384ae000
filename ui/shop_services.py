"""What the menu and the calls list need beyond the counter: the database (PDFs, settings,
language) and the print service. Absent in tests that use a fake backend, and then the menu
entries that need them are disabled."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from callshop_pos.db.engine import Database
from callshop_pos.services.receipts import (
    invoice_pdf_for,
    session_report_pdf_for,
)


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


def pdf_folder() -> Path:
    """One folder of the app's PDFs in the temp dir: the viewer opens them after this process
    may be gone, so they are not deleted on exit; the OS cleans the temp dir."""
    folder = Path(tempfile.gettempdir()) / "callshop-pos"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_pdf(data: bytes, prefix: str) -> Path:
    with tempfile.NamedTemporaryFile(
        "wb", prefix=prefix, suffix=".pdf", dir=pdf_folder(), delete=False
    ) as handle:
        handle.write(data)
    return Path(handle.name)
