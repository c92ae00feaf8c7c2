"""Evaluation part dev162 (dental-tourism aftercare): the committed file is what the generator writes, the records
keep the shared contract, and the part's own notations are there and annotated the way the part says."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from fixtures.text import corpus_file, dev162_corpus
from tests.text import annotated_parts

IBAN_LENGTHS = {"NL": 18, "TR": 26, "HU": 28, "PL": 28, "ES": 24, "AL": 28}

EXPECTED_SPANS = {
    "ADRES": 144,
    "AGB": 56,
    "BSN": 59,
    "DATUM": 712,
    "EMAIL": 147,
    "GEBOORTEDATUM": 143,
    "IBAN": 33,
    "INSTELLING": 421,
    "LEEFTIJD": 88,
    "LOCATIE": 570,
    "PATIENTNUMMER": 99,
    "PERSOON": 985,
    "POLISNUMMER": 63,
    "POSTCODE": 133,
    "TELEFOON": 236,
    "URL": 51,
    "UZI": 21,
}
EXPECTED_KEEP = 2191


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in dev162_corpus.PATH.read_text(encoding="utf-8").splitlines()]


def spans(records, category=None):
    return [s for r in records for s in r["spans"] if category is None or s["category"] == category]


def keeps(records):
    return [k["text"] for r in records for k in r["keep"]]


# ------------------------------------------------------------------------------------------ file and generator


def test_committed_file_is_the_generator_output(records):
    assert corpus_file.dumps(dev162_corpus.generate()) == dev162_corpus.PATH.read_text(encoding="utf-8")
    assert len(records) == dev162_corpus.DEFAULT_RECORDS == 240


def test_seeded_and_prefix_stable():
    full = dev162_corpus.generate()
    assert dev162_corpus.generate(37) == full[:37]
    assert dev162_corpus.generate(5, dev162_corpus.DEFAULT_SEED) == full[:5]
    assert dev162_corpus.generate(5, dev162_corpus.DEFAULT_SEED + 1) != full[:5]


def test_module_constants():
    assert dev162_corpus.DEFAULT_SEED == 20270701
    assert dev162_corpus.PATH.name == "dev162.jsonl" and dev162_corpus.PATH.parent.name == "text"
    assert 8 <= len(dev162_corpus.KINDS) <= 12 and 240 % len(dev162_corpus.KINDS) == 0
    assert "independently" in dev162_corpus.__doc__


def test_own_lists_are_large_and_mixed():
    assert len(dev162_corpus.GIVEN) >= 150 and len(dev162_corpus.SURNAMES) >= 150
    origins = {o for _, _, o in dev162_corpus.GIVEN}
    assert {"NL", "FY", "SR", "AN", "MA", "TR", "PL", "HU", "AL", "ES", "CN", "CV", "ER", "UA"} <= origins
    surnames = {m for _, m, _ in dev162_corpus.SURNAMES}
    assert {"van 't Hof", "in 't Veld", "ter Horst", "van der Meer"} <= surnames  # particles
    assert any("-" in s for s in surnames)  # double-barrelled
    assert {"Post", "Koning", "Winter", "Vrijdag"} <= surnames  # Dutch words
    assert {"Mei", "Juni", "April", "Augustus"} <= {g for g, _, _ in dev162_corpus.GIVEN}  # months


# ---------------------------------------------------------------------------------------------- the contract


def test_shared_contract(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)
    annotated_parts.assert_fields_and_kinds(records, dev162_corpus.KINDS, 240 // len(dev162_corpus.KINDS))


def test_spans_on_word_boundaries(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            assert a == 0 or not text[a - 1].isalnum(), (r["id"], s)
            assert b == len(text) or not text[b].isalnum(), (r["id"], s)


def test_spans_per_record(records):
    counts = [len(r["spans"]) for r in records]
    assert min(counts) >= 7 and max(counts) <= 30
    assert 12 <= sum(counts) / len(counts) <= 20
    assert all(r["keep"] for r in records)


def test_counts_pinned(records):
    assert dict(sorted(Counter(s["category"] for s in spans(records)).items())) == EXPECTED_SPANS
    assert len(keeps(records)) == EXPECTED_KEEP


def test_every_category_occurs(records):
    from fixtures.text import corpus

    assert {s["category"] for s in spans(records)} == set(corpus.CATEGORIES)


# --------------------------------------------------------------------------------------------------- checksums


def test_bsn_pass_the_11_proef(records):
    found = spans(records, "BSN")
    assert len(found) >= 40
    for s in found:
        digits = re.sub(r"\D", "", s["text"])
        assert annotated_parts.bsn_ok(digits), s
        # and by hand: weights 9..2 and -1
        assert sum(int(c) * w for c, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1))) % 11 == 0


def _compact_iban(text: str) -> str:
    compact = re.sub(r"[^0-9A-Za-z]", "", text).upper()
    return "PL" + compact if compact[:1].isdigit() else compact  # a Polish NRB is an IBAN without ``PL``


def test_iban_pass_mod_97(records):
    found = spans(records, "IBAN")
    assert len(found) >= 25
    for s in found:
        compact = _compact_iban(s["text"])
        assert annotated_parts.iban_ok(compact, IBAN_LENGTHS), s
        # the generator's own check digits agree
        assert dev162_corpus.iban_with_check(compact[:2], compact[4:]) == compact
    assert {_compact_iban(s["text"])[:2] for s in found} >= {"NL", "TR", "HU", "PL"}


# ------------------------------------------------------------------------------------------ the theme's notations


def test_whatsapp_numbers_wrapped_in_bidi_marks(records):
    """An unsaved contact shows as its number between U+202A and U+202C; the span is the number alone."""
    wrapped = 0
    for r in records:
        for s in r["spans"]:
            if s["category"] == "TELEFOON" and r["text"][s["start"] - 1 : s["start"]] == "\u202a":
                assert r["text"][s["end"]] == "\u202c"
                assert "\u202a" not in s["text"] and "\u202c" not in s["text"]
                wrapped += 1
    assert wrapped >= 10


def test_foreign_phone_numbers(records):
    phones = [s["text"] for s in spans(records, "TELEFOON")]
    for prefix in ("+90", "+36", "+48", "+34", "+355"):
        assert any(p.startswith(prefix) for p in phones), prefix
    assert any(re.match(r"06-\d{1,2}/\d{3}", p) for p in phones)  # Hungarian domestic 06-1/234 5678, 06-30/123-4567
    assert any(re.fullmatch(r"0 \(\d{3}\) .+", p) for p in phones)  # Turkish 0 (212) …


def test_hungarian_dates_and_suffixes(records):
    """Hungarian writes year first with a closing dot (kept outside the span) and glues a suffix to a tooth."""
    hu = [
        (r, s)
        for r in records
        for s in r["spans"]
        if s["category"] in ("DATUM", "GEBOORTEDATUM")
        and re.fullmatch(r"\d{4}\. ?(\d{2}\. \d{2}|\w+ \d{1,2})|\d{4}\.\d{2}\.\d{2}", s["text"])
    ]
    assert len(hu) >= 10
    for r, s in hu:
        assert r["text"][s["end"]] == "." and not s["text"].endswith(".")
    text = "".join(r["text"] for r in records)
    assert re.search(r"\b\d{2}-(os|es|ös|as) régió", text)


def test_polish_notations(records):
    """``r.`` (roku) after a date stays outside; inflected city names are whole-token places; NRB account numbers."""
    text = "".join(r["text"] for r in records)
    assert re.search(r"\d{4} r\.", text)
    places = {s["text"] for s in spans(records, "LOCATIE")}
    assert places & {"Szczecinie", "Poznaniu"}
    assert any(re.fullmatch(r"\d{2}( \d{4}){6}", s["text"]) for s in spans(records, "IBAN"))
    assert any(re.fullmatch(r"\d{2}-\d{3}", s["text"]) for s in spans(records, "POSTCODE"))  # 70-482


def test_turkish_notations(records):
    """Names in Turkish capitals (dotted İ), ``hanım``/``bey`` after a name outside the span, district/city pairs."""
    names = [s["text"] for s in spans(records, "PERSOON")]
    assert sum("İ" in n for n in names) >= 10
    assert all(not n.endswith((" hanım", " bey", " Hanım", " Bey")) for n in names)
    text = "".join(r["text"] for r in records)
    assert re.search(r"\w+ (hanım|bey) vindt", text)
    assert any(
        r["text"][s["end"] : s["end"] + 1] == "/" for r in records for s in r["spans"] if s["category"] == "LOCATIE"
    )


def test_turkish_case_endings_stay_outside(records):
    """``İstanbul'daki``, ``Yılmaz'ın``: the apostrophe and the case ending are not part of the place or name."""
    glued = [
        (r["text"][s["end"] : s["end"] + 5], s)
        for r in records
        for s in r["spans"]
        if s["category"] in ("LOCATIE", "PERSOON") and r["text"][s["end"] : s["end"] + 1] == "'"
    ]
    assert len({s["category"] for _, s in glued}) == 2
    for tail, s in glued:
        assert re.match(r"'([dt][ae]ki|n?[ıiuü]n )", tail), tail
        assert "'" not in s["text"]


def test_hungarian_name_order_and_spanish_double_surnames(records):
    hu_family = {m for o, m, _ in dev162_corpus.SURNAMES if o == "HU"}
    names = [s["text"] for s in spans(records, "PERSOON")]
    assert any(n.split(" ")[0] in hu_family and len(n.split(" ")) == 2 for n in names)
    es_family = {m for o, m, _ in dev162_corpus.SURNAMES if o == "ES"}
    assert any(len(n.split()) == 3 and n.split()[1] in es_family and n.split()[2] in es_family for n in names)


def test_glued_and_invisible_forms(records):
    """An IBAN grouped with no-break spaces (copied from a PDF invoice); a date inside a WhatsApp file name."""
    assert any("\u00a0" in s["text"] for s in spans(records, "IBAN"))
    img = [
        s
        for r in records
        for s in r["spans"]
        if s["category"] == "DATUM" and r["text"][s["start"] - 4 : s["start"]] == "IMG-"
    ]
    assert img and all(re.fullmatch(r"20\d{6}", s["text"]) for s in img)


def test_journal_paraaf_and_lower_case_names(records):
    """Journal entries are signed with initials such as ``JvdM`` (a name); coordinators typed in lower case."""
    names = [s["text"] for s in spans(records, "PERSOON")]
    assert any(re.fullmatch(r"[A-ZÀ-Ž][a-z]*[A-ZÀ-ŽÇŞİÖÜ]", n) for n in names)
    assert any(n[:1].islower() for n in names)


def test_ages_in_many_languages(records):
    ages = [s["text"] for s in spans(records, "LEEFTIJD")]
    for form in (r"\d+ jr", r"\d+-jarige", r"\d+ jaar", r"\d+ años", r"\d+ y/o|\d+ years", r"\d+ éves", r"\d+"):
        assert any(re.fullmatch(form, a) for a in ages), form


# ---------------------------------------------------------------------------------------------- clinical strings


def test_clinical_strings_present(records):
    kept = set(keeps(records))
    for term in ("CBCT", "BoP+", "C13", "X21", "n. alveolaris inferior", "Temp-Bond", "Bio-Gide 25x25 mm"):
        assert term in kept, term
    assert any(k.startswith(("Straumann ", "Nobel Biocare ", "Osstem ", "MegaGen ", "Nucleoss ")) for k in kept)
    assert any(re.fullmatch(r"\d+ Ncm", k) for k in kept) and any(re.fullmatch(r"ISQ \d+", k) for k in kept)
    assert any(k.startswith(("Cawood & Howell", "Misch D", "Lekholm & Zarb", "Angle klasse")) for k in kept)
    assert any(k in {"Majezik 100 mg", "Klamoks BID 1000 mg", "Parol 500 mg", "Arveles 25 mg"} for k in kept)  # Turkish
    assert any(k in {"Dalacin C 300 mg", "Ketonal 100 mg", "Nimesil 100 mg", "Amoksiklav 1 g"} for k in kept)  # Polish


def test_eponym_and_device_numbers_are_kept_not_spans(records):
    """``Schneider-membraan`` holds a surname of the lists; REF and LOT numbers identify a device, not a person."""
    for r in records:
        for k in r["keep"]:
            assert k["text"] not in {s["text"] for s in r["spans"]}
    kept = keeps(records)
    assert "Schneider-membraan" in kept
    lots = [
        k["text"]
        for r in records
        for k in r["keep"]
        if r["kind"] == "implantaatpaspoort" and re.fullmatch(r"[A-Z0-9.-]{5,}", k["text"])
    ]
    assert len(lots) >= 40
    assert not any(re.fullmatch(r"\d{6,}", k) for k in lots)  # never a bare number an identifier rule must take


def test_elements_are_kept(records):
    kept = keeps(records)
    assert sum(bool(re.fullmatch(r"[1-4][1-8]", k)) for k in kept) >= 400
    assert any(re.fullmatch(r"[1-4][1-8]-[1-4][1-8]", k) for k in kept)
