"""The receipt printer's settings, kept as JSON in the preferences row (one per shop)."""

from __future__ import annotations

import json

from callshop_pos.db.engine import Database
from callshop_pos.errors import CallshopError
from callshop_pos.services import sessions
from callshop_pos.services.audit import audit
from printing.settings import PrinterSettings, SettingsError


class BrokenPrinterSettings(CallshopError):
    """The saved printer settings cannot be read (each caller decides what that means: the
    settings page says so, a sale is still made and its receipt waits in the queue)."""


def parse_printer_settings(text: str | None) -> PrinterSettings:
    """The one reader of the saved settings; the defaults (printing off) when none."""
    text = (text or "").strip()
    if not text:
        return PrinterSettings()
    try:
        return PrinterSettings.from_dict(json.loads(text))
    except (ValueError, SettingsError) as exc:
        raise BrokenPrinterSettings(f"printer settings in the database are broken: {exc}") from None


def load_printer_settings(db: Database) -> PrinterSettings:
    """The saved settings; the defaults (printing disabled) when none were saved."""
    with db.session() as s:
        return parse_printer_settings(sessions.preferences(s).printer_json)


def _saved_dict(text: str | None) -> dict[str, object]:
    """The saved settings as stored (for the audit's old values; {} when none or broken)."""
    try:
        found = json.loads(text or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def save_printer_settings(db: Database, settings: PrinterSettings) -> None:
    """Save the settings; the audit row keeps each changed setting as [old, new]."""
    with db.session() as s:
        prefs = sessions.preferences(s)
        old, new = _saved_dict(prefs.printer_json), settings.to_dict()
        prefs.printer_json = json.dumps(new, sort_keys=True)
        changes = {
            key: [old.get(key), value] for key, value in new.items() if old.get(key) != value
        }
        audit(s, "printer.settings", "preferences", 1, changes=changes)
