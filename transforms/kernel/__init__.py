"""The shared kernel: what every capability (sources, quality, text, retention, research, audit) builds on.

- ``config``    the one YAML loader for every config file, ``ConfigError`` (one line per problem, naming
                the file and the place), ``validate_config`` and ``raise_problems``
- ``model``     ``StrictModel``, the strict pydantic base of every schema
- ``canonical`` the canonical model (``config/canonical_model.yml``) and ``load_model``
- ``staging``   the staging layout and the current-state-of-an-entity query
- ``strictjson`` the ``json.loads`` hook that refuses an object naming a key twice
- ``timeutil``  UTC moments, Amsterdam calendar days, run keys, the one definition of "expired"

The kernel imports no capability (a test checks it), so any capability may import it without a cycle.
"""
