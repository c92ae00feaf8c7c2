"""Pseudonyms: stable with the same key, different across key domains and keys; the key never shows."""

from __future__ import annotations

import hashlib
import hmac

import duckdb
import pytest

from transforms.research.pseudonym import DatasetKey, PseudonymKeyError, research_key_from_env, sql_hmac, sql_pseudonym

MASTER = b"m" * 40


def test_stable_for_the_same_key_and_domain():
    a, b = DatasetKey(MASTER, "treatments"), DatasetKey(bytes(MASTER), "treatments")
    assert a.pseudonym("patient", "exquise", "17") == b.pseudonym("patient", "exquise", "17")
    assert len(a.pseudonym("patient", "exquise", "17")) == 32 and a.pseudonym("patient", "exquise", "17").isalpha()


def test_different_across_domains_keys_sources_and_kinds():
    base = DatasetKey(MASTER, "treatments").pseudonym("patient", "exquise", "17")
    assert DatasetKey(MASTER, "complaints").pseudonym("patient", "exquise", "17") != base
    assert DatasetKey(b"n" * 40, "treatments").pseudonym("patient", "exquise", "17") != base
    assert DatasetKey(MASTER, "treatments").pseudonym("patient", "oase", "17") != base
    assert DatasetKey(MASTER, "treatments").pseudonym("practitioner", "exquise", "17") != base


def test_the_derivation_is_keyed_hmac_sha256():
    derived = hmac.new(MASTER, b"dcn-research:treatments", hashlib.sha256).digest()
    expected = hmac.new(derived, b"patient:exquise:17", hashlib.sha256).hexdigest()[:32]
    assert DatasetKey(MASTER, "treatments").pseudonym("patient", "exquise", "17") == expected.translate(
        str.maketrans("0123456789abcdef", "abcdefghijklmnop")
    )


def test_sql_form_equals_python_form():
    key = DatasetKey(MASTER, "treatments")
    ipad, opad = key.pads()
    with duckdb.connect() as con:
        got = con.execute(
            f"SELECT {sql_pseudonym('$m')}, {sql_hmac('$m')}", {"ipad": ipad, "opad": opad, "m": "patient:exquise:17"}
        ).fetchall()[0]
    assert got[0] == key.pseudonym("patient", "exquise", "17")
    assert got[1] == hmac.new(key._key, b"patient:exquise:17", hashlib.sha256).hexdigest()


def test_shift_is_per_patient_constant_and_bounded():
    key = DatasetKey(MASTER, "treatments")
    shifts = {key.shift_days("exquise", str(i), 30) for i in range(200)}
    assert all(-30 <= s <= 30 for s in shifts) and len(shifts) > 20
    assert key.shift_days("exquise", "5", 30) == key.shift_days("exquise", "5", 30)


def test_key_absent_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("DCN_RESEARCH_PSEUDONYM_KEY", raising=False)
    with pytest.raises(PseudonymKeyError) as info:
        research_key_from_env()
    assert "DCN_RESEARCH_PSEUDONYM_KEY" in str(info.value) and "dcn_research_pseudonym" in str(info.value)


def test_short_key_is_refused_without_showing_it(monkeypatch):
    monkeypatch.setenv("DCN_RESEARCH_PSEUDONYM_KEY", "short-secret-value")
    with pytest.raises(PseudonymKeyError) as info:
        research_key_from_env()
    assert "short-secret-value" not in str(info.value)


def test_a_given_secret_wins_and_repr_hides_the_key(monkeypatch):
    monkeypatch.setenv("DCN_RESEARCH_PSEUDONYM_KEY", "e" * 40)
    assert research_key_from_env("c" * 40) == b"c" * 40
    assert research_key_from_env(None) == b"e" * 40
    key = DatasetKey(MASTER, "treatments")
    assert "mmmm" not in repr(key) and key._key.hex() not in repr(key) and "hidden" in str(key)
