"""``config/roles.yml``: the auth manager's role names mapped onto the console's roles, validated on load.

The console enforces these on the server (``plugins/dcn_airflow/roles.py`` asks Airflow's auth manager who is
logged in and calls ``dcn_role`` here): only a ``privacy_officer`` may use the writing forms.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from transforms import settings
from transforms.kernel.config import load_config
from transforms.kernel.model import StrictModel

FILE_NAME = "roles.yml"
DcnRole = Literal["privacy_officer", "data_engineer", "viewer"]
STRENGTH: dict[str, int] = {"viewer": 1, "data_engineer": 2, "privacy_officer": 3}
WRITERS = frozenset({"privacy_officer"})


class RolesConfig(StrictModel):
    """Auth-manager role name -> DCN role (names matched exactly: FAB's ``Admin`` is not the simple auth
    manager's ``admin``)."""

    roles: dict[str, DcnRole]


def load_roles(path: Path | str | None = None) -> RolesConfig:
    """Read and validate ``config/roles.yml`` (or ``path``); ``ConfigError`` names the file and line."""
    return load_config(RolesConfig, Path(path) if path else settings.config_dir() / FILE_NAME)


def dcn_role(auth_roles: Iterable[str], config: RolesConfig | None = None) -> DcnRole | None:
    """The strongest DCN role any of the user's auth-manager roles maps to; None: no access to the console."""
    mapping = (config or load_roles()).roles
    found = [mapping[name] for name in auth_roles if name in mapping]
    return max(found, key=STRENGTH.__getitem__) if found else None


def may_write(role: str | None) -> bool:
    """Whether this DCN role may use the writing forms (holds, subject-request intake)."""
    return role in WRITERS
