"""Two cashiers at once, 50 rounds each, on SQLite and on PostgreSQL: two counters (two
engines, two connection pools) on one database, their actions released together by a
``threading.Barrier``, and a last test with two real processes. After every test: no Start
taken twice, no refund given twice, no top-up lost, and the money adds up to the cent
(payments in = calls + extras billed = the sessions' totals)."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from callshop_pos.counter import BoothMode, CounterError
from callshop_pos.db.engine import Database, open_database
from callshop_pos.db.models import Account, BoothSession, Call, ExtraItem, Payment
from callshop_pos.pbx.tracker import CallRecord
from callshop_pos.services import sessions
from callshop_pos.services.billing import record_call
from callshop_pos.services.counter_actions import CounterActions
from callshop_pos.services.rating_cache import RatingCache
from tests.core.shop import authorized, build_shop
from tests.core.test_sessions import T0, record

D = Decimal
ROUNDS = 50
GUARD = 60.0  # a Barrier's deadlock guard only: never reached when the code is right


@pytest.fixture
def two(migrated_db_url: str) -> Iterator[tuple[Database, Database]]:
    first = build_shop(migrated_db_url)
    second = open_database(migrated_db_url)
    yield first, second
    second.dispose()
    first.dispose()


def booth_id(db: Database, login: str = "booth1") -> int:
    with db.read() as s:
        return int(s.scalar(select(Account.id).where(Account.voip_login == login)))


def at_once(*actions: Callable[[], Any]) -> list[Any]:
    """Run the actions on their own threads, released together; each one's result or the
    exception it raised."""
    barrier = threading.Barrier(len(actions), timeout=GUARD)
    results: list[Any] = [None] * len(actions)

    def run(i: int, action: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            results[i] = action()
        except Exception as exc:  # the test looks at it
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(GUARD)
    return results


def errors(results: list[Any]) -> list[BaseException]:
    return [r for r in results if isinstance(r, BaseException)]


def assert_books_balance(db: Database) -> dict[str, int]:
    """Every session closed once, the money in equals the money billed, to the cent."""
    with db.read() as s:
        paid = s.scalar(select(func.coalesce(func.sum(Payment.amount), 0)))
        calls = s.scalar(select(func.coalesce(func.sum(Call.cost), 0)))
        extras = s.scalar(select(func.coalesce(func.sum(ExtraItem.amount), 0)))
        totals = s.scalar(select(func.coalesce(func.sum(BoothSession.total), 0)))
        refunds = s.execute(
            select(Payment.session_id, func.count())
            .where(Payment.kind == "refund")
            .group_by(Payment.session_id)
        ).all()
        still_open = s.scalar(
            select(func.count()).select_from(BoothSession).where(BoothSession.stopped_at.is_(None))
        )
        kinds = dict(s.execute(select(Payment.kind, func.count()).group_by(Payment.kind)).all())
    assert [n for _, n in refunds if n != 1] == [], "a refund given twice"
    assert still_open == 0
    assert D(paid) == D(calls) + D(extras) == D(totals)
    return kinds


def test_two_starts_of_one_booth_at_once_one_wins(two) -> None:
    first, second = two
    a, b = CounterActions(first), CounterActions(second)
    account = booth_id(first)
    for _ in range(ROUNDS):
        results = at_once(
            lambda: a.start(account, BoothMode.PREPAID, D("5"), D(0)),
            lambda: b.start(account, BoothMode.PREPAID, D("3"), D(0)),
        )
        [lost] = errors(results)
        assert isinstance(lost, CounterError), lost
        assert "started" in str(lost)
        won = D("5") if isinstance(results[1], BaseException) else D("3")
        with first.read() as s:
            assert s.get(Account, account).balance == won  # the loser's money is not in
        a.stop(account)
    kinds = assert_books_balance(first)
    assert kinds["prepayment"] == kinds["refund"] == ROUNDS


def test_two_stops_of_one_booth_at_once_refund_once(two) -> None:
    first, second = two
    a, b = CounterActions(first), CounterActions(second)
    account = booth_id(first)
    for _ in range(ROUNDS):
        a.start(account, BoothMode.PREPAID, D("5"), D(0))
        a.add_extra(account, "coffee", D("1.25"))
        results = at_once(lambda: a.stop(account), lambda: b.stop(account))
        [lost] = errors(results)
        assert isinstance(lost, CounterError), lost
        assert "stopped at another counter" in str(lost) or "not started" in str(lost)
    kinds = assert_books_balance(first)
    assert kinds["refund"] == ROUNDS  # 3.75 back each time, never twice


def test_two_top_ups_at_once_keep_both(two) -> None:
    first, second = two
    a, b = CounterActions(first), CounterActions(second)
    account = booth_id(first)
    for _ in range(ROUNDS):
        a.start(account, BoothMode.PREPAID, D("5"), D(0))
        assert (
            errors(at_once(lambda: a.topup(account, D("2")), lambda: b.topup(account, D("0.75"))))
            == []
        )
        with first.read() as s:
            assert s.get(Account, account).balance == D("7.75")
        assert b.summary(account).prepaid == D("7.75")
        a.stop(account)
    kinds = assert_books_balance(first)
    assert kinds["topup"] == 2 * ROUNDS


def test_a_top_up_while_a_call_is_billed_loses_neither(two) -> None:
    first, second = two
    cashier = CounterActions(second)
    account = booth_id(first)
    cache = RatingCache()
    for n in range(ROUNDS):
        with first.session() as s:
            sessions.start(
                s,
                s.get(Account, account),
                BoothMode.PREPAID,
                D("5"),
                at=datetime.fromtimestamp(T0 - 60, UTC),
            )
        call = authorized(first, record(f"c{n}", "4930", 60))  # Germany, 0.10

        def bill(call: CallRecord = call) -> bool:
            with first.session() as s:
                return record_call(s, cache, call) is not None

        assert at_once(bill, lambda: cashier.topup(account, D("1"))) == [True, None]
        with first.read() as s:
            assert s.get(Account, account).balance == D("5.90")
        cashier.stop(account)
    assert_books_balance(first)


# --- two processes -----------------------------------------------------------------------


def _cashier(url: str, account: int, barrier: Any, amount: str, out: Any) -> None:
    """One counter in its own process: Start, top up, Stop, released with the other one."""
    db = open_database(url, upgrade=False)
    actions = CounterActions(db)
    tally = {"started": 0, "stopped": 0, "topups": 0, "refused": 0}
    try:
        for _ in range(ROUNDS):
            for step, action in (
                ("started", lambda: actions.start(account, BoothMode.PREPAID, D(amount), D(0))),
                ("topups", lambda: actions.topup(account, D("0.50"))),
                ("stopped", lambda: actions.stop(account)),
            ):
                barrier.wait()
                try:
                    action()
                    tally[step] += 1
                except CounterError:
                    tally["refused"] += 1
        out.put(tally)
    except BaseException as exc:  # the parent shows it
        out.put(repr(exc))
        barrier.abort()
    finally:
        db.dispose()


def test_two_processes_against_one_database(two) -> None:
    first, _ = two
    url = first.engine.url.render_as_string(hide_password=False)
    account = booth_id(first)
    ctx = multiprocessing.get_context("spawn")  # a clean interpreter, like a second PC
    barrier = ctx.Barrier(2, timeout=GUARD)
    out = ctx.Queue()
    workers = [
        ctx.Process(target=_cashier, args=(url, account, barrier, amount, out))
        for amount in ("5", "3")
    ]
    for w in workers:
        w.start()
    tallies = [out.get(timeout=GUARD * 2) for _ in workers]
    for w in workers:
        w.join(GUARD)
    assert all(isinstance(t, dict) for t in tallies), tallies
    started = sum(t["started"] for t in tallies)
    stopped = sum(t["stopped"] for t in tallies)
    topups = sum(t["topups"] for t in tallies)
    assert started == stopped == ROUNDS  # each round: one Start and one Stop win
    kinds = assert_books_balance(first)
    assert kinds["prepayment"] == ROUNDS
    assert kinds.get("topup", 0) == topups  # every top-up that said yes is in the books
    assert kinds["refund"] == ROUNDS
