"""Annotated synthetic Dutch texts: clinical notes, letters, complaints and contact-form messages.

Used twice: the practice-system generator writes notes with :func:`write_text`, and the evaluation
corpus (``eval/text``) stores the same texts with their gold spans, so the anonymiser is measured on
text written the way the notes in the source systems are written.

Each text is assembled from sentence templates chosen at random per kind. A template is plain text
with ``{slot}`` markers; each slot renders to one or more segments, some annotated with a category
(the personal data a reader could recognise a patient by) and some marked as clinical strings that
must survive anonymisation (``keep``). Offsets are computed while assembling, so they are exact.

Fast and dependency-free on purpose (the generator calls it for millions of notes): templates are
parsed once at import, and a slot only computes what it renders.
"""
from __future__ import annotations

import datetime
import random
import re
import string
from dataclasses import dataclass
from typing import Callable

from transforms.sources import dutch

# Gold categories. Direct identifiers are the ones a patient is recognised by on their own.
PERSOON = "PERSOON"
BSN = "BSN"
TELEFOON = "TELEFOON"
EMAIL = "EMAIL"
IBAN = "IBAN"
ADRES = "ADRES"
POSTCODE = "POSTCODE"
LOCATIE = "LOCATIE"
GEBOORTEDATUM = "GEBOORTEDATUM"
DATUM = "DATUM"
LEEFTIJD = "LEEFTIJD"
PATIENTNUMMER = "PATIENTNUMMER"
AGB = "AGB"
UZI = "UZI"
POLISNUMMER = "POLISNUMMER"
URL = "URL"
INSTELLING = "INSTELLING"

CATEGORIES = (PERSOON, BSN, TELEFOON, EMAIL, IBAN, ADRES, POSTCODE, LOCATIE, GEBOORTEDATUM, DATUM, LEEFTIJD,
              PATIENTNUMMER, AGB, UZI, POLISNUMMER, URL, INSTELLING)
DIRECT_IDENTIFIERS = (PERSOON, BSN, TELEFOON, EMAIL, IBAN, ADRES, POSTCODE, GEBOORTEDATUM, PATIENTNUMMER)

_KEEP = "_KEEP"  # segment marker: a clinical string that must survive

TEXT_KINDS = ("anamnese", "bevinding", "behandelplan", "consult", "brief", "klacht", "contactformulier")


@dataclass(frozen=True)
class NoteSubject:
    """The patient a text is about, and who wrote it, as the practice system knows them."""

    first_name: str
    name_prefix: str
    surname: str
    sex: str  # "M" or "V"
    date_of_birth: datetime.date
    bsn: str
    phone: str  # national form, e.g. 0612345678
    email: str
    street: str
    house_number: str
    postcode: str
    city: str
    patient_number: str
    relatives: tuple[str, ...]  # full names of family members
    practitioner: str  # how the author is named, e.g. "tandarts M. de Groot"
    practice: str  # e.g. "Dental Clinics Hilversum"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    category: str
    text: str


@dataclass(frozen=True)
class AnnotatedText:
    text: str
    spans: tuple[Span, ...]
    keep: tuple[str, ...]  # clinical strings that must survive
    keep_spans: tuple[Span, ...] = ()  # where they are (category "KEEP"), for scoring


Segment = tuple[str, "str | None"]


class _Ctx:
    """Per-text state: the subject, the dice, and a few values reused across sentences."""

    __slots__ = ("rng", "s", "on", "_place")

    def __init__(self, rng: random.Random, subject: NoteSubject, written_on: datetime.date) -> None:
        self.rng = rng
        self.s = subject
        self.on = written_on
        self._place: dutch.Place | None = None

    def place(self) -> dutch.Place:
        if self._place is None:
            self._place = _PLACE_BY_CITY.get(self.s.city) or dutch.weighted_place(self.rng)
        return self._place


_PLACE_BY_CITY = {p.city: p for p in dutch.PLACES}
_FEMALE = set(dutch.FIRST_NAMES_F)
_MALE = set(dutch.FIRST_NAMES_M)
_ROLE_WORDS = {"tandarts", "mondhygiënist", "mondhygienist", "orthodontist", "kaakchirurg", "assistente",
               "tandartsassistent", "tandartsassistente", "preventieassistent", "preventieassistente",
               "tandprotheticus", "implantoloog", "endodontoloog", "parodontoloog", "dr.", "drs.", "tandarts-"}
_PREFIXES = {"de", "van", "der", "den", "ter", "ten", "in", "'t", "het", "la", "le", "el", "al", "von", "da", "dos"}


# --- name forms ----------------------------------------------------------------------------------

def _surname(prefix: str, surname: str, capital: bool) -> str:
    """'de Boer' after a first name or initial; 'De Boer' when the surname stands alone."""
    if not prefix:
        return surname
    if capital:
        prefix = prefix[0].upper() + prefix[1:]
    return f"{prefix} {surname}"


def _initials(rng: random.Random, first: str) -> str:
    extra = rng.random()
    if extra < 0.6:
        return first[0].upper() + "."
    second = rng.choice("ACEHJMPRW")
    return f"{first[0].upper()}.{second}." if extra < 0.9 else f"{first[0].upper()}{second}"


def _person_name(rng: random.Random, first: str, prefix: str, surname: str) -> str:
    """One of the ways a Dutch clinician writes a full name."""
    r = rng.random()
    if r < 0.45:
        return f"{first} {_surname(prefix, surname, False)}"
    if r < 0.75:
        return f"{_initials(rng, first)} {_surname(prefix, surname, False)}"
    if r < 0.92:
        return _surname(prefix, surname, rng.random() < 0.7)
    return first


def _split_name(full: str) -> tuple[str, str, str]:
    """'Fatima El Amrani' -> ('Fatima', '', 'El Amrani'); 'Piet de Vries' -> ('Piet', 'de', 'Vries')."""
    parts = full.split()
    if len(parts) == 1:
        return parts[0], "", ""
    first, rest = parts[0], parts[1:]
    prefix: list[str] = []
    while len(rest) > 1 and rest[0] in _PREFIXES:
        prefix.append(rest.pop(0))
    return first, " ".join(prefix), " ".join(rest)


def _title(rng: random.Random, sex: str) -> str:
    if sex == "V":
        return rng.choice(["mevr. ", "mw. ", "Mevr. ", "mevrouw ", "Mw. ", "pt. ", "patiënte ", "Pte. "])
    return rng.choice(["dhr. ", "Dhr. ", "de heer ", "pt. ", "patiënt ", "Pt. ", "meneer "])


def _practitioner(s: NoteSubject) -> tuple[str, str]:
    """Split 'tandarts-implantoloog M. de Groot' into the role words (not personal) and the name.

    Role words are the known ones and any leading lower-case word that is not a tussenvoegsel
    (names and initials start with a capital; 'de Groot' without initials keeps its 'de')."""
    words = s.practitioner.split()
    i = 0
    while i < len(words) - 1 and (words[i].lower() in _ROLE_WORDS
                                  or (words[i][:1].islower() and words[i] not in _PREFIXES)):
        i += 1
    role = " ".join(words[:i])
    return (role + " " if role else ""), " ".join(words[i:])


# --- slots: each returns the segments it renders ----------------------------------------------

def _pt(c: _Ctx) -> list[Segment]:
    s, rng = c.s, c.rng
    r = rng.random()
    if r < 0.5:
        name = _surname(s.name_prefix, s.surname, rng.random() < 0.6)
    elif r < 0.8:
        name = _person_name(rng, s.first_name, s.name_prefix, s.surname)
    else:
        name = f"{_initials(rng, s.first_name)} {_surname(s.name_prefix, s.surname, False)}"
    if rng.random() < 0.04:  # hurried typing
        name = name.lower()
    return [(_title(rng, s.sex), None), (name, PERSOON)]


def _pt_vol(c: _Ctx) -> list[Segment]:
    s, rng = c.s, c.rng
    if rng.random() < 0.75:
        name = f"{s.first_name} {_surname(s.name_prefix, s.surname, False)}"
    else:
        name = f"{_initials(rng, s.first_name)} {_surname(s.name_prefix, s.surname, False)}"
    return [(name, PERSOON)]


def _pt_eigen(c: _Ctx) -> list[Segment]:
    """How patients write their own name: often all lower case, sometimes first name only."""
    s, rng = c.s, c.rng
    name = f"{s.first_name} {_surname(s.name_prefix, s.surname, False)}"
    r = rng.random()
    if r < 0.2:
        name = name.lower()
    elif r < 0.35:
        name = s.first_name
    return [(name, PERSOON)]


def _pt_voornaam(c: _Ctx) -> list[Segment]:
    return [(c.s.first_name, PERSOON)]


def _pt_achternaam(c: _Ctx) -> list[Segment]:
    return [(_surname(c.s.name_prefix, c.s.surname, c.rng.random() < 0.7), PERSOON)]


def _relative(c: _Ctx) -> tuple[str, str]:
    rng = c.rng
    if c.s.relatives:
        full = rng.choice(c.s.relatives)
    else:
        p, sn = rng.choice(dutch.SURNAMES)
        full = f"{rng.choice(dutch.FIRST_NAMES_F + dutch.FIRST_NAMES_M)} {_surname(p, sn, False)}"
    first = full.split()[0]
    if first in _FEMALE:
        rel = rng.choice(["moeder", "dochter", "echtgenote", "partner", "zus", "oma"])
    elif first in _MALE:
        rel = rng.choice(["vader", "zoon", "echtgenoot", "partner", "broer", "opa"])
    else:
        rel = rng.choice(["partner", "ouder", "contactpersoon"])
    return rel, full


def _fam(c: _Ctx) -> list[Segment]:
    rel, full = _relative(c)
    first, prefix, surname = _split_name(full)
    name = _person_name(c.rng, first, prefix, surname) if surname else first
    return [(rel + " ", None), (name, PERSOON)]


def _fam_naam(c: _Ctx) -> list[Segment]:
    _, full = _relative(c)
    first = full.split()[0]
    return [(first if c.rng.random() < 0.5 else full, PERSOON)]


def _beh(c: _Ctx) -> list[Segment]:
    role, name = _practitioner(c.s)
    return [(role, None), (name, PERSOON)] if role else [(name, PERSOON)]


def _beh_naam(c: _Ctx) -> list[Segment]:
    return [(_practitioner(c.s)[1], PERSOON)]


def _staff(c: _Ctx, roles: list[str]) -> list[Segment]:
    rng = c.rng
    first = rng.choice(dutch.FIRST_NAMES_F if rng.random() < 0.7 else dutch.FIRST_NAMES_M)
    prefix, surname = rng.choice(dutch.SURNAMES)
    return [(rng.choice(roles) + " ", None), (_person_name(rng, first, prefix, surname), PERSOON)]


def _collega(c: _Ctx) -> list[Segment]:
    return _staff(c, ["mondhygiënist", "MH", "assistente", "preventieassistente", "collega", "tandarts",
                      "orthodontist", "PA"])


def _huisarts(c: _Ctx) -> list[Segment]:
    rng = c.rng
    prefix, surname = rng.choice(dutch.SURNAMES)
    first = rng.choice(dutch.FIRST_NAMES_F + dutch.FIRST_NAMES_M)
    name = _surname(prefix, surname, True) if rng.random() < 0.5 else _person_name(rng, first, prefix, surname)
    return [(rng.choice(["huisarts ", "HA ", "huisarts dr. ", "kaakchirurg ", "cardioloog dr. "]), None),
            (name, PERSOON)]


def _bsn(c: _Ctx) -> list[Segment]:
    b = c.s.bsn
    r = c.rng.random()
    if r < 0.5:
        text = b
    elif r < 0.7:
        text = f"{b[:4]}.{b[4:6]}.{b[6:]}"
    elif r < 0.85:
        text = f"{b[:3]} {b[3:6]} {b[6:]}"
    else:
        text = f"{b[:3]}.{b[3:6]}.{b[6:]}"
    return [(text, BSN)]


def _tel(c: _Ctx) -> list[Segment]:
    return [(dutch.format_phone(c.rng, c.s.phone), TELEFOON)]


def _tel_vast(c: _Ctx) -> list[Segment]:
    return [(dutch.format_phone(c.rng, dutch.landline_number(c.rng, c.place())), TELEFOON)]


def _email(c: _Ctx) -> list[Segment]:
    return [(c.s.email, EMAIL)]


def _iban(c: _Ctx) -> list[Segment]:
    rng = c.rng
    compact = dutch.iban_nl(rng) if rng.random() < 0.85 else dutch.iban_eu(rng)
    r = rng.random()
    text = dutch.format_iban(compact) if r < 0.5 else (compact if r < 0.9 else dutch.format_iban(compact).lower())
    return [(text, IBAN)]


def _adres(c: _Ctx) -> list[Segment]:
    return [(f"{c.s.street} {c.s.house_number}", ADRES)]


def _pc(c: _Ctx) -> list[Segment]:
    pc = c.s.postcode
    r = c.rng.random()
    if r < 0.3:
        pc = pc.replace(" ", "")
    elif r < 0.4:
        pc = pc.replace(" ", "").lower()
    return [(pc, POSTCODE)]


def _plaats(c: _Ctx) -> list[Segment]:
    return [(c.s.city, LOCATIE)]


def _pc_plaats(c: _Ctx) -> list[Segment]:
    sep = c.rng.choice([" ", "  ", " "])
    return _pc(c) + [(sep, None)] + _plaats(c)


def _format_date(rng: random.Random, d: datetime.date, year: bool = True) -> str:
    r = rng.random()
    if not year:
        return rng.choice([f"{d.day} {dutch.DUTCH_MONTHS[d.month - 1]}", f"{d.day}/{d.month}", f"{d.day}-{d.month}"])
    if r < 0.3:
        return f"{d.day:02d}-{d.month:02d}-{d.year}"
    if r < 0.5:
        return f"{d.day}-{d.month}-{d.year}"
    if r < 0.65:
        return f"{d.day} {dutch.DUTCH_MONTHS[d.month - 1]} {d.year}"
    if r < 0.75:
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if r < 0.85:
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if r < 0.93:
        return f"{d.day}-{d.month}-{d.year % 100:02d}"
    return d.isoformat()


def _gebdat(c: _Ctx) -> list[Segment]:
    return [(_format_date(c.rng, c.s.date_of_birth), GEBOORTEDATUM)]


def _datum(c: _Ctx) -> list[Segment]:
    d = c.on - datetime.timedelta(days=c.rng.randint(0, 400))
    return [(_format_date(c.rng, d, year=c.rng.random() < 0.8), DATUM)]


def _vandaag(c: _Ctx) -> list[Segment]:
    return [(_format_date(c.rng, c.on), DATUM)]


def _leeftijd(c: _Ctx) -> list[Segment]:
    age = max(1, (c.on - c.s.date_of_birth).days // 365)
    return [(c.rng.choice([f"{age} jaar", f"{age}-jarige", f"{age} jr", f"{age} jaar oud"]), LEEFTIJD)]


def _patnr(c: _Ctx) -> list[Segment]:
    return [(c.s.patient_number, PATIENTNUMMER)]


def _praktijk(c: _Ctx) -> list[Segment]:
    return [(c.s.practice, INSTELLING)]


_INSTELLINGEN = [
    "Tandartspraktijk De Glimlach", "Mondzorgcentrum Zuid", "Orthodontiepraktijk Smile", "Tandartsenpraktijk Het Gooi",
    "Centrum voor Bijzondere Tandheelkunde", "Tandheelkundig Centrum Oost", "Kaakchirurgie Tergooi MC",
    "Meander Medisch Centrum", "UMC Utrecht", "Amsterdam UMC", "Erasmus MC", "Isala", "Maxima MC",
    "Mondzorg Plus", "Tandartspraktijk Van Dam", "Praktijk voor Parodontologie Noord", "ACTA",
]


def _instelling(c: _Ctx) -> list[Segment]:
    return [(c.rng.choice(_INSTELLINGEN), INSTELLING)]


def _agb(c: _Ctx) -> list[Segment]:
    return [(dutch.agb_code(c.rng), AGB)]


def _uzi(c: _Ctx) -> list[Segment]:
    return [("9000" + "".join(c.rng.choice(string.digits) for _ in range(5)), UZI)]


def _polis(c: _Ctx) -> list[Segment]:
    rng = c.rng
    n = rng.choice([6, 8, 9, 10])
    digits = "".join(rng.choice(string.digits) for _ in range(n))
    return [(digits if rng.random() < 0.8 else f"{digits[:3]}-{digits[3:]}", POLISNUMMER)]


def _verzekeraar(c: _Ctx) -> list[Segment]:
    return [(c.rng.choice(dutch.INSURERS)[1], None)]


def _url(c: _Ctx) -> list[Segment]:
    s = c.s
    handle = s.email.split("@")[0]
    return [(c.rng.choice([f"www.facebook.com/{handle}", f"https://www.linkedin.com/in/{handle}",
                           f"instagram.com/{handle}"]), URL)]


# Clinical slots: what the dentist wrote about teeth. Each rendered string must survive.

def _element_number(rng: random.Random) -> int:
    return rng.choice(dutch.PERMANENT_ELEMENTS if rng.random() < 0.9 else dutch.DECIDUOUS_ELEMENTS)


def _el(c: _Ctx) -> list[Segment]:
    rng = c.rng
    n = _element_number(rng)
    form = rng.choice(["element {n}", "elem. {n}", "el. {n}", "de {n}", "kies {n}", "{n}", "element {n}",
                       "tand {n}"])
    if form.startswith("kies") and n % 10 < 4:
        form = "element {n}"
    return [(form.format(n=n), _KEEP)]


def _dpsi(c: _Ctx) -> list[Segment]:
    rng = c.rng
    return [(f"DPSI {rng.choice(['0', '1', '2', '3-', '3+', '4'])}", _KEEP)]


def _dpsi_kaart(c: _Ctx) -> list[Segment]:
    rng = c.rng
    scores = " ".join(rng.choice(["1", "2", "3-", "3+", "4"]) for _ in range(6))
    return [("DPSI: ", None), (scores, _KEEP)]


def _code(c: _Ctx) -> list[Segment]:
    rng = c.rng
    code = rng.choice(dutch.TREATMENT_CODES)[0]
    r = rng.random()
    text = f"{code} {rng.randint(2, 4)}x" if r < 0.3 else code
    return [(text, _KEEP)]


def _drug(c: _Ctx) -> list[Segment]:
    return [(c.rng.choice(dutch.DRUGS), _KEEP)]


def _maat(c: _Ctx) -> list[Segment]:
    rng = c.rng
    return [(rng.choice([f"pocketdiepte {rng.randint(4, 9)} mm", f"{rng.randint(4, 9)} mm", f"BoP {rng.randint(1, 9)}0%",
                         f"PPD {rng.randint(4, 8)} mm", f"mobiliteit graad {rng.randint(1, 3)}",
                         f"recessie {rng.randint(1, 4)} mm", f"plaque-index {rng.randint(10, 90)}%"]), _KEEP)]


def _verdoving(c: _Ctx) -> list[Segment]:
    rng = c.rng
    return [(rng.choice(["1 carpule articaïne 4%", "2 carpules articaïne", "1,7 ml articaïne 4% 1:100.000",
                         "lidocaïne 2% 1,8 ml", "2x 1,7 ml Ultracain D-S forte", "1 carp. Septanest"]), _KEEP)]


SLOTS: dict[str, Callable[[_Ctx], list[Segment]]] = {
    "pt": _pt, "pt_vol": _pt_vol, "pt_eigen": _pt_eigen, "pt_voornaam": _pt_voornaam, "pt_achternaam": _pt_achternaam,
    "fam": _fam, "fam_naam": _fam_naam, "beh": _beh, "beh_naam": _beh_naam, "collega": _collega,
    "huisarts": _huisarts, "bsn": _bsn, "tel": _tel, "tel_vast": _tel_vast, "email": _email, "iban": _iban,
    "adres": _adres, "pc": _pc, "plaats": _plaats, "pc_plaats": _pc_plaats, "gebdat": _gebdat, "datum": _datum,
    "vandaag": _vandaag, "leeftijd": _leeftijd, "patnr": _patnr, "praktijk": _praktijk, "instelling": _instelling,
    "agb": _agb, "uzi": _uzi, "polis": _polis, "verzekeraar": _verzekeraar, "url": _url,
    "el": _el, "el2": _el, "dpsi": _dpsi, "dpsi_kaart": _dpsi_kaart, "code": _code, "code2": _code, "drug": _drug,
    "maat": _maat, "verdoving": _verdoving,
}

# --- templates, by kind ---------------------------------------------------------------------------

_ANAMNESE = [
    "Anamnese {pt} (geb. {gebdat}), {leeftijd}.",
    "Pt. meldt geen wijzigingen in de medische anamnese sinds {datum}.",
    "Medicatie: {drug}. Geen allergieën bekend.",
    "Gebruikt ascal i.v.m. hartklachten; i.o.m. {huisarts} niet gestaakt.",
    "{pt_vol} is {leeftijd}, rookt 10 sig./dag, alcohol af en toe.",
    "Komt samen met {fam} voor controle.",
    "Angstige pt., vorige keer bijna flauwgevallen bij verdoving bij {instelling}.",
    "Med. voorgeschiedenis: DM type 2, goed ingesteld. Huisarts: {huisarts} te {plaats}.",
    "Pte. is zwanger (14 wk), voorlopig geen röntgenopnamen.",
    "BSN {bsn} gecontroleerd met ID-kaart.",
    "Patiëntnr. {patnr}, verwezen door {instelling}.",
    "Bruxisme, klaagt over pijn in kaakgewricht li. bij het opstaan.",
    "Vorige tandarts: {instelling} in {plaats}, laatste controle {datum}.",
    "Allergie voor penicilline, daarom bij infectie {drug}.",
    "Pt. werkt als bakker en eet veel tussendoor, poetst 1x per dag.",
    "{fam} geeft aan dat {pt_voornaam} 's nachts knarst.",
    "Gebruikt {drug} en bisfosfonaten (sinds 2019), let op bij extracties!",
    "Hartklepvervanging in {datum}, profylaxe volgens richtlijn: {drug}.",
    "Wonend {adres}, {pc_plaats}; tel. {tel}.",
    "Pt. geeft aan dat de {el} al weken gevoelig is bij koud.",
    "Sinds verhuizing naar {plaats} niet meer bij tandarts geweest.",
    "Medicatieoverzicht opgevraagd bij apotheek, ontvangen op {datum}.",
    "Epilepsie, laatste aanval {datum}. Geen contra-indicatie voor behandeling.",
    "Pt. {pt_achternaam} heeft een beugel gehad (ortho bij {instelling}).",
]

_BEVINDING = [
    "{el} cariës distaal, {el2} verkleuring occlusaal.",
    "{dpsi}, {maat} bij {el}.",
    "Pocketdiepte {el} mesiaal 6 mm, BoP+.",
    "X10 gemaakt van {el}: periapicale radiolucentie zichtbaar.",
    "Gingiva ontstoken rond {el} en {el2}, veel plaque en tandsteen.",
    "{el}: {maat}.",
    "Insp.: {el} fractuur palatinale knobbel, {el2} oude amalgaamvulling lekt.",
    "OPG d.d. {datum}: {el} geïmpacteerd, verder geen bijzonderheden.",
    "Pt. {pt_achternaam} klaagt over gevoeligheid bij koud in {el}.",
    "Vitaliteitstest {el}: negatief; percussie +.",
    "{dpsi_kaart}",
    "Slijtage incisaal, vermoedelijk bruxisme; {el} en {el2} ook erosie.",
    "BW's gemaakt: approximale cariës {el}, {el2}.",
    "Mondhygiëne matig, {maat}.",
    "Zwelling buccaal bij {el}, fluctuerend, geen koorts.",
    "Gebitsstatus besproken met {pt}.",
    "Restauratie {el} in orde, {el2} randlekkage.",
    "Bevindingen door {collega} genoteerd op {vandaag}.",
    "{el} gaat door, z.i. extractie geïndiceerd.",
    "Geen afwijkingen aan mondslijmvlies; tong en palatum z.b.",
]

_BEHANDELPLAN = [
    "Plan: {code} {el}, daarna {code2} i.o.m. pt.",
    "Extractie {el} o.v.v. {beh}.",
    "Wortelkanaalbehandeling {el} in 2 zittingen, verdoving {verdoving}.",
    "Volgende afspraak op {datum} bij {collega}.",
    "Begroting ca. € 450, pt. gaat na bij {verzekeraar} (polisnr. {polis}).",
    "Verwijzing naar {instelling} voor implantaat regio {el}.",
    "Bij pijn {drug}.",
    "Recall 6 mnd: {code} + {code2}.",
    "Parodontale behandeling: {dpsi}, eerst {code} 4x, herevaluatie over 3 mnd.",
    "Kroon {el} (R24) na opbouw, kleur A2.",
    "Pt. akkoord met plan, toestemming mondeling gegeven ({vandaag}).",
    "Overleg met {huisarts} over bloedverdunners voor extractie {el}.",
    "Orthodontische verwijzing voor {pt_voornaam} ({leeftijd}).",
    "Fluoride-applicatie ({code}) elke 6 mnd, poetsinstructie herhalen.",
    "Behandelplan verstuurd naar {email}.",
    "Machtiging aangevraagd bij {verzekeraar}, relatienr. {polis}.",
    "{pt} wil eerst nadenken, belt terug op {tel}.",
    "Opbeetplaat ({code}) aanmeten, afdruk {datum}.",
    "Plan besproken met {fam}, die de rekening betaalt.",
    "Pt. wordt doorverwezen naar {collega} voor {code}.",
]

_CONSULT = [
    "{datum}: {pt} komt met pijn {el} sinds 3 dagen.",
    "Tel. contact met {fam}, pt. heeft koorts.",
    "Pt. gebeld op {tel}, voicemail ingesproken.",
    "Behandeling: {code} {el}, {verdoving}.",
    "Pt. vraagt kopie dossier, te mailen naar {email}.",
    "Afspraak verzet, nieuw nummer {tel}.",
    "Na {verdoving} {el} geëxtraheerd zonder complicaties, gehecht ({code}).",
    "Nazorg besproken, bij nabloeding bellen naar de praktijk.",
    "Behandeld door {beh_naam}; assistentie {collega}.",
    "{pt_achternaam} vandaag niet verschenen, wordt in rekening gebracht.",
    "Pt. heeft {drug} gebruikt, pijn minder.",
    "Vulling {el} vervangen, {code}, occlusie gecontroleerd.",
    "{code} {code2}, {el} gepolijst.",
    "{pt_voornaam} was erg angstig, {fam} aanwezig tijdens behandeling.",
    "Consult {vandaag}, pt. {patnr}.",
    "Pt. geeft aan geen tijd te hebben, belt zelf terug ({tel_vast}).",
    "Pt. vraagt naar bleken, info meegegeven.",
    "Tijdelijke vulling {el}, definitief volgende keer.",
    "Röntgen {el} besproken met pt.",
    "Voor vragen: {tel_vast} (praktijk {praktijk}).",
    "Mondhygiëne besproken; {maat}, {dpsi}.",
]

_BRIEF_BODY = [
    "Bovengenoemde patiënt bezocht onze praktijk op {datum} met klachten van {el}.",
    "Graag uw beoordeling van {el} i.v.m. persisterende pijn na {code}.",
    "Op de bijgevoegde X10 ziet u een periapicale afwijking bij {el}.",
    "Patiënt gebruikt {drug}.",
    "{pt_achternaam} is bekend met {dpsi} en {maat}.",
    "De behandeling werd uitgevoerd onder {verdoving}.",
    "Wij verzoeken u {pt} op te roepen voor een consult.",
    "Patiënt is telefonisch bereikbaar op {tel}.",
    "Eerder behandeld bij {instelling}.",
    "Bij vragen kunt u contact opnemen met {collega}.",
    "Het verslag van de behandeling op {datum} is bijgevoegd.",
]

_KLACHT = [
    "Ik ben {pt_eigen} en ik wil een klacht indienen over mijn behandeling op {datum} bij {beh}.",
    "Mijn patiëntnummer is {patnr}.",
    "Op de factuur staat {code} terwijl ik maar één keer ben geweest.",
    "Ik heb het bedrag al overgemaakt van rekening {iban} maar volgens jullie staat het nog open.",
    "Graag het teveel betaalde terugstorten op {iban} t.n.v. {pt_eigen}.",
    "U kunt mij bereiken op {tel} of via {email}.",
    "Mijn {fam} was erbij en kan het bevestigen.",
    "Na de behandeling van {el} heb ik nog steeds pijn.",
    "De assistente ({collega}) was erg onvriendelijk.",
    "Ik woon op {adres} in {plaats}, de brief is nooit aangekomen.",
    "Mijn BSN is {bsn} als jullie dat nodig hebben.",
    "Ik ben geboren op {gebdat}, dus de gegevens op de rekening kloppen niet.",
    "Ik wacht al sinds {datum} op een reactie.",
    "Mijn zorgverzekeraar {verzekeraar} vergoedt dit niet, polisnummer {polis}.",
    "Ik overweeg een klacht in te dienen bij het KNMT.",
    "Mijn dochter {fam_naam} is ook patiënt bij jullie en heeft hetzelfde probleem.",
    "Het gaat om de behandeling door {beh_naam}.",
    "Ik wil graag een kopie van mijn dossier.",
]

_CONTACT = [
    "Hallo, ik wil graag een afspraak maken voor mijn {fam} ({leeftijd}).",
    "Ik ben net verhuisd naar {plaats} ({adres}, {pc}) en zoek een nieuwe tandarts.",
    "Mijn BSN is {bsn}.",
    "Kunnen jullie mij terugbellen op {tel}?",
    "Ik heb al een week kiespijn, links onder, ik denk {el}.",
    "Is er plek bij {praktijk}? Mijn vorige tandarts was {instelling}.",
    "Mijn patiëntnummer is {patnr} denk ik.",
    "Ik heb een vraag over de factuur van {datum}, ik heb betaald met {iban}.",
    "Zie ook mijn profiel {url}.",
    "Groetjes {pt_eigen}",
    "Mvg, {pt_eigen}",
    "Ik ben {leeftijd} en erg bang voor de tandarts.",
    "Mijn man {fam_naam} wil ook graag ingeschreven worden.",
    "Ik ben bereikbaar na 17.00 uur.",
    "Graag een afspraak bij {beh_naam} als dat kan.",
]

_CONTACT_FIELDS = [
    (["Naam: ", "Voor- en achternaam: ", "Uw naam: ", "naam: "], "pt_eigen"),
    (["E-mail: ", "E-mailadres: ", "Email: "], "email"),
    (["Telefoon: ", "Telefoonnummer: ", "Tel: ", "Mobiel: "], "tel"),
    (["Geboortedatum: ", "Geb. datum: ", "Geboren: "], "gebdat"),
    (["Postcode: ", "Postcode + huisnr: "], "pc"),
]

_Part = tuple[str, "str | None"]
_SLOT_RE = re.compile(r"\{(\w+)\}")


def _parse(template: str) -> tuple[_Part, ...]:
    """'Pt. {pt} komt' -> (('Pt. ', None), ('', 'pt'), (' komt', None))."""
    parts: list[_Part] = []
    last = 0
    for m in _SLOT_RE.finditer(template):
        if m.start() > last:
            parts.append((template[last:m.start()], None))
        if m.group(1) not in SLOTS:
            raise KeyError(f"unknown slot {m.group(1)!r} in template")
        parts.append(("", m.group(1)))
        last = m.end()
    if last < len(template):
        parts.append((template[last:], None))
    return tuple(parts)


_POOLS: dict[str, list[tuple[_Part, ...]]] = {
    name: [_parse(t) for t in pool] for name, pool in {
        "anamnese": _ANAMNESE, "bevinding": _BEVINDING, "behandelplan": _BEHANDELPLAN, "consult": _CONSULT,
        "brief": _BRIEF_BODY, "klacht": _KLACHT, "contactformulier": _CONTACT,
    }.items()
}
_LETTER_HEAD = [_parse(t) for t in [
    "{plaats}, {vandaag}\n\nBetreft: {pt_vol}, geb. {gebdat}\nBSN: {bsn}\nAdres: {adres}, {pc_plaats}\n\n"
    "Geachte collega,\n\n",
    "{praktijk}\n{plaats}, {vandaag}\n\nAan: {instelling}\nBetreft: {pt_vol} ({gebdat}), patiëntnr. {patnr}\n\n"
    "Geachte collega,\n\n",
    "Datum: {vandaag}\nBetreft: {pt} - geboren {gebdat} - BSN {bsn}\n\nGeachte {huisarts},\n\n",
]]
_LETTER_FOOT = [_parse(t) for t in [
    "\n\nMet vriendelijke groet,\n\n{beh}\n{praktijk}\nAGB-code {agb}",
    "\n\nMet collegiale groet,\n{beh}\nUZI-nummer {uzi}\n{praktijk}, tel. {tel_vast}",
    "\n\nHoogachtend,\n{beh}",
]]
_KLACHT_HEAD = [_parse(t) for t in [
    "Beste meneer/mevrouw,\n\n", "Geachte heer/mevrouw,\n\n", "", "Aan de klachtenfunctionaris van {praktijk},\n\n",
]]
_SENTENCES_PER_KIND = {"anamnese": (2, 5), "bevinding": (2, 5), "behandelplan": (2, 4), "consult": (2, 5),
                       "brief": (2, 4), "klacht": (3, 6), "contactformulier": (1, 4)}


class _Builder:
    __slots__ = ("chunks", "pos", "spans", "keep", "keep_spans")

    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.pos = 0
        self.spans: list[Span] = []
        self.keep: list[str] = []
        self.keep_spans: list[Span] = []

    def add(self, text: str, category: str | None = None) -> None:
        if not text:
            return
        if category == _KEEP:
            self.keep.append(text)
            self.keep_spans.append(Span(self.pos, self.pos + len(text), "KEEP", text))
        elif category is not None:
            self.spans.append(Span(self.pos, self.pos + len(text), category, text))
        self.chunks.append(text)
        self.pos += len(text)

    def render(self, parts: tuple[_Part, ...], ctx: _Ctx) -> None:
        for literal, slot in parts:
            if slot is None:
                self.add(literal)
            else:
                for text, category in SLOTS[slot](ctx):
                    self.add(text, category)


def write_text(rng: random.Random, subject: NoteSubject, kind: str, written_on: datetime.date) -> AnnotatedText:
    """One text of ``kind`` (see TEXT_KINDS) about ``subject``, with gold spans and clinical keep-strings."""
    if kind not in _POOLS:
        raise ValueError(f"unknown text kind {kind!r}; expected one of {TEXT_KINDS}")
    ctx = _Ctx(rng, subject, written_on)
    b = _Builder()
    low, high = _SENTENCES_PER_KIND[kind]
    sentences = rng.sample(_POOLS[kind], rng.randint(low, high))
    if kind == "brief":
        b.render(rng.choice(_LETTER_HEAD), ctx)
        for i, parts in enumerate(sentences):
            if i:
                b.add(" ")
            b.render(parts, ctx)
        b.render(rng.choice(_LETTER_FOOT), ctx)
    elif kind == "klacht":
        b.render(rng.choice(_KLACHT_HEAD), ctx)
        for i, parts in enumerate(sentences):
            if i:
                b.add(" " if rng.random() < 0.8 else "\n")
            b.render(parts, ctx)
    elif kind == "contactformulier":
        fields = [f for f in _CONTACT_FIELDS if rng.random() < 0.6]
        for labels, slot in fields:
            b.add(rng.choice(labels))
            b.render((("", slot),), ctx)
            b.add("\n")
        b.add(rng.choice(["Bericht: ", "Uw vraag: ", "Opmerking: ", ""]) if fields else "")
        for i, parts in enumerate(sentences):
            if i:
                b.add(" ")
            b.render(parts, ctx)
    else:
        sep = rng.choice([" ", "\n", " "])
        for i, parts in enumerate(sentences):
            if i:
                b.add(sep)
            b.render(parts, ctx)
    return AnnotatedText("".join(b.chunks), tuple(b.spans), tuple(b.keep), tuple(b.keep_spans))


# --- subjects for the evaluation corpus -----------------------------------------------------------

_STAFF_ROLES = ["tandarts", "tandarts", "mondhygiënist", "orthodontist", "tandarts-implantoloog"]


def random_subject(rng: random.Random, patient_number: str | None = None) -> NoteSubject:
    """A synthetic patient with practitioner and practice, for the evaluation corpus and tests."""
    sex = rng.choice("MV")
    first = rng.choice(dutch.FIRST_NAMES_M if sex == "M" else dutch.FIRST_NAMES_F)
    prefix, surname = rng.choice(dutch.SURNAMES)
    place = dutch.weighted_place(rng)
    dob = datetime.date(1940, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 80))
    relatives = []
    for _ in range(rng.randint(1, 3)):
        r_first = rng.choice(dutch.FIRST_NAMES_F + dutch.FIRST_NAMES_M)
        if rng.random() < 0.7:
            relatives.append(f"{r_first} {_surname(prefix, surname, False)}")
        else:
            p2, s2 = rng.choice(dutch.SURNAMES)
            relatives.append(f"{r_first} {_surname(p2, s2, False)}")
    s_first = rng.choice(dutch.FIRST_NAMES_F + dutch.FIRST_NAMES_M)
    s_prefix, s_surname = rng.choice(dutch.SURNAMES)
    practitioner_name = (f"{_initials(rng, s_first)} {_surname(s_prefix, s_surname, False)}" if rng.random() < 0.6
                         else f"{s_first} {_surname(s_prefix, s_surname, False)}")
    if patient_number is None:
        patient_number = (f"EX{rng.randint(0, 999999):06d}" if rng.random() < 0.5
                          else f"P-{rng.randint(0, 9999999):07d}")
    return NoteSubject(
        first_name=first, name_prefix=prefix, surname=surname, sex=sex, date_of_birth=dob,
        bsn=dutch.bsn(rng), phone=dutch.mobile_number(rng) if rng.random() < 0.8 else dutch.landline_number(rng, place),
        email=dutch.email_address(rng, first, prefix, surname), street=rng.choice(dutch.STREET_NAMES),
        house_number=dutch.house_number(rng), postcode=dutch.postcode(rng, place), city=place.city,
        patient_number=patient_number, relatives=tuple(relatives),
        practitioner=f"{rng.choice(_STAFF_ROLES)} {practitioner_name}",
        practice=rng.choice([f"Dental Clinics {place.city}", f"Tandartspraktijk {place.city}-Centrum",
                             f"Dental Clinics {rng.choice(dutch.STREET_NAMES)}"]),
    )
