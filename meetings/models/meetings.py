"""Meetings, their agenda items, the documents attached to them, and who attended.

A table that grows with a city is keyed (id, city_id) in the database; Django knows its rows by id alone,
which stays unique. Keys between two of a city's rows are checked by composite foreign keys that carry city_id
(the migrations' sql/ files), not by Django's single-column ones (db_constraint=False): they keep a row and
what it points at in one city, and they are the only keys a distributed PostgreSQL keyed by city_id can
enforce (cities/distribution.py).
"""

from __future__ import annotations

import re

from django.db import models
from django.db.models import Q

from cities.models import Body, Category, City, CouncilMember

SHORT_TITLE_LENGTH = 140
# Up to the first full stop followed by a space and a capital (not "St. Louis" or "No. 5"), or a semicolon.
FIRST_SENTENCE = re.compile(r"^(.{20,}?(?<!\b[A-Z][a-z])(?<!\bNo)[.;])\s+(?=[A-Z(])", re.DOTALL)


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"
        DEFERRED = "deferred", "Deferred"

    # PROTECT: meetings are the public record; a city is never deleted with them by accident.
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="meetings")
    meeting_date = models.DateField()
    # Aware start time when the source gives one (Legistar's EventDate + EventTime in the city's zone).
    starts_at = models.DateTimeField(null=True, blank=True)
    meeting_type = models.CharField(max_length=100)
    body_name = models.CharField(max_length=200, blank=True, default="")
    # SET_NULL: the meeting stays on record when a body is removed; body_name keeps what it was called.
    body = models.ForeignKey(
        Body, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings", db_constraint=False
    )
    location = models.CharField(max_length=300, blank=True, default="")
    status = models.CharField(max_length=20, choices=Status, default=Status.HELD)
    legistar_event_id = models.IntegerField(null=True, blank=True)
    legistar_url = models.URLField(max_length=500, blank=True, default="")
    agenda_url = models.URLField(max_length=500, blank=True, default="")
    minutes_url = models.URLField(max_length=500, blank=True, default="")
    video_url = models.URLField(max_length=500, blank=True, default="")
    source_modified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-meeting_date", "-id"]
        constraints = [
            # Not partial (NULLs are distinct anyway): ingestion upserts ON CONFLICT on these.
            models.UniqueConstraint(fields=["city", "legistar_event_id"], name="meeting_unique_legistar_event"),
            # The seed's natural key, for meetings entered by hand.
            models.UniqueConstraint(
                fields=["city", "meeting_date", "meeting_type"],
                name="meeting_unique_date_type_without_source",
                condition=Q(legistar_event_id__isnull=True),
            ),
        ]
        indexes = [
            models.Index(fields=["city", "-meeting_date", "-id"], name="meeting_city_date_idx"),
            models.Index(fields=["body", "-meeting_date", "-id"], name="meeting_body_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_type} {self.meeting_date:%Y-%m-%d}"


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        MATTER = "matter", "Item of business"
        PROCEDURAL = "procedural", "Procedural"
        HEADING = "heading", "Section heading"

    # CASCADE: an item exists only on its meeting's agenda.
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items", db_constraint=False)
    # Copied from the meeting (kept equal by a composite FK) for scoping and per-city source ids.
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="agenda_items")
    sequence = models.PositiveIntegerField(default=0, help_text="Order on the agenda.")
    item_number = models.CharField(max_length=20, blank=True, default="")
    title = models.TextField()
    description = models.TextField(blank=True, default="")
    matter_type = models.CharField(max_length=100, blank=True, default="")
    file_number = models.CharField(max_length=50, blank=True, default="")
    is_consent = models.BooleanField(default=False)
    legistar_item_id = models.IntegerField(null=True, blank=True)
    legistar_matter_id = models.IntegerField(null=True, blank=True)
    # SET_NULL: the appearance stays on the agenda when its matter is removed.
    matter = models.ForeignKey(
        "Matter", on_delete=models.SET_NULL, null=True, blank=True, related_name="appearances", db_constraint=False
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.MATTER)
    detail_url = models.URLField(max_length=500, blank=True, default="")
    # Set when the item disappears upstream: kept for the record, hidden from the agenda.
    removed_upstream_at = models.DateTimeField(null=True, blank=True)
    categories: models.ManyToManyField[Category, AgendaItemCategory] = models.ManyToManyField(
        Category, through="AgendaItemCategory", blank=True, related_name="items"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["meeting", "sequence", "id"]
        constraints = [
            models.UniqueConstraint(fields=["city", "legistar_item_id"], name="item_unique_legistar_item"),
        ]
        indexes = [
            models.Index(fields=["meeting", "sequence"], name="item_meeting_seq_idx"),
            models.Index(fields=["meeting", "is_consent"], name="item_meeting_consent_idx"),
        ]

    def __str__(self) -> str:
        number = f"{self.item_number} " if self.item_number else ""
        return f"{number}{self.title[:80]}"

    @property
    def short_title(self) -> str:
        """What the item page's heading says: the matter's short name when it has one, else the title's
        first sentence (agenda titles run to 150 words), cut at a word near SHORT_TITLE_LENGTH."""
        matter = self.matter if self.matter_id else None
        if matter is not None and matter.name:
            return matter.name
        sentence = FIRST_SENTENCE.match(self.title)
        text = sentence.group(1) if sentence else self.title
        if len(text) <= SHORT_TITLE_LENGTH:
            return text
        return text[:SHORT_TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


class AgendaItemCategory(models.Model):
    # CASCADE both ways: only the link.
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, db_constraint=False)
    category = models.ForeignKey(Category, on_delete=models.CASCADE)
    # Copied from the item (kept equal by a composite foreign key): the link lives with its item's city.
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name_plural = "agenda item categories"
        constraints = [models.UniqueConstraint(fields=["agenda_item", "category", "city"], name="item_category_unique")]
        indexes = [models.Index(fields=["category", "agenda_item"], name="item_category_rev_idx")]

    def __str__(self) -> str:
        return f"{self.agenda_item_id} in {self.category_id}"


class Document(models.Model):
    # CASCADE: an attachment belongs to its item.
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents", db_constraint=False)
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="documents")
    document_type = models.CharField(max_length=50, blank=True, default="")
    title = models.CharField(max_length=255, blank=True, default="")
    url = models.URLField(max_length=1000)
    file_size = models.BigIntegerField(null=True, blank=True)
    legistar_attachment_id = models.IntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agenda_item", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "legistar_attachment_id"], name="document_unique_legistar_attachment"
            ),
            models.CheckConstraint(
                condition=Q(file_size__isnull=True) | Q(file_size__gte=0), name="document_size_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class AttendanceValue(models.TextChoices):
    PRESENT = "Present", "Present"
    ABSENT = "Absent", "Absent"
    EXCUSED = "Excused", "Excused"
    # The source said something nobody mapped: kept raw, reported, never guessed.
    UNKNOWN = "Unknown", "Unknown"


class Attendance(models.Model):
    """A member's presence at a meeting, from its roll call (the raw value kept beside the normalized one)."""

    # CASCADE: attendance belongs to its meeting.
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance", db_constraint=False)
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")
    # PROTECT: a member with attendance on record is not deleted by accident.
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="attendance", db_constraint=False)
    value = models.CharField(max_length=20, choices=AttendanceValue)
    raw_value = models.CharField(max_length=50, blank=True, default="", help_text="As the source wrote it.")
    raw_member_name = models.CharField(max_length=100, blank=True, default="")
    meeting_date = models.DateField(help_text="Copied from the meeting: attendance is counted per year by it.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "attendance"
        ordering = ["meeting", "member"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member", "city"], name="attendance_unique_member")]
        indexes = [models.Index(fields=["member", "meeting_date"], name="attendance_member_date_idx")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.value} at {self.meeting_id}"
