"""Anonymise Dutch free text in JSON Lines: per object, "text" anonymised and "entities" listed.

Reads JSON Lines (UTF-8) from standard input (or --input) and writes, in the same order, one object per
record holding only what this contract names: "id" (if the input had one), "text" (anonymised), "entities"
(type, start, end, score; offsets into the original text) and "status" ("ok" or "withheld"; a withheld
record also gets "withheld": the reason, and "text" becomes "[TEKST ACHTERGEHOUDEN]"). No other input
field is echoed (not the --deny-field names, not a caller's own "withheld"). Output is valid JSON only
(no NaN/Infinity).

A line that is not valid UTF-8, not valid JSON (NaN/Infinity or a duplicate key included), not an object
with a string "text", holds a lone surrogate, or has an "id" that is not a string or a number, is reported
on stderr by line number (never its content) and skipped; the exit status is then 1. Options it cannot use (a
negative --processes, a --max-chars or --timeout that is not positive, a negative --worker-memory-mb, an --input that
is no file, an --output that is a folder, an unknown --hash-types type, no or a short hash key) stop the run before
any record is read, in one line on stderr, with exit status 2. An optional
per-record list of known names (patient, family, staff, practice) in the field given by --deny-field
sharpens recall.

--output is written all or nothing: to a temporary file beside it, flushed to disk, then renamed over it;
if the run fails, the output file is left as it was. Standard output is written per block of records,
each block only after all of it was anonymised and serialised, so a failure mid-run leaves only whole
lines of earlier blocks (use --output for all-or-nothing).

Example:
  echo '{"id": 1, "text": "Dhr. de Boer, tel. 06-12345678", "deny": ["Jan de Boer"]}' | python -m transforms anonymise-text
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, Iterable, Iterator

from transforms.kernel.progress import progress
from transforms.kernel.strictjson import refuse_duplicate_keys

log = logging.getLogger(__name__)

BLOCK_LINES = 5000  # lines held in memory at a time (read, anonymised, serialised, written)
PROGRESS_CHUNK = 256  # records between two updates of the progress bar (in one process)
ID_TYPES = (str, int, float)
LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}  # inside JSON strings only


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input", type=Path, help="JSON Lines file to read (default: standard input)")
    parser.add_argument(
        "--output", type=Path, help="JSON Lines file to write, all or nothing (default: standard output, per block)"
    )
    parser.add_argument(
        "--deny-field", default="deny", help="field holding the record's known names, a list of strings (default: deny)"
    )
    parser.add_argument(
        "--mode",
        choices=("placeholder", "surrogate"),
        default="placeholder",
        help="typed placeholders [PERSOON-1] (default) or realistic Dutch surrogates",
    )
    parser.add_argument(
        "--hash-types",
        default="",
        help="comma-separated entity types to replace by a keyed hash (key: env DCN_TEXT_HASH_KEY)",
    )
    parser.add_argument("--processes", type=int, default=1, help="worker processes; 0 = every core (default: 1)")
    parser.add_argument("--max-chars", type=int, default=None, help="withhold texts longer than this")
    parser.add_argument("--timeout", type=float, default=None, help="seconds per record before it is withheld")
    parser.add_argument(
        "--worker-memory-mb",
        type=int,
        default=None,
        help="with --processes other than 1: address space each worker may add, in MB, before "
        "its record is withheld (default: env DCN_TEXT_WORKER_MEMORY_MB or 2048; 0 = no limit)",
    )


class _BadLine(ValueError):
    """A line the contract cannot take; the message never holds any of its content."""


def _refuse_constant(name: str) -> None:
    raise _BadLine(f"not valid JSON ({name} is not JSON)")


_no_duplicates = refuse_duplicate_keys(_BadLine, "not valid JSON for this contract (a key occurs twice)")


def _encodable(value: object) -> bool:
    """True when ``value`` (a JSON value) can be written as UTF-8: no lone surrogate anywhere in it."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, list):
        return all(_encodable(v) for v in value)
    if isinstance(value, dict):
        return all(_encodable(k) and _encodable(v) for k, v in value.items())
    return True


def _parse(raw: bytes | str, deny_field: str) -> dict:
    """One line as a record, or ``_BadLine`` with a content-free reason."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _BadLine("not valid UTF-8") from None
    # A byte-order mark opens files that Windows and spreadsheet exports write: invisible, not part of the JSON.
    raw = raw.removeprefix("\ufeff")
    try:
        obj = json.loads(raw, object_pairs_hook=_no_duplicates, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise _BadLine(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise _BadLine("not valid JSON for this contract (nested too deeply)") from None
    except _BadLine:  # a duplicate key, NaN or Infinity, refused by the hooks above: their own reason
        raise
    except ValueError:  # an integer of more digits than Python converts (4,300): no JSON this contract takes
        raise _BadLine("not valid JSON for this contract (a number too long)") from None
    if not isinstance(obj, dict):
        raise _BadLine("not a JSON object")
    if "text" not in obj:
        raise _BadLine('no "text" field')
    if not isinstance(obj["text"], str):
        raise _BadLine('"text" is not a string')
    if "id" in obj and (not isinstance(obj["id"], ID_TYPES) or isinstance(obj["id"], bool)):
        raise _BadLine('"id" is not a string or a number')
    if isinstance(obj.get("id"), float) and not math.isfinite(obj["id"]):
        raise _BadLine('"id" is not a finite number (it could not be written back)')  # 1e999 reads as infinity
    deny = obj.get(deny_field)
    if deny is not None and not (isinstance(deny, list) and all(isinstance(v, str) for v in deny)):
        raise _BadLine(f'"{deny_field}" is not a list of strings')
    for name in ("text", "id", deny_field):
        if name in obj and not _encodable(obj[name]):
            raise _BadLine(f'"{name}" holds a lone surrogate (not valid Unicode text)')
    return obj


def _lines(stream: IO, blank: list[int]) -> Iterator[tuple[int, bytes | str]]:
    """(line number, raw line) per non-blank line; bytes from a binary stream, so a bad byte spoils one line. Blank
    lines are no records (a file may end with one or separate blocks by them): their numbers go to ``blank``, so
    the run can say that the output has fewer lines than the input and where."""
    for number, line in enumerate(stream, start=1):
        if line.strip():
            yield number, line
        else:
            blank.append(number)


def _blocks(stream: IO, size: int, blank: list[int]) -> Iterator[list[tuple[int, bytes | str]]]:
    block: list[tuple[int, bytes | str]] = []
    for item in _lines(stream, blank):
        block.append(item)
        if len(block) >= size:
            yield block
            block = []
    if block:
        yield block


def _score(value: float) -> float:
    return round(float(value), 4) if math.isfinite(value) else 0.0


def _record(obj: dict, result) -> str:
    """The output line of one record: only the contract's fields, valid JSON."""
    out: dict = {"id": obj["id"]} if "id" in obj else {}
    if isinstance(out.get("id"), float) and not math.isfinite(out["id"]):
        out["id"] = None  # unreachable (NaN/Infinity are refused on input); valid JSON whatever happens
    out["text"] = result.text
    out["entities"] = [
        {"type": e.type, "start": e.start, "end": e.end, "score": _score(e.score)} for e in result.entities
    ]
    out["status"] = result.status
    if result.status != "ok":
        out["withheld"] = result.reason or "error"
    line = json.dumps(out, ensure_ascii=False, allow_nan=False)
    # characters that some readers take for a line end (Python's str.splitlines, JavaScript) stay escaped
    for char, escaped in LINE_BREAKS.items():
        if char in line:
            line = line.replace(char, escaped)
    return line + "\n"


class _AtomicFile:
    """Write beside ``target``, fsync, rename over it on success; remove the temporary file on failure."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        self.tmp = Path(name)
        self.handle = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def write(self, text: str) -> None:
        self.handle.write(text)

    def commit(self) -> None:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.replace(self.tmp, self.target)
        try:
            directory = os.open(self.target.parent, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

    def abort(self) -> None:
        if not self.handle.closed:
            self.handle.close()
        self.tmp.unlink(missing_ok=True)


def _hash_types(args: argparse.Namespace) -> list[str]:
    """The entity types --hash-types names (comma-separated, spaces and empty items ignored)."""
    return [t.strip() for t in args.hash_types.split(",") if t.strip()]


def usage_error(args: argparse.Namespace) -> str | None:
    """What is wrong with the options before any record is read (one line, no traceback), or None."""
    from transforms.text.engine import ENTITY_TYPES, HASH_KEY_ENV, MIN_HASH_KEY_CHARS

    if args.processes < 0:
        return "--processes must be 0 (every core) or a positive number"
    # (impossible limits withheld every record with exit status 0, and an output folder failed after the whole run:
    # issue 17, nineteenth round's user check)
    if args.max_chars is not None and args.max_chars <= 0:
        return "--max-chars must be a positive number of characters"
    if args.timeout is not None and args.timeout <= 0:
        return "--timeout must be a positive number of seconds"
    if args.worker_memory_mb is not None and args.worker_memory_mb < 0:
        return "--worker-memory-mb must be 0 (no limit) or a positive number of MB"
    if args.input is not None and args.input.is_dir():
        return f"--input {args.input}: a folder, not a file"
    if args.input is not None and not args.input.is_file():
        return f"--input {args.input}: no such file"
    if args.output is not None and args.output.is_dir():
        return f"--output {args.output}: a folder; give the file to write"
    hash_types = _hash_types(args)
    unknown = sorted(set(hash_types) - ENTITY_TYPES)
    if unknown:
        return f"--hash-types: unknown type(s) {', '.join(unknown)}; known: {', '.join(sorted(ENTITY_TYPES))}"
    if hash_types:
        key = os.environ.get(HASH_KEY_ENV, "")
        if not key:
            return f"--hash-types needs a key in the environment variable {HASH_KEY_ENV}"
        if len(key) < MIN_HASH_KEY_CHARS:
            return f"{HASH_KEY_ENV} is too short: at least {MIN_HASH_KEY_CHARS} characters"
    return None


def run(args: argparse.Namespace) -> int:
    from transforms.text.engine import DEFAULT_MAX_CHARS, DEFAULT_TIMEOUT_S, ParallelAnonymiser, TextAnonymiser

    problem = usage_error(args)
    if problem is not None:
        print(f"anonymise-text: {problem}", file=sys.stderr)  # the options only: never a record's content
        return 2
    kwargs = {
        "mode": args.mode,
        "hash_types": _hash_types(args),
        "max_chars": args.max_chars or DEFAULT_MAX_CHARS,
        "timeout_s": args.timeout if args.timeout is not None else DEFAULT_TIMEOUT_S,
    }
    if args.input:
        source: IO = args.input.open("rb")
    else:  # the binary buffer when there is one, so one bad byte spoils one line, not the whole input
        source = getattr(sys.stdin, "buffer", sys.stdin)
    sink = _AtomicFile(args.output) if args.output else None
    bad = written = withheld = 0
    blank: list[int] = []

    def deny_of(obj: dict) -> tuple[str, ...]:
        return tuple(v for v in obj.get(args.deny_field) or () if v)  # a list of strings (_parse)

    def good_records(block: list[tuple[int, bytes | str]]) -> list[dict]:
        nonlocal bad
        records = []
        for number, raw in block:
            try:
                records.append(_parse(raw, args.deny_field))
            except _BadLine as exc:
                bad += 1
                print(f"anonymise-text: line {number}: {exc}; skipped", file=sys.stderr)
        return records

    def write_block(records: list[dict], results: Iterable) -> None:
        nonlocal written, withheld
        lines = []
        for obj, result in zip(records, results, strict=True):
            lines.append(_record(obj, result))
            withheld += result.status != "ok"
        text = "".join(lines)  # the whole block serialised before any of it is written
        if sink is not None:
            sink.write(text)
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
        written += len(lines)

    bar = progress("anonymise-text", unit="records")  # on stderr, and only on a terminal: stdout is the data
    try:
        if args.processes == 1:
            engine = TextAnonymiser(**kwargs)
            for block in _blocks(source, BLOCK_LINES, blank):
                records = good_records(block)
                results = []
                for start in range(0, len(records), PROGRESS_CHUNK):
                    part = records[start : start + PROGRESS_CHUNK]
                    results += [engine.anonymise(o["text"], deny_of(o)) for o in part]
                    bar.advance(len(part))
                write_block(records, results)
        else:
            # Blocks of lines through a pool kept open: every core, constant memory, order kept.
            with ParallelAnonymiser(args.processes or None, worker_memory_mb=args.worker_memory_mb, **kwargs) as pool:
                for block in _blocks(source, BLOCK_LINES, blank):
                    records = good_records(block)
                    if records:
                        batch = pool.anonymise_batch([(o["text"], deny_of(o)) for o in records], on_chunk=bar.advance)
                        write_block(records, batch.results)
        if sink is not None:
            sink.commit()
    except BaseException:
        if sink is not None:
            sink.abort()  # the output file is left as it was: never half written
        raise
    finally:
        bar.close()
        if args.input:
            source.close()
    if blank:
        shown = ", ".join(map(str, blank[:10])) + (", ..." if len(blank) > 10 else "")
        print(f"anonymise-text: {len(blank)} blank line(s) skipped, no records (line {shown})", file=sys.stderr)
    log.info("anonymise-text: %d records written, %d withheld, %d bad lines", written, withheld, bad)
    return 1 if bad else 0
