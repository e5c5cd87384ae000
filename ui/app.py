"""The counter application: ``main`` puts the running shop (``callshop_pos.runtime``) behind
the main window; ``build_main_window`` builds the window on any CounterBackend (tests use it
with a fake one)."""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import time
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from callshop_pos.cli.common import pbx_url  # --pbx, else $CALLSHOP_PBX_URL, else the shop's
from callshop_pos.counter import CounterBackend, PbxLink
from callshop_pos.errors import CallshopError, describe
from callshop_pos.logs import EventLog, StateLog, setup_logging
from callshop_pos.runtime import DEMO_HISTORY_DAYS, Runtime, build_runtime
from callshop_pos.services import catalog, shifts, users
from callshop_pos.services.language import LANGUAGES, saved_language
from callshop_pos.services.print_queue import RECEIPT_PRINTER
from printing.printer_state import PrinterState, PrinterView, english
from ui.bridge import ListenerBridge
from ui.i18n import install_language, remove_language
from ui.main_window import Clock, MainWindow
from ui.quit_signals import QuitOnSignals
from ui.session_guard import Cashier, SessionGuard, demo_hint, log_in_at_start
from ui.shop_services import ShopServices
from ui.theme import apply_theme
from ui.worker import Runner

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("App", text)


def build_main_window(
    backend: CounterBackend,
    listener_bridge: ListenerBridge | None,
    *,
    user: str,
    language: str,
    clock: Clock | None = None,
    shop: ShopServices | None = None,
    demo: bool = False,
    guard: SessionGuard | None = None,
) -> MainWindow:
    """The main window on the running QApplication, in ``language`` ("en" or "ru").
    ``shop`` (the database and the print service) enables the shop menu and the PDFs;
    ``demo`` puts the demo banner (with the way to the real set-up) over the board;
    ``guard`` (who is logged in) enables the lock screen and the owner's PIN prompts."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("create the QApplication before build_main_window")
    apply_theme(app)
    # The translator must be installed before any widget asks for its words.
    translator = install_language(language)
    window = MainWindow(
        backend,
        listener_bridge,
        user=user,
        shop=shop,
        language=language,
        demo=demo,
        clock=clock if clock is not None else time.time,
        guard=guard,
    )
    window.translator = translator  # type: ignore[attr-defined]  # keep it alive with the window
    return window


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(
        prog="callshop-pos-gui",
        description="Callshop POS: the counter. With nothing configured it opens the demo shop.",
    )
    parser.add_argument("--db", metavar="PATH|URL", help="the shop database (file or URL)")
    parser.add_argument(
        "--demo", action="store_true", help="the demo shop with the built-in Asterisk simulator"
    )
    parser.add_argument(
        "--pbx",
        metavar="ami://USER:SECRET@HOST:PORT",
        help="the PBX (default: $CALLSHOP_PBX_URL, else the shop's set-up)",
    )
    parser.add_argument(
        "--language", choices=LANGUAGES, help="the UI language (default: the shop's preference)"
    )
    parser.add_argument(
        "--user", default="", help="the user selected on the login dialog (default: the first)"
    )
    parser.add_argument(
        "--demo-history",
        type=int,
        default=DEMO_HISTORY_DAYS,
        metavar="DAYS",
        help=f"a new demo shop's days of past traffic, made before its live booths start "
        f"(default {DEMO_HISTORY_DAYS}; 0: none; more: callshop-pos demo history --days N)",
    )
    # Unknown options (-platform, -style...) belong to Qt.
    return parser.parse_known_args(argv[1:])


def shop_language(runtime: Runtime) -> str:
    return saved_language(runtime.db)


def window_title(user: str, demo: bool) -> str:
    title = QCoreApplication.translate("MainWindow", "Callshop POS — %1").replace("%1", user)
    return _tr("%1 — demo").replace("%1", title) if demo else title


def use_cashier(runtime: Runtime, shop: ShopServices, user: Cashier) -> None:
    """The logged-in user is the cashier of every action, receipt and PDF from now on."""
    runtime.counter.user = user.name
    runtime.counter.user_id = user.id
    shop.cashier = user.name
    if runtime.demo and user.id is not None:
        demo_shift(runtime, user.id)


def demo_shift(runtime: Runtime, user_id: int) -> None:
    """The demo's cashier finds her shift open (float 0): a real shop's cashier opens hers
    with the counted float (Shop → Open shift…), and a Start without one is refused."""
    try:
        if shifts.current(runtime.db, user_id) is None:
            shifts.open_new(runtime.db, user_id, Decimal(0), by=user_id)
    except CallshopError as exc:  # the demo still opens; Start will say what is missing
        log.info("demo shift not opened: %s", exc)


def start_login(
    runtime: Runtime, runner: Runner, language: str, selected: str
) -> tuple[Cashier | None, str]:
    """The first owner or the login, in the shop's language, before the window opens; the
    demo shop gets its demo users and shows them (the hint, kept for the lock screen)."""
    hint = demo_hint(users.ensure_demo_users(runtime.db)) if runtime.demo else ""
    translator = install_language(language)
    try:
        return log_in_at_start(runtime.db, runner, selected=selected, hint=hint), hint
    finally:
        remove_language(translator)


def wire_printer(runtime: Runtime, bridge: ListenerBridge) -> None:
    """Feed the print service's status to the status bar, or say there is no printer.

    The service calls ``on_change`` from its workers' threads; the bridge re-emits on the GUI
    thread."""
    service: Any = runtime.printing
    if service is None:
        bridge.printer_state((PrinterView(RECEIPT_PRINTER, PrinterState.NO_PRINTER),), 0)
        return

    # Workers and the thread that (re)starts the service all report; without the lock an
    # older status read on one thread could be emitted after a newer one read on another and
    # stay on the bar ("Checking printer" after "Printer ready"). Read and emit under one lock
    # and the last status emitted is always read after the last change.
    lock = threading.Lock()
    state_log = StateLog("printer")

    def changed() -> None:
        try:
            with lock:
                printers, waiting = tuple(service.status()), int(service.waiting())
                state_log(english(printers), waiting)  # the log is in English
                bridge.printer_state(printers, waiting)
        except Exception:  # the status line must never take the print thread down
            log.exception("printer status")

    service.on_change = changed
    changed()


def replay_states(runtime: Runtime, bridge: ListenerBridge) -> None:
    """The running services' last states, told again to a window built after they started
    (a signal emitted before the window listened reached nobody)."""
    counter = runtime.counter
    if runtime.engine is None:
        bridge.pbx_state(PbxLink.DISCONNECTED, _tr("No PBX configured"))
    else:
        bridge.pbx_state(counter.pbx_link, counter.pbx_detail)
    if counter.database_ok is not None:
        bridge.database_state(counter.database_ok, counter.database_detail)
    wire_printer(runtime, bridge)  # reads the print service's status now


def show_startup_error(text: str, parent: QWidget | None = None) -> None:
    """A modal box with the one-line reason (no traceback: the cashier cannot act on one)."""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        _tr("Callshop POS"),
        _tr("The counter cannot start: %1").replace("%1", text),
        parent=parent,
    )
    box.setObjectName("startupErrorBox")
    box.exec()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    args, qt_args = parse_args(argv)
    quit_signal = QuitOnSignals()
    quit_signal.install()  # from the first second: a SIGTERM while the shop opens is noted
    try:
        return _run(args, qt_args, argv, quit_signal)
    finally:
        quit_signal.uninstall()  # after the runtime stopped: a second signal cannot cut it


def _run(
    args: argparse.Namespace, qt_args: list[str], argv: list[str], quit_signal: QuitOnSignals
) -> int:
    log_file = setup_logging()
    log.info("counter starting (log %s)", log_file)
    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication([argv[0] if argv else "callshop-pos", *qt_args])
    )
    quit_signal.watch(app)
    # The error box speaks the asked language; the shop's own is unknown until the DB opens.
    early = install_language(args.language) if args.language else None
    try:
        runtime = build_runtime(
            args.db,
            pbx_url=pbx_url(args.pbx),
            demo=True if args.demo else None,
            user=args.user,
            listeners=[EventLog()],
            demo_history_days=max(0, args.demo_history),
        )
        language = args.language or shop_language(runtime)
    except Exception as exc:  # every start-up failure ends here: say why in one line
        log.error("start-up failed", exc_info=True)
        show_startup_error(describe(exc))
        remove_language(early)
        return 1
    remove_language(early)
    bridge = ListenerBridge()
    runtime.counter.add_listener(bridge)
    window: MainWindow | None = None
    try:
        if quit_signal.requested:  # while the database opened: nothing started yet
            return 0
        # The PBX engine, the board watcher and the printer run from here on, before anyone
        # logs in: a counter restarted mid-day never refuses a booth's call during the login.
        wire_printer(runtime, bridge)
        if runtime.engine is None:
            bridge.pbx_state(PbxLink.DISCONNECTED, _tr("No PBX configured"))
        runtime.start()
        # lives until main() ends: a Runner deleted with its dialog could delete a job twice
        login_runner = Runner()
        user, hint = start_login(runtime, login_runner, language, args.user)
        if user is None or quit_signal.requested:
            return 0  # Quit on the login dialog, or SIGTERM
        shop = ShopServices(runtime.db, runtime.printing)
        use_cashier(runtime, shop, user)
        guard = SessionGuard(
            runtime.db, user, idle_minutes=users.lock_after_minutes(runtime.db), hint=hint
        )
        guard.userChanged.connect(lambda who: use_cashier(runtime, shop, who))
        window = build_main_window(
            runtime.counter,
            bridge,
            user=user.name,
            language=language,
            shop=shop,
            demo=runtime.demo,
            guard=guard,
        )
        replay_states(runtime, bridge)  # what the engine and the printer said during the login
        demo = runtime.demo
        window.setWindowTitle(window_title(user.name, demo))
        guard.userChanged.connect(lambda who: window.setWindowTitle(window_title(who.name, demo)))
        if window.demo_banner is not None and runtime.history_days:
            window.demo_banner.show_history(
                runtime.history_made.is_set,
                runtime.history_days,
                window.board,
                lambda: runtime.history_progress,
            )
        window.show()
        if not runtime.demo and catalog.is_empty(runtime.db):
            window.open_wizard()  # a real, empty shop: the set-up assistant first
        return quit_signal.exec(app)
    except Exception as exc:
        log.error("start-up failed", exc_info=True)
        show_startup_error(describe(exc), window)
        return 1
    finally:
        if window is not None:
            # Closing the last window would post a quit request with no loop left to end: it
            # would end the next one at once (tests run main() more than once per process).
            quit_on_close = app.quitOnLastWindowClosed()
            app.setQuitOnLastWindowClosed(False)
            window.quit_approved = True  # the loop has ended: nothing is left to ask with
            window.close()
            app.setQuitOnLastWindowClosed(quit_on_close)
            translator: QTranslator | None = getattr(window, "translator", None)
            remove_language(translator)
        runtime.stop()


if __name__ == "__main__":
    sys.exit(main())
