"""The answer to an access (GDPR art. 15, WGBO 7:456) or portability (art. 20) request: one encrypted package.

Contents (inside one AES-256 ZIP, password generated here and shown **once** to the officer, who sends it by
another channel than the package):

- ``data.json``: machine-readable, per entity, the canonical model's names and types;
- ``<entity>.csv``: one CSV per entity (the same records);
- ``overzicht.html`` (access only): a summary in Dutch a patient can read: what we hold, from which practice,
  why, the retention term and its basis per kind of record (``config/retention_policy.yml``), who receives
  it, where else the data went (anonymised text, research releases), what cannot be searched per person;
- ``beelden/``: the X-rays and photos themselves, where the image file is reachable (``media_roots``).

Never another person's data: a family link appears as the link only (its relation and direction, no other
patient's id); free text that names other people (a family member, a staff member, another first name) or
holds an identifier that is not the person's own is included as written (it is the person's own file, WGBO)
but **flagged** in ``review.json`` beside the ZIP for the officer's approval step; a payment by another
payer is flagged too. ``review.json`` holds record keys and reason kinds only, no values.

Portability: only what the person provided (registration and contact details, consents, contact-form
messages, an application), JSON and CSV.

The package is itself personal data with a retention term: :func:`register_package` puts it under the
retention class ``request_packages`` (30 days after delivery, ``config/retention_policy.yml``), which the
retention DAG's ``expire_files`` task enforces and certifies (``transforms.retention.files``).

Encryption: WinZip AES-256 via ``pyzipper`` (a maintained library; opens in 7-Zip, WinZip, macOS Archive
Utility with the password). Nothing is written unencrypted: files are added to the ZIP from memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import functools
import hashlib
import io
import json
import logging
import math
import os
import re
import secrets
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from transforms.kernel.canonical import load_model
from transforms.kernel.timeutil import utc_now
from transforms.requests.locate import LocateResult, Record, read_staged
from transforms.requests.matching import (
    fold,
    identity_of,
    normalise_bsn_value,
    normalise_email_value,
    normalise_phone_value,
)

log = logging.getLogger(__name__)

Kind = Literal["access", "portability"]
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
PASSWORD_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
PASSWORD_LENGTH = 24  # ~140 bits: the ZIP's security is the password's

# Art. 20: the data the person provided themselves (entity -> columns); everything else is observed or derived.
PORTABLE: dict[str, tuple[str, ...]] = {
    "patient": (
        "source_system",
        "patient_number",
        "first_name",
        "initials",
        "name_prefix",
        "last_name",
        "salutation",
        "sex",
        "date_of_birth",
        "bsn",
        "email",
        "phone_mobile",
        "phone_home",
        "street",
        "house_number",
        "postcode",
        "city",
        "registered_on",
    ),
    "communication_preference": ("source_system", "purpose", "granted", "recorded_at"),
    "contact_form": (
        "source_system",
        "submitted_at",
        "name",
        "email",
        "phone",
        "street",
        "house_number",
        "postcode",
        "city",
        "message",
    ),
    "applicant": (
        "source_system",
        "first_name",
        "name_prefix",
        "last_name",
        "email",
        "phone",
        "position",
        "applied_on",
    ),
    "employee": (
        "source_system",
        "first_name",
        "name_prefix",
        "last_name",
        "date_of_birth",
        "bsn",
        "iban",
        "email",
        "phone",
    ),
    "supplier_contact": ("source_system", "name", "email", "phone"),
}
TEXT_COLUMNS = {"clinical_note": "text", "complaint": "text", "contact_form": "message"}
LABELS = {
    "patient": "Inschrijving (naam, geboortedatum, BSN, adres, contactgegevens)",
    "family_link": "Koppeling met gezinsleden",
    "appointment": "Afspraken",
    "treatment": "Behandelingen (verrichtingen)",
    "clinical_note": "Aantekeningen in uw tandheelkundig dossier",
    "imaging": "Röntgenfoto's en foto's",
    "invoice": "Facturen",
    "insurance_claim": "Declaraties bij uw zorgverzekeraar",
    "payment": "Betalingen",
    "complaint": "Klachten",
    "communication_preference": "Toestemmingen en bezwaren",
    "contact_form": "Berichten via het contactformulier",
    "applicant": "Sollicitatie",
    "employee": "Personeelsgegevens",
    "payroll": "Salarisstroken",
    "employee_document": "Personeelsdossier",
    "supplier_contact": "Contactpersoon bij een leverancier",
}
PURPOSES = {
    "patient": "om u te kunnen behandelen, u te bereiken en te factureren (WGBO, behandelovereenkomst)",
    "family_link": "om gezinsleden samen te kunnen inplannen en factureren",
    "appointment": "om afspraken te plannen en u eraan te herinneren",
    "treatment": "verslaglegging van de zorg die wij u gaven (WGBO-dossierplicht)",
    "clinical_note": "verslaglegging van de zorg die wij u gaven (WGBO-dossierplicht)",
    "imaging": "diagnose en verslaglegging van uw behandeling (WGBO-dossierplicht)",
    "invoice": "facturering; fiscale bewaarplicht",
    "insurance_claim": "declaratie bij uw zorgverzekeraar",
    "payment": "administratie van betalingen; fiscale bewaarplicht",
    "complaint": "behandeling van uw klacht (Wkkgz)",
    "communication_preference": "om uw keuzes over herinneringen en onderzoek te respecteren",
    "contact_form": "om uw vraag te beantwoorden",
    "applicant": "om uw sollicitatie te beoordelen",
    "employee": "uitvoering van de arbeidsovereenkomst",
    "payroll": "salarisbetaling; fiscale bewaarplicht",
    "employee_document": "personeelsdossier (arbeidsovereenkomst, wettelijke plichten)",
    "supplier_contact": "contact met uw organisatie als leverancier",
}
RECIPIENTS = {
    "insurance_claim": "uw zorgverzekeraar (via Vecozo)",
    "invoice": "uw zorgverzekeraar; onze accountant",
    "payment": "onze bank en accountant",
    "payroll": "de Belastingdienst; ons salarisadministratiekantoor",
    "employee": "de Belastingdienst; ons salarisadministratiekantoor",
    "imaging": "alleen een verwijzend of overnemend zorgverlener, met uw toestemming",
    "clinical_note": "alleen een verwijzend of overnemend zorgverlener, met uw toestemming",
    "treatment": "uw zorgverzekeraar (als onderdeel van de declaratie)",
}
DEFAULT_RECIPIENTS = "niemand buiten Dental Clinics Nederland, behalve onze ICT-leveranciers (verwerkers)"
UNIT_NL = (
    ("years", "jaar", "jaar"),
    ("months", "maand", "maanden"),
    ("weeks", "week", "weken"),
    ("days", "dag", "dagen"),
)
ANCHOR_NL = {
    "event": "na",
    "end_of_fiscal_year": "na het einde van het boekjaar van",
    "end_of_calendar_year": "na het einde van het kalenderjaar van",
}


class PackageError(RuntimeError):
    """The package could not be built (message without personal data)."""


@dataclass
class ReviewFlag:
    """A record the officer must look at before the package goes out: keys and reason kinds only."""

    source_system: str
    entity: str
    key: str
    reasons: list[str]


@dataclass
class PackageInfo:
    """What was built. ``password`` is shown once to the officer and not stored anywhere by this module;
    ``repr`` hides it."""

    path: Path
    password: str = field(repr=False)
    kind: Kind
    files: list[str]
    entity_counts: dict[str, int]
    review: list[ReviewFlag]
    review_path: Path
    sha256: str
    created_at: dt.datetime
    images_missing: int = 0

    def summary(self) -> dict:
        """Safe for logs and the register: no password, no values."""
        return {
            "path": str(self.path),
            "kind": self.kind,
            "files": self.files,
            "entity_counts": self.entity_counts,
            "flags": len(self.review),
            "sha256": self.sha256,
            "created_at": self.created_at.isoformat(),
        }


# --- values ------------------------------------------------------------------------------------------------


def json_value(value: Any) -> Any:
    """A canonical value as JSON data: dates as ISO text, NaN/NaT as null, decimals and numpy numbers as
    numbers."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if hasattr(value, "isoformat"):  # pandas Timestamp
        try:
            return value.isoformat()
        except ValueError:
            return None
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    if type(value).__name__ in ("NaTType", "NAType"):
        return None
    return value


def _columns(entity: str, kind: Kind) -> list[str]:
    if kind == "portability":
        return list(PORTABLE[entity])
    if entity == "family_link":
        # the link only: never the other patient's id
        return ["source_system", "link_id", "relation", "direction", "updated_at"]
    return ["source_system", *load_model().entity(entity).columns]


def _types(entity: str, columns: list[str]) -> dict[str, str]:
    model_columns = load_model().entity(entity).columns
    return {c: (model_columns[c].type if c in model_columns else "string") for c in columns}


def _link_only(record: Record) -> dict:
    """A family link as the link only: the relation and which way it points."""
    mine = record.subject is not None and str(record.row.get("patient_id")) == record.subject.key
    return {
        "source_system": record.source_system,
        "link_id": record.key,
        "relation": record.row.get("relation"),
        "direction": "u bent gekoppeld aan een gezinslid" if mine else "een gezinslid is aan u gekoppeld",
        "updated_at": record.row.get("updated_at"),
    }


# --- flags for the officer ---------------------------------------------------------------------------------


def _name_words(*parts: Any) -> set[str]:
    return {w for p in parts if isinstance(p, str) for w in fold(p).split() if len(w) > 2}


def _others_in_text(
    text: str, own_words: set[str], other_names: set[str], own_values: set[str], first_names: frozenset[str]
) -> list[str]:
    """Why a text may name someone else (kinds only): a known other person's name, a first name that is not
    the person's own, an identifier that is not theirs."""
    from transforms.identifiers import direct

    reasons = []
    words = set(fold(text).split())
    if words & (other_names - own_words):
        reasons.append("naam van een ander bekend persoon (gezinslid of medewerker)")
    if (words & first_names) - own_words - other_names:
        reasons.append("voornaam van een ander")
    for finding in direct.find(text):
        value = text[finding.start : finding.end]
        normal = {normalise_email_value(value), normalise_phone_value(value), normalise_bsn_value(value)}
        if (
            finding.kind in ("email", "phone", "bsn", "iban")
            and not (normal & own_values)
            and re.sub(r"\W", "", value).lower() not in own_values
        ):
            reasons.append(f"{finding.kind} dat niet van deze persoon is")
    return sorted(set(reasons))


@functools.lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    from transforms.identifiers.dutch import FIRST_NAMES_F, FIRST_NAMES_M

    return frozenset(fold(n) for n in (*FIRST_NAMES_F, *FIRST_NAMES_M) if len(fold(n)) > 2)


def review_flags(result: LocateResult, data_root: Path | None = None) -> list[ReviewFlag]:
    """The records that may hold another person's data, for the officer (see the module docstring)."""
    flags: list[ReviewFlag] = []
    records = result.records()
    # names of the people around this person: linked family members and the staff who wrote the notes
    related: dict[str, set[str]] = {}
    authors: dict[str, set[str]] = {}
    for r in records:
        if r.entity == "family_link" and r.subject is not None:
            for column in ("patient_id", "related_patient_id"):
                other = r.row.get(column)
                if other is not None and str(other) != r.subject.key:
                    related.setdefault(r.source_system, set()).add(str(other))
        if r.entity == "clinical_note" and r.row.get("author_id") is not None:
            authors.setdefault(r.source_system, set()).add(str(r.row["author_id"]))
    other_names: set[str] = set()
    for entity, wanted in (("patient", related), ("employee", authors)):
        for row in read_staged(entity, wanted, data_root).values():
            other_names |= _name_words(row.get("first_name"), row.get("last_name"))
    own_words: set[str] = set()
    own_values: set[str] = set()
    for match in result.matches:
        row = match.records[0].row
        own_words |= _name_words(row.get("first_name"), row.get("last_name"), row.get("name"))
        ident = identity_of(match.subject.source_system, match.subject.entity, row)
        own_values |= {v for v in (ident.bsn, *ident.emails, *ident.phones) if v}
        own_values |= {re.sub(r"\W", "", str(v)).lower() for v in (row.get("iban"),) if v}
    first_names = _first_names()
    for r in records:
        reasons = []
        column = TEXT_COLUMNS.get(r.entity)
        if column and isinstance(r.row.get(column), str):
            reasons += _others_in_text(r.row[column], own_words, other_names, own_values, first_names)
        if (
            r.entity == "payment"
            and r.row.get("payer_iban")
            and re.sub(r"\W", "", str(r.row["payer_iban"])).lower() not in own_values
        ):
            reasons.append("betaald door een rekening die mogelijk van een ander is")
        if reasons:
            flags.append(ReviewFlag(r.source_system, r.entity, r.key, reasons))
    return flags


# --- the summary -------------------------------------------------------------------------------------------


def _term_nl(term) -> str:
    parts = []
    for attr, one, many in UNIT_NL:
        n = getattr(term, attr)
        if n:
            parts.append(f"{n} {one if n == 1 else many}")
    return " en ".join(parts)


def retention_terms(entity: str) -> list[dict]:
    """The retention term(s) and their legal basis for records of ``entity`` (``config/retention_policy.yml``)."""
    from transforms.retention.policy import load_policy

    policy = load_policy()
    out = []
    for rule in policy.entities.get(entity, []):
        cls = policy.retention_class(rule.class_)
        scope = f" (velden: {', '.join(rule.fields)})" if rule.fields else ""
        out.append(
            {
                "text": f"{_term_nl(cls.term)} {ANCHOR_NL.get(cls.counted_from, 'na')}: {cls.trigger}{scope}",
                "basis": [b.ref for b in cls.basis],
                "class": rule.class_,
            }
        )
    return out


def _practices(data_root: Path | None) -> dict[tuple[str, str], str]:
    from transforms.kernel.staging import read_entity

    try:
        frame = read_entity("practice", "practice_id", data_root=data_root)
    except FileNotFoundError:
        return {}
    return {(s, str(p)): n for s, p, n in frame[["source_system", "practice_id", "name"]].itertuples(index=False)}


def render_summary(
    result: LocateResult,
    by_entity: Mapping[str, list[dict]],
    *,
    request_label: str,
    data_root: Path | None,
    images_missing: int,
) -> str:
    """The Dutch HTML summary (Jinja2, autoescaped: values from a practice system are not trusted as HTML)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    practices = _practices(data_root)
    subject_practice = {
        m.subject: practices.get((m.subject.source_system, str(m.records[0].row.get("practice_id"))))
        for m in result.matches
    }
    kinds = []
    for entity, rows in by_entity.items():
        names = sorted(
            {
                practices.get((r["source_system"], str(r.get("practice_id"))))
                for r in rows
                if r.get("practice_id") is not None
            }
            - {None}
        )
        if not names:
            names = sorted({n for n in subject_practice.values() if n})
        kinds.append(
            {
                "label": LABELS.get(entity, entity),
                "file": f"{entity}.csv",
                "count": len(rows),
                "archived": sum(1 for r in rows if r.get("_origin") == "archive"),
                "practices": names,
                "purpose": PURPOSES.get(entity, "—"),
                "terms": retention_terms(entity),
                "recipients": RECIPIENTS.get(entity, DEFAULT_RECIPIENTS),
            }
        )
    env = Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("access_summary.html.j2").render(
        request_label=request_label,
        generated_on=dt.date.today().isoformat(),
        kinds=kinds,
        family_links=len(by_entity.get("family_link", [])),
        images_missing=images_missing,
        text_outputs=len(result.text_outputs),
        research_rows=sum(r["rows"] for r in result.research),
        research_datasets=sorted({r["dataset"] for r in result.research}),
        not_searchable=sorted(set(result.not_searchable.values())),
    )


# --- building ----------------------------------------------------------------------------------------------


def generate_password() -> str:
    """A random password for the ZIP (letters and digits without look-alikes, easy to read out)."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def _csv_text(columns: list[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: "" if row.get(c) is None else json_value(row.get(c)) for c in columns})
    return buffer.getvalue()


def package_rows(result: LocateResult, kind: Kind) -> dict[str, list[dict]]:
    """Per entity, the rows that go into the package (link-only family links, portable columns only for
    art. 20), JSON-safe, with ``_origin`` (live, staging, archive)."""
    out: dict[str, list[dict]] = {}
    for record in result.records():
        if kind == "portability" and record.entity not in PORTABLE:
            continue
        columns = _columns(record.entity, kind)
        row = _link_only(record) if record.entity == "family_link" else record.row
        out.setdefault(record.entity, []).append(
            {**{c: json_value(row.get(c)) for c in columns}, "_origin": record.origin}
        )
    return dict(sorted(out.items()))


def build_package(
    result: LocateResult,
    *,
    out_dir: Path,
    password: str | None = None,
    kind: Kind = "access",
    request_id: str | None = None,
    media_roots: Mapping[str, Path] | None = None,
    data_root: Path | None = None,
) -> PackageInfo:
    """Build the encrypted package for a located person; returns where it is and the password (once).

    Refuses while the result still ``needs_decision``: a person must first decide who is who. ``media_roots``:
    per source, the folder the imaging ``file_path`` values are relative to."""
    import pyzipper

    if result.needs_decision:
        raise PackageError("the result still has candidates for a person to decide; decide first")
    if not result.matches:
        raise PackageError("nobody was found: answer with a letter, not a package")
    password = password or generate_password()
    rows = package_rows(result, kind)
    created = utc_now()
    name = f"{kind}-{request_id or created.strftime('%Y%m%dT%H%M%SZ')}"
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {}
    data = {
        "format": 1,
        "kind": kind,
        "request_id": request_id,
        "created_at": created.isoformat(),
        "canonical_model_version": load_model().version,
        "entities": {},
    }
    for entity, entity_rows in rows.items():
        columns = _columns(entity, kind)
        data["entities"][entity] = {"columns": _types(entity, columns) | {"_origin": "string"}, "records": entity_rows}
        files[f"{entity}.csv"] = _csv_text([*columns, "_origin"], entity_rows).encode("utf-8")
    images_missing = 0
    if kind == "access":
        data["elsewhere"] = {
            "anonymised_text": [{k: v for k, v in t.items() if k != "path"} for t in result.text_outputs],
            "research": result.research,
        }
        for record in result.records():
            if record.entity != "imaging" or not record.row.get("file_path"):
                continue
            root = (media_roots or {}).get(record.source_system)
            image = Path(root) / str(record.row["file_path"]) if root else None
            if image is not None and image.is_file() and Path(root).resolve() in image.resolve().parents:
                files[f"beelden/{record.source_system}/{record.key}{image.suffix}"] = image.read_bytes()
            else:
                images_missing += 1
        files["overzicht.html"] = render_summary(
            result,
            rows,
            request_label=request_id or "inzageverzoek",
            data_root=data_root,
            images_missing=images_missing,
        ).encode("utf-8")
    files["data.json"] = json.dumps(data, ensure_ascii=False, indent=2, default=json_value).encode("utf-8")
    path = out_dir / f"{name}.zip"
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    # straight from memory into the encrypted ZIP: no plaintext copy ever lands on disk
    with pyzipper.AESZipFile(tmp, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as archive:
        archive.setpassword(password.encode("utf-8"))
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        for file_name, content in sorted(files.items()):
            archive.writestr(file_name, content)
    os.replace(tmp, path)
    flags = review_flags(result, data_root) if kind == "access" else []
    review_path = out_dir / f"{name}.review.json"
    review_path.write_text(json.dumps({"package": path.name, "flags": [f.__dict__ for f in flags]}, indent=2))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    info = PackageInfo(
        path,
        password,
        kind,
        sorted(files),
        {e: len(r) for e, r in rows.items()},
        flags,
        review_path,
        digest,
        created,
        images_missing,
    )
    log.info(
        "package built: %s, %d files, %d records, %d flagged for review",
        kind,
        len(files),
        sum(info.entity_counts.values()),
        len(flags),
    )
    return info


# --- the package's own retention ---------------------------------------------------------------------------

PACKAGE_FILE_KIND = "request_package"  # config/retention_policy.yml, pipeline_files -> class request_packages


def register_package(
    info: PackageInfo,
    *,
    delivered_on: dt.date,
    request_id: str | None = None,
    data_root: Path | None = None,
) -> dict:
    """Put a delivered package (the ZIP, its review file and a sealed password beside them) under its
    retention class, counted from ``delivered_on``: the retention engine deletes and certifies it when the
    term ends (``transforms.retention.files``; class ``request_packages``, 30 days). Returns the registry
    entry (paths, digests, dates; no personal data) with ``path`` and ``expires_on`` for the caller."""
    from transforms.retention.files import track_file

    paths = [info.path, info.review_path, *sorted(Path(info.path).parent.glob("*.password.sealed"))]
    entry = track_file(
        PACKAGE_FILE_KIND,
        [p for p in paths if Path(p).exists()],
        anchored_on=delivered_on,
        ref=request_id,
        data_root=data_root,
    )
    return {**entry, "path": str(info.path), "expires_on": entry["ends_on"]}


def expired_packages(as_of: dt.date, data_root: Path | None = None) -> list[dict]:
    """Registered packages whose term ended before ``as_of`` and that are not deleted yet."""
    from transforms.retention.files import expired_files

    return [{**e, "path": e["paths"][0]} for e in expired_files(as_of, data_root) if e["kind"] == PACKAGE_FILE_KIND]


def iter_package_names(info: PackageInfo, password: str) -> Iterable[str]:
    """The file names inside a package (opened with its password): for tests and the officer's check."""
    import pyzipper

    with pyzipper.AESZipFile(info.path) as archive:
        archive.setpassword(password.encode("utf-8"))
        return archive.namelist()
