"""The privacy console: what the privacy officer's page shows, derived from what HAPPENED (plan status, task
states, certificates written, gate outcomes, register rows), never from what was intended.

Typed functions that run without Airflow. The Airflow plugin (``plugins/dcn_airflow/privacy_page.py``) reads
the metadata DB into ``RunInfo`` values, calls ``build_console`` and renders the result; the forms' validation
(holds, subject-request intake) and the role mapping (``config/roles.yml``) live here too, so the server-side
checks are tested without a web server.
"""
