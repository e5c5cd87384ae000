"""The files the product ships (fonts, translations, the demo shop, the Asterisk kit).

They live in the ``resources`` package beside ``callshop_pos`` in a checkout and in an
installed wheel alike; every reader goes through :func:`resource_path`, never through
``Path(__file__).parents[N]``, so an installed copy run from any folder finds them.
"""

from __future__ import annotations

import shutil
import subprocess
from importlib.resources import files
from importlib.util import find_spec
from pathlib import Path

PACKAGE = "resources"


def resource_root() -> Path:
    """The folder of the ``resources`` package (a wheel installs it unzipped)."""
    root = files(PACKAGE)
    if not isinstance(root, Path):  # a zipped install: the readers need real files
        raise RuntimeError(f"the {PACKAGE} package is not a folder on disk: {root}")
    return root


def resource_path(*parts: str) -> Path:
    """``resource_path("fonts", "DejaVuSans.ttf")``: a shipped file or folder."""
    return resource_root().joinpath(*parts)


def find_lrelease() -> Path | None:
    """Qt's ``lrelease`` (shipped in the PySide6 wheel), or None when it is not there."""
    spec = find_spec("PySide6")
    if spec is not None and spec.origin is not None:
        for name in ("lrelease", "lrelease.exe"):
            tool = Path(spec.origin).parent / name
            if tool.is_file():
                return tool
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    return Path(found) if found else None


def compile_translation(ts: Path, qm: Path) -> bool:
    """``lrelease ts -qm qm``: False (nothing written) when lrelease is missing or fails."""
    tool = find_lrelease()
    if tool is None:
        return False
    qm.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [str(tool), "-silent", str(ts), "-qm", str(qm)], capture_output=True, check=False
    )
    return done.returncode == 0 and qm.is_file()
