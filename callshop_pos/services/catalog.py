"""The owner's objects one at a time: list, load, save and delete, for the settings dialog.

Saving goes through the set-up file's own path: the values are the file's values (money as
exact strings, whole numbers, true/false, references by name), checked by the same field
specs (:mod:`services.setup_schema`) and written by the same :class:`Applier` as a one-item
document, so the set-up file and the app can never disagree on a key, a range or a write.
What the database would refuse (a duplicate name, a booth login already used, a routing entry
to a missing connection) and deleting something in use are refused first, with the reason.
Every save and delete is audited (old -> new) in its own transaction, and bumps the revisions
the running counters watch (booth rows for the boards and the PBX engine, tariff and
destination-set revisions for the rating cache; the preferences and routing groups are
re-read by every engine's ``ConfigCache`` within its few seconds).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from callshop_pos.db.engine import Database
from callshop_pos.db.models import (
    Account,
    BoothSession,
    Call,
    Connection,
    Customer,
    DestinationSet,
    Preferences,
    RoutingEntry,
    RoutingGroup,
    ServicePlan,
    Tariff,
    Vendor,
)
from callshop_pos.errors import CallshopError
from callshop_pos.rating.terms import RateRow
from callshop_pos.services import setup_schema as schema
from callshop_pos.services import validation as v
from callshop_pos.services.audit import audit
from callshop_pos.services.setup_apply import Applier
from callshop_pos.services.setup_values import Field, Item, SetupError, dump_fields, dump_value

WHERE = "settings"
SECRET_SHOWN = "***"  # what the audit log keeps of a secret's value


class CatalogError(CallshopError):
    """A value or an action refused, in one line (the reason, naming the field if any)."""


@dataclass(frozen=True)
class Ref:
    """A reference to another object by name (the set-up file's ``tariff = "..."``)."""

    key: str
    target: str  # the kind it names
    required: bool


@dataclass(frozen=True)
class Kind:
    """One kind of object of the source document, as the set-up file has it."""

    key: str  # the set-up file's section ("vendors"; "connections" live inside vendors)
    label: str  # for messages: "vendor"
    model: Any  # the mapped class
    specs: tuple[Field, ...]
    refs: tuple[Ref, ...] = ()
    name_check: Callable[[str], str] = v.check_name
    single: bool = False  # one object (the customer, the shop, the preferences)


KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        Kind("vendors", "vendor", Vendor, schema.VENDOR),
        Kind(
            "connections",
            "connection",
            Connection,
            schema.CONNECTION,
            (Ref("vendor", "vendors", True),),
            v.check_sip_name,
        ),
        Kind(
            "destination_sets",
            "destination set",
            DestinationSet,
            schema.DESTINATION_SET,
            (Ref("vendor", "vendors", False),),
        ),
        Kind("routing_groups", "routing group", RoutingGroup, schema.ROUTING_GROUP),
        Kind("tariffs", "tariff", Tariff, schema.TARIFF),
        Kind(
            "customer",
            "customer",
            Customer,
            schema.CUSTOMER,
            (Ref("tariff", "tariffs", False), Ref("routing_group", "routing_groups", False)),
            single=True,
        ),
        Kind(
            "service_plans",
            "service plan",
            ServicePlan,
            schema.SERVICE_PLAN,
            (Ref("tariff", "tariffs", True),),
        ),
        Kind(
            "booths",
            "booth",
            Account,
            schema.BOOTH,
            (
                Ref("service_plan", "service_plans", True),
                Ref("routing_group", "routing_groups", False),
            ),
        ),
        Kind("shop", "shop", Preferences, schema.SHOP + schema.NUMBERING, single=True),
        Kind("preferences", "preferences", Preferences, schema.PREFERENCES, single=True),
    )
}
NAMED = tuple(k for k, kind in KINDS.items() if kind.model is not Preferences)


def kind(key: str) -> Kind:
    try:
        return KINDS[key]
    except KeyError:
        raise CatalogError(f"no such kind of object: {key!r}") from None


def spec(kind_key: str, key: str) -> Field:
    for field in kind(kind_key).specs:
        if field.key == key:
            return field
    raise CatalogError(f"{kind_key}: no field {key!r}")


# --- values: the set-up file's, checked by its own code -----------------------------------


def from_text(field: Field, text: str) -> Any:
    """What a form's text means as the set-up file's value (money stays the typed text, so
    the one money parser reads it; a whole number must be digits)."""
    if field.kind == "int":
        stripped = text.strip()
        if not (stripped.isascii() and stripped.isdigit()):
            raise CatalogError(f"{field.key.replace('_', ' ')}: expected a whole number")
        return int(stripped)
    if field.kind == "codes":
        return [code.strip() for code in text.split(",") if code.strip()]
    return text


def to_text(field: Field, value: Any) -> str:
    if field.kind == "codes":
        return ", ".join(value)
    return str(value)


def _reason(exc: SetupError) -> str:
    """The set-up path's message without its place (the dialog marks the field itself)."""
    text = str(exc)
    if text.startswith(WHERE):
        text = text[len(WHERE) :].lstrip(": ")
    return text


def check_value(kind_key: str, key: str, value: Any) -> None:
    """The field's value checked exactly as a set-up file's key (CatalogError: the reason)."""
    field = spec(kind_key, key)
    item = Item({key: value}, "")
    try:
        item.value(field)
    except SetupError as exc:
        raise CatalogError(str(exc).removeprefix(f".{key}: ")) from None


def check_name(kind_key: str, name: str) -> str:
    try:
        return kind(kind_key).name_check(name)
    except v.ValidationError as exc:
        raise CatalogError(str(exc)) from None


# --- reading -------------------------------------------------------------------------------


def _by_name(s: Session, model: Any, name: str) -> Any:
    return s.scalar(select(model).where(model.name == name))


def _single(s: Session, k: Kind) -> Any:
    if k.model is Preferences:
        return s.get(Preferences, 1)
    return s.scalar(select(Customer).order_by(Customer.id).limit(1))


def _values(s: Session, k: Kind, obj: Any) -> dict[str, Any]:
    """An object's values as the set-up file writes them (secrets included)."""
    values: dict[str, Any] = {} if k.model is Preferences else {"name": obj.name}
    values.update(dump_fields(obj, k.specs))
    for ref in k.refs:
        target = getattr(obj, ref.key)
        values[ref.key] = target.name if target is not None else ""
    if k.key == "routing_groups":
        values["entries"] = [
            {"destination_set": e.destination_set.name, "connection": e.connection.name}
            for e in obj.entries
        ]
    return values


def _order(k: Kind) -> tuple[Any, ...]:
    if k.model is Account:
        return (Account.position, Account.name)
    return (k.model.id,)


def rows(db: Database, kind_key: str) -> list[dict[str, Any]]:
    """Every object of the kind with its values, in the dump's order."""
    k = kind(kind_key)
    with db.read() as s:
        if k.single:
            obj = _single(s, k)
            return [] if obj is None else [_values(s, k, obj)]
        return [_values(s, k, o) for o in s.scalars(select(k.model).order_by(*_order(k)))]


def load(db: Database, kind_key: str, name: str | None = None) -> dict[str, Any] | None:
    """One object's values (the single kinds: name None); None when there is none (the
    shop and the preferences: their defaults)."""
    k = kind(kind_key)
    with db.read() as s:
        obj = _single(s, k) if k.single else _by_name(s, k.model, name or "")
        if obj is None and k.model is Preferences:
            obj = _default_preferences()
        return None if obj is None else _values(s, k, obj)


def object_id(db: Database, kind_key: str, name: str) -> int | None:
    """The database id of a named object (the settings' price table is opened by it)."""
    k = kind(kind_key)
    with db.read() as s:
        obj = _by_name(s, k.model, name)
        return None if obj is None else int(obj.id)


def _default_preferences() -> Preferences:
    """The preferences a first save creates (the columns' defaults), not added anywhere."""
    return _with_defaults(Preferences(id=1))


def _with_defaults(obj: Any) -> Any:
    for column in type(obj).__table__.columns:
        default = column.default
        if default is not None and not callable(getattr(default, "arg", None)):
            setattr(obj, column.key, default.arg)
    return obj


def defaults(kind_key: str) -> dict[str, Any]:
    """A new object's values (the columns' defaults, as a set-up file would give them)."""
    k = kind(kind_key)
    obj = _with_defaults(k.model())
    values = {
        f.key: dump_value(f, getattr(obj, f.attr))
        for f in k.specs
        if getattr(obj, f.attr) is not None
    }
    values.update({ref.key: "" for ref in k.refs})
    if k.model is not Preferences:
        values["name"] = ""
    if k.key == "routing_groups":
        values["entries"] = []
    return values


def new_voip_password() -> str:
    """A booth's VoIP password: random, and fit for pjsip.conf (no ';', no spaces)."""
    return v.check_config_value(secrets.token_urlsafe(12))


def is_empty(db: Database) -> bool:
    """A shop with nothing to sell yet: no booth and no tariff (the first start of a real,
    empty database opens the set-up assistant; users and preferences do not count)."""
    with db.read() as s:
        return s.scalar(select(Account.id).limit(1)) is None and (
            s.scalar(select(Tariff.id).limit(1)) is None
        )


def names(db: Database, kind_key: str) -> list[str]:
    k = kind(kind_key)
    with db.read() as s:
        return list(s.scalars(select(k.model.name).order_by(*_order(k))))


# --- saving --------------------------------------------------------------------------------


def _refuse_conflicts(s: Session, k: Kind, obj: Any, name: str, values: dict[str, Any]) -> None:
    """What the database (or the Applier) would refuse or do unasked, said first."""
    if k.model is not Preferences:
        other = _by_name(s, k.model, name)
        if other is not None and other is not obj:
            raise CatalogError(f"name: a {k.label} named {name!r} already exists")
    if k.model is Account and values.get("voip_login"):
        login = values["voip_login"]
        user = s.scalar(select(Account).where(Account.voip_login == login))
        if user is not None and user is not obj:
            raise CatalogError(f"voip login: {login!r} is used by booth {user.name!r}")
    for ref in k.refs:
        target = values.get(ref.key, "")
        if ref.required and not target and (obj is None or ref.key in values):
            raise CatalogError(f"{ref.key.replace('_', ' ')}: choose one")
        if target and _by_name(s, KINDS[ref.target].model, target) is None:
            raise CatalogError(
                f"{ref.key.replace('_', ' ')}: no {KINDS[ref.target].label} named {target!r}"
            )
    for index, entry in enumerate(values.get("entries", []), start=1):
        for key, model, label in (
            ("destination_set", DestinationSet, "destination set"),
            ("connection", Connection, "connection"),
        ):
            if not entry.get(key):
                raise CatalogError(f"routing entry {index}: choose a {label}")
            if _by_name(s, model, entry[key]) is None:
                raise CatalogError(f"routing entry {index}: no {label} named {entry[key]!r}")


def _document(k: Kind, name: str, values: dict[str, Any], customer: str | None) -> dict[str, Any]:
    """The one-item set-up document that writes these values."""
    if k.model is Preferences:  # the shop's "name" is its own key (the receipt header)
        item = dict(values)
        if k.key == "shop":
            numbering = {f.key: item.pop(f.key) for f in schema.NUMBERING if f.key in item}
            return {"shop": {**item, "numbering": numbering} if numbering else item}
        return {"preferences": item}
    item = {key: value for key, value in values.items() if key != "name"}
    if k.key == "connections":
        vendor = item.pop("vendor")
        return {"vendors": [{"name": vendor, "connections": [{"name": name, **item}]}]}
    if k.key == "routing_groups" and "entries" in item:
        item["entries"] = [
            {**entry, "preference": index} for index, entry in enumerate(item["entries"], 1)
        ]
    if k.key == "customer":
        return {"customer": {"name": name, **item}}
    doc: dict[str, Any] = {k.key: [{"name": name, **item}]}
    if k.key == "booths" and customer is not None:
        doc["customer"] = {"name": customer}  # the booths are the shop's customer's
    return doc


def _changes(k: Kind, old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    secret = {f.key for f in k.specs if f.secret}

    def shown(key: str, value: Any) -> Any:
        return SECRET_SHOWN if key in secret and value else value

    return {
        key: [shown(key, old.get(key)), shown(key, value)]
        for key, value in new.items()
        if old.get(key) != value
    }


def _bump_booths(s: Session, booths: list[Account]) -> None:
    """Boards (this counter's and others') and the PBX engines re-read these booths."""
    for booth in booths:
        booth.revision = (booth.revision or 0) + 1


def _after_save(s: Session, k: Kind, obj: Any) -> None:
    if k.model is Account:
        _bump_booths(s, [obj])
    elif k.model is ServicePlan:
        _bump_booths(s, list(s.scalars(select(Account).where(Account.service_plan_id == obj.id))))
    elif k.model is Tariff:
        plans = select(ServicePlan.id).where(ServicePlan.tariff_id == obj.id)
        _bump_booths(s, list(s.scalars(select(Account).where(Account.service_plan_id.in_(plans)))))
    elif k.model is Customer:
        loose = list(s.scalars(select(Account).where(Account.customer_id.is_(None))))
        for booth in loose:  # as applying a dump would: every booth is the customer's
            booth.customer = obj
        _bump_booths(s, list(s.scalars(select(Account).where(Account.customer_id == obj.id))))


def save(
    db: Database,
    kind_key: str,
    values: dict[str, Any],
    *,
    original: str | None = None,
    user_id: int | None = None,
) -> str:
    """Create (``original`` None) or update the object named ``original`` with ``values``
    (the set-up file's keys and values); returns its name. All or nothing."""
    k = kind(kind_key)
    name = "" if k.model is Preferences else check_name(kind_key, str(values.get("name", "")))
    for field in k.specs:
        if field.key in values:
            try:
                check_value(kind_key, field.key, values[field.key])
            except CatalogError as exc:
                raise CatalogError(f"{field.key.replace('_', ' ')}: {exc}") from None
    with db.session() as s:
        if k.single:
            obj = _single(s, k)
        else:
            obj = _by_name(s, k.model, original) if original is not None else None
            if original is not None and obj is None:
                raise CatalogError(f"no {k.label} named {original!r} (deleted meanwhile?)")
        if k.key == "customer" and obj is not None and original is None:
            original = obj.name
        _refuse_conflicts(s, k, obj, name, values)
        old = _values(s, k, obj) if obj is not None else {}
        if obj is not None and k.model is not Preferences and obj.name != name:
            obj.name = name  # a rename: the Applier finds objects by name
            s.flush()
        customer = s.scalar(select(Customer.name).order_by(Customer.id).limit(1))
        document = _document(k, name, values, customer)
        decks: dict[tuple[str, str], list[RateRow] | None] = {
            (section, name): None for section in ("tariffs", "destination_sets")
        }
        try:
            Applier(s, document, WHERE).run(decks)
        except SetupError as exc:
            raise CatalogError(_reason(exc)) from None
        saved = _single(s, k) if k.single else _by_name(s, k.model, name)
        _after_save(s, k, saved)
        s.flush()
        new = _values(s, k, saved)
        changes = _changes(k, old, new)
        if changes:
            audit(
                s,
                f"settings.{'create' if not old else 'update'}",
                k.key,
                getattr(saved, "id", None),
                user_id,
                name=name,
                changes=changes,
            )
    return name


# --- deleting ------------------------------------------------------------------------------


def _count(s: Session, column: Any, value: int) -> int:
    return s.scalar(select(func.count()).where(column == value)) or 0


def _in_use(s: Session, k: Kind, obj: Any) -> str | None:
    """Why the object cannot be deleted, or None."""

    def users(model: Any, column: Any) -> list[str]:
        return list(s.scalars(select(model.name).where(column == obj.id).order_by(model.name)))

    def listed(what: str, found: list[str]) -> str:
        shown = ", ".join(repr(n) for n in found[:3]) + (" ..." if len(found) > 3 else "")
        return f"{k.label} {obj.name!r} is used by {what} {shown}"

    def groups(column: Any) -> list[str]:
        query = select(RoutingGroup.name).join(RoutingEntry).where(column == obj.id).distinct()
        return list(s.scalars(query.order_by(RoutingGroup.name)))

    if k.model is Vendor and obj.connections:
        return listed("connection(s)", [c.name for c in obj.connections]) + ": delete them first"
    if k.model is Connection and (found := groups(RoutingEntry.connection_id)):
        return listed("routing group(s)", found)
    if k.model is DestinationSet and (found := groups(RoutingEntry.destination_set_id)):
        return listed("routing group(s)", found)
    users_of: dict[Any, tuple[tuple[Any, Any, str], ...]] = {
        RoutingGroup: (
            (Customer, Customer.routing_group_id, "the customer"),
            (Account, Account.routing_group_id, "booth(s)"),
        ),
        Tariff: (
            (ServicePlan, ServicePlan.tariff_id, "service plan(s)"),
            (Customer, Customer.tariff_id, "the customer"),
        ),
        ServicePlan: ((Account, Account.service_plan_id, "booth(s)"),),
        Customer: ((Account, Account.customer_id, "booth(s)"),),
    }
    for model, column, what in users_of.get(k.model, ()):
        if found := users(model, column):
            return listed(what, found)
    if k.model is Account:
        open_session = select(BoothSession.id).where(
            BoothSession.account_id == obj.id, BoothSession.stopped_at.is_(None)
        )
        if s.scalar(open_session) is not None:
            return f"booth {obj.name!r} has an open session: stop it first"
        if _count(s, BoothSession.account_id, obj.id):
            return f"booth {obj.name!r} has past sessions: mark it out of order instead"
    history: dict[Any, Any] = {
        Tariff: Call.tariff_id,
        Connection: Call.connection_id,
        Vendor: Call.vendor_id,
    }
    column = history.get(k.model)
    if column is not None and _count(s, column, obj.id):
        return f"{k.label} {obj.name!r} has billed calls: set it inactive instead"
    return None


def delete(db: Database, kind_key: str, name: str, *, user_id: int | None = None) -> None:
    """Delete the named object, unless something uses it (CatalogError: what uses it)."""
    k = kind(kind_key)
    if k.model is Preferences:
        raise CatalogError(f"the {k.label} cannot be deleted")
    with db.session() as s:
        obj = _by_name(s, k.model, name)
        if obj is None:
            raise CatalogError(f"no {k.label} named {name!r}")
        why = _in_use(s, k, obj)
        if why is not None:
            raise CatalogError(why)
        old = _values(s, k, obj)
        if k.model is Vendor:
            for dset in s.scalars(select(DestinationSet).where(DestinationSet.vendor_id == obj.id)):
                dset.vendor_id = None
        object_id = obj.id
        s.delete(obj)
        s.flush()
        audit(s, "settings.delete", k.key, object_id, user_id, name=name, old=_changes(k, {}, old))


# --- the PBX connection --------------------------------------------------------------------


@dataclass(frozen=True)
class PbxAddress:
    host: str = ""
    port: int = 5038
    user: str = ""
    secret: str = ""

    @property
    def url(self) -> str:
        """``ami://user:secret@host:port`` ("" with no host: the demo simulator), checked."""
        if not self.host:
            return ""
        user, secret = quote(self.user, safe=""), quote(self.secret, safe="")
        url = f"ami://{user}:{secret}@{self.host}:{self.port}"
        try:
            return v.check_pbx_url(url)
        except v.ValidationError as exc:
            raise CatalogError(str(exc)) from None


def pbx_address(url: str) -> PbxAddress:
    if not url:
        return PbxAddress()
    parts = urlsplit(url)
    return PbxAddress(
        parts.hostname or "",
        parts.port or 5038,
        unquote(parts.username or ""),
        unquote(parts.password or ""),
    )


def save_pbx(db: Database, address: PbxAddress, *, user_id: int | None = None) -> None:
    save(db, "shop", {"pbx_url": address.url}, user_id=user_id)
