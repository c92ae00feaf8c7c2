"""``PersonQuery``, the seam with locate: one normalised form per identifier, errors that never repeat a value."""

from __future__ import annotations

import datetime as dt

import pytest

from transforms.requests.identity import IdentityError, PersonQuery, fold_name, identity_keys

KEY = b"k" * 32


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("123456782", "123456782"),
        ("123.456.782", "123456782"),
        (" 1234 56 782 ", "123456782"),
        ("１２３４５６７８２", "123456782"),  # fullwidth digits: the same BSN
        ("10000008", "010000008"),  # eight digits: the leading zero back
    ],
)
def test_bsn_normalised(typed, stored):
    assert PersonQuery(bsn=typed).bsn == stored


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("06-12345678", "0612345678"),
        ("+31 6 1234 5678", "0612345678"),
        ("0031612345678", "0612345678"),
        ("+31 (0)20 123 4567", "0201234567"),
        ("(020) 123 45 67", "0201234567"),
        ("+32 470 12 34 56", "+32470123456"),
    ],
)
def test_phone_normalised(typed, stored):
    assert PersonQuery(phone=typed).phone == stored


def test_email_and_name():
    q = PersonQuery(email="  Jan.deVries@Example.NL ", name="  de   Vries,  Jan ", date_of_birth=dt.date(1980, 3, 14))
    assert q.email == "jan.devries@example.nl" and q.name == "de Vries, Jan"
    assert fold_name("de Vriës, Jan") == fold_name("JAN DE VRIES") == "jan de vries"


@pytest.mark.parametrize(
    "values, field",
    [
        (dict(bsn="123456789"), "bsn"),
        (dict(bsn="12345678901"), "bsn"),
        (dict(email="jan@"), "email"),
        (dict(phone="0612"), "phone"),
        (dict(name="Jan de Vries"), "name"),
        (dict(), "no identifier"),
        (dict(employee_number="E 1; DROP"), "employee_number"),
        (dict(patient_numbers=(("Exquise DB", "P1"),)), "patient_numbers.source"),
        (dict(name="Jan", date_of_birth=dt.date(1700, 1, 1)), "date_of_birth"),
        (dict(bsn="1" * 500), "bsn"),
    ],
)
def test_errors_name_the_field_never_the_value(values, field):
    with pytest.raises(IdentityError) as caught:
        PersonQuery(**values)
    message = str(caught.value)
    assert message.startswith(field)
    for value in values.values():
        if isinstance(value, str) and len(value) > 3:
            assert value not in message


def test_order_and_spelling_do_not_change_the_query():
    a = PersonQuery(patient_numbers=(("oase", "7"), ("exquise", "P-1")), bsn="123.456.782")
    b = PersonQuery(patient_numbers=[("exquise", "P-1"), ("oase", "7")], bsn="123456782")
    assert a == b and hash(a) == hash(b) and PersonQuery.from_dict(a.to_dict()) == a


def test_identity_keys_match_the_same_person_only():
    jan = identity_keys(PersonQuery(bsn="123456782"), KEY)
    assert jan == identity_keys(PersonQuery(bsn="1234 56 782", email="x@example.nl"), KEY)
    assert not jan & identity_keys(PersonQuery(bsn="111222333"), KEY)
    assert not jan & identity_keys(PersonQuery(bsn="123456782"), b"o" * 32)  # keyed: another key, other hashes
    assert identity_keys(PersonQuery(email="x@example.nl"), KEY) == frozenset()  # shared in families: not used
    assert all("123456782" not in h for h in jan)
