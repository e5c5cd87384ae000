"""Parsing what the cashier types into money fields."""

from __future__ import annotations

from decimal import Decimal

from callshop_pos.money import MoneyError, parse_money


class MoneyInputError(ValueError):
    """The text is not an amount the action accepts; the message is for the cashier."""


def parse_amount(
    text: str, precision: int, *, allow_zero: bool = True, allow_empty: bool = False
) -> Decimal | None:
    """A non-negative amount with at most ``precision`` decimals; comma or dot as separator.

    Raises MoneyInputError with an untranslated reason key (see ``reason_text``).
    """
    cleaned = text.strip().replace("\u202f", "").replace(" ", "").replace(",", ".")
    if not cleaned:
        if allow_empty:
            return None
        raise MoneyInputError("empty")
    try:
        value = parse_money(cleaned)  # the core's one money parser
    except MoneyError as exc:
        raise MoneyInputError("not_a_number") from exc
    if value < 0:
        raise MoneyInputError("negative")
    if value == 0 and not allow_zero:
        raise MoneyInputError("zero")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > precision:
        raise MoneyInputError("too_precise")
    return value


def reason_text(exc: MoneyInputError, precision: int) -> str:
    """The cashier-facing message for a rejected amount, in the UI language."""
    from PySide6.QtCore import QCoreApplication

    def tr(text: str) -> str:
        return QCoreApplication.translate("MoneyInput", text)

    reason = str(exc)
    if reason == "empty":
        return tr("Enter an amount.")
    if reason == "negative":
        return tr("The amount cannot be negative.")
    if reason == "zero":
        return tr("The amount must be more than zero.")
    if reason == "too_precise":
        return tr("Use at most %1 decimal places.").replace("%1", str(precision))
    return tr("Not an amount: use digits and one decimal point, e.g. 12.50.")
