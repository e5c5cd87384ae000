"""A pool of the engine's worker threads: jobs run off the event thread, and their failures
are logged (a database outage once), never raised."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from callshop_pos.db.outage import OutageLog, is_outage
from callshop_pos.pbx.client import AmiError

log = logging.getLogger(__name__)


class JobPool:
    """Threads named ``<name>_<n>`` between :meth:`start` and :meth:`stop`; a job submitted
    outside them is dropped (the engine is not running)."""

    def __init__(self, workers: int, name: str, database: OutageLog) -> None:
        self.workers = workers
        self.name = name
        self._database = database
        self._executor: ThreadPoolExecutor | None = None

    def start(self) -> None:
        self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix=self.name)

    def stop(self) -> None:
        """Waits for the jobs already submitted."""
        if self._executor is not None:
            self._executor.shutdown(wait=True)
        self._executor = None

    def submit(self, fn: Callable[..., None], *args: Any) -> None:
        executor = self._executor
        if executor is None:
            return
        with contextlib.suppress(RuntimeError):  # shut down while stopping
            executor.submit(self._guarded, fn, *args)

    def _guarded(self, fn: Callable[..., None], *args: Any) -> None:
        guarded(self._database, ("PBX action failed", "PBX engine job failed"), fn, *args)


def guarded(
    database: OutageLog, texts: tuple[str, str], fn: Callable[..., None], *args: Any
) -> bool:
    """Run ``fn``; True when it raised nothing. An AMI error is one warning (``texts[0]``), a
    database outage is noted once in ``database``, anything else is logged with its traceback
    (``texts[1]``)."""
    try:
        fn(*args)
    except AmiError as exc:
        log.warning("%s: %s", texts[0], exc)
    except Exception as exc:
        if is_outage(exc):
            database.lost(exc)
        else:
            log.exception(texts[1])
    else:
        return True
    return False
