"""Registers the nightly chain's deadline reference (``dcn_airflow.deadline.NightEndDeadline``) with Airflow:
the scheduler can rebuild a custom deadline reference only when a plugin names it."""

from __future__ import annotations

from airflow.plugins_manager import AirflowPlugin

from dcn_airflow.deadline import NightEndDeadline


class DcnAlertsPlugin(AirflowPlugin):
    name = "dcn_alerts"
    deadline_references = [NightEndDeadline]
