"""The core commands end to end through ``main()``: quote, booth, calls, pbx replay/export."""

from __future__ import annotations

import json
import subprocess
import sys
import time
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
    code, out, _ = run(capsys, "--db", str(shop), "quote", "0049 151 2345", "--tariff",
                       "Street", "--seconds", "31", "--balance", "1", "--json")
    assert code == 0
    data = json.loads(out)
    assert data == {"number": "0049 151 2345", "prefix": "4915", "area": "Germany Mobile",
                    "billed_seconds": 36, "cost": "0.18", "refused": None,
                    "max_seconds": data["max_seconds"]}
    assert data["max_seconds"] == 198  # 0.15 for 30 s, then 28 x 6 s at 0.03: 0.99
    code, out, _ = run(capsys, "--db", str(shop), "quote", "00882111", "--tariff", "Street")
    assert code == 3 and "forbidden" in out
    code, _, err = run(capsys, "--db", str(shop), "quote", "4930", "--tariff", "Nope")
    assert code != 0 and err.count("\n") == 1 and "Nope" in err


def test_quote_batch_json_keeps_input_order(shop, tmp_path, capsys):
    batch = tmp_path / "batch.csv"
    batch.write_text("number,seconds,balance\n004930111,60,0.50\n0099,10,\n7495123,125,\n",
                     encoding="utf-8")
    code, out, _ = run(capsys, "--db", str(shop), "quote", "--batch", str(batch), "--tariff",
                       "Street", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["number"] for r in rows] == ["004930111", "0099", "7495123"]
    assert rows[0]["cost"] == "0.10" and rows[0]["max_seconds"] == 300
    assert rows[1]["refused"] == "no_rate" and "max_seconds" not in rows[1]
    assert rows[2]["prefix"] == "7495" and rows[2]["billed_seconds"] == 180
    assert rows[2]["cost"] == "0.45"


def test_booth_start_topup_list_stop_and_calls_list(shop, capsys):
    assert run(capsys, "--db", str(shop), "booth", "start", "Booth 1", "--prepaid", "5")[0] == 0
    code, _, err = run(capsys, "--db", str(shop), "booth", "start", "Booth 1", "--prepaid", "5")
    assert code == 1 and "already started" in err
    assert run(capsys, "--db", str(shop), "booth", "topup", "Booth 1", "2.50")[0] == 0
    from callshop_pos.db.engine import open_database

    db = open_database(shop)
    with db.session() as s:
        record_call(s, RatingCache(),
                    authorized(db, record("c1", "0049301234", 125, start=time.time())))
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
    code, out, _ = run(capsys, "pbx", "replay", str(AMI / "a_answered_caller_hangup.ami"),
                       "--json")
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
    code, out, _ = run(capsys, "--db", str(shop), "pbx", "export-config", str(out_dir),
                       "--ami-secret", "topsecret")
    assert code == 0 and str(out_dir / "manager.conf") in out
    pjsip = (out_dir / "pjsip_callshop.conf").read_text()
    assert "booth1" in pjsip and "pw1" in pjsip and "carrier-b" in pjsip
    assert "topsecret" in (out_dir / "manager.conf").read_text()


def test_entry_point_runs_as_a_program(shop):
    done = subprocess.run(
        [sys.executable, "-m", "callshop_pos.cli.main", "--db", str(shop), "tariff", "list"],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0 and "Street" in done.stdout
