"""Evaluation part dev154 (dental care for people with disabilities): the committed file is its generator's output,
the annotations are exact, the identifiers pass their checksums (by this test's own hand), and the theme's own
identifiers, clinical strings and notations are where the part says they are."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus_file
from fixtures.text import dev154_corpus as part
from tests.text import annotated_parts

PER_KIND = 240 // len(part.KINDS)


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in part.PATH.read_text(encoding="utf-8").splitlines()]


def _digits(s: str) -> str:
    """ASCII digits of an identifier typed with any spaces, soft hyphens or fullwidth digits."""
    return "".join(c for c in unicodedata.normalize("NFKC", s) if c.isdigit())


def _covered(r: dict, start: int, end: int, *, keep: bool = False) -> list[dict]:
    pool = r["spans"] + (r["keep"] if keep else [])
    return [s for s in pool if s["start"] <= start and end <= s["end"]]


def test_committed_file_is_the_generators_output(records):
    expected = part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED)
    assert part.PATH.read_text(encoding="utf-8") == corpus_file.dumps(expected)
    assert len(records) == part.DEFAULT_RECORDS == 240


def test_seeded_and_prefix_stable(records):
    assert part.generate(40, part.DEFAULT_SEED) == records[:40]
    assert part.generate(7, part.DEFAULT_SEED) == part.generate(7, part.DEFAULT_SEED)
    assert [r["text"] for r in part.generate(5, part.DEFAULT_SEED + 1)] != [r["text"] for r in records[:5]]


def test_contract_and_kinds(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)
    annotated_parts.assert_fields_and_kinds(records, part.KINDS, PER_KIND)
    assert len(part.KINDS) == 12 and PER_KIND == 20
    for i, r in enumerate(records):
        assert r["id"] == f"dev154-{i + 1:04d}"
        assert r["kind"] == part.KINDS[i % len(part.KINDS)]
        assert 300 <= len(r["text"]) <= 1500, (r["id"], len(r["text"]))


def test_spans_on_word_boundaries(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            before = text[s["start"] - 1] if s["start"] else " "
            after = text[s["end"]] if s["end"] < len(text) else " "
            assert not before.isalnum() and not after.isalnum(), (r["id"], s, before, after)


def _bsn_11_proef(number: str) -> bool:
    if len(number) != 9 or not number.isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(number[:8], range(9, 1, -1))) - int(number[8])
    return total % 11 == 0


def _iban_mod97(iban: str) -> bool:
    s = "".join(c for c in unicodedata.normalize("NFKC", iban) if c.isalnum()).upper()
    lengths = {"NL": 18, "BE": 16, "DE": 22}
    if lengths.get(s[:2]) != len(s):
        return False
    rest = 0
    for c in s[4:] + s[:4]:
        for d in str(int(c, 36)):
            rest = (rest * 10 + int(d)) % 97
    return rest == 1


def test_bsns_pass_the_11_proef(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == "BSN"]
    assert bsns
    for text in bsns:
        assert _bsn_11_proef(_digits(text)), text
        assert annotated_parts.bsn_ok(_digits(text)), text


def test_ibans_pass_mod_97(records):
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert ibans
    for text in ibans:
        assert _iban_mod97(text), text
        plain = unicodedata.normalize("NFKC", text)
        assert annotated_parts.iban_ok(plain, {"NL": 18, "BE": 16, "DE": 22}), text
    countries = Counter(unicodedata.normalize("NFKC", t)[:2].upper() for t in ibans)
    assert countries["BE"] >= 1 and countries["DE"] >= 1 and countries["NL"] > 40


def test_counts_are_pinned(records):
    spans = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(spans) == {
        "ADRES": 184,
        "AGB": 50,
        "BSN": 48,
        "DATUM": 441,
        "EMAIL": 130,
        "GEBOORTEDATUM": 191,
        "IBAN": 53,
        "INSTELLING": 404,
        "LEEFTIJD": 39,
        "LOCATIE": 221,
        "PATIENTNUMMER": 167,
        "PERSOON": 1055,
        "POLISNUMMER": 10,
        "POSTCODE": 172,
        "TELEFOON": 310,
        "URL": 13,
        "UZI": 10,
    }
    assert sum(spans.values()) == 3498
    assert sum(len(r["keep"]) for r in records) == 963


def test_theme_identifiers_annotated_wherever_they_recur(records):
    """Interpreter requests, CIZ decisions, court cases, Valys passes, UZI numbers and client numbers are personal
    case numbers; each value is annotated at every place it stands, and so is every name, number and address."""
    patterns = {
        r"\b(?:TC|TA|OPD)-\d{4}-\d{6}\b": "PATIENTNUMMER",
        r"\bC/\d\d/\d{6}(?: /)? (?:FA|BM) RK \d\d-\d{4}\b": "PATIENTNUMMER",
        r"(?<=Valys-pasnummer )\d{7}\b": "PATIENTNUMMER",
        r"(?<=kenmerk )[\w-]+\d\b": "PATIENTNUMMER",
        r"(?<=Ons kenmerk: )[\w-]+\d\b": "PATIENTNUMMER",
        r"(?<=UZI )\d{9}\b": "UZI",
        r"(?<=Cliëntnummer: )[\w-]+\b": "PATIENTNUMMER",
    }
    found = Counter()
    for r in records:
        for pattern, category in patterns.items():
            for m in re.finditer(pattern, r["text"]):
                hits = _covered(r, m.start(), m.end())
                assert hits and hits[0]["category"] in (category, "URL", "EMAIL"), (r["id"], m.group(0))
                found[pattern] += 1
    assert all(found[p] for p in patterns), found
    # a value annotated once is annotated wherever it recurs in its record (also inside an e-mail or URL)
    direct = {"PERSOON", "PATIENTNUMMER", "BSN", "EMAIL", "TELEFOON", "IBAN", "ADRES", "POSTCODE", "UZI", "AGB"}
    for r in records:
        words = set()
        for s in r["spans"]:
            if s["category"] == "PERSOON":
                words |= {
                    w
                    for w in re.findall(r"[^\W\d_][\w'-]+", s["text"])
                    if len(w) > 2 and w.lower() not in ("van", "der", "den", "ter", "ten")
                }
            elif s["category"] in direct and len(s["text"]) > 3:
                words.add(s["text"])
        for w in words:
            for m in re.finditer(r"(?<!\w)" + re.escape(w) + r"(?!\w)", r["text"]):
                assert _covered(r, m.start(), m.end(), keep=True), (r["id"], w)


def test_clinical_strings_kept_and_never_inside_a_span(records):
    listed = {c.lower() for group in part.CLINICAL.values() for c in group}
    element = re.compile(r"[1-4][1-8]|[5-8][1-5]")
    kept = Counter()
    for r in records:
        for k in r["keep"]:
            assert k["text"].lower() in listed or element.fullmatch(k["text"]), (r["id"], k)
            assert not _covered(r, k["start"], k["end"]), (r["id"], k)
            kept[k["text"]] += 1
        # every listed clinical string in the text is kept where it stands
        for c in {c for group in part.CLINICAL.values() for c in group}:
            for m in re.finditer(r"(?<!\w)" + re.escape(c) + r"(?!\w)", r["text"]):
                assert any(k["start"] <= m.start() and m.end() <= k["end"] for k in r["keep"]), (r["id"], c)
    # eponyms and theme words that look like names survive
    for word in ("NGT", "Wlz", "syndroom van Usher", "Pierre Robin-sequentie", "Wolf-Hirschhorn-syndroom"):
        assert kept[word] >= 1, word
    assert sum(n for t, n in kept.items() if t.startswith(("ASA", "Mallampati", "Frankl", "Aldrete", "Ramsay"))) > 50
    assert sum(n for t, n in kept.items() if re.fullmatch(r"[ACHMUVX]\d\d", t)) > 200


def test_notations_present(records):
    spans = [(r, s) for r in records for s in r["spans"]]
    texts = [s["text"] for _, s in spans]

    def count(pred) -> int:
        return sum(1 for t in texts if pred(t))

    assert count(lambda t: "\u00a0" in t) >= 20
    assert count(lambda t: "\u202f" in t) >= 5
    assert count(lambda t: "\u200b" in t) >= 5
    assert count(lambda t: "\u00ad" in t) >= 5
    assert count(lambda t: re.search("[\uff10-\uff19]", t)) >= 5
    assert count(lambda t: "＠" in t) >= 1
    assert any(s["category"] == "EMAIL" and re.search(r",(nl|com)$", s["text"]) for _, s in spans)
    assert any(r["text"][s["end"] : s["end"] + 1] == "_" for r, s in spans)
    assert any(r["text"][s["start"] - 4 : s["start"]] == "BSN:" for r, s in spans if s["category"] == "BSN")
    assert any(r["text"][s["start"] - 7 : s["start"]] == "mailto:" for r, s in spans if s["category"] == "EMAIL")
    assert any(r["text"][s["start"] - 1 : s["start"]] == "<" for r, s in spans if s["category"] == "EMAIL")
    phones = [s["text"] for _, s in spans if s["category"] == "TELEFOON"]
    abroad = Counter(
        m.group(1) for p in phones if (m := re.match(r"(?:\+|00)(32|49|597|599|212|90|48)(?!\d)|(?:\+|00)(5999)", p))
    )
    assert {"32", "49", "212"} <= set(abroad) and len(abroad) >= 5 and sum(abroad.values()) >= 10
    assert any(re.fullmatch(r"(\d ){9}\d", p) for p in phones)  # spelled digit by digit for a screen reader
    names = [s["text"] for _, s in spans if s["category"] == "PERSOON"]
    assert sum(n.isupper() for n in names) > 50
    assert sum(n.islower() for n in names) > 20
    assert sum(bool(re.fullmatch(r"[^,]+, (?:[A-Z]\.)+(?: \w+(?: \w+)?)?", n)) for n in names) > 30
    assert sum(bool(re.fullmatch(r"(?:[A-ZÀ-Ýİ]\.)+ .+", n)) for n in names) > 50
    for r in records:
        if r["kind"] == "agenda_export" and r["text"].startswith("{"):
            json.loads(r["text"])
        if r["kind"] == "vervoersrit" and r["text"].startswith("ritnr;"):
            rows = [line for line in r["text"].splitlines() if line and not line.startswith("#")]
            assert {len(row.split(";")) for row in rows} == {11}
    assert sum(r["text"].startswith("[scan") or "gescand" in r["text"] for r in records) >= 10
    assert any(r["text"].startswith("From:") for r in records)


def test_lists_are_the_parts_own(records):
    assert len({g for g, _, _ in part.GIVEN}) >= 150
    assert len({s for s, _ in part.SURNAMES}) >= 150
    origins = {o.split("-")[0] for _, _, o in part.GIVEN} | {o.split("-")[0] for _, o in part.SURNAMES}
    assert {"nl", "fy", "sr", "an", "ma", "tr", "pl", "zh", "de"} <= origins
