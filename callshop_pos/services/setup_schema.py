"""The tables of the set-up file, the model columns their keys map to, and their ranges.

One list per table, shared by apply and dump, so a key can never be read but not written,
nor written without its check (services.validation). References to other objects
(``vendor``, ``tariff``, ...) and decks (``rates``, ``routes``) are handled by the apply/dump
code itself, not listed here.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

from callshop_pos.services import validation as v
from callshop_pos.services.language import LANGUAGES
from callshop_pos.services.setup_values import Field, field, fields

USER_NAME_MAX = 60  # users.name


def _text(max_length: int) -> Any:
    return partial(v.check_text, max_length=max_length)


def _pbx_url(value: str) -> str:
    return value if value == "" else v.check_pbx_url(value)  # "" = the demo simulator


def _codes(value: str) -> str:
    for code in filter(None, value.split(",")):
        v.check_digits(code, 5, empty_ok=False)
    return v.check_text(value, 60)


_money = v.check_money
_seconds = v.check_seconds

SHOP = fields(
    field("name", "str", partial(v.check_name, max_length=120), attr="shop_name"),
    field("address", "str", _text(255), attr="shop_address"),
    field("tax_id", "str", _text(60), attr="shop_tax_id"),
    field("receipt_footer", "str", _text(255)),
    field("currency", "str", v.check_currency),
    field("language", "str", choices=LANGUAGES),
    field("tax_rate", "money", partial(v.check_fraction, maximum=v.TAX_RATE_MAX)),
    field("tax_inclusive", "bool"),
    field("tax_label", "str", _text(30)),
    field("smallest_coin", "money", partial(v.check_money, maximum=Decimal(1000))),
    field("max_call_seconds", "int", partial(v.check_seconds, minimum=1)),
    field("pbx_url", "str", _pbx_url, secret=True),
)
NUMBERING = fields(
    field("access_codes", "codes", _codes),
    field("country_code", "str", partial(v.check_digits, max_length=5)),
    field("national_prefix", "str", partial(v.check_digits, max_length=3)),
)
PREFERENCES = fields(
    field("default_mode", "str", choices=("prepaid", "postpaid")),
    field("default_prepaid_amount", "money", _money),
    field("default_credit_limit", "money", _money),
    field("postpaid_credit_limit", "money", _money),
    field("start_resets_balance", "bool"),
    field("start_unlocks", "bool"),
    field("stop_hangs_up", "bool"),
    field("stop_locks", "bool"),
    field("stop_prints_receipt", "bool"),
    field("stop_opens_invoice", "bool"),
    field("stop_refunds_unused", "bool"),
    field("print_call_receipts", "bool"),
    # refuse booth calls the shop's credit with the system owner cannot cover (issue: 3 levels)
    field("refuse_past_shop_credit", "bool"),
    # the counter locks itself after this many idle minutes (0: never); at most a day
    field("lock_after_minutes", "int", partial(v.check_whole, minimum=0, maximum=1440)),
)
VENDOR = fields(
    field("currency", "str", v.check_currency),
    field("balance", "money", v.check_balance),
    field("active", "bool"),
    field("notes", "str", _text(2000)),
)
CONNECTION = fields(
    field("host", "str", v.check_host),
    field("username", "str", v.check_config_value),
    field("password", "str", v.check_config_value, secret=True),
    field("dial_target", "str", v.check_dial_target),
    field("active", "bool"),
    field("auth_mode", "str", choices=("ip", "register", "both")),
)
DESTINATION_SET = fields(
    field("currency", "str", v.check_currency),
    field("connect_fee", "money", _money),
    field("free_seconds", "int", _seconds),
    field("precision", "int", v.check_precision),
)
ROUTING_GROUP = fields(
    field("policy", "str", choices=("lowest_cost", "preference")),
    field("on_net_routing", "bool"),
)
ROUTING_ENTRY_PREFERENCE = field(
    "preference", "int", partial(v.check_whole, minimum=0, maximum=1000)
)
TARIFF = fields(
    field("currency", "str", v.check_currency),
    field("kind", "str", choices=("retail", "wholesale")),
    field("average_call_duration", "int", _seconds),
    field("connect_fee", "money", _money),
    field("free_seconds", "int", _seconds),
    field("grace_period", "int", _seconds),
    field("post_call_surcharge", "money", partial(v.check_fraction, maximum=v.SURCHARGE_MAX)),
    field("precision", "int", v.check_precision),
    field("round_up", "bool"),
)
CUSTOMER = fields(
    field("balance", "money", v.check_balance),
    field("credit_limit", "money", _money),
    field("callshop_enabled", "bool"),
)
SERVICE_PLAN = fields(
    field("billing_cycle", "str", partial(v.check_name, max_length=20)),
    field("billing_type", "str", choices=("prepaid", "postpaid")),
    field("on_billing_failure", "str", partial(v.check_name, max_length=20)),
)
BOOTH = fields(
    field("position", "int", partial(v.check_whole, minimum=0, maximum=10_000)),
    field("voip_login", "str", v.check_sip_name),
    field("voip_password", "str", v.check_config_value, secret=True),
    field("blocked", "bool"),
)
USER = fields(field("role", "str", choices=("owner", "cashier")), field("active", "bool"))

# the order of the file: everything is defined before anything refers to it
SECTIONS = (
    "shop",
    "preferences",
    "printer",
    "users",
    "vendors",
    "destination_sets",
    "routing_groups",
    "tariffs",
    "customer",
    "service_plans",
    "booths",
)


def keys(specs: tuple[Field, ...], *extra: str) -> list[str]:
    return ["name", *(f.key for f in specs), *extra]
