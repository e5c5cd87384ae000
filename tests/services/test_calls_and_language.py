"""Small queries the UI needs: a call's session in the calls list, the saved UI language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from callshop_pos.counter import BoothMode
from callshop_pos.db.models import AuditLog, BoothSession
from callshop_pos.errors import CallshopError
from callshop_pos.services.language import save_language, saved_language
from tests.core.shop import build_shop
from tests.services.test_receipts import counter, open_booth, set_prefs


@pytest.fixture
def db(tmp_path):
    database = build_shop(tmp_path / "shop.db")
    yield database
    database.dispose()


def test_calls_list_names_each_calls_session_and_its_mode(db):
    prepaid = open_booth(db, "booth1", calls=(("0049301234", 60),), extras=())
    postpaid = open_booth(
        db, "walkin", BoothMode.POSTPAID, "0", calls=(("0074951234", 61),), extras=()
    )
    day = (datetime.now(UTC) - timedelta(minutes=55)).astimezone().date()
    rows = {row.booth_name: row for row in counter(db).calls_on(day)}
    assert rows["Booth 1"].session_mode is BoothMode.PREPAID
    assert rows["Walk-in"].session_mode is BoothMode.POSTPAID
    assert rows["Booth 1"].session_id != rows["Walk-in"].session_id
    with db.read() as s:
        sessions = dict(s.execute(select(BoothSession.account_id, BoothSession.id)).all())
    assert rows["Booth 1"].session_id == sessions[prepaid]
    assert rows["Walk-in"].session_id == sessions[postpaid]


def test_language_is_saved_audited_and_checked(db):
    assert saved_language(db) == "en"
    save_language(db, "ru")
    assert saved_language(db) == "ru"
    save_language(db, "ru")  # no change, no second audit line
    with db.read() as s:
        actions = list(s.scalars(select(AuditLog.action)))
    assert actions.count("preferences.language") == 1
    with pytest.raises(CallshopError, match="unknown language 'de'"):
        save_language(db, "de")
    set_prefs(db, language="xx")  # hand-edited: the UI still starts, in English
    assert saved_language(db) == "en"
