"""A big rate deck imported while the booths call: no call waits for the new index.

The real engine and the database policy against the Asterisk simulator over TCP, the
dialplan's own 3 s wait for a decision (in real time), a real SQLite file, and the deck
imported by ``callshop-pos rates import`` in another process, as the owner would. The new
index is built aside and swapped in: every call before the swap is authorized on the old
prices, none is refused for lack of a decision (``auth-timeout``), and the calls after the
swap get the new prices.

To show that no authorization waits for the rebuild, however long the rebuild takes, the
rebuild's read of the rates table is held (a gate on the real engine's cursor) until several
rounds of calls have been decided; before the fix, the first authorization after the import
was the one that reloaded the index, so it waited at the gate and was refused.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from callshop_pos.counter import BoothMode
from callshop_pos.db.engine import Database, open_database
from callshop_pos.db.models import Account, Call
from callshop_pos.pbx.engine import PbxEngine
from callshop_pos.pbx.simulator import AsteriskSimulator
from callshop_pos.rating.deck import COLUMNS, parse_deck
from callshop_pos.services.counter import CounterService
from callshop_pos.services.pbx_policy import DatabasePolicy
from callshop_pos.services.rates import create_tariff, import_deck_file
from callshop_pos.services.rating_cache import RatingCache
from tests.core.shop import build_shop
from tests.pbx.test_engine_support import SECRET, Recorder, wait_for

D = Decimal
BOOTHS = ("booth1", "booth2", "booth3")
GERMANY = "004930123456"
FILLER_ROWS = 100_000  # large enough that reading and indexing it takes a while
ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2024, 5, 1, tzinfo=UTC)


def write_deck(path: Path, germany: str) -> None:
    """The shop's deck with Germany at a new price, and FILLER_ROWS more prefixes."""
    lines = ["prefix,area_name,price_1,interval_1,interval_n,forbidden,activation_date"]
    lines += [
        f"49,Germany,{germany},60,60,0,2020-01-01",
        "4915,Germany Mobile,0.30,30,6,0,2020-01-01",
        "7,Russia,0.20,60,60,0,2020-01-01",
        "7495,Russia Moscow,0.15,60,60,0,2020-01-01",
        "882,Satellite,5.00,60,60,1,2020-01-01",
    ]
    lines += [
        f"2{n:07d},Filler {n % 97},0.{n % 90 + 10:02d},60,60,0,2020-01-01"
        for n in range(FILLER_ROWS)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


class RatesReadGate:
    """Holds every read of the rates table in this process until released (at most a
    minute, so a broken run cannot hang): only an index (re)build reads that table here."""

    _READ = re.compile(r"^\s*SELECT\b.*\bFROM\s+rates\b", re.IGNORECASE | re.DOTALL)

    def __init__(self, db: Database) -> None:
        self.reached = threading.Event()
        self.released = threading.Event()
        event.listen(db.engine, "before_cursor_execute", self._before)

    def _before(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not self.released.is_set() and self._READ.match(statement):
            self.reached.set()
            self.released.wait(60)

    def release(self) -> None:
        self.released.set()  # the listener stays (removing it races the threads using it)


def calls(db: Database) -> list[Call]:
    with db.read() as s:
        return list(s.scalars(select(Call).order_by(Call.id)))


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[tuple[Database, AsteriskSimulator, RatingCache, Path]]:
    path = tmp_path / "shop.db"
    db = build_shop(path)
    # speed 1: the dialplan's WaitForCondition of 3 s is 3 real seconds
    sim = AsteriskSimulator(users={"callshop": SECRET}, speed=1.0, auth_wait=3.0)
    port = sim.start()
    for login in BOOTHS:
        sim.register_booth(login, True)
    cache = RatingCache()
    counter = CounterService(db, cache=cache, hangup_wait=5.0)
    recorder = Recorder()
    engine = PbxEngine(
        f"ami://callshop:{SECRET}@127.0.0.1:{port}",
        DatabasePolicy(db, cache),
        recorder,
        poll_interval=0.2,
    )
    counter.pbx = engine
    engine.start()
    assert wait_for(lambda: engine.connected and recorder.resyncs() >= 1, 10)
    with db.read() as s:
        accounts = {a.voip_login: a.id for a in s.scalars(select(Account))}
    for login in BOOTHS:
        counter.start(accounts[login], BoothMode.PREPAID, D("20.00"), D(0))
        assert wait_for(
            lambda login=login: sim.db_get("callshop_booth", f"{login}/state") == "open"
        )
    try:
        yield db, sim, cache, tmp_path
    finally:
        engine.stop()
        sim.stop()


def call_round(db: Database, sim: AsteriskSimulator) -> bool:
    """One short call to Germany from every booth; True when all of them were billed."""
    before = len(calls(db))
    for login in BOOTHS:
        sim.place_call(login, GERMANY, answer_after=0.2, talk=0.5)
    return wait_for(lambda: len(calls(db)) >= before + len(BOOTHS), 30)


def test_a_big_deck_imported_while_booths_call_refuses_no_call(shop):
    db, sim, cache, tmp = shop
    assert call_round(db, sim)  # the index of the old deck is loaded
    deck = tmp / "deck.csv"
    write_deck(deck, germany="0.40")
    gate = RatesReadGate(db)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    importer = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "callshop_pos.cli.main",
            "--db",
            str(db.path),
            "rates",
            "import",
            str(deck),
            "--tariff",
            "Street",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        decided = True
        rounds_held = 0
        # Call while the deck is parsed and stored, then while its index is being built
        # (held at the gate), for a few rounds: every one must be decided in time.
        for _ in range(60):  # a bound, never reached when things work
            decided = call_round(db, sim)
            if not decided:
                break
            if importer.poll() is not None and gate.reached.is_set():
                rounds_held += 1
                if rounds_held == 3:
                    break
        out, err = importer.communicate(timeout=120)
        assert importer.returncode == 0, err
        assert "tariff 'Street': 100000 added, 1 updated, 0 removed" in out
        assert decided, "booth calls were left without a decision while the index was rebuilt"
        assert rounds_held == 3, "the rebuild never started"
        held = calls(db)
    finally:
        gate.release()
        if importer.poll() is None:
            importer.kill()
    refused = [(c.disposition, c.refusal_reason) for c in held if c.disposition != "answered"]
    assert refused == []
    # every call so far was priced on the old index: the new one was still being built
    assert {c.rate_price_1 for c in held} == {D("0.10")}
    assert cache.wait_idle(60)
    assert call_round(db, sim)
    after = calls(db)[len(held) :]
    assert [(c.disposition, c.rate_price_1) for c in after] == [("answered", D("0.40"))] * 3


def test_an_imported_deck_loads_back_into_the_index_row_for_row(migrated_db_url, tmp_path):
    """The import's bulk write (COPY on PostgreSQL, executemany on SQLite) and the index's
    raw-column load agree with the parsed deck on every row, on both backends."""
    db = open_database(migrated_db_url)
    try:
        with db.session() as s:
            tariff_id = create_tariff(s, "Big", currency="EUR").id
        deck = tmp_path / "deck.csv"
        lines = [",".join(COLUMNS)]
        for n in range(5_000):
            expires = "2031-01-01T00:00:00+00:00" if n % 7 == 0 else ""
            lines.append(
                f"{300000 + n},Area {n % 13},0.{n % 89 + 10:02d},0.0{n % 9 + 1},"
                f"{(1, 30, 60)[n % 3]},{(1, 6, 60)[n % 3]},{int(n % 50 == 0)},{int(n % 2)},"
                f"2020-0{n % 9 + 1}-01T00:00:00+00:00,{expires}"
            )
        lines.append("3000001,Later,0.99,0.99,60,60,0,0,2030-01-01T00:00:00+00:00,")
        deck.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = import_deck_file(db, deck, tariff="Big", now=NOW)
        assert (result.added, result.total) == (5_001, 5_001)
        expected = {(r.prefix, r.activation): r for r in parse_deck(deck.read_bytes(), now=NOW)}
        with db.read() as s:
            price_list = RatingCache().tariff(s, tariff_id)
        assert price_list is not None
        loaded = {(r.prefix, r.activation): r for r in price_list.index.rows()}
        assert loaded == expected
        assert price_list.lookup("3000001777", NOW).prefix == "300000"
        assert price_list.lookup("3000001777", datetime(2030, 6, 1, tzinfo=UTC)).prefix == "3000001"
    finally:
        db.dispose()
