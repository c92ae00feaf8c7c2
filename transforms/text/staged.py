"""Anonymise the free text of the canonical staging: clinical notes, complaints, contact-form messages.

Each record's deny list holds the names the practice system knows for it: the patient (first name, surname
with and without tussenvoegsel), the family members linked to them, the note's author, the practice names,
and for a contact form the name the visitor gave. After the engine, a second scan
(``transforms.identifiers.direct``, the finder the engine and the release gate share: BSN with 11-proef,
IBAN, e-mail, phone, postcode + house number in any notation, and every deny-list name) looks at the
output; a record in which it finds anything is withheld too (fail closed).

Output per entity: ``<data_root>/anonymised/text/<entity>/part-00000.parquet`` (+ ``_manifest.json``) with
``source_system``, the record key,
``text`` (anonymised, or the withheld marker), ``status``, ``reason`` and ``entity_types`` (never the original),
written atomically, and ``report.json`` with counts only.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from transforms import settings
from transforms.kernel.progress import progress

log = logging.getLogger(__name__)

# entity -> (key column, text column)
TEXT_FIELDS: dict[str, tuple[str, str]] = {
    "clinical_note": ("note_id", "text"),
    "complaint": ("complaint_id", "text"),
    "contact_form": ("submission_id", "message"),
}
SECOND_SCAN_REASON = "second_scan"


@dataclass
class EntityTextReport:
    entity: str
    records: int
    anonymised: int
    withheld: dict[str, int] = field(default_factory=dict)  # reason -> count
    entity_types: dict[str, int] = field(default_factory=dict)


def output_dir(data_root: Path | None = None) -> Path:
    return (data_root or settings.data_root()) / "anonymised" / "text"


def _names(first: object, prefix: object, last: object) -> list[str]:
    parts = [p for p in (first, prefix, last) if isinstance(p, str) and p.strip()]
    names = [p for p in (first, last) if isinstance(p, str) and len(p.strip()) > 1]
    if isinstance(last, str) and isinstance(prefix, str) and prefix.strip():
        names.append(f"{prefix} {last}")
    if len(parts) > 1:
        names.append(" ".join(parts))
    return names


def _read(entity: str, key: str, data_root: Path | None, columns: list[str]) -> pd.DataFrame:
    from transforms.sources import staging

    try:
        return staging.read_entity(entity, key, data_root=data_root, columns=columns)
    except FileNotFoundError:
        return pd.DataFrame(columns=columns)


def deny_lists(entity: str, frame: pd.DataFrame, data_root: Path | None = None) -> list[tuple[str, ...]]:
    """Per record, the names the practice system knows for it (patient, family, author, practices)."""
    practices = _read("practice", "practice_id", data_root, ["source_system", "name"])
    practice_names = practices.groupby("source_system")["name"].apply(list).to_dict()
    patients = _read(
        "patient", "patient_id", data_root, ["source_system", "patient_id", "first_name", "name_prefix", "last_name"]
    )
    person = {(s, p): _names(f, x, l) for s, p, f, x, l in patients.itertuples(index=False)}
    family: dict[tuple[str, str], list[str]] = {}
    links = _read("family_link", "link_id", data_root, ["source_system", "patient_id", "related_patient_id"])
    for source, a, b in links.itertuples(index=False):
        family.setdefault((source, a), []).extend(person.get((source, b), []))
        family.setdefault((source, b), []).extend(person.get((source, a), []))
    staff = _read(
        "employee", "employee_id", data_root, ["source_system", "employee_id", "first_name", "name_prefix", "last_name"]
    )
    authors = {(s, e): _names(f, x, l) for s, e, f, x, l in staff.itertuples(index=False)}
    out = []
    for row in frame.itertuples(index=False):
        source = row.source_system
        names = list(practice_names.get(source, []))
        patient = getattr(row, "patient_id", None)
        if isinstance(patient, str):
            names += person.get((source, patient), []) + family.get((source, patient), [])
        author = getattr(row, "author_id", None)
        if isinstance(author, str):
            names += authors.get((source, author), [])
        if entity == "contact_form" and isinstance(getattr(row, "name", None), str):
            names += [row.name] + [part for part in row.name.split() if len(part) > 2 and part[0].isupper()]
        out.append(tuple(dict.fromkeys(names)))
    return out


def second_scan(text: str, deny: tuple[str, ...]) -> bool:
    """True when the output still shows a direct identifier or a known name (then it is withheld).

    The identifiers are the shared finder's (``transforms.identifiers.direct``, also the engine's and the
    release gate's), in any notation; names are matched on the notation-normalised text too, so a soft
    hyphen or zero-width space inside a name does not hide it.
    """
    from transforms.identifiers import direct
    from transforms.identifiers.notation import normalise

    if direct.kinds_in(text):
        return True
    lowered = normalise(text).text.lower()
    return any(
        re.search(rf"(?<!\w){re.escape(normalise(name).text.lower())}(?!\w)", lowered) for name in deny if len(name) > 2
    )


def anonymise_staged_texts(*, data_root: Path | None = None, processes: int = 0) -> dict:
    """Anonymise every text entity in staging; returns the counts (also written to ``report.json``)."""
    from transforms.sources import staging
    from transforms.text.engine import WITHHELD_MARKER, anonymise_series

    target = output_dir(data_root)
    target.mkdir(parents=True, exist_ok=True)
    reports = []
    for entity, (key, column) in TEXT_FIELDS.items():
        extra = {"clinical_note": ["patient_id", "author_id"], "complaint": ["patient_id"], "contact_form": ["name"]}[
            entity
        ]
        frame = _read(entity, key, data_root, ["source_system", key, column, *extra])
        denies = deny_lists(entity, frame, data_root)
        with progress(f"anonymise {entity}", total=len(frame), unit="records") as bar:
            result = (
                anonymise_series(
                    frame[column],
                    pd.Series(denies, index=frame.index, dtype=object),
                    processes=processes,
                    on_chunk=bar.advance,
                )
                if len(frame)
                else pd.DataFrame(columns=["text", "status", "reason", "entities"])
            )
        flagged = [
            status == "ok" and second_scan(text, deny)
            for text, status, deny in zip(result["text"], result["status"], denies)
        ]
        result.loc[flagged, ["text", "status", "reason"]] = [WITHHELD_MARKER, "withheld", SECOND_SCAN_REASON]
        types = Counter(e["type"] for entities in result["entities"] for e in entities)
        out = pd.DataFrame(
            {
                "source_system": frame["source_system"],
                key: frame[key],
                "text": result["text"],
                "status": result["status"],
                "reason": result["reason"],
                # object dtype: an entity with no records would otherwise give a float column
                "entity_types": pd.Series(
                    [sorted({e["type"] for e in es}) for es in result["entities"]], index=frame.index, dtype=object
                ),
            }
        )
        writer = staging.PartitionWriter(target / entity, output_schema(key))
        writer.write(pa.Table.from_pandas(out, schema=output_schema(key), preserve_index=False))
        writer.commit({"entity": entity})
        withheld = Counter(r for r, s in zip(result["reason"], result["status"]) if s == "withheld")
        reports.append(
            EntityTextReport(entity, len(out), int((result["status"] == "ok").sum()), dict(withheld), dict(types))
        )
        log.info("anonymised %s: %d records, %d withheld", entity, len(out), sum(withheld.values()))
    report = {
        "entities": [asdict(r) for r in reports],
        "output": str(target),
        "withheld": sum(sum(r.withheld.values()) for r in reports),
        "records": sum(r.records for r in reports),
    }
    (target / "report.json").write_text(json.dumps(report, indent=2, sort_keys=True))
    return report


def output_schema(key: str) -> pa.Schema:
    """The columns of the anonymised-text output of an entity whose key column is ``key`` (readers and test
    fixtures write and read exactly this)."""
    return pa.schema(
        [
            ("source_system", pa.string()),
            (key, pa.string()),
            ("text", pa.string()),
            ("status", pa.string()),
            ("reason", pa.string()),
            ("entity_types", pa.list_(pa.string())),
        ]
    )
