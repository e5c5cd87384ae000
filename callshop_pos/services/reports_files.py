"""Where report files go: the user's documents folder (``Callshop POS``), not a temporary
folder a reboot empties; and the report of a period as PDF or CSV bytes."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_documents_dir

from callshop_pos.db.engine import Database
from callshop_pos.services import sessions
from callshop_pos.services.ledger import Ledger, ledger
from callshop_pos.services.reports import revenue_report_of
from callshop_pos.services.reports_export import revenue_csv
from callshop_pos.services.reports_period import Period

FOLDER_NAME = "Callshop POS"


def reports_folder(base: Path | None = None) -> Path:
    folder = (base or Path(user_documents_dir())) / FOLDER_NAME
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def report_name(period: Period, suffix: str) -> str:
    if period.first == period.last:
        return f"revenue-{period.first.isoformat()}.{suffix}"
    return f"revenue-{period.first.isoformat()}_{period.last.isoformat()}.{suffix}"


def balances_of(db: Database, period: Period) -> Ledger:
    """The callshop customer's and the vendors' balances over the period's local days."""
    with db.read() as s:
        return ledger(s, period.start, period.end)


def revenue_pdf_for(db: Database, period: Period) -> bytes:
    """The revenue report with the period's balances."""
    from printing.report_pdf import revenue_report_pdf

    with db.read() as s:
        language = sessions.preferences(s).language
    report = revenue_report_of(db, period)
    return revenue_report_pdf(report, language, balances_of(db, period))


def revenue_csv_for(db: Database, period: Period) -> bytes:
    report = revenue_report_of(db, period)
    return revenue_csv(report, balances_of(db, period)).encode("utf-8")


def save(data: bytes, path: Path) -> Path:
    """Written whole or not at all (a temporary file renamed over the target)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path
