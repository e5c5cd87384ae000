"""A database outage is visible and quiet: the throw-away PostgreSQL server is stopped
mid-test (``pg_ctl stop -m fast``) and started again. The real status bar says so, a
cashier's action says "Database unreachable — try again in a moment" with nothing changed,
a booth call is refused with the reason "database" (the tile's words), the engine logs one
line when the database goes and one when it is back, and everything works again after."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QMainWindow
from sqlalchemy import select

from callshop_pos.counter import BoothMode
from callshop_pos.db.models import Account, Call, Payment
from callshop_pos.db.outage import UNREACHABLE, DatabaseUnreachable
from callshop_pos.pbx.engine import PbxEngine
from callshop_pos.pbx.simulator import AsteriskSimulator
from callshop_pos.services.board_watch import BoardWatcher
from callshop_pos.services.counter import CounterService
from callshop_pos.services.pbx_policy import DatabasePolicy
from tests.core.shop import build_shop
from tests.db.pg_cluster import Cluster
from tests.pbx.test_engine_support import SECRET
from ui.bridge import ListenerBridge
from ui.dialogs.common import error_text
from ui.refusal_words import refusal_text
from ui.status_bar import StatusPanel

D = Decimal
pytestmark = pytest.mark.postgres


@pytest.fixture
def shop(pg_cluster: Cluster, qapp) -> Iterator[tuple]:
    url = pg_cluster.new_database(migrated=True)
    db = build_shop(url)
    sim = AsteriskSimulator(users={"callshop": SECRET}, auth_wait=3.0)
    port = sim.start()
    sim.register_booth("booth1", True)
    counter = CounterService(db)
    bridge = ListenerBridge()
    counter.add_listener(bridge)
    window = QMainWindow()
    panel = StatusPanel(window.statusBar(), "anna")
    bridge.databaseState.connect(panel.set_database)
    engine = PbxEngine(
        f"ami://callshop:{SECRET}@127.0.0.1:{port}", DatabasePolicy(db), counter, poll_interval=0.1
    )
    counter.pbx = engine
    watcher = BoardWatcher(db, counter, interval=0.1)
    engine.start()
    watcher.start()
    try:
        yield pg_cluster, db, sim, counter, panel
    finally:
        watcher.stop()
        engine.stop()
        sim.stop()
        db.dispose()
        pg_cluster.drop_database(url)


def test_an_outage_is_shown_refused_and_logged_once(shop, qtbot, caplog) -> None:
    cluster, db, sim, counter, panel = shop
    with db.read() as s:
        booth = s.scalar(select(Account.id).where(Account.voip_login == "booth1"))
    counter.start(booth, BoothMode.PREPAID, D("5"), D(0))
    qtbot.waitUntil(lambda: counter.database_ok is True, timeout=10_000)
    qtbot.waitUntil(
        lambda: sim.db_get("callshop_booth", "booth1/state") == "open", timeout=10_000
    )  # the PBX knows the booth is open
    assert "Database unreachable" not in panel.database.text()
    caplog.set_level(logging.WARNING)
    cluster.pause()
    try:
        qtbot.waitUntil(lambda: "Database unreachable" in panel.database.text(), timeout=10_000)
        assert panel.database.toolTip()  # the driver's reason, for the owner
        with pytest.raises(DatabaseUnreachable) as refused:
            counter.topup(booth, D("2"))
        assert str(refused.value) == UNREACHABLE
        assert error_text(refused.value) == UNREACHABLE  # not "Unexpected error: ..."
        # a call dialed meanwhile: refused (fail closed); its record waits for the database
        sim.place_call("booth1", "004930123456", answer_after=1, talk=30)
        qtbot.waitUntil(
            lambda: any(
                "database lost" in r.getMessage()
                for r in caplog.records
                if r.name == "callshop_pos.pbx.engine"
            ),
            timeout=10_000,
        )
    finally:
        cluster.resume()
    qtbot.waitUntil(lambda: "Database unreachable" not in panel.database.text(), timeout=15_000)
    # the refusal is recorded once the database is back, and the tile says why
    qtbot.waitUntil(lambda: counter.booth(booth).last_refusal == "database", timeout=15_000)
    assert refusal_text("database") == "Database unreachable"
    engine_lines = [
        r.getMessage()
        for r in caplog.records
        if r.name == "callshop_pos.pbx.engine" and "database" in r.getMessage()
    ]
    assert any("database lost" in line for line in engine_lines)
    assert len([line for line in engine_lines if "database lost" in line]) == 1
    assert not [r for r in caplog.records if r.exc_info and "pbx" in r.name]  # no tracebacks
    view = counter.topup(booth, D("2"))  # works again; the refused top-up left nothing
    assert view.prepaid == D("7")
    with db.read() as s:
        assert [p.amount for p in s.scalars(select(Payment).order_by(Payment.id))] == [
            D("5"),
            D("2"),
        ]
        refused_calls = list(s.scalars(select(Call)))
    assert all(c.cost == 0 for c in refused_calls)
