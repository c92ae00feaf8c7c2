"""Issue 12: a record destroyed earlier comes back (a backup restore) while a hold now covers it. The tombstones
keep it (the hold wins); verify reports it as kept by a hold instead of failing the night; the gate passes and
the certificate says what happened. SQLite and PostgreSQL registers; record and person holds."""

from __future__ import annotations

import shutil

import pytest

from tests.retention.conftest import AS_OF, NOW, claim_hold, dispose_night, world_on
from tests.retention.test_dispose import approve_all, live_keys, planned_keys, run, world  # noqa: F401
from transforms.retention import certificates, gate, verify
from transforms.retention.approval import auto_approve
from transforms.retention.plan import make_plan


@pytest.fixture(params=["sqlite", "postgresql"])
def night_world(request, world):
    with world_on(request.param, world) as w:
        yield w


def test_a_record_that_comes_back_under_a_hold_is_kept_and_the_night_completes(night_world, tmp_path):
    w = night_world
    approve_all(w)
    backup = tmp_path / "exquise-backup.db"
    shutil.copy(w["root"] / "exquise.db", backup)
    run(w, ["web_analytics", "camera_footage"])
    assert verify.verify_disposed(w["engine"], source_urls=w["urls"])["ok"]
    # night two: the backup comes back; a record hold on one hit, a category hold on camera footage in exquise
    shutil.copy(backup, w["root"] / "exquise.db")
    hits = sorted(planned_keys(w, "web_analytics", "web_hit", "hit_id")["exquise"])
    clips = planned_keys(w, "camera_footage", "camera_recording", "recording_id").get("exquise", set())
    claim_hold(w["engine"], "record", source_system="exquise", entity="web_hit", record_key=hits[0])
    claim_hold(w["engine"], "category", reason="incident", source_system="exquise", class_id="camera_footage")
    counts = verify.reapply_tombstones(w["engine"], source_urls=w["urls"], now=NOW, plan_id="d2")
    assert counts["exquise.web_hit.destroy"] == len(hits) - 1
    assert live_keys(w, "exquise", "web_hit") & set(hits) == {hits[0]}
    assert clips <= live_keys(w, "exquise", "camera_recording")  # the category hold keeps them all
    report = verify.verify_disposed(w["engine"], source_urls=w["urls"])
    assert report["ok"], report["problems"]  # the night goes on
    kept = {(k["class"], k["entity"]): k["kept"] for k in report["kept_by_hold"]}
    assert kept[("web_analytics", "web_hit")] == 1
    if clips:
        assert kept[("camera_footage", "camera_recording")] == len(clips)
    # night two's plan: the held record is not planned again; the gate passes; the certificate says it
    make_plan(AS_OF, register_url=w["register_url"], data_root=w["data"], plan_id="d2", created_at=NOW)
    auto_approve(w["engine"], "d2", decided_at=NOW)
    dispose_night(w, "d2")
    assert verify.verify_disposed(w["engine"], source_urls=w["urls"], data_root=w["data"])["ok"]
    gate.validate_plan(w["engine"], "d2", source_urls=w["urls"], data_root=w["data"])
    issued = certificates.certify_plan(w["engine"], "d2", now=NOW, data_root=w["root"] / "certs")
    text = (certificates.certificate_folder("d2", w["root"] / "certs") / "web_analytics.txt").read_text()
    assert "Came back, gone : %d" % (len(hits) - 1) in text
    assert "Came back, held : 1" in text
    assert "web_analytics" in issued["certificates"]
