"""``callshop-pos shift open|x|close|list`` through main(), on a real SQLite file; the PDF it
saves is read back, and the Z report's bytes go through a real pty printer."""

from __future__ import annotations

import json
from decimal import Decimal

from pypdf import PdfReader
from sqlalchemy import select

from callshop_pos.cli.main import main
from callshop_pos.counter import BoothMode
from callshop_pos.db.models import PrintJob
from callshop_pos.services import shifts, users
from printing.serial_transport import SerialSettings, SerialTransport
from tests.core.shop import build_shop
from tests.printing.escpos_reader import read_paper

from .conftest import booth, enable_printer

D = Decimal


def test_open_sell_x_close_and_list_from_the_command_line(tmp_path, capsys, pty_printer):
    path = tmp_path / "shop.db"
    db = build_shop(path)
    printer, port = pty_printer
    enable_printer(db, port)
    anna = users.create_user(db, "Anna", "cashier", "1357")
    url = str(path)
    assert main(["--db", url, "shift", "open", "--user", "Anna", "--float", "50"]) == 0
    assert "shift #1 opened for Anna with a float of 50" in capsys.readouterr().out
    from callshop_pos.services.counter_actions import CounterActions

    actions = CounterActions(db, bill_wait=0)
    actions.start(booth(db), BoothMode.PREPAID, D("7.50"), D("0"), user_id=anna.id)

    assert main(["--db", url, "shift", "x", "--user", "Anna", "--json"]) == 0
    x = json.loads(capsys.readouterr().out)
    assert (x["kind"], D(x["expected"]), x["closed_at"]) == ("X", D("57.50"), None)

    pdf = tmp_path / "z.pdf"
    argv = ["shift", "close", "--user", "Anna", "--counted", "50x1,5x1,2x1", "--pdf", str(pdf)]
    assert main(["--db", url, *argv, "--json"]) == 0
    z = json.loads(capsys.readouterr().out)
    amounts = [D(z[key]) for key in ("expected", "counted_total", "difference")]
    assert (z["z_number"], amounts) == (1, [D("57.50"), D("57"), D("-0.50")])
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Z REPORT #1" in text and "Expected cash" in text and "-0.50" in text

    assert main(["--db", url, "shift", "list"]) == 0
    assert "Z #1, difference -0.50" in capsys.readouterr().out
    assert main(["--db", url, "shift", "x", "--user", "Anna"]) == 1
    assert "open a shift first" in capsys.readouterr().err

    # the Z report and its copy, through the serial transport to a real pty
    shifts.reprint_z(db, 1)
    with db.read() as s:
        payloads = [j.payload for j in s.scalars(select(PrintJob).order_by(PrintJob.id))]
    z_jobs = payloads[-2:]
    with SerialTransport(SerialSettings(port)) as transport:
        for payload in z_jobs:
            transport.write(payload)
    received = printer.wait_for(sum(len(p) for p in z_jobs))
    original, copy = (read_paper(p, "cp858").lines for p in z_jobs)
    assert received == b"".join(z_jobs)
    assert any("Z REPORT #1" in line for line in original)
    assert not any("COPY" in line for line in original)
    assert any("COPY" in line for line in copy)
    assert any(line.startswith("Difference") and line.endswith("-0.50 EUR") for line in original)
    db.dispose()


def test_bad_counted_cash_is_one_line_and_changes_nothing(tmp_path, capsys):
    path = tmp_path / "shop.db"
    db = build_shop(path)
    users.create_user(db, "Anna", "cashier", "1357")
    main(["--db", str(path), "shift", "open", "--user", "Anna"])
    capsys.readouterr()
    assert main(["--db", str(path), "shift", "close", "--user", "Anna", "--counted", "5x"]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--counted" in err[0] and "whole number" in err[0]
    assert shifts.current(db, users.list_users(db)[0].id) is not None  # still open
    db.dispose()
