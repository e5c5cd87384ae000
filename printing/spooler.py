"""One print worker thread per printer, draining the persistent job queue.

A printer problem never loses or duplicates a receipt in the queue: a job stays pending until
its bytes were fully handed to the printer, then it is marked printed exactly once. The worker
never touches widgets; ``on_report`` is called from the worker thread, so a Qt UI must forward
it through a signal.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

from printing.errors import PrinterError, PrinterNotReady
from printing.jobs import Job, JobStore
from printing.status import PrinterStatus, StatusPort, query_status

log = logging.getLogger(__name__)


class PrinterLink(StatusPort, Protocol):
    """What the worker needs from a transport (SerialTransport fits)."""

    def close(self) -> None: ...


LinkFactory = Callable[[], PrinterLink]
WorkerState = Literal["idle", "printing", "waiting", "stopped"]


@dataclass(frozen=True)
class WorkerReport:
    printer: str
    state: WorkerState
    waiting: int  # pending jobs, including the one being tried
    # the device's or the transport's own words: "Ready", "Paper out", "Cannot open …";
    # ``printing.printer_state`` names the state they mean
    message: str
    status: PrinterStatus | None = None
    retry_in: float | None = None  # seconds until the next automatic attempt


class Backoff:
    def __init__(self, initial: float = 1.0, maximum: float = 30.0, factor: float = 2.0) -> None:
        self.initial, self.maximum, self.factor = initial, maximum, factor
        self._next = initial

    def next(self) -> float:
        delay = self._next
        self._next = min(self.maximum, self._next * self.factor)
        return delay

    def reset(self) -> None:
        self._next = self.initial


class PrintWorker:
    def __init__(
        self,
        printer: str,
        store: JobStore,
        open_link: LinkFactory,
        *,
        check_status: bool = True,
        status_timeout: float = 1.0,
        on_report: Callable[[WorkerReport], None] | None = None,
        backoff: Backoff | None = None,
        max_attempts: int | None = None,
        idle_poll: float = 2.0,
    ) -> None:
        self.printer = printer
        self.store = store
        self._open_link = open_link
        self._check_status = check_status
        self._status_timeout = status_timeout
        self._on_report = on_report
        self._backoff = backoff or Backoff()
        self._max_attempts = max_attempts
        # also polls: jobs may be queued by another process sharing the database
        self._idle_poll = idle_poll
        self._link: PrinterLink | None = None
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_report: WorkerReport | None = None

    # --- control, callable from any thread -------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping.clear()
        self._thread = threading.Thread(
            target=self._run, name=f"print-worker-{self.printer}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def notify(self) -> None:
        """A job was queued: look at the queue now instead of at the next poll."""
        self._wake.set()

    def retry_now(self) -> None:
        """Skip the backoff wait (the cashier fixed the printer)."""
        self._backoff.reset()
        self._wake.set()

    def retry_job(self, job_id: int) -> bool:
        ok = self.store.requeue(job_id)
        self.retry_now()
        return ok

    def submit(self, kind: str, payload: bytes, reference: str = "") -> Job:
        job = self.store.add(self.printer, kind, payload, reference=reference)
        self.notify()
        return job

    def cancel(self, job_id: int) -> bool:
        ok = self.store.mark_cancelled(job_id)
        self._wake.set()
        return ok

    def reprint(self, job_id: int, payload: bytes) -> Job:
        """Queue a copy of a job; ``payload`` is the receipt re-rendered with copy=True."""
        original = self.store.get(job_id)
        if original is None:
            raise KeyError(job_id)
        job = self.store.add(
            original.printer, original.kind, payload, reference=original.reference, copy_of=job_id
        )
        self.notify()
        return job

    # --- the worker thread -----------------------------------------------------------------

    def _run(self) -> None:
        try:
            while not self._stopping.is_set():
                self._wake.clear()
                try:
                    delay = self._step()
                except Exception as exc:  # a store failure must not kill the queue
                    log.exception("print worker %s", self.printer)
                    # Whatever broke may be the port (a driver error no transport knows):
                    # never keep a link in an unknown state, the next try reopens it.
                    self._close_link()
                    delay = self._backoff.next()
                    self._report("waiting", 0, f"Print queue error: {exc}", retry_in=delay)
                if delay > 0:
                    self._wake.wait(delay)
        finally:
            self._close_link()
            self._report("stopped", 0, "Stopped")

    def _step(self) -> float:
        """Try the oldest pending job; return how long to wait before the next step."""
        jobs = self.store.pending_jobs(self.printer)
        if not jobs:
            self._backoff.reset()
            last = self.last_report.status if self.last_report else None
            message = last.message if last and last.paper_near_end else "Ready"
            self._report("idle", 0, message, status=last)
            return self._idle_poll
        job = jobs[0]
        status: PrinterStatus | None = None
        try:
            link = self._ensure_link()
            if self._check_status:
                status = query_status(link, self._status_timeout)
                if not status.ready:
                    raise PrinterNotReady(status.message)
            self._report("printing", len(jobs), "Printing", status)
            link.write(job.payload)
        except PrinterError as exc:
            self._close_link()
            return self._failed(job, len(jobs), str(exc), status)
        self.store.mark_printed(job.id)
        self._backoff.reset()
        return 0.0

    def _failed(self, job: Job, waiting: int, reason: str, status: PrinterStatus | None) -> float:
        self.store.record_attempt(job.id, reason)
        if self._max_attempts is not None and job.attempts + 1 >= self._max_attempts:
            self.store.mark_failed(job.id, reason)
            self._report("waiting", waiting - 1, reason, status)
            return 0.0
        delay = self._backoff.next()
        self._report("waiting", waiting, reason, status, delay)
        return delay

    def _ensure_link(self) -> PrinterLink:
        if self._link is None:
            self._link = self._open_link()
        return self._link

    def _close_link(self) -> None:
        link, self._link = self._link, None
        if link is not None:
            try:
                link.close()
            except Exception:  # the link is being dropped because it is broken already
                log.debug("closing printer link failed", exc_info=True)

    def _report(
        self,
        state: WorkerState,
        waiting: int,
        message: str,
        status: PrinterStatus | None = None,
        retry_in: float | None = None,
    ) -> None:
        report = WorkerReport(self.printer, state, waiting, message, status, retry_in)
        if report == self.last_report:
            return  # idle polls would otherwise flood the UI with identical reports
        self.last_report = report
        if self._on_report is not None:
            try:
                self._on_report(report)
            except Exception:
                log.exception("print worker report callback")
