"""`record` appends numbered, chained, UTC-timed events and refuses bad input."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import pairwise

import pytest
from django.contrib.auth.models import AnonymousUser

from safehub.agencies.models import Agency, User
from safehub.audit.log import DETAIL_MAX_BYTES, record
from safehub.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent, Verb
from safehub.audit.verify import verify_chain


def test_events_are_numbered_from_one_and_each_carries_the_hash_before_it(
    five_events: list[AuditEvent],
) -> None:
    stored = list(AuditEvent.objects.order_by("seq"))

    assert [event.seq for event in stored] == [1, 2, 3, 4, 5]
    assert stored[0].prev_hash == GENESIS_HASH
    assert all(later.prev_hash == earlier.hash for earlier, later in pairwise(stored))
    assert all(event.hash == event.computed_hash() for event in stored)
    head = AuditChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (5, stored[-1].hash)
    assert verify_chain().ok


def test_event_records_who_what_which_record_why_and_utc_time(practitioner: User) -> None:
    before = datetime.now(UTC)
    event = record(
        actor=practitioner,
        verb=Verb.VIEW,
        target_type="person",
        target_id="p-7",
        subject_person="p-7",
        justification="daily triage",
        detail={"route": "person-detail", "outside_case": False},
    )

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == practitioner
    assert (stored.actor_username, stored.actor_agency) == ("paul.practitioner", "police")
    assert (stored.verb, stored.target_type, stored.target_id) == ("view", "person", "p-7")
    assert (stored.subject_person, stored.justification) == ("p-7", "daily triage")
    assert stored.detail == {"route": "person-detail", "outside_case": False}
    assert stored.at.utcoffset() is not None
    assert before <= stored.at <= datetime.now(UTC)


def test_event_keeps_the_username_it_was_written_with_after_a_rename(practitioner: User) -> None:
    record(
        actor=practitioner, verb=Verb.SIGN_IN, target_type="user", target_id=str(practitioner.pk)
    )
    practitioner.username = "paula.practitioner"
    practitioner.save()

    assert AuditEvent.objects.get().actor_username == "paul.practitioner"
    assert verify_chain().ok


@pytest.mark.parametrize("actor", [None, AnonymousUser()])
def test_failed_sign_in_records_the_name_tried_and_no_actor(
    db: None, actor: AnonymousUser | None
) -> None:
    event = record(
        actor=actor, verb=Verb.SIGN_IN_FAILED, target_type="user", username="no.such.user"
    )

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor is None
    assert (stored.actor_username, stored.actor_agency) == ("no.such.user", "")


def test_user_without_agency_is_recorded_with_empty_agency(make_user: Callable[..., User]) -> None:
    admin = make_user("root.admin", None)

    assert record(actor=admin, verb=Verb.CHANGE, target_type="user").actor_agency == ""


def test_unknown_verb_is_refused(practitioner: User) -> None:
    with pytest.raises(ValueError, match="not a valid Verb"):
        record(actor=practitioner, verb="peeked", target_type="person")  # type: ignore[arg-type]
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("target_type", ["", "x" * 41])
def test_target_type_must_be_short_and_present(practitioner: User, target_type: str) -> None:
    with pytest.raises(ValueError, match="target_type"):
        record(actor=practitioner, verb=Verb.VIEW, target_type=target_type)


@pytest.mark.parametrize(
    "detail",
    [
        {"when": date(2026, 1, 1)},
        {"ids": {1, 2}},
        {"ids": (1, 2)},
        {"amount": Decimal("1.5")},
        {"raw": b"bytes"},
        {"score": float("nan")},
        {"score": float("inf")},
        {1: "integer key"},
        {"who": object()},
        {"nested": [[[[[[[[[["too deep"]]]]]]]]]]},
    ],
    ids=["date", "set", "tuple", "decimal", "bytes", "nan", "inf", "int-key", "object", "deep"],
)
def test_detail_that_is_not_plain_json_is_refused(
    practitioner: User, detail: dict[object, object]
) -> None:
    with pytest.raises(ValueError, match="detail"):
        record(actor=practitioner, verb=Verb.VIEW, target_type="person", detail=detail)  # type: ignore[arg-type]
    assert not AuditEvent.objects.exists()


def test_oversize_detail_is_refused(practitioner: User) -> None:
    with pytest.raises(ValueError, match=f"limit is {DETAIL_MAX_BYTES}"):
        record(
            actor=practitioner,
            verb=Verb.EXPORT,
            target_type="extract",
            detail={"ids": [f"record-{n:06d}" for n in range(500)]},
        )
    assert not AuditEvent.objects.exists()


def test_oversize_justification_is_refused(practitioner: User) -> None:
    with pytest.raises(ValueError, match="justification"):
        record(
            actor=practitioner,
            verb=Verb.BREAK_GLASS,
            target_type="person",
            justification="x" * 4001,
        )


def test_detail_reads_back_exactly_as_hashed_on_either_database(practitioner: User) -> None:
    # PostgreSQL's jsonb returns 1e20 as an integer and -0.0 as 0.0: such floats are
    # stored as integers from the start, so the row's hash still holds when read back.
    detail = {
        "big": 1e20,
        "negative_zero": -0.0,
        "tenth": 0.1,
        "tiny": 1e-7,
        "huge_int": 2**70,
        "flags": [True, False, None],
        "map": {"b": 1, "a": "x"},
    }
    event = record(actor=practitioner, verb=Verb.SEARCH, target_type="route", detail=detail)

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.detail == {
        "big": 10**20,
        "negative_zero": 0,
        "tenth": 0.1,
        "tiny": 1e-7,
        "huge_int": 2**70,
        "flags": [True, False, None],
        "map": {"b": 1, "a": "x"},
    }
    assert stored.computed_hash() == stored.hash
    assert verify_chain().ok


def test_control_characters_are_stored_as_given_and_verify(
    practitioner: User, police: Agency
) -> None:
    ansi, bell = "\x1b[31m", "\x07"
    record(
        actor=practitioner,
        verb=Verb.VIEW,
        target_type="person",
        target_id=f"p{ansi}1",
        justification=f"{ansi}urgent{bell}\r\nforged line",
        detail={"note": f"{ansi}x"},
    )
    record(actor=None, verb=Verb.SIGN_IN_FAILED, target_type="user", username=f"{ansi}admin\x1b[0m")

    first, second = AuditEvent.objects.order_by("seq")
    assert first.target_id == f"p{ansi}1"
    assert first.justification == f"{ansi}urgent{bell}\r\nforged line"
    assert first.detail == {"note": f"{ansi}x"}
    assert second.actor_username == f"{ansi}admin\x1b[0m"
    # The hashed form is ASCII with every control character escaped.
    canonical = first.canonical_json()
    assert canonical.isascii()
    assert not any(ord(char) < 0x20 or ord(char) == 0x7F for char in canonical)
    assert "\\u001b[31murgent\\u0007\\r\\nforged line" in canonical
    assert verify_chain().ok


def test_nul_and_lone_surrogates_become_the_replacement_character(practitioner: User) -> None:
    # PostgreSQL text and jsonb cannot hold NUL, so every database stores U+FFFD instead.
    record(
        actor=practitioner,
        verb=Verb.VIEW,
        target_type="person",
        target_id="p\x001",
        justification="a\x00b \ud800",
        detail={"k\x00": ["v\x00", "\udfff"]},
        subject_person="\x00",
    )

    stored = AuditEvent.objects.get()
    assert stored.target_id == "p\ufffd1"
    assert stored.justification == "a\ufffdb \ufffd"
    assert stored.detail == {"k\ufffd": ["v\ufffd", "\ufffd"]}
    assert stored.subject_person == "\ufffd"
    assert verify_chain().ok
