"""The printer test page: what the owner prints while setting up a new printer.

It answers the questions a set-up raises: is this the right paper width (ruler), does the
printer understand our emphasis commands, and does the code page / ESC t number print every
letter of the shop's language (or what do we print instead).
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Protocol

from printing.escpos import encode_layout
from printing.labels import labels_for
from printing.layout import Align, Columns, Cut, Element, Feed, Layout, Rule, Text
from printing.profiles import PrinterProfile
from printing.status import PrinterStatus, query_status


@dataclass(frozen=True)
class Alphabet:
    name: str  # in the language itself, so nobody needs a translation to find theirs
    upper: str
    lower: str
    currency: str = ""  # local currency signs besides the common ones


def _latin(name: str, upper_extra: str = "", lower_extra: str = "", currency: str = "") -> Alphabet:
    return Alphabet(
        name, string.ascii_uppercase + upper_extra, string.ascii_lowercase + lower_extra, currency
    )


ALPHABETS: Mapping[str, Alphabet] = MappingProxyType(
    {
        "en": _latin("English", currency="£"),
        "de": _latin("Deutsch", "ÄÖÜẞ", "äöüß"),
        "fr": _latin("Français", "ÀÂÆÇÉÈÊËÎÏÔŒÙÛÜŸ", "àâæçéèêëîïôœùûüÿ"),
        "es": _latin("Español", "ÁÉÍÑÓÚÜ", "áéíñóúü"),
        "it": _latin("Italiano", "ÀÈÉÌÍÎÒÓÙÚ", "àèéìíîòóùú"),
        "pt": _latin("Português", "ÁÂÃÀÇÉÊÍÓÔÕÚ", "áâãàçéêíóôõú", "R$"),
        "nl": _latin("Nederlands", "ÉËÏÓÖÜ", "éëïóöü"),
        "pl": _latin("Polski", "ĄĆĘŁŃÓŚŹŻ", "ąćęłńóśźż", "zł"),
        "cs": _latin("Čeština", "ÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ", "áčďéěíňóřšťúůýž", "Kč"),
        "tr": _latin("Türkçe", "ÇĞİÖŞÜ", "çğıöşü", "₺"),
        "sv": _latin("Svenska", "ÅÄÖ", "åäö", "kr"),
        "da": _latin("Dansk", "ÆØÅ", "æøå", "kr"),
        "ru": Alphabet(
            "Русский",
            "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
            "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
            "₽",
        ),
        "uk": Alphabet(
            "Українська",
            "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ",
            "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
            "₴",
        ),
        "bg": Alphabet(
            "Български",
            "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЬЮЯ",
            "абвгдежзийклмнопрстуфхцчшщъьюя",
            "лв",
        ),
    }
)

LANGUAGES: tuple[str, ...] = tuple(ALPHABETS)

DIGITS = "0123456789"
CURRENCY = "€ $ £ ¥ ¢"
PUNCTUATION = "!\"#%&'()*+,-./:;<=>?@[\\]^_{|}~ «» „“ ‘’ – — … № §"


def alphabet(language: str) -> Alphabet:
    try:
        return ALPHABETS[language]
    except KeyError:
        known = ", ".join(LANGUAGES)
        raise ValueError(f"unknown language {language!r} (known: {known})") from None


def sample_characters(language: str) -> str:
    """Every character the test page shows for ``language``, in order, without repeats."""
    a = alphabet(language)
    text = a.upper + a.lower + DIGITS + CURRENCY + a.currency + PUNCTUATION
    return "".join(dict.fromkeys(c for c in text if not c.isspace()))


def missing_characters(profile: PrinterProfile, text: str) -> list[tuple[str, str]]:
    """(character, what is printed instead) for each character of ``text`` the code page lacks."""
    return [(c, profile.prepare(c)) for c in dict.fromkeys(text) if not profile.can_encode(c)]


def _describe_missing(char: str, replacement: str) -> str:
    # The character itself cannot be printed on this page, so it is named by its code point
    # (and the letter's name on screen: the replacement shows on paper what receipts get).
    shown = f'"{replacement}"' if replacement in ("", " ") else replacement
    return f"U+{ord(char):04X}={shown}"


def ruler(width: int) -> tuple[str, str]:
    """Two lines: tens marks ("....:....1....:....2") and units ("1234567890123...")."""
    tens = "".join(
        str((i // 10) % 10) if i % 10 == 0 else (":" if i % 5 == 0 else ".")
        for i in range(1, width + 1)
    )
    units = "".join(str(i % 10) for i in range(1, width + 1))
    return tens, units


def build_test_page(
    profile: PrinterProfile,
    language: str,
    *,
    shop_name: str = "Callshop POS",
    printer_name: str = "",
    printed_at: datetime | None = None,
) -> Layout:
    a = alphabet(language)
    labels = labels_for(language)
    width = profile.width_chars
    page: Layout = [
        Text(shop_name, bold=True, double_width=True, double_height=True, align=Align.CENTER),
        Text("PRINTER TEST PAGE", bold=True, align=Align.CENTER),
    ]
    if printed_at is not None:
        page.append(Text(printed_at.strftime(labels.datetime_format), align=Align.CENTER))
    page.append(Rule())
    if printer_name:
        page.append(Columns("Printer", printer_name))
    page += [
        Columns("Profile", profile.name),
        Columns("Width", f"{width} columns"),
        Columns("Code page", profile.codec),
        Columns("ESC t", str(profile.escpos_codepage)),
        Columns("Language", f"{language} {a.name}"),
        Rule(),
        Text(f"Ruler: the last digit ({width % 10}) must end at the right edge"),
        *(Text(line) for line in ruler(width)),
        Rule("="),
        *_style_samples(),
        Rule(),
        *_character_samples(profile, language),
        Rule(),
        Text("Receipt sample", bold=True),
        Columns(labels.subtotal, "10.00"),
        Columns(labels.total, "12.34 EUR", bold=True, double_height=True),
        Feed(2),
        Cut(partial=True),
    ]
    return page


def _style_samples() -> list[Element]:
    return [
        Text("Normal text"),
        Text("Bold text", bold=True),
        Text("Double width", double_width=True),
        Text("Double height", double_height=True),
        Text("Double both", double_width=True, double_height=True),
        Text("Left"),
        Text("Centre", align=Align.CENTER),
        Text("Right", align=Align.RIGHT),
        Columns("Left column", "right"),
    ]


def _character_samples(profile: PrinterProfile, language: str) -> list[Element]:
    a = alphabet(language)
    out: list[Element] = [
        Text(f"Alphabet ({language})", bold=True),
        *(Text(part) for part in _even_parts(a.upper, profile.width_chars)),
        *(Text(part) for part in _even_parts(a.lower, profile.width_chars)),
        Text(DIGITS),
        Text(f"{CURRENCY} {a.currency}".strip()),
        Text(PUNCTUATION),
    ]
    missing = missing_characters(profile, sample_characters(language))
    if missing:
        listed = " ".join(_describe_missing(c, r) for c, r in missing)
        out.append(Text(f"Not in {profile.codec}, printed as: {listed}"))
    else:
        out.append(Text(f"All characters above are in {profile.codec}"))
    return out


def _even_parts(letters: str, width: int) -> list[str]:
    """Split into lines of similar length: 33 letters on 32 columns as 17 + 16, not 32 + 1."""
    count = -(-len(letters) // width)
    size = -(-len(letters) // count)
    return [letters[i : i + size] for i in range(0, len(letters), size)]


def describe_missing_for_humans(profile: PrinterProfile, language: str) -> list[str]:
    """Lines for a screen or terminal (which can show the original characters)."""
    return [
        f"{c} ({unicodedata.name(c, f'U+{ord(c):04X}').lower()}) -> {r!r}"
        for c, r in missing_characters(profile, sample_characters(language))
    ]


class PrinterPort(Protocol):
    def write(self, data: bytes) -> None: ...
    def read(self, size: int, timeout: float | None = None) -> bytes: ...
    def discard_input(self) -> None: ...


@dataclass(frozen=True)
class PrintOutcome:
    """What ``run_test_print`` did: ``status`` is None when it was not asked for,
    ``bytes_sent`` is 0 when the page was not sent because the printer is not ready."""

    status: PrinterStatus | None
    bytes_sent: int = 0
    missing: list[tuple[str, str]] = field(default_factory=list)

    @property
    def printed(self) -> bool:
        return self.bytes_sent > 0


def run_test_print(
    port: PrinterPort,
    profile: PrinterProfile,
    language: str,
    *,
    check_status: bool = True,
    status_timeout: float = 1.0,
    printer_name: str = "",
    printed_at: datetime | None = None,
) -> PrintOutcome:
    """Ask DLE EOT first (a page sent to a printer without paper is lost or printed
    half when paper is put in), then send the page. Transport errors propagate."""
    missing = missing_characters(profile, sample_characters(language))
    status: PrinterStatus | None = None
    if check_status and profile.supports_status:
        status = query_status(port, status_timeout)
        if not status.ready:
            return PrintOutcome(status, 0, missing)
    page = build_test_page(profile, language, printer_name=printer_name, printed_at=printed_at)
    payload = encode_layout(page, profile)
    port.write(payload)
    return PrintOutcome(status, len(payload), missing)
