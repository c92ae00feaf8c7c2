"""One request through the DAG (``dags/dcn_subject_request.py``): start, locate, a person decides, answer.

The DAG run gets the **request id** and nothing else (run conf ``{"request_id": "REQ-..."}``, checked by
:func:`request_id_from_conf` before anything is read). Every step reads what it needs from the register
(identifiers decrypted in the worker, in memory) and returns counts, labels and kinds (XCom).

1. :func:`start`: the request exists and may be executed (identity verified, not closed); ``in_progress``.
2. :func:`locate_step`: ``locate`` the person. When the result needs a person's decision (two candidates
   that both fit, a weak match only), each candidate gets an **opaque label** ("Kandidaat A", ...), shown
   with non-identifying facts only: practice system, practice, kind of record, match level, the identifier
   *kinds* that fit, counts of the records that belong to it and of texts that may name other people. Free
   text flagged for review (``package.review_flags``) is counted per kind of record and reason. The label ->
   record mapping is kept sealed (AES-GCM under the requests key) in ``<data_root>/requests/work/<id>/``;
   ``approval_text`` is the Markdown the approval step shows.
3. The approval step (Airflow human-in-the-loop, ``OPTIONS``): the officer picks the candidate(s) that are
   the person, or approves the flagged texts, or rejects; ``flagged_texts`` says whether flagged texts go
   into the package as written (WGBO: the person's own file) or are withheld. Nothing is ever guessed.
4. :func:`answer`: with the decision (or without one when nothing needed deciding): ``locate`` again with
   ``decided=`` the chosen records, build the access / portability packages, seal each password for the
   officer (``python -m transforms requests password ID``, shown once), register each package for its
   retention class (``request_packages``), write the Dutch letter, mark the request answered.

No answer, a timeout or a rejection: nothing is built, the request stays in progress, the register and the
audit chain say why.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import os
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine

from transforms import settings
from transforms.kernel.timeutil import AMSTERDAM
from transforms.requests import crypto, store
from transforms.requests.approval import APPROVE, CANDIDATE, FLAGGED_CHOICES, LABELS, OPTIONS, REJECT
from transforms.requests.context import StepContext

__all__ = ["OPTIONS", "WorkflowError", "answer", "locate_step", "request_id_from_conf", "reveal_password", "start"]

log = logging.getLogger(__name__)

REQUEST_ID = re.compile(r"REQ-[A-Z2-7]{12}")
PACKAGED = ("access", "portability")


class WorkflowError(RuntimeError):
    """The request cannot go on as asked; the message names ids, labels and counts, never a value."""


def request_id_from_conf(conf: Mapping | None) -> str:
    """The request id of a DAG run's conf, which must hold ``request_id`` and nothing else. Neither a wrong
    value nor an unexpected key is repeated (either may be something typed that identifies a person)."""
    conf = dict(conf or {})
    extra = set(conf) - {"request_id"}
    if extra:
        raise WorkflowError(
            f"run conf: only request_id is accepted ({len(extra)} other key(s) given, not shown); identifiers "
            "are registered with python -m transforms requests new, never passed to a DAG"
        )
    value = conf.get("request_id")
    if not isinstance(value, str) or REQUEST_ID.fullmatch(value) is None:
        raise WorkflowError("run conf: request_id missing or not a request id (REQ- and 12 characters)")
    return value


# --- the sealed work state between the steps --------------------------------------------------------------


@dataclass
class WorkState:
    """What the approval step's labels stand for, sealed beside the data: label -> (source, entity, key)."""

    status: str
    candidates: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    flagged: int = 0


def _state_path(request_id: str, data_root: Path | None) -> Path:
    return (data_root or settings.data_root()) / "requests" / "work" / request_id / "state.sealed"


def save_state(request_id: str, state: WorkState, data_root: Path | None = None) -> Path:
    path = _state_path(request_id, data_root)
    path.parent.mkdir(parents=True, exist_ok=True)
    plain = json.dumps(state.__dict__, sort_keys=True).encode("utf-8")
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(crypto.seal(crypto.request_key(), request_id, "work:state", plain))
    tmp.chmod(0o600)
    os.replace(tmp, path)
    return path


def load_state(request_id: str, data_root: Path | None = None) -> WorkState:
    path = _state_path(request_id, data_root)
    if not path.exists():
        raise WorkflowError(f"{request_id}: not located yet (no work state): run the locate step first")
    data = json.loads(crypto.open_sealed(crypto.request_key(), request_id, "work:state", path.read_bytes()))
    data["candidates"] = {k: tuple(v) for k, v in data["candidates"].items()}
    return WorkState(**data)


# --- the package password: shown once ---------------------------------------------------------------------


def _password_path(request_id: str, kind: str, data_root: Path | None) -> Path:
    # beside the package it opens: tracked with it for the retention class, deleted with it
    return (data_root or settings.data_root()) / "requests" / "packages" / request_id / kind / f"{kind}.password.sealed"


def seal_password(request_id: str, kind: str, password: str, data_root: Path | None = None) -> Path:
    """Keep a package password sealed until the officer reads it once (:func:`reveal_password`)."""
    path = _password_path(request_id, kind, data_root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(crypto.seal(crypto.request_key(), request_id, f"password:{kind}", password.encode("utf-8")))
    path.chmod(0o600)
    return path


def reveal_password(request_id: str, kind: str, data_root: Path | None = None) -> str:
    """The password of a package built by the DAG, once: the sealed copy is deleted as it is read."""
    path = _password_path(request_id, kind, data_root)
    if not path.exists():
        raise WorkflowError(f"{request_id}: no {kind} password waiting (already shown, or no package built)")
    password = crypto.open_sealed(crypto.request_key(), request_id, f"password:{kind}", path.read_bytes())
    path.unlink()
    return password.decode("utf-8")


# --- the steps --------------------------------------------------------------------------------------------


def start(engine: Engine, request_id: str, *, now: dt.datetime) -> dict:
    """Check the request may be executed now; mark it in progress. Returns ids, types and reasons only."""
    record = store.get_request(engine, request_id)
    reasons = store.refusals(record)
    if not reasons and record.status != "in_progress":
        store.set_status(engine, request_id, "in_progress", now=now)
    return {"request_id": request_id, "types": list(record.types), "executable": not reasons, "reasons": reasons}


def _practice_names(data_root: Path | None) -> dict[tuple[str, str], str]:
    from transforms.kernel.staging import read_entity

    try:
        frame = read_entity("practice", "practice_id", data_root=data_root)
    except FileNotFoundError:
        return {}
    return {(s, str(p)): n for s, p, n in frame[["source_system", "practice_id", "name"]].itertuples(index=False)}


def _flag_counts(flags) -> dict[str, int]:
    # the reason kind without its detail ("noemt een andere naam", not which)
    counts = Counter(f"{flag.entity}: {reason.split(':')[0]}" for flag in flags for reason in flag.reasons)
    return dict(sorted(counts.items()))


def _locate(ctx: StepContext, request_id: str):
    """``locate_person`` of the request in ``ctx``'s practice systems, data root, keys and archive; ``decided``
    may be given (the candidates a person chose)."""
    from transforms.requests.locate import locate_person

    return functools.partial(
        locate_person,
        ctx.engine,
        request_id,
        sources=ctx.sources,
        data_root=ctx.data_root,
        keys=ctx.keys,
        archive_root=ctx.archive_root,
    )


def locate_step(ctx: StepContext, request_id: str) -> dict:
    """Locate the person of a request; label the candidates a person must decide on; count flagged texts.
    Returns (for XCom and the approval step) statuses, labels, kinds and counts only."""
    from transforms.requests.package import review_flags

    data_root = ctx.data_root
    run = _locate(ctx, request_id)

    result = run()
    practices = _practice_names(data_root)
    candidates = sorted(
        result.needs_decision,
        key=lambda c: (c.subject.source_system, c.subject.entity, c.subject.key.zfill(20)),
    )
    if len(candidates) > len(LABELS):
        raise WorkflowError(
            f"{request_id}: {len(candidates)} candidates, more than the approval step can show ({len(LABELS)}); "
            "register the request with more identifiers"
        )
    state = WorkState(result.status)
    shown = []
    for label, candidate in zip(LABELS, candidates):
        state.candidates[label] = (candidate.subject.source_system, candidate.subject.entity, candidate.subject.key)
        # what the candidate would bring: its records and flagged texts, as counts
        alone = run(decided=[candidate.subject])
        summary = alone.summary()
        shown.append(
            {
                "label": CANDIDATE + label,
                "source_system": candidate.subject.source_system,
                "practice": practices.get(
                    (candidate.subject.source_system, str(candidate.record.row.get("practice_id"))), "-"
                ),
                "entity": candidate.subject.entity,
                "match": candidate.evidence.level,
                "fits": list(candidate.evidence.fits),
                "contradicts": list(candidate.evidence.contradicts),
                "reason": candidate.reason.split(":")[0],
                "records": sum(summary["records"].values()),
                "entities": len(summary["records"]),
                "flagged_texts": len(review_flags(alone, data_root)),
            }
        )
    flags = review_flags(result, data_root) if result.status == "found" else []
    state.flagged = len(flags)
    save_state(request_id, state, data_root)
    summary = result.summary()
    out = {
        "request_id": request_id,
        "status": result.status,
        "needs_approval": bool(shown or flags),
        "candidates": shown,
        "records": summary["records"],
        "flagged": _flag_counts(flags),
        "searched": sorted(summary["searched"]),
    }
    out["approval_text"] = approval_text(out)
    log.info(
        "request %s located: %s, %d candidate(s), %d flagged text(s)", request_id, result.status, len(shown), len(flags)
    )
    return out


def approval_text(located: dict) -> str:
    """The Markdown the approval step shows: labels, places, kinds and counts; never a value of the person."""
    rid = located["request_id"]
    lines = [f"**Verzoek {rid}**: {located['status']}.", ""]
    if located["candidates"]:
        lines += [
            "Meer dan één record past, of alleen zwak. Kies de kandidaat (of kandidaten) die de persoon is, "
            f"of **{REJECT}**. Er wordt niets verstuurd zonder uw keuze.",
            "",
            "| kandidaat | systeem | praktijk | soort record | overeenkomst | past op | spreekt tegen | "
            "reden | records | teksten ter beoordeling |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for c in located["candidates"]:
            lines.append(
                f"| {c['label']} | {c['source_system']} | {c['practice']} | {c['entity']} | {c['match']} | "
                f"{', '.join(c['fits']) or '-'} | {', '.join(c['contradicts']) or '-'} | {c['reason'] or '-'} | "
                f"{c['records']} in {c['entities']} soorten | {c['flagged_texts']} |"
            )
        lines.append("")
    elif located["records"]:
        lines += ["Gevonden records per systeem en soort:", ""]
        lines += [f"- {place}: {count}" for place, count in sorted(located["records"].items())]
        lines.append("")
    if located["flagged"] or any(c["flagged_texts"] for c in located["candidates"]):
        lines += [
            "**Teksten die mogelijk een ander noemen** (WGBO: uit het eigen dossier, zoals geschreven; u "
            "beoordeelt ze). Per soort en reden:",
            "",
        ]
        lines += [f"- {label}: {count}" for label, count in located["flagged"].items()] or [
            "- zie de kolom 'teksten ter beoordeling' hierboven"
        ]
        lines += [
            "",
            f"Lees ze met `python -m transforms requests review {rid}` (alleen op de beveiligde werkplek). "
            f"Kies **{APPROVE}** (of de kandidaat) en bij *flagged_texts* `include` (meesturen zoals geschreven) "
            "of `withhold` (achterhouden; de brief vermeldt dat).",
        ]
    return "\n".join(lines)


def _decision(state: WorkState, decision: Mapping | None, request_id: str) -> tuple[list[str], str] | str:
    """(the candidate labels chosen, the flagged-texts choice), or why nothing is to be done (a str). A
    choice that was not offered, or no choice where one was needed, raises: never guessed."""
    if decision is None:
        return "no_decision"
    chosen = list(decision.get("chosen_options") or [])
    if REJECT in chosen or not chosen:
        return "rejected"
    flagged = (decision.get("params_input") or {}).get("flagged_texts", "include")
    if flagged not in FLAGGED_CHOICES:
        raise WorkflowError(f"{request_id}: flagged_texts must be one of {', '.join(FLAGGED_CHOICES)}")
    labels = [o[len(CANDIDATE) :] for o in chosen if o.startswith(CANDIDATE)]
    unknown = [label for label in labels if label not in state.candidates]
    if unknown:
        raise WorkflowError(f"{request_id}: {', '.join(CANDIDATE + u for u in unknown)} was not offered")
    if state.candidates and not labels:
        raise WorkflowError(f"{request_id}: pick the candidate(s) that are the person, or {REJECT}")
    if not state.candidates and APPROVE not in chosen:
        raise WorkflowError(f"{request_id}: choose {APPROVE} or {REJECT}")
    return labels, flagged


def answer(ctx: StepContext, request_id: str, *, decision: Mapping | None, approver: str | None = None) -> dict:
    """Carry out the request after the approval step (``decision``: its answer, None when it did not run or
    nobody answered). Returns the outcome and counts only."""
    from transforms.requests.letters import letters_folder, write_letter
    from transforms.requests.locate import SubjectRef
    from transforms.requests.package import build_package, register_package, review_flags

    engine, now, data_root = ctx.engine, ctx.now, ctx.data_root

    state = load_state(request_id, data_root)
    record = store.get_request(engine, request_id)
    day = now.astimezone(AMSTERDAM).date()
    needs_approval = bool(state.candidates) or state.flagged > 0
    decided, flagged_choice = None, "include"
    if needs_approval:
        settled = _decision(state, decision, request_id)
        if isinstance(settled, str):
            # nothing built; the request stays open and the register says why (the officer can run it again)
            store.record_event(engine, request_id, settled, occurred_on=day, now=now, by=approver)
            log.info("request %s: %s, nothing built", request_id, settled)
            return {"request_id": request_id, "outcome": settled, "packages": 0}
        labels, flagged_choice = settled
        decided = [SubjectRef(*state.candidates[label]) for label in labels] if state.candidates else None
        store.record_event(
            engine,
            request_id,
            "decision",
            occurred_on=day,
            now=now,
            by=approver,
            chosen=[CANDIDATE + label for label in labels],
            flagged_texts=flagged_choice,
        )
    result = _locate(ctx, request_id)(decided=decided)
    if result.needs_decision:
        raise WorkflowError(f"{request_id}: the data changed since the decision; run the request again")
    letters = letters_folder(data_root)
    if not result.matches:
        write_letter(
            record, letters, letter_date=day, provided=[], withheld=["Wij hebben geen gegevens van u gevonden."]
        )
        store.set_status(engine, request_id, "answered", now=now, outcome="no_data", closed_on=day)
        return {"request_id": request_id, "outcome": "no_data", "packages": 0}
    withheld_records = 0
    if flagged_choice == "withhold":
        flagged = {(f.source_system, f.entity, f.key) for f in review_flags(result, data_root)}
        for match in result.matches:
            kept = [r for r in match.records if (r.source_system, r.entity, r.key) not in flagged]
            withheld_records += len(match.records) - len(kept)
            match.records = kept
    kinds = [k for k in PACKAGED if k in record.types]
    provided: list[str] = []
    counts: dict[str, int] = {}
    for kind in kinds:
        package = build_package(
            result,
            out_dir=(data_root or settings.data_root()) / "requests" / "packages" / request_id / kind,
            kind=kind,
            request_id=request_id,
            media_roots=ctx.media_roots,
            data_root=data_root,
        )
        seal_password(request_id, kind, package.password, data_root)
        register_package(package, delivered_on=day, request_id=request_id, data_root=data_root)
        provided += [f"{entity}: {count} gegeven(s)" for entity, count in sorted(package.entity_counts.items())]
        counts[kind] = sum(package.entity_counts.values())
    withheld = (
        [f"{withheld_records} tekst(en) die ook over een ander gaan; u kunt hierover contact met ons opnemen"]
        if withheld_records
        else []
    )
    write_letter(
        record,
        letters,
        letter_date=day,
        provided=provided,
        withheld=withheld,
        package_delivery="De gegevens ontvangt u als versleuteld ZIP-bestand; het wachtwoord krijgt u apart, "
        "via een ander kanaal."
        if kinds
        else None,
    )
    if kinds:
        store.set_status(
            engine,
            request_id,
            "answered",
            now=now,
            outcome="partially_provided" if withheld_records else "provided",
            closed_on=day,
        )
    else:
        store.record_event(engine, request_id, "located", occurred_on=day, now=now, matches=len(result.matches))
    log.info("request %s answered: %d package(s), %d record(s) withheld", request_id, len(kinds), withheld_records)
    return {
        "request_id": request_id,
        "outcome": ("partially_provided" if withheld_records else "provided") if kinds else "located",
        "packages": len(kinds),
        "records": counts,
        "withheld": withheld_records,
    }


def flagged_texts(ctx: StepContext, request_id: str) -> list[dict]:
    """The free texts the approval step counted as possibly naming someone else, in full, for the officer's
    review on the protected workstation (``python -m transforms requests review ID``): per candidate label
    when a candidate is still to be chosen. Never for a log, XCom or a page."""
    from transforms.requests.locate import SubjectRef
    from transforms.requests.package import TEXT_COLUMNS, review_flags

    data_root = ctx.data_root
    state = load_state(request_id, data_root)
    options = {CANDIDATE + label: [SubjectRef(*ref)] for label, ref in state.candidates.items()} or {"": None}
    out = []
    for label, decided in options.items():
        result = _locate(ctx, request_id)(decided=decided)
        rows = {(r.source_system, r.entity, r.key): r.row for r in result.records()}
        for flag in review_flags(result, data_root):
            row = rows.get((flag.source_system, flag.entity, flag.key), {})
            column = TEXT_COLUMNS.get(flag.entity)
            out.append(
                {
                    "candidate": label,
                    "source_system": flag.source_system,
                    "entity": flag.entity,
                    "key": flag.key,
                    "reasons": flag.reasons,
                    "text": row.get(column) if column else None,
                }
            )
    return out
