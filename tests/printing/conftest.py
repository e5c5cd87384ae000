from __future__ import annotations

from datetime import datetime
from decimal import Decimal as D

import pytest

from callshop_pos.counter import BoothMode
from printing.receipt_data import (
    CallLine,
    CallReceiptData,
    ExtraItem,
    SessionReceiptData,
    ShopHeader,
)

LONG_AREA = "Russian Federation Mobile MTS Moscow and Moscow region (all operators)"
CYR_AREA = "Россия Мобильная МТС Москва и Московская область"

SHOP = ShopHeader(
    name="Переговорный пункт «Связь»",
    address="Hauptstraße 12, 10115 Berlin — 2. OG",
    tax_id="DE123456789",
    phone="+49 30 1234567",
)


def call(number: str, area: str, seconds: int, cost: str, minute: int = 5) -> CallLine:
    """A call billed by the whole minute at the per-minute price that gives ``cost``."""
    billed = -(-seconds // 60) * 60
    price = D(cost) * 60 / billed
    return CallLine(
        started_at=datetime(2024, 5, 1, 14, minute),
        number=number,
        area=area,
        duration_seconds=seconds,
        billed_seconds=billed,
        cost=D(cost),
        price_1=price,
        price_n=price,
    )


@pytest.fixture
def session_data() -> SessionReceiptData:
    return SessionReceiptData(
        shop=SHOP,
        receipt_no="S-000123",
        printed_at=datetime(2024, 5, 1, 15, 0),
        cashier="Анна",
        booth="Кабина 3",
        mode=BoothMode.POSTPAID,
        started_at=datetime(2024, 5, 1, 14, 0),
        ended_at=datetime(2024, 5, 1, 15, 0),
        calls=[
            call("4930123456", "Germany Fixed", 125, "0.105", 2),
            call("79161234567", LONG_AREA, 3725, "15.75", 9),
            call("74951234567", CYR_AREA, 61, "0.50", 40),
        ],
        extras=[ExtraItem("Вода / Water", D(2), D("0.50"), D("1.00"))],
        paid=D("20.00"),
        currency="EUR",
    )


@pytest.fixture
def call_data() -> CallReceiptData:
    return CallReceiptData(
        shop=SHOP,
        receipt_no="C-000042",
        printed_at=datetime(2024, 5, 1, 15, 0),
        cashier="Анна",
        booth="Кабина 3",
        call=call("74951234567", CYR_AREA, 185, "0.75"),
        mode=BoothMode.PREPAID,
        balance_left=D("4.25"),
        currency="EUR",
    )
