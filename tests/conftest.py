"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
import tty
from collections.abc import Iterator

import pytest

from tests.printing.fake_printer import FakePrinter


@pytest.fixture
def pty_printer() -> Iterator[tuple[FakePrinter, str]]:
    """A receipt printer on a real pseudo-terminal: (the printer's end, the port's path)."""
    master, slave = os.openpty()
    # a pty has no flow control and would otherwise translate bytes (\n -> \r\n, ^S, ...)
    tty.setraw(master)
    tty.setraw(slave)
    printer = FakePrinter(master)
    try:
        # our slave fd stays open so the pty survives the transport closing and reopening
        yield printer, os.ttyname(slave)
    finally:
        printer.close()
        os.close(master)
        os.close(slave)
