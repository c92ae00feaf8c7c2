"""DEDUCE, loaded once per process from a lookup cache the project controls.

DEDUCE 3 builds its lookup structures (≈770k street names, 245k institutions, name lists) into a
pickle on first use, which takes about a minute. ``make install`` runs :func:`warm_up` (listed in
``transforms.warmup.WARMERS``) so that the pickle lives under ``settings.cache_dir() / "deduce"``;
tasks then only load it (≈8 s, once per process). If the cache is missing the engine still works:
DEDUCE builds it (slowly, offline: its lists ship inside the wheel) and saves it there.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import gc
import logging
import operator
import re
import threading
from itertools import compress, count
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

import docdeid as dd  # light (the lookup lists are in deduce); needed for the engine's processors below

from transforms import settings

if TYPE_CHECKING:  # heavy import, only for type hints
    import deduce

log = logging.getLogger(__name__)

_lock = threading.Lock()
_instance: "deduce.Deduce | None" = None
_engine_pipeline = None

# DEDUCE tag -> engine entity type. Tags not listed are dropped (the Dutch recognizers cover them).
TAG_TO_ENTITY: dict[str, str] = {
    "persoon": "PERSOON",
    "patient": "PERSOON",
    "locatie": "LOCATIE",
    "ziekenhuis": "INSTELLING",
    "zorginstelling": "INSTELLING",
    "instelling": "INSTELLING",
    "datum": "DATUM",
    "leeftijd": "LEEFTIJD",
    "bsn": "BSN",
    "id": "ID",
    "telefoonnummer": "TELEFOON",
    "email": "EMAIL",
    "emailadres": "EMAIL",
    "url": "URL",
}

# Processor groups our own validated recognizers replace: running them in DEDUCE too costs time
# and adds only unvalidated duplicates. The redactor is not needed: Presidio anonymises. Adjacent
# annotations stay apart so "1213 AB Hilversum" is a postcode and a place, not one location.
# Postcodes and PO boxes are plain patterns the Dutch recognizers match too. DEDUCE's dates and ages
# stay on: a second, independent detector for them (with its pseudo-patterns for durations).
# The patient-name annotator only reads DEDUCE metadata the engine never passes: the per-record deny
# list does that job (and knows family and staff too).
# Name and institution annotators whose job the engine's own rules already do, measured one at a time
# (issue 17: switching each off changed no detection and no keep-rate on the development part, with and
# without deny lists, nor on the test part), and together about 0.3 of the DEDUCE part's time:
# - name_context (the costliest annotator: grows a name over a tussenvoegsel + surname or initials to its
#   left): the engine's _expand_names, NamePositionRecognizer and NameSequenceRecognizer do that;
# - prefix_with_initial, initial_with_name ('dhr. J.', 'J. Jansen'): CuedNameRecognizer's title and
#   initials patterns;
# - institution (the 245k-entry healthcare-institution lookup): InstitutionRecognizer's naming patterns and
#   the deny list; the hospital lookup stays (switching it off lost hospital names).
# Kept although switching them off changed nothing measured: eponymous_disease (its ~1,000 disease forms,
# 'Alagille syndroom', are more than the clinical allow list has) and street_pattern (bare street names
# without a house number, 'Kerkstr'); both are cheap.
# Switched off later (issue 17, scored one at a time and together on dev with and without deny lists, dev2-dev6
# and test: no recall, precision or keep-rate changed in any category; the anonymised texts stayed the same,
# only the scores of entities our recognizers find as well, 0.85 -> 0.4-0.7), together about a fifth of the
# DEDUCE part's time:
# - initial_interfix ('J. van Dijk'): CuedNameRecognizer's initials patterns and the name expansion;
# - date_dmy_2, date_ymd_1, date_ymd_2 (written months, year first): the date recognizers; date_dmy_1
#   ('12-03-2021') stays: switching it off lost dates on the test part;
# - ages ('45 jaar'): the age recognizer.
ENGINE_DISABLED_GROUPS = frozenset(
    {
        "identifiers",
        "phone_numbers",
        "email_addresses",
        "urls",
        "redactor",
        "merge_adjacent_annotations",
        "postal_code",
        "postbus",
        "patient_name",
        "name_context",
        "prefix_with_initial",
        "initial_with_name",
        "institution",
        "initial_interfix",
        "date_dmy_2",
        "date_ymd_1",
        "date_ymd_2",
        "ages",
    }
)


def cache_path() -> Path:
    """Folder DEDUCE reads its lookup cache from (``<cache>/deduce/cache/lookup_structs.pickle``)."""
    return settings.cache_dir() / "deduce"


def cache_exists() -> bool:
    return (cache_path() / "cache" / "lookup_structs.pickle").is_file()


def build_cache(path: Path) -> bool:
    """Build DEDUCE's lookup cache in ``path`` unless another process has meanwhile; whether this one built it.

    Processes that start together on a new machine (pool workers, Airflow tasks, a test run's workers) would each
    build it, and one could read the file while another writes it (``EOFError``, seen in a test run of ours): the
    build holds a lock on the folder, and its file is written aside and moved into place whole."""
    import fcntl
    import os
    import shutil
    import tempfile

    import deduce

    with open(path / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if cache_exists():
            return False  # another process built it while this one waited
        log.warning("DEDUCE lookup cache missing in %s; building it now (about a minute)", path)
        aside = Path(tempfile.mkdtemp(prefix="building-", dir=path))
        try:
            deduce.Deduce(cache_path=aside)
            (path / "cache").mkdir(exist_ok=True)
            os.replace(aside / "cache" / "lookup_structs.pickle", path / "cache" / "lookup_structs.pickle")
        finally:
            shutil.rmtree(aside, ignore_errors=True)
    return True


def load() -> "deduce.Deduce":
    """The process-wide DEDUCE instance (built on first call, thread-safe)."""
    global _instance
    if _instance is None:
        with _lock:
            if _instance is None:
                import deduce  # heavy: loads lookup structures

                path = cache_path()
                path.mkdir(parents=True, exist_ok=True)
                if not cache_exists():
                    build_cache(path)  # then loaded like a cache another process built: its temporaries are gone
                # Millions of long-lived lookup objects: keep them out of the cyclic GC (its full passes
                # would walk them all, and in forked workers would copy every page they touch). The GC is
                # off while they are made and they are frozen at once: unpickling allocates millions of
                # objects, none of them garbage, and with the GC on its collections (and a full one
                # afterwards) walked the growing heap over and over: more than half of the load's CPU time.
                # The collection runs before, while the heap is small, so no earlier garbage is frozen.
                gc.collect()
                enabled = gc.isenabled()
                gc.disable()
                try:
                    _instance = deduce.Deduce(cache_path=path)
                    _add_given_names_abroad(_instance)
                    gc.freeze()
                finally:
                    if enabled:
                        gc.enable()
    return _instance


def _add_given_names_abroad(instance: "deduce.Deduce") -> None:
    """Add ``given_names_abroad.txt`` to DEDUCE's first names (its lookup trie, as its own list's entries are), before
    any pipeline reads them: names of the larger groups from abroad that its Dutch list lacks ('Iryna', 'Semhar')."""
    from transforms import lexicon

    first_names = instance.lookup_structs["first_name"]
    names = lexicon.entries("given_names_abroad")
    for name in names:
        first_names.add_item([name])
    # The lookup annotators over that trie keep the words a match can start with, read off it when DEDUCE built them
    # (and shared, the same set, with the engine's own annotators built from them: ``PlainMultiTokenLookupAnnotator``).
    groups = [instance.processors]
    while groups:
        for _, proc in groups.pop():
            if isinstance(proc, dd.process.DocProcessorGroup):
                groups.append(proc)
            elif isinstance(proc, dd.process.MultiTokenLookupAnnotator) and proc._trie is first_names:
                proc._start_words.update(names)


def engine_annotations(text: str, disabled: frozenset[str] = ENGINE_DISABLED_GROUPS) -> dd.AnnotationSet:
    """DEDUCE's annotations of ``text`` as the engine needs them (see :func:`engine_pipeline`): its steps in turn
    (:func:`engine_steps`), each called as :func:`_engine_plan` says, on a document that holds its tokens."""
    built = _engine_pipeline
    if built is None or built[0] is not disabled:  # the pipeline of other groups, or none yet
        _engine(disabled)
        built = _engine_pipeline
    doc = EngineDocument(text, _engine_tokenizers(built[3]))  # type: ignore[index]  # made by _engine
    annotations = doc.annotations  # the document's, kept in step with it
    for kind, call in built[4]:  # type: ignore[index]  # the plan (_engine_plan)
        if kind is _ANNOTATE:
            found = call(doc)
            if found:
                annotations.update(found)
        elif kind is _PROCESS_ANNOTATIONS:
            if annotations:
                annotations = doc.annotations = call(annotations, text)
        else:
            call(doc)
            annotations = doc.annotations
    return annotations


class EngineDocument(dd.Document):
    """A docdeid ``Document`` whose default tokens are made with it and handed out as they are: ``get_tokens`` is
    asked ten times per note, and docdeid's checks and look-ups there cost more than most annotators' own work on a
    short note (issue 17, twelfth round). Another tokenizer's tokens still come through docdeid's own."""

    def __init__(self, text: str, tokenizers: dict[str, Any]) -> None:
        super().__init__(text, tokenizers=tokenizers)
        self.tokens = tokenizers["default"].tokenize(text)

    def get_tokens(self, tokenizer_name: str = "default") -> dd.tokenizer.TokenList:
        if tokenizer_name == "default":
            return self.tokens
        return super().get_tokens(tokenizer_name)


# How :func:`engine_annotations` calls a step (``_engine_plan``): an annotator's ``annotate``, its annotations added
# to the document's; an annotation processor's ``process_annotations`` on them, unless there are none; another
# step's ``process``. What docdeid's ``Annotator.process`` and ``AnnotationProcessor.process`` do, without their
# call and property look-ups per step (sixteen steps a note).
_ANNOTATE, _PROCESS_ANNOTATIONS, _PROCESS = "annotate", "process_annotations", "process"


_TOKENIZERS: dict[bool, dict[str, Any]] = {}


def _engine_tokenizers(links_on_demand: bool = False) -> dict[str, Any]:
    if links_on_demand not in _TOKENIZERS:
        tokenizer = PlainTokenizer(load().tokenizers["default"], links_on_demand=links_on_demand)
        _TOKENIZERS[links_on_demand] = {"default": tokenizer}
    return _TOKENIZERS[links_on_demand]


# docdeid keys a token list's word index by ``str(matching_pipeline)``: a repr per modifier per call. The two
# pipelines DEDUCE's engine annotators use are spelled once here; a modifier with state of its own (its repr
# shows it) or any other pipeline still goes through ``str``.
_NO_PIPELINE_KEY = str([])
_LOWERCASE_KEY = str([dd.str.LowercaseString()])


def _pipeline_key(pipeline: Any) -> str:
    if not pipeline:
        return _NO_PIPELINE_KEY
    if len(pipeline) == 1 and type(pipeline[0]) is dd.str.LowercaseString and not vars(pipeline[0]):
        return _LOWERCASE_KEY
    return str(pipeline)


class PlainTokenList(dd.tokenizer.TokenList):
    """docdeid's ``TokenList``, its tokens made when first asked for and its word index made on demand and list
    by list: token texts through a pipeline (each string modifier over all texts, lower-casing as
    ``str.casefold`` itself), their set, and the token-to-position index only when someone asks for a position.
    ``token_lookup`` finds the tokens of the matching words by one pass over the texts, where docdeid keeps a
    word-to-tokens dictionary per pipeline that most documents never read. Same words, same tokens (each made
    once: a position always gives the same object), same positions.

    The engine's annotators work on the texts and spans and ask for the few tokens their annotations hold
    (:meth:`token_at`); anything that iterates, indexes or links the list gets every token."""

    _token_index: "dict[dd.Token, int] | None"
    _links_pending: bool
    _texts: dict[str, list[str]]
    _start_chars: list[int]  # each token's first character, in token order
    _end_chars: list[int]  # and the character after its last
    _missing: int  # tokens not made yet
    _starts: "tuple[StartIndex, list[list[int]]] | None"  # the start index's positions, once asked for

    @classmethod
    def of(cls, starts: list[int], ends: list[int], words: list[str], links_pending: bool) -> "PlainTokenList":
        """The token list of the tokens from ``starts`` to ``ends`` (characters) and their texts, no token made yet."""
        tokens = object.__new__(cls)
        tokens._tokens = [None] * len(starts)
        tokens._missing = len(starts)
        tokens._start_chars, tokens._end_chars = starts, ends
        tokens._links_pending = links_pending
        tokens._token_index = None
        tokens._words = {}
        tokens._texts = {_NO_PIPELINE_KEY: words}
        tokens._starts = None
        return tokens

    def starts(self, index: "StartIndex", slot: int) -> list[int]:
        """The positions of the tokens whose text passes check ``slot`` of ``index``, in token order (the index's
        one pass over the texts made for all its checks when first asked)."""
        found = self._starts
        if found is None or found[0] is not index:
            found = self._starts = (index, index.positions(self._texts[_NO_PIPELINE_KEY]))
        return found[1][slot]

    def token_at(self, i: int) -> dd.Token:
        """The token at position ``i`` (made now if not yet)."""
        token = self._tokens[i]
        if token is None:
            # dd.Token(...) without its generated __init__: a guarded object.__setattr__ per field and a length
            # check that cannot fail for a regex match cost more than finding the token
            token = object.__new__(dd.Token)
            fields = token.__dict__
            fields["text"] = self._texts[_NO_PIPELINE_KEY][i]
            fields["start_char"], fields["end_char"] = self._start_chars[i], self._end_chars[i]
            self._tokens[i] = token
            self._missing -= 1
        return token

    def tokens(self) -> list[dd.Token]:
        """Every token, as the list this token list holds (not to be changed)."""
        if self._missing:
            for i, token in enumerate(self._tokens):
                if token is None:
                    self.token_at(i)
        return self._tokens

    def spans(self) -> list[tuple[int, int]]:
        """Every token's first and end character, in token order."""
        return list(zip(self._start_chars, self._end_chars))

    def position(self, token: dd.Token) -> "int | None":
        """The position of this very token object, if it is one of this list's (made already)."""
        at = bisect.bisect_left(self._start_chars, token.start_char)  # tokens are in text order, starts distinct
        return at if at < len(self._tokens) and self._tokens[at] is token else None

    def __iter__(self) -> Iterator[dd.Token]:
        return iter(self.tokens())

    def __getitem__(self, index: Any) -> Any:
        return self.tokens()[index]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, dd.tokenizer.TokenList):
            raise ValueError(f"Cannot compare {self.__class__} to {other.__class__}")
        return self.tokens() == list(other)

    __hash__ = None  # type: ignore[assignment]  # as docdeid's (it defines __eq__ only)

    def _init_token_lookup(self, matching_pipeline: Any = None) -> None:
        key = _pipeline_key(matching_pipeline)
        texts = self._texts.get(key)
        if texts is None:
            texts = self._texts[_NO_PIPELINE_KEY]
            for modifier in matching_pipeline or []:
                if type(modifier) is dd.str.LowercaseString:
                    texts = [t.casefold() for t in texts]
                else:
                    process = modifier.process
                    texts = [process(t) for t in texts]
            self._texts[key] = texts
        self._words[key] = set(texts)

    def texts(self, matching_pipeline: Any = None) -> list[str]:
        """Every token's text through ``matching_pipeline``, in token order."""
        if not matching_pipeline:  # the texts as they are, asked for ten times per note
            return self._texts[_NO_PIPELINE_KEY]
        key = _pipeline_key(matching_pipeline)
        if key not in self._texts:
            self._init_token_lookup(matching_pipeline)
        return self._texts[key]

    def get_words(self, matching_pipeline: Any = None) -> set[str]:
        """The set of :meth:`texts` (docdeid's lazily built word set)."""
        key = _pipeline_key(matching_pipeline)
        if key not in self._words:
            self._init_token_lookup(matching_pipeline)
        return self._words[key]

    def token_lookup(self, lookup_values: Any, matching_pipeline: Any = None) -> set[dd.Token]:
        """The tokens whose text through ``matching_pipeline`` is one of ``lookup_values``."""
        hits = self.get_words(matching_pipeline).intersection(lookup_values)
        if not hits:
            return set()
        return {self.token_at(i) for i, text in enumerate(self.texts(matching_pipeline)) if text in hits}

    def link(self) -> None:
        """Link the tokens (``Token.previous``/``next``), if the tokenizer left that until asked."""
        if self._links_pending:
            self._links_pending = False
            previous = None
            for token in self.tokens():  # what TokenList._link_tokens sets, through the same __dict__
                token.__dict__["_previous_token"] = previous
                if previous is not None:
                    previous.__dict__["_next_token"] = token
                previous = token

    def token_index(self, token: dd.Token) -> int:
        """The position of ``token`` in this list."""
        if self._token_index is None:
            self._token_index = {t: i for i, t in enumerate(self.tokens())}
        return self._token_index[token]


class _SameInRe:
    """DEDUCE's token pattern (``regex`` module) compiled by ``re`` as well, for the texts both read alike: about
    a third faster to scan.

    The pattern (``\\w+|[\\n\\r\\t]| {4,}|[^ ]``) splits a text by the class of each character alone: a run of
    word characters, a line break or tab, four or more spaces, any other character but a space; both engines
    take the first alternative that fits, the longest run. They differ only on which characters are word
    characters (``regex``: Unicode's alphabetic, marks, decimal digits, connector punctuation; ``re``:
    ``str.isalnum`` and ``_``), e.g. superscript digits and combining accents. A text in which every character
    is classed alike by both gets the same tokens; any other text, or another pattern, keeps ``regex``.
    """

    PATTERN = r"\w+|[\n\r\t]| {4,}|[^ ]"
    REMEMBERED = 1 << 16  # characters whose class is kept, then forgotten at once
    _NON_ASCII = re.compile(r"[^\x00-\x7f]")

    def __init__(self, stock: Any) -> None:
        import regex

        same = stock.pattern == self.PATTERN and stock.flags == regex.I | regex.M | regex.U | regex.V0
        self.finditer = re.compile(self.PATTERN, re.I | re.M).finditer if same else None
        self._theirs = regex.compile(r"\w", stock.flags).match
        self._ours = re.compile(r"\w", re.I | re.M).match
        self._alike: dict[str, bool] = {}
        self._ascii = same and all(self._classed_alike(chr(c)) for c in range(128))

    def _classed_alike(self, ch: str) -> bool:
        alike = self._alike.get(ch)
        if alike is None:
            if len(self._alike) >= self.REMEMBERED:
                self._alike.clear()
            alike = self._alike[ch] = (self._theirs(ch) is None) == (self._ours(ch) is None)
        return alike

    def agrees(self, text: str) -> bool:
        """Whether ``re`` gives ``text`` DEDUCE's tokens."""
        if self.finditer is None:
            return False
        if text.isascii():
            return self._ascii
        return self._ascii and all(self._classed_alike(ch) for ch in self._NON_ASCII.findall(text))


_START, _END, _GROUP = re.Match.start, re.Match.end, re.Match.group


class StartIndex:
    """Where the engine's token annotators can start, for all of them in one pass: per check (an annotator's test
    of a token text: one of its start words, through its matching pipeline; its one-token regex), the positions
    of the token texts that pass it.

    Each annotator on its own intersected the document's words with its start words and then looked for those
    among the token texts: ten passes over the same ~60 words of a note, where most notes share most words. Here
    each distinct text is classed once (the checks it passes, kept for the next notes: up to ``REMEMBERED``
    texts, then forgotten at once), and a note costs one dictionary lookup per token."""

    REMEMBERED = 1 << 16

    def __init__(self) -> None:
        self._checks: list[_Check] = []
        self._passes: dict[str, tuple[int, ...]] = {}  # text -> the checks it passes

    def add(self, check: _Check) -> int:
        """Index ``check`` too; its slot (for :meth:`PlainTokenList.starts`)."""
        self._checks.append(check)
        self._passes.clear()
        return len(self._checks) - 1

    def _classify(self, text: str) -> tuple[int, ...]:
        if len(self._passes) >= self.REMEMBERED:
            self._passes.clear()
        passes = self._passes[text] = tuple(k for k, check in enumerate(self._checks) if check(text))
        return passes

    def positions(self, texts: list[str]) -> list[list[int]]:
        """Per check, the positions in ``texts`` of the texts that pass it, in order."""
        found: list[list[int]] = [[] for _ in self._checks]
        passes_of = list(map(self._passes.get, texts))
        if None in passes_of:  # a text not seen yet (few, once the notes' words are known)
            classify = self._classify
            passes_of = [classify(texts[i]) if passes is None else passes for i, passes in enumerate(passes_of)]
        # Six tokens in ten pass no check (the empty tuple): ``compress`` skips them at C speed, where a loop over
        # every token cost most of this (issue 17, eleventh round).
        for i in compress(count(), passes_of):
            for k in passes_of[i]:
                found[k].append(i)
        return found


def _start_check(start_words: "set[str] | None", pipeline: Any) -> "_Check | None":
    """Whether a token text, through ``pipeline``, is one of ``start_words``, as a check of the plain text (what
    ``PlainTokenList`` matches: the texts as they are, or lower-cased as ``str.casefold``); None for another
    pipeline or no start words."""
    if start_words is None:
        return None
    key = _pipeline_key(pipeline)
    if key == _NO_PIPELINE_KEY:
        return start_words.__contains__
    if key == _LOWERCASE_KEY:
        return lambda text: text.casefold() in start_words
    return None


def _as_is(text: str) -> str:
    return text


def _longest_prefix(root: Any, texts: list[str], i: int, n: int) -> int:
    """How many of ``texts[i:n]`` the longest term of the trie ``root`` that starts at ``i`` spans (0: none):
    ``LookupTrie.longest_matching_prefix(texts, start_i=i)``, its length only, one dictionary lookup a step."""
    node = root.children.get(texts[i])
    if node is None:
        return 0
    longest = 1 if node.is_terminal else 0
    j = i + 1
    while j < n:
        node = node.children.get(texts[j])
        if node is None:
            break
        j += 1
        if node.is_terminal:
            longest = j - i
    return longest


class PlainTokenizer:
    """DEDUCE's tokenizer (its pattern, its merge of multi-word terms, linked tokens): the same tokens, made
    when asked for (:class:`PlainTokenList`), merged by a walk of the merge trie from the tokens that start a
    term only, and linked in one pass (or when asked for: ``links_on_demand``).

    On a 250-character note DEDUCE makes about 60 tokens; building each frozen ``Token`` through its
    generated ``__init__``, hashing each into a position index and linking them in a second pass cost more than
    the regex that finds them, and the engine's annotators need the texts and a few tokens only; DEDUCE's merge
    was a Python step per token on the nine notes in ten that hold a word that may start a term (``De``,
    ``Dr``, ``'``). ``tests/text/test_deduce_pipeline.py`` compares the tokens and the annotations with
    DEDUCE's own.
    """

    def __init__(self, stock: Any, links_on_demand: bool = False) -> None:
        """``links_on_demand``: leave the links to :meth:`PlainTokenList.link`, for pipelines whose processors
        all find neighbours by position or link first (:func:`engine_pipeline`)."""
        from deduce.tokenizer import DeduceTokenizer

        if type(stock) is not DeduceTokenizer:  # another tokenizer: its own rules, not these
            raise TypeError(f"expected DEDUCE's tokenizer, got {type(stock).__name__}")
        trie = stock._trie
        # deduce 3.0: a trie without a matching pipeline (its words as they are) and no empty term
        if trie is not None and (type(trie) is not dd.ds.LookupTrie or trie.matching_pipeline or trie.is_terminal):
            raise TypeError("a merge trie that matches other than on plain token texts")
        self.stock = stock
        self.link_tokens = stock.link_tokens
        self.links_on_demand = links_on_demand
        self._finditer = stock._pattern.finditer
        self._same_in_re = _SameInRe(stock._pattern)
        self._trie = trie
        self._start_words = stock._start_words if trie is not None else frozenset()
        # Per word that starts a term, the words that can come second in one: most starts ('de', 'bij', 'in') have no
        # term of two tokens or more there, which one set look-up tells without a walk.
        self._seconds = {w: frozenset(node.children) for w, node in trie.children.items()} if trie is not None else {}

    def _merge(
        self, text: str, starts: list[int], ends: list[int], words: list[str]
    ) -> tuple[list[int], list[int], list[str]]:
        """DEDUCE's ``_merge``: from left to right, each longest run of tokens that is a term, as one token."""
        start_words, seconds, root, n = self._start_words, self._seconds, self._trie, len(words)
        merged_starts: list[int] = []
        merged_ends: list[int] = []
        merged_words: list[str] = []
        done = 0  # tokens before this are in ``merged_*``
        # the walk starts only where a term can: those found at C speed (``compress`` over the membership tests), where
        # a comprehension cost a Python step per token (issue 17, eleventh round)
        for i in compress(count(), map(start_words.__contains__, words)):
            if i < done or i + 1 == n or words[i + 1] not in seconds.get(words[i], ()):
                continue  # no term of two tokens or more starts here (a one-token term is the token as it is)
            longest = _longest_prefix(root, words, i, n)
            if longest > 1:
                start, end = starts[i], ends[i + longest - 1]
                merged_starts.extend(starts[done:i])
                merged_starts.append(start)
                merged_ends.extend(ends[done:i])
                merged_ends.append(end)
                merged_words.extend(words[done:i])  # the other tokens keep their texts
                merged_words.append(text[start:end])
                done = i + longest
        if not merged_words:
            return starts, ends, words
        merged_starts.extend(starts[done:])
        merged_ends.extend(ends[done:])
        merged_words.extend(words[done:])
        return merged_starts, merged_ends, merged_words

    def tokenize(self, text: str) -> PlainTokenList:
        if self._same_in_re.agrees(text):
            # re's matches read by their unbound methods through ``map``: half the cost of a comprehension that
            # calls ``span`` and slices the text per token. Starts and ends as two lists of ints, not a list of
            # (start, end) tuples: a tuple per token cost three times both lists (issue 17, twelfth round).
            matches = [*self._same_in_re.finditer(text)]
            starts, ends, words = list(map(_START, matches)), list(map(_END, matches)), list(map(_GROUP, matches))
        else:
            matches = [*self._finditer(text)]
            starts, ends = [m.start() for m in matches], [m.end() for m in matches]
            words = [text[start:end] for start, end in zip(starts, ends)]
        if not self._start_words.isdisjoint(words):
            starts, ends, words = self._merge(text, starts, ends, words)
        tokens = PlainTokenList.of(starts, ends, words, links_pending=self.link_tokens)
        if not self.links_on_demand:
            tokens.link()
        return tokens


def engine_pipeline(disabled: frozenset[str] = ENGINE_DISABLED_GROUPS) -> dd.process.DocProcessorGroup:
    """DEDUCE's processors without ``disabled``, the generic ones in plain Python (built once per process).

    The same lookup structures, patterns and settings as :func:`load` (nothing is loaded twice), in DEDUCE's
    order, so the annotations are DEDUCE's own (``tests/text/test_deduce_pipeline.py`` compares them with the
    stock pipeline, and each plain step with the one it replaces). What differs is how the generic steps run:

    - the two overlap resolvers (names, then all annotations) mark characters in a ``bytearray``, sort on plain
      tuples and return at once when nothing overlaps (:class:`PlainOverlapResolver`), where docdeid builds a
      numpy mask and a cached sort key per annotation: on a 250-character note that bookkeeping cost more than
      the resolving;
    - the multi-token lookups (names, places, streets, hospitals) walk their tries on token texts made once
      per document (:class:`PlainMultiTokenLookupAnnotator`), where docdeid applies the matching pipeline twice
      per step and rebuilds the list of token texts per lookup;
    - the token patterns check each position with a function made once (:class:`PlainTokenPatternAnnotator`;
      the one-regex street pattern once per word, :class:`RegexTokenAnnotator`), where DEDUCE's matcher
      dispatches on the position's dictionary per token;
    - the lookups, token patterns and the one-regex street pattern find their start tokens through one shared
      pass over the token texts (:class:`StartIndex`), where each intersected the words on its own;
    - the house-number pass runs only when a street can grow, by position (:class:`GatedContextAnnotator`);
    - the date and age patterns scan behind a look-ahead for their first character (:func:`with_first_character`).

    The stock instance is left as it is: DEDUCE alone (the baseline, ``warm_up``) runs unchanged.
    """
    return _engine(disabled)[0]


# The releases whose internals the plain steps below read and mirror (tokenizer, trie, token patterns, context
# pass, annotation fields); requirements.txt pins them. Another release: the engine refuses to build its pipeline
# rather than run code written against other internals.
PINNED_VERSIONS = {"deduce": "3.0.6", "docdeid": "1.0.1"}


def check_versions(version_of: Callable[[str], str] | None = None) -> None:
    """Raise ``TypeError`` unless deduce and docdeid are the releases in :data:`PINNED_VERSIONS`."""
    from importlib.metadata import version

    found = {name: (version_of or version)(name) for name in PINNED_VERSIONS}
    if found != PINNED_VERSIONS:
        raise TypeError(f"the engine's DEDUCE steps mirror {PINNED_VERSIONS}, installed: {found}")


def engine_steps(disabled: frozenset[str] = ENGINE_DISABLED_GROUPS) -> tuple[Any, ...]:
    """The ``process`` methods of :func:`engine_pipeline`'s processors, flattened in its order.

    Calling them in turn is what ``DocProcessorGroup.process`` does without ``enabled``/``disabled`` (it
    skips nothing else); the group's recursion and per-call type checks cost as much as a cheap annotator.
    """
    return _engine(disabled)[1]


def _engine(disabled: frozenset[str]) -> tuple[dd.process.DocProcessorGroup, tuple[Any, ...], bool]:
    """The pipeline, its steps, and whether tokens may stay unlinked until a step links them."""
    global _engine_pipeline
    if _engine_pipeline is None or _engine_pipeline[0] != disabled:
        from deduce.annotation_processor import CleanAnnotationTag, RemoveAnnotations
        from deduce.annotator import RegexpPseudoAnnotator

        check_versions()
        _check_annotation_fields()
        instance = load()
        group = _rebuild(instance.processors, instance.config, disabled)
        steps = tuple(_flat_steps(group))
        index = StartIndex()  # one pass per document finds where each token annotator can start
        for step in steps:
            if type(step.__self__) in (PlainMultiTokenLookupAnnotator, PlainTokenPatternAnnotator, RegexTokenAnnotator):
                step.__self__.join(index)
        # Linking (and so making every token) cost a tenth of the DEDUCE part, and no engine step reads the links:
        # these processors never read Token.previous/next (the house-number pass links first when it hands over to
        # DEDUCE's own); a pipeline with any other one gets linked tokens.
        link_free = (
            PlainMultiTokenLookupAnnotator,
            PlainRemoveAnnotations,
            PlainCleanAnnotationTag,
            RegexTokenAnnotator,
            PlainTokenPatternAnnotator,
            PlainOverlapResolver,
            PlainPersonAnnotationConverter,
            GatedContextAnnotator,
            RemoveAnnotations,
            CleanAnnotationTag,
            dd.process.RegexpAnnotator,
            PlainRegexpAnnotator,
            RegexpPseudoAnnotator,
        )
        links_on_demand = all(type(step.__self__) in link_free for step in steps)
        _engine_pipeline = (disabled, group, steps, links_on_demand, tuple(map(_planned, steps)))
    return _engine_pipeline[1], _engine_pipeline[2], _engine_pipeline[3]


def _engine_plan(disabled: frozenset[str]) -> tuple[tuple[str, Callable[..., Any]], ...]:
    """:func:`engine_steps` as :func:`engine_annotations` calls them: per step, how and what."""
    _engine(disabled)
    return _engine_pipeline[4]  # type: ignore[index]  # made by _engine


def _planned(step: Callable[[dd.Document], None]) -> tuple[str, Callable[..., Any]]:
    """How to call ``step`` (a processor's bound ``process``): its ``annotate`` or ``process_annotations`` where
    ``process`` is docdeid's own, which only calls that (docdeid 1.0, ``PINNED_VERSIONS``)."""
    processor, process = step.__self__, type(step.__self__).process
    if isinstance(processor, dd.process.Annotator) and process is dd.process.Annotator.process:
        return _ANNOTATE, processor.annotate
    if isinstance(processor, dd.process.AnnotationProcessor) and process is dd.process.AnnotationProcessor.process:
        return _PROCESS_ANNOTATIONS, processor.process_annotations
    return _PROCESS, step


def _flat_steps(group: dd.process.DocProcessorGroup) -> Iterator[Any]:
    for _, proc in group:
        if isinstance(proc, dd.process.DocProcessorGroup):
            yield from _flat_steps(proc)
        elif isinstance(proc, dd.process.DocProcessor):
            yield proc.process


def _rebuild(
    group: dd.process.DocProcessorGroup, config: Any, disabled: frozenset[str]
) -> dd.process.DocProcessorGroup:
    from deduce.annotation_processor import CleanAnnotationTag, PersonAnnotationConverter, RemoveAnnotations
    from deduce.annotator import ContextAnnotator, RegexpPseudoAnnotator, TokenPatternAnnotator
    from docdeid.process import MultiTokenLookupAnnotator

    out = dd.process.DocProcessorGroup()
    for name, proc in group:
        if name in disabled:
            continue
        if isinstance(proc, dd.process.DocProcessorGroup):
            proc = _rebuild(proc, config, disabled)
        elif type(proc) is PersonAnnotationConverter:
            proc = PlainPersonAnnotationConverter()
        elif type(proc) is dd.process.OverlapResolver and name == "overlap_resolver":
            strategy = config["resolve_overlap_strategy"]
            proc = PlainOverlapResolver(
                tuple(strategy["attributes"]),
                {
                    a: (lambda x: x) if asc else (lambda y: -y)
                    for a, asc in zip(strategy["attributes"], strategy["ascending"])
                },
            )
        elif type(proc) is MultiTokenLookupAnnotator:
            proc = PlainMultiTokenLookupAnnotator(proc)
        elif type(proc) in (dd.process.RegexpAnnotator, RegexpPseudoAnnotator):
            proc = with_first_character(proc)
        elif type(proc) is ContextAnnotator:
            proc = GatedContextAnnotator(proc)
        elif type(proc) is RemoveAnnotations:
            proc = PlainRemoveAnnotations(proc)
        elif type(proc) is CleanAnnotationTag:
            proc = PlainCleanAnnotationTag(proc)
        elif type(proc) is TokenPatternAnnotator:
            args = (config["annotators"].get(name) or {}).get("args") or {}
            pattern = args.get("pattern") or []
            if len(pattern) == 1 and list(pattern[0]) == ["re_match"] and not args.get("skip"):
                proc = RegexTokenAnnotator(pattern[0]["re_match"], tag=proc.tag, priority=proc.priority)
            elif PlainTokenPatternAnnotator.supports(proc):
                proc = PlainTokenPatternAnnotator(proc)
        out.add_processor(name, proc)
    return out


# The fields docdeid's Annotation.__init__ sets, in its order (``length`` by __post_init__); checked against a
# real instance below, so another docdeid refuses to load rather than make other annotations.
_ANNOTATION_FIELDS = (
    "text",
    "start_char",
    "end_char",
    "tag",
    "priority",
    "start_token",
    "end_token",
    "_key_cache",
    "length",
)


def _check_annotation_fields() -> None:
    made = dd.Annotation(text="", start_char=0, end_char=0, tag="")
    if tuple(made.__dict__) != _ANNOTATION_FIELDS or type(made).__init__ is object.__init__:
        raise TypeError(f"docdeid's Annotation has fields {tuple(made.__dict__)}, expected {_ANNOTATION_FIELDS}")


def new_annotation(
    text: str, start: int, end: int, tag: str, priority: int = 0, start_token: Any = None, end_token: Any = None
) -> dd.Annotation:
    """``dd.Annotation(...)`` without its generated ``__init__``: the same fields in the same order, each set with a
    guarded ``object.__setattr__`` there, cost more than finding the annotation (8 per note, in every annotator)."""
    if len(text) != end - start:
        raise ValueError("The span does not match the length of the text.")
    annotation = object.__new__(dd.Annotation)
    fields = annotation.__dict__
    fields["text"], fields["start_char"], fields["end_char"], fields["tag"] = text, start, end, tag
    fields["priority"], fields["start_token"], fields["end_token"] = priority, start_token, end_token
    fields["_key_cache"], fields["length"] = {}, len(text)
    return annotation


# Annotation fields docdeid leaves out of its deterministic sort key (docdeid 1.0: its
# ``_OPTIONAL_FIELDS``); the equivalence test fails if that changes.
_UNSORTED_FIELDS = frozenset({"start_token", "end_token", "_key_cache"})


_START_CHAR = operator.attrgetter("start_char")
_TAG = operator.attrgetter("tag")


def _disjoint(annotations: dd.AnnotationSet) -> bool:
    """Whether no two annotations share a character (two notes in three at the end, half the names)."""
    if len(annotations) < 2:  # one annotation, or none: no sort
        return True
    reach = 0
    for a in sorted(annotations, key=_START_CHAR):
        if a.start_char < reach:
            return False
        if a.end_char > reach:
            reach = a.end_char
    return True


class PlainOverlapResolver(dd.process.AnnotationProcessor):
    """docdeid's ``OverlapResolver`` (sort, then keep each annotation's characters not yet taken),
    with a ``bytearray`` for its numpy mask and plain tuples for its sort keys. Same results."""

    def __init__(self, sort_by: tuple[str, ...], callbacks: dict) -> None:
        self.sort_by, self.callbacks = sort_by, callbacks
        # The other fields of an annotation made by its dataclass __init__, in name order: found once, where
        # docdeid sorts each annotation's field names again (an annotation with other fields still does).
        self._fields = frozenset(field.name for field in dataclasses.fields(dd.Annotation))
        self._others = tuple(sorted(self._fields - set(sort_by) - _UNSORTED_FIELDS))
        self._key = self._key_function()

    def _any_key(self, annotation: dd.Annotation) -> tuple:
        """docdeid's ``Annotation.get_sort_key(deterministic=True)``: the sort attributes through their callbacks, then
        every other field in name order."""
        fields = annotation.__dict__
        key = [self.callbacks[a](fields[a]) if a in self.callbacks else fields.get(a, 0) for a in self.sort_by]
        key.extend(fields[a] for a in sorted(fields.keys() - set(self.sort_by) - _UNSORTED_FIELDS))
        return tuple(key)

    def _key_function(self) -> Callable[[dd.Annotation], tuple]:
        """:meth:`_any_key` as one function made once, for annotations with the dataclass's fields (all of them here):
        two sort attributes read straight from the fields and the others by one ``itemgetter``, where building the
        key in two comprehensions cost a quarter of the name resolver's time (issue 17, twelfth round)."""
        if len(self.sort_by) != 2 or not set(self.sort_by) <= self._fields or len(self._others) < 2:
            return self._any_key
        (first, second), others = self.sort_by, operator.itemgetter(*self._others)
        by_first, by_second = self.callbacks.get(first, _as_is), self.callbacks.get(second, _as_is)
        known, any_key = self._fields, self._any_key

        def key(annotation: dd.Annotation) -> tuple:
            fields = annotation.__dict__
            if fields.keys() != known:
                return any_key(annotation)
            return (by_first(fields[first]), by_second(fields[second]), *others(fields))

        return key

    def process_annotations(self, annotations: dd.AnnotationSet, text: str) -> dd.AnnotationSet:
        if _disjoint(annotations):  # all kept whole: the set itself, not a copy (hashing each annotation again)
            return annotations
        return dd.AnnotationSet(self._resolve(annotations))

    def resolve(self, annotations: dd.AnnotationSet) -> list[dd.Annotation]:
        """The annotations kept whole and the free pieces of the others, no two sharing a character."""
        if _disjoint(annotations):  # each is kept whole, whatever the order: no sort keys needed
            return list(annotations)
        return self._resolve(annotations)

    def _resolve(self, annotations: dd.AnnotationSet) -> list[dd.Annotation]:
        """:meth:`resolve` for annotations that overlap."""
        kept = []
        mask = bytearray(max(a.end_char for a in annotations))
        for a in sorted(annotations, key=self._key):
            start, end = a.start_char, a.end_char
            taken = mask[start:end]
            if 1 not in taken:
                kept.append(a)
            else:  # keep the free stretches, as docdeid does
                i, n = 0, len(taken)
                while i < n:
                    if taken[i]:
                        i += 1
                        continue
                    j = i
                    while j < n and not taken[j]:
                        j += 1
                    kept.append(new_annotation(a.text[i:j], start + i, start + j, a.tag))
                    i = j
            mask[start:end] = b"\x01" * (end - start)
        return kept


def _person_priority(tag: str) -> int:
    return 0 if "pseudo" in tag else 1 if "patient" in tag else 2


class PlainPersonAnnotationConverter(PlainOverlapResolver):
    """DEDUCE's ``PersonAnnotationConverter`` (deduce 3.0): resolve overlap between name annotations
    (pseudo-names such as eponymous diseases first, then the patient, then longest), drop the
    pseudo-names, and tag the rest ``patient`` or ``persoon``; on the plain resolver above."""

    def __init__(self) -> None:
        super().__init__(("tag", "length"), {"tag": _person_priority, "length": lambda x: -x})

    def process_annotations(self, annotations: dd.AnnotationSet, text: str) -> dd.AnnotationSet:
        return dd.AnnotationSet(
            [
                new_annotation(a.text, a.start_char, a.end_char, "patient" if "patient" in a.tag else "persoon")
                # DEDUCE makes a set of the resolved names first; the pieces share no character, so only two empty
                # annotations at one place could be equal, and the set made here drops those as well.
                for a in (annotations if _disjoint(annotations) else self._resolve(annotations))
                if "pseudo" not in a.tag and a.text.strip()
            ]
        )


class PlainRemoveAnnotations(dd.process.AnnotationProcessor):
    """DEDUCE's ``RemoveAnnotations`` (``remove_street_tags``: drop the annotations of its tags), handing back the set
    as it is when none has one of them, where DEDUCE rebuilds it (hashing every annotation) for each note."""

    def __init__(self, stock: Any) -> None:
        self.tags = frozenset(stock.tags)

    def process_annotations(self, annotations: dd.AnnotationSet, text: str) -> dd.AnnotationSet:
        tags = self.tags
        if tags.isdisjoint(map(_TAG, annotations)):
            return annotations
        return dd.AnnotationSet(a for a in annotations if a.tag not in tags)


class PlainCleanAnnotationTag(dd.process.AnnotationProcessor):
    """DEDUCE's ``CleanAnnotationTag`` (``clean_street_tags``: 'straat+huisnummer' becomes 'locatie'), handing back
    the set as it is when no tag is to be renamed, where DEDUCE rebuilds it for each note; a renamed annotation is
    made by :func:`new_annotation` (the same fields as DEDUCE's ``dd.Annotation(...)``)."""

    def __init__(self, stock: Any) -> None:
        self.tag_map = dict(stock.tag_map)

    def process_annotations(self, annotations: dd.AnnotationSet, text: str) -> dd.AnnotationSet:
        tag_map = self.tag_map
        if tag_map.keys().isdisjoint(map(_TAG, annotations)):
            return annotations
        return dd.AnnotationSet(
            new_annotation(a.text, a.start_char, a.end_char, tag_map[a.tag], a.priority, a.start_token, a.end_token)
            if a.tag in tag_map
            else a
            for a in annotations
        )


class PlainMultiTokenLookupAnnotator(dd.process.Annotator):
    """docdeid's ``MultiTokenLookupAnnotator`` on the same trie and start words: from each token whose text (through
    the matching pipeline) starts an entry, in text order, the longest run of tokens that is an entry; without
    overlap, the next start after its end. The same annotations.

    Faster where docdeid is generic: the token texts are put through the pipeline once per document and shared
    with the word index (``PlainTokenList.texts``), and the trie is walked with one dictionary lookup per step."""

    def __init__(self, stock: Any) -> None:
        self._trie = stock._trie
        self._start_words = stock._start_words
        self._pipeline = stock._matching_pipeline
        # The trie puts each token text through its own pipeline: the same as the annotator's when the trie was
        # built from lookup values, the annotator's taken from the trie otherwise (docdeid 1.0).
        if str(self._trie.matching_pipeline or []) != str(self._pipeline or []):
            raise TypeError("a lookup whose trie and annotator match differently")
        self.overlapping = stock.overlapping
        # How a token text goes through the pipeline for the walks on plain token texts below (None: another
        # pipeline, walked on its texts as docdeid makes them).
        key = _pipeline_key(self._pipeline)
        self._fold: "Callable[[str], str] | None" = (
            _as_is if key == _NO_PIPELINE_KEY else str.casefold if key == _LOWERCASE_KEY else None
        )
        self._pairs: dict[tuple[str, "str | None"], tuple[int, Any]] = {}
        self.start_index: "tuple[StartIndex, int] | None" = None
        super().__init__(tag=stock.tag, priority=stock.priority)

    REMEMBERED = 1 << 15  # pairs of token texts kept (then forgotten at once): a few MB at most

    def _longest(self, texts: list[str], i: int, n: int) -> int:
        """:func:`_longest_prefix` from ``i`` on the plain token texts (each through the pipeline as the walk reads
        it), its first two steps kept per pair of token texts.

        The tries are large (190k street names start one) and spread over the heap: in the engine, between the
        other recognizers' work, each step of a walk missed the cache, and a walk cost microseconds (issue 17,
        tenth round: the street lookup's walks cost a third of the DEDUCE part there). Nine walks in ten stop at
        the second token ('bij de', 'op de': words that start a street name, with no street after them), and
        notes repeat those pairs: a small dictionary answers them, and only a term that goes on is walked."""
        first, second = texts[i], texts[i + 1] if i + 1 < n else None
        known = self._pairs.get((first, second))
        if known is None:
            if len(self._pairs) >= self.REMEMBERED:
                self._pairs.clear()
            fold = self._fold
            node = self._trie.children.get(fold(first))  # type: ignore[misc]
            if node is None:
                known = (0, None)
            else:
                after = node.children.get(fold(second)) if second is not None else None  # type: ignore[misc]
                known = (1 if node.is_terminal else 0, after)
            self._pairs[(first, second)] = known
        longest, node = known
        if node is None:
            return longest
        if node.is_terminal:
            longest = 2
        fold, j = self._fold, i + 2
        while j < n:
            node = node.children.get(fold(texts[j]))  # type: ignore[misc]
            if node is None:
                break
            j += 1
            if node.is_terminal:
                longest = j - i
        return longest

    def join(self, index: StartIndex) -> None:
        """Find start tokens through ``index`` (on the engine's token lists), if it can check this lookup's."""
        check = _start_check(self._start_words, self._pipeline)
        if check is not None:
            self.start_index = (index, index.add(check))

    def annotate(self, doc: dd.Document) -> list[dd.Annotation]:
        tokens: Any = doc.get_tokens()
        # In token order, which is docdeid's order of start tokens by their first character.
        if self.start_index is not None and type(tokens) is PlainTokenList:
            indices = tokens.starts(*self.start_index)
            if not indices:
                return []
        else:
            starts = tokens.get_words(self._pipeline).intersection(self._start_words)
            if not starts:
                return []
            indices = [i for i, word in enumerate(tokens.texts(self._pipeline)) if word in starts]
        root, n = self._trie, len(tokens)
        pairs: "dict[tuple[str, str | None], tuple[int, Any]] | None" = None
        if self._fold is not None and type(tokens) is PlainTokenList:  # through the pipeline as the walk reads them
            texts, longest, pairs = tokens.texts(), self._longest, self._pairs
        else:
            texts, longest = tokens.texts(self._pipeline), functools.partial(_longest_prefix, root)
        token_at, text, tag, priority = tokens.token_at, doc.text, self.tag, self.priority
        annotations = []
        min_i = 0
        for i in indices:
            if i < min_i:
                continue
            # Nine walks in ten end at a pair of token texts seen before (``_longest``): answered here, without a call.
            known = pairs.get((texts[i], texts[i + 1] if i + 1 < n else None)) if pairs is not None else None
            length = known[0] if known is not None and known[1] is None else longest(texts, i, n)
            if not length:
                continue
            token, end_token = token_at(i), token_at(i + length - 1)
            start, end = token.start_char, end_token.end_char
            annotations.append(new_annotation(text[start:end], start, end, tag, priority, token, end_token))
            if not self.overlapping:
                min_i = i + length  # skip ahead
        return annotations


class RegexTokenAnnotator(dd.process.Annotator):
    """A one-token DEDUCE pattern ``[{"re_match": regex}]``: every token the regex matches at its start,
    as DEDUCE's ``TokenPatternAnnotator`` gives it, with the regex compiled once.

    The regex runs once per distinct word, and a word's answer is kept for the next notes (up to
    ``REMEMBERED`` words, then forgotten at once): notes share most of their words, so most tokens cost a
    dictionary lookup, and a note whose words all fail makes no pass over its tokens."""

    REMEMBERED = 1 << 16

    def __init__(self, regex: str, tag: str, priority: int = 0) -> None:
        self.regex = re.compile(regex)
        self._matches: dict[str, bool] = {}
        self.start_index: "tuple[StartIndex, int] | None" = None
        super().__init__(tag=tag, priority=priority)

    def join(self, index: StartIndex) -> None:
        """Find the matching tokens through ``index`` (on the engine's token lists), which remembers words too."""
        match = self.regex.match
        self.start_index = (index, index.add(lambda word: match(word) is not None))

    def annotate(self, doc: dd.Document) -> list[dd.Annotation]:
        tokens: Any = doc.get_tokens()
        if self.start_index is not None and type(tokens) is PlainTokenList:
            tag, priority, texts, token_at = self.tag, self.priority, tokens.texts(), tokens.token_at
            annotations = []
            for i in tokens.starts(*self.start_index):
                t = token_at(i)
                annotations.append(new_annotation(texts[i], t.start_char, t.end_char, tag, priority, t, t))
            return annotations
        matches, hits = self._matches, set()
        for word in tokens.get_words():
            found = matches.get(word)
            if found is None:
                if len(matches) >= self.REMEMBERED:
                    matches.clear()
                found = matches[word] = self.regex.match(word) is not None
            if found:
                hits.add(word)
        if not hits:
            return []
        tag, priority = self.tag, self.priority
        annotations = []
        for i, word in enumerate(tokens.texts()):
            if word in hits:
                t = tokens.token_at(i)
                annotations.append(new_annotation(word, t.start_char, t.end_char, tag, priority, t, t))
        return annotations


# DEDUCE 3.0's date and age patterns, by a hash of their source, with the characters each match starts with, read
# off the pattern: a day ([1-9], 0[1-9], [12][0-9], 3[01]), a year (19, 20, ' or `), an age (1?\d?\d). Each
# begins with a look-behind (no digit before), which ``re`` tries at every position of the text; a look-ahead
# for the first character ahead of it fails at once on most, and half the scan is gone. Another source (another
# DEDUCE, another configuration) is left as it is.
_FIRST_CHARACTER = {
    "b7758de3cc8a5129": "[0-9]",  # date_dmy_1 (?<!\d)(([1-9]|0[1-9]|[12][0-9]|3[01])(?P<sep>[-/\. ])...
    "391c444ad43c2794": "[0-9]",  # date_dmy_2 (?i)(?<!\d)(([1-9]|0[1-9]|[12][0-9]|3[01])[-/\. ]{,2}(januari|...
    "37405c660dcd490d": "[12'`]",  # date_ymd_1 (?<!\d)(((19|20|\'|`)\d{2})(?P<sep>[-/\. ])...
    "40f80c151eb64bc5": "[12'`]",  # date_ymd_2 (?i)(?<!\d)(((19|20|\'|`)\d{2})[-/\. ]{,2}(januari|...
    "90cd18c4112ea6ad": r"\d",  # age (?i)(?<![\d,\.])((1?\d?\d)([\.,]5)?(-(1?\d?\d)([\.,]5)?)?)([ -](jaar|...
}


def with_first_character(stock: dd.process.RegexpAnnotator) -> dd.process.RegexpAnnotator:
    """``stock`` (a copy: DEDUCE alone keeps its own) with its pattern behind a look-ahead for the first character
    of any match (``_FIRST_CHARACTER``): the same matches, groups and spans. Unknown patterns: ``stock`` itself."""
    import copy
    import hashlib

    pattern = stock.regexp_pattern
    first = _FIRST_CHARACTER.get(hashlib.sha256(pattern.pattern.encode()).hexdigest()[:16])
    if first is None or not isinstance(pattern, re.Pattern):
        return stock
    flags = "(?i)" if pattern.pattern.startswith("(?i)") else ""  # global flags stay first
    faster = PlainRegexpAnnotator.of(stock) if type(stock) is dd.process.RegexpAnnotator else copy.copy(stock)
    faster.regexp_pattern = re.compile(f"{flags}(?={first}){pattern.pattern[len(flags) :]}", pattern.flags)
    return faster


class PlainRegexpAnnotator(dd.process.RegexpAnnotator):
    """docdeid's ``RegexpAnnotator`` (the dates, ``date_dmy_1``) with its annotations made by :func:`new_annotation`,
    where docdeid's generated ``__init__`` and a ``_validate_match`` call per match (always true there) cost more
    than finding the date (issue 17, twelfth round). The same annotations."""

    @classmethod
    def of(cls, stock: dd.process.RegexpAnnotator) -> "PlainRegexpAnnotator":
        """A copy of ``stock`` (a plain ``RegexpAnnotator``: none of its methods overridden), as this class."""
        plain = object.__new__(cls)
        plain.__dict__.update(vars(stock))
        return plain

    def annotate(self, doc: dd.Document) -> list[dd.Annotation]:
        if self.pre_match_words is not None:  # docdeid's own, which looks for those words first
            return super().annotate(doc)
        group, tag, priority = self.capturing_group, self.tag, self.priority
        annotations = []
        for match in self.regexp_pattern.finditer(doc.text):
            start, end = match.span(group)
            annotations.append(new_annotation(match.group(group), start, end, tag, priority))
        return annotations


_Check = Callable[[str], bool]


_RULES = frozenset({"equal", "re_match", "is_initials", "like_name", "lookup", "neg_lookup", "and", "or"})


def _known_position(position: Any) -> bool:
    """Whether a pattern position is one rule DEDUCE's matcher knows (it raises on others)."""
    if not isinstance(position, dict) or len(position) != 1:
        return False
    rule, value = next(iter(position.items()))
    if rule in ("and", "or"):
        return all(_known_position(p) for p in value)
    return rule in _RULES


def _position_check(position: dict, ds: Any) -> _Check:
    """A pattern position as a check of one token's text (all its rules read): deduce 3.0
    ``_PatternPositionMatcher.match``, rule by rule."""
    rule, value = next(iter(position.items()))
    if rule == "equal":
        return lambda w: w == value
    if rule == "re_match":
        match = re.compile(value).match  # what re.match(value, ...) finds in re's cache
        return lambda w: match(w) is not None
    if rule == "is_initials":
        return lambda w: (len(w) <= 4 and w.isupper()) == value
    if rule == "like_name":
        return lambda w: (len(w) >= 3 and w.istitle() and not any(map(str.isdigit, w))) == value
    if rule in ("lookup", "neg_lookup"):
        lookup = ds[value]
        # A set without a matching pipeline holds the texts as they are: ask the set itself.
        if type(lookup) is dd.ds.LookupSet and not lookup.matching_pipeline:
            lookup = lookup.items()
        if rule == "lookup":
            return lambda w: w in lookup
        return lambda w: w not in lookup
    # Checks joined by nested closures, where all() or any() over a generator made a generator per token tried (the
    # checks give booleans, so ``and`` and ``or`` give all()'s and any()'s answers, after the same checks).
    checks = [_position_check(p, ds) for p in value]
    if rule == "and":
        return functools.reduce(_both, checks) if checks else lambda t: True
    return functools.reduce(_either, checks) if checks else lambda t: False


def _both(first: _Check, second: _Check) -> _Check:
    return lambda t: first(t) and second(t)


def _either(first: _Check, second: _Check) -> _Check:
    return lambda t: first(t) or second(t)


class PlainTokenPatternAnnotator(dd.process.Annotator):
    """DEDUCE's ``TokenPatternAnnotator`` (``interfix_with_name``: ``van`` then a surname that takes one, ...) with
    each pattern position turned into a check once, where DEDUCE's matcher reads the position's dictionary
    and dispatches on its key for every token it tries (deduce 3.0 ``_PatternPositionMatcher.match``, its
    rules one by one below). Tokens are tried from the ones the first position's lookup finds, as DEDUCE does,
    skipping the texts in ``skip`` between positions. The same annotations."""

    @staticmethod
    def supports(stock: Any) -> bool:
        """Whether every position of ``stock``'s pattern is one rule DEDUCE knows (its matcher raises otherwise)."""
        return all(_known_position(p) for p in stock.pattern)

    def __init__(self, stock: Any) -> None:
        from deduce.annotator import TokenPatternAnnotator

        if type(stock) is not TokenPatternAnnotator or not self.supports(stock):
            raise TypeError(f"expected a DEDUCE token pattern of known rules, got {type(stock).__name__}")
        self._checks = tuple(_position_check(p, stock.ds) for p in stock.pattern)
        self._skip = frozenset(stock.skip)
        self._start_words, self._pipeline = stock._start_words, stock._matching_pipeline
        self.start_index: "tuple[StartIndex, int] | None" = None
        super().__init__(tag=stock.tag, priority=stock.priority)

    def join(self, index: StartIndex) -> None:
        """Find start tokens through ``index`` (on the engine's token lists), if it can check this pattern's."""
        check = _start_check(self._start_words, self._pipeline)
        if check is not None:
            self.start_index = (index, index.add(check))

    def annotate(self, doc: dd.Document) -> list[dd.Annotation]:
        tokens: Any = doc.get_tokens()
        # Neighbours by position: the tokenizer links each token to the next in the list.
        texts, n = tokens.texts(), len(tokens)
        if self.start_index is not None and type(tokens) is PlainTokenList:
            starts: Iterable[int] = tokens.starts(*self.start_index)
            if not starts:
                return []
        elif self._start_words is None:
            starts = range(n)
        else:
            hits = tokens.get_words(self._pipeline).intersection(self._start_words)
            if not hits:
                return []
            starts = [i for i, word in enumerate(tokens.texts(self._pipeline)) if word in hits]
        text, checks, skip = doc.text, self._checks, self._skip
        annotations = []
        for i in starts:
            at = end = i
            for check in checks:
                if at >= n or not check(texts[at]):
                    break
                end = at
                at += 1
                while at < n and texts[at] in skip:
                    at += 1
            else:
                start_token, end_token = tokens.token_at(i), tokens.token_at(end)
                first, last = start_token.start_char, end_token.end_char
                annotations.append(
                    new_annotation(text[first:last], first, last, self.tag, self.priority, start_token, end_token)
                )
        return annotations


class GatedContextAnnotator(dd.process.DocProcessor):
    """DEDUCE's ``ContextAnnotator`` (``housenumber``: a street grown over the house number to its right), run only
    when one of its patterns can grow an annotation.

    A pattern looks at the annotations whose last tag (first, growing left) is one of its ``pre_tag``, and grows
    one only if the token next to it (past ``skip``) passes the pattern's first position. When no annotation and
    no pattern get that far, DEDUCE's pass changes nothing (the second pattern sees what the first left, and so
    on) and hands back an equal set. Half the notes hold a street tag (``Kerkstr``-like words, street names that
    are words too), few a house number after it; the pass cost as much as a lookup annotator.
    """

    def __init__(self, stock: Any) -> None:
        from deduce.annotator import ContextAnnotator

        if type(stock) is not ContextAnnotator:  # another annotator: its own rules, not these
            raise TypeError(f"expected DEDUCE's ContextAnnotator, got {type(stock).__name__}")
        self.stock = stock
        # deduce 3.0, _apply_context_pattern: the tag's last part and the token after the end growing right, its
        # first part and the token before the start growing left. A pattern of rules unknown here, or none, runs
        # whenever its tag is there (None: no first check).
        self._patterns: list[tuple[bool, frozenset[str], frozenset[str], "_Check | None"]] = []
        # Each pattern for the pass by position below: its checks in matching order (reversed growing left)
        # and its tag format; None if a pattern has no positions or a rule unknown here (DEDUCE's pass runs).
        self._grow: "list[tuple[bool, frozenset[str], frozenset[str], tuple[_Check, ...], str]] | None" = []
        for p in stock.pattern:
            if p["direction"] not in ("left", "right"):
                raise TypeError(f"a context pattern growing {p['direction']!r}")
            steps = p["pattern"]
            check = _position_check(steps[0], stock.ds) if steps and _known_position(steps[0]) else None
            right = p["direction"] == "right"
            pre_tags, skip = frozenset(p["pre_tag"]), frozenset(p.get("skip", []))
            self._patterns.append((right, pre_tags, skip, check))
            if self._grow is not None and steps and all(_known_position(step) for step in steps):
                checks = tuple(_position_check(step, stock.ds) for step in (steps if right else steps[::-1]))
                self._grow.append((right, pre_tags, skip, checks, p["tag"]))
            else:
                self._grow = None
        self._last = frozenset(t for right, pre_tags, _, _ in self._patterns if right for t in pre_tags)
        self._first = frozenset(t for right, pre_tags, _, _ in self._patterns if not right for t in pre_tags)

    def can_grow(self, annotations: dd.AnnotationSet, tokens: "PlainTokenList | None" = None) -> bool:
        """Whether a pattern gets past its first position from one of ``annotations``; with ``tokens`` (the
        document's), neighbours are found by position, so the tokens need no links unless it does."""
        last, first = self._last, self._first
        for a in annotations:
            tag = a.tag
            # Most annotations (names, places) have no tag a pattern grows from: two string splits tell.
            if tag.rpartition("+")[2] not in last and (not first or tag.partition("+")[0] not in first):
                continue
            parts = tag.split("+")
            neighbours: dict[tuple[bool, frozenset[str]], Any] = {}  # patterns that look the same way share it
            for right, pre_tags, skip, check in self._patterns:
                if (parts[-1] if right else parts[0]) not in pre_tags:
                    continue
                token = a.end_token if right else a.start_token
                if check is None or token is None:  # DEDUCE's own pass decides (or raises)
                    return True
                side = (right, skip)
                if side in neighbours:
                    word = neighbours[side]
                else:
                    word = neighbours[side] = self._neighbour(token, right, skip, tokens)
                if word is not None and check(word):
                    return True
        return False

    @staticmethod
    def _neighbour(token: dd.Token, right: bool, skip: frozenset[str], tokens: "PlainTokenList | None") -> Any:
        """deduce's ``_get_chained_token``, its text: the next (previous) token whose text is not in ``skip``."""
        at = tokens.position(token) if tokens is not None else None
        if at is not None:
            texts, step = tokens.texts(), 1 if right else -1  # type: ignore[union-attr]
            at += step
            while 0 <= at < len(texts) and texts[at] in skip:
                at += step
            return texts[at] if 0 <= at < len(texts) else None
        if tokens is not None:  # a token from elsewhere: follow the links
            tokens.link()
        while True:
            token = token.next() if right else token.previous()
            if token is None or token.text not in skip:
                return None if token is None else token.text

    def process(self, doc: dd.Document, **kwargs: Any) -> None:
        annotations, last, first = doc.annotations, self._last, self._first
        for a in annotations:
            if a.tag.rpartition("+")[2] in last or (first and a.tag.partition("+")[0] in first):
                break
        else:  # no tag a pattern grows from
            return
        tokens = doc.get_tokens()
        plain = tokens if isinstance(tokens, PlainTokenList) else None
        if not self.can_grow(annotations, plain):
            return
        if plain is not None and self._grow is not None:
            try:
                doc.annotations = self._annotate(doc.text, dd.AnnotationSet(annotations), plain)
                return
            except _NotHere:  # an annotation whose tokens are not the document's: DEDUCE's pass, on links
                pass
        if plain is not None:
            plain.link()  # DEDUCE's pass follows the links of the annotations' tokens, the document's
        self.stock.process(doc)

    def _annotate(self, text: str, annotations: dd.AnnotationSet, tokens: PlainTokenList) -> dd.AnnotationSet:
        """deduce 3.0 ``ContextAnnotator._annotate`` with the neighbours found by position: each pattern in turn
        over a copy of the set, then (``iterative``) again over what changed, until nothing does."""
        original = annotations.copy()
        for pattern in self._grow or ():
            annotations = self._apply(text, annotations, pattern, tokens)
        if self.stock.iterative:
            changed = dd.AnnotationSet(annotations.difference(original))
            annotations = dd.AnnotationSet(annotations.intersection(original))
            if changed:
                annotations.update(self._annotate(text, changed, tokens))
        return annotations

    @staticmethod
    def _apply(
        text: str,
        annotations: dd.AnnotationSet,
        pattern: "tuple[bool, frozenset[str], frozenset[str], tuple[_Check, ...], str]",
        tokens: PlainTokenList,
    ) -> dd.AnnotationSet:
        """deduce 3.0 ``ContextAnnotator._apply_context_pattern``: grow each annotation with the pattern's tag by
        the run of tokens next to it (past ``skip``) that passes the pattern, in place."""
        right, pre_tags, skip, checks, tag_format = pattern
        texts, n, step = tokens.texts(), len(tokens), 1 if right else -1
        # The annotations with the pattern's tag, in the set's order, picked before any grows (DEDUCE iterates a copy
        # of the whole set): the others are passed over by one string split each.
        if right:
            growing = [a for a in annotations if a.tag.rpartition("+")[2] in pre_tags]
        else:
            growing = [a for a in annotations if a.tag.partition("+")[0] in pre_tags]
        for annotation in growing:
            boundary = annotation.end_token if right else annotation.start_token
            at = tokens.position(boundary) if boundary is not None else None
            if at is None:
                raise _NotHere
            at += step
            while 0 <= at < n and texts[at] in skip:
                at += step
            far = at
            for check in checks:
                if not (0 <= at < n and check(texts[at])):
                    break
                far = at
                at += step
                while 0 <= at < n and texts[at] in skip:
                    at += step
            else:
                if right:
                    end_token = tokens.token_at(far)
                    start, end, start_token = annotation.start_char, end_token.end_char, annotation.start_token
                else:
                    start_token = tokens.token_at(far)
                    start, end, end_token = start_token.start_char, annotation.end_char, annotation.end_token
                tag = tag_format.format(tag=annotation.tag)
                merged = new_annotation(text[start:end], start, end, tag, annotation.priority, start_token, end_token)
                annotations.remove(annotation)
                annotations.add(merged)
        return annotations


class _NotHere(Exception):
    """An annotation's token is not in the document's token list."""


def warm_up() -> None:
    """Build the DEDUCE lookup cache into the project cache folder (run once per install)."""
    if cache_exists():
        log.info("DEDUCE lookup cache present in %s", cache_path())
        return
    load()
