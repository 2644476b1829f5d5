import datetime as dt

import pytest

from meetings.models import AgendaItem, AgendaItemCategory, Meeting
from tests.factories import CategoryFactory, CityFactory, CouncilMemberFactory, TermFactory
from votes.models import MemberVote, Vote
from votes.services import member_voting_summary_refresh


@pytest.fixture
def council(db):
    """A city with three members and 120 votes over two years; every 10th vote split (Cy says No)."""
    city = CityFactory(city_key="springfield", name="Springfield, OR")
    ann, bob, cy = (CouncilMemberFactory(city=city, full_name=name) for name in ("Ann Able", "Bob Baker", "Cy Cole"))
    for member, district in ((ann, None), (bob, 1), (cy, 2)):
        TermFactory(member=member, district=district, position="Mayor" if district is None else "Council Member")
    housing = CategoryFactory(city=city, name="Housing")
    # Bulk-created: the same rows factories would make, in a few statements (the suite stays fast).
    meetings = Meeting.objects.bulk_create(
        Meeting(city=city, meeting_date=dt.date(2024, 1, 2) + dt.timedelta(days=6 * n), meeting_type="Regular Meeting")
        for n in range(120)
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=m, city=city, sequence=1, item_number="1", title=f"Item number {n}", is_consent=n % 3 == 0)
        for n, m in enumerate(meetings)
    )
    AgendaItemCategory.objects.bulk_create(
        AgendaItemCategory(agenda_item=item, category=housing) for n, item in enumerate(items) if n % 10 == 0
    )
    votes = Vote.objects.bulk_create(
        Vote(
            agenda_item=item,
            city=city,
            meeting_date=m.meeting_date,
            passed=True,
            action_name="Approved",
            yes_count=2 if n % 10 == 0 else 3,
            no_count=1 if n % 10 == 0 else 0,
            tally="2-1" if n % 10 == 0 else "3-0",
            mover=ann,
            seconder=bob,
        )
        for n, (item, m) in enumerate(zip(items, meetings, strict=True))
    )
    MemberVote.objects.bulk_create(
        MemberVote(
            city=city,
            vote=vote,
            member=member,
            meeting_date=vote.meeting_date,
            vote_choice="No" if n % 10 == 0 and member is cy else "Yes",
            raw_value="Nay" if n % 10 == 0 and member is cy else "Aye",
        )
        for n, vote in enumerate(votes)
        for member in (ann, bob, cy)
    )
    member_voting_summary_refresh(concurrently=False)
    return {"city": city, "ann": ann, "bob": bob, "cy": cy, "votes": votes, "housing": housing}
