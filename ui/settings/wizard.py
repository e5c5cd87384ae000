"""The first-run set-up assistant: shop details and currency, the owner, a tariff (a rate file
or the bundled sample deck) with its service plan, the booths with their VoIP logins, the PBX
connection with a Test. Each step can be skipped ("Skip this step") and is a page of the
settings later; Shop ▸ Set-up assistant… opens it again.

Every step saves through the core when Next is pressed (``catalog.save``, ``users``,
``first_run``) on the Runner, never on the GUI thread: Next waits for the save and moves on
only when it worked; a refusal stays on the step with the reason. The tariff step imports
with the price table's own import (progress bar, Cancel, the bad-lines report).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from callshop_pos.db.engine import Database
from callshop_pos.errors import CallshopError, describe
from callshop_pos.services import catalog, first_run, users
from callshop_pos.services.first_run import BoothDraft
from callshop_pos.services.price_table import ImportReport
from ui.settings.pages.form import ERROR_STYLE, ObjectForm
from ui.settings.pages.pbx_page import PbxPage
from ui.settings.pages.users_page import UserFields
from ui.settings.price_table import PriceTable
from ui.worker import Runner

SHOP_KEYS = ("name", "address", "tax_id", "currency", "tax_rate", "tax_inclusive")
DEFAULT_TARIFF = "Street prices"
DEFAULT_BOOTHS = 4
BODY_PX = 20  # read from the counter
Job = Callable[[], Any]


def _tr(text: str) -> str:
    return QCoreApplication.translate("SetupWizard", text)


def _error_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    return label


class Step(QWizardPage):
    """A step that saves on Next: ``job()`` gives the core call (None: nothing to save), the
    page waits for it and then moves on; ``error`` shows a refusal."""

    def __init__(self, wizard: SetupWizard, name: str, title: str, intro: str) -> None:
        super().__init__(wizard)
        self.setObjectName(name)
        self.setTitle(title)
        self.setSubTitle(intro)
        self.setup = wizard
        self.saved_ok = False  # the save finished: the next validatePage passes once
        self.busy = False
        self.error = _error_label(self, f"{name}Error")
        self.column = QVBoxLayout(self)

    def job(self) -> Job | None:
        return None

    def after(self, result: Any) -> None:
        """The save's result, on the GUI thread."""

    def validatePage(self) -> bool:
        if self.setup.skipping or self.saved_ok:
            self.saved_ok = False
            return True
        if self.busy:
            return False
        try:
            job = self.job()
        except CallshopError as exc:
            self.error.setText(str(exc))
            return False
        if job is None:
            return True
        self.start_save(job)
        return False

    def start_save(self, job: Job) -> None:
        self.busy = True
        self.error.setText(_tr("Saving…"))
        self.setup.button(QWizard.WizardButton.NextButton).setEnabled(False)
        self.setup.runner.submit(job, self._saved, self._failed, owner=self)

    def _saved(self, result: Any) -> None:
        self.after(result)
        self.finish_step()

    def finish_step(self) -> None:
        self.busy = False
        self.error.setText("")
        self.setup.button(QWizard.WizardButton.NextButton).setEnabled(True)
        self.saved_ok = True
        self.setup.next()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.setup.button(QWizard.WizardButton.NextButton).setEnabled(True)
        self.error.setText(describe(exc))


class ShopStep(Step):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(
            wizard,
            "stepShop",
            _tr("Your shop"),
            _tr("The name and address on the receipts, and the currency of your prices."),
        )
        leave_out = tuple(f.key for f in catalog.kind("shop").specs if f.key not in SHOP_KEYS)
        self.form = ObjectForm("shop", self, leave_out=leave_out)
        self.column.addWidget(self.form)
        self.column.addStretch(1)
        self.column.addWidget(self.error)

    def initializePage(self) -> None:
        db = self.setup.db
        self.setup.runner.submit(lambda: catalog.load(db, "shop"), self._loaded, self._failed)

    def _loaded(self, values: dict[str, Any] | None) -> None:
        self.form.set_values(values or catalog.defaults("shop"))

    def job(self) -> Job | None:
        if not self.form.validate():
            raise CallshopError(_tr("Correct the fields marked in red, or skip this step."))
        values = {k: v for k, v in self.form.values().items() if k in SHOP_KEYS}
        db, by = self.setup.db, self.setup.user_id
        return lambda: catalog.save(db, "shop", values, user_id=by)


class OwnerStep(Step):
    """The owner's name and PIN, only when nobody is the owner yet (the start-up's first-owner
    dialog asks it first in the app, so the owner is asked once)."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(
            wizard,
            "stepOwner",
            _tr("The owner"),
            _tr("The owner's PIN opens the settings and changes the prices."),
        )
        self.needed = False
        self.state = QLabel(self)
        self.state.setObjectName("ownerState")
        self.state.setWordWrap(True)
        self.fields = UserFields(self, with_role=False)
        self.fields.hide()
        self.column.addWidget(self.state)
        self.column.addWidget(self.fields)
        self.column.addStretch(1)
        self.column.addWidget(self.error)

    def initializePage(self) -> None:
        db = self.setup.db

        def read() -> tuple[bool, list[str]]:
            owners = [u.name for u in users.login_users(db) if u.role == users.Role.OWNER]
            return users.needs_first_owner(db), owners

        self.setup.runner.submit(read, self._loaded, self._failed)

    def _loaded(self, found: tuple[bool, list[str]]) -> None:
        self.needed, owners = found
        self.fields.setVisible(self.needed)
        if self.needed:
            self.state.setText(_tr("Nobody can log in yet: who owns this shop?"))
        else:
            self.state.setText(
                _tr("The owner is set: %1. Add cashiers in Settings ▸ Users.").replace(
                    "%1", ", ".join(owners)
                )
            )

    def job(self) -> Job | None:
        if not self.needed:
            return None
        if not self.fields.validate():
            raise CallshopError(self.fields.error.text())
        db = self.setup.db
        name, pin = self.fields.name.text().strip(), self.fields.pin.text()
        return lambda: users.set_up_first_owner(db, name, pin)

    def after(self, result: Any) -> None:
        self.setup.user_id = getattr(result, "id", self.setup.user_id)
        self.needed = False


class TariffStep(Step):
    """A tariff in the shop's currency, its rates from the bundled sample deck or a file
    (imported by the price table: progress, Cancel, the bad lines), and a prepaid service
    plan on it for the booths."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(
            wizard,
            "stepTariff",
            _tr("Your prices"),
            _tr("A tariff: the price per minute of every destination."),
        )
        self.name = QLineEdit(DEFAULT_TARIFF, self)
        self.name.setObjectName("tariffName")
        self.sample = QRadioButton(_tr("The bundled sample prices (about 300 destinations)"), self)
        self.sample.setObjectName("tariffSample")
        self.from_file = QRadioButton(_tr("A rate file (CSV)"), self)
        self.from_file.setObjectName("tariffFromFile")
        group = QButtonGroup(self)
        group.addButton(self.sample)
        group.addButton(self.from_file)
        self.sample.setChecked(True)
        self.path = QLineEdit(self)
        self.path.setObjectName("tariffFile")
        self.path.setPlaceholderText(_tr("the rate file"))
        browse = QPushButton(_tr("Choose…"), self)
        browse.setObjectName("tariffBrowse")
        browse.clicked.connect(self.choose_file)
        self.path.textChanged.connect(lambda _t: self.from_file.setChecked(True))
        form = QFormLayout()
        form.addRow(_tr("Tariff name"), self.name)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        self.column.addLayout(form)
        self.column.addWidget(self.sample)
        self.column.addWidget(self.from_file)
        self.column.addLayout(file_row)
        self.plan_note = QLabel(
            _tr(
                "A prepaid service plan \u201c%1\u201d on this tariff is made for the booths."
            ).replace("%1", first_run.DEFAULT_PLAN),
            self,
        )
        self.plan_note.setWordWrap(True)
        self.column.addWidget(self.plan_note)
        self.prices_box = QVBoxLayout()
        self.column.addLayout(self.prices_box, 1)
        self.column.addStretch(1)
        self.column.addWidget(self.error)
        self.table: PriceTable | None = None

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _tr("The rate file"), "", _tr("Rate decks (*.csv)")
        )
        if path:
            self.path.setText(path)

    def deck(self) -> Path:
        if self.sample.isChecked():
            return first_run.sample_deck()
        text = self.path.text().strip()
        if not text:
            raise CallshopError(_tr("Choose the rate file, or take the sample prices."))
        return Path(text)

    def job(self) -> Job | None:
        deck = self.deck()
        name = self.name.text().strip()
        catalog.check_name("tariffs", name)  # CatalogError: the reason, before any save
        self.chosen_deck = deck
        db, by = self.setup.db, self.setup.user_id
        return lambda: first_run.save_tariff(db, name, user_id=by)

    def _saved(self, tariff_id: Any) -> None:
        """The tariff and plan are saved: now its rates, through the price table's import."""
        if self.table is not None:
            self.table.setParent(None)
            self.table.deleteLater()
        table = PriceTable(self.setup.db, "rates", int(tariff_id), self, user_id=self.setup.user_id)
        self.table = table
        self.prices_box.addWidget(table)
        table.imported.connect(self._imported)
        self.error.setText(_tr("Importing the prices…"))
        table.import_file(self.chosen_deck)

    def _imported(self, report: ImportReport | None) -> None:
        if report is not None and report.stored is not None:
            self.finish_step()
            return
        self.busy = False
        self.setup.button(QWizard.WizardButton.NextButton).setEnabled(True)
        self.error.setText(
            _tr("The prices were not imported (see above): fix the file and save again.")
        )


class BoothsStep(Step):
    """How many booths, their names and VoIP logins (booth1..N, generated passwords)."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(
            wizard,
            "stepBooths",
            _tr("Your booths"),
            _tr("One line per booth phone: its name on the board and its VoIP login."),
        )
        self.count = QSpinBox(self)
        self.count.setObjectName("boothCount")
        self.count.setRange(1, first_run.MAX_BOOTHS)
        self.count.setValue(DEFAULT_BOOTHS)
        self.plan = QComboBox(self)
        self.plan.setObjectName("boothPlan")
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("boothRows")
        self.table.setHorizontalHeaderLabels([_tr("Name"), _tr("VoIP login"), _tr("VoIP password")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        form = QFormLayout()
        form.addRow(_tr("How many booths"), self.count)
        form.addRow(_tr("Service plan"), self.plan)
        self.column.addLayout(form)
        self.column.addWidget(self.table, 1)
        self.column.addWidget(self.error)
        self.taken: set[str] = set()
        self.count.valueChanged.connect(self._resize)
        self.table.itemChanged.connect(lambda _item: self.check())

    def initializePage(self) -> None:
        db = self.setup.db

        def read() -> tuple[list[str], set[str]]:
            booths = catalog.rows(db, "booths")
            taken = {b["name"] for b in booths} | {b.get("voip_login", "") for b in booths}
            return catalog.names(db, "service_plans"), taken

        self.setup.runner.submit(read, self._loaded, self._failed)

    def _loaded(self, found: tuple[list[str], set[str]]) -> None:
        plans, self.taken = found
        self.plan.clear()
        self.plan.addItems(plans)
        self.table.setRowCount(0)
        self._resize(self.count.value())
        if not plans:
            self.error.setText(_tr("A booth needs a tariff: go back to add one, or skip."))

    def _resize(self, count: int) -> None:
        """Keep what was typed; new lines get the next free booth names."""
        have = self.table.rowCount()
        if count < have:
            self.table.setRowCount(count)
            return
        typed = {d.name for d in self.drafts()} | {d.voip_login for d in self.drafts()}
        fresh = first_run.booth_drafts(count - have, self.taken | typed)
        self.table.blockSignals(True)
        self.table.setRowCount(count)
        for row, draft in enumerate(fresh, start=have):
            for column, text in enumerate((draft.name, draft.voip_login, draft.voip_password)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.blockSignals(False)
        self.check()

    def drafts(self) -> list[BoothDraft]:
        def cell(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return item.text().strip() if item is not None else ""

        return [
            BoothDraft(cell(r, 0), cell(r, 1), cell(r, 2)) for r in range(self.table.rowCount())
        ]

    def check(self) -> bool:
        try:
            first_run.check_booths(self.drafts())
        except CallshopError as exc:
            self.error.setText(str(exc))
            return False
        self.error.setText("")
        return True

    def job(self) -> Job | None:
        first_run.check_booths(self.drafts())
        drafts, plan = self.drafts(), self.plan.currentText()
        db, by = self.setup.db, self.setup.user_id
        return lambda: first_run.save_booths(db, drafts, plan, user_id=by)


class PbxStep(Step):
    """The PBX page of the settings (host, port, AMI user and secret, Test off the GUI
    thread); left empty, the built-in simulator."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(
            wizard,
            "stepPbx",
            _tr("Your PBX"),
            _tr("Where Asterisk is. Leave it empty for the built-in simulator; Test checks it."),
        )
        self.page = PbxPage(wizard.db, wizard.runner, self)
        self.page.save_button.hide()  # Next saves
        self.column.addWidget(self.page, 1)
        self.column.addWidget(self.error)

    def initializePage(self) -> None:
        self.page.load()

    def job(self) -> Job | None:
        if not self.page.validate():
            raise CallshopError(self.page.problem.text())
        db, address, by = self.setup.db, self.page.address(), self.setup.user_id
        return lambda: catalog.save_pbx(db, address, user_id=by)


class DoneStep(QWizardPage):
    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self.setObjectName("stepDone")
        self.setTitle(_tr("Ready"))
        text = QLabel(
            _tr(
                "The board shows your booths. Everything here can be changed later in "
                "Shop ▸ Settings (Shop details, Users, Tariffs, Booths, PBX connection), and "
                "this assistant opens again from Shop ▸ Set-up assistant…"
            ),
            self,
        )
        text.setWordWrap(True)
        QVBoxLayout(self).addWidget(text)


class SetupWizard(QWizard):
    """The assistant over ``db``; ``user_id``: who is logged in (the audit rows')."""

    def __init__(
        self, db: Database, parent: QWidget | None = None, *, user_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("setupWizard")
        self.setWindowTitle(_tr("Set-up assistant"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        font = QFont(self.font())
        font.setPixelSize(BODY_PX)
        self.setFont(font)
        self.setStyleSheet(
            "QLabel, QLineEdit, QSpinBox, QComboBox, QRadioButton, QCheckBox, QPushButton, "
            f"QTableWidget {{ font-size: {BODY_PX}px; }}"
        )
        self.resize(980, 720)
        self.db = db
        self.user_id = user_id
        self.runner = Runner(self)
        self.skipping = False
        self.steps: dict[str, QWizardPage] = {}
        for step in (
            ShopStep(self),
            OwnerStep(self),
            TariffStep(self),
            BoothsStep(self),
            PbxStep(self),
            DoneStep(self),
        ):
            self.steps[step.objectName()] = step
            self.addPage(step)
        self.setButtonText(QWizard.WizardButton.CustomButton1, _tr("Skip this step"))
        self.setButtonText(QWizard.WizardButton.NextButton, _tr("Save and next"))
        self.setButtonText(QWizard.WizardButton.BackButton, _tr("Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _tr("Finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _tr("Close"))
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.customButtonClicked.connect(lambda _which: self.skip())
        self.currentIdChanged.connect(self._current)

    def step(self, name: str) -> Any:
        return self.steps[name]

    def skip(self) -> None:
        """Leave this step as it is (nothing saved) and go on."""
        self.skipping = True
        try:
            self.next()
        finally:
            self.skipping = False

    def _current(self, _page_id: int) -> None:
        last = self.currentPage() is self.steps["stepDone"]
        self.button(QWizard.WizardButton.CustomButton1).setVisible(not last)
