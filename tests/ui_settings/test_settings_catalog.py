"""The settings dialog's core (services.catalog) on a real SQLite file: both checklists of the
source document, what the database would refuse, deletes of things in use, the audit rows,
the revisions other counters watch, and the set-up file agreeing with the app."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from callshop_pos.counter import BoothMode
from callshop_pos.db.engine import Database, open_database
from callshop_pos.db.models import Account, AuditLog, DestinationSet, Tariff
from callshop_pos.services import catalog
from callshop_pos.services.catalog import CatalogError, PbxAddress
from callshop_pos.services.counter_actions import CounterActions
from callshop_pos.services.setup_file import apply_setup, dump_setup, dump_setup_text


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "shop.db")
    yield database
    database.dispose()


def build_shop(db: Database) -> None:
    """The owner's checklist, then the callshop's, one save per step."""
    catalog.save(db, "vendors", {"name": "Carrier A", "currency": "EUR", "balance": "500"})
    catalog.save(
        db,
        "connections",
        {
            "name": "carrier-a",
            "vendor": "Carrier A",
            "host": "sip.carrier-a.example:5060",
            "username": "shop",
            "password": "s3cret",
        },
    )
    catalog.save(db, "destination_sets", {"name": "A routes", "vendor": "Carrier A"})
    catalog.save(
        db,
        "routing_groups",
        {
            "name": "Cheapest",
            "policy": "lowest_cost",
            "entries": [{"destination_set": "A routes", "connection": "carrier-a"}],
        },
    )
    catalog.save(db, "tariffs", {"name": "Wholesale", "kind": "wholesale", "currency": "EUR"})
    catalog.save(
        db,
        "customer",
        {"name": "My shop", "tariff": "Wholesale", "routing_group": "Cheapest", "balance": "0"},
    )
    catalog.save(
        db,
        "tariffs",
        {"name": "Street", "currency": "EUR", "connect_fee": "0.10", "average_call_duration": 120},
    )
    catalog.save(
        db, "service_plans", {"name": "Prepaid", "tariff": "Street", "billing_type": "prepaid"}
    )
    for n in (1, 2):
        catalog.save(
            db,
            "booths",
            {
                "name": f"Booth {n}",
                "position": n,
                "voip_login": f"booth{n}",
                "voip_password": f"pw{n}",
                "service_plan": "Prepaid",
                "routing_group": "Cheapest",
            },
        )
    catalog.save(db, "preferences", {"default_prepaid_amount": "5", "stop_locks": False})


def test_both_checklists_build_a_shop_that_starts(db):
    build_shop(db)
    booth = catalog.load(db, "booths", "Booth 2")
    assert booth is not None and booth["service_plan"] == "Prepaid"
    assert catalog.load(db, "tariffs", "Street")["connect_fee"] == "0.1"  # exact, as text
    assert catalog.load(db, "preferences")["default_prepaid_amount"] == "5"
    group = catalog.load(db, "routing_groups", "Cheapest")
    assert group["entries"] == [{"destination_set": "A routes", "connection": "carrier-a"}]
    with db.read() as s:
        account = s.scalar(select(Account).where(Account.name == "Booth 2"))
        assert account.customer.name == "My shop"
        account_id = account.id
    CounterActions(db).start(account_id, BoothMode.PREPAID, Decimal(5), Decimal(0))
    with db.read() as s:
        assert s.get(Account, account_id).balance == Decimal(5)


def test_the_dump_of_a_shop_built_in_the_dialog_applies_to_the_same_shop(db, tmp_path):
    build_shop(db)
    catalog.save(db, "shop", {"name": "Corner Calls", "access_codes": ["00", "810"]})
    catalog.save_pbx(db, PbxAddress("pbx.local", 5038, "callshop", "a:b@c"))
    files = dump_setup(db, tmp_path / "shop.toml", secrets=True)
    empty = open_database(tmp_path / "empty.db")
    try:
        apply_setup(empty, files[0])
        assert dump_setup_text(empty, secrets=True) == dump_setup_text(db, secrets=True)
        for key in catalog.NAMED:
            assert catalog.rows(empty, key) == catalog.rows(db, key), key
        assert catalog.load(empty, "shop") == catalog.load(db, "shop")
        assert catalog.load(empty, "shop")["name"] == "Corner Calls"
        assert catalog.pbx_address(catalog.load(empty, "shop")["pbx_url"]).secret == "a:b@c"
    finally:
        empty.dispose()


def test_refused_before_saving_with_the_reason(db):
    build_shop(db)
    before = dump_setup_text(db, secrets=True)
    cases = [
        ("vendors", {"name": "Carrier A"}, None, "a vendor named 'Carrier A' already exists"),
        (
            "booths",
            {"name": "Booth 3", "voip_login": "booth1", "service_plan": "Prepaid"},
            None,
            "voip login: 'booth1' is used by booth 'Booth 1'",
        ),
        (
            "routing_groups",
            {"name": "G", "entries": [{"destination_set": "A routes", "connection": "gone"}]},
            None,
            "routing entry 1: no connection named 'gone'",
        ),
        ("tariffs", {"name": "T", "connect_fee": "0.1.0"}, None, "connect fee: not an amount"),
        ("tariffs", {"name": "T", "precision": 9}, None, "precision: must be 0-6, not 9"),
        ("tariffs", {"name": "Street"}, "Wholesale", "a tariff named 'Street' already exists"),
        ("booths", {"name": "Booth 3", "voip_login": "b 3"}, None, "is not a SIP name"),
        ("service_plans", {"name": "P2", "tariff": ""}, None, "tariff: choose one"),
        ("connections", {"name": "x", "vendor": "Nobody", "host": "h"}, None, "no vendor named"),
    ]
    for kind, values, original, reason in cases:
        with pytest.raises(CatalogError) as caught:
            catalog.save(db, kind, values, original=original)
        assert reason in str(caught.value), (kind, values)
        assert "\n" not in str(caught.value)
    assert dump_setup_text(db, secrets=True) == before  # nothing half-changed


def test_a_field_is_checked_as_the_set_up_file_checks_it():
    assert catalog.check_value("tariffs", "connect_fee", "0.25") is None
    with pytest.raises(CatalogError, match="not an amount: 'ten'"):
        catalog.check_value("tariffs", "connect_fee", "ten")
    with pytest.raises(CatalogError, match="is not an ISO 4217 currency code"):
        catalog.check_value("vendors", "currency", "EURO")
    with pytest.raises(CatalogError, match="expected a whole number"):
        catalog.from_text(catalog.spec("tariffs", "free_seconds"), "1.5")


def test_deleting_what_is_in_use_is_refused_with_the_reason(db):
    build_shop(db)
    refusals = [
        ("tariffs", "Street", "tariff 'Street' is used by service plan(s) 'Prepaid'"),
        ("tariffs", "Wholesale", "is used by the customer 'My shop'"),
        ("vendors", "Carrier A", "is used by connection(s) 'carrier-a': delete them first"),
        ("connections", "carrier-a", "is used by routing group(s) 'Cheapest'"),
        ("destination_sets", "A routes", "is used by routing group(s) 'Cheapest'"),
        ("routing_groups", "Cheapest", "is used by the customer 'My shop'"),
        ("service_plans", "Prepaid", "is used by booth(s) 'Booth 1', 'Booth 2'"),
    ]
    for kind, name, reason in refusals:
        with pytest.raises(CatalogError, match=reason.replace("(", r"\(").replace(")", r"\)")):
            catalog.delete(db, kind, name)
    with db.read() as s:
        booth_id = s.scalar(select(Account.id).where(Account.name == "Booth 1"))
    CounterActions(db).start(booth_id, BoothMode.PREPAID, Decimal(5), Decimal(0))
    with pytest.raises(CatalogError, match="has an open session: stop it first"):
        catalog.delete(db, "booths", "Booth 1")
    catalog.delete(db, "booths", "Booth 2")  # never used: gone
    assert catalog.names(db, "booths") == ["Booth 1"]


def test_every_change_is_audited_old_to_new_and_secrets_are_not_kept(db):
    build_shop(db)
    catalog.save(
        db,
        "booths",
        {"name": "Booth 1b", "voip_password": "new-pw", "blocked": True},
        original="Booth 1",
        user_id=None,
    )
    catalog.delete(db, "booths", "Booth 2")
    with db.read() as s:
        rows = list(s.scalars(select(AuditLog).order_by(AuditLog.id)))
    update = [r for r in rows if r.action == "settings.update" and r.object_type == "booths"][-1]
    changes = json.loads(update.details)["changes"]
    assert changes["name"] == ["Booth 1", "Booth 1b"]
    assert changes["blocked"] == [False, True]
    assert changes["voip_password"] == ["***", "***"]
    assert "new-pw" not in update.details and "s3cret" not in "".join(r.details for r in rows)
    created = [r.object_type for r in rows if r.action == "settings.create"]
    assert created.count("booths") == 2 and "vendors" in created and "customer" in created
    assert rows[-1].action == "settings.delete" and json.loads(rows[-1].details)["name"] == (
        "Booth 2"
    )


def test_a_save_bumps_what_the_counters_watch(db):
    build_shop(db)
    with db.read() as s:
        booth = s.scalar(select(Account).where(Account.name == "Booth 1"))
        before = (
            booth.revision,
            s.scalar(select(Tariff.revision).where(Tariff.name == "Street")),
            s.scalar(select(DestinationSet.revision).where(DestinationSet.name == "A routes")),
        )
    catalog.save(db, "tariffs", {"name": "Street", "connect_fee": "0.20"}, original="Street")
    catalog.save(db, "destination_sets", {"name": "A routes", "precision": 5}, original="A routes")
    with db.read() as s:
        booth = s.scalar(select(Account).where(Account.name == "Booth 1"))
        after = (
            booth.revision,
            s.scalar(select(Tariff.revision).where(Tariff.name == "Street")),
            s.scalar(select(DestinationSet.revision).where(DestinationSet.name == "A routes")),
        )
    # the board watchers see the booth, the rating caches re-read the tariff and the routes
    assert [a > b for a, b in zip(after, before, strict=True)] == [True, True, True]


def test_pbx_address_round_trips_and_is_checked():
    address = PbxAddress("10.0.0.5", 5038, "callshop", "p@ss word")
    assert catalog.pbx_address(address.url) == address
    assert PbxAddress().url == ""  # no host: the demo simulator
    with pytest.raises(CatalogError, match="not an ami://USER:SECRET@HOST:PORT address"):
        _ = PbxAddress("10.0.0.5", 70000, "u", "s").url
