"""What an author may read of concerns: their own, as they sent them. Someone else's
reference is refused (audited) as if it did not exist."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from safehub.agencies.models import User
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.concerns.models import Concern


def own_concerns(user: User) -> QuerySet[Concern]:
    return Concern.objects.filter(author=user).order_by("-submitted_at")


def own_concern(user: User, reference: str) -> Concern:
    concern = own_concerns(user).filter(reference=reference).first()
    if concern is None:
        audit.record(
            actor=user,
            verb=Verb.REFUSED,
            target_type="concern",
            target_id=reference[:40],
            detail={"route": "concern_detail"},
        )
        raise Http404("Not found")
    return concern
