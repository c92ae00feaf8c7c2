"""Shared by the benchmarks: vendor tables filled by the PostgreSQL server itself.

The Python generator (``fixtures.practice``) makes realistic systems but needs hours for a million patients;
here the server makes the rows (``INSERT ... SELECT`` over ``generate_series``), a million patients with their
records in minutes. The tables are the vendors' own (``fixtures.practice.vendors.VENDORS``), so extraction reads
them through ``config/sources/<vendor>.yml`` exactly as it reads a generated system.

- :func:`create_tables` and :func:`fill_series`: one table, as the retention and extraction benchmarks use them.
- :func:`fill_practice`: a whole practice system of either vendor (every table the source mapping reads, the
  records of each patient spread over appointments, treatments, notes, ...), with the people of issue 13
  (``fixtures.practice.synthetic.subject_cases``) planted where the Python generator plants them, so a
  benchmark can look them up by what a request would give.

Background values cannot be mistaken for a planted person's: background BSNs start with 0 (planted ones
never do), e-mail addresses are at ``voorbeeld.nl``, mobile numbers are 06-0xxxxxxx (checked).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from sqlalchemy import create_engine, text

SERVER = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"


def create_tables(url: str, system: str, tables: Collection[str] | None = None) -> None:
    """The vendor's schema at ``url`` (only ``tables``, by vendor table name, when given)."""
    from fixtures.practice.vendors import VENDORS

    metadata, _ = VENDORS[system]()
    engine = create_engine(url)
    metadata.create_all(engine, tables=[metadata.tables[t] for t in tables] if tables is not None else None)
    engine.dispose()


def fill_series(
    conn, table: str, rows: int, columns: Mapping[str, str], params: Mapping[str, object] | None = None
) -> None:
    """``rows`` rows into ``table``, each column an SQL expression of ``i`` (1..rows), computed by the server;
    then ``ANALYZE`` (the planner sees the table as it is). ``params``: bind parameters the expressions use."""
    names = ", ".join(f'"{c}"' for c in columns)
    statement = (
        f'INSERT INTO "{table}" ({names}) SELECT {", ".join(columns.values())} FROM generate_series(1, :rows) AS i'
    )
    conn.execute(text(statement), {"rows": rows, **(params or {})})
    conn.execute(text(f'ANALYZE "{table}"'))


# --- a whole practice system -------------------------------------------------------------------------------

# per patient, how many records of each kind (rows of a dependent table: patients x ratio)
RECORDS_PER_PATIENT = {
    "appointment": 2,
    "treatment": 2,
    "clinical_note": 1,
    "imaging": 0.25,
    "invoice": 1,
    "insurance_claim": 0.25,
    "payment": 0.5,
    "communication_preference": 1,
}

PATIENT = "((i - 1) % :n + 1)"  # the patient a dependent row belongs to: row i, i + n, i + 2n, ... share one
DAY = "(DATE '2016-01-01' + (i * 37 % 3500))"  # spread over 2016-2025
MOMENT = f"({DAY} + TIME '08:00' + (i % 36) * INTERVAL '15 minutes')"
CHANGED = "(TIMESTAMP '2020-01-01 09:00' + (i * 13 % 2000) * INTERVAL '1 day')"  # before the benchmark's run
BORN = "(DATE '1935-01-01' + (i::bigint * 7919 % 31000)::int)"  # bigint: i * 7919 overflows an int


def _pick(array: str, step: int = 1) -> str:
    """An element of the bind-parameter array ``array`` chosen by ``i`` (``step`` decorrelates two picks)."""
    return f"(CAST(:{array} AS text[]))[(i * {step}) % cardinality(CAST(:{array} AS text[])) + 1]"


def _codes(*values: str) -> str:
    return "(ARRAY[" + ", ".join(f"'{v}'" for v in values) + "])"


def _number(prefix: str, digits: int, value: str = "i") -> str:
    """``prefix`` and ``value`` zero-padded to at least ``digits`` (as the vendors print patient numbers)."""
    return f"'{prefix}' || lpad(({value})::text, greatest({digits}, length(({value})::text)), '0')"


def _names() -> dict[str, tuple[str, ...]]:
    from fixtures.practice import dutch

    return {
        "first": tuple(dutch.FIRST_NAMES_F + dutch.FIRST_NAMES_M),
        "prefix": tuple(p for p, _ in dutch.SURNAMES),
        "last": tuple(s for _, s in dutch.SURNAMES),
    }


def _name_columns(first: str, prefix: str, last: str) -> dict[str, str]:
    # the prefix and surname are picked with the same step: they stay a pair ("van den" Berg)
    return {first: _pick("first"), prefix: f"nullif({_pick('prefix', 7)}, '')", last: _pick("last", 7)}


@dataclass(frozen=True)
class _Table:
    rows: int
    columns: dict[str, str]


def _exquise(n: int) -> dict[str, _Table]:
    per = RECORDS_PER_PATIENT
    staff = max(8, n // 150)
    return {
        "praktijken": _Table(
            3, {"praktijk_id": "i", "naam": "'Dental Clinics ' || i", "plaats": "'Hilversum'", "agb": "'0200000' || i"}
        ),
        "patienten": _Table(
            n,
            {
                "patnr": "i",
                "patientnummer": _number("EX", 6),
                "praktijk_id": "i % 3 + 1",
                **_name_columns("voornaam", "tussenvoegsel", "achternaam"),
                "voorletters": f"left({_pick('first')}, 1) || '.'",
                "aanhef": "CASE WHEN i % 2 = 0 THEN 'mevr.' ELSE 'dhr.' END",
                "geslacht": "CASE WHEN i % 2 = 0 THEN 'V' ELSE 'M' END",
                "geboortedatum": BORN,
                "bsn": "'0' || lpad(i::text, 8, '0')",
                "email": "'patient' || i || '@voorbeeld.nl'",
                "tel_mobiel": "'060' || lpad(i::text, 7, '0')",
                "tel_vast": "CASE WHEN i % 2 = 0 THEN '035' || lpad(i::text, 7, '0') END",
                "straat": "'Dorpsstraat'",
                "huisnummer": "(i % 200 + 1)::text",
                "postcode": "(1000 + i % 9000)::text || ' AB'",
                "woonplaats": "'Hilversum'",
                "inschrijfdatum": "DATE '2000-01-01' + (i % 9000)",
                "gezinshoofd_patnr": "CASE WHEN i % 10 = 0 THEN i - 1 END",
                "dossier_gewijzigd": CHANGED,
                "gewijzigd_op": CHANGED,
            },
        ),
        "afspraken": _Table(
            int(n * per["appointment"]),
            {
                "afspraak_id": "i",
                "patnr": PATIENT,
                "praktijk_id": "i % 3 + 1",
                "behandelaar_id": "i % 20 + 1",
                "begintijd": MOMENT,
                "status": f"{_codes('P', 'V', 'N', 'G')}[i % 4 + 1]",
                "herinnering": "CASE WHEN i % 3 = 0 THEN 'N' ELSE 'J' END",
                "gewijzigd_op": CHANGED,
            },
        ),
        "verrichtingen": _Table(
            int(n * per["treatment"]),
            {
                "verrichting_id": "i",
                "patnr": PATIENT,
                "praktijk_id": "i % 3 + 1",
                "behandelaar_id": "i % 20 + 1",
                "datum": DAY,
                "prestatiecode": f"{_codes('C11', 'V91', 'M03', 'X10', 'E13', 'H11')}[i % 6 + 1]",
                "element": "CASE WHEN i % 3 = 0 THEN NULL ELSE (i % 4 + 1) * 10 + (i % 8 + 1) END",
                "bedrag": "(i % 25000) / 100.0 + 15",
                "gewijzigd_op": CHANGED,
            },
        ),
        "journaal": _Table(
            int(n * per["clinical_note"]),
            {
                "regel_id": "i",
                "patnr": PATIENT,
                "auteur_id": "i % 20 + 1",
                "tijdstip": MOMENT,
                "soort": f"{_codes('anamnese', 'bevinding', 'behandelplan', 'consult', 'brief')}[i % 5 + 1]",
                "tekst": "'Controle, geen bijzonderheden. Volgende afspraak over ' || (i % 12 + 1) || ' maanden.'",
                "gewijzigd_op": CHANGED,
            },
        ),
        "rontgenfotos": _Table(
            int(n * per["imaging"]),
            {
                "foto_id": "i",
                "patnr": PATIENT,
                "opnamedatum": MOMENT,
                "soort": f"{_codes('bitewing', 'periapicaal', 'opg', 'intraorale_foto')}[i % 4 + 1]",
                "element": "(i % 4 + 1) * 10 + (i % 8 + 1)",
                "bestand": "'rx/' || i || '.dcm'",
                "gewijzigd_op": CHANGED,
            },
        ),
        "facturen": _Table(
            int(n * per["invoice"]),
            {
                "factuur_id": "i",
                "patnr": PATIENT,
                "factuurdatum": DAY,
                "boekjaar": f"extract(year FROM {DAY})",
                "bedrag": "(i % 40000) / 100.0 + 20",
                "status": f"{_codes('open', 'betaald', 'gedeclareerd')}[i % 3 + 1]",
                "gewijzigd_op": CHANGED,
            },
        ),
        "declaraties": _Table(
            int(n * per["insurance_claim"]),
            {
                "declaratie_id": "i",
                "factuur_id": "i",  # invoice i is the patient's (the same PATIENT expression)
                "patnr": PATIENT,
                "uzovi": "'3311'",
                "polisnummer": "'POL' || i",
                "ingediend_op": DAY,
                "bedrag": "(i % 40000) / 100.0 + 20",
                "status": f"{_codes('ingediend', 'toegekend', 'afgewezen')}[i % 3 + 1]",
                "gewijzigd_op": CHANGED,
            },
        ),
        "betalingen": _Table(
            int(n * per["payment"]),
            {
                "betaling_id": "i",
                "factuur_id": "i",
                "patnr": PATIENT,
                "betaald_op": DAY,
                "bedrag": "(i % 40000) / 100.0 + 20",
                "iban_betaler": "'NL' || lpad((i % 97)::text, 2, '0') || 'BANK' || lpad(i::text, 10, '0')",
                "methode": f"{_codes('pin', 'overboeking', 'incasso', 'verzekeraar')}[i % 4 + 1]",
                "gewijzigd_op": CHANGED,
            },
        ),
        "klachten": _Table(
            max(1, n // 200),
            {
                "klacht_id": "i",
                "patnr": "(i * 197 - 1) % :n + 1",
                "praktijk_id": "i % 3 + 1",
                "ontvangen_op": DAY,
                "gesloten_op": f"CASE WHEN i % 3 = 0 THEN NULL ELSE {DAY} + 30 END",
                "status": "CASE WHEN i % 3 = 0 THEN 'open' ELSE 'gesloten' END",
                "categorie": f"{_codes('behandeling', 'bejegening', 'factuur', 'wachttijd')}[i % 4 + 1]",
                "omschrijving": "'Lange wachttijd aan de balie.'",
                "gewijzigd_op": CHANGED,
            },
        ),
        "contactformulieren": _Table(
            max(1, n // 50),
            {
                "inzending_id": "i",
                "ingediend_op": MOMENT,
                "naam": f"{_pick('first')} || ' ' || {_pick('last', 7)}",
                "email": "'bezoeker' || i || '@voorbeeld.nl'",
                "telefoon": "'010' || lpad(i::text, 7, '0')",
                "postcode": "(1000 + i % 9000)::text || ' AB'",
                "plaats": "'Hilversum'",
                "praktijk_id": "i % 3 + 1",
                "bericht": "'Graag een afspraak voor controle.'",
                "afgehandeld_op": f"{DAY} + 2",
            },
        ),
        "sollicitanten": _Table(
            max(1, n // 2000),
            {
                "sollicitant_id": "i",
                **_name_columns("voornaam", "tussenvoegsel", "achternaam"),
                "email": "'sollicitant' || i || '@voorbeeld.nl'",
                "telefoon": "'020' || lpad(i::text, 7, '0')",
                "vacature": "'tandartsassistent'",
                "sollicitatiedatum": DAY,
                "procedure_afgerond_op": f"{DAY} + 40",
                "toestemming_langer_bewaren": "CASE WHEN i % 4 = 0 THEN 'J' ELSE 'N' END",
                "gewijzigd_op": CHANGED,
            },
        ),
        "medewerkers": _Table(
            staff,
            {
                "medewerker_id": "i",
                **_name_columns("voornaam", "tussenvoegsel", "achternaam"),
                "geboortedatum": "DATE '1960-01-01' + (i * 7919 % 14000)",
                "bsn": "'009' || lpad(i::text, 6, '0')",
                "iban": "'NL00BANK' || lpad(i::text, 10, '0')",
                "email": "'medewerker' || i || '@voorbeeld.nl'",
                "telefoon": "'030' || lpad(i::text, 7, '0')",
                "functie": f"{_codes('tandarts', 'mondhygienist', 'assistent', 'baliemedewerker')}[i % 4 + 1]",
                "praktijk_id": "i % 3 + 1",
                "in_dienst": "DATE '2005-01-01' + (i % 5000)",
                "geschil": "'N'",
                "gewijzigd_op": CHANGED,
            },
        ),
        "salarisstroken": _Table(
            staff * 12,
            {
                "strook_id": "i",
                "medewerker_id": f"(i - 1) % {staff} + 1",
                "periode": f"DATE '2025-01-01' + ((i - 1) / {staff}) * INTERVAL '1 month'",
                "bruto": "(i % 300000) / 100.0 + 2500",
                "uitbetaald_op": f"DATE '2025-01-25' + ((i - 1) / {staff}) * INTERVAL '1 month'",
            },
        ),
        "personeelsdossier": _Table(
            staff * 2,
            {
                "document_id": "i",
                "medewerker_id": f"(i - 1) % {staff} + 1",
                "soort": f"{_codes('contract', 'id_copy')}[i % 2 + 1]",
                "aangemaakt_op": DAY,
                "bestand": "'hr/' || i || '.pdf'",
                "gewijzigd_op": CHANGED,
            },
        ),
        "leverancierscontacten": _Table(
            50,
            {
                "contact_id": "i",
                "leverancier": "'Leverancier ' || i",
                "naam": f"{_pick('first')} || ' ' || {_pick('last', 7)}",
                "email": "'verkoop' || i || '@leverancier.example'",
                "telefoon": "'040' || lpad(i::text, 7, '0')",
                "gewijzigd_op": CHANGED,
            },
        ),
        "camerabeelden": _Table(
            3 * 3 * 42,
            {
                "opname_id": "i",
                "praktijk_id": "i % 3 + 1",
                "camera": f"{_codes('balie', 'wachtkamer', 'ingang')}[i % 3 + 1]",
                "begin": "TIMESTAMP '2026-09-20 07:00' + (i / 9) * INTERVAL '1 day'",
                "einde": "TIMESTAMP '2026-09-20 19:00' + (i / 9) * INTERVAL '1 day'",
                "bestand": "'cctv/' || i || '.mp4'",
            },
        ),
        "webstatistiek": _Table(
            max(1, n // 50),
            {
                "hit_id": "i",
                "tijdstip": MOMENT,
                "ip": "'192.0.2.' || (i % 250 + 1)",
                "pagina": "'/behandelingen'",
                "user_agent": "'Mozilla/5.0'",
                "statistiek_toestemming": "CASE WHEN i % 2 = 0 THEN 'J' ELSE 'N' END",
            },
        ),
        "beveiligingslog": _Table(
            max(1, n // 50),
            {
                "log_id": "i",
                "tijdstip": MOMENT,
                "account": f"'mdw' || ((i - 1) % {staff} + 1)",
                "ip": "'192.0.2.' || (i % 250 + 1)",
                "gebeurtenis": f"{_codes('login', 'dossier_geopend', 'export')}[i % 3 + 1]",
            },
        ),
        "voorkeuren": _Table(
            int(n * per["communication_preference"]),
            {
                "voorkeur_id": "i",
                "patnr": PATIENT,
                "soort": f"{_codes('SMS', 'EMAIL', 'ONDERZOEK', 'NIEUWSBRIEF')}[i % 4 + 1]",
                "akkoord": "CASE WHEN i % 5 = 0 THEN 'N' ELSE 'J' END",
                "vastgelegd_op": CHANGED,
                "gewijzigd_op": CHANGED,
            },
        ),
    }


def _oase(n: int) -> dict[str, _Table]:
    """Oase's tables: the same people and records as Exquise's, in Oase's layout (identifiers in
    ``person_contacts``, family links in ``relations``, birth dates as text, money in cents)."""
    exquise = _exquise(n)

    def same(vendor_table: str, rename: Mapping[str, str], extra: Mapping[str, str] | None = None) -> _Table:
        source = exquise[vendor_table]
        columns = {rename[c]: e for c, e in source.columns.items() if c in rename}
        return _Table(source.rows, {**columns, **(extra or {})})

    cents = "(i % 40000) + 2000"
    staff = exquise["medewerkers"].rows
    return {
        "sites": _Table(
            4,
            same("praktijken", {"praktijk_id": "site_id", "naam": "site_name", "plaats": "town", "agb": "agb"}).columns,
        ),
        "persons": _Table(
            n,
            {
                "person_id": "i",
                "patient_no": _number("P-", 7),
                "site_id": "i % 4 + 1",
                **_name_columns("given_name", "surname_prefix", "surname"),
                "initials": f"left({_pick('first')}, 1) || '.'",
                "salutation_code": "CASE WHEN i % 2 = 0 THEN 'MRS' ELSE 'MR' END",
                "gender_code": "CASE WHEN i % 2 = 0 THEN '2' ELSE '1' END",
                "birth_date": f"to_char({BORN}, 'DD-MM-YYYY')",
                "street": "'Kerkstraat'",
                "house_no": "(i % 200 + 1)::text",
                "zip": "(1000 + i % 9000)::text || 'CD'",
                "town": "'Rotterdam'",
                "registered": "DATE '2000-01-01' + (i % 9000)",
                "clinical_modified": CHANGED,
                "modified": CHANGED,
            },
        ),
        # one row per identifier, four per person (BSN, e-mail, mobile, home phone for every other person)
        "person_contacts": _Table(
            n * 4,
            {
                "contact_id": "((i - 1) / 4 + 1) * 10 + (i - 1) % 4",
                "person_id": "(i - 1) / 4 + 1",
                "kind": f"{_codes('BSN', 'EMAIL', 'MOBILE', 'HOME')}[(i - 1) % 4 + 1]",
                "value": "CASE (i - 1) % 4 WHEN 0 THEN '0' || lpad(((i - 1) / 4 + 1)::text, 8, '0') "
                "WHEN 1 THEN 'patient' || ((i - 1) / 4 + 1) || '@voorbeeld.nl' "
                "WHEN 2 THEN '060' || lpad(((i - 1) / 4 + 1)::text, 7, '0') "
                "ELSE CASE WHEN (i - 1) / 4 % 2 = 0 THEN '010' || lpad(((i - 1) / 4 + 1)::text, 7, '0') END END",
                "modified": CHANGED,
            },
        ),
        "relations": _Table(
            max(1, n // 10 - 1),  # none among the last patients (the planted people)
            {
                "relation_id": "i",
                "person_id": "i * 10",
                "related_person_id": "i * 10 - 1",
                "relation_type": "'HOH'",
                "modified": CHANGED,
            },
        ),
        "appointments": same(
            "afspraken",
            {
                "afspraak_id": "appointment_id",
                "patnr": "person_id",
                "begintijd": "start_ts",
                "gewijzigd_op": "modified",
            },
            {
                "site_id": "i % 4 + 1",
                "provider_id": "i % 20 + 1",
                "state": f"{_codes('planned', 'attended', 'no_show', 'cancelled')}[i % 4 + 1]",
                "reminder_flag": "CASE WHEN i % 3 = 0 THEN 0 ELSE 1 END",
            },
        ),
        "procedures": same(
            "verrichtingen",
            {
                "verrichting_id": "procedure_id",
                "patnr": "person_id",
                "behandelaar_id": "provider_id",
                "datum": "proc_date",
                "prestatiecode": "code",
                "element": "tooth",
                "gewijzigd_op": "modified",
            },
            {"site_id": "i % 4 + 1", "fee_cents": cents},
        ),
        "notes": same(
            "journaal",
            {
                "regel_id": "note_id",
                "patnr": "person_id",
                "auteur_id": "author_id",
                "tijdstip": "created",
                "soort": "category",
                "tekst": "body",
                "gewijzigd_op": "modified",
            },
        ),
        "images": same(
            "rontgenfotos",
            {
                "foto_id": "image_id",
                "patnr": "person_id",
                "opnamedatum": "acquired",
                "soort": "image_type",
                "element": "tooth",
                "bestand": "uri",
                "gewijzigd_op": "modified",
            },
        ),
        "invoices": same(
            "facturen",
            {"factuur_id": "invoice_id", "patnr": "person_id", "factuurdatum": "issued", "status": "state"},
            {"total_cents": cents, "modified": CHANGED},
        ),
        "claims": same(
            "declaraties",
            {
                "declaratie_id": "claim_id",
                "factuur_id": "invoice_id",
                "patnr": "person_id",
                "uzovi": "insurer_code",
                "polisnummer": "policy_no",
                "ingediend_op": "sent",
                "status": "state",
                "gewijzigd_op": "modified",
            },
            {"amount_cents": cents},
        ),
        "payments": same(
            "betalingen",
            {
                "betaling_id": "payment_id",
                "factuur_id": "invoice_id",
                "patnr": "person_id",
                "betaald_op": "paid",
                "iban_betaler": "account_iban",
                "methode": "method",
                "gewijzigd_op": "modified",
            },
            {"amount_cents": cents},
        ),
        "complaints": same(
            "klachten",
            {
                "klacht_id": "complaint_id",
                "patnr": "person_id",
                "ontvangen_op": "received",
                "gesloten_op": "closed",
                "status": "state",
                "categorie": "category",
                "omschrijving": "body",
                "gewijzigd_op": "modified",
            },
            {"site_id": "i % 4 + 1"},
        ),
        "web_contact": same(
            "contactformulieren",
            {
                "inzending_id": "id",
                "ingediend_op": "created",
                "naam": "full_name",
                "email": "email",
                "telefoon": "phone",
                "plaats": "town",
                "bericht": "message",
                "afgehandeld_op": "handled",
            },
            {"zip": "(1000 + i % 9000)::text || 'CD'", "site_id": "i % 4 + 1"},
        ),
        "applicants": same(
            "sollicitanten",
            {
                "sollicitant_id": "applicant_id",
                "voornaam": "given_name",
                "tussenvoegsel": "surname_prefix",
                "achternaam": "surname",
                "email": "email",
                "telefoon": "phone",
                "vacature": "vacancy",
                "sollicitatiedatum": "applied",
                "procedure_afgerond_op": "closed",
                "gewijzigd_op": "modified",
            },
            {"keep_consent": "CASE WHEN i % 4 = 0 THEN 1 ELSE 0 END"},
        ),
        "staff": same(
            "medewerkers",
            {
                "medewerker_id": "staff_id",
                "voornaam": "given_name",
                "tussenvoegsel": "surname_prefix",
                "achternaam": "surname",
                "bsn": "bsn",
                "iban": "iban",
                "email": "email",
                "telefoon": "phone",
                "functie": "role",
                "in_dienst": "start_date",
                "gewijzigd_op": "modified",
            },
            {
                "birth_date": "to_char(DATE '1960-01-01' + (i * 7919 % 14000), 'DD-MM-YYYY')",
                "site_id": "i % 4 + 1",
                "dispute": "0",
            },
        ),
        "payslips": _Table(
            staff * 12,
            {
                "payslip_id": "i",
                "staff_id": f"(i - 1) % {staff} + 1",
                "period": f"to_char(DATE '2025-01-01' + ((i - 1) / {staff}) * INTERVAL '1 month', 'YYYY-MM')",
                "gross_cents": "(i % 300000) + 250000",
                "paid": f"DATE '2025-01-25' + ((i - 1) / {staff}) * INTERVAL '1 month'",
            },
        ),
        "staff_documents": same(
            "personeelsdossier",
            {
                "document_id": "doc_id",
                "medewerker_id": "staff_id",
                "soort": "doc_type",
                "aangemaakt_op": "created",
                "bestand": "uri",
                "gewijzigd_op": "modified",
            },
        ),
        "supplier_contacts": same(
            "leverancierscontacten",
            {
                "contact_id": "id",
                "leverancier": "company",
                "naam": "full_name",
                "email": "email",
                "telefoon": "phone",
                "gewijzigd_op": "modified",
            },
        ),
        "cctv_clips": same(
            "camerabeelden",
            {
                "opname_id": "clip_id",
                "praktijk_id": "site_id",
                "camera": "camera",
                "begin": "start_ts",
                "einde": "end_ts",
                "bestand": "uri",
            },
        ),
        "web_hits": same(
            "webstatistiek",
            {"hit_id": "hit_id", "tijdstip": "ts", "ip": "client_ip", "pagina": "path", "user_agent": "agent"},
            {"stats_consent": "i % 2"},
        ),
        "audit_log": same(
            "beveiligingslog",
            {"log_id": "event_id", "tijdstip": "ts", "account": "username", "ip": "ip", "gebeurtenis": "action"},
        ),
        "consents": same(
            "voorkeuren",
            {
                "voorkeur_id": "consent_id",
                "patnr": "person_id",
                "vastgelegd_op": "recorded",
                "gewijzigd_op": "modified",
            },
            {
                "purpose": f"{_codes('herinnering_sms', 'herinnering_email', 'onderzoek', 'nieuwsbrief')}[i % 4 + 1]",
                "given": "CASE WHEN i % 5 = 0 THEN 0 ELSE 1 END",
            },
        ),
    }


LAYOUTS = {"exquise": _exquise, "oase": _oase}


def practice_rows(system: str, patients: int) -> dict[str, int]:
    """Rows per vendor table of a system of ``patients`` patients (the planted people included)."""
    return {name: table.rows for name, table in LAYOUTS[system](patients).items()}


def _plant(conn, system: str, patients: int, seed: int) -> dict[str, int]:
    """The people of issue 13 in place of the last patients (``case_hosts``), the staff member in employee 1
    and the visitor in contact form 1 (as the Python generator plants them), the child linked to the parent.
    Returns label -> patient id."""
    from fixtures.practice.synthetic import CASE_CONTACT_FORM, CASE_EMPLOYEE, case_hosts, subject_cases

    cases = subject_cases(seed)
    hosts = case_hosts(system, patients)
    if any(c.mobile.startswith("060") for c in cases.values()):
        raise ValueError("a planted mobile number falls among the background numbers (06-0...): change the seed")

    def person(case) -> dict:
        return {
            "first": case.first_name,
            "initials": case.first_name[0] + ".",
            "prefix": case.name_prefix or None,
            "last": case.last_name,
            "born": case.date_of_birth,
            "born_text": case.date_of_birth.strftime("%d-%m-%Y"),
            "sex": case.sex,
            "gender": {"V": "2", "M": "1"}.get(case.sex, "9"),
            "bsn": case.bsn,
            "email": case.email,
            "mobile": case.mobile,
            "full": case.full_name,
        }

    for label, patient_id in hosts.items():
        values = {**person(cases[label]), "id": patient_id}
        if system == "exquise":
            conn.execute(
                text(
                    "UPDATE patienten SET voornaam = :first, voorletters = :initials, tussenvoegsel = :prefix, "
                    "achternaam = :last, geslacht = :sex, geboortedatum = :born, bsn = :bsn, email = :email, "
                    "tel_mobiel = :mobile, gezinshoofd_patnr = NULL WHERE patnr = :id"
                ),
                values,
            )
        else:
            conn.execute(
                text(
                    "UPDATE persons SET given_name = :first, initials = :initials, surname_prefix = :prefix, "
                    "surname = :last, gender_code = :gender, birth_date = :born_text WHERE person_id = :id"
                ),
                values,
            )
            for kind, key in (("BSN", "bsn"), ("EMAIL", "email"), ("MOBILE", "mobile")):
                conn.execute(
                    text("UPDATE person_contacts SET value = :value WHERE person_id = :id AND kind = :kind"),
                    {"value": values[key], "id": patient_id, "kind": kind},
                )
    if system in CASE_EMPLOYEE and hosts:
        label, employee_id = CASE_EMPLOYEE[system]
        staff = "UPDATE {t} SET {f} = :first, {p} = :prefix, {s} = :last, bsn = :bsn, email = :email, {ph} = :mobile, "
        table = (
            staff.format(t="medewerkers", f="voornaam", p="tussenvoegsel", s="achternaam", ph="telefoon")
            + "geboortedatum = :born WHERE medewerker_id = :id"
            if system == "exquise"
            else staff.format(t="staff", f="given_name", p="surname_prefix", s="surname", ph="phone")
            + "birth_date = :born_text WHERE staff_id = :id"
        )
        conn.execute(text(table), {**person(cases[label]), "id": employee_id})
    if system in CASE_CONTACT_FORM and hosts:
        label, submission_id = CASE_CONTACT_FORM[system]
        table, name, phone, key = (
            ("contactformulieren", "naam", "telefoon", "inzending_id")
            if system == "exquise"
            else ("web_contact", "full_name", "phone", "id")
        )
        conn.execute(
            text(f"UPDATE {table} SET {name} = :full, email = :email, {phone} = :mobile WHERE {key} = :id"),
            {**person(cases[label]), "id": submission_id},
        )
    if {"family_child", "family_head"} <= set(hosts) and system == "oase":
        conn.execute(
            text(
                "INSERT INTO relations (relation_id, person_id, related_person_id, relation_type, modified) "
                "SELECT coalesce(max(relation_id), 0) + 1, :child, :head, 'HOH', TIMESTAMP '2024-01-01' FROM relations"
            ),
            {"child": hosts["family_child"], "head": hosts["family_head"]},
        )
    return hosts


def fill_practice(url: str, system: str, patients: int, *, seed: int) -> dict[str, int]:
    """Create ``system``'s schema at ``url`` and fill every table (``practice_rows``), the people of issue 13
    planted (``seed``: which identities, as ``subject_cases(seed)``). One transaction per table. Returns the
    rows per table."""
    from fixtures.practice.synthetic import MIN_PATIENTS_FOR_CASES

    if patients < MIN_PATIENTS_FOR_CASES:
        raise ValueError(f"at least {MIN_PATIENTS_FOR_CASES} patients (the planted people take the last ones)")
    create_tables(url, system)
    params = {"n": patients, **{k: list(v) for k, v in _names().items()}}
    engine = create_engine(url)
    try:
        for name, table in LAYOUTS[system](patients).items():
            with engine.begin() as conn:
                fill_series(conn, name, table.rows, table.columns, params)
        with engine.begin() as conn:
            _plant(conn, system, patients, seed)
    finally:
        engine.dispose()
    return practice_rows(system, patients)
