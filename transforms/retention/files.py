"""Files the pipeline itself makes that hold personal data outside the canonical model, under a retention class
like any record (``config/retention_policy.yml``, section ``pipeline_files``).

First kind: ``request_package``, the access / portability package of a subject request (an encrypted ZIP and
its review file) and the sealed password beside it: personal data of the person it answers, deleted when the
class ``request_packages`` says (30 days after delivery).

The room that makes such a file tracks it here (:func:`track_file`, at the moment its term starts); the
retention DAG's ``expire_files`` task (:func:`dispose_expired_files`) deletes every tracked file whose term
ended as of the run's date, appends one audit entry per class (counts and the files' SHA-256 digests, no
names, no content) and writes a certificate of destruction per class under
``<data_root>/retention/certificates/files__<as_of>/`` that ``audit verify`` checks like every other. The
registry (``<data_root>/retention/files/registry.json``) holds paths, digests, dates and the request id.

Only files under the data root are ever deleted: a registry entry pointing elsewhere is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy.engine import Engine

from transforms import settings
from transforms.retention.expiry import is_expired, term_ends_on
from transforms.retention.policy import RetentionPolicy, load_policy

log = logging.getLogger(__name__)

AUDIT_KIND = "retention.file_certificate"


class TrackedFileError(ValueError):
    """A file cannot be tracked or deleted as asked (the message names the kind and the class, no content)."""


def registry_path(data_root: Path | None = None) -> Path:
    return Path(data_root or settings.data_root()) / "retention" / "files" / "registry.json"


def _read(path: Path) -> list[dict]:
    return json.loads(path.read_text()) if path.exists() else []


def _write(path: Path, entries: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(entries, indent=2, sort_keys=True))
    os.replace(tmp, path)


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def class_of(kind: str, policy: RetentionPolicy | None = None) -> str:
    """The retention class of a kind of pipeline file (``TrackedFileError`` when the policy has none)."""
    policy = policy or load_policy()
    rule = policy.pipeline_files.get(kind)
    if rule is None:
        raise TrackedFileError(f"pipeline file kind {kind!r} has no retention class in the policy")
    return rule.class_


def track_file(
    kind: str,
    paths: Iterable[Path],
    *,
    anchored_on: dt.date,
    ref: str | None = None,
    data_root: Path | None = None,
    policy: RetentionPolicy | None = None,
) -> dict:
    """Put files under their kind's retention class from ``anchored_on`` (the day the term counts from,
    e.g. the delivery of a package). A path tracked before is re-tracked (its term starts again). Returns
    the registry entry (paths, digests, dates, ``ref``: an opaque id; no personal data)."""
    policy = policy or load_policy()
    class_id = class_of(kind, policy)
    cls = policy.retention_class(class_id)
    root = Path(data_root or settings.data_root()).resolve()
    files = [Path(p).resolve() for p in paths]
    outside = [p for p in files if root not in p.parents]
    if outside:
        raise TrackedFileError(f"{kind}: {len(outside)} file(s) outside the data root cannot be tracked")
    entry = {
        "kind": kind,
        "class": class_id,
        "ref": ref,
        "paths": [str(p) for p in files],
        "sha256": [_digest(p) for p in files],
        "anchored_on": anchored_on.isoformat(),
        "ends_on": term_ends_on(anchored_on, cls.counted_from, cls.term).isoformat(),
        "policy_version": policy.short_version,
        "deleted_on": None,
    }
    path = registry_path(data_root)
    keep = [e for e in _read(path) if not set(e["paths"]) & set(entry["paths"])]
    _write(path, [*keep, entry])
    return entry


def expired_files(as_of: dt.date, data_root: Path | None = None) -> list[dict]:
    """Tracked files whose term ended before ``as_of`` (kept through ``ends_on``) and not deleted yet."""
    return [
        e
        for e in _read(registry_path(data_root))
        if e["deleted_on"] is None and is_expired(dt.date.fromisoformat(e["ends_on"]), as_of)
    ]


def dispose_expired_files(
    engine: Engine,
    *,
    as_of: dt.date,
    now: dt.datetime,
    data_root: Path | None = None,
    policy: RetentionPolicy | None = None,
) -> dict:
    """Delete every tracked file past its term, then certify per class (audit entry + certificate text).
    Idempotent: a file already gone counts as deleted; a second run the same day finds nothing more.
    Returns counts per class and the certificate folder (JSON-safe, for XCom)."""
    from transforms.audit import chain
    from transforms.retention.certificates import certificate_folder, render_certificate

    policy = policy or load_policy()
    root = Path(data_root or settings.data_root()).resolve()
    path = registry_path(data_root)
    entries = _read(path)
    done: dict[str, list[dict]] = {}
    for entry in entries:
        if entry["deleted_on"] is not None or not is_expired(dt.date.fromisoformat(entry["ends_on"]), as_of):
            continue
        for file in map(Path, entry["paths"]):
            if root not in file.resolve().parents:
                raise TrackedFileError(f"{entry['kind']}: a registry entry points outside the data root; refused")
            file.unlink(missing_ok=True)
        entry["deleted_on"] = as_of.isoformat()
        done.setdefault(entry["class"], []).append(entry)
    _write(path, entries)  # the registry says deleted before the evidence is written: a crash re-certifies nothing
    folder = certificate_folder(f"files__{as_of.isoformat()}", data_root)
    certified = {}
    for class_id, gone in sorted(done.items()):
        cls = policy.retention_class(class_id)
        digests = sorted(d for e in gone for d in e["sha256"] if d)
        counts: dict[str, dict[str, int]] = {}
        for e in gone:
            bucket = counts.setdefault(f"pipeline.{e['kind']}", {})
            bucket["destroy:done"] = bucket.get("destroy:done", 0) + len(e["paths"])
        payload = {
            "plan_id": f"files__{as_of.isoformat()}",
            "class": class_id,
            "as_of": as_of.isoformat(),
            "policy_version": policy.content_hash,
            "basis": [b.ref for b in cls.basis],
            "term": str(cls.term),
            "action": cls.action,
            "approver": None,
            "counts": counts,
            "done": sum(len(e["paths"]) for e in gone),
            "hashed_ids": digests,  # SHA-256 of each deleted file: proves which files, says nothing of whom
            "refs": sorted({e["ref"] for e in gone if e.get("ref")}),
        }
        audit = chain.append(engine, AUDIT_KIND, payload, recorded_at=now)
        folder.mkdir(parents=True, exist_ok=True)
        text = render_certificate(payload, audit.seq, audit.entry_hash, head=chain.anchor(engine)["line"])
        (folder / f"{class_id}.txt").write_text(text, encoding="utf-8")
        certified[class_id] = payload["done"]
    if certified:
        log.info("pipeline files past their term deleted: %s", certified)
    return {"as_of": as_of.isoformat(), "deleted": certified, "folder": str(folder) if certified else None}
