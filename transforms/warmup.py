"""Build the lookup structures the pipeline needs once per install (offline), so no task builds them.

Run by ``make install``; safe to run again. Capabilities register what they need to warm in WARMERS.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import time

log = logging.getLogger(__name__)

# "module:function" callables taking no arguments; each builds its cache under settings.cache_dir().
WARMERS: list[str] = [
    "transforms.text.deduce_backend:warm_up",  # DEDUCE lookup cache for the text anonymiser
]


def configure(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    for target in WARMERS:
        module_name, _, function = target.partition(":")
        started = time.monotonic()
        getattr(importlib.import_module(module_name), function)()
        log.info("warmed %s in %.1fs", target, time.monotonic() - started)
    return 0
