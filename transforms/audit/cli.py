"""Audit log: verify the hash chain (detects edited or removed entries), show its head, list entries.

Examples:
  python -m transforms audit verify [--expect-head HASH] [--expect-seq N]
  python -m transforms audit head
  python -m transforms audit show [--kind retention.plan] [--limit 20]

Exit code of verify: 0 intact, 1 broken (each problem is printed), 2 usage error.
"""
from __future__ import annotations

import argparse
import json


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--register-url", help="privacy register URL (default: DCN_CONTROL_DB_URL)")
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = sub.add_parser("verify", help="verify the whole chain")
    check.add_argument("--expect-head", help="a head hash kept elsewhere (certificate, ticket) that must be in the chain")
    check.add_argument("--expect-seq", type=int, help="the chain must be at least this long")
    sub.add_parser("head", help="print the newest entry's sequence number and hash")
    show = sub.add_parser("show", help="list entries (payloads hold counts and hashed ids only)")
    show.add_argument("--kind")
    show.add_argument("--limit", type=int, default=20, help="newest N entries")


def run(args: argparse.Namespace) -> int:
    from transforms import register
    from transforms.audit import chain

    engine = register.register_engine(args.register_url)
    if args.action == "verify":
        result = chain.verify(engine, expect_head=args.expect_head, expect_seq=args.expect_seq)
        if result.ok:
            print(f"audit chain intact: {result.entries} entries, head {result.head_seq} {result.head_hash}")
            return 0
        print(f"audit chain BROKEN: {len(result.problems)} problem(s) in {result.entries} entries")
        for problem in result.problems:
            print(f"  - {problem}")
        return 1
    if args.action == "head":
        seq, digest = chain.head(engine)
        print(f"{seq} {digest}")
        return 0
    rows = list(chain.entries(engine, kind=args.kind))[-args.limit:]
    for e in rows:
        print(f"{e.seq:>6} {e.recorded_at:%Y-%m-%d %H:%M:%S} {e.kind:24} {e.entry_hash[:16]} "
              f"{json.dumps(e.payload, sort_keys=True)[:200]}")
    return 0
