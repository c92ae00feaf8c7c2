"""Generate the committed GX project in ``expectations/gx/`` from the canonical model and ``config/quality.yml``.

One suite, validation definition and checkpoint per canonical entity (``source.<entity>``), two for
research releases (``release.rows``, ``release.facts``) and two for disposal runs (``retention.remaining``,
``retention.removed``). Every expectation carries, in ``meta``:
``name`` (stable, value-free: used in reports and quarantine reasons), ``severity`` (quarantine | fail |
warn) and ``kind``. GX's own ``severity`` field mirrors it for Data Docs (fail -> critical, quarantine ->
warning, warn -> info). Ids are UUIDv5 of the object's name, so regenerating gives identical files and
``python -m transforms validate --check-suites`` (and a test) can tell when the committed JSON is stale.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

from transforms import settings
from transforms.kernel.canonical import CanonicalModel, load_model
from transforms.quality.checks import check_column
from transforms.quality.config import QualityConfig, load_quality_config
from transforms.sources.convert import SOURCE_COLUMN

NAMESPACE = uuid.UUID("5b1f0c52-8d0e-4a57-9a57-5d2b6a1e0c11")
DATASOURCE = "dcn"
BATCH_DEFINITION = "whole"
GX_SEVERITY = {"fail": "critical", "quarantine": "warning", "warn": "info"}
# Failing values are never stored: counts only, no sample list, no rows, no index query.
RESULT_FORMAT: dict[str, Any] = {
    "result_format": "SUMMARY",
    "partial_unexpected_count": 0,
    "include_unexpected_rows": False,
    "return_unexpected_index_query": False,
    "exclude_unexpected_values": True,
}
# pandas dtype.type names as GX compares them (see transforms.quality.frames for the loader)
GX_TYPES = {"string": "str", "integer": "int64", "boolean": "bool", "date": "datetime64", "datetime": "datetime64"}
# computed columns of the release suites (transforms.quality.release fills them)
RELEASE_ROW_CHECKS: dict[str, str] = {
    "no_bsn": "no text value holds a number passing the BSN 11-proef",
    "no_email": "no text value holds an e-mail address",
    "no_phone": "no text value holds a Dutch phone number",
    "no_iban": "no text value holds an IBAN (mod-97)",
    "no_postcode_house_number": "no text value holds a postcode with a house number",
    "no_known_name": "no text value holds a staged person's surname or street",
    "pseudonym_present": "every row has a pseudonym",
    "pseudonym_one_to_one": "a pseudonym belongs to exactly one patient and a patient has exactly one pseudonym",
    "k_class_size": "every combination of quasi-identifiers occurs at least k times",
}
CHECK_TEXT = {  # Data Docs wording of the semantic checks
    "bsn_11proef": "{column} passes the BSN 11-proef",
    "iban": "{column} is a valid IBAN (mod-97)",
    "not_after_run": "{column} is not after the run's date",
    "not_before": "{column} is not before {other}",
    "not_before_birth": "{column} is not before the patient's date of birth",
    "references": "every {column} is a staged {target} of the same source",
    "date_range": "{column} is a plausible date ({range})",
}
RELEASE_PREFIX = "_release__"
RETENTION_PREFIX = "_retention__"
RETENTION_CHECKS: dict[str, tuple[str, str]] = {  # name -> (suite, description)
    "within_term_or_held": ("retention.remaining", "nothing past its term remains in the live systems unless held"),
    "archived_if_required": (
        "retention.removed",
        "every removed record that required archiving is in a verified archive",
    ),
    "removed_once": ("retention.removed", "no record was removed twice"),
}
EXPECTATIONS_ENV = "DCN_EXPECTATIONS_DIR"


def expectations_dir() -> Path:
    """The committed GX project root (``expectations/``; its GX folder is ``expectations/gx``)."""
    return Path(os.environ.get(EXPECTATIONS_ENV) or settings.REPO_ROOT / "expectations").resolve()


def import_gx():
    """Import GX offline and quiet (its import logs hundreds of INFO lines under a root INFO logger)."""
    import logging

    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    import great_expectations

    return great_expectations


def _id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def _expectation(cls_name: str, name: str, severity: str, kind: str, description: str, suite: str, **kwargs: Any):
    cls = getattr(import_gx().expectations, cls_name)
    return cls(
        meta={"name": name, "severity": severity, "kind": kind},
        severity=GX_SEVERITY[severity],
        description=description,
        **kwargs,
    )


def source_expectations(entity_name: str, model: CanonicalModel, config: QualityConfig) -> list:
    """The expectations of ``source.<entity>``, in a stable order."""
    entity = model.entity(entity_name)
    suite = f"source.{entity_name}"
    sev = config.source.generated
    checks = [c for c in config.source.checks if c.entity == entity_name]
    columns = [*entity.columns, SOURCE_COLUMN, *(check_column(c) for c in checks)]
    out = [
        _expectation(
            "ExpectTableColumnsToMatchSet",
            f"{entity_name}.columns",
            sev.columns,
            "columns",
            "the staged columns are the canonical model's (plus computed checks)",
            suite,
            column_set=columns,
            exact_match=True,
        )
    ]
    for name, column in [*entity.columns.items(), (SOURCE_COLUMN, None)]:
        kind = column.type if column is not None else "string"
        out.append(
            _expectation(
                "ExpectColumnValuesToBeOfType",
                f"{entity_name}.{name}.type",
                sev.types,
                "types",
                f"{name} is a {kind}",
                suite,
                column=name,
                type_=GX_TYPES[kind],
            )
        )
    for name, column in [*entity.columns.items(), (SOURCE_COLUMN, None)]:
        if column is None or not column.nullable:
            out.append(
                _expectation(
                    "ExpectColumnValuesToNotBeNull",
                    f"{entity_name}.{name}.not_null",
                    sev.not_null,
                    "not_null",
                    f"{name} is never empty",
                    suite,
                    column=name,
                )
            )
    for name, column in entity.columns.items():
        if column.values:
            out.append(
                _expectation(
                    "ExpectColumnValuesToBeInSet",
                    f"{entity_name}.{name}.allowed_values",
                    sev.allowed_values,
                    "allowed_values",
                    f"{name} is one of the model's codes",
                    suite,
                    column=name,
                    value_set=list(column.values),
                )
            )
    out.append(
        _expectation(
            "ExpectCompoundColumnsToBeUnique",
            f"{entity_name}.{entity.key}.unique",
            sev.unique_key,
            "unique_key",
            f"({SOURCE_COLUMN}, {entity.key}) occurs once",
            suite,
            column_list=[SOURCE_COLUMN, entity.key],
        )
    )
    rates = config.source.null_rates
    for dotted, fraction in sorted(rates.max_null_fraction.items()):
        owner, _, name = dotted.partition(".")
        if owner == entity_name:
            out.append(
                _expectation(
                    "ExpectColumnValuesToNotBeNull",
                    f"{dotted}.null_rate",
                    rates.severity,
                    "null_rate",
                    f"at most {fraction:.0%} of {name} is empty",
                    suite,
                    column=name,
                    mostly=round(1.0 - fraction, 6),
                )
            )
    for check in checks:
        bounds = [
            f"from {check.min.isoformat()}" if check.min else "",
            f"to {check.max.isoformat()}" if check.max else "",
        ]
        text = CHECK_TEXT[check.check].format(
            column=check.column, other=check.other, target=check.target, range=" ".join(b for b in bounds if b)
        )
        out.append(
            _expectation(
                "ExpectColumnValuesToBeInSet",
                check.name,
                check.severity,
                "check",
                text,
                suite,
                column=check_column(check),
                value_set=[True],
            )
        )
    return out


def release_expectations(config: QualityConfig) -> dict[str, list]:
    sev = config.release.severity
    rows = [
        _expectation(
            "ExpectColumnValuesToBeInSet",
            f"release.{name}",
            sev,
            "release_row",
            text,
            "release.rows",
            column=RELEASE_PREFIX + name,
            value_set=[True],
        )
        for name, text in RELEASE_ROW_CHECKS.items()
    ]
    rows.insert(
        0,
        _expectation(
            "ExpectTableColumnsToMatchSet",
            "release.check_columns",
            sev,
            "columns",
            "the release's computed check columns are all present",
            "release.rows",
            column_set=[RELEASE_PREFIX + n for n in RELEASE_ROW_CHECKS],
            exact_match=True,
        ),
    )
    facts = [
        _expectation(
            "ExpectColumnValuesToBeInSet",
            "release.no_direct_identifier_columns",
            sev,
            "release_fact",
            "no column of the release is a direct identifier",
            "release.facts",
            column="direct_identifier_columns_present",
            value_set=[0],
        ),
        _expectation(
            "ExpectColumnValuesToBeBetween",
            "release.k_configured",
            sev,
            "release_fact",
            "the configured k is at least 2",
            "release.facts",
            column="k_configured",
            min_value=2,
        ),
        _expectation(
            "ExpectColumnPairValuesAToBeGreaterThanB",
            "release.k_reached",
            sev,
            "release_fact",
            "the k reached (risk report) is at least the configured k",
            "release.facts",
            column_A="k_reached",
            column_B="k_configured",
            or_equal=True,
        ),
        _expectation(
            "ExpectColumnPairValuesToBeEqual",
            "release.rows_reconcile",
            sev,
            "release_fact",
            "rows in = rows out + suppressed + excluded",
            "release.facts",
            column_A="rows_in",
            column_B="rows_accounted",
        ),
        _expectation(
            "ExpectColumnPairValuesToBeEqual",
            "release.rows_out_is_dataset",
            sev,
            "release_fact",
            "rows out (risk report) = rows in the dataset",
            "release.facts",
            column_A="rows_out",
            column_B="rows_in_dataset",
        ),
        _expectation(
            "ExpectColumnValuesToBeInSet",
            "release.risk_within_policy",
            sev,
            "release_fact",
            "the highest prosecutor risk is within the release's policy threshold",
            "release.facts",
            column="risk_within_policy",
            value_set=[1],
        ),
    ]
    return {"release.rows": rows, "release.facts": facts}


def retention_expectations(config: QualityConfig) -> dict[str, list]:
    sev = config.retention.severity
    suites: dict[str, list] = {"retention.remaining": [], "retention.removed": []}
    for name, (suite, text) in RETENTION_CHECKS.items():
        suites[suite].append(
            _expectation(
                "ExpectColumnValuesToBeInSet",
                f"retention.{name}",
                sev,
                "retention",
                text,
                suite,
                column=RETENTION_PREFIX + name,
                value_set=[True],
            )
        )
    return suites


def all_suites(model: CanonicalModel, config: QualityConfig) -> dict[str, list]:
    suites = {f"source.{name}": source_expectations(name, model, config) for name in model.entities}
    suites.update(release_expectations(config))
    suites.update(retention_expectations(config))
    return suites


def _dump(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


GX_YML_HEADER = """\
# Great Expectations project of the privacy pipeline. GENERATED by
#   python -m transforms validate --write-suites
# from config/canonical_model.yml and config/quality.yml: edit those, not this folder.
# At run time transforms.quality copies these definitions into <data_root>/quality/gx/ and runs there,
# so results and Data Docs land next to the data (never in git, never in the DAG bundle).
"""


def _project_yml(asset_names: list[str]) -> str:
    import yaml

    config = {
        "config_version": 4.0,
        "config_variables_file_path": "uncommitted/config_variables.yml",
        "plugins_directory": "plugins/",
        "analytics_enabled": False,  # offline: no usage statistics
        "data_context_id": _id("data_context"),
        "progress_bars": {"globally": False, "metric_calculations": False},
        "stores": {
            "expectations_store": {
                "class_name": "ExpectationsStore",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": "expectations/"},
            },
            "validation_results_store": {
                "class_name": "ValidationResultsStore",
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": "uncommitted/validations/",
                },
            },
            "checkpoint_store": {
                "class_name": "CheckpointStore",
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "suppress_store_backend_id": True,
                    "base_directory": "checkpoints/",
                },
            },
            "validation_definition_store": {
                "class_name": "ValidationDefinitionStore",
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": "validation_definitions/",
                },
            },
        },
        "expectations_store_name": "expectations_store",
        "validation_results_store_name": "validation_results_store",
        "checkpoint_store_name": "checkpoint_store",
        "data_docs_sites": {
            "local_site": {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": "uncommitted/data_docs/local_site/",
                },
                # the index reads every result it lists: bound it (about two weeks of nightly source runs)
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder", "validation_results_limit": 1000},
            }
        },
        "fluent_datasources": {
            DATASOURCE: {
                "type": "pandas",
                "id": _id("datasource", DATASOURCE),
                "assets": {
                    name: {
                        "type": "dataframe",
                        "id": _id("asset", name),
                        "batch_metadata": {},
                        "batch_definitions": {
                            BATCH_DEFINITION: {"id": _id("batch_definition", name), "partitioner": None}
                        },
                    }
                    for name in asset_names
                },
            }
        },
    }
    return GX_YML_HEADER + yaml.safe_dump(config, sort_keys=False, default_flow_style=False)


def render_project(model: CanonicalModel | None = None, config: QualityConfig | None = None) -> dict[str, str]:
    """Every committed file of the GX project, as ``{path relative to expectations/gx: text}``."""
    gx = import_gx()
    model = model or load_model()
    config = config or load_quality_config(model=model)
    suites = all_suites(model, config)
    files: dict[str, str] = {"great_expectations.yml": _project_yml(list(suites)), ".gitignore": "uncommitted/\n"}
    for name, expectations in suites.items():
        suite = gx.ExpectationSuite(
            name=name,
            expectations=expectations,
            id=_id("suite", name),
            meta={"generated_from": ["config/canonical_model.yml", "config/quality.yml"]},
        )
        for expectation in suite.expectations:  # GX refuses foreign ids on input; stable ids keep diffs clean
            expectation.id = _id("expectation", name, expectation.meta["name"])
        body = suite.to_json_dict()
        body["meta"].pop("great_expectations_version", None)  # stable across GX patch releases
        files["expectations/" + name.replace(".", "/") + ".json"] = _dump(body)
        files[f"validation_definitions/{name}.json"] = _dump(
            {
                "data": {
                    "asset": {"id": _id("asset", name), "name": name},
                    "batch_definition": {"id": _id("batch_definition", name), "name": BATCH_DEFINITION},
                    "datasource": {"id": _id("datasource", DATASOURCE), "name": DATASOURCE},
                },
                "id": _id("validation_definition", name),
                "name": name,
                "suite": {"id": _id("suite", name), "name": name},
            }
        )
        files[f"checkpoints/{name}.json"] = _dump(
            {
                # Data Docs are built once per gate run (incrementally), not after each of its ~40 checkpoints
                "actions": [],
                "id": _id("checkpoint", name),
                "name": name,
                "result_format": RESULT_FORMAT,
                "validation_definitions": [{"id": _id("validation_definition", name), "name": name}],
            }
        )
    return files


GENERATED_DIRS = ("expectations", "validation_definitions", "checkpoints")


def stale_files(gx_dir: Path | None = None, files: dict[str, str] | None = None) -> list[str]:
    """Files of the committed project that differ from what the config generates (missing, changed, extra)."""
    gx_dir = gx_dir or expectations_dir() / "gx"
    files = files if files is not None else render_project()
    problems = [
        rel
        for rel, text in files.items()
        if not (gx_dir / rel).is_file() or (gx_dir / rel).read_text(encoding="utf-8") != text
    ]
    for sub in GENERATED_DIRS:
        for path in sorted((gx_dir / sub).rglob("*.json")) if (gx_dir / sub).exists() else []:
            rel = path.relative_to(gx_dir).as_posix()
            if rel not in files:
                problems.append(rel)
    return sorted(problems)


def write_project(gx_dir: Path | None = None, files: dict[str, str] | None = None) -> list[str]:
    """(Re)write the generated definitions in ``gx_dir``; removes suites no longer generated. Returns changed paths."""
    gx_dir = gx_dir or expectations_dir() / "gx"
    files = files if files is not None else render_project()
    changed = stale_files(gx_dir, files)
    for rel in changed:
        path = gx_dir / rel
        if rel in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(files[rel], encoding="utf-8")
            os.replace(tmp, path)
        elif path.exists():
            path.unlink()
    return changed


def sync_definitions(source_gx: Path, target_gx: Path) -> None:
    """Copy the committed definitions into a run-time project (callers hold the workspace lock)."""
    target_gx.mkdir(parents=True, exist_ok=True)
    for sub in GENERATED_DIRS:
        if (target_gx / sub).exists():
            shutil.rmtree(target_gx / sub)
        shutil.copytree(source_gx / sub, target_gx / sub)
    for name in ("great_expectations.yml", ".gitignore"):
        shutil.copy2(source_gx / name, target_gx / name)
