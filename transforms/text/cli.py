"""Anonymise Dutch free text in JSON Lines: each object's "text" is replaced, "entities" added.

Reads JSON Lines from standard input (or --input) and writes the same objects, in the same order,
to standard output (or --output), with "text" anonymised and "entities" listing what was replaced
(type, start, end, score; offsets into the original text). A record whose anonymisation fails, times
out or is too long is withheld: its text becomes "[TEKST ACHTERGEHOUDEN]" and "withheld" gives the
reason. Lines that are not a JSON object with a string "text" are reported on stderr by line number
(never their content) and skipped; the exit status is then 1. An optional per-record list of known
names (patient, family, staff, practice) in the field given by --deny-field sharpens recall.

Example:
  echo '{"id": 1, "text": "Dhr. de Boer, tel. 06-12345678", "deny": ["Jan de Boer"]}' | python -m transforms anonymise-text
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import IO, Iterator

log = logging.getLogger(__name__)

BLOCK_LINES = 5000  # lines held in memory at a time with --processes other than 1


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input", type=Path, help="JSON Lines file to read (default: standard input)")
    parser.add_argument("--output", type=Path, help="JSON Lines file to write (default: standard output)")
    parser.add_argument("--deny-field", default="deny",
                        help="field holding the record's known names, a list of strings (default: deny)")
    parser.add_argument("--mode", choices=("placeholder", "surrogate"), default="placeholder",
                        help="typed placeholders [PERSOON-1] (default) or realistic Dutch surrogates")
    parser.add_argument("--hash-types", default="",
                        help="comma-separated entity types to replace by a keyed hash (key: env DCN_TEXT_HASH_KEY)")
    parser.add_argument("--processes", type=int, default=1, help="worker processes; 0 = every core (default: 1)")
    parser.add_argument("--max-chars", type=int, default=None, help="withhold texts longer than this")
    parser.add_argument("--timeout", type=float, default=None, help="seconds per record before it is withheld")


def _read(stream: IO[str]) -> Iterator[tuple[int, dict | None, str | None]]:
    """(line number, object or None, error or None) per non-empty line."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, f"not valid JSON ({exc.msg} at column {exc.colno})"
            continue
        if not isinstance(obj, dict):
            yield number, None, "not a JSON object"
        elif "text" not in obj:
            yield number, None, 'no "text" field'
        elif not isinstance(obj["text"], str):
            yield number, None, '"text" is not a string'
        else:
            yield number, obj, None


def run(args: argparse.Namespace) -> int:
    from transforms.text.engine import DEFAULT_MAX_CHARS, DEFAULT_TIMEOUT_S, ParallelAnonymiser, TextAnonymiser

    kwargs = {"mode": args.mode, "hash_types": [t.strip() for t in args.hash_types.split(",") if t.strip()],
              "max_chars": args.max_chars or DEFAULT_MAX_CHARS,
              "timeout_s": args.timeout if args.timeout is not None else DEFAULT_TIMEOUT_S}
    source = args.input.open(encoding="utf-8") if args.input else sys.stdin
    sink = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    bad = written = withheld = 0

    def deny_of(obj: dict) -> tuple[str, ...]:
        value = obj.get(args.deny_field)
        if isinstance(value, str):
            return (value,)
        return tuple(str(v) for v in value if v) if isinstance(value, list) else ()

    def emit(obj: dict, result) -> None:
        nonlocal written, withheld
        obj["text"] = result.text
        obj["entities"] = [{"type": e.type, "start": e.start, "end": e.end, "score": e.score}
                           for e in result.entities]
        if result.status != "ok":
            obj["withheld"] = result.reason
            withheld += 1
        sink.write(json.dumps(obj, ensure_ascii=False) + "\n")
        written += 1

    try:
        if args.processes == 1:
            engine = TextAnonymiser(**kwargs)
            for number, obj, error in _read(source):
                if error:
                    bad += 1
                    print(f"anonymise-text: line {number}: {error}; skipped", file=sys.stderr)
                    continue
                emit(obj, engine.anonymise(obj["text"], deny_of(obj)))
        else:
            # Blocks of lines through a pool kept open: every core, constant memory, order kept.
            with ParallelAnonymiser(args.processes or None, **kwargs) as pool:
                block: list[dict] = []

                def flush() -> None:
                    batch = pool.anonymise_batch([(o["text"], deny_of(o)) for o in block])
                    for obj, result in zip(block, batch.results):
                        emit(obj, result)
                    block.clear()

                for number, obj, error in _read(source):
                    if error:
                        bad += 1
                        print(f"anonymise-text: line {number}: {error}; skipped", file=sys.stderr)
                        continue
                    block.append(obj)
                    if len(block) >= BLOCK_LINES:
                        flush()
                if block:
                    flush()
    finally:
        if args.input:
            source.close()
        if args.output:
            sink.close()
        else:
            sink.flush()
    log.info("anonymise-text: %d records written, %d withheld, %d bad lines", written, withheld, bad)
    return 1 if bad else 0
