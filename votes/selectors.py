"""Reads for residents' pages and the API. Each names the index it relies on; none queries in a loop."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from cities.cache import city_cached
from cities.keyset import KeysetPage, cursor_decode, keyset_page
from cities.models import Category, City, Correction, CouncilMember, Membership
from cities.selectors import corrections_of, current_on_their_day
from meetings.models import AgendaItem, Matter, MatterAction, MatterAttachment, MatterSponsor, MatterText
from meetings.selectors.meetings import cities_latest_met, latest_meetings
from meetings.selectors.minutes import MinutesHit, meeting_pages_mentioning, pages_mentioning
from votes.models import MemberVote, MemberVotingSummary, Vote, VoteChoice, VoteValueMapping, shown_tally, vote_decision
from votes.vote_values import vote_value_key

RECORD_PAGE_SIZE = 50


HOME_CARDS = 12


@dataclass
class HomeCities:
    cards: list[dict[str, Any]]  # a card each: the city, its sitting council's size, its latest meetings
    directory: list[City]  # every city, by name: when there are more than cards


def home_cities(*, cards: int = HOME_CARDS, latest: int = 3) -> HomeCities:
    """A card for each city, or, past `cards` cities, for the ones that met most recently and a directory
    of all: the page stays the same size however many cities there are. Four queries at most."""
    cities = list(City.objects.order_by("name").only("id", "city_key", "name", "state", "timezone"))
    shown = cities
    if len(cities) > cards:
        recent = set(cities_latest_met(limit=cards))
        shown = [c for c in cities if c.id in recent]
    ids = [c.id for c in shown]
    seats = dict(
        Membership.objects.filter(current_on_their_day(shown), body__is_primary=True)
        .values_list("city_id")
        .annotate(n=Count("member_id", distinct=True))
        .values_list("city_id", "n")
    )
    meetings = latest_meetings(city_ids=ids, latest=latest)
    return HomeCities(
        cards=[{"city": c, "council_size": seats.get(c.id, 0), "meetings": meetings[c.id]} for c in shown],
        directory=cities if len(cities) > cards else [],
    )


@dataclass
class CityFigures:
    votes: int = 0
    passed: int = 0
    failed: int = 0
    unanimous: int = 0
    split: int = 0

    @property
    def unanimous_share(self) -> float | None:
        return self.unanimous / self.votes if self.votes else None


def city_figures(*, city: City) -> CityFigures:
    """One aggregate over the city's votes (index vote_city_date_idx)."""
    row = Vote.objects.filter(city=city).aggregate(
        n_votes=Count("id"),
        n_passed=Count("id", filter=Q(passed=True)),
        n_failed=Count("id", filter=Q(passed=False)),
        n_unanimous=Count("id", filter=Q(no_count=0, yes_count__gt=0)),
        n_split=Count("id", filter=Q(no_count__gt=0, yes_count__gt=0)),
    )
    return CityFigures(**{name.removeprefix("n_"): value for name, value in row.items()})


@dataclass
class ItemDetail:
    item: AgendaItem
    vote: Vote | None
    member_votes: list[MemberVote]
    documents: list
    categories: list[Category]
    previous: AgendaItem | None = None  # the items either side on the meeting's agenda (headings skipped)
    next: AgendaItem | None = None
    title_correction: Correction | None = None  # a staff correction the page says was made
    minutes_pages: list[MinutesHit] = field(default_factory=list)  # its meeting's pages that name it
    minutes_phrase: str = ""  # what they were found by: the file number, else the matter's or item's name

    @property
    def corrected_member_votes(self) -> list[MemberVote]:
        return [mv for mv in self.member_votes if getattr(mv, "correction", None)]


# The roll call grouped as a reader scans it: how the votes went first, then everyone who did not vote.
CHOICE_ORDER: dict[str, int] = {str(choice): n for n, choice in enumerate(
    [VoteChoice.YES, VoteChoice.NO, VoteChoice.ABSTAIN, VoteChoice.RECUSED, VoteChoice.EXCUSED, VoteChoice.ABSENT,
     VoteChoice.NOT_VOTING, VoteChoice.PRESENT, VoteChoice.UNKNOWN]
)}  # fmt: skip


def _neighbours(item: AgendaItem) -> tuple[AgendaItem | None, AgendaItem | None]:
    """Two small reads of item_meeting_seq_idx (meeting_id, sequence, id)."""
    agenda = AgendaItem.objects.filter(meeting_id=item.meeting_id, removed_upstream_at__isnull=True).exclude(
        kind=AgendaItem.Kind.HEADING
    )
    place = (Q(sequence=item.sequence) & Q(id__lt=item.pk)) | Q(sequence__lt=item.sequence)
    later = (Q(sequence=item.sequence) & Q(id__gt=item.pk)) | Q(sequence__gt=item.sequence)
    fields = ("id", "item_number", "title", "sequence")
    previous = agenda.filter(place).order_by("-sequence", "-id").only(*fields).first()
    following = agenda.filter(later).order_by("sequence", "id").only(*fields).first()
    return previous, following


def item_detail(*, city: City, item_id: int) -> ItemDetail | None:
    """The item, its vote (mover, seconder), every member's choice, documents and categories."""
    item = (
        AgendaItem.objects.filter(city=city, pk=item_id)
        .select_related("meeting", "matter", "vote", "vote__mover", "vote__seconder")
        .prefetch_related("documents", "categories")
        .first()
    )
    if item is None:
        return None
    vote = getattr(item, "vote", None)
    member_votes = []
    if vote is not None:
        # Unique key (city_id, vote_id, member_id) on member votes.
        member_votes = list(
            MemberVote.objects.filter(city_id=city.id, vote_id=vote.id)
            .select_related("member")
            .order_by("member__full_name")
        )
        member_votes.sort(key=lambda mv: CHOICE_ORDER.get(mv.vote_choice, len(CHOICE_ORDER)))  # stable: by name within
    previous, following = _neighbours(item)
    documents, categories = list(item.documents.all()), list(item.categories.all())
    rows = {"meetings.agendaitem": [item.id], "votes.membervote": [mv.id for mv in member_votes]}
    corrections = corrections_of(city_id=city.id, rows=rows)
    for mv in member_votes:
        mv.correction = corrections.get(("votes.membervote", mv.id, "vote_choice"))  # type: ignore[attr-defined]
    title_correction = corrections.get(("meetings.agendaitem", item.id, "title"))
    detail = ItemDetail(item, vote, member_votes, documents, categories, previous, following, title_correction)
    detail.minutes_phrase = item.file_number or (item.matter.file_number if item.matter else "") or item.short_title
    detail.minutes_pages = meeting_pages_mentioning(
        meeting_id=item.meeting_id, meeting_date=item.meeting.meeting_date, phrase=detail.minutes_phrase
    )
    return detail


@dataclass
class RecordFilters:
    year: int | None = None
    choice: str | None = None
    category: int | None = None
    split_only: bool = False
    text: str = ""
    categories: list[Category] = field(default_factory=list)


def member_record_queryset(*, member: CouncilMember, filters: RecordFilters) -> QuerySet[MemberVote]:
    """The member's votes, filtered. Index membervote_city_member_date_idx (city_id, member_id, meeting_date
    DESC, id DESC): city_id is always given, so only the city's partition is read, in the record's order."""
    qs = MemberVote.objects.filter(city_id=member.city_id, member_id=member.id)
    if filters.year:
        qs = qs.filter(meeting_date__gte=dt.date(filters.year, 1, 1), meeting_date__lt=dt.date(filters.year + 1, 1, 1))
    if filters.choice:
        qs = qs.filter(vote_choice=filters.choice)
    if filters.split_only:
        qs = qs.filter(vote__yes_count__gt=0, vote__no_count__gt=0)
    if filters.category:
        qs = qs.filter(vote__agenda_item__categories__id=filters.category)
    if filters.text:
        qs = qs.filter(vote__agenda_item__title__icontains=filters.text)
    return qs.select_related("vote", "vote__agenda_item", "vote__agenda_item__meeting")


def member_record_total(*, member: CouncilMember, filters: RecordFilters, summaries: list[MemberVotingSummary]) -> int:
    """How many votes the (filtered) record holds: the yearly summaries' sum when nothing is filtered (no
    query), else a count over membervote_city_member_date_idx."""
    if filters == RecordFilters():
        return sum(summary.total_votes for summary in summaries)
    return member_record_queryset(member=member, filters=filters).count()


@dataclass(frozen=True, slots=True)
class RecordRow:
    """One line of a member's voting record: only what the page shows, read as plain values (a page of
    model instances, with their vote and item, costs more to build than the query costs to run)."""

    id: int
    meeting_date: dt.date
    vote_choice: str
    item_id: int
    item_title: str
    passed: bool | None
    tally: str
    action_name: str
    yes_count: int
    no_count: int

    @property
    def decision(self) -> str:
        return vote_decision(passed=self.passed, action_name=self.action_name)

    @property
    def shown_tally(self) -> str:
        return shown_tally(tally=self.tally, yes=self.yes_count, no=self.no_count)


RECORD_ROW_COLUMNS = ("id", "meeting_date", "vote_choice", "vote__agenda_item_id", "vote__agenda_item__title",
                      "vote__passed", "vote__tally", "vote__action_name", "vote__yes_count",
                      "vote__no_count")  # fmt: skip


def member_record_page(
    *, member: CouncilMember, filters: RecordFilters, cursor: str | None, size: int = RECORD_PAGE_SIZE
) -> KeysetPage:
    """Newest first, keyset on (meeting_date, id): a deep page reads what the first page reads."""
    purpose = f"member-record:{member.id}"
    decoded = cursor_decode(cursor, purpose=purpose, width=2)
    page = keyset_page(
        member_record_queryset(member=member, filters=filters).select_related(None).values_list(*RECORD_ROW_COLUMNS),
        fields=("meeting_date", "id"),
        cursor=decoded,
        size=size,
        purpose=purpose,
        key=lambda row: (row[1], row[0]),
    )
    page.rows = [RecordRow(*row) for row in page.rows]
    return page


SPLIT_PAGE_SIZE = 50


def city_split_votes_page(*, city: City, cursor: str | None, size: int = SPLIT_PAGE_SIZE) -> KeysetPage:
    """The city's votes with members on both sides, newest first: vote_city_date_idx (city_id, meeting_date
    DESC, id DESC) walked past the unanimous ones, keyset on (meeting_date, id) so deep pages cost the same."""
    purpose = f"split-votes:{city.pk}"
    votes = Vote.objects.filter(city=city, yes_count__gt=0, no_count__gt=0).select_related("agenda_item")
    return keyset_page(
        votes, fields=("meeting_date", "id"), cursor=cursor_decode(cursor, purpose=purpose, width=2), size=size,
        purpose=purpose,
    )  # fmt: skip


def city_categories(*, city: City) -> list[Category]:
    categories = Category.objects.filter(Q(city=city) | Q(city__isnull=True)).order_by("display_order", "name")
    return city_cached(city.pk, "categories", lambda: list(categories))


VOTE_CHOICES = [c.value for c in VoteChoice]


def city_vote_values(*, city: City) -> dict[str, str]:
    """The city's own vote value mappings, keyed as `votes.vote_values.vote_value_normalize` compares them."""
    return {vote_value_key(m.raw_value): m.vote_choice for m in VoteValueMapping.objects.filter(city=city)}


@dataclass
class MatterStory:
    matter: Matter
    sponsors: list[MatterSponsor]
    actions: list[MatterAction]  # each with `roll_call_id`: its agenda item's vote, when there was one
    # Its agenda items that no action of its history points at (sources without histories have only these).
    appearances: list[AgendaItem]
    attachments: list[MatterAttachment]
    text: MatterText | None
    mentions: list[MinutesHit] = field(default_factory=list)  # minutes pages that name its file number

    @property
    def first_date(self) -> dt.date | None:
        dates = [
            self.matter.intro_date,
            *(a.action_date for a in self.actions),
            *(i.meeting.meeting_date for i in self.appearances),
        ]
        return min((d for d in dates if d), default=None)

    @property
    def timeline(self) -> list[MatterAction | AgendaItem]:
        """Every step, oldest first: the history's actions and the appearances it does not record."""
        steps: list[MatterAction | AgendaItem] = [*self.actions, *self.appearances]
        return sorted(steps, key=lambda s: (_step_date(s) or dt.date.max, isinstance(s, AgendaItem), s.pk))


def _step_date(step: MatterAction | AgendaItem) -> dt.date | None:
    return step.action_date if isinstance(step, MatterAction) else step.meeting.meeting_date


ACTION_FIELDS = (
    "id", "matter_id", "action_date", "action_name", "action_text", "body_id", "body_name", "meeting_id",
    "agenda_item_id", "passed", "tally", "mover_id", "mover_name", "seconder_id", "seconder_name",
    "meeting__id", "meeting__meeting_type", "meeting__meeting_date",
)  # fmt: skip


def matter_story(*, city: City, matter_id: int) -> MatterStory | None:
    """A public matter with its sponsors (primary first), its history in date order across bodies and
    meetings with each step's roll call (`roll_call_id`), its public attachments, its latest text, the agenda
    items its history does not record, and the minutes that mention it: eight queries, whatever the history's
    length (each part by its matter index: sponsor_matter_seq_idx, action_matter_date_idx, the items'
    matter_id key). Only the columns the page shows are read: the rows are wide and the ORM's cost is per
    column."""
    found = (
        Matter.objects.filter(city=city, pk=matter_id, removed_upstream_at__isnull=True).select_related("body").first()
    )
    if found is None:
        return None
    sponsors = (
        MatterSponsor.objects.filter(matter=found)
        .select_related("member")
        .only("id", "matter_id", "member_id", "name", "sequence", "is_primary", "member__id", "member__full_name")
        .order_by("sequence", "id")
    )
    actions: list[MatterAction] = list(
        MatterAction.objects.filter(matter=found)
        .select_related("meeting")
        .only(*ACTION_FIELDS)
        .annotate(roll_call_id=F("agenda_item__vote__id"))
        .order_by(F("action_date").asc(nulls_last=True), "id")
    )
    appearances = (
        AgendaItem.objects.filter(matter=found, removed_upstream_at__isnull=True)
        .exclude(pk__in=[a.agenda_item_id for a in actions if a.agenda_item_id])
        .select_related("meeting", "vote")
        .only("id", "meeting_id", "item_number", "meeting__id", "meeting__meeting_type", "meeting__meeting_date",
              "vote__id", "vote__passed", "vote__tally", "vote__action_name", "vote__yes_count",
              "vote__no_count")  # what _outcome.html reads: none loaded one appearance at a time
        .order_by("meeting__meeting_date", "id")
    )  # fmt: skip
    story = MatterStory(
        matter=found,
        sponsors=list(sponsors),
        actions=actions,
        appearances=list(appearances),
        attachments=list(MatterAttachment.objects.filter(matter=found).order_by("sort", "id")),
        text=MatterText.objects.filter(matter=found).order_by("-id").first(),
    )
    if found.file_number:
        story.mentions = pages_mentioning(city=city, phrase=found.file_number, since=story.first_date)
    return story
