"""Receipts stored with the sale: totals, gapless numbers, print jobs, PDFs (real SQLite)."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from callshop_pos.counter import BoothMode
from callshop_pos.db.models import (
    Account,
    BoothSession,
    Call,
    Counter,
    PrintJob,
    Receipt,
)
from callshop_pos.pbx.tracker import CallRecord
from callshop_pos.services import sessions
from callshop_pos.services.billing import record_call
from callshop_pos.services.counter import CounterService
from callshop_pos.services.rating_cache import RatingCache
from callshop_pos.services.receipts import (
    ReceiptService,
    call_line,
    session_report_pdf_for,
)
from printing.layout import Columns, Text, render_text
from printing.layout_codec import layout_from_json
from printing.profiles import PROFILES
from printing.settings import PrinterSettings
from tests.core.shop import authorized, build_shop
from tests.printing.escpos_reader import read_paper

D = Decimal
NOW = datetime.now(UTC).replace(microsecond=0)
MONEY = re.compile(r"^-?\d+\.\d\d( [A-Z]{3})?$")


@pytest.fixture
def db(tmp_path):
    database = build_shop(tmp_path / "shop.db")
    yield database
    database.dispose()


def set_prefs(db, **values) -> None:
    with db.session() as s:
        prefs = sessions.preferences(s)
        for key, value in values.items():
            setattr(prefs, key, value)


def enable_printer(db, port: str, **values) -> PrinterSettings:
    settings = PrinterSettings(enabled=True, port=port, **values)
    set_prefs(db, printer_json=json.dumps(settings.to_dict()))
    return settings


def account_id(db, login: str) -> int:
    with db.read() as s:
        return s.scalar(select(Account.id).where(Account.voip_login == login))


def record(uid: str, number: str, seconds: int, start: datetime, booth: str) -> CallRecord:
    t = start.timestamp()
    return CallRecord(
        linkedid=uid,
        booth_uniqueid=uid,
        booth=booth,
        channel=f"PJSIP/{booth}-{uid}",
        number=number,
        started_at=t,
        answered_at=t + 5,
        ended_at=t + 5 + seconds,
        billable_seconds=seconds,
        disposition="answered",
        hangup_cause=16,
        peer="PJSIP/carrier-a-0002",
        refusal_reason=None,
        dial_status="ANSWER",
        billing_source="cdr",
    )


CALLS = (("0049301234", 125), ("004915112345", 95), ("0074951234567", 61))


def open_booth(
    db,
    login: str = "booth1",
    mode: BoothMode = BoothMode.PREPAID,
    prepaid: str = "10",
    calls=CALLS,
    extras=(("Water", "0.99", 2),),
) -> int:
    """A booth session an hour old with billed calls and extras; returns the account id."""
    started = NOW - timedelta(hours=1)
    with db.session() as s:
        account = s.scalar(select(Account).where(Account.voip_login == login))
        credit = D("50") if mode is BoothMode.POSTPAID else D(0)
        sessions.start(s, account, mode, D(prepaid), credit, at=started)
    cache = RatingCache()
    for i, (number, seconds) in enumerate(calls):
        with db.session() as s:
            uid = f"{login}-{i}-{number}"
            at = started + timedelta(minutes=5 + 10 * i)
            rec = authorized(db, record(uid, number, seconds, at, login))
            assert record_call(s, cache, rec) is not None
    with db.session() as s:
        account = s.scalar(select(Account).where(Account.voip_login == login))
        for description, price, qty in extras:
            sessions.add_extra(s, account, description, D(price), qty)
    return account_id(db, login)


def counter(db) -> CounterService:
    return CounterService(db, user="Anna", receipts=ReceiptService())


def stored(db, number: int) -> Receipt:
    with db.read() as s:
        return s.scalar(select(Receipt).where(Receipt.number == number))


def money_columns(layout) -> dict[str, list[Decimal]]:
    out: dict[str, list[Decimal]] = {}
    for el in layout:
        if isinstance(el, Columns) and MONEY.match(el.right):
            out.setdefault(el.left, []).append(D(el.right.split()[0]))
    return out


def item_amounts(layout) -> list[Decimal]:
    """The call and extra lines: money columns between the "Calls" heading and the totals."""
    start = next(i for i, el in enumerate(layout) if isinstance(el, Text) and el.line == "Calls")
    end = next(
        i for i, el in enumerate(layout) if isinstance(el, Columns) and el.left == "Subtotal"
    )
    return [
        D(el.right) for el in layout[start:end] if isinstance(el, Columns) and MONEY.match(el.right)
    ]


# --- totals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "inclusive", "coin"),
    [
        ("0", True, "0"),
        ("0.2", False, "0"),
        ("0.2", True, "0.05"),
        ("0.19", False, "0.05"),
        ("0.07", False, "0.10"),
    ],
)
def test_session_receipt_adds_up_to_the_session_total(db, rate, inclusive, coin):
    set_prefs(db, tax_rate=D(rate), tax_inclusive=inclusive, smallest_coin=D(coin))
    booth = open_booth(db)
    result = counter(db).stop(booth)
    assert result.receipt_number == 1
    receipt = stored(db, 1)
    with db.read() as s:
        session_total = s.scalar(select(BoothSession.total))
    layout = layout_from_json(receipt.layout_json)
    cols = money_columns(layout)
    total = cols["TOTAL"][0]
    assert total == receipt.total == session_total == result.summary.total
    items = item_amounts(layout)
    # 125 s Germany 0.30, 95 s Germany Mobile (30/6) 0.48, 61 s Moscow 0.30, water 2 x 0.99
    assert items == [D("0.30"), D("0.48"), D("0.30"), D("1.98")]
    subtotal = cols["Subtotal"][0]
    assert sum(items) == subtotal
    tax = sum(v[0] for k, v in cols.items() if "VAT" in k)
    rounding = cols.get("Rounding", [D(0)])[0]
    if inclusive:
        assert subtotal + rounding == total
    else:
        assert subtotal + tax + rounding == total
    if D(rate):
        assert tax > 0
    if D(coin):
        assert total % D(coin) == 0
    # prepaid 10: what was not used goes back
    assert cols["Prepaid"] == [D("10.00")]
    assert cols["Refund"] == [D("10") - total]


def test_postpaid_receipt_shows_paid_and_change_in_local_time(db):
    booth = open_booth(db, "walkin", BoothMode.POSTPAID, "0")
    set_prefs(
        db,
        receipt_footer="Wi-Fi: callshop / 1234",
        shop_name="Callshop Mitte",
        shop_address="Hauptstr. 1",
        shop_tax_id="DE123",
    )
    result = counter(db).stop(booth, D("20"))
    layout = layout_from_json(stored(db, result.receipt_number).layout_json)
    cols = money_columns(layout)
    total = cols["TOTAL"][0]
    assert cols["Paid"] == [D("20.00")]
    assert cols["Change"] == [D("20") - total]
    text = render_text(layout, 48)
    with db.read() as s:
        booth_row = s.scalar(select(BoothSession))
        started = booth_row.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
    assert re.search(rf"^Start +{started}$", text, re.M)
    assert re.search(r"^Cashier +Anna$", text, re.M)
    assert re.search(r"^Booth +Walk-in$", text, re.M)
    assert "Callshop Mitte" in text and "Tax ID: DE123" in text
    assert text.index("Wi-Fi: callshop / 1234") < text.index("Thank you!")


def test_labels_follow_the_shop_language(db):
    set_prefs(db, language="ru")
    result = counter(db).stop(open_booth(db))
    text = render_text(layout_from_json(stored(db, result.receipt_number).layout_json), 48)
    assert "ИТОГО" in text and "Кассир" in text


# --- numbers ---------------------------------------------------------------------------------


def test_numbers_are_gapless_across_a_rolled_back_sale_and_never_reused(db, tmp_path):
    enable_printer(db, str(tmp_path / "ttyUSB0"))
    desk = ReceiptService()
    first = counter(db).stop(open_booth(db, "booth1"))
    assert first.receipt_number == 1
    booth2 = open_booth(db, "booth2")

    with pytest.raises(RuntimeError), db.session() as s:
        account = s.get(Account, booth2)
        closed = sessions.stop(s, account)
        assert desk.session_closed(s, closed, "Anna") == 2
        raise RuntimeError("the drawer jammed")  # anything failing later in the sale

    with db.read() as s:
        assert [r.number for r in s.scalars(select(Receipt))] == [1]
        assert s.get(Counter, "receipt").value == 1
        assert [j.reference for j in s.scalars(select(PrintJob))] == ["1"]
        assert sessions.open_session(s, booth2) is not None  # the sale did not happen
    assert counter(db).stop(booth2).receipt_number == 2  # the number came back
    assert counter(db).stop(open_booth(db, "booth3")).receipt_number == 3
    with db.read() as s:
        assert [r.number for r in s.scalars(select(Receipt).order_by(Receipt.id))] == [1, 2, 3]

    with pytest.raises(IntegrityError), db.session() as s:
        s.add(Receipt(number=2, kind="session", layout_json="{}"))


# --- print jobs ------------------------------------------------------------------------------


def test_print_job_commits_with_the_sale(db, tmp_path):
    settings = enable_printer(
        db, str(tmp_path / "ttyUSB0"), profile_name="epson-58mm-cp866", open_drawer=True
    )
    result = counter(db).stop(open_booth(db))
    with db.read() as s:
        (job,) = s.scalars(select(PrintJob))
        receipt = s.scalar(select(Receipt))
        assert (job.status, job.printer, job.kind) == ("pending", "receipt", "session_receipt")
        assert job.receipt_id == receipt.id and job.reference == str(result.receipt_number)
    paper = read_paper(job.payload, "cp866")
    assert paper.code_pages == [17] and paper.cuts == 1 and paper.kicks == 1
    text = "\n".join(paper.lines)
    assert f"Receipt{' ' * (32 - 8)}1" in paper.lines
    assert text.count("TOTAL") == 1 and "COPY" not in text
    assert settings.profile().width_chars == 32
    assert all(cells <= 32 for cells in paper.cells)


def test_no_job_when_printing_is_off_or_that_receipt_is_not_wanted(db, tmp_path):
    result = counter(db).stop(open_booth(db, "booth1"))  # printer never set up
    assert result.receipt_number == 1
    enable_printer(db, str(tmp_path / "ttyUSB0"), print_session_receipt=False)
    assert counter(db).stop(open_booth(db, "booth2")).receipt_number == 2
    set_prefs(db, stop_prints_receipt=False)
    assert counter(db).stop(open_booth(db, "booth3")).receipt_number is None
    with db.read() as s:
        assert s.scalars(select(PrintJob)).all() == []
        assert len(s.scalars(select(Receipt)).all()) == 2


def test_extra_copies_are_marked_copy(db, tmp_path):
    enable_printer(db, str(tmp_path / "ttyUSB0"), copies=2)
    counter(db).stop(open_booth(db))
    with db.read() as s:
        first, second = s.scalars(select(PrintJob).order_by(PrintJob.id))
    codec = PROFILES["epson-80mm-cp858"].codec
    assert "*** COPY ***" not in read_paper(first.payload, codec).lines
    assert "*** COPY ***" in read_paper(second.payload, codec).lines
    assert second.copy_of == first.id and read_paper(second.payload, codec).kicks == 0


def test_call_receipt_when_a_call_ends(db, tmp_path):
    enable_printer(db, str(tmp_path / "ttyUSB0"), print_call_receipt=True)
    set_prefs(db, print_call_receipts=True)
    booth = open_booth(db, calls=(), extras=())
    desk = counter(db)
    rec = authorized(
        db, record("late-1", "0074951234567", 185, NOW - timedelta(minutes=10), "booth1")
    )
    with db.session() as s:
        assert record_call(s, RatingCache(), rec) is not None
    desk.call_recorded("booth1", rec, True)
    with db.read() as s:
        receipt = s.scalar(select(Receipt))
        job = s.scalar(select(PrintJob))
        balance = s.get(Account, booth).balance
    assert receipt.kind == "call" and receipt.number == 1 and receipt.total == D("0.60")
    assert job.kind == "call_receipt" and job.receipt_id == receipt.id
    cols = money_columns(layout_from_json(receipt.layout_json))
    assert cols["Cost"] == [D("0.60")]  # 185 s at 0.15/min, whole minutes
    assert cols["Balance left"] == [balance] == [D("9.40")]
    text = render_text(layout_from_json(receipt.layout_json), 48)
    started = (NOW - timedelta(minutes=10) + timedelta(seconds=5)).astimezone()
    for line in (
        r"Number +0074951234567",
        r"Destination +Russia Moscow",
        rf"Start +{started:%Y-%m-%d %H:%M}",
        r"Talk time +3:05",
        r"Billed time +4:00",
        r"Price 4:00 x 0\.15/min",
    ):
        assert re.search(rf"^{line}$", text, re.M), line


# --- PDFs ------------------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_postpaid_invoice_pdf_lists_the_calls_and_the_total(db):
    set_prefs(db, stop_opens_invoice=True, tax_rate=D("0.2"), tax_inclusive=False)
    booth = open_booth(db, "walkin", BoothMode.POSTPAID, "0")
    result = counter(db).stop(booth, D("5"))
    assert result.invoice_pdf is not None
    text = pdf_text(result.invoice_pdf)
    assert f"Invoice {result.receipt_number}" in text
    for number, _ in CALLS:
        assert number in text
    assert "Germany Mobile" in text and "Russia Moscow" in text and "Water" in text
    total = stored(db, result.receipt_number).total
    assert re.search(rf"TOTAL\s+{total:.2f} EUR", text)
    report = pdf_text(session_report_pdf_for(db, 1, "Anna"))
    assert "Session report 1" in report and f"{total:.2f} EUR" in report


def test_shop_texts_with_currency_signs_print_as_codes(db, tmp_path):
    enable_printer(db, str(tmp_path / "ttyUSB0"), profile_name="epson-58mm-cp866")
    set_prefs(db, receipt_footer="Пополнение от 100 ₴ / 50 ₺ — «Связь»")
    counter(db).stop(open_booth(db))
    with db.read() as s:
        payload = s.scalar(select(PrintJob.payload))
    lines = read_paper(payload, "cp866").lines
    assert any(
        'Пополнение от 100 UAH / 50 TRY - "Связь"' in " ".join(lines[i : i + 2])
        for i in range(len(lines))
    )


# --- what the customer can check (issue 9, item 8) -------------------------------------------


CODEC = PROFILES["epson-80mm-cp858"].codec


def printed(db, number: int | None = None) -> list[str]:
    """The original job of a receipt (the last one when no number), read back like paper,
    with runs of spaces folded so lines compare without the column padding."""
    with db.read() as s:
        query = select(PrintJob).where(PrintJob.copy_of.is_(None)).order_by(PrintJob.id.desc())
        if number is not None:
            query = query.where(PrintJob.reference == str(number))
        job = s.scalars(query).first()
        assert job is not None
        paper = read_paper(job.payload, CODEC)
    return [" ".join(line.split()) for line in paper.lines]


def paper_amount(lines: list[str], label: str) -> Decimal:
    (amount,) = [
        D(m.group(1))
        for line in lines
        if (m := re.fullmatch(rf"{re.escape(label)} (-?\d+\.\d\d)( [A-Z]{{3}})?", line))
    ]
    return amount


def set_tariff(db, **values) -> None:
    from callshop_pos.db.models import Tariff

    with db.session() as s:
        tariff = s.scalar(select(Tariff).where(Tariff.name == "Street"))
        for key, value in values.items():
            setattr(tariff, key, value)
        tariff.revision += 1


def test_no_refund_is_printed_when_the_shop_keeps_the_unused_money(db, tmp_path):
    """stop_refunds_unused = false: nothing goes back, so no Refund line; what stays with
    the shop is said, and the payment lines still add up."""
    enable_printer(db, str(tmp_path / "ttyUSB0"))
    set_prefs(db, stop_refunds_unused=False)
    result = counter(db).stop(open_booth(db))
    with db.read() as s:
        booth = s.scalar(select(BoothSession))
        assert booth.refund == 0
        assert not [p for p in booth.payments if p.kind == "refund"]
    lines = printed(db, result.receipt_number)
    assert not any(line.startswith("Refund") for line in lines), lines
    total = paper_amount(lines, "TOTAL")
    assert paper_amount(lines, "Prepaid") == D("10.00")
    assert paper_amount(lines, "Not refunded") == D("10.00") - total
    text = render_text(layout_from_json(stored(db, result.receipt_number).layout_json), 48)
    assert "Refund" not in text


def test_the_refund_printed_is_the_refund_recorded(db, tmp_path):
    enable_printer(db, str(tmp_path / "ttyUSB0"))
    result = counter(db).stop(open_booth(db))
    with db.read() as s:
        booth = s.scalar(select(BoothSession))
        (refund,) = [-p.amount for p in booth.payments if p.kind == "refund"]
        assert refund == booth.refund > 0
    lines = printed(db, result.receipt_number)
    assert paper_amount(lines, "Refund") == refund
    assert not any(line.startswith("Not refunded") for line in lines)


def test_thank_you_prints_once_when_it_is_also_the_shop_footer(db, tmp_path):
    enable_printer(db, str(tmp_path / "ttyUSB0"))
    set_prefs(db, receipt_footer="Thank you!")  # the sample shop file's footer
    result = counter(db).stop(open_booth(db))
    assert printed(db, result.receipt_number).count("Thank you!") == 1


def test_a_reprint_on_a_narrower_printer_keeps_the_total_on_one_line(db, tmp_path):
    from callshop_pos.services.print_queue import PrintService

    enable_printer(db, str(tmp_path / "ttyUSB0"))  # 80 mm, 48 columns
    booth = open_booth(db, extras=(("Phone card", "1200", 1),))
    result = counter(db).stop(booth, D("1300"))
    original = printed(db, result.receipt_number)
    total = paper_amount(original, "TOTAL")
    assert total > 1000
    enable_printer(db, str(tmp_path / "ttyUSB0"), profile_name="epson-58mm-cp866")
    PrintService(db).reprint(result.receipt_number)
    with db.read() as s:
        copy = s.scalars(select(PrintJob).order_by(PrintJob.id.desc())).first()
    paper = read_paper(copy.payload, "cp866")
    assert "*** COPY ***" in paper.lines
    assert f"TOTAL {total:.2f} EUR" in [" ".join(line.split()) for line in paper.lines]
    assert max(paper.cells) <= 32
    # `receipt show` at the 58 mm width
    shown = render_text(layout_from_json(stored(db, result.receipt_number).layout_json), 32)
    assert re.search(rf"^TOTAL +{total:.2f} EUR$", shown, re.M), shown


def price_parts(lines: list[str]) -> dict[str, str]:
    out = {}
    for line in lines:
        for label in ("Talk time", "Billed time", "Price", "Cost"):
            if line.startswith(label + " "):
                out[label] = line[len(label) + 1 :]
    return out


def test_call_receipt_shows_every_part_of_the_price(db, tmp_path):
    """Billed time, the price of each interval, the connect fee and the surcharge: enough to
    recompute the cost with the rating rule itself."""
    from callshop_pos.db.models import Rate, Tariff
    from callshop_pos.rating.rule import call_cost
    from callshop_pos.rating.terms import RateRow, TariffTerms
    from tests.core.shop import rate

    enable_printer(db, str(tmp_path / "ttyUSB0"), print_call_receipt=True)
    set_prefs(db, print_call_receipts=True)
    with db.session() as s:
        tariff = s.scalar(select(Tariff).where(Tariff.name == "Street"))
        s.add(
            Rate(
                tariff_id=tariff.id,
                **rate("4917", "Germany Mobile O2", "0.40", i1=60, n=30, price_n="0.20"),
            )
        )
    set_tariff(db, connect_fee=D("0.05"), post_call_surcharge=D("0.18"))
    open_booth(db, calls=(), extras=())
    rec = record("fee-1", "004917012345", 95, NOW - timedelta(minutes=10), "booth1")
    with db.session() as s:
        assert record_call(s, RatingCache(), rec) is not None
    counter(db).call_recorded("booth1", rec, True)
    lines = printed(db)
    parts = price_parts(lines)
    # 95 s: 1:00 at 0.40 + one 0:30 step at 0.20 = 0.60, + 0.05 fee = 0.65, + 18 % = 0.767
    assert parts["Talk time"] == "1:35"
    assert parts["Billed time"] == "2:00 (60/30 s)"
    assert parts["Cost"] == "0.77 EUR"
    recipe = " ".join(lines[lines.index(next(x for x in lines if x.startswith("Price"))) :])
    m = re.search(
        r"Price \((\d+):(\d\d) x (\d\.\d\d)/min \+ (\d+):(\d\d) x (\d\.\d\d)/min "
        r"\+ (\d\.\d\d) connect fee\) \+ (\d+)% surcharge",
        recipe,
    )
    assert m, lines
    first = int(m[1]) * 60 + int(m[2])
    rest = int(m[4]) * 60 + int(m[5])
    row = RateRow("4917", "", D(m[3]), D(m[6]), interval_1=first, interval_n=rest)
    terms = TariffTerms(connect_fee=D(m[7]), post_call_surcharge=D(m[8]) / 100)
    assert call_cost(terms, row, first + rest) == D("0.77")


def test_session_receipt_call_lines_show_billed_time_rate_and_fee(db, tmp_path):
    enable_printer(db, str(tmp_path / "ttyUSB0"))
    set_tariff(db, connect_fee=D("0.05"))
    result = counter(db).stop(open_booth(db, extras=()))
    lines = printed(db, result.receipt_number)
    text = "\n".join(lines)
    # 125 s to Germany at 0.10: billed 3:00 = 0.30, + 0.05 fee = 0.35
    assert "Talk 2:05, billed 3:00" in lines, text
    assert "3:00 x 0.10/min + 0.05 connect fee" in lines, text
    # 95 s to Germany Mobile, 30/6 s at 0.30: billed 1:36 = 0.48, + 0.05 = 0.53
    assert "Talk 1:35, billed 1:36 (30/6 s)" in lines, text
    assert "1:36 x 0.30/min + 0.05 connect fee" in lines, text
    amounts = [
        D(line.rsplit(" ", 1)[1])
        for line in lines
        if re.fullmatch(r"\d\d:\d\d \d+ \d+\.\d\d", line)
    ]
    assert amounts == [D("0.35"), D("0.53"), D("0.35")]
    assert sum(amounts) == paper_amount(lines, "Subtotal") == paper_amount(lines, "TOTAL")


def test_invoice_and_session_report_show_billed_time_and_price(db):
    set_prefs(db, stop_opens_invoice=True)
    set_tariff(db, connect_fee=D("0.05"))
    result = counter(db).stop(open_booth(db, "walkin", BoothMode.POSTPAID, "0", extras=()), D("5"))
    for text in (pdf_text(result.invoice_pdf), pdf_text(session_report_pdf_for(db, 1))):
        flat = " ".join(text.split())
        assert "Talk Billed" in flat
        assert "2:05 3:00 3:00 x 0.10/min + 0.05 connect fee 0.35" in flat, flat
        assert "1:35 1:36 (30/6 s) 1:36 x 0.30/min + 0.05 connect fee 0.53" in flat, flat


def test_a_tariff_changed_after_the_call_prints_the_calls_own_terms(db, caplog):
    """The call keeps the fee and surcharge it was billed with: a tariff changed since does
    not change what its receipt says, and the printed parts still give its cost."""
    booth = open_booth(db, calls=(("0049301234", 125),), extras=())
    set_tariff(db, connect_fee=D("0.05"))
    with caplog.at_level("WARNING", logger="callshop_pos.services.receipts"):
        result = counter(db).stop(booth)
    assert result.receipt_number == 1
    assert not [r for r in caplog.records if r.levelname == "WARNING"]
    with db.read() as s:
        (call,) = list(s.scalars(select(Call)))
        line = call_line(s, call)
    assert line.connect_fee == 0 and line.cost == D("0.30")
