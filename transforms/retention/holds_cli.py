"""Place, lift and list legal holds in the privacy register (a hold always wins over deletion).

Examples:
  python -m transforms holds place --scope person --source exquise --subject-kind patient --subject-key 161 \
      --reason claim --by "j.devries (FG)" --reference CASE-2026-014
  python -m transforms holds place --scope record --source oase --entity camera_recording --record-key CAM-77 \
      --reason incident --by beveiliging
  python -m transforms holds place --scope category --class camera_footage --reason incident --by politie-verzoek
  python -m transforms holds lift 5f0c...e2 --by "j.devries (FG)"
  python -m transforms holds list [--all] [--show-keys]

Subject and record keys are shown only as keyed hashes unless --show-keys is given.
"""

from __future__ import annotations

import argparse

from transforms.kernel.timeutil import utc_now


def configure(parser: argparse.ArgumentParser) -> None:
    """Add this command's options and actions to ``parser`` (``python -m transforms``)."""
    parser.add_argument("--register-url", help="privacy register URL (default: DCN_CONTROL_DB_URL)")
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    place = sub.add_parser("place", help="place a hold")
    place.add_argument("--scope", required=True, choices=["person", "record", "category"])
    place.add_argument(
        "--reason", required=True, choices=["complaint", "dispute", "incident", "claim", "restriction_request", "care"]
    )
    place.add_argument("--by", required=True, help="who places the hold (name or role)")
    place.add_argument("--source", help="source system (person and record holds; optional for category)")
    place.add_argument("--subject-kind", help="patient, employee or applicant (person holds)")
    place.add_argument("--subject-key", help="the subject's key in that source (person holds)")
    place.add_argument("--entity", help="canonical entity (record holds)")
    place.add_argument("--record-key", help="the record's key (record holds)")
    place.add_argument("--class", dest="class_id", help="retention class (category holds; limits a person hold)")
    place.add_argument("--reference", help="case number (no names)")
    lift = sub.add_parser("lift", help="lift a hold (it stays in the register as lifted)")
    lift.add_argument("hold_id")
    lift.add_argument("--by", required=True, help="who lifts the hold")
    listing = sub.add_parser("list", help="list holds in force")
    listing.add_argument("--all", action="store_true", help="include lifted holds")
    listing.add_argument("--show-keys", action="store_true", help="show subject and record keys in clear")


def _masked(value: str | None, source: str | None, kind: str | None, show: bool) -> str:
    if value is None:
        return "-"
    if show:
        return value
    from transforms.retention import hashing

    try:
        return "#" + hashing.hash_id(hashing.hash_key(), source or "", kind or "", value)[:12]
    except hashing.MissingKeyError:
        return "(hidden)"


def run(args: argparse.Namespace) -> int:
    """Run the parsed action; the exit code (2: refused, with the reason printed, no personal data)."""
    from transforms import register
    from transforms.kernel.canonical import load_model
    from transforms.retention import holds
    from transforms.retention.policy import load_policy

    engine = register.register_engine(args.register_url)
    now = utc_now()  # the moment of a person's action, recorded as such
    try:
        if args.action == "place":
            hold_id = holds.place_hold(
                engine,
                scope=args.scope,
                reason=args.reason,
                placed_by=args.by,
                placed_at=now,
                source_system=args.source,
                subject_kind=args.subject_kind,
                subject_key=args.subject_key,
                entity=args.entity,
                record_key=args.record_key,
                class_id=args.class_id,
                reference=args.reference,
                policy=load_policy(),
                model=load_model(),
            )
            print(hold_id)
        elif args.action == "lift":
            holds.lift_hold(engine, args.hold_id, lifted_by=args.by, lifted_at=now)
            print(f"lifted {args.hold_id}")
        else:
            rows = holds.list_holds(engine, include_lifted=args.all)
            print(
                f"{'hold_id':32}  {'scope':8} {'reason':19} {'source':10} {'what':36} {'placed_by':20} "
                f"{'placed_at (UTC)':19} lifted_at"
            )
            for h in rows:
                if h.scope == "person":
                    what = f"{h.subject_kind} {_masked(h.subject_key, h.source_system, h.subject_kind, args.show_keys)}"
                    what += f" in {h.class_id}" if h.class_id else ""
                elif h.scope == "record":
                    what = f"{h.entity} {_masked(h.record_key, h.source_system, h.entity, args.show_keys)}"
                else:
                    what = f"class {h.class_id}"
                print(
                    f"{h.hold_id:32}  {h.scope:8} {h.reason:19} {h.source_system or '*':10} {what:36} "
                    f"{h.placed_by[:20]:20} {h.placed_at:%Y-%m-%d %H:%M:%S} "
                    f"{h.lifted_at.strftime('%Y-%m-%d %H:%M:%S') if h.lifted_at else '-'}"
                )
            print(f"{len(rows)} hold(s)")
    except holds.HoldError as exc:
        print(f"error: {exc}")
        return 2
    return 0
