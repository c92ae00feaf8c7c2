"""docker-compose.yml, read as data (no Docker engine here): the services, images, commands, environment, mounts
and health checks production needs, every file it names present, and the Airflow environment the Celery test
ran (tests/ops/test_celery_stack.py) the one compose sets."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from tests.ops.stack import ENV_FILE, HOST_SETTINGS, POOLS_FILE, REPO, ROLES_FILE, TEST_ONLY, shared_settings

COMPOSE = REPO / "docker-compose.yml"
AIRFLOW_COMMANDS = {
    "api-server": "api-server",
    "scheduler": "scheduler",
    "dag-processor": "dag-processor",
    "triggerer": "triggerer",
    "worker": "celery worker",
    "flower": "celery flower",
}
INIT_ONLY = {"DCN_INIT_USERS"}  # the first users, read once by docker/init.sh
ROLES = {"Viewer", "DataEngineer", "PrivacyOfficer"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def _airflow_services(compose: dict) -> dict[str, dict]:
    return {name: s for name, s in compose["services"].items() if s.get("build")}


def test_every_service_production_needs_is_there(compose):
    services = compose["services"]
    assert set(AIRFLOW_COMMANDS) | {"postgres", "redis", "airflow-init", "practice-exquise", "practice-oase"} <= set(
        services
    )
    assert services["seed-practices"]["depends_on"].keys() == {"practice-exquise", "practice-oase"}
    assert services["flower"]["profiles"] == ["flower"]  # optional
    assert "deploy" not in services["worker"] and "container_name" not in services["worker"]  # --scale works


def test_airflow_images_are_built_from_the_dockerfile_and_others_pinned(compose):
    assert (REPO / "Dockerfile").exists()
    for name, service in compose["services"].items():
        if service.get("build"):
            assert service["build"] == ".", name
        else:
            image = service["image"]
            assert ":" in image and not image.endswith(":latest"), f"{name}: pin the image ({image})"


def test_commands_start_the_components(compose):
    services = compose["services"]
    for name, command in AIRFLOW_COMMANDS.items():
        assert " ".join(services[name]["command"][:3]).startswith("airflow " + command), name
    assert services["airflow-init"]["command"] == ["bash", "/opt/dcn/docker/init.sh"]
    seed = " ".join(services["seed-practices"]["command"])
    assert seed.count("python -m fixtures generate") == 2 and "postgresql" in seed and "mysql" in seed


def test_the_airflow_environment_is_the_one_the_celery_test_ran(compose):
    shared = shared_settings()
    assert shared["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    assert shared["AIRFLOW__CORE__AUTH_MANAGER"].endswith("FabAuthManager")
    assert shared["AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK"] == "True"  # the scheduler's health check needs it
    for name, service in _airflow_services(compose).items():
        assert service["env_file"] == [str(ENV_FILE.relative_to(REPO))], name
        env = set(service["environment"])
        assert not env & set(shared), f"{name} overrides a shared setting: {sorted(env & set(shared))}"
        assert not env & set(TEST_ONLY), f"{name} sets a test-only setting: {sorted(env & set(TEST_ONLY))}"
        if name == "seed-practices":
            continue
        # the same names as the test, a key as a *_FILE where the code reads one
        plain = {key.removesuffix("_FILE") for key in env} - INIT_ONLY
        assert plain == set(HOST_SETTINGS), f"{name}: {sorted(plain ^ set(HOST_SETTINGS))}"
    assert (
        set(compose["services"]["airflow-init"]["environment"]) - set(compose["services"]["scheduler"]["environment"])
        == INIT_ONLY
    )


def test_mounts_exist_and_every_worker_shares_the_data(compose):
    volumes = set(compose["volumes"])
    for name, service in compose["services"].items():
        for mount in service.get("volumes", []):
            source = mount.split(":", 1)[0]
            if source.startswith("."):
                assert (REPO / source).exists(), f"{name}: {source} does not exist"
            else:
                assert source in volumes, f"{name}: volume {source} not declared"
    for name in ("worker", "scheduler", "triggerer", "api-server", "dag-processor"):
        mounts = compose["services"][name]["volumes"]
        assert "dcn-data:/opt/dcn/data" in mounts and "./config:/opt/dcn/config:ro" in mounts, name
        assert set(compose["services"][name]["secrets"]) == {"dcn_audit_key", "dcn_requests_key"}


def test_long_running_services_have_health_checks(compose):
    for name, service in compose["services"].items():
        if service.get("restart") == "no":
            continue
        assert service.get("healthcheck", {}).get("test"), f"{name} has no health check"
    for name, service in compose["services"].items():
        for dependency in service.get("depends_on", {}):
            assert dependency in compose["services"], f"{name} depends on unknown {dependency}"


def test_every_file_it_names_exists():
    text = COMPOSE.read_text() + (REPO / "docker" / "init.sh").read_text()
    for path in ("docker/airflow.env", "docker/init.sh", "docker/create-register-db.sql", "Dockerfile"):
        assert (REPO / path).exists(), path
    assert "fab-roles.json" in text and "pools.json" in text
    json.loads(POOLS_FILE.read_text())
    roles = {entry["name"] for entry in json.loads(ROLES_FILE.read_text())}
    assert ROLES - {"Viewer"} <= roles  # Viewer is FAB's own


def test_every_variable_is_documented_in_env_example():
    used = set(re.findall(r"(?<!\$)\$\{([A-Z0-9_]+)", COMPOSE.read_text()))  # $${X}: the container's own
    example = (REPO / ".env.example").read_text()
    documented = set(re.findall(r"^([A-Z0-9_]+)=", example, re.M))
    assert used <= documented, f"not in .env.example: {sorted(used - documented)}"
    assert documented <= used, f".env.example documents what compose does not use: {sorted(documented - used)}"


def test_operations_doc_names_the_roles_secrets_and_restore():
    doc = (REPO / "docs" / "operations.md").read_text()
    for word in [*ROLES, "docker compose up", "--scale worker", "reapply_tombstones", "dcn_audit_key"]:
        assert word in doc, word
    for key in ("AUDIT", "REQUESTS", "ARCHIVE_MASTER", "RETENTION_HASH", "RESEARCH_PSEUDONYM", "TEXT_HASH"):
        assert f"DCN_{key}_KEY" in doc, key
