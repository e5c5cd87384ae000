"""Why a call was refused, in a short sentence for the cashier: the one place for these words
(the booth tile, the calls list)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("Refusal", text)


def refusal_text(code: str | None) -> str:
    """The cashier's words for the core's refusal code ("no_funds", ...); "" for None."""
    if not code:
        return ""
    words = {
        "no_funds": _tr("Not enough money left"),
        "forbidden": _tr("Destination not allowed"),
        "no_rate": _tr("No price for this number"),
        "closed": _tr("Booth not started"),
        "blocked": _tr("Booth out of order"),
        "bad_number": _tr("Number not valid"),
        "no_route": _tr("No line to this destination"),
        "auth_timeout": _tr("Counter answered too late"),
        "database": _tr("Database unreachable"),
        "shop_credit": _tr("Shop's credit with the operator used up"),
    }
    text = words.get(code)
    if text is not None:
        return text
    # a code newer than this table: say it was refused and keep the code for the owner
    return _tr("Refused (%1)").replace("%1", code)
