"""Receipt layouts as JSON-friendly data, so a stored receipt can be reprinted exactly.

The database keeps each receipt's layout (not only its ESC/POS bytes, which are tied to one
printer's code page and width): a reprint re-encodes the same layout for whatever printer is
set up now, marked as a copy, and the screen shows it with ``printing.layout.render_text``.

Format: ``{"version": 1, "elements": [{"type": "text", "line": "...", ...}, ...]}``. Fields
equal to their default are left out to keep stored receipts small; ``layout_from_dict``
rejects unknown types and fields instead of guessing, because a silently changed receipt is
worse than a refused reprint.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import MISSING, fields
from typing import Any

from printing.labels import ENGLISH, ReceiptLabels
from printing.layout import Align, Columns, Cut, DrawerKick, Element, Feed, Layout, Rule, Text

VERSION = 1

_TYPES: dict[str, type[Element]] = {
    "text": Text,
    "columns": Columns,
    "rule": Rule,
    "feed": Feed,
    "cut": Cut,
    "drawer_kick": DrawerKick,
}
_NAMES = {cls: name for name, cls in _TYPES.items()}


def element_to_dict(element: Element) -> dict[str, Any]:
    out: dict[str, Any] = {"type": _NAMES[type(element)]}
    for f in fields(element):
        value = getattr(element, f.name)
        if f.default is not MISSING and value == f.default:
            continue
        out[f.name] = value.value if isinstance(value, Align) else value
    return out


def element_from_dict(data: Mapping[str, Any]) -> Element:
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in _TYPES:
        raise ValueError(f"unknown layout element type {kind!r}")
    cls = _TYPES[kind]
    spec = {f.name: f for f in fields(cls)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key == "type":
            continue
        if key not in spec:
            raise ValueError(f"{kind}: unknown field {key!r}")
        values[key] = _check(kind, key, value, spec[key].default)
    try:
        return cls(**values)
    except TypeError as exc:  # a required field (text line, column text) is missing
        raise ValueError(f"{kind}: {exc}") from None


def _check(kind: str, key: str, value: object, default: object) -> object:
    if key == "align":
        try:
            if not isinstance(value, str):
                raise ValueError(value)
            return Align(value)
        except ValueError:
            raise ValueError(f"{kind}.align: unknown alignment {value!r}") from None
    # every other field is str, bool or int; the default (or, for required text, str) says which
    expected: type = type(default) if default is not MISSING else str
    ok = isinstance(value, expected) and (expected is bool or not isinstance(value, bool))
    if not ok:
        raise ValueError(f"{kind}.{key}: expected {expected.__name__}, got {value!r}")
    return value


def layout_to_dict(layout: Sequence[Element]) -> dict[str, Any]:
    return {"version": VERSION, "elements": [element_to_dict(el) for el in layout]}


def layout_from_dict(data: Mapping[str, Any]) -> Layout:
    if data.get("version") != VERSION:
        raise ValueError(f"unsupported layout version {data.get('version')!r}")
    elements = data.get("elements")
    if not isinstance(elements, list):
        raise ValueError("layout: 'elements' must be a list")
    return [element_from_dict(el) for el in elements]


def layout_to_json(layout: Sequence[Element]) -> str:
    # ensure_ascii=False: Cyrillic stays readable when someone looks into the database
    return json.dumps(layout_to_dict(layout), ensure_ascii=False, separators=(",", ":"))


def layout_from_json(text: str) -> Layout:
    return layout_from_dict(json.loads(text))


def copy_banner(labels: ReceiptLabels = ENGLISH) -> Text:
    """The same banner the receipt builders print with ``copy=True``."""
    return Text(f"*** {labels.copy_banner} ***", bold=True, double_width=True, align=Align.CENTER)


def as_copy(layout: Sequence[Element], labels: ReceiptLabels = ENGLISH) -> Layout:
    """A stored layout ready for reprinting: the COPY banner under the shop header (before
    the first rule, where the builders put it) and no drawer kick, since a reprint takes no
    money. Already-marked layouts are returned unchanged apart from the drawer kick."""
    banner = copy_banner(labels)
    out: Layout = [el for el in layout if not isinstance(el, DrawerKick)]
    if banner in out:
        return out
    at = next((i for i, el in enumerate(out) if isinstance(el, Rule)), 0)
    out.insert(at, banner)
    return out
