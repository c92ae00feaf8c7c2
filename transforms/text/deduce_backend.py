"""DEDUCE, loaded once per process from a lookup cache the project controls.

DEDUCE 3 builds its lookup structures (≈770k street names, 245k institutions, name lists) into a
pickle on first use, which takes about a minute. ``make install`` runs :func:`warm_up` (listed in
``transforms.warmup.WARMERS``) so that the pickle lives under ``settings.cache_dir() / "deduce"``;
tasks then only load it (≈8 s, once per process). If the cache is missing the engine still works:
DEDUCE builds it (slowly, offline: its lists ship inside the wheel) and saves it there.
"""
from __future__ import annotations

import gc
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from transforms import settings

if TYPE_CHECKING:  # heavy import, only for type hints
    import deduce

log = logging.getLogger(__name__)

_lock = threading.Lock()
_instance: "deduce.Deduce | None" = None

# DEDUCE tag -> engine entity type. Tags not listed are dropped (the Dutch recognizers cover them).
TAG_TO_ENTITY: dict[str, str] = {
    "persoon": "PERSOON",
    "patient": "PERSOON",
    "locatie": "LOCATIE",
    "ziekenhuis": "INSTELLING",
    "zorginstelling": "INSTELLING",
    "instelling": "INSTELLING",
    "datum": "DATUM",
    "leeftijd": "LEEFTIJD",
    "bsn": "BSN",
    "id": "ID",
    "telefoonnummer": "TELEFOON",
    "email": "EMAIL",
    "emailadres": "EMAIL",
    "url": "URL",
}

# Processor groups our own validated recognizers replace: running them in DEDUCE too costs time
# and adds only unvalidated duplicates. The redactor is not needed: Presidio anonymises. Adjacent
# annotations stay apart so "1213 AB Hilversum" is a postcode and a place, not one location.
# Postcodes and PO boxes are plain patterns the Dutch recognizers match too. DEDUCE's dates and ages
# stay on: a second, independent detector for them (with its pseudo-patterns for durations).
ENGINE_DISABLED_GROUPS = frozenset({"identifiers", "phone_numbers", "email_addresses", "urls", "redactor",
                                    "merge_adjacent_annotations", "postal_code", "postbus"})


def cache_path() -> Path:
    """Folder DEDUCE reads its lookup cache from (``<cache>/deduce/cache/lookup_structs.pickle``)."""
    return settings.cache_dir() / "deduce"


def cache_exists() -> bool:
    return (cache_path() / "cache" / "lookup_structs.pickle").is_file()


def load() -> "deduce.Deduce":
    """The process-wide DEDUCE instance (built on first call, thread-safe)."""
    global _instance
    if _instance is None:
        with _lock:
            if _instance is None:
                import deduce  # heavy: loads lookup structures

                path = cache_path()
                path.mkdir(parents=True, exist_ok=True)
                if not cache_exists():
                    log.warning("DEDUCE lookup cache missing in %s; building it now (about a minute)", path)
                _instance = deduce.Deduce(cache_path=path)
                # Millions of long-lived lookup objects: keep them out of the cyclic GC (its full passes
                # would walk them all, and in forked workers would copy every page they touch).
                gc.collect()
                gc.freeze()
    return _instance


def warm_up() -> None:
    """Build the DEDUCE lookup cache into the project cache folder (run once per install)."""
    if cache_exists():
        log.info("DEDUCE lookup cache present in %s", cache_path())
        return
    load()
