"""Users and their PINs: create, change a PIN, disable, log in; with a slow-down on wrong PINs.

A PIN (or password) is kept only as a slow salted hash, ``scrypt$n$r$p$salt$hash`` (the
standard library's ``hashlib.scrypt``, its cost in the string so it can be raised later
without breaking the stored ones), compared in constant time. It is never in the set-up file
or a dump (setup_apply refuses one, setup_dump writes users without it).

The slow-down is kept on the user's row in the database, not in memory: a thief who restarts
the app, or walks to another counter on the same database, finds the same wait. After
``FREE_TRIES`` wrong PINs in a row each further wrong one locks the name for a doubling wait
(30 s, 60 s, ... at most 15 min); while locked, a PIN is not even checked. A right PIN clears
the count. The clock is a parameter (tests drive it; nothing sleeps).

Every change and every log-in (right or wrong) writes an audit row in the same transaction.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from callshop_pos.db.engine import Database
from callshop_pos.db.models import Preferences, User
from callshop_pos.db.types import utcnow
from callshop_pos.errors import CallshopError
from callshop_pos.services import validation as v
from callshop_pos.services.audit import audit
from callshop_pos.services.permissions import Role
from callshop_pos.services.setup_schema import USER_NAME_MAX

__all__ = [
    "DEMO_USERS",
    "LockedOut",
    "Role",
    "UserError",
    "WrongPin",
    "authenticate",
    "change_pin",
    "check_pin",
    "create_user",
    "deactivate",
    "ensure_demo_users",
    "hash_pin",
    "list_users",
    "lock_after_minutes",
    "login_users",
    "needs_first_owner",
    "owner_exists",
    "set_up_first_owner",
    "verify_pin",
]

Clock = Callable[[], datetime]

SCRYPT_N = 2**14  # 16 MiB of memory, some 50 ms a hash on a counter PC
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
KEY_BYTES = 32
PIN_MIN, PIN_MAX = 4, 64

FREE_TRIES = 3  # wrong PINs in a row before the first wait
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(minutes=15)

# the demo shop's users (shown on its login dialog): never created in a real shop
DEMO_USERS = (("owner", Role.OWNER, "0000"), ("cashier", Role.CASHIER, "1111"))


class UserError(CallshopError):
    pass


class WrongPin(UserError):
    def __init__(self, name: str, tries_left: int) -> None:
        more = f" ({tries_left} more before a wait)" if tries_left > 0 else ""
        super().__init__(f"wrong PIN for {name}{more}")
        self.name = name
        self.tries_left = tries_left


class LockedOut(UserError):
    def __init__(self, name: str, seconds: int) -> None:
        super().__init__(f"too many wrong PINs for {name}: try again in {seconds} s")
        self.name = name
        self.seconds = seconds


# --- hashing -------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        pin.encode("utf-8"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        dklen=KEY_BYTES,
        maxmem=256 * n * r * p + (1 << 20),
    )


def hash_pin(pin: str) -> str:
    """``scrypt$n$r$p$salt$hash`` of ``pin`` with a new random salt."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def verify_pin(pin: str, stored: str) -> bool:
    """Does ``pin`` match ``stored``? False for an empty or malformed hash (never raises)."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return False
    try:
        n, r, p = (int(x) for x in parts[1:4])
        salt, key = _unb64(parts[4]), _unb64(parts[5])
    except ValueError:
        return False
    # bounded, so a forged row cannot make a log-in eat the machine
    if not (2 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16 and key):
        return False
    return hmac.compare_digest(_scrypt(pin, salt, n, r, p)[: len(key)], key)


def check_pin(pin: str) -> str:
    """A PIN or password: 4-64 characters, no control characters, no spaces at the ends."""
    if not PIN_MIN <= len(pin) <= PIN_MAX:
        raise v.ValidationError(f"a PIN has {PIN_MIN} to {PIN_MAX} characters")
    if pin != pin.strip() or any(not ch.isprintable() for ch in pin):
        raise v.ValidationError("a PIN has no spaces at its ends and no control characters")
    return pin


check_user_name = partial(v.check_name, max_length=USER_NAME_MAX)


# --- the users ------------------------------------------------------------------------------


def _find(session: Session, name: str) -> User | None:
    return session.scalar(select(User).where(User.name == name))


def _get(session: Session, name: str) -> User:
    user = _find(session, name)
    if user is None:
        raise UserError(f"no user named {name!r}")
    return user


def _check_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise v.ValidationError(f"role must be owner or cashier, not {role[:20]!r}") from None


def _add_user(session: Session, name: str, role: Role, pin: str, by: int | None) -> User:
    if _find(session, name) is not None:
        raise UserError(f"a user named {name!r} already exists")
    user = User(name=name, role=role.value, pin_hash=hash_pin(pin), active=True, failed_pins=0)
    session.add(user)
    session.flush()
    audit(session, "user.create", "user", user.id, by, name=name, role=role.value)
    return user


def create_user(db: Database, name: str, role: str, pin: str, *, by: int | None = None) -> User:
    """A new active user; ``by`` is the acting user's id (for the audit row)."""
    name, kind, pin = check_user_name(name), _check_role(role), check_pin(pin)
    with db.session() as s:
        return _add_user(s, name, kind, pin, by)


def change_pin(db: Database, name: str, pin: str, *, by: int | None = None) -> None:
    """Set a new PIN (and clear any slow-down)."""
    pin = check_pin(pin)
    with db.session() as s:
        user = _get(s, name)
        user.pin_hash = hash_pin(pin)
        user.failed_pins, user.locked_until = 0, None
        audit(s, "user.pin_change", "user", user.id, by, name=user.name)


def _active_owners(session: Session) -> list[User]:
    query = select(User).where(User.role == Role.OWNER.value, User.active.is_(True))
    return [u for u in session.scalars(query) if u.pin_hash]


def deactivate(db: Database, name: str, *, by: int | None = None) -> None:
    """The user can no longer log in (their rows keep their name). The last owner who can
    log in stays: the shop would have nobody to change prices."""
    with db.session() as s:
        user = _get(s, name)
        if not user.active:
            raise UserError(f"{name} is already disabled")
        if user.role == Role.OWNER and [u.id for u in _active_owners(s)] == [user.id]:
            raise UserError(f"{name} is the last owner: add another owner first")
        user.active = False
        audit(s, "user.disable", "user", user.id, by, name=user.name)


def list_users(db: Database) -> list[User]:
    with db.read() as s:
        return list(s.scalars(select(User).order_by(User.name)))


def login_users(db: Database) -> list[User]:
    """Who can log in: active users with a PIN, owners first, then by name."""
    with db.read() as s:
        query = select(User).where(User.active.is_(True), User.pin_hash != "")
        return sorted(s.scalars(query), key=lambda u: (u.role != Role.OWNER, u.name.lower()))


def owner_exists(db: Database) -> bool:
    """Is there an active owner with a PIN (then price changes ask for one)?"""
    with db.read() as s:
        return bool(_active_owners(s))


def needs_first_owner(db: Database) -> bool:
    """Nobody can log in yet: the first start asks for the owner's name and PIN."""
    return not login_users(db)


def set_up_first_owner(db: Database, name: str, pin: str) -> User:
    """The first owner, while nobody can log in. A user of that name without a PIN (from a
    set-up file) becomes the owner with this PIN."""
    name, pin = check_user_name(name), check_pin(pin)
    with db.session() as s:
        if s.scalar(select(User.id).where(User.active.is_(True), User.pin_hash != "")):
            raise UserError("the shop already has users: log in as the owner")
        user = _find(s, name)
        if user is None:
            return _add_user(s, name, Role.OWNER, pin, None)
        user.role, user.pin_hash, user.active = Role.OWNER.value, hash_pin(pin), True
        audit(s, "user.pin_change", "user", user.id, None, name=name, role=Role.OWNER.value)
        return user


def ensure_demo_users(db: Database) -> list[tuple[str, str]]:
    """The demo shop's owner and cashier (``DEMO_USERS``; the demo set-up file's "Owner" and
    "Cashier", names compared without case, get those PINs while they have none): the
    (name, PIN) pairs that log in, for the demo's login hint."""
    working: list[tuple[str, str]] = []
    with db.session() as s:
        for name, role, pin in DEMO_USERS:
            user = s.scalar(select(User).where(func.lower(User.name) == name))
            if user is None:
                user = _add_user(s, name, role, pin, None)
            elif not user.pin_hash:
                user.pin_hash = hash_pin(pin)
                audit(s, "user.pin_change", "user", user.id, None, name=user.name, demo=True)
            if user.active and verify_pin(pin, user.pin_hash):
                working.append((user.name, pin))
    return working


# --- logging in -----------------------------------------------------------------------------


def _wait_after(failed: int) -> timedelta | None:
    """The lock earned by ``failed`` wrong PINs in a row (None: no wait yet)."""
    if failed < FREE_TRIES:
        return None
    return min(FIRST_WAIT * 2 ** (failed - FREE_TRIES), LONGEST_WAIT)


def authenticate(db: Database, name: str, pin: str, *, now: Clock = utcnow) -> User:
    """The active user ``name`` if ``pin`` is theirs; else UserError (unknown, disabled, no
    PIN yet), WrongPin or LockedOut. Every attempt is audited."""
    error: UserError
    with db.session() as s:
        user = _find(s, name)
        if user is None or not user.active:
            raise UserError(f"no active user named {name!r}")
        if not user.pin_hash:
            raise UserError(f"{name} has no PIN yet: callshop-pos users passwd {name}")
        at = now()
        if user.locked_until is not None and at < user.locked_until:
            seconds = int((user.locked_until - at).total_seconds() + 0.999)
            audit(s, "user.login_locked", "user", user.id, None, name=name)
            error = LockedOut(name, seconds)
        elif verify_pin(pin, user.pin_hash):
            user.failed_pins, user.locked_until = 0, None
            audit(s, "user.login", "user", user.id, user.id, name=name)
            return user
        else:
            user.failed_pins += 1
            wait = _wait_after(user.failed_pins)
            user.locked_until = at + wait if wait is not None else None
            audit(s, "user.login_failed", "user", user.id, None, name=name, wrong=user.failed_pins)
            error = WrongPin(name, max(0, FREE_TRIES - user.failed_pins))
    raise error  # after the commit: the count and the audit row are kept


def lock_after_minutes(db: Database) -> int:
    """The preference: the counter locks itself after this many idle minutes (0: never)."""
    with db.read() as s:
        prefs = s.get(Preferences, 1)
        return 10 if prefs is None else prefs.lock_after_minutes
