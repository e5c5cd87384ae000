"""Text for money, numbers, counts and durations on the counter: the ONE UI formatter.

English keeps the fixed ``1 234.50 EUR`` look; another UI language formats money and numbers
the way its QLocale does (``12,50 €`` in Russian). Receipts and PDFs keep the core's format.
Counts go through ``tr()`` with ``n`` so each language gets its plural forms.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from PySide6.QtCore import QCoreApplication, QLocale

from printing.format import price

# the symbols shown for the currencies a shop uses; any other is shown by its code
SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "RUB": "₽", "UAH": "₴"}
_PLAIN = (QLocale.Language.English, QLocale.Language.C)


def _quantized(amount: Decimal, precision: int) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP)


def number(amount: Decimal, precision: int = 2) -> str:
    """A decimal in the UI language's digits, without going through a float."""
    text = f"{_quantized(amount, precision):,.{precision}f}"
    locale = QLocale()
    if locale.language() in _PLAIN:
        return text.replace(",", "\u202f")
    whole, _, fraction = text.partition(".")
    whole = whole.replace(",", locale.groupSeparator())
    return whole + (locale.decimalPoint() + fraction if fraction else "")


def money(amount: Decimal, currency: str, precision: int = 2) -> str:
    """``1 234.50 EUR`` in English (fixed decimals so right-aligned columns line up),
    ``1 234,50 €`` in Russian: the locale's separators and currency position."""
    digits = number(amount, precision)
    locale = QLocale()
    if locale.language() in _PLAIN:
        # A thin no-break space groups thousands without letting the amount wrap.
        return f"{digits} {currency}"
    pattern = locale.toCurrencyString(1, "¤")  # e.g. "1\xa0¤": where the number and sign go
    return pattern.replace("1", digits, 1).replace("¤", SYMBOLS.get(currency, currency))


def rate_price(amount: Decimal, currency: str, precision: int = 2, max_decimals: int = 4) -> str:
    """A per-minute price or fee exactly as charged (0.035 stays 0.035: the core's digits,
    :func:`printing.format.price`), in the language's money format."""
    digits = price(amount, precision, max_decimals)
    return money(Decimal(digits), currency, len(digits.partition(".")[2]))


def count(context: str, source: str, n: int) -> str:
    """``count("CallsDialog", "%n call(s)", 2)``: "2 calls", "2 звонка" (plural forms)."""
    text = QCoreApplication.translate(context, source, None, n)
    if text == source.replace("%n", str(n)):  # untranslated (English): the simple rule
        text = text.replace("(s)", "" if n == 1 else "s")
    return text


def duration(seconds: int) -> str:
    """``4:05`` under an hour, ``1:02:03`` above: what a call timer looks like."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"
