"""What an episode and an interview become: the rows of an exchange-format extract of the
recording agency, so screening and the network read them like any import.

An episode is one `missing_episode` event with the child as `missing_person`, sent again
(the same event id, which the loader versions) with its end and the place they were
found when they return. An interview is one `return_home_interview` event about the child
at the place they had been, with the vehicle seen and the phone used. The summaries are
built from the structured fields, in the words screening's rules read ("missing from
placement", "found with", the child's own account). Ids derive from the episode's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import datetime

from django.core.exceptions import ValidationError

from safehub.access.policy import Viewer
from safehub.ingest.exchange.issues import ExtractRejected
from safehub.ingest.hub_made import record_as_sent
from safehub.missing.models import MissingEpisode, ReturnInterview
from safehub.records.models import Person, PersonRecord
from safehub.records.queries.visible import display_name, visible_records

SOURCE_SYSTEM = "Safehub missing children"
Row = dict[str, str]
Files = dict[str, list[Row]]


def episode_event_id(episode: MissingEpisode) -> str:
    return f"missing-{episode.pk}"


def rhi_event_id(episode: MissingEpisode) -> str:
    return f"rhi-{episode.pk}"


# ---------------------------------------------------------------- the child


def child_row(viewer: Viewer, agency_id: int, person: Person, record_id: str) -> Row:
    """The persons.csv row that names the child in the agency's extract: the record
    `record_id` if the agency wrote it before, else the agency's own record of the child,
    re-sent as it stands (the loader changes nothing); else a new record `record_id` with
    the names, date of birth and sex the recorder may see, for linking to join."""
    own = PersonRecord.objects.filter(agency_id=agency_id)
    record = (
        own.filter(record_id=record_id).first()
        or own.filter(person=person).order_by("record_id").first()
    )
    if record is not None:
        return record_as_sent(record)
    seen = visible_records(viewer, person)
    name = display_name(seen)
    named = next((r for r in seen if f"{r.given_names} {r.family_name}".strip() == name), None)
    row = {"record_id": record_id}
    if named is not None:
        row.update(given_names=named.given_names, family_name=named.family_name)
    for column in ("date_of_birth", "sex"):
        # The most complete value most records give: a full date of birth before a year.
        values = Counter(str(getattr(r, column)) for r in seen if getattr(r, column))
        if values:
            row[column] = max(values, key=lambda v: (len(v), values[v], v))
    return row


# ---------------------------------------------------------------- an episode


def _place(premises_type: str) -> str:
    return premises_type.replace("_", " ")


def episode_summary(episode: MissingEpisode) -> str:
    """The episode in words, from its fields (what the missing rules read)."""
    where = f": {episode.missing_from}" if episode.missing_from else ""
    parts = [
        f"Reported missing from placement{where}."
        if episode.from_placement
        else f"Reported missing{' from ' + episode.missing_from if episode.missing_from else ''}."
    ]
    if episode.returned_at is not None:
        found = episode.found_where or episode.found_postcode
        if found:
            kind = (
                f" ({_place(episode.found_premises_type)})" if episode.found_premises_type else ""
            )
            parts.append(f"Found at {found}{kind}.")
        if episode.found_with:
            parts.append(f"Found with {episode.found_with}.")
        if episode.how_returned:
            parts.append(f"Returned: {episode.how_returned}.")
    return " ".join(parts)


def _location(location_id: str, name: str, postcode: str, premises_type: str) -> Row:
    return {
        "location_id": location_id,
        "name": name,
        "postcode": postcode,
        "premises_type": premises_type,
    }


def episode_files(episode: MissingEpisode, child: Row) -> Files:
    event_id = episode_event_id(episode)
    event = {
        "event_id": event_id,
        "event_type": "missing_episode",
        "occurred_at": episode.reported_at.isoformat(),
        "summary": episode_summary(episode),
        "sensitivity": "general",
    }
    files: Files = {
        "persons": [child],
        "events": [event],
        "event_people": [
            {"event_id": event_id, "record_id": child["record_id"], "role": "missing_person"}
        ],
    }
    if episode.returned_at is not None:
        event["ended_at"] = episode.returned_at.isoformat()
        if episode.found_where or episode.found_postcode:
            place = _location(
                f"{event_id}-found",
                episode.found_where,
                episode.found_postcode,
                episode.found_premises_type,
            )
            files["locations"] = [place]
            event["location_id"] = place["location_id"]
    return files


# ---------------------------------------------------------------- an interview


def rhi_summary(interview: ReturnInterview) -> str:
    """The interview in words, from its fields: what the child said is kept in their
    words, so rules like "return-interview-concerns" and "exchanging-sex" can match it."""
    if interview.outcome == ReturnInterview.Outcome.DECLINED:
        return f"Return home interview offered {_day(interview.offered_at)}; declined by the child."
    held = interview.held_at or interview.offered_at
    parts = [f"Return home interview held {_day(held)}."]
    if interview.where_been or interview.where_postcode:
        where = interview.where_been or interview.where_postcode
        kind = (
            f" ({_place(interview.where_premises_type)})" if interview.where_premises_type else ""
        )
        parts.append(f"Where they had been: {where}{kind}.")
    for label, words in (
        ("With whom", interview.with_whom),
        ("How they travelled", interview.how_travelled),
        ("Harm", interview.harm),
        ("In their words", interview.account),
    ):
        if words:
            parts.append(f"{label}: {words.strip().rstrip('.')}.")
    return " ".join(parts)


def _day(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d}"


def rhi_files(interview: ReturnInterview, child: Row) -> Files:
    event_id = rhi_event_id(interview.episode)
    event = {
        "event_id": event_id,
        "event_type": "return_home_interview",
        "occurred_at": (interview.held_at or interview.offered_at).isoformat(),
        "summary": rhi_summary(interview),
        "sensitivity": "general",
    }
    files: Files = {
        "persons": [child],
        "events": [event],
        "event_people": [
            {"event_id": event_id, "record_id": child["record_id"], "role": "subject"}
        ],
    }
    if interview.where_been or interview.where_postcode:
        place = _location(
            f"{event_id}-where",
            interview.where_been,
            interview.where_postcode,
            interview.where_premises_type,
        )
        files["locations"] = [place]
        event["location_id"] = place["location_id"]
    things = [
        ("vehicle", interview.vehicle_registration, interview.how_travelled, "seen"),
        ("phone", interview.phone, "", "used"),
    ]
    objects = [
        {
            "object_id": f"{event_id}-{kind}",
            "object_type": kind,
            "value": value,
            "description": words,
        }
        for kind, value, words, _ in things
        if value
    ]
    if objects:
        files["objects"] = objects
        files["event_objects"] = [
            {"event_id": event_id, "object_id": f"{event_id}-{kind}", "relation": relation}
            for kind, value, _, relation in things
            if value
        ]
    return files


# ---------------------------------------------------------------- the loader's refusal


def as_form_errors(
    rejected: ExtractRejected, fields: Mapping[tuple[str, str], str]
) -> ValidationError:
    """The loader's issues as a ValidationError naming the form's fields where `fields`
    maps (file, column) to one; the rest above the form."""
    errors: dict[str, list[str]] = {}
    for issue in rejected.issues:
        field = fields.get((issue.file.removesuffix(".csv"), issue.column or ""), "__all__")
        errors.setdefault(field, []).append(issue.message)
    return ValidationError(errors)
