"""Audit: the append-only, hash-chained log in the privacy register (``transforms.audit.chain``)."""
