"""A burst of booth calls decided together (``DatabasePolicy.authorize_many``): the same
decisions as one by one, recorded with their sessions, in one commit for the burst."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import event, select

from callshop_pos.counter import BoothMode
from callshop_pos.db.engine import Database
from callshop_pos.db.models import Account, CallAuthorization, Preferences
from callshop_pos.pbx.authorizer import AuthRequest
from callshop_pos.pbx.policy import Decision
from callshop_pos.services import sessions
from callshop_pos.services.pbx_policy import DatabasePolicy
from tests.core.shop import build_shop
from tests.core.test_sessions import T0

# (booth, number): money left, a forbidden number, a closed booth, a blocked one, a free
# postpaid booth (a walk-in), a booth that does not exist, the same booth twice
BURST = [
    ("booth1", "004930123"),
    ("booth2", "00882123"),
    ("booth3", "004930123"),
    ("booth4", "004930123"),
    ("walkin", "74951234567"),
    ("nobody", "4930"),
    ("booth1", "0074951234"),
    ("booth2", "004930555"),
]


def shop(path: Path, credit_check: bool) -> Database:
    db = build_shop(path, booths=4)
    with db.session() as s:
        for login in ("booth1", "booth2", "booth4"):
            account = s.scalar(select(Account).where(Account.voip_login == login))
            assert account is not None
            sessions.start(
                s, account, BoothMode.PREPAID, Decimal("1.00"), at=datetime.fromtimestamp(T0, UTC)
            )
        blocked = s.scalar(select(Account).where(Account.voip_login == "booth4"))
        assert blocked is not None
        blocked.blocked = True
        prefs = s.get(Preferences, 1)
        assert prefs is not None
        prefs.refuse_past_shop_credit = credit_check  # the shop's credit is 0: Germany fails
    return db


def stored(db: Database) -> dict[str, tuple[bool, str | None, int | None, bool]]:
    with db.read() as s:
        return {
            a.booth_uniqueid: (a.allowed, a.reason, a.cap_seconds, a.session_id is not None)
            for a in s.scalars(select(CallAuthorization))
        }


@pytest.mark.parametrize("credit_check", [False, True])
def test_a_burst_is_decided_as_one_by_one_and_committed_once(tmp_path, credit_check):
    one_db, burst_db = (
        shop(tmp_path / "one.db", credit_check),
        shop(tmp_path / "b.db", credit_check),
    )
    requests = [AuthRequest(b, n, f"uid-{i}", T0 + 1) for i, (b, n) in enumerate(BURST)]
    one_by_one = DatabasePolicy(one_db)
    expected = [one_by_one.authorize(r.login, r.number, r.at, r.uid) for r in requests]
    policy = DatabasePolicy(burst_db)
    commits: list[int] = []
    event.listen(burst_db.engine, "commit", lambda _conn: commits.append(1))

    decisions = policy.authorize_many(requests)

    assert decisions == expected
    assert stored(burst_db) == stored(one_db)
    reasons = [d.reason for d in decisions]
    assert reasons[1:6] == ["forbidden", "closed", "blocked", None, "unknown_booth"]
    assert decisions[0].allowed is not credit_check
    assert isinstance(decisions[0], Decision) and decisions[4].allowed  # the walk-in's
    # one commit for the burst, one for the walk-in's session, one for booth1's second
    # call and booth2's (decided after the first ones): not one per call
    assert len(commits) == 4 < len(BURST)
    one_db.dispose()
    burst_db.dispose()


def test_a_burst_sees_a_top_up_made_elsewhere_just_before(tmp_path):
    db = shop(tmp_path / "shop.db", False)
    policy = DatabasePolicy(db)
    first = policy.authorize_many([AuthRequest("booth1", "004930123", "a", T0 + 1)])
    with db.session() as s:  # another counter tops the booth up: its revision moves
        account = s.scalar(select(Account).where(Account.voip_login == "booth1"))
        assert account is not None
        sessions.topup(s, account, Decimal("1.00"))
    again = policy.authorize_many(
        [AuthRequest("booth1", "004930123", "b", T0 + 2), AuthRequest("booth2", "4930", "c", T0)]
    )
    assert (first[0].cap_seconds, again[0].cap_seconds) == (600, 1200)
    db.dispose()


def test_a_burst_after_every_booth_moved_reads_their_rows_in_one_query(tmp_path):
    """After a burst's bills every booth's revision has moved: the next burst reads the
    revisions and then the moved rows, two queries, not one per booth; and what it reads is
    the new row (a top-up seen, a booth stopped meanwhile refused)."""
    db = build_shop(tmp_path / "shop.db", booths=6)
    logins = [f"booth{i}" for i in range(1, 7)]
    with db.session() as s:
        for login in logins:
            account = sessions.account_by_name(s, login)
            sessions.start(s, account, BoothMode.PREPAID, Decimal("1.00"))
    policy = DatabasePolicy(db)
    first = policy.authorize_many([AuthRequest(b, "004930123", f"a-{b}", T0) for b in logins])
    assert [d.cap_seconds for d in first] == [600] * 6
    with db.session() as s:  # every booth moves: topped up, and booth6 stopped
        for login in logins[:5]:
            sessions.topup(s, sessions.account_by_name(s, login), Decimal("1.00"))
        sessions.stop(s, sessions.account_by_name(s, "booth6"))
    selects: list[str] = []
    event.listen(
        db.engine,
        "before_cursor_execute",
        lambda _c, _cur, statement, *_a: (
            selects.append(statement) if statement.lstrip().upper().startswith("SELECT") else None
        ),
    )

    again = policy.authorize_many([AuthRequest(b, "004930123", f"b-{b}", T0) for b in logins])

    assert [d.cap_seconds for d in again[:5]] == [1200] * 5
    assert (again[5].allowed, again[5].reason) == (False, "blocked")  # locked by its Stop
    assert len(selects) == 2, selects  # the revisions, then the six rows
    db.dispose()
