"""The exported Asterisk kit: endpoints named by login, per-connection authentication, the
least AMI rights, every value checked before it is written, all files or none."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from callshop_pos.pbx.kit import (
    KitBooth,
    KitError,
    KitTrunk,
    export_config,
    manager_rights,
    render_kit,
)
from callshop_pos.pbx.simulator import ACTIONS, classes_of, load_dialplan

BOOTHS = [KitBooth("Booth 1", "booth1", "Secret-One"), KitBooth("Booth 2", "booth2", "s2#x")]
TRUNKS = [
    KitTrunk("carrier-ip", "203.0.113.10:5060", auth_mode="ip"),
    KitTrunk("carrier-reg", "sip.carrier.example", "shop42", "TrunkPass", auth_mode="register"),
]


def sections(text: str) -> list[tuple[str, dict[str, str]]]:
    """A pjsip.conf as Asterisk reads it: [name] sections of `key = value` (comments off)."""
    out: list[tuple[str, dict[str, str]]] = []
    for raw in text.splitlines():
        line = raw.split(";", 1)[0].strip()
        if line.startswith("["):
            out.append((line[1 : line.index("]")], {}))
        elif "=" in line:
            key, _, value = line.partition("=")
            out[-1][1][key.strip()] = value.strip()
    return out


def of_type(text: str, kind: str) -> dict[str, dict[str, str]]:
    return {name: opts for name, opts in sections(text) if opts.get("type") == kind}


@pytest.fixture
def kit() -> dict[str, str]:
    return render_kit(BOOTHS, TRUNKS, ami_secret="AmiSecret1", ami_permit="192.168.1.20")


def test_booth_endpoint_auth_and_aor_are_named_by_the_voip_login(kit):
    pjsip = kit["pjsip_callshop.conf"]
    endpoints, auths, aors = (of_type(pjsip, k) for k in ("endpoint", "auth", "aor"))
    for booth in BOOTHS:
        assert endpoints[booth.login]["context"] == "callshop-final"
        assert endpoints[booth.login]["auth"] == booth.login
        assert endpoints[booth.login]["aors"] == booth.login
        assert endpoints[booth.login]["callerid"] == f'"{booth.name}" <{booth.login}>'
        assert auths[booth.login] == {
            "type": "auth",
            "auth_type": "userpass",
            "username": booth.login,
            "password": booth.password,
        }
        assert booth.login in aors
    assert "Booth 1" not in [name for name, _ in sections(pjsip)]


def test_no_secret_in_any_comment(kit):
    secrets = [b.password for b in BOOTHS] + ["TrunkPass", "AmiSecret1"]
    for name, text in kit.items():
        comments = [line.split(";", 1)[1] for line in text.splitlines() if ";" in line]
        for secret in secrets:
            assert not any(secret in c for c in comments), (name, secret)


def test_registration_only_for_connections_that_register(kit):
    pjsip = kit["pjsip_callshop.conf"]
    registrations = of_type(pjsip, "registration")
    assert set(registrations) == {"carrier-reg"}
    reg = registrations["carrier-reg"]
    assert reg["server_uri"] == "sip:sip.carrier.example"
    assert reg["client_uri"] == "sip:shop42@sip.carrier.example"
    assert reg["outbound_auth"] == "carrier-reg"
    identify = of_type(pjsip, "identify")
    assert identify == {
        "carrier-ip": {"type": "identify", "endpoint": "carrier-ip", "match": "203.0.113.10"}
    }
    endpoints = of_type(pjsip, "endpoint")
    assert "outbound_auth" not in endpoints["carrier-ip"]  # nothing to authenticate with
    assert endpoints["carrier-reg"]["outbound_auth"] == "carrier-reg"
    assert of_type(pjsip, "aor")["carrier-ip"]["contact"] == "sip:203.0.113.10:5060"
    assert set(of_type(pjsip, "auth")) == {"booth1", "booth2", "carrier-reg"}


def test_both_registers_and_matches_the_address():
    kit = render_kit(
        [], [KitTrunk("c", "sip.x.example:5080", "u", "p", auth_mode="both")], ami_secret="x"
    )
    pjsip = kit["pjsip_callshop.conf"]
    assert set(of_type(pjsip, "registration")) == {"c"}
    assert of_type(pjsip, "identify")["c"]["match"] == "sip.x.example"


def test_every_context_the_endpoints_use_is_defined_in_the_dialplan(kit, tmp_path):
    (tmp_path / "e.conf").write_text(kit["extensions_callshop.conf"], encoding="utf-8")
    defined = {line.context for line in load_dialplan(tmp_path / "e.conf")}
    used = {o["context"] for o in of_type(kit["pjsip_callshop.conf"], "endpoint").values()}
    assert used == {"callshop-final", "callshop-inbound"} and used <= defined
    assert {"callshop-final-hangup", "callshop-test"} <= defined
    inbound = [x for x in load_dialplan(tmp_path / "e.conf") if x.context == "callshop-inbound"]
    assert {x.app for x in inbound} == {"Congestion"}
    assert "patterns.md" not in kit["extensions_callshop.conf"]


def test_manager_user_has_exactly_the_rights_the_pos_uses(kit):
    manager = dict(sections(kit["manager.conf"]))
    user = manager["callshop"]
    assert user["read"] == "call,cdr,user,system"
    assert user["write"] == "call,system,reporting"
    assert user["deny"] == "0.0.0.0/0.0.0.0"
    assert user["permit"] == "192.168.1.20/255.255.255.255"
    assert manager["general"]["timestampevents"] == "yes"
    assert manager["general"]["bindaddr"] == "0.0.0.0"  # the POS is another machine
    local = render_kit(BOOTHS, [], ami_secret="x")
    assert dict(sections(local["manager.conf"]))["general"]["bindaddr"] == "127.0.0.1"


def test_each_action_the_engine_sends_is_allowed_and_originate_is_opt_in():
    engine_actions = set()
    for path in Path("callshop_pos/pbx").glob("*.py"):
        if path.name != "simulator.py":
            engine_actions |= set(re.findall(r'"Action"\)?[,:] *"(\w+)"', path.read_text()))
    assert {"Setvar", "Hangup", "DBPut", "DBDel", "DBGetTree", "Originate"} <= engine_actions
    _, write = manager_rights()
    granted = classes_of(write)

    def allowed(action: str, classes: frozenset[str]) -> bool:
        needs = ACTIONS[action][1]
        return not needs or bool(classes & set(needs))

    for action in engine_actions - {"Originate"}:
        assert allowed(action, granted), action
    assert not allowed("Originate", granted)
    assert allowed("Originate", classes_of(manager_rights(allow_test_calls=True)[1]))
    for needless in ("UserEvent", "Command"):
        assert not allowed(needless, granted)
    # every class granted is needed by some action the engine or `pbx check` sends
    used = engine_actions | {"ShowDialPlan", "PJSIPShowEndpoints"}
    for cls in granted:
        assert any(
            cls in ACTIONS[a][1] and not any(c in granted and c != cls for c in ACTIONS[a][1])
            for a in used
        ), cls


@pytest.mark.parametrize(
    ("booths", "trunks", "message"),
    [
        (
            [KitBooth("Booth 1", "booth1", "pw\nsecret = x")],
            [],
            "booth 'Booth 1': voip_password contains a line break",
        ),
        (
            [KitBooth("Booth 1", "booth1", "pw;x")],
            [],
            "booth 'Booth 1': voip_password contains ';'",
        ),
        ([KitBooth("[Booth]", "booth1", "pw")], [], "booth '[Booth]': name contains '['"),
        (
            [KitBooth("Booth 1", "booth1", "pw\x07")],
            [],
            "booth 'Booth 1': voip_password contains a control character (0x07)",
        ),
        (
            [KitBooth("Booth 1", "booth 1", "pw")],
            [],
            "booth 'Booth 1': voip_login 'booth 1' is not a SIP name",
        ),
        (
            [KitBooth("Booth 1", "booth/1", "pw")],
            [],
            "booth 'Booth 1': voip_login 'booth/1' is not a SIP name",
        ),
        ([KitBooth("Booth 1", "booth1", "")], [], "booth 'Booth 1': voip_password is empty"),
        (
            [KitBooth("A", "b1", "p"), KitBooth("B", "b1", "q")],
            [],
            "booth 'B': voip_login 'b1' is already used by booth 'A'",
        ),
        (
            [],
            [KitTrunk("eu", "sip.eu;transport=tcp", "u", "p")],
            "connection 'eu': host contains ';'",
        ),
        (
            [],
            [KitTrunk("eu", "sip.eu", "", "", auth_mode="register")],
            "connection 'eu': username is empty",
        ),
        (
            [],
            [KitTrunk("eu", "sip.eu", auth_mode="peer")],
            "connection 'eu': auth_mode 'peer' is not one of ip, register, both",
        ),
        (
            [],
            [KitTrunk("eu", "sip.eu", "u\r\n[evil]", "p")],
            "connection 'eu': username contains a line break",
        ),
        (
            [KitBooth("B", "eu", "p")],
            [KitTrunk("eu", "sip.eu", auth_mode="ip")],
            "connection 'eu': name is already used by booth 'B'",
        ),
    ],
)
def test_a_bad_value_is_refused_with_one_line_and_nothing_is_written(
    tmp_path, booths, trunks, message
):
    out = tmp_path / "conf"
    with pytest.raises(KitError) as err:
        export_config(out, booths, trunks, ami_secret="x")
    assert str(err.value).startswith(message) and "\n" not in str(err.value)
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_bad_manager_values_are_refused(tmp_path):
    with pytest.raises(KitError, match="manager user: permit 'the-pos' is not an IP"):
        export_config(tmp_path / "c", BOOTHS, [], ami_permit="the-pos")
    with pytest.raises(KitError, match="manager user: secret contains a line break"):
        export_config(tmp_path / "c", BOOTHS, [], ami_secret="a\nb")
    assert list(tmp_path.iterdir()) == []


def test_export_replaces_the_whole_kit_or_leaves_the_old_one(tmp_path):
    out = tmp_path / "conf"
    first = export_config(out, BOOTHS, TRUNKS, ami_secret="one")
    assert sorted(p.name for p in first) == [
        "extensions_callshop.conf",
        "manager.conf",
        "pjsip_callshop.conf",
    ]
    before = {p.name: p.read_text() for p in out.iterdir()}
    with pytest.raises(KitError):
        export_config(
            out, [*BOOTHS, KitBooth("Booth 3", "booth3", "x;y")], TRUNKS, ami_secret="two"
        )
    assert {p.name: p.read_text() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["conf"]  # no staging folder left
    export_config(out, BOOTHS, TRUNKS, ami_secret="two", allow_test_calls=True)
    manager = dict(sections((out / "manager.conf").read_text()))["callshop"]
    assert manager["secret"] == "two" and manager["write"] == "call,system,reporting,originate"
    assert (out / "manager.conf").stat().st_mode & 0o077 == 0


def test_cli_export_writes_nothing_on_a_bad_login_and_says_which_booth(tmp_path, capsys):
    import sqlite3

    from callshop_pos.cli.main import main
    from tests.core.shop import build_shop

    path = tmp_path / "shop.db"
    build_shop(path).dispose()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE accounts SET voip_password = 'pw' WHERE voip_login = 'walkin'")
        raw.execute("UPDATE accounts SET voip_login = 'booth 2' WHERE voip_login = 'booth2'")
    raw.close()
    code = main(["--db", str(path), "pbx", "export-config", str(tmp_path / "conf")])
    err = capsys.readouterr().err
    assert code != 0 and not (tmp_path / "conf").exists()
    assert err.strip().splitlines() == [
        "callshop-pos: error: nothing written: booth 'Booth 2': voip_login 'booth 2' is not a "
        "SIP name (letters, digits, '_', '.', '-', starting with a letter or digit, at most 40)"
    ]


def test_setup_file_auth_mode_applies_dumps_and_refuses_a_bad_value(tmp_path, capsys):
    from callshop_pos.cli.main import main

    doc = """
[[vendors]]
name = "V"
currency = "EUR"
[[vendors.connections]]
name = "by-ip"
host = "203.0.113.10"
auth_mode = "ip"
[[vendors.connections]]
name = "by-login"
host = "sip.v.example"
username = "u"
password = "p"
"""
    setup, db = tmp_path / "shop.toml", str(tmp_path / "shop.db")
    setup.write_text(doc, encoding="utf-8")
    assert main(["--db", db, "setup", "apply", str(setup)]) == 0
    capsys.readouterr()
    assert main(["--db", db, "setup", "dump"]) == 0
    dumped = capsys.readouterr().out
    assert re.search(r'name = "by-ip"[^\[]*auth_mode = "ip"', dumped)
    assert re.search(r'name = "by-login"[^\[]*auth_mode = "register"', dumped)
    setup.write_text(doc.replace('auth_mode = "ip"', 'auth_mode = "peer"'), encoding="utf-8")
    assert main(["--db", db, "setup", "apply", str(setup)]) != 0
    err = capsys.readouterr().err
    assert "auth_mode" in err and len(err.strip().splitlines()) == 1
