"""A sponsorship's copies of its matter's last action and withdrawal stay equal to the matter's (triggers)."""

import datetime as dt

import pytest

from meetings.models import Matter, MatterSponsor
from meetings.selectors.members import member_sponsorships
from tests.factories import MatterFactory, MatterSponsorFactory

pytestmark = pytest.mark.django_db


def test_a_new_sponsorship_takes_its_matters_last_action():
    sponsor = MatterSponsorFactory(matter=MatterFactory(last_action_date=dt.date(2024, 5, 1)))
    sponsor.refresh_from_db()
    assert (sponsor.matter_last_action_date, sponsor.matter_withdrawn) == (dt.date(2024, 5, 1), False)


def test_a_matters_later_action_and_withdrawal_reach_its_sponsorships():
    sponsor = MatterSponsorFactory()
    Matter.objects.filter(pk=sponsor.matter_id).update(
        last_action_date=dt.date(2025, 2, 3), removed_upstream_at=dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    )
    assert MatterSponsor.objects.filter(pk=sponsor.pk, matter_last_action_date=dt.date(2025, 2, 3),
                                        matter_withdrawn=True).exists()  # fmt: skip


def test_a_members_sponsorships_are_latest_action_first_without_the_withdrawn():
    first = MatterSponsorFactory(matter=MatterFactory(last_action_date=dt.date(2024, 1, 1)))
    member = first.member
    later = MatterSponsorFactory(
        member=member, matter=MatterFactory(city=member.city, last_action_date=dt.date(2024, 6, 1))
    )
    gone = MatterSponsorFactory(member=member, matter=MatterFactory(city=member.city), is_primary=False)
    Matter.objects.filter(pk=gone.matter_id).update(removed_upstream_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    found = member_sponsorships(member=member)
    assert [s.pk for s in found.shown] == [later.pk, first.pk]
    assert (found.total, found.primary_count) == (2, 2)
