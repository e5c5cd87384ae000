"""Serial (RS-232 / USB-serial) transport to an ESC/POS printer, on pyserial."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from types import TracebackType
from typing import Literal, Self

import serial

from printing.errors import PrinterOffline, PrinterTimeout

try:
    from termios import error as _TermiosError
except ImportError:  # not a POSIX system: pyserial raises SerialException there

    class _TermiosError(Exception):  # type: ignore[no-redef]
        pass


# What a vanished device raises: an unplugged USB-serial adapter makes the port's termios
# calls (tcflush in reset_input_buffer, ...) fail with termios.error, which is no OSError.
PORT_ERRORS: tuple[type[BaseException], ...] = (serial.SerialException, OSError, _TermiosError)
# opening also refuses bad settings (a baud rate the driver rejects) with ValueError
OPEN_ERRORS: tuple[type[BaseException], ...] = (*PORT_ERRORS, ValueError)
# out_waiting on a driver that cannot tell
QUEUE_ERRORS: tuple[type[BaseException], ...] = (*PORT_ERRORS, NotImplementedError)

FlowControl = Literal["none", "rtscts", "xonxoff", "dsrdtr"]
Parity = Literal["N", "E", "O", "M", "S"]


@dataclass(frozen=True)
class SerialSettings:
    port: str
    baudrate: int = 9600
    bytesize: int = 8
    parity: Parity = "N"
    stopbits: float = 1
    flow_control: FlowControl = "none"
    write_timeout: float = 5.0
    read_timeout: float = 1.0
    chunk_size: int = 256


class SerialTransport:
    """Opens lazily, writes in chunks, and turns pyserial failures into PrinterError types."""

    def __init__(self, settings: SerialSettings) -> None:
        self.settings = settings
        self._port: serial.Serial | None = None

    @property
    def is_open(self) -> bool:
        return self._port is not None and self._port.is_open

    def open(self) -> None:
        if self.is_open:
            return
        s = self.settings
        try:
            self._port = serial.Serial(
                port=s.port,
                baudrate=s.baudrate,
                bytesize=s.bytesize,
                parity=s.parity,
                stopbits=s.stopbits,
                rtscts=s.flow_control == "rtscts",
                xonxoff=s.flow_control == "xonxoff",
                dsrdtr=s.flow_control == "dsrdtr",
                timeout=s.read_timeout,
                write_timeout=s.write_timeout,
                exclusive=True,
            )
        except OPEN_ERRORS as exc:
            self._port = None
            raise PrinterOffline(f"Cannot open {s.port}: {exc}") from exc

    def close(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            # closing a vanished device must not mask the original error
            with contextlib.suppress(*PORT_ERRORS):
                port.close()

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _require(self) -> serial.Serial:
        self.open()
        assert self._port is not None
        return self._port

    def write(self, data: bytes) -> None:
        """Send all of ``data`` or raise; small chunks keep a stalled printer from
        swallowing a whole receipt into the OS buffer before we notice the timeout."""
        port = self._require()
        size = max(1, self.settings.chunk_size)
        try:
            for start in range(0, len(data), size):
                chunk = data[start : start + size]
                written = port.write(chunk)
                if written != len(chunk):
                    raise PrinterTimeout(f"Printer accepted {written} of {len(chunk)} bytes")
                self._drain(port)
        except serial.SerialTimeoutException as exc:
            self.close()
            raise PrinterTimeout("Printer does not accept data (write timeout)") from exc
        except PORT_ERRORS as exc:
            raise self._lost(exc) from exc

    def _lost(self, exc: BaseException) -> PrinterOffline:
        """The device went away under an open port: close it, so the next try reopens the
        path (the printer may be back by then, as a new device)."""
        self.close()
        return PrinterOffline(f"Printer connection lost: {exc}")

    def _drain(self, port: serial.Serial) -> None:
        # pyserial's flush() is tcdrain(), which waits forever while flow control holds
        # the line; poll the output queue against our own deadline instead.
        deadline = time.monotonic() + self.settings.write_timeout
        while True:
            try:
                waiting = port.out_waiting
            except QUEUE_ERRORS:
                return  # the driver cannot tell: write_timeout already bounds the write
            if not waiting:
                return
            if time.monotonic() >= deadline:
                raise PrinterTimeout(f"Printer stopped reading ({waiting} bytes stuck)")
            time.sleep(0.005)

    def read(self, size: int, timeout: float | None = None) -> bytes:
        """Up to ``size`` bytes; fewer (possibly none) if the timeout passes first."""
        port = self._require()
        deadline = time.monotonic() + (self.settings.read_timeout if timeout is None else timeout)
        buf = bytearray()
        try:
            while len(buf) < size:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                port.timeout = remaining
                buf += port.read(size - len(buf))
        except PORT_ERRORS as exc:
            raise self._lost(exc) from exc
        return bytes(buf)

    def discard_input(self) -> None:
        """Drop stale bytes (late status replies) so the next answer is matched correctly."""
        port = self._require()
        try:
            port.reset_input_buffer()
        except PORT_ERRORS as exc:
            raise self._lost(exc) from exc
