"""A person's associations: the other people their records are linked to, each read the
right way round and listed once.

A person_people row says "other_record is the <relation> of record"
(`vocabulary.RELATION_INVERSES`): on record's person's page the other is listed with
the relation as it stands (a child's page: "Parent: Julie"); on other_record's person's
page the row is read backwards ("Child: Lucy"). The same other person reached through
several records, agencies or rows, in either direction, is one line with every source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Q

from safehub.access import policy
from safehub.access.policy import Viewer
from safehub.records.models import Person, PersonPerson, PersonRecord
from safehub.records.queries.sources import Source, SourceBook
from safehub.records.vocabulary import relation_seen_from_other


@dataclass(frozen=True)
class Association:
    """Another person, by reference only: never their address or contact details."""

    person_id: UUID | None  # None: a person the viewer may not see
    name: str  # "" when withheld
    relations: tuple[str, ...]  # what the other person is to this one
    sources: tuple[Source, ...]

    @property
    def relation(self) -> str:
        return ", ".join(self.relations)

    @property
    def source(self) -> Source:
        return self.sources[0]

    @property
    def agency_names(self) -> list[str]:
        return list(dict.fromkeys(s.agency_name for s in self.sources))


@dataclass
class _Line:
    named: PersonRecord | None = None  # a record of the other the viewer may see
    relations: list[tuple[str, bool]] = field(default_factory=list)  # (relation, forwards)
    sources: list[Source] = field(default_factory=list)


def associations_of(
    viewer: Viewer, person: Person, *, visible_pks: set[int], book: SourceBook
) -> list[Association]:
    """The associations on the person's visible records, named people first by name.

    The other person is named only where the viewer may see one of their records; the
    sex that picks "girlfriend" or "boyfriend" is read only from such a record, so the
    word says nothing of a withheld one."""
    links = list(
        PersonPerson.objects.filter(
            Q(record__pk__in=visible_pks) | Q(other_record__pk__in=visible_pks)
        )
        .select_related("record", "other_record")
        .order_by("pk")
    )
    book.learn(links)
    ends = [(link, *_ends(link, person)) for link in links]
    named = set(
        PersonRecord.objects.filter(
            policy.record_q(viewer), pk__in=[other.pk for _, other, _ in ends]
        ).values_list("pk", flat=True)
    )
    lines: dict[UUID, _Line] = {}
    for link, other, forwards in ends:
        if other.person_id == person.pk:
            continue  # two records of the one person
        line = lines.setdefault(other.person_id, _Line())
        if other.pk in named and line.named is None:
            line.named = other
        if (link.relation, forwards) not in line.relations:
            line.relations.append((link.relation, forwards))
        source = book.source(link)
        if source not in line.sources:
            line.sources.append(source)
    found = [_association(person_id, line) for person_id, line in lines.items()]
    return sorted(found, key=lambda a: (a.person_id is None, a.name.lower(), a.relation))


def _ends(link: PersonPerson, person: Person) -> tuple[PersonRecord, bool]:
    """The other end of the link, and whether the link reads forwards from this person
    (this person is its `record`)."""
    if link.record.person_id == person.pk:
        return link.other_record, True
    return link.record, False


def _association(person_id: UUID, line: _Line) -> Association:
    other = line.named
    name = f"{other.given_names} {other.family_name}".strip() or other.record_id if other else ""
    sex = other.sex if other is not None else None
    words = (
        relation if forwards else relation_seen_from_other(relation, sex)
        for relation, forwards in line.relations
    )
    return Association(
        person_id if other is not None else None,
        name,
        tuple(dict.fromkeys(words)),
        tuple(line.sources),
    )
