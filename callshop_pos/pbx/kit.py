"""Writes the Asterisk configuration kit (resources/asterisk) filled in for one shop."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from pathlib import Path
from string import Template

KIT_DIR = Path(__file__).resolve().parents[2] / "resources" / "asterisk"


def _template(name: str) -> Template:
    return Template((KIT_DIR / name).read_text(encoding="utf-8"))


def export_config(
    directory: str | Path,
    booths: Sequence[tuple[str, str, str]],
    trunks: Sequence[tuple[str, str, str, str, str | None]],
    ami_secret: str | None = None,
    ami_permit: str = "127.0.0.1/255.255.255.255",
) -> list[Path]:
    """booths: (name, voip_login, voip_password); trunks: (name, host, user, password, target)."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    secret = ami_secret or secrets.token_urlsafe(18)
    manager = _template("manager.conf").substitute(ami_secret=secret, ami_permit=ami_permit)
    pjsip = [
        _template("pjsip_booth.conf.template").substitute(
            booth=name, voip_login=login, voip_password=password)
        for name, login, password in booths
    ]
    for name, host, user, password, target in trunks:
        text = _template("pjsip_trunk.conf.template").substitute(
            trunk=name, host=host, username=user, password=password)
        if target:
            text += f"; dial target used by the POS: {target}\n"
        pjsip.append(text)
    files = {
        "manager.conf": manager,
        "extensions_callshop.conf": (KIT_DIR / "extensions_callshop.conf").read_text("utf-8"),
        "pjsip_callshop.conf": "\n".join(pjsip),
    }
    written = []
    for name, text in files.items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
