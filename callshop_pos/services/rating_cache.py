"""In-memory prefix indexes of tariffs and destination sets, rebuilt when their revision moves.

Every lookup asks the database only for the owner's revision (one indexed row), so a deck
changed by another process or another counter is picked up at the next call, and a lookup
never scans the rates table. A changed deck's index is built aside and swapped in: no
lookup (no booth call's authorization) waits for it.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Connection,
    Engine,
    bindparam,
    case,
    cast,
    column,
    func,
    literal,
    select,
    table,
)
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from callshop_pos.db.models import DestinationSet, Preferences, Rate, Route, Tariff
from callshop_pos.db.types import Money, UTCDateTime
from callshop_pos.rating.index import KEY_DIGITS, PrefixIndex
from callshop_pos.rating.numbers import NumberPlan
from callshop_pos.rating.terms import RateRow, TariffTerms
from callshop_pos.services.index_snapshots import MIN_PREFIXES, read_snapshot, write_snapshot
from callshop_pos.services.rates import RATE_FIELDS

log = logging.getLogger(__name__)


def tariff_terms(tariff: Tariff | DestinationSet) -> TariffTerms:
    if isinstance(tariff, DestinationSet):
        return TariffTerms(
            currency=tariff.currency,
            connect_fee=tariff.connect_fee,
            free_seconds=tariff.free_seconds,
            precision=tariff.precision,
        )
    return TariffTerms(
        currency=tariff.currency,
        connect_fee=tariff.connect_fee,
        free_seconds=tariff.free_seconds,
        grace_period=tariff.grace_period,
        post_call_surcharge=tariff.post_call_surcharge,
        precision=tariff.precision,
        round_up=tariff.round_up,
    )


def number_plan(prefs: Preferences) -> NumberPlan:
    return NumberPlan.of_settings(prefs.access_codes, prefs.country_code, prefs.national_prefix)


@dataclass(frozen=True)
class PriceList:
    """A tariff's (or destination set's) terms and its index, at one revision."""

    owner_id: int
    revision: int
    terms: TariffTerms
    index: PrefixIndex

    def lookup(self, digits: str, at: datetime) -> RateRow | None:
        return self.index.lookup(digits, at)


_REVISION = {
    model: select(model.revision).where(model.id == bindparam("id"))
    for model in (Tariff, DestinationSet)
}
_MODELS: dict[str, tuple[type[Tariff] | type[DestinationSet], type[Rate] | type[Route]]] = {
    Tariff.__tablename__: (Tariff, Rate),
    DestinationSet.__tablename__: (DestinationSet, Route),
}
_Key = tuple[str, int]  # (owner table, owner id)


def load_price_list(session: Session, key: _Key) -> PriceList | None:
    """The owner's price list as stored now (None: no such owner), read in ``session``."""
    return _load(session, key, snapshots=True)[0]


def _load(session: Session, key: _Key, snapshots: bool) -> tuple[PriceList | None, bool]:
    """(the owner's price list, whether its index was built from the rows): from the
    owner's snapshot at its revision when ``snapshots`` and there is a good one.

    The revision is read before the rows, so the list is never older than the revision it
    carries (at worst newer, which only means one more rebuild)."""
    owner_model, rate_model = _MODELS[key[0]]
    owner = session.get(owner_model, key[1])
    if not isinstance(owner, (Tariff, DestinationSet)):
        return None, False
    revision, terms = owner.revision, tariff_terms(owner)
    index = read_snapshot(session, key, revision) if snapshots else None
    built = index is None
    if index is None:
        index = stored_index(session, rate_model, key[1])
    return PriceList(key[1], revision, terms, index), built


def stored_index(session: Session, model: type[Rate] | type[Route], owner_id: int) -> PrefixIndex:
    """The owner's rows as an index, fetched raw from the DB-API cursor (no ORM or result
    rows, no per-row type processing) in prefix order, each prefix as the key the index
    holds (its digits padded to 18, computed by the database) and its length, so no prefix
    string is made at all. Each distinct stored price and date is converted once, by the
    column types' own result processors."""
    fk = "tariff_id" if model is Rate else "destination_set_id"
    raw = table(model.__tablename__, column(fk), *map(column, RATE_FIELDS))
    prefix, values = raw.c.prefix, [raw.c[name] for name in RATE_FIELDS[1:]]
    length = func.length(prefix)
    padded = func.substr(prefix.concat(literal("0" * KEY_DIGITS)), 1, KEY_DIGITS)
    query = (
        select(
            cast(padded, BigInteger),
            length,
            case((length > KEY_DIGITS, prefix)),  # only the rare longer prefixes as text
            *values,
        )
        .where(raw.c[fk] == owner_id)
        .order_by(prefix, raw.c.activation)
    )
    dialect = session.get_bind().dialect
    # Hundreds of thousands of row tuples are alive at once and none is part of a cycle:
    # collections on the way would only walk them again and again.
    enabled = gc.isenabled()
    gc.disable()
    try:
        rows = session.connection().execute(query).cursor.fetchall()
        return PrefixIndex.from_keyed(
            rows, _result(Money(), dialect), _result(UTCDateTime(), dialect)
        )
    finally:
        if enabled:
            gc.enable()


def _result(kind: TypeEngine[Any], dialect: Any) -> Callable[[Any], Any]:
    """The column type's conversion of one stored value (the index calls it once per
    distinct value)."""
    process = kind.dialect_impl(dialect).result_processor(dialect, None)
    return process if process is not None else _same


def _same(value: Any) -> Any:
    return value


class _Build:
    """One load of an owner's price list under way; ``done`` is set when it ended."""

    __slots__ = ("done", "revision")

    def __init__(self, revision: int) -> None:
        self.revision = revision
        self.done = threading.Event()


class RatingCache:
    """Thread-safe: the GUI thread and the PBX engine's threads share one cache.

    A lookup never waits for a reload: when an owner's revision moved, its new price list is
    built on a background thread (with its own database session) while lookups keep getting
    the current one; the new list replaces it in one assignment when it is complete. Only an
    owner with no list at all yet is loaded in the caller's thread (or waited for, when
    another thread is already loading it); the runtime loads every owner at start.

    A load reads the owner's stored index snapshot when it was built at the owner's revision
    (services/index_snapshots.py); an index built from the rows is stored as one (on a
    thread of its own when the load was the caller's), so the next start, or the other
    counters, need not build it again.
    """

    def __init__(
        self, recheck: float = 0.5, snapshots: bool = True, snapshot_min: int = MIN_PREFIXES
    ) -> None:
        # A deck changed elsewhere is picked up within ``recheck`` seconds.
        self.recheck = recheck
        # Indexes are read from their stored snapshots (services/index_snapshots.py), and
        # one built from the rows with at least ``snapshot_min`` prefixes is stored.
        self.snapshots = snapshots
        self.snapshot_min = snapshot_min
        self._checked: dict[_Key, float] = {}
        self._lists: dict[_Key, PriceList] = {}
        self._builds: dict[_Key, _Build] = {}
        self._writes: set[threading.Thread] = set()
        self._lock = threading.Lock()

    def tariff(self, session: Session, tariff_id: int) -> PriceList | None:
        return self._get(session, (Tariff.__tablename__, tariff_id))

    def destination_set(self, session: Session, set_id: int) -> PriceList | None:
        return self._get(session, (DestinationSet.__tablename__, set_id))

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait for the background rebuilds under way (tests, an orderly shutdown); False
        when one was still running after ``timeout`` seconds."""
        with self._lock:
            builds, writes = list(self._builds.values()), list(self._writes)
        deadline = None if timeout is None else time.monotonic() + timeout
        for write in writes:
            write.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        return all(build.done.wait(left) for build in builds) and not any(
            write.is_alive() for write in writes
        )

    def _get(self, session: Session, key: _Key) -> PriceList | None:
        now = time.monotonic()
        with self._lock:
            cached = self._lists.get(key)
            if cached is not None and now - self._checked.get(key, 0.0) < self.recheck:
                return cached  # checked a moment ago: spare the query in a burst of calls
        # one indexed read of the revision (a plain query: cheaper than loading the object)
        revision = session.execute(_REVISION[_MODELS[key[0]][0]], {"id": key[1]}).scalar()
        with self._lock:
            if revision is None:  # deleted
                self._lists.pop(key, None)
                return None
            self._checked[key] = now
            cached = self._lists.get(key)
            if cached is not None and cached.revision >= revision:
                return cached
            build = self._builds.get(key)
            mine = build is None
            if build is None:
                build = self._builds[key] = _Build(revision)
        if cached is not None:
            if mine:  # the old list answers until the new one is swapped in
                threading.Thread(
                    target=self._rebuild,
                    args=(session.get_bind(), key, build),
                    name=f"rating-rebuild-{key[0]}-{key[1]}",
                    daemon=True,
                ).start()
            return cached
        if not mine:  # another thread is loading it: wait for that load, not a second one
            build.done.wait()
            with self._lock:
                found = self._lists.get(key)
            if found is not None:
                return found
            return self._get(session, key)  # that load failed: try here
        try:
            price_list, built = _load(session, key, self.snapshots)
            installed = self._install(key, price_list)
        finally:
            self._finish(key, build)
        if built and price_list is not None and self._worth_storing(session.get_bind(), price_list):
            write = threading.Thread(  # not a daemon: an exiting command still stores it
                target=self._store,
                args=(session.get_bind(), key, price_list),
                name=f"rating-snapshot-{key[0]}-{key[1]}",
            )
            with self._lock:
                self._writes.add(write)
            write.start()
        return installed

    def _rebuild(self, bind: Engine | Connection, key: _Key, build: _Build) -> None:
        try:
            with Session(bind=bind) as session:
                price_list, built = _load(session, key, self.snapshots)
            self._install(key, price_list)
            if built and price_list is not None and self._worth_storing(bind, price_list):
                self._store(bind, key, price_list)
        except Exception:  # the old list stays in use; the next check tries again
            log.exception("could not reload the price list %s %s", *key)
        finally:
            self._finish(key, build)

    def _worth_storing(self, bind: Engine | Connection, price_list: PriceList) -> bool:
        # Only through an engine: a caller's connection is not to be used from a thread.
        return (
            self.snapshots
            and isinstance(bind, Engine)
            and price_list.index.prefix_count >= self.snapshot_min
        )

    def _store(self, bind: Engine | Connection, key: _Key, price_list: PriceList) -> None:
        try:
            assert isinstance(bind, Engine)
            write_snapshot(bind, key, price_list.revision, price_list.index)
        except Exception:  # a load that does not find it builds from the rows again
            log.exception("could not store the index of %s %s", *key)
        finally:
            with self._lock:
                self._writes.discard(threading.current_thread())

    def _install(self, key: _Key, price_list: PriceList | None) -> PriceList | None:
        with self._lock:
            current = self._lists.get(key)
            if price_list is None:
                self._lists.pop(key, None)
            elif current is None or price_list.revision >= current.revision:
                self._lists[key] = price_list  # the swap: one assignment under the lock
            else:
                price_list = current
        return price_list

    def _finish(self, key: _Key, build: _Build) -> None:
        with self._lock:
            if self._builds.get(key) is build:
                del self._builds[key]
        build.done.set()
