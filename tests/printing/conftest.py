from __future__ import annotations

import os
import select
import threading
import tty
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal as D

import pytest

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
    billed = -(-seconds // 60) * 60
    return CallLine(
        started_at=datetime(2024, 5, 1, 14, minute),
        number=number,
        area=area,
        duration_seconds=seconds,
        billed_seconds=billed,
        price_per_minute=D("0.2500"),
        cost=D(cost),
    )


@pytest.fixture
def session_data() -> SessionReceiptData:
    return SessionReceiptData(
        shop=SHOP,
        receipt_no="S-000123",
        printed_at=datetime(2024, 5, 1, 15, 0),
        cashier="Анна",
        booth="Кабина 3",
        mode="postpaid",
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
        mode="prepaid",
        balance_left=D("4.25"),
        currency="EUR",
    )


class FakePrinter:
    """The printer end of a pseudo-terminal: records what it receives and answers
    DLE EOT n with ``status[n]`` while ``answering`` is set."""

    def __init__(self, master: int) -> None:
        self.master = master
        self.received = bytearray()  # print data, status requests removed
        self.requests: list[int] = []
        self.answering = True
        self.status = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}
        self._pending = b""
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                return
            self._feed(chunk)

    def _feed(self, chunk: bytes) -> None:
        data = self._pending + chunk
        self._pending = b""
        out = bytearray()
        i = 0
        while i < len(data):
            if data[i] == 0x10:
                if len(data) - i < 3:
                    self._pending = data[i:]  # request split across reads
                    break
                if data[i + 1] == 0x04:
                    n = data[i + 2]
                    with self._lock:
                        self.requests.append(n)
                    if self.answering:
                        os.write(self.master, bytes([self.status[n]]))
                    i += 3
                    continue
            out.append(data[i])
            i += 1
        with self._lock:
            self.received += out

    def data(self) -> bytes:
        with self._lock:
            return bytes(self.received)

    def wait_for(self, size: int, timeout: float = 5.0) -> bytes:
        deadline = threading.Event()
        for _ in range(int(timeout / 0.01)):
            if len(self.data()) >= size:
                break
            deadline.wait(0.01)
        return self.data()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)


@pytest.fixture
def pty_printer() -> Iterator[tuple[FakePrinter, str]]:
    master, slave = os.openpty()
    # a pty has no flow control and would otherwise translate bytes (\n -> \r\n, ^S, ...)
    tty.setraw(master)
    tty.setraw(slave)
    printer = FakePrinter(master)
    try:
        # our slave fd stays open so the pty survives the transport closing and reopening
        yield printer, os.ttyname(slave)
    finally:
        printer.close()
        os.close(master)
        os.close(slave)
