"""Printer checks for the settings page, run on a QThreadPool thread.

``check_status`` and ``print_test_page`` are plain functions (no Qt, no widgets) so they can run
off the GUI thread; ``PrinterTask`` runs one and hands the result back through a signal,
which Qt delivers in the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from PySide6.QtCore import QObject, QRunnable, Signal

from printing.errors import PrinterError, PrinterOffline, PrinterTimeout
from printing.serial_transport import SerialTransport
from printing.settings import PrinterSettings
from printing.status import PrinterStatus, query_status
from printing.test_page import run_test_print

log = logging.getLogger(__name__)

STATUS_TIMEOUT = 1.0

Action = Literal["status", "print"]
Failure = Literal["", "offline", "timeout", "other"]


@dataclass(frozen=True)
class CheckResult:
    action: Action
    port: str
    status: PrinterStatus | None = None  # None: not asked (profile without DLE EOT) or failed
    bytes_sent: int = 0
    failure: Failure = ""
    detail: str = ""  # the transport's own words, for the technically minded


def _transport(settings: PrinterSettings) -> SerialTransport:
    # the page may be testing a printer the owner has not switched on for receipts yet
    return SerialTransport(replace(settings, enabled=True).serial_settings())


def check_status(settings: PrinterSettings) -> CheckResult:
    with _transport(settings) as transport:
        status = query_status(transport, STATUS_TIMEOUT)
    return CheckResult("status", settings.port, status)


def print_test_page(settings: PrinterSettings) -> CheckResult:
    with _transport(settings) as transport:
        outcome = run_test_print(
            transport,
            settings.profile(),
            settings.language,
            status_timeout=STATUS_TIMEOUT,
            printer_name=settings.name,
        )
    return CheckResult("print", settings.port, outcome.status, outcome.bytes_sent)


class TaskSignals(QObject):
    finished = Signal(object)  # CheckResult


class PrinterTask(QRunnable):
    def __init__(
        self,
        action: Action,
        work: Callable[[PrinterSettings], CheckResult],
        settings: PrinterSettings,
    ) -> None:
        super().__init__()
        self.action = action
        self.work = work
        self.settings = settings
        # created in the GUI thread, so its signal is delivered there
        self.signals = TaskSignals()

    def run(self) -> None:
        try:
            result = self.work(self.settings)
        except PrinterOffline as exc:
            result = self._failed("offline", exc)
        except PrinterTimeout as exc:
            result = self._failed("timeout", exc)
        except (PrinterError, OSError, ValueError) as exc:
            result = self._failed("other", exc)
        except Exception as exc:  # a worker must always answer, or the buttons stay disabled
            log.exception("printer check failed")
            result = self._failed("other", exc)
        self.signals.finished.emit(result)

    def _failed(self, failure: Failure, exc: BaseException) -> CheckResult:
        return CheckResult(self.action, self.settings.port, failure=failure, detail=str(exc))
