"""The Dutch clinical text anonymiser: Presidio + DEDUCE + Dutch recognizers, failing closed.

API for the pipeline stages (research datasets, the end-to-end job, the CLI)::

    from transforms.text.engine import TextAnonymiser, TextRecord, anonymise_parallel

    engine = TextAnonymiser()                      # loads DEDUCE once per process (cache from warm-up)
    result = engine.anonymise("Dhr. de Boer, tel. 06-12345678", deny=["Jan de Boer"])
    result.text      # 'Dhr. [PERSOON-1], tel. [TELEFOON-1]'
    result.entities  # (Entity(type='PERSOON', start=5, end=12, score=0.9), ...)  offsets into the input
    result.status    # 'ok' or 'withheld' (result.reason: 'error' | 'timeout' | 'oversize' | 'not_text' | 'pathological')

    batch = engine.anonymise_batch([TextRecord(text, deny=(...)), ...])   # one process
    batch = anonymise_parallel(records, processes=None)                   # every core, pool per call
    with ParallelAnonymiser() as pool: pool.anonymise_batch(records)       # every core, pool kept
    batch.results, batch.counts   # counts: records, ok, withheld, withheld_<reason>, entities_<TYPE>
    frame = anonymise_series(df["note"], df["known_names"])              # pandas: text/status/reason/entities

Replacement (``mode``): ``"placeholder"`` gives typed placeholders numbered per record, the same
value getting the same number (``[PERSOON-1]`` twice for 'de Boer' and 'De Boer'); ``"surrogate"``
gives realistic Dutch stand-ins, consistent within a record. Types in ``hash_types`` are replaced by
a keyed hash (HMAC-SHA256, key from ``hash_key`` or env ``DCN_TEXT_HASH_KEY``, never logged), so
research can link the same patient number across records: ``[PATIENTNUMMER-#3fa2b1c9d0e4]``.

Fail closed: an exception, a timeout or an oversized input withholds that record's text (replaced
by :data:`WITHHELD_MARKER`, counted), never passes it through, and never stops the batch.
Offline: no network access (Presidio's tldextract-based e-mail check is not used; DEDUCE reads its
lists from the wheel and its cache from ``settings.cache_dir()``).
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import gc
import hashlib
import hmac
import logging
import os
import random
import re
import signal
import threading
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from itertools import repeat
from operator import attrgetter
from pathlib import Path
from typing import Any, Callable, Container, Iterable, Iterator, Mapping, Sequence

from transforms import lexicon, settings
from transforms.identifiers import direct, notation
from transforms.identifiers import names as identifier_names
from transforms.text import clinical, guards, keywords

log = logging.getLogger(__name__)

WITHHELD_MARKER = "[TEKST ACHTERGEHOUDEN]"
HASH_KEY_ENV = "DCN_TEXT_HASH_KEY"
DEFAULT_MAX_CHARS = 100_000
DEFAULT_TIMEOUT_S = 10.0
SCORE_THRESHOLD = 0.3

# Direct identifiers a clinical allow-list span may never swallow, and tie-break priority on overlap.
STRONG_TYPES = frozenset({"BSN", "TELEFOON", "IBAN", "EMAIL", "PATIENTNUMMER", "URL", "POSTCODE"})
# A number named by its keyword ('polisnr. 028-5272887') keeps that type over a generic phone match.
_PRIORITY = {
    t: i
    for i, t in enumerate(
        reversed(
            [
                "EMAIL",
                "IBAN",
                "BSN",
                "PATIENTNUMMER",
                "AGB",
                "UZI",
                "POLISNUMMER",
                "TELEFOON",
                "URL",
                "POSTCODE",
                "ADRES",
                "PERSOON",
                "INSTELLING",
                "DATUM",
                "LEEFTIJD",
                "LOCATIE",
                "ID",
            ]
        )
    )
}

# The entity types the engine reports (what --hash-types and hash_types may name).
ENTITY_TYPES = frozenset(_PRIORITY)
# A hash key shorter than this is refused: a short key makes the keyed hash guessable by trying keys.
MIN_HASH_KEY_CHARS = 16

# Ordinary Dutch words that are also names: matched from deny lists only when capitalised, so
# 'werkt als bakker' or 'een groot gat' survive in the record of Mrs Bakker or Mr de Groot.
COMMON_WORDS = lexicon.words("ordinary_word_names")


@dataclass(frozen=True)
class Entity:
    """One detected piece of personal data; offsets index the original text."""

    type: str
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class TextRecord:
    """A text plus the names the practice system knows for its record (patient, family, staff, practice)."""

    text: str
    deny: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnonymisedText:
    text: str
    entities: tuple[Entity, ...]
    status: str  # "ok" | "withheld"
    reason: str | None = None  # for withheld: "error" | "timeout" | "oversize" | "not_text"


@dataclass
class BatchResult:
    results: list[AnonymisedText]
    counts: Counter = field(default_factory=Counter)
    worker_cpu_s: float = 0.0  # CPU seconds the pool workers spent (0 when run in this process)

    @staticmethod
    def count(results: Sequence[AnonymisedText]) -> Counter:
        counts: Counter = Counter(records=len(results))
        for r in results:
            counts[r.status] += 1
            if r.reason:
                counts[f"withheld_{r.reason}"] += 1
            for e in r.entities:
                counts[f"entities_{e.type}"] += 1
        return counts


class _Timeout(Exception):
    pass


class TextAnonymiser:
    """Presidio analyzer (blank Dutch spaCy tokenizer, Dutch recognizers, DEDUCE); spans replaced directly."""

    def __init__(
        self,
        *,
        mode: str = "placeholder",
        hash_types: Iterable[str] = (),
        hash_key: bytes | str | None = None,
        config_dir: Path | None = None,
        max_chars: int = DEFAULT_MAX_CHARS,
        timeout_s: float | None = DEFAULT_TIMEOUT_S,
        use_deduce: bool = True,
        score_threshold: float = SCORE_THRESHOLD,
    ) -> None:
        if mode not in ("placeholder", "surrogate"):
            raise ValueError("mode must be 'placeholder' or 'surrogate'")
        self.mode = mode
        self.hash_types = frozenset(hash_types)
        key = hash_key if hash_key is not None else os.environ.get(HASH_KEY_ENV)
        if self.hash_types and not key:
            raise ValueError(f"hash_types given but no hash key (argument hash_key or env {HASH_KEY_ENV})")
        self._hash_key = key.encode() if isinstance(key, str) else key
        self.max_chars = max_chars
        self.timeout_s = timeout_s
        self.score_threshold = score_threshold
        self._config_dir = config_dir or settings.config_dir()
        self._analyzer = _build_presidio(self._config_dir, use_deduce)
        self._deny_cache: dict[tuple[str, ...], list] = {}

    # -- public API -------------------------------------------------------------------------------

    def anonymise(self, text: Any, deny: Sequence[str] = ()) -> AnonymisedText:
        """Anonymise one text. Never raises for a bad record: it is withheld instead."""
        if not isinstance(text, str):
            return AnonymisedText(WITHHELD_MARKER, (), "withheld", "not_text")
        if len(text) > self.max_chars:
            return AnonymisedText(WITHHELD_MARKER, (), "withheld", "oversize")
        if guards.pathological(text):  # would cost DEDUCE unbounded time and memory (transforms.text.guards)
            return AnonymisedText(WITHHELD_MARKER, (), "withheld", "pathological")
        try:
            with _deadline(self.timeout_s):
                return self._anonymise(text, tuple(deny or ()))
        except _Timeout:
            log.warning("text anonymisation timed out after %ss; record withheld", self.timeout_s)
            return AnonymisedText(WITHHELD_MARKER, (), "withheld", "timeout")
        except Exception as exc:  # noqa: BLE001 - fail closed on anything; log the type only, never the text
            if type(exc).__module__.startswith("airflow"):
                raise  # the task's own timeout or stop signal: not this record's failure
            log.warning("text anonymisation failed (%s); record withheld", type(exc).__name__)
            return AnonymisedText(WITHHELD_MARKER, (), "withheld", "error")

    def anonymise_batch(self, records: Iterable[TextRecord | str]) -> BatchResult:
        """Anonymise records in order, in this process."""
        results = [self.anonymise(*_unpack(r)) for r in records]
        return BatchResult(results, BatchResult.count(results))

    def analyse(self, text: str, deny: Sequence[str] = ()) -> list[Entity]:
        """The entities the engine would replace (merged, non-overlapping, sorted), without anonymising."""
        return self._entities(text, tuple(deny or ()))

    # -- internals --------------------------------------------------------------------------------

    def _entities(self, text: str, deny: tuple[str, ...]) -> list[Entity]:
        # Invisible format characters inside a word ('Fen\u200bna Zij\u200dlstra') hide it from every word pattern:
        # detect on the text as a reader sees it, and replace on the text as written (the characters inside a span
        # go with it).
        seen = notation.visible(text)
        if seen.identity:
            return self._entities_seen(text, deny)
        entities = []
        for e in self._entities_seen(seen.text, deny):
            start, end = seen.span(e.start, e.end)
            entities.append(dataclasses.replace(e, start=start, end=end))
        return entities

    def _entities_seen(self, text: str, deny: tuple[str, ...]) -> list[Entity]:
        with _recognizers().reading(text):
            return self._detect(text, deny)

    def _detect(self, text: str, deny: tuple[str, ...]) -> list[Entity]:
        ad_hoc = self._deny_recognizers(deny) if deny else None
        results = self._analyzer.analyze(
            text=text, language="nl", ad_hoc_recognizers=ad_hoc, score_threshold=self.score_threshold
        )
        if _recognizers().is_german_text():
            results = _listed_names_in_german(text, results)
        keep = clinical.clinical_spans(text)
        if keep:
            results = _trim_at_clinical(
                text,
                [
                    r
                    for r in results
                    if r.entity_type in STRONG_TYPES
                    and r.score >= 0.9
                    # (a full stop or comma after a clinical string is no part of what was found: 'ASA I.' is the
                    # class 'ASA I' and a sentence's end, not initials; issue 17, fifteenth round: dev38)
                    or not _inside_any(r.start, r.end - (text[r.end - 1] in ".,"), keep)
                ],
                keep,
            )
        # Grow, align and merge what the recognizers found; then what only the found names let us see.
        results = _postcode_after_address(text, _extend_addresses(text, _tidy(text, results)))
        merged = _merge(_trim_titles(text, _align_to_tokens(text, _expand_names(text, results, keep))))
        entities = _repeat_values(text, _repeat_marks(text, _repeat_names(text, merged, keep), keep), keep)
        entities = _joined_to_found(text, entities, keep)
        entities = _bracketed_logins(text, _name_logins(text, entities, keep))
        entities = _ages_in_brackets_after_names(text, _quoted_nicknames(text, entities))
        return _unify_types(text, entities)

    def _deny_recognizers(self, deny: tuple[str, ...]) -> list:
        cached = self._deny_cache.get(deny)
        if cached is None:
            from transforms.text.recognizers import deny_list_recognizers

            cached = deny_list_recognizers(deny, COMMON_WORDS)
            if len(self._deny_cache) > 2048:  # records of one patient come together; keep the cache small
                self._deny_cache.clear()
            self._deny_cache[deny] = cached
        return cached

    def _anonymise(self, text: str, deny: tuple[str, ...]) -> AnonymisedText:
        entities = self._entities(text, deny)
        if not entities:
            return AnonymisedText(text, (), "ok")
        return AnonymisedText(
            _replace_spans(text, entities, _Replacer(self.mode, self.hash_types, self._hash_key)), tuple(entities), "ok"
        )


def _replace_spans(text: str, entities: Sequence[Entity], replacer: "_Replacer") -> str:
    """The text with each entity's span replaced, placeholders numbered in reading order.

    Does what Presidio's AnonymizerEngine did here with a custom operator per type, without its
    per-call conflict resolution and operator objects: ``_merge`` already gives sorted,
    non-overlapping spans, so a single left-to-right pass is the whole job.
    """
    parts: list[str] = []
    at = 0
    replace = replacer.replace
    for e in sorted(entities, key=_START):
        start = e.start
        if start < at:  # cannot happen after _merge; fail closed rather than emit a half-replaced span
            raise ValueError("overlapping entities")
        parts.append(text[at:start])
        parts.append(replace(e.type, text[start : e.end]))
        at = e.end
    parts.append(text[at:])
    return "".join(parts)


def _unpack(record: TextRecord | str | Mapping) -> tuple[Any, Sequence[str]]:
    if isinstance(record, TextRecord):
        return record.text, record.deny
    if isinstance(record, tuple):
        return record[0], record[1]
    if isinstance(record, Mapping):
        return record.get("text"), record.get("deny") or ()
    return record, ()


class _Replacer:
    """Per-record replacement state: the same value gets the same placeholder / surrogate / hash."""

    def __init__(self, mode: str, hash_types: frozenset[str], key: bytes | None) -> None:
        self.mode, self.hash_types, self.key = mode, hash_types, key
        self.seen: dict[tuple[str, str], str] = {}
        self.numbers: dict[str, int] = {}  # placeholders given per type so far

    def replace(self, entity_type: str, value: str) -> str:
        key = (entity_type, _normalise(entity_type, value))
        known = self.seen.get(key)
        if known is not None:
            return known
        norm = key[1]
        if entity_type in self.hash_types and self.key:
            digest = hmac.new(self.key, f"{entity_type}:{norm}".encode(), hashlib.sha256).hexdigest()[:12]
            out = f"[{entity_type}-#{digest}]"
        else:
            number = self.numbers[entity_type] = self.numbers.get(entity_type, 0) + 1
            out = f"[{entity_type}-{number}]"
            if self.mode == "surrogate":
                out = _surrogate(entity_type, norm, number) or out
        self.seen[key] = out
        return out


# Types whose value is a number or a code: only its letters and digits identify it ('1234.56.782').
_CODE_TYPES = frozenset({"BSN", "TELEFOON", "IBAN", "POSTCODE", "PATIENTNUMMER", "AGB", "UZI", "POLISNUMMER", "ID"})


# The ASCII characters that are no letter or digit (str.isalnum), to drop from a code's value.
_ASCII_NOT_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())


def _normalise(entity_type: str, value: str) -> str:
    """Spelling-insensitive identity of a value: 'De Boer' = 'de boer'; '1234.56.782' = '123456782'."""
    if not value.isascii():  # notation.normalise leaves ASCII as it is: most values need no call
        value = notation.normalise(value).text  # '１２３\u00a0456 782' and '123456782' are one BSN, one placeholder
    if entity_type in _CODE_TYPES:
        if value.isascii():  # the same letters and digits, dropped and raised at C speed (5x)
            norm = value.encode("ascii").translate(None, _ASCII_NOT_ALNUM).decode("ascii").upper()
        else:
            norm = "".join(filter(str.isalnum, value.upper()))
        if entity_type == "TELEFOON" and norm.startswith(("31", "0031")):
            norm = "0" + norm.removeprefix("00").removeprefix("31")
        return norm
    return " ".join(value.casefold().split())


def _surrogate(entity_type: str, norm: str, number: int) -> str | None:
    """A realistic Dutch stand-in, deterministic per value within a record (seeded by the value's hash)."""
    from transforms.identifiers import dutch

    rng = random.Random(hashlib.sha256(f"{entity_type}:{norm}:{number}".encode()).digest())
    place = dutch.weighted_place(rng)
    if entity_type == "PERSOON":
        first = rng.choice(dutch.FIRST_NAMES_F + dutch.FIRST_NAMES_M)
        prefix, surname = rng.choice(dutch.SURNAMES)
        return f"{first} {dutch.full_surname(prefix, surname)}"
    if entity_type == "TELEFOON":
        return dutch.format_phone(rng, dutch.mobile_number(rng))
    if entity_type == "EMAIL":
        first = rng.choice(dutch.FIRST_NAMES_F)
        prefix, surname = rng.choice(dutch.SURNAMES)
        return dutch.email_address(rng, first, prefix, surname)
    if entity_type == "IBAN":
        return dutch.format_iban(dutch.iban_nl(rng))
    if entity_type == "BSN":
        return dutch.bsn(rng)
    if entity_type == "ADRES":
        return f"{rng.choice(dutch.STREET_NAMES)} {dutch.house_number(rng)}"
    if entity_type == "POSTCODE":
        return dutch.postcode(rng, place)
    if entity_type == "LOCATIE":
        return place.city
    if entity_type == "DATUM":
        return f"{rng.randint(1, 28)}-{rng.randint(1, 12)}-{rng.randint(1940, 2024)}"
    return None


def _inside_any(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    for s, e in spans:  # a plain loop: called per result and span, where a generator frame costs more than the test
        if s <= start and end <= e:
            return True
    return False


def _crosses_any(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``[start, end)`` overlaps one of ``spans`` without lying inside it."""
    for s, e in spans:
        if start < e and s < end and not (s <= start and end <= e):
            return True
    return False


def _trim_at_clinical(text: str, results: list, keep: list[tuple[int, int]]) -> list:
    """A name read across the start of an eponymous clinical phrase ('Recessie Miller' in 'Recessie Miller
    klasse 2'): the phrase keeps its words, and a single word left over is dropped, since the eponym was its
    only evidence of being a name. Only eponym phrases: 'Jan Kroon' in 'Jan Kroon 27 jaar' stays a name.
    Deny-list names (score 0.9 and up) are left whole. A practice's name read on over 'voor' into the phrase is cut the
    same way ('Kaakchirurgie Westland voor Le Fort I'; issue 17, twenty-fifth round: dev107's dictation)."""
    if not any(
        (r.entity_type == "PERSOON" and r.score < 0.9 or r.entity_type == "INSTELLING")
        and _crosses_any(r.start, r.end, keep)
        for r in results
    ):
        return results  # the common case: no name crosses a clinical phrase
    eponyms = clinical.eponym_spans(text)
    for r in results:  # 'graad I.\nMinh Visser', '42-P. Maurits': the first 'initial' ends the clinical string
        if r.entity_type == "PERSOON" and r.score < 0.9:
            skip = _class_letter(r.start, text[r.start : r.start + 3], keep)
            # One word left after an eponym's grade is left to the eponym rule below, which drops it ('Black
            # klasse V. Voorgeschreven'): the grade letter was its only evidence of being a name.
            if skip and len(text[r.start + skip : r.end].split()) > (
                1 if _inside_any(r.start, r.start + 1, eponyms) else 0
            ):
                r.start += skip
                # a clinical abbreviation after the class's letter, which opened the next sentence ('ASA I. MIO 24
                # mm', 'ASA I. VAS 8/10'): no name (issue 17, thirty-third round: dev140 by another hand)
                word = _WORD_AT.match(text, r.start)
                if word is not None and word.end() >= r.end and word.group().strip().lower() in _CLINICAL_ABBREVIATIONS:
                    r.end = r.start
                # a pronoun after the letter, which opened the next sentence ('hepatitis C. Hij verblijft'): no name
                # at all (issue 17, thirty-second round: dev134's referrals by another hand)
                if text[r.start : r.end].lower() in _stop_words():
                    r.end = r.start
    keep = eponyms
    out = []
    for r in results:
        if r.end <= r.start:
            continue
        if r.entity_type == "PERSOON" and r.score < 0.9 or r.entity_type == "INSTELLING":
            start, end = r.start, r.end
            if any(ks <= start and end <= ke for ks, ke in keep):
                continue  # left inside the phrase once its class letter was taken off ('ASA I. Mallampati I.')
            for ks, ke in keep:
                if start < ks < end <= ke:
                    end = ks
                elif ks <= start < ke < end:
                    start = ke
            if (start, end) != (r.start, r.end):
                value = text[start:end]
                rest = value.strip(" \t\n,.;:")
                if len(rest.split()) <= 1:
                    continue
                r.start = start + value.index(rest)
                r.end = r.start + len(rest)
        out.append(r)
    return out


# The word that starts at a position ('BoP' of 'ASA I. BoP 35%').
_WORD_AT = re.compile(r"[ \t]*[^\W_]+")
# A capitalised word of two letters right before a name, after a sentence's start or a lower-case word.
_SHORT_GIVEN_BEFORE = re.compile(r"(?<![\w'’.-])([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ])[ \t]$")
# A hyphen and a short lower-case part that links a name to the next capitalised word ('Zahra-ul Huda').
_LOWER_LINK_AFTER = re.compile(r"-[a-z]{1,3}(?=[ \t]+[A-ZÀ-ÖØ-Þ])")
# A Korean given name's second syllable in lower case after its hyphen ('Kwon Jun-seo', 'Han Eun-ji', 'Mi-kyung'): part of
# the name, which a word pattern ends at the hyphen (issue 17, thirty-sixth round: dev150's adoptees by another hand).
_LOWER_SYLLABLE_AFTER = re.compile(r"-[a-z]{2,5}(?![\w'’-])")
# Initials after a surname, as administration writes a name ('Chen L.', 'Şahin K.)', 'Verhoeven P. –'), where the
# phrase ends after them: not 'Jansen A. kwam', where the letter may open something else (issue 17, ninth round).
# (or before the time a chat's sender line gives: 'Marrigje H. 20:06'; issue 17, thirty-fifth round: dev145's chats by
# another hand)
# (or a table's next cell, a column's gap or a bracket: 'Hoekstra B. | controle', 'Zeefuik G.  vulling', 'Manuhutu D.
# (Nadeesha)'; issue 17, thirty-sixth round: dev150's agendas by another hand)
_INITIALS_AFTER_SURNAME = re.compile(
    r"[ \t]((?:[A-ZÀ-ÖØ-Þ]\.){1,3})(?=[ \t]*(?:[),;–\n|(-]|$)|[ ]{2}|\t|[ \t]+\d{1,2}:\d\d(?!\d))"
)
# After a given name alone, the initial of the surname, as a colleague is named in a log ('overgenomen door Elif D. op
# 27-3'): also before a word that goes on the sentence (issue 17, thirty-first round: dev131's objection lists by
# another hand).
_SURNAME_INITIAL_AFTER_GIVEN = re.compile(
    r"[ \t]([A-ZÀ-ÖØ-Þ]\.)(?=[ \t]*(?:[),;:–\n-]|$)|[ \t]+(?:op|om|heeft|is|en|via|per|aan|in|gaf|belde|zei)\b)"
)
# Initials without dots after a surname in capitals, where a list's cell or the line ends after them ('- BO26-01479
# BOSCHKER FJ  DC Zevenaar', 'Naam: BECKER KM', '| VREEMAN-ARINK WG |'; issue 17, thirty-first round: dev129's
# laboratory lists by another hand). Not a phrase's capitals (``not_initials.txt``) nor a clinical abbreviation.
_CAPITAL_INITIALS_AFTER = re.compile(r"[ \t]([A-ZÀ-ÖØ-Þ]{1,3})(?=[ \t]{2}|[ \t]*(?:[|;\n]|$))")
# A surname in capitals with its particles after it, before the comma and the initials: the name as a system sorts it
# ('AMRANI EL, I.S.', 'BERG VAN DEN, R.W.'; issue 17, tenth round: dev16's lab orders and returned claims).
_CAPITAL_PARTICLES_BEFORE_COMMA = re.compile(
    r"(?:[ \t](?:VAN|DER|DEN|DE|EL|AL|DA|DOS|DAS|DI|DEL|TER|TEN|TE|LA|LE|VON|'T|IN|OP)){1,3}(?=,)"
)
# A lower-case word right after a name, hyphenated parts with it (judged by recognizers.is_surname_word).
# (after a space: a tab is a table's next cell, '@_joost.bos_<tab>facings 14-24'; issue 17, twenty-seventh round)
_LOWER_WORD_AFTER = re.compile(r" ([a-zß-öø-ÿĀ-ɏḀ-ỿ][a-zß-öø-ÿĀ-ɏḀ-ỿ'’]+(?:-[a-zß-öø-ÿĀ-ɏḀ-ỿ'’]+)*)(?![\w@'’-])")
# What ends a name's phrase right after it: punctuation, the line's end, a birth date, a phone or a role after it.
_NAME_PHRASE_END = re.compile(
    r"[ \t]*(?:[,.;:!?()\n]|$)|[ \t]+(?:geb\b|geboren\b|tel\b|0\d|\+\d|komma\b|tandarts\b|pnr\b)"
)
# After a name in capitals and a comma, the given name in capitals where the phrase ends, as a form or a register
# writes the administrative order ('Naam          : FORTES, GERRIT', 'gedetineerde CHEN, JUNI, nr. 8.172.732'): a
# given name that is a word too ('WIL', 'JUNI', 'SKY') is one there (issue 17, twentieth round: dev79's forms).
_CAPITAL_GIVEN_AFTER_COMMA = re.compile(
    r",[ \t]*([A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’]+(?:-[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’]+)?)(?=[ \t]*(?:[,;()\n]|$)|[ \t]{2})"
)
# After a lower-case name and a comma: initials, or one word (judged by recognizers.is_name_word).
_LOWER_GIVEN_AFTER_COMMA = re.compile(
    r",[ \t]*(?:((?:[a-z]\.){1,4})(?![\w'’-])|([a-zß-öø-ÿ][a-zß-öø-ÿ'’-]+)(?![\w'’-]))"
)
# A span whose last word is a tussenvoegsel, and what follows one: more of them, then the surname's word.
_PARTICLE_END = re.compile(r"(?<![\w'’])(?:van|de|der|den|het|'t|ter|ten|te|in|op)$", re.IGNORECASE)
_PARTICLES_AND_WORD = re.compile(
    r"(?:[ \t]+(?:van|de|der|den|het|'t|’t|ter|ten|te|in|op)(?![\w'’]))*[ \t]+[A-Za-zÀ-ÖØ-öø-ÿĀ-ɏ][a-zß-öø-ÿĀ-ɏ'’-]*"
    r"[a-zß-öø-ÿĀ-ɏ]",
    re.IGNORECASE,
)
# One initial without a dot after a surname, where the phrase ends or a number or its label follows ('de Haan E pt nr
# 987941', 'Rahimi F (0512) 911649', 'popal a #97663'; issue 17, eighteenth round: dev62's call-back slips)
_ONE_INITIAL_AFTER = re.compile(
    r"[ \t][A-Za-z](?=[ \t]*(?:$|\n|[,;:)(#*])|[ \t]+(?:\d|\+|pt\b|pnr\b|nr\b|kaartnr\b|tel\b|geb|dob\b))"
)
# Two or three single letters after a name, each a word: initials dictated without dots or capitals ('oosterhuis
# j k'). One letter alone may be the pronoun 'u' ('mevrouw jansen u kunt').
_LOWER_INITIALS_AFTER = re.compile(
    r"[ \t](?:[a-z]\.[ \t]?){1,3}(?:[a-z](?![\w'’.-]))?(?![\w'’-])|(?:[ \t][a-z](?![\w'’.-])){2,3}"
)


# The capitalised word right before a name, and what ends a greeting after the name it greets.
_WORD_BEFORE = re.compile(r"(?<![\w'’.-])([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+) $")
_GREETING_END = re.compile(r"[ \t]*[,!][ \t]*(?:\n|$)")


def _function_word_given_names() -> frozenset[str]:
    """Given names that are Dutch function words too ('Dag', 'Wil', 'Ben'), capitalised."""
    return lexicon.words("function_word_given_names")


def _dotted_abbreviations() -> frozenset[str]:
    """Abbreviations written as dotted letters that a note puts after a name ('jansen i.v.m. pijn', 'e.a.')."""
    return lexicon.words("dotted_abbreviations")


# Initials start a token: in 'DR. Vissers' the 'R.' is the end of a title, not an initial.
# Not the 's' of "foto's van Lieke" or "d'" of a glued particle: a letter after an apostrophe ends a word.
# (not over a tab: a table's cells are apart; 'Angle klasse II<tab>AS' holds no initials before 'AS'; seventeenth
# round: dev49's X-ray logs)
# (nor over a line break after capitals without dots: 'Angle klasse II\nLevering:' ends a line with the class;
# eighteenth round: dev57's scanner exports)
# (an initial joined to the next by a hyphen too: 'G.-J. Zeeman' for Gerrit-Jan; issue 17, twenty-first round: dev91)
# (and initials of several letters: 'Th.J. van 't Hof', 'Chr. Jansen'; ``initials_of_several_letters.txt``; issue 17,
# thirty-seventh round: dev155)
_INITIALS_BEFORE = re.compile(
    r"(?<![\w.'’-])(?:(?:(?:[A-ZÀ-ÞĀ-ɏḀ-ỿ]|"
    + lexicon.alternation("initials_of_several_letters")
    + r")\.(?:-|[^\S\t])?){1,4}|[A-ZÀ-ÞĀ-ɏḀ-ỿ]{1,2}[^\S\t\n])$"
)
# What the text before must end in, but for its spaces, for _INITIALS_BEFORE to match there.
_INITIALS_END = re.compile(r"[.A-ZÀ-ÞĀ-ɏḀ-ỿ-]")
# Capitals that open a phrase, no initials ('NB', 'PS', 'OPT'; ``not_initials.txt``).
_NOT_INITIALS = lexicon.words("not_initials")
# Abbreviations a note writes in lower case as a word ('ok', 'pt', 'rx'): no initials before a name.
_CLINICAL_ABBREVIATIONS = lexicon.words("clinical_abbreviations")
_LOWER_INITIALS_BEFORE = re.compile(r"(?<![\w.'’])(?:(?:[a-zà-ÿ]\.\s?){1,4}|(?:[a-z][ \t]){1,4}|[a-z]{2}\s)$")
_PREFIXES = (
    r"[Vv]an",
    r"[Dd]e",
    r"[Dd]er",
    r"[Dd]en",
    r"[Tt]er",
    r"[Tt]en",
    r"[Ii]n\s't",
    r"'t",
    r"[Hh]et",
    r"[Ee]l",
    r"[Aa]l",
    # Portuguese particles as Dutch registers write them ('Lucas dos Santos'; issue 17, thirteenth round: dev20's
    # families by another hand)
    r"[Dd]os",
    r"[Dd]as",
    r"[Dd]a",
    # and the German one ('Dr. med. von Ahlen', '| von Ahlen, Jutta |'; issue 17, thirty-fifth round: dev147's border
    # practices by another hand)
    r"[Vv]on",
)
# Arabic and Malay particles in lower case, inside a name only: after initials or a capitalised word ('L. ben Youssef',
# 'Siti binti Yusof'), where 'ben' is no verb ('ik ben Jansen' keeps its verb). Thirteenth round (dev20).
_LOWER_PARTICLE_INSIDE_BEFORE = re.compile(
    r"(?:(?<![\w.])(?:[A-ZÀ-Þ]\.[ \t]?){1,4}|(?<![\w'’-])[A-ZÀ-Þ][a-zß-öø-ÿ'’-]+[ \t])(?P<p>(?:ben|bin|binti)[ \t])$"
)
# The same in capitals, before a surname written in capitals ('BEN ALI, S.', 'BEN HADDOU, Youssef').
_CAPITAL_PARTICLES_BEFORE = re.compile(
    r"(?<![\w'’])(?:(?:VAN|DER|DEN|DE|TER|TEN|EL|AL|BEN|BIN|BINTI|ABU|AIT|OULD|DA|DOS|DAS)[ \t])+$"
)
# A particle glued to the name by an apostrophe ("O'Neill", "D'Mello", "d'Ancona"), which DEDUCE leaves out.
_GLUED_PARTICLE_BEFORE = re.compile(r"(?<![\w'’])[DdOoLl]['’]$")
_PREFIX_BEFORE = re.compile(r"(?<![\w'])(?:(?:" + "|".join(_PREFIXES) + r")\s)+$")
_PREFIX_LAST = frozenset(p[-1] for p in _PREFIXES)  # each ends in a letter of its own
# The particles written last, after 'Surname, Given' closing a field ('pat: Silva Costa, Luana da |', 'Santos, João
# dos |'; issue 17, seventeenth round: dev48's pain line by another hand).
_PARTICLES_LAST = re.compile(
    r"(?:[ \t](?:" + "|".join(p for p in _PREFIXES if "'" not in p) + r")){1,2}(?=[ \t]*(?:[|,;)\n]|$))"
)


# The patterns above that read the text before a name end in its spaces ('...[ \t])+$', '...\s)+$'): each can match
# only where the text before, without its trailing spaces, ends in the last character of one of its words. Most
# names follow no particle and no initial, and that check costs a fraction of the search (issue 17).
def _may_end_in(before: str, last: Container[str]) -> bool:
    """Whether ``before``, without its trailing whitespace, ends in one of the characters ``last``."""
    return before.rstrip()[-1:] in last


def _expand_names(text: str, results: list, keep: list[tuple[int, int]] = ()) -> list:
    """Grow PERSOON spans over initials and tussenvoegsels just before them ('J.P. de [Vries]' -> whole name);
    not over a letter that ends a clinical string (``keep``: 'graad I.', '42-P.', 'Black klasse V.')."""
    for r in results:
        if r.entity_type != "PERSOON":
            continue
        if (
            text[r.start : r.start + 1].islower()
            and (r.recognition_metadata or {}).get("recognizer_name") == "SystemRecordRecognizer"
        ):
            # a login is one token: 'by gkaya from' is no name's initials and surname (issue 17, thirty-third round)
            continue
        window = text[max(0, r.start - 20) : r.start]
        # 'Tjon A [Fong]', 'Ait Ben [Ali]': particles of the surname
        m = _may_end_in(window, _particle_last_letters()) and _particles_before().search(window)
        if m:
            r.start -= len(m.group(0))
            window = text[max(0, r.start - 20) : r.start]
        m = _particles_after().match(text, r.end)  # '[Yassin] El Khatib', '[Marcel] Tjon A Fong'
        if m:
            r.end = m.end()
        elif text[r.end : r.end + 1] == "-" and (m := _HYPHENED_PARTICLE_NAME.match(text, r.end)):
            r.end = m.end()  # '[Tesfay Jansen]-van der Meer'
        elif text[r.end : r.end + 1] == " " and (", " in text[r.start : r.end] or text[r.start - 2 : r.start] == ", "):
            m = _PARTICLES_LAST.match(text, r.end)  # 'Silva Costa, [Luana] da |'
            if m:
                r.end = m.end()
        m = _LOWER_INITIALS_AFTER.match(text, r.end)  # dictated: 'dhr [bakker] j p', '[oduya] a.b.'
        if m and "".join(m.group(0).split()).rstrip(".") + "." not in _dotted_abbreviations():
            r.end = m.end()
        elif text[r.end : r.end + 1] == " " and (m := _ONE_INITIAL_AFTER.match(text, r.end)):
            r.end = m.end()  # a terse note's 'pt [de Haan] E pt nr', 'wijz [zieliński] m nr 61220'
        m = _may_end_in(window, _PREFIX_LAST) and _PREFIX_BEFORE.search(window)
        if m:
            r.start -= len(m.group(0))
            window = text[max(0, r.start - 12) : r.start]
        if window.endswith((" ", "\t")) and window.rstrip()[-1:] in "nNiI":
            m = _LOWER_PARTICLE_INSIDE_BEFORE.search(window)
            if m:
                r.start -= len(m.group("p"))
                window = text[max(0, r.start - 20) : r.start]
        if window[-1:] in "'’" and _GLUED_PARTICLE_BEFORE.search(window):
            r.start -= 2
            window = text[max(0, r.start - 20) : r.start]
        if window[-1:] in " \t" and text[r.start : r.start + 2].isupper():
            m = _CAPITAL_PARTICLES_BEFORE.search(window)
            if m:
                r.start -= len(m.group(0))
                window = text[max(0, r.start - 20) : r.start]
        m = _INITIALS_END.match(window.rstrip()[-1:]) and _INITIALS_BEFORE.search(window)
        if m and m.group(0).rstrip() in _NOT_INITIALS:
            m = None  # 'NB Efua:', 'PS Sanne': a note's mark before the name (seventeenth round: dev49's tickets)
        if not m and text[r.start : r.start + 1].islower():  # written all lower case: 'mevrouw a.r. şahin'
            m = _LOWER_INITIALS_BEFORE.search(window)
            if m and (
                _is_closing(m.group(0))
                or any(w in _stop_words() for w in m.group(0).split())
                # 'ok imane', 'pt sanne': an abbreviation before the name (eighteenth round: dev62's chat)
                or m.group(0).strip() in _CLINICAL_ABBREVIATIONS
                # '400 mg\nh.elidrissi1': the unit of a dose before a chat's sender (sixteenth round: dev41)
                or any(s < r.start and r.start - len(m.group(0)) < e for s, e in keep)
            ):
                m = None  # 'gr femke': a closing formula, not initials; 'of jan', 'en fatima': a function word
        if m:
            # 'Black klasse V. Indira', 'klasse II B. Harm': the first letter is the class, not an initial
            r.start -= len(m.group(0)) - _class_letter(r.start - len(m.group(0)), m.group(0), keep)
        m = _SHORT_GIVEN_BEFORE.search(text, max(0, r.start - 4), r.start)
        if m:
            from transforms.text.recognizers import is_name_word

            if is_name_word(m.group(1)):  # 'Bo Verbeek', 'Xu Ngozi': a given name of two letters
                r.start -= len(m.group(0))
        elif window[-1:] == " " and text[r.start : r.start + 1].isupper():
            # A given name that is a function word before its surname ('z. Hd. Dag Brouwers', 'Kind regards,\nDag
            # Smeets', 'Melder: Dag Çelik, praktijkhouder'): part of the name, unless the pair opens a line and a comma
            # or '!' closes it, as a greeting does ('Dag Brouwers,').
            # Issue 17, fifteenth round: dev39's letters.
            m = _WORD_BEFORE.search(window)
            if m and m.group(1) in _function_word_given_names():
                opens_line = not window[: m.start()].strip(" \t") or window[: m.start()].rstrip(" \t").endswith("\n")
                if not (opens_line and _GREETING_END.match(text, r.end)):
                    r.start -= len(m.group(0))
        before = max(0, r.start - 40)
        # the pattern ends in ',[ \t]+$': no search unless the text before ends so (most names: issue 17)
        m = text[before : r.start].rstrip(" \t\n").endswith(",") and _SURNAME_COMMA_BEFORE.search(text, before, r.start)
        if (
            m
            and text[r.start : r.start + 1].isupper()
            and m.group(1).lower() not in _stop_words()
            and m.group(1).lower() not in _GREETING_WORDS  # 'Groet, Mo', 'Hoi, Mien': a greeting before the name
        ):
            r.start = m.start(1)  # 'Post, Anouk': the surname written before the given name
        if text[r.start : r.start + 1].isupper() and text[r.end : r.end + 1] == " ":
            m = _INITIALS_AFTER_SURNAME.match(text, r.end)  # administrative order: 'Chen L.', '(Chaara Y.)'
            if m:
                r.end = m.end()
            elif text[r.start : r.end].lower() in _recognizers().known_given_names():
                m = _SURNAME_INITIAL_AFTER_GIVEN.match(text, r.end)  # 'door Elif D. op 27-3'
                if m:
                    r.end = m.end()
        if text[r.end : r.end + 1] == " " and text[r.start : r.end].isupper():
            m = _CAPITAL_PARTICLES_BEFORE_COMMA.match(text, r.end)  # 'AMRANI EL, I.S.', 'LINDEN VAN DER, I.W.'
            if m:
                r.end = m.end()
            elif (m := _CAPITAL_INITIALS_AFTER.match(text, r.end)) and not (
                m.group(1) in _NOT_INITIALS
                or m.group(1).lower() in _CLINICAL_ABBREVIATIONS
                or m.group(1) in lexicon.words("specialism_acronyms")
            ):
                r.end = m.end()  # 'BOSCHKER FJ  DC Zevenaar'
        if r.end < len(text) and text[r.end] == "," and text[r.start : r.start + 1].isupper():
            m = _GIVEN_AFTER_COMMA.match(text, r.end)  # 'Tsang, W.', 'Huang, Xiu (9 jr)': the rest of the name
            if m and (m.group(1) is None or m.group(1).lower() not in _stop_words()):
                r.end = m.end()
            elif m is None and text[r.start : r.end].isupper():
                m = _CAPITAL_GIVEN_AFTER_COMMA.match(text, r.end)  # 'FORTES, GERRIT', 'SOEHARTO, WIL, gedet.nr'
                given = m.group(1).lower() if m else ""
                if m and (given not in _stop_words() or given in _recognizers().deduce_words("names/lst_first_name")):
                    r.end = m.end()
        elif r.end < len(text) and text[r.end] == "," and text[r.start : r.end].islower():
            # Dictated, surname first: 'kowalczyk, a.b.c.', 'oduya, ngozi': initials, or a word that can only be
            # a given name (one DEDUCE knows, or no Dutch word and in no list).
            from transforms.text.recognizers import is_name_word

            m = _LOWER_GIVEN_AFTER_COMMA.match(text, r.end)
            if m and (m.group(1) or is_name_word(m.group(2))):
                r.end = m.end()
        if text[r.start : r.end].islower():
            # 'ngozi [van dijk-okafor]', found bare by another rule
            surname = _recognizers().particle_surname(text, r.end)
            if surname is not None:
                r.end = surname[1]
            else:  # 'drs. filipa [sahetapy]', 'rodel [lopes tavares]': words that can only be the surname
                for turn in range(2):
                    m = _LOWER_WORD_AFTER.match(text, r.end)
                    if (
                        m is None
                        or not (
                            _recognizers().is_surname_word(m.group(1))
                            # or a surname that is a word too, where the name's phrase ends after it ('bram vos.',
                            # 'carolien winter, pnr', 'jayden groen geb 19-1-1969'; issue 17, tenth round: dev17)
                            or turn == 0
                            and _recognizers().is_word_surname(m.group(1))
                            and _NAME_PHRASE_END.match(text, m.end()) is not None
                        )
                        or _inside_any(m.start(1), m.end(1), keep)
                    ):
                        break
                    r.end = m.end()
        elif text[r.end : r.end + 1] == " " and (surname := _recognizers().particle_surname(text, r.end)) is not None:
            # a capitalised given name or initials, the surname typed in lower case after its particle ('Annie de
            # boer', 'T.A.S. el amrani', 'Mei van der meulen'; issue 17, sixteenth round: dev40 by another hand)
            r.end = surname[1]
        elif text[r.start : r.start + 1].isupper() and text[r.end : r.end + 1] == " ":
            # A given name typed with a capital, its surname in lower case ('mijn zusje Fatima wijnsma wil ook',
            # 'RASHA haddad'; issue 17, fourteenth round: dev25's messages by another hand): a word that can only be
            # a surname, after a given name a list knows ('Fairbairn with' in an English letter is neither).
            m = _LOWER_WORD_AFTER.match(text, r.end)
            if (
                m is not None
                and _recognizers().is_surname_word(m.group(1))
                and text[r.start : r.end].rsplit(None, 1)[-1].lower() in _recognizers().known_given_names()
                and not _inside_any(m.start(1), m.end(1), keep)
            ):
                r.end = m.end()
        # A match ends the span (or a newline that ends it) and has three letters at most: no search before.
        m = _PARTICLE_END.search(text, max(r.start, r.end - 4), r.end)
        if m:  # a name never ends in a tussenvoegsel: 'sanne bakker-van [ 't hof]', '[Jan van] de Berg'
            grown = _PARTICLES_AND_WORD.match(text, r.end)
            if grown and any(s < grown.end() and grown.start() < e for s, e in keep):
                # ... but an article before a clinical phrase is no tussenvoegsel: 'had [Priya] de Miller klasse II
                # niet herkend' (issue 17, fourteenth round: dev29's logbooks by another hand)
                r.end = r.start + len(text[r.start : m.start()].rstrip())
            elif grown and _prepositional_phrase(text, r.start, m.group(), grown.group()):
                # 'kap. D. Kroon op [de hoogte]': a phrase after the name, not its particles and surname (issue 17,
                # twentieth round: dev79's consult notes by another hand)
                r.end = r.start + len(text[r.start : m.start()].rstrip())
            elif grown:
                r.end = grown.end()
        _grow_over_slash_and_given_name(text, r)
    # A span that was a particle alone ('Op' opening a chat's line) is none once its particle is taken off: an empty
    # span would put a placeholder where nothing was (issue 17, thirty-ninth round: found by a text of dev9 whose
    # Turkish capital I made the engine map its spans back).
    return [r for r in results if r.end > r.start]


def _prepositional_phrase(text: str, start: int, particle: str, grown: str) -> bool:
    """Whether a capitalised name's closing 'op' or 'in' and what follows is a phrase ('op de hoogte', 'in de
    wachtkamer'): a Dutch word in lower case, where a surname after such particles is capitalised ('Op de Beek')."""
    word = grown.split()[-1]
    return (
        particle.lower() in ("op", "in")
        and text[start : start + 1].isupper()
        and word.islower()
        and word in lexicon.dutch_vocabulary()
    )


# A name joined to another by a slash, as a roster pairs colleagues ('Yolanda/Li stoel 1', 'Li/Mohamed'), and a
# lower-case given name in no list before a lower-case surname found ('of lama khoury', 'of oleksandr kovalenko').
# Issue 17, seventeenth round: dev49's rosters and minutes by another hand.
_SLASH_NAME_AFTER = re.compile(r"/([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{1,20})(?![\w'’/-])")
_SLASH_NAME_BEFORE = re.compile(r"(?<![\w'’/-])([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{1,20})/$")
_LOWER_NAME = re.compile(r"[a-zß-öø-ÿ'’-]+(?:[ \t][a-zß-öø-ÿ'’-]+){0,3}")
_LOWER_GIVEN_BEFORE = re.compile(r"(?:^|(?<=[\s:,]))(?:(\w+)[ \t]+)?([a-zß-öø-ÿ][a-zß-öø-ÿ'’-]{2,20})[ \t]$")


def _grow_over_slash_and_given_name(text: str, r: Any) -> None:
    """Grow PERSOON span ``r`` over a name joined to it by a slash, and over a lower-case given name that only a name
    can be before a lower-case surname, where the phrase opens (after a function word, a colon or a line's start)."""
    recognizers = _recognizers()
    if text[r.end : r.end + 1] == "/":
        m = _SLASH_NAME_AFTER.match(text, r.end)
        if m is not None and recognizers.is_name_word(m.group(1)):
            r.end = m.end()
    if text[r.start - 1 : r.start] == "/":
        m = _SLASH_NAME_BEFORE.search(text, max(0, r.start - 24), r.start)
        if m is not None and recognizers.is_name_word(m.group(1)):
            r.start = m.start(1)
    if text[r.start : r.start + 1].islower() and text[r.start - 1 : r.start] == " ":
        span = text[r.start : r.end]
        if not _LOWER_NAME.fullmatch(span):
            return  # a title or initials first ('mevr. Benali'): no lower-case surname alone
        first = span.split(None, 1)[0]
        if first in recognizers.known_given_names():
            return  # the span opens with a given name already ('pien an ...')
        m = _LOWER_GIVEN_BEFORE.search(text, max(0, r.start - 48), r.start)
        if (
            m is not None
            and recognizers.is_name_word(m.group(2))
            and m.group(2) not in _stop_words()
            and (m.group(1) is None or m.group(1).lower() in _stop_words())
        ):
            r.start = m.start(2)


def _class_letter(start: int, initials: str, keep: list[tuple[int, int]]) -> int:
    """The length of the part of ``initials`` (found at ``start``) that ends a clinical string instead: a
    single capital (a grade, a class, a tooth surface) inside one of the ``keep`` spans ('V. ' in 'Black
    klasse V. C.J. Smit', 'P. ' in '42-P. Maurits'); 0 when there is none."""
    m = re.match(r"[A-Z](?:\.[ \t\n]?|[ \t\n])", initials)
    if not m or not keep or not any(s <= start < e for s, e in keep):
        return 0
    return m.end()


def _is_closing(word: str) -> bool:
    from transforms import lexicon

    return word.strip().lower() in lexicon.words("closing_formulas")


_PARTICLES: dict[str, Any] = {}


def _particle_alternation() -> str:
    from transforms import lexicon

    return (
        "(?:"
        + "|".join(
            re.escape(p) for p in sorted(lexicon.words("surname_particles"), key=len, reverse=True) if p[:1].isupper()
        )
        + ")"
    )


def _particle_last_letters() -> frozenset[str]:
    """The last letters of the capitalised surname particles (``_particles_before``)."""
    if "last" not in _PARTICLES:
        from transforms import lexicon

        _PARTICLES["last"] = frozenset(p[-1] for p in lexicon.words("surname_particles") if p[:1].isupper())
    return _PARTICLES["last"]


def _particles_before():
    """Capitalised surname particles right before a name ('Tjon A ', 'Ait Ben '), from the lexicon."""
    if "before" not in _PARTICLES:
        _PARTICLES["before"] = re.compile(r"(?<![\w'’-])(?:" + _particle_alternation() + r"[ \t])+$")
    return _PARTICLES["before"]


def _particles_after():
    """Capitalised particles and the name word after them, right after a name (' El Khatib', ' Tjon A Fong')."""
    if "after" not in _PARTICLES:
        _PARTICLES["after"] = re.compile(
            r"(?:[ \t]" + _particle_alternation() + r"(?![\w'’]))+[ \t][A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ]"
            r"[a-zß-öø-ÿĀ-ɏḀ-ỿ'’]+(?:-[A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ]?[a-zß-öø-ÿĀ-ɏḀ-ỿ'’]+)*"
        )
    return _PARTICLES["after"]


# A double-barrelled surname's second part after its hyphen, opened by its particles ('Jansen-van der Meer',
# 'Mulder-van den Berg', 'Bakker-de Wit'): after 'Jansen-van der' only a surname follows, also one that is a word
# ('Meer', which no surname list reads alone there). Issue 17, thirty-ninth round: dev161's mail threads by another hand.
_HYPHENED_PARTICLE_NAME = re.compile(
    r"-(?:van|de|der|den|ter|ten|te|'t|in|op|uit|el|al)(?:[ \t]+(?:de|der|den|het|'t|van|la|le))*[ \t]+"
    r"[A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ][a-zß-öø-ÿĀ-ɏḀ-ỿ'’]+(?:-[A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ][a-zß-öø-ÿĀ-ɏḀ-ỿ'’]+)*"
)


_ADDITION_AFTER = None


# A Frisian street's preposition and article before its name ('Op 'e Hichte 126', 'Oan 'e Dyk 3', 'Yn 'e Lijte 12'):
# part of the street's name (issue 17, twenty-first round: dev83's northern practices by another hand).
_FRISIAN_STREET_OPENING = re.compile(r"(?<![\w'’])(?:Op|Oan|Yn|Under|Ûnder|By|Efter|Tsjin|Achter)[ \t]+['’]e[ \t]+$")


def _extend_addresses(text: str, results: list) -> list:
    """An address found up to its house number (DEDUCE's street list, 'Overtoom 12') grows over the number's
    addition ('Overtoom 12 zw', 'Kerkstraat 12-II', '12 bis'): the addition is part of the address; and back over a
    Frisian street's opening ('Op 'e Hichte 126')."""
    global _ADDITION_AFTER
    for r in results:
        if r.entity_type in ("ADRES", "LOCATIE", "PERSOON") and text[r.start - 3 : r.start] in ("'e ", "’e "):
            m = _FRISIAN_STREET_OPENING.search(text, max(0, r.start - 14), r.start)
            number = _HOUSE_NUMBER_AFTER.match(text, r.end)
            if m is not None and (r.entity_type == "ADRES" or number is not None):
                r.start, r.entity_type = m.start(), "ADRES"
                if number is not None:
                    r.end = number.end()
        if r.entity_type in ("ADRES", "LOCATIE") and r.end < len(text) and text[r.end - 1 : r.end].isdigit():
            if _ADDITION_AFTER is None:
                from transforms.text.recognizers import HOUSE_NUMBER_ADDITION

                _ADDITION_AFTER = re.compile(r"(?:" + HOUSE_NUMBER_ADDITION + r"){1,2}")
            m = _ADDITION_AFTER.match(text, r.end)
            if m:
                r.end = m.end()
        if r.entity_type in ("ADRES", "LOCATIE", "INSTELLING") and text.startswith(",", r.end):
            # a reception centre's or a home's unit or room after its address ('azc Wageningen, unit 19-5',
            # 'Kazernestraat 21, unit C-6'; issue 17, twenty-ninth round: dev122's asylum seekers by another hand)
            m = _UNIT_AFTER.match(text, r.end)
            if m:
                r.end = m.end()
        if r.entity_type == "ADRES" and r.end < len(text) and text[r.end] in _FLOOR_OPENINGS:
            m = _FLOOR_AFTER.match(text, r.end)
            if m and m.end() > r.end:
                r.end = m.end()
    return results


# A floor and a door after an address abroad, as its country writes them: Turkey's letter after a slash, floor (kat)
# and flat (daire) after the number ('Lara Cad. No: 144/B', 'Cumhuriyet Bulvarı No: 101 K: 3', 'No: 212 D: 5'), Spain's
# floor and door after a comma ('Avenida de Maisonnave 33, 4ºB'). The address's addition may already hold the K or D
# ('No: 58 K'). Issue 17, thirty-ninth round: dev162's clinics abroad by another hand.
_FLOOR_OPENINGS = frozenset("/:., \t")
_FLOOR_AFTER = re.compile(
    r",[ \t]*\d{1,2}º[ \t]?(?:[A-Z]|\d{1,2}ª)?(?!\w)"
    r"|(?:/[A-Z](?!\w))?(?:(?<=[ \t][KD])[:.][ \t]*\d{1,3}(?!\d))?(?:[ \t]+(?:K|D|Kat|Daire)[:.][ \t]*\d{1,3}(?!\d)){0,2}"
)


_UNIT_AFTER = re.compile(
    r",[ \t]*(?i:woonunit|unit|kamer|gebouw|chalet|stacaravan|caravan)[ \t]+[A-Z]?-?\d{1,3}[A-Za-z]?(?:-\d{1,3})?(?![\w-])"
)


# A house number after a street's name ('Hichte 47 II' read as a name up to 'Hichte').
_HOUSE_NUMBER_AFTER = re.compile(r"[ \t]+[1-9]\d{0,4}(?!\d)")


# Four or five digits right after an address, before its place or ending the phrase: the postcode of an address
# across the border ('kloosterstraat 33 3930 hamont', 'Dorp 167 bus 3\n9980 Sint-Laureins', 'Hauptstraße 45b,
# 48529.'), which no Dutch postcode pattern reads (issue 17, fifteenth round: dev39's patients from Belgium and
# Germany). Four digits need the place after them; a unit or a count after them is no place.
# (or after a spaced dash, as a Belgian form writes it: 'Meir 135 - 9000 Gent'; issue 17, twentieth round: dev80)
# A Dutch postcode there too, whose letters are a word ('Tjalkstraat 188B - 3118 je Ede', 'Lytse Buorren 4 hs\n9299 al
# KOLLUM'), which the postcode patterns leave to a place after a street they know (issue 17, twenty-ninth round:
# dev67's and dev82's letters by other hands).
# (after a house number's dot, as Hungary writes it: 'Bartók Béla út 19., 1114 Budapest'; thirty-ninth round: dev162)
_POSTCODE_AFTER_ADDRESS = re.compile(
    r"(?:\.?,[ \t]*|[ \t]+[-–][ \t]+|[ \t]+|[ \t]*\n[ \t]*)(?:[BDbd]-)?(\d{5}(?=[ \t]*[.,;)\n]|[ \t]+[^\W\d_]|$)|"
    r"[1-9]\d{3}[ \t]?(?!sa|sd|ss|mm|mg|cm|ml|kg|km|gr|ie)[a-z]{2}(?=[ \t]+(?:[A-ZÀ-ÖØ-Þ]|'s)|[ \t]*(?:\n|$))|"
    # (or closing the brackets around the address: '(Molenstraat 8, 2387)'; the thirty-ninth round's user check)
    r"\d{4}(?=[ \t]+[^\W\d_]|\))|"
    # (a Polish postcode, two digits, a dash and three: 'ul. Dąbrowskiego 88, 60-577 Poznań'; twenty-second round: dev92)
    r"\d{2}-\d{3}(?=[ \t]+[^\W\d_]))"
    r"(?![ \t]+(?:mm|mg|cm|ml|jaar|jr|keer|x)\b)"
)


# (a street DEDUCE read as a place, its house number with it: 'Lytse Buorren 4 hs')
_HOUSE_NUMBER_ENDS = re.compile(r"[^\W\d_]{3}[ \t]+\d{1,5}(?:[ -]?[a-zA-Z]{1,3})?$")


def _postcode_after_address(text: str, results: list) -> list:
    """Each address followed by a postcode abroad gets that postcode as a result of its own (``_POSTCODE_AFTER_ADDRESS``)."""
    added = []
    for r in results:
        if r.entity_type == "ADRES" or r.entity_type == "LOCATIE" and _HOUSE_NUMBER_ENDS.search(text, r.start, r.end):
            m = _POSTCODE_AFTER_ADDRESS.match(text, r.end)
            if m is not None:
                postcode = copy.copy(r)
                postcode.entity_type, postcode.start, postcode.end = "POSTCODE", m.start(1), m.end(1)
                added.append(postcode)
    return results + added if added else results


def _stop_words() -> frozenset[str]:
    """spaCy's Dutch stop words: a capitalised stop word before a comma ('Daarna, Anouk') is no surname."""
    return _recognizers().dutch_stop_words()


_RECOGNIZERS: Any = None


def _recognizers() -> Any:
    """``transforms.text.recognizers``, imported on first use (it imports Presidio: loaded where the engine is built)
    and held here, where an import in the post-processing steps looked it up again on every call, a microsecond or
    two per note (issue 17, eleventh round)."""
    global _RECOGNIZERS
    if _RECOGNIZERS is None:
        from transforms.text import recognizers

        _RECOGNIZERS = recognizers
    return _RECOGNIZERS


# A capitalised word, then a comma, right before a detected given name: 'Post, Anouk kwam niet'. The
# given name is the evidence that the word before it is a surname, even if that word is also a noun.
_SURNAME_COMMA_BEFORE = re.compile(
    r"(?<![\w'’-])([A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ][a-zß-öø-ÿĀ-ɏḀ-ỿ'’]+(?:-[A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ][a-zß-öø-ÿĀ-ɏḀ-ỿ'’]+)*),[ \t]+$"
)


# After a surname and a comma, its initials ('Tsang, W.', 'Yntema, W.E.') or one or two given names that end the
# phrase ('Huang, Xiu (9 jr)', 'Chen, Jun,', 'WANG, Li Na ('): the name written surname first, the rest no word.
# The surname's particles may close the name, after the given name or initials ('Ali, Leila ben', 'Salah, S. ben',
# 'Vries, J. de'; thirteenth round).
_CLOSING_PARTICLE = r"[ \t](?:van|de|der|den|ter|ten|te|'t|in|het|ben|bin|binti|el|al|da|dos|das)"
# (or one initial without its dot where the phrase ends: 'Verzekerde: Kaya, B', 'Betreft: Pinas, M, groep 2'; issue
# 17, eighteenth round: dev58's authorisations and school letters by another hand)
_GIVEN_AFTER_COMMA = re.compile(
    r",[ \t]*(?:(?:[A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ]\.){1,4}(?![\w])(?:(?:" + _CLOSING_PARTICLE + r"){1,3}(?=[ \t]*(?:[(),:;\n]|$)))?|"
    r"[A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ](?=[ \t]*(?:[(),:;\n]|$))|"
    # (or the particles in a field of their own between the surname and the given name, as a system prints the three
    # fields: 'Horst, ter, Geertje', "Hek, van 't, Geertje"; eighteenth round: dev57's imaging text)
    r"(?:van|de|der|den|ter|ten|te|'t|in|op|el|al|da|dos|das)(?:[ \t]+(?:van|de|der|den|'t|het))*,[ \t]*"
    r"[A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ][a-zß-öø-ÿĀ-ɏḀ-ỿ'’]+(?=[ \t]*(?:[(),:;\n]|$))|"
    r"([A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ][a-zß-öø-ÿĀ-ɏḀ-ỿ'’]+)"
    r"(?:[ \t][A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿ][a-zß-öø-ÿĀ-ɏḀ-ỿ'’]+)?(?:" + _CLOSING_PARTICLE + r"){0,3}(?=[ \t]*(?:[(),:;\n]|$)))"
)


def _in_word(character: str) -> bool:
    """A letter or digit, or a combining mark on one: 'i̇brahim' (a Turkish capital İ lower-cased as an i and a dot above)
    is one word (issue 17, thirty-seventh round: dev154's chats by another hand)."""
    return character.isalnum() or unicodedata.category(character) == "Mn"


def _align_to_tokens(text: str, results: list) -> list:
    """Never start or end a replacement inside a word: grow a span to the whole token ('DR. Vi|ssers',
    '0612345678mm'), and a name over its hyphenated parts ('Tjon-A-Fong' found as 'Tjon' and 'Fong').

    Growing, not shrinking: a cut word leaks the rest of the name and leaves a fragment ('D[PERSOON-1]').
    """
    n = len(text)
    for r in results:
        start, end = r.start, r.end
        while 0 < start < n and _in_word(text[start - 1]) and _in_word(text[start]):
            start -= 1
        while 0 < end < n and _in_word(text[end - 1]) and _in_word(text[end]):
            end += 1
        if r.entity_type == "PERSOON":
            while end + 1 < n and text[end] == "-" and text[end + 1].isupper():
                end += 2
                # (over a glued particle's apostrophe too: "Dijkstra-D'Hondt"; issue 17, twentieth round: dev80)
                while end < n and (text[end].isalnum() or text[end] in "'’" and text[end + 1 : end + 2].isalpha()):
                    end += 1
            m = _LOWER_LINK_AFTER.match(text, end)  # 'Zahra-ul Huda': a lower-case link between name words
            if m:
                end = m.end()
            elif text[end : end + 1] == "-" and text[end - 1 : end].islower():
                m = _LOWER_SYLLABLE_AFTER.match(text, end)  # 'Jun-seo', 'Mi-kyung': a Korean given name's syllable
                if m:
                    end = m.end()
            while start > 1 and text[start - 1] == "-" and text[start - 2].isalpha():
                start -= 2
                while start > 0 and text[start - 1].isalnum():
                    start -= 1
        r.start, r.end = start, end
    return results


_TITLE = re.compile(
    r"(?i:(?:dhr|mevr|mw|mr|mrs|ms|miss|mej|pt|pte|dr|drs|prof)\.?|de heer|mevrouw|meneer|patiënte?|"
    r"tandarts|mondhygiënist|orthodontist|huisarts|assistente|moeder|vader|partner|zoon|dochter|broer|zus|"
    r"oma|opa|echtgeno(?:ot|te)|man|vrouw)\s+"
)


# A dictation command typed out as words, after a space inside a name span ('sjoerd nieuwe regel'): the name ends
# before it (issue 17, ninth round: dictation of another hand). In lower case, as the software types it: 'Jan Punt'
# is a surname.
_DICTATION_COMMAND = re.compile(r"[ \t]+" + lexicon.alternation("dictation_commands", spaces=r"[ \t]+") + r"\b")


# A country closing a name span: an address line abroad read as 'Surname, Given name' ('Kharkiv, Ukraine') or a
# country alone taken for a name ('United Kingdom'): countries identify no one (issue 17, ninth round).
_COUNTRIES = lexicon.words("countries")
# The last word of each: a span's last word must be one for a country to close it (most names: no look-up of their last
# two and three words; issue 17, twelfth round).
_COUNTRY_LAST_WORDS = frozenset(words[-1] for words in map(str.split, _COUNTRIES) if words)


def _country_cut(text: str, start: int, end: int) -> int | None:
    """Where a name span ``start``-``end`` ends once a country closing it is cut off (None: no country closes it):
    its last one to three words looked up, a comma and spaces before them cut too."""
    span = text[start:end]
    last = span.rsplit(None, 3)
    if not last or last[-1] not in _COUNTRY_LAST_WORDS:
        return None
    for n in (3, 2, 1):
        if len(last) >= n:
            tail = " ".join(last[-n:])
            if (
                tail in _COUNTRIES
                and span.endswith(tail)
                and (len(tail) == len(span) or not span[-len(tail) - 1].isalnum())
            ):
                cut = end - len(tail)
                if _PARTICLE_END.search(text, max(start, cut - 5), cut - 1):
                    return None  # a surname after its particle, 'J. van Ierland' (the nineteenth round's user check)
                while cut > start and text[cut - 1] in " \t,":
                    cut -= 1
                if cut <= start and tail.lower() in _recognizers().known_given_names():
                    return None  # a name alone that is a country too ('India')
                return cut
    return None


def _trim_titles(text: str, results: list) -> list:
    """Keep titles and roles outside PERSOON spans ('Dhr. [PERSOON-1]'): they say nothing about who it is; nor
    dictation commands typed out ('sjoerd [nieuwe regel]'), nor a country at the end ('Kharkiv, [Ukraine]'); and no
    span that is a preposition and a place ('tandarts in Polen')."""
    out = []
    places = None
    for r in results:
        if r.entity_type == "PERSOON":
            m = _TITLE.match(text, r.start, r.end)
            if m and m.end() < r.end:
                r.start = m.end()
            if r.score < 0.9:
                m = _GREETING_BEFORE.match(text, r.start, r.end)
                if m and m.end() < r.end:
                    r.start = m.end()  # 'Beste [Anouk]'
                elif text[r.start : r.start + 1] in "vb":
                    m = _WORD_BEFORE_GIVEN_NAME.match(text, r.start)
                    if m and m.end() < r.end and m.group(1).lower() in _recognizers().known_given_names():
                        r.start = m.end()  # 'ik ben [Mohamed El Amrani]', 'moeder van [Bilal Amrani]'
            if r.score < 0.9 and text[r.start : r.start + 1] in "iotu":
                if places is None:
                    places = {(p.start, p.end) for p in results if p.entity_type == "LOCATIE"}
                if _preposition_before_place(text, r, places):
                    continue
            elif (
                r.score < 0.9
                and _TITLE.fullmatch(text[r.start : r.end] + " ")
                # (but a writer's mark after a slash closing its line is no title: '(C13 2x). /dr'; issue 17,
                # twenty-first round: dev83's phone notes by another hand)
                # (nor one before other marks after their slashes, or in capitals after 'door' closing what was done:
                # '/MR /JM', 'vastgelegd door MS'; twenty-seventh round)
                and not _mark_in_a_title_s_letters(text, r.start, r.end)
            ):
                # A title alone ('pt.: Mevr. L. Jansen' read as a name 'Mevr'): the name is after it. Not a
                # deny-list name (0.9), which may be a surname that is also a role word ('Man').
                continue
            if r.score < 0.9 and " " in text[r.start : r.end]:
                # read past the end: a command may be cut in two by it ('sjoerd nieuwe| regel')
                command = _DICTATION_COMMAND.search(text, r.start, r.end + 16)
                if command is not None and r.start < command.start() < r.end:
                    r.end = command.start()
            if r.score < 0.9 and text[r.end - 1 : r.end].isalpha():
                cut = _country_cut(text, r.start, r.end)
                if cut is not None:
                    if cut <= r.start:
                        continue
                    r.end = cut
        out.append(r)
    return out


# The words of a greeting or a closing before a name ('Beste Anouk', 'Groet, Mo'), and the words before a name that are
# a verb or a preposition only where a given name follows: 'Ik ben Mohamed El Amrani', 'moeder van Bilal Amrani'
# (issue 17, seventeenth round: the session's user check).
_GREETING_WORDS = frozenset(
    w
    for entry in lexicon.words("salutations") | lexicon.words("closing_formulas")
    for w in [entry.lower().rstrip(".")]
    # not the ones that are given names too ('Dag', 'Lieve') or initials ('GR Kaya')
    if " " not in w and w not in ("dag", "lieve") and (len(w) > 3 or w in ("hoi", "hey"))
)
_GREETING_BEFORE = re.compile(
    r"(?i:" + "|".join(sorted((re.escape(w) for w in _GREETING_WORDS), key=len, reverse=True)) + r")[,!]?[ \t]+"
)
_WORD_BEFORE_GIVEN_NAME = re.compile(r"(?:van|ben)[ \t]+(?=(\w+)[ \t]+\w)")


# A preposition that is also a tussenvoegsel ('in 't Veld', 'te Velde', 'uit den Bogaard', 'op den Akker'), alone
# before a place: 'tandarts in Polen', 'moeder uit Marokko', 'tandarts te Utrecht' (issue 17, seventeenth round: the
# ninth session's user check). Lower case, as a particle before a surname after a title is as often written: the place
# decides, not the case.
_PREPOSITION_BEFORE_PLACE = re.compile(r"(?:in|te|uit|op)[ \t]+")
_PLACES_ABROAD = lexicon.words("places_abroad")


def _preposition_before_place(text: str, r, places: set[tuple[int, int]]) -> bool:
    """Whether PERSOON span ``r`` is a preposition and a place ('in Polen', 'te Utrecht'): a place a recognizer found
    (a LOCATIE span over the same words, in ``places``), a country or a place abroad. The place keeps its own span."""
    m = _PREPOSITION_BEFORE_PLACE.match(text, r.start, r.end)
    if m is None:
        return False
    rest = text[m.end() : r.end]
    return (m.end(), r.end) in places or rest in _COUNTRIES or rest in _PLACES_ABROAD


# A token as name words are bounded: letters with inner apostrophes and hyphens; '@' and '.' keep an e-mail
# address or a file name one token ('jansen@ziggo.nl' is not the name 'jansen').
_TOKEN = re.compile(r"[\w'’@.-]+")


def _repeat_names(text: str, entities: list[Entity], keep: Sequence[tuple[int, int]]) -> list[Entity]:
    """The words of a name found once in a record, found again wherever else the record writes them, in any case:
    'KOOPMANS, Sanne ... over Koopmans', 'mw. El Idrissi ... idrissi belde'. A note names its people once with a
    cue and then bare; the bare mentions have no evidence of their own. What DEDUCE does for the patient's name,
    for every name the engine found (issue 17, fifth round).

    Only words of three letters or more that are no ordinary or clinical word (a surname 'Kroon' or 'Bos' is not
    looked for: 'kroon 26'), no initial or particle; not inside a clinical string or another entity; written in
    lower case only when the word can only be a name: a given name, or a word in no dictionary and no list
    ('freweyni', 'xiaoling': a chat writes its senders' names in lower case; 'beugel' is a thing even where Mrs
    Beugel is the patient)."""
    names = [e for e in entities if e.type == "PERSOON"]
    if not names:
        return entities
    if "@" in text:
        entities = _repeat_handles(text, entities, names)
    spans = [text[e.start : e.end] for e in names]
    if "_" in text:
        entities = _names_in_file_names(text, entities, spans, keep)
    if ":" in text:
        entities = _repeat_speakers(text, entities, spans)
    words = _recognizers().name_words_to_repeat(spans)
    if not words:
        return entities
    # Most notes write each name once: skip the token pass unless some word occurs (as a substring, in any
    # case) more often in the text than in the names found.
    fold, in_names = keywords.folded(text), keywords.folded_entry(" ".join(spans))
    if not any(fold.count(f) > in_names.count(f) for f in map(keywords.folded_entry, words)):
        return entities
    # In lower case only a word that can be nothing but a name: a surname may be a noun too ('mevr. Beugel: beugel
    # boven').
    is_name_word = _recognizers().is_name_word
    lower_case = {w for w in words if is_name_word(w)}
    taken = [(e.start, e.end) for e in entities] + list(keep)
    added = []
    for m in _tokens_written_as(text, words):
        token = m.group(0).rstrip(".")
        lower = token.lower()
        if lower not in words or not (token[:1].isupper() or lower in lower_case):
            continue
        start, end = m.start(), m.start() + len(token)
        if not any(s < end and start < e for s, e in taken):
            added.append(_entity("PERSOON", start, end, 0.5))
    return sorted(entities + added, key=lambda e: e.start) if added else entities


# A name's word as one part of a file's name, between underscores or before its extension, in any case (a token to
# ``_TOKEN``, which reads 'scan_BK_Essen.stl' whole).
_FILE_NAME_PART = re.compile(
    r"(?<=_)([^\W\d_]{3,})(?=_|\.[A-Za-z0-9]{2,4}\b)|(?<![\w.-])([^\W\d_]{3,})(?=_[\w-]*\.[A-Za-z0-9]{2,4}\b)"
)


_FILE_NAME_WORD = re.compile(r"[^\W\d_]{3,}")


@functools.cache
def _lower_particles() -> frozenset[str]:
    """The surname particles in lower case ('van', 'der', 'ten'): no name's word of their own."""
    return frozenset(p.lower() for p in lexicon.words("surname_particles"))


def _names_in_file_names(
    text: str, entities: list[Entity], spans: list[str], keep: Sequence[tuple[int, int]]
) -> list[Entity]:
    """The words of names found in a record (``spans``), again as parts of a file's name: a lab's scans named after
    their patient ('scan_BK_Essen.stl, scan_OK_essen.stl, beet_Schaap_65pct.stl' after 'intraorale scan MRA Van Essen',
    'Linde Schaap'; issue 17, thirty-eighth round: dev157's lab orders by another hand). In any case, and a word that is
    also an ordinary one too: in a file's name beside the name found, it is the name."""
    words = {w.lower() for span in spans for w in _FILE_NAME_WORD.findall(span)} - _lower_particles()
    if not words:
        return entities
    taken = [(e.start, e.end) for e in entities] + list(keep)
    added = [
        _entity("PERSOON", *m.span(m.lastindex), 0.5)
        for m in _FILE_NAME_PART.finditer(text)
        if m.group(m.lastindex).lower() in words and not any(s < m.end() and m.start() < e for s, e in taken)
    ]
    return sorted(entities + added, key=lambda e: e.start) if added else entities


# What may follow a writer's mark that spells a title: other marks after their slashes, or the line's end, the date or
# the time it was done on.
_AFTER_A_SLASHED_MARK = re.compile(r"(?:[ \t]*/[ \t]?[^\W\d_]{1,4})*[ \t]*(?:\n|$)")
_DASH_SIGNATURE_BEFORE = re.compile(r"(?:(?:^|\n)[ \t]*|[.!?)][ \t]+)[—–-]{1,2}[ \t]*$")
_AFTER_A_MARK_BY = re.compile(r"[ \t.]*(?:\n|$)|[ \t]+op[ \t]+\d|[ \t]+\d{1,2}:[0-5]\d\b")


def _mark_in_a_title_s_letters(text: str, start: int, end: int) -> bool:
    """Whether a title's letters at ``start:end`` ('MR', 'MS', 'dr') are where only a writer's mark stands: after a
    slash closing its line or before other slashed marks ('/MR /JM'), after a signature's dash ('-- MR'), in capitals
    after 'door' closing the line or before the date or time ('vastgelegd door MS'), or in capitals between a journal
    line's date and its colon ('7-12-2022 MS: ...')."""
    if text[start - 1 : start] == "/":
        return _AFTER_A_SLASHED_MARK.match(text, end) is not None
    if text[start:end].isupper() and _DASH_SIGNATURE_BEFORE.search(text, max(0, start - 8), start) is not None:
        return _AFTER_A_SLASHED_MARK.match(text, end) is not None  # '-- MR' closing a note
    if text[start:end].isupper() and text.startswith(":", end):
        # (or between a journal line's date and its colon: '7-12-2022 MS: pt. terug uit Stettin'; issue 17, thirty-ninth
        # round: dev162's treatment notes by another hand)
        line_start = text.rfind("\n", 0, start) + 1
        if _JOURNAL_DATE.fullmatch(text, line_start, start) is not None:
            return True
    return (
        text[start:end].isupper()
        and text[max(0, start - 5) : start].lower() in ("door ", "oor: ")
        and _AFTER_A_MARK_BY.match(text, end) is not None
    )


# A journal line's date before its writer's mark ('7-12-2022 ', '2024-07-17 ').
_JOURNAL_DATE = re.compile(r"[ \t]*(?:\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{4}-\d{2}-\d{2})[ \t]+")


# Between a name or a mark found and another writer's mark joined to it: a slash, an ampersand, a plus or 'en'.
_JOINED_MARK = re.compile(
    r"[ \t]*(?:/|&|\+|en(?=[ \t]))[ \t]*([A-ZÀ-ÖØ-Þ]{2,4}|[a-zß-öø-ÿ]{2,3}|[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{2,20})"
    r"(?=[ \t]*(?:\n|$|[.,;:)\]]))"
)


# A given name joined before a person found, where a list or a signature opens with it ('verblijft bij | Tumirah en
# Valentijn Kalf', 'Trotse ouders: Xio & Piotr', 'Hartelijke groet,\nMei & Storm'): after a line's start, a colon, a
# bar, a comma or a bracket.
_JOINED_GIVEN_BEFORE = re.compile(
    r"(?:^|(?<=[\n:|,(])[ \t]*)([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]{1,20})[ \t]+(?:&|\+|en)[ \t]+$", re.MULTILINE
)
# A record's number in brackets after its person: four to seven digits, or a badge's number with its letters and check
# digit before a comma and the person's place ('van B.E. Bril (63630, MZ Nijkerk)', 'Naomi Al-Khatib (B-52768-8,
# Kruiskamp)'; issue 17, thirty-third round: dev138's dose reports), not a year of birth there ('(1985, Utrecht)').
_NUMBER_IN_BRACKETS = re.compile(
    r"[ \t]?\((\d{4,7}(?=\))|(?!(?:19|20)\d\d,)(?:[A-Z]{1,3}-?)?\d{4,7}(?:-\d{1,3})?(?=,[ \t]))"
)
_JOINED_NUMBER = re.compile(
    r"[ \t]*(?:,|&|/|\+|en|(?:samengevoegd[ \t]+)?met)[ \t]*([A-Za-z0-9][\w./-]*\d[\w/-]*)(?![\w-])"
)
# A name changed into another, after an arrow or '>': 'geslachtsnaam Huisman → Marchenko', 'Xiomara > Rignald'.
_NAME_AFTER_ARROW = re.compile(
    r"[ \t]*(?:→|->|=>|>)[ \t]*((?:(?:van|de|der|den|ter|ten|el|al)[ \t]+){0,2}[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]+"
    r"(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]+)?)(?![\w-])"
)


# The recognizers whose only evidence is a capital where Dutch writes none: capitalised words in a row, or one in the
# middle of a sentence.
_BY_CAPITALS_ALONE = frozenset({"NameSequenceRecognizer", "MidSentenceNameRecognizer"})
_GERMAN_HOUSE_NUMBER_AFTER = re.compile(r"[ \t]+\d{1,4}[a-z]?\b")
# What announces a person in German, right before the name: 'z. Hd.', 'Herr', 'Frau', 'mein Mann', 'Dr. med. dent.'.
# (and a colleague, a dentist and a family doctor by their titles, 'Lieber Kollege Neufeld', 'Zahnarzt Annegret Oude
# Luttikhuis', 'ZÄ Khadija Doğan', and an account's holder in brackets after its IBAN, '...4129064 (Günther Heitkamp)';
# issue 17, thirty-fifth round: dev147's border practices by another hand)
_GERMAN_NAME_CUE = re.compile(
    r"(?:\bz\.[ \t]?Hd\.|\bHerrn?|\bFrau|\b(?:[Mm]ein(?:e|em)?[ \t]+)?(?:Mann|Sohn|Tochter)|\bPatient(?:in)?|\bDr\.|"
    r"\bdent\.|\bist|\bKolleg(?:e|in)|\bZahnärztin|\bZahnarzt|\bHausärztin|\bHausarzt|\bZ[AÄ]|\bTandarts)[ \t]+$|"
    r"\b[A-Z]{2}\d{2}(?:[ ]?[\dA-Z]){10,30}[ \t]*\($"
)


def _listed_names_in_german(text: str, results: list) -> list:
    """In a German letter every noun is capitalised: a name found by its capitals alone (``_BY_CAPITALS_ALONE``: 'Ihrer
    Praxis', 'Kronenfraktur Zahn 22', 'Grüßen') stays only after its cue (``_GERMAN_NAME_CUE``: 'z. Hd. Jurmaine
    Maduro', 'Mann [Jürgen Schröder]'), before a house number ('Am Markt 40'), or where a list knows one of its words
    as a name, from the first such word on ('Ihren Patienten [Jan Bakker]'). Issue 17, twenty-eighth round: dev120's
    handover letters by another hand, kept unread until the round's rules were written."""
    out = []
    for r in results:
        if (
            r.entity_type != "PERSOON"
            or (r.recognition_metadata or {}).get("recognizer_name") not in _BY_CAPITALS_ALONE
        ):
            out.append(r)
            continue
        if (
            _GERMAN_NAME_CUE.search(text, max(0, r.start - 40), r.start) is not None
            # a street before its number ('Am Markt 40'), not a tooth before its ('Kronenfraktur Zahn 22')
            or _GERMAN_HOUSE_NUMBER_AFTER.match(text, r.end) is not None
            and text[r.start : r.end].rsplit(None, 1)[-1].lower() not in ("zahn", "zähne", "element", "regio")
        ):
            out.append(r)
            continue
        words = list(re.finditer(r"\S+", text[r.start : r.end]))
        cued = [i for i, w in enumerate(words) if _GERMAN_NAME_CUE.search(w.group() + " ")]
        if cued and cued[-1] + 1 < len(words):
            r.start = r.start + words[cued[-1] + 1].start()  # 'Mann [Jürgen Schröder]'
            out.append(r)
            continue
        listed = _recognizers().listed_name_words(text[r.start : r.end])
        if not any(listed):
            continue
        r.start = r.start + words[listed.index(True)].start()
        out.append(r)
    return out


_NAME_BEFORE_BRACKETED_NUMBER = re.compile(
    r"(?<![\w'’-])([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’-]{2,})[ \t]\((?:[A-Za-z][\w.-]{0,24}[ \t]?:?[ \t]?)?$"
)


def _joined_to_found(text: str, entities: list[Entity], keep: Sequence[tuple[int, int]]) -> list[Entity]:
    """What stands joined to a person or a number found and is one too. A colleague's mark or given name joined to a
    person by a slash, 'en', '&' or '+', closing the line or before a stop: signatures and checks by two ('Getekend:
    AZ / HA', 'Gecontroleerd door: J. Bakker en ap', 'assistentie Zeynep + Stoyan'); capitals, lower-case letters that
    are no word, a capitalised word that can only be a name (``recognizers.joined_mark``). Issue 17, twenty-seventh
    round. And (twenty-eighth
    round) the name a person's was changed into, after an arrow ('Huisman → Marchenko'), unless an ordinary word
    ('Huisman → Nieuw'); a number in brackets after a person ('Fleur Haddouchi (4418)'); a second number of the same
    shape joined to a file's number ('2022-1134 en 2022-1288'). And (twenty-ninth round) the person before a number
    found in brackets ('Yuusuf (4294246514)'). And (thirty-third round) a given name joined before a person found,
    opening a list or a signature ('verblijft bij | Tumirah en Valentijn Kalf', 'Mei & Storm')."""
    found = [e for e in entities if e.type in ("PERSOON", "PATIENTNUMMER", "POLISNUMMER", "ID", "BSN")]
    if not found:
        return entities
    taken = [(e.start, e.end) for e in entities] + list(keep)
    added = []
    for e in found:
        m = _JOINED_NUMBER.match(text, e.end) if e.type in ("PATIENTNUMMER", "POLISNUMMER") else None
        joined_shape = None if m is None else direct.shape(m.group(1))
        if joined_shape is not None and joined_shape == direct.shape(text[e.start : e.end]):
            # a second number of the same shape joined to one found ('facturen 2022-1134 en 2022-1288', 'dossier 45521
            # samengevoegd met 45877'; issue 17, twenty-eighth round: the session's user check)
            start, end = m.span(1)
            if not any(s < end and start < t for s, t in taken):
                added.append(_entity(e.type, start, end, 0.5))
                taken.append((start, end))
            continue
        if e.type != "PERSOON":
            # the person before a number found in brackets, its label perhaps with it ('Yuusuf (4294246514) heeft pijn',
            # 'Notitie machtiging - Ozturk (V-nummer 1022 189 701)'): a capitalised word that can only be a name
            # (issue 17, twenty-ninth round: dev122's asylum seekers by another hand)
            m = _NAME_BEFORE_BRACKETED_NUMBER.search(text, max(0, e.start - 60), e.start)
            if m is not None and _recognizers().is_name_word(m.group(1)):
                start, end = m.span(1)
                if not any(s < end and start < t for s, t in taken):
                    added.append(_entity("PERSOON", start, end, 0.5))
                    taken.append((start, end))
            continue
        m = _NUMBER_IN_BRACKETS.match(text, e.end)
        if m is not None:
            # a record's number in brackets after its person ('pt Fleur Haddouchi (4418)', 'Dossier incident KOEN DEMIR
            # (4731)'), or her year of birth: either finds her (issue 17, twenty-eighth round: dev119 by another hand)
            start, end = m.span(1)
            if not any(s < end and start < t for s, t in taken):
                added.append(_entity("PATIENTNUMMER", start, end, 0.5))
                taken.append((start, end))
            continue
        m = _JOINED_GIVEN_BEFORE.search(text, max(0, e.start - 30), e.start)
        if (
            m is not None
            and text[e.start : e.start + 1].isupper()
            # (also a given name that is a word or a month: 'Mei & Storm')
            and (
                _recognizers().joined_mark(m.group(1))
                or m.group(1).lower() in _recognizers().deduce_words("names/lst_first_name")
            )
        ):
            # issue 17, thirty-third round: dev137's birth cards and dev139's placements by other hands
            start, end = m.span(1)
            if not any(s < end and start < t for s, t in taken):
                added.append(_entity("PERSOON", start, end, 0.5))
                taken.append((start, end))
        m = _JOINED_MARK.match(text, e.end)
        if m is None or not _recognizers().joined_mark(m.group(1)):
            # or the name it was changed into (issue 17, twenty-eighth round: dev118's name changes by another hand)
            m = _NAME_AFTER_ARROW.match(text, e.end)
            if m is None or _recognizers().not_a_name(m.group(1).rsplit(None, 1)[-1]):
                continue
        start, end = m.span(1)
        if not any(s < end and start < t for s, t in taken):
            added.append(_entity("PERSOON", start, end, 0.5))
            taken.append((start, end))
    return sorted(entities + added, key=lambda e: e.start) if added else entities


def _repeat_marks(text: str, entities: list[Entity], keep: Sequence[tuple[int, int]]) -> list[Entity]:
    """A colleague's initials found once in a record, found again wherever else the record writes them as a word, in
    the same letters: minutes introduce 'Koen Pattipeilohy (KP, kaakchirurg)' and then write 'KP verwijst naar fysio'
    (``recognizers.marks_to_repeat``); not inside a clinical string or another entity."""
    marks = _recognizers().marks_to_repeat({text[e.start : e.end] for e in entities if e.type == "PERSOON"})
    if not marks or not any(text.count(mark) > 1 for mark in marks):
        return entities
    taken = [(e.start, e.end) for e in entities] + list(keep)
    added = []
    for m in re.finditer(
        r"(?<![\w'’.&-])(?:" + "|".join(map(re.escape, sorted(marks, key=len, reverse=True))) + r")(?![\w'’&-])", text
    ):
        start, end = m.span()
        if not any(s < end and start < e for s, e in taken):
            added.append(_entity("PERSOON", start, end, 0.5))
    return sorted(entities + added, key=lambda e: e.start) if added else entities


# The types whose value, found once in a record, is the same person's wherever else the record writes it.
_REPEATED_VALUE_TYPES = frozenset(
    {"PATIENTNUMMER", "POLISNUMMER", "BSN", "AGB", "UZI", "IBAN", "TELEFOON", "POSTCODE", "ADRES", "EMAIL"}
)


def _repeat_values(text: str, entities: list[Entity], keep: Sequence[tuple[int, int]]) -> list[Entity]:
    """A number or an address found once in a record, found again wherever else the record writes it as it was
    written: an audit log names the patient's number after its cue once and then bare in every row (``| 43892 |``),
    an invoice number comes back in a correction's line, a subject line repeats the file's number. Only values of
    four characters or more holding a digit, not inside a clinical string or another entity (issue 17, twenty-fifth
    round)."""
    values = {
        text[e.start : e.end]: e.type
        for e in entities
        if e.type in _REPEATED_VALUE_TYPES and e.end - e.start >= 4 and any(c.isdigit() for c in text[e.start : e.end])
    }
    values = {v: t for v, t in values.items() if text.count(v) > 1}
    if not values:
        return entities
    taken = [(e.start, e.end) for e in entities] + list(keep)
    added = []
    for m in re.finditer(
        r"(?<![\w@.+-])(?:" + "|".join(map(re.escape, sorted(values, key=len, reverse=True))) + r")(?![\w@-]|\.\w)",
        text,
    ):
        start, end = m.span()
        if not any(s < end and start < e for s, e in taken):
            added.append(_entity(values[m.group(0)], start, end, 0.5))
    return sorted(entities + added, key=lambda e: e.start) if added else entities


# A thread's line opened by its speaker's word and a colon ('Juni: Goedenavond ...').
_SPEAKER_LINE = re.compile(r"^[ \t]*([^\W\d_]{2,})[ \t]*:[ \t]", re.MULTILINE)


@functools.cache
def _speakers_stop_words() -> frozenset[str]:
    """The stop words no speaker is ('Van:' is a mail's header, 'Ter' a particle), less the given names that are
    function words ('Wil:', 'Door:' are speakers)."""
    return _stop_words() - {w.lower() for w in _function_word_given_names()}


def _repeat_speakers(text: str, entities: list[Entity], spans: list[str]) -> list[Entity]:
    """A given name of a found name that is a word too ('Juni', 'Wil', 'Mei': not looked for elsewhere by
    ``_repeat_names``), where a thread's line opens with it and a colon: there it is its speaker ('Gesprek met JUNI
    VAN DER LINDEN' ... 'Juni: Goedenavond'; issue 17, twentieth round: dev71's messenger threads by another hand)."""
    first_names, months = _recognizers().deduce_words("names/lst_first_name"), lexicon.words("months")
    stop_words = _speakers_stop_words()
    wanted = {
        w.lower()
        for span in spans
        for w in span.split()
        if len(w) >= 3 and (w.lower() in first_names or w.lower() in months) and w.lower() not in stop_words
    }
    # (and a colleague's mark in lower case, found once where only a writer stands: 'mk ↔ ba' ... 'ba: Zeynep
    # Yılmaz: 22 trauma'; issue 17, twenty-fifth round: dev107's handover chats by another hand)
    wanted |= {span for span in spans if 2 <= len(span) <= 4 and span.isalpha() and span.islower()}
    if not wanted:
        return entities
    taken = [(e.start, e.end) for e in entities]
    added = [
        _entity("PERSOON", *m.span(1), 0.5)
        for m in _SPEAKER_LINE.finditer(text)
        if m.group(1).lower() in wanted and not any(s < m.end(1) and m.start(1) < e for s, e in taken)
    ]
    return sorted(entities + added, key=lambda e: e.start) if added else entities


def _repeat_handles(text: str, entities: list[Entity], names: list[Entity]) -> list[Entity]:
    """A person's handle found after its '@' ('↔ @olena.b_'), wherever the record writes it again without it: a
    chat export names each message's sender so ('[15:24] olena.b_: hoii'). Whole tokens only, not inside an e-mail
    address (issue 17, twentieth round: dev71's direct messages by another hand)."""
    handles = {
        text[e.start : e.end]
        for e in names
        if text[e.start - 1 : e.start] == "@" and " " not in text[e.start : e.end] and e.end - e.start >= 3
    }
    taken = [(e.start, e.end, e.type) for e in entities]
    added = []
    for handle in handles:
        for m in re.finditer(r"(?<![\w.@])" + re.escape(handle) + r"(?![\w@]|\.\w)", text):
            # a name found inside the handle ('olena' of 'olena.b_') is part of it; anything else is not
            if not any(
                s < m.end() and m.start() < e and not (t == "PERSOON" and m.start() <= s and e <= m.end())
                for s, e, t in taken
            ):
                added.append(_entity("PERSOON", m.start(), m.end(), 0.6))
                taken.append((m.start(), m.end(), "PERSOON"))
    if not added:
        return entities
    kept = [
        e for e in entities if not (e.type == "PERSOON" and any(a.start <= e.start and e.end <= a.end for a in added))
    ]
    return sorted(kept + added, key=lambda e: e.start)


# A login in brackets right after a name, with its domain or role before it ('Tomasz (ext-t.demir)', 'Hatice
# (PRAKTIJK\\haticeo)', 'Rignald (rlewandowski)').
_BRACKETED_LOGIN_AFTER = re.compile(r"[ \t]*\((?:[A-Z]{2,12}\\|(?:adm|ext)[-_])?(?P<v>[a-z][a-z.]{2,24}[a-z]\d{0,3})\)")


def _bracketed_logins(text: str, entities: list[Entity]) -> list[Entity]:
    """A login in brackets after a found name, made from it: it holds the given name, or opens or closes with its
    first letter ('Rignald (rlewandowski)', 'Katarzyna (zielinskik)', 'Hatice (haticeo)'), and is no Dutch word
    (issue 17, sixteenth round: dev41's access requests by another hand, where only the given name is written)."""
    if "(" not in text:
        return entities
    vocabulary = lexicon.dutch_vocabulary()
    added = []
    for e in entities:
        if e.type != "PERSOON" or text[e.end : e.end + 1] not in (" ", "("):
            continue
        m = _BRACKETED_LOGIN_AFTER.match(text, e.end)
        if m is None:
            continue
        login = m.group("v")
        given = next(
            (
                w.lower()
                for w in text[e.start : e.end].split()
                if w.lower().strip("'’") not in identifier_names.PREFIXES
            ),
            "",
        )
        letters = login.rstrip("0123456789").replace(".", "")
        if letters in vocabulary or len(given) < 2 or not given[:1].isalpha():
            continue
        if given in letters or letters[:1] == given[:1] or letters[-1:] == given[:1]:
            added.append(_entity("PERSOON", m.start("v"), m.end("v"), 0.6))
    taken = [(e.start, e.end) for e in entities]
    added = [a for a in added if not any(s < a.end and a.start < e for s, e in taken)]
    return sorted(entities + added, key=lambda e: e.start) if added else entities


def _name_logins(text: str, entities: list[Entity], keep: Sequence[tuple[int, int]]) -> list[Entity]:
    """The user names built from a name found in the record, wherever the record writes them ('Anouk de Vries
    (adevries)', a chat's 'a.devries:', 'DEVRIES_A' in a login column beside the name): an account is named after its
    owner (``identifiers.names.login_forms``), so the login is that person too. Only as a whole token, with the digits
    an account may carry ('a.devries2'), not inside an e-mail address or a domain, not a Dutch word, not inside a
    clinical string or another entity (issue 17, sixteenth round: dev41's system text by another hand)."""
    names = {text[e.start : e.end] for e in entities if e.type == "PERSOON"}
    lower = keywords.lowered(text) if names else None
    if lower is None:
        return entities
    # only the names whose surname or given name the text writes somewhere else too
    in_names = " ".join(names).lower()
    # (a loop, not a generator per name, over the anchors cached per name: 4.3 -> 3.5 ms a pass over dev)
    anchors_of, found = identifier_names.login_anchors, set()
    for name in names:
        for anchor in anchors_of(name):
            if lower.count(anchor) > in_names.count(anchor):
                found.add(name)
                break
    names = found
    if not names:
        return entities
    vocabulary = lexicon.dutch_vocabulary()
    taken = [(e.start, e.end, e.type) for e in entities] + [(s, e, "") for s, e in keep]
    added: list[Entity] = []
    size = len(text)
    for form in set().union(*map(identifier_names.login_forms, names)):
        at = lower.find(form)
        while at >= 0:
            end = at + len(form)
            while end < size and text[end].isdigit():
                end += 1
            if (
                (at == 0 or not (text[at - 1].isalnum() or text[at - 1] in ".@'’"))
                and (end == size or not (text[end].isalnum() or text[end] in "@_'’" or _opens_more(text, end)))
                and form not in vocabulary
                # a name found inside the login ('anouk' of 'anouk.devries') is part of it; anything else is not
                and not any(s < end and at < e and not (t == "PERSOON" and at <= s and e <= end) for s, e, t in taken)
            ):
                added.append(_entity("PERSOON", at, end, 0.6))
                taken.append((at, end, "PERSOON"))
            at = lower.find(form, at + 1)
    if not added:
        return entities
    kept = [
        e for e in entities if not (e.type == "PERSOON" and any(a.start <= e.start and e.end <= a.end for a in added))
    ]
    return sorted(kept + added, key=lambda e: e.start)


# A call name in quotes between a person's given name and surname ('Meiling "Moppie" de Jong', 'Kevin “Kev” Martina').
_QUOTED_BETWEEN = re.compile(
    r"[ \t][\"“”‘’'](?P<v>[A-ZÀ-ÖØ-Þ][\w'’-]{1,20}(?:[ \t][A-ZÀ-ÖØ-Þ][\w'’-]{1,20})?)[\"“”‘’'][ \t]"
)


def _quoted_nicknames(text: str, entities: list[Entity]) -> list[Entity]:
    """A call name in quotes right between two parts of a found name is that person's name too: 'Zus Meiling "Moppie"
    de Jong' (issue 17, sixteenth round: the fifteenth round's user check found the nickname published between the
    replaced names)."""
    if '"' not in text and "“" not in text and "'" not in text and "‘" not in text:
        return entities
    names = [e for e in entities if e.type == "PERSOON"]
    added = []
    for left, right in zip(names, names[1:]):
        m = _QUOTED_BETWEEN.fullmatch(text, left.end, right.start)
        if m is not None:
            added.append(_entity("PERSOON", m.start("v"), m.end("v"), 0.6))
    return sorted(entities + added, key=lambda e: e.start) if added else entities


def _ages_in_brackets_after_names(text: str, entities: list[Entity]) -> list[Entity]:
    """A bare number in brackets right after a found name is that person's age ('Sjoukje Wiersma (47), pnr ...',
    'broertje Adam (6) ook', 'Kidane, Semhar (34): Duraphat'), as lists of patients and family write it; the name was
    already the evidence (issue 17, thirty-ninth round: the session's user check left 13 of 20 ages so)."""
    if "(" not in text:
        return entities
    added = []
    for e in entities:
        if e.type == "PERSOON" and text.startswith(("(", " ("), e.end):
            m = _BRACKETED_AGE.match(text, e.end)
            if m is not None and int(m.group("v")) <= 115:
                added.append(_entity("LEEFTIJD", m.start("v"), m.end("v"), 0.6))
    if not added:
        return entities
    taken = [(e.start, e.end) for e in entities]
    added = [a for a in added if not _inside_any(a.start, a.end, taken) and not _crosses_any(a.start, a.end, taken)]
    return sorted(entities + added, key=lambda e: e.start) if added else entities


# An age in brackets after a name: one to three digits alone, then the phrase goes on or ends.
_BRACKETED_AGE = re.compile(r"[ ]?\((?P<v>\d{1,3})\)(?=[ \t]*(?:[,;:.)–-]|\n|$)|[ \t]+[^\W\d_])")


def _opens_more(text: str, at: int) -> bool:
    """Whether a dot or hyphen at ``at`` goes on with a letter or digit: a domain or a longer token, not a full stop."""
    return text[at] in ".-" and at + 1 < len(text) and text[at + 1].isalnum()


def _tokens_written_as(text: str, words: frozenset[str]) -> list[re.Match[str]] | Iterator[re.Match[str]]:
    """The ``_TOKEN`` matches of ``text`` (in order) that may be one of the lower-case ``words``, with or without
    dots after: every one whose lower case is, maybe more. Where the lowered text has the text's offsets (and no
    final sigma, which lowers by its context), only the tokens that open where a word occurs in it: a few
    searches instead of a pass over every token in Python (issue 17); else every token."""
    lower = keywords.lowered(text)
    if lower is None or "Σ" in text:
        return _TOKEN.finditer(text)
    starts = set()
    for word in words:
        at = lower.find(word)
        while at >= 0:
            if at == 0 or not _TOKEN.match(text, at - 1):  # a token opens here
                starts.add(at)
            at = lower.find(word, at + 1)
    return [m for m in map(_TOKEN.match, repeat(text), sorted(starts)) if m is not None]


def _unify_types(text: str, entities: list[Entity]) -> list[Entity]:
    """One type per value within a record, so 'de Boer' is [PERSOON-1] everywhere, not once [LOCATIE-1]."""
    if len(entities) < 2:
        return entities  # one value cannot disagree with itself
    keys = [" ".join(text[e.start : e.end].casefold().split()) for e in entities]
    best: dict[str, Entity] = {}
    for key, e in zip(keys, entities):
        current = best.get(key)
        if current is None or (_PRIORITY.get(e.type, -1), e.score) > (_PRIORITY.get(current.type, -1), current.score):
            best[key] = e
    if len(best) == len(entities):
        return entities  # every value once: each is its own best
    return [
        e if (b := best[key]).type == e.type else dataclasses.replace(e, type=b.type) for key, e in zip(keys, entities)
    ]


def _merge(results: list) -> list[Entity]:
    """Union of overlapping detections (recall first): one entity per overlap group, the strongest type wins."""
    # By start, the longest first: two stable sorts on C-level keys give the order of the key (start, -end).
    items = sorted(results, key=_END, reverse=True)
    items.sort(key=_START)
    merged: list[Entity] = []
    new_entity = _new_object
    first = group = None  # the group's first detection; the whole group once a second one overlaps it
    end = -1
    for r in items:
        if r.start < end:
            if group is None:
                group = [first, r]
            else:
                group.append(r)
            if r.end > end:
                end = r.end
            continue
        if first is not None:
            if group is None:  # most detections overlap nothing: their entity made here, as _entity does
                entity = new_entity(Entity)
                fields = entity.__dict__
                fields["type"], fields["start"], fields["end"], fields["score"] = (
                    first.entity_type,
                    first.start,
                    end,
                    _rounded(first.score),
                )
                merged.append(entity)
            else:
                merged.append(_entity_of(group, end))
        first, group, end = r, None, r.end
    if first is not None:
        merged.append(_entity_of([first] if group is None else group, end))
    return merged


_START, _END = attrgetter("start"), attrgetter("end")


def _entity_of(group: list, end: int) -> Entity:
    """The entity of an overlap ``group`` (sorted by start) that ends at ``end``: the type of the first detection
    with the greatest (score >= 0.5, type priority, score), the greatest score (as ``max`` would pick them: one pass,
    no key function called per detection)."""
    first = group[0]
    if len(group) == 1:  # most detections overlap nothing
        return _entity(first.entity_type, first.start, end, _rounded(first.score))
    priority = _PRIORITY.get
    best, top = first, first.score
    best_key = (top >= 0.5, priority(first.entity_type, -1), top)
    for r in group[1:]:
        score = r.score
        if score > top:
            top = score
        key = (score >= 0.5, priority(r.entity_type, -1), score)
        if key > best_key:
            best, best_key = r, key
    if best.entity_type == "BSN":
        # Nine digits that pass the 11-proef inside a phone number written with more before them ('+49 281 16 3340'),
        # or inside a number its word names with letters before them ('serienummer PX-4419-02388'), are that number's
        # digits: the placeholder (and a hashed type's pseudonym) says phone or patient number.
        for r in group:
            if (
                r.entity_type in ("TELEFOON", "PATIENTNUMMER", "POLISNUMMER")
                and r.score >= 0.5
                and r.start < best.start
                and r.end >= best.end
            ):
                return _entity(r.entity_type, first.start, end, _rounded(top))
    return _entity(best.entity_type, first.start, end, _rounded(top))


# A float's round(score, 2) goes through its decimal digits, 0.7 µs a call, made for every entity of every note, where
# the scores are a few values (0.85, 0.9, 0.45, ...): each float's rounding is remembered (issue 17, twelfth round).
_ROUNDED: dict[float, float] = {}


def _rounded(score: float) -> float:
    """``round(score, 2)``; remembered for a positive float (not for an int such as 1, whose round stays an int and
    which a dict would take for the float 1.0, nor for -0.0 or NaN)."""
    if type(score) is float:
        rounded = _ROUNDED.get(score)
        if rounded is None:
            rounded = round(score, 2)
            if score > 0 and len(_ROUNDED) < 4096:  # a bound all the same
                _ROUNDED[score] = rounded
        return rounded
    return round(score, 2)


def _entity(type_: str, start: int, end: int, score: float) -> Entity:
    """``Entity(type_, start, end, score)`` without the frozen dataclass's ``__init__``, which sets each field through
    a guarded ``object.__setattr__``: half the cost of an entity, made for every one a note has (issue 17, eleventh
    round). The same fields in the same order (checked below), so equal, hashed, printed and pickled alike."""
    entity = _new_object(Entity)
    fields = entity.__dict__
    fields["type"], fields["start"], fields["end"], fields["score"] = type_, start, end, score
    return entity


_new_object = object.__new__
if tuple(f.name for f in dataclasses.fields(Entity)) != ("type", "start", "end", "score"):
    raise TypeError("Entity's fields changed: update _entity")


# Function words DEDUCE sometimes tags on their own ('woont te Bergen' -> 'te ' as a person).
_FUNCTION_WORDS = frozenset(
    {"te", "in", "de", "van", "het", "op", "en", "bij", "aan", "der", "den", "ter", "ten", "uit", "naar", "met"}
)
# A nationality, an origin or a language alone ('moeder, Somalische tolk', 'spreekt Tigrinya') is no name, unless a
# deny list says so (issue 17, seventeenth round: the ninth session's user check).
_NATIONALITY_WORDS = lexicon.words("nationality_words")


def _tidy(text: str, results: list) -> list:
    """Whitespace at the edges is not part of a value; a bare function word or nationality is not a name; a value does
    not cross a tab, which separates a table's cells ('Wang Mei\t1988-04-22': each cell its own value, the columns
    kept)."""
    if "\t" in text:
        results = [piece for r in results for piece in _cells_of(text, r)]
    tidy = []
    name_ends: set[int] | None = None
    for r in results:
        value = text[r.start : r.end]
        if value and not value[0].isspace() and not value[-1].isspace():  # the common case: nothing to strip
            if r.entity_type != "PERSOON" or (
                value not in _FUNCTION_WORDS and (r.score >= 0.9 or value not in _NATIONALITY_WORDS)
            ):
                tidy.append(r)
            elif value in _NATIONALITY_WORDS:
                # right after a name found, a nationality is its surname ('Koen Spaans', 'Liv Spaans'; issue 17,
                # eighteenth round: dev58's cleft team by another hand)
                if name_ends is None:
                    name_ends = {x.end for x in results if x.entity_type == "PERSOON" and x is not r}
                if r.start - 1 in name_ends and text[r.start - 1] == " ":
                    tidy.append(r)
            continue
        stripped = value.strip()
        if not stripped or (
            r.entity_type == "PERSOON"
            and (stripped in _FUNCTION_WORDS or (r.score < 0.9 and stripped in _NATIONALITY_WORDS))
        ):
            continue
        r.start += len(value) - len(value.lstrip())
        r.end -= len(value) - len(value.rstrip())
        tidy.append(r)
    return _without_names_in_organisations(text, _without_names_in_dates(tidy))


def _without_names_in_organisations(text: str, results: list) -> list:
    """Without the names guessed by position (score below 0.5) that lie inside an organisation found by its own name
    (``organisations.txt``: 'Leger des Heils', 'Ministerie van Defensie'): the capitalised words are the
    organisation's, and as names they grew over the word before ('brief van Ministerie ...') and were looked for again
    elsewhere in the note (issue 17, seventeenth round). Not inside a practice found by its kind: its name is often
    a person's ('Tandartspraktijk De Vries'), who the note may name again."""
    organisations = [
        (r.start, r.end) for r in results if r.entity_type == "INSTELLING" and text[r.start : r.end] in _ORGANISATIONS
    ]
    if not organisations:
        return results
    return [
        r
        for r in results
        if not (
            r.entity_type == "PERSOON" and r.score < 0.5 and any(s <= r.start and r.end <= e for s, e in organisations)
        )
    ]


_ORGANISATIONS = lexicon.words("organisations")


def _without_names_in_dates(results: list) -> list:
    """Without the names guessed by position (score below 0.5) that share characters with a date found by its shape:
    the capitalised word both read is the date's month ('Afspraak op March 3rd, 2024': 'Afspraak op March' is no
    name, and merged with the date it made 'Afspraak op' a date too; issue 17, a user check)."""
    dates = [(r.start, r.end) for r in results if r.entity_type == "DATUM" and r.score >= 0.8]
    if not dates:
        return results
    return [
        r
        for r in results
        if not (r.entity_type == "PERSOON" and r.score < 0.5 and any(s < r.end and r.start < e for s, e in dates))
    ]


def _cells_of(text: str, result: Any) -> list:
    """``result`` split at the tabs inside it, one result per non-blank piece (the same type and score)."""
    if "\t" not in text[result.start : result.end]:
        return [result]
    pieces, start = [], result.start
    for end in [i for i in range(result.start, result.end) if text[i] == "\t"] + [result.end]:
        if text[start:end].strip():
            piece = copy.copy(result)
            piece.start, piece.end = start, end
            pieces.append(piece)
        start = end + 1
    return pieces


class _deadline:
    """Raise _Timeout in the main thread after ``seconds`` (SIGALRM); elsewhere, check after the fact.

    Someone else's pending alarm (Airflow's execution_timeout, pytest-timeout) is kept: ours is armed
    only when theirs is later than ours, and theirs is re-armed with its remaining time afterwards.
    If theirs comes first, we do not arm at all and check after the fact.
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.armed = False

    def __enter__(self) -> "_deadline":
        self.started = time.monotonic()
        if self.seconds and threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
            self.other_remaining, self.other_interval = signal.getitimer(signal.ITIMER_REAL)
            if self.other_remaining == 0 or self.other_remaining > self.seconds:
                self.previous = _set_handler(signal.SIGALRM, _raise_timeout)
                signal.setitimer(signal.ITIMER_REAL, self.seconds)
                self.armed = True
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        elapsed = time.monotonic() - self.started
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            _set_handler(signal.SIGALRM, self.previous)
            if self.other_remaining:
                signal.setitimer(signal.ITIMER_REAL, max(self.other_remaining - elapsed, 0.001), self.other_interval)
        if exc_type is None and self.seconds and elapsed > self.seconds:
            raise _Timeout()  # could not interrupt (worker thread, earlier alarm): still withhold the late result
        return False


def _raise_timeout(signum, frame) -> None:
    raise _Timeout()


# ``signal.signal`` turns the handler it returns into a ``signal.Handlers`` member where it can: for a function (ours,
# when the deadline puts the previous handler back) that is a failed enum look-up, a ValueError raised and caught,
# 17 µs for the two calls a text makes (issue 17, twelfth round: 0.015 DEDUCE-alone units). The C function it wraps
# sets the same handler and returns the previous one as it is (an int for SIG_DFL and SIG_IGN), which goes back in
# as it came out.
try:
    from _signal import signal as _set_handler
except ImportError:  # another Python than CPython
    _set_handler = signal.signal


# --- Presidio assembly ---------------------------------------------------------------------------

_BUILT: dict[tuple, Any] = {}
_BUILD_LOCK = threading.Lock()


def _build_presidio(config_dir: Path, use_deduce: bool) -> Any:
    """The analyzer, built once per process per configuration (DEDUCE is the slow part).

    No Presidio AnonymizerEngine: ``_replace_spans`` does the replacing (see there why)."""
    key = (str(config_dir), use_deduce)
    with _BUILD_LOCK:
        if key not in _BUILT:
            from presidio_analyzer import RecognizerRegistry

            from transforms.text.presidio_nl import (
                BlankDutchNlpEngine,
                DeduceRecognizer,
                FastAnalyzerEngine,
                WindowContextEnhancer,
            )
            from transforms.text.recognizers import default_recognizers, patient_number_regexes

            # Presidio logs every ad-hoc (per-record deny-list) recognizer at INFO: counts only, please.
            logging.getLogger("presidio-analyzer").setLevel(logging.WARNING)
            registry = RecognizerRegistry(supported_languages=["nl"])
            for recognizer in default_recognizers(patient_number_regexes(config_dir)):
                registry.add_recognizer(recognizer)
            if use_deduce:
                registry.add_recognizer(DeduceRecognizer())
            analyzer = FastAnalyzerEngine(
                registry=registry,
                nlp_engine=BlankDutchNlpEngine(),
                supported_languages=["nl"],
                context_aware_enhancer=WindowContextEnhancer(),
                default_score_threshold=0.3,
            )
            _BUILT[key] = analyzer
    return _BUILT[key]


# --- all cores -----------------------------------------------------------------------------------

_worker_engine: TextAnonymiser | None = None


def _worker_init(kwargs: dict, memory_mb: int = 0) -> None:
    global _worker_engine
    _worker_engine = TextAnonymiser(**kwargs)
    guards.limit_memory(memory_mb)  # after start-up: the budget is what one chunk may add (RLIMIT_AS)


def _worker_run(chunk: list[tuple[Any, tuple[str, ...]]]) -> tuple[list[AnonymisedText], float]:
    """A chunk's results, and the CPU seconds the worker spent on it (for capacity figures)."""
    assert _worker_engine is not None
    started = time.process_time()
    results = [_worker_engine.anonymise(text, deny) for text, deny in chunk]
    return results, time.process_time() - started


class ParallelAnonymiser:
    """A pool of worker processes, each with its own engine, kept for many batches (every core).

    On Linux the pool forks after the engine is built here, so workers share the loaded DEDUCE
    instead of loading it again; elsewhere each worker loads it once. A chunk whose worker fails is
    withheld as a whole (fail closed); it is never passed through. Use as a context manager.
    """

    def __init__(
        self,
        processes: int | None = None,
        chunk_timeout_s: float | None = None,
        worker_memory_mb: int | None = None,
        **engine_kwargs: Any,
    ) -> None:
        import multiprocessing

        self.processes = processes or os.cpu_count() or 1
        # A worker that dies (killed, out of memory) loses its chunk and the pool never answers for it:
        # wait at most this long per chunk, then withhold it. Default: the per-record timeout x chunk size.
        self.chunk_timeout_s = chunk_timeout_s
        self._record_timeout_s = engine_kwargs.get("timeout_s", DEFAULT_TIMEOUT_S) or DEFAULT_TIMEOUT_S
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        if ctx.get_start_method() == "fork":
            TextAnonymiser(**engine_kwargs)._analyzer.analyze(text="warm", language="nl")  # loads DEDUCE
            gc.collect()
            gc.freeze()  # children inherit the engine without the GC touching (and copying) its pages
        # Each worker's address space may grow this much over its start-up size (guards.limit_memory);
        # default env DCN_TEXT_WORKER_MEMORY_MB or 2048 MB, 0 = no limit.
        self.worker_memory_mb = guards.worker_memory_mb(worker_memory_mb)
        self._pool = ctx.Pool(self.processes, initializer=_worker_init, initargs=(engine_kwargs, self.worker_memory_mb))

    def anonymise_batch(
        self, records: Iterable[TextRecord | str], chunk_size: int = 256, on_chunk: Callable[[int], None] | None = None
    ) -> BatchResult:
        """Anonymise on the pool, results in input order; ``on_chunk(n)`` after each chunk of ``n`` records
        (progress: counts only)."""
        items = [(t, tuple(d or ())) for t, d in map(_unpack, records)]
        chunks = [items[i : i + chunk_size] for i in range(0, len(items), chunk_size)]
        pending = [self._pool.apply_async(_worker_run, (chunk,)) for chunk in chunks]
        results: list[AnonymisedText] = []
        cpu = 0.0
        for chunk, job in zip(chunks, pending):
            try:
                chunk_results, chunk_cpu = job.get(self.chunk_timeout_s or 30 + len(chunk) * self._record_timeout_s)
                results.extend(chunk_results)
                cpu += chunk_cpu
            except Exception as exc:  # noqa: BLE001 - fail closed for the whole chunk
                log.warning("anonymisation worker failed (%s); %d records withheld", type(exc).__name__, len(chunk))
                results.extend(AnonymisedText(WITHHELD_MARKER, (), "withheld", "error") for _ in chunk)
                self._lost_chunks = True
            if on_chunk is not None:
                on_chunk(len(chunk))
        return BatchResult(results, BatchResult.count(results), worker_cpu_s=cpu)

    _lost_chunks = False

    def close(self) -> None:
        if self._lost_chunks:  # a lost task would make join() wait forever
            self._pool.terminate()
        else:
            self._pool.close()
        self._pool.join()

    def __enter__(self) -> "ParallelAnonymiser":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def anonymise_parallel(
    records: Iterable[TextRecord | str],
    *,
    processes: int | None = None,
    chunk_size: int = 256,
    on_chunk: Callable[[int], None] | None = None,
    **engine_kwargs: Any,
) -> BatchResult:
    """Anonymise on every core (a process pool for this call), results in input order.

    Small inputs (one chunk or less) and ``processes=1`` run in this process. For many batches,
    keep a :class:`ParallelAnonymiser` open instead of paying the pool start-up per call.
    ``on_chunk(n)`` is called after each chunk of ``n`` records (progress: counts only).
    """
    items = [(t, tuple(d or ())) for t, d in map(_unpack, records)]
    processes = processes or os.cpu_count() or 1
    if processes == 1 or len(items) <= chunk_size:
        return BatchResult(
            results := _in_process(TextAnonymiser(**engine_kwargs), items, chunk_size, on_chunk),
            BatchResult.count(results),
        )
    with ParallelAnonymiser(processes, **engine_kwargs) as pool:
        return pool.anonymise_batch(items, chunk_size, on_chunk)


def _in_process(
    engine: TextAnonymiser,
    items: list[tuple[str | None, tuple[str, ...]]],
    chunk_size: int,
    on_chunk: Callable[[int], None] | None,
) -> list[AnonymisedText]:
    results: list[AnonymisedText] = []
    for start in range(0, len(items), chunk_size):
        results.extend(engine.anonymise(t, d) for t, d in items[start : start + chunk_size])
        if on_chunk is not None:
            on_chunk(min(chunk_size, len(items) - start))
    return results


def iter_anonymised(engine: TextAnonymiser, records: Iterable[TextRecord | str]) -> Iterator[AnonymisedText]:
    """Stream records through one engine (constant memory), in order."""
    for record in records:
        yield engine.anonymise(*_unpack(record))


def anonymise_series(
    texts: Any,
    deny: Any = None,
    *,
    processes: int = 1,
    on_chunk: Callable[[int], None] | None = None,
    **engine_kwargs: Any,
) -> Any:
    """Anonymise a pandas Series of texts (optionally with a Series of deny lists), index kept.

    Returns a DataFrame with columns ``text`` (anonymised or the withheld marker), ``status``,
    ``reason`` and ``entities`` (list of dicts). ``processes`` > 1 (or 0 = every core) uses a pool.
    Missing values (None/NaN) are withheld as ``not_text``, never passed through. ``on_chunk(n)`` after
    each chunk of ``n`` records (progress).
    """
    import pandas as pd

    denies = list(deny) if deny is not None else [()] * len(texts)
    records = [
        TextRecord(t if isinstance(t, str) else None, tuple(d) if isinstance(d, (list, tuple)) else ())
        for t, d in zip(texts, denies)
    ]
    if processes == 1:
        results = _in_process(TextAnonymiser(**engine_kwargs), [(r.text, r.deny) for r in records], 256, on_chunk)
    else:
        results = anonymise_parallel(records, processes=processes or None, on_chunk=on_chunk, **engine_kwargs).results
    return pd.DataFrame(
        {
            "text": [r.text for r in results],
            "status": [r.status for r in results],
            "reason": [r.reason for r in results],
            "entities": [[dataclasses.asdict(e) for e in r.entities] for r in results],
        },
        index=texts.index,
    )
