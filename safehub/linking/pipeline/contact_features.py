"""Features of where a record's person lives and how to reach them: postcode parts, the
address as a key and a stem, telephone numbers (features.py puts them beside the names,
dates and identifiers). Phones are an Arrow kernel over every distinct value at once: at
a million records a Python loop costs seconds.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from safehub.linking.pipeline import names

_TEXT = pa.string()
_WORDS = pa.list_(pa.string())
_NOT_DIGITS = re.compile(r"[^0-9]+")
_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d)([A-Z]{2})$")
_STREET_KINDS = {
    "STREET": "ST",
    "ROAD": "RD",
    "LANE": "LN",
    "AVENUE": "AVE",
    "TERRACE": "TER",
    "CLOSE": "CL",
    "GROVE": "GR",
    "DRIVE": "DR",
    "CRESCENT": "CRES",
    "PLACE": "PL",
    "WAY": "WAY",
    "VIEW": "VIEW",
    "COURT": "CT",
    "GARDENS": "GDNS",
    "SQUARE": "SQ",
    "PARADE": "PDE",
    "CIRCUIT": "CCT",
    "BOULEVARD": "BLVD",
    "HIGHWAY": "HWY",
    "MEWS": "MEWS",
    "WALK": "WALK",
    "ROW": "ROW",
}
_STREET_ENDINGS = frozenset(_STREET_KINDS.values())
_HOUSE = re.compile(r"\b(\d+[A-Z]?)[\s,]+([A-Z]{3})")

POSTCODE_PARTS = (("postcode", _TEXT), ("postcode_sector", _TEXT), ("postcode_district", _TEXT))


def parse_postcode(text: str) -> tuple[str | None, str | None, str | None]:
    """(unit, sector, district): NV3 6RQ -> NV36RQ, NV3 6, NV3."""
    compact = "".join(text.upper().split())
    match = _POSTCODE.match(compact)
    if match is None:
        return (compact or None), None, None
    outward, sector_digit, _unit = match.groups()
    return compact, f"{outward} {sector_digit}", outward


def address_parts(text: str) -> tuple[str | None, str | None]:
    """(address_key, address_stem) of one address.

    address_key is house and street in one spelling: '58 Wheatley Street, Northvale' ->
    58 WHEATLEY ST; words after the street's kind (town, county) are dropped, as agencies
    keep or drop them. address_stem is the house number and the street's first three
    letters (58 WHE): a blocking key that survives what address_key does not — a mistyped
    or run-together street ("58 WHEATLEYSTREET"), a missing locality, another street kind.
    """
    upper = names.ascii_upper(text)
    house = _HOUSE.search(upper)
    stem = f"{house.group(1)} {house.group(2)}" if house else None
    words = [_STREET_KINDS.get(w, w) for w in upper.replace(",", " ").split()]
    if not words:
        return None, stem
    for at, word in enumerate(words):
        if word in _STREET_ENDINGS and at > 0:
            return " ".join(words[: at + 1]), stem
    return " ".join(words), stem


def phone_features(text: pa.StringArray) -> dict[str, pa.Array]:
    """phones: every number on a record, digits only, UK form (+44 7700 -> 07700), in
    order, once each; phone1: the first of them."""
    parts = pc.split_pattern(text, ";")
    owner = pc.list_parent_indices(parts).to_numpy()
    digits = pc.replace_substring_regex(pc.list_flatten(parts), _NOT_DIGITS.pattern, "")
    international = pc.and_(pc.starts_with(digits, "44"), pc.equal(pc.utf8_length(digits), 12))
    digits = pc.if_else(
        international,
        pc.binary_join_element_wise("0", pc.utf8_slice_codeunits(digits, 2), ""),
        digits,
    )
    numbers = pd.DataFrame({"owner": owner, "number": digits.to_numpy(zero_copy_only=False)})
    numbers = numbers[
        pc.greater_equal(pc.utf8_length(digits), 7).to_numpy(zero_copy_only=False)
    ].drop_duplicates()
    counts = np.bincount(numbers["owner"].to_numpy(), minlength=len(text))
    offsets = pa.array(np.concatenate(([0], np.cumsum(counts))), pa.int32())
    lists = pa.ListArray.from_arrays(
        offsets, pa.array(numbers["number"].to_numpy(), _TEXT), mask=pa.array(counts == 0)
    )
    return {
        "phones": lists,
        "phone1": pc.list_element(pc.fill_null(lists, pa.scalar([None], _WORDS)), 0),
    }


def rare_phones(phones: pa.ListArray, most: int) -> pa.ListArray:
    """Each record's numbers that at most `most` records hold (null when none): one
    person's own, not a family's landline or a parent's mobile on every child's record."""
    owner = pc.list_parent_indices(phones).to_numpy()
    numbers = pc.list_flatten(phones).to_numpy(zero_copy_only=False)
    frame = pd.DataFrame({"owner": owner, "number": numbers})
    held = frame.groupby("number")["owner"].transform("nunique").to_numpy()
    frame = frame[held <= most]
    counts = np.bincount(frame["owner"].to_numpy(), minlength=len(phones))
    offsets = pa.array(np.concatenate(([0], np.cumsum(counts))), pa.int32())
    return pa.ListArray.from_arrays(
        offsets, pa.array(frame["number"].to_numpy(), _TEXT), mask=pa.array(counts == 0)
    )
