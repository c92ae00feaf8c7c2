"""Keyed pseudonyms: HMAC-SHA256, one key domain per dataset, the master key from a secret.

The master key comes from the Airflow Connection ``dcn_research_pseudonym`` (its password) in the DAG, or
from the environment variable ``DCN_RESEARCH_PSEUDONYM_KEY`` on the command line and in the demo. Each
dataset derives its own key: ``HMAC(master, "dcn-research:" + domain)``; the domain is the dataset's name
unless its definition names a shared ``key_domain``. So two datasets cannot be joined on pseudonyms unless
configured, and a pseudonym cannot be recomputed without the master key.

A pseudonym is ``HMAC(dataset_key, kind + ":" + source_system + ":" + id)`` (``kind`` is ``patient`` or
``practitioner``): its first 128 bits written as 32 letters ``a``-``p`` (hex digits 0-f mapped to a-p). Letters
only, because a hex string now and then contains a digit run that passes the IBAN mod-97 or BSN 11-proef, and
the release gate (rightly) blocks any value that looks like one. The SQL form (``sql_pseudonym``) computes
exactly the same value inside DuckDB. The key is never logged, written, or put in an exception message; ``DatasetKey``'s repr hides it.
"""

from __future__ import annotations

import hashlib
import hmac
import os

ENV_VAR = "DCN_RESEARCH_PSEUDONYM_KEY"
CONNECTION = "dcn_research_pseudonym"
MIN_KEY_CHARS = 32
PSEUDONYM_CHARS = 32
_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")


class PseudonymKeyError(RuntimeError):
    """The pseudonym key is missing or too short (the message never contains the key)."""


def research_key_from_env(secret: str | bytes | None = None) -> bytes:
    """The master key: ``secret`` when given (e.g. the Airflow Connection's password), else the env variable."""
    value = secret if secret else os.environ.get(ENV_VAR)
    if not value:
        raise PseudonymKeyError(
            f"no research pseudonym key: set the Airflow Connection {CONNECTION!r} (password) or the environment "
            f"variable {ENV_VAR} (at least {MIN_KEY_CHARS} characters)"
        )
    key = value.encode("utf-8") if isinstance(value, str) else bytes(value)
    if len(key.strip()) < MIN_KEY_CHARS:
        raise PseudonymKeyError(
            f"the research pseudonym key ({CONNECTION} / {ENV_VAR}) is too short: "
            f"use at least {MIN_KEY_CHARS} characters"
        )
    return key


class DatasetKey:
    """The derived key of one key domain. ``repr``/``str`` never show it."""

    __slots__ = ("_key", "domain")

    def __init__(self, master: bytes, domain: str) -> None:
        if not isinstance(master, (bytes, bytearray)) or len(master) < MIN_KEY_CHARS:
            raise PseudonymKeyError(f"the research pseudonym key must be at least {MIN_KEY_CHARS} bytes")
        self.domain = domain
        self._key = hmac.new(bytes(master), f"dcn-research:{domain}".encode(), hashlib.sha256).digest()

    def __repr__(self) -> str:
        return f"DatasetKey(domain={self.domain!r}, key=<hidden>)"

    __str__ = __repr__

    def pseudonym(self, kind: str, source_system: str, identifier: str) -> str:
        digest = hmac.new(self._key, f"{kind}:{source_system}:{identifier}".encode(), hashlib.sha256).hexdigest()
        return digest[:PSEUDONYM_CHARS].translate(_LETTERS)

    def shift_days(self, source_system: str, patient_id: str, max_days: int) -> int:
        """A per-patient constant date offset in [-max_days, +max_days] (keyed, so not guessable)."""
        digest = hmac.new(self._key, f"shift:{source_system}:{patient_id}".encode(), hashlib.sha256).digest()
        return int.from_bytes(digest[:8], "big") % (2 * max_days + 1) - max_days

    def pads(self) -> tuple[bytes, bytes]:
        """HMAC inner and outer pads of the derived key (for ``sql_hmac``; DuckDB has sha256, not HMAC)."""
        block = self._key.ljust(64, b"\0")
        return bytes(b ^ 0x36 for b in block), bytes(b ^ 0x5C for b in block)


def sql_hmac(message_sql: str, ipad_param: str = "$ipad", opad_param: str = "$opad") -> str:
    """A DuckDB expression: the hex HMAC-SHA256 of ``message_sql`` (VARCHAR) under the bound pads."""
    return f"sha256({opad_param} || unhex(sha256({ipad_param} || encode({message_sql}))))"


def sql_pseudonym(message_sql: str) -> str:
    """A DuckDB expression equal to ``DatasetKey.pseudonym`` for the message ``kind:source:id``."""
    return f"translate(substr({sql_hmac(message_sql)}, 1, {PSEUDONYM_CHARS}), '0123456789abcdef', 'abcdefghijklmnop')"
