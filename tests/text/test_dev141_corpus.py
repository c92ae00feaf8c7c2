"""dev141 (patient experience at a Dutch dental group): the committed part is its generator's output, and the
gold annotation holds what the part promises (own checksums, word boundaries, theme identifiers, kept clinical
strings, the notations people type)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus_file, dev141_corpus
from tests.text import annotated_parts


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in dev141_corpus.PATH.read_text(encoding="utf-8").splitlines()]


# ---------------------------------------------------------------------------------------------- own checksums


def _plain(s: str) -> str:
    """NFKC (fullwidth digits, no-break spaces) and only letters and digits left."""
    return re.sub(r"[^0-9A-Za-z]", "", unicodedata.normalize("NFKC", s))


def elfproef(number: str) -> bool:
    digits = _plain(number)
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1)))
    return total % 11 == 0


IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "PL": 28, "TR": 26, "UA": 29, "FR": 27}


def mod97(iban: str) -> bool:
    s = _plain(iban).upper()
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    moved = s[4:] + s[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


def test_own_checks_know_good_from_bad() -> None:
    assert elfproef("111222333") and elfproef("1112.22.333") and not elfproef("111222334")
    assert mod97("NL91 ABNA 0417 1643 00") and not mod97("NL91 ABNA 0417 1643 01")
    assert mod97("BE68 5390 0754 7034") and not mod97("BE68 5390 0754 7035")


# ------------------------------------------------------------------------------------------------- the file


def test_committed_file_is_the_generators_output(records: list[dict]) -> None:
    assert dev141_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(dev141_corpus.generate())
    assert len(records) == dev141_corpus.DEFAULT_RECORDS == 240
    assert dev141_corpus.DEFAULT_SEED == 20270610


def test_seeded_and_prefix_stable() -> None:
    full = dev141_corpus.generate(60, 99)
    assert dev141_corpus.generate(60, 99) == full
    assert dev141_corpus.generate(17, 99) == full[:17]
    assert dev141_corpus.generate(60, 100) != full


def test_contract(records: list[dict]) -> None:
    annotated_parts.assert_spans_exact_and_disjoint(records)
    assert len(dev141_corpus.KINDS) == 12
    annotated_parts.assert_fields_and_kinds(records, dev141_corpus.KINDS, 20)
    assert [r["id"] for r in records] == [f"dev141-{i:03d}" for i in range(1, 241)]


def test_texts_are_2_to_40_lines(records: list[dict]) -> None:
    for r in records:
        assert 2 <= len(r["text"].splitlines()) <= 40, r["id"]


def _same_class(a: str, b: str) -> bool:
    return (a.isalpha() and b.isalpha()) or (a.isdigit() and b.isdigit())


FORMAT = {"\u00a0", "\u202f", "\u200b", "\u00ad", " "}


def test_spans_start_and_end_on_word_boundaries(records: list[dict]) -> None:
    for r in records:
        t = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            assert a == 0 or not _same_class(t[a - 1], t[a]), (r["id"], s)
            assert b == len(t) or not _same_class(t[b - 1], t[b]), (r["id"], s)
            assert t[a] not in FORMAT and t[b - 1] not in FORMAT, (r["id"], s)


def test_bsn_and_iban_pass_their_checks(records: list[dict]) -> None:
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == "BSN"]
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert bsns and ibans
    for b in bsns:
        assert elfproef(b), b
    for i in ibans:
        assert mod97(i), i


CATEGORY_COUNTS = {
    "PERSOON": 2241,
    "INSTELLING": 654,
    "DATUM": 597,
    "PATIENTNUMMER": 591,
    "LOCATIE": 442,
    "TELEFOON": 387,
    "EMAIL": 328,
    "LEEFTIJD": 241,
    "ADRES": 100,
    "POSTCODE": 84,
    "GEBOORTEDATUM": 68,
    "BSN": 47,
    "AGB": 25,
    "IBAN": 25,
    "URL": 25,
    "POLISNUMMER": 20,
    "UZI": 20,
}
KEEP_COUNT = 641


def test_category_and_keep_counts_are_pinned(records: list[dict]) -> None:
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(counts) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT
    assert 19 <= sum(counts.values()) / len(records) <= 27


# ------------------------------------------------------------------------------------- the theme's identifiers

THEME_IDS = {
    "respondent": re.compile(r"(?i)(?<![0-9a-z])rsp[- ]?\d{6}(?!\d)"),
    "complaint": re.compile(r"(?i)(?<![0-9a-z])kl-?2027[-/]\d{4}(?!\d)"),
    "visit": re.compile(r"(?<![0-9A-Za-z])MG-2027-\d{3}(?!\d)"),
    "patient": re.compile(r"(?i)(?<![0-9a-z])(?:me|dcij|ijd|tmf|tfp)[- ]?\d{6}(?!\d)"),
}


def test_theme_identifiers_are_annotated_wherever_they_occur(records: list[dict]) -> None:
    seen: Counter = Counter()
    for r in records:
        for name, pattern in THEME_IDS.items():
            for m in pattern.finditer(r["text"]):
                seen[name] += 1
                around = [s for s in r["spans"] if s["start"] <= m.start() and m.end() <= s["end"]]
                assert around, (r["id"], m.group())
                cat = around[0]["category"]
                assert cat == "URL" if around[0]["text"].startswith("http") else cat == "PATIENTNUMMER", (r["id"], m)
    assert seen["respondent"] >= 300 and seen["complaint"] >= 40 and seen["visit"] == 20 and seen["patient"] >= 120
    # survey links carry the respondent's token, so the link is personal
    urls = [s["text"] for r in records for s in r["spans"] if s["category"] == "URL"]
    assert sum("?t=RSP" in u for u in urls) >= 10


def test_no_identifier_shaped_text_left_outside_the_gold(records: list[dict]) -> None:
    for r in records:
        t = r["text"]
        spans = r["spans"]

        def covered(a: int, b: int, cats: tuple[str, ...] | None = None, spans: list = spans) -> bool:
            return any(s["start"] <= a and b <= s["end"] and (cats is None or s["category"] in cats) for s in spans)

        for m in re.finditer(r"\d{6,}", t):
            assert covered(m.start(), m.end()), (r["id"], m.group())
        for m in re.finditer(r"[A-Za-z0-9][\w.+-]*@[\w-]+(?:\.[\w-]+)*\.[a-z]+", t):
            assert covered(m.start(), m.end(), ("EMAIL",)), (r["id"], m.group())
        for m in re.finditer(r"https?://\S+", t):
            assert covered(m.start(), m.end(), ("URL",)), (r["id"], m.group())


# ---------------------------------------------------------------------------------------------- clinical strings


def _clinical() -> list[str]:
    lines = (dev141_corpus.DATA / "clinical.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [line.split("\t")[0] for line in lines if line.strip()]


def test_clinical_strings_are_kept_and_never_inside_a_span(records: list[dict]) -> None:
    clinical = _clinical()
    kept = Counter(k["text"] for r in records for k in r["keep"])
    assert set(kept) <= set(clinical)
    assert len(kept) >= 60  # most of the list is used
    for r in records:
        t = r["text"]
        keep = {(k["start"], k["end"]) for k in r["keep"]}
        for c in clinical:
            for m in re.finditer(r"(?<![0-9A-Za-z])" + re.escape(c) + r"(?![0-9A-Za-z])", t):
                inside = [k for k in r["keep"] if k["start"] <= m.start() and m.end() <= k["end"]]
                assert inside, (r["id"], c)
                for s in r["spans"]:
                    assert s["end"] <= m.start() or m.end() <= s["start"], (r["id"], c, s)
        for k in keep:
            assert not any(s["start"] < k[1] and k[0] < s["end"] for s in r["spans"])


def test_look_alikes_are_kept_too(records: list[dict]) -> None:
    kept = {k["text"] for r in records for k in r["keep"]}
    for s in ("amoxicilline 500MG", "pocketdiepte 4-5 mm", "Le Fort I", "Black klasse II", "Kennedy klasse I"):
        assert s in kept, s


# ------------------------------------------------------------------------------------------------- notations


def test_the_notations_people_type_are_present(records: list[dict]) -> None:
    spans = [(r, s) for r in records for s in r["spans"]]

    def n(pred) -> int:
        return sum(1 for r, s in spans if pred(r["text"], s))

    assert n(lambda t, s: "\u00a0" in s["text"]) >= 15
    assert n(lambda t, s: "\u202f" in s["text"]) >= 5
    assert n(lambda t, s: "\u200b" in s["text"]) >= 10
    assert n(lambda t, s: "\u00ad" in s["text"]) >= 10
    assert n(lambda t, s: re.search("[\uff10-\uff19]", s["text"]) is not None) >= 20
    # e-mail followed by an underscore, phone next to mm, glued to a colon, comma, dash or a word
    assert n(lambda t, s: s["category"] == "EMAIL" and t[s["end"] : s["end"] + 1] == "_") >= 5
    assert n(lambda t, s: s["category"] == "TELEFOON" and t[max(0, s["start"] - 3) : s["start"]] == "mm ") >= 1
    assert n(lambda t, s: s["start"] > 0 and t[s["start"] - 1] == ":" and s["category"] != "PERSOON") >= 10
    assert n(lambda t, s: s["start"] > 0 and t[s["start"] - 1] == ":" and s["category"] == "PATIENTNUMMER") >= 5
    assert n(lambda t, s: s["start"] > 0 and t[s["start"] - 1] in ",;" and s["category"] in ("TELEFOON", "EMAIL")) >= 10
    assert n(lambda t, s: s["start"] > 0 and t[s["start"] - 1] == "-" and s["category"] == "BSN") >= 1
    assert n(lambda t, s: s["start"] > 0 and t[s["start"] - 1].isalpha() and s["category"] in ("TELEFOON", "BSN")) >= 5
    # foreign phones, IBANs and postcodes
    assert (
        n(
            lambda t, s: (
                s["category"] == "TELEFOON" and s["text"].startswith("+") and not s["text"].startswith(("+31", "+３１"))
            )
        )
        >= 10
    )
    assert n(lambda t, s: s["category"] == "IBAN" and not _plain(s["text"]).upper().startswith("NL")) >= 3
    assert n(lambda t, s: s["category"] == "POSTCODE" and not re.search("[A-Za-z]", s["text"])) >= 3
    # postcodes in several shapes
    assert n(lambda t, s: s["category"] == "POSTCODE" and re.fullmatch(r"\d{4}[a-z]{2}", s["text"]) is not None) >= 1
    assert n(lambda t, s: s["category"] == "POSTCODE" and "-" in s["text"] and s["text"][-1].isalpha()) >= 1


def test_names_as_people_write_them(records: list[dict]) -> None:
    names = [s["text"] for r in records for s in r["spans"] if s["category"] == "PERSOON"]
    assert sum(", " in x for x in names) >= 50  # surname first
    assert sum(re.match(r"^[A-Z][a-z]?\.", x) is not None for x in names) >= 100  # initials
    assert sum(x == x.lower() and re.search("[a-z]", x) is not None for x in names) >= 10  # lower case
    assert (
        sum(
            x in ("Mei", "Juni", "April", "Roos", "Merel", "Storm", "Post", "Bos", "Appel", "Zomer", "Winter")
            for x in names
        )
        >= 10
    )  # words and months
    for word in ("mevrouw ", "dhr. ", "Tandarts ", "dr. "):
        for r in records:
            for s in r["spans"]:
                assert not s["text"].startswith(word), (r["id"], s)


def test_dates_in_many_notations(records: list[dict]) -> None:
    dates = [s["text"] for r in records for s in r["spans"] if s["category"] in ("DATUM", "GEBOORTEDATUM")]
    shapes = {re.sub(r"[a-z]+", "m", re.sub(r"\d", "9", d)) for d in dates}
    assert len(shapes) >= 15
    assert any(m in d for d in dates for m in corpus_file.MONTHS)
