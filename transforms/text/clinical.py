"""Clinical vocabulary that must survive anonymisation: tooth elements, DPSI, treatment codes, drugs, doses.

Used as an allow list: a detected entity that lies entirely inside one of these spans is dropped,
unless it is a validated direct identifier (a BSN or phone number never hides inside 'element 36').
Pure Python (no Presidio), so the evaluation and tests can use it too.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator

from transforms import lexicon
from transforms.text.keywords import (
    any_in,
    first_words,
    folded,
    folded_entry,
    forms,
    lowered,
    with_first_char_hint,
    words,
)

# Fragments written for speed (to open with one character class), with their plain forms: a test matches each
# against its plain form (tests/text/test_recognizers.py).
FRAGMENT_PLAIN_FORMS: list[tuple[str, str]] = []


def _fragment(fast: str, plain: str) -> str:
    FRAGMENT_PLAIN_FORMS.append((fast, plain))
    return fast


# Permanent and deciduous elements in FDI notation: '(?:[1-4][1-8]|[5-8][1-5])', written to open with one character
# class (the second digit checked against the first by a look-behind) so that a pattern led by it can be
# ``charset_led``; the same matches, one way each.
_FDI = _fragment(r"[1-8](?:(?<=[1-4])[1-8]|(?<=[5-8])[1-5])", r"(?:[1-4][1-8]|[5-8][1-5])")
# An hour, '(?:[01]?\d|2[0-3])' written to open with one character class as _FDI: the same alternatives in the
# same order ('1' then '14', or '2' then '23').
_HOUR = _fragment(r"\d(?:(?<=[01])\d||(?<=2)[0-3])", r"(?:[01]?\d|2[0-3])")
_FDI_LIST = _FDI + r"(?:\s*(?:[-,/+]|en|t/m|tot)\s*" + _FDI + r")*"

# Drug names a Dutch dental note may mention, generic and brand (transforms/lexicon/data/drug_names.txt).
DRUG_NAMES = sorted(lexicon.words("drug_names"))

# Keywords (lower-case) one of which every match of a pattern contains: the pattern runs only when one of them
# is in the folded text (``transforms.text.keywords``).
_TRIGGERS: dict[str, tuple[str, ...]] = {}


def _gated(pattern: str, *keywords: str) -> str:
    _TRIGGERS[pattern] = keywords
    return pattern


# Lexicon lists a pattern is led by (after a non-word character, each entry's first word followed by a non-letter):
# the pattern runs only when the first word of one of their entries is a word of the text (``keywords.words``).
_WORD_GATES: dict[str, frozenset[str]] = {}


def _word_gated(pattern: str, *lists: str) -> str:
    _WORD_GATES[pattern] = first_words(entry for name in lists for entry in lexicon.words(name))
    return pattern


# The entries of the gates below, public so that the gate test writes each in context as it does a list's.
GATE_WORDS: list[str] = []


def _words_gated(pattern: str, entries: tuple[str, ...]) -> str:
    """As :func:`_word_gated`, for a pattern led (with the same boundaries) by the words ``entries``, or whose every
    match holds one of them with no letter on either side ('-syndroom' then no word character). A set operation on
    the text's words, where keywords (:func:`_gated`) cost a substring search each."""
    _WORD_GATES[pattern] = first_words(entries)
    GATE_WORDS.extend(entries)
    return pattern


# Lower-case patterns led by their gate's entries as they are written ('\b(?:kroon|kronen|...)'): every match starts
# where the first word of one of them stands in the lower-cased text, so the pattern is tried there only
# (:func:`matches_at`), where a scan tried the many letters its entries start with at most positions of a note. Only the
# entries that hold a gate word of the text are looked for: a matched entry has its gate word among the text's words
# (the gate's own argument, entry by entry; issue 17, seventeenth round).
_LED_BY: dict[str, tuple[str, ...]] = {}


def _led_by_words(pattern: str, entries: tuple[str, ...]) -> str:
    """As :func:`_words_gated`, for a lower-case pattern each match of which opens with one of ``entries``, as written
    (plain lower-case text: no pattern syntax)."""
    if any(re.escape(entry) != entry or entry != entry.lower() for entry in entries):
        raise ValueError("entries leading a pattern are plain lower-case words")
    _LED_BY[pattern] = entries
    return _words_gated(pattern, entries)


def _led_by_list(pattern: str, name: str, gate: Callable[[str, str], str] = _word_gated) -> str:
    """As ``gate`` (:func:`_word_gated` or :func:`_entries_gated`), for a lower-case pattern each match of which opens
    with an entry of the lexicon list ``name`` as written (escaped in the pattern; its first word, where the pattern
    lets its spaces be others)."""
    entries = tuple(sorted(lexicon.words(name)))
    if any(entry != entry.lower() for entry in entries):
        raise ValueError("entries leading a lower-case pattern are lower-case")
    _LED_BY[pattern] = entries
    return gate(pattern, name)


# --- gates on an entry's rarest word (issue 17, eleventh round) ---------------------------------------------------
# A pattern that matches an entry of a list whole, with no word character on either side (and case aside), has every
# run of ASCII letters of the folded entry as a word of the text, not only the first: bounded inside by the entry's
# own characters, which fold in the text as in the entry, and outside by those sides (see keywords.words). The longest
# run of each is the rarer gate: 'friesland' of 'De Friesland', 'retromolare' of 'trigonum retromolare', where the
# first word ('de', a brand's maker) passes far more notes.
_ASCII_LETTERS = re.compile(r"[a-z]+")


def _longest_words(entries: Iterable[str]) -> frozenset[str]:
    return frozenset(max(_ASCII_LETTERS.findall(folded_entry(entry)), key=len) for entry in entries)


def _entries_gated(pattern: str, *lists: str) -> str:
    """As :func:`_word_gated`, for a pattern that matches an entry of the lexicon ``lists`` whole (see above)."""
    _WORD_GATES[pattern] = _longest_words(entry for name in lists for entry in lexicon.words(name))
    return pattern


def _names_gated(pattern: str, names: list[str]) -> str:
    """As :func:`_entries_gated`, for the ``names`` written in the module (the gate test writes each in context)."""
    _WORD_GATES[pattern] = _longest_words(names)
    GATE_WORDS.extend(names)
    return pattern


# Patterns of the lower-case list with a regular expression that finds, in the lower-cased text, something every match
# of theirs holds (matched on the lower-cased text, or case-insensitively on the text: either way it is there, as its
# characters lower one for one): where it finds nothing, the pattern is not run. For a pattern that tries every digit
# of a note and matches in few (issue 17, eleventh round).
# A pattern of the case-sensitive list may have one too, searched on the text itself (issue 17, fourteenth round: the
# chart-row gate was registered, and the row pattern scanned every note all the same).
_SEARCH_GATES: dict[str, re.Pattern[str] | "LineStartSearch"] = {}


def _search_gated(pattern: str, gate: "str | LineStartSearch") -> str:
    _SEARCH_GATES[pattern] = re.compile(gate) if isinstance(gate, str) else gate
    return pattern


class LineStartSearch:
    """The search of ``(?m)^`` + ``expression``, found from the line breaks: ``re`` skips ahead to a literal '\\n', where
    a pattern led by '^' is tried at every position. A match at the text's start, or right after a '\\n' (where '^'
    matches in multi-line mode), as that search finds one (issue 17, fourteenth round)."""

    def __init__(self, expression: str) -> None:
        self.expression = expression
        self._first = re.compile(expression).match
        self._later = re.compile("\n" + expression).search

    def search(self, text: str) -> re.Match[str] | None:
        """A match of ``(?m)^`` + the expression in ``text`` (None: none; not necessarily the first)."""
        return self._first(text) or self._later(text)


# Patterns every match of which ends in a unit ('500 mg', '4%', '2 carp.'): a digit or a space before it and no word
# character after, so a unit with letters is a word of the text (``keywords.words``: its first run of ASCII letters,
# 'carp' of 'carp.', 'g' of 'µg') and one without ('%') is in the text as written. Such a pattern runs only where one
# of its units is there, where it tried every digit of every note (issue 17, twelfth round: half the notes have none).
_UNIT_GATES: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {}


def _unit_gated(pattern: str, units: str) -> str:
    """``pattern``, which ends in ``units`` (a small finite expression, ``keywords.forms``) as described above."""
    unit_forms = forms(units)
    lettered = [f for f in unit_forms if _ASCII_LETTERS.search(folded_entry(f))]
    _UNIT_GATES[pattern] = (first_words(lettered), tuple(f for f in unit_forms if f not in lettered))
    return pattern


# --- charset-led patterns (issue 17, ninth round) ------------------------------------------------------------------
# ``re`` scans for a pattern's first character in a tight loop (no match attempt at the other positions) only when
# the pattern opens with a character class, a literal or an alternation of literals; a look-behind or \b first
# hides it, and the look-ahead hint of ``keywords.with_first_char_hint`` still costs a match attempt per position.
# The assertion can as well be checked one character later, after that class: '(?<![\w-])[A-Z]\d{2}' finds what
# '[A-Z](?<![\w-].)\d{2}' finds, since the look-behind of two characters reads the same character before the
# first (and the first itself, which '.' with DOTALL always matches). Allow-list patterns led by digits and
# tooth numbers scan 1.3-2x faster (tests/text/test_recognizers.py compares every one with its source).
_LEADING_ASSERTION = re.compile(r"\\b|\(\?<!(\[(?:\\.|[^\]\\])+\]|\\[wd])\)")
_FIRST_CLASS = re.compile(r"(\[(?:\\.|[^\]\\])+\]|\\d)(\+(?![?+])|(?![?*+{]))")


def _one_character_later(assertion: re.Match[str]) -> str:
    """The opening ``assertion`` (a ``_LEADING_ASSERTION`` match) as checked after the first character."""
    return r"(?<=\b(?s:.))" if assertion.group(1) is None else "(?<!" + assertion.group(1) + "(?s:.))"


def charset_led(pattern: str) -> str:
    r"""``pattern`` written to open with its first character class when it opens with \b or a look-behind for one
    character (``(?<![...])``, ``(?<!\w)``) and then one character class or \d (once, or repeated by '+'): the
    assertions move after that class, as look-behinds one character longer. Else ``keywords.with_first_char_hint``
    of it. The same matches, on the standard ``re`` engine."""
    after = []
    position = 0
    while (m := _LEADING_ASSERTION.match(pattern, position)) is not None:
        after.append(_one_character_later(m))
        position = m.end()
    first = _FIRST_CLASS.match(pattern, position)
    if not after or first is None:
        return with_first_char_hint(pattern)
    repeated = first.group(1) + "*" if first.group(2) else ""
    return first.group(1) + "".join(after) + repeated + pattern[first.end() :]


def by_first_character(alternatives: list[str], after: str = "") -> str:
    """The alternation of ``alternatives`` (escaped entries, each opening with a letter or digit), with those that
    share their first character grouped under it: '(?:M(?:iller|elkersson)|O(?:bwegeser))'; ``after`` (a zero-width
    assertion, see :func:`_led_alternation`) stands right after each first character.

    The same matches: at any position at most one first character fits, and within it the alternatives keep their
    order, so a case-sensitive match tries the same ones in the same order (and so does a case-insensitive one when
    every first character is a lower-case ASCII letter or digit: no character matches two of them). Faster: ``re``
    tries an alternative per first character, not per entry, at each candidate position (a list of ninety eponyms
    scans about twice as fast, issue 17)."""
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        if not alternative[:1].isalnum() or alternative[1:2] in ("?", "*", "+", "{"):
            raise ValueError("each alternative must open with a letter or digit of its own")
        groups.setdefault(alternative[0], []).append(alternative[1:])
    return "(?:" + "|".join(first + after + "(?:" + "|".join(rest) + ")" for first, rest in groups.items()) + ")"


# Fast forms of pattern sources (source -> the pattern compiled instead), each with the same matches: a test
# compares every compiled pattern with its source (tests/text/test_recognizers.py).
_FAST_FORMS: dict[str, str] = {}


def _led_alternation(assertion: str, alternatives: list[str], tail: str) -> str:
    """The source ``assertion`` + the alternation of ``alternatives`` + ``tail``, where ``assertion`` is \\b or a
    look-behind for one character and every alternative opens with a letter or digit of its own; compiled as
    :func:`by_first_character` with the assertion after each first character (one character longer, as in
    :func:`charset_led`): an alternation of literals first, which ``re`` scans for as for a character class."""
    moved = _LEADING_ASSERTION.fullmatch(assertion)
    if moved is None:
        raise ValueError("the assertion must be \\b or a look-behind for one character")
    source = assertion + "(?:" + "|".join(alternatives) + ")" + tail
    _FAST_FORMS[source] = by_first_character(alternatives, _one_character_later(moved)) + tail
    return source


def _compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` compiled in its fast form: registered, else :func:`charset_led` (case-sensitive), else with its
    first-character hint."""
    if flags:
        return re.compile(with_first_char_hint(pattern, flags), flags)
    return re.compile(_FAST_FORMS.get(pattern) or charset_led(pattern))


def _list_entries(name: str) -> list[str]:
    """The entries of list ``name`` in the order ``lexicon.alternation`` writes them: longest first."""
    return sorted(lexicon.words(name), key=lambda w: (-len(w), w))


def _list_alternatives(name: str) -> list[str]:
    """The entries of list ``name`` as ``lexicon.alternation`` writes them: longest first, escaped, inner spaces
    matching spaces and tabs."""
    return [r"[ \t]+".join(re.escape(part) for part in entry.split(" ")) for entry in _list_entries(name)]


def _list_alternation(name: str) -> str:
    """``lexicon.alternation`` of list ``name``, written with :func:`by_first_character`."""
    return by_first_character(_list_alternatives(name))


# A dental procedure or finding named with its element ('Kroon 27'); tests are often abbreviated ('Vit. 31').
# Plain words (no regex), so that they gate their pattern too: 'caries' and 'cariës' match where 'cari[eë]s' would.
_PROCEDURE_WORDS = (
    *("kroon", "kronen", "vulling", "restauratie", "brug", "implantaat", "extractie", "endo"),
    *("wortelkanaalbehandeling", "vitaliteitstest", "vitaliteit", "vit", "sens", "koude", "kou", "sensibiliteit"),
    *("percussie", "caries", "cariës", "fractuur", "pulpitis", "abces", "opbouw", "facing", "inlay", "onlay"),
    *("stifttand", "sealing", "trepanatie", "apexresectie", "röntgen", "x10", "bw", "verwijdering", "preparatie"),
    *("anesthesie", "afdruk", "wortelpunt", "resectie"),
    # findings charted per element ('Sondering 47', 'Tong 44' is the tongue side of the 44)
    *("sondering", "tong", "palpatie", "zwelling", "fistel", "mobiliteit", "recessie", "pocket", "plaque"),
    *("tandsteen", "gingiva", "mucosa", "gevoeligheid", "vertraagd"),
    # dental trauma and its radiograph ('concussie 42', 'PA-foto 22-11', 'spalk 13-23'; issue 17, nineteenth round:
    # dev69's trauma notes by another hand: an element range is no date there)
    *("concussie", "subluxatie", "luxatie", "avulsie", "intrusie", "extrusie", "foto", "spalk", "splint"),
)


_DPSI_SEXTANTS = r"[0-4][+-]?\*?(?:/[0-4][+-]?\*?){2}"
DOSE_UNITS = r"(?:mg|ml|mm|cm|µg|mcg|gr|g|%|dd|x|carpules?|carp\.?|ampul(?:len)?|IE|ie|gtt)"
# (and a hyperbaric chamber's pressure, a radiation dose: '2,4 ATA', '66 Gy'; issue 17, thirty-seventh round: dev155)
LAB_UNITS = r"(?:IU|mIE|IE|kve|cfu|KVE|CFU|kHz|ATA|Gy)"

# The pattern sources and their compiled forms are public so that tests can check each compiled form (gates,
# first-character hints) against its source: tests/text/test_recognizers.py.
PATTERN_SOURCES = [
    # A hand instrument named after its inventor, with its number ('Gracey 11/12', 'Coupland 2', 'Hedström vijl 30'; issue
    # 17, nineteenth round: dev67's and dev72's notes by other hands): no date '11/12', no person.
    # (also with its kind between: 'Gracey curette 11/12'; twentieth round: dev76's supplier orders)
    r"(?<![\w])(?:Gracey(?:[ \t]+curette)?|Coupland|Hedstr[öo]m(?:[ -]?vijl)?|Columbia|Barnhart)[ \t]+\d{1,2}(?:/\d{1,2})?"
    r"(?![\w/])",
    # A sealer or a cement whose name holds two capitals ('TotalFill BC Sealer', 'Panavia SA Cement Universal'): kept here,
    # not in the products' list, whose words are never a name's, where 'BC' and 'SA' are colleagues' initials too (issue
    # 17, twentieth round: dev75's and dev81's materials).
    _words_gated(
        # (in any case, as dictation types it: 'gevuld met totalfill bc sealer')
        # (not a function word's two letters: 'Anna de cement' holds no product)
        r"(?i:\b(?:[a-z][\w-]*[ \t]+)?(?!(?:de|en|op|in|is|om|te|er|na|al|ja|nu|zo|of|we|ze|je|me|ik|met)\b)[a-z]{2}"
        r"[ \t]+(?:sealer|cement)(?:[ \t]+(?:universal|plus|flow))?\b)",
        ("sealer", "cement"),
    ),
    # A medical device's batch, catalogue and unique device numbers ('lot 801107', 'ref.nr 2793831' before its batch, 'UDI
    # (01)07663853189429(17)300730(10)TQ4625'): a product's, not a person's (issue 17, twentieth round: dev81's implant
    # registry and recall by another hand; in every part all 311 such numbers were a product's). In lower case, where
    # the pattern above takes 'REF' and 'LOT' in capitals; a 'ref.nr' only with a batch after it on its line, as a
    # letter's 'ref.' may name a patient's file.
    _words_gated(
        r"\blot\b(?:[ \t]*(?:nr\.?|nummer|no\.?))?[ \t:.#]*(?:[A-Z]{1,3}-?)?\d{3,8}(?![\w-])|"
        r"\bref\.?[ \t]?nr\.?[ \t]*:?[ \t]*\d{4,8}(?![\w-])(?=[^\n]{0,40}\b(?:LOT|lot)\b)",
        ("lot", "ref", "refnr"),
    ),
    _gated(r"\(01\)\d{14}(?:\(\d\d\)[0-9A-Za-z-]{1,20}){0,4}", "(01)"),
    # A Belgian nomenclature code after its word ('nomenclatuur 301593', 'prestatie 305631', 'code 303553'): the RIZIV's
    # codes for dental care all open with 30 to 38, where a patient's number named so would need 'patiënt' before it
    # (issue 17, twentieth round: dev80's Flemish quotes and getuigschriften by another hand).
    _words_gated(
        r"\b(?i:nomenclatuur(?:code|nummer|nr\.?)?|prestatie(?:code)?|riziv-code|code)[ \t]*:?[ \t]*3[0-8]\d{4}(?![\d.,-]?\d)",
        (
            "nomenclatuur",
            "nomenclatuurcode",
            "nomenclatuurnummer",
            "nomenclatuurnr",
            "prestatie",
            "prestatiecode",
            "riziv",
            "code",
        ),
    ),
    # A fraction of a length, a dose or a tablet ('1/2 implantaatlengte', '1/2 tablet'): no date (issue 17, twenty-third
    # round: the fifteenth session's user check).
    _words_gated(
        r"(?<![\w/.,-])(?:1/[234]|3/4|2/3)[ \t]+(?:implantaat\w*|tablet\w*|lengte|dosis|doses|carpule\w*|ampul\w*|"
        r"wortel\w*|kroon\w*|breedte|hoogte|dikte|strip|zakje|capsule\w*)\b",
        (
            "implantaatlengte",
            "implantaat",
            "tablet",
            "tabletten",
            "lengte",
            "dosis",
            "doses",
            "carpule",
            "carpules",
            "ampul",
            "ampullen",
            "wortel",
            "wortellengte",
            "kroon",
            "breedte",
            "hoogte",
            "dikte",
            "strip",
            "zakje",
            "capsule",
            "capsules",
        ),
    ),
    # The DC/TMD's axes ('DC/TMD As I myalgie, As II: PHQ-9 12'): no surname 'As'; a pain score out of ten after its
    # scale or its word ('NRS gemiddeld 5/10, ergste 7/10', 'VAS 4/10'): no date (issue 17, twenty-third round: dev97's
    # orofacial pain clinic by another hand).
    _words_gated(r"(?<=DC/TMD[ \t])As[ \t]+I(?![\w])|(?<![\w])As[ \t]+II(?![\w])", ("as",)),
    _words_gated(
        r"\b(?:NRS|VAS|pijnscore|pijn|score|ergste|gemiddeld|gem\.|max(?:imaal)?|minimaal)[ \t]*:?[ \t]*(?:\d{1,2}[ \t]*-[ \t]*)?"
        r"(?:10|\d)/10(?![\d/])",
        ("nrs", "vas", "pijnscore", "pijn", "score", "ergste", "gemiddeld", "gem", "max", "maximaal", "minimaal"),
    ),
    # The RIZIV codes a Belgian letter lists where it names the nomenclature ('volgens de RIZIV-nomenclatuur van onze
    # behandelingen: 302153, 305574'), and an invoice's row of a code, a tooth and a fee ('15/2 305574 42 € 40,98'):
    # codes of 30 to 38, no patient's number (issue 17, twenty-third round: dev100's Belgian patients by another hand).
    _words_gated(
        r"(?<![\w.,])3[0-8]\d{4}(?:,[ \t]*3[0-8]\d{4})+(?![\d.,]?\d)|(?<![\w.,])3[0-8]\d{4}(?=[ \t]+\d{1,2}[ \t]+€)",
        ("nomenclatuur",),
    ),
    # An occlusion's class abbreviated, with its division ('36 DO, Cl. II', 'Cl. II div. 1'; issue 17, nineteenth round's
    # user check): no name 'Cl', and 'CL' stays a colleague's initials elsewhere.
    r"(?<![\w])Cl\.?[ \t]*(?:I{1,3}|IV)(?:[ \t]*,?[ \t]*div(?:isie)?\.?[ \t]*[12])?(?![\w])",
    # A mouthguard's material by its thickness ('dubbellaags EVA 4+2 mm'; issue 17, nineteenth round: dev69's orders by
    # another hand): not the given name Eva.
    r"(?<![\w])EVA[ \t]+\d+(?:[,.+]\d+)*[ \t]*mm(?![\w])",
    # An element with its surfaces ('36 MOD', '46-DO', '42-P', '25 D', '46 (DO)').
    r"(?<![\w.,:/-])" + _FDI + r"(?:[ -]?[MODBLP]{1,5}|[ ]?\([MODBLP]{1,5}\))(?![\w])",
    # The same opening a chart's row, the material after it ('37\tDO composiet', '17: DO amalgaam', '43 | P
    # composiet'; issue 17, thirteenth round: dev21's ante-mortem charts). Not a CSV row's house number ('|16|B|').
    _search_gated(
        r"(?<![^\n])[ \t]*" + _FDI + r"(?:[ \t]*[:|\t][ \t]*|[ \t]{2,})[MODBLP]{1,5}(?=[ \t]+[a-z])",
        LineStartSearch(r"[ \t]*[1-8][1-8](?:[ \t]*[:|\t]|[ \t]{2})"),  # milk teeth too ('55: DO composiet')
    ),
    # Treatment codes (Vektis prestatiecodes): 'M03', 'V92', 'T022', 'F121', optionally '2x'.
    r"(?<![\w-])[A-Z]\d{2,3}(?:\s*\d{1,2}\s?x)?(?![\w-])",
    # Doses and measurements: '500 mg', '1,8 ml', '4%', '1:100.000', '3dd', '5 mm', 'graad 2', 'BoP 40%'. The unit on
    # the number's line: a reference closing a line is no dose of the word opening the next ('kenmerk 80483' / 'gr.
    # Habtom'; issue 17, fortieth round: dev166's phone notes by another hand).
    _unit_gated(
        r"\b\d+(?:[.,]\d+)?[ \t\u00a0\u202f]?" + DOSE_UNITS + r"(?![\w])",
        DOSE_UNITS,
    ),
    _gated(r"\b1[:/]\d{2,3}(?:\.\d{3})+\b", "1:", "1/"),
    # Laboratory values and an instrument's frequency ('anti-HBs >1000 IU/L', '12 mIE/ml', '< 100 kve/l', 'Hu-Friedy
    # 40 kHz'): a titre is no postcode, its unit's letter no initial (issue 17, eighteenth round: dev61 by another hand).
    _unit_gated(r"\b\d+(?:[.,]\d+)?[ \t]?" + LAB_UNITS + r"(?:/(?:l|L|ml|mL))?(?![\w])", LAB_UNITS),
    # A capitalised product right before its dose is a drug, whether or not a list has it ('Calcichew
    # 1250MG', 'Spoelen met Corsodyl 0,12%'); the unit in any case ('µg' folds to Greek 'μg').
    _gated(
        r"(?<![\w.])[A-Z][a-z]{3,}(?:[ -][A-Z][\w-]*)?[ \t]+(?:\d[ \t]?dd[ \t]+)?\d+(?:[.,]\d+)?[ \t]?"
        r"(?i:mg|ml|mcg|µg|%)(?![\w])",
        *("mg", "ml", "mcg", "\u03bcg", "%"),
    ),
    # The staging of periodontitis (2018 classification: 'stadium III graad B', 'Stage II Grade B'): the grade's
    # letter is no initial of a name after it ('graad B. Start' was read as 'B. Start'; issue 17, ninth round).
    _words_gated(
        # (and in German: 'Parodontitis Stadium III Grad B'; issue 17, fifteenth round: dev39)
        r"(?<![\w])(?i:stadium|stage)[ \t]+(?:[IV]{1,3}|[1-4])(?:[ \t]*,?[ \t]*(?i:graad|grade|grad)[ \t]+[A-C])?(?![\w])"
        r"|(?<![\w])(?i:graad|grade|grad)[ \t]+[A-C](?![\w])",
        ("stadium", "stage", "graad", "grade", "grad"),
    ),
    # A scale's bare score after its eponym ('Sedatiediepte Ramsay 4', 'Frankl 2, Venham 2'; scored_eponyms.txt; issue
    # 17, eighteenth round: dev64's anxiety centre by another hand).
    _word_gated(
        # (a newborn's Apgar per minute with slashes: 'Apgar 8/9/10'; thirty-third round: dev137; and the scale's letters
        # between: 'Corah DAS 14'; dev140)
        r"\b"
        + _list_alternation("scored_eponyms")
        + r"(?:[ \t]+[A-Z]{2,5})?[ \t]*:?[ \t]*\d{1,2}(?:[ \t]*[-–/][ \t]*\d{1,2}){0,2}(?![\w/])",
        "scored_eponyms",
    ),
    # A diagnosis's ICD-10 code ('erosieve slijtage (K03.2)', 'ARFID (F50.8)', 'Z98.84'): no patient's number (issue 17,
    # thirty-fourth round: dev143's referrals by another hand).
    _gated(r"(?<![\w.])[A-TV-Z]\d\d\.\d{1,2}(?![\w.]|-\d)", "."),
    # Helkimo's anamnestic and clinical dysfunction indices with their grade ('Helkimo Di II', 'Ai I'; issue 17,
    # thirty-fourth round: dev142's musicians by another hand).
    # Only after the name: 'Di 3' alone is as often a Tuesday.
    _words_gated(
        r"\bHelkimo[ \t]+(?:Ai|Di)[ \t]*(?:0|I{1,3}|[0-3])(?:[ \t]*,[ \t]*(?:Ai|Di)[ \t]*(?:0|I{1,3}|[0-3]))?(?![\w])",
        ("helkimo",),
    ),
    # A Bible reference, chapter and verse ('Matth. 25:40', 'Klaagl. 3:22-23', 'Psalm 23'): no person, date or time
    # (``bible_books.txt``; issue 17, thirty-fifth round: dev145's reformed village by another hand).
    _word_gated(
        r"(?<![\w.])(?:[1-3][ \t]?)?(?:"
        + _list_alternation("bible_books")
        + r")[ \t]?\d{1,3}:\d{1,3}(?:[-–]\d{1,3})?(?![\w:])|\b(?:Psalmen|Psalm|Ps\.)[ \t]?\d{1,3}(?![\w:.,]\d)",
        "bible_books",
    ),
    # A dose per day with its range of insulin units ('3dd 6-8 E bij de maaltijd', '1dd 20 E'): no day and month
    # (issue 17, thirty-fifth round: dev148's chain care by another hand).
    _gated(r"(?<![\w])\d[ \t]?dd[ \t]?\d{1,3}(?:[ \t]?[-–][ \t]?\d{1,3})?[ \t]?(?:E|IE)(?![\w])", "dd"),
    # A German fee schedule's item ('GOZ 5010', 'BEMA 13b') and a tooth's mobility grade ('Lockerungsgrad II'): no
    # patient's number, no initials (issue 17, thirty-fifth round: dev147's border practices by another hand).
    _words_gated(r"\b(?:GOZ|BEMA)[ \t]?\d{2,4}[a-z]?(?![\w])", ("goz", "bema")),
    _words_gated(r"\bLockerungsgrad[ \t]*(?:0|I{1,3}|[0-3])(?![\w])", ("lockerungsgrad",)),
    # (and the German periodontal screening's code, 'PSI 2', 'PSI-Code 3-')
    _words_gated(r"\bPSI(?:-Code)?[ \t]*[0-4][*+-]?(?![\w+*])", ("psi",)),
    # A pregnancy's duration in weeks and days since the last period ('zwanger AD 29+2 wk'): no initials 'AD', and a
    # scale's score out of ten or fourteen after its item ('Hazelbaker ATLFF uiterlijk 4/10, functie 11/14', 'pijn
    # 6/10'): no date (issue 17, thirty-third round: dev137's tongue-tie clinic by another hand).
    _words_gated(r"(?<![\w])AD[ \t]?\d{1,2}[ \t]?\+[ \t]?[0-6](?:[ \t]?(?:wk|wkn|weken|dgn))?(?![\w+])", ("ad",)),
    _words_gated(
        r"(?<![\w])(?i:uiterlijk|functie|vas|nrs|score|pijnscore|pijn)[ \t]*:?[ \t]*\d{1,2}[ \t]?/[ \t]?(?:10|14)(?![\w/])",
        ("uiterlijk", "functie", "vas", "nrs", "score", "pijnscore", "pijn"),
    ),
    # A personal dose equivalent's quantity ('Hp(10)', 'Hp(0,07)') and a lead apron's lead equivalent ('0,25 mm Pb'):
    # no initials (issue 17, thirty-third round: dev138's radiation protection by another hand).
    _words_gated(r"(?<![\w])Hp[ \t]?\((?:10|3|0[,.]07)\)", ("hp",)),
    _words_gated(r"(?<![\w])\d(?:[,.]\d{1,2})?[ \t]?mm[ \t]?Pb(?![\w])", ("pb",)),
    # A toothpaste's fluoride with the age it is for ('1450 ppm vanaf 5 jaar', '1000 ppm F tot 2 jaar'): advice, not
    # a child's age (issue 17, thirteenth round: dev20's youth dental care by another hand).
    _words_gated(
        r"\b\d{3,5}[ \t]?ppm(?:[ \t]*(?:F|fluoride|fluor))?(?:[ \t]+(?:vanaf|tot|onder|boven|voor)[ \t]+\d{1,2}"
        r"(?:[ \t]*(?:jaar|jr)))?(?![\w])",
        ("ppm",),
    ),
    # A tooth shade on the VITA guide ('kleur Vita A3', 'VITA classical B2'): no person called Vita (thirteenth round).
    # (and on the 3D-Master guide: 'kleur Vita 2M2'; twentieth round: dev74's lab orders)
    _words_gated(
        r"(?<![\w])(?i:vita)[ \t]+(?:(?i:classical|3D-Master)[ \t]+)?(?:[A-D][1-4]|[0-5][LMR][1-3])(?:[.,]5)?(?![\w])",
        ("vita",),
    ),
    # A product's catalogue or batch number after its label ('REF N8985', 'LOT 69013823', 'lotnr. Z28AA'), which an
    # analyst needs for a recall; capital 'REF' only, as 'ref.' before a patient's file number is a reference, and
    # not a bare 'Lot', a given name (issue 17, fourteenth round: dev23's implant reports by another hand).
    _gated(
        r"(?<![\w])(?:REF|LOT|(?i:lot[- ]?nr|lotnummer|batch(?:[- ]?nr|nummer)?|charge[- ]?nr))\.?:?[ \t]*"
        r"[A-Z0-9][A-Z0-9./-]{2,15}(?![\w])",
        *("ref", "lot", "batch", "charge"),
    ),
    # Elastics by their size in inches ('1/8" 3,5 oz'), a bracket system's prescription and slot ('Roth .018', 'MBT
    # .022') and an alloy's gold content ('Au 98%'): not a date, a person or a postcode (fourteenth round: dev23).
    _gated(r"(?<![\w/])[1-9]/[1-9]\d?(?:\"|[ \t]?inch)", '"', "inch"),
    _words_gated(r"\b(?:Roth|MBT|Damon|Ricketts)[ \t]+0?\.0[12]\d(?![\w])", ("roth", "mbt", "damon", "ricketts")),
    _gated(r"\b(?:Au|Pt|Pd|Ag)[ \t]?\d{1,2}(?:[.,]\d)?[ \t]?%", "%"),
    # The anaesthetist's physical status class ('ASA II', 'ASA-3'), and surfaces after a lesion or a filling without
    # the element ('diepe cariës DO', 'composiet MOD'): no initials of a person (fourteenth round: dev27).
    _words_gated(r"\bASA[ \t-]?(?:IV|V|I{1,3}|[1-6])(?:[ \t]?E)?(?![\w])", ("asa",)),
    _words_gated(
        r"\b(?i:cari[eë]s|vulling|restauratie|composiet|amalgaam|glasionomeer)[ \t]+[MODBLP]{1,5}(?![\w])",
        ("caries", "cariës", "vulling", "restauratie", "composiet", "amalgaam", "glasionomeer"),
    ),
    # A study's registration, which names a study and no person: the CCMO's 'NL70179.041.22', 'NCT05512345',
    # 'ISRCTN12345678', 'NL-OMON12345', 'METC 2024-0667', 'EudraCT 2023-001234-12' (fourteenth round: dev29's research
    # correspondence by another hand).
    _gated(
        r"\b(?:NL\d{5}\.\d{3}\.\d{2}|NCT\d{8}|ISRCTN\d{8}|NL-OMON\d{3,6}|EudraCT[ \t]\d{4}-\d{6}-\d{2}|"
        r"METC[ \t-]?(?:nr\.?[ \t]?)?(?:\d{2,4}[-/.]\d{2,5}|\d{4,6}))(?![\w])",
        *("nl", "nct", "isrctn", "eudract", "metc"),
    ),
    # The plaque index after its author ('plaque-index O'Leary 35%', 'plaquescore (O'Leary)').
    # (and Quigley-Hein's and Silness-Löe's, in brackets: 'plaque-index (Quigley-Hein) 2,4'; issue 17, fortieth round: the
    # session's user check)
    _words_gated(
        r"\bplaque-?(?:index|score)[ \t]*(?:\(|volgens[ \t]+)?(?:O['’]Leary|Quigley[- ]Hein|Silness[- ]L[öo]e)\)?",
        ("plaque", "plaque-index"),
    ),
    # A molar as Limburgish writes it, in lower case ('mien kees 36'): never Kees, a person, who is capitalised
    # (issue 17, fourteenth round: dev32's dialect messages by another hand).
    _words_gated(r"\b(?:mien|mijn|de|'n|n)[ \t]+kees[ \t]+" + _FDI + r"(?![\w])", ("kees",)),
    # A laboratory test with its value and unit ('Laatste Hb 7,1 mmol/l', 'INR 2,8', 'HbA1c 53 mmol/mol'): the test is
    # no name, its value no date or number of a person (issue 17, fifteenth round: dev38's hospital letters).
    _entries_gated(
        # (with its condition or method in brackets, and a unit's capital L: 'Glucose (nuchter) = 7,4 mmol/L', 'eGFR
        # (CKD-EPI) 76'; issue 17, thirty-fifth round: dev148's chain care by another hand)
        r"(?<![\w-])(?:" + _list_alternation("lab_tests") + r")(?:[ \t]*\((?i:nuchter|niet[ -]nuchter|CKD-EPI|MDRD)\))?"
        r"[ \t]*[:=]?[ \t]*\d+(?:[.,]\d+)?"
        r"(?:[ \t]?(?:mmol/[lL]|mmol/mol|µmol/[lL]|g/dl|g/l|mg/l|mg/dl|x[ \t]?10\^?9/l|%|ml/min(?:/1,73[ \t]?m2)?))?(?![\w/])",
        "lab_tests",
    ),
    # Vitamins: 'Vit. D', 'vitamine B12' (not a Mr Vit).
    _gated(r"(?<![\w])(?i:vit\.?|vitamine)[ \t]?[A-EK]\d{0,2}(?![\w])", "vit"),
    _words_gated(
        r"\b(?:pocketdiepte|PPD|BoP|recessie|mobiliteit|graad|plaque-index|furcatie|klasse|Miller)\b\s*:?\s*"
        # (or a class's letter: 'autoclaaf klasse B. Dentist leaves ...'; issue 17, twentieth round: dev78)
        r"(?:\d+(?:[.,]\d+)?\s?(?:mm|%)?|[IV]{1,4}(?![\w])|(?<=klasse[ \t])[A-E](?![\w]))",
        (
            "pocketdiepte",
            "PPD",
            "BoP",
            "recessie",
            "mobiliteit",
            "graad",
            "plaque-index",
            "furcatie",
            "klasse",
            "Miller",
        ),
    ),
    # An instrument named after its inventor ('Warwick James-hefboom', 'Minnesota-wondhaak', 'bein van Bernard',
    # 'raspatorium van Freer'): the name in it is no person (issue 17, eighth round: dev11 by another hand).
    _words_gated(
        r"(?<![\w-])(?:[A-Z][\w'’]+[ \t]){0,2}[A-Z][\w'’]+-(?i:"
        + lexicon.alternation("instrument_words")
        + r")(?![\w])|"
        r"\b(?i:" + lexicon.alternation("instrument_words") + r")[ \t]+(?:van|volgens)[ \t]+[A-Z][\w'’-]+",
        tuple(sorted(lexicon.words("instrument_words"))),
    ),
]
# Matched on the lower-cased text (same offsets; several times faster than case-insensitive alternations).
_TREATED_WITH = (
    *("behandeld", "gevuld", "afgevuld", "gerestaureerd", "gecementeerd", "gespoeld", "opgebouwd", "vervaardigd"),
    *("bekleed", "afgedekt", "overkapt", "geïrrigeerd", "gebonden", "geëtst"),
)
# The words before a tooth element (lower case: a word, or a word and an optional dot).
_ELEMENT_WORDS = (
    *("elementen", "element", r"elem\.?", r"el\.?", "kiezen", "kies", "tanden", "tand", "molaar", "premolaar"),
    *("regio", "de", "het", "van", "in", "bij"),
    # in a letter from over the border or abroad ('Schmerzen Zahn 34', 'tooth 46'; issue 17, thirteenth round: dev19)
    *("zahn", "tooth"),
    # and in Papiamentu ('djente 44'; issue 17, twentieth round: dev78's island notes)
    "djente",
    # and in Spanish ('exodoncia pieza 43'; issue 17, thirty-seventh round: dev156's referrals to Colombia)
    *("pieza", "piezas", "diente"),
    # and in the languages of labour migrants' messages: Polish, Romanian, Bulgarian (in Cyrillic and Latin letters),
    # Lithuanian, Hungarian ('boli mnie ząb 16', 'mă doare dinte 27', 'силна болка, зъб 36'; issue 17, thirtieth round:
    # dev126 by another hand)
    *(
        "ząb",
        "zęba",
        "zęby",
        "zab",
        "zeba",
        "dinte",
        "dintele",
        "dintelui",
        "зъб",
        "зъба",
        "dantis",
        "dantį",
        "fog",
        "foga",
    ),
)
# Where a tooth element's match can start, found backwards (on the reversed text): from the element's first digit, over
# the spaces, through a word read from its end, to no word character before it (the pattern's \b). Forwards, ``re``
# tried the words at most letters of a note ('de', 'het', 'van', 'in' are everywhere); backwards it skips to the digits,
# which are fewer. Each digit has one such word at most (a shorter word that ends another has a letter before it), and
# the reversed matches never overlap one another's digits: every start is found (issue 17, eleventh round).
_ELEMENT_STARTS_BACKWARDS = re.compile(
    r"[1-8]\s*(?:"
    + "|".join(r"\.?" + w[:-3][::-1] if w.endswith(r"\.?") else w[::-1] for w in _ELEMENT_WORDS)
    + r")(?!\w)"
)


def _element_starts(lower: str) -> list[int]:
    """The positions where the tooth-element pattern may match in the lower-cased ``lower``, in order (a superset)."""
    last = len(lower)
    return [last - m.end() for m in _ELEMENT_STARTS_BACKWARDS.finditer(lower[::-1])][::-1]


LOWER_CASE_PATTERN_SOURCES = [
    # Tooth elements: 'element 36', 'Elem. 46', 'el. 11-21', 'kies 47', 'tand 42', 'de 36', 'regio 35-37'.
    r"\b(?:" + "|".join(_ELEMENT_WORDS) + r")\s*" + _FDI_LIST + r"\b",
    # DPSI, with one score or a sextant chart, in any case: 'DPSI 3-', 'DPSI: 2 3+ 3- 2 1 2', 'dpsi 3-'.
    # Also a range ('DPSI 1-2'; issue 17, thirteenth round: dev21's injury reports).
    # And the chart as two rows of three sextants with a furcation's star ('dpsi 3-*/2/2 1/3-*/0'; issue 17,
    # eighteenth round: dev62's hygienists' notes by another hand): no date '2/2', no '1/3'.
    _words_gated(
        r"\bdpsi\b\s*:?\s*(?:"
        + _DPSI_SEXTANTS
        + r"(?:[ \t]+"
        + _DPSI_SEXTANTS
        + r")?(?![\w/])|[0-4][ \t]?[-–][ \t]?[0-4](?![\w/])|(?:[0-4][+-]?\*?(?:\s+|$|(?=[^\w])))+)",
        ("dpsi",),
    ),
    # An ICDAS code or a range of them ('ICDAS 4', 'ICDAS 3-5', 'ICDAS 5-6'): no date '3-5' (issue 17, fortieth round: the
    # session's user check).
    _words_gated(r"\bicdas[ \t]*:?[ \t]*[0-6](?:[ \t]?[-–][ \t]?[0-6])?(?![\w/-])", ("icdas",)),
    # A scale's score ('VAS angst 7/10', 'SUD 90', 'NRS pijn 6'; issue 17, eighteenth round: dev64's anxiety centre): no
    # date '7/10', no patient number 'SUD 90'.
    _words_gated(
        r"\b(?:vas|nrs|sud|mdas)(?:[ \t]+(?:angst|pijn|spanning))?[ \t]*:?[ \t]*\d{1,3}(?:[.,]\d)?"
        r"(?:[ \t]*/[ \t]*(?:10|100))?(?![\w/])",
        ("vas", "nrs", "sud", "mdas"),
    ),
    # A dental procedure or finding named with its element: 'Kroon 27', 'Vitaliteitstest 13', 'endo 46'.
    # Tests are often abbreviated ('Vit. 31', 'DR. Vitaliteit 44 +': 'DR.' is no title there).
    _led_by_words(
        r"\b(?:" + "|".join(map(re.escape, _PROCEDURE_WORDS)) + r")\b\.?[ :]*"
        r"(?:(?:element|elem\.?|el\.?|de|het|tand|kies|op|van|regio)\s*)?" + _FDI_LIST + r"(?:-?[modblp]{1,5})?\b",
        _PROCEDURE_WORDS,
    ),
    r"(?<![\w.,:/-])" + _FDI + r"(?=\s*(?:[-,/]\s*" + _FDI + r"\s*)*(?:[:,.;]|\s)\s*(?:cari[eë]s|mesiaal|distaal|"
    r"occlusaal|buccaal|palatinaal|linguaal|vitaal|fractuur|extractie|endo|mobiliteit|pocket|gevoelig|pijn))",
    _led_by_list(
        r"\b" + by_first_character([re.escape(d) for d in DRUG_NAMES]) + r"\b(?:\s+\d+(?:[.,]\d+)?\s?(?:mg|ml|%))?",
        "drug_names",
    ),
    # A pain score on the visual analogue scale ('VAS 7/10', 'vas 3'): not a date.
    _led_by_words(r"\bvas[ \t:]*\d{1,2}(?:[ \t]*/[ \t]*10)?(?![\w/])", ("vas",)),
    # A tooth dictated in words ('element vijfentwintig', 'kies achtendertig'), not the end of a name before it.
    # Gated on its tooth words: a note has one in 271 of 700, where the scan tried their first letters everywhere.
    _led_by_words(
        r"\b(?:elementen|element|elem\.?|kies|tand|molaar|premolaar|regio)[ \t]+(?:(?:een|twee|drie|vier|vijf|zes|"
        r"zeven|acht)(?:ën|en)(?:twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig)|elf|twaalf|dertien|veertien|"
        r"vijftien|zestien|zeventien|achttien)(?![\w])",
        ("elementen", "element", "elem", "kies", "tand", "molaar", "premolaar", "regio"),
    ),
    # What a tooth was treated or filled with is a material, not a person the note was written with ('behandeld
    # met zirkonia', 'gevuld met Herculite', 'gecementeerd met Vitremer'): the verb says so, whatever the brand.
    _led_by_words(
        r"\b(?:" + "|".join(_TREATED_WITH) + r")[ \t]+met[ \t]+[\w-]+(?:[ \t][A-Z0-9][\w-]*)?", _TREATED_WITH
    ),
    # Clinical words written capitalised (transforms/lexicon/data/clinical_terms.txt).
    _led_by_list(
        r"(?<![\w])" + lexicon.alternation("clinical_terms", spaces=r"[ \t]+") + r"(?![\w])",
        "clinical_terms",
        _entries_gated,
    ),
    # Appointment times, one or a range ('14u30-15u15', '9:45', '10.15 uur'); not part of a date ('12.05.2025').
    # Gated on a digit, a ':', '.' or 'u' and two digits, found from the middle character (114 of 700 notes).
    _search_gated(
        r"(?<![\w.,:/-])" + _HOUR + r"[:.u][0-5]\d(?:[ \t]*-[ \t]*" + _HOUR + r"[:.u][0-5]\d)?(?:[ \t]?uur)?"
        r"(?![\w]|[.,:/-]\d)",
        r"[:.u](?<=\d[:.u])[0-5]\d",
    ),
    # Quadrants ('kwadrant 3 en 4', 'Q1 en Q2'), not a place or a number.
    _led_by_words(
        r"\b(?:kwadranten|kwadrant|q)[ \t]*[1-8](?:[ \t]*(?:,|en|t/m|-|\+|/)[ \t]*(?:q[ \t]*)?[1-8])*(?![\w])",
        ("kwadranten", "kwadrant", "q"),
    ),
    # Stripping between two neighbouring teeth ('IPR 0,3 mm tussen 12/11'), not a date (fourteenth round: dev23).
    _led_by_words(
        r"\b(?:ipr|strippen|stripping|approximale[ \t]+reductie)\b[^\n]{0,25}?\btussen[ \t]+[1-4][1-8][ \t]*/[ \t]*[1-4][1-8]"
        r"(?![\w/])",
        ("ipr", "strippen", "stripping", "approximale"),
    ),
    # A retainer or splint from canine to canine ('retainer 3-3', 'spalk 13-23', 'spalkdraad 2-2'), not a date.
    _led_by_words(
        r"\b(?:retainer|spalk|draadspalk|spalkdraad|retentiedraad)[ \t]+(?:[1-4]?[1-8]-[1-4]?[1-8])(?![\w-])",
        ("retainer", "spalk", "draadspalk", "spalkdraad", "retentiedraad"),
    ),
]
# Health insurers are organisations, not people ('Zilveren Kruis' is not a Mr Kruis): every name in
# transforms/lexicon/data/insurers.tsv, with or without a UZOVI code.
# Longest first: a label that holds another ("Salland Zorgverzekeringen", "Salland") is kept whole.
INSURER_NAMES = sorted({name for _, name in lexicon.table("insurers", str, str)}, key=lambda n: (-len(n), n))
PATTERN_SOURCES.append(
    _names_gated(_led_alternation(r"\b", [re.escape(n) for n in INSURER_NAMES], r"(?![\w])"), INSURER_NAMES)
)

# Eponyms that name a classification, a disease or an organism, not a person in the note (lists in
# transforms/lexicon/data). Each needs its clinical frame: a class word or grade ('Miller klasse 2',
# 'Le Fort I', 'Angle kl. II', 'volgens Winter'), a disease word ('M. Crohn', 'ziekte van Kahler',
# 'Sjögren-syndroom'), or the abbreviated binomial ('E. coli'). A Mr Miller or Mrs Crohn alone is still a name.
_EPONYM = _list_alternation("clinical_eponyms")
_DISEASE = _list_alternation("eponymous_diseases")
# Any eponym or eponymous disease, anywhere: a pattern that has _EPONYM or _DISEASE outside any optional or
# repeated part cannot match a text where this finds nothing (most notes: one scan instead of six).
ANY_EPONYM = re.compile(
    by_first_character(_list_alternatives("clinical_eponyms") + _list_alternatives("eponymous_diseases"))
)
_NEEDS_EPONYM: set[str] = set()


def _with_eponym(pattern: str) -> str:
    """``pattern``, marked as one that every match of holds an eponym or a disease (``ANY_EPONYM``)."""
    _NEEDS_EPONYM.add(pattern)
    return pattern


_SPECIES = lexicon.alternation("microorganism_species")
_EPONYM_PAIRS = [
    r"[ \t]*(?:&|en)[ \t]*".join(re.escape(w) for w in re.split(r"\s*(?:&|\ben\b)\s*", e))
    if " en " in e or "&" in e
    else re.escape(e).replace(r"\ ", r"[ \t]+")
    for e in sorted(lexicon.words("clinical_eponyms"), key=len, reverse=True)
    if "-" in e or " en " in e or "&" in e
]
# Whether every match of the pairs holds an eponym as ANY_EPONYM finds it (so that they run only where it finds one):
# a hyphenated pair is an entry itself, written as ANY_EPONYM writes it; one joined by 'en' or '&' (in any spacing)
# holds its two names, one of which must be an entry of its own ('Pell', 'Löe').
_PAIRS_HOLD_AN_ENTRY = all(
    any(part in lexicon.words("clinical_eponyms") for part in re.split(r"\s*(?:&|\ben\b)\s*", e))
    for e in lexicon.words("clinical_eponyms")
    if " en " in e or "&" in e
)
_GRADE = r"(?:[IV]{1,4}|[1-9]\d?)(?:[ \t]?[a-dA-D](?![\w]))?(?:[ \t]*(?:/|-|en|t/m)[ \t]*(?:[IV]{1,4}|[1-9]\d?))*"
_CLASS_WORD = r"(?i:klasse|kl\.?|cl\.?|class|type|graad|gr\.|categorie|cat\.|index|twi|schaal|score|positie|stadium)"
# A bare number after an eponym could be an age ('Kennedy 63 jaar'): digits only after a class word.
_EPONYM_GRADE = (
    r"(?:[ \t-]*"
    + _CLASS_WORD
    + r"[ \t:-]*"
    + _GRADE
    + r"|[ \t-]+[IV]{1,4}[A-C]?(?:/[IV]{1,4})*|[ \t]+D[1-4]|[ \t]+RT[1-3])(?![\w])"
    r"(?:[ \t]*,?[ \t]*" + _CLASS_WORD + r"[ \t]*(?:" + _GRADE + r"|[A-C])(?![\w]))*"
)
# Brands of materials, implants, appliances and anaesthetics (transforms/lexicon/data/dental_products.txt), in any
# case: capitalised words that are no person, like the eponyms, so a name read across one is trimmed at it.
_PRODUCT = lexicon.alternation("dental_products", spaces=r"[ \t]+")
_PRODUCT_TAIL = r"(?![\w])(?:[ \t]+1[:/]\d{2,3}(?:\.\d{3})+(?![\w]))?"
# Patterns written case-insensitively throughout, with their lower-case twins for ``keywords.lowered`` texts
# (source -> twin): a case-sensitive scan of the lowered text, about three times faster, the same matches
# (tests/text/test_recognizers.py).
_LOWER_TWINS: dict[str, str] = {}
# with the adrenaline strength after an anaesthetic ('Septanest 1/200.000')
_PRODUCT_SOURCE = _entries_gated(r"(?<![\w.])(?i:" + _PRODUCT + r")" + _PRODUCT_TAIL, "dental_products")
EPONYM_PATTERN_SOURCES = [
    # A church denomination ('Hersteld Hervormde Gemeente', ``church_denominations.txt``): like a product, no person or
    # place, so a name read across one is trimmed at it ('Diaconie van de Gereformeerde Gemeenten te Harns'; issue 17,
    # thirty-fifth round: dev145's reformed village by another hand).
    _entries_gated(r"\b(?:" + _list_alternation("church_denominations") + r")(?![\w-])", "church_denominations"),
    # A maker of practice equipment with its model ('W&H Lisa 500', 'Miele PG 8591'; equipment_makers.txt): like a
    # product, no person, so a name read across one is trimmed at it ('ERROR Sensor Schick 33', 'met de Nomad Pro 2';
    # issue 17, thirty-third round: dev138's radiation protection by another hand). First: where a maker is a product
    # too ('KaVo'), the maker with its model is the phrase ('KaVo OP 3D Pro in Baarn').
    _entries_gated(
        # (a model's number ends before a sentence's full stop: not 'W&H Lisa 500. Wijkagent Maarten')
        r"(?<![\w&])"
        + _list_alternation("equipment_makers")
        + r"(?:[ \t]+(?:[A-Z][\w&+-]*|\d(?:[\w-]|\.(?=\w))*)){1,4}"
        r"(?![\w&])",
        "equipment_makers",
    ),
    _PRODUCT_SOURCE,
    _with_eponym(_EPONYM + _EPONYM_GRADE),
    # With its grade, when there is one: 'volgens Le Fort I. Occlusie' keeps 'I', so 'I. Occlusie' is no name.
    _with_eponym(
        _gated(
            r"(?i:\b(?:volgens|classificatie(?:[ \t]+(?:van|volgens))?|indeling(?:[ \t]+(?:van|volgens))?|"
            r"schaal[ \t]+van|index[ \t]+van)[ \t]+)" + _EPONYM + r"(?![\w])(?:" + _EPONYM_GRADE + r")?",
            *("volgens", "classificatie", "indeling", "schaal", "index"),
        )
    ),
    # A wisdom tooth's position and, in brackets, whose classification names it ('38 horizontaal (Winter)', 'mesioangulair
    # (Pell & Gregory)'; issue 17, fortieth round: dev165's armed forces by another hand, kept unread until the round's
    # other rules were written).
    _with_eponym(
        _words_gated(
            r"(?<![\w-])(?i:horizontaal|verticaal|(?:mesio|disto|bucco|linguo)-?angula(?:ir|r))[ \t]*\([ \t]*"
            + _EPONYM
            + r"[ \t]*\)",
            ("horizontaal", "verticaal", "mesioangulair", "distoangulair", "mesio", "disto", "bucco", "linguo"),
        )
    ),
    # Dictated in lower case, the eponym before its class word and grade ('kennedy klasse iii', 'black klasse v'):
    # a lower-case name found before it must not run over it (issue 17, ninth round).
    _words_gated(
        # (and with the class word abbreviated: 'kennedy kl iii', 'ellis kl 2'; issue 17, eighteenth round: dev62)
        r"(?<![\w-])(?i:" + _EPONYM + r")[ \t-]+(?i:klasse|class|kl\.?)[ \t:-]+(?i:" + _GRADE + r")(?![\w])",
        ("klasse", "class", "kl"),
    ),
    # The eponym names a classification, an operation, an analysis or an appliance ('Le Fort-osteotomie',
    # 'Caldwell-Luc-operatie', 'Roth prescriptie', 'Steiner analyse', 'Nance-boog').
    _with_eponym(
        # (also 'klasse' before it: 'scholing Miller klasse indeling'; issue 17, twentieth round: the user check)
        _EPONYM + r"[ \t-](?i:(?:klasse[ \t-]?)?(?:classificatie|indeling)|index|schaal|klassen|osteotomie|operatie|"
        r"benadering|analyse|kroon|"
        r"boog|prescriptie|techniek|procedure|plastiek|lap|discrepantie|cystectomie|regel|apparaat|beugel|lipcorrectie|"
        r"lipplastiek|velumplastiek|faryngoplastiek)(?![\w])"
    ),
    # An eponym joined by a hyphen to a lower-case word names a procedure, a score or an appliance ('Millard-lipplastiek',
    # 'Sommerlad-velumplastiek', 'Pittsburgh-score'); a person's double surname capitalises both parts (issue 17,
    # eighteenth round: dev58's cleft team by another hand).
    _with_eponym(_EPONYM + r"-[a-zß-öø-ÿ]{4,}(?![\w-])"),
    # A type and its grade with the eponym in brackets after them ('dentinogenesis imperfecta type II (Shields)',
    # 'hypomaturatie type IIA4 (Witkop)'; issue 17, nineteenth round: dev72's genetics letters by another hand).
    _with_eponym(
        _words_gated(
            r"(?<![\w])(?i:type|klasse|graad|stadium)[ \t]+[\w]{1,5}[ \t]*\(" + _EPONYM + r"\)",
            ("type", "klasse", "graad", "stadium"),
        )
    ),
    # A double eponym is a procedure or class on its own ('Caldwell-Luc', 'Obwegeser-Dal Pont', 'Pell & Gregory').
    (_with_eponym if _PAIRS_HOLD_AN_ENTRY else str)(_led_alternation(r"(?<![\w-])", _EPONYM_PAIRS, r"(?![\w-])")),
    # An eponym, a colon and its class as a position word ('Winter: mesioangulair', 'Winter: verticaal').
    _with_eponym(
        _EPONYM + r"[ \t]*:?[ \t]*(?i:(?:mesio|disto|bucco|linguo)-?angulair|verticaal|horizontaal|transversaal|"
        r"inverted|invers)(?![\w])"
    ),
    _with_eponym(
        _gated(
            r"(?<![\w.])(?i:M\.|morbus|ziekte[ \t]+van|syndroom[ \t]+van|angina[ \t]+van|parese[ \t]+van|"
            r"verlamming[ \t]+van|oedeem[ \t]+van|teken[ \t]+van)[ \t]*" + _DISEASE + r"(?![\w])",
            *("m.", "morbus", "ziekte", "syndroom", "angina", "parese", "verlamming", "oedeem", "teken"),
        )
    ),
    _with_eponym(
        _DISEASE + r"(?i:-?syndroom|-?ziekte|-?parese|-?oedeem|-?sequentie|[ \t]+syndroom|[ \t-]angina|"
        r"[ \t]+parese|['’]s[ \t]+(?:palsy|disease|syndrome))(?![\w])"
    ),
    # An English eponymous diagnosis ("Heck's disease", "Bell's palsy"), whether or not a list has the name.
    # (and "Ludwig's angina"; issue 17, twenty-eighth round: the session's user check)
    _words_gated(
        r"(?<![\w.])[A-Z][\w'’-]+['’]s[ \t]+(?i:disease|palsy|syndrome|angina)(?![\w])",
        ("disease", "palsy", "syndrome", "angina"),
    ),
    # An occlusion's class in English, and its division ('a Class II div 1 malocclusion'; the same user check).
    _words_gated(
        r"(?<![\w.])(?i:class)[ \t]+(?:III|II|I|IV|[1-4])(?:[ \t]+(?i:div(?:ision)?)\.?[ \t]*[12])?(?![\w])", ("class",)
    ),
    _word_gated(r"(?<![\w.])[A-Z]\.[ \t]?(?i:" + _SPECIES + r")(?![\w])", "microorganism_species"),
    # Written out: 'Candida albicans', 'Streptococcus mutans' (the genus is no given name).
    _word_gated(r"(?<![\w.])[A-Z][a-z]{3,}[ \t]+(?:" + _SPECIES + r")(?![\w])", "microorganism_species"),
    # The disease frame names an eponym whether or not a list has it ('syndroom van Noonan', 'ziekte van
    # Kimura', 'Eagle-syndroom'): a person is not said to have a syndrome 'of' someone in a note.
    _words_gated(
        r"(?<![\w.])(?i:morbus|ziekte[ \t]+van|syndroom[ \t]+van|angina[ \t]+van|parese[ \t]+van|"
        r"oedeem[ \t]+van)[ \t]+[A-Z][\w'’]+(?:-[A-Z][\w'’]+)*(?![\w])",
        ("morbus", "ziekte", "syndroom", "angina", "parese", "oedeem"),
    ),
    _words_gated(
        r"(?<![\w.'’-])[A-Z][\w'’]+(?:[ -][A-Z][\w'’]+)*-(?:syndroom|ziekte|sequentie|parese|cyste)(?![\w])",
        ("syndroom", "ziekte", "sequentie", "parese", "cyste"),
    ),
    # An anatomical structure named after its describer ('buis van Stensen', 'ring van Waldeyer', 'vetlichaam van Bichat',
    # 'wal van Passavant'), and a virus ('Epstein-Barr virus'): no person either (issue 17, thirty-seventh round: dev155's
    # head-and-neck oncology by another hand).
    _words_gated(
        # (in lower case: 'Linda van der Wal van Stichting Exodus' is a person and a foundation)
        # (and the periodontal ligament's fibres and the root's sheath: 'vezels van Sharpey', 'schede van Hertwig'; issue 17,
        # thirty-eighth round: dev159's dental experts by another hand)
        r"(?<![\w.])(?:ring|buis|wal|vetlichaam|ganglion|kanaal|papil|driehoek|membraan|ligament|vezels|schede)[ \t]+van[ \t]+"
        r"[A-Z][\w'’]+(?![\w])",
        (
            *("ring", "buis", "wal", "vetlichaam", "ganglion", "kanaal", "papil", "driehoek", "membraan", "ligament"),
            *("vezels", "schede"),
        ),
    ),
    _words_gated(r"(?<![\w.'’-])[A-Z][\w'’]+(?:-[A-Z][\w'’]+)*[ -]?virus(?![\w])", ("virus",)),
    # A disease named after its describer as speech-to-text writes it, in lower case and maybe misspelt ('ziekte van
    # sjoegren', 'syndroom van daun'): no person, where the capitalised eponyms are listed (issue 17, thirty-eighth round:
    # dev160's telephone transcripts by another hand). Not a possessive ('de ziekte van mijn moeder').
    _words_gated(
        r"(?<![\w.])(?:ziekte|syndroom|morbus)[ \t]+van[ \t]+"
        r"(?!(?:mijn|haar|zijn|hun|uw|je|jouw|onze|ons|de|het|een|die|dat|deze|dit|hem|u|jou|iemand)(?![\w]))"
        r"[a-zß-öø-ÿ][a-zß-öø-ÿ'’-]{2,}(?![\w])",
        ("ziekte", "syndroom", "morbus"),
    ),
]
_LOWER_TWINS[_PRODUCT_SOURCE] = (
    r"(?<![\w.])"
    + by_first_character(
        [r"[ \t]+".join(map(re.escape, e.lower().split(" "))) for e in _list_entries("dental_products")]
    )
    + _PRODUCT_TAIL
)
_EPONYMS = re.compile("|".join(f"(?:{p})" for p in EPONYM_PATTERN_SOURCES))
# One pass per pattern, not one alternation of all: ``re`` then skips ahead to each pattern's possible first
# characters (a literal prefix or a character set), where an alternation tries every branch at every
# position; about twice as fast on the evaluation corpus (issue 17). The spans are an allow list, so a
# span found by several patterns, or overlapping another, is harmless. Public: each pattern with the keywords one
# of which every match contains (None: always run) and the words one of which a text must have for it to match
# (None: no word gate), so a test can prove neither check ever skips a match.
# Each is compiled in its fast form (``_compiled``): opening with its first character class (``charset_led``, or a
# registered alternation led by its first letters), else with a look-ahead for its first characters where it opens
# with a look-behind or \b (``keywords.with_first_char_hint``): the same matches, most positions rejected at once.
# Those that hold an eponym or an eponymous disease run only where ``ANY_EPONYM`` finds one (``EPONYM_LED``).
CLINICAL_PATTERNS = tuple(
    (_compiled(p), _TRIGGERS.get(p), _WORD_GATES.get(p)) for p in PATTERN_SOURCES + EPONYM_PATTERN_SOURCES
)
EPONYM_LED = tuple(p in _NEEDS_EPONYM for p in PATTERN_SOURCES + EPONYM_PATTERN_SOURCES)
# The search gate of each (None: none), run on the text.
CLINICAL_SEARCHES = tuple(_SEARCH_GATES.get(p) for p in PATTERN_SOURCES + EPONYM_PATTERN_SOURCES)
# The unit gate of each (None: none): the words and the other units one of which every match holds.
CLINICAL_UNIT_GATES = tuple(_UNIT_GATES.get(p) for p in PATTERN_SOURCES + EPONYM_PATTERN_SOURCES)
# The lower-case twin of each (None: none), run instead on a ``keywords.lowered`` text.
LOWER_TWINS = tuple(
    re.compile(_LOWER_TWINS[p]) if p in _LOWER_TWINS else None for p in PATTERN_SOURCES + EPONYM_PATTERN_SOURCES
)
# The same for the patterns matched on the lower-cased text (or case-insensitively, see clinical_spans).
CLINICAL_LOWER_GATES = tuple(_WORD_GATES.get(p) for p in LOWER_CASE_PATTERN_SOURCES)
CLINICAL_LOWER = tuple(zip((_compiled(p) for p in LOWER_CASE_PATTERN_SOURCES), CLINICAL_LOWER_GATES))
# The function that gives, for a lower-cased text, the positions where each may start (None: scan the text whole):
# tried there only, as ``finditer`` would find them (:func:`matches_at`).
CLINICAL_LOWER_STARTS = tuple(
    _element_starts if p is LOWER_CASE_PATTERN_SOURCES[0] else None for p in LOWER_CASE_PATTERN_SOURCES
)
# Per gate word, the first words of the entries that lead each and hold that word (``_led_by_words``, ``_led_by_list``;
# None: not led by entries): tried where those of the text's gate words stand (:func:`entry_starts`). An entry's gate
# word (its first or its longest) is one of the words it holds.
CLINICAL_LOWER_LED = tuple(
    {
        word: tuple(
            dict.fromkeys(e.split(" ")[0] for e in _LED_BY[p] if word in _ASCII_LETTERS.findall(folded_entry(e)))
        )
        for word in _WORD_GATES[p]
    }
    if p in _LED_BY
    else None
    for p in LOWER_CASE_PATTERN_SOURCES
)
# The search gate of each (None: none), run on the lower-cased text.
CLINICAL_LOWER_SEARCHES = tuple(_SEARCH_GATES.get(p) for p in LOWER_CASE_PATTERN_SOURCES)
CLINICAL_ANY_CASE = tuple(
    zip(
        (_compiled(p, re.IGNORECASE) for p in LOWER_CASE_PATTERN_SOURCES),
        CLINICAL_LOWER_GATES,
    )
)


_last_spans: tuple[str, tuple[tuple[int, int], ...]] = ("", ())


def clinical_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of clinical strings in ``text`` that anonymisation must keep. The last text's ranges
    are kept: a name recognizer asks for them before the engine does, for the same text."""
    global _last_spans
    last = _last_spans
    if last[0] is text:
        return list(last[1])
    spans = _clinical_spans(text)
    _last_spans = (text, tuple(spans))
    return spans


# The word gates of every pattern, in the order their spans are listed (CLINICAL_PATTERNS, then CLINICAL_LOWER): a
# note has a few dozen words and the gates a few hundred, so the gates that pass are found from the note's words, one
# set operation, and only the patterns they gate are looked at with the ungated ones, where each pattern's gate was a
# set operation of its own (issue 17, twelfth round).
_GATES = [gate if units is None else units[0] for (_, _, gate), units in zip(CLINICAL_PATTERNS, CLINICAL_UNIT_GATES)]
_GATES += CLINICAL_LOWER_GATES
_UNGATED = frozenset(i for i, gate in enumerate(_GATES) if gate is None)
# A unit-gated pattern also runs where one of its units without letters is in the text.
_GATED_BY_UNIT = tuple((i, units[1]) for i, units in enumerate(CLINICAL_UNIT_GATES) if units is not None and units[1])
_GATED_BY: dict[str, frozenset[int]] = {}
for _i, _gate in enumerate(_GATES):
    for _word in _gate or ():
        _GATED_BY[_word] = _GATED_BY.get(_word, frozenset()) | {_i}
_GATE_WORDS = frozenset(_GATED_BY)


def _clinical_spans(text: str) -> list[tuple[int, int]]:
    found = words(text)
    patterns = set(_UNGATED)  # the patterns whose word gate passes (or that have none)
    for word in found & _GATE_WORDS:
        patterns.update(_GATED_BY[word])
    for i, units in _GATED_BY_UNIT:
        if i not in patterns and any(map(text.__contains__, units)):
            patterns.add(i)
    fold = None  # the folded text, made when a pattern's keywords are first checked
    eponym = None  # whether the text has an eponym or an eponymous disease: looked for once, when first asked
    lower = same = None  # the lower-cased text and whether it keeps the offsets, made for the first lower-case pattern
    first_lower = len(CLINICAL_PATTERNS)
    scans: list[Iterable[re.Match[str]]] = []  # each pattern's matches, found lazily: the checks first, one pass after
    for i in sorted(patterns):
        if i < first_lower:
            if EPONYM_LED[i]:  # first: one scan per text, where a pattern's keywords cost a search each
                if eponym is None:
                    eponym = ANY_EPONYM.search(text) is not None
                if not eponym:
                    continue
            rx, triggers, _ = CLINICAL_PATTERNS[i]
            if triggers:
                if fold is None:
                    fold = folded(text)
                if not any_in(triggers, fold):
                    continue
            search = CLINICAL_SEARCHES[i]
            if search is not None and search.search(text) is None:
                continue
            twin = LOWER_TWINS[i]
            low = lowered(text) if twin is not None else None
            scans.append(rx.finditer(text) if low is None else twin.finditer(low))
        else:
            i -= first_lower
            if lower is None:
                lower = text.lower()
                same = len(lower) == len(text)  # lower() keeps offsets for almost every text ('İ' would not)
            search = CLINICAL_LOWER_SEARCHES[i]
            if search is not None and search.search(lower) is None:
                continue
            if not same:
                scans.append(CLINICAL_ANY_CASE[i][0].finditer(text))
            elif (led := CLINICAL_LOWER_LED[i]) is not None:
                # (bound now: the scans are read after the loop)
                positions = entry_starts(lower, found, led)
                scans.append(matches_at(CLINICAL_LOWER[i][0], lambda _, at=positions: at, lower))
            else:
                rx, starts = CLINICAL_LOWER[i][0], CLINICAL_LOWER_STARTS[i]
                scans.append(rx.finditer(lower) if starts is None else matches_at(rx, starts, lower))
    return [m.span() for matches in scans for m in matches if m.end() > m.start()]


def entry_starts(lower: str, found: frozenset[str], led: dict[str, tuple[str, ...]]) -> list[int]:
    """Where, in the lower-cased ``lower``, the first word of an entry of ``led`` stands whose gate word is one of the
    text's words ``found``, in order: every place a match of the pattern they lead can start (a few searches at C
    speed)."""
    at = []
    for word in found.intersection(led):
        for entry in led[word]:
            i = lower.find(entry)
            while i >= 0:
                at.append(i)
                i = lower.find(entry, i + 1)
    return sorted(set(at))


def matches_at(rx: re.Pattern[str], starts: Callable[[str], list[int]], subject: str) -> Iterator[re.Match[str]]:
    """The matches ``rx.finditer(subject)`` gives, when every match starts at one of ``starts(subject)`` (in order;
    more positions do no harm): ``rx`` is tried at each, except inside the match before, as ``finditer`` goes on."""
    end = 0
    for start in starts(subject):
        if start < end:
            continue
        m = rx.match(subject, start)
        if m is not None and m.end() > start:
            end = m.end()
            yield m


def eponym_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of eponymous clinical phrases ('Miller klasse 2', 'M. Crohn', 'E. coli'): a subset of
    :func:`clinical_spans`, where a capitalised word is a classification or a disease, not a person."""
    return [m.span() for m in _EPONYMS.finditer(text) if m.end() > m.start()]
