"""Factories of meetings' models; related rows stay inside one city."""

from __future__ import annotations

import datetime as dt

import factory

from cities.partitions import monthly_partition_ensure
from meetings.models import AgendaItem, AgendaItemCategory, Document, Meeting, MeetingPage, MinutesDocument
from tests.factories.cities import CategoryFactory, CityFactory


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
