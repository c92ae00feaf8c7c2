"""Part dev166 (dental care for adults who cannot decide for themselves, and their legal representatives): the
committed file is the generator's output, the generator is seeded and prefix-stable, the shared contract holds,
identifiers pass their checksums (asked of the shared checks and of the generator's own), counts are pinned, and
the theme's notations and clinical strings are there."""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter

import pytest

from fixtures.text import corpus_file
from fixtures.text import dev166_corpus as part
from tests.text import annotated_parts

PER_KIND = 24
PINNED = {
    "ADRES": 185,
    "AGB": 62,
    "BSN": 53,
    "DATUM": 683,
    "EMAIL": 229,
    "GEBOORTEDATUM": 211,
    "IBAN": 73,
    "INSTELLING": 538,
    "LEEFTIJD": 71,
    "LOCATIE": 355,
    "PATIENTNUMMER": 332,
    "PERSOON": 1272,
    "POLISNUMMER": 24,
    "POSTCODE": 180,
    "TELEFOON": 271,
    "URL": 27,
    "UZI": 11,
}
PINNED_KEEP = 899


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED)


def spans(records: list[dict], category: str | None = None):
    for r in records:
        for s in r["spans"]:
            if category is None or s["category"] == category:
                yield r, s


def test_committed_file_is_the_generators_output(records):
    assert part.PATH.read_text(encoding="utf-8") == corpus_file.dumps(records)
    assert [json.loads(line) for line in part.PATH.read_text(encoding="utf-8").splitlines()] == records


def test_defaults():
    assert part.DEFAULT_RECORDS == 240 and part.DEFAULT_SEED == 20270705
    assert part.PATH.name == "dev166.jsonl" and part.PATH.parent.name == "text"
    assert part.DATA.name == "dev166_data"
    assert 8 <= len(part.KINDS) <= 12 and part.DEFAULT_RECORDS % len(part.KINDS) == 0


def test_seeded_and_prefix_stable(records):
    assert part.generate(40, part.DEFAULT_SEED) == records[:40]
    assert part.record(137, part.DEFAULT_SEED) == records[137]
    assert part.generate(5, part.DEFAULT_SEED + 1) != records[:5]
    assert part.generate(5, part.DEFAULT_SEED + 1) == part.generate(5, part.DEFAULT_SEED + 1)


def test_shared_contract(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)
    annotated_parts.assert_fields_and_kinds(records, part.KINDS, PER_KIND)
    assert [r["id"] for r in records] == [f"dev166-{i:04d}" for i in range(len(records))]


def test_spans_per_text(records):
    counts = [len(r["spans"]) for r in records]
    assert min(counts) >= 8 and max(counts) <= 30
    assert 15 <= statistics.mean(counts) <= 21
    assert all(r["keep"] for r in records)


def test_spans_on_word_boundaries(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            assert not (a > 0 and text[a - 1].isalnum() and text[a].isalnum()), (r["id"], s)
            assert not (b < len(text) and text[b - 1].isalnum() and text[b].isalnum()), (r["id"], s)


def test_titles_and_labels_outside(records):
    for _r, s in spans(records, "PERSOON"):
        assert not re.match(r"(?i)(dhr|mw|mevr|mr|dr|drs|de heer|mevrouw|tandarts|mentor|curator)\b", s["text"]), s
    for _r, s in spans(records):
        assert not re.match(r"(?i)(bsn|tel|iban|agb|uzi|polisnummer|patiëntnr|cliëntnr|zaaknummer|rekestnummer)\b",
                            s["text"]), s  # fmt: skip


def test_checksums(records):
    bsns = [re.sub(r"\D", "", s["text"]) for _, s in spans(records, "BSN")]
    assert len(bsns) == PINNED["BSN"]
    assert all(annotated_parts.bsn_ok(b) and part.bsn_valid(b) for b in bsns)
    ibans = [s["text"] for _, s in spans(records, "IBAN")]
    assert ibans and all(annotated_parts.iban_ok(i, part.IBAN_LENGTHS) and part.iban_valid(i) for i in ibans)
    assert {re.sub(r"[^A-Za-z]", "", i)[:2].upper() for i in ibans} == {"NL", "BE", "DE"}


def test_pinned_counts(records):
    assert dict(Counter(s["category"] for _, s in spans(records))) == PINNED
    assert sum(len(r["keep"]) for r in records) == PINNED_KEEP


def test_hard_notations(records):
    def count(pred) -> int:
        return sum(1 for r, s in spans(records) if pred(r["text"], s))

    # no-break, narrow no-break and zero-width spaces inside numbers
    assert (
        count(lambda t, s: "\u00a0" in s["text"] and s["category"] in ("TELEFOON", "BSN", "IBAN", "POSTCODE", "AGB"))
        >= 20
    )
    assert count(lambda t, s: "\u202f" in s["text"]) >= 10
    assert count(lambda t, s: "\u200b" in s["text"]) >= 10
    # numbers glued to ':' ',' '-'
    for glue in ":,-":
        glued = count(
            lambda t, s, g=glue: (
                s["start"] > 0 and t[s["start"] - 1] == g and (s["text"][0].isdigit() or s["text"][0] == "+")
            )
        )
        assert glued >= 5, glue
    # names: "Achternaam, Voornaam", initials with particles, upper and lower case, names that are words
    assert (
        count(lambda t, s: s["category"] == "PERSOON" and re.fullmatch(r"[^,]+, [A-ZÀ-Ž][a-zà-ž]+.*", s["text"])) >= 80
    )
    assert (
        count(
            lambda t, s: (
                s["category"] == "PERSOON"
                and re.search(r"^(\w\.)+ (van|de|ter|ten|in 't|op den|uit den|van 't)\b", s["text"])
            )
        )
        >= 10
    )
    assert count(lambda t, s: s["category"] == "PERSOON" and s["text"].isupper() and " " in s["text"]) >= 20
    assert count(lambda t, s: s["category"] == "PERSOON" and s["text"].islower()) >= 20
    words = r"\b(Post|Bos|Koning|Winter|Mars|Mei|Juni|April|Roos|Storm)\b"
    assert count(lambda t, s: s["category"] == "PERSOON" and re.search(words, s["text"])) >= 30
    assert count(lambda t, s: s["category"] == "PERSOON" and re.search(r"\w-(de |van |ter )?[A-Z]", s["text"])) >= 30
    # foreign phones and IBANs, e-mails in headers, followed by '_' or with a comma for the last dot
    assert (
        count(
            lambda t, s: s["category"] == "TELEFOON" and re.match(r"(\+|00)(32|49|212|90|48|597|599|380|44)", s["text"])
        )
        >= 15
    )
    assert count(lambda t, s: s["category"] == "IBAN" and s["text"][:2].upper() != "NL") >= 5
    assert (
        count(lambda t, s: s["category"] == "EMAIL" and t[: s["start"]].endswith(("Van: ", "Aan: ", "CC: ", "<"))) >= 40
    )
    assert count(lambda t, s: s["category"] == "EMAIL" and t[s["end"] : s["end"] + 1] == "_") >= 3
    assert count(lambda t, s: s["category"] == "EMAIL" and "," in s["text"]) >= 2
    # dates in many forms, written out too; dates of birth; ages
    dates = [s["text"] for _, s in spans(records, "DATUM")]
    forms = {
        "dd-mm-yyyy": r"\d\d-\d\d-\d{4}",
        "d-m": r"\d{1,2}-\d{1,2}",
        "slash": r"\d\d/\d\d/\d\d",
        "short": r"\d{1,2}/\d{1,2}",
        "dots": r"\d\d\.\d\d\.\d{4}",
        "iso": r"\d{4}-\d\d-\d\d",
        "long": r"\d{1,2} [a-z]+ \d{4}",
        "noyear": r"\d{1,2} [a-z]+",
        "written": r"[a-zë]+ [a-z]+ tweeduizend [a-zë]+",
    }
    for name, rx in forms.items():
        assert sum(1 for d in dates if re.fullmatch(rx, d)) >= 3, name
    assert count(lambda t, s: s["category"] == "LEEFTIJD" and s["text"].endswith("-jarige")) >= 5
    assert count(lambda t, s: s["category"] == "LEEFTIJD" and s["text"].endswith((" jaar", " jr"))) >= 30


def test_theme_notations(records):
    text = "\n".join(r["text"] for r in records)
    for word in ("zaaknummer", "rekestnummer", "kantonrechter", "beschikking", "bewindvoerder", "curator", "mentor",
                 "schriftelijk gemachtigde", "wilsonbekwaam", "Wzd", "stappenplan", "onvrijwillige zorg",
                 "beheerrekening", "t.n.v.", "inz.", "begroting", "ondercuratelestelling", "zorgmachtiging",
                 "Zittingsplaats", "BM VERZ", "FA RK", "Ons kenmerk", "-----Oorspronkelijk bericht-----",
                 "GEEN toestemming", "verzet", "7:465 BW"):  # fmt: skip
        assert word in text, word
    # the court's register letters stay outside the case numbers, the numbers themselves are annotated
    for r in records:
        for m in re.finditer(r"(BM|MT|CU) VERZ|FA RK", r["text"]):
            assert not any(s["start"] <= m.start() < s["end"] for s in r["spans"]), r["id"]
    numbers = [s["text"] for r, s in spans(records, "PATIENTNUMMER") if r["kind"] == "beschikking"]
    assert any(re.fullmatch(r"C/\d\d/\d{6}", n) for n in numbers)
    assert any(re.fullmatch(r"\d\d-\d{4}", n) for n in numbers)
    assert all(s["text"].startswith("Rechtbank ") for r, s in spans(records, "INSTELLING") if "Rechtbank" in s["text"])


def test_clinical_strings(records):
    keep = Counter(k["text"] for r in records for k in r["keep"])
    for must in ("M. Alzheimer", "syndroom van Cornelia de Lange", "syndroom van Korsakov", "Kennedy klasse I",
                 "Black klasse V", "Miller graad 2"):  # fmt: skip
        assert keep[must] >= 1, must
    assert any(re.fullmatch(r"DPSI [234][+-]?", k) for k in keep)
    assert sum(1 for k in keep if re.fullmatch(r"[1-4][1-8]", k)) >= 25  # FDI elements
    assert sum(1 for k in keep if re.fullmatch(r"[ACEHMUVX]\d\d", k)) >= 10  # treatment codes
    assert sum(1 for k in keep if re.search(r"\d+(,\d+)? (mg|g)\b", k)) >= 15  # drugs with their doses
    assert any(re.fullmatch(r"\d+ mm", k) for k in keep) and any(re.fullmatch(r"\d+%", k) for k in keep)
    assert any(k.startswith(("ASA ", "Cawood en Howell")) for k in keep)
    # clinical strings never overlap a gold span (checked above) and never hold a person's name of this part
    names = {r["text"] for r in records for s in r["spans"] if s["category"] == "PERSOON"}
    assert not names & set(keep)


def test_lists():
    lists = part.lists()
    given, surnames = lists["given"], lists["surnames"]
    assert len(given) >= 150 and len(surnames) >= 150
    assert len({o for _, _, o, _ in given}) >= 12 and len({o for _, _, o, _ in surnames}) >= 12
    assert {"Mei", "Juni", "April", "Roos", "Storm"} <= {n for n, _, _, w in given if w}
    assert {"Post", "Bos", "Koning", "Winter", "Mars"} <= {s for _, s, _, w in surnames if w}
    assert {"van der", "ter", "in 't"} <= {p for p, _, _, _ in surnames}
    assert any("-" in s for _, s, _, _ in surnames)
    places = lists["places"]
    assert {"Best", "Beek", "Born"} <= {p for p, _, w in places if w}
    assert {"Ljouwert", "Snits", "Harns"} <= {p for p, _, _ in places}
    assert len({c for _, c, _ in places if c != "NL"}) >= 8
    assert len(lists["streets"]) >= 50 and len(lists["courts"]) >= 10
    assert {"zorg", "bewind", "tand"} <= set(lists["orgs"])
    assert len(lists["clinical"]["code"]) >= 12 and len(lists["clinical"]["diag"]) >= 15
