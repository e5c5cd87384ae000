"""Writes the Asterisk configuration kit (resources/asterisk) filled in for one shop.

Every value is checked here again before it goes into an Asterisk file (a newline, `;`, `[`
or a control character would start a comment, a section or a new option there): a bad value
is refused with one line naming the booth or connection and the field, and nothing is written.
The files are written into a temporary folder beside the target and moved in only when all
of them are complete.
"""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Template

from callshop_pos.errors import CallshopError
from callshop_pos.resources import resource_path
from callshop_pos.services import validation

KIT_DIR = resource_path("asterisk")

AUTH_MODES = ("ip", "register", "both")
AUTH_MODE_TEXT = {
    "ip": "the carrier knows the PBX by its IP address",
    "register": "the PBX registers with the carrier",
    "both": "registration and IP match",
}
# AMI rights (manager.conf classes), checked against Asterisk 22's manager.c, db.c, pbx.c:
# an action runs when the user has ANY of the classes it is registered with.
READ_CLASSES = ("call", "cdr", "user", "system")
WRITE_CLASSES = ("call", "system", "reporting")
TEST_CALL_CLASS = "originate"
DEFAULT_PERMIT = "127.0.0.1/255.255.255.255"

_SIP_USER = re.compile(r"[A-Za-z0-9._~+%-]{1,64}")
_HOST = re.compile(
    r"(?P<host>[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]+\])"
    r"(?::(?P<port>\d{1,5}))?"
)
_FORBIDDEN = {"\n": "a line break", "\r": "a line break", ";": "';'", "[": "'['", "]": "']'"}


class KitError(CallshopError, ValueError):
    """A value that cannot be written into an Asterisk file (one line, names the field)."""


@dataclass(frozen=True, slots=True)
class KitBooth:
    name: str  # display name, e.g. "Booth 1"
    login: str  # the VoIP login: endpoint, auth and aor name
    password: str


@dataclass(frozen=True, slots=True)
class KitTrunk:
    name: str
    host: str  # host or IP, optional :port
    username: str = ""
    password: str = ""
    dial_target: str = ""
    auth_mode: str = "register"  # "ip" | "register" | "both"


def manager_rights(allow_test_calls: bool = False) -> tuple[str, str]:
    """The AMI user's (read, write) classes: exactly what the POS uses."""
    write = [*WRITE_CLASSES, TEST_CALL_CLASS] if allow_test_calls else list(WRITE_CLASSES)
    return ",".join(READ_CLASSES), ",".join(write)


# ---------------------------------------------------------------------- checks
def check_value(owner: str, field: str, value: str, *, required: bool = True) -> str:
    """A value safe on the right of `key = value` in an Asterisk .conf file."""
    if not value:
        if required:
            raise KitError(f"{owner}: {field} is empty")
        return value
    for ch in value:
        if ch in _FORBIDDEN:
            raise KitError(
                f"{owner}: {field} contains {_FORBIDDEN[ch]}, "
                "which Asterisk would read as config syntax"
            )
        if ord(ch) < 32 or ord(ch) == 127:
            raise KitError(f"{owner}: {field} contains a control character ({ord(ch):#04x})")
    if value != value.strip():
        raise KitError(f"{owner}: {field} starts or ends with a space (Asterisk drops it)")
    return value


def check_sip_name(owner: str, field: str, value: str) -> str:
    """The input rule of ``services.validation`` again, as the last line before the file."""
    check_value(owner, field, value)
    try:
        return validation.check_sip_name(value)
    except validation.ValidationError as exc:
        raise KitError(f"{owner}: {field} {exc}") from None


def check_host(owner: str, value: str) -> str:
    """`host`, `host:port`, `1.2.3.4:5060` or `[2001:db8::1]:5060`; returns the bare host."""
    check_value(owner, "host", value)
    try:
        validation.check_host(value)
    except validation.ValidationError as exc:
        raise KitError(f"{owner}: host {exc}") from None
    found = _HOST.fullmatch(value)
    if found is None:
        raise KitError(
            f"{owner}: host {value!r} is not a host name or IP address with an optional :port"
        )
    return found.group("host")


def check_permit(value: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    """The AMI permit network (an address or a network)."""
    check_value("manager user", "permit", value)
    try:
        net = ipaddress.ip_network(value, strict=False)
    except ValueError:
        raise KitError(
            f"manager user: permit {value!r} is not an IP address or network "
            "(e.g. 192.168.1.20 or 192.168.1.0/24)"
        ) from None
    return net


def _acl_text(net: ipaddress.IPv4Network | ipaddress.IPv6Network) -> str:
    """As manager.conf writes it: address/netmask for IPv4, address/prefix for IPv6."""
    if isinstance(net, ipaddress.IPv4Network):
        return f"{net.network_address}/{net.netmask}"
    return str(net)


def _check_booth(booth: KitBooth) -> None:
    owner = f"booth {booth.name!r}"
    check_value(owner, "name", booth.name)
    if any(ch in booth.name for ch in '"<>'):
        raise KitError(f"{owner}: name contains '\"', '<' or '>' (it is the caller ID name)")
    check_sip_name(owner, "voip_login", booth.login)
    check_value(owner, "voip_password", booth.password)


def _check_trunk(trunk: KitTrunk) -> str:
    owner = f"connection {trunk.name!r}"
    check_sip_name(owner, "name", trunk.name)
    host = check_host(owner, trunk.host)
    if trunk.auth_mode not in AUTH_MODES:
        raise KitError(
            f"{owner}: auth_mode {trunk.auth_mode!r} is not one of {', '.join(AUTH_MODES)}"
        )
    registers = trunk.auth_mode in ("register", "both")
    if trunk.username or registers:
        check_value(owner, "username", trunk.username)
        if not _SIP_USER.fullmatch(trunk.username):
            raise KitError(
                f"{owner}: username {trunk.username!r} is not a SIP user name "
                "(letters, digits, '.', '_', '-', '+', '~', '%')"
            )
    check_value(owner, "password", trunk.password, required=registers)
    check_value(owner, "dial_target", trunk.dial_target, required=False)
    return host


def _check_all(booths: Sequence[KitBooth], trunks: Sequence[KitTrunk]) -> dict[str, str]:
    seen: dict[str, str] = {}
    for booth in booths:
        _check_booth(booth)
        other = seen.setdefault(booth.login, f"booth {booth.name!r}")
        if other != f"booth {booth.name!r}":
            raise KitError(
                f"booth {booth.name!r}: voip_login {booth.login!r} is already used by {other}"
            )
    hosts: dict[str, str] = {}
    for trunk in trunks:
        hosts[trunk.name] = _check_trunk(trunk)
        other = seen.setdefault(trunk.name, f"connection {trunk.name!r}")
        if other != f"connection {trunk.name!r}":
            raise KitError(
                f"connection {trunk.name!r}: name is already used by {other} "
                "(PJSIP section names must differ)"
            )
    return hosts


# ---------------------------------------------------------------------- rendering
def _template(name: str) -> Template:
    return Template((KIT_DIR / name).read_text(encoding="utf-8"))


def _booth_text(booth: KitBooth) -> str:
    return _template("pjsip_booth.conf.template").substitute(
        booth=booth.name, voip_login=booth.login, voip_password=booth.password
    )


def _trunk_text(trunk: KitTrunk, bare_host: str) -> str:
    has_auth = bool(trunk.username and trunk.password)
    endpoint_auth = ""
    if has_auth:
        endpoint_auth += f"outbound_auth = {trunk.name}\n"
    if trunk.username:
        endpoint_auth += f"from_user = {trunk.username}\n"
    values = {
        "trunk": trunk.name,
        "host": trunk.host,
        "username": trunk.username,
        "password": trunk.password,
        "match": bare_host,
        "auth_mode_text": f"auth_mode {trunk.auth_mode}: {AUTH_MODE_TEXT[trunk.auth_mode]}",
        "endpoint_auth": endpoint_auth,
    }
    text = _template("pjsip_trunk.conf.template").substitute(values)
    if has_auth:
        text += _template("pjsip_trunk_auth.conf.template").substitute(values)
    if trunk.auth_mode in ("register", "both"):
        text += _template("pjsip_trunk_registration.conf.template").substitute(values)
    if trunk.auth_mode in ("ip", "both"):
        text += _template("pjsip_trunk_identify.conf.template").substitute(values)
    if trunk.dial_target:
        text += f"; dial target used by the POS: {trunk.dial_target}\n"
    return text


def render_kit(
    booths: Sequence[KitBooth],
    trunks: Sequence[KitTrunk],
    *,
    ami_secret: str,
    ami_permit: str = DEFAULT_PERMIT,
    allow_test_calls: bool = False,
) -> dict[str, str]:
    """The kit's files (name -> text); raises KitError before rendering anything bad."""
    hosts = _check_all(booths, trunks)
    check_value("manager user", "secret", ami_secret)
    permit = check_permit(ami_permit)
    read, write = manager_rights(allow_test_calls)
    manager = _template("manager.conf").substitute(
        ami_secret=ami_secret,
        ami_permit=_acl_text(permit),
        ami_read=read,
        ami_write=write,
        ami_bindaddr="127.0.0.1" if permit.is_loopback else "0.0.0.0",
    )
    pjsip = [(KIT_DIR / "pjsip_transport.conf").read_text("utf-8")]
    pjsip += [_booth_text(b) for b in booths]
    pjsip += [_trunk_text(t, hosts[t.name]) for t in trunks]
    return {
        "manager.conf": manager,
        "extensions_callshop.conf": (KIT_DIR / "extensions_callshop.conf").read_text("utf-8"),
        "pjsip_callshop.conf": "\n".join(pjsip),
    }


def export_config(
    directory: str | Path,
    booths: Sequence[KitBooth],
    trunks: Sequence[KitTrunk],
    ami_secret: str | None = None,
    ami_permit: str = DEFAULT_PERMIT,
    allow_test_calls: bool = False,
) -> list[Path]:
    """Write the kit into `directory`: all files or none (KitError names the bad value)."""
    files = render_kit(
        booths,
        trunks,
        ami_secret=ami_secret or secrets.token_urlsafe(18),
        ami_permit=ami_permit,
        allow_test_calls=allow_test_calls,
    )
    out = Path(directory)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name, text in files.items():
            path = staging / name
            path.write_text(text, encoding="utf-8")
            if name == "manager.conf":
                path.chmod(0o600)  # it holds the AMI secret
        out.mkdir(exist_ok=True)
        written = []
        for name in files:
            os.replace(staging / name, out / name)
            written.append(out / name)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
