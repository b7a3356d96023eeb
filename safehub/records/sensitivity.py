"""What a person record reveals by existing: its agency's sensitivity, or its service's.

A sexual-health clinic's patient list is sexual-health data before any attendance is
read: a record of the trust numbered "SH…" tells whoever sees it that the person was
registered at the clinic. So each record carries a sensitivity (`PersonRecord.
sensitivity`), which the access policy reads like any fact's: the agency's
`record_sensitivity`, or — replacing it — that of the first of its `RecordService`s that
recognises the record by its id's prefix or by the source system of its extract.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from safehub.access.actions import Action, require
from safehub.agencies.models import Agency, RecordService, Sensitivity, User
from safehub.audit import log as audit
from safehub.audit.models import Verb
from safehub.records.models import Extract, PersonRecord


def _recognised(service: RecordService) -> Q:
    found = Q(pk__in=[])
    if service.record_id_prefix:
        found |= Q(record_id__startswith=service.record_id_prefix)
    if service.source_system:
        found |= Q(extract__source_system=service.source_system)
    return found


def _agency_locked(agency: Agency) -> None:
    """Hold the agency's row until the transaction ends: an import classifying its new
    records and an operator changing its services then take turns, so neither misses the
    other's rows (PostgreSQL; SQLite has one writer anyway)."""
    list(Agency.objects.select_for_update().filter(pk=agency.pk).values_list("pk"))


def records_classify(*, agency: Agency, extract: Extract | None = None) -> int:
    """Set the sensitivity of the agency's records (of one extract's, when given) from
    its services; returns how many a service recognised. Records of an extract were
    inserted with the agency's own sensitivity, so only the services are applied."""
    _agency_locked(agency)
    records: QuerySet[PersonRecord] = PersonRecord.objects.filter(agency=agency)
    if extract is None:
        records.exclude(sensitivity=agency.record_sensitivity).update(
            sensitivity=agency.record_sensitivity
        )
    else:
        records = records.filter(seen_in=extract)
    recognised = 0
    # The first service to recognise a record wins: later ones skip what earlier took.
    taken = Q(pk__in=[])
    for service in agency.services.order_by("pk"):
        matched = records.filter(_recognised(service)).exclude(taken)
        recognised += matched.exclude(sensitivity=service.sensitivity).update(
            sensitivity=service.sensitivity
        )
        taken |= _recognised(service)
    return recognised


def record_service_set(
    *,
    actor: User | None,
    agency: Agency,
    name: str,
    sensitivity: str,
    record_id_prefix: str = "",
    source_system: str = "",
) -> RecordService:
    """Add (or change) a service of the agency whose records are sensitive in themselves,
    and apply it to every record the agency holds now."""
    require(actor, Action.RECORD_SERVICE_SET, agency, route="record_service_set")
    with transaction.atomic():
        _agency_locked(agency)
        service = RecordService.objects.filter(agency=agency, name=name.strip()).first()
        service = service or RecordService(agency=agency, name=name.strip())
        service.sensitivity = sensitivity
        service.record_id_prefix = record_id_prefix.strip()
        service.source_system = source_system.strip()
        try:
            service.full_clean()
        except ValidationError as error:
            if "__all__" in error.message_dict:
                raise ValidationError(
                    "Give a record id prefix or a source system by which "
                    "the service's records are recognised."
                ) from None
            raise
        service.save()
        changed = records_classify(agency=agency)
        audit.record(
            actor=actor,
            username=audit.operator_name() if actor is None else "",
            verb=Verb.RECORD_SERVICE_SET,
            target_type="agency",
            target_id=agency.code,
            detail={
                "service": service.name,
                "sensitivity": sensitivity,
                "record_id_prefix": service.record_id_prefix,
                "source_system": service.source_system,
                "records_changed": changed,
            },
        )
    return service


def agency_sensitivity_set(*, actor: User | None, agency: Agency, sensitivity: str) -> Agency:
    """What every record of the agency reveals (a health trust's patient list: health),
    applied to the records it holds now."""
    require(actor, Action.RECORD_SERVICE_SET, agency, route="agency_sensitivity_set")
    if sensitivity not in Sensitivity.values:
        raise ValidationError(
            {"sensitivity": f"{sensitivity!r} is not one of {', '.join(Sensitivity.values)}."}
        )
    with transaction.atomic():
        agency.record_sensitivity = sensitivity
        agency.save(update_fields=["record_sensitivity"])
        records_classify(agency=agency)
        audit.record(
            actor=actor,
            username=audit.operator_name() if actor is None else "",
            verb=Verb.RECORD_SERVICE_SET,
            target_type="agency",
            target_id=agency.code,
            detail={"record_sensitivity": sensitivity},
        )
    return agency
