import factory

from meetings.models import MeetingPage, MinutesDocument
from tests.factories import MeetingFactory


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
        from cities.partitions import monthly_partition_ensure

        monthly_partition_ensure(table="meetings_meetingpage", month=kwargs["meeting_date"])
        return super()._create(model_class, *args, **kwargs)
