"""The audit log's words: each action code and object type as the owner reads it, and one
change as a "field: old → new" line, translatable in one place."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from callshop_pos.services.audit_log import Change
from ui.settings.pages.words import label, page_title


def _tr(text: str) -> str:
    return QCoreApplication.translate("AuditWords", text)


def action_name(code: str) -> str:
    """The action as words ("settings.update" -> "Changed"); an unknown code as it is."""
    words = {
        "settings.create": _tr("Created"),
        "settings.update": _tr("Changed"),
        "settings.delete": _tr("Deleted"),
        "setup.apply": _tr("Set-up file applied"),
        "tariff.create": _tr("Tariff created"),
        "rates.import": _tr("Rates imported"),
        "routes.import": _tr("Routes imported"),
        "rates.edit": _tr("Rate changed"),
        "rates.add": _tr("Rate added"),
        "rates.delete": _tr("Rates deleted"),
        "rates.bulk_change": _tr("Rates changed in bulk"),
        "routes.edit": _tr("Route changed"),
        "routes.add": _tr("Route added"),
        "routes.delete": _tr("Routes deleted"),
        "routes.bulk_change": _tr("Routes changed in bulk"),
        "session.start": _tr("Booth started"),
        "session.topup": _tr("Top-up"),
        "session.extra": _tr("Item sold"),
        "session.stop": _tr("Booth stopped"),
        "receipt.reprint": _tr("Receipt reprinted"),
        "printer.settings": _tr("Printer settings"),
        "preferences.language": _tr("Language changed"),
        "user.create": _tr("User created"),
        "user.pin_change": _tr("PIN changed"),
        "user.disable": _tr("User disabled"),
        "user.login": _tr("Logged in"),
        "user.login_failed": _tr("Wrong PIN"),
        "user.login_locked": _tr("Log-in locked"),
    }
    return words.get(code, code)


def object_name(object_type: str) -> str:
    """The kind of object: a settings page's title, or one of the counter's objects."""
    words = {
        "booth_session": _tr("Booth session"),
        "tariff": _tr("Tariff"),
        "destinationset": _tr("Destination set"),
        "destination_set": _tr("Destination set"),
        "receipt": _tr("Receipt"),
        "user": _tr("User"),
    }
    return words.get(object_type) or page_title(object_type)


def field_name(key: str) -> str:
    """A field of an audit row: a settings field's label, or one of the counter's words."""
    words = {
        "booth": _tr("Booth"),
        "mode": _tr("Mode"),
        "prepaid": _tr("Prepaid"),
        "credit": _tr("Credit limit"),
        "amount": _tr("Amount"),
        "item": _tr("Item"),
        "total": _tr("Total"),
        "paid": _tr("Paid"),
        "change": _tr("Change"),
        "refund": _tr("Refund"),
        "number": _tr("Number"),
        "cashier": _tr("Cashier"),
        "port": _tr("Port"),
        "profile": _tr("Printer profile"),
        "enabled": _tr("Enabled"),
        "file": _tr("File"),
        "source": _tr("File"),
        "created": _tr("Created"),
        "updated": _tr("Updated"),
        "added": _tr("Added"),
        "removed": _tr("Removed"),
        "prefix": _tr("Prefix"),
        "role": _tr("Role"),
    }
    return words.get(key) or label(key)


def _value(text: str | None) -> str:
    if text is None:
        return "—"
    return {"true": _tr("yes"), "false": _tr("no")}.get(text, text)


def change_line(change: Change) -> str:
    """A change as a line: "Balance: 500 → 450.5"; a fact without an old value:
    "Prepaid: 5"; what a delete took away: "Balance: 500 → —"."""
    field = field_name(change.field)
    if change.old is None:
        return f"{field}: {_value(change.new)}"
    return f"{field}: {_value(change.old)} → {_value(change.new)}"
