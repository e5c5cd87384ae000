"""Finished calls, billed one at a time in the order they ended (the ``pbx-record`` thread).

``policy.record_call`` then ``DBDel`` of the call's outcome record, in that order: a crash in
between re-bills nothing (the policy is idempotent) and loses nothing (the record is still in
AstDB for the next resync). A bill that fails is retried; after :data:`MAX_BILLING_TRIES`
failures that are the record's fault it is set aside for the owner.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from callshop_pos.counter import Disposition
from callshop_pos.db.outage import OutageLog, is_outage
from callshop_pos.pbx.ami_link import AmiLink
from callshop_pos.pbx.jobs import JobPool
from callshop_pos.pbx.listener import EngineListener
from callshop_pos.pbx.outcome import OUTCOME_FAMILY
from callshop_pos.pbx.policy import CallPolicy
from callshop_pos.pbx.tracker import CallRecord

log = logging.getLogger(__name__)

MAX_BILLING_TRIES = 3  # then a record is set aside for the owner, not retried for ever


class BillingQueue:
    """Owns the ``pbx-record`` thread, the outcome keys announced and the bills still owed,
    under its own lock (taken last: never held while another lock is taken)."""

    def __init__(
        self,
        policy: CallPolicy,
        listener: EngineListener,
        link: AmiLink,
        database: OutageLog,
        say: Callable[[str], None],
    ) -> None:
        self._policy = policy
        self._listener = listener
        self._link = link
        self._database = database
        self._say = say
        self._recorder = JobPool(1, "pbx-record", database)
        self._lock = threading.Lock()
        self._outcome_seen: set[str] = set()  # uids whose callshop_cdr key the dialplan wrote
        # record_call raised: (record, delete its AstDB key, tries so far)
        self._unrecorded: dict[str, tuple[CallRecord, bool, int]] = {}
        self._last_retry = 0.0
        self.retry_interval = 5.0  # seconds between tries to bill a record that failed

    def start(self) -> None:
        self._recorder.start()

    def stop(self) -> None:
        self._recorder.stop()

    # ------------------------------------------------------------------ from the tracker
    def outcome_announced(self, uid: str) -> None:
        """The dialplan wrote the call's outcome record (``UserEvent CallshopOutcome``, or
        found by a resync): its key is to be deleted once the call is billed."""
        with self._lock:
            self._outcome_seen.add(uid)

    def take_outcome_key(self, uid: str) -> bool:
        """At the call's end: whether it has an outcome key to delete after its bill."""
        with self._lock:
            has_key = uid in self._outcome_seen
            self._outcome_seen.discard(uid)
            return has_key

    def bill(self, record: CallRecord, delete_key: bool) -> None:
        self._recorder.submit(self._record, record, delete_key)

    def delete_when_billed(self, uid: str) -> None:
        """FIFO behind that call's own bill: the key goes only once the call is billed."""
        self._recorder.submit(self._delete_outcome, uid)

    # ------------------------------------------------------------------ from the poller
    def retry_due(self) -> None:
        now = time.monotonic()
        with self._lock:
            if not self._unrecorded or now - self._last_retry < self.retry_interval:
                return
            self._last_retry = now
            pending = list(self._unrecorded.values())
        for record, delete_key, tries in pending:
            self._recorder.submit(self._record, record, delete_key, tries)

    # ------------------------------------------------------------------ on pbx-record
    def _record(self, record: CallRecord, delete_key: bool, tries: int = 0) -> None:
        uid = record.booth_uniqueid
        try:
            is_new = self._policy.record_call(record)
        except Exception as exc:
            if is_outage(exc):
                self._database.lost(exc)  # not the record's fault: retried until it is back
            else:
                tries += 1
            if tries < MAX_BILLING_TRIES:
                # Keep the AstDB key: a later retry (or the next resync) bills from it.
                log.warning("cannot bill %s %s yet (try %d): %s", record.booth, uid, tries, exc)
                with self._lock:
                    self._unrecorded[uid] = (record, delete_key, tries)
                return
            self._set_aside(record, delete_key, tries, exc)
            return
        with self._lock:
            self._unrecorded.pop(uid, None)
        if delete_key:  # before the listener: a failing listener must not keep the key
            self._delete_outcome(uid)
        self._listener.call_recorded(record.booth, record, is_new)
        answered = record.disposition == Disposition.ANSWERED
        seconds = f" {record.billable_seconds} s" if answered else ""
        reason = f" ({record.refusal_reason})" if record.refusal_reason else ""
        self._say(
            f"{record.booth} {record.number}: ended {record.disposition}{seconds}"
            f"{reason}{'' if is_new else ' (already billed)'}"
        )

    def _set_aside(self, record: CallRecord, delete_key: bool, tries: int, exc: Exception) -> None:
        """Billing failed ``tries`` times: keep the record whole for the owner, stop retrying."""
        uid = record.booth_uniqueid
        log.error("call %s of %s set aside after %d tries", uid, record.booth, tries, exc_info=exc)
        try:
            self._policy.set_aside(record, f"{type(exc).__name__}: {exc}", tries)
        except Exception:
            log.exception("cannot set call %s aside: it stays in AstDB", uid)
            with self._lock:
                self._unrecorded.pop(uid, None)
            return
        with self._lock:
            self._unrecorded.pop(uid, None)
        if delete_key and uid:
            self._delete_outcome(uid)
        self._say(
            f"{record.booth} {record.number}: could not be billed, set aside for the "
            "owner (callshop-pos calls problems)"
        )

    def _delete_outcome(self, uid: str) -> None:
        """After the call is billed: a failure leaves the key for the next resync."""
        with self._lock:
            if uid in self._unrecorded:
                return  # not billed yet: the retry deletes it
        client = self._link.current
        if client is not None:
            client.send_action({"Action": "DBDel", "Family": OUTCOME_FAMILY, "Key": uid})
