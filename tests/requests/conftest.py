"""A private register, keys and data root per test; the identifiers every leak scan looks for."""

from __future__ import annotations

import base64
import datetime as dt

import pytest

from transforms.requests.config import RequestsConfig

# A person's identifiers as typed; every scan (logs, audit chain, CSV, raw register, alerts) looks for each
BSN = "123456782"
EMAIL = "jan.devries@example.nl"
PHONE = "06-12345678"
NAME = "Jan de Vriës"
DOB = "1980-03-14"
NOTES = "belde boos op, vroeg naar röntgenfoto"
EVIDENCE = "machtiging-getekend-Piet"
REASON = "zeven praktijksystemen doorzoeken"
SECRETS = (
    BSN,
    "123.456.782",
    EMAIL,
    "0612345678",
    "12345678",
    NAME,
    "Vriës",
    "Vries",
    DOB,
    NOTES,
    EVIDENCE,
    REASON,
    "machtiging",
    "praktijksystemen",
    "boos",
)

NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.timezone.utc)  # the officer's moment; after every date used
PERSON = {"bsn": BSN, "email": EMAIL, "name": NAME, "date_of_birth": DOB}  # who the intake tests' requests name


def leaks(text: str) -> list[str]:
    """Which identifiers occur in ``text`` (case-insensitive)."""
    low = text.lower()
    return [s for s in SECRETS if s.lower() in low]


@pytest.fixture
def env(tmp_path, monkeypatch):
    """Register, data root and keys in ``tmp_path``; returns the register URL."""
    url = f"sqlite:///{tmp_path / 'register.db'}"
    monkeypatch.setenv("DCN_DATA_ROOT", str(tmp_path / "data"))
    monkeypatch.setenv("DCN_CONTROL_DB_URL", url)
    monkeypatch.setenv("DCN_REQUESTS_KEY", base64.b64encode(bytes(range(32))).decode())
    monkeypatch.setenv("DCN_AUDIT_KEY", "requests-test-audit-key-0123456789abcdef")
    return url


@pytest.fixture
def engine(env):
    from transforms import register

    return register.register_engine(env)


@pytest.fixture
def config():
    return RequestsConfig(duplicate_window_days=365, due_soon_days=7)


# the systems the change requests (erasure, restriction, consent, rectification) act on: registered here once, so the
# session-scoped build runs once for every module that uses it
from tests.requests.erasure_fixtures import practice, pristine_practice, tasks  # noqa: E402, F401
