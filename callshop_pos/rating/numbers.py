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
from dataclasses import dataclass, field

from callshop_pos.errors import CallshopError

_LAYOUT = re.compile(r"[\s\-.()/]+")
# At most this many leading-digit decisions are memoised per plan (10^4: codes of 4 digits).
_LEADS_LIMIT = 10_000


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
    # What the leading digits of a plain-digits number decide (see _lead): the head length,
    # and (digits cut, digits put in front) by head. Not part of equality, hash or repr.
    _head: int = field(default=0, init=False, repr=False, compare=False)
    _leads: dict[str, tuple[int, str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

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
        # Whether a code or the national prefix starts a number is decided by its first
        # _head digits: as many as the longest of them has.
        heads = [len(code) for code in self.access_codes]
        if self.country_code and self.national_prefix:
            heads.append(len(self.national_prefix))
        object.__setattr__(self, "_head", max(heads, default=0))

    def normalize(self, dialed: str) -> str:
        """The international digits for ``dialed``; raises :class:`NumberError` if none."""
        # Fast path (every quote starts here): spaces are the only layout most numbers have,
        # and when removing them leaves plain digits (or "+" and digits) the layout regex
        # would have produced the same text. Anything else takes the general path.
        text = dialed.replace(" ", "")
        if text.isdigit() and text.isascii():
            # _national_or_international, inlined for a number that is more than a code.
            lead = self._leads.get(text[: self._head]) or self._lead(text[: self._head])
            rest = text[lead[0] :]
            if rest:
                return lead[1] + rest
            return self._national_or_international(dialed, text)  # raises: only a code
        rest = text[1:]
        if text[:1] == "+" and rest.isdigit() and rest.isascii():
            return rest
        return self._normalize_laid_out(dialed)

    def _lead(self, head: str) -> tuple[int, str]:
        """What a number starting with ``head`` (its first ``_head`` digits) has done to it:
        (how many digits are stripped, what is put in front). Access codes are tried first,
        longest first, then the national prefix. Memoised: at most 10^_head heads exist,
        and a shop's callers dial a few hundred."""
        lead = (0, "")
        for code in self.access_codes:
            if head.startswith(code):
                lead = (len(code), "")
                break
        else:
            national = self.national_prefix
            if self.country_code and national and head.startswith(national):
                lead = (len(national), self.country_code)
        if len(self._leads) < _LEADS_LIMIT:
            self._leads[head] = lead
        return lead

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
        lead = self._leads.get(text[: self._head]) or self._lead(text[: self._head])
        rest = text[lead[0] :]
        if not rest:
            what = "a national prefix" if lead[1] else "an access code"
            raise NumberError(f"only {what} in number {dialed!r}")
        return lead[1] + rest
