"""A burst of authorization requests is decided, committed and answered in pieces: the
first piece's Setvars are on their way to Asterisk before the next piece is decided, so
Asterisk runs them while the lane works on the rest (the last booth of a burst no longer
waits for every decision of the burst and then for every Setvar)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

from callshop_pos.db.outage import OutageLog
from callshop_pos.pbx.ami_link import AmiLink
from callshop_pos.pbx.authorizer import MAX_BATCH, Authorizer, AuthRequest
from callshop_pos.pbx.clock import PbxClock
from callshop_pos.pbx.listener import NullListener
from callshop_pos.pbx.live_views import LiveViews
from callshop_pos.pbx.policy import Decision
from callshop_pos.pbx.protocol import Fields

BURST = 50


class BurstPolicy:
    """Decides every call allowed; holds its first decision until the whole burst is
    queued (as when 50 booths dial at the same instant), and logs what it decides."""

    def __init__(self, journal: list[tuple[str, int]]) -> None:
        self.journal = journal
        self.queued = threading.Event()

    def _allowed(self) -> Decision:
        return Decision(True, routes=["PJSIP/${N}@trunk"], cap_seconds=60)

    def authorize(self, login: str, number: str, at: float, uid: str = "") -> Decision:
        self.queued.wait(10)
        self.journal.append(("decide", 1))
        return self._allowed()

    def authorize_many(self, requests: Sequence[AuthRequest]) -> list[Decision]:
        self.queued.wait(10)
        self.journal.append(("decide", len(requests)))
        return [self._allowed() for _ in requests]


class SentGroups:
    """The AMI client's ``send_groups``, noting each write (every group told done)."""

    def __init__(self, journal: list[tuple[str, int]]) -> None:
        self.journal = journal
        self.uids: list[str] = []
        self.all_sent = threading.Event()

    def send_groups(self, groups: Sequence[Sequence[Fields]], done, timeout=None) -> None:  # type: ignore[no-untyped-def]
        self.journal.append(("send", len(groups)))
        for i, actions in enumerate(groups):
            self.uids.append(str(actions[-1]["Channel"]))
            done(i, None)
        if len(self.uids) == BURST:
            self.all_sent.set()


def test_a_burst_is_answered_piece_by_piece_each_before_the_next_is_decided() -> None:
    journal: list[tuple[str, int]] = []
    policy = BurstPolicy(journal)
    client = SentGroups(journal)
    link = AmiLink()
    link.current = client  # type: ignore[assignment]
    views = LiveViews(NullListener(), PbxClock())
    lines: list[str] = []
    authorizer = Authorizer(
        policy, link, views, OutageLog(logging.getLogger(__name__), "test"), lines.append
    )
    authorizer.start()
    try:
        for i in range(BURST):
            authorizer.request(f"booth{i}", "4930123456", f"uid-{i}", 1000.0)
        policy.queued.set()
        assert client.all_sent.wait(10)
    finally:
        authorizer.stop()
    # every call answered once, in the order asked
    assert client.uids == [f"uid-{i}" for i in range(BURST)]
    assert sum(1 for line in lines if "authorized" in line) == BURST
    # decided and sent in pieces, each piece sent before the next one is decided
    assert journal[0::2] == [("decide", n) for _, n in journal[1::2]]
    assert [kind for kind, _ in journal] == ["decide", "send"] * (len(journal) // 2)
    sizes = [n for kind, n in journal if kind == "send"]
    assert max(sizes) <= MAX_BATCH < BURST  # pieces, so that Asterisk starts early
    assert len(sizes) >= -(-BURST // MAX_BATCH)
