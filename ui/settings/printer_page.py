"""The receipt printer page of the owner's settings dialog."""

from __future__ import annotations

import codecs
from typing import Any

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from serial.tools import list_ports

from printing.printer_state import PrinterState
from printing.profiles import EPSON_CODE_PAGES, PROFILES, PrinterProfile
from printing.settings import (
    BYTESIZES,
    COMMON_BAUDRATES,
    MAX_COPIES,
    PrinterSettings,
    SettingsError,
)
from printing.test_page import ALPHABETS
from ui.printer_words import state_words
from ui.settings.printer_worker import (
    Action,
    CheckResult,
    check_status,
    print_test_page,
    run_check,
)
from ui.worker import Runner

# offered in the override box; any other single-byte codec can be typed
CODE_PAGES = sorted({*EPSON_CODE_PAGES, "cp850", "cp852", "cp1250", "cp1251"})
NO_ESCPOS_OVERRIDE = -1
ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: #1b5e20; font-weight: bold;"
PROBLEM_STYLE = "color: #b00020; font-weight: bold;"


def available_ports() -> list[tuple[str, str]]:
    """(device, description) of the serial ports the system reports, sorted by device."""
    ports = [(p.device, p.description or "") for p in list_ports.comports()]
    return sorted(ports)


class PrinterSettingsPage(QWidget):
    changed = Signal()  # any field edited; the dialog enables its Apply button
    check_finished = Signal(object)  # CheckResult, after the page has shown it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._errors: dict[str, QLabel] = {}
        self._error_forms: dict[str, QFormLayout] = {}
        # one check at a time: two would fight over the (exclusively opened) port
        pool = QThreadPool(self)
        pool.setMaxThreadCount(1)
        self._runner = Runner(self, pool)
        self._running: Action | None = None
        self._ports: list[tuple[str, str]] = []
        self._loading = False
        self._build()
        self.set_settings(PrinterSettings())
        self.refresh_ports()

    # --- construction -------------------------------------------------------------------

    def _build(self) -> None:
        columns = QHBoxLayout()
        columns.addWidget(self._connection_box(), 1)
        right = QVBoxLayout()
        right.addWidget(self._printer_box())
        right.addWidget(self._receipts_box())
        right.addStretch(1)
        columns.addLayout(right, 1)
        page = QVBoxLayout(self)
        page.addLayout(columns)
        page.addWidget(self._check_box())
        page.addStretch(1)

    def _error_row(self, form: QFormLayout, field: str) -> None:
        label = QLabel()
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        form.addRow("", label)
        # hide the whole row: a hidden label alone still leaves the row's spacing behind
        form.setRowVisible(label, False)
        self._errors[field] = label
        self._error_forms[field] = form

    def _connection_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Connection"))
        form = QFormLayout(box)

        self.port_combo = QComboBox()
        self.port_combo.setEditable(True)  # /dev/pts/3, socket://host:9100, rfc2217://…
        port_edit = self.port_combo.lineEdit()
        assert port_edit is not None  # an editable combo box always has its line edit
        port_edit.setPlaceholderText(self.tr("/dev/ttyUSB0 or COM3"))
        self.port_combo.setMinimumContentsLength(16)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Look for serial ports again"))
        self.refresh_button.clicked.connect(self.refresh_ports)
        port_row = QHBoxLayout()
        port_row.addWidget(self.port_combo, 1)
        port_row.addWidget(self.refresh_button)
        form.addRow(self.tr("Serial port:"), port_row)
        self.port_hint = QLabel()
        self.port_hint.setWordWrap(True)
        self.port_hint.setStyleSheet("color: gray;")
        form.addRow("", self.port_hint)
        self._error_row(form, "port")

        self.baud_combo = QComboBox()
        self.baud_combo.setEditable(True)  # some printers are set to unusual rates
        self.baud_combo.setValidator(QIntValidator(1, 10_000_000, self))
        self.baud_combo.addItems([str(rate) for rate in COMMON_BAUDRATES])
        form.addRow(self.tr("Baud rate:"), self.baud_combo)
        self._error_row(form, "baudrate")

        self.bytesize_combo = QComboBox()
        for size in BYTESIZES:
            self.bytesize_combo.addItem(str(size), size)
        form.addRow(self.tr("Data bits:"), self.bytesize_combo)

        self.parity_combo = QComboBox()
        for text, code in [
            (self.tr("None"), "N"),
            (self.tr("Even"), "E"),
            (self.tr("Odd"), "O"),
            (self.tr("Mark"), "M"),
            (self.tr("Space"), "S"),
        ]:
            self.parity_combo.addItem(text, code)
        form.addRow(self.tr("Parity:"), self.parity_combo)

        self.stopbits_combo = QComboBox()
        for text, bits in [("1", 1), ("1.5", 1.5), ("2", 2)]:
            self.stopbits_combo.addItem(text, bits)
        form.addRow(self.tr("Stop bits:"), self.stopbits_combo)

        self.flow_combo = QComboBox()
        for text, flow in [
            (self.tr("None"), "none"),
            (self.tr("RTS/CTS (hardware)"), "rtscts"),
            (self.tr("XON/XOFF (software)"), "xonxoff"),
        ]:
            self.flow_combo.addItem(text, flow)
        form.addRow(self.tr("Flow control:"), self.flow_combo)

        self.timeout_spin = QDoubleSpinBox()
        self.timeout_spin.setRange(0.5, 120)
        self.timeout_spin.setSingleStep(0.5)
        self.timeout_spin.setDecimals(1)
        self.timeout_spin.setSuffix(self.tr(" s"))
        self.timeout_spin.setToolTip(self.tr("Give up when the printer accepts no data this long"))
        form.addRow(self.tr("Write timeout:"), self.timeout_spin)
        self._error_row(form, "write_timeout")

        for signal in (
            self.port_combo.editTextChanged,
            self.baud_combo.editTextChanged,
            self.bytesize_combo.currentIndexChanged,
            self.parity_combo.currentIndexChanged,
            self.stopbits_combo.currentIndexChanged,
            self.flow_combo.currentIndexChanged,
            self.timeout_spin.valueChanged,
        ):
            signal.connect(self._edited)
        return box

    def _printer_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Printer"))
        form = QFormLayout(box)

        self.enabled_check = QCheckBox(self.tr("Print receipts on this printer"))
        form.addRow(self.enabled_check)

        self.name_edit = QLineEdit()
        form.addRow(self.tr("Name:"), self.name_edit)
        self._error_row(form, "name")

        self.profile_combo = QComboBox()
        for name in sorted(PROFILES):
            p = PROFILES[name]
            text = self.tr("{name} — {width} columns, {codec}").format(
                name=name, width=p.width_chars, codec=p.codec.upper()
            )
            self.profile_combo.addItem(text, name)
        form.addRow(self.tr("Profile:"), self.profile_combo)
        self._error_row(form, "profile_name")

        self.codec_combo = QComboBox()
        self.codec_combo.setEditable(True)
        self.codec_combo.addItems(["", *CODE_PAGES])
        codec_edit = self.codec_combo.lineEdit()
        assert codec_edit is not None  # an editable combo box always has its line edit
        codec_edit.setPlaceholderText(self.tr("as in the profile"))
        form.addRow(self.tr("Code page:"), self.codec_combo)
        self._error_row(form, "codec_override")

        self.escpos_spin = QSpinBox()
        self.escpos_spin.setRange(NO_ESCPOS_OVERRIDE, 255)
        self.escpos_spin.setSpecialValueText(self.tr("as in the profile"))
        self.escpos_spin.setToolTip(
            self.tr("The printer's number for the code page (ESC t n); vendors differ")
        )
        form.addRow(self.tr("ESC t number:"), self.escpos_spin)
        self._error_row(form, "escpos_codepage")

        self.effective_label = QLabel()
        self.effective_label.setWordWrap(True)
        form.addRow(self.tr("Prints with:"), self.effective_label)

        self.enabled_check.toggled.connect(self._edited)
        self.name_edit.textChanged.connect(self._edited)
        self.profile_combo.currentIndexChanged.connect(self._edited)
        self.codec_combo.editTextChanged.connect(self._edited)
        self.escpos_spin.valueChanged.connect(self._edited)
        return box

    def _receipts_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Receipts"))
        form = QFormLayout(box)
        self.call_receipt_check = QCheckBox(self.tr("Print a receipt after each call"))
        self.session_receipt_check = QCheckBox(self.tr("Print a receipt when a booth is closed"))
        self.drawer_check = QCheckBox(self.tr("Open the cash drawer with each receipt"))
        for check in (self.call_receipt_check, self.session_receipt_check, self.drawer_check):
            form.addRow(check)
            check.toggled.connect(self._edited)
        self.copies_spin = QSpinBox()
        self.copies_spin.setRange(1, MAX_COPIES)
        self.copies_spin.valueChanged.connect(self._edited)
        form.addRow(self.tr("Copies:"), self.copies_spin)
        self.language_combo = QComboBox()
        for code, alphabet in ALPHABETS.items():
            self.language_combo.addItem(f"{alphabet.name} ({code})", code)  # native names
        self.language_combo.currentIndexChanged.connect(self._edited)
        form.addRow(self.tr("Receipt language:"), self.language_combo)
        self._error_row(form, "language")
        return box

    def _check_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Check the printer"))
        row = QHBoxLayout(box)
        self.status_button = QPushButton(self.tr("Check status"))
        self.test_button = QPushButton(self.tr("Test print"))
        self.status_button.clicked.connect(lambda: self._start("status"))
        self.test_button.clicked.connect(lambda: self._start("print"))
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        row.addWidget(self.status_button)
        row.addWidget(self.test_button)
        row.addWidget(self.result_label, 1)
        return box

    # --- settings in and out ------------------------------------------------------------

    def set_settings(self, settings: PrinterSettings) -> None:
        self._loading = True  # one validation at the end, not one per field
        try:
            self.enabled_check.setChecked(settings.enabled)
            self.name_edit.setText(settings.name)
            self.port_combo.setEditText(settings.port)
            self.baud_combo.setEditText(str(settings.baudrate))
            _select(self.bytesize_combo, settings.bytesize)
            _select(self.parity_combo, settings.parity)
            _select(self.stopbits_combo, settings.stopbits)
            _select(self.flow_combo, settings.flow_control)
            self.timeout_spin.setValue(settings.write_timeout)
            _select(self.profile_combo, settings.profile_name)
            self.codec_combo.setEditText(settings.codec_override or "")
            self.escpos_spin.setValue(
                NO_ESCPOS_OVERRIDE if settings.escpos_codepage is None else settings.escpos_codepage
            )
            self.call_receipt_check.setChecked(settings.print_call_receipt)
            self.session_receipt_check.setChecked(settings.print_session_receipt)
            self.drawer_check.setChecked(settings.open_drawer)
            self.copies_spin.setValue(settings.copies)
            _select(self.language_combo, settings.language)
        finally:
            self._loading = False
        self._validate()

    def settings(self) -> PrinterSettings:
        """The edited settings; raises ``SettingsError`` (shown beside the fields) if invalid."""
        settings, problems = self._collect()
        self._show_problems(problems)
        if settings is None:
            raise SettingsError(problems)
        return settings

    def _collect(self) -> tuple[PrinterSettings | None, dict[str, str]]:
        problems: dict[str, str] = {}
        values: dict[str, Any] = {
            "enabled": self.enabled_check.isChecked(),
            "name": self.name_edit.text().strip(),
            "port": self.port_combo.currentText().strip(),
            "bytesize": self.bytesize_combo.currentData(),
            "parity": self.parity_combo.currentData(),
            "stopbits": self.stopbits_combo.currentData(),
            "flow_control": self.flow_combo.currentData(),
            "write_timeout": self.timeout_spin.value(),
            "profile_name": self.profile_combo.currentData(),
            "print_call_receipt": self.call_receipt_check.isChecked(),
            "print_session_receipt": self.session_receipt_check.isChecked(),
            "open_drawer": self.drawer_check.isChecked(),
            "copies": self.copies_spin.value(),
            "language": self.language_combo.currentData(),
        }
        baud = self.baud_combo.currentText().strip()
        if baud.isdigit():
            values["baudrate"] = int(baud)
        else:
            problems["baudrate"] = self.tr("Enter the baud rate as a number, e.g. 9600")
        codec = self.codec_combo.currentText().strip().lower()
        if codec:
            values["codec_override"] = codec
        if self.escpos_spin.value() != NO_ESCPOS_OVERRIDE:
            values["escpos_codepage"] = self.escpos_spin.value()
        try:
            settings = PrinterSettings.from_dict(values)
        except SettingsError as exc:
            return None, {**{k: self._words(k, v) for k, v in exc.problems.items()}, **problems}
        if problems:
            return None, problems
        return settings, {}

    def _words(self, field: str, problem: str) -> str:
        """Translated messages for the problems a person can cause through this page."""
        if field == "port":
            return self.tr("Choose the serial port of the printer")
        if field == "baudrate":
            return self.tr("{rate} is not a baud rate a serial port supports").format(
                rate=self.baud_combo.currentText().strip()
            )
        if field == "name":
            return self.tr("Give the printer a name")
        if field == "codec_override":
            codec = self.codec_combo.currentText().strip().lower()
            try:
                codecs.lookup(codec)
            except LookupError:
                return self.tr("{codec} is not a code page this computer knows").format(codec=codec)
            return self.tr("{codec} is not a single-byte code page that keeps ASCII").format(
                codec=codec
            )
        if field == "escpos_codepage":
            return self.tr("Set the printer's ESC t number for this code page")
        return problem

    def _edited(self) -> None:
        if self._loading:
            return
        self._validate()
        self.changed.emit()

    def _validate(self) -> None:
        settings, problems = self._collect()
        self._show_problems(problems)
        self._show_port_hint()
        p = self._effective_profile(settings)
        if p is None:
            self.effective_label.setText("—")
            return
        self.effective_label.setText(
            self.tr("{width} columns, code page {codec}, ESC t {number}").format(
                width=p.width_chars, codec=p.codec, number=p.escpos_codepage
            )
        )

    def _effective_profile(self, settings: PrinterSettings | None) -> PrinterProfile | None:
        """The profile in use, even while an unrelated field (the port, say) is invalid."""
        if settings is not None:
            return settings.profile()
        codec = self.codec_combo.currentText().strip().lower() or None
        escpos = self.escpos_spin.value()
        try:
            return PrinterSettings(
                profile_name=self.profile_combo.currentData(),
                codec_override=codec,
                escpos_codepage=None if escpos == NO_ESCPOS_OVERRIDE else escpos,
            ).profile()
        except SettingsError:
            return None

    def _show_problems(self, problems: dict[str, str]) -> None:
        for field, label in self._errors.items():
            label.setText(problems.get(field, ""))
            self._error_forms[field].setRowVisible(label, field in problems)

    # --- ports --------------------------------------------------------------------------

    def refresh_ports(self) -> None:
        typed = self.port_combo.currentText()
        self._ports = available_ports()
        self.port_combo.blockSignals(True)  # refreshing the list is not an edit
        self.port_combo.clear()
        for device, description in self._ports:
            self.port_combo.addItem(device)
            index = self.port_combo.count() - 1
            self.port_combo.setItemData(index, description, Qt.ItemDataRole.ToolTipRole)
        self.port_combo.setEditText(typed)
        self.port_combo.blockSignals(False)
        self._show_port_hint()

    def _show_port_hint(self) -> None:
        port = self.port_combo.currentText().strip()
        found = dict(self._ports)
        if port in found:
            self.port_hint.setText(found[port] or self.tr("Serial port"))
        elif not found:
            self.port_hint.setText(self.tr("No serial ports found; you can type a port name"))
        else:
            self.port_hint.setText(self.tr("{count} serial port(s) found").format(count=len(found)))

    # --- checks off the GUI thread -------------------------------------------------------

    def _start(self, action: Action) -> None:
        if self._running is not None:
            return
        try:
            settings = self.settings()
        except SettingsError:
            self._show_result(self.tr("Correct the settings marked in red first"), ok=False)
            return
        if not settings.port:
            self._show_problems({"port": self.tr("Choose the serial port of the printer")})
            return
        work = check_status if action == "status" else print_test_page
        self._running = action
        self.status_button.setEnabled(False)
        self.test_button.setEnabled(False)
        waiting = (
            self.tr("Asking the printer…") if action == "status" else self.tr("Printing test page…")
        )
        self.result_label.setStyleSheet("")
        self.result_label.setText(waiting)
        # run_check answers every failure itself; on_error is the Runner's contract
        self._runner.submit(
            lambda: run_check(action, work, settings),
            self._finished,
            lambda exc: self._finished(
                CheckResult(action, settings.port, failed=True, detail=str(exc))
            ),
        )

    def _finished(self, result: CheckResult) -> None:
        self._running = None
        self.status_button.setEnabled(True)
        self.test_button.setEnabled(True)
        text, ok = self._describe(result)
        self._show_result(text, ok)
        # the device's or the transport's own words, for whoever sets the printer up
        status_words = result.status.message if result.status is not None else ""
        self.result_label.setToolTip(result.detail or status_words)
        self.check_finished.emit(result)

    def _show_result(self, text: str, ok: bool) -> None:
        self.result_label.setStyleSheet(OK_STYLE if ok else PROBLEM_STYLE)
        self.result_label.setText(text)

    def result_text(self) -> str:
        return self.result_label.text()

    def is_checking(self) -> bool:
        return self._running is not None

    def _describe(self, r: CheckResult) -> tuple[str, bool]:
        state = r.state
        if r.failed and state is None:
            return self.tr("Printer check failed: {detail}").format(detail=r.detail), False
        if r.action == "print" and r.bytes_sent:
            warning = state is PrinterState.PAPER_NEAR_END
            text = self.tr("Printed test page")
            return (text + " — " + self.tr("paper near end") if warning else text), True
        if state is None:
            return self.tr("This printer profile cannot report its status"), True
        words = state_words(state)
        if state in (PrinterState.NO_ANSWER, PrinterState.NOT_ACCEPTING):
            # the port is the first thing to check: the right one, its baud rate, its cable
            return self.tr("{state} on {port}").format(state=words, port=r.port), False
        if r.failed:
            return self.tr("{state}: {detail}").format(state=words, detail=r.detail), False
        return words, r.status is not None and r.status.ready


def _select(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)
