"""Writing files that may hold secrets (set-up dumps): owner-only from the first byte.

The file is created under a temporary name with mode 0600 (``mkstemp`` opens it that way, so
there is no moment where another user could open it), written, flushed to disk, and renamed
over the target: a reader sees the old file or the whole new one, never a half-written one,
and an existing 0644 file is replaced by the new 0600 one rather than rewritten in place.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

PRIVATE_MODE = 0o600


def write_private(path: str | Path, text: str, *, newline: str | None = None) -> Path:
    """Write ``text`` (UTF-8) to ``path`` as an owner-only (0600) file, atomically."""
    target = Path(path)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, PRIVATE_MODE)  # mkstemp's own mode already; kept explicit for the reader
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
