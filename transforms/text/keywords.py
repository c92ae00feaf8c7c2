"""Keyword pre-checks: a pattern whose keywords are all absent from a text cannot match, so it need not run.

Pure Python (no Presidio), shared by the recognizers and the clinical allow list (issue 17: most
keyword-led patterns find nothing in most notes, and a regex scan for a case-insensitive alternation
costs far more than a few substring checks).
"""

from __future__ import annotations

from typing import Iterable

# Characters a case-insensitive ASCII letter matches that ``str.casefold`` does not fold to that letter alone:
# 'İ' (casefold 'i' + combining dot) and 'ı' both match (?i)i on ``re``, 'İ' on ``regex`` (checked over every
# code point; every other such character casefolds to the letter). Folded to 'i', a keyword written with them
# is still found.
_FOLD_EXTRA = {0x130: "i", 0x131: "i"}
_last_folded: tuple[str, str] = ("", "")


def folded(text: str) -> str:
    """``text`` case-folded for keyword pre-checks: a lower-case ASCII keyword that a pattern matches in
    ``text``, in any case and on either regex engine, is a substring of it (the converse need not hold).
    The last text's fold is kept: the engine's recognizers run one after another on the same text."""
    global _last_folded
    last = _last_folded
    if last[0] is text:
        return last[1]
    fold = text.translate(_FOLD_EXTRA).casefold()
    _last_folded = (text, fold)
    return fold


def any_in(keywords: Iterable[str], fold: str) -> bool:
    """Whether one of ``keywords`` occurs in ``fold`` (a :func:`folded` text)."""
    return any(map(fold.__contains__, keywords))  # no generator frame per keyword: called ~30 times per text
