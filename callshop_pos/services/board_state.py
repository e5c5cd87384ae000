"""The board in memory: every booth's tile as last read from the database, plus what the PBX
engine said about it (the live call, the phone's registration, the last refused call).

The two halves change for different reasons and are kept apart:

- the **stored** half (the account, its open session's mode, ids, totals and prepayment, the
  currency and precision) changes only with a commit, and every such commit bumps
  ``Account.revision`` (``services/sessions.py``, ``services/billing.py``). It is read for
  all booths at once (:func:`read_booths`, a fixed number of statements whatever the number
  of booths) and then again only for a booth whose revision moved: the board watcher saw it
  (another counter, a CLI command), or this process committed it (an action, a billed call).
  A read older than the one held (two threads reading one booth around a commit) is dropped
  by its revision, so the board never goes back in time.
- the **engine's** half is set by the engine's events (live call start, tick and end,
  registration, refusal) without touching the database: an event is a dictionary update
  and one :func:`dataclasses.replace`.

Thread-safe: the engine's threads, the watcher's thread and the UI's workers all call in;
one lock guards both halves. Database reads happen outside the lock (``read_booths``, by
the caller), so an event never waits for the database.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from callshop_pos.counter import BoothMode, BoothView, LiveCallView
from callshop_pos.db.models import Account, BoothSession, ServicePlan
from callshop_pos.services import sessions


class Stored(NamedTuple):
    """A booth's stored half as read at one revision of its account."""

    revision: int
    view: BoothView  # the engine's fields left at their defaults


@dataclass(frozen=True)
class _EngineHalf:
    call: LiveCallView | None = None
    registered: bool | None = None
    refusal: tuple[str, str] | None = None  # (reason code, number) of the last call refused


def read_booths(
    s: Session, *, logins: Collection[str] | None = None, account_id: int | None = None
) -> dict[str, Stored]:
    """The stored half of every booth (or of these), by login, in at most four statements:
    the accounts with their plan and tariff, their open sessions, those sessions' payments,
    the preferences."""
    query = (
        select(Account)
        .options(joinedload(Account.service_plan).joinedload(ServicePlan.tariff))
        .order_by(Account.position, Account.id)
    )
    if logins is not None:
        query = query.where(Account.voip_login.in_(list(logins)))
    if account_id is not None:
        query = query.where(Account.id == account_id)
    accounts = list(s.scalars(query))
    if not accounts:
        return {}
    opened = {
        booth.account_id: booth
        for booth in s.scalars(
            select(BoothSession)
            .where(
                BoothSession.stopped_at.is_(None),
                BoothSession.account_id.in_([a.id for a in accounts]),
            )
            .options(selectinload(BoothSession.payments))
        )
    }
    currency = sessions.preferences(s).currency
    return {
        a.voip_login: Stored(a.revision, _stored(a, opened.get(a.id), currency)) for a in accounts
    }


def _stored(account: Account, booth: BoothSession | None, shop_currency: str) -> BoothView:
    tariff = account.service_plan.tariff
    prepaid = total = sessions.ZERO
    if booth is not None:
        prepayment, topups = sessions.deposit(booth)
        prepaid = prepayment + topups
        total = booth.calls_total + booth.extras_total
    return BoothView(
        account_id=account.id,
        name=account.name,
        position=account.position,
        login=account.voip_login,
        mode=BoothMode(booth.mode) if booth else None,
        session_id=booth.id if booth else None,
        session_total=total,
        prepaid=prepaid,
        credit_limit=account.credit_limit,
        blocked=account.blocked,
        locked=account.locked and booth is None,
        currency=tariff.currency or shop_currency,
        precision=tariff.precision,
    )


class BoardState:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stored: dict[str, Stored] = {}
        self._engine: dict[str, _EngineHalf] = {}  # kept for booths not (yet) stored too

    # --- the stored half ----------------------------------------------------------------------

    def replace_all(self, rows: Mapping[str, Stored]) -> list[BoothView]:
        """A read of every booth: booths no longer there leave the board. The board's views,
        in board order."""
        with self._lock:
            kept = {
                login: self._newer(login, row) or row  # a later single read may have won
                for login, row in rows.items()
            }
            self._stored = kept
            views = [self._view(login) for login in kept]
        return sorted((v for v in views if v is not None), key=lambda v: (v.position, v.account_id))

    def apply(self, rows: Mapping[str, Stored]) -> list[BoothView]:
        """A read of some booths; the views of those whose read is not older than the one
        held (the others are dropped: a newer read of them is on the board already)."""
        with self._lock:
            views = []
            for login, row in rows.items():
                if self._newer(login, row) is not None:
                    continue
                self._stored[login] = row
                views.append(self._view(login))
        return [v for v in views if v is not None]

    def stale(self, revisions: Mapping[str, int]) -> list[str]:
        """The logins whose revision differs from the one held: the only ones to read."""
        with self._lock:
            return [
                login
                for login, revision in revisions.items()
                if login not in self._stored or self._stored[login].revision != revision
            ]

    def _newer(self, login: str, row: Stored) -> Stored | None:
        held = self._stored.get(login)
        return held if held is not None and held.revision > row.revision else None

    # --- reading ----------------------------------------------------------------------------

    def view(self, login: str) -> BoothView | None:
        with self._lock:
            return self._view(login)

    def _view(self, login: str) -> BoothView | None:
        stored = self._stored.get(login)
        if stored is None:
            return None
        half = self._engine.get(login)
        if half is None:
            return stored.view
        return replace(
            stored.view,
            call=half.call,
            registered=half.registered,
            last_refusal=half.refusal[0] if half.refusal else None,
            last_refused_number=half.refusal[1] if half.refusal else "",
        )

    # --- the engine's half: memory only -------------------------------------------------------

    def live_call(self, login: str, call: LiveCallView | None) -> BoothView | None:
        """A call started, ticked or ended (None); a new call clears the last refusal."""
        if call is None:
            return self._set(login, call=None)
        return self._set(login, call=call, refusal=None)

    def call_ended(self, login: str, refusal: tuple[str, str] | None) -> BoothView | None:
        """The call's record came: no live call; a refused one is kept to be shown."""
        if refusal is None:
            return self._set(login, call=None)
        return self._set(login, call=None, refusal=refusal)

    def registration(self, login: str, registered: bool) -> BoothView | None:
        return self._set(login, registered=registered)

    def forget_refusal(self, login: str) -> BoothView | None:
        """Start and Stop clear the last refusal (the tile starts afresh)."""
        return self._set(login, refusal=None)

    def _set(self, login: str, **changes: object) -> BoothView | None:
        with self._lock:
            half = self._engine.get(login, _EngineHalf())
            self._engine[login] = replace(half, **changes)  # type: ignore[arg-type]
            return self._view(login)
