"""The Data Docs route answers a NUL byte and other invalid paths with 404, never a 500."""

from __future__ import annotations

import pytest


@pytest.fixture
def client(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from dcn_airflow import privacy_page
    from dcn_airflow.console_access import Viewer, dcn_role

    root = tmp_path / "quality" / "gx" / "uncommitted" / "data_docs" / "local_site"
    root.mkdir(parents=True)
    (root / "index.html").write_text("<html>docs</html>")
    (tmp_path / "secret.txt").write_text("outside the site")
    monkeypatch.setenv("DCN_DATA_ROOT", str(tmp_path))
    privacy_page.app.dependency_overrides[dcn_role] = lambda: Viewer("viewer", "viewer")
    try:
        yield TestClient(privacy_page.app, raise_server_exceptions=False)
    finally:
        privacy_page.app.dependency_overrides.pop(dcn_role, None)


def test_a_real_page_is_served(client):
    response = client.get("/data-docs/index.html")
    assert response.status_code == 200 and "docs" in response.text


@pytest.mark.parametrize(
    "path",
    [
        "index%00.html",
        "%00",
        "x" * 5000,
        "/".join(["d"] * 3000),
        "..%2Fsecret.txt",
        "../../secret.txt",
        "%ff%fe",
        "index.html%00",
    ],
)
def test_invalid_paths_are_not_found(client, path):
    response = client.get("/data-docs/" + path)
    assert response.status_code == 404, (path[:40], response.status_code)
    assert "outside the site" not in response.text
