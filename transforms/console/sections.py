"""The console's other sections, each from what the register and the stages recorded: holds, upcoming
expiries, research releases, subject requests and source quality. Plain dataclasses; no record values except
the internal keys of holds, and those only for a role that needs them (``show_keys``)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, fields
from pathlib import Path

from sqlalchemy.engine import Engine

from transforms.console import fmt
from transforms.console.retention import class_name
from transforms.retention.policy import RetentionPolicy

HORIZONS = (30, 90)


@dataclass(frozen=True)
class HoldRow:
    hold_id: str
    scope: str  # words: "person", "record", "category"
    covers: str  # words: "patient 1234 in exquise, every class"
    reason: str
    placed_by: str
    placed_at: dt.datetime
    reference: str | None


def row_of(cls, record, **worded):
    """A row of the console (the dataclass ``cls``) from a register record: the fields the row shows as stored
    are copied from the record's attributes of the same name; ``worded`` gives the others (put into words,
    derived or combined for the page)."""
    copied = {f.name: getattr(record, f.name) for f in fields(cls) if f.name not in worded}
    return cls(**copied, **worded)


def holds(engine: Engine, policy: RetentionPolicy, *, show_keys: bool) -> list[HoldRow]:
    """The holds in force, oldest first. ``show_keys``: the internal keys (the officer's view); else the subject
    reads "a patient"."""
    from transforms.retention.holds import list_holds

    rows = []
    for h in list_holds(engine):
        in_class = f"in {class_name(h.class_id, policy)}" if h.class_id else "in every class"
        source = f" in {h.source_system}" if h.source_system else " in every practice system"
        if h.scope == "person":
            who = f"{fmt.words(h.subject_kind or 'person')} {h.subject_key}" if show_keys else f"a {h.subject_kind}"
            covers = f"{who}{source}, {in_class}"
        elif h.scope == "record":
            what = f"{fmt.words(h.entity or 'record')} {h.record_key}" if show_keys else f"one {fmt.words(h.entity)}"
            covers = f"{what}{source}"
        else:
            covers = f"all of {class_name(h.class_id, policy)}{source}"
        rows.append(row_of(HoldRow, h, covers=covers, reason=fmt.words(h.reason)))
    return rows


@dataclass(frozen=True)
class Expiry:
    class_id: str
    name: str
    source: str
    due: dict[int, int]  # horizon in days -> records due by then (destroy + archive + minimise)


_EXPIRIES: dict[tuple, list] = {}


def expiries_cached(
    engine: Engine, policy: RetentionPolicy, today: dt.date, *, data_root: Path | None = None
) -> list[Expiry]:
    """``expiries``, remembered in this process until the staging, the holds, the plans or the day change (a
    dry-run plan per source and horizon takes seconds; the page is opened far more often than that changes)."""
    from transforms.kernel.staging import run_manifest_path
    from transforms.retention.holds import list_holds
    from transforms.retention.plan import list_plans

    runs = sorted(p.name for p in run_manifest_path("*", data_root).parent.glob("*.json"))
    plans = list_plans(engine, limit=1)
    key = (
        str(data_root),
        today,
        policy.content_hash,
        runs[-1] if runs else None,
        tuple(h.hold_id for h in list_holds(engine)),
        (plans[0]["plan_id"], plans[0]["status"]) if plans else None,
    )
    if key not in _EXPIRIES:
        _EXPIRIES.clear()
        _EXPIRIES[key] = expiries(policy, today, data_root=data_root)
    return _EXPIRIES[key]


def expiries(
    policy: RetentionPolicy, today: dt.date, *, horizons: tuple[int, ...] = HORIZONS, data_root: Path | None = None
) -> list[Expiry]:
    """What falls due within each horizon, per class and practice system: a dry-run plan (nothing stored) as
    of ``today + horizon`` per staged source. It counts what is due by then and not done yet, holds excluded,
    so it includes what is due today and waits for approval."""
    from transforms.retention.plan import compute_plan
    from transforms.retention.staged import staged_sources

    found: dict[tuple[str, str], dict[int, int]] = {}
    for source in staged_sources(data_root):
        for days in horizons:
            plan, _ = compute_plan(
                today + dt.timedelta(days=days), policy=policy, sources=[source], data_root=data_root
            )
            for class_id, counts in plan.classes.items():
                due = counts.dispose + counts.archive + counts.minimise
                if due:
                    found.setdefault((class_id, source), {})[days] = due
    return [
        Expiry(class_id, class_name(class_id, policy), source, {d: per.get(d, 0) for d in horizons})
        for (class_id, source), per in sorted(found.items(), key=lambda kv: (class_name(kv[0][0], policy), kv[0][1]))
    ]


@dataclass(frozen=True)
class ReleaseRow:
    dataset: str
    table: str
    version: str
    published: dt.date | None  # the day the release is as of
    k_configured: int | None
    k_reached: int | None
    highest_risk: float | None
    threshold: float | None
    above_threshold: bool
    rows_out: int | None
    suppressed: int | None
    suppressed_share: float | None  # of the rows eligible
    information_loss: float | None  # 0 (nothing lost) .. 1 (everything generalised away)


def research(data_root: Path | None = None) -> tuple[list[ReleaseRow], list[str]]:
    """Every current release's tables, with the risk against the threshold its own report names; and the
    datasets without a release."""
    from transforms.research import current_release, load_datasets

    rows, missing = [], []
    for name in sorted(load_datasets()):
        release = current_release(name, data_root)
        if release is None or not (release / "risk_report.json").exists():
            missing.append(name)
            continue
        report = json.loads((release / "risk_report.json").read_text())
        published = report.get("published_at") or report.get("as_of")
        for table, figures in sorted((report.get("tables") or {}).items()):
            policy = figures.get("risk_policy") or {}
            threshold = policy.get("threshold", report.get("risk_threshold"))
            risk = figures.get("highest_prosecutor_risk")
            eligible = figures.get("rows_eligible") or figures.get("rows_in")
            suppressed = figures.get("suppressed")
            rows.append(
                ReleaseRow(
                    dataset=name,
                    table=table,
                    version=release.name,
                    published=dt.date.fromisoformat(published[:10]) if isinstance(published, str) else None,
                    k_configured=figures.get("k_configured"),
                    k_reached=figures.get("k_reached"),
                    highest_risk=risk,
                    threshold=threshold,
                    # compared here, from the figures, not read from a stored "met" flag
                    above_threshold=risk is not None and threshold is not None and risk > threshold + 1e-12,
                    rows_out=figures.get("rows_out"),
                    suppressed=suppressed,
                    suppressed_share=(suppressed / eligible) if suppressed is not None and eligible else None,
                    information_loss=_loss(figures.get("information_loss")),
                )
            )
    return rows, missing


def _loss(value: object) -> float | None:
    """The release's overall information loss (0..1) from its report (a number, or a mapping with a total)."""
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dict):
        for key in ("total", "overall", "loss", "average"):
            if isinstance(value.get(key), (int, float)):
                return float(value[key])
        # per quasi-identifier column: {"generalisation_loss": 0..1, ...}; the table's loss is their mean
        numbers = [
            v
            if isinstance(v, (int, float))
            else (v.get("generalisation_loss", v.get("loss")) if isinstance(v, dict) else None)
            for v in value.values()
        ]
        numbers = [float(n) for n in numbers if isinstance(n, (int, float))]
        return sum(numbers) / len(numbers) if numbers else None
    return None


@dataclass(frozen=True)
class RequestRow:
    request_id: str
    types: str
    received_on: dt.date
    due_on: dt.date
    days_left: int
    status: str
    paused: bool
    extended: bool
    tone: str  # bad: overdue, warn: due within the configured days, ok


def requests(engine: Engine, today: dt.date, due_soon_days: int | None = None) -> list[RequestRow]:
    """Open requests by due date, with the days left (negative: overdue); stored due dates, never re-derived."""
    from transforms.requests.config import load_requests_config
    from transforms.requests.store import list_requests

    soon = load_requests_config().due_soon_days if due_soon_days is None else due_soon_days
    rows = []
    for r in list_requests(engine, include_closed=False):
        left = (r.due_on - today).days
        tone = "bad" if left < 0 else "warn" if left <= soon else "ok"
        types = ", ".join(fmt.words(t) for t in r.types)
        rows.append(row_of(RequestRow, r, types=types, days_left=left, status=fmt.words(r.status), tone=tone))
    return rows


# what a failed expectation means, by the last part of its name (transforms/quality/suites.py names them
# ``entity.column.kind`` or ``entity.kind``); the kinds of config/quality.yml
EXPECTATION_WORDS = {
    "columns": "columns differ from the canonical model",
    "type": "has values of the wrong type",
    "not_null": "is missing",
    "allowed_values": "has a value outside the allowed list",
    "unique": "appears more than once (duplicate key)",
    "null_rate": "is empty more often than usual (a broken mapping?)",
    "bsn_11proef": "is not a valid BSN (fails the 11-proef)",
    "iban": "is not a valid IBAN",
    "not_after_run": "lies in the future",
    "not_before": "lies before the date it must follow",
    "not_before_birth": "lies before the patient's birth",
    "references": "points to a record that does not exist",
    "date_range": "is an implausible date (placeholder?)",
    "missing": "is missing",
}


def expectation_words(name: str) -> str:
    """``patient.bsn.bsn_11proef`` -> ``patient: BSN is not a valid BSN (fails the 11-proef)``; an unknown
    kind in words, never the raw id alone."""
    parts = [p for p in name.replace(": ", ".").split(".") if p]
    if not parts:
        return name
    kind = parts[-1].strip()
    meaning = EXPECTATION_WORDS.get(kind, fmt.words(kind))
    if len(parts) >= 3:
        return f"{fmt.words(parts[0])}: {fmt.words(parts[1])} {meaning}"
    if len(parts) == 2:
        return f"{fmt.words(parts[0])}: {meaning}"
    return meaning


@dataclass(frozen=True)
class QualityRow:
    source: str
    entity: str
    rows: int
    quarantined: int
    words: str  # "all rows passed" or what was quarantined and why
    tone: str
    # Data Docs pages of this partition's validation and of its suite, under the site root, where they exist
    docs: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Quality:
    run_key: str | None
    extracted_at: dt.datetime | None
    rows: int
    quarantined: int
    gate_passed: bool | None
    failed: list[str]  # failed expectations in words, with counts
    per_entity: list[QualityRow]


def quality(data_root: Path | None = None) -> Quality:
    """The newest staging run's manifest in words: per practice system and entity, rows and what was
    quarantined why; the source gate's failed expectations translated."""
    from transforms.kernel.staging import run_manifest_path
    from transforms.kernel.timeutil import key_date  # noqa: F401  (run keys are UTC stamps)
    from transforms.quality.source import gate_run
    from transforms.quality.workspace import data_docs_pages

    runs = sorted(run_manifest_path("*", data_root).parent.glob("*.json"))
    if not runs:
        return Quality(None, None, 0, 0, None, [], [])
    manifest = json.loads(runs[-1].read_text())
    gate = manifest.get("quality") or {}
    key = manifest.get("run_key")
    per_entity = []
    for source in manifest.get("sources", []):
        for entity, figures in sorted(source.get("entities", {}).items()):
            reasons = figures.get("reasons") or {}
            quarantined = int(figures.get("quarantined") or 0)
            if quarantined or reasons:
                said = "; ".join(
                    f"{fmt.number(n)} {expectation_words(reason) if '.' in reason or ':' in reason else fmt.words(reason)}"
                    for reason, n in sorted(reasons.items())
                )
                words = (
                    f"{fmt.number(quarantined)} quarantined: {said}"
                    if said
                    else f"{fmt.number(quarantined)} quarantined"
                )
                tone = "warn"
            else:
                words, tone = "all rows passed", "ok"
            docs = data_docs_pages(*gate_run(source["source"], entity, key), data_root) if key else {}
            per_entity.append(
                QualityRow(source["source"], entity, int(figures.get("rows") or 0), quarantined, words, tone, docs)
            )
    failed = [
        f"{expectation_words(f['expectation'])} ({fmt.number(f.get('unexpected'))} rows, {fmt.words(str(f.get('severity')))})"
        for f in gate.get("failed", [])
    ]
    try:
        extracted = dt.datetime.strptime(key, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.timezone.utc) if key else None
    except ValueError:
        extracted = None
    return Quality(
        run_key=key,
        extracted_at=extracted,
        rows=int(manifest.get("rows") or 0),
        quarantined=int(manifest.get("quarantined") or 0) + int(gate.get("rows_quarantined") or 0),
        gate_passed=gate.get("success"),
        failed=failed,
        per_entity=per_entity,
    )
