"""Cities, their councils and the people on them; staff access; sync and audit logs.

A table that grows with a city is keyed (id, city_id) in the database; Django knows its rows by id alone,
which stays unique. Keys between two of a city's rows are checked by composite foreign keys that carry city_id
(the migrations' sql/ files), not by Django's single-column ones (db_constraint=False): they keep a row and
what it points at in one city, and they are the only keys a distributed PostgreSQL keyed by city_id can
enforce (cities/distribution.py).
"""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

CITY_KEY_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9_-]{1,49}$",
    "Use 2-50 lower-case letters, digits, '-' or '_', starting with a letter (e.g. 'santa_ana').",
)
HEX_COLOR_VALIDATOR = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Use a hex color such as #003366.")
STATE_VALIDATOR = RegexValidator(r"^[A-Z]{2}$", "Use the two-letter state code, e.g. AZ.")


def default_vote_choices() -> list[str]:
    return ["Yes", "No", "Absent", "Abstain"]


def default_meeting_types() -> list[str]:
    return ["Regular Meeting", "Special Meeting"]


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"'{value}' is not an IANA time zone (e.g. America/Phoenix).")


class City(models.Model):
    city_key = models.CharField(max_length=50, unique=True, validators=[CITY_KEY_VALIDATOR])
    name = models.CharField(max_length=100)
    state = models.CharField(max_length=2, validators=[STATE_VALIDATOR])
    total_seats = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    vote_choices = models.JSONField(default=default_vote_choices)
    meeting_types = models.JSONField(default=default_meeting_types)
    legistar_client = models.CharField(max_length=50, blank=True, default="")
    primary_color = models.CharField(max_length=7, default="#1f3a5f", validators=[HEX_COLOR_VALIDATOR])
    secondary_color = models.CharField(max_length=7, default="#f2b632", validators=[HEX_COLOR_VALIDATOR])
    timezone = models.CharField(max_length=50, default="America/New_York", validators=[validate_timezone])
    # Incremental Legistar sync resumes from here (source last-modified, with a look-back).
    legistar_synced_through = models.DateTimeField(null=True, blank=True)
    # Reporters' contact details and photos of 311 requests closed or deleted this long ago are erased.
    requests311_retention_days = models.PositiveIntegerField(
        default=730,
        verbose_name="311 personal data kept (days)",
        help_text="Days after a 311 request is closed or deleted until its reporter's name, email, phone and "
        "photo are erased. 0 keeps them.",
    )
    service_phone = models.CharField(
        max_length=40, blank=True, default="", verbose_name="service line phone",
        help_text="The number residents call for city services (311 or its own), shown where online reports "
        "are not taken. Leave empty when unknown: the pages then name no number.",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "cities"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(total_seats__gte=1), name="city_total_seats_positive"),
            models.CheckConstraint(condition=Q(city_key__regex=r"^[a-z][a-z0-9_-]{1,49}$"), name="city_key_format"),
        ]

    def __str__(self) -> str:
        return self.name


class CouncilMember(models.Model):
    # PROTECT: a city with people on record is never deleted by accident.
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="members")
    full_name = models.CharField(max_length=100)
    photo_url = models.URLField(blank=True, default="")
    bio = models.TextField(blank=True, default="")
    party_affiliation = models.CharField(max_length=50, blank=True, default="")
    legistar_person_id = models.IntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["full_name"]
        constraints = [
            # Legistar people are matched by the source's id, never by name (two people may share one).
            # Not partial (NULLs are distinct anyway) so ingestion can upsert ON CONFLICT on it.
            models.UniqueConstraint(fields=["city", "legistar_person_id"], name="member_unique_legistar_person"),
            # Hand-entered members (no source id) stay unique by name, as the seed schema has it.
            models.UniqueConstraint(
                fields=["city", "full_name"],
                name="member_unique_name_without_source",
                condition=Q(legistar_person_id__isnull=True),
            ),
        ]
        indexes = [models.Index(fields=["city", "full_name"], name="member_city_name_idx")]

    def __str__(self) -> str:
        return self.full_name


class Body(models.Model):
    """A council, committee, subcommittee or caucus of a city. The city's legislative body (its council) is
    the one marked primary: council seats are memberships of it."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        COMMITTEE = "committee", "Committee"
        SUBCOMMITTEE = "subcommittee", "Subcommittee"
        CAUCUS = "caucus", "Caucus"
        OTHER = "other", "Other"

    # PROTECT: a city with bodies on record is never deleted by accident.
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="bodies")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.COMMITTEE)
    is_primary = models.BooleanField(default=False, help_text="The city's legislative body (its council).")
    active = models.BooleanField(default=True)
    source_type_name = models.CharField(max_length=200, blank=True, default="", help_text="As the source names it.")
    legistar_body_id = models.IntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "bodies"
        ordering = ["-is_primary", "name"]
        constraints = [
            models.UniqueConstraint(fields=["city", "legistar_body_id"], name="body_unique_legistar_body"),
            models.UniqueConstraint(
                fields=["city", "name"],
                name="body_unique_name_without_source",
                condition=Q(legistar_body_id__isnull=True),
            ),
            models.UniqueConstraint(fields=["city"], condition=Q(is_primary=True), name="body_one_primary_per_city"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A member's seat on a body between two dates (an office record). Future ends are normal: a term's
    scheduled end. Council seats are memberships of the city's primary body."""

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice chair"
        MAYOR = "mayor", "Mayor"
        VICE_MAYOR = "vice_mayor", "Vice mayor"
        PRESIDENT = "president", "President"
        VICE_PRESIDENT = "vice_president", "Vice president"
        SPEAKER = "speaker", "Speaker"
        OTHER = "other", "Other role"

    class AppointmentType(models.TextChoices):
        ELECTED = "elected", "Elected"
        APPOINTED = "appointed", "Appointed"
        INTERIM = "interim", "Interim"

    # CASCADE: a membership means nothing without its member or its body.
    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="memberships", db_constraint=False)
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships", db_constraint=False)
    # Copied from the member (kept equal by composite foreign keys) for scoping and per-city source ids.
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role, default=Role.MEMBER)
    title = models.CharField(max_length=200, blank=True, default="", help_text="As the source words it.")
    district = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty for at-large seats.")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="The scheduled or actual end; empty if open.")
    appointment_type = models.CharField(max_length=20, choices=AppointmentType, default=AppointmentType.ELECTED)
    legistar_office_record_id = models.IntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["city", "legistar_office_record_id"], name="membership_unique_legistar_record"
            ),
        ]
        indexes = [
            models.Index(fields=["body", "start_date"], name="membership_body_start_idx"),
            models.Index(fields=["member", "-start_date"], name="membership_member_start_idx"),
        ]

    def __str__(self) -> str:
        until = f"{self.end_date:%Y}" if self.end_date else "now"
        return f"{self.title or self.get_role_display()}, {self.body_id} ({self.start_date:%Y}-{until})"

    @property
    def label(self) -> str:
        """What the seat is called on a page: the source's title, else the role."""
        return self.title or self.get_role_display()


class Category(models.Model):
    # CASCADE: city-specific categories go with their city; NULL city = shared by all cities.
    city = models.ForeignKey(City, on_delete=models.CASCADE, null=True, blank=True, related_name="categories")
    name = models.CharField(max_length=100)
    # PROTECT: removing a parent must be a decision about its children first.
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    display_order = models.IntegerField(default=0)

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["display_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["city", "name"], name="category_unique_name", nulls_distinct=False),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="category_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name


class StaffCityAssignment(models.Model):
    """Which cities a staff user may see and edit in the admin (superusers see all)."""

    # CASCADE both ways: the assignment is only the link.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="city_assignments")
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="staff_assignments")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "city"], name="staff_city_unique")]

    def __str__(self) -> str:
        return f"{self.user} → {self.city}"


class ApiKey(models.Model):
    """A key for the JSON API and Open311 writes. Only a hash is stored; the key is shown once."""

    name = models.CharField(max_length=100, help_text="Who uses it (app or organization).")
    # CASCADE: a city's keys go with it. NULL = a read-only key for every city's public API.
    city = models.ForeignKey(City, on_delete=models.CASCADE, null=True, blank=True, related_name="api_keys")
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    requests_per_minute = models.PositiveIntegerField(default=120)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class DataSyncLog(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCESS = "success", "Success"
        PARTIAL = "partial", "Finished with skipped records"
        FAILED = "failed", "Failed"
        INTERRUPTED = "interrupted", "Interrupted (its worker stopped)"

    # CASCADE: the log of a removed city has no reader.
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="sync_logs")
    sync_type = models.CharField(max_length=50)
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.RUNNING)
    records_processed = models.IntegerField(default=0)
    # {"meetings": {"created": 3, "updated": 0, "unchanged": 40, "skipped": 1}, ...}
    counts = models.JSONField(default=dict, blank=True)
    # [{"object": "event_item", "source_id": 123, "reason": "..."}]
    skipped = models.JSONField(default=list, blank=True)
    error_message = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["city", "-started_at"], name="sync_log_city_started_idx")]

    def __str__(self) -> str:
        return f"{self.sync_type} {self.city_id} {self.started_at:%Y-%m-%d %H:%M} {self.status}"


class AuditEntry(models.Model):
    """One change made by a person (admin edit, admin action); partitioned monthly by changed_at.

    The table is created in raw SQL (migration 0002) with PRIMARY KEY (changed_at, id); Django
    treats `id` as the key, which the identity sequence keeps unique across partitions.
    """

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"

    id = models.BigAutoField(primary_key=True)
    changed_at = models.DateTimeField()
    user_id = models.IntegerField(null=True, blank=True)
    username = models.CharField(max_length=150, blank=True, default="")
    city_id = models.IntegerField(null=True, blank=True)
    action = models.CharField(max_length=10, choices=Action)
    app_label = models.CharField(max_length=100)
    model = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200)
    # {"field": [old, new], ...}
    changes = models.JSONField(default=dict)

    class Meta:
        db_table = "cities_auditentry"
        ordering = ["-changed_at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.changed_at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.model} {self.object_repr}"


class Correction(models.Model):
    """A staff correction of one ingested field, kept apart from the row so the next sync cannot undo it.

    The sync writes the source's value; cities.services.corrections then notes that value here (for review)
    and puts the correction back, in the same transaction, so no reader sees the source's value.
    """

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="corrections")
    model = models.CharField(max_length=100, help_text='The corrected row\'s model, e.g. "meetings.agendaitem".')
    row_id = models.BigIntegerField()
    field = models.CharField(max_length=100)
    value = models.TextField(blank=True, help_text="The corrected value, as the field stores it.")
    original_value = models.TextField(blank=True, help_text="What the row held before the correction.")
    source_value = models.TextField(
        blank=True, help_text="The source's value at the last sync that differed from the correction."
    )
    source_changed_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField()
    # SET_NULL: a correction outlives the staff account; corrected_by_name keeps who it was.
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    corrected_by_name = models.CharField(max_length=150, blank=True)
    corrected_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["city", "model", "row_id", "field"], name="correction_unique_field")
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.row_id} {self.field}"

    @property
    def source_differs(self) -> bool:
        return bool(self.source_value) and self.source_value != self.value
