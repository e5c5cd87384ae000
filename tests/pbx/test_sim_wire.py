"""The simulator's wire behaviour that its cheaper reply path must keep, and the dialplan's
wait it plays (raw TCP: exactly what a client reads)."""

from __future__ import annotations

import socket

import pytest

from callshop_pos.pbx.protocol import AmiParser, Message
from callshop_pos.pbx.simulator import AsteriskSimulator, auth_wait_of, load_dialplan


@pytest.fixture
def sim():
    s = AsteriskSimulator(users={"u": "p"})
    s.start()
    yield s
    s.stop()


def read_until(conn: socket.socket, parser: AmiParser, count: int) -> list[Message]:
    """The next ``count`` messages (the banner skipped)."""
    got: list[Message] = []
    while len(got) < count:
        data = conn.recv(65536)
        assert data, "the simulator closed the connection"
        got += [m for m in parser.feed(data) if isinstance(m, Message)]
    return got


def logged_in(sim: AsteriskSimulator) -> tuple[socket.socket, AmiParser]:
    conn = socket.create_connection(("127.0.0.1", sim.port), timeout=10)
    parser = AmiParser()
    conn.sendall(b"Action: Login\r\nUsername: u\r\nSecret: p\r\nActionID: in\r\n\r\n")
    login, booted = read_until(conn, parser, 2)
    assert (login.get("Response"), login.action_id) == ("Success", "in")
    assert booted.get("Event") == "FullyBooted"
    return conn, parser


def test_actions_in_one_write_get_each_its_own_response_in_order(sim):
    conn, parser = logged_in(sim)
    sim.db_put("callshop_booth/booth1", "state", "open")
    actions = (
        "Action: Ping\r\nActionID: a1\r\n\r\n"
        "Action: Setvar\r\nChannel: nosuch\r\nVariable: X\r\nValue: 1\r\nActionID: a2\r\n\r\n"
        "Action: DBGet\r\nFamily: callshop_booth/booth1\r\nKey: state\r\nActionID: a3\r\n\r\n"
        "Action: UserEvent\r\nUserEvent: Hello\r\nFoo: bar\r\nActionID: a4\r\n\r\n"
        "Action: NoSuchThing\r\nActionID: a5\r\n\r\n"
        "Action: DBPut\r\nFamily: f\r\nKey: k\r\nVal: v\r\nActionID: a6\r\n\r\n"
    )
    conn.sendall(actions.encode())
    got = read_until(conn, parser, 9)
    conn.close()
    shape = [[(k, v) for k, v in m.headers if k not in ("Timestamp", "Privilege")] for m in got]
    assert shape[0][:2] == [("Response", "Success"), ("ActionID", "a1")]
    assert got[0].get("Ping") == "Pong"
    assert shape[1] == [("Response", "Error"), ("ActionID", "a2"), ("Message", "No such channel")]
    # a list: its start, its item, its end, in Asterisk's order
    assert shape[2] == [
        ("Response", "Success"),
        ("ActionID", "a3"),
        ("EventList", "start"),
        ("Message", "Result will follow"),
    ]
    assert got[3].get("Event") == "DBGetResponse" and got[3].get("Val") == "open"
    assert got[4].get("Event") == "DBGetComplete" and got[4].action_id == "a3"
    # the event an action raises comes before that action's own Response, as it was sent
    assert got[5].get("Event") == "UserEvent" and got[5].get("Foo") == "bar"
    assert shape[6] == [("Response", "Success"), ("ActionID", "a4"), ("Message", "Event Sent")]
    assert got[7].get("Response") == "Error" and got[7].action_id == "a5"
    assert shape[8] == [
        ("Response", "Success"),
        ("ActionID", "a6"),
        ("Message", "Updated database successfully"),
    ]


def test_logoff_in_a_write_is_answered_before_the_link_closes(sim):
    conn, parser = logged_in(sim)
    conn.sendall(b"Action: Ping\r\nActionID: p\r\n\r\nAction: Logoff\r\nActionID: bye\r\n\r\n")
    ping, bye = read_until(conn, parser, 2)
    assert (ping.action_id, bye.get("Response"), bye.action_id) == ("p", "Goodbye", "bye")
    assert conn.recv(65536) == b""  # then closed
    conn.close()


def test_the_dialplan_waits_3_s_checking_every_20_ms_and_the_simulator_plays_it(tmp_path):
    timeout, interval = auth_wait_of(load_dialplan())
    # app_waitforcond.c refuses an interval under 1 ms ("Polling interval cannot be less
    # than 1ms"), and the dialplan's whole wait must stay the 3 s the contract says
    assert (timeout, interval) == (3.0, 0.02)
    assert interval >= 0.001
    assert AsteriskSimulator().auth_poll == interval
    # Asterisk's defaults where the arguments are left out: no timeout, 50 ms
    plain = tmp_path / "e.conf"
    plain.write_text(
        "[callshop-final]\nexten => _X.,1,WaitForCondition(#,#[1 = 1])\n", encoding="utf-8"
    )
    assert auth_wait_of(load_dialplan(plain)) == (0.0, 0.05)
