"""Run the whole nightly job once on the embedded default: SQLite practice systems, local folders, Airflow
with its own SQLite metadata database. No server needed.

Steps: generate both synthetic practice systems (SQLite, under var/demo), write the Airflow Connections
for them, migrate Airflow's metadata DB, run each pipeline DAG with `airflow dags test`, and print where
the results are. `--ui` then starts `airflow standalone` with the same settings (the DAGs loaded, no
examples).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

from transforms import settings

log = logging.getLogger(__name__)

# The DAGs the nightly job consists of, in the order the demo runs them, with the tasks `airflow dags test`
# marks successful without running: nobody answers the approval gate in a demo, so only the classes the
# policy approves by itself (camera footage, web analytics, ...) are carried out.
DEMO_DAGS: list[tuple[str, str | None]] = [("dcn_extract", None), ("dcn_anonymise_text", None),
                                           ("dcn_research", None), ("dcn_retention", "^approve$")]
SYSTEMS = ("exquise", "oase")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--patients", type=int, default=1000, help="patients per practice system (default 1000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--prepare-only", action="store_true",
                        help="generate the practice systems and Airflow settings, run no DAG")
    parser.add_argument("--ui", action="store_true", help="afterwards, start `airflow standalone` (Ctrl-C stops it)")


def demo_dir() -> Path:
    return settings.data_root().parent / "demo"


def airflow_env() -> dict[str, str]:
    """The environment every Airflow process of the demo gets: repo folders, connections, quiet retries."""
    root = settings.REPO_ROOT
    home = Path(os.environ.get("AIRFLOW_HOME") or settings.data_root().parent / "airflow")
    env = {**os.environ,
           "AIRFLOW_HOME": str(home),
           "AIRFLOW__CORE__DAGS_FOLDER": str(root / "dags"),
           "AIRFLOW__CORE__PLUGINS_FOLDER": str(root / "plugins"),
           "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
           "DCN_DATA_ROOT": str(settings.data_root()),
           "DCN_CACHE_DIR": str(settings.cache_dir()),
           "DCN_TASK_RETRIES": os.environ.get("DCN_TASK_RETRIES", "0"),
           # `airflow standalone` starts its components as `airflow ...` from PATH: this venv's first
           "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}
    for system in SYSTEMS:
        connection = {"conn_type": "sqlite", "host": str(demo_dir() / f"{system}.db"),
                      "extra": {"media_root": str(demo_dir() / "media" / system)}}
        env[f"AIRFLOW_CONN_DCN_SOURCE_{system.upper()}"] = json.dumps(connection)
    secrets = demo_secrets()
    env.update(secrets)
    # The research key the way production provides it: as the password of an Airflow Connection.
    env["AIRFLOW_CONN_DCN_RESEARCH_PSEUDONYM"] = json.dumps(
        {"conn_type": "generic", "password": secrets["DCN_RESEARCH_PSEUDONYM_KEY"]})
    return env


def demo_secrets() -> dict[str, str]:
    """The demo's own keys, made once and kept (0600) so its archives stay readable and its research
    pseudonyms stable across runs; a key a newer version needs is added to the file.

    Production gets these from a secrets backend (the research key from the Airflow Connection
    ``dcn_research_pseudonym``); an environment that already sets them wins.
    """
    import base64
    import secrets

    makers = {"DCN_RETENTION_HASH_KEY": lambda: secrets.token_urlsafe(48),
              "DCN_ARCHIVE_MASTER_KEY": lambda: base64.b64encode(secrets.token_bytes(32)).decode(),
              "DCN_RESEARCH_PSEUDONYM_KEY": lambda: secrets.token_urlsafe(48),
              "DCN_AUDIT_KEY": lambda: secrets.token_urlsafe(48)}
    path = settings.data_root().parent / "secrets" / "demo-keys.json"
    stored = json.loads(path.read_text()) if path.exists() else {}
    missing = {name: make() for name, make in makers.items() if name not in stored}
    if missing:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(json.dumps({**stored, **missing}))
        stored = {**stored, **missing}
    return {name: os.environ.get(name) or value for name, value in stored.items()}


def _airflow(*args: str, env: dict[str, str], log_file: Path) -> None:
    binary = Path(sys.executable).with_name("airflow")
    with log_file.open("a") as handle:
        result = subprocess.run([str(binary), *args], env=env, stdout=handle, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise SystemExit(f"`airflow {' '.join(args)}` failed (exit {result.returncode}); see {log_file}")


def prepare(patients: int, seed: int) -> dict[str, str]:
    from transforms.sources.vendors import write_system

    target = demo_dir()
    target.mkdir(parents=True, exist_ok=True)
    today = dt.date.today()
    for system in SYSTEMS:
        started = time.monotonic()
        report = write_system(f"sqlite:///{target / f'{system}.db'}", system, seed=seed, patients=patients,
                              as_of=today, defects=0.002, replace=True, media_dir=target / "media" / system)
        print(f"  generated {system}: {sum(report.rows.values()):,} rows in {len(report.rows)} tables, "
              f"{report.defects} legacy defects planted ({time.monotonic() - started:.1f}s)")
    env = airflow_env()
    Path(env["AIRFLOW_HOME"]).mkdir(parents=True, exist_ok=True)
    log_file = Path(env["AIRFLOW_HOME"]) / "demo.log"
    _airflow("db", "migrate", env=env, log_file=log_file)
    return env


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    print(f"1/3 practice systems ({args.patients:,} patients each) and Airflow metadata DB")
    env = prepare(args.patients, args.seed)
    log_file = Path(env["AIRFLOW_HOME"]) / "demo.log"
    if not args.prepare_only:
        logical = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
        for index, (dag_id, mark_success) in enumerate(DEMO_DAGS, start=1):
            step = time.monotonic()
            print(f"2/3 airflow dags test {dag_id} ({index}/{len(DEMO_DAGS)}) ...", flush=True)
            extra = ["--mark-success-pattern", mark_success] if mark_success else []
            _airflow("dags", "test", dag_id, logical, *extra, env=env, log_file=log_file)
            print(f"    done in {time.monotonic() - step:.1f}s")
        print("3/3 results")
        print_results()
    print(f"Airflow log of the demo: {log_file}  (total {time.monotonic() - started:.0f}s)")
    if args.ui:
        binary = Path(sys.executable).with_name("airflow")
        print("Starting `airflow standalone` on http://localhost:8080 (login in "
              f"{Path(env['AIRFLOW_HOME']) / 'simple_auth_manager_passwords.json.generated'}); Ctrl-C stops it.")
        os.execve(str(binary), [str(binary), "standalone"], env)
    return 0


def print_results() -> None:
    from transforms import overview

    run = overview.staging()
    if run is None:
        print("  no staging run found")
        return
    print(f"  staging run {run['run_key']}: {run['rows']:,} rows, {run['quarantined']} quarantined")
    for source in run["sources"]:
        print(f"    {source['source']}: {source['rows']:,} rows; quarantined: {source['quarantined'] or 'none'}")
    quality = run["quality"]
    failed = quality["failed"]
    shown = ", ".join(failed[:3]) + (f" and {len(failed) - 3} more" if len(failed) > 3 else "")
    print(f"  source quality gate: {quality['batches']} batches, {quality['rows_quarantined']} rows "
          f"quarantined by checks{' (' + shown + ')' if failed else ''}")
    print(f"  Data Docs (validation results for analysts): {quality['data_docs']}")
    print(f"  canonical staging (Parquet): {settings.data_root() / 'staging'}")
    print(f"  quarantine (rows with a reason): {settings.data_root() / 'quarantine'}")
    print_text(overview.text())
    print_research(overview.research())
    print_retention(overview.retention())
    print("  all of this in the Airflow UI: make ui, then Browse > Privacy")


def print_text(report: dict | None) -> None:
    if report is None:
        print("  free text: not anonymised")
        return
    parts = ", ".join(f"{entity} {records:,}" for entity, records in report["entities"].items())
    print(f"  free text anonymised: {parts}; withheld {report['withheld']} (fail closed)")
    print(f"    anonymised texts (Parquet, no original): {report['output']}")


def print_research(releases: list[dict]) -> None:
    for entry in releases:
        if not entry.get("release"):
            print(f"  research dataset {entry['dataset']}: no release")
            continue
        current = settings.data_root() / "research" / entry["dataset"] / "current"
        print(f"  research dataset {entry['dataset']} (release {entry['version']}): {current}")
        for table, figures in entry["tables"].items():
            reasons = ", ".join(f"{reason} {count:,}" for reason, count in (figures["excluded_by_reason"] or {}).items()
                                if count)
            print(f"    {table:<12} {figures['rows_out']:>7,} rows, k = {figures['k_reached']} "
                  f"(required {figures['k_configured']}), {figures['suppressed']:,} suppressed, "
                  f"{figures['excluded']:,} excluded{' (' + reasons + ')' if reasons else ''}")
    if releases:
        print("    open with: duckdb <current>/<dataset>.duckdb; risk_report.json and data_dictionary.md beside it")


def print_retention(retention: dict | None) -> None:
    if retention is None:
        print("  retention: no plan found")
        return
    print(f"  retention plan as of {retention['as_of']} (status {retention['status']}); "
          "per class: destroy / archive / minimise / held")
    for class_id, counts in retention["classes"].items():
        state = "carried out (approved by policy)" if counts["carried_out"] else "awaits approval"
        print(f"    {class_id:<28} {counts['destroy']:>6} / {counts['archive']:>5} / {counts['minimise']:>5} / "
              f"{counts['held']:>4}  {state}")
    if retention["staging_purge"]:
        purged = ", ".join(f"{label} {rows:,}" for label, rows in retention["staging_purge"].items())
        print(f"  pipeline copies purged too: {purged}")
    print(f"  certificates of destruction: {retention['certificates']}")
    chain = retention["audit_chain"]
    print(f"  audit chain: {chain['entries']} entries, {'intact' if chain['intact'] else 'BROKEN'} "
          "(python -m transforms audit verify)")
    print("  approve the waiting classes in the Airflow UI (make ui, Required actions) or: "
          f"python -m transforms retention approve {retention['plan_id']} --by NAME")
