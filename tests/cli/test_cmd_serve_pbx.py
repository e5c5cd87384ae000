"""``serve`` and ``pbx test-call`` against the Asterisk simulator over real TCP."""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from callshop_pos.cli.main import main
from callshop_pos.db.engine import open_database
from callshop_pos.db.models import Call
from callshop_pos.pbx.simulator import AsteriskSimulator
from tests.core.shop import build_shop
from tests.pbx.test_engine_support import SECRET, SPEED, wait_for

# The billed line of serve_a_call's call. Asterisk's seconds: 61 simulated at 20x, more when
# the machine is busy (a hang-up a tenth of a second late in real time is 2 s simulated); up
# to 119 s it still bills two minutes.
BILLED = re.compile(r"booth1 004930123456: answered, (6[1-9]|[7-9][0-9]|1[01][0-9]) s, billed")


@pytest.fixture
def pbx(tmp_path) -> Iterator[tuple[Path, AsteriskSimulator, str]]:
    path = tmp_path / "shop.db"
    build_shop(path).dispose()
    sim = AsteriskSimulator(users={"callshop": SECRET}, speed=SPEED, auth_wait=60.0)
    port = sim.start()
    sim.register_booth("booth1", True)
    yield path, sim, f"ami://callshop:{SECRET}@127.0.0.1:{port}"
    sim.stop()


def billed(path: Path) -> list[Call]:
    db = open_database(path)
    with db.read() as s:
        calls = list(s.scalars(select(Call)))
    db.dispose()
    return calls


def serve_a_call(path: Path, sim: AsteriskSimulator, url: str) -> None:
    """``serve`` for 8 s while Booth 1 (started with 2.00) makes one 61 s call."""
    assert main(["--db", str(path), "booth", "start", "Booth 1", "--prepaid", "2"]) == 0
    result: list[int] = []
    server = threading.Thread(
        target=lambda: result.append(
            main(["--db", str(path), "serve", "--pbx", url, "--duration", "8"])
        )
    )
    server.start()
    assert wait_for(lambda: sim.db_get("callshop_booth", "booth1/state") == "open", 5)
    sim.place_call("booth1", "004930123456", answer_after=1, talk=61)
    assert wait_for(lambda: len(billed(path)) == 1, 8)
    server.join(15)
    assert result == [0]


def test_serve_authorizes_bills_and_logs_each_call(pbx, capsys):
    path, sim, url = pbx
    serve_a_call(path, sim, url)
    out = capsys.readouterr().out
    assert "pbx connected" in out
    assert "booth1 004930123456: answered" in out  # the live-call line
    assert BILLED.search(out), out
    (call,) = billed(path)
    assert str(call.cost) == "0.2"  # 61 s -> 120 s at 0.10 / min


def test_serve_with_a_wrong_password_says_so(pbx, capsys):
    path, _sim, url = pbx
    bad = url.replace(SECRET, "wrong")
    before = signal.getsignal(signal.SIGTERM)
    assert main(["--db", str(path), "serve", "--pbx", bad, "--duration", "3"]) == 0
    out = capsys.readouterr().out
    assert "pbx auth_failed: wrong AMI username or password" in out
    assert signal.getsignal(signal.SIGTERM) is before  # serve gives its SIGTERM handler back


def test_pbx_test_call_places_and_reports_a_call(pbx, capsys):
    path, _sim, url = pbx
    assert main(["--db", str(path), "booth", "start", "Booth 1", "--prepaid", "2"]) == 0
    code = main(
        [
            "--db",
            str(path),
            "pbx",
            "test-call",
            "--booth",
            "Booth 1",
            "004930555",
            "--pbx",
            url,
            "--seconds",
            "30",
            "--timeout",
            "20",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "booth1 004930555: answered" in out
    (call,) = billed(path)
    assert call.number == "004930555" and call.disposition == "answered"


def test_pbx_test_call_from_a_closed_booth_is_refused(pbx, capsys):
    path, _sim, url = pbx
    code = main(
        [
            "--db",
            str(path),
            "pbx",
            "test-call",
            "--booth",
            "Booth 1",
            "004930555",
            "--pbx",
            url,
            "--timeout",
            "20",
        ]
    )
    out = capsys.readouterr().out
    assert code == 3 and "refused (the booth is not started)" in out


def test_a_call_that_ended_while_the_engine_was_away_keeps_its_real_times(pbx):
    """Engine stopped mid-call, the call ends, the engine restarts: resync bills it from the
    dialplan's outcome record, with Asterisk's start, answer and end (not the restart time)."""
    from datetime import UTC, datetime

    from callshop_pos.pbx.outcome import parse_outcome
    from callshop_pos.runtime import build_runtime

    path, sim, url = pbx
    assert main(["--db", str(path), "booth", "start", "Booth 1", "--prepaid", "5"]) == 0
    first = build_runtime(path, pbx_url=url, demo=False, printing=False)
    first.start()
    try:
        assert wait_for(lambda: sim.db_get("callshop_booth", "booth1/state") == "open", 5)
        uid = sim.place_call("booth1", "004930123456", answer_after=3, talk=None)
        assert wait_for(lambda: any(c.answered is not None for c in sim.channels.values()), 5)
    finally:
        first.stop()  # the app goes away with the call up
    sim.hangup_booth("booth1")
    assert wait_for(lambda: sim.db_get("callshop_cdr", uid) is not None, 5)
    outcome = parse_outcome(sim.db_get("callshop_cdr", uid) or "")
    assert outcome.start_epoch is not None and outcome.end_epoch is not None
    assert billed(path) == []

    second = build_runtime(path, pbx_url=url, demo=False, printing=False)
    second.start()
    try:
        assert wait_for(lambda: len(billed(path)) == 1, 10)
    finally:
        second.stop()
    (call,) = billed(path)

    def at(epoch: float | None) -> datetime:
        assert epoch is not None
        return datetime.fromtimestamp(epoch, UTC).replace(tzinfo=None)

    def naive(value: datetime | None) -> datetime:
        assert value is not None
        return value.replace(tzinfo=None)

    assert call.billing_source == "outcome" and call.disposition == "answered"
    # Asterisk's own times, to the millisecond the record carries
    assert abs(naive(call.started_at) - at(outcome.start_epoch)).total_seconds() < 0.001
    assert abs(naive(call.answered_at) - at(outcome.answer_epoch)).total_seconds() < 0.001
    assert abs(naive(call.ended_at) - at(outcome.end_epoch)).total_seconds() < 0.001
    assert naive(call.started_at) < naive(call.answered_at) < naive(call.ended_at)
    assert outcome.answered_ms is not None
    assert call.billable_seconds == outcome.answered_ms // 1000
