"""The UI translation: the Qt Linguist source (``.ts``) compiled to ``.qm`` and loaded by
Qt's own ``QTranslator.load`` (plural forms included).

The ``.qm`` is built by ``scripts/bootstrap`` and the wheel build; a missing or stale one is
compiled on first run with the ``lrelease`` of the PySide6 wheel (into the user cache when the
installed folder is read-only). Without lrelease the ``.ts`` is read directly, with a warning.
"""

from __future__ import annotations

import logging
import os
import xml.etree.ElementTree as ET
from pathlib import Path

from platformdirs import user_cache_dir
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from callshop_pos.resources import compile_translation, resource_path

TRANSLATIONS_DIR = resource_path("translations")
log = logging.getLogger(__name__)


def _entries(path: Path) -> list[tuple[str, str, list[str]]]:
    """(context, source, forms) of every finished message: one form, or the plural forms."""
    found: list[tuple[str, str, list[str]]] = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", default="")
        for message in context.iter("message"):
            source = message.findtext("source")
            node = message.find("translation")
            if source is None or node is None:
                continue
            if node.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            forms = [f.text or "" for f in node.iter("numerusform")] or [node.text or ""]
            if all(forms):
                found.append((name, source, forms))
    return found


def read_ts(path: Path) -> dict[tuple[str, str], str]:
    """(context, source) → translation (a plural entry's first form): the completeness check."""
    return {(context, source): forms[0] for context, source, forms in _entries(path)}


def russian_plural(n: int) -> int:
    """Qt's Russian plural form: 0 for 1, 21..., 1 for 2-4, 22-24..., 2 for the rest."""
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


class TsTranslator(QTranslator):
    """The fallback when lrelease is missing: messages from a parsed ``.ts`` file."""

    def __init__(self, path: Path, language: str) -> None:
        super().__init__()
        self._table = {(c, s): forms for c, s, forms in _entries(path)}
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
        forms = self._table.get((context, sourceText))
        if forms is None:
            return None
        index = russian_plural(n) if n >= 0 and self._language == "ru" else 0
        return forms[min(index, len(forms) - 1)].replace("%n", str(n))

    def isEmpty(self) -> bool:
        return not self._table

    def language(self) -> str:
        return self._language


def compiled(ts: Path) -> Path | None:
    """The ``.qm`` of ``ts``, compiled now when missing or older; None without lrelease."""
    beside = ts.with_suffix(".qm")
    cached = Path(user_cache_dir("callshop-pos")) / "translations" / beside.name
    for qm in (beside, cached):
        if qm.is_file() and qm.stat().st_mtime >= ts.stat().st_mtime:
            return qm
    target = beside if os.access(ts.parent, os.W_OK) else cached
    return target if compile_translation(ts, target) else None


def install_language(language: str) -> QTranslator | None:
    """Install the translation for ``language`` ("en" needs none) and its number formats.
    Keep the returned object."""
    app = QCoreApplication.instance()
    if app is None or language == "en":
        return None
    ts = TRANSLATIONS_DIR / f"callshop_{language}.ts"
    if not ts.exists():
        log.warning("no translation for %s (%s)", language, ts)
        return None
    qm = compiled(ts)
    translator: QTranslator
    if qm is not None and (loaded := QTranslator()).load(str(qm)):
        translator = loaded
    else:
        log.warning("lrelease not found: reading %s directly", ts.name)
        translator = TsTranslator(ts, language)
    app.installTranslator(translator)
    QLocale.setDefault(QLocale(language))
    return translator


def remove_language(translator: QTranslator | None) -> None:
    app = QCoreApplication.instance()
    if app is not None and translator is not None:
        app.removeTranslator(translator)
        QLocale.setDefault(QLocale("en_US"))
