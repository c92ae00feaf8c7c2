"""Part dev108 (military dentistry and veterans): the committed file is the generator's output, and it keeps the
annotation contract and this part's own choices (ranks outside names, defence registration numbers as
PATIENTNUMMER that never pass the 11-proef, ships without their Zr.Ms. prefix, issue 17 notations)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

from fixtures.text import corpus, corpus_file, dev108_corpus
from tests.text import annotated_parts

RECORDS = dev108_corpus.generate()
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "PL": 28}
RANK = re.compile(
    r"\b(sld1?|kpl1?|sgt1?|smi|aoo|tlnt|elnt|kapt|maj|lkol|kol|matr1|mr1|ltz3|ltz2|ltz2oc|ltz1|kltz|ktz)\.? $",
    re.IGNORECASE,
)


def _digits(s: str) -> str:
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", s))


def _spans(category: str) -> list[tuple[dict, dict]]:
    return [(r, s) for r in RECORDS for s in r["spans"] if s["category"] == category]


def test_committed_file_is_the_generators_output():
    assert dev108_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(RECORDS)


def test_deterministic_with_the_seed():
    assert dev108_corpus.generate(seed=dev108_corpus.DEFAULT_SEED) == RECORDS
    assert dev108_corpus.generate(seed=dev108_corpus.DEFAULT_SEED + 1) != RECORDS


def test_contract_fields_kinds_and_spans():
    assert len(RECORDS) == dev108_corpus.DEFAULT_RECORDS == 240
    assert [r["id"] for r in RECORDS] == [f"dev108-{i:04d}" for i in range(240)]
    annotated_parts.assert_fields_and_kinds(RECORDS, dev108_corpus.KINDS, 240 // len(dev108_corpus.KINDS))
    annotated_parts.assert_spans_exact_and_disjoint(RECORDS)


def test_spans_on_word_bounds():
    for r in RECORDS:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)


def test_bsns_and_ibans_pass_their_checks_by_both_hands():
    bsns, ibans = _spans(corpus.BSN), _spans(corpus.IBAN)
    assert bsns and ibans
    for r, s in bsns:
        assert annotated_parts.bsn_ok(_digits(s["text"])), (r["id"], s)
        assert dev108_corpus.bsn_valid(s["text"]), (r["id"], s)
    for r, s in ibans:
        assert annotated_parts.iban_ok(unicodedata.normalize("NFKC", s["text"]), IBAN_LENGTHS), (r["id"], s)
        assert dev108_corpus.iban_valid(s["text"]), (r["id"], s)


def test_category_counts_pinned():
    counts = Counter(s["category"] for r in RECORDS for s in r["spans"])
    assert counts == {
        "PERSOON": 683,
        "LOCATIE": 313,
        "DATUM": 293,
        "PATIENTNUMMER": 179,
        "INSTELLING": 116,
        "TELEFOON": 99,
        "EMAIL": 98,
        "ADRES": 86,
        "POSTCODE": 82,
        "GEBOORTEDATUM": 81,
        "BSN": 40,
        "LEEFTIJD": 39,
        "IBAN": 31,
        "POLISNUMMER": 29,
        "AGB": 5,
    }
    assert sum(len(r["keep"]) for r in RECORDS) == 575
    direct = sum(counts[c] for c in corpus.DIRECT_IDENTIFIERS)
    assert direct == 1379


def test_registration_numbers_are_patient_numbers_and_never_bsns():
    nine = 0
    for r, s in _spans(corpus.PATIENTNUMMER):
        d = _digits(s["text"])
        if len(d) == 9 and not s["text"].startswith(("VP", "VI")):
            nine += 1
            assert not dev108_corpus.bsn_valid(d), (r["id"], s)
            assert not annotated_parts.bsn_ok(d), (r["id"], s)
            assert 1 <= int(d[2:4]) <= 12 and 1 <= int(d[4:6]) <= 28, (r["id"], s)  # YYMMDD of birth
    assert nine >= 100
    zap = [s for _, s in _spans(corpus.PATIENTNUMMER) if re.fullmatch(r"[A-ZÀ-Ž]{2}\d{4}", s["text"])]
    assert zap  # battle-roster (ZAP) numbers: two letters of the surname + four digits


def test_ranks_stay_outside_names():
    ranked = 0
    for r, s in _spans(corpus.PERSOON):
        first = s["text"].split(" ")[0].rstrip(".")
        assert not RANK.search(first + " "), (r["id"], s)
        ranked += bool(RANK.search(r["text"][: s["start"]]))
    assert ranked >= 200


def test_ships_without_their_prefix_and_bases_as_places():
    ships = [
        s for r in RECORDS for s in r["spans"] if r["text"][: s["start"]].endswith(("Zr.Ms. ", "Zr. Ms. ", "ZrMs "))
    ]
    assert len(ships) >= 15 and all(s["category"] == corpus.LOCATIE for s in ships)
    assert all(not s["text"].startswith("Zr") for _, s in _spans(corpus.LOCATIE))
    assert any(s["text"].endswith("kazerne") for _, s in _spans(corpus.LOCATIE))


def test_issue_17_notations_and_fitness_classes():
    texts = [s["text"] for r in RECORDS for s in r["spans"]]
    for char in ("\u00a0", "\u202f", "\u200b", "\u00ad"):
        assert sum(char in t for t in texts) >= 10, repr(char)
    assert sum(any("\uff10" <= c <= "\uff19" for c in t) for t in texts) >= 20
    glued = [s for r in RECORDS for s in r["spans"] if s["start"] and r["text"][s["start"] - 1] in ":-="]
    assert len(glued) >= 30
    classes = [k["text"] for r in RECORDS for k in r["keep"] if "DFC" in k["text"] or "klasse" in k["text"]]
    assert any(c.startswith("DFC") for c in classes) and any("inzetbaarheidsklasse" in c for c in classes)


def test_file_is_json_lines():
    lines = dev108_corpus.PATH.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [r["id"] for r in RECORDS]
