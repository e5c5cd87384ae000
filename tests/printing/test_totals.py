from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from callshop_pos.counter import BoothMode
from printing.layout import Columns
from printing.receipt_data import CashRounding, ExtraItem, SessionReceiptData, TaxSettings
from printing.receipts import build_session_receipt
from printing.totals import compute_totals, round_to_coin

from .conftest import SHOP, call

CENT = D("0.01")

amounts = st.lists(
    st.decimals(min_value=0, max_value=500, places=4, allow_nan=False, allow_infinity=False),
    max_size=15,
)
money = st.decimals(min_value=0, max_value=300, places=2, allow_nan=False, allow_infinity=False)
taxes = st.builds(
    TaxSettings,
    rate=st.sampled_from([D(0), D("0.05"), D("0.07"), D("0.075"), D("0.19"), D("0.20"), D("0.25")]),
    inclusive=st.booleans(),
    label=st.just("VAT"),
)
coins = st.sampled_from([D(0), D("0.01"), D("0.05"), D("0.10"), D("0.20"), D("0.50"), D(1)])


def test_examples_by_hand() -> None:
    t = compute_totals([D("10.005"), D("2.50")], TaxSettings(D("0.20"), False), CashRounding())
    assert (t.subtotal, t.tax, t.total) == (D("12.51"), D("2.50"), D("15.01"))

    t = compute_totals([D("12.00")], TaxSettings(D("0.20"), True), CashRounding(D("0.05")))
    assert (t.subtotal, t.tax, t.net, t.total) == (D("12.00"), D("2.00"), D("10.00"), D("12.00"))

    t = compute_totals([D("1.02"), D("1.01")], TaxSettings(), CashRounding(D("0.05")), paid=D(5))
    assert (t.subtotal, t.rounding, t.total, t.change) == (
        D("2.03"),
        D("0.02"),
        D("2.05"),
        D("2.95"),
    )

    t = compute_totals([D("7.30")], TaxSettings(), CashRounding(), prepaid=D(10), topups=D(5))
    assert (t.refund, t.change, t.unpaid) == (D("7.70"), 0, 0)

    t = compute_totals([D("12")], TaxSettings(), CashRounding(), prepaid=D(10), paid=D(5))
    assert (t.refund, t.change, t.unpaid) == (0, D("3.00"), 0)


def test_cash_rounding_is_half_up_to_the_coin() -> None:
    assert round_to_coin(D("2.025"), D("0.05")) == D("2.05")
    assert round_to_coin(D("2.024"), D("0.05")) == D("2.00")
    assert round_to_coin(D("2.07"), D("0.05")) == D("2.05")
    assert round_to_coin(D("2.075"), D("0.05")) == D("2.10")
    assert round_to_coin(D("2.50"), D(1)) == D("3.00")
    assert round_to_coin(D("2.345"), D(0)) == D("2.35")


@settings(max_examples=300)
@given(amounts, taxes, coins, money, money, money)
def test_totals_add_up_from_the_displayed_lines(lines, tax, coin, prepaid, topups, paid) -> None:
    t = compute_totals(lines, tax, CashRounding(coin), prepaid=prepaid, topups=topups, paid=paid)
    shown = [t.subtotal, t.tax, t.net, t.rounding, t.total, t.refund, t.change, t.unpaid]
    assert all(x == x.quantize(CENT) for x in [*shown, *t.line_amounts])
    assert t.subtotal == sum(t.line_amounts, D(0))
    if tax.inclusive:
        assert t.subtotal + t.rounding == t.total
        assert t.net + t.tax == t.subtotal
    else:
        assert t.subtotal + t.tax + t.rounding == t.total
    assert abs(t.tax - t.net * tax.rate) <= CENT  # the tax really is rate × net
    if coin:
        assert t.total % coin == 0
        assert abs(t.rounding) <= coin / 2
    else:
        assert t.rounding == 0
    assert prepaid + topups + paid - t.total == t.refund + t.change - t.unpaid
    assert min(t.refund, t.change, t.unpaid) >= 0
    assert not (t.unpaid and (t.refund or t.change))


def _printed(layout: list) -> list[tuple[str, D]]:
    rows = []
    for el in layout:
        if isinstance(el, Columns):
            try:
                rows.append((el.left, D(el.right.split(" ")[0])))
            except ArithmeticError:
                continue  # a date, a duration, a booth name
    return rows


@settings(max_examples=100, deadline=None)
@given(amounts, st.lists(money, max_size=3), taxes, coins, money)
def test_printed_receipt_adds_up(call_costs, extra_amounts, tax, coin, paid) -> None:
    data = SessionReceiptData(
        shop=SHOP,
        receipt_no="S-1",
        printed_at=datetime(2024, 5, 1, 15),
        cashier="A",
        booth="B",
        mode=BoothMode.POSTPAID,
        started_at=datetime(2024, 5, 1, 14),
        ended_at=datetime(2024, 5, 1, 15),
        currency="EUR",
        calls=[call("491", "Germany", 60, str(c)) for c in call_costs],
        extras=[ExtraItem("Item", D(1), a, a) for a in extra_amounts],
        paid=paid,
    )
    rows = _printed(build_session_receipt(data, 32, tax, CashRounding(coin)))
    labels = [label for label, _ in rows]
    sub_at = labels.index("Subtotal")
    printed = dict(rows[sub_at:])
    item_sum = sum((amount for _, amount in rows[:sub_at]), D(0))
    assert printed["Subtotal"] == item_sum
    tax_label = next((label for label in printed if "VAT" in label), None)
    added = printed[tax_label] if tax_label and not tax.inclusive else 0
    assert printed["Subtotal"] + added + printed.get("Rounding", 0) == printed["TOTAL"]
    if paid:
        due = printed["TOTAL"]
        assert paid - due == printed.get("Change", 0) - printed.get("Amount due", 0)


@settings(max_examples=100, deadline=None)
@given(amounts, taxes, coins, money, money, st.booleans())
def test_printed_payments_add_up_with_the_refund_recorded(
    call_costs, tax, coin, prepaid, topups, refunded
) -> None:
    """Stop refunds the unused deposit or keeps it (stop_refunds_unused): the receipt prints
    what was recorded, and prepaid + top-ups - TOTAL = refund + not refunded."""
    base = SessionReceiptData(
        shop=SHOP,
        receipt_no="S-1",
        printed_at=datetime(2024, 5, 1, 15),
        cashier="A",
        booth="B",
        mode=BoothMode.PREPAID,
        started_at=datetime(2024, 5, 1, 14),
        ended_at=datetime(2024, 5, 1, 15),
        currency="EUR",
        calls=[call("491", "Germany", 60, str(c)) for c in call_costs],
        prepaid=prepaid,
        topups=topups,
    )
    rounding = CashRounding(coin)
    bill = compute_totals(
        [c.cost for c in base.calls], tax, rounding, prepaid=prepaid, topups=topups
    )
    paid = max(D(0), bill.total - bill.deposit)
    data = dataclasses.replace(
        base, paid=paid, refund=bill.refund if refunded else D(0), change=D(0)
    )
    printed = dict(_printed(build_session_receipt(data, 32, tax, rounding)))
    given_back = printed.get("Refund", D(0))
    assert given_back == (bill.refund if refunded else 0)
    assert (
        printed.get("Prepaid", 0)
        + printed.get("Top-ups", 0)
        + printed.get("Paid", 0)
        - printed["TOTAL"]
    ) == given_back + printed.get("Not refunded", 0)
