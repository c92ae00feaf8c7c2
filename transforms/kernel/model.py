"""The one strict pydantic base of every config and record schema."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """Unknown keys are errors (a typo must not be ignored silently) and loaded objects are immutable
    (config read once is shared by every task of a run, and cached)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
