"""The wheel build compiles the Qt Linguist translations (``.ts``) to ``.qm`` with lrelease.

Everything else is in pyproject.toml. Without lrelease (no PySide6 in the build environment)
the wheel ships the ``.ts`` only and the app compiles it on first run, or reads it directly.
"""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

sys.path.insert(0, str(Path(__file__).resolve().parent))
from callshop_pos.resources import compile_translation


class BuildWithTranslations(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "resources" / "translations"
        for ts in sorted(Path("resources/translations").glob("*.ts")):
            qm = target / ts.with_suffix(".qm").name
            if compile_translation(ts, qm):
                print(f"compiled {ts} -> {qm}")
            else:
                print(f"warning: lrelease not found, {ts.name} ships uncompiled")


setup(cmdclass={"build_py": BuildWithTranslations})
