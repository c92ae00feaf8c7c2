"""``config/requests.yml``: the duplicate window and the daily task's horizon, validated by the kernel loader."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from transforms import settings
from transforms.kernel.config import load_config
from transforms.kernel.model import StrictModel

FILE_NAME = "requests.yml"


class RequestsConfig(StrictModel):
    """The settings of the request workflow (unknown keys are errors: a typo must not be ignored)."""

    duplicate_window_days: int = Field(365, ge=0, le=3650)
    due_soon_days: int = Field(7, ge=0, le=90)
    # an objection / consent withdrawal is about these purposes unless the officer records others
    # (``python -m transforms requests purposes REQ-... --purpose ...``)
    preference_purposes: tuple[Literal["herinnering_sms", "herinnering_email", "onderzoek", "nieuwsbrief"], ...] = (
        "herinnering_sms",
        "herinnering_email",
        "onderzoek",
        "nieuwsbrief",
    )


def load_requests_config(path: Path | str | None = None) -> RequestsConfig:
    """Read and validate ``config/requests.yml`` (or ``path``); ``ConfigError`` names the file and line."""
    return load_config(RequestsConfig, Path(path) if path else settings.config_dir() / FILE_NAME)
