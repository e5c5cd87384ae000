from __future__ import annotations

import os

# before any Qt import: the tests run without a display
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
