"""Compatibility re-exports: the canonical model and the config loader now live in ``transforms.kernel``.

Kept while ``transforms.retention`` and ``transforms.text`` still import from here (they are being
reorganised in parallel); new code imports ``transforms.kernel.canonical`` and ``transforms.kernel.config``.
"""
from __future__ import annotations

from transforms.kernel.canonical import (CanonicalModel, CanonicalType, Column, Derivation, Entity, Role,
                                         load_model)
from transforms.kernel.config import (ConfigError, format_validation_error, raise_problems, read_yaml,
                                      validate_config)

__all__ = ["CanonicalModel", "CanonicalType", "Column", "ConfigError", "Derivation", "Entity", "Role",
           "format_validation_error", "load_model", "raise_problems", "read_yaml", "validate_config"]
