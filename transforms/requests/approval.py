"""The approval step's vocabulary, shared by the DAG file (parsed often: this module imports nothing) and
``transforms.requests.workflow``: a label per possible candidate, approve, reject, and the choice for free
text that may name someone else."""

from __future__ import annotations

LABELS = tuple("ABCDEF")  # at most this many candidates are shown; more: register with more identifiers
CANDIDATE = "Kandidaat "
APPROVE, REJECT = "Goedkeuren", "Afwijzen"
# the HITL options are fixed when the DAG is parsed, so they are labels, never anything about a person
OPTIONS = [*(CANDIDATE + label for label in LABELS), APPROVE, REJECT]
FLAGGED_CHOICES = ("include", "withhold")  # flagged texts: as written (WGBO, own file), or withheld
