"""A meeting's rows follow the people it discussed when a link run merges a Person into
another (registered with `linking.heirs` when the app is ready).

A decision is one row per meeting and person: where a meeting discussed both records
of one person, the heir's row keeps both decisions, in the order they were recorded.
"""

from __future__ import annotations

from safehub.linking.heirs import Heirs
from safehub.meetings.models import Discussed, MeetingAction


def discussed_follow(heirs: Heirs) -> None:
    gone = list(heirs)
    named = MeetingAction.objects.filter(person_id__in=gone).values_list("person_id", flat=True)
    for person in {p for p in named if p is not None}:
        MeetingAction.objects.filter(person_id=person).update(person_id=heirs[person])
    for row in Discussed.objects.filter(person_id__in=gone).order_by("pk"):
        heir = heirs[row.person_id]
        kept = Discussed.objects.filter(meeting=row.meeting_id, person_id=heir).first()
        if kept is None:
            Discussed.objects.filter(pk=row.pk).update(person_id=heir)
            continue
        first, then = sorted((kept, row), key=lambda d: d.recorded_at)
        Discussed.objects.filter(pk=kept.pk).update(decision=f"{first.decision}\n\n{then.decision}")
        row.delete()
