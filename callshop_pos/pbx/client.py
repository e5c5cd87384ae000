"""AMI client: one background thread owns the socket, so a GUI thread never blocks on it.

Events, state changes and the after-login hook are delivered from a second "dispatch"
thread, in order; a hook may therefore call :meth:`AmiClient.action` and wait for the answer.
Actions are never re-sent after a reconnect: whatever was pending fails with
:class:`ConnectionLost`, because re-sending e.g. a Setvar or Hangup blindly could hit another call.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import logging
import queue
import select
import socket
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from callshop_pos.counter import PbxLink
from callshop_pos.errors import CallshopError
from callshop_pos.pbx.protocol import (
    AmiParser,
    Banner,
    Fields,
    Message,
    encode_action,
    encode_actions,
)

log = logging.getLogger(__name__)


AUTH_FAILED_TEXT = "wrong AMI username or password"

# A half-open link is noticed after PING_INTERVAL + PING_TIMEOUT seconds without a byte from
# Asterisk (4 s): every booth call is refused meanwhile, so this must stay short. A Ping is
# sent only when the link has been quiet for PING_INTERVAL.
PING_INTERVAL = 2.0
PING_TIMEOUT = 2.0
# TCP keepalive as a back-up, should the application's own check ever stall: probes after
# KEEPALIVE_IDLE s of silence, KEEPALIVE_COUNT of them KEEPALIVE_INTERVAL s apart; and unacked
# data aborts the connection after TCP_USER_TIMEOUT_MS.
KEEPALIVE_IDLE = 2
KEEPALIVE_INTERVAL = 1
KEEPALIVE_COUNT = 3
TCP_USER_TIMEOUT_MS = 5000


class AmiError(CallshopError):
    pass


class NotConnected(AmiError):
    pass


class ConnectionLost(AmiError):
    pass


class ActionTimeout(AmiError):
    pass


@dataclass(frozen=True, slots=True)
class AmiUrl:
    host: str
    port: int
    username: str
    secret: str

    @classmethod
    def parse(cls, url: str) -> AmiUrl:
        """`ami://USER:SECRET@HOST:PORT` (port defaults to 5038; %-escapes allowed)."""
        parts = urlsplit(url)
        if parts.scheme != "ami" or not parts.hostname or parts.username is None:
            raise ValueError(f"not an ami://USER:SECRET@HOST:PORT address: {url!r}")
        return cls(
            parts.hostname,
            parts.port or 5038,
            unquote(parts.username),
            unquote(parts.password or ""),
        )


def succeeded(response: Message) -> bool:
    """Whether Asterisk's response says the action was done."""
    return (response.get("Response") or "").lower() in ("success", "goodbye", "follows")


@dataclass(slots=True)
class ActionResult:
    response: Message
    events: list[Message] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return succeeded(self.response)

    @property
    def message(self) -> str:
        return self.response.get("Message") or ""


@dataclass(slots=True)
class _Pending:
    future: Future[ActionResult]
    deadline: float
    response: Message | None = None
    events: list[Message] = field(default_factory=list)


GroupDone = Callable[[int, "str | None"], None]
"""Told once per group of :meth:`AmiClient.send_groups`: its index, and None when every
action of it succeeded, else why not (the first error response, a timeout, a lost link)."""


class _Group:
    """A group of actions whose replies are only counted: one note for the group, no Future
    per action."""

    __slots__ = ("done", "error", "index", "left")

    def __init__(self, index: int, size: int, done: GroupDone) -> None:
        self.index, self.left, self.done = index, size, done
        self.error: str | None = None

    def answered(self, error: str | None) -> bool:
        """One action's outcome; True when it was the group's last (report it then)."""
        if error is not None and self.error is None:
            self.error = error
        self.left -= 1
        return self.left == 0

    def report(self) -> None:
        try:
            self.done(self.index, self.error)
        except Exception:
            log.exception("AMI reply callback failed")


@dataclass(slots=True)
class _Member:
    """One action of a :class:`_Group`, awaiting its response."""

    group: _Group
    deadline: float


class _AuthRejected(Exception):
    pass


def enable_keepalive(sock: socket.socket) -> None:
    """TCP keepalive and a user timeout where the platform has them (Linux has all)."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    options = (
        ("TCP_KEEPIDLE", KEEPALIVE_IDLE),
        ("TCP_KEEPINTVL", KEEPALIVE_INTERVAL),
        ("TCP_KEEPCNT", KEEPALIVE_COUNT),
        ("TCP_USER_TIMEOUT", TCP_USER_TIMEOUT_MS),
    )
    for name, value in options:
        option = getattr(socket, name, None)
        if option is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, option, value)


class AmiClient:
    def __init__(
        self,
        host: str,
        port: int,
        username: str,
        secret: str,
        *,
        use_md5: bool = True,
        on_event: Callable[[Message], None] | None = None,
        on_state: Callable[[PbxLink, str], None] | None = None,
        on_login: Callable[[], None] | None = None,
        action_timeout: float = 10.0,
        ping_interval: float = PING_INTERVAL,
        ping_timeout: float = PING_TIMEOUT,
        connect_timeout: float = 5.0,
        backoff_initial: float = 0.5,
        backoff_max: float = 30.0,
    ) -> None:
        self.host, self.port, self.username, self.secret = host, port, username, secret
        self.use_md5 = use_md5
        self.on_event = on_event
        # Told of every event on the IO thread itself, as it is read and before it is queued
        # for on_event: for the one job that must not wait behind the events before it
        # (the engine hands a booth's authorization request straight to its lane). It must
        # be quick and never block; what it raises is logged.
        self.on_read: Callable[[Message], None] | None = None
        self.on_state = on_state
        self.on_login = on_login
        self.action_timeout = action_timeout
        self.ping_interval = ping_interval
        self.ping_timeout = ping_timeout
        self.connect_timeout = connect_timeout
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max

        self.state = PbxLink.DISCONNECTED
        self.state_detail = ""
        self.banner = ""
        self.logins = 0  # successful logins so far (1 = first connect, more = reconnects)
        self._ids = itertools.count(1)
        self._lock = threading.RLock()  # the socket, the state and the pending replies
        self._write_lock = threading.Lock()  # one sender's bytes at a time
        self._sock: socket.socket | None = None
        self._pending: dict[str, _Pending | _Member] = {}
        # No pending reply is due before this: the IO thread, woken by every reply, looks
        # through the pending table only then (a burst leaves hundreds in it).
        self._next_deadline = float("inf")
        self._stop = threading.Event()
        self._wake = threading.Event()  # retry now (after AUTH_FAILED or to skip a backoff)
        self._thread: threading.Thread | None = None
        self._dispatch_q: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._dispatcher: threading.Thread | None = None

    @classmethod
    def from_url(cls, url: str, **kwargs: object) -> AmiClient:
        u = AmiUrl.parse(url)
        return cls(u.host, u.port, u.username, u.secret, **kwargs)  # type: ignore[arg-type]

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._dispatcher = threading.Thread(
            target=self._dispatch_loop, name="ami-dispatch", daemon=True
        )
        self._dispatcher.start()
        self._thread = threading.Thread(target=self._run, name="ami-io", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        self._close_socket()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._fail_pending(ConnectionLost("AMI client stopped"))
        self._set_state(PbxLink.DISCONNECTED, "stopped")
        self._dispatch_q.put(None)
        if self._dispatcher is not None:
            self._dispatcher.join(timeout)
            self._dispatcher = None

    def retry_now(self, username: str | None = None, secret: str | None = None) -> None:
        """Reconnect at once (e.g. after the owner fixed the password following AUTH_FAILED)."""
        if username is not None:
            self.username = username
        if secret is not None:
            self.secret = secret
        self._wake.set()

    def drop_link(self) -> None:
        """Close the socket as if the network failed (the loop reconnects)."""
        self._close_socket()

    # ------------------------------------------------------------------ actions
    def send_action(self, fields: Fields, timeout: float | None = None) -> Future[ActionResult]:
        """Send an action; the Future resolves with the response (and its event list)."""
        return self.send_actions([fields], timeout)[0]

    def send_actions(
        self, actions: Sequence[Fields], timeout: float | None = None
    ) -> list[Future[ActionResult]]:
        """Send several actions in one write, in this order (Asterisk runs a session's
        actions in order, and no other sender's action falls between them). The state lock
        is held only to register the replies awaited, never across the write: the IO thread
        matching replies never waits for a sender."""
        futures: list[Future[ActionResult]] = [Future() for _ in actions]
        ids = [f"pos-{next(self._ids)}" for _ in actions]
        data = encode_actions(zip(actions, ids, strict=True))

        def fail(error: AmiError) -> None:
            for future in futures:
                future.set_exception(error)

        def register(deadline: float) -> None:
            for action_id, future in zip(ids, futures, strict=True):
                self._pending[action_id] = _Pending(future, deadline)

        lost, reason = self._send(data, ids, timeout, register, fail)
        for pending in lost:
            if isinstance(pending, _Pending):
                pending.future.set_exception(ConnectionLost(reason))
        return futures

    def send_groups(
        self, groups: Sequence[Sequence[Fields]], done: GroupDone, timeout: float | None = None
    ) -> None:
        """Send groups of actions in one write, in this order (as :meth:`send_actions`),
        when only whether each group succeeded matters: ``done(index, error)`` is told once
        per group, on the IO thread, when each of its actions has been answered (error
        None) or one failed (an error response, no answer in time, the link lost: its
        reason); at once, in the caller's thread, when the link is down. Each action still
        carries its ActionID, so an error response is matched to its group; no Future is
        made per action."""
        notes = [_Group(i, len(actions), done) for i, actions in enumerate(groups)]
        ids: list[str] = []
        pairs: list[tuple[Fields, str]] = []
        members: list[_Group] = []
        for note, actions in zip(notes, groups, strict=True):
            for fields in actions:
                action_id = f"pos-{next(self._ids)}"
                ids.append(action_id)
                pairs.append((fields, action_id))
                members.append(note)
        data = encode_actions(pairs)

        def fail(error: AmiError) -> None:
            for note in notes:
                if note.left:  # an empty group was told below already
                    note.error = str(error)
                    note.report()

        def register(deadline: float) -> None:
            pending = self._pending
            for action_id, note in zip(ids, members, strict=True):
                pending[action_id] = _Member(note, deadline)

        for note in notes:  # a group with no action is done already
            if note.left == 0:
                note.report()
        lost, reason = self._send(data, ids, timeout, register, fail)
        self._fail_members(lost, reason)

    def _send(
        self,
        data: bytes,
        ids: list[str],
        timeout: float | None,
        register: Callable[[float], None],
        fail: Callable[[AmiError], None],
    ) -> tuple[list[_Pending | _Member], str]:
        """Register the replies awaited (``register``, under the state lock) and write
        ``data``; ``fail`` is called instead when not connected. Returns the entries of
        ``ids`` still awaited when the write failed, for the caller to fail, and why."""
        with self._lock:
            sock = self._sock
            if sock is None or self.state is not PbxLink.CONNECTED:
                error = NotConnected(f"AMI not connected ({self.state.value})")
                sock = None
            else:
                deadline = time.monotonic() + (timeout or self.action_timeout)
                register(deadline)
                self._next_deadline = min(self._next_deadline, deadline)
        if sock is None:
            fail(error)
            return [], ""
        if not data:
            return [], ""
        try:
            with self._write_lock:  # one buffer at a time: never two interleaved
                sock.sendall(data)
        except OSError as exc:
            # A socket closed meanwhile is never the next link's: nothing is re-sent.
            with self._lock:  # only those still ours: another thread may have failed some
                mine = [p for p in (self._pending.pop(a, None) for a in ids) if p is not None]
            return mine, f"AMI link lost while sending: {exc}"
        return [], ""

    def _fail_members(self, lost: Sequence[_Pending | _Member], error: str) -> None:
        """Fail group members taken out of the pending table (outside the state lock)."""
        for entry in lost:
            if isinstance(entry, _Member) and entry.group.answered(error):
                entry.group.report()

    def action(self, fields: Fields, timeout: float | None = None) -> ActionResult:
        """Blocking helper; never call it from the GUI thread."""
        wait = (timeout or self.action_timeout) + 1.0
        return self.send_action(fields, timeout).result(wait)

    # ------------------------------------------------------------------ IO thread
    def _run(self) -> None:
        backoff = self.backoff_initial
        while not self._stop.is_set():
            self._set_state(PbxLink.CONNECTING, f"{self.host}:{self.port}")
            try:
                sock, parser = self._connect_and_login()
            except _AuthRejected:
                self._set_state(PbxLink.AUTH_FAILED, AUTH_FAILED_TEXT)
                # Do not hammer Asterisk with a wrong password: wait for retry_now().
                self._wake.wait()
                self._wake.clear()
                backoff = self.backoff_initial
                continue
            except (OSError, AmiError, ValueError) as exc:
                self._set_state(PbxLink.UNREACHABLE, str(exc) or type(exc).__name__)
                self._wake.wait(backoff)
                self._wake.clear()
                backoff = min(backoff * 2, self.backoff_max)
                continue
            backoff = self.backoff_initial
            self.logins += 1
            self._set_state(PbxLink.CONNECTED, self.banner)
            if self.on_login is not None:
                self._dispatch(self.on_login)
            reason = self._serve(sock, parser)
            self._close_socket()
            self._fail_pending(ConnectionLost(f"AMI link lost ({reason}); action not re-sent"))
            if not self._stop.is_set():
                self._set_state(PbxLink.DISCONNECTED, reason)
                self._wake.wait(backoff)
                self._wake.clear()

    def _connect_and_login(self) -> tuple[socket.socket, AmiParser]:
        sock = socket.create_connection((self.host, self.port), timeout=self.connect_timeout)
        enable_keepalive(sock)
        parser = AmiParser()
        backlog: list[Message] = []
        try:

            def request(pairs: list[tuple[str, str]]) -> Message:
                action_id = f"login-{next(self._ids)}"
                sock.sendall(encode_action([*pairs, ("ActionID", action_id)]))
                deadline = time.monotonic() + self.connect_timeout
                while True:
                    for msg in backlog:
                        if msg.is_response and msg.action_id == action_id:
                            backlog.remove(msg)
                            return msg
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise AmiError("no answer to login from Asterisk")
                    sock.settimeout(remaining)
                    data = sock.recv(65536)
                    if not data:
                        raise AmiError("Asterisk closed the connection during login")
                    for item in parser.feed(data):
                        if isinstance(item, Banner):
                            self.banner = item.text
                        else:
                            backlog.append(item)

            if self.use_md5:
                challenge = request([("Action", "Challenge"), ("AuthType", "MD5")])
                token = challenge.get("Challenge")
                if token is None:
                    raise AmiError(f"MD5 challenge refused: {challenge.get('Message')}")
                key = hashlib.md5((token + self.secret).encode()).hexdigest()
                login = [
                    ("Action", "Login"),
                    ("AuthType", "MD5"),
                    ("Username", self.username),
                    ("Key", key),
                ]
            else:
                login = [("Action", "Login"), ("Username", self.username), ("Secret", self.secret)]
            reply = request(login)
            if (reply.get("Response") or "").lower() != "success":
                raise _AuthRejected(reply.get("Message") or "")
        except BaseException:
            sock.close()
            raise
        sock.settimeout(None)
        with self._lock:
            self._sock = sock
        for msg in backlog:  # events that raced the login reply (FullyBooted...)
            self._handle(msg)
        return sock, parser

    def _serve(self, sock: socket.socket, parser: AmiParser) -> str:
        """Read until the link fails. Any byte from Asterisk proves it alive; after
        ``ping_interval`` of silence a Ping asks, and ``ping_timeout`` more of silence means
        a half-open link (the kernel thinks we are connected, Asterisk is gone)."""
        last_rx = time.monotonic()
        ping: Future[ActionResult] | None = None
        while not self._stop.is_set():
            now = time.monotonic()
            silent = now - last_rx
            if silent >= self.ping_interval + self.ping_timeout:
                return f"no data from Asterisk for {silent:.1f} s (Ping unanswered)"
            if silent >= self.ping_interval and (ping is None or ping.done()):
                ping = self.send_action({"Action": "Ping"}, timeout=self.ping_timeout)
                if ping.done() and isinstance(ping.exception(), ConnectionLost):
                    return str(ping.exception())
            self._expire_actions(now)
            try:
                readable, _, _ = select.select([sock], [], [], 0.05)
            except (OSError, ValueError):
                return "socket closed"
            if not readable:
                continue
            try:
                data = sock.recv(65536)
            except OSError as exc:
                return f"receive failed: {exc}"
            if not data:
                return "closed by Asterisk"
            last_rx = time.monotonic()
            for item in parser.feed(data):
                if isinstance(item, Message):
                    self._handle(item)
        return "stopped"

    def _handle(self, msg: Message) -> None:
        action_id = msg.action_id
        done: _Group | None = None
        with self._lock:
            pending = self._pending.get(action_id) if action_id else None
            if type(pending) is _Member and msg.is_response:
                del self._pending[action_id]  # type: ignore[arg-type]
                error = None if succeeded(msg) else (msg.get("Message") or msg.name)
                if not pending.group.answered(error):
                    return
                done = pending.group
            elif type(pending) is _Pending:
                if msg.is_response and pending.response is None:
                    pending.response = msg
                    if (msg.get("EventList") or "").lower() != "start":
                        self._resolve(action_id, pending)  # type: ignore[arg-type]
                    return
                if msg.is_event and pending.response is not None:
                    if (msg.get("EventList") or "").lower() == "complete":
                        pending.events.append(msg)
                        self._resolve(action_id, pending)  # type: ignore[arg-type]
                    else:
                        pending.events.append(msg)
                    return
        if done is not None:  # told outside the lock
            done.report()
            return
        if msg.is_event:
            early = self.on_read
            if early is not None:
                try:
                    early(msg)
                except Exception:
                    log.exception("AMI read callback failed")
            if self.on_event is not None:
                callback = self.on_event
                self._dispatch(lambda: callback(msg))

    def _resolve(self, action_id: str, pending: _Pending) -> None:
        del self._pending[action_id]
        assert pending.response is not None
        # Resolved here, not via the dispatch thread: a callback waiting on an action there
        # would otherwise wait for itself.
        if not pending.future.done():
            pending.future.set_result(ActionResult(pending.response, pending.events))

    def _expire_actions(self, now: float) -> None:
        if now < self._next_deadline:  # read without the lock: at worst one wake late
            return
        with self._lock:
            expired = [aid for aid, p in self._pending.items() if now >= p.deadline]
            gone = [(aid, self._pending.pop(aid)) for aid in expired]
            self._next_deadline = min(
                (p.deadline for p in self._pending.values()), default=float("inf")
            )
        for aid, p in gone:
            error = f"no answer from Asterisk to {aid}"
            if isinstance(p, _Pending):
                p.future.set_exception(ActionTimeout(error))
            else:
                self._fail_members([p], error)

    def _fail_pending(self, exc: AmiError) -> None:
        with self._lock:
            pending, self._pending = self._pending, {}
        for p in pending.values():
            if isinstance(p, _Member):
                self._fail_members([p], str(exc))
            elif not p.future.done():
                p.future.set_exception(exc)

    def _close_socket(self) -> None:
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _set_state(self, state: PbxLink, detail: str) -> None:
        if state is self.state and detail == self.state_detail:
            return
        self.state, self.state_detail = state, detail
        log.info("AMI %s: %s", state.value, detail)
        if self.on_state is not None:
            callback = self.on_state
            self._dispatch(lambda: callback(state, detail))

    # ------------------------------------------------------------------ dispatch thread
    def _dispatch(self, job: Callable[[], object]) -> None:
        self._dispatch_q.put(job)  # type: ignore[arg-type]

    def _dispatch_loop(self) -> None:
        while True:
            job = self._dispatch_q.get()
            if job is None:
                return
            try:
                job()
            except Exception:
                log.exception("AMI callback failed")
