"""The command line: place, list and lift holds; plan and inspect, without showing raw ids."""

from __future__ import annotations

import pytest

from tests.retention.conftest import AS_OF
from tests.retention.test_dispose import world  # noqa: F401 - fixture
from transforms.cli import main
from transforms.sources.staging import read_entity


@pytest.fixture
def env(practice, register_url, monkeypatch):
    monkeypatch.setenv("DCN_CONTROL_DB_URL", register_url)
    monkeypatch.setenv("DCN_DATA_ROOT", str(practice))
    return practice


def place_person_hold(*subject: str) -> int:
    """`holds place` of a person hold at Exquise (a claim, by fg); ``subject``: the further arguments."""
    command = ["holds", "place", "--scope", "person", "--source", "exquise", *subject]
    return main([*command, "--reason", "claim", "--by", "fg"])


def test_holds_place_list_lift(env, capsys):
    assert place_person_hold("--subject-kind", "patient", "--subject-key", "161", "--reference", "CASE-1") == 0
    hold_id = capsys.readouterr().out.strip()
    assert len(hold_id) == 32
    assert main(["holds", "list"]) == 0
    listing = capsys.readouterr().out
    assert hold_id in listing and "claim" in listing and " 161 " not in listing and "1 hold(s)" in listing
    assert main(["holds", "list", "--show-keys"]) == 0
    assert "patient 161" in capsys.readouterr().out
    assert main(["holds", "lift", hold_id, "--by", "fg"]) == 0
    capsys.readouterr()
    assert main(["holds", "list"]) == 0 and "0 hold(s)" in capsys.readouterr().out
    assert main(["holds", "list", "--all"]) == 0 and hold_id in capsys.readouterr().out
    # a person hold without a subject is refused with a clear message and exit code 2
    assert place_person_hold("--subject-kind", "patient") == 2
    assert "a person hold needs subject_key" in capsys.readouterr().out
    assert place_person_hold("--subject-kind", "pateint", "--subject-key", "1") == 2
    assert "unknown subject kind 'pateint'" in capsys.readouterr().out


def test_retention_plan_show_and_list(env, capsys):
    assert main(["retention", "plan", "--as-of", AS_OF.isoformat(), "--plan-id", "cli-plan"]) == 0
    out = capsys.readouterr().out
    assert "plan cli-plan  as of 2026-11-01" in out and "camera_footage" in out and "needs approval:" in out
    assert main(["retention", "show", "cli-plan", "--items", "--class", "web_analytics"]) == 0
    out = capsys.readouterr().out
    rows = [line.split("\t") for line in out.splitlines() if line.startswith("web_analytics\t")]
    assert rows and all(len(r[3]) == 64 for r in rows)
    hits = read_entity("web_hit", "hit_id", data_root=env)
    assert not any(str(k) in {r[3] for r in rows} for k in hits["hit_id"])
    assert main(["retention", "list"]) == 0 and "cli-plan" in capsys.readouterr().out
    assert main(["retention", "show", "no-such-plan"]) == 2 and "no plan no-such-plan" in capsys.readouterr().out


def test_retention_plan_needs_an_explicit_date(env, capsys):
    with pytest.raises(SystemExit):
        main(["retention", "plan"])
    assert main(["retention", "plan", "--as-of", "2026-11-01T02:00:00"]) == 2
    assert "naive" in capsys.readouterr().out


def test_full_cycle_from_the_command_line(pristine, tmp_path, monkeypatch, capsys):
    """plan -> approve -> archive -> dispose -> verify -> certify, as an operator would without Airflow."""
    root = _world(pristine, tmp_path, monkeypatch)
    assert main(["retention", "approve", "d1", "--by", "j.devries (FG)"]) == 0
    assert "dental_file                  approved" in capsys.readouterr().out
    assert main(["retention", "archive", "d1", "--archive-root", str(root / "arch")]) == 0
    assert "dental_file" in capsys.readouterr().out
    media = [f"--media={n}={root / 'media' / n}" for n in ("exquise", "oase")]
    assert main(["retention", "dispose", "d1", *media, "--archive-root", str(root / "arch")]) == 0
    out = capsys.readouterr().out
    assert "camera_footage" in out and "dependent records still in the live system" in out
    assert main(["retention", "verify", "--archive-root", str(root / "arch")]) == 0
    assert "nothing left" in capsys.readouterr().out
    assert main(["retention", "validate", "d1"]) == 0  # certify requires the gate's pass
    capsys.readouterr()
    assert main(["retention", "certify", "d1", "camera_footage"]) == 0
    single = capsys.readouterr().out
    assert "CERTIFICATE OF DESTRUCTION" in single
    # the whole plan, as the DAG's certify task does it: every approved class, written beside the data
    assert main(["retention", "certify", "d1", "--approver", "someone"]) == 2  # names one class's approver only
    capsys.readouterr()
    assert main(["retention", "certify", "d1"]) == 0
    out = capsys.readouterr().out
    folder = root / "data" / "retention" / "certificates" / "d1"
    assert "camera_footage" in out and "dental_file" in out and "audit chain intact" in out
    # certified once: the same certificate, now anchoring the head after the whole plan's certificates
    written = (folder / "camera_footage.txt").read_text(encoding="utf-8")
    assert [x for x in written.splitlines() if not x.startswith("Audit head")] == [
        x for x in single.splitlines() if not x.startswith("Audit head")
    ]
    from transforms import register
    from transforms.audit import chain

    assert chain.anchor(register.register_engine())["line"] in written
    assert "Approved by     : j.devries (FG)" in (folder / "dental_file.txt").read_text(encoding="utf-8")
    assert main(["audit", "verify"]) == 0
    assert main(["retention", "list"]) == 0 and "disposed" in capsys.readouterr().out


# Runs the real command line in a child process whose disposal waits (after the CLI took the lease) until the
# test says go, so the second process deterministically arrives while the first holds the lease.
HOLDING_DISPOSE = """
import sys, time
from pathlib import Path
from transforms.retention import dispose
real = dispose.dispose_plan
def holding(*args, **kwargs):
    Path(sys.argv[1]).write_text("holding")
    deadline = time.monotonic() + 120
    while not Path(sys.argv[2]).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return real(*args, **kwargs)
dispose.dispose_plan = holding
from transforms.cli import main
sys.exit(main(sys.argv[3:]))
"""


def _world(pristine, tmp_path, monkeypatch):
    import shutil

    root = tmp_path / "w"
    shutil.copytree(pristine, root)
    monkeypatch.setenv("DCN_CONTROL_DB_URL", f"sqlite:///{root / 'register.db'}")
    monkeypatch.setenv("DCN_DATA_ROOT", str(root / "data"))
    for name in ("exquise", "oase"):
        monkeypatch.setenv(f"DCN_SOURCE_{name.upper()}_URL", f"sqlite:///{root / (name + '.db')}")
    return root


def test_two_concurrent_disposals_one_runs_the_other_is_told_and_exits_2(pristine, tmp_path, monkeypatch, capsys):
    import os
    import subprocess
    import sys
    import time

    root = _world(pristine, tmp_path, monkeypatch)
    assert main(["retention", "approve", "d1", "--by", "fg"]) == 0
    capsys.readouterr()
    command = ["retention", "dispose", "d1", *[f"--media={n}={root / 'media' / n}" for n in ("exquise", "oase")]]
    ready, go = tmp_path / "ready", tmp_path / "go"
    first = subprocess.Popen(
        [sys.executable, "-c", HOLDING_DISPOSE, str(ready), str(go), *command],
        env=dict(os.environ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not ready.exists():
            assert first.poll() is None and time.monotonic() < deadline, first.communicate()
            time.sleep(0.1)
        second = subprocess.run(
            [sys.executable, "-m", "transforms", *command],
            env=dict(os.environ),
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        go.write_text("go")
        out, err = first.communicate(timeout=300)
    assert second.returncode == 2, second.stdout + second.stderr
    assert second.stdout.startswith("error: another retention run holds the lease until ")
    assert f"(command line: retention dispose d1 pid {first.pid}@" in second.stdout
    assert len(second.stdout.strip().splitlines()) == 1
    assert "Traceback" not in second.stderr and "IntegrityError" not in second.stdout + second.stderr
    assert first.returncode == 0, out + err
    assert "camera_footage" in out
    # the winner released the lease: a later disposal runs (and finds everything done)
    assert main(command) == 0
    assert "already" in capsys.readouterr().out


def test_certify_refuses_unless_the_gate_passed_after_the_latest_disposal(world, monkeypatch, capsys):
    """`retention certify` wrote certificates after `validate` failed: it must refuse, in one line, exit 2."""
    from sqlalchemy import MetaData, Table, create_engine, select

    from tests.retention.test_dispose import NOW, SOURCES, planned_keys
    from tests.retention.test_gate import ROUTINE, carry_out
    from transforms.audit import chain
    from transforms.retention import certificates, dispose, gate
    from transforms.retention.approval import decide

    w = world
    monkeypatch.setenv("DCN_CONTROL_DB_URL", w["register_url"])
    monkeypatch.setenv("DCN_DATA_ROOT", str(w["data"]))
    for name, url in w["urls"].items():
        monkeypatch.setenv(f"DCN_SOURCE_{name.upper()}_URL", url)
    folder = certificates.certificate_folder("d1", w["data"])

    def refused(*command: str) -> str:
        assert main(["retention", "certify", "d1", *command]) == 2
        out = capsys.readouterr().out
        assert len(out.splitlines()) == 1 and out.startswith("error: the retention gate ")
        assert not folder.exists() or not any(folder.iterdir())
        assert not list(chain.entries(w["engine"], kind="retention.certificate"))
        return out.strip()

    live = create_engine(w["urls"]["exquise"])
    mapping = SOURCES["exquise"].entities["web_hit"]
    table = Table(mapping.table, MetaData(), autoload_with=live)
    key = table.c[mapping.columns["hit_id"].column]
    hit = sorted(planned_keys(w, "web_analytics", "web_hit", "hit_id")["exquise"], key=int)[0]
    with live.connect() as conn:
        row = dict(conn.execute(select(table).where(key == int(hit))).one()._mapping)
    carry_out(w, ROUTINE)
    # never validated
    assert refused() == (
        "error: the retention gate has not run for plan d1: run `retention validate d1` first; no certificate written"
    )
    refused("camera_footage")  # one class: the same rule
    # validated and failed: an overdue, unheld record is back in the live system
    with live.begin() as conn:
        conn.execute(table.insert().values(row))
    assert main(["retention", "validate", "d1"]) == 1
    capsys.readouterr()
    assert "the retention gate failed for plan d1" in refused()
    with pytest.raises(gate.GateNotPassed, match="failed"):  # the DAG's certify task runs certify_plan
        certificates.certify_plan(w["engine"], "d1", now=NOW, data_root=w["data"])
    # passed, then another disposal of the plan: the pass no longer covers what was done
    with live.begin() as conn:
        conn.execute(table.delete().where(key == int(hit)))
    live.dispose()
    assert main(["retention", "validate", "d1"]) == 0
    capsys.readouterr()
    decide(w["engine"], "d1", decided_by="fg", decided_at=NOW, approve=["applicants_without_consent"])
    dispose.dispose_class(
        w["engine"],
        "d1",
        "applicants_without_consent",
        source_urls=w["urls"],
        now=NOW,
        data_root=w["data"],
        media_roots=w["media"],
    )
    message = refused()
    assert "passed for plan d1" in message and "before its latest disposal" in message
    # validated again after the latest disposal: certificates are issued
    assert main(["retention", "validate", "d1"]) == 0
    capsys.readouterr()
    assert main(["retention", "certify", "d1"]) == 0
    assert "audit chain intact" in capsys.readouterr().out
    assert (folder / "applicants_without_consent.txt").exists() and (folder / "camera_footage.txt").exists()
