"""The core checks the settings dialog and the Asterisk kit writer call (services.validation,
setup_values.check_values): the same ranges as the set-up file, one line naming the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from callshop_pos.db.engine import open_database
from callshop_pos.services import setup_schema as schema
from callshop_pos.services import validation as v
from callshop_pos.services.rates import create_tariff, tariff_summaries
from callshop_pos.services.setup_values import check_values


@pytest.mark.parametrize(
    ("specs", "values", "expected"),
    [
        (schema.BOOTH, {"voip_password": "pw\n[evil]"}, "voip password: contains a control"),
        (schema.BOOTH, {"voip_login": "booth1/../x;y,z"}, "voip login: 'booth1/../x;y,z' is not"),
        (schema.CONNECTION, {"password": "a;b"}, "password: must not contain ';'"),
        (schema.CONNECTION, {"host": "evil\n[x]"}, "host: contains a control character"),
        (schema.CONNECTION, {"dial_target": "SIP/${NUMBER} x"}, "dial target: must not contain"),
        (schema.SHOP, {"pbx_url": "http://x"}, "pbx url: not an ami://"),
        (schema.SHOP, {"tax_rate": 500}, "tax rate: must be at most 1 (500)"),
        (schema.SHOP, {"currency": "EURO"}, "currency: 'EURO' is not an ISO 4217"),
        (schema.TARIFF, {"precision": 99}, "precision: must be 0-6, not 99"),
        (schema.TARIFF, {"kind": "cheap"}, "kind: 'cheap' is not one of retail, wholesale"),
    ],
)
def test_check_values_refuses_naming_the_field(specs, values, expected) -> None:
    with pytest.raises(v.ValidationError) as caught:
        check_values(specs, values)
    assert str(caught.value).startswith(expected)


def test_check_values_passes_good_values_through() -> None:
    good = {"voip_login": "booth-1.a_b", "voip_password": "Kq7vR2#x", "position": 3}
    assert check_values(schema.BOOTH, good) == good


@pytest.mark.parametrize(
    ("check", "value"),
    [
        (v.check_sip_name, "Booth 1"),
        (v.check_sip_name, "-booth"),
        (v.check_sip_name, "b" * 41),
        (v.check_config_value, "line\r\nnext"),
        (v.check_config_value, " padded"),
        (v.check_config_value, "x" * 81),
        (v.check_host, "[::1"),
        (v.check_host, "host:65536"),
        (v.check_dial_target, "PJSIP/${NUMBER}@t;comment"),
        (v.check_pbx_url, "ami://user:secret@host:0"),
        (v.check_pbx_url, "ami://user:secret@host:5038/path"),
    ],
)
def test_the_kit_writers_checks_refuse_what_would_break_a_config_line(check, value) -> None:
    with pytest.raises(v.ValidationError):
        check(value)


def test_the_kit_writers_checks_accept_real_values() -> None:
    assert v.check_sip_name("eurotel-fra") == "eurotel-fra"
    assert v.check_host("[2001:db8::1]:5060") == "[2001:db8::1]:5060"
    assert v.check_host("203.0.113.25") == "203.0.113.25"
    assert v.check_dial_target("PJSIP/7731#${NUMBER}@globalvoice")
    assert v.check_pbx_url("ami://callshop:p%40ss@pbx.local:5038")
    assert v.url_without_secret("ami://callshop:p%40ss@pbx.local:5038") == (
        "ami://callshop@pbx.local:5038"
    )


def test_create_tariff_refuses_a_precision_every_call_would_fail_on(tmp_path: Path) -> None:
    db = open_database(tmp_path / "shop.db")
    try:
        refused = pytest.raises(v.ValidationError, match=r"^precision: must be 0-6, not 99$")
        with refused, db.session() as s:
            create_tariff(s, "T", currency="EUR", precision=99)
        refused = pytest.raises(v.ValidationError, match=r"^tariff name: contains a control")
        with refused, db.session() as s:
            create_tariff(s, "T\x00", currency="EUR")
        with db.read() as s:
            assert tariff_summaries(s) == []
    finally:
        db.dispose()
