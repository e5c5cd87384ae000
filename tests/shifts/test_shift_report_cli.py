"""``callshop-pos report shift --from --to [--json|--csv]``: the shifts of a period, a closed
one as its Z was closed, an open one as its X now (real SQLite file, through main())."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

from callshop_pos.cli.main import main
from callshop_pos.counter import BoothMode
from callshop_pos.services import shifts, users
from callshop_pos.services.counter_actions import CounterActions
from tests.core.shop import build_shop

from .conftest import booth

D = Decimal


def test_the_shifts_of_a_period_as_json_csv_and_a_table(tmp_path, capsys):
    path = tmp_path / "shop.db"
    db = build_shop(path)
    anna = users.create_user(db, "Anna", "cashier", "1357")
    boris = users.create_user(db, "Boris", "cashier", "2468")
    actions = CounterActions(db, bill_wait=0)
    shifts.open_new(db, anna.id, D("50"), by=anna.id)
    actions.start(booth(db), BoothMode.PREPAID, D("7.50"), D("0"), user_id=anna.id)
    shifts.close(db, anna.id, shifts.parse_counted("50x1,5x1,2x1"), by=anna.id)
    shifts.open_new(db, boris.id, D("20"), by=boris.id)
    shifts.move_cash(db, boris.id, D("-3"), "bread for the shop")
    today = date.today().isoformat()
    period = ["--from", today, "--to", today]

    assert main(["--db", str(path), "report", "shift", *period, "--json"]) == 0
    z, x = json.loads(capsys.readouterr().out)
    assert (z["kind"], z["z_number"], z["cashier"]) == ("Z", 1, "Anna")
    assert [D(z[k]) for k in ("starting_float", "expected", "counted", "difference")] == [
        D(50),
        D("57.50"),
        D(57),
        D("-0.50"),
    ]
    assert z["movements"] == {"prepayment": "7.50"}
    assert (x["kind"], x["z_number"], x["cashier"], x["closed_at"]) == ("X", "", "Boris", "")
    assert (D(x["expected"]), x["counted"], x["movements"]) == (D(17), "", {"pay_out": "-3.00"})

    assert main(["--db", str(path), "report", "shift", *period, "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["kind"], r["cashier"], r["expected"]) for r in rows] == [
        ("Z", "Anna", "57.50"),
        ("X", "Boris", "17.00"),
    ]
    assert main(["--db", str(path), "report", "shift", *period]) == 0
    table = capsys.readouterr().out
    assert "Anna" in table and "Boris" in table and "-0.50" in table
    assert main(["--db", str(path), "report", "shift", "--from", "2020-01-01"]) == 0
    assert "(nothing in this period)" in capsys.readouterr().out
    db.dispose()
