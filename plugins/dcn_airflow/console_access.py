"""Who is logged in, and with which DCN role: the privacy console's server-side access check (the FAB roles
themselves are created by ``dcn_airflow.roles``).

Airflow's auth manager says who the user is (the same session cookie or bearer token as the UI:
``airflow.api_fastapi.core_api.security.get_user`` refuses anonymous requests with 401); ``config/roles.yml``
maps the auth manager's role names onto ``privacy_officer``, ``data_engineer`` and ``viewer``
(``transforms.console.roles``). A logged-in user whose roles map to nothing gets 403.
"""

from __future__ import annotations

from typing import Annotated, Any

from airflow.api_fastapi.core_api.security import GetUserDep
from fastapi import Depends, HTTPException


def auth_roles(user: Any) -> list[str]:
    """The auth manager's role names of a user: ``role`` (simple auth manager) or ``roles`` (FAB, Keycloak:
    names or objects with a ``name``)."""
    names: list[str] = []
    role = getattr(user, "role", None)
    if isinstance(role, str):
        names.append(role)
    for item in getattr(user, "roles", None) or []:
        name = item if isinstance(item, str) else getattr(item, "name", None)
        if isinstance(name, str):
            names.append(name)
    return names


class Viewer:
    """The logged-in user as the console sees them: name and DCN role."""

    def __init__(self, name: str, role: str):
        self.name = name
        self.role = role

    @property
    def may_write(self) -> bool:
        from transforms.console.roles import may_write

        return may_write(self.role)


def dcn_role(user: GetUserDep) -> Viewer:
    """FastAPI dependency: the user's DCN role; 403 when their roles map to none."""
    from transforms.console.roles import dcn_role as role_of

    role = role_of(auth_roles(user))
    if role is None:
        raise HTTPException(status_code=403, detail="your Airflow role has no access to the privacy console")
    return Viewer(user.get_name(), role)


def privacy_officer(viewer: Annotated[Viewer, Depends(dcn_role)]) -> Viewer:
    """FastAPI dependency for the writing forms: 403 unless the user is a privacy officer."""
    if not viewer.may_write:
        raise HTTPException(status_code=403, detail="only a privacy officer may use this form")
    return viewer


ConsoleUser = Annotated[Viewer, Depends(dcn_role)]
OfficerUser = Annotated[Viewer, Depends(privacy_officer)]
