"""The first-run set-up assistant's use cases: a tariff with its service plan, and a row of
booths with VoIP logins, each saved through :func:`catalog.save` (the same validation, audit
and revisions as the settings dialog). The assistant's widgets only ask and show.

A booth needs a service plan and a plan needs a tariff (the set-up file's required
references), so the tariff step comes before the booths step.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from callshop_pos.db.engine import Database
from callshop_pos.resources import resource_path
from callshop_pos.services import catalog
from callshop_pos.services.catalog import CatalogError

SAMPLE_DECK = ("sample", "street-prices.csv")  # the bundled street prices (package data)
DEFAULT_PLAN = "Standard"
MAX_BOOTHS = 60


def sample_deck() -> Path:
    return resource_path(*SAMPLE_DECK)


@dataclass(frozen=True)
class BoothDraft:
    name: str
    voip_login: str
    voip_password: str


def booth_drafts(count: int, taken: Collection[str] = ()) -> list[BoothDraft]:
    """``count`` new booths booth1, booth2, ... (names and logins alike, skipping ``taken``)
    with generated VoIP passwords."""
    drafts: list[BoothDraft] = []
    number = 0
    while len(drafts) < count:
        number += 1
        name = f"booth{number}"
        if name not in taken:
            drafts.append(BoothDraft(name, name, catalog.new_voip_password()))
    return drafts


def check_booths(drafts: list[BoothDraft]) -> None:
    """Every booth checked as the booth page checks it, and no name or login twice in the
    list (CatalogError: "booth 2: ..."), before anything is saved."""
    if not 1 <= len(drafts) <= MAX_BOOTHS:
        raise CatalogError(f"booths: 1 to {MAX_BOOTHS}")
    names: set[str] = set()
    logins: set[str] = set()
    for index, draft in enumerate(drafts, start=1):
        try:
            catalog.check_name("booths", draft.name)
            for key in ("voip_login", "voip_password"):
                catalog.check_value("booths", key, getattr(draft, key))
        except CatalogError as exc:
            raise CatalogError(f"booth {index}: {exc}") from None
        if draft.name in names:
            raise CatalogError(f"booth {index}: the name {draft.name!r} is given twice")
        if draft.voip_login in logins:
            raise CatalogError(f"booth {index}: the login {draft.voip_login!r} is given twice")
        names.add(draft.name)
        logins.add(draft.voip_login)


def save_booths(
    db: Database, drafts: list[BoothDraft], plan: str, *, user_id: int | None = None
) -> list[str]:
    """The booths, after the ones already on the board, on service plan ``plan``."""
    check_booths(drafts)
    if not plan:
        raise CatalogError("service plan: add a tariff first (a booth needs a price list)")
    first = len(catalog.names(db, "booths")) + 1
    saved = []
    for position, draft in enumerate(drafts, start=first):
        values = {
            "name": draft.name,
            "position": position,
            "voip_login": draft.voip_login,
            "voip_password": draft.voip_password,
            "service_plan": plan,
        }
        saved.append(catalog.save(db, "booths", values, user_id=user_id))
    return saved


def save_tariff(
    db: Database, name: str, plan: str = DEFAULT_PLAN, *, user_id: int | None = None
) -> int:
    """The tariff ``name`` in the shop's currency and the prepaid service plan ``plan`` on it
    (both created, or updated when the assistant is run again); the tariff's id."""
    shop = catalog.load(db, "shop") or {}
    currency = str(shop.get("currency") or "EUR")
    existing = catalog.names(db, "tariffs")
    catalog.save(
        db,
        "tariffs",
        {"name": name, "currency": currency},
        original=name if name in existing else None,
        user_id=user_id,
    )
    plans = catalog.names(db, "service_plans")
    catalog.save(
        db,
        "service_plans",
        {"name": plan, "tariff": name, "billing_type": "prepaid"},
        original=plan if plan in plans else None,
        user_id=user_id,
    )
    tariff_id = catalog.object_id(db, "tariffs", name)
    assert tariff_id is not None
    return tariff_id
