"""A hub manager of one agency cannot, by any route, API operation or command, make another
agency's data visible to their own (issue 8's critical hole; docs/security.md #29).

The trust (a health agency with a sexual-health clinic) shares general data with the
police on a case, and has a proposal to the police for sexual health waiting, and an old
agreement with social care that it never confirmed. Social care's hub manager then tries
everything the hub offers. Afterwards a social-care practitioner sees exactly what they
saw before, and nothing the trust shares is in force but what the trust signed.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

import safehub
from safehub.access.actions import ActionRefused
from safehub.access.models import AccessRequest
from safehub.access.policy import fact_q, identity_q, record_q, viewer_for
from safehub.access.services import agreements
from safehub.agencies.models import (
    Agency,
    AgreementStatus,
    Role,
    Sensitivity,
    SharingAgreement,
    User,
)
from safehub.ingest.models import ImportJob
from safehub.linking.models import LinkDecision, ReviewPair
from safehub.records.models import EventPerson, PersonRecord
from tests import factories as f
from tests.signin import sign_in

pytestmark = pytest.mark.django_db
EVERYTHING = list(Sensitivity.values)


def _seen(user: User) -> tuple[set[int], set[int], set[int]]:
    """The records, events and (for link review) record identities the user sees."""
    viewer = viewer_for(user)
    records = set(PersonRecord.objects.filter(record_q(viewer)).values_list("pk", flat=True))
    events = set(
        EventPerson.objects.filter(
            fact_q(
                viewer,
                agency="event__agency_id",
                sensitivity="event__sensitivity",
                person="record__person_id",
            )
        ).values_list("event_id", flat=True)
    )
    identities = set(PersonRecord.objects.filter(identity_q(viewer)).values_list("pk", flat=True))
    return records, events, identities


@dataclass
class Hub:
    trust: Agency
    csc: Agency
    girl: PersonRecord  # the trust's record of her
    worker: User  # a social-care practitioner with her in a case
    agreements: dict[str, SharingAgreement]
    pair: ReviewPair  # the trust's record and social care's
    pending: AccessRequest  # the worker asks the trust


@pytest.fixture
def hub() -> Hub:
    trust = f.agency("trust", "health", record_sensitivity="health")
    csc, police = f.agency("csc", "social_care"), f.agency("police")
    girl = f.record(trust, given_names="Kayleigh", family_name="Smith")
    clinic = f.record(trust, person=girl.person, given_names="Kay", sensitivity="sexual_health")
    f.event(clinic, "sexual_health_attendance", sensitivity="sexual_health")
    f.event(girl, "ae_attendance", sensitivity="health")
    csc_record = f.record(csc, person=girl.person, given_names="Kayleigh")
    worker = f.user(csc)
    f.case(worker, people={girl.person_id: "victim"})
    agreements = {
        "in_force": f.agreement(trust, police, "general"),
        "proposed": f.agreement(trust, police, "sexual_health", status=AgreementStatus.PROPOSED),
        "unconfirmed": f.agreement(
            trust, csc, *EVERYTHING, condition="always", status=AgreementStatus.UNCONFIRMED
        ),
    }
    low, high = sorted((girl, csc_record), key=lambda r: r.pk)
    pair = ReviewPair.objects.create(left=low, right=high, match_weight=1.0, match_probability=0.7)
    pending = AccessRequest.objects.create(
        requester=worker,
        owner=trust,
        person_id=girl.person_id,
        record_pk=girl.pk,
        reason="Strategy meeting needs it",
    )
    return Hub(trust, csc, girl, worker, agreements, pair, pending)


def _every_attempt(client: Client, hub: Hub) -> list[int]:
    """Everything the hub offers that could open the trust's data; the answers."""
    answers = [
        client.post(
            reverse("sharing_agreements"),
            {
                # Propose the trust's data to social care, naming the trust as the provider.
                "provider": hub.trust.pk,
                "recipient": hub.csc.pk,
                "sensitivities": EVERYTHING,
                "condition": "always",
                "scope": "any_hub",
                "linkage": "on",
                "reference": "x",
            },
        )
    ]
    # Take every step on every agreement the trust made or was given.
    answers += [
        client.post(reverse(f"sharing_agreement_{step}", kwargs={"agreement_id": agreement.pk}))
        for agreement in hub.agreements.values()
        for step in ("accept", "decline", "revoke", "confirm")
    ]
    # Upload an extract as the trust; decide the request made to the trust.
    answers.append(
        client.post(
            reverse("agency_extracts", kwargs={"code": hub.trust.code}),
            {"extract": SimpleUploadedFile("x.zip", b"PK\x05\x06" + b"\0" * 18)},
        )
    )
    answers.append(
        client.post(
            reverse("access_request_decide", kwargs={"request_id": hub.pending.pk}),
            {"decision": "approve", "days": 90},
        )
    )
    # The API's writes: a decision on a pair with the trust's record; and the web's.
    answers.append(
        client.post(
            reverse("api_link_review_decide", kwargs={"pair_id": hub.pair.pk}),
            {"verdict": "same"},
            content_type="application/json",
        )
    )
    answers.append(
        client.post(
            reverse("link_review_decide", kwargs={"pair_id": hub.pair.pk}), {"verdict": "same"}
        )
    )
    return [answer.status_code for answer in answers]


@pytest.mark.parametrize("role", [Role.HUB_MANAGER, Role.ADMIN, Role.HUB_ADMIN, Role.SUPERVISOR])
def test_no_route_or_api_operation_opens_the_trusts_data_to_social_care(
    client: Client, hub: Hub, role: Role
) -> None:
    before = _seen(hub.worker)
    trusts = list(SharingAgreement.objects.filter(provider=hub.trust).order_by("pk").values())
    sign_in(client, f.user(hub.csc, role))

    answers = _every_attempt(client, hub)

    # Refused, or refused as a form; only what shares less may be done (social care, a
    # party to the trust's unconfirmed agreement, may revoke it).
    assert set(answers) <= {302, 404, 422}, answers
    assert _seen(hub.worker) == before
    after = list(SharingAgreement.objects.filter(provider=hub.trust).order_by("pk").values())
    for old, new in zip(trusts, after, strict=True):
        assert new == old or (
            new["status"] == AgreementStatus.REVOKED
            and old["recipient_id"] == hub.csc.pk
            and role is Role.HUB_MANAGER
        ), (old, new)
    assert not LinkDecision.objects.exists()
    hub.pending.refresh_from_db()
    assert hub.pending.status == AccessRequest.Status.PENDING
    assert not ImportJob.objects.exists()


def test_only_the_trusts_hub_manager_opens_it(client: Client, hub: Hub) -> None:
    """The same hub, after the trust's hub manager confirms its old agreement and social
    care's accepts it: now social care sees what the trust signed (the test above would
    pass if nothing ever could)."""
    before = _seen(hub.worker)
    agreement = hub.agreements["unconfirmed"].pk
    sign_in(client, f.user(hub.trust, Role.HUB_MANAGER))
    client.post(reverse("sharing_agreement_confirm", kwargs={"agreement_id": agreement}))
    assert _seen(hub.worker) == before  # the recipient has not accepted it yet
    sign_in(client, f.user(hub.csc, Role.HUB_MANAGER))
    client.post(reverse("sharing_agreement_accept", kwargs={"agreement_id": agreement}))
    records, events, identities = _seen(hub.worker)
    assert records > before[0]
    assert events > before[1]
    assert identities > before[2]


def test_no_command_acts_on_agreements() -> None:
    """Commands run as the operator (no user), and the agreement rules admit no operator;
    and no `safehub` command calls an agreement service itself. (`safehub demo` makes the
    demo's synthetic agreements as its demo hub managers would: each provider's proposes,
    each recipient's accepts, through the same rule.)"""
    police, csc = f.agency("police"), f.agency("csc", "social_care")
    agreement = f.agreement(police, csc, status=AgreementStatus.PROPOSED)
    with pytest.raises(ActionRefused):
        agreements.agreement_propose(
            actor=None,  # type: ignore[arg-type]  # an operator
            provider=police,
            recipient=csc,
            sensitivities=EVERYTHING,
            condition="always",
            scope="any_hub",
            reference="x",
        )
    for step in (
        agreements.agreement_accept,
        agreements.agreement_decline,
        agreements.agreement_revoke,
        agreements.agreement_confirm,
    ):
        with pytest.raises(ActionRefused):
            step(actor=None, agreement=agreement)  # type: ignore[arg-type]
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.PROPOSED
    package = Path(safehub.__file__).parent
    for command in package.glob("*/management/commands/*.py"):
        names = {
            node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
            for node in ast.walk(ast.parse(command.read_text()))
        }
        assert not {n for n in names if n.startswith("agreement_")}, command
