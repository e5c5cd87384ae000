"""Reading and writing the values of the set-up file: strict, exact, and naming the place.

Every table of the set-up file is read through an :class:`Item`, which knows where it is
(``demo.toml: tariffs["Street prices"]``) so an error names the file, the item and the key.
Unknown keys are errors too: a typo (``conect_fee``) silently ignored would leave a price
the owner believes they changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from callshop_pos.db.types import MONEY_DECIMALS
from callshop_pos.errors import CallshopError
from callshop_pos.money import MoneyError, parse_money
from callshop_pos.services import validation as v

Kind = Literal["str", "int", "bool", "money", "codes"]


class SetupError(CallshopError):
    """A problem in the set-up file; the message names file, item and key."""


@dataclass(frozen=True)
class Field:
    """One plain column of a table of the file: TOML key, model attribute, value kind, the
    range check of services.validation it must pass, and whether it is a secret (left out
    of a dump unless asked for)."""

    key: str
    attr: str
    kind: Kind
    choices: tuple[str, ...] = ()
    check: Callable[[Any], Any] | None = None
    secret: bool = False


def field(
    key: str,
    kind: Kind,
    check: Callable[[Any], Any] | None = None,
    *,
    attr: str | None = None,
    choices: tuple[str, ...] = (),
    secret: bool = False,
) -> Field:
    """Shorthand: ``field("currency", "str", v.check_currency)``."""
    return Field(key, attr or key, kind, choices, check, secret)


def fields(*specs: Field) -> tuple[Field, ...]:
    return tuple(specs)


class Item:
    """One TOML table of the file, read key by key."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise SetupError(f"{where}: expected a table, found {type(data).__name__}")
        self.data: dict[str, Any] = data
        self.where = where

    def error(self, key: str, message: str) -> SetupError:
        return SetupError(f"{self.where}.{key}: {message}")

    def check_keys(self, allowed: Sequence[str]) -> None:
        unknown = sorted(set(self.data) - set(allowed))
        if unknown:
            raise self.error(unknown[0], f"unknown key (known: {', '.join(allowed)})")

    def has(self, key: str) -> bool:
        return key in self.data

    def text(self, key: str, *, required: bool = False) -> str | None:
        if key not in self.data:
            if required:
                raise self.error(key, "missing")
            return None
        value = self.data[key]
        if not isinstance(value, str):
            raise self.error(key, f"expected text, found {_kind(value)}")
        return value.strip()

    def value(self, field: Field) -> Any:
        """The key's value converted for the model column (the caller checked ``has``)."""
        raw = self.data[field.key]
        if isinstance(raw, float):
            raise self.error(
                field.key,
                f"{raw!r} is a float; write it as a string ({str(raw)!r}): floats are inexact",
            )
        value = self._convert(field, raw)
        try:
            if field.choices:
                v.check_choice(value, field.choices)
            return field.check(value) if field.check is not None else value
        except v.ValidationError as exc:
            raise self.error(field.key, str(exc)) from None

    def _convert(self, field: Field, raw: Any) -> Any:
        if field.kind == "str":
            return self.text(field.key)
        if field.kind == "bool":
            if not isinstance(raw, bool):
                raise self.error(field.key, f"expected true or false, found {_kind(raw)}")
            return raw
        if field.kind == "int":
            # bool is an int in Python; `free_seconds = true` is a mistake, not 1
            if isinstance(raw, bool) or not isinstance(raw, int):
                raise self.error(field.key, f"expected a whole number, found {_kind(raw)}")
            if raw < 0:
                raise self.error(field.key, f"cannot be negative ({raw})")
            return raw
        if field.kind == "money":
            return self._money(field.key, raw)
        if field.kind == "codes":
            if not isinstance(raw, list) or not all(
                isinstance(c, str) and c.isascii() and c.isdigit() for c in raw
            ):
                raise self.error(field.key, 'expected a list of digit strings, e.g. ["00"]')
            return ",".join(raw)
        raise AssertionError(field.kind)  # pragma: no cover

    def _money(self, key: str, raw: Any) -> Decimal:
        if isinstance(raw, bool) or not isinstance(raw, int | str):
            raise self.error(key, f'expected an amount like "0.25", found {_kind(raw)}')
        try:
            amount = parse_money(raw)  # the one money parser: exact, no float, no exponent
        except MoneyError:
            raise self.error(key, f"not an amount: {raw!r}") from None
        if amount.as_tuple().exponent < -MONEY_DECIMALS:  # type: ignore[operator]
            raise self.error(key, f"{raw} has more than {MONEY_DECIMALS} decimals")
        return amount

    def assign(self, obj: Any, specs: Sequence[Field]) -> bool:
        """Copy every key present in the item onto ``obj``; True when something changed.
        Keys the item leaves out keep the object's current value (or the model default)."""
        changed = False
        for field in specs:
            if field.key in self.data:
                value = self.value(field)
                if getattr(obj, field.attr, None) != value:
                    setattr(obj, field.attr, value)
                    changed = True
        return changed


def check_values(specs: Sequence[Field], values: dict[str, Any]) -> dict[str, Any]:
    """Model attribute values (e.g. from a dialog or the command line) checked against the
    same ranges as the set-up file's keys; a ValidationError names the field."""
    by_attr = {spec.attr: spec for spec in specs}
    checked: dict[str, Any] = {}
    for attr, value in values.items():
        spec = by_attr.get(attr)
        if spec is None:
            raise v.ValidationError(f"{attr}: unknown field")
        try:
            if spec.choices:
                v.check_choice(value, spec.choices)
            checked[attr] = spec.check(value) if spec.check is not None else value
        except v.ValidationError as exc:
            raise v.ValidationError(f"{attr.replace('_', ' ')}: {exc}") from None
    return checked


def _kind(value: Any) -> str:
    return {bool: "true/false", int: "a number", str: "text", list: "a list", dict: "a table"}.get(
        type(value), type(value).__name__
    )


def dump_value(field: Field, value: Any) -> Any:
    """A model value as it is written to the file (money as exact strings)."""
    if field.kind == "money":
        return format(Decimal(value), "f")
    if field.kind == "codes":
        return [code for code in str(value).split(",") if code]
    return value


def dump_fields(obj: Any, specs: Sequence[Field], *, secrets: bool = True) -> dict[str, Any]:
    """The object's keys for the file; ``secrets=False`` leaves the secret ones out (applying
    such a file keeps the secrets in the database: a key left out keeps its value)."""
    return {f.key: dump_value(f, getattr(obj, f.attr)) for f in specs if secrets or not f.secret}
