"""Two synthetic vendor schemas and the writer that fills them from canonical batches.

- **exquise**: Dutch names, one wide patient table (BSN, phones and e-mail as columns, the family head as a
  column), money in euros as NUMERIC, codes as single letters, booleans as 'J'/'N'.
- **oase**: English names, normalised: a ``persons`` table plus a ``person_contacts`` table with one row per
  BSN / e-mail / phone, family links in ``relations``, birth dates as 'DD-MM-YYYY' text, postcodes without
  the space, money in cents, gender as 1/2/9, booleans as 0/1.

Only the generator knows these schemas as code; extraction knows them only through
``config/sources/<name>.yml``, which is what a real third vendor would get.
"""
from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import (CHAR, Column, Date, DateTime, Index, Integer, MetaData, Numeric, String, Table, Text,
                        create_engine, inspect)

from transforms.sources.synthetic import SYSTEMS, generate

log = logging.getLogger(__name__)

Encoder = Callable[[dict], object]


@dataclass(frozen=True)
class VendorTable:
    entity: str  # canonical entity the rows come from
    table: Table
    encoders: dict[str, Encoder]  # vendor column -> how to compute it from a canonical row


def _get(name: str) -> Encoder:
    return lambda row: row.get(name)


def _euros(name: str) -> Encoder:
    return lambda row: None if row.get(name) is None else Decimal(row[name]) / 100


def _jn(name: str) -> Encoder:
    return lambda row: None if row.get(name) is None else ("J" if row[name] else "N")


def _flag(name: str) -> Encoder:
    return lambda row: None if row.get(name) is None else int(bool(row[name]))


def _code(name: str, codes: dict[str, str]) -> Encoder:
    return lambda row: None if row.get(name) is None else codes[row[name]]


def _ddmmyyyy(name: str) -> Encoder:
    return lambda row: None if row.get(name) is None else row[name].strftime("%d-%m-%Y")


def _compact_postcode(name: str) -> Encoder:
    return lambda row: None if row.get(name) is None else row[name].replace(" ", "")


_SA_TYPES = {"int": Integer, "date": Date, "ts": DateTime, "text": Text, "money": lambda: Numeric(12, 2),
             "jn": lambda: CHAR(1)}


def _build(metadata: MetaData, entity: str, name: str, watermark: str | None,
           columns: list[tuple[str, str, Encoder | str]]) -> VendorTable:
    """columns: (vendor column, type: int|date|ts|text|money|jn|<n> for VARCHAR(n), encoder or canonical name)."""
    sa_columns = []
    encoders: dict[str, Encoder] = {}
    for index, (column, kind, encoder) in enumerate(columns):
        sa_type = _SA_TYPES[kind]() if kind in _SA_TYPES else String(int(kind))
        sa_columns.append(Column(column, sa_type, primary_key=index == 0, autoincrement=False))
        encoders[column] = _get(encoder) if isinstance(encoder, str) else encoder
    table = Table(name, metadata, *sa_columns)
    if watermark:
        Index(f"ix_{name}_{watermark}", table.c[watermark])
    return VendorTable(entity, table, encoders)


def _exquise() -> tuple[MetaData, list[VendorTable]]:
    md = MetaData()
    status = {"gepland": "P", "verschenen": "V", "niet_verschenen": "N", "geannuleerd": "G"}
    purposes = {"herinnering_sms": "SMS", "herinnering_email": "EMAIL", "onderzoek": "ONDERZOEK",
                "nieuwsbrief": "NIEUWSBRIEF"}
    tables = [
        _build(md, "practice", "praktijken", None, [
            ("praktijk_id", "int", "practice_id"), ("naam", "80", "name"), ("plaats", "60", "city"),
            ("agb", "8", "agb_code")]),
        _build(md, "patient", "patienten", "gewijzigd_op", [
            ("patnr", "int", "patient_id"), ("patientnummer", "12", "patient_number"), ("praktijk_id", "int", "practice_id"),
            ("voornaam", "60", "first_name"), ("voorletters", "12", "initials"), ("tussenvoegsel", "12", "name_prefix"),
            ("achternaam", "80", "last_name"), ("aanhef", "8", "salutation"), ("geslacht", "jn", "sex"),
            ("geboortedatum", "date", "date_of_birth"), ("overlijdensdatum", "date", "date_of_death"),
            ("bsn", "9", "bsn"), ("email", "120", "email"), ("tel_mobiel", "24", "phone_mobile"),
            ("tel_vast", "24", "phone_home"), ("straat", "80", "street"), ("huisnummer", "12", "house_number"),
            ("postcode", "7", "postcode"), ("woonplaats", "60", "city"), ("inschrijfdatum", "date", "registered_on"),
            ("uitschrijfdatum", "date", "deregistered_on"), ("gezinshoofd_patnr", "int", "_family_head"),
            ("dossier_gewijzigd", "ts", "last_clinical_change_at"), ("gewijzigd_op", "ts", "updated_at")]),
        _build(md, "appointment", "afspraken", "gewijzigd_op", [
            ("afspraak_id", "int", "appointment_id"), ("patnr", "int", "patient_id"), ("praktijk_id", "int", "practice_id"),
            ("behandelaar_id", "int", "practitioner_id"), ("begintijd", "ts", "starts_at"),
            ("status", "jn", _code("status", status)), ("herinnering", "jn", _jn("reminder_sent")),
            ("gewijzigd_op", "ts", "updated_at")]),
        _build(md, "treatment", "verrichtingen", "gewijzigd_op", [
            ("verrichting_id", "int", "treatment_id"), ("patnr", "int", "patient_id"), ("praktijk_id", "int", "practice_id"),
            ("behandelaar_id", "int", "practitioner_id"), ("datum", "date", "performed_on"),
            ("prestatiecode", "6", "treatment_code"), ("element", "int", "tooth_element"),
            ("bedrag", "money", _euros("tariff_cents")), ("gewijzigd_op", "ts", "updated_at")]),
        _build(md, "clinical_note", "journaal", "gewijzigd_op", [
            ("regel_id", "int", "note_id"), ("patnr", "int", "patient_id"), ("auteur_id", "int", "author_id"),
            ("tijdstip", "ts", "written_at"), ("soort", "20", "note_type"), ("tekst", "text", "text"),
            ("gewijzigd_op", "ts", "updated_at")]),
        _build(md, "imaging", "rontgenfotos", "gewijzigd_op", [
            ("foto_id", "int", "image_id"), ("patnr", "int", "patient_id"), ("opnamedatum", "ts", "taken_at"),
            ("soort", "20", "modality"), ("element", "int", "tooth_element"), ("bestand", "200", "file_path"),
            ("gewijzigd_op", "ts", "updated_at")]),
        _build(md, "invoice", "facturen", "gewijzigd_op", [
            ("factuur_id", "int", "invoice_id"), ("patnr", "int", "patient_id"), ("factuurdatum", "date", "invoice_date"),
            ("boekjaar", "int", lambda r: r["invoice_date"].year), ("bedrag", "money", _euros("amount_cents")),
            ("status", "16", "status"), ("gewijzigd_op", "ts", "updated_at")]),
        _build(md, "insurance_claim", "declaraties", "gewijzigd_op", [
            ("declaratie_id", "int", "claim_id"), ("factuur_id", "int", "invoice_id"), ("patnr", "int", "patient_id"),
            ("uzovi", "4", "uzovi"), ("polisnummer", "20", "policy_number"), ("ingediend_op", "date", "submitted_on"),
            ("bedrag", "money", _euros("amount_cents")), ("status", "16", "status"), ("gewijzigd_op", "ts", "updated_at")]),
        _build(md, "payment", "betalingen", "gewijzigd_op", [
            ("betaling_id", "int", "payment_id"), ("factuur_id", "int", "invoice_id"), ("patnr", "int", "patient_id"),
            ("betaald_op", "date", "paid_on"), ("bedrag", "money", _euros("amount_cents")),
            ("iban_betaler", "34", "payer_iban"), ("methode", "16", "method"), ("gewijzigd_op", "ts", "updated_at")]),
        _build(md, "complaint", "klachten", "gewijzigd_op", [
            ("klacht_id", "int", "complaint_id"), ("patnr", "int", "patient_id"), ("praktijk_id", "int", "practice_id"),
            ("ontvangen_op", "date", "received_on"), ("gesloten_op", "date", "closed_on"), ("status", "16", "status"),
            ("categorie", "16", "category"), ("omschrijving", "text", "text"), ("gewijzigd_op", "ts", "updated_at")]),
        _build(md, "contact_form", "contactformulieren", None, [
            ("inzending_id", "int", "submission_id"), ("ingediend_op", "ts", "submitted_at"), ("naam", "120", "name"),
            ("email", "120", "email"), ("telefoon", "24", "phone"), ("straat", "80", "street"),
            ("huisnummer", "12", "house_number"), ("postcode", "7", "postcode"), ("plaats", "60", "city"),
            ("praktijk_id", "int", "practice_id"), ("bericht", "text", "message"), ("afgehandeld_op", "date", "handled_on")]),
        _build(md, "applicant", "sollicitanten", "gewijzigd_op", [
            ("sollicitant_id", "int", "applicant_id"), ("voornaam", "60", "first_name"), ("tussenvoegsel", "12", "name_prefix"),
            ("achternaam", "80", "last_name"), ("email", "120", "email"), ("telefoon", "24", "phone"),
            ("vacature", "40", "position"), ("sollicitatiedatum", "date", "applied_on"),
            ("procedure_afgerond_op", "date", "procedure_ended_on"),
            ("toestemming_langer_bewaren", "jn", _jn("consent_extended_retention")), ("gewijzigd_op", "ts", "updated_at")]),
        _build(md, "employee", "medewerkers", "gewijzigd_op", [
            ("medewerker_id", "int", "employee_id"), ("voornaam", "60", "first_name"), ("tussenvoegsel", "12", "name_prefix"),
            ("achternaam", "80", "last_name"), ("geboortedatum", "date", "date_of_birth"), ("bsn", "9", "bsn"),
            ("iban", "34", "iban"), ("email", "120", "email"), ("telefoon", "24", "phone"), ("functie", "20", "role"),
            ("agb_code", "8", "agb_code"), ("big_nummer", "11", "big_number"), ("praktijk_id", "int", "practice_id"),
            ("in_dienst", "date", "employed_from"), ("uit_dienst", "date", "employed_until"),
            ("geschil", "jn", _jn("in_dispute")), ("gewijzigd_op", "ts", "updated_at")]),
        _build(md, "payroll", "salarisstroken", None, [
            ("strook_id", "int", "payroll_id"), ("medewerker_id", "int", "employee_id"), ("periode", "date", "period"),
            ("bruto", "money", _euros("gross_cents")), ("uitbetaald_op", "date", "paid_on")]),
        _build(md, "employee_document", "personeelsdossier", "gewijzigd_op", [
            ("document_id", "int", "document_id"), ("medewerker_id", "int", "employee_id"), ("soort", "24", "document_type"),
            ("aangemaakt_op", "date", "created_on"), ("bestand", "200", "file_path"), ("gewijzigd_op", "ts", "updated_at")]),
        _build(md, "supplier_contact", "leverancierscontacten", "gewijzigd_op", [
            ("contact_id", "int", "contact_id"), ("leverancier", "80", "supplier_name"), ("naam", "120", "name"),
            ("email", "120", "email"), ("telefoon", "24", "phone"), ("relatie_beeindigd_op", "date", "relationship_ended_on"),
            ("gewijzigd_op", "ts", "updated_at")]),
        _build(md, "camera_recording", "camerabeelden", None, [
            ("opname_id", "int", "recording_id"), ("praktijk_id", "int", "practice_id"), ("camera", "20", "camera"),
            ("begin", "ts", "recorded_from"), ("einde", "ts", "recorded_until"), ("bestand", "200", "file_path"),
            ("incident", "20", "incident_ref")]),
        _build(md, "web_hit", "webstatistiek", None, [
            ("hit_id", "int", "hit_id"), ("tijdstip", "ts", "occurred_at"), ("ip", "45", "ip_address"),
            ("pagina", "200", "path"), ("user_agent", "200", "user_agent"),
            ("statistiek_toestemming", "jn", _jn("statistics_consent"))]),
        _build(md, "security_log", "beveiligingslog", None, [
            ("log_id", "int", "event_id"), ("tijdstip", "ts", "occurred_at"), ("account", "60", "account"),
            ("ip", "45", "ip_address"), ("gebeurtenis", "24", "event")]),
        _build(md, "communication_preference", "voorkeuren", "gewijzigd_op", [
            ("voorkeur_id", "int", "preference_id"), ("patnr", "int", "patient_id"),
            ("soort", "12", _code("purpose", purposes)), ("akkoord", "jn", _jn("granted")),
            ("vastgelegd_op", "ts", "recorded_at"), ("gewijzigd_op", "ts", "updated_at")]),
    ]
    return md, tables


def _oase() -> tuple[MetaData, list[VendorTable]]:
    md = MetaData()
    gender = {"M": "1", "V": "2", "X": "9"}
    salutation = {"dhr.": "MR", "mevr.": "MRS", "-": "NONE"}
    state = {"gepland": "planned", "verschenen": "attended", "niet_verschenen": "no_show", "geannuleerd": "cancelled"}
    tables = [
        _build(md, "practice", "sites", None, [
            ("site_id", "int", "practice_id"), ("site_name", "80", "name"), ("town", "60", "city"), ("agb", "8", "agb_code")]),
        _build(md, "patient", "persons", "modified", [
            ("person_id", "int", "patient_id"), ("patient_no", "12", "patient_number"), ("site_id", "int", "practice_id"),
            ("given_name", "60", "first_name"), ("initials", "12", "initials"), ("surname_prefix", "12", "name_prefix"),
            ("surname", "80", "last_name"), ("salutation_code", "4", _code("salutation", salutation)),
            ("gender_code", "1", _code("sex", gender)), ("birth_date", "10", _ddmmyyyy("date_of_birth")),
            ("death_date", "10", _ddmmyyyy("date_of_death")), ("street", "80", "street"),
            ("house_no", "12", "house_number"), ("zip", "6", _compact_postcode("postcode")), ("town", "60", "city"),
            ("registered", "date", "registered_on"), ("deregistered", "date", "deregistered_on"),
            ("clinical_modified", "ts", "last_clinical_change_at"), ("modified", "ts", "updated_at")]),
        _build(md, "family_link", "relations", "modified", [
            ("relation_id", "int", "link_id"), ("person_id", "int", "patient_id"),
            ("related_person_id", "int", "related_patient_id"), ("relation_type", "4", lambda r: "HOH"),
            ("modified", "ts", "updated_at")]),
        _build(md, "appointment", "appointments", "modified", [
            ("appointment_id", "int", "appointment_id"), ("person_id", "int", "patient_id"), ("site_id", "int", "practice_id"),
            ("provider_id", "int", "practitioner_id"), ("start_ts", "ts", "starts_at"),
            ("state", "12", _code("status", state)), ("reminder_flag", "int", _flag("reminder_sent")),
            ("modified", "ts", "updated_at")]),
        _build(md, "treatment", "procedures", "modified", [
            ("procedure_id", "int", "treatment_id"), ("person_id", "int", "patient_id"), ("site_id", "int", "practice_id"),
            ("provider_id", "int", "practitioner_id"), ("proc_date", "date", "performed_on"), ("code", "6", "treatment_code"),
            ("tooth", "int", "tooth_element"), ("fee_cents", "int", "tariff_cents"), ("modified", "ts", "updated_at")]),
        _build(md, "clinical_note", "notes", "modified", [
            ("note_id", "int", "note_id"), ("person_id", "int", "patient_id"), ("author_id", "int", "author_id"),
            ("created", "ts", "written_at"), ("category", "20", "note_type"), ("body", "text", "text"),
            ("modified", "ts", "updated_at")]),
        _build(md, "imaging", "images", "modified", [
            ("image_id", "int", "image_id"), ("person_id", "int", "patient_id"), ("acquired", "ts", "taken_at"),
            ("image_type", "20", "modality"), ("tooth", "int", "tooth_element"), ("uri", "200", "file_path"),
            ("modified", "ts", "updated_at")]),
        _build(md, "invoice", "invoices", "modified", [
            ("invoice_id", "int", "invoice_id"), ("person_id", "int", "patient_id"), ("issued", "date", "invoice_date"),
            ("total_cents", "int", "amount_cents"), ("state", "16", "status"), ("modified", "ts", "updated_at")]),
        _build(md, "insurance_claim", "claims", "modified", [
            ("claim_id", "int", "claim_id"), ("invoice_id", "int", "invoice_id"), ("person_id", "int", "patient_id"),
            ("insurer_code", "4", "uzovi"), ("policy_no", "20", "policy_number"), ("sent", "date", "submitted_on"),
            ("amount_cents", "int", "amount_cents"), ("state", "16", "status"), ("modified", "ts", "updated_at")]),
        _build(md, "payment", "payments", "modified", [
            ("payment_id", "int", "payment_id"), ("invoice_id", "int", "invoice_id"), ("person_id", "int", "patient_id"),
            ("paid", "date", "paid_on"), ("amount_cents", "int", "amount_cents"), ("account_iban", "34", "payer_iban"),
            ("method", "16", "method"), ("modified", "ts", "updated_at")]),
        _build(md, "complaint", "complaints", "modified", [
            ("complaint_id", "int", "complaint_id"), ("person_id", "int", "patient_id"), ("site_id", "int", "practice_id"),
            ("received", "date", "received_on"), ("closed", "date", "closed_on"), ("state", "16", "status"),
            ("category", "16", "category"), ("body", "text", "text"), ("modified", "ts", "updated_at")]),
        _build(md, "contact_form", "web_contact", None, [
            ("id", "int", "submission_id"), ("created", "ts", "submitted_at"), ("full_name", "120", "name"),
            ("email", "120", "email"), ("phone", "24", "phone"), ("street", "80", "street"),
            ("house_no", "12", "house_number"), ("zip", "6", _compact_postcode("postcode")), ("town", "60", "city"),
            ("site_id", "int", "practice_id"), ("message", "text", "message"), ("handled", "date", "handled_on")]),
        _build(md, "applicant", "applicants", "modified", [
            ("applicant_id", "int", "applicant_id"), ("given_name", "60", "first_name"), ("surname_prefix", "12", "name_prefix"),
            ("surname", "80", "last_name"), ("email", "120", "email"), ("phone", "24", "phone"), ("vacancy", "40", "position"),
            ("applied", "date", "applied_on"), ("closed", "date", "procedure_ended_on"),
            ("keep_consent", "int", _flag("consent_extended_retention")), ("modified", "ts", "updated_at")]),
        _build(md, "employee", "staff", "modified", [
            ("staff_id", "int", "employee_id"), ("given_name", "60", "first_name"), ("surname_prefix", "12", "name_prefix"),
            ("surname", "80", "last_name"), ("birth_date", "10", _ddmmyyyy("date_of_birth")), ("bsn", "9", "bsn"),
            ("iban", "34", "iban"), ("email", "120", "email"), ("phone", "24", "phone"), ("role", "20", "role"),
            ("agb", "8", "agb_code"), ("big", "11", "big_number"), ("site_id", "int", "practice_id"),
            ("start_date", "date", "employed_from"), ("end_date", "date", "employed_until"),
            ("dispute", "int", _flag("in_dispute")), ("modified", "ts", "updated_at")]),
        _build(md, "payroll", "payslips", None, [
            ("payslip_id", "int", "payroll_id"), ("staff_id", "int", "employee_id"),
            ("period", "7", lambda r: r["period"].strftime("%Y-%m")), ("gross_cents", "int", "gross_cents"),
            ("paid", "date", "paid_on")]),
        _build(md, "employee_document", "staff_documents", "modified", [
            ("doc_id", "int", "document_id"), ("staff_id", "int", "employee_id"), ("doc_type", "24", "document_type"),
            ("created", "date", "created_on"), ("uri", "200", "file_path"), ("modified", "ts", "updated_at")]),
        _build(md, "supplier_contact", "supplier_contacts", "modified", [
            ("id", "int", "contact_id"), ("company", "80", "supplier_name"), ("full_name", "120", "name"),
            ("email", "120", "email"), ("phone", "24", "phone"), ("ended", "date", "relationship_ended_on"),
            ("modified", "ts", "updated_at")]),
        _build(md, "camera_recording", "cctv_clips", None, [
            ("clip_id", "int", "recording_id"), ("site_id", "int", "practice_id"), ("camera", "20", "camera"),
            ("start_ts", "ts", "recorded_from"), ("end_ts", "ts", "recorded_until"), ("uri", "200", "file_path"),
            ("incident_ref", "20", "incident_ref")]),
        _build(md, "web_hit", "web_hits", None, [
            ("hit_id", "int", "hit_id"), ("ts", "ts", "occurred_at"), ("client_ip", "45", "ip_address"),
            ("path", "200", "path"), ("agent", "200", "user_agent"), ("stats_consent", "int", _flag("statistics_consent"))]),
        _build(md, "security_log", "audit_log", None, [
            ("event_id", "int", "event_id"), ("ts", "ts", "occurred_at"), ("username", "60", "account"),
            ("ip", "45", "ip_address"), ("action", "24", "event")]),
        _build(md, "communication_preference", "consents", "modified", [
            ("consent_id", "int", "preference_id"), ("person_id", "int", "patient_id"), ("purpose", "20", "purpose"),
            ("given", "int", _flag("granted")), ("recorded", "ts", "recorded_at"), ("modified", "ts", "updated_at")]),
    ]
    # The contact table: one row per identifier, as this vendor keeps them.
    contacts = Table("person_contacts", md, Column("contact_id", Integer, primary_key=True, autoincrement=False),
                     Column("person_id", Integer, nullable=False), Column("kind", String(8), nullable=False),
                     Column("value", String(120)), Column("modified", DateTime))
    Index("ix_person_contacts_person_kind", contacts.c.person_id, contacts.c.kind)
    return md, tables


VENDORS: dict[str, Callable[[], tuple[MetaData, list[VendorTable]]]] = {"exquise": _exquise, "oase": _oase}
_CONTACT_KINDS = (("BSN", "bsn"), ("EMAIL", "email"), ("MOBILE", "phone_mobile"), ("HOME", "phone_home"))


def _contact_rows(patients: Iterable[dict]) -> list[dict]:
    rows = []
    for patient in patients:
        for index, (kind, column) in enumerate(_CONTACT_KINDS):
            if patient.get(column):
                rows.append({"contact_id": patient["patient_id"] * 10 + index, "person_id": patient["patient_id"],
                             "kind": kind, "value": patient[column], "modified": patient["updated_at"]})
    return rows


def _plant_defects(system: str, table: VendorTable, rows: list[dict], rng: random.Random, rate: float) -> int:
    """Legacy junk real practice systems contain: unparseable dates, unknown codes. Returns how many."""
    planted = 0
    for row in rows:
        if rng.random() >= rate:
            continue
        if system == "oase" and table.table.name == "persons":
            row["birth_date"] = rng.choice(["onbekend", "31-02-1975", "00-00-0000"])
            planted += 1
        elif system == "exquise" and table.table.name == "afspraken":
            row["status"] = "Z"
            planted += 1
    return planted


@dataclass
class GenerationReport:
    system: str
    url_redacted: str
    rows: dict[str, int]
    defects: int


def write_system(url: str, system: str, *, seed: int, patients: int, as_of: dt.date, defects: float = 0.0,
                 replace: bool = False, media_dir: Path | None = None, chunk_patients: int = 2000,
                 progress: Callable[[str], None] | None = None) -> GenerationReport:
    """Create one vendor's schema at ``url`` and fill it with synthetic data.

    ``defects`` is the fraction of rows given legacy junk (quarantine material). ``media_dir``, when given,
    receives a small placeholder file for every camera clip (the retention stage deletes those).
    Refuses to write into a database that already has this vendor's tables unless ``replace``.
    """
    if system not in VENDORS:
        raise ValueError(f"unknown system {system!r}; known: {', '.join(VENDORS)}")
    metadata, tables = VENDORS[system]()
    by_entity = {t.entity: t for t in tables}
    engine = create_engine(url)
    existing = set(inspect(engine).get_table_names()) & set(metadata.tables)
    if existing and not replace:
        raise FileExistsError(f"{system}: the database already has {len(existing)} of this vendor's tables; "
                              "pass replace=True (--replace) to drop and recreate them")
    metadata.drop_all(engine)
    metadata.create_all(engine)
    rng = random.Random(f"{seed}:{system}:defects")
    counts: dict[str, int] = {}
    planted = 0
    for entity, rows in generate(SYSTEMS[system], seed, patients, as_of, chunk_patients=chunk_patients):
        if not rows or entity not in by_entity:
            continue  # exquise keeps the family head on the patient row, not as a link table
        target = by_entity[entity]
        vendor_rows = [{col: enc(row) for col, enc in target.encoders.items()} for row in rows]
        planted += _plant_defects(system, target, vendor_rows, rng, defects)
        with engine.begin() as conn:
            conn.execute(target.table.insert(), vendor_rows)
            if entity == "patient" and system == "oase":
                conn.execute(metadata.tables["person_contacts"].insert(), _contact_rows(rows))
        counts[target.table.name] = counts.get(target.table.name, 0) + len(vendor_rows)
        if media_dir is not None and entity == "camera_recording":
            for row in rows:
                clip = Path(media_dir) / row["file_path"]
                clip.parent.mkdir(parents=True, exist_ok=True)
                clip.write_bytes(b"synthetic clip\n")
        if progress and entity == "patient":
            progress(f"{system}: {counts[target.table.name]:,}/{patients:,} patients")
    engine.dispose()
    return GenerationReport(system, engine.url.render_as_string(hide_password=True), counts, planted)
