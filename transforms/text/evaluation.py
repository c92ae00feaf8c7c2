"""Evaluation of the text anonymiser on the annotated Dutch corpus, in two parts:

- development, ``eval/text/corpus.jsonl``: texts from the project's own note templates, the ones the rules were
  written against (with per-record deny lists);
- test, ``eval/text/test.jsonl``: texts written independently, without reading the rules, with their own names,
  streets and places (``fixtures/text/independent_corpus.py``); scored WITHOUT deny lists, as for a third party
  nobody told the engine about. Never tune a rule on it: it stops measuring unseen text the moment one does.

    python -m transforms.text.evaluation generate [--records 700] [--seed 20261124]   # rewrite the development part
    python -m transforms.text.evaluation score [--systems engine,engine-no-deny,deduce,presidio]
                                               [--test-systems engine,deduce,presidio] [--parts dev,test] [--json FILE]

Scoring (span level, type-agnostic for recall because any replacement protects the patient):
- recall per gold category: a gold span counts as found when every letter and digit of it (apart
  from tussenvoegsels like 'de', 'van') lies inside some detected span; otherwise it leaked;
- precision per detected type: a detection is correct when it overlaps some gold span;
- F2 per category combines that category's recall with the precision of the matching type;
- keep-rate: share of clinical strings (elements, DPSI, codes, drugs, doses) no detection touches.
"""
from __future__ import annotations

import argparse
import datetime
import json
import random
import re
import sys
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Callable, Iterable

from transforms.text import corpus

CORPUS_PATH = Path(__file__).resolve().parents[2] / "eval" / "text" / "corpus.jsonl"
TEST_PATH = CORPUS_PATH.with_name("test.jsonl")
# The baselines on the test part cost about 8 s once the systems are built for the development part (one build
# serves both parts); drop them with --test-systems engine when that matters.
DEFAULT_TEST_SYSTEMS = "engine,deduce,presidio"
DEFAULT_RECORDS = 700
DEFAULT_SEED = 20261124
LEAK_ZERO = ("BSN", "EMAIL", "IBAN", "TELEFOON")
# Which detected type's precision goes with a gold category.
PRECISION_TYPE = {"GEBOORTEDATUM": "DATUM"}
_PREFIX_WORDS = {"de", "van", "der", "den", "ter", "ten", "te", "in", "'t", "het", "el", "al", "la", "le"}


def deny_list(subject: corpus.NoteSubject) -> list[str]:
    """What the practice system knows for the record: patient, family, author, practice (patient first)."""
    patient = " ".join(p for p in (subject.first_name, subject.name_prefix, subject.surname) if p)
    _, author = corpus._practitioner(subject)
    return [patient, *subject.relatives, author, subject.practice]


def generate(records: int = DEFAULT_RECORDS, seed: int = DEFAULT_SEED) -> list[dict]:
    """The evaluation corpus: kinds in turn, a new patient every few texts (patients have several notes)."""
    rng = random.Random(seed)
    out = []
    subject = corpus.random_subject(rng)
    for i in range(records):
        if i % 3 == 0:
            subject = corpus.random_subject(rng)
        kind = corpus.TEXT_KINDS[i % len(corpus.TEXT_KINDS)]
        written_on = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randint(0, 700))
        text = corpus.write_text(rng, subject, kind, written_on)
        out.append({"id": f"t{i:04d}", "kind": kind, "text": text.text, "deny": deny_list(subject),
                    "spans": [asdict(s) for s in text.spans], "keep": [asdict(s) for s in text.keep_spans]})
    return out


def load(path: Path = CORPUS_PATH) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _significant(text: str, start: int, category: str) -> list[int]:
    """Offsets of the characters that must be covered for a gold span to count as found."""
    offsets = []
    for m in re.finditer(r"\S+", text):
        if category == "PERSOON" and m.group(0).lower() in _PREFIX_WORDS:
            continue
        offsets.extend(start + m.start() + i for i, ch in enumerate(m.group(0)) if ch.isalnum())
    return offsets


def score(records: list[dict], predictions: list[list[tuple[str, int, int, float]]]) -> dict:
    found, total = Counter(), Counter()
    tp, detected = Counter(), Counter()
    kept = keep_total = 0
    leaks: Counter = Counter()
    for record, predicted in zip(records, predictions):
        covered = bytearray(len(record["text"]))
        for _, s, e, _ in predicted:
            covered[s:e] = b"\x01" * (e - s)
        gold = record["spans"]
        for g in gold:
            total[g["category"]] += 1
            if all(covered[i] for i in _significant(g["text"], g["start"], g["category"])):
                found[g["category"]] += 1
            else:
                leaks[g["category"]] += 1
        for t, s, e, _ in predicted:
            detected[t] += 1
            if any(g["start"] < e and s < g["end"] for g in gold):
                tp[t] += 1
        for k in record["keep"]:
            keep_total += 1
            if not any(s < k["end"] and k["start"] < e for _, s, e, _ in predicted):
                kept += 1
    rows = {}
    for category in corpus.CATEGORIES:
        if not total[category]:
            continue
        recall = found[category] / total[category]
        ptype = PRECISION_TYPE.get(category, category)
        precision = tp[ptype] / detected[ptype] if detected[ptype] else None
        rows[category] = {"gold": total[category], "recall": recall, "precision": precision,
                          "f2": _f2(precision, recall), "leaks": leaks[category]}
    direct_total = sum(total[c] for c in corpus.DIRECT_IDENTIFIERS)
    direct_found = sum(found[c] for c in corpus.DIRECT_IDENTIFIERS)
    all_tp, all_detected = sum(tp.values()), sum(detected.values())
    precision_all = all_tp / all_detected if all_detected else None
    rows["DIRECT (micro)"] = {"gold": direct_total, "recall": direct_found / direct_total, "precision": None,
                              "f2": None, "leaks": direct_total - direct_found}
    all_total, all_found = sum(total.values()), sum(found.values())
    rows["ALL (micro)"] = {"gold": all_total, "recall": all_found / all_total, "precision": precision_all,
                           "f2": _f2(precision_all, all_found / all_total), "leaks": all_total - all_found}
    return {"categories": rows, "keep_rate": kept / keep_total if keep_total else 1.0, "keep_total": keep_total,
            "leaks": {c: leaks[c] for c in LEAK_ZERO}, "extra_types": sorted(set(detected) - set(corpus.CATEGORIES))}


def _f2(precision: float | None, recall: float) -> float | None:
    if precision is None or precision + recall == 0:
        return None
    return 5 * precision * recall / (4 * precision + recall)


def systems(names: Iterable[str]) -> dict[str, Callable[[str, tuple[str, ...]], list]]:
    """The named systems as callables ``(text, deny) -> [(type, start, end, score)]``; one engine per name."""
    from transforms.text import baselines
    from transforms.text.engine import TextAnonymiser

    out: dict[str, Callable] = {}
    for name in names:
        if name in ("engine", "engine-no-deny"):
            engine = TextAnonymiser()
            use_deny = name == "engine"
            out[name] = (lambda eng, use: lambda text, deny: [
                (e.type, e.start, e.end, e.score) for e in eng.analyse(text, deny if use else ())])(engine, use_deny)
        elif name == "deduce":
            out[name] = baselines.deduce_alone()
        elif name == "presidio":
            out[name] = baselines.presidio_defaults()
        else:
            raise ValueError(f"unknown system {name!r}")
    return out


def run(names: list[str], records: list[dict], *, use_deny: bool = True,
        built: dict[str, Callable[[str, tuple[str, ...]], list]] | None = None) -> dict[str, dict]:
    """Score each named system on the records; ``use_deny=False`` withholds every record's deny list (test part).

    ``built`` reuses systems already constructed (loading DEDUCE takes seconds), keyed by name.
    """
    reports = {}
    built = dict(built or {})
    missing = [n for n in names if n not in built]
    if missing:
        built.update(systems(missing))
    for name in names:
        system = built[name]
        started = time.perf_counter()
        predictions = [system(r["text"], tuple(r["deny"]) if use_deny else ()) for r in records]
        report = score(records, predictions)
        report["seconds"] = time.perf_counter() - started
        reports[name] = report
    return reports


def format_table(reports: dict[str, dict]) -> str:
    names = list(reports)
    categories = list(next(iter(reports.values()))["categories"])
    head = f"{'category':<16}{'gold':>6}  " + "".join(f"{n:^26}" for n in names)
    sub = f"{'':<16}{'':>6}  " + "".join(f"{'R':>8}{'P':>8}{'F2':>8}  " for _ in names)
    lines = [head, sub, "-" * len(sub)]
    fmt = lambda v: f"{v:8.3f}" if v is not None else f"{'-':>8}"  # noqa: E731
    for c in categories:
        gold = reports[names[0]]["categories"][c]["gold"]
        row = f"{c:<16}{gold:>6}  "
        for n in names:
            r = reports[n]["categories"].get(c, {})
            row += fmt(r.get("recall")) + fmt(r.get("precision")) + fmt(r.get("f2")) + "  "
        lines.append(row)
    lines.append("-" * len(sub))
    lines.append(f"{'keep-rate':<22}" + "".join(f"{reports[n]['keep_rate']:>24.4f}  " for n in names))
    for c in LEAK_ZERO:
        lines.append(f"{'leaks ' + c:<22}" + "".join(f"{reports[n]['leaks'][c]:>24d}  " for n in names))
    lines.append(f"{'seconds':<22}" + "".join(f"{reports[n]['seconds']:>24.2f}  " for n in names))
    return "\n".join(lines)


TARGETS = {"direct_recall": 0.995, "keep_rate": 0.98}
# Issue 17: on independently written text, without deny lists. Zero BSN / e-mail / IBAN / phone leaks holds in
# both parts (a checksum-valid number is personal data in any notation).
TEST_TARGETS = {"direct_recall": 0.998, "keep_rate": 0.99}


def check_targets(report: dict, targets: dict[str, float] = TARGETS) -> list[str]:
    """The issue's targets for the engine on one part; returns the failures (empty when met)."""
    failures = []
    direct = report["categories"]["DIRECT (micro)"]["recall"]
    if direct < targets["direct_recall"]:
        failures.append(f"direct-identifier recall {direct:.4f} < {targets['direct_recall']}")
    for c, n in report["leaks"].items():
        if n:
            failures.append(f"{n} {c} leak(s)")
    if report["keep_rate"] < targets["keep_rate"]:
        failures.append(f"keep-rate {report['keep_rate']:.4f} < {targets['keep_rate']}")
    return failures


def misses(record: dict, predicted: list[tuple[str, int, int, float]]) -> tuple[list[dict], list[dict]]:
    """The gold spans a prediction leaves (partly) uncovered and the clinical strings it touches, for one record.

    The same rules as ``score``; for reading the development part. Read test-part misses only to report their
    kinds: fixing rules against them spends the test part.
    """
    covered = bytearray(len(record["text"]))
    for _, s, e, _ in predicted:
        covered[s:e] = b"\x01" * (e - s)
    leaked = [g for g in record["spans"]
              if not all(covered[i] for i in _significant(g["text"], g["start"], g["category"]))]
    touched = [k for k in record["keep"] if any(s < k["end"] and k["start"] < e for _, s, e, _ in predicted)]
    return leaked, touched


def _summary(records: list[dict]) -> str:
    return (f"{len(records)} records, {sum(len(r['spans']) for r in records)} gold spans, "
            f"{sum(len(r['keep']) for r in records)} clinical strings")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m transforms.text.evaluation", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate", help="write the annotated corpus")
    g.add_argument("--records", type=int, default=DEFAULT_RECORDS)
    g.add_argument("--seed", type=int, default=DEFAULT_SEED)
    g.add_argument("--out", type=Path, default=CORPUS_PATH)
    s = sub.add_parser("score", help="score the systems on both parts of the corpus, side by side")
    s.add_argument("--corpus", type=Path, default=CORPUS_PATH, help="development part")
    s.add_argument("--test-corpus", type=Path, default=TEST_PATH, help="test part (scored without deny lists)")
    s.add_argument("--systems", default="engine,engine-no-deny,deduce,presidio", help="on the development part")
    s.add_argument("--test-systems", default=DEFAULT_TEST_SYSTEMS,
                   help="on the test part (engine, deduce, presidio; deny lists are never passed)")
    s.add_argument("--parts", default="dev,test", help="which parts to score: dev, test or both")
    s.add_argument("--json", type=Path, help="also write the figures as JSON, {part: {system: report}}")
    args = parser.parse_args(argv)
    if args.command == "generate":
        records = generate(args.records, args.seed)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"wrote {len(records)} records to {args.out}")
        return 0
    import logging

    logging.basicConfig(level=logging.WARNING)
    parts = {p.strip() for p in args.parts.split(",") if p.strip()}
    if not parts or parts - {"dev", "test"}:
        parser.error("--parts takes dev, test or dev,test")
    names = {"dev": [n.strip() for n in args.systems.split(",") if n.strip()],
             "test": [n.strip() for n in args.test_systems.split(",") if n.strip()]}
    # "engine-no-deny" is the engine on the test part anyway; one engine object serves both names.
    names["test"] = ["engine" if n == "engine-no-deny" else n for n in names["test"]]
    built = systems(sorted({n for p in parts for n in names[p]}))
    failed = False
    out: dict[str, dict] = {}
    for part in ("dev", "test"):
        if part not in parts:
            continue
        path = args.corpus if part == "dev" else args.test_corpus
        records = load(path)
        reports = run(names[part], records, use_deny=part == "dev", built=built)
        out["development" if part == "dev" else "test"] = reports
        title = ("development part (the project's own templates; engine with deny lists)" if part == "dev" else
                 "test part (written independently; every system WITHOUT deny lists; never tune rules on it)")
        print(f"== {title}\n{path}: {_summary(records)}\n")
        print(format_table(reports))
        if "engine" in reports:
            failures = check_targets(reports["engine"], TARGETS if part == "dev" else TEST_TARGETS)
            failed = failed or bool(failures)
            print(f"\nengine targets, {part} part: " + ("met" if not failures else "NOT met: " + "; ".join(failures)))
        print()
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
