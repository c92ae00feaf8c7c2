"""The twenty-second development part (``eval/text/dev22.jsonl``, Outlook mail threads and special-care dentistry for
the elderly): the committed file is what its generator writes, every kind holds its share, spans are exact and
disjoint, names carry no title, BSNs pass the 11-proef and IBANs mod-97 (checked here by a second hand), and the
notations the part is about are present: quoted mail headers, mobile quote lines and ``> `` quoting, roepnamen in
brackets, widows' double surnames, the guest-worker generation's names, medication lists with their doses."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev22_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint

TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|drs|mr|wed|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|oma|opa|tante|oom|moeder|vader|"
    r"dochter|zoon|nicht|neef|EVV'er|SO|huisarts|mentor)\s",
    re.I,
)


def _bsn_11(number: str) -> bool:
    digits = re.sub(r"[ .]", "", number)
    if not re.fullmatch(r"\d{9}", digits):
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(c) * w for c, w in zip(digits, weights)) % 11 == 0


def _iban_97(iban: str) -> bool:
    s = iban.replace(" ", "").upper()
    if not re.fullmatch(r"NL\d\d[A-Z]{4}\d{10}", s):
        return False
    moved = s[4:] + s[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev22_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev22_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev22_corpus.DEFAULT_RECORDS == 240
    assert dev22_corpus.DEFAULT_SEED == 20260303
    assert len(dev22_corpus.KINDS) == 8
    assert_fields_and_kinds(records, dev22_corpus.KINDS, 30)
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)
    assert [r["id"] for r in records] == [f"dev22-{i:04d}" for i in range(240)]


def test_generator_is_deterministic():
    assert dev22_corpus.generate(16, 7) == dev22_corpus.generate(16, 7)
    assert dev22_corpus.generate(16, 7) != dev22_corpus.generate(16, 8)


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_names_without_titles_and_on_word_bounds(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
        for s in r["spans"]:
            if s["category"] == corpus.PERSOON:
                assert not TITLES.match(s["text"]), (r["id"], s)
                assert not s["text"].endswith((",", ":", ")")) and "(" not in s["text"], (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 60
    assert all(_bsn_11(b) and dev22_corpus.bsn_valid(b) for b in bsns), bsns
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .]", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 10
    assert all(_iban_97(i) and dev22_corpus.iban_valid(i) for i in ibans), ibans
    assert any(" " in i for i in ibans) and any(" " not in i for i in ibans)
    # the generator's checks say no to what is wrong
    assert dev22_corpus.bsn_valid("111222333") and not dev22_corpus.bsn_valid("111222334")
    assert dev22_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev22_corpus.iban_valid("NL91ABNA0417164301")


def test_phones_postcodes_and_agb(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 300
    for p in phones:
        digits = re.sub(r"\D", "", p)
        national = digits[2:] if p.startswith("+31") else digits[4:] if p.startswith("0031") else digits[1:]
        if p.startswith(("+31", "0031")) and "(0)" in p:
            national = national[1:]
        assert len(national) == 9 and national[0] != "0", p
    for shape in (r"06-\d{8}", r"\+31 6 \d{4} \d{4}", r"\(0\d{2,3}\) \d{6,7}", r"0031 6 \d{8}", r"\+31 \(0\)\d+ .+"):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 150
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS"), p
    assert all(len(re.sub(r"\D", "", a)) == 8 for a in _spans(records, corpus.AGB))


def test_mail_notations(records):
    mails = [r["text"] for r in records if r["kind"].startswith("mail_")]
    assert len(mails) == 120
    joined = "\n".join(mails)
    for marker in (
        "\nVerzonden: ",
        "\nAan: ",
        "\nCC: ",
        "\nOnderwerp: RE: ",
        "-----Oorspronkelijk bericht-----",
        "________________________________",
        "\nSent: ",
        "Verstuurd vanaf mijn iPhone",
        "\nBijlagen: ",
    ):
        assert marker in joined, marker
    assert re.search(r"Op (ma|di|wo|do|vr|za|zo) \d{1,2} \w+\.? \d{4} om \d\d:\d\d schreef .+ <\S+@\S+>:", joined)
    assert re.search(r"^> ?> ", joined, re.M) and re.search(r"^> \S", joined, re.M)
    emails = _spans(records, corpus.EMAIL)
    assert len(emails) >= 300 and all(re.fullmatch(r"[a-z0-9._-]+@[a-z0-9.-]+\.(nl|com)", e) for e in emails)
    # the header date is DATUM without weekday or time
    for r in records:
        for s in r["spans"]:
            if s["category"] == corpus.DATUM:
                assert not re.search(r"\d\d:\d\d|dag\b", s["text"]), s


def test_names_of_the_older_generations(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1500
    texts = "\n".join(r["text"] for r in records)
    # official name, then the roepnaam in brackets
    assert re.search(r"\b(Johanna|Hendrika|Geertruida|Wilhelmina|Johannes|Cornelis) \((\w+)\) \w", texts)
    assert any(re.fullmatch(r"[A-Z][a-z']+(?: [a-z']+)*-(?:[a-z']+ )*[A-Z][a-z]+(?: [A-Z][a-z]+)?", n) for n in names)
    assert re.search(r"wed\. [A-Z]", texts)
    assert any(re.search(r"[ıİşŞçÇğöüÖÜ]", n) for n in names)  # Turkish letters
    assert any(re.search(r"(García|Martínez|Rodríguez|Sánchez|Jiménez|Navarro) [A-Z]", n) for n in names)
    assert any(re.search(r"\bel [A-Z]", n) for n in names)  # Moroccan 'el'
    assert any(re.search(r"Pattinama|Wattimena|Latuheru|Tahapary|Sahetapy|Matulessy|Siahaya", n) for n in names)
    assert any(re.fullmatch(r"[A-Z' -]{3,}, [A-Z][a-zë]+", n) for n in names)  # SURNAME, Given
    assert any(n == n.lower() and " " in n for n in names)  # typed in lower case
    assert any(re.fullmatch(r"[\w' -]+, (?:[A-Z]\.)+(?: [a-z' ]+)?", n) for n in names)  # Surname, J.H. (de)
    assert Counter(n for n in names).most_common(1)[0][1] < 60  # many different people


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 2000
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.8 * len(records)
    assert any(re.fullmatch(r"[A-Z][\w/()\- ]+ \d+(,\d+)? (mg|mcg|E|ml)(/.+)?", k) for k in keep)  # drug with dose
    assert any(re.fullmatch(r"\ddd\d?", k) for k in keep)  # frequency
    assert any(re.fullmatch(r"(element|elem\.|de) \d\d", k) for k in keep)
    assert any(re.fullmatch(r"[CMXHP]\d\d", k) for k in keep)  # NZa codes
    for k in ("Kennedy klasse I", "VP/VP", "Corega Tabs", "Duraphat 5000 ppm", "Ultracain D-S forte 1,7 ml"):
        assert k in keep, k
    assert any(k.startswith(("M. ", "ziekte van ", "syndroom van ")) or k.endswith("-syndroom") for k in keep)
    assert any(k.startswith("prothesestomatitis Newton type") for k in keep)
    medication = [r for r in records if r["kind"] == "medicatieoverzicht"]
    assert all(len(r["keep"]) >= 10 for r in medication)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 1500,
        corpus.DATUM: 500,
        corpus.INSTELLING: 400,
        corpus.EMAIL: 300,
        corpus.TELEFOON: 300,
        corpus.GEBOORTEDATUM: 150,
        corpus.LOCATIE: 150,
        corpus.ADRES: 150,
        corpus.POSTCODE: 150,
        corpus.PATIENTNUMMER: 120,
        corpus.AGB: 60,
        corpus.BSN: 60,
        corpus.LEEFTIJD: 50,
        corpus.URL: 30,
        corpus.POLISNUMMER: 20,
        corpus.IBAN: 10,
        corpus.UZI: 3,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
