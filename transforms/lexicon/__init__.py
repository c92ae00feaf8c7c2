"""Word lists the pipeline reads as data, not code: ``transforms/lexicon/data/<name>.txt``.

One entry per line; ``#`` starts a comment; blank lines are ignored; entries keep their case and
inner spaces (patterns decide how to match them). Lists are read once per process and cached, so
callers may ask for them on every use::

    from transforms import lexicon
    lexicon.words("clinical_eponyms")      # frozenset({'Le Fort', 'Miller', 'Angle', ...})

Keeping lists here lets a reviewer see and extend them without reading regular expressions, and
lets packaging ship them (``[tool.setuptools.package-data]`` in ``pyproject.toml``).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
_NAME = re.compile(r"[a-z0-9_]+")

__all__ = ["DATA_DIR", "words", "alternation"]


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """The entries of list ``name`` (``data/<name>.txt``), comments and blank lines dropped.

    Raises ``ValueError`` for a name that is not a plain list name (no paths) and
    ``FileNotFoundError`` when the list does not exist: a missing list is a packaging error,
    never something to run on without.
    """
    if not _NAME.fullmatch(name):
        raise ValueError("lexicon names are lower-case letters, digits and underscores")
    entries = set()
    with (DATA_DIR / f"{name}.txt").open(encoding="utf-8") as f:
        for line in f:
            entry = " ".join(line.split("#", 1)[0].split())
            if entry:
                entries.add(entry)
    return frozenset(entries)


def alternation(name: str, *, spaces: str = r"\s+") -> str:
    """A regular-expression alternation of list ``name``'s entries, longest first, each escaped;
    inner spaces match ``spaces``. Longest first, so 'Pell-Gregory' wins over a shorter entry."""
    entries = sorted(words(name), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(spaces.join(re.escape(part) for part in entry.split(" ")) for entry in entries) + ")"
