"""The one intake door (``transforms.requests.intake.register_from_values``): plain values in, a registered
request out; every refusal an ``IntakeError`` naming the field, never the value, and nothing stored."""

from __future__ import annotations

import pytest

from transforms.requests import store
from transforms.requests.intake import IntakeError, register_from_values

from .conftest import BSN, EMAIL, NAME, NOW, PERSON, leaks


def test_plain_values_register_a_request(engine, config):
    record = register_from_values(
        engine,
        types=["access", "portability"],
        received="2026-01-31T16:45",
        **PERSON,
        patient_numbers=["exquise:P-77", ("oase", "123")],
        phone="",
        now=NOW,
        config=config,
    )
    assert record.types == ("access", "portability") and str(record.due_on) == "2026-02-28"
    assert store.person_query(engine, record.request_id).patient_numbers == (("exquise", "P-77"), ("oase", "123"))


@pytest.mark.parametrize(
    "values, field",
    [
        ({"types": ["access"], "received": "2026-01-31", "bsn": "123456789"}, "bsn"),
        ({"types": ["access"], "received": "31-01-2026", "bsn": BSN}, "received"),
        ({"types": [BSN], "received": "2026-01-31", "bsn": BSN}, "type"),
        ({"types": ["access"], "received": "2026-01-31", "date_of_birth": BSN, "name": NAME}, "date_of_birth"),
        ({"types": ["access"], "received": "2026-01-31", "patient_numbers": [BSN]}, "patient_number"),
        ({"types": ["access"], "received": "2026-01-31", "bsn": BSN, "representative": EMAIL}, "representative"),
        ({"types": ["access"], "received": "2026-01-31", "name": NAME}, "name"),
        ({"types": ["access"], "received": "2026-01-31"}, None),
    ],
)
def test_refusals_name_the_field_never_the_value_and_store_nothing(engine, config, values, field):
    with pytest.raises(IntakeError) as caught:
        register_from_values(engine, now=NOW, config=config, **values)
    assert leaks(str(caught.value)) == [] and BSN not in str(caught.value)
    if field:
        assert caught.value.field == field
    assert store.list_requests(engine) == []
