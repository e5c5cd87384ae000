"""The AMI client's send path over real TCP: a decision's actions go out as one write, in
order, and a sender stuck in its write never holds up the IO thread (replies, events)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from callshop_pos.pbx.authorizer import VAR_AUTH, setvars
from callshop_pos.pbx.client import ActionTimeout, AmiClient, PbxLink
from callshop_pos.pbx.policy import Decision
from callshop_pos.pbx.protocol import Message, encode_message
from tests.pbx.raw_pbx import RawPbx, answer_pings, reply
from tests.pbx.test_engine_support import wait_for


@pytest.fixture
def pbx() -> Iterator[RawPbx]:
    server = RawPbx()
    yield server
    server.stop()


def connect(pbx: RawPbx, events: list[Message]) -> AmiClient:
    client = AmiClient(
        "127.0.0.1",
        pbx.port,
        "callshop",
        "x",
        use_md5=False,
        on_event=events.append,
        ping_interval=60.0,  # the stalled server below must not look like a dead link
    )
    client.start()
    assert wait_for(lambda: client.state is PbxLink.CONNECTED)
    return client


def test_a_sender_stuck_in_its_write_does_not_stop_events_reaching_the_client(pbx):
    stall, stalled = threading.Event(), threading.Event()

    def handler(server: RawPbx, conn: socket.socket, msg: Message) -> None:
        if msg.get("Action") == "Stall":  # stop reading: the client's writes back up
            stalled.set()
            stall.wait(30)
        answer_pings(server, conn, msg)

    pbx.on_action = handler
    events: list[Message] = []
    client = connect(pbx, events)
    try:
        client.send_action({"Action": "Stall"})
        assert stalled.wait(5)
        # far more than the kernel's buffers hold: this write blocks until the server reads
        big = {"Action": "UserEvent", "UserEvent": "Big", "Data": "x" * (64 << 20)}
        sent: list[object] = []
        sender = threading.Thread(target=lambda: sent.append(client.send_action(big)))
        sender.start()
        assert wait_for(lambda: len(client._pending) == 2)  # Stall's and Big's: writing now
        pbx.send(encode_message(Message([("Event", "WhileBlocked")])))
        # the IO thread delivers it although a sender is still inside its write
        assert wait_for(lambda: [e.name for e in events] == ["WhileBlocked"])
        assert sender.is_alive() and not sent
    finally:
        stall.set()
        client.stop()
        sender.join(10)


def test_a_decisions_setvars_arrive_whole_and_in_order_among_concurrent_senders(pbx):
    received: list[Message] = []

    def handler(server: RawPbx, conn: socket.socket, msg: Message) -> None:
        received.append(msg)
        reply(conn, msg)

    pbx.on_action = handler
    client = connect(pbx, [])
    approved = Decision(True, routes=("PJSIP/1@a", "PJSIP/1@b"), cap_seconds=60)
    booths = [f"uid-{i}" for i in range(16)]
    go = threading.Barrier(len(booths))

    def decide(uid: str) -> None:
        go.wait()
        for future in client.send_actions(setvars(uid, approved, ["PJSIP/1@a", "PJSIP/1@b"])):
            assert future.result(5).ok

    try:
        threads = [threading.Thread(target=decide, args=(uid,)) for uid in booths]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
    finally:
        client.stop()
    assert len(received) == 4 * len(booths)
    # each decision's four actions are adjacent, CALLSHOP_AUTH last, whoever else was sending
    for start in range(0, len(received), 4):
        group = received[start : start + 4]
        assert len({m.get("Channel") for m in group}) == 1
        assert [m.get("Variable") for m in group] == [
            "CALLSHOP_ROUTE",
            "CALLSHOP_ROUTE2",
            "CALLSHOP_CAP_MS",
            VAR_AUTH,
        ]
    assert {m.get("Channel") for m in received} == set(booths)


def test_groups_are_each_told_once_with_the_error_asterisk_answered(pbx):
    def handler(server: RawPbx, conn: socket.socket, msg: Message) -> None:
        if msg.get("Channel") == "uid-1" and msg.get("Variable") == "CALLSHOP_CAP_MS":
            headers = [("Response", "Error"), ("ActionID", msg.action_id or "")]
            conn.sendall(encode_message(Message([*headers, ("Message", "No such channel")])))
        else:
            reply(conn, msg)

    pbx.on_action = handler
    client = connect(pbx, [])
    approved = Decision(True, routes=("PJSIP/1@a",), cap_seconds=60)
    told: list[tuple[int, str | None]] = []
    all_told = threading.Event()

    def done(index: int, error: str | None) -> None:
        told.append((index, error))
        if len(told) == 3:
            all_told.set()

    try:
        groups = [setvars(f"uid-{i}", approved, ["PJSIP/1@a"]) for i in range(3)]
        client.send_groups(groups, done)
        assert all_told.wait(10)
        assert sorted(told) == [(0, None), (1, "No such channel"), (2, None)]
        assert client._pending == {}  # every reply was matched to its group
    finally:
        client.stop()
    assert len(told) == 3  # once each, the stop fails nothing more


def test_groups_fail_once_when_the_link_drops_before_their_replies(pbx):
    got = threading.Event()

    def handler(server: RawPbx, conn: socket.socket, msg: Message) -> None:
        if msg.get("Variable") == VAR_AUTH:  # answer all but the approval, then drop
            got.set()
            conn.shutdown(socket.SHUT_RDWR)
        else:
            reply(conn, msg)

    pbx.on_action = handler
    client = connect(pbx, [])
    told: list[tuple[int, str | None]] = []
    once = threading.Event()

    def done(index: int, error: str | None) -> None:
        told.append((index, error))
        once.set()

    try:
        refused = Decision(False, "no_rate")
        client.send_groups([setvars("uid-0", refused, [])], done)
        assert got.wait(10) and once.wait(10)
        assert len(told) == 1 and told[0][0] == 0
        assert told[0][1] is not None and "lost" in told[0][1]  # not re-sent, failed
    finally:
        client.stop()
    assert len(told) == 1


def test_groups_sent_while_not_connected_are_told_at_once():
    client = AmiClient("127.0.0.1", 9, "callshop", "x")  # never started
    told: list[tuple[int, str | None]] = []
    client.send_groups(
        [[{"Action": "Ping"}], [{"Action": "Ping"}]], lambda i, e: told.append((i, e))
    )
    assert [i for i, _ in told] == [0, 1]
    assert all(e is not None and "not connected" in e for _, e in told)
    assert client._pending == {}


def test_a_short_deadline_expires_among_long_ones_and_a_groups_member_with_it(pbx):
    pbx.on_action = answer_pings  # anything but a Ping is never answered
    client = connect(pbx, [])
    told: list[tuple[int, str | None]] = []
    expired = threading.Event()

    def done(index: int, error: str | None) -> None:
        told.append((index, error))
        expired.set()

    try:
        slow = client.send_action({"Action": "Silent"}, timeout=60)
        client.send_groups([[{"Action": "Silent"}]], done, timeout=60)
        quick = client.send_action({"Action": "Silent"}, timeout=0.3)
        with pytest.raises(ActionTimeout):
            quick.result(10)
        assert not slow.done() and not told  # the long ones still wait
        client.send_groups([[{"Action": "Silent"}, {"Action": "Silent"}]], done, timeout=0.3)
        assert expired.wait(10)
        assert len(told) == 1 and told[0][1] is not None and "no answer" in told[0][1]
    finally:
        client.stop()
    assert slow.exception() is not None  # failed by the stop, never answered
    assert len(told) == 2  # the 60 s group, failed by the stop
