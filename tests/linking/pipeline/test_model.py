"""The trained model: versioned, saved as JSON, readable by a person."""

from __future__ import annotations

import json
import re

from safehub.linking.pipeline import facade


def test_link_model_json_round_trip(model: facade.LinkModel) -> None:
    text = model.to_json()
    again = facade.LinkModel.from_json(text)
    assert again == model
    assert json.loads(text)["format"] == "safehub-link-model/1"


def test_version_is_time_and_settings_hash(model: facade.LinkModel) -> None:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ-[0-9a-f]{12}", model.version)


def test_settings_are_splinks_saved_model_with_m_and_u(model: facade.LinkModel) -> None:
    comparisons = model.settings["comparisons"]
    assert isinstance(comparisons, list)
    first = comparisons[0]["comparison_levels"][1]
    assert 0 < first["m_probability"] <= 1
    assert 0 < first["u_probability"] <= 1


def test_summary_lists_every_level_with_its_weight(model: facade.LinkModel) -> None:
    summary = model.summary
    names = [c["name"] for c in summary["comparisons"]]  # type: ignore[attr-defined]
    assert names == [
        "first_name",
        "surname",
        "date_of_birth",
        "sex",
        "address",
        "phone",
        "email",
        "handles",
        "nhs_number",
        "pnc_id",
        "upn",
    ]
    training = summary["training"]
    assert isinstance(training, dict)
    assert training["records"] > 1000
    assert training["u_max_pairs"] >= 500_000
    thresholds = summary["thresholds"]
    assert isinstance(thresholds, dict)
    assert set(thresholds) == {"link_weight", "review_band", "min_weight"}


def weights(model: facade.LinkModel, comparison: str) -> dict[str, float]:
    for entry in model.summary["comparisons"]:  # type: ignore[attr-defined]
        if entry["name"] == comparison:
            return {
                level["level"]: level["match_weight"]
                for level in entry["levels"]
                if not level["null"]
            }
    raise KeyError(comparison)


def test_strong_identifiers_are_strong_but_not_infallible(model: facade.LinkModel) -> None:
    nhs = weights(model, "nhs_number")
    assert nhs["same"] > 10
    assert -8.0 <= nhs["all other"] < -3


def test_an_old_address_is_weak_evidence_against(model: facade.LinkModel) -> None:
    address = weights(model, "address")
    assert address["same address"] > 8
    assert -3.0 <= address["all other"] < 0


def test_no_comparison_is_a_veto(model: facade.LinkModel) -> None:
    for entry in model.summary["comparisons"]:  # type: ignore[attr-defined]
        for level in entry["levels"]:
            if not level["null"]:
                assert level["match_weight"] >= -10.0, (entry["name"], level)


def test_training_is_reproducible_for_a_seed(world, model: facade.LinkModel) -> None:
    records, _truth = world
    again = facade.train(records, seed=1)
    assert again.settings == model.settings


def test_reviewers_same_decisions_feed_m(world, model: facade.LinkModel) -> None:
    records, truth = world
    by_person: dict[str, list[int]] = {}
    for record, person in truth.items():
        by_person.setdefault(person, []).append(record)
    same = [facade.Decision(ids[0], ids[1], "same") for ids in by_person.values() if len(ids) > 1][
        :40
    ]
    labelled = facade.train(records, seed=1, labels=same)
    assert labelled.summary["training"]["labelled_same_pairs"] == 40  # type: ignore[index]
    assert labelled.settings != model.settings
