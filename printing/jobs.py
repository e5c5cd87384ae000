"""Print jobs and where they are kept (the app stores them in its database)."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Protocol


class JobStatus(StrEnum):
    PENDING = "pending"
    PRINTED = "printed"
    CANCELLED = "cancelled"
    FAILED = "failed"  # given up after max_attempts; "retry now" requeues it


@dataclass(frozen=True)
class Job:
    id: int
    printer: str
    kind: str  # e.g. "call_receipt", "session_receipt"
    payload: bytes  # complete ESC/POS bytes, rendered when the sale closed
    created_at: datetime
    attempts: int = 0
    last_error: str | None = None
    status: JobStatus = JobStatus.PENDING
    printed_at: datetime | None = None
    reference: str = ""  # receipt number, shown in the queue and used to re-render a copy
    copy_of: int | None = None  # the original job of a reprint


class JobStore(Protocol):
    """Storage of the print queue. Implementations must be safe to call from the worker
    thread (a SQLAlchemy store opens its own session per call) and must make
    ``mark_printed`` a conditional update (pending → printed) so a job is printed once."""

    def add(
        self,
        printer: str,
        kind: str,
        payload: bytes,
        *,
        reference: str = "",
        copy_of: int | None = None,
    ) -> Job: ...

    def get(self, job_id: int) -> Job | None: ...

    def pending_jobs(self, printer: str) -> list[Job]:
        """Pending jobs of one printer, oldest first (created_at, then id)."""
        ...

    def record_attempt(self, job_id: int, error: str) -> None:
        """A failed attempt: attempts + 1, last_error set, the job stays pending."""
        ...

    def mark_printed(self, job_id: int) -> bool:
        """Pending → printed; False (and no change) if the job was not pending."""
        ...

    def mark_failed(self, job_id: int, error: str) -> None: ...

    def mark_cancelled(self, job_id: int) -> bool:
        """Pending or failed → cancelled; False if already printed or cancelled."""
        ...

    def requeue(self, job_id: int) -> bool:
        """Failed → pending (the cashier's "retry"); False otherwise."""
        ...


def _now() -> datetime:
    return datetime.now(UTC)


class InMemoryJobStore:
    """Thread-safe JobStore for tests and for running without a database."""

    def __init__(self) -> None:
        self._jobs: dict[int, Job] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def add(
        self,
        printer: str,
        kind: str,
        payload: bytes,
        *,
        reference: str = "",
        copy_of: int | None = None,
    ) -> Job:
        with self._lock:
            job = Job(
                next(self._ids),
                printer,
                kind,
                payload,
                _now(),
                reference=reference,
                copy_of=copy_of,
            )
            self._jobs[job.id] = job
            return job

    def get(self, job_id: int) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def all_jobs(self) -> list[Job]:
        with self._lock:
            return sorted(self._jobs.values(), key=lambda j: j.id)

    def pending_jobs(self, printer: str) -> list[Job]:
        with self._lock:
            jobs = [
                j
                for j in self._jobs.values()
                if j.printer == printer and j.status is JobStatus.PENDING
            ]
        return sorted(jobs, key=lambda j: (j.created_at, j.id))

    def _transition(self, job_id: int, allowed: set[JobStatus], **changes: object) -> bool:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None or job.status not in allowed:
                return False
            self._jobs[job_id] = replace(job, **changes)  # type: ignore[arg-type]
            return True

    def record_attempt(self, job_id: int, error: str) -> None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                self._jobs[job_id] = replace(job, attempts=job.attempts + 1, last_error=error)

    def mark_printed(self, job_id: int) -> bool:
        return self._transition(
            job_id, {JobStatus.PENDING}, status=JobStatus.PRINTED, printed_at=_now()
        )

    def mark_failed(self, job_id: int, error: str) -> None:
        self._transition(job_id, {JobStatus.PENDING}, status=JobStatus.FAILED, last_error=error)

    def mark_cancelled(self, job_id: int) -> bool:
        return self._transition(
            job_id, {JobStatus.PENDING, JobStatus.FAILED}, status=JobStatus.CANCELLED
        )

    def requeue(self, job_id: int) -> bool:
        return self._transition(job_id, {JobStatus.FAILED}, status=JobStatus.PENDING)
