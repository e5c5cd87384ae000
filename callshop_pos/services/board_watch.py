"""Every counter's board follows the others: a background poll of the booth revisions.

Each Start, top-up, extra item, billed call and Stop bumps ``Account.revision`` (in the same
transaction), so one query (:func:`~callshop_pos.services.shop_config.booth_states`) every
``interval`` seconds tells which booths another counter (or this one) changed, and to which
revision; the counter service reads again only those its board state does not already hold
at that revision (a change this process made is held already) and pushes their views to its
board listeners. The poll runs on its own thread, never on the GUI thread. It is also the
database's heartbeat: the listeners hear ``database_state(False, why)`` when the database
cannot be reached and ``(True, "")`` when it is back, one log line for each change.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from typing import Protocol

from callshop_pos.db.engine import Database
from callshop_pos.db.outage import OUTAGE_ERRORS, OutageLog, outage_detail
from callshop_pos.services.shop_config import booth_states

log = logging.getLogger(__name__)


class BoardSink(Protocol):
    """What the watcher tells (``CounterService`` implements it)."""

    def refresh(self, revisions: Mapping[str, int]) -> None:
        """These booths' revisions moved (login -> its revision now)."""
        ...

    def database_state(self, ok: bool, detail: str) -> None: ...


class BoardWatcher:
    def __init__(self, db: Database, sink: BoardSink, *, interval: float = 0.5) -> None:
        self.db = db
        self.sink = sink
        self.interval = interval
        self._seen: dict[str, int] = {}  # login -> revision last pushed
        self._link = OutageLog(log, "board watch")
        self._told = False  # the listeners know the database is reachable
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="board-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self) -> None:
        while True:
            try:
                self.poll()
            except Exception:  # a listener's bug must not end the watch
                log.exception("board watch failed")
            if self._stop.wait(self.interval):
                return

    def poll(self) -> list[str]:
        """One look: the logins whose revision changed since the last look (every booth the
        first time, so a change made while the board was loading is not missed)."""
        try:
            with self.db.read() as s:
                revisions = {login: rev for login, (rev, _) in booth_states(s).items()}
            changed = [login for login, rev in revisions.items() if self._seen.get(login) != rev]
            if changed:
                self.sink.refresh({login: revisions[login] for login in changed})
        except OUTAGE_ERRORS as exc:
            if self._link.lost(exc):
                self.sink.database_state(False, outage_detail(exc))
            return []
        self._seen = revisions
        if self._link.back() or not self._told:
            self._told = True
            self.sink.database_state(True, "")
        return changed
