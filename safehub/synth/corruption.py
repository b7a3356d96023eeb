"""How an agency's record of a person drifts from the truth: names, dates, ids, addresses.

Each agency has a recording `Style` (its habits and error rates). A record is rendered
once, at the end, from the true person, the dates the agency saw them and a random
stream seeded by the record's own id, so every record's errors are stable and
independent of the order in which the world was made.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from safehub.synth import identifiers, keying, names
from safehub.synth.dates import add_years, days
from safehub.synth.duplicates import Given
from safehub.synth.places import SHORT_KINDS, TOWN, Place
from safehub.synth.population import Person

OLD_RECORDS_BEFORE = date(2009, 1, 1)  # records first made before this are "old"


@dataclass(frozen=True)
class Style:
    """One agency's habits when it writes a person down (probabilities per record)."""

    family_case: str = "as_is"  # upper | title | as_is
    given_case: str = "as_is"
    typo: float = 0.02
    nickname: float = 0.03  # the name the person goes by, instead of the given name
    nickname_alias: float = 0.0  # the known-as name kept in other_names
    variant: float = 0.02  # another spelling (Mohammed/Muhammad, Smith/Smyth)
    middle: float = 0.4  # middle names kept in given_names
    swap_order: float = 0.005
    ascii_only: bool = False
    dob_transpose: float = 0.01  # day and month swapped
    dob_partial: float = 0.0
    dob_slip: float = 0.005  # a year keyed one off
    dob_missing: float = 0.0
    old_partial: float = 0.3  # partial dates of birth in old records
    hears_of_changes: float = 0.7  # the record follows a change of surname
    former_in_other: float = 0.5  # the old surname kept in other_names
    address_lag: int = 0  # days the address may trail the last contact
    address_form: str = "full"  # full | short | upper
    nhs: float = 0.0
    nhs_spaced: bool = False
    nhs_miskey: float = 0.0
    upn: bool = False
    upn_miskey: float = 0.0
    pnc: bool = False
    ethnicity: float = 0.8
    phone: float = 0.0
    email: float = 0.0
    stamp_time: bool = False
    polish_masculine: float = 0.0
    kaur_as_surname: float = 0.0
    ethnicity_recode: tuple[tuple[str, str], ...] = ()  # codes the system cannot hold


@dataclass(slots=True, eq=False)
class Record:
    """A person as one agency holds them; the person is the ground truth behind it."""

    record_id: str
    person: Person
    variant: str  # main | historic | alias | clinic | hearsay
    first: date
    last: date
    local_id: str = ""
    alias: str = ""  # the name given, for alias and hearsay records
    given: Given | None = None  # details given instead of the true ones (duplicates.py)
    reason: str = ""  # why the agency holds this person twice, for a second record

    def saw(self, day: date) -> None:
        self.first = min(self.first, day)
        self.last = max(self.last, day)


@dataclass(slots=True)
class _Name:
    given: str
    middle: str
    family: str
    other: list[str]


def render_person(style: Style, record: Record, seed: str) -> dict[str, str]:
    """The persons.csv row an agency writes for this record."""
    rng = random.Random(f"{seed}/{record.record_id}")
    person = record.person
    name = _base_name(style, record, rng)
    _mangle_name(style, name, person, rng)
    given = " ".join(part for part in (name.given, name.middle) if part)
    family = name.family
    if rng.random() < style.swap_order and family and given:
        family, given = given.split(" ")[0], family
    row = {
        "record_id": record.record_id,
        "family_name": _finish(keying.case_style(family, style.family_case), style),
        "given_names": _finish(keying.case_style(given, style.given_case), style),
        "other_names": ";".join(dict.fromkeys(_finish(o, style) for o in name.other if o)),
        "date_of_birth": _date_of_birth(style, record, rng),
        "sex": person.sex if rng.random() > 0.004 else "unknown",
        "ethnicity": _ethnicity(style, person, rng),
        "local_id": record.local_id,
        "recorded_at": _stamp(record.last, style, rng),
        **_identifiers(style, record, rng),
        **_contact(style, record, rng),
    }
    if record.variant in {"hearsay", "clinic"}:
        row.update(nhs_number="", pnc_id="", upn="")
    return row


def _ethnicity(style: Style, person: Person, rng: random.Random) -> str:
    if rng.random() >= style.ethnicity:
        return ""
    return dict(style.ethnicity_recode).get(person.ethnicity, person.ethnicity)


def _finish(text: str, style: Style) -> str:
    text = " ".join(text.split())
    return keying.ascii_fold(text) if style.ascii_only else text


def _base_name(style: Style, record: Record, rng: random.Random) -> _Name:
    person = record.person
    when = record.last if rng.random() < style.hears_of_changes else record.first
    family = person.family_name_on(when)
    other: list[str] = []
    if person.former_family and family == person.family and rng.random() < style.former_in_other:
        other.append(person.former_family)
    if record.variant == "hearsay":
        return _Name(record.alias or person.given, "", "" if rng.random() < 0.8 else family, [])
    if record.variant == "alias":
        return _Name(record.alias, "", names.variant(family, rng) or family, [person.given])
    other.extend(person.aliases if record.variant != "clinic" else [])
    if record.given is not None and record.given.given_name:
        return _Name(record.given.given_name, "", family, other)
    return _Name(person.given, person.middle, family, other)


def _mangle_name(style: Style, name: _Name, person: Person, rng: random.Random) -> None:
    _cultural_forms(style, name, person, rng)
    if rng.random() < style.variant:
        name.given = names.variant(name.given, rng) or name.given
    if rng.random() < style.variant:
        name.family = names.variant(name.family, rng) or name.family
    known_as = names.nickname(name.given, rng)
    if known_as and rng.random() < style.nickname:
        name.given = known_as
        name.middle = ""
    elif known_as and rng.random() < style.nickname_alias:
        name.other.append(known_as)
    if rng.random() >= style.middle and person.culture != "sikh":
        name.middle = ""
    if rng.random() < style.typo:
        name.family = keying.typo(name.family, rng)
    if rng.random() < style.typo / 2:
        name.given = keying.typo(name.given, rng)


def _cultural_forms(style: Style, name: _Name, person: Person, rng: random.Random) -> None:
    """Kaur/Singh recorded as the surname; a girl given her father's Polish surname form."""
    if person.culture == "sikh" and name.middle and rng.random() < style.kaur_as_surname:
        name.other.append(name.family)
        name.family, name.middle = name.middle, ""
    elif person.culture == "sikh" and rng.random() < 0.3:
        name.middle = ""
    if person.culture == "polish" and rng.random() < style.polish_masculine:
        name.family = names.masculine_form(name.family)


def _date_of_birth(style: Style, record: Record, rng: random.Random) -> str:
    dob = record.person.dob
    given = record.given
    if given is not None and given.placeholder_dob:
        # Not known: 1 January of the year guessed from the person's looks, or the 1st.
        year = dob.year + rng.choice((-1, 0, 0, 0, 1))
        return f"{year}-01-01" if rng.random() < 0.75 else f"{year}-{dob.month:02d}-01"
    if given is not None and given.dob is not None:
        dob = given.dob
    if record.variant == "hearsay":
        return "" if rng.random() < 0.6 else str(record.last.year - _age(dob, record.last))
    partial = style.old_partial if record.first < OLD_RECORDS_BEFORE else style.dob_partial
    roll = rng.random()
    if roll < style.dob_missing:
        return ""
    roll -= style.dob_missing
    if roll < partial:
        return f"{dob.year}" if rng.random() < 0.5 else f"{dob.year}-{dob.month:02d}"
    roll -= partial
    if roll < style.dob_transpose and dob.day <= 12 and dob.day != dob.month:
        return date(dob.year, dob.day, dob.month).isoformat()
    roll -= style.dob_transpose
    if roll < style.dob_slip:
        return add_years(dob, rng.choice((-1, 1))).isoformat()
    return dob.isoformat()


def _age(dob: date, on: date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def _identifiers(style: Style, record: Record, rng: random.Random) -> dict[str, str]:
    person = record.person
    nhs = ""
    if person.nhs and rng.random() < style.nhs:
        number = person.nhs
        if rng.random() < style.nhs_miskey:
            number = identifiers.mis_keyed_nhs_number(number, rng)
        nhs = identifiers.spaced_nhs_number(number) if style.nhs_spaced else number
    upn = person.upn if style.upn else ""
    if upn and rng.random() < style.upn_miskey:
        body = upn[1:6] + upn[7] + upn[6] + upn[8:]  # two digits keyed the wrong way round
        upn = identifiers.upn_check_letter(body) + body
    pnc = person.pnc if style.pnc and record.variant != "historic" else ""
    if record.given is not None and record.given.drop_pnc:
        pnc = ""
    return {"nhs_number": nhs, "upn": upn, "pnc_id": pnc}


def _contact(style: Style, record: Record, rng: random.Random) -> dict[str, str]:
    person = record.person
    seen = record.last - days(rng.randrange(style.address_lag + 1))
    given = record.given or Given()
    home = given.home or person.home_on(max(seen, record.first))
    address, postcode = format_address(home, style.address_form, rng)
    if given.no_fixed_abode:
        address, postcode = "No fixed abode", ""
    phones = []
    if rng.random() < style.phone:
        phones = [p for p in (person.mobile, person.landline) if p]
        if person.kind == "young_person" and person.parents and rng.random() < 0.4:
            phones.append(person.parents[0].mobile or person.parents[0].landline)
    if given.phone:
        phones = [given.phone]
    email = person.email if person.email and rng.random() < style.email else ""
    if record.variant == "hearsay":
        address, postcode = "", ""
    return {
        "address": address,
        "postcode": postcode,
        "phone": ";".join(dict.fromkeys(p for p in phones if p)),
        "email": email,
    }


def format_address(place: Place, form: str, rng: random.Random) -> tuple[str, str]:
    """An address as an agency writes it; the postcode is now and then missing."""
    kind = place.street.kind
    if form == "short":
        kind = SHORT_KINDS.get(kind, kind)
    text = f"{place.number} {place.street.name} {kind}"
    if rng.random() < 0.6:
        text = f"{text}, {TOWN}"
    if form == "upper":
        text = text.upper()
    postcode = place.postcode if rng.random() > 0.05 else ""
    return text, postcode


def _stamp(day: date, style: Style, rng: random.Random) -> str:
    if style.stamp_time:
        return f"{day.isoformat()}T{rng.randrange(7, 23):02d}:{rng.randrange(60):02d}:00"
    return day.isoformat()
