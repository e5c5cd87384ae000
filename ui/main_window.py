"""The counter's main window: the board, the action bar, the shortcuts, the shop menu and the
status bar."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from callshop_pos.counter import BoothView, CounterBackend, PbxLink
from callshop_pos.logs import log_folder
from callshop_pos.services import shifts
from callshop_pos.services.language import save_language
from callshop_pos.services.permissions import Permission, Role
from callshop_pos.services.printer_config import load_printer_settings, save_printer_settings
from callshop_pos.services.reports_period import Preset
from printing.settings import PrinterSettings
from ui.board_hint import BoardHint
from ui.board_widget import BoardWidget
from ui.booth_actions import BoothActions
from ui.booth_keys import KEYS
from ui.bridge import ListenerBridge
from ui.demo_banner import DemoBanner
from ui.dialogs.calls_dialog import CallsDialog
from ui.dialogs.common import show_error, show_info
from ui.dialogs.drawer_dialogs import CashMovementDialog, ReprintZDialog
from ui.dialogs.price_check import PriceCheckDialog
from ui.dialogs.print_queue_dialog import PrintQueueDialog
from ui.dialogs.refund_dialog import RefundDialog
from ui.dialogs.shift_dialogs import CloseShiftDialog, OpenShiftDialog, x_report_text
from ui.reports.window import ReportsWindow
from ui.session_guard import Cashier, SessionGuard
from ui.settings.printer_dialog import PrinterSettingsDialog
from ui.settings.settings_dialog import SettingsDialog
from ui.settings.wizard import SetupWizard
from ui.shop_services import ShopServices
from ui.status_bar import StatusPanel
from ui.worker import Runner

# Each language is named in itself, whatever the UI speaks now: the one who cannot read the
# current language must still find their own. So these are not translated.
LANGUAGE_NAMES = (("en", "English"), ("ru", "Русский"))

Clock = Callable[[], float]


class MainWindow(QMainWindow):
    def __init__(
        self,
        backend: CounterBackend,
        bridge: ListenerBridge | None,
        *,
        user: str,
        clock: Clock = time.time,
        parent: QWidget | None = None,
        shop: ShopServices | None = None,
        language: str = "en",
        demo: bool = False,
        guard: SessionGuard | None = None,
    ) -> None:
        super().__init__(parent)
        self.guard = guard
        self.quit_approved = False
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Callshop POS — %1").replace("%1", user))
        self.resize(1280, 800)
        self.backend = backend
        self.shop = shop
        self.language = language
        self.runner = Runner(self)
        self.board = BoardWidget(clock, self)
        self.demo_banner = DemoBanner() if demo else None
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        if self.demo_banner is not None:
            column.addWidget(self.demo_banner)
        column.addWidget(self.board, 1)
        self.board_hint = BoardHint(central)  # instead of a blank board: the way to set up
        self.board_hint.assistant.connect(self.open_wizard)
        self.board_hint.hide()
        column.addWidget(self.board_hint, 1)
        self.setCentralWidget(central)
        self.actions_ = BoothActions(backend, self.runner, self.board, self, clock)
        if guard is not None:
            self.actions_.owner_gate = guard.with_owner
        self.status = StatusPanel(self.statusBar(), user)
        self.shift_label = QLabel()
        self.shift_label.setObjectName("shiftStatus")
        self.statusBar().addPermanentWidget(self.shift_label)
        self.shift_warnings = shifts.Warnings()
        self.quit_warned = False
        self._running: set[int] = set()
        self.shift_timer = QTimer(self)
        self.shift_timer.setInterval(60_000)  # the shift's age and the closing time move on
        self.shift_timer.timeout.connect(self.refresh_shift)
        self.shift_timer.start()
        self.runner.busyChanged.connect(self.status.set_busy)
        self.board.action.connect(self._tile_action)
        self.price_dialog: PriceCheckDialog | None = None
        self.calls_dialog: CallsDialog | None = None
        self.print_queue_dialog: PrintQueueDialog | None = None
        self.printer_dialog: PrinterSettingsDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.wizard: SetupWizard | None = None
        self.reports_window: ReportsWindow | None = None
        self.language_box: QMessageBox | None = None
        self._build_actions()
        self._build_menu()
        self.status.printer.clicked.connect(self.open_print_queue)
        if bridge is not None:
            self.connect_bridge(bridge)
        self.set_board(backend.board())
        self.board.setFocus()
        if guard is not None:
            guard.setParent(self)  # goes with the window (and its event filter with it)
            guard.window = self
            guard.userChanged.connect(self.set_user)
            guard.locked.connect(lambda locked: central.setVisible(not locked))
            self.set_user(guard.user)

    # -- wiring ---------------------------------------------------------------------------

    def connect_bridge(self, bridge: ListenerBridge) -> None:
        bridge.boothChanged.connect(self._booth_changed)
        bridge.pbxState.connect(self._pbx_state)
        bridge.databaseState.connect(self.status.set_database)
        bridge.printerState.connect(self.status.set_printer)
        bridge.printerState.connect(self._printer_changed)

    def _booth_changed(self, view: BoothView) -> None:
        self.board.update_view(view)
        if view.mode is not None:
            self._running.add(view.account_id)
        elif view.account_id in self._running:  # a Stop: time to remind of the shift
            self._running.discard(view.account_id)
            self.refresh_shift(warn=True)

    def _pbx_state(self, state: PbxLink, detail: str) -> None:
        self.board.set_pbx(state)
        self.status.set_pbx(state, detail)

    def _action(
        self,
        name: str,
        text: str,
        keys: list[QKeySequence | str],
        slot: Callable[[], object],
        toolbar: QToolBar | None,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(k) for k in keys])
        # Window scope: the keys work wherever the focus is on the board, never in dialogs.
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        hint = QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{text} ({hint})")
        self.addAction(action)
        if toolbar is not None:
            action.setIconText(f"{text}  [{hint}]")
            toolbar.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = QToolBar(self.tr("Actions"))
        bar.setObjectName("actionBar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.setStyleSheet("QToolButton { padding: 8px 12px; font-weight: bold; }")
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        on = self._on_selected
        self._action(
            "startAction", self.tr("Start"), ["S", "Return", "Enter"], on(self.start_selected), bar
        )
        self._action(
            "postpaidAction",
            self.tr("Postpaid"),
            ["P", "Shift+Return"],
            on(self.actions_.quick_postpaid),
            bar,
        )
        self._action("stopAction", self.tr("Stop"), ["X", "Delete"], on(self.actions_.stop), bar)
        self._action("topupAction", self.tr("Top-up"), ["T"], on(self.actions_.topup), bar)
        self._action("extraAction", self.tr("Add item"), ["E"], on(self.actions_.extra), bar)
        bar.addSeparator()
        self._action("priceAction", self.tr("Price check"), ["Ctrl+P"], self.open_price_check, bar)
        self._action("callsAction", self.tr("Today's calls"), ["Ctrl+L"], self.open_calls, bar)
        for index, key in enumerate(KEYS):
            self._action(
                f"boothKey{index + 1}",
                self.tr("Select booth %1").replace("%1", str(index + 1)),
                [QKeySequence(key)],
                self._select_position(index + 1),
                None,
            )
        for name, key, d_row, d_col in (
            ("left", Qt.Key.Key_Left, 0, -1),
            ("right", Qt.Key.Key_Right, 0, 1),
            ("up", Qt.Key.Key_Up, -1, 0),
            ("down", Qt.Key.Key_Down, 1, 0),
        ):
            self._action(
                f"move_{name}",
                name,
                [QKeySequence(key)],
                self._move_by(d_row, d_col),
                None,
            )

    def _move_by(self, d_row: int, d_col: int) -> Callable[[], None]:
        return lambda: self.board.move_selection(d_row, d_col)

    def _build_menu(self) -> None:
        """The owner's and the end of day's things, out of the cashier's busy toolbar."""
        menu = self.menuBar().addMenu(self.tr("&Shop"))
        menu.setObjectName("shopMenu")
        shop = self.shop
        needs_db: list[QAction] = []

        def item(name: str, text: str, slot: Callable[[], object]) -> QAction:
            action = menu.addAction(text)
            action.setObjectName(name)
            action.triggered.connect(lambda _checked=False: slot())
            return action

        settings = item("settingsAction", self.tr("Settings…"), self.open_settings)
        settings.setShortcut(QKeySequence("Ctrl+,"))
        needs_db.append(settings)
        needs_db.append(
            item("setupAssistantAction", self.tr("Set-up assistant…"), self.open_wizard)
        )
        needs_db.append(
            item("printerSettingsAction", self.tr("Printer settings…"), self.open_printer_settings)
        )
        queue = item("printQueueAction", self.tr("Print queue…"), self.open_print_queue)
        queue.setEnabled(shop is not None and shop.printing is not None)
        needs_db.append(item("reportsAction", self.tr("Reports…"), self.open_reports))
        for name, text, slot in (
            ("openShiftAction", self.tr("Open shift…"), self.open_shift),
            ("xReportAction", self.tr("X report"), self.x_report),
            ("closeShiftAction", self.tr("Close shift (Z)…"), self.close_shift),
        ):
            needs_db.append(item(name, text, slot))
        drawer_items: tuple[tuple[str, str, str, Callable[[], object]], ...] = (
            ("payInAction", self.tr("Pay in…"), "Ctrl+Shift+I", self.pay_in),
            ("payOutAction", self.tr("Pay out…"), "Ctrl+Shift+O", self.pay_out),
            ("reprintZAction", self.tr("Reprint Z…"), "Ctrl+Shift+Z", self.reprint_z),
            ("refundAction", self.tr("Refund…"), "Ctrl+Shift+R", self.refund),
        )
        for name, text, key, drawer_slot in drawer_items:
            drawer = item(name, text, drawer_slot)
            drawer.setShortcut(QKeySequence(key))
            needs_db.append(drawer)
        item("openLogFolderAction", self.tr("Open log folder"), self.open_log_folder)
        languages = menu.addMenu(self.tr("Language"))
        languages.setObjectName("languageMenu")
        group = QActionGroup(self)
        group.setExclusive(True)
        for code, name in LANGUAGE_NAMES:
            action = languages.addAction(name)
            action.setObjectName(f"language_{code}")
            action.setCheckable(True)
            action.setChecked(code == self.language)
            action.triggered.connect(lambda _checked=False, c=code: self.choose_language(c))
            group.addAction(action)
            needs_db.append(action)
        menu.addSeparator()
        if self.guard is not None:
            guard = self.guard
            item("switchUserAction", self.tr("Switch user…"), guard.switch_user)
            lock = item("lockScreenAction", self.tr("Lock screen"), guard.lock)
            # Ctrl+L is Today's calls
            lock.setShortcut(QKeySequence("Ctrl+Shift+L"))
            lock.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(lock)
        quit_action = item("quitAction", self.tr("Quit"), self.close)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        for action in needs_db:
            action.setEnabled(shop is not None)

    def open_log_folder(self) -> None:
        """The log a shop owner can send, in the desktop's file manager."""
        folder = log_folder()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _on_selected(self, fn: Callable[[int], None]) -> Callable[[], None]:
        def run() -> None:
            # a board greyed out (the demo making its past traffic) takes no booth action
            if self.board.selected is not None and self.board.isEnabled():
                fn(self.board.selected)

        return run

    def _select_position(self, position: int) -> Callable[[], None]:
        def run() -> None:
            tile = self.board.tile_at_position(position)
            if tile is not None:
                self.board.select(tile.view.account_id)

        return run

    def start_selected(self, account_id: int) -> None:
        if self.board.tile(account_id).view.mode is not None:
            self.statusBar().showMessage(
                self.tr("This booth is running: press X to stop it."), 4000
            )
            return
        self.actions_.start(account_id)

    def _tile_action(self, name: str, account_id: int) -> None:
        self.board.select(account_id)
        handlers: dict[str, Callable[[int], None]] = {
            "start": self.actions_.start,
            "postpaid": self.actions_.quick_postpaid,
            "stop": self.actions_.stop,
            "topup": self.actions_.topup,
            "extra": self.actions_.extra,
        }
        handlers[name](account_id)

    # -- tools ----------------------------------------------------------------------------

    def _money_format(self) -> tuple[str, int]:
        tiles = self.board.tiles()
        if tiles:
            return tiles[0].view.currency, tiles[0].view.precision
        return "EUR", 2

    def open_price_check(self) -> PriceCheckDialog:
        if self.price_dialog is None:
            currency, precision = self._money_format()
            self.price_dialog = PriceCheckDialog(
                self.backend.quote,
                self.runner,
                currency,
                precision,
                self,
                search=self.backend.search,
            )
        self.price_dialog.show()
        self.price_dialog.raise_()
        self.price_dialog.activateWindow()
        self.price_dialog.number.setFocus()
        self.price_dialog.number.selectAll()
        return self.price_dialog

    def open_calls(self) -> CallsDialog:
        if self.calls_dialog is None:
            currency, precision = self._money_format()
            booths = [tile.view for tile in self.board.tiles()]
            self.calls_dialog = CallsDialog(
                self.backend,
                self.runner,
                booths,
                date.today(),
                currency,
                precision,
                self,
                shop=self.shop,
            )
        self.calls_dialog.show()
        self.calls_dialog.raise_()
        self.calls_dialog.load()
        return self.calls_dialog

    # -- the shop menu --------------------------------------------------------------------

    def open_print_queue(self) -> PrintQueueDialog | None:
        shop = self.shop
        if shop is None or shop.printing is None:
            self.statusBar().showMessage(
                self.tr("No print service: receipts are not printed."), 4000
            )
            return None
        if self.print_queue_dialog is None:
            self.print_queue_dialog = PrintQueueDialog(
                shop.printing, self.runner, shop.cashier, self, guard=self.guard
            )
        self.print_queue_dialog.show()
        self.print_queue_dialog.raise_()
        self.print_queue_dialog.activateWindow()
        self.print_queue_dialog.load()
        return self.print_queue_dialog

    def _printer_changed(self, _printers: object, _waiting: int) -> None:
        # The service reports after every attempt, print and cancel: the list follows it.
        dialog = self.print_queue_dialog
        if dialog is not None and dialog.isVisible():
            dialog.load()

    def _owners(self, then: Callable[[], object]) -> None:
        """``then`` for the owner; a cashier is asked an owner's PIN first (the settings hold
        the prices: the price table and the tariffs are only reached from there)."""
        if self.guard is None:
            then()
        else:
            self.guard.with_owner(Permission.OPEN_SETTINGS, then)

    def _acting(self) -> int | None:
        return self.guard.user.id if self.guard is not None else None

    def open_settings(self) -> SettingsDialog | None:
        """The owner's settings; when they close, the board is read again (booths added,
        renamed or moved show at once)."""
        self._owners(self._open_settings)
        return self.settings_dialog

    def _open_settings(self) -> SettingsDialog | None:
        if self.shop is None:
            return None
        if self.settings_dialog is None:
            dialog = SettingsDialog(self.shop.db, self)
            dialog.finished.connect(lambda _result: self._reload_board())
            dialog.page("users").acting = self._acting  # type: ignore[attr-defined]
            self.settings_dialog = dialog
        self.settings_dialog.show()
        self.settings_dialog.raise_()
        self.settings_dialog.activateWindow()
        return self.settings_dialog

    def open_wizard(self) -> SetupWizard | None:
        """The set-up assistant (the owner's, like the settings); the board is read again at
        its end."""
        self._owners(self._open_wizard)
        return self.wizard

    def _open_wizard(self) -> SetupWizard | None:
        if self.shop is None:
            return None
        if self.wizard is None:
            wizard = SetupWizard(self.shop.db, self, user_id=self._acting())
            wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            wizard.finished.connect(lambda _result: self._wizard_closed())
            self.wizard = wizard
        self.wizard.show()
        self.wizard.raise_()
        self.wizard.activateWindow()
        return self.wizard

    def _wizard_closed(self) -> None:
        self.wizard = None  # the next opening starts afresh, at the first step
        self._reload_board()

    def set_board(self, views: list[BoothView]) -> None:
        self.board.set_board(views)
        hint = not views and self.shop is not None
        self.board.setVisible(not hint)
        self.board_hint.setVisible(hint)

    def _reload_board(self) -> None:
        self.runner.submit(
            self.backend.board,
            self.set_board,
            lambda exc: show_error(self, self.tr("Settings"), exc),
        )

    def set_user(self, user: Cashier) -> None:
        """The logged-in user: on the title, the status bar, and the receipts (the cashier)."""
        self.setWindowTitle(self.tr("Callshop POS — %1").replace("%1", user.name))
        if user.role == Role.OWNER:
            text = self.tr("Owner: %1")
        else:
            text = QCoreApplication.translate("StatusPanel", "Cashier: %1")
        self.status.user.setText(text.replace("%1", user.name))
        self.refresh_shift()

    # -- the cashier's shift (ui/dialogs/shift_dialogs.py) --------------------------------

    def _shift_user(self) -> int | None:
        return self.guard.user.id if self.guard is not None else None

    def refresh_shift(self, warn: bool = False) -> None:
        """The status bar's shift and its warnings: asked on the Runner, shown when the
        answer comes (``warn``: also said in the status bar, as after a Stop)."""
        user_id, shop = self._shift_user(), self.shop
        if shop is None:
            return

        def ask() -> tuple[shifts.ShiftInfo | None, shifts.Warnings]:
            info = shifts.current(shop.db, user_id) if user_id is not None else None
            return info, shifts.warnings(shop.db, user_id)

        self.runner.submit(
            ask, lambda answer: self._show_shift(answer[0], answer[1], warn), lambda _e: None
        )

    def warning_text(self) -> str:
        w, lines = self.shift_warnings, []
        if w.open_hours is not None:
            lines.append(
                self.tr(
                    "The shift has been open for %1 h (more than %2 h): close it with a Z report."
                )
                .replace("%1", str(w.open_hours))
                .replace("%2", str(w.max_hours))
            )
        if w.running:
            lines.append(
                self.tr("It is past closing time (%1) and booths are still running: %2.")
                .replace("%1", w.closing_time)
                .replace("%2", ", ".join(w.running))
            )
        return "\n".join(lines)

    def _show_shift(
        self, info: shifts.ShiftInfo | None, found: shifts.Warnings, warn: bool = False
    ) -> None:
        self.shift_warnings = found
        if warn and found:
            self.statusBar().showMessage(self.warning_text().replace("\n", " "), 30000)
        if info is None:
            self.shift_label.setText(self.tr("No shift open"))
        else:
            self.shift_label.setText(
                self.tr("Shift #%1 since %2")
                .replace("%1", str(info.id))
                .replace("%2", info.opened_at.strftime("%H:%M"))
            )

    def open_shift(self) -> OpenShiftDialog | None:
        user_id, shop = self._shift_user(), self.shop
        if user_id is None or shop is None:
            return None
        dialog = OpenShiftDialog(shop.db, self.runner, user_id, self)
        dialog.accepted.connect(self.refresh_shift)
        dialog.open()
        return dialog

    def x_report(self) -> None:
        user_id, shop = self._shift_user(), self.shop
        if user_id is None or shop is None:
            return
        self.runner.submit(
            lambda: shifts.x_report(shop.db, user_id, by=user_id),
            lambda printed: self.statusBar().showMessage(x_report_text(printed.report), 15000),
            lambda exc: show_error(self, self.tr("X report"), exc),
        )

    def close_shift(self) -> CloseShiftDialog | None:
        user_id, shop = self._shift_user(), self.shop
        if user_id is None or shop is None:
            return None
        dialog = CloseShiftDialog(shop.db, self.runner, user_id, user_id, parent=self)
        dialog.finished.connect(lambda _r: self.refresh_shift())
        dialog.open()
        return dialog

    def pay_in(self) -> CashMovementDialog | None:
        return self._move_cash(pay_in=True)

    def pay_out(self) -> CashMovementDialog | None:
        return self._move_cash(pay_in=False)

    def _move_cash(self, *, pay_in: bool) -> CashMovementDialog | None:
        user_id, shop = self._shift_user(), self.shop
        if user_id is None or shop is None:
            return None
        currency, precision = self._money_format()
        dialog = CashMovementDialog(
            shop.db,
            self.runner,
            user_id,
            pay_in=pay_in,
            currency=currency,
            precision=precision,
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.statusBar().showMessage(dialog.done_text(), 15000))
        dialog.open()
        return dialog

    def reprint_z(self) -> ReprintZDialog | None:
        if self.shop is None:
            return None
        currency, _precision = self._money_format()
        dialog = ReprintZDialog(
            self.shop.db, self.runner, self._shift_user(), currency, parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def refund(self) -> RefundDialog | None:
        """The owner's refund (a cashier is asked the owner's PIN when she refunds)."""
        if self.shop is None or self.guard is None:
            return None
        currency, precision = self._money_format()
        dialog = RefundDialog(self.guard, self.runner, currency, precision, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _booths_running(self) -> bool:
        """Live booths in a session (the demo's past sessions, while it makes them, are not:
        quitting closes that day early)."""
        if self.demo_banner is not None and self.demo_banner.making_history:
            return False
        return any(tile.view.mode is not None for tile in self.board.tiles())

    def open_printer_settings(self) -> PrinterSettingsDialog | None:
        """The printer page of the settings: the owner's (a cashier is asked an owner's PIN)."""
        if self.guard is None:
            return self._open_printer_settings()
        self.guard.with_owner(Permission.OPEN_SETTINGS, self._open_printer_settings)
        return self.printer_dialog

    def _open_printer_settings(self) -> PrinterSettingsDialog | None:
        shop = self.shop
        if shop is None:
            return None
        try:
            settings = load_printer_settings(shop.db)
        except Exception as exc:  # broken JSON in the database: start from the defaults
            settings = PrinterSettings()
            show_error(self, self.tr("Receipt printer"), exc)

        def save(new: PrinterSettings) -> None:
            # Saved here, on the GUI thread, so a failure keeps the dialog open with the
            # reason; the restart of the print workers (which may wait for a write to time
            # out) goes to the Runner.
            save_printer_settings(shop.db, new)
            if shop.printing is not None:
                self.runner.submit(
                    shop.printing.reload,
                    lambda _: None,
                    lambda exc: show_error(self, self.tr("Receipt printer"), exc),
                )

        dialog = PrinterSettingsDialog(settings, save, self)
        dialog.setObjectName("printerSettingsDialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "printer_dialog", None))
        self.printer_dialog = dialog
        dialog.open()
        return dialog

    def open_reports(self) -> ReportsWindow | None:
        """The owner's reports, on today (a cashier is asked an owner's PIN)."""
        if self.guard is None:
            return self._open_reports()
        self.guard.with_owner(Permission.VIEW_REPORTS, self._open_reports)
        return self.reports_window

    def _open_reports(self) -> ReportsWindow | None:
        if self.shop is None:
            return None
        if self.reports_window is None:
            self.reports_window = ReportsWindow(self.shop.db, self.runner, date.today(), self)
        window = self.reports_window
        window.today = date.today()
        window.set_preset(Preset.TODAY)
        window.show()
        window.raise_()
        window.refresh()
        return window

    def choose_language(self, language: str) -> None:
        shop = self.shop
        if shop is None or language == self.language:
            return
        # Every widget took its words when it was built, and the receipts follow the same
        # preference: switching live would mean rebuilding the window mid-sale. So it is
        # saved now and used from the next start.
        self.runner.submit(
            lambda: save_language(shop.db, language),
            lambda _: self._language_saved(language),
            self._language_failed,
        )

    def _language_saved(self, language: str) -> None:
        self.language = language
        self.language_box = show_info(
            self,
            self.tr("Language"),
            self.tr("The language is saved. It applies the next time the counter starts."),
        )

    def _language_failed(self, exc: BaseException) -> None:
        for action in self.findChildren(QAction):
            if action.objectName().startswith("language_"):
                action.setChecked(action.objectName() == f"language_{self.language}")
        show_error(self, self.tr("Language"), exc)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.shift_warnings and not self.quit_warned:
            event.ignore()  # said once; a second Quit quits
            self.quit_warned = True
            self.quit_box = QMessageBox(
                QMessageBox.Icon.Warning, self.tr("Quit"), self.warning_text(), parent=self
            )
            self.quit_box.setObjectName("shiftWarningBox")
            self.quit_box.open()
            return
        guard = self.guard
        if (
            guard is not None
            and not self.quit_approved
            and not guard.may(Permission.QUIT_WHILE_RUNNING)
            and self._booths_running()
        ):
            event.ignore()  # a cashier cannot leave running booths: an owner's PIN can
            guard.with_owner(Permission.QUIT_WHILE_RUNNING, self._approved_quit)
            return
        self.board.timer.stop()
        # A stop that is printing must finish; it is short and the sale is already saved.
        self.runner.wait_idle(10000)
        super().closeEvent(event)

    def _approved_quit(self) -> None:
        self.quit_approved = True
        self.close()
