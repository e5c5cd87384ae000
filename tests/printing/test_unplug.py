"""A USB-serial printer unplugged (or power-cycled) while its port is open, then plugged back.

The device path is a symlink (as udev makes /dev/serial/by-id/...) to a real pseudo-terminal:
unplugging closes the pty's printer end and removes the link, plugging in makes a new pty and
points the same path at it. pyserial then fails exactly as with a vanished USB adapter
(``termios.error`` from ``reset_input_buffer``, ``SerialException`` from write/read).
"""

from __future__ import annotations

import os
import tty
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from callshop_pos.db.models import PrintJob
from callshop_pos.services.print_queue import PrintService
from printing.errors import PrinterOffline
from printing.jobs import InMemoryJobStore, JobStatus
from printing.serial_transport import SerialSettings, SerialTransport
from printing.spooler import Backoff, PrintWorker, WorkerReport
from tests.printing.fake_printer import FakePrinter
from tests.printing.test_spooler import wait_until

PROFILE = "epson-58mm-cp866"
# Long enough that only "Retry now" (or a new job) can make the worker try again in a test.
NO_AUTOMATIC_RETRY = 60.0


class PluggablePrinter:
    """A printer behind a stable device path that can be unplugged and plugged in again."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.printers: list[FakePrinter] = []  # one per time it was plugged in
        self._fds: tuple[int, int] | None = None

    @property
    def current(self) -> FakePrinter:
        return self.printers[-1]

    def plug(self) -> None:
        master, slave = os.openpty()
        tty.setraw(master)
        tty.setraw(slave)
        self._fds = (master, slave)
        self.printers.append(FakePrinter(master))
        self.path.unlink(missing_ok=True)
        self.path.symlink_to(os.ttyname(slave))

    def unplug(self) -> None:
        assert self._fds is not None
        master, slave = self._fds
        self._fds = None
        self.path.unlink()
        self.current.close()
        os.close(master)  # the device is gone: the port's fd now fails with EIO
        os.close(slave)

    def close(self) -> None:
        if self._fds is not None:
            self.unplug()


@pytest.fixture
def device(tmp_path: Path) -> Iterator[PluggablePrinter]:
    printer = PluggablePrinter(tmp_path / "usb-Printer-if00-port0")
    printer.plug()
    yield printer
    printer.close()


def test_transport_reports_a_vanished_device_as_offline_and_reopens(device) -> None:
    transport = SerialTransport(SerialSettings(str(device.path), read_timeout=0.2))
    try:
        transport.write(b"one\n")
        assert device.current.wait_for(4) == b"one\n"
        device.unplug()
        with pytest.raises(PrinterOffline, match="Printer connection lost"):
            transport.discard_input()  # pyserial raises termios.error here
        assert not transport.is_open  # the dead port was closed
        with pytest.raises(PrinterOffline, match="Cannot open"):
            transport.write(b"lost\n")
        device.plug()
        transport.discard_input()
        transport.write(b"two\n")
        assert device.current.wait_for(4) == b"two\n"
    finally:
        transport.close()
    assert device.printers[0].data() == b"one\n"


def test_worker_closes_the_dead_port_and_prints_once_when_the_printer_is_back(device) -> None:
    store, reports = InMemoryJobStore(), []
    worker = PrintWorker(
        "receipt",
        store,
        lambda: SerialTransport(SerialSettings(str(device.path), read_timeout=0.2)),
        check_status=True,
        status_timeout=0.3,
        on_report=reports.append,
        backoff=Backoff(initial=NO_AUTOMATIC_RETRY, maximum=NO_AUTOMATIC_RETRY),
        idle_poll=NO_AUTOMATIC_RETRY,
    )
    worker.start()
    try:
        first = worker.submit("call_receipt", b"first\n")
        assert wait_until(lambda: store.get(first.id).status is JobStatus.PRINTED)
        assert device.current.wait_for(6) == b"first\n"
        device.unplug()  # the worker keeps its port open between jobs
        second = worker.submit("call_receipt", b"second\n")
        assert wait_until(
            lambda: (
                isinstance(worker.last_report, WorkerReport)
                and worker.last_report.state == "waiting"
            )
        )
        assert worker.last_report.message.startswith("Printer connection lost")
        assert store.get(second.id).attempts == 1
        assert store.get(second.id).status is JobStatus.PENDING
        device.plug()
        worker.retry_now()
        assert wait_until(lambda: store.get(second.id).status is JobStatus.PRINTED)
        assert wait_until(
            lambda: worker.last_report is not None and worker.last_report.state == "idle"
        )
    finally:
        worker.stop()
    assert [p.data() for p in device.printers] == [b"first\n", b"second\n"]
    assert not [r for r in reports if r.message.startswith("Print queue error")]


# --- the app's print service over a real database file ---------------------------------------


@pytest.fixture
def db(tmp_path):
    from tests.core.shop import build_shop

    database = build_shop(tmp_path / "shop.db")
    yield database
    database.dispose()


def payloads(db) -> list[tuple[str, bytes]]:
    with db.read() as s:
        return [(j.status, j.payload) for j in s.scalars(select(PrintJob).order_by(PrintJob.id))]


def test_retry_now_prints_the_waiting_receipt_once_after_a_power_cycle(db, device) -> None:
    from tests.services.test_receipts import counter, enable_printer, open_booth

    enable_printer(db, str(device.path), profile_name=PROFILE)
    service = PrintService(
        db,
        status_timeout=0.3,
        idle_poll=NO_AUTOMATIC_RETRY,
        backoff=lambda: Backoff(NO_AUTOMATIC_RETRY, NO_AUTOMATIC_RETRY),
    )
    service.start()
    try:
        counter(db).stop(open_booth(db, "booth1"))
        assert wait_until(lambda: [s for s, _ in payloads(db)] == ["printed"])
        ((_, first),) = payloads(db)
        assert device.current.wait_for(len(first)) == first
        device.unplug()
        counter(db).stop(open_booth(db, "booth2"))
        assert wait_until(
            lambda: service.status_text() == "Printer not connected — 1 receipt waiting"
        )
        device.plug()
        service.retry_now()
        assert wait_until(lambda: [s for s, _ in payloads(db)] == ["printed", "printed"])
        assert wait_until(lambda: service.status_text() == "Printer ready")
    finally:
        service.stop()
    (_, first), (_, second) = payloads(db)
    assert [p.data() for p in device.printers] == [first, second]


class DriverErrorLink:
    """A link whose driver raises something no transport turns into a PrinterError."""

    def __init__(self, sink: list[bytes], broken: bool) -> None:
        self.sink, self.broken, self.closed = sink, broken, False

    def write(self, data: bytes) -> None:
        if not data.startswith(b"\x10\x04"):  # not a status request
            self.sink.append(data)

    def read(self, size: int, timeout: float | None = None) -> bytes:
        return b"\x12" * size  # "ready" to every status request

    def discard_input(self) -> None:
        if self.broken:
            raise RuntimeError("driver exploded")

    def close(self) -> None:
        self.closed = True


def test_an_unknown_link_error_drops_the_link_so_retry_now_reopens_it() -> None:
    store, sink, opened = InMemoryJobStore(), [], []

    def open_link() -> DriverErrorLink:
        opened.append(DriverErrorLink(sink, broken=not opened))  # only the first is broken
        return opened[-1]

    worker = PrintWorker(
        "receipt",
        store,
        open_link,
        check_status=True,
        backoff=Backoff(NO_AUTOMATIC_RETRY, NO_AUTOMATIC_RETRY),
        idle_poll=NO_AUTOMATIC_RETRY,
    )
    job = worker.submit("call_receipt", b"x")
    worker.start()
    try:
        assert wait_until(
            lambda: (
                worker.last_report is not None
                and worker.last_report.message.startswith("Print queue error")
            )
        )
        assert opened[0].closed
        worker.retry_now()
        assert wait_until(lambda: store.get(job.id).status is JobStatus.PRINTED)
    finally:
        worker.stop()
    assert len(opened) == 2 and sink == [b"x"]
