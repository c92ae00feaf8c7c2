"""The forty-fourth development part (``eval/text/dev44.jsonl``, spoken language turned into text): the committed
file is what its generator writes, every span is exact and disjoint, BSNs and IBANs spoken in words still pass their
checks once read back as digits, phones spoken in words have ten digits, and the spoken shapes the part promises
(numbers in words, in pairs and half in digits, spelt names, corrections, spoken e-mails, dates in words) occur."""

from __future__ import annotations

import re

import pytest

from fixtures.text import corpus, dev44_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the reading back is a second hand's.
_UNITS = ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]
_TEENS = ["tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien"]
_TENS = {2: "twintig", 3: "dertig", 4: "veertig", 5: "vijftig", 6: "zestig", 7: "zeventig", 8: "tachtig", 9: "negentig"}
FILLERS = {"eh", "uhm", "ehm", "eeh", "nou", "ja"}


def _word(n: int) -> str:
    if n < 10:
        return _UNITS[n]
    if n < 20:
        return _TEENS[n - 10]
    if n < 100:
        t, u = divmod(n, 10)
        if not u:
            return _TENS[t]
        joint = "ën" if _UNITS[u][-1] == "e" else "en"
        return _UNITS[u] + joint + _TENS[t]
    h, r = divmod(n, 100)
    return ("" if h == 1 else _UNITS[h]) + "honderd" + (_word(r) if r else "")


VALUE = {_word(n): n for n in range(1000)} | {"één": 1}


def read_back(spoken: str) -> str:
    """Digits (and capital letters) of an identifier said in words, half in digits or written."""
    out = []
    for tok in re.split(r"[\s.\-]+", spoken.strip()):
        if not tok or tok in FILLERS:
            continue
        if tok.isdigit() or tok.isupper():
            out.append(tok)
        else:
            assert tok in VALUE, (tok, spoken)
            out.append(str(VALUE[tok]))
    return "".join(out)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev44_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev44_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev44_corpus.DEFAULT_RECORDS == 240
    assert dev44_corpus.DEFAULT_SEED == 20270444
    assert len(dev44_corpus.KINDS) >= 8
    assert_fields_and_kinds(records, dev44_corpus.KINDS, 240 // len(dev44_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_spans_on_word_bounds_and_names_without_titles(records):
    titles = re.compile(r"^(dhr|mevr|mw|dr|meneer|mevrouw|de heer|tandarts|dokter)\b", re.I)
    for r in records:
        text = r["text"]
        for s in r["spans"]:
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
            if s["category"] == corpus.PERSOON:
                assert not titles.match(s["text"]), (r["id"], s)


def test_bsns_in_words_pass_the_11_proef(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 60
    for b in bsns:
        digits = read_back(b)
        assert bsn_ok(digits) and dev44_corpus.bsn_valid(digits), b
    assert sum(not re.search(r"\d", b) for b in bsns) >= 30  # wholly in words
    assert any(re.search(r"\d", b) and re.search(r"[a-z]", b) for b in bsns)  # half in digits
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns)
    assert dev44_corpus.bsn_valid("123456782") and not dev44_corpus.bsn_valid("123456788")


def test_ibans_pass_mod_97(records):
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 10
    for i in ibans:
        number = read_back(i)
        assert iban_ok(number, {"NL": 18}) and dev44_corpus.iban_valid(number), i
    assert any(re.search(r"[a-z]", i) for i in ibans)  # spoken
    assert dev44_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev44_corpus.iban_valid("NL92ABNA0417164300")


def test_phones_spoken_in_every_way(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 250
    spoken = [p for p in phones if re.search(r"[a-zë]", p)]
    assert len(spoken) >= 120
    for p in spoken:
        text = p.replace("plus eenendertig", "+31")
        digits = read_back(text.replace("+31", "31"))
        assert (len(digits) == 10 and digits[0] == "0") or (len(digits) == 11 and digits.startswith("31")), p
    shapes = {
        "digit by digit": r"nul zes( (een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|nul)){8}",
        "pairs": r"nul zes [a-zë]+(en|ën)[a-z]+ .*",
        "06 twaalf 34 56 78": r"06 (\S+ ){3}\S+",
        "06 then digit words": r"06 [a-zé]+( [a-zé]+){7}",
        "plus eenendertig": r"plus eenendertig .*",
        "filler inside": r".* (eh|uhm|ehm) .*",
    }
    for name, shape in shapes.items():
        assert any(re.fullmatch(shape, p) for p in spoken), name
    assert any(re.search(r"[a-z]", p) and re.search(r"\d", p) for p in phones)  # mixed
    assert any(p.startswith("+31") for p in phones) and any(re.fullmatch(r"0\d{9}", p) for p in phones)


def test_emails_spoken_and_written(records):
    emails = _spans(records, corpus.EMAIL)
    spoken = [e for e in emails if "@" not in e]
    assert len(spoken) >= 80 and any("@" in e for e in emails)
    for e in spoken:
        assert re.search(r" (apenstaartje|apestaartje|at) ", e) and " punt " in e, e
    assert any(" underscore " in e or " liggend streepje " in e for e in spoken)


def test_names_spelt_and_corrected(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 700
    assert any(re.fullmatch(r"[a-z](-[a-z]){2,}", n) for n in names)  # k-o-k
    assert any(re.fullmatch(r"[A-Z]( [A-Z]){2,}", n) for n in names)  # K O K
    assert any(re.fullmatch(r"[A-Z] van [A-Z][a-z]+(, [A-Z] van [A-Z][a-z]+)+", n) for n in names)  # spelling alphabet
    assert any(n.islower() and " " in n for n in names)
    texts = "\n".join(r["text"] for r in records)
    for said in (" nee ", "met dubbel s", " van Victor", "apenstaartje", "nieuwe regel", " komma ", " eh "):
        assert said in texts, said
    corrected = 0
    for r in records:
        ps = [s for s in r["spans"] if s["category"] == corpus.PERSOON]
        for a, b in zip(ps, ps[1:]):
            between = r["text"][a["end"] : b["start"]]
            if re.fullmatch(r" (nee|nee sorry|eh nee|ik bedoel|sorry|moet zijn) ", between):
                corrected += 1
    assert corrected >= 15


def test_dates_ages_and_addresses_in_words(records):
    dobs = _spans(records, corpus.GEBOORTEDATUM)
    months = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    assert any(re.fullmatch(rf"[a-zë]+ ({months}) negentien[a-zë ]+", d) for d in dobs)  # drie maart negentien ...
    assert any(re.fullmatch(rf"[a-zë]+ ({months}) tweeduizend( [a-zë]+)?", d) for d in dobs)
    assert any(re.fullmatch(rf"[a-z]+(ste|de) ({months}) .+", d) for d in dobs)  # ordinal day
    assert any(re.fullmatch(r"[a-zë]+ [a-zë]+ [a-zë]+", d) and not re.search(months, d) for d in dobs)  # drie drie ..
    assert any(re.fullmatch(r"\d\d-\d\d-\d{4}", d) for d in dobs)
    ages = _spans(records, corpus.LEEFTIJD)
    assert any(re.fullmatch(r"[a-zë]+ jaar", a) for a in ages)
    addresses = _spans(records, corpus.ADRES)
    assert sum(bool(re.search(r" (nummer )?[a-zë]+( a| b| bis| huis| twee hoog| A| B)?$", a)) for a in addresses) >= 50
    assert any(re.search(r" \d+[a-zA-Z]?$", a) for a in addresses)
    postcodes = _spans(records, corpus.POSTCODE)
    assert any(re.fullmatch(r"[a-z]+ [a-z]+ [a-z] [a-z]", p) for p in postcodes)  # twaalf dertien a b
    assert any(re.fullmatch(r"\d{4} [A-Z] van [A-Z][a-z]+ [A-Z] van [A-Z][a-z]+", p) for p in postcodes)
    assert any(re.fullmatch(r"\d{4} ?[A-Za-z]{2}", p) for p in postcodes)


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 600
    assert any(re.fullmatch(r"(element|kies|tand|de) [a-zë]+( [a-zë]+)?", k) for k in keep)  # element in words
    assert any(re.fullmatch(r"(element|kies|tand|de) \d\d", k) for k in keep)
    assert any(re.fullmatch(r"\w+ [a-z]+ milligram", k) for k in keep)
    assert any(re.fullmatch(r"\w+ \d+ mg", k) for k in keep)
    spans = sum(len(r["spans"]) for r in records)
    assert 3000 <= spans <= 6000
