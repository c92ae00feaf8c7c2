"""Part dev145 (a dental practice in a fishing and reformed-church village on the former Zuiderzee): the committed
file is the generator's output, the shared contract holds, every BSN and IBAN passes its checksum (checked here by
hand, not by the generator), and the village's own identifiers (bijnamen, father's names, "wife of" names, surnames
and given names that are Dutch words, boats, shops) are annotated wherever they occur."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

from fixtures.text import dev145_corpus as part
from fixtures.text.corpus_file import dumps
from tests.text import annotated_parts

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / part.DATA
RECORDS = part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED)

CATEGORY_COUNTS = {
    "ADRES": 173,
    "AGB": 25,
    "BSN": 101,
    "DATUM": 594,
    "EMAIL": 91,
    "GEBOORTEDATUM": 204,
    "IBAN": 55,
    "INSTELLING": 254,
    "LEEFTIJD": 106,
    "LOCATIE": 289,
    "PATIENTNUMMER": 122,
    "PERSOON": 1293,
    "POLISNUMMER": 29,
    "POSTCODE": 123,
    "TELEFOON": 267,
    "URL": 15,
    "UZI": 18,
}
KEEP_COUNT = 478


def _rows(name: str) -> list[list[str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def _spans(category: str | None = None):
    for r in RECORDS:
        for s in r["spans"]:
            if category is None or s["category"] == category:
                yield r, s


def _digits(s: str) -> str:
    return re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", s))


# ------------------------------------------------------------------------------------------------- file and contract


def test_committed_file_is_the_generators_output():
    assert (ROOT / part.PATH).read_text(encoding="utf-8") == dumps(RECORDS)


def test_seeded_and_prefix_stable():
    assert part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED) == RECORDS
    assert part.generate(37, part.DEFAULT_SEED) == RECORDS[:37]
    assert part.generate(1, part.DEFAULT_SEED) == RECORDS[:1]
    assert part.generate(37, part.DEFAULT_SEED + 1) != RECORDS[:37]


def test_shared_contract():
    annotated_parts.assert_spans_exact_and_disjoint(RECORDS)
    annotated_parts.assert_fields_and_kinds(RECORDS, part.KINDS, part.DEFAULT_RECORDS // len(part.KINDS))
    assert len(part.KINDS) == 12 and len(RECORDS) == 240
    assert [r["kind"] for r in RECORDS[:12]] == list(part.KINDS)


def test_spans_on_word_boundaries():
    for r in RECORDS:
        t = r["text"]
        for s in r["spans"] + r["keep"]:
            before = t[s["start"] - 1] if s["start"] else " "
            after = t[s["end"]] if s["end"] < len(t) else " "
            assert not before.isalnum() and not after.isalnum(), (r["id"], s, before, after)


def test_counts_pinned():
    counts = Counter(s["category"] for _, s in _spans())
    assert dict(counts) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in RECORDS) == KEEP_COUNT
    per_kind = Counter(r["kind"] for r in RECORDS for _ in r["spans"])
    assert all(n >= 60 for n in per_kind.values()), per_kind


# ------------------------------------------------------------------------------------------------- checksums, own hand


def test_every_bsn_passes_the_elfproef():
    bsns = [s["text"] for _, s in _spans("BSN")]
    assert len(bsns) >= 80
    for b in bsns:
        d = _digits(b)
        assert len(d) == 9, b
        total = sum(int(x) * w for x, w in zip(d, (9, 8, 7, 6, 5, 4, 3, 2, -1)))
        assert total % 11 == 0, b
        assert annotated_parts.bsn_ok(d)


def test_every_iban_passes_mod_97():
    lengths = {c: int(n) for c, _, n in _rows("banken.tsv")}
    ibans = [s["text"] for _, s in _spans("IBAN")]
    assert len(ibans) >= 40
    for i in ibans:
        compact = re.sub(r"[^0-9A-Za-z]", "", unicodedata.normalize("NFKC", i)).upper()
        assert lengths[compact[:2]] == len(compact), i
        moved = compact[4:] + compact[:4]
        number = int("".join(str(int(ch, 36)) for ch in moved))
        assert number % 97 == 1, i
        assert annotated_parts.iban_ok(unicodedata.normalize("NFKC", i), lengths)
    assert {re.sub(r"[^A-Za-z]", "", i)[:2].upper() for i in ibans} >= {"NL", "PL"}


# ------------------------------------------------------------------------------------------------- the village's names


def _covered(r: dict, a: int, b: int, cats: tuple[str, ...]) -> bool:
    return any(s["start"] <= a and b <= s["end"] and s["category"] in cats for s in r["spans"])


def test_nicknames_and_word_names_are_persons_wherever_they_occur():
    """A bijnaam, or a surname or given name that is also a Dutch word (Post, Visser, Kramer, Roos, Snip, Haring),
    written with a capital is a PERSOON span everywhere (or inside an e-mail or URL); a bijnaam that is no Dutch
    word is one in any case."""
    nick_rows = _rows("bijnamen.tsv")
    word_tokens = {n for n, _, w in nick_rows if w == "1"}
    word_tokens |= {s.split(" ")[-1] for s, _, w in _rows("achternamen.tsv") if w == "1"}
    word_tokens |= {g for g, _, _, w in _rows("voornamen.tsv") if w == "1"}
    plain_nicks = {n for n, _, w in nick_rows if w == "0"}
    cats = ("PERSOON", "EMAIL", "URL")
    hits = 0
    for r in RECORDS:
        t = r["text"]
        for tok in word_tokens:
            for m in re.finditer(rf"(?<!\w){re.escape(tok)}(?!\w)", t):
                hits += 1
                assert _covered(r, m.start(), m.end(), cats), (r["id"], tok, t[max(0, m.start() - 40) : m.end() + 40])
        for tok in plain_nicks:
            for m in re.finditer(rf"(?<!\w){re.escape(tok)}(?!\w)", t, re.IGNORECASE):
                hits += 1
                assert _covered(r, m.start(), m.end(), cats), (r["id"], tok)
    assert hits >= 280


def test_village_name_forms_are_annotated_whole():
    persons = [s["text"] for _, s in _spans("PERSOON")]
    nicks = {n for n, kind, _ in _rows("bijnamen.tsv") if kind == "persoon"}
    famnicks = {n for n, kind, _ in _rows("bijnamen.tsv") if kind == "familie"}
    patro_fam = [
        p for p in persons if re.fullmatch(r"\w+ van \w+-(\w+)", p) and p.split("-")[-1].capitalize() in famnicks
    ]
    patro = [p for p in persons if re.fullmatch(r"[A-Za-z]+ van [A-Z][a-z]+", p)]
    with_nick = [p for p in persons if p.split(" ")[-1].capitalize() in nicks and " " in p]
    nick_alone = [p for p in persons if p in nicks]
    wife_of = [p for p in persons if re.fullmatch(r"\w+ van \w+ \w+", p) and p.split(" ")[-1] in nicks]
    assert len(patro_fam) >= 20, patro_fam
    assert len(patro) >= 20, patro
    assert len(with_nick) >= 20
    assert len(nick_alone) >= 8
    assert len(wife_of) >= 6
    # the same bijnaam is one span in the kinds where it occurs
    kinds_with_nicks = {r["kind"] for r, s in _spans("PERSOON") if any(n in s["text"].split(" ") for n in nicks)}
    assert len(kinds_with_nicks) >= 9, kinds_with_nicks


def test_boats_and_shops():
    boats = [s["text"] for _, s in _spans("INSTELLING") if re.fullmatch(r"[A-Za-z]{2,3}[ -]?\d{1,3}", s["text"])]
    assert len(boats) >= 30
    shop_words = (*part.SHOPS, "Rederij")
    shops = 0
    for r, s in _spans("PERSOON"):
        before = r["text"][: s["start"]].rstrip().split(" ")[-1]
        shops += before in shop_words
    assert shops >= 10


def test_ordinary_words_are_left_alone():
    """The same words written as ordinary words (``per post``, ``visser op de``) are no spans."""
    seen = 0
    for r in RECORDS:
        for m in re.finditer(r"(?<!\w)(post|visser|bakker|schipper)(?!\w)", r["text"]):
            if not _covered(r, m.start(), m.end(), ("PERSOON", "EMAIL", "URL")):
                seen += 1
    assert seen >= 20


# ------------------------------------------------------------------------------------------------- kept strings


def test_clinical_and_church_strings_are_kept_and_never_inside_a_span():
    clinical = {t.casefold() for t, _ in _rows("klinisch.tsv")}
    church = {t.casefold() for t, _ in _rows("bijbel.tsv")}
    element = re.compile(r"[1-8][1-8]([- ]?[modblp]{1,4})?|dmft \d+")
    kinds = Counter()
    for r in RECORDS:
        for k in r["keep"]:
            t = k["text"].casefold()
            if t in clinical:
                kinds["clinical"] += 1
            elif t in church:
                kinds["church"] += 1
            else:
                assert element.fullmatch(t), k
                kinds["element"] += 1
        # every Bible reference and denomination in the text is a kept string
        for phrase, _ in _rows("bijbel.tsv"):
            for m in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", r["text"], re.IGNORECASE):
                assert any(k["start"] <= m.start() and m.end() <= k["end"] for k in r["keep"]), (r["id"], phrase)
        for s in r["spans"]:
            low = s["text"].casefold()
            for c in clinical | church:
                if len(c) >= 5:
                    assert c not in low, (r["id"], s, c)
    assert kinds["clinical"] >= 250 and kinds["church"] >= 50 and kinds["element"] >= 90, kinds
    texts = {k["text"] for r in RECORDS for k in r["keep"]}
    for must in (
        "Psalm 23",
        "Joh. 3:16",
        "Le Fort I",
        "Angle klasse II/1",
        "Kennedy klasse III",
        "M40",
        "Fluor Protector",
    ):
        assert must in texts or must.casefold() in {t.casefold() for t in texts}, must


# ------------------------------------------------------------------------------------------------- notations


def test_notations_present():
    def spans_with(pred, cats=None):
        return [s for _, s in _spans() if (cats is None or s["category"] in cats) and pred(s["text"])]

    assert len(spans_with(lambda t: "\u00a0" in t)) >= 30
    assert len(spans_with(lambda t: "\u202f" in t)) >= 8
    assert len(spans_with(lambda t: "\u200b" in t)) >= 10
    assert len(spans_with(lambda t: "\u00ad" in t)) >= 20
    assert len(spans_with(lambda t: any("\uff10" <= ch <= "\uff19" for ch in t))) >= 8
    assert len(spans_with(lambda t: "%20" in t or "%40" in t or "%2B" in t)) >= 30
    assert len(spans_with(lambda t: t.startswith("+870") or t.startswith("00870"), ("TELEFOON",))) >= 5
    assert (
        len(spans_with(lambda t: re.match(r"\+(44|45|47|48|49|90|212|33|380)|00(44|48)", t) is not None, ("TELEFOON",)))
        >= 10
    )
    assert len(spans_with(lambda t: t.startswith("O"), ("TELEFOON",))) >= 2  # OCR read the 0 as a letter
    assert len(spans_with(lambda t: re.fullmatch(r"\d{4}\s?[a-z]{2}", t) is not None, ("POSTCODE",))) >= 20
    assert len(spans_with(lambda t: t.startswith("Wijk "), ("ADRES",))) >= 8
    assert len(spans_with(lambda t: t == t.lower() and " " in t, ("PERSOON",))) >= 50
    assert len(spans_with(lambda t: re.fullmatch(r"[A-Z][\w' -]+, [A-Z][\w. ]+", t) is not None, ("PERSOON",))) >= 120
    assert len(spans_with(lambda t: re.match(r"([A-Z]\.)+ ", t) is not None, ("PERSOON",))) >= 150
    assert len(spans_with(lambda t: "-\n" in t, ("PERSOON",))) >= 3  # OCR broke the name over two lines
    assert len(spans_with(lambda t: any(ch in t for ch in "łśżąęıışğçöüø"), ("PERSOON",))) >= 30
    glued = 0
    underscore = 0
    for r in RECORDS:
        t = r["text"]
        for s in r["spans"]:
            glued += s["start"] > 0 and t[s["start"] - 1] == ":"
            underscore += s["category"] == "EMAIL" and t[s["end"] : s["end"] + 1] == "_"
    assert glued >= 5 and underscore >= 3
    # foreign addresses
    abroad = {a for a, _ in _rows("buitenlandse_adressen.tsv")}
    assert len(spans_with(lambda t: t in abroad, ("ADRES",))) >= 4
    # dates in many notations
    dates = [s["text"] for _, s in _spans() if s["category"] in ("DATUM", "GEBOORTEDATUM")]
    forms = {
        "iso": r"\d{4}-\d\d-\d\d",
        "dash": r"\d{1,2}-\d{1,2}-\d{4}",
        "slash2": r"\d\d/\d\d/\d\d",
        "dots": r"\d\d\.\d\d\.\d{4}",
        "words": r"\d{1,2} [a-z]+ \d{4}",
        "apos": r"\d{1,2} [a-z]+ '\d\d",
        "noyear": r"\d{1,2}[/-]\d{1,2}",
    }
    for name, rx in forms.items():
        assert sum(bool(re.fullmatch(rx, d)) for d in dates) >= 20, name
