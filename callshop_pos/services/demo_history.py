"""Past traffic for the demo shop, through the real billing path, so its reports are full.

Every booth session of the history is made by the counter's own use cases
(:class:`~callshop_pos.services.counter_actions.CounterActions`: Start, top-up, extra item,
Stop) and every call by the PBX engine's own answers (:class:`DatabasePolicy`: the
authorization decided by the real policy and recorded with its session, the answer time, then
the bill of a ``Cdr``-like :class:`CallRecord` through ``billing.record_call``). Only the clock
is moved into the past; no amount is computed here.

The traffic: the shop opens 9-21, evenings and weekends are busier, the booths on a prepaid
plan take prepaid customers (some postpaid regulars), the postpaid ones walk-ins; top-ups,
extras, refunds of the unused prepayment, change, busy and unanswered calls, destinations
weighted as a Berlin callshop's, call lengths log-normal (median 3 min), two cashiers (Anna
until 15:00, Boris after). ``random.Random(seed)``: the same seed, days and starting database
give the same history to the cent.

Speed: the actions of a booth's day share one SQLAlchemy session (:class:`_Batch`), so the
set-up rows are loaded once; each action commits on its own, as at the counter.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, bindparam, event, func, select, update
from sqlalchemy.orm import Session

from callshop_pos.counter import BoothMode, CounterError, Disposition
from callshop_pos.db.engine import Database
from callshop_pos.db.models import (
    Account,
    BoothSession,
    Call,
    CallAuthorization,
    Connection,
    Customer,
    Preferences,
    RoutingEntry,
    RoutingGroup,
    ServicePlan,
    Shift,
    Tariff,
    User,
    Vendor,
)
from callshop_pos.errors import CallshopError
from callshop_pos.pbx.policy import Decision
from callshop_pos.pbx.tracker import CallRecord
from callshop_pos.services import sessions, shifts
from callshop_pos.services.audit import audit
from callshop_pos.services.billing import ensure_walk_in
from callshop_pos.services.counter_actions import CounterActions
from callshop_pos.services.pbx_policy import DatabasePolicy
from callshop_pos.services.permissions import Role
from callshop_pos.services.rating_cache import RatingCache
from callshop_pos.services.receipts import ReceiptService

D = Decimal
OPEN_HOUR, CLOSE_HOUR, HANDOVER_HOUR = 9, 21, 15
CASHIERS = ("Anna", "Boris")  # before and after the handover

# Where a Berlin callshop's customers call: (number as dialed, weight). "x" is a random digit.
DESTINATIONS: tuple[tuple[str, int], ...] = (
    ("0090212xxxxxxx", 9),  # Turkey Istanbul
    ("00905xxxxxxxxx", 12),  # Turkey mobile
    ("0079xxxxxxxxx", 8),  # Russia mobile
    ("007495xxxxxxx", 4),  # Russia Moscow
    ("00234803xxxxxxx", 5),  # Nigeria MTN
    ("002341xxxxxxx", 2),  # Nigeria Lagos
    ("0151xxxxxxxx", 8),  # Germany mobile, national
    ("030xxxxxxxx", 5),  # Berlin, national
    ("0048xxxxxxxxx", 6),  # Poland
    ("00380xxxxxxxxx", 6),  # Ukraine
    ("00212522xxxxxx", 4),  # Morocco
    ("002126xxxxxxxx", 4),  # Morocco mobile
    ("0020xxxxxxxxxx", 3),  # Egypt
    ("00963xxxxxxxxx", 3),  # Syria
    ("00964xxxxxxxxx", 3),  # Iraq
    ("0092xxxxxxxxxx", 3),  # Pakistan
    ("0091xxxxxxxxxx", 2),  # India
    ("0040xxxxxxxxx", 3),  # Romania
    ("00359xxxxxxxx", 2),  # Bulgaria
    ("0044xxxxxxxxxx", 2),  # UK
    ("001212xxxxxxx", 2),  # New York
    ("0086xxxxxxxxxxx", 1),  # China
)
EXTRAS = (("Water", D("1.00")), ("Coffee", D("1.50")), ("Tea", D("1.20")), ("Phone card", D("5")))
PREPAID_AMOUNTS = (D(2), D(5), D(5), D(10), D(10), D(10), D(20))
TOPUPS = (D(2), D(5), D(5), D(10))
MEDIAN_TALK = 180.0  # seconds
TALK_SIGMA = 0.85
SESSIONS_PER_HOUR = 4.5  # per free booth at quiet hours: ~20,000 calls a month
PROGRESS_EVERY = 100  # actions between two progress reports within a day


class HistoryError(CallshopError):
    """The history cannot be made (it would overlap the shop's own records...)."""


class HistoryStopped(HistoryError):
    """Asked to stop (the app is closing): the days made so far are kept, whole."""


class DayHooks:
    """Called at each cashier's start and end of each generated day: the place to open and
    close the cashier's shift. ``db`` runs its units of work in the history's session, at
    the history's time ``at``: e.g.
    ``shifts.open_new(db, cashier_id, float, by=cashier_id)``."""

    def day_started(self, db: Database, cashier_id: int, at: datetime) -> None:
        pass

    def day_ended(self, db: Database, cashier_id: int, at: datetime) -> None:
        pass


class ShiftHooks(DayHooks):
    """Each cashier's day is a shift: opened with an empty drawer, closed (the Z report) with
    exactly the cash it should hold, as a careful cashier counts it."""

    def day_started(self, db: Database, cashier_id: int, at: datetime) -> None:
        shifts.open_new(db, cashier_id, Decimal(0), by=cashier_id, at=at)

    def day_ended(self, db: Database, cashier_id: int, at: datetime) -> None:
        expected = shifts.x_report(db, cashier_id, by=cashier_id, printing=False).report.expected
        cents = int(expected * 100)
        counted = shifts.counted_of({Decimal("0.01"): cents} if cents else {})
        shifts.close(db, cashier_id, counted, by=cashier_id, at=at)


@dataclass
class HistoryTotals:
    """What was made, for the progress line and the tests."""

    days: int = 0
    sessions: int = 0
    calls: int = 0
    answered: int = 0
    topups: int = 0
    extras: int = 0
    walk_ins: int = 0
    skipped_booths: list[str] = field(default_factory=list)


PINNED: tuple[type[Any], ...] = (
    Preferences,
    Account,
    ServicePlan,
    Tariff,
    Customer,
    RoutingGroup,
    RoutingEntry,
    Connection,
    Vendor,
)


class _BatchSession(Session):
    """The one SQLAlchemy session of a batch: a ``with`` block does not close it."""

    def __exit__(self, *exc: object) -> None:
        pass


class _Batch(Database):
    """A Database whose units of work share one SQLAlchemy session for a stretch of the
    history (a day): the real use cases run unchanged, each committed on its own as
    at the counter, and the set-up rows every action reads stay loaded between them. New
    rows whose time is "when written" (payments, extras, audit rows) are stamped by the
    history's clock.

    Not savepoints of one long transaction: SQLite starts a transaction at a SAVEPOINT, so
    its first read would take a snapshot, and writing from it after another connection (the
    live engine at the demo's first start) committed fails at once ("database is locked")."""

    def __init__(self, db: Database, clock: Callable[[], datetime]) -> None:
        super().__init__(db.engine)
        self.clock = clock
        self.current: _BatchSession | None = None
        self._depth = 0

    @contextmanager
    def day(self) -> Iterator[_BatchSession]:
        s = _BatchSession(self.engine, expire_on_commit=False)
        event.listen(s, "before_flush", self._stamp)
        self.current = s
        # the set-up rows every action reads, held for the day (the identity map holds
        # unreferenced rows weakly: each action would load them again)
        s.info["pinned"] = [row for model in PINNED for row in s.scalars(select(model))]
        s.commit()  # the reads above hold no snapshot into the first action
        try:
            yield s
            s.commit()  # what the day's own code wrote between the actions
        except BaseException:
            s.rollback()
            raise
        finally:
            self.current = None
            Session.close(s)

    def _stamp(self, session: Session, *_: Any) -> None:
        now = self.clock()
        for row in session.new:
            for name in ("created_at", "at"):
                if name in type(row).__mapper__.columns and getattr(row, name) is None:
                    setattr(row, name, now)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any error (a unit inside
        another one is part of it)."""
        s = self.current
        assert s is not None, "a history action outside its day"
        self._depth += 1
        try:
            yield s
            if self._depth == 1:
                s.commit()
        except BaseException:
            if self._depth == 1:
                s.rollback()
            raise
        finally:
            self._depth -= 1

    def read(self) -> Session:
        assert self.current is not None, "a history read outside its day"
        return self.current


class PastReceipts(ReceiptService):
    """The past sessions' receipts, numbered and stored as at the counter (the takings are
    their totals) but not printed, and no postpaid invoice opened."""

    def __init__(self) -> None:
        super().__init__(print_jobs=False)

    def invoice_pdf(self, session: Session, booth: BoothSession, cashier: str) -> bytes:
        return b""


def _hour_weight(at: datetime) -> float:
    """Arrivals per free booth and hour: busier evenings, and weekends."""
    hour = at.hour + at.minute / 60
    base = 1.0 if hour < 12 else 1.3 if hour < 16 else 2.0 if hour < 19 else 2.6
    return base * (1.35 if at.weekday() >= 5 else 1.0)


def _last_action(booth: BoothSession) -> datetime:
    """When a session's last thing happened: its start, a call's end, a payment, an extra."""
    times = [booth.started_at, *(c.ended_at for c in booth.calls if c.ended_at is not None)]
    times += [p.created_at for p in booth.payments] + [e.created_at for e in booth.extras]
    return max(times)


def _local(day: date, hour: int) -> datetime:
    """``hour`` o'clock of ``day`` in this computer's time zone (daylight saving included)."""
    return datetime(day.year, day.month, day.day, hour).astimezone()


@dataclass
class _Booth:
    account_id: int
    login: str
    name: str
    postpaid_plan: bool


class HistoryMaker:
    """Makes the history of the ``days`` days before ``until`` (default: today)."""

    def __init__(
        self,
        db: Database,
        *,
        seed: int = 1,
        hooks: DayHooks | None = None,
        sessions_per_hour: float = SESSIONS_PER_HOUR,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> None:
        self.should_stop = should_stop
        self.db = db
        self.rng = random.Random(seed)
        self.hooks = hooks or ShiftHooks()
        self.rate = sessions_per_hour
        self.now = datetime.now(UTC)
        self.batch = _Batch(db, lambda: self.now)
        self.cache = RatingCache()
        self.actions = CounterActions(
            self.batch, receipts=PastReceipts(), clock=lambda: self.now, bill_wait=0
        )
        self.policy = DatabasePolicy(self.batch, self.cache)
        self.totals = HistoryTotals()
        self._times: list[dict[str, Any]] = []  # the rows the engine stamps with its PC clock
        self._seq = 0
        self.cashier_ids: list[int] = []

    # --- the whole run ------------------------------------------------------------------

    def run(
        self,
        days: int,
        *,
        until: date | None = None,
        progress: Callable[[int, int, HistoryTotals], None] | None = None,
        resume: bool = False,
    ) -> HistoryTotals:
        """``resume``: only the days after the last session already there (a history cut
        short goes on where it stopped), instead of refusing to overlap them."""
        if days < 1:
            raise HistoryError(f"the history needs at least one day, not {days}")
        last = (until or datetime.now().astimezone().date()) - timedelta(days=1)
        first = last - timedelta(days=days - 1)
        end = _local(last + timedelta(days=1), 0)
        dates = [first + timedelta(days=n) for n in range(days)]
        if resume:
            self.cashier_ids = self._cashiers()
            self._close_left_open(end)
            dates = self._days_after_the_last_session(dates, end)
        else:
            self._check_free(_local(first, 0), end)
        if not dates:
            return self.totals
        cashiers = self.cashier_ids = self._cashiers()
        booths = self._booths()
        for n, day in enumerate(dates):
            so_far = partial(progress, n, len(dates), self.totals) if progress else None
            self._day(day, booths, cashiers, so_far)
            self.totals.days += 1
            if progress is not None:
                progress(n + 1, len(dates), self.totals)
        return self.totals

    def _close_left_open(self, end: datetime) -> None:
        """A history killed mid-day (it could not close its day early) left sessions and its
        cashiers' shifts open, and its last calls stamped with this PC's clock: all closed
        now as :meth:`_close_early` would have, at that day's last action."""
        with self.db.read() as s:
            left = list(
                s.scalars(
                    select(BoothSession).where(
                        BoothSession.stopped_at.is_(None), BoothSession.started_at < end
                    )
                )
            )
            shifts_left = list(
                s.scalars(
                    select(Shift).where(
                        Shift.closed_at.is_(None),
                        Shift.opened_at < end,
                        Shift.user_id.in_(self.cashier_ids),
                    )
                )
            )
            last = {b.id: _last_action(b) for b in left}
            booths = {b.id: self._booth(b.account) for b in left}
        if not left and not shifts_left:
            return
        latest = max([*last.values(), *(shift.opened_at for shift in shifts_left)])
        with self.batch.day() as s:
            self._restamp_from_records(s, end)
            for session_id, at in sorted(last.items(), key=lambda item: item[1]):
                handover = _local(at.astimezone().date(), HANDOVER_HOUR)
                self._stop(booths[session_id], at, self.cashier_ids[0 if at < handover else 1])
            for shift in shifts_left:
                self.now = at = max(latest, shift.opened_at)
                self.hooks.day_ended(self.batch, shift.user_id, at)

    def _restamp_from_records(self, s: Session, end: datetime) -> None:
        """:meth:`_restamp` without the times it kept: an authorization's from its call (or
        from its Uniqueid, the history's time), a bill's from the call's end."""
        threshold = end.timestamp()
        for auth in s.scalars(
            select(CallAuthorization).where(CallAuthorization.authorized_at >= end)
        ):
            made_at = float(auth.booth_uniqueid.partition(".")[0] or threshold)
            if made_at >= threshold:
                continue  # a live call's
            call = s.scalar(select(Call).where(Call.booth_uniqueid == auth.booth_uniqueid))
            auth.authorized_at = call.started_at if call else datetime.fromtimestamp(made_at, UTC)
        for call in s.scalars(select(Call).where(Call.created_at >= end, Call.ended_at < end)):
            call.created_at = call.ended_at or call.created_at
        s.commit()

    def _days_after_the_last_session(self, dates: list[date], end: datetime) -> list[date]:
        with self.db.read() as s:
            latest = s.scalar(
                select(func.max(BoothSession.started_at)).where(BoothSession.started_at < end)
            )
        if latest is None:
            return dates
        latest = latest.replace(tzinfo=UTC) if latest.tzinfo is None else latest  # naive UTC
        return [d for d in dates if _local(d, 0) > latest]

    def _check_free(self, start: datetime, end: datetime) -> None:
        with self.db.read() as s:
            taken = s.scalar(
                select(BoothSession.started_at)
                .where(BoothSession.started_at >= start, BoothSession.started_at < end)
                .limit(1)
            )
        if taken is not None:
            raise HistoryError(
                f"the database already has booth sessions between {start:%Y-%m-%d} and "
                f"{end - timedelta(days=1):%Y-%m-%d}: a history would overlap them"
            )

    def _cashiers(self) -> list[int]:
        """Anna and Boris, cashiers: made without a PIN (like a set-up file's users, they
        cannot log in until the owner gives them one with ``users passwd``)."""
        ids = []
        with self.db.session() as s:
            for name in CASHIERS:
                user = s.scalar(select(User).where(User.name == name))
                if user is None:
                    user = User(name=name, role=Role.CASHIER.value, pin_hash="", active=True)
                    s.add(user)
                    s.flush()
                    audit(s, "user.create", "user", user.id, None, name=name, demo=True)
                ids.append(user.id)
        return ids

    def _booths(self) -> list[_Booth]:
        """The booths with no session open now (an open one cannot have had a past one)."""
        found = []
        with self.db.read() as s:
            for account in s.scalars(select(Account).order_by(Account.position, Account.id)):
                is_open = s.scalar(
                    select(BoothSession.id).where(
                        BoothSession.account_id == account.id, BoothSession.stopped_at.is_(None)
                    )
                )
                if is_open is not None or account.blocked:
                    self.totals.skipped_booths.append(account.name)
                    continue
                found.append(self._booth(account))
        return found

    @staticmethod
    def _booth(account: Account) -> _Booth:
        postpaid = account.service_plan.billing_type == BoothMode.POSTPAID.value
        return _Booth(account.id, account.voip_login, account.name, postpaid)

    # --- one day ------------------------------------------------------------------------

    def _day(
        self,
        day: date,
        booths: list[_Booth],
        cashiers: list[int],
        so_far: Callable[[], None] | None = None,
    ) -> None:
        """One day: the cashiers' shifts open, the booths' sessions in time order (each
        action when its time comes, as at the counter: receipts are numbered in the order
        they were handed out), the shifts close. ``so_far`` is told every few actions."""
        opening, handover = _local(day, OPEN_HOUR), _local(day, HANDOVER_HOUR)
        closing = _local(day, CLOSE_HOUR)
        with self.batch.day() as s:
            for cashier, at in zip(cashiers, (opening, handover), strict=True):
                self.now = at
                self.hooks.day_started(self.batch, cashier, at)
            days = [self._booth_day(b, opening, closing, cashiers, handover) for b in booths]
            due = [(opening, n) for n in range(len(days))]  # (when its next action is, booth)
            latest = closing
            actions = 0
            while due:
                at, n = heapq.heappop(due)
                actions += 1
                if so_far is not None and actions % PROGRESS_EVERY == 0:
                    so_far()
                if self.should_stop():
                    self._close_early(s, booths, cashiers, handover)
                    made = self.totals.days
                    raise HistoryStopped(
                        f"stopped after {made} whole day{'' if made == 1 else 's'}"
                    )
                try:
                    heapq.heappush(due, (next(days[n]), n))
                except StopIteration as last:
                    latest = max(latest, last.value)
            self._restamp(s)
            for cashier, at in zip(cashiers, (handover, latest), strict=True):
                self.now = at
                self.hooks.day_ended(self.batch, cashier, at)

    def _close_early(
        self, s: Session, booths: list[_Booth], cashiers: list[int], handover: datetime
    ) -> None:
        """Asked to stop mid-day: the shop closes early, as its cashier would close it (each
        booth still in a session stopped now, the shifts closed with their cash), so the
        day is whole, only shorter, and a later run can go on after it. A few actions."""
        now = self.now
        cashier = cashiers[0] if now < handover else cashiers[1]
        for booth in booths:
            if sessions.open_session(s, booth.account_id) is not None:
                self._stop(booth, now, cashier)
        self._restamp(s)
        for cashier, at in zip(cashiers, (min(now, handover), max(now, handover)), strict=True):
            self.now = at
            self.hooks.day_ended(self.batch, cashier, at)

    def _booth_day(
        self,
        booth: _Booth,
        opening: datetime,
        closing: datetime,
        cashiers: list[int],
        handover: datetime,
    ) -> Generator[datetime, None, datetime]:
        """One booth's sessions through the day: yields the time of its next action (and
        does it when resumed); returns when its last session ended."""
        t = ended = opening
        while True:
            t += timedelta(hours=self.rng.expovariate(self.rate * _hour_weight(t)))
            if t >= closing - timedelta(minutes=10):  # no new customer so late
                return max(ended, closing)
            t = ended = yield from self._session(booth, t, handover, cashiers)
            t += timedelta(seconds=self.rng.uniform(20, 120))

    # --- one session --------------------------------------------------------------------

    def _session(
        self, booth: _Booth, t: datetime, handover: datetime, cashiers: list[int]
    ) -> Generator[datetime, None, datetime]:
        rng = self.rng
        walk_in = booth.postpaid_plan
        prepaid = False
        if not walk_in:
            yield t
            self.now = t
            cashier = cashiers[0] if t < handover else cashiers[1]
            prepaid = rng.random() >= 0.12
            if not prepaid:  # a regular who pays afterwards
                self.actions.start(
                    booth.account_id, BoothMode.POSTPAID, D(0), D(30), user_id=cashier
                )
            else:
                amount = rng.choice(PREPAID_AMOUNTS)
                self.actions.start(
                    booth.account_id, BoothMode.PREPAID, amount, D(0), user_id=cashier
                )
        self.totals.sessions += 1
        number = self._number()
        calls = 1 + min(int(rng.expovariate(1 / 1.6)), 8)
        extra_done = False
        for n in range(calls):
            t += timedelta(seconds=rng.uniform(8, 45) if n else rng.uniform(15, 60))
            if n and rng.random() < 0.45:
                number = self._number()
            yield t
            if walk_in and n == 0:
                self._walk_in(booth, t, cashiers[0] if t < handover else cashiers[1])
            t, outcome = self._call(booth, number, t)
            if outcome == "no_funds" or outcome == "cut":
                if not prepaid or rng.random() < 0.3:
                    break
                t += timedelta(seconds=rng.uniform(30, 90))
                yield t
                self.now = t
                user = cashiers[0] if t < handover else cashiers[1]
                self.actions.topup(booth.account_id, rng.choice(TOPUPS), user_id=user)
                self.totals.topups += 1
                if outcome == "no_funds":
                    t, outcome = self._call(booth, number, t)
            if not extra_done and rng.random() < 0.12:
                extra_done = True
                yield t
                self._extra(booth, t, cashiers, handover)
        t += timedelta(seconds=rng.uniform(20, 90))
        yield t
        self._stop(booth, t, cashiers[0] if t < handover else cashiers[1])
        return t

    def _walk_in(self, booth: _Booth, t: datetime, cashier: int) -> None:
        """The first call opens the postpaid booth's session, as the PBX policy does; a booth
        locked by the last Stop (``stop_locks``) is started postpaid by the cashier instead."""
        self.now = t
        with self.batch.session() as s:
            account = s.get(Account, booth.account_id)
            assert account is not None
            opened = ensure_walk_in(s, account, at=t) is not None
            credit = sessions.preferences(s).postpaid_credit_limit
        if opened:
            self.totals.walk_ins += 1
        else:
            self.actions.start(booth.account_id, BoothMode.POSTPAID, D(0), credit, user_id=cashier)

    def _extra(self, booth: _Booth, t: datetime, cashiers: list[int], handover: datetime) -> None:
        description, price = self.rng.choice(EXTRAS)
        quantity = 2 if self.rng.random() < 0.15 else 1
        self.now = t
        user = cashiers[0] if t < handover else cashiers[1]
        self.actions.add_extra(booth.account_id, description, price, quantity, user_id=user)
        self.totals.extras += 1

    def _stop(self, booth: _Booth, t: datetime, cashier: int) -> None:
        self.now = t
        due = self.actions.summary(booth.account_id).due
        cash = None
        if due > 0 and self.rng.random() < 0.6:  # paid with a note: change
            cash = D(math.ceil(due / 5) * 5)
        name = CASHIERS[self.cashier_ids.index(cashier)]
        try:
            self.actions.stop(booth.account_id, cash, cashier=name, user_id=cashier, wait=0)
        except CounterError as exc:  # would be a bug in the history: say which session
            raise HistoryError(f"{booth.name} at {t:%Y-%m-%d %H:%M}: {exc}") from exc

    # --- one call, as the PBX engine sees it ----------------------------------------------

    def _number(self) -> str:
        pattern = self.rng.choices(
            [p for p, _ in DESTINATIONS], weights=[w for _, w in DESTINATIONS]
        )[0]
        return "".join(str(self.rng.randint(0, 9)) if ch == "x" else ch for ch in pattern)

    def _uid(self, t: datetime) -> str:
        self._seq += 1
        return f"{t.timestamp():.0f}.{self._seq}"

    def _call(self, booth: _Booth, number: str, t: datetime) -> tuple[datetime, str]:
        """Authorize, maybe answer, bill: (when it ended, "answered"|"cut"|"unanswered"|
        "no_funds"|another refusal)."""
        rng = self.rng
        uid = self._uid(t)
        self.now = t
        decision = self.policy.authorize(booth.login, number, t.timestamp(), uid)
        self._times.append({"uid": uid, "at": t})
        if not decision.allowed:
            return t + timedelta(seconds=2), decision.reason or "refused"
        self.totals.calls += 1
        outcome = rng.choices(("answer", "busy", "noanswer", "congestion"), (80, 8, 10, 2))[0]
        peer = self._peer(decision)
        if outcome != "answer":
            ring = rng.uniform(20, 30) if outcome == "noanswer" else rng.uniform(1, 4)
            end = t + timedelta(seconds=ring)
            disposition, cause, status = {
                "busy": (Disposition.BUSY, 17, "BUSY"),
                "noanswer": (Disposition.NO_ANSWER, 19, "NOANSWER"),
                "congestion": (Disposition.CONGESTION, 34, "CONGESTION"),
            }[outcome]
            self._bill(booth, uid, number, t, None, end, 0, disposition, cause, status, peer)
            return end, "unanswered"
        ring = rng.uniform(3, 15)
        answered = t + timedelta(seconds=ring)
        self.now = answered
        self.policy.call_answered(uid, answered.timestamp())
        talk = rng.lognormvariate(math.log(MEDIAN_TALK), TALK_SIGMA)
        cap = decision.cap_seconds or 0
        cut = talk >= cap  # Asterisk hangs up at the cap the app set
        talk = min(talk, float(cap))
        end = answered + timedelta(seconds=talk)
        self.now = end
        self._bill(
            booth,
            uid,
            number,
            t,
            answered,
            end,
            int(talk),
            Disposition.ANSWERED,
            16,
            "ANSWER",
            peer,
        )
        self.totals.answered += 1
        return end, "cut" if cut else "answered"

    def _peer(self, decision: Decision) -> str:
        """The trunk channel the call went out on: the first route of the decision."""
        route = decision.routes[0] if decision.routes else ""
        connection = route.rpartition("@")[2] or "trunk"
        return f"PJSIP/{connection}-{self._seq:08x}"

    def _bill(
        self,
        booth: _Booth,
        uid: str,
        number: str,
        started: datetime,
        answered: datetime | None,
        ended: datetime,
        seconds: int,
        disposition: Disposition,
        cause: int,
        status: str,
        peer: str,
    ) -> None:
        self.policy.record_call(
            CallRecord(
                linkedid=uid,
                booth_uniqueid=uid,
                booth=booth.login,
                channel=f"PJSIP/{booth.login}-{self._seq:08x}",
                number=number,
                started_at=started.timestamp(),
                answered_at=answered.timestamp() if answered else None,
                ended_at=ended.timestamp(),
                billable_seconds=seconds,
                disposition=disposition,
                hangup_cause=cause,
                peer=peer,
                refusal_reason=None,
                dial_status=status,
                billing_source="cdr",
            )
        )
        self._times[-1]["ended"] = ended

    def _restamp(self, s: Session) -> None:
        """The engine stamps an authorization, and a bill's row, with its PC's clock: in
        the history that clock is the past."""
        auths = cast(Table, CallAuthorization.__table__)
        calls = cast(Table, Call.__table__)
        if self._times:
            s.execute(
                update(auths)
                .where(auths.c.booth_uniqueid == bindparam("uid"))
                .values(authorized_at=bindparam("at")),
                [{"uid": r["uid"], "at": r["at"]} for r in self._times],
            )
        billed = [{"uid": r["uid"], "ended": r["ended"]} for r in self._times if "ended" in r]
        if billed:
            s.execute(
                update(calls)
                .where(calls.c.booth_uniqueid == bindparam("uid"))
                .values(created_at=bindparam("ended")),
                billed,
            )
        self._times.clear()


def make_history(
    db: Database,
    days: int,
    *,
    seed: int = 1,
    until: date | None = None,
    hooks: DayHooks | None = None,
    progress: Callable[[int, int, HistoryTotals], None] | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    resume: bool = False,
    sessions_per_hour: float = SESSIONS_PER_HOUR,
) -> HistoryTotals:
    """``days`` days of past traffic before ``until`` (default today), reproducible by seed.
    ``progress(days done, days, totals)`` after each day and every few actions within one;
    ``should_stop`` is asked before each action: true, the day under way is closed early and
    :class:`HistoryStopped` raised; ``resume``: the days after those already made;
    ``sessions_per_hour``: how busy the shop is (per free booth at quiet hours)."""
    maker = HistoryMaker(
        db,
        seed=seed,
        hooks=hooks,
        should_stop=should_stop,
        sessions_per_hour=sessions_per_hour,
    )
    return maker.run(days, until=until, progress=progress, resume=resume)


def is_demo_database(db: Database) -> bool:
    """The demo shop's database: its file is the demo one, or it was made from the demo
    set-up (its shop name) and has no PBX of its own."""
    from callshop_pos.runtime import demo_database_path
    from callshop_pos.services.setup_file import demo_setup_path

    if db.path is not None and db.path.resolve() == demo_database_path().resolve():
        return True
    with db.read() as s:
        prefs = s.get(Preferences, 1)
        if prefs is None or prefs.pbx_url.strip():
            return False
        name = prefs.shop_name
    return name == _demo_shop_name(demo_setup_path())


def _demo_shop_name(path: Path) -> str:
    import tomllib

    with path.open("rb") as f:
        return str(tomllib.load(f).get("shop", {}).get("name", ""))
