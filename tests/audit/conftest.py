"""Fixtures of the audit tests: users, a few events, and the triggers dropped for tampering.

Agencies and users are made straight in their tables, not registered (which is itself
audited): these tests count and chain the audit log's own rows from the first."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from safehub.agencies.models import Agency, Role, User, UserRole
from safehub.audit.log import record
from safehub.audit.models import AuditEvent, Verb
from tests.audit.tampering import drop_triggers, purge_audit_log, restore_triggers


@pytest.fixture
def police(db: None) -> Agency:
    return Agency.objects.create(code="police", name="Northshire Police", type="police")


@pytest.fixture
def csc(db: None) -> Agency:
    return Agency.objects.create(
        code="csc", name="Northshire Children's Services", type="social_care"
    )


@pytest.fixture
def carer(csc: Agency, make_user: Callable[..., User]) -> User:
    return make_user("cara.carer", csc)


@pytest.fixture
def hub_auditor(csc: Agency, make_user: Callable[..., User]) -> User:
    return make_user("hana.hub", csc, Role.HUB_AUDITOR)


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(username: str, agency: Agency | None, *roles: Role) -> User:
        user = User(username=username, agency=agency)
        user.set_password("correct horse battery staple")
        user.save()
        for role in roles or [Role.PRACTITIONER]:
            UserRole.objects.create(user=user, role=role)
        return user

    return make


@pytest.fixture
def practitioner(police: Agency, make_user: Callable[..., User]) -> User:
    return make_user("paul.practitioner", police)


@pytest.fixture
def auditor(police: Agency, make_user: Callable[..., User]) -> User:
    return make_user("ida.auditor", police, Role.AUDITOR)


@pytest.fixture
def five_events(practitioner: User) -> list[AuditEvent]:
    return [
        record(
            actor=practitioner,
            verb=Verb.VIEW,
            target_type="person",
            target_id=f"person-{n}",
            subject_person=f"person-{n}",
            justification="strategy meeting",
            detail={"route": "person-detail"},
        )
        for n in range(1, 6)
    ]


@pytest.fixture
def triggers_dropped(db: None) -> Iterator[None]:
    """No append-only triggers for this test (the test's rollback restores them too)."""
    drop_triggers()
    yield
    restore_triggers()


@pytest.fixture
def audit_purged_after(transactional_db: None) -> Iterator[None]:
    """Empties the log after a transactional test, so the database flush may run."""
    yield
    purge_audit_log()
