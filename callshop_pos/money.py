"""Exact money: parsing, rounding and display of amounts as ``Decimal`` (never ``float``).

Every amount that enters the core from a person or a file goes through :func:`parse_money`,
so a typo or a float never turns into a silently wrong price. Rounding is explicit: the
shop's tariff decides the number of decimals and whether to round half-up or always up.
"""

from __future__ import annotations

import re
from decimal import (
    ROUND_CEILING,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
)

from callshop_pos.errors import CallshopError

ZERO = Decimal(0)

# Arithmetic that must not round: 60 significant digits are far more than any price times
# any call length needs, and Inexact is trapped so an input beyond that fails loudly
# instead of being rounded silently.
EXACT = Context(prec=60, traps=[Inexact, InvalidOperation, Overflow, DivisionByZero])

# The largest precision a tariff may ask for: more decimals than any currency uses, few
# enough that rounding results always fit Decimal's default 28 significant digits.
MAX_PRECISION = 10

# Plain decimal notation only: an optional sign, digits, and at most one "." or "," as the
# decimal separator (cashiers and European rate decks write "1,50"). Thousands separators
# and exponents are refused because "1,234" or "1e3" are ambiguous or unexpected in a price.
_MONEY_TEXT = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")


class MoneyError(CallshopError, ValueError):
    """A text or value that is not an exact, finite amount of money."""


def parse_money(text: str | int | Decimal) -> Decimal:
    """The exact amount ``text`` stands for; raises :class:`MoneyError` naming bad input.

    Accepts ``Decimal`` and ``int`` as they are, and text like ``"1.50"``, ``"1,50"``,
    ``" -2 "``. Refuses floats (already inexact), booleans, NaN, infinities and anything else.
    """
    # bool is an int subclass: True as a price is a bug, not one euro.
    if isinstance(text, bool):
        raise MoneyError(f"not an amount of money: {text!r}")
    if isinstance(text, int):
        return Decimal(text)
    if isinstance(text, Decimal):
        if not text.is_finite():
            raise MoneyError(f"not a finite amount of money: {text!r}")
        return _no_negative_zero(text)
    if not isinstance(text, str):
        raise MoneyError(f"not an amount of money: {text!r} ({type(text).__name__})")
    stripped = text.strip()
    if not _MONEY_TEXT.fullmatch(stripped):
        raise MoneyError(f"not an amount of money: {text!r}")
    try:
        value = Decimal(stripped.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
        raise MoneyError(f"not an amount of money: {text!r}") from None
    return _no_negative_zero(value)


def _no_negative_zero(value: Decimal) -> Decimal:
    # "-0.00" is zero; keeping the sign would print "-0.00" on a receipt.
    return abs(value) if value.is_zero() else value


def _check_precision(precision: int) -> None:
    if isinstance(precision, bool) or not isinstance(precision, int):
        raise TypeError(f"precision must be an int, not {type(precision).__name__}")
    if not 0 <= precision <= MAX_PRECISION:
        raise ValueError(f"precision must be 0..{MAX_PRECISION}, not {precision}")


def quantize(amount: Decimal | int, precision: int, round_up: bool = False) -> Decimal:
    """``amount`` rounded to ``precision`` decimals: half-up, or toward +infinity (ceiling)."""
    _check_precision(precision)
    unit = Decimal(1).scaleb(-precision)
    return Decimal(amount).quantize(unit, rounding=ROUND_CEILING if round_up else ROUND_HALF_UP)


def quantize_quotient(
    numerator: Decimal, denominator: int, precision: int, round_up: bool = False
) -> Decimal:
    """``numerator / denominator`` rounded exactly like :func:`quantize`.

    Prices are per minute and calls are in seconds, so costs are sixtieths that Decimal
    cannot always hold exactly (0.1 / 60). Dividing first and rounding afterwards could, in
    principle, land on the wrong side of a rounding boundary; this takes the whole-number
    quotient and its remainder instead (in a context that raises rather than rounds), and
    decides the last digit from the remainder, so the result is exact by construction.
    """
    _check_precision(precision)
    if denominator <= 0:
        raise ValueError(f"denominator must be positive, not {denominator}")
    if not numerator.is_finite():
        raise MoneyError(f"not a finite amount of money: {numerator!r}")
    # Every step runs in EXACT: the default context would round past 28 digits unasked.
    scaled = numerator.scaleb(precision, EXACT)  # only the exponent changes
    negative = scaled.is_signed()
    quotient, remainder = EXACT.divmod(EXACT.abs(scaled), denominator)
    if round_up:
        # Ceiling: a positive remainder moves a positive amount up; for a negative amount
        # truncating its magnitude is already the move toward +infinity.
        if remainder and not negative:
            quotient = EXACT.add(quotient, 1)
    elif EXACT.multiply(remainder, 2) >= denominator:  # half-up: halves go away from zero
        quotient = EXACT.add(quotient, 1)
    if negative:
        quotient = EXACT.minus(quotient)
    return _no_negative_zero(quotient.scaleb(-precision, EXACT))


def format_money(amount: Decimal | int, precision: int = 2, currency: str | None = None) -> str:
    """Plain text for a receipt or a tile: ``"12.50"`` or ``"12.50 EUR"`` (half-up rounded)."""
    text = f"{_no_negative_zero(quantize(amount, precision)):f}"
    return f"{text} {currency}" if currency else text
