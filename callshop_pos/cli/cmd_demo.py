"""``callshop-pos demo history --days N [--seed S] [--force] [--resume]``: past traffic for the
demo shop (Ctrl+C stops it after the action under way, its day closed early).

The history goes through the real billing path (callshop_pos.services.demo_history). It is
fake money: on a database that is not the demo shop's it is refused unless ``--force``.
"""

from __future__ import annotations

import argparse
import sys
import time

from callshop_pos.cli.common import CliError, open_db, stop_on_signals


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="the demo shop: past traffic for its reports")
    demo = p.add_subparsers(dest="demo_command", metavar="ACTION", required=True)
    history = demo.add_parser(
        "history", help="fill the database with N days of realistic past traffic"
    )
    history.add_argument("--days", type=_days, required=True, metavar="N")
    history.add_argument("--seed", type=int, default=1, help="the same seed, the same history")
    history.add_argument(
        "--force",
        action="store_true",
        help="also on a database that is not the demo shop's (it mixes fake traffic in)",
    )
    history.add_argument(
        "--resume",
        action="store_true",
        help="go on with a history cut short (Ctrl+C, a kill): the days after those made",
    )
    history.set_defaults(func=run_history)


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number of days, not {text!r}") from None
    if not 1 <= days <= 3660:
        raise argparse.ArgumentTypeError(f"must be 1-3660 days, not {days}")
    return days


def run_history(args: argparse.Namespace) -> int:
    from callshop_pos.services.demo_history import (
        HistoryError,
        HistoryStopped,
        is_demo_database,
        make_history,
    )

    db = open_db(args)
    try:
        if not args.force and not is_demo_database(db):
            raise CliError(
                f"{db.url} is not the demo shop's database: a history would mix fake traffic "
                "into a real shop (add --force to do it anyway)",
                code=1,
            )
        started = time.monotonic()

        def progress(done: int, days: int, totals: object) -> None:
            calls = getattr(totals, "calls", 0)
            print(f"\rday {done}/{days}: {calls} calls", end="", file=sys.stderr, flush=True)

        try:
            with stop_on_signals() as asked:
                totals = make_history(
                    db,
                    args.days,
                    seed=args.seed,
                    progress=progress,
                    should_stop=asked.is_set,
                    resume=args.resume,
                )
        except HistoryStopped as exc:
            raise CliError(
                f"{exc}, the day under way closed early (--resume goes on)", code=130
            ) from None
        except HistoryError as exc:
            raise CliError(str(exc), code=1) from None
        finally:
            print(file=sys.stderr)
        seconds = time.monotonic() - started
        print(
            f"{totals.days} day{'' if totals.days == 1 else 's'}: "
            f"{totals.sessions} sessions, {totals.calls} calls "
            f"({totals.answered} answered), {totals.topups} top-ups, {totals.extras} extras, "
            f"{totals.walk_ins} walk-ins in {seconds:.1f} s"
        )
        if totals.skipped_booths:
            print(f"left out (started now): {', '.join(totals.skipped_booths)}")
        return 0
    finally:
        db.dispose()
