"""What every annotated evaluation part holds, whoever wrote it (the contract in ``eval/text/README.md``): the checks
the parts' own tests share. Each part's test keeps what is particular to it (its kinds, counts and notations), and
also asks its generator's own checksums, so a fixture is checked by two hands."""

from __future__ import annotations

import re
from collections import Counter

from fixtures.text import corpus


def assert_spans_exact_and_disjoint(records: list[dict]) -> None:
    """Every gold span and clinical string is the slice it names, trimmed and not empty, of a known category, and
    none overlaps another in its record."""
    for r in records:
        text = r["text"]
        for s in r["spans"]:
            assert s["category"] in corpus.CATEGORIES
            assert text[s["start"] : s["end"]] == s["text"], (r["id"], s)
            assert s["text"] == s["text"].strip() and s["text"]
        for k in r["keep"]:
            assert k["category"] == "KEEP"
            assert text[k["start"] : k["end"]] == k["text"], (r["id"], k)
            assert k["text"] == k["text"].strip() and k["text"]
        every = sorted(r["spans"] + r["keep"], key=lambda s: (s["start"], s["end"]))
        for a, b in zip(every, every[1:]):
            assert a["end"] <= b["start"], (r["id"], a, b)


def bsn_ok(digits: str) -> bool:
    """The 11-proef on nine digits (no separators)."""
    d = [int(c) for c in digits]
    return len(d) == 9 and sum(x * w for x, w in zip(d, (9, 8, 7, 6, 5, 4, 3, 2, -1))) % 11 == 0


def iban_ok(iban: str, lengths: dict[str, int]) -> bool:
    """Mod-97 on an IBAN written with or without separators, of a country in ``lengths`` and of its length."""
    s = re.sub(r"[^0-9A-Za-z]", "", iban).upper()
    number = "".join(str(ord(c) - 55) if c.isalpha() else c for c in s[4:] + s[:4])
    return lengths.get(s[:2]) == len(s) and int(number) % 97 == 1


def assert_fields_and_kinds(records: list[dict], kinds: tuple[str, ...], per_kind: int) -> None:
    """Every record has the contract's fields, a unique id and no deny list (the unseen parts are scored without
    one); the part holds its generator's kinds, at least eight, in equal shares of ``per_kind``."""
    assert len({r["id"] for r in records}) == len(records)
    for r in records:
        assert set(r) == {"text", "kind", "id", "deny", "spans", "keep"}
        assert r["deny"] == []
    counts = Counter(r["kind"] for r in records)
    assert set(counts) == set(kinds) and len(counts) >= 8
    assert all(n == per_kind for n in counts.values())
