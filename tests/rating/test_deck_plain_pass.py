"""The deck's first pass (no line numbers, a deck with no problem) against the record-by-record
reading it falls back to: for any deck, good or bad, the same rows or the same error."""

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from callshop_pos.rating import deck
from callshop_pos.rating.deck import COLUMNS, Converters, DeckError, parse_deck_values

NOW = datetime(2024, 5, 1, 12, 30, tzinfo=UTC)

# Cells of every kind: good ones, and ones each check of the deck refuses or cleans up.
CELLS = {
    "prefix": ["1", "12", "123", "4412", " 12 ", "", "12a", "\u0661\u0662", "9" * 33, "7" * 32],
    "area_name": ["A", "Area 1", "", " B ", "=1+1", "'=x", "'plain", "bell\x07", "\u00e9t\u00e9"],
    "price_1": ["0.5", "1", " 2 ", "", "-1", "abc", "0.1234567", "1e3", "0"],
    "price_n": ["0.5", "3", "", " 0.25", "x"],
    "interval_1": ["60", "1", " 30 ", "", "0", "3601", "x", "1.5"],
    "interval_n": ["60", "6", "", "-6"],
    "forbidden": ["0", "1", "yes", "", "N", "maybe"],
    "grace_period_enable": ["0", "true", "", "2"],
    "activation_date": ["", "2024-01-01", "2024-01-01T02:00+02", "2030-06-01", "1800-01-01", "x"],
    "expiration_date": ["", "2024-06-01", "2023-01-01", "2024-01-01", "2024-05-01T12:30Z", "bad"],
}
# How often a line is good: bad decks are often bad in one line only.
GOOD = {name: [v for v in values if v.strip() == v] for name, values in CELLS.items()}
GOOD["prefix"] = ["1", "12", "123", "4412", "7" * 32]
GOOD["area_name"] = ["A", "Area 1", "", "=1+1", "'=x"]
GOOD["price_1"] = ["0.5", "1", "0"]
GOOD["interval_1"] = ["60", "1", ""]
GOOD["interval_n"] = ["60", "6", ""]
GOOD["forbidden"] = ["0", "1", ""]
GOOD["grace_period_enable"] = ["0", "true", ""]
GOOD["activation_date"] = ["", "2024-01-01", "2024-01-01T00:00:00+02:00"]
GOOD["expiration_date"] = ["", "2031-01-01T00:00", "2024-06-01", "2024-01-01"]


@st.composite
def decks(draw: st.DrawFn) -> str:
    optional = [c for c in COLUMNS if c not in ("prefix", "price_1")]
    columns = ["prefix", "price_1", *draw(st.lists(st.sampled_from(optional), unique=True))]
    columns = draw(st.permutations(columns))
    delimiter = draw(st.sampled_from([",", ";"]))
    lines = [delimiter.join(draw(st.sampled_from([c, c.upper(), f" {c}"])) for c in columns)]
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["good"] * 6 + ["any", "blank", "padding", "short", "quoted"]))
        if kind == "blank":
            lines.append("")
        elif kind == "padding":
            lines.append(delimiter * (len(columns) - 1))
        elif kind == "short":
            lines.append(delimiter.join(["1"] * (len(columns) - 1)))
        else:
            pool = GOOD if kind in ("good", "quoted") else CELLS
            cells = [draw(st.sampled_from(pool[c])) for c in columns]
            if kind == "quoted":  # a quoted cell, perhaps over two physical lines
                at = draw(st.integers(0, len(cells) - 1))
                cells[at] = '"' + cells[at] + draw(st.sampled_from(["", "\n"])) + '"'
            lines.append(delimiter.join(cells))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    return ending.join(lines) + draw(st.sampled_from(["", ending]))


def _outcome(text: str, convert: Converters | None) -> object:
    try:
        return parse_deck_values(text, now=NOW, convert=convert)
    except DeckError as exc:
        return ("error", str(exc))


STORED = Converters(lambda d: int(d * 1_000_000), lambda t: t.isoformat(), int)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(decks(), st.booleans())
@example("prefix,price_1,activation_date,expiration_date\n1,1,2024-01-01,2024-01-01\n", True)
@example("prefix,price_1,expiration_date\n1,1,2024-05-01T12:30Z\n2,1,\n", False)
def test_the_first_pass_gives_what_reading_record_by_record_gives(text, stored):
    convert = STORED if stored else None
    quick = _outcome(text, convert)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(deck, "_plainly", lambda *args: None)  # straight to the record-by-record path
        slow = _outcome(text, convert)
    assert quick == slow


def test_a_good_deck_is_read_by_the_first_pass_alone(monkeypatch):
    """The record-by-record loop runs only for a deck with a problem: a good one is read
    once (a first pass that always gave up would pass the test above, twice as slowly)."""
    passes = []
    first_pass = deck._plainly

    def counted(*args):
        rows = first_pass(*args)
        passes.append(rows is not None)
        return rows

    monkeypatch.setattr(deck, "_plainly", counted)
    good = "prefix;area_name;price_1;activation_date\n 12 ;A;0,5;\n\n;;;\n13;B;1;2024-01-01\n"
    rows = parse_deck_values(good, now=NOW)
    assert [r[0] for r in rows] == ["12", "13"] and passes == [True]
    duplicate = r"line 6, column prefix: duplicate prefix '12' .* \(first on line 2\)"
    with pytest.raises(DeckError, match=duplicate):
        parse_deck_values(good + "12;C;2;\n", now=NOW)
    assert passes == [True, False]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("12,A,1,2024-01-01,2023-01-01", "line 3, column expiration_date: expiration"),
        ("13,A,,,", "line 3, column price_1: missing price"),
        ("13,A,1,,,", "line 3: expected 5 fields, found 6"),
        ('13,"A,1,,', "line 3: bad CSV"),
    ],
)
def test_a_problem_after_good_lines_is_named_as_before(line, message):
    text = "prefix,area_name,price_1,activation_date,expiration_date\n12,A,1,,\n" + line + "\n"
    with pytest.raises(DeckError, match=message):
        parse_deck_values(text, now=NOW)
