"""``callshop-pos quote``: price a number (or a CSV of numbers) against a tariff."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from callshop_pos.cli.common import CliError, decimal_arg, open_db, seconds_arg
from callshop_pos.db.models import Tariff
from callshop_pos.rating.index import Quote, quote
from callshop_pos.services import sessions
from callshop_pos.services.rating_cache import PriceList, RatingCache, number_plan

EXIT_REFUSED = 3


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "quote",
        help="price a call: matched prefix, prices, cost, and what a balance buys",
        description="Price NUMBER (or every row of --batch FILE) with a tariff. Exit status 3 "
        "when a single number is refused (no rate, forbidden).",
    )
    p.add_argument("number", nargs="?", help="the number as dialed")
    p.add_argument("--tariff", required=True, metavar="NAME")
    p.add_argument("--seconds", type=seconds_arg, default=60, metavar="N",
                   help="call length to price (default 60)")
    p.add_argument("--balance", type=decimal_arg, metavar="AMOUNT",
                   help="also tell the longest call this amount buys")
    p.add_argument("--at", metavar="ISO-8601", help="price at this time (default now)")
    p.add_argument("--batch", metavar="FILE",
                   help="CSV with header number[,seconds][,balance]; one result per row")
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


def as_json(result: Quote, with_balance: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number": result.number,
        "prefix": result.prefix,
        "area": result.area,
        "billed_seconds": result.billed_seconds,
        "cost": None if result.cost is None else str(result.cost),
        "refused": result.refused,
    }
    if with_balance:
        data["max_seconds"] = result.max_seconds
    return data


def _text(result: Quote, seconds: int, currency: str, with_balance: bool) -> str:
    if result.refused:
        return f"{result.number}: refused ({result.refused})"
    lines = [
        f"number     {result.number} -> {result.normalized}",
        f"prefix     {result.prefix}  {result.area}",
        f"per minute {result.price_1} first, {result.price_n} next ({currency})",
        f"{seconds} s      billed {result.billed_seconds} s, cost {result.cost} {currency}",
    ]
    if with_balance:
        buys = "unlimited" if result.max_seconds is None else f"{result.max_seconds} s"
        lines.append(f"balance buys {buys}")
    return "\n".join(lines)


def _cell(path: str, line: int, column: str, convert: Callable[[str], Any], text: str) -> Any:
    """A batch file's cell through the same checks as the option (--seconds, --balance)."""
    try:
        return convert(text)
    except argparse.ArgumentTypeError as exc:
        raise CliError(f"{path}: line {line}, column {column}: {exc}") from None


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
        balance = _cell(path, line, "balance", decimal_arg, row["balance"]) if row.get(
            "balance") else None
        rows.append((line, row.get("number", ""), seconds, balance))
    return rows


def run(args: argparse.Namespace) -> int:
    if bool(args.number) == bool(args.batch):
        raise CliError("give a NUMBER or --batch FILE")
    at = _when(args.at)
    db = open_db(args)
    with db.read() as s:
        tariff = s.scalar(select(Tariff).where(Tariff.name == args.tariff))
        if tariff is None:
            raise CliError(f"no tariff named {args.tariff!r}")
        price_list: PriceList = RatingCache().tariff(s, tariff.id)  # type: ignore[assignment]
        plan = number_plan(sessions.preferences(s))
        currency = tariff.currency
    if args.batch:
        for _line, number, seconds, balance in _batch_rows(args.batch):
            result = quote(price_list.index, price_list.terms, plan, number, seconds, balance, at)
            if args.json:
                print(json.dumps(as_json(result, balance is not None)))
            else:
                print(_text(result, seconds, currency, balance is not None))
        return 0
    result = quote(price_list.index, price_list.terms, plan, args.number, args.seconds,
                   args.balance, at)
    if args.json:
        print(json.dumps(as_json(result, args.balance is not None)))
    else:
        print(_text(result, args.seconds, currency, args.balance is not None))
    sys.stdout.flush()
    return EXIT_REFUSED if result.refused else 0
