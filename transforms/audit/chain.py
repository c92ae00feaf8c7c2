"""An append-only, hash-chained audit log in the privacy register: evidence that survives scrutiny.

Each entry stores ``seq`` (1, 2, 3, ... without gaps), ``kind``, ``recorded_at``, a JSON ``payload`` (counts,
hashed ids, policy versions, approvers: never patient content), the previous entry's hash and its own:

    entry_hash = SHA-256( prev_hash + "\\n" + canonical JSON of {seq, kind, recorded_at, payload} )

so editing any entry breaks its hash, removing one breaks the sequence and the next entry's ``prev_hash``, and
rewriting the rest of the chain after an edit changes the head. ``verify`` checks all of this; keep the head
(``head()``: seq and hash, printed in every certificate) somewhere else, and ``verify(expect_head=...)`` also
detects a chain that was cut off at the end or rewritten from some point on.

The database refuses UPDATE and DELETE on the table (triggers on SQLite, PostgreSQL and MariaDB, declared
with the table in ``transforms.register.schema``), so only
someone who drops the trigger first can change it, and then ``verify`` tells.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from transforms import register
from transforms.register.schema import AUDIT_LOG

GENESIS = "0" * 64


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


def canonical_json(value: object) -> str:
    """One spelling per value: sorted keys, no spaces, UTF-8 kept; dates as ISO text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_iso)


def _iso(value: object) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON-serialisable in an audit payload: {type(value).__name__}")


def entry_hash(prev_hash: str, seq: int, kind: str, recorded_at: dt.datetime, payload_json: str) -> str:
    body = canonical_json({"seq": seq, "kind": kind, "recorded_at": recorded_at.replace(microsecond=0).isoformat(),
                           "payload": json.loads(payload_json)})
    return hashlib.sha256(f"{prev_hash}\n{body}".encode("utf-8")).hexdigest()


def _utc_naive(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise AuditError("recorded_at must be timezone-aware")
    return moment.astimezone(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def ensure_audit_table(engine: Engine) -> None:
    register.ensure_tables(engine, AUDIT_LOG)


def append(engine: Engine, kind: str, payload: dict, *, recorded_at: dt.datetime | None = None,
           attempts: int = 5) -> AuditEntry:
    """Append one entry at the head of the chain. Concurrent writers race for the next ``seq``; the loser
    retries on the new head, so the chain never forks."""
    ensure_audit_table(engine)
    moment = _utc_naive(recorded_at or dt.datetime.now(dt.timezone.utc))
    payload_json = canonical_json(payload)
    for _ in range(attempts):
        try:
            with engine.begin() as conn:
                if conn.dialect.name == "sqlite":
                    # take the write lock before reading the head: pysqlite would begin only at the INSERT,
                    # and a WAL reader cannot be upgraded once another writer has committed
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                head = conn.execute(select(AUDIT_LOG.c.seq, AUDIT_LOG.c.entry_hash)
                                    .order_by(AUDIT_LOG.c.seq.desc()).limit(1)).first()
                seq, prev = (head.seq + 1, head.entry_hash) if head else (1, GENESIS)
                digest = entry_hash(prev, seq, kind, moment, payload_json)
                conn.execute(AUDIT_LOG.insert().values(seq=seq, kind=kind, recorded_at=moment, payload=payload_json,
                                                       prev_hash=prev, entry_hash=digest))
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
    moment = _utc_naive(recorded_at)
    payload_json = canonical_json(payload)
    head = conn.execute(select(AUDIT_LOG.c.seq, AUDIT_LOG.c.entry_hash).order_by(AUDIT_LOG.c.seq.desc()).limit(1)).first()
    seq, prev = (head.seq + 1, head.entry_hash) if head else (1, GENESIS)
    digest = entry_hash(prev, seq, kind, moment, payload_json)
    conn.execute(AUDIT_LOG.insert().values(seq=seq, kind=kind, recorded_at=moment, payload=payload_json,
                                           prev_hash=prev, entry_hash=digest))
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
            yield AuditEntry(row.seq, row.kind, row.recorded_at.replace(tzinfo=dt.timezone.utc),
                             json.loads(row.payload), row.prev_hash, row.entry_hash)


def head(engine: Engine) -> tuple[int, str]:
    """(seq, hash) of the newest entry; (0, GENESIS) for an empty log. Keep it outside the register."""
    ensure_audit_table(engine)
    with engine.connect() as conn:
        row = conn.execute(select(AUDIT_LOG.c.seq, AUDIT_LOG.c.entry_hash)
                           .order_by(AUDIT_LOG.c.seq.desc()).limit(1)).first()
    return (row.seq, row.entry_hash) if row else (0, GENESIS)


def verify(engine: Engine, *, expect_head: str | None = None, expect_seq: int | None = None) -> Verification:
    """Walk the chain from the start: every hash recomputed, every link and sequence number checked.

    With ``expect_head`` (a hash kept elsewhere, e.g. from a certificate), also check that entry is still in
    the chain with the same hash (catches a cut-off or rewritten tail); ``expect_seq`` checks the length.
    """
    ensure_audit_table(engine)
    problems: list[str] = []
    prev_hash, expected_seq, count, seen_head = GENESIS, 1, 0, expect_head is None
    with engine.connect() as conn:
        for row in conn.execute(select(AUDIT_LOG).order_by(AUDIT_LOG.c.seq)):
            count += 1
            if row.seq != expected_seq:
                problems.append(f"entry {row.seq}: expected sequence number {expected_seq} "
                                f"({row.seq - expected_seq} entr{'y' if row.seq - expected_seq == 1 else 'ies'} "
                                "missing before it)" if row.seq > expected_seq else
                                f"entry {row.seq}: out of order (expected {expected_seq})")
            if row.prev_hash != prev_hash:
                problems.append(f"entry {row.seq}: does not link to the entry before it (removed or edited)")
            try:
                recomputed = entry_hash(row.prev_hash, row.seq, row.kind, row.recorded_at, row.payload)
            except (ValueError, TypeError):
                recomputed = None
            if recomputed != row.entry_hash:
                problems.append(f"entry {row.seq}: content does not match its hash (edited)")
            if expect_head is not None and row.entry_hash == expect_head:
                seen_head = True
            prev_hash, expected_seq = row.entry_hash, row.seq + 1
    if not seen_head:
        problems.append("the expected head hash is not in the chain (entries removed from the end, or rewritten)")
    last_seq = expected_seq - 1
    if expect_seq is not None and last_seq < expect_seq:
        problems.append(f"the chain ends at entry {last_seq}, expected at least {expect_seq} (entries removed)")
    return Verification(ok=not problems, entries=count, head_seq=last_seq, head_hash=prev_hash, problems=problems)
