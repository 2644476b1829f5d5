"""The database itself keeps rows inside their city and in the right partition."""

import pytest
from django.db import IntegrityError, connection, transaction

from tests.factories import (
    AgendaItemCategoryFactory,
    AgendaItemFactory,
    AttendanceFactory,
    BodyFactory,
    CityFactory,
    CouncilMemberFactory,
    MatterFactory,
    MeetingFactory,
    MeetingPageFactory,
    MembershipFactory,
    MemberVoteFactory,
    MinutesDocumentFactory,
    ServiceFactory,
    ServiceRequestFactory,
    VoteFactory,
)
from votes.models import MemberVote, VoteChoice

pytestmark = pytest.mark.django_db


def _immediately(fn):
    """Run fn and check deferred constraints now, inside a savepoint."""
    with transaction.atomic():
        fn()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_member_vote_lands_in_the_hash_partition_of_its_city():
    member_vote = MemberVoteFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT satisfies_hash_partition('votes_membervote'::regclass, 8,
                     substring(pg_get_expr(c.relpartbound, c.oid) from 'remainder ([0-9]+)')::int, mv.city_id),
                   c.relname
            FROM votes_membervote mv JOIN pg_class c ON c.oid = mv.tableoid WHERE mv.id = %s
            """,
            [member_vote.id],
        )
        satisfied, partition = cursor.fetchone()
    assert satisfied is True
    assert partition.startswith("votes_membervote_p")


def test_member_vote_city_must_equal_its_votes_city():
    vote = VoteFactory()
    other_city = CityFactory()
    member = CouncilMemberFactory(city=other_city)
    with pytest.raises(IntegrityError):
        _immediately(
            lambda: MemberVote.objects.create(
                city=other_city, vote=vote, member=member, vote_choice=VoteChoice.YES, meeting_date=vote.meeting_date
            )
        )


def test_member_vote_member_must_sit_in_the_same_city():
    vote = VoteFactory()
    stranger = CouncilMemberFactory(city=CityFactory())
    with pytest.raises(IntegrityError):
        _immediately(
            lambda: MemberVote.objects.create(
                city=vote.city, vote=vote, member=stranger, vote_choice=VoteChoice.YES, meeting_date=vote.meeting_date
            )
        )


def test_member_vote_meeting_date_must_match_its_vote():
    vote = VoteFactory()
    member = CouncilMemberFactory(city=vote.city)
    with pytest.raises(IntegrityError):
        _immediately(
            lambda: MemberVote.objects.create(
                city=vote.city,
                vote=vote,
                member=member,
                vote_choice=VoteChoice.YES,
                meeting_date=vote.meeting_date.replace(year=1999),
            )
        )


def test_member_votes_follow_a_rescheduled_vote_date():
    member_vote = MemberVoteFactory()
    vote = member_vote.vote
    new_date = vote.meeting_date.replace(year=2030)
    type(vote).objects.filter(pk=vote.pk).update(meeting_date=new_date)
    member_vote.refresh_from_db()
    assert member_vote.meeting_date == new_date


def test_one_choice_per_member_per_vote():
    member_vote = MemberVoteFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberVote.objects.create(
            city=member_vote.city,
            vote=member_vote.vote,
            member=member_vote.member,
            vote_choice=VoteChoice.NO,
            meeting_date=member_vote.meeting_date,
        )


def test_unknown_vote_choice_is_rejected_by_the_database():
    member_vote = MemberVoteFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberVote.objects.filter(pk=member_vote.pk).update(vote_choice="Maybe")


def test_agenda_item_city_must_equal_its_meetings_city():
    meeting = MeetingFactory()
    with pytest.raises(IntegrityError):
        _immediately(lambda: AgendaItemFactory(meeting=meeting, city=CityFactory()))


def test_vote_city_must_equal_its_items_city():
    item = AgendaItemFactory()
    with pytest.raises(IntegrityError):
        _immediately(lambda: VoteFactory(agenda_item=item, city=CityFactory()))


def test_membership_cannot_end_before_it_starts():
    seat = MembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(seat).objects.filter(pk=seat.pk).update(end_date=seat.start_date.replace(year=2000))


def test_membership_city_must_be_its_members_city():
    member = CouncilMemberFactory()
    other = CityFactory()
    with pytest.raises(IntegrityError):
        _immediately(lambda: MembershipFactory(member=member, city=other, body=BodyFactory(city=other)))


def test_membership_city_must_be_its_bodys_city():
    member = CouncilMemberFactory()
    with pytest.raises(IntegrityError):
        _immediately(lambda: MembershipFactory(member=member, body=BodyFactory()))


def test_a_city_has_one_primary_body():
    seat = MembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        BodyFactory(city=seat.city, name="Second council", is_primary=True)


def test_city_needs_at_least_one_seat():
    city = CityFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(city).objects.filter(pk=city.pk).update(total_seats=0)


def test_matter_cannot_point_at_another_citys_body():
    matter = MatterFactory()
    with pytest.raises(IntegrityError):
        _immediately(lambda: type(matter).objects.filter(pk=matter.pk).update(body=BodyFactory()))


def _appearance():
    item = AgendaItemFactory()
    type(item).objects.filter(pk=item.pk).update(matter=MatterFactory(city=item.city))
    item.refresh_from_db()
    return item


def test_deleting_a_matter_through_django_leaves_its_appearances_without_it():
    item = _appearance()
    _immediately(item.matter.delete)
    item.refresh_from_db()
    assert item.matter_id is None


def test_a_matter_its_appearances_still_name_cannot_be_deleted_behind_djangos_back():
    item = _appearance()
    _immediately(lambda: None)  # the new rows' own checks first
    with pytest.raises(IntegrityError, match='update or delete on table "meetings_matter"'):
        _immediately(lambda: type(item.matter).objects.filter(pk=item.matter_id)._raw_delete(using="default"))


def test_agenda_item_cannot_be_another_citys_matters_appearance():
    item = AgendaItemFactory()
    with pytest.raises(IntegrityError):
        _immediately(lambda: type(item).objects.filter(pk=item.pk).update(matter=MatterFactory()))


def test_attendance_member_must_be_of_the_meetings_city():
    meeting = MeetingFactory()
    with pytest.raises(IntegrityError):
        _immediately(lambda: AttendanceFactory(meeting=meeting, member=CouncilMemberFactory()))


def test_item_category_link_city_must_be_its_items_city():
    item = AgendaItemFactory()
    with pytest.raises(IntegrityError, match="item_category_item_same_city"):
        _immediately(lambda: AgendaItemCategoryFactory(agenda_item=item, city=CityFactory()))


def test_minutes_document_city_must_be_its_meetings_city():
    meeting = MeetingFactory()
    with pytest.raises(IntegrityError, match="minutes_document_meeting_same_city"):
        _immediately(lambda: MinutesDocumentFactory(meeting=meeting, city=CityFactory()))


def test_minutes_page_city_must_be_its_documents_city():
    document = MinutesDocumentFactory()
    other_meeting = MeetingFactory()
    with pytest.raises(IntegrityError, match="meetingpage_document_same_city"):
        _immediately(lambda: MeetingPageFactory(document=document, meeting=other_meeting, city=other_meeting.city))


def test_service_request_city_must_be_its_services_city():
    service = ServiceFactory()
    with pytest.raises(IntegrityError, match="servicerequest_service_same_city"):
        _immediately(lambda: ServiceRequestFactory(service=service, city=CityFactory()))
