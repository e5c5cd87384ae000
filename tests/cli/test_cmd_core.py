"""The core commands end to end through ``main()``: quote, booth, calls, pbx replay/export."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from callshop_pos.cli.main import main
from callshop_pos.services.billing import record_call
from callshop_pos.services.rating_cache import RatingCache
from tests.core.shop import authorized, build_shop
from tests.core.test_sessions import record

AMI = Path(__file__).resolve().parents[1] / "data" / "ami"


@pytest.fixture
def shop(tmp_path) -> Path:
    path = tmp_path / "shop.db"
    build_shop(path).dispose()
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_quote_single_number_text_json_and_refusal(shop, capsys):
    code, out, _ = run(
        capsys,
        "--db",
        str(shop),
        "quote",
        "0049 151 2345",
        "--tariff",
        "Street",
        "--seconds",
        "31",
        "--balance",
        "1",
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert data == {
        "number": "0049 151 2345",
        "prefix": "4915",
        "area": "Germany Mobile",
        "billed_seconds": 36,
        "cost": "0.18",
        "refused": None,
        "price_1": "0.3",
        "price_n": "0.3",
        "interval_1": 30,
        "interval_n": 6,
        "connect_fee": "0",
        "free_seconds": 0,
        "grace_seconds": 0,
        "surcharge": "0",
        "minute_cost": "0.30",
        "max_seconds": 198,  # 0.15 for 30 s, then 28 x 6 s at 0.03: 0.99
        "max_call_seconds": 7200,
        "cut": False,
    }
    code, out, _ = run(capsys, "--db", str(shop), "quote", "00882111", "--tariff", "Street")
    assert code == 3 and "forbidden" in out
    code, _, err = run(capsys, "--db", str(shop), "quote", "4930", "--tariff", "Nope")
    assert code != 0 and err.count("\n") == 1 and "Nope" in err


def _set_terms(shop: Path) -> None:
    from callshop_pos.db.engine import open_database
    from callshop_pos.db.models import Tariff

    db = open_database(shop)
    with db.session() as s:
        street = s.query(Tariff).filter_by(name="Street").one()
        street.connect_fee, street.free_seconds = Decimal("0.10"), 5
        street.post_call_surcharge = Decimal("0.18")
        street.revision += 1
    db.dispose()


def test_quote_shows_every_charged_term_and_the_shops_longest_call(shop, capsys):
    _set_terms(shop)
    # 20.00 at 0.10 / min would buy over 2 hours: the shop cuts every call at 7200 s.
    code, out, _ = run(
        capsys, "--db", str(shop), "quote", "004930123", "--tariff", "Street", "--balance", "20"
    )
    assert code == 0
    assert "billing    per 60 s" in out
    assert "charges    connect fee 0.10 EUR, first 5 s of a call free, surcharge +18 %" in out
    assert "1 minute   0.24 EUR, everything included" in out  # (0.10 + 0.10) x 1.18
    assert "balance buys 7200 s (2:00:00), the shop's maximum call length" in out
    code, out, _ = run(
        capsys,
        "--db",
        str(shop),
        "quote",
        "0049151",
        "--tariff",
        "Street",
        "--balance",
        "100",
        "--json",
    )
    data = json.loads(out)
    assert (data["interval_1"], data["interval_n"], data["connect_fee"]) == (30, 6, "0.1")
    assert (data["max_seconds"], data["cut"]) == (7200, True)


def test_quote_search_lists_destinations_by_name(shop, capsys):
    code, out, _ = run(
        capsys, "--db", str(shop), "quote", "--search", "GERMANY", "--tariff", "Street"
    )
    assert code == 0
    assert out.splitlines() == [
        "Germany         +49       0.10 EUR per minute",
        "Germany Mobile  +4915     0.30 EUR per minute",
    ]
    code, out, _ = run(
        capsys, "--db", str(shop), "quote", "--search", "moscow", "--tariff", "Street", "--json"
    )
    assert [json.loads(x) for x in out.splitlines()] == [
        {
            "area": "Russia Moscow",
            "prefix": "7495",
            "price_1": "0.15",
            "price_n": "0.15",
            "forbidden": False,
            "currency": "EUR",
        }
    ]
    code, out, _ = run(capsys, "--db", str(shop), "quote", "--search", "sat", "--tariff", "Street")
    assert code == 0 and out.split() == ["Satellite", "+882", "forbidden"]
    code, out, _ = run(
        capsys, "--db", str(shop), "quote", "--search", "Atlantis", "--tariff", "Street"
    )
    assert code == 3 and out == "no destination matches 'Atlantis'\n"
    code, _, err = run(capsys, "--db", str(shop), "quote", "--search", " ", "--tariff", "Street")
    assert code == 2 and err.count("\n") == 1 and "destination's name" in err
    code, _, err = run(
        capsys, "--db", str(shop), "quote", "4930", "--search", "x", "--tariff", "Street"
    )
    assert code == 2 and "NUMBER, --batch FILE or --search TEXT" in err


def test_booth_start_topup_list_stop_and_calls_list(shop, capsys):
    assert run(capsys, "--db", str(shop), "booth", "start", "Booth 1", "--prepaid", "5")[0] == 0
    code, _, err = run(capsys, "--db", str(shop), "booth", "start", "Booth 1", "--prepaid", "5")
    assert code == 1 and "already started" in err
    assert run(capsys, "--db", str(shop), "booth", "topup", "Booth 1", "2.50")[0] == 0
    from callshop_pos.db.engine import open_database

    db = open_database(shop)
    with db.session() as s:
        record_call(
            s, RatingCache(), authorized(db, record("c1", "0049301234", 125, start=time.time()))
        )
    db.dispose()
    code, out, _ = run(capsys, "--db", str(shop), "booth", "list")
    line = next(x for x in out.splitlines() if x.startswith("Booth 1"))
    assert "prepaid" in line and "7.2" in line  # 7.50 - 0.30
    code, out, _ = run(capsys, "--db", str(shop), "calls", "list", "--json")
    (call,) = [json.loads(x) for x in out.splitlines()]
    assert call["booth"] == "Booth 1" and call["prefix"] == "49" and call["cost"] == "0.3"
    assert call["disposition"] == "answered" and call["billable_seconds"] == 125
    code, out, _ = run(capsys, "--db", str(shop), "booth", "stop", "Booth 1")
    assert code == 0 and "refund 7.2" in out


def test_pbx_replay_json_of_recordings(capsys):
    code, out, _ = run(capsys, "pbx", "replay", str(AMI / "a_answered_caller_hangup.ami"), "--json")
    (call,) = [json.loads(x) for x in out.splitlines()]
    assert code == 0
    assert call["booth"] == "booth1" and call["number"] == "0049301234567"
    assert call["disposition"] == "answered" and call["billable_seconds"] == 5
    assert call["answered_at"].startswith("2026-11-28T04:17:28")
    code, out, _ = run(capsys, "pbx", "replay", str(AMI / "c_busy.ami"), "--json")
    assert [json.loads(x)["disposition"] for x in out.splitlines()] == ["busy"]
    code, _, err = run(capsys, "pbx", "replay", "/nonexistent.ami")
    assert code == 2 and "no such file" in err


def test_pbx_export_config_writes_the_booths_and_trunks(shop, tmp_path, capsys):
    import sqlite3

    with sqlite3.connect(shop) as raw:  # the kit refuses a booth without a SIP password
        raw.execute("UPDATE accounts SET voip_password = 'pw-walkin' WHERE voip_login = 'walkin'")
    out_dir = tmp_path / "conf"
    code, out, _ = run(
        capsys, "--db", str(shop), "pbx", "export-config", str(out_dir), "--ami-secret", "topsecret"
    )
    assert code == 0 and str(out_dir / "manager.conf") in out
    pjsip = (out_dir / "pjsip_callshop.conf").read_text()
    assert "booth1" in pjsip and "pw1" in pjsip and "carrier-b" in pjsip
    assert "topsecret" in (out_dir / "manager.conf").read_text()


def test_entry_point_runs_as_a_program(shop):
    done = subprocess.run(
        [sys.executable, "-m", "callshop_pos.cli.main", "--db", str(shop), "tariff", "list"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and "Street" in done.stdout
