"""The keyed audit chain: an empty or cut-off log is not intact, an edited-and-rehashed or forged entry is
caught without the key, certificates anchor the head outside the register, duplicate payload keys are refused,
and an old unkeyed chain is sealed once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from transforms import register
from transforms.audit import chain
from transforms.cli import main

from .test_audit import T0, fill, tamper
from .test_dispose import world  # noqa: F401 - fixture


@pytest.fixture
def engine(register_url):
    return register.register_engine(register_url)


def _insert(
    engine,
    seq: int,
    prev: str,
    digest: str,
    payload: str,
    kind: str = "retention.certificate",
    recorded: dt.datetime | None = None,
) -> None:
    recorded = (recorded or T0 + dt.timedelta(minutes=seq)).replace(tzinfo=None)
    tamper(
        engine,
        f"INSERT INTO audit_log (seq, kind, recorded_at, payload, prev_hash, entry_hash) VALUES "
        f"({seq}, '{kind}', '{recorded:%Y-%m-%d %H:%M:%S.000000}', '{payload}', '{prev}', '{digest}')",
    )


def test_an_empty_log_is_not_reported_intact(engine, register_url, monkeypatch, capsys, tmp_path):
    result = chain.verify(engine, data_root=tmp_path)
    assert not result.ok and any("empty" in p for p in result.problems)
    monkeypatch.setenv("DCN_CONTROL_DB_URL", register_url)
    monkeypatch.setenv("DCN_DATA_ROOT", str(tmp_path))
    assert main(["audit", "verify"]) == 1
    assert "BROKEN" in capsys.readouterr().out


def test_edited_entry_with_the_rest_rehashed_is_caught(engine, tmp_path):
    written = fill(engine)
    # the attacker rewrites entry 3 and every entry after it with the algorithm, not knowing the key
    prev = written[1].entry_hash
    for e in written[2:]:
        payload = chain.canonical_json({**e.payload, "destroyed": 99} if e.seq == 3 else e.payload)
        digest = chain.keyed_hash(
            b"a guess at the key, long enough 0123456789",
            prev,
            e.seq,
            e.kind,
            e.recorded_at.replace(tzinfo=None),
            payload,
        )
        tamper(engine, f"DELETE FROM audit_log WHERE seq = {e.seq}")
        _insert(engine, e.seq, prev, digest, payload, recorded=e.recorded_at)
        prev = digest
    result = chain.verify(engine, data_root=tmp_path)
    assert not result.ok
    assert {f"entry {n}: content does not match its hash (edited)" for n in (3, 4, 5)} <= set(result.problems)
    # and the plain SHA-256 of the old scheme does not pass either, after keyed entries
    tamper(engine, "DELETE FROM audit_log WHERE seq >= 3")
    prev = written[1].entry_hash
    for e in written[2:]:
        payload = chain.canonical_json(e.payload)
        digest = chain.entry_hash(prev, e.seq, e.kind, e.recorded_at.replace(tzinfo=None), payload)
        _insert(engine, e.seq, prev, digest, payload, recorded=e.recorded_at)
        prev = digest
    result = chain.verify(engine, data_root=tmp_path)
    assert (
        not result.ok
        and "entry 3: not keyed, after keyed entries (forged or written without the key)" in result.problems
    )


def test_appended_forged_entries_are_caught(engine, tmp_path):
    written = fill(engine, 3)
    payload = chain.canonical_json({"class": "camera_footage", "destroyed": 1000, "hashed_ids": []})
    plain = chain.entry_hash(written[-1].entry_hash, 4, "retention.certificate", T0.replace(tzinfo=None), payload)
    _insert(engine, 4, written[-1].entry_hash, plain, payload, recorded=T0)
    assert not chain.verify(engine, data_root=tmp_path).ok
    tamper(engine, "DELETE FROM audit_log WHERE seq = 4")
    assert chain.verify(engine, data_root=tmp_path).ok
    # written with another key (an attacker's own register, copied over)
    chain.append(engine, "retention.certificate", {"forged": True}, recorded_at=T0)
    good = chain.verify(engine, data_root=tmp_path)
    assert good.ok
    assert not chain.verify(engine, data_root=tmp_path, key=b"another key, equally long 0123456789abcdef").ok


def test_certificates_anchor_the_head_and_a_cut_off_tail_is_caught(engine, tmp_path, register_url, monkeypatch, capsys):
    written = fill(engine)
    folder = tmp_path / "retention" / "certificates" / "plan-1"
    folder.mkdir(parents=True)
    # what transforms.retention.dispose.render_certificate prints today, plus the head line anchor() offers
    (folder / "camera_footage.txt").write_text(
        "CERTIFICATE OF DESTRUCTION - Dental Clinics Nederland\n"
        f"Audit entry     : #{written[3].seq} {written[3].entry_hash}\n"
        f"{chain.anchor(engine)['line']}\n"
    )
    assert chain.anchor(engine)["seq"] == 5
    result = chain.verify(engine, data_root=tmp_path)
    assert result.ok and result.anchors == 2
    tamper(engine, "DELETE FROM audit_log WHERE seq = 5")  # the tail cut off ...
    result = chain.verify(engine, data_root=tmp_path)
    assert not result.ok  # ... caught by the certificate's head
    assert any(p.startswith("anchor #5 (plan-1/camera_footage.txt): entry missing") for p in result.problems)
    assert chain.verify(engine, data_root=tmp_path, anchors=()).ok  # without anchors: internally consistent
    monkeypatch.setenv("DCN_CONTROL_DB_URL", register_url)
    assert main(["audit", "verify", "--data-root", str(tmp_path)]) == 1
    assert "anchor #5" in capsys.readouterr().out
    tamper(engine, "DELETE FROM audit_log")  # everything gone
    assert not chain.verify(engine, data_root=tmp_path).ok


def test_a_payload_with_a_duplicate_key_is_refused(engine, tmp_path):
    written = fill(engine, 2)
    payload = '{"class":"camera_footage","destroyed":1,"destroyed":1000}'
    # even with the right key: the HMAC covers what Python reads, SQLite's json_extract reads the first
    digest = chain.keyed_hash(
        chain.audit_key(),
        written[-1].entry_hash,
        3,
        "x",
        T0.replace(tzinfo=None),
        '{"class":"camera_footage","destroyed":1000}',
    )
    _insert(engine, 3, written[-1].entry_hash, digest, payload, kind="x", recorded=T0)
    result = chain.verify(engine, data_root=tmp_path)
    assert not result.ok and "entry 3: payload has a duplicate key (reads differently in SQL)" in result.problems
    with pytest.raises(chain.AuditError, match="twice"):
        list(chain.entries(engine))


def test_an_old_unkeyed_chain_is_reported_then_sealed(engine, tmp_path, register_url, monkeypatch, capsys):
    chain.ensure_audit_table(engine)
    prev = chain.GENESIS
    for seq in (1, 2, 3):
        payload = chain.canonical_json({"old": seq})
        digest = chain.entry_hash(
            prev, seq, "retention.certificate", (T0 + dt.timedelta(minutes=seq)).replace(tzinfo=None), payload
        )
        _insert(engine, seq, prev, digest, payload)
        prev = digest
    result = chain.verify(engine, data_root=tmp_path)
    assert not result.ok and result.legacy_entries == 3 and "audit seal" in result.problems[0]
    monkeypatch.setenv("DCN_CONTROL_DB_URL", register_url)
    assert main(["audit", "seal"]) == 0 and "sealed 3" in capsys.readouterr().out
    result = chain.verify(engine, data_root=tmp_path)
    assert result.ok and result.entries == 4 and result.legacy_entries == 3
    assert main(["audit", "seal"]) == 0 and "nothing to seal" in capsys.readouterr().out
    # after the seal an unkeyed entry is a forgery
    payload = chain.canonical_json({"old": 5})
    head = result.head_hash
    _insert(
        engine,
        5,
        head,
        chain.entry_hash(
            head, 5, "retention.certificate", (T0 + dt.timedelta(minutes=5)).replace(tzinfo=None), payload
        ),
        payload,
    )
    assert not chain.verify(engine, data_root=tmp_path).ok


def test_the_local_key_file_is_made_once_and_private(tmp_path, monkeypatch):
    monkeypatch.delenv("DCN_AUDIT_KEY", raising=False)
    monkeypatch.setenv("DCN_AUDIT_KEY_FILE", str(tmp_path / "secrets" / "audit.key"))
    assert chain.audit_key() is None
    key = chain.audit_key(create=True)
    path = Path(tmp_path / "secrets" / "audit.key")
    assert path.exists() and (path.stat().st_mode & 0o777) == 0o600 and len(key) >= 32
    assert chain.audit_key(create=True) == key


def test_certificates_carry_the_head_so_a_tail_cut_after_the_newest_is_caught(world):
    """`audit verify` checks every certificate's anchors: the `Audit head` line each certificate now carries
    covers entries after its own, which the `Audit entry` line alone cannot."""
    from transforms.retention import certificates

    from .test_dispose import NOW
    from .test_gate import ROUTINE, carry_out, validate

    w, engine = world, world["engine"]
    carry_out(w, ROUTINE)
    validate(w)
    certificates.certify_plan(engine, "d1", now=NOW, data_root=w["data"])
    path = certificates.certificate_folder("d1", w["data"]) / "camera_footage.txt"
    assert chain.anchor(engine)["line"] in path.read_text(encoding="utf-8")
    # work recorded after the certificates (expire-archives runs after certify), then the certify step again
    # (a retried task, an operator): the same certificates, anchoring the head as it is now
    chain.append(engine, "retention.archive_expired", {"plan_id": "d1", "classes": {}}, recorded_at=NOW)
    certificates.certify_plan(engine, "d1", now=NOW, data_root=w["data"])
    head = chain.anchor(engine)
    assert head["line"] in path.read_text(encoding="utf-8")
    assert chain.verify(engine, data_root=w["data"]).ok
    # the attacker drops the trigger and cuts the tail after the newest certificate's entry
    tamper(engine, f"DELETE FROM audit_log WHERE seq = {head['seq']}")
    assert chain.verify(engine, data_root=w["data"], anchors=()).ok  # the register alone looks intact
    result = chain.verify(engine, data_root=w["data"])
    assert not result.ok
    assert (
        f"anchor #{head['seq']} (d1/camera_footage.txt): entry missing in the chain (cut off or rewritten)"
        in result.problems
    )
    # ... or replaces it with another entry that is valid in itself: the anchored hash no longer matches
    chain.append(engine, "retention.archive_expired", {"plan_id": "d1", "classes": {"x": 1}}, recorded_at=NOW)
    result = chain.verify(engine, data_root=w["data"])
    assert not result.ok and any(
        p.startswith(f"anchor #{head['seq']} (d1/") and "has another hash" in p for p in result.problems
    )
