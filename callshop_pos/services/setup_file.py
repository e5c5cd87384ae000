'''The whole shop set-up in one declarative, human-editable TOML file.

``callshop-pos setup apply FILE`` / :func:`apply_setup` creates or updates, by name, what the
file names, and nothing else; keys an item leaves out keep their current values (defaults for
new objects). It is all or nothing (one transaction: any error names the file, item and key
and changes nothing) and idempotent (applying the same file again changes nothing).

``callshop-pos setup dump -o FILE`` / :func:`dump_setup` writes FILE plus one CSV deck per
tariff and destination set beside it (``<stem>-tariff-<name>.csv``,
``<stem>-routes-<name>.csv``), referenced by relative path. Without ``-o`` the set-up is
printed to stdout as ONE self-contained TOML text with the decks inline (``rates_csv`` /
``routes_csv`` multi-line strings), so ``setup dump > shop.toml`` is also a complete backup.
Dumped files are owner-only (0600). Secrets (booth ``voip_password``, connection
``password``, the shop's ``pbx_url``) are left out unless asked for (``--with-secrets``);
since a key left out keeps its value, applying such a dump keeps the secrets in the database.

Every value has a range (services.validation): an error names the file, item and key.

Format (every table optional; money and fractions as strings "0.25" or integers, never
floats — a float is an error naming the key, because floats are inexact)::

    [shop]                        # receipt header, tax, cash rounding, limits
    name = "Callshop Demo"        address = "..."   tax_id = "..."   receipt_footer = "..."
    currency = "EUR"              language = "en"
    tax_rate = "0.19"             tax_inclusive = true   tax_label = "VAT"
    smallest_coin = "0.05"        # cash rounding step, "0" = none
    max_call_seconds = 7200       pbx_url = ""  # ami://user:secret@host:5038, "" = simulator
    [shop.numbering]
    access_codes = ["00"]         country_code = "49"    national_prefix = "0"

    [preferences]                 # Start/Stop defaults and behaviour
    default_mode = "prepaid"      # or "postpaid"
    default_prepaid_amount = "10" default_credit_limit = "0"   postpaid_credit_limit = "50"
    start_resets_balance = true   start_unlocks = true
    stop_hangs_up = true          stop_locks = true      stop_prints_receipt = true
    stop_opens_invoice = false    stop_refunds_unused = true   print_call_receipts = false

    [[users]]                     # no PINs in the file: they are set in the app
    name = "Owner"   role = "owner"   # or "cashier";  active = true

    [[vendors]]
    name = "..."   currency = "EUR"   balance = "500"   active = true   notes = ""
    [[vendors.connections]]       # connection names are unique across vendors
    name = "..."   host = "sip.example.net:5060"   username = ""   password = ""
    dial_target = "PJSIP/${NUMBER}@trunk"   active = true

    [[destination_sets]]          # a vendor's buy prices
    name = "..."   currency = "EUR"   vendor = "<vendor name>"
    connect_fee = "0"   free_seconds = 0   precision = 4
    routes = "routes.csv"         # deck file relative to this file (or routes_csv = """...""")

    [[routing_groups]]
    name = "..."   policy = "lowest_cost"   # or "preference";  on_net_routing = true
    entries = [{ destination_set = "...", connection = "...", preference = 1 }]

    [[tariffs]]
    name = "..."   currency = "EUR"   kind = "retail"   # or "wholesale"
    average_call_duration = 180   connect_fee = "0"   free_seconds = 0   grace_period = 0
    post_call_surcharge = "0"     precision = 2   round_up = false
    rates = "rates.csv"           # (or rates_csv = """...""")

    [customer]                    # the shop as the owner's billed party; booths belong to it
    name = "..."   tariff = "..."   routing_group = "..."
    balance = "0"   credit_limit = "0"   callshop_enabled = true

    [[service_plans]]
    name = "..."   tariff = "..."   billing_cycle = "session"
    billing_type = "prepaid"      # or "postpaid";   on_billing_failure = "refuse"

    [[booths]]
    name = "Booth 1"   position = 1   voip_login = "booth1"   voip_password = "..."
    service_plan = "..."   routing_group = "..."   blocked = false

A deck named by ``rates``/``routes`` replaces the owner's rows (no deck key: rows untouched).
A routing group's ``entries`` replace its entry list. Unknown keys are errors (a typo must not
be silently ignored). Account balances, sessions, calls and PINs are never in the file.
'''

from __future__ import annotations

from pathlib import Path

from callshop_pos.resources import resource_path
from callshop_pos.services.setup_apply import ApplyReport, apply_setup
from callshop_pos.services.setup_dump import dump_setup, dump_setup_text
from callshop_pos.services.setup_values import SetupError

__all__ = [
    "ApplyReport",
    "SetupError",
    "apply_setup",
    "demo_setup_path",
    "dump_setup",
    "dump_setup_text",
]

SAMPLE_FOLDER = resource_path("sample")


def demo_setup_path() -> Path:
    """The demo shop's set-up file (resources/sample/demo.toml)."""
    return SAMPLE_FOLDER / "demo.toml"
