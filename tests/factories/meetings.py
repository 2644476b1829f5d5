"""Factories of meetings' models; related rows stay inside one city."""

from __future__ import annotations

import datetime as dt

import factory

from cities.partitions import monthly_partition_ensure
from meetings.models import (
    AgendaItem,
    AgendaItemCategory,
    Attendance,
    AttendanceValue,
    Document,
    Matter,
    MatterAction,
    MatterAttachment,
    MatterSponsor,
    MatterText,
    Meeting,
    MeetingPage,
    MinutesDocument,
)
from tests.factories.cities import CategoryFactory, CityFactory, CouncilMemberFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    city = factory.SubFactory(CityFactory)
    # Weekly from 2024, wrapping after ten years: a long test run's thousandth meeting must not be dated
    # past what search looks at (ten years ahead of today).
    meeting_date = factory.Sequence(lambda n: dt.date(2024, 1, 1) + dt.timedelta(days=7 * (n % 520)))
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
    city = factory.SelfAttribute("agenda_item.city")


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    agenda_item = factory.SubFactory(AgendaItemFactory)
    city = factory.SelfAttribute("agenda_item.city")
    document_type = "Staff Report"
    title = "Staff report"
    url = factory.Sequence(lambda n: f"https://example.org/docs/{n}.pdf")


class MinutesDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MinutesDocument

    meeting = factory.SubFactory(MeetingFactory)
    city = factory.SelfAttribute("meeting.city")
    title = "Regular meeting minutes"
    source = factory.Sequence(lambda n: f"https://example.org/minutes/{n}.pdf")
    source_url = factory.SelfAttribute("source")
    status = MinutesDocument.Status.INGESTED


class MeetingPageFactory(factory.django.DjangoModelFactory):
    """Pages go through the ORM here; ingestion uses COPY. The month's partition must exist."""

    class Meta:
        model = MeetingPage

    document = factory.SubFactory(MinutesDocumentFactory)
    meeting = factory.SelfAttribute("document.meeting")
    city = factory.SelfAttribute("document.city")
    meeting_date = factory.SelfAttribute("document.meeting.meeting_date")
    meeting_type = factory.SelfAttribute("document.meeting.meeting_type")
    document_kind = "minutes"
    page_number = factory.Sequence(lambda n: n + 1)
    content = "The council discussed the budget."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        monthly_partition_ensure(table="meetings_meetingpage", month=kwargs["meeting_date"])
        return super()._create(model_class, *args, **kwargs)


class MatterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Matter

    city = factory.SubFactory(CityFactory)
    file_number = factory.Sequence(lambda n: f"Int {n + 1:04d}-2024")
    file_key = factory.LazyAttribute(lambda o: _keys(o.file_number).file_key)
    number_key = factory.LazyAttribute(lambda o: _keys(o.file_number).number_key)
    title = factory.Sequence(lambda n: f"A Local Law to amend the administrative code, in relation to item {n}")
    matter_type = "Introduction"
    status = "Committee"
    intro_date = dt.date(2024, 1, 10)
    last_action_date = factory.SelfAttribute("intro_date")


def _keys(file_number: str):
    from meetings.file_numbers import file_keys

    return file_keys(file_number)


class MatterSponsorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatterSponsor

    matter = factory.SubFactory(MatterFactory)
    city = factory.SelfAttribute("matter.city")
    member = factory.SubFactory(CouncilMemberFactory, city=factory.SelfAttribute("..matter.city"))
    name = factory.SelfAttribute("member.full_name")
    sequence = 0
    is_primary = True


class MatterActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatterAction

    matter = factory.SubFactory(MatterFactory)
    city = factory.SelfAttribute("matter.city")
    action_date = factory.SelfAttribute("matter.intro_date")
    action_name = "Introduced by Council"
    body_name = "City Council"


class MatterAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatterAttachment

    matter = factory.SubFactory(MatterFactory)
    city = factory.SelfAttribute("matter.city")
    name = "Committee Report"
    url = factory.Sequence(lambda n: f"https://example.org/attachments/{n}.pdf")


class MatterTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatterText

    matter = factory.SubFactory(MatterFactory)
    city = factory.SelfAttribute("matter.city")
    version = "A"
    text = "Be it enacted by the Council as follows: Section 1. ..."


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    city = factory.SelfAttribute("meeting.city")
    member = factory.SubFactory(CouncilMemberFactory, city=factory.SelfAttribute("..meeting.city"))
    meeting_date = factory.SelfAttribute("meeting.meeting_date")
    value = AttendanceValue.PRESENT
    raw_value = "Present"
