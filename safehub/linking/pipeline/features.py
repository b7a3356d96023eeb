"""Person records as the hub imports them -> the features the linkage model compares.

Pure pandas (with Arrow-backed columns). Every text transformation runs once per
*distinct* value and is spread back to the rows with an Arrow `take`, because names,
postcodes and dates repeat a lot: a million records hold a few tens of thousands of
distinct given names. Missing values are nulls, which the model reads as "no evidence".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from safehub.linking.pipeline import names
from safehub.linking.pipeline.contact_features import (
    POSTCODE_PARTS,
    address_parts,
    parse_postcode,
    phone_features,
    rare_phones,
)
from safehub.linking.pipeline.types import RECORD_COLUMNS

# The columns `prepare` returns, in order (the model's SQL refers to them by name).
FEATURE_COLUMNS = (
    "unique_id",
    "agency",
    "first_name",
    "first_rep",
    "first_keys",
    "first_rare",
    "first_canon",
    "first_meta",
    "first_initial",
    "surname",
    "surname_rep",
    "surname_meta",
    "names_all",
    "aliases",
    "name_pair",
    "name_key",
    "name_key_nodob",
    "dob",
    "dob_year",
    "dob_month",
    "dob_day",
    "dob_precision",
    "dob_sorted",
    "dob_days",
    "sex",
    "postcode",
    "postcode_sector",
    "postcode_district",
    "address_key",
    "address_stem",
    "phones",
    "phones_rare",
    "phone1",
    "email",
    "handles",
    "handle1",
    "nhs",
    "nhs_digits",
    "pnc",
    "upn",
)
LIST_COLUMNS = ("first_keys", "names_all", "aliases", "phones", "phones_rare", "handles")
INT_COLUMNS = ("first_rare", "dob_year", "dob_month", "dob_day", "dob_precision", "dob_days")

# A number on at most this many records is one person's (their own records); one on more
# is a family's landline or a parent's mobile that schools and surgeries keep.
RARE_PHONE_RECORDS = 8
# A first name on at most this share of the model's training records is rare: found among
# another record's aliases it says as much as an exact rare name ("Jonno" known as a
# nickname), where "Michael" among them says little. Judged by the model's own name
# frequencies (`with_name_rarity`), so a full run, an incremental one and a single pair
# explained on the review page agree.
RARE_NAME_SHARE = 0.001
HANDLES = "handles"  # the optional record column (see `prepare`)

_DOB = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
_NOT_DIGITS = re.compile(r"[^0-9]+")
_SEX = {"female": "F", "f": "F", "male": "M", "m": "M"}
_TEXT = pa.string()
_WORDS = pa.list_(pa.string())
_INT = pa.int32()


def prepare(records: pd.DataFrame) -> pd.DataFrame:
    """RECORD_COLUMNS in (text, "" when unknown) -> one row of FEATURE_COLUMNS per record.
    An optional `handles` column holds the social-media handles the agency links to the
    record (its objects, `;`-separated): the hub's frame has it, generated data may not."""
    missing = [column for column in RECORD_COLUMNS if column not in records.columns]
    if missing:
        raise ValueError(f"records lack columns: {', '.join(missing)}")
    frame = records.reset_index(drop=True)
    if HANDLES not in frame.columns:
        frame = frame.assign(**{HANDLES: ""})
    column = {
        c: _Distinct(frame[c]) for c in RECORD_COLUMNS if c not in ("unique_id", "record_id")
    }  # neither is compared
    out: dict[str, pa.Array] = {"agency": column["agency"].map(lambda v: v, _TEXT)}
    out.update(_name_features(column["given_names"], column["family_name"], column["other_names"]))
    out.update(column["date_of_birth"].map_many(_parse_dob, _DOB_PARTS))
    out["name_key_nodob"] = pc.if_else(
        pc.equal(out["dob_precision"], 3), pa.scalar(None, _TEXT), out["name_key"]
    )
    out["sex"] = column["sex"].map(lambda v: _SEX.get(v.strip().lower()), _TEXT)
    out.update(column["postcode"].map_many(parse_postcode, POSTCODE_PARTS))
    out.update(
        column["address"].map_many(address_parts, (("address_key", _TEXT), ("address_stem", _TEXT)))
    )
    out.update(column["phone"].map_arrow(phone_features))
    out["phones_rare"] = rare_phones(out["phones"], RARE_PHONE_RECORDS)
    out["first_rare"] = pa.nulls(len(frame), _INT)  # set by `with_name_rarity`
    out["email"] = column["email"].map(lambda v: _first(v).lower() or None, _TEXT)
    out["handles"] = _Distinct(frame[HANDLES]).map(_handles, _WORDS)
    out["handle1"] = pc.list_element(pc.fill_null(out["handles"], pa.scalar([None], _WORDS)), 0)
    out.update(column["nhs_number"].map_arrow(_nhs))
    out["pnc"] = column["pnc_id"].map(lambda v: _compact(v) or None, _TEXT)
    out["upn"] = column["upn"].map(lambda v: _compact(v) or None, _TEXT)
    data: dict[str, Any] = {"unique_id": frame["unique_id"].astype("int64").to_numpy()}
    data.update({c: pd.arrays.ArrowExtensionArray(out[c]) for c in FEATURE_COLUMNS[1:]})
    return pd.DataFrame(data, copy=False)


def is_prepared(frame: pd.DataFrame) -> bool:
    return all(column in frame.columns for column in FEATURE_COLUMNS)


class _Distinct:
    """One record column as its distinct values and, per row, which value it holds."""

    def __init__(self, column: pd.Series) -> None:
        codes, uniques = pd.factorize(column, sort=False)
        # Missing values (code -1) read as "", like the hub's own empty columns.
        codes[codes < 0] = len(uniques)
        self.codes = pa.array(codes, pa.int32())
        self.uniques = np.append(np.asarray(uniques, dtype=object).astype(str), "")

    def map(self, transform: Callable[[str], Any], kind: pa.DataType) -> pa.Array:
        """`transform` of every row's value, computed once per distinct value."""
        return pc.take(pa.array([transform(v) for v in self.uniques], kind), self.codes)

    def map_arrow(
        self, transform: Callable[[pa.StringArray], dict[str, pa.Array]]
    ) -> dict[str, pa.Array]:
        """Like `map_many`, for a transform of all the distinct values at once (Arrow's
        compute functions run in C++, which a Python loop over 300,000 values does not)."""
        parts = transform(pa.array(self.uniques, _TEXT))
        return {name: pc.take(values, self.codes) for name, values in parts.items()}

    def map_many(
        self, transform: Callable[[str], tuple[Any, ...]], parts: Sequence[tuple[str, pa.DataType]]
    ) -> dict[str, pa.Array]:
        """Like `map`, for a transform that gives one value per named part."""
        results = [transform(v) for v in self.uniques]
        return {
            name: pc.take(pa.array([r[at] for r in results], kind), self.codes)
            for at, (name, kind) in enumerate(parts)
        }


# ------------------------------------------------------------------ names

_FIRST_PARTS = (
    ("first_name", _TEXT),
    ("first_rep", _TEXT),
    ("first_keys", _WORDS),
    ("first_canon", _TEXT),
    ("first_meta", _TEXT),
    ("first_initial", _TEXT),
    ("given_words", _WORDS),
)
_SURNAME_PARTS = (("surname", _TEXT), ("surname_rep", _TEXT), ("surname_meta", _TEXT))
_FAMILY_PARTS = (*_SURNAME_PARTS, ("family_words", _WORDS))
_OTHER_PARTS = (*_SURNAME_PARTS, ("other_words", _WORDS))


def _name_features(given: _Distinct, family: _Distinct, other: _Distinct) -> dict[str, pa.Array]:
    """Name columns. Each distinct given_names, family_name and other_names value is
    worked out once."""
    out = given.map_many(_first_name_parts, _FIRST_PARTS)
    out.update(family.map_many(_family_parts, _FAMILY_PARTS))
    # Kaur or Singh as the surname says little (names.LOW_EVIDENCE_SURNAMES): a family
    # name kept among the other names stands in; without one the surname is unknown.
    stand_in = other.map_many(_other_parts, _OTHER_PARTS)
    for name, _kind in _SURNAME_PARTS:
        out[name] = pc.coalesce(out[name], stand_in[name])
    # The names a record also gives (aliases, known-as, former names): a first name
    # found among them is the person's own other name, not a relative's middle name.
    out["aliases"] = stand_in["other_words"]
    out["names_all"] = _concat_lists(
        out.pop("given_words"), out.pop("family_words"), stand_in["other_words"]
    )
    out["name_key"] = _joined(out["first_canon"], out["surname_rep"])
    # The sounds of the two names in sorted order: blocking on it meets a record whose
    # given and family names were entered the wrong way round (and mistyped).
    first, last = out["first_meta"], out["surname_meta"]
    earlier = pc.less_equal(first, last)
    out["name_pair"] = _joined(pc.if_else(earlier, first, last), pc.if_else(earlier, last, first))
    return out


def with_name_rarity(features: pd.DataFrame, frequencies: Mapping[str, float]) -> pd.DataFrame:
    """`features` with `first_rare`: 1 where the first name is rare by `frequencies` (a
    model's first-name term frequencies; a name they lack is rarer than any they hold),
    0 where it is not, null where there is no first name."""
    names = features["first_name"].astype(object)
    share = names.map(frequencies).astype("float64").fillna(0.0)
    rare = pd.array((share <= RARE_NAME_SHARE).astype("int32"), dtype="Int32")
    rare[names.isna().to_numpy()] = pd.NA
    return features.assign(first_rare=pd.arrays.ArrowExtensionArray(pa.array(rare, _INT)))


def _joined(left: pa.Array, right: pa.Array) -> pa.Array:
    """left|right per row; null where either is null."""
    return pc.binary_join_element_wise(left, right, "|")


def _concat_lists(*lists: pa.Array) -> pa.Array:
    """Row by row, the lists one after another (null for none): every name a record
    holds, as one list. Done with offsets, not per row: there are millions of rows."""
    lengths = [np.asarray(pc.fill_null(pc.list_value_length(a), 0), dtype=np.int64) for a in lists]
    total = np.sum(lengths, axis=0)
    offsets = np.zeros(len(total) + 1, dtype=np.int64)
    np.cumsum(total, out=offsets[1:])
    values, sources = [], []
    before = offsets[:-1].copy()
    taken = 0
    for array, length in zip(lists, lengths, strict=True):
        count = int(length.sum())
        # Where each of this list's words goes: its row's start, after earlier lists.
        within = np.arange(count) - np.repeat(np.cumsum(length) - length, length)
        sources.append(np.repeat(before, length) + within)
        values.append(pc.list_flatten(array))
        before += length
        taken += count
    order = np.empty(taken, dtype=np.int64)
    order[np.concatenate(sources)] = np.arange(taken)
    flat = pc.take(pa.concat_arrays(values), pa.array(order))
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), flat, mask=pa.array(total == 0))


def _first_name_parts(text: str) -> tuple[Any, ...]:
    tokens = names.name_tokens(text)
    if not tokens:
        return None, None, None, None, None, None, None
    first = tokens[0]
    rep = names.spelling(first)
    return (
        first,
        rep,
        names.nickname_keys(rep),
        names.canonical_first_name(rep),
        names.phonetic(rep) or None,
        first[:1],
        _spellings(tokens),
    )


def _surname_parts(key: str) -> tuple[Any, ...]:
    if not key or names.is_low_evidence_surname(key):
        return None, None, None
    rep = names.spelling(key)
    return key, rep, names.phonetic(rep) or None


def _family_parts(text: str) -> tuple[Any, ...]:
    """Surname columns, and the family name (with a double-barrelled one's parts, as
    Smith-Jones) among the record's names."""
    key = "".join(names.name_tokens(text))
    parts = names.name_tokens(text.replace("-", " "))
    words = _spellings([key] + (parts if len(parts) > 1 else []))
    return (*_surname_parts(key), words or None)


def _other_parts(text: str) -> tuple[Any, ...]:
    """A family name kept among the other names, as surname columns, and every name."""
    parts = [tokens for part in text.split(";") if (tokens := names.name_tokens(part))]
    words = [w for tokens in parts for w in tokens]
    words += ["".join(tokens) for tokens in parts if len(tokens) > 1]
    return (*_surname_parts(_other_surname(parts)), _spellings(words) or None)


def _other_surname(parts: list[list[str]]) -> str:
    """A family name kept among the other names: one that is no known given name."""
    known = names.known_given_names()
    for tokens in parts:
        key = "".join(tokens)
        if key not in known and not names.is_low_evidence_surname(key):
            return key
    return ""


def _spellings(words: list[str]) -> list[str]:
    """Representative spellings of a record's name words (Kaur, Singh and initials out).

    A first name or surname found among the other record's names is evidence: a
    middle name used as the first, a nickname kept as an alias, a previous surname.
    """
    return [names.spelling(w) for w in words if len(w) > 1 and not names.is_low_evidence_surname(w)]


# ------------------------------------------------------------------ dates


_DOB_PARTS = (
    ("dob", _TEXT),
    ("dob_year", _INT),
    ("dob_month", _INT),
    ("dob_day", _INT),
    ("dob_precision", _INT),
    ("dob_sorted", _TEXT),
    ("dob_days", _INT),
)


def _parse_dob(
    text: str,
) -> tuple[str | None, int | None, int | None, int | None, int, str | None, int | None]:
    """(full date, year, month, day, precision 0-3, date with day and month sorted, day
    number).

    The sorted form lets blocking meet a date whose day and month were swapped; the day
    number (days since 1 January of year 1) measures how far apart two dates are.
    """
    match = _DOB.match(text)
    if match is None:
        return None, None, None, None, 0, None, None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if month is None or not 1 <= month <= 12:
        return None, year, None, None, 1, None, None
    if day is None or not 1 <= day <= 31:
        return None, year, month, None, 2, None, None
    low, high = sorted((month, day))
    return (
        f"{year:04d}-{month:02d}-{day:02d}",
        year,
        month,
        day,
        3,
        f"{year:04d}-{low:02d}-{high:02d}",
        _day_number(year, month, day),
    )


def _day_number(year: int, month: int, day: int) -> int | None:
    try:
        return date(year, month, day).toordinal()
    except ValueError:
        return None


def _nhs(text: pa.StringArray) -> dict[str, pa.Array]:
    """nhs: the number's digits; nhs_digits: its first nine digits sorted, which a swap of
    two digits keeps."""
    digits = pc.replace_substring_regex(text, _NOT_DIGITS.pattern, "")
    first_nine = pc.utf8_slice_codeunits(digits, 0, 9)
    sorted_digits = pc.binary_join_element_wise(
        *(pc.binary_repeat(d, pc.count_substring(first_nine, d)) for d in "0123456789"), ""
    )
    empty = pc.equal(digits, "")
    none = pa.scalar(None, _TEXT)
    return {
        "nhs": pc.if_else(empty, none, digits),
        "nhs_digits": pc.if_else(empty, none, sorted_digits),
    }


def _handles(text: str) -> list[str] | None:
    """A record's handles, once each, lower case without the @ (Snapchat and Instagram
    ignore case); None when it has none."""
    found = dict.fromkeys(h.strip().lstrip("@").lower() for h in text.split(";"))
    found.pop("", None)
    return list(found) or None


def _first(text: str) -> str:
    return text.split(";", maxsplit=1)[0].strip()


def _compact(text: str) -> str:
    return "".join(text.upper().split())
