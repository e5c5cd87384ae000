"""A generated set of sessions and calls over several local days and booths (real SQLite)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from callshop_pos.db.engine import Database
from callshop_pos.db.models import Account, BoothSession, Call, User, Vendor
from tests.core.shop import build_shop

D = Decimal
DAY0 = date(2026, 3, 2)  # a Monday
DAYS = 5


@dataclass(frozen=True)
class Gen:
    booth: str
    day: date
    hour: int
    seconds: int
    cost: Decimal
    wholesale: Decimal | None
    vendor: Decimal
    vendor_name: str
    area: str
    answered: bool
    cashier: str


@pytest.fixture
def generated(tmp_path):
    """(db, list of Gen) on a SQLite file: see make_generated."""
    db, made = make_generated(tmp_path / "shop.db")
    yield db, made
    db.dispose()


def make_generated(target: Path | str) -> tuple[Database, list[Gen]]:
    """(db, list of Gen) at ``target`` (a file or a database URL): 9 booths ("Booth 10"
    added last, at position 10, to test the sort), ~300 calls over DAYS local days, answered
    and not, two cashiers, two vendors."""
    db = build_shop(target, booths=8)
    rng = random.Random(15)
    made: list[Gen] = []
    with db.session() as s:
        anna, boris = User(name="Anna", role="cashier"), User(name="Boris", role="owner")
        s.add_all([anna, boris])
        plan = s.scalar(select(Account.service_plan_id).limit(1))
        s.add(Account(name="Booth 10", position=10, voip_login="booth10", service_plan_id=plan))
        s.flush()
        booths = list(s.scalars(select(Account).where(Account.name.like("Booth %"))))
        vendors = list(s.scalars(select(Vendor).order_by(Vendor.id)))
        n = 0
        for d in range(DAYS):
            day = DAY0 + timedelta(days=d)
            for booth in booths:
                cashier = anna if (d + booth.position) % 2 else boris
                start = datetime.combine(day, time(8)).astimezone()
                sess = BoothSession(
                    account_id=booth.id,
                    mode="prepaid",
                    started_at=start,
                    stopped_at=start + timedelta(hours=15),
                    started_by=cashier.id,
                    total=D(0),
                )
                s.add(sess)
                s.flush()
                total = D(0)
                for _ in range(rng.randint(3, 12)):
                    n += 1
                    hour = rng.choice([0, 9, 13, 18, 23])
                    at = datetime.combine(day, time(hour, rng.randint(0, 59))).astimezone()
                    answered = rng.random() > 0.2
                    seconds = rng.randint(1, 900) if answered else 0
                    cost = D(rng.randint(0, 500)) / 100 if answered else D(0)
                    whole = None if rng.random() < 0.2 else D(rng.randint(0, 9999)) / 10000
                    vendor = rng.choice(vendors)
                    vcost = D(rng.randint(0, 9999)) / 10000 if answered else D(0)
                    area = rng.choice(["Germany", "Russia Moscow", "Turkey", "Москва"])
                    s.add(
                        Call(
                            account_id=booth.id,
                            session_id=sess.id,
                            booth_uniqueid=f"u{n}",
                            number="0049301234",
                            normalized="49301234",
                            started_at=at,
                            billable_seconds=seconds,
                            billed_seconds=seconds,
                            disposition="answered" if answered else "no_answer",
                            area_name=area,
                            prefix="49",
                            cost=cost,
                            wholesale_cost=whole if answered else None,
                            vendor_id=vendor.id,
                            vendor_cost=vcost,
                        )
                    )
                    total += cost
                    made.append(
                        Gen(
                            booth.name,
                            day,
                            hour,
                            seconds,
                            cost,
                            whole if answered else None,
                            vcost,
                            vendor.name,
                            area,
                            answered,
                            cashier.name,
                        )
                    )
                sess.calls_total = total
                sess.total = total
    return db, made


def utc_day_start(day: date) -> datetime:
    return datetime.combine(day, time.min).astimezone().astimezone(UTC)


@pytest.fixture
def window(qtbot, generated, tmp_path, monkeypatch):
    """The Reports window on the generated shop, shown, its documents folder in tmp_path:
    (window, runner, made)."""
    from callshop_pos.services import reports_files
    from ui.reports.window import ReportsWindow
    from ui.worker import Runner

    db, made = generated
    monkeypatch.setattr(reports_files, "user_documents_dir", lambda: str(tmp_path / "docs"))
    runner = Runner()
    win = ReportsWindow(db, runner, DAY0 + timedelta(days=DAYS - 1))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win, runner, made
    runner.wait_idle()
