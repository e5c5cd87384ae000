"""Alembic migrations of the shop database."""

# The newest revision: what a database is upgraded to (tests/db/test_migrations.py holds it
# to the migration files, so a new migration that forgets it fails there).
HEAD = "0013"
