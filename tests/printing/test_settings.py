from __future__ import annotations

import json
import tomllib

import pytest
import tomli_w

from printing.profiles import PROFILES
from printing.serial_transport import SerialSettings
from printing.settings import PrinterSettings, SettingsError

FULL = PrinterSettings(
    enabled=True,
    name="Counter",
    port="/dev/ttyUSB0",
    baudrate=19200,
    bytesize=7,
    parity="E",
    stopbits=1.5,
    flow_control="rtscts",
    write_timeout=2.5,
    profile_name="epson-58mm-cp866",
    codec_override="cp1251",
    escpos_codepage=46,
    print_call_receipt=True,
    print_session_receipt=False,
    open_drawer=True,
    copies=2,
    language="ru",
)


@pytest.mark.parametrize("settings", [PrinterSettings(), FULL], ids=["defaults", "full"])
def test_round_trip_through_json_and_toml(settings) -> None:
    data = settings.to_dict()
    assert PrinterSettings.from_dict(json.loads(json.dumps(data))) == settings
    assert PrinterSettings.from_dict(tomllib.loads(tomli_w.dumps(data))) == settings


def test_unset_overrides_are_left_out_for_toml() -> None:
    data = PrinterSettings().to_dict()
    assert "codec_override" not in data and "escpos_codepage" not in data
    assert None not in data.values()


def test_missing_keys_take_defaults() -> None:
    assert PrinterSettings.from_dict({"baudrate": 38400}) == PrinterSettings(baudrate=38400)


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"baudrate": 12345}, "baudrate", "not a supported baud rate"),
        ({"baudrate": "9600"}, "baudrate", "whole number"),
        ({"baudrate": True}, "baudrate", "whole number"),
        ({"enabled": "yes"}, "enabled", "true or false"),
        ({"enabled": True, "port": " "}, "port", "serial port"),
        ({"bytesize": 9}, "bytesize", "5, 6, 7 or 8"),
        ({"parity": "X"}, "parity", "one of"),
        ({"stopbits": 3}, "stopbits", "1, 1.5 or 2"),
        ({"flow_control": "dsrdtr"}, "flow_control", "one of"),
        ({"write_timeout": 0}, "write_timeout", "more than 0"),
        ({"profile_name": "star-80mm"}, "profile_name", "unknown printer profile"),
        ({"codec_override": "utf-8"}, "codec_override", "single-byte"),
        ({"codec_override": "klingon"}, "codec_override", "not a code page"),
        ({"codec_override": "cp1251"}, "escpos_codepage", "ESC t number of cp1251"),
        ({"escpos_codepage": 256}, "escpos_codepage", "between 0 and 255"),
        ({"copies": 0}, "copies", "between 1 and 5"),
        ({"language": "xx"}, "language", "unknown language"),
        ({"name": ""}, "name", "empty"),
        ({"baud": 9600}, "baud", "unknown setting"),
    ],
)
def test_validation_names_the_bad_field(data, field, words) -> None:
    with pytest.raises(ValueError, match=f"{field}: .*{words}") as info:
        PrinterSettings.from_dict(data)
    assert isinstance(info.value, SettingsError)
    assert list(info.value.problems) == [field]


def test_all_problems_are_reported_at_once() -> None:
    with pytest.raises(SettingsError) as info:
        PrinterSettings.from_dict({"baud": 1, "copies": 9, "parity": 1})
    assert set(info.value.problems) == {"baud", "copies", "parity"}


def test_constructor_validates_too() -> None:
    with pytest.raises(SettingsError, match="baudrate"):
        PrinterSettings(baudrate=96000)


def test_profile_without_overrides_is_the_named_one() -> None:
    assert (
        PrinterSettings(profile_name="epson-58mm-cp866").profile() is PROFILES["epson-58mm-cp866"]
    )


def test_profile_overrides() -> None:
    profile = FULL.profile()
    assert (profile.width_chars, profile.codec, profile.escpos_codepage) == (32, "cp1251", 46)
    # only the ESC t number: another vendor numbers CP866 differently
    other = PrinterSettings(profile_name="epson-80mm-cp866", escpos_codepage=7).profile()
    assert (other.width_chars, other.codec, other.escpos_codepage) == (48, "cp866", 7)
    # only the codec: Epson's number for it
    swapped = PrinterSettings(profile_name="epson-80mm-cp437", codec_override="cp866").profile()
    assert (swapped.codec, swapped.escpos_codepage) == ("cp866", 17)


def test_serial_settings() -> None:
    assert FULL.serial_settings() == SerialSettings(
        port="/dev/ttyUSB0",
        baudrate=19200,
        bytesize=7,
        parity="E",
        stopbits=1.5,
        flow_control="rtscts",
        write_timeout=2.5,
    )
