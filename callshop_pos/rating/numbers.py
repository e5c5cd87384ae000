"""Dialed numbers to the international digits that rate prefixes match (docs/ARCHITECTURE.md §4.4).

Choices, so that a booth caller and the cashier's "how much to X?" get the same answer:

* Spaces (any whitespace), dashes, dots, slashes and parentheses are layout and are removed.
  Any other non-digit (letters, ``*``, ``#``) is refused: vanity numbers and service codes
  are not international destinations and must not be priced by accident.
* ``+`` is allowed only first and means "already international": nothing else is stripped.
* Otherwise the first configured international access code the number starts with is
  stripped, longest code first (so ``810`` wins over a shorter code that is its prefix).
* Otherwise, when the plan has a country code and a national prefix, a number starting with
  the national prefix is national: the prefix is replaced by the country code
  (``0301234`` → ``49301234``). Access codes are tried before the national prefix, so
  ``0044…`` is international even though it also starts with the national ``0``.
* Anything else is taken as already international (the usual way booth users dial when the
  shop's dialplan has no access code). Local numbers without an area code are not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from callshop_pos.errors import CallshopError

_LAYOUT = re.compile(r"[\s\-.()/]+")


def _is_digits(text: str) -> bool:
    # str.isdigit alone also accepts "²" and other Unicode digits.
    return text.isascii() and text.isdigit()


class NumberError(CallshopError, ValueError):
    """A dialed number that cannot be priced (empty, or not made of digits)."""


@dataclass(frozen=True, slots=True)
class NumberPlan:
    """How the shop's callers dial: access codes, own country code and national prefix."""

    access_codes: tuple[str, ...] = ("00",)
    country_code: str = ""
    national_prefix: str = "0"

    @classmethod
    def of_settings(cls, access_codes: str, country_code: str, national_prefix: str) -> NumberPlan:
        """From the preferences as stored: the access codes comma-separated."""
        codes = tuple(c.strip() for c in access_codes.split(",") if c.strip())
        return cls(access_codes=codes, country_code=country_code, national_prefix=national_prefix)

    def __post_init__(self) -> None:
        # Country code and national prefix may be empty (feature off); access codes may not.
        for name, value in (
            ("country_code", self.country_code),
            ("national_prefix", self.national_prefix),
        ):
            if value and not _is_digits(value):
                raise ValueError(f"{name} must be digits, not {value!r}")
        for code in self.access_codes:
            if not _is_digits(code):
                raise ValueError(f"access code must be digits, not {code!r}")
        # Longest first, computed once: the order in which codes are tried matters.
        object.__setattr__(
            self, "access_codes", tuple(sorted(set(self.access_codes), key=len, reverse=True))
        )

    def normalize(self, dialed: str) -> str:
        """The international digits for ``dialed``; raises :class:`NumberError` if none."""
        # Fast path (every quote starts here): spaces are the only layout most numbers have,
        # and when removing them leaves plain digits (or "+" and digits) the layout regex
        # would have produced the same text. Anything else takes the general path.
        text = dialed.replace(" ", "")
        if not (text.isdigit() and text.isascii()):
            rest = text[1:]
            if text[:1] == "+" and rest.isdigit() and rest.isascii():
                return rest
            return self._normalize_laid_out(dialed)
        return self._national_or_international(dialed, text)

    def _normalize_laid_out(self, dialed: str) -> str:
        text = _LAYOUT.sub("", dialed)
        international = text.startswith("+")
        if international:
            text = text[1:]
        if not text:
            raise NumberError(f"no digits in number {dialed!r}")
        if not _is_digits(text):
            raise NumberError(f"not a phone number: {dialed!r}")
        if international:
            return text
        return self._national_or_international(dialed, text)

    def _national_or_international(self, dialed: str, text: str) -> str:
        """``text``: the digits of ``dialed`` (not empty), without a leading "+"."""
        for code in self.access_codes:
            if text.startswith(code):
                rest = text[len(code) :]
                if not rest:
                    raise NumberError(f"only an access code in number {dialed!r}")
                return rest
        if self.country_code and self.national_prefix and text.startswith(self.national_prefix):
            rest = text[len(self.national_prefix) :]
            if not rest:
                raise NumberError(f"only a national prefix in number {dialed!r}")
            return self.country_code + rest
        return text
