"""One way for tests to get staged practice data: generate both vendors' systems and extract them."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from transforms.sources.config import load_sources
from transforms.sources.extract import extract_source
from transforms.sources.vendors import write_system


def build_practice(root: Path, *, seed: int, patients: int, as_of: dt.date, upper: dt.datetime,
                   systems: tuple[str, ...] = ("exquise", "oase"), media: bool = False) -> Path:
    """SQLite systems under ``root``, extracted into ``root/data`` (returned); ``upper`` is the run's bound.

    The privacy register (extraction windows) is ``root/register.db``; ``media`` writes camera clip files
    under ``root/media/<system>``."""
    sources = {s.name: s for s in load_sources()}
    for name in systems:
        url = f"sqlite:///{root / (name + '.db')}"
        write_system(url, name, seed=seed, patients=patients, as_of=as_of,
                     media_dir=root / "media" / name if media else None)
        extract_source(sources[name], url, upper, data_root=root / "data",
                       register_url=f"sqlite:///{root / 'register.db'}")
    return root / "data"
