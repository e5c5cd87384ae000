"""What the PBX engine reports, and a listener that ignores it all."""

from __future__ import annotations

from typing import Protocol

from callshop_pos.counter import LiveCallView, PbxLink
from callshop_pos.pbx.tracker import CallRecord


class EngineListener(Protocol):
    """What the engine reports. Called from the engine's own threads (see the module doc of
    :mod:`callshop_pos.pbx.engine`): a GUI must hop to its own thread, and no callback may
    block for long."""

    def pbx_state(self, state: PbxLink, detail: str) -> None: ...

    def live_call(self, login: str, call: LiveCallView | None) -> None:
        """The booth's call changed; None when it ended."""
        ...

    def call_recorded(self, login: str, record: CallRecord, is_new: bool) -> None: ...

    def registration(self, login: str, registered: bool) -> None: ...

    def log(self, line: str) -> None:
        """One human line per call event (``callshop-pos serve`` prints them)."""
        ...


class NullListener:
    def pbx_state(self, state: PbxLink, detail: str) -> None:
        pass

    def live_call(self, login: str, call: LiveCallView | None) -> None:
        pass

    def call_recorded(self, login: str, record: CallRecord, is_new: bool) -> None:
        pass

    def registration(self, login: str, registered: bool) -> None:
        pass

    def log(self, line: str) -> None:
        pass
