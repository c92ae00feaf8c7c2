"""Erasure with WGBO destruction, and an objection, on PostgreSQL practice systems of both vendors."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.databases import POSTGRES, fresh_database
from tests.practice import sql_value
from tests.requests.erasure_fixtures import AS_OF, KEYS, NOW, UPPER, register_verified
from transforms import register
from transforms.requests import consent, erasure
from transforms.requests.context import StepContext
from transforms.requests.identity import PersonQuery

pytestmark = [pytest.mark.integration, pytest.mark.slow]
PATIENTS = 40


@pytest.fixture
def pg(tmp_path, monkeypatch):
    from fixtures.practice.vendors import write_system
    from transforms.sources.config import load_sources
    from transforms.sources.extract import extract_source

    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DCN_DATA_ROOT", str(tmp_path / "data"))
    sources = {s.name: s for s in load_sources()}
    with fresh_database(POSTGRES, "PostgreSQL") as exquise, fresh_database(POSTGRES, "PostgreSQL") as oase:
        urls = {"exquise": exquise, "oase": oase}
        for name, url in urls.items():
            write_system(url, name, seed=11, patients=PATIENTS, as_of=AS_OF)
            extract_source(
                sources[name], url, UPPER, data_root=tmp_path / "data", register_url=f"sqlite:///{tmp_path / 'x.db'}"
            )
        yield {"urls": urls, "data_root": tmp_path / "data", "register": f"sqlite:///{tmp_path / 'register.db'}"}


def test_erasure_destruction_and_objection_on_postgresql_of_both_vendors(pg, tmp_path):
    from fixtures.practice.synthetic import planted_cases

    zoe = planted_cases("exquise", 11, PATIENTS, AS_OF)["both_vendors"]
    engine = register.register_engine(pg["register"])
    media = {s: tmp_path / "media" / s for s in pg["urls"]}
    step = StepContext(engine=engine, sources=pg["urls"], now=NOW, data_root=pg["data_root"], media_roots=media)
    objection = register_verified(engine, PersonQuery(bsn=zoe.bsn), ["objection"])
    done = consent.record_preferences(step, objection, purposes=["herinnering_email"])
    assert done["sources"] == ["exquise", "oase"]
    assert consent.verify_preferences(engine, source_urls=pg["urls"], now=NOW)["ok"]
    assert (
        sql_value(
            pg["urls"]["oase"],
            f"SELECT count(*) FROM consents WHERE person_id = {PATIENTS} AND given = 0 "
            "AND purpose = 'herinnering_email'",
        )
        >= 1
    )

    request_id = register_verified(engine, PersonQuery(bsn=zoe.bsn), ["erasure", "wgbo_destruction"])
    plan = erasure.plan_erasure(step, request_id)
    assert {i.source_system for i in plan.items} == {"exquise", "oase"}
    erasure.decide(engine, request_id, approve=True, decided_by="fg", now=NOW)
    for folder in media.values():
        folder.mkdir(parents=True)
    erasure.execute_erasure(step, request_id)
    assert erasure.verify_erasure(step, request_id)["ok"]
    assert sql_value(pg["urls"]["oase"], f"SELECT count(*) FROM procedures WHERE person_id = {PATIENTS}") == 0
    assert sql_value(pg["urls"]["exquise"], f"SELECT count(*) FROM journaal WHERE patnr = {PATIENTS}") == 0
    kept = [i for i in plan.items if i.action == "keep" and i.origin == "live" and i.entity == "invoice"]
    for item in kept:
        table, key = ("facturen", "factuur_id") if item.source_system == "exquise" else ("invoices", "invoice_id")
        assert sql_value(pg["urls"][item.source_system], f"SELECT count(*) FROM {table} WHERE {key} = {item.key}") == 1
    letter = erasure.write_decision_letter(
        engine, request_id, letter_date=dt.date(2026, 11, 2), data_root=pg["data_root"]
    )
    assert zoe.bsn not in letter.read_text()
