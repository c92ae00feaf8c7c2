"""Dutch building blocks for synthetic data: names, addresses, and identifiers that pass their checks.

Everything takes a ``random.Random`` so callers stay deterministic by seed. The identifier checks
(``is_valid_bsn``, ``is_valid_iban``, from ``transforms.identifiers.checksums``) are the same ones the
recognizers, the notation finder and the expectations use.
"""
from __future__ import annotations

import random
import string
from dataclasses import dataclass

# The checks live with the other identifier logic (one implementation); re-exported for existing callers.
from transforms.identifiers.checksums import iban_check_digits, is_valid_bsn, is_valid_iban  # noqa: F401

# Given names by origin: the Netherlands' population, not a stereotype of it.
FIRST_NAMES_F = [
    "Anna", "Emma", "Sophie", "Julia", "Lotte", "Sanne", "Femke", "Anouk", "Iris", "Eva", "Noor", "Fleur",
    "Marloes", "Ingrid", "Wilhelmina", "Johanna", "Cornelia", "Geertruida", "Hendrika", "Annemarie", "Marieke",
    "Roos", "Lieke", "Esther", "Ilse", "Mirjam", "Tineke", "Jannie", "Saskia", "Petra",
    "Ayşe", "Elif", "Zeynep", "Fatma", "Emine", "Büşra",  # Turkish
    "Fatima", "Khadija", "Samira", "Naima", "Hanan", "Imane",  # Moroccan
    "Sharmila", "Rachna", "Shanti", "Gaitri", "Jennifer", "Priya",  # Surinamese
    "Agnieszka", "Katarzyna", "Małgorzata", "Joanna", "Magdalena", "Ewa",  # Polish
]
FIRST_NAMES_M = [
    "Daan", "Sem", "Lucas", "Finn", "Jesse", "Thijs", "Bram", "Ruben", "Lars", "Milan", "Jan", "Piet", "Kees",
    "Henk", "Gerrit", "Willem", "Johannes", "Cornelis", "Hendrik", "Pieter", "Jeroen", "Maarten", "Sjoerd",
    "Wouter", "Bas", "Teun", "Joost", "Arjen", "Rutger", "Dirk",
    "Mehmet", "Mustafa", "Ahmet", "Emre", "Burak", "Hüseyin",  # Turkish
    "Mohammed", "Youssef", "Said", "Rachid", "Hamza", "Bilal",  # Moroccan
    "Ravi", "Rishi", "Sunil", "Rakesh", "Dennis", "Glenn",  # Surinamese
    "Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Łukasz",  # Polish
]
# (tussenvoegsel, surname). Several are also ordinary Dutch words (de Boer, Bakker, Visser, de Jong).
SURNAMES: list[tuple[str, str]] = [
    ("de", "Jong"), ("de", "Vries"), ("van den", "Berg"), ("van", "Dijk"), ("", "Bakker"), ("", "Janssen"),
    ("", "Visser"), ("", "Smit"), ("", "Meijer"), ("de", "Boer"), ("", "Mulder"), ("de", "Groot"),
    ("", "Bos"), ("", "Vos"), ("", "Peters"), ("", "Hendriks"), ("van", "Leeuwen"), ("", "Dekker"),
    ("", "Brouwer"), ("de", "Wit"), ("", "Dijkstra"), ("", "Smits"), ("de", "Graaf"), ("van der", "Meer"),
    ("van der", "Linden"), ("", "Kok"), ("", "Jacobs"), ("de", "Haan"), ("", "Vermeulen"), ("van den", "Heuvel"),
    ("van der", "Veen"), ("van den", "Broek"), ("de", "Bruijn"), ("de", "Bruin"), ("van der", "Heijden"),
    ("", "Schouten"), ("van", "Beek"), ("", "Willems"), ("van", "Vliet"), ("", "Hoekstra"), ("ter", "Horst"),
    ("in 't", "Veld"), ("", "Koster"), ("", "Prins"), ("", "Huisman"), ("", "Kuipers"), ("", "Post"),
    ("", "Yılmaz"), ("", "Öztürk"), ("", "Kaya"), ("", "Demir"), ("", "Şahin"), ("", "Çelik"),  # Turkish
    ("El", "Amrani"), ("", "Bouzid"), ("", "Benali"), ("El", "Idrissi"), ("", "Ouali"), ("", "Ait Taleb"),
    ("", "Ramdin"), ("", "Sewnarain"), ("", "Jagesar"), ("", "Biharie"), ("", "Mahabier"), ("", "Kromodimedjo"),
    ("", "Kowalski"), ("", "Nowak"), ("", "Wiśniewski"), ("", "Wójcik"), ("", "Kamińska"), ("", "Lewandowski"),
]

STREET_NAMES = [
    "Kerkstraat", "Schoolstraat", "Dorpsstraat", "Stationsweg", "Molenweg", "Julianalaan", "Beatrixstraat",
    "Wilhelminastraat", "Oranjelaan", "Eikenlaan", "Lindenlaan", "Kastanjelaan", "Parklaan", "Nieuwstraat",
    "Marktplein", "Havenstraat", "Prinsengracht", "Herengracht", "Sweelinckstraat", "Vaartweg", "Gijsbrecht van "
    "Amstelstraat", "Larenseweg", "Soestdijkerstraatweg", "Bussumergrintweg", "Burgemeester Wuytierslaan",
    "Van Riebeeckstraat", "Johannes Verhulststraat", "Koninginneweg", "Utrechtseweg", "Amsterdamsestraatweg",
    "Laan van Meerdervoort", "Coolsingel", "Stratumseind", "Oude Ebbingestraat", "Diezerstraat", "Langestraat",
]


@dataclass(frozen=True)
class Place:
    """A town with the PC4 postcode range its practices and patients draw from."""

    city: str
    pc4_low: int
    pc4_high: int
    area_code: str  # landline netnummer
    province: str


PLACES: list[Place] = [
    Place("Hilversum", 1211, 1223, "035", "Noord-Holland"),
    Place("Amsterdam", 1011, 1109, "020", "Noord-Holland"),
    Place("Haarlem", 2011, 2037, "023", "Noord-Holland"),
    Place("Utrecht", 3511, 3585, "030", "Utrecht"),
    Place("Amersfoort", 3811, 3829, "033", "Utrecht"),
    Place("Rotterdam", 3011, 3089, "010", "Zuid-Holland"),
    Place("Den Haag", 2491, 2597, "070", "Zuid-Holland"),
    Place("Eindhoven", 5611, 5658, "040", "Noord-Brabant"),
    Place("Zwolle", 8011, 8043, "038", "Overijssel"),
    Place("Groningen", 9711, 9747, "050", "Groningen"),
    # Small villages: the small cells k-anonymity has to deal with.
    Place("Baarle-Nassau", 5111, 5111, "013", "Noord-Brabant"),
    Place("Schiermonnikoog", 9166, 9166, "0519", "Friesland"),
]
# Weights roughly by population, villages rare.
PLACE_WEIGHTS = [6, 20, 5, 9, 5, 15, 12, 6, 4, 5, 0.3, 0.1]

BANK_CODES = ["ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ", "RBRB"]

# (UZOVI code, insurer): the codes are the insurer's identifier on a claim.
INSURERS: list[tuple[str, str]] = [
    ("3311", "Zilveren Kruis"), ("7095", "VGZ"), ("9018", "CZ"), ("3332", "Menzis"), ("0203", "DSW"),
    ("3343", "ONVZ"), ("7053", "Zorg en Zekerheid"),
]

# Vektis-style dental treatment codes (prestatiecodes), with their group letter and a description.
TREATMENT_CODES: list[tuple[str, str, bool]] = [
    # code, omschrijving, tied to a tooth element
    ("C11", "Periodiek preventief onderzoek", False),
    ("C13", "Probleemgericht consult", False),
    ("C22", "Aanvullend onderzoek", False),
    ("M03", "Gebitsreiniging per 5 minuten", False),
    ("M40", "Fluoridebehandeling", False),
    ("A10", "Geleidings-, infiltratie- en/of intraligamentaire verdoving", True),
    ("V91", "Eenvlaks composietrestauratie", True),
    ("V92", "Tweevlaks composietrestauratie", True),
    ("V93", "Drievlaks composietrestauratie", True),
    ("V94", "Meervlaks composietrestauratie", True),
    ("E13", "Wortelkanaalbehandeling per element", True),
    ("H11", "Trekken van een element", True),
    ("H35", "Hechten weke delen", False),
    ("X10", "Kleine röntgenfoto", True),
    ("X21", "Kaakoverzichtsfoto (OPG)", False),
    ("T022", "Parodontaal onderzoek (DPSI)", False),
    ("R24", "Kroon op natuurlijk element", True),
    ("G69", "Opbeetplaat", False),
    ("F121", "Consult orthodontie", False),  # orthodontics
    ("B22", "Verdoving (orthodontie)", False),
]

PERMANENT_ELEMENTS = [q * 10 + n for q in (1, 2, 3, 4) for n in range(1, 9)]
DECIDUOUS_ELEMENTS = [q * 10 + n for q in (5, 6, 7, 8) for n in range(1, 6)]

DRUGS = [
    "articaïne 4% met adrenaline 1:100.000", "lidocaïne 2%", "amoxicilline 500 mg 3dd", "ibuprofen 400 mg",
    "paracetamol 500 mg", "chloorhexidine 0,12% spoeling", "clindamycine 300 mg 4dd", "metronidazol 500 mg",
]


def weighted_place(rng: random.Random) -> Place:
    return rng.choices(PLACES, weights=PLACE_WEIGHTS, k=1)[0]


def initials(first_name: str) -> str:
    return first_name[0].upper() + "."


def full_surname(prefix: str, surname: str) -> str:
    return f"{prefix} {surname}".strip()


# --- identifiers with checks ---------------------------------------------------------------------

def bsn(rng: random.Random) -> str:
    """A random 9-digit number that passes the 11-proef."""
    while True:
        head = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        check = sum(d * w for d, w in zip(head, range(9, 1, -1))) % 11
        if check < 10:
            return "".join(map(str, head)) + str(check)


def iban_nl(rng: random.Random) -> str:
    """A Dutch IBAN (compact form, e.g. NL91ABNA0417164300) with valid check digits."""
    bban = rng.choice(BANK_CODES) + "".join(rng.choice(string.digits) for _ in range(10))
    return "NL" + iban_check_digits("NL", bban) + bban


def format_iban(compact: str) -> str:
    """The printed form, in groups of four: NL91 ABNA 0417 1643 00."""
    return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))


def mobile_number(rng: random.Random) -> str:
    """A Dutch mobile number in its canonical national form: 06 followed by 8 digits."""
    return "06" + "".join(rng.choice(string.digits) for _ in range(8))


def landline_number(rng: random.Random, place: Place) -> str:
    """A landline number with the place's area code: 10 digits in national form."""
    rest = 10 - len(place.area_code)
    return place.area_code + str(rng.randint(2, 9)) + "".join(rng.choice(string.digits) for _ in range(rest - 1))


def format_phone(rng: random.Random, national: str) -> str:
    """One of the ways Dutch people write a phone number, chosen at random."""
    if national.startswith("06"):
        digits = national[2:]
        return rng.choice([
            f"06-{digits}", f"06 {digits}", f"06 {digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}",
            f"+31 6 {digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}", f"+316{digits}", f"0031 6 {digits}",
            f"06{digits}", f"(06) {digits[:4]} {digits[4:]}",
        ])
    area = national[:4] if national.startswith(("0519",)) else national[:3]
    rest = national[len(area):]
    return rng.choice([
        f"{area}-{rest}", f"{area} {rest}", f"({area}) {rest}", f"+31 {area[1:]} {rest}", f"0031 {area[1:]} {rest}",
        f"{area}-{rest[:3]} {rest[3:]}", national,
    ])


def postcode(rng: random.Random, place: Place) -> str:
    """A postcode in the place's PC4 range, written '1213 AB'. SA, SD and SS are not issued."""
    pc4 = rng.randint(place.pc4_low, place.pc4_high)
    while True:
        letters = rng.choice(string.ascii_uppercase) + rng.choice(string.ascii_uppercase)
        if letters not in {"SA", "SD", "SS"}:
            return f"{pc4} {letters}"


def house_number(rng: random.Random) -> str:
    number = str(rng.randint(1, 250))
    suffix = rng.choices(["", "a", "b", "-2", " hs", "-1"], weights=[85, 4, 3, 3, 3, 2])[0]
    return number + suffix


def agb_code(rng: random.Random, kind: str = "12") -> str:
    """AGB code: 8 digits, the first two the kind of care provider (12 = tandarts, 02 = instelling)."""
    return kind + "".join(rng.choice(string.digits) for _ in range(6))


def big_number(rng: random.Random) -> str:
    """BIG register number: 11 digits, ending in the profession code (12 = tandarts)."""
    return "".join(rng.choice(string.digits) for _ in range(9)) + "12"


def email_address(rng: random.Random, first: str, prefix: str, surname: str) -> str:
    import unicodedata

    def ascii_fold(value: str) -> str:
        value = value.replace("ł", "l").replace("Ł", "L").replace("ı", "i")
        return unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()

    last = ascii_fold((prefix + surname).replace(" ", "").replace("'", ""))
    first_ascii = ascii_fold(first)
    domain = rng.choice(["gmail.com", "hotmail.com", "outlook.com", "ziggo.nl", "kpnmail.nl", "live.nl",
                         "xs4all.nl", "planet.nl", "icloud.com"])
    local = rng.choice([f"{first_ascii}.{last}", f"{first_ascii[0]}{last}", f"{first_ascii}{rng.randint(1, 99)}",
                        f"{last}.{first_ascii}"])
    return f"{local}@{domain}"


def ipv4(rng: random.Random) -> str:
    return ".".join(str(rng.randint(1, 254)) for _ in range(4))


# --- additions for the text anonymiser's evaluation corpus ---------------------------------------

# BBAN shapes of neighbouring countries whose accounts Dutch patients use: (country, bank code, digits).
_EU_IBAN_SHAPES: list[tuple[str, str, int]] = [
    ("BE", "", 12), ("DE", "", 18), ("FR", "", 23), ("ES", "", 20), ("PL", "", 24), ("LU", "", 16),
]


def iban_eu(rng: random.Random) -> str:
    """A compact IBAN of another EU country (numeric BBAN shapes only), with valid check digits."""
    country, bank, length = rng.choice(_EU_IBAN_SHAPES)
    bban = bank + "".join(rng.choice(string.digits) for _ in range(length))
    return country + iban_check_digits(country, bban) + bban


DUTCH_MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                "oktober", "november", "december"]
