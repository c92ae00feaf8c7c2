"""The package: encrypted, complete for the person, and never another person's data."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
import pyzipper

from tests.requests.locate_fixtures import PATIENTS, cases, first_row, systems  # noqa: F401 - pytest fixtures
from transforms.requests.identity import PersonQuery
from transforms.requests.locate import locate
from transforms.requests.package import (
    PackageError,
    build_package,
    expired_packages,
    register_package,
)


def run(systems, query):
    return locate(query, sources=systems["urls"], data_root=systems["data_root"])


def contents(info) -> dict[str, str]:
    with pyzipper.AESZipFile(info.path) as archive:
        archive.setpassword(info.password.encode())
        return {name: archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist()}


def test_package_is_encrypted_and_needs_the_password(systems, cases, tmp_path):
    info = build_package(
        run(systems, PersonQuery(bsn=cases["both_vendors"].bsn)),
        out_dir=tmp_path,
        request_id="R-1",
        data_root=systems["data_root"],
    )
    raw = info.path.read_bytes()
    assert cases["both_vendors"].bsn.encode() not in raw and b"Heijden" not in raw
    with pyzipper.AESZipFile(info.path) as archive:
        archive.setpassword(b"wrong password")
        with pytest.raises(RuntimeError):
            archive.read("data.json")
    files = contents(info)
    assert {"data.json", "overzicht.html", "patient.csv", "clinical_note.csv"} <= set(files)
    data = json.loads(files["data.json"])
    assert data["entities"]["patient"]["columns"]["date_of_birth"] == "date"
    assert {r["source_system"] for r in data["entities"]["patient"]["records"]} == {"exquise", "oase"}
    html = files["overzicht.html"]
    assert "Dental Clinics" in html and "WGBO" in html and "20 jaar" in html
    assert "Hoe lang wij het bewaren" in html
    assert "password" not in repr(info).lower() or info.password not in repr(info)


def test_no_other_persons_data_family_and_namesakes(systems, cases, tmp_path):
    head, child = cases["family_head"], cases["family_child"]
    result = run(systems, PersonQuery(bsn=child.bsn))
    info = build_package(result, out_dir=tmp_path, request_id="R-2", data_root=systems["data_root"])
    files = contents(info)
    data = json.loads(files["data.json"])
    structured = json.dumps({e: v for e, v in data["entities"].items()})
    # the parent: never their BSN, phone, birth date or id; the link appears as a link only
    assert head.bsn not in structured and head.mobile[2:] not in structured
    assert head.date_of_birth.isoformat() not in structured
    links = data["entities"]["family_link"]["records"]
    assert links and set(links[0]) == {"source_system", "link_id", "relation", "direction", "updated_at", "_origin"}
    assert str(PATIENTS - 3) not in json.dumps(links)
    # the parent's first name may appear only inside the child's own notes, and every such note is flagged
    flagged = {(f.entity, f.key) for f in info.review}
    for entity, column in (("clinical_note", "text"), ("complaint", "text")):
        for record in data["entities"].get(entity, {}).get("records", []):
            if head.first_name.lower() in (record[column] or "").lower():
                assert (entity, record[key_of(entity)]) in flagged
    assert info.review, "the child's notes name the household: they must be flagged"
    rows_without_text = json.dumps(
        {
            e: [{k: v for k, v in r.items() if k not in ("text", "message")} for r in v["records"]]
            for e, v in data["entities"].items()
        }
    )
    assert head.first_name not in rows_without_text
    review = json.loads(info.review_path.read_text())
    assert child.bsn not in json.dumps(review) and child.first_name not in json.dumps(review)

    a, b = cases["namesake_a"], cases["namesake_b"]
    namesake = build_package(
        run(systems, PersonQuery(name="Jan de Vries", date_of_birth=a.date_of_birth)),
        out_dir=tmp_path,
        request_id="R-3",
        data_root=systems["data_root"],
    )
    everything = "".join(contents(namesake).values())
    assert a.bsn in everything and b.bsn not in everything and b.date_of_birth.isoformat() not in everything
    assert f"EX{PATIENTS - 3:06d}" not in everything


def key_of(entity: str) -> str:
    return {"clinical_note": "note_id", "complaint": "complaint_id"}[entity]


def test_portability_holds_only_what_the_person_provided(systems, cases, tmp_path):
    visitor = cases["visitor_patient"]
    result = run(systems, PersonQuery(email=visitor.email, phone=visitor.mobile))
    info = build_package(result, out_dir=tmp_path, kind="portability", request_id="R-4", data_root=systems["data_root"])
    files = contents(info)
    assert set(files) == {"data.json", "patient.csv", "contact_form.csv", "communication_preference.csv"}
    data = json.loads(files["data.json"])
    assert "last_clinical_change_at" not in data["entities"]["patient"]["columns"]
    assert data["entities"]["contact_form"]["records"][0]["message"]


def test_an_undecided_result_gives_no_package(systems, cases, tmp_path):
    with pytest.raises(PackageError):
        build_package(run(systems, PersonQuery(email=cases["family_head"].email)), out_dir=tmp_path)


def test_the_package_expires(systems, cases, tmp_path):
    info = build_package(
        run(systems, PersonQuery(bsn=cases["both_vendors"].bsn)),
        out_dir=tmp_path / "out",
        data_root=systems["data_root"],
    )
    entry = register_package(info, delivered_on=dt.date(2026, 12, 1), request_id="REQ-TESTTESTTEST", data_root=tmp_path)
    assert entry["expires_on"] == "2026-12-31"  # class request_packages: 30 days after delivery
    assert expired_packages(dt.date(2026, 12, 31), data_root=tmp_path) == []
    assert [e["path"] for e in expired_packages(dt.date(2027, 1, 1), data_root=tmp_path)] == [str(info.path)]


def test_building_logs_no_identifier(systems, cases, tmp_path, caplog):
    person = cases["staff_patient"]
    caplog.set_level(logging.DEBUG)
    info = build_package(run(systems, PersonQuery(bsn=person.bsn)), out_dir=tmp_path, data_root=systems["data_root"])
    logged = caplog.text
    for value in (person.bsn, person.email, person.last_name, info.password):
        assert value not in logged
