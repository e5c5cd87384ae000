"""A month of the demo shop's traffic, made by the product's own command (``demo history``:
the real Start, top-up, extra item, Stop, authorization and billing, at past times).

    python -m tests.month.traffic PATH

The month tests start this in a child process as soon as they are collected, so it runs on
the second core while the rest of the suite runs (see ``conftest.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

from callshop_pos.cli.main import main as cli
from callshop_pos.db.engine import open_database
from callshop_pos.services.setup_file import apply_setup, demo_setup_path

DAYS = 30
SEED = 7


def make(path: Path) -> int:
    db = open_database(path)
    apply_setup(db, demo_setup_path())
    db.dispose()
    return cli(["--db", str(path), "demo", "history", "--days", str(DAYS), "--seed", str(SEED)])


def main(path: Path) -> int:
    """``make``, then its exit code in ``month.exit`` beside the database (written whole:
    the month tests, perhaps in another process, wait for that file)."""
    code = 1
    try:
        code = make(path)
    finally:
        done = path.with_suffix(".exit.tmp")
        done.write_text(str(code))
        done.replace(path.with_suffix(".exit"))
    return code


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
