"""The systems the engine is compared with, in the evaluation and the benchmark.

- ``deduce_alone``: DEDUCE 3 with its default configuration (patient name passed as metadata when known).
- ``presidio_defaults``: Presidio's predefined pattern recognizers (e-mail, phone with its default
  regions, IBAN, credit card, crypto, IP, URL, date...) on a blank Dutch tokenizer. Presidio's real
  default also needs an English spaCy model, which cannot be downloaded here and would not read Dutch.
- ``naive_combined``: Presidio with the same Dutch recognizers as the engine *and* its predefined
  ones, plus DEDUCE run separately with its full default pipeline, results united, anonymised by
  Presidio: what one gets by plugging the two together without designing for speed.
"""
from __future__ import annotations

import types
from typing import Any, Callable

from transforms import settings
from transforms.text import deduce_backend


def offline_tldextract() -> None:
    """Make Presidio's e-mail check use tldextract's bundled suffix list: no fetch from publicsuffix.org."""
    import tldextract
    from presidio_analyzer.predefined_recognizers.generic import email_recognizer

    extractor = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)
    email_recognizer.tldextract = types.SimpleNamespace(extract=extractor)


def presidio_predefined(language: str = "nl") -> list:
    from presidio_analyzer.predefined_recognizers import (CreditCardRecognizer, CryptoRecognizer, DateRecognizer,
                                                          EmailRecognizer, IbanRecognizer, IpRecognizer,
                                                          MacAddressRecognizer, PhoneRecognizer, UrlRecognizer,
                                                          UuidRecognizer)

    offline_tldextract()
    return [cls(supported_language=language) for cls in (
        CreditCardRecognizer, CryptoRecognizer, DateRecognizer, EmailRecognizer, IbanRecognizer, IpRecognizer,
        MacAddressRecognizer, PhoneRecognizer, UrlRecognizer, UuidRecognizer)]


def _analyzer(recognizers: list) -> Any:
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

    from transforms.text.presidio_nl import BlankDutchNlpEngine

    registry = RecognizerRegistry(supported_languages=["nl"])
    for r in recognizers:
        registry.add_recognizer(r)
    return AnalyzerEngine(registry=registry, nlp_engine=BlankDutchNlpEngine(), supported_languages=["nl"],
                          context_aware_enhancer=LemmaContextAwareEnhancer())


PRESIDIO_TYPES = {"EMAIL_ADDRESS": "EMAIL", "PHONE_NUMBER": "TELEFOON", "IBAN_CODE": "IBAN", "DATE_TIME": "DATUM",
                  "URL": "URL", "PERSON": "PERSOON", "LOCATION": "LOCATIE", "CREDIT_CARD": "ID", "IP_ADDRESS": "ID",
                  "CRYPTO": "ID", "MAC_ADDRESS": "ID", "UUID": "ID"}

Spans = list[tuple[str, int, int, float]]  # (type, start, end, score)


def presidio_defaults() -> Callable[[str, tuple[str, ...]], Spans]:
    analyzer = _analyzer(presidio_predefined())

    def run(text: str, deny: tuple[str, ...] = ()) -> Spans:
        return [(PRESIDIO_TYPES.get(r.entity_type, r.entity_type), r.start, r.end, r.score)
                for r in analyzer.analyze(text=text, language="nl")]
    return run


def deduce_alone() -> Callable[[str, tuple[str, ...]], Spans]:
    from deduce.person import Person

    dd = deduce_backend.load()

    def run(text: str, deny: tuple[str, ...] = ()) -> Spans:
        metadata = None
        if deny:  # the first deny entry is the patient's full name
            words = deny[0].split()
            metadata = {"patient": Person(first_names=words[:1], surname=" ".join(words[1:]) or None)}
        doc = dd.deidentify(text, metadata=metadata)
        out = []
        for a in doc.annotations:
            tag = a.tag.split("+")[0].split("_")[0]
            out.append((deduce_backend.TAG_TO_ENTITY.get(tag, "PERSOON" if "persoon" in a.tag else "ID"),
                        int(a.start_char), int(a.end_char), 1.0))  # numpy ints from its patient annotator
        return out
    return run


def naive_combined(predefined: bool = True) -> Callable[[str, tuple[str, ...]], str]:
    """Analyse with Presidio (Dutch recognizers, plus its predefined ones unless ``predefined`` is False) and
    with full DEDUCE; anonymise with Presidio."""
    from presidio_analyzer import RecognizerResult
    from presidio_anonymizer import AnonymizerEngine
    from presidio_anonymizer.entities import OperatorConfig

    from transforms.text.recognizers import default_recognizers, patient_number_regexes

    dutch = default_recognizers(patient_number_regexes(settings.config_dir()))
    analyzer = _analyzer(dutch + (presidio_predefined() if predefined else []))
    anonymizer = AnonymizerEngine()
    dd = deduce_alone()

    def run(text: str, deny: tuple[str, ...] = ()) -> str:
        results = analyzer.analyze(text=text, language="nl", score_threshold=0.3)
        results += [RecognizerResult(t, s, e, sc) for t, s, e, sc in dd(text, deny)]
        operators = {r.entity_type: OperatorConfig("replace", {"new_value": f"[{r.entity_type}]"}) for r in results}
        return anonymizer.anonymize(text=text, analyzer_results=results, operators=operators).text
    return run
