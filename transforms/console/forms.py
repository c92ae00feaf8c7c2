"""The console's writing forms, validated on the server before anything is stored: placing and lifting legal
holds, and the intake of a subject request.

A refused form raises ``FormError`` whose message names the field and the rule, never the value: the page shows
it, and nothing of a refused input is stored, logged or echoed back. The choice lists come from config (sources,
subject kinds, entities, classes, reasons), so a misspelled source or class cannot be stored; a person or record
hold must name a key that exists in the staging, so the officer never believes someone is held who is not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine

from transforms.console import fmt
from transforms.console.retention import class_name

MAX_TEXT = 200


# the forms' field names as their labels read, for the refusal a person sees
LABELS = {
    "scope": "Scope",
    "reason": "Reason",
    "source_system": "Practice system",
    "subject_kind": "Kind of person",
    "subject_key": "Internal key",
    "entity": "Entity",
    "record_key": "Record key",
    "class_id": "Retention class",
    "reference": "Reference",
    "hold_id": "Hold",
    "hold": "Hold",
    "types": "What is asked",
    "received_at": "Received at",
    "id_kind": "Identification",
    "id_source": "Practice system",
    "id_value": "Identification value",
    "date_of_birth": "Date of birth",
    "requester": "Requester",
    "representative_kind": "Representative",
    "evidence": "Evidence reference",
    "identity_requested_on": "Proof of identity asked for on",
    "identity_verified_on": "Identity verified on",
}


class FormError(ValueError):
    """A refused form: ``field`` and a message without the refused value."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    @property
    def shown(self) -> str:
        """The refusal as the form shows it: the field's label and the rule."""
        return f"{LABELS.get(self.field, fmt.sentence(self.field))}: {self.message}"


@dataclass(frozen=True)
class HoldChoices:
    """What the hold form offers (value, words), all from config."""

    scopes: list[tuple[str, str]]
    reasons: list[tuple[str, str]]
    sources: list[tuple[str, str]]
    subject_kinds: list[tuple[str, str]]
    entities: list[tuple[str, str]]
    classes: list[tuple[str, str]]


def hold_choices() -> HoldChoices:
    from transforms.retention.holds import REASONS, SCOPES
    from transforms.retention.policy import load_policy
    from transforms.sources.config import load_sources

    policy = load_policy()
    return HoldChoices(
        scopes=[(s, fmt.sentence(s)) for s in SCOPES],
        reasons=[(r, fmt.sentence(r)) for r in REASONS],
        sources=[(s.name, s.name) for s in load_sources()],
        subject_kinds=[(k, fmt.sentence(k)) for k in sorted(policy.subjects)],
        entities=[(e, fmt.sentence(e)) for e in sorted(policy.entities)],
        classes=sorted(((c, class_name(c, policy)) for c in policy.classes), key=lambda kv: kv[1].lower()),
    )


def not_a_direct_identifier(field: str, value: str | None, *, key: bool = True) -> None:
    """Refuse what is plainly a BSN, an e-mail address or (for a key field) a name instead of an internal key;
    the message names the field, not the value."""
    from transforms.identifiers.checksums import is_valid_bsn

    if not value:
        return
    text = value.strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    bsn = len(digits) in (8, 9) and is_valid_bsn(digits.zfill(9)) and len(text) - len(digits) <= 2
    name_like = key and (any(ch.isspace() for ch in text) or (bool(text) and not digits))
    if "@" in text or bsn or name_like:
        raise FormError(field, "give the practice system's internal key, never a name, BSN or e-mail address")


def _text(values: Mapping[str, str], name: str) -> str | None:
    value = (values.get(name) or "").strip()
    if len(value) > MAX_TEXT:
        raise FormError(name, f"longer than {MAX_TEXT} characters")
    if any(ord(ch) < 32 for ch in value):
        raise FormError(name, "contains control characters")
    return value or None


def _choice(values: Mapping[str, str], name: str, choices: list[tuple[str, str]], *, required: bool) -> str | None:
    value = _text(values, name)
    if value is None:
        if required:
            raise FormError(name, "choose one")
        return None
    if value not in {v for v, _ in choices}:
        raise FormError(name, "not one of the choices offered")
    return value


def key_exists(entity: str, source: str, key: str, data_root: Path | None = None) -> bool:
    """Whether the staging's current state of ``entity`` in ``source`` has a record with this key."""
    import duckdb

    from transforms.kernel.canonical import load_model
    from transforms.kernel.staging import current_state_sql, staged_files

    files = staged_files(entity, [source], data_root)
    if not files:
        return False
    column = load_model().entity(entity).key
    # the window, not current_state_relation: this key filter is pushed below the window (only matching rows
    # reach it), while the check would read every key
    query = current_state_sql(files, column, [column])
    with duckdb.connect() as con:
        found = con.execute(f'SELECT count(*) FROM ({query}) WHERE CAST("{column}" AS VARCHAR) = ?', [key]).fetchone()
    return bool(found and found[0])


def place_hold_from_form(
    engine: Engine, values: Mapping[str, str], *, placed_by: str, now: dt.datetime, data_root: Path | None = None
) -> str:
    """Validate the hold form and place the hold; returns its id. Only the fields of the chosen scope are read
    (a value typed in another scope's field is ignored, never stored)."""
    from transforms.kernel.canonical import load_model
    from transforms.retention import holds
    from transforms.retention.policy import load_policy

    choices = hold_choices()
    scope = _choice(values, "scope", choices.scopes, required=True)
    reason = _choice(values, "reason", choices.reasons, required=True)
    reference = _text(values, "reference")
    not_a_direct_identifier("reference", reference, key=False)
    fields: dict[str, str | None] = {"reference": reference}
    policy = load_policy()
    if scope == "person":
        fields["source_system"] = _choice(values, "source_system", choices.sources, required=True)
        fields["subject_kind"] = _choice(values, "subject_kind", choices.subject_kinds, required=True)
        fields["subject_key"] = _text(values, "subject_key")
        fields["class_id"] = _choice(values, "class_id", choices.classes, required=False)
        if not fields["subject_key"]:
            raise FormError("subject_key", "give the person's internal key in that practice system")
        not_a_direct_identifier("subject_key", fields["subject_key"])
        entity = policy.subjects[fields["subject_kind"]]
        if not key_exists(entity, fields["source_system"], fields["subject_key"], data_root):
            raise FormError(
                "subject_key",
                f"no {fmt.words(fields['subject_kind'])} with this key in {fields['source_system']} (as of the "
                "last extraction): nothing was stored; check the key in the practice system",
            )
    elif scope == "record":
        fields["source_system"] = _choice(values, "source_system", choices.sources, required=True)
        fields["entity"] = _choice(values, "entity", choices.entities, required=True)
        fields["record_key"] = _text(values, "record_key")
        if not fields["record_key"]:
            raise FormError("record_key", "give the record's key in that practice system")
        not_a_direct_identifier("record_key", fields["record_key"])
        if not key_exists(fields["entity"], fields["source_system"], fields["record_key"], data_root):
            raise FormError(
                "record_key",
                f"no {fmt.words(fields['entity'])} with this key in {fields['source_system']} (as of the last "
                "extraction): nothing was stored",
            )
    else:
        fields["class_id"] = _choice(values, "class_id", choices.classes, required=True)
        fields["source_system"] = _choice(values, "source_system", choices.sources, required=False)
    try:
        return holds.place_hold(
            engine,
            scope=scope,
            reason=reason,
            placed_by=placed_by,
            placed_at=now,
            policy=policy,
            model=load_model(),
            **fields,
        )
    except holds.HoldError:
        # its messages may quote a value; the checks above make this unreachable for a valid form
        raise FormError("hold", "the register refused this hold; nothing was stored") from None


def lift_hold_from_form(engine: Engine, values: Mapping[str, str], *, lifted_by: str, now: dt.datetime) -> str:
    """Lift the hold whose id the form names (an id of the holds list, nothing else)."""
    from transforms.retention import holds

    hold_id = _text(values, "hold_id")
    if not hold_id or not hold_id.isalnum() or len(hold_id) != 32:
        raise FormError("hold_id", "not a hold id from the list")
    try:
        holds.lift_hold(engine, hold_id, lifted_by=lifted_by, lifted_at=now)
    except holds.HoldError:
        raise FormError("hold_id", "no hold in force with this id") from None
    return hold_id


# --- subject-request intake ------------------------------------------------------------------------------------

IDENTIFICATION_FIELDS = ("bsn", "patient_numbers", "email", "phone", "name", "employee_number", "applicant_number")
IDENTIFICATION_KINDS = (
    ("bsn", "BSN"),
    ("patient_number", "Patient number in a practice system"),
    ("email", "E-mail address"),
    ("phone", "Phone number"),
    ("name_and_birth", "Name and date of birth"),
    ("employee_number", "Employee number"),
    ("applicant_number", "Applicant number"),
)


def _date(values: Mapping[str, str], name: str) -> dt.date | None:
    value = _text(values, name)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise FormError(name, "not a date (YYYY-MM-DD)") from None


def _received(values: Mapping[str, str], today: dt.date) -> dt.datetime:
    from transforms.kernel.timeutil import AMSTERDAM

    value = _text(values, "received_at")
    if value is None:
        raise FormError("received_at", "say when the request was received")
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise FormError("received_at", "not a date and time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=AMSTERDAM)  # typed in Amsterdam time
    if moment.astimezone(AMSTERDAM).date() > today:
        raise FormError("received_at", "lies in the future")
    return moment


def register_request_from_form(engine: Engine, values: Mapping[str, str], types: list[str], *, now: dt.datetime) -> str:
    """Validate the intake form and register the request (identifiers stored encrypted by the store); returns
    the request id. Every refusal names the field, never the value."""
    from transforms.requests import intake
    from transforms.requests.deadlines import TYPES

    if not types:
        raise FormError("types", "choose at least one type of request")
    if set(types) - set(TYPES):
        raise FormError("types", "not one of the choices offered")
    today = fmt.local(now).date()
    received = _received(values, today)
    kind = _choice(values, "id_kind", list(IDENTIFICATION_KINDS), required=True)
    value = _text(values, "id_value")
    if not value:
        raise FormError("id_value", "give the identification")
    requester = _choice(
        values, "requester", [("person", "person"), ("representative", "representative")], required=True
    )
    representative = _choice(values, "representative_kind", [(k, k) for k in intake.REPRESENTATIVES], required=False)
    if requester == "representative" and representative is None:
        raise FormError("representative_kind", "say what kind of representative")
    evidence = _text(values, "evidence")
    if requester == "representative" and not evidence:
        raise FormError("evidence", "give the reference to the representative's evidence")
    identification: dict[str, object] = {kind: value}
    if kind == "name_and_birth":
        identification = {"name": value, "date_of_birth": _date(values, "date_of_birth")}
        if identification["date_of_birth"] is None:
            raise FormError("date_of_birth", "a name needs the date of birth")
    elif kind == "patient_number":
        source = _choice(values, "id_source", hold_choices().sources, required=True)
        identification = {"patient_numbers": [(source, value)]}
    try:
        # the one intake door (the CLI's `requests new` uses it too): validates and stores encrypted
        record = intake.register_from_values(
            engine,
            types=types,
            received=received,
            **identification,
            representative=representative if requester == "representative" else None,
            evidence=evidence if requester == "representative" else None,
            notes=_text(values, "notes"),
            identity_requested_on=_date(values, "identity_requested_on"),
            identity_verified_on=_date(values, "identity_verified_on"),
            now=now,
        )
    except intake.IntakeError as exc:
        field = {"received": "received_at", "representative": "representative_kind"}.get(exc.field, exc.field)
        if field in IDENTIFICATION_FIELDS:
            field = "id_value"
        rule = str(exc).partition(": ")[2] or str(exc)
        raise FormError(field or "request", rule) from None
    return record.request_id
