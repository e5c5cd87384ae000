"""On demand: 50 Stops during live calls, through the app's counter and the CLI, with the PBX
link up, down and the engine dead; then the money reconciled to the cent.

    .venv/bin/python -m tests.drills.stop_storm [--rounds 50]

Each round starts a prepaid booth, lets a call run, and stops the booth one of four ways. When
every late record has come in, it prints, over all closed sessions: the cash kept (payments
in, refunds and change out), the totals the receipts printed, and the calls' charges (their
cost by Asterisk's record less the adjustments listed) plus extras; the three must agree, and
every adjustment is listed. One level up, the callshop customer's balance must have moved by
the sum of the calls' wholesale costs and each vendor's by the sum of its costs."""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from callshop_pos.cli.main import main as cli
from callshop_pos.counter import BoothMode
from callshop_pos.db.models import Adjustment, BoothSession, Call, Customer, Vendor
from tests.core.test_call_ownership import GERMANY, Shop
from tests.pbx.test_engine_support import wait_for

D = Decimal
WAYS = ("app, link up", "cli, link up", "app, link down", "cli, engine dead")


def _run_round(shop: Shop, way: str, rng: random.Random) -> None:
    booth = shop.booth("booth1")
    shop.counter.start(booth, BoothMode.PREPAID, D(rng.choice(("2", "5", "10"))), D(0))
    if rng.random() < 0.3:
        shop.counter.add_extra(booth, "Phone card", D("1.50"))
    assert wait_for(lambda: shop.open_state("booth1"), 5)
    shop.sim.place_call(
        "booth1",
        rng.choice((GERMANY, "0074951234567", "004915112345678")),
        answer_after=0.5,
        talk=3000,
    )
    assert wait_for(lambda: shop.answered("booth1"), 15)
    time.sleep(rng.uniform(0.5, 2.5))  # the customer talks
    quiet = contextlib.redirect_stdout(io.StringIO())
    if way == "app, link up":
        shop.counter.stop(booth)
    elif way == "cli, link up":
        with quiet:
            assert cli(["--db", str(shop.path), "booth", "stop", "Booth 1"]) == 0
    elif way == "app, link down":
        shop.sim.reject_logins(True)
        shop.sim.drop_links()
        assert wait_for(lambda: shop.engine is not None and not shop.engine.connected, 5)
        shop.counter.stop(booth)
        time.sleep(rng.uniform(0.0, 1.5))  # the caller talks on while the link is down
        shop.sim.hangup_booth("booth1")
        shop.sim.reject_logins(False)
        assert shop.engine is not None
        shop.engine.client.retry_now()
        assert wait_for(lambda: shop.engine is not None and shop.engine.connected, 10)
    else:
        shop.stop_engine()
        with quiet:
            assert cli(["--db", str(shop.path), "booth", "stop", "Booth 1", "--wait", "0.3"]) == 0
        shop.start_engine()  # the resync hangs the call up and bills it from Asterisk's record
    assert wait_for(lambda: all(c.billing_source != "meter" for c in shop.calls()), 20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        shop = Shop(Path(tmp), speed=1.0)  # PBX seconds are PC seconds, as on a real PBX
        try:
            shop.start_engine()
            started = time.monotonic()
            for n in range(args.rounds):
                _run_round(shop, WAYS[n % len(WAYS)], rng)
            report(shop, time.monotonic() - started)
        finally:
            shop.close()


def report(shop: Shop, seconds: float) -> None:
    with shop.db.read() as s:
        closed = list(s.scalars(select(BoothSession).where(BoothSession.stopped_at.is_not(None))))
        kept = sum((p.amount for b in closed for p in b.payments), D(0))
        printed = sum((b.total or D(0) for b in closed), D(0))
        calls = list(s.scalars(select(Call)))
        adjustments = list(s.scalars(select(Adjustment).order_by(Adjustment.id)))
        extras = sum((b.extras_total for b in closed), D(0))
    billed = sum((c.cost for c in calls), D(0))
    adjusted = sum((a.amount for a in adjustments), D(0))
    provisional = sum(1 for c in calls if "live meter" in c.evidence)
    print(
        f"{len(closed)} sessions stopped during a live call in {seconds:.0f} s ({', '.join(WAYS)})"
    )
    print(f"cash kept (payments - refunds - change): {kept}")
    print(f"totals printed on the receipts:          {printed}")
    print(
        f"calls by Asterisk {billed} - adjustments {adjusted} + extras {extras} = "
        f"{billed - adjusted + extras}"
    )
    print(
        f"calls billed from the live meter at Stop: {provisional}; adjustments listed: "
        f"{len(adjustments)}"
    )
    for a in adjustments:
        print(
            f"  session {a.session_id}: {a.kind}, charged {a.charged} for {a.charged_seconds} s,"
            f" Asterisk {a.actual} for {a.actual_seconds} s, difference {a.amount}"
        )
    levels_ok = levels(shop)
    ok = kept == printed == billed - adjusted + extras and levels_ok
    print("RECONCILED to the cent" if ok else "MISMATCH")
    if not ok:
        raise SystemExit(1)


def levels(shop: Shop) -> bool:
    """The upper levels: the shop (customer) and vendors moved from their opening balances
    (``shop.opening``: name -> balance; 0 in the drill's own shop) by exactly their costs."""
    opening = getattr(shop, "opening", {})
    with shop.db.read() as s:
        calls = list(s.scalars(select(Call)))
        name, customer = s.execute(select(Customer.name, Customer.balance)).one()
        vendors = list(s.execute(select(Vendor.id, Vendor.name, Vendor.balance)))
    wholesale = sum((c.wholesale_cost or D(0) for c in calls), D(0))
    customer -= opening.get(name, D(0))
    ok = customer == -wholesale
    print(f"customer balance {customer}, moved by the wholesale costs -{wholesale}")
    for vendor_id, name, balance in vendors:
        owed = sum((c.vendor_cost or D(0) for c in calls if c.vendor_id == vendor_id), D(0))
        balance -= opening.get(name, D(0))
        print(f"vendor {name}: balance moved {balance}, its costs {owed}")
        ok = ok and balance == owed
    return ok


if __name__ == "__main__":
    main()
