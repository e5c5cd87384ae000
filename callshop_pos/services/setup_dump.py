"""Writing the shop's set-up out as a set-up file (format: :mod:`services.setup_file`).

Deterministic: objects in id order (booths by position), every key written, money as exact
strings, no timestamps, so dumping the same set-up twice gives the same bytes and a dump
applied to an empty database dumps back identically.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tomli_w
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from callshop_pos.db.engine import Database
from callshop_pos.db.models import (
    Account,
    Connection,
    Customer,
    DestinationSet,
    Preferences,
    RoutingGroup,
    ServicePlan,
    Tariff,
    User,
    Vendor,
)
from callshop_pos.rating.deck import write_deck
from callshop_pos.services import setup_schema as schema
from callshop_pos.services.printer_config import BrokenPrinterSettings, parse_printer_settings
from callshop_pos.services.rates import load_rows
from callshop_pos.services.setup_output import write_private
from callshop_pos.services.setup_values import dump_fields

HEADER = (
    "# Callshop POS shop set-up. Apply with: callshop-pos setup apply FILE\n"
    '# Money is written as strings ("0.25"), never as floats.\n'
    "# Users are written without their secret log-in codes (never kept in a file): a user\n"
    "# this file creates cannot log in until given one with: callshop-pos users passwd NAME\n\n"
)
NO_SECRETS = (
    "# Secrets (VoIP and trunk passwords, the PBX address with its AMI secret) are left out:\n"
    "# applying this file keeps the ones in the database. Dump with --with-secrets for them.\n\n"
)
DEFAULT_NAME = "setup.toml"

# (kind, owner name, deck text) -> the value to write under the item's deck key
DeckSink = Callable[[str, str, str], tuple[str, str]]


def _by_id(session: Session, model: type) -> list[Any]:
    return list(session.scalars(select(model).order_by(*inspect(model).primary_key)))


def _name(obj: Any) -> str | None:
    return None if obj is None else obj.name


def _with(entry: dict[str, Any], **refs: str | None) -> dict[str, Any]:
    """Add references that are set (TOML has no null: an unset one is left out)."""
    entry.update({key: value for key, value in refs.items() if value is not None})
    return entry


def build_document(session: Session, sink: DeckSink, *, secrets: bool = False) -> dict[str, Any]:
    """The set-up as a TOML document; ``secrets=False`` leaves the secret keys out."""
    doc: dict[str, Any] = {}
    prefs = session.get(Preferences, 1)
    if prefs is not None:
        doc["shop"] = dump_fields(prefs, schema.SHOP, secrets=secrets)
        doc["shop"]["numbering"] = dump_fields(prefs, schema.NUMBERING)
        doc["preferences"] = dump_fields(prefs, schema.PREFERENCES)
        if prefs.printer_json:
            # settings the printer page cannot read are left out, not copied
            with contextlib.suppress(BrokenPrinterSettings):
                doc["printer"] = parse_printer_settings(prefs.printer_json).to_dict()
    doc["users"] = [{"name": u.name, **dump_fields(u, schema.USER)} for u in _by_id(session, User)]
    vendors = []
    for vendor in _by_id(session, Vendor):
        entry = {"name": vendor.name, **dump_fields(vendor, schema.VENDOR)}
        entry["connections"] = [
            {"name": c.name, **dump_fields(c, schema.CONNECTION, secrets=secrets)}
            for c in session.scalars(
                select(Connection).where(Connection.vendor_id == vendor.id).order_by(Connection.id)
            )
        ]
        vendors.append(entry)
    doc["vendors"] = vendors
    dsets = []
    for dset in _by_id(session, DestinationSet):
        entry = {"name": dset.name, **dump_fields(dset, schema.DESTINATION_SET)}
        vendor = session.get(Vendor, dset.vendor_id) if dset.vendor_id else None
        _with(entry, vendor=_name(vendor))
        rows = load_rows(session, dset)
        if rows:
            key, value = sink("routes", dset.name, write_deck(rows))
            entry[key] = value
        dsets.append(entry)
    doc["destination_sets"] = dsets
    doc["routing_groups"] = [
        {
            "name": group.name,
            **dump_fields(group, schema.ROUTING_GROUP),
            "entries": [
                {
                    "destination_set": e.destination_set.name,
                    "connection": e.connection.name,
                    "preference": e.preference,
                }
                for e in group.entries
            ],
        }
        for group in _by_id(session, RoutingGroup)
    ]
    tariffs = []
    for tariff in _by_id(session, Tariff):
        entry = {"name": tariff.name, **dump_fields(tariff, schema.TARIFF)}
        rows = load_rows(session, tariff)
        if rows:
            key, value = sink("rates", tariff.name, write_deck(rows))
            entry[key] = value
        tariffs.append(entry)
    doc["tariffs"] = tariffs
    # the file describes one shop, so one customer (the first, if the database has more)
    customer = session.scalar(select(Customer).order_by(Customer.id).limit(1))
    if customer is not None:
        doc["customer"] = _with(
            {"name": customer.name, **dump_fields(customer, schema.CUSTOMER)},
            tariff=_name(customer.tariff),
            routing_group=_name(customer.routing_group),
        )
    doc["service_plans"] = [
        {"name": p.name, **dump_fields(p, schema.SERVICE_PLAN), "tariff": p.tariff.name}
        for p in _by_id(session, ServicePlan)
    ]
    doc["booths"] = [
        _with(
            {
                "name": b.name,
                **dump_fields(b, schema.BOOTH, secrets=secrets),
                "service_plan": b.service_plan.name,
            },
            routing_group=_name(b.routing_group),
        )
        for b in session.scalars(select(Account).order_by(Account.position, Account.name))
    ]
    # empty lists would be written as `key = []`; leaving them out reads the same
    return {key: value for key, value in doc.items() if value != []}


def _render(doc: dict[str, Any], secrets: bool) -> str:
    return HEADER + ("" if secrets else NO_SECRETS) + tomli_w.dumps(doc, multiline_strings=True)


def dump_setup_text(db: Database, *, secrets: bool = False) -> str:
    """The whole set-up as one self-contained TOML text, decks inline (``rates_csv``);
    without ``secrets`` the passwords and the PBX address are left out."""
    with db.read() as session:
        return _render(build_document(session, _inline, secrets=secrets), secrets)


def _inline(kind: str, _name: str, text: str) -> tuple[str, str]:
    return f"{kind}_csv", text


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "deck"


def dump_setup(db: Database, target: str | Path, *, secrets: bool = False) -> list[Path]:
    """Write the set-up file and one CSV deck per tariff/destination set beside it, every
    file owner-only (0600) from its creation. ``target`` is the TOML file, or a folder (then
    ``setup.toml`` in it); without ``secrets`` the passwords and the PBX address are left
    out. Returns the files written, the TOML first."""
    target = Path(target)
    toml_path = target / DEFAULT_NAME if target.is_dir() else target
    folder = toml_path.parent
    if not folder.is_dir():
        raise FileNotFoundError(2, "folder does not exist", str(folder))
    decks: dict[Path, str] = {}

    def sink(kind: str, name: str, text: str) -> tuple[str, str]:
        stem = f"{toml_path.stem}-{'tariff' if kind == 'rates' else 'routes'}-{slug(name)}"
        path = folder / f"{stem}.csv"
        n = 1
        while path in decks:  # two names with the same slug
            n += 1
            path = folder / f"{stem}-{n}.csv"
        decks[path] = text
        return kind, path.name

    with db.read() as session:
        text = _render(build_document(session, sink, secrets=secrets), secrets)
    write_private(toml_path, text)
    for path, deck in decks.items():
        write_private(path, deck, newline="")
    return [toml_path, *decks]
