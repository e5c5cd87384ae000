"""The ranges and shapes every value entering the shop must have: one home for the rules.

Every input path calls these: the set-up file (services.setup_values/setup_schema), rate decks
(rating.deck), the command line (cli.common and the commands) and the core functions the
settings dialog calls (services.rates.create_tariff...). The Asterisk kit writer calls the
config-line checks again before writing a file (a second line of defence): a value that reaches
``pjsip.conf`` raw must not be able to end its line, start a comment or open a section.

Each ``check_*`` returns the value (possibly normalised) or raises :class:`ValidationError`
with the problem only; the caller adds where it was (file, line and column, item and key, or
the command-line option), so the error is one line naming the place.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from urllib.parse import unquote, urlsplit

from callshop_pos.db.codecs import MONEY_DECIMALS
from callshop_pos.errors import CallshopError

# The Money column stores micro-units (x10^6) in a signed 64-bit integer (max 9.22e18):
# amounts stay below 10^12 so even sums of many of them fit with room to spare.
MONEY_MAX = Decimal("999999999999.999999")
PRECISION_MAX = 6  # decimals of a cost: the Money column keeps 6
INTERVAL_MAX = 3600  # a billing interval of more than an hour is a typo
SECONDS_MAX = 86_400  # free seconds, grace, call caps, durations: at most a day
TAX_RATE_MAX = Decimal(1)  # a fraction: 1 = 100 %
SURCHARGE_MAX = Decimal(10)  # a fraction: 10 = +1000 %
PREFIX_MAX = 32  # the rate tables' prefix column
NAME_MAX = 100  # the name columns of vendors, tariffs, booths...
AREA_MAX = 120  # the rate tables' area_name column
SECRET_MAX = 80  # passwords and usernames (the accounts' columns)
HOST_MAX = 255
DIAL_TARGET_MAX = 255

# A SIP endpoint / PJSIP section name: letters, digits, "_", ".", "-" (not first), <= 40.
_SIP_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")
_HOSTNAME = re.compile(
    r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
)
_IPV6 = re.compile(r"\[[0-9A-Fa-f:.]{2,45}\]")

# ISO 4217 codes of the currencies in use (no funds, metals or test codes).
_ISO_4217 = """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN
    BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR
    FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD
    JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT
    MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG
    QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB
    TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF
    XPF YER ZAR ZMW ZWG ZWL
"""
CURRENCIES = frozenset(_ISO_4217.split())


class ValidationError(CallshopError):
    """A value out of its range or shape; the message says what is wrong, not where."""


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _control(text: str) -> str | None:
    """The first control (or other invisible format) character of ``text``, if any."""
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            return char
    return None


# --- text ---------------------------------------------------------------------------------


def check_text(value: str, max_length: int = 255) -> str:
    """Free text (an address, a footer, notes): no control characters, bounded."""
    if not isinstance(value, str):
        raise ValidationError(f"expected text, not {type(value).__name__}")
    bad = _control(value)
    if bad is not None:
        raise ValidationError(f"contains a control character ({bad!r})")
    if len(value) > max_length:
        raise ValidationError(f"longer than {max_length} characters ({len(value)})")
    return value


def check_name(value: str, max_length: int = NAME_MAX) -> str:
    """A name people read (a tariff, a vendor, a booth): not empty, no control characters."""
    text = check_text(value, max_length).strip()
    if not text:
        raise ValidationError("must not be empty")
    return text


def check_sip_name(value: str) -> str:
    """A VoIP login or a connection name: a SIP endpoint and a PJSIP section name."""
    check_text(value, 64)
    if not _SIP_NAME.fullmatch(value):
        raise ValidationError(
            f"{_shown(value)} is not a SIP name (letters, digits, '_', '.', '-', "
            "starting with a letter or digit, at most 40)"
        )
    return value


def check_config_value(value: str, max_length: int = SECRET_MAX) -> str:
    """A value written raw into an Asterisk config line (a password, a username): no control
    characters (a newline would start a new line, e.g. an ``[evil]`` section), no ``;`` (starts
    a comment there), no surrounding spaces (Asterisk strips them), bounded."""
    check_text(value, max_length)
    if ";" in value:
        raise ValidationError("must not contain ';' (it starts a comment in Asterisk files)")
    if value != value.strip():
        raise ValidationError("must not start or end with a space")
    return value


def check_host(value: str) -> str:
    """A SIP host: a host name, an IPv4 address or an [IPv6] address, with an optional port."""
    check_config_value(value, HOST_MAX)
    host, port = value, None
    if value.startswith("["):
        end = value.find("]")
        host, rest = value[: end + 1], value[end + 1 :]
        if end < 0 or (rest and not rest.startswith(":")):
            raise ValidationError(f"{_shown(value)} is not a host[:port]")
        port = rest[1:] if rest else None
        if not _IPV6.fullmatch(host):
            raise ValidationError(f"{_shown(value)} is not a host[:port]")
    else:
        if value.count(":") == 1:
            host, port = value.split(":")
        if not _HOSTNAME.fullmatch(host):
            raise ValidationError(f"{_shown(value)} is not a host[:port]")
    if port is not None:
        check_port(port)
    return value


def check_port(port: str | int) -> int:
    text = str(port)
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 65535:
        raise ValidationError(f"port must be 1-65535, not {_shown(port)}")
    return int(text)


def check_dial_target(value: str) -> str:
    """A connection's Dial() string (``SIP/${NUMBER}@trunk``...); empty = the PJSIP trunk. It
    goes into AMI headers and a config comment, so no line breaks or ``;``."""
    check_config_value(value, DIAL_TARGET_MAX)
    if value and " " in value:
        raise ValidationError("must not contain spaces")
    return value


def check_pbx_url(value: str) -> str:
    """``ami://user:secret@host:port`` (port 1-65535), with a user and a secret; the user and
    the secret go into the AMI Login action, so no line breaks in them either."""
    text = check_text(value, 255)
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        shown = _shown(url_without_secret(text))
        raise ValidationError(f"not an ami://USER:SECRET@HOST:PORT address: {shown}") from None
    if (
        parts.scheme != "ami"
        or not parts.hostname
        or not parts.username
        or not parts.password
        or port is None
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
    ):
        raise ValidationError(
            f"not an ami://USER:SECRET@HOST:PORT address: {_shown(url_without_secret(text))}"
        )
    for part in (unquote(parts.username), unquote(parts.password)):
        if _control(part) is not None:
            raise ValidationError("the user or secret contains a control character")
    check_port(port)
    host = parts.netloc.rpartition("@")[2]
    check_host(host)
    return text


def url_without_secret(url: str) -> str:
    """``ami://user@host:port``: the address as it may be shown or logged."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    userinfo, _at, host = rest.rpartition("@")
    return f"{scheme}://{userinfo.partition(':')[0]}@{host}"


def check_digits(value: str, max_length: int, *, empty_ok: bool = True) -> str:
    """A prefix, country code or access code: ASCII digits only."""
    if not isinstance(value, str):
        raise ValidationError(f"expected digits, not {type(value).__name__}")
    if not value and empty_ok:
        return value
    if not (value.isascii() and value.isdigit()):
        raise ValidationError(f"must be digits only, not {_shown(value)}")
    if len(value) > max_length:
        raise ValidationError(f"longer than {max_length} digits ({len(value)})")
    return value


def check_currency(value: str) -> str:
    """An ISO 4217 currency code in capitals (EUR, RUB, USD...)."""
    if not isinstance(value, str) or value not in CURRENCIES:
        raise ValidationError(f"{_shown(value)} is not an ISO 4217 currency code like EUR")
    return value


def check_choice(value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ValidationError(f"{_shown(value)} is not one of {', '.join(choices)}")
    return value


# --- numbers ------------------------------------------------------------------------------


def check_whole(value: int, minimum: int, maximum: int) -> int:
    """A whole number in ``minimum..maximum`` (``True`` is not 1)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"expected a whole number, not {type(value).__name__}")
    if not minimum <= value <= maximum:
        shown = value if abs(value) < 10**12 else f"{str(value)[:12]}..."
        raise ValidationError(f"must be {minimum}-{maximum}, not {shown}")
    return value


def check_precision(value: int) -> int:
    return check_whole(value, 0, PRECISION_MAX)


def check_interval(value: int) -> int:
    return check_whole(value, 1, INTERVAL_MAX)


def check_seconds(value: int, minimum: int = 0, maximum: int = SECONDS_MAX) -> int:
    return check_whole(value, minimum, maximum)


def check_money(
    value: Decimal | int,
    *,
    minimum: Decimal | int = 0,
    maximum: Decimal | int = MONEY_MAX,
) -> Decimal:
    """An exact amount: finite, at most 6 decimals, in ``minimum..maximum`` (by default
    0..MONEY_MAX: what the Money column holds)."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise ValidationError(f"expected an amount, not {type(value).__name__}")
    amount = Decimal(value)
    if not amount.is_finite():
        raise ValidationError(f"not an amount: {_shown(value)}")
    if amount.as_tuple().exponent < -MONEY_DECIMALS:  # type: ignore[operator]
        raise ValidationError(f"{_short(amount)} has more than {MONEY_DECIMALS} decimals")
    if amount < minimum:
        what = "cannot be negative" if minimum == 0 else f"must be at least {minimum}"
        raise ValidationError(f"{what} ({_short(amount)})")
    if amount > maximum:
        raise ValidationError(f"must be at most {format(Decimal(maximum), 'f')} ({_short(amount)})")
    return amount


def check_balance(value: Decimal | int) -> Decimal:
    """A balance, which may be negative (a vendor owed money)."""
    return check_money(value, minimum=-MONEY_MAX)


def check_fraction(value: Decimal | int, maximum: Decimal) -> Decimal:
    """A rate as a fraction (0.19 = 19 %): 0..maximum."""
    return check_money(value, maximum=maximum)


def _short(amount: Decimal) -> str:
    text = format(amount, "f")
    return text if len(text) <= 24 else f"{text[:21]}..."
