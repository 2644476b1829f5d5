"""Real minutes files from ../shared/realdata through the ingestion service."""

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from meetings.models import MeetingPage, MinutesDocument
from meetings.services.minutes import minutes_file_ingest
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db
MINUTES = Path(settings.REALDATA_DIR) / "minutes"
HUNTSVILLE = MINUTES / "Caden-Helbling__hsv-city-council-transcripts/2026-06-25-city-council-meeting/agenda.pdf"
SCANNED = MINUTES / "Metro-Records__scrapers-lametro/right_minutes_file_a.pdf"
PORTLAND = MINUTES / "Ropes__PDX-Council-Minutes-Data/portland_2011-01-12_minutes_raw.txt"


def test_a_real_pdf_becomes_one_row_per_page_in_its_month_partition():
    meeting = MeetingFactory()
    result = minutes_file_ingest(meeting=meeting, path=HUNTSVILLE)
    assert result.status == MinutesDocument.Status.INGESTED
    assert result.pages == MeetingPage.objects.filter(document=result.document).count() == 11
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT tableoid::regclass::text FROM meetings_meetingpage WHERE document_id = %s",
            [result.document.id],
        )
        assert cursor.fetchall() == [(f"meetings_meetingpage_{meeting.meeting_date:%Y_%m}",)]


def test_reingest_replaces_the_documents_pages():
    meeting = MeetingFactory()
    first = minutes_file_ingest(meeting=meeting, path=HUNTSVILLE, source="hsv-agenda")
    again = minutes_file_ingest(meeting=meeting, path=HUNTSVILLE, source="hsv-agenda")
    assert first.document.id == again.document.id
    assert MeetingPage.objects.filter(document=again.document).count() == 11


def test_a_scanned_pdf_is_flagged_and_stores_no_pages():
    result = minutes_file_ingest(meeting=MeetingFactory(), path=SCANNED)
    assert result.status == MinutesDocument.Status.SCANNED
    assert "OCR" in result.document.error
    assert not MeetingPage.objects.filter(document=result.document).exists()


def test_a_corrupt_pdf_fails_cleanly_and_keeps_the_earlier_pages(tmp_path):
    meeting = MeetingFactory()
    good = minutes_file_ingest(meeting=meeting, path=HUNTSVILLE, source="doc")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(HUNTSVILLE.read_bytes()[:5000])
    result = minutes_file_ingest(meeting=meeting, path=broken, source="doc")
    assert result.status in (MinutesDocument.Status.FAILED, MinutesDocument.Status.SCANNED)
    assert MeetingPage.objects.filter(document=good.document).count() == 11  # nothing half-replaced


def test_plain_text_minutes_are_paged_and_cleaned(tmp_path):
    result = minutes_file_ingest(meeting=MeetingFactory(), path=PORTLAND)
    assert result.status == MinutesDocument.Status.INGESTED
    assert result.pages > 5
    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"Council\x00 adopted \x01the\x02 budget\n" * 50)
    result = minutes_file_ingest(meeting=MeetingFactory(), path=nul)
    content = MeetingPage.objects.get(document=result.document).content
    assert "\x00" not in content and "\x01" not in content and "Council adopted the budget" in content


def test_ingest_command_reads_a_local_file(capsys):
    from django.core.management import call_command

    meeting = MeetingFactory()
    call_command("ingest_minutes", "--file", str(HUNTSVILLE), "--meeting", str(meeting.id))
    assert "ingested, 11 pages" in capsys.readouterr().out


def test_a_search_answered_before_new_minutes_finds_them_after(client, tmp_path, django_capture_on_commit_callbacks):
    """Search caches its answers (and the oldest and newest page dates): ingestion makes them stale."""
    assert client.get("/api/search/", {"q": "annexation"}).json()["results"] == []
    text = tmp_path / "minutes.txt"
    text.write_text("The council approved the annexation of the river parcel after a long hearing.\n" * 40)
    with django_capture_on_commit_callbacks(execute=True):
        minutes_file_ingest(meeting=MeetingFactory(), path=text)
    assert client.get("/api/search/", {"q": "annexation"}).json()["results"]


def test_the_demo_minutes_are_real_files_made_searchable(client, django_capture_on_commit_callbacks):
    from devtools.demo.minutes import minutes_demo_load

    with django_capture_on_commit_callbacks(execute=True):
        pages = minutes_demo_load()
    assert set(pages) == {"huntsville", "annarbor", "portland"} and all(pages.values())
    results = client.get("/api/search/", {"q": "Saltzman", "city": "portland"}).json()["results"]
    assert results and results[0]["meeting_date"] == "2011-01-12"
