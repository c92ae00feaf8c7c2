"""
### Legal holds: place or lift one from the trigger form

A legal hold (complaint, dispute, incident, claim, restriction request, care) always wins over deletion:
the retention DAG re-checks holds inside the same transaction as every delete. Trigger this DAG with
**Trigger DAG w/ config** and fill in the form:

- **place**: choose the scope and give what it needs: *person* (source system, subject kind, subject key),
  *record* (source system, entity, record key) or *category* (retention class, optionally one source);
- **lift**: give the hold id (see `python -m transforms holds list`).

The person who triggers the run is recorded as who placed or lifted the hold. Open complaints, camera
incidents and labour disputes are held automatically; this form is for everything else.
The same from the command line: `python -m transforms holds place|lift|list`.

**Who can see what you type.** The form's values become the run's configuration, which Airflow shows to every
user allowed to read this DAG's runs. Give the practice system's internal key (a number), never a name, BSN or
e-mail address (those are refused). In production, only the privacy officers may read and trigger this DAG:
grant DAG-level read/trigger on `dcn_holds` to their role in an auth manager with per-DAG permissions (FAB,
as in `docker-compose.yml`: the `PrivacyOfficer` role of `docker/fab-roles.json`, and per-DAG `DAG:<dag_id>`
permissions instead of `DAGs` for the other roles, see `docs/operations.md`; Keycloak: a resource policy on the
DAG). The simple auth manager (the demo) lets every user read every run: there, place person and record holds
with the command line on the worker instead.
"""

from __future__ import annotations

from airflow.sdk import Param, dag, get_current_context, task

from dcn_airflow import DAG_DEFAULTS, tags

# Kept equal to transforms.retention.holds (a test checks): importing it here would slow parsing.
SCOPES = ["person", "record", "category"]
REASONS = ["complaint", "dispute", "incident", "claim", "restriction_request", "care"]


def _text(title: str, description: str) -> Param:
    return Param(None, type=["null", "string"], title=title, description=description)


@dag(
    dag_id="dcn_holds",
    dag_display_name="Legal holds: place or lift",
    description="Place or lift a legal hold on a person, a record or a retention class",
    schedule=None,
    **DAG_DEFAULTS,
    tags=tags("retention", "holds"),
    doc_md=__doc__,
    params={
        "action": Param("place", enum=["place", "lift"], title="Action"),
        "scope": Param("person", enum=SCOPES, title="Scope", description="What the hold covers"),
        "reason": Param("complaint", enum=REASONS, title="Reason"),
        "source_system": _text("Source system", "e.g. exquise or oase (person and record holds)"),
        "subject_kind": _text("Subject kind", "patient, employee, applicant, ... (person holds)"),
        "subject_key": _text(
            "Subject key",
            "the person's internal key in that source system (person holds); "
            "never a name, BSN or e-mail: run settings are visible to DAG readers",
        ),
        "entity": _text("Entity", "canonical entity of the record (record holds)"),
        "record_key": _text("Record key", "the record's key (record holds)"),
        "class_id": _text("Retention class", "category holds; optional on person holds"),
        "reference": _text("Reference", "case or complaint number, no personal data"),
        "hold_id": _text("Hold id", "the hold to lift"),
    },
)
def dcn_holds():
    @task(retries=0)
    def apply() -> dict:
        """Place or lift the hold; returns the hold id only."""
        from dcn_airflow.holds import apply_hold_form

        context = get_current_context()
        return apply_hold_form(dict(context["params"]), context["dag_run"])

    apply()


dcn_holds()
