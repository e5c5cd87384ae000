"""Loads the UI translation straight from the Qt Linguist ``.ts`` source.

``*.qm`` files are not in git and ``lrelease`` may be missing on the counter PC, so the
``.ts`` XML is parsed into a dictionary and served by a QTranslator subclass.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

TRANSLATIONS_DIR = Path(__file__).resolve().parents[1] / "resources" / "translations"
LANGUAGES = ("en", "ru")


def read_ts(path: Path) -> dict[tuple[str, str], str]:
    """(context, source) → translation, skipping unfinished and obsolete entries."""
    table: dict[tuple[str, str], str] = {}
    root = ET.parse(path).getroot()
    for context in root.iter("context"):
        name = context.findtext("name", default="")
        for message in context.iter("message"):
            source = message.findtext("source")
            node = message.find("translation")
            if source is None or node is None or not node.text:
                continue
            if node.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            table[(name, source)] = node.text
    return table


class TsTranslator(QTranslator):
    """A QTranslator whose messages come from a parsed ``.ts`` file."""

    def __init__(self, table: dict[tuple[str, str], str], language: str) -> None:
        super().__init__()
        self._table = table
        self._language = language

    def translate(
        self,
        context: str,
        sourceText: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        # None (a null QString) tells Qt "not here" so it tries the next translator and then
        # the source text; an empty string would be taken as the translation.
        return self._table.get((context, sourceText))

    def isEmpty(self) -> bool:
        return not self._table

    def language(self) -> str:
        return self._language


def install_language(language: str) -> TsTranslator | None:
    """Install the translation for ``language`` ("en" needs none). Keep the returned object."""
    app = QCoreApplication.instance()
    if app is None or language == "en":
        return None
    path = TRANSLATIONS_DIR / f"callshop_{language}.ts"
    if not path.exists():
        return None
    translator = TsTranslator(read_ts(path), language)
    app.installTranslator(translator)
    return translator


def remove_language(translator: TsTranslator | None) -> None:
    app = QCoreApplication.instance()
    if app is not None and translator is not None:
        app.removeTranslator(translator)
