"""The persistent print queue over the database and the service that drains it.

``DbJobStore`` is ``printing.jobs.JobStore`` over ``PrintJob`` rows: each call is its own
short unit of work (it runs on a worker thread, beside the counter's transactions), and every
status change is a conditional UPDATE, so two workers or two processes sharing the file can
never both mark one job printed.

``PrintService`` owns one ``PrintWorker`` per enabled printer, turns the workers' reports
into one ``PrinterView`` per printer (a state and the device's words) and offers the
cashier's actions: retry, reprint (marked COPY) and cancel. It notices committed sales by
itself: a SQLAlchemy hook wakes the workers right after any commit that stored a print job
on its database.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from callshop_pos.db.engine import Database
from callshop_pos.db.models import PrintJob, Receipt
from callshop_pos.db.rowcount import rows_changed
from callshop_pos.errors import CallshopError, NotFound
from callshop_pos.services import sessions
from callshop_pos.services.audit import audit
from callshop_pos.services.printer_config import BrokenPrinterSettings, parse_printer_settings
from callshop_pos.services.receipts import add_job
from printing.escpos import encode_layout
from printing.jobs import Job, JobStatus
from printing.labels import labels_for
from printing.layout_codec import as_copy, layout_from_json
from printing.printer_state import (
    PrinterState,
    PrinterView,
    PrinterViews,
    classify,
    english,
    state_of,
)
from printing.serial_transport import SerialTransport
from printing.settings import PrinterSettings, SettingsError
from printing.spooler import Backoff, PrinterLink, PrintWorker, WorkerReport

log = logging.getLogger(__name__)

RECEIPT_PRINTER = "receipt"  # the name ReceiptService gives its jobs by default


def _job(row: PrintJob) -> Job:
    return Job(
        id=row.id,
        printer=row.printer,
        kind=row.kind,
        payload=row.payload,
        created_at=row.created_at,
        attempts=row.attempts,
        last_error=row.last_error,
        status=JobStatus(row.status),
        printed_at=row.printed_at,
        reference=row.reference,
        copy_of=row.copy_of,
    )


class DbJobStore:
    """``JobStore`` over the ``print_jobs`` table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(
        self,
        printer: str,
        kind: str,
        payload: bytes,
        *,
        reference: str = "",
        copy_of: int | None = None,
    ) -> Job:
        with self.db.session() as s:
            row = PrintJob(
                printer=printer, kind=kind, payload=payload, reference=reference, copy_of=copy_of
            )
            s.add(row)
            s.flush()
            return _job(row)

    def get(self, job_id: int) -> Job | None:
        with self.db.read() as s:
            row = s.get(PrintJob, job_id)
            return _job(row) if row is not None else None

    def pending_jobs(self, printer: str) -> list[Job]:
        with self.db.read() as s:
            rows = s.scalars(
                select(PrintJob)
                .where(PrintJob.printer == printer, PrintJob.status == JobStatus.PENDING.value)
                .order_by(PrintJob.created_at, PrintJob.id)
            )
            return [_job(r) for r in rows]

    def jobs(
        self,
        statuses: tuple[JobStatus, ...] = (JobStatus.PENDING, JobStatus.FAILED),
        printer: str | None = None,
    ) -> list[Job]:
        """The queue as the cashier sees it: waiting and given-up jobs, oldest first."""
        with self.db.read() as s:
            query = select(PrintJob).where(PrintJob.status.in_([x.value for x in statuses]))
            if printer is not None:
                query = query.where(PrintJob.printer == printer)
            rows = s.scalars(query.order_by(PrintJob.created_at, PrintJob.id))
            return [_job(r) for r in rows]

    def count(self, status: JobStatus = JobStatus.PENDING) -> int:
        with self.db.read() as s:
            query = select(func.count(PrintJob.id)).where(PrintJob.status == status.value)
            return int(s.scalar(query) or 0)

    def _transition(self, job_id: int, allowed: set[JobStatus], **values: Any) -> bool:
        # one UPDATE with the expected status in its WHERE: the database decides who wins
        with self.db.session() as s:
            changed = rows_changed(
                s,
                update(PrintJob)
                .where(PrintJob.id == job_id, PrintJob.status.in_([a.value for a in allowed]))
                .values(**values),
            )
            return changed == 1

    def record_attempt(self, job_id: int, error: str) -> None:
        with self.db.session() as s:
            s.execute(
                update(PrintJob)
                .where(PrintJob.id == job_id)
                .values(attempts=PrintJob.attempts + 1, last_error=error)
            )

    def mark_printed(self, job_id: int) -> bool:
        return self._transition(
            job_id,
            {JobStatus.PENDING},
            status=JobStatus.PRINTED.value,
            printed_at=datetime.now(UTC),
        )

    def mark_failed(self, job_id: int, error: str) -> None:
        self._transition(
            job_id, {JobStatus.PENDING}, status=JobStatus.FAILED.value, last_error=error
        )

    def mark_cancelled(self, job_id: int) -> bool:
        return self._transition(
            job_id, {JobStatus.PENDING, JobStatus.FAILED}, status=JobStatus.CANCELLED.value
        )

    def requeue(self, job_id: int) -> bool:
        return self._transition(job_id, {JobStatus.FAILED}, status=JobStatus.PENDING.value)


# --- status ---------------------------------------------------------------------------------


def report_view(name: str, report: WorkerReport | None) -> PrinterView:
    """One worker's last report as the printer's state, with the device's own words."""
    if report is None:
        return PrinterView(name, PrinterState.CHECKING)
    status = report.status
    if report.state == "stopped":
        return PrinterView(name, PrinterState.STOPPED)
    if report.state == "printing":
        return PrinterView(name, PrinterState.PRINTING, waiting=report.waiting)
    if report.state == "idle":
        near_end = status is not None and status.paper_near_end
        state = PrinterState.PAPER_NEAR_END if near_end else PrinterState.READY
        return PrinterView(name, state, status.message if near_end and status else "")
    # waiting: the printer's own status says why when it answered; else the transport's words
    if status is not None and not status.ready:
        return PrinterView(name, state_of(status), status.message, report.waiting)
    return PrinterView(name, classify(report.message), report.message, report.waiting)


# --- the service -----------------------------------------------------------------------------

SettingsLoader = Callable[[], Mapping[str, PrinterSettings]]
LinkOpener = Callable[[PrinterSettings], PrinterLink]


def serial_link(settings: PrinterSettings) -> PrinterLink:
    return SerialTransport(settings.serial_settings())


class PrintService:
    """One worker per enabled printer; status, retry, reprint and cancel for the UI.

    ``on_change`` (no arguments) is called from the workers' threads whenever the status
    text may have changed: a Qt UI must forward it through a signal."""

    def __init__(
        self,
        db: Database,
        settings_loader: SettingsLoader | None = None,
        *,
        open_link: LinkOpener = serial_link,
        status_timeout: float = 1.0,
        idle_poll: float = 2.0,
        backoff: Callable[[], Backoff] = Backoff,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self.db = db
        self.store = DbJobStore(db)
        self.on_change = on_change
        self._load = settings_loader or self._saved_settings
        self._open_link = open_link
        self._status_timeout = status_timeout
        self._idle_poll = idle_poll
        self._backoff = backoff
        self._lock = threading.Lock()
        self._settings: dict[str, PrinterSettings] | None = None
        self._settings_problem = ""
        self._workers: dict[str, PrintWorker] = {}
        self._reports: dict[str, WorkerReport] = {}
        self._hooks: list[tuple[str, Callable[..., None]]] = []

    def _saved_settings(self) -> Mapping[str, PrinterSettings]:
        with self.db.session() as s:
            text = sessions.preferences(s).printer_json.strip()
        return {RECEIPT_PRINTER: parse_printer_settings(text)} if text else {}

    def settings(self) -> dict[str, PrinterSettings]:
        """The printers as last loaded; a broken saved setting means none (and says so)."""
        with self._lock:
            if self._settings is not None:
                return dict(self._settings)
        try:
            loaded, problem = dict(self._load()), ""
        except (ValueError, SettingsError, BrokenPrinterSettings) as exc:
            loaded, problem = {}, str(exc) or type(exc).__name__
        with self._lock:
            self._settings, self._settings_problem = loaded, problem
        return dict(loaded)

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        with self._lock:
            if self._workers:
                return  # already running; reload() applies new settings
        self._install_hooks()
        for name, settings in self.settings().items():
            if not settings.enabled:
                continue
            worker = PrintWorker(
                name,
                self.store,
                functools.partial(self._open_link, settings),
                check_status=settings.profile().supports_status,
                status_timeout=self._status_timeout,
                on_report=self._reported,
                backoff=self._backoff(),
                idle_poll=self._idle_poll,
            )
            with self._lock:
                self._workers[name] = worker
            worker.start()
        self._changed()

    def stop(self) -> None:
        with self._lock:
            workers, self._workers = list(self._workers.values()), {}
        for worker in workers:
            worker.stop()
        self._remove_hooks()
        with self._lock:
            self._reports.clear()

    def reload(self) -> None:
        """After the printer settings were saved: new workers with the new settings."""
        self.stop()
        with self._lock:
            self._settings = None
        self.start()

    def _install_hooks(self) -> None:
        if self._hooks:
            return
        engine = self.db.engine

        def flushed(session: Session, _context: object) -> None:
            if session.bind is engine and any(isinstance(o, PrintJob) for o in session.new):
                session.info["print_jobs_added"] = True

        def committed(session: Session) -> None:
            if session.info.pop("print_jobs_added", False):
                self.notify()

        def rolled_back(session: Session) -> None:
            session.info.pop("print_jobs_added", None)

        self._hooks = [
            ("after_flush", flushed),
            ("after_commit", committed),
            ("after_rollback", rolled_back),
        ]
        for name, fn in self._hooks:
            event.listen(Session, name, fn)

    def _remove_hooks(self) -> None:
        hooks, self._hooks = self._hooks, []
        for name, fn in hooks:
            event.remove(Session, name, fn)

    # --- status ------------------------------------------------------------------------------

    def _reported(self, report: WorkerReport) -> None:
        with self._lock:
            self._reports[report.printer] = report
        self._changed()

    def _changed(self) -> None:
        if self.on_change is not None:
            try:
                self.on_change()
            except Exception:  # the status bar must never stop the printing
                log.exception("print status callback")

    def status(self) -> PrinterViews:
        """Every enabled printer's state, in the settings' order; never empty: without a
        worker, one view saying there is no printer (or that its settings are broken)."""
        with self._lock:
            names = list(self._workers)
            reports = dict(self._reports)
            problem = self._settings_problem
        if not names:
            state = PrinterState.SETTINGS_BROKEN if problem else PrinterState.NO_PRINTER
            # jobs left from before the printer was switched off still wait
            return (PrinterView(RECEIPT_PRINTER, state, problem, self.store.count()),)
        return tuple(report_view(name, reports.get(name)) for name in names)

    def status_text(self) -> str:
        """The status in English, for the CLI and the log."""
        return english(self.status())

    def waiting(self) -> int:
        """Receipts not printed yet, as the workers last counted them (the database's count
        until every worker has reported)."""
        with self._lock:
            reports = [self._reports.get(name) for name in self._workers]
        if not reports or any(r is None for r in reports):
            return self.store.count()
        return sum(r.waiting for r in reports if r is not None)

    def queue(self) -> list[Job]:
        return self.store.jobs()

    # --- the cashier's actions ---------------------------------------------------------------

    def notify(self) -> None:
        """Jobs were committed: look now instead of at the next poll."""
        with self._lock:
            workers = list(self._workers.values())
        for worker in workers:
            worker.notify()

    def retry_now(self) -> None:
        """The cashier fixed the printer: requeue given-up jobs and try at once."""
        for job in self.store.jobs((JobStatus.FAILED,)):
            self.store.requeue(job.id)
        with self._lock:
            workers = list(self._workers.values())
        for worker in workers:
            worker.retry_now()

    def cancel(self, job_id: int) -> bool:
        ok = self.store.mark_cancelled(job_id)
        self.notify()  # the worker recounts, so the status bar drops the job
        return ok

    def reprint(self, receipt_number: int, printer: str | None = None, cashier: str = "") -> Job:
        """Queue a copy of a stored receipt, marked COPY, encoded for the printer as set up
        now (its width or code page may have changed since)."""
        available = {n: s for n, s in self.settings().items() if s.enabled}
        name = printer or (
            RECEIPT_PRINTER if RECEIPT_PRINTER in available else next(iter(available), None)
        )
        if name is None or name not in available:
            raise CallshopError("no receipt printer is set up")
        profile = available[name].profile()
        with self.db.session() as s:
            receipt = s.scalar(select(Receipt).where(Receipt.number == receipt_number))
            if receipt is None:
                raise NotFound(f"no receipt number {receipt_number}")
            labels = labels_for(sessions.preferences(s).language)
            layout = as_copy(layout_from_json(receipt.layout_json), labels)
            original = s.scalar(
                select(PrintJob.id)
                .where(PrintJob.receipt_id == receipt.id, PrintJob.copy_of.is_(None))
                .order_by(PrintJob.id)
                .limit(1)
            )
            row = add_job(
                s,
                name,
                f"{receipt.kind}_receipt",
                encode_layout(layout, profile),
                receipt,
                copy_of=original,
            )
            audit(
                s, "receipt.reprint", "receipt", receipt.id, number=receipt.number, cashier=cashier
            )
            job = _job(row)
        self.notify()  # in case the commit hook is not installed (service not started)
        return job
