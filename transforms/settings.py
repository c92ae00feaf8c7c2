"""Where things live. Every path and URL comes from the environment, with local defaults.

| variable | default | what |
|---|---|---|
| ``DCN_DATA_ROOT`` | ``./var/data`` | staging, quarantine, outputs (contains personal data: protect it) |
| ``DCN_CACHE_DIR`` | ``./var/cache`` | built lookup structures (DEDUCE) |
| ``DCN_CONFIG_DIR`` | the repo's ``config/`` | source mappings, policies, dataset definitions |
| ``DCN_CONTROL_DB_URL`` | SQLite file in the data root | the privacy register: watermarks, holds, requests, audit |
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def data_root() -> Path:
    return Path(os.environ.get("DCN_DATA_ROOT") or Path.cwd() / "var" / "data").resolve()


def cache_dir() -> Path:
    return Path(os.environ.get("DCN_CACHE_DIR") or Path.cwd() / "var" / "cache").resolve()


def config_dir() -> Path:
    return Path(os.environ.get("DCN_CONFIG_DIR") or REPO_ROOT / "config").resolve()


def control_db_url() -> str:
    url = os.environ.get("DCN_CONTROL_DB_URL")
    if url:
        return url
    root = data_root()
    root.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{root / 'control.db'}"
