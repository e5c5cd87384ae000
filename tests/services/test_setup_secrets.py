"""Secrets in set-up dumps and the PBX address: left out unless asked, owner-only files,
kept in the database when a dump without them is applied again."""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from callshop_pos.cli import main as cli_main
from callshop_pos.db.engine import Database, open_database
from callshop_pos.db.models import Account, Connection
from callshop_pos.services import sessions
from callshop_pos.services.setup_file import apply_setup, demo_setup_path, dump_setup

PBX = "ami://callshop:Zq9-secret@pbx.shop.example:5038"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "shop.db")
    apply_setup(database, demo_setup_path())
    extra = tmp_path / "pbx.toml"
    extra.write_text(f'[shop]\npbx_url = "{PBX}"\n', encoding="utf-8")
    apply_setup(database, extra)
    yield database
    database.dispose()


def secrets_of(db: Database) -> tuple[list[str], list[str], str]:
    with db.read() as s:
        return (
            [a.voip_password for a in s.scalars(select(Account).order_by(Account.id))],
            [c.password for c in s.scalars(select(Connection).order_by(Connection.id))],
            sessions.preferences(s).pbx_url,
        )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_dump_leaves_secrets_out_and_every_file_is_owner_only(
    db: Database, tmp_path: Path
) -> None:
    old = os.umask(0)  # the most open umask: the files' mode must not come from it
    try:
        written = dump_setup(db, tmp_path / "out.toml")
    finally:
        os.umask(old)
    assert len(written) == 5
    assert {mode(p) for p in written} == {0o600}
    text = written[0].read_text(encoding="utf-8")
    assert "Secrets (VoIP and trunk passwords" in text
    for secret in ("b1-Kq7vR2", "demo-secret-1", "Zq9-secret", "pbx.shop.example"):
        assert secret not in text
    document = tomllib.loads(text)
    assert "pbx_url" not in document["shop"]
    assert all("voip_password" not in b for b in document["booths"])
    assert all("password" not in c for v in document["vendors"] for c in v["connections"])
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


def test_an_existing_readable_file_is_replaced_by_an_owner_only_one(
    db: Database, tmp_path: Path
) -> None:
    target = tmp_path / "shop.toml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o644)
    dump_setup(db, target, secrets=True)
    assert mode(target) == 0o600
    assert "b1-Kq7vR2" in target.read_text(encoding="utf-8")


def test_with_secrets_the_dump_is_complete(db: Database, tmp_path: Path) -> None:
    (path, *_decks) = dump_setup(db, tmp_path / "full.toml", secrets=True)
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    assert document["shop"]["pbx_url"] == PBX
    assert document["booths"][0]["voip_password"] == "b1-Kq7vR2"
    assert document["vendors"][0]["connections"][0]["password"] == "demo-secret-1"


def test_a_dump_without_secrets_applied_again_keeps_the_secrets(
    db: Database, tmp_path: Path
) -> None:
    before = secrets_of(db)
    assert before[2] == PBX and before[0][0] == "b1-Kq7vR2"
    (path, *_decks) = dump_setup(db, tmp_path / "plain.toml")
    apply_setup(db, path)
    assert secrets_of(db) == before
    # and to an empty database it gives the shop without its secrets, nothing blanked twice
    other = open_database(tmp_path / "other.db")
    try:
        apply_setup(other, path)
        passwords, trunks, url = secrets_of(other)
        assert set(passwords) == {""} and set(trunks) == {""} and url == ""
    finally:
        other.dispose()


def test_setup_dump_command_has_with_secrets(db: Database, tmp_path: Path, capsys) -> None:
    assert db.path is not None
    target = tmp_path / "cli.toml"
    argv = ["--db", str(db.path), "setup", "dump", "-o", str(target)]
    assert cli_main.main(argv) == 0
    assert "Zq9-secret" not in target.read_text(encoding="utf-8")
    assert cli_main.main([*argv, "--with-secrets"]) == 0
    assert "Zq9-secret" in target.read_text(encoding="utf-8")
    assert mode(target) == 0o600
    capsys.readouterr()
    assert cli_main.main(["--db", str(db.path), "setup", "dump"]) == 0
    assert "Zq9-secret" not in capsys.readouterr().out
