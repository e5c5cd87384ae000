"""The database survives a kill at any moment: the first ``setup apply`` on a new file is
killed (SIGKILL) at random points, 50 times; after each, ``db check`` and a normal command
(``setup apply`` again, then ``tariff list``) succeed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from callshop_pos.cli import main as cli_main

ROOT = Path(__file__).resolve().parents[2]
KILLS = 50
# a small shop: the apply is then mostly the creation of the schema, where a kill hurt
SETUP = """\
[shop]
name = "Kill test shop"
currency = "EUR"

[[tariffs]]
name = "Street prices"
currency = "EUR"
rates = "street.csv"

[[service_plans]]
name = "Prepaid booth"
tariff = "Street prices"

[[booths]]
name = "Booth 1"
voip_login = "booth1"
service_plan = "Prepaid booth"
"""


@pytest.fixture(autouse=True)
def only_these_commands(monkeypatch) -> None:
    monkeypatch.setattr(cli_main, "COMMAND_MODULES", ("tariff", "setup", "db"))


def run(path: Path, *argv: str) -> int:
    return cli_main.main(["--db", str(path), *argv])


def test_a_first_setup_apply_killed_at_random_moments_leaves_a_usable_file(
    tmp_path: Path, capsys
) -> None:
    setup = tmp_path / "shop.toml"
    setup.write_text(SETUP, encoding="utf-8")
    (tmp_path / "street.csv").write_text(
        "prefix,area_name,price_1\n49,Germany,0.10\n", encoding="utf-8"
    )
    seed = int.from_bytes(os.urandom(4), "big")
    # the worker goes on killing while the files it reports are checked here
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.db.kill_worker",
            str(tmp_path),
            str(setup),
            str(KILLS),
            str(seed),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    tries = []
    try:
        assert worker.stdout is not None
        for line in worker.stdout:
            tries.append(json.loads(line))
            _check_the_file_after_the_kill(
                Path(tries[-1]["path"]),
                setup,
                f"seed {seed}, kill after {tries[-1]['delay']} s",
                capsys,
            )
    finally:
        worker.stdout.close()
        stderr = worker.stderr.read()
        worker.stderr.close()
        assert worker.wait(timeout=60) == 0, stderr
    assert len(tries) == KILLS
    # the kills fall all over the apply, not only after it
    assert sum(t["killed"] for t in tries) >= KILLS // 2, tries


def _check_the_file_after_the_kill(path: Path, setup: Path, where: str, capsys) -> None:
    capsys.readouterr()
    if path.exists():  # else the kill came before the file was created
        assert run(path, "db", "check") == 0, (where, capsys.readouterr())
        out = capsys.readouterr().out.splitlines()
        assert out[-1].endswith(": ok"), (where, out)
        assert len(out) <= 2, (where, out)  # at most one line saying what was repaired
    assert run(path, "setup", "apply", str(setup)) == 0, (where, capsys.readouterr())
    assert run(path, "tariff", "list") == 0, (where, capsys.readouterr())
    assert "Street prices" in capsys.readouterr().out, where
