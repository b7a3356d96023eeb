"""How well first flags find a synthetic world's victims, and whether equally for all.

The benchmark (each record taken as its true person) and `safehub evaluate` (the hub's
linked Persons) measure the same way through this module. A *unit* is what was flagged:
a true person in the benchmark, a hub Person in the hub. `holds` says how many of each
true person's records each unit holds, which decides two things:

- a victim counts as flagged on the **earliest** first flag among the units holding any
  of her records (split across Persons, a flag on any of them brings her to the hub);
- a unit is a true victim when **more than half** of its records are one true victim's,
  and belongs to the young person who holds the most of its records (for precision,
  workload and the groups).

Of the current cohort's true victims: the share flagged at all; of those who disclosed or
were reported as a crime victim, the share flagged strictly before the first of the two
and the median lead in days; the share of flagged units that are true victims; new flags
per 1,000 young people per month over the span of the facts. Pure pandas: no Django.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass

import pandas as pd

METHODS = {
    "screening": "screening",
    "reactive": "reactive (harm only)",
    "checklist": "any two in 12 months",
}
ETHNICITY_GROUPS = {"W": "White", "A": "Asian", "B": "Black", "M": "Mixed", "O": "Other"}
SMALL_GROUP = 20  # victims: a group's recall below this moves by 5 points a child
GAP = 0.10  # a group's recall this far from everyone's is a warning
WATCHED = ("flagged_before", "flagged_at_all")
HOLDS_COLUMNS = ("truth", "unit", "records")
DAYS_A_MONTH = 30.44


@dataclass(frozen=True)
class Truth:
    """The world's current young people and who the flagged units are."""

    young: pd.DataFrame  # by truth person: victim, known, sex, ethnicity, exploited
    units: pd.DataFrame  # by unit of a current young person: owner, victim
    holds: pd.DataFrame  # truth, unit: the units holding each truth person's records
    months: float


@dataclass(frozen=True)
class Quality:
    victims: int
    known: int  # victims who disclosed or were reported
    flagged_at_all: float
    flagged_before: float
    median_lead_days: float  # nan when none was flagged before
    precision: float
    flagged: int
    young_people: int
    per_thousand_month: float


def identity_holds(people: pd.DataFrame) -> pd.DataFrame:
    """Each true person as their own unit (the benchmark: records as their true person)."""
    return pd.DataFrame({"truth": people["person"], "unit": people["person"], "records": 1})


def truth_from(people: pd.DataFrame, holds: pd.DataFrame, fact_days: pd.Series) -> Truth:
    """`people` as the ground truth lists them; `holds` as HOLDS_COLUMNS; `fact_days` the
    dates of every fact (the span workload is spread over)."""
    frame = people.set_index("person")
    young = frame[(frame["kind"] == "young_person") & (frame["cohort"] == "current")]
    known = pd.concat(
        [_dates(young, "disclosure"), _dates(young, "victim_crime_report")], axis=1
    ).min(axis=1)
    exploited = young.get("criminal_exploitation", pd.Series(False, index=young.index))
    young = pd.DataFrame(
        {
            "victim": young["victim"].eq(True),
            "known": known,
            "sex": young["sex"].fillna("").replace("", "unknown"),
            "ethnicity": _ethnic_group(young.get("ethnicity")),
            "exploited": exploited.eq(True),
        },
        index=young.index,
    )
    return Truth(young, _units(holds, young), _held(holds), _months(fact_days))


def _dates(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame:
        return pd.Series(pd.NaT, index=frame.index)
    return pd.to_datetime(frame[column], errors="coerce")


def _ethnic_group(codes: pd.Series | None) -> pd.Series | str:
    if codes is None:
        return "Unknown"
    return codes.fillna("").astype(str).str[:1].map(ETHNICITY_GROUPS).fillna("Unknown")


def _held(holds: pd.DataFrame) -> pd.DataFrame:
    frame = holds[list(HOLDS_COLUMNS)].copy()
    frame["truth"], frame["unit"] = frame["truth"].astype(str), frame["unit"].astype(str)
    return frame


def _units(holds: pd.DataFrame, young: pd.DataFrame) -> pd.DataFrame:
    """The units whose records are mostly a current young person's: owner, victim."""
    held = _held(holds).sort_values(["unit", "records", "truth"], ascending=[True, False, True])
    totals = held.groupby("unit")["records"].sum()
    top = held.drop_duplicates("unit").set_index("unit")
    top = top[top["truth"].isin(young.index)]
    majority = top["records"] * 2 > totals.reindex(top.index)
    victim = majority & young["victim"].reindex(top["truth"]).to_numpy()
    return pd.DataFrame({"owner": top["truth"], "victim": victim.astype(bool)})


def _months(days: pd.Series) -> float:
    dated = pd.to_datetime(days, errors="coerce").dropna()
    if dated.empty:
        return 1.0
    return max(1.0, (dated.max() - dated.min()).days / DAYS_A_MONTH)


def _first_flags(flags: pd.DataFrame) -> pd.Series:
    """unit -> its first flag day (Timestamp)."""
    days = pd.to_datetime(flags["first_flagged_on"])
    return pd.Series(days.to_numpy(), index=flags["person"].astype(str)).groupby(level=0).min()


def victim_flags(truth: Truth, flags: pd.DataFrame) -> pd.Series:
    """Each current young person's earliest flag among the units holding her records."""
    first = _first_flags(flags)
    held = truth.holds[truth.holds["truth"].isin(truth.young.index)]
    on = held.assign(flagged=held["unit"].map(first)).dropna(subset=["flagged"])
    return on.groupby("truth")["flagged"].min()


def quality(truth: Truth, flags: pd.DataFrame, among: pd.Index | None = None) -> Quality:
    """The figures of `flags` (person = unit, first_flagged_on) over the young people
    `among` (all the current cohort when None)."""
    young = truth.young if among is None else truth.young.loc[among]
    victims = young[young["victim"]]
    flagged_on = victim_flags(truth, flags).reindex(victims.index)
    known = victims["known"].dropna()
    leads = (known - flagged_on.reindex(known.index)).dt.days.dropna()
    ahead = leads[leads > 0]
    units = truth.units[truth.units["owner"].isin(young.index)]
    flagged_units = units[units.index.isin(_first_flags(flags).index)]
    return Quality(
        victims=len(victims),
        known=len(known),
        flagged_at_all=_share(int(flagged_on.notna().sum()), len(victims)),
        flagged_before=_share(len(ahead), len(known)),
        median_lead_days=float(ahead.median()) if len(ahead) else math.nan,
        precision=_share(int(flagged_units["victim"].sum()), len(flagged_units)),
        flagged=len(flagged_units),
        young_people=len(young),
        per_thousand_month=len(flagged_units) / max(1, len(young)) * 1000 / truth.months,
    )


def _victims(count: object) -> str:
    return f"{count} victim" if count == 1 else f"{count} victims"


def _share(part: int, whole: int) -> float:
    return part / max(1, whole)


def exploitation(truth: Truth, flags: pd.DataFrame) -> dict[str, object] | None:
    """Children the truth marks as criminally exploited (not CSE victims, but at risk):
    how many were flagged, and how many of the flagged units that are not CSE victims
    are theirs (they count against precision; this says how much of it is them)."""
    exploited = truth.young[truth.young["exploited"] & ~truth.young["victim"]]
    if exploited.empty:
        return None
    flagged_on = victim_flags(truth, flags).reindex(exploited.index)
    first = _first_flags(flags)
    units = truth.units[truth.units.index.isin(first.index)]
    theirs = units[~units["victim"] & units["owner"].isin(exploited.index)]
    return {
        "children": len(exploited),
        "flagged": int(flagged_on.notna().sum()),
        "flagged_at_all": round(_share(int(flagged_on.notna().sum()), len(exploited)), 4),
        "flagged_not_cse_theirs": len(theirs),
    }


def by_group(truth: Truth, flags: pd.DataFrame, column: str) -> dict[str, Quality]:
    """`quality` of each group of the young people by `column` (sex, ethnicity)."""
    return {
        str(group): quality(truth, flags, members.index)
        for group, members in truth.young.groupby(column, sort=True)
    }


def warnings(
    method: str, overall: Quality, groups: Mapping[str, Mapping[str, Quality]]
) -> list[dict[str, object]]:
    """Each group whose recall (flagged before, flagged at all) is more than GAP away
    from everyone's. Small groups are warned of too, marked small: a reader judges."""
    found: list[dict[str, object]] = []
    for by, of_by in groups.items():
        for group, figures in of_by.items():
            for measure in WATCHED:
                if measure == "flagged_before" and not figures.known:
                    continue
                if not figures.victims:
                    continue
                theirs, everyone = getattr(figures, measure), getattr(overall, measure)
                if abs(theirs - everyone) <= GAP:
                    continue
                small = figures.victims < SMALL_GROUP
                found.append(
                    {
                        "method": method,
                        "by": by,
                        "group": group,
                        "measure": measure,
                        "group_value": round(theirs, 4),
                        "overall": round(everyone, 4),
                        "victims": figures.victims,
                        "small": small,
                        "text": (
                            f"{method}: {by} {group}: {measure.replace('_', ' ')} "
                            f"{theirs:.3f} against {everyone:.3f} overall "
                            f"({(theirs - everyone) * 100:+.0f} points; "
                            f"{_victims(figures.victims)}{', a small group' if small else ''})"
                        ),
                    }
                )
    return found


def figures(q: Quality) -> dict[str, object]:
    """JSON-ready: rounded, NaN as null."""
    out: dict[str, object] = {}
    for key, value in asdict(q).items():
        if isinstance(value, float):
            out[key] = None if math.isnan(value) else round(value, 4)
        else:
            out[key] = value
    return out


def report(truth: Truth, methods: Mapping[str, pd.DataFrame]) -> dict[str, object]:
    """Every method's figures, overall and by sex and ethnicity group, and the fairness
    warnings of screening's (the baselines are yardsticks, not what the hub does)."""
    out: dict[str, object] = {}
    found: list[dict[str, object]] = []
    for method, flags in methods.items():
        overall = quality(truth, flags)
        groups = {"sex": by_group(truth, flags, "sex")}
        groups["ethnicity"] = by_group(truth, flags, "ethnicity")
        entry = figures(overall)
        for by, of_by in groups.items():
            entry[f"by_{by}"] = {
                g: {**figures(q), "small": q.victims < SMALL_GROUP} for g, q in of_by.items()
            }
        exploited = exploitation(truth, flags)
        if exploited is not None:
            entry["criminal_exploitation"] = exploited
        out[method] = entry
        if method == "screening":
            found += warnings(method, overall, groups)
    victims = truth.young[truth.young["victim"]]
    return {
        "young_people": len(truth.young),
        "victims": len(victims),
        "victims_known": int(victims["known"].notna().sum()),
        "months": round(truth.months, 2),
        "methods": out,
        "warnings": found,
    }


def table_lines(summary: Mapping[str, object]) -> list[str]:
    """The methods side by side, as the benchmark prints them."""
    methods: Mapping[str, Mapping[str, object]] = summary["methods"]  # type: ignore[assignment]
    lines = [
        f"{'':22}{'victims flagged':>16}{'before':>8}{'lead (d)':>9}{'precision':>10}"
        f"{'flagged':>9}{'/1,000/month':>13}"
    ]
    for method, q in methods.items():
        lines.append(f"{METHODS.get(method, method):22}{_row(q)}")
    return lines


def _row(q: Mapping[str, object]) -> str:
    lead = q["median_lead_days"]
    return (
        f"{q['flagged_at_all']:16.3f}{q['flagged_before']:8.3f}"
        f"{math.nan if lead is None else lead:9.0f}"
        f"{q['precision']:10.3f}{q['flagged']:9,}{q['per_thousand_month']:13.3f}"
    )


def fairness_lines(summary: Mapping[str, object], method: str = "screening") -> list[str]:
    """`method`'s figures by sex and ethnicity group, then every warning."""
    methods: Mapping[str, Mapping[str, object]] = summary["methods"]  # type: ignore[assignment]
    entry = methods.get(method)
    if entry is None:
        return []
    lines = [f"{METHODS.get(method, method)} by group (* under {SMALL_GROUP} victims):"]
    for by in ("sex", "ethnicity"):
        groups: Mapping[str, Mapping[str, object]] = entry[f"by_{by}"]  # type: ignore[assignment]
        for group, q in groups.items():
            name = f"  {by} {group}{' *' if q['small'] else ''}"
            lines.append(f"{name:22}{_row(q)}  {_victims(q['victims'])} ({q['known']} known)")
    exploited = entry.get("criminal_exploitation")
    if isinstance(exploited, Mapping):
        lines.append(
            f"  criminally exploited (not CSE): {exploited['flagged']} of "
            f"{exploited['children']} flagged; {exploited['flagged_not_cse_theirs']} of the "
            "flags that are not CSE victims are theirs"
        )
    warned: list[Mapping[str, object]] = summary["warnings"]  # type: ignore[assignment]
    lines += [f"WARNING {w['text']}" for w in warned if w["method"] == method]
    return lines
