"""Audit rows of the changes that had none, or had no old value: read back through the audit
log's own query, on a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from callshop_pos.db.engine import Database, open_database
from callshop_pos.services import audit_log
from callshop_pos.services.audit_log import AuditFilter, Change
from callshop_pos.services.printer_config import save_printer_settings
from printing.settings import PrinterSettings


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "shop.db")
    yield database
    database.dispose()


def test_printer_settings_keep_old_and_new(db):
    save_printer_settings(db, PrinterSettings(enabled=True, port="/dev/ttyUSB0"))
    save_printer_settings(db, PrinterSettings(enabled=True, port="/dev/ttyS1", baudrate=19200))
    latest, first = audit_log.entries(db, AuditFilter(action="printer.settings"))
    assert set(latest.changes) == {
        Change("port", "/dev/ttyUSB0", "/dev/ttyS1"),
        Change("baudrate", "9600", "19200"),
    }
    assert Change("enabled", None, "true") in first.changes
