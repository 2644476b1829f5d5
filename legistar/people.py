"""People: Legistar persons become council members, their office records terms (cities' services write)."""

from __future__ import annotations

from cities.models import City, CouncilMember
from cities.services.council import (
    SourcePerson,
    SourceTerm,
    council_members_sync_from_source,
    terms_sync_from_source,
)
from legistar.cleaning import clean_text
from legistar.client import LegistarBadResponse, LegistarClient, parse_legistar_date
from legistar.report import SyncReport


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


def _source_terms(client: LegistarClient, report: SyncReport, person_ids: list[int]) -> list[SourceTerm]:
    terms = []
    for person_id in person_ids:
        try:
            records = list(client.office_records(person_id))
        except LegistarBadResponse as error:
            report.skip("office_record", f"person {person_id}", str(error))
            continue
        for record in records:
            record_id = record.get("OfficeRecordId")
            start = parse_legistar_date(record.get("OfficeRecordStartDate"))
            end = parse_legistar_date(record.get("OfficeRecordEndDate"))
            if not isinstance(record_id, int) or start is None:
                report.skip("office_record", record_id, "missing OfficeRecordId or start date")
                continue
            if end is not None and end < start:
                report.skip("office_record", record_id, "ends before it starts")
                continue
            position = clean_text(record.get("OfficeRecordTitle") or record.get("OfficeRecordMemberType")) or "Member"
            body = clean_text(record.get("OfficeRecordBodyName"))
            if body and "council" not in body.casefold():
                position = f"{position}, {body}"
            terms.append(SourceTerm(record_id, person_id, position, start, end))
    return terms


def people_sync(*, city: City, client: LegistarClient, report: SyncReport) -> dict[int, CouncilMember]:
    """Persons and their office records; returns the city's members by source person id."""
    people = _source_people(client, report)
    members, counts = council_members_sync_from_source(city=city, people=people)
    report.count_rows("member", created=counts.created, updated=counts.updated, total=len(people))
    terms = _source_terms(client, report, [p.legistar_person_id for p in people])
    counts = terms_sync_from_source(city=city, terms=terms, members=members)
    report.count_rows("term", created=counts.created, updated=counts.updated, total=len(terms))
    return members
