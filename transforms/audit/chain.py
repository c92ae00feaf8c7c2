"""An append-only, keyed hash chain in the privacy register: evidence that survives scrutiny.

Each entry stores ``seq`` (1, 2, 3, ... without gaps), ``kind``, ``recorded_at``, a JSON ``payload`` (counts,
hashed ids, policy versions, approvers: never patient content), the previous entry's hash and its own:

    entry_hash = HMAC-SHA256( audit key, prev_hash + "\\n" + canonical JSON of {seq, kind, recorded_at, payload} )

The audit key (:func:`audit_key`) is a secret the register does not hold: env ``DCN_AUDIT_KEY`` (at least 32
characters; production: a secrets backend), else the file named by ``DCN_AUDIT_KEY_FILE``, else
``<data root>/../secrets/audit.key`` (0600), created with a random key by the first append. Someone with write
access to the register can therefore neither edit an entry and rehash the rest nor append a forged entry:
without the key no hash they compute matches.

What the register alone cannot show, a cut-off tail or a whole chain replaced, is caught by anchors kept
outside it: each certificate of destruction prints its own entry (``Audit entry : #seq hash``; certificates
may also print ``Audit head : #seq hash``, the head they were written after, from :func:`anchor`), and
:func:`verify` checks every anchor found under ``<data root>/retention/certificates`` by default: each must
still be in the chain with the same hash. ``verify`` also refuses an empty log, and a payload with a
duplicate JSON key (SQLite's JSON functions read the first, Python the last).

Old chains (written before the key, plain SHA-256): verified as before as a prefix, then sealed by the first
keyed entry after them (``python -m transforms audit seal`` writes one at once; any append does too). After a
keyed entry an unkeyed one is a forgery. A chain whose head is still unkeyed fails verification ("not keyed:
run audit seal"): whatever was appended to it before the seal cannot be told from the original.

The database refuses UPDATE and DELETE on the table (triggers on SQLite, PostgreSQL and MariaDB, declared
with the table in ``transforms.register.schema``), so only
someone who drops the trigger first can change it, and then ``verify`` tells.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from transforms import register, settings
from transforms.kernel import keyfiles
from transforms.kernel.strictjson import refuse_duplicate_keys
from transforms.kernel.timeutil import utc_naive, utc_now
from transforms.register.schema import AUDIT_LOG

GENESIS = "0" * 64
KEY_VARIABLE = "DCN_AUDIT_KEY"
KEY_FILE_VARIABLE = "DCN_AUDIT_KEY_FILE"
MIN_KEY_LENGTH = 32
SEAL_KIND = "audit.seal"
CERTIFICATES = Path("retention") / "certificates"  # under the data root (transforms.retention.dispose)
ANCHOR_LINE = re.compile(r"^Audit (?:entry|head)\s*:\s*#(\d+)\s+([0-9a-f]{64})\s*$", re.MULTILINE)


class AuditError(RuntimeError):
    """The audit log could not be written."""


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    kind: str
    recorded_at: dt.datetime
    payload: dict
    prev_hash: str
    entry_hash: str


@dataclass
class Verification:
    ok: bool
    entries: int
    head_seq: int
    head_hash: str
    problems: list[str] = field(default_factory=list)
    legacy_entries: int = 0  # old unkeyed entries at the start of the chain (sealed by the first keyed one)
    anchors: int = 0  # anchors (certificate heads) checked
    ok_but_unkeyed: bool = False  # the only problem is an unkeyed head: `audit seal` fixes it


def canonical_json(value: object) -> str:
    """One spelling per value: sorted keys, no spaces, UTF-8 kept; dates as ISO text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_iso)


def _iso(value: object) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON-serialisable in an audit payload: {type(value).__name__}")


def entry_hash(prev_hash: str, seq: int, kind: str, recorded_at: dt.datetime, payload_json: str) -> str:
    """The unkeyed (old) entry hash: plain SHA-256. Only checked for entries written before the audit key."""
    body = canonical_json(
        {
            "seq": seq,
            "kind": kind,
            "recorded_at": recorded_at.replace(microsecond=0).isoformat(),
            "payload": json.loads(payload_json),
        }
    )
    return hashlib.sha256(f"{prev_hash}\n{body}".encode("utf-8")).hexdigest()


def keyed_hash(key: bytes, prev_hash: str, seq: int, kind: str, recorded_at: dt.datetime, payload_json: str) -> str:
    """The entry hash of a keyed chain: HMAC-SHA256 under the audit key over what :func:`entry_hash` covers."""
    body = canonical_json(
        {
            "seq": seq,
            "kind": kind,
            "recorded_at": recorded_at.replace(microsecond=0).isoformat(),
            "payload": read_payload(payload_json),
        }
    )
    return hmac.new(key, f"{prev_hash}\n{body}".encode("utf-8"), hashlib.sha256).hexdigest()


_no_duplicate_keys = refuse_duplicate_keys(ValueError, "a key occurs twice in an audit payload")


def read_payload(payload_json: str) -> dict:
    """A stored payload; a duplicate key is refused (SQLite and Python would read different values)."""
    return json.loads(payload_json, object_pairs_hook=_no_duplicate_keys)


def key_file() -> Path:
    """Where the local audit key lives when ``DCN_AUDIT_KEY`` is not set."""
    return keyfiles.key_file(KEY_FILE_VARIABLE, "audit.key")


def audit_key(value: str | bytes | None = None, *, create: bool = False) -> bytes | None:
    """The HMAC key of the chain: ``value``, env ``DCN_AUDIT_KEY``, or the key file (made, 0600, with
    ``create``). None when there is none and ``create`` is false. Never logged."""
    raw: str | bytes | None = value
    where = "the value given"
    if not raw:
        found = keyfiles.read_secret(
            KEY_VARIABLE, key_file(), make=(lambda: secrets.token_urlsafe(48)) if create else None
        )
        if found is None:
            return None
        raw, where = found
    key = raw.encode("utf-8") if isinstance(raw, str) else raw
    if len(key) < MIN_KEY_LENGTH:
        raise AuditError(f"the audit key ({where}) is shorter than {MIN_KEY_LENGTH} characters")
    return key


def _writing_key() -> bytes:
    key = audit_key(create=True)
    if key is None:  # pragma: no cover - create=True makes one
        raise AuditError(f"no audit key: set {KEY_VARIABLE}")
    return key


def _recorded_at(moment: dt.datetime) -> dt.datetime:
    """The stored form of an entry's moment: naive UTC, whole seconds (the digest covers it as text)."""
    return utc_naive(moment, error=AuditError, message="recorded_at must be timezone-aware").replace(microsecond=0)


def ensure_audit_table(engine: Engine) -> None:
    register.ensure_tables(engine, AUDIT_LOG)


def append(
    engine: Engine, kind: str, payload: dict, *, recorded_at: dt.datetime | None = None, attempts: int = 5
) -> AuditEntry:
    """Append one entry at the head of the chain. Concurrent writers race for the next ``seq``; the loser
    retries on the new head, so the chain never forks."""
    ensure_audit_table(engine)
    moment = _recorded_at(recorded_at or utc_now())
    payload_json = canonical_json(payload)
    key = _writing_key()
    for _ in range(attempts):
        try:
            with engine.begin() as conn:
                if conn.dialect.name == "sqlite":
                    # take the write lock before reading the head: pysqlite would begin only at the INSERT,
                    # and a WAL reader cannot be upgraded once another writer has committed
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                head = conn.execute(
                    select(AUDIT_LOG.c.seq, AUDIT_LOG.c.entry_hash).order_by(AUDIT_LOG.c.seq.desc()).limit(1)
                ).first()
                seq, prev = (head.seq + 1, head.entry_hash) if head else (1, GENESIS)
                digest = keyed_hash(key, prev, seq, kind, moment, payload_json)
                conn.execute(
                    AUDIT_LOG.insert().values(
                        seq=seq, kind=kind, recorded_at=moment, payload=payload_json, prev_hash=prev, entry_hash=digest
                    )
                )
            return AuditEntry(seq, kind, moment.replace(tzinfo=dt.timezone.utc), json.loads(payload_json), prev, digest)
        except IntegrityError:  # another writer took this seq: read the new head and try again
            continue
        except OperationalError as exc:
            if "locked" not in str(exc).lower():
                raise
            continue
    raise AuditError(f"could not append to the audit log after {attempts} attempts (contention)")


def append_in(conn: Connection, kind: str, payload: dict, *, recorded_at: dt.datetime) -> AuditEntry:
    """Append inside the caller's transaction (same register database), so the evidence commits or rolls
    back together with what it records. On SQLite open that transaction with ``write_transaction``."""
    moment = _recorded_at(recorded_at)
    payload_json = canonical_json(payload)
    head = conn.execute(
        select(AUDIT_LOG.c.seq, AUDIT_LOG.c.entry_hash).order_by(AUDIT_LOG.c.seq.desc()).limit(1)
    ).first()
    seq, prev = (head.seq + 1, head.entry_hash) if head else (1, GENESIS)
    digest = keyed_hash(_writing_key(), prev, seq, kind, moment, payload_json)
    conn.execute(
        AUDIT_LOG.insert().values(
            seq=seq, kind=kind, recorded_at=moment, payload=payload_json, prev_hash=prev, entry_hash=digest
        )
    )
    return AuditEntry(seq, kind, moment.replace(tzinfo=dt.timezone.utc), json.loads(payload_json), prev, digest)


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that holds the write lock from its first statement (SQLite: BEGIN IMMEDIATE), so reading
    the chain head and appending cannot interleave with another writer."""
    ensure_audit_table(engine)
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif conn.dialect.name == "postgresql":
            conn.exec_driver_sql("LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE")
        yield conn


def entries(engine: Engine, *, kind: str | None = None, since_seq: int = 0) -> Iterator[AuditEntry]:
    ensure_audit_table(engine)
    query = select(AUDIT_LOG).where(AUDIT_LOG.c.seq > since_seq).order_by(AUDIT_LOG.c.seq)
    if kind is not None:
        query = query.where(AUDIT_LOG.c.kind == kind)
    with engine.connect() as conn:
        for row in conn.execute(query):
            try:
                payload = read_payload(row.payload)
            except ValueError as exc:
                raise AuditError(f"audit entry {row.seq}: {exc}") from None
            yield AuditEntry(
                row.seq,
                row.kind,
                row.recorded_at.replace(tzinfo=dt.timezone.utc),
                payload,
                row.prev_hash,
                row.entry_hash,
            )


def head(engine: Engine) -> tuple[int, str]:
    """(seq, hash) of the newest entry; (0, GENESIS) for an empty log. Keep it outside the register."""
    ensure_audit_table(engine)
    with engine.connect() as conn:
        row = conn.execute(
            select(AUDIT_LOG.c.seq, AUDIT_LOG.c.entry_hash).order_by(AUDIT_LOG.c.seq.desc()).limit(1)
        ).first()
    return (row.seq, row.entry_hash) if row else (0, GENESIS)


def anchor(engine: Engine) -> dict:
    """The chain head to record outside the register (a certificate, a ticket): ``{"seq", "hash", "line"}``;
    ``line`` is the text :func:`verify` finds in certificates (``Audit head      : #seq hash``)."""
    seq, digest = head(engine)
    return {"seq": seq, "hash": digest, "line": f"Audit head      : #{seq} {digest}"}


def certificate_anchors(data_root: Path | None = None) -> list[tuple[int, str, str]]:
    """(seq, hash, file) of every ``Audit entry``/``Audit head`` line in the certificates under the data root."""
    folder = Path(data_root or settings.data_root()) / CERTIFICATES
    found: list[tuple[int, str, str]] = []
    if folder.is_dir():
        for path in sorted(folder.rglob("*.txt")):
            try:
                content = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            found.extend(
                (int(m.group(1)), m.group(2), str(path.relative_to(folder))) for m in ANCHOR_LINE.finditer(content)
            )
    return found


def seal(engine: Engine, *, recorded_at: dt.datetime | None = None) -> AuditEntry | None:
    """Seal an old unkeyed chain: a keyed entry after its head (None when the head is keyed already)."""
    result = verify(engine, anchors=())
    if result.entries == 0 or result.legacy_entries < result.entries or not result.ok_but_unkeyed:
        return None
    return append(
        engine,
        SEAL_KIND,
        {"legacy_entries": result.legacy_entries, "legacy_head": result.head_hash},
        recorded_at=recorded_at,
    )


def verify(
    engine: Engine,
    *,
    expect_head: str | None = None,
    expect_seq: int | None = None,
    anchors: Iterable[tuple] | None = None,
    data_root: Path | None = None,
    key: bytes | None = None,
) -> Verification:
    """Walk the chain from the start: every keyed hash recomputed, every link and sequence number checked.

    ``anchors``: (seq, hash[, where]) kept outside the register, each of which must still be in the chain with
    that hash; default: every certificate under ``<data_root>/retention/certificates`` (``anchors=()``: none).
    ``expect_head`` (a hash kept elsewhere) must be in the chain; ``expect_seq``: the chain is at least this long.
    An empty log, an unkeyed head and an unkeyed entry after a keyed one are problems.
    """
    ensure_audit_table(engine)
    key = key if key is not None else audit_key()
    anchor_list = [tuple(a) for a in (certificate_anchors(data_root) if anchors is None else anchors)]
    wanted = {int(a[0]) for a in anchor_list}
    problems: list[str] = []
    prev_hash, expected_seq, count, seen_head = GENESIS, 1, 0, expect_head is None
    legacy, keyed_seen, no_key_reported = 0, False, False
    hashes: dict[int, str] = {}
    with engine.connect() as conn:
        for row in conn.execute(select(AUDIT_LOG).order_by(AUDIT_LOG.c.seq)):
            count += 1
            if row.seq in wanted:
                hashes[row.seq] = row.entry_hash
            if row.seq != expected_seq:
                problems.append(
                    f"entry {row.seq}: expected sequence number {expected_seq} "
                    f"({row.seq - expected_seq} entr{'y' if row.seq - expected_seq == 1 else 'ies'} "
                    "missing before it)"
                    if row.seq > expected_seq
                    else f"entry {row.seq}: out of order (expected {expected_seq})"
                )
            if row.prev_hash != prev_hash:
                problems.append(f"entry {row.seq}: does not link to the entry before it (removed or edited)")
            try:
                read_payload(row.payload)
                recorded = row.recorded_at
                keyed = key is not None and hmac.compare_digest(
                    keyed_hash(key, row.prev_hash, row.seq, row.kind, recorded, row.payload), row.entry_hash
                )
                plain = (
                    not keyed and entry_hash(row.prev_hash, row.seq, row.kind, recorded, row.payload) == row.entry_hash
                )
            except ValueError as exc:
                if "twice" in str(exc):
                    problems.append(f"entry {row.seq}: payload has a duplicate key (reads differently in SQL)")
                keyed = plain = False
            except TypeError:
                keyed = plain = False
            if keyed:
                keyed_seen = True
            elif plain and not keyed_seen:
                legacy += 1  # an old unkeyed entry before any keyed one: checked as before, sealed later
            elif plain:
                problems.append(f"entry {row.seq}: not keyed, after keyed entries (forged or written without the key)")
            elif key is None:
                if not no_key_reported:
                    problems.append(f"no audit key ({KEY_VARIABLE} or {key_file()}): keyed entries cannot be checked")
                    no_key_reported = True
            else:
                problems.append(f"entry {row.seq}: content does not match its hash (edited)")
            if expect_head is not None and row.entry_hash == expect_head:
                seen_head = True
            prev_hash, expected_seq = row.entry_hash, row.seq + 1
    if count == 0:
        problems.append("the audit log is empty: nothing proves what was done (a new register has no evidence yet)")
    unkeyed_head = count > 0 and legacy == count
    if unkeyed_head:
        problems.append(
            f"the chain is not keyed ({legacy} entries written before the audit key): run "
            "`python -m transforms audit seal` once to seal them"
        )
    if not seen_head:
        problems.append("the expected head hash is not in the chain (entries removed from the end, or rewritten)")
    last_seq = expected_seq - 1
    if expect_seq is not None and last_seq < expect_seq:
        problems.append(f"the chain ends at entry {last_seq}, expected at least {expect_seq} (entries removed)")
    for item in anchor_list:
        seq, digest = int(item[0]), str(item[1])
        where = f" ({item[2]})" if len(item) > 2 else ""
        if hashes.get(seq) != digest:
            state = "missing" if seq not in hashes else "has another hash"
            problems.append(f"anchor #{seq}{where}: entry {state} in the chain (cut off or rewritten)")
    only_unkeyed = unkeyed_head and len(problems) == 1
    return Verification(
        ok=not problems,
        entries=count,
        head_seq=last_seq,
        head_hash=prev_hash,
        problems=problems,
        legacy_entries=legacy,
        anchors=len(anchor_list),
        ok_but_unkeyed=only_unkeyed,
    )
