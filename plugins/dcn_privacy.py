"""Registers the privacy page (``dcn_airflow.privacy_page``) with Airflow: a FastAPI app under
``/dcn-privacy`` and a "Privacy" entry in the UI's navigation that shows it, plus a direct link to the
Great Expectations Data Docs."""

from __future__ import annotations

from airflow.plugins_manager import AirflowPlugin

from dcn_airflow.console_paths import URL_PREFIX
from dcn_airflow.privacy_page import app


class DcnPrivacyPlugin(AirflowPlugin):
    name = "dcn_privacy"
    fastapi_apps = [{"app": app, "url_prefix": URL_PREFIX, "name": "DCN privacy page"}]
    # href without a leading slash: relative to the UI's base URL (works behind a proxy)
    external_views = [
        {
            "name": "Privacy",
            "href": f"{URL_PREFIX.lstrip('/')}/",
            "destination": "nav",
            "url_route": "dcn-privacy",
            "category": "browse",
        },
        {
            "name": "Data Docs",
            "href": f"{URL_PREFIX.lstrip('/')}/data-docs/index.html",
            "destination": "nav",
            "url_route": "dcn-data-docs",
            "category": "browse",
        },
    ]
