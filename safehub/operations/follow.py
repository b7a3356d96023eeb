"""An operation's rows follow its nominals when a link run merges a Person into another
(registered with `linking.heirs` when the app is ready; the case team's own people
follow with the access rows).

Statuses, plans, the survivor's decisions and disruptions move to the heir as they are:
where the heir was a nominal of the same operation too, both histories are theirs and
the newest entry is where they are now. The facts the national return asks of a suspect
are one row per operation: a fact recorded of either stays true of the one man.
"""

from __future__ import annotations

from django.db.models import Model

from safehub.linking.heirs import Heirs
from safehub.operations.models import (
    ContactPlan,
    Disruption,
    NominalStatus,
    SurvivorDecision,
    SuspectFacts,
)

MOVE_AS_THEY_ARE: tuple[type[Model], ...] = (
    NominalStatus,
    ContactPlan,
    SurvivorDecision,
    Disruption,
)


def nominals_follow(heirs: Heirs) -> None:
    gone = list(heirs)
    for model in MOVE_AS_THEY_ARE:
        present = set(
            model._default_manager.filter(person_id__in=gone).values_list("person_id", flat=True)
        )
        for person in present:
            model._default_manager.filter(person_id=person).update(person_id=heirs[person])
    for facts in SuspectFacts.objects.filter(person_id__in=gone):
        heir = heirs[facts.person_id]
        kept = SuspectFacts.objects.filter(operation=facts.operation_id, person_id=heir).first()
        if kept is None:
            SuspectFacts.objects.filter(pk=facts.pk).update(person_id=heir)
            continue
        SuspectFacts.objects.filter(pk=kept.pk).update(
            deceased=kept.deceased or facts.deceased,
            public_prominence=kept.public_prominence or facts.public_prominence,
        )
        facts.delete()
