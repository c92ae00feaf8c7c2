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
from transforms.sources.staging import run_manifest_path

log = logging.getLogger(__name__)

# The DAGs the nightly job consists of, in the order the demo runs them, with the tasks `airflow dags test`
# marks successful without running: nobody answers the approval gate in a demo, so only the classes the
# policy approves by itself (camera footage, web analytics, ...) are carried out.
DEMO_DAGS: list[tuple[str, str | None]] = [("dcn_extract", None), ("dcn_anonymise_text", None),
                                           ("dcn_retention", "^approve$")]
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
    env.update(demo_secrets())
    return env


def demo_secrets() -> dict[str, str]:
    """The demo's own keys, made once and kept (0600) so its archives stay readable across runs.

    Production gets these from a secrets backend; an environment that already sets them wins.
    """
    import base64
    import secrets

    path = settings.data_root().parent / "secrets" / "demo-keys.json"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        keys = {"DCN_RETENTION_HASH_KEY": secrets.token_urlsafe(48),
                "DCN_ARCHIVE_MASTER_KEY": base64.b64encode(secrets.token_bytes(32)).decode()}
        path.touch(mode=0o600)
        path.write_text(json.dumps(keys))
    stored = json.loads(path.read_text())
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
    runs = sorted(run_manifest_path("*").parent.glob("*.json"))
    latest = runs[-1] if runs else None
    if latest is None:
        print("  no staging run found")
        return
    manifest = json.loads(latest.read_text())
    print(f"  staging run {manifest['run_key']}: {manifest['rows']:,} rows, {manifest['quarantined']} quarantined")
    for source in manifest["sources"]:
        bad = {name: e["reasons"] for name, e in source["entities"].items() if e["quarantined"]}
        print(f"    {source['source']}: {source['rows']:,} rows; quarantined: {bad or 'none'}")
    quality = manifest.get("quality") or {}
    failed = sorted({f["expectation"] for f in quality.get("failed", [])})
    shown = ", ".join(failed[:3]) + (f" and {len(failed) - 3} more" if len(failed) > 3 else "")
    print(f"  source quality gate: {quality.get('batches', 0)} batches, {quality.get('rows_quarantined', 0)} rows "
          f"quarantined by checks{' (' + shown + ')' if failed else ''}")
    print(f"  Data Docs (validation results for analysts): {quality.get('data_docs')}")
    print(f"  canonical staging (Parquet): {settings.data_root() / 'staging'}")
    print(f"  quarantine (rows with a reason): {settings.data_root() / 'quarantine'}")
    print_text()
    print_retention()


def print_text() -> None:
    from transforms.text.staged import output_dir

    report_path = output_dir() / "report.json"
    if not report_path.exists():
        print("  free text: not anonymised")
        return
    report = json.loads(report_path.read_text())
    parts = ", ".join(f"{e['entity']} {e['records']:,}" for e in report["entities"])
    print(f"  free text anonymised: {parts}; withheld {report['withheld']} (fail closed)")
    print(f"    anonymised texts (Parquet, no original): {report['output']}")


def print_retention() -> None:
    from transforms import register
    from transforms.audit import chain
    from transforms.retention import approval
    from transforms.retention.plan import list_plans, load_plan

    engine = register.register_engine()
    plans = list_plans(engine, limit=1)
    if not plans:
        print("  retention: no plan found")
        return
    plan = load_plan(engine, plans[0]["plan_id"])
    approved = approval.approved_classes(engine, plan.plan_id)
    print(f"  retention plan as of {plan.as_of} (status {plan.status}); per class: destroy / archive / minimise / held")
    for class_id, counts in sorted(plan.classes.items()):
        if counts.dispose or counts.archive or counts.minimise or counts.held:
            state = "carried out (approved by policy)" if class_id in approved else "awaits approval"
            print(f"    {class_id:<28} {counts.dispose:>6} / {counts.archive:>5} / {counts.minimise:>5} / "
                  f"{counts.held:>4}  {state}")
    print(f"  certificates of destruction: {settings.data_root() / 'retention' / 'certificates' / plan.plan_id}")
    verification = chain.verify(engine)
    print(f"  audit chain: {verification.entries} entries, {'intact' if verification.ok else 'BROKEN'} "
          "(python -m transforms audit verify)")
    print("  approve the waiting classes in the Airflow UI (make ui, Required actions) or: "
          f"python -m transforms retention approve {plan.plan_id} --by NAME")

