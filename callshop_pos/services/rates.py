"""Storing rate decks: a tariff's rates (sell prices) or a destination set's routes (buy prices).

The rating package parses and writes deck files (pure); this module puts rows into the
database and reads them back. Storing is diff-based: only rows that are new, changed or gone
are written, through Core ``executemany`` (no ORM objects per row), so a 250,000-row deck
stores in seconds and re-importing an unchanged deck writes nothing at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from callshop_pos.db.engine import Database
from callshop_pos.db.models import DestinationSet, Rate, Route, Tariff
from callshop_pos.db.types import utcnow
from callshop_pos.errors import CallshopError, NotFound
from callshop_pos.rating.deck import merge, parse_deck, write_deck
from callshop_pos.rating.terms import RateRow
from callshop_pos.services.audit import audit

Owner = Tariff | DestinationSet
Mode = Literal["replace", "merge"]
MODES: tuple[Mode, ...] = ("replace", "merge")

# the rate columns, in RateRow's field order
RATE_FIELDS = (
    "prefix",
    "area_name",
    "price_1",
    "price_n",
    "interval_1",
    "interval_n",
    "forbidden",
    "grace_enabled",
    "activation",
    "expiration",
)
_CHUNK = 500  # ids per DELETE ... IN (...): well under SQLite's bound-parameter limit

Key = tuple[str, datetime]


@dataclass(frozen=True)
class StoreResult:
    added: int
    updated: int
    removed: int
    total: int  # rows of the owner after storing

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def __str__(self) -> str:
        return (
            f"{self.added} added, {self.updated} updated, {self.removed} removed, "
            f"{self.total} in total"
        )


def _table(owner: Owner) -> tuple[type[Rate] | type[Route], Any]:
    """The row model of ``owner`` and the column pointing back to it."""
    if isinstance(owner, Tariff):
        return Rate, Rate.tariff_id
    return Route, Route.destination_set_id


def _key(row: RateRow) -> Key:
    return row.prefix, row.activation


def _as_row(values: Sequence[Any]) -> RateRow:
    return RateRow(**dict(zip(RATE_FIELDS, values, strict=True)))


def _load(session: Session, owner: Owner) -> dict[Key, tuple[int, RateRow]]:
    model, fk = _table(owner)
    columns = [getattr(model, name) for name in RATE_FIELDS]
    result = session.execute(select(model.id, *columns).where(fk == owner.id))
    loaded: dict[Key, tuple[int, RateRow]] = {}
    for row_id, *values in result:
        rate = _as_row(values)
        loaded[_key(rate)] = (row_id, rate)
    return loaded


def load_rows(session: Session, owner: Owner) -> list[RateRow]:
    """The owner's rows, ordered by prefix then activation (the order decks are written in)."""
    return sorted((rate for _id, rate in _load(session, owner).values()), key=_key)


def _check_unique(rows: Iterable[RateRow]) -> None:
    seen: set[Key] = set()
    for row in rows:
        key = _key(row)
        if key in seen:
            raise CallshopError(
                f"prefix {row.prefix} appears twice with activation {row.activation.isoformat()}"
            )
        seen.add(key)


def store_rates(
    session: Session,
    owner: Owner,
    rows: list[RateRow],
    mode: Mode = "replace",
    *,
    user_id: int | None = None,
    source: str = "",
) -> StoreResult:
    """Store ``rows`` as the owner's deck. ``replace``: the owner's rows become exactly
    ``rows``; ``merge``: ``rows`` are merged into the existing ones (rating.deck.merge).
    The owner's revision is bumped (and an audit row written) only when something changed,
    so in-memory prefix indexes are not rebuilt for nothing."""
    if mode not in MODES:
        raise CallshopError(f"unknown mode {mode!r} (use replace or merge)")
    if owner.id is None:
        session.flush()  # a new owner needs its id before its rows can point at it
    model, fk = _table(owner)
    current = _load(session, owner)
    target = rows if mode == "replace" else merge([r for _i, r in current.values()], rows)
    _check_unique(target)

    wanted = {_key(row): row for row in target}
    gone_ids = [row_id for key, (row_id, _r) in current.items() if key not in wanted]
    added = [row for key, row in wanted.items() if key not in current]
    changed = [row for key, row in wanted.items() if key in current and current[key][1] != row]
    # a changed row is rewritten (delete + insert): rate ids are never referenced (calls keep
    # a snapshot of the rate), and one executemany insert is far faster than row updates
    stale_ids = gone_ids + [current[_key(row)][0] for row in changed]
    for start in range(0, len(stale_ids), _CHUNK):
        session.execute(delete(model).where(model.id.in_(stale_ids[start : start + _CHUNK])))
    fresh = added + changed
    if fresh:
        owner_column = fk.key
        session.execute(
            insert(model),
            [{owner_column: owner.id, **_row_values(row)} for row in fresh],
        )

    result = StoreResult(len(added), len(changed), len(gone_ids), len(wanted))
    if result.changed:
        owner.revision = (owner.revision or 0) + 1
        audit(
            session,
            "rates.import" if isinstance(owner, Tariff) else "routes.import",
            type(owner).__name__.lower(),
            owner.id,
            user_id,
            name=owner.name,
            mode=mode,
            source=source,
            added=result.added,
            updated=result.updated,
            removed=result.removed,
            total=result.total,
        )
    session.flush()
    return result


def _row_values(row: RateRow) -> dict[str, Any]:
    return {name: getattr(row, name) for name in RATE_FIELDS}


# --- by name ---------------------------------------------------------------------------------


def find_owner(
    session: Session, *, tariff: str | None = None, destination_set: str | None = None
) -> Owner:
    """The tariff or destination set named (exactly one of the two must be given)."""
    if (tariff is None) == (destination_set is None):
        raise CallshopError("name either a tariff or a destination set")
    if tariff is not None:
        found = session.scalar(select(Tariff).where(Tariff.name == tariff))
        if found is None:
            raise NotFound(f"no tariff named {tariff!r}")
        return found
    found_set = session.scalar(select(DestinationSet).where(DestinationSet.name == destination_set))
    if found_set is None:
        raise NotFound(f"no destination set named {destination_set!r}")
    return found_set


def import_deck_file(
    db: Database,
    path: str | Path,
    *,
    tariff: str | None = None,
    destination_set: str | None = None,
    mode: Mode = "replace",
    now: datetime | None = None,
    user_id: int | None = None,
) -> StoreResult:
    """Parse the deck file completely first (a bad line raises DeckError and nothing is
    stored), then store it in one transaction."""
    file = Path(path)
    rows = parse_deck(file.read_bytes(), now=now or utcnow())
    with db.session() as session:
        owner = find_owner(session, tariff=tariff, destination_set=destination_set)
        return store_rates(session, owner, rows, mode, user_id=user_id, source=file.name)


def export_deck(
    db: Database, *, tariff: str | None = None, destination_set: str | None = None
) -> str:
    """The owner's deck as text, in the format import_deck_file reads."""
    with db.read() as session:
        owner = find_owner(session, tariff=tariff, destination_set=destination_set)
        return write_deck(load_rows(session, owner))


# --- tariffs ---------------------------------------------------------------------------------


TARIFF_KINDS = ("retail", "wholesale")


def create_tariff(
    session: Session, name: str, *, user_id: int | None = None, **fields: Any
) -> Tariff:
    """A new, empty tariff; ``fields`` are Tariff columns (currency, connect_fee, ...)."""
    name = name.strip()
    if not name:
        raise CallshopError("a tariff needs a name")
    if session.scalar(select(Tariff.id).where(Tariff.name == name)) is not None:
        raise CallshopError(f"a tariff named {name!r} already exists")
    if fields.get("kind", "retail") not in TARIFF_KINDS:
        raise CallshopError(f"tariff kind must be retail or wholesale, not {fields['kind']!r}")
    for money in ("connect_fee", "post_call_surcharge"):
        if money in fields and Decimal(fields[money]) < 0:
            raise CallshopError(f"{money.replace('_', ' ')} cannot be negative")
    tariff = Tariff(name=name, **fields)
    session.add(tariff)
    session.flush()
    audit(session, "tariff.create", "tariff", tariff.id, user_id, name=name)
    return tariff


@dataclass(frozen=True)
class TariffSummary:
    tariff: Tariff
    rates: int


def tariff_summaries(session: Session) -> list[TariffSummary]:
    """Every tariff with its number of rates, by name."""
    counts: dict[int, int] = {
        tariff_id: n
        for tariff_id, n in session.execute(
            select(Rate.tariff_id, func.count()).group_by(Rate.tariff_id)
        )
    }
    tariffs = session.scalars(select(Tariff).order_by(Tariff.name))
    return [TariffSummary(t, counts.get(t.id, 0)) for t in tariffs]
