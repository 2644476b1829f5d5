"""factory-boy factories for every model; related rows stay inside one city."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from cities.models import AuditEntry, Category, City, CouncilMember, DataSyncLog, StaffCityAssignment, Term
from meetings.models import AgendaItem, AgendaItemCategory, Document, Meeting
from votes.models import MemberVote, Vote, VoteChoice


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ("city_key",)

    city_key = factory.Sequence(lambda n: f"city{n}")
    name = factory.Sequence(lambda n: f"Testville {n}")
    state = "AZ"
    total_seats = 7
    timezone = "America/Phoenix"


class CouncilMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilMember

    city = factory.SubFactory(CityFactory)
    full_name = factory.Sequence(lambda n: f"Member {n}")


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    member = factory.SubFactory(CouncilMemberFactory)
    city = factory.SelfAttribute("member.city")
    position = "Council Member"
    district = factory.Sequence(lambda n: n % 7 + 1)
    term_start = dt.date(2023, 1, 1)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    city = factory.SubFactory(CityFactory)
    name = factory.Sequence(lambda n: f"Category {n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    city = factory.SubFactory(CityFactory)
    meeting_date = factory.Sequence(lambda n: dt.date(2024, 1, 1) + dt.timedelta(days=7 * n))
    meeting_type = "Regular Meeting"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    city = factory.SelfAttribute("meeting.city")
    sequence = factory.Sequence(lambda n: n)
    item_number = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Resolution approving contract {n}")
    matter_type = "Resolution"


class AgendaItemCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItemCategory

    agenda_item = factory.SubFactory(AgendaItemFactory)
    category = factory.SubFactory(CategoryFactory, city=factory.SelfAttribute("..agenda_item.city"))


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    agenda_item = factory.SubFactory(AgendaItemFactory)
    city = factory.SelfAttribute("agenda_item.city")
    document_type = "Staff Report"
    title = "Staff report"
    url = factory.Sequence(lambda n: f"https://example.org/docs/{n}.pdf")


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    agenda_item = factory.SubFactory(AgendaItemFactory)
    city = factory.SelfAttribute("agenda_item.city")
    meeting_date = factory.SelfAttribute("agenda_item.meeting.meeting_date")
    action_name = "Approved"
    passed = True


class MemberVoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberVote

    vote = factory.SubFactory(VoteFactory)
    city = factory.SelfAttribute("vote.city")
    member = factory.SubFactory(CouncilMemberFactory, city=factory.SelfAttribute("..vote.city"))
    meeting_date = factory.SelfAttribute("vote.meeting_date")
    vote_choice = VoteChoice.YES
    raw_value = "Aye"


class DataSyncLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataSyncLog

    city = factory.SubFactory(CityFactory)
    sync_type = "legistar"
    started_at = factory.LazyFunction(lambda: dt.datetime.now(dt.UTC))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-for-tests")


class StaffCityAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffCityAssignment

    user = factory.SubFactory(UserFactory, is_staff=True)
    city = factory.SubFactory(CityFactory)


class AuditEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditEntry

    changed_at = factory.LazyFunction(lambda: dt.datetime.now(dt.UTC))
    username = "staff"
    action = AuditEntry.Action.UPDATE
    app_label = "cities"
    model = "city"
    object_id = "1"
    object_repr = "Testville"
