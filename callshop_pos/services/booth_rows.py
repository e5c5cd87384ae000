"""Each booth's state for a PBX decision, held in memory at its account's revision.

Every commit that changes what a decision reads of a booth (Start, top-up, a billed call,
Stop, a settings edit of the account, its plan or its tariff) bumps ``Account.revision``
(``services/sessions.py``, ``services/billing.py``, ``services/catalog.py``), in this
process or any other counter's. So a decision asks the database only for that one number
(an indexed read of one column) and reads the booth's row again only when it moved: a booth
stopped or topped up elsewhere is seen before the next decision, and a burst of calls on
booths that did not change runs no join and builds no ORM object.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session

from callshop_pos.db.models import Account
from callshop_pos.services.shop_config import BoothRow, booth_row, booth_rows

_REVISION = select(Account.revision).where(Account.voip_login == bindparam("login"))
_REVISIONS = select(Account.voip_login, Account.revision).where(
    Account.voip_login.in_(bindparam("logins", expanding=True))
)


class BoothRows:
    """login -> (revision, row); thread-safe (the ``pbx-auth-*`` workers share it)."""

    def __init__(self) -> None:
        self._held: dict[str, tuple[int, BoothRow]] = {}
        self._lock = threading.Lock()

    def get(
        self, session: Session, login: str, connection: Connection | None = None
    ) -> BoothRow | None:
        """The booth's row as of now (None: no such booth). The revision is read on
        ``connection`` when given (Core: no ORM machinery), else through ``session``."""
        reader = connection if connection is not None else session
        revision = reader.execute(_REVISION, {"login": login}).scalar()
        return self._at(session, login, revision)

    def get_many(
        self, session: Session, logins: Iterable[str], connection: Connection
    ) -> dict[str, BoothRow | None]:
        """:meth:`get` for several booths (a burst of calls) with one read of their
        revisions on ``connection``, and one read of the rows whose revision moved (after a
        burst's bills, all of them): two queries a burst, not one a booth."""
        wanted = sorted(set(logins))
        rows = connection.execute(_REVISIONS, {"logins": wanted})
        revisions: dict[str, int] = {login: revision for login, revision in rows}
        found: dict[str, BoothRow | None] = {}
        moved: list[str] = []
        with self._lock:
            for login in wanted:
                held = self._held.get(login)
                revision = revisions.get(login)
                if revision is not None and held is not None and held[0] == revision:
                    found[login] = held[1]
                else:
                    moved.append(login)
        # Read after the revisions, in the same read: as in _at, at least that new.
        fresh = booth_rows(connection, [login for login in moved if login in revisions])
        with self._lock:
            for login in moved:
                row = fresh.get(login)
                found[login] = row
                if row is None:
                    self._held.pop(login, None)
                else:
                    self._held[login] = (revisions[login], row)
        return found

    def _at(self, session: Session, login: str, revision: int | None) -> BoothRow | None:
        """The booth's row at ``revision`` (just read): the one held, or read again."""
        if revision is None:
            self.forget(login)
            return None
        with self._lock:
            held = self._held.get(login)
        if held is not None and held[0] == revision:
            return held[1]
        # Read after the revision, in the same read: the row is at least that new, so at
        # worst it is read once more at the next revision, never kept stale.
        row = booth_row(session, login)
        if row is None:
            self.forget(login)
            return None
        with self._lock:
            self._held[login] = (revision, row)
        return row

    def forget(self, login: str) -> None:
        """Read the booth afresh next time (this process just changed it)."""
        with self._lock:
            self._held.pop(login, None)
