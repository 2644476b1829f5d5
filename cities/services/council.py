"""Council members and their terms as a source (Legistar) describes them, matched by the source's ids.

Every row is compared before writing, so a second run over unchanged data writes nothing (not even
`updated_at`); members are matched by the source's person id, never by name (two people may share one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple, TypeVar

from django.db import models, transaction
from django.utils import timezone

from cities.models import City, CouncilMember, Term

ModelT = TypeVar("ModelT", bound=models.Model)


class SourcePerson(NamedTuple):
    legistar_person_id: int
    full_name: str


class SourceTerm(NamedTuple):
    legistar_office_record_id: int
    legistar_person_id: int
    position: str
    term_start: dt.date
    term_end: dt.date | None


class RowCounts(NamedTuple):
    created: int
    updated: int
    unchanged: int


def _apply(obj: models.Model, values: dict[str, Any]) -> bool:
    """Set `values` on `obj`; True when any differed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _write(model: type[ModelT], *, new: list[ModelT], changed: list[ModelT], fields: Iterable[str]) -> None:
    if new:
        model._default_manager.bulk_create(new, batch_size=2000)
    if changed:
        now = timezone.now()
        for obj in changed:
            obj.updated_at = now  # type: ignore[attr-defined]
        model._default_manager.bulk_update(changed, [*fields, "updated_at"], batch_size=2000)


def source_members(*, city: City) -> dict[int, CouncilMember]:
    """The city's members that came from the source, by source person id."""
    members = CouncilMember.objects.filter(city=city).exclude(legistar_person_id=None)
    return {m.legistar_person_id: m for m in members if m.legistar_person_id is not None}


@transaction.atomic
def council_members_sync_from_source(
    *, city: City, people: Sequence[SourcePerson]
) -> tuple[dict[int, CouncilMember], RowCounts]:
    """Every person as a member of the city; returns the city's source members by person id."""
    members = source_members(city=city)
    new: list[CouncilMember] = []
    changed: list[CouncilMember] = []
    for person in people:
        member = members.get(person.legistar_person_id)
        if member is None:
            member = CouncilMember(city=city, legistar_person_id=person.legistar_person_id, full_name=person.full_name)
            new.append(member)
            members[person.legistar_person_id] = member
        elif _apply(member, {"full_name": person.full_name}):
            changed.append(member)
    _write(CouncilMember, new=new, changed=changed, fields=["full_name"])
    return members, RowCounts(len(new), len(changed), len(people) - len(new) - len(changed))


@transaction.atomic
def terms_sync_from_source(*, city: City, terms: Sequence[SourceTerm], members: dict[int, CouncilMember]) -> RowCounts:
    """Office records as terms of the members they belong to (each person in `members`)."""
    existing = {
        t.legistar_office_record_id: t
        for t in Term.objects.filter(city=city).exclude(legistar_office_record_id=None)
        if t.legistar_office_record_id is not None
    }
    new: list[Term] = []
    changed: list[Term] = []
    for record in terms:
        values = {
            "member": members[record.legistar_person_id],
            "position": record.position[:50],
            "term_start": record.term_start,
            "term_end": record.term_end,
        }
        term = existing.get(record.legistar_office_record_id)
        if term is None:
            new.append(Term(city=city, legistar_office_record_id=record.legistar_office_record_id, **values))
        elif _apply(term, values):
            changed.append(term)
    _write(Term, new=new, changed=changed, fields=["member", "position", "term_start", "term_end"])
    return RowCounts(len(new), len(changed), len(terms) - len(new) - len(changed))
