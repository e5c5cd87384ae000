"""The shift tests' shop (a real database, cashiers Anna and Boris, owner Olga)."""

from tests.shifts.conftest import actions, db, staff  # noqa: F401
