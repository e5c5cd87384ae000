""" "How much is a call to X?": the destination, its price and what an amount buys, as you type."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from callshop_pos.counter import QuoteView
from ui.dialogs.common import MoneyField, error_text
from ui.format import duration, money
from ui.money_input import MoneyInputError
from ui.worker import Runner

DEBOUNCE_MS = 300  # one quote per pause in typing, not one per key

Quote = Callable[[str, Decimal | None], QuoteView]


class PriceCheckDialog(QDialog):
    def __init__(
        self,
        quote: Quote,
        runner: Runner,
        currency: str,
        precision: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("priceCheckDialog")
        self.setWindowTitle(self.tr("Price check"))
        self._quote = quote
        self._runner = runner
        self._precision = precision
        self._currency = currency
        self._asked = 0  # sequence: an answer to an older question is dropped
        self.last_quote: QuoteView | None = None

        self.number = QLineEdit()
        self.number.setObjectName("quoteNumber")
        self.number.setPlaceholderText(self.tr("Number, e.g. 0049301234567"))
        font = self.number.font()
        font.setPixelSize(22)
        self.number.setFont(font)
        self.amount = MoneyField("quoteAmount", precision, allow_empty=True)
        self.amount.setPlaceholderText(self.tr("optional"))
        self.destination = QLabel()
        self.destination.setObjectName("quoteDestination")
        self.destination.setStyleSheet("font-size:20px; font-weight:bold;")
        self.price = QLabel()
        self.price.setObjectName("quotePrice")
        self.minutes = QLabel()
        self.minutes.setObjectName("quoteMinutes")
        self.minutes.setStyleSheet("font-size:16px; font-weight:bold;")

        form = QFormLayout()
        for text, field in (
            (self.tr("&Number"), self.number),
            (self.tr("&Amount (%1)").replace("%1", currency), self.amount),
        ):
            caption = QLabel(text)
            caption.setBuddy(field)
            form.addRow(caption, field)
        form.addRow(self.tr("Destination"), self.destination)
        form.addRow(self.tr("Price"), self.price)
        form.addRow(self.tr("Buys"), self.minutes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.setMinimumWidth(460)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.ask)
        self.number.textEdited.connect(lambda _t: self._debounce.start())
        self.amount.textEdited.connect(lambda _t: self._debounce.start())
        self.number.setFocus()

    def ask(self) -> None:
        number = self.number.text().strip()
        try:
            amount = self.amount.amount()
        except MoneyInputError:
            amount = None
        if not any(ch.isdigit() for ch in number):
            self._asked += 1
            self._show_text("", "", "")
            return
        self._asked += 1
        ticket = self._asked
        self._runner.submit(
            lambda: self._quote(number, amount),
            lambda quote: self._answered(ticket, quote),
            lambda exc: self._failed(ticket, exc),
        )

    def _show_text(self, destination: str, price: str, minutes: str) -> None:
        self.destination.setText(destination)
        self.price.setText(price)
        self.minutes.setText(minutes)

    def _failed(self, ticket: int, exc: BaseException) -> None:
        if ticket == self._asked:
            self._show_text(error_text(exc), "", "")

    def _answered(self, ticket: int, quote: QuoteView) -> None:
        if ticket != self._asked:
            return
        self.last_quote = quote
        if quote.refused == "forbidden":
            self._show_text(self.tr("Calls to this destination are not allowed"), "", "")
            return
        if quote.refused or quote.price_1 is None:
            self._show_text(self.tr("No price for this number"), "", "")
            return
        cur = quote.currency or self._currency
        per_min = self.tr("%1 per minute").replace("%1", money(quote.price_1, cur, self._precision))
        if quote.price_n is not None and quote.price_n != quote.price_1:
            per_min += self.tr(", then %1").replace(
                "%1", money(quote.price_n, cur, self._precision)
            )
        area = quote.area_name or ""
        destination = f"{area}  (+{quote.prefix})" if quote.prefix else area
        minutes = ""
        if quote.amount is not None:
            if quote.max_seconds is None:
                minutes = self.tr("unlimited")
            else:
                minutes = (
                    self.tr("%1 for %2")
                    .replace("%1", duration(quote.max_seconds))
                    .replace("%2", money(quote.amount, cur, self._precision))
                )
        self._show_text(destination, per_min, minutes)
