"""Direct identifiers in text, in any notation: BSN, IBAN, e-mail, Dutch phone, postcode + house number.

The ONE finder the three layers share: the text engine reports these findings as entities
(``transforms.text.recognizers.NotationRecognizer``), the pipeline's second scan withholds a record in
which any is left (``transforms.text.staged.second_scan``), and the release gate fails a dataset holding
any (``transforms.quality.patterns`` -> ``transforms.quality.release``). What one layer finds the others
find, so they cannot disagree.

Every text is first normalised (``notation.normalise``: NFKC, format characters removed, every space a
space, every dash a dash, every digit ASCII) and findings are mapped back to spans of the original.
Boundaries are deliberately loose: a checksum-valid BSN or IBAN is personal data whatever is written
next to it (``Patiënt:123456782``, ``sofinr123456782``, ``-123456782``). Numbers are read as *digit
runs*: digit groups joined by single separators (space, dot, dash, slash, brackets); a BSN is any
group-aligned stretch of 9 digits passing the 11-proef, a phone any group-aligned stretch of 10 digits
starting with 0 (or +31 / 0031 and 9 more), so a neighbouring number cannot hide one and a digit in
the middle of a group never starts one. Two guards keep clinical text and machine strings out:

- a BSN or national phone has at most one single-digit group (periodontal charts ``3 2 3 4 2 3 ...``
  are single digits), a BSN two where its separators are not all alike (``9332.4 0.077``); international
  numbers may have more (``+31 6 ...``);
- digits inside a long hexadecimal token (12+ hex characters, with letters and digits on the outside
  too: hashes, pseudonyms, keyed placeholders ``[BSN-#3fa2b1c9d0e4]``) are not read as identifiers.

Functions return kinds and spans, never log or raise with the matched text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.identifiers.checksums import (
    IBAN_LENGTHS,
    is_valid_belgian_national_number,
    is_valid_bsn,
    is_valid_iban,
)
from transforms.identifiers.notation import normalise

KINDS = ("bsn", "email", "phone", "iban", "postcode_house_number")


@dataclass(frozen=True)
class Finding:
    """One direct identifier: its kind and its span in the ORIGINAL text (for a postcode + house number,
    the postcode's span)."""

    kind: str
    start: int
    end: int


# A digit run: digit groups joined by a separator of up to three spaces, dots, dashes, slashes or
# brackets ('06 - 12345678', '(020)-1234567', '+31 (0)6 12345678'), or by a line break. Matched on normalised text.
# A number split over two lines, as a chat or a narrow field wraps it ('0607\n951968', '063566-\n2238'), is one run.
_SEP = r"(?:[ ./()-]{1,3}|[ .-]{0,2}\n[ \t]{0,2})"
# The look-ahead for a run's first characters lets ``re`` fail most positions at once: the optional '+' and '('
# in front hide them from its own skipping (same runs; issue 17, eighth round).
DIGIT_RUN = re.compile(r"(?=[+(\d])\+?\(?\d+(?:" + _SEP + r"\d+)*\)?")
_DIGITS = re.compile(r"\d+")
# Nine digits, each after up to three separators: in every run with a window of nine digits or more. From the first
# digit of a group only (no digit before it): a window from inside a group is inside the window from the group's first
# digit, which the scan tried first, so the same runs are found (``long_runs``), where every digit of every year and
# dose was tried in full (issue 17, twelfth round: 8.4 -> 6.4 ms on the 700 development notes).
_NINE_DIGITS = re.compile(r"\d(?<!\d\d)(?:" + _SEP + r"?\d){8}")
# The same on a text's :func:`shape` (every ASCII digit a '0', the separators as they are, the same offsets): a bytes
# pattern with a literal for \d, which ``re`` scans in about half the time (issue 17, thirteenth round: 11 -> 6 µs a
# note, the same windows on every evaluation text).
_NINE_ZEROS = re.compile(("0(?<!00)(?:" + _SEP + "?0){8}").encode("ascii"))
_HEX_TOKEN = re.compile(r"[0-9A-Fa-f]{12,}")
_ALNUM = re.compile(r"[0-9A-Za-z]")

# An apostrophe inside the local part too, between letters ("geertruida.van'thof@politie.nl"; issue 17, thirteenth
# round: dev21 by another hand): valid in an address, and a surname with 't or d' puts one there.
# (and the domain's last dot mistyped as a comma, as a form's validation error echoes it: 'jansen@ziggo,nl'; issue 17,
# twenty-first round: dev85's error messages by another hand published two; only before a top-level domain people use,
# so that 'mail@x,dan' is no address)
# (and a top-level domain cut short, as a patient quotes the typo in their address: 'fambenali@live.n'; twenty-first
# round: dev89's portal tickets by another hand published four)
# (and a dot typed twice, 'h.vandijk@ziggo..nl', or a mail provider's name without its top-level domain,
# 'youssef.aittaleb@gmail': the session's second user check found both left)
EMAIL_END = r"(?:\.{1,2}[a-z]{1,24}|,(?:nl|com|net|org|be|de|eu|info|nu)(?=[^a-z]|$))"
EMAIL_DOMAIN = (
    r"(?:[\w-]+(?:\.{1,2}[\w-]+)*" + EMAIL_END + r"|(?:gmail|hotmail|outlook|live|ziggo|kpnmail|xs4all|icloud|yahoo|"
    r"hetnet|planet|home|telfort|casema|upcmail|chello|msn)(?![\w.@-]))"
)
EMAIL = re.compile(r"(?:[\w.+-]|(?<=\w)['’](?=\w))+@@?" + EMAIL_DOMAIN + r"(?![a-z])", re.IGNORECASE)
# The characters an address is made of (local part, '@', domain): a match of EMAIL, and of the engine's e-mail pattern,
# lies in one run of them that holds its '@'.
_ADDRESS_RUN = re.compile(r"[\w.,+\-'’@]*")


def email_windows(text: str) -> list[tuple[int, int]]:
    """Spans (start, end; in order, apart) of ``text`` that hold every match of an e-mail pattern made of the
    characters of ``_ADDRESS_RUN`` (EMAIL; the engine's 'email'), with the character after it that a look-ahead reads:
    from the last space, tab or line break before each '@' (no match starts before it, as none holds a space) through
    the run after the '@' and one character more. ``finditer`` within each finds what it finds in the whole text (a
    standard ``re`` pattern: look-behinds read before a span's start). The pattern, a character class repeated first,
    read every word of a note with an '@' up to its end, 20 times the cost (issue 17, fourteenth round)."""
    windows: list[tuple[int, int]] = []
    at = text.find("@")
    while at >= 0:
        start = max(text.rfind(" ", 0, at), text.rfind("\n", 0, at), text.rfind("\t", 0, at)) + 1
        end = min(_ADDRESS_RUN.match(text, at).end() + 1, len(text))  # type: ignore[union-attr]  # matches empty
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)  # an '@' of the window before (start is at or after its start)
        else:
            windows.append((start, end))
        at = text.find("@", end)
    return windows


# An address written so that a harvester misses it: 'jan(at)ziggo(dot)nl', 'jan [at] ziggo [punt] nl',
# 'jan apenstaartje ziggo punt nl', 'jan @ ziggo.nl'. The '@' written as a word or in brackets, each dot as a
# bracketed or spaced word or a dot; a top-level domain people really use closes it, so that 'kijk at home' or
# 'punt nu' is never one. Reported as an e-mail: it is one, to anyone who reads it. Dictated, the '@' is also an
# 'apestaartje' and the user name's '_' or '-' a word ('rawan underscore haddad apestaartje yahoo punt com').
_AT_WORD = r"(?:at|ape?n?staartje)"
_SPELT_AT = rf"(?:\s?[\[({{<]\s?(?:{_AT_WORD}|@)\s?[\])}}>]\s?|\s{_AT_WORD}\s|\s@\s?|@\s)"
_SPELT_DOT = r"(?:\s?[\[({<]\s?(?:dot|punt|\.)\s?[\])}>]\s?|\s(?:dot|punt|\.)\s|\.)"
# Dictated, also 'min' for the dash, and digits said as words right after the name ('filmon punt kidane vierenzeventig
# apenstaartje hotmail punt nl', 'sunita min mahabier @ yahoo punt com'; issue 17, tenth round: dev17).
_NUMBER_WORD = (
    r"(?:nul|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|[a-zë]{3,20}(?:tig|tien)|"
    r"[a-zë]{2,12}honderd[a-zë]{0,20})"
)
_SPELT_JOIN = rf"(?:\s(?:underscore|liggend streepje|streepje|koppelteken|min|minteken)\s|\s(?={_NUMBER_WORD}\s))"
_LABEL = r"[\w+-]+"
# (the domain heard as words, 'proton mail', 'x s vier all', and its last dot a comma as a URL-encoded message writes it,
# 'arjen.sanders91%40live%2Cnl'; issue 17, thirty-eighth round: dev160's telephone by another hand published three)
SPELT_EMAIL = re.compile(
    rf"(?<![\w.+-]){_LABEL}(?:(?:{_SPELT_DOT}|{_SPELT_JOIN}){_LABEL})*{_SPELT_AT}{_LABEL}(?:\s{_LABEL}){{0,3}}?"
    rf"(?:{_SPELT_DOT}{_LABEL})*(?:{_SPELT_DOT}|,)"
    # (dictated, a domain's letters one by one: 'ziggo punt n l', 'gmail punt c o m'; issue 17, sixteenth round: dev44)
    r"(?:nl|com|net|org|be|de|eu|info|biz|fr|uk|io|me|tr|ma|sr|pl|cw|aw|ua|sy|cn|vn|es|it|at|ch|n l|b e|c o m)(?![\w-])",
    re.IGNORECASE,
)
# Cheap test first: without one of these, no spelt address can be there (most texts). Whether there is one, not where:
# each is looked for from its 'a' or '@' (the brackets and the space before it behind a look-behind), so ``re``
# skips to those two characters, where it tried five branches at every position (issue 17, tenth round: 2x faster;
# the same texts pass as with '[\[({<]\s?(?:at|@)\s?[\])}>]|\bat\s|ape?n?staartje|\s@|@\s', on the evaluation
# parts and 200,000 random strings of these characters).
SPELT_AT_ANYWHERE = re.compile(
    r"(?i)(?=[a@])(?:(?:(?<=[\[({<])|(?<=[\[({<]\s))(?:at|@)\s?[\])}>]|\bat\s|ape?n?staartje|(?<=\s)@|@\s)"
)
# Cheaper still, and asked first (:func:`may_spell_an_email`): each of those shapes holds an '@' with a space or a bracket
# next to it, 'at' as a word before a space or a closing bracket, or 'staartje'. ``re`` finds '@' and the literals
# 'at' and 'staartje' at memory-scan speed, where SPELT_AT_ANYWHERE stops at every 'a' (issue 17, eleventh round).
_SPACED_AT_SIGN = re.compile(r"@(?:(?<=[\s\[({<]@)|(?=\s|[\])}>]))")
_AT_WORD = re.compile(r"at(?<!\wat)(?=[\s\])}>])")


def may_spell_an_email(text: str) -> bool:
    """False where SPELT_AT_ANYWHERE finds nothing in ``text`` (True: it may find something). 'at' and 'staartje' are
    looked for in the lower-cased text: what its case-insensitive letters match lowers to them (the 's' may be a long
    'ſ', which stays), and lowering makes no character that is not a word character a word character, and changes no
    space or bracket (tests/text/test_notation.py checks every code point)."""
    if "@" in text and _SPACED_AT_SIGN.search(text) is not None:
        return True
    lower = text.lower()
    return "staartje" in lower or "ſtaartje" in lower or _AT_WORD.search(lower) is not None


# Two letters and two digits, found from the digits (fewer than letters): where an IBAN can start.
# --- the shape of a text (issue 17, twelfth round) ---------------------------------------------------------------
# Many scans look for a run of digits, letters and separators that most notes do not hold: eight digits in a row, two
# letters before two digits, four digits and a space. Each such scan tries every digit of the note; a substring search
# of the note's shape tells at C speed whether the run is there at all.
# Each ASCII character as :func:`shape` writes it: a digit '0', a letter 'a', any other itself; a character that is not
# ASCII is a '?' (``encode`` replaces it).
_SHAPE_BYTES = bytes(ord("0") if chr(b).isdigit() else ord("a") if chr(b).isalpha() else b for b in range(128))
_SHAPE_BYTES += b"?" * 128
# What neither regex engine may read as a digit where a shape has none: a decimal digit that is not ASCII (both
# engines' \d), and any character beyond the Basic Multilingual Plane (the ``regex`` module knows digits there that
# Python's Unicode tables do not yet).
# (Found from U+0660, the first decimal digit after ASCII's: the accented letters of Dutch notes come before it.)
_DIGIT_UNSEEN = re.compile(r"[\u0660-\U0010ffff](?<=[\d\U00010000-\U0010ffff])")
_last_shape: tuple[str, bytes | None] = ("", None)


def shape(text: str) -> bytes | None:
    """``text`` as bytes, every ASCII digit a '0', every ASCII letter an 'a', other ASCII characters as they are and any
    other character one '?': where a pattern matches a run of ASCII digits, ASCII letters (case-sensitively) and
    separators, the shape holds that run's shape ('00000000': eight digits; 'aa00': two letters, two digits), found by
    a substring search. None when a digit of the text may be no ASCII digit (``_DIGIT_UNSEEN``): the caller scans.
    Kept for the last text, as :func:`iban_starts`."""
    global _last_shape
    last = _last_shape
    if last[0] is text:
        return last[1]
    if text.isascii() or _DIGIT_UNSEEN.search(text) is None:
        found: bytes | None = text.encode("ascii", "replace").translate(_SHAPE_BYTES)
    else:
        found = None
    _last_shape = (text, found)
    return found


# Two letters before two digits, glued, or in capitals one space apart ('NL91ABNA...', 'BE 95 2987 77 00 99 58'; issue
# 17, fifteenth round: dev36's bank letters by another hand published the second). In lower case one space apart too,
# the letters a word of their own, as speech-to-text writes an IBAN ('de 43 6856 37967037938215'; nineteenth round:
# dev73's call transcripts by another hand published two): 'de 36' is a tooth, but no tooth has the country's length of
# characters after it, nor passes mod-97 (both checked before an IBAN is reported).
_IBAN_SHAPE = re.compile(r"\d(?:(?<=[A-Za-z]{2}\d)|(?<=[A-Z]{2} \d)|(?<=(?<![A-Za-z])[a-z]{2} \d))\d")
_last_iban_starts: tuple[str, list[int]] = ("", [])


def iban_starts(text: str) -> list[int]:
    """Where an IBAN can start in ``text``: the offsets, in order, of two ASCII letters before two digits, glued or one
    space apart (in lower case, the letters a word), found from the digits, to which ``re`` skips. Two such places are
    at least two characters apart, so the scan, which does not overlap its matches, finds each. Kept for the last text (one text, replaced by the next): the engine's IBAN
    recognizer asks for the same text as the finder, and the scan was a tenth of each (issue 17, twelfth round).
    The caller must not change the list."""
    global _last_iban_starts
    last = _last_iban_starts
    if last[0] is text:
        return last[1]
    shaped = shape(text)
    if shaped is not None and b"aa00" not in shaped and b"aa 00" not in shaped:  # no scan in four notes in five
        starts = []
    else:
        starts = [m.start() - (3 if text[m.start() - 1] == " " else 2) for m in _IBAN_SHAPE.finditer(text)]
    _last_iban_starts = (text, starts)
    return starts


_IBAN_SEPARATORS = " .-"
# A full postcode (PC6; SA, SD, SS are not issued) next to a house number, in either order:
# "1234 AB 12", "1234AB, 12a", "Dorpsstraat 12, 1234 AB", "nr. 5 1234 AB".
_PC6 = r"[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}"
_HOUSE = r"\d{1,5}(?:\s?[a-zA-Z]|\s?-\s?\d{1,3}|\s?hs)?"
PC6_ANYWHERE = re.compile(_PC6)
# What ``PC6_ANYWHERE`` finds, in a text's :func:`shape`: four digits and two letters, with a space character (ASCII,
# or one that is not: a '?') or none between. Six notes in ten have none.
_PC6_SHAPE = re.compile(rb"0000[\t-\r\x1c-\x1f ?]?aa")


def may_hold_pc6(text: str) -> bool:
    """False where ``PC6_ANYWHERE`` finds nothing in ``text``, read off its :func:`shape`."""
    shaped = shape(text)
    return shaped is None or _PC6_SHAPE.search(shaped) is not None


# Every match starts with a digit: the look-ahead for one in front lets ``re`` skip to digits, where it tried both
# branches at every position (issue 17, ninth round; same matches).
POSTCODE_HOUSE_NUMBER = re.compile(
    rf"(?=\d)(?:(?<![\w])(?P<pc1>{_PC6})(?![A-Za-z])[\s,]+(?:nr\.?\s*)?{_HOUSE}(?![\w])"
    rf"|(?<![\w]){_HOUSE}[\s,]+(?P<pc2>{_PC6})(?![\w]))"
)


def _in_hex_token(text: str, start: int, end: int) -> bool:
    """True when [start, end) lies in a long hexadecimal token with letters and digits around it (a hash or
    a keyed placeholder, not something typed)."""
    if not ((start and _ALNUM.match(text[start - 1])) or (end < len(text) and _ALNUM.match(text[end]))):
        return False
    left = start
    while left and _ALNUM.match(text[left - 1]):
        left -= 1
    right = end
    while right < len(text) and _ALNUM.match(text[right]):
        right += 1
    token = text[left:right]
    # A hash mixes letters and digits throughout; letters glued on one side ('123456782abc') are typed.
    outside = text[left:start] + text[end:right]
    return bool(_HEX_TOKEN.fullmatch(token)) and any(c.isdigit() for c in outside) and any(c.isalpha() for c in outside)


def long_runs(text: str) -> list[tuple[int, int]]:
    """The spans of the digit runs of ``text`` (``DIGIT_RUN``, as its scan gives them) with nine digits or more: the only
    runs with a window of a kind (most runs are short: '36', '2026', '12-03-2026 14').

    Found from their first nine digits, not by scanning every run (issue 17, eleventh round): ``_NINE_DIGITS`` joins
    digits by ``_SEP`` as a run does, so its first match in a run of nine digits or more starts at the run's first
    digit; the run starts there or at a '(' and a '+' right before it (a run takes those only in front: '+31', '(020)'),
    and a later window inside the same run is skipped. The same spans as the scan of every run, on the evaluation
    texts and 600,000 random strings of digits and separators (tests/text/test_notation.py tests a sample)."""
    runs: list[tuple[int, int]] = []
    end = 0
    shaped = shape(text)  # None where a digit may not be ASCII: the text itself is scanned
    windows = _NINE_DIGITS.finditer(text) if shaped is None else _NINE_ZEROS.finditer(shaped)
    for window in windows:  # most notes: none (dates have eight digits)
        first = window.start()
        if first < end:
            continue
        start = first - (text[first - 1 : first] == "(")
        start -= text[start - 1 : start] == "+"
        run = DIGIT_RUN.match(text, start)
        assert run is not None  # its first digit, after the '(' or '+' taken, matches the run's pattern
        end = run.end()
        runs.append((start, end))
    return runs


def _numbers(text: str) -> list[tuple[str, int, int]]:
    """BSNs and Dutch phone numbers in normalised ``text``: (kind, start, end), group-aligned windows.

    Every valid window of every run is a candidate; the longest win ('element 36 070-79-52-89-7' is a
    phone, not a BSN made of '36 070-79-52'), then the earliest. Windows that overlap a date are not
    identifiers ('12-03-1985 - 13-03-1985' is two dates).
    """
    candidates: list[tuple[int, int, str, int, int]] = []  # (-digits, start, kind, start, end)
    for run_start, run_end in long_runs(text):
        digit_groups = list(_DIGITS.finditer(text, run_start, run_end))
        groups = [m.span() for m in digit_groups]
        # A bracketed '0' ('+31 (0)6') is not dialled: its digits count only when it opens the window.
        texts = [m.group() for m in digit_groups]
        zeros = [g == "0" and text[s - 1 : s] == "(" for g, (s, _) in zip(texts, groups)]
        dates: list[tuple[int, int]] | None = None  # looked for once a window has a kind: few runs get there
        plus = text.startswith("+", run_start)
        for i, (gs, _) in enumerate(groups):
            if i == 0 and text[gs - 1 : gs] == ":" and text[gs - 2 : gs - 1].isdigit():
                continue  # the minutes of a time ('4-6 08:06 06 472 935 14: ...', a chat's line) open no number
            digits = ""
            for j in range(i, len(groups)):
                if not (zeros[j] and j > i):
                    digits += texts[j]
                if len(digits) > 13:
                    break
                if len(digits) not in _KIND_LENGTHS:
                    continue  # no kind has this many digits: _number_kind would say None
                kind = _number_kind(groups, i, j, digits, plus and i == 0, text)
                if not kind:
                    continue
                e = groups[j][1]
                if kind == "bsn" and "\n" in text[gs:e]:
                    continue  # numbers on lines of their own (a list, a table): a phone wraps, a BSN is typed whole
                if dates is None:
                    dates = [m.span() for m in _DATE.finditer(text, run_start, run_end)]
                if not _in_hex_token(text, gs, e) and not any(ds < e and gs < de for ds, de in dates):
                    start, end = _with_brackets(text, run_start, gs, e)
                    # (of two as long, not the one that opens right after a date's slash: 'op 29/03 06 12 34 56 78'
                    # is '06 12 34 56 78', not '03 06 12 34 56'; issue 17, nineteenth round)
                    after_slash = text[start - 1 : start] == "/" and text[start - 2 : start - 1].isdigit()
                    candidates.append((-len(digits), after_slash, start, kind, start, end))
    found: list[list] = []
    for _, _, _, kind, start, end in sorted(candidates):
        if not any(s < end and start < e for _, s, e in found):
            found.append([kind, start, end])
    # A checksum-valid BSN that a longer number read across only in part is still withheld whole: the span it shares
    # with that number grows over it ('29/03/01 67 78 02 869' read as a phone '03/01 67 78 02' left '869'; issue 17,
    # nineteenth round: dev67's chat by another hand published it).
    for _, _, _, kind, start, end in candidates:
        if kind == "bsn":
            for f in found:
                if f[1] < end and start < f[2] and not (f[1] <= start and end <= f[2]):
                    f[1], f[2] = min(f[1], start), max(f[2], end)
    return sorted(((kind, start, end) for kind, start, end in found), key=lambda f: f[1])


# A day-month-year date (same separator twice), or a year-month-day one ('Memantine 20 mg   1dd1   2019-12-09', a
# medication overview's start date, had read '1   2019-12-09' as a BSN; issue 17, thirteenth round: dev22): never part
# of a BSN or phone window.
# (And with a year of two digits between slashes, as a chat writes a birth date: 'jelle bergsma 29/03/01 67 78 02 869';
# not with dashes, which a phone has: '06-12-34-56-78'; issue 17, nineteenth round: dev67.)
_DATE = re.compile(
    r"(?<!\d)(?:(?:0?[1-9]|[12]\d|3[01])([./-])(?:0?[1-9]|1[0-2])\1(?:19|20)\d{2}"
    r"|(?:19|20)\d{2}([./-])(?:0[1-9]|1[0-2])\2(?:0[1-9]|[12]\d|3[01])"
    r"|(?<!/)(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])/\d{2}(?!/))(?!\d)"
)


def _with_brackets(text: str, run_start: int, start: int, end: int) -> tuple[int, int]:
    """The span of a number with its '+' and its own brackets ('(020) 1234567', '+31 (0)6 ...'), not with
    brackets around it that belong to the sentence ('(033-362 9204)' keeps them)."""
    if start > run_start and text[start - 1] == "(" and ")" in text[start:end]:
        start -= 1
    if start > run_start and text[start - 1] == "+":
        start -= 1
    return start, end


# The digit counts :func:`_number_kind` gives a kind for: a BSN (9), a national phone (10), +31 (11), 0031 (13).
_KIND_LENGTHS = frozenset({9, 10, 11, 13})


def _number_kind(groups: list[tuple[int, int]], i: int, j: int, digits: str, plus: bool, text: str) -> str | None:
    """The kind of identifier groups i..j (their digits joined) of ``text`` are, if any."""
    sizes = [e - s for s, e in groups[i : j + 1]]
    if plus or digits.startswith("0031"):  # international: a single-digit group after the code is normal
        if plus and digits.startswith("31") and len(digits) == 11:
            return "phone"
        if not plus and digits.startswith("0031") and len(digits) == 13:
            return "phone"
    singles = sum(size < 2 for size in sizes)
    if singles > 1 and not (singles == 2 and len(digits) == 9 and _mixed_separators(groups, i, j, text)):
        return None  # single digits: a periodontal chart or a list, not a typed identifier ('070 63 37 54 8' is)
    if len(digits) == 10 and digits.startswith("0") and not digits.startswith("00"):
        return "phone"
    if len(digits) == 9 and is_valid_bsn(digits):
        return "bsn"
    # The Belgian citizen's number (rijksregisternummer, '85.07.14-123.45'): a BSN's kin for every layer, which
    # patients from across the border bring (issue 17, eighth round: a user check found it published).
    if len(digits) == 11 and len(groups[i : j + 1]) > 1 and is_valid_belgian_national_number(digits):
        return "bsn"
    return None


def _mixed_separators(groups: list[tuple[int, int]], i: int, j: int, text: str) -> bool:
    """Whether groups i..j are joined by separators of more than one kind: a chart or a list repeats its own between
    single digits ('3 2 3 4 ...'), a number typed with a stray dot and space does not ('9332.4 0.077', a parent's BSN
    on a consent slip; issue 17, twenty-fifth round: dev106 by another hand published it)."""
    return len({text[groups[k][1] : groups[k + 1][0]] for k in range(i, j)}) > 1


def _ibans(text: str) -> list[tuple[int, int]]:
    """IBANs of a registry country, cut at its length, passing mod-97; separators inside are skipped."""
    found: list[tuple[int, int]] = []
    # Every place an IBAN can start, from its first two digits (``re`` skips to digits): two letters, two digits.
    # Two such places are at least two characters apart, so the scan, which does not overlap its matches, finds
    # each (issue 17, ninth round: the look-ahead at every position of the text cost 2 ms of 700 notes).
    for start in iban_starts(text):
        if found and start < found[-1][1]:
            continue
        length = IBAN_LENGTHS.get(text[start : start + 2].upper())
        if not length:
            continue
        compact, end = [], start
        while end < len(text) and len(compact) < length:
            ch = text[end]
            if ch.isascii() and ch.isalnum():
                compact.append(ch)
            elif not (ch in _IBAN_SEPARATORS and compact and text[end - 2 : end].strip(_IBAN_SEPARATORS)):
                break  # one or two separators between characters ('NL62  ASNB  0865', as a scanned form spaces it)
            end += 1
        if len(compact) == length and is_valid_iban("".join(compact)) and not _in_hex_token(text, start, end):
            # Spaced in lower case ('de 48 ...'), the account is digits after at most a bank's four letters: the words
            # of a sentence after a tooth ('de 48. Voorheen wonend ...') are none, whatever mod-97 says of them.
            if text[start + 2] != " " or not text[start].islower() or _SPOKEN_BBAN.fullmatch("".join(compact[4:])):
                found.append((start, end))
    return found


_SPOKEN_BBAN = re.compile(r"[A-Za-z]{0,4}\d+")

# A Polish account number as Polish invoices print it, without its country (the NRB: 'Nr rachunku: 29 1140 7395 9414
# 8625 9250 6749'): its two check digits and six groups of four, or the 26 digits glued, which are the IBAN once 'PL'
# is put before them; mod-97 decides, so an order's or a lot's 26 digits pass one time in 97 (issue 17, thirty-ninth
# round: dev162's clinics abroad by another hand published two). Read off the text's shape first: most notes hold no
# run that long.
_POLISH_ACCOUNT_SHAPE = re.compile(rb"(?<![0a])00(?: ?0000){6}(?![0a])")
_POLISH_ACCOUNT = re.compile(r"(?<![\w.,/-])\d\d(?: ?\d{4}){6}(?![\w]|[.,/-]\d)")


def _polish_accounts(text: str) -> list[tuple[int, int]]:
    """Polish account numbers written without their country that pass mod-97 as a Polish IBAN."""
    shaped = shape(text)
    if shaped is not None and _POLISH_ACCOUNT_SHAPE.search(shaped) is None:
        return []
    return [m.span() for m in _POLISH_ACCOUNT.finditer(text) if is_valid_iban("PL" + m.group().replace(" ", ""))]


def find(text: str) -> tuple[Finding, ...]:
    """Every direct identifier in ``text``, in any notation, with spans into ``text`` itself (sorted).

    Not cached here: the engine asks once per record (texts of up to 100,000 characters; a cache would
    keep personal text in memory for nothing). The release gate caches per value (``quality.patterns``).
    """
    norm = normalise(text)
    t = norm.text
    ibans = _ibans(t)
    ibans += [span for span in _polish_accounts(t) if not any(s < span[1] and span[0] < e for s, e in ibans)]
    spans: list[tuple[str, int, int]] = [("iban", s, e) for s, e in ibans]
    # An IBAN's digits may also read as a phone or BSN: the IBAN is what it is, report it once.
    spans += [n for n in _numbers(t) if not any(s < n[2] and n[1] < e for s, e in ibans)]
    if "@" in t:  # the pattern is slow to fail on ordinary words; most texts have no '@'
        spans += [
            ("email", m.start(), m.end()) for start, end in email_windows(t) for m in EMAIL.finditer(t, start, end)
        ]
    if may_spell_an_email(t) and SPELT_AT_ANYWHERE.search(t):
        plain = [(s, e) for kind, s, e in spans if kind == "email"]
        spans += [
            ("email", m.start(), m.end())
            for m in SPELT_EMAIL.finditer(t)
            if not any(s <= m.start() and m.end() <= e for s, e in plain)
        ]
    # The span of a postcode + house number is the postcode: replacing it breaks the pair, and the engine
    # keeps the street + number (its own ADRES) apart instead of merging both into one placeholder.
    if may_hold_pc6(t) and PC6_ANYWHERE.search(t):  # cheap tests first: the pair pattern is slow to fail
        spans += [
            ("postcode_house_number", *m.span("pc1" if m.group("pc1") else "pc2"))
            for m in POSTCODE_HOUSE_NUMBER.finditer(t)
        ]
    return tuple(
        sorted(
            (Finding(kind, *norm.span(s, e)) for kind, s, e in spans if e > s), key=lambda f: (f.start, f.end, f.kind)
        )
    )


def count(text: str, kind: str, findings: tuple[Finding, ...] | None = None) -> int:
    """How many identifiers of ``kind`` (one of :data:`KINDS`) ``text`` holds (``findings``: already found)."""
    if kind not in KINDS:
        raise ValueError(f"unknown identifier kind {kind!r}")
    return sum(1 for f in (find(text) if findings is None else findings) if f.kind == kind)


def kinds_in(text: str) -> list[str]:
    """The kinds of direct identifier present in ``text``, in :data:`KINDS` order (never the values)."""
    present = {f.kind for f in find(text)}
    return [kind for kind in KINDS if kind in present]
