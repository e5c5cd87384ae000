"""The session bill: one pure function shared by the receipt and the PDF invoice.

Every amount is quantized to the currency's display precision *first*, and the totals are
computed from those displayed amounts, so a customer adding up the printed lines always gets
the printed total (no hidden sub-cent remainders).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: printing.format (quantum) stays light for the CLI
    from printing.receipt_data import CashRounding, SessionReceiptData, TaxSettings

ZERO = Decimal(0)


def quantum(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals)


def to_display(amount: Decimal, decimals: int = 2) -> Decimal:
    """Round half-up to the currency's decimals (the precision the customer sees)."""
    return amount.quantize(quantum(decimals), rounding=ROUND_HALF_UP)


def round_to_coin(amount: Decimal, coin: Decimal, decimals: int = 2) -> Decimal:
    """Nearest multiple of ``coin``, halves away from zero; ``coin`` 0 means no rounding."""
    if coin <= 0:
        return to_display(amount, decimals)
    units = (amount / coin).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return to_display(units * coin, decimals)


@dataclass(frozen=True)
class SessionTotals:
    """What the bill prints, every field already at display precision.

    Printed identities (all exact):
      exclusive tax: ``subtotal + tax + rounding == total``
      inclusive tax: ``subtotal + rounding == total`` and ``tax`` is informational
      ``net == subtotal - tax`` (inclusive) or ``subtotal`` (exclusive)
      ``prepaid + topups + paid - total == refund + left + change - unpaid``

    ``left`` is the prepayment not given back: kept by the shop when Stop does not refund
    the unused balance (``settled``), or the balance still left on an open session.
    """

    line_amounts: tuple[Decimal, ...]
    subtotal: Decimal
    tax: Decimal
    tax_inclusive: bool
    net: Decimal
    rounding: Decimal
    total: Decimal
    prepaid: Decimal
    topups: Decimal
    paid: Decimal
    refund: Decimal
    change: Decimal
    unpaid: Decimal
    left: Decimal = ZERO
    settled: bool = False  # refund and change are what Stop recorded

    @property
    def deposit(self) -> Decimal:
        return self.prepaid + self.topups


def compute_totals(
    amounts: Sequence[Decimal],
    tax: TaxSettings,
    rounding: CashRounding,
    *,
    prepaid: Decimal = ZERO,
    topups: Decimal = ZERO,
    paid: Decimal = ZERO,
    decimals: int = 2,
) -> SessionTotals:
    lines = tuple(to_display(a, decimals) for a in amounts)
    subtotal = sum(lines, ZERO)
    if tax.rate <= 0:
        tax_amount = ZERO
    elif tax.inclusive:
        tax_amount = to_display(subtotal * tax.rate / (1 + tax.rate), decimals)
    else:
        tax_amount = to_display(subtotal * tax.rate, decimals)
    if tax.inclusive:
        before_rounding, net = subtotal, subtotal - tax_amount
    else:
        before_rounding, net = subtotal + tax_amount, subtotal
    total = round_to_coin(before_rounding, rounding.smallest_coin, decimals)
    adjustment = total - before_rounding

    prepaid, topups, paid = (to_display(x, decimals) for x in (prepaid, topups, paid))
    deposit = prepaid + topups
    still_due = max(ZERO, total - deposit)
    return SessionTotals(
        line_amounts=lines,
        subtotal=subtotal,
        tax=tax_amount,
        tax_inclusive=tax.inclusive,
        net=net,
        rounding=adjustment,
        total=total,
        prepaid=prepaid,
        topups=topups,
        paid=paid,
        refund=max(ZERO, deposit - total),
        change=max(ZERO, paid - still_due),
        unpaid=max(ZERO, still_due - paid),
    )


def session_totals(
    data: SessionReceiptData, tax: TaxSettings, rounding: CashRounding, decimals: int = 2
) -> SessionTotals:
    """Bill of a booth session: its calls first, then its extra items, in that order.

    Refund and change are the amounts Stop recorded (``data.refund``/``data.change``), never
    recomputed; what the deposit still covers beyond them is ``left``."""
    amounts = [c.cost for c in data.calls] + [e.amount for e in data.extras]
    totals = compute_totals(
        amounts,
        tax,
        rounding,
        prepaid=data.prepaid,
        topups=data.topups,
        paid=data.paid,
        decimals=decimals,
    )
    refundable = totals.refund
    if data.refund is None:  # still open: nothing given back yet
        return replace(totals, refund=ZERO, left=refundable)
    refund = to_display(data.refund, decimals)
    change = totals.change if data.change is None else to_display(data.change, decimals)
    return replace(
        totals, refund=refund, change=change, left=max(ZERO, refundable - refund), settled=True
    )
