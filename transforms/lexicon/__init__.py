"""Word lists the pipeline reads as data, not code: ``transforms/lexicon/data/<name>.txt`` and ``.tsv``.

One entry per line; ``#`` starts a comment; blank lines are ignored; entries keep their case and
inner spaces (patterns decide how to match them). Tables (``.tsv``) hold one row per line, columns
separated by a TAB (a column may be empty). Lists are read once per process and cached, so callers
may ask for them on every use::

    from transforms import lexicon
    lexicon.words("clinical_eponyms")      # frozenset({'Le Fort', 'Miller', 'Angle', ...})
    lexicon.entries("streets")             # ('Kerkstraat', 'Schoolstraat', ...): file order, for seeded draws
    lexicon.table("insurers", str, str)    # (('3311', 'Zilveren Kruis'), ..., ('', 'FBTO'), ...)

The same readers take ``folder=`` for a fixture's own data (``fixtures/practice/data``), so demo data
is read the same way without being shipped with the product.

Keeping lists here lets a reviewer see and extend them without reading regular expressions, and
lets packaging ship them (``[tool.setuptools.package-data]`` in ``pyproject.toml``).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

DATA_DIR = Path(__file__).resolve().parent / "data"
_NAME = re.compile(r"[a-z0-9_]+")

__all__ = ["DATA_DIR", "words", "entries", "table", "alternation", "dutch_vocabulary", "Vocabulary"]


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """The entries of list ``name`` (``data/<name>.txt``), comments and blank lines dropped.

    Raises ``ValueError`` for a name that is not a plain list name (no paths) and
    ``FileNotFoundError`` when the list does not exist: a missing list is a packaging error,
    never something to run on without.
    """
    return frozenset(entries(name))


def _lines(name: str, suffix: str, folder: Path | None) -> list[tuple[int, str]]:
    """(line number, line) of ``<folder>/<name><suffix>``, comments cut off, blank lines dropped."""
    if not _NAME.fullmatch(name):
        raise ValueError("lexicon names are lower-case letters, digits and underscores")
    with ((folder or DATA_DIR) / f"{name}{suffix}").open(encoding="utf-8") as f:
        return [
            (number, kept) for number, line in enumerate(f, start=1) if (kept := line.split("#", 1)[0].rstrip()).strip()
        ]


@lru_cache(maxsize=None)
def entries(name: str, *, folder: Path | None = None) -> tuple[str, ...]:
    """The entries of list ``name`` (``<name>.txt``) in file order, inner whitespace collapsed: for
    seeded draws (``rng.choice``), where the order is part of the result. Same errors as :func:`words`."""
    return tuple(" ".join(line.split()) for _, line in _lines(name, ".txt", folder))


@lru_cache(maxsize=None)
def table(name: str, *types: Callable[[str], Any], folder: Path | None = None) -> tuple[tuple[Any, ...], ...]:
    """The rows of table ``name`` (``<name>.tsv``) in file order, column ``i`` converted by ``types[i]``
    (``str``, ``int``, ``float``, or any one-argument function). A row with another number of columns
    than ``types`` is a ``ValueError`` naming the file and the line: a broken list is never half-read."""
    rows = []
    for number, line in _lines(name, ".tsv", folder):
        fields = [field.strip() for field in line.split("\t")]
        if len(fields) != len(types):
            raise ValueError(f"{name}.tsv, line {number}: {len(fields)} columns, expected {len(types)}")
        rows.append(tuple(convert(field) for convert, field in zip(types, fields)))
    return tuple(rows)


def alternation(name: str, *, spaces: str = r"\s+") -> str:
    """A regular-expression alternation of list ``name``'s entries, longest first, each escaped;
    inner spaces match ``spaces``. Longest first, so 'Pell-Gregory' wins over a shorter entry."""
    return "(?:" + "|".join(alternatives(name, spaces=spaces)) + ")"


def alternatives(*names: str, spaces: str = r"\s+") -> list[str]:
    """The alternatives of :func:`alternation` (of the lists ``names`` together), in its order: for an alternation
    written another way (grouped by first character, ``clinical.by_first_character``)."""
    ordered = sorted(frozenset().union(*(words(name) for name in names)), key=lambda w: (-len(w), w))
    return [spaces.join(re.escape(part) for part in entry.split(" ")) for entry in ordered]


# spaCy's Dutch lemmatizer tables (package spacy-lookups-data, MIT): every word form of its lookup table, the
# lemmas they map to and the lemma index by part of speech; about 411,000 lower-case Dutch words.
_VOCABULARY_TABLES = ("nl_lemma_lookup.json.gz", "nl_lemma_index.json.gz")


class Vocabulary:
    """Membership of lower-case words, kept as the sorted 64-bit hashes of the words (``hash``, the same in a
    process and the workers it forks): 3 MB for 411,000 words where a set of the strings holds 40 MB in every
    process that builds the text engine. A hash shared by a word and a non-word is about one chance in 10^13."""

    def __init__(self, words: Iterable[str]) -> None:
        self._hashes = array("q", sorted({hash(w) for w in words}))

    def __contains__(self, word: object) -> bool:
        h = hash(word)
        i = bisect_left(self._hashes, h)
        return i < len(self._hashes) and self._hashes[i] == h

    def __len__(self) -> int:
        return len(self._hashes)


@lru_cache(maxsize=1)
def dutch_vocabulary() -> Vocabulary:
    """Dutch words in lower case, from spaCy's Dutch lemma tables (installed with the pinned requirements, read
    from disk: no download). The text engine takes a word that is in none of its lists and not here for a name
    where a name stands (issue 17); a missing table is a packaging error (``FileNotFoundError``)."""
    return Vocabulary(_lemma_table_words(_VOCABULARY_TABLES))


@lru_cache(maxsize=1)
def english_vocabulary() -> Vocabulary:
    """English words in lower case, from spaCy's English lemma lookup table (about 67,000 forms and lemmas; not its
    index, which holds surnames such as 'lysenko'): international patients write their notes and messages in
    English, and a word of English is no name in an English text ('my retainer is loose', 'cracked tooth 46'; the
    text engine asks only there: 'taras' is a plural in English). Issue 17, ninth round."""
    return Vocabulary(_lemma_table_words(("en_lemma_lookup.json.gz",)))


def _lemma_table_words(tables: Iterable[str]) -> set[str]:
    """Every word of spaCy lemma ``tables``: a lookup table's forms and the lemmas they map to, an index's lemmas."""
    import gzip
    import json

    try:
        import spacy_lookups_data
    except ImportError as exc:
        raise FileNotFoundError("spaCy's lemma tables are missing: install the pinned requirements") from exc
    folder = Path(spacy_lookups_data.__file__).resolve().parent / "data"
    found: set[str] = set()
    for name in tables:
        with gzip.open(folder / name, "rt", encoding="utf-8") as f:
            table = json.load(f)
        if "_lemma_lookup" in name:  # form -> lemma
            found.update(w.lower() for w in table)
            found.update(w.lower() for w in table.values())
        else:  # part of speech -> lemmas
            for lemmas in table.values():
                found.update(w.lower() for w in lemmas)
    return found
