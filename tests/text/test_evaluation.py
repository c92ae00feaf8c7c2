"""The annotated corpus and the issue's targets on it (recall, leaks, keep-rate), plus corpus properties."""

from __future__ import annotations

import datetime
import json
import random
import time
import unicodedata

import pytest

from fixtures.text import corpus, evaluation


@pytest.fixture(scope="module")
def records():
    return evaluation.load()


def test_corpus_is_large_varied_and_has_the_hard_cases(records):
    assert len(records) >= 500
    assert {r["kind"] for r in records} == set(corpus.TEXT_KINDS)
    names = " ".join(s["text"] for r in records for s in r["spans"] if s["category"] == "PERSOON")
    for hard in ("de Boer", "Bakker", "Visser", "Yılmaz", "El Amrani", "Kowalski", "Ramdin"):
        assert hard.lower() in names.lower(), hard
    assert any(s["text"] == s["text"].lower() and s["category"] == "PERSOON" for r in records for s in r["spans"])
    assert any(s["category"] == "BSN" and "." in s["text"] for r in records for s in r["spans"])
    for r in records[:50]:
        for s in r["spans"] + r["keep"]:
            assert r["text"][s["start"] : s["end"]] == s["text"]


def test_engine_meets_the_targets_on_the_corpus(records):
    report = evaluation.run(["engine"], records)["engine"]
    assert evaluation.check_targets(report) == []
    assert report["categories"]["DIRECT (micro)"]["recall"] >= 0.995
    assert all(n == 0 for n in report["leaks"].values())
    assert report["keep_rate"] >= 0.98


def test_write_text_is_fast_and_exact():
    rng = random.Random(7)
    subjects = [corpus.random_subject(rng) for _ in range(50)]
    started = time.perf_counter()
    for i in range(5000):
        text = corpus.write_text(rng, subjects[i % 50], corpus.TEXT_KINDS[i % 7], datetime.date(2025, 5, 1))
        for s in text.spans:
            assert text.text[s.start : s.end] == s.text
    per_call = (time.perf_counter() - started) / 5000
    assert per_call < 200e-6  # ~20 µs measured; generous bound for a busy CI machine


# --- the second development part (issue 17, third round: fresh phrasing, no deny lists) ---------------------------


def test_dev2_part_is_the_generator_output_and_exact():
    from fixtures.text import dev2_corpus
    from fixtures.text.corpus_file import dumps

    assert evaluation.DEV2_PATH.read_text(encoding="utf-8") == dumps(dev2_corpus.generate()), (
        "eval/text/dev2.jsonl is stale: rerun python -m fixtures.text.dev2_corpus"
    )
    for r in evaluation.load(evaluation.DEV2_PATH):
        assert r["deny"] == []
        for s in r["spans"] + r["keep"]:
            assert r["text"][s["start"] : s["end"]] == s["text"]


def test_engine_meets_the_unseen_targets_on_dev2():
    """Pinned as measured (third round): names 0.999, direct 0.999, keep-rate 1.000, zero leaks; deny lists off."""
    report = evaluation.run(["engine"], evaluation.load(evaluation.DEV2_PATH), use_deny=False)["engine"]
    assert evaluation.check_targets(report, evaluation.TEST_TARGETS) == []
    assert report["categories"]["PERSOON"]["recall"] >= 0.998
    assert report["categories"]["PATIENTNUMMER"]["recall"] == 1.0
    assert report["keep_rate"] >= 0.999


# --- the third development part (issue 17, fourth round: dense clinical text, harder names, no deny lists) --------


def _committed_part(part) -> list[dict]:
    """The records of a development part's committed file, checked to be its generator's output exactly, without
    deny lists, with offsets that match and no gold span overlapping another or a clinical string."""
    from fixtures.text.corpus_file import dumps

    assert part.PATH.read_text(encoding="utf-8") == dumps(part.generate()), (
        f"{part.PATH.name} is stale: rerun python -m {part.__name__}"
    )
    records = evaluation.load(part.PATH)
    for r in records:
        assert r["deny"] == []
        ends = 0
        for s in sorted(r["spans"] + r["keep"], key=lambda s: s["start"]):
            assert r["text"][s["start"] : s["end"]] == s["text"] and s["text"] == s["text"].strip()
            assert s["start"] >= ends, "gold and keep spans must not overlap"
            ends = s["end"]
    return records


def test_dev3_part_is_the_generator_output_exact_and_without_overlaps():
    from fixtures.text import dev3_corpus

    records = _committed_part(dev3_corpus)
    assert sum(len(r["keep"]) for r in records) >= 2000, "a part for the keep-rate: dense clinical text"


def test_engine_on_dev3_as_measured():
    """Pinned as measured (fourth round): names 0.996 (4 lone given names left), direct 0.997, keep-rate
    1.000, zero leaks; deny lists off. The unseen parts' direct-recall target (0.998) is not met here."""
    report = evaluation.run(["engine"], evaluation.load(evaluation.DEV3_PATH), use_deny=False)["engine"]
    assert all(n == 0 for n in report["leaks"].values())
    assert report["categories"]["DIRECT (micro)"]["recall"] >= 0.996
    assert report["categories"]["PERSOON"]["recall"] >= 0.995
    assert report["categories"]["PERSOON"]["precision"] >= 0.99
    assert report["categories"]["PATIENTNUMMER"]["recall"] == 1.0
    assert report["keep_rate"] >= 0.999


# --- the fourth development part (issue 17, fifth round: names in capitals, single given names, no deny lists) ----


def test_dev4_part_is_the_generator_output_exact_and_without_overlaps():
    from fixtures.text import dev4_corpus

    records = _committed_part(dev4_corpus)
    assert evaluation.DEV4_PATH == dev4_corpus.PATH
    assert {r["kind"] for r in records} >= {"agenda", "formulier", "mailkop", "chat", "teamoverleg"}


def test_engine_on_dev4_as_measured():
    """Pinned as measured: names 0.975 after the fifth round (from 0.632 before its rules), 0.988 after the sixth
    (given names no list holds, 'memo voor yuting'); keep-rate 1.000 (from 0.865); the administrative kinds
    (agenda, forms, letter heads, team minutes), chat and voice memos ≥ 0.98. Left: surnames that are words
    written alone in capitals ('afspraak WANG': 'wang' is a cheek), a month as a given name in lower case."""
    report = evaluation.run(["engine"], evaluation.load(evaluation.DEV4_PATH), use_deny=False)["engine"]
    assert all(n == 0 for n in report["leaks"].values())
    assert report["categories"]["PERSOON"]["recall"] >= 0.987
    assert report["categories"]["PERSOON"]["precision"] >= 0.99
    assert report["keep_rate"] >= 0.999
    by_kind = report["direct_by_kind"]
    for kind in ("agenda", "briefkop", "formulier", "teamoverleg", "chat", "spraakmemo"):
        assert by_kind[kind]["recall"] >= 0.98, (kind, by_kind[kind])


# --- the fifth development part (issue 17, sixth round: particles last, unlisted and short given names) ----------


def test_dev5_part_is_the_generator_output_exact_and_without_overlaps():
    from fixtures.text import dev5_corpus

    records = _committed_part(dev5_corpus)
    assert evaluation.DEV5_PATH == dev5_corpus.PATH
    assert {r["kind"] for r in records} == {"wachtlijst", "verwijsantwoord", "dictaat", "app", "incident", "recall"}


def test_engine_on_dev5_as_measured():
    """Pinned as measured (sixth round): names 0.881 before its rules, 0.993 after; every kind ≥ 0.98 (the
    administrative order with particles last, dictated particles, reports and recalls 1.000), keep-rate 1.000.
    Left: unlisted given names after a cue the rule does not know, and given names that are Dutch words."""
    report = evaluation.run(["engine"], evaluation.load(evaluation.DEV5_PATH), use_deny=False)["engine"]
    assert all(n == 0 for n in report["leaks"].values())
    assert report["categories"]["PERSOON"]["recall"] >= 0.99
    assert report["categories"]["PERSOON"]["precision"] >= 0.99
    assert report["keep_rate"] >= 0.999
    by_kind = report["direct_by_kind"]
    for kind in ("wachtlijst", "verwijsantwoord", "dictaat", "app", "incident", "recall"):
        assert by_kind[kind]["recall"] >= 0.98, (kind, by_kind[kind])
    assert by_kind["wachtlijst"]["recall"] == 1.0


def test_dev6_part_is_the_generator_output_exact_and_without_overlaps():
    from fixtures.text import dev6_corpus

    records = _committed_part(dev6_corpus)
    assert evaluation.DEV6_PATH == dev6_corpus.PATH
    assert {r["kind"] for r in records} == {
        "agenda_csv",
        "chat_thread",
        "dictaat_woorden",
        "telefoonmemo",
        "klachtenlog",
        "operatieverslag",
    }


def test_engine_on_dev6_as_measured():
    """Pinned as measured (sixth round, after the second held-out part's aggregates): direct recall 0.957 before
    its rules (dates of birth and ages written out in words 0.683 and 0.500; chat senders), 1.000 after; names
    precision 1.000, keep-rate 1.000."""
    report = evaluation.run(["engine"], evaluation.load(evaluation.DEV6_PATH), use_deny=False)["engine"]
    assert all(n == 0 for n in report["leaks"].values())
    assert report["categories"]["DIRECT (micro)"]["recall"] >= 0.999
    assert report["categories"]["GEBOORTEDATUM"]["recall"] == 1.0
    assert report["categories"]["LEEFTIJD"]["recall"] == 1.0
    assert report["categories"]["PERSOON"]["precision"] >= 0.99
    assert report["keep_rate"] >= 0.999


def test_engine_on_dev7_as_measured():
    """Pinned as measured (seventh round): dev7, written by another hand without the rules, scored once unseen at
    direct recall 0.869 (addresses 0.667, patient numbers 0.709, dictation 0.686); after its rules 0.981, keep-rate
    0.9997. No BSN, e-mail, IBAN or phone leaks; exports (tables by their headers) complete."""
    report = evaluation.run(["engine"], evaluation.load(evaluation.DEV7_PATH), use_deny=False)["engine"]
    assert all(n == 0 for n in report["leaks"].values())
    assert report["categories"]["DIRECT (micro)"]["recall"] >= 0.98
    assert report["categories"]["PATIENTNUMMER"]["recall"] >= 0.99
    assert report["categories"]["ADRES"]["recall"] >= 0.97
    assert report["direct_by_kind"]["export"]["recall"] == 1.0
    assert report["keep_rate"] >= 0.999


def test_engine_on_dev8_as_measured():
    """Pinned as measured (seventh round): dev8, names as staff write them by another hand, scored once unseen at
    direct recall 0.975 (dictation 0.844, WhatsApp 0.936), keep-rate 0.9745; after its rules 0.988, keep-rate 0.998."""
    report = evaluation.run(["engine"], evaluation.load(evaluation.DEV8_PATH), use_deny=False)["engine"]
    assert all(n == 0 for n in report["leaks"].values())
    assert report["categories"]["DIRECT (micro)"]["recall"] >= 0.985
    assert report["categories"]["PERSOON"]["precision"] >= 0.96
    assert report["direct_by_kind"]["dicteer"]["recall"] >= 0.95
    assert report["keep_rate"] >= 0.998


def test_engine_on_dev9_as_measured():
    """Pinned as measured (eighth round): dev9, speech and chat by another hand, scored once unseen at direct recall
    0.872 with 12 BSN, 12 e-mail and 51 phone leaks (numbers spoken half in digits, 'apestaartje'); after its rules
    0.969, keep-rate 1.000, no leak of the four kinds; 0.974 after the ninth round's dictation rules."""
    report = evaluation.run(["engine"], evaluation.load(evaluation.DEV9_PATH), use_deny=False)["engine"]
    assert all(n == 0 for n in report["leaks"].values())
    assert report["categories"]["DIRECT (micro)"]["recall"] >= 0.97
    assert report["categories"]["PATIENTNUMMER"]["recall"] >= 0.98
    assert report["categories"]["GEBOORTEDATUM"]["recall"] >= 0.98
    assert report["keep_rate"] >= 0.999


def test_engine_on_dev10_as_measured():
    """Pinned as measured (eighth round): dev10, addresses and patient numbers in administrative text by another
    hand, scored once unseen at direct recall 0.848 (patient numbers 0.512, addresses 0.778); after its rules 0.975
    (0.969, 0.945), keep-rate 0.998; agenda tables complete; 0.981 after the ninth round (initials after a surname)."""
    report = evaluation.run(["engine"], evaluation.load(evaluation.DEV10_PATH), use_deny=False)["engine"]
    assert all(n == 0 for n in report["leaks"].values())
    assert report["categories"]["DIRECT (micro)"]["recall"] >= 0.978
    assert report["categories"]["PATIENTNUMMER"]["recall"] >= 0.96
    assert report["categories"]["ADRES"]["recall"] >= 0.94
    assert report["direct_by_kind"]["agendatabel"]["recall"] == 1.0
    assert report["keep_rate"] >= 0.998


def test_engine_on_dev11_as_measured():
    """Pinned as measured (eighth round): dev11, operation reports, phone notes, complaint logs, handovers and staff
    chat by another hand, scored once unseen at direct recall 0.928 and keep-rate 0.844 (instruments named after
    their inventor taken for people); after its rules 0.971, keep-rate 1.000; 0.988 after the ninth round (rosters,
    names opening a list item)."""
    report = evaluation.run(["engine"], evaluation.load(evaluation.DEV11_PATH), use_deny=False)["engine"]
    assert all(n == 0 for n in report["leaks"].values())
    assert report["categories"]["DIRECT (micro)"]["recall"] >= 0.984
    assert report["categories"]["PERSOON"]["precision"] >= 0.97
    assert report["keep_rate"] >= 0.999


def test_engine_on_dev12_as_measured():
    """Pinned as measured (eighth round): dev12, dictation by other software and dentists, scored once unseen at
    direct recall 0.886 with 8 IBAN and 6 phone leaks (spoken); after its rules 0.922, keep-rate 1.000, no leak;
    0.979 after the ninth round (misheard names before a spoken correction, names between a cue and a dictated mark,
    corrected dates of birth), names precision 0.862 -> 0.947."""
    report = evaluation.run(["engine"], evaluation.load(evaluation.DEV12_PATH), use_deny=False)["engine"]
    assert all(n == 0 for n in report["leaks"].values())
    assert report["categories"]["DIRECT (micro)"]["recall"] >= 0.975
    assert report["categories"]["PERSOON"]["precision"] >= 0.94
    assert report["keep_rate"] >= 0.999


def test_engine_on_dev13_as_measured():
    """Pinned as measured (ninth round): dev13, correspondence by another hand, scored once unseen at direct recall
    0.977 (intake forms 0.888), keep-rate 0.998; after its rules 0.991, keep-rate 1.000, no leak of the four kinds."""
    report = evaluation.run(["engine"], evaluation.load(evaluation.DEV13_PATH), use_deny=False)["engine"]
    assert all(n == 0 for n in report["leaks"].values())
    assert report["categories"]["DIRECT (micro)"]["recall"] >= 0.988
    assert report["direct_by_kind"]["intakeformulier"]["recall"] >= 0.97
    assert report["keep_rate"] >= 0.999


def test_engine_on_dev14_as_measured():
    """Pinned as measured (ninth round): dev14, families, care networks and money by another hand, scored once
    unseen at direct recall 0.951 (care-home rooms, invoice numbers), keep-rate 0.953 (materials and drugs taken for
    names); after its rules 0.986, keep-rate 1.000, no leak of the four kinds."""
    report = evaluation.run(["engine"], evaluation.load(evaluation.DEV14_PATH), use_deny=False)["engine"]
    assert all(n == 0 for n in report["leaks"].values())
    assert report["categories"]["DIRECT (micro)"]["recall"] >= 0.983
    assert report["categories"]["ADRES"]["recall"] >= 0.92  # 0.927 (0.763 unseen: care-home rooms)
    assert report["keep_rate"] >= 0.999


def test_engine_on_dev15_as_measured():
    """Pinned as measured (ninth round): dev15, international patients by another hand (Dutch mixed with English),
    scored once unseen at direct recall 0.877 with 8 phone leaks (foreign numbers), keep-rate 0.966, names precision
    0.46; after its rules 0.979, keep-rate 0.989, names precision 0.53 (English capitalises what Dutch does not)."""
    report = evaluation.run(["engine"], evaluation.load(evaluation.DEV15_PATH), use_deny=False)["engine"]
    assert all(n == 0 for n in report["leaks"].values())
    assert report["categories"]["DIRECT (micro)"]["recall"] >= 0.975
    assert report["categories"]["GEBOORTEDATUM"]["recall"] >= 0.97
    assert report["keep_rate"] >= 0.985


def assert_as_measured(path, recall: float, keep: float) -> None:
    """A later part, scored without deny lists as it is measured: no BSN, e-mail, IBAN or phone leaks, direct-identifier
    recall and keep-rate at least as pinned (each round's parts below)."""
    report = evaluation.run(["engine"], evaluation.load(path), use_deny=False)["engine"]
    assert all(n == 0 for n in report["leaks"].values())
    assert report["categories"]["DIRECT (micro)"]["recall"] >= recall
    assert report["keep_rate"] >= keep


@pytest.mark.parametrize(
    "path,recall",
    [
        # unseen 0.894 (audit logs 0.706, scanned forms 0.825; patient numbers 0.659; 8 phones, 4 IBANs, 3 e-mails)
        (evaluation.DEV16_PATH, 0.985),
        # unseen 0.934 (call-back lists 0.880; staff initials; 3 spoken e-mails, 3 phones, 1 spoken BSN)
        (evaluation.DEV17_PATH, 0.983),
        # unseen 0.964 (incident reports 0.816, student clinic 0.796: initials listed in brackets, hospital numbers)
        (evaluation.DEV18_PATH, 0.987),
    ],
    ids=["dev16", "dev17", "dev18"],
)
def test_engine_on_the_tenth_rounds_parts_as_measured(path, recall):
    """Pinned as measured (tenth round): three parts by other hands, each scored once unseen when it landed (the
    figures in the comments), then rules written against their misses: dev16 0.987, dev17 0.986, dev18 0.990, no
    leak of the four kinds."""
    assert_as_measured(path, recall, 0.99)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # unseen (last session) 0.945: desk marks and initials, debtor numbers, addresses over the border, 3 phones;
        # 0.982 after the fourteenth round (lower-case desk headers, letters-dash-digits codes)
        (evaluation.DEV19_PATH, 0.982, 0.98),
        # unseen 0.983, keep 0.962: particles ben/bin/binti, O'/D', children's forms, toothpaste brands
        (evaluation.DEV20_PATH, 0.996, 0.99),
        # unseen 0.986, keep 0.978, 1 e-mail: ID-document numbers, capitals parties, ante-mortem charts
        (evaluation.DEV21_PATH, 0.997, 0.99),
        # kept unread until the round's last rule: unseen 0.996, keep 0.943 (drug brands, denture words, a VITA shade)
        (evaluation.DEV22_PATH, 0.995, 0.99),
    ],
    ids=["dev19", "dev20", "dev21", "dev22"],
)
def test_engine_on_the_thirteenth_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, thirteenth round): three parts by other hands, each scored once unseen (the
    figures in the comments), then rules written against their misses: dev19 0.975 (keep 0.984), dev20 0.996, dev21
    0.997, dev22 0.996 (keep 0.995), no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # unseen 0.990, keep 0.889: lab and implant paperwork (LOT/REF numbers kept, journal lines 'date Name:')
        (evaluation.DEV23_PATH, 0.999, 0.99),
        # unseen 0.973, keep 0.804: HR and facility notes (staff and badge numbers, user names, equipment brands)
        (evaluation.DEV24_PATH, 0.995, 0.99),
        # kept unread until the round's last rule: unseen 0.985, keep 1.000 (names before their relation in brackets)
        (evaluation.DEV25_PATH, 0.993, 0.99),
        # unseen 0.926: asylum care (V-nummers, rooms in asylum centres, XX-XX-1990 birth dates)
        (evaluation.DEV26_PATH, 0.998, 0.99),
        # unseen 0.991, keep 0.979: special care and sedation (anaesthetists, syndromes, ASA classes)
        (evaluation.DEV27_PATH, 0.997, 0.99),
        # unseen 0.882: minutes and audits (initials as action owners, table cells)
        (evaluation.DEV28_PATH, 0.992, 0.99),
        # unseen 0.926, keep 0.903: research (participant codes, study registrations kept)
        (evaluation.DEV29_PATH, 0.996, 0.99),
        # unseen 0.985: emergencies and trauma (on-call numbers, witnesses and coaches in lower case)
        (evaluation.DEV30_PATH, 0.996, 0.99),
        # unseen 0.960 with 4 e-mails published: exports (column headers, JSON and key=value logs)
        (evaluation.DEV31_PATH, 0.988, 0.99),
        # unseen 0.971, keep 0.988: Frisian, Papiamentu and Flemish (months, patient-number words, 'mien kees 36')
        (evaluation.DEV32_PATH, 0.996, 0.99),
        # two more hands, scored once unseen on the round's final code, then a few rules: dev33 0.987 (keep 0.961),
        # dev34 0.966 (keep 0.982, as measured: transfer lists' codes)
        (evaluation.DEV33_PATH, 0.993, 0.99),
        (evaluation.DEV34_PATH, 0.981, 0.98),
    ],
    ids=["dev23", "dev24", "dev25", "dev26", "dev27", "dev28", "dev29", "dev30", "dev31", "dev32", "dev33", "dev34"],
)
def test_engine_on_the_fourteenth_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, fourteenth round): ten parts by other hands, each scored once unseen (the
    figures in the comments), then rules written against their misses; no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # unseen 0.969, keep 0.985: elderly care (names marked on dentures, 'Betreft: WINTER, M.', care-home forms)
        (evaluation.DEV35_PATH, 0.997, 0.99),
        # unseen 0.973, keep 0.974, one IBAN published ('BE 95 2987 77 00 99 58'): money (bank exports, MT940 lines)
        (evaluation.DEV36_PATH, 0.996, 0.98),
        # unseen 0.976: legal and privacy paperwork (a register's dated signatures, a name before its bracketed BSN)
        (evaluation.DEV37_PATH, 0.998, 0.99),
        # unseen 0.977, keep 0.967: the hospital (a ZIS export's own PID layout, lab values, oncology drugs)
        (evaluation.DEV38_PATH, 0.997, 0.99),
        # unseen 0.943, five leaks of the four kinds: patients across borders (addresses abroad, compact rijksregister-
        # nummers, a Belgian landline after 'tel thuis')
        (evaluation.DEV39_PATH, 0.993, 0.99),
        # kept unread until the round's last rule, then scored once on the round's final code: 0.921 (names 0.859),
        # keep 0.995, no leak; names in file names, spelt on the phone, logins in sentences
        (evaluation.DEV40_PATH, 0.983, 0.99),
    ],
    ids=["dev35", "dev36", "dev37", "dev38", "dev39", "dev40"],
)
def test_engine_on_the_fifteenth_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, fifteenth round): six parts by other hands, each scored once unseen (the figures in
    the comments), then rules written against their misses; no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # unseen 0.826 (names 0.726): the practice's computer systems (logins built from names, chat senders, account
        # lists)
        (evaluation.DEV41_PATH, 0.994, 0.99),
        # unseen 0.975: children and youth (a child's intake labels, capitals before an age, Veilig Thuis numbers)
        (evaluation.DEV42_PATH, 0.992, 0.99),
        # unseen 0.929 (names 0.842): scanned and faxed paper (record cards' writer marks, words broken over lines)
        (evaluation.DEV43_PATH, 0.990, 0.99),
        # unseen 0.893, 109 BSNs, phones, e-mails and IBANs published: speech turned into text (numbers in words)
        (evaluation.DEV44_PATH, 0.977, 0.99),
        # unseen 0.917: institutions (cells, registration and service numbers, names after military ranks)
        (evaluation.DEV45_PATH, 0.978, 0.99),
        # kept unread until the round's last rule, then scored once on the round's final code: 0.967 (names 0.969),
        # keep 0.993, no leak
        (evaluation.DEV46_PATH, 0.979, 0.99),
    ],
    ids=["dev41", "dev42", "dev43", "dev44", "dev45", "dev46"],
)
def test_engine_on_the_sixteenth_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, sixteenth round): six parts by other hands, each scored once unseen (the figures in
    the comments), then rules written against their misses; no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # unseen 0.985, keep 0.938 (lab materials, shade guides, planning software): the dental laboratory
        (evaluation.DEV47_PATH, 0.995, 0.99),
        # unseen 0.990: out-of-hours care (capitals names before 'pnr', particles last, a hyphen's signature)
        (evaluation.DEV48_PATH, 0.998, 0.98),
        # unseen 0.958 (names 0.935): practice management (log operators, roster pairs, fields after a bar)
        (evaluation.DEV49_PATH, 0.993, 0.99),
        # unseen 0.946 (names 0.926): teaching and peer review (initials beside an age, a remark's initials)
        (evaluation.DEV50_PATH, 0.996, 0.99),
        # unseen 0.985: patients' own text (review bylines, handles, a postcode in brackets in lower case)
        (evaluation.DEV51_PATH, 0.995, 0.98),
        # kept unread until the round's last rule, then scored once on the round's final code: 0.984 (names 0.985),
        # keep 1.000, no leak
        (evaluation.DEV52_PATH, 0.995, 0.99),
        # unseen 0.960, keep 0.964: orthodontics (file names, record codes closing a line, appliances)
        (evaluation.DEV53_PATH, 0.998, 0.98),
        # unseen 0.974, keep 0.978: a periodontology and implantology clinic (record codes in cells, products)
        (evaluation.DEV54_PATH, 0.997, 0.99),
        # unseen 0.984: privacy and data handling (capitals names as a list's or a form's field)
        (evaluation.DEV55_PATH, 0.990, 0.99),
        # unseen 0.994: care at home
        (evaluation.DEV56_PATH, 0.994, 0.99),
    ],
    ids=["dev47", "dev48", "dev49", "dev50", "dev51", "dev52", "dev53", "dev54", "dev55", "dev56"],
)
def test_engine_on_the_seventeenth_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, seventeenth round): ten parts by other hands, each scored once unseen (the figures
    in the comments), then rules written against their misses; no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # unseen 0.900 (names 0.825): imaging text (DICOM caret names, file and folder names, shell listings)
        (evaluation.DEV57_PATH, 0.986, 0.99),
        # unseen 0.958, keep 0.893 (scored after the round's first list additions): a cleft team (eponymous procedures,
        # hospital numbers, capitals in minutes)
        (evaluation.DEV58_PATH, 0.993, 0.98),
        # unseen 0.958, keep 0.937: sleep apnoea care (a titration log's initials column, app threads)
        (evaluation.DEV59_PATH, 0.990, 0.99),
        # kept unread until the round's last rule, then scored once on that code: 0.988 (names 0.991), keep 0.990
        (evaluation.DEV60_PATH, 0.987, 0.98),
        # unseen 0.990, keep 0.913: infection control (vaccines, titres, sterilisers)
        (evaluation.DEV61_PATH, 0.991, 0.99),
        # unseen 0.849, keep 0.928: terse notes typed between patients (day lists, handovers, abbreviations)
        (evaluation.DEV62_PATH, 0.940, 0.99),
        # unseen 0.925 (scored after most of the round's rules): a system conversion (XML, fixed-width exports)
        (evaluation.DEV63_PATH, 0.993, 0.99),
        # unseen 0.973, keep 0.924 (likewise): a centre for dental anxiety (scales and scores, closing initials)
        (evaluation.DEV64_PATH, 0.994, 0.96),
        # unseen 0.985 (likewise): teledentistry (spoken addresses, app logs)
        (evaluation.DEV65_PATH, 0.988, 0.99),
        # unseen 0.995, keep 0.977 (likewise): forensic odontology (age-estimation stagings)
        (evaluation.DEV66_PATH, 0.995, 0.99),
    ],
    ids=["dev57", "dev58", "dev59", "dev60", "dev61", "dev62", "dev63", "dev64", "dev65", "dev66"],
)
def test_engine_on_the_eighteenth_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, eighteenth round): ten parts by other hands, each scored once before any rule was
    written against it (the figures in the comments), then rules written against their misses; no leak of the four
    kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # kept unread until the round's rules were written, then scored once: 0.975 (names 0.950), keep 0.975, one BSN
        # published (a chat's birth date read into a phone across it; now withheld whole); then written against
        (evaluation.DEV67_PATH, 0.998, 0.99),
        # unseen 0.963 (names 0.927), keep 0.911: head-and-neck oncology (MDO initials, HL7 PD1, trismus devices)
        (evaluation.DEV68_PATH, 0.992, 0.98),
        # unseen 0.987, keep 0.839: sports dentistry (mouthguard brands, sports drinks, trauma elements read as dates)
        (evaluation.DEV69_PATH, 0.995, 0.98),
        # unseen 0.975 (names 0.947): prescriptions and the pharmacy (lower-case writer's marks, prescribers' columns)
        (evaluation.DEV70_PATH, 0.992, 0.98),
        # unseen 0.885 (names 0.833): online reviews and social media (reviewers' bylines, moderation exports; 0.975 after
        # the nineteenth round, 0.992 after the twentieth's handles, speakers and review openers)
        (evaluation.DEV71_PATH, 0.992, 0.98),
        # unseen 0.966, keep 0.905: hereditary conditions and pedigrees (family and lab numbers, years among dates)
        (evaluation.DEV72_PATH, 0.994, 0.99),
        # unseen 0.980, two IBANs published (spoken in lower case): a call centre (spelt surnames, CRM tickets)
        (evaluation.DEV73_PATH, 0.992, 0.99),
    ],
    ids=["dev67", "dev68", "dev69", "dev70", "dev71", "dev72", "dev73"],
)
def test_engine_on_the_nineteenth_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, nineteenth round): seven parts by other hands, each scored once before any rule
    was written against it (the figures in the comments), then rules written against their misses; no leak of the four
    kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # kept unread until the round's rules were written, then scored once: 0.994 (names 0.997, keep 0.993; 0.992 on
        # the round's starting code), no leak of the four kinds; then written against (practices' codes, a heading's
        # initials after a time, Vita 3D-Master shades)
        (evaluation.DEV74_PATH, 0.998, 0.99),
        # unseen 0.990, keep 0.961: an endodontic referral practice (endodontic products, writers after a slash)
        (evaluation.DEV75_PATH, 0.993, 0.99),
        # unseen 0.984 (names 0.964), keep 0.974: a shared e-mail inbox (quoted display names, attachments' names)
        (evaluation.DEV76_PATH, 0.999, 0.99),
        # unseen 0.952 (names 0.925): complaints and disciplinary law (dotted initials alone, 'secr.', 'al-')
        (evaluation.DEV77_PATH, 0.998, 0.99),
        # unseen 0.869, 161 phones and 77 island identity numbers published: Caribbean Netherlands
        (evaluation.DEV78_PATH, 0.990, 0.99),
        # unseen 0.936 (patient numbers 0.71): Defence and prison dental care (registration and detainee numbers)
        (evaluation.DEV79_PATH, 0.996, 0.99),
        # unseen 0.976, keep 0.759: a Flemish practice group (Belgian boxes and postcodes; bare nomenclature codes in
        # tables are withheld as the numbers they look like)
        (evaluation.DEV80_PATH, 0.990, 0.86),
        # unseen 0.924 (names 0.856), keep 0.832: medical devices and recalls (tables' initials, device numbers)
        (evaluation.DEV81_PATH, 0.986, 0.95),
        # unseen 0.990: deceased patients, heirs and a practice closing (internal marks, marks after a date)
        (evaluation.DEV82_PATH, 0.994, 0.99),
    ],
    ids=["dev74", "dev75", "dev76", "dev77", "dev78", "dev79", "dev80", "dev81", "dev82"],
)
def test_engine_on_the_twentieth_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, twentieth round): nine parts by other hands, each scored once before any rule was
    written against it (the figures in the comments; dev80 to dev82 on the round's code after its first parts' rules),
    then rules written against their misses; no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # kept unread until the round's rules were written, then scored once: 0.989 (names 0.990, keep 0.996; the same
        # on the round's starting code), no leak of the four kinds; then written against (patient numbers grouped 3-3,
        # Frisian streets' openings, writers' marks after a slash or a dash)
        (evaluation.DEV83_PATH, 0.995, 0.99),
        # unseen 0.997, keep 0.990: personal-injury claims (a number after 'is volgens cliënt', 'Inzake:')
        (evaluation.DEV84_PATH, 0.998, 0.99),
        # unseen 0.907, 2 phones and 2 e-mails published: machine messages (URL-encoded query text, an e-mail's domain
        # dot typed as a comma, HL7 segments after an escaped carriage return, FHIR identifiers, EDIFACT NAD and DTM)
        (evaluation.DEV85_PATH, 0.966, 0.98),
        # unseen 0.979 (patient numbers 0.85): sedation and general anaesthesia (HIX numbers, bare numbers in dated rows)
        (evaluation.DEV86_PATH, 0.995, 0.98),
        # unseen 0.955 (names 0.930): recruitment and staff files (signature fields, dated marks, headings' names)
        (evaluation.DEV87_PATH, 0.979, 0.99),
        # unseen 0.994, keep 0.974: school dental programmes (slash marks alone on a last line; MIH, fluoridelak kept)
        (evaluation.DEV88_PATH, 0.997, 0.99),
        # written while the round's last rules were, scored once on the round's code at that point: 0.987, 4 e-mails
        # published (a top-level domain cut short): a patient portal (a marker of who changed what, 'Door:', 'Verzoeker:')
        (evaluation.DEV89_PATH, 0.991, 0.99),
        # the same, 0.988 (keep 1.000): a data breach (a register's 'door' and 'betrokkene(n)' columns, a log's login
        # before the address it came from)
        (evaluation.DEV90_PATH, 0.996, 0.99),
        # the same, 0.986 (keep 0.980): company dental care (English form labels, hyphened initials, 'pers.nr')
        (evaluation.DEV91_PATH, 0.994, 0.97),
    ],
    ids=["dev83", "dev84", "dev85", "dev86", "dev87", "dev88", "dev89", "dev90", "dev91"],
)
def test_engine_on_the_twenty_first_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, twenty-first round): nine parts by other hands, each scored once before any rule
    was written against it (the figures in the comments; dev83 kept unread until the round's rules were written; dev89
    to dev91 on the round's code when they came in), then rules written against their misses; no leak of the four
    kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # unseen 0.961, keep 0.980: dental tourism (streets abroad by the word of their kind, 'Cad. No:77', 'Király utca
        # 80', 'ul. Półwiejska 19'; dates year first with dots, month first; 'Passport No:'; a clinic's coded patient)
        (evaluation.DEV92_PATH, 0.998, 0.99),
        # unseen 0.975 (names 0.946): the appointment book (writers' marks after '--' and '//', initials in brackets
        # after the name they spell, a name in capitals surname first with its given name in capitals)
        (evaluation.DEV93_PATH, 0.998, 0.99),
        # unseen 0.978, keep 0.939: incident reports (initials in minutes' lists before a role, 'door IB,', numbers
        # grouped 3-3; 'scaler', 'PEP', 'HIV', 'Dextro', 'Trendelenburg-houding' kept)
        (evaluation.DEV94_PATH, 0.990, 0.95),
        # kept unread until the round's rules were written, then scored once: 0.992 (names 0.995, patient numbers 0.924,
        # keep 1.000; the same on the round's starting code); then written against (V-numbers grouped 2-3-3-2)
        (evaluation.DEV95_PATH, 0.997, 0.99),
        # unseen 0.975: representation and consent (a dated entry's writer after a slash, '01-03-2025 /THR:')
        (evaluation.DEV96_PATH, 0.998, 0.99),
    ],
    ids=["dev92", "dev93", "dev94", "dev95", "dev96"],
)
def test_engine_on_the_twenty_second_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, twenty-second round): five parts by other hands, each scored once before any rule
    was written against it (the figures in the comments; dev95 kept unread until the round's rules were written), then
    rules written against their misses; no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # unseen 0.950 (names 0.932, MDO minutes 0.82), keep 0.983: an orofacial pain clinic (initials in brackets before
        # a role, 'Koen Pattipeilohy (KP, kaakchirurg)', and again bare; 'KCO 68151'; 'As II', 'NRS 5/10' kept)
        (evaluation.DEV97_PATH, 0.997, 0.99),
        # unseen 0.958 (patient numbers 0.81: quotes and credit contracts), keep 0.943: a smile studio (products kept,
        # 'Iryna H.' signing a review)
        (evaluation.DEV98_PATH, 0.992, 0.99),
        # unseen 0.964 (names 0.948: marks after roles, arrows and in rosters; BIG numbers 9+2): locums and handovers
        (evaluation.DEV99_PATH, 0.996, 0.99),
        # kept unread until the round's rules were written, then scored once: 0.966 (4 phones published: German mobiles,
        # a Belgian zone and six digits), keep 0.959, the same on the starting code; then written against
        (evaluation.DEV100_PATH, 0.990, 0.99),
        # unseen 0.974: families and households (lower-case places and streets of a move, 'Receptie (ji):', 'geb. 13 jan
        # '18:')
        (evaluation.DEV101_PATH, 0.993, 0.99),
    ],
    ids=["dev97", "dev98", "dev99", "dev100", "dev101"],
)
def test_engine_on_the_twenty_third_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, twenty-third round): five parts by other hands, each scored once before any rule
    was written against it (the figures in the comments; dev100 kept unread until the round's rules were written), then
    rules written against their misses; no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # kept unread until the round's rules were written, then scored once: 0.884 (names 0.808: rosters aligned by wide
        # gaps whose cells are colleagues' marks 0.40), keep 1.000; the same on the starting code; then written against
        (evaluation.DEV102_PATH, 0.983, 0.99),
        # unseen 0.962 (names 0.945: 'opgesteld AS', '-- sessie MV uitgelogd'), keep 0.953 (BOAS, ward tools, drugs)
        (evaluation.DEV103_PATH, 0.991, 0.99),
        # unseen 0.980 (a mobile unit's staff in any case before their role), keep 0.977 (devices)
        (evaluation.DEV104_PATH, 0.994, 0.99),
    ],
    ids=["dev102", "dev103", "dev104"],
)
def test_engine_on_the_twenty_fourth_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, twenty-fourth round): three parts by other hands, each scored once before any rule
    was written against it (the figures in the comments; dev102 kept unread until the round's rules were written), then
    rules written against their misses; no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # unseen 0.912 (patient numbers 0.755: registration numbers grouped 3-2-2 by dots, V-numbers 5-5; staff marks after
        # 'Akkoord afd.hoofd:', 'Ontvangen 18/6', before a role on a line of their own), keep 1.000
        (evaluation.DEV105_PATH, 0.987, 0.99),
        # unseen 0.982 (1 BSN published: '9332.4 0.077'; children before their school group, '[antwoord AW]:'), keep 1.000
        (evaluation.DEV106_PATH, 0.992, 0.99),
        # unseen 0.852 (names in lower case 0.81: chat senders before their time, marks round a handover's arrow, after a
        # caret), keep 0.975 (a place's sentence end read as a street before a tooth)
        (evaluation.DEV107_PATH, 0.911, 0.99),
        # unseen 0.927 (patient numbers 0.525: Defence registration numbers 6-3 and 2-2-2-3, ZAP codes), keep 1.000
        (evaluation.DEV108_PATH, 0.990, 0.99),
        # kept unread until the round's rules were written, then scored once: 0.942 (19 phones published: the Caribbean's
        # and Suriname's local numbers, 00 599 apart), keep 0.994; 0.941 on the starting code; then written against
        (evaluation.DEV109_PATH, 0.992, 0.99),
    ],
    ids=["dev105", "dev106", "dev107", "dev108", "dev109"],
)
def test_engine_on_the_twenty_fifth_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, twenty-fifth round): five parts by other hands, each scored once before any rule
    was written against it (the figures in the comments; dev109 kept unread until the round's rules were written), then
    rules written against their misses; no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # unseen 0.959 (names 0.927: logins in an audit log's aligned column, marks after 'Beoordeeld:', an update's
        # writer in brackets), keep 1.000
        (evaluation.DEV110_PATH, 0.987, 0.99),
        # unseen 0.980 (birth dates 0.913: Polish, Turkish and Ukrainian months; addresses with their number first),
        # keep 1.000
        (evaluation.DEV111_PATH, 0.990, 0.99),
        # kept unread until the round's rules were written, then scored once: 0.921 (addresses 0.776, postcodes 0.800 in
        # every country's notation; boarding-pass names, booking references), keep 0.999; the same on the starting code;
        # then written against
        (evaluation.DEV112_PATH, 0.989, 0.99),
    ],
    ids=["dev110", "dev111", "dev112"],
)
def test_engine_on_the_twenty_sixth_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, twenty-sixth round): three parts by other hands, each scored once before any rule
    was written against it (the figures in the comments; dev112 kept unread until the round's rules were written), then
    rules written against their misses; no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # unseen 0.938 (birth years 'ca. 1995', "(Sander Zwart, '67)"; writers' marks in brackets after a date opening
        # the line; nicknames' and foreign name fields), keep 0.997
        (evaluation.DEV113_PATH, 0.984, 0.99),
        # unseen 0.972 (handles between underscores, display names in mathematical letters, complaint files' numbers),
        # keep 0.963; keep 0.959 once the handles were found (a lower-case surname read over a table's tab into
        # 'facings 14-24'), mended
        (evaluation.DEV114_PATH, 0.995, 0.99),
        # kept unread until the round's other rules were written, then scored once: 0.959 (the same on the starting
        # code; bank statements' names in capitals, court and mandate numbers), keep 1.000; then written against
        (evaluation.DEV116_PATH, 0.994, 0.99),
    ],
    ids=["dev113", "dev114", "dev116"],
)
def test_engine_on_the_twenty_seventh_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, twenty-seventh round): parts by other hands, each scored once before any rule was
    written against it (the figures in the comments; dev116 kept unread until the round's other rules were written),
    then rules written against their misses; no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # unseen 0.992 (screen-reader messages 0.919: postcodes spelled digit by digit after the street), keep 0.998
        (evaluation.DEV117_PATH, 0.996, 0.99),
        # unseen 0.990 (a name changed into another after an arrow, a login before its colon, lower-case names on a
        # form), keep 0.997
        (evaluation.DEV118_PATH, 0.994, 0.99),
        # unseen 0.978 (licence plates, a record's number in brackets after its person), keep 0.996
        (evaluation.DEV119_PATH, 0.995, 0.99),
        # kept unread until the round's rules were written, then scored once: 0.932 (wristband chips and bands, first-aid
        # registrations in a medical log: patient numbers 0.505), keep 0.984 (German nouns read as names); the same on
        # the round's starting code; then written against
        (evaluation.DEV120_PATH, 0.983, 0.99),
    ],
    ids=["dev117", "dev118", "dev119", "dev120"],
)
def test_engine_on_the_twenty_eighth_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, twenty-eighth round): four parts by other hands, each scored once before any rule
    was written against it (the figures in the comments; dev120 kept unread until the round's rules were written), then
    rules written against their misses; no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # unseen 0.750 (a clinical study's participant, screening, kit and sample numbers: patient numbers 0.404; CDISC
        # dates, years of birth in a screening log's column; 8 internal extensions published), keep 1.000
        (evaluation.DEV121_PATH, 0.988, 0.99),
        # unseen 0.987 (V-numbers after 'V number', names before a bracketed number, unknown birth dates 00-00-2008)
        (evaluation.DEV122_PATH, 0.995, 0.99),
        # unseen 0.969 (employee numbers, a scanned form's BSN boxes: one BSN published, case and roll numbers)
        (evaluation.DEV123_PATH, 0.994, 0.99),
        # kept unread until the round's other rules were written, then scored once: 0.982 (0.983 after them; court
        # rulings' party lines, petition numbers, a reporting centre's case codes); then written against
        (evaluation.DEV124_PATH, 0.995, 0.99),
    ],
    ids=["dev121", "dev122", "dev123", "dev124"],
)
def test_engine_on_the_twenty_ninth_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, twenty-ninth round): four parts by other hands, each scored once before any rule
    was written against it (the figures in the comments; dev124 kept unread until the round's rules were written), then
    rules written against their misses; no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # unseen 0.980 (student clinic: marks after a supervisor's, an examiner's, a student's role)
        (evaluation.DEV125_PATH, 0.988, 0.99),
        # unseen 0.962 (13 foreign national numbers and 10 phones published: PESEL, CNP, EGN, TAJ after their labels,
        # Hungarian and Lithuanian mobiles, a chat's sender by number), keep 0.983 ('ząb 16', 'dinte 27')
        (evaluation.DEV126_PATH, 0.986, 0.99),
        # unseen 0.958 (travel passes and rides: patient numbers 0.835), keep 0.981 (Sara Stedy, zuurstofconcentrator)
        (evaluation.DEV127_PATH, 0.988, 0.99),
        # kept unread until the round's other rules were written, then scored once: 0.939 (the same after them; a
        # foundation's and a municipality's file codes of letters, a year and a serial); then written against
        (evaluation.DEV128_PATH, 0.980, 0.99),
    ],
    ids=["dev125", "dev126", "dev127", "dev128"],
)
def test_engine_on_the_thirtieth_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, thirtieth round): four parts by other hands, each scored once before any rule was
    written against it (the figures in the comments; dev128 kept unread until the round's rules were written), then
    rules written against their misses; no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # unseen 0.957 (a laboratory's order, repair and device numbers: patient numbers 0.856; order numbers with a
        # non-breaking hyphen), keep 0.920 (materials, denture teeth, reference curves: 'SR Ivocap', 'curve van Spee')
        (evaluation.DEV129_PATH, 0.990, 0.99),
        # unseen 0.923 (a forensic identification's ante- and post-mortem numbers, the NFI's and a prosecutor's case
        # numbers: patient numbers 0.672), keep 0.983 ('root canal filling', 'London Atlas')
        (evaluation.DEV130_PATH, 0.993, 0.99),
        # unseen 0.961 (a migration's old numbers beside the new: patient numbers 0.866; Belgian RIZIV numbers)
        (evaluation.DEV131_PATH, 0.994, 0.99),
        # kept unread until the round's other rules were written, then scored once: 0.982 (the same after them; a
        # sports federation's and a club's numbers for a member, streets abroad before their postcodes), keep 0.984
        (evaluation.DEV132_PATH, 0.996, 0.99),
    ],
    ids=["dev129", "dev130", "dev131", "dev132"],
)
def test_engine_on_the_thirty_first_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, thirty-first round): four parts by other hands, each scored once before any rule
    was written against it (the figures in the comments; dev132 kept unread until the round's rules were written),
    then rules written against their misses; no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # unseen 0.976 (an insurer's authorisation and investigation codes whose letters are words, members' relation
        # numbers in short forms), keep 0.974 (treatment codes read into a practice's name, 'Dolder-staaf')
        (evaluation.DEV133_PATH, 0.997, 0.99),
        # unseen 0.982 (a subdistrict court's petition after its roll number, residents' and clients' numbers), keep
        # 0.982 (psychiatric and addiction medication by brand: 'Leponex', 'Priadel')
        (evaluation.DEV134_PATH, 0.995, 0.99),
        # unseen 0.986 (certificates after their words, BIG numbers grouped 5-4-2, addresses at a congress abroad)
        (evaluation.DEV135_PATH, 0.996, 0.99),
        # kept unread until the round's other rules were written, then scored once: 0.964 (the same after them; vessel
        # numbers and boarding schools' pupil numbers)
        (evaluation.DEV136_PATH, 0.995, 0.99),
    ],
    ids=["dev133", "dev134", "dev135", "dev136"],
)
def test_engine_on_the_thirty_second_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, thirty-second round): four parts by other hands, each scored once before any rule
    was written against it (the figures in the comments; dev136 kept unread until the round's rules were written),
    then rules written against their misses; no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # unseen 0.986, keep 0.856 (tongue-tie classes 'Kotlow klasse II', 'Coryllos type 3', Apgar scores, 'AD 29+2 wk',
        # feeding bottles and teats by brand; a log's 'beh=MB', a WhatsApp handle, consent scans' file names)
        (evaluation.DEV137_PATH, 0.997, 0.99),
        # unseen 0.937, keep 0.894 (dosimetry badges, X-ray units' serial numbers, a training register's certificates;
        # 'Hp(10)', X-ray units and software by their makers)
        (evaluation.DEV138_PATH, 0.991, 0.99),
        # unseen 0.985 (initials before the day on a court order's margin, a municipality's decision numbers, lower-case
        # names after 'aanvrager')
        (evaluation.DEV139_PATH, 0.997, 0.99),
        # kept unread until the round's other rules were written, then scored once: 0.942, keep 0.945 (the same after
        # them; an SMS gateway's URL-encoded phones, 75 published; club and student numbers, mandates)
        (evaluation.DEV140_PATH, 0.990, 0.99),
    ],
    ids=["dev137", "dev138", "dev139", "dev140"],
)
def test_engine_on_the_thirty_third_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, thirty-third round): four parts by other hands, each scored once before any rule
    was written against it (the figures in the comments; dev140 kept unread until the round's rules were written),
    then rules written against their misses; no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # unseen 0.981, keep 0.980 (complaint numbers, a survey's respondent column, members' notes' 'aanw:'/'afw:';
        # interdental picks and toothpastes by brand)
        (evaluation.DEV141_PATH, 0.988, 0.99),
        # unseen 0.992, keep 0.927 (lip shields and splint foils by brand, Helkimo's indices; a chat sender's role after a
        # bar)
        (evaluation.DEV142_PATH, 0.993, 0.99),
        # unseen 0.967 with 6 BSNs published from a scanned form's boxes, keep 0.867 (ICD-10 codes in brackets, eating
        # disorders' acronyms, supplements; 'Casus WA', an MDO's marks); keep 0.986 after: a pharmacy printout's drug
        # in a padded column is still read as a name
        (evaluation.DEV143_PATH, 0.987, 0.98),
        # kept unread until the round's other rules were written, then scored once: 0.949 (the same after them; a
        # reinforcement programme's and a compensation institute's case numbers, temporary homes' units '29-W4')
        (evaluation.DEV144_PATH, 0.985, 0.99),
    ],
    ids=["dev141", "dev142", "dev143", "dev144"],
)
def test_engine_on_the_thirty_fourth_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, thirty-fourth round): four parts by other hands, each scored once before any rule
    was written against it (the figures in the comments; dev144 kept unread until the round's rules were written),
    then rules written against their misses; no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # unseen 0.986, keep 0.868 (Urk's 'Wijk 4-20' addresses, lower-case streets after 'adres is nu', 'br. Pikkie'; Bible
        # references and church denominations read as names)
        (evaluation.DEV145_PATH, 0.995, 0.98),
        # unseen 0.991 (Frisian form labels 'efternamme', 'foarletters', 'postkoade', 'pasjintnr.'; 'Iryna' in no list)
        (evaluation.DEV146_PATH, 0.999, 0.99),
        # unseen 0.975 with 10 phones published (German notations '(0 25 62) 2 00 10', '0176 / 1 36 83 91'), keep 0.988;
        # German health-insurance numbers, postcodes before their places, 'Am Schlossgraben 146'
        (evaluation.DEV147_PATH, 0.994, 0.99),
        # kept unread until the round's other rules were written, then scored once: 0.989, keep 0.980 (the same after
        # them; a lab's HL7 orders and initials, order numbers, drugs read as names)
        (evaluation.DEV148_PATH, 0.998, 0.99),
    ],
    ids=["dev145", "dev146", "dev147", "dev148"],
)
def test_engine_on_the_thirty_fifth_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, thirty-fifth round): four parts by other hands, each scored once before any rule
    was written against it (the figures in the comments; dev148 kept unread until the round's rules were written),
    then rules written against their misses; no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # unseen 0.929 (staff, crew and airside-pass numbers: patient numbers 0.612; hotels' addresses abroad)
        (evaluation.DEV149_PATH, 0.986, 0.99),
        # unseen 0.928, keep 0.954 (birth names in capitals after 'geboren als', Korean given names' syllables, birth
        # certificates' register numbers, agendas' 'Hoekstra B.', age estimation's atlas and method)
        (evaluation.DEV150_PATH, 0.964, 0.99),
        # unseen 0.959, keep 0.933 (public health case and contact numbers in several systems' notations; tests and
        # vaccines read as names)
        (evaluation.DEV151_PATH, 0.997, 0.99),
        # kept unread until the round's other rules were written, then scored once: 0.911 with 1 e-mail published (the
        # same after them; fixed-width exports whose narrow columns stand one space apart, an address without its domain's
        # end); 0.941 after: the exports' initials and place columns ('VL', 'PL') are not read, since every column header
        # is a never-name word and 'PL' and 'VL' are staff marks
        (evaluation.DEV152_PATH, 0.941, 0.99),
    ],
    ids=["dev149", "dev150", "dev151", "dev152"],
)
def test_engine_on_the_thirty_sixth_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, thirty-sixth round): four parts by other hands, each scored once before any rule
    was written against it (the figures in the comments; dev152 kept unread until the round's rules were written),
    then rules written against their misses; no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # unseen 0.989, keep 0.935 (insolvency numbers in their other notations, an archive's and a notary's file numbers;
        # 'bewaartermijn 20 jaar' read as an age)
        (evaluation.DEV153_PATH, 0.995, 0.99),
        # unseen 0.989 with 2 phones published (read out digit by digit for a screen reader), keep 0.956 (Usher type 2,
        # Prevident, 'Besluit Wet langdurige zorg'; a lower-case 'mondzorg' read as a practice)
        (evaluation.DEV154_PATH, 0.994, 0.99),
        # unseen 0.979, keep 0.907 (hospitals' record numbers by their shapes, PA-numbers; radiotherapy's acronyms,
        # anatomical eponyms, the Marx protocol)
        (evaluation.DEV155_PATH, 0.996, 0.99),
        # kept unread until the round's other rules were written, then scored once: 0.951 with 29 phones published (the
        # same after them; the islands' numbers with their country code and no plus, Colombian phones, the island
        # insurance office's numbers, authorisations and passports); keep 0.954 (Spanish treatments)
        (evaluation.DEV156_PATH, 0.991, 0.98),
    ],
    ids=["dev153", "dev154", "dev155", "dev156"],
)
def test_engine_on_the_thirty_seventh_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, thirty-seventh round): four parts by other hands, each scored once before any rule
    was written against it (the figures in the comments; dev156 kept unread until the round's rules were written),
    then rules written against their misses; no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # unseen 0.985, keep 0.920 (a yearly serial closing a titration log's heading, a policy number after 'Verzekerde nr :',
        # names in a lab's scan files; sleep recorders and mandibular advancement devices read as names)
        (evaluation.DEV157_PATH, 0.992, 0.99),
        # unseen 0.991 with 1 phone published (glued to 'tel'), keep 0.865 (hypnosis's and sedation's models and scales;
        # a mark in brackets closing a sentence's line, ages in a day list's rows)
        (evaluation.DEV158_PATH, 0.997, 0.91),
        # unseen 0.975 with 1 phone published (an OCR'd label), keep 0.972 (liability insurers' claim numbers 0.514, an
        # expert's report numbers; Glasgow Coma Scale, Gates-Glidden)
        (evaluation.DEV159_PATH, 0.995, 0.99),
        # kept unread until the round's other rules were written, then scored once: 0.9635 with 3 e-mails and 1 IBAN
        # published (the same after them; addresses said aloud and URL-encoded, a German IBAN in number words; names
        # spelt 'k van karel o van otto'), keep 0.842 (clinical words misheard by speech-to-text)
        (evaluation.DEV160_PATH, 0.973, 0.85),
    ],
    ids=["dev157", "dev158", "dev159", "dev160"],
)
def test_engine_on_the_thirty_eighth_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, thirty-eighth round): four parts by other hands, each scored once before any rule
    was written against it (the figures in the comments; dev160 kept unread until the round's rules were written),
    then rules written against their misses; no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # unseen 0.9963, keep 1.000 (display names MIME-encoded in bounces, 'Jansen-van der Meer' cut at its particles)
        (evaluation.DEV161_PATH, 0.999, 0.99),
        # unseen 0.9525 with 19 phones and 2 IBANs published (Turkish and Polish numbers as dialled at home, Polish
        # accounts without 'PL'), keep 0.967 (implant systems and bone substitutes of clinics abroad)
        (evaluation.DEV162_PATH, 0.999, 0.98),
        # kept unread until the round's other rules were written, then scored once: 0.9473 (the same after them; case
        # and complaint numbers 0.578), keep 0.974
        (evaluation.DEV163_PATH, 0.999, 0.97),
    ],
    ids=["dev161", "dev162", "dev163"],
)
def test_engine_on_the_thirty_ninth_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, thirty-ninth round): three parts by other hands, each scored once before any rule
    was written against it (the figures in the comments; dev163 kept unread until the round's other rules were
    written), then rules written against their misses; no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


@pytest.mark.parametrize(
    "path,recall,keep",
    [
        # unseen 0.9883, keep 1.000 (a detainee's and an escort's fields in capitals, request slips' glued numbers, an
        # appeal's number 'R-24/51971/GM')
        (evaluation.DEV164_PATH, 0.998, 0.99),
        # kept unread until the round's other rules were written, then scored once: 0.9744 (the same after them; names
        # spelt in the NATO alphabet apart by dashes, service numbers, lower-case names after ranks), keep 0.948 (the
        # dental fitness class 'DFC 3' read as initials)
        (evaluation.DEV165_PATH, 0.996, 0.99),
        # unseen 0.9914, keep 0.998 (petitions' and courts' numbers, the parties of a court's decision in capitals)
        (evaluation.DEV166_PATH, 0.999, 0.99),
    ],
    ids=["dev164", "dev165", "dev166"],
)
def test_engine_on_the_fortieth_rounds_parts_as_measured(path, recall, keep):
    """Pinned as measured (issue 17, fortieth round): three parts by other hands, each scored once before any rule was
    written against it (the figures in the comments; dev165 kept unread until the round's other rules were written),
    then rules written against their misses; no leak of the four kinds."""
    assert_as_measured(path, recall, keep)


def test_engine_on_the_ocr_archive_as_measured():
    """dev115, an old practice's paper archive read by OCR (issue 17, twenty-seventh round; by another hand): unseen
    0.776 with 52 bank accounts and 50 phones left (giro and pre-IBAN account numbers after their bank's word, phone
    numbers before 1995). Pinned as measured after the round's rules: the accounts and phones still left are those whose
    digits OCR turned into letters or marks ('020-B433B2', '36 B8 83 140', '(0¦5133) 54908') or bare after a neighbour's
    name ('fam. Koster [?] 4 56 54'); they may only go down."""
    report = evaluation.run(["engine"], evaluation.load(evaluation.DEV115_PATH), use_deny=False)["engine"]
    assert report["leaks"]["BSN"] == 0 and report["leaks"]["EMAIL"] == 0
    assert report["leaks"]["IBAN"] <= 10 and report["leaks"]["TELEFOON"] <= 25
    assert report["categories"]["DIRECT (micro)"]["recall"] >= 0.874
    assert report["keep_rate"] >= 0.99


def test_scorer_reports_recall_per_kind_and_the_shape_of_leaks():
    """The aggregates the held-out part may be read by: per kind of document, and missed whole or in part."""
    record = {
        "kind": "brief",
        "text": "Jan Jansen en Piet",
        "spans": [
            {"start": 0, "end": 10, "category": "PERSOON", "text": "Jan Jansen"},
            {"start": 14, "end": 18, "category": "PERSOON", "text": "Piet"},
        ],
        "keep": [],
    }
    report = evaluation.score([record], [[("PERSOON", 0, 3, 0.9)]])
    assert report["direct_by_kind"] == {"brief": {"gold": 2, "leaks": 2, "recall": 0.0}}
    assert report["direct_leak_shape"] == {"partly covered": 1, "untouched": 1}
    assert "brief 0.000 (2/2)" in evaluation.format_by_kind(report)


# --- the two parts: development (own templates) and test (written independently, no deny lists) ---------------


def test_test_part_is_committed_large_enough_and_exact():
    """The committed test part is the generator's output for its seed, with enough spans for recall ≥ 0.998."""
    from fixtures.text import independent_corpus

    test = evaluation.load(evaluation.TEST_PATH)
    assert test == independent_corpus.generate(), "eval/text/test.jsonl is stale: rerun the fixture's generator"
    direct = sum(1 for r in test for s in r["spans"] if s["category"] in corpus.DIRECT_IDENTIFIERS)
    assert direct >= 2000 and sum(len(r["keep"]) for r in test) >= 1000
    assert all(r["deny"] == [] for r in test)


def test_independent_generator_is_deterministic_and_its_offsets_match():
    from fixtures.practice import dutch
    from fixtures.text import independent_corpus

    first = independent_corpus.generate(records=120, seed=5)
    assert first == independent_corpus.generate(records=120, seed=5)
    assert first != independent_corpus.generate(records=120, seed=6)
    categories = set()
    for r in first:
        ends = 0
        for s in sorted(r["spans"] + r["keep"], key=lambda s: s["start"]):
            assert r["text"][s["start"] : s["end"]] == s["text"] and s["text"] == s["text"].strip()
            assert s["start"] >= ends, "gold and keep spans must not overlap"
            ends = s["end"]
            categories.add(s["category"])
        for s in r["spans"]:
            compact = "".join(c for c in unicodedata.normalize("NFKC", s["text"]) if c.isalnum())
            if s["category"] == "BSN":  # the fixture's own 11-proef agrees with production's
                assert dutch.is_valid_bsn(compact), s
            if s["category"] == "IBAN":
                assert dutch.is_valid_iban(compact), s
    assert categories >= {"PERSOON", "BSN", "TELEFOON", "EMAIL", "IBAN", "ADRES", "POSTCODE", "KEEP"}


def test_score_reports_every_part_and_fails_on_missed_test_targets(tmp_path, capsys):
    """`score` prints a development, a test and a held-out table; an unseen part's targets can fail the command."""
    dev, test = tmp_path / "dev.jsonl", tmp_path / "test.jsonl"
    dev_records = evaluation.load()[:6]
    dev.write_text("\n".join(json.dumps(r) for r in dev_records) + "\n")
    gold = {r["text"]: [(g["category"], g["start"], g["end"], 1.0) for g in r["spans"]] for r in dev_records}
    leaky = {
        "id": "x",
        "kind": "k",
        "text": "Bel Jan Post.",
        "deny": ["Jan Post"],
        "keep": [],
        "spans": [{"start": 4, "end": 12, "category": "PERSOON", "text": "Jan Post"}],
    }
    test.write_text(json.dumps(leaky) + "\n")
    calls = []

    def oracle_on_dev_only(text: str, deny: tuple[str, ...]) -> list:
        calls.append(deny)
        return gold.get(text, [])

    report_file = tmp_path / "report.json"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(evaluation, "systems", lambda names: {n: oracle_on_dev_only for n in names})
        code = evaluation.main(
            [
                "score",
                "--corpus",
                str(dev),
                "--test-corpus",
                str(test),
                "--systems",
                "engine",
                "--heldout-corpus",
                str(test),
                "--dev2-corpus",
                str(test),
                "--dev3-corpus",
                str(test),
                "--dev4-corpus",
                str(test),
                "--dev5-corpus",
                str(test),
                "--dev6-corpus",
                str(test),
                "--dev7-corpus",
                str(test),
                "--dev8-corpus",
                str(test),
                "--dev9-corpus",
                str(test),
                "--dev10-corpus",
                str(test),
                "--dev11-corpus",
                str(test),
                "--dev12-corpus",
                str(test),
                "--dev13-corpus",
                str(test),
                "--dev14-corpus",
                str(test),
                "--dev15-corpus",
                str(test),
                "--dev16-corpus",
                str(test),
                "--dev17-corpus",
                str(test),
                "--dev18-corpus",
                str(test),
                "--dev19-corpus",
                str(test),
                "--dev20-corpus",
                str(test),
                "--dev21-corpus",
                str(test),
                "--dev22-corpus",
                str(test),
                "--dev23-corpus",
                str(test),
                "--dev24-corpus",
                str(test),
                "--dev25-corpus",
                str(test),
                "--dev26-corpus",
                str(test),
                "--dev27-corpus",
                str(test),
                "--dev28-corpus",
                str(test),
                "--dev29-corpus",
                str(test),
                "--dev30-corpus",
                str(test),
                "--dev31-corpus",
                str(test),
                "--dev32-corpus",
                str(test),
                "--dev33-corpus",
                str(test),
                "--dev34-corpus",
                str(test),
                "--dev35-corpus",
                str(test),
                "--dev36-corpus",
                str(test),
                "--dev37-corpus",
                str(test),
                "--dev38-corpus",
                str(test),
                "--dev39-corpus",
                str(test),
                "--dev40-corpus",
                str(test),
                "--dev41-corpus",
                str(test),
                "--dev42-corpus",
                str(test),
                "--dev43-corpus",
                str(test),
                "--dev44-corpus",
                str(test),
                "--dev45-corpus",
                str(test),
                "--dev46-corpus",
                str(test),
                "--dev47-corpus",
                str(test),
                "--dev48-corpus",
                str(test),
                "--dev49-corpus",
                str(test),
                "--dev50-corpus",
                str(test),
                "--dev51-corpus",
                str(test),
                "--dev52-corpus",
                str(test),
                "--dev53-corpus",
                str(test),
                "--dev54-corpus",
                str(test),
                "--dev55-corpus",
                str(test),
                "--dev56-corpus",
                str(test),
                "--dev57-corpus",
                str(test),
                "--dev58-corpus",
                str(test),
                "--dev59-corpus",
                str(test),
                "--dev60-corpus",
                str(test),
                "--dev61-corpus",
                str(test),
                "--dev62-corpus",
                str(test),
                "--dev63-corpus",
                str(test),
                "--dev64-corpus",
                str(test),
                "--dev65-corpus",
                str(test),
                "--dev66-corpus",
                str(test),
                "--dev67-corpus",
                str(test),
                "--dev68-corpus",
                str(test),
                "--dev69-corpus",
                str(test),
                "--dev70-corpus",
                str(test),
                "--dev71-corpus",
                str(test),
                "--dev72-corpus",
                str(test),
                "--dev73-corpus",
                str(test),
                "--dev74-corpus",
                str(test),
                "--dev75-corpus",
                str(test),
                "--dev76-corpus",
                str(test),
                "--dev77-corpus",
                str(test),
                "--dev78-corpus",
                str(test),
                "--dev79-corpus",
                str(test),
                "--dev80-corpus",
                str(test),
                "--dev81-corpus",
                str(test),
                "--dev82-corpus",
                str(test),
                "--dev83-corpus",
                str(test),
                "--dev84-corpus",
                str(test),
                "--dev85-corpus",
                str(test),
                "--dev86-corpus",
                str(test),
                "--dev87-corpus",
                str(test),
                "--dev88-corpus",
                str(test),
                "--dev89-corpus",
                str(test),
                "--dev90-corpus",
                str(test),
                "--dev91-corpus",
                str(test),
                "--dev92-corpus",
                str(test),
                "--dev93-corpus",
                str(test),
                "--dev94-corpus",
                str(test),
                "--dev95-corpus",
                str(test),
                "--dev96-corpus",
                str(test),
                "--dev97-corpus",
                str(test),
                "--dev98-corpus",
                str(test),
                "--dev99-corpus",
                str(test),
                "--dev100-corpus",
                str(test),
                "--dev101-corpus",
                str(test),
                "--dev102-corpus",
                str(test),
                "--dev103-corpus",
                str(test),
                "--dev104-corpus",
                str(test),
                "--dev105-corpus",
                str(test),
                "--dev106-corpus",
                str(test),
                "--dev107-corpus",
                str(test),
                "--dev108-corpus",
                str(test),
                "--dev109-corpus",
                str(test),
                "--dev110-corpus",
                str(test),
                "--dev111-corpus",
                str(test),
                "--dev112-corpus",
                str(test),
                "--dev113-corpus",
                str(test),
                "--dev114-corpus",
                str(test),
                "--dev115-corpus",
                str(test),
                "--dev116-corpus",
                str(test),
                "--dev117-corpus",
                str(test),
                "--dev118-corpus",
                str(test),
                "--dev119-corpus",
                str(test),
                "--dev120-corpus",
                str(test),
                "--dev121-corpus",
                str(test),
                "--dev122-corpus",
                str(test),
                "--dev123-corpus",
                str(test),
                "--dev124-corpus",
                str(test),
                "--dev125-corpus",
                str(test),
                "--dev126-corpus",
                str(test),
                "--dev127-corpus",
                str(test),
                "--dev128-corpus",
                str(test),
                "--dev129-corpus",
                str(test),
                "--dev130-corpus",
                str(test),
                "--dev131-corpus",
                str(test),
                "--dev132-corpus",
                str(test),
                "--dev133-corpus",
                str(test),
                "--dev134-corpus",
                str(test),
                "--dev135-corpus",
                str(test),
                "--dev136-corpus",
                str(test),
                "--dev137-corpus",
                str(test),
                "--dev138-corpus",
                str(test),
                "--dev139-corpus",
                str(test),
                "--dev140-corpus",
                str(test),
                "--dev141-corpus",
                str(test),
                "--dev142-corpus",
                str(test),
                "--dev143-corpus",
                str(test),
                "--dev144-corpus",
                str(test),
                "--dev145-corpus",
                str(test),
                "--dev146-corpus",
                str(test),
                "--dev147-corpus",
                str(test),
                "--dev148-corpus",
                str(test),
                "--dev149-corpus",
                str(test),
                "--dev150-corpus",
                str(test),
                "--dev151-corpus",
                str(test),
                "--dev152-corpus",
                str(test),
                "--dev153-corpus",
                str(test),
                "--dev154-corpus",
                str(test),
                "--dev155-corpus",
                str(test),
                "--dev156-corpus",
                str(test),
                "--dev157-corpus",
                str(test),
                "--dev158-corpus",
                str(test),
                "--dev159-corpus",
                str(test),
                "--dev160-corpus",
                str(test),
                "--dev161-corpus",
                str(test),
                "--dev162-corpus",
                str(test),
                "--dev163-corpus",
                str(test),
                "--dev164-corpus",
                str(test),
                "--dev165-corpus",
                str(test),
                "--dev166-corpus",
                str(test),
                "--heldout2-corpus",
                str(test),
                "--json",
                str(report_file),
            ]
        )
    printed = capsys.readouterr().out
    assert "== development part" in printed and "== test part" in printed and "== held-out part" in printed
    assert "engine targets, heldout part: NOT met" in printed
    assert "engine targets, dev part: met" in printed and "engine targets, test part: NOT met" in printed
    assert code == 1
    assert set(json.loads(report_file.read_text())) == {
        "development",
        "dev2",
        "dev3",
        "dev4",
        "dev5",
        "dev6",
        "dev7",
        "dev8",
        "dev9",
        "dev10",
        "dev11",
        "dev12",
        "dev13",
        "dev14",
        "dev15",
        "dev16",
        "dev17",
        "dev18",
        "dev19",
        "dev20",
        "dev21",
        "dev22",
        "dev23",
        "dev24",
        "dev25",
        "dev26",
        "dev27",
        "dev28",
        "dev29",
        "dev30",
        "dev31",
        "dev32",
        "dev33",
        "dev34",
        "dev35",
        "dev36",
        "dev37",
        "dev38",
        "dev39",
        "dev40",
        "dev41",
        "dev42",
        "dev43",
        "dev44",
        "dev45",
        "dev46",
        "dev47",
        "dev48",
        "dev49",
        "dev50",
        "dev51",
        "dev52",
        "dev53",
        "dev54",
        "dev55",
        "dev56",
        "dev57",
        "dev58",
        "dev59",
        "dev60",
        "dev61",
        "dev62",
        "dev63",
        "dev64",
        "dev65",
        "dev66",
        "dev67",
        "dev68",
        "dev69",
        "dev70",
        "dev71",
        "dev72",
        "dev73",
        "dev74",
        "dev75",
        "dev76",
        "dev77",
        "dev78",
        "dev79",
        "dev80",
        "dev81",
        "dev82",
        "dev83",
        "dev84",
        "dev85",
        "dev86",
        "dev87",
        "dev88",
        "dev89",
        "dev90",
        "dev91",
        "dev92",
        "dev93",
        "dev94",
        "dev95",
        "dev96",
        "dev97",
        "dev98",
        "dev99",
        "dev100",
        "dev101",
        "dev102",
        "dev103",
        "dev104",
        "dev105",
        "dev106",
        "dev107",
        "dev108",
        "dev109",
        "dev110",
        "dev111",
        "dev112",
        "dev113",
        "dev114",
        "dev115",
        "dev116",
        "dev117",
        "dev118",
        "dev119",
        "dev120",
        "dev121",
        "dev122",
        "dev123",
        "dev124",
        "dev125",
        "dev126",
        "dev127",
        "dev128",
        "dev129",
        "dev130",
        "dev131",
        "dev132",
        "dev133",
        "dev134",
        "dev135",
        "dev136",
        "dev137",
        "dev138",
        "dev139",
        "dev140",
        "dev141",
        "dev142",
        "dev143",
        "dev144",
        "dev145",
        "dev146",
        "dev147",
        "dev148",
        "dev149",
        "dev150",
        "dev151",
        "dev152",
        "dev153",
        "dev154",
        "dev155",
        "dev156",
        "dev157",
        "dev158",
        "dev159",
        "dev160",
        "dev161",
        "dev162",
        "dev163",
        "dev164",
        "dev165",
        "dev166",
        "test",
        "heldout",
        "heldout2",
    }
    assert calls[-1] == (), "the test part is scored without deny lists"
