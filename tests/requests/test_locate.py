"""Locate finds each identifier kind on both vendors (SQLite and PostgreSQL) and in the archive, keeps
namesakes and family members out, and sends ambiguity to a person instead of guessing."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re

import pytest

from fixtures.practice.vendors import write_system
from tests.databases import POSTGRES, fresh_database
from tests.keys import MASTER_KEY
from tests.requests.locate_fixtures import (  # noqa: F401 - pytest fixtures
    AS_OF,
    PATIENTS,
    SEED,
    UPPER,
    archive_keys,
    cases,
    first_row,
    systems,
)
from transforms.requests.identity import PersonQuery
from transforms.requests.locate import LocateKeys, build_lookup_index, locate
from transforms.requests.matching import names_fit, parse_stored_name, parse_typed_name


def run(systems, query: PersonQuery, **kw):
    return locate(query, sources=systems["urls"], data_root=systems["data_root"], **kw)


def matched(result) -> set[str]:
    return {m.subject.label() for m in result.matches}


def test_bsn_finds_the_person_at_practices_of_both_vendors(systems, cases):
    result = run(systems, PersonQuery(bsn=cases["both_vendors"].bsn))
    assert matched(result) == {f"exquise.patient#{PATIENTS}", f"oase.patient#{PATIENTS}"}
    assert result.status == "found" and not result.needs_decision
    entities = {r.entity for r in result.records()}
    assert {"patient", "appointment", "clinical_note", "invoice", "communication_preference"} <= entities
    # confirmed against the live systems, not just taken from the staging
    assert {r.origin for r in result.records()} == {"live"}


@pytest.mark.parametrize("system,number", [("exquise", "EX000007"), ("oase", "P-0000007")])
def test_patient_number_only_in_its_own_system(systems, system, number):
    result = run(systems, PersonQuery(patient_numbers=((system, number),)))
    assert matched(result) == {f"{system}.patient#7"}
    other = "oase" if system == "exquise" else "exquise"
    assert run(systems, PersonQuery(patient_numbers=((other, number),))).status == "not_found"


def test_staff_member_who_is_also_a_patient_is_found_as_both(systems, cases):
    staff = cases["staff_patient"]
    result = run(systems, PersonQuery(bsn=staff.bsn))
    assert matched(result) == {"exquise.employee#1", f"exquise.patient#{PATIENTS - 1}"}
    assert {"payroll", "employee_document"} <= {r.entity for r in result.records()}
    # the employee number with the name: exquise's employee 1 fits, oase's employee 1 is someone else
    by_number = run(systems, PersonQuery(employee_number="1", name=staff.full_name, date_of_birth=staff.date_of_birth))
    assert "exquise.employee#1" in matched(by_number) and "oase.employee#1" not in matched(by_number)


def test_an_employee_number_alone_in_two_systems_is_for_a_person_to_decide(systems):
    result = run(systems, PersonQuery(employee_number="2"))
    assert result.status == "needs_decision" and not result.matches
    assert {c.subject.label() for c in result.needs_decision} == {"exquise.employee#2", "oase.employee#2"}


def test_applicant_number_with_email(systems):
    applicant_id, email = first_row(
        systems["urls"]["oase"], "SELECT applicant_id, email FROM applicants ORDER BY applicant_id LIMIT 1 OFFSET 2"
    )
    result = run(systems, PersonQuery(applicant_number=str(applicant_id), email=email.upper()))
    assert f"oase.applicant#{applicant_id}" in matched(result)


def test_email_and_phone_are_normalised(systems, cases):
    visitor = cases["visitor_patient"]
    # typed in another notation than either system stores it
    phone = "+31 (0)6-" + visitor.mobile[2:]
    result = run(systems, PersonQuery(phone=phone, email=visitor.email.upper(), name="Omer Yilmaz"))
    # the contact form they sent before registering, and the registration
    assert matched(result) == {"oase.contact_form#1", f"oase.patient#{PATIENTS - 1}"}
    assert result.status == "found"


@pytest.mark.parametrize(
    "typed", ["Zoë van der Heijden", "Heijden, Zoe van der", "Z. v.d. Heijden", "ZOE VAN DER HEIJDEN"]
)
def test_name_and_birth_date_tolerate_diacritics_prefixes_initials(systems, cases, typed):
    person = cases["both_vendors"]
    result = run(systems, PersonQuery(name=typed, date_of_birth=person.date_of_birth))
    assert matched(result) == {f"exquise.patient#{PATIENTS}", f"oase.patient#{PATIENTS}"}


def test_namesakes_with_another_birth_date_are_not_the_person(systems, cases):
    a, b = cases["namesake_a"], cases["namesake_b"]
    result = run(systems, PersonQuery(name="J. de Vries", date_of_birth=a.date_of_birth))
    assert matched(result) == {f"exquise.patient#{PATIENTS - 2}"}
    assert all(r.row.get("bsn") != b.bsn for r in result.records())


def test_a_shared_family_email_alone_is_for_a_person_to_decide(systems, cases):
    head, child = cases["family_head"], cases["family_child"]
    result = run(systems, PersonQuery(email=head.email))
    assert result.status == "needs_decision" and not result.matches
    assert {c.subject.label() for c in result.needs_decision} == {
        f"oase.patient#{PATIENTS - 3}",
        f"oase.patient#{PATIENTS - 2}",
    }
    # with the child's name the parent is contradicted (another first name), not a candidate
    named = run(systems, PersonQuery(email=head.email, name=f"{child.first_name} {child.last_name}"))
    assert matched(named) == {f"oase.patient#{PATIENTS - 2}"} and not named.needs_decision


def test_a_decision_settles_every_candidate_and_gathers_the_chosen_ones_records(systems, cases):
    from transforms.requests.locate import LocateError, SubjectRef

    head = cases["family_head"]
    first = run(systems, PersonQuery(email=head.email))
    chosen = next(c.subject for c in first.needs_decision if c.subject.key == str(PATIENTS - 3))
    result = run(systems, PersonQuery(email=head.email), decided=[chosen])
    assert result.status == "found" and matched(result) == {chosen.label()}
    assert "appointment" in {r.entity for r in result.records()}
    assert run(systems, PersonQuery(email=head.email), decided=[]).status == "not_found"  # a rejection
    with pytest.raises(LocateError, match="no longer candidates"):
        run(systems, PersonQuery(email=head.email), decided=[SubjectRef("oase", "patient", "999999")])


def test_initials_must_agree():
    jan = parse_stored_name("Jan", "de", "Vries")
    assert names_fit(parse_typed_name("J. de Vries"), jan) == "initials"
    assert names_fit(parse_typed_name("P. de Vries"), jan) == "no"
    assert names_fit(parse_typed_name("Jan Vries"), jan) == "full"
    assert names_fit(parse_typed_name("Jan de Boer"), jan) == "no"


def test_the_lookup_index_is_the_pipelines_own_and_reused(systems):
    first = build_lookup_index(systems["data_root"])
    stamp = first.stat().st_mtime_ns
    assert first.is_relative_to(systems["data_root"])
    assert build_lookup_index(systems["data_root"]).stat().st_mtime_ns == stamp


def test_no_identifier_in_logs(systems, cases, caplog):
    person = cases["both_vendors"]
    caplog.set_level(logging.DEBUG)
    run(
        systems,
        PersonQuery(
            bsn=person.bsn,
            email=person.email,
            phone=person.mobile,
            name=person.full_name,
            date_of_birth=person.date_of_birth,
        ),
    )
    run(systems, PersonQuery(email=cases["family_head"].email))
    logged = caplog.text.lower()
    assert caplog.records, "locate logs what it did"
    for value in (
        person.bsn,
        person.email,
        person.mobile,
        person.last_name,
        person.first_name,
        person.date_of_birth.isoformat(),
        cases["family_head"].email,
    ):
        assert value.lower() not in logged


# --- the archive -------------------------------------------------------------------------------------------


def _archive_dental_files(systems, tmp_path):
    """The fixture's dental files archived (plan "a1"): the register engine and an archived patient's row."""
    from transforms import register
    from transforms.retention import archive
    from transforms.retention.approval import auto_approve, decide
    from transforms.retention.plan import make_plan

    now = dt.datetime(2026, 11, 1, 3, 0, tzinfo=dt.timezone.utc)
    register_url = f"sqlite:///{tmp_path / 'register.db'}"
    engine = register.register_engine(register_url)
    summary = make_plan(AS_OF, register_url=register_url, data_root=systems["data_root"], plan_id="a1", created_at=now)
    auto_approve(engine, "a1", decided_at=now)
    decide(engine, "a1", decided_by="fg", decided_at=now, approve=summary["needs_approval"])
    archive.archive_class(
        engine, "a1", "dental_file", now=now, data_root=systems["data_root"], root=tmp_path / "archive"
    )
    archived = [
        row
        for entity, _, row in archive.read_archived(engine, tmp_path / "archive")
        if entity == "patient" and row.get("bsn")
    ]
    assert archived, "the fixture archives some patients"
    return engine, archived[0]


def test_a_person_only_in_the_archive_is_found_there(systems, tmp_path, archive_keys):
    from transforms.retention import archive

    engine, person = _archive_dental_files(systems, tmp_path)
    # a data root with no staging at all: the person is nowhere but in the archive
    empty = tmp_path / "empty"
    keys = LocateKeys(archive_master=archive.master_key(MASTER_KEY))
    result = locate(
        PersonQuery(bsn=person["bsn"]),
        sources={},
        data_root=empty,
        register_engine=engine,
        key=keys,
        archive_root=tmp_path / "archive",
    )
    assert matched(result) == {f"{person['source_system']}.patient#{person['patient_id']}"}
    assert {r.origin for r in result.records()} == {"archive"}
    assert len(result.records()) > 1, "the archived records that belong to the patient come along"
    # without the key the archive is reported as not searched, not silently skipped
    blind = locate(PersonQuery(bsn=person["bsn"]), sources={}, data_root=empty, register_engine=engine)
    assert blind.status == "not_found" and "niet doorzocht" in blind.searched["archive"]


def test_with_the_hash_key_only_the_persons_archived_records_are_decrypted(systems, tmp_path, archive_keys):
    """The subject hashes beside the ciphertexts pick the person's records: the same records, fewer decrypted."""
    from transforms.retention import archive, hashing

    engine, person = _archive_dental_files(systems, tmp_path)
    master = archive.master_key(MASTER_KEY)

    def records(result) -> list[tuple]:
        return sorted(
            (r.source_system, r.entity, r.key, r.origin, json.dumps(r.row, sort_keys=True, default=str))
            for r in result.records()
        )

    def decrypted(result) -> int:
        return int(re.search(r"\((\d+) gearchiveerde", result.searched["archive"]).group(1))

    # the person only in the archive, and the person found live with the archive beside it
    for data_root, sources in ((tmp_path / "empty", {}), (systems["data_root"], systems["urls"])):
        common = {
            "sources": sources,
            "data_root": data_root,
            "register_engine": engine,
            "archive_root": tmp_path / "archive",
        }
        whole = locate(PersonQuery(bsn=person["bsn"]), key=LocateKeys(archive_master=master), **common)
        narrow = locate(
            PersonQuery(bsn=person["bsn"]),
            key=LocateKeys(archive_master=master, retention_hash=hashing.hash_key()),
            **common,
        )
        assert records(narrow) == records(whole)
        assert matched(narrow) == matched(whole) == {f"{person['source_system']}.patient#{person['patient_id']}"}
        assert decrypted(narrow) < decrypted(whole)
        if not sources:  # only in the archive: the records that belong to the patient come from it too
            assert {e for _, e, *_ in records(narrow)} - {"patient"}


# --- PostgreSQL --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def postgres_systems(tmp_path_factory):
    from transforms.sources.config import load_sources
    from transforms.sources.extract import extract_source

    root = tmp_path_factory.mktemp("pg")
    sources = {s.name: s for s in load_sources()}
    with fresh_database(POSTGRES, "PostgreSQL") as exquise, fresh_database(POSTGRES, "PostgreSQL") as oase:
        urls = {"exquise": exquise, "oase": oase}
        for name, url in urls.items():
            write_system(url, name, seed=SEED, patients=40, as_of=AS_OF)
            extract_source(
                sources[name], url, UPPER, data_root=root / "data", register_url=f"sqlite:///{root / 'register.db'}"
            )
        yield {"urls": urls, "data_root": root / "data"}


def test_each_identifier_kind_on_postgresql_of_both_vendors(postgres_systems):
    from fixtures.practice.synthetic import planted_cases

    cases = planted_cases("exquise", SEED, 40, AS_OF)
    zoe, staff, visitor = cases["both_vendors"], cases["staff_patient"], cases["visitor_patient"]
    queries = {
        "bsn": (PersonQuery(bsn=zoe.bsn), {"exquise.patient#40", "oase.patient#40"}),
        "patient_number": (
            PersonQuery(patient_numbers=(("oase", "P-0000040"), ("exquise", "EX000040"))),
            {"exquise.patient#40", "oase.patient#40"},
        ),
        "name_dob": (
            PersonQuery(name="Heijden, Zoe van der", date_of_birth=zoe.date_of_birth),
            {"exquise.patient#40", "oase.patient#40"},
        ),
        "employee": (PersonQuery(employee_number="1", bsn=staff.bsn), {"exquise.employee#1", "exquise.patient#39"}),
        "email_phone": (
            PersonQuery(email=visitor.email, phone=visitor.mobile),
            {"oase.contact_form#1", "oase.patient#39"},
        ),
    }
    for kind, (query, expected) in queries.items():
        result = locate(query, sources=postgres_systems["urls"], data_root=postgres_systems["data_root"])
        assert matched(result) == expected, kind
        assert {r.origin for r in result.records()} == {"live"}, kind
