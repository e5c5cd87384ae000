"""Bad input, class by class, through the command line on a real SQLite file of the demo shop.

Every refusal is ONE line on stderr (``callshop-pos: error: ...``) naming where the value was
(file, item and key; file, line and column; or the option), the exit status is non-zero, and
the database is byte-for-byte the same afterwards: every table is dumped before and after.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from callshop_pos.cli import main as cli_main
from callshop_pos.services.setup_file import demo_setup_path

DEMO = demo_setup_path()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo shop applied once; each test works on its own copy."""
    path = tmp_path_factory.mktemp("template") / "shop.db"
    assert cli_main.main(["--db", str(path), "setup", "apply", str(DEMO)]) == 0
    assert cli_main.main(["--db", str(path), "booth", "start", "Booth 2", "--prepaid", "5"]) == 0
    return path


@pytest.fixture
def shop(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Path]:
    path = tmp_path / "shop.db"
    source, copy = sqlite3.connect(demo_db), sqlite3.connect(path)
    try:  # through SQLite (the template's last writes may still be in its WAL file)
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    capsys.readouterr()
    yield path


@pytest.fixture
def setup_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    shutil.copytree(DEMO.parent, folder)
    return folder / DEMO.name


def tables(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, read with sqlite3 straight from the file."""
    con = sqlite3.connect(path)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in names}
    finally:
        con.close()


def refused(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> str:
    """Run the command, which must fail; its one stderr line without the program prefix."""
    before = tables(db)
    try:
        code = cli_main.main(["--db", str(db), *argv])
    except SystemExit as exc:  # argparse
        code = exc.code
    err = capsys.readouterr().err
    assert code not in (0, None), err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert err.startswith("callshop-pos: error: "), err
    assert tables(db) == before
    return err.removeprefix("callshop-pos: error: ").rstrip("\n")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- the set-up file: every table ---------------------------------------------------------

SETUP_CASES = [
    # [shop]
    (
        'name = "Callshop Demo"',
        'name = "Call\\u0000shop"',
        "shop.name: contains a control character",
    ),
    ('tax_rate = "0.19"', 'tax_rate = "500"', "shop.tax_rate: must be at most 1 (500)"),
    (
        'currency = "EUR"\nlanguage',
        'currency = "EURO"\nlanguage',
        "shop.currency: 'EURO' is not an ISO 4217 currency code",
    ),
    ('language = "en"', 'language = "de"', "shop.language: 'de' is not one of en, ru"),
    (
        "max_call_seconds = 7200",
        "max_call_seconds = 9223372036854775807",
        "shop.max_call_seconds: must be 1-86400, not 922337203685...",
    ),
    ("max_call_seconds = 7200", "max_call_seconds = 0", "shop.max_call_seconds: must be 1-86400"),
    ('smallest_coin = "0"', 'smallest_coin = "5000"', "shop.smallest_coin: must be at most 1000"),
    ('tax_label = "MwSt"', f'tax_label = "{"x" * 31}"', "shop.tax_label: longer than 30"),
    ('pbx_url = ""', 'pbx_url = "http://x"', "shop.pbx_url: not an ami://USER:SECRET@HOST:PORT"),
    (
        'pbx_url = ""',
        'pbx_url = "ami://callshop:s3cret@pbx.local:70000"',
        "shop.pbx_url: not an ami://USER:SECRET@HOST:PORT address: 'ami://callshop@pbx.local:7",
    ),
    ('pbx_url = ""', 'pbx_url = "ami://callshop:s3cret@pbx.local"', "shop.pbx_url: not an ami://"),
    (
        'pbx_url = ""',
        'pbx_url = "ami://callshop:a%0d%0aAction: x@pbx.local:5038"',
        "shop.pbx_url: the user or secret contains a control character",
    ),
    # [shop.numbering]
    ('country_code = "49"', 'country_code = "4x"', "shop.numbering.country_code: must be digits"),
    (
        'access_codes = ["00"]',
        f'access_codes = ["{"0" * 6}"]',
        "shop.numbering.access_codes: longer than 5 digits",
    ),
    (
        'national_prefix = "0"',
        'national_prefix = "0000"',
        "shop.numbering.national_prefix: longer than 3 digits",
    ),
    # [preferences]
    (
        'default_prepaid_amount = "10"',
        'default_prepaid_amount = "-10"',
        "preferences.default_prepaid_amount: cannot be negative (-10)",
    ),
    (
        'postpaid_credit_limit = "50"',
        'postpaid_credit_limit = "10000000000000"',
        "preferences.postpaid_credit_limit: must be at most 999999999999.999999",
    ),
    (
        'default_mode = "prepaid"',
        'default_mode = "free"',
        "preferences.default_mode: 'free' is not",
    ),
    # [[users]]
    ('name = "Cashier"', f'name = "{"C" * 61}"', '"].name: longer than 60 characters (61)'),
    ('name = "Cashier"', 'name = "   "', 'users["   "].name: must not be empty'),
    # [[vendors]] and their connections
    (
        'balance = "500"',
        'balance = "-1000000000000"',
        'vendors["EuroTel Carrier"].balance: must be at least',
    ),
    (
        'notes = "Main carrier, two POPs"',
        'notes = "Main\\u001b[2Jcarrier"',
        'vendors["EuroTel Carrier"].notes: contains a control character',
    ),
    (
        'name = "eurotel-fra"',
        'name = "eurotel fra"',
        'vendors["EuroTel Carrier"].connections["eurotel fra"].name: \'eurotel fra\' is not a SIP',
    ),
    (
        'password = "demo-secret-1"',
        'password = "x\\n[evil]\\ntype=endpoint"',
        'connections["eurotel-fra"].password: contains a control character',
    ),
    (
        'password = "demo-secret-1"',
        'password = "abc;def"',
        "connections[\"eurotel-fra\"].password: must not contain ';'",
    ),
    (
        'username = "callshopdemo"',
        'username = "shop\\r\\nx"',
        'connections["eurotel-fra"].username: contains a control character',
    ),
    (
        'host = "sip-fra.eurotel.example:5060"',
        'host = "sip-fra.eurotel.example:0"',
        'connections["eurotel-fra"].host: port must be 1-65535',
    ),
    (
        'host = "sip-fra.eurotel.example:5060"',
        'host = "sip fra/x"',
        "connections[\"eurotel-fra\"].host: 'sip fra/x' is not a host[:port]",
    ),
    (
        'dial_target = "PJSIP/${NUMBER}@eurotel-fra"',
        'dial_target = "PJSIP/${NUMBER}@x\\nfoo"',
        'connections["eurotel-fra"].dial_target: contains a control character',
    ),
    # [[destination_sets]]
    (
        "precision = 4\nroutes",
        "precision = 99\nroutes",
        'destination_sets["EuroTel A-Z"].precision: must be 0-6, not 99',
    ),
    (
        'vendor = "EuroTel Carrier"',
        'vendor = "EuroTel Carrier"\nfree_seconds = 100000',
        'destination_sets["EuroTel A-Z"].free_seconds: must be 0-86400',
    ),
    (
        'routes = "routes-eurotel.csv"',
        'routes = "/etc/passwd"',
        'destination_sets["EuroTel A-Z"].routes: the deck must be a file in the set-up file\'s '
        "folder, not '/etc/passwd'",
    ),
    (
        'routes = "routes-eurotel.csv"',
        'routes = "../routes-eurotel.csv"',
        "routes: the deck must be a file in the set-up file's folder",
    ),
    # [[routing_groups]]
    (
        'connection = "globalvoice", preference = 1',
        'connection = "globalvoice", preference = 5000',
        'routing_groups["Least cost"].entries[1].preference: must be 0-1000',
    ),
    # [[tariffs]]
    ("precision = 2", "precision = 99", 'tariffs["Street prices"].precision: must be 0-6, not 99'),
    (
        "grace_period = 3",
        "grace_period = 4294967296",
        'tariffs["Wholesale for shops"].grace_period: must be 0-86400',
    ),
    (
        'connect_fee = "0.05"',
        'connect_fee = "1000000000000"',
        'tariffs["Street prices"].connect_fee: must be at most',
    ),
    (
        'post_call_surcharge = "0"',
        'post_call_surcharge = "11"',
        'tariffs["Wholesale for shops"].post_call_surcharge: must be at most 10',
    ),
    (
        'name = "Street prices"',
        'name = "Street\\tprices"',
        'tariffs["Street\\tprices"].name: contains a control character',
    ),
    # [customer]
    ('credit_limit = "100"', 'credit_limit = "-1"', "customer.credit_limit: cannot be negative"),
    # [[service_plans]]
    (
        'billing_cycle = "session"',
        'billing_cycle = ""',
        'service_plans["Prepaid booth"].billing_cycle: must not be empty',
    ),
    # [[booths]]
    (
        'voip_login = "booth1"',
        'voip_login = "booth1/../x;y,z"',
        "booths[\"Booth 1\"].voip_login: 'booth1/../x;y,z' is not a SIP name",
    ),
    (
        'voip_password = "b1-Kq7vR2"',
        'voip_password = "pw\\n[evil]\\ntype = endpoint"',
        'booths["Booth 1"].voip_password: contains a control character',
    ),
    ("position = 1", "position = 99999999", 'booths["Booth 1"].position: must be 0-10000'),
]


@pytest.mark.parametrize(("old", "new", "expected"), SETUP_CASES)
def test_a_bad_setup_value_is_refused_naming_file_item_and_key(
    shop: Path, setup_copy: Path, capsys, old: str, new: str, expected: str
) -> None:
    edit(setup_copy, old, new)
    message = refused(capsys, shop, "setup", "apply", str(setup_copy))
    assert message.startswith("demo.toml: "), message
    assert expected in message


def test_a_deck_path_outside_the_folder_is_not_read(shop: Path, setup_copy: Path, capsys) -> None:
    secret = setup_copy.parent.parent / "secret.csv"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    edit(setup_copy, 'rates = "wholesale.csv"', 'rates = "../secret.csv"')
    message = refused(capsys, shop, "setup", "apply", str(setup_copy))
    assert "root:x" not in message
    assert message.endswith(
        "the deck must be a file in the set-up file's folder, not '../secret.csv'"
    )


# --- rate deck cells ----------------------------------------------------------------------

DECK_HEAD = "prefix,area_name,price_1,interval_1,activation_date"
DECK_CASES = [
    ("44,U\x00K,0.1,60,", "area_name", "area name contains a control character ('\\x00')"),
    ('44,"=A\rB",0.1,60,', "area_name", "area name contains a control character ('\\r')"),
    (f"{'4' * 40},UK,0.1,60,", "prefix", "prefix longer than 32 digits (40)"),
    (
        "44,UK,10000000000000,60,",
        "price_1",
        "price must be at most 999999999999.999999 (10000000000000)",
    ),
    ("44,UK,0.0000001,60,", "price_1", "price 0.0000001 has more than 6 decimals"),
    ("44,UK,1e3,60,", "price_1", "bad number '1e3'"),
    ("44,UK,0.1,9223372036854775807,", "interval_1", "interval must be 1-3600 seconds"),
    ("44,UK,0.1,0,", "interval_1", "interval must be positive, not '0'"),
    (
        "44,UK,0.1,60,2024-02-30",
        "activation_date",
        "unparseable date '2024-02-30' (expected ISO-8601)",
    ),
]


@pytest.mark.parametrize(("row", "column", "expected"), DECK_CASES)
def test_a_bad_deck_cell_is_refused_naming_line_and_column(
    shop: Path, tmp_path: Path, capsys, row: str, column: str, expected: str
) -> None:
    deck = tmp_path / "deck.csv"
    deck.write_bytes(f"{DECK_HEAD}\n49,Germany,0.1,60,2024-01-01\n{row}\n".encode())
    message = refused(capsys, shop, "rates", "import", str(deck), "--tariff", "Street prices")
    assert message == f"{deck}: line 3, column {column}: {expected} (nothing was stored)"


# --- command-line arguments ---------------------------------------------------------------

CLI_CASES = [
    # amounts
    (
        ["booth", "topup", "Booth 2", "1e999"],
        "booth topup: argument amount: not an amount: '1e999'",
    ),
    (["booth", "topup", "Booth 2", "NaN"], "booth topup: argument amount: not an amount"),
    (["booth", "topup", "Booth 2", "--", "-5"], "booth topup: argument amount: cannot be negative"),
    (
        ["booth", "start", "Booth 1", "--prepaid", "10000000000000"],
        "booth start: argument --prepaid: must be at most 999999999999.999999",
    ),
    (
        ["booth", "stop", "Booth 2", "--cash", "0.0000001"],
        "booth stop: argument --cash: 0.0000001 has more than 6 decimals",
    ),
    # seconds and precision
    (
        ["tariff", "create", "T", "--currency", "EUR", "--free-seconds", "9" * 30],
        "tariff create: argument --free-seconds: out of range",
    ),
    (
        ["tariff", "create", "T", "--currency", "EUR", "--grace-period", "-1"],
        "tariff create: argument --grace-period: must be 0-86400, not -1",
    ),
    (
        ["tariff", "create", "T", "--currency", "EUR", "--precision", "99"],
        "tariff create: argument --precision: must be 0-6, not 99",
    ),
    (
        ["quote", "4930", "--tariff", "Street prices", "--seconds", str(2**63)],
        "quote: argument --seconds: out of range",
    ),
    # names and currencies
    (
        ["tariff", "create", "Red\x1b[31m", "--currency", "EUR"],
        "tariff create: argument name: contains a control character ('\\x1b')",
    ),
    (["tariff", "create", " ", "--currency", "EUR"], "tariff create: argument name: must not be"),
    (
        ["tariff", "create", "T", "--currency", "EURO"],
        "tariff create: argument --currency: 'EURO' is not an ISO 4217 currency code",
    ),
    # dates
    (
        ["quote", "4930", "--tariff", "Street prices", "--at", "2024-02-30"],
        "--at: not an ISO-8601 time: '2024-02-30'",
    ),
    # usage
    (["tariff", "create", "T"], "tariff create: the following arguments are required: --currency"),
    (["nosuch"], "argument COMMAND: invalid choice: 'nosuch'"),
    (
        ["rates", "import", "x.csv", "--tariff", "A", "--mode", "add"],
        "rates import: argument --mode: invalid choice: 'add'",
    ),
]


@pytest.mark.parametrize(("argv", "expected"), CLI_CASES)
def test_a_bad_argument_is_one_line_naming_the_option(
    shop: Path, capsys, argv: list[str], expected: str
) -> None:
    message = refused(capsys, shop, *argv)
    assert message.startswith(expected), message


def test_a_surcharge_out_of_range_is_refused_by_the_core(shop: Path, capsys) -> None:
    message = refused(
        capsys, shop, "tariff", "create", "T", "--currency", "EUR", "--surcharge", "11"
    )
    assert message == "post call surcharge: must be at most 10 (11)"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("", "argument --db: must not be empty"),
        ("foo://bar", "argument --db: unknown database kind 'foo'"),
        ("://shop", "argument --db: not a database file or URL"),
        ("shop\x00.db", "argument --db: contains a control character"),
    ],
)
def test_a_bad_database_argument_is_one_line(
    tmp_path: Path, capsys, target: str, expected: str
) -> None:
    with pytest.raises(SystemExit) as caught:
        cli_main.main(["--db", target, "tariff", "list"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"callshop-pos: error: {expected}") and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []  # no database created anywhere here


# --- quote batch files --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("4930,99999999999999999999999,1", "line 3, column seconds: out of range"),
        ("4930,-5,1", "line 3, column seconds: must be 0-86400, not -5"),
        ("4930,60,NaN", "line 3, column balance: not an amount: 'NaN'"),
        ("4930,60,1e999", "line 3, column balance: not an amount: '1e999'"),
        ("4930,60,-3", "line 3, column balance: cannot be negative (-3)"),
    ],
)
def test_a_bad_quote_batch_cell_names_line_and_column(
    shop: Path, tmp_path: Path, capsys, row: str, expected: str
) -> None:
    batch = tmp_path / "batch.csv"
    batch.write_text(f"number,seconds,balance\n4930,60,1\n{row}\n", encoding="utf-8")
    message = refused(capsys, shop, "quote", "--batch", str(batch), "--tariff", "Street prices")
    assert message.startswith(f"{batch}: {expected}"), message
    assert capsys.readouterr().out == ""  # nothing priced before the whole file was read
