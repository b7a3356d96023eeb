"""The five agencies of the hub: who they are and how each writes people down.

A profile is fixed data (names, id formats, the `Style` of its records, which extract
files it keeps); the book that writes with it is in `books.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from safehub.synth.corruption import Style

ALL_KINDS = (
    "persons",
    "locations",
    "objects",
    "events",
    "event_people",
    "event_objects",
    "person_objects",
    "person_locations",
    "person_people",
)


@dataclass(frozen=True)
class Profile:
    """What an agency is and how it writes people down."""

    code: str
    name: str
    type: str
    source_system: str
    style: Style
    record_prefix: str
    record_digits: int
    event_prefix: str
    kinds: tuple[str, ...]


PROFILES: tuple[Profile, ...] = (
    Profile(
        "police",
        "Northvale Police",
        "police",
        "nvp-records",
        Style(
            family_case="upper",
            typo=0.03,
            nickname=0.06,
            nickname_alias=0.15,
            variant=0.04,
            middle=0.5,
            swap_order=0.01,
            dob_transpose=0.015,
            dob_partial=0.02,
            dob_slip=0.01,
            dob_missing=0.02,
            old_partial=0.35,
            hears_of_changes=0.8,
            former_in_other=0.6,
            address_form="upper",
            pnc=True,
            ethnicity=0.85,
            phone=0.5,
            email=0.05,
            stamp_time=True,
            polish_masculine=0.1,
            kaur_as_surname=0.3,
        ),
        "NP",
        7,
        "OCC",
        ALL_KINDS,
    ),
    Profile(
        "csc",
        "Northvale Children's Services",
        "social_care",
        "carefile",
        Style(
            family_case="upper",
            typo=0.02,
            nickname=0.03,
            nickname_alias=0.3,
            variant=0.03,
            middle=0.3,
            ascii_only=True,
            dob_transpose=0.01,
            dob_slip=0.003,
            dob_missing=0.01,
            old_partial=0.0,
            hears_of_changes=0.6,
            former_in_other=0.5,
            address_lag=180,
            nhs=0.6,
            nhs_spaced=True,
            nhs_miskey=0.01,
            ethnicity=0.9,
            phone=0.6,
            polish_masculine=0.15,
            kaur_as_surname=0.2,
        ),
        "",
        7,
        "EP",
        ("persons", "locations", "events", "event_people", "person_locations", "person_people"),
    ),
    Profile(
        "health",
        "Northvale NHS Foundation Trust",
        "health",
        "nvh-pas",
        Style(
            family_case="title",
            given_case="title",
            typo=0.015,
            nickname=0.02,
            variant=0.02,
            middle=0.8,
            dob_transpose=0.005,
            old_partial=0.15,
            hears_of_changes=0.9,
            former_in_other=0.3,
            address_lag=365,
            nhs=0.97,
            nhs_miskey=0.01,
            ethnicity=0.7,
            phone=0.7,
            polish_masculine=0.05,
            kaur_as_surname=0.4,
            ethnicity_recode=(("W3", "W9"), ("W4", "W9"), ("O1", "O9")),
        ),
        "NVH",
        7,
        "ATT",
        ("persons", "events", "event_people"),
    ),
    Profile(
        "education",
        "Northvale Schools (Local Authority)",
        "education",
        "pupil-hub",
        Style(
            typo=0.005,
            nickname=0.0,
            nickname_alias=0.25,
            variant=0.005,
            middle=1.0,
            dob_transpose=0.003,
            dob_slip=0.001,
            old_partial=0.0,
            hears_of_changes=0.95,
            former_in_other=0.4,
            address_lag=60,
            upn=True,
            upn_miskey=0.003,
            ethnicity=0.95,
            phone=0.9,
            email=0.1,
            kaur_as_surname=0.05,
        ),
        "P",
        8,
        "SE",
        ("persons", "locations", "events", "event_people", "person_locations"),
    ),
    Profile(
        "voluntary",
        "Northvale Young People's Safety Project",
        "voluntary",
        "casebook",
        Style(
            typo=0.04,
            nickname=0.35,
            variant=0.05,
            middle=0.0,
            dob_transpose=0.02,
            dob_partial=0.15,
            dob_missing=0.15,
            old_partial=0.3,
            hears_of_changes=0.3,
            former_in_other=0.2,
            ethnicity=0.6,
            phone=0.8,
            email=0.2,
            polish_masculine=0.2,
            kaur_as_surname=0.3,
        ),
        "VS",
        5,
        "VSE",
        (
            "persons",
            "locations",
            "objects",
            "events",
            "event_people",
            "event_objects",
            "person_objects",
            "person_people",
        ),
    ),
)
