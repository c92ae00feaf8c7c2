"""Audit log: verify the keyed hash chain and its anchors, show its head, seal an old chain, list entries.

Examples:
  python -m transforms audit verify [--expect-head HASH] [--expect-seq N] [--no-anchors]
  python -m transforms audit head
  python -m transforms audit seal        # once, for a chain written before the audit key (see docs/retention.md)
  python -m transforms audit show [--kind retention.plan] [--limit 20]

verify checks every entry's HMAC (key: env DCN_AUDIT_KEY, else DCN_AUDIT_KEY_FILE, else
<data root>/../secrets/audit.key), every link and sequence number, and every anchor (the "Audit entry"/"Audit
head" lines of the certificates under <data root>/retention/certificates). An empty log is not intact.
Exit code of verify: 0 intact, 1 broken (each problem is printed), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--register-url", help="privacy register URL (default: DCN_CONTROL_DB_URL)")
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = sub.add_parser("verify", help="verify the whole chain and the certificates' anchors")
    check.add_argument(
        "--expect-head", help="a head hash kept elsewhere (certificate, ticket) that must be in the chain"
    )
    check.add_argument("--expect-seq", type=int, help="the chain must be at least this long")
    check.add_argument("--data-root", type=Path, help="where the certificates are (default: DCN_DATA_ROOT)")
    check.add_argument("--no-anchors", action="store_true", help="do not check the certificates' anchors")
    sub.add_parser("head", help="print the newest entry's sequence number and hash")
    sub.add_parser("seal", help="seal a chain written before the audit key with a keyed entry (once)")
    show = sub.add_parser("show", help="list entries (payloads hold counts and hashed ids only)")
    show.add_argument("--kind")
    show.add_argument("--limit", type=int, default=20, help="newest N entries")


def run(args: argparse.Namespace) -> int:
    from transforms import register
    from transforms.audit import chain

    engine = register.register_engine(args.register_url)
    if args.action == "verify":
        result = chain.verify(
            engine,
            expect_head=args.expect_head,
            expect_seq=args.expect_seq,
            anchors=() if args.no_anchors else None,
            data_root=args.data_root,
        )
        if result.ok:
            print(
                f"audit chain intact: {result.entries} entries, head {result.head_seq} {result.head_hash}, "
                f"{result.anchors} anchor(s) checked"
            )
            return 0
        print(f"audit chain BROKEN: {len(result.problems)} problem(s) in {result.entries} entries")
        for problem in result.problems:
            print(f"  - {problem}")
        return 1
    if args.action == "head":
        seq, digest = chain.head(engine)
        print(f"{seq} {digest}")
        return 0
    if args.action == "seal":
        entry = chain.seal(engine)
        if entry is None:
            result = chain.verify(engine, anchors=())
            if result.ok:
                print("audit chain is keyed already: nothing to seal")
                return 0
            print("audit chain not sealed: it has other problems (run audit verify)")
            return 1
        print(f"sealed {entry.payload['legacy_entries']} unkeyed entries with entry {entry.seq} {entry.entry_hash}")
        return 0
    rows = list(chain.entries(engine, kind=args.kind))[-args.limit :]
    for e in rows:
        print(
            f"{e.seq:>6} {e.recorded_at:%Y-%m-%d %H:%M:%S} {e.kind:24} {e.entry_hash[:16]} "
            f"{json.dumps(e.payload, sort_keys=True)[:200]}"
        )
    return 0
