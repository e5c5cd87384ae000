"""The rating cache reads an owner's index from its stored snapshot only while the owner is at
the revision the snapshot was built at, and a snapshot that is stale, corrupt, of another
format or of a deleted owner is never used: the index is built from the rows instead. On
SQLite and PostgreSQL."""

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal as D

import pytest
from sqlalchemy import select, update

from callshop_pos.db.engine import Database, open_database
from callshop_pos.db.models import IndexSnapshot, Tariff
from callshop_pos.rating.index import PrefixIndex
from callshop_pos.rating.index_snapshot import FORMAT
from callshop_pos.rating.terms import RateRow
from callshop_pos.services.index_snapshots import write_snapshot
from callshop_pos.services.rates import create_tariff, store_rates
from callshop_pos.services.rating_cache import PriceList, RatingCache

T0 = datetime(2024, 1, 1, tzinfo=UTC)
NUMBERS = ["4930123", "4912", "49", "441234", "9" * 22, "1"]


def _rows(price: str) -> list[RateRow]:
    return [
        RateRow("49", "Germany", D(price), D(price), activation=T0),
        RateRow("4930", "Berlin", D("0.02"), D("0.02"), activation=T0),
        RateRow("44", "UK", D("0.03"), D("0.03"), 30, 6, activation=T0),
        RateRow("9" * 20, "long", D("1"), D("1"), activation=T0),
    ]


@pytest.fixture
def shop(db_url: str) -> Iterator[tuple[Database, int]]:
    db = open_database(db_url)
    try:
        with db.session() as session:
            tariff = create_tariff(session, "T")
            store_rates(session, tariff, _rows("0.10"))
            tariff_id = tariff.id
        yield db, tariff_id
    finally:
        db.dispose()


def _load(db: Database, tariff_id: int, **options: object) -> PriceList:
    cache = RatingCache(snapshot_min=1, **options)  # type: ignore[arg-type]
    with db.read() as session:
        price_list = cache.tariff(session, tariff_id)
    assert cache.wait_idle(30)  # the snapshot written, if one is
    assert price_list is not None
    return price_list


def _stored(db: Database) -> list[tuple[int | None, int]]:
    with db.read() as session:
        return [
            tuple(r)
            for r in session.execute(select(IndexSnapshot.tariff_id, IndexSnapshot.revision))
        ]  # type: ignore[misc]


def _answers(price_list: PriceList) -> list[object]:
    return [price_list.lookup(number, T0) for number in NUMBERS]


def _rows_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, building an index from the rows fails: a load that works read it from
    its snapshot."""

    def refused(*_args: object) -> PrefixIndex:
        raise AssertionError("built from the rows")

    monkeypatch.setattr(PrefixIndex, "from_keyed", refused)


def test_an_index_built_from_the_rows_is_stored_and_then_read_back(shop, monkeypatch) -> None:
    db, tariff_id = shop
    built = _load(db, tariff_id)
    assert _stored(db) == [(tariff_id, built.revision)]
    _rows_refused(monkeypatch)
    read = _load(db, tariff_id)
    assert read.revision == built.revision
    assert (
        _answers(read)
        == _answers(built)
        == _answers(PriceList(tariff_id, 0, read.terms, PrefixIndex(_rows("0.10"))))
    )
    assert list(read.index.rows()) == list(built.index.rows())


def test_a_snapshot_of_an_older_revision_is_not_used(shop) -> None:
    db, tariff_id = shop
    old = _load(db, tariff_id)
    with db.session() as session:
        store_rates(session, session.get(Tariff, tariff_id), _rows("0.20"))
    new = _load(db, tariff_id)
    assert new.revision == old.revision + 1
    assert new.lookup("4912", T0).price_1 == D("0.20")
    assert _stored(db) == [(tariff_id, new.revision)]  # replaced by the new one


@pytest.mark.parametrize(
    "change",
    [
        {"data": b"\x00" * 64},
        {"checksum": 12345},
        {"header": "{}"},
        {"format": FORMAT + 1},
    ],
    ids=["data", "checksum", "header", "format"],
)
def test_a_corrupt_or_foreign_snapshot_is_not_used_and_is_replaced(shop, change) -> None:
    db, tariff_id = shop
    good = _load(db, tariff_id)
    with db.session() as session:
        session.execute(update(IndexSnapshot).values(change))
    again = _load(db, tariff_id)
    assert _answers(again) == _answers(good)
    with db.read() as session:
        stored = session.execute(select(IndexSnapshot.format, IndexSnapshot.revision)).all()
    assert [tuple(s) for s in stored] == [(FORMAT, good.revision)]


def test_a_snapshot_goes_with_its_tariff(shop) -> None:
    db, tariff_id = shop
    _load(db, tariff_id)
    with db.session() as session:
        session.delete(session.get(Tariff, tariff_id))
    assert _stored(db) == []


def test_a_newer_snapshot_is_never_replaced_by_an_older_one(shop) -> None:
    db, tariff_id = shop
    _load(db, tariff_id)
    with db.session() as session:
        store_rates(session, session.get(Tariff, tariff_id), _rows("0.20"))
    newer = _load(db, tariff_id)
    stale = PrefixIndex(_rows("0.10"))
    assert not write_snapshot(db.engine, ("tariffs", tariff_id), newer.revision - 1, stale)
    assert _stored(db) == [(tariff_id, newer.revision)]


def test_small_decks_and_a_cache_without_snapshots_store_none(shop) -> None:
    db, tariff_id = shop
    with db.read() as session:
        assert RatingCache().tariff(session, tariff_id) is not None  # 3 prefixes: too few
    _load(db, tariff_id, snapshots=False)
    assert _stored(db) == []
