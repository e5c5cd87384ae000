"""The board in memory (services/board_state.py): the PBX engine's call events reach the board
listeners without one SQL statement; the database is read for all booths at once at the
start, and afterwards only for a booth whose revision moved (this counter's action, a billed
call, another counter's change seen by the board watcher). A real SQLite file; the statements
are counted with SQLAlchemy's ``before_cursor_execute`` event."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
from sqlalchemy import event, select

from callshop_pos.counter import BoothMode, BoothView, CallPhase, LiveCallView, PbxLink
from callshop_pos.db.engine import Database, open_database
from callshop_pos.db.models import Account
from callshop_pos.services import sessions
from callshop_pos.services.billing import record_call
from callshop_pos.services.board_state import BoardState, read_booths
from callshop_pos.services.board_watch import BoardWatcher
from callshop_pos.services.counter import CounterService
from callshop_pos.services.rating_cache import RatingCache
from tests.core.shop import authorized, build_shop
from tests.core.test_sessions import T0, record
from tests.ui.fakes import rate

D = Decimal
GERMANY = rate("0.10", "Germany", "49")


class Board:
    """A board listener: every view told, in order."""

    def __init__(self) -> None:
        self.views: list[BoothView] = []

    def booth_changed(self, view: BoothView) -> None:
        self.views.append(view)

    def pbx_state(self, state: PbxLink, detail: str) -> None: ...

    def printer_state(self, text: str, waiting: int) -> None: ...

    def database_state(self, ok: bool, detail: str) -> None: ...


class Statements:
    def __init__(self) -> None:
        self.sql: list[str] = []

    def __len__(self) -> int:
        return len(self.sql)


@contextmanager
def counted(db: Database) -> Iterator[Statements]:
    """Every SQL statement sent to the database meanwhile."""
    seen = Statements()

    def before(_conn, _cursor, statement: str, *_args) -> None:
        seen.sql.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def account_id(db: Database, login: str = "booth1") -> int:
    with db.read() as s:
        return int(s.scalar(select(Account.id).where(Account.voip_login == login)))


def tick(n: int, cap: int = 3000) -> LiveCallView:
    return LiveCallView(f"00491511{n:04d}", CallPhase.ANSWERED, T0, T0 + 5, GERMANY, cap)


@pytest.fixture
def shop(tmp_path) -> Iterator[tuple[Database, CounterService, Board]]:
    db = build_shop(tmp_path / "shop.db")
    counter = CounterService(db)
    board = Board()
    counter.add_listener(board)
    try:
        yield db, counter, board
    finally:
        db.dispose()


def test_100_live_call_ticks_and_registrations_run_no_sql(shop) -> None:
    db, counter, board = shop
    booth = account_id(db)
    counter.start(booth, BoothMode.PREPAID, D("5"), D(0))
    counter.board()
    board.views.clear()
    with counted(db) as statements:
        counter.registration("booth1", True)
        for n in range(100):
            counter.live_call("booth1", tick(n, cap=3000 - n))
        counter.registration("booth2", False)
        counter.live_call("booth1", None)
    assert len(statements) == 0, statements.sql
    assert len(board.views) == 103
    ticks = board.views[1:101]
    assert [v.call.number for v in ticks if v.call] == [tick(n).number for n in range(100)]
    assert ticks[-1].call is not None and ticks[-1].call.cap_seconds == 2901
    # the stored half is the database's: the session started above, its prepayment
    assert all(v.mode is BoothMode.PREPAID and v.prepaid == D(5) for v in ticks)
    assert all(v.registered is True for v in ticks)
    assert board.views[101].login == "booth2" and board.views[101].registered is False
    assert board.views[102].call is None and board.views[102].registered is True


def test_the_engine_half_survives_a_read_of_the_stored_half(shop) -> None:
    """A Start (a read of the booth) keeps the live call and the registration the engine
    told; the Start clears a refusal, the next call clears one too."""
    db, counter, board = shop
    booth = account_id(db)
    counter.board()
    counter.registration("booth1", True)
    counter.live_call("booth1", tick(1))
    view = counter.start(booth, BoothMode.PREPAID, D("5"), D(0))
    assert view.prepaid == D(5) and view.registered is True and view.call == tick(1)
    assert board.views[-1] == view


def test_the_board_is_read_in_the_same_few_statements_for_3_or_30_booths(tmp_path) -> None:
    counts = []
    for booths in (3, 30):
        db = build_shop(tmp_path / f"shop{booths}.db", booths=booths)
        try:
            with db.session() as s:  # every booth running: a session and a payment each
                for account in s.scalars(select(Account)):
                    sessions.start(s, account, BoothMode.PREPAID, D("5"), D(0))
            counter = CounterService(db)
            with counted(db) as statements:
                views = counter.board()
            assert len(views) == booths + 1  # + the walk-in booth
            assert all(v.prepaid == D(5) and v.mode is BoothMode.PREPAID for v in views)
            assert [v.position for v in views] == sorted(v.position for v in views)
            counts.append(len(statements))
        finally:
            db.dispose()
    assert counts[0] == counts[1] <= 4, counts


def test_a_billed_call_reads_its_booth_once_and_shows_its_cost(shop) -> None:
    db, counter, board = shop
    booth = account_id(db)
    counter.start(booth, BoothMode.PREPAID, D("5"), D(0))
    counter.live_call("booth1", tick(1))
    rec = authorized(db, record("u1", "0049301234", 125))
    with db.session() as s:
        assert record_call(s, RatingCache(), rec) is not None  # 180 s billed: 0.30
    board.views.clear()
    with counted(db) as statements:
        counter.call_recorded("booth1", rec, True)
    assert len(statements) <= 4, statements.sql
    assert all("booth2" not in str(sql) for sql in statements.sql)
    (view,) = board.views
    assert view.call is None and view.session_total == D("0.30") and view.balance == D("4.70")


def test_the_watcher_reads_only_booths_this_board_does_not_hold(tmp_path) -> None:
    """B's own Start is held already: the watcher's poll costs B one statement (the
    revisions). Counter A's top-up moves one booth: B reads that booth, and only it."""
    path = tmp_path / "shop.db"
    a_db = build_shop(path, booths=10)
    b_db = open_database(path)
    try:
        a, b = CounterService(a_db), CounterService(b_db)
        board = Board()
        b.add_listener(board)
        watcher = BoardWatcher(b_db, b)
        b.board()
        b.start(account_id(b_db), BoothMode.PREPAID, D("5"), D(0))
        board.views.clear()
        with counted(b_db) as statements:
            assert len(watcher.poll()) == 11  # the first look: every booth
            assert watcher.poll() == []
        assert len(statements) == 2 and board.views == []  # nothing read twice

        a.topup(account_id(a_db), D("2.50"))
        a.start(account_id(a_db, "booth7"), BoothMode.PREPAID, D("3"), D(0))
        with counted(b_db) as statements:
            assert sorted(watcher.poll()) == ["booth1", "booth7"]
        assert 1 < len(statements) <= 5, statements.sql
        assert {v.login: v.prepaid for v in board.views} == {"booth1": D("7.50"), "booth7": D(3)}
    finally:
        b_db.dispose()
        a_db.dispose()


def test_an_older_read_never_replaces_a_newer_one(shop) -> None:
    """Two threads read one booth around a commit and apply in the wrong order: the board
    keeps the newer read (by the account's revision)."""
    db, counter, _board = shop
    booth = account_id(db)
    with db.read() as s:
        before = read_booths(s, logins=["booth1"])
    counter.start(booth, BoothMode.PREPAID, D("5"), D(0))
    with db.read() as s:
        after = read_booths(s, logins=["booth1"])
    state = BoardState()
    assert state.apply(after)[0].mode is BoothMode.PREPAID
    assert state.apply(before) == []  # dropped
    held = state.view("booth1")
    assert held is not None and held.mode is BoothMode.PREPAID
    assert state.stale({"booth1": after["booth1"].revision, "booth2": 0}) == ["booth2"]
