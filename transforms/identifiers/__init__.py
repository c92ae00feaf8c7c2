"""Direct identifiers shared by every layer: checksums, notation normalisation, the finder, known names.

- ``checksums``: the BSN 11-proef and IBAN mod-97 (the project's only implementation);
- ``notation``: ``normalise(text)`` -> the normalised text plus offsets back into the original;
- ``direct``: ``find(text)`` -> BSN / IBAN / e-mail / phone / postcode+house number findings in any
  notation, on original offsets; used by the text engine, the second scan and the release gate;
- ``names``: ``KnownNames``, staged surnames and streets held as keyed hashes, for the release gate;
- ``dutch``: stand-in values that pass their checks (names, addresses, phones, IBANs, BSNs) for the text
  anonymiser's surrogates, also drawn on by the synthetic practice systems (``fixtures.practice``).

Nothing here imports Presidio, pandas or a ``transforms`` package other than ``transforms.lexicon`` (its
word lists), so the text and quality packages (and the fixtures) can all import it without a cycle.
"""
