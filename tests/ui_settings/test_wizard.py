"""The first-run set-up assistant with real widgets over a real SQLite file: every step on an
empty shop (the sample tariff), then Start on a booth and a quote priced by the sample deck;
every step skipped leaves a usable empty app; the blank board's hint; screenshots."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton, QWizard
from sqlalchemy import select

from callshop_pos.board import TileState
from callshop_pos.counter import BoothMode
from callshop_pos.db.models import Account, AuditLog
from callshop_pos.services import catalog, users
from callshop_pos.services.price_table import PriceTableStore
from tests.ui_settings.test_settings_dialog import SHOTS, db, open_window
from ui.i18n import remove_language
from ui.main_window import MainWindow
from ui.settings.price_table import BadLinesDialog
from ui.settings.wizard import SetupWizard

__all__ = ["db"]  # the real SQLite file fixture

STEPS = ("stepShop", "stepOwner", "stepTariff", "stepBooths", "stepPbx", "stepDone")


def _type(qtbot: Any, edit: Any, text: str) -> None:
    edit.selectAll()
    edit.del_()
    qtbot.keyClicks(edit, text)


def _next(qtbot: Any, wizard: SetupWizard, after: str) -> None:
    """Save and next; wait until the next step is shown (its save done)."""
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: wizard.currentPage().objectName() == after, timeout=20_000)


def _skip(qtbot: Any, wizard: SetupWizard, after: str) -> None:
    wizard.button(QWizard.WizardButton.CustomButton1).click()
    qtbot.waitUntil(lambda: wizard.currentPage().objectName() == after)


def _rates(database: Any, tariff: str) -> int:
    tariff_id = catalog.object_id(database, "tariffs", tariff)
    assert tariff_id is not None
    return PriceTableStore(database, "rates", tariff_id).count()


def _open_from_the_hint(qtbot: Any, window: MainWindow) -> SetupWizard:
    window.show()
    qtbot.waitExposed(window)
    hint = window.board_hint
    assert hint.isVisible() and not window.board.isVisible()
    hint.findChild(QPushButton, "boardHintButton").click()
    wizard = window.wizard
    assert isinstance(wizard, SetupWizard)
    qtbot.waitExposed(wizard)
    return wizard


def _shop_loaded(qtbot: Any, wizard: SetupWizard) -> Any:
    shop = wizard.step("stepShop")
    qtbot.waitUntil(lambda: shop.form.editors["name"].text() != "")
    return shop


def test_the_assistant_sets_up_an_empty_shop_then_a_booth_starts_and_quotes(qtbot, db):
    assert catalog.is_empty(db)
    window, counter = open_window(qtbot, db)
    wizard = _open_from_the_hint(qtbot, window)
    assert [wizard.page(i).objectName() for i in wizard.pageIds()] == list(STEPS)
    # (a) the shop
    shop = _shop_loaded(qtbot, wizard)
    assert sorted(shop.form.editors) == sorted(
        ["name", "address", "tax_id", "currency", "tax_rate", "tax_inclusive"]
    )
    _type(qtbot, shop.form.editors["name"], "Kiosk Nord")
    _type(qtbot, shop.form.editors["currency"], "EUX")
    assert shop.form.errors["currency"].isVisible()  # the core's rule, as typed
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentPage() is shop and shop.error.text()  # refused, nothing saved
    assert catalog.load(db, "shop")["name"] == "Callshop"
    _type(qtbot, shop.form.editors["currency"], "EUR")
    _type(qtbot, shop.form.editors["address"], "Hauptstr. 1")
    _next(qtbot, wizard, "stepOwner")
    assert catalog.load(db, "shop")["name"] == "Kiosk Nord"
    # (b) the owner: nobody can log in yet, so it is asked here
    owner = wizard.step("stepOwner")
    qtbot.waitUntil(lambda: owner.fields.isVisible())
    _type(qtbot, owner.fields.name, "Olga")
    _type(qtbot, owner.fields.pin, "2468")
    _type(qtbot, owner.fields.again, "2469")
    assert owner.fields.error.text() == "The two PINs differ."
    _type(qtbot, owner.fields.again, "2468")
    assert owner.fields.error.text() == ""
    _next(qtbot, wizard, "stepTariff")
    assert [(u.name, u.role) for u in users.login_users(db)] == [("Olga", "owner")]
    # (d) the tariff: the bundled sample deck, through the price table's import
    tariff = wizard.step("stepTariff")
    assert tariff.sample.isChecked()
    _next(qtbot, wizard, "stepBooths")
    assert tariff.table is not None and _rates(db, "Street prices") == 329
    assert catalog.load(db, "service_plans", "Standard")["tariff"] == "Street prices"
    # (c) the booths: three, booth1..3 with generated passwords
    booths = wizard.step("stepBooths")
    qtbot.waitUntil(lambda: booths.plan.currentText() == "Standard")
    booths.count.setValue(3)
    drafts = booths.drafts()
    assert [d.name for d in drafts] == ["booth1", "booth2", "booth3"]
    assert [d.voip_login for d in drafts] == ["booth1", "booth2", "booth3"]
    assert len({d.voip_password for d in drafts}) == 3
    booths.table.item(1, 1).setText("booth1")  # a login twice: refused as typed
    assert booths.error.text() == "booth 2: the login 'booth1' is given twice"
    booths.table.item(1, 1).setText("booth2")
    _next(qtbot, wizard, "stepPbx")
    # (e) the PBX: left empty, the built-in simulator
    pbx = wizard.step("stepPbx")
    qtbot.waitUntil(lambda: pbx.page.loaded)
    assert not pbx.page.save_button.isVisible()
    _next(qtbot, wizard, "stepDone")
    assert not wizard.button(QWizard.WizardButton.CustomButton1).isVisible()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    # the board shows the booths
    qtbot.waitUntil(lambda: len(window.board.tiles()) == 3)
    assert window.board.isVisible() and not window.board_hint.isVisible()
    assert not catalog.is_empty(db)
    with db.read() as s:
        booth = s.scalar(select(Account).where(Account.name == "booth1"))
        assert booth.service_plan.tariff.name == "Street prices"
        booth_id = booth.id
        actions = [a for (a,) in s.execute(select(AuditLog.action))]
    assert actions.count("settings.create") >= 5  # tariff, plan, 3 booths: audited
    counter.start(booth_id, BoothMode.PREPAID, Decimal(5), Decimal(0))
    qtbot.waitUntil(lambda: window.board.tile(booth_id).text.state is TileState.PREPAID)
    quote = counter.quote("0049301234567", Decimal(5))
    assert (quote.prefix, quote.area_name) == ("4930", "Germany Berlin")
    assert quote.price_1 == Decimal("0.05") and quote.currency == "EUR"
    assert quote.refused is None and quote.max_seconds == 100 * 60


def test_skipping_every_step_leaves_a_usable_empty_app(qtbot, db):
    window, counter = open_window(qtbot, db)
    wizard = _open_from_the_hint(qtbot, window)
    _shop_loaded(qtbot, wizard)
    for after in STEPS[1:]:
        _skip(qtbot, wizard, after)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: window.wizard is None)
    assert catalog.is_empty(db) and catalog.load(db, "shop")["name"] == "Callshop"
    with db.read() as s:
        assert s.scalar(select(AuditLog.id)) is None  # nothing saved
    qtbot.waitUntil(lambda: window.board_hint.isVisible())  # the way back is still there
    assert counter.board() == [] and counter.quote("0044207", None).refused == "no_tariff"
    # and the assistant opens again from the shop menu, at its first step
    action = window.findChild(QAction, "setupAssistantAction")
    assert action is not None and action.text() == "Set-up assistant…"
    action.trigger()
    assert window.wizard is not None and window.wizard is not wizard
    assert window.wizard.currentPage().objectName() == "stepShop"


def test_a_bad_rate_file_is_refused_with_its_lines_and_nothing_imported(qtbot, db, tmp_path):
    window, _ = open_window(qtbot, db)
    wizard = _open_from_the_hint(qtbot, window)
    _shop_loaded(qtbot, wizard)
    _skip(qtbot, wizard, "stepOwner")
    _skip(qtbot, wizard, "stepTariff")
    deck = tmp_path / "bad.csv"
    deck.write_text("prefix,area_name,price_1\n44,UK,0.05\n49,Germany,cheap\n", encoding="utf-8")
    tariff = wizard.step("stepTariff")
    tariff.path.setText(str(deck))
    assert tariff.from_file.isChecked()
    wizard.button(QWizard.WizardButton.NextButton).click()
    qtbot.waitUntil(lambda: "not imported" in tariff.error.text(), timeout=20_000)
    assert wizard.currentPage() is tariff
    report = tariff.table.findChild(BadLinesDialog, "badLinesDialog")  # the table's own
    assert report is not None and "line 3" in report.text.toPlainText()
    tariff_id = catalog.object_id(db, "tariffs", "Street prices")
    assert tariff_id is not None and _rates(db, "Street prices") == 0
    # a good file then: Next again imports it and moves on
    deck.write_text("prefix,area_name,price_1\n44,UK,0.05\n", encoding="utf-8")
    _next(qtbot, wizard, "stepBooths")
    assert _rates(db, "Street prices") == 1


@pytest.mark.parametrize("language", ["en", "ru"])
def test_screenshots_of_each_step(qtbot, db, language):
    window, _ = open_window(qtbot, db, language)
    try:
        SHOTS.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(SHOTS / f"wizard_{language}_0_blank_board.png"))
        wizard = _open_from_the_hint(qtbot, window)
        _shop_loaded(qtbot, wizard)
        owner = wizard.step("stepOwner")
        actions = {
            "stepShop": lambda: None,
            "stepOwner": lambda: qtbot.waitUntil(lambda: owner.fields.isVisible()),
            "stepTariff": lambda: None,
            "stepBooths": lambda: qtbot.waitUntil(lambda: booths_ready(wizard)),
            "stepPbx": lambda: qtbot.waitUntil(lambda: wizard.step("stepPbx").page.loaded),
            "stepDone": lambda: None,
        }
        for index, name in enumerate(STEPS, start=1):
            actions[name]()
            assert wizard.grab().save(str(SHOTS / f"wizard_{language}_{index}_{name}.png"))
            if name == "stepOwner":
                _type(qtbot, owner.fields.name, "Olga")
                _type(qtbot, owner.fields.pin, "2468")
                _type(qtbot, owner.fields.again, "2468")
            if name == "stepTariff":
                _next(qtbot, wizard, "stepBooths")
                continue
            if name != "stepDone":
                _next(qtbot, wizard, STEPS[index])
        if language == "ru":
            assert wizard.windowTitle() == "Мастер настройки"
        wizard.button(QWizard.WizardButton.FinishButton).click()
        qtbot.waitUntil(lambda: len(window.board.tiles()) == 4)
    finally:
        remove_language(window.translator)


def booths_ready(wizard: SetupWizard) -> bool:
    return wizard.step("stepBooths").plan.count() > 0
