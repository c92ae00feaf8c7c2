"""Fuzz the anonymise-text CLI (seeded; bounded in count and time): random Unicode, control and format
characters, invalid bytes, lone surrogates, huge, deep and repetitive lines. Asserts: no crash, whole output
or none, no raw value of a withheld record or a bad line in the output or on stderr, memory per worker bounded.
"""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED = 18
RECORDS = 80
MAX_CHARS = 20_000
WORKER_MEMORY_MB = 1024
CONTRACT = {"id", "text", "entities", "status", "withheld"}

ALPHABETS = [
    [chr(c) for c in range(0x20, 0x7F)],  # ASCII
    list("éëïöüçñßøåÉÖŞğİıĳ"),  # Latin accents, Turkish dotless i, Dutch ij
    [chr(c) for c in range(0x00, 0x20)] + ["\x7f"],  # control characters (JSON escapes them)
    list("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2069\ufeff\u00ad\u2028\u2029"),
    list("漢字かなДжЖשלוםمرحبا"),
    ["\U0001f600", "\U0001f9b7", "e\u0301", "\u0308"],  # scripts, emoji, combining
]
WORDS = ["Dhr.", "Mw.", "de", "van", "Laan", "tel.", "06-12345678", "BSN", "111222333", "element", "36", "cariës"]


def _secret(rng: random.Random, n: int) -> str:
    """A made-up name that cannot occur by chance, planted in records that must not come out."""
    return "Qx" + "".join(rng.choice("bcdfghjklmnpqrstvwz") for _ in range(8)) + f"{n}zz"


def _random_text(rng: random.Random, size: int) -> str:
    parts = []
    while sum(map(len, parts)) < size:
        if rng.random() < 0.3:
            parts.append(rng.choice(WORDS) + " ")
        else:
            alphabet = rng.choice(ALPHABETS)
            parts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))))
    return "".join(parts)[:size]


def _build(rng: random.Random) -> tuple[bytes, list[int], set[str], dict[int, str], set[int]]:
    """(input, ids expected in the output in order, names planted in bad lines (must appear nowhere), names
    planted in good records by id (must not appear when that record is withheld or the name was only in an
    echoed field), ids that must be withheld)."""
    lines: list[bytes] = []
    expected: list[int] = []
    forbidden: set[str] = set()
    planted: dict[int, str] = {}
    must_withhold: set[int] = set()
    for n in range(RECORDS):
        kind = rng.choice(
            [
                "plain",
                "plain",
                "plain",
                "invalid_byte",
                "surrogate",
                "huge",
                "repetitive",
                "nan",
                "duplicate",
                "not_object",
                "deep",
                "deny_echo",
            ]
        )
        secret = _secret(rng, n)
        if kind == "plain":
            lines.append(
                json.dumps(
                    {"id": n, "text": _random_text(rng, rng.randint(0, 300))}, ensure_ascii=rng.random() < 0.5
                ).encode()
            )
            expected.append(n)
        elif kind == "invalid_byte":
            good = json.dumps({"id": n, "text": f"Mw. {secret} " + _random_text(rng, 50)}).encode()
            cut = rng.randint(1, len(good) - 1)
            lines.append(good[:cut] + rng.choice([b"\xff", b"\xc3", b"\xc0\xaf", b"\xed\xa0\x80"]) + good[cut:])
            forbidden.add(secret)
        elif kind == "surrogate":
            lines.append(('{"id": %d, "text": "Dhr. %s \\ud800 %s"}' % (n, secret, "x" * rng.randint(0, 20))).encode())
            forbidden.add(secret)
        elif kind == "huge":
            text = f"Dhr. {secret} " + _random_text(rng, MAX_CHARS + rng.randint(1, 5000))
            lines.append(json.dumps({"id": n, "text": text}).encode())
            expected.append(n)
            planted[n] = secret
            must_withhold.add(n)
        elif kind == "repetitive":
            unit = rng.choice(["Laan van ", "Jan ", "Dhr. de ", "ab", "Laan\u200bvan\u200b"])
            text = f"{secret} " + unit * rng.randint(300, 1200)
            lines.append(json.dumps({"id": n, "text": text}).encode())
            expected.append(n)
            planted[n] = secret
            if " " in unit:
                must_withhold.add(n)
        elif kind == "nan":
            lines.append(
                ('{"id": %s, "text": "Mw. %s"}' % (rng.choice(["NaN", "Infinity", "-Infinity"]), secret)).encode()
            )
            forbidden.add(secret)
        elif kind == "duplicate":
            lines.append(('{"id": %d, "text": "ok", "text": "Mw. %s"}' % (n, secret)).encode())
            forbidden.add(secret)
        elif kind == "not_object":
            lines.append(json.dumps([n, f"Mw. {secret}"]).encode())
            forbidden.add(secret)
        elif kind == "deep":
            depth = rng.randint(5_000, 200_000)
            lines.append(b"[" * depth + json.dumps(secret).encode() + b"]" * depth)
            forbidden.add(secret)
        else:  # a good record whose deny names and own "withheld" must not be echoed
            lines.append(
                json.dumps(
                    {"id": n, "text": "Pt. belt terug.", "deny": [secret], "withheld": secret, "extra": secret}
                ).encode()
            )
            expected.append(n)
            forbidden.add(secret)  # only in fields that are never echoed
        if rng.random() < 0.1:
            lines.append(rng.choice([b"", b"   ", b"\t"]))  # blank lines are not records and not errors
    return b"\n".join(lines) + b"\n", expected, forbidden, planted, must_withhold


def _command(source: Path, target: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "transforms",
        "anonymise-text",
        "--input",
        str(source),
        "--output",
        str(target),
        "--processes",
        "2",
        "--worker-memory-mb",
        str(WORKER_MEMORY_MB),
        "--max-chars",
        str(MAX_CHARS),
        "--timeout",
        "5",
    ]


def test_fuzzed_cli_input(tmp_path):
    started = time.monotonic()
    data, expected, forbidden, planted, must_withhold = _build(random.Random(SEED))
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(data)
    env = dict(os.environ, PYTHONFAULTHANDLER="1")

    # killed while it runs: no output file at all (whole output or none)
    proc = subprocess.Popen(
        _command(source, target), cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob(".out.jsonl.*.tmp")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert not target.exists(), "a killed run left an output file"
    for leftover in tmp_path.glob(".out.jsonl.*.tmp"):
        leftover.unlink()

    # the full run
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.run(_command(source, target), cwd=REPO, env=env, capture_output=True, timeout=240)
    peak_mb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode in (0, 1), stderr[-2000:]
    assert "Traceback" not in stderr, stderr[-2000:]
    raw = target.read_bytes().decode("utf-8")  # valid UTF-8 as a whole

    def refuse(name):
        raise AssertionError(f"{name} written")

    out = [json.loads(line, parse_constant=refuse) for line in raw.splitlines()]
    assert [o["id"] for o in out] == expected, "every good record once, in order, nothing else"
    assert all(set(o) <= CONTRACT and o["status"] in ("ok", "withheld") for o in out)
    withheld = {o["id"] for o in out if o["status"] == "withheld"}
    assert must_withhold <= withheld
    assert all(o["text"] == "[TEKST ACHTERGEHOUDEN]" and o["entities"] == [] for o in out if o["id"] in withheld)
    for secret in forbidden | {planted[n] for n in withheld if n in planted}:
        assert secret not in raw and secret not in stderr, secret
    assert not any(secret in stderr for secret in planted.values())  # stderr never holds content
    assert proc.returncode == (1 if len(expected) < sum(1 for line in data.splitlines() if line.strip()) else 0)
    # a worker starts at the parent's size (DEDUCE loaded, ~1.3 GB) and may add WORKER_MEMORY_MB
    assert peak_mb < 2048 + WORKER_MEMORY_MB, f"peak resident memory of a child {peak_mb:.0f} MB"
    assert time.monotonic() - started < 120
