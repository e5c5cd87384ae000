"""The rates of a tariff or the routes of a destination set, as the owner's table edits them.

Every read is one indexed query: the rows of one owner in (prefix, activation) order, a page at
a time by keyset (never OFFSET over 250,000 rows), filtered by a prefix that starts with the
digits typed (a range on the (owner, prefix, activation) unique index) or an area name that
contains the text typed. Every change is one unit of work that is validated by the deck
parser itself (a cell typed in the table is checked exactly like the same cell in a deck
file), audited with old -> new, and bumps the owner's revision so the rating cache of every
process prices the next call with it (a live call keeps the snapshot it was authorized with).
Imports go through services.rates.store_rates; exports are services.rates' deck format.
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, false, func, or_, select, update
from sqlalchemy.orm import Session

from callshop_pos.db.engine import Database
from callshop_pos.db.models import DestinationSet, Rate, Route, Tariff
from callshop_pos.db.types import MONEY_DECIMALS, utcnow
from callshop_pos.errors import CallshopError, NotFound
from callshop_pos.money import quantize
from callshop_pos.rating.deck import COLUMNS, DeckError, parse_deck, write_deck
from callshop_pos.rating.terms import RateRow, trusted_rate_row
from callshop_pos.services import validation
from callshop_pos.services.audit import audit
from callshop_pos.services.rates import RATE_FIELDS, Mode, StoreResult, load_rows, store_rates

Kind = Literal["rates", "routes"]
AREA_NAMES_IN = 2000  # more matching names than this: the LIKE scan finds a page sooner
KINDS: tuple[Kind, ...] = ("rates", "routes")
PAGE = 500
BAD_LINES_MAX = 100  # a report longer than this helps nobody: the file is wrong throughout
AUDIT_SAMPLE = 100  # old -> new rows kept in the audit row of a bulk change
_IMPORT_CHUNK = 25_000  # deck lines parsed between two progress reports / cancel checks

# the deck column of each RateRow field (the table edits cells by their deck name)
FIELD_OF = dict(zip(COLUMNS, RATE_FIELDS, strict=True))
Progress = Callable[[str, int, int], None]  # (phase, done, total); total 0: unknown


class PriceTableError(CallshopError):
    """A refused change; the message says why, and nothing was changed."""


@dataclass(frozen=True)
class PriceRow:
    """One stored rate or route: its id and its values."""

    id: int
    row: RateRow

    @property
    def key(self) -> tuple[str, datetime, int]:
        return self.row.prefix, self.row.activation, self.id


@dataclass(frozen=True)
class OwnerInfo:
    name: str
    currency: str
    precision: int
    round_up: bool


@dataclass(frozen=True)
class BulkResult:
    changed: int  # rows whose price moved
    matched: int  # rows the filter selected


@dataclass
class ImportReport:
    stored: StoreResult | None = None  # None: nothing stored (bad lines, or cancelled)
    bad_lines: list[str] | None = None  # one line per problem, "line 7, column ...: ..."
    cancelled: bool = False
    rows: int = 0  # rows read from the file


class _Cancelled(Exception):
    pass


def _models(kind: Kind) -> tuple[type[Tariff] | type[DestinationSet], type[Rate] | type[Route]]:
    if kind == "rates":
        return Tariff, Rate
    if kind == "routes":
        return DestinationSet, Route
    raise PriceTableError(f"unknown table {kind!r} (use rates or routes)")


def filter_clause(
    model: type[Rate] | type[Route], text: str, *, sqlite: bool = True
) -> ColumnElement[bool] | None:
    """Digits: prefixes starting with them (an index range: every digit string from "49" up
    to, not including, "50" starts with "49"); other text: area names containing it, in any
    case. SQLite's own LIKE already ignores case (of ASCII letters, as its lower() does), and
    twice as fast as ``lower(area_name) LIKE lower(?)`` over a 250,000-row scan."""
    text = text.strip().removeprefix("+")
    if not text:
        return None
    if text.isascii() and text.isdigit():
        upper = _next_digits(text)
        low = model.prefix >= text
        return low if upper is None else and_(low, model.prefix < upper)
    if sqlite:
        return model.area_name.contains(text, autoescape=True)
    return model.area_name.icontains(text, autoescape=True)


def _next_digits(digits: str) -> str | None:
    """The smallest digit string after every string starting with ``digits`` ("499" -> "5"):
    None for all nines (every larger digit string starts with them)."""
    stripped = digits.rstrip("9")
    if not stripped:
        return None
    return stripped[:-1] + str(int(stripped[-1]) + 1)


def _deck_record(row: RateRow) -> list[str]:
    """The row's cells as the deck file writes them (area names escaped for spreadsheets)."""
    reader = csv.reader(io.StringIO(write_deck([row])))
    next(reader)
    return next(reader)


def _parsed(base: RateRow, changes: Mapping[str, str], now: datetime) -> RateRow:
    """``base`` with ``changes`` (deck column -> typed text) applied, checked by parse_deck:
    the same rules, ranges and messages as a deck file. Area names are given as they should
    read; every other cell as it would be typed in a deck."""
    unknown = set(changes) - set(COLUMNS)
    if unknown:
        raise PriceTableError(f"unknown column {sorted(unknown)[0]!r}")
    area = changes.get("area_name")
    record = _deck_record(base if area is None else replace(base, area_name=area))
    for column, text in changes.items():
        if column != "area_name":
            record[COLUMNS.index(column)] = text
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(COLUMNS)
    writer.writerow(record)
    try:
        rows = parse_deck(out.getvalue(), now=now)
    except DeckError as exc:
        raise PriceTableError(
            f"{exc.column}: {exc.problem}" if exc.column else exc.problem
        ) from None
    if len(rows) != 1:  # an all-empty record is skipped by the parser
        raise PriceTableError("prefix: empty prefix")
    return rows[0]


def deck_cells(row: RateRow) -> dict[str, str]:
    """A row's cells as a deck file has them (deck column -> exact text, no floats): what the
    audit log keeps and what an edit starts from."""
    return dict(zip(COLUMNS, _deck_record(row), strict=True))


def _row_of(item: Rate | Route) -> RateRow:
    return RateRow(*(getattr(item, name) for name in RATE_FIELDS))


class PriceTableStore:
    """The rates of tariff ``owner_id`` (kind "rates") or the routes of destination set
    ``owner_id`` (kind "routes"). Thread-safe: every call opens its own session."""

    def __init__(
        self, db: Database, kind: Kind, owner_id: int, *, user_id: int | None = None
    ) -> None:
        self.db = db
        self.kind = kind
        self.owner_model, self.model = _models(kind)
        self.owner_id = owner_id
        self.user_id = user_id
        self._fk = Rate.tariff_id if self.model is Rate else Route.destination_set_id
        self._object_type = "tariff" if self.model is Rate else "destination_set"
        self._sqlite = db.engine.dialect.name == "sqlite"
        self._names_lock = threading.Lock()  # the page and count threads share the names
        self._names: tuple[int | None, list[tuple[str, str]]] | None = None

    # --- reading ---------------------------------------------------------------------------

    def owner(self) -> OwnerInfo:
        with self.db.read() as session:
            owner = self._owner(session)
            return OwnerInfo(
                owner.name, owner.currency, owner.precision, getattr(owner, "round_up", False)
            )

    def _owner(self, session: Session) -> Tariff | DestinationSet:
        owner = session.get(self.owner_model, self.owner_id)
        if not isinstance(owner, (Tariff, DestinationSet)):
            what = "tariff" if self.model is Rate else "destination set"
            raise NotFound(f"no {what} #{self.owner_id}")
        return owner

    def _where(self, session: Session, text: str) -> list[ColumnElement[bool]]:
        clauses: list[ColumnElement[bool]] = [self._fk == self.owner_id]
        clause = self._area_clause(session, text)
        if clause is None:
            clause = filter_clause(self.model, text, sqlite=self._sqlite)
        if clause is not None:
            clauses.append(clause)
        return clauses

    def _area_clause(self, session: Session, text: str) -> ColumnElement[bool] | None:
        """Area text: the owner's distinct area names containing it, in any case and any
        alphabet (Python's casefold; SQLite's LIKE folds ASCII only), then the rows by the
        (owner, area name) index instead of a scan of every row. Names are few (a few
        thousand in a 250,000-row deck) and held until the owner's revision moves. A very
        common text (thousands of names) is left to the LIKE scan, which finds a page at once."""
        wanted = text.strip().casefold()
        if not wanted or (wanted.isascii() and wanted.removeprefix("+").isdigit()):
            return None
        revision = session.scalar(
            select(self.owner_model.revision).where(self.owner_model.id == self.owner_id)
        )
        with self._names_lock:
            held = self._names
        if held is None or held[0] != revision:
            query = select(self.model.area_name).where(self._fk == self.owner_id).distinct()
            names = [(name.casefold(), name) for name in session.scalars(query) if name]
            held = (revision, names)
            with self._names_lock:
                self._names = held
        matches = [name for folded, name in held[1] if wanted in folded]
        if len(matches) > AREA_NAMES_IN:
            return None
        return self.model.area_name.in_(matches) if matches else false()

    def count(self, text: str = "") -> int:
        with self.db.read() as session:
            where = self._where(session, text)
            query = select(func.count()).select_from(self.model).where(*where)
            return int(session.scalar(query) or 0)

    def page(
        self,
        text: str = "",
        after: tuple[str, datetime, int] | None = None,
        limit: int = PAGE,
    ) -> list[PriceRow]:
        """Up to ``limit`` rows after ``after`` (a row's key), in (prefix, activation) order."""
        m = self.model
        with self.db.read() as session:
            where = self._where(session, text)
            if after is not None:
                prefix, activation, _id = after
                where.append(
                    or_(m.prefix > prefix, and_(m.prefix == prefix, m.activation > activation))
                )
            columns = [m.id, *(getattr(m, name) for name in RATE_FIELDS)]
            query = select(*columns).where(*where).order_by(m.prefix, m.activation).limit(limit)
            # stored rows passed the deck checks on the way in (as rating_cache trusts them)
            return [PriceRow(r[0], trusted_rate_row(*r[1:])) for r in session.execute(query)]

    def export(self) -> str:
        """Every row as a deck file (the format import reads)."""
        with self.db.read() as session:
            return write_deck(load_rows(session, self._owner(session)))

    # --- changing --------------------------------------------------------------------------

    @staticmethod
    def _changed(owner: Tariff | DestinationSet) -> None:
        # the rating caches (this and every other process) rebuild when the revision moves
        owner.revision = (owner.revision or 0) + 1

    def _check_unique(self, session: Session, row: RateRow, row_id: int | None) -> None:
        m = self.model
        query = select(m.id).where(
            self._fk == self.owner_id, m.prefix == row.prefix, m.activation == row.activation
        )
        if row_id is not None:
            query = query.where(m.id != row_id)
        if session.scalar(query) is not None:
            raise PriceTableError(
                f"prefix {row.prefix} with activation {row.activation.isoformat()} "
                "is already in the table"
            )

    def _item(self, session: Session, row_id: int) -> Rate | Route:
        item = session.get(self.model, row_id)
        if not isinstance(item, (Rate, Route)) or getattr(item, self._fk.key) != self.owner_id:
            raise NotFound(f"row #{row_id} is gone (deleted meanwhile?)")
        return item

    def edit(
        self, row_id: int, changes: Mapping[str, str], *, now: datetime | None = None
    ) -> PriceRow:
        """Change cells of one row (deck column -> text), validated like a deck line."""
        with self.db.session() as session:
            owner = self._owner(session)
            item = self._item(session, row_id)
            old = _row_of(item)
            new = _parsed(old, changes, now or utcnow())
            if new == old:
                return PriceRow(row_id, old)
            self._check_unique(session, new, row_id)
            for name in RATE_FIELDS:
                setattr(item, name, getattr(new, name))
            self._changed(owner)
            before, after = deck_cells(old), deck_cells(new)
            audit(
                session,
                f"{self.kind}.edit",
                self._object_type,
                self.owner_id,
                self.user_id,
                name=owner.name,
                prefix=old.prefix,
                old={k: v for k, v in before.items() if after[k] != v},
                new={k: v for k, v in after.items() if before[k] != v},
            )
            return PriceRow(row_id, new)

    def add(self, cells: Mapping[str, str], *, now: datetime | None = None) -> PriceRow:
        """A new row from deck cells (prefix and price_1 at least; the rest as a deck's
        defaults: price_n = price_1, 60 s intervals, active from now)."""
        blank = RateRow("0", "", Decimal(0), Decimal(0))
        filled = {column: "" for column in COLUMNS if column != "area_name"}
        filled.update(cells)
        filled.setdefault("area_name", "")
        with self.db.session() as session:
            owner = self._owner(session)
            row = _parsed(blank, filled, now or utcnow())
            self._check_unique(session, row, None)
            item = self.model(**{name: getattr(row, name) for name in RATE_FIELDS})
            setattr(item, self._fk.key, self.owner_id)
            session.add(item)
            self._changed(owner)
            session.flush()
            audit(
                session,
                f"{self.kind}.add",
                self._object_type,
                self.owner_id,
                self.user_id,
                name=owner.name,
                new=deck_cells(row),
            )
            return PriceRow(item.id, row)

    def delete(self, row_ids: Iterable[int]) -> int:
        """Delete these rows (all or none); the audit keeps each one as it was."""
        ids = sorted(set(row_ids))
        if not ids:
            return 0
        with self.db.session() as session:
            owner = self._owner(session)
            items = [self._item(session, row_id) for row_id in ids]
            gone = [deck_cells(_row_of(item)) for item in items]
            for item in items:
                session.delete(item)
            self._changed(owner)
            audit(
                session,
                f"{self.kind}.delete",
                self._object_type,
                self.owner_id,
                self.user_id,
                name=owner.name,
                old=gone,
            )
            return len(items)

    def bulk_change(
        self,
        text: str,
        *,
        percent: Decimal | None = None,
        amount: Decimal | None = None,
    ) -> BulkResult:
        """Both prices of every row the filter ``text`` selects, moved by ``percent`` (10 =
        +10 %) or by ``amount`` (per minute), rounded half-up (up for a round-up tariff) to the
        owner's precision or the price's own decimals when it has more (0.0135 + 7.5 % is
        0.0145, not 0.01), at most the 6 decimals a price is stored with. A result below
        zero refuses the whole change."""
        if (percent is None) == (amount is None):
            raise PriceTableError("give either a percentage or an amount")
        step = percent if percent is not None else amount
        assert step is not None
        if not step.is_finite():
            raise PriceTableError(f"not a number: {step}")
        m = self.model
        with self.db.session() as session:
            owner = self._owner(session)
            precision, up = owner.precision, bool(getattr(owner, "round_up", False))

            def moved(price: Decimal) -> Decimal:
                value = price * (100 + percent) / 100 if percent is not None else price + step
                own = -int(price.normalize().as_tuple().exponent)
                return quantize(value, min(MONEY_DECIMALS, max(precision, own)), up)

            query = select(m.id, m.prefix, m.price_1, m.price_n).where(*self._where(session, text))
            updates: list[dict[str, Any]] = []
            sample: list[dict[str, str]] = []
            matched = 0
            for row_id, prefix, price_1, price_n in session.execute(query):
                matched += 1
                new_1, new_n = moved(price_1), moved(price_n)
                for new in (new_1, new_n):
                    if new < 0:
                        raise PriceTableError(
                            f"prefix {prefix}: the price would be {new:f} (below zero); "
                            "nothing was changed"
                        )
                    try:
                        validation.check_money(new)
                    except validation.ValidationError as exc:
                        raise PriceTableError(f"prefix {prefix}: price {exc}") from None
                if (new_1, new_n) == (price_1, price_n):
                    continue
                updates.append({"id": row_id, "price_1": new_1, "price_n": new_n})
                if len(sample) < AUDIT_SAMPLE:
                    sample.append(
                        {
                            "prefix": prefix,
                            "price_1": f"{price_1:f} -> {new_1:f}",
                            "price_n": f"{price_n:f} -> {new_n:f}",
                        }
                    )
            if updates:
                session.execute(update(m), updates)
                self._changed(owner)
                audit(
                    session,
                    f"{self.kind}.bulk_change",
                    self._object_type,
                    self.owner_id,
                    self.user_id,
                    name=owner.name,
                    filter=text.strip(),
                    percent=percent,
                    amount=amount,
                    precision=precision,
                    matched=matched,
                    changed=len(updates),
                    rows=sample,
                )
            return BulkResult(len(updates), matched)

    # --- importing -------------------------------------------------------------------------

    def import_deck(
        self,
        data: bytes | str,
        *,
        mode: Mode = "replace",
        source: str = "",
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        now: datetime | None = None,
    ) -> ImportReport:
        """Read a deck file and store it through services.rates.store_rates, in one
        transaction. A file with bad lines stores nothing and reports every bad line (up to
        BAD_LINES_MAX); a cancel at any point stores nothing."""
        report = progress or (lambda _phase, _done, _total: None)
        stop = cancelled or (lambda: False)
        rows, bad = _read_deck(data, now or utcnow(), report, stop)
        if rows is None:
            return ImportReport(cancelled=True)
        if bad:
            return ImportReport(bad_lines=bad, rows=len(rows))
        report("storing", 0, 0)
        try:
            with self.db.session() as session:  # an exception rolls the whole store back
                owner = self._owner(session)
                stored = store_rates(
                    session, owner, rows, mode, user_id=self.user_id, source=source
                )
                if stop():
                    raise _Cancelled
        except _Cancelled:
            return ImportReport(cancelled=True, rows=len(rows))
        except NotFound:
            raise
        except CallshopError as exc:  # e.g. a prefix twice with one activation, across chunks
            return ImportReport(bad_lines=[str(exc)], rows=len(rows))
        report("done", len(rows), len(rows))
        return ImportReport(stored=stored, rows=len(rows))


def _read_deck(
    data: bytes | str,
    now: datetime,
    progress: Progress,
    cancelled: Callable[[], bool],
) -> tuple[list[RateRow] | None, list[str]]:
    """Parse a deck in chunks of lines (each with the header) through parse_deck: progress
    and a cancel check between chunks, and every bad line found, not only the first. Returns
    (rows, bad lines); rows None when cancelled."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                parse_deck(data, now=now)  # the parser's own message, with the line
            except DeckError as exc:
                return [], [str(exc)]
            raise  # pragma: no cover - parse_deck refuses what decode refused
    else:
        text = data.removeprefix("\ufeff")
    lines = text.splitlines(keepends=True)
    if not lines or not text.strip():
        return [], [str(DeckError(1, None, "empty file: no header line"))]
    header, body = lines[0], lines[1:]
    try:
        parse_deck(header, now=now)
    except DeckError as exc:
        return [], [str(exc)]
    rows: list[RateRow] = []
    bad: list[str] = []
    total = len(body)
    start = 0
    progress("reading", 0, total)
    while start < total and len(bad) < BAD_LINES_MAX:
        if cancelled():
            return None, bad
        end = min(start + _IMPORT_CHUNK, total)
        try:
            rows.extend(parse_deck(header + "".join(body[start:end]), now=now))
        except DeckError as exc:
            line = exc.line + start  # the chunk's line 2 is the file's line start + 2
            bad.append(str(DeckError(line, exc.column, exc.problem)))
            end = line - 1  # go on just after the bad line
        start = end
        progress("reading", start, total)
    return rows, bad
