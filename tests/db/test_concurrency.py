"""Two counters (two engines) on one database, on SQLite and on PostgreSQL, their steps
interleaved deterministically: the second counter's unit of work commits in the middle of
the first one's (after its reads, before its writes), exactly where a race would put it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import ORMExecuteState, Session

from callshop_pos.counter import BoothMode
from callshop_pos.db.engine import Database, open_database
from callshop_pos.db.models import Account, Call
from callshop_pos.services import sessions
from callshop_pos.services.billing import record_call
from callshop_pos.services.rating_cache import RatingCache
from tests.core.shop import authorized, build_shop
from tests.core.test_sessions import T0, record

D = Decimal


@pytest.fixture
def counters(migrated_db_url):
    first = build_shop(migrated_db_url)
    second = open_database(migrated_db_url)
    yield first, second
    second.dispose()
    first.dispose()


def booth(s: Session, login: str = "booth1") -> Account:
    account = s.scalar(select(Account).where(Account.voip_login == login))
    assert account is not None
    return account


def before_first_flush(s: Session, other: Callable[[], None]) -> None:
    """Run ``other`` (a whole unit of work of another counter) once, just before ``s``
    writes anything: ``s`` has read its rows already."""
    done = []

    def interleave() -> None:
        if not done:
            done.append(True)
            other()

    event.listen(s, "before_flush", lambda *_: interleave())

    @event.listens_for(s, "do_orm_execute")
    def before_a_write(state: ORMExecuteState) -> None:
        # a write, or a read that locks rows for one (SELECT ... FOR UPDATE)
        locks = state.is_select and getattr(state.statement, "_for_update_arg", None) is not None
        if state.is_insert or state.is_update or state.is_delete or locks:
            interleave()


def start(db: Database, amount: str) -> None:
    with db.session() as s:
        sessions.start(
            s, booth(s), BoothMode.PREPAID, D(amount), at=datetime.fromtimestamp(T0 - 60, UTC)
        )


def test_two_counters_recording_the_same_call_bill_it_once(counters) -> None:
    first, second = counters
    start(first, "5")
    authorized(first, record("same", "4930", 60))
    cache = RatingCache()
    results = []
    with first.session() as s:
        before_first_flush(s, lambda: results.append(_record(second, cache, "same")))
        results.append(record_call(s, cache, record("same", "4930", 60)) is not None)
    assert sorted(results) == [False, True]
    with first.read() as s:
        assert [c.cost for c in s.scalars(select(Call))] == [D("0.10")]


def _record(db: Database, cache: RatingCache, uid: str) -> bool:
    with db.session() as s:
        return record_call(s, cache, record(uid, "4930", 60)) is not None


def test_a_top_up_while_a_call_is_billed_loses_neither(counters) -> None:
    first, second = counters
    start(first, "5")
    authorized(first, record("c1", "4930", 60))

    def top_up_at_the_other_counter() -> None:
        with second.session() as s:
            sessions.topup(s, booth(s), D("2"))

    with first.session() as s:
        before_first_flush(s, top_up_at_the_other_counter)
        assert record_call(s, RatingCache(), record("c1", "4930", 60)) is not None  # 0.10
    with first.read() as s:
        assert booth(s).balance == D("6.90")


def test_a_second_start_of_the_same_booth_is_refused(counters) -> None:
    first, second = counters
    start(first, "5")
    with pytest.raises(sessions.CounterError, match="already started"):
        start(second, "3")
    with second.read() as s:
        assert booth(s).balance == D("5")
