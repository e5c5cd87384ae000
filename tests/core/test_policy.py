"""The database CallPolicy: authorization, routes, caps, changes seen by other processes."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from callshop_pos.counter import BoothMode
from callshop_pos.db.engine import open_database
from callshop_pos.db.models import Account, BoothSession, Call, CallAuthorization, RoutingGroup
from callshop_pos.services import authorizations, sessions
from callshop_pos.services.pbx_policy import DatabasePolicy
from tests.core.shop import build_shop
from tests.core.test_sessions import T0, record

D = Decimal


@pytest.fixture
def db(migrated_db_url):
    db = build_shop(migrated_db_url)
    yield db
    db.dispose()


def start(db, login="booth1", mode=BoothMode.PREPAID, amount="1.00", credit="0"):
    with db.session() as s:
        a = s.scalar(select(Account).where(Account.voip_login == login))
        sessions.start(s, a, mode, D(amount), D(credit), at=datetime.fromtimestamp(T0 - 100, UTC))


def test_closed_booth_is_refused_and_started_booth_gets_routes_and_cap(db):
    policy = DatabasePolicy(db)
    assert policy.authorize("booth1", "004930123", T0).reason == "closed"
    assert policy.booth_states()["booth1"] is False
    start(db)
    decision = policy.authorize("booth1", "004930123", T0)
    assert decision.allowed and decision.area_name == "Germany"
    # 1.00 at 0.10/min buys 10 minutes exactly
    assert decision.cap_seconds == 600
    # lowest cost first: carrier-b sells Germany at 0.008 < 0.010
    assert list(decision.routes) == ["PJSIP/004930123@carrier-b", "PJSIP/4930123@carrier-a"]
    assert decision.rate is not None and decision.rate.price_1 == D("0.10")


def test_fixed_preference_policy_orders_by_preference(db):
    with db.session() as s:
        s.scalar(select(RoutingGroup)).policy = "preference"
    start(db)
    routes = DatabasePolicy(db).authorize("booth1", "4930123", T0).routes
    assert list(routes) == ["PJSIP/4930123@carrier-a", "PJSIP/004930123@carrier-b"]


def test_refusals_forbidden_no_rate_no_funds_blocked(db):
    policy = DatabasePolicy(db)
    start(db, amount="0.05")
    assert policy.authorize("booth1", "00882123", T0).reason == "forbidden"
    assert policy.authorize("booth1", "0099912", T0).reason == "no_rate"
    # 0.05 buys less than the first minute of 0.10? 60/60 intervals: cost(1 s) = 0.10 > 0.05
    assert policy.authorize("booth1", "4930", T0).reason == "no_funds"
    assert policy.authorize("nobody", "4930", T0).reason == "unknown_booth"


def test_postpaid_walk_in_starts_a_session_and_caps_at_credit(db):
    policy = DatabasePolicy(db)
    decision = policy.authorize("walkin", "74951234567", T0)
    assert decision.allowed
    # postpaid credit limit default 50 at 0.15/min -> 20000 s, capped by 7200 s max call
    assert decision.cap_seconds == 7200
    with db.read() as s:
        a = s.scalar(select(Account).where(Account.voip_login == "walkin"))
        assert sessions.open_session(s, a.id).mode == "postpaid"


def test_live_cap_grows_after_top_up(db):
    policy = DatabasePolicy(db)
    start(db)
    assert policy.live_cap("booth1", "4930", T0, T0 + 100) == 500
    with db.session() as s:
        sessions.topup(s, s.scalar(select(Account).where(Account.voip_login == "booth1")), D("1"))
    assert policy.live_cap("booth1", "4930", T0, T0 + 100) == 1100


def test_record_call_is_idempotent_across_processes(db, db_url):
    start(db)
    first = DatabasePolicy(db)
    second = DatabasePolicy(open_database(db_url))  # another process' engine
    assert first.record_call(record("x1", "4930", 30)) is True
    assert second.record_call(record("x1", "4930", 30)) is False
    with db.read() as s:
        assert len(list(s.scalars(select(Call)))) == 1


def test_changes_by_another_process_are_seen(db, db_url):
    policy = DatabasePolicy(db)
    token, changes = policy.changes_since(None)
    assert changes == []
    other = open_database(db_url)
    start(other)
    token, changes = policy.changes_since(token)
    assert [(c.login, c.is_open) for c in changes] == [("booth1", True)]
    token, changes = policy.changes_since(token)
    assert changes == []
    with other.session() as s:
        sessions.stop(s, s.scalar(select(Account).where(Account.voip_login == "booth1")))
    token, changes = policy.changes_since(token)
    assert [(c.login, c.is_open, c.hang_up_live_call) for c in changes] == [("booth1", False, True)]


def test_two_engines_racing_to_start_a_walk_in_both_allow_the_call(db, db_url, monkeypatch):
    first = DatabasePolicy(db)
    second = DatabasePolicy(open_database(db_url))  # another counter's engine
    with second.db.read() as s:
        free = second.booths.get(s, "walkin")
    assert free is not None and not free.session_open
    assert first.authorize("walkin", "4930123", T0, uid="u1").allowed
    # the race: the second engine read the booth as free just before the first started it,
    # so it inserts a second open session, which the database refuses: no error, someone
    # else started it, that is the same walk-in, and the call is decided for its session
    monkeypatch.setattr(sessions, "open_session", lambda s, account_id: None)
    real_get = second.booths.get
    reads = iter([free])
    monkeypatch.setattr(
        second.booths, "get", lambda s, login, c=None: next(reads, None) or real_get(s, login, c)
    )
    assert second.authorize("walkin", "4930123", T0, uid="u2").allowed
    with db.read() as s:
        a = s.scalar(select(Account).where(Account.voip_login == "walkin"))
        booths = [b for b in s.scalars(select(BoothSession)) if b.account_id == a.id]
        assert len(booths) == 1
        auths = {x.booth_uniqueid: x.session_id for x in s.scalars(select(CallAuthorization))}
    assert auths == {"u1": booths[0].id, "u2": booths[0].id}


def test_a_decision_right_after_another_process_tops_up_or_stops_sees_it(db, db_url):
    policy = DatabasePolicy(db)
    start(db)
    assert policy.authorize("booth1", "4930123", T0, uid="a1").cap_seconds == 600  # held now
    other = open_database(db_url)  # another counter
    with other.session() as s:
        sessions.topup(s, s.scalar(select(Account).where(Account.voip_login == "booth1")), D("1"))
    assert policy.authorize("booth1", "4930123", T0, uid="a2").cap_seconds == 1200
    with other.session() as s:
        sessions.stop(s, s.scalar(select(Account).where(Account.voip_login == "booth1")))
    refused = policy.authorize("booth1", "4930123", T0, uid="a3")
    assert (refused.allowed, refused.reason) == (False, "blocked")  # Stop locks the booth
    with db.read() as s:
        rows = {a.booth_uniqueid: a for a in s.scalars(select(CallAuthorization))}
    assert [rows[u].cap_seconds for u in ("a1", "a2")] == [600, 1200]
    assert rows["a1"].session_id == rows["a2"].session_id is not None
    assert (rows["a3"].allowed, rows["a3"].session_id) == (False, None)
    other.dispose()


def test_a_booth_blocked_in_the_settings_elsewhere_is_refused_at_once(db, db_url):
    policy = DatabasePolicy(db)
    start(db)
    assert policy.authorize("booth1", "4930123", T0).allowed
    other = open_database(db_url)
    with other.session() as s:
        account = s.scalar(select(Account).where(Account.voip_login == "booth1"))
        account.blocked = True
        sessions.bump(s, account)  # as the settings' save does
    assert policy.authorize("booth1", "4930123", T0).reason == "blocked"
    other.dispose()


def test_a_burst_of_decisions_from_many_threads_is_recorded_whole(db):
    """Decisions of the same moment are committed together; each caller returns only once
    its own record is stored, and every one is there with its session."""
    booths = ["booth1", "booth2"]
    for login in booths:
        start(db, login=login)
    policy = DatabasePolicy(db)
    go = threading.Barrier(16)
    answers: dict[str, bool] = {}

    def call(i: int) -> None:
        go.wait()
        uid = f"burst-{i}"
        allowed = policy.authorize(booths[i % 2], "4930123", T0, uid=uid).allowed
        with db.read() as s:  # stored before the answer is returned
            stored = s.scalar(
                select(CallAuthorization).where(CallAuthorization.booth_uniqueid == uid)
            )
            answers[uid] = allowed and stored is not None and stored.session_id is not None

    threads = [threading.Thread(target=call, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert answers == {f"burst-{i}": True for i in range(16)}


def test_a_record_that_cannot_be_stored_fails_its_decision_and_the_next_one_is_stored(db):
    start(db)
    policy = DatabasePolicy(db)
    writer = policy.records
    with pytest.raises(IntegrityError):  # no such account: the database refuses the row
        writer.write(
            authorizations.values(
                "bad",
                99999,
                None,
                "1",
                allowed=False,
                reason="x",
                cap_seconds=None,
                rate=None,
                at=datetime.now(UTC),
            )
        )
    assert policy.authorize("booth1", "4930123", T0, uid="good").allowed
    with db.read() as s:
        uids = set(s.scalars(select(CallAuthorization.booth_uniqueid)))
    assert uids == {"good"}
