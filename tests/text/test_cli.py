"""The command-line contract other parts of the pipeline rely on: python -m transforms anonymise-text."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from fixtures.text.notations import anonymise_text_process

REPO = Path(__file__).resolve().parents[2]


def _run_in_process(monkeypatch, stdin: str, *args: str) -> tuple[int, list[dict], str]:
    from transforms.cli import main

    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    status = main(["anonymise-text", *args])
    return status, [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_cli_subprocess_contract_bad_lines_exit_status_and_order():
    lines = [
        {"id": 1, "text": "Dhr. de Boer, tel. 06-12345678, element 36.", "deny": ["Jan de Boer"], "extra": [1, 2]},
        "this is not json",
        {"id": 3, "tekst": "no text field"},
        {"id": 4, "text": "Mail ayse.yilmaz@gmail.com, BSN 111.222.333."},
    ]
    stdin = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    proc = anonymise_text_process(stdin, timeout_s=300)
    assert proc.returncode == 1
    assert "line 2" in proc.stderr and "line 3" in proc.stderr
    assert "not json" not in proc.stderr  # the error names the line, never repeats its content
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["id"] for o in out] == [1, 4]
    first, last = out
    assert "extra" not in first and "deny" not in first  # only the contract's fields: id, text, entities, status
    assert "de Boer" not in first["text"] and "06-12345678" not in first["text"] and "element 36" in first["text"]
    original = lines[0]["text"]
    spans = {original[e["start"] : e["end"]] for e in first["entities"]}
    assert {"de Boer", "06-12345678"} <= spans
    assert all(set(e) == {"type", "start", "end", "score"} for e in first["entities"])
    assert "yilmaz" not in last["text"] and "111.222.333" not in last["text"]


def test_cli_clean_input_exits_zero_and_keeps_order(monkeypatch, tmp_path):
    records = [{"id": i, "text": f"Pt. {name} gebeld."} for i, name in enumerate(["Jansen", "de Vries", "Öztürk"])]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records))
    target = tmp_path / "out.jsonl"
    status, _, err = _run_in_process(monkeypatch, "", "--input", str(source), "--output", str(target))
    assert status == 0, err
    out = [json.loads(line) for line in target.read_text().splitlines()]
    assert [o["id"] for o in out] == [0, 1, 2]
    assert all("[PERSOON-1]" in o["text"] for o in out)


def test_cli_withheld_record_is_marked_not_passed_through(monkeypatch):
    status, out, _ = _run_in_process(
        monkeypatch, json.dumps({"text": "Dhr. de Boer " * 50}) + "\n", "--max-chars", "100"
    )
    assert status == 0
    assert out[0]["withheld"] == "oversize" and "Boer" not in out[0]["text"] and out[0]["entities"] == []


def test_cli_module_has_no_heavy_imports():
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, transforms.text.cli; "
            "sys.exit(any(m in sys.modules for m in ('presidio_analyzer', 'deduce', 'spacy')))",
        ],
        cwd=REPO,
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr


def test_cli_all_cores_path_same_output_in_order(monkeypatch):
    lines = [json.dumps({"id": i, "text": f"Pt. de Vries belt op 06-1234567{i}."}) for i in range(5)]
    stdin = "\n".join(lines[:2] + ["{broken"] + lines[2:]) + "\n"
    status, pooled, err = _run_in_process(monkeypatch, stdin, "--processes", "2")
    assert status == 1 and "line 3" in err
    _, single, _ = _run_in_process(monkeypatch, stdin, "--processes", "1")
    assert [o["id"] for o in pooled] == [0, 1, 2, 3, 4]
    assert pooled == single


def test_cli_names_each_bad_line_by_its_own_kind_and_reports_blank_lines(monkeypatch):
    """A duplicate key and NaN are reported as what they are (a user check saw both reported as 'a number too
    long'); blank lines are no records and no errors, but the run says how many and where, so a reader can tell why
    the output has fewer lines than the input."""
    stdin = '{"text": "a", "id": 1}\n\n   \n{"text": "b", "text": "c"}\n{"text": "d", "id": NaN}\n'
    status, out, err = _run_in_process(monkeypatch, stdin)
    assert status == 1 and [o["id"] for o in out] == [1]
    assert "line 4: not valid JSON for this contract (a key occurs twice)" in err
    assert "line 5: not valid JSON (NaN is not JSON)" in err
    assert "2 blank line(s) skipped, no records (line 2, 3)" in err
    assert '"b"' not in err and '"d"' not in err


@pytest.mark.parametrize(
    "args,env,message",
    [
        (["--processes", "-1"], {}, "--processes must be 0"),
        (["--input", "/nonexistent/notes.jsonl"], {}, "no such file"),
        (["--hash-types", "BSNN"], {"DCN_TEXT_HASH_KEY": "k" * 32}, "unknown type(s) BSNN"),
        (["--hash-types", "BSN"], {}, "needs a key"),
        (["--hash-types", "BSN"], {"DCN_TEXT_HASH_KEY": "kort"}, "too short"),
        (["--max-chars", "-5"], {}, "--max-chars must be a positive number"),
        (["--timeout", "-1"], {}, "--timeout must be a positive number"),
        (["--worker-memory-mb", "-3"], {}, "--worker-memory-mb must be 0"),
        (["--input", "/tmp"], {}, "a folder, not a file"),
        (["--output", "/tmp"], {}, "a folder; give the file to write"),
    ],
    ids=[
        "negative-processes",
        "missing-input",
        "unknown-hash-type",
        "no-hash-key",
        "short-hash-key",
        "negative-max-chars",
        "negative-timeout",
        "negative-worker-memory",
        "input-folder",
        "output-folder",
    ],
)
def test_cli_refuses_bad_options_in_one_line_with_status_2(monkeypatch, args, env, message):
    """A user's mistake in the options is one line on stderr and exit status 2, before any record is read: no
    traceback, and no output (issue 17, eighteenth round: the session's user check met three tracebacks)."""
    monkeypatch.delenv("DCN_TEXT_HASH_KEY", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    status, out, err = _run_in_process(monkeypatch, '{"text": "Dhr. de Boer"}\n', *args)
    assert status == 2
    assert out == []
    assert message in err and "Traceback" not in err and "de Boer" not in err
    assert len(err.strip().splitlines()) == 1
