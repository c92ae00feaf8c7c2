"""The pipeline's roles in the FAB auth manager, from the data file ``docker/fab-roles.json``.

``dcn_airflow.bootstrap`` (``docker/init.sh``, compose's ``airflow-init``) creates the roles and adds every listed permission, in one application context: ``airflow roles
import`` does the same but opens one per permission (minutes), and skips a role that already exists, so a
permission added to the file later would never reach it. Running this again adds what is missing and
removes nothing. The file's format is the one ``airflow roles export`` writes: entries of ``name`` (role),
``resource`` and comma-separated ``action``.

Roles (FAB names; what they map to in DCN is ``config/roles.yml``): ``Viewer`` (FAB's own: reads DAGs, runs,
logs, required actions), ``DataEngineer`` (runs and repairs the pipeline: trigger, clear, pools,
connections, variables; cannot answer an approval) and ``PrivacyOfficer`` (reads everything a viewer does,
answers the retention approval under Required actions, places holds on the privacy console, reads the
audit log; it may edit DAGs, because FAB lets only a DAG's editors answer its approval). ``Admin`` stays FAB's own.
"""

from __future__ import annotations

import json
from pathlib import Path


def load(path: Path) -> dict[str, set[tuple[str, str]]]:
    """Role name -> {(action, resource)} from the data file."""
    roles: dict[str, set[tuple[str, str]]] = {}
    for entry in json.loads(Path(path).read_text(encoding="utf-8")):
        actions = [a for a in entry.get("action", "").split(",") if a]
        roles.setdefault(entry["name"], set()).update((a, entry["resource"]) for a in actions)
    return roles


def apply(roles: dict[str, set[tuple[str, str]]], appbuilder) -> int:
    """Create the roles and add their permissions with FAB's security manager; returns permissions added."""
    sm = appbuilder.sm
    added = 0
    for name, permissions in roles.items():
        role = sm.find_role(name) or sm.add_role(name)
        have = {(p.action.name, p.resource.name) for p in role.permissions}
        for action, resource in sorted(permissions - have):
            sm.add_permission_to_role(role, sm.create_permission(action, resource))
            added += 1
    return added


def import_roles(path: Path, users: list[tuple[str, str, str]] = ()) -> int:
    """Apply the roles file, then create ``(username, password, role)`` users that do not exist yet."""
    from airflow.providers.fab.auth_manager.cli_commands.utils import get_application_builder

    with get_application_builder() as appbuilder:
        added = apply(load(path), appbuilder)
        for username, password, role in users:
            if not appbuilder.sm.find_user(username=username):
                appbuilder.sm.add_user(
                    username, username, "(dcn)", f"{username}@example.invalid", appbuilder.sm.find_role(role), password
                )
    return added
