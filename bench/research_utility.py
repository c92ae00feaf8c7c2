"""Benchmark: utility and risk of the shipped research datasets at 100,000 patients per practice system.

Synthetic canonical staging for two vendors (``exquise``, ``oase``), written with numpy. Unlike
``bench/research_dataset.py`` (every attribute independent and uniform, which no clinic looks like), the
data has the structure the time and place targets are about: a practice draws its patients from a few
neighbouring PC2 areas; most patients attend check-ups about every six months over a span of years
(1-3 treatments per visit), the rest come a few times; a treatment is at the patient's own practice (97 %);
notes at 60 % of visits; complaints from 0.5 % of patients; 3 % object to research use.

In fresh processes (peak memory is each one's own), in the same run:

- **baseline** (named, as in ``bench/research_dataset.py``): the naive row-by-row pandas ``apply`` of the
  pseudonymisation and generalisation on a 100,000-row subset of one vendor's treatments;
- **ours**: ``publish_dataset`` of the shipped ``treatments``, ``treatment_profiles`` and ``complaints``
  definitions (exclusions,
  pseudonyms, the floored weighted search with k over the patient's set, suppression, the three risk
  tests, the analyst queries, the release gate, atomic publication);
- **gate alone**: the release gate on the ``treatments`` table of the build, and on a quarter of its patients
  (peak memory at two sizes: the gate reads the table in batches, so it should not grow with the rows).

Prints the targets of issue 19 with the figures and the ratio to the baseline.

    python bench/research_utility.py                         # 100,000 patients per vendor
    python bench/research_utility.py --patients 5000         # quick
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = str(Path(__file__).resolve().parent)
# bench/ (put first by ``python bench/...``) only for the baseline: bench/requests.py would shadow the requests
# package that the release gate's GX imports
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(BENCH)]

RUN = "20261102T000000Z"
KEY = b"bench-research-master-key-0123456789abcdef"
VENDORS = ("exquise", "oase")
DATASETS = ("treatments", "treatment_profiles", "complaints")
AS_OF = dt.date(2026, 11, 1)
CODES = ["C11", "C13", "M03", "X10", "V91", "V92", "V93", "V94", "A10", "E13", "H11", "T022", "R24", "B22", "G69"]
CODE_P = [0.30, 0.05, 0.14, 0.10, 0.07, 0.06, 0.04, 0.03, 0.06, 0.03, 0.03, 0.03, 0.02, 0.02, 0.02]
NOTE_TYPES = ["consult", "behandeling", "telefoon", "verslag"]
CATEGORIES = ["bejegening", "behandeling", "kosten", "wachttijd", "communicatie", "overig"]


def generate(folder: Path, vendor: str, patients: int, seed: int) -> None:
    """Canonical staging of one vendor (numpy, no per-row Python)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    epoch = np.datetime64("1970-01-01")
    now = dt.datetime(2026, 11, 1, 12)
    base_pc2 = 10 if vendor == VENDORS[0] else 50

    def write(entity: str, columns: dict) -> None:
        path = folder / "staging" / vendor / entity / f"run={RUN}"
        path.mkdir(parents=True, exist_ok=True)
        (path / "_manifest.json").write_text(json.dumps({"entity": entity}))
        n = len(next(iter(columns.values())))
        table = pa.table(
            {
                "source_system": pa.array([vendor] * n),
                **columns,
                "updated_at": pa.array(np.full(n, np.datetime64(now, "us"))),
            }
        )
        pq.write_table(table, path / "part-00000.parquet", compression="zstd")

    def dates(days) -> pa.Array:
        return pa.array((np.asarray(days) - epoch).astype("int32"), pa.int32()).cast(pa.date32())

    def s(values) -> pa.Array:
        return pa.array(np.asarray(values).astype(str))

    practices = 20
    practice = rng.integers(0, practices, patients)
    # a practice's patients live in its own PC2 area (75 %) or a neighbouring one
    pc2 = base_pc2 + practice + rng.choice([0, 0, 0, 1, -1, 2], patients) + 1
    pc4 = pc2 * 100 + rng.integers(0, 100, patients)
    dob = np.datetime64("1935-01-01") + rng.integers(0, 31000, patients)
    write(
        "patient",
        {
            "patient_id": s(np.arange(patients)),
            "date_of_birth": dates(dob),
            "sex": pa.array(np.array(["M", "V", "X"])[rng.choice(3, patients, p=[0.49, 0.50, 0.01])]),
            "postcode": pa.array([f"{p} AB" for p in pc4]),
            "practice_id": s(practice + 1),
            "first_name": pa.nulls(patients, pa.string()),
            "last_name": pa.array(["X"] * patients),
        },
    )
    # visits: regular attenders every ~182 days over a span, the others 1-4 visits at random
    start = np.datetime64("2016-01-01") + rng.integers(0, 3900, patients)
    end = np.datetime64("2026-10-31")
    regular = rng.random(patients) < 0.7
    span = np.minimum(rng.exponential(4 * 365, patients).astype(int), (end - start).astype(int))
    n_visits = np.where(regular, span // 182 + 1, rng.integers(1, 5, patients))
    owner = np.repeat(np.arange(patients), n_visits)
    index = np.arange(len(owner)) - np.repeat(np.cumsum(n_visits) - n_visits, n_visits)
    jitter = rng.integers(-30, 31, len(owner))
    random_day = rng.integers(0, np.maximum((end - start).astype(int), 1)[owner])
    day = np.where(regular[owner], start[owner] + index * 182 + jitter, start[owner] + random_day)
    day = np.minimum(np.maximum(day, start[owner]), end).astype("datetime64[D]")
    per_visit = 1 + rng.poisson(0.5, len(owner))
    t_owner, t_day = np.repeat(owner, per_visit), np.repeat(day, per_visit)
    t_practice = np.where(rng.random(len(t_owner)) < 0.97, practice[t_owner], rng.integers(0, practices, len(t_owner)))
    nt = len(t_owner)
    write(
        "treatment",
        {
            "treatment_id": s(np.arange(nt)),
            "patient_id": s(t_owner),
            "practice_id": s(t_practice + 1),
            "practitioner_id": s(t_practice * 10 + rng.integers(0, 6, nt)),
            "performed_on": dates(t_day),
            "treatment_code": pa.array(np.array(CODES)[rng.choice(len(CODES), nt, p=CODE_P)]),
            "tooth_element": pa.array(rng.integers(11, 49, nt), mask=rng.random(nt) < 0.4, type=pa.int64()),
            "tariff_cents": pa.array(rng.integers(1500, 25000, nt), pa.int64()),
        },
    )
    noted = rng.random(len(owner)) < 0.6
    n_owner, n_day = owner[noted], day[noted]
    nn = len(n_owner)
    write(
        "clinical_note",
        {
            "note_id": s(np.arange(nn)),
            "patient_id": s(n_owner),
            "author_id": s(practice[n_owner] * 10 + 1),
            "written_at": pa.array((n_day.astype("datetime64[us]") + np.timedelta64(10, "h"))),
            "note_type": pa.array(np.array(NOTE_TYPES)[rng.choice(4, nn, p=[0.5, 0.3, 0.1, 0.1])]),
            "text": pa.array(["controle, geen bijzonderheden"] * nn),
        },
    )
    who = np.flatnonzero(rng.random(patients) < 0.005)
    nc = len(who)
    received = np.datetime64("2016-01-01") + rng.integers(0, 3900, nc)
    open_ = rng.random(nc) < 0.1
    write(
        "complaint",
        {
            "complaint_id": s(np.arange(nc)),
            "patient_id": s(who),
            "practice_id": s(practice[who] + 1),
            "received_on": dates(received),
            "closed_on": pa.array((received + 30 - epoch).astype("int32"), mask=open_, type=pa.int32()).cast(
                pa.date32()
            ),
            "status": pa.array(np.where(open_, "open", "gesloten")),
            "category": pa.array(np.array(CATEGORIES)[rng.integers(0, len(CATEGORIES), nc)]),
            "text": pa.array(["klacht"] * nc),
        },
    )
    objected = rng.random(patients) < 0.03
    write(
        "communication_preference",
        {
            "preference_id": s(np.arange(patients)),
            "patient_id": s(np.arange(patients)),
            "purpose": pa.array(["onderzoek"] * patients),
            "granted": pa.array(~objected),
            "recorded_at": pa.array(np.full(patients, np.datetime64(now, "us"))),
        },
    )


def ours(folder: Path) -> dict:
    """Publish both shipped datasets; the figures of the risk reports."""
    from transforms.research.publish import publish_dataset

    started = time.perf_counter()
    out = {}
    for name in DATASETS:
        t0 = time.perf_counter()
        summary = publish_dataset(
            name,
            key=KEY,
            as_of=AS_OF,
            data_root=folder,
            run_key=RUN,
            register_url=f"sqlite:///{folder / 'register.db'}",
        )
        report = json.loads(Path(summary["risk_report"]).read_text())
        out[name] = {"seconds": time.perf_counter() - t0, "report": report}
    out["seconds"] = time.perf_counter() - started
    return out


def build_only(folder: Path) -> dict:
    """What bench/research_dataset.py measures, for its figures to compare with: the ``treatments`` table of
    the shipped definition built (exclusions, pseudonyms, generalisation, the search, suppression, the risk
    figures) and its Parquet written; no release gate, no other table."""
    from transforms.research.build import build_dataset, connect, ddl
    from transforms.research.config import load_datasets

    full = load_datasets()["treatments"]
    definition = full.model_copy(update={"tables": {"treatments": full.tables["treatments"]}})
    started = time.perf_counter()
    con = connect(folder / "build-only.duckdb")
    result = build_dataset(con, definition, KEY, as_of=AS_OF, data_root=folder, restricted=[])["treatments"]
    ddl(
        con,
        f"COPY (SELECT * EXCLUDE (_patient_key, pnum) FROM out_treatments) TO '{folder / 'out.parquet'}' "
        "(FORMAT parquet, COMPRESSION zstd)",
    )
    seconds = time.perf_counter() - started
    # for the gate workers (fresh processes, so each peak is the gate's own): the risk report of this build
    from transforms.research.publish import risk_report_for

    (folder / "build-only.report.json").write_text(json.dumps(risk_report_for(definition, "treatments", result)))
    con.close()
    return {"rows": result.rows_in, "seconds": seconds, "nodes": result.search["nodes_evaluated"]}


def gate_only(folder: Path, part: int) -> dict:
    """The release gate alone (batches of ``publish.gate_batches``) on the table ``build_only`` left, or on
    1/``part`` of its patients (its k check may then fail; the figure is memory, so failures are not raised)."""
    from transforms.quality.release import validate_release
    from transforms.research.build import connect, ddl
    from transforms.research.config import load_datasets
    from transforms.research.publish import gate_batches

    full = load_datasets()["treatments"]
    definition = full.model_copy(update={"tables": {"treatments": full.tables["treatments"]}})
    report = json.loads((folder / "build-only.report.json").read_text())
    con = connect(folder / "build-only.duckdb")
    if part > 1:
        ddl(
            con,
            f"CREATE OR REPLACE TEMP TABLE out_treatments AS SELECT * FROM main.out_treatments WHERE pnum % {part} = 0",
        )
    rows = con.execute("SELECT count(*) FROM out_treatments").fetchall()[0][0]
    started = time.perf_counter()
    validate_release(
        gate_batches(con, definition, "treatments"),
        report,
        dataset=f"bench.gate{part}",
        run_key=RUN,
        data_root=folder,
        raise_on_failure=False,
    )
    con.close()
    return {"rows": rows, "seconds": time.perf_counter() - started}


def baseline(folder: Path, rows: int) -> dict:
    """The naive pandas apply of bench/research_dataset.py on the first vendor's treatments."""
    sys.path.insert(0, BENCH)
    import research_dataset

    link = folder / "baseline" / "staging" / "bench"
    for entity in ("treatment", "patient"):
        target = link / entity / f"run={RUN}"
        target.mkdir(parents=True, exist_ok=True)
        source = folder / "staging" / VENDORS[0] / entity / f"run={RUN}" / "part-00000.parquet"
        if not (target / "part-00000.parquet").exists():
            (target / "part-00000.parquet").symlink_to(source)
    return research_dataset.naive(folder / "baseline", rows)


def worker(kind: str, folder: str, rows: int) -> None:
    if kind == "ours":
        result = ours(Path(folder))
    elif kind == "build":
        result = build_only(Path(folder))
    elif kind.startswith("gate"):
        result = gate_only(Path(folder), int(kind[4:]))
    else:
        result = baseline(Path(folder), rows)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result, default=str))


def spawn(kind: str, folder: Path, rows: int, memory_limit: str) -> dict:
    command = [sys.executable, __file__, "--worker", kind, "--folder", str(folder), "--naive-rows", str(rows)]
    env = {**os.environ, "DCN_RESEARCH_MEMORY_LIMIT": memory_limit, "GX_ANALYTICS_ENABLED": "false"}
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode:
        print(done.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"{kind} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(result: dict, base: dict, built: dict, args) -> None:
    tr = result["treatments"]["report"]
    t = tr["tables"]["treatments"]
    rows_in = sum(table["rows_in"] for name in DATASETS for table in result[name]["report"]["tables"].values())
    rate_base = base["rows"] / base["seconds"]
    rate_ours = rows_in / result["seconds"]
    floor = t["utility_floor"]
    so = t["singling_out"]
    print(
        f"treatments: {t['rows_eligible']:,} eligible rows, {t['rows_out']:,} released, {t['suppressed']:,} "
        f"suppressed (budget {t['suppression_budget_rows']:,}); levels "
        + ", ".join(f"{n}={v['level']}" for n, v in t["information_loss"].items())
    )
    print(
        f"  {', '.join(f'{n} <= {lv}' for n, lv in floor['max_levels'].items())} for {floor['share']:.2%} of eligible rows "
        f"(target >= 95 %): {'met' if floor['share'] >= 0.95 else 'NOT met'}"
    )
    print(
        f"  k over the patient's set (attacker knows {so['known_events']} events): {t['k_reached']} "
        f"(target 5); prosecutor highest {so['prosecutor']['highest_risk']}, journalist highest "
        f"{so['journalist']['highest_risk']}, marketer {so['marketer']['average_risk']}; policy threshold "
        f"{t['risk_policy']['threshold']}: {'met' if t['risk_policy']['met'] else 'NOT met'}"
    )
    for name in DATASETS:
        rep = result[name]["report"]
        for link in rep["linkability"]["between_tables"]:
            joined = (
                f"k over the combined set {link['k_over_combined_set']}"
                if link["same_pseudonyms"]
                else f"own key domains {link['key_domains']}, {link['pseudonyms_equal']} equal pseudonyms"
            )
            print(f"  linkability {name}: tables {link['tables']}: {joined}")
        for link in rep["linkability"]["between_datasets"]:
            print(
                f"  linkability {name} -> {link['dataset']}: {link['pseudonyms_equal']} equal pseudonyms of "
                f"{link['released_patients']:,} patients (key domains {rep['key_domain']} / {link['key_domain']})"
            )
        for tname, table in rep["tables"].items():
            for inf in table["inference"]:
                print(
                    f"  inference {name}.{tname}.{inf['column']}: l {inf['l_reached']}, t {inf['t_closeness']}, "
                    f"rows in one-value classes {inf['rows_in_classes_with_one_value']:,}"
                )
    errors = []
    for name in DATASETS:
        for query in result[name]["report"]["utility"]["queries"]:
            errors.append(query["median_relative_error"])
            print(
                f"  query {query['name']}: {query['cells']} cells, median relative error "
                f"{query['median_relative_error']:.2%}, total {query['total_relative_error']:.2%}, "
                f"{query['unanswerable_rows']:,} unanswerable rows"
            )
    median = statistics.median(errors)
    print(
        f"median relative error of the analyst queries: {median:.2%} (target <= 5 %): "
        f"{'met' if median <= 0.05 else 'NOT met'}"
    )
    print(
        f"baseline naive pandas apply ({base['rows']:,} rows): {rate_base:,.0f} rows/s, peak {base['peak_mb']:,.0f} MB"
    )
    rate_built = built["rows"] / built["seconds"]
    print(
        f"ours, build of the treatments table as bench/research_dataset.py measures it ({built['rows']:,} rows, "
        f"{built['seconds']:.0f} s, {built['nodes']} lattice nodes): {rate_built:,.0f} rows/s, peak "
        f"{built['peak_mb']:,.0f} MB (memory_limit {args.memory_limit})"
    )
    print(
        f"ratio ours / naive: {rate_built / rate_base:.1f}x (bench/research_dataset.py: 23.5x, 65,060 rows/s, "
        f"peak 731 MB at 512MB)"
    )
    print(
        f"ours, publish of all three datasets ({rows_in:,} rows in, {result['seconds']:.0f} s, release gate "
        f"included; treatments {result['treatments']['seconds']:.0f} s): {rate_ours:,.0f} rows/s, peak "
        f"{result['peak_mb']:,.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100_000, help="patients per practice system")
    parser.add_argument("--naive-rows", type=int, default=100_000)
    parser.add_argument("--memory-limit", default="512MB")
    parser.add_argument("--worker", choices=["ours", "build", "baseline", "gate1", "gate4"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker, args.folder, args.naive_rows)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        for i, vendor in enumerate(VENDORS):
            generate(folder, vendor, args.patients, seed=11 + i)
        print(
            f"synthetic staging written in {time.perf_counter() - started:.0f} s ({args.patients:,} patients "
            f"per vendor, {len(VENDORS)} vendors)"
        )
        base = spawn("baseline", folder, args.naive_rows, args.memory_limit)
        built = spawn("build", folder, 0, args.memory_limit)
        gates = []
        for part in (4, 1):
            try:
                gates.append(spawn(f"gate{part}", folder, 0, args.memory_limit))
            except SystemExit as exc:  # the memory figure is extra: the targets' figures stand without it
                print(f"gate alone on 1/{part} did not run: {exc}", file=sys.stderr)
        result = spawn("ours", folder, 0, args.memory_limit)
    report(result, base, built, args)
    print(
        "release gate alone (fresh processes, batches of publish.gate_batches): "
        + ("; ".join(f"{g['rows']:,} rows {g['seconds']:.0f} s, peak {g['peak_mb']:,.0f} MB" for g in gates) or "n/a")
    )


if __name__ == "__main__":
    main()
