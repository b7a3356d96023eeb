"""`safehub evaluate --truth ground_truth.json [--labels] [--json]`: how good the hub's
Persons are, against a synthetic world's ground truth and/or the reviewers' decisions,
and how well its screening finds the world's victims."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safehub.linking.evaluation import hub_clusters, label_agreement, truth_clusters
from safehub.linking.pipeline import facade as pipeline
from safehub.network.evaluation import network_report
from safehub.screening.core import evaluation as screening_figures
from safehub.screening.evaluation import read_truth, screening_report


class Command(BaseCommand):
    help = (
        "Pairwise and B-cubed precision, recall and F1 of the hub's Persons against a "
        "ground truth file (as `safehub synth` writes it), with screening's recall, lead, "
        "precision and workload beside two baselines, by sex and ethnicity group, and how "
        "many of its true networks the hub's networks recover; "
        "--labels: agreement with reviewers' same/different decisions."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--truth", type=Path, help="ground_truth.json of a synthetic world")
        parser.add_argument(
            "--labels",
            action="store_true",
            help="also score the Persons against reviewers' decisions",
        )
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["truth"] is None and not options["labels"]:
            raise CommandError("Give --truth FILE, --labels or both.")
        report: dict[str, Any] = {}
        if options["truth"] is not None:
            try:
                truth = truth_clusters(options["truth"])
                world = read_truth(options["truth"])
            except (OSError, ValueError, KeyError) as error:
                raise CommandError(f"{options['truth']}: {error}") from None
            predicted = hub_clusters()
            metrics = pipeline.evaluate(predicted, truth)
            report["truth"] = {
                **{k: round(v, 6) if isinstance(v, float) else v for k, v in vars(metrics).items()},
                "hub_records": len(predicted),
                "truth_records_missing_from_hub": len(set(truth) - set(predicted)),
            }
            report["screening"] = screening_report(world)
            report["network"] = network_report(world)
        if options["labels"]:
            report["labels"] = label_agreement()
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2, sort_keys=True))
            return
        for section, values in report.items():
            self.stdout.write(f"{section}:")
            if section == "screening":
                self._screening(values)
                continue
            for key, value in values.items():
                self.stdout.write(f"  {key}: {value}")

    def _screening(self, values: dict[str, Any]) -> None:
        run = values["run"]
        self.stdout.write(
            f"  run: {run['id']} (rules {run['rules_version']})"
            if run
            else "  run: none yet (`safehub screen`): no flags stored"
        )
        self.stdout.write(
            f"  current young people {values['young_people']:,}, true victims "
            f"{values['victims']:,} ({values['victims_known']:,} disclosed or reported; "
            f"{values['victims_not_in_hub']:,} not in the hub)"
        )
        self.stdout.write(f"  {values['mapping']}")
        for line in screening_figures.table_lines(values):
            self.stdout.write(f"  {line}")
        for line in screening_figures.fairness_lines(values):
            self.stdout.write(line if line.startswith("WARNING") else f"  {line}")
