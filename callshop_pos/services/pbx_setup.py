"""The settings' PBX page in the core: test an AMI address with the existing check
(:mod:`callshop_pos.pbx.check`) and export the Asterisk kit (:mod:`callshop_pos.pbx.kit`) for
the shop's booths and connections. Both block (a network login, file writes): the UI runs
them off its thread."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import select

from callshop_pos.db.engine import Database
from callshop_pos.db.models import Account, Connection
from callshop_pos.errors import CallshopError
from callshop_pos.pbx.check import CheckBooth, CheckTrunk, EventLog, Finding, run_check
from callshop_pos.pbx.client import AmiClient, PbxLink
from callshop_pos.pbx.kit import KitBooth, KitError, KitTrunk, export_config


class PbxSetupError(CallshopError):
    pass


def check_pbx(
    db: Database, url: str, *, login_wait: float = 15.0, wait: float = 3.0
) -> list[Finding]:
    """Log in to ``url`` and run every check for the shop's booths and trunks; the first
    finding says whether the login worked (and if not, exactly why)."""
    with db.read() as s:
        booths = [
            CheckBooth(a.name, a.voip_login)
            for a in s.scalars(select(Account).order_by(Account.position))
        ]
        trunks = [
            CheckTrunk(c.name, c.auth_mode)
            for c in s.scalars(select(Connection).order_by(Connection.id))
        ]
    if not url:
        raise PbxSetupError("no PBX address: give the host, user and secret")
    events = EventLog()
    settled = threading.Event()
    outcome: list[tuple[PbxLink, str]] = []

    def on_state(state: PbxLink, detail: str) -> None:
        if state in (PbxLink.CONNECTED, PbxLink.AUTH_FAILED, PbxLink.UNREACHABLE):
            outcome.append((state, detail))
            settled.set()

    try:
        client = AmiClient.from_url(url, on_event=events.add, on_state=on_state, backoff_max=1.0)
    except ValueError as exc:
        raise PbxSetupError(f"bad PBX address: {exc}") from None
    client.start()
    try:
        where = f"AMI login to {client.host}:{client.port}"
        if not settled.wait(login_wait) or outcome[0][0] is not PbxLink.CONNECTED:
            detail = outcome[0][1] if outcome else "no answer"
            return [Finding("fail", f"{where}: {detail}")]
        findings = [Finding("ok", f"{where} as {client.username}")]
        return findings + run_check(client.action, events, booths, trunks, wait=wait)
    finally:
        client.stop()


def kit_inputs(db: Database) -> tuple[list[KitBooth], list[KitTrunk]]:
    """The shop's booths and connections as the Asterisk kit writes them."""
    with db.read() as s:
        booths = [
            KitBooth(a.name, a.voip_login, a.voip_password)
            for a in s.scalars(select(Account).order_by(Account.position))
        ]
        trunks = [
            KitTrunk(c.name, c.host, c.username, c.password, c.dial_target, c.auth_mode)
            for c in s.scalars(select(Connection).order_by(Connection.id))
        ]
    return booths, trunks


def export_kit(db: Database, folder: str | Path, ami_secret: str | None = None) -> list[Path]:
    """The Asterisk kit for the shop's booths and connections, written into ``folder``."""
    booths, trunks = kit_inputs(db)
    if not booths:
        raise PbxSetupError("no booths to export: add the booths first")
    try:
        return export_config(folder, booths, trunks, ami_secret=ami_secret)
    except KitError as exc:
        raise PbxSetupError(f"nothing written: {exc}") from None
