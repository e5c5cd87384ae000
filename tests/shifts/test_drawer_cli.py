"""``shift pay-in|pay-out|reprint`` and ``receipt refund`` through main(), on a real SQLite
file: the movement lands in the cashier's shift and its X report, a refusal is one line and
changes nothing, the Z reprint's print job reads COPY, the refund's slip reads REFUND."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from callshop_pos.cli.main import main
from callshop_pos.counter import BoothMode
from callshop_pos.db.models import CashMovement, Payment, PrintJob
from callshop_pos.services import shifts, users
from callshop_pos.services.counter_actions import CounterActions
from callshop_pos.services.receipts import ReceiptService
from tests.core.shop import build_shop
from tests.printing.escpos_reader import read_paper

from .conftest import booth, enable_printer

D = Decimal


@pytest.fixture
def shop(tmp_path):
    path = tmp_path / "shop.db"
    db = build_shop(path)
    enable_printer(db)
    ids = {
        "anna": users.create_user(db, "Anna", "cashier", "1357").id,
        "olga": users.create_user(db, "Olga", "owner", "2468").id,
    }
    yield path, db, ids
    db.dispose()


def cli(path, *argv: str) -> int:
    try:
        return main(["--db", str(path), *argv])
    except SystemExit as exc:  # argparse's refusal of a malformed argument
        return int(exc.code or 0)


def _movements(db) -> list[tuple[str, Decimal, str]]:
    with db.read() as s:
        rows = s.execute(select(CashMovement.kind, CashMovement.amount, CashMovement.reason))
        return [tuple(r) for r in rows]


def test_pay_in_and_pay_out_land_in_the_shift_and_its_x_report(shop, capsys):
    path, db, _ids = shop
    assert cli(path, "shift", "open", "--user", "Anna", "--float", "50") == 0
    assert cli(path, "shift", "pay-in", "20", "--user", "Anna", "--reason", "change") == 0
    assert "20.00 paid in to the drawer of Anna" in capsys.readouterr().out
    assert cli(path, "shift", "pay-out", "7.25", "--user", "Anna", "--reason", "bread") == 0
    assert "7.25 paid out of the drawer of Anna" in capsys.readouterr().out
    assert _movements(db) == [("pay_in", D("20"), "change"), ("pay_out", D("-7.25"), "bread")]
    assert cli(path, "shift", "x", "--user", "Anna", "--json") == 0
    x = json.loads(capsys.readouterr().out)
    kinds = {m["kind"]: D(m["amount"]) for m in x["movements"]}
    assert (kinds["pay_in"], kinds["pay_out"], D(x["expected"])) == (
        D("20"),
        D("-7.25"),
        D("62.75"),
    )


@pytest.mark.parametrize(
    ("argv", "says", "code"),
    [
        (("pay-in", "5", "--user", "Anna", "--reason", "x"), "open a shift first", 1),
        (("pay-out", "0", "--user", "Anna", "--reason", "x"), "more than zero", 2),
        (("pay-in", "five", "--user", "Anna", "--reason", "x"), "not an amount", 2),
        (("pay-in", "5", "--user", "Anna", "--reason", "  "), "needs a reason", 1),
        (("pay-in", "5", "--user", "Nobody", "--reason", "x"), "no active user", 2),
    ],
)
def test_a_refused_movement_is_one_line_and_changes_nothing(shop, capsys, argv, says, code):
    path, db, _ids = shop
    if says != "open a shift first":
        assert cli(path, "shift", "open", "--user", "Anna") == 0
    capsys.readouterr()
    assert cli(path, "shift", *argv) == code
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and says in err[0]
    assert _movements(db) == []


def test_reprint_queues_the_z_as_a_copy_and_saves_its_pdf(shop, capsys, tmp_path):
    path, db, _ids = shop
    cli(path, "shift", "open", "--user", "Anna", "--float", "10")
    cli(path, "shift", "pay-out", "4", "--user", "Anna", "--reason", "taxi")
    cli(path, "shift", "close", "--user", "Anna", "--counted", "5x1,1x1")
    capsys.readouterr()
    pdf = tmp_path / "copy.pdf"
    assert cli(path, "shift", "reprint", "1", "--pdf", str(pdf)) == 0
    out = capsys.readouterr().out
    assert "Z report #1 (COPY), shift #1 of Anna" in out and "pay_out" in out
    with db.read() as s:
        jobs = s.scalars(select(PrintJob).where(PrintJob.kind == "z_report")).all()
    assert [j.reference for j in jobs] == ["Z1", "Z1"]
    original, copy = (read_paper(j.payload, "cp858").lines for j in jobs)
    assert not any("COPY" in line for line in original)
    assert any("COPY" in line for line in copy)
    assert [line for line in copy if "Z REPORT" in line] == [
        line for line in original if "Z REPORT" in line
    ]
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "COPY" in text and "Z REPORT #1" in text
    assert cli(path, "shift", "reprint", "7") == 1
    assert capsys.readouterr().err.strip() == "callshop-pos: error: no Z report number 7"


def _sale(db, anna: int) -> None:
    """Anna sells booth 1 postpaid: water 2.50 paid with 2.50 (receipt 1)."""
    actions = CounterActions(db, receipts=ReceiptService(), bill_wait=0)
    b1 = booth(db, "booth1")
    actions.start(b1, BoothMode.POSTPAID, D("0"), D("0"), user_id=anna)
    actions.add_extra(b1, "water", D("2.50"), 1, user_id=anna)
    actions.stop(b1, D("2.50"), user_id=anna, cashier="Anna")


def _refunds(db) -> list[Decimal]:
    with db.read() as s:
        return list(s.scalars(select(Payment.amount).where(Payment.kind == "refund")))


def test_receipt_refund_is_the_owners_and_prints_its_slip(shop, capsys, monkeypatch):
    path, db, ids = shop
    shifts.open_new(db, ids["anna"], D("50"), by=ids["anna"])
    shifts.open_new(db, ids["olga"], D("100"), by=ids["olga"])
    _sale(db, ids["anna"])
    monkeypatch.setenv("CALLSHOP_OWNER_PIN", "2468")
    assert cli(path, "receipt", "refund", "1", "1", "--reason", "line cut") == 2
    assert "only the owner may refund" in capsys.readouterr().err
    argv = ("receipt", "refund", "1", "1.00", "--reason", "line cut", "--owner", "Olga")
    monkeypatch.setenv("CALLSHOP_OWNER_PIN", "0000")
    assert cli(path, *argv) == 2
    assert _refunds(db) == []
    monkeypatch.setenv("CALLSHOP_OWNER_PIN", "2468")
    capsys.readouterr()
    assert cli(path, *argv) == 0
    out = capsys.readouterr().out
    assert out.strip() == (
        "Receipt 1: 1.00 given back in cash, 1.50 left to refund, a REFUND slip is queued"
    )
    assert _refunds(db) == [D("-1.00")]
    x = shifts.x_report(db, ids["olga"], by=ids["olga"], printing=False).report
    assert (x.refunds, x.refunded, x.expected) == (1, D("1.00"), D("99.00"))
    with db.read() as s:
        job = s.scalar(select(PrintJob).where(PrintJob.kind == "refund_slip"))
        assert job is not None and job.reference == "R1"
        lines = read_paper(job.payload, "cp858").lines
    assert any("REFUND" in line for line in lines)
    assert any(line.startswith("Refunded by") and "Olga" in line for line in lines)
    assert any("line cut" in line for line in lines)
    # more than the session holds: one line, nothing changed
    too_much = ("receipt", "refund", "1", "2", "--reason", "again", "--owner", "Olga")
    assert cli(path, *too_much) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["callshop-pos: error: session #1 holds only 1.50: 2.00 is too much"]
    assert _refunds(db) == [D("-1.00")]
    assert cli(path, "receipt", "refund", "9", "1", "--reason", "r", "--owner", "Olga") == 1
    assert "no receipt number 9" in capsys.readouterr().err
