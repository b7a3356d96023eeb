"""What an author may read of concerns: their own, as they sent them. Someone else's
reference is refused (audited) as if it did not exist."""

from __future__ import annotations

from django.db.models import QuerySet

from safehub.access.refusals import refused_as_missing
from safehub.agencies.models import User
from safehub.concerns.models import Concern


def own_concerns(user: User) -> QuerySet[Concern]:
    return Concern.objects.filter(author=user).order_by("-submitted_at")


def own_concern(user: User, reference: str) -> Concern:
    concern = own_concerns(user).filter(reference=reference).first()
    if concern is None:
        raise refused_as_missing(user, "concern", reference[:40], "concern_detail")
    return concern
