"""The write of a link run, step by step, all inside the run's one transaction.

Records move to their Person; Persons left empty hand their case and access rows to the
Person that took most of their records, and go;
each record's link, the review queue and the trace-search keys are replaced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any
from uuid import UUID

import pandas as pd
from django.db import connection
from django.utils import timezone

from safehub.access.models import AccessRequest, BreakGlass, CasePerson, SharingBasis
from safehub.linking.assignment import AssignmentPlan
from safehub.linking.heirs import heirs_follow
from safehub.linking.models import LinkRun, LinkStatus, PersonLink, RecordKey, ReviewPair
from safehub.linking.search_keys import record_keys
from safehub.records import bulk
from safehub.records.models import Person, PersonRecord

if TYPE_CHECKING:
    from safehub.linking.pipeline.facade import PairScore
    from safehub.linking.records_frame import HubRecords

BATCH = 5000
Progress = Callable[[str, int, int], None]


def _batches[T](items: Iterable[T], size: int = BATCH) -> Iterable[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def persons_create(plan: AssignmentPlan) -> None:
    """A Person for every cluster that is not a current Person; one split from a
    protected Person is protected too."""
    protected = set(Person.objects.filter(protected_details=True).values_list("pk", flat=True))
    rows = [
        (person, bool(plan.sources.get(person, set()) & protected)) for person in plan.new_persons
    ]
    for batch in _batches(rows):
        Person.objects.bulk_create([Person(pk=pk, protected_details=flag) for pk, flag in batch])


def records_move(plan: AssignmentPlan, *, progress: Progress | None = None) -> None:
    """Each record whose cluster changed points at its new Person (records themselves
    are never changed otherwise)."""
    field = PersonRecord._meta.get_field("person")
    quote = connection.ops.quote_name
    key_column = str(PersonRecord._meta.pk.column) if PersonRecord._meta.pk else "id"
    sql = (
        f"UPDATE {quote(PersonRecord._meta.db_table)} SET "  # noqa: S608 - quoted names
        f"{quote(str(field.column))} = %s WHERE {quote(key_column)} = %s"
    )
    rows = [
        (field.get_db_prep_save(person, connection), record)
        for person, records in plan.moves.items()
        for record in records
    ]
    done = 0
    with connection.cursor() as cursor:
        for batch in _batches(rows):
            cursor.executemany(sql, batch)
            done += len(batch)
            if progress is not None:
                progress("write", done, len(rows))
    # A Person that takes records of a protected Person is protected too.
    protected = set(Person.objects.filter(protected_details=True).values_list("pk", flat=True))
    heirs = [person for person, sources in plan.sources.items() if sources & protected]
    Person.objects.filter(pk__in=heirs).update(protected_details=True)


def access_rows_follow(plan: AssignmentPlan) -> None:
    """Case memberships, consents and break-glass of an emptied Person go to its heir,
    and so do the rows the parts above linking registered (`heirs.py`: nominals, a
    meeting's decisions); an access request follows the record it asked for. Only rows
    that exist are read: a first link run empties tens of thousands of Persons, few of
    them in any case."""
    gone = sorted(plan.emptied, key=str)
    for batch in _batches(gone):
        _case_people_follow(batch, plan.emptied)
        heirs_follow({person: plan.emptied[person] for person in batch})
        for model in (SharingBasis, BreakGlass):
            for pk, person in model.objects.filter(person_id__in=batch).values_list(
                "pk", "person_id"
            ):
                model.objects.filter(pk=pk).update(person_id=plan.emptied[person])
    moved = {record: person for person, records in plan.moves.items() for record in records}
    for records in _batches(sorted(moved)):
        for pk, record in AccessRequest.objects.filter(record_pk__in=records).values_list(
            "pk", "record_pk"
        ):
            AccessRequest.objects.filter(pk=pk).update(person_id=moved[record])


def _case_people_follow(gone: list[UUID], heirs: dict[UUID, UUID]) -> None:
    rows = list(
        CasePerson.objects.filter(person_id__in=gone).values_list("pk", "case_id", "person_id")
    )
    if not rows:
        return
    taken = set(
        CasePerson.objects.filter(
            person_id__in=sorted({heirs[p] for _, _, p in rows}, key=str)
        ).values_list("case_id", "person_id")
    )
    for pk, case_id, person in rows:
        heir = heirs[person]
        if (case_id, heir) in taken:
            # The heir is in that case already: keep its row, drop the duplicate.
            CasePerson.objects.filter(pk=pk).delete()
        else:
            CasePerson.objects.filter(pk=pk).update(person_id=heir)
            taken.add((case_id, heir))


def persons_delete_empty(plan: AssignmentPlan) -> None:
    for batch in _batches(sorted(plan.emptied, key=str)):
        Person.objects.filter(pk__in=batch, records__isnull=True).delete()


# ---------------------------------------------------------------- links


def _best_partners(pairs: pd.DataFrame, target: dict[int, UUID]) -> pd.DataFrame:
    """For each record, its strongest pair inside its own cluster."""
    if pairs.empty:
        return pd.DataFrame(columns=["record", "partner", "match_weight", "match_probability"])
    person = {pk: str(p) for pk, p in target.items()}
    left = pairs["left_id"].map(person)
    right = pairs["right_id"].map(person)
    inside = pairs[left == right]
    forward = inside.rename(columns={"left_id": "record", "right_id": "partner"})
    backward = inside.rename(columns={"right_id": "record", "left_id": "partner"})
    both = pd.concat([forward, backward], ignore_index=True)
    both = both.sort_values(["match_weight", "partner"], ascending=[False, True])
    return both.drop_duplicates("record")[
        ["record", "partner", "match_weight", "match_probability"]
    ]


def _statuses(
    decisions: dict[tuple[int, int], str], target: dict[int, UUID]
) -> tuple[dict[int, str], dict[int, int]]:
    """Each record's status from the reviewers' decisions, and a confirmed partner for
    records that are together only by a decision."""
    status: dict[int, str] = {}
    confirmed_with: dict[int, int] = {}
    for (left, right), verdict in sorted(decisions.items()):
        if left not in target or right not in target:
            continue
        together = target[left] == target[right]
        if verdict == "same" and together:
            for a, b in ((left, right), (right, left)):
                status[a] = LinkStatus.CONFIRMED
                confirmed_with.setdefault(a, b)
        elif verdict == "different" and not together:
            for record in (left, right):
                status.setdefault(record, LinkStatus.REJECTED)
    return status, confirmed_with


def links_replace(
    run: LinkRun,
    hub: HubRecords,
    pairs: pd.DataFrame,
    plan: AssignmentPlan,
    decisions: dict[tuple[int, int], str],
    *,
    link_weight: float,
) -> None:
    best = _best_partners(pairs, plan.target)
    partner = {
        int(r.record): (int(r.partner), float(r.match_weight), float(r.match_probability))
        for r in best.itertuples(index=False)
    }
    status, confirmed_with = _statuses(decisions, plan.target)
    rows: list[Sequence[object]] = []
    for record, version in hub.version_of.items():
        found = partner.get(record)
        if found is None and record in confirmed_with:
            found = (confirmed_with[record], None, None)  # type: ignore[assignment]
        other, weight, probability = found if found is not None else (None, None, None)
        rows.append(
            (
                record,
                other,
                weight,
                probability,
                status.get(record, LinkStatus.AUTO),
                version,
                run.pk,
            )
        )
    PersonLink.objects.all().delete()
    fields = (
        "record",
        "partner",
        "match_weight",
        "match_probability",
        "status",
        "record_version",
        "run",
    )
    for batch in _batches(rows):
        bulk.insert_rows(PersonLink, fields, batch)


def review_pairs_replace(
    run: LinkRun,
    review: Sequence[PairScore],
    decisions: dict[tuple[int, int], str],
    *,
    review_high: float,
) -> int:
    """The open queue becomes this run's. A pair decided same or different is not asked
    again; one a reviewer was unsure about is opened again. A challenged join stays open,
    as it was asked, until a reviewer decides it."""
    open_pairs = ReviewPair.objects.filter(state=ReviewPair.State.OPEN)
    open_pairs.exclude(reason=ReviewPair.Reason.CHALLENGED).delete()
    challenged = set(open_pairs.values_list("left_id", "right_id"))
    kept = {
        (left, right): pk
        for pk, left, right in ReviewPair.objects.values_list("pk", "left_id", "right_id")
    }
    rows: list[Sequence[object]] = []
    reopened = 0
    seen: set[tuple[int, int]] = set()
    for pair in review:
        key = (min(pair.left_id, pair.right_id), max(pair.left_id, pair.right_id))
        if key[0] == key[1] or key in seen or decisions.get(key) in ("same", "different"):
            continue
        seen.add(key)
        if key in challenged:
            continue  # open already, with the challenger's reason for the reviewer
        reason = (
            ReviewPair.Reason.LARGE_MERGE
            if pair.match_weight >= review_high
            else ReviewPair.Reason.BAND
        )
        if key in kept:
            ReviewPair.objects.filter(pk=kept[key]).update(
                state=ReviewPair.State.OPEN,
                match_weight=float(pair.match_weight),
                match_probability=float(pair.match_probability),
                reason=reason,
                run=run,
            )
            reopened += 1
            continue
        rows.append(
            (
                key[0],
                key[1],
                float(pair.match_weight),
                float(pair.match_probability),
                reason,
                ReviewPair.State.OPEN,
                run.pk,
            )
        )
    fields = ("left", "right", "match_weight", "match_probability", "reason", "state", "run")
    for batch in _batches(rows):
        _insert_with_time(ReviewPair, fields, batch)
    return len(rows) + reopened


def _insert_with_time(model: Any, fields: Sequence[str], rows: list[Sequence[object]]) -> None:
    now = timezone.now()
    bulk.insert_rows(model, (*fields, "created_at"), [(*row, now) for row in rows])


def record_keys_refresh(hub: HubRecords, only: set[int] | None) -> None:
    """Trace-search keys of every record (a full run), or of new and changed ones."""
    frame = hub.frame if only is None else hub.frame[hub.frame["unique_id"].isin(sorted(only))]
    if only is None:
        RecordKey.objects.all().delete()
    else:
        for batch in _batches(sorted(only)):
            RecordKey.objects.filter(record_id__in=batch).delete()
    pairs = ((pk, key) for pk, keys in record_keys(frame) for key in keys)
    for rows in _batches(pairs, 20_000):
        bulk.insert_rows(RecordKey, ("record", "key"), rows)
