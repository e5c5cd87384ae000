"""A real shop in a real database, two cashiers and an owner, for the shift tests."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from callshop_pos.db.engine import Database
from callshop_pos.db.models import Account, User
from callshop_pos.services import sessions
from callshop_pos.services.counter_actions import CounterActions
from callshop_pos.services.receipts import ReceiptService
from printing.settings import PrinterSettings
from tests.core.shop import build_shop


@dataclass(frozen=True)
class Staff:
    anna: int  # cashier
    boris: int  # cashier
    olga: int  # owner


@pytest.fixture
def db(migrated_db_url):
    db = build_shop(migrated_db_url)
    yield db
    db.dispose()


@pytest.fixture
def staff(db: Database) -> Staff:
    with db.session() as s:
        people = [User(name="Anna"), User(name="Boris"), User(name="Olga", role="owner")]
        s.add_all(people)
        s.flush()
        return Staff(*(u.id for u in people))


@pytest.fixture
def actions(db: Database) -> CounterActions:
    return CounterActions(db, receipts=ReceiptService(), bill_wait=0)


def booth(db: Database, login: str = "booth1") -> int:
    with db.read() as s:
        return s.scalar(select(Account.id).where(Account.voip_login == login))


def enable_printer(db: Database, port: str = "/dev/null") -> PrinterSettings:
    settings = PrinterSettings(enabled=True, port=port)
    with db.session() as s:
        sessions.preferences(s).printer_json = json.dumps(settings.to_dict())
    return settings
