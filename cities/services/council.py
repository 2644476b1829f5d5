"""Bodies, council members and their memberships as a source (Legistar) describes them, matched by the
source's ids.

Every row is compared before writing, so a second run over unchanged data writes nothing (not even
`updated_at`); members are matched by the source's person id, never by name (two people may share one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple, TypeVar

from django.db import models, transaction
from django.utils import timezone

from cities.models import Body, City, CouncilMember, Membership
from cities.services.corrections import corrections_reapply

ModelT = TypeVar("ModelT", bound=models.Model)


class SourceBody(NamedTuple):
    legistar_body_id: int
    name: str
    kind: str
    is_primary: bool
    active: bool
    source_type_name: str


class SourcePerson(NamedTuple):
    legistar_person_id: int
    full_name: str


class SourceMembership(NamedTuple):
    legistar_office_record_id: int
    legistar_person_id: int
    legistar_body_id: int | None
    body_name: str
    role: str
    title: str
    district: int | None
    start_date: dt.date
    end_date: dt.date | None


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


def _write(model: type[ModelT], *, new: list[ModelT], changed: list[ModelT], fields: Iterable[str]) -> RowCounts:
    if new:
        model._default_manager.bulk_create(new, batch_size=2000)
    if changed:
        now = timezone.now()
        for obj in changed:
            obj.updated_at = now  # type: ignore[attr-defined]
        model._default_manager.bulk_update(changed, [*fields, "updated_at"], batch_size=2000)
    return RowCounts(len(new), len(changed), 0)


def _counts(written: RowCounts, total: int) -> RowCounts:
    return RowCounts(written.created, written.updated, total - written.created - written.updated)


def primary_body_ensure(*, city: City) -> Body:
    """The city's legislative body, made ("City Council") when it has none yet: every city has one."""
    body = Body.objects.filter(city=city, is_primary=True).first()
    if body is None:
        body = Body.objects.create(city=city, name="City Council", kind=Body.Kind.COUNCIL, is_primary=True)
    return body


@transaction.atomic
def bodies_sync_from_source(*, city: City, bodies: Sequence[SourceBody]) -> tuple[dict[int, Body], RowCounts]:
    """The city's bodies by source id. A source body that is the legislative body takes over the city's
    primary body when that one has no source id yet (one primary per city)."""
    existing = {b.legistar_body_id: b for b in Body.objects.filter(city=city) if b.legistar_body_id is not None}
    unsourced_primary = Body.objects.filter(city=city, is_primary=True, legistar_body_id=None).first()
    has_primary = Body.objects.filter(city=city, is_primary=True).exists()
    new: list[Body] = []
    changed: list[Body] = []
    for source in bodies:
        values = source._asdict()
        body = existing.get(source.legistar_body_id)
        if body is None and source.is_primary and unsourced_primary is not None:
            body, unsourced_primary = unsourced_primary, None
        if body is None:
            values["is_primary"] = source.is_primary and not has_primary
            has_primary = has_primary or values["is_primary"]
            body = Body(city=city, **values)
            new.append(body)
        elif _apply(body, {**values, "is_primary": body.is_primary or (source.is_primary and not has_primary)}):
            changed.append(body)
        existing[source.legistar_body_id] = body
    fields = ["legistar_body_id", "name", "kind", "is_primary", "active", "source_type_name"]
    written = _write(Body, new=new, changed=changed, fields=fields)
    return existing, _counts(written, len(bodies))


def source_bodies(*, city: City) -> dict[int, Body]:
    """The city's bodies that came from the source, by source body id."""
    return {b.legistar_body_id: b for b in Body.objects.filter(city=city) if b.legistar_body_id is not None}


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
    written = _write(CouncilMember, new=new, changed=changed, fields=["full_name"])
    corrections_reapply(city_id=city.pk)  # a name staff corrected stays corrected
    return members, _counts(written, len(people))


def _body_for(city: City, bodies: dict[int, Body], by_name: dict[str, Body], record: SourceMembership) -> Body:
    """The record's body: by source id, else by name, else made from its name (the primary one if it is the
    council and the city has none)."""
    body = bodies.get(record.legistar_body_id) if record.legistar_body_id is not None else None
    if body is None:
        body = by_name.get(record.body_name.casefold())
    if body is None:
        is_council = "council" in record.body_name.casefold() and "committee" not in record.body_name.casefold()
        primary = is_council and not any(b.is_primary for b in by_name.values())
        kind = Body.Kind.COUNCIL if is_council else Body.Kind.COMMITTEE
        body = Body.objects.create(
            city=city, name=record.body_name or "City Council", kind=kind, is_primary=primary,
            legistar_body_id=record.legistar_body_id,
        )  # fmt: skip
        by_name[body.name.casefold()] = body
        if body.legistar_body_id is not None:
            bodies[body.legistar_body_id] = body
    return body


@transaction.atomic
def memberships_sync_from_source(
    *, city: City, memberships: Sequence[SourceMembership], members: dict[int, CouncilMember], bodies: dict[int, Body]
) -> RowCounts:
    """Office records as memberships of the bodies they name (each person in `members`)."""
    existing = {
        m.legistar_office_record_id: m
        for m in Membership.objects.filter(city=city).exclude(legistar_office_record_id=None)
        if m.legistar_office_record_id is not None
    }
    by_name = {b.name.casefold(): b for b in Body.objects.filter(city=city)}
    new: list[Membership] = []
    changed: list[Membership] = []
    for record in memberships:
        values = {
            "member": members[record.legistar_person_id],
            "body": _body_for(city, bodies, by_name, record),
            "role": record.role,
            "title": record.title[:200],
            "district": record.district,
            "start_date": record.start_date,
            "end_date": record.end_date,
        }
        membership = existing.get(record.legistar_office_record_id)
        if membership is None:
            new.append(Membership(city=city, legistar_office_record_id=record.legistar_office_record_id, **values))
        elif _apply(membership, values):
            changed.append(membership)
    fields = ["member", "body", "role", "title", "district", "start_date", "end_date"]
    written = _write(Membership, new=new, changed=changed, fields=fields)
    return _counts(written, len(memberships))
