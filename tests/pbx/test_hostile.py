"""AMI from a broken or hostile PBX: half-open links, runaway Follows bodies, floods (over real
TCP to a raw fake server), absurd events and phantom channels (tracker and engine)."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator

import pytest

from callshop_pos.pbx.client import (
    KEEPALIVE_IDLE,
    TCP_USER_TIMEOUT_MS,
    AmiClient,
    ConnectionState,
)
from callshop_pos.pbx.protocol import MAX_MESSAGE_BYTES, Message, encode_message
from tests.pbx.raw_pbx import RawPbx, answer_pings, reply


def wait_for(predicate: Callable[[], object], timeout: float = 5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.01)
    return bool(predicate())


def event(name: str, *pairs: tuple[str, str]) -> bytes:
    return encode_message(Message([("Event", name), *pairs]))


class Client:
    """An AmiClient on a RawPbx, keeping its events and state changes."""

    def __init__(self, pbx: RawPbx, **kw: object) -> None:
        self.events: list[Message] = []
        self.states: list[tuple[ConnectionState, str]] = []
        options: dict[str, object] = {"use_md5": False, "backoff_initial": 0.05,
                                      "backoff_max": 0.05}
        options.update(kw)
        self.ami = AmiClient("127.0.0.1", pbx.port, "callshop", "x",
                             on_event=self.events.append,
                             on_state=lambda s, d: self.states.append((s, d)),
                             **options)  # type: ignore[arg-type]
        self.ami.start()
        assert wait_for(lambda: self.ami.state is ConnectionState.CONNECTED)

    def disconnects(self) -> list[str]:
        return [d for s, d in list(self.states) if s is ConnectionState.DISCONNECTED]


@pytest.fixture
def pbx() -> Iterator[RawPbx]:
    server = RawPbx()
    yield server
    server.stop()


@pytest.fixture
def clients() -> Iterator[Callable[..., Client]]:
    made: list[Client] = []

    def make(pbx: RawPbx, **kw: object) -> Client:
        made.append(Client(pbx, **kw))
        return made[-1]

    yield make
    for c in made:
        c.ami.stop()


# ---------------------------------------------------------------------- half-open links
def test_default_liveness_notices_a_dead_link_within_3_to_5_seconds():
    c = AmiClient("127.0.0.1", 5038, "callshop", "x")
    assert 3.0 <= c.ping_interval + c.ping_timeout <= 5.0


def test_a_silent_link_is_declared_dead_and_logged_in_again(pbx, clients):
    pbx.on_action = lambda *_: None  # half-open: nothing comes back, not even a Pong
    c = clients(pbx, ping_interval=0.2, ping_timeout=0.2)
    assert wait_for(lambda: pbx.logins >= 2)
    assert c.disconnects()[0].startswith("no data from Asterisk for ")
    assert "Ping" in pbx.actions


def test_any_byte_from_asterisk_counts_as_life(pbx, clients):
    pbx.on_action = lambda *_: None  # Pings are never answered, but events keep coming
    c = clients(pbx, ping_interval=1.0, ping_timeout=1.0)
    for i in range(60):  # 3 s of traffic, longer than Ping interval + timeout
        pbx.send(event("Newexten", ("Seq", str(i))))
        time.sleep(0.05)
    assert wait_for(lambda: len(c.events) == 60)
    assert pbx.logins == 1 and c.disconnects() == []
    assert "Ping" not in pbx.actions  # a busy link needs no Ping


def test_tcp_keepalive_is_the_back_up(pbx, clients):
    c = clients(pbx)
    sock = c.ami._sock
    assert sock is not None
    assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
    assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE) == KEEPALIVE_IDLE
    assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT) == TCP_USER_TIMEOUT_MS


# ---------------------------------------------------------------------- a runaway stream
def test_follows_without_end_does_not_blind_the_client(pbx, clients):
    def handler(server: RawPbx, conn: socket.socket, msg: Message) -> None:
        if msg.get("Action") == "Command":  # old-style output, its END marker missing
            conn.sendall(b"Response: Follows\r\nPrivilege: Command\r\nActionID: "
                         + (msg.action_id or "").encode() + b"\r\nno channels\n\r\n\r\n")
        else:
            answer_pings(server, conn, msg)

    pbx.on_action = handler
    c = clients(pbx)
    command = c.ami.send_action({"Action": "Command", "Command": "core show channels"})
    ping = c.ami.send_action({"Action": "Ping"})
    assert ping.result(3).response.get("Ping") == "Pong"
    assert command.result(3).response.output == ["no channels"]
    assert pbx.logins == 1


def test_an_oversized_message_is_dropped_and_the_link_goes_on(pbx, clients):
    def handler(server: RawPbx, conn: socket.socket, msg: Message) -> None:
        if msg.get("Action") == "Ping":
            conn.sendall(b"Event: Flood\r\nJunk: " + b"x" * (MAX_MESSAGE_BYTES + 10) + b"\r\n\r\n")
            reply(conn, msg, ("Ping", "Pong"))

    pbx.on_action = handler
    c = clients(pbx)
    assert c.ami.action({"Action": "Ping"}).response.get("Ping") == "Pong"
    pbx.send(event("After"))
    assert wait_for(lambda: [e.name for e in c.events] == ["After"])
    assert pbx.logins == 1
