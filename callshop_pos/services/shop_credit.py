"""The callshop customer's credit with the system owner, checked when a booth call is
authorized (the preference ``refuse_past_shop_credit``, off by default).

The shop pays the owner the wholesale cost of every call (services/billing.py debits the
customer's balance). With the preference on, a call is refused when the customer's balance,
less the most the call can cost it (its wholesale cost at the longest the booth's money lets
it last: the cap), would go past the customer's credit limit. The PBX policy asks only when the
preference is on (its shop config); the wholesale tariff's prices come from the rating cache.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from callshop_pos.db.models import Account, Customer, Preferences
from callshop_pos.services.billing import wholesale_cost
from callshop_pos.services.rating_cache import RatingCache

REFUSAL = "shop_credit"  # the refusal code (the dialplan sees denied:shop_credit)
ZERO = Decimal(0)


# built once: an authorization must answer within milliseconds
_CREDIT = (
    select(
        Preferences.refuse_past_shop_credit,
        Customer.balance,
        Customer.credit_limit,
        Customer.tariff_id,
    )
    .select_from(Account)
    .join(Customer, Customer.id == Account.customer_id)
    .join(Preferences, Preferences.id == 1)
    .where(Account.id == bindparam("account_id"))
)


def past_credit(balance: Decimal, credit_limit: Decimal, worst_case: Decimal) -> bool:
    """Whether paying ``worst_case`` would take ``balance`` below minus ``credit_limit``."""
    return balance - worst_case < -credit_limit


def refusal(
    session: Session,
    cache: RatingCache,
    account_id: int,
    normalized: str,
    at: datetime,
    cap_seconds: int,
) -> str | None:
    """:data:`REFUSAL` when the shop's credit cannot carry the call, else None (the
    preference off, the booth on no customer, or credit enough)."""
    row = session.execute(_CREDIT, {"account_id": account_id}).first()
    if row is None or not row.refuse_past_shop_credit:
        return None
    worst = None
    if row.tariff_id is not None:
        price_list = cache.tariff(session, row.tariff_id)
        worst = wholesale_cost(price_list, normalized, at, cap_seconds)
    # no wholesale price for the number: the call costs the shop nothing it can know
    return REFUSAL if past_credit(row.balance, row.credit_limit, worst or ZERO) else None
