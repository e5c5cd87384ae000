"""A :class:`~callshop_pos.pbx.policy.CallPolicy` kept in dicts, for the engine tests and the
authorization benchmark only (the product decides over the database: DatabasePolicy).

Small but real: booths open and close, prepaid booths have a balance, a price per minute by
longest prefix (the empty prefix is a flat price for every number), caps follow from balance
and price, and finished calls are billed once by their booth Uniqueid.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from callshop_pos.counter import RateSnapshot
from callshop_pos.pbx.policy import BoothChange, CallPolicy, Decision
from callshop_pos.pbx.tracker import CallRecord

# A postpaid booth (no balance) still gets a cap: Asterisk must never run a call unbounded.
POSTPAID_CAP_SECONDS = 4 * 3600


@dataclass
class _Booth:
    is_open: bool = False
    balance: Decimal | None = None  # None: postpaid (no limit but POSTPAID_CAP_SECONDS)


class InMemoryPolicy(CallPolicy):
    def __init__(
        self,
        booths: Sequence[str] = (),
        *,
        rates: Mapping[str, Decimal] | None = None,
        routes: Sequence[str] = ("PJSIP/${N}@vendor",),
        forbidden: Sequence[str] = (),
    ) -> None:
        self.rates: dict[str, Decimal] = dict(rates if rates is not None else {"": Decimal("0.10")})
        self.routes = list(routes)
        self.forbidden = tuple(forbidden)
        self.records: dict[str, CallRecord] = {}
        self.authorizations = 0
        self.set_aside_records: list[tuple[CallRecord, str, int]] = []
        self._booths = {login: _Booth() for login in booths}
        self._changes: list[BoothChange] = []  # token = how many changes were seen
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ the counter's side
    def open_booth(self, login: str, balance: Decimal | None = None) -> None:
        """Start a session: prepaid with ``balance``, postpaid when None."""
        with self._lock:
            self._booths[login] = _Booth(True, balance)
            self._changes.append(BoothChange(login, True))

    def close_booth(self, login: str, hang_up: bool = False) -> None:
        with self._lock:
            self._booths.setdefault(login, _Booth()).is_open = False
            self._changes.append(BoothChange(login, False, hang_up_live_call=hang_up))

    def top_up(self, login: str, amount: Decimal) -> None:
        with self._lock:
            booth = self._booths[login]
            booth.balance = (booth.balance or Decimal(0)) + amount
            self._changes.append(BoothChange(login, booth.is_open))

    def balance(self, login: str) -> Decimal | None:
        with self._lock:
            return self._booths[login].balance

    # ------------------------------------------------------------------ CallPolicy
    def booth_logins(self) -> list[str]:
        with self._lock:
            return list(self._booths)

    def booth_states(self) -> dict[str, bool]:
        with self._lock:
            return {login: b.is_open for login, b in self._booths.items()}

    def authorize(self, login: str, number: str, at: float, uid: str = "") -> Decision:
        with self._lock:
            self.authorizations += 1
            booth = self._booths.get(login)
            if booth is None or not booth.is_open:
                return Decision(False, "closed")
            if number.startswith(self.forbidden) and self.forbidden:
                return Decision(False, "forbidden")
            rate = self._rate(number)
            if rate is None:
                return Decision(False, "no_rate")
            cap = self._cap(booth, rate.price_1)
            if cap < 1:
                return Decision(False, "no_funds", rate=rate, area_name=rate.area_name)
            return Decision(
                True,
                routes=tuple(self.routes),
                cap_seconds=cap,
                rate=rate,
                area_name=rate.area_name,
            )

    def live_cap(self, login: str, number: str, answered_at: float, now: float) -> float | None:
        with self._lock:
            booth = self._booths.get(login)
            rate = self._rate(number)
            if booth is None or rate is None:
                return None
            talked = max(0.0, now - answered_at)
            return max(0.0, round(self._cap(booth, rate.price_1) - talked, 3))

    def call_answered(self, uid: str, answered_at: float) -> None:
        pass

    def set_aside(self, record: CallRecord, error: str, tries: int) -> None:
        with self._lock:
            self.set_aside_records.append((record, error, tries))

    def record_call(self, record: CallRecord) -> bool:
        with self._lock:
            if record.booth_uniqueid in self.records:
                return False
            self.records[record.booth_uniqueid] = record
            booth = self._booths.get(record.booth)
            rate = self._rate(record.number)
            if booth is not None and booth.balance is not None and rate is not None:
                booth.balance -= rate.price_1 * record.billable_seconds / 60
            return True

    def changes_since(self, token: object) -> tuple[object, list[BoothChange]]:
        with self._lock:
            seen = token if isinstance(token, int) else len(self._changes)
            return len(self._changes), list(self._changes[seen:])

    # ------------------------------------------------------------------ internals
    def _rate(self, number: str) -> RateSnapshot | None:
        matches = [p for p in self.rates if number.startswith(p)]
        if not matches:
            return None
        prefix = max(matches, key=len)
        price = self.rates[prefix]
        return RateSnapshot(
            prefix=prefix,
            area_name=f"prefix {prefix or '*'}",
            price_1=price,
            price_n=price,
            interval_1=1,
            interval_n=1,
            grace_enabled=False,
            connect_fee=Decimal(0),
            free_seconds=0,
            grace_period=0,
            post_call_surcharge=Decimal(0),
            precision=2,
            round_up=False,
        )

    @staticmethod
    def _cap(booth: _Booth, price: Decimal) -> int:
        """Whole seconds the balance pays for (per-second billing, rounded down)."""
        if booth.balance is None or price <= 0:
            return POSTPAID_CAP_SECONDS
        return max(0, int(booth.balance * 60 / price))
