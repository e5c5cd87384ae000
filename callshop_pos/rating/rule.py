"""The rating rule (docs/ARCHITECTURE.md §4): billed seconds, a call's cost, the longest call.

The billing, the live tile meter and the PBX cap all call these functions, so they can never
disagree by a cent or a second; ``talk_time`` is the one answer to "how long may a call last"
(the money's longest call cut at a limit such as the shop's maximum call length).

All arithmetic is exact and done on Python integers, which never round. Every Decimal input
is a whole number times a power of ten, so with E decimals for the prices and the connect fee
and ``es`` for the surcharge, the unrounded cost in units of 10^-precision of a call billed
for ``billed > 0`` seconds is exactly ``(a + b·billed) / D`` (``a0 / D`` when nothing is
billed), where

    D  = 60 · 10^(E + es)
    a0 = M · 60·CF                 M  = (10^es + S) · 10^precision   (S: the surcharge digits)
    a  = M · (60·CF + (P1 − PN)·interval_1)
    b  = M · PN                    (CF, P1, PN: connect fee and prices scaled by 10^E)

which is ARCHITECTURE.md §4.2's ``(connect_fee + price_1·interval_1/60 + price_n·(billed −
interval_1)/60) · (1 + surcharge)`` multiplied out. One integer division rounds it: D is
even, so half-up is ``(n + D/2) // D`` and always-up is ``(n + D − 1) // D``. These numbers
depend only on the terms and on a row's prices and intervals, so they are computed once per
distinct (prices, intervals) of a tariff and kept on the row (``RateRow._priced``): a quote
is then a handful of integer operations. They are kept divided by their greatest common
divisor (see ``_Form``), which changes no answer.
"""

from __future__ import annotations

from decimal import Decimal
from math import gcd
from typing import NamedTuple

from callshop_pos.money import EXACT as _EXACT
from callshop_pos.money import parse_money
from callshop_pos.rating.terms import Pricing, RateRow, TariffTerms

_SETTLE_STEPS = 4
# Cost and balance conversions are memoised up to these sizes; beyond, they are computed
# every time (still exact), so a long-running process cannot grow without bound.
_CACHE_LIMIT = 65_536


def _check_seconds(seconds: int) -> None:
    if type(seconds) is int and seconds >= 0:  # the common case without isinstance calls
        return
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        raise TypeError(f"seconds must be an int, not {type(seconds).__name__}")
    if seconds < 0:
        raise ValueError(f"seconds must not be negative, not {seconds}")


# --- exact integer forms ------------------------------------------------------------------

_SCALED: dict[Decimal, tuple[int, int]] = {}


def _scaled(value: Decimal) -> tuple[int, int]:
    """(n, e) with value == n · 10^-e exactly and e >= 0. Decks repeat a few hundred prices,
    so the answer is memoised by value (0.1 and 0.10 share an entry: both forms are exact)."""
    found = _SCALED.get(value)
    if found is not None:
        return found
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int), "terms and rows hold finite Decimals only"
    # scaleb only moves the exponent; EXACT makes a digit count past 60 raise, not round.
    scaled = value if exponent >= 0 else value.scaleb(-exponent, _EXACT)
    found = (int(scaled), max(0, -exponent))
    if len(_SCALED) < _CACHE_LIMIT:
        _SCALED[value] = found
    return found


class _Terms:
    """A tariff's terms as integers, plus the per-(prices, intervals) forms built on them."""

    __slots__ = (
        "balances",
        "connect",
        "connect_e",
        "costs",
        "forms",
        "free",
        "grace",
        "multiplier",
        "precision",
        "round_up",
        "shared",
        "surcharge_e",
        "terms",
        "unit_scale",
    )

    def __init__(self, terms: TariffTerms) -> None:
        self.terms = terms
        self.connect, self.connect_e = _scaled(terms.connect_fee)
        surcharge, self.surcharge_e = _scaled(terms.post_call_surcharge)
        self.unit_scale = 10**terms.precision
        # (1 + s) · 10^precision with s = surcharge · 10^-surcharge_e, as one integer.
        self.multiplier = (10**self.surcharge_e + surcharge) * self.unit_scale
        self.precision = terms.precision
        self.round_up = terms.round_up
        self.free = terms.free_seconds
        self.grace = terms.grace_period
        self.forms: dict[tuple[Decimal, Decimal, int, int, bool], Form] = {}
        self.costs = _cost_cache(terms.precision)
        # Balances repeat (a booth's balance is quoted again at every call attempt):
        # floor(balance · 10^precision) by balance value.
        self.balances: dict[Decimal, int] = {}
        # Equal integers of the tariff's forms, one object each (see _Form).
        self.shared: dict[int, int] = {}


class _Form:
    """One row's prices and intervals under one tariff's terms, as the integers of the module
    docstring; rows with equal prices and intervals share one.

    The numerators and D are divided by their greatest common divisor g (and the rounding
    offset and the slack floor-divided by it), which changes no answer: every numerator is
    a multiple of g, and ``(n + o) // D == (n/g + o//g) // (D/g)`` for such n. The smaller
    integers fit one machine digit far more often, where CPython's arithmetic is quickest.
    """

    # Twelve slots: with its header a form is 112 bytes, two cache lines (pymalloc puts
    # objects of this size on a line boundary); what only slow paths read is on ``tf``.
    __slots__ = (
        "a",
        "b",
        "connect_units",
        "d",
        "first",
        "free",
        "grace_end",
        "next",
        "offset",
        "reach",
        "slack",
        "tf",
    )

    def __init__(self, tf: _Terms, rate: RateRow | Pricing) -> None:
        p1, e1 = _scaled(rate.price_1)
        pn, en = _scaled(rate.price_n)
        e = max(e1, en, tf.connect_e)
        p1 *= 10 ** (e - e1)
        pn *= 10 ** (e - en)
        fee60 = 60 * tf.connect * 10 ** (e - tf.connect_e)
        m = tf.multiplier
        a0 = m * fee60
        a = m * (fee60 + (p1 - pn) * rate.interval_1)
        b = m * pn
        d = 60 * 10 ** (e + tf.surcharge_e)
        offset = d - 1 if tf.round_up else d // 2
        slack = d - 1 - offset  # n costs at most U units iff n <= U·D + slack
        g = gcd(a0, a, b, d)
        # Equal integers are shared between a tariff's forms: a quote touches fewer objects
        # (on a big deck, reaching them is most of what pricing a call costs, so what can be
        # derived in a few operations, such as a + b·first, is not kept as one more object).
        share = tf.shared.setdefault
        self.tf = tf  # the terms these numbers were made for, and their memos
        self.first = rate.interval_1
        self.next = rate.interval_n
        self.free = tf.free
        self.grace_end = tf.grace if rate.grace_enabled else -1  # last free second
        self.reach = self.free + self.first  # the last second of the first interval
        self.a = share(a // g, a // g)
        self.b = share(b // g, b // g)
        self.d = share(d // g, d // g)
        self.offset = share(offset // g, offset // g)
        self.slack = share(slack // g, slack // g)
        # The cost of an answered call that bills nothing (past the grace: the connect fee).
        self.connect_units = share((a0 + offset) // d, (a0 + offset) // d)

    def billed(self, seconds: int) -> int:
        if seconds <= self.grace_end:
            return 0
        billable = seconds - self.free
        if billable <= 0:
            return 0
        # The first interval is charged whole; the rest is rounded up to whole next intervals.
        first = self.first
        if billable <= first:
            return first
        return first + -(-(billable - first) // self.next) * self.next

    def units(self, seconds: int) -> int:
        """The cost of an answered call of ``seconds`` in units of 10^-precision."""
        if seconds <= self.grace_end:
            return 0
        billed = self.billed(seconds)
        if not billed:
            return self.connect_units
        return (self.a + self.b * billed + self.offset) // self.d


Form = _Form  # the name other modules may hold one by (rating.index)


def _terms_form(terms: TariffTerms) -> _Terms:
    tf = terms._fast
    if tf is None:
        tf = _Terms(terms)
        # Frozen dataclass: a cache slot can only be filled through object.__setattr__.
        object.__setattr__(terms, "_fast", tf)
    return tf


def _priced(terms: TariffTerms, rate: RateRow) -> _Form:
    """The integer form of ``rate`` under ``terms``, computed once and kept on the row."""
    form = rate._priced
    if form is not None and form.tf.terms is terms:
        return form
    form = form_for(
        terms,
        Pricing(rate.price_1, rate.price_n, rate.interval_1, rate.interval_n, rate.grace_enabled),
    )
    object.__setattr__(rate, "_priced", form)
    return form


def form_for(terms: TariffTerms, pricing: Pricing) -> _Form:
    """The integer form of ``pricing`` under ``terms``: one per distinct pricing of a tariff,
    what :func:`price_form` prices with (an index keeps one per pricing it holds)."""
    tf = _terms_form(terms)
    form = tf.forms.get(pricing)
    if form is None:
        form = tf.forms[pricing] = _Form(tf, pricing)
    return form


_COSTS: dict[int, dict[int, Decimal]] = {}


def _cost_cache(precision: int) -> dict[int, Decimal]:
    return _COSTS.setdefault(precision, {})


def _money(units: int, form: _Form) -> Decimal:
    """``units`` · 10^-precision as a Decimal with exactly ``precision`` decimals (what
    money.quantize gives). Costs repeat a lot, and building a Decimal is the dearest step of
    a quote, so small ones are memoised per precision."""
    costs = form.tf.costs
    found = costs.get(units)
    if found is None:
        found = Decimal(units).scaleb(-form.tf.precision, _EXACT)
        if len(costs) < _CACHE_LIMIT:
            costs[units] = found
    return found


def _balance_units(balance: Decimal, unit_scale: int) -> int:
    """floor(balance · 10^precision): a whole-unit cost is affordable iff it is <= this."""
    numerator, denominator = balance.as_integer_ratio()
    return numerator * unit_scale // denominator


# --- the rule -----------------------------------------------------------------------------


def billed_seconds(terms: TariffTerms, rate: RateRow, seconds: int) -> int:
    """The seconds a call of ``seconds`` answered seconds is charged for (0: free/nothing)."""
    _check_seconds(seconds)
    return _priced(terms, rate).billed(seconds)


def call_cost(terms: TariffTerms, rate: RateRow, seconds: int, answered: bool = True) -> Decimal:
    """What a call of ``seconds`` answered seconds costs, rounded to the tariff's precision."""
    _check_seconds(seconds)
    form = _priced(terms, rate)
    return _money(form.units(seconds) if answered else 0, form)


def max_seconds(terms: TariffTerms, rate: RateRow, balance: Decimal | int) -> int | None:
    """The longest answered call (whole seconds) whose cost is at most ``balance``.

    None when the call may last forever (time costs nothing and what it does cost is
    affordable). 0 both when a zero-second call is the most the balance buys and when not even
    that is affordable: callers refuse a call whose cap is under one second.
    Constant time: solved from the interval arithmetic (see :func:`price_form`).
    """
    balance = parse_money(balance)  # refuses floats and NaN, accepts Decimal and int
    return price_form(_priced(terms, rate), None, balance)[2]


def _longest_short(form: _Form, balance: Decimal, units: int) -> int:
    """max_seconds when not even the first interval is affordable."""
    grace_end = form.grace_end
    free_end = form.free  # last second that costs only the connect fee
    if free_end > grace_end and form.units(free_end) <= units:
        longest = free_end  # only the connect fee is affordable
    elif balance >= 0:
        longest = grace_end  # only the grace period (if any) is affordable
    else:
        return 0  # a debt buys nothing, not even free seconds
    return _checked_edge(form, balance, units, max(longest, grace_end, 0))


def _checked_edge(form: _Form, balance: Decimal, units: int, longest: int) -> int:
    """``longest`` once the rule itself says one second more is not affordable (the side a
    slip would show on); if it ever is, _settle checks both sides and corrects (or raises)."""
    if form.units(longest + 1) > units:
        return longest
    return _settle(form, balance, units, longest)


def _settle(form: _Form, balance: Decimal, units: int, seconds: int) -> int:
    """Confirm the computed edge with the rule itself: cost(d) <= B < cost(d + 1).

    The algebra above should land exactly on the edge (the property tests run with this
    step disabled); a few corrective steps keep the answer equal to the definition should
    the two ever drift apart, and anything more is a bug that must fail loudly rather than
    become a linear scan or a wrong PBX cap.
    """
    for _ in range(_SETTLE_STEPS):
        if form.units(seconds + 1) <= units:
            seconds += 1
        elif seconds > 0 and form.units(seconds) > units:
            seconds -= 1
        else:
            return seconds
    raise ArithmeticError(f"max_seconds did not settle near {seconds}s (balance {balance})")


class TalkTime(NamedTuple):
    """How long a call may last, as the PBX will enforce it (ARCHITECTURE.md §4.3)."""

    seconds: int | None  # None: unbounded (time costs nothing and there is no limit)
    cut: bool  # True: the limit ends the call before the money would


def talk_time(
    terms: TariffTerms, rate: RateRow, budget: Decimal | int, limit: int | None = None
) -> TalkTime:
    """The talk time ``budget`` (balance + credit limit) buys, cut at ``limit`` seconds.

    The one answer to "how long may this call last": the PBX cap (``limit`` = the shop's
    maximum call length), the price check and the CLI quote (what an amount buys, through
    price_call, which computes it), and a tile's talk time left (``limit`` = the cap the PBX
    enforces on the live call) all ask it. ``seconds`` is ``min(max_seconds(terms, rate,
    budget), limit)``, 0 for a debt; a call is refused when it is under one second.
    ``limit`` None: no limit.
    """
    _, _, seconds, cut = price_call(terms, rate, None, budget, limit)
    return TalkTime(seconds, cut)


def price_call(
    terms: TariffTerms,
    rate: RateRow,
    seconds: int | None,
    balance: Decimal | int | None,
    limit: int | None = None,
) -> tuple[int | None, Decimal | None, int | None, bool]:
    """``(billed_seconds, call_cost, *talk_time)`` in one go: billed and cost are None when
    ``seconds`` is, the talk time ``(None, False)`` when ``balance`` is. One function for the
    quote path, which would otherwise look up the row's integer form three times; the talk
    time is computed here only (talk_time asks this)."""
    form = rate._priced
    if form is None or form.tf.terms is not terms:
        form = _priced(terms, rate)
    return price_form(form, seconds, balance, limit)


def price_form(
    form: Form, seconds: int | None, balance: Decimal | int | None, limit: int | None = None
) -> tuple[int | None, Decimal | None, int | None, bool]:
    """:func:`price_call` on a row's integer form (:func:`form_for`): the quote's path, which
    holds the form of the matched row's pricing already.

    Written out for speed (this runs on every call attempt): the billed seconds and the cost
    are ``form.billed`` and ``form.units``; the longest call is solved in closed form. A call
    billed ``first + k·next`` seconds has the numerator n = a + b·first + k·b·next and costs
    (n + offset) // D units, and (n + offset) // D <= U  <=>  n <= U·D + slack: linear in k,
    so the largest affordable k is one integer division, and the call may last to the end of
    that k-th next interval, ``free + first + k·next`` seconds. That is exactly the edge:
    that second is billed ``first + k·next`` (affordable), the next one
    ``first + (k + 1)·next``, whose n exceeds U·D + slack because k is the largest. Only
    when the grace period outlasts it, or not even the first interval is affordable, is the
    answer found otherwise, and checked against the rule at the edge.
    """
    billed = cost = longest = None
    cut = False
    if seconds is not None:
        if type(seconds) is not int or seconds < 0:
            _check_seconds(seconds)  # raises
        billable = seconds - form.free
        if billable > 0 and seconds > form.grace_end:
            first = form.first
            if billable > first:
                each = form.next
                billed = first + -(-(billable - first) // each) * each
            else:
                billed = first
            units = (form.a + form.b * billed + form.offset) // form.d
        else:
            billed = 0
            units = 0 if seconds <= form.grace_end else form.connect_units
        cost = form.tf.costs.get(units)
        if cost is None:
            cost = _money(units, form)
    if balance is not None:
        # floor(balance · 10^precision), memoised per tariff by balance (a booth's balance
        # is quoted again at every call attempt). Only finite Decimals are ever stored, and
        # a float that equals one is not a Decimal, so a hit needs no more checks.
        if type(balance) is Decimal:
            money = balance
            try:
                held = form.tf.balances.get(money)
            except TypeError:  # a signalling NaN cannot be hashed: refused just below
                held = None
            if held is None:
                money, units = _balance_of(form, money)
            else:
                units = held
        else:
            money, units = _balance_of(form, balance)
        top = units * form.d + form.slack  # the largest affordable numerator
        b = form.b
        first_n = form.a + b * form.first
        if first_n > top:
            longest = _longest_short(form, money, units)
        elif b:
            each = form.next
            longest = form.reach + (top - first_n) // (b * each) * each
            if longest < form.grace_end:  # the grace period is free whatever the balance
                longest = _checked_edge(form, money, units, form.grace_end)
        else:
            longest = None if money >= 0 else 0
        # ARCHITECTURE.md §4.3: the cap is the smaller of what the money buys and the limit.
        if limit is not None:
            if type(limit) is not int or limit < 0:
                raise ValueError(f"a call's limit must be whole seconds >= 0, not {limit!r}")
            if longest is None or longest > limit:
                longest, cut = limit, True
    return billed, cost, longest, cut


def _balance_of(form: _Form, balance: Decimal | int) -> tuple[Decimal, int]:
    """``balance`` checked as money, and floor(balance · 10^precision), memoised (bounded)."""
    if not (type(balance) is Decimal and balance.is_finite()):
        balance = parse_money(balance)  # refuses floats and NaN like max_seconds
    tf = form.tf
    units = _balance_units(balance, tf.unit_scale)
    if len(tf.balances) < _CACHE_LIMIT:
        tf.balances[balance] = units
    return balance, units
