"""Files the pipeline writes under a retention class (``pipeline_files``; first: subject-request packages,
class ``request_packages``): tracked when delivered, deleted and certified when the term ends, never a file
outside the data root."""

from __future__ import annotations

import datetime as dt

import pytest

from transforms import register
from transforms.audit import chain
from transforms.retention.files import (
    AUDIT_KIND,
    TrackedFileError,
    dispose_expired_files,
    expired_files,
    track_file,
)
from transforms.retention.policy import load_policy

NOW = dt.datetime(2027, 1, 2, 3, 0, tzinfo=dt.timezone.utc)


def test_the_policy_gives_request_packages_a_class_with_its_basis():
    policy = load_policy()
    assert policy.pipeline_files["request_package"].class_ == "request_packages"
    cls = policy.classes["request_packages"]
    assert str(cls.term) == "30 days" and cls.action == "destroy" and cls.approval == "auto"
    assert any("GDPR" in b.ref for b in cls.basis)


def test_a_package_is_deleted_the_day_after_its_term_and_certified(tmp_path):
    data = tmp_path / "data"
    folder = data / "requests" / "packages" / "REQ-AAAAAAAAAAAA" / "access"
    folder.mkdir(parents=True)
    files = [folder / "access-REQ-AAAAAAAAAAAA.zip", folder / "access-REQ-AAAAAAAAAAAA.review.json"]
    for f in files:
        f.write_bytes(b"encrypted bytes")
    entry = track_file(
        "request_package", files, anchored_on=dt.date(2026, 12, 1), ref="REQ-AAAAAAAAAAAA", data_root=data
    )
    assert entry["ends_on"] == "2026-12-31" and entry["class"] == "request_packages"
    engine = register.register_engine(f"sqlite:///{tmp_path / 'register.db'}")

    kept = dispose_expired_files(engine, as_of=dt.date(2026, 12, 31), now=NOW, data_root=data)
    assert kept["deleted"] == {} and all(f.exists() for f in files)
    gone = dispose_expired_files(engine, as_of=dt.date(2027, 1, 1), now=NOW, data_root=data)
    assert gone["deleted"] == {"request_packages": 2} and not any(f.exists() for f in files)
    assert expired_files(dt.date(2027, 6, 1), data) == []
    assert dispose_expired_files(engine, as_of=dt.date(2027, 1, 2), now=NOW, data_root=data)["deleted"] == {}

    [audit] = chain.entries(engine, kind=AUDIT_KIND)
    assert audit.payload["class"] == "request_packages" and audit.payload["done"] == 2
    assert audit.payload["refs"] == ["REQ-AAAAAAAAAAAA"] and len(audit.payload["hashed_ids"]) == 2
    certificate = (data / "retention" / "certificates" / "files__2027-01-01" / "request_packages.txt").read_text()
    assert "request_packages" in certificate and "GDPR art. 5(1)(e)" in certificate
    assert chain.verify(engine, data_root=data).ok  # the certificate's anchors check out


def test_nothing_outside_the_data_root_is_tracked(tmp_path):
    elsewhere = tmp_path / "elsewhere.zip"
    elsewhere.write_bytes(b"x")
    with pytest.raises(TrackedFileError, match="outside the data root"):
        track_file("request_package", [elsewhere], anchored_on=dt.date(2026, 12, 1), data_root=tmp_path / "data")
    with pytest.raises(TrackedFileError, match="no retention class"):
        track_file("something_else", [], anchored_on=dt.date(2026, 12, 1), data_root=tmp_path / "data")
