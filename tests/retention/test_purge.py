"""Staging purge: destroyed records leave every staged copy and the anonymised text output, minimised fields
are NULL there too, anonymised fields carry the live pseudonym, nothing else changes; a crash at any point and
a re-run give the same end state."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import select

from tests.faults import fail_on_call
from tests.retention.conftest import HASH_KEY, NOW, archive_night, dispose_night
from tests.retention.test_dispose import approve_all, world  # noqa: F401 - fixture
from transforms import register
from transforms.audit import chain
from transforms.kernel.canonical import load_model
from transforms.register.schema import DISPOSE_JOURNAL
from transforms.retention import certificates, hashing, live, purge
from transforms.sources import staging

KEY = HASH_KEY.encode()
MODEL = load_model()


def write_text_output(w) -> None:
    """What dcn_anonymise_text leaves: one row per staged note (no original text)."""
    notes = staging.read_entity("clinical_note", "note_id", data_root=w["data"], columns=["source_system", "note_id"])
    text_columns = ("source_system", "note_id", "text", "status", "reason")
    schema = pa.schema([*((c, pa.string()) for c in text_columns), ("entity_types", pa.list_(pa.string()))])
    frame = pd.DataFrame(
        {
            "source_system": notes["source_system"],
            "note_id": notes["note_id"],
            "text": "Controle door [PERSOON-1].",
            "status": "ok",
            "reason": None,
            "entity_types": [["PERSOON"]] * len(notes),
        }
    )
    writer = staging.PartitionWriter(purge.text_output_dir(w["data"]) / "clinical_note", schema)
    writer.write(pa.Table.from_pandas(frame, schema=schema, preserve_index=False))
    writer.commit({"entity": "clinical_note"})


def carry_out(w) -> None:
    approve_all(w)
    archive_night(w)
    dispose_night(w)
    write_text_output(w)


def done(w, *actions: str) -> dict[str, set[str]]:
    """entity -> hashed ids the journal says were done with one of these actions."""
    with w["engine"].connect() as conn:
        rows = conn.execute(
            select(DISPOSE_JOURNAL.c.entity, DISPOSE_JOURNAL.c.hashed_id).where(
                DISPOSE_JOURNAL.c.status == "done", DISPOSE_JOURNAL.c.action.in_(actions)
            )
        ).all()
    out: dict[str, set[str]] = {}
    for r in rows:
        out.setdefault(r.entity, set()).add(r.hashed_id)
    return out


def hashed(frame: pd.DataFrame, entity: str) -> pd.Series:
    key = MODEL.entity(entity).key
    return pd.Series(hashing.hash_ids(KEY, frame["source_system"], entity, frame[key].astype(str)), index=frame.index)


def state(data_root) -> dict[str, pd.DataFrame]:
    out = {}
    for entity in sorted({p.parent.name for p in staging.staging_root(data_root).glob("*/*/run=*")}):
        out[entity] = staging.read_entity(entity, MODEL.entity(entity).key, data_root=data_root)
    return out


def all_rows(data_root, entity: str) -> pd.DataFrame:
    """Every staged version (all partitions), not only the newest."""
    files = [
        p / staging.DATA_FILE
        for s in staging.staging_root(data_root).iterdir()
        for p in staging.committed_partitions(s.name, entity, data_root)
    ]
    return pd.concat([pq.read_table(f).to_pandas() for f in files], ignore_index=True)


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Values only: DuckDB infers an all-NULL text column as object, one with values as str."""
    frame = frame.reset_index(drop=True).astype(object)
    return frame.where(frame.notna(), None)


def purge_it(w, **kwargs):
    return purge.purge_plan(w["engine"], "d1", data_root=w["data"], source_urls=w["urls"], now=NOW, **kwargs)


def test_purge_mirrors_destroy_minimise_and_anonymise(world):
    w = world
    carry_out(w)
    before = state(w["data"])
    files_before = {p: p.read_bytes() for p in staging.staging_root(w["data"]).rglob("*.parquet")}
    removed, minimised, anonymised = done(w, "destroy", "unload"), done(w, "minimise"), done(w, "anonymise")
    assert removed and minimised["patient"] and anonymised["communication_preference"]
    result = purge_it(w)
    after = state(w["data"])
    for entity, frame in after.items():
        # destroyed: gone from every partition, not only from the newest version
        assert not hashed(all_rows(w["data"], entity), entity).isin(removed.get(entity, set())).any(), entity
        old = before[entity]
        old = old[~hashed(old, entity).isin(removed.get(entity, set()))].reset_index(drop=True)
        assert len(old) == len(frame), entity
        touched = hashed(old, entity).isin(minimised.get(entity, set()) | anonymised.get(entity, set()))
        # everything not touched is exactly as it was
        pd.testing.assert_frame_equal(plain(old[~touched]), plain(frame[~touched]))
    # minimised patients stay, with their contact fields NULL and their name kept
    patients = after["patient"]
    mine = patients[hashed(patients, "patient").isin(minimised["patient"])]
    assert len(mine) and mine[["email", "phone_mobile", "phone_home", "street", "postcode", "city"]].isna().all().all()
    assert mine["last_name"].notna().all()
    assert (hashed(all_rows(w["data"], "patient"), "patient").isin(minimised["patient"])).any()
    # anonymised consent records: the same pseudonym as in the live row, as text
    prefs_before, prefs = before["communication_preference"], after["communication_preference"]
    sel = hashed(prefs, "communication_preference").isin(anonymised["communication_preference"])
    originals = prefs_before.set_index(["source_system", "preference_id"])["patient_id"]
    for s, pid, value in zip(prefs[sel]["source_system"], prefs[sel]["preference_id"], prefs[sel]["patient_id"]):
        expected = live.pseudonym(KEY, s, "communication_preference", "patient_id", originals[(s, pid)], "int")
        assert value == str(expected)
    # untouched entities' files are byte-identical; manifests agree with their files
    for path, content in files_before.items():
        entity = path.parent.parent.name
        if entity not in removed and entity not in minimised and entity not in anonymised:
            assert path.read_bytes() == content
    for manifest in staging.staging_root(w["data"]).rglob(staging.MANIFEST):
        meta = json.loads(manifest.read_text())
        assert meta["rows"] == pq.ParquetFile(manifest.parent / meta["file"]).metadata.num_rows
        assert meta["sha256"] == staging.sha256_of(manifest.parent / meta["file"])
    # the anonymised text of destroyed notes is gone too
    text = pq.read_table(purge.text_output_dir(w["data"]) / "clinical_note" / staging.DATA_FILE).to_pandas()
    assert len(text) and not hashed(text, "clinical_note").isin(removed["clinical_note"]).any()
    assert len(text) == len(after["clinical_note"])
    # counts: from the manifests, audited once, quoted on the certificate
    assert result["classes"]["dental_file"]["removed"] >= len(removed["clinical_note"])
    assert result["places"]["anonymised_text.clinical_note"]["removed"] == len(before["clinical_note"]) - len(text)
    assert result["classes"]["registration_data"]["minimised"] == len(mine)
    again = purge_it(w)
    assert again["rewritten_now"] == 0 and again["classes"] == result["classes"]
    assert [e.payload["plan_id"] for e in chain.entries(w["engine"], kind=purge.AUDIT_KIND)] == ["d1"]
    certificate = certificates.certify(w["engine"], "d1", "registration_data", approver="fg", now=NOW)
    assert certificate["entry"]["payload"]["staging_purged"] == result["classes"]["registration_data"]
    assert "Pipeline copies" in certificate["text"]
    assert chain.verify(w["engine"]).ok


class Crash(Exception):
    pass


@pytest.mark.parametrize("point", ["before_swap", "between_renames"])
def test_crash_mid_purge_then_rerun_gives_the_same_result(world, tmp_path, monkeypatch, point):
    w = world
    carry_out(w)
    clean = dict(w, root=tmp_path / "clean")
    shutil.copytree(w["root"], clean["root"])
    clean.update(
        data=clean["root"] / "data", engine=register.register_engine(f"sqlite:///{clean['root'] / 'register.db'}")
    )
    expected = purge_it(clean)
    original = purge.swap_folder
    if point == "before_swap":
        broken = fail_on_call(original, 3, Crash())
    else:
        calls = {"n": 0}

        def broken(tmp, final):
            calls["n"] += 1
            if calls["n"] == 3:  # the old folder moved aside, the new one not yet in place
                final.rename(final.with_name(final.name + ".old"))
                raise Crash()
            original(tmp, final)

    monkeypatch.setattr(purge, "swap_folder", broken)
    with pytest.raises(Crash):
        purge_it(w)
    monkeypatch.undo()
    assert not list(chain.entries(w["engine"], kind=purge.AUDIT_KIND))  # nothing audited for half a purge
    result = purge_it(w)
    assert result["classes"] == expected["classes"] and result["places"] == expected["places"]
    mine, theirs = state(w["data"]), state(clean["data"])
    assert mine.keys() == theirs.keys()
    for entity in mine:
        pd.testing.assert_frame_equal(plain(mine[entity]), plain(theirs[entity]))
    leftovers = [p for p in w["data"].rglob("*") if p.name.endswith((".old", purge.TMP_SUFFIX))]
    assert not leftovers
