"""Retention engine: policy, expiry dates, legal holds and the dry-run plan (archive and dispose come later).

Modules: ``policy`` (the policy file, validated), ``expiry`` (pure date arithmetic), ``holds`` (legal holds in
the privacy register), ``plan`` (candidates per class as of a date, stored with hashed ids only).
"""
