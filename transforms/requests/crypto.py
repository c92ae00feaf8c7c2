"""Identifiers and free text of subject requests, encrypted at rest (AES-256-GCM, ``cryptography``).

The key is found the way the project finds its other secrets (the audit key of ``transforms.audit.chain``):

1. env ``DCN_REQUESTS_KEY``: base64 of 32 random bytes (production: exported from the secrets backend or an
   Airflow Connection, like ``DCN_ARCHIVE_MASTER_KEY``);
2. else the file named by ``DCN_REQUESTS_KEY_FILE``;
3. else ``<data root>/../secrets/requests.key`` (0600), created with a random key by the first write, so a
   local demo works without setup and the key never sits in the register it protects.

Each ciphertext is ``nonce (12 bytes) + AES-GCM(plaintext)`` with **associated data** naming the request and
the purpose (``REQ-...|identity``): a ciphertext copied onto another request or into another column fails to
decrypt instead of silently answering for the wrong person. The key's fingerprint is stored beside every
ciphertext, so a wrong key is reported as such (not as "corrupt data").

A second key, for the keyed hashes that find duplicate requests (``identity.identity_keys``), is derived from
the same secret with HKDF (a different purpose must never reuse the raw key).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from transforms.kernel import keyfiles

KEY_VARIABLE = "DCN_REQUESTS_KEY"
KEY_FILE_VARIABLE = "DCN_REQUESTS_KEY_FILE"
NONCE_BYTES = 12


class RequestKeyError(RuntimeError):
    """No usable key, or the stored data was written under another key; never names a value."""


def key_file() -> Path:
    """Where the local requests key lives when ``DCN_REQUESTS_KEY`` is not set."""
    return keyfiles.key_file(KEY_FILE_VARIABLE, "requests.key")


def _decode(raw: str, where: str) -> bytes:
    try:
        key = base64.b64decode(raw.strip(), validate=True)
    except ValueError:
        raise RequestKeyError(f"the requests key ({where}) is not valid base64") from None
    if len(key) != 32:
        raise RequestKeyError(f"the requests key ({where}) must decode to 32 bytes (AES-256)")
    return key


def request_key(*, create: bool = False) -> bytes:
    """The 32-byte AES key: env, key file, or (with ``create``) a new key file made 0600. Refuses without."""

    def make() -> str:
        return base64.b64encode(AESGCM.generate_key(bit_length=256)).decode("ascii")

    found = keyfiles.read_secret(KEY_VARIABLE, key_file(), make=make if create else None)
    if found is None:
        raise RequestKeyError(f"no requests key: set {KEY_VARIABLE} (base64 of 32 random bytes) or {KEY_FILE_VARIABLE}")
    return _decode(*found)


def fingerprint(key: bytes) -> str:
    """Identifies the key (stored with each ciphertext) without revealing it."""
    return hmac.new(key, b"dcn-requests-key-fingerprint", hashlib.sha256).hexdigest()[:16]


@functools.lru_cache(maxsize=4)
def identity_hash_key(key: bytes) -> bytes:
    """The HMAC key of the duplicate-detection hashes, derived from the requests key (HKDF-SHA256)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"dcn-requests-identity-hash").derive(key)


def _aad(request_id: str, purpose: str) -> bytes:
    return f"{request_id}|{purpose}".encode("utf-8")


def seal(key: bytes, request_id: str, purpose: str, plaintext: bytes) -> bytes:
    """``nonce + AES-GCM(plaintext)``, bound to the request and the purpose."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, _aad(request_id, purpose))


def open_sealed(
    key: bytes, request_id: str, purpose: str, sealed: bytes, stored_fingerprint: str | None = None
) -> bytes:
    """The plaintext of :func:`seal`; a wrong key or a moved or altered ciphertext raises ``RequestKeyError``."""
    if stored_fingerprint is not None and stored_fingerprint != fingerprint(key):
        raise RequestKeyError(
            f"request {request_id}: stored under another requests key (fingerprint "
            f"{stored_fingerprint}); set the key it was written with"
        )
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], _aad(request_id, purpose))
    except InvalidTag:
        raise RequestKeyError(
            f"request {request_id}: the {purpose} ciphertext does not decrypt (altered, or copied from another request)"
        ) from None
