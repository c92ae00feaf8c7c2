"""Where the privacy console's pages are, for the code that links to them from outside the console (an approval
form written by a worker task). Light: no FastAPI, nothing from ``transforms`` (``privacy_page`` imports both,
and a worker has no business loading them to build a link)."""

from __future__ import annotations

URL_PREFIX = "/dcn-privacy"
CHANGE_SET_PAGE = "/requests/{request_id}/changes"  # the officer's before/after of a rectification


def change_set_link(request_id: str, base_url: str | None = None) -> str:
    """The console page of a request's change set: ``[api] base_url`` (when Airflow is served under a path or
    another host) + the console's prefix + the page, which carries the request id and nothing else."""
    if base_url is None:
        try:
            from airflow.sdk.configuration import conf

            base_url = conf.get("api", "base_url", fallback=None)
        except Exception:  # noqa: BLE001 - no Airflow configuration here: a link relative to the UI's host
            base_url = None
    return (base_url or "").rstrip("/") + URL_PREFIX + CHANGE_SET_PAGE.format(request_id=request_id)
