"""No network at run time: the engine (and the Presidio baseline with its tldextract check) run with sockets off."""

from __future__ import annotations

import socket

import pytest


@pytest.fixture
def no_network(monkeypatch):
    attempts: list[str] = []

    def refuse(*args, **kwargs):
        attempts.append(repr(args[1:2]))
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts
    assert attempts == [], "a network call was attempted"


def test_engine_builds_and_runs_with_sockets_disabled(no_network, tmp_path):
    from transforms.text.engine import TextAnonymiser

    (tmp_path / "sources").mkdir()  # a fresh configuration: the Presidio side is built here, offline
    engine = TextAnonymiser(config_dir=tmp_path)
    result = engine.anonymise("Mail k.nowak@xs4all.nl of www.facebook.com/k.nowak, tel. +31 6 12 34 56 78.")
    assert result.status == "ok"
    assert "nowak" not in result.text.lower() and "12 34 56 78" not in result.text


def test_presidio_email_check_is_offline(no_network):
    from fixtures.text.baselines import presidio_defaults

    found = presidio_defaults()("Mail naar jan@example.co.uk graag.", ())
    assert "EMAIL" in [t for t, *_ in found]
