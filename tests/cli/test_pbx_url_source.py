"""Where ``serve`` takes the PBX address from: --pbx (warned about: ps shows it), else
$CALLSHOP_PBX_URL, else the shop's pbx_url; checked wherever it comes from."""

from __future__ import annotations

import threading

import pytest

from callshop_pos.cli.common import PBX_URL_VARIABLE, CliError, pbx_url
from callshop_pos.cli.main import main
from tests.cli.test_cmd_serve_pbx import pbx  # noqa: F401 - the simulator fixture
from tests.pbx.test_engine_support import SECRET, wait_for

URL = "ami://callshop:s3cret@127.0.0.1:5038"


def test_the_environment_variable_is_used_without_a_warning(capsys) -> None:
    assert pbx_url(None, {PBX_URL_VARIABLE: URL}) == URL
    assert capsys.readouterr().err == ""
    assert pbx_url(None, {}) is None  # then the runtime reads the shop's pbx_url


def test_a_secret_on_the_command_line_is_accepted_with_a_warning(capsys) -> None:
    assert pbx_url(URL, {PBX_URL_VARIABLE: "ami://other:x@h:1"}) == URL  # --pbx wins
    err = capsys.readouterr().err
    assert err.startswith("callshop-pos: warning: the AMI secret given with --pbx is visible")
    assert PBX_URL_VARIABLE in err and "s3cret" not in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("given", "environ", "expected"),
    [
        ("http://x", {}, "--pbx: not an ami://USER:SECRET@HOST:PORT address: 'http://x'"),
        (None, {PBX_URL_VARIABLE: "ami://u:s3cret@h:0"}, f"{PBX_URL_VARIABLE}: port must be"),
        (None, {PBX_URL_VARIABLE: "ami://u@h:5038"}, f"{PBX_URL_VARIABLE}: not an ami://"),
    ],
)
def test_a_bad_address_names_where_it_came_from(given, environ, expected) -> None:
    with pytest.raises(CliError) as caught:
        pbx_url(given, environ)
    assert str(caught.value).startswith(expected)
    assert "s3cret" not in str(caught.value)


def test_serve_connects_to_the_pbx_of_the_environment(pbx, monkeypatch, capsys):  # noqa: F811
    path, sim, url = pbx
    assert main(["--db", str(path), "booth", "start", "Booth 1", "--prepaid", "2"]) == 0
    monkeypatch.setenv(PBX_URL_VARIABLE, url)
    result: list[int] = []
    server = threading.Thread(
        target=lambda: result.append(main(["--db", str(path), "serve", "--duration", "4"]))
    )
    server.start()
    # the engine logged in with the variable's secret and told the simulator the booth is open
    assert wait_for(lambda: sim.db_get("callshop_booth", "booth1/state") == "open", 5)
    server.join(15)
    assert result == [0]
    captured = capsys.readouterr()
    assert "pbx connected" in captured.out
    assert SECRET not in captured.out
    assert "warning" not in captured.err


def test_serve_refuses_a_bad_address_in_one_line(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv(PBX_URL_VARIABLE, "ami://callshop:x@pbx:99999")
    assert main(["--db", str(tmp_path / "shop.db"), "serve"]) == 2
    err = capsys.readouterr().err
    assert (
        err == f"callshop-pos: error: {PBX_URL_VARIABLE}: not an ami://USER:SECRET@HOST:PORT "
        "address: 'ami://callshop@pbx:99999'\n"
    )
