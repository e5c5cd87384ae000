"""callshop_pos.heap, in a process of its own (freezing the test runner's heap would keep
the other tests' cycles forever): a cycle that is garbage at the start is collected, not
frozen; what is alive is frozen once; objects made later are collected as ever."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import gc, weakref
from callshop_pos import heap

class Node:
    pass

def cycle():
    a, b = Node(), Node()
    a.other, b.other = b, a
    return weakref.ref(a)

gc.disable()  # nothing collects behind the test's back
before = cycle()

heap.settle_once()
assert before() is None, "garbage at the start was frozen instead of collected"
frozen = gc.get_freeze_count()
assert frozen > 1000, frozen
heap.settle_once()
assert gc.get_freeze_count() == frozen, "settled twice"
after = cycle()
gc.collect()
assert after() is None, "a cycle made after the start is no longer collected"
print("ok", frozen)
"""


def test_the_start_up_heap_is_frozen_once_and_later_garbage_still_collected():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok ")
