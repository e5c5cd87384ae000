"""The audit log's query on a real SQLite file: filters in SQL, newest first, paged by a
cursor, details decoded as old -> new pairs from the rows the app really writes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from callshop_pos.db.engine import Database, open_database
from callshop_pos.db.models import AuditLog, User
from callshop_pos.services import audit_log, catalog
from callshop_pos.services.audit import audit
from callshop_pos.services.audit_log import AuditFilter, AuditQueryError, Change
from callshop_pos.services.language import save_language
from callshop_pos.services.printer_config import save_printer_settings
from printing.settings import PrinterSettings

MOSCOW = timezone(timedelta(hours=3))


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "shop.db")
    yield database
    database.dispose()


def _row(
    db: Database, at: datetime, action: str, user_id: int | None = None, **details: object
) -> None:
    with db.session() as s:
        audit(s, action, "booth_session", 1, user_id, **details).at = at


def test_a_settings_save_and_delete_decode_as_old_new_pairs(db):
    catalog.save(db, "vendors", {"name": "Carrier A", "balance": "500"})
    catalog.save(db, "vendors", {"name": "Carrier A", "balance": "450.5"}, original="Carrier A")
    catalog.delete(db, "vendors", "Carrier A")
    save_language(db, "ru")
    deleted, updated, created = audit_log.entries(db, AuditFilter(object_type="vendors"))
    assert (created.action, updated.action, deleted.action) == (
        "settings.create",
        "settings.update",
        "settings.delete",
    )
    assert updated.name == "Carrier A"
    assert updated.changes == (Change("balance", "500", "450.5"),)
    assert Change("balance", "450.5", None) in deleted.changes  # what the delete took away
    assert Change("name", None, "Carrier A") in created.changes
    (language,) = audit_log.entries(db, AuditFilter(action="preferences.language"))
    assert language.changes == (Change("language", "en", "ru"),)


def test_newest_first_and_paged_without_gaps_or_repeats(db):
    base = datetime(2025, 3, 1, 12, tzinfo=UTC)
    for n in range(25):  # two rows share each second: the id breaks the tie
        _row(db, base + timedelta(seconds=n // 2), "session.topup", amount=str(n))
    seen: list[int] = []
    page = audit_log.entries(db, limit=10)
    while page:
        seen += [e.id for e in page]
        page = audit_log.entries(db, after=audit_log.cursor(page[-1]), limit=10)
    with db.read() as s:
        ids = [r.id for r in s.query(AuditLog).order_by(AuditLog.at.desc(), AuditLog.id.desc())]
    assert seen == ids and len(seen) == 25
    assert audit_log.entries(db, limit=1)[0].changes == (Change("amount", None, "24"),)


def test_filters_by_period_user_action_and_text(db):
    with db.session() as s:
        s.add_all([User(name="Olga", role="owner"), User(name="Ivan")])
    ids = {name: uid for uid, name in audit_log.users(db)}
    olga, ivan = ids["Olga"], ids["Ivan"]
    now = datetime(2025, 3, 12, 15, tzinfo=MOSCOW)  # a Wednesday
    _row(db, now - timedelta(hours=1), "session.start", olga, booth="Booth 1", prepaid="5")
    _row(db, now - timedelta(days=1), "session.stop", ivan, booth="Booth 2", refund="1.5")
    _row(db, now - timedelta(days=3), "session.topup", ivan, booth="Москва 3", amount="2")
    _row(db, now - timedelta(days=20), "session.stop", None, booth="Booth 1", refund="0")

    def actions(**kw: object) -> list[str]:
        return [e.action for e in audit_log.entries(db, AuditFilter(**kw))]  # type: ignore[arg-type]

    since, until = audit_log.period("today", now)
    assert actions(since=since, until=until) == ["session.start"]
    since, until = audit_log.period("yesterday", now)
    assert actions(since=since, until=until) == ["session.stop"]
    since, until = audit_log.period("week", now)  # from Monday the 10th
    assert actions(since=since, until=until) == ["session.start", "session.stop"]
    since, until = audit_log.period("month", now)
    assert len(actions(since=since, until=until)) == 3
    assert audit_log.period("all", now) == (None, None)
    assert actions(user_id=ivan) == ["session.stop", "session.topup"]
    assert actions(action="session.stop") == ["session.stop", "session.stop"]
    assert actions(text="booth 1") == ["session.start", "session.stop"]  # any case
    assert actions(text="москва") == actions(text="Москва") == ["session.topup"]
    assert actions(text="olga") == ["session.start"]  # the user's name
    assert actions(text="%") == []  # a wildcard is a plain character
    (entry,) = audit_log.entries(db, AuditFilter(text="refund", user_id=ivan))
    assert entry.user == "Ivan" and Change("refund", None, "1.5") in entry.changes
    assert audit_log.actions(db) == ["session.start", "session.stop", "session.topup"]


def test_a_period_that_cannot_be_is_refused_in_one_line(db):
    with pytest.raises(AuditQueryError, match=r"ends .* before it starts"):
        audit_log.day_bounds(date(2025, 3, 2), date(2025, 3, 1), MOSCOW)
    with pytest.raises(AuditQueryError, match="unknown period 'decade'"):
        audit_log.period("decade", datetime.now(MOSCOW))
    since, until = audit_log.day_bounds(date(2025, 3, 1), date(2025, 3, 1), MOSCOW)
    assert (since, until) == (
        datetime(2025, 2, 28, 21, tzinfo=UTC),
        datetime(2025, 3, 1, 21, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("details", "changes"),
    [
        (  # a rate edited in the price table: the changed fields before and after
            {"prefix": "49", "old": {"price_1": "0.10"}, "new": {"price_1": "0.12"}},
            [Change("price_1", "0.10", "0.12"), Change("prefix", None, "49")],
        ),
        (  # a rate added: only new
            {"new": {"prefix": "7", "price_1": "0.2"}},
            [Change("prefix", None, "7"), Change("price_1", None, "0.2")],
        ),
        (  # rows deleted: each as it was
            {"old": [{"prefix": "7", "price_1": "0.2"}]},
            [Change("7", '{"prefix": "7", "price_1": "0.2"}', None)],
        ),
        ({"old": "en", "new": "ru"}, [Change("edit", "en", "ru")]),
        ({"created": {"tariffs": 2}}, [Change("created", None, '{"tariffs": 2}')]),
    ],
)
def test_every_shape_of_details_decodes(details, changes):
    import json

    assert audit_log.decode("rates.edit", json.dumps(details)) == ("", tuple(changes))
    assert audit_log.decode("x", "not json") == ("", (Change("details", None, "not json"),))


def test_printer_settings_keep_old_and_new(db):
    save_printer_settings(db, PrinterSettings(enabled=True, port="/dev/ttyUSB0"))
    save_printer_settings(db, PrinterSettings(enabled=True, port="/dev/ttyS1", baudrate=19200))
    latest, first = audit_log.entries(db, AuditFilter(action="printer.settings"))
    assert set(latest.changes) == {
        Change("port", "/dev/ttyUSB0", "/dev/ttyS1"),
        Change("baudrate", "9600", "19200"),
    }
    assert Change("enabled", None, "true") in first.changes
