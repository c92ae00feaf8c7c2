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
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

DATA_DIR = Path(__file__).resolve().parent / "data"
_NAME = re.compile(r"[a-z0-9_]+")

__all__ = ["DATA_DIR", "words", "entries", "table", "alternation"]


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
    ordered = sorted(words(name), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(spaces.join(re.escape(part) for part in entry.split(" ")) for entry in ordered) + ")"
