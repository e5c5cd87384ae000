"""Applying the set-up file (format: :mod:`callshop_pos.services.setup_file`).

All or nothing: the file and every deck it names are read and parsed before the database is
touched, then everything is written in one transaction, so an error anywhere (an unknown
reference in the last booth, a bad deck line, a float price) leaves the database as it was.
Idempotent: objects are found by name and created or updated; what the file does not name
is not touched, and keys an item leaves out keep their current values.
"""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from callshop_pos.db.engine import Database
from callshop_pos.db.models import (
    Account,
    Connection,
    Customer,
    DestinationSet,
    Preferences,
    RoutingEntry,
    RoutingGroup,
    ServicePlan,
    Tariff,
    User,
    Vendor,
)
from callshop_pos.db.types import utcnow
from callshop_pos.rating.deck import DeckError, parse_deck
from callshop_pos.rating.terms import RateRow
from callshop_pos.services import setup_schema as schema
from callshop_pos.services import validation as v
from callshop_pos.services.audit import audit
from callshop_pos.services.rates import StoreResult, store_rates
from callshop_pos.services.setup_values import Field, Item, SetupError
from printing.settings import PrinterSettings, SettingsError

M = TypeVar("M", bound=Any)


@dataclass
class ApplyReport:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    decks: dict[str, StoreResult] = field(default_factory=dict)  # "tariff X" -> result

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or any(r.changed for r in self.decks.values()))

    def lines(self) -> list[str]:
        """What changed, one line per table and per changed deck."""
        tables = sorted(set(self.created) | set(self.updated))
        out = [f"{t}: {self.created[t]} created, {self.updated[t]} updated" for t in tables]
        out += [f"{owner}: {result}" for owner, result in self.decks.items() if result.changed]
        return out or ["nothing to change"]


def load_document(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise SetupError(f"{path.name}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise SetupError(f"{path.name}: not UTF-8 text (byte {exc.start})") from None
    unknown = sorted(set(document) - set(schema.SECTIONS))
    if unknown:
        raise SetupError(
            f"{path.name}: unknown table [{unknown[0]}] (known: {', '.join(schema.SECTIONS)})"
        )
    return document


NameCheck = Callable[[str], str]


def named_items(
    document: dict[str, Any], section: str, where: str, check: NameCheck = v.check_name
) -> list[tuple[str, Item]]:
    """The ``[[section]]`` items with their names; names must be present, valid (``check``)
    and unique."""
    raw = document.get(section, [])
    if not isinstance(raw, list):
        raise SetupError(f"{where}: [{section}] must be a list of tables ([[{section}]])")
    items: list[tuple[str, Item]] = []
    seen: set[str] = set()
    for index, data in enumerate(raw, start=1):
        name = data.get("name") if isinstance(data, dict) else None
        label = json.dumps(name, ensure_ascii=False) if isinstance(name, str) else index
        item = Item(data, f"{where}[{label}]")
        text = item_name(item, check)
        if text in seen:
            raise item.error("name", f"{text!r} is named twice")
        seen.add(text)
        items.append((text, item))
    return items


def item_name(item: Item, check: NameCheck = v.check_name) -> str:
    text = item.text("name", required=True) or ""
    if not text:
        raise item.error("name", "must not be empty")
    try:
        return check(text)
    except v.ValidationError as exc:
        raise item.error("name", str(exc)) from None


def deck_path(item: Item, key: str, base: Path) -> Path:
    """The deck file ``key`` names: relative to the set-up file's folder and inside it (a
    set-up file must not make the app read, and echo in an error, any other file)."""
    name = item.text(key) or ""
    try:
        v.check_text(name, 255)
    except v.ValidationError as exc:
        raise item.error(key, str(exc)) from None
    folder = base.resolve()
    path = (folder / name).resolve()
    if Path(name).is_absolute() or not path.is_relative_to(folder):
        raise item.error(key, f"the deck must be a file in the set-up file's folder, not {name!r}")
    if not path.is_file():
        raise item.error(key, f"deck file not found: {name}")
    return path


def deck_error(exc: DeckError, deck: str) -> str:
    return f"{deck}: {exc}"


def read_deck(item: Item, key: str, base: Path, now: datetime) -> list[RateRow] | None:
    """The deck an item names: ``key = "file.csv"`` (relative to the set-up file) or
    ``key_csv = \"\"\"...\"\"\"`` inline; None when it names none (rows left as they are)."""
    inline_key = f"{key}_csv"
    if item.has(key) and item.has(inline_key):
        raise item.error(inline_key, f"give either {key} or {inline_key}, not both")
    try:
        if item.has(key):
            return parse_deck(deck_path(item, key, base).read_bytes(), now=now)
        if item.has(inline_key):
            return parse_deck(item.text(inline_key) or "", now=now)
    except DeckError as exc:
        source = item.data.get(key, "inline deck")
        raise item.error(key if item.has(key) else inline_key, deck_error(exc, source)) from None
    return None


class Applier:
    """Writes one parsed set-up document into a session, section by section."""

    def __init__(self, session: Session, document: dict[str, Any], where: str) -> None:
        self.s = session
        self.doc = document
        self.where = where
        self.customer: Customer | None = None
        self.created: list[Any] = []
        self.updated: dict[int, Any] = {}  # by id(): ORM objects are not hashable by value
        self.decks: dict[str, StoreResult] = {}

    # --- helpers ----------------------------------------------------------------------------

    def upsert(self, model: type[M], name: str, item: Item, specs: tuple[Field, ...]) -> M:
        obj = self.s.scalar(select(model).where(model.name == name))
        if obj is None:
            obj = model(name=name)
            self.s.add(obj)
            item.assign(obj, specs)
            self.created.append(obj)
        elif item.assign(obj, specs):
            self.touched(obj)
        return obj

    def touched(self, obj: Any) -> None:
        """Note an update of an existing object (counted once however many keys changed)."""
        if not any(obj is new for new in self.created):  # a few dozen objects at most
            self.updated[id(obj)] = obj

    def ref(self, item: Item, key: str, model: type[M], label: str) -> M | None:
        name = item.text(key)
        if not name:
            return None
        found = self.s.scalar(select(model).where(model.name == name))
        if found is None:
            raise item.error(key, f"no {label} named {name!r}")
        return found

    def set_ref(self, obj: Any, attr: str, item: Item, key: str, model: type, label: str) -> None:
        if not item.has(key):
            return
        target = self.ref(item, key, model, label)
        if getattr(obj, attr) is not target:
            setattr(obj, attr, target)
            self.touched(obj)

    def require(self, obj: Any, item: Item, *keys: str) -> None:
        """Keys a new object cannot do without (non-null columns with no default)."""
        if any(obj is new for new in self.created):
            for key in keys:
                if not item.has(key):
                    raise item.error(key, "missing (needed to create it)")

    def flush(self, section: str) -> None:
        try:
            self.s.flush()
        except IntegrityError as exc:
            detail = str(exc.orig).splitlines()[0]
            message = f"{self.where}[{section}]: conflicts with the database: {detail}"
            raise SetupError(message) from None

    def store_deck(self, owner: Tariff | DestinationSet, rows: list[RateRow] | None) -> None:
        if rows is None:
            return
        label = "tariff" if isinstance(owner, Tariff) else "destination set"
        self.decks[f"{label} {owner.name}"] = store_rates(
            self.s, owner, rows, "replace", source=self.where
        )

    # --- sections ---------------------------------------------------------------------------

    def run(self, decks: dict[tuple[str, str], list[RateRow] | None]) -> ApplyReport:
        with self.s.no_autoflush:  # half-built objects must not be flushed by a lookup
            self.shop()
            self.users()
            self.vendors()
            self.destination_sets(decks)
            self.routing_groups()
            self.tariffs(decks)
            self.customer_section()
            self.service_plans()
            self.booths()
        return ApplyReport(
            Counter(obj.__tablename__ for obj in self.created),
            Counter(obj.__tablename__ for obj in self.updated.values()),
            self.decks,
        )

    def shop(self) -> None:
        if not {"shop", "preferences", "printer"} & set(self.doc):
            return
        prefs = self.s.get(Preferences, 1)
        if prefs is None:
            prefs = Preferences(id=1)
            self.s.add(prefs)
            self.created.append(prefs)
        changed = False
        if "shop" in self.doc:
            shop = Item(self.doc["shop"], f"{self.where}: shop")
            shop.check_keys([f.key for f in schema.SHOP] + ["numbering"])
            changed |= shop.assign(prefs, schema.SHOP)
            if shop.has("numbering"):
                numbering = Item(shop.data["numbering"], f"{self.where}: shop.numbering")
                numbering.check_keys([f.key for f in schema.NUMBERING])
                changed |= numbering.assign(prefs, schema.NUMBERING)
        if "preferences" in self.doc:
            item = Item(self.doc["preferences"], f"{self.where}: preferences")
            item.check_keys([f.key for f in schema.PREFERENCES])
            changed |= item.assign(prefs, schema.PREFERENCES)
        if "printer" in self.doc:
            changed |= self.printer(prefs)
        if changed:
            self.touched(prefs)
        self.flush("shop")

    def printer(self, prefs: Preferences) -> bool:
        """The receipt printer's settings, checked as the printer page checks them."""
        item = Item(self.doc["printer"], f"{self.where}: printer")
        try:
            settings = PrinterSettings.from_dict(item.data)
        except SettingsError as exc:
            raise SetupError(f"{item.where}: {exc}") from None
        text = json.dumps(settings.to_dict(), sort_keys=True)
        if text == prefs.printer_json:
            return False
        prefs.printer_json = text
        return True

    def users(self) -> None:
        user_name = partial(v.check_name, max_length=schema.USER_NAME_MAX)
        for name, item in named_items(self.doc, "users", f"{self.where}: users", user_name):
            if item.has("pin") or item.has("pin_hash"):
                raise item.error(
                    "pin", "PINs are never kept in the set-up file; set them in the app"
                )
            item.check_keys(schema.keys(schema.USER))
            self.upsert(User, name, item, schema.USER)
        self.flush("users")

    def vendors(self) -> None:
        seen: set[str] = set()
        for name, item in named_items(self.doc, "vendors", f"{self.where}: vendors"):
            item.check_keys(schema.keys(schema.VENDOR, "connections"))
            vendor = self.upsert(Vendor, name, item, schema.VENDOR)
            if not item.has("connections"):
                continue
            doc = {"connections": item.data["connections"]}
            where = f"{item.where}.connections"
            for cname, citem in named_items(doc, "connections", where, v.check_sip_name):
                if cname in seen:
                    raise citem.error("name", f"connection {cname!r} is named twice")
                seen.add(cname)
                citem.check_keys(schema.keys(schema.CONNECTION))
                connection = self.upsert(Connection, cname, citem, schema.CONNECTION)
                self.require(connection, citem, "host")
                if connection.vendor is not vendor:
                    connection.vendor = vendor  # a connection moved to another vendor
                    self.touched(connection)
        self.flush("vendors")

    def destination_sets(self, decks: dict[tuple[str, str], list[RateRow] | None]) -> None:
        items = named_items(self.doc, "destination_sets", f"{self.where}: destination_sets")
        for name, item in items:
            item.check_keys(schema.keys(schema.DESTINATION_SET, "vendor", "routes", "routes_csv"))
            dset = self.upsert(DestinationSet, name, item, schema.DESTINATION_SET)
            if item.has("vendor"):
                vendor = self.ref(item, "vendor", Vendor, "vendor")
                if dset.vendor_id != (vendor.id if vendor else None):
                    dset.vendor_id = vendor.id if vendor else None
                    self.touched(dset)
            if id(dset) in self.updated:
                dset.revision = (dset.revision or 0) + 1  # terms changed: re-index
            self.flush("destination_sets")
            self.store_deck(dset, decks[("destination_sets", name)])

    def routing_groups(self) -> None:
        for name, item in named_items(self.doc, "routing_groups", f"{self.where}: routing_groups"):
            item.check_keys(schema.keys(schema.ROUTING_GROUP, "entries"))
            group = self.upsert(RoutingGroup, name, item, schema.ROUTING_GROUP)
            if not item.has("entries"):
                continue
            raw = item.data["entries"]
            if not isinstance(raw, list):
                raise item.error("entries", "expected a list of tables")
            wanted: list[tuple[DestinationSet, Connection, int]] = []
            for index, data in enumerate(raw, start=1):
                entry = Item(data, f"{item.where}.entries[{index}]")
                entry.check_keys(["destination_set", "connection", "preference"])
                for key in ("destination_set", "connection"):
                    if not entry.text(key, required=True):
                        raise entry.error(key, "must not be empty")
                dset = self.ref(entry, "destination_set", DestinationSet, "destination set")
                conn = self.ref(entry, "connection", Connection, "connection")
                pref = schema.ROUTING_ENTRY_PREFERENCE
                preference = entry.value(pref) if entry.has("preference") else index
                assert dset is not None and conn is not None
                wanted.append((dset, conn, preference))
            current = [(e.destination_set, e.connection, e.preference) for e in group.entries]
            # the entry list is the group's value: replaced as a whole when it differs
            if current != wanted:
                group.entries = [
                    RoutingEntry(destination_set=d, connection=c, preference=p)
                    for d, c, p in wanted
                ]
                self.touched(group)
        self.flush("routing_groups")

    def tariffs(self, decks: dict[tuple[str, str], list[RateRow] | None]) -> None:
        for name, item in named_items(self.doc, "tariffs", f"{self.where}: tariffs"):
            item.check_keys(schema.keys(schema.TARIFF, "rates", "rates_csv"))
            tariff = self.upsert(Tariff, name, item, schema.TARIFF)
            if id(tariff) in self.updated:
                tariff.revision = (tariff.revision or 0) + 1  # terms changed: re-index
            self.flush("tariffs")
            self.store_deck(tariff, decks[("tariffs", name)])

    def customer_section(self) -> None:
        if "customer" not in self.doc:
            return
        item = Item(self.doc["customer"], f"{self.where}: customer")
        item.check_keys(schema.keys(schema.CUSTOMER, "tariff", "routing_group"))
        name = item_name(item)
        customer = self.upsert(Customer, name, item, schema.CUSTOMER)
        self.set_ref(customer, "tariff", item, "tariff", Tariff, "tariff")
        self.set_ref(
            customer, "routing_group", item, "routing_group", RoutingGroup, "routing group"
        )
        self.customer = customer
        self.flush("customer")

    def service_plans(self) -> None:
        for name, item in named_items(self.doc, "service_plans", f"{self.where}: service_plans"):
            item.check_keys(schema.keys(schema.SERVICE_PLAN, "tariff"))
            plan = self.upsert(ServicePlan, name, item, schema.SERVICE_PLAN)
            self.require(plan, item, "tariff")
            if item.has("tariff") and not item.text("tariff"):
                raise item.error("tariff", "a service plan needs its basic tariff")
            self.set_ref(plan, "tariff", item, "tariff", Tariff, "tariff")
        self.flush("service_plans")

    def booths(self) -> None:
        logins: set[str] = set()
        for name, item in named_items(self.doc, "booths", f"{self.where}: booths"):
            item.check_keys(schema.keys(schema.BOOTH, "service_plan", "routing_group"))
            booth = self.upsert(Account, name, item, schema.BOOTH)
            self.require(booth, item, "voip_login", "service_plan")
            login = item.text("voip_login")
            if login is not None:
                if not login:
                    raise item.error("voip_login", "must not be empty")
                if login in logins:
                    raise item.error("voip_login", f"{login!r} is used by another booth")
                logins.add(login)
            if item.has("service_plan") and not item.text("service_plan"):
                raise item.error("service_plan", "a booth needs a service plan")
            self.set_ref(booth, "service_plan", item, "service_plan", ServicePlan, "service plan")
            self.set_ref(
                booth, "routing_group", item, "routing_group", RoutingGroup, "routing group"
            )
            if self.customer is not None and booth.customer is not self.customer:
                booth.customer = self.customer  # the booths are the file's customer's
                self.touched(booth)
        self.flush("booths")


def parse_decks(
    document: dict[str, Any], where: str, base: Path, now: datetime
) -> dict[tuple[str, str], list[RateRow] | None]:
    decks: dict[tuple[str, str], list[RateRow] | None] = {}
    for section, key in (("destination_sets", "routes"), ("tariffs", "rates")):
        for name, item in named_items(document, section, f"{where}: {section}"):
            decks[(section, name)] = read_deck(item, key, base, now)
    return decks


def apply_setup(
    db: Database, path: str | Path, *, now: datetime | None = None, user_id: int | None = None
) -> ApplyReport:
    """Apply the set-up file at ``path`` in one transaction; see the module docstring."""
    file = Path(path)
    where = file.name
    document = load_document(file)
    decks = parse_decks(document, where, file.parent, now or utcnow())  # before any write
    with db.session() as session:
        report = Applier(session, document, where).run(decks)
        if report.changed:
            audit(
                session,
                "setup.apply",
                user_id=user_id,
                file=str(file),
                created=dict(report.created),
                updated=dict(report.updated),
            )
    return report
