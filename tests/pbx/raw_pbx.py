"""A misbehaving Asterisk on a raw TCP socket, for the hostile-PBX tests (no tests here).

It greets, accepts any plain-text login and hands every later action to ``on_action``, which
may answer wrongly, late or never; ``send`` pushes raw bytes (floods, broken frames) to the
clients logged in.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable

from callshop_pos.pbx.protocol import AmiParser, Message, encode_message

BANNER = b"Asterisk Call Manager/11.0.0\r\n"
Handler = Callable[["RawPbx", socket.socket, Message], None]


def reply(conn: socket.socket, msg: Message, *pairs: tuple[str, str]) -> None:
    headers = [("Response", "Success"), ("ActionID", msg.action_id or ""), *pairs]
    conn.sendall(encode_message(Message(headers)))


def answer_pings(pbx: RawPbx, conn: socket.socket, msg: Message) -> None:
    if (msg.get("Action") or "").lower() == "ping":
        reply(conn, msg, ("Ping", "Pong"))


class RawPbx:
    def __init__(self, on_action: Handler = answer_pings) -> None:
        self.on_action = on_action
        self.logins = 0
        self.actions: list[str] = []
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._accept = threading.Thread(target=self._accept_loop, daemon=True)
        self._accept.start()

    def send(self, data: bytes) -> None:
        """Raw bytes to every connection that logged in."""
        with self._lock:
            conns = list(self._conns)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.sendall(data)

    def stop(self) -> None:
        # Closing a listening socket does not wake a thread blocked in accept() on Linux
        # (every stop waited out the join's 2 s); shutting it down first does.
        with contextlib.suppress(OSError):
            self._server.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self._server.close()
        with self._lock:
            conns, self._conns = self._conns, []
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()
        for thread in self._threads:
            thread.join(2)
        self._accept.join(2)

    def _accept_loop(self) -> None:
        while True:
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        parser = AmiParser(expect_banner=False)
        try:
            conn.sendall(BANNER)
            while True:
                data = conn.recv(65536)
                if not data:
                    return
                for msg in parser.feed(data):
                    if not isinstance(msg, Message):
                        continue
                    action = msg.get("Action") or ""
                    if action.lower() == "login":
                        reply(conn, msg, ("Message", "Authentication accepted"))
                        with self._lock:
                            self.logins += 1
                            self._conns.append(conn)
                        continue
                    self.actions.append(action)
                    self.on_action(self, conn, msg)
        except OSError:
            return
