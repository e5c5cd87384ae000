"""One sale to void: Anna opens her drawer with 50 and sells booth 1 postpaid (water 2.50,
paid with 5, 2.50 change): receipt 1 for 2.50, her drawer then holds 52.50."""

from __future__ import annotations

from decimal import Decimal

from callshop_pos.counter import BoothMode
from callshop_pos.services import shifts
from tests.shifts.conftest import booth

D = Decimal


def one_sale(db, actions, staff) -> int:
    shifts.open_new(db, staff.anna, D("50"), by=staff.anna)
    b1 = booth(db, "booth1")
    actions.start(b1, BoothMode.POSTPAID, D("0"), D("0"), user_id=staff.anna)
    actions.add_extra(b1, "water", D("2.50"), 1, user_id=staff.anna)
    stopped = actions.stop(b1, D("5"), user_id=staff.anna, cashier="Anna")
    assert stopped.receipt_number is not None
    return stopped.receipt_number
