"""The log a shop owner can send: one rotating file in the user's log folder, at INFO.

It holds every call event, every money action with its cashier, every PBX and printer state
change and every error with its traceback. The GUI (``ui/app.py``) and ``serve`` call
:func:`setup_logging` once; the console shows warnings and errors only, so what ``serve``
prints itself is never printed twice.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import Any

from platformdirs import user_log_dir

LOG_NAME = "callshop-pos.log"
MAX_BYTES = 2_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s"
_OURS = "callshop_log"  # marks our handlers, so a second set-up replaces them

log = logging.getLogger("callshop_pos.events")


def log_folder() -> Path:
    return Path(user_log_dir("callshop-pos", appauthor=False))


def setup_logging(folder: Path | None = None, *, console_level: int = logging.WARNING) -> Path:
    """The rotating INFO file and the console (stderr, ``console_level`` and up); uncaught
    errors are logged with their traceback. Returns the log file.

    It owns the console: a plain stderr handler set up before (``logging.basicConfig`` in the
    CLI) is replaced, or INFO lines would reach the console too. Safe to call again."""
    folder = folder or log_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    root = logging.getLogger()
    for handler in [
        h for h in root.handlers if getattr(h, _OURS, False) or type(h) is logging.StreamHandler
    ]:
        root.removeHandler(handler)
        if isinstance(handler, RotatingFileHandler):
            handler.close()
    file_handler = RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    file_handler.setLevel(logging.INFO)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(console_level)
    for handler in (file_handler, console):
        handler.setFormatter(logging.Formatter(FORMAT))
        setattr(handler, _OURS, True)
        root.addHandler(handler)
    root.setLevel(min(logging.INFO, console_level))
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_uncaught_in_thread
    return path


def _log_uncaught(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    logging.getLogger("callshop_pos").critical("uncaught error", exc_info=(kind, value, tb))


def _log_uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        logging.getLogger("callshop_pos").critical(
            "uncaught error in thread %s",
            args.thread.name if args.thread else "?",
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
        )


class EventLog:
    """An engine listener writing one line per call event, PBX state change and phone
    registration to the log; ``echo`` (``serve`` prints) gets each line once too.

    A live call is reported many times with the same phase (its meter moves): only a change
    makes a line. The engine's own lines (``log``) are already in the log: only echoed."""

    def __init__(self, echo: Callable[[str], None] | None = None) -> None:
        self._echo = echo
        self._last: dict[str, str] = {}
        self._lock = threading.Lock()

    def _say(self, line: str, *, logged: bool = False) -> None:
        if not logged:
            log.info("%s", line)
        if self._echo is not None:
            self._echo(line)

    def _changed(self, key: str, line: str) -> bool:
        with self._lock:
            if self._last.get(key) == line:
                return False
            self._last[key] = line
            return True

    def pbx_state(self, state: Any, detail: str) -> None:
        line = f"pbx {state.value}{': ' + detail if detail else ''}"
        if self._changed("pbx", line):
            self._say(line)

    def live_call(self, login: str, call: Any) -> None:
        if call is None:
            with self._lock:
                self._last.pop(login, None)
            return
        line = f"{login} {call.number}: {call.phase.value}" + (
            f" (cap {call.cap_seconds} s)" if call.cap_seconds else ""
        )
        if self._changed(login, line):
            self._say(line)

    def call_recorded(self, login: str, record: Any, is_new: bool) -> None:
        state = "billed" if is_new else "already billed"
        self._say(
            f"{login} {record.number}: {record.disposition}, {record.billable_seconds} s, {state}"
        )

    def registration(self, login: str, registered: bool) -> None:
        line = f"{login}: phone {'registered' if registered else 'unregistered'}"
        if self._changed(f"phone {login}", line):
            self._say(line)

    def log(self, line: str) -> None:
        self._say(line, logged=True)


class StateLog:
    """Logs a device's state text (the printer's) each time it changes, once."""

    def __init__(self, what: str) -> None:
        self._what = what
        self._last: str | None = None
        self._lock = threading.Lock()

    def __call__(self, text: str, waiting: int = 0) -> None:
        line = f"{self._what}: {text}" + (f" ({waiting} waiting)" if waiting else "")
        with self._lock:
            if line == self._last:
                return
            self._last = line
        log.info("%s", line)
