import datetime as dt

import pytest

from tests.factories import (
    AgendaItemFactory,
    CategoryFactory,
    CityFactory,
    CouncilMemberFactory,
    MeetingFactory,
    MemberVoteFactory,
    TermFactory,
    VoteFactory,
)
from votes.services import member_voting_summary_refresh


@pytest.fixture
def council(db):
    """A city with three members and 120 votes over two years; every 10th vote split (Cy says No)."""
    city = CityFactory(city_key="springfield", name="Springfield, OR")
    ann, bob, cy = (CouncilMemberFactory(city=city, full_name=name) for name in ("Ann Able", "Bob Baker", "Cy Cole"))
    for member, district in ((ann, None), (bob, 1), (cy, 2)):
        TermFactory(member=member, district=district, position="Mayor" if district is None else "Council Member")
    housing = CategoryFactory(city=city, name="Housing")
    votes = []
    for n in range(120):
        day = dt.date(2024, 1, 2) + dt.timedelta(days=6 * n)
        meeting = MeetingFactory(city=city, meeting_date=day)
        item = AgendaItemFactory(meeting=meeting, title=f"Item number {n}", is_consent=n % 3 == 0)
        if n % 10 == 0:
            item.categories.add(housing)
        split = n % 10 == 0
        vote = VoteFactory(agenda_item=item, meeting_date=day, yes_count=2 if split else 3,
                           no_count=1 if split else 0, tally="2-1" if split else "3-0", mover=ann, seconder=bob)
        for member in (ann, bob, cy):
            choice = "No" if split and member is cy else "Yes"
            raw = "Aye" if choice == "Yes" else "Nay"
            MemberVoteFactory(vote=vote, member=member, vote_choice=choice, raw_value=raw)
        votes.append(vote)
    member_voting_summary_refresh(concurrently=False)
    return {"city": city, "ann": ann, "bob": bob, "cy": cy, "votes": votes, "housing": housing}
