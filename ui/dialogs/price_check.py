""" "How much is a call to X?": the destination, every term it is charged for and the talk time
an amount really buys, as you type a number; or the destinations whose name you type."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from callshop_pos.counter import QuoteView
from callshop_pos.db.types import MONEY_DECIMALS
from callshop_pos.rating.search import Destination, Destinations
from printing.format import percent
from ui.dialogs.common import MoneyField, error_text
from ui.format import duration, money, rate_price
from ui.money_input import MoneyInputError
from ui.worker import Runner

DEBOUNCE_MS = 300  # one question per pause in typing, not one per key
MATCH_ROWS = 8  # rows of matches visible without scrolling
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

Quote = Callable[[str, Decimal | None], QuoteView]
Search = Callable[[str], Destinations]


def _is_name(text: str) -> bool:
    """A destination's name rather than a number: letters and no digits."""
    return any(ch.isalpha() for ch in text) and not any(ch.isdigit() for ch in text)


class PriceCheckDialog(QDialog):
    def __init__(
        self,
        quote: Quote,
        runner: Runner,
        currency: str,
        precision: int,
        parent: QWidget | None = None,
        search: Search | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("priceCheckDialog")
        self.setWindowTitle(self.tr("Price check"))
        self._quote = quote
        self._search = search
        self._runner = runner
        self._precision = precision
        self._currency = currency
        self._asked = 0  # sequence: an answer to an older question is dropped
        self.last_quote: QuoteView | None = None
        self.last_search: Destinations | None = None

        self.number = QLineEdit()
        self.number.setObjectName("quoteNumber")
        self.number.setPlaceholderText(
            self.tr("Number or destination, e.g. 0049301234567 or Cuba")
            if search is not None
            else self.tr("Number, e.g. 0049301234567")
        )
        font = self.number.font()
        font.setPixelSize(22)
        self.number.setFont(font)
        self.amount = MoneyField("quoteAmount", precision, allow_empty=True)
        self.amount.setPlaceholderText(self.tr("optional"))
        self.destination = self._label("quoteDestination", "font-size:20px; font-weight:bold;")
        self.price = self._label("quotePrice", "font-size:18px;")
        self.billing = self._label("quoteBilling")
        self.charges = self._label("quoteCharges")
        self.minute = self._label("quoteMinute")
        self.minutes = self._label("quoteMinutes", "font-size:18px; font-weight:bold;")
        self.minutes.setWordWrap(True)

        self.matches = QTableWidget(0, 3)
        self.matches.setObjectName("quoteMatches")
        self.matches.setHorizontalHeaderLabels(
            [self.tr("Destination"), self.tr("Prefix"), self.tr("Price per minute")]
        )
        self.matches.verticalHeader().hide()
        self.matches.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.matches.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.matches.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.matches.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        table_font = self.matches.font()
        table_font.setPixelSize(17)
        self.matches.setFont(table_font)
        header.setStyleSheet("QHeaderView::section { font-size:15px; }")
        self.matches.activated.connect(self._pick)
        self.matches.hide()
        self.more = self._label("quoteMatchesMore")
        self.more.hide()

        form = QFormLayout()
        caption_text = (
            self.tr("&Number or destination") if search is not None else self.tr("&Number")
        )
        for text, field in (
            (caption_text, self.number),
            (self.tr("&Amount (%1)").replace("%1", currency), self.amount),
            (self.tr("Destination"), self.destination),
            (self.tr("Price"), self.price),
            (self.tr("Billing"), self.billing),
            (self.tr("Charges"), self.charges),
            (self.tr("1 minute"), self.minute),
            (self.tr("Buys"), self.minutes),
        ):
            caption = QLabel(text)
            caption.setStyleSheet("font-size:16px;")  # readable from the other side
            caption.setBuddy(field)
            form.addRow(caption, field)
        self._form = form
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.matches)
        layout.addWidget(self.more)
        self.setMinimumWidth(620)
        self._show_terms(False)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.ask)
        self.number.textEdited.connect(lambda _t: self._debounce.start())
        self.number.returnPressed.connect(self._to_matches)
        self.amount.textEdited.connect(lambda _t: self._debounce.start())
        self.number.setFocus()

    @staticmethod
    def _label(name: str, style: str = "font-size:16px;") -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setStyleSheet(style)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    # --- asking -------------------------------------------------------------------------------

    def ask(self) -> None:
        text = self.number.text().strip()
        try:
            amount = self.amount.amount()
        except MoneyInputError:
            amount = None
        self._asked += 1
        ticket = self._asked
        if self._search is not None and _is_name(text):
            search = self._search
            self._runner.submit(
                lambda: search(text),
                lambda found: self._found(ticket, found),
                lambda exc: self._failed(ticket, exc),
            )
            return
        if not any(ch.isdigit() for ch in text):
            self._show_text("", "", "")
            return
        self._runner.submit(
            lambda: self._quote(text, amount),
            lambda quote: self._answered(ticket, quote),
            lambda exc: self._failed(ticket, exc),
        )

    def _to_matches(self) -> None:
        """Return in the number field moves to the list of matches, when there is one."""
        if self.matches.isVisible() and self.matches.rowCount():
            self.matches.setFocus()
            self.matches.selectRow(0)

    def _pick(self, index: QModelIndex) -> None:
        """A destination picked from the list: price it as a number (its prefix)."""
        item = self.matches.item(index.row(), 1)
        if item is None:
            return
        self.number.setText(item.text())  # "+53": already international
        self.number.setFocus()
        self.ask()

    # --- showing ------------------------------------------------------------------------------

    def _price(self, amount: Decimal, currency: str) -> str:
        """A per-minute price or fee exactly as charged: 0.035 stays 0.035, never 0.04."""
        return rate_price(amount, currency, self._precision, MONEY_DECIMALS)

    def _show_terms(self, shown: bool) -> None:
        for field in (self.billing, self.charges, self.minute):
            self._form.setRowVisible(field, shown)

    def _show_matches(self, shown: bool) -> None:
        """The list of destinations found by name, instead of one number's price."""
        self.matches.setVisible(shown)
        for field in (self.price, self.minutes):
            self._form.setRowVisible(field, not shown)
        if not shown:
            self.more.hide()

    def _show_text(self, destination: str, price_text: str, minutes: str) -> None:
        self.destination.setText(destination)
        self.price.setText(price_text)
        self.minutes.setText(minutes)
        self._show_terms(False)
        self._show_matches(False)

    def _failed(self, ticket: int, exc: BaseException) -> None:
        if ticket == self._asked:
            self._show_text(error_text(exc), "", "")

    def _per_minute(self, price_1: Decimal, price_n: Decimal, currency: str) -> str:
        text = self.tr("%1 per minute").replace("%1", self._price(price_1, currency))
        if price_n != price_1:
            text += self.tr(", then %1").replace("%1", self._price(price_n, currency))
        return text

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
        per_min = self._per_minute(quote.price_1, quote.price_n or quote.price_1, cur)
        area = quote.area_name or ""
        destination = f"{area}  (+{quote.prefix})" if quote.prefix else area
        self._show_text(destination, per_min, self._buys(quote, cur))
        if quote.interval_1 is not None and quote.interval_n is not None:
            self.billing.setText(self._billing(quote.interval_1, quote.interval_n))
            self.charges.setText(self._charges(quote, cur))
            self.minute.setText(
                self.tr("%1, everything included").replace(
                    "%1", money(quote.minute_cost, cur, self._precision)
                )
                if quote.minute_cost is not None
                else ""
            )
            self._show_terms(True)

    def _buys(self, quote: QuoteView, cur: str) -> str:
        if quote.amount is None:
            return ""
        if quote.max_seconds is None:
            return self.tr("unlimited")
        amount = money(quote.amount, cur, self._precision)
        text = (
            self.tr("%1 for %2")
            if not quote.cut
            else self.tr("%1 for %2: the longest call the shop allows")
        )
        return text.replace("%1", duration(quote.max_seconds)).replace("%2", amount)

    def _billing(self, first: int, step: int) -> str:
        if first == step:
            return self.tr("per %1 s").replace("%1", str(step))
        return (
            self.tr("first %1 s, then per %2 s").replace("%1", str(first)).replace("%2", str(step))
        )

    def _charges(self, quote: QuoteView, cur: str) -> str:
        lines = [
            self.tr("Connection fee %1").replace("%1", self._price(quote.connect_fee, cur))
            if quote.connect_fee
            else self.tr("No connection fee")
        ]
        if quote.free_seconds:
            lines.append(
                self.tr("First %1 s of every call free").replace("%1", str(quote.free_seconds))
            )
        if quote.grace_seconds:
            lines.append(
                self.tr("Calls up to %1 s are free").replace("%1", str(quote.grace_seconds))
            )
        if quote.surcharge:
            lines.append(self.tr("Surcharge +%1 %").replace("%1", percent(quote.surcharge)))
        return "\n".join(lines)

    def _found(self, ticket: int, found: Destinations) -> None:
        if ticket != self._asked:
            return
        self.last_search = found
        self.last_quote = None
        if not found.matches:
            self._show_text(self.tr("No destination matches %1").replace("%1", found.text), "", "")
            return
        self._show_text(self.tr("%1 destinations").replace("%1", str(found.total)), "", "")
        self._fill(found.matches, found.currency or self._currency)
        self._show_matches(True)
        rest = found.total - len(found.matches)
        self.more.setText(
            self.tr("%1 more: type more of the name").replace("%1", str(rest)) if rest else ""
        )
        self.more.setVisible(rest > 0)

    def _fill(self, matches: tuple[Destination, ...], cur: str) -> None:
        self.matches.setRowCount(len(matches))
        for row, match in enumerate(matches):
            if match.forbidden:
                cost = self.tr("not allowed")
            else:  # the column says "per minute"
                cost = self._price(match.price_1, cur)
                if match.price_n != match.price_1:
                    cost += self.tr(", then %1").replace("%1", self._price(match.price_n, cur))
            cells = (match.area_name, f"+{match.prefix}", cost)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(RIGHT)
                self.matches.setItem(row, column, item)
        # As tall as its rows, up to MATCH_ROWS (then it scrolls).
        rows = min(len(matches), MATCH_ROWS)
        height = self.matches.horizontalHeader().sizeHint().height()
        height += sum(self.matches.rowHeight(r) for r in range(rows))
        self.matches.setFixedHeight(height + 2 * self.matches.frameWidth())
