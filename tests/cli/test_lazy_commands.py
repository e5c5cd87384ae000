"""The command line imports only the command being run: ``--help`` never loads SQLAlchemy,
reportlab or the PBX engine, and every command's parser is the one it always was."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from callshop_pos.cli import main as cli_main

HEAVY = ("sqlalchemy", "reportlab", "alembic", "callshop_pos.db", "callshop_pos.pbx", "serial")
# the database modules of the standard library alone (the queries and their codecs, where the
# file is, the schema head, the file modes): parsers may name their queries' columns with them
LIGHT_DB = {
    "callshop_pos.db",
    "callshop_pos.db.codecs",
    "callshop_pos.db.query",
    "callshop_pos.db.location",
    "callshop_pos.db.migrations",
    "callshop_pos.db.private_files",
}


def imported_after(argv: list[str]) -> set[str]:
    """The modules a fresh interpreter holds after ``main(argv)`` (which exits on --help)."""
    code = (
        "import sys\n"
        "from callshop_pos.cli.main import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('\\n'.join(sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


def heavy_in(modules: set[str]) -> list[str]:
    """The heavy modules imported (the light database modules only when others came too)."""
    heavy = {m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)}
    return sorted(heavy) if heavy - LIGHT_DB else []


def test_top_level_help_imports_no_command_module_and_nothing_heavy() -> None:
    modules = imported_after(["--help"])
    assert heavy_in(modules) == []
    assert not [m for m in modules if m.startswith("callshop_pos.cli.cmd_")]


@pytest.mark.parametrize("command", ["quote", "calls"])
def test_help_of_a_light_command_imports_only_that_command(command: str) -> None:
    modules = imported_after([command, "--help"])
    assert heavy_in(modules) == []
    assert [m for m in modules if m.startswith("callshop_pos.cli.cmd_")] == [
        f"callshop_pos.cli.cmd_{command}"
    ]


def test_a_command_after_global_options_is_the_one_imported() -> None:
    modules = imported_after(["--db=x.db", "-v", "calls", "--help"])
    assert "callshop_pos.cli.cmd_calls" in modules
    assert [m for m in modules if m.startswith("callshop_pos.cli.cmd_")] == [
        "callshop_pos.cli.cmd_calls"
    ]


@pytest.mark.parametrize(
    "argv, command",
    [
        (["quote", "4930"], "quote"),
        (["--db", "calls", "quote", "x"], "quote"),  # a database named like a command
        (["--db=shop.db", "calls", "list"], "calls"),
        (["--d", "shop.db", "tariff", "list"], "tariff"),  # argparse's abbreviation
        (["-v", "db", "check"], "db"),
        (["--help"], None),
        ([], None),
        (["nonsense"], None),
    ],
)
def test_the_command_is_found_as_argparse_finds_it(argv: list[str], command: str | None) -> None:
    assert cli_main.command_of(argv) == command


def every_parser(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(command path, parser) for the parser and every sub-command under it."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from every_parser(sub, (*path, name))


def test_every_commands_help_is_what_the_eager_parser_shows() -> None:
    eager = dict(every_parser(cli_main.build_parser(every=True)))
    assert len(eager) > 30
    for path, parser in eager.items():
        lazy = dict(every_parser(cli_main.build_parser(path[0] if path else None)))
        assert lazy[path].format_help() == parser.format_help(), path


def test_the_light_help_lines_are_the_commands_own() -> None:
    assert set(cli_main.COMMAND_HELP) == set(cli_main.COMMAND_MODULES)
    for name in cli_main.COMMAND_MODULES:
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(f"callshop_pos.cli.cmd_{name}").register(sub)
        (choice,) = sub._choices_actions
        assert choice.help == cli_main.COMMAND_HELP[name], name


def test_subcommand_help_exits_zero_with_its_options(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli_main.main(["calls", "list", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert all(o in out for o in ("--from DATE", "--to DATE", "--limit N", "--booth", "--json"))


def sqlalchemy_in(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m == "sqlalchemy" or m.startswith("sqlalchemy."))


def orm_in(modules: set[str]) -> list[str]:
    return [m for m in sqlalchemy_in(modules) if m == "sqlalchemy.orm" or ".orm." in m + "."]


@pytest.fixture(scope="module")
def priced_shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file at the schema head with a preferences row and a priced rate."""
    from datetime import UTC, datetime
    from decimal import Decimal

    from callshop_pos.db.engine import open_database
    from callshop_pos.db.models import Rate
    from callshop_pos.services import sessions
    from callshop_pos.services.rates import create_tariff

    path = tmp_path_factory.mktemp("lazy") / "shop.db"
    db = open_database(path)
    with db.session() as s:
        sessions.preferences(s)
        tariff = create_tariff(s, "Retail", currency="EUR")
        s.flush()
        s.add(
            Rate(
                tariff_id=tariff.id,
                prefix="49",
                area_name="Germany",
                price_1=Decimal("0.035"),
                price_n=Decimal("0.035"),
                interval_1=60,
                interval_n=60,
                activation=datetime(2020, 1, 1, tzinfo=UTC),
            )
        )
    db.dispose()
    return path


def test_calls_list_on_a_sqlite_file_at_head_imports_no_sqlalchemy(priced_shop) -> None:
    # sqlite3 alone (db/sqlite_read.py): importing SQLAlchemy was most of a day's listing
    argv = ["--db", str(priced_shop), "calls", "list", "--from", "2025-06-15", "--limit", "9"]
    modules = imported_after(argv)
    assert "callshop_pos.cli.cmd_calls" in modules and "callshop_pos.db.sqlite_read" in modules
    assert sqlalchemy_in(modules) == []
    assert set(heavy_in(modules)) <= {*LIGHT_DB, "callshop_pos.db.sqlite_read"}


def test_quote_of_one_number_on_a_sqlite_file_at_head_imports_no_sqlalchemy(priced_shop) -> None:
    argv = ["--db", str(priced_shop), "quote", "4930123", "--tariff", "Retail"]
    for options in (["--balance", "2", "--seconds", "90", "--json"], []):
        modules = imported_after([*argv, *options])
        assert "callshop_pos.services.rate_lookup" in modules
        assert sqlalchemy_in(modules) == [], options
        assert set(heavy_in(modules)) <= {*LIGHT_DB, "callshop_pos.db.sqlite_read"}
    # the price's text comes from printing.format, without the receipt's data classes and
    # the counter behind them (printing.totals needs them for its annotations only)
    assert "printing.format" in modules
    assert not {"printing.receipt_data", "callshop_pos.counter"} & modules


@pytest.mark.parametrize(
    "command",
    [["calls", "list", "--from", "2025-06-15"], ["quote", "4930123", "--tariff", "Retail"]],
)
def test_the_engines_path_reads_with_sqlalchemy_core_alone(priced_shop, command) -> None:
    # a target the fast path leaves to the engine (here a URL with a driver option; the same
    # for PostgreSQL): SQLAlchemy Core, still neither the ORM nor the models
    url = f"sqlite:///{priced_shop}?timeout=10"
    modules = imported_after(["--db", url, *command])
    assert "sqlalchemy" in modules and "callshop_pos.db.core_read" in modules
    assert "callshop_pos.db.sqlite_read" in modules  # asked, and it declined
    assert "callshop_pos.db.models" not in modules
    assert orm_in(modules) == []
