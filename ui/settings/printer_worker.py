"""Printer checks for the settings page, run off the GUI thread by the page's ``Runner``.

``check_status``, ``print_test_page`` and ``run_check`` are plain functions (no Qt, no widgets)
so they can run on a worker thread; the Runner hands the result back on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from printing.errors import PrinterError, PrinterOffline, PrinterTimeout
from printing.printer_state import PrinterState, classify, state_of
from printing.serial_transport import SerialTransport
from printing.settings import PrinterSettings
from printing.status import PrinterStatus, query_status
from printing.test_page import run_test_print

log = logging.getLogger(__name__)

STATUS_TIMEOUT = 1.0

Action = Literal["status", "print"]


@dataclass(frozen=True)
class CheckResult:
    action: Action
    port: str
    status: PrinterStatus | None = None  # None: not asked (profile without DLE EOT) or failed
    bytes_sent: int = 0
    failed: bool = False  # the check could not finish
    # why it could not (the transport's failure), None when nobody knows (an unexpected error)
    failure: PrinterState | None = None
    detail: str = ""  # the transport's own words, for the technically minded

    @property
    def state(self) -> PrinterState | None:
        """The printer's state as the check found it; None when it is not known."""
        if self.failed:
            return self.failure
        return state_of(self.status) if self.status is not None else None


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


def run_check(
    action: Action, work: Callable[[PrinterSettings], CheckResult], settings: PrinterSettings
) -> CheckResult:
    """Run one check (on the Runner's thread); a failure is an answer, never an exception,
    or the page's buttons would stay disabled."""
    try:
        return work(settings)
    except PrinterOffline as exc:
        return _failed(action, settings, PrinterState.NOT_CONNECTED, exc)
    except PrinterTimeout as exc:
        return _failed(action, settings, PrinterState.NOT_ACCEPTING, exc)
    except PrinterError as exc:
        return _failed(action, settings, classify(str(exc)), exc)
    except (OSError, ValueError) as exc:
        return _failed(action, settings, None, exc)
    except Exception as exc:
        log.exception("printer check failed")
        return _failed(action, settings, None, exc)


def _failed(
    action: Action, settings: PrinterSettings, failure: PrinterState | None, exc: BaseException
) -> CheckResult:
    return CheckResult(action, settings.port, failed=True, failure=failure, detail=str(exc))
