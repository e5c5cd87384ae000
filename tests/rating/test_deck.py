"""Rate deck CSV: accepted variants, every rejection with its line and column, round trips."""

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callshop_pos.rating.deck import COLUMNS, DeckError, merge, parse_deck, write_deck
from callshop_pos.rating.terms import RateRow

NOW = datetime(2024, 5, 1, 12, 30, tzinfo=UTC)
JAN = datetime(2024, 1, 1, tzinfo=UTC)


def parse(text):
    return parse_deck(text, now=NOW)


def test_minimal_deck_fills_defaults():
    (rate,) = parse("prefix,price_1\n49,0.15\n")
    assert rate == RateRow(
        prefix="49",
        area_name="",
        price_1=D("0.15"),
        price_n=D("0.15"),  # missing price_n = price_1
        interval_1=60,
        interval_n=60,
        forbidden=False,
        grace_enabled=False,
        activation=NOW,  # missing activation = now
        expiration=None,
    )


def test_full_deck_in_any_column_order_and_case():
    text = (
        "Expiration_Date,grace_period_enable,FORBIDDEN,interval_n,interval_1,price_n,price_1,"
        "area_name,prefix,activation_date\n"
        "2025-01-01,yes,n,6,30,0.10,0.20,Germany mobile,4915,2024-01-01\n"
    )
    (rate,) = parse(text)
    assert rate == RateRow(
        "4915",
        "Germany mobile",
        D("0.20"),
        D("0.10"),
        30,
        6,
        False,
        True,
        JAN,
        datetime(2025, 1, 1, tzinfo=UTC),
    )


def test_empty_cells_take_the_defaults():
    header = ",".join(COLUMNS)
    (rate,) = parse(f"{header}\n44, ,0.1, , , ,,,,\n")
    assert (rate.area_name, rate.price_n, rate.interval_1, rate.interval_n) == (
        "",
        D("0.1"),
        60,
        60,
    )
    assert (rate.forbidden, rate.grace_enabled, rate.activation, rate.expiration) == (
        False,
        False,
        NOW,
        None,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", True),
        ("0", False),
        ("TRUE", True),
        ("false", False),
        ("Yes", True),
        ("no", False),
        ("Y", True),
        ("n", False),
        ("", False),
    ],
)
def test_booleans(text, expected):
    (rate,) = parse(f"prefix,price_1,forbidden,grace_period_enable\n1,1,{text},{text}\n")
    assert rate.forbidden is expected and rate.grace_enabled is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-01", JAN),
        ("2024-01-01T00:00:00", JAN),  # naive = UTC
        ("2024-01-01 02:00+02:00", JAN),  # converted to UTC
        ("2024-01-01T00:00:00Z", JAN),
        ("2024-01-01T00:00:00.250000", JAN + timedelta(milliseconds=250)),
    ],
)
def test_dates(text, expected):
    (rate,) = parse(f"prefix,price_1,activation_date\n1,1,{text}\n")
    assert rate.activation == expected
    assert rate.activation.tzinfo is UTC


def test_semicolons_decimal_commas_bom_and_crlf_as_bytes():
    data = "\ufeffprefix;area_name;price_1;price_n\r\n49;Deutschland, Festnetz;0,15;0,1\r\n"
    (rate,) = parse(data.encode("utf-8"))
    assert (rate.prefix, rate.area_name, rate.price_1, rate.price_n) == (
        "49",
        "Deutschland, Festnetz",
        D("0.15"),
        D("0.1"),
    )
    assert parse(data) == [rate]  # the same text as str, BOM included


def test_quoted_decimal_comma_in_a_comma_file():
    (rate,) = parse('prefix,price_1\n49,"0,15"\n')
    assert rate.price_1 == D("0.15")


def test_blank_and_padding_lines_are_skipped():
    rows = parse("prefix;price_1\n\n49;1\n;\n  \n44;2\n\n")
    assert [r.prefix for r in rows] == ["49", "44"]


def test_utf8_area_names():
    (rate,) = parse("prefix,area_name,price_1\n7,Россия – Москва,0.1\n".encode())
    assert rate.area_name == "Россия – Москва"


def test_same_prefix_with_different_activations_is_fine():
    rows = parse("prefix,price_1,activation_date\n49,1,2024-01-01\n49,2,2024-02-01\n49,3,\n")
    assert [r.price_1 for r in rows] == [1, 2, 3]


def _error(text):
    with pytest.raises(DeckError) as info:
        parse(text)
    return info.value


HEAD = "prefix,area_name,price_1,price_n,interval_1,interval_n,activation_date,expiration_date"
GOOD = "49,Germany,0.1,0.1,60,60,2024-01-01,"


@pytest.mark.parametrize(
    ("bad_line", "column", "message"),
    [
        ("44,UK,abc,0.1,60,60,,", "price_1", "bad number 'abc'"),
        ("44,UK,NaN,0.1,60,60,,", "price_1", "bad number 'NaN'"),
        ("44,UK,0.1,-0.5,60,60,,", "price_n", "negative price '-0.5'"),
        ("44,UK,,0.1,60,60,,", "price_1", "missing price"),
        ("44,UK,0.1,0.1,0,60,,", "interval_1", "interval must be positive, not '0'"),
        ("44,UK,0.1,0.1,60,-6,,", "interval_n", "interval must be positive, not '-6'"),
        ("44,UK,0.1,0.1,1.5,60,,", "interval_1", "whole number of seconds, not '1.5'"),
        ("44,UK,0.1,0.1,60,x,,", "interval_n", "whole number of seconds, not 'x'"),
        (",UK,0.1,0.1,60,60,,", "prefix", "empty prefix"),
        ("+44,UK,0.1,0.1,60,60,,", "prefix", "digits only, not '+44'"),
        ("4 4,UK,0.1,0.1,60,60,,", "prefix", "digits only, not '4 4'"),
        ("44,UK,0.1,0.1,60,60,2024-13-01,", "activation_date", "unparseable date '2024-13-01'"),
        ("44,UK,0.1,0.1,60,60,,soon", "expiration_date", "unparseable date 'soon'"),
        ("44,UK,0.1,0.1,60,60,2024-02-01,2024-02-01", "expiration_date", "is not after"),
        ("44,UK,0.1,0.1,60,60,2024-02-01,2024-01-01", "expiration_date", "is not after"),
        ("44,UK,0.1,0.1,60,60,,2024-05-01", "expiration_date", "is not after"),  # before now
        ("49,Germany,0.2,0.2,60,60,2024-01-01T00:00,", "prefix", "duplicate prefix '49'"),
        ("44,UK,0.1,0.1,60,60,", None, "expected 8 fields, found 7"),
        ("44,UK,0.1,0.1,60,60,,,", None, "expected 8 fields, found 9"),
        # the ranges of services.validation
        ("44,U\x00K,0.1,0.1,60,60,,", "area_name", "control character ('\\x00')"),
        ("44,U\x1bK,0.1,0.1,60,60,,", "area_name", "control character ('\\x1b')"),
        (f"44,{'x' * 121},0.1,0.1,60,60,,", "area_name", "longer than 120 characters"),
        (f"{'4' * 40},UK,0.1,0.1,60,60,,", "prefix", "prefix longer than 32 digits (40)"),
        ("44,UK,1000000000000,0.1,60,60,,", "price_1", "price must be at most 999999999999.99"),
        ("44,UK,0.1,0.00000001,60,60,,", "price_n", "0.00000001 has more than 6 decimals"),
        ("44,UK,0.1,0.1,3601,60,,", "interval_1", "interval must be 1-3600 seconds, not 3601"),
        (f"44,UK,0.1,0.1,60,{'9' * 5000},,", "interval_n", "interval must be 1-3600 seconds"),
        ("44,UK,0.1,0.1,60,60,0001-01-01T00:00+01:00,", "activation_date", "unparseable date"),
        ("44,UK,0.1,0.1,60,60,1066-10-14,", "activation_date", "not in the years 1900-9999"),
    ],
)
def test_every_error_names_its_line_and_column(bad_line, column, message):
    # The bad row is the 4th physical line: header, a good row, a blank line, the bad row,
    # and a good row after it that must not be returned either.
    error = _error(f"{HEAD}\n{GOOD}\n\n{bad_line}\n44,UK,0.1,0.1,60,60,,\n")
    assert (error.line, error.column) == (4, column)
    assert message in str(error)
    where = f"line 4, column {column}: " if column else "line 4: "
    assert str(error).startswith(where)
    assert isinstance(error, ValueError)


def test_duplicate_names_the_first_line():
    error = _error(f"{HEAD}\n{GOOD}\n{GOOD}\n")
    assert error.line == 3
    assert "first on line 2" in str(error)


def test_the_first_problem_is_reported():
    error = _error("prefix,price_1,interval_1\nx,-1,0\n44,-2,0\n")
    assert (error.line, error.column) == (2, "prefix")


def test_lines_are_physical_lines_even_with_quoted_newlines_and_crlf():
    # a quoted newline is read as one record starting on its first line, and refused there
    text = 'prefix,area_name,price_1\r\n44,UK,bad\r\n49,"two\r\nlines",0.1\r\n'
    error = _error(text)
    assert (error.line, error.column) == (2, "price_1")
    text = 'prefix,area_name,price_1\r\n44,UK,1\r\n49,"two\r\nlines",0.1\r\n'
    for data in (text, text.encode("utf-8-sig")):
        error = _error(data)
        assert (error.line, error.column) == (3, "area_name")
        assert "control character" in str(error)


def test_the_message_example_from_the_brief():
    lines = ["prefix,price_1", *[f"{n},1" for n in range(10, 15)], "15,-0.5"]
    assert str(_error("\n".join(lines))) == "line 7, column price_1: negative price '-0.5'"


@pytest.mark.parametrize("text", ["", "   \n\n", "\ufeff", b"", b"\xef\xbb\xbf"])
def test_empty_file(text):
    error = _error(text)
    assert (error.line, error.column) == (1, None)
    assert "empty" in str(error)


@pytest.mark.parametrize(
    ("header", "column", "message"),
    [
        ("prefix,area_name", "price_1", "missing required column 'price_1'"),
        ("area_name;price_1", "prefix", "missing required column 'prefix'"),
        ("prefix,price_1,price", "price", "unknown column 'price'"),
        ("prefix,price_1,", None, "unknown column ''"),
        ("prefix,price_1,Prefix", "prefix", "appears twice"),
        ("49,0.10", "49", "unknown column '49'"),  # a deck without a header line
    ],
)
def test_header_problems(header, column, message):
    error = _error(f"{header}\n49,0.1\n")
    assert (error.line, error.column) == (1, column)
    assert message in str(error)


def test_invalid_utf8_names_the_line():
    error = _error(b"prefix,area_name,price_1\n49,ok,1\n44,\xff\xfe,1\n")
    assert (error.line, error.column) == (3, None)
    assert "UTF-8" in str(error)


def test_unterminated_quote_is_an_error():
    error = _error('prefix,area_name,price_1\n49,"open,1\n44,UK,1\n')
    assert error.column is None
    assert "CSV" in str(error)


def test_now_must_be_aware():
    with pytest.raises(ValueError):
        parse_deck("prefix,price_1\n1,1\n", now=datetime(2024, 1, 1))


def test_now_is_converted_to_utc():
    plus2 = timezone(timedelta(hours=2))
    (rate,) = parse_deck("prefix,price_1\n1,1\n", now=datetime(2024, 1, 1, 2, tzinfo=plus2))
    assert rate.activation == JAN and rate.activation.tzinfo is UTC


# --- writing and round trips -------------------------------------------------------------


def test_write_format():
    rows = [
        RateRow(
            "49",
            'Germany, "fixed"',
            D("0.1500"),
            D("1E+1"),
            30,
            6,
            True,
            False,
            JAN,
            datetime(2025, 1, 1, 6, tzinfo=UTC),
        ),
        RateRow("44", "UK", D("0.000001"), D("0"), activation=JAN),
    ]
    assert write_deck(rows) == (
        "prefix,area_name,price_1,price_n,interval_1,interval_n,forbidden,"
        "grace_period_enable,activation_date,expiration_date\n"
        '49,"Germany, ""fixed""",0.15,10,30,6,1,0,2024-01-01T00:00:00+00:00,'
        "2025-01-01T06:00:00+00:00\n"
        "44,UK,0.000001,0,60,60,0,0,2024-01-01T00:00:00+00:00,\n"
    )


def test_a_carriage_return_in_a_stored_area_name_is_quoted_and_refused_on_reading():
    # a name stored before names were checked still writes a well-formed CSV ...
    rows = [RateRow("1", "a\rb", D(1), D(1), activation=JAN)]
    assert '"a\rb"' in write_deck(rows)
    # ... which names the line and the column when read back
    error = _error(write_deck(rows))
    assert (error.line, error.column) == (2, "area_name")


@pytest.mark.parametrize("name", ['=HYPERLINK("x")', "+49 mobile", "-1", "@SUM(A1)", "'=x", "'"])
def test_area_names_a_spreadsheet_would_run_are_exported_as_text_and_import_back(name):
    rows = [RateRow("1", name, D(1), D(1), activation=JAN)]
    written = write_deck(rows)
    cell = written.splitlines()[1].split(",")[1].strip('"')
    assert cell.startswith("'") and cell[1:].replace('""', '"') == name
    assert parse(written) == rows


def test_a_hand_written_apostrophe_is_kept_unless_it_marks_a_formula():
    (rate,) = parse("prefix,area_name,price_1\n1,'s-Hertogenbosch,1\n")
    assert rate.area_name == "'s-Hertogenbosch"
    (rate,) = parse("prefix,area_name,price_1\n1,'=1+1,1\n")
    assert rate.area_name == "=1+1"


def test_write_then_parse_of_a_parsed_file_is_stable():
    text = (
        "prefix;price_1;area_name;grace_period_enable;expiration_date\r\n"
        '49;0,150;Germany;Y;2030-01-01T10:00+01:00\r\n4930;0.1;"Berlin; Mitte";no;\r\n'
        "4931;0.1;=Berlin+1;no;\r\n"
    )
    rows = parse(text)
    written = write_deck(rows)
    assert parse(written) == rows
    assert write_deck(parse(written)) == written


prices = st.integers(0, 10**9).flatmap(
    lambda n: st.integers(0, 6).map(lambda places: D(n).scaleb(-places))
)
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
# any printable text, often starting like a spreadsheet formula or with the text mark
area_names = st.tuples(
    st.sampled_from(["", "=", "+", "-", "@", "'", "''", "'=", "=="]),
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp")), max_size=30),
).map(lambda parts: "".join(parts).strip())


@st.composite
def rate_rows(draw):
    activation = draw(moments)
    expiration = draw(st.none() | st.timedeltas(timedelta(seconds=1), timedelta(days=9999)))
    return RateRow(
        prefix=draw(st.text("0123456789", min_size=1, max_size=12)),
        area_name=draw(area_names),
        price_1=draw(prices),
        price_n=draw(prices),
        interval_1=draw(st.integers(1, 3600)),
        interval_n=draw(st.integers(1, 3600)),
        forbidden=draw(st.booleans()),
        grace_enabled=draw(st.booleans()),
        activation=activation,
        expiration=None if expiration is None else activation + expiration,
    )


@given(st.lists(rate_rows(), max_size=8, unique_by=lambda r: (r.prefix, r.activation)))
def test_parse_of_write_is_identity(rows):
    assert parse(write_deck(rows)) == rows


# --- merge -------------------------------------------------------------------------------


def test_merge_replaces_same_prefix_and_activation_and_keeps_the_rest():
    old_49 = RateRow("49", "Germany", D("0.10"), D("0.10"), activation=JAN)
    old_44 = RateRow("44", "UK", D("0.20"), D("0.20"), activation=JAN)
    new_49 = RateRow("49", "Germany", D("0.09"), D("0.09"), activation=JAN)
    later_44 = RateRow("44", "UK", D("0.15"), D("0.15"), activation=NOW)
    new_33 = RateRow("33", "France", D("0.05"), D("0.05"), activation=JAN)
    assert merge([old_49, old_44], [new_49, later_44, new_33]) == [
        new_49,
        old_44,
        later_44,
        new_33,
    ]
    assert merge([old_49], []) == [old_49]
    assert merge([], [new_33]) == [new_33]


def test_a_deck_longer_than_one_block_of_lines_reads_whole_and_counts_lines():
    # Over a megabyte of text: lines are split a block at a time.
    lines = ["prefix,area_name,price_1"]
    lines += [f"{100000 + n},Area {n},0.{n % 90 + 10}" for n in range(60_000)]
    rows = parse_deck("\n".join(lines) + "\n", now=NOW)
    assert [r.prefix for r in rows] == [str(100000 + n) for n in range(60_000)]
    lines[55_000] = "155000,Bad,abc"
    with pytest.raises(DeckError) as error:
        parse_deck("\n".join(lines), now=NOW)
    assert error.value.line == 55_001 and error.value.column == "price_1"
