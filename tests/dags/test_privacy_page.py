"""The privacy console in the Airflow UI, in a real headless Chromium against a real `airflow api-server`.

One server for the whole module, on a COPY of the session's night (so the failed night added here does not
change what other DAG tests see): the officer and a plain viewer log in; every section's figures are checked
against the register and the certificates after the demo-like night, and again after a night whose retention
failed (the page must say failed, not "disposed"); a hold is placed through the form, a name and an unknown
key are refused and nothing of them is stored anywhere (run conf in the metadata DB, task logs, the register);
the viewer cannot open the writing forms (403 from the server). Screenshots go to var/test-artifacts/console/.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.browser import Browser, chromium_binary
from tests.practice import source_identifiers

from .conftest import AIRFLOW, REPO, copy_of_night

pytestmark = [pytest.mark.airflow, pytest.mark.slow]
ARTIFACTS = REPO / "var" / "test-artifacts" / "console"
USERS = "admin:admin,officer:admin,engineer:op,viewer:viewer"
REFUSED_NAME = "Jansen-Verhoeven"  # a surname typed as the subject key: refused, stored nowhere
UNKNOWN_KEY = "987654321012"  # no patient has it
FAILED_NIGHT = "2026-12-07T03:00:00+00:00"
needs_chromium = pytest.mark.skipif(chromium_binary() is None, reason="Debian's chromium is not installed")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def copy(night, airflow_home, tmp_path_factory):
    """The session's night and Airflow home copied, with an environment pointing at the copies."""
    root, home, env, copied = copy_of_night(night, airflow_home, tmp_path_factory.mktemp("console"))
    env.update(
        AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS=USERS,
        AIRFLOW__API__SECRET_KEY="console-test-secret-0123456789",
    )
    return root, home, env, copied


@pytest.fixture(scope="module")
def server(copy):
    """`airflow api-server` on the copy; yields (base URL, {user: access token})."""
    root, home, env, _ = copy
    port = _free_port()
    log = (root / "api-server.log").open("w")
    process = subprocess.Popen(
        [str(AIRFLOW), "api-server", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/api/v2/monitor/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, (root / "api-server.log").read_text()[-3000:]
            time.sleep(0.5)
        passwords = json.loads((home / "simple_auth_manager_passwords.json.generated").read_text())
        tokens = {}
        for user in ("officer", "viewer"):
            response = httpx.post(f"{base}/auth/token", json={"username": user, "password": passwords[user]})
            assert response.status_code == 201, response.text
            tokens[user] = response.json()["access_token"]
        _warm(base, tokens["officer"])
        yield base, tokens
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def _warm(base: str, token: str) -> None:
    """Open the console once: the upcoming expiries (dry-run plans) are computed and remembered by the server,
    so the browser's page loads afterwards take a second, not a minute."""
    assert httpx.get(f"{base}/dcn-privacy/", cookies={"_token": token}, timeout=900).status_code == 200


def _get(base: str, path: str, token: str | None = None) -> httpx.Response:
    cookies = {"_token": token} if token else None
    return httpx.get(base + path, cookies=cookies, timeout=60)


def _register(root: Path):
    from transforms import register

    return register.register_engine(f"sqlite:///{root / 'data' / 'register.db'}")


def _certificates(root: Path, plan_id: str) -> set[str]:
    """The classes the audit chain holds a certificate entry for, checked against the files written."""
    from transforms.audit import chain

    engine = _register(root)
    try:
        entries = {
            e.payload["class"]
            for e in chain.entries(engine, kind="retention.certificate")
            if e.payload["plan_id"] == plan_id
        }
    finally:
        engine.dispose()
    folder = root / "data" / "retention" / "certificates" / plan_id
    files = {p.stem for p in folder.glob("*.txt")} if folder.exists() else set()
    assert entries == files, (entries, files)
    return entries


def _latest_plan(root: Path) -> str:
    from transforms.retention.plan import list_plans

    engine = _register(root)
    try:
        return list_plans(engine, limit=1)[0]["plan_id"]
    finally:
        engine.dispose()


def _section(browser: Browser, section: str) -> str:
    return browser.evaluate(f"document.getElementById('{section}').innerText")


def _shoot(browser: Browser, name: str, selector: str | None = None) -> Path:
    """A screenshot of the page or of one element (the whole element, beyond the viewport)."""
    import base64

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    params = {"format": "png", "captureBeyondViewport": True}
    if selector:
        box = browser.evaluate(
            f"(() => {{ const r = document.querySelector({json.dumps(selector)}).getBoundingClientRect();"
            " return {x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height}; })()"
        )
        params["clip"] = {**box, "scale": 1}
    data = browser.send("Page.captureScreenshot", **params)["data"]
    path = ARTIFACTS / f"{name}.png"
    path.write_bytes(base64.b64decode(data))
    return path


def test_every_endpoint_refuses_anonymous_users_and_the_viewer_gets_no_writing_form(server):
    base, tokens = server
    for path in (
        "/dcn-privacy/",
        "/dcn-privacy/holds/new",
        "/dcn-privacy/requests/new",
        "/dcn-privacy/data-docs/index.html",
        "/dcn-privacy/research/treatments/risk_report.json",
        "/dcn-privacy/research/treatments/dictionary",
    ):
        assert _get(base, path).status_code in (401, 403), path
    for path in ("/dcn-privacy/holds", "/dcn-privacy/holds/lift", "/dcn-privacy/requests"):
        assert httpx.post(base + path, data={"scope": "category"}).status_code in (401, 403), path
    viewer = tokens["viewer"]
    page = _get(base, "/dcn-privacy/", viewer)
    assert page.status_code == 200 and "Place a hold" not in page.text and "holds/new" not in page.text
    for path in ("/dcn-privacy/holds/new", "/dcn-privacy/requests/new"):
        assert _get(base, path, viewer).status_code == 403, path
    refused = httpx.post(
        f"{base}/dcn-privacy/holds",
        data={"scope": "category", "reason": "incident", "class_id_category": "camera_footage"},
        cookies={"_token": viewer},
    )
    assert refused.status_code == 403
    # only the release's report files, and nothing outside the Data Docs folder
    officer = tokens["officer"]
    assert _get(base, "/dcn-privacy/research/treatments/treatments.parquet", officer).status_code == 404
    assert _get(base, "/dcn-privacy/data-docs/..%2F..%2F..%2F..%2Fresearch", officer).status_code == 404
    # a form without the user's CSRF token is refused even for the officer
    assert (
        httpx.post(f"{base}/dcn-privacy/holds", data={"scope": "category"}, cookies={"_token": officer}).status_code
        == 403
    )


@needs_chromium
def test_the_officer_sees_what_happened_in_the_demo_night(server, copy, monkeypatch):
    from transforms.console.retention import class_name
    from transforms.retention.policy import load_policy

    base, tokens = server
    root, _, env, urls = copy
    plan_id = _latest_plan(root)
    certified = _certificates(root, plan_id)
    assert certified, "the demo night certifies its routine classes"
    monkeypatch.setenv("DCN_CONFIG_DIR", env["DCN_CONFIG_DIR"])
    policy = load_policy()
    with Browser(timeout=120) as browser:
        browser.set_cookie(base, "_token", tokens["officer"])
        browser.goto(f"{base}/plugin/dcn-privacy")  # inside the Airflow UI, behind its login
        browser.wait_for(
            "(() => { const f = document.querySelector('iframe[title=\"Privacy\"]');"
            " const d = f && f.contentDocument; return d && d.querySelector('#quality') ? true : null; })()",
            timeout=90,
        )
        _shoot(browser, "in-airflow-ui")
        browser.goto(f"{base}/dcn-privacy/")
        page = browser.wait_for("document.querySelector('#quality') ? document.body.innerText : null", timeout=90)
        retention = _section(browser, "retention")
        for class_id in policy.classes:
            row = browser.evaluate(
                f"(document.querySelector('#retention tr[data-class=\"{class_id}\"]') || {{}}).innerText || ''"
            )
            if class_id in certified:
                assert "\tcertified" in row and "certificate" in row, row
            elif row:
                assert "\tcertified" not in row, row
            assert class_id not in row.split("\t")[0] or "_" not in class_id, row
        assert "awaits approval" not in page
        assert len(
            browser.evaluate("[...document.querySelectorAll('#retention a[href*=\"certificates/\"]')].map(a => a.href)")
        ) == len(certified)
        assert class_name("camera_footage", policy) in retention
        # no Python reprs, no snake_case ids, no raw floats
        # a raw float is "0.123456" standing alone; a run id's time ("03:18:40.996858") is not one
        assert not re.search(r"\{'|'\}|\[\'|None\b|True\b|False\b|\b0\.\d{5,}", page), page[:2000]
        # tonight: every DAG of the night succeeded but retention, whose approval lapsed unanswered (not a
        # success: the run failed, at approve); the figures are the register's
        tonight = _section(browser, "tonight")
        newest = tonight.split("Run history")[0]
        assert newest.count("succeeded") >= 3 and "Retention: FAILED" in newest, newest
        assert "failed at approve" in newest, newest
        manifest = json.loads(next((root / "data" / "runs").glob("*.json")).read_text())
        assert f"{manifest['rows']:,} rows staged" in tonight
        assert "intact" in tonight
        # the night's approval lapsed unanswered (as its timeout does): that needs the officer, and says what to do
        alerts = _section(browser, "alerts")
        assert "failed at approve" in alerts and "Nobody answered the approval" in alerts
        # a certificate renders as a page, not as raw text
        browser.goto(f"{base}/dcn-privacy/certificates/{plan_id}/{sorted(certified)[0]}")
        certificate = browser.wait_for("document.querySelector('table.kv') ? document.body.innerText : null")
        assert "Certificate of destruction" in certificate and "Legal basis" in certificate
        _shoot(browser, "certificate")
        browser.goto(f"{base}/dcn-privacy/research/treatments/dictionary")
        dictionary = browser.wait_for("document.querySelector('h1, h2, table') ? document.body.innerHTML : null")
        assert "<table>" in dictionary or "<h" in dictionary
        browser.goto(f"{base}/dcn-privacy/")
        browser.wait_for("document.querySelector('#quality') ? true : null", timeout=90)
        browser.evaluate("document.querySelector('#quality details').open = true")  # one system's entities shown
        for section in (
            "alerts",
            "tonight",
            "retention",
            "expiries",
            "approvals",
            "holds",
            "research",
            "requests",
            "quality",
        ):
            _shoot(browser, f"section-{section}", f"#{section}")
        research = _section(browser, "research")
        assert "k reached" in research.lower() and "of at most" in research
        # source quality: every practice system's entity links its own validation page and suite in the Data Docs
        docs = browser.evaluate(
            "[...document.querySelectorAll('#quality tr[data-entity]')].map(r => ["
            "(r.querySelector('a.docs-validation') || {}).href || '', (r.querySelector('a.docs-suite') || {}).href || ''])"
        )
    assert docs and all(validation and suite for validation, suite in docs), docs
    for validation, suite in docs[:3]:
        assert "/data-docs/validations/source/" in validation and "/data-docs/expectations/source/" in suite
        for href in (validation, suite):
            served = httpx.get(href, cookies={"_token": tokens["officer"]}, timeout=60)
            assert served.status_code == 200 and "_dcn_offline" in served.text, href
    identifiers = source_identifiers(urls)
    assert sorted(v for v in identifiers if v in page) == []


@needs_chromium
def test_holds_through_the_form_and_refused_input_stored_nowhere(server, copy):
    from transforms.kernel.staging import read_entity
    from transforms.retention import holds

    base, tokens = server
    root, home, _, _ = copy
    key = str(read_entity("patient", "patient_id", sources=["oase"], data_root=root / "data")["patient_id"].iloc[0])
    with Browser(timeout=120) as browser:
        browser.set_cookie(base, "_token", tokens["officer"])

        def submit(subject_key: str) -> str:
            browser.goto(f"{base}/dcn-privacy/holds/new")
            browser.wait_for("document.getElementById('hold-form') ? true : null")
            browser.evaluate(
                "(() => { const f = document.getElementById('hold-form');"
                " f.scope.value = 'person'; f.scope.dispatchEvent(new Event('change'));"
                " f.reason.value = 'claim'; f.source_system.value = 'oase'; f.subject_kind.value = 'patient';"
                f" f.subject_key.value = {json.dumps(subject_key)}; f.reference.value = 'KL-2026-17';"
                " f.submit(); })()"
            )
            return browser.wait_for(
                "document.getElementById('result') || document.querySelector('.refused') ? document.body.innerText : null"
            )

        for refused_value, why in ((REFUSED_NAME, "internal key"), (UNKNOWN_KEY, "no patient with this key")):
            answer = submit(refused_value)
            assert "Refused" in answer and why in answer and refused_value not in answer
            assert refused_value not in browser.evaluate("document.documentElement.outerHTML")
        _shoot(browser, "hold-refused")
        placed = submit(key)
        assert "Hold placed" in placed
        hold_id = re.search(r"id ([0-9a-f]{32})", placed).group(1)
        _shoot(browser, "hold-placed")
        browser.goto(f"{base}/dcn-privacy/holds/new")
        browser.wait_for("document.getElementById('hold-form') ? true : null")
        _shoot(browser, "hold-form")
        browser.goto(f"{base}/dcn-privacy/")
        holds_text = browser.wait_for(
            "document.getElementById('holds') ? document.getElementById('holds').innerText : null"
        )
        assert hold_id[:8] in holds_text and "claim" in holds_text and "KL-2026-17" in holds_text
    engine = _register(root)
    try:
        [hold] = [h for h in holds.list_holds(engine) if h.hold_id == hold_id]
        assert (hold.subject_key, hold.placed_by) == (key, "officer")
    finally:
        engine.dispose()
    # nothing of a refused input anywhere: the register (every table), the metadata DB (run conf), the logs
    for database in (root / "data" / "register.db", home / "airflow.db"):
        dump = "\n".join(sqlite3.connect(database).iterdump())
        for value in (REFUSED_NAME, UNKNOWN_KEY):
            assert value not in dump, database
    for folder in (home / "logs", root):
        for path in folder.rglob("*.log"):
            text = path.read_text(errors="replace")
            assert REFUSED_NAME not in text and UNKNOWN_KEY not in text, path


def test_a_request_registered_through_the_intake_form_shows_its_due_date(server, copy):
    base, tokens = server
    root, _, _, _ = copy
    cookies = {"_token": tokens["officer"]}
    form = httpx.get(f"{base}/dcn-privacy/requests/new", cookies=cookies)
    csrf = re.search(r"name='csrf' value='([0-9a-f]+)'", form.text).group(1)
    received = (dt.datetime.now() - dt.timedelta(days=25)).strftime("%Y-%m-%dT10:15")
    answer = httpx.post(
        f"{base}/dcn-privacy/requests",
        data={
            "csrf": csrf,
            "types": ["access"],
            "received_at": received,
            "id_kind": "email",
            "id_value": "intake.test@example.nl",
            "requester": "person",
        },
        cookies=cookies,
        headers={"Origin": base},
    )
    assert answer.status_code == 200, answer.text[-500:]
    request_id = re.search(r"(REQ-[0-9A-Za-z-]+)", answer.text).group(1)
    page = httpx.get(f"{base}/dcn-privacy/", cookies=cookies).text
    section = page.split("id='requests'")[1].split("</section>")[0]
    assert request_id in section and "row-warn" in section and "intake.test" not in page
    assert "intake.test@example.nl" not in "\n".join(sqlite3.connect(root / "data" / "register.db").iterdump())


@needs_chromium
def test_after_a_failed_retention_night_the_page_says_failed_with_a_next_step(server, copy):
    base, tokens = server
    root, _, env, _ = copy
    # a month later camera footage is due again (routine: approved by the policy); its disposal is skipped, so
    # the retention gate finds what the plan approved still there and fails the run: nothing is certified
    result = subprocess.run(
        [str(AIRFLOW), "dags", "test", "dcn_retention", FAILED_NIGHT, "--mark-success-pattern", "^(approve|dispose)$"],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    (root / "failed-night.log").write_text(result.stdout + result.stderr)
    assert "state=failed" in result.stdout + result.stderr, f"see {root / 'failed-night.log'}"
    plan_id = _latest_plan(root)
    assert _certificates(root, plan_id) == set()
    # the failed run still released the retention lock: the next night can take it
    from transforms.retention import approval

    engine = _register(root)
    try:
        approval.acquire_lock(engine, holder="next-run", now=dt.datetime.now(dt.timezone.utc))  # raises if held
        assert approval.release_lock(engine, holder="next-run")
    finally:
        engine.dispose()
    _warm(base, tokens["officer"])
    with Browser(timeout=120) as browser:
        browser.set_cookie(base, "_token", tokens["officer"])
        browser.goto(f"{base}/dcn-privacy/")
        browser.wait_for("document.querySelector('#quality') ? true : null", timeout=90)
        alerts = _section(browser, "alerts")
        assert "failed at" in alerts and "Next step" in alerts, alerts
        retention = _section(browser, "retention")
        assert "failed at" in retention and "NOT certified" in retention
        assert "disposed" not in retention.lower() and "certificate written" not in retention
        tonight = _section(browser, "tonight")
        assert "failed at" in tonight
        _shoot(browser, "failed-alerts", "#alerts")
        _shoot(browser, "failed-retention", "#retention")
        _shoot(browser, "failed-tonight", "#tonight")


@needs_chromium
def test_the_data_docs_render_offline_with_no_request_leaving_the_machine(server):
    """GX loads jQuery, Bootstrap and bootstrap-table from CDNs; served by the privacy page, the index and a
    validation page render from local files only (every request the browser made is recorded)."""
    from urllib.parse import urljoin

    base, tokens = server
    token = tokens["officer"]
    ARTIFACTS.parent.mkdir(parents=True, exist_ok=True)
    with Browser() as browser:
        browser.set_cookie(base, "_token", token)
        index = f"{base}/dcn-privacy/data-docs/index.html"
        browser.goto(index)
        rows = browser.wait_for("document.querySelectorAll('tr[data-href]').length", timeout=15)
        browser.screenshot(ARTIFACTS.parent / "data-docs-index.png")
        assert rows >= 2
        page = browser.evaluate("document.body.innerText")
        assert "release.rows" in page or "release" in page
        link = browser.evaluate("document.querySelector('tr[data-href*=\"validations/\"]').getAttribute('data-href')")
        browser.goto(urljoin(index, link))
        text = browser.wait_for(
            "document.body && document.body.innerText.includes('Overview') ? document.body.innerText : null"
        )
        browser.evaluate("document.title")  # the last requests' events are read with this answer
        browser.screenshot(ARTIFACTS.parent / "data-docs-validation.png")
        requests = list(browser.requests)
    assert "Expectation" in text or "expect" in text.lower()
    assert requests and all(url.startswith(base) or url.startswith("data:") for url in requests), [
        url for url in requests if not url.startswith(base)
    ]


NEXT_NIGHT = "2026-12-08T03:00:00+00:00"  # after the failed night above: the file's tests run in order


@needs_chromium
def test_the_officer_approves_two_classes_under_required_actions(server, copy):
    """The next night's retention waits under *Required actions* with one option per class that needs a person;
    the officer opens the form in the Airflow UI, opens its multi-select with the mouse, picks two classes by
    typing and Enter (react-select answers to real mouse and key events, not to a script's ``click()``) and
    responds. Only those two are approved, disposed of and certified; every other class that needed a person is
    recorded as rejected by the officer and nothing of it is touched."""
    import tempfile

    from dcn_airflow.approval import class_title
    from transforms.register.schema import DISPOSE_JOURNAL
    from transforms.retention import approval
    from transforms.retention.plan import load_plan

    base, tokens = server
    token = tokens["officer"]
    root, _, env, _ = copy
    headers = {"Authorization": f"Bearer {token}"}
    with tempfile.TemporaryFile("w+") as out:
        run = subprocess.Popen(
            [str(AIRFLOW), "dags", "test", "dcn_retention", NEXT_NIGHT], env=env, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 600
            while True:  # the plan is made, then the form waits
                found = httpx.get(
                    f"{base}/api/v2/dags/dcn_retention/dagRuns/~/hitlDetails",
                    params={"response_received": "false"},
                    headers=headers,
                    timeout=30,
                ).json()
                # this run's form: an earlier night's lapsed approval has no response either, but its task failed
                waiting = [
                    d
                    for d in found.get("hitl_details", [])
                    if d["task_instance"]["task_id"] == "approve"
                    and d["task_instance"]["state"] in ("deferred", "awaiting_input")
                ]
                if waiting:
                    break
                assert run.poll() is None and time.monotonic() < deadline, "the approval never waited"
                time.sleep(2)
            [detail] = waiting
            run_id = detail["task_instance"]["dag_run_id"]
            plan_id = f"retention__{run_id}"
            engine = _register(root)
            try:
                plan = load_plan(engine, plan_id)
            finally:
                engine.dispose()
            required = plan.needs_approval()
            assert detail["multiple"] and set(detail["options"]) >= {class_title(c) for c in required}
            assert len(required) >= 3, required
            # e.g. "Retention 8 Dec 2026: 10 classes, 10,523 records to approve"
            assert re.fullmatch(r"Retention \d+ \w+ 2026: \d+ classes, [\d,]+ records to approve", detail["subject"])

            def records(class_id: str) -> int:
                counts = plan.classes[class_id]
                return counts.dispose + counts.archive + counts.minimise

            # the two smallest classes (a short run), chosen out of at least three offered
            chosen = sorted(required, key=lambda c: (records(c), c))[:2]
            with Browser(timeout=120) as browser:
                browser.set_timezone("Europe/Amsterdam")
                browser.set_cookie(base, "_token", token)
                browser.goto(f"{base}/dags/dcn_retention/runs/{run_id}/tasks/approve/required_actions")
                browser.wait_for(
                    f"document.body.innerText.includes({detail['subject']!r})"
                    " && document.querySelector('#element_chosen_options input[role=combobox]') ? true : null",
                    timeout=90,
                )
                _shoot(browser, "required-actions-form")
                for class_id in chosen:
                    _choose(browser, class_title(class_id))
                assert browser.evaluate(CHOSEN) == [class_title(c) for c in chosen]
                _shoot(browser, "required-actions-chosen")
                browser.evaluate(
                    "[...document.querySelectorAll('button')].find(b => b.innerText.trim() === 'Respond')"
                    ".setAttribute('data-respond', '')"
                )
                browser.click("[data-respond]")
                browser.wait_for("document.body.innerText.includes('Response received') ? true : null", timeout=60)
                _shoot(browser, "required-actions-answered")
            run.wait(timeout=900)
        finally:
            if run.poll() is None:
                run.kill()
        out.seek(0)
        output = out.read()
    (root / "dcn_retention-next-night.log").write_text(output)
    assert "state=success" in output, f"see {root / 'dcn_retention-next-night.log'}"

    # what happened, from the register and the certificates (not from the form)
    engine = _register(root)
    try:
        decided = approval.decisions(engine, plan_id)
        with engine.connect() as conn:
            disposed = {
                r.class_id
                for r in conn.execute(
                    DISPOSE_JOURNAL.select().where(
                        DISPOSE_JOURNAL.c.plan_id == plan_id, DISPOSE_JOURNAL.c.status == "done"
                    )
                )
            }
    finally:
        engine.dispose()
    people = {c: d for c, d in decided.items() if d["by"] != approval.AUTO}
    assert set(people) == set(required)
    assert {c for c, d in people.items() if d["decision"] == "approved"} == set(chosen)
    assert {d["decision"] for c, d in people.items() if c not in chosen} == {"rejected"}
    assert {d["by"] for d in people.values()} == {"officer"}
    certified = _certificates(root, plan_id)
    assert disposed & set(required) == set(chosen), disposed
    assert certified & set(required) == set(chosen), certified
    routine = {c for c, d in decided.items() if d["by"] == approval.AUTO}
    assert certified <= set(chosen) | routine
    for class_id in chosen:
        text = (root / "data" / "retention" / "certificates" / plan_id / f"{class_id}.txt").read_text()
        assert "officer" in text

    # and the console says so: the two certified (approved by the officer), the others rejected by the officer
    _warm(base, token)
    with Browser(timeout=120) as browser:
        browser.set_cookie(base, "_token", token)
        browser.goto(f"{base}/dcn-privacy/")
        browser.wait_for("document.querySelector('#quality') ? true : null", timeout=90)
        for class_id in required:
            row = browser.evaluate(
                f"(document.querySelector('#retention tr[data-class=\"{class_id}\"]') || {{}}).innerText || ''"
            )
            if class_id in chosen:
                assert "\tcertified" in row and "approved by officer" in row, row
            else:
                assert "\trejected" in row and "rejected by officer" in row, row
        _shoot(browser, "section-retention-approved", "#retention")


# the options chosen in the form's multi-select, from their remove buttons ("Remove Billing")
CHOSEN = (
    "[...document.querySelectorAll('#element_chosen_options [aria-label^=\"Remove \"]')]"
    ".map(e => e.getAttribute('aria-label').slice(7))"
)


def _choose(browser: Browser, option: str) -> None:
    """Pick one option of the form's multi-select as a person does: click it open, type to filter, click the
    option (react-select's menu, rendered outside the field)."""
    options = '[...document.querySelectorAll(\'[id^="react-select-"][id*="-option-"]\')]'
    browser.click("#element_chosen_options input[role=combobox]")
    browser.wait_for(f"{options}.length ? true : null", timeout=20)
    browser.type_text(option)
    browser.wait_for(
        f"(() => {{ const o = {options}.find(o => o.innerText.trim() === {json.dumps(option)});"
        " if (o) o.setAttribute('data-pick', ''); return !!o; })()",
        timeout=20,
    )
    browser.click("[data-pick]")
    browser.wait_for(f"{CHOSEN}.includes({json.dumps(option)})", timeout=20)
