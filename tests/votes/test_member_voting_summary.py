import datetime as dt

import pytest

from tests.factories import CouncilMemberFactory, MemberVoteFactory, VoteFactory
from votes.models import MemberVotingSummary
from votes.services import member_voting_summary_refresh

pytestmark = pytest.mark.django_db


def test_summary_matches_a_hand_counted_record():
    """Three members, three votes in 2025 and one in 2024:
    v1 Yes/Yes/No (majority Yes), v2 No/No/Yes (majority No), v3 Yes/Absent/Abstain (majority Yes),
    v4 (2024) Yes/No/Absent (tie: no majority)."""
    first = VoteFactory(meeting_date=dt.date(2025, 3, 4), agenda_item__meeting__meeting_date=dt.date(2025, 3, 4))
    city = first.city
    ann, bob, cy = (CouncilMemberFactory(city=city) for _ in range(3))
    plan = [
        (first, ["Yes", "Yes", "No"]),
        (VoteFactory(agenda_item__meeting__city=city, meeting_date=dt.date(2025, 5, 6)), ["No", "No", "Yes"]),
        (VoteFactory(agenda_item__meeting__city=city, meeting_date=dt.date(2025, 6, 3)), ["Yes", "Absent", "Abstain"]),
        (VoteFactory(agenda_item__meeting__city=city, meeting_date=dt.date(2024, 9, 3)), ["Yes", "No", "Absent"]),
    ]
    for vote, choices in plan:
        for member, choice in zip((ann, bob, cy), choices, strict=True):
            MemberVoteFactory(vote=vote, member=member, vote_choice=choice)

    member_voting_summary_refresh(concurrently=False)
    member_voting_summary_refresh(concurrently=True)  # the scheduled path works on a populated view

    def row(member, year):
        return MemberVotingSummary.objects.get(member=member, vote_year=year)

    ann25 = row(ann, 2025)
    counts = (ann25.total_votes, ann25.yes_votes, ann25.no_votes, ann25.absent_count, ann25.abstain_count)
    assert counts == (3, 2, 1, 0, 0)
    assert (ann25.majority_eligible, ann25.with_majority) == (3, 3)
    cy25 = row(cy, 2025)
    assert (cy25.total_votes, cy25.yes_votes, cy25.no_votes, cy25.abstain_count) == (3, 1, 1, 1)
    assert (cy25.majority_eligible, cy25.with_majority) == (2, 0)
    bob25 = row(bob, 2025)
    assert (bob25.absent_count, bob25.majority_eligible, bob25.with_majority) == (1, 2, 2)
    ann24 = row(ann, 2024)
    assert (ann24.total_votes, ann24.majority_eligible, ann24.with_majority) == (1, 0, 0)
    assert ann24.with_majority_share is None
