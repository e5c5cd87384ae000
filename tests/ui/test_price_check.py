"""The price check on a real shop (real SQLite file, CounterService, worker thread, widgets
offscreen): every term the call is charged for, the talk time the engine really allows, the
exact per-minute price, and a search by destination name; in English and Russian."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from callshop_pos.db.models import Rate, Tariff
from callshop_pos.services.counter import CounterService
from tests.core.shop import build_shop
from ui.dialogs.price_check import PriceCheckDialog
from ui.i18n import install_language, remove_language
from ui.worker import Runner

OUT = Path(__file__).resolve().parents[1] / "screenshots"
WAIT = 10000
D = Decimal


@pytest.fixture
def counter(tmp_path) -> Iterator[CounterService]:
    db = build_shop(tmp_path / "shop.db")  # the shop cuts every call at 7200 s
    with db.session() as s:
        street = s.scalar(select(Tariff).where(Tariff.name == "Street"))
        street.connect_fee, street.free_seconds, street.grace_period = D("0.10"), 5, 8
        street.post_call_surcharge = D("0.18")
        for rate in s.scalars(select(Rate).where(Rate.tariff_id == street.id)):
            if rate.prefix == "49":
                rate.grace_enabled = True
            if rate.prefix == "7":
                rate.price_1 = rate.price_n = D("0.035")  # a price finer than a cent
        street.revision += 1
    yield CounterService(db)
    db.dispose()


@pytest.fixture
def dialog(qtbot, counter) -> PriceCheckDialog:
    runner = Runner()
    made = PriceCheckDialog(counter.quote, runner, "EUR", 2, search=counter.search)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    return made


def _text(dialog: PriceCheckDialog, name: str) -> str:
    return dialog.findChild(object, name).text()


def _ask(qtbot, dialog: PriceCheckDialog, number: str, amount: str = "") -> None:
    dialog.number.setText(number)
    dialog.amount.setText(amount)
    dialog.ask()  # what the debounce timer does after typing
    qtbot.waitUntil(lambda: not dialog._runner.busy, timeout=WAIT)  # answered and shown


def test_every_charged_term_and_the_shops_longest_call_are_shown(qtbot, dialog):
    _ask(qtbot, dialog, "004930123", "20")
    assert _text(dialog, "quoteDestination") == "Germany  (+49)"
    assert _text(dialog, "quotePrice") == "0.10 EUR per minute"
    assert _text(dialog, "quoteBilling") == "per 60 s"
    assert _text(dialog, "quoteCharges").splitlines() == [
        "Connection fee 0.10 EUR",
        "First 5 s of every call free",
        "Calls up to 8 s are free",
        "Surcharge +18 %",
    ]
    # 60 s: 55 billable -> one minute: (0.10 + 0.10) x 1.18 = 0.236
    assert _text(dialog, "quoteMinute") == "0.24 EUR, everything included"
    # 20.00 would buy far more than two hours; the PBX cuts every call at 7200 s.
    assert _text(dialog, "quoteMinutes") == (
        "2:00:00 for 20.00 EUR: the longest call the shop allows"
    )
    quote = dialog.last_quote
    assert quote is not None and (quote.max_seconds, quote.cut) == (7200, True)
    assert all(dialog.findChild(object, n).isVisible() for n in ("quoteBilling", "quoteCharges"))

    _ask(qtbot, dialog, "0049151 2345", "1")
    assert _text(dialog, "quoteBilling") == "first 30 s, then per 6 s"
    assert "Calls up to" not in _text(dialog, "quoteCharges")  # no grace on this rate
    assert not _text(dialog, "quoteMinutes").endswith("allows")  # the money ends this call


def test_a_price_finer_than_a_cent_is_shown_exactly(qtbot, dialog):
    _ask(qtbot, dialog, "0073832")
    assert _text(dialog, "quotePrice") == "0.035 EUR per minute"  # not 0.04


def test_a_refused_number_hides_the_terms(qtbot, dialog):
    _ask(qtbot, dialog, "00882123", "5")
    assert _text(dialog, "quoteDestination") == "Calls to this destination are not allowed"
    assert not dialog.findChild(object, "quoteBilling").isVisible()


def test_search_by_name_then_pick_a_destination(qtbot, dialog):
    qtbot.keyClicks(dialog.number, "germ")  # typed: the debounce asks once
    table = dialog.findChild(object, "quoteMatches")
    qtbot.waitUntil(lambda: table.isVisible() and table.rowCount() == 2, timeout=WAIT)
    rows = [[table.item(r, c).text() for c in range(3)] for r in range(2)]
    assert rows == [["Germany", "+49", "0.10 EUR"], ["Germany Mobile", "+4915", "0.30 EUR"]]
    assert _text(dialog, "quoteDestination") == "2 destinations"
    qtbot.keyClick(dialog.number, Qt.Key.Key_Return)  # to the list
    assert table.hasFocus() and table.currentRow() == 0
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Return)  # pick Germany Mobile
    qtbot.waitUntil(
        lambda: _text(dialog, "quoteDestination") == "Germany Mobile  (+4915)", timeout=WAIT
    )
    assert dialog.number.text() == "+4915" and not table.isVisible()
    assert _text(dialog, "quotePrice") == "0.30 EUR per minute"
    assert _text(dialog, "quoteBilling") == "first 30 s, then per 6 s"


def test_search_is_case_and_accent_blind_and_says_when_nothing_matches(qtbot, dialog):
    _ask(qtbot, dialog, "SATELLITE")
    table = dialog.findChild(object, "quoteMatches")
    assert [table.item(0, c).text() for c in range(3)] == ["Satellite", "+882", "not allowed"]
    _ask(qtbot, dialog, "Atlantis")
    assert _text(dialog, "quoteDestination") == "No destination matches Atlantis"
    assert not table.isVisible()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_screenshot_of_the_price_check(qtbot, counter, language):
    translator = install_language(language)
    try:
        runner = Runner()
        dialog = PriceCheckDialog(counter.quote, runner, "EUR", 2, search=counter.search)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        _ask(qtbot, dialog, "004930123", "20")
        if language == "ru":
            assert _text(dialog, "quoteBilling") == "по 60 с"
            assert _text(dialog, "quotePrice") == "0,10\xa0€ в минуту"
            assert _text(dialog, "quoteMinutes").startswith("2:00:00 на 20,00\xa0€")
        OUT.mkdir(exist_ok=True)
        dialog.adjustSize()
        assert dialog.grab().save(str(OUT / f"price_check_{language}.png"))
        _ask(qtbot, dialog, "cuba" if language == "en" else "рос")
        _ask(qtbot, dialog, "russ" if language == "en" else "russia")
        dialog.adjustSize()
        assert dialog.grab().save(str(OUT / f"price_check_search_{language}.png"))
    finally:
        remove_language(translator)
