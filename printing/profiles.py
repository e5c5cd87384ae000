"""Printer profiles: paper width, code page and what to do with characters it lacks.

The ESC t number of a code page differs between vendors (CP866 is 17 on Epson, other
numbers elsewhere), so it is a per-printer setting; the table below holds Epson's numbers.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# Python codec -> Epson ESC t number
EPSON_CODE_PAGES: Mapping[str, int] = MappingProxyType(
    {"cp437": 0, "cp1252": 16, "cp866": 17, "cp858": 19}
)

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}  # fmt: skip

_PUNCTUATION = {
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'",
    "–": "-", "—": "-", "−": "-", "…": "...", "€": "EUR", "№": "No.", "\u00a0": " ",
    "•": "*", "×": "x", "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
    "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i",
}  # fmt: skip

# Currency signs few code pages have, as their ISO codes: "UAH" reads right on any receipt,
# a "?" next to a price does not.
_CURRENCY = {
    "₽": "RUB", "£": "GBP", "¥": "JPY", "¢": "c", "₴": "UAH", "₺": "TRY", "₸": "KZT",
    "₾": "GEL", "₼": "AZN", "₹": "INR", "₪": "ILS",
    "₩": "KRW", "₫": "VND", "₱": "PHP", "₦": "NGN", "₿": "BTC",
}  # fmt: skip


def _default_transliteration() -> dict[str, str]:
    table = {**_PUNCTUATION, **_CURRENCY}
    for cyr, lat in _CYRILLIC.items():
        table[cyr] = lat
        upper = cyr.upper()
        if upper != cyr:
            table[upper] = lat.capitalize()
    return table


DEFAULT_TRANSLITERATION: Mapping[str, str] = MappingProxyType(_default_transliteration())


@dataclass(frozen=True)
class PrinterProfile:
    name: str
    width_chars: int
    codec: str
    escpos_codepage: int
    transliteration: Mapping[str, str] = field(
        default_factory=lambda: DEFAULT_TRANSLITERATION, hash=False
    )
    fallback: str = "?"
    supports_status: bool = True  # answers DLE EOT (most Epson-compatibles do)

    def can_encode(self, char: str) -> bool:
        try:
            char.encode(self.codec)
        except UnicodeEncodeError:
            return False
        return True

    def prepare(self, text: str) -> str:
        """Replace every character the code page lacks by printable ones it has."""
        return "".join(self._char(c) for c in text)

    def _char(self, char: str) -> str:
        if self.can_encode(char):
            return char
        replacement = self.transliteration.get(char)
        if replacement is None:
            # accented letters lose only the accent: é -> e on a Cyrillic page
            base = unicodedata.normalize("NFKD", char)
            replacement = "".join(c for c in base if not unicodedata.combining(c))
        if all(self.can_encode(c) for c in replacement):  # "" is valid: ь prints nothing
            return replacement
        return self.fallback

    def encode_text(self, text: str) -> bytes:
        return self.prepare(text).encode(self.codec)


def make_profile(
    width_chars: int, codec: str, escpos_codepage: int | None = None, name: str | None = None
) -> PrinterProfile:
    """A profile from settings; the ESC t number defaults to Epson's for the codec."""
    number = EPSON_CODE_PAGES[codec] if escpos_codepage is None else escpos_codepage
    return PrinterProfile(name or f"custom-{width_chars}-{codec}", width_chars, codec, number)


_PAPERS = {"58mm": 32, "80mm-42": 42, "80mm": 48}

PROFILES: Mapping[str, PrinterProfile] = MappingProxyType(
    {
        f"epson-{paper}-{codec}": make_profile(width, codec, name=f"epson-{paper}-{codec}")
        for paper, width in _PAPERS.items()
        for codec in EPSON_CODE_PAGES
    }
)
