"""A council member's page above the voting record: who they are, their offices, their votes per year, how
often they agree with each colleague, what they sponsored and how often they attended. None of it depends
on how the record below is filtered, so every filtered view shares one build, kept under the city's
version as the page itself is."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import OuterRef, Prefetch, Subquery

from cities.cache import city_cached
from cities.models import City, Correction, CouncilMember, Membership
from cities.sqlfiles import read_sql
from meetings.selectors.members import AttendanceYear, Sponsorships, member_attendance, member_sponsorships
from votes.models import MemberVotingSummary


@dataclass
class MemberProfile:
    member: CouncilMember
    summaries: list[MemberVotingSummary]  # newest year first
    agreement: list[Agreement]
    sponsorships: Sponsorships
    attendance: list[AttendanceYear]

    @property
    def seats(self) -> list[Membership]:
        return [m for m in self.member.memberships.all() if m.body.is_primary]

    @property
    def committees(self) -> list[Membership]:
        return [m for m in self.member.memberships.all() if not m.body.is_primary]


def member_profile(*, city: City, member_id: int) -> MemberProfile | None:
    """The city's member and everything their page shows above the record (five reads on a miss), or None."""

    def build() -> MemberProfile | None:
        member = member_for_city(city=city, member_id=member_id)
        if member is None:
            return None
        return MemberProfile(
            member=member,
            summaries=member_summaries(member=member),
            agreement=member_agreement(member=member),
            sponsorships=member_sponsorships(member=member),
            attendance=member_attendance(member=member),
        )

    return city_cached(city.pk, f"member-profile:{member_id}", build)


def member_for_city(*, city: City, member_id: int) -> CouncilMember | None:
    """The member with their offices, and a staff correction of their name (`name_corrected_at`,
    `name_correction_reason`, `name_in_source`: None when the name is as the source has it), read in the
    same statement through correction_unique_field."""
    correction = Correction.objects.filter(
        city_id=OuterRef("city_id"), model="cities.councilmember", row_id=OuterRef("id"), field="full_name"
    )
    return (
        CouncilMember.objects.filter(city=city, pk=member_id)
        .annotate(
            name_corrected_at=Subquery(correction.values("corrected_at")[:1]),
            name_correction_reason=Subquery(correction.values("reason")[:1]),
            name_in_source=Subquery(correction.values("source_value")[:1]),
            name_before_correction=Subquery(correction.values("original_value")[:1]),
        )
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("body").order_by("-start_date"))
        )
        .first()
    )


def member_summaries(*, member: CouncilMember) -> list[MemberVotingSummary]:
    """Per-year rows of mv_member_voting_summary (unique index on member_id, vote_year)."""
    return list(MemberVotingSummary.objects.filter(member=member).order_by("-vote_year"))


@dataclass
class Agreement:
    member_id: int
    full_name: str
    split_votes: int
    agreed: int

    @property
    def rate(self) -> float | None:
        return self.agreed / self.split_votes if self.split_votes else None


def member_agreement(*, member: CouncilMember) -> list[Agreement]:
    """How often the member voted like each colleague on split votes (mv_member_agreement)."""
    with connection.cursor() as cursor:
        cursor.execute(read_sql(__file__, "member_agreement.sql"), {"member_id": member.id})
        return [Agreement(*row) for row in cursor.fetchall()]
