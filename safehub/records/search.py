"""Searching people: a query of names and dates of birth, parsed, and the records it finds.

Every name word of a query must match one of a record's names (given, family, other
names), in any order: the start of one of their words ("Smi", an initial "L"), or a
whole word the hub counts as the same name (a spelling, a nickname or short form, as
linking knows them: `safehub.names`). Every date must be one the record's date of birth
can be: a record born "2009" can be any date in 2009, a query of "2009" any record born
in that year. Matching is done by the database (SQLite and PostgreSQL alike).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import CharField, F, Func, Q, QuerySet, Value
from django.db.models.functions import Concat, Replace
from django.db.models.lookups import IRegex

from safehub.names import APOSTROPHES, ascii_upper, equivalent_names
from safehub.records.models import PersonRecord

# What may stand between the words of a record's names: they are written "Lee-Anne",
# "Smith, Lucy", "Becky;Bex" (other names), "Jones (née Smith)".
_BETWEEN_WORDS = "[ ;,.()/-]"
_TERMS = re.compile(r"[\s,]+")
_DATE_LIKE = re.compile(r"[0-9]+(?:[/.-][0-9]+)+")
# Digits stay in a word, which then matches no name: "Lucy 12" finds no one, rather than
# every Lucy.
_WORD = re.compile(r"[^\W_]+")
# A name as the tables write it: letters, and a space or hyphen between its parts.
_WRITTEN_NAME = re.compile(r"[^\W\d_]+(?:[ -][^\W\d_]+)*")


class QueryError(ValueError):
    """A query the search cannot run; its message is for the person who typed it."""


@dataclass(frozen=True)
class BirthDate:
    """A date of birth as a query gives it: a day, a month or only a year."""

    year: int
    month: int | None = None
    day: int | None = None

    def q(self) -> Q:
        """Records whose date of birth can be this one (dates are stored as `YYYY`,
        `YYYY-MM` or `YYYY-MM-DD`, each as precise as the agency knew it)."""
        year = f"{self.year:04d}"
        if self.month is None:
            return Q(date_of_birth__startswith=year)
        month = f"{year}-{self.month:02d}"
        if self.day is None:
            return Q(date_of_birth=year) | Q(date_of_birth__startswith=month)
        return Q(date_of_birth__in=[year, month, f"{month}-{self.day:02d}"])


@dataclass(frozen=True)
class PersonQuery:
    """A parsed query: its name words (upper case, apostrophes removed) and dates."""

    names: tuple[str, ...] = ()
    dates: tuple[BirthDate, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.names or self.dates)

    @property
    def kinds(self) -> list[str]:
        """Which kinds of term it holds, for the audit log (never the terms)."""
        return [
            kind for kind, terms in (("name", self.names), ("date_of_birth", self.dates)) if terms
        ]


# Each form as (pattern, the parts its groups are); ASCII digits only.
_DATE_FORMS = (
    (re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"), ("year", "month", "day")),
    (re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})"), ("day", "month", "year")),
    (re.compile(r"([0-9]{4})-([0-9]{1,2})"), ("year", "month")),
    (re.compile(r"([0-9]{1,2})/([0-9]{4})"), ("month", "year")),
    (re.compile(r"([0-9]{4})"), ("year",)),
)


def _birth_date(term: str) -> BirthDate | None:
    """The date a term gives, None if it is not written as a date; QueryError if it is
    written as one but no such date exists (31/02/2009) or in a form not read (2/4/09)."""
    for pattern, parts in _DATE_FORMS:
        found = pattern.fullmatch(term)
        if found is None:
            continue
        given = dict(zip(parts, map(int, found.groups()), strict=True))
        try:
            date(given["year"], given.get("month", 1), given.get("day", 1))
        except ValueError:
            raise QueryError(
                f"{term} is not a real date: enter a date of birth like 2/4/2009, 2009-04 or 2009"
            ) from None
        return BirthDate(given["year"], given.get("month"), given.get("day"))
    if _DATE_LIKE.fullmatch(term):
        raise QueryError(
            f"{term} is not a date of birth the search can read: enter one like "
            "2/4/2009, 2009-04 or 2009"
        )
    return None


def _name_words(term: str) -> list[str]:
    """The words of a name term: an apostrophe joins (O'Brien → OBRIEN), anything but a
    letter or digit separates (Smith-Jones is Smith and Jones)."""
    for mark in APOSTROPHES:
        term = term.replace(mark, "")
    return [word.upper() for word in _WORD.findall(term)]


def parse(text: str) -> PersonQuery:
    """Names and dates of birth from what was typed, in any order, commas ignored."""
    names: list[str] = []
    dates: list[BirthDate] = []
    for term in _TERMS.split(text.strip()):
        born = _birth_date(term)
        if born is not None:
            dates.append(born)
        else:
            names.extend(_name_words(term))
    return PersonQuery(tuple(dict.fromkeys(names)), tuple(dict.fromkeys(dates)))


def _forms(word: str) -> tuple[set[str], set[str]]:
    """(the word as typed and unaccented, the whole names that are the same name)."""
    typed = {form for form in (word, ascii_upper(word)) if form}
    same = {name for name in equivalent_names(word) - typed if _WRITTEN_NAME.fullmatch(name)}
    return typed, same


def name_pattern(word: str) -> str:
    """A regular expression, the same to SQLite (Python's `re`) and PostgreSQL, finding
    the word in a record's names written as `_names_written` writes them: as the start
    of one of their words, or as a whole word that is the same name."""
    typed, same = _forms(word)
    # Escaped as both engines read it: a backslash before anything but a letter or digit.
    start = "|".join(re.escape(form) for form in sorted(typed))
    whole = "|".join(re.escape(name) for name in sorted(same))
    return (
        f"{_BETWEEN_WORDS}({start}|({whole}){_BETWEEN_WORDS})"
        if same
        else (f"{_BETWEEN_WORDS}({start})")
    )


def _names_written() -> Func:
    """A record's names as one text: a space before and after every name, and no
    apostrophes (so O'Brien is OBrien, as in a query)."""
    joined: Func = Concat(
        Value(" "),
        "given_names",
        Value(" "),
        "family_name",
        Value(" "),
        "other_names",
        Value(" "),
        output_field=CharField(),
    )
    for mark in APOSTROPHES:
        joined = Replace(joined, Value(mark), Value(""))
    return joined


def matching(records: QuerySet[PersonRecord], query: PersonQuery) -> QuerySet[PersonRecord]:
    """The records among `records` that every term of the query matches."""
    records = records.alias(names_written=_names_written())
    for word in query.names:
        # A plain containment test first, which the database does itself: SQLite calls
        # back into Python for a regular expression, holding the interpreter's lock, so
        # only the few records that could match reach the exact test.
        typed, same = _forms(word)
        could = Q()
        for form in sorted(typed | same):
            could |= Q(names_written__icontains=form)
        records = records.filter(could).filter(IRegex(F("names_written"), name_pattern(word)))
    for born in query.dates:
        records = records.filter(born.q())
    return records
