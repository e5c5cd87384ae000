"""The owner's view of the upper levels over a period: the callshop customer's balance and
what is owed to each vendor, opening, movements and closing, by SQL over the calls; and the
``callshop-pos balances`` command that prints it."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from callshop_pos.cli.main import main as cli
from callshop_pos.db.engine import Database
from callshop_pos.services.ledger import ledger
from tests.core.shop import authorized
from tests.money3.test_levels import bill, levels, record, shop

D = Decimal


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2024, 5, day, hour, tzinfo=UTC)


def billed_history(url: str) -> Database:
    """Three days of calls: 1 May 60 s on A, 2 May 120 s on B and 60 s without a route,
    3 May 60 s on A (wholesale 0.02 a minute; A 0.010, B 0.008)."""
    db = shop(url)
    for uid, day, seconds, peer in (
        ("d1", 1, 60, "PJSIP/carrier-a-1"),
        ("d2", 2, 120, "PJSIP/carrier-b-2"),
        ("d2b", 2, 60, ""),
        ("d3", 3, 60, "PJSIP/carrier-a-3"),
    ):
        start = at(day).timestamp()
        rec = replace(
            record(uid, seconds, peer=peer),
            started_at=start,
            answered_at=start + 2,
            ended_at=start + 2 + seconds,
        )
        bill(db, authorized(db, rec))
    return db


def test_a_period_opens_moves_and_closes_by_the_calls(migrated_db_url):
    db = billed_history(migrated_db_url)
    assert levels(db) == (D("199.9"), D("0.02"), D("0.016"))  # what billing stored
    with db.read() as s:
        book = ledger(s, at(2, 0), at(3, 0))
    (customer,) = book.customers
    assert (customer.name, customer.currency) == ("Demo shop", "EUR")
    assert (customer.opening, customer.calls, customer.movement, customer.closing) == (
        D("199.98"),
        2,
        D("-0.06"),
        D("199.92"),
    )
    assert customer.now == D("199.9")
    a, b = book.vendors
    assert (a.name, a.opening, a.calls, a.movement, a.closing) == (
        "Carrier A",
        D("0.01"),
        0,
        D(0),
        D("0.01"),
    )
    assert (b.name, b.opening, b.calls, b.movement, b.closing) == (
        "Carrier B",
        D(0),
        1,
        D("0.016"),
        D("0.016"),
    )
    # no bounds: from before the first call to now
    with db.read() as s:
        whole = ledger(s)
    assert (whole.customers[0].opening, whole.customers[0].closing) == (D(200), D("199.9"))
    assert [(v.opening, v.calls, v.closing) for v in whole.vendors] == [
        (D(0), 2, D("0.02")),
        (D(0), 1, D("0.016")),
    ]
    db.dispose()


def test_a_period_must_start_before_it_ends(tmp_path):
    db = shop(f"sqlite:///{tmp_path / 'shop.db'}")
    with db.read() as s, pytest.raises(ValueError, match="before its end"):
        ledger(s, at(3), at(2))


def test_the_balances_command_prints_the_period_as_json(tmp_path, capsys):
    path = tmp_path / "shop.db"
    billed_history(f"sqlite:///{path}").dispose()
    args = ["--db", str(path), "balances", "--from", "2024-05-02", "--to", "2024-05-02"]
    assert cli([*args, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["from"] == "2024-05-02T00:00:00+00:00" and doc["to"] == "2024-05-03T00:00:00+00:00"
    (customer,) = doc["customers"]
    assert (customer["opening"], customer["movement"], customer["closing"]) == (
        "199.98",
        "-0.06",
        "199.92",
    )
    assert [(v["name"], v["closing"]) for v in doc["vendors"]] == [
        ("Carrier A", "0.01"),
        ("Carrier B", "0.016"),
    ]
    assert cli(args) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[1].split() == ["customer", "Demo", "shop", "199.98", "2", "-0.06", "199.92", "EUR"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2024-05-03", "--to", "2024-05-02"], "--from must be before --to"),
        (["--from", "yesterday"], "not a date"),
    ],
)
def test_bad_periods_are_one_clear_line(tmp_path, capsys, args, message):
    path = tmp_path / "shop.db"
    shop(f"sqlite:///{path}").dispose()
    try:
        status = cli(["--db", str(path), "balances", *args])
    except SystemExit as exc:  # argparse's own errors exit
        status = int(exc.code or 0)
    assert status == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
