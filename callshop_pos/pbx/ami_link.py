"""The engine's AMI client while it runs, and the few actions several parts send."""

from __future__ import annotations

from concurrent.futures import Future

from callshop_pos.counter import PbxLink
from callshop_pos.pbx.client import ActionResult, AmiClient, AmiError
from callshop_pos.pbx.protocol import Fields


class AmiLink:
    """Holds the client between the engine's start and stop (None outside them)."""

    def __init__(self) -> None:
        self.current: AmiClient | None = None

    @property
    def client(self) -> AmiClient:
        if self.current is None:
            raise AmiError("PBX engine not started")
        return self.current

    @property
    def connected(self) -> bool:
        return self.current is not None and self.current.state is PbxLink.CONNECTED

    def action(self, fields: Fields, timeout: float | None = None) -> ActionResult:
        return self.client.action(fields, timeout)

    def send(self, fields: Fields) -> Future[ActionResult]:
        """Pipelined: the reply comes later (Asterisk runs a session's actions in order)."""
        return self.client.send_action(fields)

    def hang_up(self, uid: str) -> ActionResult:
        """Hang up the channel with Uniqueid ``uid`` (cause 16, normal clearing)."""
        return self.action({"Action": "Hangup", "Channel": uid, "Cause": "16"})
