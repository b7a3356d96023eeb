"""Precision and recall by kind of person and by where a pair sits (within one agency or
across), counted from cluster sizes."""

from __future__ import annotations

from safehub.linking.pipeline.breakdown import breakdown, kind_of


def test_kinds_and_scopes_are_counted_apart() -> None:
    # A victim with two police records and one health record; an offender with two police
    # nominals; a boy with one record. The hub found the victim's health-police pairs but
    # not her second nominal, and joined the boy to the offender by mistake.
    truth = {1: "V", 2: "V", 3: "V", 4: "O", 5: "O", 6: "B"}
    agency = {1: "police", 2: "police", 3: "health", 4: "police", 5: "police", 6: "education"}
    kind = {"V": "victim", "O": "offender", "B": "other young person"}
    predicted = {1: "a", 3: "a", 2: "b", 4: "c", 5: "c", 6: "c"}

    counts = breakdown(predicted, truth, kind, agency)

    victim = counts["victim"]
    assert (victim.true_pairs, victim.found) == (3, 1)
    assert victim.precision == 1.0
    assert counts["victim, within one agency"].recall == 0.0  # the two nominals
    assert counts["victim, across agencies"].recall == 0.5
    offender = counts["offender"]
    assert offender.recall == 1.0
    assert (offender.predicted_pairs, offender.correct) == (3, 1)  # two pairs with the boy
    assert counts["other young person"].precision == 0.0
    assert counts["all"].true_pairs == 4
    assert counts["all"].predicted_pairs == 4
    assert counts["within one agency"].true_pairs == 2


def test_a_person_is_a_victim_before_an_offender_and_by_age_otherwise() -> None:
    assert kind_of({"victim": True, "offender": True, "kind": "young_person"}) == "victim"
    assert kind_of({"victim": False, "offender": True, "kind": "adult"}) == "offender"
    assert kind_of({"kind": "young_person"}) == "other young person"
    assert kind_of({"kind": "adult"}) == "other adult"
