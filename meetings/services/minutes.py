"""Minutes ingestion: a PDF or text file becomes searchable pages, loaded in bulk, replaced atomically.

PyMuPDF reads the text layer (measured on the recorded minutes PDFs: 10-25x faster than pypdf
and pdfminer.six for the same text; AGPL-licensed, like this kind of open civic portal can be).
A document is read page by page and written with COPY in batches, so a 2,000-page file needs
the memory of one batch. A file with no text layer is flagged `scanned`, a corrupt one `failed`;
neither leaves a page behind.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pymupdf
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from cities.cache import minutes_cache_bump
from cities.partitions import monthly_partition_ensure
from meetings.models import Meeting, MeetingPage, MinutesDocument
from meetings.pages_bulk_load import pages_copy

COPY_BATCH_PAGES = 200
# Text-layer characters per page below which a PDF is treated as a scan (page numbers, stamps).
SCANNED_CHARS_PER_PAGE = 25
# Control characters never belong in minutes text; \x01/\x02 also mark search highlights.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
WHITESPACE = re.compile(r"[ \t\r\f\v]+")
BLANK_LINES = re.compile(r"\n{3,}")
TEXT_PAGE_CHARS = 3000


class MinutesError(Exception):
    """The document could not be read; the message says why, for the sync log and the admin."""


def normalize_text(text: str) -> str:
    text = CONTROL_CHARS.sub(" ", text.replace("\x00", ""))
    lines = (WHITESPACE.sub(" ", line).strip() for line in text.split("\n"))
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def pdf_pages(path: Path) -> Iterator[str]:
    """Text of each page, one at a time."""
    try:
        document = pymupdf.open(path)
    except (pymupdf.FileDataError, RuntimeError, ValueError) as error:
        raise MinutesError(f"not a readable PDF ({error})") from error
    try:
        if document.needs_pass:
            raise MinutesError("the PDF is password-protected")
        for page in document:
            yield normalize_text(page.get_text("text"))
    except RuntimeError as error:
        raise MinutesError(f"the PDF is damaged ({error})") from error
    finally:
        document.close()


def text_pages(path: Path) -> Iterator[str]:
    """A plain-text file: split on form feeds, else into pages of about TEXT_PAGE_CHARS at line ends."""
    raw = path.read_bytes().decode("utf-8", errors="replace")
    chunks = raw.split("\f") if "\f" in raw else None
    if chunks is None:
        chunks, current, size = [], [], 0
        for line in raw.splitlines():
            current.append(line)
            size += len(line) + 1
            if size >= TEXT_PAGE_CHARS:
                chunks.append("\n".join(current))
                current, size = [], 0
        if current:
            chunks.append("\n".join(current))
    for chunk in chunks:
        yield normalize_text(chunk)


def document_pages(path: Path) -> Iterator[str]:
    with open(path, "rb") as handle:
        head = handle.read(5)
    if head == b"%PDF-":
        return pdf_pages(path)
    if b"\x00" in head:
        raise MinutesError("neither a PDF nor a text file")
    return text_pages(path)


@dataclass
class IngestResult:
    document: MinutesDocument
    pages: int
    status: str


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
    count, text_chars = 0, 0
    try:
        with transaction.atomic(), connection.cursor() as django_cursor:
            cursor = django_cursor.cursor
            MeetingPage.objects.filter(document=document).delete()
            batch: list[tuple] = []
            for number, text in enumerate(document_pages(path), start=1):
                count = number
                text_chars += len(text)
                if text:
                    batch.append(
                        (
                            meeting.meeting_date,
                            meeting.city_id,
                            meeting.id,
                            document.id,
                            number,
                            meeting.meeting_type[:100],
                            kind,
                            text,
                        )
                    )
                if len(batch) >= COPY_BATCH_PAGES:
                    pages_copy(cursor, batch)
                    batch = []
            if count == 0:
                raise MinutesError("no page could be read (an empty or damaged file)")
            if text_chars < SCANNED_CHARS_PER_PAGE * count:
                raise MinutesError("no text layer (a scanned document): it needs OCR before it can be searched")
            if batch:
                pages_copy(cursor, batch)
    except MinutesError as error:
        status = MinutesDocument.Status.SCANNED if "no text layer" in str(error) else MinutesDocument.Status.FAILED
        MinutesDocument.objects.filter(pk=document.pk).update(
            status=status, error=str(error), page_count=count, sha256=digest, updated_at=timezone.now()
        )
        document.refresh_from_db()
        return IngestResult(document, 0, status)
    MinutesDocument.objects.filter(pk=document.pk).update(
        status=MinutesDocument.Status.INGESTED,
        error="",
        page_count=count,
        sha256=digest,
        ingested_at=timezone.now(),
        updated_at=timezone.now(),
        meeting=meeting,
        kind=kind,
    )
    transaction.on_commit(minutes_cache_bump)  # searches cached before these pages are stale
    document.refresh_from_db()
    return IngestResult(document, count, document.status)


def minutes_download(*, url: str, destination: Path) -> Path:
    """Fetch a minutes file with a size limit, a timeout and a content-type check."""
    limit = settings.MINUTES_MAX_BYTES
    try:
        with httpx.stream(
            "GET",
            url,
            timeout=settings.MINUTES_DOWNLOAD_TIMEOUT_SECONDS,
            follow_redirects=True,
            headers={"User-Agent": settings.LEGISTAR_USER_AGENT},
        ) as response:
            if response.status_code != 200:
                raise MinutesError(f"download answered HTTP {response.status_code}")
            content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if content_type not in ("application/pdf", "text/plain", "application/octet-stream"):
                raise MinutesError(f"not a PDF or text file (Content-Type {content_type or 'missing'})")
            if int(response.headers.get("Content-Length") or 0) > limit:
                raise MinutesError(f"larger than the {limit // 1_000_000} MB limit")
            size = 0
            with open(destination, "wb") as handle:
                for chunk in response.iter_bytes(1 << 16):
                    size += len(chunk)
                    if size > limit:
                        raise MinutesError(f"larger than the {limit // 1_000_000} MB limit")
                    handle.write(chunk)
    except httpx.HTTPError as error:
        raise MinutesError(f"download failed ({error.__class__.__name__})") from error
    return destination


def minutes_ingest_queue(*, meeting: Meeting) -> MinutesDocument | None:
    """Record the meeting's minutes file and read it in the background once this transaction commits."""
    if not meeting.minutes_url:
        return None
    document, created = MinutesDocument.objects.get_or_create(
        city_id=meeting.city_id,
        source=meeting.minutes_url[:1000],
        defaults={
            "meeting": meeting,
            "kind": MinutesDocument.Kind.MINUTES,
            "source_url": meeting.minutes_url,
            "title": f"{meeting.meeting_type} minutes"[:255],
        },
    )
    if created or document.status in (MinutesDocument.Status.PENDING, MinutesDocument.Status.FAILED):
        from meetings.tasks import ingest_minutes_document

        transaction.on_commit(lambda: ingest_minutes_document.delay(document.id))
    return document
