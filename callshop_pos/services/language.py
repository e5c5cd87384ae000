"""The shop's UI language (``Preferences.language``): read at start, chosen in the menu.

The same preference picks the labels on receipts and PDFs, so it is one setting for the shop,
not per cashier.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from callshop_pos.errors import CallshopError

if TYPE_CHECKING:
    from callshop_pos.db.engine import Database

# The UI has a translation for each (resources/translations). The set-up schema names them
# too, and every command that validates a set-up imports it: the reading and saving below
# import the session layer only when used.
LANGUAGES = ("en", "ru")


def saved_language(db: Database) -> str:
    """The saved language; "en" when the stored value is unknown (hand-edited, older app)."""
    from callshop_pos.services import sessions

    with db.session() as s:
        language = (sessions.preferences(s).language or "en").strip().lower()
    return language if language in LANGUAGES else "en"


def save_language(db: Database, language: str) -> None:
    if language not in LANGUAGES:
        raise CallshopError(f"unknown language {language!r}: use one of {', '.join(LANGUAGES)}")
    from callshop_pos.services import sessions
    from callshop_pos.services.audit import audit

    with db.session() as s:
        prefs = sessions.preferences(s)
        if prefs.language != language:
            audit(s, "preferences.language", "preferences", 1, old=prefs.language, new=language)
            prefs.language = language
