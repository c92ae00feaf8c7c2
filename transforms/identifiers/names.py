"""Names the pipeline knows before anything is published (staged surnames and streets), as keyed hashes.

The release gate looks for them in a research dataset's text: a surname or street of a staged person
in a published note is a leak the patterns cannot see. The names are held only as keyed BLAKE2b
digests of their normalised tokens (key: random per instance, never stored), so neither the gate's
results, its logs, nor a debugger's view of this object contain a name; ``count`` returns a number.

Matching is on tokens of the notation-normalised text (``notation.normalise``: a soft hyphen or
zero-width space inside a name does not hide it), case-insensitively, except for names that are
ordinary Dutch words (``Bakker``, ``de Groot``, ``Post``) or shorter than three letters (``Li``):
those count only as written, capitalised, so 'werkt als bakker' or 'post-operatief' does not block a
release of the records of Mrs Bakker or Mr Post.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from transforms import lexicon
from transforms.identifiers.notation import normalise

# Ordinary Dutch words that are also surnames (transforms/lexicon/data/ordinary_word_names.txt): at least
# the text engine's COMMON_WORDS (tests/text/test_notation.py keeps that so), plus colours that are surnames too.
ORDINARY_WORDS = lexicon.words("ordinary_word_names")
# Tussenvoegsels: part of a surname, never enough on their own.
PREFIXES = frozenset("van de der den ter ten te in t het la le el al von da dos du op uit d".split())
_TOKEN = re.compile(r"[^\W\d_]+")
_MAX_TOKENS = 6


def tokens(text: str) -> list[str]:
    """The letter tokens of ``text`` after notation normalisation ('in 't Veld' -> in, t, Veld)."""
    return _TOKEN.findall(normalise(text).text)


class KnownNames:
    """A set of names (surnames with and without tussenvoegsel, streets) held as keyed digests only."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._key = os.urandom(32)  # per instance: the digests mean nothing outside this process
        self._folded: set[bytes] = set()
        self._exact: set[bytes] = set()
        self._lengths: set[int] = set()
        for name in names:
            self.add(name)

    def __len__(self) -> int:
        return len(self._folded) + len(self._exact)

    def __repr__(self) -> str:  # never the names, and the digests are no use to anyone: a count
        return f"KnownNames({len(self)} names)"

    def _digest(self, value: str) -> bytes:
        return hashlib.blake2b(value.encode(), key=self._key, digest_size=16).digest()

    def add(self, name: object) -> None:
        """Add one name; non-strings, empty names and bare tussenvoegsels are ignored."""
        if not isinstance(name, str):
            return
        words = tokens(name)
        significant = [w for w in words if w.casefold() not in PREFIXES]
        if not significant or len(words) > _MAX_TOKENS or all(len(w) < 2 for w in significant):
            return
        if any(len(w) >= 3 and w.casefold() not in ORDINARY_WORDS for w in significant):
            self._folded.add(self._digest(" ".join(words).casefold()))
        else:  # an ordinary word or a two-letter name: only as written
            self._exact.add(self._digest(" ".join(words)))
        self._lengths.add(len(words))

    def count(self, text: object) -> int:
        """How many times a known name occurs in ``text`` (as whole tokens); 0 for a non-string."""
        if not isinstance(text, str) or not len(self):
            return 0
        words = tokens(text)
        found = 0
        for i in range(len(words)):
            for n in self._lengths:
                if i + n > len(words):
                    continue
                joined = " ".join(words[i : i + n])
                if self._digest(joined.casefold()) in self._folded or self._digest(joined) in self._exact:
                    found += 1
        return found


# Letters an account name writes in ASCII where NFKD does not take the accent off ('Łukasz' -> lukasz).
_ASCII_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "ð": "d"})
_INITIALS = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]?\.?|[^\W\d_]")
_LOGIN_SEPARATORS = ("", ".", "_", "-")
_MIN_LOGIN_LETTERS = 5


def _login_letters(word: str) -> str:
    """A name word as an account writes it: lower case, ASCII letters only ("in 't" -> int, 'Tjon-A-Joe' -> tjonajoe)."""
    folded = unicodedata.normalize("NFKD", word.lower().translate(_ASCII_LETTERS))
    return "".join(c for c in folded if c.isascii() and c.isalnum())


@lru_cache(maxsize=4096)
def login_anchors(name: str) -> tuple[str, ...]:
    """What every one of ``name``'s :func:`login_forms` holds, one of them at least: the surname without its particles
    and the given name, as a login writes them (empty where there are no forms). A text without one of them written
    anywhere but in the name itself holds none of its logins: a few searches spare the forms' many."""
    given, _, core, _ = _login_parts(name)
    return tuple(a for a in (core, given) if a) if login_forms(name) else ()


@lru_cache(maxsize=4096)
def login_forms(name: str) -> frozenset[str]:
    """The user names an account is commonly given from a person's ``name`` ('Anouk de Vries', 'VRIES, Anouk de',
    'A. de Vries'), in lower case: the given name or its initials and the surname, with or without the particles,
    either first, joined by nothing, a dot, an underscore or a hyphen ('adevries', 'a.devries', 'anouk.devries',
    'devriesa', 'vries_a', 'anoukd'); the particles and surname alone ('devries'). None shorter than five letters.
    Empty for a name without both a given part and a surname (a surname alone is the name as written).

    Practice systems and chats show people by such logins ('[09:14] a.bakker:', 'Anouk de Vries (adevries)', a
    login column beside the name column): where a note names a person, the logins built from that name are that
    person too (issue 17, sixteenth round: dev41's audit logs, chats and account lists by another hand)."""
    given, initials, core, whole = _login_parts(name)
    if not core or not (given or initials):
        return frozenset()
    firsts = {f for f in (given, given[:1], initials) if f}
    pairs = [(f, s) for f in firsts for s in {core, whole}] + [(s, f) for f in firsts for s in {core, whole}]
    if given:
        pairs += [(given, core[:1]), (given, whole[:1])]
    forms = {a + sep + b for a, b in pairs for sep in _LOGIN_SEPARATORS}
    if whole != core:
        forms.add(whole)
    return frozenset(f for f in forms if sum(c.isalpha() for c in f) >= _MIN_LOGIN_LETTERS)


@lru_cache(maxsize=4096)
def _login_parts(name: str) -> tuple[str, str, str, str]:
    """``name``'s given name, initials, surname without and with its particles, as a login writes them."""
    if "," in name:
        surname_part, _, given_part = name.partition(",")
        given_words = given_part.split()
        trailing = []
        while given_words and given_words[-1].casefold().strip("'’") in PREFIXES:
            trailing.insert(0, given_words.pop())
        surname_words = trailing + surname_part.split()
    else:
        words = name.split()
        at = 0
        while at < len(words) - 1 and _INITIALS.fullmatch(words[at]):
            at += 1
        given_words = words[:at]
        rest = words[at:]
        particle = next((i for i, w in enumerate(rest) if w.casefold().strip("'’") in PREFIXES), None)
        if particle is not None and particle > 0:
            given_words += rest[:particle]
            surname_words = rest[particle:]
        elif particle == 0:
            surname_words = rest
        else:
            given_words += rest[:-1]
            surname_words = rest[-1:]
    initials = "".join(c for w in given_words for c in _login_letters(w)[:1] if not _INITIALS.fullmatch(w)) + "".join(
        c for w in given_words if _INITIALS.fullmatch(w) for c in _login_letters(w)
    )
    given = next((_login_letters(w) for w in given_words if not _INITIALS.fullmatch(w)), "")
    core = "".join(_login_letters(w) for w in surname_words if w.casefold().strip("'’") not in PREFIXES)
    whole = "".join(_login_letters(w) for w in surname_words)
    return given, initials, core, whole
