"""The privacy page in the Airflow UI, in a real headless Chromium against a real `airflow api-server`:
a data engineer logged into Airflow sees the night's counts, the research releases and the Data Docs."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time

import httpx
import pytest

from tests.browser import Browser, chromium_binary
from tests.practice import source_identifiers

from .conftest import AIRFLOW

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
