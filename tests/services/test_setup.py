"""The set-up file on real SQLite files: apply (idempotent, all or nothing), dump round trip."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from callshop_pos.db.engine import Database, open_database
from callshop_pos.db.models import (
    Account,
    AuditLog,
    Base,
    Connection,
    Customer,
    Preferences,
    Rate,
    RoutingGroup,
    Tariff,
)
from callshop_pos.services.rates import create_tariff
from callshop_pos.services.setup_file import (
    SetupError,
    apply_setup,
    demo_setup_path,
    dump_setup,
    dump_setup_text,
)

DEMO = demo_setup_path()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "shop.db")
    yield database
    database.dispose()


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """The demo set-up and its decks in a folder of the test's own, to edit freely."""
    folder = tmp_path / "demo"
    shutil.copytree(DEMO.parent, folder)
    return folder / DEMO.name


def counts(db: Database) -> dict[str, int]:
    """Rows per table, read with sqlite3 straight from the file (not through the ORM)."""
    assert db.path is not None
    raw = sqlite3.connect(db.path)
    try:
        return {
            t: raw.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in Base.metadata.tables
        }
    finally:
        raw.close()


def deck_lines(name: str) -> int:
    """Data rows of a demo deck (its lines minus the header)."""
    text = (DEMO.parent / name).read_text(encoding="utf-8")
    return len([line for line in text.splitlines() if line.strip()]) - 1


def edit(path: Path, old: str, new: str, *, last: bool = False) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    if last:
        head, _, tail = text.rpartition(old)
        text = head + new + tail
    else:
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def test_demo_applies_to_an_empty_database(db: Database) -> None:
    report = apply_setup(db, DEMO)
    n = counts(db)
    assert n["accounts"] == 8
    assert n["vendors"] == 2 and n["connections"] == 3
    assert n["destination_sets"] == 2 and n["routing_groups"] == 1
    assert n["routing_entries"] == 3
    assert n["tariffs"] == 2 and n["service_plans"] == 2 and n["users"] == 2
    assert n["customers"] == 1 and n["preferences"] == 1
    assert n["rates"] == deck_lines("street-prices.csv") + deck_lines("wholesale.csv")
    assert n["routes"] == deck_lines("routes-eurotel.csv") + deck_lines("routes-globalvoice.csv")
    assert deck_lines("street-prices.csv") >= 250  # a few hundred destinations
    assert report.created["accounts"] == 8 and not report.updated
    assert report.decks["tariff Street prices"].added == deck_lines("street-prices.csv")
    with db.read() as s:
        prefs = s.get(Preferences, 1)
        assert prefs is not None
        assert prefs.shop_name == "Callshop Demo" and prefs.currency == "EUR"
        assert prefs.access_codes == "00" and prefs.country_code == "49"
        assert str(prefs.tax_rate) == "0.19"
        booth = s.scalar(select(Account).where(Account.name == "Booth 8"))
        assert booth is not None
        assert booth.voip_login == "booth8" and booth.service_plan.billing_type == "postpaid"
        assert booth.routing_group is not None and booth.routing_group.name == "Least cost"
        assert booth.customer is not None and booth.customer.name == "Callshop Demo"
        group = s.scalar(select(RoutingGroup))
        assert group is not None
        assert [(e.connection.name, e.preference) for e in group.entries] == [
            ("globalvoice", 1),
            ("eurotel-fra", 2),
            ("eurotel-ams", 3),
        ]
        customer = s.scalar(select(Customer))
        assert customer is not None and customer.tariff is not None
        assert customer.tariff.kind == "wholesale"
        street = s.scalar(select(Tariff).where(Tariff.name == "Street prices"))
        assert street is not None and street.revision == 1
        forbidden = s.scalars(
            select(Rate.prefix).where(Rate.tariff_id == street.id, Rate.forbidden)
        ).all()
        assert {"881", "882"} <= set(forbidden)


def test_applying_twice_changes_nothing_the_second_time(db: Database) -> None:
    apply_setup(db, DEMO)
    before = counts(db)
    with db.read() as s:
        revisions = {n: r for n, r in s.execute(select(Tariff.name, Tariff.revision))}
    report = apply_setup(db, DEMO)
    assert not report.changed
    assert report.lines() == ["nothing to change"]
    assert counts(db) == before  # audit_log included: an unchanged apply logs nothing
    with db.read() as s:
        assert {n: r for n, r in s.execute(select(Tariff.name, Tariff.revision))} == revisions


def test_a_second_apply_updates_by_name(db: Database, demo_copy: Path) -> None:
    apply_setup(db, demo_copy)
    before = counts(db)
    edit(demo_copy, 'voip_password = "b3-Pz9cW4"', 'voip_password = "new-secret"')
    edit(demo_copy, 'connect_fee = "0.05"', 'connect_fee = "0.10"')
    edit(demo_copy, 'host = "203.0.113.25"', 'host = "203.0.113.99"')
    deck = demo_copy.parent / "street-prices.csv"
    lines = deck.read_text(encoding="utf-8").splitlines(keepends=True)
    deck.write_text("".join(lines[:-1]), encoding="utf-8")  # one destination dropped

    report = apply_setup(db, demo_copy)
    assert report.created == {}
    assert report.updated == {"accounts": 1, "tariffs": 1, "connections": 1}
    street = report.decks["tariff Street prices"]
    assert (street.added, street.updated, street.removed) == (0, 0, 1)
    after = counts(db)
    assert after["rates"] == before["rates"] - 1
    assert after["accounts"] == before["accounts"]
    with db.read() as s:
        booth = s.scalar(select(Account).where(Account.name == "Booth 3"))
        assert booth is not None and booth.voip_password == "new-secret"
        tariff = s.scalar(select(Tariff).where(Tariff.name == "Street prices"))
        assert tariff is not None and str(tariff.connect_fee) == "0.1"
        assert tariff.revision > 1  # its terms and its deck changed: prefix indexes rebuild
        conn = s.scalar(select(Connection).where(Connection.name == "globalvoice"))
        assert conn is not None and conn.host == "203.0.113.99"


def test_objects_the_file_does_not_name_are_left_alone(db: Database) -> None:
    with db.session() as s:
        create_tariff(s, "Staff prices", currency="EUR")
        s.add(Preferences(id=1, shop_name="Old name", printer_json='{"port": "/dev/ttyS0"}'))
    apply_setup(db, DEMO)
    with db.read() as s:
        assert s.scalar(select(func.count()).where(Tariff.name == "Staff prices")) == 1
        prefs = s.get(Preferences, 1)
        assert prefs is not None
        assert prefs.shop_name == "Callshop Demo"  # named by the file: updated
        assert prefs.printer_json == '{"port": "/dev/ttyS0"}'  # not in the file: kept


def test_an_error_in_the_last_booth_leaves_an_empty_database_empty(
    db: Database, demo_copy: Path
) -> None:
    edit(demo_copy, 'service_plan = "Postpaid booth"', 'service_plan = "Gold plan"', last=True)
    with pytest.raises(SetupError) as caught:
        apply_setup(db, demo_copy)
    assert str(caught.value) == (
        "demo.toml: booths[\"Booth 8\"].service_plan: no service plan named 'Gold plan'"
    )
    assert set(counts(db).values()) == {0}


def test_an_error_in_the_last_booth_leaves_an_existing_setup_as_it_was(
    db: Database, demo_copy: Path
) -> None:
    apply_setup(db, demo_copy)
    before = counts(db)
    edit(demo_copy, 'connect_fee = "0.05"', 'connect_fee = "0.10"')  # would be an update
    edit(demo_copy, 'name = "Booth 8"', 'name = "Booth 9"')  # would be a creation
    edit(demo_copy, 'voip_login = "booth8"', 'voip_login = "booth1"')  # but clashes
    with pytest.raises(SetupError, match=r'booths\["Booth 9"\]\.voip_login: .*another booth'):
        apply_setup(db, demo_copy)
    assert counts(db) == before
    with db.read() as s:
        tariff = s.scalar(select(Tariff).where(Tariff.name == "Street prices"))
        assert tariff is not None and str(tariff.connect_fee) == "0.05"


def test_a_float_price_is_refused_naming_the_key(db: Database, demo_copy: Path) -> None:
    edit(demo_copy, 'connect_fee = "0.05"', "connect_fee = 0.05")
    with pytest.raises(SetupError) as caught:
        apply_setup(db, demo_copy)
    message = str(caught.value)
    assert message.startswith('demo.toml: tariffs["Street prices"].connect_fee: 0.05 is a float')
    assert "inexact" in message
    assert set(counts(db).values()) == {0}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('tax_rate = "0.19"', 'tax_rate = "19%"', "demo.toml: shop.tax_rate: not an amount"),
        (
            "grace_period = 5",
            'grace_period = "5"',
            'tariffs["Street prices"].grace_period: expected a whole number',
        ),
        ('policy = "lowest_cost"', 'policy = "cheapest"', 'routing_groups["Least cost"].policy'),
        ('role = "cashier"', 'role = "cashier"\npin = "1234"', 'users["Cashier"].pin: PINs'),
        (
            'notes = "Main carrier, two POPs"',
            'nots = "x"',
            'vendors["EuroTel Carrier"].nots: unknown key',
        ),
        ('vendor = "EuroTel Carrier"', 'vendor = "EuroTel"', "no vendor named 'EuroTel'"),
        (
            'connection = "eurotel-ams"',
            'connection = "eurotel-lon"',
            'routing_groups["Least cost"].entries[3].connection: no connection named',
        ),
        ('rates = "wholesale.csv"', 'rates = "missing.csv"', "deck file not found"),
        ('balance = "200"', 'balance = "0.0000001"', "customer.balance: 0.0000001 has more than"),
        ('[[users]]\nname = "Cashier"', '[[users]]\nname = "Owner"', "'Owner' is named twice"),
        ("[shop]", "[shops]", "demo.toml: unknown table [shops]"),
    ],
)
def test_bad_values_name_the_place(db: Database, demo_copy: Path, old, new, expected) -> None:
    edit(demo_copy, old, new)
    with pytest.raises(SetupError, match=None) as caught:
        apply_setup(db, demo_copy)
    assert expected in str(caught.value)
    assert set(counts(db).values()) == {0}


def test_a_bad_deck_line_names_the_deck_and_stores_nothing(db: Database, demo_copy: Path) -> None:
    deck = demo_copy.parent / "routes-globalvoice.csv"
    lines = deck.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = lines[5].replace(",", ",not-a-price,", 1)
    deck.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(SetupError) as caught:
        apply_setup(db, demo_copy)
    message = str(caught.value)
    assert message.startswith(
        'demo.toml: destination_sets["GlobalVoice Premium"].routes: routes-globalvoice.csv: '
    )
    assert "6" in message  # the line number
    assert set(counts(db).values()) == {0}


def test_dump_applied_to_an_empty_database_dumps_back_identically(
    db: Database, tmp_path: Path
) -> None:
    apply_setup(db, DEMO)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    written = dump_setup(db, first)
    assert written[0] == first / "setup.toml"
    assert {p.name for p in written[1:]} == {
        "setup-tariff-street-prices.csv",
        "setup-tariff-wholesale-for-shops.csv",
        "setup-routes-eurotel-a-z.csv",
        "setup-routes-globalvoice-premium.csv",
    }
    other = open_database(tmp_path / "other.db")
    try:
        report = apply_setup(other, first / "setup.toml")
        assert report.created["accounts"] == 8
        assert counts(other) | {"audit_log": 0} == counts(db) | {"audit_log": 0}
        again = dump_setup(other, second / "setup.toml")
    finally:
        other.dispose()
    assert [p.name for p in again] == [p.name for p in written]
    for a, b in zip(written, again, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_text_dump_is_self_contained_and_round_trips(db: Database, tmp_path: Path) -> None:
    apply_setup(db, DEMO)
    text = dump_setup_text(db)
    assert "rates_csv = " in text and "routes_csv = " in text
    single = tmp_path / "alone" / "shop.toml"
    single.parent.mkdir()
    single.write_text(text, encoding="utf-8")  # no CSV beside it: the decks are inline
    other = open_database(tmp_path / "other.db")
    try:
        apply_setup(other, single)
        assert dump_setup_text(other) == text
    finally:
        other.dispose()
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditLog)) > 0
