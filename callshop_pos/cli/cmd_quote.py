"""``callshop-pos quote``: price a number (or a CSV of numbers) against a tariff, with every
term the call is charged for and the talk time the engine will really allow; ``--search``
lists a tariff's destinations by name.

One NUMBER is priced from the few rows an indexed query finds for it
(services/rate_lookup.py), read by ``sqlite3`` alone on a SQLite file at the schema head
(db/sqlite_read.py: no SQLAlchemy imported), else through SQLAlchemy; ``--batch`` and
``--search`` load the tariff's whole index once.
The database, the rating code and the printing helpers are imported when the command runs,
not to build its parser (see cli/main.py).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from callshop_pos.cli.common import CliError, decimal_arg, open_db, reading, seconds_arg

if TYPE_CHECKING:
    from callshop_pos.db.query import Reader
    from callshop_pos.rating.index import PrefixIndex, Quote
    from callshop_pos.rating.numbers import NumberPlan
    from callshop_pos.rating.offer import Offer
    from callshop_pos.rating.search import Destinations
    from callshop_pos.rating.terms import TariffTerms
    from callshop_pos.services.rating_cache import PriceList

EXIT_REFUSED = 3


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "quote",
        help="price a call: matched prefix, prices, cost, and what a balance buys",
        description="Price NUMBER (or every row of --batch FILE) with a tariff: the prices, "
        "the connect fee, billing increments, free seconds, grace and surcharge, and with "
        "--balance the talk time allowed (cut at the shop's maximum call length). --search "
        "TEXT lists the destinations whose name contains TEXT instead. Exit status 3 when a "
        "single number is refused (no rate, forbidden) or a search finds nothing.",
    )
    p.add_argument("number", nargs="?", help="the number as dialed")
    p.add_argument("--tariff", required=True, metavar="NAME")
    p.add_argument(
        "--seconds",
        type=seconds_arg,
        default=60,
        metavar="N",
        help="call length to price (default 60)",
    )
    p.add_argument(
        "--balance",
        type=decimal_arg,
        metavar="AMOUNT",
        help="also tell the longest call this amount buys",
    )
    p.add_argument("--at", metavar="ISO-8601", help="price at this time (default now)")
    p.add_argument(
        "--batch",
        metavar="FILE",
        help="CSV with header number[,seconds][,balance]; one result per row",
    )
    p.add_argument(
        "--search",
        metavar="TEXT",
        help="list the destinations whose name contains TEXT (any case or accents)",
    )
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.set_defaults(func=run)


def _when(text: str | None) -> datetime:
    if not text:
        return datetime.now(UTC)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise CliError(f"--at: not an ISO-8601 time: {text!r}") from None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def as_json(
    result: Quote, with_balance: bool, terms: Offer | None = None, limit: int | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number": result.number,
        "prefix": result.prefix,
        "area": result.area,
        "billed_seconds": result.billed_seconds,
        "cost": None if result.cost is None else str(result.cost),
        "refused": result.refused,
    }
    if terms is not None:  # money as exact strings, seconds as numbers
        data.update(
            (name, str(value) if isinstance(value, Decimal) else value)
            for name, value in asdict(terms).items()
        )
    if with_balance:
        data["max_seconds"] = result.max_seconds
        data["max_call_seconds"] = limit
        data["cut"] = result.cut
    return data


def _hms(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def _price(amount: Decimal, decimals: int) -> str:
    """A price or fee exactly, with at least the tariff's decimals (0.035 stays 0.035)."""
    from callshop_pos.db.codecs import MONEY_DECIMALS
    from printing.format import price

    return price(amount, decimals, MONEY_DECIMALS)


def _charges(terms: Offer, currency: str, decimals: int) -> str:
    from printing.format import percent

    parts = [
        f"connect fee {_price(terms.connect_fee, decimals)} {currency}"
        if terms.connect_fee
        else "no connect fee"
    ]
    if terms.free_seconds:
        parts.append(f"first {terms.free_seconds} s of a call free")
    if terms.grace_seconds:
        parts.append(f"calls up to {terms.grace_seconds} s free")
    if terms.surcharge:
        parts.append(f"surcharge +{percent(terms.surcharge)} %")
    return ", ".join(parts)


def _text(
    result: Quote,
    seconds: int,
    currency: str,
    with_balance: bool,
    terms: Offer | None = None,
    decimals: int = 2,
) -> str:
    if result.refused:
        return f"{result.number}: refused ({result.refused})"
    p1 = _price(result.price_1, decimals) if result.price_1 is not None else "?"
    pn = _price(result.price_n, decimals) if result.price_n is not None else "?"
    lines = [
        f"number     {result.number} -> {result.normalized}",
        f"prefix     {result.prefix}  {result.area}",
        f"per minute {p1} first, {pn} next ({currency})",
    ]
    if terms is not None:
        steps = (
            f"per {terms.interval_1} s"
            if terms.interval_1 == terms.interval_n
            else f"first {terms.interval_1} s, then per {terms.interval_n} s"
        )
        lines += [
            f"billing    {steps}",
            f"charges    {_charges(terms, currency, decimals)}",
            f"1 minute   {terms.minute_cost} {currency}, everything included",
        ]
    lines.append(
        f"{seconds} s      billed {result.billed_seconds} s, cost {result.cost} {currency}"
    )
    if with_balance:
        if result.max_seconds is None:
            buys = "unlimited"
        else:
            buys = f"{result.max_seconds} s ({_hms(result.max_seconds)})"
            if result.cut:
                buys += ", the shop's maximum call length"
        lines.append(f"balance buys {buys}")
    return "\n".join(lines)


def _cell(path: str, line: int, column: str, convert: Callable[[str], Any], text: str) -> Any:
    """A batch file's cell through the same checks as the option (--seconds, --balance)."""
    try:
        return convert(text)
    except argparse.ArgumentTypeError as exc:
        raise CliError(f"{path}: line {line}, column {column}: {exc}") from None


def _offer(index: PrefixIndex, terms: TariffTerms, result: Quote, at: datetime) -> Offer | None:
    """The terms of the row that priced ``result`` (None when it was refused)."""
    from callshop_pos.rating.offer import offer

    if result.refused or result.prefix is None:
        return None
    row = index.row_at(result.prefix, at)
    return None if row is None else offer(terms, row)


def _search_text(found: Destinations, decimals: int) -> str:
    if not found.matches:
        return f"no destination matches {found.text!r}"
    width = max(len(d.area_name) for d in found.matches)
    lines = []
    for d in found.matches:
        if d.forbidden:
            cost = "forbidden"
        elif d.price_1 == d.price_n:
            cost = f"{_price(d.price_1, decimals)} {found.currency} per minute"
        else:
            cost = (
                f"{_price(d.price_1, decimals)} {found.currency} per minute, "
                f"then {_price(d.price_n, decimals)}"
            )
        lines.append(f"{d.area_name:<{width}}  +{d.prefix:<8} {cost}")
    return "\n".join(lines)


def _search(
    price_list: PriceList, text: str, at: datetime, currency: str, decimals: int, as_lines: bool
) -> int:
    from callshop_pos.rating.search import SearchError, search

    try:
        found = search(price_list.index, text, at, limit=None, currency=currency)
    except SearchError as exc:
        raise CliError(f"--search: {exc}") from None
    if as_lines:
        for d in found.matches:
            print(
                json.dumps(
                    {
                        "area": d.area_name,
                        "prefix": d.prefix,
                        "price_1": str(d.price_1),
                        "price_n": str(d.price_n),
                        "forbidden": d.forbidden,
                        "currency": found.currency,
                    }
                )
            )
    else:
        print(_search_text(found, decimals))
    return 0 if found.matches else EXIT_REFUSED


def _batch_rows(path: str) -> list[tuple[int, str, int, Decimal | None]]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise CliError(f"{path}: {exc.strerror}") from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "number" not in [f.strip() for f in reader.fieldnames]:
        raise CliError(f"{path}: line 1: the header must name a 'number' column")
    rows = []
    for row in reader:
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        line = reader.line_num
        seconds = _cell(path, line, "seconds", seconds_arg, row.get("seconds") or "60")
        balance = (
            _cell(path, line, "balance", decimal_arg, row["balance"])
            if row.get("balance")
            else None
        )
        rows.append((line, row.get("number", ""), seconds, balance))
    return rows


def _one_number(reader: Reader, args: argparse.Namespace, at: datetime) -> int | None:
    """Price ``args.number`` from the few rows services/rate_lookup.one_number reads with
    ``reader``: the exit status, or None when the shop has no preferences row yet (the
    general path makes it)."""
    from callshop_pos.errors import NotFound
    from callshop_pos.services.rate_lookup import one_number

    try:
        found = one_number(reader, args.tariff, args.number, at)
    except NotFound as exc:
        raise CliError(str(exc)) from None
    if found is None:
        return None
    return _answer(args, found.index, found.terms, found.plan, at, found.max_call_seconds)


def _answer(
    args: argparse.Namespace,
    index: PrefixIndex,
    terms: TariffTerms,
    plan: NumberPlan,
    at: datetime,
    limit: int,
) -> int:
    """Quote ``args.number`` and print it; the exit status (EXIT_REFUSED when refused)."""
    from callshop_pos.rating.index import quote

    result = quote(index, terms, plan, args.number, args.seconds, args.balance, at, limit)
    charged = _offer(index, terms, result, at)
    balance_given = args.balance is not None
    if args.json:
        print(json.dumps(as_json(result, balance_given, charged, limit)))
    else:
        print(_text(result, args.seconds, terms.currency, balance_given, charged, terms.precision))
    sys.stdout.flush()
    return EXIT_REFUSED if result.refused else 0


def run(args: argparse.Namespace) -> int:
    if sum(1 for given in (args.number, args.batch, args.search) if given is not None) != 1:
        raise CliError("give a NUMBER, --batch FILE or --search TEXT")
    at = _when(args.at)
    if args.number is not None:
        with reading(args) as reader:  # SQLite's own reader on a file at the schema head
            code = _one_number(reader, args, at)
        if code is not None:
            return code
    db = open_db(args)
    from sqlalchemy import select

    from callshop_pos.db.models import Tariff
    from callshop_pos.rating.index import quote
    from callshop_pos.services import sessions
    from callshop_pos.services.rate_lookup import price_list_for
    from callshop_pos.services.rating_cache import RatingCache, number_plan

    with db.read() as s:
        tariff = s.scalar(select(Tariff).where(Tariff.name == args.tariff))
        if tariff is None:
            raise CliError(f"no tariff named {args.tariff!r}")
        prefs = sessions.preferences(s)
        plan = number_plan(prefs)
        limit = prefs.max_call_seconds
        currency, decimals = tariff.currency, tariff.precision
        price_list: PriceList
        if args.number is not None:  # one number: only the rows that can price it
            price_list = price_list_for(s, tariff, plan.normalize(args.number), at)
        else:
            price_list = RatingCache().tariff(s, tariff.id)  # type: ignore[assignment]
    index, terms = price_list.index, price_list.terms
    if args.search is not None:
        code = _search(price_list, args.search, at, currency, decimals, args.json)
        sys.stdout.flush()
        return code
    if args.batch:
        for _line, number, seconds, balance in _batch_rows(args.batch):
            result = quote(index, terms, plan, number, seconds, balance, at, limit)
            charged = _offer(index, terms, result, at)
            if args.json:
                print(json.dumps(as_json(result, balance is not None, charged, limit)))
            else:
                print(_text(result, seconds, currency, balance is not None, charged, decimals))
        return 0
    return _answer(args, index, terms, plan, at, limit)
