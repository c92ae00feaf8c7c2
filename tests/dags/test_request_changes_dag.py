"""The requests DAG (`airflow dags test dcn_request_changes`): given only a request id, it reads the request's
types from the register, plans and waits for the officer; without an answer nothing is erased; answered, a
restriction with an objection, a consent withdrawal with a rectification, and a parent's objection for a child
(taken in through the intake) are carried out, verified and answered with a letter; the rectification's before
and after are on the privacy console's page for the officer only, and nowhere in what Airflow keeps. One practice
(120 patients, SQLite) for those runs; one rectification on PostgreSQL systems of both vendors (50 patients)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import subprocess

import pytest

from tests.databases import POSTGRES, fresh_database
from tests.keys import environment
from tests.practice import build_practice, sql_rows, sql_value

from .conftest import AIRFLOW, airflow_env, airflow_places, answered_run, leaks

pytestmark = [pytest.mark.airflow, pytest.mark.slow]
AS_OF = dt.date(2026, 11, 1)
UPPER = dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.timezone.utc)
NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone.utc)
KEYS = {
    "DCN_RETENTION_HASH_KEY": "dag-test-hash-key-0123456789abcdefghij",
    "DCN_ARCHIVE_MASTER_KEY": base64.b64encode(bytes(range(32))).decode(),
    "DCN_REQUESTS_KEY": base64.b64encode(bytes(range(1, 33))).decode(),
    "DCN_AUDIT_KEY": "dag-test-audit-key-0123456789abcdefghij",
}
NEW_EMAIL = "j.devries.nieuw@example.nl"  # the corrected value: only ever on the officer's page and in the source
STATEMENT = "Mijn eigen verklaring over de behandeling."


@pytest.fixture(scope="module")
def practice(airflow_home, tmp_path_factory):
    """Both vendors' SQLite systems (120 patients, the planted people), extracted; the Airflow environment."""
    from fixtures.practice.synthetic import planted_cases

    root = tmp_path_factory.mktemp("requests-dag")
    data = build_practice(root, seed=11, patients=120, as_of=AS_OF, upper=UPPER)
    connections = {
        f"AIRFLOW_CONN_DCN_SOURCE_{s.upper()}": json.dumps({"conn_type": "sqlite", "host": str(root / f"{s}.db")})
        for s in ("exquise", "oase")
    }
    env = airflow_env(airflow_home, data, **KEYS, **connections)
    return {"root": root, "data": data, "env": env, "cases": planted_cases("exquise", 11, 120, AS_OF)}


@pytest.fixture
def engine(practice, monkeypatch):
    from transforms import register

    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DCN_DATA_ROOT", str(practice["data"]))
    monkeypatch.setenv("DCN_CONTROL_DB_URL", practice["env"]["DCN_CONTROL_DB_URL"])
    return register.register_engine(practice["env"]["DCN_CONTROL_DB_URL"])


def _sources(root) -> dict[str, str]:
    return {s: f"sqlite:///{root / (s + '.db')}" for s in ("exquise", "oase")}


@pytest.fixture(scope="module")
def rectified(practice):
    """A consent withdrawal with a rectification of an Exquise patient (a corrected e-mail address and the
    patient's own statement) through the DAG, approved by the officer: (request id, person, the run's output).
    One run for the tests of what it did and of where its values may be seen."""
    from transforms import register
    from transforms.requests import rectification
    from transforms.requests.context import StepContext

    person = practice["cases"]["namesake_a"]
    with environment({**KEYS, "DCN_DATA_ROOT": str(practice["data"])}):
        engine = register.register_engine(practice["env"]["DCN_CONTROL_DB_URL"])
        request_id = _register(engine, person, ["consent_withdrawal", "rectification"])
        rectification.propose(
            StepContext(engine=engine, sources=_sources(practice["root"]), now=NOW),
            request_id,
            changes=[rectification.Change("email", NEW_EMAIL)],
            statement=rectification.Statement(STATEMENT, written_at=NOW),
        )
    return request_id, person, _approved(practice["env"], request_id, "2026-11-04T09:00:00+00:00")


def _register(engine, person, types: list[str]) -> str:
    from transforms.requests import store
    from transforms.requests.config import RequestsConfig
    from transforms.requests.identity import PersonQuery

    return store.register_request(
        engine,
        types=types,
        received=dt.date(2026, 10, 20),
        query=PersonQuery(bsn=person.bsn),
        now=NOW,
        config=RequestsConfig(),
        identity_verified_on=dt.date(2026, 10, 21),
    ).request_id


def _approved(env: dict, request_id: str, logical: str) -> str:
    """One run of the DAG for ``request_id`` in ``env``, its plan approved by the officer "fg"; the run's output."""
    output = answered_run(
        env, "dcn_request_changes", logical, conf={"request_id": request_id}, choose=["Approve"], by="fg"
    )
    assert "answered ['Approve'] by fg" in output and "state=success" in output, output[-3000:]
    return output


def _nothing_of(person, output: str) -> None:
    for value in (person.bsn, person.email, person.last_name):
        assert value not in output


def test_only_a_request_id_goes_in_and_nothing_is_erased_without_an_answer(practice, engine):
    from transforms.requests import erasure

    zoe = practice["cases"]["both_vendors"]
    request_id = _register(engine, zoe, ["erasure", "wgbo_destruction"])
    result = subprocess.run(
        [
            str(AIRFLOW),
            "dags",
            "test",
            "dcn_request_changes",
            "2026-11-02T09:00:00+00:00",
            "-c",
            json.dumps({"request_id": request_id}),
            "--mark-success-pattern",
            "^approve$",
        ],
        env=practice["env"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    plan = erasure.load_plan(engine, request_id)
    assert plan.status == "planned" and plan.items  # planned, then nobody answered: nothing decided, nothing done
    assert erasure.journal_counts(engine, request_id) == {}
    _nothing_of(zoe, output)


def test_a_restriction_with_an_objection_approved_in_the_dag_is_carried_out(practice, engine):
    from transforms.requests import changes, consent, restriction, store

    zoe = practice["cases"]["both_vendors"]
    request_id = _register(engine, zoe, ["restriction", "objection"])
    output = _approved(practice["env"], request_id, "2026-11-03T09:00:00+00:00")
    assert len(restriction.holds_of(engine, request_id)) == 2
    assert {e["kind"] for e in consent.ledger(engine, request_id)} == {"objection"}
    assert all(e["verified_at"] for e in consent.ledger(engine, request_id))
    assert store.get_request(engine, request_id).status == "answered"
    assert (practice["data"] / "requests" / "letters" / request_id / "antwoordbrief.txt").exists()
    assert changes.purposes_of(engine, request_id) == list(consent.PURPOSES)  # config/requests.yml's default
    _nothing_of(zoe, output)


def test_a_withdrawal_with_a_rectification_approved_in_the_dag_is_carried_out(practice, engine, rectified):
    from fixtures.practice.synthetic import case_hosts
    from transforms.requests import consent, rectification, store

    request_id, person, output = rectified
    counts = rectification.summary(engine, request_id)["counts"]
    assert set(counts) == {
        "exquise.patient.email:correction:applied",
        "exquise.clinical_note.text:patient_statement:applied",
    }
    exquise = _sources(practice["root"])["exquise"]
    patnr = case_hosts("exquise", 120)["namesake_a"]
    assert sql_value(exquise, f"SELECT email FROM patienten WHERE patnr = {patnr}") == NEW_EMAIL
    assert {e["kind"] for e in consent.ledger(engine, request_id)} == {"consent_withdrawal"}
    assert store.get_request(engine, request_id).status == "answered"
    _nothing_of(person, output)
    assert NEW_EMAIL not in output and STATEMENT not in output


def _console(user: str | None, role: str | None):
    """The privacy console's app in this process as ``user`` with the auth manager's ``role`` (Airflow's login
    replaced by that user; the console's own role check, config/roles.yml, is the real one)."""
    from airflow.api_fastapi.auth.managers.simple.user import SimpleAuthManagerUser
    from airflow.api_fastapi.core_api.security import get_user
    from fastapi.testclient import TestClient

    from dcn_airflow import privacy_page

    privacy_page.app.dependency_overrides[get_user] = lambda: SimpleAuthManagerUser(username=user, role=role)
    return TestClient(privacy_page.app, raise_server_exceptions=False)


@pytest.fixture
def console():
    from airflow.api_fastapi.core_api.security import get_user

    from dcn_airflow import privacy_page

    yield _console
    privacy_page.app.dependency_overrides.pop(get_user, None)


def test_before_and_after_are_on_the_officers_page_and_nowhere_in_airflow(
    practice, engine, rectified, console, airflow_home
):
    from transforms.audit import chain

    request_id, person, output = rectified
    values = [person.email, NEW_EMAIL, STATEMENT, person.bsn, person.full_name]
    page = f"/requests/{request_id}/changes"
    # Airflow (what every reader of the DAG sees): the request id and a link to the page, never a value
    places = {"dags test output": output, **airflow_places(airflow_home, "dcn_request_changes")}
    assert f"/dcn-privacy{page}" in places["hitl"] and request_id in places["xcom"]
    assert {place: hits for place, text in places.items() if (hits := leaks(text, values))} == {}
    # the officer's page: each change's value before and the one asked for, decrypted from the register
    shown = console("officer", "admin").get(page)
    assert shown.status_code == 200 and shown.headers["cache-control"] == "no-store"
    assert person.email in shown.text and NEW_EMAIL in shown.text and STATEMENT in shown.text
    assert [e.payload for e in chain.entries(engine, kind="request.change_set_shown")] == [
        {"request_id": request_id, "changes": 2, "shown_to": "officer"}
    ]
    for user, role in (("viewer", "viewer"), ("engineer", "op"), ("outsider", None)):
        refused = console(user, role).get(page)
        assert refused.status_code == 403 and not leaks(refused.text, values), user
    for other in ("/requests/REQ-AAAAAAAAAAAA/changes", "/requests/REQ-x/changes", "/requests/%00/changes"):
        assert console("officer", "admin").get(other).status_code == 404, other


def test_a_parents_objection_for_a_child_taken_in_at_the_intake_changes_the_childs_preferences(practice, engine):
    from fixtures.practice.synthetic import case_hosts
    from transforms.requests import consent, intake, store
    from transforms.requests.config import RequestsConfig

    child, parent = practice["cases"]["family_child"], practice["cases"]["family_head"]
    record = intake.register_from_values(
        engine,
        types=["objection"],
        received="2026-10-20",
        bsn=child.bsn,
        representative="parent_guardian",
        evidence="uittreksel-gezagsregister-2026-17",
        identity_verified_on="2026-10-21",
        now=NOW,
        config=RequestsConfig(),
    )
    oase, hosts = _sources(practice["root"])["oase"], case_hosts("oase", 120)

    def preferences(who: str) -> list:
        sql = f"SELECT purpose, given, consent_id FROM consents WHERE person_id = {hosts[who]} ORDER BY consent_id"
        return sql_rows(oase, sql)

    parents_before, childs_before = preferences("family_head"), preferences("family_child")
    output = _approved(practice["env"], record.request_id, "2026-11-05T09:00:00+00:00")
    # the child's preferences: not granted for every purpose, in the practice system and the consent ledger
    purposes = set(consent.PURPOSES)
    assert {str(e["purpose"]) for e in consent.ledger(engine, record.request_id)} == purposes
    assert len(consent.ledger(engine, record.request_id)) == len(purposes)  # one patient: the child
    newest = {purpose: given for purpose, given, _ in preferences("family_child")}
    assert preferences("family_child") != childs_before and set(map(str, newest.values())) == {"0"}
    assert preferences("family_head") == parents_before  # the parent's own preferences untouched
    # the letter goes to the parent, about the child, naming neither
    assert store.get_request(engine, record.request_id).requester == "representative"
    letter = (practice["data"] / "requests" / "letters" / record.request_id / "antwoordbrief.txt").read_text()
    said = " ".join(letter.split())
    assert "als ouder of voogd" in said and "de gegevens van uw kind, niet die van u zelf" in said
    assert "Uw bezwaar is vastgelegd" in said
    for person in (child, parent):
        _nothing_of(person, output + letter)


@pytest.mark.integration
def test_a_rectification_through_the_dag_on_postgresql_of_both_vendors(airflow_home, tmp_path, monkeypatch):
    """Airflow Connections of type postgres (no SQLAlchemy URL given), the change written through both vendors'
    mappings on PostgreSQL: Exquise's patient row corrected, Oase's dental file given the statement."""
    from sqlalchemy.engine import make_url

    from fixtures.practice.synthetic import case_hosts, planted_cases
    from fixtures.practice.vendors import write_system
    from transforms import register
    from transforms.requests import rectification, store
    from transforms.requests.context import StepContext
    from transforms.sources.config import load_sources
    from transforms.sources.extract import extract_source

    patients, data = 50, tmp_path / "data"
    for name, value in {**KEYS, "DCN_DATA_ROOT": str(data)}.items():
        monkeypatch.setenv(name, value)
    sources = {s.name: s for s in load_sources()}
    with fresh_database(POSTGRES, "PostgreSQL") as exquise, fresh_database(POSTGRES, "PostgreSQL") as oase:
        urls, connections = {"exquise": exquise, "oase": oase}, {}
        for name, url in urls.items():
            write_system(url, name, seed=11, patients=patients, as_of=AS_OF)
            extract_source(sources[name], url, UPPER, data_root=data, register_url=f"sqlite:///{tmp_path / 'x.db'}")
            u = make_url(url)
            connections[f"AIRFLOW_CONN_DCN_SOURCE_{name.upper()}"] = json.dumps(
                {"conn_type": "postgres", "host": u.host, "port": u.port, "login": u.username, "schema": u.database}
                | ({"password": u.password} if u.password else {})
            )
        env = airflow_env(airflow_home, data, **KEYS, **connections)
        engine = register.register_engine(env["DCN_CONTROL_DB_URL"])
        zoe = planted_cases("exquise", 11, patients, AS_OF)["both_vendors"]
        request_id = _register(engine, zoe, ["rectification"])
        rectification.propose(
            StepContext(engine=engine, sources=urls, now=NOW),
            request_id,
            changes=[rectification.Change("email", NEW_EMAIL)],
            statement=rectification.Statement(STATEMENT, written_at=NOW),
        )
        output = _approved(env, request_id, "2026-11-06T09:00:00+00:00")
        patnr, person_id = case_hosts("exquise", patients)["both_vendors"], case_hosts("oase", patients)["both_vendors"]
        assert sql_value(exquise, f"SELECT email FROM patienten WHERE patnr = {patnr}") == NEW_EMAIL
        assert (
            sql_value(oase, f"SELECT count(*) FROM notes WHERE person_id = {person_id} AND body = '{STATEMENT}'") == 1
        )
        assert store.get_request(engine, request_id).status == "answered"
        engine.dispose()
    _nothing_of(zoe, output)
    assert NEW_EMAIL not in output and STATEMENT not in output
