"""User-visible words of receipts and PDFs, one instance per language."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from printing import format as fmt


@dataclass(frozen=True)
class ReceiptLabels:
    receipt: str = "Receipt"
    invoice: str = "Invoice"
    session_report: str = "Session report"
    daily_report: str = "Daily report"
    copy_banner: str = "COPY"
    date: str = "Date"
    cashier: str = "Cashier"
    booth: str = "Booth"
    mode: str = "Payment"
    prepaid_mode: str = "Prepaid"
    postpaid_mode: str = "Postpaid"
    tax_id: str = "Tax ID"
    phone: str = "Tel."
    period: str = "Period"
    number: str = "Number"
    destination: str = "Destination"
    start: str = "Start"
    end: str = "End"
    time: str = "Time"
    billed: str = "Billed"
    talk: str = "Talk"
    talk_time: str = "Talk time"
    billed_time: str = "Billed time"
    # a session receipt's call: talk time, billed time (with its interval steps); a no-break
    # space keeps each word with its time when the line wraps
    talk_and_billed: str = "Talk\N{NO-BREAK SPACE}{talk}, billed\N{NO-BREAK SPACE}{billed}"
    # the billing intervals in seconds, after the billed time when they are not 60/60
    steps: str = "({first}/{next} s)"
    price: str = "Price"
    per_minute: str = "/min"
    connect_fee: str = "connect fee"
    surcharge: str = "surcharge"
    free_call: str = "free"
    cost: str = "Cost"
    balance_left: str = "Balance left"
    calls: str = "Calls"
    decimal_mark: str = "."  # in amounts and prices on paper
    # "%n calls" by the language's plural rule: one / few / many (English uses one and many)
    call_forms: tuple[str, str, str] = ("{n} call", "{n} calls", "{n} calls")
    slavic_plurals: bool = False
    extras: str = "Extras"
    item: str = "Item"
    quantity: str = "Qty"
    unit_price: str = "Unit price"
    amount: str = "Amount"
    subtotal: str = "Subtotal"
    # {label} is TaxSettings.label, {rate} the percentage without the % sign
    tax_included: str = "incl. {label} {rate}%"
    tax_added: str = "{label} {rate}%"
    net: str = "Net"
    rounding: str = "Rounding"
    total: str = "TOTAL"
    prepaid: str = "Prepaid"
    topups: str = "Top-ups"
    paid: str = "Paid"
    change: str = "Change"
    refund: str = "Refund"
    not_refunded: str = "Not refunded"
    unpaid: str = "Amount due"
    thank_you: str = "Thank you!"
    no_calls: str = "No calls"
    generated: str = "Generated"
    revenue: str = "Revenue"
    margin: str = "Margin"
    sessions: str = "Sessions"
    billed_minutes: str = "Billed min"
    per_booth: str = "Per booth"
    per_destination: str = "Per destination"
    page: str = "Page"
    void_banner: str = "VOID"  # the slip of a receipt the owner voided
    voided_receipt: str = "Voided receipt"
    voided_by: str = "Voided by"
    refunded_by: str = "Refunded by"  # the owner who gave part of a session back
    reason: str = "Reason"
    cash_back: str = "Cash given back"
    datetime_format: str = "%Y-%m-%d %H:%M"
    date_format: str = "%Y-%m-%d"
    time_format: str = "%H:%M"

    def money(self, amount: Decimal, currency: str = "") -> str:
        """An amount on paper, with this language's decimal mark ("12,50 EUR")."""
        return fmt.money(amount, currency, mark=self.decimal_mark)

    def rate(self, amount: Decimal) -> str:
        """A per-minute price on paper (up to 4 decimals), with this language's mark."""
        return fmt.price(amount, mark=self.decimal_mark)

    def calls_count(self, n: int) -> str:
        """ "1 call, 2 calls"; in Russian "1 звонок, 2 звонка, 5 звонков, 21 звонок"."""
        return self.call_forms[plural_form(n, slavic=self.slavic_plurals)].format(n=n)

    def percent(self, rate: Decimal) -> str:
        """A rate (0.185) as a percentage number ("18,5" in Russian)."""
        return fmt.percent(rate).replace(".", self.decimal_mark)


def plural_form(n: int, *, slavic: bool) -> int:
    """Which of the (one, few, many) forms a count takes: CLDR's rule for Russian (1, 21
    one; 2-4, 22-24 few; 0, 5-20, 25 many), or English's (1 one, everything else many)."""
    n = abs(n)
    if not slavic:
        return 0 if n == 1 else 2
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


ENGLISH = ReceiptLabels()

RUSSIAN = ReceiptLabels(
    receipt="Чек",
    invoice="Счёт",
    session_report="Отчёт по сеансу",
    daily_report="Отчёт за день",
    copy_banner="КОПИЯ",
    date="Дата",
    cashier="Кассир",
    booth="Кабина",
    mode="Оплата",
    prepaid_mode="Предоплата",
    postpaid_mode="Постоплата",
    tax_id="ИНН",
    phone="Тел.",
    period="Период",
    number="Номер",
    destination="Направление",
    start="Начало",
    end="Конец",
    time="Время",
    billed="Тариф. время",
    talk="Разговор",
    talk_time="Разговор",
    billed_time="Тарифицировано",
    talk_and_billed="Разговор\N{NO-BREAK SPACE}{talk}, тарифицировано\N{NO-BREAK SPACE}{billed}",
    steps="({first}/{next} с)",
    price="Цена",
    per_minute="/мин",
    connect_fee="за соединение",
    surcharge="надбавка",
    free_call="бесплатно",
    cost="Стоимость",
    balance_left="Остаток",
    calls="Звонки",
    decimal_mark=",",
    call_forms=("{n} звонок", "{n} звонка", "{n} звонков"),
    slavic_plurals=True,
    extras="Прочее",
    item="Позиция",
    quantity="Кол.",
    unit_price="Цена",
    amount="Сумма",
    subtotal="Подытог",
    tax_included="в т.ч. {label} {rate}%",
    tax_added="{label} {rate}%",
    net="Без налога",
    rounding="Округление",
    total="ИТОГО",
    prepaid="Предоплата",
    topups="Пополнения",
    paid="Оплачено",
    change="Сдача",
    refund="Возврат",
    not_refunded="Не возвращено",
    unpaid="К оплате",
    thank_you="Спасибо!",
    no_calls="Звонков нет",
    generated="Создан",
    revenue="Выручка",
    margin="Маржа",
    sessions="Сеансы",
    billed_minutes="Тариф. мин",
    per_booth="По кабинам",
    per_destination="По направлениям",
    page="Стр.",
    void_banner="АННУЛИРОВАН",
    voided_receipt="Аннулирован чек",
    voided_by="Аннулировал",
    refunded_by="Возврат выдал",
    reason="Причина",
    cash_back="Выдано наличными",
    datetime_format="%d.%m.%Y %H:%M",
    date_format="%d.%m.%Y",
    time_format="%H:%M",
)

_BY_LANGUAGE = {"en": ENGLISH, "ru": RUSSIAN}


def labels_for(language: str) -> ReceiptLabels:
    """Labels for an ISO 639-1 code or locale name ("ru", "ru_RU"); English otherwise."""
    return _BY_LANGUAGE.get(language.lower().replace("-", "_").split("_")[0], ENGLISH)
