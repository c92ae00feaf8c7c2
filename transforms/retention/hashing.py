"""Keyed hashes of record ids (HMAC-SHA256), the only form in which ids appear in plans, logs and certificates.

The key comes from the environment (``DCN_RETENTION_HASH_KEY``, a secret of at least 32 characters; in
Airflow a secret-backed variable or connection exported into the task's environment). Without a key nothing
runs: a plain hash of a short patient number could be reversed by trying every number.
"""

from __future__ import annotations

import hashlib
import hmac
import os

KEY_VARIABLE = "DCN_RETENTION_HASH_KEY"
MIN_KEY_LENGTH = 32
SEPARATOR = "\x1f"  # cannot occur in a source name, entity name or key


class MissingKeyError(RuntimeError):
    """No usable hashing key: refuse rather than log or store raw ids."""


def hash_key(value: str | bytes | None = None) -> bytes:
    """The HMAC key: ``value`` if given, else the environment variable. Too short or absent: refuse."""
    raw = value if value is not None else os.environ.get(KEY_VARIABLE)
    if not raw:
        raise MissingKeyError(
            f"set {KEY_VARIABLE} (a secret of at least {MIN_KEY_LENGTH} characters); "
            "retention refuses to run without it"
        )
    key = raw.encode("utf-8") if isinstance(raw, str) else raw
    if len(key) < MIN_KEY_LENGTH:
        raise MissingKeyError(f"{KEY_VARIABLE} is shorter than {MIN_KEY_LENGTH} characters")
    return key


def hash_id(key: bytes, source_system: str, entity: str, record_key: object) -> str:
    """HMAC-SHA256 of (source, entity, key): stable per record, meaningless without the key."""
    message = SEPARATOR.join((source_system, entity, str(record_key))).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def hash_ids(key: bytes, source_systems, entity: str, record_keys) -> list[str]:
    """``hash_id`` for two aligned sequences (one entity)."""
    base = hmac.new(key, digestmod=hashlib.sha256)  # the keyed state once; each id continues a copy of it
    out = []
    # pandas columns as Python lists first (iterating an Arrow-backed column goes value by value)
    source_systems = source_systems.tolist() if hasattr(source_systems, "tolist") else source_systems
    record_keys = record_keys.tolist() if hasattr(record_keys, "tolist") else record_keys
    for s, k in zip(source_systems, record_keys):
        h = base.copy()
        h.update(SEPARATOR.join((s, entity, str(k))).encode("utf-8"))
        out.append(h.hexdigest())
    return out


def hashed_id_sql(key: bytes, entity: str, key_column: str) -> tuple[str, list]:
    """``hash_id`` as a DuckDB expression over a staged relation's ``source_system`` and key column, and its
    parameters: HMAC-SHA256 spelled out (RFC 2104: SHA-256 of the outer-padded key and the SHA-256 of the
    inner-padded key and the message), so a million ids are hashed in DuckDB's vectorised SHA-256, not one
    Python call each. Same hex digest as ``hash_id`` (tests compare them)."""
    block = key if len(key) <= 64 else hashlib.sha256(key).digest()
    block = block.ljust(64, b"\0")
    inner, outer = bytes(b ^ 0x36 for b in block), bytes(b ^ 0x5C for b in block)
    message = f'encode(source_system || ? || CAST("{key_column}" AS VARCHAR))'
    return f"sha256(?::BLOB || unhex(sha256(?::BLOB || {message})))", [outer, inner, SEPARATOR + entity + SEPARATOR]


def key_fingerprint(key: bytes) -> str:
    """Identifies the key (stored with a plan) without revealing it: later steps check they use the same key."""
    return hmac.new(key, b"dcn-retention-key-fingerprint", hashlib.sha256).hexdigest()[:16]
