"""The settings' words: field labels, choices and page titles, translatable in one place."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("SettingsWords", text)


def label(key: str) -> str:
    """The label of a set-up key (``connect_fee`` -> "Connect fee")."""
    words = {
        "name": _tr("Name"),
        "currency": _tr("Currency"),
        "balance": _tr("Balance"),
        "active": _tr("Active"),
        "notes": _tr("Notes"),
        "vendor": _tr("Vendor"),
        "host": _tr("Destination host (IP[:port])"),
        "username": _tr("Username"),
        "password": _tr("Password"),
        "dial_target": _tr("Dial target"),
        "auth_mode": _tr("Carrier knows the PBX by"),
        "connect_fee": _tr("Connect fee"),
        "free_seconds": _tr("Free seconds"),
        "precision": _tr("Decimals of a cost"),
        "policy": _tr("Routing policy"),
        "on_net_routing": _tr("On-net routing (booth to booth)"),
        "entries": _tr("Routing entries"),
        "kind": _tr("Kind"),
        "average_call_duration": _tr("Average call duration (s)"),
        "grace_period": _tr("Grace period (s)"),
        "post_call_surcharge": _tr("Surcharge (0.18 = +18 %)"),
        "round_up": _tr("Always round up"),
        "tariff": _tr("Tariff"),
        "routing_group": _tr("Routing group"),
        "credit_limit": _tr("Credit limit"),
        "callshop_enabled": _tr("Callshop enabled"),
        "billing_cycle": _tr("Billing cycle"),
        "billing_type": _tr("Billing type"),
        "on_billing_failure": _tr("On billing failure"),
        "position": _tr("Position on the board"),
        "voip_login": _tr("VoIP login"),
        "voip_password": _tr("VoIP password"),
        "service_plan": _tr("Service plan"),
        "blocked": _tr("Out of order"),
        "address": _tr("Address"),
        "tax_id": _tr("Tax id"),
        "receipt_footer": _tr("Receipt footer"),
        "language": _tr("Language"),
        "tax_rate": _tr("Tax rate (0.19 = 19 %)"),
        "tax_inclusive": _tr("Prices include tax"),
        "tax_label": _tr("Tax label"),
        "smallest_coin": _tr("Cash rounding (smallest coin)"),
        "max_call_seconds": _tr("Longest call (s)"),
        "pbx_url": _tr("PBX address"),
        "access_codes": _tr("International access codes"),
        "country_code": _tr("Country code"),
        "national_prefix": _tr("National prefix"),
        "default_mode": _tr("Start mode"),
        "default_prepaid_amount": _tr("Default prepaid amount"),
        "default_credit_limit": _tr("Default credit limit"),
        "postpaid_credit_limit": _tr("Postpaid credit limit"),
        "start_resets_balance": _tr("Start resets the balance"),
        "start_unlocks": _tr("Start unlocks the booth"),
        "stop_hangs_up": _tr("Stop hangs up a live call"),
        "stop_locks": _tr("Stop locks the booth"),
        "stop_prints_receipt": _tr("Stop prints the receipt"),
        "stop_opens_invoice": _tr("Stop opens the invoice"),
        "stop_refunds_unused": _tr("Stop refunds the unused balance"),
        "print_call_receipts": _tr("Print a receipt per call"),
        "lock_after_minutes": _tr("Lock the counter after idle minutes (0: never)"),
        "refuse_past_shop_credit": _tr("Refuse calls past the shop's credit limit"),
    }
    return words.get(key, key)


def choice(value: str) -> str:
    words = {
        "ip": _tr("its IP address"),
        "register": _tr("registration"),
        "both": _tr("IP and registration"),
        "lowest_cost": _tr("Lowest cost first"),
        "preference": _tr("Fixed preference"),
        "retail": _tr("Retail"),
        "wholesale": _tr("Wholesale"),
        "prepaid": _tr("Prepaid"),
        "postpaid": _tr("Postpaid"),
        "en": "English",  # each language named in itself
        "ru": "Русский",
    }
    return words.get(value, value)


def page_title(key: str) -> str:
    words = {
        "vendors": _tr("Vendors"),
        "connections": _tr("Connections"),
        "destination_sets": _tr("Destination sets"),
        "routing_groups": _tr("Routing groups"),
        "tariffs": _tr("Tariffs"),
        "customer": _tr("Callshop customer"),
        "service_plans": _tr("Service plans"),
        "booths": _tr("Booths"),
        "preferences": _tr("Preferences"),
        "shop": _tr("Shop details"),
        "pbx": _tr("PBX connection"),
        "printer": _tr("Printer"),
        "audit": _tr("Audit log"),
        "users": _tr("Users"),
    }
    return words.get(key, key)


def none_choice() -> str:
    return _tr("— none —")
