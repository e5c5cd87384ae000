"""Writes the demo shop's rate decks into resources/sample/ (deterministic: same bytes on
every run, so the committed CSVs can be regenerated and diffed).

    .venv/bin/python scripts/make_demo_decks.py

Decks: the retail tariff "Street prices" (what booth customers pay), the owner's wholesale
tariff for the shop, and the buy prices of the two demo vendors. Prices are per minute in
EUR and only look realistic: they are made up from one base price per destination.
"""

from __future__ import annotations

import re
import sys
import zlib
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from callshop_pos.rating.deck import write_deck  # noqa: E402
from callshop_pos.rating.terms import RateRow  # noqa: E402

OUT = ROOT / "resources" / "sample"
ACTIVE_FROM = datetime(2025, 1, 1, tzinfo=UTC)

# One destination per line: country code | country | fixed-line price | mobile price |
# billing (interval_1/interval_n) | more prefixes after the country code as "digits area",
# "*" marking a mobile range, "=" an area with a name of its own (Canada under +1).
# Indented lines continue the line above.
TABLE = """
1 | USA/Canada | 0.03 | 0.03 | 60/60 | 212 New York; 213 Los Angeles; 312 Chicago
    416 =Canada Toronto; 514 =Canada Montreal; 604 =Canada Vancouver; 808 Hawaii; 907 Alaska
7 | Russia | 0.15 | 0.19 | 60/60 | 495 Moscow; 499 Moscow; 812 St Petersburg; 9 Mobile*
    7 =Kazakhstan; 70 =Kazakhstan Mobile*
20 | Egypt | 0.15 | 0.19 | 60/60 | 2 Cairo; 3 Alexandria; 10 Mobile Vodafone*
    11 Mobile Etisalat*; 12 Mobile Orange*; 15 Mobile WE*
27 | South Africa | 0.09 | 0.25 | 60/60 | 11 Johannesburg; 21 Cape Town; 6 Mobile*
    7 Mobile*; 8 Mobile*
30 | Greece | 0.05 | 0.15 | 30/6 | 21 Athens; 69 Mobile*
31 | Netherlands | 0.05 | 0.15 | 30/6 | 20 Amsterdam; 6 Mobile*
32 | Belgium | 0.05 | 0.15 | 30/6 | 2 Brussels; 4 Mobile*
33 | France | 0.05 | 0.15 | 30/6 | 1 Paris; 6 Mobile*; 7 Mobile*
34 | Spain | 0.05 | 0.15 | 30/6 | 91 Madrid; 93 Barcelona; 6 Mobile*; 7 Mobile*
36 | Hungary | 0.05 | 0.15 | 30/6 | 1 Budapest; 30 Mobile*
39 | Italy | 0.05 | 0.15 | 30/6 | 06 Rome; 02 Milan; 3 Mobile*
40 | Romania | 0.05 | 0.12 | 60/60 | 21 Bucharest; 7 Mobile*
41 | Switzerland | 0.09 | 0.35 | 30/6 | 44 Zurich; 7 Mobile*
43 | Austria | 0.05 | 0.15 | 30/6 | 1 Vienna; 6 Mobile*
44 | UK | 0.05 | 0.12 | 60/60 | 20 London; 7 Mobile*; 74 Mobile*; 75 Mobile*; 77 Mobile*
    78 Mobile*; 79 Mobile*
48 | Poland | 0.05 | 0.09 | 60/60 | 22 Warsaw; 5 Mobile*; 6 Mobile*; 7 Mobile*; 8 Mobile*
49 | Germany | 0.05 | 0.15 | 60/60 | 30 Berlin; 40 Hamburg; 89 Munich; 15 Mobile*
    151 Mobile Telekom*; 152 Mobile Vodafone*; 157 Mobile E-Plus*; 159 Mobile O2*
    16 Mobile*; 17 Mobile*
51 | Peru | 0.09 | 0.15 | 60/60 | 1 Lima; 9 Mobile*
52 | Mexico | 0.05 | 0.09 | 60/60 | 55 Mexico City; 1 Mobile*
53 | Cuba | 0.89 | 0.89 | 60/60 | 7 Havana; 5 Mobile*
54 | Argentina | 0.09 | 0.19 | 60/60 | 11 Buenos Aires; 9 Mobile*
55 | Brazil | 0.05 | 0.12 | 60/60 | 11 Sao Paulo; 21 Rio de Janeiro; 119 Sao Paulo Mobile*
    219 Rio de Janeiro Mobile*
57 | Colombia | 0.05 | 0.09 | 60/60 | 1 Bogota; 3 Mobile*
60 | Malaysia | 0.05 | 0.09 | 60/60 | 3 Kuala Lumpur; 1 Mobile*
62 | Indonesia | 0.09 | 0.12 | 60/60 | 21 Jakarta; 8 Mobile*; 811 Mobile Telkomsel*
    815 Mobile Indosat*; 817 Mobile XL*
63 | Philippines | 0.19 | 0.25 | 60/60 | 2 Manila; 9 Mobile*; 917 Mobile Globe*
    918 Mobile Smart*
66 | Thailand | 0.05 | 0.09 | 60/60 | 2 Bangkok; 8 Mobile*
81 | Japan | 0.09 | 0.19 | 60/60 | 3 Tokyo; 90 Mobile*
82 | South Korea | 0.05 | 0.09 | 60/60 | 2 Seoul; 10 Mobile*
84 | Vietnam | 0.09 | 0.12 | 60/60 | 24 Hanoi; 28 Ho Chi Minh City; 9 Mobile*
    3 Mobile Viettel*
86 | China | 0.03 | 0.03 | 60/60 | 10 Beijing; 21 Shanghai; 13 Mobile*; 15 Mobile*
    18 Mobile*
90 | Turkey | 0.09 | 0.19 | 60/60 | 212 Istanbul Europe; 216 Istanbul Asia; 312 Ankara
    5 Mobile*; 53 Mobile Turkcell*; 54 Mobile Vodafone*; 55 Mobile Turk Telekom*
91 | India | 0.05 | 0.05 | 60/60 | 11 Delhi; 22 Mumbai; 7 Mobile*; 8 Mobile*; 9 Mobile*
92 | Pakistan | 0.12 | 0.14 | 60/60 | 21 Karachi; 42 Lahore; 51 Islamabad; 3 Mobile*
    30 Mobile Jazz*; 33 Mobile Ufone*; 34 Mobile Telenor*
93 | Afghanistan | 0.29 | 0.29 | 60/60 | 20 Kabul; 7 Mobile*
94 | Sri Lanka | 0.15 | 0.19 | 60/60 | 11 Colombo; 7 Mobile*
95 | Myanmar | 0.25 | 0.29 | 60/60 | 1 Yangon; 9 Mobile*
98 | Iran | 0.15 | 0.19 | 60/60 | 21 Tehran; 9 Mobile*
212 | Morocco | 0.19 | 0.49 | 60/60 | 5 Fixed; 6 Mobile*; 61 Mobile Maroc Telecom*
    7 Mobile*
213 | Algeria | 0.15 | 0.49 | 60/60 | 21 Algiers; 5 Mobile*; 6 Mobile*; 7 Mobile*
216 | Tunisia | 0.25 | 0.35 | 60/60 | 71 Tunis; 2 Mobile*; 9 Mobile*
221 | Senegal | 0.29 | 0.29 | 60/60 | 33 Dakar; 7 Mobile*
224 | Guinea | 0.39 | 0.39 | 60/60 | 6 Mobile*
225 | Ivory Coast | 0.35 | 0.35 | 60/60 | 07 Mobile*
233 | Ghana | 0.25 | 0.29 | 60/60 | 30 Accra; 2 Mobile*; 5 Mobile*
234 | Nigeria | 0.19 | 0.22 | 60/60 | 1 Lagos; 9 Abuja; 70 Mobile*; 80 Mobile*
    803 Mobile MTN*; 805 Mobile Glo*; 802 Mobile Airtel*; 81 Mobile*; 90 Mobile*
237 | Cameroon | 0.29 | 0.35 | 60/60 | 6 Mobile*
251 | Ethiopia | 0.29 | 0.29 | 60/60 | 11 Addis Ababa; 9 Mobile*
254 | Kenya | 0.15 | 0.19 | 60/60 | 20 Nairobi; 7 Mobile*
255 | Tanzania | 0.29 | 0.35 | 60/60 | 7 Mobile*
256 | Uganda | 0.25 | 0.29 | 60/60 | 7 Mobile*
351 | Portugal | 0.05 | 0.15 | 30/6 | 21 Lisbon; 9 Mobile*
353 | Ireland | 0.05 | 0.15 | 30/6 | 1 Dublin; 8 Mobile*
355 | Albania | 0.19 | 0.45 | 60/60 | 4 Tirana; 6 Mobile*
359 | Bulgaria | 0.05 | 0.19 | 60/60 | 2 Sofia; 8 Mobile*
370 | Lithuania | 0.09 | 0.19 | 60/60 | 6 Mobile*
373 | Moldova | 0.15 | 0.25 | 60/60 | 22 Chisinau; 6 Mobile*
374 | Armenia | 0.15 | 0.19 | 60/60 | 10 Yerevan; 9 Mobile*
375 | Belarus | 0.25 | 0.29 | 60/60 | 17 Minsk; 29 Mobile*; 33 Mobile*
380 | Ukraine | 0.15 | 0.25 | 60/60 | 44 Kyiv; 48 Odesa; 57 Kharkiv; 50 Mobile Vodafone*
    66 Mobile Vodafone*; 67 Mobile Kyivstar*; 68 Mobile Kyivstar*; 96 Mobile Kyivstar*
    63 Mobile lifecell*; 73 Mobile lifecell*; 93 Mobile lifecell*
381 | Serbia | 0.09 | 0.25 | 60/60 | 11 Belgrade; 6 Mobile*
385 | Croatia | 0.05 | 0.19 | 60/60 | 1 Zagreb; 9 Mobile*
387 | Bosnia and Herzegovina | 0.15 | 0.35 | 60/60 | 33 Sarajevo; 6 Mobile*
420 | Czech Republic | 0.05 | 0.12 | 30/6 | 2 Prague; 6 Mobile*; 7 Mobile*
421 | Slovakia | 0.05 | 0.15 | 30/6 | 2 Bratislava; 9 Mobile*
880 | Bangladesh | 0.06 | 0.06 | 60/60 | 2 Dhaka; 1 Mobile*; 17 Mobile Grameenphone*
    18 Mobile Robi*; 19 Mobile Banglalink*
961 | Lebanon | 0.19 | 0.29 | 60/60 | 1 Beirut; 3 Mobile*; 7 Mobile*
962 | Jordan | 0.15 | 0.25 | 60/60 | 6 Amman; 7 Mobile*
963 | Syria | 0.35 | 0.39 | 60/60 | 11 Damascus; 9 Mobile*
964 | Iraq | 0.19 | 0.19 | 60/60 | 1 Baghdad; 7 Mobile*
966 | Saudi Arabia | 0.15 | 0.25 | 60/60 | 1 Riyadh; 5 Mobile*
971 | United Arab Emirates | 0.19 | 0.25 | 60/60 | 4 Dubai; 2 Abu Dhabi; 5 Mobile*
972 | Israel | 0.05 | 0.09 | 60/60 | 3 Tel Aviv; 5 Mobile*
977 | Nepal | 0.19 | 0.19 | 60/60 | 1 Kathmandu; 98 Mobile*
992 | Tajikistan | 0.19 | 0.19 | 60/60 | 9 Mobile*
994 | Azerbaijan | 0.25 | 0.35 | 60/60 | 12 Baku; 5 Mobile*
995 | Georgia | 0.12 | 0.19 | 60/60 | 32 Tbilisi; 5 Mobile*
996 | Kyrgyzstan | 0.15 | 0.19 | 60/60 | 312 Bishkek; 7 Mobile*
998 | Uzbekistan | 0.12 | 0.15 | 60/60 | 71 Tashkent; 9 Mobile*
"""
D = Decimal


def countries() -> list[tuple[str, str, str, str, str, list[tuple[str, str, str]]]]:
    joined = re.sub(r"\n\s+", "; ", TABLE.strip())
    out = []
    for line in joined.splitlines():
        cc, country, fixed, mobile, billing, rest = (cell.strip() for cell in line.split("|"))
        areas = []
        for entry in filter(None, (e.strip() for e in rest.split(";"))):
            digits, area = entry.split(" ", 1)
            kind = "m" if area.endswith("*") else "f"
            areas.append((digits, area.rstrip("*"), kind))
        out.append((cc, country, fixed, mobile, billing, areas))
    return out


# Satellite and premium ranges: a booth call there costs many euros a minute, so the shop
# refuses them outright (forbidden rows are how a tariff says "never").
FORBIDDEN = [
    ("870", "Inmarsat"),
    ("881", "Global Mobile Satellite"),
    ("8816", "Iridium"),
    ("8817", "Iridium"),
    ("882", "International Networks"),
    ("883", "International Networks"),
    ("979", "International Premium Rate"),
]
# Per-second billing on a few mobile networks, to show first/next intervals of 1/1.
PER_SECOND = {"4915", "4916", "4917", "447"}


def _ends(text: str) -> tuple[int, int]:
    first, nxt = text.split("/")
    return int(first), int(nxt)


def _jitter(prefix: str, salt: str) -> Decimal:
    """A stable pseudo-random factor in [0.90, 1.10] per prefix (crc32, not random())."""
    return D(90 + zlib.crc32(f"{salt}:{prefix}".encode()) % 21) / 100


def retail_rows() -> list[RateRow]:
    rows: list[RateRow] = []
    for cc, country, fixed, mobile, billing, areas in countries():
        i1, i_n = _ends(billing)
        rows.append(RateRow(cc, country, D(fixed), D(fixed), i1, i_n, activation=ACTIVE_FROM))
        for digits, area, kind in areas:
            prefix = cc + digits
            price = D(mobile if kind == "m" else fixed)
            a1, an = (1, 1) if prefix in PER_SECOND else (i1, i_n)
            # "=Name": the area has its own name (Canada under +1, Kazakhstan under +7)
            name = area[1:] if area.startswith("=") else f"{country} {area}"
            rows.append(RateRow(prefix, name, price, price, a1, an, activation=ACTIVE_FROM))
    for prefix, area in FORBIDDEN:
        rows.append(RateRow(prefix, area, D(0), D(0), forbidden=True, activation=ACTIVE_FROM))
    # a first minute cheaper than the next ones: the classic "first minute" offer
    rows = [
        RateRow(
            r.prefix,
            r.area_name,
            r.price_1 - D("0.02"),
            r.price_n,
            r.interval_1,
            r.interval_n,
            activation=ACTIVE_FROM,
        )
        if r.prefix in {"234", "92", "880"}
        else r
        for r in rows
    ]
    # a announced price change: Turkey Mobile gets cheaper from mid-2026 (two rows, one
    # expiring when the other starts), so the demo shows activation/expiration at work
    change = datetime(2026, 7, 1, tzinfo=UTC)
    rows = [
        RateRow(
            r.prefix,
            r.area_name,
            r.price_1,
            r.price_n,
            r.interval_1,
            r.interval_n,
            activation=ACTIVE_FROM,
            expiration=change,
        )
        if r.prefix == "905"
        else r
        for r in rows
    ]
    rows.append(RateRow("905", "Turkey Mobile", D("0.15"), D("0.15"), activation=change))
    return sorted(rows, key=lambda r: (r.prefix, r.activation))


def _scaled(
    rows: list[RateRow], factor: str, salt: str, *, skip_every: int = 0, grace: bool = False
) -> list[RateRow]:
    """Cheaper copies of the retail rows (buy or wholesale prices), 4 decimals."""
    out = []
    for r in rows:
        if r.forbidden:
            continue  # carriers do sell satellite minutes; the demo shop never buys them
        if skip_every and zlib.crc32(r.prefix.encode()) % skip_every == 0 and len(r.prefix) > 2:
            continue  # a second vendor does not cover every destination
        f = D(factor) * _jitter(r.prefix, salt)
        p1 = (r.price_1 * f).quantize(D("0.0001"), ROUND_HALF_UP)
        pn = (r.price_n * f).quantize(D("0.0001"), ROUND_HALF_UP)
        out.append(
            RateRow(
                r.prefix,
                r.area_name,
                p1,
                pn,
                r.interval_1,
                r.interval_n,
                grace_enabled=grace,
                activation=r.activation,
                expiration=r.expiration,
            )
        )
    return out


DECKS = {
    "street-prices.csv": lambda: retail_rows(),
    "wholesale.csv": lambda: _scaled(retail_rows(), "0.65", "wholesale", grace=True),
    "routes-eurotel.csv": lambda: _scaled(retail_rows(), "0.42", "eurotel"),
    "routes-globalvoice.csv": lambda: _scaled(retail_rows(), "0.40", "globalvoice", skip_every=5),
}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, make in DECKS.items():
        rows = make()
        (OUT / name).write_text(write_deck(rows), encoding="utf-8", newline="")
        print(f"{OUT / name}: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
