"""Names as linking compares them: phonetic codes, a blocking key, low-evidence surnames.

The hub's knowledge of names (spellings, nicknames, the words of a name) lives in
`safehub.names`, which the people search shares; it is re-exported here so the pipeline
reads every name through one module.
"""

from __future__ import annotations

from functools import cache, lru_cache

import jellyfish

from safehub.names import (
    NICKNAME_GROUPS,
    SPELLING_VARIANTS,
    WORDS_REMEMBERED,
    ascii_upper,
    known_given_names,
    name_key,
    name_tokens,
    nickname_groups,
    nickname_keys,
    spelling,
)

__all__ = [
    "LOW_EVIDENCE_SURNAMES",
    "NICKNAME_GROUPS",
    "SPELLING_VARIANTS",
    "ascii_upper",
    "canonical_first_name",
    "is_low_evidence_surname",
    "known_given_names",
    "name_tokens",
    "nickname_keys",
    "phonetic",
    "spelling",
]

# Sikh customs: Kaur and Singh are religious names, shared by half the community, so as a
# surname they say almost nothing about who someone is.
LOW_EVIDENCE_SURNAMES = frozenset({"KAUR", "SINGH"})


@cache
def _hub_formal_names() -> dict[str, str]:
    """For blocking: each hub nickname's first formal name, preferred to the package's."""
    chosen: dict[str, str] = {}
    for group in NICKNAME_GROUPS:
        formal = spelling(name_key(group[0]))
        for member in group:
            chosen.setdefault(spelling(name_key(member)), formal)
    return chosen


def canonical_first_name(name: str) -> str:
    """One key per first name for blocking (Becky → REBECCA), so that nicknames meet.

    A name with several formal forms (Alex) takes the hub table's first, else the
    alphabetically first: blocking needs one key, the comparison uses all of them.
    """
    if not name:
        return name
    hub = _hub_formal_names().get(name)
    if hub is not None:
        return hub
    found = nickname_groups().get(name)
    if not found or name in found:
        return name
    return min(found)


@lru_cache(maxsize=WORDS_REMEMBERED)
def phonetic(name: str) -> str:
    """Metaphone code of a normalised name ("" for none): SMITH and SMYTH share SM0."""
    return jellyfish.metaphone(name) if name else ""


def is_low_evidence_surname(name: str) -> bool:
    return name in LOW_EVIDENCE_SURNAMES
