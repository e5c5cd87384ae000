"""One receipt printer's settings, as the owner edits them and the app stores them.

``to_dict``/``from_dict`` give plain JSON/TOML values (no ``None``: TOML has no null, so an
unset override is simply left out). Every instance is valid: the constructor checks all
fields and raises ``SettingsError`` naming each bad one, so the settings dialog can show the
message beside the right field and a hand-edited file fails loudly instead of printing junk.
"""

from __future__ import annotations

import codecs
import contextlib
import string
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any, Literal, cast, get_args

import serial

from callshop_pos.errors import CallshopError
from printing.profiles import EPSON_CODE_PAGES, PROFILES, PrinterProfile, make_profile
from printing.serial_transport import Parity, SerialSettings
from printing.test_page import LANGUAGES

FlowControl = Literal["none", "rtscts", "xonxoff"]

FLOW_CONTROLS: tuple[str, ...] = get_args(FlowControl)
PARITIES: tuple[str, ...] = get_args(Parity)
BYTESIZES = (5, 6, 7, 8)
STOPBITS = (1, 1.5, 2)
# pyserial's list: a typo like 96000 must fail here, not as garbage on paper
BAUDRATES: tuple[int, ...] = tuple(serial.Serial.BAUDRATES)
COMMON_BAUDRATES = (2400, 4800, 9600, 19200, 38400, 57600, 115200)
MAX_COPIES = 5
DEFAULT_PROFILE = "epson-80mm-cp858"


class SettingsError(CallshopError, ValueError):
    """``problems`` maps each bad field name to what is wrong with it."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(f"{name}: {why}" for name, why in self.problems.items()))


@dataclass(frozen=True)
class PrinterSettings:
    enabled: bool = False
    name: str = "Receipt printer"
    port: str = ""  # /dev/ttyUSB0, COM3, /dev/pts/3, socket://host:9100, rfc2217://...
    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: float = 1
    flow_control: str = "none"
    write_timeout: float = 5.0
    profile_name: str = DEFAULT_PROFILE
    codec_override: str | None = None  # Python codec name, e.g. "cp866"
    escpos_codepage: int | None = None  # ESC t n; vendors number code pages differently
    print_call_receipt: bool = False
    print_session_receipt: bool = True
    open_drawer: bool = False
    copies: int = 1
    language: str = "en"  # receipt labels and the test page's alphabet

    def __post_init__(self) -> None:
        problems = _problems(self)
        if problems:
            raise SettingsError(problems)

    def profile(self) -> PrinterProfile:
        """The printing profile with the code page overrides applied."""
        base = PROFILES[self.profile_name]
        if self.codec_override is None and self.escpos_codepage is None:
            return base
        codec = self.codec_override or base.codec
        number = self.escpos_codepage
        if number is None:
            # validation guarantees an Epson number exists when only the codec is overridden
            number = base.escpos_codepage if codec == base.codec else EPSON_CODE_PAGES[codec]
        return make_profile(
            base.width_chars, codec, number, name=f"{base.name} ({codec}, ESC t {number})"
        )

    def serial_settings(self) -> SerialSettings:
        return SerialSettings(
            port=self.port,
            baudrate=self.baudrate,
            bytesize=self.bytesize,
            parity=cast(Parity, self.parity),
            stopbits=self.stopbits,
            flow_control=cast(FlowControl, self.flow_control),
            write_timeout=self.write_timeout,
        )

    def to_dict(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value is not None}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PrinterSettings:
        """Missing keys take their defaults; unknown keys and wrong types are errors
        (a misspelt key in a hand-edited file would otherwise be ignored silently)."""
        problems: dict[str, str] = {}
        known = {f.name: f for f in fields(cls)}
        for key in data:
            if key not in known:
                problems[str(key)] = "unknown setting"
        for key, value in data.items():
            if key in known and (why := _type_problem(key, value)):
                problems[key] = why
        values = {k: v for k, v in data.items() if k in known and k not in problems}
        if problems:
            # report the range problems of the well-typed fields too, all in one go
            try:
                cls(**values)
            except SettingsError as more:
                problems = {**more.problems, **problems}
            raise SettingsError(problems)
        if "stopbits" in values and values["stopbits"] == int(values["stopbits"]):
            values["stopbits"] = int(values["stopbits"])  # 1.0 from JSON is the same as 1
        return cls(**values)


_BOOL_FIELDS = {"enabled", "print_call_receipt", "print_session_receipt", "open_drawer"}
_INT_FIELDS = {"baudrate", "bytesize", "copies"}
_STR_FIELDS = {"name", "port", "parity", "flow_control", "profile_name", "language"}


def _type_problem(key: str, value: object) -> str | None:
    if key in _BOOL_FIELDS:
        return None if isinstance(value, bool) else "must be true or false"
    is_int = isinstance(value, int) and not isinstance(value, bool)
    if key in _INT_FIELDS:
        return None if is_int else "must be a whole number"
    if key in _STR_FIELDS:
        return None if isinstance(value, str) else "must be text"
    if key == "codec_override":
        return None if value is None or isinstance(value, str) else "must be text"
    if key == "escpos_codepage":
        return None if value is None or is_int else "must be a whole number"
    # stopbits, write_timeout
    return None if is_int or isinstance(value, float) else "must be a number"


def _problems(s: PrinterSettings) -> dict[str, str]:
    p: dict[str, str] = {}
    if not s.name.strip():
        p["name"] = "must not be empty"
    if s.enabled and not s.port.strip():
        p["port"] = "choose the serial port of the printer"
    if s.baudrate not in BAUDRATES:
        p["baudrate"] = f"{s.baudrate} is not a supported baud rate"
    if s.bytesize not in BYTESIZES:
        p["bytesize"] = "must be 5, 6, 7 or 8"
    if s.parity not in PARITIES:
        p["parity"] = f"must be one of {', '.join(PARITIES)}"
    if s.stopbits not in STOPBITS:
        p["stopbits"] = "must be 1, 1.5 or 2"
    if s.flow_control not in FLOW_CONTROLS:
        p["flow_control"] = f"must be one of {', '.join(FLOW_CONTROLS)}"
    if not 0 < s.write_timeout <= 120:
        p["write_timeout"] = "must be more than 0 and at most 120 seconds"
    if s.profile_name not in PROFILES:
        p["profile_name"] = f"unknown printer profile {s.profile_name!r}"
    if s.codec_override is not None and (why := _codec_problem(s.codec_override)):
        p["codec_override"] = why
    elif (
        s.codec_override is not None
        and s.codec_override not in EPSON_CODE_PAGES
        and s.escpos_codepage is None
    ):
        p["escpos_codepage"] = f"set the ESC t number of {s.codec_override} for this printer"
    if s.escpos_codepage is not None and not 0 <= s.escpos_codepage <= 255:
        p["escpos_codepage"] = "must be between 0 and 255"
    if not 1 <= s.copies <= MAX_COPIES:
        p["copies"] = f"must be between 1 and {MAX_COPIES}"
    if s.language not in LANGUAGES:
        p["language"] = f"unknown language {s.language!r} (known: {', '.join(LANGUAGES)})"
    return p


def _codec_problem(codec: str) -> str | None:
    try:
        info = codecs.lookup(codec)
    except LookupError:
        return f"{codec!r} is not a code page Python knows"
    # ESC/POS code pages are single-byte and keep ASCII where it is; our commands rely on it
    single = 0
    for b in range(0x80, 0x100):
        with contextlib.suppress(UnicodeDecodeError):  # undefined bytes are allowed
            single += len(bytes([b]).decode(info.name)) == 1
    try:
        ascii_kept = string.printable.encode(info.name) == string.printable.encode("ascii")
    except UnicodeError:
        ascii_kept = False
    if not ascii_kept or single < 64:
        return f"{codec!r} is not a single-byte, ASCII-compatible code page"
    if codec != codec.lower().strip():
        return f"write it in lower case: {codec.lower().strip()!r}"
    return None
