"""The wheel is the whole product: built from the repository, installed into a fresh venv
and run from another folder (the checkout not on the path), it has the demo shop and its
decks, the fonts (Cyrillic PDFs), the Russian UI and the Asterisk kit."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from importlib.util import find_spec
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".*_cache",
    ".hypothesis",
    "*.qm",
    "tests",
    "*.db",
    "bench-results",
)

# run by the installed copy: a Cyrillic report PDF (Russian decimal mark) read back, and
# the Russian UI offscreen
INSTALLED_CHECKS = textwrap.dedent("""
    import io, json, sys
    from datetime import date
    import pypdf
    from PySide6.QtCore import QCoreApplication, QTranslator
    from PySide6.QtWidgets import QApplication, QLabel
    import callshop_pos, ui.i18n
    from decimal import Decimal
    from callshop_pos.services.reports import Figures, RevenueReport
    from callshop_pos.services.reports_period import Period
    from printing.report_pdf import revenue_report_pdf
    from ui.format import count

    day = Figures("2026-01-05", calls=3, billed_seconds=600, revenue=Decimal("12.5"))
    pdf = revenue_report_pdf(RevenueReport(Period(date(2026, 1, 5), date(2026, 1, 5)), "EUR",
                             "Переговорный пункт «Звонок»", [day], [], [day], []), "ru")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    app = QApplication(sys.argv[:1])
    translator = ui.i18n.install_language("ru")
    label = QLabel(QCoreApplication.translate("MainWindow", "Today's calls"))
    print(json.dumps({
        "package": callshop_pos.__file__,
        "pdf_text": text,
        "qm": type(translator) is QTranslator and translator.filePath(),
        "label": label.text(),
        "plural": count("CallsDialog", "%n call(s)", 5),
    }))
""")


def _builds_without_isolation() -> bool:
    """setuptools can build a wheel here by itself (>= 70.1, or the wheel package)."""
    import setuptools

    major, minor = (int(x) for x in setuptools.__version__.split(".")[:2])
    return (major, minor) >= (70, 1) or find_spec("wheel") is not None


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with only the built wheel of callshop-pos; its dependencies are the
    project venv's (a path entry, so no download and no editable finder)."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=SKIP)
    isolation = [] if not _builds_without_isolation() else ["--no-build-isolation"]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            *isolation,
            "-q",
            "-w",
            str(base / "dist"),
            str(source),
        ],
        check=True,
        cwd=base,
    )
    (wheel,) = (base / "dist").glob("callshop_pos-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    purelib = "import sysconfig; print(sysconfig.get_path('purelib'))"
    site = Path(
        subprocess.run(
            [str(venv / "bin" / "python"), "-c", purelib],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "project-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--ignore-installed",
            str(wheel),
        ],
        check=True,
        cwd=base,
    )
    return venv


def _run(venv: Path, *argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(cwd),
        XDG_STATE_HOME=str(cwd / "state"),
        XDG_CACHE_HOME=str(cwd / "cache"),
        XDG_DATA_HOME=str(cwd / "data"),
    )
    done = subprocess.run(
        [str(venv / "bin" / argv[0]), *argv[1:]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done


def test_the_wheel_carries_every_resource(installed):
    (wheel,) = installed.parent.glob("dist/*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "resources/__init__.py",
        "resources/fonts/DejaVuSans.ttf",
        "resources/fonts/DejaVuSans-Bold.ttf",
        "resources/sample/demo.toml",
        "resources/sample/street-prices.csv",
        "resources/sample/routes-eurotel.csv",
        "resources/translations/callshop_ru.ts",
        "resources/asterisk/extensions_callshop.conf",
        "resources/asterisk/pjsip_booth.conf.template",
    ):
        assert name in names
    if _builds_without_isolation():  # lrelease of this venv's PySide6 ran in the build
        assert "resources/translations/callshop_ru.qm" in names


def test_the_installed_copy_runs_from_any_folder(installed, tmp_path):
    work = tmp_path / "elsewhere"
    work.mkdir()
    db = work / "shop.db"
    applied = _run(installed, "callshop-pos", "--db", str(db), "setup", "apply", "--demo", cwd=work)
    assert db.is_file(), applied.stdout
    booths = _run(installed, "callshop-pos", "--db", str(db), "booth", "list", cwd=work)
    assert len([line for line in booths.stdout.splitlines() if "booth" in line.lower()]) >= 8
    tariffs = _run(installed, "callshop-pos", "--db", str(db), "tariff", "list", cwd=work)
    assert tariffs.stdout.strip()

    _run(
        installed,
        "callshop-pos",
        "--db",
        str(db),
        "pbx",
        "export-config",
        str(work / "kit"),
        cwd=work,
    )
    kit = {p.name for p in (work / "kit").rglob("*") if p.is_file()}
    assert {"extensions_callshop.conf", "manager.conf"} <= kit

    checks = work / "checks.py"
    checks.write_text(INSTALLED_CHECKS, encoding="utf-8")
    seen = json.loads(_run(installed, "python", str(checks), cwd=work).stdout)
    assert seen["package"].startswith(str(installed))  # the wheel's copy, not the checkout
    assert "Переговорный пункт «Звонок»" in seen["pdf_text"]
    assert "Выручка и маржа" in seen["pdf_text"] and "12,50" in seen["pdf_text"]
    assert seen["qm"] and seen["qm"].endswith("callshop_ru.qm")
    assert seen["label"] == "Звонки за день"
    assert seen["plural"] == "5 звонков"
