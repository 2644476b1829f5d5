"""Minutes downloads go through the checked fetch: a document pointing inside the network (directly or by a
redirect) fails with its reason and stores nothing; a file that is not what it says is refused."""

import pytest

from meetings.models import MeetingPage, MinutesDocument
from meetings.services.minutes import minutes_document_ingest, minutes_document_register
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _ingest(url: str) -> MinutesDocument:
    document, _ = minutes_document_register(meeting=MeetingFactory(), url=url)
    return minutes_document_ingest(document_id=document.pk).document


def test_minutes_on_an_internal_host_are_refused_and_nothing_is_stored(inside):
    document = _ingest(f"http://127.0.0.1:{inside}/secret")
    assert document.status == MinutesDocument.Status.FAILED and "not a public address" in document.error
    assert not MeetingPage.objects.filter(document=document).exists()


def test_a_redirect_into_the_network_is_refused(inside, settings):
    settings.FETCH_ALLOWED_HOSTS = ["localhost"]
    document = _ingest(f"http://localhost:{inside}/redirect-inside")
    assert document.status == MinutesDocument.Status.FAILED and "127.0.0.1 is not a public address" in document.error
    assert not MeetingPage.objects.filter(document=document).exists()


def test_a_file_served_as_a_pdf_must_be_one(inside, settings):
    settings.FETCH_ALLOWED_HOSTS = ["localhost"]
    document = _ingest(f"http://localhost:{inside}/fake.pdf")
    assert document.status == MinutesDocument.Status.FAILED and "not a PDF" in document.error
