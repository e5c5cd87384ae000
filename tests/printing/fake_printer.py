"""A receipt printer simulated on the printer end of a pseudo-terminal."""

from __future__ import annotations

import os
import select
import threading


class FakePrinter:
    """The printer end of a pseudo-terminal: records what it receives and answers
    DLE EOT n with ``status[n]`` while ``answering`` is set."""

    def __init__(self, master: int) -> None:
        self.master = master
        self.received = bytearray()  # print data, status requests removed
        self.requests: list[int] = []
        self.answering = True
        self.status = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}
        self._pending = b""
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.02)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                return
            self._feed(chunk)

    def _feed(self, chunk: bytes) -> None:
        data = self._pending + chunk
        self._pending = b""
        out = bytearray()
        i = 0
        while i < len(data):
            if data[i] == 0x10:
                if len(data) - i < 3:
                    self._pending = data[i:]  # request split across reads
                    break
                if data[i + 1] == 0x04:
                    n = data[i + 2]
                    with self._lock:
                        self.requests.append(n)
                    if self.answering:
                        os.write(self.master, bytes([self.status[n]]))
                    i += 3
                    continue
            out.append(data[i])
            i += 1
        with self._lock:
            self.received += out

    def data(self) -> bytes:
        with self._lock:
            return bytes(self.received)

    def wait_for(self, size: int, timeout: float = 5.0) -> bytes:
        deadline = threading.Event()
        for _ in range(int(timeout / 0.01)):
            if len(self.data()) >= size:
                break
            deadline.wait(0.01)
        return self.data()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
