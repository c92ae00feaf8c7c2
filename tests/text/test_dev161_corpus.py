"""Evaluation part dev161 (a dental group's shared e-mail inbox): the committed file is its generator's output, the
annotations are exact, and the inbox's own notations (headers, quoting, display names, bounces) are annotated."""

from __future__ import annotations

import email.header
import json
import re
from collections import Counter

import pytest

from fixtures.text import corpus_file
from fixtures.text import dev161_corpus as part
from tests.text import annotated_parts as shared

RECORDS = 240
PER_KIND = 20
SPANS = {
    "ADRES": 176,
    "AGB": 68,
    "BSN": 21,
    "DATUM": 879,
    "EMAIL": 1110,
    "GEBOORTEDATUM": 146,
    "IBAN": 38,
    "INSTELLING": 782,
    "LEEFTIJD": 33,
    "LOCATIE": 307,
    "PATIENTNUMMER": 63,
    "PERSOON": 1965,
    "POLISNUMMER": 38,
    "POSTCODE": 161,
    "TELEFOON": 347,
    "URL": 150,
    "UZI": 7,
}
KEEP = 615


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in part.PATH.read_text(encoding="utf-8").splitlines()]


# ----------------------------------------------------------------------------------------------- the file


def test_committed_file_is_the_generators_output(records):
    assert part.PATH.read_text(encoding="utf-8") == corpus_file.dumps(part.generate())
    assert part.DEFAULT_RECORDS == RECORDS and len(records) == RECORDS


def test_seeded_and_prefix_stable():
    assert part.generate(12) == part.generate()[:12]
    assert part.generate(12, seed=7) == part.generate(12, seed=7)
    assert part.generate(12, seed=7) != part.generate(12)
    assert part.generate(30)[29] == part.record(29, part.DEFAULT_SEED)


def test_module_contract():
    assert part.PATH.name == "dev161.jsonl" and part.PATH.parent.name == "text"
    assert part.DATA.is_dir() and part.DEFAULT_SEED == 20270630
    assert 8 <= len(part.KINDS) <= 12 and RECORDS % len(part.KINDS) == 0
    assert "independently" in (part.__doc__ or "")


def test_lists_are_data_and_large_enough():
    lists = part.lists()
    assert len({g for g, _ in lists["given"]}) >= 150
    assert len(set(lists["surnames"])) >= 150
    surnames = set(lists["surnames"])
    assert {"van der Meer", "in 't Veld", "ter Horst", "op den Akker"} <= surnames  # particles
    assert any("-" in s and " " in s for s in surnames)  # double-barrelled with particle
    assert {"Bakker", "Post", "Kies", "Zomer"} <= surnames  # surnames that are Dutch words
    assert {"Juni", "April", "Mei", "Roos", "Merel"} <= {g for g, _ in lists["given"]}


# ----------------------------------------------------------------------------------------------- shared checks


def test_shared_checks(records):
    shared.assert_spans_exact_and_disjoint(records)
    shared.assert_fields_and_kinds(records, part.KINDS, PER_KIND)


def test_spans_on_word_boundaries(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            if text[a].isalnum():
                assert a == 0 or not text[a - 1].isalnum(), (r["id"], s)
            if text[b - 1].isalnum():
                assert b == len(text) or not text[b].isalnum(), (r["id"], s)


def test_titles_and_labels_stay_outside(records):
    for r in records:
        for s in r["spans"]:
            low = s["text"].lower()
            assert not re.match(r"(dhr|mw|mevr|drs|dr|mr|tel|bsn|agb)\.?\s", low), (r["id"], s)
            assert not low.startswith(("mailto:", "tel:", "geb.")), (r["id"], s)


# ----------------------------------------------------------------------------------------------- checksums


def eleven_test(number: str) -> bool:
    digits = [int(c) for c in re.sub(r"\D", "", number)]
    if len(digits) != 9:
        return False
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1)))
    return (total - digits[8]) % 11 == 0


def mod97(iban: str) -> bool:
    s = re.sub(r"[\s.-]", "", iban).upper()
    if part.IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    rest = 0
    for ch in s[4:] + s[:4]:
        for d in str(int(ch, 36)):
            rest = (rest * 10 + int(d)) % 97
    return rest == 1


def test_every_bsn_passes_the_eleven_test(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == "BSN"]
    assert bsns
    for b in bsns:
        assert eleven_test(b), b
        assert shared.bsn_ok(re.sub(r"\D", "", b)), b


def test_every_iban_passes_mod97(records):
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert {i.replace(" ", "")[:2].upper() for i in ibans} >= {"NL", "BE", "PL"}
    for i in ibans:
        assert mod97(i), i
        assert shared.iban_ok(i, part.IBAN_LENGTHS), i


def test_the_checks_reject_what_they_should():
    assert eleven_test("111222333") and not eleven_test("111222334")
    assert mod97("NL91 ABNA 0417 1643 00") and not mod97("NL91 ABNA 0417 1643 01")


# ----------------------------------------------------------------------------------------------- counts


def test_counts_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(counts) == SPANS
    assert sum(len(r["keep"]) for r in records) == KEEP
    per_record = [len(r["spans"]) for r in records]
    assert min(per_record) >= 8 and sum(per_record) / len(per_record) < 30


# ----------------------------------------------------------------------------------------------- the theme's notations

EMAIL_SHAPE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
URL_SHAPE = re.compile(r"(?:https?://|www\.)[^\s<>()\]]+")


def covered(r: dict, start: int, end: int, category: str) -> bool:
    return any(s["category"] == category and s["start"] <= start and end <= s["end"] for s in r["spans"])


def test_every_address_shaped_string_is_an_email_span(records):
    for r in records:
        for m in EMAIL_SHAPE.finditer(r["text"]):
            before = r["text"][max(0, m.start() - 10) : m.start()]
            if before.endswith(("cid:", "[cid:")) or m.group().startswith("image0"):
                continue  # an Outlook inline image reference, not an address
            assert covered(r, m.start(), m.end(), "EMAIL"), (r["id"], m.group())


def test_every_web_address_is_a_url_span(records):
    for r in records:
        for m in URL_SHAPE.finditer(r["text"]):
            end = m.end() - (1 if m.group().endswith((".", ",", "?", "!")) else 0)
            assert covered(r, m.start(), end, "URL"), (r["id"], m.group())


def test_headers_of_every_client_occur(records):
    text = "\n".join(r["text"] for r in records)
    for label in (
        "Van: ",
        "Aan: ",
        "CC: ",
        "Onderwerp: ",
        "Datum: ",
        "Verzonden: ",
        "From: ",
        "To: ",
        "Sent: ",
        "Subject: ",
        "Von: ",
        "An: ",
        "Gesendet: ",
        "Betreff: ",
    ):
        assert f"\n{label}" in text or text.startswith(label), label
    for sep in (
        "-----Oorspronkelijk bericht-----",
        "-----Original Message-----",
        "-----Ursprüngliche Nachricht-----",
        "________________________________",
        "---------- Doorgestuurd bericht ---------",
        "Begin doorgestuurd bericht:",
    ):
        assert sep in text, sep
    assert re.search(r"\nOp (ma|di|wo|do|vr|za|zo) \d{1,2} \w+\.? \d{4} om \d\d:\d\d schreef .+ <[^>]+>:\n", text)
    assert re.search(r"\nOp \d{1,2} \w+\.? \d{4}, om \d\d:\d\d heeft .+ het volgende geschreven:\n", text)
    assert re.search(r"\nOn \w{3}, .+ wrote:\n", text)
    assert re.search(r"\nAm \w{2}\., .+ Uhr schrieb .+:\n", text)


def test_header_dates_are_dates(records):
    for r in records:
        for m in re.finditer(r"^(?:Verzonden|Sent|Gesendet|Datum|Date): (.+)$", r["text"], re.M):
            spans = [s for s in r["spans"] if m.start(1) <= s["start"] and s["end"] <= m.end(1)]
            assert [s["category"] for s in spans] == ["DATUM"], (r["id"], m.group())
            assert not re.search(r"\d\d:\d\d", spans[0]["text"]), (r["id"], spans[0])  # the time stays outside


def test_quoted_lines_keep_their_spans(records):
    quoted = nested = 0
    for r in records:
        text = r["text"]
        for s in r["spans"]:
            line_start = text.rfind("\n", 0, s["start"]) + 1
            prefix = text[line_start : s["start"]]
            if prefix.startswith(">"):
                quoted += 1
                assert not s["text"].startswith(">")
                nested += prefix.startswith(">>")
    assert quoted > 700 and nested > 40


DISPLAY_INVERTED = re.compile(
    r'(?:^(?:>+ ?)?(?:Van|Aan|From|To|Von|An|CC|Cc): |schreef )"?([^"<>\n:,]+), ((?:[A-ZÀ-Ž][a-z]?\.)+(?: [a-z\' ]+)?)'
    r' \(([^)\n]+)\)"?(?= <| \[|\n|:)',
    re.M,
)


def test_display_names_surname_first_with_given_name_in_brackets(records):
    seen = 0
    for r in records:
        for m in DISPLAY_INVERTED.finditer(r["text"]):
            seen += 1
            assert covered(r, m.start(1), m.end(2), "PERSOON"), (r["id"], m.group())
            assert covered(r, m.start(3), m.end(3), "PERSOON"), (r["id"], m.group())
    assert seen >= 20


def test_mailto_and_bracketed_addresses(records):
    seen = 0
    for r in records:
        for m in re.finditer(r"\[mailto:([^\]\s]+)\]", r["text"]):
            seen += 1
            spans = [s for s in r["spans"] if s["start"] == m.start(1)]
            assert spans and spans[0]["category"] == "EMAIL" and spans[0]["end"] == m.end(1), (r["id"], m.group())
    assert seen >= 20


def test_names_inside_address_local_parts(records):
    """The local part of many addresses is the person's name: those addresses are whole EMAIL spans."""
    hits = 0
    for r in records:
        surnames = {
            re.sub(r"[^a-z]", "", part.fold(s["text"].split(",")[0].split(" ")[-1]).lower())
            for s in r["spans"]
            if s["category"] == "PERSOON"
        }
        for s in r["spans"]:
            if s["category"] == "EMAIL":
                local = s["text"].split("@")[0].lower()
                hits += any(len(n) > 3 and n in local for n in surnames)
    assert hits >= 400


def test_mime_encoded_names_in_bounces_decode_to_a_name(records):
    seen = 0
    for r in records:
        for s in r["spans"]:
            if s["text"].startswith("=?utf-8?Q?"):
                seen += 1
                assert s["category"] == "PERSOON" and r["kind"] == "bounce"
                raw, charset = email.header.decode_header(s["text"])[0]
                name = raw.decode(charset)
                assert not name.isascii(), name
                lists = part.lists()
                known = set(lists["surnames"]) | {g for g, _ in lists["given"]}
                words = re.split(r",? ", name)
                spans = [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)]
                assert any(w in known for w in spans), name
    assert seen >= 5


def test_out_of_office_and_bounces(records):
    kinds = Counter(r["kind"] for r in records)
    assert kinds["afwezigheid"] == kinds["bounce"] == PER_KIND
    text = "\n".join(r["text"] for r in records)
    assert re.search(r"Automatisch antwoord: ", text) and re.search(r"Automatische Antwort: ", text)
    assert "Delivery Status Notification (Failure)" in text and "Undelivered Mail Returned to Sender" in text
    assert re.search(r"Final-Recipient: rfc822; \S+@\S+", text)
    digests = [r for r in records if r["kind"] == "digest"]
    assert all(re.search(r"Digest, Vol \d+, (Issue|Nummer) \d+", r["text"]) for r in digests)


def test_signatures_carry_agb_codes_and_phones(records):
    seen = 0
    for r in records:
        for m in re.finditer(r"AGB[- ]?(?:code)?(?: zorgverlener| praktijk)?:? ([\d .-]{8,11})\n", r["text"]):
            seen += 1
            value = m.group(1).strip()
            assert covered(r, m.start(1), m.start(1) + len(value), "AGB"), (r["id"], m.group())
            assert len(re.sub(r"\D", "", value)) == 8
    assert seen >= 40


def test_kinds_and_languages(records):
    by_kind = {k: [r for r in records if r["kind"] == k] for k in part.KINDS}
    assert any("Sehr geehrte" in r["text"] for r in by_kind["buitenland"])
    assert any("Dear " in r["text"] for r in by_kind["buitenland"])
    assert any("Dzień dobry" in r["text"] for r in by_kind["buitenland"])
    assert any("Verwijzing" in r["text"] for r in by_kind["verwijzing_doorgestuurd"])


# ----------------------------------------------------------------------------------------------- clinical strings


def test_clinical_strings_survive_as_keep(records):
    keep = Counter(k["text"] for r in records for k in r["keep"])
    for s in (
        "X21",
        "C13",
        "M03",
        "J030",
        "H35",
        "Le Fort I",
        "Angle klasse II/1",
        "Kennedy klasse I",
        "Miller graad 2",
        "Cawood & Howell klasse IV",
        "ziekte van Crohn",
        "iTero-scan",
        "Bio-Oss",
        "e.max Press",
        "Planmeca ProMax",
    ):
        assert keep[s] >= 1, s
    assert any(re.fullmatch(r"DPSI [34][+-]?", k) for k in keep)
    assert any(re.fullmatch(r"\d+ mg", k) for k in keep) and any(re.fullmatch(r"\d+ mm", k) for k in keep)
    assert any(re.fullmatch(r"[1-4][1-8]", k) for k in keep)  # FDI elements


def test_eponyms_are_kept_not_names(records):
    for r in records:
        for k in r["keep"]:
            if re.search(r"Crohn|Sjögren|Parkinson|Bechterew|Kahler|Le Fort|Angle|Kennedy|Miller|Cawood", k["text"]):
                assert not any(s["start"] < k["end"] and k["start"] < s["end"] for s in r["spans"])


def test_phone_notations(records):
    """Phones in every notation a signature or a patient uses: national numbers have ten digits, however written."""
    phones = [s["text"] for r in records for s in r["spans"] if s["category"] == "TELEFOON"]
    for p in phones:
        d = re.sub(r"\D", "", p.replace("(0)", ""))
        if d.startswith("0031"):
            d = "0" + d[4:]
        elif p.startswith("+31"):
            d = "0" + d[2:]
        elif p.startswith(("+", "00")):
            assert 10 <= len(d.removeprefix("00") if p.startswith("00") else d) <= 13, p  # abroad
            continue
        assert len(d) == 10 and d.startswith("0"), p
    assert any(p.startswith("06-") for p in phones) and any(p.startswith("+31 6 ") for p in phones)
    assert any("(0)" in p for p in phones) and any(p.startswith("0031") for p in phones)
    assert any(p.startswith(("+49", "0049")) for p in phones) and any(p.startswith("+32") for p in phones)
