"""What needs the owner: the one table every front end (GUI, CLI) asks before an owner-only
action. A cashier works the counter (Start, Stop, top-up, items, receipts, price check);
everything below is the owner's."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from callshop_pos.errors import CallshopError


class Role(StrEnum):
    OWNER = "owner"
    CASHIER = "cashier"


class Permission(StrEnum):
    OPEN_SETTINGS = "open_settings"
    CHANGE_PRICES = "change_prices"
    VOID_RECEIPT = "void_receipt"
    REFUND_BEYOND_BALANCE = "refund_beyond_balance"
    CREDIT_ABOVE_PREFERENCE = "credit_above_preference"  # a prepaid Start's credit limit
    QUIT_WHILE_RUNNING = "quit_while_running"  # booths are running
    MANAGE_USERS = "manage_users"  # add users, set their PINs, disable them
    VIEW_REPORTS = "view_reports"  # revenue, margin, calls, sessions, problems
    OTHERS_SHIFT = "others_shift"  # open or close another cashier's shift (her own: anyone)


# Which roles may do each thing. Every permission is here (a test checks it), so a new one
# must be given its roles on purpose.
ROLES: Final[dict[Permission, frozenset[Role]]] = {
    Permission.OPEN_SETTINGS: frozenset({Role.OWNER}),
    Permission.CHANGE_PRICES: frozenset({Role.OWNER}),
    Permission.VOID_RECEIPT: frozenset({Role.OWNER}),
    Permission.REFUND_BEYOND_BALANCE: frozenset({Role.OWNER}),
    Permission.CREDIT_ABOVE_PREFERENCE: frozenset({Role.OWNER}),
    Permission.QUIT_WHILE_RUNNING: frozenset({Role.OWNER}),
    Permission.MANAGE_USERS: frozenset({Role.OWNER}),
    Permission.VIEW_REPORTS: frozenset({Role.OWNER}),
    Permission.OTHERS_SHIFT: frozenset({Role.OWNER}),
}

# the refusal's words: "only the owner may ..."
DOING: Final[dict[Permission, str]] = {
    Permission.OPEN_SETTINGS: "open the settings",
    Permission.CHANGE_PRICES: "change prices",
    Permission.VOID_RECEIPT: "void a receipt",
    Permission.REFUND_BEYOND_BALANCE: "refund more than a session's balance",
    Permission.CREDIT_ABOVE_PREFERENCE: "give a credit limit above the preference",
    Permission.QUIT_WHILE_RUNNING: "quit while booths are running",
    Permission.MANAGE_USERS: "manage users",
    Permission.VIEW_REPORTS: "read the reports",
    Permission.OTHERS_SHIFT: "open or close another cashier's shift",
}


class NotAllowed(CallshopError):
    def __init__(self, permission: Permission) -> None:
        super().__init__(f"only the owner may {DOING[permission]}")
        self.permission = permission


def allowed(role: str, permission: Permission) -> bool:
    """May a user of ``role`` (an unknown role: nobody) do ``permission``?"""
    try:
        return Role(role) in ROLES[permission]
    except ValueError:
        return False


def require(role: str, permission: Permission) -> None:
    """Raise NotAllowed unless ``role`` may do ``permission``."""
    if not allowed(role, permission):
        raise NotAllowed(permission)
