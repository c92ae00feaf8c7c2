"""Part dev109 (the Caribbean parts of the Kingdom and Suriname): the committed file is its generator's output, the
contract's checks, its identifiers' checksums by two hands, its counts, and the notations particular to its theme."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus, corpus_file, dev109_corpus
from tests.text import annotated_parts


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev109_corpus.generate()


def _plain(s: str) -> str:
    """NFKC (fullwidth digits ASCII, no-break spaces spaces) without the format characters."""
    return "".join(c for c in unicodedata.normalize("NFKC", s) if unicodedata.category(c) != "Cf")


def _digits(s: str) -> str:
    return "".join(c for c in _plain(s) if c.isdigit())


def _spans(records: list[dict], category: str) -> list[dict]:
    return [s for r in records for s in r["spans"] if s["category"] == category]


def test_committed_file_is_the_generators_output(records):
    assert dev109_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(records)


def test_deterministic_with_the_seed():
    assert dev109_corpus.generate(36, 7) == dev109_corpus.generate(36, 7)
    assert dev109_corpus.generate(36, 7) != dev109_corpus.generate(36, 8)
    assert dev109_corpus.generate() == dev109_corpus.generate(dev109_corpus.DEFAULT_RECORDS, dev109_corpus.DEFAULT_SEED)


def test_fields_kinds_and_ids(records):
    assert len(records) == dev109_corpus.DEFAULT_RECORDS == 240
    assert len(dev109_corpus.KINDS) == 12
    annotated_parts.assert_fields_and_kinds(records, dev109_corpus.KINDS, 240 // len(dev109_corpus.KINDS))
    assert [r["id"] for r in records] == [f"dev109-{i:04d}" for i in range(240)]


def test_spans_exact_disjoint_and_on_word_bounds(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)
    for r in records:
        text = r["text"]
        for s in r["spans"]:
            before = text[s["start"] - 1] if s["start"] else " "
            after = text[s["end"]] if s["end"] < len(text) else " "
            assert not before.isalnum() and not after.isalnum(), (r["id"], s)


def test_titles_and_kinship_words_outside_the_names(records):
    outside = re.compile(r"^(dhr|mw|mevr|Dr|Dra|Sr|Sra|tanta|tio|omu|tante|Tio|Tanta)\.?\s", re.IGNORECASE)
    for s in _spans(records, corpus.PERSOON):
        assert not outside.match(s["text"]), s


def test_bsns_pass_the_11_proef_by_two_hands(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 90
    for s in bsns:
        assert annotated_parts.bsn_ok(_digits(s["text"])), s
        assert dev109_corpus.bsn_valid(s["text"]), s


def test_ibans_pass_mod_97_by_two_hands(records):
    ibans = _spans(records, corpus.IBAN)
    assert ibans
    for s in ibans:
        assert annotated_parts.iban_ok(_plain(s["text"]), dev109_corpus.IBAN_LENGTHS), s
        assert dev109_corpus.iban_valid(s["text"]), s


def test_category_counts_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(counts) == {
        "ADRES": 267,
        "AGB": 15,
        "BSN": 96,
        "DATUM": 425,
        "EMAIL": 119,
        "GEBOORTEDATUM": 139,
        "IBAN": 7,
        "INSTELLING": 346,
        "LEEFTIJD": 84,
        "LOCATIE": 439,
        "PATIENTNUMMER": 317,
        "PERSOON": 940,
        "POLISNUMMER": 163,
        "POSTCODE": 78,
        "TELEFOON": 368,
        "URL": 12,
        "UZI": 20,
    }
    assert sum(len(r["keep"]) for r in records) == 663


def test_caribbean_phones_in_their_notations(records):
    phones = [_plain(s["text"]) for s in _spans(records, corpus.TELEFOON)]
    joined = "\n".join(phones)
    for code in ("+599 7", "+599 9", "+5999", "+599 318", "+599 416", "+297", "+597", "+57 "):
        assert code in joined, code
    assert any(re.fullmatch(r"7\d\d[- ]\d{4}", p) for p in phones)  # Bonaire, local seven digits
    assert any(p.startswith("00599") for p in phones) and any(p.startswith("1-599-") for p in phones)


def test_kaya_kaminda_and_neighbourhood_addresses(records):
    addresses = [s["text"] for s in _spans(records, corpus.ADRES)]
    assert sum(a.startswith("Kaya ") for a in addresses) >= 20
    assert sum(a.startswith("Kaminda ") for a in addresses) >= 5
    assert any(a.startswith("Caya ") for a in addresses)
    assert any(a.endswith(" z/n") for a in addresses)
    assert any(re.fullmatch(r"#?\d+ [A-Z][a-z]+ (Lane|Road|Piece)", a) for a in addresses)  # Statia, Saba
    assert any(re.fullmatch(r"(Bubali|Wayaca|Tanki Leendert|Seroe Blanco) \d+.*", a) for a in addresses)
    assert any(re.fullmatch(r"(Calle|Carrera) \d+ # \w+-\d+", a) for a in addresses)


def test_sedula_numbers_carry_the_date_of_birth(records):
    sedulas = []
    for r in records:
        for s in r["spans"]:
            before = r["text"][max(0, s["start"] - 25) : s["start"]]
            if s["category"] == corpus.PATIENTNUMMER and re.search(r"(?i)sedula|persoonsn|id-nummer|\bID\b", before):
                if len(_digits(s["text"])) == 10:
                    sedulas.append(s["text"])
    assert len(sedulas) >= 25
    assert all(dev109_corpus.sedula_valid(s) for s in sedulas)
    assert not dev109_corpus.sedula_valid("1998023107")  # 31 February


def test_identity_and_insurer_numbers_have_their_categories(records):
    pnr = [_plain(s["text"]) for s in _spans(records, corpus.PATIENTNUMMER)]
    assert any(re.fullmatch(r"MU-\d\d-\d{5}", p) for p in pnr)  # referral office case
    assert any(re.fullmatch(r"[A-Z]{2}[ -]?\d{6}", p) for p in pnr)  # Surinamese ID card
    assert any(p.startswith("HC-") for p in pnr)  # Colombian record
    pol = [_plain(s["text"]) for s in _spans(records, corpus.POLISNUMMER)]
    assert any(p.startswith(("BES-", "ZVK")) for p in pol)
    assert any(p.startswith("A") for p in pol)  # AZV


def test_issue_17_notations_present(records):
    texts = [s["text"] for s in _spans(records, corpus.BSN) + _spans(records, corpus.TELEFOON)]
    every = [s["text"] for r in records for s in r["spans"]]
    for ch in ("\u00a0", "\u202f", "\u200b", "\u00ad"):
        assert any(ch in t for t in every), repr(ch)
    assert any(any("０" <= c <= "９" for c in t) for t in texts)
    glued = "\n".join(r["text"] for r in records)
    assert re.search(r"(BSN|bsn):\S", glued) and re.search(r"ok,\S", glued) and re.search(r"pnr-\d", glued)


def test_currencies_languages_and_mixed_words(records):
    invoices = "\n".join(r["text"] for r in records if r["kind"] == "factuur")
    assert "USD" in invoices or "US$" in invoices
    assert re.search(r"\b(ANG|NAf|Cg) \d", invoices) and "Afl." in invoices and "€" in invoices
    everything = "\n".join(r["text"] for r in records)
    for word in ("danki", "grantangi", "pasenshi", "mi gudu", "Bon dia", "años", "de marzo de"):
        assert word.lower() in everything.lower(), word
    whatsapp = [r for r in records if r["kind"] == "whatsapp_familie"]
    assert any(re.search(r"\b(tanta|tio|omu|tante)\b", r["text"], re.IGNORECASE) for r in whatsapp)


def test_clinical_strings_kept(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert any(k.startswith("element ") for k in keep)
    assert any(k in ("Le Fort I", "Le Fort II") for k in keep)
    assert any(k.startswith("Pell-Gregory klasse") for k in keep) and "Angle klasse III" in keep
    assert any(re.fullmatch(r"[A-Z]\d{2,3}( \dx)?", k) for k in keep)  # treatment codes
    assert any(re.search(r"\d mg$", k) for k in keep)


def test_file_is_json_lines(records):
    lines = dev109_corpus.PATH.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 240 and all(json.loads(line)["id"].startswith("dev109-") for line in lines)
