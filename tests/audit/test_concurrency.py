"""Appends from several threads at once still form one unbroken chain."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from safehub.agencies.models import User
from safehub.audit.log import record
from safehub.audit.models import AuditEvent, Verb
from safehub.audit.verify import VerifyResult, verify_chain

pytestmark = pytest.mark.usefixtures("audit_purged_after")

PER_THREAD = 25


def in_threads(*work: Callable[[], None]) -> None:
    errors: list[BaseException] = []

    def run(job: Callable[[], None]) -> None:
        try:
            job()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors


def appender(user: User, name: str) -> Callable[[], None]:
    def append() -> None:
        for n in range(PER_THREAD):
            record(actor=user, verb=Verb.VIEW, target_type="person", target_id=f"{name}-{n}")

    return append


def test_concurrent_appends_from_two_threads_form_a_valid_chain(practitioner: User) -> None:
    in_threads(appender(practitioner, "a"), appender(practitioner, "b"))

    assert list(AuditEvent.objects.values_list("seq", flat=True)) == list(
        range(1, 2 * PER_THREAD + 1)
    )
    assert verify_chain() == VerifyResult(
        ok=True, checked=2 * PER_THREAD, first_bad_seq=None, reason=""
    )


def test_verifying_while_events_are_appended_finds_no_fault(practitioner: User) -> None:
    results: list[VerifyResult] = []

    def verify_repeatedly() -> None:
        for _ in range(10):
            results.append(verify_chain())

    in_threads(appender(practitioner, "a"), verify_repeatedly)

    assert [result for result in results if not result.ok] == []
    assert verify_chain().checked == PER_THREAD
