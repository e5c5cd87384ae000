"""Rate deck files (CSV) in and out: the owner's upload of a tariff's or vendor's prices.

Reading is strict because a wrong price costs money on every call: the whole file is
validated and the first problem is raised as a :class:`DeckError` that names the physical
line and the column, so the owner can fix the file; nothing is returned from a bad file.

Format: a header line naming the columns (any order, any case; only ``prefix`` and
``price_1`` are required), then one rate per line. Comma or semicolon separated (whichever
the header line uses more; semicolon files usually come from spreadsheets with decimal
commas, which prices accept). UTF-8 with or without a byte-order mark, ``\\n`` or ``\\r\\n``.
Empty lines, and lines whose cells are all empty (spreadsheet padding), are skipped.
Cells are stripped of surrounding whitespace, area names included. Every cell has the range
of services.validation (prefixes of at most 32 digits, prices 0..MONEY_MAX with at most 6
decimals, intervals 1..3600 s, area names without control characters, at most 120).

An area name that a spreadsheet would take for a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) is written with a leading ``'``, which a spreadsheet shows
as text; reading takes that ``'`` off again, so an export imports back to the same names
(a name that itself starts with ``'`` is written with a second one for the same reason).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from itertools import chain
from typing import Any, NamedTuple, TypeVar

from callshop_pos.errors import CallshopError
from callshop_pos.money import MoneyError, parse_money
from callshop_pos.rating.terms import RateRow, RowValues, trusted_rate_row
from callshop_pos.services import validation

COLUMNS = (
    "prefix",
    "area_name",
    "price_1",
    "price_n",
    "interval_1",
    "interval_n",
    "forbidden",
    "grace_period_enable",
    "activation_date",
    "expiration_date",
)
REQUIRED = ("prefix", "price_1")
DEFAULT_INTERVAL = 60

_TRUE = frozenset({"1", "true", "yes", "y"})
_FALSE = frozenset({"", "0", "false", "no", "n"})
_INTEGER = re.compile(r"[+-]?\d+")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_T = TypeVar("_T")
# One physical line with its ending (\n, \r\n or a lone \r, as csv counts them); the second
# branch is a last line without an ending.
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")
# Cells a spreadsheet would evaluate as a formula (CSV injection), and the escape character.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TEXT_MARK = "'"
_YEARS = (1900, 9999)  # rate dates outside these are typos (and near the ends, overflow)


class DeckError(CallshopError, ValueError):
    """The first problem in a rate deck, at ``line`` (1-based, header = 1) and ``column``."""

    def __init__(self, line: int, column: str | None, problem: str) -> None:
        where = f"line {line}, column {column}" if column else f"line {line}"
        super().__init__(f"{where}: {problem}")
        self.line = line
        self.column = column
        self.problem = problem


class _CellError(ValueError):
    """A bad cell; the row loop adds the line and column."""


@dataclass(slots=True)
class _Cells:
    """One row's parsed cells before they become a RateRow (defaults filled in later)."""

    prefix: str = ""
    area_name: str = ""
    price_1: Decimal | None = None
    price_n: Decimal | None = None
    interval_1: int = DEFAULT_INTERVAL
    interval_n: int = DEFAULT_INTERVAL
    forbidden: bool = False
    grace_enabled: bool = False
    activation: datetime | None = None
    expiration: datetime | None = None


class _Interner:
    """Shares equal values across rows: a big deck repeats a few hundred prices, area names
    and dates, and one object per distinct value instead of per row saves tens of MB."""

    __slots__ = ("areas", "dates", "prices")

    def __init__(self) -> None:
        self.prices: dict[str, Decimal] = {}
        self.areas: dict[str, str] = {}
        self.dates: dict[str, datetime] = {}


def _shared(seen: dict[str, _T], text: str, make: Callable[[str], _T]) -> _T:
    value = seen.get(text)
    if value is None:
        value = seen[text] = make(text)
    return value


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _prefix(text: str) -> str:
    if not text:
        raise _CellError("empty prefix")
    if not (text.isascii() and text.isdigit()):
        raise _CellError(f"prefix must be digits only, not {_short(text)!r}")
    if len(text) > validation.PREFIX_MAX:
        raise _CellError(f"prefix longer than {validation.PREFIX_MAX} digits ({len(text)})")
    return text


def _area(text: str) -> str:
    """An area name as read: the spreadsheet text mark of an escaped name taken off."""
    if text[:1] == _TEXT_MARK and text[1:2] in (*_FORMULA_START, _TEXT_MARK):
        text = text[1:]
    try:
        return validation.check_text(text, validation.AREA_MAX)
    except validation.ValidationError as exc:
        raise _CellError(f"area name {exc}") from None


def _price(text: str) -> Decimal:
    try:
        value = parse_money(text)
    except MoneyError:
        raise _CellError(f"bad number {_short(text)!r}") from None
    if value < 0:
        raise _CellError(f"negative price {text!r}")
    try:
        return validation.check_money(value)
    except validation.ValidationError as exc:
        raise _CellError(f"price {exc}") from None


def _interval(text: str) -> int:
    if not _INTEGER.fullmatch(text):
        raise _CellError(f"interval must be a whole number of seconds, not {_short(text)!r}")
    if len(text) > 12:  # int() of thousands of digits is refused (or slow): out of range anyway
        raise _CellError(f"interval must be 1-{validation.INTERVAL_MAX} seconds")
    value = int(text)
    if value <= 0:
        raise _CellError(f"interval must be positive, not {text!r}")
    if value > validation.INTERVAL_MAX:
        raise _CellError(f"interval must be 1-{validation.INTERVAL_MAX} seconds, not {text}")
    return value


def _boolean(text: str) -> bool:
    lowered = text.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise _CellError(f"expected 1/0, true/false, yes/no or y/n, not {text!r}")


def _date(text: str) -> datetime:
    try:
        if _DATE_ONLY.fullmatch(text):
            value = datetime.fromisoformat(text).replace(tzinfo=UTC)
        else:
            value = datetime.fromisoformat(text)
            # A deck without offsets is in UTC, like every date in the core.
            value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except (ValueError, OverflowError):
        raise _CellError(f"unparseable date {_short(text)!r} (expected ISO-8601)") from None
    if not _YEARS[0] <= value.year <= _YEARS[1]:
        raise _CellError(f"date {text!r} is not in the years {_YEARS[0]}-{_YEARS[1]}")
    return value


def _fill(cells: _Cells, column: str, text: str, interner: _Interner) -> None:
    """Parse one non-empty or empty cell into ``cells``; empty cells keep the default."""
    if column == "prefix":
        cells.prefix = _prefix(text)
    elif not text:
        if column == "price_1":
            raise _CellError("missing price")
    elif column == "area_name":
        cells.area_name = _shared(interner.areas, text, _area)
    elif column == "price_1":
        cells.price_1 = _shared(interner.prices, text, _price)
    elif column == "price_n":
        cells.price_n = _shared(interner.prices, text, _price)
    elif column == "interval_1":
        cells.interval_1 = _interval(text)
    elif column == "interval_n":
        cells.interval_n = _interval(text)
    elif column == "forbidden":
        cells.forbidden = _boolean(text)
    elif column == "grace_period_enable":
        cells.grace_enabled = _boolean(text)
    elif column == "activation_date":
        cells.activation = _shared(interner.dates, text, _date)
    elif column == "expiration_date":
        cells.expiration = _shared(interner.dates, text, _date)
    else:  # pragma: no cover - the header check admits only known columns
        raise AssertionError(column)


def _decode(data: str | bytes) -> str:
    if isinstance(data, bytes):
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise DeckError(line, None, f"not UTF-8 text (byte {exc.start})") from None
    return data.removeprefix("\ufeff")


def _delimiter(header_line: str) -> str:
    # The header names contain neither separator, so whichever occurs more is the separator.
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _header(names: list[str]) -> list[str]:
    columns = [name.strip().lower() for name in names]
    seen: set[str] = set()
    for column in columns:
        if column not in COLUMNS:
            raise DeckError(1, column or None, f"unknown column {column!r}")
        if column in seen:
            raise DeckError(1, column, f"column {column!r} appears twice")
        seen.add(column)
    for column in REQUIRED:
        if column not in seen:
            raise DeckError(1, column, f"missing required column {column!r}")
    return columns


def _optional_area(text: str) -> str:
    return _area(text) if text else ""


def _optional_price(text: str) -> Decimal | None:
    return _price(text) if text else None  # empty: price_n defaults to price_1


def _optional_interval(text: str) -> int:
    return _interval(text) if text else DEFAULT_INTERVAL


def _optional_date(text: str) -> datetime | None:
    return _date(text) if text else None  # empty: activation now / no expiration


class Converters(NamedTuple):
    """How prices, dates and flags are to be handed out (e.g. in a database's stored form:
    scaled integers, the dialect's date text): each applied once per distinct value."""

    money: Callable[[Decimal], Any]
    when: Callable[[datetime], Any]
    flag: Callable[[bool], Any]


def _same(value: Any) -> Any:
    return value


_AS_IS = Converters(_same, _same, _same)


class _Memo:
    """Every distinct raw cell text of a column kind, already validated and converted.

    A big deck repeats a few hundred prices, intervals, dates and area names, so after the
    first few hundred rows nearly every cell is a single dict lookup; a text is stored only
    once it converted without error, so a bad cell always reaches the validating path (and
    its exact line/column message). Equal texts also share one value object, which keeps a
    parsed deck small (one Decimal per distinct price, not per row).
    """

    __slots__ = (
        "areas",
        "booleans",
        "convert",
        "dates",
        "intervals",
        "prices",
        "stored_booleans",
        "stored_dates",
        "stored_prices",
    )

    def __init__(self, convert: Converters = _AS_IS) -> None:
        self.areas: dict[str, str] = {}
        self.prices: dict[str, Decimal | None] = {}
        self.intervals: dict[str, int] = {}
        self.booleans: dict[str, bool] = {}
        self.dates: dict[str, datetime | None] = {}
        # the same cells converted for handing out (the very dicts above when nothing is)
        self.convert = convert
        as_is = convert is _AS_IS
        self.stored_prices: dict[str, Any] = self.prices if as_is else {}
        self.stored_booleans: dict[str, Any] = self.booleans if as_is else {}
        self.stored_dates: dict[str, Any] = self.dates if as_is else {}

    def learn(self, positions: tuple[int, ...], record: list[str]) -> bool:
        """Convert the record's unknown cells into the memos; False if one of them is bad."""
        _p, area, price_1, price_n, interval_1, interval_n, forbidden, grace, act, exp = positions
        money, when, flag = self.convert
        return (
            _learn(record[area], self.areas, _optional_area)
            and _learn(record[price_1], self.prices, _optional_price, self.stored_prices, money)
            and _learn(record[price_n], self.prices, _optional_price, self.stored_prices, money)
            and _learn(record[interval_1], self.intervals, _optional_interval)
            and _learn(record[interval_n], self.intervals, _optional_interval)
            and _learn(record[forbidden], self.booleans, _boolean, self.stored_booleans, flag)
            and _learn(record[grace], self.booleans, _boolean, self.stored_booleans, flag)
            and _learn(record[act], self.dates, _optional_date, self.stored_dates, when)
            and _learn(record[exp], self.dates, _optional_date, self.stored_dates, when)
        )


def _learn(
    raw: str,
    memo: dict[str, Any],
    convert: Callable[[str], Any],
    stored: dict[str, Any] | None = None,
    out: Callable[[Any], Any] = _same,
) -> bool:
    """``raw``'s value into ``memo`` (and its handed-out form into ``stored``, when that is
    another dict); False if the cell is bad."""
    if raw in memo:
        return True
    try:
        value = memo[raw] = convert(raw.strip())
    except _CellError:
        return False
    if stored is not None and stored is not memo:
        stored[raw] = None if value is None else out(value)
    return True


def parse_deck(data: str | bytes, *, now: datetime) -> list[RateRow]:
    """Every rate of a deck file; rows without an activation date activate at ``now``."""
    return [trusted_rate_row(*values) for values in parse_deck_values(data, now=now)]


def parse_deck_values(
    data: str | bytes, *, now: datetime, convert: Converters | None = None
) -> list[RowValues]:
    """parse_deck's rows as value tuples (RateRow's field order), checked exactly as
    RateRow checks them: what an import stores, without making 250,000 RateRow objects.

    With ``convert``, the tuples hold its forms of the prices, dates and flags instead (a
    database's stored values, ready for ``executemany``), each distinct cell converted
    once. Its date form must tell dates apart as the dates themselves do (a duplicate
    prefix and activation is found on it)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    now = now.astimezone(UTC)
    memo = _Memo(_AS_IS if convert is None else convert)
    now_stored = now if convert is None else convert.when(now)
    text = _decode(data)
    if not text.strip():
        raise DeckError(1, None, "empty file: no header line")
    header_end = _LINE.match(text)
    header_line = header_end.group() if header_end else text
    reader = csv.reader(_lines(text), delimiter=_delimiter(header_line), strict=True)
    rows: list[RowValues] = []
    first_seen: dict[tuple[str, Any], int] = {}
    line = 1
    try:
        columns = _header(next(reader))
        width = len(columns)
        # Where each RateRow field's cell is; a column the file lacks reads an empty cell
        # appended to every record, which every memo turns into the column's default.
        padding = [""] * (len(COLUMNS) - width)
        positions = _positions(columns)
        i_prefix, i_area, i_p1, i_pn, i_i1, i_in, i_forbidden, i_grace, i_act, i_exp = positions
        areas, intervals, dates = memo.areas, memo.intervals, memo.dates
        prices, booleans, stored_dates = memo.stored_prices, memo.stored_booleans, memo.stored_dates
        append = rows.append
        prefix_max = validation.PREFIX_MAX

        def cells(record: list[str]) -> tuple[Any, ...]:
            """The record's values from the memos (a KeyError: a text not met yet)."""
            return (
                areas[record[i_area]],
                prices[record[i_p1]],
                prices[record[i_pn]],
                intervals[record[i_i1]],
                intervals[record[i_in]],
                booleans[record[i_forbidden]],
                booleans[record[i_grace]],
                stored_dates[record[i_act]],
                stored_dates[record[i_exp]],
            )

        for record in reader:
            # A record may span several physical lines (quoted newlines): report where it
            # starts, which is just after where the previous one ended.
            start, line = line + 1, reader.line_num
            prefix = record[i_prefix] if len(record) == width else ""
            if not (prefix.isdigit() and prefix.isascii() and len(prefix) <= prefix_max):
                prefix = prefix.strip()
                if not (prefix.isdigit() and prefix.isascii() and len(prefix) <= prefix_max):
                    # Blank or padding lines, a wrong field count, a bad prefix: the
                    # general path skips or reports them exactly as it always did.
                    if not any(cell.strip() for cell in record):
                        continue
                    if len(record) != width:
                        raise DeckError(
                            start, None, f"expected {width} fields, found {len(record)}"
                        )
                    _row(start, columns, record, now, _Interner())
                    raise AssertionError("a bad prefix passed _row")  # pragma: no cover
            if padding:
                record += padding
            # The fast path: every cell a memo hit. A miss teaches the memos (validating the
            # new texts); a bad cell goes to _row, which raises the same DeckError, naming
            # the first bad column in header order, as it always has.
            try:
                row_values = cells(record)
            except KeyError:
                if not memo.learn(positions, record):
                    _row(start, columns, record[:width], now, _Interner())
                    raise AssertionError("a bad cell passed _row") from None  # pragma: no cover
                row_values = cells(record)
            area, price_1, price_n, interval_1, interval_n, forbidden, grace, act, exp = row_values
            if price_1 is None:
                _row(start, columns, record[:width], now, _Interner())  # "missing price"
                raise AssertionError("a missing price passed _row")  # pragma: no cover
            activation = now_stored if act is None else act
            if exp is not None:  # compared as dates, whatever form they are handed out in
                when_active = dates[record[i_act]] or now
                when_expires = dates[record[i_exp]]
                assert when_expires is not None  # a date whose handed-out form is not None
                if when_expires <= when_active:
                    raise DeckError(
                        start,
                        "expiration_date",
                        f"expiration {when_expires.isoformat()} is not after "
                        f"activation {when_active.isoformat()}",
                    )
            key = (prefix, activation)
            if key in first_seen:
                when_active = dates[record[i_act]] or now
                raise DeckError(
                    start,
                    "prefix",
                    f"duplicate prefix {prefix!r} with activation "
                    f"{when_active.isoformat()} (first on line {first_seen[key]})",
                )
            first_seen[key] = start
            # Every value came through the same checks RateRow.__post_init__ makes (the
            # memos hold only validated cells), so a RateRow can be made without them.
            append(
                (
                    prefix,
                    area,
                    price_1,
                    price_1 if price_n is None else price_n,
                    interval_1,
                    interval_n,
                    forbidden,
                    grace,
                    activation,
                    exp,
                )
            )
    except csv.Error as exc:
        raise DeckError(reader.line_num, None, f"bad CSV: {exc}") from None
    return rows


_BLOCK = 1 << 20  # characters split into lines at a time


def _lines(text: str) -> Iterator[str]:
    """The physical lines of ``text`` with their endings, as csv counts them (\n, \r\n or
    a lone \r), fed lazily a block at a time: io.StringIO would hold a 4-bytes-per-character
    copy of the whole file and splitlines() a string per line, together several times the
    deck's size."""
    return chain.from_iterable(_blocks(text))


def _blocks(text: str) -> Iterator[list[str]]:
    """Blocks of about _BLOCK characters, each ending after a "\n", as lists of lines. A
    block whose only line ends are "\n" or "\r\n" (nearly all) is split by splitlines,
    twice as fast as matching each line; splitlines also ends lines at other characters
    (a lone "\r", "\x0b", "\x85", ...), which shows as more lines than "\n"s, and such a
    block is matched line by line instead."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start + _BLOCK)
        end = size if end < 0 else end + 1
        block = text[start:end]
        lines = block.splitlines(keepends=True)
        if len(lines) != block.count("\n") + (block[-1] != "\n"):
            lines = _LINE.findall(block)
        yield lines
        start = end


def _positions(columns: list[str]) -> tuple[int, ...]:
    """The record index of each deck column (COLUMNS order); a column missing from the file
    gets an index past the file's own fields, where parse_deck appends empty cells."""
    width = len(columns)
    missing = [name for name in COLUMNS if name not in columns]
    return tuple(
        columns.index(name) if name in columns else width + missing.index(name) for name in COLUMNS
    )


def _row(
    line: int, columns: list[str], record: list[str], now: datetime, interner: _Interner
) -> RateRow:
    cells = _Cells()
    for column, raw in zip(columns, record, strict=True):
        try:
            _fill(cells, column, raw.strip(), interner)
        except _CellError as exc:
            raise DeckError(line, column, str(exc)) from None
    activation = cells.activation or now
    if cells.expiration is not None and cells.expiration <= activation:
        raise DeckError(
            line,
            "expiration_date",
            f"expiration {cells.expiration.isoformat()} is not after "
            f"activation {activation.isoformat()}",
        )
    assert cells.price_1 is not None  # required column, "missing price" otherwise
    return RateRow(
        prefix=cells.prefix,
        area_name=cells.area_name,
        price_1=cells.price_1,
        price_n=cells.price_1 if cells.price_n is None else cells.price_n,
        interval_1=cells.interval_1,
        interval_n=cells.interval_n,
        forbidden=cells.forbidden,
        grace_enabled=cells.grace_enabled,
        activation=activation,
        expiration=cells.expiration,
    )


def _plain(value: Decimal) -> str:
    # Fixed-point, no exponent, no trailing zeros: "0.015", "100", never "1E+2" or "0.0150".
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _when(value: datetime | None) -> str:
    return "" if value is None else value.astimezone(UTC).isoformat()


def _area_cell(name: str) -> str:
    """An area name as written: a leading text mark when a spreadsheet would run it."""
    if name[:1] in _FORMULA_START or name[:1] == _TEXT_MARK:
        return _TEXT_MARK + name
    return name


def write_deck(rows: Iterable[RateRow]) -> str:
    """The deck file for ``rows``: comma separated, all columns, parseable by parse_deck
    (area names escaped for spreadsheets, see the module docstring)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    # The csv module quotes a field only for characters of the line terminator, so an area
    # name holding a lone "\r" would come back split in two: such rows are written fully
    # quoted (rare; a quoted number parses the same).
    quoting_writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        (quoting_writer if "\r" in row.area_name else writer).writerow(
            (
                row.prefix,
                _area_cell(row.area_name),
                _plain(row.price_1),
                _plain(row.price_n),
                row.interval_1,
                row.interval_n,
                int(row.forbidden),
                int(row.grace_enabled),
                _when(row.activation),
                _when(row.expiration),
            )
        )
    return out.getvalue()


def merge(existing: Iterable[RateRow], incoming: Iterable[RateRow]) -> list[RateRow]:
    """Existing rows updated by an upload: a row with the same prefix and activation is
    replaced in place, new rows are appended, all other existing rows are kept."""
    merged = {(row.prefix, row.activation): row for row in existing}
    for row in incoming:
        merged[(row.prefix, row.activation)] = row
    return list(merged.values())
