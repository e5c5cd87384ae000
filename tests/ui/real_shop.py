"""The real core behind the real window, for the end-to-end UI tests (no fakes).

A real SQLite file (``tests/core/shop.py``), the CounterService, the database call policy and
the PBX engine talking AMI over TCP to the Asterisk simulator at SPEED simulated seconds per
wall second. The window's clock is the simulator's: the PBX stamps answers in simulated time,
and the tiles must meter with the clock the PBX bills with. On request, receipts are stored at
Stop and the real print service runs (on whatever printer port the test names).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from callshop_pos.board import TileState
from callshop_pos.counter import BoothView
from callshop_pos.db.engine import Database
from callshop_pos.db.models import Account, Call
from callshop_pos.pbx.engine import PbxEngine
from callshop_pos.pbx.simulator import AsteriskSimulator
from callshop_pos.services.counter import CounterService
from callshop_pos.services.pbx_policy import DatabasePolicy
from callshop_pos.services.print_queue import PrintService
from callshop_pos.services.printer_config import save_printer_settings
from callshop_pos.services.rating_cache import RatingCache
from callshop_pos.services.receipts import ReceiptService
from printing.settings import PrinterSettings
from printing.spooler import Backoff
from tests.core.shop import build_shop
from tests.pbx.test_engine_support import SECRET, SPEED, wait_for
from ui.app import build_main_window, wire_printer
from ui.bridge import ListenerBridge
from ui.i18n import remove_language
from ui.main_window import MainWindow
from ui.shop_services import ShopServices

LOGINS = ("booth1", "booth2", "booth3", "walkin")


@dataclass
class RealShop:
    db: Database
    sim: AsteriskSimulator
    engine: PbxEngine
    counter: CounterService
    bridge: ListenerBridge
    window: MainWindow
    printing: PrintService | None = None
    # Every state each tile showed, in order, as the bridge delivered the engine's changes.
    states: dict[int, list[TileState]] = field(default_factory=dict)

    def account(self, login: str) -> int:
        with self.db.read() as s:
            account_id = s.scalar(select(Account.id).where(Account.voip_login == login))
        assert account_id is not None
        return int(account_id)

    def calls(self) -> list[Call]:
        with self.db.read() as s:
            return list(s.scalars(select(Call).order_by(Call.id)))

    def booth_open(self, login: str) -> bool:
        return self.sim.db_get("callshop_booth", f"{login}/state") == "open"

    def record_states(self, view: BoothView) -> None:
        # Connected after the window's own slot, so the tile already shows this view.
        tile = self.window.board.tile(view.account_id)
        if tile.text is not None:
            seen = self.states.setdefault(view.account_id, [])
            if not seen or seen[-1] is not tile.text.state:
                seen.append(tile.text.state)


@contextmanager
def real_shop(
    path: Path,
    qtbot: object,
    *,
    language: str = "en",
    receipts: bool = False,
    printing: bool = False,
    printer_port: str | None = None,
    build: Callable[[Path], Database] = build_shop,
) -> Iterator[RealShop]:
    """``receipts``: Stop stores a receipt and its print job. ``printing``: the real
    PrintService runs, retrying fast; ``printer_port`` sets up (and enables) a printer there.
    ``build`` makes the database (``open_database``: an empty shop, set up by the test)."""
    db = build(path)
    if printer_port is not None:
        save_printer_settings(db, PrinterSettings(enabled=True, port=printer_port))
    service = None
    if printing:
        service = PrintService(
            db, status_timeout=0.3, idle_poll=0.05, backoff=lambda: Backoff(0.05, 0.2)
        )
    sim = AsteriskSimulator(users={"callshop": SECRET}, speed=SPEED, auth_wait=60.0)
    port = sim.start()
    for login in LOGINS:
        sim.register_booth(login, True)
    cache = RatingCache()
    counter = CounterService(
        db,
        user="anna",
        cache=cache,
        hangup_wait=5.0,
        receipts=ReceiptService() if receipts else None,
    )
    bridge = ListenerBridge()
    counter.add_listener(bridge)
    engine = PbxEngine(
        f"ami://callshop:{SECRET}@127.0.0.1:{port}",
        DatabasePolicy(db, cache),
        counter,
        poll_interval=0.2,
    )
    counter.pbx = engine
    window = build_main_window(
        counter,
        bridge,
        user="anna",
        language=language,
        clock=sim.now,
        shop=ShopServices(db, service, cashier="anna"),
    )
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    shop = RealShop(db, sim, engine, counter, bridge, window, printing=service)
    if service is not None:
        wire_printer(SimpleNamespace(printing=service), bridge)  # type: ignore[arg-type]
        service.start()
    # a plain function, not the bound method of this (non-QObject) dataclass: with PySide6
    # 6.11 such a connection intermittently called it on a freed object (a crash at GC)
    bridge.boothChanged.connect(lambda view: shop.record_states(view))
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)  # type: ignore[attr-defined]
    engine.start()
    try:
        qtbot.waitUntil(  # type: ignore[attr-defined]
            lambda: (
                "PBX connected" in window.status.pbx.text()
                or "АТС подключена" in window.status.pbx.text()
            ),
            timeout=10000,
        )
        # The first resync mirrors booth states into AstDB; wait for it so calls are decided.
        assert wait_for(lambda: engine.connected, 10)
        yield shop
    finally:
        window.close()
        remove_language(getattr(window, "translator", None))
        if service is not None:
            service.stop()
        engine.stop()
        sim.stop()
        db.dispose()


def press(
    qtbot: object,
    window: MainWindow,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """A key on the board, as the cashier presses it (window shortcuts need the window active)."""
    window.raise_()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # type: ignore[attr-defined]
    qtbot.keyClick(window.board, key, modifier)  # type: ignore[attr-defined]
