"""Each agenda item's vote, every member's choice in it, and the per-year voting summary.

A table that grows with a city is keyed (id, city_id) in the database; Django knows its rows by id alone,
which stays unique. Keys between two of a city's rows are checked by composite foreign keys that carry city_id
(the migrations' sql/ files), not by Django's single-column ones (db_constraint=False): they keep a row and
what it points at in one city, and they are the only keys a distributed PostgreSQL keyed by city_id can
enforce (cities/distribution.py).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from cities.models import City, CouncilMember
from meetings.models import AgendaItem


class VoteChoice(models.TextChoices):
    YES = "Yes", "Yes"
    NO = "No", "No"
    ABSTAIN = "Abstain", "Abstain"
    RECUSED = "Recused", "Recused"
    ABSENT = "Absent", "Absent"
    EXCUSED = "Excused", "Excused"
    NOT_VOTING = "Not voting", "Not voting"
    # Attendance only (a roll call of who is present); as a vote value it means not voting.
    PRESENT = "Present", "Present"
    # The source said something no mapping resolves yet: kept raw, reported, never guessed.
    UNKNOWN = "Unknown", "Unknown"


# Choices a member's vote can have (PRESENT is attendance's).
BALLOT_CHOICES = [choice for choice in VoteChoice if choice != VoteChoice.PRESENT]


class VoteValueMapping(models.Model):
    """How one city's source spells a vote choice ("Aye", "Excused", "Recused" ...).

    Built-in defaults (votes.normalize) apply when a city has no row for a value; staff add rows
    for what their city means differently. Matching is exact after case-folding and trimming.
    """

    # CASCADE: a city's vocabulary goes with it.
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="vote_value_mappings")
    raw_value = models.CharField(max_length=50)
    vote_choice = models.CharField(max_length=20, choices=VoteChoice)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["city", "raw_value"], name="vote_value_unique_per_city")]

    def __str__(self) -> str:
        return f"{self.raw_value} → {self.vote_choice}"


class Vote(models.Model):
    class Kind(models.TextChoices):
        ROLL_CALL = "roll_call", "Roll call"
        VOICE = "voice", "Voice vote"
        CONSENT = "consent", "Consent agenda"
        UNANIMOUS_CONSENT = "unanimous_consent", "Unanimous consent"

    # CASCADE: a vote is the outcome of exactly one item (one vote per item, as the seed has it). The database
    # holds that rule as UNIQUE (agenda_item_id, city_id) (sql/0011): the same rule, since an item has one city,
    # and a table keyed by city can only enforce keys that carry it.
    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="vote", db_constraint=False)
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="votes")
    meeting_date = models.DateField(help_text="Copied from the meeting: the member record is ordered by it.")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.ROLL_CALL)
    action_name = models.CharField(max_length=100, blank=True, default="")
    action_text = models.TextField(blank=True, default="")
    # As the source states it: a result cannot always be derived from counts (super-majorities, vetoes).
    passed = models.BooleanField(null=True, blank=True)
    tally = models.CharField(max_length=20, blank=True, default="")
    yes_count = models.PositiveSmallIntegerField(default=0)
    no_count = models.PositiveSmallIntegerField(default=0)
    absent_count = models.PositiveSmallIntegerField(default=0)
    abstain_count = models.PositiveSmallIntegerField(default=0)
    excused_count = models.PositiveSmallIntegerField(default=0)
    recused_count = models.PositiveSmallIntegerField(default=0)
    not_voting_count = models.PositiveSmallIntegerField(default=0)
    # SET_NULL: the motion's record survives a member's removal; the raw name stays.
    mover = models.ForeignKey(
        CouncilMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_constraint=False
    )
    seconder = models.ForeignKey(
        CouncilMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_constraint=False
    )
    mover_name = models.CharField(max_length=100, blank=True, default="")
    seconder_name = models.CharField(max_length=100, blank=True, default="")
    vote_date = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-meeting_date", "-id"]
        constraints = [
            # Target of member votes' composite FK: same city, and the date follows (ON UPDATE CASCADE).
            models.UniqueConstraint(fields=["id", "city", "meeting_date"], name="vote_id_city_date_key"),
            models.CheckConstraint(
                condition=~Q(mover=models.F("seconder")) | Q(mover__isnull=True), name="vote_mover_is_not_seconder"
            ),
        ]
        indexes = [
            models.Index(fields=["city", "-meeting_date", "-id"], name="vote_city_date_idx"),
            models.Index(fields=["passed"], name="vote_passed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action_name or 'Vote'} {self.tally}".strip()

    @property
    def is_split(self) -> bool:
        return self.yes_count > 0 and self.no_count > 0

    @property
    def decision(self) -> str:
        return vote_decision(passed=self.passed, action_name=self.action_name)

    @property
    def counted_tally(self) -> str:
        return shown_tally(tally=self.tally, yes=self.yes_count, no=self.no_count)

    @property
    def counts_disagree(self) -> bool:
        """The stated result and the roll call's counts point opposite ways (a super-majority rule, a veto, a
        correction): the item page says the result is the city's record."""
        if self.passed is None or not (self.yes_count or self.no_count):
            return False
        return (self.yes_count > self.no_count) != self.passed


# Actions whose carrying decided something other than approval, as Legistar's action names say it.
DECISION_WORDS = (
    (("deny", "denied", "reject"), "Denied"),
    (("defer", "postpone", "continued", "table", "held", "refer"), "Deferred"),
    (("withdr",), "Withdrawn"),
    (("receive", "filed", "file"), "Received and filed"),
)


def shown_tally(*, tally: str, yes: int, no: int) -> str:
    """The tally with an en dash in place of the hyphen, from the counts when the source gave none."""
    text = tally or (f"{yes}-{no}" if yes or no else "")
    return text.replace("-", "\u2013")


def vote_decision(*, passed: bool | None, action_name: str) -> str:
    """What a vote decided, in plain words: a motion to deny that carried denied the item ("Denied"), it did
    not "pass"; one that failed is "Failed"; with no result stated, the action as recorded."""
    if passed is None:
        return action_name or "Recorded"
    if not passed:
        return "Failed"
    action = action_name.casefold()
    for words, meaning in DECISION_WORDS:
        if any(word in action for word in words):
            return meaning
    return "Approved"


class MemberVote(models.Model):
    """One member's choice in one vote. HASH-partitioned by city (8), created in raw SQL.

    The table's key is (city_id, id); Django sees `id` (unique through the identity sequence).
    Composite foreign keys (vote_id, city_id) and (member_id, city_id) keep every row inside
    the city of its vote's meeting.
    """

    id = models.BigAutoField(primary_key=True)
    # DO_NOTHING: the database's own foreign keys (raw SQL, ON DELETE CASCADE/RESTRICT) decide.
    city = models.ForeignKey(City, on_delete=models.DO_NOTHING, related_name="+")
    vote = models.ForeignKey(Vote, on_delete=models.DO_NOTHING, related_name="member_votes")
    member = models.ForeignKey(CouncilMember, on_delete=models.DO_NOTHING, related_name="member_votes")
    vote_choice = models.CharField(max_length=20, choices=VoteChoice)
    raw_value = models.CharField(max_length=50, blank=True, default="", help_text="As the source wrote it.")
    raw_member_name = models.CharField(max_length=100, blank=True, default="")
    meeting_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "votes_membervote"
        ordering = ["-meeting_date", "-id"]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.vote_choice}"


class MemberVotingSummary(models.Model):
    """Row of the materialized view mv_member_voting_summary (refreshed concurrently by Celery)."""

    id = models.BigIntegerField(primary_key=True)
    member = models.ForeignKey(CouncilMember, on_delete=models.DO_NOTHING, related_name="voting_summaries")
    city = models.ForeignKey(City, on_delete=models.DO_NOTHING, related_name="+")
    vote_year = models.IntegerField()
    total_votes = models.IntegerField()
    yes_votes = models.IntegerField()
    no_votes = models.IntegerField()
    absent_count = models.IntegerField()
    abstain_count = models.IntegerField()
    excused_count = models.IntegerField()
    recused_count = models.IntegerField()
    not_voting_count = models.IntegerField()
    # Yes/No votes cast on a vote that had a Yes/No majority.
    majority_eligible = models.IntegerField()
    with_majority = models.IntegerField()

    class Meta:
        managed = False
        db_table = "mv_member_voting_summary"
        ordering = ["member", "-vote_year"]
        verbose_name = "member voting summary"
        verbose_name_plural = "member voting summaries"

    def __str__(self) -> str:
        return f"{self.member_id} {self.vote_year}"

    @property
    def with_majority_share(self) -> float | None:
        return self.with_majority / self.majority_eligible if self.majority_eligible else None
