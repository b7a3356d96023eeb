"""Search keys for trace search, made with the pipeline's name normalisation.

A key is a short text a record and a half-remembered detail share: the representative
spelling of a name word (`n:SMITH` for Smyth), its sound (`p:SM0`), the nickname groups of
a first name (`g:REBECCA` for Becky), the year of birth (`y:2009`), the postcode district
and area (`d:NV1`, `a:NV`). Names are keyed word by word and field-blind, so a name
remembered in the wrong order, or an alias, still meets the record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import pandas as pd

from safehub.linking.pipeline.facade import name_tokens, nickname_keys, phonetic, prepare, spelling

_AREA = re.compile(r"^[A-Z]+")


def name_keys(text: str, *, nicknames: bool = True) -> set[str]:
    keys: set[str] = set()
    for token in name_tokens(text):
        word = spelling(token)
        keys.add(f"n:{word}")
        if sound := phonetic(word):
            keys.add(f"p:{sound}")
        if nicknames:
            keys.update(f"g:{group}" for group in nickname_keys(word))
    return keys


def postcode_keys(postcode: str) -> set[str]:
    """`d:` the outward code (district), `a:` its letters (area)."""
    compact = postcode.replace(" ", "").upper()
    if not compact:
        return set()
    outward = compact[:-3] if len(compact) >= 5 else compact
    keys = {f"d:{outward}"}
    if area := _AREA.match(outward):
        keys.add(f"a:{area.group(0)}")
    return keys


def year_of(date_of_birth: str) -> int | None:
    head = date_of_birth[:4]
    return int(head) if len(head) == 4 and head.isdigit() else None


def record_keys(frame: pd.DataFrame) -> Iterator[tuple[int, list[str]]]:
    """(record id, its keys) for every row of a records frame, from the pipeline's own
    features (`prepare`): every name the record holds (aliases and previous names too) by
    spelling and sound, the first name's nickname groups, year of birth, district."""
    features = prepare(frame)
    columns = ["unique_id", "names_all", "first_keys", "dob_year", "postcode_district", "postcode"]
    for pk, words, groups, year, district, postcode in features[columns].itertuples(
        index=False, name=None
    ):
        keys: set[str] = set()
        for word in words if isinstance(words, list) else ():
            keys.add(f"n:{word}")
            if sound := phonetic(word):
                keys.add(f"p:{sound}")
        keys.update(f"g:{group}" for group in (groups if isinstance(groups, list) else ()))
        if not pd.isna(year):
            keys.add(f"y:{int(year)}")
        # A partial postcode (an outward code from an old record) has no parsed district.
        place = district if isinstance(district, str) and district else postcode
        if isinstance(place, str) and place:
            keys |= postcode_keys(place)
        yield int(pk), sorted(k for k in keys if len(k) <= 80)


def query_keys(
    *, names: Iterable[str] = (), years: Iterable[int] = (), district: str = ""
) -> list[str]:
    keys: set[str] = set()
    for name in names:
        keys |= name_keys(name)
    keys.update(f"y:{year}" for year in years)
    if district:
        compact = district.replace(" ", "").upper()
        keys.add(f"d:{compact}" if any(ch.isdigit() for ch in compact) else f"a:{compact}")
    return sorted(keys)
