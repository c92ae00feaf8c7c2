"""The privacy page in the Airflow UI: what the last night did, in counts and paths, with links to the
Great Expectations Data Docs and to each research dataset's risk report and data dictionary.

A FastAPI app mounted by the Airflow API server (``plugins/dcn_privacy.py``) under ``/dcn-privacy``; the
"Privacy" entry in the navigation shows it inside the Airflow UI. Every route requires an Airflow login
(the same session cookie or bearer token as the UI). It shows nothing but ``transforms.overview``, which
holds no value of any record.
"""

from __future__ import annotations

import html
from pathlib import Path

from airflow.api_fastapi.core_api.security import GetUserDep
from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse, HTMLResponse, Response

URL_PREFIX = "/dcn-privacy"
RESEARCH_FILES = ("risk_report.json", "data_dictionary.md", "data_dictionary.json")


app = FastAPI(title="DCN privacy pipeline", docs_url=None, redoc_url=None, openapi_url=None)


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


@app.get("/", response_class=HTMLResponse)
def overview_page(_: GetUserDep) -> str:
    from transforms import overview

    return render(
        staging=overview.staging(),
        text=overview.text(),
        research=overview.research(),
        retention=overview.retention(),
        requests=overview.requests(),
    )


@app.get("/data-docs/{path:path}")
def data_docs(path: str, _: GetUserDep) -> Response:
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


@app.get("/research/{dataset}/{name}")
def research_file(dataset: str, name: str, _: GetUserDep) -> FileResponse:
    from transforms.research import current_release, load_datasets

    if dataset not in load_datasets() or name not in RESEARCH_FILES:
        raise HTTPException(status_code=404, detail="not found")
    release = current_release(dataset)
    if release is None:
        raise HTTPException(status_code=404, detail="no current release")
    return FileResponse(_inside(release, name))


def _cell(value: object) -> str:
    shown = f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)
    return f"<td>{html.escape(shown)}</td>"


def _table(headers: list[str], rows: list[list[object]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render(
    *,
    staging: dict | None,
    text: dict | None,
    research: list[dict],
    retention: dict | None,
    requests: list[dict] | None = None,
) -> str:
    """The page as HTML. Links are relative (the page works behind a proxy) and open in the same frame: the
    UI's frame is sandboxed without pop-ups."""
    parts = ["<h1>Privacy pipeline</h1>"]
    parts.append("<h2>Extraction and source quality gate</h2>")
    if staging:
        quality = staging["quality"]
        parts.append(
            f"<p id='staging'>Run <code>{html.escape(staging['run_key'])}</code>: {staging['rows']:,} rows, "
            f"{staging['quarantined']:,} quarantined at extraction, {quality['rows_quarantined']:,} by checks "
            f"in {quality['batches']} batches.</p>"
        )
        parts.append(
            _table(
                ["source", "rows", "quarantined (entity: reasons)"],
                [[s["source"], s["rows"], s["quarantined"] or "none"] for s in staging["sources"]],
            )
        )
        if quality["failed"]:
            parts.append(f"<p>Failed expectations: {html.escape(', '.join(quality['failed']))}</p>")
    else:
        parts.append("<p id='staging'>No extraction has run yet.</p>")
    parts.append(
        "<p><a id='data-docs' href='data-docs/index.html'>Data Docs</a> "
        "(every validation result; failing values are never stored)</p>"
    )
    parts.append("<h2>Free text</h2>")
    if text:
        parts.append(_table(["entity", "records"], [[e, n] for e, n in sorted(text["entities"].items())]))
        parts.append(f"<p>Withheld (fail closed): {text['withheld']:,}</p>")
    else:
        parts.append("<p>Not anonymised yet.</p>")
    parts.append("<h2>Research datasets (current releases)</h2>")
    rows = []
    for entry in research:
        name = entry["dataset"]
        links = " ".join(f"<a href='research/{html.escape(name)}/{f}'>{f}</a>" for f in RESEARCH_FILES)
        if not entry.get("release"):
            rows.append(f"<tr><td>{html.escape(name)}</td><td colspan='7'>no release yet</td></tr>")
            continue
        for table, figures in (entry.get("tables") or {}).items():
            cells = [
                f"{name} / {table}",
                entry.get("version"),
                figures.get("rows_out"),
                figures.get("suppressed"),
                figures.get("excluded"),
                f"{figures.get('k_reached')} (≥ {figures.get('k_configured')})",
                figures.get("highest_prosecutor_risk"),
            ]
            rows.append("<tr>" + "".join(_cell(c) for c in cells) + f"<td>{links}</td></tr>")
    parts.append(
        "<table id='research'><thead><tr><th>dataset / table</th><th>version</th><th>rows</th>"
        "<th>suppressed</th><th>excluded</th><th>k reached</th><th>highest risk</th><th>reports</th>"
        "</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    parts.append("<h2>Retention</h2>")
    if retention:
        parts.append(
            f"<p id='retention'>Plan <code>{html.escape(retention['plan_id'])}</code> as of "
            f"{html.escape(retention['as_of'])}: {html.escape(retention['status'])}. Audit chain: "
            f"{retention['audit_chain']['entries']} entries, "
            f"{'intact' if retention['audit_chain']['intact'] else 'BROKEN'}.</p>"
        )
        if retention["staging_purge"]:
            purged = ", ".join(f"{label} {rows:,}" for label, rows in retention["staging_purge"].items())
            parts.append(f"<p>Pipeline copies purged too (staging, anonymised text): {html.escape(purged)}.</p>")
        parts.append(
            _table(
                ["class", "destroy", "archive", "minimise", "held", "state"],
                [
                    [
                        c,
                        v["destroy"],
                        v["archive"],
                        v["minimise"],
                        v["held"],
                        "carried out" if v["carried_out"] else "awaits approval",
                    ]
                    for c, v in retention["classes"].items()
                ],
            )
        )
    else:
        parts.append("<p id='retention'>No retention plan yet.</p>")
    parts.append("<h2>Requests from data subjects (open)</h2>")
    if requests:
        # the stored due dates; "clock stopped": identity asked for in time and not verified yet (art. 12(6))
        parts.append(
            "<div id='requests'>"
            + _table(
                ["request", "types", "received", "due", "extended", "status"],
                [
                    [
                        r["id"],
                        r["types"],
                        r["received_on"],
                        r["due_on"] + (" (clock stopped)" if r["paused"] else ""),
                        "yes" if r["extended"] else "no",
                        r["status"],
                    ]
                    for r in requests
                ],
            )
            + "</div>"
        )
    else:
        parts.append("<p id='requests'>No open requests.</p>")
    style = (
        "body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:70rem}table{border-collapse:collapse;"
        "margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}"
    )
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Privacy pipeline</title>"
        f"<style>{style}</style></head><body>{''.join(parts)}</body></html>"
    )
