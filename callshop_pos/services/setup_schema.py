"""The tables of the set-up file and the model columns their keys map to.

One list per table, shared by apply and dump, so a key can never be read but not written.
References to other objects (``vendor``, ``tariff``, ...) and decks (``rates``, ``routes``)
are handled by the apply/dump code itself, not listed here.
"""

from __future__ import annotations

from callshop_pos.services.setup_values import Field, fields

SHOP = fields(
    ("name", "str", "shop_name"),
    ("address", "str", "shop_address"),
    ("tax_id", "str", "shop_tax_id"),
    ("receipt_footer", "str"),
    ("currency", "str"),
    ("language", "str"),
    ("tax_rate", "money"),
    ("tax_inclusive", "bool"),
    ("tax_label", "str"),
    ("smallest_coin", "money"),
    ("max_call_seconds", "int"),
    ("pbx_url", "str"),
)
NUMBERING = fields(
    ("access_codes", "codes"),
    ("country_code", "str"),
    ("national_prefix", "str"),
)
PREFERENCES = fields(
    Field("default_mode", "default_mode", "str", ("prepaid", "postpaid")),
    ("default_prepaid_amount", "money"),
    ("default_credit_limit", "money"),
    ("postpaid_credit_limit", "money"),
    ("start_resets_balance", "bool"),
    ("start_unlocks", "bool"),
    ("stop_hangs_up", "bool"),
    ("stop_locks", "bool"),
    ("stop_prints_receipt", "bool"),
    ("stop_opens_invoice", "bool"),
    ("stop_refunds_unused", "bool"),
    ("print_call_receipts", "bool"),
)
VENDOR = fields(("currency", "str"), ("balance", "money"), ("active", "bool"), ("notes", "str"))
CONNECTION = fields(
    ("host", "str"),
    ("username", "str"),
    ("password", "str"),
    ("dial_target", "str"),
    ("active", "bool"),
    Field("auth_mode", "auth_mode", "str", ("ip", "register", "both")),
)
DESTINATION_SET = fields(
    ("currency", "str"),
    ("connect_fee", "money"),
    ("free_seconds", "int"),
    ("precision", "int"),
)
ROUTING_GROUP = fields(
    Field("policy", "policy", "str", ("lowest_cost", "preference")),
    ("on_net_routing", "bool"),
)
TARIFF = fields(
    ("currency", "str"),
    Field("kind", "kind", "str", ("retail", "wholesale")),
    ("average_call_duration", "int"),
    ("connect_fee", "money"),
    ("free_seconds", "int"),
    ("grace_period", "int"),
    ("post_call_surcharge", "money"),
    ("precision", "int"),
    ("round_up", "bool"),
)
CUSTOMER = fields(("balance", "money"), ("credit_limit", "money"), ("callshop_enabled", "bool"))
SERVICE_PLAN = fields(
    ("billing_cycle", "str"),
    Field("billing_type", "billing_type", "str", ("prepaid", "postpaid")),
    ("on_billing_failure", "str"),
)
BOOTH = fields(
    ("position", "int"),
    ("voip_login", "str"),
    ("voip_password", "str"),
    ("blocked", "bool"),
)
USER = fields(Field("role", "role", "str", ("owner", "cashier")), ("active", "bool"))

# the order of the file: everything is defined before anything refers to it
SECTIONS = (
    "shop",
    "preferences",
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
