"""Keyword pre-checks: a pattern whose keywords are all absent from a text cannot match, so it need not run.

Pure Python (no Presidio), shared by the recognizers and the clinical allow list (issue 17: most
keyword-led patterns find nothing in most notes, and a regex scan for a case-insensitive alternation
costs far more than a few substring checks).
"""

from __future__ import annotations

import re
from itertools import product
from typing import Iterable

# Characters a case-insensitive ASCII letter matches that ``str.casefold`` does not fold to that letter alone:
# 'İ' (casefold 'i' + combining dot) and 'ı' both match (?i)i on ``re``, 'İ' on ``regex`` (checked over every
# code point; every other such character casefolds to the letter). Folded to 'i', a keyword written with them
# is still found.
_FOLD_EXTRA = {0x130: "i", 0x131: "i"}
_last_folded: tuple[str, str] = ("", "")


def folded(text: str) -> str:
    """``text`` case-folded for keyword pre-checks: a lower-case ASCII keyword that a pattern matches in
    ``text``, in any case and on either regex engine, is a substring of it (the converse need not hold).
    The last text's fold is kept: the engine's recognizers run one after another on the same text."""
    global _last_folded
    last = _last_folded
    if last[0] is text:
        return last[1]
    # str.translate with a dict looks every character up (ten times the casefold's cost): only where it changes one.
    fold = (text.translate(_FOLD_EXTRA) if "\u0130" in text or "\u0131" in text else text).casefold()
    _last_folded = (text, fold)
    return fold


def any_in(keywords: Iterable[str], fold: str) -> bool:
    """Whether one of ``keywords`` occurs in ``fold`` (a :func:`folded` text)."""
    return any(map(fold.__contains__, keywords))  # no generator frame per keyword: called ~30 times per text


# --- whole-word gates (issue 17, seventh round) ------------------------------------------------------
# A pattern led by a word list ('(?<![\w])(?i:moeder|vader|...)[ \t]+') can only match where one of its entries
# stands as a word. Substring checks for a list of a hundred entries cost as much as the scan they would save;
# a set of the text's words, made once per text and shared by every gated pattern, makes each check one set
# operation. Words here are runs of ASCII letters in the folded text: an entry's first such run is a word of
# the text wherever the pattern matches that entry, provided no letter stands right before the entry and none
# right after a first run that ends the entry (the pattern's own boundary: a look-behind for \w, a space, or
# (?![\w])). Folding keeps that true: every character a case-insensitive ASCII letter matches folds to that
# letter, and no character that is not a word character folds to an ASCII letter
# (tests/text/test_recognizers.py checks both over every code point, and the gates on every evaluation text).
_ASCII_RUN = re.compile(r"[a-z]+")
_last_words: tuple[str, frozenset[str]] = ("", frozenset())
_ASCII_LETTERS_ONLY = bytes(c if 0x61 <= c <= 0x7A else 0x20 for c in range(256))  # bytes.translate: a-z kept


def words(text: str) -> frozenset[str]:
    """The runs of ASCII letters in :func:`folded` ``text`` ('Dag Noor,\\nMVG' -> {'dag', 'noor', 'mvg'}).
    The last text's words are kept: the gated patterns run one after another on the same text."""
    global _last_words
    last = _last_words
    if last[0] is text:
        return last[1]
    # What _ASCII_RUN.findall gives, at C speed: every character but a-z becomes a space (one not ASCII first a '?'),
    # then a split at the spaces; 1.5x faster than the regex on the notes, and every text has its words made.
    ascii_only = folded(text).encode("ascii", "replace").translate(_ASCII_LETTERS_ONLY)
    found = frozenset(ascii_only.decode("ascii").split())
    _last_words = (text, found)
    return found


def first_words(entries: Iterable[str]) -> frozenset[str]:
    """The first run of ASCII letters of each folded entry: one of them is in :func:`words` of any text where a
    pattern matches an entry with the boundaries described above. An entry with no ASCII letter cannot be
    gated (ValueError): the caller runs that pattern always."""
    out = set()
    for entry in entries:
        m = _ASCII_RUN.search(folded_entry(entry))
        if m is None:
            raise ValueError("an entry without ASCII letters cannot gate a pattern")
        out.add(m.group())
    return frozenset(out)


def folded_entry(entry: str) -> str:
    """An entry folded as :func:`folded` folds a text (without touching the one-text cache)."""
    # str.translate with a dict looks every character up: only where it changes one (the engine folds a name's words
    # per note: issue 17, twelfth round).
    return (entry.translate(_FOLD_EXTRA) if "\u0130" in entry or "\u0131" in entry else entry).casefold()


# Characters a case-insensitive letter matches that ``str.lower`` does not lower to it: 'ı' (re: i), 'ſ' (both
# engines: s); 'İ' lowers to two characters, which the length check catches (checked over every code point in
# tests/text/test_recognizers.py).
_DOTLESS_I, _LONG_S = "ı", "ſ"
_last_lowered: tuple[str, str | None] = ("", None)


def lowered(text: str) -> str | None:
    """``text.lower()`` when it has the same offsets and a case-insensitive pattern matches ``text`` exactly
    where its lower-case form matches the lowered text; else None (match the text itself). Cached for the last
    text, as :func:`folded`."""
    global _last_lowered
    last = _last_lowered
    if last[0] is text:
        return last[1]
    lower = text.lower()
    # Two substring searches (``str`` finds a character at memory-scan speed), where a set's ``isdisjoint(text)``
    # hashed every character: 30x faster (issue 17, tenth round).
    found = lower if len(lower) == len(text) and _DOTLESS_I not in text and _LONG_S not in text else None
    _last_lowered = (text, found)
    return found


# --- first-character hints for the standard ``re`` engine (issue 17, seventh round) ----------------------------
# ``re`` skips ahead to a pattern's possible first characters only when the pattern opens with them; a look-behind
# or \b first (most of ours: '(?<![\w-])[1-9]\d{3}...', '(?<![\d.,:/-])(?:0?[1-9]|...)') hides them, and the
# whole pattern is tried at every position. A look-ahead for those characters in front changes no match (every
# match starts with one of them) and makes most positions fail at once: dates, postcodes, places abroad and most
# of the clinical allow list scan 1.2-2.5x faster. Not where the first characters are most characters anyway
# (\w, \s: measured slower), and not on the ``regex`` engine, which finds them itself.
def with_first_char_hint(pattern: str, flags: int = 0) -> str:
    """``pattern`` with a look-ahead for its possible first characters in front, when it opens with a zero-width
    assertion and they are few; else ``pattern`` as it is. For the standard ``re`` engine (its syntax)."""
    try:  # re's own parser (Python 3.11+; private): without it, no hint, the same matches
        from re import _constants as sre_constants
        from re import _parser as sre_parse

        parsed = list(sre_parse.parse(pattern, flags))
    except (ImportError, re.error, TypeError, ValueError):
        return pattern
    opening = parsed
    while opening and opening[0][0] is sre_constants.SUBPATTERN:  # '(?i:\\b...)': the group's own first element
        opening = list(opening[0][1][3])
    if not opening or opening[0][0] not in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
        return pattern
    sensitive: list[str] = []
    insensitive: list[str] = []
    if _first_chars(parsed, sensitive, insensitive, False, sre_constants) is not False:
        return pattern  # could match empty, or a first element this does not read: no hint
    if any(c in (r"\w", r"\s") for c in sensitive + insensitive):
        return pattern
    parts = []
    if sensitive:
        parts.append("[" + "".join(sensitive) + "]")
    if insensitive:
        parts.append("(?i:[" + "".join(insensitive) + "])")
    return "(?=" + "|".join(parts) + ")" + pattern


def _class_char(code: int) -> str:
    return "\\" + chr(code) if chr(code) in "-]\\^[" else re.escape(chr(code))


def _first_chars(items: list, sensitive: list[str], insensitive: list[str], icase: bool, c) -> bool | None:
    """Add the possible first characters of the parsed sequence ``items`` (``re._parser``) to ``sensitive`` or, under
    a local (?i), ``insensitive``: False when the sequence always consumes a first character, True when it can
    match empty (what follows adds its own), None when an element is not read (any character, back-references)."""
    for op, av in items:
        out = insensitive if icase else sensitive
        if op is c.LITERAL:
            out.append(_class_char(av))
            return False
        if op is c.IN:
            for o, a in av:
                if o is c.LITERAL:
                    out.append(_class_char(a))
                elif o is c.RANGE:
                    out.append(_class_char(a[0]) + "-" + _class_char(a[1]))
                elif o is c.CATEGORY and a in (c.CATEGORY_DIGIT, c.CATEGORY_WORD, c.CATEGORY_SPACE):
                    out.append({c.CATEGORY_DIGIT: r"\d", c.CATEGORY_WORD: r"\w", c.CATEGORY_SPACE: r"\s"}[a])
                else:
                    return None  # a negated set or a negated category
            return False
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero-width: the next element gives the first character
        if op is c.SUBPATTERN:
            _, add, remove, sub = av
            inner = True if add & re.IGNORECASE else False if remove & re.IGNORECASE else icase
            nullable = _first_chars(list(sub), sensitive, insensitive, inner, c)
        elif op is c.BRANCH:
            found = [_first_chars(list(b), sensitive, insensitive, icase, c) for b in av[1]]
            nullable = None if None in found else any(found)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, _, sub = av
            nullable = _first_chars(list(sub), sensitive, insensitive, icase, c)
            nullable = None if nullable is None else nullable or low == 0
        elif op is c.ATOMIC_GROUP:
            nullable = _first_chars(list(av), sensitive, insensitive, icase, c)
        else:
            return None
        if nullable is not True:
            return nullable
    return True


# --- plain texts: where both regex engines read every character alike (issue 17, eighth round) -----------------
# ``re`` scans many of our patterns 1.3-2x faster than ``regex``, but the engines disagree on a few characters:
# \w holds for '²', '½' (numbers that are not digits) on ``re`` only, and for combining marks, connector
# punctuation and unassigned code points on ``regex`` only; \s for \x1c-\x1f on ``re`` only; a case-insensitive
# 'i' matches 'ı' on ``re`` only. A text made of the characters below (ASCII, Latin-1 and Latin Extended letters,
# the typographic punctuation and spaces notes are typed with) holds none of them, and each of them is a word
# character, a space, a digit and matches the same characters case-insensitively on both engines (checked over
# every code point in tests/text/test_recognizers.py), except 'i' and 'I', which match 'ı' or 'İ' on one engine
# only: a pattern run on both must have no case-insensitive set that holds 'ı' or 'İ' but neither 'i' nor 'I'
# (checked there too).
PLAIN_CHARACTERS = (
    "\t\n\r\x20-\x7e\xa0-\xb1\xb4-\xb8\xba\xbb\xbf-\u012f\u0132-\u019a\u019c-\u024f"
    "\u2009\u2010\u2011\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u202f\u20ac"
)
_NOT_PLAIN = re.compile("[^" + PLAIN_CHARACTERS + "]")
_last_plain: tuple[str, bool] = ("", True)


def plain(text: str) -> bool:
    """Whether every character of ``text`` is one of ``PLAIN_CHARACTERS``: then a pattern that both regex engines
    compile finds the same matches on either. Cached for the last text, as :func:`folded`."""
    global _last_plain
    last = _last_plain
    if last[0] is text:
        return last[1]
    found = _NOT_PLAIN.search(text) is None
    _last_plain = (text, found)
    return found


# --- keywords of many patterns at once (issue 17, tenth round) ----------------------------------------------
# The pattern recognizers check some 35 keyword tuples per text (190 substring searches of the folded text, 37 µs
# a note: the searches themselves, not the Python around them). A keyword of ASCII letters only occurs in the
# folded text exactly where it occurs in one of its :func:`words` (a run of such letters lies inside one maximal
# run), and the same words come back note after note: what each word holds is worked out once and remembered, so
# a note costs a look-up per word. The other keywords ('@', '://', 'dr.', single letters) are searched as before.
class KeywordIndex:
    """The keywords of a registered set that occur in a text, as :func:`any_in` on the :func:`folded` text finds
    them: ``k in present(text)`` exactly when ``k in folded(text)``, for every registered keyword ``k``."""

    max_words = 100_000  # the words remembered at most (some 10 MB), then forgotten: a bound all the same

    def __init__(self, keywords: Iterable[str] = ()) -> None:
        self._keywords: set[str] = set()
        self._searched: list[str] = []  # not two or more ASCII letters: searched for in the folded text
        self._by_pair: dict[str, list[str]] = {}  # the others by their first two letters
        # The words seen so far, and the keywords each of them holds (only those that hold one). One pair, replaced
        # (not cleared) when it is full or the keywords change: a thread works on the pair it read, whole.
        self._memory: tuple[set[str], dict[str, frozenset[str]]] = (set(), {})
        self._last: tuple[str, frozenset[str]] = ("", frozenset())
        self.add(keywords)

    def add(self, keywords: Iterable[str]) -> None:
        """Register ``keywords`` (lower-case, as :func:`any_in` takes them); what was remembered is forgotten."""
        new = [k for k in dict.fromkeys(keywords) if k not in self._keywords]
        for keyword in new:
            self._keywords.add(keyword)
            if _ASCII_RUN.fullmatch(keyword) and len(keyword) >= 2:
                self._by_pair.setdefault(keyword[:2], []).append(keyword)
            else:
                self._searched.append(keyword)
        if new:
            self._memory = (set(), {})
            self._last = ("", frozenset())

    def present(self, text: str) -> frozenset[str]:
        """The registered keywords that occur in :func:`folded` ``text``. Kept for the last text, as :func:`folded`:
        the recognizers run one after another on the same text."""
        last = self._last
        if last[0] is text:
            return last[1]
        found = set(filter(folded(text).__contains__, self._searched))
        text_words = words(text)
        seen, in_word = self._memory
        new = text_words - seen  # set operations: a note's words are looked at one by one only when new
        if len(seen) + len(new) > self.max_words:  # a fresh memory first, never while this text's words are learnt
            seen, in_word = self._memory = (set(), {})
            new = text_words
        for word in new:
            held = self._held_by(word)
            if held:
                in_word[word] = held
            seen.add(word)  # after its keywords: a word seen is a word whose keywords are known
        for word in text_words & in_word.keys():  # most words hold no keyword
            found.update(in_word[word])
        result = frozenset(found)
        self._last = (text, result)
        return result

    def _held_by(self, word: str) -> frozenset[str]:
        """The registered keywords of ASCII letters that ``word`` holds."""
        by_pair = self._by_pair
        return frozenset(
            keyword
            for i in range(len(word) - 1)
            for keyword in by_pair.get(word[i : i + 2], ())
            if word.startswith(keyword, i)
        )


# --- where a cue list's words stand (issue 17, eleventh round) ----------------------------------------------------
# A pattern led by a case-insensitive cue list ('(?<![\w])(?i:beste|dag|hoi|...)[ \t]+') scanned the whole note for
# its cues, every position tried: 6-12 µs a note per pattern, for the few places where a cue stands. Those places
# are the starts of the cues' first words (:func:`cue_words`), and with the gate's boundaries (see :func:`words`) a
# cue's first word is there a whole run of ASCII letters of the lower-cased text: the words of the note
# (:func:`words`, made once per note) say which of a list's first words it has, a substring search finds where they
# stand, and both are kept for the note, shared by every pattern that asks (most cue words are in few notes).
_last_starts: tuple[str, bytes, dict[str, list[int]]] = ("", b"", {})


def cue_words(entries: Iterable[str]) -> frozenset[str]:
    """The first words of ``entries`` (:func:`first_words`) for :func:`cue_starts`: every entry must open with an
    ASCII letter once folded, so that its first word starts where the entry does (ValueError otherwise)."""
    entries = list(entries)
    if any(not ("a" <= folded_entry(entry)[:1] <= "z") for entry in entries):
        raise ValueError("every cue must open with an ASCII letter")
    return first_words(entries)


def cue_starts(text: str, lower: str, cues: frozenset[str]) -> list[int]:
    """The offsets, in order, where one of ``cues`` (:func:`cue_words`) stands in ``lower`` (:func:`lowered`
    ``text``, not None) as a whole run of ASCII letters: every place a match of a pattern led by their entries can
    start, when the pattern has a boundary before the entry and after an entry's first word that ends it (as
    :func:`words` needs). A lower-cased character is an ASCII letter only where its fold is one ('K', 'k', the
    Kelvin sign; 'ı', 'ſ' and 'İ' have no lowered text): the first word is a run of the lowered text where it is
    one of the folded text. Kept for the last text, as :func:`folded`. The caller must not change the list."""
    global _last_starts
    last, runs, known = _last_starts
    if last is not text:
        # The lowered text with every character but a-z a space (one not ASCII first a '?'), same offsets, between
        # two spaces: a whole run is ' word ' there, found by a substring search (no check per place found).
        runs = b" " + lower.encode("ascii", "replace").translate(_ASCII_LETTERS_ONLY) + b" "
        known = {}
        _last_starts = (text, runs, known)
    hits = cues.intersection(words(text))  # set operations: most cue words are in no note
    if not hits:
        return []
    found: list[int] = []
    for word in hits:
        starts = known.get(word)
        if starts is None:
            starts = known[word] = []
            spaced = b" " + word.encode("ascii") + b" "
            at = runs.find(spaced)
            while at >= 0:
                starts.append(at)  # the word's offset in ``lower``: ``runs`` has one space more in front
                at = runs.find(spaced, at + len(spaced) - 1)
        if len(hits) == 1:
            return starts
        found += starts
    found.sort()
    return found


def forms(expression: str) -> list[str]:
    """Every string that ``expression`` (standard ``re`` syntax) matches, for a small finite one made of literals,
    sets of literals, alternatives, bounded repeats and \\s (written as one space): cue entries written as patterns
    ('pati[eë]nte?', 'echtgeno(?:ot|te)', 'ik\\sben'), for :func:`cue_words`. ValueError for anything else."""
    from re import _constants as c
    from re import _parser as sre_parse

    def expand(items) -> list[str]:
        out = [""]
        for op, av in items:
            if op is c.LITERAL:
                alternatives = [chr(av)]
            elif op is c.IN:
                alternatives = []
                for o, a in av:
                    if o is c.LITERAL:
                        alternatives.append(chr(a))
                    elif o is c.CATEGORY and a is c.CATEGORY_SPACE:
                        alternatives.append(" ")
                    else:
                        raise ValueError(f"not a set of literals: {expression}")
            elif op is c.SUBPATTERN:
                alternatives = expand(av[3])
            elif op is c.BRANCH:
                alternatives = [form for branch in av[1] for form in expand(branch)]
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[1] <= 3:
                once = expand(av[2])
                alternatives = ["".join(f) for n in range(av[0], av[1] + 1) for f in product(once, repeat=n)]
            else:
                raise ValueError(f"not a small finite expression: {expression}")
            out = [head + tail for head in out for tail in alternatives]
        return out

    return expand(list(sre_parse.parse(expression)))
