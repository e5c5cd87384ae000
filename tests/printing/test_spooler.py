from __future__ import annotations

import threading
import time
from collections.abc import Callable

from printing.errors import PrinterOffline, PrinterTimeout
from printing.jobs import InMemoryJobStore, JobStatus
from printing.serial_transport import SerialSettings, SerialTransport
from printing.spooler import Backoff, PrintWorker, WorkerReport

FAST = Backoff(initial=0.02, maximum=0.1)


def wait_until(cond: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.01)
    return cond()


class FlakyLink:
    """Fails the first ``failures`` writes, then records the bytes."""

    def __init__(self, sink: list[bytes], failures: int = 0) -> None:
        self.sink = sink
        self.failures = failures

    def write(self, data: bytes) -> None:
        if self.failures > 0:
            self.failures -= 1
            raise PrinterTimeout("Printer does not accept data (write timeout)")
        self.sink.append(data)

    def read(self, size: int, timeout: float | None = None) -> bytes:
        return b""

    def discard_input(self) -> None:
        pass

    def close(self) -> None:
        pass


def make_worker(store, link_factory, reports, **kw) -> PrintWorker:
    return PrintWorker(
        "receipt",
        store,
        link_factory,
        check_status=kw.pop("check_status", False),
        on_report=reports.append,
        backoff=FAST,
        idle_poll=0.05,
        **kw,
    )


def test_jobs_print_in_order_once_each_after_failures() -> None:
    store, sink, reports = InMemoryJobStore(), [], []
    link = FlakyLink(sink, failures=3)
    worker = make_worker(store, lambda: link, reports)
    ids = [worker.submit("session_receipt", f"job{i}".encode(), f"S-{i}").id for i in range(3)]
    worker.start()
    try:
        assert wait_until(lambda: len(sink) == 3)
        time.sleep(0.2)  # give a buggy worker the chance to print something twice
    finally:
        worker.stop()
    assert sink == [b"job0", b"job1", b"job2"]
    assert [store.get(i).status for i in ids] == [JobStatus.PRINTED] * 3
    assert store.get(ids[0]).attempts == 3
    assert ("Printer does not accept data (write timeout)", 3) in [
        (r.message, r.waiting) for r in reports
    ]
    assert reports[-1].state == "stopped"


def test_open_failure_keeps_jobs_pending_until_the_printer_is_back() -> None:
    store, sink, reports = InMemoryJobStore(), [], []
    plugged = threading.Event()

    def open_link() -> FlakyLink:
        if not plugged.is_set():
            raise PrinterOffline("Cannot open /dev/ttyUSB0")
        return FlakyLink(sink)

    worker = make_worker(store, open_link, reports)
    worker.start()
    try:
        job = worker.submit("call_receipt", b"A")
        assert wait_until(lambda: store.get(job.id).attempts >= 2)
        assert store.get(job.id).status is JobStatus.PENDING
        assert sink == []
        plugged.set()
        worker.retry_now()
        assert wait_until(lambda: store.get(job.id).status is JobStatus.PRINTED)
    finally:
        worker.stop()
    assert sink == [b"A"]


def test_cancel_and_reprint_copy() -> None:
    store, sink, reports = InMemoryJobStore(), [], []
    worker = make_worker(store, lambda: FlakyLink(sink), reports)
    keep = worker.submit("call_receipt", b"keep", "C-1")
    dropped = worker.submit("call_receipt", b"dropped", "C-2")
    assert worker.cancel(dropped.id)
    worker.start()
    try:
        assert wait_until(lambda: store.get(keep.id).status is JobStatus.PRINTED)
        copy = worker.reprint(keep.id, b"keep COPY")
        assert wait_until(lambda: store.get(copy.id).status is JobStatus.PRINTED)
    finally:
        worker.stop()
    assert sink == [b"keep", b"keep COPY"]
    assert store.get(copy.id).copy_of == keep.id
    assert store.get(copy.id).reference == "C-1"
    assert store.get(dropped.id).status is JobStatus.CANCELLED
    assert not worker.cancel(keep.id)  # a printed job stays printed


def test_mark_printed_is_a_one_time_transition() -> None:
    store = InMemoryJobStore()
    job = store.add("p", "k", b"x")
    assert store.mark_printed(job.id)
    assert not store.mark_printed(job.id)
    assert not store.mark_cancelled(job.id)


def test_max_attempts_gives_up_and_retry_requeues() -> None:
    store, sink, reports = InMemoryJobStore(), [], []
    link = FlakyLink(sink, failures=2)
    worker = make_worker(store, lambda: link, reports, max_attempts=2)
    job = worker.submit("call_receipt", b"x", "C-9")
    worker.start()
    try:
        assert wait_until(lambda: store.get(job.id).status is JobStatus.FAILED)
        assert sink == []
        assert worker.retry_job(job.id)
        assert wait_until(lambda: store.get(job.id).status is JobStatus.PRINTED)
    finally:
        worker.stop()
    assert sink == [b"x"]


# --- with a real pseudo-terminal ---------------------------------------------------------


def test_paper_out_then_fixed_over_pty(pty_printer) -> None:
    printer, port = pty_printer
    printer.status = {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E}  # paper out
    store, reports = InMemoryJobStore(), []
    worker = make_worker(
        store,
        lambda: SerialTransport(SerialSettings(port, read_timeout=0.3)),
        reports,
        check_status=True,
        status_timeout=0.3,
    )
    worker.submit("call_receipt", b"first\n")
    worker.submit("call_receipt", b"second\n")
    worker.start()
    try:
        assert wait_until(lambda: any((r.message, r.waiting) == ("Paper out", 2) for r in reports))
        assert printer.data() == b""
        printer.status = {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12}  # paper in, cover still open
        assert wait_until(lambda: any(r.message.startswith("Cover open") for r in reports))
        assert printer.data() == b""
        printer.status = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}
        worker.retry_now()
        assert wait_until(lambda: printer.data() == b"first\nsecond\n")
        assert wait_until(
            lambda: worker.last_report is not None and worker.last_report.state == "idle"
        )
    finally:
        worker.stop()
    assert printer.data() == b"first\nsecond\n"
    paper_out = next(r for r in reports if r.message.startswith("Paper out"))
    assert isinstance(paper_out, WorkerReport) and paper_out.status is not None
    assert paper_out.status.paper_out


def test_jobs_queued_while_printer_silent_print_afterwards_once_each(pty_printer) -> None:
    printer, port = pty_printer
    printer.answering = False
    store, reports = InMemoryJobStore(), []
    worker = make_worker(
        store,
        lambda: SerialTransport(SerialSettings(port, read_timeout=0.2)),
        reports,
        check_status=True,
        status_timeout=0.2,
    )
    worker.start()
    try:
        payloads = [f"receipt {i}\n".encode() for i in range(4)]
        for p in payloads:
            worker.submit("call_receipt", p)
        assert wait_until(
            lambda: any((r.message, r.waiting) == ("No answer from printer", 4) for r in reports)
        )
        assert printer.data() == b""
        printer.answering = True
        assert wait_until(lambda: len(printer.data()) >= sum(map(len, payloads)))
        time.sleep(0.3)
    finally:
        worker.stop()
    assert printer.data() == b"".join(payloads)
    assert all(j.status is JobStatus.PRINTED for j in store.all_jobs())
