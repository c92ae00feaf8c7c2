"""Dutch clinical text anonymisation: Presidio + DEDUCE + Dutch recognizers (see docs/text_anonymiser.md).

- ``engine``: :class:`~transforms.text.engine.TextAnonymiser` (one process), ``ParallelAnonymiser`` /
  ``anonymise_parallel`` (every core), ``anonymise_series`` (pandas). Heavy imports happen on first use.
- ``cli``: ``python -m transforms anonymise-text`` (JSON Lines in, JSON Lines out).

The note generator, the evaluation and its baselines are fixtures, not product: ``fixtures/text``
(``python -m fixtures eval-text``, ``make eval-text``).
"""
