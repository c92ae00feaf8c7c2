"""``requests run ID``: execute a registered request through the seam with locate and package.

Nothing runs before identity is verified (``store.refusals``): an unverified request, duplicate or not, is a
no-op with a message saying why. Otherwise the decrypted ``PersonQuery`` goes to
``transforms.requests.locate.locate`` (only its public name), and for access and portability requests the
result goes to ``transforms.requests.package.build_package``. Ambiguous or weak matches stop for a person to
decide: nothing is packaged from a guess.

The query is decrypted here, in the worker, and handed on in memory; it is never printed, logged or returned
(the DAG that may call this gets a request id in and counts out).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys

from sqlalchemy.engine import Engine

from transforms import settings
from transforms.kernel.timeutil import AMSTERDAM
from transforms.requests import store
from transforms.requests.letters import letters_folder, write_letter

log = logging.getLogger(__name__)

PACKAGED_TYPES = frozenset({"access", "portability"})


def run_request(engine: Engine, request_id: str, *, now: dt.datetime) -> int:
    """Locate the person of a verified request and build its package; the exit status (0: done or nothing to do
    yet, with the reason printed; 1: the locate/package build is missing).

    Written against the locate branch's API as of this commit: ``locate(query, *, sources, data_root,
    register_engine, key)`` and ``build_package(result, *, out_dir, kind, request_id, data_root)``."""
    record = store.get_request(engine, request_id)
    refusals = store.refusals(record)
    if refusals:
        for reason in refusals:
            print(f"not executed: {reason}")
        log.info("request %s not executed: %d reason(s)", request_id, len(refusals))
        return 0
    try:
        # the public names of the seam only (built in parallel: transforms/requests/locate.py, package.py)
        from transforms.requests.locate import LocateKeys, locate
    except ImportError:
        print("error: transforms.requests.locate is not part of this build yet; nothing was executed", file=sys.stderr)
        return 1
    from transforms.sources.config import load_sources

    query = store.person_query(engine, request_id)
    store.set_status(engine, request_id, "in_progress", now=now)
    data_root = settings.data_root()
    # live practice systems as the other commands find them (DCN_SOURCE_<NAME>_URL); a source without a URL is
    # reported by locate from staging, marked so
    sources = {s.name: os.environ[s.env_url_variable()] for s in load_sources() if os.environ.get(s.env_url_variable())}
    result = locate(query, sources=sources, data_root=data_root, register_engine=engine, key=LocateKeys.from_env())
    if result.needs_decision:
        print(
            f"{request_id}: {len(result.needs_decision)} candidate(s) fit only partly or more than one person "
            "fits; a person must decide before anything is packaged: trigger the DAG dcn_subject_request with "
            f'conf {{"request_id": "{request_id}"}} and decide in its approval step (Required actions)'
        )
        return 0
    if not result.matches:
        print(f"{request_id}: nobody found; answer with a letter (python -m transforms requests letter {request_id})")
        return 0
    kinds = [kind for kind in ("access", "portability") if kind in record.types]
    if not kinds:
        print(f"{request_id}: located; {'+'.join(record.types)} is carried out by part 2 of the request workflow")
        return 0
    try:
        from transforms.requests.package import build_package, register_package
    except ImportError:
        print(
            "error: transforms.requests.package is not part of this build yet; located, nothing packaged",
            file=sys.stderr,
        )
        return 1
    provided: list[str] = []
    for kind in kinds:
        package = build_package(
            result,
            out_dir=data_root / "requests" / "packages" / request_id / kind,
            kind=kind,
            request_id=request_id,
            data_root=data_root,
        )
        # personal data too: deleted by the retention engine 30 days after delivery (class request_packages)
        register_package(
            package, delivered_on=now.astimezone(AMSTERDAM).date(), request_id=request_id, data_root=data_root
        )
        # the password is for the officer's eyes once (a separate channel to the person); never logged
        print(f"{request_id}: {kind} package: {package.path}")
        print(f"  password (shown once; send it by another channel than the package): {package.password}")
        provided += [f"{entity}: {count} gegeven(s)" for entity, count in sorted(package.entity_counts.items())]
    letter = write_letter(
        store.get_request(engine, request_id),
        letters_folder(data_root),
        letter_date=now.astimezone(AMSTERDAM).date(),
        provided=provided,
        package_delivery="De gegevens ontvangt u als versleuteld ZIP-bestand; het wachtwoord "
        "krijgt u apart, via een ander kanaal.",
    )
    print(f"{request_id}: letter: {letter}")
    log.info("request %s: %d package(s) built", request_id, len(kinds))
    return 0
