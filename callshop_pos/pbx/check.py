"""`pbx check`: what is missing or wrong on the PBX, one finding per line.

Read-only: it asks Asterisk with harmless actions (ListCommands, ShowDialPlan,
PJSIPShowEndpoints/PJSIPShowEndpoint, PJSIPShowRegistrationsOutbound) and looks at the events
the AMI user receives. Nothing here changes the PBX.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from callshop_pos.pbx.client import ActionResult, AmiError
from callshop_pos.pbx.kit import READ_CLASSES, TEST_CALL_CLASS, WRITE_CLASSES
from callshop_pos.pbx.protocol import Fields, Message

Action = Callable[[Fields], ActionResult]

CONTEXTS = ("callshop-final", "callshop-final-hangup", "callshop-test", "callshop-inbound")
# What the POS sends (engine, resync, this check) and why; the class that allows it.
NEEDED_ACTIONS: dict[str, tuple[str, str]] = {
    "Setvar": ("call", "answer a booth call (route, cap)"),
    "Getvar": ("call", "read a live call's cap after a reconnect"),
    "AbsoluteTimeout": ("call", "move a call's cap (answer, top-up)"),
    "Hangup": ("call", "Stop hangs up a live call"),
    "CoreShowChannels": ("reporting", "find live calls after a reconnect"),
    "DBPut": ("system", "booth open/closed state in AstDB"),
    "DBDel": ("system", "remove a billed call's outcome record"),
    "DBGetTree": ("system", "collect outcome records after a reconnect"),
    "ShowDialPlan": ("reporting", "pbx check: read the dialplan"),
    "PJSIPShowEndpoints": ("system", "pbx check: booth endpoints"),
}
MARKS = {"ok": ("✓", "OK"), "fail": ("✗", "FAIL"), "warn": ("!", "WARN"), "unknown": ("?", "??")}
_PRIV = re.compile(r"\(Priv: ([^)]*)\)\s*$")


@dataclass(frozen=True, slots=True)
class Finding:
    status: str  # ok | fail | warn | unknown
    text: str


@dataclass(frozen=True, slots=True)
class CheckBooth:
    name: str
    login: str


@dataclass(frozen=True, slots=True)
class CheckTrunk:
    name: str
    auth_mode: str  # ip | register | both


class EventLog:
    """The events the check's AMI session receives (filled from the client's thread)."""

    def __init__(self) -> None:
        self._events: list[Message] = []
        self._cond = threading.Condition()

    def add(self, msg: Message) -> None:
        with self._cond:
            self._events.append(msg)
            self._cond.notify_all()

    def snapshot(self) -> list[Message]:
        with self._cond:
            return list(self._events)

    def wait_for(self, predicate: Callable[[Message], bool], timeout: float) -> Message | None:
        """The first event matching, waiting at most `timeout` seconds for it to arrive."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = next((e for e in self._events if predicate(e)), None)
                remaining = deadline - time.monotonic()
                if found is not None or remaining <= 0:
                    return found
                self._cond.wait(remaining)


def render(findings: Sequence[Finding], ascii_only: bool = False) -> list[str]:
    width = max(len(m[1]) for m in MARKS.values())
    if ascii_only:
        return [f"{MARKS[f.status][1]:<{width}} {f.text}" for f in findings]
    return [f"{MARKS[f.status][0]} {f.text}" for f in findings]


def failed(findings: Sequence[Finding]) -> bool:
    return any(f.status == "fail" for f in findings)


# ---------------------------------------------------------------------- rights
def _commands(action: Action) -> dict[str, frozenset[str]]:
    """ListCommands: the actions this user may run, with the classes each is registered with."""
    result = action({"Action": "ListCommands"})
    out: dict[str, frozenset[str]] = {}
    for key, value in result.response.headers:
        found = _PRIV.search(value)
        if found and key not in ("Response", "ActionID", "Message"):
            names = {c for c in found.group(1).split(",") if c not in ("all", "<none>")}
            out[key] = frozenset(names)
    return out


def check_rights(
    commands: dict[str, frozenset[str]], events: Sequence[Message], fully_booted: bool
) -> list[Finding]:
    findings: list[Finding] = []
    for name, (cls, why) in NEEDED_ACTIONS.items():
        if name not in commands:
            findings.append(
                Finding("fail", f"AMI user cannot run {name} ({why}): add {cls} to write =")
            )
    # A class the user holds shows as an action registered with that class alone.
    held = {next(iter(c)) for c in commands.values() if len(c) == 1}
    extra = sorted(held - set(WRITE_CLASSES) - {TEST_CALL_CLASS})
    if extra:
        findings.append(
            Finding(
                "fail",
                f"AMI user has write rights the POS never uses: "
                f"{', '.join(extra)} (remove them from write =)",
            )
        )
    if not any(f.status == "fail" for f in findings):
        findings.append(
            Finding(
                "ok",
                f"AMI user can run every action the POS sends (write = {','.join(WRITE_CLASSES)})",
            )
        )
    if "Originate" in commands:
        risky = (
            " and system: the secret's holder can run commands on the PBX (Originate of System)"
            if "DBPut" in commands
            else ""
        )
        findings.append(
            Finding(
                "warn",
                f"test calls are on (write has originate{risky}); "
                "export again without --allow-test-calls when done",
            )
        )
    else:
        findings.append(Finding("ok", "test calls are off (no originate right)"))
    if fully_booted:
        seen = {c.strip() for e in events for c in (e.get("Privilege") or "").split(",")}
        missing = [c for c in READ_CLASSES if c != "system" and c not in seen]
        findings.append(Finding("ok", "AMI user reads system events (FullyBooted at login)"))
        if missing:
            findings.append(
                Finding(
                    "unknown",
                    f"read {','.join(missing)}: no such event yet "
                    "(they come with calls; pbx test-call shows them)",
                )
            )
    else:
        findings.append(
            Finding(
                "fail",
                "AMI user does not read system events (no FullyBooted "
                "after login): add system to read =",
            )
        )
    return findings


def check_timestamps(event: Message | None, waited: float) -> Finding:
    if event is None:
        return Finding(
            "unknown",
            f"timestampevents: no event in {waited:g} s to tell "
            "(manager.conf [general] needs timestampevents = yes)",
        )
    if event.get("Timestamp"):
        return Finding("ok", "timestampevents = yes (events carry Timestamp)")
    return Finding(
        "fail",
        f"timestampevents is off ({event.name} came without Timestamp): "
        "set timestampevents = yes in manager.conf [general]",
    )


# ---------------------------------------------------------------------- dialplan
def check_dialplan(action: Action) -> list[Finding]:
    findings = []
    for context in CONTEXTS:
        result = action({"Action": "ShowDialPlan", "Context": context})
        if not result.ok:
            why = result.message or "no answer"
            if "permission" in why.lower():
                return [
                    Finding(
                        "fail", "cannot read the dialplan (ShowDialPlan needs write = reporting)"
                    )
                ]
            findings.append(
                Finding(
                    "fail",
                    f"dialplan context [{context}] missing ({why}): "
                    "#include extensions_callshop.conf, dialplan reload",
                )
            )
            continue
        steps = [e for e in result.events if e.name == "ListDialplan"]
        data = " ".join(e.get("AppData") or "" for e in steps)
        if context == "callshop-final-hangup" and "start=" not in data:
            findings.append(
                Finding(
                    "fail",
                    f"dialplan context [{context}] is an older kit "
                    "(no start= in the outcome): install the new "
                    "extensions_callshop.conf",
                )
            )
            continue
        findings.append(Finding("ok", f"dialplan context [{context}] ({len(steps)} steps)"))
    return findings


# ---------------------------------------------------------------------- endpoints
def _endpoints(action: Action) -> dict[str, Message]:
    result = action({"Action": "PJSIPShowEndpoints"})
    return {e.get("ObjectName") or "": e for e in result.events if e.name == "EndpointList"}


def _endpoint_context(action: Action, name: str) -> str:
    result = action({"Action": "PJSIPShowEndpoint", "Endpoint": name})
    detail = next((e for e in result.events if e.name == "EndpointDetail"), None)
    return (detail.get("Context") or "") if detail is not None else ""


def check_booths(
    action: Action, booths: Sequence[CheckBooth], endpoints: dict[str, Message]
) -> list[Finding]:
    findings = []
    for booth in booths:
        label = f"booth {booth.name!r}: endpoint {booth.login}"
        e = endpoints.get(booth.login)
        if e is None:
            findings.append(
                Finding("fail", f"{label} missing (install pjsip_callshop.conf, pjsip reload)")
            )
            continue
        context = _endpoint_context(action, booth.login)
        if context != "callshop-final":
            findings.append(
                Finding("fail", f"{label} sends calls to [{context}], not [callshop-final]")
            )
            continue
        registered = bool(e.get("Contacts")) and e.get("DeviceState") != "Unavailable"
        if registered:
            findings.append(Finding("ok", f"{label}, phone registered"))
        else:
            findings.append(
                Finding(
                    "fail",
                    f"{label}, phone not registered (check its login/password and the PBX address)",
                )
            )
    return findings


def check_trunks(
    action: Action, trunks: Sequence[CheckTrunk], endpoints: dict[str, Message]
) -> list[Finding]:
    if not trunks:
        return []
    result = action({"Action": "PJSIPShowRegistrationsOutbound"})
    regs = {
        e.get("ObjectName") or "": e.get("Status") or ""
        for e in result.events
        if e.name == "OutboundRegistrationDetail"
    }
    findings = []
    for trunk in trunks:
        label = f"connection {trunk.name!r}"
        if trunk.name not in endpoints:
            findings.append(
                Finding(
                    "fail",
                    f"{label}: endpoint {trunk.name} missing "
                    "(install pjsip_callshop.conf, pjsip reload)",
                )
            )
            continue
        status = regs.get(trunk.name)
        if trunk.auth_mode == "ip":
            if status is not None:
                findings.append(
                    Finding(
                        "fail",
                        f"{label}: the PBX registers it ({status}) but "
                        "the carrier authenticates by IP: re-export",
                    )
                )
            else:
                findings.append(Finding("ok", f"{label}: IP authentication, no registration"))
        elif status is None:
            findings.append(
                Finding(
                    "fail",
                    f"{label}: no outbound registration on the PBX (re-export, pjsip reload)",
                )
            )
        elif status != "Registered":
            findings.append(
                Finding(
                    "fail",
                    f"{label}: registration {status} (check the "
                    "username/password with the carrier)",
                )
            )
        else:
            findings.append(Finding("ok", f"{label}: registered"))
    return findings


def run_check(
    action: Action,
    events: EventLog,
    booths: Sequence[CheckBooth],
    trunks: Sequence[CheckTrunk],
    *,
    wait: float = 3.0,
) -> list[Finding]:
    """Every check, in the order the owner fixes things."""
    try:
        booted = events.wait_for(lambda e: e.name == "FullyBooted", min(wait, 2.0)) is not None
        findings = check_rights(_commands(action), events.snapshot(), booted)
        findings += check_dialplan(action)
        endpoints = _endpoints(action)
        findings += check_booths(action, booths, endpoints)
        findings += check_trunks(action, trunks, endpoints)
    except AmiError as exc:
        return [Finding("fail", f"the PBX stopped answering: {exc}")]
    # FullyBooted at login is written directly, never with a Timestamp: look at the others.
    stamped = events.wait_for(lambda e: e.name != "FullyBooted", wait)
    findings.append(check_timestamps(stamped, wait))
    return findings
