"""A fake Asterisk speaking real AMI over TCP, playing the [callshop-final] dialplan.

It runs an asyncio loop in its own thread; every public method is thread-safe. Messages use
the header names and order of the recordings in tests/data/ami (Asterisk 22, AMI 11.0.0).
`speed` scales time (speed=20: a 3 s wait takes 0.15 s) while every number Asterisk reports
(Cdr seconds, TIMEOUT(absolute), timestamps) stays in simulated seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import hashlib
import itertools
import logging
import random
import re
import threading
import time
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from callshop_pos.pbx.outcome import BOOTH_FAMILY, OUTCOME_FAMILY, OutcomeRecord, format_outcome
from callshop_pos.pbx.protocol import AmiParser, Message, encode_message, encode_pairs
from callshop_pos.resources import resource_path

log = logging.getLogger(__name__)

BANNER = b"Asterisk Call Manager/11.0.0\r\n"
CONTEXT = "callshop-final"
STATE_DESC = {0: "Down", 4: "Ring", 5: "Ringing", 6: "Up"}
CAUSE_TEXT = {
    0: "Unknown",
    16: "Normal Clearing",
    17: "User busy",
    19: "No user responding",
    20: "Subscriber absent",
    21: "Call Rejected",
    34: "Circuit/channel congestion",
    38: "Network out of order",
}
OUTCOMES = ("answer", "busy", "noanswer", "congestion", "chanunavail")
RING_TIMEOUT = 20.0  # Dial(...,20) in the dialplan
KIT_DIALPLAN = resource_path("asterisk", "extensions_callshop.conf")

# The actions the simulator answers: synopsis and the classes Asterisk 22 registers each with
# (ast_manager_register_xml: main/manager.c, main/db.c, main/pbx.c, res/res_pjsip*). A user
# may run an action when its write classes share ANY class with these; () = everyone.
ACTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Ping": ("Keepalive command.", ()),
    "Logoff": ("Logoff Manager.", ()),
    "Login": ("Login Manager.", ()),
    "Challenge": ("Generate Challenge for MD5 Auth.", ()),
    "ListCommands": ("List available manager commands.", ()),
    "Hangup": ("Hangup channel.", ("system", "call")),
    "Status": ("List channel status.", ("system", "call", "reporting")),
    "Setvar": ("Sets a channel variable or function value.", ("call",)),
    "Getvar": ("Gets a channel variable or function value.", ("call", "reporting")),
    "Originate": ("Originate a call.", ("originate",)),
    "Command": ("Execute Asterisk CLI Command.", ("command",)),
    "AbsoluteTimeout": ("Set absolute timeout.", ("system", "call")),
    "UserEvent": ("Send an arbitrary event.", ("user",)),
    "CoreSettings": ("Show PBX core settings (version etc).", ("system", "reporting")),
    "CoreShowChannels": ("List currently active channels.", ("system", "reporting")),
    "DBGet": ("Get DB Entry.", ("system", "reporting")),
    "DBGetTree": ("Get DB entries, optionally at a particular family/key", ("system", "reporting")),
    "DBPut": ("Put DB entry.", ("system",)),
    "DBDel": ("Delete DB entry.", ("system",)),
    "DBDelTree": ("Delete DB Tree.", ("system",)),
    "ShowDialPlan": ("Show dialplan contexts and extensions", ("config", "reporting")),
    "PJSIPShowEndpoints": ("Lists PJSIP endpoints.", ("system",)),
    "PJSIPShowEndpoint": ("Detail listing of an endpoint and its objects.", ("system",)),
    "PJSIPShowRegistrationsOutbound": (
        "Lists PJSIP outbound registrations.",
        ("system", "reporting"),
    ),
}
# An action as sent (any case) -> its name above, and the classes it needs: one dict probe
# per action (Asterisk looks its actions up in a hash table too).
ACTION_NAMES = {name.lower(): name for name in ACTIONS}
ACTION_NEEDS = {name.lower(): frozenset(needs) for name, (_, needs) in ACTIONS.items()}
# authority_to_str's order (main/manager.c perms[])
CLASS_ORDER = (
    "system",
    "call",
    "log",
    "verbose",
    "command",
    "agent",
    "user",
    "config",
    "dtmf",
    "reporting",
    "cdr",
    "dialplan",
    "originate",
    "agi",
    "cc",
    "aoc",
    "test",
    "security",
    "message",
)


@functools.lru_cache(maxsize=256)
def classes_of(spec: str) -> frozenset[str]:
    """A manager.conf `read =`/`write =` value as a set of classes ("all" = every class)."""
    names = {c.strip().lower() for c in spec.split(",") if c.strip()}
    return frozenset(CLASS_ORDER) if "all" in names else frozenset(names)


def authority_text(classes: Sequence[str]) -> str:
    """Like authority_to_str(): "system,call,all", or "<none>"."""
    names = [c for c in CLASS_ORDER if c in classes]
    return ",".join([*names, "all"]) if names else "<none>"


# one Cdr event's fields, as _cdr takes them: channel, destination channel, application, data,
# start, answer (None: not answered), end, disposition
_CdrRow = tuple["Channel", str, str, str, float, "float | None", float, str]


@dataclass(frozen=True, slots=True)
class DialplanLine:
    context: str
    exten: str
    priority: int
    label: str
    app: str
    data: str


def load_dialplan(path: Path = KIT_DIALPLAN) -> list[DialplanLine]:
    """The contexts of a dialplan file as `dialplan reload` would hold them (no includes)."""
    lines: list[DialplanLine] = []
    context, exten, prio = "", "", 0
    step = re.compile(
        r"(?:exten\s*=>\s*([^,]+),|\s*same\s*=>\s*)(\w+)(?:\((\w+)\))?,"
        r"([A-Za-z]+)\((.*)\)\s*$"
    )
    for raw in path.read_text("utf-8").splitlines():
        raw = raw.split(";", 1)[0].rstrip()
        if raw.startswith("["):
            context = raw.strip()[1:].split("]")[0]
            continue
        found = step.match(raw)
        if not found or not context:
            continue
        if found.group(1):
            exten = found.group(1).strip()
        prio = 1 if found.group(2) == "1" else prio + 1
        lines.append(
            DialplanLine(context, exten, prio, found.group(3) or "", found.group(4), found.group(5))
        )
    return lines


def auth_wait_of(dialplan: Sequence[DialplanLine]) -> tuple[float, float]:
    """(timeout, interval) in seconds of [callshop-final]'s WaitForCondition: its last two
    arguments, ``WaitForCondition(#,#[...],3,0.02)``; Asterisk's defaults (no timeout, 0.05 s)
    where one is left out."""
    for line in dialplan:
        if line.context == CONTEXT and line.app == "WaitForCondition":
            args = line.data.rsplit("]", 1)[-1].split(",")[1:]
            timeout = float(args[0]) if args and args[0].strip() else 0.0
            interval = float(args[1]) if len(args) > 1 and args[1].strip() else 0.05
            return timeout, interval
    raise ValueError(f"no WaitForCondition in [{CONTEXT}]")


@dataclass(slots=True)
class SimEndpoint:
    """A PJSIP endpoint with its aor; `contact` is the registered phone (None: none)."""

    name: str
    context: str = CONTEXT
    contact: str | None = None
    outbound_auth: str = ""
    static_contact: str = ""


@dataclass(slots=True)
class CallScript:
    """What the far end does. `routes` overrides `outcome` per route (failover tests)."""

    answer_after: float = 2.0
    outcome: str = "answer"
    talk: float | None = None  # far end hangs up after this much talk; None = never
    routes: Sequence[str] = ()

    def outcome_for(self, route_index: int) -> str:
        if route_index < len(self.routes):
            return self.routes[route_index]
        return self.outcome


@dataclass(eq=False)
class Channel:
    name: str
    uniqueid: str
    linkedid: str
    cid_num: str
    cid_name: str
    context: str
    exten: str
    created: float
    state: int = 4
    priority: int = 1
    connected_num: str = "<unknown>"
    connected_name: str = "<unknown>"
    variables: dict[str, str] = field(default_factory=dict)
    deadline: float | None = None  # TIMEOUT(absolute), simulated epoch seconds
    application: str = ""
    app_data: str = ""
    bridge_id: str = ""
    answered: float | None = None
    end: asyncio.Future[tuple[int, str]] | None = None
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    decided: asyncio.Event = field(default_factory=asyncio.Event)  # CALLSHOP_AUTH != ""
    task: asyncio.Task[Any] | None = None


class _Session:
    """One AMI connection. What is sent to it during one turn of the event loop (the replies
    to one read, the events of a burst of calls) is kept, in order, and written as one write
    at the end of that turn, or at :meth:`flush` (before anything that waits or closes the
    link): the same bytes in the same order, without a send call per message (Asterisk, in
    C, pays microseconds for each; Python's asyncio tens, which made the simulator's own
    work the largest part of a 100-booth burst's round trip)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.user: str | None = None
        self.challenge: str | None = None
        self._pending: list[bytes] = []
        self._loop = asyncio.get_running_loop()

    def send(self, data: bytes) -> None:
        """Queue ``data`` (the event loop's thread only), written at the end of this turn."""
        if not self._pending:
            self._loop.call_soon(self.flush)
        self._pending.append(data)

    def flush(self) -> None:
        """Write what is queued now."""
        pending, self._pending = self._pending, []
        if pending and not self.writer.is_closing():
            self.writer.write(b"".join(pending))


class AsteriskSimulator:
    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        users: dict[str, str] | None = None,
        *,
        speed: float = 1.0,
        timestampevents: bool = True,
        auth_wait: float = 3.0,
        endbeforehexten: bool = True,
        auto_authorize_cap_ms: int | None = None,
        login_fail_delay: float = 1.0,
        clock_offset: float = 0.0,
        rights: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.users = dict(users or {"callshop": "callshop-secret"})
        self.speed = speed
        self.timestampevents = timestampevents
        self.auth_wait = auth_wait
        self.endbeforehexten = endbeforehexten
        # Standalone use without the app: authorize every call with this cap.
        self.auto_authorize_cap_ms = auto_authorize_cap_ms
        self.login_fail_delay = login_fail_delay
        self.astdb: dict[str, str] = {}
        self.test_call_script = CallScript(answer_after=2.0)
        self.answer_pings = True
        self.accept_logins = True
        self.channels: dict[str, Channel] = {}
        self._sessions: set[_Session] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.AbstractServer | None = None
        self._thread: threading.Thread | None = None
        self._seq = itertools.count(1)
        self._chan_seq = itertools.count(0)
        # Asterisk's clock minus the PC's (a PBX whose clock is 30 s behind: -30)
        self._t0_epoch = time.time() + clock_offset
        self._t0_mono = time.monotonic()
        self._boot_epoch = self._t0_epoch
        self._booth_registered: dict[str, bool] = {}
        # manager.conf read/write classes per user; a user not named has read=all, write=all
        self.rights = dict(rights or {})
        self.dialplan = load_dialplan()
        # WaitForCondition's interval: the dialplan goes on at the first check after the
        # decision is set (the timeout is auth_wait, in simulated seconds)
        self.auth_poll = auth_wait_of(self.dialplan)[1]
        self.endpoints: dict[str, SimEndpoint] = {}
        self.registrations: dict[str, str] = {}  # outbound registration -> Status

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> int:
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            loop.run_until_complete(self._listen())
            ready.set()
            loop.run_forever()
            loop.close()

        self._thread = threading.Thread(target=run, name="asterisk-sim", daemon=True)
        self._thread.start()
        ready.wait(5)
        return self.port

    def stop(self) -> None:
        if self._loop is None:
            return
        with contextlib.suppress(Exception):
            self._call(self._shutdown()).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(5)
        self._loop = None

    def __enter__(self) -> AsteriskSimulator:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _shutdown(self) -> None:
        self._kill_channels()
        if self._server is not None:
            self._server.close()
        for s in list(self._sessions):
            s.flush()
            s.writer.close()
        # Calls, sessions and timers end with the PBX: cancel them and wait, so stopping
        # never leaves "Task was destroyed but it is pending" behind.
        current = asyncio.current_task()
        tasks = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _call(self, coro: Coroutine[Any, Any, Any]) -> Any:
        assert self._loop is not None, "simulator not started"
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    # ------------------------------------------------------------------ scripting API
    def place_call(
        self,
        booth: str,
        number: str,
        answer_after: float = 2.0,
        outcome: str = "answer",
        talk: float | None = None,
        routes: Sequence[str] = (),
    ) -> str:
        """A booth phone dials `number`; returns the booth channel's Uniqueid."""
        if outcome not in OUTCOMES or any(r not in OUTCOMES for r in routes):
            raise ValueError(f"outcome must be one of {OUTCOMES}")
        script = CallScript(answer_after, outcome, talk, tuple(routes))
        return self._call(self._start_booth_call(booth, number, script)).result(5)

    def hangup_booth(self, booth: str) -> None:
        """The booth's caller puts the handset down."""
        self._call(self._hangup_where(lambda c: _endpoint(c.name) == booth, 16, "booth"))

    def register_booth(self, booth: str, registered: bool) -> None:
        self._call(self._register(booth, registered)).result(5)

    # what `pbx check` reads: make the PBX miss things
    def remove_context(self, context: str) -> None:
        self.dialplan = [line for line in self.dialplan if line.context != context]

    def add_endpoint(
        self,
        name: str,
        context: str = CONTEXT,
        contact: str | None = None,
        outbound_auth: str = "",
        static_contact: str = "",
    ) -> None:
        self.endpoints[name] = SimEndpoint(name, context, contact, outbound_auth, static_contact)

    def remove_endpoint(self, name: str) -> None:
        self.endpoints.pop(name, None)

    def add_trunk(self, name: str, host: str, registration: str | None = "Registered") -> None:
        """A carrier trunk; `registration` is its outbound registration's Status (None: the
        trunk has no registration, e.g. IP authentication)."""
        self.add_endpoint(
            name,
            "callshop-inbound",
            outbound_auth=name if registration else "",
            static_contact=f"sip:{host}",
        )
        if registration is not None:
            self.registrations[name] = registration
        else:
            self.registrations.pop(name, None)

    def drop_links(self) -> None:
        """Close every AMI connection abruptly (calls go on)."""
        self._call(self._drop_links()).result(5)

    def stop_answering_pings(self, stop: bool = True) -> None:
        self.answer_pings = not stop

    def reject_logins(self, reject: bool = True) -> None:
        self.accept_logins = not reject

    def restart(self) -> None:
        """Asterisk restarts: links and channels gone, uptime reset, AstDB kept."""
        self._call(self._restart()).result(5)

    def db_get(self, family: str, key: str) -> str | None:
        return self.astdb.get(f"{family}/{key}")

    def db_put(self, family: str, key: str, value: str) -> None:
        self.astdb[f"{family}/{key}"] = value

    def set_booth_open(self, booth: str, is_open: bool = True) -> None:
        if is_open:
            self.db_put(BOOTH_FAMILY, f"{booth}/state", "open")
        else:
            self.astdb.pop(f"{BOOTH_FAMILY}/{booth}/state", None)

    def channel_names(self) -> list[str]:
        return self._call(self._list_names()).result(5)

    async def _list_names(self) -> list[str]:
        return [c.name for c in self.channels.values()]

    # ------------------------------------------------------------------ time
    def now(self) -> float:
        return self._t0_epoch + (time.monotonic() - self._t0_mono) * self.speed

    async def _sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds) / self.speed)

    def _local(self, epoch: float | None) -> str:
        return "" if epoch is None else time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(epoch))

    # ------------------------------------------------------------------ events
    def _emit(self, event: str, privilege: str, pairs: list[tuple[str, str]]) -> None:
        headers = [("Event", event), ("Privilege", f"{privilege},all")]
        if self.timestampevents:
            headers.append(("Timestamp", f"{self.now():.6f}"))
        data = encode_pairs(headers + pairs)
        for s in list(self._sessions):
            if s.user is not None and privilege in self._read(s.user):
                s.send(data)

    def _read(self, user: str) -> frozenset[str]:
        return classes_of(self.rights.get(user, ("all", "all"))[0])

    def _write(self, user: str) -> frozenset[str]:
        return classes_of(self.rights.get(user, ("all", "all"))[1])

    @staticmethod
    def _chan(c: Channel, prefix: str = "") -> list[tuple[str, str]]:
        return [
            (f"{prefix}Channel", c.name),
            (f"{prefix}ChannelState", str(c.state)),
            (f"{prefix}ChannelStateDesc", STATE_DESC.get(c.state, "Unknown")),
            (f"{prefix}CallerIDNum", c.cid_num),
            (f"{prefix}CallerIDName", c.cid_name),
            (f"{prefix}ConnectedLineNum", c.connected_num),
            (f"{prefix}ConnectedLineName", c.connected_name),
            (f"{prefix}Language", "en"),
            (f"{prefix}AccountCode", ""),
            (f"{prefix}Context", c.context),
            (f"{prefix}Exten", c.exten),
            (f"{prefix}Priority", str(c.priority)),
            (f"{prefix}Uniqueid", c.uniqueid),
            (f"{prefix}Linkedid", c.linkedid),
        ]

    def _new_channel(
        self,
        name: str,
        linkedid: str | None,
        *,
        uniqueid: str | None = None,
        cid: tuple[str, str] = ("<unknown>", "<unknown>"),
        context: str = CONTEXT,
        exten: str = "s",
        state: int = 4,
    ) -> Channel:
        uid = uniqueid or f"{int(self._boot_epoch)}.{next(self._seq)}"
        c = Channel(
            name, uid, linkedid or uid, cid[0], cid[1], context, exten, self.now(), state=state
        )
        c.end = asyncio.get_running_loop().create_future()
        self.channels[uid] = c
        self._emit("Newchannel", "call", self._chan(c))
        return c

    def _newstate(self, c: Channel, state: int) -> None:
        c.state = state
        self._emit("Newstate", "call", self._chan(c))

    def _hangup_event(self, c: Channel, cause: int, tech_cause: str | None = None) -> None:
        self.channels.pop(c.uniqueid, None)
        pairs = [*self._chan(c), ("Cause", str(cause)), ("Cause-txt", CAUSE_TEXT.get(cause, ""))]
        if tech_cause:
            pairs.append(("TechCause", tech_cause))
        self._emit("Hangup", "call", pairs)

    def _user_event(self, c: Channel, name: str, pairs: list[tuple[str, str]]) -> None:
        self._emit("UserEvent", "user", [*self._chan(c), ("UserEvent", name), *pairs])

    def _cdr(
        self,
        c: Channel,
        dest_channel: str,
        app: str,
        data: str,
        start: float,
        answer: float | None,
        end: float,
        disposition: str,
    ) -> None:
        billable = int(end - answer) if answer is not None else 0
        self._emit(
            "Cdr",
            "cdr",
            [
                ("AccountCode", ""),
                ("Source", c.cid_num),
                ("Destination", c.exten),
                ("DestinationContext", CONTEXT),
                ("CallerID", f'"{c.cid_name}" <{c.cid_num}>'),
                ("Channel", c.name),
                ("DestinationChannel", dest_channel),
                ("LastApplication", app),
                ("LastData", data),
                ("StartTime", self._local(start)),
                ("AnswerTime", self._local(answer)),
                ("EndTime", self._local(end)),
                ("Duration", str(int(end - start))),
                ("BillableSeconds", str(max(0, billable))),
                ("Disposition", disposition),
                ("AMAFlags", "DOCUMENTATION"),
                ("UniqueID", c.uniqueid),
                ("UserField", ""),
                ("Booth", c.variables.get("BOOTH", "")),
            ],
        )

    async def _register(self, booth: str, registered: bool) -> None:
        self._booth_registered[booth] = registered
        endpoint = self.endpoints.setdefault(booth, SimEndpoint(booth))
        endpoint.contact = f"sip:{booth}@192.0.2.10:5060" if registered else None
        self._emit(
            "PeerStatus",
            "system",
            [
                ("ChannelType", "PJSIP"),
                ("Peer", f"PJSIP/{booth}"),
                ("PeerStatus", "Reachable" if registered else "Unreachable"),
            ],
        )
        self._emit(
            "ContactStatus",
            "system",
            [
                ("URI", f"sip:{booth}@192.0.2.10:5060"),
                ("ContactStatus", "NonQualified" if registered else "Removed"),
                ("AOR", booth),
                ("EndpointName", booth),
                ("RoundtripUsec", "0"),
            ],
        )

    # ------------------------------------------------------------------ the dialplan
    async def _start_booth_call(self, booth: str, number: str, script: CallScript) -> str:
        name = f"PJSIP/{booth}-{next(self._chan_seq):08x}"
        label = booth[:1].upper() + booth[1:]
        label = "".join(ch if not ch.isdigit() else f" {ch}" for ch in label).replace("  ", " ")
        c = self._new_channel(name, None, cid=(booth, label), exten=number)
        c.variables["BOOTH"] = booth
        c.task = asyncio.create_task(self._callshop_final(c, number, script))
        return c.uniqueid

    async def _callshop_final(self, c: Channel, number: str, script: CallScript) -> None:
        """[callshop-final] of resources/asterisk/extensions_callshop.conf, step by step."""
        assert c.end is not None
        booth = c.variables.get("BOOTH", "")
        c.variables["CALLSHOP_NUMBER"] = number
        start = self.now()
        result = "booth-not-open"
        if not booth or self.astdb.get(f"{BOOTH_FAMILY}/{booth}/state") != "open":
            await self._refuse(c, number, result, start)
            return
        c.variables["CALLSHOP_AUTH"] = ""
        c.priority = 10
        self._user_event(
            c, "CallshopAuthorize", [("Booth", booth), ("Number", number), ("Uniqueid", c.uniqueid)]
        )
        if self.auto_authorize_cap_ms:
            c.variables.update(
                CALLSHOP_ROUTE=f"PJSIP/{number}@trunk",
                CALLSHOP_CAP_MS=str(self.auto_authorize_cap_ms),
                CALLSHOP_AUTH="1",
            )
        if not await self._wait_for_decision(c):
            if c.end.done():
                await self._finish_refused_by_caller(c, start)
            else:
                await self._refuse(c, number, "auth-timeout", start)
            return
        reason = c.variables.get("CALLSHOP_REASON", "")
        cap_ms = c.variables.get("CALLSHOP_CAP_MS", "")
        route1 = c.variables.get("CALLSHOP_ROUTE", "")
        cap_ok = cap_ms.isdigit() and not cap_ms.startswith("0")
        if c.variables["CALLSHOP_AUTH"] != "1" or not cap_ok or not route1:
            await self._refuse(c, number, f"denied:{reason}", start)
            return
        c.deadline = self.now() + int(cap_ms) / 1000.0  # TIMEOUT(absolute), ringing included
        c.changed.set()
        watcher = asyncio.create_task(self._watch_timeout(c))
        try:
            result = "route1"
            cdrs: list[_CdrRow] = []
            status, peer, _ = await self._dial(c, route1, script, 0, cdrs)
            route2 = c.variables.get("CALLSHOP_ROUTE2", "")
            if status in ("CHANUNAVAIL", "CONGESTION") and route2 and not c.end.done():
                result = "route2"
                c.priority = 23
                self._user_event(
                    c,
                    "CallshopFailover",
                    [("Booth", booth), ("Uniqueid", c.uniqueid), ("DialStatus", status)],
                )
                status, peer, _ = await self._dial(c, route2, script, 1, cdrs)
            cause = await self._wait_end(c, status)
        finally:
            watcher.cancel()
        end = self.now()
        answered_ms = int((end - c.answered) * 1000) if c.answered is not None else None
        self._outcome(
            c, OutcomeRecord(booth, number, result, status, answered_ms, cause, peer, end, start)
        )
        for cdr in cdrs[:-1]:
            self._cdr(*cdr)
        self._hangup_event(c, cause)
        last = cdrs[-1]
        self._cdr(*last[:6], end, last[7])
        if not self.endbeforehexten:
            self._cdr(c, "", "Return", "", end, end if c.answered else None, end, last[7])

    async def _wait_for_decision(self, c: Channel) -> bool:
        """WaitForCondition(#,#["#{CALLSHOP_AUTH}" != ""],3,<interval>) (app_waitforcond.c):
        the condition is checked at once, then after every interval, at most ``auth_wait``;
        a hangup ends the wait at once (ast_safe_sleep). True when the decision came: the
        dialplan goes on at the first check after it was set. Waits on an event rather than
        waking every interval: the same moments, without a Python wake-up per check."""
        assert c.end is not None
        if c.variables.get("CALLSHOP_AUTH"):
            return True
        began = time.monotonic()
        decided = asyncio.ensure_future(c.decided.wait())
        either: set[asyncio.Future[Any]] = {decided, c.end}
        try:
            await asyncio.wait(
                either, timeout=self.auth_wait / self.speed, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            decided.cancel()
        if not c.variables.get("CALLSHOP_AUTH"):
            return False
        waited = (time.monotonic() - began) * self.speed  # simulated seconds
        ticks = -(-waited // self.auth_poll)  # the first check at or after the decision
        await self._sleep(ticks * self.auth_poll - waited)
        return True

    async def _wait_end(self, c: Channel, status: str) -> int:
        assert c.end is not None
        if status != "ANSWER":
            if not c.end.done():
                c.end.set_result(
                    ({"BUSY": 17, "CONGESTION": 34, "CHANUNAVAIL": 34}.get(status, 16), "dialplan")
                )
            return c.end.result()[0]
        cause, _who = await c.end
        return cause

    async def _dial(
        self, c: Channel, route: str, script: CallScript, index: int, cdrs: list[_CdrRow]
    ) -> tuple[str, str, float]:
        assert c.end is not None
        outcome = script.outcome_for(index)
        dial_start = self.now()
        trunk = route.split("@", 1)[1] if "@" in route else route.split("/")[1]
        dial_string = route.split("/", 1)[1] if "/" in route else route
        peer = self._new_channel(
            f"PJSIP/{trunk}-{next(self._chan_seq):08x}", c.linkedid, context="from-vendor", state=0
        )
        peer.exten = c.exten
        peer.cid_num, peer.connected_num, peer.connected_name = c.exten, c.cid_num, c.cid_name
        peer.application, peer.app_data = "AppDial", "(Outgoing Line)"
        c.priority = 19 if index == 0 else 24
        c.application, c.app_data = "Dial", f"{route},20"
        self._emit(
            "DialBegin",
            "call",
            [*self._chan(c), *self._chan(peer, "Dest"), ("DialString", dial_string)],
        )

        def dial_end(status: str) -> None:
            self._emit(
                "DialEnd",
                "call",
                [*self._chan(c), *self._chan(peer, "Dest"), ("DialStatus", status)],
            )

        def cdr(disposition: str) -> None:
            cdrs.append(
                (
                    c,
                    peer.name,
                    "Dial",
                    f"{route},20",
                    dial_start,
                    c.answered,
                    self.now(),
                    disposition,
                )
            )

        if outcome in ("congestion", "chanunavail"):
            await self._sleep(0.002)
            status = "CONGESTION" if outcome == "congestion" else "CHANUNAVAIL"
            dial_end(status)
            self._hangup_event(peer, 34 if status == "CONGESTION" else 20, "503")
            cdr("CONGESTION" if status == "CONGESTION" else "FAILED")
            return status, peer.name, dial_start
        await self._sleep(0.1)
        self._newstate(peer, 5)
        self._emit(
            "DialState",
            "call",
            [*self._chan(c), *self._chan(peer, "Dest"), ("DialStatus", "RINGING")],
        )
        ring_for = {
            "answer": script.answer_after,
            "busy": script.answer_after,
            "noanswer": RING_TIMEOUT,
        }[outcome]
        ring_for = min(ring_for, RING_TIMEOUT)
        done, _ = await asyncio.wait({c.end}, timeout=max(0.0, ring_for - 0.1) / self.speed)
        if done:  # caller hung up, AMI Hangup or the cap ran out while ringing
            dial_end("CANCEL")
            self._hangup_event(peer, 16)
            cdr("NO ANSWER")
            return "CANCEL", peer.name, dial_start
        if outcome == "busy":
            dial_end("BUSY")
            self._hangup_event(peer, 17)
            cdr("BUSY")
            return "BUSY", peer.name, dial_start
        if outcome == "noanswer":
            dial_end("NOANSWER")
            self._hangup_event(peer, 0)
            cdr("NO ANSWER")
            return "NOANSWER", peer.name, dial_start
        c.answered = self.now()
        c.connected_num = c.exten
        dial_end("ANSWER")
        self._newstate(peer, 6)
        self._newstate(c, 6)
        c.bridge_id = f"bridge-{c.uniqueid}"
        for leg in (c, peer):
            self._emit(
                "BridgeEnter",
                "call",
                [
                    ("BridgeUniqueid", c.bridge_id),
                    ("BridgeType", "basic"),
                    ("BridgeTechnology", "simple_bridge"),
                    ("BridgeCreator", "<unknown>"),
                    ("BridgeName", "<unknown>"),
                    ("BridgeNumChannels", "2"),
                    ("BridgeVideoSourceMode", "none"),
                    *self._chan(leg),
                ],
            )
        talk_timeout = None if script.talk is None else script.talk / self.speed
        done, _ = await asyncio.wait({c.end}, timeout=talk_timeout)
        if not done:
            c.end.set_result((16, "far"))
        self._hangup_event(peer, 16)
        cdr("ANSWERED")
        return "ANSWER", peer.name, dial_start

    async def _watch_timeout(self, c: Channel) -> None:
        assert c.end is not None
        while not c.end.done():
            c.changed.clear()
            if c.deadline is None:
                await c.changed.wait()
                continue
            remaining = (c.deadline - self.now()) / self.speed
            if remaining <= 0:
                c.end.set_result((16, "timeout"))
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(c.changed.wait(), remaining)

    async def _refuse(self, c: Channel, number: str, result: str, start: float) -> None:
        booth = c.variables.get("BOOTH", "")
        cause = 38 if result == "auth-timeout" else 21
        c.priority = 26
        self._user_event(
            c,
            "CallshopRefused",
            [("Booth", booth), ("Number", number), ("Uniqueid", c.uniqueid), ("Reason", result)],
        )
        end = self.now()
        self._outcome(c, OutcomeRecord(booth, number, result, "", None, cause, "", end, start))
        self._cdr(c, "", "Return", "", start, None, end, "NO ANSWER")
        c.priority = 27
        self._hangup_event(c, cause, "500" if cause == 38 else "403")

    async def _finish_refused_by_caller(self, c: Channel, start: float) -> None:
        end = self.now()
        booth = c.variables.get("BOOTH", "")
        number = c.variables.get("CALLSHOP_NUMBER", "")
        self._outcome(c, OutcomeRecord(booth, number, "auth-timeout", "", None, 16, "", end, start))
        self._cdr(c, "", "WaitForCondition", "", start, None, end, "NO ANSWER")
        self._hangup_event(c, 16)

    def _outcome(self, c: Channel, outcome: OutcomeRecord) -> None:
        """[callshop-final-hangup]: AstDB record + UserEvent, AMI connected or not."""
        text = format_outcome(outcome)
        self.astdb[f"{OUTCOME_FAMILY}/{c.uniqueid}"] = text
        context, c.context, c.exten, c.priority = c.context, "callshop-final-hangup", "s", 4
        self._user_event(
            c,
            "CallshopOutcome",
            [("Booth", outcome.booth), ("Uniqueid", c.uniqueid), ("Outcome", text)],
        )
        c.context, c.exten = context, outcome.number

    async def _hangup_where(self, match: Any, cause: int, who: str) -> int:
        count = 0
        for c in list(self.channels.values()):
            if match(c) and c.end is not None and not c.end.done():
                c.end.set_result((cause, who))
                count += 1
        return count

    def _kill_channels(self) -> None:
        for c in list(self.channels.values()):
            if c.task is not None:
                c.task.cancel()
        self.channels.clear()

    async def _drop_links(self) -> None:
        for s in list(self._sessions):
            s.flush()  # what was sent before the cut reached the socket, as it would have
            s.writer.transport.abort()
        self._sessions.clear()

    async def _restart(self) -> None:
        await self._drop_links()
        self._kill_channels()
        self._boot_epoch = self.now()

    # ------------------------------------------------------------------ test calls
    async def _originate(self, m: Message) -> None:
        target = m.get("Channel") or ""
        number = target.partition("/")[2].partition("@")[0]
        variables = dict(v.split("=", 1) for v in m.get_all("Variable") if "=" in v)
        booth = variables.get("__BOOTH", variables.get("BOOTH", ""))
        base = f"Local/{target.partition('/')[2]}-{next(self._chan_seq):08x}"
        uid1 = m.get("ChannelId") or None
        one = self._new_channel(
            f"{base};1", None, uniqueid=uid1, cid=("pos", "POS test"), exten=number, state=0
        )
        two = self._new_channel(
            f"{base};2",
            one.uniqueid,
            uniqueid=m.get("OtherChannelId") or f"{one.uniqueid}-2",
            cid=("pos", "POS test"),
            exten=number,
        )
        two.variables["BOOTH"] = booth
        wait = float(m.get("Data") or 30) if (m.get("Application") or "") == "Wait" else 30.0
        script = CallScript(
            self.test_call_script.answer_after,
            self.test_call_script.outcome,
            wait if self.test_call_script.talk is None else min(wait, self.test_call_script.talk),
            self.test_call_script.routes,
        )

        async def run() -> None:
            await self._callshop_final(two, number, script)
            self._hangup_event(one, 16)

        two.task = asyncio.create_task(run())
        one.task = two.task

    # ------------------------------------------------------------------ AMI sessions
    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        session = _Session(reader, writer)
        self._sessions.add(session)
        writer.write(BANNER)
        parser = AmiParser(expect_banner=False)
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    break
                for msg in parser.feed(data):
                    if isinstance(msg, Message) and not await self._action(session, msg):
                        return
                session.flush()
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self._sessions.discard(session)
            session.flush()
            writer.close()

    def _reply(self, s: _Session, m: Message, response: str, *pairs: tuple[str, str]) -> None:
        action_id = m.action_id
        if action_id is None:
            s.send(encode_pairs((("Response", response), *pairs)))
        else:
            s.send(encode_pairs((("Response", response), ("ActionID", action_id), *pairs)))

    def _list(
        self,
        s: _Session,
        m: Message,
        message: str,
        event: str,
        items: list[list[tuple[str, str]]],
        complete: str,
        *extra: tuple[str, str],
    ) -> None:
        aid = [("ActionID", m.action_id)] if m.action_id is not None else []
        self._reply(s, m, "Success", ("EventList", "start"), ("Message", message))
        for pairs in items:
            s.send(encode_pairs([("Event", event), *pairs, *aid]))
        s.send(
            encode_message(
                Message(
                    [
                        ("Event", complete),
                        *aid,
                        ("EventList", "Complete"),
                        ("ListItems", str(len(items))),
                        *extra,
                    ]
                )
            )
        )

    def _find(self, ref: str | None) -> Channel | None:
        if not ref:
            return None
        if ref in self.channels:
            return self.channels[ref]
        return next((c for c in self.channels.values() if c.name == ref), None)

    async def _action(self, s: _Session, m: Message) -> bool:
        action = (m.get("Action") or "").lower()
        ok = self._reply
        if action == "challenge":
            s.challenge = str(random.randint(100000000, 999999999))
            ok(s, m, "Success", ("Challenge", s.challenge))
            return True
        if action == "login":
            s.flush()  # a refused login waits before it answers
            return await self._login(s, m)
        if action == "logoff":
            ok(s, m, "Goodbye", ("Message", "Thanks for all the fish."))
            s.flush()
            await s.writer.drain()
            return False
        if s.user is None:
            ok(s, m, "Error", ("Message", "Permission denied"))
            return True
        known = ACTION_NAMES.get(action)
        if known is None:
            ok(
                s,
                m,
                "Error",
                (
                    "Message",
                    f"Invalid/unknown command: {m.get('Action') or ''}. "
                    "Use Action: ListCommands to show available commands.",
                ),
            )
            return True
        needs = ACTION_NEEDS[action]
        if needs and not self._write(s.user) & needs:
            ok(s, m, "Error", ("Message", "Permission denied"))
            return True
        if action in ("listcommands", "showdialplan", "coresettings") or action.startswith(
            "pjsipshow"
        ):
            self._show(s, m, action)
            return True
        if action == "ping":
            if self.answer_pings:
                ok(s, m, "Success", ("Ping", "Pong"), ("Timestamp", f"{self.now():.6f}"))
            return True
        c = self._find(m.get("Channel"))
        if action in ("setvar", "getvar", "absolutetimeout", "hangup") and c is None:
            ok(s, m, "Error", ("Message", "No such channel"))
            return True
        if action == "setvar" and c is not None:
            self._setvar(c, m.get("Variable") or "", m.get("Value") or "")
            ok(s, m, "Success", ("Message", "Variable Set"))
        elif action == "getvar" and c is not None:
            var = m.get("Variable") or ""
            if var == "TIMEOUT(absolute)":
                value = "0" if c.deadline is None else f"{max(0.0, c.deadline - self.now()):.3f}"
            elif var == "CDR(billsec)":  # seconds since answer so far (recording h)
                value = str(int(self.now() - c.answered)) if c.answered is not None else "0"
            else:
                value = c.variables.get(var, "")
            ok(s, m, "Success", ("Variable", var), ("Value", value))
        elif action == "absolutetimeout" and c is not None:
            seconds = _atof(m.get("Timeout") or "")  # Asterisk: atof, to the microsecond
            if seconds <= 0:
                ok(s, m, "Error", ("Message", "No timeout specified"))
            else:
                c.deadline = self.now() + seconds
                c.changed.set()
                ok(s, m, "Success", ("Message", "Timeout Set"))
        elif action == "hangup" and c is not None:
            await self._hangup_where(lambda x: x is c, int(m.get("Cause") or 16), "ami")
            ok(s, m, "Success", ("Message", "Channel Hungup"))
        elif action == "originate":
            ok(s, m, "Success", ("Message", "Originate successfully queued"))
            await self._originate(m)
        elif action == "coreshowchannels":
            items = [
                [
                    *self._chan(x),
                    ("Application", x.application),
                    ("ApplicationData", x.app_data),
                    ("Duration", _hms(self.now() - x.created)),
                    ("BridgeId", x.bridge_id),
                ]
                for x in self.channels.values()
            ]
            self._list(
                s, m, "Channels will follow", "CoreShowChannel", items, "CoreShowChannelsComplete"
            )
        elif action == "status":
            chans = [c] if c is not None else list(self.channels.values())
            items = [self._status_pairs(x) for x in chans]
            self._list(
                s,
                m,
                "Channel status will follow",
                "Status",
                items,
                "StatusComplete",
                ("Items", str(len(items))),
            )
        elif action == "dbput":
            self.astdb[f"{m.get('Family')}/{m.get('Key')}"] = m.get("Val") or ""
            ok(s, m, "Success", ("Message", "Updated database successfully"))
        elif action == "dbget":
            key = f"{m.get('Family')}/{m.get('Key')}"
            if key not in self.astdb:
                ok(s, m, "Error", ("Message", "Database entry not found"))
            else:
                self._list(
                    s,
                    m,
                    "Result will follow",
                    "DBGetResponse",
                    [
                        [
                            ("Family", m.get("Family") or ""),
                            ("Key", m.get("Key") or ""),
                            ("Val", self.astdb[key]),
                        ]
                    ],
                    "DBGetComplete",
                )
        elif action == "dbgettree":
            prefix = "/".join(p for p in (m.get("Family"), m.get("Key")) if p)
            items = [
                [("Key", f"/{k}"), ("Val", v)]
                for k, v in sorted(self.astdb.items())
                if k == prefix or k.startswith(prefix + "/")
            ]
            self._list(s, m, "Result will follow", "DBGetTreeResponse", items, "DBGetTreeComplete")
        elif action == "dbdel":
            key = f"{m.get('Family')}/{m.get('Key')}"
            if self.astdb.pop(key, None) is None:
                ok(s, m, "Error", ("Message", "Database entry could not be deleted"))
            else:
                ok(s, m, "Success", ("Message", "Key deleted successfully"))
        elif action == "dbdeltree":
            prefix = "/".join(p for p in (m.get("Family"), m.get("Key")) if p)
            doomed = [k for k in self.astdb if k == prefix or k.startswith(prefix + "/")]
            for k in doomed:
                del self.astdb[k]
            if doomed:
                ok(s, m, "Success", ("Message", "Key tree deleted successfully"))
            else:
                ok(s, m, "Error", ("Message", "Database entry could not be deleted"))
        elif action == "userevent":
            pairs = [
                (k, v) for k, v in m.headers if k.lower() not in ("action", "actionid", "userevent")
            ]
            self._emit("UserEvent", "user", [("UserEvent", m.get("UserEvent") or ""), *pairs])
            ok(s, m, "Success", ("Message", "Event Sent"))
        else:
            ok(s, m, "Error", ("Message", "Invalid/unknown command"))
        return True

    # ------------------------------------------------------------------ read-only actions
    def _send_event(
        self, s: _Session, m: Message, event: str, pairs: list[tuple[str, str]]
    ) -> None:
        """A list item the way Asterisk appends it: Event, then ActionID, then the rest."""
        aid = [("ActionID", m.action_id)] if m.action_id is not None else []
        s.send(encode_pairs([("Event", event), *aid, *pairs]))

    def _complete(
        self, s: _Session, m: Message, event: str, count: int, *extra: tuple[str, str]
    ) -> None:
        self._send_event(
            s, m, event, [("EventList", "Complete"), ("ListItems", str(count)), *extra]
        )

    def _show(self, s: _Session, m: Message, action: str) -> None:
        assert s.user is not None
        if action == "listcommands":
            mine = self._write(s.user)
            lines = [
                (name, f"{synopsis} (Priv: {authority_text(needs)})")
                for name, (synopsis, needs) in ACTIONS.items()
                if not needs or mine & set(needs)
            ]
            self._reply(s, m, "Success", *lines)
        elif action == "showdialplan":
            self._show_dialplan(s, m)
        elif action == "coresettings":
            self._reply(
                s,
                m,
                "Success",
                ("AMIversion", "11.0.0"),
                ("AsteriskVersion", "22.10.1"),
                ("SystemName", ""),
                ("CoreMaxCalls", "0"),
                ("CoreMaxLoadAvg", "0.000000"),
                ("CoreRunUser", "asterisk"),
                ("CoreRunGroup", "asterisk"),
                ("CoreMaxFilehandles", "0"),
                ("CoreRealTimeEnabled", "No"),
                ("CoreCDRenabled", "Yes"),
                ("CoreHTTPenabled", "No"),
                ("SoundsSearchCustomDir", "No"),
            )
        elif action == "pjsipshowendpoints":
            self._show_endpoints(s, m)
        elif action == "pjsipshowendpoint":
            self._show_endpoint(s, m)
        else:
            self._show_registrations(s, m)

    def _show_dialplan(self, s: _Session, m: Message) -> None:
        """pbx.c manager_show_dialplan: one ListDialplan per priority."""
        context = m.get("Context") or ""
        lines = [x for x in self.dialplan if not context or x.context == context]
        if context and not lines:
            self._reply(s, m, "Error", ("Message", f"Did not find context {context}"))
            return
        self._reply(
            s, m, "Success", ("EventList", "start"), ("Message", "DialPlan list will follow")
        )
        for x in lines:
            label = [("ExtensionLabel", x.label)] if x.label else []
            self._send_event(
                s,
                m,
                "ListDialplan",
                [
                    ("Context", x.context),
                    ("Extension", x.exten),
                    *label,
                    ("Priority", str(x.priority)),
                    ("Application", x.app),
                    ("AppData", x.data),
                    ("Registrar", "pbx_config"),
                ],
            )
        extens = {(x.context, x.exten) for x in lines}
        self._complete(
            s,
            m,
            "ShowDialPlanComplete",
            len(lines),
            ("ListExtensions", str(len(extens))),
            ("ListPriorities", str(len(lines))),
            ("ListContexts", str(len({x.context for x in lines}))),
        )

    def _endpoint_state(self, e: SimEndpoint) -> str:
        if e.contact is None and not e.static_contact:
            return "Unavailable"
        busy = any(_endpoint(c.name) == e.name for c in self.channels.values())
        return "In use" if busy else "Not in use"

    def _show_endpoints(self, s: _Session, m: Message) -> None:
        """res_pjsip pjsip_configuration.c ami_show_endpoints."""
        if not self.endpoints:
            self._reply(s, m, "Error", ("Message", "No endpoints found\n"))
            return
        self._reply(
            s,
            m,
            "Success",
            ("EventList", "start"),
            ("Message", "A listing of Endpoints follows, presented as EndpointList events"),
        )
        for e in sorted(self.endpoints.values(), key=lambda x: x.name):
            contact = e.contact or e.static_contact
            active = sum(1 for c in self.channels.values() if _endpoint(c.name) == e.name)
            self._send_event(
                s,
                m,
                "EndpointList",
                [
                    ("ObjectType", "endpoint"),
                    ("ObjectName", e.name),
                    ("Transport", ""),
                    ("Aor", e.name),
                    ("Auths", "" if e.outbound_auth else e.name),
                    ("OutboundAuths", e.outbound_auth),
                    ("Contacts", f"{e.name}/{contact}," if contact else ""),
                    ("DeviceState", self._endpoint_state(e)),
                    ("ActiveChannels", str(active)),
                ],
            )
        self._complete(s, m, "EndpointListComplete", len(self.endpoints))

    def _show_endpoint(self, s: _Session, m: Message) -> None:
        """ami_show_endpoint: EndpointDetail first (the endpoint's options), then its aor."""
        name = m.get("Endpoint") or ""
        if not name:
            self._reply(s, m, "Error", ("Message", "PJSIPShowEndpoint requires an endpoint name\n"))
            return
        if name.lower().startswith("pjsip/"):
            name = name[6:]
        e = self.endpoints.get(name)
        if e is None:
            self._reply(s, m, "Error", ("Message", f"Unable to retrieve endpoint {name}\n"))
            return
        self._reply(
            s,
            m,
            "Success",
            ("EventList", "start"),
            ("Message", "Following are Events for each object associated with the Endpoint"),
        )
        self._send_event(
            s,
            m,
            "EndpointDetail",
            [
                ("ObjectType", "endpoint"),
                ("ObjectName", e.name),
                ("Context", e.context),
                ("Disallow", ""),
                ("Allow", "(alaw|ulaw)"),
                ("Aors", e.name),
                ("Auth", "" if e.outbound_auth else e.name),
                ("OutboundAuth", e.outbound_auth),
                ("DirectMedia", "false"),
                ("DeviceState", self._endpoint_state(e)),
                ("ActiveChannels", ""),
            ],
        )
        self._send_event(
            s,
            m,
            "AorDetail",
            [
                ("ObjectType", "aor"),
                ("ObjectName", e.name),
                ("MaxContacts", "1"),
                ("Contacts", e.contact or e.static_contact or ""),
                ("EndpointName", e.name),
            ],
        )
        self._complete(s, m, "EndpointDetailComplete", 2)

    def _show_registrations(self, s: _Session, m: Message) -> None:
        """res_pjsip_outbound_registration.c ami_show_outbound_registrations."""
        self._reply(
            s,
            m,
            "Success",
            ("EventList", "start"),
            ("Message", "Following are Events for each Outbound registration"),
        )
        for name, status in sorted(self.registrations.items()):
            self._send_event(
                s,
                m,
                "OutboundRegistrationDetail",
                [
                    ("ObjectType", "registration"),
                    ("ObjectName", name),
                    ("OutboundAuth", name),
                    ("Endpoint", name),
                    ("Line", "yes"),
                    ("Status", status),
                    ("NextReg", "0"),
                ],
            )
        registered = sum(1 for v in self.registrations.values() if v == "Registered")
        self._complete(
            s,
            m,
            "OutboundRegistrationDetailComplete",
            len(self.registrations),
            ("Registered", str(registered)),
            ("NotRegistered", str(len(self.registrations) - registered)),
        )

    async def _login(self, s: _Session, m: Message) -> bool:
        user = m.get("Username") or ""
        secret = self.users.get(user)
        if (m.get("AuthType") or "").lower() == "md5":
            good = (
                secret is not None
                and s.challenge is not None
                and (hashlib.md5((s.challenge + secret).encode()).hexdigest() == m.get("Key"))
            )
        else:
            good = secret is not None and secret == m.get("Secret")
        if good and self.accept_logins:
            s.user = user
            self._reply(s, m, "Success", ("Message", "Authentication accepted"))
            uptime = str(int(self.now() - self._boot_epoch))
            if "system" not in self._read(user):
                return True
            s.send(
                encode_message(
                    Message(
                        [
                            ("Event", "FullyBooted"),
                            ("Privilege", "system,all"),
                            ("Uptime", uptime),
                            ("LastReload", uptime),
                            ("Status", "Fully Booted"),
                        ]
                    )
                )
            )
            return True
        # Like Asterisk: a pause, the error, then the connection is closed.
        await self._sleep(self.login_fail_delay)
        self._reply(s, m, "Error", ("Message", "Authentication failed"))
        s.flush()
        await s.writer.drain()
        return False

    def _setvar(self, c: Channel, variable: str, value: str) -> None:
        if variable == "TIMEOUT(absolute)":
            seconds = float(value or 0)
            c.deadline = None if seconds <= 0 else self.now() + seconds
            c.changed.set()
            return
        c.variables[variable] = value
        if variable == "CALLSHOP_AUTH" and value:
            c.decided.set()

    def _status_pairs(self, c: Channel) -> list[tuple[str, str]]:
        ttl = "0" if c.deadline is None else str(int(max(0.0, c.deadline - self.now())))
        return [
            *self._chan(c),
            ("Type", "PJSIP"),
            ("DNID", c.exten),
            ("EffectiveConnectedLineNum", c.connected_num),
            ("EffectiveConnectedLineName", c.connected_name),
            ("TimeToHangup", ttl),
            ("BridgeID", c.bridge_id),
            ("Application", c.application),
            ("Data", c.app_data),
            ("Seconds", str(int(self.now() - c.created))),
        ]


def _endpoint(channel: str) -> str:
    return channel.partition("/")[2].rpartition("-")[0]


def _atof(text: str) -> float:
    """C's atof as Asterisk applies it to a header: a leading number, else 0."""
    match = re.match(r"\s*[-+]?(\d+\.?\d*|\.\d+)", text)
    return float(match.group(0)) if match else 0.0


def _hms(seconds: float) -> str:
    s = int(max(0, seconds))
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


# ---------------------------------------------------------------------- demo traffic
DEMO_PREFIXES = (
    "4930",
    "4989",
    "7495",
    "7812",
    "4420",
    "447700",
    "1212",
    "1646",
    "33142",
    "90212",
    "380442",
    "48221",
    "212522",
    "234803",
    "8613",
)


class DemoTraffic:
    """Booths placing realistic calls at random (the app's demo mode)."""

    def __init__(
        self,
        sim: AsteriskSimulator,
        booths: Sequence[str],
        *,
        seed: int | None = None,
        mean_gap: float = 45.0,
    ) -> None:
        self.sim = sim
        self.booths = list(booths)
        self.rng = random.Random(seed)
        self.mean_gap = mean_gap
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def random_call(self) -> dict[str, Any]:
        rng = self.rng
        prefix = rng.choice(DEMO_PREFIXES)
        number = "00" + prefix + "".join(str(rng.randint(0, 9)) for _ in range(12 - len(prefix)))
        outcome = rng.choices(OUTCOMES, weights=(72, 10, 10, 5, 3))[0]
        return {
            "number": number,
            "outcome": outcome,
            "answer_after": round(rng.uniform(2.0, 9.0), 1),
            "talk": round(rng.lognormvariate(4.2, 0.9), 1),
        }

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="demo-traffic", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(5)  # it wakes every half second

    def _run(self) -> None:
        next_at = {b: time.monotonic() + self.rng.uniform(1, self.mean_gap) for b in self.booths}
        busy_until = dict.fromkeys(self.booths, 0.0)
        while not self._stop.wait(0.5):
            now = time.monotonic()
            for booth in self.booths:
                if now < next_at[booth] or now < busy_until[booth]:
                    continue
                call = self.random_call()
                with contextlib.suppress(Exception):
                    self.sim.place_call(
                        booth,
                        call["number"],
                        answer_after=call["answer_after"],
                        outcome=call["outcome"],
                        talk=call["talk"],
                    )
                length = (call["answer_after"] + call["talk"]) / self.sim.speed
                busy_until[booth] = now + length
                next_at[booth] = now + length + self.rng.expovariate(1 / self.mean_gap)


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Fake Asterisk (AMI) for the callshop POS")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=5038)
    ap.add_argument("--user", default="callshop")
    ap.add_argument("--secret", default="callshop-secret")
    ap.add_argument("--booths", default="booth1,booth2,booth3,booth4")
    ap.add_argument("--demo", action="store_true", help="booths place random calls")
    ap.add_argument("--open-booths", action="store_true", help="mark every booth open in AstDB")
    ap.add_argument(
        "--auto-authorize",
        type=int,
        metavar="CAP_MS",
        default=None,
        help="authorize every call itself (no app needed)",
    )
    ap.add_argument("--speed", type=float, default=1.0)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    sim = AsteriskSimulator(
        args.host,
        args.port,
        {args.user: args.secret},
        speed=args.speed,
        auto_authorize_cap_ms=args.auto_authorize,
    )
    port = sim.start()
    booths = [b for b in args.booths.split(",") if b]
    for booth in booths:
        sim.register_booth(booth, True)
        if args.open_booths:
            sim.set_booth_open(booth)
    print(f"Fake Asterisk on ami://{args.user}:{args.secret}@{args.host}:{port}", flush=True)
    demo = DemoTraffic(sim, booths) if args.demo else None
    if demo:
        demo.start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        if demo:
            demo.stop()
        sim.stop()


if __name__ == "__main__":
    main()
