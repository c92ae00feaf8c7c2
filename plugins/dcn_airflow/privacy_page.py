"""The privacy console in the Airflow UI: rendering and glue only.

A FastAPI app mounted by the Airflow API server (``plugins/dcn_privacy.py``) under ``/dcn-privacy``; the
"Privacy" entry in the navigation shows it inside the Airflow UI. Every route needs an Airflow login (the same
session cookie or bearer token as the UI) AND a DCN role from ``config/roles.yml`` (``dcn_airflow.roles``); the
writing forms (holds, subject-request intake) need the privacy officer's role, checked here on the server, and
a CSRF token bound to the user; so does the one page that shows personal data: a rectification's change set,
before and after, which the request's approval form links to by request id. What the page shows is derived in ``transforms.console`` from what happened; this
module reads Airflow's run and task states for it and turns the result into HTML and inline SVG.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import html
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from dcn_airflow.console_access import ConsoleUser, OfficerUser, Viewer
from dcn_airflow.console_paths import CHANGE_SET_PAGE

RESEARCH_FILES = ("risk_report.json", "data_dictionary.md", "data_dictionary.json")
esc = html.escape

app = FastAPI(title="DCN privacy console", docs_url=None, redoc_url=None, openapi_url=None)


# --- files ---------------------------------------------------------------------------------------------------


def _data_docs_root() -> Path:
    from transforms import settings

    return settings.data_root() / "quality" / "gx" / "uncommitted" / "data_docs" / "local_site"


def _inside(root: Path, relative: str) -> Path:
    """``root/relative`` if that is a file inside ``root`` (no ``..`` escape), else 404.

    A path the file system cannot even look up (a NUL byte, a name or path too long, a symlink loop,
    undecodable bytes) is just as absent: 404, never a 500 with a traceback in the log."""
    if "\x00" in relative:
        raise HTTPException(status_code=404, detail="not found")
    try:
        target = (root / relative).resolve()
        found = target.is_relative_to(root.resolve()) and target.is_file()
    except (OSError, ValueError, RuntimeError):  # ENAMETOOLONG, embedded NUL, symlink loop, surrogates
        found = False
    if not found:
        raise HTTPException(status_code=404, detail="not found")
    return target


@app.get("/data-docs/{path:path}")
def data_docs(path: str, _: ConsoleUser) -> Response:
    """A Data Docs file; HTML pages with their CDN tags replaced by local files (``data_docs``), so the
    index and the validation pages work on a closed network."""
    from dcn_airflow import data_docs as offline

    folder, _slash, name = path.partition("/")
    if folder == offline.OFFLINE_FOLDER:
        found = offline.offline_file(name)
        if found is None:
            raise HTTPException(status_code=404, detail="not found")
        return FileResponse(found[0], media_type=found[1])
    relative = path or "index.html"
    target = _inside(_data_docs_root(), relative)
    if target.suffix.lower() == ".html":
        return HTMLResponse(offline.offline_html(target.read_text(encoding="utf-8"), relative))
    if target.suffix.lower() == ".css":
        return Response(offline.offline_css(target.read_text(encoding="utf-8")), media_type="text/css")
    return FileResponse(target)


@app.get("/research/{dataset}/dictionary", response_class=HTMLResponse)
def research_dictionary(dataset: str, _: ConsoleUser) -> str:
    """The release's data dictionary (Markdown) rendered as HTML; raw HTML in it is escaped, not rendered."""
    from markdown_it import MarkdownIt

    release = _release(dataset)
    text = _inside(release, "data_dictionary.md").read_text(encoding="utf-8")
    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(text)
    return _page(f"Data dictionary: {dataset}", f"<p><a href='../../'>← privacy console</a></p>{body}")


@app.get("/research/{dataset}/{name}")
def research_file(dataset: str, name: str, _: ConsoleUser) -> FileResponse:
    if name not in RESEARCH_FILES:
        raise HTTPException(status_code=404, detail="not found")
    return FileResponse(_inside(_release(dataset), name))


def _release(dataset: str) -> Path:
    from transforms.research import current_release, load_datasets

    if dataset not in load_datasets():
        raise HTTPException(status_code=404, detail="not found")
    release = current_release(dataset)
    if release is None:
        raise HTTPException(status_code=404, detail="no current release")
    return release


@app.get("/certificates/{plan_id}/{class_id}.txt")
def certificate_text(plan_id: str, class_id: str, _: ConsoleUser) -> FileResponse:
    from transforms.retention.certificates import certificate_folder

    return FileResponse(_inside(certificate_folder(plan_id).parent, f"{plan_id}/{class_id}.txt"))


@app.get("/certificates/{plan_id}/{class_id}", response_class=HTMLResponse)
def certificate(plan_id: str, class_id: str, _: ConsoleUser) -> str:
    """A certificate of destruction as a readable page (the text file stays the evidence; this renders it)."""
    from transforms.console import fmt
    from transforms.console.retention import ACTIONS, class_name
    from transforms.retention.certificates import certificate_folder
    from transforms.retention.policy import load_policy

    if not plan_id.replace("_", "").replace("-", "").replace(":", "").replace("+", "").replace(".", "").isalnum():
        raise HTTPException(status_code=404, detail="not found")
    folder = certificate_folder(plan_id)
    path = _inside(folder.parent, f"{plan_id}/{class_id}.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    rows, counts = [], []
    for line in lines[1:]:
        label, sep, value = line.partition(" : ")
        if sep and not line.startswith("  "):
            value = value.strip().replace("policy:auto", "the policy (routine class)")
            rows.append(f"<tr><th>{esc(label.strip())}</th><td>{esc(value)}</td></tr>")
        elif line.strip():
            where, _, what = line.strip().partition(" ")
            source, _, entity = where.partition(".")
            said = []
            for part in what.strip().split(", "):  # "destroy:done 142" -> "142 destroyed"
                kind, _, n = part.rpartition(" ")
                action, _, status = kind.partition(":")
                word = ACTIONS.get(action, action) + ("" if status == "done" else f" ({status})")
                said.append(f"{fmt.number(int(n)) if n.isdigit() else n} {word}")
            counts.append(
                f"<tr><td>{esc(source)}</td><td>{esc(fmt.sentence(entity))}</td><td>{esc(', '.join(said))}</td></tr>"
            )
    name = class_name(class_id, load_policy())
    body = (
        "<p><a href='../../'>← privacy console</a> · "
        f"<a href='{esc(class_id)}.txt' download>the certificate as text (the evidence)</a></p>"
        f"<h1>Certificate of destruction: {esc(name)}</h1>"
        f"<table class='kv'>{''.join(rows)}</table>"
        + (
            "<h2>Per practice system and entity</h2><table><thead><tr><th>practice system</th><th>entity</th>"
            "<th>done</th></tr></thead>"
            f"<tbody>{''.join(counts)}</tbody></table>"
            if counts
            else ""
        )
    )
    return _page(f"Certificate: {name}", body)


# --- Airflow's side: run and task states -------------------------------------------------------------------


def airflow_runs(limit: int = 40) -> list:
    """The pipeline DAGs' newest runs with their task states, and, for a retention run whose approval gate
    waits, since when it waits. States and times only: no conf, no XCom."""
    from airflow.models.dagrun import DagRun
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.session import create_session
    from sqlalchemy import select

    from transforms.console.retention import RunInfo
    from transforms.console.view import PIPELINE_DAGS

    runs = []
    with create_session() as session:
        for dag_id in PIPELINE_DAGS:
            dag_runs = session.scalars(
                select(DagRun).where(DagRun.dag_id == dag_id).order_by(DagRun.run_after.desc()).limit(limit)
            ).all()
            if not dag_runs:
                continue
            ids = [r.run_id for r in dag_runs]
            tis = session.execute(
                select(
                    TaskInstance.run_id,
                    TaskInstance.task_id,
                    TaskInstance.state,
                    TaskInstance.start_date,
                    TaskInstance.id,
                ).where(TaskInstance.dag_id == dag_id, TaskInstance.run_id.in_(ids), TaskInstance.map_index == -1)
            ).all()
            per_run: dict[str, dict[str, str]] = {}
            waiting: dict[str, dt.datetime] = {}
            for run_id, task_id, state, started, ti_id in tis:
                per_run.setdefault(run_id, {})[task_id] = str(state or "none")
                if task_id == "approve" and str(state) == "deferred":
                    waiting[run_id] = _hitl_since(session, ti_id) or started
            for r in dag_runs:
                runs.append(
                    RunInfo(
                        dag_id=dag_id,
                        run_id=r.run_id,
                        state=str(r.state),
                        start=r.start_date or r.run_after,
                        end=r.end_date,
                        tasks=per_run.get(r.run_id, {}),
                        approval_since=waiting.get(r.run_id),
                        night=r.logical_date or r.run_after,
                    )
                )
    return sorted(runs, key=lambda r: r.start or dt.datetime.min.replace(tzinfo=dt.timezone.utc), reverse=True)


def _hitl_since(session, ti_id) -> dt.datetime | None:
    """When the approval request was made (Airflow's HITL record), if it is still unanswered."""
    try:
        from airflow.models.hitl import HITLDetail
        from sqlalchemy import select

        row = session.execute(
            select(HITLDetail.created_at, HITLDetail.responded_at).where(HITLDetail.ti_id == ti_id)
        ).first()
    except Exception:  # noqa: BLE001 - an Airflow without HITL records: the task's start date will do
        return None
    return row.created_at if row is not None and row.responded_at is None else None


# --- the console page -----------------------------------------------------------------------------------------


@app.get("/", response_class=HTMLResponse)
def console_page(viewer: ConsoleUser) -> str:
    from transforms.console.view import build_console
    from transforms.kernel.timeutil import utc_now

    console = build_console(airflow_runs(), now=utc_now(), show_keys=viewer.may_write)
    return render(console, viewer)


def render(console, viewer: Viewer) -> str:
    """The console as HTML (every section has an id the browser test and the guide refer to)."""
    from transforms.console import fmt

    nav = "".join(
        f"<a href='#{key}'>{label}</a>"
        for key, label in (
            ("tonight", "Tonight"),
            ("retention", "Retention"),
            ("expiries", "Expiries"),
            ("approvals", "Approvals"),
            ("holds", "Holds"),
            ("research", "Research"),
            ("requests", "Subject requests"),
            ("quality", "Source quality"),
        )
    )
    who = (
        f"<p class='who'>Logged in as <b>{esc(viewer.name)}</b> ({esc(fmt.words(viewer.role))}) · "
        f"as of {esc(fmt.datetime(console.now))} (Amsterdam)</p>"
    )
    parts = [f"<header><h1>Privacy console</h1>{who}<nav>{nav}</nav></header>"]
    parts.append(_alerts(console))
    parts.append(_tonight(console))
    parts.append(_retention(console))
    parts.append(_expiries(console))
    parts.append(_approvals(console))
    parts.append(_holds(console, viewer))
    parts.append(_research(console))
    parts.append(_requests(console, viewer))
    parts.append(_quality(console))
    return _page("Privacy console", "".join(parts))


def _alerts(console) -> str:
    if not console.alerts:
        return (
            "<section id='alerts' class='calm'><p>✓ Nothing needs your action: no failed run, every approved "
            "class certified.</p></section>"
        )
    items = []
    for alert in console.alerts:
        link = (
            f" <a class='airflow' href='{esc(alert.link)}'>{esc(alert.link_text or 'open')}</a>" if alert.link else ""
        )
        items.append(
            f"<li><b>{esc(alert.title)}</b><br>{esc(alert.detail)}<br>"
            f"<span class='next'>Next step: {esc(alert.next_step)}</span>{link}</li>"
        )
    return f"<section id='alerts' class='alerts'><h2>Needs action</h2><ul>{''.join(items)}</ul></section>"


def _tonight(console) -> str:
    from transforms.console import fmt, svg
    from transforms.console.view import DAG_WORDS, PIPELINE_DAGS

    out = ["<section id='tonight'><h2>Tonight and the last 30 nights</h2>"]
    quality = console.quality
    plan = console.latest_plan
    if console.nights:
        night = console.nights[0]
        cells = "".join(
            f"<li class='{_tone(night.states.get(d))}'>{esc(DAG_WORDS[d])}: "
            f"<b>{esc(_state_words(night.states.get(d)))}</b></li>"
            for d in PIPELINE_DAGS
        )
        out.append(f"<p>Night of <b>{esc(fmt.date(night.day))}</b>:</p><ul class='states'>{cells}</ul>")
    if quality.run_key:
        out.append(
            f"<p>Extraction of {esc(fmt.datetime(quality.extracted_at))}: {fmt.number(quality.rows)} rows staged, "
            f"{fmt.number(quality.quarantined)} quarantined; source gate "
            f"<b class='{'ok' if quality.gate_passed else 'bad'}'>{'passed' if quality.gate_passed else 'failed'}</b>.</p>"
        )
    else:
        out.append("<p>No extraction has run yet.</p>")
    if plan:
        done = plan.done_total
        said = ", ".join(f"{fmt.number(n)} {w}" for w, n in sorted(done.items())) or "nothing changed"
        out.append(
            f"<p id='retention-summary' class='{plan.tone}'>Retention plan as of {esc(fmt.date(plan.as_of))}: "
            f"<b>{esc(plan.words)}</b>; {esc(said)}. Audit chain: {fmt.number(console.audit_entries)} entries, "
            f"{_audit_words(console.audit_intact)}.</p>"
        )
    bars = []
    by_day = {night.day: night for night in console.nights}
    newest = console.nights[0].day if console.nights else fmt.local(console.now).date()
    for offset in range(29, -1, -1):  # the 30 calendar nights up to the newest, empty ones included
        day = newest - dt.timedelta(days=offset)
        night = by_day.get(day)
        p = night.plan if night else None
        done = p.done_total if p else {}
        failed = night is not None and (
            any(s == "failed" for s in night.states.values()) or (p is not None and p.tone == "bad")
        )
        bars.append(
            svg.Bar(
                label=f"{day.day} {fmt.MONTHS[day.month - 1]}",
                parts=tuple((w, done.get(w, 0)) for w in ("destroyed", "archived", "minimised")),
                tone="bad" if failed else "ok",
                note="failed" if failed else "",
            )
        )
    out.append(
        svg.stacked_bars(
            "Records changed by retention per night (failed nights outlined red)",
            bars,
            {"destroyed": "a", "archived": "b", "minimised": "muted"},
        )
    )
    rows = []
    for night in console.nights:
        p = night.plan
        cells = "".join(
            f"<td class='{_tone(night.states.get(d))}'>{esc(_state_words(night.states.get(d)))}</td>"
            for d in PIPELINE_DAGS
        )
        retention = (
            f"<td class='{p.tone}'>{esc(p.words)}</td><td>{p.certificates}</td>" if p else "<td>–</td><td>–</td>"
        )
        rows.append(f"<tr><td>{esc(fmt.date(night.day))}</td>{cells}{retention}</tr>")
    heads = "".join(f"<th>{esc(DAG_WORDS[d])}</th>" for d in PIPELINE_DAGS)
    out.append(
        "<details><summary>Run history</summary><table id='nights'><thead><tr><th>night</th>"
        f"{heads}<th>retention outcome</th><th>certificates</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        "</details></section>"
    )
    return "".join(out)


def _retention(console) -> str:
    from transforms.console import fmt

    plan = console.latest_plan
    if plan is None:
        return "<section id='retention'><h2>Retention per class</h2><p>No retention plan yet.</p></section>"
    rows = []
    for c in plan.classes:
        link = f"<a href='certificates/{esc(plan.plan_id)}/{esc(c.class_id)}'>certificate</a>" if c.certified else "–"
        planned = (
            ", ".join(
                f"{fmt.number(n)} {w}"
                for w, n in (
                    ("destroy", c.planned["destroy"]),
                    ("archive", c.planned["archive"]),
                    ("minimise", c.planned["minimise"]),
                )
                if n
            )
            or "–"
        )
        done = ", ".join(f"{fmt.number(n)} {w}" for w, n in sorted(c.done.items()) if n) or "–"
        rows.append(
            f"<tr data-class='{esc(c.class_id)}' class='row-{c.tone}'><td><b>{esc(c.name)}</b></td>"
            f"<td class='small'>{esc('; '.join(c.basis))}</td><td>{esc(f'{c.term}, then {c.action}' if c.term else c.action)}</td>"
            f"<td>{esc(planned)}</td><td>{fmt.number(c.planned['held'])}</td><td>{esc(done)}</td>"
            f"<td class='{c.tone}'><b>{esc(c.state)}</b><br><span class='small'>{esc(c.words)}</span></td>"
            f"<td>{link}</td></tr>"
        )
    gate = {"passed": "passed", "failed": "FAILED", None: "not run"}[plan.gate]
    return (
        "<section id='retention'><h2>Retention per class</h2>"
        f"<p>Plan as of <b>{esc(fmt.date(plan.as_of))}</b>, made {esc(fmt.datetime(plan.created_at))}: "
        f"<b class='{plan.tone}'>{esc(plan.words)}</b>. Retention gate: {gate}. "
        f"<span class='small'>Plan {esc(plan.plan_id)}</span></p>"
        "<table><thead><tr><th>class</th><th>legal basis</th><th>term</th><th>planned</th><th>held</th>"
        f"<th>done</th><th>state</th><th>certificate</th></tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _expiries(console) -> str:
    from transforms.console import fmt, svg
    from transforms.console.sections import HORIZONS

    out = ["<section id='expiries'><h2>Upcoming expiries</h2>"]
    if console.expiries is None:
        out.append(f"<p class='muted'>{esc(console.expiries_note or 'not computed')}</p></section>")
        return "".join(out)
    if not console.expiries:
        out.append(f"<p>Nothing falls due in the next {HORIZONS[-1]} days.</p></section>")
        return "".join(out)
    today = fmt.local(console.now).date()
    heads = "".join(f"<th>due by {esc(fmt.date(today + dt.timedelta(days=d)))} ({d} days)</th>" for d in HORIZONS)
    rows = "".join(
        f"<tr><td>{esc(e.name)}</td><td>{esc(e.source)}</td>"
        + "".join(f"<td class='num'>{fmt.number(e.due[d])}</td>" for d in HORIZONS)
        + "</tr>"
        for e in console.expiries
    )
    first, last = HORIZONS[0], HORIZONS[-1]
    chart = [
        (
            f"{e.name} · {e.source}",
            ((f"within {first} days", e.due[first]), (f"{first} to {last} days", e.due[last] - e.due[first])),
        )
        for e in console.expiries
    ]
    out.append(
        svg.stacked_rows(
            f"Records falling due per class and practice system, within {first} and {last} days",
            chart,
            {f"within {first} days": "a", f"{first} to {last} days": "b"},
        )
    )
    out.append(
        "<p class='small'>A dry-run plan per practice system as of each date: holds excluded, what is due today "
        "and not carried out yet included.</p>"
        f"<table><thead><tr><th>class</th><th>practice system</th>{heads}</tr></thead><tbody>{rows}</tbody></table>"
        "</section>"
    )
    return "".join(out)


def _approvals(console) -> str:
    from transforms.console import fmt

    link = "<a class='airflow' href='../required_actions?response_received=false'>Required actions</a>"
    if not console.waiting:
        return f"<section id='approvals'><h2>Approvals waiting</h2><p>Nothing waits for approval. {link}</p></section>"
    rows = "".join(
        f"<tr><td>{esc(fmt.datetime(w.since))}</td><td>{esc(w.age)}</td><td>{esc(fmt.datetime(w.deadline))} "
        f"({esc(w.left)} left)</td><td>{esc(', '.join(w.classes))}</td><td class='num'>{fmt.number(w.records)}</td></tr>"
        for w in console.waiting
    )
    return (
        f"<section id='approvals'><h2>Approvals waiting</h2><p>Answer in {link}; no answer by the deadline "
        "approves nothing (the classes are planned again the next night).</p>"
        "<table><thead><tr><th>asked</th><th>waiting for</th><th>deadline</th><th>classes</th><th>records</th>"
        f"</tr></thead><tbody>{rows}</tbody></table></section>"
    )


class _Listing(NamedTuple):
    """A section listing what an officer adds from the console."""

    title: str
    add: tuple[str, str]  # the button: link, label (for a viewer who may write)
    empty: str  # the sentence when there is none
    columns: tuple[str, ...]
    intro: str = ""  # above the table


LISTINGS = {
    "holds": _Listing(
        "Legal holds",
        ("holds/new", "Place a hold"),
        "No hold in force (besides the automatic ones).",
        ("id", "scope", "covers", "reason", "placed by, when", "reference", ""),
        "<p class='small'>Besides these, open complaints, camera incidents and labour disputes are held "
        "automatically.</p>",
    ),
    "requests": _Listing(
        "Subject requests",
        ("requests/new", "Register a request"),
        "No open requests.",
        ("request", "types", "received", "due", "time left", "status"),
    ),
}


def _listing(viewer: Viewer, section: str, rows: list[str]) -> str:
    """The section ``section`` of :data:`LISTINGS`: the table of ``rows``, or its sentence when there is none; the
    add button for a viewer who may write."""
    title, (href, label), empty, columns, intro = LISTINGS[section]
    form = f"<p><a class='button' href='{href}'>{label}</a></p>" if viewer.may_write else ""
    if not rows:
        return f"<section id='{section}'><h2>{title}</h2><p>{empty}</p>{form}</section>"
    head = "".join(f"<th>{column}</th>" for column in columns)
    return (
        f"<section id='{section}'><h2>{title}</h2>{intro}<table><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{form}</section>"
    )


def _holds(console, viewer: Viewer) -> str:
    from transforms.console import fmt

    rows = []
    for h in console.holds:
        lift = (
            f"<form method='post' action='holds/lift' class='inline'>{_csrf(viewer)}"
            f"<input type='hidden' name='hold_id' value='{esc(h.hold_id)}'><button>lift</button></form>"
            if viewer.may_write
            else ""
        )
        rows.append(
            f"<tr><td class='mono'>{esc(h.hold_id[:8])}</td><td>{esc(h.scope)}</td><td>{esc(h.covers)}</td>"
            f"<td>{esc(h.reason)}</td><td>{esc(h.placed_by)}, {esc(fmt.datetime(h.placed_at))}</td>"
            f"<td>{esc(h.reference or '–')}</td><td>{lift}</td></tr>"
        )
    return _listing(viewer, "holds", rows)


def _research(console) -> str:
    from transforms.console import fmt, svg

    out = ["<section id='research'><h2>Research releases</h2>"]
    if console.unreleased:
        out.append(f"<p class='warn'>No release yet: {esc(', '.join(console.unreleased))}.</p>")
    rows = []
    for r in console.releases:
        risk_class = "bad" if r.above_threshold else "ok"
        rows.append(
            f"<tr><td><b>{esc(fmt.sentence(r.dataset))}</b> / {esc(fmt.words(r.table))}</td><td>{esc(fmt.date(r.published) if r.published else r.version)}</td>"
            f"<td class='num'>{fmt.number(r.rows_out)}</td>"
            f"<td>{fmt.number(r.k_reached)} (policy ≥ {fmt.number(r.k_configured)})</td>"
            f"<td class='{risk_class}'><b>{fmt.ratio(r.highest_risk)}</b> of at most {fmt.ratio(r.threshold)}"
            f"{' – ABOVE THE THRESHOLD' if r.above_threshold else ''}</td>"
            f"<td class='num'>{fmt.number(r.suppressed)} ({fmt.percent(r.suppressed_share)})</td>"
            f"<td class='num'>{fmt.percent(r.information_loss)}</td>"
            f"<td><a href='research/{esc(r.dataset)}/dictionary'>data dictionary</a> · "
            f"<a href='research/{esc(r.dataset)}/risk_report.json'>risk report</a></td></tr>"
        )
    if rows:
        out.append(
            "<table><thead><tr><th>dataset / table</th><th>as of</th><th>rows</th><th>k reached</th>"
            "<th>highest re-identification risk</th><th>suppressed</th><th>information loss</th><th></th></tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table>"
        )
        chart_rows = []
        for r in console.releases:
            name = f"{fmt.sentence(r.dataset)} / {fmt.words(r.table)}"
            chart_rows.append((f"{name}: suppressed", r.suppressed_share or 0.0, "b"))
            chart_rows.append((f"{name}: information lost", r.information_loss or 0.0, "a"))
        out.append(svg.horizontal_bars("Suppression and information loss per release table", chart_rows, unit="%"))
    out.append("</section>")
    return "".join(out)


def _requests(console, viewer: Viewer) -> str:
    from transforms.console import fmt

    rows = []
    for r in console.requests:
        left = (
            f"{-r.days_left} day(s) OVERDUE"
            if r.days_left < 0
            else "due today"
            if r.days_left == 0
            else f"{r.days_left} day(s) left"
        )
        rows.append(
            f"<tr class='row-{r.tone}'><td class='mono'>{esc(r.request_id)}</td><td>{esc(r.types)}</td>"
            f"<td>{esc(fmt.date(r.received_on))}</td><td>{esc(fmt.date(r.due_on))}"
            f"{' (clock stopped: identity asked for)' if r.paused else ''}{' (extended)' if r.extended else ''}</td>"
            f"<td class='{r.tone}'><b>{esc(left)}</b></td><td>{esc(r.status)}</td></tr>"
        )
    return _listing(viewer, "requests", rows)


def _docs_links(pages: dict[str, str]) -> str:
    """Links to one partition's validation result and its suite in the Data Docs (only pages that exist)."""
    from urllib.parse import quote

    words = {"validation": "this validation", "suite": "the expectations"}
    links = [
        f"<a class='docs-{kind}' href='data-docs/{esc(quote(pages[kind]))}'>{words[kind]}</a>"
        for kind in words
        if kind in pages
    ]
    return ", ".join(links) or "<span class='muted'>no page</span>"


def _quality(console) -> str:
    from transforms.console import fmt

    q = console.quality
    out = ["<section id='quality'><h2>Source quality</h2>"]
    if not q.run_key:
        out.append("<p>No extraction has run yet.</p></section>")
        return "".join(out)
    out.append(
        f"<p>Source gate of the extraction of {esc(fmt.datetime(q.extracted_at))}: "
        f"<b class='{'ok' if q.gate_passed else 'bad'}'>{'passed' if q.gate_passed else 'failed'}</b>. "
        "<a id='data-docs' href='data-docs/index.html'>Data Docs</a> (every validation result; failing values are "
        "never stored).</p>"
    )
    if q.failed:
        out.append("<p>Expectations that failed:</p><ul>" + "".join(f"<li>{esc(f)}</li>" for f in q.failed) + "</ul>")
    by_source: dict[str, list] = {}
    for row in q.per_entity:
        by_source.setdefault(row.source, []).append(row)
    for source, rows in by_source.items():
        bad = [r for r in rows if r.quarantined]
        total = sum(r.rows for r in rows)
        summary = f"{fmt.number(total)} rows in {len(rows)} entities; " + (
            f"{len(bad)} entities with quarantined rows" if bad else "every row passed"
        )
        body = "".join(
            f"<tr data-entity='{esc(r.entity)}'><td>{esc(fmt.sentence(r.entity))}</td>"
            f"<td class='num'>{fmt.number(r.rows)}</td><td class='{r.tone}'>{esc(r.words)}</td>"
            f"<td>{_docs_links(r.docs)}</td></tr>"
            for r in rows
        )
        out.append(
            f"<details><summary><b>{esc(source)}</b>: {esc(summary)}</summary><table><thead><tr><th>entity</th>"
            f"<th>rows</th><th>quality</th><th>Data Docs</th></tr></thead><tbody>{body}</tbody></table></details>"
        )
    out.append("</section>")
    return "".join(out)


def _tone(state: str | None) -> str:
    return {"success": "ok", "failed": "bad", "running": "warn", "queued": "warn"}.get(state or "", "muted")


def _state_words(state: str | None) -> str:
    return {"success": "succeeded", "failed": "FAILED", None: "did not run"}.get(state, state or "did not run")


def _audit_words(intact: bool | None) -> str:
    if intact is None:
        return "not verifiable on this server (no audit key)"
    return "intact" if intact else "<b class='bad'>BROKEN</b>"


# --- the writing forms ------------------------------------------------------------------------------------------


def _csrf_token(viewer: Viewer) -> str:
    """A token bound to the user and the API server's secret key: a page of another site cannot know it."""
    from airflow.api_fastapi.auth.tokens import get_signing_key

    key = get_signing_key("api", "secret_key").encode()
    return hmac.new(key, f"dcn-console|{viewer.name}".encode(), hashlib.sha256).hexdigest()


def _csrf(viewer: Viewer) -> str:
    return f"<input type='hidden' name='csrf' value='{_csrf_token(viewer)}'>"


async def _form(request: Request, viewer: Viewer):
    """The posted form after the CSRF check (token and, when the browser sends one, the same origin)."""
    origin = request.headers.get("origin")
    if origin and origin not in (f"{request.url.scheme}://{request.url.netloc}", "null"):
        raise HTTPException(status_code=403, detail="cross-site form refused")
    form = await request.form()
    if not hmac.compare_digest(str(form.get("csrf") or ""), _csrf_token(viewer)):
        raise HTTPException(status_code=403, detail="the form expired or did not come from this console: reload it")
    return form


def _in_register(action):
    """``action(engine)`` on an engine of the privacy register, disposed of whatever happens (a refused form's
    ``FormError`` goes on to the caller)."""
    from transforms import register

    engine = register.register_engine()
    try:
        return action(engine)
    finally:
        engine.dispose()


def _submitted(action, refused: Callable[[str], str], title: str, result: Callable[[str], str]):
    """What an officer's form (place a hold, register a request) answers: ``action(engine)`` in the register; when
    the form is refused, ``refused(reason)`` (the form again, with the reason) as 422; else the page ``title``
    saying ``result(id)`` of what was made."""
    from transforms.console.forms import FormError

    try:
        made = _in_register(action)
    except FormError as refusal:
        return HTMLResponse(refused(refusal.shown), status_code=422)
    return _page(
        title,
        f"<p><a href='./'>← privacy console</a></p><h1>{title}</h1><p id='result'>{result(made)}</p>",
    )


def _officer_form(path: str, form: Callable[..., str], read, submit, title: str, result: Callable[[str], str]) -> None:
    """The two routes of an officer's writing form (the privacy officer's role only): GET ``{path}/new`` shows
    ``form(viewer)``; POST ``{path}`` reads the posted form (CSRF checked) into values (``read(form)``) and does
    ``submit(engine, values, viewer, now)`` in the register: the page ``title`` with ``result(id)``, or, when
    the form is refused, ``form(viewer, reason, values)`` as 422 (``_submitted``)."""

    @app.get(f"{path}/new", response_class=HTMLResponse, name=f"{path.strip('/')}_form")
    def empty(viewer: OfficerUser) -> str:
        return form(viewer)

    @app.post(path, response_class=HTMLResponse, name=f"{path.strip('/')}_submit")
    async def posted(request: Request, viewer: OfficerUser):
        from transforms.kernel.timeutil import utc_now

        values, now = read(await _form(request, viewer)), utc_now()
        return _submitted(
            lambda engine: submit(engine, values, viewer, now),
            lambda reason: form(viewer, reason, values),
            title,
            result,
        )


def _options(choices, selected: str | None = None, *, blank: str | None = None) -> str:
    out = [f"<option value=''>{esc(blank)}</option>"] if blank is not None else []
    for value, label in choices:
        chosen = " selected" if value == selected else ""
        out.append(f"<option value='{esc(value)}'{chosen}>{esc(label)}</option>")
    return "".join(out)


def _hold_form(viewer: Viewer, error: str | None = None, chosen: dict | None = None) -> str:
    """The hold form; after a refusal only the message and the choices made from config lists come back
    (``_options`` selects a value only if it is one of the list's), never a typed value."""
    from transforms.console.forms import hold_choices

    c = hold_choices()
    chosen = chosen or {}
    scope = chosen.get("scope") if chosen.get("scope") in {s for s, _ in c.scopes} else "person"
    message = f"<p class='refused' role='alert'>Refused: {esc(error)}</p>" if error else ""
    return _page(
        "Place a legal hold",
        f"<p><a href='../'>← privacy console</a></p><h1>Place a legal hold</h1>{message}"
        "<form method='post' action='../holds' id='hold-form' class='form'>"
        f"{_csrf(viewer)}"
        f"<label>Scope <select name='scope' id='scope'>{_options(c.scopes, scope)}</select></label>"
        f"<label>Reason <select name='reason'>{_options(c.reasons, chosen.get('reason'))}</select></label>"
        "<fieldset data-scope='person record'><legend>Where</legend>"
        f"<label>Practice system <select name='source_system'>{_options(c.sources, chosen.get('source_system'))}</select></label></fieldset>"
        "<fieldset data-scope='person'><legend>The person</legend>"
        f"<label>Kind <select name='subject_kind'>{_options(c.subject_kinds, chosen.get('subject_kind'))}</select></label>"
        "<label>Internal key in that system <input name='subject_key' autocomplete='off' inputmode='numeric'></label>"
        "<p class='small'>The practice system's number for the person, never a name, BSN or e-mail address.</p>"
        f"<label>Only in class (optional) <select name='class_id'>{_options(c.classes, blank='every class')}</select>"
        "</label></fieldset>"
        "<fieldset data-scope='record'><legend>The record</legend>"
        f"<label>Entity <select name='entity'>{_options(c.entities, chosen.get('entity'))}</select></label>"
        "<label>Record key <input name='record_key' autocomplete='off'></label></fieldset>"
        "<fieldset data-scope='category'><legend>The class</legend>"
        f"<label>Retention class <select name='class_id_category'>{_options(c.classes)}</select></label>"
        f"<label>Only in (optional) <select name='source_system_category'>{_options(c.sources, blank='every system')}"
        "</select></label></fieldset>"
        "<label>Reference <input name='reference' autocomplete='off'></label>"
        "<p class='small'>A case or complaint number; no personal data.</p>"
        "<button type='submit'>Place the hold</button></form>"
        "<script>/* only the fields of the chosen scope are shown (and the server reads only those) */"
        "const s=document.getElementById('scope');function show(){document.querySelectorAll('fieldset[data-scope]')"
        ".forEach(f=>{const on=f.dataset.scope.split(' ').includes(s.value);f.hidden=!on;"
        "f.querySelectorAll('input,select').forEach(e=>e.disabled=!on);});}s.addEventListener('change',show);show();"
        "</script>",
    )


def _hold_values(form) -> dict[str, str]:
    values = {k: str(v) for k, v in form.items() if k != "csrf"}
    if values.get("scope") == "category":  # the category fieldset's own selects
        values["class_id"] = values.pop("class_id_category", "")
        values["source_system"] = values.pop("source_system_category", "")
    return values


def _place_hold(engine, values: dict[str, str], viewer: Viewer, now: dt.datetime) -> str:
    from transforms.console.forms import place_hold_from_form

    return place_hold_from_form(engine, values, placed_by=viewer.name, now=now)


_officer_form(
    "/holds",
    _hold_form,
    _hold_values,
    _place_hold,
    "Hold placed",
    lambda hold_id: (
        f"The hold is in force: id <b class='mono'>{esc(hold_id)}</b>. Every retention step from "
        "now on keeps what it covers."
    ),
)


@app.post("/holds/lift", response_class=HTMLResponse)
async def lift_hold(request: Request, viewer: OfficerUser):
    from transforms.console.forms import FormError, lift_hold_from_form
    from transforms.kernel.timeutil import utc_now

    form = await _form(request, viewer)
    values = {"hold_id": str(form.get("hold_id") or "")}
    try:
        hold_id = _in_register(lambda engine: lift_hold_from_form(engine, values, lifted_by=viewer.name, now=utc_now()))
    except FormError as refused:
        return HTMLResponse(
            _page("Not lifted", f"<p class='refused'>Refused: {esc(refused.shown)}</p><p><a href='../'>back</a></p>"),
            status_code=422,
        )
    return _page(
        "Hold lifted",
        f"<p><a href='../'>← privacy console</a></p><p id='result'>Hold <b class='mono'>{esc(hold_id)}</b> is lifted "
        "(the register keeps who placed and lifted it, and when).</p>",
    )


def _request_form(viewer: Viewer, error: str | None = None, _typed: dict | None = None) -> str:
    """The intake form; after a refusal only the message comes back, never a value typed (``_typed``: ignored)."""
    from transforms.console import fmt
    from transforms.console.forms import IDENTIFICATION_KINDS, hold_choices
    from transforms.requests.deadlines import TYPES
    from transforms.requests.intake import REPRESENTATIVES

    message = f"<p class='refused' role='alert'>Refused: {esc(error)}</p>" if error else ""
    types = "".join(
        f"<label class='check'><input type='checkbox' name='types' value='{esc(t)}'> "
        f"{esc(fmt.sentence(t).replace('Wgbo', 'WGBO'))}</label>"
        for t in TYPES
    )
    return _page(
        "Register a subject request",
        f"<p><a href='../'>← privacy console</a></p><h1>Register a subject request</h1>{message}"
        "<form method='post' action='../requests' id='request-form' class='form'>"
        f"{_csrf(viewer)}<fieldset><legend>What is asked</legend>{types}</fieldset>"
        "<label>Received at (Amsterdam time) <input type='datetime-local' name='received_at' required></label>"
        "<fieldset><legend>Who it is about</legend>"
        f"<label>Identification <select name='id_kind'>{_options(IDENTIFICATION_KINDS)}</select></label>"
        f"<label>Practice system (for a patient number) <select name='id_source'>{_options(hold_choices().sources, blank='–')}"
        "</select></label>"
        "<label>Value <input name='id_value' autocomplete='off'></label>"
        "<label>Date of birth (with a name) <input type='date' name='date_of_birth'></label>"
        "<p class='small'>Stored encrypted; never shown in lists, never in a log.</p></fieldset>"
        "<fieldset><legend>Made by</legend>"
        f"<label>Requester <select name='requester'>{_options([('person', 'the person themselves'), ('representative', 'a representative')])}"
        "</select></label>"
        f"<label>Representative <select name='representative_kind'>{_options([(r, fmt.sentence(r)) for r in REPRESENTATIVES], blank='–')}"
        "</select></label>"
        "<label>Evidence reference <input name='evidence' autocomplete='off'></label></fieldset>"
        "<fieldset><legend>Identity</legend>"
        "<label>Proof of identity asked for on <input type='date' name='identity_requested_on'></label>"
        "<label>Identity verified on <input type='date' name='identity_verified_on'></label></fieldset>"
        "<label>Notes <textarea name='notes' rows='3'></textarea></label>"
        "<button type='submit'>Register</button></form>",
    )


def _request_values(form) -> dict:
    return {
        **{k: str(v) for k, v in form.items() if k not in ("csrf", "types")},
        "types": [str(t) for t in form.getlist("types")],
    }


def _register_request(engine, values: dict, viewer: Viewer, now: dt.datetime) -> str:
    from transforms.console.forms import register_request_from_form

    fields = {k: v for k, v in values.items() if k != "types"}
    return register_request_from_form(engine, fields, values["types"], now=now)


_officer_form(
    "/requests",
    _request_form,
    _request_values,
    _register_request,
    "Request registered",
    lambda request_id: f"Registered as <b class='mono'>{esc(request_id)}</b>; its due date is on the console.",
)


# --- a rectification's change set: the officer's before and after ----------------------------------------------


@app.get(CHANGE_SET_PAGE, response_class=HTMLResponse)
def change_set(request_id: str, viewer: OfficerUser) -> HTMLResponse:
    """Before and after of each change of a rectification request, decrypted from the register: the values the
    approval form in Airflow must not carry (every reader of the DAG sees that form). The privacy officer's role
    only; each showing is audited; never cached. Any id that is not a request with a change set: 404."""
    from transforms.kernel.timeutil import utc_now
    from transforms.requests.rectification import RectificationError, show_change_set
    from transforms.requests.workflow import REQUEST_ID

    if REQUEST_ID.fullmatch(request_id) is None:
        raise HTTPException(status_code=404, detail="not found")
    try:
        rows = _in_register(lambda engine: show_change_set(engine, request_id, shown_to=viewer.name, now=utc_now()))
    except RectificationError:
        raise HTTPException(status_code=404, detail="not found") from None
    body = "".join(
        f"<tr data-change='{r.change_no}' class='row-{'bad' if r.status == 'conflict' else 'ok'}'>"
        f"<td class='num'>{r.change_no}</td><td>{esc(r.source_system)}</td>"
        + (
            f"<td colspan='2'>the patient's own statement, added to the dental file as a note</td><td>–</td>"
            f"<td class='after'>{_value(r.after)}</td>"
            if r.kind == "patient_statement"
            else f"<td>{esc(r.entity)}</td><td>{esc(r.column)}</td><td class='before'>{_value(r.before)}</td>"
            f"<td class='after'>{_value(r.after)}</td>"
        )
        + f"<td>{esc(r.status)}</td></tr>"
        for r in rows
    )
    page = _page(
        f"Change set {request_id}",
        "<p><a href='../../'>← privacy console</a> · <a class='airflow' "
        "href='../../../required_actions?response_received=false'>Required actions</a></p>"
        f"<h1>Change set of request <span class='mono'>{esc(request_id)}</span></h1>"
        "<p class='small'>Personal data, for the privacy officer only: not to be copied into a ticket, an e-mail or "
        "the approval form. <i>Value now</i> is what the practice system held when the change was proposed; each "
        "row is written only if it still holds that value (otherwise: conflict, nothing of that system changes). "
        "This showing is recorded in the audit log.</p>"
        "<table id='change-set'><thead><tr><th>#</th><th>practice system</th><th>record</th><th>field</th>"
        f"<th>value now</th><th>requested value</th><th>status</th></tr></thead><tbody>{body}</tbody></table>",
    )
    return HTMLResponse(page, headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})


def _value(value) -> str:
    return "<span class='muted'>(empty)</span>" if value is None or value == "" else esc(str(value))


# --- page frame --------------------------------------------------------------------------------------------------

STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;padding:1rem 1.5rem;max-width:78rem;
color:#1d1d1d;font-size:14px;line-height:1.4}
header h1{margin:.2rem 0}.who{color:#555;margin:.2rem 0}nav a{margin-right:1rem}
h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0;width:100%}td,th{border-bottom:1px solid #e4e4e4;padding:.3rem .5rem;
text-align:left;vertical-align:top}th{background:#f6f6f6;font-weight:600}
.num{text-align:right;font-variant-numeric:tabular-nums}.small{font-size:12px;color:#555}.mono{font-family:monospace}
.ok{color:#2f7d32}.warn{color:#a45f00}.bad{color:#c62828}.muted{color:#777}
.row-bad{background:#fdecea}.row-warn{background:#fff6e5}
.alerts{border:2px solid #c62828;background:#fdecea;padding:.5rem 1rem;border-radius:6px}
.alerts h2{color:#c62828;border:0;margin-top:.3rem}.alerts li{margin:.5rem 0}.next{font-weight:600}
.calm{border:1px solid #2f7d32;background:#edf7ee;padding:.3rem 1rem;border-radius:6px}
ul.states{list-style:none;padding:0;display:flex;gap:1.5rem;flex-wrap:wrap}
.chart{max-width:100%;height:auto;margin:.5rem 0}.chart .axis{font-size:11px;fill:#444}.chart .note{font-size:11px}
.button,button{background:#1f5f99;color:#fff;border:0;border-radius:4px;padding:.35rem .8rem;text-decoration:none;
cursor:pointer;font-size:14px}
form.inline{display:inline}form.inline button{padding:.1rem .5rem;font-size:12px;background:#777}
.form label{display:block;margin:.4rem 0}.form label.check{display:inline-block;margin-right:1rem}
.form fieldset{border:1px solid #ddd;margin:.6rem 0;padding:.3rem .8rem}
.form input,.form select,.form textarea{display:block;margin-top:.15rem;padding:.25rem;min-width:22rem;font-size:14px}
.form label.check input{display:inline;min-width:0}
.refused{background:#fdecea;border:1px solid #c62828;padding:.5rem;border-radius:4px}
table.kv th{width:12rem}details{margin:.4rem 0}summary{cursor:pointer}
"""

# Links to the Airflow UI (runs, Required actions) open in the whole window: the page lives in the UI's frame,
# which is sandboxed without top navigation, so the link is followed from the parent document (same origin).
SCRIPT = """
document.addEventListener('click', e => {
  const a = e.target.closest('a.airflow'); if (!a || window.top === window) return;
  try { const t = window.top.document.createElement('a'); t.href = a.href; window.top.document.body.appendChild(t);
        t.click(); t.remove(); e.preventDefault(); } catch (err) { /* not same origin: follow in the frame */ }
});
"""


def _page(title: str, body: str) -> str:
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{esc(title)}</title>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'><style>{STYLE}</style></head>"
        f"<body>{body}<script>{SCRIPT}</script></body></html>"
    )
