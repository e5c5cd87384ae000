"""Printer exceptions, shared by the transport, the status query and the spooler."""

from __future__ import annotations

from callshop_pos.errors import CallshopError


class PrinterError(CallshopError):
    """Any reason a job could not be delivered; the job stays queued."""


class PrinterOffline(PrinterError):
    """The port cannot be opened or vanished (unplugged USB adapter, wrong port name)."""


class PrinterTimeout(PrinterError):
    """The printer stopped accepting data in time (flow control held, printer busy)."""


class PrinterNotReady(PrinterError):
    """The printer answered but cannot print now (paper out, cover open, …)."""
