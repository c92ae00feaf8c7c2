"""What every step of a subject request runs against: one frozen :class:`StepContext`.

The steps that locate the person and act in the practice systems (``plan_*``, ``execute_*``, ``verify_*`` and
``answer`` of ``changes`` and ``erasure``; ``restriction.restrict``, ``consent.record_preferences``,
``rectification.propose`` / ``apply`` / ``not_shown``; ``locate.locate_request``) take the context and the
request id and nothing else that says *where* or *when*. The DAG glue (``dcn_airflow.request_changes``), the
CLI, the demo and the tests build it once, from their own Connections, environment or fixtures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

from transforms.kernel.timeutil import AMSTERDAM

if TYPE_CHECKING:  # the types only: locate imports this module
    from transforms.kernel.canonical import CanonicalModel
    from transforms.requests.locate import LocateKeys
    from transforms.retention.policy import RetentionPolicy


@dataclass(frozen=True)
class StepContext:
    """The register, the practice systems, the folders, the keys and the moment one request step runs with.

    ``engine``: the privacy register; ``sources``: practice system name -> its URL (or an engine, for locate);
    ``now``: the moment the step happens (audit entries, the plan's day; no deadline is derived from it);
    ``data_root``: the staging and outputs (None: ``settings.data_root()``); ``keys``: the secrets locate needs
    (None: from the environment); ``media_roots``: practice system -> the folder its files are in (erasure);
    ``archive_root``: the archive (None: its default); ``policy`` and ``model``: the retention policy and the
    canonical model (None: loaded from ``config/``)."""

    engine: Engine
    sources: Mapping[str, str]
    now: dt.datetime
    data_root: Path | None = None
    keys: LocateKeys | None = None
    media_roots: Mapping[str, Path] = field(default_factory=dict)
    archive_root: Path | None = None
    policy: RetentionPolicy | None = None
    model: CanonicalModel | None = None

    @property
    def day(self) -> dt.date:
        """The Amsterdam calendar day of ``now``."""
        return self.now.astimezone(AMSTERDAM).date()
