"""Register and follow requests from data subjects (access, erasure, ...): deadlines as the law counts them.

Examples:
  python -m transforms requests new --type access --received 2026-01-31 --bsn 123456782
  python -m transforms requests new --type erasure --type objection --received "2026-01-31T16:45" \
      --email jan@example.nl --identity-requested-on 2026-02-02
  python -m transforms requests new --type access --received 2026-03-02 --name "de Vries, Jan" \
      --date-of-birth 2014-05-01 --representative parent_guardian --evidence "DOC-2026-031"
  python -m transforms requests verify REQ-... --on 2026-02-10
  python -m transforms requests extend REQ-... --notified-on 2026-02-20 --reason "..."
  python -m transforms requests show REQ-... --json
  python -m transforms requests list [--due-within 7] [--csv]
  python -m transforms requests run REQ-...
  python -m transforms requests review REQ-...           # flagged texts, for the approval step
  python -m transforms requests password REQ-... --kind access   # a DAG-built package's password, once
  python -m transforms requests close REQ-... --outcome provided --on 2026-02-25
  python -m transforms requests letter REQ-... --provided "..."
  python -m transforms requests purposes REQ-... --purpose herinnering_sms --purpose onderzoek   # objection
  python -m transforms requests rectify REQ-... --set patient.email=jan@example.nl [--statement "..."]
  python -m transforms requests changes REQ-...          # a rectification's before and after (on the worker)
  python -m transforms requests lift REQ-... --told-on 2026-03-01 --by "j.devries (FG)"   # end a restriction

Restriction, objection, withdrawal and rectification are then planned, approved and carried out by the DAG
``dcn_request_changes`` (param ``request_id``), as an erasure is.

``new`` prints the new request's id alone on its last line. Identifiers are stored encrypted and never
printed, logged or repeated in an error (a wrong value is named by its field only). Bad input: one line on
stderr, exit status 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import types

from transforms.requests.deadlines import TYPES
from transforms.requests.intake import IntakeError

REPRESENTATIVES = ("parent_guardian", "mentor", "mandate")
OUTCOMES = ("provided", "partially_provided", "refused", "withdrawn", "no_data")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


class _QuietParser(argparse.ArgumentParser):
    """argparse repeats a bad value in its error ("invalid choice: '123456782'", "unrecognized arguments: ...");
    a BSN typed after the wrong flag would end up on screen and in logs. This one names the problem only."""

    def error(self, message: str) -> None:  # type: ignore[override]
        quiet_error(self, message)


def quiet_error(parser: argparse.ArgumentParser, message: str) -> None:
    """Print ``message`` without any value it quotes, and exit 2 (argparse's status for bad input)."""
    message = _QUOTED.sub("(value not shown)", message)
    if message.startswith("unrecognized arguments"):
        message = "unrecognized arguments (not shown); see --help"
    parser.print_usage(sys.stderr)
    parser.exit(2, f"{parser.prog}: error: {message}\n")


def configure(parser: argparse.ArgumentParser) -> None:
    """Add this command's actions and options to ``parser`` (``python -m transforms requests``)."""
    parser.error = types.MethodType(quiet_error, parser)  # the command's own parser: unknown options too
    parser.add_argument("--register-url", help="privacy register URL (default: DCN_CONTROL_DB_URL)")
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION", parser_class=_QuietParser)

    new = sub.add_parser("new", help="register a request (prints its id on the last line)")
    new.add_argument(
        "--type",
        dest="types",
        action="append",
        required=True,
        metavar="TYPE",
        help=f"request type, repeatable: {', '.join(TYPES)}",
    )
    new.add_argument(
        "--received",
        required=True,
        help="day of receipt (YYYY-MM-DD) or date and time (YYYY-MM-DDTHH:MM, Europe/Amsterdam)",
    )
    new.add_argument("--bsn")
    new.add_argument(
        "--patient-number",
        dest="patient_numbers",
        action="append",
        default=[],
        metavar="SOURCE:NUMBER",
        help="patient number in a practice system, e.g. exquise:10234 (repeatable)",
    )
    new.add_argument("--email")
    new.add_argument("--phone")
    new.add_argument("--name", help='as written: "Jan de Vries", "J. de Vries", "de Vries, Jan"')
    new.add_argument("--date-of-birth", metavar="YYYY-MM-DD")
    new.add_argument("--employee-number")
    new.add_argument("--applicant-number")
    new.add_argument("--representative", metavar="KIND", help=f"made by a representative: {', '.join(REPRESENTATIVES)}")
    new.add_argument("--evidence", metavar="REF", help="reference to the representative's evidence (stored encrypted)")
    new.add_argument("--notes", help="free text (stored encrypted, never shown in lists)")
    new.add_argument("--identity-requested-on", metavar="DATE", help="day proof of identity was asked for")
    new.add_argument("--identity-verified-on", metavar="DATE", help="day identity was verified")

    verify = sub.add_parser("verify", help="record the day identity was verified (recomputes the due date)")
    verify.add_argument("request_id")
    verify.add_argument("--on", required=True, metavar="DATE")

    ask = sub.add_parser("ask-identity", help="record the day proof of identity was asked for")
    ask.add_argument("request_id")
    ask.add_argument("--on", required=True, metavar="DATE")

    extend = sub.add_parser("extend", help="extend the period (notice to the person, with reasons)")
    extend.add_argument("request_id")
    extend.add_argument("--notified-on", required=True, metavar="DATE", help="date of the notice to the person")
    extend.add_argument("--reason", required=True, help="the reason given (stored encrypted)")

    show = sub.add_parser("show", help="one request (never its identifiers)")
    show.add_argument("request_id")
    show.add_argument("--json", action="store_true", help="as JSON")

    listing = sub.add_parser("list", help="requests by due date")
    listing.add_argument(
        "--due-within", type=int, metavar="DAYS", help="only open requests due within DAYS (and overdue)"
    )
    listing.add_argument("--as-of", metavar="DATE", help="the day the list is for (default: today in Amsterdam)")
    listing.add_argument("--csv", action="store_true", help="the CSV register (GDPR art. 5(2)), no identifiers")

    run = sub.add_parser("run", help="locate the person and prepare the answer (only once identity is verified)")
    run.add_argument("request_id")

    review = sub.add_parser("review", help="the flagged texts the approval step asks you to review (in full)")
    review.add_argument("request_id")

    password = sub.add_parser("password", help="the password of a package the DAG built (shown once)")
    password.add_argument("request_id")
    password.add_argument("--kind", default="access", choices=("access", "portability"))

    close = sub.add_parser("close", help="close a request with its outcome")
    close.add_argument("request_id")
    close.add_argument("--outcome", required=True, metavar="OUTCOME", help=", ".join(OUTCOMES))
    close.add_argument("--on", required=True, metavar="DATE")

    letter = sub.add_parser("letter", help="write the Dutch response letter")
    letter.add_argument("request_id")
    letter.add_argument("--provided", action="append", default=[], help="what was provided (repeatable)")
    letter.add_argument("--withheld", action="append", default=[], help="what was withheld and why (repeatable)")
    letter.add_argument("--date", metavar="DATE", help="the letter's date (default: today in Amsterdam)")
    letter.add_argument("--out", help="folder (default: <data root>/requests/letters)")

    purposes = sub.add_parser("purposes", help="the purposes an objection / consent withdrawal is about")
    purposes.add_argument("request_id")
    purposes.add_argument("--purpose", action="append", required=True, help="a purpose (repeatable)")
    purposes.add_argument("--by", required=True, help="who records it (the officer)")

    rectify = sub.add_parser("rectify", help="propose a rectification's change set (approved in dcn_request_changes)")
    rectify.add_argument("request_id")
    rectify.add_argument(
        "--set", action="append", default=[], metavar="ENTITY.COLUMN=VALUE", help="a corrected value (repeatable)"
    )
    rectify.add_argument("--statement", help="the patient's own statement, added to the dental file as a note")

    review_changes = sub.add_parser("changes", help="a rectification's change set, before and after (values)")
    review_changes.add_argument("request_id")

    lift = sub.add_parser("lift", help="lift a restriction (after telling the person, art. 18(3))")
    lift.add_argument("request_id")
    lift.add_argument("--told-on", required=True, metavar="DATE", help="the day the person was told")
    lift.add_argument("--by", required=True, help="who lifts it (the officer)")


class InputError(IntakeError):
    """Bad input on the command line; the message names the option, never the value."""


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{option}: expected a date YYYY-MM-DD") from None


def _today() -> dt.date:
    from transforms.kernel.timeutil import amsterdam_today

    return amsterdam_today()


def run(args: argparse.Namespace) -> int:
    """Run the parsed action; exit status 0, 2 for bad input or a refused change (one line on stderr)."""
    from transforms import register
    from transforms.requests import store
    from transforms.requests.changes import ChangeError
    from transforms.requests.consent import ConsentError
    from transforms.requests.crypto import RequestKeyError
    from transforms.requests.deadlines import DeadlineError
    from transforms.requests.identity import IdentityError
    from transforms.requests.rectification import RectificationError
    from transforms.requests.restriction import RestrictionError
    from transforms.requests.workflow import WorkflowError

    engine = register.register_engine(args.register_url)
    refused = (ChangeError, ConsentError, RectificationError, RestrictionError)
    try:
        return _ACTIONS[args.action](args, engine)
    except (
        IntakeError,
        IdentityError,
        DeadlineError,
        store.RequestError,
        RequestKeyError,
        WorkflowError,
        *refused,
    ) as exc:
        # these messages name fields, ids and dates by construction, never an identifier
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _now() -> dt.datetime:
    from transforms.kernel.timeutil import utc_now

    return utc_now()  # the moment the officer acts, recorded as such; no deadline is derived from it


def _new(args: argparse.Namespace, engine) -> int:
    # the same door as the console's intake form: one validation, one register path
    from transforms.requests.intake import FIELDS, register_from_values

    # the options of `requests new` are named as the intake's fields
    record = register_from_values(engine, **{field: getattr(args, field) for field in FIELDS}, now=_now())
    print(
        f"registered: {'+'.join(record.types)}, received {record.received_on}, due {record.due_on}"
        f"{' (clock stopped until identity is verified)' if record.paused else ''}, status {record.status}"
    )
    if record.duplicate_of:
        print(
            f"warning: possible duplicate of {record.duplicate_of} (same person and type); "
            "it is not executed before identity is verified"
        )
    print(record.request_id)
    return 0


def _verify(args: argparse.Namespace, engine) -> int:
    from transforms.requests import store

    record = store.verify_identity(engine, args.request_id, verified_on=_date(args.on, "--on"), now=_now())
    print(f"{record.request_id}: identity verified on {record.identity_verified_on}, due {record.due_on}")
    return 0


def _ask(args: argparse.Namespace, engine) -> int:
    from transforms.requests import store

    record = store.request_identity(engine, args.request_id, requested_on=_date(args.on, "--on"), now=_now())
    state = "clock stopped until verified" if record.paused else "asked after the first period: due date stands"
    print(f"{record.request_id}: identity requested on {record.identity_requested_on} ({state}), due {record.due_on}")
    return 0


def _extend(args: argparse.Namespace, engine) -> int:
    from transforms.requests import store

    outcome = store.extend(
        engine, args.request_id, notified_on=_date(args.notified_on, "--notified-on"), reason=args.reason, now=_now()
    )
    record = outcome.record
    if not outcome.granted:
        print(
            f"error: {record.request_id}: the notice of {args.notified_on.strip()} is after the first period's last "
            f"day ({record.first_due_on}); recorded, but the due date stands: {record.due_on}",
            file=sys.stderr,
        )
        return 1
    print(f"{record.request_id}: extended, due {record.due_on}")
    return 0


def _show(args: argparse.Namespace, engine) -> int:
    from transforms.requests import store

    record = store.get_request(engine, args.request_id)
    if args.json:
        print(json.dumps(record.as_dict(), indent=2, ensure_ascii=False))
    else:
        for key, value in record.as_dict().items():
            print(f"{key:22} {value if value is not None else '-'}")
    return 0


def _list(args: argparse.Namespace, engine) -> int:
    from transforms.requests import store
    from transforms.requests.deadlines import days_left
    from transforms.requests.letters import csv_register

    as_of = _date(args.as_of, "--as-of") or _today()
    if args.due_within is not None and args.due_within < 0:
        raise InputError("--due-within: expected a number of days, 0 or more")
    records = store.list_requests(engine, as_of=as_of, due_within=args.due_within)
    if args.csv:
        sys.stdout.write(csv_register(records))
        return 0
    print(f"{'id':16}  {'types':28} {'received':10}  {'due':10}  {'days':>5}  ext  {'status':18}")
    for r in records:
        left = "-" if r.status in store.FINAL_STATUSES else ("stil" if r.paused else str(days_left(r.due_on, as_of)))
        print(
            f"{r.request_id:16}  {'+'.join(r.types)[:28]:28} {r.received_on}  {r.due_on}  {left:>5}  "
            f"{'yes' if r.extended else 'no ':3}  {r.status:18}"
        )
    print(f"{len(records)} request(s), as of {as_of}")
    return 0


def _close(args: argparse.Namespace, engine) -> int:
    from transforms.requests import store

    if args.outcome not in OUTCOMES:
        raise InputError(f"--outcome: expected {', '.join(OUTCOMES)}")
    record = store.set_status(
        engine, args.request_id, "closed", now=_now(), outcome=args.outcome, closed_on=_date(args.on, "--on")
    )
    print(f"{record.request_id}: closed on {record.closed_on} ({record.outcome})")
    return 0


def _letter(args: argparse.Namespace, engine) -> int:
    from pathlib import Path

    from transforms.requests import store
    from transforms.requests.letters import letters_folder, write_letter

    record = store.get_request(engine, args.request_id)
    folder = Path(args.out) if args.out else letters_folder()
    path = write_letter(
        record,
        folder,
        letter_date=_date(args.date, "--date") or _today(),
        provided=args.provided,
        withheld=args.withheld,
    )
    print(path)
    return 0


def _run(args: argparse.Namespace, engine) -> int:
    from transforms.requests import runner

    return runner.run_request(engine, args.request_id, now=_now())


def _live_sources() -> dict[str, str]:
    import os

    from transforms.sources.config import load_sources

    # live practice systems as the other commands find them (DCN_SOURCE_<NAME>_URL); others: from staging
    return {s.name: os.environ[s.env_url_variable()] for s in load_sources() if os.environ.get(s.env_url_variable())}


def _review(args: argparse.Namespace, engine) -> int:
    from transforms.requests import workflow
    from transforms.requests.context import StepContext
    from transforms.requests.locate import LocateKeys

    ctx = StepContext(engine=engine, sources=_live_sources(), now=_now(), keys=LocateKeys.from_env())
    texts = workflow.flagged_texts(ctx, args.request_id)
    for item in texts:
        where = f"{item['candidate'] + ': ' if item['candidate'] else ''}{item['source_system']}.{item['entity']}"
        print(f"--- {where} #{item['key']} ({'; '.join(item['reasons'])})")
        print(item["text"] if item["text"] is not None else "(geen tekstveld)")
    print(f"{len(texts)} text(s) flagged for review")
    return 0


def _password(args: argparse.Namespace, engine) -> int:
    from transforms.requests import store, workflow

    store.get_request(engine, args.request_id)  # an unknown id: the register's own message
    print(workflow.reveal_password(args.request_id, args.kind))
    print("shown once: send it by another channel than the package", file=sys.stderr)
    return 0


def _purposes(args: argparse.Namespace, engine) -> int:
    from transforms.requests import changes

    chosen = changes.set_purposes(engine, args.request_id, args.purpose, set_by=args.by, now=_now())
    print(f"{args.request_id}: purposes {', '.join(chosen)}; plan and approve in dcn_request_changes")
    return 0


def _changes_of(values: list[str]):
    """``ENTITY.COLUMN=VALUE`` (``COLUMN=VALUE``: the patient) as changes, dates as dates (the model's types)."""
    from transforms.kernel.canonical import load_model
    from transforms.requests.rectification import Change

    model = load_model()
    out = []
    for item in values:
        target, sep, value = item.partition("=")
        entity, _, column = target.strip().rpartition(".")
        entity = entity or "patient"
        if not sep or entity not in model.entities or column not in model.entity(entity).columns:
            raise InputError("--set: expected ENTITY.COLUMN=VALUE with a column of the canonical model")
        if model.entity(entity).columns[column].type == "date":
            value = _date(value, f"--set {entity}.{column}")
        out.append(Change(column=column, value=value, entity=entity))
    return out


def _rectify(args: argparse.Namespace, engine) -> int:
    from transforms.requests import rectification
    from transforms.requests.context import StepContext

    ctx = StepContext(engine=engine, sources=_live_sources(), now=_now())
    statement = rectification.Statement(text=args.statement.strip(), written_at=ctx.now) if args.statement else None
    done = rectification.propose(ctx, args.request_id, changes=_changes_of(args.set), statement=statement)
    for key, n in done["counts"].items():
        print(f"{key}: {n}")
    for place in done["by_hand"]:
        print(f"by hand (the mapping cannot write it back): {place}")
    print(f"{args.request_id}: {done['changes']} change(s) proposed; plan and approve in dcn_request_changes")
    return 0


def _review_changes(args: argparse.Namespace, engine) -> int:
    from transforms.requests import rectification

    for line in rectification.review_lines(engine, args.request_id):
        print(line)
    return 0


def _lift(args: argparse.Namespace, engine) -> int:
    from transforms.requests import restriction

    done = restriction.lift_restriction(
        engine, args.request_id, told_on=_date(args.told_on, "--told-on"), lifted_by=args.by, now=_now()
    )
    print(f"{args.request_id}: restriction lifted ({done['lifted']} hold(s)); the person was told on {done['told_on']}")
    return 0


_ACTIONS = {
    "new": _new,
    "verify": _verify,
    "ask-identity": _ask,
    "extend": _extend,
    "show": _show,
    "list": _list,
    "run": _run,
    "review": _review,
    "password": _password,
    "close": _close,
    "letter": _letter,
    "purposes": _purposes,
    "rectify": _rectify,
    "changes": _review_changes,
    "lift": _lift,
}
