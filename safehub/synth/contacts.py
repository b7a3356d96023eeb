"""Health, social care, police and the support project: what each records of a child."""

from __future__ import annotations

from datetime import date

from safehub.synth import recording, texts
from safehub.synth.corruption import Record
from safehub.synth.dates import add_years, at_time, day_between, days
from safehub.synth.lives import Life, occurrences, poisson, police_record
from safehub.synth.population import Person

GRADES = ("1/A/P", "2/B/P", "2/C/P", "3/C/P", "2/B/C", "3/D/P", "1/B/P", "3/E/C")


# ---------------------------------------------------------------- health


def health(life: Life) -> None:
    child, rng, nhs = life.child, life.rng, life.books.health
    teen = max(life.start, add_years(child.dob, 13))
    for day in occurrences(
        rng, 0.12 + 0.08 * child.adversity, life.start, life.end
    ) + life.harm_days(0.8):
        nhs.event(
            "ae_attendance",
            day,
            at=at_time(day, rng),
            sensitivity="health",
            people=[(nhs.record(child, day), "subject")],
            summary=life.pick(texts.AE_BENIGN, texts.AE_HARM, day),
        )
    for day in occurrences(
        rng, 0.03 + 0.04 * child.adversity, life.start, life.end
    ) + life.harm_days(0.5):
        nhs.event(
            "mental_health_contact",
            day,
            at=at_time(day, rng),
            sensitivity="health",
            people=[(nhs.record(child, day), "subject")],
            summary=rng.choice(texts.MENTAL_HEALTH),
        )
    for day in occurrences(rng, 0.005 + 0.01 * child.adversity, teen, life.end) + life.harm_days(
        0.4
    ):
        nhs.event(
            "substance_misuse_contact",
            day,
            at=at_time(day, rng),
            sensitivity="health",
            people=[(nhs.record(child, day), "subject")],
            summary=rng.choice(texts.SUBSTANCE),
        )


# ---------------------------------------------------------------- social care

_REFERRED = (0.04, 0.3, 0.85)  # by family adversity


def social_care(life: Life) -> None:
    child, rng = life.child, life.rng
    referrals: list[tuple[date, bool]] = []
    if rng.random() < _REFERRED[child.adversity]:
        for _ in range(1 + poisson(rng, 0.5 * child.adversity)):
            referrals.append((day_between(rng, life.start, life.end), False))
    if child.victim is not None and rng.random() < 0.7 * life.visible:
        day = child.victim.began + days(rng.randrange(30, 300))
        if day <= life.harm[1]:
            referrals.append((day, True))
    if child.care_from is not None and life.start <= child.care_from <= life.end:
        referrals.append((child.care_from - days(rng.randrange(10, 90)), False))
    for day, harmed in sorted(referrals):
        if life.start <= day <= life.end:
            _referral(life, day, harmed)
    _looked_after(life)


def _referral(life: Life, day: date, harmed: bool) -> None:
    child, rng, csc = life.child, life.rng, life.books.csc
    record = csc.record(child, day)
    summary = rng.choice(texts.REFERRAL_HARM if harmed else texts.REFERRAL_BENIGN)
    if harmed:  # before the guidance, exploitation was rarely named as such
        summary = recording.worded(rng, "referral", day, summary)
    csc.event("safeguarding_referral", day, people=[(record, "subject")], summary=summary)
    outcome = rng.random()
    plan_chance = 0.3 if harmed else 0.15 * child.adversity
    start = day + days(rng.randrange(10, 45))
    if start > life.end:
        return
    end = start + days(rng.randrange(120, 540))
    if outcome < plan_chance:
        csc.event(
            "child_protection_plan",
            start,
            ended=end if end < life.end else None,
            people=[(record, "subject")],
            summary="Child protection plan: "
            + ("sexual abuse (CSE)" if harmed else rng.choice(("neglect", "emotional abuse"))),
        )
        _family_known(life, record, start)
    elif outcome < plan_chance + 0.45:
        csc.event(
            "child_in_need",
            start,
            ended=end if end < life.end else None,
            people=[(record, "subject")],
            summary="Child in need plan",
        )


def _family_known(life: Life, record: Record, day: date) -> None:
    """Social care records parents on a plan, and siblings it already knows."""
    csc = life.books.csc
    for parent in life.child.parents:
        csc.link_people(record, csc.record(parent, day), "parent")
    for sibling in life.child.siblings:
        known = csc.has(sibling)
        if known is not None:
            csc.link_people(record, known, "sibling")


def _looked_after(life: Life) -> None:
    child, csc, rng = life.child, life.books.csc, life.rng
    if child.care_from is None or child.care_from > life.end:
        return
    record = csc.record(child, child.care_from)
    ended = child.care_to if child.care_to and child.care_to <= life.end else None
    csc.event(
        "looked_after",
        child.care_from,
        ended=ended,
        people=[(record, "subject")],
        summary=rng.choice(
            (
                "Section 20 (voluntary accommodation)",
                "Interim care order",
                "Care order",
                "Police protection, then section 20",
            )
        ),
    )
    _family_known(life, record, child.care_from)
    stays = child.placements
    for number, (since, place) in enumerate(stays):
        until = stays[number + 1][0] if number + 1 < len(stays) else ended
        csc.link_place(record, place, "placement", since, until)
        if number:
            csc.event(
                "placement_move",
                since,
                place=place,
                people=[(record, "subject")],
                summary=rng.choice(
                    (
                        "Placement breakdown",
                        "Planned move",
                        "Moved for safety reasons",
                        "Emergency move",
                    )
                ),
            )


# ---------------------------------------------------------------- police


def police_contact(life: Life) -> None:
    child, rng, police = life.child, life.rng, life.books.police
    ten = max(life.start, add_years(child.dob, 10))
    for day in occurrences(rng, 0.02, ten, life.end):
        police.event(
            "crime",
            day,
            at=at_time(day, rng),
            people=[(police_record(life.books, child, day), "victim")],
            summary=rng.choice(texts.CRIME_VICTIM),
        )
    for day in occurrences(rng, 0.012 + 0.012 * child.adversity, ten, life.end):
        police.event(
            "crime",
            day,
            at=at_time(day, rng),
            people=[(police_record(life.books, child, day), "suspect")],
            summary=rng.choice(texts.CRIME_SUSPECT),
        )
    rate = (0.0, 0.08, 0.4)[child.adversity]
    for day in occurrences(rng, rate, life.start, life.end):
        _domestic(life, day)
    for day in occurrences(rng, 0.003 + 0.01 * child.adversity, ten, life.end):
        if not recording.recorded(rng, "intelligence", day):
            continue
        record = police_record(life.books, child, day)
        police.event(
            "intelligence_report",
            day,
            sensitivity="intelligence",
            grading=rng.choice(GRADES),
            people=[(record, "subject")],
            summary=rng.choice(texts.INTEL_BENIGN),
        )
        life.note(police, record, 0.2, day)


def _domestic(life: Life, day: date) -> None:
    child, rng, police = life.child, life.rng, life.books.police
    people = [(police_record(life.books, child, day), "witness")]
    people += [(police_record(life.books, parent, day), "subject") for parent in child.parents]
    police.event(
        "police_incident",
        day,
        at=at_time(day, rng, night=True),
        place=child.home_on(day),
        people=people,
        summary=rng.choice(texts.INCIDENT_HOME),
    )


# ---------------------------------------------------------------- the support project


def voluntary(life: Life) -> None:
    child, rng, project = life.child, life.rng, life.books.voluntary
    twelve = max(life.start, add_years(child.dob, 12))
    days_referred = occurrences(rng, 0.004 + 0.01 * child.adversity, twelve, life.end)
    if child.victim is not None and rng.random() < 0.55 * life.visible:
        days_referred.append(child.victim.began + days(rng.randrange(60, 500)))
    for day in sorted(days_referred):
        if twelve <= day <= life.end:
            record = project.record(child, day)
            source = rng.choice(
                (
                    "school",
                    "social care",
                    "police",
                    "sexual health clinic",
                    "self-referral",
                    "parent",
                )
            )
            harmed = life.harmed_on(day)
            concern = (
                "CSE concerns"
                if harmed
                else rng.choice(
                    ("risk-taking behaviour", "online safety", "peer relationships", "low mood")
                )
            )
            project.event(
                "safeguarding_referral",
                day,
                people=[(record, "subject")],
                summary=f"Referral from {source}: {concern}",
            )
            life.note(project, record, 0.85 if harmed else 0.7, day)
            if not child.mobile and rng.random() < 0.7:
                child.mobile = life.phones.mobile()


def victim_contacts(life: Life) -> None:
    """Disclosure, withdrawal, a crime report and the 'boyfriend' others hear about."""
    victim = life.child.victim
    if victim is None or life.network is None:
        return
    if victim.disclosure is not None:
        _disclosure(life, victim.disclosure, victim.disclosed_to, texts.DISCLOSURE)
        if victim.withdrawal is not None:
            _disclosure(life, victim.withdrawal, victim.disclosed_to, texts.WITHDRAWAL)
    if victim.crime_report is not None:
        _crime_report(life, victim.crime_report)
    if victim.boyfriend is not None:
        _boyfriend(life, victim.boyfriend)


def _disclosure(life: Life, day: date, to: str, wording: tuple[str, ...]) -> None:
    agency = life.books.by_code(to)
    record = life.agency_record(agency, day)
    agency.event(
        "disclosure",
        day,
        people=[(record, "subject")],
        sensitivity="restricted" if to == "police" else "general",
        summary=life.rng.choice(wording),
    )


def _crime_report(life: Life, day: date) -> None:
    child, rng, books = life.child, life.rng, life.books
    network = life.network
    assert network is not None
    assert child.victim is not None
    people = [(police_record(books, child, day), "victim")]
    named = [child.victim.boyfriend] if child.victim.boyfriend else []
    named += rng.sample(network.offenders, min(len(network.offenders), rng.randrange(0, 3)))
    for offender in dict.fromkeys(named):
        if offender is not None:
            people.append((_suspect_record(life, offender, day), "suspect"))
    # The victim's account, and those the suspects reached them on, if the statement names them.
    noted = [(life.note(books.police, r, 0.5, day), role) for r, role in people]
    used = [(thing, "used") for found, role in noted if role == "suspect" for thing in found]
    began = child.victim.began
    summary = "Sexual offences against a child (CSE); report received"
    if network.kind == "historic":
        summary = f"Non-recent sexual offences, {began.year}-{child.victim.ended.year}"
    books.police.event(
        "crime",
        day,
        at=at_time(day, rng),
        people=people,
        summary=summary,
        sensitivity="restricted",
        place=rng.choice(network.houses),
        things=used,
    )


def _suspect_record(life: Life, offender: Person, day: date) -> Record:
    """A suspect named only by a street name gets a record under that name."""
    if offender.aliases and life.rng.random() < 0.3:
        return life.books.police.record(offender, day, variant="alias", alias=offender.aliases[0])
    return police_record(life.books, offender, day)


def _boyfriend(life: Life, offender: Person) -> None:
    child, rng, books = life.child, life.rng, life.books
    assert child.victim is not None
    day = day_between(rng, child.victim.began, life.harm[1])
    called = offender.aliases[0] if offender.aliases else offender.given
    if rng.random() < 0.5:
        books.police.link_people(
            police_record(books, child, day), _suspect_record(life, offender, day), "boyfriend"
        )
    for agency in (books.csc, books.voluntary):
        mine = agency.has(child)
        if mine is not None and rng.random() < 0.6:
            theirs = agency.record(offender, day, variant="hearsay", alias=called)
            agency.link_people(mine, theirs, "boyfriend")
            life.note(agency, theirs, 0.4, day)  # the young person names his account
