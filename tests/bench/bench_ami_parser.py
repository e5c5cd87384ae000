"""AMI parser throughput on the recorded Asterisk traffic, against a naive split parser's floor.

Run: ``python tests/bench/bench_ami_parser.py [--runs N]``. Not collected by pytest.

Every recording of tests/data/ami is fed to :class:`AmiParser` as it was received (and again
re-cut into 4 KiB chunks), and counted in **messages**: the banner line each connection
starts with is not a message and is not counted. The floor is the simplest streaming parser
that still gives each message a dict of its headers: find the blank line, decode, split the
lines at ``": "`` into a dict (no repeated headers, no case-insensitive names, no ``Follows``
bodies, no size limit, no bad-byte care). Both parse the same bytes in the same run,
interleaved, and the median of ``--runs`` runs (each a fixed number of passes) is printed with
the ratio to the floor. Time is the process's CPU time: the machine is shared, and wall time
would charge other processes' work to whichever parser was running.

Two figures per chunking. **parse + reads** (the one to judge by): each message is then read as
the app reads it, call for call (:func:`read`: the client's dispatch reads the action id and
kind of every message; the engine, the Timestamp of every event as a number and whether the
tracker follows it, by the tracker's own ``follows``; the tracker's handler, the headers it
reads of that event, ``TRACKER_READS``), and the floor does the same lookups (and the same
``float``) in its dicts. A parser that leaves work to the lookups (AmiParser looks a header
up in the frame's text) pays for it there. **parse only** is the older figure (nothing read),
kept for comparison with earlier runs; it flatters a parser that defers work.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from callshop_pos.pbx.protocol import AmiParser, Banner, Message
from callshop_pos.pbx.recording import read_recording
from callshop_pos.pbx.tracker import CallTracker, parse_timestamp

AMI_DIR = Path(__file__).resolve().parents[1] / "data" / "ami"
FRAME_END = b"\r\n\r\n"

Streams = list[list[bytes]]
# The headers tracker.py's handlers read of each event they handle (the other events are only
# named); a few are often absent, so lookups that miss are measured too.
TRACKER_READS: dict[str, tuple[str, ...]] = {
    "Newchannel": ("Uniqueid", "Channel", "Linkedid", "Exten"),
    "DialBegin": ("Uniqueid", "DestChannel"),
    "DialState": ("Uniqueid", "DialStatus"),
    "DialEnd": ("Uniqueid", "DialStatus", "DestChannel"),
    "Hangup": ("Uniqueid", "Cause"),
    "Cdr": ("UniqueID", "Destination"),
    "UserEvent": ("UserEvent", "Uniqueid", "Booth", "Number", "Channel", "Linkedid"),
    "VarSet": ("Uniqueid", "Variable"),
    "ContactStatus": ("EndpointName", "ContactStatus"),
    "PeerStatus": ("Peer", "PeerStatus"),
}
NO_READS: tuple[str, ...] = ()


_TRACKER = CallTracker()  # its follows() is the engine's own question
assert set(_TRACKER._handlers) == {name.lower() for name in TRACKER_READS}, "reads out of date"


def read(msg: Message) -> None:
    """What the app reads of a message, call for call: the client (``AmiClient._handle``: its
    action id, whether it is an event), the engine (``PbxEngine._on_event``: its Timestamp
    as a number, whether the tracker follows it; for one it does, whether it is the
    CallshopOutcome UserEvent) and the tracker (``CallTracker.feed_stamped``: its handler by
    the event's name, then the headers that handler reads)."""
    if msg.action_id is not None:  # AmiClient._handle: the pending action's look-up
        pass
    if not msg.is_event:
        return
    stamp = parse_timestamp(msg)
    if not _TRACKER.follows(msg):
        return
    if msg.name == "UserEvent" and msg.get("UserEvent") == "CallshopOutcome":
        msg.get("Uniqueid")
    if msg.is_event and msg.name_key in _TRACKER._handlers:
        when = stamp if stamp is not None else 0.0  # noqa: F841 - the handler's time
        for header in TRACKER_READS.get(msg.name, NO_READS):
            msg.get(header)


def ours(streams: Streams) -> int:
    """Messages parsed by AmiParser (banners left out of the count)."""
    messages = 0
    for chunks in streams:
        parser = AmiParser()
        for chunk in chunks:
            items = parser.feed(chunk)
            messages += len(items)
            if items and items[0].__class__ is Banner:
                messages -= 1
    return messages


def ours_read(streams: Streams) -> int:
    """Messages parsed by AmiParser, each read as the client and tracker read it."""
    messages = 0
    for chunks in streams:
        parser = AmiParser()
        for chunk in chunks:
            for item in parser.feed(chunk):
                if isinstance(item, Message):  # not the banner
                    read(item)
                    messages += 1
    return messages


def naive(streams: Streams, reads: bool = False) -> int:
    """The floor: a buffer, find the frame end, decode, ``partition(": ")`` into a dict
    (with ``reads``, then the same lookups as :func:`read`, in that dict)."""
    messages = 0
    for chunks in streams:
        buf = bytearray()
        banner = True
        for chunk in chunks:
            buf += chunk
            start = 0
            if banner:
                eol = buf.find(b"\r\n")
                if eol < 0:
                    continue
                start, banner = eol + 2, False
            while True:
                end = buf.find(FRAME_END, start)
                if end < 0:
                    break
                headers = {}
                for line in buf[start:end].decode("utf-8", "replace").split("\r\n"):
                    name, _, value = line.partition(": ")
                    headers[name] = value
                if reads:  # as read() reads a Message, in the dict
                    headers.get("ActionID")
                    event = headers.get("Event")
                    if event is not None:
                        raw = headers.get("Timestamp")
                        stamp = float(raw) if raw else None
                        reads_of = TRACKER_READS.get(event)
                        if reads_of is not None:
                            if event == "UserEvent" and headers.get("UserEvent") == "x":
                                pass
                            when = stamp if stamp is not None else 0.0  # noqa: F841
                            for header in reads_of:
                                headers.get(header)
                messages += 1
                start = end + 4
            del buf[:start]
    return messages


def naive_read(streams: Streams) -> int:
    return naive(streams, reads=True)


def timed(parse: Callable[[Streams], int], streams: Streams, passes: int) -> tuple[float, int]:
    """Messages per second over ``passes`` passes, and the messages of one pass."""
    start = time.process_time()
    for _ in range(passes):
        messages = parse(streams)
    return messages * passes / (time.process_time() - start), messages


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--runs", type=int, default=7, help="interleaved runs (median printed)")
    cli.add_argument("--passes", type=int, default=20, help="passes over the traffic per run")
    args = cli.parse_args()
    recorded = [
        [r.data for r in read_recording(p) if r.direction == "RECV"]
        for p in sorted(AMI_DIR.glob("*.ami"))
    ]
    whole = [b"".join(s) for s in recorded]
    cut = [[w[i : i + 4096] for i in range(0, len(w), 4096)] for w in whole]
    size = sum(map(len, whole))
    parsers = {
        "parse + reads": (ours_read, naive_read),
        "parse only": (ours, naive),
    }
    for label, streams in (("recorded chunks", recorded), ("4 KiB chunks", cut)):
        for mode, (our_parse, floor_parse) in parsers.items():
            rates: dict[str, list[float]] = {"AmiParser": [], "naive split": []}
            counts: dict[str, int] = {}
            for _ in range(args.runs):
                for name, parse in (("AmiParser", our_parse), ("naive split", floor_parse)):
                    rate, counts[name] = timed(parse, streams, args.passes)
                    rates[name].append(rate)
            assert counts["AmiParser"] == counts["naive split"], counts  # like for like
            ours_rate = statistics.median(rates["AmiParser"])
            floor = statistics.median(rates["naive split"])
            print(
                f"{label}, {mode}: {counts['AmiParser']} messages ({size / 1e6:.2f} MB) "
                f"per pass, median of {args.runs} interleaved runs x {args.passes} passes"
            )
            megabytes = ours_rate * size / counts["AmiParser"] / 1e6
            print(f"  AmiParser   {ours_rate:>10,.0f} msg/s  {megabytes:5.1f} MB/s")
            print(f"  naive split {floor:>10,.0f} msg/s  (floor)")
            print(f"  ratio       {ours_rate / floor:10.2f}x the floor")


if __name__ == "__main__":
    main()
