"""The same seed gives the same bytes; another seed gives another world."""

from __future__ import annotations

from pathlib import Path

from safehub.synth import generate


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_same_seed_gives_identical_bytes(tmp_path):
    first = generate(out_dir=tmp_path / "a", seed=5, young_people=300)
    second = generate(out_dir=tmp_path / "b", seed=5, young_people=300)
    assert first.rows == second.rows
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_a_different_seed_gives_a_different_world(tmp_path):
    generate(out_dir=tmp_path / "a", seed=5, young_people=300)
    generate(out_dir=tmp_path / "b", seed=6, young_people=300)
    first, second = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    assert first.keys() == second.keys()
    assert first["extracts/police/persons.csv"] != second["extracts/police/persons.csv"]
    assert first["ground_truth.json"] != second["ground_truth.json"]


def test_regenerating_into_the_same_folder_replaces_the_world(tmp_path):
    generate(out_dir=tmp_path, seed=5, young_people=300)
    before = snapshot(tmp_path)
    generate(out_dir=tmp_path, seed=5, young_people=300)
    assert snapshot(tmp_path) == before


def test_progress_is_reported_up_to_the_total(tmp_path):
    calls: list[tuple[int, int]] = []
    summary = generate(
        out_dir=tmp_path,
        seed=5,
        young_people=300,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls
    assert calls[-1] == (summary.young_people, summary.young_people)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
