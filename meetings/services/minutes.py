"""Minutes documents and their searchable pages: registered, downloaded, read, replaced all or nothing.

A document is read page by page and written with COPY in batches, so a 2,000-page file needs the memory
of one batch. A file with no text layer is marked `scanned`, an unreadable one `failed`; neither leaves a
page behind, and re-ingesting a document replaces its pages in one transaction.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from cities.cache import minutes_cache_bump
from cities.fetch import FetchError, fetch
from cities.partitions import monthly_partition_ensure
from meetings.errors import MinutesScanned, MinutesUnreadable
from meetings.minutes_text import document_pages
from meetings.models import Meeting, MeetingPage, MinutesDocument
from meetings.services.pages import PageRow, pages_copy

logger = logging.getLogger(__name__)

COPY_BATCH_PAGES = 200
# Text-layer characters per page below which a PDF is treated as a scan (page numbers, stamps).
SCANNED_CHARS_PER_PAGE = 25
DOWNLOADABLE_TYPES = ("application/pdf", "text/plain", "application/octet-stream")


@dataclass
class IngestResult:
    document: MinutesDocument
    pages: int
    status: str


def minutes_document_register(
    *, meeting: Meeting, url: str, kind: str = MinutesDocument.Kind.MINUTES
) -> tuple[MinutesDocument, bool]:
    """The meeting's minutes document for `url` (created once per city and source) and whether it still
    needs reading: new, waiting, or failed before. The caller queues the reading once its transaction
    commits (`meetings.tasks.ingest_minutes_document`)."""
    document, created = MinutesDocument.objects.get_or_create(
        city_id=meeting.city_id,
        source=url[:1000],
        defaults={
            "meeting": meeting,
            "kind": kind,
            "source_url": url[:1000],
            "title": f"{meeting.meeting_type} {kind}"[:255],
        },
    )
    waiting = (MinutesDocument.Status.PENDING, MinutesDocument.Status.FAILED)
    return document, created or document.status in waiting


def _pages_write(*, meeting: Meeting, document: MinutesDocument, path: Path, kind: str) -> int:
    """Replace the document's pages with the file's; returns the file's page count. Raises MinutesUnreadable
    (nothing written) when no text can be read."""
    count, text_chars = 0, 0
    try:
        with transaction.atomic(), connection.cursor() as django_cursor:
            cursor = django_cursor.cursor
            MeetingPage.objects.filter(document=document).delete()
            batch: list[PageRow] = []
            for number, text in enumerate(document_pages(path), start=1):
                count = number
                text_chars += len(text)
                if text:
                    batch.append(
                        PageRow(
                            meeting.meeting_date, meeting.city_id, meeting.id, document.id, number,
                            meeting.meeting_type[:100], kind, text,
                        )
                    )  # fmt: skip
                if len(batch) >= COPY_BATCH_PAGES:
                    pages_copy(cursor, batch)
                    batch = []
            if count == 0:
                raise MinutesUnreadable("no page could be read (an empty or damaged file)")
            if text_chars < SCANNED_CHARS_PER_PAGE * count:
                raise MinutesScanned("no text layer (a scanned document): it needs OCR before it can be searched")
            if batch:
                pages_copy(cursor, batch)
    except MinutesUnreadable as error:
        error.page_count = count  # how far the file could be read, shown to staff
        raise
    return count


def minutes_file_ingest(
    *,
    meeting: Meeting,
    path: Path,
    source: str = "",
    source_url: str = "",
    kind: str = MinutesDocument.Kind.MINUTES,
    title: str = "",
) -> IngestResult:
    """Make `path` the searchable text of its document (created or replaced), all or nothing."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    source = source or source_url or f"file:{digest}"
    document, _ = MinutesDocument.objects.get_or_create(
        city_id=meeting.city_id,
        source=source[:1000],
        defaults={"meeting": meeting, "kind": kind, "title": title[:255], "source_url": source_url[:1000]},
    )
    monthly_partition_ensure(table="meetings_meetingpage", month=meeting.meeting_date)
    try:
        count = _pages_write(meeting=meeting, document=document, path=path, kind=kind)
    except MinutesUnreadable as error:
        status = MinutesDocument.Status.SCANNED if isinstance(error, MinutesScanned) else MinutesDocument.Status.FAILED
        MinutesDocument.objects.filter(pk=document.pk).update(
            status=status, error=error.message, page_count=error.page_count, sha256=digest, updated_at=timezone.now()
        )
        document.refresh_from_db()
        logger.info("minutes document %s of meeting %s: %s (%s)", document.pk, meeting.pk, status, error.message)
        return IngestResult(document, 0, status)
    now = timezone.now()
    MinutesDocument.objects.filter(pk=document.pk).update(
        status=MinutesDocument.Status.INGESTED,
        error="",
        page_count=count,
        sha256=digest,
        ingested_at=now,
        updated_at=now,
        meeting=meeting,
        kind=kind,
    )
    transaction.on_commit(minutes_cache_bump)  # searches cached before these pages are stale
    document.refresh_from_db()
    logger.info("minutes document %s of meeting %s: %s pages searchable", document.pk, meeting.pk, count)
    return IngestResult(document, count, document.status)


def minutes_download(*, url: str, destination: Path) -> Path:
    """Fetch a minutes file through the checked fetch (public addresses only, size and time limits) and keep
    it only when it is what it says: a PDF starting `%PDF-`, or text."""
    limit = settings.MINUTES_MAX_BYTES
    try:
        with fetch(url, max_bytes=limit, deadline_seconds=settings.MINUTES_DOWNLOAD_TIMEOUT_SECONDS) as fetched:
            if fetched.content_type not in DOWNLOADABLE_TYPES:
                raise MinutesUnreadable(f"not a PDF or text file (Content-Type {fetched.content_type or 'missing'})")
            with open(destination, "wb") as handle:
                first = b""
                for chunk in fetched.chunks:
                    if len(first) < 5:
                        first += chunk[: 5 - len(first)]
                    handle.write(chunk)
    except FetchError as error:
        raise MinutesUnreadable(f"download refused or failed: {error.message}") from error
    is_pdf = first.startswith(b"%PDF-")
    if fetched.content_type != "text/plain" and not is_pdf:
        raise MinutesUnreadable("the file is not a PDF (it does not start with %PDF-)")
    return destination


def minutes_document_ingest(*, document_id: int) -> IngestResult:
    """Download a registered document's source and make its pages searchable (replacing earlier pages); a
    download that fails marks the document failed, with the reason."""
    document = MinutesDocument.objects.select_related("meeting").get(pk=document_id)
    with tempfile.TemporaryDirectory() as folder:
        try:
            path = minutes_download(url=document.source_url, destination=Path(folder) / "document")
        except MinutesUnreadable as error:
            MinutesDocument.objects.filter(pk=document_id).update(
                status=MinutesDocument.Status.FAILED, error=error.message, updated_at=timezone.now()
            )
            document.refresh_from_db()
            logger.info("minutes document %s: %s", document_id, error.message)
            return IngestResult(document, 0, document.status)
        return minutes_file_ingest(
            meeting=document.meeting,
            path=path,
            source=document.source,
            source_url=document.source_url,
            kind=document.kind,
            title=document.title,
        )
