"""The process's long-lived objects kept out of the garbage collector's full passes.

A full (generation 2) collection walks every object the collector tracks and holds the
interpreter meanwhile: over the app's start-up heap (the modules, the database's mappers, the
price lists) it stalled booth authorizations 100-200 ms (tests/bench/bench_authorize.py).
Once the app has started, :func:`settle_once` collects once and freezes what is alive then
(``gc.freeze``): later full passes walk only what was made since. Frozen objects are still
freed when nothing refers to them any more; only a reference cycle among them would stay."""

from __future__ import annotations

import gc
import threading

_settled = threading.Event()


def settle() -> None:
    """Collect, then leave everything alive now out of later collections."""
    gc.collect()
    gc.freeze()


def settle_once() -> None:
    """:func:`settle` the first time it is called in this process (the app starts once)."""
    if _settled.is_set():
        return
    _settled.set()
    settle()
