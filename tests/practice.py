"""One way for tests to get staged practice data: generate both vendors' systems and extract them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import create_engine, text

from fixtures.practice.vendors import write_system
from transforms.sources.config import load_sources
from transforms.sources.extract import extract_source


def build_practice(
    root: Path,
    *,
    seed: int,
    patients: int,
    as_of: dt.date,
    upper: dt.datetime,
    systems: tuple[str, ...] = ("exquise", "oase"),
    media: bool = False,
) -> Path:
    """SQLite systems under ``root``, extracted into ``root/data`` (returned); ``upper`` is the run's bound.

    The privacy register (extraction windows) is ``root/register.db``; ``media`` writes camera clip files
    under ``root/media/<system>``."""
    sources = {s.name: s for s in load_sources()}
    for name in systems:
        url = f"sqlite:///{root / (name + '.db')}"
        write_system(
            url, name, seed=seed, patients=patients, as_of=as_of, media_dir=root / "media" / name if media else None
        )
        extract_source(
            sources[name], url, upper, data_root=root / "data", register_url=f"sqlite:///{root / 'register.db'}"
        )
    return root / "data"


# Where each vendor keeps the values a person can be found by (BSN, e-mail, phones, names, streets, birth dates).
IDENTIFYING_QUERIES = {
    "exquise": [
        "SELECT bsn, email, tel_mobiel, achternaam, straat FROM patienten",
        "SELECT naam, email, telefoon, straat FROM contactformulieren",
    ],
    "oase": [
        "SELECT value FROM person_contacts",
        "SELECT surname, street FROM persons",
        "SELECT full_name, email, phone, street FROM web_contact",
    ],
}
BIRTH_DATES = {"exquise": "SELECT geboortedatum FROM patienten", "oase": "SELECT birth_date FROM persons"}


def source_identifiers(urls: dict[str, str], *, birth_dates: bool = False) -> set[str]:
    """Every BSN, e-mail, phone, surname and street of the people in the systems at ``urls`` (system -> URL),
    and with ``birth_dates`` every full birth date, as ISO and as DD-MM-YYYY text."""
    found: set[str] = set()
    for system, url in urls.items():
        engine = create_engine(url)
        with engine.connect() as conn:
            for sql in IDENTIFYING_QUERIES[system]:
                for row in conn.execute(text(sql)):
                    found.update(v for v in row if isinstance(v, str) and len(v) > 4)
            if birth_dates:
                for (value,) in conn.execute(text(BIRTH_DATES[system])):
                    try:
                        day = (
                            dt.datetime.strptime(value, "%d-%m-%Y").date()
                            if isinstance(value, str) and "-" in value[:3]
                            else dt.date.fromisoformat(str(value)[:10])
                        )
                    except ValueError:  # a planted legacy defect ("00-00-0000"): not a date anyone has
                        continue
                    found.update({day.isoformat(), day.strftime("%d-%m-%Y")})
        engine.dispose()
    return found


def published_values(release: Path) -> list[str]:
    """Every value of every file of a research release, as text: Parquet and DuckDB cells, JSON, Markdown."""
    import duckdb
    import pandas as pd

    values: list[str] = []
    for path in sorted(release.rglob("*")):
        if path.suffix == ".parquet":
            values.extend(map(str, pd.read_parquet(path).to_numpy().ravel()))
        elif path.suffix == ".duckdb":
            with duckdb.connect(str(path), read_only=True) as con:
                for (table,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall():
                    values.extend(map(str, con.execute(f'SELECT * FROM "{table}"').df().to_numpy().ravel()))
        elif path.is_file():
            values.append(path.read_text(errors="replace"))
    return values


def leaked(identifiers: set[str], values: list[str]) -> list[str]:
    """The identifiers that occur anywhere in ``values``."""
    blob = "\n".join(values)
    return sorted(v for v in identifiers if v in blob)


def without_first_of_month(identifiers: set[str]) -> set[str]:
    """A generalised date is the first day of its month, quarter or year, so a birth date on the 1st cannot be
    told apart from one: leave those out of a leak check."""
    return {v for v in identifiers if not (v[:3] == "01-" or v.endswith("-01"))}


def sql_rows(url: str, sql: str) -> list:
    """The rows ``sql`` gives in the database at ``url`` (a practice system)."""
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text(sql)).all()
    engine.dispose()
    return rows


def sql_value(url: str, sql: str):
    """The one value ``sql`` gives (one row of one column) in the database at ``url``."""
    [(value,)] = sql_rows(url, sql)
    return value
