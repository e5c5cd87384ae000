"""A small real shop in a real SQLite file, built through the ORM, for the core tests."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from callshop_pos.db.engine import Database, open_database
from callshop_pos.db.models import (
    Account,
    Connection,
    Customer,
    DestinationSet,
    Preferences,
    Rate,
    Route,
    RoutingEntry,
    RoutingGroup,
    ServicePlan,
    Tariff,
    Vendor,
)
from callshop_pos.pbx.tracker import CallRecord
from callshop_pos.services.pbx_policy import DatabasePolicy

EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
D = Decimal


def rate(
    prefix: str,
    area: str,
    price: str,
    *,
    i1: int = 60,
    n: int = 60,
    forbidden: bool = False,
    price_n: str | None = None,
) -> dict:
    return dict(
        prefix=prefix,
        area_name=area,
        price_1=D(price),
        price_n=D(price_n or price),
        interval_1=i1,
        interval_n=n,
        forbidden=forbidden,
        activation=EPOCH,
    )


def build_shop(path: Path | str, *, booths: int = 3) -> Database:
    db = open_database(path)
    with db.session() as s:
        s.add(Preferences(id=1, access_codes="00", country_code="49", max_call_seconds=7200))
        v1 = Vendor(name="Carrier A", currency="EUR")
        v2 = Vendor(name="Carrier B", currency="EUR")
        c1 = Connection(vendor=v1, name="carrier-a", host="sip.a.example")
        c2 = Connection(
            vendor=v2,
            name="carrier-b",
            host="sip.b.example",
            dial_target="PJSIP/00${NUMBER}@carrier-b",
        )
        s.add_all([v1, v2, c1, c2])
        buy_a = DestinationSet(name="A buy", vendor=v1)
        buy_b = DestinationSet(name="B buy", vendor=v2)
        s.add_all([buy_a, buy_b])
        s.flush()
        for ds, germany, russia in ((buy_a, "0.010", "0.050"), (buy_b, "0.008", "0.060")):
            s.add(Route(destination_set_id=ds.id, **rate("49", "Germany", germany)))
            s.add(Route(destination_set_id=ds.id, **rate("7", "Russia", russia)))
        group = RoutingGroup(name="Cheapest", policy="lowest_cost")
        s.add(group)
        s.flush()
        s.add(
            RoutingEntry(
                group_id=group.id, destination_set_id=buy_a.id, connection_id=c1.id, preference=1
            )
        )
        s.add(
            RoutingEntry(
                group_id=group.id, destination_set_id=buy_b.id, connection_id=c2.id, preference=2
            )
        )
        retail = Tariff(name="Street", currency="EUR", precision=2)
        wholesale = Tariff(name="Wholesale", currency="EUR", kind="wholesale", precision=4)
        s.add_all([retail, wholesale])
        s.flush()
        for r in (
            rate("49", "Germany", "0.10"),
            rate("4915", "Germany Mobile", "0.30", i1=30, n=6),
            rate("7", "Russia", "0.20"),
            rate("7495", "Russia Moscow", "0.15"),
            rate("882", "Satellite", "5.00", forbidden=True),
        ):
            s.add(Rate(tariff_id=retail.id, **r))
        s.add(Rate(tariff_id=wholesale.id, **rate("49", "Germany", "0.02")))
        customer = Customer(name="Demo shop", tariff_id=wholesale.id, routing_group_id=group.id)
        prepaid = ServicePlan(name="Prepaid", tariff_id=retail.id, billing_type="prepaid")
        postpaid = ServicePlan(name="Postpaid", tariff_id=retail.id, billing_type="postpaid")
        s.add_all([customer, prepaid, postpaid])
        s.flush()
        for n in range(1, booths + 1):
            s.add(
                Account(
                    name=f"Booth {n}",
                    position=n,
                    voip_login=f"booth{n}",
                    voip_password=f"pw{n}",
                    service_plan_id=prepaid.id,
                    customer_id=customer.id,
                )
            )
        s.add(
            Account(
                name="Walk-in",
                position=booths + 1,
                voip_login="walkin",
                service_plan_id=postpaid.id,
                customer_id=customer.id,
            )
        )
    return db


def authorized(db: Database, record: CallRecord) -> CallRecord:
    """The record of a call the shop's policy authorized first, as every real booth call is
    (the bill goes to the session that took the decision)."""
    DatabasePolicy(db).authorize(
        record.booth, record.number, record.started_at or 0.0, record.booth_uniqueid
    )
    return record
