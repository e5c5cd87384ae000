"""The log a shop owner can send: a rotating file in the user's log folder with the call
events, the money actions and their cashier, the PBX and printer states and every error's
traceback; ``serve`` prints each line once."""

from __future__ import annotations

import logging
import re
import sys
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from callshop_pos.counter import BoothMode
from callshop_pos.db.models import Account
from callshop_pos.logs import LOG_NAME, EventLog, StateLog, log_folder, setup_logging
from callshop_pos.services.counter_actions import CounterActions
from tests.cli.test_cmd_serve_pbx import pbx, serve_a_call  # noqa: F401  (the fixture)
from tests.core.shop import build_shop

STAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ")


@pytest.fixture
def log_home(tmp_path, monkeypatch) -> Iterator[Path]:
    """The user's log folder under tmp_path; the logging set-up is put back afterwards."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    hooks = sys.excepthook, threading.excepthook
    yield log_folder()
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)
    sys.excepthook, threading.excepthook = hooks


def test_the_log_is_a_rotating_file_in_the_user_log_folder(log_home, tmp_path):
    path = setup_logging()
    assert path == tmp_path / "state" / "callshop-pos" / "log" / LOG_NAME
    logging.getLogger("callshop_pos.test").info("hello owner")
    logging.getLogger("callshop_pos.test").debug("not at INFO")
    text = path.read_text("utf-8")
    assert "INFO callshop_pos.test" in text and "hello owner" in text
    assert "not at INFO" not in text
    setup_logging()  # again: still one file handler, so each line is written once
    logging.getLogger("callshop_pos.test").info("once")
    assert path.read_text("utf-8").count("once") == 1


def test_an_error_in_a_thread_is_logged_with_its_traceback(log_home):
    path = setup_logging()

    def broken() -> None:
        raise ValueError("the printer cable")

    worker = threading.Thread(target=broken, name="print-worker")
    worker.start()
    worker.join()
    text = path.read_text("utf-8")
    assert "uncaught error in thread print-worker" in text
    assert "Traceback (most recent call last)" in text
    assert "ValueError: the printer cable" in text


def test_money_actions_are_logged_with_booth_amounts_and_cashier(log_home, tmp_path):
    path = setup_logging()
    db = build_shop(tmp_path / "shop.db")
    try:
        with db.read() as s:
            booth = s.scalars(select(Account).where(Account.name == "Booth 1")).one().id
        actions = CounterActions(db)
        actions.start(booth, BoothMode.PREPAID, Decimal("5.00"), Decimal(0))
        actions.topup(booth, Decimal("2.50"))
        actions.add_extra(booth, "phone card", Decimal("1.20"), 2)
        actions.stop(booth, Decimal(0), cashier="anna", wait=0)
    finally:
        db.dispose()
    lines = [
        line
        for line in path.read_text("utf-8").splitlines()
        if "callshop_pos.services.counter_actions" in line
    ]
    assert len(lines) == 4, lines
    start, topup, extra, stop = lines
    assert "start Booth 1 prepaid: prepaid 5.00" in start
    assert "top-up Booth 1: 2.50" in topup
    assert "extra Booth 1: 2 × phone card at 1.20" in extra
    assert "stop Booth 1: total 2.40 EUR" in stop and "cashier anna" in stop
    assert "refund 5.10" in stop


def test_printer_and_pbx_states_are_logged_once_per_change(log_home):
    path = setup_logging()
    printer = StateLog("printer")
    for text, waiting in [("ready", 0), ("ready", 0), ("paper out", 2), ("paper out", 2)]:
        printer(text, waiting)
    text = path.read_text("utf-8")
    assert text.count("printer: ready") == 1
    assert text.count("printer: paper out (2 waiting)") == 1


# the billed call's line (its seconds are Asterisk's: test_cmd_serve_pbx checks them)
BILLED = re.compile(r"booth1 004930123456: answered, \d+ s, billed")


def test_serve_prints_each_line_once_and_logs_the_call(pbx, capsys, log_home):  # noqa: F811
    serve_a_call(*pbx)
    captured = capsys.readouterr()
    events = [STAMP.sub("", line) for line in captured.out.splitlines() if STAMP.match(line)]
    assert any(BILLED.fullmatch(event) for event in events), [e for e in events if "answered" in e]
    assert len(events) == len(set(events)), events  # no line printed twice
    assert "booth1 004930123456" not in captured.err  # INFO lines stay off the console
    log_text = (log_home / LOG_NAME).read_text("utf-8")
    assert "pbx connected" in log_text and BILLED.search(log_text)
    assert log_text.count("authorized, cap") == 1  # the engine's line, logged once


def test_event_log_reports_a_live_call_only_when_it_changes(log_home):
    lines: list[str] = []
    events = EventLog(echo=lines.append)

    class Phase:
        value = "ringing"

    class Call:
        number = "0049301"
        phase = Phase()
        cap_seconds = 60

    for _ in range(3):
        events.live_call("booth1", Call())
    events.live_call("booth1", None)
    events.live_call("booth1", Call())
    assert lines == ["booth1 0049301: ringing (cap 60 s)"] * 2
