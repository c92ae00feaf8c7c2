"""Part dev160 (the dental group's telephone: speech-to-text transcripts, voicemail, AI call summaries, callback
notes, queue exports, consent notes, SMS): the committed file is the generator's output, the part keeps the
contract of ``annotated_parts``, and what is particular to it (spoken numbers, spelled names, notations, clinical
strings that look like names) is really there.

The checksums and the reading of spoken Dutch numbers here are written apart from the generator, so a number the
generator reads out wrongly fails its BSN, IBAN or phone check."""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from collections import Counter

from fixtures.text import corpus_file
from fixtures.text import dev160_corpus as part
from tests.text import annotated_parts

RECORDS = part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED)
PER_KIND = part.DEFAULT_RECORDS // len(part.KINDS)

SPANS_PER_CATEGORY = {
    "PERSOON": 995,
    "TELEFOON": 641,
    "DATUM": 544,
    "INSTELLING": 203,
    "LOCATIE": 148,
    "GEBOORTEDATUM": 111,
    "EMAIL": 108,
    "ADRES": 106,
    "POSTCODE": 98,
    "PATIENTNUMMER": 75,
    "BSN": 27,
    "IBAN": 28,
    "LEEFTIJD": 28,
    "URL": 23,
    "AGB": 13,
    "POLISNUMMER": 9,
    "UZI": 8,
}  # 3,165 gold spans
KEEP_STRINGS = 640
DISTINCT_KEEP = 206


# ------------------------------------------------------------------------------------------------ own readers

_DIGIT_WORDS = {
    "nul": 0,
    "een": 1,
    "één": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
}
_TEENS = {
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "dertien": 13,
    "veertien": 14,
    "vijftien": 15,
    "zestien": 16,
    "zeventien": 17,
    "achttien": 18,
    "negentien": 19,
}
_TENS = {
    "twintig": 20,
    "dertig": 30,
    "veertig": 40,
    "vijftig": 50,
    "zestig": 60,
    "zeventig": 70,
    "tachtig": 80,
    "negentig": 90,
}
_COMPOUND = re.compile(r"(een|twee|drie|vier|vijf|zes|zeven|acht|negen)(?:en|ën)(" + "|".join(_TENS) + ")")
_FORMAT = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


def spoken_number(tok: str) -> str | None:
    """A Dutch number word below a hundred as digits (``vierendertig`` -> ``34``), else None."""
    if tok in _DIGIT_WORDS:
        return str(_DIGIT_WORDS[tok])
    if tok in _TEENS:
        return str(_TEENS[tok])
    if tok in _TENS:
        return str(_TENS[tok])
    m = _COMPOUND.fullmatch(tok)
    if m:
        return str(_TENS[m.group(2)] + _DIGIT_WORDS[m.group(1)])
    return None


def read_out(text: str) -> str:
    """Digits (any script, in words or figures) and letters of an identifier as written, read or URL-encoded;
    separators, format characters and ``plus`` dropped."""
    text = urllib.parse.unquote(text)
    text = "".join(c for c in text if c not in _FORMAT)
    out = []
    for tok in re.split(r"[\s.\-/()+,:＋]+", text.lower()):
        if not tok or tok == "plus":
            continue
        said = spoken_number(tok)
        if said is not None:
            out.append(said)
            continue
        for c in tok:
            if unicodedata.category(c) == "Nd":
                out.append(str(unicodedata.digit(c)))
            elif c.isalpha():
                out.append(c.upper())
            else:
                raise AssertionError(f"unexpected {c!r} in {text!r}")
    return "".join(out)


def elfproef(digits: str) -> bool:
    """BSN: the weighted sum 9..2 of the first eight digits equals the ninth modulo 11."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = sum(int(digits[i]) * (9 - i) for i in range(8))
    return total % 11 == int(digits[8])


IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "PL": 28, "TR": 26}


def mod97(iban: str) -> bool:
    """IBAN: the rearranged number, folded digit by digit, leaves 1 modulo 97."""
    if IBAN_LENGTHS.get(iban[:2]) != len(iban):
        return False
    rest = 0
    for c in iban[4:] + iban[:4]:
        for d in str(int(c, 36)):
            rest = (rest * 10 + int(d)) % 97
    return rest == 1


def spans(category: str) -> list[tuple[dict, dict]]:
    return [(r, s) for r in RECORDS for s in r["spans"] if s["category"] == category]


# ------------------------------------------------------------------------------------------------------ tests


def test_module_defaults():
    assert part.DEFAULT_RECORDS == 240 and part.DEFAULT_SEED == 20270629
    assert part.PATH.name == "dev160.jsonl" and part.PATH.parent.name == "text"
    assert part.DATA.name == "dev160_data" and part.DATA.is_dir()
    assert 8 <= len(part.KINDS) <= 12 and len(set(part.KINDS)) == len(part.KINDS)
    assert part.DEFAULT_RECORDS % len(part.KINDS) == 0


def test_committed_file_is_the_generators_output():
    assert part.PATH.read_text(encoding="utf-8") == corpus_file.dumps(RECORDS)


def test_seeded_and_prefix_stable():
    assert part.generate(37, part.DEFAULT_SEED) == RECORDS[:37]
    assert part.generate(10, part.DEFAULT_SEED) == part.generate(10, part.DEFAULT_SEED)
    other = part.generate(10, part.DEFAULT_SEED + 1)
    assert [r["text"] for r in other] != [r["text"] for r in RECORDS[:10]]


def test_contract_of_annotated_parts():
    annotated_parts.assert_spans_exact_and_disjoint(RECORDS)
    annotated_parts.assert_fields_and_kinds(RECORDS, part.KINDS, PER_KIND)
    assert [r["id"] for r in RECORDS] == [f"dev160-{i:04d}" for i in range(1, len(RECORDS) + 1)]


def test_every_kind_and_layout_present():
    markers = {
        "gesprek_transcript": (
            "] medewerker: |] agent: |] spreker 1: |] praktijk: ",
            "Automatische transcriptie",
            '"segmenten"',
        ),
        "voicemail": ("Onderwerp: Nieuwe voicemail", "Voicemailbox ", "Voicemail to e-mail"),
        "ai_samenvatting": ("## Samenvatting telefoongesprek", "SAMENVATTING AI-ASSISTENT", '"call_summary"'),
        "terugbelnotitie": ("^(Terugbellijst|TERUGBELLEN|tb-lijst) ", r"\| tijd \| naam", "^Terugbelverzoek\n"),
        "wachtrij_export": ("^call_id,start", "^Datum;Tijd;", "^# Export gemiste oproepen"),
        "opname_toestemming": ("^Registratie toestemming", r"^\[ivr ", "privacy@"),
        "sms_herinnering": ("^Aan: ", "^verzendlog sms", "^Sjabloon: "),
        "sms_antwoord": ("^Gesprek met ", "/sms/hook", "→ "),
        "spoedlijn": ("^SPOEDLIJN ", "^Triageformulier", "^Voicemail spoedlijn"),
        "asr_correctie": ("^Correcties transcript", "^Steekproef transcripties", "woordenlijst uitbreiden"),
    }
    assert set(markers) == set(part.KINDS)
    for kind, layouts in markers.items():
        texts = [r["text"] for r in RECORDS if r["kind"] == kind]
        assert len(texts) == PER_KIND
        hits = [sum(bool(re.search(m, t)) for t in texts) for m in layouts]
        assert hits == [PER_KIND // 3] * 3, (kind, hits)


def _before_ok(text: str, start: int) -> bool:
    if start == 0 or not text[start - 1].isalnum():
        return True
    head = text[:start]
    return bool(re.search(r"%[0-9A-F]{2}$", head) or re.search(r"(?i)(pnr|bsn|tel)$", head))


def _after_ok(text: str, end: int, category: str) -> bool:
    if end == len(text) or not text[end].isalnum():
        return True
    return category == "EMAIL" and not text[end].isascii()  # an e-mail glued to a non-ASCII letter (issue 17)


def test_spans_and_keep_strings_on_word_bounds():
    for r in RECORDS:
        for s in r["spans"] + r["keep"]:
            assert _before_ok(r["text"], s["start"]), (r["id"], s)
            assert _after_ok(r["text"], s["end"], s["category"]), (r["id"], s)


def test_bsns_pass_the_elfproef_also_when_read_out():
    found = spans("BSN")
    assert found
    spoken = 0
    for r, s in found:
        digits = read_out(s["text"])
        assert elfproef(digits), (r["id"], s)
        assert annotated_parts.bsn_ok(digits)
        spoken += bool(re.search(r"[a-z]{3}", s["text"]))
    assert spoken >= 5


def test_ibans_pass_mod97_also_when_read_out():
    found = spans("IBAN")
    assert found
    countries = Counter()
    for r, s in found:
        iban = read_out(s["text"])
        assert mod97(iban), (r["id"], s)
        assert annotated_parts.iban_ok(iban, IBAN_LENGTHS)
        countries[iban[:2]] += 1
    assert countries["NL"] and len(countries) >= 2


def test_phone_numbers_have_a_phone_numbers_digits():
    words = 0
    for r, s in spans("TELEFOON"):
        d = read_out(s["text"])
        assert d.isdigit(), (r["id"], s)
        if d.startswith("00"):
            assert 11 <= len(d) - 2 <= 13, (r["id"], s)
        elif d.startswith("0"):
            assert len(d) == 10, (r["id"], s)
        elif (
            re.search(r"\+|plus|%2B|＋", s["text"])
            or d.startswith(("31", "32", "49", "90", "212", "48"))
            and len(d) >= 11
        ):
            assert 11 <= len(d) <= 13, (r["id"], s)
        else:  # a spreadsheet dropped the leading zero
            assert len(d) == 9, (r["id"], s)
        words += bool(re.search(r"\b(nul|zes|twaalf|[a-z]+tig)\b", s["text"]))
    assert words >= 80


def test_theme_telephone_of_a_dental_group():
    kind_words = {
        "gesprek_transcript": r"(?i)transcri|segmenten|gesprek",
        "voicemail": r"(?i)voicemail|bericht",
        "ai_samenvatting": r"(?i)samenvatting|call_summary",
        "terugbelnotitie": r"(?i)terugbel|\btb\b|bellen",
        "wachtrij_export": r"(?i)wachtrij|gemiste oproepen",
        "opname_toestemming": r"opname|opgenomen",
        "sms_herinnering": r"(?i)herinnering|sjabloon",
        "sms_antwoord": r"(?i)sms|herinnering",
        "spoedlijn": r"(?i)spoed",
        "asr_correctie": r"(?i)transcript|woordenlijst",
    }
    dental = re.compile(r"(?i)tand|mond|dent|kies|element|gebit|praktijk|afspraak|beugel|extractie|triage|pijn")
    for r in RECORDS:
        assert re.search(kind_words[r["kind"]], r["text"]), r["id"]
    assert sum(bool(dental.search(r["text"]) or r["keep"]) for r in RECORDS) >= 0.98 * len(RECORDS)
    # the machine transcripts are lower case like a recogniser writes them
    segments = []
    for r in RECORDS:
        if r["kind"] != "gesprek_transcript":
            continue
        segments += re.findall(r"^\[\d\d:\d\d\] [^:]+: (.*)$", r["text"], re.M)
        segments += re.findall(r'"tekst": "([^"]*)"', r["text"])
        if r["text"].startswith("Automatische transcriptie"):
            segments.append(r["text"].split("\n\n", 1)[1] if "\n\n" in r["text"] else r["text"].split("\n", 2)[2])
    assert len(segments) > 200
    for seg in segments:
        assert seg == seg.lower(), seg


def test_spoken_forms_are_planted():
    persons = [s["text"] for _, s in spans("PERSOON")]
    alphabet = re.compile(
        r"\b[a-z] van (anton|amsterdam|bernard|cornelis|dirk|daan|eduard|emma|ferdinand|gerard|hendrik|"
        r"henk|izaak|jan|johan|karel|kees|lodewijk|leo|maria|marie|nico|otto|pieter|peter|quotiënt|"
        r"rudolf|rob|simon|sinterklaas|teunis|theo|utrecht|victor|willem|xantippe|ypsilon|zaandam)\b"
    )
    assert sum(bool(alphabet.search(p)) for p in persons) >= 40
    assert (
        sum(
            bool(
                re.fullmatch(
                    r"([a-z]|dubbel [a-z]|lange ij)( ([a-z]|dubbel [a-z]|lange ij|streepje|spatie|los|apart))+", p
                )
            )
            for p in persons
        )
        >= 10
    )  # spelled letter by letter
    emails = [s["text"] for _, s in spans("EMAIL")]
    assert sum("apenstaartje" in e for e in emails) >= 15 and sum(" punt " in e for e in emails) >= 15
    dobs = [s["text"] for _, s in spans("GEBOORTEDATUM")]
    assert (
        sum(
            bool(re.search(r"[a-z]{4,} (" + "|".join(corpus_file.MONTHS) + r") (negentien|tweeduizend|twintig)", d))
            for d in dobs
        )
        >= 10
    )
    postcodes = [s["text"] for _, s in spans("POSTCODE")]
    assert sum(bool(re.search(r"[a-z] van [a-z]+", p)) for p in postcodes) >= 3


def test_notations_planted():
    texts = [r["text"] for r in RECORDS]
    every = "".join(texts)
    span_texts = [s["text"] for r in RECORDS for s in r["spans"]]
    assert sum("\u00a0" in s for s in span_texts) >= 5  # no-break space
    assert sum("\u202f" in s for s in span_texts) >= 5  # narrow no-break space
    assert sum("\u200b" in s for s in span_texts) >= 10  # zero-width space
    assert sum("\u00ad" in s for s in span_texts) >= 5  # soft hyphen inside a name
    assert sum(bool(re.search("[\uff10-\uff19]", s)) for s in span_texts) >= 10  # fullwidth digits
    assert sum(bool(re.search("[\u0660-\u0669]", s)) for s in span_texts) >= 2  # Arabic-Indic digits
    assert re.search(r"tel:\(?\d", every) and re.search(r"bsn:\d", every) and re.search(r"pnr\d", every)
    assert re.search(r"[a-z]@[a-z0-9.-]+\.[a-z]{2,}_", every)  # e-mail followed by an underscore
    assert re.search(r"@[a-z0-9.-]+\.[a-z]{2,}én", every)  # ... by a non-ASCII letter
    assert any(re.fullmatch(r"\S+@\S+,(nl|com|be)", s) for s in span_texts)  # last dot typed as a comma
    assert sum("%20" in s for s in span_texts) >= 3 and sum(s.startswith("%2B") for s in span_texts) >= 10
    assert re.search(r"\d mm (0\d{9}|\+\d{11,13}) ", every)  # a phone right after a measurement


def test_clinical_keep_strings():
    keep = [k["text"] for r in RECORDS for k in r["keep"]]
    rows = [
        line.split("\t")
        for line in (part.DATA / "clinical.tsv").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    known = {row[0] for row in rows} | {a for row in rows for a in row[1].split("|")}
    codes = {
        "C11",
        "C13",
        "X10",
        "H11",
        "M03",
        "V92",
        "A10",
        "E13",
        "c11",
        "c13",
        "x10",
        "h11",
        "m03",
        "v92",
        "a10",
        "e13",
        "DPSI 3-",
        "DPSI 4",
        "DPSI 3+",
        "2 g amoxicilline",
    }
    teeth = {str(q * 10 + e) for q in (1, 2, 3, 4) for e in range(1, 9)}

    def is_tooth(k: str) -> bool:  # element 36, el. 36, 36, element zesendertig, zesendertig (FDI)
        m = re.fullmatch(r"(element |el\. )?(\S+)", k)
        return bool(m) and read_out(m.group(2)) in teeth

    def is_spoken_code(k: str) -> bool:  # "c dertien", "m nul drie" as the recogniser writes a treatment code
        m = re.fullmatch(r"([a-z]) ([a-zë ]+)", k)
        return bool(m) and m.group(1).upper() + read_out(m.group(2)) in codes

    for k in map(urllib.parse.unquote, keep):  # the SMS gateway logs its bodies URL-encoded
        assert k in known or k in codes or re.fullmatch(r"\d mm", k) or is_tooth(k) or is_spoken_code(k), k
    # strings that look like names, places or words but are clinical, as typed and as mis-heard
    for s in (
        "Marcoumar",
        "mark oemar",
        "Eliquis",
        "ellie kwis",
        "Hawley-plaat",
        "holly plaat",
        "Maryland-brug",
        "marie land brug",
        "Angle klasse II",
        "engel klasse twee",
        "Quincke-oedeem",
        "quincy oedeem",
        "Kennedy klasse III",
        "Miller klasse 2",
        "Black klasse II",
        "Le Fort I-fractuur",
        "ziekte van Sjögren",
        "ziekte van Crohn",
        "ziekte van kroon",
        "verlamming van bel",
        "Fosamax",
        "fosa max",
        "Prolia",
        "pro lia",
        "herfst apparaat",
        "perry implantitis",
        "paro don titus",
        "pulp it is",
        "broek sisme",
        "Candida albicans",
        "Streptococcus mutans",
        "Carabelli-knobbel",
        "C11",
        "H11",
        "DPSI 3-",
    ):
        assert s in keep, s
    assert sum(bool(re.fullmatch(r"element [a-z]+", k)) for k in keep) >= 8  # element zesendertig
    assert len(keep) == KEEP_STRINGS and len(set(keep)) == DISTINCT_KEEP


def test_counts_pinned():
    assert len(RECORDS) == 240
    assert dict(Counter(s["category"] for r in RECORDS for s in r["spans"])) == SPANS_PER_CATEGORY


def test_own_lists():
    def rows(name: str) -> list[list[str]]:
        return [
            line.split("\t")
            for line in (part.DATA / name).read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")
        ]

    given, surnames = rows("given_names.tsv"), rows("surnames.tsv")
    assert len({r[0] for r in given}) >= 150 and len({r[0] for r in surnames}) >= 150
    origins = {r[1] for r in given} | {r[1] for r in surnames}
    assert {
        "nl",
        "fy",
        "sr-hi",
        "sr-cr",
        "an",
        "ma",
        "tr",
        "pl",
        "zh",
        "id",
        "sy",
        "er",
        "de",
        "be",
        "woord",
    } <= origins
    assert {"Mei", "Juni", "April", "Roos"} <= {r[0] for r in given}
    assert {"Zomer", "Winter", "Vos", "de Jong"} <= {r[0] for r in surnames}
    assert len(rows("streets.tsv")) >= 50 and len(rows("places.tsv")) >= 50 and len(rows("institutions.tsv")) >= 20
