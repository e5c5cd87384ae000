"""Asterisk's clock as seen from this PC (caps and call times are counted on Asterisk's)."""

from __future__ import annotations

import time
from collections.abc import Callable

from callshop_pos.pbx.client import ActionResult, AmiError
from callshop_pos.pbx.protocol import Fields


class PbxClock:
    """The offset of Asterisk's clock from ours, learnt from every event's ``Timestamp``.

    Written by the dispatch thread only; a float is read whole from any thread."""

    def __init__(self) -> None:
        self.offset = 0.0  # Asterisk's clock minus ours

    def observe(self, stamp: float) -> None:
        self.offset = stamp - time.time()

    def now(self) -> float:
        """Asterisk's clock now, by the last offset seen."""
        return time.time() + self.offset

    def to_local(self, pbx_time: float) -> float:
        """A time on Asterisk's clock on this PC's clock."""
        return pbx_time - self.offset

    def ping(self, action: Callable[[Fields], ActionResult]) -> float:
        """Asterisk's clock now, from a Ping reply (else :meth:`now`)."""
        try:
            stamp = action({"Action": "Ping"}).response.get("Timestamp")
            return float(stamp) if stamp else self.now()
        except (AmiError, ValueError):
            return self.now()
