"""Notation normalisation: the one view of a text in which identifiers are looked for.

People type identifiers with no-break spaces, narrow no-break spaces, soft hyphens, zero-width
spaces, fullwidth or Arabic-Indic digits, en dashes. Detection patterns written for ASCII miss all of
them, so every layer (the text engine, the pipeline's second scan, the release gate) first maps the
text to a *normalised* form and detects there:

- Unicode NFKC, per character cluster (a base character and the combining marks after it), so
  fullwidth ``１`` becomes ``1``, ``ﬁ`` becomes ``fi``, ``½`` becomes ``1⁄2``, ``e`` + combining acute ``é``;
- format characters (category Cf: zero-width space / joiner / non-joiner, soft hyphen, word joiner,
  BOM, direction marks) removed: they are invisible, so a reader sees the digits as one number;
- every kind of space (no-break, narrow no-break, thin, figure, ideographic, line separator...) -> ' ';
- every dash (category Pd, and the minus sign) -> '-';
- every decimal digit of any script (Arabic-Indic, Devanagari, mathematical...) -> its ASCII digit.

``normalise(text)`` returns the normalised text and, per normalised character, the original span
it came from, so a detection is reported and replaced on the ORIGINAL text (whose length may differ:
NFKC expands ligatures and fractions, removed characters shrink it). Pure Python, no imports from the
rest of ``transforms``.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from transforms.identifiers.checksums import is_valid_german_health_insurance_number

# Not category Pd, but written as a dash between digit groups.
_EXTRA_DASHES = frozenset("\u2212\u2043\ufe63\uff0d")


@dataclass(frozen=True)
class Normalised:
    """A normalised text with the way back to the original.

    ``starts[i]``/``ends[i]``: the original span of the cluster that produced normalised character ``i``
    (``None`` for both when nothing changed, which is the common ASCII case: the mapping is the identity).
    """

    text: str
    original: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    @property
    def identity(self) -> bool:
        """True when the normalised text is the original (offsets need no mapping)."""
        return self.starts is None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span covering normalised ``[start, end)`` (``start < end``), whole clusters included."""
        if self.starts is None or self.ends is None:
            return start, end
        if not 0 <= start < end <= len(self.text):
            raise ValueError("span outside the normalised text")
        return self.starts[start], self.ends[end - 1]


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


def _fold(cluster: str) -> str:
    """One cluster (base + combining marks) in normalised form; '' for an invisible format character."""
    kept = []
    for ch in cluster:
        category = unicodedata.category(ch)
        if category == "Cf":
            continue  # invisible: zero-width space, soft hyphen, word joiner, BOM, direction marks
        if category == "Zs" or ch.isspace():
            kept.append(" " if ch not in "\t\n\r\x0b\x0c" else ch)
        elif category == "Pd" or ch in _EXTRA_DASHES:
            kept.append("-")
        else:
            kept.append(ch)
    folded = unicodedata.normalize("NFKC", "".join(kept))
    if folded.isascii():
        return folded
    out = []
    for ch in folded:
        if not ch.isascii() and unicodedata.category(ch) == "Nd":
            out.append(str(unicodedata.decimal(ch)))  # Arabic-Indic, Devanagari, mathematical digits...
        elif not ch.isascii() and (unicodedata.category(ch) == "Zs" or ch.isspace()):
            out.append(" ")  # NFKC of some compatibility characters yields a no-break space again
        elif not ch.isascii() and (unicodedata.category(ch) == "Pd" or ch in _EXTRA_DASHES):
            out.append("-")
        elif unicodedata.category(ch) == "Cf":
            continue
        else:
            out.append(ch)
    return "".join(out)


NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=8192)
def _plain(ch: str) -> bool:
    """True for a character normalisation leaves alone ('ë', 'ş', '€'): most non-ASCII in Dutch notes."""
    category = unicodedata.category(ch)
    return (
        category not in ("Cf", "Zs", "Pd", "Nd", "Mn", "Mc", "Me")
        and not ch.isspace()
        and ch not in _EXTRA_DASHES
        and unicodedata.normalize("NFKC", ch) == ch
    )


def normalise(text: str) -> Normalised:
    """``text`` in the normalised notation (see the module doc), with offsets back into ``text``."""
    original = text
    text = url_decoded(text)  # one character for one
    decoded = text is not original
    if text.isascii() or all(_plain(ch) for ch in set(NON_ASCII.findall(text))):
        # NFKC, Cf, spaces, dashes, digits: ASCII is already normal, and accented letters need no folding (the usual
        # Dutch note)
        if not decoded:
            return Normalised(text, text)
        return Normalised(text, original, tuple(range(len(text))), tuple(range(1, len(text) + 1)))
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch == URL_FILLER and decoded and original[i] != URL_FILLER and ends:
            ends[-1] = i + 1  # an escape's filler: the character it spelt stands for the whole escape ('%EF%BC%91')
            i += 1
            continue
        j = i + 1
        while j < n and not text[j].isascii() and _is_mark(text[j]):
            j += 1  # combining marks belong to the character before them (NFKC composes them)
        if j == i + 1 and ch.isascii():
            chars.append(ch)
            starts.append(i)
            ends.append(j)
        else:
            for out in _fold(text[i:j]):
                chars.append(out)
                starts.append(i)
                ends.append(j)
        i = j
    normal = "".join(chars)
    if normal == original and len(starts) == n:
        return Normalised(original, original)
    return Normalised(normal, original, tuple(starts), tuple(ends))


@lru_cache(maxsize=8192)
def _is_format(ch: str) -> bool:
    return unicodedata.category(ch) == "Cf"


# A number as a scanner's text recognition writes it: digits with 'l', 'I', 'O' or 'o' among them ('l813', '7O18',
# '2O25-O3-20'), in a run of digit groups joined by '-', '.' or '/', no letter on either side; not the end of a run
# that is glued to a letter ('N2O/O2', laughing gas: not 'O/O2' after 'N2').
_OCR_NUMBER = re.compile(r"(?<![^\W_])(?=[\dlIOo./-]*\d)(?=[\dlIOo./-]*[lIOo])[\dlIOo]+(?:[-./][\dlIOo]+)*(?![^\W\d_])")
# Whether a text may hold such a number: a digit next to one of those letters (what '\d[lIOo]|[lIOo]\d' finds), looked
# for from the digits, to which ``re`` skips. :func:`hints` reads it off the text's bytes where every digit is ASCII.
_OCR_HINT = re.compile(r"\d(?:[lIOo]|(?<=[lIOo]\d))")
_OCR_DIGITS = str.maketrans("lIOo", "1100")
# An element and a surface glued ('44O': tooth 44, occlusal; '36I'): no scanned number.
_TOOTH_SURFACE = re.compile(r"[1-8][1-8][OoIl]")
# A German health-insurance number whose letter is an 'I' ('I9359 15303', 'I0626 23942'): its letter and nine digits,
# however grouped (issue 17, thirty-fifth round: dev147's border practices by another hand). Read as a scanned number
# it lost its letter and its check. Not an 'O': an 'O' and nine digits is as likely a scanned Dutch phone.
_INSURANCE_NUMBER_AT = re.compile(r"I(?:[ \t\u00a0\u202f\u2009]?\d){9}(?![\w-])")


def _read_number(m: re.Match) -> str:
    if _TOOTH_SURFACE.fullmatch(m.group()):
        return m.group()
    if m.group().startswith("I"):
        number = _INSURANCE_NUMBER_AT.match(m.string, m.start())
        if number is not None and is_valid_german_health_insurance_number(number.group()):
            return m.group()
    return m.group().translate(_OCR_DIGITS)


@lru_cache(maxsize=8192)
def _seen_otherwise(ch: str) -> bool:
    """Whether :func:`visible` changes the non-ASCII character ``ch`` (or drops it, or joins it to the one before):
    a space, format, mark, control or line or paragraph separator (categories Zs, Cf, M*, Cc, Zl, Zp), a fullwidth
    form or a digit of another script. Kept per character, as :func:`_plain`: notes bring the same few accented
    letters again and again."""
    category = unicodedata.category(ch)
    return category in ("Zs", "Cf", "Cc", "Zl", "Zp") or category.startswith("M") or _ascii_form(ch) is not None


def _ascii_form(ch: str) -> str | None:
    """The ASCII character a fullwidth form ('５', 'Ａ', '－'), a mathematical letter ('𝐀') or a decimal digit of another
    script ('٥'), a hyphen of another kind ('\u2011') or Turkish's dotted capital I ('İ') stands for, one character for
    one (so offsets need no mapping); None for any other character."""
    if "\uff01" <= ch <= "\uff5e":
        return chr(ord(ch) - 0xFEE0)
    if "\U0001d400" <= ch <= "\U0001d7ff":
        # a letter or digit of the mathematical alphabets, which social media's display names are set in ('𝐅𝐚𝐭𝐦𝐚 𝐂𝐡𝐞𝐧',
        # '𝑩𝒊𝒍𝒂𝒍'): the ASCII one it is drawn as (issue 17, twenty-seventh round: dev114's social media by another hand)
        plain = unicodedata.normalize("NFKC", ch)
        return plain if len(plain) == 1 and plain.isascii() and plain.isalnum() else None
    if ch.isdecimal() and not ch.isascii():
        return str(unicodedata.decimal(ch))
    if ch in _WORD_HYPHENS:
        return "-"
    if ch == "\u0130":
        # Turkish's capital I with its dot ('HATİCE YILDIZ', 'Hasta: ARDİTA XHAFA'), which Turkish keyboards and forms
        # put in every name in capitals: an I to the reader, and to the patterns, whose capitals it is none of and whose
        # lower case of it is two characters (issue 17, thirty-ninth round: dev162's clinics abroad by another hand)
        return "I"
    return None


# The hyphens a word processor puts inside a word or a number in place of '-' ('BO26\u201106712', 'Jansen\u2011de Vries':
# a non-breaking hyphen, Word's Ctrl+Shift+-; a figure dash; a minus sign): read as the '-' they show (issue 17,
# thirty-first round: dev129's dental laboratory by another hand, whose order numbers came with them). Not the en
# and em dashes, which stand between words ('Berkeloever \u2013 vestiging Zutphen').
_WORD_HYPHENS = frozenset("\u2010\u2011\u2012\u2212\ufe63")


# Control characters a pasted text brings between words: a vertical tab (Word's Shift-Enter), a form feed (a PDF's
# page break), NUL, escape codes. ASCII ones here; the others are found by their category (Cc).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAKS = frozenset("\x0b\x0c\x85\u2028\u2029")

# Each byte of a text's ASCII form as the checks in :func:`hints` read it: a digit '0', one of 'lIOo' 'l', a control
# character ``_CONTROL`` finds 'c', any other a space.
_HINT_BYTES = bytes(
    ord("0")
    if chr(b) in "0123456789"
    else ord("l")
    if chr(b) in "lIOo"
    else ord("c")
    if _CONTROL.match(chr(b))
    else ord(" ")
    for b in range(256)
)


def hints(text: str, special: set[str]) -> tuple[bool, bool]:
    """Whether ``_OCR_HINT`` and ``_CONTROL`` find something in ``text`` (``special``: its characters that are not
    ASCII). Read off its ASCII form (each other character one '?'), its bytes mapped by ``_HINT_BYTES``, by substring
    searches: a digit next to one of 'lIOo' is '0l' or 'l0' there. Ten times faster than both scans, which tried
    every digit (issue 17, twelfth round). A digit of another script ('٣', which ``re``'s \\d reads too): the scans."""
    if special and any(map(str.isdecimal, special)):
        return _OCR_HINT.search(text) is not None, _CONTROL.search(text) is not None
    marked = text.encode("ascii", "replace").translate(_HINT_BYTES)
    return b"0l" in marked or b"l0" in marked, b"c" in marked


# The quote markers a mail client puts before the lines of a message it quotes ('> Mvg,' / '> Kasia', '>> ...'): a
# reader reads the line without them, and so do the rules that read a line from its start (issue 17, ninth round:
# signatures on quoted lines by another hand).
_QUOTE_PREFIX = re.compile(r"^(?:[ \t]*>)+", re.MULTILINE)


def _unquoted(m: re.Match) -> str:
    return m.group().replace(">", " ")


# A query string or a form's body as a web hook, an SMS gateway or a web server logs it: '+' for a space, '%2C' for a
# comma ('text=Beste+Nowak%2C+bel+06+90+32+62+73'). A reader reads it decoded, and so do the detectors: within a run of
# non-space characters holding an escaped ASCII punctuation mark or space, each '+' a space and each such escape its
# character and two spaces ('@' as '(@)'), one character for one (issue 17, twenty-first round: dev85's SMS delivery reports by another
# hand published a phone so written). Letters escaped as UTF-8 bytes ('%C3%AB') stay as they are.
_URL_ESCAPE = re.compile(r"%(2[0-9A-Fa-f]|3[A-Fa-f]|40|5[B-Fb-f]|60|7[B-Eb-e])")
# A character of more than one byte escaped byte by byte in UTF-8 ('%E2%80%8B', a zero-width space; '%C2%AD', a soft
# hyphen; '%C3%AB', 'ë').
_URL_UTF8 = re.compile(r"%[C-Fc-f][0-9A-Fa-f](?:%[89ABab][0-9A-Fa-f]){1,3}")
_URL_ANY_ESCAPE = re.compile(_URL_ESCAPE.pattern + "|" + _URL_UTF8.pattern)
_URL_RUN_STOPS = " \t\n\r\"'<>"
# What fills an escape's place after its character: a zero-width space, a format character, which every reader drops
# (:func:`normalise`, :func:`visible`), so '%2B31' reads '+31' and '%280%29317' '(0)317' (issue 17, thirty-third round:
# dev140's SMS gateway, whose phones were read '+  31' and left; two spaces filled the place before).
URL_FILLER = "\u200b"


def _url_character(m: re.Match) -> str:
    """An escape's three characters as the character and two fillers; an '@' as '(@)', so that an address's parts stay
    together as a spelt address reads them ('email=jan%40ziggo.nl' -> 'jan(@)ziggo.nl')."""
    character = chr(int(m.group(1), 16))
    return "(@)" if character == "@" else character + URL_FILLER * 2


def _url_utf8(m: re.Match) -> str:
    """A character escaped as its UTF-8 bytes, then fillers to the escapes' length; the escapes as written where the
    bytes are no UTF-8."""
    try:
        character = bytes.fromhex(m.group().replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:
        return m.group()
    return character + URL_FILLER * (len(m.group()) - len(character))


# A MIME encoded word, as a mail's header carries a display name or a subject that is not ASCII ('To:
# =?utf-8?Q?Ayd=C4=B1n=2C_T=2E?= <...>', '=?UTF-8?B?SsO8cmdlbg==?='): its charset, its encoding (Q or B) and its text.
_MIME_WORD = re.compile(r"=\?([A-Za-z0-9_.:-]{1,40})\?([QqBb])\?([!->@-~]{1,900})\?=")
_MIME_Q_UNIT = re.compile(r"=[0-9A-Fa-f]{2}|[!-~]")
# The charsets mail programs label headers with, as Python's codecs name them: only text encodings, so that a header
# naming a bytes codec ('=?zlib?B?...?=') is read as written, never decompressed.
_MIME_CHARSETS = frozenset(
    ["utf-8", "ascii", "utf-16", "utf-16-le", "utf-16-be", "koi8-r", "koi8-u", "gb2312", "gbk", "gb18030"]
    + ["big5", "shift_jis", "euc_jp", "iso2022_jp", "euc_kr"]
    + [f"iso8859-{n}" for n in range(1, 17) if n != 12]
    + [f"cp{n}" for n in range(1250, 1259)]
)


def _mime_word(m: re.Match) -> str:
    """An encoded word read as the characters it spells, each at its own encoding's place with fillers to its length
    (the first also over the charset's name before it, so that a name read there is the whole word); the word as
    written where it does not decode."""
    charset, encoding, payload = m.groups()
    try:
        if codecs.lookup(charset).name not in _MIME_CHARSETS:
            return m.group()  # a codec that is no text encoding ('zlib', 'rot13') decodes no header
        decoder = codecs.getincrementaldecoder(charset)()
        if encoding in "Bb":
            spelt = base64.b64decode(payload, validate=True).decode(charset)
            return spelt + URL_FILLER * (len(m.group()) - len(spelt))
        parts = []
        pending = len(m.group()) - len(payload) - 2  # the charset's name and the encoding's letter, with the first
        for unit in _MIME_Q_UNIT.findall(payload):
            pending += len(unit)
            piece = decoder.decode(
                bytes.fromhex(unit[1:]) if len(unit) == 3 else b" " if unit == "_" else unit.encode()
            )
            if piece:
                parts.append(piece + URL_FILLER * (pending - len(piece)))
                pending = 0
        decoder.decode(b"", final=True)
    except (LookupError, ValueError, binascii.Error):
        return m.group()
    read = "".join(parts) + URL_FILLER * (pending + 2)
    return read if len(read) == len(m.group()) else m.group()


def url_decoded(text: str) -> str:
    """``text`` with its URL-encoded runs and its MIME encoded words read as decoded, one character for one (the same
    length and offsets)."""
    if "=?" in text and _MIME_WORD.search(text) is not None:
        # a bounced mail's headers quoted in its report ('To: =?utf-8?Q?J=C3=BCrgen_Azzouzi?= <...>'; issue 17,
        # thirty-ninth round: dev161's shared inbox by another hand)
        text = _MIME_WORD.sub(_mime_word, text)
    if "%" not in text:
        return text
    escape = _URL_ANY_ESCAPE.search(text)
    if escape is None:
        return text
    parts: list[str] = []
    at = 0
    while escape is not None:
        start = escape.start()
        while start > at and text[start - 1] not in _URL_RUN_STOPS:
            start -= 1
        end = escape.end()
        while end < len(text) and text[end] not in _URL_RUN_STOPS:
            end += 1
        parts.append(text[at:start])
        run = text[start:end].replace("+", " ")  # before the escapes: '%2B' is a plus
        run = _URL_UTF8.sub(_url_utf8, run) if "%" in run else run
        parts.append(_URL_ESCAPE.sub(_url_character, run))
        at = end
        escape = _URL_ANY_ESCAPE.search(text, end)
    parts.append(text[at:])
    return "".join(parts)


# A word a scanned letter's text recognition broke over two lines, at a hyphen it added ('Bro-\nuwer', 'Kova-\nlenko':
# one word) or at the name's own hyphen ('Haddad-\nBouzidi': the hyphen stays); a name broken after its initial ('N.\n
# Haddad'); a street broken before its house number or inside its name ('Vlietsorgstraat\n59', 'Hoge\nRijndijk 136').
# A reader joins them; the detectors read them joined (issue 17, sixteenth round: dev43's OCR text by another hand).
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])-\n(?=[^\W\d_])")
_NAME_BREAK = re.compile(r"\n(?=[A-Z][a-z])")
_INITIALS_AFTER_CUE = re.compile(
    r"\b(?:van|door|bij|met|en|dr|dhr|mw|mevr|drs|mr|prof)\.?[ \t]+(?:[A-Z]\.){1,3}$", re.IGNORECASE
)


# (each found from its line break, which ``re`` skips to, and the word before it read in Python)
_BREAK_BEFORE_NUMBER = re.compile(r"\n(?=\d{1,4}[a-zA-Z]?(?![\w/.:-]))")
_WORD_BEFORE = re.compile(r"[^\W\d_]+$")
# Where a break inside a street's name may stand: the next line's first word capitalised and a number after it (where
# no suffix holds a space). ``re`` skips to each line break and reads one word, where the street pattern tried its
# suffixes at every line break before a capital: 1.8 -> 1.2 ms a pass over dev (issue 17, sixteenth round).
_CAPITAL_WORD_BEFORE_NUMBER = re.compile(r"\n(?=[A-Z]\S*[ \t]\d)")


@lru_cache(maxsize=1)
def _street_suffixes() -> tuple[tuple[str, ...], re.Pattern, re.Pattern]:
    """The street suffixes (longest first), a line break before a street's last word and its number, and the line
    breaks where that may stand (``_CAPITAL_WORD_BEFORE_NUMBER`` where no suffix holds a space)."""
    from transforms import lexicon

    suffixes = tuple(sorted(lexicon.words("street_suffixes"), key=len, reverse=True))
    inside = re.compile(r"\n(?=[A-Z][a-z]*(?:" + "|".join(map(re.escape, suffixes)) + r")[ \t]\d)")
    spaced = any(ch.isspace() for suffix in suffixes for ch in suffix)
    return suffixes, inside, inside if spaced else _CAPITAL_WORD_BEFORE_NUMBER


def _line_breaks_read_through(text: str) -> tuple[frozenset[int], str]:
    """The offsets of ``text`` a reader skips where a word is broken over two lines, and ``text`` with each line
    break inside a name or an address a space (one for one)."""
    if "\n" not in text:
        return frozenset(), text
    drop: set[int] = set()
    if "-\n" in text:
        for m in _HYPHEN_BREAK.finditer(text):
            after = text[m.end()]
            drop.update((m.start() + 1,) if after.isupper() else (m.start(), m.start() + 1))
    spaces: list[int] = []
    if ".\n" in text:
        for m in _NAME_BREAK.finditer(text):
            if text[m.start() - 1 : m.start()] == "." and _INITIALS_AFTER_CUE.search(
                text, max(0, m.start() - 24), m.start()
            ):
                spaces.append(m.start())
    suffixes, inside, inside_candidates = _street_suffixes()
    for m in _BREAK_BEFORE_NUMBER.finditer(text):
        word = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if word is not None and word.group().lower().endswith(suffixes) and word.group()[:1].isupper():
            spaces.append(m.start())
    for m in inside_candidates.finditer(text):
        if inside.match(text, m.start()) is None:
            continue
        word = _WORD_BEFORE.search(text, max(0, m.start() - 14), m.start())
        if word is not None and word.group()[:1].isupper() and word.group()[1:].islower() and len(word.group()) <= 13:
            spaces.append(m.start())
    if not spaces:
        return frozenset(drop), text
    chars = list(text)
    for at in spaces:
        chars[at] = " "
    return frozenset(drop), "".join(chars)


def visible(text: str) -> Normalised:
    """``text`` as a reader sees it, for detectors that read words and numbers: without its format characters
    (category Cf: zero-width spaces and joiners, soft hyphens, direction marks, BOM: 'Fen\u200bna' is 'Fenna' to
    anyone who reads it); with every other space (category Zs: no-break, narrow no-break, thin, ideographic) a space
    ('Bovenste\u00a0Puth 7' is a street), a line or page break of another kind a line break and any other control
    character a space ('Rachid\x0bBouzid'); a letter stored with its accents as separate characters ('Gu\u0308lsen',
    as copy-paste from a Mac often has it) one letter; a fullwidth form, a mathematical letter or a digit of another script its ASCII
    character ('１０-０１-１９５５' is a date); and the letters a scanned letter's text recognition puts in
    numbers read as the digits they stand for ('Plein l813', '7O18 AC'); a quoted message's lines without their
    quote markers ('> Kasia'); a word or a name a scan broke over two lines read as one (``_line_breaks_read_through``:
    'Bro-\nuwer', 'van N.\nHaddad', 'Vlietsorgstraat\n59'). Offsets back into ``text`` as :func:`normalise` gives them."""
    special = set() if text.isascii() else set(NON_ASCII.findall(text))
    ocr, control = hints(text, special)
    quoted = ">" in text and _QUOTE_PREFIX.search(text) is not None
    skipped, joined = _line_breaks_read_through(text)
    broken = bool(skipped) or joined is not text
    joined = url_decoded(joined)  # one for one
    broken = broken or joined is not text
    if joined is not text and not joined.isascii():
        # what the escapes stand for: their fillers (format characters, dropped) and the characters they spell
        # ('%EF%BC%90', a fullwidth 0, read as 0)
        special = special | set(NON_ASCII.findall(joined))
    if not special and not ocr and not control and not quoted and not broken:
        return Normalised(text, text)
    if not (ocr or control or quoted or broken) and not any(map(_seen_otherwise, special)):
        return Normalised(text, text)  # accented letters and the like only: nothing to change (most Dutch notes)
    categories = {ch: unicodedata.category(ch) for ch in special}
    spaces = {ch for ch, c in categories.items() if c == "Zs"}
    formats = {ch for ch, c in categories.items() if c == "Cf"}
    marks = {ch for ch, c in categories.items() if c.startswith("M")}
    controls = {ch for ch, c in categories.items() if c in ("Cc", "Zl", "Zp")}
    # a date, a postcode or a patient number typed in fullwidth digits is read as the digits it shows (issue 17)
    wide = {ch: ascii_form for ch in special if (ascii_form := _ascii_form(ch)) is not None}
    if not (ocr or control or quoted or spaces or formats or marks or controls or wide or broken):
        return Normalised(text, text)
    read = joined  # one for one
    read = _OCR_NUMBER.sub(_read_number, read) if ocr else read  # one for one
    read = _QUOTE_PREFIX.sub(_unquoted, read) if quoted else read  # one for one
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(read)
    while i < n:
        ch = read[i]
        if ch in formats or i in skipped:
            if ch == URL_FILLER and text[i] != URL_FILLER and ends:
                ends[-1] = i + 1  # an escape's filler: the character it spelt stands for the whole escape
            i += 1
            continue
        if marks and i + 1 < n and read[i + 1] in marks:
            j = i + 1
            while j < n and read[j] in marks:
                j += 1
            composed = unicodedata.normalize("NFC", read[i:j])
            if len(composed) == 1:
                out.append(composed)
                starts.append(i)
                ends.append(j)
                i = j
                continue
        if ch in _LINE_BREAKS:
            ch = "\n"
        elif ch in wide:
            ch = wide[ch]
        elif ch in spaces or ch in controls or (ch < " " and ch not in "\t\n\r") or ch == "\x7f":
            ch = " "
        out.append(ch)
        starts.append(i)
        ends.append(i + 1)
        i += 1
    seen = "".join(out)
    if seen == text:
        return Normalised(text, text)
    return Normalised(seen, text, tuple(starts), tuple(ends))
