"""The privacy page in the Airflow UI, in a real headless Chromium against a real `airflow api-server`:
a data engineer logged into Airflow sees the night's counts, the research releases and the Data Docs."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time

import httpx
import pytest

from tests.browser import Browser, chromium_binary
from tests.practice import source_identifiers

from .conftest import AIRFLOW, REPO

pytestmark = pytest.mark.airflow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(night, airflow_home):
    """`airflow api-server` (the UI and the plugin's FastAPI app) on the night's data; yields its base URL
    and an admin's access token."""
    root, _, env, _ = night
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
        passwords = json.loads((airflow_home / "simple_auth_manager_passwords.json.generated").read_text())
        response = httpx.post(f"{base}/auth/token", json={"username": "admin", "password": passwords["admin"]})
        assert response.status_code == 201, response.text
        yield base, response.json()["access_token"]
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def test_the_page_and_its_files_need_an_airflow_login(server):
    base, token = server
    for path in (
        "/dcn-privacy/",
        "/dcn-privacy/data-docs/index.html",
        "/dcn-privacy/research/treatments/risk_report.json",
    ):
        assert httpx.get(base + path).status_code in (401, 403), path
    headers = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{base}/dcn-privacy/", headers=headers).status_code == 200
    # only the release's report files, and nothing outside the Data Docs folder
    assert httpx.get(f"{base}/dcn-privacy/research/treatments/treatments.parquet", headers=headers).status_code == 404
    assert httpx.get(f"{base}/dcn-privacy/data-docs/..%2F..%2F..%2F..%2Fresearch", headers=headers).status_code == 404


@pytest.mark.skipif(chromium_binary() is None, reason="Debian's chromium is not installed (apt-get install chromium)")
def test_a_logged_in_engineer_sees_the_night_in_the_airflow_ui(server, night, tmp_path):
    from transforms.research import load_datasets

    base, token = server
    root, urls, _, _ = night
    manifest = json.loads(next((root / "data" / "runs").glob("*.json")).read_text())
    with Browser() as browser:
        browser.set_cookie(base, "_token", token)
        browser.goto(f"{base}/plugin/dcn-privacy")  # the UI's route for the "Privacy" navigation entry
        page = browser.wait_for(
            "(() => { const f = document.querySelector('iframe[title=\"Privacy\"]');"
            " const d = f && f.contentDocument;"
            " return d && d.querySelector('#research') ? d.body.innerText : null; })()"
        )
        browser.screenshot(tmp_path / "privacy-page.png")
        assert "Privacy pipeline" in page and manifest["run_key"] in page
        assert f"{manifest['rows']:,}" in page
        for name in load_datasets():
            assert name in page
        assert "no release yet" not in page
        assert "camera_footage" in page and "carried out" in page and "awaits approval" in page
        assert "intact" in page and "staging removed" in page
        # the Data Docs link of the page opens the validation results
        href = browser.evaluate(
            "document.querySelector('iframe[title=\"Privacy\"]').contentDocument.querySelector('#data-docs').href"
        )
        browser.goto(href)
        docs = browser.wait_for(
            "document.body && document.body.textContent.includes('source.patient') ? document.body.textContent : null"
        )
        assert "Data Docs" in docs and "release.rows" in docs
    identifiers = source_identifiers(urls)
    assert sorted(v for v in identifiers if v in page) == []


ARTIFACTS = REPO / "var" / "test-artifacts"


@pytest.mark.skipif(chromium_binary() is None, reason="Debian's chromium is not installed (apt-get install chromium)")
def test_the_data_docs_render_offline_with_no_request_leaving_the_machine(server):
    """GX loads jQuery, Bootstrap and bootstrap-table from CDNs; served by the privacy page, the index and a
    validation page render from local files only (every request the browser made is recorded)."""
    from urllib.parse import urljoin

    base, token = server
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with Browser() as browser:
        browser.set_cookie(base, "_token", token)
        index = f"{base}/dcn-privacy/data-docs/index.html"
        browser.goto(index)
        rows = browser.wait_for("document.querySelectorAll('tr[data-href]').length", timeout=15)
        browser.screenshot(ARTIFACTS / "data-docs-index.png")
        assert rows >= 2
        page = browser.evaluate("document.body.innerText")
        assert "release.rows" in page or "release" in page
        link = browser.evaluate("document.querySelector('tr[data-href*=\"validations/\"]').getAttribute('data-href')")
        browser.goto(urljoin(index, link))
        text = browser.wait_for(
            "document.body && document.body.innerText.includes('Overview') ? document.body.innerText : null"
        )
        browser.evaluate("document.title")  # the last requests' events are read with this answer
        browser.screenshot(ARTIFACTS / "data-docs-validation.png")
        requests = list(browser.requests)
    assert "Expectation" in text or "expect" in text.lower()
    assert requests and all(url.startswith(base) or url.startswith("data:") for url in requests), [
        url for url in requests if not url.startswith(base)
    ]


NEXT_NIGHT = "2026-11-03T03:00:00+00:00"


@pytest.mark.skipif(chromium_binary() is None, reason="Debian's chromium is not installed (apt-get install chromium)")
def test_the_officer_approves_two_classes_under_required_actions(server, night):
    """The next night's retention waits under Required actions with one choice per class; the officer selects
    two and responds in the real Airflow UI; only those two are approved, the rest recorded as rejected."""
    import tempfile

    from transforms import register
    from transforms.retention import approval

    base, token = server
    root, _, env, _ = night
    headers = {"Authorization": f"Bearer {token}"}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile("w+") as out:
        run = subprocess.Popen(
            [str(AIRFLOW), "dags", "test", "dcn_retention", NEXT_NIGHT], env=env, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 300
            while True:  # the plan is made, then the form waits
                found = httpx.get(
                    f"{base}/api/v2/dags/dcn_retention/dagRuns/~/hitlDetails",
                    params={"response_received": "false"},
                    headers=headers,
                ).json()
                waiting = [d for d in found.get("hitl_details", []) if d["task_instance"]["task_id"] == "approve"]
                if waiting:
                    break
                assert run.poll() is None and time.monotonic() < deadline, "the approval never waited"
                time.sleep(1)
            [detail] = waiting
            assert detail["multiple"] and {"Dental file", "Billing"} <= set(detail["options"])
            # "Retention 2 Nov 2026: 10 classes, 10,523 records to approve" (as of the day the run measures to)
            assert re.fullmatch(r"Retention \d+ Nov 2026: \d+ classes, [\d,]+ records to approve", detail["subject"])
            chosen = [o for o in detail["options"] if o not in ("Dental file", "Billing")][:2]
            run_id = detail["task_instance"]["dag_run_id"]
            with Browser() as browser:
                browser.set_timezone("Europe/Amsterdam")
                browser.set_cookie(base, "_token", token)
                browser.goto(f"{base}/dags/dcn_retention/runs/{run_id}/tasks/approve/required_actions")
                browser.wait_for(
                    f"document.body.innerText.includes('Respond') && document.body.innerText.includes({detail['subject']!r})"
                )
                browser.screenshot(ARTIFACTS / "required-actions-form.png")
                for option in chosen:
                    _choose(browser, option)
                browser.screenshot(ARTIFACTS / "required-actions-chosen.png")
                browser.evaluate(
                    "[...document.querySelectorAll('button')].find(b => b.innerText.trim() === 'Respond').click()"
                )
                browser.wait_for("document.body.innerText.includes('Response received')", timeout=30)
                browser.screenshot(ARTIFACTS / "required-actions-answered.png")
            run.wait(timeout=600)
        finally:
            if run.poll() is None:
                run.kill()
        out.seek(0)
        output = out.read()
    (root / "dcn_retention-next-night.log").write_text(output)
    assert "state=success" in output, f"see {root / 'dcn_retention-next-night.log'}"
    engine = register.register_engine(env["DCN_CONTROL_DB_URL"])
    plan_id = f"retention__{run_id}"
    decided = {c: d for c, d in approval.decisions(engine, plan_id).items() if d["by"] != approval.AUTO}
    titles = {c: c.replace("_", " ") for c in decided}
    approved = {c for c, d in decided.items() if d["decision"] == "approved"}
    assert {titles[c].lower() for c in approved} == {o.lower() for o in chosen}
    assert {d["decision"] for c, d in decided.items() if c not in approved} == {"rejected"}
    assert {d["by"] for d in decided.values()} == {"admin"}


def _choose(browser: Browser, option: str) -> None:
    """Pick one option in the form's multi-select (a combobox: open it, click the option)."""
    browser.evaluate(
        "(() => { const i = document.querySelector('input[role=combobox], [role=combobox]');"
        " i.focus(); i.click(); i.dispatchEvent(new MouseEvent('mousedown', {bubbles: true})); })()"
    )
    browser.wait_for(f"[...document.querySelectorAll('[role=option]')].some(o => o.innerText.trim() === {option!r})")
    browser.evaluate(
        f"[...document.querySelectorAll('[role=option]')].find(o => o.innerText.trim() === {option!r}).click()"
    )
