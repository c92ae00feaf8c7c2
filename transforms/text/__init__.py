"""Dutch clinical text anonymisation: Presidio + DEDUCE + Dutch recognizers (see docs/text_anonymiser.md).

- ``engine``: :class:`~transforms.text.engine.TextAnonymiser` (one process), ``ParallelAnonymiser`` /
  ``anonymise_parallel`` (every core), ``anonymise_series`` (pandas). Heavy imports happen on first use.
- ``cli``: ``python -m transforms anonymise-text`` (JSON Lines in, JSON Lines out).
- ``corpus``: annotated synthetic Dutch notes (``write_text``), used by the generator and the evaluation.
- ``evaluation``: ``python -m transforms.text.evaluation score`` (``make eval-text``).
"""
