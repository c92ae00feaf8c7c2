"""First start of a deployment, after ``airflow db migrate`` (``docker/init.sh``, compose's ``airflow-init``):
the privacy register's tables, the FAB roles of ``docker/fab-roles.json`` and the first users.

``python -m dcn_airflow.bootstrap docker/fab-roles.json``. Users come from env ``DCN_INIT_USERS``, a JSON list
of ``[username, password, role]`` (compose: the admin from ``.env``); a user that exists is left alone, so
running it again is harmless. Creating the register's tables here, before any task runs, keeps parallel
first tasks on several workers from racing to create them.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main(roles_file: str) -> int:
    from dcn_airflow.roles import import_roles
    from transforms import register
    from transforms.register.schema import METADATA

    register.ensure_tables(register.register_engine(), *METADATA.sorted_tables)
    users = [tuple(u) for u in json.loads(os.environ.get("DCN_INIT_USERS") or "[]")]
    added = import_roles(Path(roles_file), users)
    print(f"register tables ready; roles from {roles_file}: {added} permission(s) added; {len(users)} user(s) checked")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
