"""Dutch Presidio recognizers: one small class per kind of personal data, with validation.

Each recognizer declares its patterns, its Dutch context words and, where the identifier has a
check, the check itself (the 11-proef and mod-97 from ``transforms.identifiers.checksums``, the single
implementation in the project). Scores: a validated identifier scores 1.0, a pattern that is
specific on its own 0.6–0.9, a weak pattern 0.35 and context words add 0.35.

Everything here imports Presidio, so import this module only where the engine is built.
"""

from __future__ import annotations

import functools
import logging
import re as std_re
from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Callable, Iterable, Iterator, List, Optional, Sequence

import regex as re
from presidio_analyzer import EntityRecognizer, PatternRecognizer, RecognizerResult
from presidio_analyzer import Pattern as PresidioPattern
from presidio_analyzer.nlp_engine import NlpArtifacts

from transforms.identifiers import direct
from transforms.identifiers.checksums import (
    IBAN_LENGTHS,
    is_valid_belgian_national_number,
    is_valid_bsn,
    is_valid_german_health_insurance_number,
    is_valid_iban,
)
from transforms.identifiers.names import PREFIXES as NAME_PARTICLES
from transforms.text.clinical import INSURER_NAMES, by_first_character
from transforms.text.keywords import (
    PLAIN_CHARACTERS,
    KeywordIndex,
    cue_starts,
    cue_words,
    first_words,
    folded,
    folded_entry,
    forms,
    lowered,
    plain,
    with_first_char_hint,
    words,
)

log = logging.getLogger(__name__)

# The insurers whose name is one word in capitals ('VGZ', 'CZ', 'DSW'): no one's initials, and a number after one is a
# policy's, not a patient's.
INSURER_ACRONYMS = frozenset(name for name in INSURER_NAMES if name.isupper() and " " not in name)

# Function words of English that Dutch has not: three of them make a text English enough that a word of English is
# no name in it (issue 17, ninth round: international patients write in English; a Dutch chat's 'taras' is a name,
# in English a plural).
_ENGLISH_FUNCTION_WORDS = frozenset(
    {"the", "and", "my", "your", "you", "with", "please", "has", "this", "that", "after", "before", "would", "from"}
    | {"our", "they", "are", "been", "which", "should", "could", "there", "their", "what", "when", "about", "for"}
)
_ENGLISH_TEXT: ContextVar[bool] = ContextVar("english_text", default=False)
# And of German (none a Dutch word): three make a letter from over the border German, where every noun is
# capitalised and two in a row ('Kronenfraktur Zahn 22', 'Ihrer Praxis') are no name (issue 17, twenty-eighth round:
# dev120's handover letters by another hand, kept unread until the round's rules were written).
_GERMAN_FUNCTION_WORDS = frozenset(
    {"und", "wir", "ihr", "ihre", "ihren", "ihrer", "ihnen", "nicht", "ist", "sich", "haben", "sehr", "geehrte"}
    | {"geehrter", "bitte", "wurde", "mit", "das", "eine", "einen", "einem", "dem", "vom", "zum", "zur", "auch"}
    | {"oder", "aber", "wenn", "freundlichen", "grüßen", "gruessen", "unser", "unsere", "wird", "kann", "ich", "habe"}
    | {"hat", "für", "sind", "werden", "bei"}
)
_GERMAN_TEXT: ContextVar[bool] = ContextVar("german_text", default=False)


class Pattern(PresidioPattern):
    """Presidio's pattern without its check on construction, which compiled each regular expression once more (with no
    flags, so the ``regex`` module's cache never served the compilation that counts): every pattern is compiled with
    its flags when its recognizer is built (:class:`DutchPatternRecognizer`), which raises on an invalid one. The
    check cost about 1.3 s of every process that loads the engine (296 patterns; a CLI, a worker, a test's subprocess).
    """

    def __init__(self, name: str, regex: str, score: float) -> None:
        self.name, self.regex, self.score = name, regex, score
        self.compiled_regex = None
        self.compiled_with_flags = None


def is_german_text() -> bool:
    """Whether the text being read (:func:`reading`) is German: three of its words are German function words."""
    return _GERMAN_TEXT.get()


def listed_name_words(name: str) -> list[bool]:
    """For each word of ``name``, whether a list knows it as a given name or a surname (DEDUCE's, less ordinary
    words): in German text, where every noun is capitalised, what a name's position alone cannot tell."""
    surnames = deduce_words("names/lst_surname")
    plain = [w.strip(".,;:()'\"’").lower() for w in name.split()]
    return [w in known_given_names() or w in surnames for w in plain]


def is_english(text: str) -> bool:
    """Whether ``text`` is written (partly) in English: three of its words are English function words."""
    return len(_ENGLISH_FUNCTION_WORDS.intersection(words(text))) >= 3


@contextmanager
def reading(text: str) -> Iterator[None]:
    """The detection of one text: the engine runs every recognizer and its own rules inside, so that the rules that
    judge a word by the dictionaries know the text's language (:func:`is_english`)."""
    token = _ENGLISH_TEXT.set(is_english(text))
    german = _GERMAN_TEXT.set(len(_GERMAN_FUNCTION_WORDS.intersection(words(text))) >= 3)
    try:
        yield
    finally:
        _GERMAN_TEXT.reset(german)
        _ENGLISH_TEXT.reset(token)


LANGUAGE = "nl"
CASE_SENSITIVE = re.DOTALL | re.MULTILINE
CASE_INSENSITIVE = re.DOTALL | re.MULTILINE | re.IGNORECASE

# Tussenvoegsels, as they appear inside names ("van der", "in 't").
PREFIX = r"(?:van|de|der|den|ter|ten|te|in|'t|het|la|le|el|al|von|da|dos|das|du|di|del|della|y|op|uit|d')"
# A capitalised name word, including letters like Ş, Ł, ı, and double-barrelled names.
# A glued particle may open a name word: "d'Ancona", "D'Hondt", "O'Neill", "l'Abbé".
# (and an Arabic article joined by a hyphen: 'al-Masri', 'el-Amrani'; issue 17, twentieth round: dev77)
GLUED_PARTICLE = r"(?:[dDlLoO]['’](?=[A-ZÀ-ÖØ-Þ])|(?:al|el|Al|El)-(?=[A-ZÀ-ÖØ-Þ]))?"
# (the second part of a double name glued to its particle too: "Dijkstra-D'Hondt"; issue 17, twentieth round: dev80)
NAME_WORD = (
    GLUED_PARTICLE
    + r"[A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ][a-zß-öø-ÿĀ-ɏḀ-ỿ'’]+(?:-(?:[dDlLoO]['’](?=[A-ZÀ-ÖØ-Þ]))?[A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ][a-zß-öø-ÿĀ-ɏḀ-ỿ'’]+)?"
)
UPPER = r"[A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĖĘĚĜĞĠĢĤĦĨĪĮİĴĶĹĻĽĿŁŃŅŇŊŌŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ]"
INITIALS = r"(?:(?:" + UPPER + r"\.[ \t]?){1,4}|" + UPPER + r"{1,3}[ \t])"


# Patterns that start with a wide character class run 2-4x faster on the standard ``re`` engine
# (measured on the evaluation corpus); the rest stay on ``regex`` (Presidio's engine, faster on
# digit-led patterns and needed for variable-length look-behind). Same matches either way (tested).
STDLIB_PATTERNS = frozenset(
    {
        "url domain path",
        "street suffix",
        "street lower",
        "laan van",
        "d-m-y",
        "d month y",
        "d-m",
        "postcode",
        # issue 17, measured per pattern on the development and test parts (same spans on both engines):
        # 'foreign letters' 3x, 'practice' 2x, 'name after cue' 1.7x, 'place abroad' 1.2x faster on ``re``.
        "foreign letters",
        "practice",
        "name after cue",
        "place abroad",
        # issue 17, sixth round: the administrative order with particles last, 1.8x on ``re`` (same spans on the
        # development, test, dev2 and dev3 parts).
        "particles last",
    }
)


# Patterns that run on ``re`` where the text is plain (``keywords.plain``: both engines read each of its characters
# alike) and on ``regex`` elsewhere: identical matches on every text, where a move to ``STDLIB_PATTERNS`` would be
# identical only on the texts it was tested on. Issue 17, eighth round: each 1.25-2.2x faster on ``re`` (CPU time on
# the development and test parts, where gated: 'given prefix surname' 23 -> 10 ms, 'possessive before kin' 17 -> 8,
# 'surname first after cue' 17 -> 12, 'email' 7.7 -> 3.7, 'month y' 9.1 -> 5.6, the others 1-3 ms less each).
STDLIB_WHERE_PLAIN = frozenset(
    {
        "given prefix surname",
        "possessive before kin",
        "surname first after cue",
        "surname first after kin",
        "month y",
        "email",
        "context",
        "polisnummer",
        "lower-case surname after title",
        "after geb",
        "cued place any case",
        "cued place",
        "named address",
        "acronym after referral",
        "named bsn",
        "agb",
        "cued name",
        # issue 17, seventh round: the address and patient-number patterns of dev7
        "laan van",
        "lived at",
        "year street",
        "bare cue",
        "bracketed",
        "file name",
        # issue 17, ninth round: 2.2x faster on ``re`` (7.1 -> 3.1 ms on the development part's plain notes).
        "bare initials surname",
        # issue 17, twelfth round: led by its first capital, 1.35x faster on ``re``
        "initials surname",
        # issue 17, sixteenth round: 2.6x faster on ``re`` (the plain notes of dev, dev2, dev5 and test where gated:
        # 7.7 -> 2.9 ms)
        "capitals surname, initials",
        # issue 17, sixteenth round (speed): 3.2x faster on ``re`` (dev's plain notes scanned whole: 41 -> 13 ms; the
        # same spans on every plain evaluation text)
        "street before postcode",
        # issue 17, seventeenth round (speed): each faster on ``re`` where its gates pass (the plain notes of dev, the
        # patterns' own scans, perf_counter): 'lower-case cued name' 4.5 -> 1.1 ms, 'lower-case surname after patient'
        # 3.8 -> 0.7, 'organisation' 3.5 -> 1.9, 'name in brackets after kin' 0.9 -> 0.2,
        # 'lower-case surname first' 1.2 -> 0.8 (the same spans on every one of them); in the engine, CPU of 700 dev
        # notes alternated with the base: LowerCaseCuedName 10.7/12.1 -> 9.4/9.6 ms, NamePosition 15.6/17.0 -> 14.7/14.7,
        # Institution 12.3/13.5 -> 10.4/10.8, SurnameFirstName 5.2/6.0 -> 4.6/4.8
        "lower-case cued name",
        "lower-case surname after patient",
        "organisation",
        "name in brackets after kin",
        "lower-case surname first",
    }
)


def _compile(name: str, expression: str, flags: int):
    if name in STDLIB_PATTERNS:  # with its first characters looked ahead for, where that helps ``re`` (keywords.py)
        return std_re.compile(with_first_char_hint(expression, flags), flags)
    return re.compile(expression, flags=flags)


class DutchPatternRecognizer(PatternRecognizer):
    """A PatternRecognizer for Dutch, case-sensitive unless told otherwise.

    ``TRIGGERS`` maps a pattern's name to keywords (lower-case ASCII), one of which every match of that pattern
    contains: when none occurs in the folded text (``transforms.text.keywords``), the pattern cannot match and
    is not run.

    ``WORD_GATES`` maps a pattern led by a word list to the lexicon lists it matches: the pattern runs only when
    the first word of one of their entries is a word of the text (``keywords.words``; the pattern must have a
    boundary before the list and after an entry's first word, see there). Or to the words themselves (a frozenset,
    lower-case ASCII), for a short list written in the pattern ('geb', 'geboren', 'dob').

    ``GATES`` maps a pattern to a cheap regular expression (standard ``re``) that finds something every match
    of the pattern contains: where it finds nothing, the pattern is not run. For patterns that match in few
    texts and cannot skip ahead themselves (issue 17). Or a function of the text that finds it (None where it
    does not), for a gate that a regular expression cannot scan cheaply (``_lower_street_number``). A gate several
    patterns share (the same expression, or the same function) is run once per text, for all of them and across
    recognizers (:func:`passes`): the patterns that start from a digit run share the shape they all contain.

    ``STARTS`` maps a pattern to a function of the text and its lower-cased form (:func:`keywords.lowered`, not None)
    that gives, in order, offsets among which every start of a match is (more do no harm): the pattern is tried there
    only, as with ``CUES``, for a pattern whose starts a cue list alone does not give (issue 17, fourteenth round).

    ``REGIONS`` maps a pattern to a function of the text that gives the spans (start, end; in order, apart) that
    hold every match of the pattern whole, with what its look-arounds read: the pattern is scanned there only (no
    span: not at all). For a pattern whose matches stay on one line and always hold something a cheap scan finds
    (``_street_number_lines``), where the pattern itself is slow to fail.

    ``ANCHORS`` maps a pattern led by a case-insensitive cue list to a standard ``re`` expression that finds,
    on the lower-cased text (:func:`keywords.lowered`), every position where a match can start (a look-ahead,
    so overlapping cues are all found): the pattern is then tried at those positions only, in order, skipping
    those inside the previous match, which gives exactly what ``finditer`` gives. ``re`` skips ahead to a
    lower-case cue's first letters; the ``regex`` engine tries a case-insensitive alternation at every position.

    ``CUES`` maps a pattern every match of which opens with an entry of a case-insensitive cue list to the lexicon
    lists it matches, or to the first words of its entries (``keywords.cue_words``), with the boundaries a word
    gate needs (``WORD_GATES``): the pattern is tried only where one of those first words stands
    (``keywords.cue_starts``, found once per note for every recognizer that asks), which gives exactly what
    ``finditer`` gives (issue 17, eleventh round).
    """

    ENTITY = ""
    PATTERNS: list[Pattern] = []
    CONTEXT: list[str] = []
    FLAGS = CASE_SENSITIVE
    TRIGGERS: dict[str, tuple[str, ...]] = {}
    WORD_GATES: dict[str, tuple[str, ...] | frozenset[str]] = {}
    GATES: dict[str, str | Callable[[str], object]] = {}
    ANCHORS: dict[str, str] = {}
    CUES: dict[str, tuple[str, ...] | frozenset[str]] = {}
    REGIONS: dict[str, Callable[[str], Sequence[tuple[int, int]]]] = {}
    STARTS: dict[str, Callable[[str, str], Sequence[int]]] = {}

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY,
            patterns=list(self.PATTERNS),
            context=list(self.CONTEXT),
            supported_language=LANGUAGE,
            global_regex_flags=self.FLAGS,
            name=type(self).__name__,
        )
        for pattern in self.patterns:  # compile once, not per text
            pattern.compiled_regex = _compile(pattern.name, pattern.regex, self.FLAGS)
            pattern.compiled_with_flags = self.FLAGS
        self._meta = {
            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
        }
        unknown = (
            set(self.TRIGGERS)
            | set(self.WORD_GATES)
            | set(self.GATES)
            | set(self.ANCHORS)
            | set(self.CUES)
            | set(self.REGIONS)
            | set(self.STARTS)
        ) - {p.name for p in self.patterns}
        if unknown:
            raise ValueError(f"{self.name}: triggers for unknown patterns {sorted(unknown)}")
        TRIGGER_KEYWORDS.add(k for keywords in self.TRIGGERS.values() for k in keywords)
        # Each pattern's triggers as a set: compared with the few keywords a text holds (``TRIGGER_KEYWORDS``), one
        # set per tuple, so patterns that share a tuple share the set (``analyze`` checks it once).
        trigger_sets = {triggers: frozenset(triggers) for triggers in self.TRIGGERS.values()}
        self._scans = [
            (
                p,
                trigger_sets.get(self.TRIGGERS.get(p.name, ())),
                "v" in p.compiled_regex.groupindex,
                self.word_gate(p.name),
                self._gate(p.name),
                std_re.compile(self.ANCHORS[p.name]).finditer if p.name in self.ANCHORS else None,
                std_re.compile(with_first_char_hint(p.regex, self.FLAGS), self.FLAGS)
                if p.name in STDLIB_WHERE_PLAIN
                else None,
                self.REGIONS.get(p.name),
                self._cue_words(p.name),
                self.STARTS.get(p.name),
            )
            for p in self.patterns
        ]
        # The scans in runs of patterns that share their gates (triggers, word gate, regex gate), in order: ``analyze``
        # checks a run's gates once and passes over a closed run whole, where it checked them per pattern (86 of
        # them, most closed in most notes; issue 17, twelfth round). A run's gates are one entry of the table every
        # pattern recognizer shares (``GATE_TABLE``), which decides once per note which entries are open, for all
        # of them: ``analyze`` then looks at its open runs only (issue 17, eighteenth round).
        self._runs: list[tuple[int, list]] = []  # (the run's entry, its bit in ``GATE_TABLE``; its scans)
        for pattern, triggers, value_group, word_gate, gate, anchor, plain_twin, regions, cues, starts in self._scans:
            entry = GATE_TABLE.entry(triggers or None, word_gate, gate)
            if not self._runs or self._runs[-1][0] != entry:
                self._runs.append((entry, []))
            self._runs[-1][1].append((pattern, value_group, anchor, plain_twin, regions, cues, starts))
        self._entries = 0  # the entries of all its runs, as bits
        for entry, _ in self._runs:
            self._entries |= entry
        # Presidio's own validate_result / invalidate_result decide nothing: not called per match where not overridden.
        self._validates = type(self).validate_result is not PatternRecognizer.validate_result
        self._invalidates = type(self).invalidate_result is not PatternRecognizer.invalidate_result

    def _gate(self, pattern_name: str) -> Callable[[str], object] | None:
        gate = self.GATES.get(pattern_name)
        return gate_search(gate) if isinstance(gate, str) else gate

    def _cue_words(self, pattern_name: str) -> frozenset[str] | None:
        """The first words of pattern ``pattern_name``'s cues (``CUES``; None: none)."""
        lists = self.CUES.get(pattern_name)
        if not lists or isinstance(lists, frozenset):
            return lists or None
        from transforms import lexicon

        return cue_words(entry for name in lists for entry in lexicon.words(name))

    def word_gate(self, pattern_name: str) -> frozenset[str] | None:
        """The words one of which a text must have for pattern ``pattern_name`` to match (None: no gate)."""
        lists = self.WORD_GATES.get(pattern_name)
        if not lists:
            return None
        if isinstance(lists, frozenset):
            return lists
        from transforms import lexicon

        return first_words(entry for name in lists for entry in lexicon.words(name))

    def analyze(
        self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None, regex_flags: Optional[int] = None
    ) -> List[RecognizerResult]:
        """Presidio's pattern loop (score, validate, invalidate) without building an explanation per match,
        which cost more than the matching itself on short notes; patterns whose triggers are absent skipped."""
        results: list[RecognizerResult] = []
        entity = self.supported_entities[0]
        open_entries = GATE_TABLE.open(text)
        if not open_entries & self._entries:  # most recognizers in most notes: no run open
            return results
        for entry, scans in self._runs:
            if not open_entries & entry:
                continue
            # value_group: keyword(?P<v>value), report the value
            for pattern, value_group, anchor, plain_twin, regions, cues, starts in scans:
                regex = plain_twin if plain_twin is not None and plain(text) else pattern.compiled_regex
                lower = lowered(text) if anchor is not None or cues is not None or starts is not None else None
                if regions is not None:
                    spans = regions(text)
                    if not spans:
                        continue
                    matches = within(regex, spans, text)
                elif lower is not None:
                    if starts is not None:
                        matches = matches_at(regex.match, starts(text, lower), text)
                    elif cues is not None:
                        matches = matches_at(regex.match, cue_starts(text, lower, cues), text)
                    else:
                        matches = anchored(regex, anchor(lower), text)
                else:
                    matches = regex.finditer(text)
                for m in matches:
                    start, end = m.span("v") if value_group else m.span()
                    if start == end:
                        continue
                    score = pattern.score
                    if self._validates:
                        valid = self.validate_result(text[start:end])
                        if valid is not None:
                            score = self.MAX_SCORE if valid else self.MIN_SCORE
                    if self._invalidates and score > self.MIN_SCORE and self.invalidate_result(text[start:end]):
                        score = self.MIN_SCORE
                    if score > self.MIN_SCORE:
                        results.append(
                            RecognizerResult(entity, start, end, score, recognition_metadata=dict(self._meta))
                        )
        return results


class GateTable:
    """The gates of every pattern recognizer's runs (``DutchPatternRecognizer._runs``: triggers, word gate, regex gate),
    each distinct triple one entry (a bit), and which entries a text opens: found once per text for all of them, where
    each of the 26 recognizers checked its own runs in its own loop, some 100 runs a note (issue 17, eighteenth round).
    The same rules as that loop: an entry is open when its triggers (none: any) meet the keywords the text holds
    (``TRIGGER_KEYWORDS``), its word gate (none: any) meets the text's words, and then its regex gate (none: any)
    passes (as :func:`passes` asks; run only where the other gates of one of its entries are open, as the loop ran it).
    Sets of entries are ints: a note's answer is a few ORs and ANDs, where sets cost a copy per note. What it saves is
    the loop's Python work (some 15 ms of 700 notes, 1.5% of the engine), not the gates' scans, which both run alike."""

    def __init__(self) -> None:
        self._ids: dict[tuple, int] = {}
        self._by_keyword: dict[str, int] = {}  # a trigger keyword: the entries it opens
        self._by_word: dict[str, int] = {}  # a gate word: the entries it opens
        self._no_triggers = 0
        self._no_word_gate = 0
        self._gated: dict[Callable[[str], object], int] = {}  # a regex gate: the entries it closes where it fails
        self._gate_list: list[tuple[Callable[[str], object], int]] = []
        self._gate_words: frozenset[str] = frozenset()
        self._last: tuple[str, int] = ("", 0)

    def entry(self, triggers: frozenset[str] | None, word_gate: frozenset[str] | None, gate) -> int:
        """The entry (its bit) of these gates, made on first sight."""
        key = (triggers, word_gate, gate)
        found = self._ids.get(key)
        if found is not None:
            return found
        found = self._ids[key] = 1 << len(self._ids)
        if triggers is None:
            self._no_triggers |= found
        else:
            for keyword in triggers:
                self._by_keyword[keyword] = self._by_keyword.get(keyword, 0) | found
        if word_gate is None:
            self._no_word_gate |= found
        else:
            for word in word_gate:
                self._by_word[word] = self._by_word.get(word, 0) | found
            self._gate_words = frozenset(self._by_word)
        if gate is not None:
            self._gated[gate] = self._gated.get(gate, 0) | found
            self._gate_list = list(self._gated.items())
        self._last = ("", 0)  # a new entry: no text's answer holds it yet
        return found

    def open(self, text: str) -> int:
        """The entries ``text`` opens, as bits. Kept for the last text, as ``keywords.folded``."""
        last = self._last
        if last[0] is text:
            return last[1]
        by_keyword, by_word = self._by_keyword, self._by_word
        triggered = self._no_triggers
        for keyword in TRIGGER_KEYWORDS.present(text):
            triggered |= by_keyword.get(keyword, 0)
        worded = self._no_word_gate
        for word in self._gate_words.intersection(words(text)):
            worded |= by_word[word]
        found = triggered & worded
        # Each gate once a text here (``_gate_list`` holds each once): called itself, not through ``passes``.
        for gate, entries in self._gate_list:
            if found & entries and gate(text) is None:
                found &= ~entries
        self._last = (text, found)
        return found


# The keywords of every pattern recognizer's ``TRIGGERS``, registered as each is built: which of them a text holds is
# found once per text, for all of them (``keywords.KeywordIndex``: one look-up per word of the text).
TRIGGER_KEYWORDS = KeywordIndex()
# The gates of every pattern recognizer's runs, and which a text opens (:class:`GateTable`).
GATE_TABLE = GateTable()


@functools.cache
def gate_search(expression: str) -> Callable[[str], object]:
    """The search of a gate expression (``GATES``), one per expression: patterns that share it share its result
    (:func:`passes`). Where every match holds one of a few characters rare in notes (:func:`rare_characters`), only
    in a text that has one of them: a substring search per character, at memory speed, where the search tried every
    position its first element fits (a digit, a space) in nearly every note (issue 17, seventeenth round: 'after the
    birth date cell', 'review byline', 'handle after van', 5 ms of 700 notes, none of which passes)."""
    search = std_re.compile(expression).search
    rare = rare_characters(expression)
    if not rare:
        return search

    def gate(text: str) -> object:
        for character in rare:
            if character in text:
                return search(text)
        return None

    return gate


# Characters few notes hold: a gate's match that must hold one of them is looked for only where one is.
RARE_CHARACTERS = frozenset("|@#·•=_{}<>~^\\")


def rare_characters(expression: str) -> str:
    """Characters of ``RARE_CHARACTERS`` one of which every match of ``expression`` (standard ``re``) holds: those of
    a literal or a set of literals the expression cannot match without (at its top level, or in a group or a repeat
    it must match at least once), the fewest such; '' where there are none."""
    from re import _constants as c
    from re import _parser as sre_parse

    found: list[str] = []

    def required(items) -> None:
        for op, av in items:
            if op is c.LITERAL:
                found.append(chr(av))
            elif op is c.IN and all(o is c.LITERAL for o, _ in av):
                found.append("".join(chr(a) for _, a in av))
            elif op is c.SUBPATTERN:
                required(av[3])
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
                required(av[2])
            elif op is c.ATOMIC_GROUP:
                required(av)

    required(sre_parse.parse(expression))
    rare = [chars for chars in found if RARE_CHARACTERS.issuperset(chars)]
    return min(rare, key=len) if rare else ""


_last_gates: tuple[str, dict[Callable[[str], object], bool]] = ("", {})


def passes(gate: Callable[[str], object], text: str) -> bool:
    """Whether ``gate`` (``DutchPatternRecognizer.GATES``) finds something in ``text``: run once per text and gate,
    as the recognizers run one after another on the same text (kept for the last text, as ``keywords.folded``)."""
    global _last_gates
    last, seen = _last_gates
    if last is not text:
        seen = {}
        _last_gates = (text, seen)
    found = seen.get(gate)
    if found is None:
        found = seen[gate] = gate(text) is not None
    return found


@functools.cache
def shape_gate(expression: bytes) -> Callable[[str], object]:
    """A gate (``DutchPatternRecognizer.GATES``) that finds ``expression`` (a bytes regex led by a literal) in the text's
    shape (``direct.shape``: every ASCII digit a '0', every ASCII letter an 'a'), for a pattern every match of which
    holds such a run: ``re`` skips to the literal in the shape, where a scan of the text (the pattern's, or a gate's)
    tried every digit of the note (issue 17, twelfth round). A text whose shape cannot tell (a digit that may not be
    ASCII) passes. One gate per expression, so the patterns that share it share its answer (:func:`passes`)."""
    search = std_re.compile(expression).search

    def gate(text: str) -> object:
        shaped = direct.shape(text)
        return True if shaped is None else search(shaped)

    return gate


def within(regex, spans: Iterable[tuple[int, int]], text: str) -> Iterable:
    """The matches ``regex.finditer(text)`` gives, when each lies whole in one of ``spans`` (in order, apart) and its
    look-arounds read nothing outside it (``DutchPatternRecognizer.REGIONS``): those of each span in turn. A span's
    start is ``pos``, which look-behinds read past; its end is ``endpos``."""
    for start, end in spans:
        yield from regex.finditer(text, start, end)


def anchored(regex, starts: Iterable, text: str) -> Iterable:
    """The matches ``regex.finditer(text)`` gives, when every match starts at one of ``starts`` (matches, in
    order, of an anchor on the lower-cased text) and none is empty: the match at each start not inside the
    previous match."""
    end = 0
    match = regex.match
    for start in starts:
        pos = start.start()
        if pos < end:
            continue
        m = match(text, pos)
        if m is not None and m.end() > pos:
            end = m.end()
            yield m


class BsnRecognizer(DutchPatternRecognizer):
    """Burgerservicenummer: 9 digits (or 8, leading zero dropped) passing the 11-proef, also with dots/spaces."""

    ENTITY = "BSN"
    # Eight digits in a row; three digits, a separator and two more: what the two patterns' matches hold, and most
    # notes do not (``shape_gate``).
    GATES = {
        "bsn compact": shape_gate(rb"00000000"),
        "bsn grouped": shape_gate(rb"000[ .-]00"),
    }
    PATTERNS = [
        Pattern("bsn compact", r"(?<![\d.,:-])\d{8,9}(?![\d.,:-]\d)", 0.4),
        Pattern("bsn grouped", r"(?<![\d.,:-])(?:\d{4}[ .-]\d{2}[ .-]\d{3}|\d{3}[ .-]\d{3}[ .-]\d{3})(?![\d])", 0.4),
        # The Belgian citizen's number written whole after its word ('rrn:84041298856', 'RRN: 67101969914'): the shared
        # finder reads it only in groups ('85.07.14-123.30'), where eleven digits alone could be any number; the word
        # says what it is (issue 17, fifteenth round: dev39's patients from across the border).
        Pattern(
            "rijksregisternummer after its word",
            r"(?i:\b(?:rrn|rijksregister(?:nummer|nr)?|insz(?:[- ]?nummer)?|nationaal[ \t]+nummer)\b\.?[ \t]*:?[ \t]*)"
            r"(?P<v>\d{11})(?!\d)",
            0.4,
        ),
    ]
    TRIGGERS = {
        "rijksregisternummer after its word": ("rrn", "rijksregister", "rijksregisternummer", "insz", "nationaal")
    }
    CONTEXT = ["bsn", "burgerservicenummer", "burgerservicenr", "sofinummer", "sofi", "sofinr"]

    def validate_result(self, pattern_text: str) -> Optional[bool]:
        # An invalid 11-proef is not a BSN (it may still be another identifier, see IdNumberRecognizer); eleven digits
        # are a Belgian citizen's number when they pass its check.
        # (by its digits: '123 456 782' is eleven characters and a BSN)
        if sum(c.isdigit() for c in pattern_text) == 11:
            return is_valid_belgian_national_number(pattern_text)
        return is_valid_bsn(pattern_text)


class PhoneRecognizer(DutchPatternRecognizer):
    """Dutch phone numbers in every written form: 06-, +31 6, 0031, landlines, brackets, spaces, dashes.

    Validated by digit count rather than by a numbering plan, so a typo'd or unissued number
    (06-0…, which libphonenumber rejects) is still caught.
    """

    ENTITY = "TELEFOON"
    # An international number opens with '+' or '00', which most notes do not hold.
    TRIGGERS = {
        "international": ("+", "00"),
        "foreign": ("+", "00"),
        "digits apart": ("tel", "mobiel", "gsm", "bel", "nummer", "nr", "cijfer"),
    }
    # Ten digits apart, the first a '0' with a separator after it ('–' a '?' in the shape): what every match of
    # 'digits apart' holds, in the text's shape (``shape_gate``); its words ('nummer', 'nr') pass half the notes, and
    # the pattern, a case-insensitive word first, was tried at every position of them (issue 17, fourteenth round).
    GATES = {"digits apart": shape_gate(rb"0(?:[ \t]?[-?][ \t]?|[ \t])0(?:(?:[ \t]?[-?][ \t]?|[ \t])?0){8}")}
    PATTERNS = [
        # Every digit apart, after the word for a phone ('Tel. 0 2 0 - 5 5 5 1 2 3 4', 'mobiel 0 6 – 1 2 3 4 5 6 7 8'):
        # a user check found these published. Only after its word: a plaque chart is ten single digits too.
        Pattern(
            "digits apart",
            # (and read out for a screen reader: '(cijfer voor cijfer: 0 1 8 1 3 4 1 9 6 4)'; issue 17, thirty-seventh round:
            # dev154's accessible letters by another hand)
            r"(?i:\b(?:tel(?:efoon)?(?:nummer|nr)?|mobiel|gsm|bel(?:len)?(?:[ \t]+(?:op|naar))?|nummer|nr|"
            r"cijfer[ \t]+voor[ \t]+cijfer)\b\.?:?)"
            r"[ \t]*(?P<v>0(?:[ \t]?[-–][ \t]?|[ \t])\d(?:(?:[ \t]?[-–][ \t]?|[ \t])?\d){8})(?!\d)",
            0.6,
        ),
        Pattern(
            "international",
            # (or glued to its word: 'tel+31 6 ...'; issue 17, thirty-eighth round: dev158's session notes by another hand)
            r"(?:(?<![\w+])|(?<=\b(?i:tel|mob|gsm)))(?:\+|00)[ \t]?31[ \t.\-]*(?:\(0\)[ \t.\-]*)?\(?\d\)?"
            r"(?:[ \t.\-]?\(?\d\)?){7,9}(?!\d)",
            0.6,
        ),
        # Not a date and the time after it ('07-08-2026 15:00', '27-02-2026 16.30': ten digits from 0).
        Pattern(
            "national",
            # (not after a time's hour, but after a label read wrong by a scanner: 'Te1:0615248748'; issue 17, thirty-eighth
            # round: dev159's scanned forms by another hand)
            r"(?<![\w+])(?:(?<!\d:)|(?<=(?<![\w])(?i:te1|te1\.):))(?!\d\d[-./]\d\d[-./](?:19|20)\d\d(?!\d)|(?<=\d[-./])\d\d[-./](?:19|20)\d\d(?!\d))"
            # (the area code in brackets may end a line: '(030)\n6930072'; issue 17, eighteenth round: dev58)
            r"(?:\(0\d{1,3}\)(?:[ \t]*\n)?|0\d{1,3})[ \t.\-/]*\d(?:[ \t.\-]?\d){5,8}(?!\d)",
            0.6,
        ),
        # Family abroad: Belgium, Germany, Turkey, Morocco, Suriname, Poland... (+32 470 12 34 56).
        Pattern(
            # (the country code may stand apart from its 00: '00 599 9 764 5053'; issue 17, twenty-fifth round: dev109)
            "foreign",
            r"(?:(?<![\w+])|(?<=\b(?i:tel|mob|gsm)))(?:\+|00[ \t]?)(?!31)[1-9]\d{0,2}[ \t.\-]?\(?\d{1,4}\)?(?:[ \t.\-]?\d){5,11}(?!\d)",
            0.5,
        ),
    ]
    CONTEXT = [
        "tel",
        "telefoon",
        "telefoonnummer",
        "telnr",
        "mobiel",
        "gsm",
        "bellen",
        "gebeld",
        "bereikbaar",
        "nummer",
        "whatsapp",
        "terugbellen",
        "sms",
    ]

    def validate_result(self, pattern_text: str) -> Optional[bool]:
        # None (keep the pattern score) when the digit count fits, so a number that a context word
        # names as something else ('polisnummer 028-5272887') keeps that type on overlap.
        digits = _NON_DIGIT.sub("", pattern_text.replace("(0)", ""))
        international = pattern_text.lstrip().startswith(("+", "00"))
        if digits.startswith("0031"):
            ok = len(digits) == 13
        elif digits.startswith("31") and "+" in pattern_text:
            ok = len(digits) == 11
        elif international:  # another country: E.164 allows up to 15 digits
            ok = 9 <= len(digits.removeprefix("00")) <= 15
        else:
            ok = len(digits) == 10 and digits.startswith("0")
        return None if ok else False


class NamedPhoneRecognizer(DutchPatternRecognizer):
    """A phone number of another country written the way it is dialled there, which no Dutch digit count fits: after
    its word ('Tel. 0131 113 5287', 'Tel. 030 / 84265063', 'mobile 07824 581 148') or after another number and a slash
    ('06 5763 3742 / 07911 546 487'); a British mobile anywhere ('07824 581 148'). Nine to thirteen digits from a
    zero. Issue 17, ninth round (international patients by another hand: UK and German numbers leaked)."""

    ENTITY = "TELEFOON"
    TRIGGERS = {
        "named": ("tel", "phone", "mob", "gsm", "fax", "cell", "whatsapp", "telefon", "handy"),
        "after another": ("/",),
        "british mobile": ("07",),
        "german mobile": ("015", "016", "017"),
        "extension": ("intern", "toestel", "tst", "ext", "dect", "doorkies"),
    }
    # The named number tried where one of its words stands (``CUES``: each a whole word, \b on both sides), where the
    # scan tried every position of the notes its triggers pass (issue 17, twelfth round).
    CUES = {
        "named": frozenset(
            tel + number for tel in ("tel", "telefoon", "telefon", "telephone") for number in ("", "nummer", "nr", "no")
        )
        | {"phone", "mob", "mobiel", "mobile", "gsm", "fax", "cell", "cellphone", "whatsapp", "handy"},
        "extension": frozenset({"intern", "toestel", "toestelnummer", "tst", "ext", "extension", "dect", "doorkies"}),
    }
    # What each of those matches holds, found by ``re`` at once: '/' ahead of a zero, a British mobile's first five
    # digits, an area code in brackets.
    GATES = {
        "after another": r"/[ \t]*0\d",
        "british mobile": r"07\d{3}",
        "american": r"\(\d{3,4}\)|(?<![\w-])1-\d{3}-\d",
        "seven digits": r"\d{3}[- ]\d{4}",
        "curacao": shape_gate(rb"0-0000000"),
        "belgian landline": r"0\d{1,2}[ \t/]\d{2,3}[ \t.]\d\d[ \t.]\d\d|0[1-9]\d[ \t/]\d{6}",
        "german mobile": r"01[5-7]\d[ \t/-]\d",
        "german landline": r"\(0[ \t]\d|0\d{2,4}[ \t]*/[ \t]*\d",
        "old landline": shape_gate(rb"0[ \t]*-[ \t]*00[ \t]?00[ \t]?00|\(0"),
        "hungarian or lithuanian mobile": shape_gate(rb"00[ -]?00[ -]?000[ -]?0000|0[ -]000[ -]00000"),
        "turkish or polish number": shape_gate(rb"000 00 00"),
        "chat sender number": shape_gate(rb"00:00(?::00)?(?:[ \t]?aa)?\]?[ \t]*-?[ \t]*\+?00"),
        "island number with its country code": r"(?:599|297)[ -]?\d",
        "ten digits grouped three, three and four": shape_gate(rb"000[ -]000[ -]0000"),
    }

    PATTERNS = [
        Pattern(
            "named",
            r"(?i:\b(?:tel(?:efoon|efon|ephone)?(?:nummer|nr|no)?|phone|mob(?:iel|ile)?|gsm|fax|cell(?:phone)?|whatsapp|"
            # (which line it is, between: 'tel thuis 09/5764054'; issue 17, fifteenth round: dev39)
            r"handy)\b\.?(?:[ \t]?(?:nr|nummer|no)\.?)?(?:[ \t]+(?:thuis|werk|privé|prive|vast|zaak|kantoor|overdag|home|work|"
            r"ouders|SR|CW|AW|BQ))?:?)[ \t]*"
            # (the area code apart by a dash between spaces, as a typewriter set it: 'tel. 020 - 73 84 54'; issue 17,
            # twenty-seventh round: dev115's paper archive by another hand)
            r"(?:\((?![\d \t]+\))[^()\n]{1,25}\)[ \t]*)?(?P<v>\(?0\d{1,4}\)?(?:(?:[ \t.]?/?[ \t.-]?|[ \t]+-[ \t]+)\d{2,6}){1,4}(?![\d])|"
            # (or a local number of the Caribbean islands or Suriname, which dial no zero: seven digits, Curaçao's 9 and
            # seven, Suriname's six, 'Tel:717 8067', 'Tel. 9-4266370', 'tel. SR 415-238'; issue 17, twenty-fifth round:
            # dev109's Caribbean patients by another hand, kept unread until the round's rules were written)
            # (or a village's number before 1995, four or five digits, or pairs: 'tel. 6263', 'tel.:  5 58 66'; the
            # twenty-seventh round: dev115's record cards)
            # (or Curaçao's 9 apart from its seven: 'Tel. 9-737 6577'; issue 17, thirty-seventh round: dev156's Caribbean
            # Netherlands by another hand; the island's number with its country code, 'Tel. 599 7883291', is found
            # wherever it stands: 'island number with its country code')
            r"(?-i:9-\d{3}[ ]\d{4}|\d{3}[ -]?\d{4}|9-?\d{7}|\d{3}-\d{3}|\d{4,5}|\d{1,2}[ ]\d\d[ ]\d\d)(?![\d,.-]?\d))",
            0.6,
        ),
        Pattern("after another", r"\d[ \t]*/[ \t]*(?P<v>0\d{2,4}(?:[ \t.-]?\d{2,4}){2,3})(?!\d)", 0.5),
        # An internal line's four or five digits after its word, as a hospital's or a clinic's signature gives it
        # ('intern 9448', 'tst. 4028', 'toestel 4029'): a person's own line (issue 17, twenty-ninth round: dev121's
        # university clinic by another hand).
        Pattern(
            "extension",
            r"(?i:\b(?:intern|toestel(?:nummer)?|tst|ext|extension|dect|doorkies)\b\.?:?)[ \t]*(?P<v>\d{4,5})"
            r"(?![\d,.:/-]?\d|[ \t]*(?i:mm|mg|ml|uur|min|x|keer|jaar|%))",
            0.5,
        ),
        # An American number as Americans write it: '(617) 555-0142'; and the islands' in the Caribbean ('(599) 717 3134',
        # '(297) 562 9422'; issue 17, twentieth round: dev78's island patients by another hand).
        # (or with the country's 1 and dashes: '1-721-5408386', Sint Maarten)
        # (and Curaçao's country and island code in brackets: '(5999) 512-3456'; issue 17, twenty-sixth round: the
        # session's user check)
        Pattern("american", r"(?<![\w)+-])(?:\(\d{3,4}\)[ \t]?|1-\d{3}-)\d{3}[- ]?\d{4}(?![\w-])", 0.6),
        # A local number of seven digits grouped three and four, as the Caribbean islands (and North America) dial it
        # ('Tel: 717-1902', 'hotel contact 318 9444'): no clinical string of any part has that shape, which a number
        # inside a Dutch phone, a house number before a postcode ('Akker 407 5684 CT', 'Diestsevest 147 8500 Kortrijk')
        # or a date does not give. Scored low: a number its label names ('Ziekenhuisnr.: 457-0705') keeps its type.
        Pattern(
            "seven digits",
            r"(?<![\w+(./,:-])(?<!\d[ \t])\d{3}[- ]\d{4}(?![\d,:/-]?\d|[.,]\d|[ \t-]{0,2}(?!(?:of|en|or)\b)[A-Za-z]{2}\b|[ \t]+[A-Z][a-z])",
            0.4,
        ),
        # An island's number with its country code and no plus, wherever it stands ('is bereikbaar op 599 7005919', 'call
        # 599 3183878', a fixed-width agenda's cell): the code, then seven digits (Curaçao's 9 before them); and ten
        # digits grouped three, three and four, as Colombia and North America write a phone ('Tel. 604 233 6084', 'es
        # 604-983-3692'). Issue 17, thirty-seventh round: dev156's Caribbean Netherlands by another hand, kept unread until
        # the round's rules were written (29 phones published).
        Pattern(
            "island number with its country code",
            r"(?<![\w+(./,:-])(?<!\d[ \t])(?:599|297)[ -]?(?:9[ -]?)?\d{3}[ -]?\d{4}(?![\d,:/-]?\d|[.,]\d)",
            0.6,
        ),
        Pattern(
            "ten digits grouped three, three and four",
            r"(?<![\w+(./,:-])(?<!\d[ \t])\d{3}([ -])\d{3}\1\d{4}(?![\d,:/-]?\d|[.,]\d)",
            0.5,
        ),
        # Curaçao's local number, its 9 and seven digits apart by a dash, with or without its word ('Bel 9-4653136';
        # issue 17, twenty-fifth round: dev109's Caribbean patients by another hand).
        Pattern("curacao", r"(?<![\w+/.,-])9-\d{7}(?![\d,.-]?\d)", 0.5),
        # A British mobile as the British write it, with or without its word: '07824 581 148'.
        Pattern("british mobile", r"(?<![\w+])07\d{3}[ \t]?\d{3}[ \t]?\d{3}(?![\w])", 0.6),
        # A Belgian landline as Belgians group it, nine digits: a one-digit zone ('03 811 30 97', '09 384 02 97') or a
        # two-digit one ('011/21.82.86', '050 31 13 52'). Issue 17, thirteenth round (dev19's patients from Flanders).
        Pattern(
            "belgian landline",
            # (or the two-digit zone and six digits together: 'Lanaken (B), 089 423827'; issue 17, twenty-third round:
            # dev100's practices on the borders by another hand, kept unread until the round's rules were written)
            r"(?<![\w+/.-])(?:(?:0[2-9][ \t/]\d{3}|0\d{2}[ \t/]\d{2})[ \t.]\d\d[ \t.]\d\d|0[1-9]\d[ \t/]\d{6})"
            r"(?![\w.,-]?\d)",
            0.6,
        ),
        # A Dutch landline before 1995, nine digits: the area code apart by a dash and the number in pairs or whole, or
        # the code in brackets ('010 - 57 25 15', '0513 - 47053', '(075) 596677'), as old cards, letters and archives
        # write them (issue 17, twenty-seventh round: dev115's paper archive by another hand).
        Pattern(
            "old landline",
            r"(?<![\w+/.-])(?:0\d{2}[ \t]*-[ \t]*\d\d[ \t]?\d\d[ \t]?\d\d|0\d{3}[ \t]*-[ \t]*\d[ \t]?\d\d[ \t]?\d\d|"
            r"\(0\d{2,4}\)[ \t]*\d(?:[ \t]?\d){4,5})(?![\w.,-]?\d)",
            0.6,
        ),
        # A German mobile as Germans write it, the network's four digits apart ('0151 84688045', '0160 3459846'; the
        # same round): eleven or twelve digits, which no Dutch count fits.
        Pattern("german mobile", r"(?<![\w+/.-])01[5-7]\d[ \t/-]\d{3,4}[ \t]?\d{3,5}(?![\w.,-]?\d)", 0.6),
        # A German number as German letterheads and forms group it: the area code's digits apart in brackets, maybe
        # after the country's code ('(0 25 62) 2 00 10', '0049 (0 24 51) 34 63 05'), or the code and a slash before
        # the number in pairs ('0176 / 1 36 83 91', '02153 / 44 12 47'). Issue 17, thirty-fifth round: dev147's border
        # practices by another hand.
        Pattern(
            "german landline",
            r"(?<![\w+/.-])(?:(?:(?:\+|00)[ \t]?49[ \t]*)?\(0(?:[ ]\d{1,2}){1,3}\)|0\d{2,4}[ \t]*/)[ \t]*\d(?:[ ]?\d){3,8}"
            r"(?![\w.,-]?\d)",
            0.6,
        ),
        # A chat export's sender that is a number, a contact the phone has no name for ('13-01-2027 08:29 - 828 546 397:
        # Goede dag', '[09:14] +48 505 279 339: ...'): in any country's grouping (the same round: dev126's chats).
        Pattern(
            "chat sender number",
            r"(?m)^[ \t]*\[?(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4},?[ \t]+)?\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?[AP]M)?\]?"
            r"[ \t]*[-–]?[ \t]*(?P<v>\+?\d[\d \t-]{6,18}\d)[ \t]*:[ \t]",
            0.6,
        ),
        # A Hungarian mobile as Hungarians dial it at home, eleven digits from 06 and the network's two ('06 30 208
        # 5314', '06-70-922-3200'), and a Lithuanian one from its 8 ('8-696-79310'), which no Dutch count fits (issue 17,
        # thirtieth round: dev126's labour migrants by another hand).
        Pattern(
            "hungarian or lithuanian mobile",
            r"(?<![\w+/.-])(?:06[ -]?(?:20|30|31|50|70)[ -]?\d{3}[ -]?\d{4}|8[ -]6\d\d[ -]\d{5})(?![\w.,-]?\d)",
            0.6,
        ),
        # A Turkish number as Turkey dials it at home, eleven digits from 0 grouped three, two and two at the end: a
        # mobile from 05 ('0535 868 07 66', '0 536 835 64 20') or a landline's area code in brackets ('0 (216) 578 46
        # 31'); and a Polish landline, its two-digit area code in brackets ('(91) 770 70 17'). Issue 17, thirty-ninth
        # round: dev162's clinics abroad by another hand published nineteen.
        Pattern(
            "turkish or polish number",
            r"(?<![\w+/.-])(?:0[ ]?5\d\d[ ]\d{3}|(?:0[ ]?)?\(\d{2,3}\)[ ]?\d{3})[ ]\d\d[ ]\d\d(?![\w.,-]?\d)",
            0.6,
        ),
    ]

    def validate_result(self, pattern_text: str) -> Optional[bool]:
        digits = len(_NON_DIGIT.sub("", pattern_text))
        # An international number's '00' and the area code's '(0)' after the country's code are not dialled: E.164's
        # count is of what is left ('0049 (0 24 51) 34 63 05' is twelve digits)
        text = pattern_text.lstrip()
        if text.startswith(("00", "+")):
            digits -= 2 * text.startswith("00") + ("(0" in text)
        return None if 9 <= digits <= 13 or 4 <= digits <= 8 and self._LOCAL_DIGITS.fullmatch(pattern_text) else False

    # The local numbers without a zero (the Caribbean islands' seven digits, Curaçao's 9 and seven, Suriname's six).
    # (and a Dutch village's before 1995, after its word: four or five digits, or pairs)
    # (and Curaçao's 9 apart from its seven, grouped: '9-737 6577'; issue 17, thirty-seventh round: dev156)
    _LOCAL_DIGITS = re.compile(r"\d{3}[- ]?\d{4}|9-?\d{7}|9-\d{3} \d{4}|\d{3}-\d{3}|\d{4,5}|\d{1,2} \d\d \d\d")


# Compiled once: ``regex.sub`` with a pattern string looks it up in the module's cache per call, through flag
# arithmetic that cost more than the substitution (issue 17, tenth round).
_NON_DIGIT = re.compile(r"\D")


class ScanningRecognizer(EntityRecognizer):
    """A recognizer of ours that scans the text itself (no Presidio patterns): the metadata Presidio expects on
    each result, built once, and nothing to load."""

    def __init__(self, entities: Sequence[str], name: str | None = None) -> None:
        super().__init__(
            supported_entities=list(entities), supported_language=LANGUAGE, name=name or type(self).__name__
        )
        self._meta = {
            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
        }

    def load(self) -> None:
        pass


class IbanRecognizer(EntityRecognizer):
    """IBAN of a European country, compact or in groups of four, with its country's length and mod-97 checked.

    The span is cut at the country's IBAN length, so a word or number written right after the
    IBAN cannot make a real IBAN fail validation and leak; the length and check together make a
    random code ('EX004521 ...') very unlikely to pass.
    """

    ENTITY = "IBAN"
    CANDIDATE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2})\d{2}(?:[ ]{0,2}[A-Za-z0-9]){11,30}", CASE_SENSITIVE)
    # Dutch account shape, reported even when a digit was mistyped (the person is still identifiable).
    NL_SHAPE = re.compile(r"(?<![A-Za-z0-9])NL ?\d{2} ?[A-Z]{4} ?(?:\d ?){9}\d(?![A-Za-z0-9])", CASE_INSENSITIVE)
    CONTEXT = ["iban", "rekening", "rekeningnummer", "rekeningnr", "bankrekening", "t.n.v", "overgemaakt"]
    # What both patterns contain: two letters and two digits ('NL91'), or 'NL' (any case) and a space before the
    # digits. Most notes have neither, and the two scans cannot skip ahead (look-behind first).
    # Found from the digit: ``re`` skips to digits, which are fewer than letters (issue 17, eighth round: 2.9x).
    # ``analyze`` asks it in two parts (:meth:`has_shape`), the first shared with the notation finder.
    # (also two capitals a space before the digits, as ``direct.iban_starts`` finds them: 'BE 95 2987 ...', which the
    # notation finder reads)
    # (and in lower case, the letters a word: 'de 43 6856 ...'; nineteenth round)
    SHAPE_GATE = std_re.compile(
        r"\d(?:(?<=[A-Za-z]{2}\d)\d|(?<=[A-Z]{2} \d)\d|(?<=(?<![A-Za-z])[a-z]{2} \d)\d|(?<=[nN][lL] \d))"
    )
    NL_SPACED = std_re.compile(r"[nN][lL] \d")
    # Where the two patterns can start, for the notes the gate passes: two letters before two digits (found from the
    # digits; two such starts are two characters apart at least, so a scan that does not overlap its matches finds
    # each: ``direct.iban_starts``), and 'NL' in any case before a space or two digits (two such starts are five
    # apart). Each pattern is tried there only, as ``anchored`` tries a pattern: the same matches as its scan, which
    # tried every letter (issue 17, ninth round).
    NL_STARTS = std_re.compile(r"[nN][lL] ?\d\d")

    def __init__(self) -> None:
        super().__init__(
            supported_entities=[self.ENTITY], supported_language=LANGUAGE, name="IbanRecognizer", context=self.CONTEXT
        )

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        results: list[RecognizerResult] = []
        starts = direct.iban_starts(text)
        nl = self._may_hold_nl(text)
        if not starts and not (nl and self.NL_SPACED.search(text)):  # as ``has_shape``: SHAPE_GATE finds nothing
            return results
        for m in matches_at(self.CANDIDATE.match, starts, text):
            length = IBAN_LENGTHS.get(m.group(1).upper())
            if not length:
                continue
            end, seen = m.start(), 0
            while end < m.end() and seen < length:  # walk to the country's length, skipping the spaces
                if text[end] != " ":
                    seen += 1
                end += 1
            if (
                seen == length
                and not (end < len(text) and text[end].isalnum())
                and is_valid_iban(text[m.start() : end])
            ):
                results.append(self._result(m.start(), end, 1.0))
        for m in anchored(self.NL_SHAPE, self.NL_STARTS.finditer(text), text) if nl else ():
            if not any(r.start <= m.start() < r.end for r in results):
                results.append(self._result(m.start(), m.end(), 0.6))
        return results

    @classmethod
    def has_shape(cls, text: str) -> bool:
        """Whether ``SHAPE_GATE`` finds something in ``text``, as ``analyze`` asks it: two letters before two digits
        (``direct.iban_starts``: one scan per note for this recognizer and the notation finder, where each made its
        own; issue 17, twelfth round), else 'NL' (any case), a space and a digit."""
        return bool(direct.iban_starts(text)) or cls._may_hold_nl(text) and cls.NL_SPACED.search(text) is not None

    @staticmethod
    def _may_hold_nl(text: str) -> bool:
        """False where ``text`` has no 'n' or 'N' before an 'l' or 'L': its lower-cased form (made once per note) has
        no 'nl', as only 'N' and 'L' lower to those two letters."""
        lower = lowered(text)
        return lower is None or "nl" in lower

    def _result(self, start: int, end: int, score: float) -> RecognizerResult:
        return RecognizerResult(
            self.ENTITY,
            start,
            end,
            score,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )


def _email_regions(text: str) -> list[tuple[int, int]]:
    """Where the e-mail pattern can match (``REGIONS``): ``direct.email_windows`` on a plain text, which the pattern's
    standard ``re`` twin scans (``STDLIB_WHERE_PLAIN``); the whole text otherwise, where the ``regex`` engine's word
    characters may differ from those the windows are made of."""
    return direct.email_windows(text) if plain(text) else [(0, len(text))]


class BankAccountRecognizer(DutchPatternRecognizer):
    """A bank account before the IBAN: nine or ten digits after a bank's word or name ('rek.nr. 83 09 54 503', 'Bank:
    NMB 85 13 05 792', 'nw. bankrek. 25.72.23.339'), and a postgiro number of three to seven after its word ('op
    gironummer 28922', 'Postgiro: 9482'), as record cards, letters and nota's wrote them until 2002 and archives keep
    them. A person's account as much as an IBAN is: reported as one (issue 17, twenty-seventh round: dev115's paper
    archive by another hand)."""

    ENTITY = "IBAN"
    TRIGGERS = {
        "bank account": ("bank", "rek", "nmb", "sns", "amro", "abn", "rabo", "ing", "giro", "lanschot"),
        "giro": ("giro",),
    }
    # Tried where a bank's word stands (``CUES``): its triggers ('ing', 'rek') are in most notes' words.
    CUES = {"bank account": ("bank_account_cues",)}
    GATES = {"bank account": shape_gate(rb"0(?:[ .]?0){8}")}

    def __init__(self) -> None:
        from transforms import lexicon

        cue = (
            r"(?i:\b" + lexicon.alternation("bank_account_cues", spaces=r"[ \t]+") + r"\b\.?)"
            # a bank's name or the card's word between ('Bankrek. Van Lanschot rek.nr. 97.20.31.413', 'bankrek. kaart')
            r"(?:[ \t]*:?[ \t]+(?:(?-i:[A-Z][A-Za-z]{1,11})|kaart|pat\.?|rek\.?[ \t]?nr\.?|nr\.?|no\.?)){0,3}[ \t]*:?[ \t]*"
        )
        self.PATTERNS = [
            Pattern("bank account", cue + r"(?P<v>\d(?:[ .]?\d){8,9})(?![\w-]|[.,]\d)", 0.6),
            Pattern(
                "giro",
                r"(?i:\b(?:post)?giro(?:nummer|nr)?\b\.?)(?:[ \t]*:?[ \t]+(?:kaart|nr\.?)){0,2}[ \t]*:?[ \t]*"
                r"(?P<v>\d{3,7})(?![\w-]|[.,]\d)",
                0.6,
            ),
        ]
        super().__init__()


class EmailRecognizer(DutchPatternRecognizer):
    """E-mail addresses, without Presidio's tldextract check (it fetches the suffix list over the network)."""

    ENTITY = "EMAIL"
    TRIGGERS = {
        "email": ("@",),
        "address without its domain's end": ("@",),
    }
    REGIONS = {"email": _email_regions}
    FLAGS = CASE_INSENSITIVE
    # '@@' too: a mistyped address still names its owner ('fout e-mail wijngaarde.r@@home.nl', an import log).
    PATTERNS = [
        Pattern(
            "email",
            r"(?<![\w.+'’-])(?:[\w.+-]|(?<=\w)['’](?=\w))+@@?" + direct.EMAIL_DOMAIN + r"(?![\w-])",
            0.9,
        ),
        # An address typed without its domain's end, as a validation report lists the ones it refused
        # ("e-mailadres 'floorsoekhai51@web' ongeldig"): still its owner's (issue 17, thirty-sixth round: dev152's
        # migration reports by another hand). The engine reads it; the shared finder, which the second scan and the
        # release gate use, reads whole addresses only.
        Pattern(
            "address without its domain's end",
            r"(?<![\w.+@-])[\w+-][\w.+-]{1,63}@[a-z0-9-]{2,63}(?![\w@-]|\.[a-z])",
            0.6,
        ),
    ]
    CONTEXT = ["email", "e-mail", "mail", "mailadres", "e-mailadres"]


class NotationRecognizer(ScanningRecognizer):
    """The shared finder (``transforms.identifiers.direct``) as a recognizer: BSN, IBAN, e-mail, phone and
    postcode + house number in ANY notation (no-break / thin / zero-width spaces, soft hyphens, fullwidth
    or Arabic-Indic digits, glued to ':' or letters, e-mail followed by '_').

    The second scan and the release gate use the same finder, so whatever they would flag the engine
    has already replaced: the layers cannot disagree. Checksum-validated numbers and e-mails score 1.0
    and a phone (digit count checked) 0.95, so a clinical allow-list span ('0612345678 mm',
    'BoP 0612345678') never swallows them (the engine keeps strong types scoring 0.9 or more).
    The recognizers above stay: they type and score the plain forms (context words, 8-digit BSNs,
    foreign phones); this one guarantees the notations.
    """

    TYPES = {
        "bsn": ("BSN", 1.0),
        "iban": ("IBAN", 1.0),
        "email": ("EMAIL", 1.0),
        "phone": ("TELEFOON", 0.95),
        "postcode_house_number": ("POSTCODE", 0.6),
    }

    def __init__(self) -> None:
        super().__init__(sorted({t for t, _ in self.TYPES.values()} | {"ADRES"}))

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        results = []
        for finding in direct.find(text):
            entity, score = self.TYPES[finding.kind]
            results.append(
                RecognizerResult(entity, finding.start, finding.end, score, recognition_metadata=dict(self._meta))
            )
            if finding.kind == "postcode_house_number":
                results.extend(self._house_number_after(text, finding.start))
        return results

    # What follows a postcode up to its house number.
    _TO_HOUSE_NUMBER = std_re.compile(r"[ \t,]+(?:nr\.?[ \t]*)?")

    def _house_number_after(self, text: str, start: int) -> List[RecognizerResult]:
        """The house number after a postcode on its line, which with it names the address ('8604HZ 51' in a
        declaration's fixed-width record, '1059RG 197'): an address part, as the street's number is. Issue 17,
        twenty-first round: dev85's fixed-width exports by another hand."""
        m = direct.POSTCODE_HOUSE_NUMBER.match(text, start)
        if m is None or m.group("pc1") is None:
            return []
        gap = self._TO_HOUSE_NUMBER.match(text, m.end("pc1"))
        if gap is None or gap.end() >= m.end():
            return []
        return [RecognizerResult("ADRES", gap.end(), m.end(), 0.5, recognition_metadata=dict(self._meta))]


class UrlRecognizer(DutchPatternRecognizer):
    """Web addresses (social-media profiles in contact forms, personal sites)."""

    ENTITY = "URL"
    TRIGGERS = {
        "url scheme": ("://",),
        "url www": ("www.",),
        "url domain path": ("/",),
    }
    # A domain's last dot, its top-level domain and a slash: '/' alone is in most dates and doses (issue 17, ninth
    # round). The pattern runs on ``re`` (``STDLIB_PATTERNS``), as the gate does, so both read the case alike.
    GATES = {"url domain path": r"\.(?i:nl|com|be|de|org|net|eu|info|io|me)/"}
    FLAGS = CASE_INSENSITIVE
    _TAIL = r"(?:/[^\s<>\"'()]*[^\s<>\"'().,;:!?])?"
    PATTERNS = [
        Pattern("url scheme", r"\bhttps?://[^\s<>\"']*[^\s<>\"'.,;:!?)]", 0.7),
        Pattern("url www", r"\bwww\.[\w-]+(?:\.[\w-]+)+" + _TAIL, 0.7),
        Pattern(
            "url domain path",
            r"(?<![@\w.])(?:[\w-]+\.)+(?:nl|com|be|de|org|net|eu|info|io|me)/[^\s<>\"']*"
            r"[^\s<>\"'.,;:!?)]",
            0.6,
        ),
    ]
    CONTEXT = ["website", "profiel", "site", "url", "link"]


# What every postcode pattern finds (and the place after one, ``CuedPlaceRecognizer``): four digits from 1, then
# spaces or a dash, then two ASCII letters and no third. Most notes have none (years and doses are followed by a
# longer word or nothing), and the seven patterns that start from a digit are each tried at every digit: one scan for
# all of them instead (``DutchPatternRecognizer.GATES``, run once per text; issue 17, ninth round).
POSTCODE_SHAPE = (
    r"[1-9]\d{3}[ \t\u00a0\u202f\u2009]*[-\u2010\u2011\u2013]?[ \t\u00a0\u202f\u2009]*[A-Za-z]{2}(?![A-Za-z])"
)
# A German postcode, five digits, before its place, where an address puts it: after a house number on its line (with a
# comma or a dash between, or nothing: 'Venloer Straße 14 41334 Nettetal', 'Mühlenweg 28c - 46325 Borken'), opening the
# line after one ('Jakobstraße 20 a' / '52066 Aachen'), after the country's 'D-', or after a form's label for both
# ('PLZ / Ort: 49733 Haren (Ems)'); the place in any case, maybe with its river in brackets, to the line's end, a
# comma, the country or 'und' ('48683 ahaus und tel'). Issue 17, thirty-fifth round: dev147's border practices by
# another hand. Each pattern reports its own group as ``v``.
_HOUSE_NUMBER_BEFORE = r"[\p{L}.][ \t]\d{1,4}(?:[ \t]?[a-zA-Z](?!\p{L}))?"
GERMAN_POSTCODE_AND_PLACE = (
    r"(?:(?<=" + _HOUSE_NUMBER_BEFORE + r"(?:,|[ \t]+[—–-])?[ \t]+)|(?<=" + _HOUSE_NUMBER_BEFORE + r"[ \t]*\n[ \t]*)|"
    r"(?<![\w-])D-|(?<=(?i:plz|postcode)[ \t]*/[ \t]*(?i:ort|woonplaats)[ \t]*:?[ \t]*))"
    r"(?P<code>\d{5})[ \t]{1,2}(?!(?i:euro|eur|stuks|x)\b)"
    r"(?P<place>\p{L}[\p{L}'’]*(?:[ \t-]\p{L}[\p{L}'’]+){0,2}(?:[ \t]\(\p{Lu}\p{Ll}+\))?)"
    r"(?=[ \t]*(?:\n|\Z|[,.;|]|[—–-][ \t]|\((?i:d|de|duitsland|deutschland|germany)\))|[ \t]+(?:DE|D)[ \t]*(?:\n|\Z)|"
    r"[ \t]+(?:und|en|and)[ \t])"
)
GERMAN_POSTCODE_GATE = r"\d{5}[ \t]{1,2}[^\W\d_]"
# Two lower-case letters after four digits that are a unit or a Dutch or English word, not a postcode's letters where
# an address line may hold one ('2000 mg', '2024 en 2025', 'March 3rd, 2024 at'); 'je' and 'ja' are postcodes there.
LOWER_NOT_POSTCODE_LETTERS = (
    r"(?:sa|sd|ss|mg|ml|mm|cm|km|kg|gr|ie|en|in|op|te|de|is|of|al|na|nu|om|uur|pm|am|at)(?![\w])"
)


# How forms set a field's label before its value, as patients' portals, PDF exports and mail bodies write them
# (issue 17, ninth round: dev13's intake forms): at a line's start or after a table's '|', maybe with a note in
# brackets ('Patiëntnummer (indien bekend)'), then a colon, '=', a '|' cell border, dotted leaders ('Straat .......
# vlietkade'), tabs, or the end of the line (the value on the next line, maybe after an empty one).
# (and a checklist's box before the label: '[ ] Noodcontact: Yohanna', '[x] Buddy: Taras', '☐ Tolk: ...'; issue 17,
# twenty-first round: dev87's onboarding checklists by another hand)
FIELD_LEAD = r"^[ \t]*(?:\|[ \t]*)?(?:\[[ xXvV✓✔]?\][ \t]*|[☐☑☒✓✔][ \t]*)?(?:[-*•][ \t]*|\d+[.)][ \t]*)?"
FIELD_SEPARATOR = (
    # (dotted leaders glued to the label, and a colon after them: 'Roepnaam..............: Filmon'; issue 17, thirty-fifth
    # round: dev145's registration forms by another hand)
    r"(?:[ \t]*\([^()\n]{1,30}\))?(?:[ \t]*[:=|][ \t]*|[ \t]+\.{3,}[ \t]*|\.{3,}[ \t]*:?[ \t]*|\t+|[ \t]*\n(?:[ \t]*\n)?(?=[ \t]*[^\W_])"
    # (or a gap of three spaces or more, as a form aligns its values: 'Geslachtsnaam     Berhe'; issue 17, thirty-third
    # round: dev118's name changes, once no name ran on across the gap)
    r"|[ \t]{3,}(?=[^\W_]))"
)


def _street_suffixes() -> tuple[str, ...]:
    """The endings and words of street names (``street_suffixes.txt``), longest first, as the alternations built of
    them want."""
    from transforms import lexicon

    return tuple(sorted(lexicon.words("street_suffixes"), key=lambda suffix: (-len(suffix), suffix)))


STREET_SUFFIXES = _street_suffixes()
STREET_SUFFIX = "(?:" + "|".join(std_re.escape(s) for s in STREET_SUFFIXES) + ")"
# The same in capitals, as a printed agenda or a label writes a street ('KERKSTRAAT 124'; issue 17, thirty-seventh round).
STREET_SUFFIX_CAPITALS = "(?:" + "|".join(std_re.escape(s.upper()) for s in STREET_SUFFIXES) + ")"


class PostcodeRecognizer(DutchPatternRecognizer):
    """Dutch postcode, '1213 AB' or '1213AB' (and '1213ab' without space); SA, SD and SS are never issued."""

    ENTITY = "POSTCODE"
    TRIGGERS = {
        "postcode after word": ("postcode", "pc", "postal", "post", "zip"),
        "postcode abroad after a residence": ("woon",),
    }
    # Not 'postcode after word': it also reads a postcode dictated in words ('postcode drie vier zeven zeven t e').
    GATES = dict.fromkeys(
        (
            *("postcode", "postcode separated", "postcode lower before place", "postcode unit letters"),
            *("postcode in brackets", "postcode lower", "postcode after house number"),
            "postcode unit letters in an address",
            "postcode after house number, place after",
        ),
        POSTCODE_SHAPE,
    )
    # A comma or a middle dot ('?' in the shape), four or five digits and a capital ('a' or '?'): what every match of
    # 'postcode abroad after house number' holds between its look-behind and its look-ahead (``shape_gate``), where
    # the pattern was tried at every position of every note (issue 17, fourteenth round).
    GATES["postcode abroad after house number"] = shape_gate(
        rb"(?:[,?]|[ \t]-)[ \t]{1,2}(?:00000?|000 00|0000-000)[ \t]+[a?]"
    )
    # An Irish Eircode after a house number and its comma ('Spencer Dock 2, D01 X2R8 Dublin'; issue 17, thirty-second
    # round: dev135's congress abroad by another hand): its routing key's letter and two digits, a space, four more.
    GATES["Irish Eircode"] = shape_gate(rb"0,[ \t]a0[0a] ?[a0]{4}")
    # A British and a Canadian postcode by their own shapes ('Leeds XS3 5EK', 'Glasgow G50 6ZS', 'BC V7H 9R7'), a
    # Brazilian one after its word ('CEP 22845-287'), a Japanese one after its mark ('〒154-3927'). Issue 17, twenty-sixth
    # round: dev112's travellers by another hand, kept unread until the round's rules were written.
    GATES["postcode of the UK or Canada"] = shape_gate(rb"a0[a0]? 0a[a0]")
    GATES["postcode after CEP or its mark"] = lambda text: "CEP" in text or "〒" in text
    GATES["postcode spelled after house number"] = shape_gate(rb"0 0 0 0 aa")
    GATES["german postcode before its place"] = GERMAN_POSTCODE_GATE
    # Letter pairs that are also units: '1250MG' glued is a dose, '1250 MG' or '1250MG Laren' a postcode.
    _UNIT_PAIRS = r"(?:MG|ML|MM|CM|KG|KM|GR|IE)"
    PATTERNS = [
        Pattern(
            "german postcode before its place",
            GERMAN_POSTCODE_AND_PLACE.replace("(?P<code>", "(?P<v>"),
            0.6,
        ),
        Pattern(
            "postcode of the UK or Canada",
            r"(?<![\w-])(?P<v>[A-Z]{1,2}\d[A-Z\d]?[ ]\d[A-Z]{2}|[A-Z]\d[A-Z][ ]\d[A-Z]\d)(?![\w-])",
            0.5,
        ),
        Pattern("postcode after CEP or its mark", r"(?:CEP[ \t]*|〒[ \t]*)(?P<v>\d{5}-\d{3}|\d{3}-\d{4})(?!\d)", 0.6),
        # Its digits apart, as a screen reader or a dictating patient spells it, after the street and its number ('ik
        # woon Hobbemastraat 139 9 1 3 1 LW Dokkum'; issue 17, twenty-eighth round: dev117's screen-reader messages by
        # another hand)
        Pattern(
            "postcode spelled after house number",
            r"(?<=[^\W\d_]{3}[ \t]\d{1,4}[a-zA-Z]?[ \t])(?P<v>[1-9][ \t]\d[ \t]\d[ \t]\d[ \t](?!(?i:sa|sd|ss|mm|cm|ml|mg|kg|km|gr|ie)\b)[A-Za-z]{2})(?![\w])",
            0.6,
        ),
        Pattern(
            "postcode",
            r"(?<![\w-])[1-9]\d{3}(?: (?!SA|SD|SS)[A-Z]{2}|(?!SA|SD|SS|" + _UNIT_PAIRS[3:-1] + r")[A-Z]{2})(?![\w-])",
            0.6,
        ),
        # Other separators people type between the digits and the letters: a dash, two spaces, a no-break or
        # narrow no-break space ('1234-AB', '1234  AB', '1234\u00a0AB'); capitals, so '2024 - EN' is rare enough.
        Pattern(
            "postcode separated",
            r"(?<![\w-])[1-9]\d{3}(?:[ \t\u00a0\u202f\u2009]{2,3}|[ \t\u00a0\u202f\u2009]*[-\u2010\u2011\u2013]"
            r"[ \t\u00a0\u202f\u2009]*|[\u00a0\u202f\u2009])(?!SA|SD|SS)[A-Z]{2}(?![\w-])",
            0.6,
        ),
        # Lower case with a space, where a place follows in any case ('1234 ab amsterdam', '1234 ab Zwolle', after
        # no-break spaces, a dash, 'in' or 'te' (dictation: '7448 tz in hoogeveen') or the bracket closing it: '2193
        # mt - Nijmegen', '(8687 hv) Hoofddorp'), not a unit
        # or a Dutch two-letter word ('2000 mg', '2024 en 2025', '1250 ml', '1000 ie').
        Pattern(
            "postcode lower before place",
            # (or two spaces or a dash apart: '7391  ma Twello', '7415-sz Deventer'; issue 17, thirty-first round:
            # dev129's laboratory by another hand)
            r"(?<![\w-])[1-9]\d{3}(?:[ \t\u00a0]{1,2}|-)(?!(?:sa|sd|ss|mg|ml|mm|cm|km|kg|gr|ie|en|in|op|te|de|is|of|al|na|nu|om|ik|"
            r"je|we|ze|er|of|zo|ja|nee|uur|pm|am)(?![\w]))[a-z]{2}(?=\)?[ \t\u00a0\u202f]{1,3}(?:-[ \t\u00a0]+|(?:in|te)[ \t]+)?[\p{L}][\p{L}'’-]{2,})",
            0.5,
        ),
        # Glued unit-like letters still make a postcode when a place name follows ('1250MG Laren'); not after
        # a comma, where a list of drugs goes on ('Calcichew 3dd 1250MG, Ultracain').
        Pattern("postcode unit letters", r"(?<![\w-])[1-9]\d{3}" + _UNIT_PAIRS + r"(?=[ \t]+[A-Z][a-z])", 0.6),
        # Four digits in brackets after the place one lives in, as a Belgian postcode is written ('woont in Hasselt
        # (3500)', 'Woonplaats: Lommel (3920)'; issue 17, twenty-third round: dev100's patients from across the border
        # and the session's user check).
        Pattern(
            "postcode abroad after a residence",
            r"(?<=\b(?i:woont[ \t]+(?:in|te)|wonend[ \t]+(?:in|te)|woonachtig[ \t]+(?:in|te)|woonplaats[ \t]*:)[ \t]+"
            r"\p{Lu}[\p{L}'’-]+(?:[ \t]\p{Lu}[\p{L}'’-]+)?[ \t]\()[1-9]\d{3}(?=\))",
            0.6,
        ),
        # In brackets after a place, in any case and spacing: 'Zwolle (8011 AB)', 'Zaandam (1506 ab)'.
        # Not a dose in brackets ('Paracetamol (1000 mg)').
        # The place may be in lower case, as patients type it ('zaandam (1572 ma)'; issue 17, seventeenth round: dev51's
        # chats by another hand). A unit's letters: :meth:`analyze`.
        Pattern(
            "postcode in brackets",
            # (the place in capitals too: 'Jufferenwal 44-2 te BEEK (4084 hw)'; issue 17, twenty-third round: dev101)
            # (or with a dash or two spaces between: 'Harns (8861-ch)', 'Lelystad (8245  pl)'; issue 17, thirty-fifth
            # round: dev145's fishing village by another hand)
            # (or after a street's house number: 'nieuw adres Polderweg 131 (2371 xk)'; issue 17, thirty-eighth round: dev158's
            # exposure sessions by another hand)
            r"(?:(?<=\p{L}[\p{L}'’-]+\.?[ \t]?\([ \t]?)|(?<=[^\W\d_]{3}[ \t]\d{1,5}[a-zA-Z]?[ \t]\())[1-9]\d{3}(?:[ \t]{1,2}|-)?"
            r"(?!(?i:sa|sd|ss|mg|ml|gr|ie)[ \t]?\))[A-Za-z]{2}(?=[ \t]?[),])",
            0.7,
        ),
        # Named as a postcode, in any case and spacing: 'postcode: 1250mg', 'pc 8011 ab'.
        Pattern(
            "postcode after word",
            # (or with 'is' between, as a message says it: 'ons nieuwe postcode is 3420 ap'; the same round)
            # (or a form's label of postcode and place together, before a postcode abroad and its place: 'Postcode en
            # woonplaats : 3920 Lommel', 'Postcode / woonplaats 52525 Heinsberg'; issue 17, twenty-ninth round: dev123's
            # payroll forms by another hand)
            # (and the Frisian word: 'postkoade: 8495 ma'; issue 17, thirty-fifth round: dev146's Frisian forms)
            r"(?i:\b(?:postcode|postkoade|pc|postal[ _]code|post[ _]code|zip(?:[ _]?code)?)\b)(?:[ \t]+(?i:is|wordt))?"
            # (or '+' between, a space before the colon, an export's semicolon, a dash in the postcode: 'PC + plaats : 9905 dd
            # SNITS', 'postcode;8419 mb', 'postcode: 3822-kl'; issue 17, thirty-eighth round: dev159's forms by another hand)
            r"(?P<w>[ \t]*(?:en|/|&|\+)[ \t]*(?i:woonplaats|plaats))?(?:(?(w)[ \t]*:?[ \t]*|(?!))|\.?:?[ \t]{0,3}|;|"
            + FIELD_SEPARATOR
            + r")"
            r"(?P<v>[1-9]\d{3}(?:[ \t]?|-)[A-Za-z]{2}|(?(w)[1-9]\d{3,4}(?=[ \t]+\p{Lu})|(?!))|"
            # dictated: four digits and two letters in words ('postcode drie vier zeven zeven t e')
            r"(?i:(?:(?:nul|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen)[ \t]+){4}[a-z][ \t]?[a-z]))"
            r"(?![\w-])",
            0.8,
        ),
        Pattern(
            "postcode lower", r"(?<![\w-])[1-9]\d{3}(?!sa|sd|ss|mg|ml|mm|cm|km|kg|gr|uur|pm|am)[a-z]{2}(?![\w-])", 0.5
        ),
        # In lower case with a space, right after a street's house number and a comma: the address line ('Kleine
        # Houtweg 37B, 2049 zs, same city'; issue 17, ninth round).
        Pattern(
            "postcode after house number",
            # (or after the place between: 'Netboetersgang 203c, Genemuiden, 8281 vl'; issue 17, thirty-fifth round: dev145)
            r"(?<=[^\W\d_]{3,}\.?[ \t]\d{1,5}(?:[a-zA-Z]|[ -][a-zA-Z]{1,3}|-\d{1,3})?,[ \t]{1,2}"
            r"(?:\p{Lu}[\p{L}'’-]+,[ \t]{1,2})?)[1-9]\d{3}[ \t]"
            r"(?!" + LOWER_NOT_POSTCODE_LETTERS + r")[a-z]{2}(?![\w-])",
            0.5,
        ),
        # Letters that are also a unit or a word ('8442 am', '9408 ml', '3315 km') where the address says it is a
        # postcode: after a house number and a comma, or on the line under a street and its number, a place after it
        # ('Hoofdstraat 190B, 8442 am Heerenveen', 'Vinkenstraat 128-II\n9408 ml Assen'; issue 17, fourteenth round:
        # dev23's letter heads by another hand).
        Pattern(
            "postcode unit letters in an address",
            r"(?<=[^\W\d_]{3,}\.?[ \t]\d{1,5}(?:[a-zA-Z]|[ -][a-zA-Z]{1,3}|-\d{1,3})?,[ \t]{1,2}|"
            + STREET_SUFFIX
            + r"[ \t]\d{1,5}(?:[a-zA-Z]|[ -][a-zA-Z]{1,3}|-\d{1,3})?[ \t]*\n[ \t]*)"
            r"[1-9]\d{3}[ \t]?(?!sa|sd|ss)[a-z]{2}(?=[ \t]{1,3}\p{L}{2})",
            0.9,  # the address decides: not a dose ('9408 ml') for the clinical allow list (engine.STRONG_TYPES)
        ),
        # Or after the house number without a comma, a place after it ('Het Want 99 7455 ze Deventer', 'Tsjerkepaed 215
        # 8616 ja Sneek'; fourteenth round: dev19's lost-property log), letters that are no unit or word.
        Pattern(
            "postcode after house number, place after",
            r"(?<=[^\W\d_]{3,}\.?[ \t]\d{1,5}(?:[a-zA-Z]|[ -][a-zA-Z]{1,3}|-\d{1,3})?[ \t]{1,2})[1-9]\d{3}[ \t]"
            # or closing the phrase ('Hoefkade 7 hs 2525 ge.'; dev32)
            r"(?!"
            + LOWER_NOT_POSTCODE_LETTERS
            + r")[a-z]{2}(?=[ \t]{1,3}\p{Lu}\p{Ll}{2}|[.,;)](?:[ \t]|$)|[ \t]*(?:\n|$))",
            0.5,
        ),
        # Four or five digits and a town after a street's house number and a comma or a dot: a Belgian or German
        # address line ('Klever Str. 55b, 48534 Nordhorn', 'Schulstraße 22b · 46402 Bocholt'; thirteenth round).
        Pattern(
            "postcode abroad after house number",
            # (or three digits and two apart, as Sweden, Czechia, Slovakia and Greece write it: 'Kungsgatan 61, 224 99 Malmö';
            # issue 17, thirty-first round: dev132's tournaments abroad by another hand)
            # (or four and three, as Portugal writes it: '1300-299 Lisboa'; thirty-second round: dev135's congress)
            r"(?<![\w-])(?:\d{4,5}|\d{3}[ \t]\d{2}|\d{4}-\d{3})(?![\w-])(?=[ \t]+\p{Lu}(?:\p{Ll}{2,}|\p{Lu}{2,}(?![\w-])))"
            # (or a dash: 'Kapucijnenvoer 129 - 1715 ANTWERPEN'; issue 17, thirty-eighth round: dev159 by another hand)
            r"(?<=[^\W\d_]{2,}\.?[ \t]\d{1,4}[a-zA-Z]?(?:[ \t]bus[ \t]\d{1,3}|/\d{1,3})?(?:[ \t]*[,·]|[ \t]-)[ \t]{1,2}"
            r"(?:\d{4,5}|\d{3}[ \t]\d{2}|\d{4}-\d{3}))",
            0.5,
        ),
        Pattern(
            "Irish Eircode",
            r"(?<=\d[a-zA-Z]?,[ \t])[ACDEFHKNPRTVWXY]\d[\dW][ ]?[ACDEFHKNPRTVWXY\d]{4}(?![\w-])"
            r"(?=[ \t]+\p{Lu}\p{Ll}+|[ \t]*[,.;\n]|$)",
            0.5,
        ),
    ]
    CONTEXT = ["postcode", "pc", "adres", "woonplaats", "wonend", "woont"]
    # Letters that are a unit's, in brackets after a capitalised word that is no drug or product: a place ('Hoogezand
    # (9637MG)'), where after a drug it is a dose ('Calcichew (1250MG)'). Issue 17, seventeenth round: dev51's
    # complaint mails by another hand.
    _UNIT_IN_BRACKETS = std_re.compile(r"(\w+)[ \t]\(([1-9]\d{3}[ \t]?(?:MG|ML|GR|IE))\)")

    def analyze(
        self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None, regex_flags: Optional[int] = None
    ) -> List[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        if "G)" in text or "L)" in text or "R)" in text or "E)" in text:
            for m in self._UNIT_IN_BRACKETS.finditer(text):
                word = m.group(1)
                if word[:1].isupper() and word[1:2].islower() and word.lower() not in _ordinary_capitals():
                    results.append(
                        RecognizerResult(self.ENTITY, *m.span(2), 0.7, recognition_metadata=dict(self._meta))
                    )
        return results


# What may stand between a street and its number: 'Boterbloemlaan t/o 91', 'Plein 1944 nr. 5', 'Caddesi No: 45',
# 'Kastanjeln bij 20'.
HOUSE_NUMBER_LEADS = ("t/o", "tegenover", "bij", "nr.", "nr", "No.", "No:", "No", "no.", "no:", "huisnr.", "nummer")
HOUSE_NUMBER_LEAD = (
    "(?:(?:" + "|".join(std_re.escape(s) for s in sorted(HOUSE_NUMBER_LEADS, key=len, reverse=True)) + r")[ \t]+)?"
)
# A word that may open a street's name, abbreviated: 'Burg. Reigerstr.', 'Past. van Arsstr.', 'Mr. Troelstrastr.',
# 'Gr. Florisstr.', 'O. Molenstr.', 'J. de Wittln'.
STREET_TITLE = r"[A-ZÀ-Þ][a-z]{0,5}\."


def _house_number_addition() -> str:
    """One addition after a house number: a letter glued or after a dash ('12A', '12-a'), a floor after a
    dash ('12-3'), a capital letter after a space ('12 A'), or a word of ``house_number_additions.txt``
    ('12 bis', '12 hs', '12-II', '12 rood', '12 zw')."""
    from transforms import lexicon

    words = lexicon.alternation("house_number_additions", spaces=r"[ \t]")
    # Also a floor in digits ('37 3-hoog', '4 2e hoog') and a lower-case letter after a space, as patients type it
    # ('kerkstraat 68 b'; not 'u', a word there). Issue 17, tenth round (dev16's forms, dev17's messages).
    return (
        r"(?:[ \t]?-[ \t]?(?:\d{1,3}(?!\d)|[a-zA-Z](?![\w])|(?i:"
        + words
        + r")(?![\w]))|[ \t]?(?i:"
        + words
        + r")(?![\w])|[a-zA-Z](?![\w])|[ \t][A-Z](?![\w])|[ \t]\d{1,2}(?:e|ste|de)?[ -]?hoog(?![\w])"
        + r"|[ \t][a-tv-z](?![\w])"
        # a Belgian box or flat ('Veldstraat 317 bus 3', 'Kempenlaan 109/1'; issue 17, thirteenth round: dev19)
        # (and a box of four digits, floor and flat: 'Smedenstraat 178 bus 0101'; twentieth round: dev80)
        + r"|[ \t]bus[ \t]\d{1,4}(?!\d)|/\d{1,3}(?![\d/])"
        # (a room in a home or a hostel, and a flat: 'Bijlmerdreef 216-kamer 14', 'Kaya Sabal 76 (apt. 3)'; issue 17,
        # twenty-fifth round: dev109's Caribbean patients by another hand)
        + r"|[ \t]?-?[ \t]?kamer[ \t]?\d{1,3}(?!\d)|[ \t]?\(apt\.?[ \t]?\d{1,4}\))"
        # (a temporary home's unit on its park and a student's room: 'Terpweg 29-W4', 'Kardingermaar 10 unit 16',
        # 'Peizerweg 21 k.7'; issue 17, thirty-fourth round: dev144's earthquake area and dev140's students by other
        # hands)
        + r"|-[A-Z]\d{1,3}(?![\w])|[ \t](?i:unit|k\.)[ \t]?\d{1,3}(?:\.\d{1,2})?(?![\w.])"
    )


HOUSE_NUMBER_ADDITION = _house_number_addition()
# A house number with up to two additions ('12-III hoog', '104-1', '5 huis'). Dutch house numbers never open with a
# 0 and have at most five digits: 'Van Dijk 0612345678' and 'Bakker 06-123' are a name and a phone, not a street
# ('-dijk', '-akker') and its number.
# (not a number of degrees: 'ingesteld op Bennett-hoek 15°' is an angle; issue 17, thirty-first round: dev129)
HOUSE_NUMBER = r"[1-9]\d{0,4}(?!\d|[ \t]?°)(?:" + HOUSE_NUMBER_ADDITION + r"){0,2}"


# A street suffix, then spaces and a house number's first digit, read backwards: what every match of the
# suffix-led street patterns contains. Forwards, ``re`` tries the alternation of 45 suffixes at most positions of a
# note (9 ms per 700 notes, most of the scan it would save); backwards it opens with a digit, which ``re`` skips
# ahead to, and reversing a note costs next to nothing (2 ms). Most notes have no such street: the scans of
# 'street suffix' and 'street lower' (15 and 3 ms) are skipped there (issue 17, eighth round).
_STREET_NUMBER_BACKWARDS = std_re.compile(
    r"\d[ \t]+(?:(?:"
    + "|".join(std_re.escape(s[::-1]) for s in sorted(HOUSE_NUMBER_LEADS, key=len, reverse=True))
    + r")[ \t]+)?(?:"
    + "|".join(std_re.escape(s[::-1]) for s in STREET_SUFFIXES)
    + ")"
)
_STREET_NUMBER_BACKWARDS_IN_CAPITALS = std_re.compile(
    r"\d[ \t]+(?:" + "|".join(std_re.escape(s.upper()[::-1]) for s in STREET_SUFFIXES) + ")"
)


def _street_number_lines(text: str) -> list[tuple[int, int]]:
    """The lines of ``text`` (with their line break) where, read backwards, a house number's first digit, spaces and a
    street suffix are (``REGIONS``): a match of the suffix-led street patterns holds them and no line break (each of
    its parts is made of letters, digits, marks, spaces and tabs), and looks one character past its end at most.
    Scanned on those lines only: the pattern tries its words at every capital of a note and backtracks into each
    for the suffix (issue 17, ninth round: 4.5 of 5 ms of 700 notes went to the lines without a street)."""
    return _lines_found_backwards(_STREET_NUMBER_BACKWARDS, text)


def _street_number_lines_in_capitals(text: str) -> list[tuple[int, int]]:
    """As :func:`_street_number_lines`, for a street suffix in capitals ('KERKSTRAAT 124')."""
    return _lines_found_backwards(_STREET_NUMBER_BACKWARDS_IN_CAPITALS, text)


def _lines_found_backwards(regex, text: str) -> list[tuple[int, int]]:
    """The lines of ``text`` (with their line break) where ``regex`` finds something in the text read backwards."""
    backwards = text[::-1]
    found = regex.search(backwards)  # most notes: none, and one search
    if found is None:
        return []
    lines: list[tuple[int, int]] = []
    last = len(text) - 1
    for m in regex.finditer(backwards, found.start()):
        at = last - m.start()  # the digit, in the text read forwards
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end + 1
        if not lines or lines[-1][0] != start:
            lines.append((start, end))
    return sorted(lines)


# Opening with its first digit, the look-behind after it (one character longer): ``re`` skips to the digits, where the
# look-behind first was tried at every position (the same matches; issue 17, eleventh round: 4.9 -> 2.2 ms of 700).
assert POSTCODE_SHAPE.startswith("[1-9]")
_POSTCODE_SHAPE_RE = std_re.compile(r"[1-9](?<![\w][1-9])" + POSTCODE_SHAPE.removeprefix("[1-9]"))


def _before_postcodes(text: str) -> list[tuple[int, int]]:
    """The stretch of each line up to a postcode and through it (``REGIONS`` of 'street before postcode'): a match
    of that pattern lies on the postcode's line, before it, and reads the postcode ahead. Scanned only there, not
    from every capital of a note (issue 17, eighth round)."""
    regions: list[tuple[int, int]] = []
    for m in _POSTCODE_SHAPE_RE.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        if start and not text[start : m.start()].strip():  # a postcode opening its line: the street's line above too
            start = text.rfind("\n", 0, start - 1) + 1
        if regions and start < regions[-1][1]:
            regions[-1] = (regions[-1][0], m.end())
        else:
            regions.append((start, m.end()))
    return regions


def _phrases(*names: str) -> list[str]:
    """The regex alternation of each lexicon word list ``names``, a space in a phrase matching spaces and tabs."""
    from transforms import lexicon

    return [lexicon.alternation(name, spaces=r"[ \t]+") for name in names]


# The same for a street written in lower case ('street lower', on ``re`` too): the word of the suffix read on to its
# first letter, lower case, and no word character before it. Most notes that pass the first gate write the street
# capitalised ('Kerkstraat 12'), where the pattern still tried every lower-case letter (4 ms of 700 notes, no match).
# The endings of a street typed in lower case ('kerkstraat 12', 'vechtstr. 160 hs', 'wilgenhof 14a'): the common
# suffixes and abbreviations only, where a lower-case word before a number is seldom anything else.
LOWER_STREET_ENDINGS = (
    *("straat", "laan", "weg", "plein", "gracht", "kade", "singel"),
    *("str.", "ln.", "hof", "dijk", "steeg", "dreef"),  # issue 17, tenth round (dev17's portal messages)
)
_LOWER_STREET_NUMBER_BACKWARDS = std_re.compile(
    r"\d[ \t]+(?:(?:"
    + "|".join(std_re.escape(s[::-1]) for s in HOUSE_NUMBER_LEADS)  # 'nieuwendijk t/o 122'
    + r")[ \t]+)?(?:"
    + "|".join(std_re.escape(s[::-1]) for s in LOWER_STREET_ENDINGS)
    + r")[\w'’-]*[a-z](?![\w])"
)


def _lower_street_number(text: str) -> std_re.Match | None:
    """Where ``text`` read backwards has a house number's first digit, spaces and a lower-case street (``GATES``)."""
    return _LOWER_STREET_NUMBER_BACKWARDS.search(text[::-1])


def _is_day_month(day: str, month: str) -> bool:
    """Whether two pairs of digits are a day (01-31) and a month (01-12)."""
    return day.isdigit() and month.isdigit() and 1 <= int(day) <= 31 and 1 <= int(month) <= 12


@functools.cache
def spoken_number_values() -> dict[str, str]:
    """Every Dutch number word from 'nul' to 'negenennegentig' and the digits it stands for ('vierendertig' ->
    '34', 'tweeëntwintig' -> '22'), built from ``number_words.txt``."""
    units, teens, tens = number_word_groups()
    values = {"nul": "0", "één": "1"}  # 'één': one, written with its accents to tell it from the article
    values.update({w: str(i + 1) for i, w in enumerate(units)})
    values.update({w: str(i + 10) for i, w in enumerate(teens)})
    for t, tens_word in enumerate(tens):
        values[tens_word] = str((t + 2) * 10)
        for u, unit_word in enumerate(units):
            values[unit_word + ("ën" if unit_word.endswith("e") else "en") + tens_word] = str((t + 2) * 10 + u + 1)
    return values


@functools.cache
def number_word_groups() -> tuple[list[str], list[str], list[str]]:
    """The three groups of ``number_words.txt``: units (1-9), ten to nineteen, tens (20-90)."""
    from transforms import lexicon

    groups: list[list[str]] = [[]]
    with (lexicon.DATA_DIR / "number_words.txt").open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") and groups[-1]:
                groups.append([])
            elif line.strip() and not line.startswith("#"):
                groups[-1].append(line.strip())
    if len(groups) != 3 or len(groups[0]) != 9 or len(groups[1]) != 10 or len(groups[2]) != 8:
        raise ValueError("number_words.txt: expected 9 units, 10 words from ten to nineteen and 8 tens")
    return groups[0], groups[1], groups[2]


def _spoken_house_number() -> str:
    """A house number dictated in words, with its addition: 'tweeëntwintig twee hoog', 'honderd negenenveertig a',
    'zevenenzeventig bis' (the number words of ``number_words.txt``, through :func:`spoken_number_values`)."""
    from transforms import lexicon

    words = "(?:" + "|".join(sorted((w for w in spoken_number_values() if w != "nul"), key=len, reverse=True)) + ")"
    number = r"(?:(?:" + words + r"[ \t]?)?honderd(?:[ \t]?(?:en[ \t])?" + words + r")?|" + words + r")"
    # A letter by its name ('honderdveertig bee') and a Belgian box ('honderdzestig bus drie'): issue 17, eighth round.
    letters = "|".join(w for w in sorted(lexicon.words("letter_names"), key=len, reverse=True) if len(w) > 2)
    addition = (
        r"(?:[ \t]+(?:[a-d]|bis|huis|hs|boven|beneden|(?:"
        + words
        + r"[ \t]+)?hoog|bus[ \t]+"
        + words
        + r"|"
        + letters
        + r")(?![\w]))?"
    )
    return "(?i:" + number + addition + ")"


_SPOKEN_HOUSE_NUMBER = _spoken_house_number()


# The gates of the twenty-sixth round's address patterns (issue 17: dev109 and dev112 by other hands), each led by a
# literal ``re`` skips to ('\n', ','), or a substring first: as regular expressions led by an alternation they were
# tried at every position of every note, some 30 ms of 700 notes for the round's nine new gates.
_ADDRESS_FIELD = std_re.compile(r"(?i:address|adres|anschrift|adresse|direcci|endere)[^\n:]{0,40}:[^\n]*\d")
_ADDRESSEE_LINE = std_re.compile(
    r"\n[ \t]*(?i:aan|t\.a\.v|to|attn|bill[ \t]+to|patient|patiënt)\b[^\n]{0,80}\n[^\n]*(?:\d|[zs]/n)"
)
_PRACTICE_LINE = std_re.compile(
    r"\n[^\n]*(?:Clinic|Practice|Studio|Dentistry|Care|Hospital|Kliniek|Clinique|Klinik|Praxis|Centre|Center)"
    r"[ \t]*\n[^\n]*\d[^\n]*,"
)
_PLACE_AFTER_COMMA = std_re.compile(r",(?<=[\w)],)[ \t]*[A-ZÀ-ÞĀ-Ž][^\n,]{0,40}(?:\n|$|\))")
_NUMBER_FIRST_STREET = std_re.compile(r"(?:\n|\(|,[ \t])[ \t]*\d{1,4}[ \t]+[A-ZÀ-ÞĀ-Ž][a-zß-ÿ]{3}")


def _address_field_gate(text: str) -> object:
    """What 'address field' holds: the field's word, a colon and a digit after it on its line."""
    fold = folded(text)
    if not any(word in fold for word in ("adres", "address", "anschrift", "direcci", "endere")):
        return None
    return _ADDRESS_FIELD.search(text)


def _addressee_gate(text: str) -> object:
    """What 'under the addressee' and 'address line under the addressee' hold: an addressee's line (or a practice's
    name) opening a line and a digit on the line after it."""
    return _ADDRESSEE_LINE.search("\n" + text) or _PRACTICE_LINE.search("\n" + text)


def _street_and_place_gate(text: str) -> object:
    """What 'street and place line' holds: a place after a comma closing its line or bracket, or 'te' and a place, or
    a street's number first."""
    return (
        _PLACE_AFTER_COMMA.search(text)
        or ("/n" in text or " te " in text or "#" in text)
        or _NUMBER_FIRST_STREET.search("\n" + text)
    )


class StreetAddressRecognizer(DutchPatternRecognizer):
    """Street + house number: 'Kerkstraat 12a', 'Laan van Meerdervoort 5-2', 'Burgemeester Wuytierslaan 3 hs'."""

    ENTITY = "ADRES"
    REGIONS = {
        "street suffix": _street_number_lines,
        "street suffix in capitals": _street_number_lines_in_capitals,
        "street before postcode": _before_postcodes,
    }
    TRIGGERS = {
        "postbus": ("postbus", "antwoordnummer"),
        "named address": ("adres", "woon", "wonend", "verhuisd"),
        "lived at": ("woon", "wonend", "verhuis", "adres"),
        "moving to": ("verhuis", "verhuiz"),
        "laan van": (
            *(
                "laan",
                "plein",
                "burgemeester",
                "dr.",
                "prof.",
                "rue",
                "avenue",
                "kaya",
                "caya",
                "kaminda",
                "calle",
                "via",
                "achter",
            ),
            *("nieuwe", "oude", "lange", "korte", "grote", "kleine", "hoge", "lage"),
        ),
        "year street": ("plein", "laan", "straat", "weg", "singel"),
        "street word abroad": ("str", "allee", "platz", "gasse", "damm"),
        "english street": ("road", "lane", "street", "track", "drive", "hill"),
        "street lower": LOWER_STREET_ENDINGS,
    }
    # The kinds of street abroad, written as a word before or after the street's name (``street_kinds_after_name.txt``,
    # ``street_kinds_before_name.txt``): what every match of their patterns holds, case-sensitive, before a space.
    _KINDS_AFTER, _KINDS_BEFORE = _phrases("street_kinds_after_name", "street_kinds_before_name")
    # A country closing an address's line, no part of what identifies ('..., London NW6 7QE, United Kingdom').
    (_COUNTRY_AFTER,) = _phrases("countries")
    # A Dutch postcode ahead, after a comma perhaps: where a line's address in the Dutch order is the street's, the rest
    # the postcode's and the place's, each read by its own pattern.
    # (in capitals: '8810 mg' may be a dose, and is read here with its line)
    _DUTCH_POSTCODE_AHEAD = r"[ \t]*,?[ \t]*(?<![\w-])[1-9]\d{3}[ \t]?-?[ \t]?(?-i:[A-Z]{2})(?![\w])"
    # 'street before postcode' reads a postcode ahead: the postcode patterns' gate, found once per note (most have none),
    # spares the scan for its regions there (issue 17, eleventh round).
    # The street word and the year after it, and the German street word with its space, as written (case-sensitive):
    # what every match of 'year street' and 'street word abroad' holds. Their keywords ('weg', 'str') pass a seventh
    # of the notes, where both patterns, a capitalised word first, failed slowly at every capital (issue 17,
    # fifteenth round: 1.8 and 2.6 ms of 700 notes, the gates a tenth of that).
    GATES = {
        "street lower": _lower_street_number,
        "street before postcode": POSTCODE_SHAPE,
        "year street": r"(?:Plein|Laan|Straat|Weg|Singel)[ \t]+(?:1[89]|20)",
        "street word abroad": r"(?:Str\.|Straße|Strasse|Allee|Platz|Gasse|Damm)[ \t]",
        "urk's wijk and number": r"Wijk[ \t]\d",
        "german street of its own kind": r"-(?:Str\.|Straße|Strasse|Allee|Platz|Weg|Ring|Gasse)[ \t]|"
        r"(?<![\w.-])(?:Am|Im|Zum|Zur|An|Auf|In|Unter|Hinter)[ \t](?:de[mnr][ \t])?[A-ZÀ-Þ]",
        "english street": r"(?:Road|Lane|Street|Track|Drive|Hill)[ \t]+[1-9]",
        "street kind after name": r"[ \t]" + _KINDS_AFTER + r"[ \t]+(?:No[:.]?[ \t]*)?[1-9]",
        "street kind before name": r"(?<![\w.])" + _KINDS_BEFORE + r"[ \t]",
        # (each led by what opens its line, as the pattern reads it: most notes have none of them; issue 17, twenty-sixth
        # round: 'aan' and a digit and a comma somewhere passed nearly every note)
        "address field": _address_field_gate,
        "address line under the addressee": _addressee_gate,
        # the hash and the crossing's number; the addressee's word; a number, a comma and a word closing a line
        "colombian": r"#[ \t]*\d{1,3}[A-Z]?[ \t]*-",
        "under the addressee": _addressee_gate,
        "street and place line": _street_and_place_gate,
        # a house number, a comma, a postcode of four or five digits or of three and two, and a capital
        "street before a postcode abroad": shape_gate(
            rb"0,[ \t]{1,2}(?:00000?|000 00|0000-000|a0[0a] ?[a0]{4})[ \t]+a"
        ),
    }
    # The cue as a whole word (\b on both sides): 'woon' is in 'gewoon' and 'woonplaats' too (112 notes of 700, the
    # words 60; issue 17, ninth round).
    WORD_GATES = {
        "named address": frozenset(
            {"adres", "woonadres", "bezoekadres", "postadres", "woont", "wonend", "woonachtig", "verhuisd"}
        )
    }
    PATTERNS = [
        # A street abroad in its own language, before its postcode and place ('Hämeenkatu 51, 33665 Tampere', 'Kungsgatan
        # 61, 224 99 Malmö', 'Put Firula 72, 21000 Split'): the order of an address line anywhere (issue 17, thirty-first
        # round: dev132's tournaments abroad by another hand).
        Pattern(
            "street before a postcode abroad",
            r"(?<![\w.-])(?P<v>\p{Lu}[\p{L}'’-]{2,}(?:[ \t]\p{Lu}[\p{L}'’-]+)?[ \t]\d{1,4}[a-zA-Z]?)"
            r"(?=,[ \t]{1,2}(?:\d{4,5}|\d{3}[ \t]\d{2}|\d{4}-\d{3}|[A-Z]\d[\dW][ ]?[A-Z\d]{4})[ \t]+\p{Lu}\p{Ll}{2,}"
            r"(?:[ \t-]\p{Lu}?\p{Ll}+){0,2}[ \t]*(?:[,;.\n)]|$))",
            0.6,
        ),
        Pattern(
            "street suffix",
            r"(?<![\w.])(?:(?:" + NAME_WORD + r"|" + PREFIX + r"|" + STREET_TITLE + r")[ \t]){0,3}"
            r"[A-ZÀ-Þ][\w'’.-]*" + STREET_SUFFIX + r"[ \t]+" + HOUSE_NUMBER_LEAD + HOUSE_NUMBER,
            0.7,
        ),
        # A street in capitals, as a printed agenda's columns write it ('TALSMA, OANE    KERKSTRAAT 124    5211DR'; issue
        # 17, thirty-seventh round: dev154's special-care agenda by another hand).
        Pattern(
            "street suffix in capitals",
            r"(?<![\w.])(?:[A-ZÀ-Þ]{2,}[ \t]){0,2}[A-ZÀ-Þ][A-ZÀ-Þ'’.-]*"
            + STREET_SUFFIX_CAPITALS
            + r"[ \t]+"
            + HOUSE_NUMBER_LEAD
            + HOUSE_NUMBER,
            0.7,
        ),
        Pattern(
            "street lower",
            # (with its title, 'prinses beatrixlaan 112': ``street_titles.txt``)
            r"(?<![\w])(?:"
            + _phrases("street_titles")[0]
            + r"[ \t]+){0,2}[a-z][\w'’-]*(?:"
            + "|".join(std_re.escape(s) for s in LOWER_STREET_ENDINGS)
            + r")[ \t]+"
            + HOUSE_NUMBER_LEAD
            + HOUSE_NUMBER,
            0.5,
        ),
        Pattern(
            "laan van",
            r"(?<![\w])(?:Laan|Plein|Burgemeester|Dr\.|Prof\.|Rue|Avenue|Kaya|Caya|Kaminda|Calle|Via|Achter|Nieuwe|Oude|"
            r"Lange|Korte|Grote|Kleine|Hoge|Lage)[ \t](?:"
            + PREFIX
            + r"[ \t])*"
            + NAME_WORD
            # (an initial before the last word: 'Kaya Gobernador N. Debrot 121'; issue 17, twentieth round: dev78)
            # (or Papiamentu's 'di' between: 'Kaya Palu di Lechi 101A'; thirty-seventh round: dev156 by another hand)
            + r"(?:[ \t](?:[A-Z]\.[ \t]|di[ \t])?"
            + NAME_WORD
            + r")?[ \t]+"
            + HOUSE_NUMBER_LEAD
            + HOUSE_NUMBER,
            0.7,
        ),
        # A German street, its kind a word of its own ('Klever Str. 55b', 'Emmericher Straße 49'; issue 17, thirteenth
        # round: dev19's addresses over the border).
        Pattern(
            "street word abroad",
            r"(?<![\w.])"
            + NAME_WORD
            + r"[ \t](?:Str\.|Straße|Strasse|Allee|Platz|Gasse|Damm)[ \t]+"
            + HOUSE_NUMBER_LEAD
            + HOUSE_NUMBER,
            0.6,
        ),
        # An address on Urk, its quarter's number and the house's ('Wijk 4-20', 'Wijk 4 nr 13', 'Wijk 3 35'), as the old
        # village numbers its houses (issue 17, thirty-fifth round: dev145's fishing village by another hand).
        Pattern(
            "urk's wijk and number",
            r"(?<![\w-])Wijk[ \t]\d{1,2}(?:[ \t]*-[ \t]*|[ \t]+(?:(?i:nr|no)\.?[ \t]*)?)\d{1,3}[a-z]?(?![\w-]|[.,:]\d)",
            0.6,
        ),
        # A German street named after a person, its kind glued on with a dash ('Konrad-Adenauer-Str. 34',
        # 'Kaiser-Wilhelm-Allee 3'), or named by its place ('Am Schlossgraben 146', 'Im Esch 85', 'Zum Eschhof 115', 'An
        # der Vechte 3'): no month, weekday or word of a German note after the preposition ('Im Oktober 2025', 'Am Montag
        # 14 Uhr', 'Im Zahn 36'). Issue 17, thirty-fifth round: dev147's border practices by another hand.
        Pattern(
            "german street of its own kind",
            r"(?<![\w.-])(?:"
            + NAME_WORD
            + r"(?:-"
            + NAME_WORD
            + r"){0,2}-(?:Str\.|Straße|Strasse|Allee|Platz|Weg|Ring|Gasse)|"
            r"(?:Am|Im|Zum|Zur|(?:An|Auf|In|Unter|Hinter)[ \t]de[mnr])[ \t]+"
            r"(?!(?i:januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|montag|"
            r"dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|wochenende|jahr|jahre|zahn|regio|bereich|quadrant|"
            r"kiefer|oberkiefer|unterkiefer|ende|anfang|moment|termin|alter|tag)\b)"
            r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þ]?[a-zß-öø-ÿ]+)?)[ \t]+"
            + HOUSE_NUMBER
            + r"(?![ \t]*(?i:uhr|jahre|mm|%))",
            0.6,
        ),
        # A street as the English-speaking islands name it, its kind a word of its own ('Cottonwood Road 32-B', "Hell's
        # Gate Road 35A", 'Park Lane 58', 'Crispeen Track 128-B'; issue 17, twentieth round: dev78's Saba, Statia and
        # Sint Maarten by another hand).
        Pattern(
            "english street",
            r"(?<![\w.])(?:"
            + NAME_WORD
            + r"[ \t]){0,2}"
            + NAME_WORD
            + r"[ \t](?:Road|Lane|Street|Track|Drive|Hill)[ \t]+"
            + HOUSE_NUMBER_LEAD
            + HOUSE_NUMBER,
            0.6,
        ),
        # A street abroad whose kind is a word of its own after its name, the house number maybe after 'No:' and a
        # district after it before the comma ('Bağdat Cad. No:245 Kadıköy, 34728 Istanbul', 'Fener Mah. Tekelioğlu Cad.
        # No:34', 'Şirinyalı Mah. 1501 Sok. No:9', 'Király utca 80', 'Ógabona tér 14'); or before its name ('ul.
        # Półwiejska 19', 'al. Wojska Polskiego 104', 'Avinguda Diagonal 512'). Issue 17, twenty-second round: dev92's
        # clinics abroad by another hand.
        Pattern(
            "street kind after name",
            r"(?<![\w.])(?:"
            + NAME_WORD
            + r"[ \t](?:Mah\.|Mahallesi)[ \t])?(?:"
            + NAME_WORD
            + r"|[1-9]\d{0,4})(?:[ \t]"
            + NAME_WORD
            + r"){0,2}[ \t]"
            + _KINDS_AFTER
            + r"[ \t]+(?:No[:.][ \t]*|"
            + HOUSE_NUMBER_LEAD
            + r")"
            + HOUSE_NUMBER
            + r"(?:[ \t]"
            + NAME_WORD
            + r"(?=[ \t]*(?:[,/\n]|$)))?",
            0.6,
        ),
        Pattern(
            "street kind before name",
            r"(?<![\w.])(?<!et[ \t])"
            + _KINDS_BEFORE
            + r"[ \t](?:"
            + PREFIX
            + r"[ \t])*"
            + NAME_WORD
            + r"(?:[ \t](?:"
            + PREFIX
            + r"[ \t])*"
            + NAME_WORD
            + r"){0,2}[ \t]+"
            + HOUSE_NUMBER_LEAD
            + HOUSE_NUMBER,
            0.6,
        ),
        # and the business reply address that stands in its place ('Antwoordnummer 91294')
        # (in capitals too, as an address block prints it: 'POSTBUS 301'; issue 17, twenty-third round: the fifteenth
        # session's user check)
        Pattern(
            "postbus", r"(?<![\w])(?:[Pp]ostbus|POSTBUS|[Aa]ntwoordnummer|ANTWOORDNUMMER)[ \t]+\d{1,6}(?![\w])", 0.7
        ),
        # The street in brackets after the place a family moves to, in any case ('wij verhuizen volgende maand naar hoorn
        # (schoolpad 28)'; issue 17, twenty-third round: dev101's moving families by another hand).
        Pattern(
            "moving to",
            r"(?i:\bverhuiz\w*|\bverhuis[td])\b[^\n.()]{0,40}?\bnaar[ \t]+[^\W\d_][\w'’-]*(?:[ \t][^\W\d_][\w'’-]*)?"
            r"[ \t]*\((?P<v>[^\W\d_][\w'’.-]*(?:[ \t]+[^\W\d_][\w'’.-]*){0,2}[ \t]+\d{1,4}(?:[ \t]?[a-zA-Z](?![\w])|-\d{1,3})?)\)",
            0.6,
        ),
        # Any street, also one no list or suffix knows ('Sjtraotje 113a rd', 'Wolfskoel 25A', 'Dorp-Oost 289a rd'),
        # where a postcode follows its number: the Dutch address line ('..., 6732 NJ Ede', '... - 2672 AN -
        # DELFT', '... te 5154 PN', '... | 1661 XR', '... • 8824 DN'). Issue 17, eighth round (dev10).
        # (or opens the next line, as a letter's address block writes it: 'Skoalleloane 100\n4669GJ Almere Haven';
        # twenty-fifth round: dev105's letters to lawyers by another hand)
        Pattern(
            "street before postcode",
            r"(?<![\w.])(?:(?:"
            + NAME_WORD
            + r"|"
            + PREFIX
            + r"|"
            + STREET_TITLE
            + r"|[1-9](?:e|ste|de))[ \t]+){0,5}"
            + NAME_WORD
            + r"\.?[ \t]+"
            + HOUSE_NUMBER_LEAD
            + HOUSE_NUMBER
            + r"(?=[ \t]*(?:[,|•–-]|\bte\b|\bin\b)?[ \t]*(?:\n[ \t]*)?(?!\d{4}[ \t]"
            + LOWER_NOT_POSTCODE_LETTERS
            + r")"
            + POSTCODE_SHAPE
            + r")",
            0.6,
        ),
        # A street named after a year ('Plein 1944 nr. 5', 'Laan 1940-1945 12').
        Pattern(
            "year street",
            r"(?<![\w])(?:Plein|Laan|Straat|Weg|Singel)[ \t]+(?:1[89]|20)\d\d(?:-(?:1[89]|20)\d\d)?[ \t]+"
            + HOUSE_NUMBER_LEAD
            + HOUSE_NUMBER,
            0.7,
        ),
        # Any street, also one without a Dutch suffix ('Overtoom 12 zw', 'Rapenburg 8-II'), after the word
        # that names an address.
        Pattern(
            "named address",
            r"(?i:\b(?:adres|woonadres|bezoekadres|postadres|woont|wonend|woonachtig|"
            # (or whose or where it is before the colon: 'Adres Aruba: Seroe Blanco 101-A', 'Adres ouders: Kaya Wiliwiri
            # z/n' with no number, 'sin número'; issue 17, twenty-fifth round: dev109's Caribbean patients by another hand)
            r"verhuisd)\b(?:[ \t]+(?:op|aan|naar|daar[ \t]+was|was|is|wordt)|[ \t]+[a-z]{2,10}(?=[ \t]*:))?)[ \t]*:?[ \t]+(?P<v>"
            # (or the number first, as a translation or an English form writes it: 'Adres is 30 Noorderbreedte',
            # 'Adres: 129-II De Gaarde'; issue 17, twenty-sixth round: dev111's translated messages by another hand)
            r"[1-9]\d{0,3}(?:-[A-Z]{1,3}|[a-z])?[ \t]+"
            + NAME_WORD
            + r"(?:[ \t](?:"
            + NAME_WORD
            + r"|"
            + PREFIX
            + r")){0,3}(?=[ \t]*(?:,|$))|(?:"
            + NAME_WORD
            + r"|"
            + PREFIX
            + r")(?:[ \t](?:"
            + NAME_WORD
            + r"|"
            + PREFIX
            + r")){0,3}[ \t]+(?:"
            + HOUSE_NUMBER_LEAD
            + HOUSE_NUMBER
            + r"|[zs]/n)(?:[ \t]*\(apt\.?[ \t]*\d{1,4}\))?)(?![\w])",
            0.6,
        ),
        # An address in Colombia, the street's number, a hash and the crossing's ('Calle 76 # 51-52', 'Carrera 48 #
        # 19A-45'), and the line under a letter's addressee, the street and its number in either order or without one
        # ('Aan: GIBBS, Clifton\n24 Fort Oranjestraat\nOranjestad', 'Aan: ...\nKaya Sabal z/n'), and a letterhead's street
        # and place on one line ('Chapel Piece 50, Oranjestad'). Issue 17, twenty-fifth round: dev109's Caribbean patients
        # by another hand, kept unread until the round's rules were written.
        Pattern(
            "colombian",
            # (or the street's name: 'Avenida El Poblado # 39B-96'; issue 17, thirty-seventh round: dev156 by another hand)
            r"\b(?P<v>(?:Calle|Carrera|Cra\.|Avenida|Av\.|Diagonal|Transversal)[ \t]+"
            r"(?:\d{1,3}[A-Z]?|[A-Z][\w'’.-]*(?:[ \t](?:de|del|la|las|los|[A-Z][\w'’.-]*)){0,3})(?:[ \t]+(?:Sur|Bis))?"
            r"[ \t]*#[ \t]*\d{1,3}[A-Z]?[ \t]*-[ \t]*\d{1,3})(?!\d)",
            0.7,
        ),
        Pattern(
            "under the addressee",
            r"(?im)(?<=^[ \t]*(?:aan|t\.a\.v\.?|to|attn\.?)[ \t]*:?[ \t]+[^\n]{2,60}\n)[ \t]*(?P<v>(?-i:(?:#?\d{1,4}[ \t]+"
            + NAME_WORD
            + r"(?:[ \t]"
            + NAME_WORD
            + r"){0,3}|"
            + NAME_WORD
            + r"(?:[ \t](?:"
            + NAME_WORD
            + r"|"
            + PREFIX
            + r")){0,3}[ \t]+(?:\d{1,4}(?:-?[A-Za-z](?![\w])|-\d{1,3})?|[zs]/n))(?:[ \t]*\(apt\.?[ \t]*\d{1,4}\))?))"
            r"[ \t]*(?:,[^\n]*)?$",
            0.6,
        ),
        # (a line of its own, or in brackets, or before 'te' and the place: '(Kaminda Tras di Montaña 25, Rincon)', '#105
        # Chapel Piece te Oranjestad', '(134 Chapel Piece)' after 'uit' and its place)
        # An address field's value to its line's end, in any country's order, where it holds a number ('Home address:
        # Blk 15 Lot 13 Mabini St., Brgy. Lahug, Cebu City 6000', 'Woonadres: 6-28-7 Kichijoji-Honcho, Musashino-shi, Tokyo
        # 〒154-3927'), and the line under an addressee or a practice's name that holds a number and a comma ('Patient:
        # Løvås, Bjørn\nKirkeveien 212, 6098 Tromsø', 'Papadopoulos Dental Clinic\nOdos Ermou 118, 106 75 Athina'). Issue
        # 17, twenty-sixth round: dev112's travellers by another hand, kept unread until the round's rules were written.
        Pattern(
            "address field",
            r"(?im)^[ \t]*(?:[^\n:/]{0,30}/[ \t]*)?(?:home[ \t]+address|permanent[ \t]+address|address|woonadres|"
            r"adres(?:[ \t]+(?:thuis|ouders))?|huisadres|anschrift|adresse|direcci[oó]n(?:[ \t]+temporal)?|endere[cç]o)"
            # (to a sentence's end where a wrapped line reads on: 'Adres: Vlietsorgstraat 59, ... Tilburg. Let op: ...')
            # (up to a Dutch postcode, which the patterns above read with its place: 'Adres: Kerkstraat 1, 1234-AB Utrecht')
            r"(?:[ \t]*\([^()\n]{1,30}\))?[ \t]*:[ \t]*(?P<v>(?!(?:onbekend|zie|idem|nvt|n\.v\.t|geen|unknown|see|n/a)\b)"
            r"(?=[^\n]*\d)(?:(?!" + _DUTCH_POSTCODE_AHEAD + r")(?:[^\n:]|:(?=[ \t]*\d))){4,140}?)"
            r"(?:,[ \t]*(?-i:" + _COUNTRY_AFTER + r"))?"
            r"(?:[ \t]*$|\.(?=[ \t]+\p{Lu}\p{Ll}+[ \t]+\p{Ll})|(?=" + _DUTCH_POSTCODE_AHEAD + r"))",
            0.6,
        ),
        Pattern(
            "address line under the addressee",
            r"(?m)(?:(?<=^[ \t]*(?i:aan|t\.a\.v\.?|to|attn\.?|bill[ \t]+to|patient|patiënt)[ \t]*:?[ \t]+[^\n]{2,80}\n)|"
            r"(?<=(?:Clinic|Practice|Studio|Dentistry|Dental[ \t]Care|Hospital|Kliniek|Clinique|Klinik|Praxis|Centre|Center)"
            r"[ \t]*\n))[ \t]*(?P<v>(?!(?i:dob|geb|datum|date|tel|phone|mobile|e-?mail|mail|bsn|pnr|file|invoice|factuur|"
            r"ref|polis|policy|claim|re|betreft|onderwerp|subject|nationali\w*|by[ \t]+e-mail)\b)(?=[\p{Lu}\d#]|\p{Ll}{1,4}\.)"
            # (no label, amount or sentence in it: the line of an address, which closes with its place or its code)
            r"(?![^\n]*(?:[:€$£]|\.[ \t]+\p{Lu}\p{Ll}+[ \t]+\p{Ll}|[ \t]{2}))(?=[^\n]*\d)(?=[^\n]*,)"
            r"(?![^\n]*" + _DUTCH_POSTCODE_AHEAD + r")"
            r"[^\n]{6,90}?(?:\p{Lu}[\p{L}'’.-]+|\d{3,6}(?:[ -]\d{2,4})?|[\p{Lu}\d]{3}[ ][\p{Lu}\d]{3}))"
            r"(?:,[ \t]*" + _COUNTRY_AFTER + r")?[ \t]*$",
            0.5,
        ),
        Pattern(
            "street and place line",
            # (the number first only after a hash or before a word of four letters or more: not '(25 Ncm)')
            r"(?m)(?:^[ \t]*|(?<=\()|(?<=[,;][ \t]))(?P<v>(?:(?:#\d{1,4}[ \t]+|\d{1,4}[ \t]+(?=\p{Lu}\p{Ll}{3}))"
            + NAME_WORD
            + r"(?:[ \t]"
            + NAME_WORD
            + r"){0,3}|"
            + NAME_WORD
            + r"(?:[ \t](?:"
            + NAME_WORD
            + r"|di|da|del|de)){0,3}[ \t]+(?:\d{1,4}(?:-?[A-Za-z](?![\w])|-\d{1,3})?|[zs]/n)(?:[ \t]*\(apt\.?[ \t]*\d{1,4}\))?))"
            r"(?:,[ \t]*"
            + NAME_WORD
            + r"(?:[ \t-]"
            + NAME_WORD
            + r"){0,2}[ \t]*(?:$|\))|[ \t]+te[ \t]+"
            + NAME_WORD
            + r"|(?<=\(\#\d{1,4}[ \t][^()\n]{3,40})\))",
            0.5,
        ),
        # Where someone lives, in any case, with the number in digits or dictated in words: 'woont nog op de terp
        # 103a', 'woont Twan nog op de professor bronckhorstlaan 305', 'woont op singel tweeëntwintig twee hoog',
        # 'woont in de tsjerkestrjitte honderd tachtig', 'adres noorderbreedte 74a' (issue 17, seventh round: chat and
        # dictation).
        Pattern(
            "lived at",
            # 'woont' and 'wonende' straight before the street, as dictation writes them ('woont sluiswachtersdijk
            # honderdvijf', 'wonende dubbele punt harddraverspad vijfenzeventig a'; issue 17, ninth round: dev12);
            # not before an adverb ('woont al twintig jaar', 'woont sinds drie jaar').
            r"(?i:\b(?:adres|woonadres|postadres|wonende?|woonachtig|woont)\b(?:[ \t]+is)?(?:[ \t]*:|[ \t]+dubbele[ \t]+punt)?"
            r"(?=[ \t]+[^\W\d_])(?![ \t]+(?:op|aan|in|te|al|nog|sinds|samen|alleen|zelfstandig|thuis|bij|met|daar|"
            r"hier|er|niet|ook|nu|momenteel|tijdelijk|inmiddels|dus|wel|dan|is|woont|wonende?|verhuisd)\b)|"
            r"\b(?:woont|wonend|woonachtig|verhuisd|verhuist)\b(?:[ \t]+[\w'’-]+){0,3}?[ \t]+(?:op|aan|in|naar)"
            # (not a sentence's end before a tooth: 'woont lemmer. element 33' is a place and a tooth; issue 17,
            # twenty-fifth round: dev107's on-call chats)
            r"(?:[ \t]+de)?)[ \t]+(?P<v>(?:[^\W\d_][\w'’.-]*(?<![.])[ \t]+|[^\W\d_][\w'’.-]*\.[ \t]+"
            r"(?!(?i:element|elem|el|de|tand|kies)\b)){1,4}?(?:"
            + HOUSE_NUMBER_LEAD
            + HOUSE_NUMBER
            + r"|"
            + _SPOKEN_HOUSE_NUMBER
            + r"))(?![\w])(?![ \t]+(?:jaar|jr|maanden|weken|dagen|keer|uur)\b)",
            0.6,
        ),
    ]
    CONTEXT = ["adres", "woont", "wonend", "verhuisd", "woonadres", "straat"]


_MONTHS = (
    # ('maa.' as some systems abbreviate March: '13 maa. 1936'; issue 17, fifteenth round: dev35)
    r"(?:jan(?:uari)?|feb(?:ruari)?|mrt|maa(?:rt)?|apr(?:il)?|mei|jun(?:i)?|jul(?:i)?|aug(?:ustus)?|"
    r"sep(?:t(?:ember)?)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# The months English abbreviates otherwise ('Mar', 'May', 'Oct'), for a date written with them between dashes.
_MONTHS_ENGLISH = r"(?:mar|may|oct)"
_MONTH_WORDS = ("jan", "feb", "mrt", "maa", "maart", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
# Every month ``_MONTHS`` matches, as a word: the month patterns have no letter before the month and none after it
# (a space, a dot or no word character follows), so one of these is a word of the text where they match. The triggers
# above pass on 'Jansen', 'meisje', 'december' alike; half the notes they pass have no month (issue 17, ninth round).
_MONTH_WORD_SET = frozenset(
    _MONTH_WORDS
    + ("januari", "februari", "april", "juni", "juli", "augustus", "sept", "september", "oktober", "november")
    + ("december",)
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_NOT_UNIT = r"(?!\s?(?:mm|cm|ml|mg|x\b|%|dd|uur|u\b|min|jaar|jr|mnd|wk|dagen|keer))"


class DateRecognizer(DutchPatternRecognizer):
    """Dutch dates: 12-3-1985, 12/03/85, 12.03.1985, 1985-03-12, 12 maart 1985, and day-month only (12 maart, 3/2)."""

    ENTITY = "DATUM"
    FLAGS = CASE_INSENSITIVE
    TRIGGERS = {"d month y": _MONTH_WORDS, "month y": _MONTH_WORDS, "d-mon-y": (*_MONTH_WORDS, "mar", "may", "oct")}
    WORD_GATES = {
        "d month y": _MONTH_WORD_SET,
        "month y": _MONTH_WORD_SET,
        "d-mon-y": _MONTH_WORD_SET | {"mar", "may", "oct"},
    }
    # The numeric dates have a digit, a dash, slash or dot and a digit: one look for the three (``GATES``, once per
    # text), where each was tried at every digit of the 313 notes of 700 that have none (issue 17, ninth round); in
    # the note's shape (``shape_gate``), where a scan for them tried every digit (issue 17, twelfth round).
    GATES = dict.fromkeys(("d-m-y", "y-m-d", "m/d/y", "d-m", "day and month unknown"), shape_gate(rb"0[-/.]0"))
    GATES["d / m / y"] = shape_gate(rb"0 [-/.] 0")
    PATTERNS = [
        # With a space on either side of each separator, as a form's boxes are typed ('Date of birth: 17 / 04 / 1994'):
        # only with the year's four digits (a user's check, twenty-third session).
        Pattern(
            "d / m / y",
            r"(?<![\d./-])" + _DAY + r"[ ]([-/.])[ ]" + _MONTH + r"[ ]\1[ ](?:19|20)\d{2}(?![\d.,:/-]\d)",
            0.6,
        ),
        # (a comma before it ends a CSV line's cell, not a decimal: ',1985-03-12'; issue 17, sixteenth round)
        # (a date glued to its label's colon is a date, 'Geboortedatum:1939-08-27'; after a digit's colon it is part of a
        # time or a ratio: issue 17, thirty-fifth round: dev148's GP exports by another hand)
        Pattern(
            "d-m-y",
            r"(?<![\d./-])(?<!\d:)(?<!\d,)" + _DAY + r"([-/.])" + _MONTH + r"\1(?:19|20)?\d{2}(?![\d.,:/-]\d)",
            0.6,
        ),
        # (the year first with dots or slashes too, as Hungarian and East Asian forms write it: '1985.09.05',
        # '2024/03/12'; and the month first where the day cannot be a month, as an American form writes it:
        # '04/23/1945'; issue 17, twenty-second round: dev92's clinics abroad by another hand)
        Pattern(
            "y-m-d",
            r"(?<![\d./-])(?<!\d:)(?<!\d,)(?:19|20)\d{2}([-./])(?:0[1-9]|1[0-2])\1(?:0[1-9]|[12]\d|3[01])"
            # (with its time joined by a 'T', as ISO 8601 writes a moment: '2026-02-10T09:03:41'; issue 17, thirty-first
            # round: dev129's SMS gateway logs and order files by another hand)
            r"(?:T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?(?:Z|[+-]\d\d:?\d\d)?(?![\w:]))?(?![\d]|[./]\d)",
            0.6,
        ),
        Pattern("m/d/y", r"(?<![\d./-])(?<!\d:)(?:0?[1-9]|1[0-2])/(?:1[3-9]|2\d|3[01])/(?:19|20)\d{2}(?![\d/])", 0.6),
        # A birth date whose day and month are unknown, as the COA and a registry write it ('00-00-2008', '00.00.1994';
        # issue 17, twenty-ninth round: dev122's asylum seekers by another hand)
        Pattern("day and month unknown", r"(?<![\d./-])(?<!\d:)00([-/.])00\1(?:19|20)\d{2}(?![\d.,:/-]\d)", 0.6),
        Pattern(
            "d month y",
            # The year on the same line and not the hour of a time ('18 januari\n14:45', '3 mei 10:30'); the dot of
            # an abbreviation only before the year ('3 jan. 2024'), so a sentence's full stop stays ('komt 3 mei.').
            # Not the minutes of a time before a given name that is a month ('14:05 juni smeets'; fifteenth round),
            # nor a number closing a line before a speaker that is one ('elem. 13\nJuni: Goedenavond'; twentieth round).
            # (and 'di' between, as Papiamentu writes a date: '12 di mei 2021'; the same round: dev78)
            r"(?<![\w])(?<!\d[:.])"
            + _DAY
            + r"[^\S\n]+(?:di[ \t]+)?"
            + _MONTHS
            # (an apostrophe's year also before a colon: "geb. 13 jan '18: Duraphat"; issue 17, twenty-third round:
            # dev101's moving families by another hand)
            + r"(?:\.?[ \t]+(?:'\d{2}(?!\d)|(?:19|20)?\d{2}(?![\d:])))?(?![\w])",
            0.6,
        ),
        Pattern("month y", r"(?<![\w])" + _MONTHS + r"\s+(?:19|20)\d{2}(?!\d)", 0.4),
        # The month abbreviated between dashes, as spreadsheets print a date ('5-okt-1981'; issue 17, fourteenth
        # round: dev31's waiting-list exports by another hand).
        # (or in English, between slashes or glued, and with the day unknown, as a clinical study's forms write it
        # ('28-MAY-2023', '05/Aug/2023', '02AUG2024', 'UN-OCT-2014'; issue 17, twenty-ninth round: dev121's clinical
        # study by another hand)
        Pattern(
            "d-mon-y",
            r"(?<![\w-])(?:"
            + _DAY
            + r"|un|unk|xx)(?:([-/])(?:"
            + _MONTHS
            + r"|"
            + _MONTHS_ENGLISH
            + r")\1(?:19|20)?\d{2}"
            r"|(?:jan|feb|mar|mrt|apr|may|mei|jun|jul|aug|sep|oct|okt|nov|dec)(?:19|20)\d{2})(?![\w-])",
            0.6,
        ),
        # Day-month without a year: weak on its own (could be a ratio), but dates are what notes are full of.
        Pattern("d-m", r"(?<![\d.,:/-])" + _DAY + r"[-/]" + _MONTH + r"(?![\d.,:/-]?\d)" + _NOT_UNIT, 0.35),
    ]
    CONTEXT = [
        "datum",
        "d.d",
        "dd",
        "op",
        "sinds",
        "vanaf",
        "geboren",
        "geb",
        "geboortedatum",
        "afspraak",
        "per",
        "tot",
        "van",
    ]


class BirthDateContextRecognizer(DutchPatternRecognizer):
    """Any date-looking string right after 'geb.' / 'geboren' / 'geboortedatum' (birth dates are direct identifiers),
    or a year alone there ('geb. 1962': with age and place, the year is what singles a patient out)."""

    ENTITY = "DATUM"
    TRIGGERS = {
        "after geb": ("geb", "dob", "birth", "yob"),
        "year after a name in brackets": ("(",),
    }
    # The cue as a word ('geb' is in 'gebit' and 'gebruik' too): no word character before it, none after.
    WORD_GATES = {"after geb": frozenset({"geb", "geboren", "geboortedatum", "dob", "geboortejaar", "birth", "yob"})}
    FLAGS = CASE_INSENSITIVE
    PATTERNS = [
        Pattern(
            "after geb",
            # (the date glued to the dot, 'geb.1976-08-28'; fifteenth round: dev38's hospital letters)
            # (a form's padding, and a year guessed: 'Geboortedatum:     ca. 1995', 'geb. ± 2002'; twenty-seventh round:
            # dev113's street dentistry by another hand)
            # (or the year's own label: 'Geboortejaar: 1986', '(geb.jaar 1979', 'Year of birth: 1953'; twenty-ninth
            # round: dev121's clinical study by another hand)
            r"\b(?:geb(?:oren)?|geboortedatum(?:[ \t]+(?:cli[eë]nt|pati[eë]nt|kind))?|geb\.\s?datum|DOB|geboortejaar|"
            r"geb\.?[ \t]?jaar|year[ \t]+of[ \t]+birth|birth[ \t]+year|YOB)(?:\.?:?[ \t]*\s(?:op\s|(?:±|ca\.?|circa|~)[ \t]?)?|\.(?=\d))"
            # day and month unknown, as the COA registers them ('XX-XX-1994'; fourteenth round: dev26)
            # (or the year's two digits after an apostrophe: "geb: '66", "DOB: '60"; twenty-seventh round: dev113)
            r"(?P<v>(?:\d{1,4}|xx)[-/. ]\s?(?:\d{1,2}|xx|"
            + _MONTHS
            + r")[-/. ]\s?\d{2,4}|(?:19|20)\d\d(?![\d/.-]\d)|['’]\d\d(?![\d/.-]\d)"
            # day, month and year glued ('geb 27aug2005', 'geb 11mei1940'; sixteenth round: dev46's call-back lists)
            r"|\d{1,2}" + _MONTHS + r"(?:19|20)?\d\d(?!\d))",
            0.8,
        ),
        # A year of birth's two digits after a name in brackets, as a shelter's handover writes its guests ('bed 11:
        # Sander (Sander Zwart, '67): nieuw'; issue 17, twenty-seventh round: dev113's street dentistry by another hand)
        Pattern(
            "year after a name in brackets",
            r"\((?-i:[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ])[^()\n,]{0,40},[ \t](?P<v>['’]\d\d)\)",
            0.6,
        ),
    ]
    GATES = {"year after a name in brackets": r",[ \t]['’]\d\d\)"}


# What has an age that is no person's: a denture, a crown, a filling (the words a note ends them in).
_NOT_AN_OBJECT = r"(?<!(?:prothese|kroon|brug|vulling|implantaat|restauratie|beugel|plaat)(?:\s(?:is|was))?\s)"


# The number words of an age said aloud ('die is vijftien jaar'), longest first.
_AGE_WORDS = "|".join(sorted((w for w in spoken_number_values() if w != "nul"), key=len, reverse=True))


class AgeRecognizer(DutchPatternRecognizer):
    """Ages written as '45-jarige', '45 jr', '45 jaar oud' (DEDUCE handles plain '45 jaar' with its pseudo-patterns)."""

    ENTITY = "LEEFTIJD"
    TRIGGERS = {
        "jarige": ("jarig",),
        "jr": ("jr",),
        "jaar oud": ("jaar",),
        "jaar": ("jaar",),
        "j oud": ("oud",),
        "after its label": ("leeftijd", "lft", "age", "alter"),
        # (ASCII runs of the folded text: 'años' holds the run 'os', 'aña' none, so a text with 'aña' alone is not read)
        "years abroad": ("yr", "year", "os", "anos", "jahre"),
    }
    CUES = {
        "after is": frozenset({"hij", "zij", "ze", "ik", "ich"}),
        "years after is": frozenset({"hij", "zij", "ze", "ik", "die"}),
    }
    # A number of one or two digits in brackets, a column's gap after it: in the text's shape (``shape_gate``).
    GATES = {
        "in brackets after a name in a row": shape_gate(rb"a[ \t.,]{1,4}\(00?\)(?:[ \t]{2}|\t)"),
        "in a cell": shape_gate(rb"\t00? a\t"),
    }
    FLAGS = CASE_INSENSITIVE
    PATTERNS = [
        Pattern("jarige", r"(?<![\w])\d{1,3}-jarige?(?![\w])", 0.6),
        # In brackets after a name in capitals or its initials, a column's gap after it, as a day's list gives each
        # patient's age ('08:00  J. ANEMA  (57)  ASA I  lachgas', '14:00  WILLEMSEN, M.D.  (34)  ASA I'; issue 17,
        # thirty-eighth round: dev158's sedation day lists by another hand). Not a count after a word ('BSN (12)' has
        # no gap after it in a sentence).
        Pattern(
            "in brackets after a name in a row",
            # (initials before the surname, or after it and its comma, or a given name and a surname)
            r"(?-i:(?<=(?:(?:\p{Lu}\.[ \t]?){1,3}[ \t]?|\p{Lu}{2,}[ \t])\p{Lu}{2}[\p{Lu}'’-]*[ \t]{1,3}\("
            r"|\p{Lu}{2}[\p{Lu}'’-]*,[ \t](?:\p{Lu}\.){1,3}[ \t]{1,3}\())"
            r"(?P<v>[1-9]\d?)(?=\)(?:[ \t]{2,}|\t))",
            0.5,
        ),
        # (also glued to its number by a dash: '83-jr.'; a user's check, twenty-third session)
        Pattern("jr", r"(?<![\w.,])\d{1,3}(?:\s|-)?jr\.?(?![\w])", 0.5),
        # 'Dhr. 67 j. oud': the letter is the year's, not an initial (twenty-third session)
        Pattern("j oud", r"(?<![\w.,])\d{1,3}[ \t]?j\.?(?=[ \t]oud(?![\w]))", 0.6),
        # The number after the word that names it ('Leeftijd: 82', 'lft 7;4 jaar', 'age 45', 'Alter: 45'), not a range
        # or a measure ('leeftijd 12-14', 'leeftijdscategorie'; twenty-third session).
        Pattern(
            "after its label",
            r"(?<![\w])(?:leeftijd|lft|age|alter)\.?[ \t]*[:=]?[ \t]*(?P<v>\d{1,3}(?:;\d{1,2})?(?![\d,.:/-]?\d)"
            r"(?:[ \t]?(?:jaar|jr|j|yrs|years|jahre)\.?(?![\w]))?)(?![\w%-])",
            0.6,
        ),
        # An age in English, Spanish, Papiamentu or German ('Sharonne Maduro (7 yrs)', 'de 57 años', 'a 62-year-old', '35
        # years'), not a duration ('for 5 years', '5 years ago', 'hace 3 años'; issue 17, thirty-seventh round: dev156's
        # Caribbean Netherlands by another hand).
        Pattern(
            "years abroad",
            r"(?<!(?:for|since|in|after|within|over|last|past|next|durante|hace|desde|por|seit|vor)\s)(?<![\w.,])"
            r"\d{1,3}[ -]?(?:yrs?\.?|years?[ -]old|years?|años|anos|aña|jahre)(?![\w])"
            r"(?!\s(?:ago|later|before|after|de[ \t]+(?:experiencia|garant[ií]a)))",
            0.4,
        ),
        # What someone is, a number alone, before 'en' or a sentence's end ('zij is 81 en woont bij ons', 'hij is 10 en
        # poetst slecht', 'Ik bin 47, wenje yn Grou', 'Ich bin 67 und'; a user's check, twenty-third session).
        Pattern(
            "after is",
            r"\b(?:hij|zij|ze|ik|ich)[ \t]+(?:is|ben|bin|wordt|werd)[ \t]+(?:net[ \t]+|nu[ \t]+|al[ \t]+|pas[ \t]+)?"
            r"(?P<v>\d{1,3})(?=[ \t]+(?:en|und|geworden)(?![\w])|[ \t]*[,.;](?!\d))",
            0.5,
        ),
        # What someone is, with its years, in digits or said (where 'al' before it says no duration: 'ik bel voor mijn
        # dochter noor die is tien jaar', 'hij is al 79 jaar', 'ze is al drieëntachtig jaar'; issue 17, thirty-eighth
        # round: dev160's calls by another hand and the session's user check), not how long something is ('hij is al 3
        # jaar patiënt', 'die is 5 jaar geleden geplaatst').
        Pattern(
            "years after is",
            r"\b(?:hij|zij|ze|ik|die)[ \t]+(?:is|wordt|werd)[ \t]+(?:net[ \t]+|nu[ \t]+|al[ \t]+|pas[ \t]+)?"
            r"(?P<v>(?:\d{1,3}|" + _AGE_WORDS + r")[ \t]+jaar)(?![\w])"
            r"(?![ \t]+(?:geleden|lang|later|terug|getrouwd|in|bij|pati[eë]nt|onder|werkzaam|lid|klant|hier|daar)(?![\w]))",
            0.5,
        ),
        # In a pasted table's cell, the number and 'j' ('Koster, Bram\t47 j\tZilveren Kruis'; the session's user check).
        Pattern("in a cell", r"(?<=\t)\d{1,3}[ ]j(?=\t)", 0.5),
        # Not a denture's or a crown's age ('onderprothese 14 jaar oud'; issue 17, thirteenth round: dev21).
        Pattern("jaar oud", _NOT_AN_OBJECT + r"(?<![\w.,])\d{1,3}\s?jaar\soud(?![\w])", 0.6),
        # '45 jaar' is an age unless it is a duration ('sinds 10 jaar', 'over 2 jaar', '3 jaar geleden').
        Pattern(
            "jaar",
            r"(?<!(?:sinds|over|al|na|binnen|ruim|bijna|ca|circa|per|elke|iedere|afgelopen|laatste|voor|"
            r"om|de|die|twee|drie|paar|enkele)\.?\s)"
            # (nor a term: 'bewaartermijn 20 jaar', 'de wettelijke bewaartermijn van 20 jaar'; issue 17, thirty-seventh
            # round: dev153's archives by another hand)
            r"(?<!termijn\s)(?<!termijn\svan\s)" + _NOT_AN_OBJECT + r"(?<![\w.,])\d{1,3}\s?jaar(?![\w])"
            r"(?!\s(?:geleden|lang|later|terug|garantie|na|niet|meer|bij|onder))",
            0.4,
        ),
    ]
    CONTEXT = ["leeftijd", "oud", "jarige"]


class ContextNumberRecognizer(DutchPatternRecognizer):
    """A number right after the word that names it: 'AGB-code 12345678', 'polisnr. 123-456789'."""

    KEYWORDS = ""
    NUMBER = r"[A-Z]{0,3}-?\d[\d .-]{3,14}\d(?!\d)"
    FLAGS = CASE_INSENSITIVE
    SCORE = 0.85
    # Numbers of the kind that need no word before them: their shape alone says what they are.
    BY_SHAPE: tuple[Pattern, ...] = ()

    def __init__(self) -> None:
        self.PATTERNS = [
            Pattern(
                self.ENTITY.lower(),
                # (also with 'is' or 'was' between, as a patient writes it: 'Mijn polisnummer is 184 552 019'; issue 17,
                # twenty-first round: the session's user check)
                # (a space before its colon, as a scanned form has it, or an export's semicolon: 'Verzekerde nr :
                # 245.199.210', 'schadenummer WP;25/281687/05'; issue 17, thirty-eighth round: dev157, dev159 by other hands)
                r"\b(?:"
                + self.KEYWORDS
                + r")\.?(?:[ \t]?:|;)?\s{0,3}(?:(?:is|was)(?![\w])[ \t]{1,3})?(?P<v>"
                + self.NUMBER
                + ")",
                self.SCORE,
            ),
            *self.BY_SHAPE,
        ]
        super().__init__()


class AgbRecognizer(ContextNumberRecognizer):
    """AGB code (Vektis register of care providers): 8 digits, the first two the kind of provider, written
    compact or grouped ('12345678', '12-345678', '12.34.56.78', '12 345 678'), after 'AGB', 'AGB-code',
    'AGB-nr.', 'zorgverlenerscode' or 'praktijkcode', also with the provider named between the word and the
    number ('AGB-code zorgverlener: 12345678', 'AGB praktijk (12345678)', 'AGB-code is 12345678')."""

    ENTITY = "AGB"
    TRIGGERS = {
        "agb": ("agb", "zorgverlenerscode", "praktijkcode", "zorgaanbiedercode", "vektis"),
    }
    KEYWORDS = (
        r"AGB(?:[- ]?code)?(?:[- ]?(?:nr|nummer))?|zorgverlenerscode|praktijkcode|zorgaanbiedercode|"
        r"vektis[- ]?code"
    )
    # Up to two words naming whose code it is, then ':', 'is' or a bracket.
    _BETWEEN = (
        r"(?:[ \t]+(?:van[ \t]+(?:de|het)[ \t]+)?(?:zorgverlener|zorgaanbieder|praktijk|tandarts|behandelaar|"
        r"instelling|verwijzer|specialist|kaakchirurg|orthodontist|mondhygi[eë]nist)(?![\w]))?"
        # (the practice's name in brackets before the colon: 'AGB praktijk (Tandartsen aan de Haven): 12.09.80.25';
        # issue 17, twenty-third round: dev99's register checks by another hand)
        r"(?:[ \t]*\([^()\n]{2,60}\)(?=[ \t]*:))?"
        r"(?:[ \t]*(?:is(?![\w])|=|:|\(|#))?"
    )
    NUMBER = r"\d{2}(?:[ .-]?\d){6}(?!\d)"

    def __init__(self) -> None:
        self.PATTERNS = [
            Pattern(
                "agb",
                r"\b(?:" + self.KEYWORDS + r")\.?:?" + self._BETWEEN + r"[ \t]{0,3}(?P<v>" + self.NUMBER + ")",
                self.SCORE,
            )
        ]
        DutchPatternRecognizer.__init__(self)


class UziRecognizer(ContextNumberRecognizer):
    ENTITY = "UZI"
    TRIGGERS = {
        "uzi": ("uzi", "big", "riziv", "inami"),
    }
    # (and a Belgian caregiver's RIZIV/INAMI number, eleven digits as '3-25589-76-289': the register BIG is to a Dutch
    # one; issue 17, thirty-first round: dev131's takeover by another hand)
    KEYWORDS = (
        r"UZI(?:[- ]?(?:nummer|nr|registernummer|pasnummer|pas))?|BIG(?:[- ]?(?:nummer|nr|registratie))?|"
        r"RIZIV(?:[- ]?(?:nummer|nr))?|INAMI(?:[- ]?(?:num[eé]ro|nr|no))?"
    )
    # (a BIG number's last two digits, the profession's, apart: 'BIG-nummer: 752567480 02'; issue 17, twenty-third
    # round: dev99's locum contracts by another hand)
    # (or grouped five, four and two, as a certificate prints it: 'BIG 52012 3381 02'; issue 17, thirty-second round:
    # dev135's courses by another hand)
    # (or grouped four, four and three: 'BIG 4903 4567 801'; a user's check, twenty-third session)
    NUMBER = (
        r"\d{9}[ .-]\d{2}(?!\d)|\d-\d{5}-\d\d-\d{3}(?!\d)|\d{5}[ ]\d{4}[ ]\d{2}(?!\d)|\d{4}[ ]\d{4}[ ]\d{3}(?!\d)|"
        r"\d{8,11}(?!\d)"
    )


class PolicyNumberRecognizer(ContextNumberRecognizer):
    """Insurer policy / relation numbers: after the word, or after the insurer's name ('VGZ 123456')."""

    ENTITY = "POLISNUMMER"
    # (or the fund's three digits and the member's seven after a slash, as a Belgian mutualiteit writes them)
    # (or the policy's letters before two groups of four: 'Polis: ZK 6439 9759'; issue 17, thirty-second round: dev133's
    # insurer by another hand)
    # (or typed digit by digit, as a scanner reads a form's boxes: '3 0 1 9 8 2 7 5 4'; a user's check, twenty-third session)
    # (or a claim's number as a liability insurer writes it, a year, a serial and a check after slashes: 'Schadenummer:
    # 23/390422/04'; issue 17, thirty-eighth round: dev159's personal-injury claims by another hand)
    NUMBER = (
        # (and two digits after the groups of four, as a pasted agenda prints them: 'ZK 4837 2291 05'; the session's
        # user check)
        r"\d(?:[ ]\d){7,11}(?![ ]?\d)|\d{3}/\d{7}(?!\d)|[A-Z]{1,3}[ -]?\d{4}[ ]?\d{4}(?:[ ]\d{2})?(?![\d-])|"
        r"\d{2}/\d{5,7}/\d{2}(?!\d)|" + ContextNumberRecognizer.NUMBER
    )
    TRIGGERS = {
        "polisnummer": (
            "polis",
            "policy",
            "rel",
            "aansluiting",
            "verz",
            "lidmaatschap",
            "klant",
            "zilveren",
            "vgz",
            "cz",
            "menzis",
            "dsw",
            "onvz",
            "zekerheid",
            "a.s.r.",
            "univ",
            "fbto",
            "ohra",
            "salland",
            "zekur",
            "zvk",
            "anderzorg",
            "friesland",
            "eno",
            "stad",
            "iza",
            "izz",
            "schade",
        ),
    }
    KEYWORDS = (
        r"polis|polisnr|polisnummer|relatienr|relatienummer|verzekerdennummer|verzekerdennr|"
        # (an insurer's short forms of the member's relation number, and its English word: 'rel. 451 230 8792',
        # 'Rel.nr:4425 975973', 'Relatie 444 883 4896', 'policy ZK 50474211'; issue 17, thirty-second round: dev133)
        r"rel\.[ \t]?nr|rel(?:atie)?(?=[ \t.:]+\d)|policy(?:[ \t]+(?:number|no))?|"
        # (a Belgian mutualiteit's member number: 'aansluitingsnr. 101/8079599'; issue 17, twenty-third round: dev100)
        r"aansluitings?(?:nr|nummer)|"
        # (and the insurance's own number: 'Uw zorgverzekeringnummer: ...'; a user's check, twenty-third session)
        r"lidmaatschapsnummer|klantnummer|klantnr|verz\.?\s?nr|zorgverzekeraar\s[\w ]{2,20}?,?\s(?:nr|nummer)|"
        r"zorgverzekerings?(?:nummer|nr)|"
        # (the islands' insurance office's number for the insured: 'ZVK-nr.: ZV-471-1918', 'Your ZVK number ...'; issue 17,
        # thirty-seventh round: dev156's Caribbean Netherlands by another hand)
        r"zvk(?:[- ]?(?:nr|no|nummer|number))?|"
        # (a claim's number at a liability insurer, which a personal-injury file quotes in every letter, and the insured's
        # policy named for him: 'Schadenummer: 9367667-84', 'schadenr. 27.236.562', 'schadenummer WP;...', 'uw cliënte
        # Boersma – schade 97.989.323', 'Polisnummer verzekerde: 86.215.219', 'Verzekerde nr : 245.199.210'; issue 17,
        # thirty-eighth round: dev159's personal-injury claims and dev157's sleep reports by other hands)
        r"schade[- ]?(?:nummer|nr)(?:[ \t]+WP)?|"
        r"schade(?=[ \t]+(?:\d{2}/\d{5,7}/\d{2}|\d{6,7}-\d{2}|\d{2}\.\d{3}\.\d{3})(?![\d.]\d|\d))|"
        r"polis(?:nummer|nr)[ \t]+verzekerde|verzekerde[ \t]?(?:nummer|nr)|"
        r"Zilveren Kruis|VGZ|CZ|Menzis|DSW|ONVZ|Zorg en Zekerheid|a\.s\.r\.|Univ[eé]|FBTO|Interpolis|"
        r"OHRA|Salland|Zekur|Anderzorg|De Friesland|ENO|Stad Holland|IZA|IZZ|UMC Zorgverzekering"
    )
    # Where a match can start, on the lower-cased text (``DutchPatternRecognizer.ANCHORS``): the first letters of
    # each keyword above ('zorg' for 'zorgverzekeraar' and 'Zorg en Zekerheid'), not right after a letter (the
    # pattern's \b). The scan of a case-insensitive alternation at every position, 6.8 ms of 700 notes, then
    # tries the pattern at a few cues only (issue 17, eighth round).
    ANCHORS = {
        "polisnummer": r"(?<![a-zà-öø-ÿ])(?="
        + by_first_character(
            [
                *("polis", "policy", "rel", "aansluiting", "verz", "lidmaatschap", "klant", "zorg", "zilveren", "vgz"),
                "cz",
                "menzis",
                *("dsw", "onvz", r"a\.s\.r\.", "univ", "fbto", "interpolis", "ohra", "salland", "zekur"),
                *("anderzorg", "de friesland", "eno", "stad holland", "iza", "izz", "umc zorg", "zvk"),
                "schade",
            ]
        )
        + ")"
    }
    # The islands' insurance office's number by its shape, in an export's cell too ('"ZV-833-2189"', 'ZV3340538'; issue
    # 17, thirty-seventh round: dev156's Caribbean Netherlands by another hand).
    BY_SHAPE = (Pattern("zvk number by its shape", r"(?<![\w-])(?-i:ZV)-?\d{3}-?\d{4}(?![\w-]|[.,]\d)", 0.6),)
    GATES = {"zvk number by its shape": "ZV"}


class GermanInsuranceNumberRecognizer(DutchPatternRecognizer):
    """A German health-insurance number (Krankenversichertennummer, on every German patient's card: a letter and nine
    digits) wherever it stands, in any grouping ('C 331 958 300', 'K7564 94634', 's0378 84982'), when its check digit
    holds (:func:`is_valid_german_health_insurance_number`): with the letter, which the digits alone (read as an ID or,
    by chance, as a BSN) leave. Issue 17, thirty-fifth round: dev147's border practices by another hand, 52 left."""

    ENTITY = "POLISNUMMER"
    _SEPARATOR = "[ \t\u00a0\u202f\u2009\u00ad]?"
    GATES = {"german health-insurance number": shape_gate(rb"a[ \t?]?0(?:[ \t?]?0){8}")}
    PATTERNS = [
        Pattern(
            "german health-insurance number",
            r"(?<![\w-])[A-Za-z]" + _SEPARATOR + r"\d(?:" + _SEPARATOR + r"\d){8}(?![\w-]|[.,]\d)",
            0.4,
        )
    ]

    def validate_result(self, pattern_text: str) -> Optional[bool]:
        return is_valid_german_health_insurance_number(pattern_text)


class IdNumberRecognizer(DutchPatternRecognizer):
    """Any other long number (6+ digits, or digits-dash-digits): identifiers of unknown kind are still identifiers."""

    ENTITY = "ID"
    TRIGGERS = {
        "named bsn": ("bsn", "burgerservicenummer", "sofinummer"),
        "identity document": (
            *("paspoort", "identiteitskaart", "id-kaart", "id kaart", "rijbewijs", "documentnummer"),
            *("passport", "document"),
        ),
        "user name": ("gebruikersnaam", "inlognaam", "loginnaam", "accountnaam", "username"),
        "number closing a bracket": ("nr",),
        "named national number": (
            "rijksregister",
            "insz",
            "niss",
            "sozialversicherung",
            "rentenversicherung",
            "steuer",
        ),
    }
    # Six digits in a row; a dash and five digits: what the two number patterns' matches hold (``shape_gate``).
    GATES = {
        "long number": shape_gate(rb"000000"),
        "dashed number": shape_gate(rb"0-00000"),
        "island identity number": shape_gate(rb"0000(?:\.00\.|00)00[ .-]?00"),
    }
    # Tried where its word stands (``CUES``: a whole word, \b on both sides; issue 17, twelfth round).
    CUES = {"named bsn": frozenset({"bsn", "burgerservicenummer", "sofinummer"})}
    PATTERNS = [
        # Also after letters and a dash ('Klein, Petra P-096450'), not after digits and one ('06-123456').
        Pattern("long number", r"(?<![\d.,:/])(?<![\d.,:/]-)\d{6,}(?![.,:/-]?\d)", 0.45),
        Pattern("dashed number", r"(?<![\d.,:/-])\d{2,4}-\d{5,}(?![\d])", 0.45),
        # The identity number of Caribbean Netherlands, Curaçao and Aruba (persoonsnummer, sedula): the birth date as
        # year, month and day, and two digits ('1952.08.27.72', '19840809 23', '19810909-21'; issue 17, twentieth round:
        # dev78's island patients by another hand). Not an ISO date and the hour after it ('2024-11-09 21:40').
        Pattern(
            "island identity number",
            r"(?<![\d.,:/-])(?:19|20)\d\d(\.?)(?:0[1-9]|1[0-2])\1(?:0[1-9]|[12]\d|3[01])(?:\1|[ -])\d{2}(?!\d|[.,:]\d)",
            0.6,
        ),
        # A number the writer calls a BSN but that fails the 11-proef: not a BSN, still someone's identifier.
        Pattern(
            "named bsn",
            r"(?i:\b(?:bsn|burgerservicenummer|sofinummer)\b)\.?:?[ \t]{0,3}(?:nr\.?|nummer)?:?[ \t]{0,3}"
            r"(?P<v>\d[\d. -]{6,12}\d)(?!\d)",
            0.6,
        ),
        # A Dutch passport's, identity card's or driving licence's number after its word ('kopie paspoort nr.
        # NWNG26FW2', 'identiteitskaart: IR6T2SDM1'): nine letters and digits, a digit last, or a licence's ten
        # digits. Issue 17, thirteenth round (dev21's AVG requests by another hand, which check an ID copy).
        Pattern(
            "identity document",
            # (in English too: 'Passport No: XB7AXLCN1', 'Document number: ...'; issue 17, twenty-second round: dev92)
            r"(?i:\b(?:paspoort|passport|identiteitskaart|id[- ]kaart|rijbewijs|documentnummer|document)(?:nummer|nr)?)\.?"
            r"(?:[ \t]+(?i:nr|nummer|no|number))?\.?:?[ \t]{0,3}(?P<v>[A-Z]{2}[A-Z\d]{6}\d|\d{10})(?![\w])",
            0.6,
        ),
        # A national number after its word, whatever its check digits ('rijksregisternummer 68.04.12-284.17', 'INSZ
        # 85.07.30-033.28', 'Sozialversicherungsnummer 65 170839 J 008'): someone's identifier even where the writer
        # mistyped it (issue 17, twenty-third round: the session's user check).
        Pattern(
            "named national number",
            r"(?i:\b(?:rijksregister(?:nummer|nr)?|insz(?:-?(?:nummer|nr))?|niss|sozialversicherungs(?:nummer|nr)|"
            r"rentenversicherungsnummer|steuer-?id)\b)\.?:?[ \t]{0,3}(?P<v>\d[\dA-Z. /-]{8,16}\d)(?![\d])",
            0.6,
        ),
        # A number after 'nr' closing a bracket, an interpreter's or a file's ('(Farsi, tolkentelefoon, nr. 20599)',
        # '(Oekraïens, nr 48476)'; issue 17, fourteenth round: dev26 by another hand).
        Pattern("number closing a bracket", r"\bnr\.?[ \t]?(?P<v>\d{4,6})(?=\))", 0.5),
        # An account's user name, which is made of the person's name ('gebruikersnaam aelamrani', 'inlognaam:
        # mchin-a-loi'; issue 17, fourteenth round: dev24's onboarding notes by another hand); not a verb after it.
        Pattern(
            "user name",
            r"(?i:\b(?:gebruikersnaam|inlognaam|loginnaam|accountnaam|username)\b)[ \t]*[:=]?[ \t]*"
            r"(?!(?i:is|wordt|werd|en|of|blijft|staat|voor|van|via|met|gewijzigd|aangemaakt|vergeten|verlopen|"
            r"geblokkeerd|ingesteld|aangevraagd|gemaakt|volgt|nog)\b)(?P<v>[a-z][a-z0-9._-]{2,30})(?![\w@-])",
            0.6,
        ),
    ]
    CONTEXT = ["nummer", "nr", "kenmerk", "dossier", "referentie", "klantnummer"]


# A practice system's number as administrative text writes it: vendor letters or a year first, digits grouped by
# dots or dashes, a check digit after a slash or a check letter after a dash ('EX-004521', '248.427', '2025.79405',
# 'D/2022/1283', 'TT-9767-K', '2023/6405-B', 'K 73775').
# A travel pass's or a ride's number (``PatientNumberRecognizer``'s 'travel pass or ride'): letters and digits in
# groups, or six digits and more in any grouping.
_TRAVEL_CODE = (
    r"(?:(?-i:[A-Z]{1,3}[ -]?\d{3,4}[ ]\d{2,4}(?:[ ]\d{2,4})?|[A-Z]{1,4}-?\d{6,9}|[A-Z]{1,4}-\d{3,4}-\d{4,7}|"
    r"[A-Z]{2,4}/\d{4}/\d{4,7})|(?=(?:[ .]?\d){6})\d{2,4}(?:[ .]\d{2,5}){1,3}|\d{2}-\d{5,7}|(?:19|20)\d\d-\d{5,7}|\d{7,10})"
)
_PATIENT_CODE = (
    # ten digits grouped 4-3-3, as the COA writes a V-nummer ('1238.206.277', '2561 909 251'), before the shorter forms
    # that would take its first group alone
    # (and a registration number grouped 3-4 or 3-3-3, as a penitentiary writes it: 'Reg.nr: 694 8185', 'registratienr.
    # 927 145 004'; issue 17, sixteenth round: dev45)
    # (and digits in pairs, as a number is read out and typed: 'patiëntnummer 20 33 19'; issue 17, seventeenth round:
    # the session's user check)
    # (and a Defence registration number, the birth date and three digits: 'reg.nr. 72 12 05 879', '960910.753',
    # '970307-297'; issue 17, twentieth round: dev79's military dental service by another hand)
    # (and ten digits grouped 2-3-3-2: 'V-nr 59.210.472.59'; issue 17, twenty-second round: dev95's city practices by
    # another hand, kept unread until the round's rules were written)
    # (and any grouping by dots of seven to eleven digits that is no date, and ten digits or so in two groups by a space:
    # 'reg.nr. 713.24.42', 'V-nummer: 18.1686.9023', 'V-nummer: 15970 68991'; issue 17, twenty-fifth round: dev105's
    # prisons and detention centres by another hand)
    r"[A-Z]{0,3}[ ./-]?(?:(?=(?:\d\.?){7,11}(?![\d]))(?!\d{1,2}\.\d{1,2}\.\d{2,4}(?!\d|\.\d))\d{1,5}(?:\.\d{2,5}){1,3}(?!\d|[.,]\d)|"
    r"\d{4,5}[ \t]\d{4,6}(?!\d|[.,]\d)|\d{2}[ \t]\d{2}[ \t]\d{2}[ \t]\d{3}(?!\d)|\d{6}[ .-]\d{3}(?![\d.]\d)|"
    r"\d{2}\.\d{3}\.\d{3}\.\d{2}(?![\d.]\d)|\d{4}[ .]\d{3}[ .]\d{3}(?!\d)|\d{3}[ \t]\d{3}[ \t]\d{4}(?!\d)|\d{3}[ \t]\d{3}[ \t]\d{3}(?!\d)|"
    r"\d{2}[ \t]\d{2}[ \t]\d{2}(?:[ \t]\d{2})?(?!\d|[.,]\d)|"
    # (and a hospital's 2-3-2 and 1-3-3: 'ziekenhuisnr. 52 605 86', 'Pat.nr.: 1-652-147'; issue 17, eighteenth round:
    # dev58's and dev59's hospital letters by other hands)
    r"\d{2}[ \t]\d{3}[ \t]\d{2}(?!\d|[.,]\d)|\d-\d{3}-\d{3}(?!\d)|"
    # (and six digits grouped 3-3, as a northern group's system prints them: 'patnr. 325 778', 'Dossier 418 802'; issue
    # 17, twenty-first round: dev83's fortnight in the north by another hand, kept unread until the round's rules)
    r"\d{3}[ \t]\d{3}(?!\d|[.,]\d|[ \t]\d)|"
    r"\d{3}[ \t]\d{4}(?!\d|[.,]\d)|\d{2}-\d{2}-\d{4}(?!\d)|\d{3,10}|\d{1,3}(?:\.\d{3})+|\d{2}-\d{3,8}|\d{2,4}\.\d{3,6}|"
    r"\d{2}/\d{3,6})(?:[-/]\d{1,8})?"
    # a check letter after a dash or a slash ('TT-9767-K', '74720/B'; issue 17, sixteenth round: dev43's forms)
    r"(?:[-/][A-Z]{1,2}(?![\w]))?"
)
# The same with letters, a slash or dots in it, so that a bare number of digits is not one: what may stand alone in
# brackets or after '#' or a name ('(MZ25-2120)', '[#TT-9767-K]', '#214.127', 'Sikkema - 31.002.157').
_LETTERED_CODE = (
    r"(?:[A-Z]{1,3}[ /-]?\d{2,}(?:[-/.]\d+)*(?:-[A-Z]{1,2})?|\d{2,4}(?:[./]\d{3,4}){1,2}(?:-[A-Z]{1,2})?|"
    r"(?!(?:19|20)\d\d-\d\d(?!\d))\d{4}-\d\d(?!\d))"  # '(7385-83)'; '(2019-20)' is a school year
)


_BETREFT = std_re.compile(r"(?i)betreft:?[ \t]")


_ROW_KEY = std_re.compile(r"\d(?:[ \t]{2,}|\t|[ \t]*[|;][ \t]*)[A-ZÀ-ÞĀ-ɏ]")


def _row_key_gate(text: str) -> object:
    """What every 'row key' match holds after its key, found (``GATES``): where the text has two spaces or tabs in a
    row (which then hold a tab or are two spaces), a bar or a semicolon, else not looked for (most notes; issue 17,
    fourteenth round: the search tried every digit)."""
    if "  " in text or "\t" in text or "|" in text or ";" in text:
        return _ROW_KEY.search(text)
    return None


def _betreft_lines(text: str) -> list[tuple[int, int]]:
    """The lines that hold 'Betreft' in any case, whole (``REGIONS`` of 'after betreft'): a match of that pattern
    lies on such a line, after the word its look-behind reads, and its look-ahead reads no further than the line's
    end. Scanned there only, where the pattern, a long look-behind first, was tried at every position of every note
    that has the word (issue 17, fourteenth round)."""
    regions: list[tuple[int, int]] = []
    for m in _BETREFT.finditer(text):
        if regions and m.start() < regions[-1][1]:
            continue  # on the line before, already taken
        end = text.find("\n", m.end())
        regions.append((text.rfind("\n", 0, m.start()) + 1, len(text) if end < 0 else end))
    return regions


_SPACED_DASH = std_re.compile(r"[-–](?<= [-–])(?= )")
_SPACED_BRACKET = std_re.compile(r"\((?<=[ \t]\()")


def _after_spaced_dash(text: str, lower: str) -> list[int]:
    """The offsets, in order, right after ' - ' or ' – ' (``DutchPatternRecognizer.STARTS``): one character is read
    per dash, so dashes in a row (' - - ') are each found."""
    return [m.end() + 1 for m in _SPACED_DASH.finditer(text)]


def _after_spaced_bracket(text: str, lower: str) -> list[int]:
    """The offsets, in order, right after a '(' that follows a space or tab (``DutchPatternRecognizer.STARTS``)."""
    return [m.end() for m in _SPACED_BRACKET.finditer(text)]


# The sidecodes of Dutch licence plates since 1951, each as its groups' (kind, length): letters (L) or digits (D).
_PLATE_SIDECODES = tuple(
    tuple((group[0], len(group)) for group in code.split("-"))
    for code in (
        *("LL-DD-DD", "DD-DD-LL", "DD-LL-DD", "LL-DD-LL", "LL-LL-DD", "DD-LL-LL", "DD-LLL-D", "D-LLL-DD"),
        *("LL-DDD-L", "L-DDD-LL", "LLL-DD-L", "L-DD-LLL", "D-LL-DDD", "DDD-LL-D"),
    )
)


# A regional disciplinary court's case number: its seat's letter, the year and a serial ('T2025/2010'), and where a note's
# shape holds one (issue 17, thirty-ninth round: dev163's complaints and disciplinary law by another hand).
DISCIPLINARY_CASE_NUMBER = r"[A-Z](?:19|20)\d\d/\d{3,5}"
DISCIPLINARY_CASE_SHAPE = rb"(?<![a0])a0000/000"


class PatientNumberRecognizer(DutchPatternRecognizer):
    """Patient numbers in the formats the source configs declare (``config/sources/*.yml``: patient_number.regex).

    Plus a context pattern ('patiëntnummer EX-123', 'patnr. 1234567') for formats no config declares.
    """

    ENTITY = "PATIENTNUMMER"
    TRIGGERS = {
        "context": (
            "pasjint",
            *("protocol", "protokol", "dosya", "hasta", "karty", "historia"),
            *("pat", "pt", "pnr", "cli", "dossier", "kaart", "registratie", "pid", "nummer", "inschrijf", "rapport"),
            "declaratie",
            *("pn", "epd", "kenmerk", "ref", "id", "relatie", "klant", "debiteur", "nr", "mutatie", "factu", "hix"),
            "klacht",
            *(
                "melding",
                "meldnummer",
                "meldnr",
                "taj",
                "patient",
                "file",
                "chart",
                "case",
                "nhs",
                "zis",
                "hix",
                "ezis",
                "znr",
                "ziekenhuis",
                "mrn",
                "vermelding",
                "deb",
                "o.v.v",
            ),
            *("pers", "personeelsnummer", "personeelsnr", "badge", "toegangsbadge", "badgenummer", "badgenr"),
            *("werknemer", "medewerker", "employee", "mdw", "v number", "v-number", "emp#", "emp #"),
            *("pasnummer", "vnr", "vreemdelingennummer", "vreemdelingennr", "tolknummer", "tolknr"),
            *("offerte", "offertenummer", "offertenr", "contract", "contractnummer", "contractnr"),
            *("gezinsnr", "gezinsnummer", "gezinnr"),
            *("pasjintnumer", "pasjintnummer", "pashent", "pas", "journaal", "nieuw", "ingeschreven"),
            *("rn", "rnr", "rnnr", "consultnr", "consultnummer", "consult", "zh", "aangemaakt", "aangelegd"),
            *("familienummer", "familienr", "familie", "labnummer", "labnr", "lab", "dna", "dnanummer", "dnanr"),
            *("gedet", "gedetineerdennummer", "detentienummer", "reg", "isn", "skn"),
            *("defensienummer", "defensienr", "zap"),
        ),
        "code on the patient line": ("code",),
        "code closing the patient line": ("pt", "pat", "patient", "pnr", "cli"),
        "codes after a plural label": ("nrs",),
        "participant code": (
            *("deelnemer", "deelnemers", "deelnemercode", "deelnemerscode", "deelnemersnr", "deelnemersnummer"),
            *("deelnmr", "participant", "proefpersoon", "proefpersoonnummer", "studienummer", "studiecode", "code"),
            *("deelnmer", "deelnemr", "ppn"),
        ),
        "bare cue": ("pt", "pat", "patient"),
        "document": (
            *("pasaporte", "paspoort", "paspoortnummer", "paspoortnr", "passport", "documento", "persoonsnr"),
            *("persoonsnummer", "id", "identificatienummer", "dula", "crew", "seaman"),
        ),
        "record card": ("kaart",),
        "court": ("/",),
        "court roll": ("expl", "verz"),
        "service number": ("stam",),
        "case or roll number": ("zaak", "rol", "rekest", "klacht", "adviesvraag"),
        "order number in digits": ("order", "aanvraag"),
        "register number abroad": ("certificate", "case", "registration", "registre", "expediente", "dula", "ibesr"),
        "passport": ("passport", "paspoort", "pasaporte", "passeport", "reisepass"),
        "staff, pass or crew number": (
            *("staff", "employee", "pers", "mdw", "medewerker", "werknemer", "schipholpas", "luchthavenpas"),
            *("airside", "badge", "pasnummer"),
        ),
        "crew code": ("crew",),
        "order, repair or case number": (
            *("order", "reparatie", "serienummer", "parket", "nfi", "machtiging", "aanvraag", "onderzoeksdossier"),
            *("certifica", "klacht"),
        ),
        "lettered reference": (
            *("ref", "kenmerk", "case", "aanvraag", "registratie", "dossier", "huurcontract", "contract", "zaak"),
            "doorzending",
        ),
        "trajectory number": ("traject",),
        "two-letter-group code in brackets": ("(",),
        "badge or device number": (
            *(
                "dosimeter",
                "drager",
                "badge",
                "serienummer",
                "serienr",
                "sn=",
                "sn ",
                "sn:",
                "s/n",
                "serial",
                "zorgmail",
            ),
            *("v-nummer", "v-nr"),
        ),
        "number as a folder": (
            "/dossier",
            "\\dossier",
            "/pati",
            "\\pati",
            "/cli",
            "\\cli",
        ),
        "old number in brackets": ("was", "voorheen", "oud", "old", "formerly"),
        "number at ours": ("bij ons", "bei uns", "ons nummer"),
        "number mapped": ("->", "=>"),
        "zero-led numbers in brackets": ("(0",),
        "membership number": ("lid", "bonds", "licentie", "relatie", "member", "mitglied"),
        "vessel number": ("eni", "scheepsnummer", "mmsi"),
        "travel pass or ride": ("pas", "rit", "valys", "ride", "pass", "klantnummer", "beschikking"),
        "petition after a court's case": ("c/",),
        "year letters serial": ("/",),
        "mandate": ("machtiging", "mandaat", "mandate"),
        "login or file code": (
            *("code", "file", "kenmerk", "case", "wristband", "polsband", "start", "borst", "chip", "bandje"),
            *("melding", "verwendungszweck"),
        ),
        "booking": (
            "booking",
            "boeking",
            "boekingsref",
            "boekingscode",
            "boekingsnummer",
            "reserveringscode",
            "record",
            "invoice",
            "pnr",
        ),
        "reference key": ("pat", "patient", "pt", "recall", "afspraak"),
        # what the two gates below find, as words of the note: most have none of them (issue 17, twelfth round)
        "file name": ("jpg", "jpeg", "png", "dcm", "csv", "pdf", "doc", "xls", "txt", "zip", "tif", "stl"),
        "after betreft": ("betreft",),
        "before the birth date": ("geb",),
    }
    CONTEXT = [
        "patiëntnummer",
        "patientnummer",
        "patiëntnr",
        "patnr",
        "pat.nr",
        "dossiernummer",
        "kaartnummer",
        "nummer",
    ]
    # The words a note uses for the practice system's number, abbreviated or not, with a dash or a space
    # ('patiënt-nr.', 'pat. nummer', 'pt.nr', 'pnr', 'patiënt-ID', 'cliëntnummer', 'dossier nr.', 'kaartnr.'),
    # then the number, with the vendor's letters in any case and separator ('EX-004521', 'p 1234567').
    _CONTEXT_PATTERN = (
        # (the practice's or the hospital's after it: 'Pat.nr. praktijk: DCN50799'; issue 17, nineteenth round: dev72)
        # ('patiëntnr. praktijk: 29636'; issue 17, thirty-first round: dev129's laboratory by another hand)
        # (and the Frisian word: 'pasjintnr. 53323', 'Pasjintnûmer: P-77140'; issue 17, thirty-fifth round: dev146)
        r"\b(?:pati[eë]nt(?:en)?[- ]?(?:nummer|nr|id|code)(?:\.?[ \t]+(?:praktijk|ziekenhuis)(?=[ \t]*:))?|"
        r"pasjint[- ]?(?:nûmer|nummer|nr)|"
        r"pat\.?[ -]?(?:nr|nummer|id)(?:\.?[ \t]+(?:praktijk|ziekenhuis))?|"
        # ('pt.nr praktijk: 58821'; a user's check, twenty-third session)
        r"patnr|pt\.?[ -]?nr(?:\.?[ \t]+(?:praktijk|ziekenhuis)(?=[ \t]*:))?|ptnr|pnr|"
        # a pathology laboratory's number for the patient's material ('PA-nummer : PA24-9185', 'PA-nr. B23.8587'; issue 17,
        # thirty-seventh round: dev155's head-and-neck oncology by another hand)
        r"pa[- ]?(?:nummer|nr)(?=\.?[ \t]*:?[ \t]*[A-Za-z]{0,3}\d)|"
        # an expert's report on the patient, a personal-injury file, a report's number named bare by its shape ('ons
        # rapport TE 21-0110', 'Rapport: 9729/24', 'Rapportnummer: R2021-517', 'letselschadedossier 21.3946', '(nummer
        # R2020-593)'; issue 17, thirty-eighth round: dev159's personal-injury claims by another hand)
        r"(?:ons[ \t]+)?rapport(?:nummer|nr\.?)?(?=[ \t]*:?[ \t]*(?:[A-Z]{1,2}[ ]?)?\d{2,4}[-/]\d{2,4}(?![\d/-]))|"
        r"letselschadedossier|nummer(?=[ \t]+[A-Z]\d{4}-\d{3}(?!\d))|"
        # (and an insurer's number for a claim of the practice's: 'declaratie D20240517-0031'; the session's user check)
        r"declaratie(?:[- ]?(?:nummer|nr))?(?=\.?[ \t]*:?[ \t]*[A-Z]{0,3}-?\d{5})|"
        # (a complaint's file: 'KLACHTDOSSIER KD-2025-0342'; issue 17, twenty-seventh round: dev114 by another hand)
        r"klacht(?:en)?dossier(?:[- ]?(?:nummer|nr))?(?=[ \t]*:?[ \t]*[A-Za-z]{0,3}-?\d)|"
        # (and a sheltered home's resident number, a client's short one: 'bewonersnr. BW-21-165', 'clnr: K 110585',
        # 'cl.nr:4254110'; issue 17, thirty-second round: dev134's mental-health care by another hand)
        r"bewoners?[- ]?(?:nummer|nr)|cl\.?[ \t]?nr|"
        # (and a school's or a boarding school's pupil number: 'leerlingnr. 25-701'; thirty-second round: dev136's
        # skippers' children by another hand)
        r"leerling(?:en)?[- ]?(?:nummer|nr)|"
        r"cli[eë]nt[- ]?(?:nummer|nr)|dossier[- ]?(?:nummer|nr)|kaart[- ]?(?:nummer|nr)|regi?(?:stratie)?\.?[- ]?(?:nummer|nr)(?:[ \t]+defensie)?|"
        r"pid|id(?=[ \t]?:)|rn(?:r|[ \t]?nr)?(?=[ \t]*:?[ \t]*\d)|consult[- ]?(?:nummer|nr)|relatie[- ]?(?:nummer|nr)(?:\.?[ \t]+(?:pati[eë]nt|praktijk))?|onder[ \t]+(?:pati[eë]nt)?nummer|"
        # what a system's own lines call it (issue 17, tenth round: dev16's logs, lab orders and exports by another
        # hand): 'relatie TPV-149735', 'Relatie: 73724-08', 'pat=P-635556', 'ref=KZ72476', 'Pat#: P-878768',
        # 'Wijzigingslog patiëntkaart P-913055'
        r"relaties?(?=[ \t]*[:=]?[ \t]*[A-Z]{0,4}[-/]?\d)|pat(?=[=#])|pati[eë]ntkaart|pati[eë]nts?/(?=\d)|"
        # and a hospital's ('ZIS-nr. 485-8366', 'Ziekenhuisnr.: 457-0705', 'MRN 549-0101'), and a payment's reference
        # ('onder vermelding van 2015-6177'; issue 17, tenth round: dev18's discharge letters and second opinions)
        # (and a hospital's record system by its name: 'HIX-nummer 4.839.079'; twenty-first round: dev86)
        # (or the system's name alone before the number: 'ZIS 232.8289'; twenty-fourth round: dev103's ward lists)
        r"(?:zis|hix|epd|ezis)[- ]?(?:nummer|nr)|(?:zis|hix|ezis)(?=[ \t:]+\d)|ziekenhuis[- ]?(?:nummer|nr)|zh[- ]?nr|znr|mrn|"
        r"onder[ \t]+vermelding[ \t]+van|o\.v\.v\.?|"
        r"inschrijf(?:vings)?[- ]?(?:nummer|nr)|"
        # a family's number at a genetics department and a DNA laboratory's number for the sample ('Familienr.
        # F17.1693', 'labnummer D22.48581'; issue 17, nineteenth round: dev72's genetics letters by another hand)
        r"familie[- ]?(?:nummer|nr)|lab[- ]?(?:nummer|nr)|dna[- ]?(?:nummer|nr)|"
        # the number named after the word ('nr. patiënt', 'patiënt nr'), the record's system ('EPD-nr.'), a
        # bare 'PN' or 'dossier', and a letter's reference to the patient ('uw kenmerk', 'onze referentie')
        r"n(?:umme)?r\.?[ \t]+pati[eë]nt|pati[eë]nt[ \t]+n(?:umme)?r|epd[- ]?(?:nummer|nr)|pn|dossier|"
        r"(?:uw|ons|onze)[ \t]+(?:kenmerk|referentie)|"
        # what administrative text calls it (issue 17, eighth round: letters, invoices, reminders by another hand):
        # 'Kenmerk: DCN-2021-63839', 'ref. K 91822', 'Relatienr: K 73775', 'klantnr', 'debiteurnr', 'Uw nummer:',
        # 'Je nummer bij ons:', 'Patiëntnr. zorgverlener:', a number glued to 'nr' ('nrCC-5557-K')
        r"kenmerk(?:[ \t]+machtiging)?|ref(?:erentie)?|klant[- ]?(?:nummer|nr)|debiteur[- ]?(?:nummer|nr)|"
        # a staff member's numbers in HR and facility paperwork ('pers.nr. 0518', 'personeelsnummer MW1223',
        # 'toegangsbadge 93-6202'; issue 17, fourteenth round: dev24 by another hand)
        r"pers(?:oneels)?\.?[ -]?(?:nummer|nr)|(?:toegangs)?badge(?:[- ]?(?:nummer|nr))?|pasnummer|"
        # (and the payroll's words for it: 'Werknemersnummer 1236', 'Medewerker nr 1780', 'employee number 1020', a
        # payroll run's log line '[FOUT] mdw 2805'; issue 17, twenty-ninth round: dev123's payroll by another hand)
        r"werknemers?[- ]?(?:nummer|nr)|medewerker(?:s)?[- ]?(?:nummer|nr)\.?|employee[ \t]+(?:number|no|nr|id)|"
        r"(?:mdw|medewerker)(?=[ \t]+\d{3,6}(?![\d.,-]))|"
        # a foreigner's number (the COA's V-nummer, 'V-nr 1238.206.277', 'Vreemdelingennummer: 2561 909 251') and an
        # interpreter's ('tolknummer 38682'; fourteenth round: dev26's asylum care by another hand)
        r"(?:v|vreemdelingen)[- ]?(?:nummer|nr|number)|tolk[- ]?(?:nummer|nr)|"
        # a detainee's number, and a soldier's registration number after its short word ('gedet.nr 6.555.048',
        # 'Gedetineerdennummer: 3.420.685', 'nr. 7.471.085', 'sgt1 WANG, SJOERD reg 84 01 09 451'; issue 17, twentieth
        # round: dev79's prison and military dental care by another hand)
        # (and the Defence's own words for it, and a battle roster's number: 'defensienummer 830509 787', 'ZAP
        # HO0393'; twenty-fifth round: dev108's military dentistry by another hand)
        r"defensie[- ]?(?:nummer|nr)|zap(?:-?code)?(?=[ \t]*:?[ \t]*[A-Z]{2}\d{4}(?!\d))|"
        r"gedet(?:ineerden)?\.?[- ]?(?:nummer|nr)|detentie[- ]?(?:nummer|nr)|reg(?=[ \t]+\d{2,3}[ .-]?\d{2})|"
        # (and the prison system's and the justice chain's numbers by their letters, and a request slip's 'nr:' glued to
        # seven digits: 'ISN:09751068', 'SKN 20418977', 'Naam: ravi jagroep nr:2120295'; issue 17, fortieth round:
        # dev164's prisons by another hand)
        r"(?:isn|skn)(?=[ \t]*:?[ \t]*\d{6,10}(?!\d))|nr(?=:\d{3}[ ]?\d{3,5}(?![\d.,]\d))|"
        r"nr\.?(?=[ \t]+\d{1,3}(?:\.\d{3}){2}(?![\d.]\d))|"
        # in Frisian and Papiamentu ('pasjintnûmer FR27694', 'ID pashènt FR94284'), and a patient's card ('pas. nr';
        # fourteenth round: dev32)
        r"pasjintn[uû]mmer|pasjintn[uû]mer|(?:id[ \t]+)?pash[eè]nt|pas\.?[ \t]?nr|"
        # (or where it is kept: 'mijn nummer daar is K 172814'; issue 17, thirty-second round: dev134's clients by another
        # hand)
        r"(?:uw|je|jouw|ons|onze|mijn)[ \t]+nummer(?:[ \t]+bij[ \t]+(?:ons|u)|[ \t]+(?:daar|hier))?|"
        r"pati[eë]ntnr\.?[ \t]+zorgverlener|"
        r"nr(?=[A-Z]{1,3}-?\d)|"
        # a journal's heading with the record's code ('Journaal MT2023-3526 - TJON-A-LOI, Gracia', 'Journaal pt89187';
        # issue 17, fifteenth round: dev35's care-home journals)
        r"journaal(?=[ \t]+[a-z]{0,3}-?\d)|"
        # the new number after the old one on a line that moves a client ('Oud cliëntnr.: C25519  nieuw: C36195')
        r"nieuw(?=[ \t]*:[ \t]*[a-z]{1,3}-?\d{3,})|"
        # registered under it ('ingeschreven als 2020-4886'), a number of five digits or more after 'nr' ('nr 57922 -
        # kaart'; not a house number's four; fifteenth round: dev34)
        r"(?:ingeschreven|aangemaakt|aangelegd)[ \t]+(?:als|onder)(?=[ \t]+[a-z]{0,3}[-/.]?\d{4})|nr\.?(?=[ \t]+\d{5,8}(?![\d.,]\d))|"
        # 'Uw patiëntnummer bij Tandartsenpraktijk Molenzicht: MZ23-0423', 'nr. Pt-946820', 'nr. 5827-34' (not a house
        # number: letters and a dash, or four digits, a dash and two), 'Mutatie relatie K 73281'
        # (and a debtor's: 'Uw debiteurnummer bij cliënt: D19793'; issue 17, thirty-seventh round: dev153 by another hand)
        r"(?:pati[eë]nt(?:en)?|debiteur|klant|cli[eë]nt)[- ]?(?:nummer|nr)[ \t]+bij[ \t]+[^:\n]{1,60}(?=:)|"
        # (and letters glued to four digits or more, a year and a serial: 'nr TW22522', 'nieuw nr. 2019-3733';
        # fourteenth round: dev34's file transfers by another hand, scored after the round)
        # (and a year and a serial after a slash, a letter or two and a dot before five digits: '(in de bijlage, nr.
        # 2026/2302)', 'FINANCIERINGSOVEREENKOMST nr. DF.04141'; twenty-third round: dev98's quotes by another hand)
        # (or letters, a year's two digits and a serial after a slash: 'nr. VIM 23/244'; thirty-second round: dev134)
        r"nr\.?(?=[ \t]+(?:[A-Z]{1,3}-\d|[A-Z]{1,3}\d{4}|\d{4}-\d{2,4}(?!\d)|(?:19|20)\d\d/\d{4}(?!\d)|"
        r"[A-Z]{1,2}\.\d{5}(?!\d)|[A-Z]{2,4}[ \t]\d\d/\d{3,4}(?!\d)))|mutatie[ \t]+(?:relatie|pati[eë]nt|cli[eë]nt)|"
        # what the money side calls the file (issue 17, ninth round: dev14's invoices, collection letters and
        # reports): 'factuur INV-2521470', 'Factuurnummer:', 'Debiteur: 6329', 'Machtigingskenmerk: MK-23638-8',
        # 'meldingsnr. VT-231033'
        # (and a report's number as a health service writes it, and a Hungarian patient's social security number: 'meldnummer
        # GGD-2024-4471', 'TAJ: 045 118 535'; twenty-second round: the session's user check)
        r"factu(?:ur|ren)(?:[- ]?(?:nummer|nr))?|debiteur|machtigingskenmerk|meld(?:ings?)?[- ]?(?:nummer|nr)|taj(?=[ \t]*:)|"
        # (and a quote's, a credit contract's and a household's number: 'OFFERTE OF.08574', 'contract DF-2027-5046',
        # 'gezinsnr. 4751'; issue 17, twenty-third round: dev98's smile studio and dev101's families by other hands)
        r"offerte(?:[- ]?(?:nummer|nr))?(?=[ \t.:]+[a-z]{0,3}[./-]?\d{4})|contract(?:[- ]?(?:nummer|nr))?|"
        r"gezins?[- ]?(?:nummer|nr)|"
        # and abbreviates it ('deb. D76039', 'deb.nr D48313'; issue 17, thirteenth round: dev19's collection logs)
        r"deb(?:\.[ \t]?nr|[ \t]?nr|\.)|"
        # in English, and the British health service's number (issue 17, ninth round: international patients):
        # 'Patient number: INT-892427', 'Our ref: 84/6339', 'File no.: 20/4492', 'Chart #: 56/3366', 'NHS No: ...'
        # (and a case's, and an ID of five digits or more without a colon: 'Case #: 4471-8820-31', 'Tolkcontact, ID 55187';
        # a user's check, twenty-third session)
        r"patient[ \t]+(?:number|no|id)|(?:our|your)[ \t]+ref(?:erence)?|file[ \t]+no|chart(?=[ \t]*#)|emp(?=[ \t]*#)|"
        r"case(?=[ \t]*#)|(?-i:ID)(?=[ \t]+\d{5,8}(?![\d.,]\d))|"
        r"nhs(?:[- ]?(?:number|nummer|no))?(?:[ \t]*\([^()\n]{1,20}\))?|"
        # a clinic's number for the patient abroad, on its report and its translation ('Dosya No: 2025/7983', 'Hasta
        # No:', 'Protokol No:', 'Nr karty pacjenta: 1468/2023', 'Nº de historia: 69739', 'Protocolnummer:', 'Nummer
        # patiëntenkaart:'; issue 17, thirty-ninth round: dev162's clinics abroad by another hand)
        r"protocol[- ]?(?:nummer|nr)|protokol[ \t]+no|(?:dosya|hasta)[ \t]+no|nr\.?[ \t]+karty(?:[ \t]+pacjenta)?|"
        r"nummer[ \t]+pati[eë]ntenkaart|n\.?º[ \t]*de[ \t]+historia(?:[ \t]+cl[ií]nica)?)"
        # a form's label padded to a column ('Pat.nr         : KT-28232', 'NHS number (UK):      915 611 1126')
        # or a note in brackets before the colon ('Pat.nr (dienst): SP-45423'; fourteenth round: dev30)
        # (the word in brackets before its number: 'You are registered as (kaartnr.) 85406'; a remark in brackets
        # before the number: 'kaartnr. (tijdelijk) 88821'; what the patient says before it: 'Mijn pnr was volgens mij
        # 6833', 'Mijn patiëntnummer bij de praktijk is 59928'; issue 17, fifteenth round: dev37, dev39)
        # (a form's dot leader: 'Kaartnr ................ 2026/1075'; a system's name after 'pnr': 'pnr HAP WD25/3841';
        # seventeenth round: dev47's work orders and dev48's handovers by other hands; before a code with letters only:
        # 'pnr TZ 995291' is one code, twentieth round: dev77)
        # (where the patient says whose it is: 'patnummer bij jullie 4471'; twenty-third round: the fifteenth session's
        # user check)
        r"(?:[ \t]+bij[ \t]+(?:jullie|u|ons|defensie)(?=[ \t]+(?:(?:is|was)[ \t]+)?[a-z]{0,3}-?\d))?"
        # (an organisation's letters before a form's dot leader, where it is kept, and a longer remark in brackets:
        # 'cliëntnr. LK .... L-26-267', 'jullie klantnummer daar is 40541', 'Uw patiëntnummer (volgens de
        # gezinsvoogd): 2025.14009'; issue 17, thirty-third round: dev137 to dev139 by other hands)
        r"\.?\)?(?:[ \t]+[A-Z]{2,4}(?=[ \t]+\.{3,})|[ \t]+(?:daar|hier)(?=[ \t]+is[ \t]))?"
        r"[ \t]*(?:\.{3,}[ \t]*:?[ \t]*)?(?:(?<=pnr[ \t])[A-Z]{2,5}[ \t]+(?=[A-Za-z]{1,3}\d))?"
        r"(?:\([^()\n]{1,30}\)[ \t]*(?=:|[a-z]{0,3}[-/]?\d))?(?:(?:toegekend|aangemaakt)[ \t]*)?"
        r"(?:(?:bij[ \t]+(?:de|ons|jullie|uw)[ \t]+praktijk[ \t]+)?(?:is|was)"
        # ('Het patiëntnummer is volgens cliënt 561.218'; issue 17, twenty-first round: dev84's claims letters)
        r"(?:[ \t]+(?:volgens[ \t]+(?:mij|cli[eë]nte?|pati[eë]nte?|haar|hem)|denk[ \t]+ik))?"
        # (or a table's border: '| patiëntnr. | KCO 85520 |'; twenty-third round: dev97's intake forms)
        # (or an export's semicolon: 'dossiernummer;25.2023'; thirty-eighth round: dev159's claims files by another hand)
        # (or a dash before a code of letters, a dash and digits: 'cliëntnr-C-82826'; issue 17, fortieth round: dev166's
        # contact sheets by another hand)
        r"(?=[ \t])|#?:|#|=|\||;|-(?=[A-Z]{1,3}-\d))?[ \t]*#?"
        # digits grouped by dots ('248.427'), a year or vendor letters first ('TP-2020-2900', '2023/5037',
        # '2025.79405'), a check digit after a slash ('01170/2'), a check letter after a dash ('TT-9767-K')
        # (the number's own 'pat.' before it: 'patiëntnr. pat. 096067'; issue 17, thirty-seventh round: dev153)
        # (or typed digit by digit, as a scanner reads a form's boxes: 'Patiëntnr.: 5 0 3 3 1 8'; a user's check, twenty-third
        # session)
        # (and three groups of digits: 'Case #: 4471-8820-31'; the same check)
        r"(?P<v>(?:(?<=[ \t:])pat\.[ \t]?)?(?:\d(?:[ ]\d){4,11}(?![ ]?\d)|\d{4}-\d{4}-\d{2}|" + _PATIENT_CODE + r"))"
        r"(?![\d.]\d|\d)"
    )
    # A vendor code or a long number right after the word for the patient, without 'nummer' ('pt OM-25767 belde',
    # 'pat om-78751', 'pt 92060 belde'): letters and a separator, or five digits at least ('pt 36' is a tooth).
    _BARE_CUE_PATTERN = (
        # (and a clinic's code with the year in it, a year and a serial, three digits and three: 'patient IST-23-01212',
        # 'patient 2024/1389', 'pat. 161-361'; issue 17, twenty-second round: dev92's and dev94's mail subjects)
        r"\b(?:pt|pat|pati[eë]nt)\.?[ \t]+(?P<v>[A-Z]{1,3}[-/.]\d{4,10}(?:[-/]\d{1,8})?|\d{5,10}|\d{4}-\d{4}|"
        # (and two digits and four: 'patiënt 20-3309'; the thirty-ninth round's user check)
        r"[A-Z]{2,4}-\d{2}-\d{4,8}|(?:19|20)\d{2}/\d{3,5}|\d{3}-\d{3}|\d{2}-\d{4})(?![\w/-])"
    )
    # '#22896 heeft nog een openstaande nota': a record number as a chat or a ticket writes it ('#MZ16-4652').
    # (also three digits, a dash and four, as a register line writes it: 'Al Hariri, X. (#358-0053, 11.12.1948)';
    # issue 17, fifteenth round: dev37's privacy register)
    _HASH_PATTERN = (
        r"(?<![\w#&])#(?P<v>\d{4,8}(?![\d.])|\d{3}-\d{4}(?!\d)|\d\.\d{3}\.\d{3}(?![\d.])|\d{3}[ ]\d{3}(?![\d.,]|[ ]\d)|"
        + _LETTERED_CODE
        + r")(?![\w/-])"
    )
    # The code in a file's name ('IMG_OM-70527_15.jpg', 'export_P-2024-93975_4.csv', 'bitewing_om-78751.dcm'):
    # after '_' or '-', a vendor code or five to seven digits (a camera's date has eight), before the extension or
    # a short sequence number.
    # Also opening the file's name ('MZ19-2457_2.jpg', '2022-6879-F_intake.docx') and before a date
    # ('18454850-20250117.dcm').
    _FILE_NAME_PATTERN = (
        r"(?<=[_\s:-])(?P<v>[A-Z]{1,3}[-/]?\d{4,10}(?:[-/]\d{1,8})?(?:-[A-Z])?|[A-Z]{1,3}\d{2}-\d{3,8}|"
        r"\d{4}-\d{4}-[A-Z]|\d{5,7}|"
        r"\d{5,8}(?=[-_](?:19|20)\d{6}\.))"
        # (or before the rest of the name: 'RL27658_OUALI_frontaal.dcm', 'ORT-76610_SCHOENMAKER_OPT.jpg'; and an
        # intraoral scan's '.stl'; issue 17, seventeenth round: dev53's orthodontic file lists by another hand)
        r"(?=(?:_\d{1,3}|_[a-z]{2,12}|[-_](?:19|20)\d{6}|_[^\s.]{1,60})?\.(?i:jpe?g|png|dcm|csv|pdf|docx?|xlsx?|txt|zip|tiff?|stl)\b)"
    )
    # A vendor code in brackets after a name ('afspraak lotte in 't veld (OM-26035)', '(DS/703689)'): one or two
    # letters, a separator, five digits or more (a lot number or a class has fewer, or more letters).
    # Not a word and a count in brackets ('(was 22)', '(ca 30)'), which the case-insensitive letters would read as one.
    # Not a phone's label in brackets before its number ('(tel 06-12345678)': a phone, not a file number with the
    # label in it; a user's check, twenty-third session).
    _BRACKETED_PATTERN = (
        r"(?<=[(\[])#?(?!(?:was|is|ca|nu|na|op|om|tot|per|vs|en|tel|mob|gsm|fax)[ \t]\d)(?P<v>[A-Z]{1,2}[-/](?:\d{4}-)?\d{5,10}|"
        + _LETTERED_CODE
        # a year and a serial of four ('(2024-7236)'), not a span of years ('(2019-2020)'; issue 17, fifteenth round:
        # dev34's transfer letters)
        + r"|(?:19|20)\d{2}-(?!19\d\d|20\d\d)\d{4}(?!\d))(?=[)\]])"
    )
    # After 'Betreft' and a name and a comma, or in brackets after a name, a file's number in any format ('Betreft
    # Khadija Benali, pat39095.', 'Patiënt: Paweł Smit (03024-4)', 'Nour Kassab (18.95207)'; issue 17, ninth round).
    _AFTER_BETREFT_PATTERN = (
        r"(?:(?<=\b[Bb]etreft:?[ \t][^,\n]{2,40},[ \t](?:(?:[A-Za-z]\.){1,4}[ \t])?)|"
        # or the code alone after the word, the line's whole subject ('Betreft: MH90281'; dev33's recall letters, scored
        # after the fourteenth round)
        r"(?<=\b[Bb]etreft:[ \t])(?=[A-Za-z]{0,3}-?\d{4,8}[ \t]*(?:\n|$)))"
        r"(?P<v>[A-Za-z]{0,3}-?\d{4,8}|\d{2}\.\d{4,6})"
        r"(?=[.,;]|[ \t]*$|[ \t]*\n)"
    )
    # Also five digits or more, a letter or two before four digits, or a number grouped by a dot, in brackets after a
    # name alone or before the birth date ('Sunita van Rijn (87813, 12-11-88)', 'Hamza El Idrissi (P9349, 5 april 89)',
    # 'wilhelmus vos (141.048, 14.10.1961)', 'mw M.H. Azzouz (42025)'; issue 17, tenth round: dev16, dev17).
    # Also with the birth date's word ('HAITSMA, Sytske (ORT-07004, geb. 14.06.2011)', '(IMP20215, geb. ...)'; issue
    # 17, fourteenth round: dev23's orthodontic journals by another hand).
    _BRACKETED_AFTER_NAME_PATTERN = (
        # (after a name, or a birth date after it, a hospital's number: 'WYBREN ZWAAGSTRA 28.01.2011 (588-2131)', 'Bo
        # Lips (0.391.334)', 'VAN DER LINDE, Tjeerd (36 252 96)'; issue 17, eighteenth round: dev58's cleft team)
        r"(?<=(?:[^\W\d_]{2}|[A-Z]\.|\d{4}|\d-\d\d)[ \t]\()(?:nr\.?[ \t]?)?(?P<v>\d{4,6}-\d|\d{4}-\d{3}|\d{2,3}\.\d{4,5}|"
        r"\d{3}-\d{4}(?!\d)|\d\.\d{3}\.\d{3}(?![\d.])|\d{2}[ ]\d{3}[ ]\d{2}(?!\d)|"
        # (and 3-3: 'Hellinga, O. (224 538)', 'overdracht Berend Bos (382 815)'; twenty-first round: dev83)
        r"\d{3}[ ]\d{3}(?=\))|"
        # (three digits and three, two and four: 'Pat. Lars (238-309)', 'patiënt B. Polat (88-3303)'; not a month and its
        # year; twenty-second round: dev92, dev94)
        r"\d{3}-\d{3}(?!\d)|(?!(?:0[1-9]|1[0-2])-(?:19|20)\d\d)\d{2}-\d{4}(?!\d)|"
        # (a registration number or a detainee's: 'moeder van Visser (567 9532) belde', '(97 07 26 408)', '(880222-466)';
        # issue 17, twentieth round: dev79)
        r"\d{3}[ ]\d{4}(?!\d)|\d{2}[ ]\d{2}[ ]\d{2}[ ]\d{3}(?!\d)|\d{6}[-.]\d{3}(?!\d)|"
        # (or grouped 3-2-2 by dots, as a penitentiary writes it: 'Tavares, I. (690.18.22)'; twenty-fifth round: dev105)
        r"\d{3}\.\d{2}\.\d{2}(?=\))|"
        # (four digits only before the birth date's word: 'rahaf kassab (7416, geb 2011-08-07)'; fifteenth round: dev34)
        # (or before the age or a colon after the bracket: 'Pt: Hylke Boersma (5150), 46-jarige', '- Grzegorz Wójcik
        # (7994): extractie 26'; seventeenth round: dev52, after it was scored unseen)
        r"\d{5,7}|\d{4}(?=,[ \t]*(?:geb\.?|geboren)[ \t]*\d)|\d{4}(?=\),[ \t]*\d{1,3}[ \t-]?(?:jarige?|jaar|jr)\b)|(?!(?:19|20)\d\d)\d{4}(?=\):)|"
        r"(?:[A-Za-z]{1,2}\d{4,7}|\d{2,3}\.\d{3}|[A-Za-z]{1,4}-?\d{4,7})(?=,[ \t]*(?:geb\.?|geboren)?[ \t]*\d))"
        r"(?=\)|,[ \t]*(?:geb\.?|geboren)?[ \t]*\d)"
    )
    # A code field on the line that names the patient ('Patiënt: AL MASRI, Ghaith   Code: 705798-9'; fourteenth
    # round: dev23's lab work orders).
    # A study participant's code after its word ('Deelnemer DCN-P-0204', 'Deelnemersnr: XERO-05-092', 'deelnmr code
    # FLUOR-01-412'), or on a questionnaire's 'Code:' line with a dash in it ('Code: P3-326'); issue 17, fourteenth
    # round (dev29's research notes by another hand).
    _PARTICIPANT_PATTERN = (
        # (the word as typed in a hurry: 'Deelnmer:', 'deelnmr code', 'Ppn' for proefpersoonnummer)
        # (not the plural alone: 'deelnemers: 150' counts them)
        r"(?:\b(?:deelne?me?r(?:s?(?:code|nummer|nr))?|deelnmr(?:[ \t]?code)?|participant(?:[ \t]?(?:code|id|nr))?|ppn|"
        r"proefpersoon(?:nummer|nr)?|studie(?:nummer|code|-?id))\.?:?[ \t]*|"
        r"(?<![^\n])[ \t]*code[ \t]*:[ \t]*(?=[a-z]{1,6}\d?-|[a-z]{2,6}\d{4}))"
        r"(?P<v>[a-z]{1,6}(?:-[a-z]{1,3})?-?\d{1,6}(?:-\d{1,6})?|\d{3,8})(?![\w-])"
    )
    # Letters, a dash and five digits or more stand for one record wherever they stand ('KW-341029', 'P-096450').
    _LETTERED_PATTERN = r"(?<![\w./-])(?P<v>[A-Z]{1,4}-\d{5,8})(?![\w-]|[./]\d)"
    # A travel document's or an identity card's number after its word, letters and digits mixed ('Documento: XIW8SZLW0',
    # 'pasaporte NNM86VNL1', 'Persoonsnr.:1983040692'), and a case's letters, year and serial wherever they stand
    # ('Dossiernr. MU: MU-27-74966', '(referencia MU-27-66093)'). Issue 17, twenty-fifth round: dev109's Caribbean
    # patients by another hand, kept unread until the round's rules were written.
    _DOCUMENT_PATTERN = (
        r"(?i:\b(?:pasaporte|paspoort(?:nummer|nr)?|passport(?:[ \t]no\.?)?|documento|persoonsn(?:umme)?r|"
        r"id-(?:kaart|nummer|nr)|identificatienummer|c[eé]dula|sedula|crew[ \t]+(?:no|id|number|nr)|seaman'?s[ \t]+book)\.?(?:[ \t]*/[ \t]*id(?:[ \t]*(?:nr|nummer|no)\.?)?)?)"
        r"[ \t]*:?[ \t]*"
        r"(?P<v>(?=[A-Z0-9]*\d)[A-Z0-9]{6,12})(?![\w-])"
    )
    _CASE_CODE_PATTERN = r"(?<![\w./-])(?P<v>[A-Z]{2,4}-\d{2}-\d{4,6})(?![\w-]|[./]\d)"
    # A flight's booking reference, six letters and digits after its word ('Booking ref (PNR): H5EJ7H', 'boekingscode
    # 8FTJWB'), and an invoice's number in English ('Invoice no.:F2026-9101', 'FACTUUR / INVOICE F2026-0498'). Issue 17,
    # twenty-sixth round: dev112's travellers by another hand, kept unread until the round's rules were written.
    _BOOKING_PATTERN = (
        r"(?i:\b(?:booking[ \t]+ref(?:erence)?|boeking(?:sref|scode|snummer)?|reserveringscode|record[ \t]+locator)"
        r"(?:[ \t]*\(PNR\))?)[ \t]*:?[ \t]*(?P<v>[A-Z0-9]{6}|[A-Z]{2,5}-[A-Z0-9]{4,8})(?![\w-])"
        r"|\bPNR[ \t]*:?[ \t]*(?P<v>(?=[A-Z0-9]*\d)[A-Z0-9]{6})(?![\w-])"
        r"|(?i:\binvoice(?:[ \t]+(?:no|nr|number|#)\.?)?)[ \t]*:?[ \t]*(?P<v>" + _PATIENT_CODE + r")(?![\d.]\d|\d)"
    )
    _CODE_ON_PATIENT_LINE_PATTERN = (
        r"(?<![^\n])[ \t]*(?:pati[eë]nt|naam)[ \t]*:[^\n:]{2,80}?[ \t]code[ \t]*:[ \t]*(?P<v>"
        + _PATIENT_CODE
        + r")(?![\d.]\d|\d)"
    )
    # A record's key opening its row before the name it files, surname first or initials first, in a list, a table or
    # a CSV line ('70634-08  PATTIASINA, A.R.  BSN ...', 'P-244454 | DARWISH, R.T. |', '74249-03;Koster, S.Y.;',
    # '71150-04;M.T. Woldemichael;'; issue 17, tenth round: dev16's exports).
    _ROW_KEY_PATTERN = (
        # (or two or three digits, a dash and three: '- 828-915 Buitenhuis, B., C13'; twenty-second round: dev94)
        # (or seven digits grouped by dots or a space: '08:30  573.96.32  Kromodikoro, Emre', '10:00\t628 2849\tDE VRIES,
        # Henk'; twenty-fifth round: dev105's session lists at a penitentiary)
        # (or letters glued to four digits or more, or a slash between: '08:00 B65119      DASWANI, VIKRAM', 'EUX/246719',
        # 'KRA5075'; issue 17, thirty-seventh round: dev156's island agendas by another hand)
        r"(?<![\w.,:/-])(?P<v>[A-Z]{1,4}[-/]?\d{4,8}(?:[-/]\d{1,6})?|\d{4,8}[-/]\d{1,6}|\d{5,8}|\d{2,3}-\d{3}(?!\d)|"
        r"\d{3}\.\d{2}\.\d{2}(?![\d.])|\d{3}[ ]\d{3,4}(?![\d.]))"
        r"(?=(?:[ \t]{2,}|\t|[ \t]*[|;][ \t]*)(?:[A-ZÀ-ÞĀ-ɏ][\w'’-]+(?:[ \t][\w'’-]+){0,3},[ \t]?[A-ZÀ-ÞĀ-ɏ]|"
        r"(?:[A-Z]\.){1,4}[ \t]?[A-ZÀ-ÞĀ-ɏ][a-zß-öø-ÿ]))"
    )
    # A code closing the patient's line after the name and a comma ('Pt: Lieke de Winter, 2026/6700', 'Pt: SHEVCHENKO,
    # Oksana, 2026/5544'), or after the initials and a slash where the label names it ('Patiënt (initialen + pnr): X.W. /
    # KL-0303-95'). Issue 17, seventeenth round: dev47's remake complaints and dev50's feedback forms by other hands.
    # (also on an incident's or a client's line, with a birth date after it or in brackets: 'Betrokken patiënt: Ilias
    # Azzouzi, 40.33703, geb. ...', 'Patiënt: Prins, M., 35.19951', 'Cliënt: Koster, Matthias (3258-6486)'; issue 17,
    # thirty-seventh round: dev154's special care by another hand)
    _CODE_CLOSING_PATIENT_LINE_PATTERN = (
        r"(?im:^[ \t]*(?:betrokken[ \t]+)?(?:pt|pat|pati[eë]nte?|patient|cli[eë]nte?)\.?[ \t]*:[ \t]*[^\n:]{3,60}?,[ \t]*"
        # (or a year and a serial before the BSN: 'Pt: De Groot, R., 27 jaar, 2024-7489, BSN 501414733'; issue 17,
        # thirty-eighth round: dev157's consultation notes by another hand)
        r"(?P<v>\d{4}/\d{3,5}|[A-Z]{1,3}-?\d{4,8}|[A-Z]{1,3}-\d{4}-\d{2}|\d{2,3}\.\d{4,6}|(?:19|20)\d\d-\d{4}(?=,[ \t]*bsn))"
        r"(?:[ \t]*$|(?=,[ \t]*(?:geb|bsn)))"
        r"|^[ \t]*(?:pati[eë]nte?|cli[eë]nte?)[ \t]*:[ \t]*[^\n:()]{3,60}?[ \t]\((?P<v>\d{4}-\d{4}|\d{2,3}\.\d{4,6})\)"
        r"|\bpnr\)?[ \t]*:[^\n/:]{1,14}/[ \t]*(?P<v>[A-Za-z]{0,4}[-/]?\d{4,8}(?:-\d{1,4})?)(?![\w/-]))"
    )
    # A record code in a list's own cell, in brackets or after '#', in the shapes a clinic's system gives it: letters, a
    # year and a serial ('PI-26-57831'), letters and a dot ('PAR.73332'), a year and a serial after a slash
    # ('2026/26307'): 'Wiśniewska, A.L.<tab>PI-26-57831<tab>+31 30 ...', 'dariush rahimi (PAR.73332)', 'ROSARIA, Chanelva
    # #2026/63537' (issue 17, seventeenth round: dev54's recall lists by another hand). Not a treatment code ('T022').
    _CODE_CELL_PATTERN = (
        # (or a Defence registration number, the birth date and three digits: '| KPL | 831016.480 |', '| 79.01.19.178 |';
        # twenty-fifth round: dev108's military dental cards by another hand)
        r"(?:(?<=[|;\t])|(?<=[|;][ \t])|(?<=\()|(?<=#))(?P<v>(?-i:[A-Z]{1,4})-\d{2}-\d{4,6}|(?-i:[A-Z]{2,4})\.\d{4,7}|"
        r"\d{6}[ .]\d{3}|\d{2}\.\d{2}\.\d{2}\.\d{3}|"
        r"(?:19|20)\d{2}/\d{4,6})(?=[ \t]*[|;\t)]|[ \t]*$)"
        # (or letters glued to five digits or more closing a line after a comma or a semicolon: '... paracetamol 500 mg
        # genoteerd, RL39022', '...; ort78145': dev53's message notes)
        r"|(?<=[,;][ \t])(?P<v>(?-i:[A-Z]{2,3}|[a-z]{2,3})\d{5,7})(?=[ \t]*(?:\n|$))"
    )
    # Two codes after the plural of the label, apart by a slash ('Pt.nrs KP-14326 / kp14227', 'Pt.nrs OW/20/4998 /
    # OW/24/8164'; issue 17, seventeenth round: dev52's SMS reminders, after the part was scored unseen).
    _PLURAL_CODE = r"(?:[A-Za-z]{0,3}[ /-]?\d{2}/\d{4}|[A-Za-z]{2,3}[ -]?\d{4,6}|\d{4,7})"
    _PLURAL_LABEL_PATTERN = (
        r"(?<=\bpa?t\.?[ -]?nrs\.?:?[ \t]+(?:"
        + _PLURAL_CODE
        + r"[ \t]*/[ \t]*)?)(?P<v>"
        + _PLURAL_CODE
        + r")(?![\w/-])"
    )
    # After a name and a dash, ending its phrase ('Inzake: Aukje Sikkema - 31.002.157', '• W. Abdullahi - 467.751,
    # 83 jaar', 'Terpstra-Veldman - K 45724').
    # Also between dashes, before the age ('Patiënt: Kennedy, Teun – P-761512 – 75 jaar', '... – 2023-3236 – 24 jaar').
    _AFTER_NAME_PATTERN = (
        r"(?:(?<=[^\W\d_] [-–] )|(?<=[^\W\d_]\. [-–] ))(?P<v>"
        + _LETTERED_CODE
        # (a year and a serial closing a heading's line too, not a span of years: 'Titratie MRA (Klearway) de heer Van
        # Damme – 2025-9496'; issue 17, thirty-eighth round: dev157's titration logs by another hand)
        + r"|(?!(?:19|20)\d\d-(?:19|20)\d\d(?!\d))\d{4}-\d{4}(?=[ \t][-–][ \t]|[ \t]*(?:\n|$)))"
        r"(?=[,;)]|[ \t]*$|[ \t]*\n|[ \t][-–][ \t])"
    )
    GATES = {
        "public health case number": r"HPZ[ -]\d|GGD-[A-Z]|IZB/|\d\d-[A-Z]{2,3}-\d{3}|\d-C\d",
        "crew code in a crew list": r"\b(?:CPT|CA|FO|SO|PUR|SCCM|CCM|FA)[ \t][A-Z]{3,6}[ \t]\(",
        "record system's number": r"\d{3}\.?\d{4}",
        "bracketed": r"[(\[]#?(?:[A-Za-z]{1,3}[ /-]?\d\d|\d{2,4}[./]\d|\d{4}-\d)",
        "hash": r"#[A-Za-z\d]",
        # Found from its spaced dash: ``re`` skips to it, where '\w' first tried every letter (issue 17, eleventh
        # round: 4.3 -> 0.6 ms of 700 notes). The same texts pass: the look-behind reads the word character before.
        "after name": r"(?: - | – )(?:(?<=\w [-–] )|(?<=\w\. [-–] ))[A-Za-z]{0,3} ?\d",
        "file name": r"(?i)\.(?:jpe?g|png|dcm|csv|pdf|docx?|xlsx?|txt|zip|tiff?|stl)\b",
        "after the birth date cell": r"\d\d[ \t]*\|[ \t]*(?:[A-Z]{1,4}[-/.]?\d{4}|\d{4}-\d{4}|\d{5})",
        "after betreft": r"[Bb]etreft:?[ \t]",
        "bracketed after name": (
            r"\((?:nr\.?[ \t]?)?(?:\d{1,6}[-.]\d|\d{5}|\d{4}[,)]|\d\d \d{3} \d|\d{3} \d{3,4}|\d\d \d\d \d\d \d|[A-Za-z]{1,4}-?\d{4})"
        ),
        "row key": _row_key_gate,
        # One class of first characters, then which of them opens each branch, looked back at: ``re`` skips to a
        # first character at C speed, where two branches, each led by its own class, were tried at every position of
        # every note (the same texts pass; 2.4 -> 0.7 ms of 700 notes, none of which passes).
        "code cell": r"[|;\t(#,](?:(?<=[|;\t(#])[ \t]?(?:[A-Za-z]{1,4}[-.]\d\d|(?:19|20)\d\d/\d{4}|\d{6}[ .]\d|\d\d\.\d\d\.)"
        r"|(?<=[,;])[ \t][A-Za-z]{2,3}\d{5})",
        # letters, a dash, five digits: in the note's shape (``shape_gate``)
        "lettered code": shape_gate(rb"a-00000"),
        "case code": shape_gate(rb"a-00-0000"),
        # what a court's number holds, from its slash: '/07/', '/24/'
        "court": r"/\d\d/",
        "record number by its shape": shape_gate(
            rb"000-0000-0|00\.00\.000|a/0000/0|a-0000-0000|a 00/0000|a/00/0000|a-00/0000|" + DISCIPLINARY_CASE_SHAPE
        ),
        "chip or band": shape_gate(rb":[0a]{2}:[0a]{2}:|0000 0000 0000|04[0a]{12}"),
        "registration after its time": r"[:.](?<=\d[:.])[0-5]\d[ \t](?:reg[ \t]|\|)|EHBO-reg\.|ehbo-reg\.|reg\.nr\.",
        "year letters serial": shape_gate(rb"0000/aa"),
        # a plate's dashes round its middle group: in the note's shape
        # (a letter beside a digit across a dash, which no date has)
        "licence plate": shape_gate(rb"-(?:(?<=a-)0|(?<=0-)a)"),
        "payment reference": shape_gate(rb"0000[ .-]0000[ .-]0000[ .-]0000"),
        "petition after a court's case": shape_gate(rb"a/00/00000"),
        "letters and six digits": shape_gate(rb"a 000000"),
        # Two spaces or tabs and the birth date's word, which every match reads after its code: its trigger 'geb' passes
        # a third of the notes, where the pattern (a look-behind first) was tried at every position, 4 ms of 700 notes
        # for no match (issue 17, seventeenth round). In 'g', 'e' and 'b' a case-insensitive match reads only them.
        "before the birth date": r"[ \t][ \t](?i:geb)",
    }
    FLAGS = CASE_INSENSITIVE
    REGIONS = {"after betreft": _betreft_lines}
    # Both open with a look-behind, which ``regex`` tried at every position of a note its gate let through (27 and 45
    # of 700, 2.3 ms each): tried only right after a spaced dash, or after an opening bracket with a space or tab
    # before it, which those look-behinds end in (issue 17, fifteenth round).
    STARTS = {"after name": _after_spaced_dash, "bracketed after name": _after_spaced_bracket}
    # Tried where one of its words stands (``CUES``): its triggers ('code', 'file', 'start', 'melding') pass many notes,
    # where the pattern, a case-insensitive alternation first, was tried at every position (twenty-eighth round).
    CUES = {
        "login or file code": cue_words(
            (
                *("inlogcode", "toegangscode", "login code", "logincode", "file", "case", "wristband", "polsband"),
                *("polsbandje", "startnummer", "startnr", "borstnr", "borstnummer", "chip-id", "chipid", "bandje"),
                *("melding", "verwendungszweck", "kenmerk"),
            )
        ),
        "travel pass or ride": cue_words(
            (
                *("pas", "pasje", "pasnummer", "pasnr", "valys", "valyspas", "valys-pas", "wmo", "wmo-pas", "rit"),
                *("ritnummer", "ritnr", "ride", "pass number", "klantnummer", "beschikkingsnummer", "regiotaxi"),
                *("regiotaxipas", "pasjenummer"),
            )
        ),
        "case or roll number": cue_words(
            (
                "klacht",
                "zaak",
                "zaaknummer",
                "zaaknr",
                "rolnummer",
                "rolnr",
                "rol",
                "rekestnummer",
                "rekestnr",
                "klachtnummer",
                "klachtnr",
                "kenmerk",
                "adviesvraag",
            )
        ),
    }
    # Where the context pattern can start, on the lower-cased text (``DutchPatternRecognizer.ANCHORS``): the first
    # letters of each word above ('nr' and 'nummer' for the number named first), not right after a
    # letter (its \b). Its triggers pass most notes ('nummer', 'pat'): 7.8 -> 6.0 ms of 700 (issue 17, eighth round).
    ANCHORS = {
        "context": r"(?<![a-zà-öø-ÿ])(?="
        + by_first_character(
            [*("pat", "pt", "pnr", "pn", "pid", "id", "cli", "dossier", "kaart", "reg", "relatie", "onder")]
            + ["bewoner", r"cl\.?[ \t]?nr", "leerling", r"pa[- ]?n", "case", "rapport", "letselschade", "declaratie"]
            + [*("inschrijf", "nr", "nummer", "epd", "uw", "ons", "onze", "kenmerk", "ref", "klant", "debiteur")]
            + [
                *(
                    "je",
                    "jouw",
                    "mijn",
                    "mutatie",
                    "factuur",
                    "facturen",
                    "machtigingskenmerk",
                    "melding",
                    "patient",
                    "our",
                )
            ]
            + [*("meld", "taj", "offerte", "contract", "gezin", "defensie", "zap", "klacht")]
            + [*("protocol", "protokol", "dosya", "hasta", "n\\.?º")]
            + [*("your", "file", "chart", "nhs", "zis", "znr", "ziekenhuis", "mrn", "deb", r"o\.v\.v", "hix", "ezis")]
            + [
                *(
                    "pers",
                    "werknemer",
                    "medewerker",
                    "employee",
                    "mdw",
                    "emp",
                    "badge",
                    "toegangsbadge",
                    "pasnummer",
                    r"v[- ]?n",
                    "vreemdelingen",
                    "tolk",
                    "gedet",
                    "detentie",
                    "isn",
                    "skn",
                )
            ]
            + [
                *(
                    "pasjint",
                    "pash",
                    r"pas\.?[ \t]?nr",
                    "journaal",
                    "nieuw",
                    "ingeschreven",
                    "rn",
                    "consult",
                    "zh",
                    "aangemaakt",
                    "aangelegd",
                    "familie",
                    "lab",
                    "dna",
                )
            ]
        )
        + ")"
    }

    def __init__(self, regexes: Sequence[str]) -> None:
        patterns = [
            Pattern("context", self._CONTEXT_PATTERN, 0.8),
            Pattern("bare cue", self._BARE_CUE_PATTERN, 0.8),
            # A machine's reference to the patient, the word glued to the number by '_' or '-' ('ref=pat_152122',
            # '"reference": "recall-24643"', 'afspraak-91501'; issue 17, twenty-first round: dev85's SMS gateway logs)
            Pattern(
                "reference key",
                r"(?<![\w-])(?i:pat|patient|pati[eë]nt|pt|recall|afspraak)[_-](?P<v>\d{4,10})(?![\w-])",
                0.6,
            ),
            Pattern("hash", self._HASH_PATTERN, 0.6),
            Pattern("bracketed", self._BRACKETED_PATTERN, 0.6),
            Pattern("file name", self._FILE_NAME_PATTERN, 0.6),
            Pattern("after name", self._AFTER_NAME_PATTERN, 0.6),
            Pattern("after betreft", self._AFTER_BETREFT_PATTERN, 0.6),
            Pattern("bracketed after name", self._BRACKETED_AFTER_NAME_PATTERN, 0.6),
            Pattern("row key", self._ROW_KEY_PATTERN, 0.6),
            Pattern("code on the patient line", self._CODE_ON_PATIENT_LINE_PATTERN, 0.6),
            Pattern("code closing the patient line", self._CODE_CLOSING_PATIENT_LINE_PATTERN, 0.6),
            Pattern("code cell", self._CODE_CELL_PATTERN, 0.6),
            Pattern("codes after a plural label", self._PLURAL_LABEL_PATTERN, 0.8),
            Pattern("participant code", self._PARTICIPANT_PATTERN, 0.6),
            Pattern("lettered code", self._LETTERED_PATTERN, 0.5),
            Pattern("document", self._DOCUMENT_PATTERN, 0.6),
            Pattern("case code", self._CASE_CODE_PATTERN, 0.5),
            Pattern("booking", self._BOOKING_PATTERN, 0.6),
            # A soldier's or a veteran's service number after its word, as the Defence wrote it: the birth date and
            # three digits, or eight digits grouped by dots ('Stamnummer 600325.026', 'Stamnummer 791029 408',
            # 'Stamnummer: 19.425.079'; issue 17, fortieth round: dev165's armed forces by another hand, kept unread
            # until the round's other rules were written)
            Pattern(
                "service number",
                r"(?i:\bstam(?:nummer|[ \t]?nr\.?))[ \t]*:?[ \t]*(?P<v>\d{6}[. ]\d{3}|\d\d\.\d{3}\.\d{3}|\d{8,9})"
                r"(?![\d.,]\d|\d)",
                0.6,
            ),
            # A court's case number in its standard notations, with or without its word ('zaaknummer C/07/474356 / BR RK
            # 24-931', 'rolnummer 10469152 CV EXPL 24-2628', 'Insolventienummer: F.01/24/552'), and a direct debit's
            # mandate after its word ('Machtigingskenmerk: GLIM-G-442526-01'): a debtor's file at the court or the bank
            # (issue 17, twenty-seventh round: dev116's debt collection by another hand, kept unread until the round's
            # other rules were written)
            Pattern(
                "court",
                r"(?<![\w/.-])(?P<v>C/\d\d/\d{5,7}(?:[ \t]*/[ \t]*[A-Z]{2}[ \t][A-Z]{2}[ \t]\d\d-\d{1,6})?|"
                # (an insolvency's also as 'F 09/25/35' and 'C/03/24/405 F'; issue 17, thirty-seventh round: dev153's
                # bankrupt practices by another hand)
                r"F[. ]?\d\d/\d\d/\d{1,5}|C/\d\d/\d\d/\d{1,5}(?:[ \t]F(?![\w]))?)(?![\w/-])",
                0.6,
            ),
            # A hospital's record number in the shapes its system prints, wherever it stands: three digits, four and a
            # check digit ('pnr 443-8473-9', 'Patient/132-7895-4'), two digits, two and three grouped by dots
            # ('Patiëntportaal (73.32.215)', 'uw kenmerk 32.81.126'); and an office's letters, a year and a serial
            # ('DO/2023/55921'). No date, amount, phone or tooth chart has these shapes (issue 17, thirty-seventh round:
            # dev153's and dev155's hospitals and archives by other hands).
            Pattern(
                "record number by its shape",
                r"(?<![\w.,-])(?P<v>\d{3}-\d{4}-\d|\d\d\.\d\d\.\d{3}|[A-Z]{2,4}/(?:19|20)\d\d/\d{4,6}|"
                # (and an authorisation's letters, year and serial: 'M-2025-27840', 'MU 26/8935', 'ZVK/25/51068'; issue 17,
                # thirty-seventh round: dev156's island insurance office by another hand)
                r"[A-Z]{1,3}-(?:19|20)\d\d-\d{4,6}|[A-Z]{2,3}[ ]\d\d/\d{4,5}|[A-Z]{2,4}/\d\d/\d{4,6}|"
                # (and a disciplinary court's case, its seat's letter, the year and a serial: 'Zaak: T2025/2010', 'inzake
                # E2025/1163', 'tuchtklacht Z2025/1398'; a complaint's file under the Wkkgz: 'WKKGZ-2025-0293'; issue 17,
                # thirty-ninth round: dev163's complaints and disciplinary law by another hand, kept unread until the
                # round's other rules were written)
                + DISCIPLINARY_CASE_NUMBER
                # (and an appeal of a detainee's medical complaint, its letter, the year's two digits, a serial and the
                # committee's letters: 'R-24/51971/GM'; issue 17, fortieth round: dev164's prisons by another hand)
                + r"|WKKGZ-(?:19|20)\d\d-\d{3,6}|[A-Z]-\d\d/\d{4,6}/[A-Z]{2,3})(?![\w/-]|[.,]\d)",
                0.6,
            ),
            # (and a subdistrict court's petition after its roll number and a slash: 'zaak-/rekestnummer: 9412413 \BM VERZ
            # 22-6394', '8577662 / BM VERZ 19-1939'; issue 17, thirty-second round: dev134's involuntary care by another
            # hand)
            Pattern(
                "court roll",
                # (or after a case number of the court's own shape: 'C/05/262532 MT VERZ 24-2306'; issue 17, fortieth
                # round: dev166's legal representatives by another hand)
                r"(?<![\w/.-])(?P<v>(?:\d{6,9}|C/\d\d/\d{5,7})[ \t]*(?:[/\\][ \t]*)?[A-Z]{2}[ \t](?:EXPL|VERZ)[ \t]\d\d-\d{1,6})"
                r"(?![\w/-])",
                0.6,
            ),
            # A case's code after its word, an occupational health service's or an agency's ('Zaaknummer: ZK-2027-83339',
            # 'zaaknummer bij Arbo Zorg Zuid is ZK-2026-84722', '(zaak V26.91214)'), and a court's roll number after its
            # word ('rolnummer CV EXPL 26-718', 'rolnr. HA ZA 26-329'; issue 17, twenty-ninth round: dev123's sick leave
            # and garnishment letters by another hand)
            # (and a youth court's petition number, after its word or the court's case number: 'rekestnummer: JE RK
            # 25-706', 'zaaknr. C/13/197283 / 26-2265', 'C/01/219714 FA RK 26-4665'; a reporting centre's advice
            # request after its word: 'adviesvraag 2025/888980'; issue 17, twenty-ninth round: dev124's child
            # protection by another hand, kept unread until the round's rules were written)
            Pattern(
                "case or roll number",
                r"(?i:\b(?:zaak(?:nummer|nr\.?)?(?:[ \t]+bij[ \t]+[^\n:]{1,40}?[ \t]+is)?|rol(?:nummer|nr\.?|[ \t]nr\.?)|"
                r"rekest(?:nummer|nr\.?)|klacht(?:nummer|nr\.?)|(?:kenmerk[ \t]+)?adviesvraag|"
                # (a complaint's number after its words, and in a mail's subject after whose it is: 'de klacht met nummer
                # 2025-KC-4', 'klachtnr.K25/651', 'klacht mw. Capriles – 2025-733'; issue 17, thirty-ninth round: dev163)
                r"klacht[ \t]+met[ \t]+(?:het[ \t]+)?nummer|klacht[ \t]+(?:dhr|mw|mevr)\.?[ \t]+[^\n–-]{1,40}?[ \t]+[–-]))"
                r"[ \t]*:?[ \t]*(?P<v>(?-i:[A-Z]{1,3}-?\d{2,4}[-.]\d{3,6}|[A-Z]{2}[ \t][A-Z]{2,4}[ \t]\d\d-\d{1,6}|"
                r"(?:19|20)\d\d/\d{4,8}|[A-Z]{1,3}\d\d/\d{2,5}|(?:19|20)\d\d-[A-Z]{1,4}-\d{1,5}|[A-Z]{2,3}[ \t](?:19|20)\d\d-\d{1,5}|"
                # (and a petition's number, the year's two digits and a serial: 'rekestnr.: 23-2869', '(rekestnr.
                # 23-9521)'; issue 17, fortieth round: dev166's legal representatives by another hand)
                r"(?:19|20)\d\d-\d{2,5}|"
                + DISCIPLINARY_CASE_NUMBER
                + r"|[A-Z]{4,6}-(?:19|20)\d\d-\d{3,6}|\d\d-\d{3,5}))"
                r"(?![\w/-]|[.,]\d)",
                0.6,
            ),
            # A travel pass's or a ride's number after its word, as a regional taxi, Valys or an ambulance's dispatch
            # writes it ('pasnr. RT 7873 95', 'Valys 32 220 027', 'ritnr 4290 3916/81079533', 'Beschikkingsnummer:
            # WMO/2026/249733', 'pass number 806 601'; issue 17, thirtieth round: dev127's patient transport by another
            # hand): the pass and the ride lead to one person's trips. Six digits at least, so 'pas 2 weken' stays.
            Pattern(
                "travel pass or ride",
                r"(?i:\b(?:(?:valys|wmo|regiotaxi)[- ]?)?(?:pas(?:je)?(?:[ \t]?(?:nummer|nr\.?))?|rit(?:[ \t]?(?:nummer|nr\.?))?"
                r"(?:[ \t]+retour)?|ride|pass[ \t]+number|klantnummer|beschikkingsnummer)\b\.?|\bvalys\b)"
                r"(?:[ \t]+(?:is|was|heeft[ \t]+nummer|nummre))?[ \t]*:?[ \t]*"
                r"(?P<v>" + _TRAVEL_CODE + r"(?:/" + _TRAVEL_CODE + r")?)(?![\w/-]|[.,]\d)",
                0.6,
            ),
            # An order's, a repair's or a made-to-measure device's number after its word, as a dental laboratory writes
            # them ('ordernr bo 26-03490', 'Nieuwe order: BO26-04161', 'REPARATIEBON R26-0610', 'Serienummer hulpmiddel:
            # BO26-01943-01'; issue 17, thirty-first round: dev129's laboratory by another hand): the work of one
            # patient; and a public prosecutor's or the forensic institute's case number after its word
            # ('parketnummer 18/757576-27', 'NFI-zaak 2026.07.24.010'; dev130's forensic odontology by another hand).
            Pattern(
                "order, repair or case number",
                r"(?i:\b(?:(?:lab)?orders?(?:nummer|nr\.?|[ \t]no\.?)?|reparatie(?:bon|nummer|nr\.?)|"
                r"serienummer(?:[ \t]+hulpmiddel)?|parketn(?:umme)?r\.?|nfi(?:-zaak|[ \t]zaak|[ \t]case)?|"
                # (an insurer's authorisation, a fraud investigation's file, a course's certificate, whose letters may
                # be a word: 'aanvraag MA-2026-033670', 'Machtigingsnummer: ma-2027-065549', 'Onderzoeksdossier
                # SO-2026-131', 'certificaatnummer CERT-2026-659269'; issue 17, thirty-second round: dev133's insurer
                # and dev135's courses by other hands)
                # (and a complaint's: 'klacht KL-2027-0305', 'Klachtnummer: KL-2027/0279'; thirty-fourth round: dev141's
                # complaint registrations by another hand)
                r"machtiging(?:snummer|snr\.?)?|aanvraag|onderzoeksdossier|certifica(?:at|te)(?:nummer|nr\.?|[ \t]id|"
                r"[ \t]no\.?)?|klacht(?:nummer|nr\.?)?))"
                # ('Ordernr: R-26-3318'; a user's check, twenty-third session)
                r"[ \t]*:?[ \t]*(?P<v>(?i:[a-z]{1,3})[ \t-]?\d\d-\d{4,5}(?:-\d\d)?|[A-Za-z]{1,3}\d{7}|"
                r"\d\d/\d{6}-\d\d|(?:19|20)\d\d\.\d\d\.\d\d\.\d{3}|(?i:[a-z]{1,4})[ -]?(?:19|20)\d\d[-/]\d{3,6})"
                r"(?![\w/-]|[.,]\d)",
                0.6,
            ),
            # A staff member's number, an airside pass's and a crew member's code after their words, as an airline's and
            # an airport's people are named in rosters, referrals and invoices ('staff number: 013 539 34', 'pers.nr.
            # 412 695 38', 'personeelsnummer # K-30.53.47', 'Schipholpas: S319.9676', 'airside pass no.: SP-236 4642',
            # 'Crew ID:INZK'), and a crew code before its holder's name in a crew list ('CPT AAJS (K.K. Sabajo)'). Issue
            # 17, thirty-sixth round: dev149's airport and airline staff by another hand.
            Pattern(
                "staff, pass or crew number",
                r"(?i:\b(?:staff[ \t]?(?:no\.?|number|nr\.?)|employee[ \t]?(?:id|no\.?|number)|pers(?:oneels)?\.?[ \t]?"
                r"(?:nr|nummer)\.?|mdw\.?[ \t]?nr\.?|medewerkers?(?:nummer|nr\.?)|werknemers?(?:nummer|nr\.?)|"
                r"(?:schiphol|luchthaven)pas(?:[ \t]?(?:nr\.?|nummer))?|airside[ \t]pass(?:[ \t]?(?:no\.?|number|nr\.?))?|"
                r"badge[ \t]?(?:nr\.?|no\.?|nummer|number)|pasnummer))[ \t]*(?:[:#][ \t]*)?"
                r"(?P<v>(?-i:[A-Z]{1,2})?[ -]?\d+(?:[ .\u00a0\u202f-]\d+){0,4})(?![\w-]|[.,]\d)",
                0.6,
            ),
            Pattern("crew code", r"(?i:\bcrew[ \t-]?(?:id|code))[ \t]*:?[ \t]*(?P<v>(?-i:[A-Z]{3,6}))(?![\w-])", 0.6),
            Pattern(
                "crew code in a crew list",
                r"(?-i:(?<=\b(?:CPT|CA|FO|SO|PUR|SCCM|CCM|FA)[ \t])[A-Z]{3,6}(?=[ \t]\())",
                0.6,
            ),
            # A public health service's case and contact numbers by their systems' shapes, wherever they stand (HPZone's,
            # Osiris', a GGD's own: 'HPZ 1354612', 'HPZ-1354612.015', 'GGD-MZ-2739766', 'IZB/HB/2027/18569.001',
            # '27-TB-10796/01'), and a contact's number after its word ('Contactnummer: 2717411-C39'): a case is a
            # person (issue 17, thirty-sixth round: dev151's contact tracing by another hand).
            Pattern(
                "public health case number",
                r"(?-i:(?<![\w/.-])(?:HPZ[ -](?:\d{4}-)?\d{6,8}|GGD-[A-Z]{2,4}-\d{5,8}|IZB/[A-Z]{2,4}/\d{4}/\d{3,6}|"
                r"\d\d-[A-Z]{2,3}-\d{3,6})(?:[./-]C?\d{1,3})?(?![\w/-]|[.,]\d)|"
                r"(?<=(?i:contact(?:nummer|nr\.?))[ \t]*:?[ \t]*)\d{6,8}-C\d{1,3}(?![\w-]))",
                0.6,
            ),
            # A register's or a file's number abroad after its word, as a translated birth certificate or adoption file
            # gives it ('Certificate No.: 2481', 'Case No. : 77C-2440', 'Registration No.: ET/509/2004', 'registre
            # 12/968', 'Expediente ICBF: 1978-1300', 'cédula 75.823.176', 'Dossier IBESR : IBESR-4817-2010'): a person's
            # record (issue 17, thirty-sixth round: dev150's adoptees by another hand).
            Pattern(
                "register number abroad",
                r"(?i:\b(?:(?:certificate|case|registration)[ \t]+no\.?|registre|expediente(?:[ \t]+[A-Z]{2,6})?|"
                # (with what it is and where it is from between: 'Cédula (Colombia): 1.036.433.405', 'Cédula de identidad
                # (Aruba) 2014 0804 94', the island's birth date and a serial apart; issue 17, thirty-seventh round: dev156's
                # Caribbean Netherlands by another hand, kept unread until the round's rules were written)
                r"c[ée]dula(?:[ \t]+de[ \t]+identidad)?(?:[ \t]*\([^()\n]{1,30}\))?|dossier[ \t]+ibesr))[ \t]*:?[ \t]*"
                r"(?P<v>(?:19|20)\d\d[ ]\d{4}[ ]\d\d(?![ ]?\d)|"
                r"(?=[A-Z]{0,6}[-/]?\d)(?=[\w/.-]{3})[A-Z\d]{1,8}(?:[-/.][A-Z\d]{1,8}){0,3})(?![\w-]|[.,/]\w)",
                0.6,
            ),
            # A passport's number after its word, in brackets, as a JSON key's value or after 'nr.' ('passport (HJPYR3HI8)',
            # '"passport": "MWC8UPWR4"', 'Trese bo paspoort (nr. GFZJ7ESV4)', 'Pasaporte ZWFH2HR37'): nine letters and digits,
            # one a digit at least (issue 17, thirty-seventh round: dev156's referrals abroad by another hand).
            Pattern(
                "passport",
                r"(?i:\b(?:passport|paspoort|pasaporte|passeport|reisepass)(?:[ \t]*(?:nr|no|number|nummer|n[uú]mero)\.?)?)"
                r"[\"']?[ \t]*[:(]?[ \t]*(?:(?i:nr|no)\.?[ \t]*)?[\"']?"
                r"(?P<v>(?=[A-Z]*\d)(?=\d*[A-Z])[A-Z0-9]{8,9})(?![\w-])",
                0.6,
            ),
            # A lab order's number in digits after its word ('Ordernummer:26-7587-4945', 'Ordernr.:8581873352',
            # 'Aanvraagnummer:1294923534'): a person's test (issue 17, thirty-fifth round: dev148's lab reports by
            # another hand).
            Pattern(
                "order number in digits",
                r"(?i:\b(?:(?:lab)?order|aanvraag)(?:nummer|nr\.?))[ \t]*:?[ \t]*(?P<v>\d\d-\d{4}-\d{4}|\d{6,12})"
                r"(?![\w/-]|[.,]\d)",
                0.6,
            ),
            # A code of two letter groups and a serial in brackets, a file's number as a letter's subject names it
            # ('verhuizing naar wisselwoning i.v.m. versterking (NCG-VD041911)'; issue 17, thirty-fourth round: dev144).
            Pattern(
                "two-letter-group code in brackets",
                r"(?<=\()(?P<v>[A-Z]{2,5}-[A-Z]{1,4}-?\d{5,8})(?=\))",
                0.6,
            ),
            # A care pathway's number after its word, letters in any case and a space perhaps ('Trajectnummer: btr
            # 3719533'; issue 17, thirty-fourth round: dev143's bariatric referrals by another hand).
            Pattern(
                "trajectory number",
                r"(?i:\btraject(?:nummer|nr\.?)?[ \t]*[:#]?)[ \t]*(?P<v>(?i:[a-z]{1,4})[ -]?\d{4,9})(?![\w-])",
                0.6,
            ),
            # A reference of letter and digit groups, two separators or more, after the word that calls it one
            # ('Registratienummer: ANVS-RG-2023-118742', 'ref. MZ-DCL-77120', 'Case-ID: 3S-CASE-7781-2204-KL', 'dossier
            # CZ/TA/2025/10442', 'huurcontract met nummer HC-88213-WUR'): capitals and digits, a group of three digits
            # or more; the thirty-third round's user check.
            Pattern(
                "lettered reference",
                # (and a compensation institute's case, a programme's dossier and a forwarding's number, with spaces or
                # a separator less: 'Zaaknummer: IMG 2023 154752', 'dossier NCG NCG-VD-045679', 'NCG VD 083622',
                # 'doorzending DZ-5920-8178-76'; thirty-fourth round: dev144 by another hand, kept unread until the
                # round's rules were written)
                r"(?i:\b(?:ref(?:erence|erentie)?\.?|kenmerk|case-?id|aanvraag(?:nummer|nr\.?)|registratie(?:nummer|nr\.?)|"
                r"dossier(?:[ \t]+[A-Z]{2,5}(?=[ \t]+[A-Z]))?|(?:huur)?contract(?:nummer|[ \t]+met[ \t]+nummer)?|"
                r"zaak(?:nummer|nr\.?)|doorzending(?:snummer|snr\.?)?))[ \t]*[:#]?[ \t]*"
                r"(?P<v>(?=[A-Z0-9/ -]*\d{3})[A-Z0-9]{1,5}(?:[-/][A-Z0-9]{1,8}){2,4}|[A-Z]{2,5}[- ]?[A-Z]{1,4}[- ]?\d{5,8}|"
                r"[A-Z]{2,5}[ ](?:19|20)\d\d[ ]\d{4,8}|[A-Z]{2}[ ]\d{4}[ ]\d{4}[ ]\d\d)(?![\w/-])",
                0.6,
            ),
            # A dosimetry service's badge number, an X-ray unit's serial number, a ZorgMail message's id and the
            # immigration service's V-number after their words ('Dosimeter: B-17711-8', 'oud dragernr. DM9507-496',
            # 'mijn dosimeter heeft nummer DM4520-942', '(SN A51V31168)', 'sn=A95V64779', 'ZorgMail-bericht
            # ZM-536556269', 'V-nummer: 2863 8463 81'); issue 17, thirty-third round: dev138's radiation protection and
            # dev139's foster care by other hands.
            Pattern(
                "badge or device number",
                # (also a log's key: 'device_sn=PX-4419-02388'; the thirty-third round's user check)
                r"(?i:(?:\b|(?<=_))(?:(?:buik|hand|ring)?dosimeter(?:nummer|nr\.?)?|drager(?:s)?(?:nummer|nr\.?)|"
                r"(?:buik)?badge(?:nummer|nr\.?)?|serie(?:nummer|nr\.?)|sn|s/n|serial|zorgmail(?:-bericht|[ \t]bericht)?|"
                r"v-(?:nummer|nr\.?)))(?:[ \t]+(?:heeft[ \t]+)?(?i:nummer|nr\.?))?"
                r"[ \t]*[:=]?[ \t]*(?P<v>\d{4}[ \t]\d{4}[ \t]\d\d|(?:[A-Z]{1,3}-?)?\d{1,5}[A-Z]?\d{2,8}(?:-\d{1,6})?|"
                r"[A-Z]{1,4}\d{1,4}-[A-Z]{0,2}\d{4,8})"
                r"(?![\w/-]|[.,]\d)",
                0.6,
            ),
            # A patient's number as the folder of their files ('ERROR brief.pdf /dossiers/P57902/verwijzing_....pdf niet
            # gevonden', '\\srv\\patienten\\004512\\'); issue 17, thirty-third round: dev137's system logs by another hand.
            Pattern(
                "number as a folder",
                r"[/\\](?i:dossiers?|pati[eë]nt(?:en|s)?|cli[eë]nt(?:en|s)?)[/\\](?P<v>[A-Za-z]{0,3}-?\d{4,9})(?=[/\\])",
                0.6,
            ),
            # A file's old number beside its new one, as a migration writes them: in brackets after the new one
            # ('Nieuw patiëntnummer: DC-0245014 (was: 3903)'), after the other practice's ('Uw patiëntnummer: 1748; bij
            # ons: 28947-6'), and a log's line from the old to the new or to none ('OK    02202 -> DC-0300380',
            # 'ERROR 04982 -> (geen)'); issue 17, thirty-first round: dev131's takeover by another hand.
            Pattern(
                "old number in brackets",
                r"(?<=\d)[ \t]?\((?i:was|voorheen|oud(?:[ \t]nummer)?|old|formerly)[ \t]*:?[ \t]*"
                r"(?!(?:19|20)\d\d\))(?P<v>[A-Za-z]{0,3}-?\d{3,8})\)",
                0.6,
            ),
            Pattern(
                "number at ours",
                r"(?i:(?:pati[eë]nt|klant)?(?:nummer|nr\.?)[ \t]*:?[ \t]*[\w-]{3,12}[;,][ \t]*(?:bij[ \t]+ons|bei[ \t]+uns|"
                r"ons[ \t]+nummer)[ \t]*:?[ \t]*)(?P<v>\d{3,8}(?:-\d{1,2})?)(?![\w-])",
                0.6,
            ),
            Pattern(
                "number mapped",
                r"(?<![\w.:/-])(?P<v>\d{4,8})[ \t]*(?:->|=>)[ \t]*(?:[A-Za-z]{1,4}[- ]?\d{5,9}(?![\w-])|"
                r"\((?i:geen|none|leeg|n/a)\))",
                0.6,
            ),
            # A club's or a sports federation's number for its member, after its word and perhaps the federation's letters
            # ('lidnr:877427', 'bondsnr. FBT99V2', 'relatienr KNHB KTS00C3', 'KNHB-relatiecode: DMV75D9'; issue 17,
            # thirty-first round: dev132's sports clubs by another hand): a member's file, as a patient number is.
            Pattern(
                "membership number",
                # (and in German, and a club's letters and a dash before the digits: 'Mitgliedsnummer HV-5530', 'lidnummer
                # RFC-2291'; the twentieth session's user check)
                r"(?i:\b(?:lid(?:maatschaps)?(?:nummer|nr\.?)|bonds(?:nummer|nr\.?)|licentie(?:nummer|nr\.?)|"
                r"relatie(?:code|nummer|nr\.?)|member(?:ship)?[ \t]+(?:number|no\.?)|mitglieds(?:nummer|nr\.?)))"
                r"(?:[ \t]+(?-i:[A-Z]{2,6})(?![\w]))?"
                r"[ \t]*[:#]?[ \t]*(?P<v>(?-i:(?=[A-Z0-9]{5,10}(?![\w-]))[A-Z]{0,4}\d[A-Z0-9]{2,9}|[A-Z]{1,4}-\d{3,6})|\d{4,9})"
                r"(?![\w-]|[.,]\d)",
                0.6,
            ),
            # A vessel's European number (ENI) or its radio identity (MMSI) after its word: where a skipper's family lives,
            # their home's number ('ENI:02867038', 'ENI nr 0458 0786', 'Europees scheepsnummer 0277 0399', 'mmsi
            # 244228014'; issue 17, thirty-second round: dev136's inland-shipping families by another hand, kept unread
            # until the round's other rules were written).
            Pattern(
                "vessel number",
                r"(?i:\b(?:eni(?:[- ]?(?:nr\.?|nummer))?|(?:europees[ \t]+)?scheepsnummer|mmsi))[ \t]*[:.]?[ \t]*"
                r"(?P<v>\d{4}[ \t]?\d{2}[ \t]?\d{2}(?!\d)|\d{9}(?!\d))(?![\w-]|[.,]\d)",
                0.6,
            ),
            # A person's numbers in brackets after the name, led by a zero as a system pads them ('Emre Gebremedhin (05221
            # en 00904, beide geb. 20-12-2018)': two record cards of one patient; issue 17, thirty-first round: dev131's
            # takeover by another hand). Not an area code before its number ('(0512) 911649').
            Pattern(
                "zero-led numbers in brackets",
                r"(?<=[^\W\d_.][ \t]\((?:0\d{3,6}[ \t]+(?:en|and|&|\+)[ \t]+)?)(?!0[89]00\))(?P<v>0\d{3,6})"
                r"(?=[ \t]+(?:en|and|&|\+)[ \t]+0\d{3,6}|[ \t]*[,;]|\)(?![ \t]*\d))",
                0.6,
            ),
            Pattern(
                "petition after a court's case",
                r"(?<![\w/.-])C/\d\d/\d{5,7}[ \t]*(?:/[ \t]*)?(?:[A-Z]{2}[ \t]RK[ \t])?(?P<v>\d\d-\d{1,5})(?![\w/-])",
                0.6,
            ),
            # A file's number of a year, letters and a serial ('mentorschap nr. 2019/MENT/3321'; the session's user
            # check)
            Pattern("year letters serial", r"(?<![\w/.-])(?P<v>(?:19|20)\d\d/[A-Z]{2,6}/\d{2,7})(?![\w/-])", 0.5),
            Pattern(
                "mandate",
                # (and a bank row's 'Machtiging: 558582-01', 'Machtiging: TA300492-01')
                # (or a log's 'mandaat=MDT-004520-01'; the twentieth session's user check)
                # (or a form's 'Mandaat-ID: BR2027-0935-M2', 'Mandate reference: REG2027-0294-M3', in any case; issue 17,
                # thirty-third round: dev140's payment plans by another hand)
                r"(?i:\b(?:machtiging(?:skenmerk)?|kenmerk[ \t]+machtiging|mandaat(?:kenmerk|referentie|-?id)?|"
                r"mandate[ \t]+(?:reference|ref\.?|id))[ \t]*[:=]?)[ \t]*"
                r"(?P<v>(?-i:[A-Z]{2,5}(?:-[A-Z0-9]{1,8}){1,3}|[A-Z]{0,3}\d{5,9}-\d{1,3})|"
                r"(?i:[a-z]{2,5})-?\d{4}-\d{3,5}-[A-Za-z]\d)(?![\w-])",
                0.6,
            ),
            # Sixteen digits in four groups of four: a payment reference ('betalingskenmerk 5027.8361.1660.8504', 'o.v.v.
            # 1164 0756 5185 3507') or a card's number, either of which finds the payer (issue 17, twenty-seventh round:
            # dev116's debt collection by another hand); and a portal's login code after its word ('met uw inlogcode
            # P56R-PSIW'), a file's code after the English word or a counsellor's 'kenmerk bewind' ('(file
            # MI-550018-24)', 'kenmerk bewind SRN/24/2522')
            # (or apart by dashes: 'o.v.v. 9117-5743-6479-4743'; issue 17, thirty-second round: dev133's insurer)
            Pattern("payment reference", r"(?<![\w.,-])(?P<v>\d{4}([ .-])\d{4}\2\d{4}\2\d{4})(?![\w-]|[.,]\d)", 0.6),
            Pattern(
                "login or file code",
                # (or a case's number in English, a wristband's, a runner's: 'Police case number 2024-ZW-009812', 'file
                # nr. 87/4412', 'in file 2211-A', 'wristband 88-44-1190', 'startnummer 12045'; twenty-eighth round: the
                # session's user check)
                r"(?i:\b(?:inlogcode|toegangscode|login[ \t]?code|file(?:[ \t]+(?:number|no|nr)\.?)?(?:[ \t]+is)?|"
                r"case[ \t]+(?:number|no|nr)\.?|wristband|polsband(?:je)?|startnummer|startnr\.?|borstnr\.?|borstnummer|"
                r"chip-?id|bandje|melding|verwendungszweck|"
                r"kenmerk[ \t]+(?:bewind|incasso|deurwaarder|schuldhulp))[ \t]*:?)[ \t]+"
                r"(?P<v>(?-i:[A-Z0-9]{4}-[A-Z0-9]{4}(?=[ \t.,)]|$)|[A-Z]{1,4}[-/]\d{2,6}[-/]\d{2,6}|\d{4}-[A-Z]{2}-\d{4,8}|"
                r"\d{2,6}[-/](?:\d{2,6}(?:-\d{2,6})?|[A-Z]{1,2})|\d{4,6}(?=[ \t]*[,.)]|[ \t]+[A-Z]|[ \t]*$)|"
                r"[A-Z]\d{3,6}|[A-Z]\d\d-\d{3,4}|[0-9A-F]{14}))(?![\w/-])",
                0.6,
            ),
            # A Dutch licence plate in any of its sidecodes ('XBZ-35-G', '7-njb-76', '96-NN-SZ'): letters without vowels
            # (no plate has one), in three groups of letters or digits apart by dashes; whose car it is, the registry
            # tells (issue 17, twenty-eighth round: dev119's incidents and camera logs by another hand)
            Pattern(
                "licence plate",
                "(?<![\\w-])(?P<v>"
                + "|".join(
                    "-".join(
                        {"L": "[B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]", "D": "\\d"}[c] + ("{%d}" % n if n > 1 else "")
                        for c, n in code
                    )
                    for code in _PLATE_SIDECODES
                )
                + ")(?![\\w-])",
                0.5,
            ),
            # A wristband's chip, seven bytes in hexadecimal ('04:CF:12:67:26:56:88', '04E9D72C9FFDFE'), and a band's or a
            # ticket's twelve digits in three fours ('0619 1712 2833'): whose band it is, the event's system tells; and a
            # first-aid post's registration after 'reg' or in a log's row after its time ('reg 27/0692 —', '21:46 |
            # ZFH-063 |'; issue 17, twenty-eighth round: dev120's event first aid by another hand, kept unread until the
            # round's rules were written)
            Pattern(
                "chip or band",
                r"(?<![\w:-])(?P<v>[0-9A-F]{2}(?::[0-9A-F]{2}){6}|04[0-9A-F]{12}|\d{4}[ ]\d{4}[ ]\d{4})(?![\w:-]|[ .]\d)",
                0.5,
            ),
            Pattern(
                "registration after its time",
                r"(?:(?<=\d[:.][0-5]\d[ \t]reg[ \t])|(?<=\d[:.][0-5]\d[ \t]\|[ \t])|(?<=(?i:ehbo-reg\.|reg\.nr\.)[ \t]))"
                r"(?P<v>(?:[A-Z]{1,4}\d{0,2}-?)?\d{2,4}(?:[-/]\d{2,4}){0,2}|[A-Z]{1,4}-\d{2,4})(?=[ \t]+[—|–-]|[ \t]*$|[ \t]*\n)",
                0.5,
            ),
            # A record card's number after its word, as a paper archive files it ('Kaart: 3302', 'zie kaart 96',
            # 'KAART No. A-5884', 'kaart K 5663', 'kaart 95/6578'; issue 17, twenty-seventh round: dev115's paper archive
            # by another hand)
            Pattern(
                "record card",
                r"(?i:\bkaart(?:[ \t]*(?:no|nr|nummer)\.?)?)[ \t]*:?[ \t]*"
                r"(?P<v>(?:[A-Z][ -]?)?\d{2,6}(?:/\d{2,5})?)(?![\w/-]|[.,]\d)",
                0.6,
            ),
            # A practice's letters, a space and six digits, as its system prints a record's number ('Patiënt: CMV
            # 205439', '(OM 313477)'); in every part 189 of 189 such codes were a patient's number, or a label before
            # one, or a batch ('LOT 801107'), which are left out (issue 17, twentieth round: dev74's invoices and letters
            # by another hand, kept unread until the round's rules were written).
            Pattern(
                "letters and six digits",
                # (nor an insurer's, whose number after it is a policy's: 'VGZ 987654')
                r"(?<![\w-])(?!(?:LOT|NR|ID|RRN|OK|BSN|AGB|BIG|UZI|REF|EUR|TEL|KVK|ISO|SN|"
                + "|".join(sorted(INSURER_ACRONYMS))
                + r")\b)[A-Z]{2,3} \d{6}(?![\w-]|[.,]\d)",
                0.5,
            ),
            # Three digits, a dot and four in a hospital record system's row after the patient's cell ('HiX | Sikkema,
            # Marijke | 846.4110 | ...'), or before a birth date ('focus Melnyk 623.3531 21-10-1943'): not a product's
            # catalogue number, which has the same shape ('BLT Roxolid | 4.8 × 12 mm | 021.8337'; issue 17, twenty-fourth
            # round: dev103's hospital dentistry by another hand).
            Pattern(
                "record system's number",
                r"(?:(?<=^[ \t]*(?i:hix|zis|ezis|epd)[ \t]*\|[^|\n]{2,60}\|[ \t]*)\d{3}\.?\d{4}(?=[ \t]*\|)|"
                r"(?<![\w.,-])\d{3}\.\d{4}(?=[ \t]+\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)?\d\d(?!\d)|[ \t]+\d{1,2}[ \t]+"
                r"\p{L}{3,9}\.?[ \t]+'?\d{2,4}(?!\d)))",
                0.5,
            ),
            # Capitals and five digits, as a clinic's system prints its record numbers ('Fien Paap (KCO 80520, 37)', '| KCO
            # 85520 |', 'KCO90928'): the capitals as written, no label, standard or batch (issue 17, twenty-third
            # round: dev97's orofacial pain clinic by another hand).
            Pattern(
                "capitals and five digits",
                r"(?<![\w-])(?!(?:LOT|NR|ID|RRN|OK|BSN|AGB|BIG|UZI|REF|EUR|TEL|KVK|ISO|NEN|DIN|EN|CE|EAN|UDI|GTIN|ICD|"
                r"ATC|SN|BTW|" + "|".join(sorted(INSURER_ACRONYMS)) + r")\b)(?-i:[A-Z]{2,4})[ ]?\d{5}(?![\w-]|[.,]\d)",
                0.5,
            ),
            # A code in its own column between a name and the birth date, as a label or a list prints them ('Label map:
            # MARTINA, D.  83665  geb. 3 september 1972'; issue 17, fifteenth round: dev34's archive labels).
            # A code in its own cell right after the birth date's, in a list whose rows are '|'-separated ('Bos Anouk |
            # 31 okt 1955 | PAT77687 | anouk.bos@...'; issue 17, sixteenth round: dev46's call-back lists).
            Pattern(
                "after the birth date cell",
                r"(?<=\d\d)[ \t]*\|[ \t]*(?P<v>(?:[A-Z]{1,4}[-/.]?\d{4,8}|\d{4}-\d{4}|\d{5,8})(?:[-/][A-Z0-9]{1,3})?)"
                r"[ \t]*(?=\|)",
                0.6,
            ),
            Pattern(
                "before the birth date",
                r"(?<=[ \t]{2})(?P<v>[a-z]{0,3}-?\d{4,8})(?=[ \t]{2,}geb(?:oren)?\b)",
                0.6,
            ),
        ]
        gates = dict(type(self).GATES)
        for i, expression in enumerate(regexes):
            body = expression.strip()
            body = body[1:] if body.startswith("^") else body
            body = body[:-1] if body.endswith("$") and not body.endswith("\\$") else body
            patterns.append(Pattern(f"source format {i}", r"(?<![\w-])(?:" + body + r")(?![\w-])", 0.9))
            # The same format as people retype it: the vendor's letters in any case, with or without the
            # separator before the digits, or another one ('EX004521' as 'ex004521', 'EX-004521', 'EX 004521';
            # 'P-1234567' as 'P1234567', 'p 1234567'). Only for formats that are letters then digits.
            loose = _LETTERS_THEN_DIGITS.sub(r"\1(?:[ .\-]?)\2", body, count=1)
            if loose != body:
                patterns.append(Pattern(f"source format {i} retyped", r"(?<![\w-])(?:" + loose + r")(?![\w-])", 0.8))
            simple = _SIMPLE_FORMAT.fullmatch(body)
            if simple:
                # Every match of the format, and of it retyped, holds its letters, a separator at most and its digits:
                # looked for once for both (``GATES``). Most notes have none, where each scan tried every position
                # (issue 17, eleventh round). In the note's shape (``shape_gate``: its letters 'a', its digits '0'),
                # with all its digits ('op 12' has a letter, a space and a digit; issue 17, twelfth round); on the
                # pattern's engine and flags where a letter is 'i', 'k' or 's', which a case-insensitive match also
                # reads in a character that is not ASCII ('ı', 'K', 'ſ': a '?' in the shape).
                letters, least = simple.group(1), int(simple.group(2) or 1)
                if set(letters.lower()) & set("iks"):
                    gate = re.compile(letters + r"[ .\-]?\d", self.FLAGS).search
                else:
                    # found from the digits: the letters are 'a' in most of the shape
                    head, digits = b"a" * len(letters), b"0" * least
                    gate = shape_gate(
                        digits + rb"(?:(?<=" + head + digits + rb")|(?<=" + head + rb"[ .\-]" + digits + rb"))"
                    )
                gates[f"source format {i}"] = gate
                if loose != body:
                    gates[f"source format {i} retyped"] = gate
        self.PATTERNS = patterns
        self.GATES = gates
        super().__init__()


# A source format that opens with letters and an optional dash before digits: '\bEX\d{6}\b', '\bP-\d{7}\b'.
_LETTERS_THEN_DIGITS = re.compile(r"^((?:\\b)?[A-Za-z]+)-?(\\d)")
# A source format of that shape and no more: letters, a dash or not, digits ('\bEX\d{6}\b', '\bP-\d{7}\b', the configs'
# own). Its letters then a digit are in every match (no alternation or group can lead elsewhere).
_SIMPLE_FORMAT = re.compile(r"(?:\\b)?([A-Za-z]+)-?\\d(?:\{(\d+)(?:,\d*)?\}|\+)?(?:\\b)?")


def patient_number_regexes(config_dir: Path) -> list[str]:
    """The ``patient_number.regex`` of every source config in ``<config_dir>/sources/*.yml``."""
    import yaml

    regexes: list[str] = []
    for path in sorted((config_dir / "sources").glob("*.yml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            log.warning("source config %s unreadable; its patient-number format is not recognised", path.name)
            continue
        spec = data.get("patient_number") if isinstance(data, dict) else None
        if isinstance(spec, dict) and spec.get("regex"):
            regexes.append(str(spec["regex"]))
    if not regexes:
        log.warning(
            "no patient_number.regex in %s; only context-marked patient numbers are recognised", config_dir / "sources"
        )
    return regexes


def _specialisms() -> str:
    from transforms import lexicon

    return lexicon.alternation("specialism_acronyms", spaces=r"[ \t]+")


_SPECIALISMS = _specialisms()


class ForeignNationalNumberRecognizer(ScanningRecognizer):
    """A foreign citizen's national number after its label (``national_number_labels.txt``: 'PESEL: 740817 01046',
    'CNP:6020908442628', 'EGN:9610256195', 'asmens kodas:36509102162', 'szem. az.: 2-641102-4452', 'TAJ szám
    545-394-640'): nine to thirteen digits in any grouping, reported as a BSN (the citizen's number, as the contract
    reports a Belgian's). The label is the evidence, so a mistyped digit still counts. Issue 17, thirtieth round:
    dev126's labour migrants by another hand, where 13 such numbers were published."""

    ENTITY = "BSN"
    SCORE = 0.8
    # What every label holds, looked for in the lower-cased text before the scan.
    _HINTS = ("pesel", "cnp", "egn", "егн", "kodas", "szem", "taj", "rodn", "osobn", "national id", "identification")

    def __init__(self) -> None:
        from transforms import lexicon

        self._label_number = std_re.compile(
            r"(?i:(?<![\w])" + lexicon.alternation("national_number_labels", spaces=r"[ \t]+") + r")(?![\w])"
            r"[ \t]*[:.#]?[ \t]*(?P<v>\d(?:[ \t.\-/]?\d){8,12})(?![\w]|[.,/-]\d)"
        )
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        lowered = text.lower()
        if not any(hint in lowered for hint in self._HINTS):
            return []
        return [
            RecognizerResult(self.ENTITY, *m.span("v"), self.SCORE, recognition_metadata=dict(self._meta))
            for m in self._label_number.finditer(text)
        ]


class YearFileCodeRecognizer(ScanningRecognizer):
    """A file's code of letters, a year and a serial, as a foundation, a municipality or a counsellor numbers one
    person's file, in any of the notations one office types it ('LW 2026/525', 'GZL2026.0295', 'gzl.2026.0295',
    'TNS-2026-0055', 'BB/2026/93697', '2026-BB-958970'). Not a registry's, a standard's or a score's letters
    (``study_code_not_prefixes.txt``: 'EU 2016/679'), nor letters a dictionary holds ('GIN', 'TB' stay: 'RK 24 651',
    'VIM-2025-022' are no person's files); the letters apart from the year by a space only in capitals, the year and
    the serial never (a court's 'BM RK 24 651'). Issue 17, thirtieth round: dev128's charity foundation by another hand, kept unread until
    the round's rules were written."""

    ENTITY = "PATIENTNUMMER"
    SCORE = 0.5

    def __init__(self) -> None:
        from transforms import lexicon

        self._not_prefixes = lexicon.words("study_code_not_prefixes")
        self._vocabulary = lexicon.dutch_vocabulary()
        self._english = lexicon.english_vocabulary()
        self._code = std_re.compile(
            r"(?<![^\W_]|[./#@-])(?:(?P<p>[A-Za-z]{2,4})(?P<s>[ ./-]?)(?P<y>(?:19|20)\d\d|[0-3]\d)[./-](?P<n>\d{3,7})"
            r"|(?:19|20)\d\d-[A-Z]{2,3}-\d{5,7})(?![^\W_]|@|[.,]\d|[-/]\w)"
        )
        self._shape = shape_gate(rb"a[ ./-]?00(?:00)?[./-]000|0000-aa")
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        if not self._shape(text):
            return []
        results = []
        for m in self._code.finditer(text):
            prefix = m.group("p")
            if prefix is not None and not self._file_letters(prefix, m.group("s"), m.group("y"), m.group("n")):
                continue
            results.append(
                RecognizerResult(self.ENTITY, m.start(), m.end(), self.SCORE, recognition_metadata=dict(self._meta))
            )
        return results

    def _file_letters(self, prefix: str, separator: str, year: str, serial: str) -> bool:
        letters = prefix.lower()
        if letters in self._not_prefixes or not (prefix.isupper() or prefix.islower()):
            return False
        if separator == " " and not prefix.isupper():
            return False
        return letters not in self._vocabulary and (len(letters) < 4 or letters not in self._english)


class ForensicNumberRecognizer(ScanningRecognizer):
    """The numbers an identification gives one person, in a text about identifying the dead or the missing
    (``forensic_context_words.txt``): the ante-mortem file of the missing person and the post-mortem number of the
    body ('AM-0020', 'PM-003', 'PM 53' in a disaster team's list). The comparison ties each to one person, as a
    patient number is tied. Issue 17, thirty-first round: dev130's forensic odontology by another hand, where 283 of
    its 863 file numbers were published. Capitals only, and not a time ('12 PM', 'PM 12:30')."""

    ENTITY = "PATIENTNUMMER"
    SCORE = 0.6
    # (with a country's letters and a year between: 'AM-NL-2026-0033'; the twentieth session's user check)
    _CODE = std_re.compile(
        r"(?<![\w/-])(?<!\d[ \t])(?:AM|PM)(?:-(?:[A-Z]{2}-)?(?:(?:19|20)\d\d-)?|[ \t](?=\d{1,3}(?!\d)))\d{1,4}"
        r"(?![\w-]|[.,:]\d)"
    )

    def __init__(self) -> None:
        from transforms import lexicon

        self._context = tuple(lexicon.words("forensic_context_words"))
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        if "M" not in text:
            return []
        lowered = text.lower()
        if not any(w in lowered for w in self._context):
            return []
        return [
            RecognizerResult(self.ENTITY, m.start(), m.end(), self.SCORE, recognition_metadata=dict(self._meta))
            for m in self._CODE.finditer(text)
        ]


class StudyNumberRecognizer(ScanningRecognizer):
    """A clinical study's numbers for one participant, in a text that is a study's (``study_context_words.txt``):
    the participant's code, the study's letters and the site's and participant's digits in any notation
    ('PRD-014-0231', 'PRD014-0231', 'prd_014_0231', 'PRD 014 0231', 'IMPC-0087', 'SCR-014-102', 'S014-183'), with a
    sample's material and visit after it ('PRD-014-0231/SAL/V2', 'IMPC-0050-PLQ-T0'); and the randomisation, kit and
    subject numbers after their words ('Kit no.: 17349', 'Rand.nr: 2038'; ``study_number_cues.txt``). The key file
    ties each to one person, as a patient number is tied. Issue 17, twenty-ninth round: dev121's clinical study by
    another hand, where 656 of its 1,100 participant numbers were published.

    A code whose letters are a word, a registry's, a standard's or a score's (``study_code_not_prefixes.txt``: 'NCT',
    'ISO', 'DPSI') is none; a year first ('METC 2023-123') is an ethics file's. A short code ('Impc-62') counts
    where the text writes its letters in a code that can only be a participant's: two groups of digits, four digits,
    or a sample's letters after it."""

    ENTITY = "PATIENTNUMMER"
    SCORE = 0.6

    def __init__(self) -> None:
        from transforms import lexicon

        self._context = tuple(lexicon.words("study_context_words"))
        self._not_prefixes = lexicon.words("study_code_not_prefixes")
        self._vocabulary = lexicon.dutch_vocabulary()
        self._english = lexicon.english_vocabulary()
        # The study's letters, a screening's letter perhaps ('IMPC-S-067'), the digits in up to three groups apart by
        # a dash, an underscore, a slash or a space, a sample's material and visit.
        self._code = std_re.compile(
            # (inside a file's name too, between underscores: 'SAE_PRD-014-0040_initial.pdf')
            r"(?<![^\W_]|[./#@-])(?P<p>[A-Za-z]{1,6})(?P<s>[-_/ ]?)(?:[A-Za-z][-_])?(?P<d>\d{2,4})"
            r"(?P<g>(?:[-_/ ]\d{2,6}){0,2})(?P<x>(?:[-_/][A-Za-z]{2,4}(?:[-_/][A-Za-z]\d{1,2})?)?)"
            r"(?![^\W_]|@|[.,]\d|[-/]\w)"
        )
        self._product_label = std_re.compile(
            r"\b(?i:ref|lot|sn|batch|art|cat)\.?(?:[ \t]?(?:nr|no)\.?)?[ \t]*[:#]?[ \t]*$"
        )
        # An ethics file's year first ('METC 2023-123'), a date ('IGJ 24-08-2026').
        self._year_or_date = std_re.compile(r"(?:19|20)\d\d[-_/ ]|\d{1,2}[-/]\d{1,2}[-/]\d{2,4}$")
        self._cue = std_re.compile(
            r"(?i:\b" + lexicon.alternation("study_number_cues", spaces=r"[ \t]+") + r")\.?[ \t]*:?[ \t]*"
            r"(?P<v>(?:[A-Za-z]{1,4}-?)?\d{3,6})(?![\w]|[.,/-]\d)"
        )
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        lowered = text.lower()
        if not any(w in lowered for w in self._context):
            return []
        codes: list[tuple[std_re.Match, str]] = []
        sure: set[str] = set()
        for m in self._code.finditer(text):
            prefix, digits, groups = m.group("p"), m.group("d"), m.group("g")
            letters = prefix.lower()
            if not self._study_letters(prefix) or groups and self._year_or_date.match(digits + groups):
                continue
            if self._product_label.search(text, max(0, m.start() - 12), m.start()):
                continue  # a product's reference or lot ('REF TP9482', 'LOT 22-0193')
            if len(prefix) == 1 and not (len(digits) == 3 and groups and m.group("s") != " "):
                continue  # one letter is a code's only with a site's and a participant's digits ('S014-183')
            codes.append((m, letters))
            # Apart by a space ('PRD 014 0231', 'MMSE 16/30', 'RK 19-700', an IBAN's bank and digits), a code counts
            # where the text writes its letters joined to their digits too.
            # (letters a dictionary holds count in capitals before a site's and a participant's digits: 'ABC-012-0345')
            if m.group("s") != " " and (
                (groups or len(digits) == 4 or m.group("x")) and not self._word(letters) or prefix.isupper() and groups
            ):
                sure.add(letters)
        results = [self._result(m.start(), m.end()) for m, letters in codes if letters in sure]
        results.extend(self._result(*m.span("v")) for m in self._cue.finditer(text))
        return results

    def _study_letters(self, prefix: str) -> bool:
        """A study's letters: one case throughout or a capital first ('PRD', 'prd', 'Impc'), no registry's,
        standard's or score's letters."""
        return (prefix.isupper() or prefix.islower() or prefix.istitle()) and prefix.lower() not in self._not_prefixes

    def _word(self, letters: str) -> bool:
        """Letters a dictionary holds ('subject', 'oral', 'tel'; English's of four letters or more, where its table
        holds abbreviations too: 'scr')."""
        return len(letters) > 1 and (letters in self._vocabulary or len(letters) > 3 and letters in self._english)

    def _result(self, start: int, end: int) -> RecognizerResult:
        return RecognizerResult(self.ENTITY, start, end, self.SCORE, recognition_metadata=dict(self._meta))


class InstitutionRecognizer(DutchPatternRecognizer):
    """Dental practices, clinics and hospitals by their Dutch naming pattern ('Tandartspraktijk De Glimlach')."""

    ENTITY = "INSTELLING"
    TRIGGERS = {
        "practice": (
            "andarts",
            "ondhygi",
            "ondzorg",
            "rthodontie",
            "dental",
            "tandheelkundig",
            "tandzorg",
            "kaakchirurgie",
            "mka-chirurgie",
            "implantologie",
            "parodontologie",
            "praktijk",
            "medisch",
            "ziekenhuis",
            "kliniek",
            "gezondheidscentrum",
            *("zorgcentrum", "verpleeghuis", "verzorgingshuis", "zorgboerderij", "hospice"),
            "tandtechni",
            "stichting",
        ),
        "special": ("tandheelkunde",),
        "hospital suffix": ("mc", "medisch", "ziekenhuis", "gasthuis", "kliniek", "zorggroep", "tandtechni"),
        "hospital prefix": ("mc",),
        "acronym after referral": ("verwezen", "verwij", "doorgestuurd", "overgedragen", "behandeld", "opgenomen"),
    }
    # The first letter in any case: 'orthodontiepraktijk Beugelhuis' names a practice as well.
    _KIND = (
        r"(?:(?i:t)andarts(?:en)?praktijk|(?i:k)indertandarts(?:en)?praktijk|"
        r"(?i:m)ondhygi[eë]n(?:e|isten)praktijk|Tandartsen(?:centrum|groep)?|"
        # (lower-case 'mondzorg' alone is care, not a practice: 'Betreft: mondzorg Wlz-cliënt Wytske de Jong'; issue 17,
        # thirty-seventh round: dev154's invoices by another hand)
        r"Mondzorg(?:centrum|praktijk|kliniek)?|mondzorg(?:centrum|praktijk|kliniek)|"
        r"(?i:o)rthodontie(?:praktijk|centrum)?|Dental\s(?:Clinics?|Care|Centre|Center|Studio)|Tandheelkundig\s"
        r"(?:Centrum|Instituut)|Tandzorg|Kaakchirurgie|MKA-[Cc]hirurgie|Implantologie(?:centrum|praktijk)?|Parodontologie"
        r"(?:centrum|praktijk)?|Praktijk\svoor\s\w+|Medisch\sCentrum|Ziekenhuis|Kliniek|Gezondheidscentrum|"
        # where a patient lives in care ('zorgcentrum De Wellen', 'verpleeghuis Het Anker'): an address, in effect
        r"(?i:w)oonzorgcentrum|(?i:z)orgcentrum|(?i:v)erpleeghuis|(?i:v)erzorgingshuis|(?i:z)orgboerderij|Hospice|"
        # a dental laboratory ('Tandtechnisch Laboratorium Berkeloever'; issue 17, thirty-first round: dev129's lab by
        # another hand)
        r"(?i:tandtechnisch\slab(?:oratorium)?)|"
        # a foundation, as most care institutions are ('Stichting De Waalborg', 'cliënt van Stichting Sterrenkamp'): not a
        # person's given name after a surname and a comma ('Uwe Köhler, Stichting Buitenhof Zuid'; issue 17,
        # thirty-seventh round: dev154's care institutions by another hand)
        r"Stichting)"
    )
    # (partners after an ampersand: 'Tandartspraktijk Postma & Partners'; dev131's takeover by another hand)
    # (not a treatment's code after 'voor': 'Dental Clinics Drachten voor F121A, F123A'; issue 17, thirty-second round:
    # dev133's insurer by another hand)
    _NAME = r"(?:[ \t](?:(?:de|het|van|'t|voor|aan|op|den|der|en|&)[ \t])*(?:(?![A-Z]\d)[A-Z][\w'’&.-]*|\d{1,3}))"
    # 'practice' tried only where the first word of one of its kinds stands (``CUES``): a word of its own, as a space or
    # tab follows every kind ('MKA-', 'mondhygi' before 'ë' are whole runs of ASCII letters too; 'Praktijk voor ...'
    # opens with 'praktijk'). Its keywords ('praktijk', 'andarts') pass half the notes, where the scan tried every
    # letter that may open a kind (issue 17, fifteenth round: 7.6 ms of 700 notes).
    KIND_FORMS = tuple(forms(_KIND.replace(r"Praktijk\svoor\s\w+", "Praktijk voor Mondzorg")))  # each kind as written
    CUES = {"practice": cue_words(KIND_FORMS)}
    PATTERNS = [
        Pattern("practice", r"(?<![\w])" + _KIND + _NAME + r"{1,4}", 0.7),
        Pattern("special", r"(?<![\w])Centrum voor Bijzondere Tandheelkunde(?:" + _NAME + r"{1,3})?", 0.6),
        Pattern(
            "hospital suffix",
            r"(?<![\w])[A-Z][\w'-]+(?:[ \t][A-Z][\w'-]+)?[ \t](?:MC|UMC|Medisch\sCentrum|Ziekenhuis|"
            # (or a dental laboratory, as a company: 'Berkeloever Tandtechniek B.V.')
            r"Gasthuis|Kliniek|Zorggroep|Tandtechniek(?:[ \t]B\.V\.)?)(?![\w])",
            0.6,
        ),
        Pattern("hospital prefix", r"(?<![\w])(?:UMC|MC)\s[A-Z][\w'-]+", 0.6),
        # An acronym where a referral names its destination ('verwezen naar ACTA', 'terugverwezen door het
        # UMCG'): an institution, unless it is a specialism (MKA, KNO: specialism_acronyms.txt) or a title
        # ('verwezen door DR. Vissers').
        Pattern(
            "acronym after referral",
            r"(?i:\b(?:verwezen|verwijzing|verwijst|verwijzen|doorgestuurd|"
            r"overgedragen|behandeld|opgenomen)[ \t]+(?:naar|door|in|bij|aan)[ \t]+(?:het[ \t]+|de[ \t]+)?)"
            r"(?P<v>(?!(?:"
            + _SPECIALISMS
            + r"|(?i:dr|drs|mr|prof|dhr|mw|mevr|pt))(?![\w]))[A-Z][A-Z&]{1,6}(?:[ \t][A-Z][a-z]+)?)(?![\w-])",
            0.6,
        ),
    ]
    CONTEXT = ["praktijk", "verwezen", "verwijzing", "ziekenhuis", "kliniek"]
    # An organisation of the country or the region by its own name ('Leger des Heils', 'Blijf van mijn Lijf',
    # 'Ministerie van Defensie'; ``organisations.txt``), whose capitalised words were taken for a name (issue 17,
    # seventeenth round: the ninth session's user check). Tried only where its first word stands.
    WORD_GATES = {"organisation": ("organisations",)}

    def __init__(self) -> None:
        from transforms import lexicon

        self.PATTERNS = [
            *self.PATTERNS,
            Pattern(
                "organisation",
                r"(?<![\w-])" + lexicon.alternation("organisations", spaces=r"[ \t]+") + r"(?![\w-])",
                0.6,
            ),
        ]
        super().__init__()


class CuedPlaceRecognizer(DutchPatternRecognizer):
    """A place after 'geboren in', 'woont in', 'verhuisd naar', 'afkomstig uit': also places no Dutch list has
    ('geboren in Paramaribo', 'woont te Almere-Haven')."""

    ENTITY = "LOCATIE"
    TRIGGERS = {
        "cued place": ("geboren", "woon", "wonend", "verhuis", "afkomstig", "geboortig", "opgegroeid", "geadopteerd"),
        "place field": ("geboorteland", "geboorteplaats", "herkomst", "woonplaats", "plaats"),
        "moving to": ("verhuis", "verhuiz"),
    }
    GATES = {
        "place after postcode": POSTCODE_SHAPE,
        "place before the date": r"[^\W\d_],[ \t]+\d",
        "place after a postcode abroad": r"\d{4,5}[ \t]+[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿA-ZÀ-ÖØ-Þ]",
        "place after a german postcode": GERMAN_POSTCODE_GATE,
    }
    PATTERNS = [
        # A letter's line of its place and its date, the whole line ('Turnhout, 16 mei 2027', 'Snits, 15/12/25'): also a
        # place no list has (issue 17, twenty-third round: dev97's referral letters from Belgium by another hand). Not a
        # weekday or a form's word before the date.
        Pattern(
            "place before the date",
            # (after a form's label for both, as a German one asks: 'Ort, Datum: Geilenkirchen, 9. März 2027     Unterschrift';
            # dev100's anamnesis forms)
            r"(?m)^[ \t]*(?:(?i:ort,?[ \t]*datum|plaats(?:[ \t]+en|,)[ \t]*datum|place[ \t]+and[ \t]+date)[ \t]*:[ \t]*)?"
            r"(?!(?i:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|datum|date|verzonden|"
            r"ontvangen|geprint|afgedrukt|gewijzigd|bijgewerkt)\b)"
            r"(?P<v>\p{Lu}[\p{Ll}'’]+(?:[ \t-](?:aan[ \t]de[ \t]|a/d[ \t])?\p{Lu}[\p{Ll}'’]+){0,2}),[ \t]+"
            r"(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}\.?[ \t]+\p{L}{3,9}\.?[ \t]+\d{4}|\d{4}-\d\d-\d\d)"
            r"(?=[ \t]*$|[ \t]{3,})",
            0.6,
        ),
        # The word(s) after a postcode, up to the end of the line or a comma, are the place, in any case
        # ('2354 JR KAYSERI', '8702AB  PARAMARIBO', '9405 ZZ  franeker'). Not unit letters ('1250 MG Ultracain').
        # Postcode letters in capitals, or glued in lower case ('2023 is bijgevoegd' is a year).
        Pattern(
            "place after postcode",
            r"(?<![\w-])[1-9]\d{3}(?!(?i:[ \t]?(?:sa|sd|ss|mg|ml|mm|cm|kg|km|gr|ie))(?![\w]))"
            # (two spaces between digits and letters, as a form aligns them: '2449  RG HAREN'; issue 17, thirty-eighth round:
            # dev159's dentists' letters by another hand)
            r"(?:[ \t]{0,2}[A-Z]{2}|[a-z]{2})[ \t]{1,3}(?P<v>(?:['’]s-)?\p{L}[\p{L}'’]+(?:[ \t-]\p{L}[\p{L}'’]+){0,2})"
            r"(?=[ \t]*(?:[\n,;)]|\.(?:[ \t]|$)|$))",
            0.6,
        ),
        Pattern(
            "cued place",
            r"(?i:\b(?:geboren|woont|wonend|woonachtig|verhuisd|verhuist|afkomstig|"
            # (or a child's country: 'geadopteerd uit Ethiopië'; issue 17, twenty-third round: dev101's families)
            # (or lately: 'Cliënt woont sinds kort in Echt'; issue 17, thirty-eighth round: dev158 by another hand)
            r"geboortig|opgegroeid|wonende|geadopteerd)(?:\s+(?:op\s+)?\d[\d./-]*\d|\s+sinds\s+kort|\s+tegenwoordig|\s+nu)?"
            r"\s+(?:in|te|naar|uit|vanuit)\s+)"
            r"(?P<v>" + NAME_WORD + r"(?:[ \t-](?:aan[ \t]de[ \t]|aan[ \t]|op[ \t]|"
            r"bij[ \t])?" + NAME_WORD + r"){0,3})",
            0.6,
        ),
        # The place after a postcode of four or five digits without letters, as Belgium and Germany write it, where a
        # street and its number stand before it on its line or the line before ('Rijksweg 37, 4600 Visé', 'Jülicher
        # Straße 57b\n52134 Herzogenrath'), or after the country's letter ('D-52062 Aachen'). Issue 17, twenty-third round:
        # dev100's practices on the borders by another hand, kept unread until the round's rules were written.
        Pattern(
            "place after a postcode abroad",
            # (or after a dash, the place in capitals: 'Kapucijnenvoer 129 - 1715 ANTWERPEN'; issue 17, thirty-eighth round:
            # dev159's claims letters by another hand)
            r"(?:(?<=\p{Lu}\p{Ll}{2,}[ \t]\d{1,4}[a-zA-Z]?,[ \t])|(?<=\p{Lu}\p{Ll}{2,}[ \t]\d{1,4}[a-zA-Z]?[ \t]*\n)|"
            r"(?<=\p{Lu}\p{Ll}{2,}[ \t]\d{1,4}[a-zA-Z]?[ \t]-[ \t])|"
            r"(?<![\w-])[BD]-)\d{4,5}[ \t]+(?!(?i:euro|eur|stuks)\b)"
            r"(?P<v>\p{Lu}(?:[\p{Ll}'’]+(?:[ \t-]\p{Lu}?[\p{Ll}'’]+){0,2}|\p{Lu}+(?:[ \t-]\p{Lu}+){0,2}(?![\w-])))"
            r"(?=[ \t]*(?:$|[,.;]|[ \t][—–-][ \t]|\((?:B|D|BE|DE|NL)\)))",
            0.6,
        ),
        Pattern("place after a german postcode", GERMAN_POSTCODE_AND_PLACE.replace("(?P<place>", "(?P<v>"), 0.6),
        # The place a family moves to, in any case, before the street in brackets ('wij verhuizen over 2 weken naar tiel
        # (tsjerkepaed 205)'; issue 17, twenty-third round: dev101's moving families by another hand).
        Pattern(
            "moving to",
            r"(?i:\bverhuiz\w*|\bverhuis[td])\b[^\n.()]{0,40}?\bnaar[ \t]+(?P<v>[^\W\d_][\w'’-]*)(?=[ \t]*\([^()\n]*\d)",
            0.6,
        ),
        # A form's field for where one lives or was born, its value in any case to the line's end ('Geboorteland:
        # Zuid-Afrika', 'Woonplaats: uithoorn' in a web form typed in lower case; the same round: dev101's adoption
        # intakes and contact forms).
        Pattern(
            "place field",
            # (or a form's bare 'Plaats:' and 'Geb.plaats:', as a settlement's signature and an insurer's form ask them:
            # 'Plaats: Haren', 'Geb.plaats:\tLoon'; issue 17, thirty-eighth round: dev159's claims by another hand)
            r"\b(?i:geboorteland|geboorteplaats|land[ \t]+van[ \t]+herkomst|herkomstland|woonplaats|geb\.[ \t]?plaats|plaats)"
            r"[ \t]*:[ \t]*"
            r"(?!(?i:onbekend|nvt|n\.v\.t|geen|idem|zie)\b)"
            r"(?P<v>\p{L}[\p{L}'’]+(?:[ \t-]\p{L}[\p{L}'’]+){0,2})(?=[ \t]*(?:$|[,;|)(.]))",
            0.6,
        ),
    ]


# Words after which a capitalised word is a person's name. Abbreviations may carry their dot
# ('dhr. Jansen'); full words may not, or every sentence after 'de tandarts.' would start with a name.
_ABBREVIATIONS = ("dhr", "mevr", "mw", "mr", "mej", "pt", "pte", "dr", "drs", "prof", "fam", r"t\.n\.v", "tnv", "mvg")
_ABBREVIATIONS += ("gr", "pa", "mh", "ha", "mrs", "ms", "miss")
# a dental assistant, as rosters and desk notes abbreviate her ('bij TA Azzouzi'; issue 17, fourteenth round: dev19)
_ABBREVIATIONS += ("ta",)
# the chair's assistant on a day list ('stoel 3 – W. Verstraete / ass. Juni'; issue 17, thirty-eighth round: dev157)
_ABBREVIATIONS += ("ass",)
# a brother and a sister of a church, as its council and deacons write them ('omdat br. Pikkie door ziekte ...', 'zr.
# Hiemstra'; issue 17, thirty-fifth round: dev145's reformed village by another hand)
_ABBREVIATIONS += ("br", "zr")
_CUE_WORDS = (
    *("mevrouw", "meneer", r"de\sheer", "pati[eë]nte?", "tandarts", "mondhygi[eë]niste?", "assistente?"),
    *("tandartsassistente?", "preventieassistente?", "collega", "huisarts", "kaakchirurg", "orthodontist"),
    *("cardioloog", "internist", "specialist", "moeder", "vader", "partner", "zoon", "dochter", "broer", "zus"),
    *("oma", "opa", "echtgeno(?:ot|te)", "man", "vrouw", "vriend(?:in)?", "contactpersoon", "ouder", "voogd"),
    *("familie", "gezin", "naam", "groetjes", "groeten", "groet", "behandelaar", "aan", "beste", "geachte", "lieve"),
    "dear",
    # (the undersigned of a Belgian form: 'Ik, ondergetekende MUKENDI Grâce, tandarts'; issue 17, twentieth round)
    "ondergetekende",
    *(r"ik\sben", r"ik\sheet", r"mijn\snaam\sis"),
    # (a request slip's field for the name and the number: 'Naam + reg.nr.: Popescu 416 2462'; issue 17, twenty-fifth
    # round: dev105's prisons by another hand)
    r"naam\s?\+\s?reg\.?\s?nr\.?:",
    # (a name given at birth, as an adoptee's file and letters write it: 'geboren als HIWOT WOLDE', 'mijn geboortenaam is
    # ANA LUCÍA ZAPATA GUTIÉRREZ'; issue 17, thirty-sixth round: dev150's adoptees by another hand)
    r"geboren\sals",
    r"geboortenaam\sis",
    # (a detainee, a co-suspect, a guard, and an adult's legal representatives: 'medeverdachte DOUWE BERNABELA',
    # 'bewindvoerder Latumahina'; issue 17, fortieth round: dev164's prisons and dev166's representatives by other hands)
    *("gedetineerde", "medeverdachte", "bewaarder", "bewindvoerder", "bewindvoerster", "curator", "mentor"),
)
_ABBREVIATION_CUES = r"(?i:" + "|".join(_ABBREVIATIONS) + r")\.?"
_WORD_CUES = r"(?i:" + "|".join(_CUE_WORDS) + r")"
_NAME_CUES = r"(?:" + _ABBREVIATION_CUES + r"|" + _WORD_CUES + r")"
# Where a cue can start, on the lower-cased text (``DutchPatternRecognizer.ANCHORS``): the cues as written above
# (all lower case, case-insensitive), not right after a letter (the pattern's \b; a letter is a word character on
# either engine, so no start is lost). Grouped by first letter: a look-ahead only asks whether one cue fits, so the
# order of the cues does not matter, and ``re`` tries one branch per letter instead of sixty cues (the anchor scan,
# most of the pattern's cost, 1.8x faster; issue 17, eighth round). With what follows every cue of the pattern (a
# colon or comma perhaps, then a space or tab): not where a cue opens a longer word ('aanvraag', 'mannen', 'patiënten'),
# 40% fewer starts to try (issue 17, ninth round).
assert not any(c.isupper() for c in _NAME_CUES)
NAME_CUE_STARTS = (
    r"(?<![a-zà-öø-ÿ])(?=" + by_first_character([a + r"\.?" for a in _ABBREVIATIONS] + list(_CUE_WORDS)) + r":?,?[ \t])"
)


# Letters of Polish, Turkish, Czech... names that Dutch words never contain (Dutch uses ë ï é ö ü è).
# Czech and Slovak carons, and Vietnamese letters (two diacritics, or a dot below: 'Nguyễn', 'Phạm', 'Trần').
FOREIGN_LETTERS = "łśćńżźşğıőűąęřťďůčžěňŁŚĆŃŻŹŞĞİŐŰĄĘŘŤĎŮČŽĚŇơưƠƯḀ-ỿ"


class ForeignLetterNameRecognizer(DutchPatternRecognizer):
    """A word with a letter Dutch vocabulary does not use is, in a Dutch note, almost always a name
    ('Wójcik' and 'Kamińska' alone at a sentence start, 'yılmaz' in lower case)."""

    ENTITY = "PERSOON"
    # The letter itself: most notes have none.
    GATES = {"foreign letters": "[" + FOREIGN_LETTERS + "]", "capitalised foreign letters": "[óñãõçäÓÑÃÕÄ]"}
    PATTERNS = [
        Pattern("foreign letters", r"(?<![\w@.])[\w'’-]*[" + FOREIGN_LETTERS + r"][\w'’-]*(?![\w@])", 0.5),
        # Letters Dutch writes only for stress ('óók', 'óf') or in loans: a name when the word is capitalised
        # ('Wójcik', 'Muñoz', 'Gonçalves', 'Magalhães', 'Fränkel'), also at a sentence start.
        Pattern("capitalised foreign letters", r"(?<![\w@.])\p{Lu}[\w'’-]*[óñãõçäÓÑÃÕÄ][\w'’-]*(?![\w@])", 0.5),
    ]


_WORDS_AND_COMMAS = std_re.compile(r"[\s,]+")

# The cues of LowerCaseCuedNameRecognizer's pattern (each written as the pattern writes it) and the header words that
# open a message's line ('van: imane ouarghi'); every entry ends its word in a match (a dot, colon, comma, space or tab
# follows), as each header word does (spaces or tabs, then a colon).
# The cues a name follows, and the form's questions a name answers (their own branch of the pattern, 'je?'/'ze?' after).
_LOWER_CASE_NAME_CUES = (
    *("naam", "achternaam", "voornaam", r"t\.n\.v", "tnv", "groetjes", "groeten", "groet", "mvg", r"m\.v\.g"),
    *(r"ik\sheet", r"mijn\snaam\sis"),
)
_LOWER_CASE_CUES = (*_LOWER_CASE_NAME_CUES, r"hoe\sheet", r"hoe\sheten")
_LOWER_CASE_CUE_WORDS = cue_words(form for cue in _LOWER_CASE_CUES for form in forms(cue))
_HEADER_WORD_LIST = ("van", "afzender", "from", "namens")
_HEADER_WORDS = frozenset(_HEADER_WORD_LIST)
# Where a cue can start, on the lower-cased text: not right after a letter (the pattern's \b), or a line's start
# before a header word; asked only where a cue's or a header's word stands (a check, not a scan).
_LOWER_CASE_CUE_AT = std_re.compile(
    r"(?<![a-zà-öø-ÿ])(?="
    + by_first_character(list(_LOWER_CASE_CUES))
    + r")|(?m:^)(?=[ \t]*(?:"
    + "|".join(_HEADER_WORD_LIST)
    + r")[ \t]*:)"
).match


def _lower_case_cue_starts(text: str, lower: str) -> list[int]:
    """Every offset, in order, where the lower-case cued name's pattern can start in ``text`` (``lower``: its
    :func:`keywords.lowered` form): where a cue's first word stands as a whole word of ``lower``
    (:func:`keywords.cue_starts`; the pattern has \b before a cue, and a non-letter after its first word), and the
    start of a line whose first word, after spaces or tabs, is a header word; each kept where a cue or header fits
    (``_LOWER_CASE_CUE_AT``). A superset of the pattern's starts, far fewer than the positions of the note."""
    fits = _LOWER_CASE_CUE_AT
    found = [at for at in cue_starts(text, lower, _LOWER_CASE_CUE_WORDS) if fits(lower, at)]
    headers = cue_starts(text, lower, _HEADER_WORDS)
    if headers:
        for at in headers:
            line = at  # the header word's line starts here if only spaces or tabs come before it
            while line and lower[line - 1] in " \t":
                line -= 1
            if (line == 0 or lower[line - 1] == "\n") and fits(lower, line):
                found.append(line)
        found = sorted(set(found))
    return found


_HEADER_COLON = std_re.compile(r"(?i:van|aan|betreft|naam|afzender)[ \t]*:")
# The same, lower case, for the lowered text (``keywords.lowered``: a case-insensitive pattern matches the text where
# its lower-case form matches the lowered text): ``re`` skips to the words' first letters, where the case-insensitive
# alternation was tried at every position (issue 17, seventeenth round: 2.8 -> 0.5 ms over dev's notes with a colon).
_HEADER_COLON_LOWER = std_re.compile(r"(?:van|aan|betreft|naam|afzender)[ \t]*:")


def _header_colon(text: str) -> object:
    """A header word and its colon in ``text`` (None: none), what every match of 'lower-case surname first' holds."""
    if ":" not in text:
        return None
    lower = lowered(text)
    return _HEADER_COLON.search(text) if lower is None else _HEADER_COLON_LOWER.search(lower)


class LowerCaseCuedNameRecognizer(DutchPatternRecognizer):
    """Lower-case names where only a name can follow: 'Naam: esther kok', 't.n.v. petra van vliet',
    'Mvg, femke yılmaz', 'ik heet piotr': up to four words, to the end of the line or sentence."""

    ENTITY = "PERSOON"
    TRIGGERS = {
        "lower-case cued name": (
            "naam",
            "t.n.v",
            "tnv",
            "groet",
            "mvg",
            "m.v.g",
            "heet",
            "van",
            "afzender",
            "from",
            "namens",
            "heten",
        ),
        "german introduction": ("hier",),
        "lower-case surname first": ("van", "aan", "betreft", "naam", "afzender"),
        "lower-case name after a role": (
            *("trainer", "trainster", "coach", "teammanager", "aanvrager", "pleegzorgwerker", "gezinsvoogd"),
            *("jeugdbeschermer", "psycholoog", "bewindvoer", "curator", "mentor"),
        ),
    }
    # Where a match can start (``STARTS``: :func:`_lower_case_cue_starts`): where a cue's first word stands, or a line's
    # start before a header word. 'van' is in almost every note: the trigger lets most notes through, where a scan
    # for the cues (the anchor, eighth round) read every position (issue 17, fourteenth round).
    STARTS = {"lower-case cued name": _lower_case_cue_starts}
    # 'lower-case surname first' needs its header word and colon ('betreft:', 'van :'): 'van' and 'aan' pass two thirds
    # of the notes, where the pattern, a line start first, was tried at every line and failed in all but a few (issue
    # 17, fifteenth round: 3.9 ms of 700 notes). A colon first: most notes without one are not searched.
    GATES = {"lower-case surname first": _header_colon}
    # 'van:' / 'afzender:' / 'betreft:' / 'aan:' open a message's header line ('van: imane ouarghi', 'bericht van: kok,
    # w.'): only at a line start (a word before at most), with colon. A name there may be written surname first, with
    # its initials or given name after a comma, and the patient's number after it ('betreft: linger, w. 790150', 'de
    # wit, gerda ptnr:25544'; issue 17, fourteenth round: dev19's desk messages).
    PATTERNS = [
        Pattern(
            "lower-case cued name",
            # the cues and header words as ``_lower_case_cue_starts`` finds them (one list for both)
            r"(?:(?i:\b(?:" + "|".join(_LOWER_CASE_NAME_CUES) + r")\.?)[:,]?|(?m:^)[ \t]*"
            r"(?i:" + "|".join(_HEADER_WORD_LIST) + r")[ \t]*:|"
            # a form's question to a child, answered on its line ('Hoe heet je?  zosia kidane', 'hoe heten ze?  filmon
            # (11)'; issue 17, thirteenth round)
            r"(?i:\bhoe[ \t]+heet[ \t]+je|\bhoe[ \t]+heten[ \t]+ze)[ \t]*\?)[ \t]+"
            # (initials in lower case before the surname: 't.n.v.: ç.j. bos', 't.n.v.: s.l. prins'; issue 17, fortieth round:
            # dev165's reimbursement forms by another hand, kept unread until the round's other rules were written)
            r"(?P<v>(?:(?:[a-zß-öø-ÿĀ-ɏḀ-ỿ]\.){1,3}[ \t]?)?[a-zß-öø-ÿĀ-ɏḀ-ỿ][\w'’-]+(?:[ \t][\w'’-]+){0,5}?)"
            # (or before the number's label that closes a request slip's name field: 'Naam: bas mars nr:437 8029',
            # 'Naam: ngatini de jong-moroz  regnr. 331 1640'; issue 17, fortieth round: dev164's prisons by another hand)
            r"(?=[ \t]*(?:[\n.,;:!?)(]|$)|[ \t]+(?i:reg\.?[ \t]?nr|regnr|nr)[.:])",
            0.5,
        ),
        # A German chat's introduction, the name before a comma ('hallo, hier ist hans-georg schwering, geb. 21.Mai';
        # issue 17, thirty-fifth round: dev147's border practices by another hand): not 'hier ist die rechnung, ...'.
        Pattern(
            "german introduction",
            r"\b(?i:hier[ \t]+ist)[ \t]+(?!(?i:die|der|das|den|dem|des|ein|eine|einen|alles|nichts|noch|mein|meine|unser|"
            r"unsere|ihr|ihre|dein|deine|was|wer|wo|es|er|sie|ich|wir|auch|schon|nur|jetzt|kein|keine)\b)"
            r"(?P<v>[a-zß-öø-ÿĀ-ɏḀ-ỿ][\w'’-]+(?:[ \t][\w'’-]+){0,2}?)(?=[ \t]*,)",
            0.5,
        ),
        # A lower-case name after the role of whoever calls about a child's accident ('Trainer senait habte van BV
        # Lions belt', 'coach yohana tesfamariam'; issue 17, fourteenth round: dev30's on-call notes by another hand):
        # one or two words, the second after particles.
        Pattern(
            "lower-case name after a role",
            # (not 'begeleider' or 'leider', common words in care notes: 'de begeleider groep 3')
            # (and who asked for a file, a foster child's workers: 'aanvrager maksym kovalenko tel 06...'; issue 17,
            # thirty-third round: dev139's audit logs by another hand)
            # (and an adult's legal representatives: 'bewindvoerder latumahina (Budgetbeheer Zuid B.V.)', 'bewindvoerder
            # van der linden'; issue 17, fortieth round: dev166's representatives by another hand)
            r"\b(?i:trainer|trainster|coach|teammanager|aanvrager|pleegzorgwerker|gezinsvoogd|jeugdbeschermer|psycholoog|"
            r"bewindvoerder|bewindvoerster|curator|mentor)"
            r"[ \t]*:?[ \t]+"
            r"(?P<v>[a-zß-öø-ÿĀ-ɏḀ-ỿ][\w'’-]+(?:[ \t](?:(?:van|de|der|den|el|al|ter|ten|da|dos)[ \t])*"
            r"[a-zß-öø-ÿĀ-ɏḀ-ỿ][\w'’-]+)?)",
            0.5,
        ),
        Pattern(
            "lower-case surname first",
            r"(?m:^)[ \t]*(?:[\w-]+[ \t]+)?(?i:van|aan|betreft|naam|afzender)[ \t]*:[ \t]*"
            r"(?P<v>(?:(?:van|de|der|den|ter|ten|te|'t|el|al)[ \t]+){0,3}[a-zß-öø-ÿĀ-ɏḀ-ỿ][\w'’]+(?:-[a-zß-öø-ÿ][\w'’]+)?"
            r",[ \t]?(?:(?:[a-z]\.){1,3}|[a-zß-öø-ÿĀ-ɏḀ-ỿ][\w'’-]+))"
            r"(?=[ \t]*(?:\n|$)|[ \t]+(?:\d|(?:pt|pnr|ptnr|pat)\b))",
            0.5,
        ),
    ]

    def invalidate_result(self, pattern_text: str) -> bool:
        """'groeten aan iedereen', 'groet, namens het team', 'betreft: controle, pijn': an ordinary word where the
        name would start, its particles aside ('naam: van leeuwen, lotte')."""
        words = [w for w in _WORDS_AND_COMMAS.split(pattern_text) if w]
        while len(words) > 1 and words[0] in _NAME_PREFIXES:
            words.pop(0)
        if not words or _not_a_name(words[0]):
            return True
        # Surname first after a header ('betreft: linger, w.'): initials after the comma, or a given name a list
        # knows ('de wit, gerda'), make it a name; else a word of the Dutch vocabulary is a subject there ('betreft:
        # controle, pijn') unless a list knows it as a name.
        if "," not in pattern_text:
            return False
        after = pattern_text.rsplit(",", 1)[1].strip()
        if after.endswith(".") or after in known_given_names():
            return False
        return words[0] in self._vocabulary and words[0] not in _known_names()

    @functools.cached_property
    def _vocabulary(self):
        from transforms import lexicon

        return lexicon.dutch_vocabulary()


def _name_sequence(word: str) -> str:
    """A name in running text: optional initials, then one to three ``word``s (a regex) with tussenvoegsels
    before and between them ('J.P. de Vries', 'Mei van der Berg')."""
    return (
        r"(?:"
        + INITIALS
        + r")?(?:"
        + PREFIX
        + r"[ \t](?:"
        + PREFIX
        + r"[ \t])?)?"
        + word
        + r"(?:[ \t](?:"
        + PREFIX
        + r"[ \t]){0,2}"
        + word
        + r"){0,2}"
    )


# A surname as practice software prints it, in capitals ('VELDE', 'WIERSMA-DE BOER' is two of them).
_CAPS_SURNAME = UPPER + r"[A-ZÀ-ÖØ-ÞĀ-ɏ'’]+(?:-" + UPPER + r"[A-ZÀ-ÖØ-ÞĀ-ɏ'’]+)?"


class CuedNameRecognizer(DutchPatternRecognizer):
    """A name after a Dutch title, role or kinship word: 'dhr. Öztürk', 'moeder Khadija', 'tandarts M. de Groot'."""

    ENTITY = "PERSOON"
    ANCHORS = {"cued name": NAME_CUE_STARTS}  # about half the cost of its case-insensitive scan
    # What every initials match holds, a capital and its dot: in a third of the notes (issue 17, twelfth round).
    TRIGGERS = {
        "titled initials": ("dhr", "mw", "mevr", "heer", "mevrouw"),
        "bank statement name": ("name",),
        "marked name": ("gemerkt", "gemarkeerd", "gegraveerd"),
        "initials after their word": ("initialen", "voorletters"),
    }
    GATES = {
        "initials surname": UPPER + r"\.",
        "titled initials": UPPER + r"\.",
        "capitals surname, initials": UPPER + r"\.",
        "review byline": r"[ \t][·•][ \t]",
        "handle after van": r"[ \t]@[\w.-]",
    }
    PATTERNS = [
        # Who wrote a review or a message, on its byline before a middle dot ('door Henk W. · vorige week', 'Review van
        # gijs_hof · 2 weken geleden', 'Bericht van @fatima-zahra.b00 · 14:02'): a screen name, a given name with a
        # surname's initial, or a name (issue 17, seventeenth round: dev51's reviews by another hand).
        Pattern(
            "review byline",
            r"\b(?i:door|van)[ \t]+@?(?P<v>[A-Za-zÀ-ÖØ-öø-ÿ][\w.-]*[_.\d][\w.-]*[A-Za-z\d]|"
            + NAME_WORD
            + r"(?:[ \t](?:(?:vd|v\.d\.|van[ \t]der|van[ \t]de|van|de)[ \t])?"
            + UPPER
            + r"\.|[ \t]"
            + NAME_WORD
            + r")?)(?=[ \t]*[·•][ \t])",
            0.6,
        ),
        # (a handle after 'van' or 'door' without the dot: 'Bericht van @fatima-zahra.b00')
        Pattern("handle after van", r"\b(?i:door|van)[ \t]+@(?P<v>[\w.-]*[A-Za-z\d])(?![\w@-])", 0.6),
        # The name on a resident's denture, glasses or clothes, in quotes after the word for marking it ("frame onder,
        # gemerkt 'J. DE WIT'", "gemerkt met naam 'M.L. CHAN'"): the marking is a name whatever its words (issue 17,
        # fifteenth round: dev35's nursing-home rounds).
        Pattern(
            "marked name",
            r"\b(?i:gemerkt|gemarkeerd|gegraveerd)(?:[ \t]+(?i:met))?(?:[ \t]+(?i:de|een))?(?:[ \t]+(?i:naam|initialen))?"
            r"[ \t]*:?[ \t]*['‘\"“](?P<v>[A-ZÀ-ÖØ-ÞĀ-ɏ][^\n'‘’\"“”\d]{1,40}?(?:[ \t]['’][A-Za-z]{1,2}[^\n'‘’\"“”\d]{0,30}?)?)"
            r"['’\"”](?=[\s.,;:)]|$)",
            0.6,
        ),
        # Initials after the word for them, a few words between ('initialen volgens haar O.K.', 'voorletters: J.H.';
        # issue 17, fifteenth round: dev40's phone notes).
        Pattern(
            "initials after their word",
            # also after a label's bracket ('Patiënt (initialen + pnr): A.J. / 2016-03187', 'initialen: MW';
            # seventeenth round: dev50's feedback forms by another hand)
            r"\b(?i:initialen|voorletters)(?:(?:[ \t]+[a-z]+){0,3}[ \t]*:?|[^:\n]{0,20}:)[ \t]*(?P<v>(?:"
            + UPPER
            + r"\.[ \t]?){1,4}(?![\w])|"
            + UPPER
            + r"{2,3}(?![\w.]))",
            0.6,
        ),
        # A surname in capitals, a comma and initials, as letters and forms print a person ('Betreft: WINTER, M.,
        # geboren ...', a signature 'WINTER, D.'): the order is the evidence, also for a surname that is a word or an
        # eponym (issue 17, fifteenth round: dev35's letters).
        Pattern(
            "capitals surname, initials",
            r"(?<![\w'’.-])(?P<v>"
            + _CAPS_SURNAME
            + r"(?:[ \t]"
            + _CAPS_SURNAME
            + r"){0,2},[ \t]?(?:"
            + UPPER
            + r"\.){1,4})(?![\w])",
            0.6,
        ),
        # The other party of a payment in a bank statement's structured field ('/BIC/INGBNL2A/NAME/ESMEE DIJKSTRA/REMI/',
        # MT940's ':86:' line): the field says it is a name, in capitals and in no list (issue 17, fifteenth round:
        # dev36's bank exports).
        Pattern("bank statement name", r"/NAME/(?P<v>[^/\n]{2,70}?)[ \t]*(?=/|$)", 0.6),
        Pattern(
            "cued name",
            r"\b"
            + _NAME_CUES
            + r":?,?[ \t]{1,3}(?:(?i:dr|drs|mr|mrs|ms|miss)\.?[ \t])?(?P<v>"
            + _name_sequence(NAME_WORD)
            + r")",
            0.6,
        ),
        # A title and initials alone, as a case report keeps its patient ('Dhr. H.J., 60 jr', 'Mw. E.P. (67)'; issue
        # 17, fourteenth round: dev29's case reports by another hand).
        Pattern(
            "titled initials",
            r"\b(?i:dhr|mw|mevr|de[ \t]heer|mevrouw)\.?[ \t]+(?P<v>(?:" + UPPER + r"\.){1,3})(?=,|[ \t]*\(|[ \t]+\d)",
            0.6,
        ),
        # Initials followed by a surname anywhere: 'J.P. de Vries', 'A. Yılmaz'. Led by the first capital, the
        # look-behind checked after it ('(?<![\w.])(?:CAPITAL\.[ \t]?){1,4}...' as written first): ``re`` skips ahead
        # to capitals (issue 17, twelfth round).
        Pattern(
            "initials surname",
            # (not a unit after a degree sign: '38,4 °C. Overleg' is a temperature and a sentence; the user check of
            # the seventeenth session)
            UPPER
            + r"(?<![\w.].)(?<!°.)(?<!° .)\.[ \t]?(?:"
            + UPPER
            # (the given name in brackets between, as formal letters and rulings write a party: 'de heer A. (Awet)
            # Tuhumury', 'Y. (Yudeisy) Bernadina, wonende te Best'; issue 17, thirty-ninth round: dev163's rulings)
            + r"\.[ \t]?){0,3}(?:\("
            + NAME_WORD
            + r"\)[ \t]+)?(?:"
            + PREFIX
            + r"[ \t]){0,2}"
            + NAME_WORD,
            0.6,
        ),
    ]


# --- names by their position (generalising beyond lists) -----------------------------------------
# A name part that may be hyphenated with one-letter or lower-case links, as Surinamese and Moroccan
# surnames are ('Tjon-A-Fong', 'Lie-A-Ling', 'Ben-Haddou'), or carry an apostrophe ('Aït', "O'Neill").
_LOWER = r"[a-zß-öø-ÿĀ-ɏḀ-ỿ'’]"
_CAPITAL = r"[A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ]"
NAME_PART = (
    GLUED_PARTICLE
    + _CAPITAL
    + _LOWER
    + r"+(?:-(?:"
    + _CAPITAL
    + r"(?=-)|[a-z]{1,3}(?=-)|"
    + _CAPITAL
    + _LOWER
    + r"+))*"
)
# Tussenvoegsels as they open a surname written first or alone, capitalised or not ('El Idrissi',
# 'Van der Berg', 'de Wit', 'Ben Ali').
_SURNAME_PREFIX = r"(?i:" + PREFIX[3:-1] + r"|ben|bin|abou|abu|ait|aït|ou|mc)"
_SURNAME = r"(?:" + _SURNAME_PREFIX + r"[ \t]+){0,2}" + NAME_PART
# What follows the comma: initials and/or given names, then a tussenvoegsel written last ('Vries, Jan de').
_GIVEN = (
    r"(?:(?:" + INITIALS + r")(?:" + NAME_PART + r")?|" + NAME_PART + r"(?:[ \t]" + NAME_PART + r")?)"
    r"(?:[ \t](?:" + PREFIX + r")(?:[ \t](?:" + PREFIX + r"))?(?![\w]))?"
)
SURNAME_FIRST = _SURNAME + r"(?:[ \t]" + PREFIX + r"(?:[ \t]" + PREFIX + r")?)?,[ \t]*" + _GIVEN
# What SURNAME_FIRST always contains: its comma, then the capital of an initial or a name part (``UPPER`` and
# ``_CAPITAL`` are inside this class) or a glued particle.
_COMMA_CAPITAL = r",[ \t]*(?:[A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ]|[dDlLoO]['’])"
# A name in running text: optional initials, then name words with tussenvoegsels between them.
_NAME_SEQUENCE = _name_sequence(NAME_PART)


class SurnameFirstNameRecognizer(DutchPatternRecognizer):
    """'Achternaam, Voornaam' where a note names someone formally: after 't.a.v.', 'namens', 'besproken met',
    'Aan:' ('t.a.v. Kromodimedjo, Sarinah'), and a name in brackets after a kinship or care word
    ('Moeder (Ouali, Nadia)', 'oma (Radjeshwarie Lachhman)').

    The surname need be in no list: the cue and the comma-separated order are the evidence. The cue
    words are data (``transforms/lexicon/data/surname_first_cues.txt``, ``kinship_words.txt``).
    """

    ENTITY = "PERSOON"
    # The kinship word opens the pattern after a non-word character and is followed by a space, ':' or '('.
    WORD_GATES = {
        "name in brackets after kin": ("kinship_words",),
        "surname first after kin": ("kinship_words",),
    }
    # The comma of 'Surname, Given': after it, spaces or tabs and the given name's or initial's capital (or a glued
    # particle, "d'Ancona"). Few notes have one; the cue lists hold words every note has ('van', 'met').
    GATES = {
        "surname first after cue": _COMMA_CAPITAL,
        "surname first after cue, bare initials": _COMMA_CAPITAL,
        "surname first after kin": _COMMA_CAPITAL,
        "particles last": _COMMA_CAPITAL,
        # the comma after the particles, before the initials' capital
        "particles between commas": _COMMA_CAPITAL,
        # The bracket with a letter or apostrophe after it, where the name opens (a name word, initial or particle):
        # in half the notes with a kinship word and a bracket (issue 17, ninth round).
        "name in brackets after kin": r"\([ \t]*(?:[^\W\d_]|')",
    }
    # Its bracket: most notes with a kinship word have none (3 ms of 700 notes, no match; issue 17, eighth round).
    TRIGGERS = {"name in brackets after kin": ("(",)}
    # Tried where a cue's first word stands (``CUES``).
    CUES = {
        "surname first after cue": ("surname_first_cues",),
        "surname first after cue, bare initials": ("surname_first_cues",),
        "name in brackets after kin": ("kinship_words",),
        "surname first after kin": ("kinship_words",),
    }

    def __init__(self) -> None:
        cues, kin = _phrases("surname_first_cues", "kinship_words")
        self.PATTERNS = [
            Pattern(
                "surname first after cue",
                r"(?<![\w.])(?i:" + cues + r")[.:]?[ \t]{1,3}(?P<v>" + SURNAME_FIRST + r")",
                0.6,
            ),
            # (its initials without their dots, ending the phrase: 'Betreft: Doelahbadjie, R, geb. ...', 'Verzekerde:
            # Tjon-A-Loi, S'; issue 17, twenty-ninth round: dev58's letters by another hand)
            Pattern(
                "surname first after cue, bare initials",
                r"(?<![\w.])(?i:" + cues + r")[.:]?[ \t]{1,3}(?P<v>" + _SURNAME + r",[ \t]*" + UPPER + r"{1,3})"
                r"(?=[ \t]*(?:[,;)]|\n|$))",
                0.6,
            ),
            Pattern(
                "name in brackets after kin",
                r"(?<![\w])(?i:"
                + kin
                + r")[ \t]*\([ \t]*(?P<v>"
                + SURNAME_FIRST
                + r"|"
                + _NAME_SEQUENCE
                + r")[ \t]*[),;]",
                0.6,
            ),
            # Or right after it ('via vader Soemo, O.', '(moeder: Jansen, M.)').
            Pattern(
                "surname first after kin", r"(?<![\w])(?i:" + kin + r")[ \t]*:?[ \t]+(?P<v>" + SURNAME_FIRST + r")", 0.6
            ),
            # A card index's sorting form, the particles between two commas before the initials ('Meulen, v.d., R.',
            # 'Haan, de, B.E.', 'Veen, van der, S.'; issue 17, twenty-seventh round: dev115's record cards by another
            # hand): the particles so placed are the evidence.
            Pattern(
                "particles between commas",
                r"(?<![\w'’.-])(?P<v>(?:"
                + _CAPS_SURNAME
                + r"|"
                + NAME_PART
                + r"),[ \t]*(?:v\.[ \t]?d\.?|v\.|"
                + PREFIX
                + r"(?:[ \t]+"
                + PREFIX
                + r"){0,2}),[ \t]*"
                + INITIALS
                + r")",
                0.6,
            ),
            # Without a cue, the administrative order itself: surname (in capitals or not), comma, given name or
            # initials, and the tussenvoegsel written last, ending the phrase ('VELDE, Esmee ter (controle)',
            # 'Kamp, M. op den,'). The trailing particles are the evidence (issue 17, sixth round).
            Pattern(
                "particles last",
                r"(?<![\w'’.-])(?P<v>(?:"
                + _CAPS_SURNAME
                + r"|"
                + NAME_PART
                + r"),[ \t]*(?:"
                + INITIALS
                + r"|"
                + NAME_PART
                + r"[ \t]+)(?:"
                + PREFIX
                + r")(?:[ \t]+(?:"
                + PREFIX
                + r")){0,2})(?=[ \t]*(?:[(),:;\n]|$))",
                0.6,
            ),
        ]
        super().__init__()
        self._ordinary = _ordinary_capitals()

    def invalidate_result(self, pattern_text: str) -> bool:
        """'van Paracetamol, Ibuprofen': a drug, product or eponym is no surname or given name."""
        return any(w.strip(",.").lower() in self._ordinary for w in pattern_text.split())


_QUOTE = std_re.compile("['‘’\"“”]")
_KNOWN_AS_CUE = std_re.compile(r"(?i:als|naam|genaamd|alias|genoemd)[ \t:]*['‘’\"“”]")
# The same, lower case, for the lowered text, as ``_HEADER_COLON_LOWER`` (issue 17, seventeenth round).
_KNOWN_AS_CUE_LOWER = std_re.compile(r"(?:als|naam|genaamd|alias|genoemd)[ \t:]*['‘’\"“”]")


def _known_as_gate(text: str) -> std_re.Match | None:
    """The gate of 'known as' (``GATES``): a cue word, spaces and an opening quote. The quote first: ``re`` skips
    ahead to a one-class pattern at C speed (1 µs a note), where the cue's case-insensitive alternation is tried at
    every position (10-20 µs a note, every note); 93 in 100 notes have no quote at all (issue 17, tenth round). The
    cue on the lowered text where there is one (``_KNOWN_AS_CUE_LOWER``)."""
    if not _QUOTE.search(text):
        return None
    lower = lowered(text)
    return _KNOWN_AS_CUE.search(text) if lower is None else _KNOWN_AS_CUE_LOWER.search(lower)


class NicknameOrPossessiveNameRecognizer(DutchPatternRecognizer):
    """Two ways a note writes a name that the capitalised-sequence rules split or miss:

    - a nickname in brackets between the given name and the surname ('Cornelis (Kees) Sánchez',
      "Wilhelmina ('Mien') Wouters"): the whole of it is one person;
    - a possessive before a kinship word ('Müllers dochter', "D'Ancona's moeder", "Wouters' zoon"): Dutch
      glues the s to the name, so the name is the word, not a known one;
    - a nickname in quotes after the words that give one ("bekend als 'Haki'", 'roepnaam "Mo"').

    A drug, product, eponym or ordinary word in the name's place invalidates it (``_ordinary_capitals``).
    """

    ENTITY = "PERSOON"
    TRIGGERS = {"nickname in brackets": ("(",)}
    WORD_GATES = {"possessive before kin": ("kinship_words",)}  # after spaces, before (?![\w])

    def __init__(self) -> None:
        (kin,) = _phrases("kinship_words")
        # What each match holds, found by ``re`` at once (a bracket, an s or apostrophe before spaces) where the
        # patterns try a name word at every capital: a bracketed name word, engine-independent (explicit sets,
        # case-sensitive); a possessive's last letter, spaces and a kinship word (case-insensitive: ``re`` matches
        # all that ``regex`` does and 'ı' for 'i' too). Notes with a bracket or a kinship word seldom have them: 3.3
        # and 3.5 ms of 700 notes down to 0.2 and 1.0 (issue 17, eighth round).
        self.GATES = {
            "nickname in brackets": r"\([ \t]*['‘’\"]?" + NAME_WORD + r"['’\"]?[ \t]*\)",
            "possessive before kin": r"[s'’][ \t]+(?i:" + kin + r")",
            "known as": _known_as_gate,
        }
        self.PATTERNS = [
            Pattern(
                "nickname in brackets",
                r"(?<![\w'’-])(?P<v>" + NAME_WORD + r"[ \t]+\([ \t]*['‘’\"]?" + NAME_WORD + r"['’\"]?[ \t]*\)"
                r"(?:[ \t]+" + PREFIX + r"){0,3}[ \t]+" + NAME_WORD + r")(?![\w'’-])",
                0.6,
            ),
            Pattern(
                "possessive before kin",
                r"(?<![\w'’-])(?P<v>" + NAME_WORD + r")(?<=[s'’])[ \t]+(?i:" + kin + r")(?![\w])",
                0.6,
            ),
            # a nickname in quotes after the words that give one ('bekend als 'Haki'', 'roepnaam "Mo"')
            Pattern(
                "known as",
                r"(?i:\b(?:bekend[ \t]+als|roepnaam|genaamd|alias|wordt[ \t]+genoemd))[ \t:]*['‘’\"“”]"
                r"(?P<v>[^\W\d_][\w'’. -]{0,24}?)['’\"”]",
                0.6,
            ),
        ]
        super().__init__()
        self._ordinary = _ordinary_capitals()

    def invalidate_result(self, pattern_text: str) -> bool:
        words = [w.strip("()'‘’\".,") for w in pattern_text.split()]
        if pattern_text[:1].islower() and not is_name_word(pattern_text):
            return True  # "bekend als 'pijnpatiënt'": a word in quotes, not a nickname
        if len(words) == 1:  # a possessive: the name is the word without its s ('Müllers', "D'Ancona's")
            stem = re.sub(r"(?:['’]s?|s)$", "", pattern_text)
            return any(_not_a_name(w) or w.lower() in self._ordinary for w in (stem, pattern_text))
        return any(w.lower() in self._ordinary or _not_a_name(w) for w in words if w and not _is_particle(w))


def _on_line_before(regex, text: str, pos: int):
    """``regex`` (anchored with ``$``) searched in the up to 60 characters before ``pos`` on the same line."""
    line_start = text.rfind("\n", 0, pos) + 1
    return regex.search(text, max(line_start, pos - 60), pos)


class SurnameInitialsRecognizer(ScanningRecognizer):
    """'Achternaam, V.' anywhere, with dotted initials after the comma ('Melder: Kilic, S.E.', 'verwijzing van
    Guo, L.L.', 'Rijn, T. van'): the order and the initials are the evidence. Anchored on the comma and the
    initials (cheap), then the surname is read backwards on the same line (issue 17, third round)."""

    ENTITY = "PERSOON"
    SCORE = 0.6

    def __init__(self) -> None:
        self._initials = re.compile(
            r",[ \t]*(?:" + UPPER + r"\.[ \t]?){1,4}(?:[ \t]?" + PREFIX + r"(?:[ \t]" + PREFIX + r")?(?![\w]))?"
        )
        self._before = re.compile(r"(?<![\w.’'-])" + _SURNAME + r"(?:[ \t]" + PREFIX + r"(?:[ \t]" + PREFIX + r")?)?$")
        self._ordinary = _ordinary_capitals()
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        results = []
        for m in self._initials.finditer(text):
            b = _on_line_before(self._before, text, m.start())
            if not b or any(w.lower() in self._ordinary for w in b.group(0).split()):
                continue
            end = m.end()
            while text[end - 1] in " \t":
                end -= 1
            results.append(
                RecognizerResult(self.ENTITY, b.start(), end, self.SCORE, recognition_metadata=dict(self._meta))
            )
        return results


# Compiled once: module-level calls with a pattern string go through the regex module's cache on every call.
_PROSE_WORD = re.compile(r"\b[a-z]{3,}\b")
# On ``re``: it reads a run of capitals (capitals, apostrophes, hyphens, spaces and tabs), where both engines agree.
_NON_SPACE = std_re.compile(r"\S+")
_WORD_JOINS = re.compile(r"['’-]")
_VOWEL = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûüıə]")
_VOWELS = std_re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûüıə]+")  # vowel groups: an acronym has one at most
_NAME_SEPARATORS = re.compile(r"[\s,;:()\[\]/]+")


# The account holder's cue ('t.n.v.', 'tnv'), closing what a run's look-back found before it.
_ACCOUNT_HOLDER = std_re.compile(r"(?i:\bt\.?n\.?v)\.?[:,]?[ \t]+$")


class CapitalsNameRecognizer(ScanningRecognizer):
    """A surname written in capitals, as practice software prints it and desk staff type it: 'KOOPMANS, Sanne',
    'ÖZDEMIR N.J.', 'Mei VAN LEEUWEN', 'A. TER LAAK', 'dr. VAN DER HEIJDEN', 'Achternaam: VERBEEK'.

    Capitals alone are no evidence (OPG, CBCT, LET OP, SPOED). A run of capitalised words is a name:
    - beside initials, after a comma and a given name, beside a given name DEDUCE knows, or after a title: then
      also when its words are ordinary Dutch words too ('WANG T.R.', 'Bilal DE HAAN', 'mw. VOS': surnames that
      are words);
    - after a role or kinship word (the cues of :class:`CuedNameRecognizer`) or a name field's label and a colon
      (``name_field_labels.txt``), or anywhere in a line of running text when each of its words is a surname or
      given name DEDUCE knows ('over BRINKMAN', 'afspraak YILDIZ'): only when no word of it is an ordinary word.
    Never when a word of it is a stop word, a clinical term, product, drug, eponym or acronym the lexicon knows,
    or has no vowel (BWR, CBCT). The initials or given name beside it are part of the span. Issue 17, fifth
    round (dev4): the held-out part's aggregate figures showed leaks of this shape, a capitalised first word of a
    two-word name left uncovered."""

    ENTITY = "PERSOON"
    SCORE = 0.55

    def __init__(self) -> None:
        from transforms import lexicon

        # The labels and the cues grouped by first letter (``by_first_character``; lower-case ASCII first letters, so also
        # case-insensitive): the look-back before each run tries one branch per letter (issue 17, ninth round: 1.4x).
        label_list = by_first_character(
            lexicon.alternatives("name_field_labels", "name_only_field_labels", spaces=r"[ \t]+")
        )
        # The labels of fields that hold nothing but a name ('Naam', 'Achternaam'; not 'Betreft', 'Van').
        self._name_only_label = std_re.compile(
            r"(?i)" + lexicon.alternation("name_only_field_labels", spaces=r"[ \t]+") + r"[ \t]*:"
        )
        labels = r"(?i:(?<![\w'’.-])" + label_list + r")[ \t]*:[ \t]*"
        cues = by_first_character([a + r"\.?" for a in _ABBREVIATIONS] + list(_CUE_WORDS))
        caps_word = UPPER + r"(?:" + UPPER + r"|['’-](?=" + UPPER + r"))+"
        # (also after an opening quote: "patiënt 'OOSTERHUIS, Gerrit'"; issue 17, fortieth round: the session's user check)
        self._run = re.compile(
            r"(?<![\w.@-])(?<![\w.@-]['’])" + caps_word + r"(?:[ \t]" + caps_word + r"){0,4}(?![\w'’@-])"
        )
        self._run_plain = std_re.compile(self._run.pattern)  # on ``re`` for a plain text (``keywords.plain``)
        # Where a run can start: a capital before a capital (or before an apostrophe or hyphen and one). ``re`` skips
        # to capitals; the run itself, led by a look-behind, is tried at every position (issue 17, eighth round:
        # 2.5x faster on the development and test parts, same matches: :func:`anchored`).
        self._run_starts = std_re.compile(UPPER + r"(?=" + UPPER + r"|['’-]" + UPPER + r")").finditer
        initials = r"(?:" + UPPER + r"\.[ \t]?){1,4}"
        given = r"[A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ][a-zß-öø-ÿĀ-ɏḀ-ỿ'’]+(?:-[A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ][a-zß-öø-ÿĀ-ɏḀ-ỿ'’]+)?"
        # Characters named one by one (no class of ``regex``'s own): on ``re`` for every text.
        self._initials_after = std_re.compile(r",?[ \t]+" + initials)
        # (not across a tab, a table's next cell: 'element 14 MO<tab>Olena' is a surface and the next column's name;
        # issue 17, thirty-fifth round, once more given names were known)
        self._given_after = re.compile(r"(,?)(?:(?<=,)[ \t]+|[ ]+)(" + given + r")(?![\w'’.-])")
        self._given_after_plain = std_re.compile(self._given_after.pattern)  # on ``re`` for a plain text
        self._cell_or_birth_after = std_re.compile(
            r"[ \t]*(?:$|\n|[|;\t]|[ ]{2}|[–—-][ \t]|,[ \t]*(?i:born|geb|geboren|dob|date[ \t]+of[ \t]+birth|\d))"
        )
        # The given name in capitals too, after the comma, and the particles that close a name written surname first
        # ('TERPSTRA, LOTTE (02.08.2008)', 'SANTEN, WOJCIECH VAN', 'KAMP, LEVI OP DEN'; issue 17, twenty-second round:
        # dev93's agenda exports and dev96's forms by other hands).
        self._caps_given_after = std_re.compile(
            r",[ \t]*("
            + caps_word
            + r")(?:[ \t]+(?:VAN|DER|DEN|DE|TER|TEN|OP|IN|'T|LA|LE|DA|DOS|DEL|VON|EL|AL))*(?![\w'’-])"
        )
        before = (
            r"(?:(?<![\w.])(?P<initials>" + initials + r")[ \t]*|(?<![\w'’.-])(?P<given>" + given + r")[ \t]+|"
            r"(?<![\w'’.-])(?P<title>(?i:dhr|mevr|mw|mr|mej|dr|drs|prof|fam)\.?|(?i:heer|mevrouw|meneer|familie))[ \t]+|"
            # A cue word closing a sentence is no cue ('in de familie. BSSO volgens Obwegeser').
            r"(?<![\w'’.-])(?i:" + cues + r")[:,]?[ \t]+"
            r"(?:(?P<title2>(?i:dr|drs|mr|mrs|ms|miss))\.?[ \t]+)?|(?P<label>" + labels + r"))$"
        )
        self._before = re.compile(before)
        # On ``re`` where the text is plain (``keywords.plain``: both engines read its characters alike): the search,
        # tried at each of up to 60 positions before a run, twice as fast (issue 17, ninth round).
        self._before_plain = std_re.compile(before)
        self._particles = frozenset(w.upper() for w in _NAME_PREFIXES | {"te", "in", "op", "uit", "het", "al"})
        self._leading_particles = frozenset({"VAN", "TER", "TEN", "EL", "VAN'T", "DEN", "DE", "'T", "LE", "LA"})
        self._words = ordinary_words()  # ordinary: a surname only with a given name or initials beside it
        self._never = never_name_words() - {p.lower() for p in self._particles}
        self._first_names = deduce_words("names/lst_first_name") | known_given_names()
        self._word_given_names = lexicon.words("months") | {
            w.lower() for w in lexicon.words("function_word_given_names")
        }
        self._never_cache: dict[str, bool] = {}
        self._known = self._first_names | deduce_words("names/lst_surname")
        self._clinical_abbreviations = {w.lower() for w in lexicon.words("clinical_abbreviations")}
        self._party_after = std_re.compile(
            r",\s*(?:hierna(?:[ \t]+te[ \t]+noemen)?|geboren[ \t]+op|wonende|wonend|verblijvende|zonder[ \t]+bekende)\b"
        )
        self._lower_word_after = std_re.compile(r"[ \t]+[a-zß-öø-ÿ]{2}")
        # (or in a form's cell, and undotted where they close the line: '1c Voorletters | K', 'Voorletters : R'; issue
        # 17, twenty-ninth round: dev123's wage tax statements by another hand)
        self._label_initials = re.compile(
            r"(?i:(?<![\w'’.-])"
            + label_list
            + r")[ \t]*[:|][ \t]*(?P<v>(?:"
            + UPPER
            + r"\.[ \t]?){0,3}"
            + UPPER
            + r"\.|(?<=(?i:"
            + lexicon.alternation("name_only_field_labels", spaces=r"[ \t]+")
            + r")[ \t]*[:|][ \t]*)"
            + UPPER
            + r"{1,3}(?=[ \t]*(?:\n|$)))"
        )
        # What every initials-after-a-label match holds: a colon or a bar, then a capital. In few notes; the label
        # alternation, case-insensitive and led by a look-behind, costs a scan of every position.
        self._label_gate = std_re.compile(r"[:|][ \t]*" + UPPER + r"(?:\.|[ \t]*(?:\n|$))").search
        self._patient_number_label = std_re.compile(
            r"[ \t]+(?i:pnr|patnr|pat\.[ \t]?nr|pt\.[ \t]?nr|pati[eë]ntnr|dossiernr)\.?[ \t:]"
        )
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        results = []
        # On ``re`` where the text is plain, at a fraction of ``regex``'s cost a call (issue 17, twelfth round).
        is_plain = plain(text)
        run, given_after = (self._run_plain, self._given_after_plain) if is_plain else (self._run, self._given_after)
        for m in anchored(run, self._run_starts(text), text):
            if self._before_birth_date(text, m.start(), m.end()):
                results.append(
                    RecognizerResult(self.ENTITY, m.start(), m.end(), self.SCORE, recognition_metadata=dict(self._meta))
                )
                continue
            heading = self._heading_name(text, m.start(), m.end())
            if heading is not None:
                results.append(
                    RecognizerResult(self.ENTITY, *heading, self.SCORE, recognition_metadata=dict(self._meta))
                )
                continue
            span = self._name_words(text, m.start(), m.end())
            if span is None:
                continue
            start, end = span
            strong = False
            before = _on_line_before(self._before_plain if is_plain else self._before, text, start)
            # 'Naam: MOROZ Serhiy': after a field that holds nothing but a name, the word after is its given name
            labelled = bool(before) and self._name_only_label.match(before.group("label") or before.group(0))
            after = self._initials_after.match(text, end)
            if after:
                end, strong = after.end(), True
                while text[end - 1] in " \t":
                    end -= 1
            else:
                after = given_after.match(text, end)
                if after and (
                    self._is_given(after.group(2), comma=bool(after.group(1)) or bool(labelled))
                    or self._surname_first_in_a_cell(text, start, after)
                ):
                    end, strong = after.end(), True
                elif text[end : end + 1] == ",":
                    caps = self._caps_given_after.match(text, end)
                    given = caps.group(1).lower() if caps else ""
                    if (
                        given in self._first_names
                        or given in self._word_given_names
                        # (after a field's label or a title, a given name no list holds and that is no word: 'Verzekerde:
                        # KAMP, SINTA OP DEN', "Patiënt: HOF, GILMARA VAN 'T"; issue 17, twenty-third round: dev97's
                        # authorisation requests and referrals by another hand)
                        or given
                        and before is not None
                        and not self._has_word(caps.group(1))
                        # (or both words a name's only, no acronym's: two vowel groups each, in no dictionary or list:
                        # 'VERKLARING - FORTES, DJENIFER', '— SHEVCHENKO, OLENA (72 jr)'; issue 17, thirtieth round:
                        # dev128's charity foundation by another hand)
                        or caps is not None
                        and self._names_only(text[start:end], caps.group(1))
                    ):
                        end, strong = caps.end(), True
            if before and before.group("given") and not self._is_given(before.group("given"), comma=False):
                before = None
            if before and (before.group("initials") or before.group("given")):
                start, strong = before.start(), True
            elif before and (before.group("title") or before.group("title2")):
                strong = True
            elif labelled or before and _ACCOUNT_HOLDER.search(before.group(0)) is not None:
                # 'Naam: JUNI BROUWER': the field holds a name whatever its words are (also where 'naam' matched as a
                # cue word, which the pattern tries first); so does an account's holder ('t.n.v. MEI LING WANG'; issue
                # 17, nineteenth round: dev69's and dev72's letters by other hands)
                strong = True
            strong = strong or self._particle_led(text, span[0], span[1]) or self._name_line(text, span[0], span[1])
            run = text[span[0] : span[1]]
            if (
                strong
                or not self._has_word(run)
                and before
                or (
                    (not self._has_word(run) and self._known_in_prose(text, run, span[0]))
                    or self._surname_in_prose(text, run, span[0])
                )
                and not self._abbreviation_in_a_sentence(text, run, span[1])
            ):
                results.append(
                    RecognizerResult(self.ENTITY, start, end, self.SCORE, recognition_metadata=dict(self._meta))
                )
        # Initials alone in a name field ('Voorletters: P.', 'Naam: J.K.').
        for m in self._label_initials.finditer(text) if self._label_gate(text) else ():
            results.append(
                RecognizerResult(
                    self.ENTITY, m.start("v"), m.end("v"), self.SCORE, recognition_metadata=dict(self._meta)
                )
            )
        return results

    # What a heading's words before its name may be: a word or two, maybe closed by a dash ('Exitgesprek', 'Onboarding
    # checklist —', 'Notitie exit').
    _HEADING_OPENING = std_re.compile(r"(?:[A-Za-zÀ-ÿ]+[ \t]+){0,2}[A-Za-zÀ-ÿ]+(?:[ \t]*[—–-])?")
    _BRACKET_CLOSING = std_re.compile(r"\([^()\n]{1,40}\)")

    def _heading_name(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """A name in capitals in a note's heading, its first line: after a word or two that say what the note is, or
        a heading word in capitals itself, before the line's end or a role in brackets ('GESPREK AGNIESZKA GROOTVELD
        (tandprotheticus)', 'Exitgesprek HAMZA DE JONG', 'ONBOARDING MARVIN BHAGWANDIN'); opened by a given name DEDUCE
        knows that is no ordinary word, the words after it none that is never a name ('OLENA WINTER', a surname that
        is a word). Issue 17, twenty-first round: dev87's staff files by another hand."""
        if text[:start].strip(" \t") and "\n" in text[:start].rstrip():
            return None  # not the note's first line
        line_end = text.find("\n", end)
        closing = text[end : len(text) if line_end < 0 else line_end].strip(" \t")
        if closing and self._BRACKET_CLOSING.fullmatch(closing) is None:
            return None
        opening = text[:start].strip(" \t\n")
        if opening and self._HEADING_OPENING.fullmatch(opening) is None:
            return None
        words = list(_NON_SPACE.finditer(text, start, end))
        if not opening and len(words) > 2 and words[0].group().lower() not in self._first_names:
            words = words[1:]  # the heading's word in capitals ('GESPREK', 'ONBOARDING')
        if not 2 <= len(words) <= 4:
            return None
        first = words[0].group().lower()
        if first not in self._first_names or first in self._words:
            return None
        rest = [w.group() for w in words[1:]]
        if rest[-1] in self._particles or any(self._never_name(w) for w in rest if w not in self._particles):
            return None
        return words[0].start(), words[-1].end()

    # The line before a party's in a court's decision: who asks, and whom it concerns.
    _PARTY_INTRODUCED = std_re.compile(
        r"(?im:^[ \t]*(?:op[ \t]+het[ \t]+verzoek[ \t]+van|betreffende|ten[ \t]+behoeve[ \t]+van|inzake)[ \t]*:?[ \t]*\n[ \t]*)\Z"
    )

    def _name_line(self, text: str, start: int, end: int) -> bool:
        """A line that is a name in capitals and nothing else (a comma after it at most), opened by a given name
        DEDUCE knows that is no ordinary word: the party's line in a decision ('JEF VANDENBROUCKE,' / 'wonende te
        ...'), an address block's first line ('HENDRIKA WINTER'). Issue 17, thirteenth round (dev21's legal
        letters by another hand). Also after a heading's dash, and before a patient number's label."""
        words = text[start:end].split()
        if len(words) < 2 or len(words) > 4:
            return False
        first = words[0].lower()
        known_first = first in self._first_names and first not in self._words
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        closing = text[end:line_end].strip()
        opening = text[line_start:start].rstrip(" \t")
        if not opening and closing[:1] == "," and self._PARTY_INTRODUCED.search(text, 0, line_start) is not None:
            # or after the line that introduces a party, whatever its words are: the decision's layout says it is a
            # person ('op het verzoek van:' / 'MEI POST, echtgenote van betrokkene,', 'betreffende:' / 'HENK GERRIT
            # GOUD,'; issue 17, fortieth round: dev166's court decisions on adults' representatives by another hand)
            return (words[0] not in self._particles or words[0] in self._leading_particles) and not any(
                self._never_name(w) for w in words if w not in self._particles
            )
        if not opening and closing[:1] == "," and self._party_after.match(text, end) is not None:
            # a party's line in a court's decision, whatever its given name: what the decision says of it follows
            # ('DIMITAR PETROVA, geboren op 24 mei 2024 te Drachten,', 'HUONG NGUYEN,\nhierna te noemen: de moeder';
            # issue 17, twenty-ninth round: dev124's child protection rulings by another hand)
            return not self._has_word(" ".join(w for w in words if w not in self._particles))
        if known_first and self._field_or_cell(opening, closing):
            # a list's or a table's name field, opened by a given name ('12:30 MEHMET ÖZTÜRK - BPE 3-2-3', '015330 |
            # BÜŞRA KAYA | 1930-02-15', 'Verzoeker: KWAME RAMDIN'; seventeenth round: dev55's lists by another hand)
            return True
        if closing[:1] in "–—" and (known_first or first in self._word_given_names):
            # or before a heading's spaced dash, its other words no ordinary words ('Agenda KEES SAPOEN – stoel 1 –
            # 17-12-2025', 'Agenda MEI TER HORST – stoel 2'; issue 17, twentieth round: dev75's agenda by another hand)
            return not self._has_word(" ".join(w for w in words[1:] if w not in self._particles))
        if closing not in ("", ","):
            # or before a patient number's label, as a triage log lists its callers ('10:54 SJOUKJE DYKSTRA pnr
            # P3958510'; issue 17, seventeenth round: dev48's weekend service by another hand)
            return known_first and self._patient_number_label.match(text, end) is not None
        if not opening:
            return known_first
        # or after a heading's dash, its words no ordinary words ('KLINISCH LOGBOEK — LIU WEI'; seventeenth round:
        # dev50's student logbooks by another hand)
        return opening[-1] in "—–" and opening[:-1].strip().isupper() and not self._has_word(text[start:end])

    # A birth date or an age after a comma or a bar ('MEI BAKKER, 23 november 1984', 'TARAS SHEVCHUK | 17-5-1954').
    # (or a semicolon, as a CSV list writes its cells: '5; CONTRERAS GREGORY; 12 november 2021'; issue 17, twentieth
    # round: dev78's school lists by another hand)
    _DATE_OR_AGE_AFTER = std_re.compile(
        r"[ \t]*[,|;][ \t]*(?:(?i:geb(?:oren)?)\.?:?[ \t]*)?(?:\d{1,2}[-./ ](?:\d{1,2}|[A-Za-z]{3,9}\.?)[-./ ]"
        r"(?:19|20)?\d\d(?!\d)|(?:19|20)\d\d-\d\d-\d\d|\d{1,3}[ \t]*(?:j|jr|jaar)\b|\d{1,3}-jarige)"
    )

    def _before_birth_date(self, text: str, start: int, end: int) -> bool:
        """A line's name in capitals before its birth date or age, after a comma or a bar, opened by a given name, also
        one that is a word or a month, and closed by a word that may be a surname: the header of a form or a chart
        ('MEI BAKKER, 23 november 1984 (40j)', 'TARAS SHEVCHUK | 17-5-1954', 'Anamnese-update - ROOS SCHAAP, 22 jr',
        'Pat.: WIL KOK-VAN DIJK, geb. 08.05.2000'). Issue 17, nineteenth round: dev68's hospital charts and dev70's
        prescriptions by other hands."""
        words = text[start:end].split()
        if not 2 <= len(words) <= 5 or self._DATE_OR_AGE_AFTER.match(text, end) is None:
            return False
        first = words[0].lower()
        if first not in self._first_names and first not in self._word_given_names and not is_name_word(words[0]):
            return False
        opening = text[text.rfind("\n", 0, start) + 1 : start].rstrip(" \t")
        if opening and opening[-1] not in ":|-–—;":
            return False
        return not self._never_name(words[-1]) and all(
            w in self._particles or not self._never_name(w) or w.lower() in self._word_given_names for w in words[1:]
        )

    _FIELD_OPENING = std_re.compile(r"(?:^|[:|;\t]|\d{1,2}[:.]\d\d|^[ \t]*(?:[-*•]|\d{1,2}[.)]))$")

    def _names_only(self, surname: str, given: str) -> bool:
        words = [*surname.split(), *given.split()]
        return all(
            len(w) >= 4
            and len(_VOWELS.findall(w.lower())) >= 2
            and (w.lower() in self._known or is_name_word(w))
            and not self._has_word(w)
            for w in words
        )

    def _surname_first_in_a_cell(self, text: str, start: int, after: re.Match) -> bool:
        """A surname in capitals and a given name no list holds, written as a register writes a person: alone in a
        list's or a table's cell or line, or before the birth date ('TODOROVA Radka; BG; 26A', 'NAVICKAS Žydrūnas
        123841', 'Re: FEKETE Nikolett, born 08.12.1993'; issue 17, thirtieth round: dev126's housing lists and letters
        by another hand). The given name must be no word."""
        if after.group(1) or not is_name_word(after.group(2)):
            return False
        line_start = text.rfind("\n", 0, start) + 1
        opening = text[line_start:start].rstrip(" \t")
        closing = text[after.end() : after.end() + 40]
        in_a_cell = (
            not opening
            or self._FIELD_OPENING.search(opening) is not None
            or text[line_start:start].endswith(("  ", "\t"))
            or opening.endswith(("Re:", "Betreft:"))
        )
        return in_a_cell and self._cell_or_birth_after.match(closing) is not None

    def _field_or_cell(self, opening: str, closing: str) -> bool:
        """Whether a run stands as a field's value or a cell: after a label's colon, a bar, a time or a bullet, and
        before the line's end, a bar, a separator, a comma or a spaced dash."""
        return (not closing or closing[0] in "|;,(" or closing.startswith(("- ", "– ", "— "))) and (
            not opening or self._FIELD_OPENING.search(opening) is not None
        )

    def _particle_led(self, text: str, start: int, end: int) -> bool:
        """'over VAN DER HEIJDEN', 'met TER LAAK': a tussenvoegsel opening the run, then a word that may be a
        name, in a line of running text: the shape of a Dutch surname, also when the word is a word too
        ('VAN LEEUWEN')."""
        words = text[start:end].split()
        return (
            len(words) > 1
            and words[0] in self._leading_particles
            and any(w not in self._particles for w in words)
            and self._in_prose(text, start)
        )

    def _in_prose(self, text: str, start: int) -> bool:
        line = text[text.rfind("\n", 0, start) + 1 : (text.find("\n", start) + 1 or len(text) + 1) - 1]
        return _PROSE_WORD.search(line) is not None

    def _known_in_prose(self, text: str, run: str, start: int) -> bool:
        """Every name word of the run a surname or given name DEDUCE knows, on a line with lower-case words (not a
        heading in capitals)."""
        parts = [p for w in run.split() for p in self._parts(w)]
        return bool(parts) and all(p in self._known for p in parts) and self._in_prose(text, start)

    def _surname_in_prose(self, text: str, run: str, start: int) -> bool:
        """One word in capitals in a line of running text, not opening it, that is a surname or given name DEDUCE
        knows, also when it is a word too ('overleggen met Noor over KOK', 'Onderwerp: afspraak PRINS': software
        and desk staff write surnames so), or a word of five letters or more that no dictionary or list holds and
        that has two vowel groups, unlike an acronym ('afspraak KOWALCZYK', 'Klacht NOWAK'; not 'UMCG', 'EDTA')."""
        if " " in run or "-" in run:
            return False
        line_start = text.rfind("\n", 0, start) + 1
        if not text[line_start:start].strip() or not self._in_prose(text, start):
            return False
        word = run.lower()
        if word in self._known:
            return True
        return len(word) >= 5 and len(_VOWELS.findall(word)) >= 2 and is_name_word(run)

    def _name_words(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """The run's name words: words that are never names cut from its start ('LET OP KOOPMANS'), the run cut
        before the first such word after that, particles at its end dropped; None when no name word is left."""
        words = [m.span() for m in _NON_SPACE.finditer(text, start, end)]
        while words and (self._never_name(text[words[0][0] : words[0][1]])):
            words.pop(0)  # 'LET OP KOOPMANS' -> 'KOOPMANS'
        for i, (s, e) in enumerate(words):
            if self._never_name(text[s:e]):
                words = words[:i]
                break
        while words and text[words[-1][0] : words[-1][1]] in self._particles:
            words.pop()
        if not words:
            return None
        return words[0][0], words[-1][1]

    def _parts(self, word: str) -> list[str]:
        return [p for p in _WORD_JOINS.split(word.lower()) if p and p.upper() not in self._particles]

    def _never_name(self, word: str) -> bool:
        known = self._never_cache.get(word)
        if known is None:  # the same acronyms (DPSI, OPG, BWR) come back in note after note
            if word in self._particles:
                known = False
            else:
                parts = self._parts(word)
                known = not parts or any(p in self._never or not _VOWEL.search(p) for p in parts)
            if len(self._never_cache) > 10_000:
                self._never_cache.clear()
            self._never_cache[word] = known
        return known

    def _abbreviation_in_a_sentence(self, text: str, run: str, end: int) -> bool:
        """A clinical abbreviation that a name list holds too, a sentence going on after it ('Start PEP binnen 2 uur';
        issue 17, twenty-ninth round: dev94's needle-stick reports by another hand): no name there. A mark that is
        one closes its line or stands before a date or a colon ('afgehandeld AK 26 mei', 'operator MO')."""
        return run.lower() in self._clinical_abbreviations and self._lower_word_after.match(text, end) is not None

    def _has_word(self, run: str) -> bool:
        return any(p in self._words for w in run.split() for p in self._parts(w))

    def _is_given(self, word: str, *, comma: bool) -> bool:
        """A title-case word beside a name in capitals: any name-like word after a comma ('KOOPMANS, Sanne'),
        otherwise a given name DEDUCE knows ('Sanne KOOPMANS', 'Mei VAN LEEUWEN'; not 'Controle KOOPMANS')."""
        lower = word.lower()
        # (after a comma, also a given name that is a word, a month or a function word: 'KOK, Storm', 'VOS, Juni',
        # 'VOS, Dag'; issue 17, fifteenth round: dev39)
        if comma and lower in self._word_given_names:
            return True
        if lower in self._never:
            return False
        if comma:
            return lower in self._first_names or lower not in self._words and not _not_a_name(word)
        return lower in self._first_names


class PersonFieldRecognizer(ScanningRecognizer):
    """The people a field or a line of minutes lists after its label: 'Aanwezig: Semhar, Yonas, Ilse en Kofi',
    'Afwezig: Esi', 'Roepnaam: Bep', 'Behandelaar: Wahyu'. The label (``person_field_labels.txt``) says the
    value is people, so a name needs no list or cue of its own; each item (split at commas, 'en', '&', '/')
    is read word by word up to an ordinary word (:func:`_name_words`), and must be capitalised. Issue 17,
    fifth round (dev4)."""

    ENTITY = "PERSOON"
    SCORE = 0.5

    def __init__(self) -> None:
        from transforms import lexicon

        # (a label may open with 'Naam': 'Naam wettelijk vertegenwoordiger / betaler: oleksandr ramdin'; issue 17,
        # fifteenth round: dev36's signed quotes)
        # (the label's translation after a slash, as a bilingual form prints it: 'Achternaam / Pavardė:', 'Voornaam /
        # First name:'; issue 17, thirtieth round: dev126's labour migrants' intake forms by another hand)
        # (or before a tab or a table's border: 'Geburtsname / Meisjesnaam\tdreessen', '| Name / Achternaam    | Plaßmann |';
        # issue 17, thirty-fifth round: dev147's bilingual forms by another hand)
        translation = r"(?:[ \t]*/[ \t]*[^\W\d_][^:/|\n\t]{0,28}?(?=[ \t]*[:|]|\t|[ ]{3}))?"
        self._label = re.compile(
            r"(?im:"
            + FIELD_LEAD
            + r"(?:naam[ \t]+)?"
            + lexicon.alternation("person_field_labels", spaces=r"[ \t]+")
            + r")"
            + translation
            + FIELD_SEPARATOR
        )
        self._separator = re.compile(r"[ \t]*(?:,|&|/|\ben\b)[ \t]*")
        # Both on ``re`` for a plain text (``keywords.plain``), at a fraction of ``regex``'s cost a call, the labels
        # grouped by first letter (``by_first_character``, the same matches): one branch tried per line, not fifty
        # (issue 17, twelfth round).
        self._label_plain = std_re.compile(
            r"(?im:"
            + FIELD_LEAD
            + r"(?:naam[ \t]+)?"
            + by_first_character(lexicon.alternatives("person_field_labels", spaces=r"[ \t]+"))
            + r")"
            + translation
            + FIELD_SEPARATOR
        )
        self._separator_plain = std_re.compile(self._separator.pattern)
        # The same labels as a line's second field, after a gap ('Achternaam: Zieliński      Voornamen: Wojciech', a
        # form's two columns; issue 17, sixteenth round: dev43's scanned forms by another hand).
        self._label_after_gap = re.compile(
            r"(?i:" + lexicon.alternation("person_field_labels", spaces=r"[ \t]+") + r")" + FIELD_SEPARATOR
        )
        self._label_after_gap_plain = std_re.compile(self._label_after_gap.pattern)
        # Labels that name the value a name ('Achternaam: nguyen', 'Voornamen: huong'): its words in any case, as a
        # form typed by the patient has them (issue 17, eighth round); the others take capitalised words only.
        self._name_labels = tuple(lexicon.entries("any_case_name_field_labels"))
        # A label's first word stands as a word of the text (after a line start, a bullet or a number; before spaces
        # or the colon): in most notes none does, and the label scan is tried at every position (issue 17).
        self._gate = first_words(lexicon.words("person_field_labels"))
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        results = []
        # Every label is followed by one of the separators (FIELD_SEPARATOR): a colon, '=', '|', dotted leaders, a
        # tab, or the line's end; the last only in a text of several lines.
        if self._gate.isdisjoint(words(text)) or not any(sep in text for sep in (":", "=", "|", "..", "\t", "\n")):
            return results
        is_plain = plain(text)
        separator = self._separator_plain if is_plain else self._separator
        labels = (self._label_plain, self._label_after_gap_plain) if is_plain else (self._label, self._label_after_gap)
        for m in self._labels_at_line_starts(*labels, text):
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            cell_end = text.find("|", m.end(), line_end)  # a table's cell ends at its border
            line_end = line_end if cell_end < 0 else cell_end
            # and a field at the next field of its line ('Naam pt: dag blom  geb.dat: 1955-10-19'; issue 17, fifteenth
            # round: dev38's hospital letters)
            next_field = _NEXT_FIELD.search(text, m.end(), line_end)
            line_end = line_end if next_field is None else next_field.start()
            pos = m.end()
            label = m.group().strip(" \t\n:=|.-*•")
            label = label[: label.index("(")].rstrip() if "(" in label else label
            named = label.lower().endswith(self._name_labels)
            if named and "   " in text[pos:line_end]:
                # a form's next field after a wide gap, without a colon ('Handtekening: wil gibbs   datum 18-10-27';
                # issue 17, twentieth round: dev78's registration forms by another hand)
                value_end = text.index("   ", pos, line_end)
                value = _LOWER_NAME_VALUE.match(text, pos, value_end) if text[pos:value_end].strip() else None
            else:
                value = _LOWER_NAME_VALUE.match(text, pos, line_end) if named else None
            if value is not None:  # in any case; a place after it in brackets or after a comma is no part of it
                results.append(self._result(pos, pos + len(value.group("name").rstrip())))
                continue
            while pos < line_end:
                span = _name_words(text, pos, max_words=4)
                if span is None:
                    # or a colleague's initials, as minutes list them ('Aanwezig: Bilal (praktijkmanager), MH
                    # (sterilisatieassistente)'; issue 17, twenty-second round: dev94's VIM minutes by another hand)
                    mark = _LISTED_INITIALS.match(text, pos, line_end)
                    if mark is not None and mark.group(1).upper() not in capitals_no_initials():
                        span = mark.span(1)
                # A name is capitalised here; a lower-case word is a role ('Sterre Mulder, buurvrouw').
                if span is None or span[1] > line_end or not text[span[0]].isupper():
                    break
                results.append(
                    RecognizerResult(self.ENTITY, span[0], span[1], self.SCORE, recognition_metadata=dict(self._meta))
                )
                # (a role in brackets after the name, before the next: 'Bilal (praktijkmanager), Niels')
                role = _ROLE_IN_BRACKETS.match(text, span[1], line_end)
                sep = separator.match(text, span[1] if role is None else role.end())
                if not sep or sep.end() == span[1]:
                    break
                pos = sep.end()
        return results

    def _labels_at_line_starts(self, label, after_gap, text: str) -> Iterator:
        """The matches of ``label`` (the label pattern), as ``finditer`` gives them: each opens a line (FIELD_LEAD), so
        the pattern is tried once per line, not at every position; a match ends on its own line or the next (the
        value's line). Then ``after_gap``'s at each further field of a line (``_NEXT_FIELD``)."""
        pos, last_end = 0, 0
        for line in text.split("\n"):
            if pos >= last_end:
                m = label.match(text, pos)
                if m is not None:
                    last_end = m.end()
                    yield m
            if "  " in line or "\t" in line or "|" in line:
                for gap in _NEXT_FIELD.finditer(text, max(pos, last_end), pos + len(line)):
                    m = after_gap.match(text, gap.end())
                    if m is not None and m.end() > last_end:
                        last_end = m.end()
                        yield m
            pos += len(line) + 1

    def _result(self, start: int, end: int) -> RecognizerResult:
        return RecognizerResult(self.ENTITY, start, end, self.SCORE, recognition_metadata=dict(self._meta))


# Initials as one item of a list of people, before the next item, a role in brackets or the line's end.
_LISTED_INITIALS = std_re.compile(r"([A-Z](?:[a-z]{0,2}[A-Z]){1,3})(?=[ \t]*(?:[(,&/]|\ben\b|$))", std_re.MULTILINE)
_ROLE_IN_BRACKETS = std_re.compile(r"[ \t]*\([^()\n]{1,40}\)")

# Another field on the same line: two spaces, a tab or a cell's bar, then a label of a few characters and its colon
# ('Feedback | stagiair: Chan, Yan | begeleider: dariush rahimi'; bars since the seventeenth round: dev50's
# feedback forms by another hand).
_NEXT_FIELD = std_re.compile(r"(?:[ \t]{2,}|\t|[ \t]*\|[ \t]*)(?=[^\W\d_][^\n:|]{0,20}:)")

# A name field's value typed in lower case: one to four words of letters (initials with their dots), nothing else on
# the line or in the cell but a place in brackets or after a comma ('shaquira isenia (Amsterdam)', 'taras kovalenko,
# Vlaardingen').
_LOWER_NAME_VALUE = std_re.compile(
    r"(?P<name>(?:[^\W\d_]\.[ \t]?)*[^\W\d_][\w'’-]*(?:[ \t]+['’]?[^\W\d_][\w'’-]*){0,3}[ \t]*)"
    r"(?:[ \t]*(?:\([^()\n]*\)|,[^\n|,]*)[ \t]*)?$",
    std_re.MULTILINE,
)


class AgedNameRecognizer(ScanningRecognizer):
    """Whoever is followed by an age in brackets is a person: 'Xiu (12jr) angstig', 'Wit, Mei de (61 jr)',
    'Kılıç, Z. (43-jarige)'. Anchored on the bracketed age (cheap), then the name is read backwards on the
    same line: 'Achternaam, Voornaam' or a run of capitalised name words, ordinary words trimmed."""

    ENTITY = "PERSOON"
    SCORE = 0.5

    def __init__(self) -> None:
        from transforms import lexicon

        # Also a birth date or a file number after the name: 'Betreft: Zabihullah, geb. 01-11-1976', 'vervoer OK Karijo
        # (clientnummer 12112)' (issue 17, fourteenth round: dev26's and dev27's letters by other hands).
        self._age = re.compile(
            r"[ \t]?\([ \t]?\d{1,3}[ \t]?-?(?:jarige?|jr\.?|jaar)(?![\w])|,[ \t]*(?:geb\.|geboren\b)|"
            r"[ \t]\((?i:cli[eë]nt|pati[eë]nt)(?:nummer|nr)"
        )
        self._vocabulary = lexicon.dutch_vocabulary()
        # A name before its relation or role in brackets, in lower case or in capitals, as patients type it ('via
        # radjeshwarie ramdin (buurvrouw)', 'Noodcontact: olena kovalenko (partner)', 'via BILAL EL AMRANI (buurman)'),
        # or before a child's age ('de kids olena (14 jr)'). Issue 17, fourteenth round (dev25 by another hand).
        relations = lexicon.alternation("kinship_words")
        self._lower_before_relation = std_re.compile(
            r"(?<![\w'’.-])((?:[a-zß-öø-ÿ][\w'’-]+[ \t]){0,2}[a-zß-öø-ÿ][\w'’-]+)[ \t]\((?:(?i:" + relations + r")|"
            # (or '(9-jarige)', as a team's mail lists patients: '- gebremedhin (10-jarige) nazorg'; issue 17, twentieth
            # round: dev76's internal mail by another hand)
            r"\d{1,2}[ \t]?(?:jr|jaar)\.?|\d{1,2}-jarige?)\)"
        )
        # (with its first characters looked ahead for, as the scans of this class that open with a look-behind or \b:
        # ``re`` skips to them, where it tried the pattern at every position; issue 17, sixteenth round)
        # In capitals also before a child's age, as a school's class list writes it ('- ANJALI PAWIRODIKROMO (10j)',
        # '- ŁUCJA NOWAK (7 jaar en 4 maanden)', '(elf jaar)', '(9-jarige)'; issue 17, sixteenth round: dev42).
        age = r"\d{1,2}[ \t]?(?:j|jr|jaar)\.?(?:[ \t]en[ \t][^()\n]{1,20})?|[a-z]{3,14}[ \t]jaar|\d{1,2}-jarige?"
        self._capitals_before_relation = std_re.compile(
            with_first_char_hint(
                r"(?<![\w'’.-])((?:[A-ZÀ-ÖØ-ÞĀ-Ž][A-ZÀ-ÖØ-ÞĀ-Ž'’-]+[ \t]){1,3}[A-ZÀ-ÖØ-ÞĀ-Ž][A-ZÀ-ÖØ-ÞĀ-Ž'’-]+)[ \t]\((?i:"
                + relations
                + r"|"
                + age
                + r")\)"
            )
        )
        # What every match of the two holds, the relation or age in brackets: ``re`` skips to the space before the
        # bracket, where each pattern tried every word of every note with a bracket (issue 17, sixteenth round).
        self._relation_gate = std_re.compile(
            r"[ \t]\((?:(?i:" + relations + r"|" + age + r")|\d{1,2}[ \t]?(?:jr|jaar)\.?)\)"
        ).search
        self._bullet = std_re.compile(r"(?:^|\n)[ \t]*[-*•][ \t]*$")
        # A nickname in quotes in brackets after a name ('Rami Al Khatib ("Bram-pie")').
        self._quoted_nickname = std_re.compile(r"(?<=[\w.][ \t])\([\"“']([A-ZÀ-ÖØ-Þ][\w'’-]+)[\"”']\)")
        # A child's age as a bare number after its given name, in a list of siblings ('Shantal (11) en Jayden (7)',
        # 'Filmon (10): dmft 2'; issue 17, thirteenth round: dev19's and dev20's families by other hands).
        self._bare_age = std_re.compile(
            r"(?<![\w'’.-])([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)[ \t]\(\d{1,2}\)(?=[ \t]*(?:[,:;.]|en[ \t]|$))", std_re.MULTILINE
        )
        # What every match of it holds: ``re`` skips to the bracket, where the pattern, a look-behind first, was tried
        # at every position of every note with a bracket (issue 17, fourteenth round).
        self._bare_age_gate = std_re.compile(r"\(\d{1,2}\)").search
        self._before = re.compile(r"(?<![\w'’.-])(?:" + SURNAME_FIRST + r"|" + _NAME_SEQUENCE + r")[ \t]*$")
        # On ``re`` where the text is plain (``keywords.plain``: both engines read its characters alike), as the capitals
        # rule's: the search, tried at up to 60 positions before each age, 2.6x faster over whole texts (issue 17,
        # seventeenth round).
        self._before_plain = std_re.compile(self._before.pattern)
        # A name in lower case, then a comma and the age ('senait gebreyesus, 16-jarige AMV'; issue 17, fourteenth
        # round: dev26's intake logs by another hand): each word a name, none a word (:func:`is_name_word`).
        self._lower_aged = std_re.compile(
            with_first_char_hint(
                r"(?<![\w'’-])((?:[a-zß-öø-ÿ][\w'’-]+[ \t]){0,2}[a-zß-öø-ÿ][\w'’-]+),?[ \t]*\d{1,3}[ \t]?-?(?:jarige?|jaar|jr)\b"
            )
        )
        # Initials that stand for a patient in a case, with the age after them or the age and a person's word before
        # them ('Casus: JP, 26 jr', '(R.K., 33 jaar)', 'M.b.H., 23 jaar', 'een 4-jarige meisje (OB)'), or quoted after
        # 'casus' ("casus 'YK'"): case presentations and draft case reports keep their patient so (issue 17,
        # seventeenth round: dev50's peer review by another hand). Dotted with the particles' small letters, or two
        # or three capitals that are no roman numeral or clinical abbreviation.
        initials = (
            r"(?:[A-ZÀ-ÖØ-Þ]\.(?:(?:[a-z]{1,3}\.)*[A-ZÀ-ÖØ-Þ]\.){0,3}|(?![IVX]{2,3}(?![\w.]))[A-ZÀ-ÖØ-Þ]{2,3}(?![\w.]))"
        )
        self._initials_aged = std_re.compile(
            r"(?<![\w.'’-])(" + initials + r"),[ \t]*\d{1,3}[ \t]?-?(?:jarige?|jaar|jr|j)\b"
            r"|\d{1,3}-jarige[ \t]+(?:vrouw|man|meisje|jongen|pati[eë]nte?|dame|heer|kind|zoon|dochter)[ \t]*\(("
            + initials
            + r")\)"
            r"|\b(?i:casus)[ \t]+['‘\"“](" + initials + r")['’\"”]"
        )
        self._abbreviations = {w.lower().rstrip(".") for w in lexicon.words("clinical_abbreviations")}
        self._bare_j = std_re.compile(r"\d[ \t]?j\b").search  # '73 j': the age's shortest word
        super().__init__([self.ENTITY])

    def _bullet_before(self, text: str, start: int) -> bool:
        """Whether ``start`` opens a list item's text: a dash, star or bullet alone before it on its line."""
        return self._bullet.search(text, max(0, start - 6), start) is not None

    def gated_patterns(self) -> list[tuple[std_re.Pattern, Callable[[str], object]]]:
        """(pattern, check) of each pattern scanned only where its cheap check passes (a test holds them to it)."""
        return [
            (self._bare_age, self._bare_age_gate),
            (self._lower_before_relation, self._relation_gate),
            (self._capitals_before_relation, self._relation_gate),
        ]

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        results = []
        if "jari" in text or "jaar" in text or "jr" in text or "asus" in text or self._bare_j(text) is not None:
            for m in self._initials_aged.finditer(text):
                group = next(g for g in (1, 2, 3) if m.group(g) is not None)
                if m.group(group).rstrip(".").lower() not in self._abbreviations:
                    results.append(
                        RecognizerResult(self.ENTITY, *m.span(group), self.SCORE, recognition_metadata=dict(self._meta))
                    )
        if "jari" in text or "jaar" in text or "jr" in text:
            for m in self._lower_aged.finditer(text):
                if all(is_name_word(w) or w in _NAME_PREFIXES for w in m.group(1).split()):
                    results.append(
                        RecognizerResult(
                            self.ENTITY, m.start(1), m.end(1), self.SCORE, recognition_metadata=dict(self._meta)
                        )
                    )
        if "(" not in text and "geb" not in text:  # the age's bracket or the birth date's word: most notes have neither
            return results
        if "(" in text and self._relation_gate(text) is not None:
            for m in self._lower_before_relation.finditer(text):
                words_ = m.group(1).split()
                # a bullet's only word is a name there, also a surname that is a word ('- brouwer (9-jarige)')
                bullet = len(words_) == 1 and self._bullet_before(text, m.start(1))
                while words_ and not (is_name_word(words_[0]) or words_[0] in known_given_names() or bullet):
                    words_.pop(0)  # 'via', 'de kids': the words before the name
                if words_ and all(
                    w in _NAME_PREFIXES
                    or is_name_word(w)
                    or w in known_given_names()
                    or w in _known_names()
                    or bullet
                    and w in deduce_words("names/lst_surname")
                    for w in words_
                ):
                    start = m.end(1) - len(" ".join(words_))
                    if text[start : m.end(1)] == " ".join(words_):
                        results.append(
                            RecognizerResult(
                                self.ENTITY, start, m.end(1), self.SCORE, recognition_metadata=dict(self._meta)
                            )
                        )
            for m in self._capitals_before_relation.finditer(text):
                if not all(w.lower() in ordinary_words() for w in m.group(1).split()):
                    results.append(
                        RecognizerResult(self.ENTITY, *m.span(1), self.SCORE, recognition_metadata=dict(self._meta))
                    )
        if '("' in text or "(“" in text or "('" in text:
            for m in self._quoted_nickname.finditer(text):
                if not _not_a_name(m.group(1)):
                    results.append(
                        RecognizerResult(self.ENTITY, *m.span(1), self.SCORE, recognition_metadata=dict(self._meta))
                    )
        before = self._before_plain if plain(text) else self._before
        for m in self._age.finditer(text):
            b = _on_line_before(before, text, m.start())
            if not b:
                continue
            start, end = b.start(), b.start() + len(b.group(0).rstrip())
            # Leading ordinary words are no part of the name ('Controle Jansen (45 jr)', 'Patiënt (8 jaar)').
            while start < end:
                w = word_re(text).match(text, start)
                if not w or w.end() >= end or not (_not_a_name(w.group(0)) or w.group(0).lower() in _not_names()):
                    break
                start = w.end() + 1
            value = text[start:end]
            if not value or _not_a_name(value.split()[0].rstrip(",")) or value.lower() in _not_names():
                continue
            # Before a birth date or a file number (no age), a Dutch word no list has as a name is the note's
            # subject, not its patient ('Controle (patiëntnummer 12345)').
            first = value.split()[0].rstrip(",").lower()
            if not m.group(0).rstrip().endswith(("jaar", "jarige", "jarig", "jr", "jr.")) and (
                first in self._vocabulary and first not in _known_names() and first not in known_given_names()
            ):
                continue
            results.append(RecognizerResult(self.ENTITY, start, end, self.SCORE, recognition_metadata=dict(self._meta)))
        for m in self._bare_age.finditer(text) if self._bare_age_gate(text) is not None else ():
            word = m.group(1)
            if not _not_a_name(word) and (word.lower() in known_given_names() or is_name_word(word)):
                results.append(
                    RecognizerResult(self.ENTITY, *m.span(1), self.SCORE, recognition_metadata=dict(self._meta))
                )
        return results


@functools.cache
def _not_names() -> frozenset[str]:
    from transforms import lexicon

    return lexicon.words("not_names")


# A disciplinary court's case number where it opens a hearing's heading.
_DISCIPLINARY_CASE = r"(?<![\w/])" + DISCIPLINARY_CASE_NUMBER


class NamePositionRecognizer(DutchPatternRecognizer):
    """A capitalised word where Dutch puts a name, also when it is an ordinary word or a month ('Mei', 'Roos',
    'Juni', 'Post'): after 'door', 'met', 'namens', 't.a.v.' in the middle of a sentence ('gedaan door Juni',
    'gebeld met Mei'), and a given name followed by a tussenvoegsel and a surname ('Mei van der Berg').

    Dutch does not capitalise common nouns or months, so a capitalised word in these positions is a proper
    noun; a word capitalised only because it opens a sentence is not enough. Scored below 0.5, so that
    where another detector calls the same words a place or an institution, that type wins the overlap.
    """

    ENTITY = "PERSOON"
    TRIGGERS = {
        "lower-case surname after title": ("dhr", "mevr", "mw", "mr", "mej", "fam", "heer", "meneer"),
        "lower-case surname after patient": ("pati", "pt"),
    }
    # What every given-prefix-surname match holds: a tussenvoegsel between spaces, then the surname's capital (or a
    # glued particle). In a third of the notes; the pattern tries a name word at every capital (issue 17, ninth round).
    # The tussenvoegsels grouped by first letter (``by_first_character``): a gate asks only whether something matches,
    # which their order does not change, and ``re`` tries one branch per space, not 26 (issue 17, fourteenth round).
    GATES = {
        "complainant after a case number": shape_gate(DISCIPLINARY_CASE_SHAPE),
        "defendant after a case number": shape_gate(DISCIPLINARY_CASE_SHAPE),
        "given prefix surname": r"[ \t](?:"
        + by_first_character([p for p in PREFIX[3:-1].split("|") if p[0].isalpha()])
        + "|"
        + "|".join(p for p in PREFIX[3:-1].split("|") if not p[0].isalpha())
        + r")[ \t]+(?:[dDlLoO]['’]|"
        + _CAPITAL
        + r")",
        # a line opening with its bed or room: from the line break
        "bed or room": r"\n[ \t]*[-•*]?[ \t]*(?:[Bb]ed|[Kk]amer|[Kk])[ \t]?\d",
    }
    SCORE = 0.45
    _TITLES = r"dhr|mevr|mw|mr|mej|fam|de[ \t]heer|mevrouw|meneer"
    _PATIENT = r"pati[eë]nte?|pte?\."
    # Tried where a cue's first word stands (``CUES``).
    CUES = {
        "name after cue": ("name_position_cues",),
        "lower-case surname after title": cue_words(forms(_TITLES)),
        "lower-case surname after patient": cue_words(forms(_PATIENT)),
    }

    def __init__(self) -> None:
        self._ordinary = _ordinary_capitals()
        from transforms import lexicon

        self._vocabulary = lexicon.dutch_vocabulary()

        (cues,) = _phrases("name_position_cues")
        # Grouped by first letter (``by_first_character``; the pattern is case-sensitive): the look-ahead after each cue
        # tries one branch, not seventy (issue 17, ninth round).
        not_names = by_first_character(lexicon.alternatives("not_names", spaces=r"[ \t]+"))
        self.PATTERNS = [
            # Cues as written, in lower case: 'Met' opening a sentence is not a cue.
            # Not a title abbreviation ('besproken met Pt. de Vries': the name is after 'Pt.').
            Pattern(
                "name after cue",
                r"(?<![\w.])"
                + cues
                + r"[ \t]+(?!"
                + not_names
                + r"(?![\w]))(?!"
                + _ABBREVIATION_CUES
                + r"[ \t])(?P<v>"
                + _NAME_SEQUENCE
                + r")",
                self.SCORE,
            ),
            # A title, then a surname written in lower case with its tussenvoegsel ('dhr. de wit', 'mw. van
            # dijk'): the tussenvoegsel is the evidence ('Dhr. heeft pijn' has none, and is not matched).
            Pattern(
                "lower-case surname after title",
                r"(?<![\w.])(?i:"
                + self._TITLES
                + r")\.?[ \t]+(?P<v>"
                + PREFIX
                + r"(?:[ \t]"
                + PREFIX
                + r")?[ \t]+[a-zß-öø-ÿĀ-ɏḀ-ỿ][\w'’-]+)",
                self.SCORE,
            ),
            # After 'patiënt' / 'pt.' only the particles that open nothing but a surname ('patiënt ter horst',
            # 'pt. van der meer'; not 'pt. de volgende keer', 'patiënt van de week', 'patiënt in de stoel').
            Pattern(
                "lower-case surname after patient",
                r"(?<![\w.])(?i:" + self._PATIENT + r")[ \t]+(?P<v>(?:ter|ten|"
                r"van[ \t]der|van[ \t]den|van[ \t]'t|in[ \t]'t)[ \t]+[a-zß-öø-ÿĀ-ɏḀ-ỿ][\w'’-]+)"
                r"(?![\w])",
                self.SCORE,
            ),
            Pattern(
                "given prefix surname",
                r"(?<![\w.’'-])" + NAME_PART + r"[ \t]+(?:" + PREFIX + r"[ \t]+){1,2}" + NAME_PART,
                self.SCORE,
            ),
            # A shelter's or a ward's handover line, the guest after the bed or the room ('- bed 20: Sjakie (Errol
            # Linger)', '- k8: Tesfay: post voor hem', '- kamer 3: "Bolletje"'; issue 17, twenty-seventh round: dev113's
            # night shelter by another hand); not an ordinary word ('- kamer 4: Leeg').
            Pattern(
                "bed or room",
                r"(?<=\n)[ \t]*[-•*]?[ \t]*(?i:bed|kamer|k)[ \t]?\d{1,3}[a-z]?[ \t]*:[ \t]*[\"“]?(?P<v>"
                + NAME_PART
                + r"(?:[ \t]"
                + NAME_PART
                + r"){0,2})[\"”]?(?=[ \t]*[(:,]|[ \t]*$)",
                self.SCORE,
            ),
            # The parties after a disciplinary court's case number on a hearing's heading ('Zaak: G2026/3304  Kravchuk /
            # Molenaar'): complainant and defendant, surnames alone, also those that are words (issue 17, thirty-ninth
            # round: dev163's complaints and disciplinary law by another hand, kept unread until the round's other rules
            # were written).
            Pattern(
                "complainant after a case number",
                _DISCIPLINARY_CASE
                + r"[ \t]{1,4}(?P<v>"
                + _SURNAME
                + r")[ \t]+/[ \t]+"
                + _SURNAME
                + r"(?=[ \t]*(?:\n|$))",
                0.6,
            ),
            Pattern(
                "defendant after a case number",
                _DISCIPLINARY_CASE
                + r"[ \t]{1,4}"
                + _SURNAME
                + r"[ \t]+/[ \t]+(?P<v>"
                + _SURNAME
                + r")(?=[ \t]*(?:\n|$))",
                0.6,
            ),
        ]
        super().__init__()

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        """As matched, less a drug, product or eponym read on at the end in unpunctuated text ('verwezen door
        Glenn Sital Marcoumar besproken': the name is 'Glenn Sital')."""
        results = []
        for r in super().analyze(text, entities, nlp_artifacts):
            words = [(m.start(), m.end()) for m in word_re(text).finditer(text, r.start, r.end)]
            if len(words) == 1 and _BED_OR_ROOM_BEFORE.search(text, max(0, r.start - 16), r.start) is not None:
                word = text[r.start : r.end].lower()
                if word in self._vocabulary and word not in known_given_names():
                    continue  # '- kamer 4: Leeg'
            while len(words) > 1 and text[words[-1][0] : words[-1][1]].lower() in self._ordinary:
                words.pop()
            if words and text[words[-1][0] : words[-1][1]].lower() not in self._ordinary:
                r.end = words[-1][1]
                results.append(r)
        return results

    def invalidate_result(self, pattern_text: str) -> bool:
        """'Bij de Groot', 'Volgens de Vries': a function word opening the match is not a given name. A
        tussenvoegsel opening it is part of the surname ('De Wit', 'de wit'), not a function word. A lower-case
        match ending in an ordinary word is no surname ('patiënt van de tandarts', 'pt. de volgende keer')."""
        words = pattern_text.split()
        if pattern_text[:1].islower() and _not_a_name(words[-1]):
            return True
        return words[0].lower() in dutch_stop_words() and not _PREFIX_WORD.fullmatch(words[0].lower())


_STOP_WORDS: frozenset[str] | None = None
_PREFIX_WORD = re.compile(PREFIX)
_BED_OR_ROOM_BEFORE = std_re.compile(r"(?i:bed|kamer|k)[ \t]?\d{1,3}[a-z]?[ \t]*:[ \t]*[\"“]?$")


def dutch_stop_words() -> frozenset[str]:
    """spaCy's Dutch stop words (function words and adverbs; a general list, not tuned to any corpus)."""
    global _STOP_WORDS
    if _STOP_WORDS is None:
        from spacy.lang.nl.stop_words import STOP_WORDS

        _STOP_WORDS = frozenset(STOP_WORDS)
    return _STOP_WORDS


# --- names by position in letters and messages (issue 17, generalising to unseen text) ----------
# Where a writer greets, signs, introduces someone or says what a person did, the words there are a
# name whatever their case, unless they are ordinary words: spaCy's Dutch stop words and the
# adjectives, participles, roles and verbs of ``not_lower_names.txt``. All lists are data
# (``transforms/lexicon/data``); a pattern only says where a name stands.
_ANY_LETTER = r"[^\W\d_]"
# A name word in any case: letters with inner hyphens / apostrophes, or initials ('R.', 'a.r.').
_ANY_CASE_WORD = r"(?:(?:" + _ANY_LETTER + r"\.){1,4}(?![\w])|" + _ANY_LETTER + r"(?:[^\W\d_]|['’-](?=[^\W\d_]))*)"
WORD_RE = re.compile(_ANY_CASE_WORD)
# The same on ``re``, for a plain text (``keywords.plain``): the same words, at a fraction of ``regex``'s cost a call.
_PLAIN_WORD_RE = std_re.compile(_ANY_CASE_WORD)


def word_re(text: str) -> re.Pattern | std_re.Pattern:
    """:data:`WORD_RE`, on ``re`` where ``text`` is plain (issue 17, twelfth round: 3-4x faster a call)."""
    return _PLAIN_WORD_RE if plain(text) else WORD_RE


# Adjective and adverb endings ('verdrietig', 'vreselijk', 'ziekelijk', 'afhankelijk'): not names.
_ADJECTIVE_ENDING = re.compile(r"(?:(?<!w)ig|lijk|isch|baar|loos|zaam|achtig)$")
_PARTICIPLE = re.compile(r"^ge[a-zë]{4,}(?:d|t|en)$")
# A law or a regulation ('Opiumwet', 'Jeugdwet', 'Zorgverzekeringswet'): no surname or given name DEDUCE lists ends so
# (issue 17, twenty-seventh round: 'volgens de Opiumwet' read as a name).
_LAW_ENDING = re.compile(r"[a-z]{3}(?:wet|regeling|besluit|verordening)$")
_INITIALS_WORD = re.compile(r"(?:[^\W\d_]\.){1,4}")


# Verdicts per word: the same words come back note after note and recognizer after recognizer (issue 17,
# eighth round: the verdict's list look-ups and regexes cost more than the dict look-up that replaces them).
_NOT_A_NAME: dict[str, bool] = {}


def _not_a_name(word: str) -> bool:
    """An ordinary word where a name could stand ('moe', 'benieuwd', 'heeft', 'allemaal', 'gevallen')."""
    verdict = _NOT_A_NAME.get(word)
    if verdict is None:
        if len(_NOT_A_NAME) > 50_000:  # bounded: a long-running worker sees ever new words
            _NOT_A_NAME.clear()
        verdict = _NOT_A_NAME[word] = _ordinary_word(word)
    return verdict


def not_a_name(word: str) -> bool:
    """Whether ``word`` is an ordinary word where a name could stand (a stop word, an adjective, a participle, a law;
    ``not_lower_names.txt``): for the engine's steps after detection ('Huisman → Nieuw')."""
    return _not_a_name(word)


def _ordinary_word(word: str) -> bool:
    """:func:`_not_a_name` without the kept verdicts."""
    from transforms import lexicon

    if _INITIALS_WORD.fullmatch(word):
        # initials: 'R.', 'a.r.'; not an abbreviation written the same way ('i.v.m.', 'e.a.')
        return word.lower() in lexicon.words("dotted_abbreviations")
    w = word.lower().strip(".")
    return (
        w in dutch_stop_words()
        or w in lexicon.words("not_lower_names")
        or bool(_ADJECTIVE_ENDING.search(w))
        or bool(_LAW_ENDING.search(w))
        or (bool(_PARTICIPLE.match(w)) and w not in _known_names())  # 'gerritsen' is no participle
        or len(w) < 2
    )


_KNOWN_NAMES: frozenset[str] | None = None


def _known_names() -> frozenset[str]:
    """DEDUCE's first names and surnames that are no word of its whitelist (lower case)."""
    global _KNOWN_NAMES
    if _KNOWN_NAMES is None:
        white = deduce_words("whitelist/lst_stop_word", "whitelist/lst_common_word", "whitelist/lst_medical_term")
        _KNOWN_NAMES = deduce_words("names/lst_first_name", "names/lst_surname") - white
    return _KNOWN_NAMES


# Tussenvoegsels that sit inside a name written in lower case ('sanne de jong', 'kees van dijk'); not 'in',
# 'op', 'te', 'uit', 'het', which as often start an ordinary phrase ('noor in de wachtkamer').
_NAME_PREFIXES = frozenset(
    {"van", "de", "der", "den", "ter", "ten", "la", "le", "el", "da", "dos", "du", "von", "'t", "d'"}
)


@functools.cache  # called per word in the name rules' loops: no import machinery per call
def _not_lower_names() -> frozenset[str]:
    from transforms import lexicon

    return lexicon.words("not_lower_names")


@functools.cache
def _surname_particles() -> frozenset[str]:
    from transforms import lexicon

    return lexicon.words("surname_particles")


def _is_particle(word: str) -> bool:
    return word.lower() in _NAME_PREFIXES or word in _surname_particles()


_WORD_RUNS: dict[int, tuple[re.Pattern, std_re.Pattern]] = {}


def _word_run(count: int, plain_text: bool) -> re.Pattern | std_re.Pattern:
    """Up to ``count`` words, each as :data:`WORD_RE` matches it, spaces or tabs between them, each word a group
    ('(W)(?:[ \\t]+(W)(?:...)?)?'). Greedy: the words that matching one word at a time, skipping the spaces after
    each, finds up to the first place where no word follows. On ``re`` for a plain text (``keywords.plain``)."""
    runs = _WORD_RUNS.get(count)
    if runs is None:
        tail = ""
        for _ in range(count - 1):
            tail = r"(?:[ \t]+(" + _ANY_CASE_WORD + ")" + tail + ")?"
        expression = "(" + _ANY_CASE_WORD + ")" + tail
        runs = _WORD_RUNS[count] = (re.compile(expression), std_re.compile(expression))
    return runs[1] if plain_text else runs[0]


def _name_words(text: str, pos: int, *, max_words: int = 4) -> tuple[int, int] | None:
    """The name starting at ``pos``: up to ``max_words`` words, stopping before an ordinary word; a
    tussenvoegsel or particle counts only with a name word after it ('fatima el amrani en' -> 'fatima el
    amrani'), on the same line. None when the first word is an ordinary word."""
    # The words read in one match, not one match per word (issue 17, ninth round: 1.6x faster).
    m = _word_run(max_words + 2, plain(text)).match(text, pos)
    if m is None:
        return None
    words = m.groups()  # None after the last word
    count = len(words)
    not_lower, particles = _not_lower_names(), _surname_particles()
    end_word = 0  # how many words make the name
    after_particle = False
    for idx, word in enumerate(words):
        if word is None:
            break
        if (
            (word.lower() in _NAME_PREFIXES or word in particles)  # _is_particle
            and idx + 1 < count
            and words[idx + 1] is not None
            and idx < max_words
            and (idx or word[:1].isupper())
        ):
            after_particle = True
            continue  # decided by the word after it ('el amrani'); a lower-case one does not open a name
        # After a tussenvoegsel the surname may be a stop word too ('tomasz van der meer').
        ordinary = (word.lower() in not_lower) if after_particle else _not_a_name(word)
        if ordinary or idx >= max_words:
            break
        after_particle = False
        end_word = idx + 1
    if not end_word:
        return None
    return pos, m.end(end_word)


def matches_at(match, starts: Iterable[int], text: str) -> Iterator:
    """The matches ``finditer`` gives for a pattern (its ``match``) none of whose matches is empty, when every match
    starts at one of ``starts`` (offsets in order; :func:`keywords.cue_starts`): the match at each start not inside
    the previous match."""
    end = 0
    for pos in starts:
        if pos < end:
            continue
        m = match(text, pos)
        if m is not None and m.end() > pos:
            end = m.end()
            yield m


def cue_led_matches(regex, text: str, cues: frozenset[str]) -> Iterable:
    """The matches of ``regex`` in ``text``, every one of which opens with a word of ``cues`` (in any case): tried only
    where such a word stands (:func:`matches_at` at :func:`keywords.cue_starts`) when the text lower-cases offset for
    offset, else ``finditer``."""
    lower = lowered(text)
    if lower is None:
        return regex.finditer(text)
    return matches_at(regex.match, cue_starts(text, lower, cues), text)


@functools.cache
def plain_class(expression: str) -> str:
    """The ``re`` character class of the characters of ``keywords.PLAIN_CHARACTERS`` that ``regex`` matches with
    ``expression`` (one character: '\\p{Lu}'): on a plain text, a ``re`` pattern with it for ``expression`` finds what
    the ``regex`` pattern finds."""
    is_plain = std_re.compile("[" + PLAIN_CHARACTERS + "]").fullmatch
    single = re.compile(expression).fullmatch
    chars = [chr(c) for c in range(ord(max(PLAIN_CHARACTERS)) + 1) if is_plain(chr(c)) and single(chr(c))]
    return "[" + "".join(std_re.escape(c) for c in chars) + "]"


def matches_where(match, starts: Iterable[int], text: str) -> Iterator:
    """The matches ``finditer`` gives for a pattern (its ``match``) when every match starts at one of ``starts``
    (offsets in order, each once): the match at each start not inside the previous match. An empty match may be
    among them, right after a non-empty one, as in ``finditer``; the pattern must have no non-empty match where it
    has an empty one (``finditer`` would try it there next)."""
    end = 0
    for pos in starts:
        if pos >= end:
            m = match(text, pos)
            if m is not None:
                end = m.end()
                yield m


# A line break, or a sentence's closing mark and a space or tab (or '.', '!' or '?' and two): a sentence can open after.
# (One character class first: ``re`` skips ahead to those characters, where an alternation first is tried everywhere.)
_SENTENCE_ENDS = std_re.compile(r"[\n.!?:;](?:(?<=\n)|(?<=[.!?:;])[ \t])")
_SENTENCE_ENDS_TWO_SPACES = std_re.compile(r"[.!?][ \t]{2}")


def sentence_starts(text: str) -> list[int]:
    """Where a sentence can open, in order: the text's start, after a line break, after '.', '!', '?', ':' or ';' and a
    space or tab, after '.', '!' or '?' and two of them; the positions where
    '(?:^|(?<=[.!?:;][ \\t])|(?<=[.!?][ \\t]{2})|(?<=\\n))' holds (multi-line). Found by two scans that ``re``
    skips ahead in, where the look-behinds were tried at every position."""
    starts = [0]
    starts += [m.end() for m in _SENTENCE_ENDS.finditer(text)]
    if "  " in text or "\t" in text:  # two spaces or tabs in a row: a substring search (most notes have none)
        after_two = [m.end() for m in _SENTENCE_ENDS_TWO_SPACES.finditer(text)]
        if after_two:
            return sorted(starts + after_two)
    return starts


class PositionalNameRecognizer(ScanningRecognizer):
    """Base: a cue regex finds where a name starts (group 'v' start or match end); the name's extent is
    decided word by word (:func:`_name_words`)."""

    ENTITY = "PERSOON"
    SCORE = 0.5
    MAX_WORDS = 4
    FOLLOW = None  # optional regex the name must be followed by (a comma, the end of the line)
    # Lexicon lists the cue is led by, after a non-word character and with a non-letter after each entry's first
    # word: the cue is searched only in a text that has one of those words (``keywords.words``).
    GATE: tuple[str, ...] = ()
    # Lexicon lists one of whose entries opens every match of the cue, in any case, after a non-word character and
    # with a non-letter after each entry's first word: the cue is then tried only where such a first word stands
    # (``keywords.cue_starts``, shared by the recognizers of a note; issue 17, eleventh round).
    ANCHOR: tuple[str, ...] = ()

    def __init__(self, cue: str, flags: int = 0) -> None:
        from transforms import lexicon

        self._cue = re.compile(cue, flags)
        # The cue on ``re`` for a plain text (``keywords.plain``), at a fraction of ``regex``'s cost a call (issue 17,
        # twelfth round); None where ``re`` has no such pattern ('\p{Lu}').
        try:
            self._plain_cue: std_re.Pattern | None = std_re.compile(cue, flags)
        except std_re.error:
            self._plain_cue = None
        # FOLLOW names its characters one by one (no class of ``regex``'s own): on ``re`` for every text.
        self._follow = std_re.compile(self.FOLLOW) if self.FOLLOW else None
        self._gate = first_words(e for name in self.GATE for e in lexicon.words(name)) if self.GATE else None
        self._anchor = cue_words(e for name in self.ANCHOR for e in lexicon.words(name)) if self.ANCHOR else None
        super().__init__([self.ENTITY])

    def _cannot_match(self, text: str) -> bool:
        """No word of the cue's lists is in ``text``, so the cue cannot match."""
        return self._gate is not None and self._gate.isdisjoint(words(text))

    def _cues(self, text: str) -> Iterable:
        """The cue's matches in ``text``, as ``finditer`` gives them."""
        cue = self._plain_cue if self._plain_cue is not None and plain(text) else self._cue
        lower = lowered(text) if self._anchor is not None else None
        if lower is None:
            return cue.finditer(text)
        return matches_at(cue.match, cue_starts(text, lower, self._anchor), text)

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        results = []
        if self._cannot_match(text):
            return results
        for m in self._cues(text):
            span = _name_words(text, m.end(), max_words=self.MAX_WORDS)
            if span is None or (self._follow and not self._follow.match(text, span[1])):
                continue
            results.append(
                RecognizerResult(self.ENTITY, span[0], span[1], self.SCORE, recognition_metadata=dict(self._meta))
            )
        return results


class SalutationNameRecognizer(PositionalNameRecognizer):
    """Who a letter or message greets, in any case: 'Dag Noor,', 'hoi kevin!', 'Beste Mei,', 'Geachte heer
    Wubbena,' (a title between greeting and name is skipped). The name must end at a comma, '!', ':' or the
    end of the line; 'Dag en nacht pijn' and 'Beste allemaal,' are not names."""

    FOLLOW = r"[ \t]*(?:[,!:;]|\n|$)"
    GATE = ("salutations",)
    ANCHOR = ("salutations",)  # issue 17, ninth round: the case-insensitive cue was tried at every position

    def __init__(self) -> None:
        from transforms import lexicon

        greet = lexicon.alternation("salutations", spaces=r"[ \t]+")
        titles = lexicon.alternation("salutation_titles", spaces=r"[ \t]+")
        super().__init__(r"(?<![\w])(?i:" + greet + r")[ \t]+(?:(?i:" + titles + r")(?![\w])[ \t]*)?")
        # A surname's particles in lower case before its capital, as Dutch writes a surname after a title ('Geachte
        # heer van der Meer,'), which the name reader does not let open a name (issue 17, twenty-ninth round: dev124's
        # letters by another hand).
        particles = sorted((p for p in NAME_PARTICLES if p.islower() and " " not in p), key=len, reverse=True)
        self._lower_particles = std_re.compile(
            r"(?:(?:"
            + "|".join(map(std_re.escape, particles))
            + r")[ \t]+){1,3}[A-ZÀ-ÖØ-Þ][\w'’]+(?:-[A-ZÀ-ÖØ-Þ][\w'’]+)?"
        )

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        results = super().analyze(text, entities, nlp_artifacts)
        if self._cannot_match(text):
            return results
        for m in self._cues(text):
            name = self._lower_particles.match(text, m.end())
            if name is not None and self._follow.match(text, name.end()):
                results.append(
                    RecognizerResult(
                        self.ENTITY, m.end(), name.end(), self.SCORE, recognition_metadata=dict(self._meta)
                    )
                )
        return results


class SignatureNameRecognizer(PositionalNameRecognizer):
    """The writer's name under a closing formula, on the next line, in any case: 'Met vriendelijke
    groet,\\nR. Ramdin-Sewnath', 'mvg\\nkees bakker', 'groetjes\\n\\nlotte'. The name line ends there
    (a function or practice line may follow)."""

    FOLLOW = r"[ \t]*(?:[,.]?[ \t]*(?:\n|$))"
    GATE = ("closing_formulas",)
    ANCHOR = ("closing_formulas",)  # issue 17, eighth round: the cue scan 1.3x faster on the dev and test parts

    def __init__(self) -> None:
        from transforms import lexicon

        closing = lexicon.alternation("closing_formulas", spaces=r"[ \t]+")
        # Not a dose unit ('1 gr\nparacetamol'): no digit right before the formula. On the same line after a
        # comma or colon ('Mvg, femke yılmaz Ik ben...'), the name ends before the next ordinary word.
        # Or after a space when the name ends the message or line ('... betaald. gr fleur').
        super().__init__(
            r"(?<![\w.])(?<!\d[ \t])(?i:" + closing + r")(?![\w])(?:[ \t]*[,.!:]?[ \t]*\n(?:[ \t]*\n)*"
            r"[ \t]*|[ \t]*[,:][ \t]*|(?P<sp>[ \t]+))"
        )
        self._same_line = re.compile(r"[ \t]*[,:][ \t]*$")
        self._capitalised_rest = std_re.compile(r"(?:[ \t]+[A-ZÀ-ÖØ-Þ][\w'’-]+){1,2}")
        self._given_word_line = std_re.compile(r"([A-Z][a-z]{1,12})[ \t]*[,.]?[ \t]*(?:\n|$)")
        self._given_words = {w.lower() for w in lexicon.words("function_word_given_names")} | lexicon.words("months")

    def analyze(self, text, entities, nlp_artifacts=None):
        results = []
        if self._cannot_match(text):
            return results
        for m in self._cues(text):
            span = _name_words(text, m.end(), max_words=self.MAX_WORDS)
            if span is None and "\n" in m.group(0):
                # a given name that is a word or a month, alone on the line under the formula ('Groet,\nBen', 'Mvg,\n
                # Mei'; issue 17, twenty-ninth round: dev123's payroll mail by another hand)
                alone = self._given_word_line.match(text, m.end())
                if alone is not None and alone.group(1).lower() in self._given_words:
                    span = alone.span(1)
            if span is None or "\n" not in m.group(0) and not span[1] - span[0]:
                continue
            if ("\n" in m.group(0) or m.group("sp")) and not self._follow.match(text, span[1]):
                # A name line under the formula ends there; its capitalised words after a name are the name's,
                # whatever else they spell ('Met vriendelijke groet,\nHui Min\nAdministratie'; issue 17,
                # twenty-ninth round: dev47's and dev116's letters by other hands)
                rest = self._capitalised_rest.match(text, span[1]) if "\n" in m.group(0) else None
                if rest is None or not self._follow.match(text, rest.end()):
                    continue
                span = (span[0], rest.end())
            results.append(
                RecognizerResult(self.ENTITY, span[0], span[1], self.SCORE, recognition_metadata=dict(self._meta))
            )
        return results


class IntroducedNameRecognizer(PositionalNameRecognizer):
    """Someone introduced by name in a message, in any case: 'ik ben fatima el amrani en ...', 'mijn naam
    is anita', 'mijn dochter noor heeft ...'. Not 'ik ben moe', 'ik ben benieuwd', 'mijn zoon heeft'."""

    GATE = ("name_intro_cues",)
    ANCHOR = ("name_intro_cues",)

    def __init__(self) -> None:
        from transforms import lexicon

        cues = lexicon.alternation("name_intro_cues", spaces=r"[ \t]+")
        super().__init__(r"(?<![\w])(?i:" + cues + r")[ \t]*:?[ \t]+")


class SentenceStartNameRecognizer(PositionalNameRecognizer):
    """A capitalised word opening a sentence, followed by a verb that says a person did something ('Priya
    belde', 'Noor kwam', 'Mehmet gaf aan'): a name, unless it is a stop word or a role ('Patiënt belde')."""

    MAX_WORDS = 1
    GATE = ("name_verbs",)  # the verb, after spaces, before (?![\w])

    def __init__(self) -> None:
        from transforms import lexicon

        verbs = lexicon.alternation("name_verbs", spaces=r"[ \t]+")
        self._verb = verbs
        super().__init__(
            # a list's bullet opens a sentence too ('- Kateryna zet Ultracain klaar'; issue 17, ninth round)
            r"(?:^|(?<=[.!?:;][ \t])|(?<=[.!?][ \t]{2})|(?<=\n))[ \t]*(?:[-•*–][ \t]+)?"
            # the verbs grouped by first letter (``by_first_character``, the same matches): one branch tried, not sixty
            r"(?=\p{Lu}[\w'’-]+[ \t]+"
            + by_first_character(lexicon.alternatives("name_verbs", spaces=r"[ \t]+"))
            + r"(?![\w]))",
            re.MULTILINE,
        )
        # The same on ``re`` for a plain text (``keywords.plain``), with the capitals a plain text can hold for \p{Lu}.
        self._plain_cue = std_re.compile(self._cue.pattern.replace(r"\p{Lu}", plain_class(r"\p{Lu}")), std_re.MULTILINE)

    def _cues(self, text: str) -> Iterable:
        """The cue's matches, as ``finditer`` gives them: each starts where a sentence opens (its look-behinds), so it
        is tried there only, on ``re`` where the text is plain (issue 17, twelfth round: the look-behinds were tried
        at every position, and ``regex`` costs some microseconds a call)."""
        cue = self._plain_cue if plain(text) else self._cue
        return matches_where(cue.match, sentence_starts(text), text)

    def analyze(self, text, entities, nlp_artifacts=None):
        return [r for r in super().analyze(text, entities, nlp_artifacts) if text[r.start].isupper()]


class LowerCaseSentenceStartNameRecognizer(ScanningRecognizer):
    """The same in a note typed without capitals: a lower-case word opening a sentence, followed by what only a
    person does ('bakker komt om 10 uur', 'jansen belde', 'de wit wil verzetten'; the verbs are data,
    ``human_subject_verbs.txt``): a name when DEDUCE knows it as one and its whitelist not as a word, when no
    dictionary or list holds it ('woldu komt om 15 uur'), or when a tussenvoegsel opens it ('de wit'), so that
    'pijn wil niet weg' or 'controle komt om' stay.

    Found from the verb back: the verb phrases (after a space) are searched on the lower-cased text, then one to
    three words before each must open a sentence (a line, or after '.', '!', '?', ':', ';').
    """

    ENTITY = "PERSOON"
    SCORE = 0.5

    def __init__(self) -> None:
        from transforms import lexicon

        verbs = lexicon.alternation("human_subject_verbs", spaces=r"[ \t]+")
        # On the lower-cased text, the verbs grouped by first letter (``by_first_character``, the same matches): one
        # branch tried after each space, not forty (issue 17, twelfth round: 1.5x).
        self._verb = std_re.compile(
            r"[ \t]" + by_first_character(lexicon.alternatives("human_subject_verbs", spaces=r"[ \t]+")) + r"(?![\w])"
        )
        self._verb_any_case = std_re.compile(r"[ \t](?:" + verbs + r")(?![\w])", std_re.IGNORECASE)
        # The words before a verb, back to a sentence's start: one to three, the first in lower case.
        self._subject = std_re.compile(
            r"(?:^|(?<=[.!?:;][ \t])|(?<=[.!?][ \t]{2}))[ \t]*([a-zß-öø-ÿ][\w'’-]+(?:[ \t][\w'’-]+){0,2})$",
            std_re.MULTILINE,
        )
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        results: List[RecognizerResult] = []
        lower = lowered(text)
        verbs = self._verb.finditer(lower) if lower is not None else self._verb_any_case.finditer(text)
        for verb in verbs:
            line_start = text.rfind("\n", 0, verb.start()) + 1
            m = self._subject.search(text, max(line_start, verb.start() - 80), verb.start())
            if m is None:
                continue
            start = m.start(1)
            first = word_re(text).match(text, start)
            if first is None:
                continue
            word = first.group(0)
            if _is_particle(word):
                span = particle_surname(text, start - 1) if start and text[start - 1] in " \t" else None
                span = (start, span[1]) if span is not None else None
            elif (word in _known_names() or is_name_word(word)) and not _not_a_name(word):
                span = first.span()  # a name DEDUCE knows, or a word no dictionary or list holds ('woldu komt')
            else:
                span = None
            if span is not None:
                results.append(
                    RecognizerResult(self.ENTITY, span[0], span[1], self.SCORE, recognition_metadata=dict(self._meta))
                )
        return results


class DeskLogNameRecognizer(ScanningRecognizer):
    """The person a desk log's entry is about, typed in lower case after the entry's time ('- 14:05 juni smeets
    verhuisd naar ...', '- 09:35 senait ghebremariam geb.25/05/2012', '- 08:50 jürgen weißenborn (expat)'): two or
    three words after the time, where the entry goes on with what the person did (``human_subject_verbs.txt``,
    'verhuisd', 'nieuw adres'), a bracket, a comma or 'geb'. A name when one of its words can only be a name or is a
    surname DEDUCE knows ('dag kok'), and none is a stop word, a word that is never a name or a kinship word ('moeder
    belt'). Issue 17, fifteenth round (dev39's desk notes by another hand)."""

    ENTITY = "PERSOON"
    SCORE = 0.5

    def __init__(self) -> None:
        from transforms import lexicon

        verbs = by_first_character(lexicon.alternatives("human_subject_verbs", spaces=r"[ \t]+"))
        word = r"[a-zß-öø-ÿĀ-ɏ][\w'’-]*"
        # Lower case only (a capitalised name has its own rules), on the text as written.
        self._entry = std_re.compile(
            r"(?m)^[ \t]*(?:[-*•][ \t]*)?\d{1,2}[:.]\d{2}[ \t]+(?P<v>" + word + r"(?:[ \t]+" + word + r"){1,3}?)"
            r"(?=[ \t]*(?:\(|,|geb\b|geb\.|(?:" + verbs + r"|verhuisd|nieuw)(?![\w])))"
        )
        self._gate = std_re.compile(r"(?m)^[ \t]*(?:[-*•][ \t]*)?\d{1,2}[:.]\d{2}[ \t]+[a-zß-öø-ÿĀ-ɏ]").search
        self._kin = lexicon.words("kinship_words")
        self._given_function_words = lexicon.words("function_word_given_names")
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        if self._gate(text) is None:
            return []
        results = []
        never = never_name_words()
        for m in self._entry.finditer(text):
            words_ = m.group("v").split()
            names = [w for w in words_ if not _is_particle(w)]
            # (a given name that is a function word stands here as a name: 'dag kok', 'wil de boer')
            if len(names) < 2 or any(
                (w in never and w.capitalize() not in self._given_function_words) or w in self._kin for w in names
            ):
                continue
            if any(is_name_word(w) or w in _known_names() or is_word_surname(w) for w in names):
                results.append(
                    RecognizerResult(self.ENTITY, *m.span("v"), self.SCORE, recognition_metadata=dict(self._meta))
                )
        return results


class LowerCaseInitialsNameRecognizer(ScanningRecognizer):
    """Initials and a surname typed in lower case ('in systeem stond o.k. van 't hek', 'j.h. schipper', 'x. van den
    berg'): two initials or more, or one before a particle; never a dotted abbreviation ('i.v.m. pijn', 'z.b. kies
    38'), a list's letter ('a. controle') or a nerve ('n. alveolaris'). Issue 17, fifteenth round (dev40's
    phone notes by another hand)."""

    ENTITY = "PERSOON"
    SCORE = 0.5
    _NAME = std_re.compile(
        r"(?<![\w.@/'’-])(?P<i>(?:[a-z]\.[ \t]?){1,4})(?P<p>(?:" + _SURNAME_PREFIX + r"[ \t]+){0,3})"
        r"(?P<s>[a-zß-öø-ÿĀ-ɏ][\w'’-]{2,})(?![\w@]|\.\w)"
    )
    # Found from the dot (``re`` skips to a literal), the letter and what stands before it read behind: the gate, a
    # look-behind first, was tried at every position of every note (issue 17, sixteenth round: 2.7 -> 0.2 ms a pass
    # over dev).
    _GATE = std_re.compile(r"\.(?<=[a-z]\.)(?<![\w.][a-z]\.)[ \t]?[a-z]").search
    # Where a match of ``_NAME`` may start, found so from the dot after its first initial: ``_NAME`` is tried there
    # only, as ``finditer`` would go on (4.1 -> 0.6 ms a pass over dev with the gate).
    _FIRST_INITIAL = std_re.compile(r"\.(?<=[a-z]\.)(?<![\w.@/'’-][a-z]\.)")

    def __init__(self) -> None:
        from transforms import lexicon

        self._abbreviations = lexicon.words("dotted_abbreviations")
        self._vocabulary = lexicon.dutch_vocabulary()
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        if self._GATE(text) is None:
            return []
        results = []
        for m in self._names(text):
            initials = "".join(m.group("i").split())
            if initials in self._abbreviations:
                continue
            surname = m.group("s")
            if surname in never_name_words():
                continue
            # a word after initials and no particle must be a surname DEDUCE knows or no Dutch word ('o.l.v. foto')
            if not m.group("p") and surname in self._vocabulary and surname not in deduce_words("names/lst_surname"):
                continue
            if initials.count(".") < 2 and not m.group("p"):
                continue  # 'a. controle' (a list's letter), 'n. alveolaris' (a nerve): one initial needs a particle
            results.append(RecognizerResult(self.ENTITY, *m.span(), self.SCORE, recognition_metadata=dict(self._meta)))
        return results

    def _names(self, text: str) -> Iterator[std_re.Match[str]]:
        """The matches ``_NAME.finditer(text)`` gives: every one starts one character before a ``_FIRST_INITIAL``."""
        end, match = 0, self._NAME.match
        for dot in self._FIRST_INITIAL.finditer(text):
            start = dot.start() - 1
            if start < end:
                continue
            m = match(text, start)
            if m is not None:
                end = m.end()
                yield m


class CoordinatedNameRecognizer(PositionalNameRecognizer):
    """Two people opening a sentence as the subject of a plural verb ('Ümran en Peeters kwamen samen',
    'Leiwakabessy en Manuhutu zijn broers'): the first capitalised word is a name like the second, unless it
    is an ordinary word (:func:`_name_words`). The verbs are data (``name_plural_verbs.txt``)."""

    MAX_WORDS = 1
    GATE = ("name_plural_verbs",)  # the verb, after spaces, before (?![\w])

    def __init__(self) -> None:
        from transforms import lexicon

        verbs = lexicon.alternation("name_plural_verbs", spaces=r"[ \t]+")
        super().__init__(
            r"(?:^|(?<=[.!?:;][ \t])|(?<=\n))[ \t]*(?=\p{Lu}[\w'’-]+[ \t]+en[ \t]+\p{Lu}[\w'’-]+"
            r"(?:[ \t]+\p{Lu}[\w'’-]+)?[ \t]+" + verbs + r"(?![\w]))",
            re.MULTILINE,
        )

    def analyze(self, text, entities, nlp_artifacts=None):
        return super().analyze(text, entities, nlp_artifacts) if " en " in text else []  # keyword pre-check


class ActionCuedNameRecognizer(PositionalNameRecognizer):
    """Whoever did or underwent something, named in any case after the phrase that says so: dictated or typed
    notes without capitals ('uitgevoerd door serkan', 'besproken met selin', 'assistentie gül', 'mevrouw
    kingma', 'pt wolf komt', 'de moeder van sanne', 'hoi, met joke'). The cues are data
    (``name_action_cues.txt``); the name stops at an ordinary word, so 'door de tandarts', 'met ouders' and
    'pt komt' are no names (issue 17, third round)."""

    ANCHOR = ("name_action_cues",)  # the cues' first words: where the lower-case cue is tried

    def __init__(self) -> None:
        import re as std_re

        from transforms import lexicon

        cues = lexicon.alternation("name_action_cues", spaces=r"[ \t]+")
        super().__init__(r"(?<![\w.])(?i:" + cues + r")(?![\w])[ \t]*:?[ \t]+")
        # The cues are lower case: matched on the lower-cased text (same offsets), several times faster than a
        # case-insensitive alternation. Grouped by first letter (``by_first_character``, same matches): ``re`` tries
        # one branch per letter instead of eighty cues (issue 17, ninth round: 1.5x faster than with a look-ahead
        # for the first letters, which then adds nothing).
        lower_cues = by_first_character(lexicon.alternatives("name_action_cues", spaces=r"[ \t]+"))
        self._lower_cue = std_re.compile(r"(?<![\w.])" + lower_cues + r"(?![\w])[ \t]*:?[ \t]+")
        self._ordinary = _ordinary_capitals()
        self._abbreviations = lexicon.words("clinical_abbreviations")
        # Grouped by first letter, lower-cased (the same letter to a case-insensitive match; ``by_first_character``):
        # one branch tried where the name's first word is read, not a hundred (issue 17, ninth round: 3.7x).
        eponyms = [
            e[0].lower() + e[1:] if "A" <= e[0] <= "Z" else e
            for name in ("clinical_eponyms", "eponymous_diseases")
            for e in lexicon.alternatives(name, spaces=r"[ \t]+")
        ]
        self._eponym = std_re.compile(r"(?i:" + by_first_character(eponyms) + r")(?![\w])")

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        results = []
        lower = lowered(text)  # kept by the recognizers before; None for a few texts that still lower alike here
        if lower is not None:
            cues: Iterable = matches_at(self._lower_cue.match, cue_starts(text, lower, self._anchor), lower)
        else:
            lower = text.lower()
            cues = self._lower_cue.finditer(lower) if len(lower) == len(text) else self._cue.finditer(text)
        for m in cues:
            after = _TITLE_AFTER_CUE.match(text, m.end())  # 'tandarts ir. Ł. Mazur', 'Patiënt: hr. J. Huang'
            span = _name_words(text, after.end() if after else m.end(), max_words=self.MAX_WORDS)
            if span is not None and text[span[0]].islower() and _clause_word(text[span[0] : span[1]].split(None, 1)[0]):
                continue  # 'pt woont sinds kort': a Dutch word that is no name DEDUCE lists, where a name could stand
            if span is None:
                # A lower-case tussenvoegsel opens no name ('met de tandarts'), unless a surname DEDUCE knows to
                # follow one comes next: 'tandarts de vries', 'mevrouw van den berg'.
                surname = particle_surname(text, m.end() - 1) if text[m.end() - 1] in " \t" else None
                if surname is None:
                    continue
                span = (m.end(), surname[1])
            if "." in m.group(0) and text[span[0]].isupper():
                continue  # 'i.o.m. pt. Behandeling': after an abbreviation's dot a capital may open a sentence
            if self._clinical_word(text, span[0], span[0] + len(text[span[0] : span[1]].split(None, 1)[0])):
                continue  # 'pt bop 40', 'dictaat element 36', 'patient kennedy klasse 3'
            end = self._name_end(text, span[0], span[1])
            results.append(
                RecognizerResult(self.ENTITY, span[0], end, self.SCORE, recognition_metadata=dict(self._meta))
            )
        return results

    def _clinical_word(self, text: str, start: int, end: int) -> bool:
        """The word at ``start:end`` opens a clinical phrase, not a name: a drug, product or eponym (also in lower
        case: 'le fort 1', 'angle klasse 2'), or a word right before a number or a colon ('bop 40', 'dpsi: 3')."""
        after = text[end : end + 2].lstrip(" \t")[:1]
        word = text[start:end]
        return (
            word.lower() in self._ordinary
            or after.isdigit()
            or after == ":"
            or self._eponym.match(text, start) is not None
        )

    def _name_end(self, text: str, start: int, end: int) -> int:
        """In dictated text without punctuation the name stops before a word that opens the next clause: a
        drug, eponym or product, a word before a number or a colon ('bouwman ortho: overbeet 6 mm',
        'lie-a-ling profylaxe Clindamycine'); a lower-case name has at most three name words."""
        words = [(m.start(), m.end()) for m in word_re(text).finditer(text, start, end)]
        lower = text[start].islower()
        kept, names = words[:1], 1
        for s, e in words[1:]:
            word = text[s:e]
            if self._clinical_word(text, s, e):
                break
            if not _is_particle(word):
                names += 1
                if lower and names > 3:
                    break
                # After a lower-case name, an acronym or a Dutch word that is no name DEDUCE knows opens the next
                # clause ('moeder noor klachten VMK'), unless a tussenvoegsel comes first ('sanne de jong').
                if lower and not _is_particle(text[kept[-1][0] : kept[-1][1]]) and _clause_word(word):
                    break
                if lower and word.lower() in self._abbreviations:
                    break  # 'partner wytske jongsma elem. 25' (eighteenth round)
            kept.append((s, e))
        while len(kept) > 1 and _is_particle(text[kept[-1][0] : kept[-1][1]]):
            kept.pop()
        return kept[-1][1] if kept else end


# A title between a cue and the name it announces: not part of the name.
_TITLE_AFTER_CUE = std_re.compile(r"(?i:dr|drs|mr|ir|ing|prof|hr|dhr|mw|mevr|mej)\.[ \t]+")


def _clause_word(word: str) -> bool:
    """An acronym, or a word of the Dutch vocabulary that is no name DEDUCE lists ('klachten'; not 'vos'): what, after
    a name written in lower case, starts the rest of the sentence."""
    from transforms import lexicon

    lower = word.lower()
    return (word.isupper() and len(word) > 1) or (
        lower in lexicon.dutch_vocabulary()
        and lower not in deduce_words("names/lst_surname", "names/lst_first_name")
        and not is_name_word(word)
    )


@functools.cache
def _ordinary_capitals() -> frozenset[str]:
    """Capitalised words that are no person in running text: products, feasts, nationalities and languages, drugs,
    eponyms, insurers. Built once per process: the recognizers that read it share one set, and the postcode rule reads
    it while scanning a note."""
    from transforms import lexicon
    from transforms.text import clinical

    words = (
        lexicon.words("not_names")
        | lexicon.words("nationality_words")
        | set(clinical.DRUG_NAMES)
        | lexicon.words("clinical_eponyms")
        | lexicon.words("eponymous_diseases")
        | {w for name in clinical.INSURER_NAMES for w in name.split() if len(w) > 3}  # not 'De' of 'De Friesland'
    )
    return frozenset(w.lower() for w in words)


# Endings of generic drug names (INN stems) that no given name or surname of a note has.
_DRUG_ENDING = re.compile(
    r"(?:cilline|mycine|micine|caïne|caine|hexidine|formine|prazol|profen|coumarol|coumon|xaban|gatran|statine|"
    r"sartan|olol|dipine|tidine|cycline|floxacine|oxetine|azepam|zolam|mab|nib|vudine|vir|parine|thiazide)$"
)


# A label of a number field ('Dossiernummer', 'Patiëntnr', 'Cliëntnr'): no name ends this way.
_LABEL_ENDING = re.compile(r"(?:nummer|nr)$")


class MidSentenceNameRecognizer(ScanningRecognizer):
    """A single capitalised word inside a sentence, after a lower-case word, a comma or a bracket ('dat Mei
    ziek was', 'via Tuminah', 'Met Doutzen en Ilias', '[Ilias] Is goed'): Dutch capitalises no common nouns
    and no months, so such a word is a proper noun, and a note must keep no person, place or institution.
    Not a word that opens a sentence, nor a product, drug, eponym, insurer (the clinical frame keeps those),
    a stop word or an ordinary word of ``not_lower_names.txt``. Scored 0.4: a place or institution another
    detector finds keeps its type (issue 17, third round: given names from no list)."""

    ENTITY = "PERSOON"
    SCORE = 0.4

    def __init__(self) -> None:
        import re as std_re

        # The character before is consumed, not looked behind at: ``re`` then skips to those characters.
        self._word = std_re.compile(r"(?:[a-zß-öø-ÿĀ-ɏḀ-ỿ,;][ \t]{1,2}|[(\[])(" + NAME_PART + r")(?![\w'’-]|\.\w)")
        # Where a match can start, found from the name's capital (``re`` skips ahead to capitals, where the pattern
        # above, led by an alternation, is tried at every position): the capital after a space, tab or bracket, or
        # after one and a glued particle ("d'Ancona"); see :meth:`_matches`.
        self._capital = std_re.compile(r"[A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ](?:(?<=[ \t(\[].)|(?<=[ \t(\[][dDlLoO]['’].))").finditer
        self._before_spaces = frozenset(
            c for c in map(chr, range(0x1F00)) if std_re.fullmatch(r"[a-zß-öø-ÿĀ-ɏḀ-ỿ,;]", c)
        )
        self._ordinary = _ordinary_capitals()
        from transforms import lexicon

        self._drug_cues = lexicon.words("drug_cues")
        # Dictation commands that end a sentence, typed out ('... punt Meting bop 20%', 'nieuwe alinea Verrichting'):
        # the capitalised word after one opens a sentence (issue 17, ninth round).
        self._sentence_ends = frozenset({"punt", "regel", "alinea", "vraagteken", "uitroepteken", "gestart"})
        # The word before, read backwards: its letters, hyphens and apostrophes on the reversed text before the spaces.
        self._word_backwards = std_re.compile(r"[\w'’-]+").match
        self._verdicts: dict[str, bool] = {}  # per word: no name here whatever stands before it
        super().__init__([self.ENTITY])

    def _word_before(self, text: str, start: int) -> str | None:
        """The word before the spaces before ``start``, within 30 characters: what ``([\\w'’-]+)[ \\t]+$`` searched
        there finds as its group (None where spaces or tabs do not end the stretch, or no word stands before them;
        a name found here never follows a line break). Read backwards, where that search tries each of the 30
        positions (issue 17, ninth round: 3x faster)."""
        stretch = text[max(0, start - 30) : start]
        words = stretch.rstrip(" \t")
        if len(words) == len(stretch):
            return None
        word = self._word_backwards(words[::-1])
        return word.group()[::-1] if word is not None else None

    def _matches(self, text: str) -> Iterator[std_re.Match]:
        """The matches of the word pattern, as ``finditer`` gives them (issue 17, twelfth round: 1.4x faster). A match
        opens with a lower-case letter, comma or semicolon and one or two spaces or tabs, or with a bracket, right
        before the name (its capital, or a glued particle and its capital): from each capital with a space, tab or
        bracket before it (or before its glued particle) the one place where a match can start is read back, and the
        pattern is tried there, unless inside the match before."""
        end = 0
        match = self._word.match
        letters = self._before_spaces
        for capital in self._capital(text):
            at = capital.start()
            before = at - 1 if text[at - 1] in _SPACE_TAB_OR_BRACKET else at - 3  # the character before the name
            if text[before] in _SPACE_OR_TAB:
                if before >= 1 and text[before - 1] in letters:
                    start = before - 1
                elif before >= 2 and text[before - 1] in _SPACE_OR_TAB and text[before - 2] in letters:
                    start = before - 2
                else:
                    continue
            else:  # a bracket
                start = before
            if start >= end:
                m = match(text, start)
                if m is not None:
                    end = m.end()
                    yield m

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        ordinary = self._ordinary
        results = []
        verdicts = self._verdicts
        for m in self._matches(text):
            word = m.group(1)
            ordinary_word = verdicts.get(word)
            if ordinary_word is None:  # the same capitalised words come back note after note
                if len(verdicts) > 10_000:
                    verdicts.clear()
                low = word.lower()
                ordinary_word = verdicts[word] = (
                    low in ordinary
                    or _not_a_name(word)
                    or low in _not_lower_names()
                    or _DRUG_ENDING.search(low) is not None
                    # '(Dossiernummer: 367351)', 'Cliëntnr: 118.552': a field's label
                    or _LABEL_ENDING.search(low) is not None
                )
            if ordinary_word:
                continue
            before = self._word_before(text, m.start(1))
            if before is not None and (before.lower() in self._drug_cues or before in self._sentence_ends):
                continue  # 'gebruikt Humira', 'allergisch voor Augmentin'; 'punt Meting': a dictated sentence start
            results.append(
                RecognizerResult(self.ENTITY, m.start(1), m.end(1), self.SCORE, recognition_metadata=dict(self._meta))
            )
        return results


_SPACE_OR_TAB = frozenset({" ", "\t"})
_SPACE_TAB_OR_BRACKET = frozenset({" ", "\t", "(", "["})

_ROMAN = re.compile(r"[IVX]+")


# What a bank row or an account holder's line holds (a quoted or piped cell, 'Naam: ', 't.n.v. '), and in the note's
# shape a single capital after a quote, a colon, a pipe or a dot, or before a quote or a cell's end.
def _bank_row_marks(text: str) -> bool:
    return '"' in text or "| " in text or "Naam: " in text or "t.n.v. " in text


_BANK_NAME_SHAPE = shape_gate(rb'(?:"|: |\| |\. )a a| a(?:"|;|,| \|| Omschrijving)')


class BareInitialsNameRecognizer(DutchPatternRecognizer):
    """Initials typed without dots before a surname: 'TA Baldewsingh', 'A Sikora', 'NJ Boulahrouz',
    'SE Soekarman' (issue 17, third round). Not a clinical or administrative acronym (``not_initials.txt``,
    ``specialism_acronyms.txt``) nor an ordinary word after it."""

    ENTITY = "PERSOON"
    SCORE = 0.45
    # A single capital between a quote or a colon and a space, or before a quote or a semicolon: in the note's shape.
    GATES = {"bank statement name": lambda text: _bank_row_marks(text) and _BANK_NAME_SHAPE(text)}

    def __init__(self) -> None:
        from transforms import lexicon

        # (nor an insurer's name in capitals: 'VGZ Zorgverlenersservice', 'CZ Zorgverlenersservice'; issue 17, twentieth
        # round: dev76's shared inbox by another hand)
        self._acronyms = lexicon.words("not_initials") | lexicon.words("specialism_acronyms") | INSURER_ACRONYMS
        self._ordinary = _ordinary_capitals()
        self.PATTERNS = [
            # Not after a number and up to three spaces: four look-behinds of fixed width (``re`` allows no other),
            # checked after the first capital, one character longer: ``re`` skips ahead to capitals, where the
            # look-behinds first were tried at every position (issue 17, twelfth round: 1.6x, the same matches).
            Pattern(
                "bare initials surname",
                UPPER
                + r"(?<![\w.’'-].)(?<!\d.)(?<!\d\s.)(?<!\d\s\s.)(?<!\d\s\s\s.)"
                + UPPER
                + r"{0,2}[ \t]+(?:"
                + PREFIX
                + r"[ \t]+){0,2}"
                + NAME_PART
                + r"(?![\w'’])",
                self.SCORE,
            ),
            # A bank statement's account holder in capitals, the initials without dots before or after the surname,
            # in its own cell or after 'Naam:' ('"M S BROUWER";"NL71INGB..."', '"WIJNANDS-HOEKSTRA M"', 'Naam: Y J
            # TESFAMARIAM Machtiging: ...'; issue 17, twenty-seventh round: dev116's bank exports by another hand)
            Pattern(
                "bank statement name",
                # (or in a pasted table's cell, after 't.n.v.', with particles: '| VAN DER VEEN M |', "W R IN 'T VELD")
                r"(?:[\"(;]|Naam: |\| |t\.n\.v\. )(?P<v>"
                r"(?:(?:[A-Z] ){1,3}[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’]+(?:[ -]['’]?[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’]*){0,3}|"
                r"(?:(?:VAN|DE|DER|DEN|TER|TEN|IN|EL|AL)[ ]){0,2}[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’]+(?:-[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’]+)?"
                r"(?: [A-Z]){1,3}))"
                r"(?=[\";)|,]| \|| (?:Omschrijving|Machtiging|Kenmerk|IBAN)\b)",
                self.SCORE,
            ),
        ]
        super().__init__()

    # What follows 'BANK', 'STICHTING' in a statement's row is a company's form, not initials ('ING BANK N V').
    _COMPANY_WORDS = frozenset({"BANK", "STICHTING", "BV", "NV", "VOF", "CV", "HOLDING", "GROEP", "PRAKTIJK", "SEPA"})

    def invalidate_result(self, pattern_text: str) -> bool:
        words = pattern_text.split()
        if pattern_text.isupper() and any(len(w) == 1 for w in words):  # a bank statement's holder
            long_words = [w for w in words if len(w) > 1 and not _is_particle(w.replace("’", "'"))]
            return any(w in self._acronyms or w in self._COMPANY_WORDS or _not_a_name(w) for w in long_words)
        last = words[-1].lower()
        return (
            words[0] in self._acronyms
            or bool(_ROMAN.fullmatch(words[0]))  # a class or grade: 'Angle klasse II Diepe beet'
            or last in self._ordinary
            or _not_a_name(words[-1])
        )


@functools.cache  # the name recognizers and the known-name check ask for the same lists: read each once
def deduce_words(*lists: str) -> frozenset[str]:
    """The entries of DEDUCE's own source lists (``deduce/data/lookup/src/<list>/items.txt``), lower case, read
    from the installed package without importing it: its first names and surnames, and its whitelist of stop
    words, common words and medical terms."""
    import importlib.util

    spec = importlib.util.find_spec("deduce")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    base = Path(list(spec.submodule_search_locations)[0]) / "data" / "lookup" / "src"
    out: set[str] = set()
    for name in lists:
        with (base / name / "items.txt").open(encoding="utf-8") as f:
            out.update(line.strip().lower() for line in f if line.strip())
    return frozenset(out)


@functools.cache
def known_given_names() -> frozenset[str]:
    """DEDUCE's first names (lower case, three letters or more) that are no ordinary word: not in its whitelist
    (stop words, common words, medical terms), the stop words, ``not_lower_names.txt``, drugs, products or
    eponyms. Wherever a word alone must be a given name ('evi', 'Sanne KOOPMANS')."""
    from transforms import lexicon

    white = deduce_words("whitelist/lst_stop_word", "whitelist/lst_common_word", "whitelist/lst_medical_term")
    ordinary = _ordinary_capitals() | _not_lower_names() | dutch_stop_words()
    # (and the names from abroad the engine adds to DEDUCE's list, ``given_names_abroad.txt``)
    listed = deduce_words("names/lst_first_name") | {name.lower() for name in lexicon.words("given_names_abroad")}
    return frozenset(w for w in listed - white - ordinary if len(w) >= 3 and "." not in w)


# Asked per match and per note (lower-case initials, desk logs, file names): built once, where each call built its union
# of the lists anew, 19 of the lower-case initials' 29 ms a pass over dev (issue 17, sixteenth round).
@functools.cache
def capitals_no_initials() -> frozenset[str]:
    """Capitals that are no one's initials: a note's marks and abbreviations ('NB', 'OPG', 'OK', 'DPSI'), from
    ``not_initials.txt`` and the clinical abbreviations in capitals. Built once per process."""
    from transforms import lexicon

    return lexicon.words("not_initials") | {w.upper() for w in lexicon.words("clinical_abbreviations")}


@functools.cache
def never_name_words() -> frozenset[str]:
    """Words that are no name word wherever they stand (lower case): stop words, ``not_lower_names.txt``, drugs,
    products, eponyms, insurers, clinical terms, specialism acronyms and the column headers of pasted tables
    (``table_column_labels.tsv``: 'huisnr', 'toev', 'gebdatum')."""
    from transforms import lexicon

    headers = {header for header, _ in lexicon.table("table_column_labels", str, str)}
    return frozenset(
        (
            _ordinary_capitals()
            | dutch_stop_words()
            | _not_lower_names()
            | {w.lower() for w in clinical_capital_words()}
            | headers
        )
        - _eponym_words()
    )


@functools.cache
def _eponym_words() -> frozenset[str]:
    """The words of the eponyms (lower case): surnames as well ('J. WINTER', 'dhr. Kennedy'), so a word that needs
    initials or a given name beside it (:func:`ordinary_words`), not one that is never a name; the clinical allow
    list keeps them in their clinical frame ('volgens Winter', 'Kennedy klasse III'; issue 17, fifteenth round: dev38's
    'Naam: J. WINTER')."""
    from transforms import lexicon

    return frozenset(
        w.lower() for w in lexicon.words("clinical_eponyms") | lexicon.words("eponymous_diseases") if " " not in w
    )


@functools.cache
def ordinary_words() -> frozenset[str]:
    """Every word the name rules know as no name (lower case): :func:`never_name_words`, the eponyms and DEDUCE's
    whitelist (stop words, common words, medical terms), where a surname may be such a word too ('Bakker', 'Vos')."""
    return (
        never_name_words()
        | _eponym_words()
        | deduce_words("whitelist/lst_stop_word", "whitelist/lst_common_word", "whitelist/lst_medical_term")
    )


def form_key(word: str) -> bool:
    """Whether ``word`` is a form's or an export's key, words joined by underscores ('submitted_at', 'date_of_birth',
    'first_name'), not a login or a handle made of a name ('lisa_vd_berg', 'vos_w'): each piece is a word a dictionary
    holds, Dutch or English, and no surname DEDUCE knows ('vos_w'), or two letters at most. Issue 17, twenty-ninth
    round (dev15's web form)."""
    from transforms import lexicon

    pieces = word.lower().split("_")
    surnames = deduce_words("names/lst_surname")
    return len(pieces) > 1 and all(
        len(p) < 3 or (p in ordinary_words() or p in lexicon.english_vocabulary()) and p not in surnames for p in pieces
    )


def name_words_to_repeat(names: Iterable[str]) -> frozenset[str]:
    """The words of names found in a record that identify wherever else the record writes them (lower case):
    three letters or more, no initial, particle or ordinary word ('KOOPMANS, Sanne' -> koopmans, sanne;
    'mw. de Bos' -> nothing: 'bos' is a word)."""
    return frozenset(w for name in names for w in _words_to_repeat(name))


# A colleague's mark as the staff-initials rules find it: capitals, a particle's small letters between them ('KP', 'FvL').
_MARK_SHAPE = std_re.compile(r"[A-ZÀ-ÖØ-Þ](?:[a-z]{0,2}[A-ZÀ-ÖØ-Þ]){1,3}")


def marks_to_repeat(names: Iterable[str]) -> frozenset[str]:
    """The names found in a record that are a colleague's initials and identify her wherever else the record writes
    them as a word: minutes introduce 'Koen Pattipeilohy (KP, kaakchirurg)', then write 'KP verwijst naar fysio' (issue
    17, twenty-third round: dev97's MDO minutes by another hand). Not a clinical abbreviation or a word that is never a
    name ('BK' for the upper jaw, 'OK'), whatever a rule took it for."""
    return frozenset(name for name in names if _MARK_SHAPE.fullmatch(name) and name not in _marks_never_repeated())


def joined_mark(word: str) -> bool:
    """Whether ``word``, joined by a slash, 'en', '&' or '+' to a person found and closing its line or clause, is a
    colleague's mark or name ('AZ / HA', 'J. Bakker en ap', 'Zeynep + Stoyan'): two or three capitals whatever they
    spell (four that are no known acronym), two or three lower-case letters that are no stop word, word or abbreviation ('en ik', 'en mm' are not), a capitalised
    word that can only be a name."""
    if word.isupper():
        return len(word) <= 3 or word not in _marks_never_repeated()  # not an organisation's acronym ('/ EHBO')
    lower = word.lower()
    if word.islower():
        return (
            lower not in dutch_stop_words()
            and lower not in ordinary_words()
            and lower.upper() not in _marks_never_repeated()
            # a role before its person ('W. Verstraete / ass. Juni'; issue 17, thirty-eighth round: dev157's day lists)
            and lower not in _roles_before_marks()
        )
    return lower in known_given_names() or is_name_word(word)


@functools.cache
def _roles_before_marks() -> frozenset[str]:
    from transforms import lexicon

    return frozenset(w.lower() for w in lexicon.words("roles_before_marks"))


@functools.cache
def _marks_never_repeated() -> frozenset[str]:
    from transforms import lexicon

    words_ = lexicon.words("clinical_abbreviations") | never_name_words() | lexicon.words("not_initials")
    return frozenset(w.upper() for w in words_) | _IDENTIFIER_LABELS


@functools.lru_cache(maxsize=4096)  # a patient's name comes back in each of their notes
def _words_to_repeat(name: str) -> tuple[str, ...]:
    out = []
    for word in _NAME_SEPARATORS.split(name):
        word = word.strip(".'’\"")
        lower = word.lower()
        if (
            len(word) >= 3
            and "." not in word
            and not any(c.isdigit() for c in word)
            and not _is_particle(word)
            and lower not in ordinary_words()
            and not _not_a_name(word)
        ):
            out.append(lower)
    return tuple(out)


def clinical_capital_words() -> frozenset[str]:
    """Words of the clinical lists that a note may write in capitals: clinical terms, the words of product names,
    specialism acronyms ('MKA', 'AH Plus', 'Filtek')."""
    from transforms import lexicon

    # (not a maker's two letters before its product's name, 'SR Ivocap', 'Vita Lumex AC': as often a colleague's
    # initials, 'afgetekend SR'; issue 17, thirty-first round: dev129's laboratory by another hand)
    names = lexicon.words("dental_products")
    # (nor a given name in one product's name, 'George Gauge', 'Henry Schein': 'Naam: HENRY PETERS' is a person; a brand's
    # name in several, 'Vita D3', 'Vita Enamic', stays; issue 17, thirty-eighth round)
    in_names = Counter(w.lower() for name in names for w in set(name.split()))
    products = {
        w
        for name in names
        for w in name.split()
        # (nor a model's single letter, 'Imprelon S': a surname's initial, 'dijkstra s'; thirty-fourth round)
        if not (len(w) <= 2 and w.isalpha() and w != name and not set(w) <= set("IVX"))
        and not (w != name and in_names[w.lower()] == 1 and w.lower() in known_given_names())
    }
    return frozenset(lexicon.words("clinical_terms") | products | lexicon.words("specialism_acronyms"))


# An article or demonstrative just before a lower-case word: the word is a noun ('een roos', 'de roos'; issue 17,
# seventeenth round: the ninth session's user check). Not 'het', 'dat', 'die': pronouns and conjunctions too ('dat was
# het merel van 't hof', 'afgesproken met sasha dat yaw ...').
# ('van de pol': after 'van', 'de' is a tussenvoegsel)
_ARTICLE_BEFORE = std_re.compile(r"(?<![\w'’-])(?:een|(?<!van )(?<!van\t)de|deze|dit|geen)[ \t]+$")


class KnownGivenNameRecognizer(ScanningRecognizer):
    """A given name DEDUCE knows (its 15k first names), written in lower case anywhere ('kan merve ook komen?',
    'morgen komt evi om 3 uur', 'namens stefan oosterhuis') or opening a sentence ('Evi kwam met haar vader'),
    unless the word is also an ordinary word: DEDUCE's whitelist (stop words, common words, medical terms),
    ``not_lower_names.txt``, drugs, products and eponyms. A lower-case given name takes up to two following
    surname words with it (a word of DEDUCE's surnames or no ordinary word). Issue 17, third round: lower-case
    chat and dictated notes name people without any cue; on the development, test and dev2 parts no ordinary
    lower-case word is in this list."""

    ENTITY = "PERSOON"
    SCORE = 0.45

    def __init__(self) -> None:
        import re as std_re

        from transforms import lexicon

        white = deduce_words("whitelist/lst_stop_word", "whitelist/lst_common_word", "whitelist/lst_medical_term")
        ordinary = _ordinary_capitals() | _not_lower_names() | dutch_stop_words()
        self._given = known_given_names()
        self._surnames = deduce_words("names/lst_surname") - white - ordinary
        # Surnames that are words too ('kok', 'wang', 'visser'): taken after a given name where the clause ends with
        # them: before a date or a number, a stop, a pronoun that opens the next clause or a speaker's 'eh' ('met gert
        # jan kok ik bel', 'dictaat mei ling wang 23 april'; issue 17, nineteenth round: dev69's dictation and dev73's
        # call transcripts by other hands).
        self._word_surnames = deduce_words("names/lst_surname") - dutch_stop_words() - self._surnames
        self._clause_ends = std_re.compile(
            r"[ \t]*(?:[,.:;!?]|$|\d|(?:ik|u|je|jij|hij|zij|ze|we|wij|eh|ehm|uh|geboren|geb)(?![\w'’-]))",
            std_re.MULTILINE,
        )
        self._white = white | ordinary | lexicon.words("clinical_abbreviations")
        self._vocabulary = lexicon.dutch_vocabulary()
        self._clinical_next = std_re.compile(
            r"[ \t]+(?:\d|(?:" + lexicon.alternation("clinical_abbreviations") + r")(?![\w]))", std_re.IGNORECASE
        )
        # A lower-case word, not right after a word character, '@', '.', an apostrophe or a hyphen: the look-behind
        # after the first letter ('(?<![\w@.'’-].)' asks the same of the character before it), so that ``re`` skips to
        # lower-case letters before trying anything (issue 17, ninth round: 1.2x, same matches).
        self._lower = std_re.compile(r"[a-zß-öø-ÿ](?<![\w@.'’-].)[a-zß-öø-ÿ'’-]+(?![\w@'’-])")
        # A capitalised word opening the text, a line, or a sentence after a mark and a space. Found from the newline
        # or the mark (``re`` skips to those characters) and, at the text's start, by one match: the same words as
        # '(?:^|(?<=[.!?:;][ \t])|(?<=\n))[ \t]*' in front, which was tried at every position (issue 17, eighth
        # round: 3x faster; checked equal on the evaluation parts and 200,000 random strings).
        opening = r"[ \t]*([A-ZÀ-Ö][a-zß-öø-ÿ]+)(?=[ \t]+[a-z])"
        self._text_start = std_re.compile(opening).match
        self._start = std_re.compile(r"[.!?:;\n](?:(?<=\n)|(?<=[.!?:;])[ \t])" + opening)
        # A signature after a dash ('— Sanne (balie)'), in texts with a dash.
        # (with a surname's initial, as a review site signs: '★★☆☆☆ — Iryna H. · een maand geleden'; issue 17, twenty-third
        # round: dev98's reviews by another hand)
        self._signature = std_re.compile(
            r"[—–][ \t]+([A-ZÀ-ÖØ-ÞĀ-ɏ][a-zß-öø-ÿĀ-ɏ]+)(?:[ \t]+([A-ZÀ-Ö])\.)?(?=[ \t]+[a-z]|[ \t]*(?:[(,·]|$))",
            std_re.M,
        )
        # Given names that are function words too ('Ben', 'Wil', 'Dan'): a name where Dutch capitalises no
        # function word, after a lower-case word or a comma mid-sentence ('Hoi Ben,', 'gesproken met Wil') or
        # signing after a dash ('— Wil'); the word before is read in :meth:`analyze`.
        self._function_word_names = std_re.compile(lexicon.alternation("function_word_given_names") + r"(?![\w'’-])")
        self._line_opening_words = lexicon.words("line_opening_words")
        # The given names a lower-case word can be, by the first word of each (``keywords.first_words``: a word of the
        # text wherever the name is one of its lower-case words): a pre-check before the lower-case words are read.
        self._given_by_first_word: dict[str, list[str]] = {}
        for name in sorted(self._given):
            if self._lower.fullmatch(name):
                (first,) = first_words([name])
                self._given_by_first_word.setdefault(first, []).append(name)
        self._given_first_words = frozenset(self._given_by_first_word)
        self._word_before = std_re.compile(r"(?<![\w@.'’-])([a-zß-öø-ÿ][a-zß-öø-ÿ'’-]+)[ \t]$")
        super().__init__([self.ENTITY])

    def _may_hold_lower_case_given_name(self, text: str) -> bool:
        """Whether ``text`` may have a given name as one of its lower-case words: the name's first word is one of the
        text's words (any case) and the name as written is in the text. Most notes have none, or write it
        capitalised; then the lower-case words need not be read (issue 17, twelfth round: 5 in 6 notes)."""
        for first in self._given_first_words.intersection(words(text)):
            for name in self._given_by_first_word[first]:
                if name in text:
                    return True
        return False

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        given = self._given
        results = []
        if self._may_hold_lower_case_given_name(text) and not given.isdisjoint(self._lower.findall(text)):
            clinical_starts: frozenset[int] | None = None
            for m in self._lower.finditer(text):
                word = m.group(0)
                if word not in given or _not_a_name(word):
                    continue
                if _ARTICLE_BEFORE.search(text, max(0, m.start() - 6), m.start()):
                    continue  # 'een roos', 'de mei-vakantie': after an article a noun, never a person's given name
                if clinical_starts is None:  # only for texts with a lower-case given name
                    from transforms.text import clinical

                    clinical_starts = frozenset(s for s, _ in clinical.clinical_spans(text))
                end = self._surname_end(text, m.end(), clinical_starts)
                results.append(
                    RecognizerResult(
                        self.ENTITY,
                        self._given_start(text, m.start()),
                        end,
                        self.SCORE,
                        recognition_metadata=dict(self._meta),
                    )
                )
        first = self._text_start(text)
        starts = [first] if first is not None else []
        starts.extend(self._start.finditer(text))
        if "—" in text or "–" in text:
            starts.extend(self._signature.finditer(text))
        for m in starts:
            word = m.group(1).lower()
            initial = m.re is self._signature and m.group(2) is not None
            # (with the initial, also a given name no list holds that is no word: 'Iryna H.')
            if (word in given or initial and is_name_word(m.group(1))) and not _not_a_name(word):
                end = m.end(2) + 1 if initial else m.end(1)
                results.append(
                    RecognizerResult(self.ENTITY, m.start(1), end, self.SCORE, recognition_metadata=dict(self._meta))
                )
        for m in self._function_word_names.finditer(text):
            start = m.start()
            if (
                start > 1
                and text[start - 1] in " \t"
                and (text[start - 2] in ",—–" or text[start - 2].islower())
                # or addressed at a line's start ('Wil, kan jij ...'): the verb takes no comma there; some open a
                # sentence or greet there ('Dan,', 'Dag,': line_opening_words.txt)
                or (start == 0 or text[start - 1] == "\n")
                and text[m.end() : m.end() + 1] == ","
                and m.group(0) not in self._line_opening_words
            ):
                results.append(
                    RecognizerResult(self.ENTITY, start, m.end(), self.SCORE, recognition_metadata=dict(self._meta))
                )
        return results

    def _given_start(self, text: str, start: int) -> int:
        """Where a lower-case name starts whose second given name was found at ``start``: a word before it that is a
        given name too or in no list ('mei ling lin', 'xiu ying lin'; issue 17, seventeenth round: dev49's minutes by
        another hand), not a function word, nor a month after a day's number ('3 mei ying')."""
        m = self._word_before.search(text, max(0, start - 24), start)
        if m is None:
            return start
        word = m.group(1)
        if word in dutch_stop_words() or _not_a_name(word):
            return start
        before = text[max(0, m.start() - 3) : m.start()].rstrip(" \t")[-1:]
        if before.isdigit():
            return start
        # a word in no list only where a field's value or a line starts ('Betrokkene: xiu ying lin'), not in running
        # dialect ('mien vulling deit pien': Pien is a given name, 'pien' Gronings for pain)
        if word in self._given or (is_name_word(word) and (before in (":", "\n") or m.start() == 0)):
            return m.start(1)
        return start

    def _surname_end(self, text: str, end: int, clinical_starts: frozenset[int] = frozenset()) -> int:
        """After a lower-case given name: particles and up to two surname words ('stefan oosterhuis', 'joyce van
        dam'), on the same line; not a word that opens a clinical string ('moeder amira klachten element 37'); or
        a tussenvoegsel of DEDUCE's and a surname it knows to follow one ('sevgi in het veld', 'ids te riele')."""
        surname = particle_surname(text, end)
        if surname is not None and surname[0] not in clinical_starts:
            return surname[1]
        names, pos, last = 0, end, end
        after_particle = False
        while names < 2:
            m = self._lower.match(text, pos + 1) if text[pos : pos + 1] == " " else None
            if not m or m.start() in clinical_starts:
                break
            word = m.group(0)
            if _is_particle(word):
                pos, after_particle = m.end(), True
                continue
            # After a tussenvoegsel the surname may be a word too ('ilse de haan', 'karin de boer'), as in
            # _name_words; not a stop word ('kees van het team').
            if (
                word in self._surnames
                # an abbreviation, or a word of the Dutch vocabulary before one or a number, is the next clause ('lieke
                # mulder dpsi 3-', 'gerda vervolg wkb 35'; not 'joost spuit dossier'; issue 17, eighteenth round:
                # dev62's day lists by another hand)
                or (
                    word not in self._white
                    and not _not_a_name(word)
                    and (word not in self._vocabulary or not self._clinical_next.match(text, m.end()))
                )
                or (after_particle and word not in _not_lower_names() and word not in dutch_stop_words())
                or (word in self._word_surnames and self._clause_ends.match(text, m.end()) is not None)
            ):
                names += 1
                pos = last = m.end()
                after_particle = False
                continue
            break
        return last


# Dutch prefixes of two letters that open compounds ('nacontrole', 'opbeetplaat', 'afspraakkaart').
_PREFIXES = frozenset({"na", "op", "af", "in", "om", "be", "ge", "er", "by"})
# Dutch inflections spaCy's lemma tables leave out of some words: plural -s/-en/-n, the adjective's -e.
_INFLECTIONS = ("s", "en", "n", "e", "es")
# Endings of clinical Latin and Greek words (a condition, a procedure, a field) that no given name has.
# (and of nouns of a condition or a finding, and Latin adjectives: -iteit, -genesis, -plasie, -trofie, -ering, -dontie,
# -ische; issue 17, nineteenth round: dev72's 'geen consanguïniteit', 'afsplintering van glazuur', 'oligodontie',
# 'hypohidrotische')
_CLINICAL_ENDING = std_re.compile(
    r"(?:isme|itis|ose|aal|ale|ectomie|otomie|logie|plastiek|therapie|pathie|ief|ieve|iteit|genesis|plasie|trofie|ering|"
    r"dontie|ische)$"
)


def _across_columns(text: str, m: re.Match) -> bool:
    """Whether a cue's match ``m`` (the cue, then the gap before its word) spans a form's columns: a gap of four
    spaces or more after a cue that does not open its line ('Functie: tandarts      Dosimeter: B-17711-8' names no
    dentist Dosimeter; 'Geslachtsnaam     Berhe', a label opening its line, does name someone). Issue 17, thirty-third
    round: dev138's forms by another hand."""
    gap = m.end() - m.start() - len(m.group(0).rstrip(" \t"))
    if gap < 4:
        return False
    line_start = text.rfind("\n", 0, m.start()) + 1
    return bool(text[line_start : m.start()].strip())


class UnlistedNameRecognizer(ScanningRecognizer):
    """A word that no Dutch dictionary and none of the engine's lists hold, standing where a name stands: opening
    a sentence, or a line after a dash (a signature), before a lower-case word or the line's end ('Ngozi heeft de
    leverancier gebeld', '— Tigran (balie)', a line of one word: 'Melder: Oluwaseun.'); after a word that names a
    person next (``unlisted_name_cues.txt``: 'de vulling van tigran', 'groetjes dovydas', 'memo voor yuting') or an
    emoji ('👍 dovydas'); or ending a message after a stop word or a comma ('dank je wel ngozi'). After an emoji at
    a message's end, any given name DEDUCE knows is taken, also one that is a word ('👍 roos'). Issue 17, sixth
    round: given names from outside DEDUCE's lists, in chat, dictation and reports, were the larger part of what
    still leaked.

    The dictionary is spaCy's Dutch lemma tables (:func:`lexicon.dutch_vocabulary`, 411k word forms); a word it
    lacks is still no name when it is an inflected form or a compound of two or three of its words
    ('extracties', 'wortelkanaalcontrole'), an abbreviation (``clinical_abbreviations.txt``), an acronym in
    capitals, a clinical, drug or product word, a stop word or an adjective, or has no vowel ('bwr')."""

    ENTITY = "PERSOON"
    SCORE = 0.45
    _WORD = r"[A-Za-zÀ-ÖØ-öø-ÿĀ-ɏḀ-ỿ][a-zß-öø-ÿĀ-ɏḀ-ỿ'’-]*[a-zß-öø-ÿĀ-ɏḀ-ỿ]"

    def __init__(self) -> None:
        import re as std_re

        from transforms import lexicon

        self._vocabulary = lexicon.dutch_vocabulary()
        self._english = lexicon.english_vocabulary()
        self._verdicts: dict[str, bool] = {}
        self._abbreviations = lexicon.words("clinical_abbreviations")
        # The words of greetings and closings ('Geachte', 'Hierbij') open sentences without naming anyone.
        formulas = {
            w.lower() for name in ("salutations", "closing_formulas") for e in lexicon.words(name) for w in e.split()
        }
        self._ordinary = ordinary_words() | known_given_names() | _known_names() | formulas
        # Lower case; a kinship word names a person next too ('met moeder kasia').
        cue_entries = lexicon.words("unlisted_name_cues") | lexicon.words("kinship_words")
        # Where a cue can stand: the cue is tried there only (``keywords.cue_starts``; the pattern's look-behind and
        # its space after each entry's first word are the boundaries it needs).
        self._cue_words = cue_words(cue_entries)
        cue_list = sorted(
            (r"[ \t]+".join(map(std_re.escape, w.split())) for w in cue_entries),
            key=lambda w: (-len(w), w),
        )
        cues = "(?:" + "|".join(cue_list) + ")"
        word, after = r"(" + self._WORD + r")", r"(?![\w'’@-])"
        # The cues are matched on the lower-cased text where it has the text's offsets (keywords.lowered): ``re``
        # skips ahead to a lower-case cue's first letters, where it tries a case-insensitive one everywhere. The
        # word is looked at ahead, not taken, so it may be the next cue ('met moeder kasia').
        # Grouped by first letter (``by_first_character``, same matches): one branch tried per letter, not sixty cues
        # (issue 17, ninth round: 1.25x faster than with a look-ahead for the first letters).
        self._after_cue = std_re.compile(
            r"(?<![\w'’-])" + by_first_character(cue_list) + r",?[ \t]+(?=" + word + after + ")"
        )
        # (with its first characters looked ahead for, as the scans of this class that open with a look-behind or \b:
        # ``re`` skips to them, where it tried the pattern at every position; issue 17, sixteenth round)
        self._after_cue_any_case = std_re.compile(
            with_first_char_hint(r"(?<![\w'’-])(?i:" + cues + r"),?[ \t]+(?=" + word + after + ")")
        )
        self._word = std_re.compile(self._WORD)  # not 'MIH' or 'CHX' in capitals: acronyms
        # Emoji and dingbats close a chat phrase before a signature ('👍 dovydas' has no other cue).
        self._after_emoji = std_re.compile(r"[\u2600-\u27bf\U0001f300-\U0001faff][ \t]+" + word + after)
        # A capitalised word before a lower-case one or the end of a phrase or line ('Melder: Oluwaseun.', not
        # 'Insp.: kies 24'), opening the text, a line, a sentence ('.', '!' or '?' and a space) or a signature (a dash
        # and a space). Found from the newline, mark or dash before it (``re`` skips to those characters) and, at the
        # text's start, by one match (issue 17, eighth round: 2x faster than finding every capitalised word and
        # reading the characters before it; checked equal on the evaluation parts and 300,000 random strings).
        capitalised = (
            r"[ \t]*([A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ][a-zß-öø-ÿĀ-ɏḀ-ỿ'’-]*[a-zß-öø-ÿĀ-ɏḀ-ỿ])"
            r"(?=[ \t]+[a-zß-öø-ÿ]|[ \t]*(?:[(,]|$)|\.[ \t]*$)"
        )
        self._capitalised_at_start = std_re.compile(capitalised, std_re.MULTILINE).match
        # After a label's colon or a list's bullet, where a product or a term stands as often ('Scan: Medit i700',
        # 'Instrumentarium: Luxator'), only before a verb a person is the subject of ('Verder: Shurandy heeft ...', '-
        # Efua heeft Wil beloofd ...'; issue 17, nineteenth round: dev69's and dev73's notes by other hands).
        person_verbs = (
            *("heeft", "had", "is", "was", "belt", "belde", "zegt", "zei", "wil", "wilde", "komt", "kwam", "gaat"),
            *("ging", "vraagt", "vroeg", "neemt", "nam", "moet", "moest", "kan", "kon", "mag", "zal", "zou", "wordt"),
            *("werd", "krijgt", "kreeg", "stuurt", "stuurde", "meldt", "meldde"),
            # (and who does or arranges it: 'Esther J.: Zhiwei doet dat donderdag'; issue 17, thirty-third round: dev138's
            # staff chats by another hand)
            *("doet", "deed", "regelt", "regelde", "geeft", "gaf", "weet", "wist", "pakt", "pakte"),
        )
        self._capitalised_before_verb = std_re.compile(
            r"(?:(?<=:)|(?<=\n[-*•]))[ \t]+([A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ][a-zß-öø-ÿĀ-ɏḀ-ỿ'’-]*[a-zß-öø-ÿĀ-ɏḀ-ỿ])(?=[ \t]+(?:"
            + "|".join(person_verbs)
            + r")\b)"
        ).finditer
        # (tried only where one of the verbs is a word of the note: the pattern, led by a look-behind, is tried at every
        # position)
        self._person_verbs = first_words(person_verbs)
        # (or a quotation's opening mark: a review or a message quoted, "'Dewanad deed mijn element 25'", '"Wulan heeft
        # mijn beugel gedaan"'; issue 17, nineteenth round: dev71's review notes and exports by another hand)
        self._capitalised = std_re.compile(
            r"(?:[\n.!?—–](?:(?<=\n)|(?<=[.!?—–])[ \t])|(?<=[\"“‘'])(?<![\w][\"“‘']))" + capitalised,
            std_re.MULTILINE,
        ).finditer
        # The last word of a message, in lower case, after a stop word, a comma or an emoji: who sent it ('dank je
        # wel ngozi', 'tot morgen, dovydas'); looked for in the message's last 60 characters.
        self._last_word = std_re.compile(
            r"(?:(?<=[,\u2600-\u27bf\U0001f300-\U0001faff])|(?<=[a-z] ))[ \t]*" + word + r"[^\w]*\Z"
        )
        # Where that word can start at the earliest, read backwards from the text's end (on the reversed last 60
        # characters): what closes it, the word's letters, its capital, the spaces before it. The search starts
        # there, not at every one of the 60 positions (issue 17, twelfth round).
        self._last_word_back = std_re.compile(r"[^\w]*[a-zß-öø-ÿĀ-ɏḀ-ỿ'’-]*[A-Za-zÀ-ÖØ-öø-ÿĀ-ɏḀ-ỿ]?[ \t]*").match
        self._first_names = deduce_words("names/lst_first_name")
        self._next_lower_word = std_re.compile(
            r"[ \t]([a-zß-öø-ÿ][a-zß-öø-ÿ'’]+(?:-[a-zß-öø-ÿ][a-zß-öø-ÿ'’]+)*)(?![\w@'’-])"
        )
        super().__init__([self.ENTITY])

    def unlisted(self, word: str) -> bool:
        """Whether ``word`` is in no list: no Dutch word or compound of them, no abbreviation, no known name or
        ordinary word of the engine's lists, and it has a vowel. Verdicts are kept per word (the same words come
        back note after note; the compound search costs up to a millisecond)."""
        verdict = self._verdicts.get(word)
        if verdict is None:
            if len(self._verdicts) > 10_000:
                self._verdicts.clear()
            verdict = self._verdicts[word] = self._unlisted(word)
        if verdict and _ENGLISH_TEXT.get() and word.lower() in self._english:
            return False  # in an English text, a word of English
        return verdict

    def _unlisted(self, word: str) -> bool:
        lower = word.lower()
        if (
            len(lower) < 3
            or lower in self._vocabulary
            or lower in self._ordinary
            or lower in self._abbreviations
            or not any(c in "aeiouyàáâäèéêëìíîïòóôöùúûü" for c in lower)
            or _not_a_name(word)
        ):
            return False
        if "-" in word and any(part[:1].islower() for part in word.split("-")[1:]):
            return False  # names capitalise every part: 'Nance-boog', 'tandarts-implantoloog' are things
        if lower.endswith("nr") and len(lower) > 4 and self._dutch(lower[:-2].removesuffix("s"), 1):
            # a number's word shortened, a word and 'nr' ('lidnr', 'pasnr', 'ritnr', 'bondsnr': 'lidnummer'), as forms
            # and lists write them (issue 17, thirty-first round: dev132's sports clubs by another hand)
            return False
        return not self._dutch(lower, 2) and not _CLINICAL_ENDING.search(lower)

    def _dutch(self, lower: str, parts: int) -> bool:
        """Whether ``lower`` is a Dutch word, perhaps inflected ('extracties', 'pocketdiepten'), or a compound of
        up to ``parts`` + 1 of them ('wortelkanaal|controle', 'na|gebeld', 'op|beet|plaat')."""
        vocabulary = self._vocabulary
        if lower in vocabulary or any(lower.endswith(e) and lower[: -len(e)] in vocabulary for e in _INFLECTIONS):
            return True
        if parts:
            # Parts of three letters or more, a prefix of two ('na|controle'), the last of four or more: 'vol|kan'
            # and 'or|son' are names, not compounds.
            for i in range(2, len(lower) - 3):
                head = lower[:i]
                if (
                    (i > 2 or head in _PREFIXES)
                    and (head in vocabulary or head[-1] in "s-" and head[:-1] in vocabulary)
                    and self._dutch(lower[i:], parts - 1)
                ):
                    return True
        return False

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        lower = lowered(text)
        if lower is not None:  # found on the lower-cased text: the word as written must have a name's shape too
            shaped = self._word.fullmatch
            cues = matches_at(self._after_cue.match, cue_starts(text, lower, self._cue_words), lower)
            spans = [m.span(1) for m in cues if shaped(text, *m.span(1)) and not _across_columns(text, m)]
        else:
            spans = [m.span(1) for m in self._after_cue_any_case.finditer(text) if not _across_columns(text, m)]
        signed = []  # a signature: any given name DEDUCE knows, also one that is a word ('👍 roos')
        if not text.isascii():
            for m in self._after_emoji.finditer(text):
                if not text[m.end(1) :].strip(" \t\n.!") and m.group(1).lower() in self._first_names:
                    signed.append(m.span(1))
                else:
                    spans.append(m.span(1))
        first = self._capitalised_at_start(text)
        if first is not None:
            spans.append(first.span(1))
        spans.extend(m.span(1) for m in self._capitalised(text))
        if (":" in text or "\n" in text) and not self._person_verbs.isdisjoint(words(text)):
            spans.extend(m.span(1) for m in self._capitalised_before_verb(text))
        last = self._last_word.search(text, len(text) - self._last_word_back(text[-60:][::-1]).end())
        if last and last.group(1).islower() and self._ends_after_stop_word_or_mark(text, last.start(1)):
            spans.append(last.span(1))
        return [
            RecognizerResult(
                self.ENTITY, start, self._surname_end(text, end), self.SCORE, recognition_metadata=dict(self._meta)
            )
            for start, end in spans
            if self.unlisted(text[start:end])
        ] + [RecognizerResult(self.ENTITY, s, e, self.SCORE, recognition_metadata=dict(self._meta)) for s, e in signed]

    def _surname_end(self, text: str, end: int) -> int:
        """A lower-case name takes the surname written after it: particles and a surname DEDUCE knows to follow
        them ('bartek van dijk'), or one word that is a name DEDUCE knows or in no list ('bartek hoekstra')."""
        if not text[end - 1 : end].islower():
            return end
        surname = particle_surname(text, end)
        if surname is not None:
            return surname[1]
        m = self._next_lower_word.match(text, end)
        if m and (m.group(1) in _known_names() or self.unlisted(m.group(1))) and not _not_a_name(m.group(1)):
            return m.end()
        return end

    @staticmethod
    def _ends_after_stop_word_or_mark(text: str, start: int) -> bool:
        """Whether the word at ``start`` follows a comma, an emoji or a stop word."""
        before = text[max(0, start - 20) : start].rstrip(" \t")
        if not before or not before[-1].isalpha():
            return bool(before) and (before[-1] == "," or before[-1] >= "\u2600")
        return before.split()[-1].lower() in dutch_stop_words()


@functools.cache
def _unlisted_judge() -> UnlistedNameRecognizer:
    return UnlistedNameRecognizer()


def is_name_word(word: str) -> bool:
    """Whether ``word`` (any case) can only be a name: a given name DEDUCE knows that is no ordinary word, or a word
    in no dictionary and no list (:meth:`UnlistedNameRecognizer.unlisted`); of two letters, one of DEDUCE's first
    names or no Dutch word, and no stop word or abbreviation ('Bo', 'Xu'; not 'Op', 'Ok'). For the engine's rules
    that grow a name found over the words written with it ('kowalczyk, ngozi', 'Bo Verbeek')."""
    lower = word.lower()
    if len(lower) == 2:
        from transforms import lexicon

        return (
            lower.isalpha()
            and lower not in dutch_stop_words()
            and lower not in lexicon.words("clinical_abbreviations")
            and (lower in deduce_words("names/lst_first_name") or lower not in lexicon.dutch_vocabulary())
        )
    return lower in known_given_names() or _unlisted_judge().unlisted(word)


def is_surname_word(word: str) -> bool:
    """Whether a lower-case word written right after a name found in lower case can only be more of that name:
    a word :func:`is_name_word` takes, or a surname DEDUCE knows that is no Dutch word ('verschuuren', 'tavares');
    hyphenated, every part such a word or a particle ('al-jubouri', 'el-amrani'). Not a stop word or an ordinary
    word ('filipa plant de herbeoordeling'). For the engine's rule that grows a lower-case name over its surname
    ('drs. filipa sahetapy', 'de heer rodel lopes tavares'; issue 17, ninth round: dictation by another hand)."""
    from transforms import lexicon

    lower = word.lower()
    if "-" in lower:
        parts = [p for p in lower.split("-") if p]
        names = [p for p in parts if not _is_particle(p)]
        return bool(names) and len(parts) == lower.count("-") + 1 and all(is_surname_word(p) for p in names)
    if len(lower) < 3 or lower in dutch_stop_words() or lower in _not_lower_names() or _not_a_name(lower):
        return False
    return is_name_word(lower) or (lower in _known_names() and lower not in lexicon.dutch_vocabulary())


def is_word_surname(word: str) -> bool:
    """Whether a lower-case ``word`` is a surname DEDUCE knows, also one that is a Dutch word ('vos', 'koning',
    'groen'), but no stop word or word of ``not_lower_names.txt``: more of a lower-case name only where the name's
    phrase ends after it (the engine's rule)."""
    lower = word.lower()
    return (
        len(lower) >= 3
        and lower in deduce_words("names/lst_surname")
        and lower not in dutch_stop_words()
        and lower not in _not_lower_names()
    )


@functools.cache
def _particle_surname() -> tuple[std_re.Pattern, frozenset[str]]:
    # DEDUCE's tussenvoegsels (also those of more than one word or not in the engine's particles: 'in het', 'op
    # den', 'te'), then a word; and the surnames DEDUCE knows to follow one ('veld', 'kamp', 'riele', 'dijk').
    # (and 'van' abbreviated with its dot, 'v.' or 'v.d.': 'lisa v. zanten'; issue 17, twentieth round: the nineteenth
    # round's user check; not 'v' or 'vd' without it, which are other words' letters too)
    interfixes = sorted(deduce_words("names/lst_interfix") - {"v", "vd", "v/d"}, key=len)
    regex = std_re.compile(
        r"[ \t](?:" + "|".join(std_re.escape(i) for i in reversed(interfixes)) + r")[ \t]([a-zß-öø-ÿ][a-zß-öø-ÿ'’]+)"
        r"(?:-[a-zß-öø-ÿ][a-zß-öø-ÿ'’]+)*(?![\w@'’-])"
    )
    return regex, deduce_words("names/lst_interfix_surname")


def particle_surname(text: str, end: int) -> tuple[int, int] | None:
    """The surname written in lower case right after ``end`` (where its word starts, where it ends), when it is one
    of DEDUCE's tussenvoegsels and a surname DEDUCE knows to follow one ('sevgi| in het veld', 'ngozi| van
    dijk-okafor'); else None ('noor| van de balie' stays: 'balie' is no such surname)."""
    regex, surnames = _particle_surname()
    m = regex.match(text, end)
    return (m.start(1), m.end()) if m and m.group(1) in surnames else None


class WrittenDateRecognizer(ScanningRecognizer):
    """Dates and ages written out in words, as speech software types dictation: 'drie december
    negentienhonderdzesentachtig', 'op vijf juli', 'leeftijd twaalf jaar', 'zevenenzestig jaar oud'. The number
    words are data (``number_words.txt``, with ``months.txt``); a day is one to thirty-one, a year follows
    'negentienhonderd' or 'tweeduizend'. An age needs its cue ('leeftijd', 'oud', '-jarige'): 'twaalf jaar' alone
    may be how long something lasted. Issue 17, sixth round (dictation in the second held-out part's kinds)."""

    def __init__(self) -> None:
        import re as std_re

        from transforms import lexicon

        values = spoken_number_values()  # 'vierendertig' -> '34', one to ninety-nine and 'nul'

        def alternation(low: int, high: int) -> str:
            return (
                "(?:"
                + "|".join(sorted((w for w, v in values.items() if low <= int(v) <= high), key=len, reverse=True))
                + ")"
            )

        below_100 = alternation(1, 99)
        # A day as a number or an ordinal ('drie', 'de eenendertigste', 'tweede', 'achtste').
        day = "(?:eerste|derde|achtste|" + alternation(1, 31) + "(?:ste|de)?)"
        # 'negentienhonderdtachtig', 'negentienhonderd vierenzeventig', 'tweeduizend en twee', 'negentien tweeënzestig',
        # 'negentienvijfenzestig' (speech software glues the two).
        year = (
            r"(?:(?:negentienhonderd|tweeduizend)(?:[ \t]*(?:en[ \t]+)?" + below_100 + ")?"
            r"|negentien[ \t]*" + alternation(20, 99) + ")"
        )
        months = "(?:" + "|".join(lexicon.entries("months")) + ")"
        # The day may be typed in digits, the year said as its last two numbers after a month ('21 april negentien
        # vijfenvijftig', 'dertien augustus eenenzeventig', 'drie december nul nul'; issue 17, sixteenth round: dev44's
        # transcripts by another hand).
        short_year = r"(?:nul[ \t]+(?:nul|" + alternation(1, 9) + r")|" + below_100 + r")"
        date = (
            r"(?<![\w-])("
            + day
            + r"|[12]?\d|3[01])[ \t]+("
            + months
            + r")(?:[ \t]+("
            + year
            + r"|"
            + short_year
            + r"))?(?![\w-])"
        )
        self._date = std_re.compile(date, std_re.IGNORECASE)
        number = below_100
        age = (
            r"leeftijd:?[ \t]+(" + number + r")(?=[ \t]+jaar(?![\w]))|(?<![\w-])(" + number + r")"
            r"(?=[ \t]+jaar[ \t]+oud(?![\w])|-?jarige?(?![\w]))"
        )
        self._age = std_re.compile("(?i:" + age + ")")
        # The same, matched on the lower-cased text where it has the text's offsets (keywords.lowered), as
        # SpokenNumberRecognizer does: there ``re`` compares the words' letters as written and skips to their first
        # letters, where a case-insensitive alternation of a hundred number words is tried at every position.
        assert date == date.lower() and age == age.lower()
        self._date_lower = std_re.compile(with_first_char_hint(date))
        self._age_lower = std_re.compile(age)
        self._months = frozenset(w.lower() for w in lexicon.entries("months"))
        self._gate = self._months | {"leeftijd", "oud", "jarig", "jarige"}
        # A date of birth dictated after its cue, in any mix of words and digits and with the month as a number or
        # an ordinal: 'geboren negen een drieëntachtig', 'geboren 26 september negentig', 'geboren op de
        # negenentwintigste van de zesde 1969', a chat's answer to the question 'Wat is je geboortedatum?' ('achttien
        # twee zesenzeventig'). Issue 17, eighth round (dictation and chat of another hand).
        month_number = "(?:eerste|derde|achtste|" + alternation(1, 12) + "(?:de)?|0?[1-9]|1[0-2])"
        spoken_year = r"(?:" + year + r"|(?:19|20)?\d\d|" + below_100 + r")"
        # (also after 'geb.datum', 'gebdat', 'geb:', 'volgens beller', 'patiënt:'; sixteenth round: dev44)
        birth = (
            r"(?:\bgeboren(?:[ \t]+op)?|\bgeboortedatum(?:[ \t]+is|[ \t]+pati[eë]nt|[^\n]*\n[^\n:]{0,40}:)?"
            r"|\bgeb(?:\.[ \t]?|oorte)?dat(?:um)?\b(?:[ \t]+volgens[ \t]+\w+)?|\bgeb\b\.?(?=[ \t]*:))"
            r"[ \t]*:?(?:[ \t]+de)?[ \t]+"
            r"(?P<v>(?:"
            + day
            + r"|[12]?\d|3[01])[ \t]+(?:van[ \t]+de[ \t]+"
            + month_number
            + r"|"
            + months
            + r"|"
            + month_number
            + r")[ \t]+(?:"
            + spoken_year
            + r"|"
            + short_year
            + r"))(?![\w-])"
        )
        # (with its first characters looked ahead for, as the scans of this class that open with a look-behind or \b:
        # ``re`` skips to them, where it tried the pattern at every position; issue 17, sixteenth round)
        self._birth = std_re.compile(with_first_char_hint(birth, std_re.IGNORECASE), std_re.IGNORECASE)
        # The date of birth corrected right after it ('geboren negen twaalf tweeduizend drie schrap dat negentien
        # drieënnegentig', '... nee tweeduizend zes'): the correction is the date of birth (issue 17, ninth round).
        self._corrected_birth = std_re.compile(
            r"[ \t]*,?[ \t]+(?:"
            + lexicon.alternation("dictation_corrections", spaces=r"[ \t]+")
            + r")[ \t]*[,:]?[ \t]+(?P<v>(?:(?:"
            + day
            + r"|[12]?\d|3[01])[ \t]+(?:"
            + months
            + r"|"
            + month_number
            + r")[ \t]+)?(?:"
            + year
            + r"|(?:19|20)\d\d))(?![\w-])",
            std_re.IGNORECASE,
        )
        super().__init__(["DATUM", "LEEFTIJD"])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        found = words(text)
        fold = folded(text)
        born = []
        if "geboren" in found or "geboortedatum" in found or "geb" in fold:
            for m in self._birth.finditer(text):
                born.append(RecognizerResult("DATUM", *m.span("v"), 0.7, recognition_metadata=dict(self._meta)))
                corrected = self._corrected_birth.match(text, m.end())
                if corrected is not None:
                    born.append(
                        RecognizerResult("DATUM", *corrected.span("v"), 0.7, recognition_metadata=dict(self._meta))
                    )
        # A word ending in 'jarig(e)' holds 'jarig': the substring check spares a pass over the words in most notes.
        jarig = "jarig" in fold
        if self._gate.isdisjoint(found) and not (
            jarig and any(w.endswith("jarige") or w.endswith("jarig") for w in found)
        ):
            return born
        # Each scan only where its own words are (issue 17, ninth round; the case-insensitive alternations of number
        # words are tried at every position): a date's month stands as a word (spaces before it, a space or no word
        # character after it); an age has 'jarig' glued or after a dash, or 'jaar' as a word after the number with
        # 'leeftijd' before it or 'oud' after it.
        lower = lowered(text)
        results = (
            [
                RecognizerResult("DATUM", m.start(), m.end(), 0.6, recognition_metadata=dict(self._meta))
                for m in (self._date.finditer(text) if lower is None else self._date_lower.finditer(lower))
            ]
            if not self._months.isdisjoint(found)
            else []
        ) + born
        if not (jarig or ("jaar" in found and ("oud" in found or "leeftijd" in fold))):
            return results
        for m in self._age.finditer(text) if lower is None else self._age_lower.finditer(lower):
            group = 1 if m.group(1) else 2
            results.append(
                RecognizerResult("LEEFTIJD", m.start(group), m.end(group), 0.6, recognition_metadata=dict(self._meta))
            )
        return results


class ForeignDateRecognizer(ScanningRecognizer):
    """Dates as English and German letters write them (``foreign_months.txt``): '8th July 1959', 'the 3rd of March',
    '6th of December 1998', 'July 3, 1982', 'October 3rd 1972', '13 Oct 1999', '19. Juni 2024'; and Spanish ones ('9 de
    agosto de 1984'; twentieth round: dev78's medevac referrals). A day from 1 to 31;
    the month capitalised (in lower case 'may' and 'march' are verbs). Issue 17, ninth round (international patients
    by another hand: English dates of birth were 0.69 found)."""

    ENTITY = "DATUM"
    # Above a name's 0.85: 'July', 'June' and 'May' are given names DEDUCE knows, and the date is the better type.
    SCORE = 0.86

    def __init__(self) -> None:
        from transforms import lexicon

        months_first = sorted(lexicon.words("foreign_months"), key=len, reverse=True)
        months = sorted(
            lexicon.words("foreign_months") | lexicon.words("foreign_months_day_first"), key=len, reverse=True
        )
        month = r"(?:" + "|".join(std_re.escape(m) for m in months) + r")\.?"
        month_first = r"(?:" + "|".join(std_re.escape(m) for m in months_first) + r")\.?"
        day = r"(?:0?[1-9]|[12]\d|3[01])"
        ordinal = r"(?:st|nd|rd|th|er)?"  # (and French: '1er mars 2006')
        year = r"(?:[ \t]*,?[ \t]+(?:de[ \t]+)?(?:19|20)\d\d)?"
        # (with its first characters looked ahead for, as the scans of this class that open with a look-behind or \b:
        # ``re`` skips to them, where it tried the pattern at every position; issue 17, sixteenth round)
        self._date = std_re.compile(
            with_first_char_hint(
                r"(?<![\w/.-])(?:"
                + day
                + ordinal
                + r"(?:[ \t]+(?:of|di|de))?[ \t]+"
                + month
                + year  # '8th July 1959', '6th of December 1998', '30 di òktober 1951', '9 de agosto de 1984'
                + r"|"
                + day
                + r"\.[ \t]*"
                + month
                + year  # '19. Juni 2024'
                + r"|"
                + month_first
                + r"[ \t]+"
                + day
                + ordinal
                + year  # 'July 3, 1982', 'October 3rd 1972'
                + r")(?![\w]|[/-]\d)"  # not 'Jun 25/35': a given name and two teeth
            )
        )
        self._months = first_words(months)  # as :func:`keywords.words` folds them ('òktober' -> 'oktober')
        # Hungary's order, the year first and a dot after each part but the last ('Születési idő: 1997. 06. 29.',
        # '1993. február 14.'; issue 17, thirty-ninth round: dev162's clinics abroad by another hand): its day's dot is the
        # sentence's or the field's, outside the date. Read off the note's shape first: a year, a dot and a space or a
        # digit, which few notes hold.
        months_year_first = sorted(lexicon.words("foreign_months_year_first"), key=len, reverse=True)
        self._year_first = std_re.compile(
            r"(?<![\w.])(?:19|20)\d\d\.[ \t]?(?:(?:0?[1-9]|1[0-2])\.|(?:"
            + "|".join(std_re.escape(m) for m in months_year_first)
            + r"))[ \t]?"
            + day
            + r"(?!\d)"
        )
        self._year_first_gate = shape_gate(rb"0000\.[ \t]?[0a]")
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        results = []
        if not self._months.isdisjoint(words(text)):
            results = [
                RecognizerResult(self.ENTITY, m.start(), m.end(), self.SCORE, recognition_metadata=dict(self._meta))
                for m in self._date.finditer(text)
            ]
        if "." in text and passes(self._year_first_gate, text):
            results += [
                RecognizerResult(self.ENTITY, m.start(), m.end(), self.SCORE, recognition_metadata=dict(self._meta))
                for m in self._year_first.finditer(text)
            ]
        return results


class ForeignScriptNameRecognizer(ScanningRecognizer):
    """Words in a script other than Latin or Greek in a Dutch note: a name or an address written as its owner writes
    it ('أحمد الحسن', '张伟', 'Олена Коваленко', 'ሳባ'), which no Dutch rule reads. Arabic, Hebrew, Cyrillic,
    Armenian, Georgian, Ethiopic, Devanagari, Thai, Hangul, kana and CJK ideographs; Greek letters stay (clinical
    'α', 'β'). Recall first: a Dutch dental note quotes such script for people. Issue 17, sixth round (a user's
    check with names in Arabic and Chinese script)."""

    ENTITY = "PERSOON"
    SCORE = 0.5
    _LETTERS = (
        "\u0400-\u052f\u0530-\u058f\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u0900-\u097f\u0e00-\u0e7f"
        "\u10a0-\u10ff\u1200-\u139f\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
        "\ufb50-\ufdff\ufe70-\ufeff"
    )

    def __init__(self) -> None:
        import re as std_re

        letters = self._LETTERS
        # Marks and joiners inside a word (Arabic vowel signs, Devanagari matras) belong to it.
        self._run = std_re.compile(
            "[" + letters + "][" + letters + "\u064b-\u065f\u0670\u200c\u200d\u0900-\u0903\u093a-\u094f]*"
            "(?:[ \t\u00a0]+[" + letters + "][" + letters + "\u064b-\u065f\u0670\u200c\u200d]*)*"
        )
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        if text.isascii() or plain(text):  # Latin letters and typographic marks only: the common case
            return []
        return [
            RecognizerResult(self.ENTITY, m.start(), m.end(), self.SCORE, recognition_metadata=dict(self._meta))
            for m in self._run.finditer(text)
        ]


class SpelledNameRecognizer(ScanningRecognizer):
    """A name spelt out letter by letter, as dictation software types it: 'ik spel k i r i n d o n g o', 'spelling
    t r a n b e e k', 'dat is h o a n g', 'achternaam gespeld m-o-l-e-n-a-a-r', 'achternaam is t. e. s. f. a. m'.
    After a word that announces spelling, two letters or more; elsewhere five or more, and not only the letters of
    tooth surfaces ('m o d b l'). Issue 17, seventh round (dev7 dictation); letters apart by dashes or dots and the
    cues 'achternaam is', 'schrijf je' in the eighth (dev9)."""

    ENTITY = "PERSOON"
    SCORE = 0.6
    _SURFACES = frozenset("modblpvi")

    def __init__(self) -> None:
        self._run = std_re.compile(r"(?<![\w.-])[^\W\d_](?:(?:[ -]|\.[ ]?)[^\W\d_]){1,}(?![\w-])")
        self._cue = std_re.compile(
            # (also 'spelt achternaam:' as a desk note writes what the caller spelt; fifteenth round: dev40)
            r"(?i:\b(?:ik[ \t]+spel|spelling|gespeld|spelt(?:[ \t]+(?:de[ \t]+)?(?:achter|voor)?naam)?|spel|dat[ \t]+is|"
            r"achternaam[ \t]+is|schrijf[ \t]+je|"
            r"geschreven(?:[ \t]+als)?)[:,]?[ \t]+)$"
        )
        # What every run holds: a letter standing alone (no word character before it), its separator, a letter and
        # a separator, as '(?<![\w])[^\W\d_](?: |-|\. ?)[^\W\d_](?: |-|\. ?)' finds it; looked for from the first
        # separator (``re`` skips ahead to those characters) with the letter and what precedes it looked behind at,
        # where the look-behind first was tried at every position (issue 17, twelfth round: 1.8x).
        self._gate = std_re.compile(r"[ .-](?<!\w\w[ .-])(?<=[^\W\d_][ .-])(?:(?<=\.) )?[^\W\d_](?: |-|\. ?)").search
        self._letter = std_re.compile(r"[^\W\d_]")
        self._said_before = std_re.compile(r"(?<![\w'’-])([^\W\d_]{2,})[ \t]+\Z")
        # Three words of a spelling alphabet in a row spell a name ('papa oscar sierra tango mike alfa'), also apart
        # by dashes ('Hotel - Uniform - India', 'golf-romeo-alfa'; issue 17, fortieth round: dev165's radio
        # messages by another hand, kept unread until the round's other rules were written).
        from transforms import lexicon

        alphabet = lexicon.alternation("spelling_alphabets", spaces=r"[ \t]+")
        self._alphabet_words = lexicon.words("spelling_alphabets")
        # On the lower-cased text (keywords.lowered): a case-sensitive alternation, which ``re`` skips ahead for.
        self._alphabet_run = std_re.compile(
            with_first_char_hint(
                r"(?<![\w-])" + alphabet + r"(?:(?:[ \t,]+|[ \t]*-[ \t]*)" + alphabet + r"){2,}(?![\w-])"
            )
        )
        self._alphabet_run_any_case = std_re.compile(
            r"(?<![\w-])(?i:" + alphabet + r")(?:(?:[ \t,]+|[ \t]*-[ \t]*)(?i:" + alphabet + r")){2,}(?![\w-])"
        )
        # A letter and a word it opens, as the Dutch spell on the phone ('k van karel', 'ij van ijmuiden', 's van
        # sinterklaas'), on the lower-cased text; and what may stand between two of them in one name: a letter said
        # alone, a dash or a double said ('h e r m van marie', 'a l streepje h a s van simon', 'h a dubbel d').
        self._letter_van_word = std_re.compile(r"(?<![\w-])(ij|[a-z])[ \t]+van[ \t]+(\1[a-zà-öø-ÿ]{2,})(?![\w-])")
        self._spelt_between = std_re.compile(
            r"(?:[ \t,]+(?:[a-z]|streepje|dubbel|los|apart|spatie|koppelteken|liggend[ \t]+streepje)(?![\w-]))*[ \t,]+"
        )
        self._said_dash = std_re.compile(r"[ \t,]+(?:liggend[ \t]+)?streepje[ \t,]+")
        self._spelt_before = std_re.compile(r"(?:(?<![\w-])(?:[a-z]|streepje|dubbel)[ \t]+)+\Z")
        super().__init__([self.ENTITY])

    def _letters_and_words(self, text: str) -> list[tuple[int, int]]:
        """Names spelt letter by letter with a word for each ('n van nico a van amsterdam u van utrecht t van teunis a
        van anton', 'h e r m van marie a n van nico s van sinterklaas', 'p van pieter e r'): two such pairs or more
        in a row, with letters said alone, dashes and doubles between, before and after them; one pair and two letters
        alone. Issue 17, thirty-eighth round: dev160's telephone transcripts by another hand, kept unread until the
        round's other rules were written."""
        lower = lowered(text)
        if lower is None:
            lower = text.lower()
            if len(lower) != len(text):
                return []
        pairs = list(self._letter_van_word.finditer(lower))
        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(pairs):
            start, end, count, alone = pairs[i].start(), pairs[i].end(), 1, 0
            j = i + 1
            while j < len(pairs):
                between = self._spelt_between.fullmatch(lower, end, pairs[j].start())
                if between is None:
                    break
                alone += len(lower[end : pairs[j].start()].split())
                end, count, j = pairs[j].end(), count + 1, j + 1
            after = self._spelt_between.match(lower, end)
            if after is not None and after.end() > end:
                # letters said alone after the last pair, up to the last letter ('p van pieter e r')
                tail = lower[end : after.end()].rstrip(" \t,")
                if tail.strip():
                    alone += len(tail.split())
                    end += len(tail)
            before = self._spelt_before.search(lower, max(0, start - 40), start)
            if before is not None:
                alone += len(before.group().split())
                start = before.start()
            if count >= 2 or alone >= 2:
                # a dash said is a dictation command, at which a name found ends (``engine._trim_titles``): each side
                # of it a name of its own, so that neither is lost
                at = start
                for dash in self._said_dash.finditer(lower, start, end):
                    spans.append((at, dash.start()))
                    at = dash.end()
                spans.append((at, end))
            i = j
        return [(s, e) for s, e in spans if e > s]

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        results = []
        if " van " in text or "\tvan" in text:
            results.extend(
                RecognizerResult(self.ENTITY, start, end, self.SCORE, recognition_metadata=dict(self._meta))
                for start, end in self._letters_and_words(text)
            )
        if len(self._alphabet_words.intersection(words(text))) >= 3:
            lower = lowered(text)
            runs = (
                self._alphabet_run.finditer(lower) if lower is not None else self._alphabet_run_any_case.finditer(text)
            )
            results.extend(
                RecognizerResult(self.ENTITY, *m.span(), self.SCORE, recognition_metadata=dict(self._meta))
                for m in runs
            )
        if self._gate(text) is None:
            return results
        for m in self._run.finditer(text):
            letters = self._letter.findall(m.group())
            cued = self._cue.search(text, max(0, m.start() - 20), m.start()) is not None
            # The word the letters spell, said first ('beller: dijk d i j k', 'chen c h e n'): both are the name (issue
            # 17, nineteenth round: dev73's call transcripts by another hand).
            said = self._said_before.search(text, max(0, m.start() - 40), m.start())
            if said is not None and said.group(1).lower() == "".join(letters).lower():
                cued = True
                results.append(
                    RecognizerResult(self.ENTITY, *said.span(1), self.SCORE, recognition_metadata=dict(self._meta))
                )
            if "." in m.group() and not m.group().count(" ") and len(letters) < 5 and not cued:
                continue  # 'o.v.v', 'J.P': abbreviations and initials; spelt after its cue ('dat is I.D.I.R')
            if not cued and "." in m.group() and self._abbreviations_only(text, m.start(), m.end()):
                continue  # 's.c. i.v.m. M.': a drug's route and 'in verband met' before an initial, no spelling
            if cued or (len(letters) >= 5 and not {c.lower() for c in letters} <= self._SURFACES):
                results.append(
                    RecognizerResult(self.ENTITY, m.start(), m.end(), self.SCORE, recognition_metadata=dict(self._meta))
                )
        return results

    @staticmethod
    def _abbreviations_only(text: str, start: int, end: int) -> bool:
        """Whether every piece of two letters or more of the run ``text[start:end]`` (split at spaces) is a dotted
        abbreviation (``dotted_abbreviations.txt``), its full stop after the run included."""
        from transforms import lexicon

        known = lexicon.words("dotted_abbreviations")
        run = text[start : end + 1] if text[end : end + 1] == "." else text[start:end]
        pieces = [piece for piece in run.split() if sum(c.isalpha() for c in piece) >= 2]
        return bool(pieces) and all(piece.lower() in known for piece in pieces)


class WordNameRecognizer(ScanningRecognizer):
    """Names written as Dutch words are, where Dutch grammar gives them away (issue 17, seventh round: dev8):

    - a month capitalised where Dutch writes months in lower case, mid-sentence and not before a number ('bij Juni
      i.p.v. Mei', 'Abdirahman/Juni'), or opening a sentence before a verb ('Mei is met verlof', 'April is op het
      schoolplein gevallen'); 'Mei 2024' and 'Juni: controle' stay;
    - a lower-case possessive ('over huub's beugel', 'mo's afspraak'): Dutch puts 's after names, a word takes
      'van de'; a word of the Dutch vocabulary ('foto's', 'baby's') is a plural;
    - in a line or a chat message written wholly in lower case, a word no dictionary or list holds
      (:func:`is_name_word`: 'top zhiwei!', 'dat kojo over zes weken terugkomt').
    """

    ENTITY = "PERSOON"
    SCORE = 0.5

    def __init__(self) -> None:
        from transforms import lexicon

        # What a person does after their name: the verbs of the two lists the sentence-start rules read.
        self._verbs = lexicon.words("name_verbs") | first_words(lexicon.words("human_subject_verbs"))
        months = sorted((m.capitalize() for m in lexicon.words("months")), key=len, reverse=True)
        # Led by the months' first letters, the look-behind checked after them (``by_first_character``): ``re`` skips
        # to those capitals, where a look-behind first was tried at every position (issue 17, twelfth round: 5x).
        self._month = std_re.compile(by_first_character(months, after=r"(?<![\w'’-](?s:.))") + r"(?![\w'’-])")
        self._after = std_re.compile(r"[ \t]*([\w'’-]+|\S)")
        self._possessive = std_re.compile(r"(?<![\w'’-])([a-zß-öø-ÿ][a-zß-öø-ÿ-]*[a-zß-öø-ÿ])['’]s(?![\w'’-])")
        self._vocabulary = lexicon.dutch_vocabulary()
        # A message or a dictated line written wholly in lower case (after a chat line's stamp and sender): there a
        # word no dictionary or list holds is a name ('top zhiwei!', 'ik heb mursal net gebeld').
        self._lower_lines = std_re.compile(
            r"^(?:[ \t]*\[?[\d:./, -]{4,}\]?(?:[ \t]*-)?[ \t]+[^\n:]{1,40}:)?([^A-ZÀ-ÖØ-ÞĀ-ɏ\n]{20,})$",
            std_re.MULTILINE,
        )
        self._lower_word = std_re.compile(r"(?<![\w@'’./-])[a-zß-öø-ÿ][a-zß-öø-ÿ'’-]*[a-zß-öø-ÿ](?![\w@'’/-])")
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        results = []
        for m in self._month.finditer(text):
            after = self._after.match(text, m.end())
            following = after.group(1) if after else ""
            if not following or following[0].isdigit() or following == ":":
                continue  # 'Mei 2024', 'Juni: controle', a month closing the text
            before = text[max(0, m.start() - 40) : m.start()].rstrip(" \t")
            last = before.rsplit(None, 1)[-1] if before.strip() else ""
            # an abbreviation's dot ('i.p.v. Juni', 'mw. Mei') ends no sentence
            abbreviation = last.endswith(".") and (last.count(".") > 1 or (len(last) <= 5 and last[:-1].islower()))
            opening = m.start() == 0 or not before or (before[-1] in ".!?:;\n" and not abbreviation)
            if opening and following.lower() not in self._verbs:
                continue  # 'Mei was warm'? only a person's verbs; 'Mei en juni' stays
            results.append(self._result(m.start(), m.end()))
        for line in self._lower_lines.finditer(text):
            for m in self._lower_word.finditer(text, line.start(1), line.end(1)):
                if (
                    m.end() - m.start() > 2  # 'mm', 'mn': units and abbreviations
                    and is_name_word(m.group())
                    and not _ARTICLE_BEFORE.search(text, max(0, m.start() - 6), m.start())  # 'de roos', 'een vullling'
                ):
                    results.append(self._result(m.start(), m.end()))
        if "'s" in text or "’s" in text:
            for m in self._possessive.finditer(text):
                word = m.group(1)
                if word in self._vocabulary or not (word in known_given_names() or is_name_word(word)):
                    continue
                results.append(self._result(m.start(1), m.end(1)))
        return results

    def _result(self, start: int, end: int) -> RecognizerResult:
        return RecognizerResult(self.ENTITY, start, end, self.SCORE, recognition_metadata=dict(self._meta))


class SpokenNumberRecognizer(ScanningRecognizer):
    """A BSN or a phone number dictated as words ('bsn zes zes nul vier acht zeven zes vier nul', 'nul zes twaalf
    vierendertig zesenvijftig achtenzeventig'): a run of number words ('nul' to 'negenennegentig', from
    ``number_words.txt``) whose digits, joined, are a Dutch phone number (ten digits from 0) or pass the 11-proef.
    A checksum-valid BSN is personal data in any notation (issue 17); a run of numbers that is neither (a pocket
    chart: 'drie drie vier') stays.

    Speech software writes some of the numbers it hears in digits: '06 6518 vier zeven drie drie', '306 nul negen
    een 951', '06 vijfentachtig 94 veertig drieënzeventig' (issue 17, eighth round). In a run of number words and
    groups of up to four digits, any stretch of words and digits together whose digits make a phone number or a
    valid BSN is one; a stretch of digit groups alone is left to the digit recognizers (a date '12-03-2026' is
    no BSN here)."""

    def __init__(self) -> None:
        import re as std_re

        values = spoken_number_values()
        self._values = values
        base = "(?:" + "|".join(sorted(values, key=len, reverse=True)) + ")"
        # Hundreds, as speech software writes them in one word ('negenhonderdzevenentachtig' 987, 'zevenhonderdzestig'
        # 760, 'negentienhonderdvijfenzestig' 1965): a unit or a teen, 'honderd', then maybe one to ninety-nine
        # (issue 17, tenth round: dev17's voicemails dictated a BSN so).
        units, teens, _ = number_word_groups()
        multiplier = "(?:" + "|".join(sorted(units + teens, key=len, reverse=True)) + ")"
        word = "(?:" + multiplier + "?honderd" + base + "?|" + base + ")"
        # Matched on the lower-cased text where it has the text's offsets (keywords.lowered): there ``re`` skips to
        # the words' first letters, where a case-insensitive alternation is tried at every position.
        # Three words may be a BSN said in hundreds ('negenhonderdvijfenvijftig negenhonderdvier vierhonderdtweeëndertig'),
        # a hesitation may sit between two ('nul zes vier uhm acht ...'), and a phone may open with its country ('plus
        # eenendertig zes ...'; issue 17, sixteenth round: dev44's transcripts by another hand).
        gap = r"[ \t,.-]+(?:(?:e+h+m*|u+h*m+)[ \t,.-]+)?"
        run = r"(?<![\w-])(?:plus[ \t]+)?" + word + r"(?:" + gap + word + r"){2,}(?![\w-])"
        self._run = std_re.compile(with_first_char_hint(run))
        self._run_any_case = std_re.compile(run, std_re.IGNORECASE)
        self._word = std_re.compile(word, std_re.IGNORECASE)
        self._gate = frozenset(w for w in values if w.isascii())
        token = r"(?:" + word + r"|\d{1,8})"
        mixed = r"(?<![\w-])" + token + r"(?:[ \t,.-]+" + token + r"){1,}(?![\w-])"
        self._mixed_run = std_re.compile(with_first_char_hint(mixed))
        self._mixed_run_any_case = std_re.compile(mixed, std_re.IGNORECASE)
        self._token = std_re.compile(r"(?<![\w-])" + token + r"(?![\w-])", std_re.IGNORECASE)
        self._account_token = std_re.compile(r"(?<![\w-])(?:" + word + r"|\d{1,10})(?![\w-])", std_re.IGNORECASE)
        # 'een' is the article too: a note with no other number word has no number dictated in words and digits.
        self._mixed_gate = self._gate - {"een"}
        # A patient number dictated after its word, fillers between ('mijn patiëntnummer is ehm negen zeven zes twee
        # drie drie'): four number words or more (issue 17, eighth round).
        # (with its first characters looked ahead for, as the scans of this class that open with a look-behind or \b:
        # ``re`` skips to them, where it tried the pattern at every position; issue 17, sixteenth round)
        self._patient_number = std_re.compile(
            with_first_char_hint(
                r"\b(?:pati[eë]nt(?:en)?nummer|patnr|pt\.?[ -]?nr|dossiernummer|dossiernr|cli[eë]ntnummer|klantnummer|"
                r"kaartnummer|kaartnr|relatienummer)"
                # (a colon or '(ingesproken)' after the word, three numbers said in pairs: 'Ingesproken patiëntnummer:
                # drieënveertig dertien eenendertig'; sixteenth round: dev44)
                r"(?:[ \t]*\((?:ingesproken|gesproken|gespeld)\))?[ \t]*:?"
                r"(?:[ \t]+(?:is|ja|e+h*m*|u+h*m*))*[ \t]+(?P<v>" + token + r"(?:[ \t]+" + token + r"){2,})(?![\w-])",
                std_re.IGNORECASE,
            ),
            std_re.IGNORECASE,
        )
        # An IBAN dictated: its country and bank code as letters, its digits in words ('nl drieëntwintig asnb twee
        # acht twee een ...'); the mod-97 check decides (issue 17, eighth round: dev12 by another hand). The letters may
        # be spelt one by one ('n l vijfenzeventig r a b o ...': a user check saw one leak whole, ninth round).
        self._spoken_iban = std_re.compile(
            r"\b(?P<country>n[ \t.-]?l|b[ \t.-]?e)[ \t]+(?P<check>"
            + token
            + r"(?:[ \t]+"
            + token
            + r")?)[ \t]+(?P<bank>[a-z](?:[ \t.-]?[a-z]){3})[ \t]+"
            # (the account's ten digits may be written as one number: 'NL achtenvijftig TRIO 3349987308'; dev44)
            r"(?P<account>(?:" + token + r"|\d{9,10})(?:[ \t]+" + token + r"){0,11})(?![\w-])",
            std_re.IGNORECASE,
        )
        # What every match of it opens with as a word of the note (``keywords.words``: \b before the country, a space, a
        # dot or a hyphen after its first letters): the pattern, \b first and in any case, was tried at every position
        # of every note with a number word ('een' is the article), 4 of the recognizer's 9 ms a pass over dev (issue
        # 17, sixteenth round).
        self._iban_words = frozenset({"nl", "n", "be", "b", "de", "d"})
        # An IBAN whose account is digits only, said in words after its country ('de tien zestig negenenveertig nul één
        # achttien ...' for DE10 6049 0118 ...; issue 17, thirty-eighth round: dev160's voicemails by another hand, kept
        # unread until the round's other rules were written): the shortest run that makes the country's length and
        # passes mod-97, so the article 'de' before a number ('de twee kronen') is none.
        self._spoken_digit_iban = std_re.compile(
            r"\b(?P<country>d[ \t.-]?e|b[ \t.-]?e)[ \t]+(?P<account>"
            + token
            + r"(?:[ \t]+"
            + token
            + r"){3,21})(?![\w-])",
            std_re.IGNORECASE,
        )
        # A street and its house number in words ('kastanjelaan een nul vier', 'Graaf Ottostraat nummer drieënzeventig
        # bis', 'markt een zeven drie drie'; issue 17, tenth round: dev17's dictated letters).
        self._street_number = std_re.compile(
            r"(?<![\w'’-])(?-i:(?:[A-Z][\w'’.-]*[ \t]){0,2}[A-Z][\w'’-]*"
            + STREET_SUFFIX
            + r"|[a-z][\w'’-]{2,}(?:"
            + "|".join(std_re.escape(e) for e in LOWER_STREET_ENDINGS)
            + r"))"
            + r"(?:[ \t]+nummer)?[ \t]+(?P<v>"
            + word
            + r"(?:[ \t]+"
            + word
            + r"){0,3})"
            # its addition: a letter, a floor ('Tjalkstraat negenendertig B', 'Merelpad honderdtwee twee hoog'; dev44)
            + r"(?:[ \t]+(?:bis|hs|huis|boven|beneden|hoog|[a-d](?![\w'’-])))?(?![\w-])",
            std_re.IGNORECASE,
        )
        self._birth = std_re.compile(
            with_first_char_hint(
                r"\b(?:geboren|geb\.?|geboortedatum)(?:[ \t]+(?:is|op|eh+m*|uh+m*))*[ \t]+(?P<v>"
                + word
                + r"(?:[ \t,.-]+"
                + word
                + r"){1,7})(?![\w-])",
                std_re.IGNORECASE,
            ),
            std_re.IGNORECASE,
        )
        super().__init__(["BSN", "TELEFOON", "PATIENTNUMMER", "IBAN", "GEBOORTEDATUM", "ADRES"])

    # A BSN dictated digit by digit after its word, which speech software writes as single digits ('BSN is 7 5 7 4 9 1 1
    # 8 2'): the shared finder leaves single digits alone (a pocket chart is '3 2 3'); after the word, a valid number is
    # the BSN (issue 17, sixteenth round: a user check).
    _DIGITS_AFTER_BSN = std_re.compile(
        # (or in a scanned form's boxes after its word: 'BSN: |9|0|3|4|4|9|8|3|3|'; issue 17, thirty-fourth round: dev143's
        # intake scans by another hand published six)
        r"\b(?i:bsn|burgerservicenummer|sofi(?:nummer|nr)?)\b(?:[ \t]+(?:is|nummer))?[ \t]*[:|]?(?:[ \t]+|[ \t]*\|[ \t]*)"
        r"(?P<v>\d(?:[ \t]\d|[ \t]?\|[ \t]?\d){7,8})(?![\w])"
    )
    # A scanned form's digit boxes after any number's label, read with a typo or none of the BSN's words
    # ('1d Burgcrservicenummer | 0 4 7 3 2 5 5 0 1'; issue 17, twenty-ninth round: dev123's wage tax statements by
    # another hand): nine digits that pass the 11-proef are a BSN in any notation.
    _SPACED_DIGITS_AFTER_A_NUMBER = std_re.compile(
        r"(?i:[a-z]*(?:nummer|nr|no)\.?)[ \t]*[:|]?[ \t]*\|?(?P<v>\d([ |])\d(?:\2\d){7})(?![\w]|[ \t]\d|\|\d)"
    )
    # (or apart by a form's bars: '|6|4|9|3|3|4|6|6|8|'; issue 17, thirtieth round: the session's user check)
    _SPACED_DIGITS = staticmethod(shape_gate(rb"0 0 0 0 0 0 0 0 0|0\|0\|0\|0\|0\|0\|0\|0\|0"))
    _BSN_WORDS = frozenset({"bsn", "burgerservicenummer", "sofi", "sofinummer", "sofinr"})

    @classmethod
    def cue_started_patterns(cls) -> list[tuple[std_re.Pattern, frozenset[str]]]:
        """(pattern, cue words) of each pattern tried only where a cue word stands (``keywords.cue_starts``), on the text
        itself (a test holds them to it): the digits after the BSN's word open with \b and the word, \b after it, where
        the scan, \b first, was tried at every position of the notes with the word (issue 17, seventeenth round)."""
        return [(cls._DIGITS_AFTER_BSN, cls._BSN_WORDS)]

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        found = words(text)
        results = []
        if not self._BSN_WORDS.isdisjoint(found):
            for m in cue_led_matches(self._DIGITS_AFTER_BSN, text, self._BSN_WORDS):
                if is_valid_bsn(m.group("v").replace(" ", "").replace("\t", "").replace("|", "")):
                    results.append(self._result("BSN", *m.span("v")))
        if self._SPACED_DIGITS(text):
            for m in self._SPACED_DIGITS_AFTER_A_NUMBER.finditer(text):
                if is_valid_bsn(m.group("v").replace(" ", "").replace("|", "")):
                    results.append(self._result("BSN", *m.span("v")))
        number_words = self._gate.intersection(found)
        hundreds = "honderd" in text  # 'negenhonderdvier': a number word of its own, in no list
        if not number_words and not hundreds:
            return results
        # a phone or a BSN in words alone has two different number words ('nul', 'zes'), or hundreds
        if len(number_words) >= 2 or hundreds:
            lower = lowered(text)
            for m in self._run.finditer(lower) if lower is not None else self._run_any_case.finditer(text):
                words_ = self._word.findall(m.group(0))
                digits = "".join(self._value(w) for w in words_)
                kind = self._kind(digits, m.group(0).startswith("plus"))
                if kind:
                    results.append(self._result(kind, m.start(), m.end()))
        # 'NL achtenvijftig TRIO 3349987308': one number word may be all an IBAN says
        if number_words and not self._iban_words.isdisjoint(words(text)):
            results.extend(self._spoken_ibans(text))
        if "geb" in text:
            results.extend(self._birth_dates(text))
        if hundreds or not self._mixed_gate.isdisjoint(number_words):
            results.extend(
                RecognizerResult("ADRES", *m.span(), 0.7, recognition_metadata=dict(self._meta))
                for m in self._street_number.finditer(text)
                if m.group("v").lower() != "een"  # 'de Kerkweg een keer': the article
            )
        if "nummer" in text or "nr" in text:
            results.extend(
                self._result("PATIENTNUMMER", *m.span("v"))
                for m in self._patient_number.finditer(text)
                if not m.group("v").replace(" ", "").isdigit()  # digits alone: the patient-number recognizer's
            )
        if not self._mixed_gate.isdisjoint(number_words):
            lower = lowered(text)
            for m in self._mixed_run.finditer(lower) if lower is not None else self._mixed_run_any_case.finditer(text):
                results.extend(self._mixed(text, m))
        return results

    def _value(self, word: str) -> str:
        """The digits a number word stands for ('vierendertig' -> '34', 'zevenhonderdzestig' -> '760'); KeyError if
        it is none."""
        lower = word.lower()
        if "honderd" not in lower:
            return self._values[lower]
        before, _, after = lower.partition("honderd")
        return str(int(self._values[before] if before else 1) * 100 + (int(self._values[after]) if after else 0))

    def _birth_dates(self, text: str) -> list[RecognizerResult]:
        """A birth date dictated in number words after its word ('geboren nul vier nul negen negentien achtenzestig',
        'geboren twee zes nul acht negentienhonderdvijfenzestig'): day, month and year, digit by digit or in pairs,
        making a real date (issue 17, tenth round: dev17)."""
        found = []
        for m in self._birth.finditer(text):
            try:
                digits = "".join(self._value(w) for w in self._word.findall(m.group("v")))
            except KeyError:
                continue
            if len(digits) in (6, 8) and _is_day_month(digits[:2], digits[2:4]):
                found.append(self._result("GEBOORTEDATUM", *m.span("v")))
        return found

    def _spoken_ibans(self, text: str) -> list[RecognizerResult]:
        """Dictated IBANs: the shortest run of the account's numbers that makes the country's length and passes
        mod-97."""
        found = []
        for m in self._spoken_iban.finditer(text):
            check = self._digits_of(m.group("check"))
            if check is None or len(check) != 2:
                continue
            country = "".join(c for c in m.group("country") if c.isalpha()).upper()
            bank = "".join(c for c in m.group("bank") if c.isalpha()).upper()
            tokens = list(self._account_token.finditer(text, m.start("account"), m.end("account")))
            digits = ""
            for t in tokens:
                digits += t.group(0) if t.group(0).isdigit() else self._value(t.group(0))
                iban = country + check + bank + digits
                if len(iban) == IBAN_LENGTHS.get(country) and is_valid_iban(iban):
                    found.append(self._result("IBAN", m.start(), t.end()))
                    break
        for m in self._spoken_digit_iban.finditer(text):
            country = "".join(c for c in m.group("country") if c.isalpha()).upper()
            digits = ""
            for t in self._account_token.finditer(text, m.start("account"), m.end("account")):
                digits += t.group(0) if t.group(0).isdigit() else self._value(t.group(0))
                iban = country + digits
                if len(iban) > IBAN_LENGTHS.get(country, 0):
                    break
                if len(iban) == IBAN_LENGTHS.get(country) and is_valid_iban(iban):
                    found.append(self._result("IBAN", m.start(), t.end()))
                    break
        return found

    def _digits_of(self, words_: str) -> str | None:
        tokens = self._token.findall(words_)
        try:
            return "".join(t if t.isdigit() else self._value(t) for t in tokens)
        except KeyError:
            return None

    @staticmethod
    def _kind(digits: str, international: bool = False) -> str | None:
        """A phone (ten digits from 0, or nine from 0 as Belgian landlines have: '03 negen 32 ...'; after 'plus', a
        country's code and nine digits or more: '+31 6 ...', '+32 ...') or a valid BSN."""
        if len(digits) == 10 and digits[0] == "0" or international and 11 <= len(digits) <= 13 and digits[0] != "0":
            return "TELEFOON"
        if is_valid_bsn(digits):
            return "BSN"
        return "TELEFOON" if len(digits) == 9 and digits[0] == "0" and digits[1] != "0" else None

    def _mixed(self, text: str, run: re.Match) -> list[RecognizerResult]:
        """The phones and BSNs in a run of number words and digit groups: stretches of both, read left to right,
        a phone (ten digits from 0) before a BSN (nine digits) where a stretch could be either."""
        tokens = [(m.start(), m.end(), m.group(0)) for m in self._token.finditer(text[run.start() : run.end()])]
        if all(t[2].isdigit() for t in tokens) or not any(t[2].isdigit() for t in tokens):
            return []  # digits alone: the digit recognizers; words alone: the run of words above
        parts = [t if t.isdigit() else self._value(t) for _, _, t in tokens]
        offset, found, i = run.start(), [], 0
        while i < len(tokens):
            digits, end, kind = "", i, None
            for j in range(i, len(tokens)):
                digits += parts[j]
                if len(digits) > 10:
                    break
                stretch = tokens[i : j + 1]
                if any(t[2].isdigit() for t in stretch) and not all(t[2].isdigit() for t in stretch):
                    found_kind = self._kind(digits) if len(digits) >= 9 else None
                    if found_kind:
                        kind, end = found_kind, j
                        if len(digits) == 10:
                            break
            if kind:
                found.append(self._result(kind, offset + tokens[i][0], offset + tokens[end][1]))
                i = end + 1
            else:
                i += 1
        return found

    def _result(self, kind: str, start: int, end: int) -> RecognizerResult:
        return RecognizerResult(kind, start, end, 0.9, recognition_metadata=dict(self._meta))


class SpokenPostcodeRecognizer(ScanningRecognizer):
    """Postcodes as dictation and chat write them, which the written-postcode patterns do not read: four digits
    spoken in words or mixed and two letters by their names or alone ('drie nul twee zeven aa jee', 'vijfenzeventig
    zeventien cee wee', '7348 s z', 'dertien zeventien tl'); four or five digits after the word 'postcode' or as the
    answer to a chat's question for it ('postcode achtentachtig nul nul', 'En je postcode?' / 'Bezoeker: 9100'); a
    foreign postcode before its place after a house number and a comma ('Lozanastraat 70, 2800 Mechelen'), after
    a country's letter ('B 3680'), alone with its place in a cell ('|48599 Gronau|'), or opening the line after a
    street's in an address block ('Rue des Écoles 9' / '75005 Paris'), where that street
    line is an address too. Issue 17, eighth round (dictation, chat and letters abroad by other hands)."""

    SCORE = 0.6

    def __init__(self) -> None:
        import re as std_re

        from transforms import lexicon

        values = spoken_number_values()
        self._values = values
        number = "(?:" + "|".join(sorted(values, key=len, reverse=True)) + r"|\d{1,4})"
        letter = "(?:" + "|".join(sorted(lexicon.words("letter_names"), key=len, reverse=True)) + r"|[a-z])"
        self._letter_names = lexicon.words("letter_names")
        # On the lower-cased text (keywords.lowered), as the other spoken-number scans; only where number words are
        # (issue 17: tried at every position, the scan cost 0.04 DEDUCE units). 'een' is the article too.
        self._spoken = std_re.compile(
            with_first_char_hint(
                r"(?<![\w-])(?P<n>"
                + number
                + r"(?:[ \t]+"
                + number
                + r"){0,5})[ \t]+(?P<l>"
                + letter
                + r"[ \t]+"
                + letter
                + r"|[a-z]{2})(?![\w-])"
            )
        )
        self._number_words = frozenset(w for w in values if w.isascii()) - {"een"}
        # Four digits and two letters apart ('7348 s z', '4034 en em'): found from the digits.
        self._digits_letters = std_re.compile(
            r"(?P<n>[1-9]\d{3})[ \t]+(?P<l>" + letter + r"[ \t]+" + letter + r")(?![\w-])"
        )
        self._number = std_re.compile(number)
        self._after_cue = std_re.compile(
            r"\bpostcode\b(?:[^\n]*\n[^\n:]{0,40}:|[ \t]*(?:is|:))?[ \t]*(?P<n>\d{4,5}(?![\w-])|"
            + number
            + r"(?:[ \t]+"
            + number
            + r"){1,3}(?![\w-]))"
        )
        self._after_house_number = std_re.compile(
            r"\d,[ \t](?P<code>(?:[A-Z]{1,2}-)?\d{4,5})(?=[ \t]+[A-ZÀ-ÞİĀ-ɏ][^\W\d_]+)"
        )
        # A country's letter before the digits ('B 3680 Maaseik', 'B-2910', 'D-47559'); a cell that is a code and a
        # place alone ('|48599 Gronau|', '"48599 Gronau"'; not after a comma: 'Controle, 1250 Amoxicilline').
        # (Both scans open with their first character, not with the look-behind for the one before, which ``re``
        # would try at every position: that is checked for the few matches, by :meth:`_opens`.)
        self._lettered = std_re.compile(r"[BDFL][- ]\d{4,5}(?![\w-])")
        self._code_and_place = std_re.compile(
            r"[|;\t\"•] ?(?P<code>\d{4,5})(?=[ \t]+(?P<place>[A-ZÀ-ÞİĀ-ɏ][^\W\d_]+)(?:[ -][^\W\d_]+){0,3}"
            r"[ \t]*(?:[|;\t\"\n,.)]|$))"
        )
        self._block_line = std_re.compile(
            r"^[ \t]*(?:(?i:postcode)[\w/ ]{0,12}:[ \t]*)?(?P<code>(?:[A-Z]{1,2}-)?\d{4,5})[ \t]+[A-ZÀ-ÞİĀ-ɏ][^\W\d_]+(?:[ \t]+[^\W\d_]+){0,3}[ \t]*$",
            std_re.MULTILINE,
        )
        self._label = std_re.compile(r"^[ \t]*(?:[\w/ ]{0,20}adres[ \t]*:)?[ \t]*", std_re.IGNORECASE)
        # Four digits, then a space or a tab: what every match of the four scans of a code in digits before its letters
        # or its place holds (``_digits_letters``, ``_after_house_number``, ``_code_and_place``, ``_block_line``).
        # Found from the space (the look-behind reads the digits), and looked for once: most notes have none, where
        # the four scans each tried every digit (issue 17, eleventh round).
        self._four_digits_spaced = std_re.compile(r"[ \t](?<=\d{4}[ \t])")
        self._not_letters = dutch_stop_words() | {"mg", "ml", "mm", "cm", "km", "kg", "gr", "pm", "am", "uur", "jr"}
        self._vocabulary = lexicon.dutch_vocabulary()
        self._never_names = never_name_words()
        super().__init__(["POSTCODE", "ADRES"])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        results: list[RecognizerResult] = []
        lower = lowered(text)
        subject = lower if lower is not None else text.lower()
        # The lower-cased subject has the text's digits, spaces and tabs where the text has them (same length).
        shaped = direct.shape(text)  # four digits and a space or tab, read off the note's shape where it can tell
        if shaped is None:
            coded = self._four_digits_spaced.search(text) is not None
        else:
            coded = b"0000 " in shaped or b"0000\t" in shaped
        if lower is not None or len(subject) == len(text):
            # Two number words at least, one of them not 'een' ('vier een een een', 'dertien zeventien'): a spoken
            # postcode has four digits.
            said = self._number_words.intersection(words(text))
            spoken = bool(said) and (len(said) >= 2 or "een" in words(text))
            scan = self._spoken.finditer(subject) if spoken else self._digits_letters.finditer(subject) if coded else ()
            for m in scan:
                if not spoken and not self._opens(subject, m.start()):
                    continue
                span = self._spoken_span(subject, m)
                if span:
                    results.append(self._result("POSTCODE", *span))
            if "postcode" in subject:
                for m in self._after_cue.finditer(subject):
                    if self._four_or_five(m.group("n")):
                        results.append(self._result("POSTCODE", *m.span("n")))
        if coded:
            results.extend(self._result("POSTCODE", *m.span("code")) for m in self._after_house_number.finditer(text))
        results.extend(
            self._result("POSTCODE", *m.span()) for m in self._lettered.finditer(text) if self._opens(text, m.start())
        )
        if not coded:
            return results
        results.extend(
            self._result("POSTCODE", *m.span("code"))
            for m in self._code_and_place.finditer(text)
            if m.group("place").lower() not in self._never_names  # '| 1250 Amoxicilline |' is a dose
        )
        for m in self._block_line.finditer(text):
            street = self._street_line_before(text, m.start())
            if street:
                results.append(self._result("POSTCODE", *m.span("code")))
                results.append(self._result("ADRES", *street))
        return results

    @staticmethod
    def _opens(text: str, start: int) -> bool:
        """Whether a match at ``start`` opens a word: no letter, digit or dash before it."""
        return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "_-")

    def _digits(self, tokens: list[str]) -> str:
        return "".join(t if t.isdigit() else self._values[t] for t in tokens)

    def _four_or_five(self, run: str) -> bool:
        digits = self._digits(self._number.findall(run))
        return len(digits) in (4, 5) and digits[0] != "0"

    def _spoken_span(self, subject: str, m: re.Match) -> tuple[int, int] | None:
        """The postcode in a run of numbers before two letters: the last numbers that make four digits, at least
        one of them a word, or four digits before letters named or spelt apart ('7348 s z')."""
        letters = m.group("l").split()
        if len(letters) == 1 and (letters[0] in self._not_letters or letters[0] in self._vocabulary):
            return None  # 'drie nul twee zeven en' ends in a word, not in a postcode's letters
        tokens = list(self._number.finditer(subject, m.start("n"), m.end("n")))
        digits, first = "", len(tokens)
        while first > 0 and len(digits) < 4:
            first -= 1
            digits = self._digits([tokens[first].group(0)]) + digits
        used = [t.group(0) for t in tokens[first:]]
        if len(digits) != 4 or digits[0] == "0":
            return None
        if all(t.isdigit() for t in used) and len(letters) == 1:
            return None  # '9539 rp': the written-postcode patterns' (and '1200 mg' no postcode)
        return tokens[first].start(), m.end("l")

    def _street_line_before(self, text: str, start: int) -> tuple[int, int] | None:
        """The line before ``start`` when it reads as a street line of an address block: a house number, a few
        words, no e-mail or web address; its span after an address label."""
        if start == 0:
            return None
        line_end = start - 1
        line_start = text.rfind("\n", 0, line_end) + 1
        line = text[line_start:line_end]
        stripped = line.strip()
        if not stripped or not any(c.isdigit() for c in stripped) or "@" in line or "://" in line:
            return None
        if len(stripped.split()) > 8 or not stripped[0].isalpha():
            return None
        value_start = line_start + self._label.match(line).end()
        value_end = line_start + len(line.rstrip())
        return (value_start, value_end) if value_end > value_start else None

    def _result(self, kind: str, start: int, end: int) -> RecognizerResult:
        return RecognizerResult(kind, start, end, self.SCORE, recognition_metadata=dict(self._meta))


# A postcode as the countries around ours write it, in an address abroad: four to six digits, with a second group
# after a dash ('8600-315', '22050-001'), a state's or country's letters before them ('NSW 2026', 'B-3930'), a Dutch
# postcode's letters after them; two digits, a dash and three ('80-827'); a Canadian or a British postcode.
POSTCODE_ABROAD = std_re.compile(
    r"(?<![\w-])(?:(?:[A-Z]{2,3}[ \t]|[A-Z]-)?\d{4,6}(?:-\d{3,4})?(?:[ \t]{0,2}[A-Za-z]{2}(?![\w]))?|\d{2}-\d{3}|"
    r"[A-Z]\d[A-Z][ \t]?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]?[ \t]\d[A-Z]{2})(?![\w-])"
)


class ForeignAddressRecognizer(ScanningRecognizer):
    """An address abroad as its country writes it, on a line that ends with the country (``countries.txt``: 'vul.
    Deribasivska 5, Odesa 65026, Ukraine', 'Calle de Alcalá 123, 3º B, 28009 Madrid, España') or on the lines above
    a line that is the country ('Atatürk Bulvarı No: 112/6' / '06420 Çankaya/Ankara' / 'Türkiye'). No street list
    or format per country: the country says the line is an address. The first comma-separated part with a house
    number is the street, with the short parts after it that carry a flat or floor ('3º B', 'Apt 1203'): ADRES; a
    number of four to six digits elsewhere on the line ('65026', '90-063', '22050-001') or a British postcode is the
    postcode: POSTCODE. Issue 17, ninth round (international patients by another hand)."""

    ENTITY = "ADRES"
    SCORE = 0.6
    _POSTCODE = POSTCODE_ABROAD
    _HOUSE_NUMBER = std_re.compile(r"(?<![\w-])\d{1,4}(?:[/-]\d{1,3})?[a-zA-Z]?(?![\w])")

    def __init__(self) -> None:
        from transforms import lexicon

        # Countries by their words: a line's last one to three words are looked up, not an alternation of a hundred
        # countries tried at every position of every line (0.1 DEDUCE units as first written).
        self._countries = frozenset(lexicon.words("countries"))
        self._label = std_re.compile(r"^[^:\n]{0,40}:[ \t]*")
        self._first_words = first_words(lexicon.words("countries"))
        super().__init__(["ADRES", "POSTCODE"])

    def _country_at_end(self, line: str) -> int:
        """Where the country that ends ``line`` starts in it (-1: none)."""
        stripped = line.rstrip(" \t.")
        words_ = stripped.rsplit(None, 3)
        for n in (3, 2, 1):
            if len(words_) >= n:
                tail = " ".join(words_[-n:])
                if tail in self._countries and stripped.endswith(tail):
                    return len(stripped) - len(tail)
        return -1

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        if self._first_words.isdisjoint(words(text)):
            return []
        results: List[RecognizerResult] = []
        lines = text.split("\n")
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        for k, start in enumerate(starts):
            at = self._country_at_end(lines[k])
            if at < 0:
                continue
            body_end = start + at
            if at == 0 or not text[start:body_end].strip(" \t,"):  # the country on its own line: the lines above
                above = starts[max(0, k - 2)] if k else start
                if k:
                    self._read(text, above, start - 1, results)
                continue
            if not any(c.isdigit() for c in text[start:body_end]):
                continue
            body = text[start:body_end].rstrip(" \t")
            # (nor a table's row that ends with a country: '... | Graag na de 15e, ben in Marokko'; dev74's SMS log)
            if body[-1:] not in ",/–-" and body.count(",") < 2 or "|" in body:
                # a sentence that ends with a country is no address line ('... Laatste controle in Sint Maarten bij
                # Dental Clinic Bonaire.'; issue 17, twentieth round: dev78's consult notes by another hand)
                continue
            label = self._label.match(text, start, body_end)  # 'Address: ...', 'Adres thuisland: ...'
            self._read(text, label.end() if label else start, body_end, results)
        return results

    def _read(self, text: str, start: int, end: int, results: List[RecognizerResult]) -> None:
        parts, pos = [], start
        for piece in std_re.split(r"(,|\n)", text[start:end]):
            if piece not in (",", "\n"):
                stripped = piece.strip(" \t")
                if stripped:
                    left = pos + piece.index(stripped)
                    parts.append((left, left + len(stripped)))
            pos += len(piece)
        street: tuple[int, int] | None = None
        for a, b in parts:
            part = text[a:b]
            codes = list(self._POSTCODE.finditer(part))
            if street is None and not codes and self._HOUSE_NUMBER.search(part) and any(c.isalpha() for c in part):
                # The street only, on a line that says more: after a label's colon, at most its last eight words
                # ('Gesproken met ... Address: vul. Shevchenka 31').
                colon = part.rfind(":")
                if colon >= 0 and part[colon + 1 :].strip():
                    a += colon + 1 + len(part[colon + 1 :]) - len(part[colon + 1 :].lstrip())
                    part = text[a:b]
                kept = part.split()[-8:]
                street = (b - len(" ".join(kept)) if part.endswith(" ".join(kept)) else a, b)
                continue
            if street is not None and street[1] == self._previous_end(parts, a) and not codes and len(part) <= 14:
                if any(c.isdigit() for c in part) or part.split()[0].lower().rstrip(".") in _FLAT_WORDS:
                    street = (street[0], b)  # '3º B', 'Apt 1203', 'kv. 87'
                    continue
            for c in codes:
                results.append(RecognizerResult("POSTCODE", a + c.start(), a + c.end(), self.SCORE, dict(self._meta)))
        if street is not None:
            results.append(RecognizerResult("ADRES", *street, self.SCORE, recognition_metadata=dict(self._meta)))

    @staticmethod
    def _previous_end(parts: list[tuple[int, int]], start: int) -> int:
        before = [b for a, b in parts if b <= start]
        return before[-1] if before else -1


# What opens the part of an address abroad that names a flat, a floor or a building.
_FLAT_WORDS = frozenset({"apt", "ap", "apto", "flat", "kv", "room", "unit", "building", "floor", "piso", "dept"})


class MailDisplayNameRecognizer(ScanningRecognizer):
    """The name a mail client shows before an address in angle brackets, in any case: 'Aan: zuleika maduro
    <zuleika.maduro@hotmail.com>', '*Van:* jurickson maduro <maduroj@planet.nl>', 'From: özlem koç <...>', 'schreef
    Jan Jansen <jan@x.nl>:'. The header says it is who sent or got the mail; not a practice, a desk or a mailbox
    ('Tandartspraktijk Molenzicht <info@...>', 'Balie <balie@...>'). Issue 17, ninth round (correspondence by another
    hand)."""

    ENTITY = "PERSOON"
    SCORE = 0.5
    _NOT_PEOPLE = frozenset(
        {"praktijk", "tandarts", "tandartsen", "tandartspraktijk", "kliniek", "clinic", "centrum", "balie", "info"}
        | {"noreply", "no-reply", "administratie", "zorg", "team", "receptie", "secretariaat", "mondzorg", "dental"}
    )

    def __init__(self) -> None:
        word = r"[^\W\d_][\w'’.-]*"
        self._named = std_re.compile(
            r"(?:^|(?<=[:,])|(?<=\bschreef)|(?<=\bwrote))[ \t*]*(?P<v>" + word + r"(?:[ \t]+" + word + r"){0,4})"
            r"[ \t]*<[^<>\s@]+@[^<>\s]+>",
            std_re.MULTILINE,
        )
        # (in quotes, as a client writes a name it took from the address, also among recipients after a semicolon:
        # "CC: Dewi Hoekstra <...>; 'dwayne bos' <dwaynebos66@planet.nl>", '"Tan, Dewi" <dewi...>'; issue 17, twentieth
        # round: dev76's shared inbox by another hand)
        self._quoted = std_re.compile(
            r"(?:^|(?<=[:,;])|(?<=\bschreef)|(?<=\bwrote))[ \t*]*(['\"])(?P<v>[^\"<>\n@]{2,60}?)\1[ \t]*<[^<>\s@]+@[^<>\s]+>",
            std_re.MULTILINE,
        )
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        if "<" not in text or "@" not in text:
            return []
        results = []
        quoted = self._quoted.finditer(text) if "'" in text or '"' in text else ()
        for m in [*self._named.finditer(text), *quoted]:
            value = m.group("v")
            lower = value.lower()
            # (nor a service desk: 'VGZ Zorgverlenersservice <noreply@...>'; issue 17, twentieth round: dev76)
            if any(w.strip(".") in self._NOT_PEOPLE or "praktijk" in w or w.endswith("service") for w in lower.split()):
                continue
            results.append(
                RecognizerResult(self.ENTITY, *m.span("v"), self.SCORE, recognition_metadata=dict(self._meta))
            )
        return results


class RosterRecognizer(ScanningRecognizer):
    """Who works where on a day's roster line: 'stoel 1 Filmon+Oleksandr, stoel 2 Hanneke, OK LV/TAK, balie Sahar'.
    On a line that names a chair ('stoel 2'), each slot (a chair, 'OK', 'balie', 'omloop', 'assistentie') is
    followed by the people in it, joined by '+', '/', '&' or 'en': capitalised names or initials. Issue 17, ninth
    round (handovers and rosters by another hand)."""

    ENTITY = "PERSOON"
    SCORE = 0.5

    def __init__(self) -> None:
        self._line = std_re.compile(r"^[^\n]*\b[Ss]toel[ \t]*\d[^\n]*$", std_re.MULTILINE)
        self._slot = std_re.compile(
            r"(?:\b[Ss]toel[ \t]*\d|\bOK|\b[Bb]alie|\b[Oo]mloop|\b[Aa]ssistentie)[ \t]*:?[ \t]+(?P<v>[^,;\n]+)"
        )
        self._person = std_re.compile(
            r"[A-ZÀ-ÖØ-Þ](?:[a-z]{0,2}[A-ZÀ-ÖØ-Þ]){1,3}|[A-ZÀ-ÖØ-ÞĀ-ɏ][a-zß-öø-ÿĀ-ɏ'’-]+(?:[ \t]+[A-ZÀ-ÖØ-ÞĀ-ɏ][a-zß-öø-ÿĀ-ɏ'’-]+)?"
        )
        self._join = std_re.compile(r"[ \t]*(?:\+|/|&|\ben\b)[ \t]*")
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        if "stoel" not in words(text):
            return []
        results = []
        for line in self._line.finditer(text):
            for slot in self._slot.finditer(text, line.start(), line.end()):
                pos, end = slot.start("v"), slot.end("v")
                while pos < end:
                    m = self._person.match(text, pos, end)
                    if m is None or _not_a_name(m.group().split()[0]):
                        break
                    results.append(
                        RecognizerResult(self.ENTITY, *m.span(), self.SCORE, recognition_metadata=dict(self._meta))
                    )
                    join = self._join.match(text, m.end(), end)
                    if join is None:
                        break
                    pos = join.end()
        return results


class NumberFirstStreetRecognizer(DutchPatternRecognizer):
    """A street abroad written number first, as English and French addresses are: '221 Beacon St', '14 Elm Grove',
    '41 Kingsley Road', '12 rue de la Paix'; by the street word that ends (English) or opens (French) its name.
    Issue 17, ninth round (an independent user check: foreign addresses in international patients' notes)."""

    ENTITY = "ADRES"
    _ENGLISH = (
        r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Terrace|Crescent|Close|Way|Court|Ct|Place|Square|Sq|Gardens|"
        r"Grove|Hill|Row|Walk|Boulevard|Blvd|Mews|Parade|Highway)"
    )
    # Every match holds its street word as a word of the text (``keywords.words``): most notes have none ('st' as a
    # substring is in most).
    WORD_GATES = {
        "english": frozenset(
            {"street", "st", "road", "rd", "avenue", "ave", "lane", "ln", "drive", "terrace", "crescent", "close"}
            | {"way", "court", "ct", "place", "square", "sq", "gardens", "grove", "hill", "row", "walk", "boulevard"}
            | {"blvd", "mews", "parade", "highway"}
        ),
        "french": frozenset({"rue", "avenue", "boulevard", "place", "chemin", "allee", "impasse", "quai"}),
    }
    PATTERNS = [
        Pattern(
            "english",
            r"(?<![\w.,/-])\d{1,5}[A-Za-z]?[ \t]+(?:[A-Z][a-z'’]+[ \t]+){1,3}" + _ENGLISH + r"\.?(?![\w])",
            0.6,
        ),
        Pattern(
            "french",
            r"(?<![\w.,/-])\d{1,4}(?:[ \t]?(?:bis|ter))?,?[ \t]+(?:rue|avenue|boulevard|place|chemin|allée|impasse|quai)"
            r"(?:[ \t]+(?:de|du|des|la|le|l['’]|d['’]))*[ \t]+[A-ZÀ-Þ][\w'’-]+(?:[ \t]+[A-ZÀ-Þ][\w'’-]+){0,2}",
            0.6,
        ),
    ]


class CareHomeRoomRecognizer(ScanningRecognizer):
    """A resident's room in a care home, which with the home's name says where someone lives: 'Verpleeghuis
    Zonnehoeve, kamer 2.16a', 'afd. Vlinder, kamer 1.09a', 'unit 3B, kamer C-12', 'app. 171'. Only in a text about
    a care home (its words: verpleeghuis, woonzorgcentrum, afdeling, Wlz ...): a practice's 'kamer 3' is its
    treatment room. An address (ADRES). Issue 17, ninth round (families and care networks by another hand)."""

    ENTITY = "ADRES"
    SCORE = 0.6
    _CARE_WORDS = frozenset(
        {"verpleeghuis", "woonzorgcentrum", "zorgcentrum", "verzorgingshuis", "zorghuis", "huize", "wlz", "bewoner"}
        | {"afd", "afdeling", "somatiek", "psychogeriatrie", "pg", "etage", "verdieping", "evv", "zorginstelling"}
        # where a resident stays (issue 17, thirteenth round: dev19's companions, dev21's mentors by other hands)
        | {"verblijvend", "verblijft", "woongroep", "wzc"}
        # an asylum centre or a shelter, where a building and a room are the resident's address (issue 17, fourteenth
        # round: dev26's asylum and refugee care by another hand)
        | {"azc", "coa", "opvang", "opvanglocatie", "noodopvang", "gezinshuis", "verblijfplaats", "woont"}
        # a penitentiary, where a detainee's cell is where he lives (issue 17, sixteenth round: dev45 by another hand)
        | {"pi", "gedetineerde", "gedetineerden", "penitentiaire", "penitentiair", "detentie", "bajes", "cellencomplex"}
    )
    _ROOM_WORDS = frozenset(
        {"kamer", "kamernummer", "kamernr", "app", "appt", "appartement", "blok", "paviljoen", "gebouw", "woonunit"}
        | {"cel", "celnr", "celnummer"}
    )

    def __init__(self) -> None:
        # The building, block or pavilion first, the room after it ('gebouw B, kamer 2.09', 'unit 12 kamer 13',
        # 'paviljoen 4, kamer 184', 'blok B2-13', 'woonunit 49C'): one address.
        building = (
            r"(?i:\b(?:gebouw|blok|paviljoen|woonunit|unit)[ \t]+)(?:[A-Z]\d{0,2}(?:-\d{1,3})?|\d{1,3}[A-Z]?)(?![\w-])"
        )
        self._room = std_re.compile(
            r"(?:" + building + r"(?:,?[ \t]+(?=(?i:kamer)))?)?"
            r"(?i:\b(?:kamer(?:nummer|nr\.?)?|cel(?:nummer|nr\.?)?|app(?:artement|t)?\.?)[ \t]*:?[ \t]*)"
            r"(?P<v>[A-Z]\d{1,2}-\d{1,4}|[A-Z]?-?\d{1,4}(?:\.\d{1,3})?[a-z]?|[A-Z]-?\d{1,3}[a-z]?)(?![\w-]|\.\d|[ \t]*(?:mm|cm|µm|%))"
            # a block or a resident's unit alone, which is never a dental unit ('unit 3' is a treatment chair)
            r"|(?P<b>(?i:\b(?:gebouw|blok|paviljoen|woonunit)[ \t]+)(?:[A-Z]\d{0,2}(?:-\d{1,3})?|\d{1,3}[A-Z]?)(?![\w-]))"
        )
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        found = words(text)
        if self._CARE_WORDS.isdisjoint(found) or self._ROOM_WORDS.isdisjoint(found):
            return []
        # the room's word with its number: 'kamer 75' names the room, the number alone is half of it
        return [
            RecognizerResult(
                self.ENTITY,
                m.start(),
                m.end("v" if m.group("v") else "b"),
                self.SCORE,
                recognition_metadata=dict(self._meta),
            )
            for m in self._room.finditer(text)
        ]


class AddressFieldRecognizer(ScanningRecognizer):
    """An address split into its parts, as forms, change logs and letter heads write it: fields labelled 'Straat:',
    'Huisnummer:', 'Toevoeging:'; a table turned on its side ('huisnr | 47 | 128', 'toev<TAB>I<TAB>III'); and a
    street on a line of its own, its number on the next, before a postcode line ('Zandweg' / '75b' / '9242 NX
    DRACHTEN'). Each part is an address (ADRES); no part needs a street suffix or a list. Issue 17, eighth round
    (administrative text by another hand)."""

    ENTITY = "ADRES"
    SCORE = 0.7
    _LABELS = r"(?:straat(?:naam)?|huisnummer(?:toevoeging)?(?:[ \t]*\+[ \t]*toevoeging)?|huisnr\.?|toevoeging|toev\.?)"

    def __init__(self) -> None:
        self._field = std_re.compile(
            FIELD_LEAD + r"(?i:" + self._LABELS + r")" + FIELD_SEPARATOR + r"(?P<v>[^\n|]*?\w[^\n|]*?)[ \t]*(?:\||$)",
            std_re.MULTILINE,
        )
        self._row = std_re.compile(
            r"^[ \t]*(?i:" + self._LABELS + r")[ \t]*(?P<d>[\t|;])(?P<cells>[^\n]*)$", std_re.MULTILINE
        )
        self._number_line = std_re.compile(
            r"^(?P<street>[ \t]*[A-ZÀ-ÞĀ-ɏ][^\W\d_]*\.?(?:[ \t]+[^\W\d_][\w'’.-]*){0,4})[ \t]*\n"
            r"(?P<number>[ \t]*\d{1,5}(?:" + HOUSE_NUMBER_ADDITION + r"){0,2})[ \t]*\n"
            r"(?=[ \t]*(?:[A-Z]{1,2}-)?\d{4}[ \t]?[A-Za-z]{0,2}\b)",
            std_re.MULTILINE,
        )
        # A line that opens with a digit after the street's: in every match of ``_number_line`` and in few notes
        # (3 of 700), where the scan tried every position of a note with a line break (issue 17, eleventh round).
        self._number_line_gate = std_re.compile(r"\n[ \t]*\d")
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        results: List[RecognizerResult] = []
        if "\n" not in text and ":" not in text:
            return results
        lower = folded(text)
        if "straat" in lower or "huis" in lower or "toev" in lower:
            for m in self._field.finditer(text):
                if len(m.group("v").split()) <= 8:
                    results.append(self._result(*m.span("v")))
            for m in self._row.finditer(text):
                offset = m.start("cells")
                for cell in _cells(m.group("cells"), m.group("d")):
                    value = m.group("cells")[cell[0] : cell[1]]
                    stripped = value.strip(' \t"')
                    if stripped and any(c.isalnum() for c in stripped):
                        left = value.index(stripped)
                        results.append(self._result(offset + cell[0] + left, offset + cell[0] + left + len(stripped)))
        if "\n" in text and self._number_line_gate.search(text) is not None:
            for m in self._number_line.finditer(text):
                street = m.group("street").strip()
                start = m.start("street") + m.group("street").index(street)
                results.append(self._result(start, start + len(street)))
                number = m.group("number").strip()
                start = m.start("number") + m.group("number").index(number)
                results.append(self._result(start, start + len(number)))
        return results

    def _result(self, start: int, end: int) -> RecognizerResult:
        return RecognizerResult(self.ENTITY, start, end, self.SCORE, recognition_metadata=dict(self._meta))


# A sentence's end: a full stop, '!' or '?' after a digit or a word of four letters or more (not an abbreviation's:
# 'ul.', 'Str.'), then a capital.
_SENTENCE_END = r"(?:(?<=\d)|(?<=[^\W\d_]{4}))[.!?][ \t]+[A-Z]"


class LabelledAddressRecognizer(ScanningRecognizer):
    """An address on one line after its label (``address_field_labels.txt``), in any country's order: 'Nieuw adres:
    14 Beach Road, NSW 2026 Bondi', 'Thuisadres: ul. Długa 14/3, 80-827 Gdańsk', 'Nieuw adres: 1432 Maple Avenue SW,
    T2P 1J9 Calgary', '(thuis: Back Street 4, Philipsburg, geen postcode)'. Read part by part (the commas): the first
    part with a house number is the street (ADRES), a postcode-shaped token the postcode (POSTCODE), the capitalised
    words after it or in a part of their own the place (LOCATIE). The label is the evidence, so no street suffix or
    list is needed. Issue 17, fifteenth round (dev39's patients from abroad, by another hand)."""

    ENTITY = "ADRES"
    SCORE = 0.6
    _POSTCODE = POSTCODE_ABROAD
    # A street: a capitalised word and a house number, in either order; not a dose, a count or a tooth's code.
    # (the span: the street's words and its number with what is added to it, or the number and up to four words)
    _STREET = std_re.compile(
        r"(?:[a-z]{1,4}\.[ \t]+)?[A-ZÀ-ÖØ-ÞĀ-ɏ][\w'’.-]+[ \t]+(?:[^\W\d_][\w'’.-]*[ \t]+){0,3}\d{1,5}(?:[a-zA-Z](?![\w])|/\d{1,4}|"
        + HOUSE_NUMBER_ADDITION
        + r")?(?![\w])|(?<![\w.,-])\d{1,5}[a-z]?[ \t]+[A-ZÀ-ÖØ-ÞĀ-ɏ][\w'’.-]+(?:[ \t]+[A-ZÀ-ÖØ-ÞĀ-ɏ][\w'’.-]*){0,3}|"
        # (or typed in lower case, as a chat or a web form has it, its number no year: 'zilvermeeuw 152-a', 'nieuwe
        # wierweg 26a'; issue 17, thirty-fifth round: dev145's fishing village by another hand)
        r"(?<![\w])[a-zß-öø-ÿ][\w'’-]+(?:[ \t]+[a-zß-öø-ÿ][\w'’-]+){0,2}[ \t]+(?!(?:19|20)\d\d(?!\d))\d{1,4}"
        r"(?:-?[a-z](?![\w])|" + HOUSE_NUMBER_ADDITION + r")?(?![\w])"
    )
    _NOT_A_STREET = std_re.compile(r"(?i:\d[ \t]*(?:mg|ml|ppm|mm|cm|x|dd|%|jaar|jr|keer|min|uur)\b|\d[ \t]*%)")
    # A place: up to four capitalised words one space apart, with their particles ('Emmerich am Rhein', 'Cole Bay').
    _PLACE = std_re.compile(r"[A-ZÀ-ÖØ-ÞĀ-ɏ][\w'’-]*(?: (?:[A-ZÀ-ÖØ-ÞĀ-ɏ][\w'’-]*|am|an|der|de|den|la|le|sur)){0,3}")

    def __init__(self) -> None:
        from transforms import lexicon

        labels = by_first_character(lexicon.alternatives("address_field_labels", spaces=r"[ \t]+"))
        # (with its first characters looked ahead for, as the scans of this class that open with a look-behind or \b:
        # ``re`` skips to them, where it tried the pattern at every position; issue 17, sixteenth round)
        self._field = std_re.compile(
            # the value: up to the line's end, a cell's border, a bracket or a sentence's end, a digit in it
            with_first_char_hint(
                # (or '=', as a web form's export, a table's border, or 'is nu' as a chat says it: 'straat_huisnummer=wierpad
                # 13', '| Adres   | Fok 148a |', 'adres is nu zilvermeeuw 152-a hoor'; issue 17, thirty-fifth round: dev145's
                # fishing village and dev146's Frisian forms by other hands)
                r"(?i:(?<![\w-])(?:" + labels + r"))(?:[ \t]*[:=|]|[ \t]+is[ \t]+nu(?=[ \t]))[ \t]*"
                # (a full stop after an abbreviation goes on: 'ul. Długa 14/3', 'Hohe Str. 88')
                r"(?P<v>(?:(?!" + _SENTENCE_END + r")[^\n|;()]){0,60}?\d(?:(?!" + _SENTENCE_END + r")[^\n|;()]){0,60}?)"
                # (or before a bracket that opens a remark: 'adres gewijzigd: zuiderhaven 103a, 9401 DL Assen (doorgegeven
                # door pt zelf)'; issue 17, fortieth round: dev165 by another hand, kept unread until the round's other
                # rules were written)
                r"[ \t]*(?=[\n|;()]|[.!?]?[ \t]*$|" + _SENTENCE_END + r")"
            )
        )
        self._gate = first_words(lexicon.words("address_field_labels"))
        self._countries = lexicon.words("countries")
        super().__init__(["ADRES", "POSTCODE", "LOCATIE"])

    # Where someone says they live, a street in lower case and its number ('we wonen nu in hoorn op de oude kerkstr.
    # 165-II', 'in kampen op de hoge naarderweg 139': a voice message's transcript; issue 17, eighteenth round: dev65).
    # (the verb in lower case, as the gate in ``analyze`` looks for it)
    _SPOKEN_HOME = std_re.compile(
        r"\b(?:woon|wonen|woont)(?:[ \t]+nu)?(?:[ \t]+in[ \t]+[\w'’-]+(?:[ \t]+[\w'’-]+)?)?[ \t]+(?:op|aan)[ \t]+"
        r"(?:de|het)[ \t]+(?P<v>(?:[a-zß-öø-ÿ][\w'’.-]*[ \t]+){1,3}\d{1,4}(?:[ \t-]?(?:bis|hs|[a-z]|I{1,3}|[A-Z]))?)"
        r"(?![\w-])"
    )

    # The same spoken with the house number in words, a place after it, where someone lives or where the desk sees
    # them registered ('ik woon lange nieuwstraat zevenennegentig in amersfoort', 'ik zie u staan op de koekoeksbloem
    # vierenveertig in zeist'; issue 17, nineteenth round: dev73's call transcripts by another hand).
    _NUMBER_IN_WORDS = (
        r"(?:(?:twee|drie|vier|vijf|zes|zeven|acht|negen)?honderd)?(?:(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen)"
        r"[eë]n)?(?:een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|zestien|"
        r"zeventien|achttien|negentien|twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig)"
    )
    _SPOKEN_HOME_IN_WORDS = std_re.compile(
        r"\b(?:woon|wonen|woont|(?:u|je|jij|hij|zij|ze)[ \t]+sta(?:an|at)?)(?:[ \t]+nu)?[ \t]+(?:(?:op|aan)[ \t]+"
        r"(?:de|het)[ \t]+)?(?P<v>(?:[a-zß-öø-ÿ][\w'’.-]*[ \t]+){1,3}" + _NUMBER_IN_WORDS + r")(?=[ \t]+in[ \t]+[a-z])"
    )

    # Its verbs as words of the note (``keywords.words``), where a substring search for 'sta' passed most notes.
    _SPOKEN_HOME_WORDS = first_words(("woon", "wonen", "woont", "sta", "staan", "staat"))

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        results: List[RecognizerResult] = []
        if "woon" in text or "wonen" in text:
            for m in self._SPOKEN_HOME.finditer(text):
                results.append(self._result("ADRES", *m.span("v")))
        if not self._SPOKEN_HOME_WORDS.isdisjoint(words(text)):
            for m in self._SPOKEN_HOME_IN_WORDS.finditer(text):
                results.append(self._result("ADRES", *m.span("v")))
        if self._gate.isdisjoint(words(text)) or not any(mark in text for mark in (":", "=", "|", " is ")):
            return results
        for m in self._field.finditer(text):
            at, street_found = m.start("v"), False
            for part in m.group("v").split(","):
                start = at + len(part) - len(part.lstrip())
                value = part.strip()
                at += len(part) + 1
                if not value or self._NOT_A_STREET.search(value):
                    continue  # a dose or a count ('Advies thuis: Elmex 1400 ppm'): no part of an address
                postcode = self._POSTCODE.search(value)
                after = value[postcode.end() :] if postcode is not None else ""
                place = self._PLACE.match(value, len(value) - len(after.lstrip())) if postcode is not None else None
                if postcode is not None and not street_found:
                    # the street's house number, before its words ('1432 Maple Avenue SW') or after them ('Dorp 12');
                    # before the street, a postcode has its place after it ('9980 Sint-Laureins')
                    number_first = postcode.start() == 0 and postcode.group().isdigit() and len(after.split()) >= 2
                    if number_first or _HOUSE_NUMBER_WORD.search(value[: postcode.start()]) or place is None:
                        postcode = None
                if postcode is not None:
                    results.append(self._result("POSTCODE", start + postcode.start(), start + postcode.end()))
                    if place is not None:
                        results.append(self._result("LOCATIE", start + place.start(), start + place.end()))
                elif not street_found and (street := self._STREET.search(value)) is not None:
                    results.append(self._result("ADRES", start + street.start(), start + street.end()))
                    street_found = True
                elif street_found and self._PLACE.fullmatch(value) and value not in self._countries:
                    results.append(self._result("LOCATIE", start, start + len(value)))  # a country is no place of one
        return results

    def _result(self, entity: str, start: int, end: int) -> RecognizerResult:
        return RecognizerResult(entity, start, end, self.SCORE, recognition_metadata=dict(self._meta))


# A word and a house number after it (a street's part before a postcode is no postcode's part).
_HOUSE_NUMBER_WORD = std_re.compile(r"[^\W\d_]{2,}\.?[ \t]+\d")


class RankedNameRecognizer(ScanningRecognizer):
    """A name after a military rank, as Defensie writes its people ('ltkol. KO BOS', 'korp. mar. MEI DE HAAN', 'ltz. 2OC
    M.J. Petraitė', 'sld1 L van Dijk'; ``military_ranks.txt``): the rank is a title, as 'dhr.' is. And the service
    number that opens a readiness list's line before the rank ('797842-416  smi M El Khattabi'). Issue 17, sixteenth
    round (dev45's Defensie lists and field messages by another hand, where names after ranks and service numbers
    were missed)."""

    SCORE = 0.85

    def __init__(self) -> None:
        from transforms import lexicon

        ranks = sorted(lexicon.words("military_ranks"), key=len, reverse=True)
        rank = (
            r"(?i:"
            + "|".join(std_re.escape(r) if r.endswith(".") else std_re.escape(r) + r"\.?" for r in ranks)
            + r")(?![\w])(?:[ \t]+(?i:mar\.|[12]OC))?"
        )
        particles = r"(?:van|de|der|den|ter|ten|te|in|'t|op|el|al|ben|bin|da|dos|das|du|le|la|von)"
        # (a sentence's full stop may close the name: 'Begeleid door SGT1 Nowak. Eerste hulp'; issue 17, fortieth round:
        # dev165's armed forces by another hand)
        word = r"(?:(?:[A-ZÀ-ÖØ-Þ]\.)+|[A-ZÀ-ÖØ-ÞĀ-ɏ][A-Za-zß-öø-ÿĀ-ɏ'’-]*(?<![-'’])|" + particles + r")(?![\w]|\.\w)"
        self._name = std_re.compile(r"(?<![\w.])" + rank + r"[ \t]+(?P<v>" + word + r"(?:[ \t]" + word + r"){0,4})")
        self._number = std_re.compile(
            r"^[ \t]*(?P<v>\d{6}-\d{3}|\d{3}[ .]\d{3}[ .]\d{3}|\d{2}\.\d{3}\.\d{4}|\d{9,10})[ \t]{2,}"
            + rank
            + r"[ \t]",
            std_re.MULTILINE,
        )
        # A surname in lower case after its rank, as a barracks' desk types it ('kapitein ramlal van de staf-cie', 'mijn
        # sergeant brouwer weet ervan'): a word no list knows as anything but a name, or any word but a stop word
        # before the company it serves in ('lkol vogel (d-cie)'). Issue 17, fortieth round: dev165's armed forces by
        # another hand, kept unread until the round's other rules were written.
        self._lower_name = std_re.compile(
            r"(?<![\w.])" + rank + r"[ \t]+(?P<v>(?:" + particles + r"[ \t]+)*[a-zß-öø-ÿ][a-zß-öø-ÿ'’-]+)(?![\w]|\.\w)"
        )
        self._company_after = std_re.compile(r"[ \t]*\([\w-]*cie\)|[ \t]+van[ \t]+de[ \t]+[\w-]*cie\b")
        self._gate = first_words(ranks) | {r.rstrip(".") for r in ranks}
        super().__init__(["PERSOON", "PATIENTNUMMER"])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        if self._gate.isdisjoint(words(text)):
            return []
        results: List[RecognizerResult] = []
        for m in self._name.finditer(text):
            parts = m.group("v").split()
            while parts and _is_particle(parts[-1].lower()):
                parts.pop()  # a name ends in its surname: 'maj. De' is none
            if parts and not all(_is_particle(p.lower()) for p in parts):
                end = m.start("v") + len(" ".join(parts))
                if text[m.start("v") : end] == " ".join(parts):
                    results.append(self._result("PERSOON", m.start("v"), end))
        for m in self._lower_name.finditer(text):
            surname = m.group("v").split()[-1]
            if surname in never_name_words() or _is_particle(surname):
                continue
            if surname in ordinary_words() and self._company_after.match(text, m.end()) is None:
                continue
            results.append(self._result("PERSOON", *m.span("v")))
        if "  " in text:
            results.extend(self._result("PATIENTNUMMER", *m.span("v")) for m in self._number.finditer(text))
        return results

    def _result(self, entity: str, start: int, end: int) -> RecognizerResult:
        return RecognizerResult(entity, start, end, self.SCORE, recognition_metadata=dict(self._meta))


class DatedSignatureRecognizer(ScanningRecognizer):
    """Who closed a register's or a journal's line: initials or a given name after the line's last date (and time),
    ending the line ('... | 31/12/2024 T.', '... | 12 november 2025 Cor', '14-03-2025 J.V.', '05.10.2024 16:45 -
    Wojciech'), where a writer marks what they did.
    A given name only when it is no ordinary word ('| 12-03-2024 Afgerond' stays). Issue 17, fifteenth round (dev37's
    privacy register by another hand)."""

    ENTITY = "PERSOON"
    SCORE = 0.5
    _DATE = (
        r"(?:"
        + _DAY
        + r"[-./]"
        + _MONTH
        + r"[-./](?:19|20)?\d{2}|(?:19|20)\d{2}-"
        + _MONTH
        + r"-"
        + _DAY
        + r"|"
        + _DAY
        + r"[ \t]+"
        + _MONTHS
        + r"[ \t]+(?:19|20)\d{2})"
    )

    def __init__(self) -> None:
        # (the date's time, and a dash before the writer: '05.10.2024 16:45 - Wojciech'; dev34's transfer logs)
        self._line_end = std_re.compile(
            r"(?im)(?:\|[ \t]*|^[ \t]*)" + self._DATE + r"(?:[ \t]+\d{1,2}[:.]\d{2})?(?:[ \t]+|[ \t]*[-–—][ \t]*)"
            r"(?P<v>(?-i:(?:[A-Z]\.){1,3}|[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{1,14}|[A-ZÀ-ÖØ-Þ]{2,3}))[ \t]*$"
        )
        # (initials in capitals without dots, '7-7-25 LC', unless a mark or an abbreviation: 'OK', 'NB', 'OPG')
        self._not_initials = capitals_no_initials()
        # Lower-case initials glued to a dash after the date ('afspraak bij ... 15.02.2024  –jr'; dev40's desk notes).
        self._dashed_initials = std_re.compile(r"(?m)" + self._DATE + r"[ \t]*[-–—](?P<v>[a-z]{2,4})[ \t]*$")
        # What every match holds: a date's or a time's digit, a space or a dash, a capital, then at most a dot or
        # lower-case letters to the line's end (in the note's shape: ``direct.shape``, where '–' is a '?').
        self._gate = shape_gate(rb"0[ \t]*(?:[-?][ \t]*)?a(?:\.(?:a\.){0,2}|a{1,14})[ \t]*(?:\n|$)")
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        if not passes(self._gate, text):
            return []
        results = []
        first_names = deduce_words("names/lst_first_name")
        if "–" in text or "-" in text or "—" in text:
            for m in self._dashed_initials.finditer(text):
                results.append(self._result(*m.span("v")))
        for m in self._line_end.finditer(text):
            value = m.group("v")
            if value.isupper() and len(value) > 1:
                if value in self._not_initials:
                    continue
            elif "." not in value and not (is_name_word(value) or value.lower() in first_names):
                continue
            results.append(self._result(*m.span("v")))
        return results

    def _result(self, start: int, end: int) -> RecognizerResult:
        return RecognizerResult(self.ENTITY, start, end, self.SCORE, recognition_metadata=dict(self._meta))


class NameBeforeNumberRecognizer(ScanningRecognizer):
    """A name typed in lower case right before the citizen's or phone number or the birth date it goes with, in brackets
    ('BSN in verzoek xiaoling isenia (437 786 626) zwart gemaakt', 'storting van juni kok (06 81 10 63 15)', 'dossier
    rahaf kassab (7416, geb 2011-08-07)'): the valid BSN, the phone or the birth date is the evidence that the words
    before it name their holder. Read back from the bracket over words that can be a name (a
    name word, a given name or surname DEDUCE knows, a particle), at most four. Issue 17, fifteenth round (dev37's
    notes on access requests by another hand)."""

    ENTITY = "PERSOON"
    SCORE = 0.5
    _BRACKETED_NUMBER = std_re.compile(
        r"[ \t]\((?:(?P<n>\d[\d .\xa0\u202f-]{7,16}\d)\)|(?P<born>[^()\n]{0,20}?\bgeb(?:oren|\.)?[ \t]*\d[^()\n]{3,40}\)))"
    )
    # (or capitalised: 'Betreft: Filmon (geb. 14/02/22, dossiernr 194656)'; issue 17, twenty-third round: dev101's letters
    # to parents by another hand)
    _WORD_BEFORE = std_re.compile(r"([^\W\d_][\w'’-]*)[ \t]+$")
    # Capitals right before the birth date or the file's number they go with ('Betreft: JUNI KALKMAN, geb. 18 januari
    # 1970', '(angsthiërarchie) YAN HUANG\ngeb. 30 oktober 1966', 'cliënt BAYU SETIAWAN (dossiernr. CL82753)'; issue 17,
    # eighteenth round: dev64's letters and plans by another hand): whatever words they are, but no acronym alone.
    _CAPITALS_BEFORE_BIRTH = std_re.compile(
        r"(?<![\w'’-])([A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]+(?:[ \t][A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]*){1,3})(?=,?[ \t]*(?:\n[ \t]*)?\(?"
        r"(?:(?i:geb\.?|geboren)[ \t:]*\d|(?i:dossiernr|pnr|patnr|pat\.nr|pt\.nr)\b))"
    )

    # A table's cell that holds a name and the phone or e-mail address it goes with in brackets ('| MEI KOK (06-4380
    # 5951) |', '| Door de Haan (door1988@gmail.com) |'): the cell is a contact, its words the person, whatever words they
    # are (issue 17, nineteenth round: dev71's review-invitation logs by another hand).
    _CELL_WITH_CONTACT = std_re.compile(
        r"\|[ \t]*([^\W\d_][^\W\d_'’.-]*(?:[ \t]+[^\W\d_][^\W\d_'’.-]*){0,4})[ \t]+\(([^()\n|]{6,60})\)[ \t]*(?=\||$)",
        std_re.MULTILINE,
    )

    # Whom to call, after the contact's word and before the phone ('Contact: Wybrich 045-6044627', 'Contact: JtH +31 38
    # 9437770', 'vragen: Dmytro +31 6 4445 1131'): a given name or initials (issue 17, twenty-third round: dev97's splint
    # orders and dev99's handovers by other hands).
    _CONTACT_BEFORE_PHONE = std_re.compile(
        r"\b(?i:contact(?:persoon)?|vragen|bellen|terugbellen)[ \t]*:[ \t]*"
        r"([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’-]+|[A-ZÀ-ÖØ-Þ](?:[a-z]{0,2}[A-ZÀ-ÖØ-Þ]){1,3})[ \t]+(?=(?:\+|00|0)\d)"
    )

    # A child before its school group, in brackets or not ('kind(eren): Parwana (groep 2), Jildou (gr. 5)', 'Naam
    # kind(eren) + groep: dawit woldemichael gr1, Maud gr2'): one or two words, capitalised or a name in lower case
    # (issue 17, twenty-fifth round: dev106's parents' evenings by another hand).
    _BEFORE_SCHOOL_GROUP = std_re.compile(
        r"(?<![\w'’-])([^\W\d_][\w'’-]*(?:[ \t][^\W\d_][\w'’-]*)?)[ \t]*(?:\((?:groep|gr\.?)[ \t]?\d|gr\.?[ \t]?\d(?!\d))"
    )

    def __init__(self) -> None:
        from transforms import lexicon

        self._months = lexicon.words("months")
        self._clinical = capitals_no_initials()
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        results = []
        if "gr" in text:
            for m in self._BEFORE_SCHOOL_GROUP.finditer(text):
                # the words that can be a child's name: capitalised and no stop word, or in lower case only a name
                names = [
                    w
                    for w in m.group(1).split()
                    if w.lower() not in ("groep", "gr", "klas")
                    and (w[:1].isupper() and not _not_a_name(w) or is_name_word(w))
                ]
                if names and len(names) == len(m.group(1).split()):
                    results.append(
                        RecognizerResult(self.ENTITY, *m.span(1), self.SCORE, recognition_metadata=dict(self._meta))
                    )
        if "geb" in text or "nr" in text:
            for m in self._CAPITALS_BEFORE_BIRTH.finditer(text):
                words_ = [w for w in m.group(1).split() if not _is_particle(w.lower())]
                if len(words_) >= 2 and not any(w in self._clinical or w.lower() in dutch_stop_words() for w in words_):
                    results.append(
                        RecognizerResult(self.ENTITY, *m.span(1), self.SCORE, recognition_metadata=dict(self._meta))
                    )
        if ":" in text:
            for m in self._CONTACT_BEFORE_PHONE.finditer(text):
                word = m.group(1)
                if (
                    word.isupper()
                    and word not in self._clinical
                    and word not in _IDENTIFIER_LABELS
                    or not word.isupper()
                    and not _not_a_name(word)
                ):
                    results.append(
                        RecognizerResult(self.ENTITY, *m.span(1), self.SCORE, recognition_metadata=dict(self._meta))
                    )
        if "(" not in text:
            return results
        if "|" in text:
            for m in self._CELL_WITH_CONTACT.finditer(text):
                contact = m.group(2)
                if ("@" in contact or sum(c.isdigit() for c in contact) >= 9) and not all(
                    w.lower() in dutch_stop_words() or w in self._clinical for w in m.group(1).split()
                ):
                    results.append(
                        RecognizerResult(self.ENTITY, *m.span(1), self.SCORE, recognition_metadata=dict(self._meta))
                    )
        first, last = deduce_words("names/lst_first_name"), deduce_words("names/lst_surname")
        for m in self._BRACKETED_NUMBER.finditer(text):
            # a valid BSN, a Dutch phone number ('storting van juni kok (06 81 10 63 15)'), or a birth date with a
            # record's number ('Dossier wagiman sastrodikromo (P-78270, geb 11 december 1950)'; dev34's transfer logs)
            if m.group("n") is not None:
                digits = "".join(c for c in m.group("n") if c.isdigit())
                if not (len(digits) == 9 and is_valid_bsn(digits) or len(digits) == 10 and digits.startswith("0")):
                    continue
            start, end, taken, named = m.start() + 1, None, 0, 0
            while taken < 4:
                w = self._WORD_BEFORE.search(text, max(0, start - 40), start)
                if w is None:
                    break
                word = w.group(1).lower()
                particle = _is_particle(word)
                # (a double surname by its parts: 'broek-hofman')
                parts = [part for part in word.split("-") if part]
                if not (
                    particle
                    or all(part in first or part in last or is_surname_word(part) for part in parts)
                    or is_name_word(w.group(1))
                    or taken
                    and word in self._months  # a given name that is a month, opening it: 'juni kok'
                ):
                    break
                start, taken, named = w.start(1), taken + 1, named + (not particle)
                end = end or w.end(1)
            if named:  # particles alone name no one; those before a name are its own ('van den broek-hofman')
                results.append(
                    RecognizerResult(self.ENTITY, start, end, self.SCORE, recognition_metadata=dict(self._meta))
                )
        return results


class FileNameNameRecognizer(ScanningRecognizer):
    """The names in a file's name, between its underscores ('scan_toestemming_sarita_bouma_geb_04101980.pdf',
    'IMG_20240528_intVeld_Jairzinho_intraoraal.jpg', 'OPT_BOUAZZA_B_DZ169272.dcm'): a part is a name when it can
    only be one (:func:`is_name_word`: a known given name, or a word no dictionary or list holds), when it is a
    surname or given name DEDUCE knows and no Dutch word, when a particle is glued to a capital ('intVeld', 'deBoer'),
    or when it is one to three capitals right after such a name (the initials: 'BOUAZZA_B', 'LIN_HDS'). Numbers and
    dates in the name are other rules' work. Issue 17, fifteenth round (dev40's photo and scan lists by another
    hand)."""

    ENTITY = "PERSOON"
    SCORE = 0.5
    _EXTENSION = r"\.(?i:pdf|jpe?g|png|dcm|heic|tiff?|docx?|xlsx?|txt|zip|csv|gif|bmp|stl|ply|obj)(?![\w])"
    # A file's name, or a folder's between a path's separators ('\\NAS01\beelden\2024\Jian_Lin_19840830\097.dcm'), or
    # a name with its patient's number ('de map Tesfamariam_Tesfay_096646', 'wong_w_TP-14189'; issue 17, eighteenth
    # round: dev57's imaging text by another hand).
    _FILE = std_re.compile(
        r"(?<![\w.-])(?:[\w.-]*_[\w.-]*(?=" + _EXTENSION + r")|(?<=[\\/])[\w.-]*_[\w.-]*(?=[\\/])"
        r"|[^\W\d_][\w-]*_[\w-]*_(?:[A-Z]{1,3}-?)?\d{5,9}(?![\w]))"
    )
    # A number of five to nine digits in a file's name, perhaps after its letters ('P152547', 'TP-17446'): the
    # patient's, unless it is a date (other rules' work).
    _FILE_NUMBER = std_re.compile(r"(?:[A-Z]{1,3}-?)?\d{5,9}")
    # A name written with hyphens before the patient's number and the view ('sharmila-tjon-a-fong-P152547-bite.stl',
    # 'koster-w-TP-17446-preop.stl', 'hoogendijk-m-71460-bite.stl'; the same round).
    _HYPHENED_FILE = std_re.compile(
        r"(?<![\w.-])(?P<name>[a-zß-öø-ÿ][a-zß-öø-ÿ'’]*(?:-[a-zß-öø-ÿ'’]+)+)-(?P<number>(?:[A-Z]{1,3}-?)?\d{5,9})"
        r"-[\w-]*" + _EXTENSION
    )
    _CAMEL_PARTICLE = std_re.compile(
        r"(?:de|van|vant|vd|der|den|ter|ten|int|in't|op|el|al|ben|ait|uit){1,3}[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+"
    )
    # A name after the kind of file and a hyphen ('FOTO-vantHof.zip', 'VERWIJSBRIEF-Kassab.jpg', 'SCAN-Tesfamariam.zip';
    # issue 17, twentieth round: dev76's attachments by another hand).
    _KIND_THEN_NAME = std_re.compile(
        r"(?<![\w.-])[A-Za-z]{2,14}-([A-Za-z][a-zß-öø-ÿ'’]*[A-ZÀ-ÖØ-Þ]?[a-zß-öø-ÿ'’]+)" + _EXTENSION
    )
    _INITIALS = std_re.compile(r"[A-ZÀ-ÖØ-Þ]{1,3}")
    _FILE_DATE = std_re.compile(r"(?:19|20)\d{6}|\d{6}(?:19|20)\d\d")

    def __init__(self) -> None:
        from transforms import lexicon

        self._vocabulary = lexicon.dutch_vocabulary()
        self._english = lexicon.english_vocabulary()
        super().__init__([self.ENTITY, "PATIENTNUMMER"])

    # A login that opens a file's name before its date, as a camera or a scanner names it ('kuipersm-2024-01-22-
    # buccaal_rechts.jpg', 'dorans-13092024-occl_boven.jpg'; issue 17, seventeenth round: dev53's photo lists).
    _LOGIN_BEFORE_DATE = std_re.compile(
        r"(?<![\w.-])([a-z][a-z'-]{3,24})-(?:\d{8}|\d{4}-\d\d-\d\d)-[\w.-]*\."
        r"(?i:pdf|jpe?g|png|dcm|heic|tiff?|stl)(?![\w])"
    )

    # A file's extension, which every match of the two patterns above ends with: a note without one (most) is not
    # scanned for them, where each, a look-behind first, tried every position (7 ms of 700 notes, two scans).
    _ANY_EXTENSION = std_re.compile(_EXTENSION)

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        if "." not in text and "_" not in text:
            return []
        results = []
        if "-" in text and "." in text and self._ANY_EXTENSION.search(text):
            for m in self._LOGIN_BEFORE_DATE.finditer(text):
                login = m.group(1)
                if login not in self._vocabulary and login not in self._english and is_name_word(login):
                    results.append(
                        RecognizerResult(self.ENTITY, *m.span(1), self.SCORE, recognition_metadata=dict(self._meta))
                    )
            for m in self._HYPHENED_FILE.finditer(text):
                if self._hyphened_name(m.group("name")):
                    results.append(self._result(self.ENTITY, *m.span("name")))
                    results.append(self._result("PATIENTNUMMER", *m.span("number")))
            for m in self._KIND_THEN_NAME.finditer(text):
                name, lower = m.group(1), m.group(1).lower()
                if (
                    self._CAMEL_PARTICLE.fullmatch(name)
                    or name[:1].isupper()
                    and (lower in _known_names() or lower not in self._vocabulary and lower not in self._english)
                ):
                    results.append(self._result(self.ENTITY, *m.span(1)))
        if "_" not in text:
            return results
        known = _known_names()
        never = never_name_words()
        for m in self._FILE.finditer(text):
            stem = m.group()
            at, previous_was_name, named = m.start(), False, False
            parts = stem.split("_")
            numbers = []
            for index, part in enumerate(parts):
                start, at = at, at + len(part) + 1
                if self._FILE_NUMBER.fullmatch(part) and not (len(part) == 8 and part.isdigit()):
                    numbers.append((start, start + len(part)))
                # a surname's initial in lower case after it ('nowak_t', 'farah_h')
                if previous_was_name and len(part) == 1 and part.isalpha():
                    results.append(self._result(self.ENTITY, start, start + 1))
                    continue
                # not a number, nor the kind of file that opens its name in capitals ('IMG', 'OPT', 'BW', 'DSC')
                if not part.replace("-", "").isalpha() or index == 0 and part.isupper() and len(part) <= 4:
                    previous_was_name = False
                    continue
                lower = part.lower()
                following = parts[index + 1] if index + 1 < len(parts) else ""
                name = (
                    lower not in never
                    and (
                        bool(self._CAMEL_PARTICLE.fullmatch(part))
                        or previous_was_name
                        and part.isupper()
                        and len(part) <= 3
                        # the surname after a given name found, in its case ('nadia_uitdenbogaard', 'elif_tjon-a-fong';
                        # not 'Wouter_intraoraal')
                        or previous_was_name
                        and part.islower()
                        and parts[index - 1].islower()
                        and len(parts[index - 1]) > 1  # (not after an initial: 'vos_r_opt.zip')
                        and len(part) > 2
                        # (a word only after a given name: not 'deboer_opname'; thirty-third round)
                        and (lower not in self._vocabulary or parts[index - 1].lower() in known_given_names())
                        # a surname in capitals before its initials ('OPT_WIT_HP_P0499396'), also one that is a word
                        or index > 0
                        and part.isupper()
                        and len(part) > 1
                        and bool(self._INITIALS.fullmatch(following))
                        # or capitalised, a surname DEDUCE knows ('\\NAS01\\export\\Post_NA_20250708.dcm'; thirty-third
                        # round: dev138's imaging logs by another hand)
                        or index > 0
                        and part[:1].isupper()
                        and part[1:].islower()
                        and lower in deduce_words("names/lst_surname")
                        and len(following) <= 3
                        and bool(self._INITIALS.fullmatch(following))
                        or lower in known
                        # a surname in lower case before its one-letter initial, also one that is a word ('vos_r_opt.zip',
                        # 'verwijsbrief_intveld_o_2026.pdf'; twentieth round: dev76's attachments)
                        or part.islower()
                        and len(part) > 2
                        and len(following) == 1
                        and following.isalpha()
                        and (lower not in self._vocabulary or lower in deduce_words("names/lst_surname"))
                        # a name's words joined by hyphens ('scan_20240101_kowalski-magdalena_pa_47.jpg'; eighteenth
                        # round: the session's user check)
                        or "-" in part
                        and self._hyphened_name(lower)
                        # a given name that is a word too, after the surname ('deWit_Mei', 'Post_Roos')
                        or previous_was_name
                        and part[:1].isupper()
                        and lower in deduce_words("names/lst_first_name")
                        or len(part) > 2
                        and lower not in self._vocabulary
                        and lower not in self._english
                        and is_name_word(part)
                        # a surname with its particles glued on, in lower case ('toestemming_rx_vandenheuvel_2027...',
                        # 'intveld', 'vanleeuwen'), or a surname DEDUCE knows before a given name ('koning_floor');
                        # issue 17, thirty-third round: dev137's consent scans by another hand
                        or part.islower()
                        and self._glued_surname(lower)
                        or part.islower()
                        and following.islower()
                        and lower in deduce_words("names/lst_surname")
                        and following in known_given_names()
                        and following not in never
                        # or capitalised after a file's number ('opname_NCG-VD059017_Groot.pdf'; thirty-fourth round: dev144)
                        or index > 0
                        and part.istitle()
                        and lower in deduce_words("names/lst_surname")
                        and bool(self._FILE_NUMBER.search(parts[index - 1]))
                        # or beside the file's date ('SCN_20250629_haan.pdf', 'erosie_vliet_20250221_01.jpg'; thirty-fourth
                        # round: dev143's scans by another hand)
                        or part.islower()
                        and index > 0
                        and lower in deduce_words("names/lst_surname")
                        and (self._FILE_DATE.fullmatch(following) or self._FILE_DATE.fullmatch(parts[index - 1]))
                    )
                )
                if name:
                    results.append(self._result(self.ENTITY, start, start + len(part)))
                    named = True
                previous_was_name = name
            if named:  # the patient's number beside their name
                results.extend(self._result("PATIENTNUMMER", *span) for span in numbers)
        return results

    def _glued_surname(self, word: str) -> bool:
        """Whether ``word`` is a particle glued to a surname or a word ('vandenheuvel', 'intveld', 'vanleeuwen'): no
        word itself ('vandaag', 'operatie'), and what is left after the particles a surname DEDUCE knows or a word."""
        if word in self._vocabulary or word in self._english:
            return False
        rest = word
        while particle := next((p for p in _GLUED_PARTICLES if rest.startswith(p) and len(rest) - len(p) >= 3), None):
            rest = rest[len(particle) :]
            if rest in self._vocabulary or rest in deduce_words("names/lst_surname"):
                return True
        return False

    def _hyphened_name(self, name: str) -> bool:
        """Whether the hyphened words before a file's number are a name: one a name can only be, or a name DEDUCE knows,
        and none an ordinary word; letters and particles between them ('tjon-a-fong', 'al-hamwi-r')."""
        words_ = [w for w in name.split("-") if len(w) > 1 and not _is_particle(w)]
        never = never_name_words()
        return (
            bool(words_)
            and not any(w in never for w in words_)
            and any(is_name_word(w) or w in _known_names() for w in words_)
        )

    def _result(self, entity: str, start: int, end: int) -> RecognizerResult:
        return RecognizerResult(entity, start, end, self.SCORE, recognition_metadata=dict(self._meta))


# What a chat app may show after a sender's name: a role in brackets ('Sulaika (balie)') or emoji ('Oksana 🙏').
# (or after a bar: '[11-01-2027 12:36] Churandy | balie: goedemorgen'; issue 17, thirty-fourth round: dev142's chats)
_SENDER_TAG = (
    r"(?:[ \t]+(?:\([^()\n]{1,40}\)|[\u2600-\u27bf\U0001f300-\U0001faff\ufe0f\u200d]+)|[ \t]*\|[ \t]*[^\W\d_]{2,20})?"
)


# The capitals that close a writer's initials (``StaffInitialsRecognizer``'s capital_initials: '[A-ZÀ-ÖØ-Þ]').
_INITIALS_CAPITALS = frozenset(c for c in map(chr, range(0x41, 0xDF)) if std_re.fullmatch("[A-ZÀ-ÖØ-Þ]", c))


# Initials with a particle's small letter between capitals ('HiV' for Hilde in 't Veld, 'MvO', 'RtH'): a person's,
# whatever the capitals spell ('HIV'; issue 17, twenty-second round: dev81's sterilisation log, once 'hiv' was a
# clinical abbreviation for dev94's needle-stick reports).
_PARTICLE_INITIALS = std_re.compile(r"[A-Z](?:[ivdt][A-Z]|[A-Z])*[ivdt][A-Z](?:[A-Z])?")

_SURFACES = frozenset("MODBLPIVF")
# The labels of a care provider's or a patient's numbers, which a role's word may stand before ('tandarts AGB ...'), and
# the words a form's field holds in a name's place ('OK', 'NB', 'NVT'): no colleague's initials.
_IDENTIFIER_LABELS = frozenset({"AGB", "BIG", "UZI", "BSN", "KVK", "IBAN", "TEL", "OK", "NB", "NVT"})
# The small words that stand before a chair's number without naming who sits there ('zit in stoel 2').
_PREPOSITIONS_BEFORE_A_CHAIR = frozenset({"in", "op", "bij", "van", "uit", "aan", "de", "het", "een", "die", "dat"})
# A writer's mark in lower case: two to four letters, or initials round a particle's apostrophe ("av'h", "mi'vv'h": A. van
# 't Hof, M. in 't Veld-van 't Hof).
_LOWER_MARK = r"[a-zß-öø-ÿ]{2,4}|[a-z]{1,3}['’][a-z]{1,3}(?:['’][a-z]{1,2})?"
# A line that closes with an e-mail address or a phone's digits, before a note's last line of initials.
_ENDS_IN_AN_ADDRESS_OR_NUMBER = std_re.compile(r"(?:@[\w-]+(?:\.[\w-]+)+|\d)[ \t.]*$")


# A grade or a score after a clinical abbreviation ('DFC 3', 'ASA 2').
_GRADE_AFTER = std_re.compile(r"[ \t]*\d(?!\d)")


class StaffInitialsRecognizer(ScanningRecognizer):
    """Staff by their initials where a practice writes them so: a signature line ('— AW', '— MtH'), a report's
    sign-off ('YW/TT', 'QHM/YEI'), a role beside them ('balie (BD)', 'MR (operateur)'). Initials identify a
    colleague as well as a name does (issue 17, eighth round: handovers and operation reports by another hand).
    Not a clinical acronym or abbreviation ('— CHX')."""

    ENTITY = "PERSOON"
    SCORE = 0.5
    # (capitals with their diacritics too: '-- SÇ', '-- MÖ'; issue 17, twenty-sixth round: dev110's reports)
    _INITIALS = r"[A-ZÀ-ÖØ-Þ](?:[a-z]{0,2}[A-ZÀ-ÖØ-Þ]){1,3}"

    def __init__(self) -> None:
        from transforms import lexicon

        initials = self._INITIALS
        # A signature line: a dash or two and the initials, in capitals or, lower case, of two or three letters
        # ('-- gö', '-- LL'; issue 17, thirteenth round: dev19's desk notes by another hand).
        # (or a login, an initial, a dot and the surname: '-- j.öztürk', '-- p.li'; issue 17, twentieth round: dev79's
        # phone notes by another hand)
        self._signature = std_re.compile(
            r"^[ \t]*[—–-]{1,2}[ \t]*(" + initials + r"|[a-zß-öø-ÿ]{2,3}|[a-z]\.[a-zß-öø-ÿ]{2,20})[ \t]*$",
            std_re.MULTILINE,
        )
        # The note's last line a dash and a given name ('- Wagiyem', '- Mei': a month signs no note; issue 17,
        # fourteenth round: dev24's incident notes by another hand).
        # Or an initial with its dot ('-- O.'; dev29's study visits).
        self._last_line_sign = std_re.compile(
            # (or initials round a particle's letters: '— J.v.d.L.'; twenty-eighth round: the session's user check)
            r"(?:^|\n)[ \t]*[—–-]{1,2}[ \t]*([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’-]{1,20}|(?:[A-Z]\.){1,3}|[A-Z]\.(?:[a-z]{1,3}\.){1,3}[A-Z]\.)"
            r"[ \t]*\n?\Z"
        )
        self._last_line_lower_sign = std_re.compile(
            r"(?:^|\n)[ \t]*[—–-]{1,2}[ \t]*([a-zß-öø-ÿ][a-zß-öø-ÿ'’-]{2,20})[ \t]*\n?\Z"
        )
        self._sign_off = std_re.compile(r"^[ \t]*(" + initials + r")/(" + initials + r")[ \t]*$", std_re.MULTILINE)
        self._mark_column = std_re.compile(
            r"^[ \t]*(" + initials + r")[ \t]*(?:\n[ \t]*\1[ \t]*(?=\n|\Z)){2,}", std_re.MULTILINE
        )
        self._last_line_initials = std_re.compile(r"\n[ \t]*([A-ZÀ-ÖØ-Þ]{2,3})[ \t]*\n?\Z")
        # (or initials of any shape after a blank line or a number: 'Advies: controle over 2 weken\n\nGT', 'tel (06)
        # 91426130\nSB', '...\n\nDtC'; issue 17, twenty-third round: dev98's and dev99's reports by other hands)
        self._last_line_mark = std_re.compile(r"\n[ \t]*(" + initials + r")[ \t]*\n?\Z")
        # Who wrote a log entry (issue 17, ninth round: phone logs by another hand): after a slash closing it ('...
        # Terugbelnr 06 12 34 56 78. /FvdL', '/Kavya'), after 'door' closing it ('ingevoerd 22-11 door GS'), or opening
        # it after a date or a note's label ('20-09 BM: bevestigd', 'Opm. RB: origineel gescand', 'Triage SR 13-09').
        capital_initials = r"[A-ZÀ-ÖØ-Þ](?:[a-z]{0,2}[A-ZÀ-ÖØ-Þ]){1,3}"
        # (or round a particle's apostrophe, "/Fi'V" for Femke in 't Veld; issue 17, twentieth round: dev79's logs)
        particle_initials = r"[A-Z][a-z]?['’][A-Z]"
        self._slash_sign = std_re.compile(
            r"(?:^|(?<=[\w.!?)\]\"]))[ \t]*/[ \t]?("
            + capital_initials
            + r"|"
            + particle_initials
            + r"|[A-Z][a-zß-öø-ÿ]{2,})[ \t]*$",
            std_re.MULTILINE,
        )
        # A line of writers' marks alone, each after its slash ('/XW /WH', "/DM /Fi'V": who wrote and who checked an
        # escort log's entry; the same round).
        self._slash_marks_line = std_re.compile(
            r"[ \t]*/[ \t]?(?:"
            + capital_initials
            + r"|"
            + particle_initials
            + r")(?:[ \t]+/[ \t]?(?:"
            + capital_initials
            + r"|"
            + particle_initials
            + r"))+[ \t]*"
        )
        self._slash_mark = std_re.compile(r"/[ \t]?(" + capital_initials + r"|" + particle_initials + r")")
        # In lower case after a sentence's end and a space ('... NIET in reactie noemen! /sj]', '< 16 jaar. /ak'; issue
        # 17, nineteenth round: dev71's internal notes by another hand); not a unit's slash ('mg/ml').
        # (or after a date: 'verwerkt 14-12-25 /jdb'; issue 17, twentieth round: dev82's objection forms by another
        # hand)
        # (or alone on its line after a sentence's end: '... naproxen 500 mg zn.\n/pa'; twenty-fifth round: dev108's
        # barracks notes by another hand)
        # (or set apart from the line's last word by two spaces or more: 'Terugbellen voor 3 maart: ja  /ga'; issue 17,
        # thirty-first round: dev131's phone notes by another hand)
        self._slash_lower = std_re.compile(
            r"(?:(?:(?<=[.!?)\]])|(?<=\d[-/.]\d\d))[ \t]+|(?<=\w)[ \t]{2,}|(?<=[.!?)\]]\n)[ \t]*)/("
            + _LOWER_MARK
            + r")[ \t]*[)\]]?[ \t]*$",
            std_re.MULTILINE,
        )
        # Who handled it, in brackets before a colon after 'intern' ('-- intern (jdb): verzoek doorgezet'; the same).
        # (or after the desk's word in a chat: 'Receptie (ji): Hoi Yuliia!'; issue 17, twenty-third round: dev101's chats
        # by another hand)
        self._internal_mark = std_re.compile(
            r"\b(?i:intern|receptie|balie|secretariaat)[ \t]*\(((?:" + capital_initials + r")|[a-z]{2,3})\)[ \t]*:"
            # (or who answered a message, in its bracket: '[antwoord AW]: Hoi Wiebe'; twenty-fifth round: dev106's
            # children's messages by another hand)
            # (or a desk's note in its bracket: '[notitie aw] afspraak verzet'; dev107's SMS logs)
            r"|\[(?i:antwoord|reactie|reply|notitie)[ \t]+(" + capital_initials + r"|[a-z]{2,3})\]"
            # (or after 'van' before the colon: 'Reactie van FK: ✅ gedaan', 'patiënt van st: mensah, DPSI 4')
            r"|\b(?i:reactie|antwoord|pati[eë]nt)[ \t]+van[ \t]+(" + capital_initials + r"|[a-z]{2,3})[ \t]*:"
        )
        # A chat's speakers, where the export writes each message's sender and time at its line's start ('wl 10:28:
        # koffie owusu heeft ...', 'svdb 17:45: patiënt van st', 'özlem.warsame  15:41' alone above its message): any
        # word there is its writer, given name, mark or login, once the text has two such lines. A handover's pair in
        # lower case round its arrow ('ld ↔ af'). A text's writer after a caret ('... verzet naar 13-08. ^km'). Issue 17,
        # twenty-fifth round: dev107's chats typed fast by another hand.
        self._chat_sender = std_re.compile(
            r"^[ \t]*(?:\[\d{1,2}[:.][0-5]\d\][ \t]*)?([^\W\d_][\w.'’-]{1,24})"
            r"(?:[ \t]+\d{1,2}[:.][0-5]\d[ \t]*:[ \t]|[ \t]{2,}\d{1,2}:[0-5]\d[ \t]*$)",
            std_re.MULTILINE,
        )
        # (the double arrow anywhere on its line: 'Overdracht mk ↔ ba (vr → ma)'; the session's user check)
        self._lower_handover = std_re.compile(
            r"^[ \t]*([a-zß-öø-ÿ]{2,4}|"
            + capital_initials
            + r")[ \t]*(?:↔|<->|->|→|=>)[ \t]*([a-zß-öø-ÿ]{2,4}|"
            + capital_initials
            + r")[ \t]*$|(?<![\w'’-])([a-zß-öø-ÿ]{2,4}|"
            + capital_initials
            + r")[ \t]*↔[ \t]*([a-zß-öø-ÿ]{2,4}|"
            + capital_initials
            + r")(?![\w'’-])",
            std_re.MULTILINE,
        )
        # A name as a boarding pass or a crew list prints it, surname and given name in capitals apart by a slash
        # ('Name: SANTOS/ROWENA', 'BEHANDELING EZE/CHIDI (TC437081)'): both parts no clinical term or word that is never a
        # name (issue 17, twenty-sixth round: dev112's travellers and crews by another hand).
        self._slashed_name = std_re.compile(
            r"(?<![\w/])([A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]{2,}(?:[ ][A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]+){0,2})/"
            r"([A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]{2,}(?:[ ][A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]+){0,2})(?![\w/])"
        )
        self._caret_sign = std_re.compile(
            r"(?<![\w^])\^([a-zß-öø-ÿ]{2,4}|" + capital_initials + r")(?=[ \t]*(?:$|\]))", std_re.MULTILINE
        )
        # Whom a booking was with, before a comma and the next step ('NO SHOW R. Rossi 200817 - M01 bij RtH, brief maken';
        # issue 17, twenty-second round: dev93's desk day sheets by another hand).
        # (or closing the sentence, two capitals or a particle's small letter between them: 'Kan morgen 8u15 terecht bij
        # JvA.'; not a condition's acronym, 'bij NUG.'; twenty-third round: the session's user check)
        self._at_initials = std_re.compile(
            r"\bbij[ \t]+(" + capital_initials + r")(?=,[ \t]+[a-z])|"
            r"\bbij[ \t]+([A-ZÀ-ÖØ-Þ]{2}|[A-ZÀ-ÖØ-Þ][a-z]{1,3}[A-ZÀ-ÖØ-Þ])(?=\.(?:[ \t]|$))"
        )
        # (with its first characters looked ahead for, as the scans of this class that open with a look-behind or \b:
        # ``re`` skips to them, where it tried the pattern at every position; issue 17, sixteenth round)
        self._by_initials = std_re.compile(
            with_first_char_hint(
                # (or a lower-case mark: 'Afgedrukt 23-03-25 door wdw'; issue 17, nineteenth round: dev70)
                # (or a login: 'ingevoerd door h.öztürk op 22.06.2027'; twentieth round: dev81)
                # (or before the date it was done on: 'incasso-IBAN gewijzigd door sö op 4-10.'; twenty-first round:
                # dev89's portal tickets by another hand)
                # (or before a comma and the next role: 'Behandeling door IB, assistentie XB.'; twenty-second round:
                # dev94's analyses by another hand)
                # (or before the role in brackets: 'Ingevoerd door SP (secretariaat), 20-03-2026'; twenty-third round:
                # dev97's intake forms by another hand)
                # (or after a colon: 'Ingeschreven door: KW'; twenty-sixth round: dev112's registrations)
                # (or its slash before: 'Verwerkt door: /TdH'; twenty-eighth round: the session's user check)
                r"\bdoor[ \t]*:?[ \t]+/?("
                + capital_initials
                + r"|"
                + _LOWER_MARK
                # (or closing a bracket at the line's end: '(door TH)'; twenty-sixth round: dev111's interpreters' notes)
                # (or dotted without the last dot at the line's end: 'Aangenomen door S.G'; twenty-seventh round)
                + r"|[A-Z](?:\.[A-Za-z]){1,3}(?=[ \t]*$)"
                # (or before the time it was done at: '[gelezen door JJ 12:13]'; twenty-seventh round)
                + r")(?:[ \t.]*$|(?=[ \t]+op[ \t]+\d|:[ \t]+\S|\)[ \t]*$|[ \t]+\d{1,2}:[0-5]\d\b)|"
                r"(?<=[A-Z])(?=,[ \t]+[a-z]|[ \t]+\([a-zß-öø-ÿ]|:[ \t]))|"
                r"\bdoor[ \t]+([a-z]\.[a-zß-öø-ÿ]{2,24})(?=[ \t]+op[ \t]+\d|[ \t.]*$)",
                std_re.MULTILINE,
            ),
            std_re.MULTILINE,
        )
        # Or closing the line's last sentence, after a dash or on their own ('... gezet. FW', '... klaar —LS').
        # Inside a closing bracket too ('(intern: ... kaartje sturen – Tuminah)', '(... gescand – MK)'), where after
        # a dash a given name signs as well (thirteenth round).
        # (a given name also after a hyphen between spaces: 'stoel 2 - Edmilson', 'Debiteurennotitie 10/3 - Shurendy';
        # seventeenth round: dev53's planning and collection notes by another hand)
        self._line_end_sign = std_re.compile(
            # (or after two dashes or two slashes: '... komt!! -- RL', '... recept klopt //MP'; issue 17, twenty-second
            # round: dev93's desk day sheets by another hand)
            r"(?:(?<=[.!?])[ \t]+|[ \t]*[—–][ \t]*|[ \t]+(?:--|//)[ \t]*|[ \t]+-[ \t]+(?=[A-ZÀ-Þ][a-zß-öø-ÿ]{2,}[ \t]*$))("
            + capital_initials
            + r"|(?<=[—–-] )[A-ZÀ-Þ][a-zß-öø-ÿ]{2,})"
            r"[ \t]*[)\]]{0,2}[ \t]*$",
            std_re.MULTILINE,
        )
        # A desk log's writer glued to a dash at the line's end, in lower case ('... bij wolters. -tetiana', '-li na'), or
        # capitalised ('Terugbellen op 06 18 55 75 92. -Senait'; seventeenth round: dev48's pain line by another hand).
        self._dash_sign = std_re.compile(
            r"(?<=[.!?)])[ \t]+-((?:[a-zß-öø-ÿ]{2,}|[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{2,})(?:[ \t][a-zß-öø-ÿ]{2,})?)[ \t]*$",
            std_re.MULTILINE,
        )
        # A given name before a care role in brackets ('contact afdeling: Tiziri (EVV)'); the bracket and the role's
        # first letters found first.
        self._named_role_gate = std_re.compile(
            r"\((?:EVV|evv|eerst|mentor|tolk|contactpersoon|wijkverpleeg|verzorgende|verpleegkundige|zorgco)"
        ).search
        self._named_role = std_re.compile(
            r"(?<![\w'’-])([A-ZÀ-ÖØ-ÞĀ-ɏ][a-zß-öø-ÿĀ-ɏ'’-]+)[ \t]*\((?:EVV|evv|eerst verantwoordelijke?|mentor|tolk|"
            r"contactpersoon|wijkverpleegkundige|verzorgende|verpleegkundige|zorgcoördinator)\)"
        )
        # The date may be ISO or written ('2024-10-01 08:00 kk:', '14 okt 2024 gz:'), or a clock time alone ('11u50
        # kk:'); before a colon the writer may sign in two or three lower-case letters (thirteenth round: dev19).
        months = r"(?i:jan|feb|mrt|maa|apr|mei|jun|jul|aug|sep|okt|nov|dec)[a-z]*\.?"
        # A note's remark signed with a given name before its colon ('Opm. Paidjo: nummer van Linh klopt niet';
        # fourteenth round: dev31's SMS logs by another hand).
        # Or its initials, or a note's 'NB' ('[opmerking B.B.: naam patiënt nog weghalen]', 'NB Efua: patiënt is
        # gecompenseerd'; seventeenth round: dev49's tickets and dev50's draft case reports by other hands).
        self._remark_author = std_re.compile(
            r"(?i:\bopm\.|\bopmerking|\bNB)[ \t]+([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]+(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]+)?|"
            r"(?:[A-ZÀ-ÖØ-Þ]\.(?:[a-z]{1,3}\.)*){1,4}|[A-ZÀ-ÖØ-Þ]{2,3})(?=:[ \t])"
        )
        self._entry_author = std_re.compile(
            # (also in a log's brackets: '[04-12 JvdB] Pt gebeld'; issue 17, twenty-first round: the session's user check)
            r"^[ \t]*\[?(?:(?:\d{1,2}[-/]\d{1,2}(?:[-/]\d{2,4})?|\d{4}-\d\d-\d\d|\d{1,2}[ \t]+"
            + months
            + r"(?:[ \t]+\d{4})?)(?:[ \t]+\d{1,2}[:.u]\d{2})?|\d{1,2}[:.u]\d{2}|(?i:opm\.|opmerking|triage|notitie))"
            # (after a slash too: '01-03-2025 /THR: schoonzoon belde'; twenty-second round: dev96's internal notes)
            r"[ \t]+/?("
            + capital_initials
            + r"(?=[ \t]*[:\]]|[ \t]+\d{1,2}[-/]\d{1,2}(?!\d))|[a-zß-öø-ÿ]{2,3}(?=:[ \t]))",
            std_re.MULTILINE,
        )
        # (and the hygienist abbreviated, the mark in lower case before its role: 'bezetting: fdh (tandarts) / ZK
        # (mondhyg.)'; issue 17, twenty-fourth round: dev104's mobile unit's schedules by another hand)
        # (and a youth dentist: '25 december 2025 – HWB (kindertandarts)', 'KDK (tandarts-pedodontoloog)'; thirty-third
        # round: dev139's foster care by another hand)
        roles = (
            r"(?i:balie|assistent(?:e|en)?|operateur|omloop|anesthesie|(?:kinder)?tandarts(?:-pedodontoloog)?|"
            r"pedodontoloog|mondhygi[eë]nist|mondhyg\.|chirurg)"
        )
        self._with_role = std_re.compile(
            r"\b" + roles + r"[ \t]*\((" + initials + r")\)|\b(" + initials + r"|[a-z]{2,3})[ \t]*\(" + roles + r"\)"
        )
        # A given name in brackets after a care role ('zegt de verpleegkundige (Wil)', 'mondhygiënist (Efua)'; issue 17,
        # nineteenth round: dev68's patient diaries by another hand).
        care_roles = (
            *("verpleegkundige", "tandarts", "mondhygiënist", "mondhygienist", "assistente", "apotheker", "huisarts"),
            *("arts", "tolk", "mantelzorger", "begeleider", "verzorgende", "logopedist", "diëtist", "dietist"),
            "fysiotherapeut",
        )
        self._role_then_name = std_re.compile(
            r"\b(?i:" + "|".join(care_roles) + r")[ \t]*\(([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’-]{1,20})\)"
        )
        self._care_roles = first_words(care_roles)  # as words of the note: most have none
        # The bracketed given name, which every match holds: found from its bracket, where the pattern (a word boundary
        # first) was tried at every position of the notes with a care role's word (124 of 700 dev notes, none of which
        # has one: 1.9 -> 0.03 ms).
        self._bracketed_given = std_re.compile(r"\([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’-]{1,20}\)").search
        # What every match of it holds: a bracket round the initials or the role. ``re`` skips ahead to a bracket, where
        # the pattern (a word boundary first) is tried at every position; notes with a bracket seldom have this
        # (issue 17, eleventh round).
        self._with_role_gate = std_re.compile(r"\((?:" + initials + r"|" + roles + r")\)").search
        # Initials beside the name they spell, a slash between, as a form is signed ('Ondertekend: WH / Wulan Hutapea',
        # 'NLAL / Naomi Lie-A-Ling', 'Jing Chen / JC'): the letters are checked against the name's words (issue 17,
        # thirty-third round: dev137's hygienists' intakes by another hand).
        name_words = r"[A-ZÀ-ÖØ-Þ][\w'’-]*(?:[ \t]+[\w'’-]+){1,3}"
        # (or a legend's '=': 'Legenda: WdW = Willem de Wit, AS = Anouk Smit', whose marks the roster above then writes
        # alone; the user check of the thirty-third round)
        self._mark_spelling_name = std_re.compile(
            r"(?<![\w.])(?P<m>[A-Z][A-Za-z]{1,4})[ \t]*[/=][ \t]*(?P<n>" + name_words + r")"
            r"|(?P<n2>" + name_words + r")[ \t]*/[ \t]*(?P<m2>[A-Z][A-Za-z]{1,4})(?![\w])"
        )
        # A note's line signed with the writer's mark and the day, or opened by them: '-- RW 13/06/2027', 'YB 19-05-2027'
        # alone on the line's end, '[intern] BdV 26/12/26 → dossier ...', 'Notitie 05-05-27 KK:', '[dossier] 29-01-2027
        # BS:' (issue 17, thirty-third round: dev140's student files by another hand).
        day = (
            r"(?:\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d\d)|\d{4}-\d\d-\d\d|\d{1,2}[ \t]+"
            + months
            + r"(?:[ \t]+'?\d{2,4})?)"
        )
        self._mark_with_day = std_re.compile(
            r"^[ \t]*(?:-{2,3}[ \t]*|\[(?i:intern|dossier)\][ \t]+)?("
            + capital_initials
            + r")[ \t]+"
            + day
            + r"[ \t]*(?=$|→|->)"
            # (and between a note's dashes: '— interne notitie 17-02-2026 DS —'; thirty-fourth round: dev143)
            r"|^[ \t]*(?:[—–-]+[ \t]*)?(?:(?i:(?:interne[ \t]+)?notitie)|\[(?i:intern|dossier)\])[ \t]+"
            + day
            + r"[ \t]+("
            + capital_initials
            + r")(?::|[ \t]+[—–-]+[ \t]*$)"
            # (or a login closing the note's heading: 'Notitie 12 september 2024 imeijer'; thirty-fourth round: dev144)
            r"|^[ \t]*(?i:notitie)[ \t]+" + day + r"[ \t]+([a-z]{4,20})[ \t]*$",
            std_re.MULTILINE,
        )
        # A colleague's mark after a spaced dash and before the day, as a scanned page's margin note is signed ('kopie
        # tandarts ..., pnr KT-17513 – MBW maandag 10 februari]', '– IA 28/2]'; issue 17, thirty-third round: dev139's
        # court orders by another hand): an en or em dash only, capitals only.
        self._dash_mark_before_date = std_re.compile(
            r"[–—][ \t]+([A-Z]{2,4})[ \t]+(?=(?:(?i:ma|di|wo|do|vr|za|zo)[a-z]*\.?[ \t]+)?\d{1,2}(?:[-/.]\d{1,2}|[ \t]+"
            + months
            + r"))"
        )
        # Who handled a call or a log entry (issue 17, tenth round: dev17's call-back lists, voicemail logs and phone
        # notes by another hand): after the time of the call ('— gebeld 12:15 RS, geen gehoor'), after the word that
        # closes the entry ('afgehandeld CK 31-10', 'aangepast MdH', 'aangepast as' at the line's end), in brackets
        # closing a heading line after its date or time ('Tel.notitie 13 januari 17:30 (XT)', 'Mutatie NAW
        # 11-05-2025 (AW)'), or in brackets on a line of their own ('(hw)', '(MdB)').
        self._after_time = std_re.compile(
            r"(?<![\w:.])\d{1,2}[:.][0-5]\d[ \t]+(?!(?:AM|PM|UUR|CET|CEST|UTC|GMT)\b)(" + capital_initials + r")"
            r"(?=[ \t]*[,;)]|[ \t]*$)",
            std_re.MULTILINE,
        )
        # (or in brackets after a comma: 'Teruggebeld (ma 08:40, SK)'; issue 17, twenty-third round: the fifteenth
        # session's user check)
        self._time_then_mark = std_re.compile(
            r"\((?:[a-z]{2}[ \t]+)?\d{1,2}[:.][0-5]\d,[ \t]*(" + capital_initials + r")\)"
        )
        # What every match of it holds: the minutes and the first capital after them. ``re`` skips to a colon or a dot,
        # where the pattern (a look-behind first) was tried at every position; few notes pass (issue 17, fourteenth
        # round).
        self._after_time_gate = std_re.compile(r"[:.][0-5]\d[ \t]+[A-ZÀ-ÖØ-Þ]").search
        actions = lexicon.alternation("writer_mark_actions", spaces=r"[ \t]+")
        self._after_action = std_re.compile(
            with_first_char_hint(
                # (after ' - ' too, and a lower-case mark of four letters or round a particle's apostrophe before a
                # date: 'ok - pv', 'akk. av'h 8 augustus', 'Afgedrukt 23-03-25 door wdw'; issue 17, nineteenth round:
                # dev70's pharmacy faxes and overviews by another hand)
                # (or with the day between: 'Gecontroleerd 4/3 RvdL'; issue 17, twenty-fourth round: dev102's intake forms
                # by another hand, kept unread until the round's rules were written)
                r"\b(?i:"
                + actions
                + r")(?:[ \t]*:?[ \t]+|[ \t]+[-–][ \t]+)(?:\d{1,2}[-/.]\d{1,2}[ \t]+(?=[A-ZÀ-ÖØ-Þ][\w]{1,4}[ \t]*$|[a-z]{2,3}[ \t]*$))?("
                + capital_initials
                # (or before the sentence's full stop: 'aangemeld door MG.'; thirty-third round: dev138)
                + r"(?=[ \t]*(?:[,;:)]|$|\d|op[ \t]|en[ \t])|\.(?![\w.]))|"
                # (or round a particle's apostrophe: "Ingevoerd door Ti'V op 4-12-2026"; twenty-fifth round: dev106)
                + particle_initials
                + r"(?=[ \t]+op[ \t]|[ \t]*$)|"
                r"(?:" + _LOWER_MARK + r")(?=[ \t]*(?:$|\)|op[ \t]+\d|\d{1,2}(?:[-/.]\d|[ \t]+[a-z])))|"
                # a given name closing the field or before a slash ('Ingevoerd door: Xiaoling / pt.nr ...')
                r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{1,20}(?=[ \t]*(?:/|$|[—–][ \t]))|"
                # or with a surname's initial, before the date ('Afgehandeld door Frank B. op 12-3-25'; nineteenth
                # round: dev73's voicemail logs by another hand)
                r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{1,20}(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{1,20})?[ \t]+[A-ZÀ-ÖØ-Þ]\.(?=[ \t]+op[ \t]+\d|[ \t]*$))",
                std_re.MULTILINE,
            ),
            std_re.MULTILINE,
        )
        # (its first letters looked ahead for, as the scans above: where the note has one of the actions' first words,
        # 2x faster on dev's 79 such notes; sixteenth round)
        self._after_action_gate = std_re.compile(
            with_first_char_hint(r"\b(?:" + actions + r")[ \t:]", std_re.IGNORECASE), std_re.IGNORECASE
        ).search
        # The gate opens with \b, which hides the actions' first letters from ``re``: every position was tried, 27 µs a
        # note, the costliest scan of the recognizers. One of the actions' first words must be a word of the note
        # (``keywords.words``: the gate's \b before, a space, a colon or a dot after the first word): one set operation
        # first (issue 17, thirteenth round: 2-3% of DEDUCE alone's time).
        self._after_action_words = first_words(lexicon.words("writer_mark_actions"))
        # Colleagues' initials listed in brackets ('Besproken in de VIM-commissie op 29 mei 2025 (HW, LS)', '(FK/XM)',
        # '(TvdB, FeA, SA)'): two or more, each initials, none a clinical term (issue 17, tenth round: dev18's
        # incident reports by another hand). Not '(MO/DO)', '(BoP, PPD)'.
        self._bracketed_initials = std_re.compile(
            r"\((" + capital_initials + r"(?:(?:[ \t]*,[ \t]*|[ \t]*/[ \t]*)" + capital_initials + r"){1,5})\)"
        )
        self._one_initials = std_re.compile(capital_initials)
        # Initials in brackets after the name they spell, as a schedule or a report introduces a colleague ('tandarts
        # Dewi Soemita (DS)', 'Willem van der Berg (WvdB)'; issue 17, twenty-second round: dev93's agenda exports).
        # (or before a comma and the role they hold: 'Koen Pattipeilohy (KP, kaakchirurg)'; issue 17, twenty-third round:
        # dev97's MDO minutes by another hand)
        # (or in lower case: 'G. Hermens (gh), Chantal Broeders'; dev100's complaint forms by another hand)
        self._bracketed_mark = std_re.compile(
            r"(?<=[^\W\d_][ \t]\()(" + capital_initials + r"|[a-z]{2,3})(?:\)|,[ \t]+(?=[a-zß-öø-ÿ]))"
        )
        # Who handled a desk's line, in brackets closing it, in any case: a call list's heading after the desk and its
        # place ('belnotities do 4/3 balie Eindhoven (is)'), who took the call ('aangenomen door Ingrid (IS)'), an
        # action's line after its arrow ('-> verzet naar 8/3 (is)'); and to whom a task went at the line's end
        # ('doorgezet naar KN', 'recept ligt bij LV'), a roster's colleague before her chair ('ma: RH stoel 1, is stoel
        # 2'), a pair of marks in lower case closing the note ('mj/rh'). There no verb or word stands, only an
        # abbreviation a clinic writes is refused (issue 17, twenty-third round: dev100's practices on the borders by
        # another hand, kept unread until the round's rules were written).
        mark_any_case = capital_initials + r"|[a-z]{2,3}"
        self._desk_mark = std_re.compile(
            r"(?:\b(?i:balie|receptie)[ \t]+[A-ZÀ-Þ][\w-]+|\b(?i:aangenomen|genoteerd|opgenomen)[ \t]+door[ \t]+[A-ZÀ-Þ][\w-]+|"
            r"^[ \t]*->[^\n]*?)[ \t]+\((" + mark_any_case + r")\)[ \t]*$",
            std_re.MULTILINE,
        )
        self._passed_to = std_re.compile(
            r"\b(?:(?i:ligt|liggen)(?:[ \t]+klaar)?[ \t]+bij|(?i:doorgezet|doorgestuurd|overgedragen|doorverbonden)[ \t]+naar)"
            r"[ \t]+(" + mark_any_case + r")(?=[ \t]*(?:$|[,.;]))",
            std_re.MULTILINE,
        )
        # (and a roster's day and its pair of colleagues: 'ma JdV/KP, di JdV/is'; the session's user check)
        self._day_pair = std_re.compile(
            r"\b(?:ma|di|wo|do|vr|za|zo)\.?:?[ \t]+("
            + mark_any_case
            + r")/("
            + mark_any_case
            + r")(?=[ \t]*(?:[,;]|$))",
            std_re.MULTILINE,
        )
        # A roster's row aligned by wide gaps, its day and date first, each cell a colleague's mark ('ma 1-3     MV
        # HW       FB       SB'; issue 17, twenty-fourth round: dev102's rosters by another hand, kept unread until the
        # round's rules were written).
        self._roster_row = std_re.compile(
            r"^[ \t]*(?i:ma|di|wo|do|vr|za|zo)\.?[ \t]+\d{1,2}[-/.]\d{1,2}(?:[-/.]\d{2,4})?((?:[ \t]{2,}\S+)+)[ \t]*$",
            std_re.MULTILINE,
        )
        self._roster_cell = std_re.compile(r"(?<=[ \t]{2})(" + capital_initials + r")(?=[ \t]{2,}|[ \t]*$)")
        # (and a record system's session: '-- sessie MV uitgelogd 10:05'; issue 17, twenty-fourth round: dev103's HiX lines)
        self._session_mark = std_re.compile(
            r"\b(?i:sessie)[ \t]+(" + capital_initials + r")[ \t]+(?i:uitgelogd|ingelogd|afgesloten|gestart)\b"
        )
        self._chair_mark = std_re.compile(r"(?<=[:,][ \t])(" + mark_any_case + r")[ \t]+stoel[ \t]*\d")
        # the words those scans open with, as words of the note: most notes have none
        self._desk_words = frozenset({"balie", "receptie", "aangenomen", "genoteerd", "opgenomen"})
        self._passed_words = frozenset({"ligt", "liggen", "doorgezet", "doorgestuurd", "overgedragen", "doorverbonden"})
        self._last_line_lower_pair = std_re.compile(r"\n[ \t]*([a-z]{2,3})/([a-z]{2,3}|[A-Z]{2,3})[ \t]*\n?\Z")
        # A mark after the role its colleague had (``roles_before_marks.txt``: '(waarnemer WÖ, ass Tesfay)', 'wn ZdW',
        # 'Fotograaf: IvdH', 'Akkoord praktijk: IM (paraaf)'), before a line's end, a comma, a bracket or a date.
        # A handover's pair ('overdracht SW -> PB'), a roster's row (a date, the colleague's mark, her phone, split by
        # wide gaps: 'ma 21/06/2027  GtB  06 52821959'). Issue 17, twenty-third round: dev97 to dev99 by other hands.
        self._role_mark = std_re.compile(
            r"(?<![\w-])(?i:"
            + lexicon.alternation("roles_before_marks", spaces=r"[ \t]+")
            # (or in a log's key=value: 'code=H40 beh=MB'; thirty-third round: dev137's system logs by another hand)
            + r")\.?(?:[ \t]*:?[ \t]+|=)("
            + capital_initials
            # (or before the day it was given: 'Akkoord afd.hoofd: SH d.d. 09/11/26'; twenty-fifth round: dev105)
            # (or before a colon or a sentence's end: 'Notitie mondhygiënist LB: element 74', 'Akkoord afd.hoofd: HvdB.
            # Behandelaar'; twenty-sixth round: the session's user check)
            # (or before a spaced dash: 'gecontroleerd XO – akkoord financiële adm.'; thirtieth round: dev125)
            # (or before a log's next key: 'beh=MH loc=Ee'; thirty-fourth round: dev143's agenda log by another hand)
            + r")(?=[ \t]*(?:$|[,;)(/]|\d|d\.d\.|:[ \t]|[—–][ \t])|\.(?:[ \t]|$)|[ \t]+[a-z_]{2,12}=)",
            std_re.MULTILINE,
        )
        self._role_mark_words = first_words(lexicon.words("roles_before_marks"))
        # A line that is a colleague's mark and then her role, as a note is signed ('— RH, SPV', '/GY (doktersassistent
        # MD)', 'IK MMD', 'SK pedagogisch medewerker', 'AB | MD Justitiële Jeugdinrichting'; ``roles_after_marks.txt``);
        # a form's initials after its 'paraaf' and the role before the colon ('paraaf doktersassistent MD: MK'); who
        # signed for another, closing the line ('i.o. mg'). Issue 17, twenty-fifth round: dev105's prisons by another hand.
        self._mark_then_role = std_re.compile(
            r"^[ \t]*(?:[—–-]{1,2}[ \t]*|/[ \t]?)?("
            + capital_initials
            + r")(?:[ \t]*,[ \t]*|[ \t]+|[ \t]*\([ \t]*|[ \t]*\|[ \t]*)(?i:"
            + lexicon.alternation("roles_after_marks", spaces=r"[ \t]+")
            + r")(?![\w])[^\n]{0,60}$",
            std_re.MULTILINE,
        )
        self._mark_then_role_words = first_words(lexicon.words("roles_after_marks"))
        self._initialled = std_re.compile(
            r"\b(?i:paraaf)(?:[ \t]+[\w.]{2,20}){0,3}[ \t]*:[ \t]*(" + capital_initials + r")(?=[ \t]*(?:$|[,;)(/]|\d))"
            r"|(?<![\w.])i\.o\.[ \t]+(" + capital_initials + r"|[a-zß-öø-ÿ]{2,3})[ \t]*$",
            std_re.MULTILINE,
        )
        self._handed_over = std_re.compile(
            r"(?<![\w-])(" + capital_initials + r")[ \t]*(?:->|→|=>)[ \t]*(" + capital_initials + r")(?![\w-])"
        )
        self._roster_mark = std_re.compile(r"(?<=\d)[ \t]{2,}(" + capital_initials + r")[ \t]{2,}(?=(?:\+|00|0)\d)")
        # A chat's closing kiss and who sent it ('Dan zoek ik je dossier op. x BB'), a log's writer in lower case after a
        # dash closing the line ('... via DentalMonitoring — senait'; dev98's DMs and aligner logs by another hand).
        self._kiss_sign = std_re.compile(
            r"(?<=[.!?])[ \t]+x[ \t]+(" + capital_initials + r"|[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{2,20})[ \t]*$", std_re.MULTILINE
        )
        self._dash_lower_sign = std_re.compile(r"[ \t][—–][ \t]+([a-zß-öø-ÿ]{3,20})[ \t]*$", std_re.MULTILINE)
        # Who is to act, in minutes and audits: initials after an owner's word, one or a list ('Actie: RB, pt. bellen',
        # 'actie JC en AW', '(actie: JtH/Karin, vóór 27 dec)', 'verantwoordelijke KM.'; ``action_owner_cues.txt``),
        # alone in a table's cell ('| RI&E bijwerken | WW | 25-4-2025'), in brackets before a deadline ('(RB,
        # uiterlijk 3-5)'), or after a timeline's time and a dash ('14:05 – RB belt'). Issue 17, fourteenth round
        # (dev28's minutes by another hand).
        owner_cues = lexicon.alternation("action_owner_cues", spaces=r"[ \t]+")
        self._owners = std_re.compile(
            r"\b(?i:"
            + owner_cues
            + r")[ \t]*:?[ \t]+("
            + capital_initials
            + r"(?:[ \t]*(?:,|/|&|\ben\b)[ \t]*"
            + capital_initials
            + r")*)(?![\w'’&])"
        )
        self._owners_gate = first_words(lexicon.words("action_owner_cues"))
        # Or in brackets closing a line's sentence ('melding in MIC-systeem (LW).'), not an acronym or a word.
        self._bracket_closing_line = std_re.compile(
            # (or after the sentence's end: 'Hester verdraagt het goed. (OSA)'; issue 17, thirty-eighth round: dev158's
            # nitrous oxide records by another hand)
            with_first_char_hint(
                r"(?:(?<=[\w-][ \t])|(?<=\w[.!][ \t]))\((" + capital_initials + r")\)\.?[ \t]*$", std_re.MULTILINE
            ),
            std_re.MULTILINE,
        )
        # (a table's cell, also its row's last without a closing bar: '| kroonprep element 26 | SK')
        self._cell = std_re.compile(r"(?<=\|)[ \t]*(" + capital_initials + r")[ \t]*(?=\||[ \t]*$)", std_re.MULTILINE)
        # A table's cell of initials alone, its columns split by tabs, bars or semicolons, also before a status after a
        # wide gap ('4 aug 2027\tLH\tvm ingesproken', ';2027-02-13;EM;overleden', '| Wil | MS  AFGEKEURD'), on a row
        # of three cells or more; and a date's sign-off pair opening a line ('11/02/2027 AvM/OH  pt ...'), initials after
        # 'initialen' ('Patient: initialen TvM'). Issue 17, twentieth round: dev81's recall lists, sterilisation logs and
        # notes by another hand.
        self._row_cell = std_re.compile(
            r"(?:(?<=[\t;|])|^)[ \t]*(" + capital_initials + r")(?=[ \t]*(?:[\t;|]|$)|[ \t]{2,}[A-Z])", std_re.MULTILINE
        )
        dated = r"(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}-\d\d-\d\d|\d{1,2}[ \t]+[a-z]{3,9}\.?[ \t]+\d{4})"
        self._dated_pair = std_re.compile(
            # (also before a colon: '12-03 MV/JB: imp 36'; issue 17, twenty-first round: the session's second user check)
            # (or in a log's bracketed stamp with its time, before a dash: '[2027-03-27 16:15] BD/BTAJ — YASMINA BOS'; twenty-
            # fourth round: dev102's clinical notes)
            r"^[ \t]*\[?"
            + dated
            + r"(?:[ \t]+\d{1,2}[:.]\d\d\]?)?[ \t]+("
            + capital_initials
            + r")/("
            + capital_initials
            + r")(?=[ \t:])",
            std_re.MULTILINE,
        )
        # A call log's entry: its date and time, who took the call, a wide gap, whom it was about ('05/04/2026 15:05 OM  I.
        # Ramdin (MZW-164358)', '20.03.2026 15:13 Oksana  wil bondarenko (MZW 157986)'; the same round: dev81).
        self._logged_by = std_re.compile(
            r"^[ \t]*"
            + dated
            + r"[ \t]+\d{1,2}[:.]\d\d[ \t]+("
            + capital_initials
            + r"|[A-Z][a-zß-öø-ÿ]{2,}|[a-z]\.[a-zß-öø-ÿ]{2,20})"
            r"[ \t]{2,}(?:([a-zß-öø-ÿ][\w'’-]+(?:[ \t]+[a-zß-öø-ÿ][\w'’-]+){0,3})(?=[ \t]*\((?i:[a-z]{0,4}[ -]?\d)))?",
            std_re.MULTILINE,
        )
        # A roster's slot, its colleague and her days in brackets, also a given name that is a month or a word ('balie:
        # Mei (ma, wo), Fatima (di, do)'; issue 17, twentieth round: the user check's roster).
        self._slot_with_days = std_re.compile(
            r"\b(?i:balie|receptie|tandarts|assistente?|ass|tdt|mondhygi[eë]niste?|mh|preventieassistente?|pa)[ \t]*:[ \t]*"
            r"([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)(?=[ \t]*\((?i:ma|di|wo|do|vr|za|zo)\b)"
        )
        # What every match of it holds: a bracket opening a weekday.
        self._slot_with_days_gate = std_re.compile(r"\((?i:ma|di|wo|do|vr|za|zo)\b").search
        self._initials_word = std_re.compile(r"\binitialen[ \t]*:?[ \t]+(" + capital_initials + r")(?![\w.])")
        # (or after the role a roster's cell names first: '| tdt NdG | ass Marchien | MH JB |'; issue 17, nineteenth
        # round: dev67's rosters by another hand)
        self._role_cell = std_re.compile(
            r"(?<=\|)[ \t]*(?i:tdt|tandarts|ass|assistente?|mh|mondhygi[eë]nist|pa|ta|balie|bh|chir|ortho)\.?[ \t]+("
            + capital_initials
            + r")[ \t]*(?=\||[ \t]*$)",
            std_re.MULTILINE,
        )
        # A heading's mixed-case initials after its date and a spaced hyphen ('Tel.notitie 19/03/26 09:10 - SdJ'; the
        # same round): a particle's small letter between capitals, no abbreviation's shape.
        self._hyphen_particle_initials = std_re.compile(r"[ \t]-[ \t]+([A-Z][a-z]{1,3}[A-Z])[ \t]*$", std_re.MULTILINE)
        self._before_deadline = std_re.compile(
            r"\((" + capital_initials + r"),[ \t]*(?=(?i:uiterlijk|vóór|voor|deadline)\b|\d)"
        )
        # or closing their bracket before it ('focusonderzoek MKA (HV) voor 28/7'; issue 17, nineteenth round: dev68's MDO
        # minutes by another hand)
        self._bracket_before_deadline = std_re.compile(
            r"\((" + capital_initials + r")\)[ \t]+(?=(?i:uiterlijk|vóór|voor|deadline|per)[ \t]+\d)"
        )
        # What every timeline match holds, found from the time's separator: most notes have none.
        self._timeline_gate = std_re.compile(r"[:.][0-5]\d[ \t]*[–—-][ \t]*[A-Z]").search
        self._timeline = std_re.compile(
            r"(?<![\w:.])\d{1,2}[:.][0-5]\d[ \t]*[–—-][ \t]*(" + capital_initials + r")(?=[ \t]+[a-zß-öø-ÿ])"
        )
        # Who checked or signed: initials in brackets after the check ('BIG-check 17/10 ok (SW)'), or after a paraph's
        # label ('Paraaf praktijkopleider: EÖ'). Issue 17, fourteenth round (dev24's onboarding and intern
        # evaluations by another hand).
        self._checked_by = std_re.compile(
            with_first_char_hint(r"\b(?i:" + actions + r")[ \t]*\((" + capital_initials + r")\)")
        )
        # The same in lower case after a decision ('Influencer @fitwithkees afgewezen (wh)', 'goedgekeurd (rs)'; issue
        # 17, nineteenth round: dev71's marketing notes by another hand).
        decisions = ("afgewezen", "goedgekeurd", "geweigerd", "akkoord", "besproken", "gecontroleerd", "afgehandeld")
        self._decided_by = std_re.compile(r"\b(?:" + "|".join(decisions) + r")[ \t]*\(([a-zß-öø-ÿ]{2,3})\)")
        self._decision_words = frozenset(decisions)
        # What every match of it and of ``_bracket_closing_line`` holds, initials alone in brackets: ``re`` skips to the
        # bracket, and none of the 927 notes with a bracket in dev, dev2, dev5 and test has them, where both scans tried
        # every position of every note with a bracket (issue 17, sixteenth round).
        self._initials_in_brackets = std_re.compile(r"\((?:" + capital_initials + r")\)").search
        self._paraph = std_re.compile(
            r"\b(?i:paraaf)(?:[ \t]+[a-zß-öø-ÿ-]+)?[ \t]*:[ \t]*(" + capital_initials + r")(?=[ \t]*$)",
            std_re.MULTILINE,
        )
        self._bracket_after_date = std_re.compile(
            r"(?:\d{1,2}[:.][0-5]\d|\d{1,2}[-/]\d{1,2}(?:[-/]\d{2,4})?|(?:19|20)\d\d)[ \t]*\(("
            + capital_initials
            # (or before a colon, an update's writer, a login too: 'Update 14/3/2025 (bkowalczyk): doorgezet'; issue
            # 17, twenty-sixth round: dev110's helpdesk tickets by another hand)
            # (or opening its line, the year left out: '1-3 (BT): Met Nicu naar de tandartsbus'; twenty-seventh round:
            # dev113's reports by another hand)
            + r"|[a-z]{2,3})\)[ \t]*$|(?:(?<=[ \t])\d{1,2}[-/]\d{1,2}[-/]\d{2,4}|^\d{1,2}[-/]\d{1,2}(?:[-/]\d{2,4})?)[ \t]*\(("
            + capital_initials
            + r"|[a-z][a-z0-9._-]{1,24})\):[ \t]",
            std_re.MULTILINE,
        )
        self._bracketed_line = std_re.compile(
            r"^[ \t]*\((" + capital_initials + r"|[a-z]{2,3})\)[ \t]*$", std_re.MULTILINE
        )
        # A record card's entries, each a date, what was done and who did it after a gap at the line's end, in
        # capitals: initials or a surname ('19-08-'07  V92  ELEMENT 15 STRAUMANN BLT 4.1 X 10 MM  WONGSODIKROMO',
        # '12/08/09  CONTROLE DPSI 1 M03 1X  KW'). Read where two entries or more are so written (issue 17, sixteenth
        # round: dev43's scanned record cards by another hand).
        self._card_entry = std_re.compile(
            r"^[ \t]*\d{1,2}[-/.]\d{1,2}[-/.](?:'?\d\d|\d{4})[ \t]+\S[^\n]*?[ \t]{2,}"
            r"(?P<v>[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]*(?:[ \t][A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’-]*){0,3})[ \t]*$",
            std_re.MULTILINE,
        )
        # A writer's mark in lower case on the text's last line, alone or before a date ('Codes: A10 V21\nmk', "ri'v
        # 2-4"), or after its last sentence ('... gebeld op 06 08 47 08 33. mv'); initials with a particle inside, in
        # brackets anywhere ('focusonderzoek MKA (HvtH) voor 15/10'). Issue 17, nineteenth round: dev68's MDO minutes
        # and dev70's pharmacy notes by other hands.
        self._last_line_lower = std_re.compile(
            r"(?:\n|(?<=[.!?])[ \t])[ \t]*("
            + _LOWER_MARK
            + r")(?:[ \t]+\d{1,2}[-/.]\d{1,2}(?:[-/.]\d{2,4})?)?[ \t]*\n?\Z"
        )
        self._particle_initials = std_re.compile(r"\(([A-Z](?:vd|vdr|vdm|vt|vh|it|v|d|t)[A-Z])\)")
        # Who signed a form's line: a mark after 'Getekend:', 'Afgetekend:' or a paraph's label, or a pair of them split by a
        # slash ('Getekend: AT / MD', 'Getekend: jb / YA', 'paraaf: s', 'Afgetekend: JA 28-05-2023'), at the line's end
        # or before a date; a form's field, so one letter or a short word signs too ('paraaf: is'). And initials a
        # date leads to the line's end ('bijgewerkt 11-7-2025 GA') or that open a line before a date and its colon ('KN
        # 03-01-2024: BIG van ...'), and a last line of a slash and a mark in lower case ('/r', '/kgm'). Issue 17,
        # twenty-first round: dev87's appraisals, register checks and onboarding lists and dev88's screening results by
        # other hands.
        mark = capital_initials + r"|[a-zß-öø-ÿ]{1,4}|[A-ZÀ-ÖØ-Þ]"
        self._signed_marks = std_re.compile(
            r"\b(?i:getekend|afgetekend|ondertekend|paraaf(?:[ \t]+[a-zß-öø-ÿ-]+)?)[ \t]*:[ \t]*(" + mark + r")"
            r"(?:[ \t]*/[ \t]*(" + mark + r"))?(?=[ \t]*(?:$|\d{1,2}[-/.]\d))",
            std_re.MULTILINE,
        )
        full_date = r"(?:\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)?\d\d|(?:19|20)\d\d-\d\d-\d\d)"
        self._dated_line_end = std_re.compile(
            r"(?<![\w/.-])" + full_date + r"[ \t]+(" + capital_initials + r"|[a-zß-öø-ÿ]{2,3})[ \t]*$", std_re.MULTILINE
        )
        # (or initials and the date closing a line after its last sentence: 'Opa heeft een frameprothese. SK 06-10-2025';
        # issue 17, twenty-third round: dev101's family histories by another hand)
        self._sentence_then_dated_mark = std_re.compile(
            r"(?<=[.!?])[ \t]+(" + capital_initials + r")[ \t]+" + full_date + r"[ \t]*$", std_re.MULTILINE
        )
        self._initials_before_date = std_re.compile(
            r"^[ \t]*(" + capital_initials + r"|[a-zß-öø-ÿ]{2,3})[ \t]+" + full_date + r"[ \t]*:", std_re.MULTILINE
        )
        self._last_line_slash = std_re.compile(r"(?:^|\n)[ \t]*/([a-zß-öø-ÿ]{1,4})[ \t]*\n?\Z")
        # A mark in lower case closing the note after a number and a dash ('patnr: 190105 - dg'), or in a dated row's cell
        # of its own ('15-03-2027 | lv | locatie Maastricht'); a given name before a colon and a treatment's code in an
        # agenda's row ('- 14:45 Mei: T012'). Issue 17, twenty-third round: dev100's and dev101's notes and agendas by
        # other hands.
        self._number_dash_mark = std_re.compile(r"(?<=\d)[ \t]+[-–][ \t]+([a-z]{2,3})[ \t]*\n?\Z")
        # Or two or three letters in lower case closing the note after its last sentence, bare or after a bracket, a
        # tilde, a dash or a slash ('Patnr 102734. fa', 'geen kosten. (mdw)', '... 010-2238841. ~ej', 'gaat door. -ak'):
        # there only a writer signs, whatever the letters spell, but no answer or greeting's abbreviation ('ok.', 'mvg').
        # Issue 17, twenty-fourth round: the session's last user check.
        self._closing_mark = std_re.compile(r"(?<=[.!?])[ \t]+[(~/-]?([a-z]{2,3})\)?[ \t]*\n?\Z")
        self._dated_cell_mark = std_re.compile(
            r"^[ \t]*" + full_date + r"[ \t]*\|[ \t]*(" + capital_initials + r"|[a-z]{2,3})[ \t]*\|", std_re.MULTILINE
        )
        self._agenda_given = std_re.compile(
            r"^[ \t]*[-•*]?[ \t]*\d{1,2}[:.][0-5]\d[ \t]+([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+):[ \t]+[A-Z]\d{2,3}\b",
            std_re.MULTILINE,
        )
        # Initials that open a sentence before a verb of acting, as a decision's next step names who acts ('Besluit:
        # afwijzen. MS belt Said op 08-10-2023.', 'mdv belt Agnieszka'; the same round: dev87's interview notes).
        self._initials_acting = std_re.compile(
            # (or after a decision's semicolon, who refers: 'Besluit: MRA; GdR verwijst naar fysio'; issue 17, twenty-third
            # round: dev97's MDO minutes by another hand)
            r"(?:^|(?<=[.!?:;])[ \t]+)(" + capital_initials + r"|[a-zß-öø-ÿ]{2,3})[ \t]+"
            r"(?:belt|mailt|appt|stuurt|regelt|neemt|vraagt|plant|informeert|bevestigt|bespreekt|verwijst)[ \t]+"
            r"(?=[A-ZÀ-Þ]|op\b|de\b|het\b|naar\b)",
            std_re.MULTILINE,
        )
        self._acting_verbs = frozenset(
            (
                "belt",
                "mailt",
                "appt",
                "stuurt",
                "regelt",
                "neemt",
                "vraagt",
                "plant",
                "informeert",
                "bevestigt",
                "bespreekt",
                "verwijst",
            )
        )
        # Dotted initials standing alone, no surname after them ('klager Floris Bakker (F.B.)', 'Vw. (K.J.): heeft ...',
        # 'begeleiding M.B.', '-- D.Ö.'): a ruling, a hearing's notes or a complaints log names its parties so. In every
        # part, 4,805 of 4,848 such marks were a person and none a clinical string; the rest a company's form ('B.V.',
        # 'N.V.') or a postscript ('P.S.'), which ``dotted_non_initials.txt`` holds; dotted, 'P.A.' or 'M.G.' are no
        # X-ray or unit (issue 17, twentieth round: dev77's disciplinary law by another hand).
        self._bare_dotted = std_re.compile(
            r"(?<![\w.])((?:[A-ZÀ-ÖØ-ÞĀ-Ž]\.){2,3})(?![\w.]|[ \t]+(?:[A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿ]|[A-ZÀ-ÖØ-ÞĀ-Ž]\.|"
            r"(?:van|de|ter|ten|den|der|el|al|in|da|dos)\b))"
        )
        self._dotted_non_initials = lexicon.words("dotted_non_initials")
        self._bare_dotted_gate = std_re.compile(r"\.(?<=[A-ZÀ-ÖØ-ÞĀ-Ž]\.)[A-ZÀ-ÖØ-ÞĀ-Ž]\.").search
        self._surnames = deduce_words("names/lst_surname")
        self._vocabulary = lexicon.dutch_vocabulary()
        self._stop_words = dutch_stop_words()
        self._clinical = {w.upper() for w in lexicon.words("clinical_abbreviations")}
        self._months = lexicon.words("months")
        self._word_given = self._months | {w.lower() for w in lexicon.words("function_word_given_names")}
        self._not_initials = self._clinical | {w.upper() for w in never_name_words()}
        # A label in lower case before a colon is no writer ('12-3 tel: ...', '4-5 pat: ...').
        self._label_words = self._not_initials | {w.upper() for w in lexicon.words("not_initials")}
        self._record_verbs = lexicon.words("record_verbs")
        # Who kept the record, after its verb and date ('Verwerkt 20-5-2027 BH persnr. 002717', 'Ingevoerd 6-5-2027 SR /
        # medewerker 2427', 'Kopie ontvangen 14-10-2026 – SE, doorgestuurd'; issue 17, twenty-ninth round: dev123's
        # payroll forms by another hand).
        self._dated_record_mark = std_re.compile(
            r"(?i:\b(?:" + lexicon.alternation("record_verbs", spaces=r"[ \t]+") + r"|ontvangen|ontv\.))"
            r"(?:[ \t]+(?:op|d\.d\.))?[ \t]+\d{1,2}[-/.]\d{1,2}(?:[-/.]\d{2,4})?[ \t]+(?:[—–-][ \t]+)?("
            + initials
            + r")"
            r"(?=[ \t]*(?:[,/;:]|\n|$)|[ \t]+[a-z])"
        )
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        results: List[RecognizerResult] = []
        if not self._record_verbs.isdisjoint(words(text)) or "ontv" in text:
            for m in self._dated_record_mark.finditer(text):
                results.extend(self._results(m, 1, strict_place=True))
        if "\n" in text:
            for m in self._signature.finditer(text):
                results.extend(self._results(m, 1, strict_place=True))
            m = self._last_line_sign.search(text, max(0, len(text) - 30))
            if m is not None and (not _not_a_name(m.group(1)) or m.group(1).lower() in self._months):
                results.extend(self._results(m, 1))
            # (or a given name in lower case, as a quick note is signed: '...niks gegeven.\n-april', '-wendy'; issue 17,
            # fortieth round: dev165's desk notes by another hand, kept unread until the round's other rules were written)
            m = self._last_line_lower_sign.search(text, max(0, len(text) - 30))
            if m is not None and (m.group(1) in known_given_names() or m.group(1) in self._months):
                results.extend(self._results(m, 1, strict_place=True))
            # The note's last line two or three capitals alone, after a sentence's end: its writer ('Terugbellen op
            # 0644163401.\nFS'; issue 17, seventeenth round: dev52's phone notes, after the part was scored unseen).
            m = self._last_line_initials.search(text, max(0, len(text) - 12))
            # (or after a line that closes with an e-mail address or a phone: '... mailen naar x@y.com\nKR', '...
            # voicemail, sms gestuurd\nKW' is not; issue 17, twenty-sixth round: dev112's phone notes by another hand)
            last_line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()] if m is not None else ""
            if m is not None and (
                text[: m.start()].rstrip()[-1:] in ".!?" or _ENDS_IN_AN_ADDRESS_OR_NUMBER.search(last_line) is not None
            ):
                results.extend(self._results(m, 1, strict_place=True))
            else:
                m = self._last_line_mark.search(text, max(0, len(text) - 12))
                before = "" if m is None else text[: m.start()].rstrip(" \t")
                # (or a line that closes with a bracket: 'besproken met Winklaar, Storm (VS)\nST'; twenty-fourth round:
                # dev103's focus reports by another hand)
                if m is not None and (before.endswith("\n") or before[-1:].isdigit() or before.endswith(")")):
                    results.extend(self._results(m, 1))
                # (or after a sentence's end, a mark of any shape: 'Volgend bezoek 1 jun.\nJdW'; twenty-fifth round:
                # dev106's school visits by another hand)
                elif m is not None and before[-1:] in ".!?" and not m.group(1).isupper():
                    results.extend(self._results(m, 1, strict_place=True))
            if "/" in text:
                for m in self._sign_off.finditer(text):
                    results.extend(self._results(m, 1, 2))
            # A paraaf column read out by a scan, the same initials on three lines or more ('Par.\nTCH\nTCH\nTCH'; issue
            # 17, twenty-seventh round: dev115's record cards by another hand): a colleague, not an abbreviation.
            for m in self._mark_column.finditer(text):
                if m.group(1) not in self._clinical:
                    for line in std_re.finditer(r"[^\n]+", text[m.start() : m.end()]):
                        start = m.start() + line.start() + (len(line.group()) - len(line.group().lstrip(" \t")))
                        results.extend(self._result_at(start, start + len(m.group(1))))
        m = self._last_line_lower.search(text, max(0, len(text) - 24))
        if m is not None and self._lower_mark(m.group(1), 2):
            results.extend(self._results(m, 1))
        if "." in text and self._bare_dotted_gate(text) is not None:
            for m in self._bare_dotted.finditer(text):
                if m.group(1).replace(".", "") not in self._dotted_non_initials:
                    results.extend(self._result_at(*m.span(1)))
        if "(" in text:
            for m in self._particle_initials.finditer(text):
                if m.group(1).upper() not in self._label_words:
                    results.extend(self._results(m, 1))
        if "bij " in text:
            for m in self._at_initials.finditer(text):
                group = 1 if m.group(1) else 2
                if m.group(group) not in INSURER_ACRONYMS:  # ('verzekerd bij CZ.')
                    results.extend(self._results(m, group, strict_place=True))
        if "door" in text:
            for m in self._by_initials.finditer(text):
                if m.group(1) is None:  # a login
                    results.extend(self._result_at(*m.span(2)))
                elif m.group(1).isupper() and self._record_verb_before(text, m.start()):
                    # after a record's verb, capitals are its writer whatever they spell ('Verrichting X22 vastgelegd
                    # door MS', 'laatst bijgewerkt 15-3-27 door OK'; issue 17, twenty-seventh round)
                    results.extend(self._result_at(*m.span(1)))
                elif not m.group(1).islower() or self._lower_mark(m.group(1), 3):
                    results.extend(self._results(m, 1, strict_place=True))
        if "(" in text:
            initials_in_brackets = self._initials_in_brackets(text) is not None
            if initials_in_brackets:
                for m in self._checked_by.finditer(text):
                    results.extend(self._results(m, 1))
            for m in self._decided_by.finditer(text) if not self._decision_words.isdisjoint(words(text)) else ():
                if self._mark_where_only_a_writer_stands(m.group(1)):
                    results.extend(self._result_at(*m.span(1)))
            for m in self._before_deadline.finditer(text):
                results.extend(self._results(m, 1, strict_place=True))
            if initials_in_brackets:
                for m in self._bracket_before_deadline.finditer(text):
                    results.extend(self._results(m, 1))
            if initials_in_brackets and (")." in text or ")\n" in text or text.rstrip().endswith(")")):
                for m in self._bracket_closing_line.finditer(text):
                    results.extend(self._results(m, 1))
        if not self._owners_gate.isdisjoint(words(text)):
            for m in self._owners.finditer(text):
                for one in self._one_initials.finditer(m.group(1)):
                    # (not a clinical abbreviation before its grade: 'Wie DFC 3 of 4 heeft'; issue 17, fortieth round:
                    # dev165's readiness lists by another hand, kept unread until the round's other rules were written)
                    start, end = m.start(1) + one.start(), m.start(1) + one.end()
                    if one.group().upper() not in self._clinical or _GRADE_AFTER.match(text, end) is None:
                        results.extend(self._result_at(start, end))
        if "\t" in text or ";" in text or "|" in text:
            for m in self._row_cell.finditer(text):
                line_start = text.rfind("\n", 0, m.start(1)) + 1
                line_end = text.find("\n", m.end(1))
                line = text[line_start : len(text) if line_end < 0 else line_end]
                # (not a tooth's surfaces, 'MO', 'DOB', which a chart's cell holds)
                if (
                    max(line.count("\t"), line.count(";"), line.count("|")) >= 2
                    and not set(m.group(1)) <= _SURFACES
                    # (no line of an HL7 message: 'ORC|RE|...', 'MSH|^~\\&|EXQ|...', whose people the segment's fields say)
                    and _HL7_SEGMENT_LINE.match(line) is None
                ):
                    results.extend(self._results(m, 1))
        if "/" in text:
            for m in self._dated_pair.finditer(text):
                results.extend(self._result_at(*m.span(1)) + self._result_at(*m.span(2)))
        if "  " in text and (":" in text or "." in text):
            for m in self._logged_by.finditer(text):
                if m.group(1) not in ("OK", "NB"):
                    results.extend(self._result_at(*m.span(1)))
                if m.group(2) is not None and not all(w in self._stop_words for w in m.group(2).split()):
                    results.extend(self._result_at(*m.span(2)))
        if "(" in text and ":" in text and self._slot_with_days_gate(text) is not None:
            for m in self._slot_with_days.finditer(text):
                results.extend(self._result_at(*m.span(1)))
        if "):" in text or "]" in text or " van " in text:
            for m in self._internal_mark.finditer(text):
                group = next(g for g in (1, 2, 3) if m.group(g))
                if group < 3 or self._handler_mark(m.group(3)) and m.group(3) not in self._stop_words:
                    results.extend(self._result_at(*m.span(group)))
        if ":" in text and "\n" in text:
            senders = list(self._chat_sender.finditer(text))
            if len(senders) >= 2:
                for m in senders:
                    if m.group(1).lower() not in self._stop_words and m.group(1).upper() not in _IDENTIFIER_LABELS:
                        results.extend(self._result_at(*m.span(1)))
        if "↔" in text or "->" in text or "→" in text or "=>" in text:
            for m in self._lower_handover.finditer(text):
                pair = (1, 2) if m.group(1) else (3, 4)
                if all(self._handler_mark(m.group(g)) for g in pair):
                    results.extend(self._result_at(*m.span(pair[0])) + self._result_at(*m.span(pair[1])))
        if "/" in text:
            for m in self._slashed_name.finditer(text):
                surname = m.group(1).split()
                while (
                    surname
                    and not _is_particle(surname[0].lower())
                    and (surname[0] in self._not_initials or surname[0].lower() in self._vocabulary)
                ):
                    surname.pop(0)  # a heading's word before the name ('BEHANDELING EZE/CHIDI')
                parts = [w for w in surname + m.group(2).split() if not _is_particle(w.lower())]
                # (two acronyms of three letters are a pair of terms: 'VBP/VOP')
                if (
                    parts[:1]
                    and max(len(w) for w in parts) > 3
                    and not any(w in self._not_initials or w.lower() in self._vocabulary for w in parts)
                ):
                    results.extend(self._result_at(m.end(1) - len(" ".join(surname)), m.end(2)))
        if "^" in text:
            for m in self._caret_sign.finditer(text):
                if self._handler_mark(m.group(1)):
                    results.extend(self._result_at(*m.span(1)))
        if "initialen" in text:
            for m in self._initials_word.finditer(text):
                results.extend(self._results(m, 1))
        if "|" in text:
            for m in self._cell.finditer(text):
                if _HL7_SEGMENT_LINE.match(text, text.rfind("\n", 0, m.start()) + 1) is None:
                    results.extend(self._results(m, 1))
            for m in self._role_cell.finditer(text):
                results.extend(self._results(m, 1))
        if " - " in text:
            for m in self._hyphen_particle_initials.finditer(text):
                if m.group(1).upper() not in self._label_words:
                    results.extend(self._results(m, 1))
        if self._timeline_gate(text) is not None:
            for m in self._timeline.finditer(text):
                results.extend(self._results(m, 1))
        if "araaf" in text:
            for m in self._paraph.finditer(text):
                results.extend(self._results(m, 1))
        if "  " in text:
            entries = list(self._card_entry.finditer(text))
            if len(entries) >= 2:
                for m in entries:
                    if self._card_mark(m.group("v")):
                        results.append(
                            RecognizerResult(
                                self.ENTITY, *m.span("v"), self.SCORE, recognition_metadata=dict(self._meta)
                            )
                        )
        if "(" in text:
            for m in self._bracketed_mark.finditer(text):
                # (the name they spell is the evidence: also letters a clinic abbreviates, 'Imane Vink (IV)', 'Hilde
                # Arslan (HA)'; twenty-fourth round: dev103's discharge letters by another hand)
                if self._spells_the_name_before(text, m):
                    results.extend(self._result_at(*m.span(1)))
            if ")" in text and ("->" in text or not self._desk_words.isdisjoint(words(text))):
                for m in self._desk_mark.finditer(text):
                    if self._handler_mark(m.group(1)):
                        results.extend(self._result_at(*m.span(1)))
        if not self._passed_words.isdisjoint(words(text)):
            for m in self._passed_to.finditer(text):
                if self._handler_mark(m.group(1)) and m.group(1) not in self._stop_words:
                    results.extend(self._result_at(*m.span(1)))
        if "   " in text:
            for row in self._roster_row.finditer(text):
                for m in self._roster_cell.finditer(text, row.start(1), row.end(1)):
                    if m.group(1).upper() not in self._clinical:
                        results.extend(self._result_at(*m.span(1)))
        if "essie" in text:
            for m in self._session_mark.finditer(text):
                results.extend(self._result_at(*m.span(1)))
        if "stoel" in text:
            for m in self._chair_mark.finditer(text):
                if self._handler_mark(m.group(1)) and m.group(1) not in _PREPOSITIONS_BEFORE_A_CHAIR:
                    results.extend(self._result_at(*m.span(1)))
        if "/" in text:
            for m in self._day_pair.finditer(text):
                if self._handler_mark(m.group(1)) and self._handler_mark(m.group(2)):
                    results.extend(self._result_at(*m.span(1)) + self._result_at(*m.span(2)))
            m = self._last_line_lower_pair.search(text, max(0, len(text) - 12))
            if m is not None and self._handler_mark(m.group(1)) and self._handler_mark(m.group(2)):
                results.extend(self._result_at(*m.span(1)) + self._result_at(*m.span(2)))
        if "\n" in text and not self._mark_then_role_words.isdisjoint(words(text)):
            for m in self._mark_then_role.finditer(text):
                if m.group(1).upper() not in _IDENTIFIER_LABELS:
                    results.extend(self._results(m, 1, strict_place=True))
        if "paraaf" in words(text) or "i.o." in text:
            for m in self._initialled.finditer(text):
                group = 1 if m.group(1) else 2
                if m.group(group).upper() not in _IDENTIFIER_LABELS and (
                    group == 1 or self._mark_where_only_a_writer_stands(m.group(2))
                ):
                    results.extend(self._result_at(*m.span(group)))
        if not self._role_mark_words.isdisjoint(words(text)):
            for m in self._role_mark.finditer(text):
                # after a role only a colleague stands, whatever the letters spell ('praktijkmanager ML'), but no
                # identifier's label ('tandarts AGB 12345678')
                if m.group(1).upper() not in _IDENTIFIER_LABELS:
                    results.extend(self._result_at(*m.span(1)))
        if "->" in text or "→" in text or "=>" in text:
            for m in self._handed_over.finditer(text):
                # (not a filling's surfaces changed: 'MOD -> DO'; a colleague's may spell some: 'SW -> PB')
                if not (set(m.group(1)) <= _SURFACES and set(m.group(2)) <= _SURFACES):
                    results.extend(self._results(m, 1, 2))
        if "  " in text:
            for m in self._roster_mark.finditer(text):
                results.extend(self._results(m, 1))
        if " x " in text:
            for m in self._kiss_sign.finditer(text):
                if m.group(1).isupper() or not _not_a_name(m.group(1)):
                    results.extend(self._results(m, 1))
        if "—" in text or "–" in text:
            for m in self._dash_lower_sign.finditer(text):
                if m.group(1) in known_given_names() or is_name_word(m.group(1)):
                    results.extend(self._result_at(*m.span(1)))
        if "(" in text and self._named_role_gate(text) is not None:
            for m in self._named_role.finditer(text):
                if not _not_a_name(m.group(1)):
                    results.extend(self._results(m, 1))
        # The writer's marks read one line each, at its end or its start: not tried at every position of the text.
        pos = 0
        for line in text.split("\n"):
            end = pos + len(line)
            # The initials close the line: its last character but spaces is their capital (most lines end otherwise).
            closing = line.rstrip(" \t)]")[-1:]
            hyphen = closing.islower() and " - " in line[-26:]
            if closing in _INITIALS_CAPITALS or (closing.islower() and line.rstrip(" \t")[-1:] in ")]") or hyphen:
                m = self._line_end_sign.search(text, max(pos, end - 24), end)
                if m is not None and (m.group(1).isupper() or not _not_a_name(m.group(1))):
                    # after a hyphen only a word that can only be a name ('- Edmilson'; not '- Controle')
                    single_hyphen = (
                        text[m.start(1) - 2 : m.start(1)] == "- " and text[m.start(1) - 3 : m.start(1) - 2] != "-"
                    )
                    if not single_hyphen or is_name_word(m.group(1)):
                        results.extend(self._results(m, 1))
            tail = max(pos, end - 28)
            if "/" in line[tail - pos :]:
                if line.lstrip(" \t")[:1] == "/" and self._slash_marks_line.fullmatch(text, pos, end):
                    for m in self._slash_mark.finditer(text, pos, end):
                        results.extend(self._result_at(*m.span(1)))
                m = self._slash_sign.search(text, tail, end)
                # a given name signs too, if it can only be one ('/Kavya'; not '/Week')
                if m is not None and not (
                    m.group(1)[1:].islower()
                    and not (m.group(1).lower() in known_given_names() or is_name_word(m.group(1)))
                ):
                    # after a sentence's end, capitals that spell an abbreviation are initials too ('... zn. /ML', '...
                    # implantaat). /MS'; in every part all 313 such marks were a person, 22 of them refused as
                    # abbreviations; issue 17, twentieth round: dev75's treatment notes by another hand)
                    # (or alone on its line: 'Vader komt mee.\n/AK', 'Controle 30 juni.\n/OD'; issue 17, twenty-seventh
                    # round: the marks left in every part that spell an abbreviation)
                    if not m.group(1)[1:].islower() and (
                        text[: m.start(1)].rstrip(" \t/")[-1:] in ".!?" or line.lstrip(" \t")[:1] == "/"
                    ):
                        results.extend(self._result_at(*m.span(1)))
                    else:
                        results.extend(self._results(m, 1))
                m = self._slash_lower.search(text, tail, end)
                if m is not None and (
                    self._mark_where_only_a_writer_stands(m.group(1))
                    if text[m.start() - 1] in ".!?)]"
                    or text[m.start() - 2 : m.start()] in (".\n", "!\n", "?\n", ")\n", "]\n")
                    else self._lower_mark(m.group(1), 3)
                ):
                    results.extend(self._result_at(*m.span(1)))
            if " -" in line[tail - pos :]:
                m = self._dash_sign.search(text, tail, end)
                if m is not None and (
                    all(w.lower() in known_given_names() or is_name_word(w) for w in m.group(1).split())
                    # or a mark of two or three letters in lower case ('... door Fleur Tuinstra. -ee'; issue 17,
                    # twenty-first round: dev83's hygienists' notes by another hand)
                    or len(m.group(1)) <= 3
                    and m.group(1).islower()
                    and self._lower_mark(m.group(1), 3)
                ):
                    results.extend(self._results(m, 1))
            # a date's initials closing the line or opening it before the date's colon: looked for on a line that ends
            # in a letter with a digit just before, or opens with a letter and has a digit soon after (most lines do not)
            closing_text = line.rstrip(" \t")
            if closing_text[-1:].isalpha() and any(c.isdigit() for c in closing_text[-9:-2]):
                m = self._dated_line_end.search(text, max(pos, pos + len(closing_text) - 24), pos + len(closing_text))
                if m is not None and self._dated_mark(m.group(1)):
                    results.extend(self._result_at(*m.span(1)))
            elif closing_text[-1:].isdigit() and ". " in closing_text[-24:]:
                m = self._sentence_then_dated_mark.search(
                    text, max(pos, pos + len(closing_text) - 24), pos + len(closing_text)
                )
                if m is not None and self._dated_mark(m.group(1)):
                    results.extend(self._result_at(*m.span(1)))
            opening_text = line.lstrip(" \t")
            if opening_text[:1].isalpha() and any(c.isdigit() for c in opening_text[2:7]):
                m = self._initials_before_date.match(text, pos, end)
                if m is not None and self._dated_mark(m.group(1)):
                    results.extend(self._result_at(*m.span(1)))
            first = line.lstrip(" \t")[:1]
            if first and (first.isdigit() or first in "OoTtNn["):  # a date, 'Opm.', 'Triage', 'Notitie', '['
                m = self._entry_author.match(text, pos, end)
                if m is not None and not (m.group(1).islower() and m.group(1).upper() in self._label_words):
                    results.extend(self._results(m, 1))
            pos = end + 1
        if "etekend" in text or "araaf" in text:
            for m in self._signed_marks.finditer(text):
                for group in (1, 2):
                    if m.group(group) is not None and self._signed_mark(m.group(group)):
                        results.extend(self._result_at(*m.span(group)))
        if not self._acting_verbs.isdisjoint(words(text)):
            for m in self._initials_acting.finditer(text):
                if self._dated_mark(m.group(1)):
                    results.extend(self._result_at(*m.span(1)))
        m = self._last_line_slash.search(text, max(0, len(text) - 12))
        if m is not None and self._signed_mark(m.group(1)):
            results.extend(self._result_at(*m.span(1)))
        m = self._closing_mark.search(text, max(0, len(text) - 12))
        if m is not None and m.group(1) not in self._NOT_CLOSING_MARKS and self._handler_mark(m.group(1)):
            results.extend(self._result_at(*m.span(1)))
        m = self._number_dash_mark.search(text, max(0, len(text) - 12))
        # (there a stop word's letters are a mark too: '- om'; not an answer, 'ok', 'nee')
        if m is not None and m.group(1) not in self._NO_WRITER | {"ok"} and self._handler_mark(m.group(1)):
            results.extend(self._result_at(*m.span(1)))
        if "|" in text:
            for m in self._dated_cell_mark.finditer(text):
                if self._handler_mark(m.group(1)):
                    results.extend(self._result_at(*m.span(1)))
        if ": " in text:
            for m in self._agenda_given.finditer(text):
                given = m.group(1).lower()
                if given in known_given_names() or given in self._word_given or is_name_word(m.group(1)):
                    results.extend(self._result_at(*m.span(1)))
        if "pm" in text or "NB" in text or "nb" in text:  # 'Opm.', 'opmerking', 'NB'
            for m in self._remark_author.finditer(text):
                author = m.group(1)
                if (
                    author.lower() in known_given_names()
                    or is_name_word(author)
                    # initials: dotted, or capitals that are no clinical abbreviation
                    or (author.isupper() or "." in author)
                    and author.replace(".", "").upper() not in self._label_words
                ):
                    results.extend(self._results(m, 1))
        if "(" in text and self._with_role_gate(text) is not None:
            for m in self._with_role.finditer(text):
                if m.group(1) is None and m.group(2).islower():
                    if self._handler_mark(m.group(2)) and m.group(2) not in self._stop_words:
                        results.extend(self._result_at(*m.span(2)))
                    continue
                results.extend(self._results(m, 1 if m.group(1) else 2))
        if "(" in text and not self._care_roles.isdisjoint(words(text)) and self._bracketed_given(text) is not None:
            for m in self._role_then_name.finditer(text):
                given = m.group(1).lower()
                if given in known_given_names() or given in self._word_given or is_name_word(m.group(1)):
                    results.extend(self._result_at(*m.span(1)))  # checked: also a given name that is a word ('Wil')
        if (":" in text or "." in text) and self._after_time_gate(text) is not None:
            for m in self._after_time.finditer(text):
                results.extend(self._results(m, 1))
        if "(" in text and ", " in text:
            for m in self._time_then_mark.finditer(text):
                results.extend(self._results(m, 1))
        if "(" in text:
            for m in self._bracketed_initials.finditer(text):
                parts = list(self._one_initials.finditer(text, m.start(1), m.end(1)))
                if all(p.group(0).upper() not in self._not_initials for p in parts):
                    results.extend(
                        RecognizerResult(self.ENTITY, *p.span(), self.SCORE, recognition_metadata=dict(self._meta))
                        for p in parts
                    )
        if not self._after_action_words.isdisjoint(words(text)) and self._after_action_gate(text) is not None:
            for m in self._after_action.finditer(text):
                # (two or three plain letters as before the nineteenth round: 'Geregistreerd: ps'; the longer marks and
                # those round an apostrophe that round added are checked)
                mark = m.group(1)
                if not mark.islower() or len(mark) <= 3 and mark.isalpha() or self._lower_mark(mark, 3):
                    results.extend(self._results(m, 1))
        if ")\n" in text or text.rstrip().endswith(")") or "):" in text:
            for m in self._bracket_after_date.finditer(text):
                if m.group(1) is None:  # an update's writer before its colon: whoever it is, initials or a login
                    if m.group(2).upper() not in _IDENTIFIER_LABELS:
                        results.extend(self._result_at(*m.span(2)))
                    continue
                # after a time, where a note's heading names its writer, also initials that spell an abbreviation
                # ('Tel.notitie ma 15-2-27 10:48 (GB)'; issue 17, twentieth round: dev74's phone notes)
                if (
                    m.group(1).isupper()
                    and text[m.start() + 2 : m.start() + 3] in ":."
                    and m.group(1) not in ("OK", "NB")
                ):
                    results.extend(self._result_at(*m.span(1)))
                else:
                    results.extend(self._results(m, 1))
            # initials alone in brackets on their line: no interjection ('(AH)'), only a clinical term is not a writer
            for m in self._bracketed_line.finditer(text):
                results.extend(self._results(m, 1, strict_place=True))
        if "/" in text or "=" in text:
            for m in self._mark_spelling_name.finditer(text):
                mark, name = (m.group("m"), m.group("n")) if m.group("m") else (m.group("m2"), m.group("n2"))
                if _spells(mark, name):
                    results.extend(self._result_at(*m.span("m" if m.group("m") else "m2")))
        if "–" in text or "—" in text:
            for m in self._dash_mark_before_date.finditer(text):
                results.extend(self._results(m, 1))
        for m in self._mark_with_day.finditer(text):
            if m.group(3) is not None:  # a login: no word of the language ('Notitie 3 mei 2024 gebeld' is none)
                if m.group(3) not in ordinary_words() and m.group(3) not in self._stop_words:
                    results.append(
                        RecognizerResult(self.ENTITY, *m.span(3), self.SCORE, recognition_metadata=dict(self._meta))
                    )
                continue
            results.extend(self._results(m, 1 if m.group(1) else 2))
        return results

    def _handler_mark(self, mark: str) -> bool:
        """Whether letters where only a desk's handler stands are her mark: no clinical abbreviation or identifier's
        label, in any case ('(is)', '(IS)' are Ingrid S.; '(OK)', '(re)' are not)."""
        return mark.upper() not in self._clinical and mark.upper() not in _IDENTIFIER_LABELS

    def _lower_mark(self, mark: str, checked_from: int) -> bool:
        """Whether a lower-case ``mark`` can be a writer's initials: round a particle's apostrophe ("av'h", not "z'n",
        "auto's"), or letters that are no stop word, no clinical abbreviation and, from ``checked_from`` letters on, no
        Dutch word ('wdw', 'avdm'; not 'voor', 'klaar')."""
        if "'" in mark or "’" in mark:
            return not mark.endswith(("'s", "’s", "'n", "’n", "'r", "’r", "'t", "’t"))
        return (
            mark not in self._stop_words
            and mark.upper() not in self._label_words
            and (len(mark) < checked_from or mark not in self._vocabulary)
        )

    def _record_verb_before(self, text: str, at: int) -> bool:
        """Whether the words before ``door`` at ``at`` on its line say a record was kept (``record_verbs.txt``:
        'vastgelegd', 'bijgewerkt 15-3-27', 'gelezen'): who did it is a colleague, not a ward or a referrer."""
        line = text[text.rfind("\n", 0, at) + 1 : at].lower()
        return not self._record_verbs.isdisjoint(words(line[-40:]))

    # What a bracket after a decision or a slash closing a line may hold that is no one: an answer, a reference.
    _NO_WRITER = frozenset({"ja", "nee", "nvt", "zie", "idem", "etc", "enz"})
    # What closes a note in lower case without naming its writer: an answer, a greeting's abbreviation, a side or a jaw
    # ('ok.', 'mvg', '(re)').
    _NOT_CLOSING_MARKS = _NO_WRITER | frozenset(
        {
            "ok",
            "oke",
            "mvg",
            "gr",
            "grt",
            "bvd",
            "thx",
            "xx",
            "xxx",
            "dus",
            "top",
            "re",
            "li",
            "bk",
            "zn",
            "nb",
            "dd",
            "ca",
        }
    )
    # Titles and words that open a line before a date without naming its writer.
    _NOT_DATED_MARKS = frozenset({"mw", "dhr", "mevr", "dr", "pt", "tel", "op", "om", "van", "tot", "per"})

    def _signed_mark(self, mark: str) -> bool:
        """Whether what stands in a signature's field (or after a last line's slash) is a writer's mark: initials in
        capitals that are no clinical abbreviation or label, or letters in lower case that are no answer ('ja')."""
        if mark.islower():
            return mark not in self._NO_WRITER and mark.upper() not in self._label_words
        return mark.upper() not in self._label_words

    def _dated_mark(self, mark: str) -> bool:
        """Whether initials beside a date are a writer's: capitals that are no clinical abbreviation or label ('OK'),
        or two or three letters in lower case that are no title, word or abbreviation."""
        if mark.islower():
            return mark not in self._NOT_DATED_MARKS and self._lower_mark(mark, 2)
        return mark not in ("OK", "NB") and mark.upper() not in self._label_words

    def _mark_where_only_a_writer_stands(self, mark: str) -> bool:
        """Whether a lower-case ``mark`` is a writer's initials where only a writer stands: after a sentence's end and a
        slash closing its line ('... noemen! /mh'), in brackets after a decision ('afgewezen (ak)'). There the letters
        of an abbreviation or an interjection are initials too ('/mh', '/ok', '(pt)'; in every part, all 100 such marks
        were a person, 15 of them refused by ``_lower_mark``; issue 17, twentieth round: dev71's moderation notes); only
        an answer or a reference, or a Dutch word of four letters or more, is not."""
        if "'" in mark or "’" in mark:
            return self._lower_mark(mark, 3)
        return mark not in self._NO_WRITER and (len(mark) <= 3 or mark not in self._vocabulary)

    _WORD_BEFORE = std_re.compile(r"[^\W\d_][\w'’-]*")

    def _spells_the_name_before(self, text: str, m: std_re.Match) -> bool:
        """Whether the initials ``m`` (group 1) are the first letters of the words just before their bracket, one word
        each, capitals of capitalised words and small letters of particles ('Nienke Zuidema (NZ)')."""
        mark = m.group(1)
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = self._WORD_BEFORE.findall(text, max(line_start, m.start() - 80), m.start() - 2)
        if len(before) < len(mark) or not before[-len(mark)][:1].isupper():
            return False
        words_ = before[-len(mark) :]
        # (a mark in lower case spells the name in lower case: 'G. Hermens (gh)')
        if not all(
            word[0] == letter or mark.islower() and word[0].lower() == letter for word, letter in zip(words_, mark)
        ):
            return False
        # (not the words of a term that the letters abbreviate: 'Klasse Twee (KT)')
        ordinary = ordinary_words()
        return not all(w.lower() in ordinary for w in words_ if w[0].isupper())

    def _result_at(self, start: int, end: int) -> list[RecognizerResult]:
        """A result for initials at ``start``-``end`` where only a person stands (after an owner's word: 'actie ME',
        'eigenaar MW', 'host BK'), whatever else the letters spell."""
        return [RecognizerResult(self.ENTITY, start, end, self.SCORE, recognition_metadata=dict(self._meta))]

    def gated_patterns(self) -> list[tuple[std_re.Pattern, Callable[[str], object]]]:
        """(pattern, check) of each pattern scanned only where its cheap check passes (a test holds them to it)."""
        return [
            (self._after_time, self._after_time_gate),
            (self._checked_by, self._initials_in_brackets),
            (self._bracket_closing_line, self._initials_in_brackets),
            (self._bare_dotted, self._bare_dotted_gate),
            (self._slot_with_days, self._slot_with_days_gate),
            (self._role_then_name, self._bracketed_given),
        ]

    def _card_mark(self, mark: str) -> bool:
        """Whether a record card entry's last field is who wrote it: initials that are no clinical abbreviation, or
        words in capitals each a particle, a surname DEDUCE knows or no Dutch word ('OP DEN AKKER', 'TJON-A-LOI'; not
        'CONTROLE', 'ZIRKONIA', 'MM')."""
        parts = mark.split()
        if len(parts) == 1 and len(mark) <= 3:
            return mark not in self._not_initials
        return all(
            _is_particle(w.lower())
            or w.lower() in NAME_PARTICLES
            or w.lower() in self._surnames
            or w.lower() not in self._vocabulary
            and w not in self._not_initials
            and len(w) > 2
            # (a letter inside a hyphenated name is part of it: 'TJON-A-LOI')
            for w in (p for part in parts for p in part.split("-") if "-" not in part or len(p) > 2)
        ) and not all(_is_particle(w.lower()) or w.lower() in NAME_PARTICLES for w in parts)

    def _results(self, m: re.Match, *groups: int, strict_place: bool = False) -> list[RecognizerResult]:
        """Results for ``groups`` of ``m``, without clinical abbreviations and (unless where they stand is a writer's
        mark whatever they spell, ``strict_place``) words that are never names."""
        refused = self._clinical if strict_place else self._not_initials
        return [
            RecognizerResult(self.ENTITY, *m.span(g), self.SCORE, recognition_metadata=dict(self._meta))
            for g in groups
            if m.group(g).upper() not in refused or _PARTICLE_INITIALS.fullmatch(m.group(g)) is not None
        ]


def _spells(mark: str, name: str) -> bool:
    """Whether ``mark`` is the initials of ``name``: the first letters of all its words and hyphened parts ('WvdB' of
    'Willem van den Berg', 'NLAL' of 'Naomi Lie-A-Ling'), or of its capitalised ones only ('WB'); any case."""
    parts = [p for p in std_re.split(r"[ \t-]+", name) if p]
    every = "".join(p[0] for p in parts).upper()
    capitals = "".join(p[0] for p in parts if p[0].isupper()).upper()
    return len(mark) >= 2 and mark.upper() in (every, capitals)


class TitledLowerCaseNameRecognizer(ScanningRecognizer):
    """A surname in lower case after a title, as dictation writes it ('de heer terpstra', 'drs. k. verschuuren',
    'mevrouw bouzid'): the word must be a name DEDUCE knows that is no ordinary word, or a word in no dictionary and
    no list (:func:`is_name_word`); 'de heer heeft pijn' is no name. With its initials and a particle before it
    ('drs. b. van der kamp'). Issue 17, eighth round (dictation by another hand)."""

    ENTITY = "PERSOON"
    SCORE = 0.5

    def __init__(self) -> None:
        # (with its first characters looked ahead for, as the scans of this class that open with a look-behind or \b:
        # ``re`` skips to them, where it tried the pattern at every position; issue 17, sixteenth round)
        self._titled = std_re.compile(
            with_first_char_hint(
                # (a speaker's filler after the title: 'mevrouw eh van der meer'; issue 17, nineteenth round's user check)
                r"\b(?:dhr|mevr|mw|mr|mej|drs|dr|de[ \t]+heer|mevrouw|meneer|juf|meester)\.?[ \t]+(?:(?:eh|ehm|uh|uhm)[ \t]+)?"
                r"(?P<v>(?:[a-z]\.[ \t]?){0,3}"
                r"(?:" + PREFIX + r"[ \t]+){0,2}(?P<w>[a-zß-öø-ÿĀ-ɏḀ-ỿ][\w'’-]+))"
            )
        )
        self._ordinary = ordinary_words()
        # and a child's teacher ('juf sofiia', 'meester nurul'; issue 17, thirteenth round: children's own forms)
        self._titles = frozenset(
            {"dhr", "mevr", "mw", "mr", "mej", "drs", "dr", "heer", "mevrouw", "meneer", "juf", "meester"}
        )
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        if self._titles.isdisjoint(words(text)):
            return []  # no title stands as a word of the text: most notes
        results = []
        for m in self._titled.finditer(text):
            word = m.group("w")
            if not word.islower() or word in self._ordinary:
                continue
            if word in _known_names() or is_name_word(word):
                results.append(
                    RecognizerResult(self.ENTITY, *m.span("v"), self.SCORE, recognition_metadata=dict(self._meta))
                )
        return results


class DictatedNameRecognizer(ScanningRecognizer):
    """A name of one to three lower-case words in dictation, between a cue (``dictated_name_cues.txt``: a title,
    'huisarts is', 'nieuwe patiënt', 'uw verwijzing') and where the software ends it: a spoken or typed mark ('punt',
    'komma', 'haakje openen', ',', '.'), 'in' or 'te' and a place, 'geboren'. Speech software writes unknown names
    as the words it heard ('mevrouw kromo wie d'jojo punt', 'de heer bou zied.', 'meneer hoog en doorn haakje
    openen'), so a word may be Dutch; one of them must be a word that can only be a name (:func:`is_surname_word`)
    and the first no stop word and no verb a person does ('mevrouw heeft pijn punt', 'de heer zegt dat zoe.').
    Issue 17, ninth round (dev12: dictation by another hand)."""

    ENTITY = "PERSOON"
    SCORE = 0.45

    def __init__(self) -> None:
        from transforms import lexicon

        # Matched on the lower-cased text (``keywords.lowered``), the cues grouped by first letter: ``re`` skips to a
        # cue's first letter, where a case-insensitive alternation is tried at every position; the words after the
        # cue must be in lower case in the text itself (checked in ``analyze``).
        cues = by_first_character(lexicon.alternatives("dictated_name_cues", spaces=r"[ \t]+"))
        token = r"[a-zß-öø-ÿĀ-ɏḀ-ỿ][a-zß-öø-ÿĀ-ɏḀ-ỿ'’-]*"
        named = (
            r"(?<![\w-])" + cues + r"[ \t]*,?[ \t]+(?P<v>" + token + r"(?:[ \t]+" + token + r"){0,3})"
            r"(?=[ \t]*(?:,|[.;](?!\w))|[ \t]+(?:punt|komma|haakje|in|te|geboren|geb\.)(?![\w])|[ \t]*$)"
        )
        self._named = std_re.compile(named, std_re.MULTILINE)
        self._named_any_case = std_re.compile(r"(?i:" + named + r")", std_re.MULTILINE)
        # The cue's longest word must be a word of the text ('heer' for 'de heer', 'huisarts' for 'huisarts is'): the
        # first words ('de', 'uw') are in nearly every note.
        self._cue_words = first_words(max(e.split(), key=len) for e in lexicon.words("dictated_name_cues"))
        # Every cue's first word (``keywords.cue_words``): a match starts where one stands as a word of the lower-cased
        # text (the pattern has \w and '-' not before a cue, a space, tab or comma after its first word), so it is tried
        # there only (``keywords.cue_starts``, shared with the other cued scans), where the pattern, a look-behind
        # first, was tried at every position: the same matches, 3.4 -> 2.4 ms of 700 notes (issue 17, seventeenth round).
        self._cue_starts = cue_words(lexicon.words("dictated_name_cues"))
        self._verbs = lexicon.words("name_verbs") | first_words(lexicon.words("human_subject_verbs"))
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        if self._cue_words.isdisjoint(words(text)):
            return []
        results = []
        lower = lowered(text)
        if lower is not None:
            named: Iterable = matches_at(self._named.match, cue_starts(text, lower, self._cue_starts), lower)
        else:
            named = self._named_any_case.finditer(text)
        for m in named:
            value = text[m.start("v") : m.end("v")]
            if value != value.lower():
                continue  # a capitalised name is another rule's; these are the words speech software typed
            tokens = value.split()
            names = [t for t in tokens if not _is_particle(t)]
            if len(names) > 3 or not names:
                continue
            first = tokens[0]
            if first in dutch_stop_words() and not _is_particle(first) or first in self._verbs:
                continue
            if any(t in self._verbs for t in tokens):
                continue
            # a surname after its particles may be a word ('huisarts is van der kamp in goes')
            if not (_is_particle(first) and len(names) == 1) and not any(is_surname_word(t) for t in names):
                continue
            results.append(
                RecognizerResult(self.ENTITY, *m.span("v"), self.SCORE, recognition_metadata=dict(self._meta))
            )
        return results

    def cue_started_patterns(self) -> list[tuple[std_re.Pattern, frozenset[str]]]:
        """(pattern, cue words) of each pattern tried only where a cue word stands (``keywords.cue_starts``), on the
        lower-cased text (a test holds them to it)."""
        return [(self._named, self._cue_starts)]


class CorrectedNameRecognizer(ScanningRecognizer):
    """A name misheard by speech software and corrected in the next words: 'mevrouw hoog en doorn nee sorry,
    hoogendoorn', 'de heer ver schuren nee verschuuren', 'patiënte latte perisa nee ik bedoel Latuperisa'. The one to
    four words before the correction that, written together, spell (nearly) the corrected name are that name as
    the software heard it: as identifying as the name, and no rule finds it (its parts are words: 'hoog', 'en').
    The corrected word must be a name (:func:`is_name_word`, or a name DEDUCE knows), so 'extractie nee sorry
    extracties' is no name. Issue 17, ninth round (dev12: dictation by another hand)."""

    ENTITY = "PERSOON"
    SCORE = 0.5
    # How alike the misheard words and the correction must be (difflib's ratio): 'ver schuren' and 'verschuuren'
    # 0.91, 'tes fa je' and 'tesfaye' 0.86, 'kromo wie d'jojo' and 'kromowidjojo' 0.83.
    ALIKE = 0.75

    def __init__(self) -> None:
        from transforms import lexicon

        cues = lexicon.alternation("dictation_corrections", spaces=r"[ \t]+")
        self._cue_words = first_words(lexicon.words("dictation_corrections"))
        # (a look-ahead for its first character, a space, a tab or a comma: ``re`` skips to them, where it tried the
        # pattern, which opens with a repeat that may be empty, at every position; the notes with a cue: 2.1 -> 1.4 ms)
        self._correction = std_re.compile(
            r"(?=[ \t,])[ \t]*,?[ \t]+(?i:" + cues + r")[ \t]*[,:;]?[ \t]+(?P<fix>[^\W\d_][\w'’-]{3,})(?![\w'’-])"
        )
        self._word = std_re.compile(r"[^\W\d_](?:[\w'’-]*[^\W\d_])?")
        # The correction said first, then what was heard and what it must be ('correctie boss moet zijn bos met een s',
        # 'correctie van beec moet zijn van beek punt'; issue 17, sixteenth round: dev44's dictation by another hand).
        name_words = r"[^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’-]*){0,3}?"
        self._must_be = std_re.compile(
            r"\b(?i:correctie|verbetering)[ \t]*:?[ \t]+(?P<heard>" + name_words + r")[ \t]+moet[ \t]+zijn[ \t]+"
            r"(?P<fix>" + name_words + r")(?=[ \t]+(?:met|punt|komma|nieuwe|enter)\b|[ \t]*(?:[.,;\n]|$))"
        )
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        if self._cue_words.isdisjoint(words(text)):
            return []  # no correction said: most notes
        results = []
        if "moet" in text:
            for m in self._must_be.finditer(text):
                heard, fix = m.group("heard"), m.group("fix")
                named = [w for w in fix.split() if not _is_particle(w.lower())]
                if not named or not all(w.lower() in _known_names() or is_name_word(w) for w in named):
                    continue  # 'correctie kies een vier moet zijn kies een vijf' is no name
                from difflib import SequenceMatcher

                if SequenceMatcher(None, heard.lower(), fix.lower()).ratio() >= self.ALIKE:
                    for group in ("heard", "fix"):
                        results.append(
                            RecognizerResult(
                                self.ENTITY, *m.span(group), self.SCORE, recognition_metadata=dict(self._meta)
                            )
                        )
        for m in self._correction.finditer(text):
            fix = m.group("fix")
            if not (fix.lower() in _known_names() or is_name_word(fix)):
                continue
            heard = self._misheard(text, m.start(), fix)
            if heard is not None:  # the correction is the name too, whatever case it is written in
                for span in (heard, m.span("fix")):
                    results.append(
                        RecognizerResult(self.ENTITY, *span, self.SCORE, recognition_metadata=dict(self._meta))
                    )
        return results

    def _misheard(self, text: str, end: int, fix: str) -> tuple[int, int] | None:
        """The span of the last one to four words before ``end`` on its line that spell ``fix`` best, if alike."""
        from difflib import SequenceMatcher

        line_start = text.rfind("\n", 0, end) + 1
        tokens = list(self._word.finditer(text, max(line_start, end - 60), end))
        if not tokens or tokens[-1].end() != end:
            return None
        target = "".join(c for c in fix.lower() if c.isalpha())
        best, best_ratio = None, self.ALIKE
        for k in range(1, min(4, len(tokens)) + 1):
            run = tokens[-k:]
            if any(text[a.end() : b.start()].strip(" \t") for a, b in zip(run, run[1:])):
                break  # words apart by a mark are no single name
            heard = "".join(c for t in run for c in t.group().lower() if c.isalpha())
            ratio = SequenceMatcher(None, heard, target).ratio()
            if ratio >= best_ratio:
                best, best_ratio = (run[0].start(), end), ratio
        return best


class MessageSenderRecognizer(ScanningRecognizer):
    """Who sent a message in an exported chat or SMS thread: the name between a line's time stamp and its colon
    ('[09:14] Anouk Jansen: ...', '12-03-2026 09:14 - Bram: ...'). A stamp and a colon make it a sender field;
    a practice or a role ('Praktijk', 'Balie') is no person. Issue 17, sixth round (chat threads). And whoever a
    message mentions ('@Noor kun jij ...'; seventh round)."""

    ENTITY = "PERSOON"
    SCORE = 0.6
    # (and a country's two letters)
    _DOMAIN_ENDS = frozenset({"com", "net", "org", "info", "edu", "gov", "eu", "io"})

    def __init__(self) -> None:
        import re as std_re

        from transforms import lexicon

        # A time (after a date, perhaps), in brackets or not, a dash perhaps, then the sender: letters, spaces,
        # dots, hyphens and apostrophes up to the colon ('[12-03-2026, 09:14] A. de Vries:').
        # The date may lack its year ('[1/8 14:27] Yonas:') or follow the time ('[09:08, 14-3-2025] Mei:', '[13:04, 19
        # februari 2026] Kwame:'; issue 17, eighteenth round: dev59's and dev61's app threads by another hand).
        # (or an ISO date: '2024-07-17 15:35 Merel B. (backoffice): nagevraagd', a ticket's entries; issue 17, nineteenth
        # round: dev73's CRM tickets by another hand)
        date = r"(?:\d{1,2}[-./]\d{1,2}(?:[-./]\d{2,4})?|\d{4}-\d\d-\d\d)"
        self._sender = std_re.compile(
            r"^[ \t]*\[?(?:" + date + r",?[ \t]+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?"
            # (an unsaved contact's name after WhatsApp's '~': '[08-06-24 19:36:13] ~ Poniem: ...'; thirty-fourth round)
            r"(?:,[ \t]*(?:"
            + date
            + r"|\d{1,2}[ \t]+[^\W\d_]{3,9}\.?(?:[ \t]+\d{4})?))?\]?(?:[ \t]*[-–])?[ \t]+(?:~[ \t]*)?"
            r"([^\W\d_][^\W\d_ .'’-]*(?:[ .'’-]+[^\W\d_]+){0,4}\.?)" + _SENDER_TAG + r"[ \t]*:[ \t]",
            std_re.MULTILINE,
        )
        # The sender before the time: 'Mei (12:32): oei', 'senait [17:59] staat bij M. op den Kamp' (a team chat's
        # export; same round: dev57's and dev61's).
        self._sender_before_time = std_re.compile(
            r"^[ \t]*([^\W\d_][^\W\d_ .'’-]*(?:[ .'’-]+[^\W\d_]+){0,3})[ \t]+"
            r"(?:\(\d{1,2}[:.]\d{2}\)[ \t]*:|\[\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\])[ \t]",
            std_re.MULTILINE,
        )
        # A thread without stamps, a speaker's word and a colon opening each line ('mei: ok imane', 'wil: wie heeft
        # ...'): where two or more speakers are named so, each speaker whose word is a given name, also one that is a
        # month or a word (same round: dev62's internal chat by another hand).
        self._speaker = std_re.compile(r"^[ \t]*([^\W\d_][\w'’-]*)[ \t]*:[ \t]+\S", std_re.MULTILINE)
        self._labels = {
            w.lower()
            for name in ("person_field_labels", "name_field_labels", "address_field_labels", "name_only_field_labels")
            for w in lexicon.words(name)
        }
        # Signal and some exports put the sender after the stamp and a dot, on a line of its own ('29 apr 14:09 ·
        # Oksana (ortho)'); a website chat asks for the name, and the next message is it ('Wat is je naam?' /
        # 'Bezoeker: sulaika isenia'). Issue 17, eighth round (dev9).
        self._sender_line = std_re.compile(
            r"^[ \t]*(?:\d{1,2}[ \t]+[^\W\d_]{3,9}\.?[ \t]+)?\d{1,2}[:.]\d{2}[ \t]+[·•][ \t]+"
            r"([^\W\d_][^\W\d_ .'’-]*(?:[ .'’-]+[^\W\d_]+){0,3})" + _SENDER_TAG + r"[ \t]*$",
            std_re.MULTILINE,
        )
        # A log line: a date, who, what they did ('24-09-2024 djenifer notitie:'; actions as data).
        self._log_author = std_re.compile(
            r"^[ \t]*\d{1,2}[-./]\d{1,2}[-./]\d{2,4}[ \t]+([^\W\d_][\w'’-]*)[ \t]+(?i:"
            + lexicon.alternation("log_entry_actions", spaces=r"[ \t]+")
            + r")\b",
            std_re.MULTILINE,
        )
        # A journal's line: a date, who, a colon ('1-5-2024 Berhane: boog .014 geplaatst', '30-07-2024 Bouzidi:
        # activator gecontroleerd'): capitalised words, not all ordinary ('12-3-2024 Controle:'). Issue 17, fourteenth
        # round (dev23's orthodontic journals by another hand).
        capitalised = r"[A-ZÀ-ÖØ-Þ][\w'’-]*"
        self._journal_author = std_re.compile(
            r"^[ \t]*(?:\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{4}-\d{2}-\d{2})[ \t]+("
            + capitalised
            + r"(?:[ \t]+(?:(?:van|de|der|den|el|al|ter|ten|te|da|dos|di|du|le|la|'t)[ \t]+)*"
            + capitalised
            + r"){0,2})[ \t]*:[ \t]",
            std_re.MULTILINE,
        )
        # (or the writer's login in lower case: '14-11-2025 pawlakm: naam kind aangepast'; issue 17, twenty-eighth round:
        # dev118's name changes by another hand)
        self._journal_login = std_re.compile(
            r"^[ \t]*(?:\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{4}-\d{2}-\d{2})[ \t]+([a-z][a-z0-9._]{3,19})[ \t]*:[ \t]",
            std_re.MULTILINE,
        )
        self._vocabulary = lexicon.dutch_vocabulary()
        self._asked_name = std_re.compile(
            r"(?i:\bnaam)\?[ \t]*\n[^\n:]{1,30}:[ \t]*([^\W\d_][^\W\d_'’-]*(?:[ \t]+[^\W\d_][^\W\d_'’-]*){0,3})"
            r"[ \t]*$",
            std_re.MULTILINE,
        )
        # Who wrote a review or is in a conversation, as the platforms export them: the reviewer's line above the count
        # of their reviews ('MEI SMIT' / '3 reviews', 'bohdan kovalenko' / 'Local Guide · 8 reviews'), a messenger
        # thread's heading ('Gesprek met JUNI VAN DER LINDEN'), a review named by its writer ("review van 'salma vos'",
        # 'Negatieve review Teun V. (5/1/2026)'). Issue 17, nineteenth round: dev71's reviews and messages by another
        # hand.
        name_words = r"[^\W\d_][^\W\d_'’-]*\.?(?:[ \t]+[^\W\d_][^\W\d_'’-]*\.?){0,4}"
        self._reviewer = std_re.compile(
            r"^[ \t]*(" + name_words + r")[ \t]*\n[ \t]*(?:Local Guide[ \t]*[·•][ \t]*)?\d+[ \t]+reviews?\b",
            std_re.MULTILINE,
        )
        # Who a review or a message says did the work, opening it or its quotation: a given name, also one that is a word or
        # a month ('"tekst": "Wil was top bij 26', ';"Door heeft mijn implantaat gedaan', "('emre deed mijn el. 23",
        # 'Super fijne praktijk! Wil heeft bleken'; issue 17, twentieth round: dev71's moderation exports by another hand).
        self._review_subject = std_re.compile(
            r"(?:^|(?<=[\"'‘(])|(?<=[.!?][ \t]))([^\W\d_][\w'’-]+)[ \t]+(?:was[ \t]+top|heeft[ \t]+(?:mijn|een|bleken)\b|"
            r"deed[ \t]+(?:mijn|het)\b|belt[ \t]+je\b|luisterde\b)",
            std_re.MULTILINE,
        )
        self._first_names = deduce_words("names/lst_first_name")  # (known_given_names() is drawn from it)
        self._stop_words = dutch_stop_words()
        self._conversation_with = std_re.compile(
            r"^[ \t]*Gesprek met[ \t]+(" + name_words + r")[ \t]*$", std_re.MULTILINE
        )
        self._review_by = std_re.compile(
            r"\b(?i:review)[ \t]+(?:van[ \t]+['‘\"](" + name_words + r")['’\"]|"
            r"([A-ZÀ-ÖØ-Þ][\w'’-]+(?:[ \t]+[A-ZÀ-ÖØ-Þ][\w'’-]+){0,2}(?:[ \t]+[A-Z]\.)?)[ \t]*\()"
        )
        self._ordinary = ordinary_words() | clinical_capital_words()
        # A month or a function word sends no message: 'Mei', 'Juni', 'Door', 'Wil' are names there.
        self._names_as_words = lexicon.words("months") | {w.lower() for w in lexicon.words("function_word_given_names")}
        # '@Noor kun jij ...': a chat mentions a person by name (not an e-mail address: no word character before).
        # (with its first characters looked ahead for, as the scans of this class that open with a look-behind or \b:
        # ``re`` skips to them, where it tried the pattern at every position; issue 17, sixteenth round)
        self._mention = std_re.compile(with_first_char_hint(r"(?<![\w.@+-])@([^\W\d_][\w'’-]*)(?![\w@.-]*\.[a-z]{2,})"))
        # A social-media handle with a dot, an underscore or a digit ('@bas.on.tour', '@olena.b_', '@momlife.roos'): an
        # account of a person's own, not a domain ('@home.nl', '@gmail.com'; issue 17, twentieth round: dev71's messages
        # and influencers' requests by another hand).
        # (or between underscores: '@_rachida.chaou_'; issue 17, twenty-seventh round: dev114's social media by another
        # hand)
        self._handle = std_re.compile(
            r"(?<![\w.@+-])@(_*[A-Za-z][A-Za-z0-9]*[._\d][A-Za-z0-9._]*[A-Za-z0-9_])(?![\w@-])"
        )
        # A handle without its '@' opening a comment's line, two spaces before what it says, as a thread under a post
        # is copied ('dawit.haile.88  eindelijk iemand erbij', 'marloes.vandam_official  @errol_s lees dit'; the same)
        self._bare_handle = std_re.compile(
            r"^[ \t]*([a-z][a-z0-9]{2,}(?:[._][a-z0-9]+)+_?)(?=[ \t]{2,}\S)", std_re.MULTILINE
        )
        # Who wrote a log's entry, in square brackets after its time ('20/4 09:36 [Hui Min] nw adres via BRP'; issue 17,
        # twenty-seventh round: dev116's call logs by another hand): a name whatever its words are ('Min').
        self._bracketed_writer = std_re.compile(
            r"\d[:.][0-5]\d(?::[0-5]\d)?[ \t]+\[([A-ZÀ-ÖØ-Þ][\w'’-]+(?:[ \t][A-ZÀ-ÖØ-Þ][\w'’-]+){0,2})\]"
        )
        # What every sender line holds, its time: most notes have none, and the line scan is tried at every position.
        # Looked for from the colon or dot, the digit before it looked behind at: ``re`` skips ahead to those two
        # characters, where a digit first is a Unicode category checked at every position (issue 17, twelfth round).
        self._time = std_re.compile(r"[:.](?<=\d[:.])\d\d").search
        # What every log line's date holds (a digit, '-', '.' or '/', a digit), looked for the same way: in most notes
        # there is none, and the log line pattern tries its line start at every position.
        self._date = std_re.compile(r"[-./](?<=\d[-./])\d").search
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        results = []
        if "@" in text:
            for m in self._mention.finditer(text):
                results.append(
                    RecognizerResult(
                        self.ENTITY, m.start(1), m.end(1), self.SCORE, recognition_metadata=dict(self._meta)
                    )
                )
            for m in self._handle.finditer(text):
                last = m.group(1).rpartition(".")[2]
                if not (len(last) == 2 and last.isalpha() or last in self._DOMAIN_ENDS):
                    results.append(self._result(*m.span(1)))
        if "  " in text:
            for m in self._bare_handle.finditer(text):
                last = m.group(1).rpartition(".")[2]
                if not (len(last) == 2 and last.isalpha() or last in self._DOMAIN_ENDS):
                    results.append(self._result(*m.span(1)))
        if "naam?" in (lowered(text) or text.lower()):  # the note lowered once for every rule, where it can be
            results.extend(self._result(*m.span(1)) for m in self._asked_name.finditer(text))
        if self._date(text) is not None:
            results.extend(
                self._result(*m.span(1))
                for m in self._log_author.finditer(text)
                if m.group(1)[:1].isupper() and self._person(m) or is_name_word(m.group(1))
            )
            results.extend(
                self._result(*m.span(1))
                for m in self._journal_author.finditer(text)
                if self._person(m) or self._journal_mark(m.group(1))
            )
            results.extend(
                self._result(*m.span(1))
                for m in self._journal_login.finditer(text)
                if m.group(1) not in self._vocabulary
                and m.group(1) not in self._stop_words
                and m.group(1).upper() not in capitals_no_initials()
                and m.group(1).upper() not in _IDENTIFIER_LABELS
            )
        if ":" in text:
            results.extend(self._speakers(text))
            if "] " in text:
                results.extend(
                    self._result(*m.span(1))
                    for m in self._bracketed_writer.finditer(text)
                    if m.group(1).upper() not in _IDENTIFIER_LABELS
                )
        if "review" in text or "Review" in text:
            results.extend(self._result(*m.span(1)) for m in self._reviewer.finditer(text) if self._person(m))
            for m in self._review_by.finditer(text):
                group = 1 if m.group(1) else 2
                if not all(w.lower() in self._ordinary or _not_a_name(w) for w in m.group(group).split()):
                    results.append(self._result(*m.span(group)))
        if "Gesprek met" in text:
            results.extend(self._result(*m.span(1)) for m in self._conversation_with.finditer(text) if self._person(m))
        if "mijn" in text or " top" in text or "belt je" in text or "luisterde" in text:
            for m in self._review_subject.finditer(text):
                word = m.group(1).lower()
                if word in self._names_as_words or word in self._first_names and word not in self._stop_words:
                    results.append(self._result(*m.span(1)))
        if self._time(text) is None:
            return results
        if "·" in text or "•" in text:
            results.extend(self._result(*m.span(1)) for m in self._sender_line.finditer(text) if self._person(m))
        if "(" in text or "[" in text:
            results.extend(self._result(*m.span(1)) for m in self._sender_before_time.finditer(text) if self._person(m))
        if ":" not in text:
            return results
        for m in self._sender.finditer(text):
            if self._person(m):
                results.append(self._result(*m.span(1)))
        return results

    def _speakers(self, text: str) -> list[RecognizerResult]:
        """The speakers of a thread without stamps: lines opened by a word and a colon, two or more of them given names
        or words no list holds, none a field's label ('Naam:', 'Tel:')."""
        # (nor a form's key, ordinary words joined by underscores: 'submitted_at:', 'date_of_birth:'; issue 17,
        # twenty-ninth round: dev15's registration form, read as a thread of speakers)
        lines = [
            m
            for m in self._speaker.finditer(text)
            if m.group(1).lower() not in self._labels and not form_key(m.group(1))
        ]
        if len(lines) < 3:
            return []
        given, first_names = known_given_names(), deduce_words("names/lst_first_name")
        speakers = {m.group(1).lower(): m.group(1) for m in lines}
        sure = {w for w, written in speakers.items() if w in given or is_name_word(written)}
        # a given name that is a word too ('mei', 'wil', 'ben'), beside a speaker who can only be a person
        named = sure | {
            w for w in speakers if w in first_names and (w not in self._ordinary or w in self._names_as_words)
        }
        if not sure or len(named) < 2:
            return []
        return [self._result(*m.span(1)) for m in lines if m.group(1).lower() in named]

    def _person(self, m: re.Match) -> bool:
        """Whether a sender field names a person: not 'Praktijk', 'Balie', 'Tandarts'; but a month sends no
        message, so 'Mei', 'Juni' are names there."""
        words_ = m.group(1).split()
        return not all(w.lower() in self._ordinary or _not_a_name(w) for w in words_) or any(
            w.lower() in self._names_as_words for w in words_
        )

    @staticmethod
    def _journal_mark(writer: str) -> bool:
        """Whether a journal line's writer (``_journal_author``) is a colleague's mark of two or three capitals that is
        also a word or an abbreviation ('13-04-25 OM: pt. terug uit Poznań', '7-12-2022 MS: ...'): between a line's date
        and its colon it is who wrote the entry, unless it is a mark that stands for no one there ('NB', 'OK', 'CT').
        Issue 17, thirty-ninth round: dev162's treatment notes by another hand."""
        return (
            2 <= len(writer) <= 3
            and writer.isalpha()
            and writer.isupper()
            and writer not in capitals_no_initials()
            and writer not in _IDENTIFIER_LABELS
        )

    def _result(self, start: int, end: int) -> RecognizerResult:
        return RecognizerResult(self.ENTITY, start, end, self.SCORE, recognition_metadata=dict(self._meta))


@functools.cache  # asked per word of every name sequence
def _SURNAME_PARTICLES() -> frozenset[str]:
    return frozenset(p for p in _surname_particles() if p[:1].isupper())


class NameSequenceRecognizer(ScanningRecognizer):
    """Two to four capitalised name words in a row, with particles between them: 'Sevda Aydın', 'Mei Ling
    Chen', 'Samira Ait Ben Ali', 'Marcel Tjon A Fong', a name line in a letter head ('Marloes Hiemstra').
    Dutch capitalises no common nouns, so such a run is a proper noun: a person, place or institution,
    all of which a note must not keep. Not when a word is a stop word ('Bij De Groot' opens with one), a
    drug, insurer or product (``not_names.txt``), or an ordinary word of ``not_lower_names.txt``. Scored
    below 0.5, so a place or institution another detector finds keeps its type."""

    ENTITY = "PERSOON"
    SCORE = 0.45

    def __init__(self) -> None:
        import re as std_re

        from transforms import lexicon

        particles = lexicon.alternation("surname_particles", spaces=r"[ \t]+")
        part = NAME_PART
        # Not names here: products and feasts, drugs, and eponyms (whose clinical frame keeps them).
        self._not_names = _ordinary_capitals()
        # A laboratory test before its value ('Laatste Hb 7,1 mmol/l'): not where it stands alone ('Patiënt HT', 'HB'
        # initials), so not among the words above (issue 17, fifteenth round: dev38).
        self._lab_tests = lexicon.words("lab_tests")
        # With a look-ahead for a name word's first characters (``keywords.with_first_char_hint``): most positions
        # fail there, not in the look-behind (issue 17, ninth round: 1.25x, same matches).
        self._regex = std_re.compile(
            with_first_char_hint(
                r"(?<![\w'’.-])"
                + part
                # (no wider gap than three: a form's columns padded with spaces are two cells, 'Melnyk          Handtekening
                # TMS: GJS' no name 'Melnyk Handtekening'; issue 17, thirty-third round: dev138 by another hand)
                + r"(?:[ \t]{1,3}(?:(?:"
                + PREFIX
                + r"|"
                + particles
                + r")[ \t]{1,3}){0,3}"
                + part
                + r"){1,3}(?![\w'’])"
            )
        )
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        not_names = self._not_names
        results = []
        for m in self._regex.finditer(text):
            words = m.group(0).split()
            if words[-1] in self._lab_tests and _VALUE_AFTER.match(text, m.end()):
                words = words[:-1]
            # Trim ordinary words at either end ('Vandaag Kevin Chen': 'Vandaag' is a sentence opener).
            while words and (
                words[0] in not_names
                or words[0].lower() in not_names
                or _not_a_name(words[0])
                and not _is_particle(words[0])
            ):
                words = words[1:]
            while words and (
                words[-1] in not_names
                or words[-1].lower() in not_names
                or _not_a_name(words[-1])
                or _is_particle(words[-1])
            ):
                words = words[:-1]
            names = [w for w in words if not _is_particle(w)]
            # A capitalised surname particle makes one name word enough ('Ait Taleb', 'El Khatib', 'Bou Zerda').
            marked = len(words) > len(names) and any(len(w) > 1 and w in _SURNAME_PARTICLES() for w in words[:-1])
            if (
                len(names) < (1 if marked else 2)
                or not names
                or any(w in not_names or w.lower() in not_names for w in words)
            ):
                continue
            value = m.group(0)
            start = m.start() + value.index(words[0])
            end = m.start() + value.rindex(words[-1]) + len(words[-1])
            results.append(RecognizerResult(self.ENTITY, start, end, self.SCORE, recognition_metadata=dict(self._meta)))
        return results


# A value right after a word: a laboratory test's ('Hb 7,1', 'INR: 2,8').
_VALUE_AFTER = std_re.compile(r"[ \t]*[:=]?[ \t]*\d")


def _place_abroad_gate(places: Iterable[str]) -> Callable[[str], object]:
    """The gate of the capitalised places abroad (``GATES``): a word of the text (``keywords.words``) is the longest
    run of ASCII letters of a place's folded name, or the text holds the first word of a place with none of four
    letters or more ('Łódź', 'Fès') as written.

    The pattern matches a place as written (case-sensitive), with no word character before or after it: every run
    of ASCII letters of its folded name is then a whole word of the folded text, not only the first ('Tétouan',
    'Münster', 'Al Hoceima' have 't', 'm', 'al' first, which most notes hold as words: 271 of 700 notes passed the
    first words, none of them naming a place abroad; the longest runs pass 5. Issue 17, ninth round)."""
    longest: set[str] = set()
    short: set[str] = set()
    for place in places:
        runs = _ASCII_LETTERS.findall(folded_entry(place))
        run = max(runs, key=len, default="")
        if len(run) >= 4:
            longest.add(run)
        else:
            short.add(place.split(" ")[0])
    runs_ = frozenset(longest)
    written = tuple(sorted(short))

    def gate(text: str) -> bool | None:
        return True if not runs_.isdisjoint(words(text)) or any(map(text.__contains__, written)) else None

    return gate


_ASCII_LETTERS = std_re.compile(r"[a-z]+")


class PlaceAbroadRecognizer(DutchPatternRecognizer):
    """Places abroad (``places_abroad.txt``: Suriname, the Caribbean, Morocco, Turkey, Poland, China...),
    capitalised anywhere, and any place in any case after a place cue ('woont in paramaribo',
    'verhuisd naar gdansk', 'op vakantie in Nador')."""

    ENTITY = "LOCATIE"
    TRIGGERS = {
        "cued place any case": (
            "geboren",
            "woon",
            "wonen",
            "verhuis",
            "afkomstig",
            "geboortig",
            "opgegroeid",
            "vakantie",
            "familiebezoek",
        ),
    }

    def __init__(self) -> None:
        from transforms import lexicon

        places = lexicon.alternation("places_abroad", spaces=r"[ \t]+")
        self.GATES = {"place abroad": _place_abroad_gate(lexicon.words("places_abroad"))}
        self.PATTERNS = [
            Pattern("place abroad", r"(?<![\w-])" + places + r"(?![\w-])", 0.6),
            Pattern(
                "cued place any case",
                r"(?i:\b(?:geboren|woont|wonend|woonachtig|verhuisd|verhuist|afkomstig|"
                r"geboortig|opgegroeid|wonende|wonen|woon|verhuizen|vakantie|familiebezoek)(?:\s+[\w.]+){0,3}?\s+"
                r"(?:in|te|naar|uit|vanuit)\s+)"
                r"(?P<v>(?!(?:het|de|een|mijn|onze|nederland|de\s)\b)(?:['’]s-)?[a-zß-öø-ÿĀ-ɏḀ-ỿ][\w'’-]+(?:[ \t-](?:aan[ \t]de[ \t]|"
                r"aan[ \t]|op[ \t])?[a-zß-öø-ÿĀ-ɏḀ-ỿ][\w'’-]+)?)(?=[ \t]*(?:[\n.,;:!?)]|$|en\b|voor\b|bij\b|sinds\b))",
                0.5,
            ),
        ]
        super().__init__()


# A line of an HL7 v2 message: the segment's name glued to its first bar.
_HL7_SEGMENT_LINE = std_re.compile(r"[ \t]*[A-Z][A-Z0-9]{2}\|")
_POSTCODE_VALUE = std_re.compile(r"[1-9]\d{3}[ \t]?[A-Za-z]{2}")


class TableColumnRecognizer(ScanningRecognizer):
    """Cells of a table pasted into a note, by their column's header: an export from the practice system, an agenda
    overview, a spreadsheet ('patnr;achternaam;voorletters;geb_datum;adres;...', '| Pat.nr | Naam | Geb. |').
    A header line (split by tabs, '|', ';' or ',') with at least two headers of ``table_column_labels.tsv`` makes
    every cell below it that column's entity, to the first line that is no row of the table; a markdown rule
    ('|---|---|') is skipped. The header says what a cell is, so a cell needs no list or notation of its own
    ('TW3788366', 'Laan van Nieuw Oosteinde t/o 55', 'Şahin'). Issue 17, seventh round (dev7 exports)."""

    SCORE = 0.9  # the header is the evidence: strong, so a clinical allow-list span never swallows a cell
    # Two spaces or more: columns aligned by spaces, as an agenda printed to text is (issue 17, eighth round).
    _DELIMITERS = ("\t", "|", ";", ",", "  ")

    def __init__(self) -> None:
        from transforms import lexicon

        self._labels = dict(lexicon.table("table_column_labels", str, str))
        # Columns aligned by spaces: a line with two runs of two spaces or more between words (looked for only where
        # the text has two spaces in a row).
        self._aligned_line = std_re.compile(r"\S {2,}\S[^\n]*?\S {2,}\S")
        # The same keys in a JSON line or a key=value log line ('{"patnr": "85623", "last_name": "Liauw"}', 'naam=dmytro
        # lewandowski email=...'): the value of a known key is that entity (issue 17, fourteenth round: dev31's exports).
        self._json_pair = std_re.compile(r'"([A-Za-z_.\- ]{1,30})"[ \t]*:[ \t]*"([^"\n]{1,120})"')
        # A log's value is one token, or for a name, an address or a place up to four words that run to the next
        # key or the line's end ('naam=dmytro lewandowski email=...'; not 'pat=P-635556 bij T. Boukhari (sealen 27)').
        self._log_pair = std_re.compile(
            # (a query string's '&' closes a value too: 'ref=pat_152122&text=...'; twenty-first round: dev85)
            r"(?<![\w.-])([A-Za-z_]{2,20})=([^\s=;,()\"&]+(?:[ \t](?![A-Za-z_]{2,20}=)[^\s=;,()&]+){0,3}(?=[ \t]+[A-Za-z_]{2,20}=|"
            r"[ \t]*$)|[^\s=;,()\"&]+)",
            std_re.MULTILINE,
        )
        # and quoted ('patient="LINDEN VAN DER, I.W."')
        self._quoted_log_pair = std_re.compile(r'(?<![\w.-])([A-Za-z_]{2,20})="([^"\n]{1,120})"')
        # and an XML element's text ('<ACHTERNAAM>Zhou</ACHTERNAAM>', '<roep_naam>Ruthsel</roep_naam>'; issue 17,
        # eighteenth round: dev63's system conversion by another hand)
        self._xml_pair = std_re.compile(r"<([A-Za-z_][\w.-]{0,30})>([^<>\n]{1,120})</\1>")
        # a JSON number ('"huisnummer": 101'), and a log's label before a quoted value ("achternaam 'Statia' gesplitst",
        # "huisnummer '135 bis'"; the same round)
        self._json_number = std_re.compile(r'"([A-Za-z_.\- ]{1,30})"[ \t]*:[ \t]*(\d[\w-]{0,19})(?=[ \t]*[,}\n])')
        self._quoted_after_label = std_re.compile(r"(?<![\w'])([A-Za-z_]{2,20})[ \t]*[=:]?[ \t]*'([^'\n]{1,80})'")
        # A JSON array's first string ('"given": ["C."]'), an identifier's value after its system ('{"system":
        # "urn:oid:2.16.840.1.113883.2.4.6.3", "value": "38963"}': whatever system issued it, it identifies), and an
        # extension's string by what its URL says it is ('"url": "...ADXP-streetName", "valueString": "Zuiderdiep"',
        # 'humanname-own-name'), as FHIR resources hold a patient (issue 17, twenty-first round: dev85's messages by
        # another hand).
        self._json_array = std_re.compile(r'"([A-Za-z_.\- ]{1,30})"[ \t]*:[ \t]*\[\s*"([^"\n]{1,120})"')
        self._identifier_value = std_re.compile(
            r'"system"[ \t]*:[ \t]*"[^"\n]{1,120}"[ \t]*,\s*"value"[ \t]*:[ \t]*"([^"\n]{1,60})"'
        )
        self._extension_value = std_re.compile(
            r'"url"[ \t]*:[ \t]*"[^"\n]*?(streetName|houseNumber|buildingNumberSuffix|own-name|partner-name)"[ \t]*,'
            r'\s*"valueString"[ \t]*:[ \t]*"([^"\n]{1,120})"'
        )
        super().__init__(sorted(set(self._labels.values())))

    def _pairs(self, text: str) -> List[RecognizerResult]:
        """The values of known keys in JSON lines and key=value log lines."""
        results: List[RecognizerResult] = []
        matches = []
        if '":' in text or '" :' in text:
            matches.extend(self._json_pair.finditer(text))
            matches.extend(self._json_number.finditer(text))
        if "'" in text:
            matches.extend(self._quoted_after_label.finditer(text))
        if "=" in text:
            matches.extend(self._log_pair.finditer(text))
            if '="' in text:
                matches.extend(self._quoted_log_pair.finditer(text))
        if "</" in text:
            matches.extend(self._xml_pair.finditer(text))
        if '"value' in text:
            for m in self._identifier_value.finditer(text):
                if not any(c in m.group(1) for c in "@+") and any(c.isdigit() for c in m.group(1)):
                    results.extend(self._at("PATIENTNUMMER", *m.span(1)))  # a phone or an e-mail: their own type
            for m in self._extension_value.finditer(text):
                entity = "PERSOON" if m.group(1).endswith("name") and m.group(1) != "streetName" else "ADRES"
                results.extend(self._at(entity, *m.span(2)))
        if '":' in text or '" :' in text:
            matches.extend(self._json_array.finditer(text))
        for m in matches:
            entity = self._labels.get(std_re.sub(r"[\s._:\-\"'/]", "", m.group(1).lower()))
            value = m.group(2).strip().rstrip(":.")
            if value.startswith(("''", '""')):
                continue  # an empty value quoted ("voorvoegsel='' achternaam ...")
            if (
                entity not in ("PERSOON", "ADRES", "LOCATIE")
                and " " in value
                and not m.group(0).endswith('"')
                # (a postcode whole in an XML element: '<postcode>9253 nx</postcode>'; twenty-first round: dev85)
                and not (entity == "POSTCODE" and _POSTCODE_VALUE.fullmatch(value))
            ):
                value = value.split()[0].rstrip(":.")
            if entity is not None and any(c.isalnum() for c in value):
                start = m.start(2) + (len(m.group(2)) - len(m.group(2).lstrip()))
                results.append(
                    RecognizerResult(
                        entity, start, start + len(value), self.SCORE, recognition_metadata=dict(self._meta)
                    )
                )
        return results

    def _at(self, entity: str, start: int, end: int) -> List[RecognizerResult]:
        return [RecognizerResult(entity, start, end, self.SCORE, recognition_metadata=dict(self._meta))]

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        results: List[RecognizerResult] = self._pairs(text)
        if "\t" in text or ";" in text or "|" in text:
            results.extend(self._numbers_in_dated_rows(text))
        if "\n" not in text or (
            not _has_header_line(text) and ("  " not in text or self._aligned_line.search(text) is None)
        ):
            return results  # no line with two tabs, bars or semicolons, three commas or two gaps: most notes
        if text.count("|") >= 6:
            results.extend(self._years_among_dates(text))
        lines = [(m.start(), m.group()) for m in std_re.finditer(r"[^\n]*", text) if m.group()]
        i = 0
        while i < len(lines):
            start, line = lines[i]
            found = self._header(line)
            i += 1
            if found is None:
                continue
            delimiter, columns = found
            width = len(_cells(line, delimiter))
            while i < len(lines):
                row_start, row = lines[i]
                if set(row.strip()) <= set("|-: "):  # a markdown rule under the header
                    i += 1
                    continue
                cells = _cells(row, delimiter)
                if len(cells) > width and delimiter == ",":
                    cells = _decimal_commas_joined(row, cells)
                if len(cells) != width and delimiter in ("  ", " "):
                    cells = _fixed_width_cells(line, row, delimiter) or cells
                if len(cells) == width - 1 and delimiter == "  ":
                    # the last column left empty, as a remark column is ('W903626  SOBCZAK Natalia  16B  857 003 584'
                    # under '... Telefoon  Opm.'; issue 17, thirtieth round: dev126's housing lists by another hand)
                    cells = [*cells, (len(row), len(row))]
                if len(cells) != width:
                    break
                for index, entity in columns.items():
                    cell_start, cell_end = cells[index]
                    value = row[cell_start:cell_end]
                    if value.strip(" -\"'") and any(c.isalnum() for c in value):
                        left = len(value) - len(value.lstrip(' "'))
                        right = len(value) - len(value.rstrip(' "'))
                        results.append(
                            RecognizerResult(
                                entity,
                                row_start + cell_start + left,
                                row_start + cell_end - right,
                                self.SCORE,
                                recognition_metadata=dict(self._meta),
                            )
                        )
                i += 1
        return results

    # A full date in a row's cell, in figures or with its month's name ('22 september 2002').
    _ROW_DATE_CELL = std_re.compile(
        r"\d{1,2}[-./]\d{1,2}[-./](?:\d{2}|\d{4})|\d{4}-\d\d-\d\d|"
        r"\d{1,2}[ \t]+(?i:jan|feb|mrt|maa|apr|mei|jun|jul|aug|sep|okt|nov|dec)[a-z]*\.?[ \t]+\d{4}"
    )
    # A number alone in a cell: five digits or more, or grouped by dots in thousands ('1.378.218').
    _NUMBER_CELL = std_re.compile(r"\d{5,10}|\d{1,3}(?:\.\d{3}){2,3}")

    def _numbers_in_dated_rows(self, text: str) -> List[RecognizerResult]:
        """A number alone in a cell of a row that also holds a full date, in a table without a header ('9.59 ;
        ZOFIA TJON-A-FONG ; 04.10.2019 ; 6 jaar ; ... ; 1.378.218', an operating list): a row with a date is a
        person's, and its bare number the file's (issue 17, twenty-first round: dev86's OR schedules by another hand)."""
        results: List[RecognizerResult] = []
        pos = 0
        for line in text.split("\n"):
            delimiter = (
                "\t"
                if line.count("\t") >= 2
                else ";"
                if line.count(";") >= 2
                else "|"
                if line.count("|") >= 3
                else None
            )
            if delimiter is not None:
                cells = [(s, line[s:e].strip()) for s, e in _cells(line, delimiter)]
                if any(self._ROW_DATE_CELL.fullmatch(value) for _, value in cells):
                    for s, value in cells:
                        if value and self._NUMBER_CELL.fullmatch(value):
                            start = pos + s + line[s:].index(value)
                            results.append(
                                RecognizerResult(
                                    "PATIENTNUMMER",
                                    start,
                                    start + len(value),
                                    0.5,
                                    recognition_metadata=dict(self._meta),
                                )
                            )
            pos += len(line) + 1
        return results

    # A date in a table's cell, and a year alone in one.
    _DATE_CELL = std_re.compile(r"\d{1,2}[-./]\d{1,2}[-./](?:\d{2}|\d{4})|\d{4}-\d\d-\d\d")
    _YEAR_CELL = std_re.compile(r"(?:19|20)\d\d")

    def _years_among_dates(self, text: str) -> List[RecognizerResult]:
        """A year alone in a column of dates, in a table without a header ('| II-2 | Mei Ling Lin | V | 1978 |' below
        '| II-1 | Jurensley Coffie | M | 03/01/77 |'): where a year is all that is known, the column says it is the same
        date as the others'. A column is one cell index among the rows of as many bars; two dates in it make it a
        column of dates. Issue 17, nineteenth round: dev72's pedigrees by another hand."""
        tables: dict[int, list[tuple[int, str, list[tuple[int, int]]]]] = {}
        pos = 0
        for line in text.split("\n"):
            if line.count("|") >= 3:
                cells = _cells(line, "|")
                tables.setdefault(len(cells), []).append((pos, line, cells))
            pos += len(line) + 1
        results: List[RecognizerResult] = []
        for rows in tables.values():
            if len(rows) < 3:
                continue
            for index in range(len(rows[0][2])):
                values = [
                    (start + s, line[s:e].strip(), line[s:e]) for start, line, cells in rows for s, e in [cells[index]]
                ]
                if sum(self._DATE_CELL.fullmatch(v) is not None for _, v, _ in values) < 2:
                    continue
                for at, value, raw in values:
                    if self._YEAR_CELL.fullmatch(value):
                        start = at + raw.index(value)
                        results.append(
                            RecognizerResult("DATUM", start, start + 4, 0.6, recognition_metadata=dict(self._meta))
                        )
        return results

    def _header(self, line: str) -> tuple[str, dict[int, str]] | None:
        """The delimiter and {column index: entity} of a header line with two known headers or more, else None."""
        found = None
        for delimiter in self._DELIMITERS:
            if len(_cells(line, delimiter)) < 3:
                continue
            columns = self._columns(line, delimiter)
            if len(columns) >= 2:
                found = delimiter, columns
                break
        # A fixed-width export's header in capitals whose narrow columns stand one space apart ('NR     NAAM     GEB
        # G ADR    PC     PL'): each label a column, from its first character to the next's, where that knows more
        # columns than the header read by its gaps (issue 17, thirty-sixth round: dev152's migration exports by another
        # hand).
        if (found is None or found[0] == "  ") and len(_cells(line, " ")) >= 4 and not any(c.islower() for c in line):
            # (only where a gap's cell of several words is headers side by side, a one-letter column's and a known one's:
            # 'G ADR', not 'PAT NR', 'NAAM OPGEGEVEN' or 'BELLER (CLI)')
            joined = [line[s:e] for s, e in _cells(line, "  ") if " " in line[s:e]]
            columns = self._columns(line, " ")
            if (
                len(columns) >= 3
                and (found is None or len(columns) > len(found[1]))
                and joined
                and all(
                    std_re.sub(r"[\s._:\-\"'/]", "", cell.lower()) not in self._labels
                    and all(len(word) <= 2 or word.lower() in self._labels for word in cell.split())
                    for cell in joined
                )
            ):
                found = " ", columns
        return found

    def _columns(self, line: str, delimiter: str) -> dict[int, str]:
        """{column index: entity} of the known headers of ``line`` split at ``delimiter``."""
        columns = {}
        for index, (s, e) in enumerate(_cells(line, delimiter)):
            key = std_re.sub(r"[\s._:\-\"'/]", "", line[s:e].lower())
            if key in self._labels:
                columns[index] = self._labels[key]
        return columns


def _has_header_line(text: str) -> bool:
    """Whether a line of ``text`` holds what a header line holds at least: two of one delimiter (tabs, bars,
    semicolons; three commas, which prose has in a line too). Counted by ``str.count``, first over the whole text
    (most notes have too few of each to hold such a line), where a line-anchored regex was tried at every position
    of every note (issue 17, eleventh round)."""
    if text.count("\t") < 2 and text.count("|") < 2 and text.count(";") < 2 and text.count(",") < 3:
        return False
    return any(
        line.count("\t") >= 2 or line.count("|") >= 2 or line.count(";") >= 2 or line.count(",") >= 3
        for line in text.split("\n")
    )


_ALIGNED_CELL = std_re.compile(r"\S+(?: \S+)*")
_WORD_CELL = std_re.compile(r"\S+")


def _fixed_width_cells(header: str, row: str, delimiter: str = "  ") -> list[tuple[int, int]]:
    """The cells of a fixed-width ``row`` by its ``header``'s columns ('TP-41284 TRAN                    JA     09.05.1980'
    under 'PATNR    ACHTERNAAM      VV      VOORL  GEBDAT'), where a cell may be empty and one space may part two:
    each column from its header's first character to the next's, [] where the row does not keep to them (a space
    before each column's start, the row reaching the last column). Issue 17, eighteenth round: dev63's exports."""
    starts = [s for s, _ in _cells(header, delimiter)]
    # (the last columns may be empty and the row end before them: a remark or medication column; issue 17, thirty-sixth
    # round: dev152's exports)
    reached = [s for s in starts if s < len(row)]
    if len(reached) < len(starts) - 2 or any(row[s - 1] != " " for s in reached[1:]):
        return []
    cells = []
    for i, start in enumerate(starts):
        if start >= len(row):
            cells.append((len(row), len(row)))
            continue
        end = starts[i + 1] - 1 if i + 1 < len(starts) else len(row)
        value = row[start:end]
        left = len(value) - len(value.lstrip())
        cells.append((start + left, start + len(value.rstrip())) if value.strip() else (start, start))
    return cells


def _decimal_commas_joined(line: str, cells: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``cells`` of a comma-separated ``line`` with each amount's decimal comma put back ('103,47' one cell, not two):
    a cell of two digits after a cell that ends in a digit is the cents of that amount, as a bank export or an invoice
    list writes it unquoted (issue 17, fifteenth round: dev36's bank exports, whose rows had a cell more than their
    header, so none was read)."""
    joined = [cells[0]]
    for start, end in cells[1:]:
        before = line[joined[-1][0] : joined[-1][1]]
        if end - start == 2 and line[start:end].isdigit() and before[-1:].isdigit():
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _cells(line: str, delimiter: str) -> list[tuple[int, int]]:
    """The (start, end) of each cell of ``line`` split at ``delimiter``, not inside double quotes ('"Jansen, P."');
    a line opening and closing with '|' (markdown) has no cell before the first or after the last bar. The
    delimiter '  ' stands for two spaces or more (columns aligned by spaces): a cell is a run of words one space
    apart."""
    if delimiter == "  ":
        return [m.span() for m in _ALIGNED_CELL.finditer(line)]
    if delimiter == " ":  # a fixed-width export's header in capitals, its labels one space apart at the narrowest
        return [m.span() for m in _WORD_CELL.finditer(line)]
    spans, start, quoted = [], 0, False
    for pos, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            spans.append((start, pos))
            start = pos + 1
    spans.append((start, len(line)))
    if delimiter == "|" and line.strip().startswith("|") and line.strip().endswith("|"):
        spans = spans[1:-1]
    return spans


class DenyListRecognizer(ScanningRecognizer):
    r"""One record's known names (patient, family, staff, practice), matched as a single regular expression would.

    Full names are matched case-insensitively (patients write their name in lower case); single
    words are matched case-insensitively too, except words that are also ordinary Dutch words
    ('Bakker', 'Visser', 'Roos'), which must be capitalised: 'werkt als bakker' survives.

    The expression (:attr:`regex`) is ``(?<![\w])(?:(?i:full|names|...)|Common|Words)(?![\w])``, the names longest
    first, the spaces inside a name ``\s+``. It is compiled only where it is needed (:meth:`matches`): compiling it is
    per record, and cost 0.5 ms a list (a third of what DEDUCE takes for a note), where the names are tried in
    Python at the few places a note may hold one (issue 17, twelfth round).
    """

    def __init__(self, entity: str, ignore_case: Iterable[str], match_case: Iterable[str] = ()) -> None:
        ordered = [
            (term, ci)
            for terms, ci in ((ignore_case, True), (match_case, False))
            for term in sorted(set(terms), key=len, reverse=True)
        ]

        def alternatives(ignoring_case: bool) -> str:
            return "|".join(
                r"\s+".join(std_re.escape(w) for w in t.split()) for t, ci in ordered if ci is ignoring_case
            )

        parts = []
        insensitive, sensitive = alternatives(True), alternatives(False)
        if insensitive:
            parts.append(f"(?i:{insensitive})")
        if sensitive:
            parts.append(sensitive)
        self._source = r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])" if parts else None
        self._regex: std_re.Pattern[str] | None = None
        # The first words of the names (keywords.cue_words), where every match starts: None where a name opens with
        # no ASCII letter once folded ('Şahin', '(Jansen)') or is blank, and the whole text is scanned by the regex.
        try:
            self._cues = cue_words(t for t, _ in ordered)
        except ValueError:
            self._cues = None
        # The names in the regex's order, each as (first word, the other words, whether case is ignored, its own
        # regex where it has a character that is not ASCII), by the lower case of the first character they can open
        # with ('' for those that open with a character that is not ASCII, tried wherever the others are).
        names = []  # (the lower case of its first character, or '', and the name)
        for t, ci in ordered:
            name_words = t.lower().split() if ci else t.split()
            if not name_words:  # a blank name: no first words (``_cues``), and the regex scans every text
                continue
            first = t[:1].lower() if t[:1].isascii() else ""
            names.append(
                (first, (name_words[0], tuple(name_words[1:]), ci, None if t.isascii() else _name_regex(t, ci)))
            )
        firsts = {first for first, _ in names} | {""}
        self._names_by_first: dict[str, list] = {
            first: [name for its, name in names if its in (first, "")] for first in firsts
        }
        # The names that are also ordinary words, matched as written only ('Post', 'POST', 'Door'): a capital at a
        # sentence's start is no name where the word is the word ('Post-operatief', 'Door cariës').
        self._word_names = frozenset(t for t in match_case if " " not in t.strip())
        super().__init__([entity], name=f"DenyList{entity.title()}")

    @property
    def regex(self) -> std_re.Pattern[str] | None:
        """The names' regular expression (None: no names), compiled when first needed."""
        if self._regex is None and self._source is not None:
            self._regex = std_re.compile(self._source)
        return self._regex

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        if self._source is None:
            return []
        entity = self.supported_entities[0]
        return [
            RecognizerResult(entity, start, end, 0.9, recognition_metadata=dict(self._meta))
            for start, end in self.matches(text)
            if not (self._word_names and text[start:end] in self._word_names and reads_as_the_word(text, start, end))
        ]

    def matches(self, text: str) -> list[tuple[int, int]]:
        """The spans ``self.regex.finditer(text)`` finds. Where the names' first words are known (``_cues``) and the
        lower-cased text has the text's offsets (``keywords.lowered``), the names are tried in Python only where the
        first word of one stands as a word of the lower-cased text (``keywords.cue_starts``, found once per note and
        shared): the regex has a boundary before each name and after its first word, and no name is blank, so every
        match starts at one of them and none is empty. There each name is tried in the regex's order, the first that
        matches and has no word character after it winning, as the alternation does: an ASCII name's words on the
        lower-cased text where case is ignored (a case-insensitive ASCII letter matches exactly the characters that
        lower to it on such a text: keywords.lowered) or on the text as written, whitespace between them; any other
        name by its own regex. Else the regex scans the whole text."""
        if self._source is None:
            return []
        lower = lowered(text) if self._cues is not None else None
        if lower is None:
            return [m.span() for m in self.regex.finditer(text)]
        found: list[tuple[int, int]] = []
        end = 0  # where the last match ended: the next is looked for after it
        for start in cue_starts(text, lower, self._cues):
            if start < end or start and _is_word_char(text[start - 1]):  # the regex's (?<![\w])
                continue
            stop = self._name_end(text, lower, start)
            if stop:
                found.append((start, stop))
                end = stop
        return found

    def _name_end(self, text: str, lower: str, start: int) -> int:
        """Where the first name (in the regex's order) that matches at ``start`` ends, with no word character after
        it; 0 where none does."""
        n = len(text)
        names = self._names_by_first.get(lower[start]) or self._names_by_first[""]
        for first, rest, ci, regex in names:
            if regex is not None:
                m = regex.match(text, start)
                if m is None:
                    continue
                at = m.end()
            else:
                subject = lower if ci else text
                if not subject.startswith(first, start):  # most names of the list: not this one
                    continue
                at = start + len(first)
                if rest:
                    at = _words_after(subject, text, rest, at)
                    if not at:
                        continue
            if not (at < n and _is_word_char(text[at])):  # the regex's (?![\w]), else the next name
                return at
        return 0


def is_ordinary_word_name(word: str, common_words: frozenset[str]) -> bool:
    """Whether a name's word is also an ordinary Dutch word (``common_words``: 'Bakker', 'Roos', 'Post') or a function
    word ('Door', 'Van'), so that only its capitalised form, where it does not read as the word, is the name."""
    lower = word.lower()
    return lower in common_words or lower in dutch_stop_words()


_COMPOUND_AFTER = std_re.compile(r"-([a-zß-öø-ÿ]+)")
_NEXT_WORD = std_re.compile(r"[ \t]+([^\W\d_][\w'’-]*)")


def reads_as_the_word(text: str, start: int, end: int) -> bool:
    """Whether a capitalised word that is a known name and an ordinary word reads as the word where it stands: the first
    part of a compound with a word in lower case ('Post-operatief', 'Bos-achtig'; not a double name's particle,
    'Bakker-van Dam'), or a function word opening a sentence before a word in lower case that is no verb of a person
    ('Door cariës verloren'; not 'Door belde'). Issue 17, twenty-first round: the thirteenth session's user check found
    deny lists replacing such words wherever they stood."""
    m = _COMPOUND_AFTER.match(text, end)
    if m is not None:
        return m.group(1) not in _NAME_PREFIXES
    word = text[start:end].lower()
    if word not in dutch_stop_words():
        return False
    before = text[:start].rstrip(" \t")
    if before and before[-1] not in ".!?:\n":
        return False
    m = _NEXT_WORD.match(text, end)
    return m is not None and m.group(1).islower() and m.group(1) not in _person_verbs()


@functools.lru_cache(maxsize=1)
def _person_verbs() -> frozenset[str]:
    from transforms import lexicon

    return frozenset(w for w in lexicon.words("name_verbs") if " " not in w)


def _words_after(subject: str, text: str, name_words: tuple[str, ...], at: int) -> int:
    r"""Where ``name_words`` end, each after whitespace (of ``text``, as ``\s+`` matches it: str.isspace), written from
    ``at`` in ``subject``; 0 where they are not written there."""
    n = len(text)
    for word in name_words:
        spaces = at
        while at < n and text[at].isspace():
            at += 1
        if at == spaces or not subject.startswith(word, at):
            return 0
        at += len(word)
    return at


def _is_word_char(c: str) -> bool:
    r"""Whether ``re``'s ``\w`` matches the character ``c`` (a letter or digit of any script, or '_')."""
    return c.isalnum() or c == "_"


@functools.lru_cache(maxsize=4096)  # a name comes back in the lists of many records (staff, common names)
def _name_regex(term: str, ignore_case: bool) -> std_re.Pattern[str]:
    r"""One name of a deny list as the regex writes it (its words escaped, ``\s+`` between them), in its own case."""
    source = r"\s+".join(std_re.escape(w) for w in term.split())
    return std_re.compile(f"(?i:{source})" if ignore_case else source)


_KIND_RE = None


def deny_list_recognizers(terms: Iterable[str], common_words: frozenset[str]) -> list[EntityRecognizer]:
    """Ad-hoc recognizers for one record's deny list: persons (name parts too) and institutions (whole)."""
    global _KIND_RE
    if _KIND_RE is None:
        _KIND_RE = re.compile(InstitutionRecognizer._KIND)
    prefix_re = re.compile(PREFIX)
    persons_ci: set[str] = set()
    persons_cs: set[str] = set()
    institutions: set[str] = set()
    for raw in terms:
        term = " ".join(str(raw).split())
        if len(term) < 2:
            continue
        if _KIND_RE.search(term) or term.lower().startswith(("dental", "tandarts")):
            institutions.add(term)
            continue
        words = term.split()
        # A name of one word that is also an ordinary or a function word ('Post', 'Door', 'Roos', as the pipeline lists a
        # patient's first and last names apart) is matched capitalised only, as the same word inside a longer name is:
        # case-insensitive, 'per post verstuurd' and 'door de tandarts' were replaced (issue 17, twenty-first round).
        if len(words) == 1 and is_ordinary_word_name(term, common_words):
            persons_cs.update((term, term.upper()))  # and in capitals, as software prints a surname: 'POST'
        else:
            persons_ci.add(term)
        # The surname with its tussenvoegsel and without, and each name word on its own.
        for i, word in enumerate(words):
            if prefix_re.fullmatch(word.lower()) or len(word.rstrip(".")) < 2 or word.endswith("."):
                continue
            if i and prefix_re.fullmatch(words[i - 1].lower()):
                j = i - 1
                while j > 0 and prefix_re.fullmatch(words[j - 1].lower()):
                    j -= 1
                persons_ci.add(" ".join(words[j : i + 1]))
            (persons_cs if is_ordinary_word_name(word, common_words) or len(word) < 3 else persons_ci).add(word)
    recognizers: list[EntityRecognizer] = []
    if persons_ci or persons_cs:
        recognizers.append(DenyListRecognizer("PERSOON", persons_ci, persons_cs))
    if institutions:
        recognizers.append(DenyListRecognizer("INSTELLING", institutions))
    return recognizers


class ListEntryNameRecognizer(ScanningRecognizer):
    """A name in lower case opening an item of a list of patients, where its patient number, birth date or file number
    follows ('- storm korteweg, pnr 94849: ...', '- hoop blom geb 18-1-05 vraagt ...', '- wilhelmus vos (141.048,
    14.10.1961): ...'): a handover's or a call-back list's layout, whatever words the name is made of (issue 17, tenth
    round: dev17's locum handovers and call-back lists by another hand)."""

    ENTITY = "PERSOON"
    SCORE = 0.6
    _ENTRY = std_re.compile(
        r"^[ \t]*[-•*–][ \t]+(?:(?:dhr|mw|mevr)\.?[ \t]+)?"
        r"([a-zß-öø-ÿĀ-ɏ][a-zß-öø-ÿĀ-ɏ'’-]+(?:[ \t][a-zß-öø-ÿĀ-ɏ'’-]+){1,3})"
        # the number's label after a comma or a space ('- bayu nanlohy pat.nr. 667690: ...'; thirteenth round)
        r"(?=(?:,[ \t]*|[ \t]+)(?:pnr|pat|pt|ptnr|geb|dossier)\b|[ \t]+\((?:[A-Za-z]{1,2})?\d)",
        std_re.MULTILINE,
    )
    _GATE = std_re.compile(r"\n[ \t]*[-•*–][ \t]+[a-z]").search
    # An item opened by one name and a colon, in a family's or a class's list ('- Zosia: nog geen tanden door', '-
    # Kuba: overgekomen van ...'): a given name DEDUCE knows or a word in no dictionary (issue 17, thirteenth round:
    # dev20's family registrations by another hand).
    _NAMED_ITEM = std_re.compile(r"^[ \t]*[-•*–][ \t]+([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)(?=:[ \t])", std_re.MULTILINE)
    _NAMED_ITEM_GATE = std_re.compile(r"\n[ \t]*[-•*–][ \t]+[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+:").search

    # A name in capitals opening an item of a call-back list, its phone or number after it ('2. DAAN BOS (06) 1373 0931',
    # '• BO VOS +233 24 079 ...', '- FATIMA AIT TALEB +31 6 ...'; issue 17, sixteenth round: dev46's call-back lists).
    _CAPITALS_ENTRY = std_re.compile(
        r"^[ \t]*(?:[-•*–]|\d{1,2}[.)])[ \t]+([A-ZÀ-ÖØ-ÞĀ-Ž][A-ZÀ-ÖØ-ÞĀ-Ž'’-]+(?:[ \t][A-ZÀ-ÖØ-ÞĀ-Ž'’-]+){1,3})"
        # (or the birth date: '2. JOOST OP DEN KAMP 2018-05-03 (653-6457)'; eighteenth round: dev58's minutes)
        r"(?=[ \t]+(?:\(?\+?\d))",
        std_re.MULTILINE,
    )
    # A name in capitals in a list of attendees, its role after a dash ('MOHAMED AMRANI – kindertandarts, ROOS VOGEL –
    # psycholoog'; issue 17, eighteenth round: dev58's team minutes by another hand).
    _CAPITALS_WITH_ROLE = std_re.compile(
        r"(?:^|(?<=[;,:])[ \t]*|(?<=\)[ \t]))[ \t]*([A-ZÀ-ÖØ-ÞĀ-Ž][A-ZÀ-ÖØ-ÞĀ-Ž'’-]+(?:[ \t][A-ZÀ-ÖØ-ÞĀ-Ž'’-]+){1,3})"
        r"[ \t]+[–-][ \t]+(?=[a-zß-ÿ])",
        std_re.MULTILINE,
    )

    def __init__(self) -> None:
        from transforms import lexicon

        self._clinical = {w.upper() for w in lexicon.words("clinical_abbreviations")}
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        results = []
        capitals = list(self._CAPITALS_WITH_ROLE.finditer(text)) if " – " in text or " - " in text else []
        if "\n" in text or text.lstrip(" \t")[:1] in ("-", "•", "*", "–") or text.lstrip(" \t")[:1].isdigit():
            capitals += self._CAPITALS_ENTRY.finditer(text)
        if capitals:
            first_names = deduce_words("names/lst_first_name")
            for m in capitals:
                # (particles aside, also those that open a phrase too: 'JOOST OP DEN KAMP')
                words = [
                    w for w in m.group(1).split() if not (_is_particle(w.lower()) or w in ("OP", "IN", "UIT", "TE"))
                ]
                if not words or any(w in self._clinical or _not_a_name(w.lower()) for w in words):
                    continue  # 'CONTROLE DPSI 1', 'NIET BEREIKT 2x'
                if any(w.lower() in known_given_names() or is_name_word(w) for w in words) or (
                    len(words) > 1 and words[0].lower() in first_names and words[-1].lower() in _known_names()
                ):
                    results.append(
                        RecognizerResult(self.ENTITY, *m.span(1), self.SCORE, recognition_metadata=dict(self._meta))
                    )
        opens_with_item = text.lstrip(" \t")[:1] in ("-", "•", "*", "–")
        if opens_with_item or self._NAMED_ITEM_GATE(text) is not None:
            for m in self._NAMED_ITEM.finditer(text):
                word = m.group(1)
                if not _not_a_name(word) and (word.lower() in known_given_names() or is_name_word(word)):
                    results.append(
                        RecognizerResult(self.ENTITY, *m.span(1), self.SCORE, recognition_metadata=dict(self._meta))
                    )
        if self._GATE(text) is None and not opens_with_item:
            return results
        for m in self._ENTRY.finditer(text):
            words = m.group(1).split()
            if not any(w in dutch_stop_words() for w in words):
                results.append(
                    RecognizerResult(self.ENTITY, *m.span(1), self.SCORE, recognition_metadata=dict(self._meta))
                )
        return results


_BEFORE_NUMBER = std_re.compile(r"[ \t]+\d")


class TerseNoteNameRecognizer(ScanningRecognizer):
    """Names in notes typed between patients, without punctuation or capitals, where the layout says where a name
    stands (issue 17, eighteenth round: dev62's sticky notes, day lists, handovers and chair-side dictation by another
    hand):

    - a day list's or a handover's line opened by a time or a bullet, then the patient ('12.45 van 't hof, e. nieuw',
      '11:10 dijkstra s mba 1 carp', '* nguyen t lab ...', '3. hoekstra, t. #57615');
    - a dictated note closed by its time and the dentist ('... 8.50 bouma', '... 17u45 tdts latumahina');
    - a signature after a dash closing a line ('herh 4 mnd 16/4 -Semhar', 'vragen 0515351266 -jelle');
    - a handover's header, who to whom ('voor morgen imane > ben', 'overdr. Wil > ahmad');
    - a surname in lower case, a comma and an initial or a given name ('vink, l.', 'bakker, roos');
    - a writer's initials after a slash closing a line ('met Roos, Mei en Hamza. /N').

    A name's words are read one by one (:meth:`_name_end`): initials, particles, words that can only be names, names
    DEDUCE knows; it stops at an abbreviation, a number or an ordinary word. A word that is a Dutch word too ('vink',
    'bos') is a name only beside an initial or a comma that the layout gives it."""

    ENTITY = "PERSOON"
    SCORE = 0.5
    _TIME = r"(?:\d{1,2}[:.u]\d{2}|\d{1,2}u)"
    _LINE_OPENING = std_re.compile(
        r"^[ \t]*(?:(?:[-•*–x]|\d{1,2}\.)[ \t]+(?:" + _TIME + r"[ \t]+)?|" + _TIME + r"[ \t]+)", std_re.MULTILINE
    )
    # The time's first digit, then what stands before it: ``re`` skips to a digit, where a look-behind first had it try
    # every position of every note (the same matches as '(?<![\w:.])' + _TIME; 3.9 -> 2.0 ms of 700 notes).
    _CLOSING_TIME = std_re.compile(
        r"\d(?<![\w:.]\d)(?:\d?[:.u]\d{2}|\d?u)[ \t]+(?:tdts[ \t]+)?(?=[^\W\d_][^\n]{0,40}$)", std_re.MULTILINE
    )
    # (the dash first, the space before it looked back at: 2.1 -> 0.6 ms)
    _DASH_SIGNATURE = std_re.compile(
        r"[-–](?<=[ \t][-–])[ \t]?([^\W\d_][\w'’-]*(?:[ \t][^\W\d_][\w'’-]*)?)[ \t]*$", std_re.MULTILINE
    )
    _HANDOVER = std_re.compile(
        r"^[ \t]*(?:(?i:overdracht|overdr\.?|ovd|voor[ \t]+morgen|door|van)[ \t]+|[-–][ \t]*)"
        r"([^\W\d_][\w'’-]*(?:[ \t][^\W\d_][\w'’-]*)?)[ \t]*>[ \t]*"
        r"([^\W\d_][\w'’-]*(?:[ \t][^\W\d_][\w'’-]*)?)[ \t]*$",
        std_re.MULTILINE,
    )
    _LOWER_COMMA = std_re.compile(
        r"(?<![\w'’.@-])([a-zß-öø-ÿĀ-ɏ][a-zß-öø-ÿĀ-ɏ'’-]{2,}),[ \t]([a-z]\.|[a-zß-öø-ÿĀ-ɏ]{3,})(?![\w.'’-])"
    )
    _WORD = std_re.compile(r"[ \t]*([^\W\d_][\w'’-]*\.?,?|['’]t)")
    # A title as a terse note writes it, then the surname whatever word it is ('mvr brug zit in wachtkamer', 'mnr çelik
    # 38 jaar'), unless an element follows it ('mw kroon 26': a crown).
    _TERSE_TITLE = std_re.compile(r"(?<![\w.])(?:mvr|mnr|hr|dhr|mw|mevr|tdts)\.?[ \t]+(?=[a-zß-öø-ÿ])")
    # Its titles and the months below as words (``keywords.words``): each match in the lowered text is one, standing
    # alone, so a note without any (657 and 604 of 700) is not scanned (6.7 ms of 700 notes, the two scans).
    _TITLE_WORDS = frozenset({"mvr", "mnr", "hr", "dhr", "mw", "mevr", "tdts"})
    _MONTH_WORDS = frozenset(
        {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober"}
        | {"november", "december"}
    )
    _ELEMENT_AFTER = std_re.compile(r"[ \t]+[1-8][1-8](?![\d,.]|[ \t]*(?:jaar|jr|j)\b)")
    # A month as a given name in lower case, its particles and surname after it ('juni de graaf vandaag geweest',
    # 'augustus de boer kwam niet'; a date says 'juni 2024' or 'eind juni', never 'juni de'; the session's user check).
    _MONTH_NAME = std_re.compile(
        r"(?<![\w'’-])(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)"
        r"(?:[ \t]+(?:van|de|der|den|ter|ten|te|in|'t|het|op)){1,3}[ \t]+([a-zß-öø-ÿ][\w'’-]+)"
    )
    # A closing word and the writer's given name ending a line ('groetjes wil', 'succes ben', 'thx marieke', 'x wil').
    _CLOSING_NAME = std_re.compile(
        r"^[ \t]*(?:groetjes|groet|gr|succes|thx|x|dank|bedankt)[ \t]+([a-zß-öø-ÿ][\w'’-]*)[ \t]*$", std_re.MULTILINE
    )
    # A writer's initials after a slash closing the note or a line ('met Roos, Mei en Hamza. /N', '... met 052401. /GB').
    # (the slash first, then a line's start or a space before it: a scan of all 700 notes 3.9 -> 0.2 ms)
    _SLASH_SIGNATURE = std_re.compile(r"/(?<![^ \t\n]/)([A-Z]{1,3})[ \t]*$", std_re.MULTILINE)
    # (in lower case after a slash or a dash only where the note ends: '... tot 8-2. /d', '... 0512968606.  — xy')
    _CLOSING_INITIALS = std_re.compile(r"(?<=[ \t])[/—–][ \t]?([a-z]{1,3})[ \t]*\Z")

    def __init__(self) -> None:
        from transforms import lexicon

        self._vocabulary = lexicon.dutch_vocabulary()
        self._clinical_abbreviations = lexicon.words("clinical_abbreviations")
        self._abbreviations = self._clinical_abbreviations | lexicon.words("not_lower_names")
        self._first_names = deduce_words("names/lst_first_name")
        self._surnames = deduce_words("names/lst_surname")
        self._eponyms = {e.lower() for e in lexicon.words("clinical_eponyms")}
        self._not_initials = capitals_no_initials()
        super().__init__([self.ENTITY])

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        results: List[RecognizerResult] = []
        for m in self._LINE_OPENING.finditer(text):
            self._read(text, m.end(), results, bullet=not m.group().rstrip()[-1:].isdigit())
        if ":" in text or "." in text or "u" in text:
            for m in self._CLOSING_TIME.finditer(text):
                self._read(text, m.end(), results, closing=True)
        if "-" in text or "–" in text:
            for m in self._DASH_SIGNATURE.finditer(text):
                if all(self._given(w) for w in m.group(1).split()):
                    results.append(self._result(*m.span(1)))
        lowered_text = lowered(text)
        # (the words gate where the lowered text has the text's offsets: a case-insensitive letter there folds alike)
        text_words = words(text) if lowered_text is not None else None
        titles = text_words is None or not self._TITLE_WORDS.isdisjoint(text_words)
        for m in self._TERSE_TITLE.finditer(lowered_text or text.lower()) if titles else ():
            word = self._WORD.match(text, m.end())
            if word is None or self._ELEMENT_AFTER.match(text, word.end()):
                continue
            bare = word.group(1).rstrip(".,")
            lower = bare.lower()
            if not _is_particle(bare) and (
                lower in self._clinical_abbreviations
                or lower in dutch_stop_words()
                or _not_a_name(lower)
                or lower in self._vocabulary
                and lower not in self._surnames  # 'mw. komt', 'dhr. belde'; not 'mvr brug'
            ):
                continue
            self._read(text, m.end(), results, titled=True)
        months = text_words is None or not self._MONTH_WORDS.isdisjoint(text_words)
        for m in self._MONTH_NAME.finditer(lowered_text or text.lower()) if months else ():
            surname = text[m.start(1) : m.end(1)]
            if text[m.start()].islower() and (surname in self._surnames or is_name_word(surname)):
                results.append(self._result(m.start(), m.end(1)))
        for m in self._CLOSING_NAME.finditer(text):
            if self._given(m.group(1)):
                results.append(self._result(*m.span(1)))
        if "/" in text:
            for m in self._SLASH_SIGNATURE.finditer(text):
                if m.group(1) not in self._not_initials:
                    results.append(self._result(*m.span(1)))
        m = self._CLOSING_INITIALS.search(text, max(0, len(text) - 8))
        if m is not None and m.group(1).upper() not in self._not_initials:
            results.append(self._result(*m.span(1)))
        if ">" in text:
            for m in self._HANDOVER.finditer(text):
                for group in (1, 2):
                    if all(self._given(w) for w in m.group(group).split()):
                        results.append(self._result(*m.span(group)))
        if ", " in text:
            for m in self._LOWER_COMMA.finditer(text):
                surname, after = m.group(1), m.group(2)
                if self._surname_like(surname) and (
                    after.endswith(".") or after in self._first_names and after not in never_name_words()
                ):
                    results.append(self._result(m.start(1), m.end(2)))
        return results

    def _given(self, word: str) -> bool:
        """A word that signs or hands over: a given name, also one that is a word ('mei', 'wil'), or a word that can only
        be a name; not an abbreviation."""
        lower = word.lower()
        return lower not in self._clinical_abbreviations and (lower in self._first_names or is_name_word(word))

    def _surname_like(self, word: str) -> bool:
        lower = word.lower()
        return (
            lower not in self._abbreviations
            and lower not in never_name_words()
            and (lower in self._surnames or is_name_word(word))
        )

    def _read(
        self,
        text: str,
        start: int,
        results: List[RecognizerResult],
        closing: bool = False,
        bullet: bool = False,
        titled: bool = False,
    ) -> None:
        """The name opening ``text[start:]``, if its words make one (see the class). After a bullet alone, a word in no
        list is no name by itself: a list of drugs or findings opens its lines so too ('- ibandronaat 150 mg')."""
        at, end, sure, shaped, words_, comma = start, None, False, False, 0, False
        known = comma_closed = named = False
        while words_ < 5:
            m = self._WORD.match(text, at)
            if m is None or "\n" in text[at : m.start(1)]:
                break
            token = m.group(1)
            word = token.rstrip(",")
            bare = word.rstrip(".")
            lower = bare.lower()
            if any(c.isdigit() for c in bare) or bare.isupper() and 1 < len(bare) <= 4:
                break  # a code or an acronym ('F612A', 'BPE')
            if titled and named:
                break  # after a title, the surname alone ('hr molenaar onlay 27', 'dhr jansen i.v.m. pijn')
            if titled and len(bare) > 1 and not _is_particle(bare):
                sure = named = True  # after a title (and particles), the surname whatever word it is: 'mvr de wit'
                words_, at, end = words_ + 1, m.end(), m.start(1) + len(bare)
                continue
            if (
                lower in never_name_words()
                or lower in self._eponyms
                or len(bare) > 1
                and lower in self._vocabulary
                and _BEFORE_NUMBER.match(text, m.end())
            ):
                break  # an eponym, a product, a clinical word, or a Dutch word before its element ('kroon 15')
            if comma_closed and not _is_particle(bare):
                break  # 'kramer, j.' then the note goes on
            if len(bare) == 1:  # an initial
                if not words_ and not self._WORD.match(text, m.end()):
                    break
                shaped = shaped or words_ > 0
            elif _is_particle(bare) or lower in ("v", "vd"):
                pass
            elif lower in self._abbreviations or lower in dutch_stop_words() and not comma:
                break
            elif lower in _known_names() and lower not in self._vocabulary:
                sure = known = True
            elif is_name_word(bare):
                sure = True
            elif lower in self._surnames or lower in self._first_names:
                shaped = shaped or comma
            else:
                break
            words_ += 1
            at = m.end()
            if not (_is_particle(bare) or lower in ("v", "vd")):
                end = m.end() - (token.endswith(","))
            if comma and not token.endswith(",") and not _is_particle(bare):
                comma_closed = True
            if token.endswith(","):
                if comma:
                    break
                comma = True
        if end is None or not (sure or shaped or closing and words_ and self._closing_word(text, start, end)):
            return
        if bullet and not (known or shaped or words_ > 1):
            return
        result = self._result(start, end)
        if titled:  # above a cue's reading that runs on into a product ('mnr ghebremedhin ubistesin'), which is trimmed
            result.score = 0.55
        results.append(result)

    def _closing_word(self, text: str, start: int, end: int) -> bool:
        """After a dictated note's closing time, a surname DEDUCE knows ('8:15 koster'), at the line's end."""
        rest = text[end : text.find("\n", end) if "\n" in text[end:] else len(text)]
        return not rest.strip() and all(
            w.lower().rstrip(".") in self._surnames or _is_particle(w) for w in text[start:end].split()
        )

    def _result(self, start: int, end: int) -> RecognizerResult:
        return RecognizerResult(self.ENTITY, start, end, self.SCORE, recognition_metadata=dict(self._meta))


class ScannedPhoneRecognizer(ScanningRecognizer):
    """A phone number as text recognition reads a scanned form, with letters for the digits they look like ('(06)
    2S820406', '0S15 73 09 65', '063S9125l4', '06 1O24B374'): read with O, o as 0, l, I as 1, S as 5 and B as 8, ten
    digits from 0, eight of them written as digits. Issue 17, tenth round (dev16's scanned forms by another hand: eight
    phones published)."""

    ENTITY = "TELEFOON"
    SCORE = 0.6
    _READ = str.maketrans("OolISB", "001158")
    _CANDIDATE = std_re.compile(
        r"(?<![\w])(?:\(0[\dOS]{1,3}\)[ \t]?|0[\dOSlB]{1,3}[ \t-]?)(?:[\dOolISB][ \t.-]?){5,8}[\dOolISB](?![\w])"
    )
    GATE = std_re.compile(r"\d[OolISB]|[OolISB]\d").search
    # The gate's answer read off the text as bytes, every ASCII digit a '0', each of 'OolISB' an 'L', any other character
    # a space: a digit next to one of those letters is '0L' or 'L0' there. Where every digit of the text is an ASCII
    # digit (``direct.shape`` can tell), two substring searches give what the gate finds, where it stopped at every 'o'
    # and 'l' of the note (issue 17, fourteenth round).
    _DIGITS_AND_READ = (
        bytes(ord("0") if chr(b).isdigit() else ord("L") if chr(b) in "OolISB" else ord(" ") for b in range(128))
        + b" " * 128
    )

    def __init__(self) -> None:
        super().__init__([self.ENTITY])

    @classmethod
    def may_hold_a_scanned_digit(cls, text: str) -> bool:
        """Whether ``GATE`` finds a digit next to a letter read as one in ``text`` (the same answer, cheaper)."""
        if direct.shape(text) is None:  # a digit that may not be ASCII: the gate itself
            return cls.GATE(text) is not None
        marked = text.encode("ascii", "replace").translate(cls._DIGITS_AND_READ)
        return b"0L" in marked or b"L0" in marked

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        if not self.may_hold_a_scanned_digit(text):
            return []
        results = []
        for m in self._CANDIDATE.finditer(text):
            value = m.group(0)
            read = "".join(ch for ch in value.translate(self._READ) if ch.isdigit())
            written = sum(ch.isdigit() for ch in value)
            if len(read) == 10 and read.startswith("0") and not read.startswith("00") and 8 <= written < 10:
                results.append(
                    RecognizerResult(self.ENTITY, *m.span(), self.SCORE, recognition_metadata=dict(self._meta))
                )
        return results


# Surname particles as a login glues them to the surname ('vanleeuwen', 'opdenakker', 'intveld'), longest first.
_GLUED_PARTICLES = ("vander", "vanden", "van", "der", "den", "de", "ter", "ten", "int", "op", "el", "al", "ben", "da")


# A title in a DICOM name's prefix or suffix ('ISENIA^G^^DR.^', 'AL-HAMWI^Rasha^^drs.^').
_TITLE_COMPONENT = std_re.compile(r"(?i:dr|drs|prof|mr|ir|ing|dhr|mevr|mw|jr|sr|phd|md)\.?")


class SystemRecordRecognizer(ScanningRecognizer):
    """What practice systems write themselves into a note: HL7 v2 segments pasted from a lab, a portal or a radiology
    centre ('PID|1||0096152^^^TPV^PI||Ghebremedhin^Senait^S.N.^^^^L||20130326|...'), users' logins in audit and
    message logs ('user=kromosoetow', 'door=rhaddadbakker', '| t.dabrowski |', 'Voicemail ingesproken (sterre.h)'),
    and names in the files a referral attaches ('Maduro_Rignald_19790715_intraoraal.pdf'). A login is made from its
    owner's name; an HL7 segment says which field holds a name, an identifier, a birth date or an address. Issue 17,
    tenth round (dev16: administrative and system text by another hand, where names were 0.85 found and patient
    numbers 0.66)."""

    ENTITY = "PERSOON"
    SCORE = 0.6
    # HL7 v2: the fields of a name as family^given^further ('XPN') and of a clinician as id^family^given ('XCN'), by
    # segment and field number (HL7 2.x, chapters 3, 4 and 6).
    _XPN_FIELDS = {"PID": (5, 6, 9), "NK1": (2,), "GT1": (3,), "IN1": (16,)}
    # (and the event's operator, EVN-5, whose id is often a login: 'EVN|A08|20230924|||mhaile^Haile^M.'; issue 17,
    # twenty-first round: dev85's messages by another hand)
    _XCN_FIELDS = {
        "PV1": (7, 8, 9, 17),
        "ORC": (10, 11, 12),
        "OBR": (16, 28, 32),
        "OBX": (16,),
        "PD1": (4,),
        "EVN": (5,),
    }
    _ADDRESS_FIELDS = {"PID": 11, "NK1": 4, "GT1": 5}
    # The segments about a person, and the fields of each that the standard gives a coded value (sex, race,
    # language, marital status, religion, ethnicity, citizenship, nationality; relationship, contact role).
    _PERSON_SEGMENTS = frozenset({"PID", "NK1", "GT1"})
    _CODED_FIELDS = {"PID": {8, 10, 15, 16, 17, 22, 26, 28}, "NK1": {3, 7, 14, 15}, "GT1": {9, 10, 11}}
    # A segment opens a line, or follows a carriage return, also one written out ('\\r', '<CR>') as a log escapes it,
    # and ends at the next (issue 17, twenty-first round: dev85's messages by another hand).
    _SEGMENT = std_re.compile(
        r"(?:^|(?<=\r)|(?<=\\r)|(?<=<CR>))[ \t]*(PID|PD1|NK1|GT1|IN1|PV1|ORC|OBR|OBX|EVN)\|"
        r"[^\r\n]*?(?=[ \t]*<CR>|\\r|\r|$)",
        std_re.MULTILINE,
    )
    _NAME_PART = std_re.compile(r"[^\W\d_][\w'’.\- ]*[^\W\d_.]\.?|[^\W\d_]\.")
    _INITIALS_PART = std_re.compile(r"[^\W\d_]{1,4}")
    # The order's numbers, the placer's and the filler's, of a lab's order and result segments ('ORC|RE|25-6103-0829',
    # 'OBR|1|25-6103-0829|...'): a person's test, as a patient's number is (the same round: dev148's lab messages).
    _ORDER_FIELDS = {"ORC": (2, 3), "OBR": (2, 3)}
    _ORDER_SEGMENTS = frozenset({"ORC", "OBR"})
    # A login after the word that labels one, in a log's 'key=value' or 'key: value' ('door=' only: a chat's sender
    # may be called Door).
    # A login may carry its domain or a role before it ('MONDZORG\\omar.alhassan', 'adm-m.intveld1', 'ext_kozturk06'),
    # which is no part of the name (issue 17, sixteenth round: dev41's system text by another hand).
    _LOGIN_PREFIX = r"(?:[A-Z]{2,12}\\|(?i:adm|ext)[-_])?"
    _LABELLED_LOGIN = std_re.compile(
        r"(?i:\b(?:(?:user|usr|gebruiker|login|medewerker|uid|operator)[ \t]*[=:]|(?:door|auteur|by)[ \t]*=))"
        r"[ \t]*" + _LOGIN_PREFIX + r"(?P<v>[a-z][a-z0-9._-]{1,30}[a-z0-9])(?![\w@.-])"
    )
    # Its labels as words of the note (``keywords.words``; the pattern has the boundaries a word gate needs: \b before
    # a label, no letter after it): those after which '=' or ':' may follow, and those after which only '=' may.
    # Most notes have none of them before a '=' or ':' (issue 17, fourteenth round).
    _LOGIN_LABELS = frozenset({"user", "usr", "gebruiker", "login", "medewerker", "uid", "operator"})
    # A login named in a sentence: after 'account' before what happened to it ('Account amolenaar is ontgrendeld'), or
    # after 'door' before the date, when it has a login's shape, digits after letters or a dot inside ('reset door
    # zbenhaddou1 op 20/03/25', 'door xiaoling.zomer op ...'; issue 17, fifteenth round: dev40's portal mails).
    _ACCOUNT_WORDS = frozenset({"account", "gebruikersnaam", "door", "by"})
    _ACCOUNT_LOGIN = std_re.compile(
        r"(?i:\b(?:account|gebruikersnaam)[ \t]+)(?P<v>[a-z][a-z0-9._-]{2,30}[a-z0-9])"
        r"(?=[ \t]+(?:is|wordt|werd|was|blijft)[ \t]+(?:ge|ont|aan|ver)\w+)"
        r"|\b(?:door|by)[ \t]+(?P<w>[a-z]{3,}[0-9]{1,3}|[a-z]{2,}\.[a-z]{2,})(?=[ \t]+(?:op|om|on|at)\b)"
        # (or any login before the address it came from: 'downloaded patientoverzicht.xlsx by gkaya from 62.161.23.231';
        # issue 17, twenty-first round: dev90's forensic reports by another hand)
        r"|\b(?:door|by)[ \t]+(?P<x>[a-z][a-z0-9._-]{1,30}[a-z0-9])(?=[ \t]+(?:from|vanaf|van)[ \t]+\d{1,3}\.\d{1,3}\.)"
        # (or any login in quotes, as an application's log writes it: "exposure repeated (3) by 'nbouzid'"; issue 17,
        # thirty-third round: dev138's imaging logs by another hand)
        r"|\b(?:door|by)[ \t]+['\"‘](?P<y>[a-z][a-z0-9._-]{1,30}[a-z0-9])['\"’]"
        # (or any login after 'door' before the day and time of a record's change: 'Gewijzigd door ohazenberg 2024-03-16
        # 14:07'; thirty-fourth round: dev144's inspection records by another hand)
        r"|\bdoor[ \t]+(?P<z>[a-z][a-z0-9._-]{3,30}[a-z0-9])(?=[ \t]+(?:(?:19|20)\d\d-\d\d-\d\d|\d{1,2}[-/]\d{1,2}[-/]\d{2,4})[ \t]+\d{1,2}:\d\d)"
    )
    # A user's own folder in a path, named after their account ('C:\\Users\\mgroen\\Desktop\\export.csv', '/home/pvisser/'),
    # and a login after 'gebruiker' before what it did ('gebruiker mgroen exporteerde 12 records'; issue 17,
    # thirty-fifth round: the session's user check).
    _PATH_LOGIN = std_re.compile(
        r"(?:\b[A-Za-z]:\\Users\\|/home/|/Users/)(?P<v>[A-Za-z][\w.-]{1,30}[A-Za-z0-9])(?=[\\/])"
    )
    _USER_DID = std_re.compile(
        r"\b[Gg]ebruiker[ \t]+(?P<v>[a-z][a-z0-9._-]{2,30}[a-z0-9])(?=[ \t]+[a-z]{3,}(?:de|te|den|ten)\b)"
    )
    # Where a match of it can start: both branches open with \b and one of these words, a space or tab after it (the
    # boundaries ``keywords.cue_starts`` needs), so it is tried there only, not at every position of the notes that
    # pass ``_ACCOUNT_WORDS`` (issue 17, seventeenth round).
    _ACCOUNT_CUES = frozenset({"account", "gebruikersnaam", "door", "by"})
    _EQUALS_LOGIN_LABELS = _LOGIN_LABELS | {"door", "auteur", "by"}
    # A chat's sender by login: after the bracketed time ('[09:14] a.bakker: ...'), or on its own line before the time
    # (a Slack export: 'fatima.bouzid  10:54 AM'); someone mentioned by login ('@a.visser4'). A login has a login's
    # shape (``login_shaped``): a display name there is a name anyway (sixteenth round: dev41).
    _CHAT_LOGIN = std_re.compile(
        r"^(?:[ \t]*\[\d{1,2}:\d\d(?::\d\d)?\][ \t]+"
        + _LOGIN_PREFIX
        + r"(?P<v>[A-Za-z][\w.-]{1,30}[A-Za-z0-9])(?=:[ \t])"
        r"|" + _LOGIN_PREFIX + r"(?P<w>[A-Za-z][\w.-]{1,30}[A-Za-z0-9])[ \t]{1,3}\d{1,2}:\d\d(?:[ \t]?[AP]M)?[ \t]*$"
        # (or a WhatsApp export's sender after the date, the time and a dash: '07.02.2027 11:03 - jesse_debo96: goed
        # hoor'; issue 17, thirty-third round: dev137's parents' chats by another hand)
        r"|[ \t]*\[?\d{1,2}[-./]\d{1,2}[-./]\d{2,4},?[ \t]+\d{1,2}:\d\d(?::\d\d)?\]?[ \t]+[-–][ \t]+"
        + r"(?P<x>[A-Za-z][\w.-]{1,30}[A-Za-z0-9])(?=:[ \t]))",
        std_re.MULTILINE,
    )
    # (a chat's time holds a colon between digits: most notes have none; the mention is found from its '@')
    _CHAT_TIME = std_re.compile(r"\d:\d\d").search
    _MENTION_LOGIN = std_re.compile(
        with_first_char_hint(r"(?<![\w.@])@(?P<m>[a-z][a-z0-9._-]{1,30}[a-z0-9])(?![\w@]|[.-]\w)")
    )
    # A login of its own unmistakable shape anywhere: letters and a number ('kozturk06'), an initial and a name with a
    # dot and maybe a number ('b.elamrani5'), a surname and an initial after an underscore ('ZWART_L', 'vos_w'); only
    # where its letters are a name (``login_shaped``), so 'covid19' or 'fase2' stays.
    _SHAPED_LOGIN = std_re.compile(
        r"(?<![\w.@/-])"
        + _LOGIN_PREFIX
        + r"(?P<v>[a-z]{4,20}\d{1,3}|[a-z]{1,12}\.[a-z]{2,20}\d{1,3}|[A-Z]{2,20}_[A-Z]{1,2}"
        r"|[a-z]{2,20}_[a-z]{1,2}|[a-z]{2,12}\.[a-z]{3,20}|(?<=\()[a-z]{5,20}(?=\)))(?![\w@]|[.-]\w)"
    )
    _NOT_LOGIN_ENDS = frozenset(
        {"com", "net", "org", "info", "pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "txt", "csv", "zip"}
    )
    # What every match of it holds: a digit after a lower-case letter, an underscore between letters, a dot with two
    # lower-case letters before it and three after, or a bracket before five. Found from the digit, underscore, dot or
    # bracket (``re`` skips to a first character class), where a lower-case letter first was tried at most positions
    # of every note: 2.6x faster on the notes (issue 17, sixteenth round).
    _SHAPED_LOGIN_GATE = std_re.compile(
        r"[\d_.(](?:(?<=[a-z]\d)|(?<=[A-Za-z]_)(?=[A-Za-z])|(?<=[a-z]{2}\.)(?=[a-z]{3})|(?<=\()(?=[a-z]{5}))"
    ).search
    # A login of a name's shape, wherever it stands: a given name and an initial ('senait.k'), an initial and a
    # surname ('t.dabrowski'); not a domain ('planet.nl'), an abbreviation ('i.v.m.') or a species ('s.mutans').
    _DOTTED_LOGIN = std_re.compile(r"(?<![\w.@/:-])(?:[a-z]{3,}\.[a-z]|[a-z]\.[a-z]{3,})(?![\w@/-]|\.\w)")
    # What every match of it holds: a dot with three lower-case letters before it and one after, or one before and
    # three after. Found from the dot (``re`` skips to a literal), where the pattern, a look-behind first, was tried at
    # every position of every note with a dot; one note in five passes (issue 17, fourteenth round).
    _DOTTED_LOGIN_GATE = std_re.compile(r"\.(?:(?<=[a-z]{3}\.)[a-z]|(?<=[a-z]\.)[a-z]{3})").search
    # A login alone in brackets at a line's end, after what its owner did ('Voicemail ingesproken (ajansen)').
    # (The bracket first, its look-behind after it: ``re`` skips to the literal, where a look-behind first was tried at
    # every position of the notes with a bracket; the same matches.)
    _BRACKETED_LOGIN = std_re.compile(r"\((?<=[a-z] \()(?P<v>[a-z]{5,20})\)[ \t]*$", std_re.MULTILINE)
    # A login in an audit table: in the cell after the time ('29-04-2025 18:05 | ingrid.p | administratie'), in the
    # column before the date at a change log's line end ('... Schipper        kowalskam 31-12-2024'), after 'Actie'.
    _TABLE_LOGIN = std_re.compile(r"(?<=\d:\d\d)[ \t]*\|[ \t]*(?P<v>[a-z][a-z0-9._-]{2,24})(?=[ \t]*\|)")
    _COLUMN_LOGIN = std_re.compile(
        r"[ \t]{3,}(?P<v>[a-z][a-z0-9._-]{3,24})[ \t]+\d{1,2}-\d{1,2}-\d{2,4}[ \t]*$", std_re.MULTILINE
    )
    _ACTION_LOGIN = std_re.compile(r"\bActie[ \t]+(?P<v>[a-z][a-z0-9._-]{3,24}):")
    # (or in a column aligned by spaces after the time and before the action in capitals, perhaps after its domain:
    # '2025-07-20 11:37:10  ylin            LOGIN_FAILED', '17-01-2026 10:29:39  ZUIDERLICHT\\latuherub  EDIT'; issue 17,
    # twenty-sixth round: dev110's audit logs by another hand)
    _ALIGNED_LOGIN = std_re.compile(
        r"(?<=\d:\d\d)(?::\d\d)?[ \t]{2,}(?:[A-Z][A-Z0-9-]{1,20}\\)?(?P<v>[a-z][a-z0-9._-]{2,24})[ \t]{2,}[A-Z][A-Z_]{2,}\b"
    )
    # A DICOM person name, family^given^middle^prefix^suffix ('(0010,0010) PN [MULDER^JUNI^^^]', 'PN: 'ISENIA^G^^DR.^'',
    # 'retry 1/3 for KAYA^K^^^', 'ook als RYPMA^J'): the family, given and middle names; not the prefix or suffix (a
    # title). A word of a component is letters, apostrophes, hyphens and dots, one space between words ('DA SILVA',
    # 'van den', 'Mei Ling'). Issue 17, eighteenth round (dev57's imaging text by another hand).
    _CARET_WORD = r"(?:[^\W\d_]|['’][^\W\d_])[\w'’.-]*"
    _CARET_NAME = std_re.compile(
        r"\^(?<=[^\W\d_.'’-]\^)(?P<given>" + _CARET_WORD + r"(?:(?<!\.)[ ]" + _CARET_WORD + r"){0,2})?"
        r"(?:\^(?P<middle>" + _CARET_WORD + r"(?:(?<!\.)[ ]" + _CARET_WORD + r"){0,2})?)?"
    )
    # The family name's words before its caret: capitals (with their particles) when the last is in capitals ('DA
    # SILVA', 'VAN DEN BROEK-SMIT'), else the last word alone ('Kamp^Job^op den').
    _CARET_FAMILY_WORD = std_re.compile(r"(?<![\w'’.^-])" + _CARET_WORD + r"$")
    _HL7_LINE = std_re.compile(r"^[ \t]*[A-Z][A-Z0-9]{2}\|", std_re.MULTILINE)
    # (or its value after the representation's letters, unbracketed: '(0010,0020) PatientID   LO  65906'; issue 17,
    # thirty-first round: dev129's laboratory's CBCT headers by another hand)
    _DICOM_PATIENT_ID = std_re.compile(
        r"\(0010,[ ]?0020\)(?:[^\n\[']{0,60}[\['](?P<v>[^\]'\n]{1,30})[\]']|"
        r"[ \t]+(?:[A-Za-z]{1,20}[ \t]+)?LO[ \t]+(?P<w>[^\s\[']{1,30})[ \t]*$)",
        std_re.MULTILINE,
    )
    # A shell's prompt, 'user@host:path$', and the owner's column of 'ls -l' ('-rw-r--r-- 1 sewnaraind staff 28M'),
    # and a session log's 'user trant logged in' (same round: dev57's file lists and modality logs).
    _SHELL_LOGIN = std_re.compile(
        r"^(?P<v>[a-z][a-z0-9._-]{1,30}[a-z0-9])@[\w.-]+:[^\s$#]*[$#]"
        r"|^[-dlrwxst]{10}[+@.]?[ \t]+\d+[ \t]+(?P<w>[a-z][a-z0-9._-]{1,30}[a-z0-9])[ \t]+[a-z][\w.-]*[ \t]+\d",
        std_re.MULTILINE,
    )
    # (or who made a record: 'Aangemaakt: 31-08-2027 20:19 door gebruiker elifa'; issue 17, thirty-first round:
    # dev131's migration reports by another hand)
    _SESSION_LOGIN = std_re.compile(
        r"\b(?i:user|gebruiker)[ \t]+(?P<v>[a-z][a-z0-9._-]{1,30}[a-z0-9])[ \t]+"
        r"(?:logged|logt|logde|ingelogd|uitgelogd|heeft)\b"
        r"|\b(?i:door|by)[ \t]+(?i:gebruiker|user)[ \t]+(?P<w>[a-z][a-z0-9._-]{1,30}[a-z0-9])(?![\w@]|[.-]\w)"
    )
    # A FHIR resource's name ('"family": "Zeefuik", "given": ["Gracia"]').
    _FHIR_NAME = std_re.compile(r'"(?:family|given)"[ \t]*:[ \t]*\[?[ \t]*"(?P<v>[^"\n]{1,60})"')
    # Initials alone in a cell of a line of values separated by semicolons ('197675;Sewnarain;R.;;20000827').
    _CSV_INITIALS = std_re.compile(r"(?<=;)(?:[A-ZÀ-Þ]\.){1,4}(?=;)")
    _FILE = std_re.compile(
        r"(?<![\w.-])[\w.-]*_[\w.-]*\.(?:jpe?g|png|dcm|pdf|docx?|xlsx?|tiff?|txt|zip|csv)\b", std_re.IGNORECASE
    )
    # (or before a date after a dash, and that date, a birth date in a scanned record's name: 'scan_Feenstra-23-02-2000.pdf',
    # 'geboorteakte_Lewandowski-1982-04-13.pdf'; issue 17, thirty-sixth round: dev150's upload logs by another hand)
    _FILE_PART = std_re.compile(
        r"(?<=[_])[A-Z][a-zß-öø-ÿĀ-ɏ'’]+(?:-[A-Za-zß-öø-ÿĀ-ɏ'’]+)*(?=_|-\d)|^[A-Z][a-zß-öø-ÿĀ-ɏ'’]+(?:-[A-Za-zß-öø-ÿĀ-ɏ'’]+)*(?=_)"
    )
    _FILE_DATE = std_re.compile(r"(?<=[A-Za-zß-ÿ]-)(?:\d\d-\d\d-(?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d)(?=\.\w+$)")

    def __init__(self) -> None:
        from transforms import lexicon

        super().__init__([self.ENTITY, "PATIENTNUMMER", "GEBOORTEDATUM", "ADRES", "LOCATIE", "POSTCODE"])
        self._not_logins = frozenset(lexicon.words("microorganism_species")) | dutch_stop_words()
        self._vocabulary = lexicon.dutch_vocabulary()
        self._english = lexicon.english_vocabulary()

    # An EDIFACT segment that names a party or dates something, as a Vektis declaration holds a patient: 'NAD+PAT+++
    # Veld:L.:in ?'t+Dorpsstraat 60+Amsterdam++1059RW+NL'', 'DTM+329:19800602:102'' (329: the date of birth), its data
    # elements split at unescaped '+', components at ':', '?' escaping the next character (issue 17, twenty-first
    # round: dev85's declarations by another hand).
    _EDIFACT_SEGMENT = std_re.compile(r"(?:^|(?<='))[ \t]*(NAD|DTM)\+((?:\?.|[^'?\n])*)", std_re.MULTILINE)
    _EDIFACT_SPLIT = std_re.compile(r"(?<!\?)\+")
    # The parties a declaration's NAD names that are people (the patient, the insured, a guardian).
    _EDIFACT_PERSONS = frozenset({"PAT", "IV", "GT", "BE"})

    def _edifact(self, m: std_re.Match, results: List[RecognizerResult]) -> None:
        at = m.start(2)
        elements, pos = [], at
        for value in self._EDIFACT_SPLIT.split(m.group(2)):
            elements.append((pos, value))
            pos += len(value) + 1
        if m.group(1) == "DTM":
            qualifier, _, value = elements[0][1].partition(":")
            date = value.split(":", 1)[0]
            if date.isdigit() and len(date) in (8, 12):
                start = elements[0][0] + len(qualifier) + 1
                kind = "GEBOORTEDATUM" if qualifier == "329" else "DATUM"
                results.append(self._result(kind, start, start + len(date)))
            return
        if elements[0][1] not in self._EDIFACT_PERSONS or len(elements) < 4:
            return
        # party, id, name and address (unstructured), name, street, city, region, postcode, country
        kinds = {3: self.ENTITY, 4: "ADRES", 5: "LOCATIE", 7: "POSTCODE"}
        for index, kind in kinds.items():
            if index < len(elements):
                element_at, value = elements[index]
                for part in std_re.finditer(r"(?:\?.|[^:?])+", value):
                    if part.group().strip() and any(c.isalpha() or c.isdigit() for c in part.group()):
                        results.append(self._result(kind, element_at + part.start(), element_at + part.end()))

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        results: List[RecognizerResult] = []
        if "|" in text and "^" in text:
            for m in self._SEGMENT.finditer(text):
                self._segment(text, m.start(1), m.end(), m.group(1), results)
        if "NAD+" in text or "DTM+" in text:
            for m in self._EDIFACT_SEGMENT.finditer(text):
                self._edifact(m, results)
        if self.may_label_a_login(text):
            for m in self._LABELLED_LOGIN.finditer(text):
                self._login(m.start("v"), m.end("v"), m.group("v"), results)
        if "\\Users\\" in text or "/home/" in text or "/Users/" in text:
            for m in self._PATH_LOGIN.finditer(text):
                self._login(m.start("v"), m.end("v"), m.group("v"), results, unlabelled=True)
        if "gebruiker " in text or "Gebruiker " in text:
            for m in self._USER_DID.finditer(text):
                self._login(m.start("v"), m.end("v"), m.group("v"), results, unlabelled=True)
        if not self._ACCOUNT_WORDS.isdisjoint(words(text)):
            for m in cue_led_matches(self._ACCOUNT_LOGIN, text, self._ACCOUNT_CUES):
                group = next(g for g in ("v", "w", "x", "y", "z") if m.group(g) is not None)
                self._login(m.start(group), m.end(group), m.group(group), results)
        if "." in text:
            for m in self._DOTTED_LOGIN.finditer(text) if self._DOTTED_LOGIN_GATE(text) is not None else ():
                word = m.group(0)
                if word.rpartition(".")[2] not in self._not_logins and word.partition(".")[0] not in self._not_logins:
                    results.append(self._result(self.ENTITY, m.start(), m.end()))
            if "_" in text:
                for f in self._FILE.finditer(text):
                    for m in self._FILE_PART.finditer(f.group(0)):
                        if not _not_a_name(m.group(0)):
                            results.append(self._result(self.ENTITY, f.start() + m.start(), f.start() + m.end()))
                    for m in self._FILE_DATE.finditer(f.group(0)):
                        results.append(self._result("GEBOORTEDATUM", f.start() + m.start(), f.start() + m.end()))
        chats = self._CHAT_LOGIN.finditer(text) if ":" in text and self._CHAT_TIME(text) is not None else ()
        mentions = self._MENTION_LOGIN.finditer(text) if "@" in text else ()
        for m in [*chats, *mentions]:
            group = next(g for g in ("v", "w", "x", "m") if g in m.re.groupindex and m.group(g) is not None)
            if self.login_shaped(m.group(group)):
                results.append(self._result(self.ENTITY, m.start(group), m.end(group)))
        if self._SHAPED_LOGIN_GATE(text) is not None:
            for m in self._SHAPED_LOGIN.finditer(text):
                if self.login_shaped(m.group("v")) and not (
                    text.startswith(":", m.end("v")) and form_key(m.group("v"))
                ):
                    results.append(self._result(self.ENTITY, m.start("v"), m.end("v")))
        if "|" in text:
            for m in self._TABLE_LOGIN.finditer(text):
                self._login(m.start("v"), m.end("v"), m.group("v"), results, unlabelled=True)
        if self.may_hold_a_column_login(text):
            for m in self._COLUMN_LOGIN.finditer(text):
                self._login(m.start("v"), m.end("v"), m.group("v"), results, unlabelled=True)
        if "Actie " in text:
            for m in self._ACTION_LOGIN.finditer(text):
                self._login(m.start("v"), m.end("v"), m.group("v"), results, unlabelled=True)
        if "  " in text and ":" in text:
            for m in self._ALIGNED_LOGIN.finditer(text):
                self._login(m.start("v"), m.end("v"), m.group("v"), results, unlabelled=True)
        if "^" in text:
            self._caret_names(text, results)
        if (
            "(0010," in text
        ):  # a DICOM dump's patient ID ('(0010,0020) LO [57763]', "(0010, 0020) Patient ID  LO: '15844'")
            for m in self._DICOM_PATIENT_ID.finditer(text):
                results.append(self._result("PATIENTNUMMER", *m.span("v" if m.group("v") is not None else "w")))
        if "$" in text or "-rw" in text or "-r-" in text:
            for m in self._SHELL_LOGIN.finditer(text):
                group = "v" if m.group("v") is not None else "w" if m.group("w") is not None else "x"
                self._login(m.start(group), m.end(group), m.group(group), results)
        if (
            "logged" in text
            or "gelogd" in text
            or "heeft" in text
            or "logt" in text
            or "logde" in text
            or "gebruiker " in text
            or "user " in text
        ):
            for m in self._SESSION_LOGIN.finditer(text):
                group = "v" if m.group("v") is not None else "w"
                # (after 'door gebruiker' also a system's role: 'door gebruiker beheer')
                self._login(m.start(group), m.end(group), m.group(group), results, unlabelled=group == "w")
        if '"family"' in text or '"given"' in text:
            for m in self._FHIR_NAME.finditer(text):
                results.append(self._result(self.ENTITY, m.start("v"), m.end("v")))
        if ";" in text:
            for m in self._CSV_INITIALS.finditer(text):
                results.append(self._result(self.ENTITY, m.start(), m.end()))
        if "(" in text:
            for m in self._BRACKETED_LOGIN.finditer(text):
                word = m.group("v")
                # an initial and a surname ('ajansen'), or a word that can only be a name; no ordinary word ('(balie)')
                if not _not_a_name(word) and (is_name_word(word) or word[1:] in deduce_words("names/lst_surname")):
                    results.append(self._result(self.ENTITY, m.start("v"), m.end("v")))
        return results

    @classmethod
    def cue_started_patterns(cls) -> list[tuple[std_re.Pattern, frozenset[str]]]:
        """(pattern, cue words) of each pattern tried only where a cue word stands (``keywords.cue_starts``), on the text
        itself (a test holds them to it)."""
        return [(cls._ACCOUNT_LOGIN, cls._ACCOUNT_CUES)]

    @classmethod
    def gated_patterns(cls) -> list[tuple[std_re.Pattern, Callable[[str], object]]]:
        """(pattern, check) of each pattern scanned only where its cheap check passes (a test holds them to it)."""
        return [
            (cls._DOTTED_LOGIN, cls._DOTTED_LOGIN_GATE),
            (cls._LABELLED_LOGIN, cls.may_label_a_login),
            (cls._COLUMN_LOGIN, cls.may_hold_a_column_login),
            (cls._SHAPED_LOGIN, cls._SHAPED_LOGIN_GATE),
        ]

    @classmethod
    def may_label_a_login(cls, text: str) -> bool:
        """False where ``_LABELLED_LOGIN`` cannot match: no '=' or ':', or none of its labels as a word."""
        if "=" in text:
            return not cls._EQUALS_LOGIN_LABELS.isdisjoint(words(text))
        return ":" in text and not cls._LOGIN_LABELS.isdisjoint(words(text))

    @staticmethod
    def may_hold_a_column_login(text: str) -> bool:
        """False where ``_COLUMN_LOGIN`` cannot match: no dash, or no run of three spaces or tabs (which holds a tab
        or is three spaces)."""
        return "-" in text and ("   " in text or "\t" in text)

    def login_shaped(self, login: str) -> bool:
        """Whether ``login`` (any case, with a number after it or not) is an account made of a name: a name word and an
        initial joined by a dot, an underscore or a hyphen ('a.visser4', 'ZWART_L', 'senait.k'), two name words so
        joined ('fatima.bouzid'), or one word that is an initial or two and a surname DEDUCE knows, or that surname and
        an initial ('kozturk06', 'vanleeuwenk'), or a name word alone ('hboer07' is h + boer). Not a Dutch word."""
        word = login.lower().rstrip("0123456789")
        if len(word) < 3 or word in self._not_logins:
            return False
        parts = [p for p in std_re.split(r"[._-]", word) if p]
        surnames = deduce_words("names/lst_surname")
        if len(parts) == 2:
            a, b = parts
            if len(a) <= 2:
                return self._surname(b, surnames)
            if len(b) <= 2:
                return self._surname(a, surnames)
            # two words: a given name and a surname ('fatima.bouzid', 'roos.vandenberg'); not a domain or a file
            return (
                (is_name_word(a) or a in surnames or a in known_given_names())
                and (self._surname(b, surnames) or b not in self._vocabulary)
                and b not in self._NOT_LOGIN_ENDS
            )
        if len(parts) != 1 or word in self._vocabulary:
            return False
        # a word alone, without a number after it, only as initials and a surname or a name and an initial: a word in
        # no dictionary may be English ('(rebasing)')
        numbered = len(word) < len(login)
        return (
            any(self._surname(w, surnames, numbered) for w in (word[1:], word[2:], word[:-1]))
            or numbered
            and is_name_word(word)
            or word[:-1] in known_given_names()
        ) and word not in self._english

    @staticmethod
    def _surname(word: str, surnames: frozenset[str], loose: bool = True) -> bool:
        """Whether ``word`` is a surname DEDUCE knows, or (``loose``) a word that can only be a name, with the particles
        a login writes glued to it taken off first ('vanleeuwen', 'opdenakker', 'elamrani'). Not loose for the letters
        of a word alone, where the rest of any long word is in no dictionary ('(zirkoniumoxide)')."""
        for glued in range(4):
            # a particle glued to a word is a surname's shape in a login ('vanleeuwen', 'devos')
            if word in surnames or loose and len(word) >= 4 and (glued or is_name_word(word)):
                return True
            particle = next((p for p in _GLUED_PARTICLES if word.startswith(p) and len(word) - len(p) >= 3), None)
            if particle is None:
                return False
            word = word[len(particle) :]
        return False

    # A system's own accounts, which no person owns ('door gebruiker admin')
    # (and the folders every Windows machine has under 'Users': no one's account)
    _SYSTEM_ACCOUNTS = frozenset(
        {"admin", "administrator", "root", "system", "systeem", "service", "sa", "batch", "public", "default", "guest"}
    )

    def _login(
        self, start: int, end: int, login: str, results: List[RecognizerResult], unlabelled: bool = False
    ) -> None:
        """A login's result, unless it is a stop word or a species; where no label names it a login (``unlabelled``),
        also unless it is an ordinary word ('| balie |', 'gewijzigd 12-03-2025')."""
        if (
            login in self._not_logins
            or unlabelled
            and (_not_a_name(login) or login in self._vocabulary or login.lower() in self._SYSTEM_ACCOUNTS)
        ):
            return
        results.append(self._result(self.ENTITY, start, end))

    def _caret_names(self, text: str, results: List[RecognizerResult]) -> None:
        """The DICOM person names of ``text`` (``_CARET_NAME``), outside HL7 segments (whose fields say what a caret
        separates: ``_segment``)."""
        hl7_lines = (
            [(m.start(), text.find("\n", m.start())) for m in self._HL7_LINE.finditer(text)] if "|" in text else []
        )
        for m in self._CARET_NAME.finditer(text):
            caret = m.start()
            if text[caret - 1 : caret] == "^" or any(s <= caret and (e < 0 or caret < e) for s, e in hl7_lines):
                continue
            line_start = text.rfind("\n", 0, caret) + 1
            family = self._CARET_FAMILY_WORD.search(text, line_start, caret)
            if family is None:
                continue
            start = family.start()
            if family.group().isupper():  # 'DA SILVA', 'MULDER-VAN LEEUWEN', 'OP DEN KAMP'
                while True:
                    before = self._CARET_FAMILY_WORD.search(text, line_start, max(line_start, start - 1))
                    if before is None or text[before.end() : start] != " " or not before.group().isupper():
                        break
                    start = before.start()
            end = caret
            for name in ("given", "middle"):
                value = m.group(name)
                if value and not _TITLE_COMPONENT.fullmatch(value):
                    end = m.end(name) - (value[-1] in "'’" and not value.endswith(("'t", "’t")))
            results.append(self._result(self.ENTITY, start, end))

    def _segment(self, text: str, start: int, end: int, segment: str, results: List[RecognizerResult]) -> None:
        """The values of one HL7 segment line (``text[start:end]``, from its name) that its fields say are personal."""
        fields, at = [], start
        for value in text[start:end].split("|"):
            fields.append((at, value))
            at += len(value) + 1
        wanted = {n: 1 for n in self._XPN_FIELDS.get(segment, ())} | {n: 2 for n in self._XCN_FIELDS.get(segment, ())}
        for number, first in wanted.items():
            if number < len(fields):
                at, value = fields[number]
                for rep_at, rep in self._repetitions(at, value):
                    parts = self._components(rep_at, rep)
                    opening = first - 1
                    if first == 2 and not (parts and parts[0][1].isdigit()):
                        # a clinician's field opens with their number; written without it, with the family name first
                        # ('PD1|||Mondzorgcentrum De Brink^^12538046|Shevchuk^Nataliia'; issue 17, nineteenth round:
                        # dev68's hospital exports by another hand)
                        if not (len(parts) >= 2 and all(self._NAME_PART.fullmatch(p) for _, p in parts[:2])):
                            continue
                        opening = 0
                    if first == 2 and parts and parts[0][1].isalpha() and parts[0][1].islower():
                        results.append(
                            self._result(self.ENTITY, parts[0][0], parts[0][0] + len(parts[0][1]))
                        )  # a login
                    for index, (part_at, part) in enumerate(parts[opening : opening + 3]):
                        # (a family name's subcomponents, own surname and partner's: 'Bouzid&&Bouzid')
                        for sub_at, sub in self._subcomponents(part_at, part):
                            # (after the family name, initials without dots too: 'LAILOSSA^A', '01945620^SETROWIDJOJO^S';
                            # issue 17, thirty-fifth round: dev148's lab messages by another hand)
                            if self._NAME_PART.fullmatch(sub) or index and self._INITIALS_PART.fullmatch(sub):
                                results.append(self._result(self.ENTITY, sub_at, sub_at + len(sub)))
        if segment in self._PERSON_SEGMENTS:
            # A person's segment written by a system that keeps its own field order ('PID|3460392|NOWAK^SJOERD|19651008|
            # ...', a hospital's export): a field of name parts alone is a name wherever it stands, unless the standard
            # puts a code there or it reads as a code and its description ('NL^Nederland'; issue 17, fifteenth round:
            # dev38's hospital exports by another hand).
            taken = set(wanted) | self._CODED_FIELDS.get(segment, set())
            for number, (at, value) in enumerate(fields[1:], start=1):
                if number in taken or "^" not in value or any(c.isdigit() for c in value):
                    continue
                parts = [(part_at, part) for part_at, part in self._components(at, value) if part]
                if len(parts) < 2 or not all(self._NAME_PART.fullmatch(part) for _, part in parts[:3]):
                    continue
                code, description = parts[0][1], parts[1][1]
                if len(code) <= 3 and code.isupper() and not description.isupper():
                    continue
                for part_at, part in parts[:3]:
                    results.append(self._result(self.ENTITY, part_at, part_at + len(part)))
        if segment in self._ORDER_SEGMENTS:
            # A clinician's field by its shape, its number then the family and the given name or initials
            # ('01945620^SETROWIDJOJO^S'), wherever a lab's system puts it: not every system counts OBR's fields as the
            # standard does (the same round: dev148's lab messages put the orderer one field early).
            for number, (at, value) in enumerate(fields[1:], start=1):
                if number in wanted or "^" not in value:
                    continue
                parts = self._components(at, value.split("~", 1)[0])
                if (
                    len(parts) >= 3
                    and parts[0][1].isdigit()
                    and self._NAME_PART.fullmatch(parts[1][1])
                    and (self._NAME_PART.fullmatch(parts[2][1]) or self._INITIALS_PART.fullmatch(parts[2][1]))
                ):
                    for part_at, part in parts[1:3]:
                        results.append(self._result(self.ENTITY, part_at, part_at + len(part)))
        for number in self._ORDER_FIELDS.get(segment, ()):
            if number < len(fields):
                at, value = fields[number]
                first = value.split("^", 1)[0]
                if any(c.isdigit() for c in first):
                    results.append(self._result("PATIENTNUMMER", at, at + len(first)))
        if segment == "PID":
            if len(fields) > 3:
                at, value = fields[3]
                first = value.split("~", 1)[0].split("^", 1)[0]
                if first:
                    results.append(self._result("PATIENTNUMMER", at, at + len(first)))
            if len(fields) > 7 and fields[7][1][:8].isdigit():
                at, value = fields[7]
                results.append(self._result("GEBOORTEDATUM", at, at + len(value.split("^", 1)[0])))
        number = self._ADDRESS_FIELDS.get(segment)
        if number is not None and number < len(fields):
            at, value = fields[number]
            parts = self._components(at, value.split("~", 1)[0])
            for index, kind in ((0, "ADRES"), (2, "LOCATIE"), (4, "POSTCODE")):
                if index < len(parts) and parts[index][1].strip():
                    part_at, part = parts[index]
                    results.append(self._result(kind, part_at, part_at + len(part)))

    @staticmethod
    def _split_at(at: int, value: str, separator: str) -> list[tuple[int, str]]:
        """``value`` (which starts at offset ``at``) split at ``separator``, each piece with its offset."""
        out = []
        for part in value.split(separator):
            out.append((at, part))
            at += len(part) + 1
        return out

    def _repetitions(self, at: int, value: str) -> list[tuple[int, str]]:
        return self._split_at(at, value, "~")

    def _components(self, at: int, value: str) -> list[tuple[int, str]]:
        return self._split_at(at, value, "^")

    def _subcomponents(self, at: int, value: str) -> list[tuple[int, str]]:
        return self._split_at(at, value, "&")

    def _result(self, entity: str, start: int, end: int) -> RecognizerResult:
        return RecognizerResult(entity, start, end, self.SCORE, recognition_metadata=dict(self._meta))


def default_recognizers(patient_number_patterns: Sequence[str]) -> list[EntityRecognizer]:
    """Every Dutch recognizer of the engine (DEDUCE is added separately, it is loaded once per process)."""
    return [
        BsnRecognizer(),
        PhoneRecognizer(),
        NamedPhoneRecognizer(),
        IbanRecognizer(),
        BankAccountRecognizer(),
        StudyNumberRecognizer(),
        ForensicNumberRecognizer(),
        ForeignNationalNumberRecognizer(),
        YearFileCodeRecognizer(),
        EmailRecognizer(),
        NotationRecognizer(),
        UrlRecognizer(),
        PostcodeRecognizer(),
        StreetAddressRecognizer(),
        DateRecognizer(),
        BirthDateContextRecognizer(),
        AgeRecognizer(),
        AgbRecognizer(),
        UziRecognizer(),
        PolicyNumberRecognizer(),
        GermanInsuranceNumberRecognizer(),
        IdNumberRecognizer(),
        PatientNumberRecognizer(patient_number_patterns),
        InstitutionRecognizer(),
        CuedNameRecognizer(),
        CuedPlaceRecognizer(),
        ForeignLetterNameRecognizer(),
        LowerCaseCuedNameRecognizer(),
        SurnameFirstNameRecognizer(),
        NicknameOrPossessiveNameRecognizer(),
        NamePositionRecognizer(),
        SalutationNameRecognizer(),
        SignatureNameRecognizer(),
        IntroducedNameRecognizer(),
        SentenceStartNameRecognizer(),
        LowerCaseSentenceStartNameRecognizer(),
        DeskLogNameRecognizer(),
        LowerCaseInitialsNameRecognizer(),
        CoordinatedNameRecognizer(),
        ActionCuedNameRecognizer(),
        MidSentenceNameRecognizer(),
        BareInitialsNameRecognizer(),
        KnownGivenNameRecognizer(),
        UnlistedNameRecognizer(),
        WrittenDateRecognizer(),
        ForeignDateRecognizer(),
        MessageSenderRecognizer(),
        ForeignScriptNameRecognizer(),
        SpokenNumberRecognizer(),
        SpokenPostcodeRecognizer(),
        AddressFieldRecognizer(),
        LabelledAddressRecognizer(),
        RankedNameRecognizer(),
        DatedSignatureRecognizer(),
        NameBeforeNumberRecognizer(),
        FileNameNameRecognizer(),
        CareHomeRoomRecognizer(),
        NumberFirstStreetRecognizer(),
        RosterRecognizer(),
        ForeignAddressRecognizer(),
        MailDisplayNameRecognizer(),
        StaffInitialsRecognizer(),
        TitledLowerCaseNameRecognizer(),
        DictatedNameRecognizer(),
        CorrectedNameRecognizer(),
        SpelledNameRecognizer(),
        WordNameRecognizer(),
        NameSequenceRecognizer(),
        PlaceAbroadRecognizer(),
        AgedNameRecognizer(),
        SurnameInitialsRecognizer(),
        CapitalsNameRecognizer(),
        PersonFieldRecognizer(),
        TableColumnRecognizer(),
        SystemRecordRecognizer(),
        ListEntryNameRecognizer(),
        TerseNoteNameRecognizer(),
        ScannedPhoneRecognizer(),
    ]
