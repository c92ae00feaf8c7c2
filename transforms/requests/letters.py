"""The Dutch response letter per request and the CSV register of all requests (GDPR art. 5(2)).

The letter (``templates/antwoordbrief.txt.j2``, Jinja2) states what was received and when, the extension if
any, what was provided and what was withheld and why. It is addressed "Geachte heer, mevrouw": the officer
adds the address block when sending, so the file written here holds the request id and dates, not who the
person is. A request made by a representative is answered to the representative: the letter says in which
capacity they asked and that "uw gegevens" means the data of the person they represent (never named here). The CSV register lists every request (id, type, received, due, extended, verified, status,
closed, outcome) and nothing that identifies the person: it is the officer's accountability record, to be
shown to an auditor or the Autoriteit Persoonsgegevens.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from transforms import lexicon, settings
from transforms.requests.store import RequestRecord

TEMPLATES = Path(__file__).with_name("templates")
LETTER_TEMPLATE = "antwoordbrief.txt.j2"
CSV_COLUMNS = ("id", "type", "received", "due", "extended", "verified", "status", "closed", "outcome")

MONTHS_NL = lexicon.entries("months")
TYPES_NL = {
    "access": "inzage in uw gegevens en een kopie daarvan (artikel 15 AVG, artikel 7:456 BW)",
    "portability": "uw gegevens in een gangbaar, machineleesbaar formaat (artikel 20 AVG)",
    "rectification": "correctie of aanvulling van uw gegevens (artikel 16 AVG)",
    "erasure": "wissing van uw gegevens (artikel 17 AVG)",
    "wgbo_destruction": "vernietiging van uw tandheelkundig dossier (artikel 7:455 BW)",
    "restriction": "beperking van de verwerking (artikel 18 AVG)",
    "objection": "bezwaar tegen de verwerking (artikel 21 AVG)",
    "consent_withdrawal": "intrekking van uw toestemming (artikel 7, derde lid, AVG)",
}


# a representative's capacity, and how the letter (addressed to them) names the person it is about
REPRESENTATIVES_NL = {
    "parent_guardian": {"role": "ouder of voogd", "person": "uw kind"},
    "mentor": {"role": "mentor", "person": "degene voor wie u mentor bent"},
    "mandate": {"role": "gemachtigde", "person": "degene die u heeft gemachtigd"},
}


def dutch_date(value: dt.date | None) -> str:
    """``31 januari 2026`` (a letter spells the month; no locale needed)."""
    return "" if value is None else f"{value.day} {MONTHS_NL[value.month - 1]} {value.year}"


def _environment() -> Environment:
    # StrictUndefined: a missing value is an error, not an empty sentence in a letter to a patient;
    # plain text, so no HTML autoescaping is needed
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
    )
    env.filters["datum"] = dutch_date
    return env


# The lines above a letter's two lists, per kind of answer: what was provided (or done), and what was not and why.
HEADINGS: dict[str, tuple[str, str]] = {
    "provided": ("Wat wij u verstrekken:", "Wat wij niet verstrekken of niet hebben gewist, en waarom:"),
    "erasure": ("Wat wij hebben gewist of vernietigd:", "Wat wij (nog) bewaren, op grond waarvan en tot wanneer:"),
    "change": ("Wat wij hebben gedaan:", "Wat wij (nog) niet hebben gedaan, en waarom:"),
}


def letters_folder(data_root: Path | None = None) -> Path:
    """Where response letters are written: ``<data root>/requests/letters`` (the configured data root by default)."""
    return Path(data_root or settings.data_root()) / "requests" / "letters"


def render_letter(
    record: RequestRecord,
    *,
    letter_date: dt.date,
    provided: list[str],
    withheld: list[str] | None = None,
    package_delivery: str | None = None,
    heading_provided: str = HEADINGS["provided"][0],
    heading_withheld: str = HEADINGS["provided"][1],
) -> str:
    """The response letter for ``record``. ``heading_*``: the lines above the two lists (an erasure letter says
    what was erased and what was kept instead). ``provided``/``withheld``: sentences in Dutch naming kinds of data
    (e.g. "uw patiëntgegevens uit praktijk Exquise: 3 behandelingen, 2 röntgenfoto's"), never their content.
    ``letter_date`` is a parameter (the day the letter is dated), never read from a clock here."""
    types_nl = " en ".join(TYPES_NL[t] for t in record.types)
    return (
        _environment()
        .get_template(LETTER_TEMPLATE)
        .render(
            record=record,
            letter_date=letter_date,
            provided=provided,
            withheld=withheld or [],
            package_delivery=package_delivery,
            types_nl=types_nl,
            heading_provided=heading_provided,
            heading_withheld=heading_withheld,
            representative=REPRESENTATIVES_NL[record.representative_kind]
            if record.requester == "representative"
            else None,
        )
    )


def write_letter(record: RequestRecord, directory: Path, **kwargs) -> Path:
    """Write :func:`render_letter` to ``<directory>/<request id>/antwoordbrief.txt`` (0600) and return the path."""
    target = directory / record.request_id
    target.mkdir(parents=True, exist_ok=True)
    path = target / "antwoordbrief.txt"
    path.write_text(render_letter(record, **kwargs), encoding="utf-8")
    path.chmod(0o600)
    return path


def write_outcome_letter(
    record: RequestRecord,
    *,
    answer: str,
    letter_date: dt.date,
    done: list[str],
    not_done: list[str],
    data_root: Path | None = None,
) -> Path:
    """The letter of a request that acted on data (``answer``: ``erasure`` or ``change``): what was done and what
    was not, and why, under that answer's :data:`HEADINGS`, written to :func:`letters_folder`."""
    heading_done, heading_not_done = HEADINGS[answer]
    return write_letter(
        record,
        letters_folder(data_root),
        letter_date=letter_date,
        provided=done,
        withheld=not_done,
        heading_provided=heading_done,
        heading_withheld=heading_not_done,
    )


def csv_register(records: Iterable[RequestRecord]) -> str:
    """The register of all requests as CSV text, one row per request (several types joined by ``+``). No
    identifiers by construction: ``RequestRecord`` holds none."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        writer.writerow(
            [
                r.request_id,
                "+".join(r.types),
                r.received_on.isoformat(),
                r.due_on.isoformat(),
                "yes" if r.extended else "no",
                r.identity_verified_on.isoformat() if r.identity_verified_on else "",
                r.status,
                r.closed_on.isoformat() if r.closed_on else "",
                r.outcome or "",
            ]
        )
    return out.getvalue()
