"""What needs a staff member's attention in one city's data, each with where it is fixed: vote values
nobody mapped, persons in roll calls that match no member, documents that could not be made searchable,
results that disagree with their roll call, and what the last syncs skipped and why. Read by the admin's
data-quality page (votes.admin)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q

from cities.models import City, DataSyncLog
from meetings.models import MinutesDocument
from votes.models import MemberVote, Vote, VoteChoice

SHOWN = 50  # rows per section: the page is a to-do list, not a report
UNKNOWN_PERSON = re.compile(r"^unknown person (\S+) in the roll call")


@dataclass
class DataQuality:
    city: City
    unmapped_values: list[dict[str, Any]]  # {"raw_value", "n"}
    unreadable_documents: list[MinutesDocument]
    disagreeing_votes: list[Vote]
    syncs: list[DataSyncLog]

    @property
    def unknown_persons(self) -> list[tuple[str, int]]:
        """Source person ids in the latest sync's roll calls and attendance that match no member, with how
        many rows each left out (the sync skips them rather than invent a member)."""
        latest = next((log for log in self.syncs if log.completed_at), None)
        found = Counter(
            match.group(1).strip("'\"")
            for skip in (latest.skipped if latest else [])
            if (match := UNKNOWN_PERSON.match(str(skip.get("reason", ""))))
        )
        return found.most_common(SHOWN)

    @property
    def problems(self) -> int:
        return (
            len(self.unmapped_values) + len(self.unreadable_documents) + len(self.disagreeing_votes)
            + len(self.unknown_persons)
        )  # fmt: skip


STORED = ("created", "updated", "unchanged")


def fetched_and_stored(log: DataSyncLog) -> list[tuple[str, int, int]]:
    """Per kind of record in a sync's counts: how many the source gave (stored or skipped) and how many are
    stored, so a gap between the two stands out."""
    rows = []
    for kind, outcomes in sorted((log.counts or {}).items()):
        stored = sum(int(outcomes.get(name, 0)) for name in STORED)
        fetched = stored + int(outcomes.get("skipped", 0))
        if fetched:
            rows.append((kind, fetched, stored))
    return rows


def city_data_quality(*, city: City) -> DataQuality:
    """Four queries, each on the city's rows only: member votes of one hash partition, the city's documents
    and votes (vote_city_date_idx), its sync logs (sync_log_city_started_idx)."""
    unmapped = list(
        MemberVote.objects.filter(city=city, vote_choice=VoteChoice.UNKNOWN)
        .values("raw_value")
        .annotate(n=Count("id"))
        .order_by("-n", "raw_value")[:SHOWN]
    )
    documents = list(
        MinutesDocument.objects.filter(
            city=city, status__in=[MinutesDocument.Status.FAILED, MinutesDocument.Status.SCANNED]
        )
        .select_related("meeting")
        .order_by("-meeting__meeting_date", "-id")[:SHOWN]
    )
    counted = Q(yes_count__gt=0) | Q(no_count__gt=0)
    against = Q(passed=True, yes_count__lte=F("no_count")) | Q(passed=False, yes_count__gt=F("no_count"))
    votes = list(
        Vote.objects.filter(city=city)
        .filter(counted & against)
        .select_related("agenda_item")
        .order_by("-meeting_date", "-id")[:SHOWN]
    )
    syncs = list(DataSyncLog.objects.filter(city=city).order_by("-started_at")[:10])
    for log in syncs:
        log.fetched_and_stored = fetched_and_stored(log)  # type: ignore[attr-defined]
    return DataQuality(city, unmapped, documents, votes, syncs)
