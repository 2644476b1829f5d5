"""Bodies and people: Legistar bodies, persons, and their office records as memberships of those bodies.

What the source's free text means is decided here (a body's kind from its type name, a seat's role and
district from its title); cities' services write the rows.
"""

from __future__ import annotations

import re
from typing import Any

from cities.models import Body, City, CouncilMember, Membership
from cities.services.council import (
    SourceBody,
    SourceMembership,
    SourcePerson,
    bodies_sync_from_source,
    council_members_sync_from_source,
    memberships_sync_from_source,
)
from legistar.cleaning import clean_text
from legistar.client import LegistarBadResponse, LegistarClient
from legistar.dates import parse_legistar_date
from legistar.report import SyncReport

PRIMARY_TYPE = "primary legislative body"
KIND_WORDS = (
    ("subcommittee", Body.Kind.SUBCOMMITTEE),
    ("committee", Body.Kind.COMMITTEE),
    ("caucus", Body.Kind.CAUCUS),
    ("conference", Body.Kind.CAUCUS),
    ("delegation", Body.Kind.CAUCUS),
    ("council", Body.Kind.COUNCIL),
)
# Longest words first: "vice chair" before "chair".
ROLE_WORDS = (
    ("vice chair", Membership.Role.VICE_CHAIR),
    ("vice-chair", Membership.Role.VICE_CHAIR),
    ("vice mayor", Membership.Role.VICE_MAYOR),
    ("vice president", Membership.Role.VICE_PRESIDENT),
    ("chair", Membership.Role.CHAIR),
    ("mayor", Membership.Role.MAYOR),
    ("president", Membership.Role.PRESIDENT),
    ("speaker", Membership.Role.SPEAKER),
    ("member", Membership.Role.MEMBER),
)
DISTRICT = re.compile(r"\b(?:district|ward)\s*(?:no\.?\s*)?(\d{1,3})\b", re.IGNORECASE)


def body_kind(type_name: str, name: str) -> tuple[str, bool]:
    """A body's kind and whether it is the city's legislative body, from the source's type name (and its name
    when the type says nothing: "Other", "Inactive Committee" keeps its committee)."""
    folded = type_name.casefold()
    if folded == PRIMARY_TYPE:
        return Body.Kind.COUNCIL, True
    for text in (folded, name.casefold()):
        for word, kind in KIND_WORDS:
            if word in text:
                return kind, False
    return Body.Kind.OTHER, False


def seat_role(title: str) -> str:
    folded = title.casefold()
    for word, role in ROLE_WORDS:
        if word in folded:
            return role
    return Membership.Role.OTHER if folded else Membership.Role.MEMBER


def seat_district(title: str) -> int | None:
    match = DISTRICT.search(title)
    return int(match[1]) if match else None


def _source_bodies(client: LegistarClient, report: SyncReport) -> list[SourceBody]:
    try:
        rows = list(client.bodies())
    except LegistarBadResponse as error:  # some clients do not publish bodies: memberships name theirs
        report.skip("body", "all", f"bodies could not be read: {error}")
        return []
    bodies = []
    for row in rows:
        body_id, name = row.get("BodyId"), clean_text(row.get("BodyName"), 200)
        if not isinstance(body_id, int) or not name:
            report.skip("body", body_id, "missing BodyId or name")
            continue
        type_name = clean_text(row.get("BodyTypeName"), 200)
        kind, primary = body_kind(type_name, name)
        active = row.get("BodyActiveFlag") != 0
        bodies.append(SourceBody(body_id, name, kind, primary, active, type_name))
    return bodies


def _source_people(client: LegistarClient, report: SyncReport) -> list[SourcePerson]:
    people = []
    for person in client.persons():
        person_id = person.get("PersonId")
        name = clean_text(person.get("PersonFullName"), 100) or clean_text(
            f"{person.get('PersonFirstName') or ''} {person.get('PersonLastName') or ''}", 100
        )
        if not isinstance(person_id, int) or not name:
            report.skip("person", person_id, "missing PersonId or name")
            continue
        people.append(SourcePerson(person_id, name))
    return people


def _source_membership(record: dict[str, Any], person_id: int, report: SyncReport) -> SourceMembership | None:
    record_id = record.get("OfficeRecordId")
    start = parse_legistar_date(record.get("OfficeRecordStartDate"))
    end = parse_legistar_date(record.get("OfficeRecordEndDate"))
    if not isinstance(record_id, int) or start is None:
        report.skip("office_record", record_id, "missing OfficeRecordId or start date")
        return None
    if end is not None and end < start:
        report.skip("office_record", record_id, "ends before it starts")
        return None
    title = clean_text(record.get("OfficeRecordTitle") or record.get("OfficeRecordMemberType"))
    body_id = record.get("OfficeRecordBodyId")
    return SourceMembership(
        legistar_office_record_id=record_id,
        legistar_person_id=person_id,
        legistar_body_id=body_id if isinstance(body_id, int) else None,
        body_name=clean_text(record.get("OfficeRecordBodyName"), 200),
        role=seat_role(title),
        title=title,
        district=seat_district(f"{title} {clean_text(record.get('OfficeRecordExtraText'))}"),
        start_date=start,
        end_date=end,
    )


def _source_memberships(client: LegistarClient, report: SyncReport, person_ids: list[int]) -> list[SourceMembership]:
    memberships = []
    for person_id in person_ids:
        try:
            records = list(client.office_records(person_id))
        except LegistarBadResponse as error:
            report.skip("office_record", f"person {person_id}", str(error))
            continue
        for record in records:
            membership = _source_membership(record, person_id, report)
            if membership is not None:
                memberships.append(membership)
    return memberships


def people_sync(
    *, city: City, client: LegistarClient, report: SyncReport
) -> tuple[dict[int, CouncilMember], dict[int, Body]]:
    """Bodies, persons and their office records; returns the city's members by source person id and its
    bodies by source body id."""
    source_bodies = _source_bodies(client, report)
    bodies, counts = bodies_sync_from_source(city=city, bodies=source_bodies)
    report.count_rows("body", created=counts.created, updated=counts.updated, total=len(source_bodies))
    people = _source_people(client, report)
    members, counts = council_members_sync_from_source(city=city, people=people)
    report.count_rows("member", created=counts.created, updated=counts.updated, total=len(people))
    memberships = _source_memberships(client, report, [p.legistar_person_id for p in people])
    counts = memberships_sync_from_source(city=city, memberships=memberships, members=members, bodies=bodies)
    report.count_rows("membership", created=counts.created, updated=counts.updated, total=len(memberships))
    return members, bodies
