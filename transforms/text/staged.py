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
import os
import re
import shutil
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

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
    from transforms import lexicon
    from transforms.identifiers import direct
    from transforms.identifiers.notation import normalise
    from transforms.text.recognizers import is_ordinary_word_name, reads_as_the_word

    if direct.kinds_in(text):
        return True
    normal = normalise(text).text
    lowered = normal.lower()
    for name in deny:
        if len(name) <= 2:
            continue
        name = normalise(name).text
        if " " not in name.strip() and is_ordinary_word_name(name, lexicon.words("ordinary_word_names")):
            # a name that is also a word is left only where the engine would read it as the name: capitalised or in
            # capitals, not 'Post-operatief' or a sentence's 'Door cariës' (the engine's own test, ``reads_as_the_word``)
            if any(
                not reads_as_the_word(normal, *m.span())
                for form in (name.capitalize(), name.upper())
                for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", normal)
            ):
                return True
        elif re.search(rf"(?<!\w){re.escape(name.lower())}(?!\w)", lowered):
            return True
    return False


# Per entity, the columns a record needs besides its key and text (deny lists: patient, author, visitor's name).
EXTRA_COLUMNS: dict[str, list[str]] = {
    "clinical_note": ["patient_id", "author_id"],
    "complaint": ["patient_id"],
    "contact_form": ["name"],
}
SHARD_DIR = "_shards"  # under the output folder: one file per shard until combine_text_shards writes the entity


def _entity_frame(entity: str, data_root: Path | None) -> pd.DataFrame:
    key, column = TEXT_FIELDS[entity]
    return _read(entity, key, data_root, ["source_system", key, column, *EXTRA_COLUMNS[entity]])


def plan_text_shards(*, rows_per_shard: int = 5000, data_root: Path | None = None) -> list[dict]:
    """The night's text work cut into shards: per entity, consecutive ranges of its current state (staging
    order: source system, key), at most ``rows_per_shard`` records each; an empty entity is one empty shard.

    Each shard is ``{"entity", "start", "stop", "rows"}`` (counts only): Airflow maps one task over them, so N
    workers share a night; :func:`combine_text_shards` joins them into exactly what one pass would write.
    """
    if rows_per_shard < 1:
        raise ValueError("rows_per_shard must be at least 1")
    shards = []
    for entity, (key, _column) in TEXT_FIELDS.items():
        rows = len(_read(entity, key, data_root, ["source_system", key]))
        bounds = list(range(0, rows, rows_per_shard)) or [0]
        shards += [{"entity": entity, "start": b, "stop": min(b + rows_per_shard, rows), "rows": rows} for b in bounds]
    return shards


def _shard_path(entity: str, start: int, data_root: Path | None) -> Path:
    return output_dir(data_root) / SHARD_DIR / entity / f"shard-{start:012d}.parquet"


def anonymise_text_shard(
    entity: str, start: int, stop: int, *, rows: int | None = None, data_root: Path | None = None, processes: int = 0
) -> dict:
    """Anonymise records ``start:stop`` of an entity's current state into a shard file; returns counts.

    ``rows`` is the entity's size when the shards were planned: if staging changed since, the shard refuses
    (a different cut would skip or repeat records) and the DAG run fails instead of publishing a mix.
    """
    from transforms.text.engine import WITHHELD_MARKER, anonymise_series

    key, column = TEXT_FIELDS[entity]
    whole = _entity_frame(entity, data_root)
    if rows is not None and len(whole) != rows:
        raise RuntimeError(f"{entity}: staging changed since the shards were planned ({rows} -> {len(whole)} rows)")
    frame = whole.iloc[start:stop].reset_index(drop=True)
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
    withheld = Counter(r for r, s in zip(result["reason"], result["status"]) if s == "withheld")
    report = EntityTextReport(entity, len(out), int((result["status"] == "ok").sum()), dict(withheld), dict(types))
    path = _shard_path(entity, start, data_root)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    table = pa.Table.from_pandas(out, schema=output_schema(key), preserve_index=False)
    pq.write_table(table.replace_schema_metadata({"dcn_report": json.dumps(asdict(report))}), tmp)
    os.replace(tmp, path)  # a retried shard replaces its file whole
    log.info("anonymised %s[%d:%d]: %d records, %d withheld", entity, start, stop, len(out), sum(withheld.values()))
    return {"entity": entity, "start": start, "stop": stop, "records": len(out), "withheld": sum(withheld.values())}


def combine_text_shards(shards: list[dict], *, data_root: Path | None = None) -> dict:
    """Join the shards of :func:`plan_text_shards` into the entity outputs and ``report.json``, byte for byte
    what one pass over the whole staging writes; refuses when a planned shard is missing. Returns the counts."""
    from transforms.sources import staging

    target = output_dir(data_root)
    reports = []
    for entity, (key, _column) in TEXT_FIELDS.items():
        paths = [
            _shard_path(entity, s["start"], data_root)
            for s in sorted(shards, key=lambda s: s["start"])
            if s["entity"] == entity
        ]
        missing = [p.name for p in paths if not p.exists()]
        if missing or not paths:
            raise RuntimeError(f"{entity}: shard(s) missing: {', '.join(missing) or 'none planned'}")
        tables = [pq.read_table(p) for p in paths]
        parts = [EntityTextReport(**json.loads(t.schema.metadata[b"dcn_report"])) for t in tables]
        table = pa.concat_tables([t.replace_schema_metadata(None) for t in tables]).cast(output_schema(key))
        writer = staging.PartitionWriter(target / entity, output_schema(key))
        writer.write(table.combine_chunks())
        writer.commit({"entity": entity})
        withheld: Counter = Counter()
        types: Counter = Counter()
        for part in parts:
            withheld.update(part.withheld)
            types.update(part.entity_types)
        report = EntityTextReport(
            entity, sum(p.records for p in parts), sum(p.anonymised for p in parts), dict(withheld), dict(types)
        )
        reports.append(report)
        log.info("anonymised %s: %d records, %d withheld", entity, report.records, sum(withheld.values()))
    report = {
        "entities": [asdict(r) for r in reports],
        "output": str(target),
        "withheld": sum(sum(r.withheld.values()) for r in reports),
        "records": sum(r.records for r in reports),
    }
    (target / "report.json").write_text(json.dumps(report, indent=2, sort_keys=True))
    shutil.rmtree(target / SHARD_DIR, ignore_errors=True)
    return report


def anonymise_staged_texts(*, data_root: Path | None = None, processes: int = 0) -> dict:
    """Anonymise every text entity in staging in one pass (one shard per entity); returns the counts (also
    written to ``report.json``). The DAG maps :func:`anonymise_text_shard` over smaller shards instead."""
    shards = plan_text_shards(rows_per_shard=1 << 62, data_root=data_root)
    for shard in shards:
        anonymise_text_shard(
            shard["entity"], shard["start"], shard["stop"], rows=shard["rows"], data_root=data_root, processes=processes
        )
    return combine_text_shards(shards, data_root=data_root)


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
