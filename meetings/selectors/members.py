"""A member's legislation and attendance, for the member's page (votes' page shows them)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

from cities.models import CouncilMember
from meetings.models import Attendance, AttendanceValue, MatterSponsor

SPONSORSHIPS_SHOWN = 10


@dataclass
class Sponsorships:
    shown: list[MatterSponsor]
    primary_count: int
    total: int

    @property
    def cosponsored(self) -> int:
        return self.total - self.primary_count


def member_sponsorships(*, member: CouncilMember, limit: int = SPONSORSHIPS_SHOWN) -> Sponsorships:
    """The public legislation the member sponsored, latest action first, and how much of it in all: two reads
    of sponsor_member_latest_idx (member, matter's last action, matter; withdrawn matters left out), the
    count index-only, whatever the member's number of sponsorships."""
    sponsorships = MatterSponsor.objects.filter(member=member, matter_withdrawn=False)
    shown = list(
        sponsorships.select_related("matter")
        .only("id", "is_primary", "sequence", "matter__id", "matter__file_number", "matter__name", "matter__title",
              "matter__status", "matter__last_action_date")
        .order_by("-matter_last_action_date", "-matter_id")[:limit]
    )  # fmt: skip
    totals = sponsorships.aggregate(total=Count("*"), primary=Count("is_primary", filter=Q(is_primary=True)))
    return Sponsorships(shown, totals["primary"], totals["total"])


@dataclass
class AttendanceYear:
    year: int
    present: int
    absent: int
    excused: int
    other: int

    @property
    def meetings(self) -> int:
        return self.present + self.absent + self.excused + self.other

    @property
    def counted(self) -> int:
        """Meetings with a recognized value: present, absent or excused."""
        return self.present + self.absent + self.excused

    @property
    def rate(self) -> float | None:
        return self.present / self.counted if self.counted else None


def member_attendance(*, member: CouncilMember) -> list[AttendanceYear]:
    """Meetings present, absent and excused per year, newest first: one aggregate over
    attendance_member_date_idx (member_id, meeting_date)."""
    rows = (
        Attendance.objects.filter(member=member)
        .annotate(year=ExtractYear("meeting_date"))
        .values("year")
        .annotate(
            present=Count("id", filter=Q(value=AttendanceValue.PRESENT)),
            absent=Count("id", filter=Q(value=AttendanceValue.ABSENT)),
            excused=Count("id", filter=Q(value=AttendanceValue.EXCUSED)),
            other=Count("id", filter=Q(value=AttendanceValue.UNKNOWN)),
        )
        .order_by("-year")
    )
    return [AttendanceYear(**row) for row in rows]
