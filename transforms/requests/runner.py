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
import sys

from sqlalchemy.engine import Engine

from transforms import settings
from transforms.requests import store

log = logging.getLogger(__name__)

PACKAGED_TYPES = frozenset({"access", "portability"})


def run_request(engine: Engine, request_id: str, *, now: dt.datetime) -> int:
    """Locate the person of a verified request and build its package; the exit status (0: done or nothing to do
    yet, with the reason printed; 1: the locate/package build is missing)."""
    record = store.get_request(engine, request_id)
    refusals = store.refusals(record)
    if refusals:
        for reason in refusals:
            print(f"not executed: {reason}")
        log.info("request %s not executed: %d reason(s)", request_id, len(refusals))
        return 0
    try:
        # the public names of the seam only (built in parallel: transforms/requests/locate.py, package.py)
        from transforms.requests.locate import locate
    except ImportError:
        print("error: transforms.requests.locate is not part of this build yet; nothing was executed", file=sys.stderr)
        return 1
    from transforms.sources.config import load_sources

    query = store.person_query(engine, request_id)
    store.set_status(engine, request_id, "in_progress", now=now)
    result = locate(query, sources=load_sources(), data_root=settings.data_root(), engine=engine)
    # LocateResult's exact fields belong to locate.py; read the decision flag defensively until it is merged
    undecided = getattr(result, "needs_decision", None) or getattr(result, "ambiguous", None)
    if undecided:
        print(f"{request_id}: the person could not be located with certainty; a person must decide "
              f"({len(undecided) if hasattr(undecided, '__len__') else 'some'} candidate(s)) before anything "
              "is packaged")
        return 0
    if PACKAGED_TYPES & set(record.types):
        try:
            from transforms.requests.package import build_package
        except ImportError:
            print("error: transforms.requests.package is not part of this build yet; located, nothing packaged",
                  file=sys.stderr)
            return 1
        package = build_package(result, request_id=request_id, types=record.types, data_root=settings.data_root(),
                                engine=engine, now=now)
        print(f"{request_id}: package ready: {getattr(package, 'path', package)}")
    else:
        print(f"{request_id}: located; {'+'.join(record.types)} is carried out by part 2 of the request workflow")
    return 0
