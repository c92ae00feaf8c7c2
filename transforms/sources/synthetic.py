"""Synthetic practice data in canonical form, streamed in chunks so memory stays flat at any scale.

``generate(system, seed, patients, as_of)`` yields ``(entity, rows)`` batches of canonical rows (dicts keyed
by canonical column names; ids as integers). A vendor writer (``transforms.sources.vendors``) encodes them
into its own schema. The same seed, size and ``as_of`` always give the same data: every chunk has its own
random stream, derived from the seed, the system and the chunk number.

Dates span 30 years before ``as_of`` so that every retention class has records on both sides of its term.
The data is a snapshot taken at the start of ``as_of``: every recorded change lies before that day (only
planned appointments lie after it).
"""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from transforms.sources import dutch
from transforms.text.corpus import NoteSubject, write_text

Rows = list[dict]
Batch = tuple[str, Rows]

FLUSH_ROWS = 20_000  # rows of one entity held before they are handed to the writer
CAMERAS = ("balie", "wachtkamer", "ingang")
CAMERA_DAYS = 42  # one clip per camera per day: both sides of the 4-week term
CLINICAL_NOTE_KINDS = ("anamnese", "bevinding", "behandelplan", "consult", "brief")
PRACTITIONER_ROLES = ("tandarts", "mondhygienist", "orthodontist")
WEB_PATHS = ("/", "/tandarts/hilversum", "/tandarts/rotterdam", "/behandelingen/implantaten", "/afspraak-maken",
             "/vacatures", "/contact", "/privacyverklaring", "/kosten", "/orthodontie")
USER_AGENTS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1)",
               "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) Safari/605.1", "Mozilla/5.0 (Linux; Android 15) Chrome/131")
POSITIONS = ("tandarts", "mondhygiënist", "tandartsassistent", "baliemedewerker", "praktijkmanager")
SUPPLIERS = ("Henry Schein", "Dentsply Sirona", "Straumann", "Oral-B Professional", "Dental Union", "Zahnlabor Noord",
             "Tandtechnisch Lab Gooi", "Medisch Afval BV")


@dataclass(frozen=True)
class SystemProfile:
    """One practice system: its practices and how it numbers patients."""

    name: str
    practices: tuple[tuple[str, str], ...]  # (practice name, city)
    patient_number_format: str  # printf style, e.g. "EX%06d"


SYSTEMS: dict[str, SystemProfile] = {
    "exquise": SystemProfile("exquise", (("Dental Clinics Hilversum", "Hilversum"),
                                         ("Dental Clinics Amsterdam Zuid", "Amsterdam"),
                                         ("Dental Clinics Utrecht", "Utrecht")), "EX%06d"),
    "oase": SystemProfile("oase", (("Dental Clinics Rotterdam", "Rotterdam"), ("Dental Clinics Den Haag", "Den Haag"),
                                   ("Dental Clinics Eindhoven", "Eindhoven"), ("Dental Clinics Groningen", "Groningen")),
                          "P-%07d"),
}


def _rng(seed: int, system: str, part: str) -> random.Random:
    return random.Random(f"{seed}:{system}:{part}")


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    span = max((end - start).days, 0)
    return start + dt.timedelta(days=rng.randint(0, span))


def _moment(rng: random.Random, day: dt.date, first_hour: int = 8, last_hour: int = 17) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randint(first_hour, last_hour), rng.choice((0, 15, 30, 45))))


def _years_before(day: dt.date, years: float) -> dt.date:
    return day - dt.timedelta(days=int(years * 365.25))


@dataclass
class _Person:
    first_name: str
    name_prefix: str
    last_name: str
    sex: str


def _person(rng: random.Random) -> _Person:
    sex = rng.choices(("V", "M", "X"), weights=(51, 48, 1))[0]
    names = dutch.FIRST_NAMES_F if sex == "V" or (sex == "X" and rng.random() < 0.5) else dutch.FIRST_NAMES_M
    prefix, last = rng.choice(dutch.SURNAMES)
    return _Person(rng.choice(names), prefix, last, sex)


def _full_name(person: _Person) -> str:
    return " ".join(part for part in (person.first_name, person.name_prefix, person.last_name) if part)


def employee_count(patients: int) -> int:
    return max(8, patients // 150)


def generate(system: str | SystemProfile, seed: int, patients: int, as_of: dt.date,
             chunk_patients: int = 2000) -> Iterator[Batch]:
    """Yield canonical batches for one practice system, practices and staff first, then patients in chunks."""
    profile = SYSTEMS[system] if isinstance(system, str) else system
    # A snapshot taken at the start of ``as_of``: every change happened before it, so a run bounded at any
    # moment of that day sees a consistent system (no child row whose parent changes later that day).
    as_of = as_of - dt.timedelta(days=1)
    practices = [{"practice_id": i + 1, "name": name, "city": city, "agb_code": dutch.agb_code(_rng(seed, profile.name, f"agb{i}"), "02")}
                 for i, (name, city) in enumerate(profile.practices)]
    yield "practice", practices
    staff = list(_employees(profile, seed, patients, as_of, practices))
    yield from _staff_batches(profile, seed, staff, as_of)
    practitioners = [e for e in staff if e["role"] in PRACTITIONER_ROLES]
    next_ids = _IdCounter()
    for chunk_index, first in enumerate(range(0, patients, chunk_patients)):
        count = min(chunk_patients, patients - first)
        yield from _patient_chunk(profile, seed, chunk_index, first, count, as_of, practices, practitioners, next_ids)
    yield from _other_subjects(profile, seed, patients, as_of, practices)


class _IdCounter:
    """Sequential ids per entity, continuing across chunks."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def __call__(self, entity: str) -> int:
        value = self._next.get(entity, 1)
        self._next[entity] = value + 1
        return value


def _employees(profile: SystemProfile, seed: int, patients: int, as_of: dt.date, practices: list[dict]) -> Iterator[dict]:
    rng = _rng(seed, profile.name, "employees")
    roles = ("tandarts", "tandarts", "mondhygienist", "orthodontist", "assistent", "assistent", "baliemedewerker",
             "praktijkmanager")
    for employee_id in range(1, employee_count(patients) + 1):
        person = _person(rng)
        role = roles[(employee_id - 1) % len(roles)] if employee_id <= len(roles) else rng.choice(roles)
        place = dutch.weighted_place(rng)
        employed_from = _day(rng, _years_before(as_of, 30), as_of - dt.timedelta(days=60))
        left = rng.random() < 0.4 and employed_from < as_of - dt.timedelta(days=400)
        employed_until = _day(rng, employed_from + dt.timedelta(days=180), as_of) if left else None
        yield {
            "employee_id": employee_id, "first_name": person.first_name, "name_prefix": person.name_prefix,
            "last_name": person.last_name,
            "date_of_birth": _day(rng, _years_before(employed_from, 60), _years_before(employed_from, 18)),
            "bsn": dutch.bsn(rng), "iban": dutch.iban_nl(rng),
            "email": dutch.email_address(rng, person.first_name, person.name_prefix, person.last_name),
            "phone": dutch.format_phone(rng, dutch.mobile_number(rng)), "role": role,
            "agb_code": dutch.agb_code(rng) if role in PRACTITIONER_ROLES else None,
            "big_number": dutch.big_number(rng) if role in PRACTITIONER_ROLES else None,
            "practice_id": rng.choice(practices)["practice_id"], "employed_from": employed_from,
            "employed_until": employed_until, "in_dispute": left and rng.random() < 0.05,
            "updated_at": _moment(rng, employed_until or _day(rng, employed_from, as_of)),
            "_place": place,
        }


def _staff_batches(profile: SystemProfile, seed: int, staff: list[dict], as_of: dt.date) -> Iterator[Batch]:
    rng = _rng(seed, profile.name, "staff-records")
    yield "employee", [{k: v for k, v in e.items() if not k.startswith("_")} for e in staff]
    next_id = _IdCounter()
    out: dict[str, Rows] = {"payroll": [], "employee_document": [], "security_log": []}
    for employee in staff:
        start = max(employee["employed_from"], _years_before(as_of, 10))
        end = employee["employed_until"] or as_of
        period = start.replace(day=1)
        while period <= end:
            out["payroll"].append({"payroll_id": next_id("payroll"), "employee_id": employee["employee_id"],
                                   "period": period, "gross_cents": rng.randint(2_200_00, 9_500_00),
                                   "paid_on": period.replace(day=25) if period.replace(day=25) <= as_of else None})
            period = (period + dt.timedelta(days=32)).replace(day=1)
        appraisals = [("appraisal", dt.date(year, 11, 15))
                      for year in range(max(employee["employed_from"].year + 1, as_of.year - 3), end.year + 1)
                      if dt.date(year, 11, 15) <= end]
        for kind, day in [("id_copy", employee["employed_from"]), ("contract", employee["employed_from"]),
                          ("wage_tax_statement", employee["employed_from"])] + appraisals:
            suffix = f"-{day.year}" if kind == "appraisal" else ""
            out["employee_document"].append({
                "document_id": next_id("employee_document"), "employee_id": employee["employee_id"],
                "document_type": kind, "created_on": day,
                "file_path": f"hr/{employee['employee_id']}/{kind}{suffix}.pdf", "updated_at": _moment(rng, day)})
        account = f"{employee['first_name'][0]}{employee['last_name']}".lower().replace(" ", "")
        for _ in range(rng.randint(2, 6)):
            day = _day(rng, max(employee["employed_from"], _years_before(as_of, 3)), end)
            out["security_log"].append({
                "event_id": next_id("security_log"), "occurred_at": _moment(rng, day, 7, 19), "account": account,
                "ip_address": dutch.ipv4(rng),
                "event": rng.choices(("login", "login_mislukt", "export", "wachtwoord_gewijzigd", "dossier_geopend"),
                                     weights=(60, 8, 2, 3, 27))[0]})
        if len(out["payroll"]) >= FLUSH_ROWS:
            yield from out.items()
            out = {name: [] for name in out}
    yield from out.items()


def _patient_chunk(profile: SystemProfile, seed: int, chunk_index: int, first: int, count: int, as_of: dt.date,
                   practices: list[dict], practitioners: list[dict], next_id: _IdCounter) -> Iterator[Batch]:
    rng = _rng(seed, profile.name, f"patients-{chunk_index}")
    out: dict[str, Rows] = {name: [] for name in (
        "patient", "family_link", "appointment", "treatment", "clinical_note", "imaging", "invoice",
        "insurance_claim", "payment", "complaint", "communication_preference")}
    household: dict | None = None
    for offset in range(count):
        patient_id = first + offset + 1
        person = _person(rng)
        joins_household = household is not None and rng.random() < 0.3
        if joins_household:
            person.name_prefix, person.last_name = household["name_prefix"] or "", household["last_name"]
            address = {k: household[k] for k in ("street", "house_number", "postcode", "city")}
            practice = next(p for p in practices if p["practice_id"] == household["practice_id"])
        else:
            practice = rng.choice(practices)
            place = next((p for p in dutch.PLACES if p.city == practice["city"]), None)
            if place is None or rng.random() < 0.15:
                place = dutch.weighted_place(rng)
            address = {"street": rng.choice(dutch.STREET_NAMES), "house_number": dutch.house_number(rng),
                       "postcode": dutch.postcode(rng, place), "city": place.city}
        date_of_birth = _day(rng, _years_before(as_of, 95), as_of - dt.timedelta(days=200))
        registered_on = _day(rng, max(date_of_birth, _years_before(as_of, 30)), as_of - dt.timedelta(days=30))
        end = as_of
        date_of_death = None
        if rng.random() < 0.03 and (as_of - date_of_birth).days > 50 * 365:
            date_of_death = _day(rng, registered_on + dt.timedelta(days=30), as_of)
            end = date_of_death
        deregistered_on = date_of_death
        if deregistered_on is None and rng.random() < 0.2:
            deregistered_on = _day(rng, registered_on + dt.timedelta(days=30), as_of)
            end = deregistered_on
        mobile = dutch.format_phone(rng, dutch.mobile_number(rng))
        home = dutch.format_phone(rng, dutch.landline_number(rng, _place_of(address["city"]))) if rng.random() < 0.35 else None
        bsn = dutch.bsn(rng)
        email = dutch.email_address(rng, person.first_name, person.name_prefix, person.last_name) if rng.random() < 0.85 else None
        patient = {
            "patient_id": patient_id, "patient_number": profile.patient_number_format % patient_id,
            "practice_id": practice["practice_id"], "first_name": person.first_name,
            "initials": dutch.initials(person.first_name), "name_prefix": person.name_prefix or None,
            "last_name": person.last_name,
            "salutation": {"M": "dhr.", "V": "mevr.", "X": "-"}[person.sex] if rng.random() < 0.97 else "-",
            "sex": person.sex, "date_of_birth": date_of_birth, "date_of_death": date_of_death, "bsn": bsn,
            "email": email, "phone_mobile": mobile, "phone_home": home, **address,
            "registered_on": registered_on, "deregistered_on": deregistered_on,
            "_family_head": household["patient_id"] if joins_household else None,  # exquise stores it on the row
        }
        relatives: tuple[str, ...] = ()
        if joins_household:
            out["family_link"].append({"link_id": patient_id, "patient_id": patient_id,
                                       "related_patient_id": household["patient_id"], "relation": "gezinshoofd",
                                       "updated_at": _moment(rng, registered_on)})
            relatives = (household["_full_name"],)
        practitioner = rng.choice(practitioners)
        subject = NoteSubject(
            first_name=person.first_name, name_prefix=person.name_prefix, surname=person.last_name, sex=person.sex,
            date_of_birth=date_of_birth, bsn=bsn, phone=mobile.replace(" ", "").replace("-", ""),
            email=email or "", street=address["street"], house_number=address["house_number"],
            postcode=address["postcode"], city=address["city"], patient_number=patient["patient_number"],
            relatives=relatives,
            practitioner=f"tandarts {practitioner['first_name'][0]}. "
                         f"{dutch.full_surname(practitioner['name_prefix'], practitioner['last_name'])}",
            practice=practice["name"])
        last_clinical = _visits(rng, out, next_id, patient_id, practice, practitioners, subject, registered_on, end,
                                as_of, ongoing=deregistered_on is None)
        patient["last_clinical_change_at"] = last_clinical
        # An administrative change (address, phone) after the last clinical one must not restart the WGBO term.
        admin_change = _moment(rng, _day(rng, last_clinical.date(), end)) if rng.random() < 0.25 else last_clinical
        patient["updated_at"] = max(last_clinical, admin_change)
        out["patient"].append(patient)
        _preferences(rng, out, next_id, patient_id, registered_on, end)
        if rng.random() < 0.02:
            _complaint(rng, out, next_id, patient_id, practice, subject, registered_on, end, as_of)
        if not joins_household:
            household = {**patient, "_full_name": _full_name(person)}
    for entity, rows in out.items():
        yield entity, rows


def _place_of(city: str) -> dutch.Place:
    return next(p for p in dutch.PLACES if p.city == city)


def _visits(rng: random.Random, out: dict[str, Rows], next_id: _IdCounter, patient_id: int, practice: dict,
            practitioners: list[dict], subject: NoteSubject, registered_on: dt.date, end: dt.date, as_of: dt.date,
            ongoing: bool) -> dt.datetime:
    """Visits between registration and the end of the relation; returns the last clinical change."""
    days = sorted(_day(rng, registered_on, end) for _ in range(rng.randint(1, 7)))
    last_clinical = _moment(rng, registered_on)
    for day in days:
        practitioner = rng.choice(practitioners)
        starts_at = _moment(rng, day)
        status = "niet_verschenen" if rng.random() < 0.06 else "verschenen"
        out["appointment"].append({"appointment_id": next_id("appointment"), "patient_id": patient_id,
                                   "practice_id": practice["practice_id"],
                                   "practitioner_id": practitioner["employee_id"], "starts_at": starts_at,
                                   "status": status, "reminder_sent": rng.random() < 0.8,
                                   "updated_at": starts_at + dt.timedelta(hours=1)})
        if status != "verschenen":
            continue
        codes = [("C11", "Periodiek preventief onderzoek", False)]
        codes += rng.sample(dutch.TREATMENT_CODES, rng.randint(0, 2))
        total = 0
        for code, _, tied_to_element in codes:
            tariff = rng.randint(15_00, 250_00)
            total += tariff
            element = rng.choice(dutch.PERMANENT_ELEMENTS) if tied_to_element else None
            out["treatment"].append({"treatment_id": next_id("treatment"), "patient_id": patient_id,
                                     "practice_id": practice["practice_id"],
                                     "practitioner_id": practitioner["employee_id"], "performed_on": day,
                                     "treatment_code": code, "tooth_element": element, "tariff_cents": tariff,
                                     "updated_at": starts_at + dt.timedelta(hours=2)})
        note = write_text(rng, subject, rng.choice(CLINICAL_NOTE_KINDS), day)
        written_at = starts_at + dt.timedelta(minutes=30)
        out["clinical_note"].append({"note_id": next_id("clinical_note"), "patient_id": patient_id,
                                     "author_id": practitioner["employee_id"], "written_at": written_at,
                                     "note_type": rng.choice(CLINICAL_NOTE_KINDS), "text": note.text,
                                     "updated_at": written_at})
        last_clinical = written_at
        if rng.random() < 0.35:
            image_id = next_id("imaging")
            out["imaging"].append({"image_id": image_id, "patient_id": patient_id, "taken_at": starts_at,
                                   "modality": rng.choice(("bitewing", "periapicaal", "opg", "intraorale_foto")),
                                   "tooth_element": rng.choice(dutch.PERMANENT_ELEMENTS),
                                   "file_path": f"imaging/{patient_id}/{image_id}.dcm", "updated_at": starts_at})
        invoice_id = next_id("invoice")
        invoice_date = min(day + dt.timedelta(days=rng.randint(0, 14)), as_of)
        claimed = rng.random() < 0.8
        paid = rng.random() < 0.92
        out["invoice"].append({"invoice_id": invoice_id, "patient_id": patient_id, "invoice_date": invoice_date,
                               "amount_cents": total,
                               "status": "gedeclareerd" if claimed else ("betaald" if paid else "open"),
                               "updated_at": _moment(rng, invoice_date)})
        if claimed:
            uzovi, _ = rng.choice(dutch.INSURERS)
            out["insurance_claim"].append({
                "claim_id": next_id("insurance_claim"), "invoice_id": invoice_id, "patient_id": patient_id,
                "uzovi": uzovi, "policy_number": f"{rng.randint(10_000_000, 999_999_999)}",
                "submitted_on": invoice_date, "amount_cents": total,
                "status": rng.choices(("toegekend", "ingediend", "afgewezen"), weights=(85, 10, 5))[0],
                "updated_at": _moment(rng, invoice_date)})
        if paid:
            paid_on = min(invoice_date + dt.timedelta(days=rng.randint(1, 40)), as_of)
            out["payment"].append({
                "payment_id": next_id("payment"), "invoice_id": invoice_id, "patient_id": patient_id,
                "paid_on": paid_on, "amount_cents": total,
                "payer_iban": dutch.iban_nl(rng) if not claimed else None,
                "method": "verzekeraar" if claimed else rng.choice(("pin", "overboeking", "incasso")),
                "updated_at": _moment(rng, paid_on)})
    if ongoing and rng.random() < 0.3:
        day = as_of + dt.timedelta(days=rng.randint(1, 180))
        out["appointment"].append({"appointment_id": next_id("appointment"), "patient_id": patient_id,
                                   "practice_id": practice["practice_id"],
                                   "practitioner_id": rng.choice(practitioners)["employee_id"],
                                   "starts_at": _moment(rng, day), "status": "gepland", "reminder_sent": False,
                                   "updated_at": _moment(rng, as_of - dt.timedelta(days=rng.randint(1, 60)))})
    return last_clinical


def _preferences(rng: random.Random, out: dict[str, Rows], next_id: _IdCounter, patient_id: int,
                 registered_on: dt.date, end: dt.date) -> None:
    recorded = _moment(rng, registered_on)
    for purpose, granted_rate in (("herinnering_sms", 0.85), ("herinnering_email", 0.7), ("onderzoek", 0.95)):
        granted = rng.random() < granted_rate
        # Objections usually come later than registration.
        at = recorded if granted else _moment(rng, _day(rng, registered_on, end))
        out["communication_preference"].append({"preference_id": next_id("communication_preference"),
                                                "patient_id": patient_id, "purpose": purpose, "granted": granted,
                                                "recorded_at": at, "updated_at": at})


def _complaint(rng: random.Random, out: dict[str, Rows], next_id: _IdCounter, patient_id: int, practice: dict,
               subject: NoteSubject, registered_on: dt.date, end: dt.date, as_of: dt.date) -> None:
    received_on = _day(rng, registered_on, end)
    closed = rng.random() < 0.8
    closed_on = min(received_on + dt.timedelta(days=rng.randint(10, 120)), as_of) if closed else None
    text = write_text(rng, subject, "klacht", received_on)
    out["complaint"].append({
        "complaint_id": next_id("complaint"), "patient_id": patient_id, "practice_id": practice["practice_id"],
        "received_on": received_on, "closed_on": closed_on,
        "status": "gesloten" if closed else rng.choice(("open", "in_behandeling")),
        "category": rng.choice(("behandeling", "bejegening", "factuur", "wachttijd", "privacy", "overig")),
        "text": text.text, "updated_at": _moment(rng, closed_on or received_on)})


def _other_subjects(profile: SystemProfile, seed: int, patients: int, as_of: dt.date,
                    practices: list[dict]) -> Iterator[Batch]:
    rng = _rng(seed, profile.name, "others")
    applicants: Rows = []
    for applicant_id in range(1, max(10, patients // 100) + 1):
        person = _person(rng)
        applied_on = _day(rng, _years_before(as_of, 3), as_of - dt.timedelta(days=1))
        ended = applied_on + dt.timedelta(days=rng.randint(14, 60))
        applicants.append({
            "applicant_id": applicant_id, "first_name": person.first_name, "name_prefix": person.name_prefix or None,
            "last_name": person.last_name,
            "email": dutch.email_address(rng, person.first_name, person.name_prefix, person.last_name),
            "phone": dutch.format_phone(rng, dutch.mobile_number(rng)), "position": rng.choice(POSITIONS),
            "applied_on": applied_on, "procedure_ended_on": ended if ended <= as_of else None,
            "consent_extended_retention": rng.random() < 0.3, "updated_at": _moment(rng, min(ended, as_of))})
        if len(applicants) == FLUSH_ROWS:
            yield "applicant", applicants
            applicants = []
    yield "applicant", applicants

    contacts: Rows = []
    for contact_id in range(1, max(5, patients // 400) + 1):
        person = _person(rng)
        ended = _day(rng, _years_before(as_of, 6), as_of) if rng.random() < 0.3 else None
        contacts.append({"contact_id": contact_id, "supplier_name": rng.choice(SUPPLIERS), "name": _full_name(person),
                         "email": dutch.email_address(rng, person.first_name, person.name_prefix, person.last_name),
                         "phone": dutch.format_phone(rng, dutch.mobile_number(rng)), "relationship_ended_on": ended,
                         "updated_at": _moment(rng, ended or _day(rng, _years_before(as_of, 6), as_of))})
        if len(contacts) == FLUSH_ROWS:
            yield "supplier_contact", contacts
            contacts = []
    yield "supplier_contact", contacts

    recordings: Rows = []
    for practice in practices:
        for camera in CAMERAS:
            for days_back in range(CAMERA_DAYS, 0, -1):
                day = as_of - dt.timedelta(days=days_back)
                recording_id = len(recordings) + 1
                recordings.append({
                    "recording_id": recording_id, "practice_id": practice["practice_id"], "camera": camera,
                    "recorded_from": dt.datetime.combine(day, dt.time(7)),
                    "recorded_until": dt.datetime.combine(day, dt.time(19)),
                    "file_path": f"camera/{practice['practice_id']}/{camera}/{day.isoformat()}.mp4",
                    "incident_ref": f"INC-{day.year}-{recording_id:04d}" if rng.random() < 0.01 else None})
    yield "camera_recording", recordings

    forms: Rows = []
    for submission_id in range(1, max(5, patients // 25) + 1):
        person = _person(rng)
        place = dutch.weighted_place(rng)
        submitted_at = _moment(rng, _day(rng, _years_before(as_of, 5), as_of), 0, 23)
        handled = submitted_at.date() + dt.timedelta(days=rng.randint(0, 10))
        subject = NoteSubject(
            first_name=person.first_name, name_prefix=person.name_prefix, surname=person.last_name, sex=person.sex,
            date_of_birth=_day(rng, _years_before(as_of, 80), _years_before(as_of, 18)), bsn=dutch.bsn(rng),
            phone=dutch.mobile_number(rng), email=dutch.email_address(rng, person.first_name, person.name_prefix,
                                                                     person.last_name),
            street=rng.choice(dutch.STREET_NAMES), house_number=dutch.house_number(rng),
            postcode=dutch.postcode(rng, place), city=place.city, patient_number="", relatives=(),
            practitioner="de tandarts", practice=rng.choice(practices)["name"])
        forms.append({
            "submission_id": submission_id, "submitted_at": submitted_at, "name": _full_name(person),
            "email": subject.email, "phone": dutch.format_phone(rng, subject.phone), "street": subject.street,
            "house_number": subject.house_number, "postcode": subject.postcode, "city": subject.city,
            "practice_id": rng.choice(practices)["practice_id"],
            "message": write_text(rng, subject, "contactformulier", submitted_at.date()).text,
            "handled_on": handled if handled <= as_of and rng.random() < 0.9 else None})
        if len(forms) == FLUSH_ROWS:
            yield "contact_form", forms
            forms = []
    yield "contact_form", forms

    hits: Rows = []
    for hit_id in range(1, patients * 2 + 1):
        hits.append({"hit_id": hit_id, "occurred_at": _moment(rng, _day(rng, _years_before(as_of, 3), as_of), 0, 23),
                     "ip_address": dutch.ipv4(rng), "path": rng.choice(WEB_PATHS), "user_agent": rng.choice(USER_AGENTS),
                     "statistics_consent": rng.random() < 0.6})
        if len(hits) == FLUSH_ROWS:
            yield "web_hit", hits
            hits = []
    yield "web_hit", hits
