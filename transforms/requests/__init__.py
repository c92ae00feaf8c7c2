"""Requests from data subjects (GDPR art. 12-22, WGBO 7:455): intake, identity, legal deadlines, the register,
locating the person and answering.

- ``identity``  ``PersonQuery``: who a request is about, validated and normalised (the seam with ``locate``)
- ``deadlines`` the due dates as the law counts them (pure functions; stored, never re-derived)
- ``crypto``    AES-GCM for identifiers and notes at rest, key from the project's secrets
- ``store``     the request register (``requests``, ``request_identifiers``, ``request_events``)
- ``cli``       ``python -m transforms requests ...``
- ``daily``     the daily deadline check (requests due within 7 days, overdue) and its notifier
- ``letters``   the Dutch response letter and the CSV register (GDPR art. 5(2))
- ``locate`` / ``package`` find the person everywhere; access and portability packages
"""
