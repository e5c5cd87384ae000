"""The PBX connection: host, port, user and secret of the AMI link, a Test that says exactly
what is wrong (the existing ``pbx check``, off the GUI thread), and the Asterisk kit exported
to a folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from callshop_pos.db.engine import Database
from callshop_pos.errors import describe
from callshop_pos.pbx.check import Finding, failed, render
from callshop_pos.services import catalog, pbx_setup
from callshop_pos.services.catalog import CatalogError, PbxAddress
from ui.settings.pages.form import ERROR_STYLE, INVALID_STYLE
from ui.settings.pages.words import page_title
from ui.worker import Runner


class PbxPage(QWidget):
    def __init__(self, db: Database, runner: Runner, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("page_pbx")
        self.db = db
        self.runner = runner
        self.loaded = False
        self.host = QLineEdit(self)
        self.host.setObjectName("pbxHost")
        self.host.setPlaceholderText(self.tr("empty: the built-in simulator"))
        self.port = QSpinBox(self)
        self.port.setObjectName("pbxPort")
        self.port.setRange(1, 65535)
        self.port.setValue(5038)
        self.user = QLineEdit(self)
        self.user.setObjectName("pbxUser")
        self.secret = QLineEdit(self)
        self.secret.setObjectName("pbxSecret")
        self.secret.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.problem = QLabel(self)
        self.problem.setObjectName("pbxProblem")
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setObjectName("savePbx")
        self.test_button = QPushButton(self.tr("Test"), self)
        self.test_button.setObjectName("testPbx")
        self.export_button = QPushButton(self.tr("Export Asterisk kit to a folder…"), self)
        self.export_button.setObjectName("exportKit")
        self.result = QPlainTextEdit(self)
        self.result.setObjectName("pbxResult")
        self.result.setReadOnly(True)
        form = QFormLayout()
        form.addRow(self.tr("Host"), self.host)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("AMI user"), self.user)
        form.addRow(self.tr("AMI secret"), self.secret)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.test_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        title = QLabel(page_title("pbx"), self)
        title.setObjectName("pageTitle")
        column = QVBoxLayout(self)
        column.addWidget(title)
        column.addLayout(form)
        column.addWidget(self.problem)
        column.addLayout(buttons)
        column.addWidget(self.result, 1)
        for edit in (self.host, self.user, self.secret):
            edit.textChanged.connect(self.validate)
        self.port.valueChanged.connect(self.validate)
        self.save_button.clicked.connect(self.save)
        self.test_button.clicked.connect(self.test)
        self.export_button.clicked.connect(self.choose_folder)

    def address(self) -> PbxAddress:
        return PbxAddress(
            self.host.text().strip(), self.port.value(), self.user.text(), self.secret.text()
        )

    def validate(self) -> bool:
        try:
            url = self.address().url
            problem = ""
            if url == "" and (self.user.text() or self.secret.text()):
                problem = self.tr("Give the PBX host, or leave all fields empty for the simulator.")
        except CatalogError as exc:
            problem = str(exc)
        self.problem.setText(problem)
        self.host.setStyleSheet(INVALID_STYLE if problem else "")
        self.save_button.setEnabled(not problem)
        self.test_button.setEnabled(not problem and bool(self.host.text().strip()))
        return not problem

    def load(self) -> None:
        db = self.db
        self.runner.submit(lambda: catalog.load(db, "shop"), self._loaded, self._failed)

    def _loaded(self, shop: dict[str, object] | None) -> None:
        address = catalog.pbx_address(str((shop or {}).get("pbx_url", "")))
        self.host.setText(address.host)
        self.port.setValue(address.port)
        self.user.setText(address.user)
        self.secret.setText(address.secret)
        self.loaded = True
        self.validate()

    def _failed(self, exc: BaseException) -> None:
        self.result.setPlainText(describe(exc))

    def _say(self, text: str) -> None:
        self.result.setPlainText(text)

    def save(self) -> None:
        if not self.validate():
            return
        db, address = self.db, self.address()
        self.runner.submit(
            lambda: catalog.save_pbx(db, address),
            lambda _: self._say(self.tr("Saved. The counter uses it from its next start.")),
            self._failed,
        )

    def test(self) -> None:
        if not self.validate():
            return
        db, url = self.db, self.address().url
        self.test_button.setEnabled(False)
        self._say(self.tr("Testing…"))
        self.runner.submit(lambda: pbx_setup.check_pbx(db, url), self._tested, self._test_failed)

    def _tested(self, findings: list[Finding]) -> None:
        self.test_button.setEnabled(True)
        verdict = self.tr("Something is wrong:") if failed(findings) else self.tr("All good.")
        self._say("\n".join([verdict, *render(findings)]))

    def _test_failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        self._failed(exc)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export the Asterisk kit to"))
        if folder:
            self.export_to(Path(folder))

    def export_to(self, folder: Path) -> None:
        db, secret = self.db, self.secret.text() or None  # manager.conf gets this secret
        self.runner.submit(
            lambda: pbx_setup.export_kit(db, folder, secret), self._exported, self._failed
        )

    def _exported(self, paths: list[Path]) -> None:
        lines = [self.tr("Written:"), *(str(p) for p in paths)]
        self._say("\n".join(lines))
