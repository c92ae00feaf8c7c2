"""Retention engine: the policy made true in the practice systems, the archive and the pipeline's own copies.

Modules, in the order a run uses them:

- ``policy`` (the policy file, validated), ``expiry`` (pure date arithmetic), ``hashing`` (keyed hashed ids);
- ``staged`` (reading the canonical staging: current state, streamed, joined to a plan's items);
- ``holds`` (legal holds in the register, the automatic holds from the data, matching records, the hold lock);
- ``plan`` (candidates per class as of a date, stored with hashed ids only), ``approval`` (decisions, the run
  lease), ``lease`` (the lease's timing and holders);
- ``archive`` (encrypted, verified archive copies; crypto-erasure and expiry);
- ``disposal_map`` (where records live in a source, disposal order), ``live`` (reading and changing vendor
  tables), ``executor`` (one crash-safe batch), ``dispose`` (a plan's classes, entity by entity);
- ``verify`` (live re-query against the journal; tombstones after a restore), ``gate`` (the retention
  quality gate's inputs), ``purge`` (the staging and anonymised text follow the disposal), ``certificates``
  (certificates of destruction, ``certify_plan``);
- ``bulk`` and ``overlap`` (register bulk writes, background database work), ``cli`` and ``holds_cli``.

The register tables they use are declared in ``transforms.register.schema``.
"""
