"""A PDF is read in a child process under limits: one with 100,000 pages and one that inflates past the memory
limit are refused with a reason, and leave no page and no dead worker behind."""

import pytest

from meetings.models import MeetingPage, MinutesDocument
from meetings.services.minutes import minutes_file_ingest
from tests.factories import MeetingFactory
from tests.hostile_pdfs import inflating, many_pages

pytestmark = pytest.mark.django_db


def _ingest(tmp_path, content: bytes):
    path = tmp_path / "minutes.pdf"
    path.write_bytes(content)
    return minutes_file_ingest(meeting=MeetingFactory(), path=path)


def test_a_pdf_with_100000_pages_is_refused_unread(tmp_path):
    result = _ingest(tmp_path, many_pages(100_000))
    assert result.status == MinutesDocument.Status.FAILED
    assert "100,000 pages: more than the 5,000 read" in result.document.error
    assert not MeetingPage.objects.filter(document=result.document).exists()


def test_the_reader_over_its_memory_limit_ends_and_the_document_fails(tmp_path, settings):
    settings.MINUTES_PDF_MEMORY_MB = 48  # less than the parser needs: the limit, not the machine, stops it
    result = _ingest(tmp_path, many_pages(10))
    assert result.status == MinutesDocument.Status.FAILED and "over its limits (48 MB" in result.document.error
    assert not MeetingPage.objects.filter(document=result.document).exists()


def test_a_pdf_that_takes_too_long_is_stopped(tmp_path, settings):
    settings.MINUTES_PDF_SECONDS = 1
    result = _ingest(tmp_path, inflating(megabytes=100))
    assert result.status == MinutesDocument.Status.FAILED and "longer than 1 s" in result.document.error
