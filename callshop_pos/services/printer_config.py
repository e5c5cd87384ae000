"""The receipt printer's settings, kept as JSON in the preferences row (one per shop)."""

from __future__ import annotations

import json

from callshop_pos.db.engine import Database
from callshop_pos.errors import CallshopError
from callshop_pos.services import sessions
from callshop_pos.services.audit import audit
from printing.settings import PrinterSettings, SettingsError


def load_printer_settings(db: Database) -> PrinterSettings:
    """The saved settings; the defaults (printing disabled) when none were saved."""
    with db.session() as s:
        text = sessions.preferences(s).printer_json.strip()
    if not text:
        return PrinterSettings()
    try:
        return PrinterSettings.from_dict(json.loads(text))
    except (ValueError, SettingsError) as exc:
        raise CallshopError(f"printer settings in the database are broken: {exc}") from None


def save_printer_settings(db: Database, settings: PrinterSettings) -> None:
    with db.session() as s:
        sessions.preferences(s).printer_json = json.dumps(settings.to_dict(), sort_keys=True)
        audit(s, "printer.settings", "preferences", 1, port=settings.port,
              profile=settings.profile_name, enabled=settings.enabled)
