"""The engine's DEDUCE pipeline gives DEDUCE's own annotations (it only runs four generic steps cheaper)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixtures.text import evaluation
from transforms.text import deduce_backend

REGRESSION = Path(__file__).with_name("regression_cases.json")

EDGE_TEXTS = [
    "",
    "   ",
    "Dhr. J. van der Berg woont Kerkstr 12a, Amsterdam; mw. de Vries-Jansen (moeder) belde.",
    "Ziekte van Alzheimer bij moeder, dhr. Alzheimer is de buurman. Wilhelminalaan 3 B te Utrecht.",
    "Jan Jan Jansen Jansen, Amsterdam Amsterdam, Markt 1 1, Coolsingel 40.",
    "Verwezen naar Isala Zwolle en UMC Utrecht door tandarts P.J.M. de Boer-van Dijk op 12 maart 2021.",
    "Kerkstraat 12, Dorpsstraat 4b en Stationsweg 7 A; Hoofdweg\n12, Molenstr 3-5, Laan van Meerdervoort 1234b.",
]


def _texts() -> list[str]:
    texts = [r["text"] for r in evaluation.load()]
    texts += [c["text"] for c in json.loads(REGRESSION.read_text())]
    return texts + EDGE_TEXTS


@pytest.fixture(scope="module")
def stock():
    return deduce_backend.load()


def test_engine_pipeline_matches_stock_deduce(stock):
    disabled = set(deduce_backend.ENGINE_DISABLED_GROUPS)
    for text in _texts():
        expected = stock.deidentify(text, disabled=disabled).annotations
        got = deduce_backend.engine_annotations(text)
        assert {(a.start_char, a.end_char, a.tag, a.text) for a in got} == {
            (a.start_char, a.end_char, a.tag, a.text) for a in expected
        }, text


def test_new_annotation_is_docdeids_annotation():
    """The engine's annotations are made without the dataclass __init__: the same fields, values and order."""
    import docdeid as dd

    for text in _texts()[:200]:
        for a in deduce_backend.engine_annotations(text):
            made = dd.Annotation(
                text=a.text,
                start_char=a.start_char,
                end_char=a.end_char,
                tag=a.tag,
                priority=a.priority,
                start_token=a.start_token,
                end_token=a.end_token,
            )
            assert list(a.__dict__.items()) == list(made.__dict__.items())
            assert hash(a) == hash(made) and a == made
    with pytest.raises(ValueError):
        deduce_backend.new_annotation("abc", 0, 2, "persoon")


def test_engine_tokenizer_gives_deduce_tokens(stock):
    """The engine's tokenizer: DEDUCE's tokens (merged terms too), the same links, index and word lookups."""
    import docdeid as dd

    ours = deduce_backend.PlainTokenizer(stock.tokenizers["default"])
    lower = [dd.str.LowercaseString()]
    texts = _texts() + [
        "in 't Veld, Pieter van 't Hof",
        "Ten\tBoer\n\n    Den Haag ",
        "ÉÉN  Ăn ǅa",
        # merged terms: one token, several, at the start and the end, back to back, a longer one cut short
        "dr",
        "dr.",
        "De heer dr. h.c. de la Fuente, mw. Drs. De Weledelgeleerde",
        "De De la dr. h. c dr .h.c. Mevr.Mevr. de",
    ]
    on_demand = deduce_backend.PlainTokenizer(stock.tokenizers["default"], links_on_demand=True)
    for text in texts:
        theirs, got = stock.tokenizers["default"].tokenize(text), ours.tokenize(text)
        assert list(got) == list(theirs), text
        for a, b in zip(got, theirs):
            assert (a.previous(), a.next(), got.token_index(a)) == (b.previous(), b.next(), theirs.token_index(b))
        unlinked = on_demand.tokenize(text)
        if len(theirs):  # tokens made when asked for: each position always gives the same object
            last = len(theirs) - 1
            made = unlinked.token_at(last)
            assert made == theirs[last] and unlinked.position(made) == last and unlinked.position(theirs[last]) is None
            assert unlinked.texts() == [t.text for t in theirs] and unlinked.spans() == [
                (t.start_char, t.end_char) for t in theirs
            ]
            assert unlinked.tokens()[last] is made and unlinked == theirs
        assert list(unlinked) == list(theirs) and not any(t.previous() or t.next() for t in unlinked)
        unlinked.link()
        assert [(t.previous(), t.next()) for t in unlinked] == [(t.previous(), t.next()) for t in theirs]
        for pipeline in (None, lower):
            assert got.get_words(pipeline) == theirs.get_words(pipeline)
            words = theirs.get_words(pipeline)
            for lookup in (words, set(sorted(words)[::2]), {"niet in de tekst"}):
                assert sorted(got.token_lookup(lookup, pipeline), key=lambda t: t.start_char) == sorted(
                    theirs.token_lookup(lookup, pipeline), key=lambda t: t.start_char
                )


def test_engine_tokenizer_gives_deduce_tokens_on_any_characters(stock):
    """Texts whose characters both regular-expression engines class alike are scanned by ``re``, others by
    DEDUCE's ``regex``: DEDUCE's tokens either way (superscripts, combining accents, joiners, other scripts)."""
    import random

    ours = deduce_backend.PlainTokenizer(stock.tokenizers["default"])
    alphabet = [" ", "    ", "\n", "\t", "a", "Z", "7", "_", "-", ".", "é", "ë", "ß", "İ", "ǅ", "١", "²", "½", "\u0301"]
    alphabet += ["\u200d", "ﬁ", "𝔘", "€", "ı", "Ł", "de", "Dr", "'"]
    rng = random.Random(17)
    texts = ["2 m² en ½ tablet", "cafe\u0301 e\u0301e\u0301n", "İstanbul ǅ ß ﬁ 𝔘𝔘", "Dr. de la Fuente, 't Veld"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(2000)]
    for text in texts:
        theirs = stock.tokenizers["default"].tokenize(text)
        assert [(t.text, t.start_char, t.end_char) for t in ours.tokenize(text)] == [
            (t.text, t.start_char, t.end_char) for t in theirs
        ], repr(text)


def test_other_deduce_or_docdeid_releases_are_refused():
    """The plain steps mirror the pinned releases' internals: another release refuses to build."""
    requirements = (Path(__file__).parents[2] / "requirements.txt").read_text().split()
    assert {f"{name}=={version}" for name, version in deduce_backend.PINNED_VERSIONS.items()} <= set(requirements)
    deduce_backend.check_versions()
    with pytest.raises(TypeError):
        deduce_backend.check_versions(lambda name: "9.9.9")


def test_engine_steps_are_the_pipeline_processors_in_order():
    """``engine_annotations`` calls the steps in turn: ``DocProcessorGroup.process`` flattened."""
    import docdeid as dd

    def processors(group):
        for _, proc in group:
            if isinstance(proc, dd.process.DocProcessorGroup):
                yield from processors(proc)
            else:
                yield proc

    steps = deduce_backend.engine_steps()
    assert [step.__self__ for step in steps] == list(processors(deduce_backend.engine_pipeline()))
    assert all(step.__func__ is type(step.__self__).process for step in steps)


def test_engine_pipeline_replaces_only_generic_steps(stock):
    import docdeid as dd
    from deduce.annotator import TokenPatternAnnotator

    def names(group, prefix=""):
        out = {}
        for name, proc in group:
            if isinstance(proc, dd.process.DocProcessorGroup):
                out.update(names(proc, prefix + name + "/"))
            else:
                out[prefix + name] = proc
        return out

    ours, theirs = names(deduce_backend.engine_pipeline()), names(stock.processors)
    assert list(ours) == [
        n
        for n in theirs
        if n.split("/")[-1] not in deduce_backend.ENGINE_DISABLED_GROUPS
        and n.split("/")[0] not in deduce_backend.ENGINE_DISABLED_GROUPS
    ]
    replaced = {n for n in ours if ours[n] is not theirs[n]}
    lookups = {n for n in theirs if type(theirs[n]) is dd.process.MultiTokenLookupAnnotator}
    assert lookups >= {"names/first_name_lookup", "names/surname_lookup", "locations/street_lookup"}
    patterns = {n for n in theirs if type(theirs[n]) is TokenPatternAnnotator}
    assert patterns >= {"names/interfix_with_name", "locations/street_pattern"}
    regexps = {"dates/date_dmy_1", "dates/date_dmy_2", "dates/date_ymd_1", "dates/date_ymd_2", "ages/age"}
    assert replaced == (
        {
            "names/person_annotation_converter",
            "locations/housenumber",
            "locations/remove_street_tags",
            "locations/clean_street_tags",
            "post_processing/overlap_resolver",
        }
        | lookups
        | patterns
        | regexps
    ) & set(ours)
    # The stock instance (DEDUCE alone, the baseline) is untouched.
    assert type(theirs["post_processing/overlap_resolver"]) is dd.process.OverlapResolver


def _token_patterns(group, prefix=""):
    import docdeid as dd
    from deduce.annotator import TokenPatternAnnotator

    for name, proc in group:
        if isinstance(proc, dd.process.DocProcessorGroup):
            yield from _token_patterns(proc, prefix + name + "/")
        elif type(proc) is TokenPatternAnnotator:
            yield prefix + name, proc


def test_plain_token_patterns_match_deduce(stock):
    """Every DEDUCE token pattern, the engine's and the switched-off ones (initials, 'or', 'is_initials'), gives
    DEDUCE's annotations with the same tokens (ours on the engine's tokens, unlinked: it goes by position)."""
    import docdeid as dd

    texts = _texts() + [
        "Dhr. J.A. van der Berg, mw. A.B.C. de Vries, Prof. dr. A. Jansen, J. van Dijk",
        "A.B. . Jansen",
    ]
    plain = {"default": deduce_backend.PlainTokenizer(stock.tokenizers["default"], links_on_demand=True)}
    checked = set()
    for name, theirs in _token_patterns(stock.processors):
        if not deduce_backend.PlainTokenPatternAnnotator.supports(theirs):
            continue
        checked.add(name)
        ours = deduce_backend.PlainTokenPatternAnnotator(theirs)
        for text in texts:
            doc, theirs_doc = dd.Document(text, tokenizers=plain), dd.Document(text, tokenizers=stock.tokenizers)
            key = lambda a: (a.start_char, a.end_char, a.tag, a.priority, a.start_token, a.end_token)  # noqa: E731
            assert sorted(map(key, ours.annotate(doc))) == sorted(map(key, theirs.annotate(theirs_doc))), (name, text)
    assert {"names/interfix_with_name", "names/prefix_with_initial", "names/initial_with_name"} <= checked


def test_date_and_age_patterns_with_first_character_match_deduces(stock):
    """Each date and age pattern behind its first-character look-ahead: DEDUCE's matches, spans and groups."""
    import docdeid as dd

    tricky = [
        "1-2-2021 01/02/21 31.12.99 3 12 '99 12-1-`20 0-1-2020 32-1-2020 1-13-2020 11-1-20211 ab12-3-21",
        "2021-02-01 1999/12/31 '99-1-1 `20.3.4 20-1-1x 19-12-31",
        "١1-2-2021 1-2-2021١ ٣ jaar 12 jaar 12,5 jaar 1.5-2 jaar 101 jarige 7 jr, 100 jaar oud",
        "1 januari 2020, 12 Jan. '21, 3-mrt-2021, 31 december, 2020 jan 3, '21 Februari 1, 20 mei 2020",
    ]
    tokenizers = stock.tokenizers
    # all five, the ones the engine switches off too (the same machinery, should one be switched on again)
    pipeline = deduce_backend.engine_pipeline(
        deduce_backend.ENGINE_DISABLED_GROUPS
        - {"dates", "ages"}
        - {"date_dmy_1", "date_dmy_2", "date_ymd_1", "date_ymd_2", "age"}
    )
    for group, name in [("dates", n) for n in ("date_dmy_1", "date_dmy_2", "date_ymd_1", "date_ymd_2")] + [
        ("ages", "age")
    ]:
        theirs, ours = stock.processors[group][name], pipeline[group][name]
        assert ours is not theirs and isinstance(ours, type(theirs))
        assert ours.regexp_pattern.pattern != theirs.regexp_pattern.pattern
        for text in _texts() + tricky:
            spans = [(m.span(), m.groups()) for m in theirs.regexp_pattern.finditer(text)]
            assert [(m.span(), m.groups()) for m in ours.regexp_pattern.finditer(text)] == spans, (name, text)
            doc = dd.Document(text, tokenizers=tokenizers)
            assert ours.annotate(doc) == theirs.annotate(doc), (name, text)
    unknown = dd.process.RegexpAnnotator(r"(?<!\d)\d+", tag="x")
    assert deduce_backend.with_first_character(unknown) is unknown


def test_gated_context_annotator_matches_deduce(stock):
    """The house-number pass, skipped when no street can grow: DEDUCE's annotations after it, note by note."""
    import docdeid as dd

    steps = deduce_backend.engine_steps()
    at = [i for i, step in enumerate(steps) if isinstance(step.__self__, deduce_backend.GatedContextAnnotator)]
    assert len(at) == 1
    gated = steps[at[0]].__self__
    skipped = grown = 0
    for text in _texts():
        tokenizer = deduce_backend.PlainTokenizer(stock.tokenizers["default"], links_on_demand=True)
        ours = dd.Document(text, tokenizers={"default": tokenizer})
        for step in steps[: at[0]]:
            step(ours)
        theirs = dd.Document(text)
        theirs.annotations = dd.AnnotationSet(ours.annotations)
        gated.process(ours)  # on tokens linked only if it runs DEDUCE's pass
        ours.get_tokens().link()
        gated.stock.process(theirs)
        assert ours.annotations == theirs.annotations, text
        if any("huisnummer" in a.tag for a in theirs.annotations):
            grown += 1
        skipped += not gated.can_grow(theirs.annotations)
    assert grown and skipped

    # Streets whose tokens are not the document's (DEDUCE's own tokenizer made them): DEDUCE's pass, on links.
    text = "Kerkstraat 12 a, Dorpsstraat 4b en Molenweg."
    words = {t.text: t for t in stock.tokenizers["default"].tokenize(text)}
    streets = [
        dd.Annotation(
            text=t.text, start_char=t.start_char, end_char=t.end_char, tag="straat", start_token=t, end_token=t
        )
        for t in (words["Kerkstraat"], words["Dorpsstraat"], words["Molenweg"])
    ]
    ours = dd.Document(text, tokenizers={"default": deduce_backend.PlainTokenizer(stock.tokenizers["default"], True)})
    ours.annotations = dd.AnnotationSet(streets)
    theirs = dd.Document(text)
    theirs.annotations = dd.AnnotationSet(streets)
    gated.process(ours)
    gated.stock.process(theirs)
    assert ours.annotations == theirs.annotations and any("huisnummer" in a.tag for a in ours.annotations)


def test_regex_token_annotator_remembers_words_without_changing_answers(stock):
    """The one-token street pattern gives DEDUCE's annotations, also after its remembered words were forgotten."""
    import docdeid as dd

    theirs = stock.processors["locations"]["street_pattern"]
    ours = deduce_backend.RegexTokenAnnotator(theirs.pattern[0]["re_match"], tag=theirs.tag, priority=theirs.priority)
    ours.REMEMBERED = 7  # forgets every few notes
    tokenizers = {"default": deduce_backend.PlainTokenizer(stock.tokenizers["default"])}
    key = lambda a: (a.start_char, a.end_char, a.tag, a.priority, a.start_token, a.end_token)  # noqa: E731
    found = 0
    for text in _texts() * 2:
        doc = dd.Document(text, tokenizers=tokenizers)
        got = sorted(map(key, ours.annotate(doc)))
        assert got == sorted(map(key, theirs.annotate(doc))), text
        found += len(got)
    assert found


def test_start_index_finds_each_annotators_starts(stock):
    """The engine's token annotators find their start tokens through one shared index: the same annotations as
    each on its own (its word intersection), also after the index forgot the words it classed."""
    import copy

    import docdeid as dd

    steps = deduce_backend.engine_steps()
    joined = [
        step.__self__
        for step in steps
        if type(step.__self__)
        in (
            deduce_backend.PlainMultiTokenLookupAnnotator,
            deduce_backend.PlainTokenPatternAnnotator,
            deduce_backend.RegexTokenAnnotator,
        )
    ]
    assert len(joined) >= 8 and all(a.start_index is not None for a in joined)
    index = joined[0].start_index[0]
    assert all(a.start_index[0] is index for a in joined)
    alone = {id(a): copy.copy(a) for a in joined}
    for a in alone.values():
        a.start_index = None
    tokenizers = {"default": deduce_backend.PlainTokenizer(stock.tokenizers["default"])}
    key = lambda a: (a.start_char, a.end_char, a.tag, a.priority, a.start_token, a.end_token)  # noqa: E731
    remembered = index.REMEMBERED
    index.REMEMBERED = 50  # forgets every note or two
    try:
        found = 0
        for text in _texts():
            doc = dd.Document(text, tokenizers=tokenizers)
            for a in joined:
                got = list(map(key, a.annotate(doc)))
                assert got == list(map(key, alone[id(a)].annotate(doc))), (a.tag, text)
                found += len(got)
        assert found
    finally:
        index.REMEMBERED = remembered


def test_plain_overlap_resolver_matches_docdeid_on_overlaps():
    """Overlapping, nested, equal and zero-length annotations: the same kept pieces as docdeid's resolver."""
    import random

    import docdeid as dd
    from frozendict import frozendict

    rng = random.Random(7)
    text = "abcdefghij" * 4
    tag_order = {"pseudo_naam": 0, "patient": 1}
    for by, callbacks in [
        (("priority", "length"), {"priority": lambda y: -y, "length": lambda y: -y}),
        (("tag", "length"), {"tag": lambda t: tag_order.get(t, 2), "length": lambda x: -x}),
    ]:
        ours = deduce_backend.PlainOverlapResolver(by, callbacks)
        theirs = dd.process.OverlapResolver(sort_by=by, sort_by_callbacks=frozendict(callbacks))
        for _ in range(300):
            annotations = dd.AnnotationSet()
            for _ in range(rng.randint(1, 8)):
                start = rng.randint(0, 35)
                end = rng.randint(start, min(40, start + 12))
                annotations.add(
                    dd.Annotation(
                        text=text[start:end],
                        start_char=start,
                        end_char=end,
                        tag=rng.choice(["persoon", "pseudo_naam", "patient", "locatie"]),
                        priority=rng.randint(0, 2),
                    )
                )
            assert ours.process_annotations(annotations, text) == theirs.process_annotations(annotations, text)


def test_plain_tag_steps_match_deduces(stock):
    """The plain street-tag steps give DEDUCE's sets: its own steps' results, on sets with and without the tags."""
    import docdeid as dd

    def named(group, wanted):
        for name, proc in group:
            if isinstance(proc, dd.process.DocProcessorGroup):
                found = named(proc, wanted)
                if found is not None:
                    return found
            elif name == wanted:
                return proc
        return None

    ours = deduce_backend.engine_pipeline()
    for name, plain in (
        ("remove_street_tags", deduce_backend.PlainRemoveAnnotations),
        ("clean_street_tags", deduce_backend.PlainCleanAnnotationTag),
    ):
        theirs, mine = named(stock.processors, name), named(ours, name)
        assert type(mine) is plain
        for tags in (
            [],
            ["persoon"],
            ["straat"],
            ["straat+huisnummer", "locatie"],
            ["straat+huisnummer+huisnummerletter"],
        ):
            annotations = dd.AnnotationSet(
                dd.Annotation(text="Kerkstr", start_char=10 * i, end_char=10 * i + 7, tag=tag, priority=i)
                for i, tag in enumerate(tags)
            )
            expected = theirs.process_annotations(dd.AnnotationSet(annotations), "")
            got = mine.process_annotations(dd.AnnotationSet(annotations), "")
            assert got == expected
            assert sorted((a.start_char, a.tag, a.priority) for a in got) == sorted(
                (a.start_char, a.tag, a.priority) for a in expected
            )
            fields = list(dd.Annotation(text="", start_char=0, end_char=0, tag="").__dict__)
            assert all(list(a.__dict__) == fields for a in got)


def test_lookups_remembering_pairs_give_the_walks_annotations(stock, monkeypatch):
    """The lookups keep the first two steps of their walks per pair of token texts: what they find with the pairs
    remembered (a second pass over the same texts) is what they find forgetting them at every walk, and DEDUCE's
    own lookups find."""
    import docdeid as dd

    lookups = [
        step.__self__
        for step in deduce_backend.engine_steps()
        if type(step.__self__) is deduce_backend.PlainMultiTokenLookupAnnotator
    ]
    assert {lookup.tag for lookup in lookups} >= {"voornaam", "achternaam", "straat", "ziekenhuis"}
    tokenizers = {"default": deduce_backend.PlainTokenizer(stock.tokenizers["default"])}
    texts = _texts()

    def annotations(text):
        doc = dd.Document(text, tokenizers=tokenizers)
        return [{(a.start_char, a.end_char, a.tag) for a in lookup.annotate(doc)} for lookup in lookups]

    with monkeypatch.context() as patch:
        patch.setattr(deduce_backend.PlainMultiTokenLookupAnnotator, "REMEMBERED", 0)  # forgotten at every walk
        walked = [annotations(text) for text in texts]
    assert walked == [annotations(text) for text in texts]  # pairs remembered from here on
    assert walked == [annotations(text) for text in texts]
    theirs = {p.tag: p for _, p in _all_processors(stock.processors) if type(p) is dd.process.MultiTokenLookupAnnotator}
    for text, found in zip(texts[:300], walked):
        doc = dd.Document(text, tokenizers=stock.tokenizers)
        assert found == [
            {(a.start_char, a.end_char, a.tag) for a in theirs[lookup.tag].annotate(doc)} for lookup in lookups
        ]


def _all_processors(group):
    import docdeid as dd

    for name, proc in group:
        if isinstance(proc, dd.process.DocProcessorGroup):
            yield from _all_processors(proc)
        else:
            yield name, proc


def test_processes_that_start_together_build_deduces_cache_once_and_read_it_whole(tmp_path, monkeypatch):
    """Workers that start on a new machine at once (a pool, Airflow tasks, a test run's workers) each find no cache:
    one builds it while the others wait on the folder's lock, then find it and build nothing; the file appears only
    whole (a reader never meets a half-written one, which raised ``EOFError`` in a test run). A stand-in for
    DEDUCE's build (the real one takes a minute) writes its file slowly."""
    import threading
    import time

    import deduce

    builds = []

    class SlowBuild:
        def __init__(self, cache_path):
            builds.append(cache_path)
            (cache_path / "cache").mkdir(parents=True, exist_ok=True)
            with open(cache_path / "cache" / "lookup_structs.pickle", "wb") as f:
                f.write(b"half")
                f.flush()
                time.sleep(0.3)  # a reader now would find half a file in the folder being built
                f.write(b" and whole")

    monkeypatch.setattr(deduce, "Deduce", SlowBuild)
    monkeypatch.setattr(deduce_backend, "cache_path", lambda: tmp_path)
    seen, outcomes = [], []

    def worker():
        outcomes.append(deduce_backend.build_cache(tmp_path))

    def reader():
        while not builds:
            time.sleep(0.01)
        deadline = time.monotonic() + 20
        while len(seen) < 3 and time.monotonic() < deadline:  # while the build writes: no file, or the whole one
            if deduce_backend.cache_exists():
                seen.append((tmp_path / "cache" / "lookup_structs.pickle").read_bytes())
            time.sleep(0.01)

    threads = [threading.Thread(target=worker) for _ in range(3)] + [threading.Thread(target=reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == [False, False, True]
    assert len(builds) == 1 and builds[0] != tmp_path  # built aside, then moved into place
    assert seen and set(seen) == {b"half and whole"}
    assert (tmp_path / "cache" / "lookup_structs.pickle").read_bytes() == b"half and whole"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("building-")] == []
