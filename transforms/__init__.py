"""The privacy pipeline's library: everything runs without Airflow.

One package per capability (``sources`` for synthetic practice systems and extraction, ``text`` for
Dutch free-text anonymisation, ...). ``python -m transforms --help`` lists the command line.
"""
