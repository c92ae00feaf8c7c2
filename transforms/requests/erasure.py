"""Erasure (GDPR art. 17) and destruction of the dental file (WGBO art. 7:455): plan, approve, act, verify.

**Plan** (:func:`plan_erasure`): the person of a verified request is located everywhere (``locate``), and every
record found is decided **per record class** (its retention class from ``config/retention_policy.yml``) against
the exceptions of art. 17(3) (:data:`RULES`, :func:`decide_rule`): a hold or an open complaint keeps it (legal
claims), fiscal records stay for their AWR term, the dental file stays for its WGBO term unless the request is a
7:455 destruction (and then still where the officer recorded a substantial interest of someone else, with a
reason: :func:`record_exception`), a closed complaint stays for the claims period, a current employee's file
stays with the contract. Everything else goes: registration and contact fields are emptied, contact-form
messages, consent rows and applications deleted, the archive copy crypto-shredded (the person's archive keys
of the erased classes destroyed), the anonymised text and the person's rows in every research release still
kept removed. The plan is stored with hashed record ids (``request_erasure_item``) and the vendor keys sealed
under the request key; the officer sees counts only (:func:`approval_text`).

**Approve** (:func:`decide`): the officer's decision (the DAG's human-in-the-loop task); nothing acts before.

**Act** (:func:`execute_erasure`), in an order that makes a crash at any point safe to re-run: the live
records through the retention executor (``transforms.retention.executor``: intents journalled in
``dispose_record`` under the plan id ``erasure-<request>``, holds re-checked in the deleting transaction, files
with their records), records already gone from the live system journalled as done, then the archive keys
(``archive.erase_subject``, per class), the research releases, the anonymised text, and last the staging
(``purge.purge_plan`` mirrors the journal). Nothing is done twice: the journal, the destroyed keys, the purge
marks and the release rewrite each see what is already done.

**Tombstones**: the journal entries *are* the tombstone list; the nightly ``verify.reapply_tombstones``
deletes the person's rows again when a restored backup brings them back.

**Verify** (:func:`verify_erasure`): the live systems re-queried by hashed key (nothing destroyed present,
minimised fields empty), the staging scanned, the archive keys checked; audited. The letter
(:func:`write_decision_letter`) lists what was erased and what was kept, under which rule and until when.

Nothing here logs or returns a value of the person: counts, classes, entities, hashed ids and request ids.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import MetaData, Table, create_engine, delete, insert, select, update
from sqlalchemy.engine import Engine

from transforms import lexicon, register, settings
from transforms.audit import chain
from transforms.kernel.canonical import CanonicalModel, load_model
from transforms.kernel.timeutil import AMSTERDAM, utc_naive
from transforms.register.schema import (
    ARCHIVE_DATA_KEYS,
    DISPOSE_JOURNAL,
    REQUEST_ERASURE_ITEMS,
    REQUEST_ERASURES,
    REQUEST_EXCEPTIONS,
)
from transforms.requests import consent, crypto, store
from transforms.requests.context import StepContext
from transforms.requests.locate import LocateKeys, LocateResult, Record, locate_person
from transforms.retention import archive, executor, hashing, holds, live, purge
from transforms.retention.disposal_map import DisposalMaps, children_first, load_disposal_maps, resolve_target
from transforms.retention.expiry import assign
from transforms.retention.policy import RetentionPolicy, load_policy
from transforms.sources import staging
from transforms.sources.config import SourceMapping, load_sources

log = logging.getLogger(__name__)

ERASURE_TYPES = ("erasure", "wgbo_destruction")
EXCEPTION_KINDS = ("third_party_interest", "legal_claim", "law_forbids")
PLAN_PREFIX = "erasure-"
DATA_DIR = Path(__file__).resolve().parent / "data"
PURPOSE = "erasure-item"  # the AAD purpose of an item's sealed keys

# rule -> (what happens, the Dutch sentence for the letter, the legal basis). "erase" rules remove the record.
# Wording and law are data: ``data/erasure_rules.tsv``, beside this module.
RULES: dict[str, tuple[str, str, str]] = {
    rule: (action, sentence, basis)
    for rule, action, sentence, basis in lexicon.table("erasure_rules", str, str, str, str, folder=DATA_DIR)
}
KEPT_BY_LAW = {"billing": "fiscal", "payroll": "fiscal", "staff_id_copies": "wage_tax"}
SUBJECT_ENTITIES = ("patient", "employee", "applicant", "contact_form", "supplier_contact")


class ErasureError(RuntimeError):
    """An erasure cannot be planned or carried out as asked; ids, classes and counts only, never a value."""


def plan_id_for(request_id: str) -> str:
    """The disposal journal's plan id of a request (its tombstones and its staging purge go by it)."""
    return PLAN_PREFIX + request_id


@dataclass
class Item:
    """One decision about one record (or the fields of one record, ``action == "minimise"``)."""

    source_system: str
    entity: str
    key: str
    class_id: str
    action: str  # destroy | minimise | keep
    rule: str
    origin: str  # live | staging | archive
    keep_until: dt.date | None = None
    subject_key: str | None = None
    file_path: str | None = None
    hashed_id: str = ""

    @property
    def erased(self) -> bool:
        return self.action in ("destroy", "minimise")

    def clear(self, *names: str) -> dict[str, object]:
        """The named fields of :data:`CLEAR_FIELDS` (all of them by default), for a register row; the record's keys
        and file path are never among them (the register holds those only sealed)."""
        unknown = set(names) - set(CLEAR_FIELDS)
        if unknown:
            raise ValueError(f"not stored in the clear: {sorted(unknown)}")
        return {name: getattr(self, name) for name in names or CLEAR_FIELDS}


# What of an item the register holds in the clear, in ``request_erasure_item`` order.
CLEAR_FIELDS = ("hashed_id", "action", "source_system", "entity", "class_id", "origin", "rule", "keep_until")


@dataclass
class ErasurePlan:
    """What an erasure will do: items (kept and erased) and the places beyond the practice systems."""

    request_id: str
    destruction: bool
    as_of: dt.date
    items: list[Item]
    research: list[dict] = field(default_factory=list)  # locate's research locations (counts)
    text_outputs: int = 0
    status: str = "planned"

    def digest(self) -> str:
        """SHA-256 over the sorted (hashed id, action, rule): what the officer approved."""
        lines = sorted(f"{i.hashed_id}|{i.action}|{i.rule}" for i in self.items)
        return hashlib.sha256("\n".join(lines).encode("ascii")).hexdigest()

    def summary(self) -> dict:
        """Counts per class, entity, action and rule (JSON-safe; no ids, no values): for XCom and the officer."""
        counts: dict[str, int] = {}
        for i in self.items:
            k = f"{i.class_id}|{i.entity}|{i.action}|{i.rule}|{i.origin}"
            counts[k] = counts.get(k, 0) + 1
        rows = [
            dict(zip(("class", "entity", "action", "rule", "origin"), k.split("|")), records=n)
            for k, n in sorted(counts.items())
        ]
        return {
            "request_id": self.request_id,
            "status": self.status,
            "destruction": self.destruction,
            "as_of": self.as_of.isoformat(),
            "rows": rows,
            "erase": sum(1 for i in self.items if i.erased),
            "keep": sum(1 for i in self.items if not i.erased),
            "research_rows": sum(r["rows"] for r in self.research),
            "text_outputs": self.text_outputs,
            "digest": self.digest(),
        }


# --- exceptions the officer records ----------------------------------------------------------------------------


def record_exception(
    engine: Engine,
    request_id: str,
    *,
    kind: str,
    class_id: str,
    reason: str,
    recorded_by: str,
    now: dt.datetime,
    policy: RetentionPolicy | None = None,
) -> None:
    """Record the officer's exception for one record class of a request (a substantial interest of someone
    else in the dental file, a legal claim, a law that forbids destruction), with the reason (stored encrypted).
    Audited with the request id, kind and class only."""
    if kind not in EXCEPTION_KINDS:
        raise ErasureError(f"exception kind: expected one of {', '.join(EXCEPTION_KINDS)}")
    if kind == "third_party_interest" and class_id != "dental_file":
        raise ErasureError("a substantial interest of someone else (art. 7:455 lid 2 BW) keeps the dental file only")
    if not reason or not reason.strip():
        raise ErasureError("exception: give the reason (it is kept, encrypted, as evidence)")
    if not recorded_by or not recorded_by.strip():
        raise ErasureError("exception: say who records it")
    (policy or load_policy()).retention_class(class_id)
    record = store.get_request(engine, request_id)
    key = crypto.request_key(create=True)
    register.ensure_tables(engine, REQUEST_EXCEPTIONS)
    with chain.write_transaction(engine) as conn:
        conn.execute(
            insert(REQUEST_EXCEPTIONS).values(
                request_id=request_id,
                kind=kind,
                class_id=class_id,
                reason=crypto.seal(key, request_id, f"exception:{kind}:{class_id}", reason.strip().encode("utf-8")),
                key_fingerprint=crypto.fingerprint(key),
                recorded_by=recorded_by.strip(),
                recorded_at=utc_naive(now),
            )
        )
        chain.append_in(
            conn,
            "request.exception_recorded",
            {"request_id": record.request_id, "kind": kind, "class": class_id, "recorded_by": recorded_by.strip()},
            recorded_at=now,
        )


def exceptions_of(engine: Engine, request_id: str) -> dict[str, str]:
    """class -> the exception kind the officer recorded for it (the first one)."""
    register.ensure_tables(engine, REQUEST_EXCEPTIONS)
    out: dict[str, str] = {}
    with engine.connect() as conn:
        for row in conn.execute(
            select(REQUEST_EXCEPTIONS.c.class_id, REQUEST_EXCEPTIONS.c.kind)
            .where(REQUEST_EXCEPTIONS.c.request_id == request_id)
            .order_by(REQUEST_EXCEPTIONS.c.exception_id)
        ):
            out.setdefault(row.class_id, row.kind)
    return out


# --- deciding --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ErasureConfig:
    """What every erasure step reads: the retention policy and the canonical model (the step context's, else
    loaded from ``config/``) and the retention hash key (records are journalled and compared by hashed id)."""

    policy: RetentionPolicy
    model: CanonicalModel
    key: bytes

    @classmethod
    def of(cls, ctx: StepContext) -> ErasureConfig:
        return cls(ctx.policy or load_policy(), ctx.model or load_model(), hashing.hash_key())


@dataclass(frozen=True)
class RecordFacts:
    """What the exceptions table asks of one record: its class, the end of its term (None: none known),
    ``held`` (``hold`` or ``open_complaint`` when one covers it), the officer's recorded ``exception`` for the
    class, and whether the record's employee still works here."""

    class_id: str
    term_ends_on: dt.date | None = None
    held: str | None = None
    exception: str | None = None
    employed: bool = False


def decide_rule(record: RecordFacts, *, destruction: bool, as_of: dt.date) -> str:
    """The rule for one record (the exceptions table of art. 17(3) GDPR and art. 7:455 BW), on a request that
    asks 7:455 destruction or not, planned on the day ``as_of``."""
    class_id, employed = record.class_id, record.employed
    if record.held:
        return record.held
    if record.exception:
        return record.exception
    if record.term_ends_on is not None and as_of > record.term_ends_on:
        return "term_ended"  # nothing keeps a record past its own term
    if class_id in KEPT_BY_LAW:
        return KEPT_BY_LAW[class_id]
    if class_id == "dental_file":
        return "wgbo_destruction" if destruction else "wgbo_file"
    if class_id == "complaints":
        return "complaint_claims"
    if class_id == "personnel_file" and employed:
        return "employment"
    if class_id == "objection_consent_records":
        return "suppression"
    return "erase"


def _frame(records: list[Record]) -> pd.DataFrame:
    return pd.DataFrame([{**r.row, "source_system": r.source_system} for r in records])


def _in_scope(class_id: str, types: tuple[str, ...]) -> bool:
    # a 7:455 request alone is about the dental file; art. 17 about everything of the person
    return "erasure" in types or class_id == "dental_file"


def decide_records(
    result: LocateResult,
    config: ErasureConfig,
    *,
    types: tuple[str, ...],
    as_of: dt.date,
    exceptions: Mapping[str, str],
    hold_index: holds.HoldIndex,
) -> list[Item]:
    """Every record of the located person, decided (see :func:`decide_rule`); hashed ids filled in."""
    policy, model, key = config.policy, config.model, config.key
    destruction = "wgbo_destruction" in types
    records = result.records()
    by_entity: dict[str, list[Record]] = {}
    for r in records:
        by_entity.setdefault(r.entity, []).append(r)
    key_of = {name: e.key for name, e in model.entities.items()}
    related = {
        name: _frame(by_entity[name]) for name in ("patient", "employee") if by_entity.get(name)
    }  # the parents a trigger is read from (``trigger.of``)
    open_complaints = {
        (r.source_system, str(r.row.get("patient_id")))
        for r in by_entity.get("complaint", [])
        if r.row.get("closed_on") in (None, "") or pd.isna(r.row.get("closed_on"))
    }
    employed = {(r.source_system, str(r.key)) for r in by_entity.get("employee", []) if not r.row.get("employed_until")}
    items: list[Item] = []
    for entity, group in sorted(by_entity.items()):
        if not policy.row_rules(entity):
            continue
        frame = _frame(group)
        for name in related:  # a parent missing from the result: the trigger is unknown
            if any(r.trigger.of == name for r in policy.row_rules(entity)) and key_of[name] not in frame.columns:
                frame[key_of[name]] = None
        try:
            assigned = assign(policy, entity, frame, related, key_of)
        except KeyError:  # a trigger read from a parent the result does not hold: first rule, no term
            assigned = pd.DataFrame(
                {"retention_class": policy.row_rules(entity)[0].class_, "term_ends_on": None}, index=frame.index
            )
        subject = policy.subject_column(entity, model)
        classes = assigned["retention_class"]
        held = holds.held_mask(hold_index, entity, frame, key_of[entity], classes, subject)
        for i, record in enumerate(group):
            class_id = classes.iloc[i]
            if not _in_scope(class_id, types):
                continue
            ends = assigned["term_ends_on"].iloc[i]
            ends = ends if isinstance(ends, dt.date) else None
            subject_key = (
                str(record.row.get(subject[1])) if subject and record.row.get(subject[1]) is not None else None
            )
            hold = None
            if subject and subject[0] == "patient" and (record.source_system, subject_key) in open_complaints:
                hold = "open_complaint"
            elif bool(held.iloc[i]):
                hold = "hold"
            facts = RecordFacts(
                class_id, ends, hold, exceptions.get(class_id), (record.source_system, subject_key) in employed
            )
            rule = decide_rule(facts, destruction=destruction, as_of=as_of)
            erase = RULES[rule][0] == "erase"
            items.append(
                Item(
                    record.source_system,
                    entity,
                    str(record.key),
                    class_id,
                    "destroy" if erase else "keep",
                    rule,
                    record.origin,
                    None if erase else ends,
                    subject_key,
                    str(record.row["file_path"]) if record.row.get("file_path") else None,
                )
            )
    _keep_referenced_subjects(items, policy, model)
    items += _field_items(items, policy, exceptions, as_of, types)
    _archive_keys_shared(items)
    for item in items:
        item.hashed_id = hashing.hash_id(key, item.source_system, item.entity, item.key)
    return items


def _keep_referenced_subjects(items: list[Item], policy: RetentionPolicy, model: CanonicalModel) -> None:
    """A person's own row (patient, employee) stays while a kept record of theirs (live or archived) points at it;
    its contact fields still go (``_field_items``)."""
    kept: dict[tuple[str, str | None], dt.date | None] = {}
    for i in items:
        # a kept record in the archive counts too: a kept invoice must stay attributable to its patient
        if i.action == "keep" and i.entity not in SUBJECT_ENTITIES:
            before = kept.get((i.source_system, i.subject_key), dt.date.min)
            # kept as long as the longest-kept record that points at it (None: while that reason lasts)
            kept[(i.source_system, i.subject_key)] = (
                None if i.keep_until is None or before is None else max(before, i.keep_until)
            )
    for item in items:
        if item.entity in SUBJECT_ENTITIES and item.action == "destroy" and (item.source_system, item.key) in kept:
            item.action, item.rule = "keep", "referenced"
            item.keep_until = kept[(item.source_system, item.key)]


def _field_items(
    items: list[Item], policy: RetentionPolicy, exceptions: Mapping[str, str], as_of: dt.date, types: tuple[str, ...]
) -> list[Item]:
    """A kept row of the person (patient, employee) loses the fields whose class does not keep them (contact and
    address details: registration data no longer needed), unless a hold or an exception covers them."""
    out = []
    for item in items:
        if item.action != "keep" or item.entity not in SUBJECT_ENTITIES or item.rule in ("hold", "open_complaint"):
            continue
        for rule in policy.field_rules(item.entity):
            if not _in_scope(rule.class_, types) or exceptions.get(rule.class_):
                continue
            if rule.class_ == "personnel_file" and item.rule == "employment":
                continue
            out.append(
                Item(
                    item.source_system,
                    item.entity,
                    item.key,
                    rule.class_,
                    "minimise",
                    "erase",
                    item.origin,
                    subject_key=item.subject_key,
                )
            )
    return out


def _archive_keys_shared(items: list[Item]) -> None:
    """Archive keys are per person, class and term end: an archived record to erase whose class also holds a
    kept archived record of the same person stays readable with it (the key cannot go)."""
    # a record gone from the live system (origin staging) may be in the archive as well
    kept = {
        (i.source_system, i.subject_key, i.class_id)
        for i in items
        if i.origin in ("archive", "staging") and i.action == "keep"
    }
    for item in items:
        if (
            item.origin in ("archive", "staging")
            and item.action == "destroy"
            and (item.source_system, item.subject_key, item.class_id) in kept
        ):
            item.action, item.rule = "keep", "archive_key_shared"


# --- the plan in the register ----------------------------------------------------------------------------------


def _sealed(key: bytes, request_id: str, item: Item) -> bytes:
    blob = json.dumps({"key": item.key, "subject": item.subject_key, "file": item.file_path}).encode("utf-8")
    return crypto.seal(key, request_id, f"{PURPOSE}:{item.hashed_id}:{item.action}", blob)


def ensure_tables(engine: Engine) -> None:
    """The erasure tables, the request tables and the journal."""
    store.ensure_request_tables(engine)
    register.ensure_tables(engine, REQUEST_ERASURES, REQUEST_ERASURE_ITEMS, REQUEST_EXCEPTIONS, DISPOSE_JOURNAL)


def plan_erasure(ctx: StepContext, request_id: str) -> ErasurePlan:
    """Locate the person of a verified erasure / 7:455 request and decide every record; store the plan
    (replacing a plan not yet decided). Refuses an unverified request and a person not yet told apart
    (``needs_decision``): nothing is planned from a guess."""
    engine, now, data_root = ctx.engine, ctx.now, ctx.data_root
    record = store.executable(engine, request_id, asks=ERASURE_TYPES, error=ErasureError)
    ensure_tables(engine)
    with engine.connect() as conn:
        existing = conn.execute(
            select(REQUEST_ERASURES.c.status).where(REQUEST_ERASURES.c.request_id == request_id)
        ).scalar_one_or_none()
    if existing not in (None, "planned"):
        return load_plan(engine, request_id)
    config = ErasureConfig.of(ctx)
    keys = ctx.keys or LocateKeys.from_env()
    result = locate_person(
        engine, request_id, sources=ctx.sources, data_root=data_root, keys=keys, archive_root=ctx.archive_root
    )
    if result.needs_decision:
        raise ErasureError(
            f"request {request_id}: {len(result.needs_decision)} candidate(s) fit only partly or more than one "
            "person fits; a person decides before anything is planned"
        )
    as_of = now.astimezone(AMSTERDAM).date()
    staged_sources = sorted({r.source_system for r in result.records()})
    index, _ = holds.build_hold_index(config.policy, config.model, engine, staged_sources, data_root)
    exceptions = exceptions_of(engine, request_id)
    items = decide_records(result, config, types=record.types, as_of=as_of, exceptions=exceptions, hold_index=index)
    plan = ErasurePlan(
        request_id,
        "wgbo_destruction" in record.types,
        as_of,
        items,
        research=list(result.research) if "erasure" in record.types else [],
        text_outputs=len(result.text_outputs),
    )
    seal_key = crypto.request_key(create=True)
    with chain.write_transaction(engine) as conn:
        conn.execute(delete(REQUEST_ERASURE_ITEMS).where(REQUEST_ERASURE_ITEMS.c.request_id == request_id))
        conn.execute(delete(REQUEST_ERASURES).where(REQUEST_ERASURES.c.request_id == request_id))
        conn.execute(
            insert(REQUEST_ERASURES).values(
                request_id=request_id,
                status="planned",
                destruction=int(plan.destruction),
                as_of=as_of,
                digest=plan.digest(),
                planned_at=utc_naive(now),
            )
        )
        rows = [{"request_id": request_id, **i.clear(), "sealed": _sealed(seal_key, request_id, i)} for i in items]
        if rows:
            conn.execute(insert(REQUEST_ERASURE_ITEMS), rows)
        summary = plan.summary()
        chain.append_in(
            conn,
            "request.erasure_planned",
            {k: summary[k] for k in ("request_id", "destruction", "as_of", "erase", "keep", "digest")}
            | {"research_rows": summary["research_rows"], "text_outputs": summary["text_outputs"]},
            recorded_at=now,
        )
    # the research locations are needed again at execution: kept (counts and release names only) in an event
    _save_places(engine, request_id, plan)
    log.info("erasure %s planned: %d to erase, %d to keep", request_id, summary["erase"], summary["keep"])
    return plan


def _places_path(request_id: str, data_root: Path | None = None) -> Path:
    return Path(data_root or settings.data_root()) / "requests" / "erasure" / request_id / "places.json"


def _save_places(engine: Engine, request_id: str, plan: ErasurePlan) -> None:
    path = _places_path(request_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    # datasets and releases by name with row counts; no pseudonym (they are recomputed from the sealed keys)
    path.write_text(json.dumps({"research": plan.research, "text_outputs": plan.text_outputs}, default=str))


def load_plan(engine: Engine, request_id: str, *, unseal: bool = False) -> ErasurePlan:
    """The stored plan (``unseal``: with the vendor keys, for execution only)."""
    ensure_tables(engine)
    with engine.connect() as conn:
        head = conn.execute(select(REQUEST_ERASURES).where(REQUEST_ERASURES.c.request_id == request_id)).first()
        if head is None:
            raise ErasureError(f"request {request_id} has no erasure plan")
        rows = conn.execute(select(REQUEST_ERASURE_ITEMS).where(REQUEST_ERASURE_ITEMS.c.request_id == request_id)).all()
    seal_key = crypto.request_key() if unseal else None
    items = []
    for r in rows:
        opened = (
            json.loads(crypto.open_sealed(seal_key, request_id, f"{PURPOSE}:{r.hashed_id}:{r.action}", r.sealed))
            if seal_key
            else {"key": "", "subject": None, "file": None}
        )
        items.append(
            Item(
                r.source_system,
                r.entity,
                opened["key"],
                r.class_id,
                r.action,
                r.rule,
                r.origin,
                r.keep_until,
                opened["subject"],
                opened["file"],
                r.hashed_id,
            )
        )
    places = _places_path(request_id)
    extra = json.loads(places.read_text()) if places.exists() else {}
    return ErasurePlan(
        request_id,
        bool(head.destruction),
        head.as_of,
        sorted(items, key=lambda i: (i.source_system, i.entity, i.hashed_id, i.action)),
        research=extra.get("research", []),
        text_outputs=extra.get("text_outputs", 0),
        status=head.status,
    )


def approval_text(summary: dict) -> str:
    """What the officer sees before deciding (Markdown): counts per class, entity, action and rule."""
    lines = [
        f"Request `{summary['request_id']}`: "
        + ("erasure and **destruction of the dental file (WGBO 7:455)**" if summary["destruction"] else "erasure")
        + f", terms counted to {summary['as_of']}.",
        "",
        "| class | entity | action | rule | where | records |",
        "|---|---|---|---|---|---|",
    ]
    for row in summary["rows"]:
        lines.append(
            f"| {row['class']} | {row['entity']} | {row['action']} | {row['rule']} | {row['origin']} | "
            f"{row['records']} |"
        )
    if not summary["rows"]:
        lines.append("| (nothing found) | | | | | |")
    lines += [
        "",
        f"Also removed: {summary['research_rows']} row(s) in research releases, "
        f"{summary['text_outputs']} anonymised text(s).",
        f"Plan digest `{summary['digest'][:16]}`. Approve to carry it out; Reject (or no answer) erases nothing.",
    ]
    return "\n".join(lines)


def decide(engine: Engine, request_id: str, *, approve: bool, decided_by: str, now: dt.datetime) -> str:
    """Record the officer's decision on a planned erasure (the first decision counts); the new status."""
    ensure_tables(engine)
    with chain.write_transaction(engine) as conn:
        head = conn.execute(select(REQUEST_ERASURES).where(REQUEST_ERASURES.c.request_id == request_id)).first()
        if head is None:
            raise ErasureError(f"request {request_id} has no erasure plan")
        if head.status != "planned":
            return head.status
        status = "approved" if approve else "rejected"
        conn.execute(
            update(REQUEST_ERASURES)
            .where(REQUEST_ERASURES.c.request_id == request_id)
            .values(status=status, decided_by=decided_by, decided_at=utc_naive(now))
        )
        chain.append_in(
            conn,
            f"request.erasure_{status}",
            {"request_id": request_id, "decided_by": decided_by, "digest": head.digest},
            recorded_at=now,
        )
    return status


# --- acting ----------------------------------------------------------------------------------------------------


def _journal_gone(engine: Engine, plan_id: str, items: list[Item], now: dt.datetime) -> int:
    """Records only the pipeline still holds (gone from the live system): journalled ``done`` so that the staging
    purge removes them and the tombstones keep them out."""
    if not items:
        return 0
    j = DISPOSE_JOURNAL.c
    with engine.begin() as conn:
        have = {
            (r.hashed_id, r.class_id)
            for r in conn.execute(
                select(j.hashed_id, j.class_id).where(j.hashed_id.in_(sorted({i.hashed_id for i in items})))
            )
        }
        rows = [
            i.clear("hashed_id", "class_id", "entity", "source_system", "action")
            | {"plan_id": plan_id, "status": "done", "batch_no": 0, "updated_at": utc_naive(now)}
            for i in items
            if (i.hashed_id, i.class_id) not in have
        ]
        if rows:
            conn.execute(insert(DISPOSE_JOURNAL), rows)
    return len(rows)


@dataclass(frozen=True)
class _Execution:
    """What carrying out one erasure reads once and every batch needs: the step's context, the journal's plan
    id, the source mappings, the erasure's config and the disposal maps."""

    ctx: StepContext
    plan_id: str
    sources: dict[str, SourceMapping]
    config: ErasureConfig
    maps: DisposalMaps


def _run_live(run: _Execution, items: list[Item]) -> dict[str, int]:
    """The live records through the retention executor, children before parents, per source."""
    source_urls, model = run.ctx.sources, run.config.model
    counts: dict[str, int] = {}
    by_source: dict[str, list[Item]] = {}
    for item in items:
        by_source.setdefault(item.source_system, []).append(item)
    for source_name, mine in sorted(by_source.items()):
        if source_name not in source_urls:
            raise ErasureError(f"source {source_name}: no connection; nothing of it can be erased")
        source = run.sources[source_name]
        entities = children_first(sorted({i.entity for i in mine}), model)
        source_engine = create_engine(source_urls[source_name])
        try:
            for action in ("destroy", "minimise"):
                for entity in entities:
                    groups: dict[str, list[Item]] = {}
                    for i in mine:
                        if i.entity == entity and i.action == action:
                            groups.setdefault(i.class_id, []).append(i)
                    for class_id, group in sorted(groups.items()):
                        counts_key = f"{source_name}.{entity}.{action}"
                        done = _run_group(run, source_engine, source, entity, class_id, action, group)
                        counts[counts_key] = counts.get(counts_key, 0) + done
        finally:
            source_engine.dispose()
    return counts


def _run_group(
    run: _Execution, source_engine: Engine, source: SourceMapping, entity: str, class_id: str, action: str, group
) -> int:
    """One class of one entity of one source (``group``: its items) through one executor batch; records done."""
    engine, now, plan_id, maps = run.ctx.engine, run.ctx.now, run.plan_id, run.maps
    policy, model, key = run.config.policy, run.config.model, run.config.key
    media_root = run.ctx.media_roots.get(source.name)
    key_name = model.entity(entity).key
    fields = []
    if action == "minimise":
        fields = sorted({f for r in policy.field_rules(entity) if r.class_ == class_id for f in (r.fields or [])})
    target, reason = resolve_target(source, entity, key_name, fields, whole_rows=action == "destroy", maps=maps)
    if target is None:
        raise ErasureError(f"{source.name}.{entity}: cannot be erased here ({reason})")
    if any(i.file_path for i in group) and media_root is None and action == "destroy":
        raise ErasureError(f"{source.name}.{entity}: records with files; give the source's media root")
    vendor = Table(target.table, MetaData(), autoload_with=source_engine)
    subject = policy.subject_column(entity, model)
    frame = pd.DataFrame(
        {
            key_name: [i.key for i in group],
            "source_system": source.name,
            **({subject[1]: [i.subject_key for i in group]} if subject and subject[1] != key_name else {}),
            **({"file_path": [i.file_path for i in group]} if action == "destroy" else {}),
        }
    )
    job = executor.BatchJob(
        engine=engine,
        source_engine=source_engine,
        vendor=vendor,
        target=target,
        plan_id=plan_id,
        class_id=class_id,
        source=source.name,
        entity=entity,
        action=action,
        key_name=key_name,
        subject=subject,
        key=key,
        now=now,
        media_root=media_root,
        fields=[],
        dependants=(model, source) if action == "destroy" else None,
        maps=maps,
    )
    done, *_ = executor.run_batch(job, frame, pd.Series([i.hashed_id for i in group], index=frame.index))
    return done


def _research_remove(plan: ErasurePlan, patients: list[Item], master: bytes | None, data_root: Path | None) -> int:
    """The person's rows out of every release still kept of every dataset (by their pseudonym per dataset):
    the Parquet tables rewritten beside and swapped in, the analyst DuckDB file's rows deleted. Idempotent."""
    import duckdb

    from transforms.research import load_datasets
    from transforms.research.pseudonym import DatasetKey
    from transforms.research.publish import releases

    if not patients or master is None:
        return 0
    removed = 0
    for name, definition in sorted(load_datasets().items()):
        dkey = DatasetKey(master, definition.domain)
        pseudonyms = sorted({dkey.pseudonym("patient", p.source_system, p.key) for p in patients})
        for release in releases(name, data_root):
            for table_name, table in definition.tables.items():
                path = release / f"{table_name}.parquet"
                column = table.pseudonym_column
                if not path.exists():
                    continue
                data = pq.read_table(path)
                if column not in data.column_names:
                    continue
                values = data.column(column).to_pylist()
                keep = [v not in set(pseudonyms) for v in values]
                if all(keep):
                    continue
                tmp = path.with_name(path.name + ".erasure-tmp")
                pq.write_table(data.filter(pa.array(keep)), tmp, compression="zstd")
                tmp.replace(path)
                removed += len(keep) - sum(keep)
            analyst = release / f"{name}.duckdb"
            if analyst.exists():
                with duckdb.connect(str(analyst)) as con:
                    for table_name, table in definition.tables.items():
                        con.execute(
                            f'DELETE FROM "{table_name}" WHERE "{table.pseudonym_column}" IN '
                            "(SELECT unnest(?::VARCHAR[]))",
                            [pseudonyms],
                        )
    return removed


def _text_remove(plan_id: str, items: list[Item], key: bytes, model: CanonicalModel, data_root: Path | None) -> int:
    """The person's records out of the anonymised text output, kept records' texts too (the person asked)."""
    removed = 0
    for entity in purge.TEXT_ENTITIES:
        wanted = {i.hashed_id: i.class_id for i in items if i.entity == entity and i.action in ("destroy", "keep")}
        folder = purge.text_output_dir(data_root) / entity
        purge.recover(folder.parent)
        if not wanted or not (folder / staging.MANIFEST).exists():
            continue
        counts = purge.purge_partition(
            folder,
            plan_id + "-text",
            entity=entity,
            key_column=model.entity(entity).key,
            actions=purge.Actions(remove=wanted),
            key=key,
        )
        removed += sum(c.get("removed", 0) for c in (counts or {}).values())
    return removed


def _staging_purge(
    plan_id: str,
    items: list[Item],
    key: bytes,
    policy: RetentionPolicy,
    model: CanonicalModel,
    data_root: Path | None,
) -> dict[str, dict[str, int]]:
    """The erased records out of every committed staging partition (older versions too), minimised fields NULL
    there: every erased item, also those another plan journalled before (a record unloaded to the archive
    whose staged copy is still there). A partition marked for this erasure is skipped (a re-run does the rest).
    Returns counts per class (removed, minimised) done now."""
    per: dict[tuple[str, str], purge.Actions] = {}
    for i in items:
        actions = per.setdefault((i.source_system, i.entity), purge.Actions())
        if i.action == "destroy":
            actions.remove[i.hashed_id] = i.class_id
        elif i.action == "minimise":
            fields = sorted({f for r in policy.field_rules(i.entity) if r.class_ == i.class_id for f in r.fields or []})
            actions.nullify[i.hashed_id] = (i.class_id, fields)
    totals: dict[str, dict[str, int]] = {}
    for (source, entity), actions in sorted(per.items()):
        if not actions:
            continue
        purge.recover(staging.staging_root(data_root) / source / entity)
        for partition in staging.committed_partitions(source, entity, data_root):
            counts = purge.purge_partition(
                partition, plan_id, entity=entity, key_column=model.entity(entity).key, actions=actions, key=key
            )
            for class_id, per_class in (counts or {}).items():
                for what, n in per_class.items():
                    totals.setdefault(class_id, {})[what] = totals.setdefault(class_id, {}).get(what, 0) + n
    return totals


def _shred(engine: Engine, request_id: str, items: list[Item], key: bytes, now: dt.datetime) -> int:
    """Destroy the person's archive keys of the erased classes (per subject and source); kept classes stay."""
    per_subject: dict[str, set[str]] = {}
    for i in items:
        if i.origin in ("archive", "staging") and i.action == "destroy" and i.subject_key is not None:
            per_subject.setdefault(hashing.hash_id(key, i.source_system, "patient", i.subject_key), set()).add(
                i.class_id
            )
    shredded = 0
    for subject_hash, classes in sorted(per_subject.items()):
        if archive.erase_subject(
            engine, subject_hash, erased_at=now, reason=f"request {request_id}", classes=sorted(classes)
        ):
            shredded += 1
    return shredded


def execute_erasure(ctx: StepContext, request_id: str) -> dict:
    """Carry out an approved erasure (see the module docstring for the order); safe to re-run after a crash at
    any point. Returns counts (JSON-safe) and audits them once."""
    engine, now, data_root = ctx.engine, ctx.now, ctx.data_root
    plan = load_plan(engine, request_id, unseal=True)
    if plan.status in ("planned", "rejected"):
        raise ErasureError(f"request {request_id}: the erasure is {plan.status}, not approved; nothing is done")
    config = ErasureConfig.of(ctx)
    policy, model, key = config.policy, config.model, config.key
    keys = ctx.keys or LocateKeys.from_env()
    plan_id = plan_id_for(request_id)
    run = _Execution(ctx, plan_id, {s.name: s for s in load_sources()}, config, load_disposal_maps())
    gone_items = [i for i in plan.items if i.origin == "staging" and i.erased]
    done = _run_live(run, [i for i in plan.items if i.origin == "live" and i.erased])
    _journal_gone(engine, plan_id, gone_items, now)
    shredded = _shred(engine, request_id, plan.items, key, now)
    patients = [i for i in plan.items if i.entity == "patient" and i.action != "minimise"]
    research = _research_remove(plan, patients if plan.research else [], keys.research_master, data_root)
    texts = _text_remove(plan_id, plan.items, key, model, data_root)
    purged = _staging_purge(plan_id, plan.items, key, policy, model, data_root)
    suppressions = consent.record_suppression(
        engine, request_id, _suppressed_subjects(engine, plan.items, key), now=now
    )
    evidence = journal_counts(engine, request_id)
    report = {
        "request_id": request_id,
        "live": evidence,
        "done_now": done,
        "archive_subjects_shredded_now": shredded,
        "research_rows_removed_now": research,
        "text_removed_now": texts,
        "staging": purged,
        "suppression_entries_now": suppressions,
    }
    if plan.status == "approved":
        with chain.write_transaction(engine) as conn:
            conn.execute(
                update(REQUEST_ERASURES)
                .where(REQUEST_ERASURES.c.request_id == request_id, REQUEST_ERASURES.c.status == "approved")
                .values(status="executed", executed_at=utc_naive(now))
            )
            chain.append_in(
                conn,
                "request.erasure_executed",
                {"request_id": request_id, "journal": evidence, "staging": purged, "digest": plan.digest()},
                recorded_at=now,
            )
    log.info("erasure %s executed: %s", request_id, json.dumps(evidence, sort_keys=True))
    return report


def _suppressed_subjects(engine: Engine, items: list[Item], key: bytes) -> list[tuple[str, str]]:
    """(source, patient hash) of the erased person's patient records that had consent records (rows in the
    source or entries in the ledger): their minimal suppression entry stays so an objection keeps working."""
    patients = {(i.source_system, i.hashed_id) for i in items if i.entity == "patient"}
    preferences = {
        (i.source_system, hashing.hash_id(key, i.source_system, "patient", i.subject_key))
        for i in items
        if i.class_id == "objection_consent_records" and i.erased and i.subject_key is not None
    }
    return sorted(patients & (preferences | consent.ledger_subjects(engine)))


def journal_counts(engine: Engine, request_id: str) -> dict[str, int]:
    """What the journal says the erasure did: ``<source>.<entity>.<action>:<status>`` -> records."""
    j = DISPOSE_JOURNAL.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(j.source_system, j.entity, j.action, j.status).where(j.plan_id == plan_id_for(request_id))
        ).all()
    return dict(sorted(Counter(f"{r.source_system}.{r.entity}.{r.action}:{r.status}" for r in rows).items()))


# --- verifying -------------------------------------------------------------------------------------------------


def verify_erasure(ctx: StepContext, request_id: str) -> dict:
    """Re-query what the erasure did: no destroyed record in a live system or the staging, minimised fields
    empty, the shredded archive keys gone. Audited; ``ok`` False lists the problems (counts per place)."""
    engine, now, data_root, source_urls = ctx.engine, ctx.now, ctx.data_root, ctx.sources
    config = ErasureConfig.of(ctx)
    model, policy, key = config.model, config.policy, config.key
    sources = {s.name: s for s in load_sources()}
    maps = load_disposal_maps()
    plan = load_plan(engine, request_id, unseal=True)
    j = DISPOSE_JOURNAL.c
    with engine.connect() as conn:
        done = conn.execute(
            select(j.hashed_id, j.entity, j.source_system, j.action, j.class_id).where(
                j.plan_id == plan_id_for(request_id), j.status == "done"
            )
        ).all()
    problems: list[dict] = []
    by_place: dict[tuple[str, str, str], set[str]] = {}
    for r in done:
        by_place.setdefault((r.source_system, r.entity, r.action), set()).add(r.hashed_id)
    keys_of = {i.hashed_id: i.key for i in plan.items}
    for (source_name, entity, action), ids in sorted(by_place.items()):
        if source_name not in source_urls:
            continue
        source_engine = create_engine(source_urls[source_name])
        try:
            fields = (
                sorted({f for r in policy.field_rules(entity) for f in (r.fields or [])})
                if action == "minimise"
                else []
            )
            target, _ = resolve_target(
                sources[source_name], entity, model.entity(entity).key, fields, whole_rows=False, maps=maps
            )
            table = Table(target.table, MetaData(), autoload_with=source_engine)
            wanted = [keys_of[h] for h in ids if h in keys_of]
            with source_engine.connect() as conn:
                applied = live.already_applied(
                    conn, table, target, "destroy" if action == "destroy" else "minimise", wanted, {}
                )
            left = len(set(wanted) - applied)
            if left:
                problems.append({"place": f"{source_name}.{entity}", "action": action, "still_present": left})
        finally:
            source_engine.dispose()
    # the staging: no destroyed record of the person in any committed partition (whoever journalled it)
    destroyed: dict[tuple[str, str], set[str]] = {}
    for i in plan.items:
        if i.action == "destroy":
            destroyed.setdefault((i.source_system, i.entity), set()).add(i.hashed_id)
    for (source_name, entity), ids in sorted(destroyed.items()):
        present = 0
        for partition in staging.committed_partitions(source_name, entity, data_root):
            manifest = json.loads((partition / staging.MANIFEST).read_text())
            table = pq.read_table(
                partition / manifest.get("file", staging.DATA_FILE), columns=[model.entity(entity).key]
            )
            keys = [str(k) for k in table.column(0).to_pylist()]
            present += sum(1 for h in hashing.hash_ids(key, [source_name] * len(keys), entity, keys) if h in ids)
        if present:
            problems.append({"place": f"staging.{source_name}.{entity}", "action": "destroy", "still_present": present})
    # the archive: no readable key left for an erased class of the person
    shredded = {
        (hashing.hash_id(key, i.source_system, "patient", i.subject_key), i.class_id)
        for i in plan.items
        if i.origin in ("archive", "staging") and i.action == "destroy" and i.subject_key is not None
    }
    if shredded:
        register.ensure_tables(engine, ARCHIVE_DATA_KEYS)
        with engine.connect() as conn:
            readable = sum(
                1
                for r in conn.execute(
                    select(ARCHIVE_DATA_KEYS.c.subject_hash, ARCHIVE_DATA_KEYS.c.class_id).where(
                        ARCHIVE_DATA_KEYS.c.wrapped_key.is_not(None),
                        ARCHIVE_DATA_KEYS.c.subject_hash.in_(sorted({s for s, _ in shredded})),
                    )
                )
                if (r.subject_hash, r.class_id) in shredded
            )
        if readable:
            problems.append({"place": "archive", "action": "shred", "still_present": readable})
    pending = sum(n for k, n in journal_counts(engine, request_id).items() if k.endswith(":pending"))
    if pending:
        problems.append({"place": "journal", "action": "pending", "still_present": pending})
    report = {"request_id": request_id, "checked": len(done), "problems": problems, "ok": not problems}
    chain.append(engine, "request.erasure_verified", report, recorded_at=now)
    if report["ok"] and plan.status == "executed":
        store.mark(engine, REQUEST_ERASURES, request_id, "verified", "verified_at", now)
    return report


# --- the letter ------------------------------------------------------------------------------------------------


def letter_lines(plan: ErasurePlan, journal: Mapping[str, int] | None = None) -> tuple[list[str], list[str]]:
    """(erased, kept): Dutch sentences per kind of data, with counts, rule, basis and until when. Records the
    executor kept after all (a hold placed since, a record that still points at it) count as kept."""
    from transforms.requests.letters import dutch_date
    from transforms.requests.package import LABELS

    cancelled = {k.split(":")[0] for k, n in (journal or {}).items() if k.endswith(":cancelled") and n}
    erased: dict[tuple[str, str], int] = {}
    kept: dict[tuple[str, str, dt.date | None], int] = {}
    for i in plan.items:
        label = LABELS.get(i.entity, i.entity)
        if i.action == "minimise":
            label = f"{label}: uw adres- en contactgegevens"
        if i.erased and f"{i.source_system}.{i.entity}.{i.action}" not in cancelled:
            erased[(label, i.rule)] = erased.get((label, i.rule), 0) + 1
        elif not i.erased:
            kept[(label, i.rule, i.keep_until)] = kept.get((label, i.rule, i.keep_until), 0) + 1
    erased_lines = [f"{label} ({n}): {RULES[rule][1]}" for (label, rule), n in sorted(erased.items())]
    if plan.research:
        rows = sum(r["rows"] for r in plan.research)
        erased_lines.append(f"Uw gegevens in onderzoeksbestanden van onze kwaliteitsafdeling ({rows} regels): gewist")
    if plan.text_outputs:
        erased_lines.append(f"Geanonimiseerde teksten uit uw dossier ({plan.text_outputs}): gewist")
    kept_lines = [
        f"{label} ({n}): {RULES[rule][1]} ({RULES[rule][2]})"
        + (f", tot en met {dutch_date(until)}" if until else ", zolang die reden bestaat")
        for (label, rule, until), n in sorted(kept.items(), key=lambda kv: (kv[0][0], kv[0][1], str(kv[0][2])))
    ]
    return erased_lines, kept_lines


def write_decision_letter(
    engine: Engine, request_id: str, *, letter_date: dt.date, data_root: Path | None = None
) -> Path:
    """The Dutch response letter: what was erased, what was kept under which rule and until when."""
    from transforms.requests.letters import write_outcome_letter

    plan = load_plan(engine, request_id)
    erased, kept = letter_lines(plan, journal_counts(engine, request_id))
    record = store.get_request(engine, request_id)
    return write_outcome_letter(
        record, answer="erasure", letter_date=letter_date, done=erased, not_done=kept, data_root=data_root
    )


def answer(ctx: StepContext, request_id: str) -> Path:
    """Write the letter and mark the request answered: ``partially_provided`` when anything was kept (partial
    fulfilment is normal: the letter says what and why), else ``provided``. Returns the letter's path."""
    engine, day = ctx.engine, ctx.day
    plan = load_plan(engine, request_id)
    if plan.status != "verified":
        raise ErasureError(f"request {request_id}: the erasure is {plan.status}; answer once it is verified")
    path = write_decision_letter(engine, request_id, letter_date=day, data_root=ctx.data_root)
    kept = any(not i.erased for i in plan.items)
    if store.get_request(engine, request_id).status not in store.FINAL_STATUSES:
        store.set_status(
            engine,
            request_id,
            "answered",
            now=ctx.now,
            outcome="partially_provided" if kept else "provided",
            closed_on=day,
        )
    return path
