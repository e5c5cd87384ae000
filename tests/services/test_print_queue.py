"""The database print queue and the print service, with a pseudo-terminal as the printer."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import select

from callshop_pos.db.engine import open_database
from callshop_pos.db.models import BoothSession, PrintJob, Receipt
from callshop_pos.services.print_queue import (
    RECEIPT_PRINTER,
    DbJobStore,
    PrintService,
    report_view,
    serial_link,
)
from printing.jobs import JobStatus
from printing.layout import PrintLine, physical_lines
from printing.layout_codec import layout_from_json
from printing.printer_state import PrinterState, PrinterView
from printing.profiles import PROFILES
from printing.spooler import Backoff, WorkerReport
from printing.status import NO_ANSWER, PrinterStatus
from tests.printing.escpos_reader import read_paper
from tests.services.test_receipts import counter, enable_printer, open_booth, set_prefs

PAPER_OUT = {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E}  # what an Epson answers with no paper
READY = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}
PROFILE = "epson-58mm-cp866"


@pytest.fixture
def db(tmp_path):
    from tests.core.shop import build_shop

    database = build_shop(tmp_path / "shop.db")
    yield database
    database.dispose()


def wait_until(cond: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.01)
    return cond()


@pytest.fixture
def service_for(db):
    started: list[PrintService] = []

    def make(idle_poll: float = 0.05) -> PrintService:
        service = PrintService(
            db, status_timeout=0.3, idle_poll=idle_poll, backoff=lambda: Backoff(0.05, 0.2)
        )
        service.start()
        started.append(service)
        return service

    yield make
    for service in started:
        service.stop()


def jobs(db) -> list[PrintJob]:
    with db.read() as s:
        return list(s.scalars(select(PrintJob).order_by(PrintJob.id)))


def expected_lines(db, number: int) -> list[str]:
    """The receipt as it must land on paper: its stored layout fitted to the printer."""
    profile = PROFILES[PROFILE]
    with db.read() as s:
        layout = layout_from_json(
            s.scalar(select(Receipt.layout_json).where(Receipt.number == number))
        )
    return [
        p.text
        for p in physical_lines(layout, profile.width_chars, profile.prepare)
        if isinstance(p, PrintLine)
    ]


def stop_booth(db, booth: int) -> int:
    """Stop the booth: the sale is committed and its receipt numbered, printed or not."""
    result = counter(db).stop(booth)
    with db.read() as s:
        assert s.get(BoothSession, 1).stopped_at is not None  # the sale is committed
    assert result.receipt_number is not None
    return result.receipt_number


# --- the store -------------------------------------------------------------------------------


def test_store_transitions_are_conditional(db):
    store = DbJobStore(db)
    a = store.add("receipt", "session_receipt", b"A", reference="1")
    b = store.add("receipt", "session_receipt", b"B", reference="2")
    store.add("kitchen", "session_receipt", b"K")
    assert [j.payload for j in store.pending_jobs("receipt")] == [b"A", b"B"]
    store.record_attempt(a.id, "Paper out")
    store.record_attempt(a.id, "Paper out")
    got = store.get(a.id)
    assert got is not None and (got.attempts, got.last_error) == (2, "Paper out")
    assert not store.requeue(a.id)  # pending, not failed
    assert store.mark_printed(a.id) and not store.mark_printed(a.id)
    assert not store.mark_cancelled(a.id)  # printed stays printed
    store.mark_failed(b.id, "jammed")
    assert store.get(b.id).status is JobStatus.FAILED
    assert store.requeue(b.id) and store.get(b.id).status is JobStatus.PENDING
    assert store.mark_cancelled(b.id) and not store.mark_printed(b.id)
    assert store.get(999) is None


def test_two_stores_on_one_file_never_both_mark_a_job_printed(db):
    other = open_database(db.path)
    try:
        first, second = DbJobStore(db), DbJobStore(other)
        ids = [first.add("receipt", "call_receipt", bytes([i])).id for i in range(30)]
        wins: list[int] = []
        lock = threading.Lock()

        def drain(store: DbJobStore) -> None:
            for job_id in ids:
                if store.mark_printed(job_id):
                    with lock:
                        wins.append(job_id)

        threads = [threading.Thread(target=drain, args=(s,)) for s in (first, second)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(wins) == ids  # each job exactly once
        assert all(second.get(i).status is JobStatus.PRINTED for i in ids)
    finally:
        other.dispose()


# --- the service over a pseudo-terminal ------------------------------------------------------


def test_a_stop_never_waits_for_the_printer(db, pty_printer):
    printer, port = pty_printer
    enable_printer(db, port, profile_name=PROFILE)
    inside, left, gate = threading.Event(), threading.Event(), threading.Event()

    def stuck_printer(settings):
        inside.set()
        gate.wait(30)  # the printer hangs until the test lets it go (30 s: a broken test ends)
        left.set()
        return serial_link(settings)

    service = PrintService(
        db, open_link=stuck_printer, idle_poll=0.05, backoff=lambda: Backoff(0.05, 0.2)
    )
    service.start()
    try:
        earlier = DbJobStore(db).add(RECEIPT_PRINTER, "call_receipt", b"earlier\n")
        service.notify()
        assert inside.wait(10)  # the worker is in the printer, and stays there
        number = stop_booth(db, open_booth(db))
        # The Stop is back while the printer still holds the worker: it never waited for it,
        # and nothing reached the paper by another way.
        assert not left.is_set()
        assert printer.data() == b""
        assert [(j.status, j.reference) for j in jobs(db)] == [
            ("pending", ""),
            ("pending", str(number)),
        ]
        gate.set()
        assert wait_until(lambda: [j.status for j in jobs(db)] == ["printed", "printed"])
        receipt = jobs(db)[1].payload
        assert printer.wait_for(len(earlier.payload) + len(receipt)) == b"earlier\n" + receipt
    finally:
        gate.set()
        service.stop()


def test_paper_out_keeps_the_job_waiting_then_prints_it_once(db, pty_printer, service_for):
    printer, port = pty_printer
    printer.status = PAPER_OUT
    enable_printer(db, port, profile_name=PROFILE)
    service = service_for()
    seen: list[str] = []
    service.on_change = lambda: seen.append(service.status_text())
    number = stop_booth(db, open_booth(db))
    assert wait_until(lambda: service.status_text() == "Paper out — 1 receipt waiting")
    assert "Paper out — 1 receipt waiting" in seen
    assert service.status() == (PrinterView("receipt", PrinterState.PAPER_OUT, "Paper out", 1),)
    assert service.waiting() == 1
    (job,) = jobs(db)
    assert job.status == "pending" and job.attempts >= 1 and job.last_error == "Paper out"
    assert printer.data() == b""

    printer.status = READY
    service.retry_now()
    assert wait_until(lambda: jobs(db)[0].status == "printed")
    assert wait_until(lambda: len(printer.data()) >= len(job.payload))
    time.sleep(0.3)  # a second print would show up by now
    assert printer.data() == job.payload
    assert read_paper(printer.data(), "cp866").lines == expected_lines(db, number)
    assert wait_until(lambda: service.status_text() == "Printer ready")
    assert service.waiting() == 0


def test_silent_printer_is_offline_and_prints_when_back(db, pty_printer, service_for):
    printer, port = pty_printer
    printer.answering = False
    enable_printer(db, port, profile_name=PROFILE)
    service = service_for()
    number = stop_booth(db, open_booth(db))
    assert wait_until(lambda: service.status_text() == "No answer from printer — 1 receipt waiting")
    printer.answering = True
    assert wait_until(lambda: jobs(db)[0].status == "printed")
    paper = read_paper(printer.wait_for(len(jobs(db)[0].payload)), "cp866")
    assert paper.lines == expected_lines(db, number)


def test_unplugged_printer_then_plugged_in(db, pty_printer, service_for, tmp_path):
    printer, port = pty_printer
    device = tmp_path / "ttyUSB0"  # the adapter is not there yet
    enable_printer(db, str(device), profile_name=PROFILE)
    service = service_for()
    stop_booth(db, open_booth(db))
    assert wait_until(lambda: service.status_text() == "Printer not connected — 1 receipt waiting")
    device.symlink_to(port)  # plugged in
    service.retry_now()
    assert wait_until(lambda: jobs(db)[0].status == "printed")
    assert printer.wait_for(len(jobs(db)[0].payload)) == jobs(db)[0].payload


def test_commit_wakes_the_worker_reprint_is_a_copy(db, pty_printer, service_for):
    printer, port = pty_printer
    enable_printer(db, port, profile_name=PROFILE, open_drawer=True)
    # the worker would sleep half a minute between polls: only the commit hook wakes it
    service = service_for(idle_poll=30)
    assert wait_until(lambda: service.status_text() == "Printer ready")
    number = stop_booth(db, open_booth(db))
    assert wait_until(lambda: jobs(db)[0].status == "printed", timeout=3)
    original = jobs(db)[0]
    assert read_paper(printer.wait_for(len(original.payload)), "cp866").kicks == 1

    copy = service.reprint(number)
    assert copy.copy_of == original.id and copy.reference == str(number)
    assert wait_until(lambda: jobs(db)[1].status == "printed", timeout=3)
    data = printer.wait_for(len(original.payload) + len(copy.payload))
    paper = read_paper(data[len(original.payload) :], "cp866")
    assert "*** КОПИЯ ***" not in paper.lines and "*** COPY ***" in paper.lines
    assert paper.kicks == 0  # a reprint takes no money
    banner_free = [line for line in paper.lines if line != "*** COPY ***"]
    assert banner_free == expected_lines(db, number)


def test_cancel_a_waiting_receipt(db, pty_printer, service_for):
    printer, port = pty_printer
    printer.status = PAPER_OUT
    enable_printer(db, port, profile_name=PROFILE)
    service = service_for()
    stop_booth(db, open_booth(db))
    assert wait_until(lambda: service.waiting() == 1)
    (job,) = service.queue()
    assert service.cancel(job.id)
    assert not service.cancel(job.id)
    assert wait_until(lambda: service.waiting() == 0)
    assert "waiting" not in service.status_text()
    printer.status = READY
    service.retry_now()
    time.sleep(0.3)
    assert printer.data() == b"" and jobs(db)[0].status == "cancelled"


def test_without_a_printer_sales_go_on_and_the_bar_says_so(db, service_for):
    service = service_for()
    assert service.status_text() == "No printer"
    assert counter(db).stop(open_booth(db)).receipt_number == 1
    with pytest.raises(Exception, match="no receipt printer is set up"):
        service.reprint(1)


def test_reload_applies_new_settings(db, pty_printer, service_for):
    printer, port = pty_printer
    service = service_for()
    service.start()  # a second start does nothing
    assert service.status_text() == "No printer"
    enable_printer(db, port, profile_name=PROFILE)
    service.reload()
    assert wait_until(lambda: service.status_text() == "Printer ready")
    stop_booth(db, open_booth(db))
    assert wait_until(lambda: jobs(db)[0].status == "printed")
    assert printer.wait_for(len(jobs(db)[0].payload)) == jobs(db)[0].payload


def test_broken_settings_are_shown_and_never_stop_a_sale(db, service_for):
    set_prefs(db, printer_json='{"enabled": true, "baudrate": 12345}')
    service = service_for()
    assert service.status_text().startswith("Printer settings broken: ")
    (view,) = service.status()
    assert view.state is PrinterState.SETTINGS_BROKEN and "12345" in view.detail
    assert counter(db).stop(open_booth(db)).receipt_number == 1
    assert jobs(db) == []


# --- the state reported ---------------------------------------------------------------------

PAPER_OUT_STATUS = PrinterStatus(True, paper_out=True, message="Paper out")
NEAR_END_STATUS = PrinterStatus(True, paper_near_end=True, message="Paper near end")
SILENT_STATUS = PrinterStatus(False, message=NO_ANSWER, answered=False)
OPEN_ERROR = "Cannot open /dev/ttyUSB0: [Errno 2] No such file or directory"
LOCKED = "Print queue error: (sqlite3.OperationalError) database is locked"


@pytest.mark.parametrize(
    ("report", "view"),
    [
        (None, PrinterView("r", PrinterState.CHECKING)),
        (WorkerReport("r", "idle", 0, "Ready"), PrinterView("r", PrinterState.READY)),
        (
            WorkerReport("r", "idle", 0, "Ready", NEAR_END_STATUS),
            PrinterView("r", PrinterState.PAPER_NEAR_END, "Paper near end"),
        ),
        (
            WorkerReport("r", "waiting", 2, "Paper out", PAPER_OUT_STATUS),
            PrinterView("r", PrinterState.PAPER_OUT, "Paper out", 2),
        ),
        (
            WorkerReport("r", "waiting", 1, NO_ANSWER, SILENT_STATUS),
            PrinterView("r", PrinterState.NO_ANSWER, NO_ANSWER, 1),
        ),
        (
            WorkerReport("r", "waiting", 3, OPEN_ERROR),
            PrinterView("r", PrinterState.NOT_CONNECTED, OPEN_ERROR, 3),
        ),
        (
            WorkerReport("r", "waiting", 1, "Printer does not accept data (write timeout)"),
            PrinterView(
                "r", PrinterState.NOT_ACCEPTING, "Printer does not accept data (write timeout)", 1
            ),
        ),
        (
            WorkerReport("r", "printing", 2, "Printing"),
            PrinterView("r", PrinterState.PRINTING, waiting=2),
        ),
        (WorkerReport("r", "stopped", 0, "Stopped"), PrinterView("r", PrinterState.STOPPED)),
        (
            WorkerReport("r", "waiting", 0, LOCKED),
            PrinterView("r", PrinterState.QUEUE_ERROR, LOCKED),
        ),
    ],
)
def test_a_report_is_a_state_with_the_device_s_words(report, view):
    assert report_view("r", report) == view
