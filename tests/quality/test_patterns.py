"""The identifier patterns of the release gate catch every way the synthetic systems write them."""

from __future__ import annotations

import random

import pytest

from fixtures.practice import dutch
from transforms.quality import patterns


@pytest.fixture
def rng() -> random.Random:
    return random.Random(11)


def test_every_written_form_of_a_phone_number_is_found(rng):
    for _ in range(300):
        place = dutch.weighted_place(rng)
        national = dutch.mobile_number(rng) if rng.random() < 0.5 else dutch.landline_number(rng, place)
        written = dutch.format_phone(rng, national)
        assert patterns.find_phone(f"bel {written} terug") == 1, written


def test_bsn_found_in_every_grouping_and_only_with_a_valid_11_proef(rng):
    for _ in range(200):
        number = dutch.bsn(rng)
        for written in (number, f"{number[:3]}.{number[3:6]}.{number[6:]}", f"{number[:4]} {number[4:6]} {number[6:]}"):
            assert patterns.find_bsn(f"BSN: {written}.") == 1, written
        wrong = number[:8] + str((int(number[8]) + 1) % 10)
        assert patterns.find_bsn(f"BSN: {wrong}") == 0
    # A longer number is not a BSN; nor are digits inside a hash (letters and digits on both sides). Letters
    # glued on only ('ab111222333cd') no longer hide one: issue 17, a valid BSN is one whatever its neighbours.
    assert patterns.find_bsn("order 1112223334 and hash 3fab111222333cd0e") == 0
    assert patterns.find_bsn("code ab111222333cd") == 1


def test_iban_email_and_address_forms(rng):
    for _ in range(100):
        compact = dutch.iban_nl(rng)
        assert patterns.find_iban(f"op {compact} overgemaakt") == 1
        assert patterns.find_iban(f"rekening {dutch.format_iban(compact)} t.n.v. iemand") == 1
        place = dutch.weighted_place(rng)
        postcode, number = dutch.postcode(rng, place), dutch.house_number(rng)
        assert patterns.find_postcode_house_number(f"Kerkstraat {number}, {postcode} {place.city}") >= 1
        assert patterns.find_postcode_house_number(f"{postcode} {number}") >= 1
        assert patterns.find_email(dutch.email_address(rng, "Jan", "van", "Dijk")) == 1
    assert patterns.find_iban("NL91ABNA0417164301") == 0  # check digits wrong
    assert patterns.find_postcode_house_number("postcode 1234 AB") == 0  # no house number: not an address
    assert patterns.kinds_in("element 36, 2026-11-01, C11, 1234.56") == []
