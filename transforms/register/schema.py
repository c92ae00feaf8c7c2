"""Every table of the privacy register, in one place, so an auditor can read what the register holds.

The register keeps **no personal data in the clear**: record and subject ids are HMAC-SHA256 hashes
(``DCN_RETENTION_HASH_KEY``), archive data keys are stored only wrapped under the master key, and free text
is never stored (a hold's ``reference`` is a case number). Table and column names are those of registers
already in use: renaming one here would orphan an existing register's data.

Tables by capability (the module that writes each one in brackets):

- extraction watermarks: ``extract_windows`` (``transforms.sources.extract``)
- audit chain: ``audit_log``, append-only by database trigger (``transforms.audit.chain``)
- legal holds: ``retention_hold`` (``transforms.retention.holds``)
- retention plan: ``retention_plan``, ``retention_plan_class``, ``retention_plan_item``
  (``transforms.retention.plan``)
- approval and run lease: ``retention_approval``, ``retention_lock`` (``transforms.retention.approval``)
- the retention quality gate's latest outcome per plan: ``retention_gate`` (``transforms.retention.gate``)
- archive: ``archive_data_key``, ``archive_batch``, ``archive_record`` (``transforms.retention.archive``)
- disposal journal (also the tombstone list): ``dispose_record`` (``transforms.retention.executor``)
- requests from data subjects: ``requests``, ``request_identifiers``, ``request_events``
  (``transforms.requests.store``); the person's identifiers, notes and reasons only as AES-GCM ciphertext
- requests that change data: ``request_erasure``, ``request_erasure_item``, ``request_exception``
  (``transforms.requests.erasure``), ``consent_ledger`` (``transforms.requests.consent``),
  ``request_rectification`` (``transforms.requests.rectification``), ``request_change`` (the plan and the
  officer's decision of a restriction, objection, consent withdrawal or rectification: ``transforms.requests.changes``)

Each capability creates the tables it uses with ``transforms.register.ensure_tables`` (``CREATE … IF NOT
EXISTS``); nothing here connects to a database.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, Index, Integer, LargeBinary, String, Table, Text, event, text
from sqlalchemy.engine import Connection

from transforms.register import METADATA


def _register_table(name: str, *columns: Column | Index, **options: Any) -> Table:
    """A table of the privacy register: in ``METADATA``, where ``ensure_tables`` and an auditor's listing find it."""
    return Table(name, METADATA, *columns, **options)


def _hashed(name: str, **options: Any) -> Column:
    """A record or a person as the register names them: ``transforms.retention.hashing.hash_id`` of the key, an
    HMAC-SHA256 hex digest, never the key itself."""
    return Column(name, String(64), **options)


def _name(name: str, **options: Any) -> Column:
    """A name the pipeline itself gives (a plan, a retention class, an entity, a source system, a kind): up to 64
    characters, required."""
    return Column(name, String(64), nullable=False, **options)


def _moment(name: str, *, required: bool = True, **options: Any) -> Column:
    """A moment, stored as naive UTC (``transforms.kernel.timeutil.utc_naive``); ``required=False``: null until
    it happens."""
    return Column(name, DateTime, nullable=not required, **options)


def _plan_class_key() -> tuple[Column, Column]:
    """The key of what retention decides per plan and class (counts, items, approvals, archive batches)."""
    return Column("plan_id", String(64), primary_key=True), Column("class_id", String(64), primary_key=True)


def _record_class_key() -> tuple[Column, Column]:
    """The key of what happens to one record under one retention class (disposal journal, archived field terms)."""
    return _hashed("hashed_id", primary_key=True), Column("class_id", String(64), primary_key=True)


def _officer_decision() -> tuple[Column, ...]:
    """Who decided a request's plan and when, and when it was carried out and verified (null until it happens)."""
    return (
        Column("decided_by", String(200)),
        _moment("decided_at", required=False),
        _moment("executed_at", required=False),
        _moment("verified_at", required=False),
    )


# --- extraction ------------------------------------------------------------------------------------------------

EXTRACT_WINDOWS = _register_table(
    "extract_windows",
    Column("source", String(64), primary_key=True),
    Column("entity", String(64), primary_key=True),
    Column("run_key", String(32), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("lower_bound", String(40)),  # ISO timestamp or integer id, as text; null: full load
    Column("upper_bound", String(40), nullable=False),
    Column("status", String(16), nullable=False),  # open | done
    Column("rows", Integer),
    Column("quarantined", Integer),
    _moment("opened_at"),
    _moment("finished_at", required=False),
)

# --- audit chain -----------------------------------------------------------------------------------------------

AUDIT_LOG = _register_table(
    "audit_log",
    Column("seq", Integer, primary_key=True, autoincrement=False),
    _name("kind"),
    _moment("recorded_at"),
    Column("payload", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("entry_hash", String(64), nullable=False, unique=True),
)

# The database itself refuses to change or delete an audit entry, whatever code connects: the triggers are part
# of the table, created with it.
AUDIT_LOG_TRIGGERS = {
    "sqlite": [
        "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
        "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
        "DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log",
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    ],
    "mysql": [
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW "
        "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only'",
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW "
        "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only'",
    ],
}


@event.listens_for(AUDIT_LOG, "after_create")
def make_audit_log_append_only(target: Table, connection: Connection, **_kw: object) -> None:
    """Create the append-only triggers right after ``audit_log`` itself (SQLAlchemy ``after_create`` event)."""
    dialect = "mysql" if connection.dialect.name in ("mysql", "mariadb") else connection.dialect.name
    for statement in AUDIT_LOG_TRIGGERS.get(dialect, []):
        connection.execute(text(statement))


# --- legal holds -----------------------------------------------------------------------------------------------

HOLDS = _register_table(
    "retention_hold",
    Column("hold_id", String(32), primary_key=True),
    Column("scope", String(16), nullable=False),
    Column("reason", String(32), nullable=False),
    Column("source_system", String(64)),
    Column("subject_kind", String(32)),
    Column("subject_key", String(128)),
    Column("entity", String(64)),
    Column("record_key", String(128)),
    Column("class_id", String(64)),
    Column("reference", String(100)),  # a case number, never a name or free text about the person
    Column("placed_by", String(100), nullable=False),
    _moment("placed_at"),
    Column("lifted_by", String(100)),
    _moment("lifted_at", required=False),
    Index("ix_retention_hold_active", "lifted_at", "scope"),
)

# --- retention plan --------------------------------------------------------------------------------------------

PLANS = _register_table(
    "retention_plan",
    Column("plan_id", String(64), primary_key=True),
    Column("as_of", Date, nullable=False),
    Column("policy_version", String(64), nullable=False),
    Column("key_fingerprint", String(16), nullable=False),
    Column("status", String(16), nullable=False),  # planned -> approved -> archived -> disposed
    _moment("created_at"),
    Column("sources", Text, nullable=False),  # JSON list of source systems the plan covers
)
PLAN_CLASSES = _register_table(
    "retention_plan_class",
    *_plan_class_key(),
    Column("action", String(16), nullable=False),
    Column("approval", String(16), nullable=False),
    Column("dispose", Integer, nullable=False),
    Column("archive", Integer, nullable=False),
    Column("minimise", Integer, nullable=False),
    Column("held", Integer, nullable=False),
    Column("no_trigger", Integer, nullable=False),
    Column("total", Integer, nullable=False),
    Column("detail", Text, nullable=False),  # JSON: counts per entity, fields to minimise; no ids, no content
)
PLAN_ITEMS = _register_table(
    "retention_plan_item",
    *_plan_class_key(),
    Column("entity", String(64), primary_key=True),
    Column("stage", String(16), primary_key=True),
    _hashed("hashed_id", primary_key=True),
)

# --- approval and the run lock ---------------------------------------------------------------------------------

APPROVALS = _register_table(
    "retention_approval",
    *_plan_class_key(),
    Column("decision", String(16), nullable=False),  # approved | rejected | unanswered (timed out)
    Column("decided_by", String(100), nullable=False),
    _moment("decided_at"),
)
LOCKS = _register_table(
    "retention_lock",
    Column("name", String(64), primary_key=True),
    Column("holder", String(128), nullable=False),
    _moment("acquired_at"),
    _moment("expires_at"),
)

# --- the retention quality gate's outcome ----------------------------------------------------------------------

# One row per plan, the latest outcome: certify issues certificates only when the gate passed on the disposal as
# it stands (the journal mark taken when the gate ran equals the journal now).
GATE_OUTCOMES = _register_table(
    "retention_gate",
    Column("plan_id", String(64), primary_key=True),
    Column("passed", Boolean, nullable=False),
    _moment("checked_at"),
    Column("journal_mark", String(120), nullable=False),  # counts and last change of the plan's disposal journal
)

# --- archive ---------------------------------------------------------------------------------------------------

ARCHIVE_DATA_KEYS = _register_table(
    "archive_data_key",
    Column("key_id", String(64), primary_key=True),  # SHA-256 of (subject hash, class, term end)
    _hashed("subject_hash", nullable=False, index=True),
    _name("class_id"),
    Column("term_ends_on", Date, nullable=False),
    Column("wrapped_key", LargeBinary),  # nonce + AES-GCM(master, data key); NULL once destroyed
    Column("master_fingerprint", String(16), nullable=False),
    _moment("created_at"),
    _moment("destroyed_at", required=False),
    Column("destroyed_because", String(32)),  # erasure | term_ended
)
ARCHIVE_BATCHES = _register_table(
    "archive_batch",
    *_plan_class_key(),
    Column("entity", String(64), primary_key=True),
    Column("batch_no", Integer, primary_key=True),
    Column("path", String(500), nullable=False),  # relative to the archive root
    Column("rows", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    _moment("verified_at"),
)
ARCHIVE_RECORDS = _register_table(
    "archive_record",
    _hashed("hashed_id", primary_key=True),
    _name("entity"),
    _name("class_id"),
    _hashed("subject_hash", nullable=False, index=True),
    Column("term_ends_on", Date, nullable=False),
    _name("plan_id"),
    Column("batch_no", Integer, nullable=False),
    _moment("archived_at"),
)

# A field rule's term end per archived record whose copy still holds those fields (it was archived while the
# field's term ran: contact details of a patient whose file went to the archive). The plan lists the record for
# minimising when that term ends, even after the record left the live system and the staging, and
# ``archive.minimise_archived_due`` empties the fields in the archive copy; ``minimised_at`` marks it done.
ARCHIVE_FIELD_TERMS = _register_table(
    "archive_field_term",
    *_record_class_key(),  # the class: the field rule's (registration_data, ...)
    _name("entity"),
    Column("fields_end_on", Date, nullable=False, index=True),
    _moment("minimised_at", required=False),
)

# --- disposal journal ------------------------------------------------------------------------------------------

DISPOSE_JOURNAL = _register_table(
    "dispose_record",
    *_record_class_key(),
    _name("plan_id"),
    _name("entity"),
    _name("source_system"),
    Column("action", String(16), nullable=False),  # destroy | minimise | anonymise | unload (archived)
    Column("status", String(16), nullable=False),  # pending | done | cancelled
    Column("batch_no", Integer, nullable=False),  # per plan and class, 1, 2, ... in the order written
    _moment("updated_at"),
    # a batch's intents are found together (marked done at once); certificates read a plan's class
    Index("ix_dispose_record_plan_batch", "plan_id", "class_id", "batch_no"),
    # pages half empty on PostgreSQL: marking a batch's intents done (status only, no indexed column) is then a
    # heap-only update on the same page, with no new index entries for a million rows
    postgresql_with={"fillfactor": 50},
)

# --- requests from data subjects -------------------------------------------------------------------------------
# What a list, an alert, the CSV register and the letter need is in the clear (ids, types, dates, status); who
# the person is (identifiers, representative's evidence, notes, extension reasons) only as AES-GCM ciphertext
# (``transforms.requests.crypto``). Due dates are stored when a fact is registered, never re-derived.

REQUESTS = _register_table(
    "requests",
    Column("request_id", String(32), primary_key=True),  # opaque (REQ-...): the only thing a DAG is given
    Column("types", String(200), nullable=False),  # comma-separated, in deadlines.TYPES order
    Column("received_on", Date, nullable=False),  # Europe/Amsterdam calendar day of receipt
    _moment("received_at", required=False),  # the moment, naive UTC, when the time is known
    Column("requester", String(16), nullable=False),  # person | representative
    Column("representative_kind", String(32)),  # parent_guardian | mentor | mandate
    Column("identity_requested_on", Date),
    Column("identity_verified_on", Date),
    Column("extension_notified_on", Date),  # only a notice in time is stored here
    Column("start_on", Date, nullable=False),  # the day the period counts from
    Column("first_due_on", Date, nullable=False),
    Column("due_on", Date, nullable=False),
    Column("extended", Integer, nullable=False),
    Column("paused", Integer, nullable=False),  # identity asked in time, not verified: the clock stands
    Column("status", String(24), nullable=False),  # received | awaiting_identity | verified | ... | closed
    Column("duplicate_of", String(32)),  # an earlier request of the same person and type
    Column("closed_on", Date),
    Column("outcome", String(32)),  # provided | partially_provided | refused | withdrawn
    _moment("created_at"),
    _moment("updated_at"),
    Index("ix_requests_status_due", "status", "due_on"),
)
REQUEST_IDENTIFIERS = _register_table(
    "request_identifiers",
    Column("request_id", String(32), primary_key=True),
    Column("identity", LargeBinary, nullable=False),  # nonce + AES-GCM(JSON of the PersonQuery and evidence)
    Column("notes", LargeBinary),  # nonce + AES-GCM(free text), or NULL
    Column("identity_keys", Text, nullable=False),  # space-separated HMACs of strong identifiers (duplicates)
    Column("key_fingerprint", String(16), nullable=False),
)
REQUEST_EVENTS = _register_table(
    "request_events",
    Column("event_id", Integer, primary_key=True, autoincrement=True),
    Column("request_id", String(32), nullable=False, index=True),
    Column("kind", String(32), nullable=False),  # registered | identity_verified | extended | ...
    Column("occurred_on", Date),  # the legal date of the fact (notice, verification)
    _moment("recorded_at"),
    Column("detail", LargeBinary),  # nonce + AES-GCM(free text: a reason), or NULL
    Column("key_fingerprint", String(16)),
)

# --- requests that change data (part 2: erasure, WGBO destruction, restriction, objection, consent) --------------
# Hashed record ids only (as the disposal journal); the officer's reasons as AES-GCM ciphertext under the request
# key. Written by ``transforms.requests.erasure`` and ``transforms.requests.consent``.

REQUEST_ERASURES = _register_table(
    "request_erasure",
    Column("request_id", String(32), primary_key=True),
    Column("status", String(16), nullable=False),  # planned | approved | rejected | executed | verified
    Column("destruction", Integer, nullable=False),  # 1: a WGBO 7:455 request (the dental file goes too)
    Column("as_of", Date, nullable=False),  # the day the terms were counted to
    Column("digest", String(64), nullable=False),  # SHA-256 of the sorted items: what was approved
    _moment("planned_at"),
    *_officer_decision(),
)
REQUEST_ERASURE_ITEMS = _register_table(
    "request_erasure_item",
    Column("request_id", String(32), primary_key=True),
    _hashed("hashed_id", primary_key=True),  # transforms.retention.hashing.hash_id of the record
    Column("action", String(16), primary_key=True),  # destroy | minimise | keep | shred (archive) | purge
    _name("source_system"),
    _name("entity"),
    _name("class_id"),
    Column("origin", String(16), nullable=False),  # live | staging | archive
    Column("rule", String(32), nullable=False),  # why: erase | fiscal | wgbo_file | hold | third_party | ...
    Column("keep_until", Date),  # a kept record: the last day of its term (None: while the reason lasts)
    # nonce + AES-GCM(JSON: the record's vendor key, its subject's key, its file path) under the request key, so
    # a re-run after a crash acts on exactly what was approved without locating the person again
    Column("sealed", LargeBinary, nullable=False),
)
REQUEST_EXCEPTIONS = _register_table(
    "request_exception",
    Column("exception_id", Integer, primary_key=True, autoincrement=True),
    Column("request_id", String(32), nullable=False, index=True),
    Column("kind", String(32), nullable=False),  # third_party_interest | legal_claim | law_forbids
    _name("class_id"),  # the record class it keeps
    Column("reason", LargeBinary, nullable=False),  # nonce + AES-GCM(the officer's reason)
    Column("key_fingerprint", String(16), nullable=False),
    Column("recorded_by", String(200), nullable=False),
    _moment("recorded_at"),
)
CONSENT_LEDGER = _register_table(
    "consent_ledger",
    Column("entry_id", Integer, primary_key=True, autoincrement=True),
    Column("request_id", String(32), nullable=False, index=True),
    _hashed("subject_hash", nullable=False, index=True),  # hash_id(source, "patient", key)
    _name("source_system"),
    Column("purpose", String(32), nullable=False),  # canonical communication_preference.purpose
    Column("granted", Integer, nullable=False),  # 0: objection or withdrawal; 1: given again
    Column("kind", String(24), nullable=False),  # objection | consent_withdrawal | suppression (after erasure)
    Column("effective_on", Date, nullable=False),
    _moment("recorded_at"),
    _moment("written_back_at", required=False),  # the practice system holds the preference (same transaction as source)
    _moment("verified_at", required=False),  # a later run read it back from the practice system
)

REQUEST_RECTIFICATIONS = _register_table(
    "request_rectification",
    Column("request_id", String(32), primary_key=True),
    Column("change_no", Integer, primary_key=True),
    _name("source_system"),
    _name("entity"),
    _hashed("hashed_id", nullable=False),  # the record changed (hash_id of its key)
    _name("column_name"),  # canonical column
    Column("kind", String(24), nullable=False),  # correction | patient_statement (a note of its own kind)
    # nonce + AES-GCM(JSON: record key, value before, value after) under the request key: the old value is kept,
    # encrypted, as the history of the record
    Column("sealed", LargeBinary, nullable=False),
    Column("status", String(16), nullable=False),  # proposed | approved | rejected | applied | conflict
    _moment("proposed_at"),
    Column("decided_by", String(200)),
    _moment("applied_at", required=False),
)

REQUEST_CHANGES = _register_table(
    "request_change",
    Column("request_id", String(32), primary_key=True),
    _name("kind"),  # the steps, "+"-joined: restriction, preferences, rectification
    Column("purposes", String(200)),  # objection / withdrawal: the purposes the officer recorded, comma-separated
    Column("summary", Text),  # JSON of the plan: sources, counts, purposes, columns (never a value)
    Column("status", String(16), nullable=False),  # asked | planned | approved | rejected | executed | verified
    _moment("planned_at", required=False),
    *_officer_decision(),
)

ALL_TABLES: tuple[Table, ...] = (
    EXTRACT_WINDOWS,
    AUDIT_LOG,
    HOLDS,
    PLANS,
    PLAN_CLASSES,
    PLAN_ITEMS,
    APPROVALS,
    LOCKS,
    GATE_OUTCOMES,
    ARCHIVE_DATA_KEYS,
    ARCHIVE_BATCHES,
    ARCHIVE_RECORDS,
    DISPOSE_JOURNAL,
    REQUESTS,
    REQUEST_IDENTIFIERS,
    REQUEST_EVENTS,
    REQUEST_ERASURES,
    REQUEST_ERASURE_ITEMS,
    REQUEST_EXCEPTIONS,
    CONSENT_LEDGER,
    REQUEST_RECTIFICATIONS,
    REQUEST_CHANGES,
)
