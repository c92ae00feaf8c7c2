"""Notation normalisation and the shared identifier finder (issue 17): offsets, boundaries, clinical text."""

from __future__ import annotations

import random
import unicodedata

import pytest

from transforms.identifiers import direct
from transforms.identifiers.names import KnownNames
from transforms.identifiers.notation import normalise

# Whole clusters (a base and its marks), so a combining mark always follows its own letter.
UNITS = [
    "a",
    "Z",
    "7",
    " ",
    ".",
    "-",
    "\n",
    "é",
    "e\u0301",
    "a\u0301\u0323",
    "ﬁ",
    "ﬀ",
    "½",
    "²",
    "１",
    "Ａ",
    "٣",
    "۷",
    "९",
    "\U0001d7d5",
    "\u00a0",
    "\u202f",
    "\u2009",
    "\u2007",
    "\u3000",
    "\u00ad",
    "\u200b",
    "\u2060",
    "\ufeff",
    "\u200d",
    "–",
    "—",
    "\u2011",
    "\u2212",
    "ß",
    "İ",
    "ş",
    "ł",
    "Ω",
    "µ",
    "™",
    "＠",
    "…",
    "ĳ",
    "ë",
    "€",
]


def reference(text: str) -> str:
    """Normalisation written the plain way (whole string), for comparison."""
    kept = "".join(
        " " if unicodedata.category(c) == "Zs" else "-" if unicodedata.category(c) == "Pd" or c == "\u2212" else c
        for c in text
        if unicodedata.category(c) != "Cf"
    )
    folded = unicodedata.normalize("NFKC", kept)
    return "".join(str(unicodedata.decimal(c)) if unicodedata.category(c) == "Nd" else c for c in folded)


@pytest.mark.parametrize("seed", range(40))
def test_offsets_map_every_normalised_character_back_to_the_original(seed):
    rng = random.Random(seed)
    text = "".join(rng.choice(UNITS) for _ in range(rng.randint(0, 60)))
    norm = normalise(text)
    assert norm.original == text
    assert norm.text == reference(text)
    if norm.identity:
        assert norm.text == text
        return
    starts, ends = norm.starts, norm.ends
    assert len(starts) == len(ends) == len(norm.text)
    assert list(starts) == sorted(starts) and list(ends) == sorted(ends)
    for i, ch in enumerate(norm.text):
        assert 0 <= starts[i] < ends[i] <= len(text)
        assert ch in normalise(text[starts[i] : ends[i]]).text  # each character comes from its own cluster
    for _ in range(30):  # any normalised span maps to an original span that normalises to (at least) it
        s = rng.randrange(len(norm.text))
        e = rng.randint(s + 1, len(norm.text))
        a, b = norm.span(s, e)
        assert norm.text[s:e] in normalise(text[a:b]).text
    # Round trip: normalising the original cluster by cluster gives the normalised text back.
    clusters = sorted(set(zip(starts, ends)))
    assert "".join(normalise(text[a:b]).text for a, b in clusters) == norm.text


def test_lengths_change_and_the_span_is_still_the_original_one():
    text = "ﬁ½ bsn １２３\u00a0４５６\u00a0７８２ en 1234\u200b56782"
    norm = normalise(text)
    assert norm.text == "fi1⁄2 bsn 123 456 782 en 123456782"
    found = [(f.kind, text[f.start : f.end]) for f in direct.find(text)]
    assert found == [("bsn", "１２３\u00a0４５６\u00a0７８２"), ("bsn", "1234\u200b56782")]
    assert normalise("plain ASCII 06-12345678").identity and normalise("cariës, Şahin").identity


VALID_BSN = "123456782"


@pytest.mark.parametrize(
    "text",
    [
        "Patiënt:123456782, verder",
        "sofinr:123456782",
        "bsn-123456782",
        ",123456782,",
        "-123456782",
        "sofinr123456782",
        "123456782abc",
        "nr123456782x",
        "bsn 123\u00a0456\u00a0782",
        "bsn 123\u202f456\u202f782",
        "bsn 123\u2009456\u2009782",
        "bsn 1234\u200b56782",
        "bsn 123\u00ad456\u00ad782",
        "bsn 1234.56.782",
        "bsn 12-345-67-82",
        "bsn 123–456–782",
        "bsn １２３４５６７８２",
        "bsn ١٢٣٤٥٦٧٨٢",
        "bsn ۱۲۳۴۵۶۷۸۲",
        "bsn 123 456 782 12",
        "1.123456782",
        "code ab123456782cd",
        # two single digits apart by a dot and a space, as a parent typed it on a consent slip (issue 17, twenty-fifth
        # round: dev106 by another hand published it)
        "BSN kind:1234.5 6.782",
    ],
)
def test_a_valid_bsn_is_found_whatever_its_neighbours_and_notation(text):
    assert direct.count(text, "bsn") == 1, text


@pytest.mark.parametrize(
    "text, kind",
    [
        ("rek NL91\u00a0ABNA\u00a00417\u00a01643\u00a000.", "iban"),
        ("rekNL91ABNA0417164300x", "iban"),
        ("IBAN:nl91abna0417164300", "iban"),
        ("ＮＬ９１ＡＢＮＡ０４１７１６４３００", "iban"),
        ("NL91-ABNA-0417-1643-00", "iban"),
        ("NL91\u200bABNA\u200b0417\u200b1643\u200b00", "iban"),
        ("mail jan@ziggo.nl_", "email"),
        ("mail jan@ziggo.nlé", "email"),
        ("jan＠ziggo.nl", "email"),
        ("mailto:jan.de.vries@ziggo.nl_graag", "email"),
        ("mail jan(at)ziggo(dot)nl graag", "email"),
        ("s.yilmaz [at] hotmail [punt] com", "email"),
        ("piet apenstaartje kpnmail punt nl", "email"),
        ("j.de.vries at ziggo dot nl", "email"),
        ("jan @ ziggo.nl", "email"),
        ("0612345678 mm", "phone"),
        ("BoP 0612345678", "phone"),
        ("06\u00a012\u00a034\u00a056\u00a078", "phone"),
        ("06\u00ad12345678", "phone"),
        ("tel06-12345678", "phone"),
        ("+31\u00a06\u00a012345678", "phone"),
        ("(020)–1234567", "phone"),
        ("０６－１２３４５６７８", "phone"),
        ("06 12 34 56 78 9", "phone"),
        ("element 36 070-79-52-89-7", "phone"),
        ("+31 (0)6 12345678", "phone"),
        ("0031 6 12345678", "phone"),
        ("terugbellen op 0607\n951968 of", "phone"),
        ("terugbellen 063566-\n2238\n[13:06]", "phone"),
        # URL-encoded, as an SMS gateway logs a message's text (issue 17, twenty-first round: dev85 published it)
        ("text=Afmelden%3F+Bel+06+90+32+62+73.+Groet%2C+Filmon", "phone"),
        # the domain's last dot typed as a comma, as a validation error echoes it
        ("'krzysztofrosalia@ziggo,nl' is not a valid email", "email"),
        # a dot typed twice, a provider without its top-level domain, one cut short (the second user check, dev89)
        ("rcpt=h.vandijk@ziggo..nl status=bounced", "email"),
        ("mail me op youssef.aittaleb@gmail of bel", "email"),
        ("er staat fambenali@live.n maar moet .nl zijn", "email"),
        # a Polish account without its country, as a Polish invoice prints it (issue 17, thirty-ninth round: dev162)
        ("Nr rachunku: 29 1140 7395 9414 8625 9250 6749", "iban"),
        ("rachunek 46102037712250448620485664.", "iban"),
    ],
)
def test_other_identifiers_in_any_notation(text, kind):
    assert kind in direct.kinds_in(text), text


@pytest.mark.parametrize(
    "text",
    [
        "element 36 en 46 gevuld",
        "3-4 mm pocket",
        "amoxicilline 500 mg 3dd",
        "articaïne 4% 1:100.000 1,7 ml",
        "controle op 01-11-2026 10:30",
        "12-03-1985 - 13-03-1985",
        "DPSI 3- 2 1 3 2 4",
        "pocketdiepten 3 2 3 0 2 3 1 2 3 4",
        "bedrag 1.234,56",
        "nummer 123456789",
        "order 1112223334",
        "hash 3fab111222333cd0e",
        "[BSN-#3fa123456782e4]",
        "Pseudonym 9f01c0ffee001ab",
        "regio 35-37, 44 en 45",
        "M03 2x, V92, C11",
        "kijk at home, punt nu",
        "2024\n2025\n12345",
        "jaar 2024\n10006 stuks",  # nine digits over two lines passing the 11-proef: a list, no BSN
        "3\n2\n3\n4\n2\n3\n1\n2\n3\n4",
        "plaque 4 3 2 1 2 3 4 3 2 1",  # single digits apart by one separator, over and over: a chart
        "pockets 1234 5 6 782",  # two single digits apart by the same space: a chart's cells, not a typed number
        "Fatima at 12:00 uur. nl",
        "De patiënt kwam at 5. nl",
        "elementen 36+37+46+47 en 11+21 gevuld, BoP 40%2x",  # a '+' outside a URL-encoded run is no space
        "mail naar praktijk@, nl volgt",
        "lot 29 1140 7395 9414 8625 9250 6748",  # 26 digits that fail mod-97 as a Polish IBAN
    ],
)
def test_clinical_and_machine_strings_are_not_identifiers(text):
    assert direct.kinds_in(text) == [], text


def test_the_longest_number_wins_and_spans_carry_their_own_brackets():
    text = "tel (033-362 9204), (020) 1234567 of +31 (0)6 12345678"
    assert [text[f.start : f.end] for f in direct.find(text)] == ["033-362 9204", "(020) 1234567", "+31 (0)6 12345678"]


def test_a_postcode_with_house_number_is_reported_as_its_postcode():
    text = "Dorpsstraat 12, 1234\u00a0AB Utrecht"
    assert [(f.kind, text[f.start : f.end]) for f in direct.find(text)] == [("postcode_house_number", "1234\u00a0AB")]


def test_the_engine_replaces_every_notation_and_keeps_the_clinical_text(engine):
    text = (
        "Patiënt:123456782, sofinr:123456782, bsn 123\u00a0456\u00a0782, bsn 1234\u200b56782, mail jan@ziggo.nl_, "
        "0612345678 mm, BoP 0612345678, rek NL91\u00a0ABNA\u00a00417\u00a01643\u00a000. Element 36 3-4 mm, "
        "amoxicilline 500 mg, DPSI 3-, controle 12-03-2026."
    )
    result = engine.anonymise(text)
    assert result.status == "ok"
    assert direct.kinds_in(result.text) == []
    assert result.text.count("[BSN-1]") == 4  # one BSN in four notations: one placeholder
    for kept in (
        "Element 36",
        "3-4 mm",
        "amoxicilline 500 mg",
        "DPSI 3-",
        "[EMAIL-1]_",
        "[TELEFOON-1] mm",
        "BoP [TELEFOON-1]",
    ):
        assert kept in result.text, kept


def test_known_names_count_tokens_and_hold_no_name():
    names = KnownNames(["van der Heijden", "Wiśniewski", "Bakker", "Kerkstraat", "van", ""])
    assert names.count("mevrouw Van der Heijden belde") == 1
    assert names.count("Wiś\u00adniewski, Kerk\u200bstraat 12") == 2
    assert names.count("werkt als bakker") == 0 and names.count("dhr. Bakker") == 1
    assert names.count(None) == 0 and "Heijden" not in repr(names)


def test_the_visible_text_drops_format_characters_only_and_maps_back():
    from transforms.identifiers.notation import visible

    text = "Mevr. Fen\u200bna Zij\u200dlstra, ＢＳＮ 12\u00a034"
    seen = visible(text)
    # a fullwidth form is read as its ASCII character, one for one (a birth date typed '１０-０１-１９５５' is a date:
    # issue 17, twenty-third round), a no-break space is a space
    assert seen.text == "Mevr. Fenna Zijlstra, BSN 12 34"
    assert text[slice(*seen.span(seen.text.index("BSN"), seen.text.index("BSN") + 3))] == "ＢＳＮ"
    start = seen.text.index("Fenna Zijlstra")
    assert text[slice(*seen.span(start, start + len("Fenna Zijlstra")))] == "Fen\u200bna Zij\u200dlstra"
    assert visible("Mevr. Fenna").identity and visible("Crème brûlée").identity
    spaced = visible("Bovenste\u00a0Puth 7\u202fhs")  # spaces of other kinds are spaces, one for one
    assert spaced.text == "Bovenste Puth 7 hs" and spaced.span(9, 13) == (9, 13)
    scanned = visible("Plein l813 l05-hs, 7O18 AC op 2O25-O3-20; Olaf lOl vlak O, T1l, 44O")  # letters as digits
    assert scanned.text == "Plein 1813 105-hs, 7018 AC op 2025-03-20; Olaf lOl vlak O, T1l, 44O"  # 44 occlusal
    composed = visible("Gu\u0308lsen C\u0327elik, Rachid\x0bBouzid\x00X")  # accents apart; controls between words
    assert composed.text == "Gülsen Çelik, Rachid\nBouzid X"
    start = composed.text.index("Çelik")
    assert composed.span(start, start + 5) == (8, 14)  # the C and its cedilla, back in the text as written


def test_the_spelt_address_gate_passes_the_texts_its_plain_alternation_passes():
    """The gate is written to let ``re`` skip to an 'a' or '@'; it must pass exactly the texts the plain alternation
    of its five shapes passes (the spelt-address pattern runs only on those)."""
    import re

    from fixtures.text import evaluation

    plain = re.compile(r"(?i)[\[({<]\s?(?:at|@)\s?[\])}>]|\bat\s|ape?n?staartje|\s@|@\s")
    rng = random.Random(17)
    alphabet = "aAtT@ ([<{)]}>\n\t\u00a0\u2009x.pensrjſK"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(200_000)]
    texts += [r["text"] for r in evaluation.load()]
    texts += [
        "jan(at)ziggo(dot)nl",
        "jan [ at ] ziggo",
        "jan apenstaartje ziggo punt nl",
        "jan apestaartje ziggo",
        "jan @ziggo.nl",
        "kijk at",
    ]
    for text in texts:
        assert (direct.SPELT_AT_ANYWHERE.search(text) is None) == (plain.search(text) is None), repr(text)
        assert direct.may_spell_an_email(text) or direct.SPELT_AT_ANYWHERE.search(text) is None, repr(text)


def test_the_long_digit_runs_are_those_a_scan_of_every_run_finds():
    """``direct.long_runs`` finds the runs of nine digits or more from their first nine digits: the same spans as a
    scan of every run, kept where it has nine digits, on the evaluation texts and random digits and separators."""
    from fixtures.text import evaluation

    def every_run(text: str) -> list[tuple[int, int]]:
        runs = []
        for run in direct.DIGIT_RUN.finditer(text):
            digits = sum(ch.isdecimal() for ch in run.group())
            if digits >= 9:
                runs.append(run.span())
        return runs

    rng = random.Random(11)
    texts = [normalise(r["text"]).text for r in evaluation.load()]
    for alphabet in ("0123456789 ./()-+\n\t x", "0123456789  ((++--\n"):
        texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(30_000)]
    texts += ["+31 (0)6 1234 5678", "(020) 123 45 67 en +(31)6-12345678", "0607\n951968", "1234 (020) 1234567"]
    for text in texts:
        assert direct.long_runs(text) == every_run(text), repr(text)


def test_the_cheap_spelt_address_check_rests_on_what_lowering_keeps():
    """``direct.may_spell_an_email`` looks for 'at' and 'staartje' in the lower-cased text: every character the
    gate's case-insensitive letters match lowers to that letter, or is the long s it also looks for; no character that
    is not a word character lowers to one that ends in a word character; spaces and brackets lower to themselves."""
    import re
    import sys

    every = "".join(chr(c) for c in range(sys.maxunicode + 1))
    for letter in "atsrje":
        matched = re.findall(letter, every, re.IGNORECASE)  # one scan of every code point, each matched alone
        assert all(ch.lower() == letter or ch == "ſ" for ch in matched), (letter, matched)
    word = re.compile(r"\w")
    for c in range(sys.maxunicode + 1):
        ch = chr(c)
        if ch.lower() != ch:
            assert word.match(ch) or not word.match(ch.lower()[-1]), hex(c)
            assert not re.fullmatch(r"[\s\[\](){}<>]", ch), hex(c)


def test_a_belgian_national_number_is_found_by_every_layer_as_a_citizens_number():
    """The rijksregisternummer (YYMMDD, serial, 97-check; '85.07.14-123.30') of patients from across the border: found
    as written in groups, for those born before and from 2000; an invalid one and an ungrouped 11-digit number are
    left (a false find would stop a release at the gate)."""
    from transforms.identifiers.checksums import is_valid_belgian_national_number

    assert is_valid_belgian_national_number("85.07.14-123.30") and is_valid_belgian_national_number("05071412328")
    assert not is_valid_belgian_national_number("85.07.14-123.31") and not is_valid_belgian_national_number(
        "85.13.14-123.30"
    )
    text = "rijksregisternr 85.07.14-123.30, kind 05.07.14-123.28; factuur 85071412330; fout 85.07.14-123.31"
    found = [(f.kind, text[f.start : f.end]) for f in direct.find(text)]
    assert found == [("bsn", "85.07.14-123.30"), ("bsn", "05.07.14-123.28")]


def test_a_german_health_insurance_number_is_withheld_with_its_letter_when_its_check_digit_holds(engine):
    """The Krankenversichertennummer on a German patient's card (a letter and nine digits, the last a check digit over
    the letter's place in the alphabet and the first eight): found in any grouping and notation, its letter with it,
    also an 'I' that a scan's reading would take for a 1; a number whose check fails is no such number, and an 'I'
    before nine digits that fail it is still read as a scanned number (issue 17, thirty-fifth round: dev147)."""
    from transforms.identifiers import notation
    from transforms.identifiers.checksums import is_valid_german_health_insurance_number as valid

    assert valid("C 331 958 300") and valid("K7564 94634") and valid("s0378 84982") and valid("I０６２６ ２３９４２")
    assert not valid("C 331 958 301") and not valid("331958300") and not valid("CC31958300") and not valid("")
    for written in ("KVNR C 331 958 300.", "Versichertennr. K7564\u00a094634", "A 5\u00ad65 469 349 (TK)"):
        found = [(e.type, written[e.start : e.end]) for e in engine.analyse(written)]
        assert any(t == "POLISNUMMER" and v[0].isalpha() and v[-1].isdigit() for t, v in found), found
    assert notation.visible("Vers.-Nr. I9359 15303").text.endswith("I9359 15303")
    assert notation.visible("Vers.-Nr. I9359 15304").text.endswith("19359 15304")
    assert [e.type for e in engine.analyse("lot C 331 958 301")] != ["POLISNUMMER"]


def test_the_bsn_check_reads_every_script_of_digits_as_the_plain_11_proef():
    """``checksums.is_valid_bsn`` reads ASCII digits by their code points: the same verdict as the 11-proef written
    plainly (separators removed, each digit read by int()), on random numbers in ASCII and Arabic-Indic digits, with
    and without separators, and on what is not a number."""
    import re

    from transforms.identifiers.checksums import is_valid_bsn

    def plain(value: str) -> bool:
        digits = re.sub(r"[\s.\-]", "", value)
        if not digits.isdecimal() or len(digits) not in (8, 9):
            return False
        digits = digits.zfill(9)
        total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
        return total % 11 == 0 and int(digits) != 0

    rng = random.Random(23)
    values = ["123456782", "111222333", "000000000", "12345678", "123.456.782", "123 45 6782", "٣٣٣٣٣٣٣٣٣", "²23456782"]
    for alphabet in ("0123456789", "0123456789٠١٢٣٤٥٦٧٨٩", "0123456789 .-\tx²"):
        values += ["".join(rng.choice(alphabet) for _ in range(rng.randint(7, 12))) for _ in range(20_000)]
    assert sum(map(is_valid_bsn, values)) > 1000
    for value in values:
        assert is_valid_bsn(value) == plain(value), repr(value)


def test_the_shape_tells_runs_of_ascii_digits_and_letters_and_the_checks_read_off_it_agree_with_their_scans():
    """``direct.shape``: every ASCII digit a '0', every ASCII letter an 'a', any other character one '?'; None where a
    digit may not be ASCII (another script's, or a character beyond the BMP). The checks read off it (where an IBAN can
    start, whether a postcode shape is there, the visible text's scanned-number and control hints) give the answers of
    the scans they spare, on the evaluation texts and random strings of digits, letters, separators and other digits."""
    import re

    from fixtures.text import evaluation
    from transforms.identifiers import notation

    assert direct.shape("Tel 06-12345678, NL91 ABNA") == b"aaa 00-00000000, aa00 aaaa"
    assert direct.shape("café 12 €") == b"aaa? 00 ?"
    assert direct.shape("٣٤ 12") is None and direct.shape("x \U0001d7d8") is None
    # two letters glued to two digits, or two capitals a space before them ('BE 95 2987 ...'), or two lower-case letters
    # standing as a word ('de 43 6856 ...')
    iban_shape = re.compile(r"\d(?:(?<=[A-Za-z]{2}\d)|(?<=[A-Z]{2} \d)|(?<=(?<![A-Za-z])[a-z]{2} \d))\d")
    ocr, control = re.compile(r"\d[lIOo]|[lIOo]\d"), re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
    rng = random.Random(23)
    alphabet = "0123456789aZNlIOo \t\n\x0b\x1c-.é\u00a0\u2009٣\U0001d7d8\x00"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(100_000)]
    texts += [r["text"] for r in evaluation.load()]
    for text in texts:
        expected = [m.start() - (3 if text[m.start() - 1] == " " else 2) for m in iban_shape.finditer(text)]
        assert direct.iban_starts(text) == expected, repr(text)
        assert direct.may_hold_pc6(text) or direct.PC6_ANYWHERE.search(text) is None, repr(text)
        special = set(notation.NON_ASCII.findall(text))
        assert notation.hints(text, special) == (bool(ocr.search(text)), bool(control.search(text))), repr(text)


def test_e_mail_addresses_found_in_their_windows_are_those_of_a_whole_scan():
    """``direct.email_windows``: EMAIL scanned in the windows round each '@' finds what it finds in the whole text, on
    the evaluation texts and random strings of address characters, spaces and line breaks."""
    from fixtures.text import evaluation

    rng = random.Random(17)
    texts = [normalise(r["text"]).text for r in evaluation.load()]
    texts += [t for t in texts if "@" in t for t in (t.upper(), t.replace(" ", "\u00a0"))]
    for alphabet in ("ab.@-_'’ \n\t,+x1", "a@@.nl .com\nB'c-d"):
        texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(30_000)]
    texts += ["jan@ziggo.nl", "a@b@c.nl, x.y@z.com;q@r.io", "wijngaarde.r@@home.nl", "geertruida.van'thof@politie.nl"]
    found = 0
    for text in texts:
        expected = [m.span() for m in direct.EMAIL.finditer(text)]
        windows = direct.email_windows(text)
        assert [m.span() for s, e in windows for m in direct.EMAIL.finditer(text, s, e)] == expected, repr(text)
        assert all(s < e <= s2 for (s, e), (s2, _) in zip(windows, windows[1:]))
        found += bool(expected)
    assert found > 100


def test_url_encoded_text_is_read_decoded_one_character_for_one():
    """A query string's '+' and its escaped punctuation are read as a space and the character (two zero-width fillers
    after it, which every reader drops), within the run of non-space characters that holds an escape; a character
    escaped as its UTF-8 bytes is read as that character; the text keeps its length and offsets, so what is found
    there is replaced where it was written (issue 17, twenty-first round; the fillers and UTF-8 in the thirty-third,
    where an SMS gateway's '%2B31...' was read '+  31' and its phones were left)."""
    from transforms.identifiers.notation import URL_FILLER, url_decoded, visible

    text = "POST /sms?to=x&text=Beste+Nowak%2C+bel+06+90+32+62+73 204, BoP 40% en 3+4 mm"
    decoded = url_decoded(text)
    assert len(decoded) == len(text)
    assert "Beste Nowak," + URL_FILLER * 2 + " bel 06 90 32 62 73 204" in decoded
    assert decoded.endswith("BoP 40% en 3+4 mm")  # outside the encoded run nothing changes
    assert url_decoded("geen escape 3+4 en 40%") == "geen escape 3+4 en 40%"
    assert url_decoded("%2B+1") == "+" + URL_FILLER * 2 + " 1"  # an escaped plus is a plus, a bare one a space
    found = [(f.kind, text[f.start : f.end]) for f in direct.find(text)]
    assert found == [("phone", "06+90+32+62+73")]
    # a gateway's recipient, an area code in escaped brackets and a zero-width space escaped in UTF-8
    for encoded, reads, phone in (
        ("to=%2B31660838819&x=1", "to=+31660838819&x=1", "%2B31660838819"),
        ("Bel+%2B31+%280%29317+877+111", "Bel +31 (0)317 877 111", "%2B31+%280%29317+877+111"),
        ("call+0317-87%E2%80%8B7111", "call 0317-877111", "0317-87%E2%80%8B7111"),
        ("naam=Jos%C3%A9", "naam=José", None),
    ):
        assert visible(encoded).text == reads
        assert [encoded[f.start : f.end] for f in direct.find(encoded) if f.kind == "phone"] == (
            [phone] if phone else []
        )


def test_mime_encoded_words_are_read_as_the_characters_they_spell_in_place(engine):
    """A mail's header quoted in a bounce carries a display name as a MIME encoded word (issue 17, thirty-ninth round:
    dev161's shared inbox by another hand published seven): every layer reads it decoded, one character for one, and
    the engine replaces the name at the encoded word's place; a word that does not decode, or names a codec that is no
    text encoding, is left as written (never decompressed)."""
    import base64
    import zlib

    from transforms.identifiers import notation

    text = "To: =?utf-8?Q?J=C3=BCrgen_Azzouzi?= <j@x.nl>\nSubject: =?UTF-8?B?YmVsIDA2LTEyMzQ1Njc4?="
    assert len(notation.url_decoded(text)) == len(text)
    assert notation.visible(text).text == "To: Jürgen Azzouzi <j@x.nl>\nSubject: bel 06-12345678"
    assert direct.kinds_in(text) == ["email", "phone"]
    out = engine.anonymise(text).text
    assert out.startswith("To: [PERSOON-1] <[EMAIL-1]>"), out
    assert "LTEyMzQ1Njc4" not in out
    squeezed = base64.b64encode(zlib.compress(b"x" * 5000)).decode()
    for undecodable in (
        "=?bogus-charset?Q?abc?=",
        "=?utf-8?Q?=FF=FE?=",
        "=?utf-8?B?not base64?=",
        f"=?zlib?B?{squeezed}?=",
    ):
        assert notation.url_decoded(f"x {undecodable} y") == f"x {undecodable} y"
