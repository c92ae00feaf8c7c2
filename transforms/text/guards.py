"""Bounds on what one record may cost, before and while it is anonymised (fail closed).

DEDUCE's context annotator is superlinear on long runs of the same short unit: ``'Laan van ' * 100`` takes
4 s, ``* 500`` 15 s and 1.2 GB, ``* 1000`` 74 s and 7 GB. The per-record timeout bounds the time, not the
memory, and contact-form text is written by anyone. So:

- :func:`pathological` spots such input before DEDUCE sees it: the same unit of one to four words (with a
  letter in it) repeated :data:`MAX_REPEATS` times in a row, or a long text that compresses more than
  :data:`MAX_COMPRESSION` times (repetition without spaces). The engine withholds it (reason
  ``pathological``); nothing of it is passed through. Number runs (charts: ``3 3 2 3 ...``) do not count.
- :func:`limit_memory` caps a pool worker's address space (``RLIMIT_AS``) at its size after start-up plus a
  budget; an allocation beyond it raises ``MemoryError`` in that record, which is withheld (``error``), and a
  worker that dies anyway loses only its chunk, which is withheld too.
"""

from __future__ import annotations

import logging
import os
import re
import zlib
from collections import Counter

log = logging.getLogger(__name__)

MAX_REPEATS = 40  # consecutive repeats of one unit of 1..MAX_UNIT_WORDS words
MAX_UNIT_WORDS = 4
COMPRESSION_MIN_CHARS = 4096
MAX_COMPRESSION = 40  # real notes compress 3-5x; a pasted table 10x
MEMORY_ENV = "DCN_TEXT_WORKER_MEMORY_MB"
DEFAULT_WORKER_MEMORY_MB = 2048

_WORD = re.compile(r"\S+")
_LETTER = re.compile(r"[^\W\d_]")


def longest_repeat(text: str, max_words: int = MAX_UNIT_WORDS) -> int:
    """The most consecutive repeats of one unit of 1..``max_words`` words that holds a letter (linear time)."""
    words = _WORD.findall(text)
    best = 1 if words else 0
    has_letter = [bool(_LETTER.search(w)) for w in words]
    for size in range(1, max_words + 1):
        streak = 0  # positions i where words[i] == words[i - size], in a row
        for i in range(size, len(words)):
            if words[i] == words[i - size]:
                streak += 1
                if any(has_letter[i - size + 1 : i + 1]):
                    best = max(best, streak // size + 1)
            else:
                streak = 0
    return best


def _most_frequent_word_count(words: list[str]) -> int:
    counts = Counter(words)
    return max(counts.values(), default=0)


def pathological(text: str) -> str | None:
    """Why ``text`` would cost DEDUCE unbounded time or memory, or None. The reason holds no content."""
    if len(text) < 2 * MAX_REPEATS:  # too short to hold MAX_REPEATS units
        return None
    # A unit repeated MAX_REPEATS times in a row holds each of its words that often, so a text whose most
    # frequent word is rarer cannot have such a run: one C-level count first, the walk below only when it
    # may find one (issue 17, sixth round: the walk cost about 1% of the engine's CPU time). Same answers.
    # str.split() gives the words of _WORD: re's \s is str.isspace() (checked over every code point). No word of a
    # text with fewer words than that can be that frequent: no count (most notes; issue 17, tenth round).
    # A word that occurs MAX_REPEATS times makes MAX_REPEATS - 1 of the words repeats of another: a set of the words
    # (hashing only, no counting) rules most longer notes out before the count (issue 17, fourteenth round).
    words = text.split()
    if (
        len(words) >= MAX_REPEATS
        and len(words) - len(set(words)) >= MAX_REPEATS - 1
        and _most_frequent_word_count(words) >= MAX_REPEATS
        and longest_repeat(text) >= MAX_REPEATS
    ):
        return "repetition"
    if len(text) >= COMPRESSION_MIN_CHARS:
        raw = text.encode("utf-8", "surrogatepass")
        if len(raw) > MAX_COMPRESSION * len(zlib.compress(raw, 1)):
            return "compression"
    return None


def worker_memory_mb(value: int | None = None) -> int:
    """The per-worker budget in MB: ``value``, else env ``DCN_TEXT_WORKER_MEMORY_MB``, else 2048; 0 = none."""
    if value is not None:
        return max(int(value), 0)
    raw = os.environ.get(MEMORY_ENV, "").strip()
    return max(int(raw), 0) if raw else DEFAULT_WORKER_MEMORY_MB


def _address_space_bytes() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def limit_memory(budget_mb: int) -> int | None:
    """Cap this process's address space at its current size plus ``budget_mb`` MB; returns the cap in bytes
    (None: no limit set, e.g. budget 0 or a platform without ``RLIMIT_AS``)."""
    if budget_mb <= 0:
        return None
    try:
        import resource
    except ImportError:  # not on this platform
        return None
    current = _address_space_bytes()
    if current is None:
        return None
    cap = current + budget_mb * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    return cap
