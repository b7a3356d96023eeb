"""Template filters that turn domain values into GOV.UK presentation (tag colours)."""

from __future__ import annotations

from django import template

from safehub.ingest.models import ImportJob

register = template.Library()

# GOV.UK tag colours: grey waiting, blue in progress, green done, red needs attention.
_JOB_STATUS_TAG: dict[str, str] = {
    ImportJob.Status.QUEUED: "govuk-tag--grey",
    ImportJob.Status.RUNNING: "govuk-tag--blue",
    ImportJob.Status.IMPORTED: "govuk-tag--green",
    ImportJob.Status.ALREADY: "govuk-tag--turquoise",
    ImportJob.Status.REJECTED: "govuk-tag--red",
    ImportJob.Status.FAILED: "govuk-tag--red",
}


@register.filter
def job_status_tag(status: str) -> str:
    """The GOV.UK tag modifier class for an import job's status."""
    return _JOB_STATUS_TAG.get(status, "govuk-tag--grey")
