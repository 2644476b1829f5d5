"""Legislation: matters (bills, resolutions, ordinances, appointments, land-use applications), their
sponsors, their history of actions across bodies and meetings, their public attachments and texts.

Agenda items are a matter's appearances (AgendaItem.matter); an action taken at a meeting points at the
agenda item it happened on, whose vote (votes.Vote) is the roll call behind it.

A table that grows with a city is keyed (id, city_id) in the database; Django knows its rows by id alone,
which stays unique. Keys between two of a city's rows are checked by composite foreign keys that carry city_id
(the migrations' sql/ files), not by Django's single-column ones (db_constraint=False): they keep a row and
what it points at in one city, and they are the only keys a distributed PostgreSQL keyed by city_id can
enforce (cities/distribution.py).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from cities.models import Body, City, CouncilMember
from meetings.models.meetings import AgendaItem, Meeting


class Matter(models.Model):
    # PROTECT: a city's legislation is never deleted with it by accident.
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="matters")
    file_number = models.CharField(max_length=50, blank=True, default="")
    # The file number as people type it: lower case, words and numbers, leading zeros dropped ("int 47 2024"),
    # and its numbers alone ("47 2024") for a number typed without its prefix (meetings.file_numbers).
    file_key = models.CharField(max_length=60, blank=True, default="", editable=False)
    number_key = models.CharField(max_length=60, blank=True, default="", editable=False)
    name = models.CharField(max_length=300, blank=True, default="", help_text="The short name, if it has one.")
    title = models.TextField()
    matter_type = models.CharField(max_length=100, blank=True, default="")
    status = models.CharField(max_length=100, blank=True, default="")
    intro_date = models.DateField(null=True, blank=True)
    agenda_date = models.DateField(null=True, blank=True)
    passed_date = models.DateField(null=True, blank=True)
    enactment_date = models.DateField(null=True, blank=True)
    enactment_number = models.CharField(max_length=100, blank=True, default="")
    version = models.CharField(max_length=20, blank=True, default="")
    # SET_NULL: the matter stays on record when the body in charge of it is removed; body_name keeps its name.
    body = models.ForeignKey(
        Body, on_delete=models.SET_NULL, null=True, blank=True, related_name="matters", db_constraint=False
    )
    body_name = models.CharField(max_length=200, blank=True, default="")
    summary = models.TextField(blank=True, default="")
    # The latest action's date, else the introduction's (kept by the writes): lists are ordered by it.
    last_action_date = models.DateField()
    legistar_matter_id = models.IntegerField(null=True, blank=True)
    source_modified_at = models.DateTimeField(null=True, blank=True)
    # Set when the source no longer publishes the matter: kept for the record, marked as withdrawn.
    removed_upstream_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-last_action_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["city", "legistar_matter_id"], name="matter_unique_legistar_matter"),
            models.UniqueConstraint(
                fields=["city", "file_number"], name="matter_unique_file_number", condition=~Q(file_number="")
            ),
        ]
        indexes = [
            models.Index(
                models.F("city"), models.F("last_action_date").desc(), models.F("id").desc(),
                name="matter_city_last_action_idx",
            ),
            models.Index(fields=["city", "file_key"], name="matter_city_file_key_idx"),
            models.Index(fields=["city", "number_key"], name="matter_city_number_key_idx"),
            models.Index(fields=["body", "last_action_date"], name="matter_body_last_action_idx"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.file_number or self.name or self.title[:80]

    @property
    def headline(self) -> str:
        """What a page calls it: the short name, else the title."""
        return self.name or self.title

    @property
    def status_label(self) -> str:
        """The status as a sentence would say it: sources shout some ("IN COMMITTEE" -> "In committee")."""
        return self.status.capitalize() if self.status.isupper() else self.status


class MatterSponsor(models.Model):
    # CASCADE: a sponsorship belongs to its matter. Neither key has an index of its own: the indexes below
    # lead with them, and a single-column one is smaller, so the planner took it for a member's sponsorship
    # count and read the table rather than the index-only sponsor_member_latest_idx.
    matter = models.ForeignKey(
        Matter, on_delete=models.CASCADE, related_name="sponsors", db_index=False, db_constraint=False
    )
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")
    # SET_NULL: the sponsorship stays on record with its name when the member is removed (or never known).
    member = models.ForeignKey(
        CouncilMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sponsorships",
        db_index=False,
        db_constraint=False,
    )
    name = models.CharField(max_length=200, help_text="As the source names the sponsor.")
    sequence = models.PositiveSmallIntegerField(default=0)
    is_primary = models.BooleanField(default=False)
    matter_version = models.CharField(max_length=20, blank=True, default="")
    legistar_sponsor_id = models.IntegerField(null=True, blank=True)
    # Copies of the matter's last_action_date and withdrawal, kept equal by triggers (sql/0007): a member's
    # sponsorships newest first, and their count, read one index (sponsor_member_latest_idx) without the join
    # to every matter they sponsored; is_primary rides in the index so the count is index-only.
    matter_last_action_date = models.DateField(null=True, blank=True, editable=False)
    matter_withdrawn = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["matter", "sequence", "id"]
        constraints = [
            models.UniqueConstraint(fields=["city", "legistar_sponsor_id"], name="sponsor_unique_legistar_sponsor"),
        ]
        indexes = [
            models.Index(fields=["matter", "sequence"], name="sponsor_matter_seq_idx"),
            models.Index(fields=["member", "matter"], name="sponsor_member_matter_idx"),
            models.Index(
                models.F("member"), models.F("matter_last_action_date").desc(), models.F("matter").desc(),
                name="sponsor_member_latest_idx", condition=Q(matter_withdrawn=False), include=["is_primary"],
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.name} on {self.matter_id}"


class MatterAction(models.Model):
    """One step of a matter's history: introduced, referred, held, amended, passed, signed, vetoed..."""

    # CASCADE: the history belongs to its matter.
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="actions", db_constraint=False)
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")
    action_date = models.DateField(null=True, blank=True)
    action_name = models.CharField(max_length=200, blank=True, default="")
    action_text = models.TextField(blank=True, default="")
    # SET_NULL everywhere below: the history stays whole when a body, meeting, item or member goes.
    body = models.ForeignKey(
        Body, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions", db_constraint=False
    )
    body_name = models.CharField(max_length=200, blank=True, default="")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions", db_constraint=False
    )
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions", db_constraint=False
    )
    passed = models.BooleanField(null=True, blank=True)
    tally = models.CharField(max_length=20, blank=True, default="")
    mover = models.ForeignKey(
        CouncilMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_constraint=False
    )
    mover_name = models.CharField(max_length=100, blank=True, default="")
    seconder = models.ForeignKey(
        CouncilMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_constraint=False
    )
    seconder_name = models.CharField(max_length=100, blank=True, default="")
    version = models.CharField(max_length=20, blank=True, default="")
    legistar_history_id = models.IntegerField(null=True, blank=True)
    # The source's meeting of the action: resolved to `meeting` (and its agenda item) once both are stored,
    # whichever comes first.
    legistar_event_id = models.IntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["matter", "action_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["city", "legistar_history_id"], name="action_unique_legistar_history"),
        ]
        indexes = [
            models.Index(fields=["matter", "action_date", "id"], name="action_matter_date_idx"),
            models.Index(
                fields=["city", "legistar_event_id"],
                name="action_unlinked_event_idx",
                condition=Q(meeting__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action_date} {self.action_name}"


class MatterAttachment(models.Model):
    """A public attachment of a matter (what the source marks as not for the public is never stored)."""

    # CASCADE: an attachment belongs to its matter.
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="attachments", db_constraint=False)
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=300)
    url = models.URLField(max_length=1000)
    sort = models.IntegerField(default=0)
    matter_version = models.CharField(max_length=20, blank=True, default="")
    legistar_attachment_id = models.IntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["matter", "sort", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "legistar_attachment_id"], name="matter_attachment_unique_legistar_attachment"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MatterText(models.Model):
    """The plain text of one version of a matter (untrusted: escaped wherever it is shown)."""

    # CASCADE: a text belongs to its matter.
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="texts", db_constraint=False)
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+")
    version = models.CharField(max_length=20, blank=True, default="")
    text = models.TextField()
    legistar_text_id = models.IntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["matter", "-id"]
        constraints = [models.UniqueConstraint(fields=["matter", "version", "city"], name="matter_text_unique_version")]

    def __str__(self) -> str:
        return f"{self.matter_id} v{self.version}"
