"""Hostile input to the anonymise-text CLI: bad lines skipped by number, output all or nothing, only the
contract's fields, valid JSON."""

from __future__ import annotations

import io
import json
import sys

import pytest

CONTRACT = {"id", "text", "entities", "status", "withheld"}


def _strict(line: str) -> dict:
    def refuse(name):
        raise ValueError(f"{name} in output")

    return json.loads(line, parse_constant=refuse)


def _run(monkeypatch, stdin: bytes, *args: str) -> tuple[int, str]:
    from transforms.cli import main

    err = io.StringIO()
    fake = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    monkeypatch.setattr(sys, "stderr", err)
    return main(["anonymise-text", *args]), err.getvalue()


def test_lone_surrogate_and_invalid_byte_lines_are_reported_by_number_and_skipped(monkeypatch, tmp_path):
    lines = [
        json.dumps({"id": 1, "text": "Pt. Jansen gebeld."}).encode(),
        b'{"id": 2, "text": "Mw. Pietersen \\ud800 belt"}',  # a lone surrogate (escaped)
        json.dumps({"id": 3, "text": "Mw. Smits"}).encode()[:-2] + b'\xff"}',  # one invalid byte
        json.dumps({"id": 4, "text": "Dhr. Bakker komt."}).encode(),
    ]
    target = tmp_path / "out.jsonl"
    status, err = _run(monkeypatch, b"\n".join(lines) + b"\n", "--output", str(target))
    assert status == 1
    assert "line 2" in err and "line 3" in err and "line 1" not in err and "line 4" not in err
    assert "Pietersen" not in err and "Smits" not in err
    out = [_strict(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [o["id"] for o in out] == [1, 4]


def test_output_file_is_never_half_written(monkeypatch, tmp_path):
    from transforms.text import engine as engine_module

    target = tmp_path / "out.jsonl"
    target.write_text("earlier output\n")
    calls = {"n": 0}
    real = engine_module.TextAnonymiser.anonymise

    def dying(self, text, deny=()):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # a stop in the middle of the run
        return real(self, text, deny)

    monkeypatch.setattr(engine_module.TextAnonymiser, "anonymise", dying)
    monkeypatch.setattr("transforms.text.cli.BLOCK_LINES", 2)  # blocks 1-2 written, block 3-4 dies
    stdin = "".join(json.dumps({"id": i, "text": f"Pt. de Vries {i}"}) + "\n" for i in range(4)).encode()
    with pytest.raises(KeyboardInterrupt):
        _run(monkeypatch, stdin, "--output", str(target))
    assert target.read_text() == "earlier output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"], "no temporary file left behind"


def test_only_the_contract_fields_are_written_and_json_is_valid(monkeypatch, tmp_path):
    records = [
        {
            "id": "a",
            "text": "Dhr. de Boer belt.",
            "deny": ["Jan de Boer", "Hendrika Zwanenburg"],
            "withheld": "no",
            "status": "ok",
            "bsn": "111222333",
            "extra": {"x": 1},
        },
        {"text": "Dhr. de Boer " * 20, "withheld": "caller-said-so"},
    ]
    stdin = "".join(json.dumps(r) + "\n" for r in records).encode()
    stdin += b'{"id": NaN, "text": "x"}\n{"id": 1, "text": "a", "text": "Dhr. Zwanenburg"}\n{"id": [1], "text": "b"}\n'
    target = tmp_path / "out.jsonl"
    status, err = _run(monkeypatch, stdin, "--output", str(target), "--max-chars", "100")
    assert status == 1 and all(f"line {n}" in err for n in (3, 4, 5))
    raw = target.read_text(encoding="utf-8")
    assert "Zwanenburg" not in raw and "111222333" not in raw and "caller-said-so" not in raw
    assert "NaN" not in raw and "Infinity" not in raw
    first, second = (_strict(line) for line in raw.splitlines())
    assert set(first) <= CONTRACT and set(second) <= CONTRACT
    assert first["id"] == "a" and first["status"] == "ok" and "withheld" not in first
    assert "id" not in second and second["status"] == "withheld" and second["withheld"] == "oversize"


def test_stdout_gets_whole_lines_only(monkeypatch):
    from transforms.cli import main

    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"text": "a\\udfff"}\n{"text": "ok"}\n')))
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    assert main(["anonymise-text"]) == 1 and "line 1" in err.getvalue()
    assert [_strict(line)["text"] for line in out.getvalue().splitlines()] == ["ok"]


def test_a_byte_order_mark_opening_the_file_loses_no_record(monkeypatch, tmp_path):
    """Windows and spreadsheet exports open with a BOM: the first record is read, not reported as bad JSON."""
    lines = [json.dumps({"id": 1, "text": "Dhr. Jansen belde."}), json.dumps({"id": 2, "text": "Mw. Smits komt."})]
    target = tmp_path / "out.jsonl"
    status, err = _run(monkeypatch, "\ufeff".encode() + "\n".join(lines).encode() + b"\n", "--output", str(target))
    assert status == 0, err
    out = [_strict(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [o["id"] for o in out] == [1, 2]
    assert "Jansen" not in out[0]["text"]


def test_a_number_too_long_an_infinite_id_and_a_deny_that_is_no_list_spoil_their_line_only(monkeypatch, tmp_path):
    """A user check (issue 17, eighth round): an integer of 5,000 digits stopped the whole run with a traceback,
    'id': 1e999 came back as null, and a 'deny' that was a string or held numbers was taken without a word."""
    lines = [
        json.dumps({"id": 1, "text": "Pt. Jansen gebeld."}).encode(),
        b'{"id": 2, "text": "Mw. Pietersen", "deny": ' + b"9" * 5000 + b"}",
        b'{"id": 1e999, "text": "Mw. Smits"}',
        json.dumps({"id": 4, "text": "Mw. Bakker", "deny": "Bakker"}).encode(),
        json.dumps({"id": 5, "text": "Mw. Visser", "deny": ["Visser", 3]}).encode(),
        json.dumps({"id": 6, "text": "Dhr. de Vries komt.", "deny": ["de Vries"]}).encode(),
    ]
    target = tmp_path / "out.jsonl"
    status, err = _run(monkeypatch, b"\n".join(lines) + b"\n", "--output", str(target))
    assert status == 1
    assert "line 2: not valid JSON for this contract (a number too long)" in err
    assert 'line 3: "id" is not a finite number' in err
    assert 'line 4: "deny" is not a list of strings' in err and 'line 5: "deny" is not a list of strings' in err
    assert not any(name in err for name in ("Pietersen", "Smits", "Bakker", "Visser", "Traceback"))
    out = [_strict(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [o["id"] for o in out] == [1, 6]
