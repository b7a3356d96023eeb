"""Template filters that turn domain values into GOV.UK presentation, and show text safely."""

from __future__ import annotations

import re
from datetime import timedelta

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


# C0 and C1 control characters (and DEL), line and paragraph separators, and the
# bidirectional controls that can make text display in another order than it is stored
# ("Trojan Source"); tab and newline included, as a name never legitimately holds them.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@register.filter
def escape_controls(value: object) -> str:
    """The text with each control character shown as an escape (\\x1b, \\n, \\u202e), so
    a value typed with them (a username at sign-in, say) cannot forge lines, terminal
    colours or reversed text when shown. HTML escaping still follows as usual."""
    return _CONTROLS.sub(lambda match: _escaped(match.group()), str(value))


def _escaped(character: str) -> str:
    return character.encode("unicode_escape").decode("ascii")


@register.filter
def minutes(duration: timedelta) -> int:
    """A duration in whole minutes (a lockout's cool-off)."""
    return int(duration.total_seconds() // 60)
