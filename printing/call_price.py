"""What makes a call's price, in words the customer can recompute (receipts and PDFs).

Nothing is computed here: the parts are the inputs of the rating rule (ARCHITECTURE.md §4.2) as the
call was billed — the billed time split into the first interval and the rest, each with
its per-minute price, the connect fee and the post-call surcharge — and the printed cost
is the one the core billed. ``(1:00 x 0.40/min + 1:00 x 0.20/min + 0.05 connect fee) +
18% surcharge`` is 0.767, which the tariff rounds to the 0.77 printed beside it.
"""

from __future__ import annotations

from printing import format as fmt
from printing.labels import ReceiptLabels
from printing.layout import NO_BREAK_SPACE
from printing.receipt_data import CallLine

STANDARD_STEPS = (60, 60)  # per-minute billing: not worth a note


def billed_time(call: CallLine, labels: ReceiptLabels) -> str:
    """``3:00``, or ``1:36 (30/6 s)`` when the intervals are not whole minutes."""
    text = fmt.duration(call.billed_seconds)
    if call.billed_seconds and (call.interval_1, call.interval_n) != STANDARD_STEPS:
        text += " " + labels.steps.format(first=call.interval_1, next=call.interval_n)
    return text


def _unbroken(*words: str) -> str:
    # a wrapped recipe breaks only between its parts, never inside "0.05 connect fee"
    return NO_BREAK_SPACE.join(" ".join(words).split())


def _time_part(seconds: int, price: str, labels: ReceiptLabels) -> str:
    return _unbroken(fmt.duration(seconds), "x", f"{price}{labels.per_minute}")


def price_recipe(call: CallLine, labels: ReceiptLabels) -> str:
    """The call's price as a sum: time at each rate, the connect fee, then the surcharge."""
    billed = call.billed_seconds
    first, rest = min(billed, call.interval_1), max(0, billed - call.interval_1)
    p1, pn = labels.rate(call.price_1), labels.rate(call.price_n)
    parts: list[str] = []
    if billed and (rest == 0 or p1 == pn):
        parts.append(_time_part(billed, p1, labels))
    elif billed:
        parts += [_time_part(first, p1, labels), _time_part(rest, pn, labels)]
    # a call free by the grace period costs nothing at all, not even the connect fee
    charged = bool(billed or call.cost)
    if call.connect_fee and charged:
        parts.append(_unbroken(labels.rate(call.connect_fee), labels.connect_fee))
    if not parts or not charged:
        return labels.free_call
    plus = f" +{NO_BREAK_SPACE}"  # a wrapped line starts with "+ ", not ends with it
    recipe = plus.join(parts)
    if call.surcharge and call.cost:
        inner = f"({recipe})" if len(parts) > 1 else recipe
        recipe = inner + plus + _unbroken(f"{labels.percent(call.surcharge)}%", labels.surcharge)
    return recipe
