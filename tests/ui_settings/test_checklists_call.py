"""Issue 14's "Show": both set-up checklists of the source document walked in the settings
dialog of the real window on an empty SQLite file, then a booth started on the board and a
call placed through the Asterisk simulator over TCP, authorized by the real PBX engine with
the database policy: priced by the tariff just typed, routed over the connection just made,
then stopped with its receipt.

Rates and routes "from a file": the rates table widget (ui/settings/price_table.py) is being
built apart; until it lands, the deck files go through the core path that widget uses
(services.rates.import_deck_file -> store_rates), right after the dialog made their owners.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from callshop_pos.board import TileState
from callshop_pos.db.engine import open_database
from callshop_pos.db.models import Account, AuditLog, Connection, Receipt
from callshop_pos.services import catalog
from callshop_pos.services.pbx_policy import DatabasePolicy
from callshop_pos.services.rates import import_deck_file
from tests.pbx.test_engine_support import ActionSpy
from tests.ui.real_shop import press, real_shop
from tests.ui_settings.test_settings_dialog import (
    fill,
    go,
    open_settings,
    save,
    walk_both_checklists,
)
from ui.dialogs.start_dialog import StartDialog
from ui.dialogs.stop_dialog import StopDialog

D = Decimal
LONG = 20000  # ms: the waits end as soon as the thing happens
HEADER = (
    "prefix,area_name,price_1,price_n,interval_1,interval_n,forbidden,"
    "grace_period_enable,activation_date,expiration_date\n"
)
ACTIVE = "2025-01-01T00:00:00+00:00"


def deck(path: Path, *rows: tuple[str, str, str]) -> Path:
    """A rate deck file as the owner uploads it: prefix, area, price per minute (60/60)."""
    lines = [
        f"{prefix},{area},{price},{price},60,60,0,0,{ACTIVE},\n" for prefix, area, price in rows
    ]
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def test_both_checklists_then_a_call_priced_and_routed_by_them(qtbot, tmp_path):
    with real_shop(tmp_path / "shop.db", qtbot, receipts=True, build=open_database) as shop:
        window, sim, db = shop.window, shop.sim, shop.db
        spy = ActionSpy(sim)
        assert window.board.tiles() == []  # an empty shop
        dialog = open_settings(qtbot, window)
        walk_both_checklists(qtbot, dialog)
        # the owner's checklist: routes and rates from a file (see the module's note)
        routes = deck(tmp_path / "a-routes.csv", ("49", "Germany", "0.02"))
        wholesale = deck(tmp_path / "wholesale.csv", ("49", "Germany", "0.05"))
        street = deck(
            tmp_path / "street.csv",
            ("49", "Germany", "0.12"),
            ("4930", "Germany Berlin", "0.09"),  # the longest prefix wins
        )
        assert import_deck_file(db, routes, destination_set="A routes").added == 1
        assert import_deck_file(db, wholesale, tariff="Wholesale").added == 1
        assert import_deck_file(db, street, tariff="Street").added == 2
        # the new connection's dial target, typed in its form
        page = go(qtbot, dialog, "connections")
        page.table.selectRow(
            next(i for i, r in enumerate(page.model.rows) if r["name"] == "carrier-a2")
        )
        fill(qtbot, page, {"dial_target": "PJSIP/00${NUMBER}@carrier-a2"})
        save(qtbot, page)
        dialog.findChild(QPushButton, "closeSettings").click()
        qtbot.waitUntil(lambda: len(window.board.tiles()) == 2, timeout=LONG)

        # Start on the board: key 1, S; the amount is the preference typed in the dialog
        booth = shop.account("booth1")
        tile = window.board.tile(booth)
        press(qtbot, window, Qt.Key.Key_1)
        press(qtbot, window, Qt.Key.Key_S)
        qtbot.waitUntil(lambda: isinstance(window.actions_.dialog, StartDialog), timeout=LONG)
        start = window.actions_.dialog
        assert start.amount.amount() == D(5)
        qtbot.keyClick(start.findChild(object, "amountField"), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: tile.text.state is TileState.PREPAID, timeout=LONG)
        qtbot.waitUntil(lambda: shop.booth_open("booth1"), timeout=LONG)

        # The engine re-reads routing groups and connections within ConfigCache.ttl (3 s) of
        # a change (services.catalog); the test has that re-read happen now, not after a sleep.
        policy = shop.engine.policy
        assert isinstance(policy, DatabasePolicy)
        policy.config.invalidate()
        # the call: 90 s to Berlin under "Street": 0.10 connect fee + 2 minutes at 0.09
        uid = sim.place_call("booth1", "004930123456", answer_after=2, talk=90)
        qtbot.waitUntil(lambda: len(shop.calls()) == 1, timeout=LONG)
        call = shop.calls()[0]
        assert call.disposition == "answered" and 85 <= call.billable_seconds <= 95
        assert (call.prefix, call.area_name) == ("4930", "Germany Berlin")
        assert (call.rate_price_1, call.rate_connect_fee) == (D("0.09"), D("0.10"))
        assert call.cost == D("0.28")
        assert call.wholesale_cost == D("0.10")  # the customer's tariff from its file
        assert call.vendor_cost == D("0.04")  # the destination set's routes from theirs
        # routed over the new connection: the engine's decision, in the dialplan's variables
        decided = dict(spy.setvars(uid))
        assert decided["CALLSHOP_ROUTE"] == "PJSIP/004930123456@carrier-a2"
        assert decided["CALLSHOP_ROUTE2"].endswith("@carrier-a")  # the group's second entry
        with db.read() as s:
            assert s.get(Connection, call.connection_id).name == "carrier-a2"

        # Stop: the bill, the refund of the rest, the receipt
        qtbot.waitUntil(lambda: tile.text.state is TileState.PREPAID, timeout=LONG)
        press(qtbot, window, Qt.Key.Key_X)
        qtbot.waitUntil(lambda: isinstance(window.actions_.dialog, StopDialog), timeout=LONG)
        stop = window.actions_.dialog
        assert stop.findChild(object, "totalValue").text().startswith("0.28 ")
        assert stop.findChild(object, "refundValue").text().startswith("4.72 ")
        qtbot.keyClick(stop, Qt.Key.Key_Return)
        result = stop.findChild(object, "resultLabel")
        qtbot.waitUntil(lambda: result.isVisibleTo(stop), timeout=LONG)
        qtbot.keyClick(stop, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not tile.text.running, timeout=LONG)
        with db.read() as s:
            receipt = s.scalars(select(Receipt).order_by(Receipt.id.desc())).first()
            assert receipt is not None and receipt.total == D("0.28")
            assert "0.28" in receipt.layout_json and "4930123456" in receipt.layout_json
            assert not s.get(Account, booth).locked  # the preference "Stop locks": off
            actions = [a for a in s.scalars(select(AuditLog.action).order_by(AuditLog.id))]
        assert actions[-1] == "session.stop" and actions.count("rates.import") == 2
        assert actions.count("routes.import") == 1
        assert catalog.load(db, "connections", "carrier-a2")["dial_target"].endswith("carrier-a2")
