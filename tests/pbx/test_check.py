"""``pbx check`` against the Asterisk simulator over real TCP: a PBX set up as the kit says,
and one that misses things (a context, an endpoint, a phone, a right, timestampevents)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from callshop_pos.cli.main import main
from callshop_pos.pbx.kit import manager_rights
from callshop_pos.pbx.simulator import AsteriskSimulator
from tests.core.shop import build_shop
from tests.pbx.test_engine_support import SECRET, wait_for

LOGINS = ("booth1", "booth2", "booth3", "walkin")


def make_sim(rights: tuple[str, str] | None = None, **kwargs: object) -> AsteriskSimulator:
    sim = AsteriskSimulator(
        users={"callshop": SECRET}, rights={"callshop": rights or manager_rights()}, **kwargs
    )
    sim.start()
    for login in LOGINS:
        sim.register_booth(login, True)
    sim.add_trunk("carrier-a", "sip.a.example", registration=None)  # IP authentication
    sim.add_trunk("carrier-b", "sip.b.example", registration="Registered")
    return sim


@pytest.fixture
def shop(tmp_path) -> Path:
    path = tmp_path / "shop.db"
    build_shop(path).dispose()
    with sqlite3.connect(path) as raw:  # carrier-b registers with a login
        raw.execute(
            "UPDATE connections SET username = 'shop42', password = 'pw',"
            " auth_mode = 'register' WHERE name = 'carrier-b'"
        )
    raw.close()
    return path


@pytest.fixture
def sim() -> Iterator[AsteriskSimulator]:
    s = make_sim()
    yield s
    s.stop()


def check(
    shop: Path, sim: AsteriskSimulator, capsys, *extra: str, event: bool = True
) -> tuple[int, list[str]]:
    """Run `pbx check`; once it is logged in, a phone re-registers (an ordinary event)."""
    url = f"ami://callshop:{SECRET}@127.0.0.1:{sim.port}"
    result: list[int] = []
    runner = threading.Thread(
        target=lambda: result.append(
            main(["--db", str(shop), "pbx", "check", "--pbx", url, "--wait", "5", *extra])
        )
    )
    runner.start()
    if event:
        assert wait_for(lambda: any(s.user for s in sim._sessions), 10)
        sim.register_booth("booth1", True)
    runner.join(30)
    return result[0], capsys.readouterr().out.splitlines()


def test_a_pbx_set_up_as_the_kit_says_passes(shop, sim, capsys):
    code, lines = check(shop, sim, capsys)
    assert code == 0, lines
    assert not [line for line in lines if line.startswith("✗")]
    for expected in [
        f"✓ AMI login to 127.0.0.1:{sim.port} as callshop",
        "✓ AMI user can run every action the POS sends (write = call,system,reporting)",
        "✓ test calls are off (no originate right)",
        "✓ AMI user reads system events (FullyBooted at login)",
        "✓ dialplan context [callshop-final] (27 steps)",
        "✓ dialplan context [callshop-final-hangup] (5 steps)",
        "✓ dialplan context [callshop-test] (1 steps)",
        "✓ booth 'Booth 1': endpoint booth1, phone registered",
        "✓ booth 'Walk-in': endpoint walkin, phone registered",
        "✓ connection 'carrier-a': IP authentication, no registration",
        "✓ connection 'carrier-b': registered",
        "✓ timestampevents = yes (events carry Timestamp)",
    ]:
        assert expected in lines


def test_what_is_missing_is_named_one_line_each_and_the_exit_status_says_so(shop, capsys):
    sim = make_sim(rights=("call,cdr,user,system", "call,reporting,user"), timestampevents=False)
    try:
        sim.remove_context("callshop-test")
        sim.remove_endpoint("booth2")
        sim.register_booth("booth3", False)
        sim.add_trunk("carrier-b", "sip.b.example", registration="Rejected")
        sim.add_trunk("carrier-a", "sip.a.example", registration="Unregistered")
        code, lines = check(shop, sim, capsys, "--ascii")
    finally:
        sim.stop()
    assert code == 1
    fails = [line for line in lines if line.startswith("FAIL")]
    assert fails == [
        "FAIL AMI user cannot run DBPut (booth open/closed state in AstDB): add system to write =",
        "FAIL AMI user cannot run DBDel (remove a billed call's outcome record): add system to "
        "write =",
        "FAIL AMI user cannot run PJSIPShowEndpoints (pbx check: booth endpoints): add system "
        "to write =",
        "FAIL AMI user has write rights the POS never uses: user (remove them from write =)",
        "FAIL dialplan context [callshop-test] missing (Did not find context callshop-test): "
        "#include extensions_callshop.conf, dialplan reload",
        # without the system right Asterisk refuses PJSIPShowEndpoints: nothing is found
        "FAIL booth 'Booth 1': endpoint booth1 missing (install pjsip_callshop.conf, pjsip reload)",
        "FAIL booth 'Booth 2': endpoint booth2 missing (install pjsip_callshop.conf, pjsip reload)",
        "FAIL booth 'Booth 3': endpoint booth3 missing (install pjsip_callshop.conf, pjsip reload)",
        "FAIL booth 'Walk-in': endpoint walkin missing (install pjsip_callshop.conf, pjsip reload)",
        "FAIL connection 'carrier-a': endpoint carrier-a missing (install pjsip_callshop.conf, "
        "pjsip reload)",
        "FAIL connection 'carrier-b': endpoint carrier-b missing (install pjsip_callshop.conf, "
        "pjsip reload)",
        "FAIL timestampevents is off (PeerStatus came without Timestamp): set timestampevents "
        "= yes in manager.conf [general]",
    ]


def test_endpoints_phones_and_registrations(shop, capsys):
    sim = make_sim()
    try:
        sim.remove_endpoint("booth2")
        sim.register_booth("booth3", False)
        sim.add_endpoint("walkin", context="default", contact="sip:walkin@192.0.2.11")
        sim.add_trunk("carrier-b", "sip.b.example", registration="Rejected")
        sim.add_trunk("carrier-a", "sip.a.example", registration="Unregistered")
        code, lines = check(shop, sim, capsys)
    finally:
        sim.stop()
    assert code == 1
    assert [line for line in lines if line.startswith("✗")] == [
        "✗ booth 'Booth 2': endpoint booth2 missing (install pjsip_callshop.conf, pjsip reload)",
        "✗ booth 'Booth 3': endpoint booth3, phone not registered (check its login/password and "
        "the PBX address)",
        "✗ booth 'Walk-in': endpoint walkin sends calls to [default], not [callshop-final]",
        "✗ connection 'carrier-a': the PBX registers it (Unregistered) but the carrier "
        "authenticates by IP: re-export",
        "✗ connection 'carrier-b': registration Rejected (check the username/password with "
        "the carrier)",
    ]
    assert "✓ booth 'Booth 1': endpoint booth1, phone registered" in lines


def test_the_old_kits_rights_are_too_wide(shop, capsys):
    sim = make_sim(
        rights=("call,user,cdr,system,reporting", "call,originate,system,reporting,user")
    )
    try:
        code, lines = check(shop, sim, capsys)
    finally:
        sim.stop()
    assert code == 1
    assert (
        "✗ AMI user has write rights the POS never uses: user (remove them from write =)" in lines
    )
    assert (
        "! test calls are on (write has originate and system: the secret's holder can run "
        "commands on the PBX (Originate of System)); export again without "
        "--allow-test-calls when done"
    ) in lines


def test_an_old_hangup_handler_and_no_read_system(shop, capsys):
    sim = make_sim(rights=("call,cdr,user", "call,system,reporting"))
    try:
        sim.dialplan = [
            x
            if x.context != "callshop-final-hangup"
            else type(x)(
                x.context, x.exten, x.priority, x.label, x.app, x.data.replace("start=", "begin=")
            )
            for x in sim.dialplan
        ]
        code, lines = check(shop, sim, capsys, event=False)
    finally:
        sim.stop()
    assert code == 1
    assert (
        "✗ AMI user does not read system events (no FullyBooted after login): add system to read ="
    ) in lines
    assert (
        "✗ dialplan context [callshop-final-hangup] is an older kit (no start= in the "
        "outcome): install the new extensions_callshop.conf"
    ) in lines
    assert (
        "? timestampevents: no event in 5 s to tell (manager.conf [general] needs "
        "timestampevents = yes)"
    ) in lines


def test_a_wrong_secret_is_one_line_and_exit_4(shop, sim, capsys):
    url = f"ami://callshop:wrong@127.0.0.1:{sim.port}"
    sim.login_fail_delay = 0
    code = main(["--db", str(shop), "pbx", "check", "--pbx", url])
    out = capsys.readouterr().out.splitlines()
    assert code == 4
    assert out == [f"✗ AMI login to 127.0.0.1:{sim.port}: wrong AMI username or password"]


def test_the_engine_works_with_exactly_the_kits_rights(shop, capsys):
    """Least privilege is enough: authorize, cap, bill a call; test calls are refused."""
    from callshop_pos.db.engine import open_database
    from callshop_pos.db.models import Call
    from callshop_pos.runtime import build_runtime

    sim = make_sim(speed=20.0, auth_wait=60.0)
    url = f"ami://callshop:{SECRET}@127.0.0.1:{sim.port}"
    try:
        assert main(["--db", str(shop), "booth", "start", "Booth 1", "--prepaid", "2"]) == 0
        runtime = build_runtime(shop, pbx_url=url, demo=False, printing=False)
        runtime.start()
        try:
            assert wait_for(lambda: sim.db_get("callshop_booth", "booth1/state") == "open", 5)
            sim.place_call("booth1", "004930123456", answer_after=1, talk=30)

            def billed() -> list[Call]:
                db = open_database(shop)
                with db.read() as s:
                    calls = list(s.query(Call))
                db.dispose()
                return calls

            assert wait_for(lambda: len(billed()) == 1, 10)
            assert billed()[0].disposition == "answered"
            assert runtime.engine is not None
            with pytest.raises(Exception, match="Permission denied"):
                runtime.engine.originate_test_call("booth1", "004930555", 5)
        finally:
            runtime.stop()
    finally:
        sim.stop()
