"""Works around PySide6 6.12 on CPython 3.11 dropping a reference to None per void call.

Measured here: every call of a Qt method returning void (``update()``, ``setPen()``,
``processEvents()``...) lowers ``sys.getrefcount(None)`` by one, so after a few thousand
calls CPython aborts with "none_dealloc: deallocating None". The binding seems to assume
CPython 3.12's immortal None. Until the pinned PySide6 or Python changes, keep None's
reference count far from zero: None is never freed anyway, so extra references are harmless
(it is what 3.12 does by design). Nothing happens where the leak is absent.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, QTimer

_FLOOR = 1 << 40  # ~10^12 leaked calls: days of painting before the next top-up is needed
_CHECK_MS = 60_000


def leaks_none() -> bool:
    if sys.version_info >= (3, 12):
        return False  # immortal None: the refcount cannot reach zero
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(100):
        probe.setObjectName("probe")  # void: the leaking kind of call
    return sys.getrefcount(None) < before - 50


def _top_up() -> None:
    # True and False get the same treatment: a run of the benchmark also ended with
    # "bool_dealloc" at interpreter exit, from a path not yet pinned down.
    for singleton in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        if refcount.value < _FLOOR // 2:
            refcount.value += _FLOOR


_timer: QTimer | None = None


def install_none_refcount_guard() -> bool:
    """Top up None's refcount now and every minute if this PySide leaks it. Idempotent."""
    global _timer
    if _timer is not None:
        return True
    if not leaks_none():
        return False
    _top_up()
    _timer = QTimer()
    _timer.setInterval(_CHECK_MS)
    _timer.timeout.connect(_top_up)
    _timer.start()
    return True
