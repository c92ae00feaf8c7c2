"""The seventeenth development part (``eval/text/dev17.jsonl``, spoken and self-typed text): the committed file is what
its generator writes, ids are unique, every span is exact and disjoint, names carry no title and sit on word bounds,
BSNs pass the 11-proef and IBANs mod-97 also when they are spoken in words, spoken phones, postcodes, patient numbers
and e-mails read back to their typed shapes, and every kind holds its share."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev17_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|dokter|patiënte?|pt|moeder|zoon|dochter)\s",
    re.I,
)
_UNITS = "nul een twee drie vier vijf zes zeven acht negen".split()
_TEENS = "tien elf twaalf dertien veertien vijftien zestien zeventien achttien negentien".split()
_TENS = dict(zip("twintig dertig veertig vijftig zestig zeventig tachtig negentig".split(), range(20, 100, 10)))
MONTHS = "januari februari maart april mei juni juli augustus september oktober november december".split()


def _word_value(word: str) -> tuple[int, int] | None:
    """A Dutch number word below a thousand as (value, digits it stands for), or None when it is no number."""
    w = word.replace("ë", "e")
    total, width = 0, 1
    if "honderd" in w:
        head, w = w.split("honderd", 1)
        if head and head not in _UNITS:
            return None
        total, width = 100 * (_UNITS.index(head) if head else 1), 3
        if not w:
            return total, width
    if w in _UNITS:
        return total + _UNITS.index(w), width
    if w in _TEENS:
        return total + 10 + _TEENS.index(w), max(width, 2)
    if w in _TENS:
        return total + _TENS[w], max(width, 2)
    for tens, value in _TENS.items():
        if w.endswith("en" + tens) and w[: -len("en" + tens)] in _UNITS:
            return total + value + _UNITS.index(w[: -len("en" + tens)]), max(width, 2)
    return None


def _read_back(spoken: str) -> str:
    """What a spoken identifier says, digits and letters only: 'n l eenennegentig a b n a ...' -> 'NL91ABNA...'."""
    out = []
    for token in re.findall(r"[a-zë]+|\d+", spoken.lower()):
        if token.isdigit():
            out.append(token)
            continue
        value = _word_value(token)
        if value is None:
            out.append(token.upper())
        else:
            out.append(str(value[0]).zfill(value[1]))
    return "".join(out)


def _spoken(s: str) -> bool:
    return any(_word_value(t) is not None for t in re.findall(r"[a-zë]+", s.lower()))


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev17_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev17_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev17_corpus.DEFAULT_RECORDS == 240
    assert dev17_corpus.DEFAULT_SEED == 20261219
    assert len(dev17_corpus.KINDS) == 12
    assert_fields_and_kinds(records, dev17_corpus.KINDS, 240 // len(dev17_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)  # in the writer's order


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
                assert not s["text"].endswith((",", ".,", ":")), (r["id"], s)


def test_bsns_typed_and_spoken_pass_the_11_proef(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 30
    spoken = [b for b in bsns if _spoken(b)]
    assert len(spoken) >= 6 and len(bsns) - len(spoken) >= 15
    for b in bsns:
        digits = _read_back(b)
        assert re.fullmatch(r"\d{9}", digits), b
        assert bsn_ok(digits) and dev17_corpus.bsn_valid(digits), b
    typed = [b for b in bsns if not _spoken(b)]
    assert any(re.fullmatch(r"\d{9}", b) for b in typed) and any(re.search(r"[ .-]", b) for b in typed)
    # the generator's own check says no to what is wrong
    assert dev17_corpus.bsn_valid("123456782") and not dev17_corpus.bsn_valid("123456788")


def test_ibans_typed_and_spoken_pass_mod_97(records):
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 10
    assert any(_spoken(i) for i in ibans)
    for i in ibans:
        assert iban_ok(_read_back(i), {"NL": 18}) and dev17_corpus.iban_valid(_read_back(i)), i
    assert any(i == i.lower() for i in ibans) and any(" " not in i for i in ibans)
    assert dev17_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev17_corpus.iban_valid("NL92ABNA0417164300")


def test_phones_typed_and_spoken_read_back_to_ten_digits(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 350
    spoken = [p for p in phones if _spoken(p)]
    assert len(spoken) >= 40
    assert any(re.search(r"\d", p) for p in spoken)  # half in digits, half in words
    for p in phones:
        digits = _read_back(p.replace("(0)", ""))
        if digits.startswith("0031"):
            digits = "0" + digits[4:]
        elif p.startswith("+31"):
            digits = "0" + digits[2:]
        assert re.fullmatch(r"0[1-9]\d{8}", digits), (p, digits)
    mobile = [p for p in phones if _read_back(p).startswith("06")]
    assert len(mobile) >= 250 and len(phones) - len(mobile) >= 20  # landlines too
    for shape in (
        r"06-\d{8}",
        r"06 \d{4} \d{4}",
        r"\+31 ?6 ?\d.*",
        r"0031 6 .*",
        r"\(06\) \d{8}",
        r"06\.\d\d\.\d\d\.\d\d\.\d\d",
    ):
        assert any(re.fullmatch(shape, p) for p in phones), shape


def test_addresses_postcodes_and_patient_numbers(records):
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 40
    for p in postcodes:
        back = _read_back(p)
        assert re.fullmatch(r"[1-9]\d{3}[A-Z]{2}", back), p
        assert back[-2:] not in ("SA", "SD", "SS"), p
    assert any(_spoken(p) for p in postcodes) and any(re.fullmatch(r"\d{4}[a-z]{2}", p) for p in postcodes)
    addresses = _spans(records, corpus.ADRES)
    assert len(addresses) >= 80
    assert sum(_spoken(" ".join(a.split()[1:])) for a in addresses) >= 5  # 'kerkstraat twaalf'
    assert any(a == a.lower() for a in addresses)  # typed by the patient
    assert any(re.search(r"str\.|ln\.", a) for a in addresses)  # abbreviated
    assert any(re.search(r"\d(-II| hs| bis|[a-zA-Z])$", a) for a in addresses)
    texts = "\n".join(r["text"] for r in records)
    assert "ik woon nu op " in texts or "ik woon op de " in texts
    numbers = _spans(records, corpus.PATIENTNUMMER)
    assert len(numbers) >= 70
    for n in numbers:
        assert re.fullmatch(r"(P|PT)?\d{4,6}", _read_back(n)), n
    assert sum(_spoken(n) for n in numbers) >= 5


def test_dates_of_birth_typed_and_spoken(records):
    dobs = _spans(records, corpus.GEBOORTEDATUM)
    assert len(dobs) >= 150
    spoken = [d for d in dobs if _spoken(d)]
    assert len(spoken) >= 25
    assert any(re.search(r"negentien ?honderd|negentien [a-z]+tig|tweeduizend", d) for d in spoken)
    for shape in (
        r"\d{1,2}-\d{1,2}-\d{4}",
        r"\d{1,2}/\d{1,2}/\d\d",
        r"\d{8}",
        r"\d{1,2} [a-z]+ '?\d\d",
        r"\d{4}-\d\d-\d\d",
    ):
        assert any(re.fullmatch(shape, d) for d in dobs), shape
    for d in dobs:
        assert re.search(r"\d", d) or any(m in d for m in MONTHS) or _spoken(d), d


def test_emails_typed_and_spoken(records):
    emails = _spans(records, corpus.EMAIL)
    assert len(emails) >= 70
    spoken = [e for e in emails if "@" not in e or " punt " in e]
    assert len(spoken) >= 15
    for e in emails:
        address = e
        if e in spoken:
            address = re.sub(r" (at|apenstaartje|apestaartje|@) ", "@", e)
            address = address.replace(" punt ", ".").replace(" underscore ", "_")
            address = re.sub(r" (streepje|min) ", "-", address)
            address = re.sub(
                r"[a-zë]+",
                lambda m: str(_word_value(m.group(0))[0]) if _word_value(m.group(0)) else m.group(0),
                address,
            )
            address = address.replace(" ", "")
        assert re.fullmatch(r"[A-Za-z0-9._-]+ ?@ ?[a-z0-9.-]+\.(nl|com)", address), (e, address)


def test_names_as_people_say_and_type_them(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 900
    lower = [n for n in names if n == n.lower() and any(c.isalpha() for c in n)]
    assert len(lower) >= 200
    assert any(" van " in f" {n} " or " de " in f" {n} " or "'t" in n for n in lower)  # particles in lower case
    assert any(re.search(r"[ąćęłńóśźżığüşçöéë]", n) for n in names)
    words_ = {"roos", "mei", "juni", "storm", "bakker", "visser", "post", "kok", "de wit", "koster", "winter", "kroon"}
    assert sum(n.lower() in words_ or n.lower().split()[-1] in words_ for n in names) >= 20
    assert any(re.fullmatch(r"[A-ZÀ-Ý'-]{2,}, [A-Z](\.[A-Z])?\.( [a-z' ]+)?", n) for n in names)  # KOVALENKO, D.
    spelt = [
        n for n in names if re.fullmatch(r"([a-z] ){2,}[a-z]|([a-z]-){2,}[a-z]|([A-Z]\.){2,}|([A-Z] ){2,}[A-Z]", n)
    ]
    assert len(spelt) >= 5
    assert any(re.fullmatch(r"[A-Z][a-z]?[a-z]*[A-Z]", n) and len(n) <= 4 for n in names)  # initials signing ('SvdM')
    # a misheard name and its correction, both names
    corrected = 0
    for r in records:
        people = [s for s in r["spans"] if s["category"] == corpus.PERSOON]
        for a, b in zip(people, people[1:]):
            if re.fullmatch(r" (nee|correctie|sorry ik bedoel|herstel|nee sorry) ", r["text"][a["end"] : b["start"]]):
                corrected += 1
    assert corrected >= 3


def test_genre_marks(records):
    by_kind: dict[str, str] = {}
    for r in records:
        by_kind[r["kind"]] = by_kind.get(r["kind"], "") + "\n" + r["text"]
    dictation = by_kind["spraakdictaat"]
    for mark in (" komma ", " punt ", "nieuwe regel", "dubbele punt"):
        assert mark in dictation, mark
    portal = by_kind["portaalbericht"]
    assert "mvg" in portal and ("gr " in portal or "groetjes" in portal)
    assert "ozturk" in portal.lower() or "yilmaz" in portal.lower() or re.search(r"\bik\b", portal)
    assert any(w in portal for w in ("mien", "miene", "hedde", "myn", "wiej"))  # dialects
    assert re.search(r"[😣🙈😭👍🙏]", by_kind["app_bericht"] + portal)
    assert "eh " in by_kind["voicemail"] or "uhm " in by_kind["voicemail"]
    assert "tolk" in by_kind["tolkgesprek"] and "AGB" in by_kind["waarnemer_overdracht"]


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 500
    assert sum(len(r["keep"]) >= 1 for r in records) >= 0.5 * len(records)
    spoken_elements = [
        k for k in keep if re.fullmatch(r"(element|de|kies|tand) [a-zë]+", k.lower()) and _spoken(k.split()[1])
    ]
    assert len(spoken_elements) >= 15
    assert any(re.fullmatch(r"(element|el\.|elem|de|kies|tand) [1-8][1-8]", k) for k in keep)
    assert any(re.search(r"\d+ ?(mg|mcg|ppm)\b", k) for k in keep)
    assert any(re.search(r"(honderd|duizend) milligram", k) for k in keep)
    assert any(re.fullmatch(r"[ACEHMRVXJ]\d\d", k) for k in keep)  # treatment codes
    assert any("klasse" in k.lower() for k in keep)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 900,
        corpus.TELEFOON: 350,
        corpus.DATUM: 300,
        corpus.INSTELLING: 150,
        corpus.GEBOORTEDATUM: 150,
        corpus.LOCATIE: 100,
        corpus.LEEFTIJD: 80,
        corpus.EMAIL: 70,
        corpus.ADRES: 80,
        corpus.PATIENTNUMMER: 70,
        corpus.POSTCODE: 40,
        corpus.BSN: 30,
        corpus.AGB: 15,
        corpus.IBAN: 8,
        corpus.POLISNUMMER: 10,
        corpus.UZI: 5,
        corpus.URL: 3,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
    direct = sum(categories[c] for c in corpus.DIRECT_IDENTIFIERS)
    assert 5 * len(records) <= direct <= 10 * len(records)
