"""Owner-only (0600) database files: created with that mode, never world-readable, even for
a moment, whatever the process's umask (the shop's money and its booths' SIP passwords)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

PRIVATE = 0o600
# SQLite gives the write-ahead log and the shared-memory index the main file's mode
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def create_private(path: Path) -> bool:
    """Create ``path`` empty with mode 0600; False when it already exists (left as is)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def create_private_unique(candidates: Iterable[Path]) -> Path:
    """The first candidate that did not exist, now created empty with mode 0600 (no race
    between looking and creating: two backups in the same second get different names)."""
    for candidate in candidates:
        if create_private(candidate):
            return candidate
    raise FileExistsError("no free name for the file")


def tighten(path: Path) -> None:
    """Make an existing database file of ours (and its side files) owner-only: a file
    written by an older version may still be group- or world-readable."""
    for file in (path, *(path.with_name(path.name + s) for s in SIDE_SUFFIXES)):
        try:
            st = file.stat()
        except FileNotFoundError:
            continue
        if st.st_mode & 0o077 and st.st_uid == os.geteuid():
            os.chmod(file, st.st_mode & 0o700)


def ensure_private(path: Path) -> None:
    """Before SQLite opens ``path``: create it 0600 if new, tighten it if it is not."""
    if not create_private(path):
        tighten(path)
