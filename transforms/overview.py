"""What the pipeline did last, in counts and paths only: the one summary the demo prints and the Airflow
privacy page shows (``plugins/dcn_airflow/privacy_page.py``).

Every function reads what the stages already wrote (run manifest, text report, research risk reports, the
privacy register) and returns plain dicts; none of them holds a value of a record.
"""

from __future__ import annotations

import json
from pathlib import Path


def staging(data_root: Path | None = None) -> dict | None:
    """The newest staging run's manifest: rows and quarantine per source, the source gate's counts."""
    from transforms.kernel.staging import run_manifest_path

    runs = sorted(run_manifest_path("*", data_root).parent.glob("*.json"))
    if not runs:
        return None
    manifest = json.loads(runs[-1].read_text())
    quality = manifest.get("quality") or {}
    return {
        "run_key": manifest["run_key"],
        "rows": manifest["rows"],
        "quarantined": manifest["quarantined"],
        "sources": [
            {
                "source": s["source"],
                "rows": s["rows"],
                "quarantined": {name: e["reasons"] for name, e in s["entities"].items() if e["quarantined"]},
            }
            for s in manifest["sources"]
        ],
        "quality": {
            "batches": quality.get("batches", 0),
            "rows_quarantined": quality.get("rows_quarantined", 0),
            "failed": sorted({f["expectation"] for f in quality.get("failed", [])}),
            "data_docs": quality.get("data_docs"),
        },
    }


def text(data_root: Path | None = None) -> dict | None:
    """The text anonymiser's last report: records per entity and how many were withheld."""
    from transforms.text.staged import output_dir

    path = output_dir(data_root) / "report.json"
    if not path.exists():
        return None
    report = json.loads(path.read_text())
    return {
        "entities": {e["entity"]: e["records"] for e in report["entities"]},
        "withheld": report["withheld"],
        "output": report["output"],
    }


def research(data_root: Path | None = None) -> list[dict]:
    """Every research dataset's current release: version, path and the headline of its risk report."""
    from transforms.research import current_release, load_datasets

    headline = (
        "rows_in",
        "rows_out",
        "suppressed",
        "excluded",
        "excluded_by_reason",
        "k_configured",
        "k_reached",
        "highest_prosecutor_risk",
        "average_prosecutor_risk",
    )
    releases = []
    for name in sorted(load_datasets()):
        release = current_release(name, data_root)
        entry: dict = {"dataset": name, "release": str(release) if release else None}
        if release is not None and (release / "risk_report.json").exists():
            report = json.loads((release / "risk_report.json").read_text())
            entry["version"] = release.name
            entry["tables"] = {
                table: {key: figures.get(key) for key in headline}
                for table, figures in report.get("tables", {}).items()
            }
        releases.append(entry)
    return releases


def retention(register_url: str | None = None) -> dict | None:
    """The newest retention plan per class (destroy / archive / minimise / held; its decision and whether a
    certificate of destruction was written: an approved class is not "carried out" until it is certified),
    what its staging purge removed from the pipeline's own copies, and whether the audit chain is intact."""
    from transforms import register
    from transforms.audit import chain
    from transforms.retention import approval
    from transforms.retention.certificates import certificate_folder, certified
    from transforms.retention.plan import list_plans, load_plan

    engine = register.register_engine(register_url)
    try:
        plans = list_plans(engine, limit=1)
        if not plans:
            return None
        plan = load_plan(engine, plans[0]["plan_id"])
        decided = approval.decisions(engine, plan.plan_id)
        certificates = {class_id for plan_id, class_id in certified(engine) if plan_id == plan.plan_id}
        verification = chain.verify(engine)
        places = next(
            (
                entry.payload["places"]
                for entry in chain.entries(engine, kind="retention.staging_purge")
                if entry.payload.get("plan_id") == plan.plan_id
            ),
            {},
        )
        # research releases and quarantine partitions removed under their copy rules (folders, rows) and
        # partitions trimmed to their held rows (their removed rows are in ``rows`` too)
        copies_removed: dict[str, dict[str, int]] = {}
        for entry in chain.entries(engine, kind="retention.copies_removed"):
            if entry.payload.get("plan_id") == plan.plan_id:
                for class_id, counts in entry.payload["classes"].items():
                    total = copies_removed.setdefault(class_id, {"folders": 0, "rows": 0, "trimmed": 0})
                    total["folders"] += counts.get("folders", 0)
                    total["rows"] += counts.get("rows", 0) + counts.get("trimmed_rows", 0)
                    total["trimmed"] += counts.get("trimmed", 0)
    finally:
        engine.dispose()
    purged: dict[str, int] = {}  # "staging removed", "anonymised_text removed", "staging emptied", ...
    for place, actions in places.items():
        for action, rows in actions.items():
            label = f"{place.split('.')[0]} {action}"
            purged[label] = purged.get(label, 0) + rows
    return {
        "plan_id": plan.plan_id,
        "as_of": plan.as_of.isoformat(),
        "status": plan.status,
        "policy_version": plan.policy_version,
        "classes": {
            class_id: {
                "destroy": c.dispose,
                "archive": c.archive,
                "minimise": c.minimise,
                "held": c.held,
                # a certificate entry is in the audit chain (written after the retention gate passed)
                "certified": class_id in certificates,
                # approved | rejected | unanswered (the gate timed out) | None (awaits an answer), and by whom
                "decision": decided.get(class_id, {}).get("decision"),
                "decided_by": decided.get(class_id, {}).get("by"),
            }
            for class_id, c in sorted(plan.classes.items())
            if c.dispose or c.archive or c.minimise or c.held
        },
        # nothing stays silently: records counted from a fallback trigger, with no trigger at all, quarantined
        # rows no term can be computed for, and vendor stamps older than the records' own entries
        "not_judged": {
            class_id: {
                "no_trigger": c.no_trigger,
                "fallback": sum(c.fallback.values()),
                "quarantined": {s: sum(e.values()) for s, e in sorted(c.unjudged.items())},
            }
            for class_id, c in sorted(plan.classes.items())
            if c.no_trigger or c.fallback or c.unjudged
        },
        "stamps_corrected": {
            stamp: per_source for c in plan.classes.values() for stamp, per_source in c.stamps_corrected.items()
        },
        "staging_purge": dict(sorted(purged.items())),
        "copies_removed": dict(sorted(copies_removed.items())),  # what left the pipeline's own copies, in rows
        "certificates": str(certificate_folder(plan.plan_id)),
        "audit_chain": {"entries": verification.entries, "intact": verification.ok},
    }


def requests(register_url: str | None = None) -> list[dict]:
    """Open requests from data subjects by due date: ids, types, dates and status (stored, never re-derived);
    no identifier (the register keeps those encrypted and this never decrypts)."""
    from transforms import register
    from transforms.requests.store import list_requests

    engine = register.register_engine(register_url)
    try:
        records = list_requests(engine, include_closed=False)
    finally:
        engine.dispose()
    return [
        {
            "id": r.request_id,
            "types": "+".join(r.types),
            "received_on": r.received_on.isoformat(),
            "due_on": r.due_on.isoformat(),
            "extended": r.extended,
            "paused": r.paused,
            "status": r.status,
        }
        for r in records
    ]
