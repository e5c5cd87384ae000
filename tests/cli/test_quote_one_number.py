"""``quote NUMBER`` prices from the rows one indexed query finds (services/rate_lookup.py)
and must say exactly what the in-memory index of the whole deck says, for any number."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from callshop_pos.cli import cmd_quote
from callshop_pos.cli.main import main
from callshop_pos.db.engine import open_database
from callshop_pos.db.models import Rate, Tariff
from callshop_pos.rating.index import quote
from callshop_pos.rating.numbers import NumberError, NumberPlan
from callshop_pos.services import rate_lookup, sessions
from callshop_pos.services.rating_cache import PriceList, RatingCache, number_plan
from tests.core.shop import build_shop

NOW = datetime(2025, 6, 1, tzinfo=UTC)
TIMES = [NOW - timedelta(days=400), NOW, NOW + timedelta(days=40)]


def _deck(rng: random.Random, tariff_id: int) -> list[Rate]:
    """Nested prefixes (49, 491, 4915...), price changes ahead, expired promotions,
    forbidden rows shadowing allowed shorter ones: everything the lookup must order."""
    rows: list[Rate] = []
    prefixes = {"7", "44", "1"}
    while len(prefixes) < 400:
        base = rng.choice(sorted(prefixes))
        prefixes.add(base + "".join(rng.choices("0123456789", k=rng.randint(1, 3))))
    for prefix in sorted(prefixes):
        starts = [NOW - timedelta(days=rng.choice((100, 500)))]
        if rng.random() < 0.2:
            starts.append(NOW + timedelta(days=rng.randint(1, 60)))  # a price change ahead
        for start in starts:
            rows.append(
                Rate(
                    tariff_id=tariff_id,
                    prefix=prefix,
                    area_name=f"Area {prefix}",
                    price_1=Decimal(rng.randint(1, 900)).scaleb(-3),
                    price_n=Decimal(rng.randint(1, 900)).scaleb(-3),
                    interval_1=rng.choice((1, 30, 60)),
                    interval_n=rng.choice((1, 6, 60)),
                    forbidden=rng.random() < 0.05,
                    grace_enabled=rng.random() < 0.2,
                    activation=start,
                    expiration=start + timedelta(days=30) if rng.random() < 0.1 else None,
                )
            )
    return rows


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("quote") / "shop.db"
    db = build_shop(path)
    with db.session() as s:
        tariff = Tariff(
            name="Big",
            currency="EUR",
            connect_fee=Decimal("0.05"),
            free_seconds=3,
            grace_period=5,
            post_call_surcharge=Decimal("0.18"),
            precision=2,
        )
        s.add(tariff)
        s.flush()
        s.add_all(_deck(random.Random(13), tariff.id))
    db.dispose()
    return path


def numbers(rng: random.Random, count: int) -> list[str]:
    prefixes = ["7", "44", "1", "49", "0049", "+44", "030", "810", ""]
    return [
        rng.choice(prefixes) + "".join(rng.choices("0123456789", k=rng.randint(0, 9)))
        for _ in range(count)
    ]


def in_memory(s: Session) -> tuple[Tariff, NumberPlan, int | None, PriceList]:
    """The Big tariff, the shop's number plan and call limit, and the whole deck's index."""
    tariff = s.scalar(select(Tariff).where(Tariff.name == "Big"))
    assert tariff is not None
    prefs = sessions.preferences(s)
    whole = RatingCache().tariff(s, tariff.id)
    assert whole is not None and len(whole.index) > 400
    return tariff, number_plan(prefs), prefs.max_call_seconds, whole


def test_one_number_from_sql_equals_the_whole_deck_in_memory(shop) -> None:
    db = open_database(shop)
    rng = random.Random(7)
    checked = priced = 0
    with db.read() as s:
        tariff, plan, limit, whole = in_memory(s)
        for number in numbers(rng, 1500):
            try:
                digits = plan.normalize(number)
            except NumberError:
                continue
            at = rng.choice(TIMES)
            seconds = rng.choice((0, 4, 31, 60, 601))
            balance = rng.choice((None, Decimal("0.5"), Decimal("20")))
            one = rate_lookup.price_list_for(s, tariff, digits, at)
            assert len(one.index) <= len(digits)  # only the candidates, never the deck
            expected = quote(whole.index, whole.terms, plan, number, seconds, balance, at, limit)
            got = quote(one.index, one.terms, plan, number, seconds, balance, at, limit)
            assert got == expected, (number, at)
            if expected.prefix is not None:
                assert one.index.row_at(expected.prefix, at) == whole.index.row_at(
                    expected.prefix, at
                )
            checked += 1
            priced += expected.refused is None
    db.dispose()
    assert checked > 1000 and priced > 200


def test_the_command_answers_as_the_in_memory_path(shop, capsys) -> None:
    db = open_database(shop)
    with db.read() as s:
        _, plan, limit, whole = in_memory(s)
    db.dispose()
    rng = random.Random(3)
    at = NOW + timedelta(days=40)
    for number in [n for n in numbers(rng, 40) if n.strip("+")]:
        options = ["--seconds", "95", "--balance", "2", "--at", at.isoformat(), "--json"]
        code = main(["--db", str(shop), "quote", number, "--tariff", "Big", *options])
        out = capsys.readouterr().out
        expected = quote(whole.index, whole.terms, plan, number, 95, Decimal(2), at, limit)
        charged = cmd_quote._offer(whole.index, whole.terms, expected, at)
        assert json.loads(out) == cmd_quote.as_json(expected, True, charged, limit), number
        assert code == (3 if expected.refused else 0)


def test_one_number_never_loads_the_whole_deck(shop, capsys, monkeypatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("the whole deck was loaded for one number")

    monkeypatch.setattr(RatingCache, "tariff", refuse)
    assert main(["--db", str(shop), "quote", "4412345", "--tariff", "Big", "--json"]) in (0, 3)
    assert json.loads(capsys.readouterr().out)["number"] == "4412345"


def test_the_candidate_query_uses_the_rates_index(shop) -> None:
    import sqlite3

    from callshop_pos.db.codecs import utc_text

    db = open_database(shop)
    with db.read() as s:
        tariff = s.scalar(select(Tariff).where(Tariff.name == "Big"))
        assert tariff is not None
    db.dispose()
    query = rate_lookup.candidate_query(7)
    params = rate_lookup.candidate_params(tariff.id, "4915123", NOW)
    params["at"] = utc_text(params["at"])
    with sqlite3.connect(shop) as raw:
        plan = raw.execute(f"EXPLAIN QUERY PLAN {query.sql}", params).fetchall()
    assert any("USING INDEX" in str(row) for row in plan), plan


def test_a_bad_number_and_an_unknown_tariff_are_one_line(shop, capsys) -> None:
    assert main(["--db", str(shop), "quote", "abc", "--tariff", "Big"]) != 0
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and err.startswith("callshop-pos: error: ")
    assert main(["--db", str(shop), "quote", "4930", "--tariff", "Nope"]) == 2
    assert "no tariff named 'Nope'" in capsys.readouterr().err


def test_a_shop_without_preferences_row_is_quoted_by_the_general_path(
    shop, tmp_path, capsys
) -> None:
    import shutil
    import sqlite3

    copy = tmp_path / "shop.db"
    shutil.copyfile(shop, copy)
    with sqlite3.connect(copy) as raw:
        raw.execute("DELETE FROM preferences")
    code = main(["--db", str(copy), "quote", "4412345", "--tariff", "Big", "--json"])
    assert code in (0, 3) and json.loads(capsys.readouterr().out)["number"] == "4412345"
    with sqlite3.connect(copy) as raw:  # a quote reads: the defaults were not written
        assert raw.execute("SELECT count(*) FROM preferences").fetchone() == (0,)
