"""Presidio plumbing for Dutch without a model download: a blank-``nl`` spaCy NLP engine (tokens made
lazily), a cheap context enhancer, and DEDUCE wrapped as a Presidio recognizer.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Iterable, Iterator, List, Optional, Tuple, Union

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine

from transforms.text import deduce_backend

log = logging.getLogger(__name__)


_WORD = re.compile(r"[\w][\w.\-'/]*:?")


class FastAnalyzerEngine(AnalyzerEngine):
    """Presidio's AnalyzerEngine, with the per-call bookkeeping done once and the context step going
    straight to the context enhancer.

    The stock ``analyze`` re-filters the registry and re-collects every recognizer's entities on each
    call, and its context step first asks every recognizer to enhance its own results (none of ours
    do), re-partitioning all results once per recognizer; on short notes that bookkeeping cost about
    as much as the matching. :meth:`analyze` keeps the same steps in the same order (recognizers,
    id metadata, context, score threshold, Presidio's own duplicate removal) for the calls the engine
    makes, and hands anything else to the stock method.

    Issue 17: the context step runs per recognizer on the results it just returned (the enhancer would
    otherwise find each result's recognizer again through an id built per recognizer per call), and the
    duplicate removal is :func:`remove_duplicates` on plain keys. Same scores, same results, same order.
    """

    _recognizers_nl: Optional[List[EntityRecognizer]] = None
    _entities_nl: Optional[List[str]] = None
    _entity_set_nl: frozenset = frozenset()
    _registry_size = -1
    _all_loaded = False

    def analyze(
        self,
        text: str,
        language: str,
        entities: Optional[List[str]] = None,
        correlation_id=None,
        score_threshold: Optional[float] = None,
        return_decision_process: Optional[bool] = False,
        ad_hoc_recognizers: Optional[List[EntityRecognizer]] = None,
        context: Optional[List[str]] = None,
        allow_list: Optional[List[str]] = None,
        nlp_artifacts: Optional[NlpArtifacts] = None,
        **kwargs: Any,
    ) -> List[RecognizerResult]:
        if (
            entities
            or score_threshold is None
            or return_decision_process
            or allow_list
            or nlp_artifacts
            or kwargs
            or language != "nl"
            or self.log_decision_process
        ):
            return super().analyze(
                text,
                language,
                entities=entities,
                correlation_id=correlation_id,
                score_threshold=score_threshold,
                return_decision_process=return_decision_process,
                ad_hoc_recognizers=ad_hoc_recognizers,
                context=context,
                allow_list=allow_list,
                nlp_artifacts=nlp_artifacts,
                **kwargs,
            )
        if self._recognizers_nl is None or self._registry_size != len(self.registry.recognizers):
            self._registry_size = len(self.registry.recognizers)  # the engine fills it before the first call
            self._recognizers_nl = [r for r in self.registry.recognizers if r.supported_language == language]
            self._entities_nl = sorted({e for r in self._recognizers_nl for e in r.supported_entities})
            self._entity_set_nl = frozenset(self._entities_nl)
            self._all_loaded = False
        recognizers, supported = self._recognizers_nl, self._entities_nl
        if not self._all_loaded:  # once every registered recognizer is loaded, only ad-hoc ones need the check
            for recognizer in recognizers:
                if not recognizer.is_loaded:
                    recognizer.load()
                    recognizer.is_loaded = True
            self._all_loaded = True
        if ad_hoc_recognizers:
            ad_hoc = [r for r in ad_hoc_recognizers if r.supported_language == language]
            for recognizer in ad_hoc:
                if not recognizer.is_loaded:
                    recognizer.load()
                    recognizer.is_loaded = True
            recognizers = recognizers + ad_hoc
            # The deny lists' types (PERSOON, INSTELLING) are the registry's own: the same sorted list unless one is new.
            if not all(self._entity_set_nl.issuperset(r.supported_entities) for r in ad_hoc):
                supported = sorted(set(supported).union(*(r.supported_entities for r in ad_hoc)))
        nlp_artifacts = self.nlp_engine.process_text(text, language)  # lazy: tokenises only if asked
        enhancer = self.context_aware_enhancer
        window = enhancer.window_enhance if isinstance(enhancer, WindowContextEnhancer) and not context else None
        id_key, name_key = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY, RecognizerResult.RECOGNIZER_NAME_KEY
        results: List[RecognizerResult] = []
        for recognizer in recognizers:
            # Positionally, in EntityRecognizer.analyze's order (text, entities, nlp_artifacts): keywords cost 50 ns a
            # call, 60 calls a note.
            found = recognizer.analyze(text, supported, nlp_artifacts)
            if not found:
                continue
            for r in found:
                # Presidio drops the explanations unless asked for the decision process; nothing here reads them.
                r.analysis_explanation = None
                meta = r.recognition_metadata
                if not meta:
                    meta = r.recognition_metadata = {}
                if id_key not in meta:  # ours set both keys when they build a result (recognizers.py)
                    meta[id_key] = recognizer.id
                    meta.setdefault(name_key, recognizer.name)
            if window is not None:
                # The context step per recognizer, on its own results: the same rule as
                # WindowContextEnhancer.enhance_using_context, which finds each result's recognizer again
                # by the id in its metadata (all of ours carry their own id, so it is this one).
                words = getattr(recognizer, "context", None)
                if words:
                    window(text, found, words)
            results.extend(found)
        if window is None:
            results = self._enhance_using_context(text, results, nlp_artifacts, recognizers, context)
        return remove_duplicates([r for r in results if r.score >= score_threshold])

    def _enhance_using_context(self, *args: Any, **kwargs: Any) -> List[RecognizerResult]:
        """Only the engine's context enhancer (``WindowContextEnhancer``: the same arguments, in the same order),
        not Presidio's per-recognizer pass first, also when ``analyze`` falls back to Presidio's own."""
        return self.context_aware_enhancer.enhance_using_context(*args, **kwargs)


class BlankDutchNlpEngine(NlpEngine):
    """spaCy's rule-based Dutch tokenizer (``spacy.blank("nl")``): tokens for context words, no model, no NER.

    Lemmas are the lower-cased tokens: Dutch context words are listed in the forms they are written.
    """

    engine_name = "blank_nl"
    is_available = True

    def __init__(self) -> None:
        self.nlp = None

    def load(self) -> None:
        import spacy

        self.nlp = spacy.blank("nl")

    def is_loaded(self) -> bool:
        return self.nlp is not None

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        return LazyNlpArtifacts(self, text)

    def process_batch(
        self,
        texts: Iterable[Union[str, Tuple[str, Any]]],
        language: str,
        batch_size: int = 1,
        n_process: int = 1,
        as_tuples: bool = False,
        **kwargs: Any,
    ) -> Iterator:
        for item in texts:
            if as_tuples:
                text, context = item
                yield text, self.process_text(text, language), context
            else:
                yield item, self.process_text(item, language)

    def is_stopword(self, word: str, language: str) -> bool:
        return bool(self.nlp.vocab[word].is_stop)

    def is_punct(self, word: str, language: str) -> bool:
        return bool(self.nlp.vocab[word].is_punct)

    def get_supported_entities(self) -> List[str]:
        return []

    def get_supported_languages(self) -> List[str]:
        return ["nl"]


class LazyNlpArtifacts(NlpArtifacts):
    """Tokens on first use only: the Dutch recognizers read the text itself, so most texts never need them.

    Built without NlpArtifacts.__init__, which would compute keywords (stop-word checks) nothing uses.
    """

    def __init__(self, engine: BlankDutchNlpEngine, text: str) -> None:  # noqa: D107 - see class
        self._engine, self._text, self._doc = engine, text, None
        self.entities, self.keywords, self.scores, self.nlp_engine = [], [], [], engine

    def _tokenised(self) -> Any:
        if self._doc is None:
            self._doc = self._engine.nlp(self._text)
        return self._doc

    @property
    def tokens(self) -> Any:
        return self._tokenised()

    @property
    def tokens_indices(self) -> List[int]:
        return [t.idx for t in self._tokenised()]

    @property
    def lemmas(self) -> List[str]:
        return [t.lower_ for t in self._tokenised()]


class WindowContextEnhancer(ContextAwareEnhancer):
    """Raise a result's score when one of its recognizer's context words occurs in the few tokens before it.

    Same rule as Presidio's LemmaContextAwareEnhancer (+0.35, at least 0.4, prefix window), without
    its deep copy of every result, which dominated analysis time on short notes.
    """

    def __init__(self, prefix_count: int = 4) -> None:
        super().__init__(
            context_similarity_factor=0.35,
            min_score_with_context_similarity=0.4,
            context_prefix_count=prefix_count,
            context_suffix_count=0,
        )

    def enhance_using_context(
        self,
        text: str,
        raw_results: List[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: List[EntityRecognizer],
        context: Optional[List[str]] = None,
    ) -> List[RecognizerResult]:
        by_id = {r.id: r for r in recognizers}
        extra = [w.lower() for w in context or []]
        for result in raw_results:
            recognizer = by_id.get((result.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
            self._raise_score(text, result, getattr(recognizer, "context", None), extra)
        return raw_results

    # The words before each offset of the last text asked about: results of several recognizers start at the same
    # offset (a fifth of those read on the development notes: a date, a number, a patient number), read once.
    _before: Tuple[str, dict] = ("", {})

    def window_enhance(self, text: str, results: List[RecognizerResult], words: Optional[List[str]]) -> None:
        """The same rule for one recognizer's ``results`` and its context ``words`` (no extra context words)."""
        if words:
            wanted = None  # the words as a set, made once per recognizer and text: one set operation per result
            last_text, before = self._before
            if last_text is not text:
                before = {}
                self._before = (text, before)
            for result in results:
                if result.score < 1.0:  # the rule's own first check, without a call per result
                    if wanted is None:
                        wanted = frozenset(words)
                    start = result.start
                    window = before.get(start)
                    if window is None:
                        window = before[start] = self._words_before(text, start)
                    if not wanted.isdisjoint(window):
                        self._raise(result)

    def _raise_score(self, text: str, result: RecognizerResult, words: Optional[List[str]], extra: Any) -> None:
        if not words or result.score >= 1.0:
            return
        window = self._words_before(text, result.start)
        window.extend(extra)
        for c in words:  # a plain loop, not a generator: called for most results that have context words
            if c in window:
                self._raise(result)
                return

    def _words_before(self, text: str, start: int) -> List[str]:
        """The words just before ``start``, lower-cased, trailing dots and colons off ('Tel.:' -> 'tel')."""
        before = _WORD.findall(text, max(0, start - 60), start)[-self.context_prefix_count :]
        return [w.lower().rstrip(".:") for w in before]

    def _raise(self, result: RecognizerResult) -> None:
        result.score = min(
            1.0, max(result.score + self.context_similarity_factor, self.min_score_with_context_similarity)
        )


def remove_duplicates(results: List[RecognizerResult]) -> List[RecognizerResult]:
    """Presidio's ``EntityRecognizer.remove_duplicates`` without its set: the same results in the same order.

    Presidio first drops exact duplicates through a set of results (hashing a formatted string per result).
    The containment pass drops them anyway: equal results sort next to each other (the sort is stable, so
    the first given comes first), and each later one lies inside the first, or inside whatever dropped the
    first, with no higher score. So one sort (on the type itself: it is a string already) and the
    containment pass give the same results, for any scores but NaN (which the engine's score threshold
    never lets through). Called once per text.
    """
    ordered = sorted(results, key=lambda x: (x.entity_type, x.start, x.start - x.end, -x.score))
    kept: List[RecognizerResult] = []
    active: List[RecognizerResult] = []
    group = None
    for result in ordered:
        if result.entity_type != group:
            group, active = result.entity_type, []
        if result.score == 0:
            continue
        if active:
            # Only overlapping results of the same type can contain this one: drop the others from ``active``
            # and look for a container in the same pass (a plain loop: no list and generator frames per result).
            start, end, score = result.start, result.end, result.score
            contained = False
            overlapping = []
            for a in active:
                if a.end >= start:
                    overlapping.append(a)
                    if start >= a.start and end <= a.end and score <= a.score:
                        contained = True
            active = overlapping
            if contained:
                continue
        kept.append(result)
        active.append(result)
    kept.sort(key=lambda x: (-x.score, x.start, x.start - x.end))
    return kept


_ZERO_HOUSE_NUMBER = re.compile(r"[ \t]+0\d*$")


def _without_zero_house_number(text: str, start: int, end: int) -> int:
    """The end of DEDUCE's street without the 'house number' it grew over when that number opens with 0: a Dutch house
    number never does, a phone does ('Bosakker 06-41234567' is a surname and a phone, not a street and its number)."""
    cut = _ZERO_HOUSE_NUMBER.search(text, start, end)
    return cut.start() if cut is not None and cut.start() > start else end


class DeduceRecognizer(EntityRecognizer):
    """DEDUCE as a Presidio recognizer: Dutch names, places, streets, institutions, dates and ages.

    DEDUCE's own identifier/phone/e-mail/URL/postcode annotators, its merging and its redactor are
    switched off (the Dutch recognizers cover those with validation, and the engine does the
    replacing); the rest runs through ``deduce_backend.engine_pipeline``, DEDUCE's own annotators
    without the per-document numpy and regex-cache overhead of three generic steps.
    """

    ENTITIES = sorted(set(deduce_backend.TAG_TO_ENTITY.values()))

    def __init__(self, disabled: frozenset[str] = deduce_backend.ENGINE_DISABLED_GROUPS) -> None:
        self.disabled = frozenset(disabled)
        self._deduce = None
        super().__init__(supported_entities=self.ENTITIES, supported_language="nl", name="DeduceRecognizer")

    def load(self) -> None:
        self._deduce = deduce_backend.load()
        deduce_backend.engine_pipeline(self.disabled)  # built before a pool forks, shared by its workers
        deduce_backend.engine_annotations("")  # and its tokenizer

    def analyze(self, text: str, entities: List[str], nlp_artifacts: NlpArtifacts = None) -> List[RecognizerResult]:
        if self._deduce is None:
            self.load()
        annotations = deduce_backend.engine_annotations(text, self.disabled)
        if not annotations:  # one note in six
            return []
        meta = {RecognizerResult.RECOGNIZER_NAME_KEY: self.name, RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id}
        entities, entity_of = self._entities, self._entity_of
        results = []
        for a in annotations:
            tag = a.tag
            entity = entities[tag] if tag in entities else entity_of(tag)
            if entity:
                start, end = int(a.start_char), int(a.end_char)
                if entity == "LOCATIE" and text[end - 1].isdigit():
                    end = _without_zero_house_number(text, start, end)
                results.append(RecognizerResult(entity, start, end, 0.85, recognition_metadata=dict(meta)))
        return results

    # Entity types of the tags seen so far: DEDUCE makes a few dozen tags, and each note has several annotations.
    _entities: dict[str, Optional[str]] = {}

    @classmethod
    def _entity_of(cls, tag: str) -> Optional[str]:
        """The engine entity type of a DEDUCE tag (None: dropped), remembered."""
        entity = deduce_backend.TAG_TO_ENTITY.get(tag.split("+")[0].split("_")[0])
        if entity is None:
            entity = "PERSOON" if "persoon" in tag or "patient" in tag else "LOCATIE" if "locatie" in tag else None
        if len(cls._entities) < 1024:  # tags are few; a bound all the same
            cls._entities[tag] = entity
        return entity
