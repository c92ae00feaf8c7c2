"""Find the person a request is about, everywhere the pipeline and the practices keep personal data.

Where it looks (GDPR art. 15 asks for *all* of it):

1. **The practice systems**, through the source mappings only (both vendors, every entity that can hold the
   person). Finding is done in the pipeline's **own** lookup index over the staging (below), never with new
   indexes or full scans in a vendor's database. The records that stand for a person (patient, employee,
   ...) are then **read live** by their primary key and converted with the same code the extraction uses
   (matching needs today's values); the records that belong to them (appointments, notes, invoices, ...)
   are read from the lookup index and only their **keys are confirmed live** (one ``SELECT key ... IN``
   per table, nothing converted: converting each small frame cost a second per request). A record gone
   from the live system since the last run is reported from staging, marked so.
2. **The encrypted archive** (records moved out of the live systems), decrypted for this purpose only via
   ``transforms.retention.archive.read_archived``; archived rows are matched like live ones. The records
   that stand for people are decrypted to be matched; of the records that belong to people only the matched
   people's are (by the subject hash the archive keeps beside each ciphertext; :func:`archived_dependents`).
3. **The anonymised text output** and **4. the research releases** (by the person's keyed pseudonyms,
   ``transforms.research.pseudonym``): reported as places the person's data went, with counts.

The lookup index (``<data_root>/requests/index/lookup.duckdb``) is a DuckDB file with one row per identifying
value of every record that stands for a person (``person_index``: BSN, patient/employee/applicant number,
e-mail, phone, surname words with the birth date), one per record that belongs to a person
(``record_index``: appointments, notes, invoices, payslips, ... by their subject's key), and those records
themselves in their canonical form (``rec_<entity>``). It is built from the
staging's current state (by the nightly extraction DAG, and by a request when a newer staging run exists: its
fingerprint is the set of committed partitions). Every table is sorted on its lookup columns and written in
2,048-row row groups, so a lookup reads one or two groups whatever the size of the practice; a process keeps
the file open between requests. It holds identifiers, like the staging it is derived from, and lives next to
it under the same access rules.

Nothing here logs or raises with a value of the person in it: log lines carry counts and identifier
*kinds* only (``PersonQuery.kinds()``); database errors are re-raised as :class:`LocateError` naming the
source and entity.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import math
import os
import time
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from sqlalchemy import bindparam, create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from transforms import settings
from transforms.kernel import staging
from transforms.kernel.canonical import CanonicalModel, load_model
from transforms.kernel.timeutil import utc_now
from transforms.requests import store
from transforms.requests.context import StepContext
from transforms.requests.identity import PersonQuery
from transforms.requests.matching import Evidence, compare, identity_of
from transforms.sources.config import SourceMapping, load_sources
from transforms.sources.convert import to_canonical

log = logging.getLogger(__name__)

# Entities whose record *is* a person (their identifying values are indexed), with their key column.
SUBJECT_ENTITIES: dict[str, str] = {
    "patient": "patient_id",
    "employee": "employee_id",
    "applicant": "applicant_id",
    "contact_form": "submission_id",
    "supplier_contact": "contact_id",
}
# Entities whose records belong to a person: entity -> (its key, [(subject entity, column holding its key)]).
DEPENDENT_ENTITIES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "family_link": ("link_id", [("patient", "patient_id"), ("patient", "related_patient_id")]),
    "appointment": ("appointment_id", [("patient", "patient_id")]),
    "treatment": ("treatment_id", [("patient", "patient_id")]),
    "clinical_note": ("note_id", [("patient", "patient_id")]),
    "imaging": ("image_id", [("patient", "patient_id")]),
    "invoice": ("invoice_id", [("patient", "patient_id")]),
    "insurance_claim": ("claim_id", [("patient", "patient_id")]),
    "payment": ("payment_id", [("patient", "patient_id")]),
    "complaint": ("complaint_id", [("patient", "patient_id")]),
    "communication_preference": ("preference_id", [("patient", "patient_id")]),
    "payroll": ("payroll_id", [("employee", "employee_id")]),
    "employee_document": ("document_id", [("employee", "employee_id")]),
}
# Where a person cannot be found, and why (shown in the package and to the officer, so "not found" is honest).
NOT_SEARCHABLE: dict[str, str] = {
    "camera_recording": "camerabeelden zijn alleen per camera en dag geïndexeerd, niet per persoon; "
    "beelden van één persoon zijn alleen met datum en tijdstip van het bezoek terug te vinden",
    "web_hit": "websitebezoek wordt alleen met een ingekort IP-adres bewaard: niet tot een persoon te herleiden",
    "security_log": "het beveiligingslog kent alleen accountnamen van medewerkers; wordt bij medewerkers "
    "gezocht via hun dossier",
    "practice": "geen persoonsgegevens",
}
# Only one record per person is expected in these (one registration per practice system, one staff record):
# two records that both fit are two candidates for a person to tell apart. A visitor may send many forms.
ONE_PER_PERSON = ("patient", "employee")
INDEX_FORMAT = 5  # 4: the records themselves (rec_<entity>) are kept in the index; 5: small row groups
ROW_GROUP_ROWS = 2048  # DuckDB's smallest row group (one vector)


class LocateError(RuntimeError):
    """Locating failed. The message names the place (source, entity), never a value."""


@dataclass(frozen=True)
class LocateKeys:
    """The secrets locate needs; ``repr`` never shows them.

    ``archive_master``: the archive's master key (``DCN_ARCHIVE_MASTER_KEY``) to decrypt archived records
    for this request; ``research_master``: the research pseudonym master key (``DCN_RESEARCH_PSEUDONYM_KEY``)
    to compute the person's pseudonyms. Either may be None: that place is then reported as not searched.
    ``retention_hash``: the retention engine's hash key (``DCN_RETENTION_HASH_KEY``), with which the archive
    keeps each record's subject hash beside its ciphertext: with it only the matched people's archived records
    are decrypted; without it every archived record of the linked entities is (same result, slower).
    """

    archive_master: bytes | None = None
    research_master: bytes | None = None
    retention_hash: bytes | None = None

    def __repr__(self) -> str:
        return (
            f"LocateKeys(archive={'set' if self.archive_master else 'none'}, "
            f"research={'set' if self.research_master else 'none'}, "
            f"retention_hash={'set' if self.retention_hash else 'none'})"
        )

    @classmethod
    def from_env(cls) -> "LocateKeys":
        """The keys from the environment, each None when unset (the CLI and the demo)."""
        from transforms.research.pseudonym import ENV_VAR, research_key_from_env
        from transforms.retention.archive import MASTER_KEY_VARIABLE, master_key
        from transforms.retention.hashing import KEY_VARIABLE, hash_key

        archive = master_key() if os.environ.get(MASTER_KEY_VARIABLE) else None
        research = research_key_from_env() if os.environ.get(ENV_VAR) else None
        retention = hash_key() if os.environ.get(KEY_VARIABLE) else None
        return cls(archive, research, retention)


@dataclass(frozen=True)
class SubjectRef:
    """A record that stands for a person: (source system, entity, key)."""

    source_system: str
    entity: str
    key: str

    def label(self) -> str:
        """Safe to log: the place and the record key (a key is an internal number, not an identifier)."""
        return f"{self.source_system}.{self.entity}#{self.key}"


Origin = Literal["live", "staging", "archive"]


@dataclass
class Record:
    """One canonical record of the person. ``origin``: where its values come from (the live system, confirmed
    by key; the staging, when the live system no longer has it or was not connected; the archive)."""

    source_system: str
    entity: str
    key: str
    row: dict[str, Any]
    origin: Origin
    subject: SubjectRef | None = None


@dataclass
class Candidate:
    """A record that may be the person, with its evidence (identifier kinds only) and its identifying row."""

    subject: SubjectRef
    evidence: Evidence
    record: Record
    reason: str = ""


@dataclass
class PersonMatch:
    """A record decided to be the person, and every record that belongs to it."""

    subject: SubjectRef
    evidence: Evidence
    records: list[Record] = field(default_factory=list)


@dataclass
class LocateResult:
    """Everything found for one query. ``needs_decision`` non-empty: a person must decide before anything is
    sent (the DAG's approval step); those candidates' records are *not* in ``matches``."""

    query_kinds: tuple[str, ...]
    matches: list[PersonMatch]
    needs_decision: list[Candidate]
    text_outputs: list[dict] = field(default_factory=list)  # {entity, source_system, key, status}
    research: list[dict] = field(default_factory=list)  # {dataset, release, table, rows}
    searched: dict[str, str] = field(default_factory=dict)  # place -> what was done
    not_searchable: dict[str, str] = field(default_factory=lambda: dict(NOT_SEARCHABLE))
    seconds: float = 0.0

    @property
    def status(self) -> Literal["found", "needs_decision", "not_found"]:
        if self.needs_decision:
            return "needs_decision"
        return "found" if self.matches else "not_found"

    def records(self) -> list[Record]:
        """Every record of every match, once (a record can belong to one subject only)."""
        seen: set[tuple[str, str, str]] = set()
        out = []
        for match in self.matches:
            for record in match.records:
                ident = (record.source_system, record.entity, record.key)
                if ident not in seen:
                    seen.add(ident)
                    out.append(record)
        return out

    def summary(self) -> dict:
        """Counts, places and identifier kinds only: safe for logs, XCom and the register."""
        per_entity: dict[str, int] = {}
        for record in self.records():
            per_entity[f"{record.source_system}.{record.entity}"] = (
                per_entity.get(f"{record.source_system}.{record.entity}", 0) + 1
            )
        return {
            "status": self.status,
            "query_kinds": list(self.query_kinds),
            "matches": len(self.matches),
            "needs_decision": len(self.needs_decision),
            "records": per_entity,
            "archived": sum(1 for r in self.records() if r.origin == "archive"),
            "text_outputs": len(self.text_outputs),
            "research_rows": sum(r["rows"] for r in self.research),
            "searched": dict(self.searched),
            "seconds": self.seconds,
        }


# --- the lookup index --------------------------------------------------------------------------------------


def index_path(data_root: Path | None = None) -> Path:
    """Where the lookup index lives (beside the staging it is built from)."""
    return (data_root or settings.data_root()) / "requests" / "index" / "lookup.duckdb"


def _indexed_files(data_root: Path | None) -> dict[str, list[tuple[str, str]]]:
    entities = [*SUBJECT_ENTITIES, *DEPENDENT_ENTITIES]
    return {e: staging.staged_files(e, data_root=data_root) for e in entities}


def _fingerprint(files: dict[str, list[tuple[str, str]]], data_root: Path | None = None) -> str:
    """The committed partitions the index is built from, by their place under the data root (the same
    staging reached through a relative or an absolute path is the same index)."""
    root = os.path.join(os.path.abspath(data_root or settings.data_root()), "")

    def place(path: str) -> str:  # string work only: this runs on every request
        path = os.path.abspath(path)
        return path[len(root) :] if path.startswith(root) else path

    listing = json.dumps(
        {"format": INDEX_FORMAT, "files": {e: sorted((place(p), r) for p, r in f) for e, f in files.items()}},
        sort_keys=True,
    )
    return hashlib.sha256(listing.encode()).hexdigest()


def _sql_literal(value: str) -> str:
    """A SQL string literal (a file path in ``ATTACH``, which takes no parameters)."""
    return "'" + value.replace("'", "''") + "'"


def _fold_sql(column: str) -> str:
    """SQL that folds a name like ``matching.fold`` (diacritics off, lower case, letters and spaces)."""
    mapped = (
        f"replace(replace(replace(replace(lower(coalesce({column}, '')), 'ı', 'i'), 'ß', 'ss'), 'ø', 'o'), 'æ', 'ae')"
    )
    return f"trim(regexp_replace(strip_accents({mapped}), '[^a-z]+', ' ', 'g'))"


def _phone_sql(column: str) -> str:
    """SQL that normalises a phone number like ``matching.normalise_phone_value`` (national form)."""
    d = f"regexp_replace(replace({column}, '(0)', ''), '[\\s.\\-/()]', '', 'g')"
    return (
        f"CASE WHEN starts_with({d}, '0031') THEN '0' || substr({d}, 5) "
        f"WHEN starts_with({d}, '+31') THEN '0' || substr({d}, 4) ELSE {d} END"
    )


def _prefix_list() -> str:
    from transforms.requests.matching import PREFIX_WORDS

    return ", ".join(f"'{w}'" for w in sorted(PREFIX_WORDS))


def _subject_selects(entity: str, view: str, columns: set[str]) -> list[str]:
    """SELECTs giving (source_system, entity, record_key, kind, value, dob) for one subject entity's view."""
    key = SUBJECT_ENTITIES[entity]
    dob = "CAST(date_of_birth AS DATE)" if "date_of_birth" in columns else "CAST(NULL AS DATE)"
    head = f"SELECT source_system, '{entity}' AS entity, CAST({key} AS VARCHAR) AS record_key"
    out = []

    def add(kind: str, expr: str) -> None:
        out.append(f"{head}, '{kind}' AS kind, {expr} AS value, {dob} AS dob FROM {view}")

    if "bsn" in columns:
        add("bsn", "lpad(regexp_replace(CAST(bsn AS VARCHAR), '[^0-9]', '', 'g'), 9, '0')")
    if entity == "patient":
        add("patient_number", "upper(trim(patient_number))")
    if entity == "employee":
        add("employee_number", "CAST(employee_id AS VARCHAR)")
    if entity == "applicant":
        add("applicant_number", "CAST(applicant_id AS VARCHAR)")
    for column in ("email",):
        if column in columns:
            add("email", f"lower(trim({column}))")
    for column in ("phone", "phone_mobile", "phone_home"):
        if column in columns:
            add("phone", _phone_sql(column))
    # every word of the surname (or of the whole name, where only a full name is kept), with the birth date
    name = "concat_ws(' ', name_prefix, last_name)" if "last_name" in columns else "name"
    out.append(
        f"SELECT source_system, entity, record_key, 'name_token' AS kind, token AS value, dob FROM ("
        f"{head}, unnest(string_split({_fold_sql(name)}, ' ')) AS token, {dob} AS dob FROM {view}) "
        f"WHERE length(token) > 1 AND token NOT IN ({_prefix_list()})"
    )
    return out


def _link_column(entity: str) -> str | None:
    """The column a dependent entity's records are sorted on in the index: the key of the person they belong
    to, so one person's records lie together and a lookup reads one row group (none for a two-way link)."""
    links = DEPENDENT_ENTITIES.get(entity, (None, []))[1]
    return links[0][1] if len(links) == 1 else None


def _keep_records(con, entity: str, files: list[tuple[str, str]], key: str) -> None:
    """The entity's records themselves, as the extraction converted them, sorted on source, the person's key
    (dependents) and their own key: a request reads them here and only confirms in the live system that each
    key still exists. Read whole, so without the window when no key is staged twice
    (``staging.current_state_relation``)."""
    order = ", ".join(f'"{c}"' for c in (_link_column(entity), key) if c)
    state = staging.current_state_relation(con, files, key)
    con.execute(f"CREATE TABLE rec_{entity} AS {state} ORDER BY source_system, {order}")


def build_lookup_index(data_root: Path | None = None, *, force: bool = False) -> Path:
    """Build (or reuse) the lookup index over the staging's current state; returns its path.

    Reused when its fingerprint matches the committed partitions; otherwise built in a temporary file and
    renamed into place, so a request running meanwhile reads the old one whole."""
    import duckdb

    path = index_path(data_root)
    files = _indexed_files(data_root)
    fingerprint = _fingerprint(files, data_root)
    if path.exists() and not force:
        try:
            if _open_index(path).fingerprint == fingerprint:
                return path
        except duckdb.Error:
            pass  # unreadable or an older format: rebuild
    started = time.monotonic()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    model = load_model()
    with duckdb.connect() as con:
        # small row groups: a lookup's filter on the sort columns skips all but one group of ROW_GROUP_ROWS rows
        # (DuckDB's default of 122,880 rows made every lookup scan ~100,000 rows: 50-150 ms on a busy machine)
        con.execute(f"ATTACH {_sql_literal(str(tmp))} AS idx (ROW_GROUP_SIZE {ROW_GROUP_ROWS})")
        con.execute("USE idx")
        person, records = [], []
        for entity, key in SUBJECT_ENTITIES.items():
            if not files[entity]:
                continue
            columns = set(model.entity(entity).columns) & {
                "bsn",
                "email",
                "phone",
                "phone_mobile",
                "phone_home",
                "date_of_birth",
                "last_name",
                "name_prefix",
                "name",
                "patient_number",
                key,
            }
            # the current state is computed once, into rec_<entity>; the identifying values are read from it
            _keep_records(con, entity, files[entity], key)
            con.execute(f"CREATE TEMP VIEW v_{entity} AS SELECT * FROM rec_{entity}")
            person += _subject_selects(entity, f"v_{entity}", columns)
        for entity, (key, links) in DEPENDENT_ENTITIES.items():
            if not files[entity]:
                continue
            # the records themselves, as the extraction converted them, sorted on their person's key and their
            # own: a request reads them here and only confirms in the live system that each key still exists
            _keep_records(con, entity, files[entity], key)
            con.execute(f"CREATE TEMP VIEW v_{entity} AS SELECT * FROM rec_{entity}")
            for subject, column in links:
                records.append(
                    f"SELECT source_system, '{entity}' AS entity, CAST({key} AS VARCHAR) AS record_key, "
                    f"'{subject}' AS subject_entity, CAST({column} AS VARCHAR) AS subject_key "
                    f"FROM v_{entity} WHERE {column} IS NOT NULL"
                )
        empty_person = (
            "SELECT NULL::VARCHAR AS source_system, NULL::VARCHAR AS entity, NULL::VARCHAR AS record_key, "
            "NULL::VARCHAR AS kind, NULL::VARCHAR AS value, NULL::DATE AS dob WHERE false"
        )
        empty_records = (
            "SELECT NULL::VARCHAR AS source_system, NULL::VARCHAR AS entity, NULL::VARCHAR AS record_key, "
            "NULL::VARCHAR AS subject_entity, NULL::VARCHAR AS subject_key WHERE false"
        )
        # sorted on the lookup columns: DuckDB's min/max per row group then skips all but a few groups
        con.execute(
            f"CREATE TABLE person_index AS SELECT * FROM ({' UNION ALL '.join(person) or empty_person}) "
            "WHERE value IS NOT NULL AND value <> '' ORDER BY kind, value"
        )
        con.execute(
            f"CREATE TABLE record_index AS SELECT * FROM ({' UNION ALL '.join(records) or empty_records}) "
            "ORDER BY subject_entity, subject_key, source_system"
        )
        con.execute(
            "CREATE TABLE meta AS SELECT ? AS fingerprint, ? AS built_at, ? AS format",
            [fingerprint, utc_now().isoformat(), INDEX_FORMAT],
        )
        counts = con.execute(
            "SELECT (SELECT count(*) FROM person_index), (SELECT count(*) FROM record_index)"
        ).fetchone()
    _close_index(path)
    os.replace(tmp, path)
    log.info(
        "requests lookup index built: %d identifying values, %d records, %.1f s",
        counts[0],
        counts[1],
        time.monotonic() - started,
    )
    return path


def _probes(query: PersonQuery, con) -> list[tuple[str, str, str | None, dt.date | None]]:
    """(kind, value, source or None, birth date or None) lookups for a query."""
    probes: list[tuple[str, str, str | None, dt.date | None]] = []
    if query.bsn:
        probes.append(("bsn", query.bsn, None, None))
    for source, number in query.patient_numbers:
        probes.append(("patient_number", number.strip().upper(), source, None))
    if query.employee_number:
        probes.append(("employee_number", query.employee_number, None, None))
    if query.applicant_number:
        probes.append(("applicant_number", query.applicant_number, None, None))
    if query.email:
        probes.append(("email", query.email, None, None))
    if query.phone:
        probes.append(("phone", query.phone, None, None))
    if query.name and query.date_of_birth:
        # the typed words folded by the same SQL the index used, so both sides fold alike
        words = con.execute(f"SELECT {_fold_sql('?')}", [query.name.replace(",", " ")]).fetchone()[0].split()
        probes += [("name_token", w, None, query.date_of_birth) for w in dict.fromkeys(words) if len(w) > 1]
    return probes


def _connection(index):
    """An open connection for a path (closed after use), or the caller's open connection (left open)."""
    import contextlib

    import duckdb

    if isinstance(index, (str, Path)):
        return duckdb.connect(str(index), read_only=True)
    return contextlib.nullcontext(index)


def find_candidates(query: PersonQuery, index) -> tuple[set[SubjectRef], dict[SubjectRef, set[str]]]:
    """The subject records the index finds for a query (by any single identifying value), and the record keys
    that belong to each of them (entity -> keys), from the lookup index only (``index``: its path or an open
    connection)."""
    found: set[SubjectRef] = set()
    with _connection(index) as con:
        parts, params = [], []
        for kind, value, source, dob in _probes(query, con):
            sql = "SELECT source_system, entity, record_key FROM person_index WHERE kind = ? AND value = ?"
            params += [kind, value]
            if source is not None:
                sql += " AND source_system = ?"
                params.append(source)
            if dob is not None:
                sql += " AND dob = ?"
                params.append(dob)
            parts.append(sql)
        if parts:  # one query for every probe (each waits for a busy machine's scheduler)
            found |= {SubjectRef(*row) for row in con.execute(" UNION ".join(parts), params).fetchall()}
    return found, {}


def dependent_keys(subjects: Iterable[SubjectRef], index) -> dict[SubjectRef, dict[str, set[str]]]:
    """Per subject, the keys of the records that belong to it (entity -> keys), from the lookup index (its
    path or an open connection)."""
    subjects = list(dict.fromkeys(subjects))
    out: dict[SubjectRef, dict[str, set[str]]] = {subject: {} for subject in subjects}
    if not subjects:
        return out
    select = (
        "SELECT subject_entity, subject_key, source_system, entity, record_key FROM record_index "
        "WHERE subject_entity = ? AND subject_key = ? AND source_system = ?"
    )
    with _connection(index) as con:
        rows = con.execute(
            " UNION ALL ".join([select] * len(subjects)),
            [v for s in subjects for v in (s.entity, s.key, s.source_system)],
        ).fetchall()
    for subject_entity, subject_key, source, entity, key in rows:
        out[SubjectRef(source, subject_entity, subject_key)].setdefault(entity, set()).add(key)
    return out


# --- reading records: live first, staging as fallback -------------------------------------------------------


def _key_values(keys: Iterable[str]) -> list[Any]:
    # canonical keys are text; vendor keys are mostly integers, and PostgreSQL will not compare int = varchar
    return [int(k) if k.isdigit() else k for k in keys]


def read_live(
    engine: Engine, source: SourceMapping, model: CanonicalModel, entity: str, keys: Iterable[str]
) -> dict[str, dict]:
    """Canonical rows of ``entity`` with these keys, read from the live system by its key column (the primary
    key, or the mapped query's key column) and converted exactly as the extraction converts them."""
    keys = sorted(set(keys))
    if not keys or entity not in source.entities:
        return {}
    mapping = source.entities[entity]
    canonical = model.entity(entity)
    key_column = mapping.columns[canonical.key].column
    quote = engine.dialect.identifier_preparer.quote
    origin = quote(mapping.table) if mapping.table else f"({mapping.query})"
    columns = ", ".join(f"src.{quote(c)}" for c in mapping.source_columns())
    where = f"src.{quote(key_column)} IN :keys" + (f" AND ({mapping.where})" if mapping.where else "")
    statement = text(f"SELECT {columns} FROM {origin} AS src WHERE {where}").bindparams(
        bindparam("keys", expanding=True)
    )
    try:
        with engine.connect() as conn:
            result = conn.execute(statement, {"keys": _key_values(keys)})
            frame = pd.DataFrame([tuple(r) for r in result], columns=list(result.keys()), dtype=object)
    except DBAPIError as exc:
        # the driver's message can quote values: name the place and the error type only
        raise LocateError(
            f"{source.name}.{entity}: reading the live source failed ({type(getattr(exc, 'orig', exc)).__name__})"
        ) from None
    if frame.empty:
        return {}
    converted = to_canonical(frame, canonical, mapping, source.name)
    return {str(row[canonical.key]): row for row in converted.good.to_pylist()}


def read_staged(
    entity: str, keys_by_source: Mapping[str, Iterable[str]], data_root: Path | None
) -> dict[tuple[str, str], dict]:
    """Canonical rows of ``entity`` from the staging's current state, for (source, key) pairs."""
    import duckdb

    pairs = [(s, k) for s, keys in keys_by_source.items() for k in keys]
    files = staging.staged_files(entity, {s for s, _ in pairs}, data_root)
    if not pairs or not files:
        return {}
    key = load_model().entity(entity).key
    with duckdb.connect() as con:
        con.execute("CREATE TEMP TABLE wanted (s VARCHAR, k VARCHAR)")
        con.executemany("INSERT INTO wanted VALUES (?, ?)", pairs)
        frame = con.execute(
            f"SELECT c.* FROM ({staging.current_state_relation(con, files, key)}) c JOIN wanted w "
            f'ON c.source_system = w.s AND CAST(c."{key}" AS VARCHAR) = w.k'
        ).df()
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return {(r["source_system"], str(r[key])): r for r in rows}


def confirm_live(
    engine: Engine, source: SourceMapping, model: CanonicalModel, entity: str, keys: Iterable[str]
) -> set[str]:
    """The keys among ``keys`` that the live system still has for ``entity``: one ``SELECT key ... IN`` on
    its key column (the primary key, or the mapped query's key), nothing converted."""
    keys = sorted(set(keys))
    if not keys or entity not in source.entities:
        return set()
    mapping = source.entities[entity]
    key_column = mapping.columns[model.entity(entity).key].column
    quote = engine.dialect.identifier_preparer.quote
    origin = quote(mapping.table) if mapping.table else f"({mapping.query})"
    where = f"src.{quote(key_column)} IN :keys" + (f" AND ({mapping.where})" if mapping.where else "")
    statement = text(f"SELECT src.{quote(key_column)} FROM {origin} AS src WHERE {where}").bindparams(
        bindparam("keys", expanding=True)
    )
    try:
        with engine.connect() as conn:
            return {str(v) for (v,) in conn.execute(statement, {"keys": _key_values(keys)})}
    except DBAPIError as exc:
        raise LocateError(
            f"{source.name}.{entity}: confirming keys in the live source failed "
            f"({type(getattr(exc, 'orig', exc)).__name__})"
        ) from None


def confirm_live_many(
    engine: Engine, source: SourceMapping, model: CanonicalModel, keys_by_entity: Mapping[str, Iterable[str]]
) -> dict[str, set[str]]:
    """``confirm_live`` for several entities of one source in one round trip (a ``UNION ALL`` of the key
    queries): per entity, the keys the live system still has. On a busy machine every round trip waits for
    the scheduler; a request makes one per source instead of one per table."""
    parts, params, entities = [], {}, []
    quote = engine.dialect.identifier_preparer.quote
    for index, (entity, keys) in enumerate(sorted(keys_by_entity.items())):
        keys = sorted(set(keys))
        if not keys or entity not in source.entities:
            continue
        mapping = source.entities[entity]
        key_column = mapping.columns[model.entity(entity).key].column
        origin = quote(mapping.table) if mapping.table else f"({mapping.query})"
        where = f"src.{quote(key_column)} IN :k{index}" + (f" AND ({mapping.where})" if mapping.where else "")
        parts.append(
            f"SELECT {index} AS e, CAST(src.{quote(key_column)} AS VARCHAR(64)) AS k FROM {origin} AS src WHERE {where}"
        )
        params[f"k{index}"] = _key_values(keys)
        entities.append((index, entity))
    out: dict[str, set[str]] = {entity: set() for entity in keys_by_entity}
    if not parts:
        return out
    statement = text(" UNION ALL ".join(parts)).bindparams(*(bindparam(name, expanding=True) for name in params))
    names = dict(entities)
    try:
        with engine.connect() as conn:
            for index, key in conn.execute(statement, params):
                out[names[index]].add(str(key))
    except DBAPIError as exc:
        raise LocateError(
            f"{source.name}.{','.join(sorted(e for _, e in entities))}: confirming keys in the live source failed "
            f"({type(getattr(exc, 'orig', exc)).__name__})"
        ) from None
    return out


@dataclass
class _OpenIndex:
    """An index file kept open (read only) between requests of this process: opening it and reading its
    catalog cost more than a request's lookups. ``stamp``: the file it was opened on (inode, mtime, size);
    a rebuilt index is a new file (renamed into place), so a changed stamp means open again."""

    stamp: tuple[int, int, int]
    con: Any
    fingerprint: str
    catalog: dict[str, dict[str, str]]  # table -> column -> type


_OPEN: dict[str, _OpenIndex] = {}  # index path -> its open connection
_OPEN_MAX = 4  # a process rarely uses more than one data root; tests use many


def _close_index(path: Path) -> None:
    entry = _OPEN.pop(str(path), None)
    if entry is not None:
        entry.con.close()


def _open_index(path: Path) -> _OpenIndex:
    """The open index at ``path`` (opened, or opened again when the file was replaced)."""
    import duckdb

    st = path.stat()
    stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
    entry = _OPEN.get(str(path))
    if entry is not None and entry.stamp == stamp:
        return entry
    _close_index(path)  # DuckDB shares one instance per path in a process: close the old file's first
    con = duckdb.connect(str(path), read_only=True)
    try:
        # a request is a handful of point lookups: on one thread they do not wait for a busy machine's pool
        con.execute("SET threads = 1")
        fingerprint = con.execute("SELECT fingerprint FROM meta").fetchone()[0]
        catalog: dict[str, dict[str, str]] = {}
        for table, column, kind in con.execute(
            "SELECT table_name, column_name, data_type FROM duckdb_columns()"
        ).fetchall():
            catalog.setdefault(table, {})[column] = kind
    except duckdb.Error:
        con.close()
        raise
    while len(_OPEN) >= _OPEN_MAX:
        _close_index(Path(next(iter(_OPEN))))
    entry = _OPEN[str(path)] = _OpenIndex(stamp, con, fingerprint, catalog)
    return entry


_CATALOGS: dict[int, dict[str, dict[str, str]]] = {}  # id(connection or cursor) -> table -> column -> type


def _catalog(con) -> dict[str, dict[str, str]]:
    """The index's tables and column types, read once per open index (a catalog query per lookup cost more
    than the lookup)."""
    if id(con) not in _CATALOGS:
        catalog: dict[str, dict[str, str]] = {}
        for table, column, kind in con.execute(
            "SELECT table_name, column_name, data_type FROM duckdb_columns()"
        ).fetchall():
            catalog.setdefault(table, {})[column] = kind
        _CATALOGS[id(con)] = catalog
    return _CATALOGS[id(con)]


def read_indexed(
    con,
    entity: str,
    keys_by_source: Mapping[str, Iterable[str]],
    owners_by_source: Mapping[str, Iterable[str]] | None = None,
) -> dict[tuple[str, str], dict]:
    """Canonical rows of ``entity`` kept in the lookup index (``con``: an open connection to it), for
    (source, key) pairs. ``owners_by_source``: the keys of the people they belong to, which the table is
    sorted on: with them a lookup skips every row group but the person's."""
    return read_indexed_many(con, {entity: keys_by_source}, owners_by_source).get(entity, {})


def _range(catalog: dict[str, dict[str, str]], table: str, column: str, values: list[str]) -> tuple[str, str]:
    """The smallest and largest of ``values`` as the column orders them (numbers as numbers)."""
    kind = catalog[table].get(column)
    numeric = kind not in (None, "VARCHAR") and all(v.isdigit() for v in values)
    ordered = sorted(values, key=int) if numeric else sorted(values)
    return ordered[0], ordered[-1]


def read_indexed_many(
    con,
    wanted: Mapping[str, Mapping[str, Iterable[str]]],
    owners_by_source: Mapping[str, Iterable[str]] | None = None,
) -> dict[str, dict[tuple[str, str], dict]]:
    """``read_indexed`` for several entities (entity -> source -> keys) in **one** query: each entity's
    rows come back as one struct column (``UNION ALL BY NAME``), typed as stored. On a busy machine each
    query waits for the scheduler, so a request makes one instead of one per entity and source."""
    model = load_model()
    catalog = _catalog(con)
    parts: list[str] = []
    params: list[Any] = []
    keys_of: dict[str, str] = {}
    wanted_keys: dict[tuple[str, str], set[str]] = {}
    for entity, keys_by_source in wanted.items():
        table = f"rec_{entity}"
        if table not in catalog:
            continue
        key = keys_of[entity] = model.entity(entity).key
        link = _link_column(entity) if owners_by_source else None
        for source, keys in keys_by_source.items():
            keys = sorted({str(k) for k in keys})
            if not keys:
                continue
            where, values = "r.source_system = ?", [source]
            owners = sorted({str(o) for o in (owners_by_source or {}).get(source, ())}) if link else []
            # a range on the sort column prunes by the row groups' min/max (an IN list alone does not)
            if owners:
                # the owners' records (the keys wanted are among them: filtered below, not in SQL, where a
                # long IN list of keys cost more to plan than the lookup)
                where += f' AND CAST(r."{link}" AS VARCHAR) IN ({", ".join("?" * len(owners))})'
                where += f' AND r."{link}" BETWEEN ? AND ?'
                values += [*owners, *_range(catalog, table, link, owners)]
            else:
                where += f' AND CAST(r."{key}" AS VARCHAR) IN ({", ".join("?" * len(keys))})'
                values += keys
                if _link_column(entity) is None:  # records of people are sorted on their own key
                    where += f' AND r."{key}" BETWEEN ? AND ?'
                    values += [*_range(catalog, table, key, keys)]
            wanted_keys[(entity, source)] = set(keys)
            parts.append(f"SELECT '{entity}' AS _entity, r AS \"{entity}\" FROM {table} AS r WHERE {where}")
            params += values
    out: dict[str, dict[tuple[str, str], dict]] = {entity: {} for entity in wanted}
    if not parts:
        return out
    cursor = con.execute(" UNION ALL BY NAME ".join(parts), params)
    columns = [d[0] for d in cursor.description]
    # plain Python values (no pandas frame per entity: building one cost more than the query)
    for values in cursor.fetchall():
        entity = values[0]
        record = values[columns.index(entity)]
        ident = (record["source_system"], str(record[keys_of[entity]]))
        if ident[1] in wanted_keys[(entity, ident[0])]:
            out[entity][ident] = {c: (None if isinstance(v, float) and math.isnan(v) else v) for c, v in record.items()}
    return out


def _fetch(
    wanted: Mapping[str, Mapping[str, Iterable[str]]],
    engines: Mapping[str, Engine],
    mappings: Mapping[str, SourceMapping],
    model: CanonicalModel,
    con,
    data_root: Path | None,
    searched: dict[str, str],
    owners_by_source: Mapping[str, Iterable[str]] | None = None,
) -> dict[str, list[Record]]:
    """Records (entity -> source -> keys) from the lookup index (``con``), each key confirmed in the live
    system (``origin="live"``: present there now, values as of the latest extraction; one not in the index is
    read live and converted); keys the live system no longer has, or of a source not connected, come from the
    staging (``origin="staging"``). Per entity, in the order of ``wanted``. One confirming round trip per
    source for all entities together."""
    indexed = read_indexed_many(con, wanted, owners_by_source)
    alive: dict[tuple[str, str], set[str]] = {}
    sources = sorted({source for per in wanted.values() for source in per})
    for source in sources:
        engine = engines.get(source)
        if engine is None or source not in mappings:
            searched.setdefault(f"live:{source}", "niet verbonden: gegevens uit de staging")
            continue
        confirmed = confirm_live_many(
            engine, mappings[source], model, {e: per[source] for e, per in wanted.items() if source in per}
        )
        alive.update({(e, source): keys for e, keys in confirmed.items()})
    out: dict[str, list[Record]] = {}
    for entity, keys_by_source in wanted.items():
        records = out.setdefault(entity, [])
        missing: dict[str, set[str]] = {}
        for source, keys in keys_by_source.items():
            if (entity, source) not in alive:  # not connected: from the staging
                missing[source] = set(keys)
                continue
            live_keys = alive[(entity, source)]
            found = indexed[entity]
            records += [
                Record(source, entity, k, found[(source, k)], "live") for k in sorted(live_keys) if (source, k) in found
            ]
            # confirmed live but not in the index (changed since the index was built): read it live, converted
            late = {k for k in live_keys if (source, k) not in found}
            if late:
                live = read_live(engines[source], mappings[source], model, entity, late)
                records += [Record(source, entity, k, row, "live") for k, row in live.items()]
            missing[source] = set(keys) - live_keys
        if any(missing.values()):
            staged = read_staged(entity, missing, data_root)
            records += [Record(s, entity, k, row, "staging") for (s, k), row in staged.items()]
    return out


# --- the archive, text output, research releases -----------------------------------------------------------


def archived_rows(
    register_engine: Engine,
    master: bytes,
    root: Path | None,
    *,
    entities: Collection[str] | None = None,
    subjects: Collection[str] | None = None,
) -> list[tuple[str, dict]]:
    """(entity, canonical row) of the readable archived records (of ``entities``; of the data subjects whose
    keyed hashes are ``subjects``), decrypted here, for this request only, and kept in memory only."""
    from transforms.retention.archive import read_archived

    return [
        (entity, row)
        for entity, _hashed, row in read_archived(
            register_engine, root, master=master, entities=entities, subjects=subjects
        )
    ]


def archived_dependents(
    register_engine: Engine,
    keys: LocateKeys,
    root: Path | None,
    subjects: Collection[SubjectRef],
    model: CanonicalModel,
) -> list[tuple[str, dict]]:
    """The archived records of the dependent entities that may belong to ``subjects`` (the matched people).

    With the retention hash key, an entity linked to its person by the column the archive hashes as the data
    subject (``RetentionPolicy.subject_column``) is read for the people's subject hashes only: nothing else is
    decrypted. An entity linked two ways (a family link names two patients), or every entity without the
    key, is read whole; the caller keeps the rows that link to a person either way."""
    from transforms.retention.hashing import hash_id
    from transforms.retention.policy import load_policy

    if not subjects:
        return []
    by_hashes: dict[frozenset[str], list[str]] = {}  # the people's subject hashes -> entities read for them
    whole: list[str] = []
    policy = None
    for entity, (_key, links) in DEPENDENT_ENTITIES.items():
        if keys.retention_hash is None or len(links) != 1:
            whole.append(entity)
            continue
        policy = policy or load_policy(model=model)
        subject_entity, column = links[0]
        archived_as = policy.subject_column(entity, model)
        if archived_as is None or archived_as[1] != column or policy.subjects.get(archived_as[0]) != subject_entity:
            whole.append(entity)  # the archive hashes another column as its subject: no shortcut
            continue
        hashes = frozenset(
            hash_id(keys.retention_hash, s.source_system, archived_as[0], s.key)
            for s in subjects
            if s.entity == subject_entity
        )
        if hashes:
            by_hashes.setdefault(hashes, []).append(entity)
    out = []
    for hashes, entities in by_hashes.items():
        out += archived_rows(register_engine, keys.archive_master, root, entities=entities, subjects=hashes)
    if whole:
        out += archived_rows(register_engine, keys.archive_master, root, entities=whole)
    return out


def text_output_locations(records: Iterable[Record], data_root: Path | None) -> list[dict]:
    """Where the person's free-text records appear in the anonymised text output (status per record)."""
    import duckdb

    from transforms.text.staged import TEXT_FIELDS, output_dir

    wanted: dict[str, set[tuple[str, str]]] = {}
    for r in records:
        if r.entity in TEXT_FIELDS:
            wanted.setdefault(r.entity, set()).add((r.source_system, r.key))
    out = []
    for entity, pairs in sorted(wanted.items()):
        path = output_dir(data_root) / entity / staging.DATA_FILE
        if not path.exists():
            continue
        key = TEXT_FIELDS[entity][0]
        # only the person's rows are read (the output holds every record's text: reading it whole per request
        # grows with the practice)
        wanted_keys = sorted({k for _, k in pairs})
        with duckdb.connect() as con:
            con.execute("SET threads = 1")
            rows = con.execute(
                f'SELECT source_system, CAST("{key}" AS VARCHAR), status FROM read_parquet(?) '
                f'WHERE CAST("{key}" AS VARCHAR) IN (SELECT unnest(?::VARCHAR[]))',
                [str(path), wanted_keys],
            ).fetchall()
        for s, k, status in rows:
            if (s, k) in pairs:
                out.append({"entity": entity, "source_system": s, "key": k, "status": status, "path": str(path)})
    return out


def research_locations(patients: Iterable[SubjectRef], master: bytes, data_root: Path | None) -> list[dict]:
    """Rows of the current research releases that carry one of the person's pseudonyms (per dataset: the
    pseudonym is keyed per key domain, so it is computed per dataset)."""
    import duckdb

    from transforms.research import current_release, load_datasets
    from transforms.research.pseudonym import DatasetKey

    patients = [p for p in patients if p.entity == "patient"]
    out = []
    if not patients:
        return out
    for name, definition in sorted(load_datasets().items()):
        release = current_release(name, data_root)
        if release is None:
            continue
        key = DatasetKey(master, definition.domain)
        pseudonyms = [key.pseudonym("patient", p.source_system, p.key) for p in patients]
        for table_name, table in definition.tables.items():
            path = release / f"{table_name}.parquet"
            if not path.exists():
                continue
            column = table.pseudonym_column
            with duckdb.connect() as con:
                rows = con.execute(
                    f'SELECT count(*) FROM read_parquet(?) WHERE "{column}" IN (SELECT unnest(?::VARCHAR[]))',
                    [str(path), pseudonyms],
                ).fetchone()[0]
            if rows:
                out.append(
                    {
                        "dataset": name,
                        "release": release.name,
                        "table": table_name,
                        "rows": int(rows),
                        "pseudonym_column": column,
                    }
                )
    return out


# --- deciding ---------------------------------------------------------------------------------------------


def decide(query: PersonQuery, candidates: list[Candidate]) -> tuple[list[Candidate], list[Candidate]]:
    """Split candidates into (matched, needs a person's decision); records that do not fit are dropped.

    Matched: ``exact`` or ``probable``, unless another record of the same kind in the same system fits too
    (two patients in one system: a duplicate registration, twins, a mix-up). Weak: always to a person."""
    fitting = [c for c in candidates if c.evidence.level in ("exact", "probable")]
    # employee and applicant numbers are per practice system: the same number fitting in two systems, with
    # nothing else to tell them apart, is two different people until a person says otherwise
    per_system = [c for c in fitting if set(c.evidence.fits) <= {"employee_number", "applicant_number"}]
    if len({c.subject.source_system for c in per_system}) > 1:
        for c in per_system:
            c.reason = "hetzelfde nummer in meer dan één praktijksysteem"
        fitting = [c for c in fitting if c not in per_system]
    else:
        per_system = []
    weak = [c for c in candidates if c.evidence.level == "weak"]
    groups: dict[tuple[str, str], list[Candidate]] = {}
    for c in fitting:
        groups.setdefault((c.subject.source_system, c.subject.entity), []).append(c)
    matched, undecided = [], []
    for (_, entity), group in groups.items():
        if entity in ONE_PER_PERSON and len(group) > 1:
            for c in group:
                c.reason = "twee kandidaten passen"
            undecided += group
        else:
            matched += group
    for c in weak:
        c.reason = "alleen een zwakke overeenkomst: " + (", ".join(c.evidence.reasons) or "één gegeven")
    return matched, per_system + undecided + weak


# --- the entry point --------------------------------------------------------------------------------------


def _mappings(config_dir: Path | None) -> dict[str, SourceMapping]:
    """The source mappings, read once per set of file versions (parsing them costs more than a lookup)."""
    folder = Path(config_dir) if config_dir else settings.config_dir() / "sources"
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.yml")))
    return _cached_mappings(str(folder), stamp)


@functools.lru_cache(maxsize=4)
def _cached_mappings(folder: str, stamp: tuple) -> dict[str, SourceMapping]:  # noqa: ARG001 - stamp is the key
    return {m.name: m for m in load_sources(Path(folder))}


def locate(
    query: PersonQuery,
    *,
    sources: Mapping[str, str | Engine],
    data_root: Path | None = None,
    register_engine: Engine | None = None,
    key: LocateKeys | None = None,
    archive_root: Path | None = None,
    config_dir: Path | None = None,
    decided: Collection[SubjectRef] | None = None,
) -> LocateResult:
    """Find everything held about the person of ``query``.

    ``sources``: the live practice systems to confirm against, source name -> SQLAlchemy URL or engine
    (a staged source not listed is reported from staging, marked so). ``register_engine``: the privacy
    register (the archive's keys and batches); None: the archive is not searched. ``key``: the secrets
    (:class:`LocateKeys`); without the archive or research key that place is reported as not searched.
    ``decided``: a person's decision on the candidates of an earlier run (the DAG's approval step): every
    candidate that needs a decision is settled, those in ``decided`` are the person (their records are
    gathered like any match), the others are not. ``LocateError`` when a decided record is no longer a
    candidate (the data changed since the decision: decide again).
    """
    started = time.monotonic()
    key = key or LocateKeys()
    model = load_model()
    mappings = _mappings(config_dir)
    own_engines = {n: create_engine(u) for n, u in sources.items() if isinstance(u, str)}
    engines: dict[str, Engine] = {**{n: e for n, e in sources.items() if not isinstance(e, str)}, **own_engines}
    searched: dict[str, str] = {}
    con = None
    try:
        entry = _open_index(build_lookup_index(data_root))
        con = entry.con.cursor()  # a cursor of the kept connection: its own, closed after this request
        _CATALOGS[id(con)] = entry.catalog
        searched["staging"] = "doorzocht via de opzoekindex"
        refs, _ = find_candidates(query, con)
        by_entity: dict[str, dict[str, set[str]]] = {}
        for ref in refs:
            by_entity.setdefault(ref.entity, {}).setdefault(ref.source_system, set()).add(ref.key)
        subject_records: list[Record] = [
            r
            for records in _fetch(by_entity, engines, mappings, model, con, data_root, searched).values()
            for r in records
        ]
        for name in engines:
            searched.setdefault(f"live:{name}", "gevonden records bevestigd in het praktijksysteem")

        archive_open = register_engine is not None and key.archive_master is not None
        archived: list[tuple[str, dict]] = []
        if archive_open:
            # the records that stand for people first (matched on their values below); the records that
            # belong to them once it is known who matched
            archived = archived_rows(register_engine, key.archive_master, archive_root, entities=SUBJECT_ENTITIES)
            live_keys = {(r.source_system, r.entity, r.key) for r in subject_records}
            for entity, row in archived:
                k = str(row[SUBJECT_ENTITIES[entity]])
                if (row["source_system"], entity, k) not in live_keys:
                    subject_records.append(Record(row["source_system"], entity, k, row, "archive"))
        else:
            searched["archive"] = "niet doorzocht: geen sleutel of register"

        candidates = []
        for record in subject_records:
            ref = SubjectRef(record.source_system, record.entity, record.key)
            evidence = compare(query, identity_of(record.source_system, record.entity, record.row))
            if evidence.level != "none":
                candidates.append(Candidate(ref, evidence, record))
        matched, undecided = decide(query, candidates)
        if decided is not None:
            chosen = set(decided)
            offered = {c.subject for c in undecided} | {c.subject for c in matched}
            if chosen - offered:
                raise LocateError(f"{len(chosen - offered)} decided record(s) are no longer candidates: decide again")
            matched += [c for c in undecided if c.subject in chosen]
            undecided = []

        if archive_open:
            archived += archived_dependents(register_engine, key, archive_root, [c.subject for c in matched], model)
            searched["archive"] = f"ontsleuteld voor dit verzoek ({len(archived)} gearchiveerde records gelezen)"
        # the records that belong to each matched person: from the index, read live (or staged), + archive
        deps = dependent_keys([c.subject for c in matched], con)
        # one read per (entity, source) for all matched people together: the fixed cost is per read
        wanted: dict[str, dict[str, set[str]]] = {}
        owner: dict[tuple[str, str, str], SubjectRef] = {}
        for subject, per in deps.items():
            for entity, keys in per.items():
                wanted.setdefault(entity, {}).setdefault(subject.source_system, set()).update(keys)
                owner.update({(subject.source_system, entity, k): subject for k in keys})
        fetched: dict[SubjectRef, list[Record]] = {}
        owners: dict[str, set[str]] = {}
        for subject in deps:
            owners.setdefault(subject.source_system, set()).add(subject.key)
        gathered = _fetch(dict(sorted(wanted.items())), engines, mappings, model, con, data_root, searched, owners)
        for entity, records in gathered.items():
            for record in records:
                # a family link names two patients; it is given to the one it was looked up for (both, if both
                # are matched: then it is shown once per person, as the link only)
                for subject in {owner[(record.source_system, entity, record.key)]}:
                    record.subject = subject
                    fetched.setdefault(subject, []).append(record)
        matches = []
        for c in matched:
            c.record.subject = c.subject
            match = PersonMatch(
                c.subject, c.evidence, [c.record, *sorted(fetched.get(c.subject, []), key=lambda r: (r.entity, r.key))]
            )
            have = {(r.entity, r.key) for r in match.records}
            for entity, row in archived:
                links = DEPENDENT_ENTITIES.get(entity, (None, []))
                if row.get("source_system") != c.subject.source_system:
                    continue
                k = str(row[links[0]]) if links[0] else None
                if (
                    any(s == c.subject.entity and str(row.get(col)) == c.subject.key for s, col in links[1])
                    and (entity, k) not in have
                ):
                    match.records.append(Record(c.subject.source_system, entity, k, row, "archive", c.subject))
            matches.append(match)

        result = LocateResult(query.kinds(), matches, undecided, searched=searched)
        result.text_outputs = text_output_locations(result.records(), data_root)
        searched["anonymised_text"] = f"{len(result.text_outputs)} records in de geanonimiseerde tekst"
        if key.research_master is not None:
            result.research = research_locations([m.subject for m in matches], key.research_master, data_root)
            searched["research"] = "onderzoeksreleases doorzocht op de pseudoniemen van deze persoon"
        else:
            searched["research"] = "niet doorzocht: geen pseudoniemsleutel"
    finally:
        if con is not None:
            _CATALOGS.pop(id(con), None)
            con.close()
        for engine in own_engines.values():
            engine.dispose()
    result.seconds = round(time.monotonic() - started, 3)
    log.info(
        "locate (%s): %s, %d match(es), %d to decide, %d records, %.2f s",
        ",".join(query.kinds()),
        result.status,
        len(result.matches),
        len(result.needs_decision),
        len(result.records()),
        result.seconds,
    )
    return result


def locate_person(
    engine: Engine,
    request_id: str,
    *,
    sources: Mapping[str, str | Engine],
    data_root: Path | None = None,
    keys: LocateKeys | None = None,
    archive_root: Path | None = None,
    decided: Collection[SubjectRef] | None = None,
) -> LocateResult:
    """:func:`locate` the person of a registered request: the register's query, decrypted here, with the register
    as the place holds and earlier decisions are read from. Checks nothing about the request's state (see
    :func:`locate_request` for the steps that may only act on a verified request)."""
    return locate(
        store.person_query(engine, request_id),
        sources=sources,
        data_root=data_root,
        register_engine=engine,
        key=keys,
        archive_root=archive_root,
        decided=decided,
    )


def locate_request(ctx: StepContext, request_id: str, *, asks: Collection[str], error: type[Exception]) -> LocateResult:
    """The person of a verified request that asks one of ``asks``, located (the register's query, decrypted here)
    in ``ctx``'s practice systems and data root. ``error`` is raised (ids only) when the request may not be
    executed, asks none of ``asks``, or a person must first decide who this is."""
    store.executable(ctx.engine, request_id, asks=tuple(asks), error=error)
    result = locate_person(
        ctx.engine,
        request_id,
        sources=ctx.sources,
        data_root=ctx.data_root,
        keys=ctx.keys or LocateKeys.from_env(),
    )
    if result.needs_decision:
        raise error(f"request {request_id}: a person decides who this is before anything is changed")
    return result
