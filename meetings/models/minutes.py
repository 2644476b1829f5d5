"""Minutes, agendas and transcripts of meetings, and their text page by page (the 100M-row table).

A table that grows with a city is keyed (id, city_id) in the database; Django knows its rows by id alone,
which stays unique. Keys between two of a city's rows are checked by composite foreign keys that carry city_id
(the migrations' sql/ files), not by Django's single-column ones (db_constraint=False): they keep a row and
what it points at in one city, and they are the only keys a distributed PostgreSQL keyed by city_id can
enforce (cities/distribution.py).
"""

from __future__ import annotations

from django.db import models

from cities.models import City
from meetings.models.meetings import Meeting


class MinutesDocument(models.Model):
    """A minutes/agenda/transcript file of a meeting whose text is searchable page by page."""

    class Kind(models.TextChoices):
        MINUTES = "minutes", "Minutes"
        AGENDA = "agenda", "Agenda"
        TRANSCRIPT = "transcript", "Transcript"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be read"
        INGESTED = "ingested", "Searchable"
        SCANNED = "scanned", "Scanned image, no text layer"
        FAILED = "failed", "Could not be read"

    # CASCADE: the text of a meeting's documents goes with the meeting.
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="minutes_documents", db_constraint=False
    )
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="minutes_documents")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.MINUTES)
    title = models.CharField(max_length=255, blank=True, default="")
    # Where it came from: a URL, or "file:<sha256>" for an uploaded or local file. Re-ingesting the
    # same source replaces its pages.
    source = models.CharField(max_length=1000)
    source_url = models.URLField(max_length=1000, blank=True, default="")
    sha256 = models.CharField(max_length=64, blank=True, default="")
    page_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    error = models.TextField(blank=True, default="")
    ingested_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["city", "source"], name="minutes_document_unique_source")]
        indexes = [
            models.Index(fields=["meeting"], name="minutes_document_meeting_idx"),
            # The ingestion backlog (a metric scraped every few seconds): only the documents still waiting.
            models.Index(
                fields=["created_at"], condition=models.Q(status="pending"), name="minutes_document_pending_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.source[:80]


class MeetingPage(models.Model):
    """One page of a minutes document's text. RANGE-partitioned by month of meeting_date (raw SQL,
    PK (id, meeting_date, city_id)); copies city, date, meeting type and document kind so search filters
    never join. `search_vector` is a stored generated column with a GIN index per partition."""

    id = models.BigAutoField(primary_key=True)
    meeting_date = models.DateField()
    # DO_NOTHING: the database's foreign keys (ON DELETE CASCADE) remove pages with their document.
    city = models.ForeignKey(City, on_delete=models.DO_NOTHING, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.DO_NOTHING, related_name="+")
    document = models.ForeignKey(MinutesDocument, on_delete=models.DO_NOTHING, related_name="pages")
    page_number = models.PositiveIntegerField()
    meeting_type = models.CharField(max_length=100)
    document_kind = models.CharField(max_length=20)
    content = models.TextField()

    class Meta:
        db_table = "meetings_meetingpage"
        ordering = ["-meeting_date", "-id"]

    def __str__(self) -> str:
        return f"page {self.page_number} of {self.document_id}"
