"""The data-quality page: what needs attention in one of the staff member's cities, and where it is fixed."""

import pytest
from django.contrib.auth.models import Permission

from tests.factories import CityFactory, StaffCityAssignmentFactory
from tests.factories.cities import DataSyncLogFactory
from tests.factories.meetings import MinutesDocumentFactory
from tests.factories.votes import MemberVoteFactory, VoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return CityFactory(city_key="springfield", name="Springfield")


@pytest.fixture
def staff(client, city):
    user = StaffCityAssignmentFactory(city=city).user
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["votes", "meetings", "cities"]))
    client.force_login(user)
    return client


def _page(staff, city) -> str:
    response = staff.get("/admin/votes/vote/data-quality/", {"city": city.pk})
    assert response.status_code == 200
    return response.content.decode()


def test_unmapped_vote_values_are_counted_with_a_link_to_map_them(staff, city):
    vote = VoteFactory(agenda_item__meeting__city=city)
    for _ in range(2):
        MemberVoteFactory(vote=vote, vote_choice="Unknown", raw_value="Parental")
    html = _page(staff, city)
    assert "<code>Parental</code></td><td>2</td>" in html
    assert f"/admin/votes/votevaluemapping/add/?city={city.pk}&amp;raw_value=Parental" in html


def test_unreadable_documents_and_disagreeing_results_are_listed(staff, city):
    document = MinutesDocumentFactory(meeting__city=city, status="failed", error="over 5,000 pages")
    vote = VoteFactory(agenda_item__meeting__city=city, passed=True, yes_count=2, no_count=5)
    html = _page(staff, city)
    assert f"/admin/meetings/minutesdocument/{document.pk}/change/" in html and "over 5,000 pages" in html
    assert f"/admin/votes/vote/{vote.pk}/change/" in html


def test_the_last_syncs_show_what_they_skipped_and_why(staff, city):
    DataSyncLogFactory(city=city, skipped=[{"object": "event", "source_id": 77, "reason": "no date"}])
    assert "event 77: no date" in _page(staff, city)


def test_staff_cannot_see_another_citys_data_quality(staff):
    other = CityFactory(city_key="shelbyville")
    assert staff.get("/admin/votes/vote/data-quality/", {"city": other.pk}).status_code == 404


def test_the_admin_index_links_to_the_data_quality_page(staff):
    assert 'href="/admin/votes/vote/data-quality/"' in staff.get("/admin/").content.decode()


def test_persons_in_roll_calls_that_match_no_member_are_counted_with_a_link_to_add_them(staff, city):
    from django.utils import timezone

    skipped = [
        {"object": "member_vote", "source_id": 11, "reason": "unknown person 907 in the roll call of item 11"},
        {"object": "member_vote", "source_id": 12, "reason": "unknown person 907 in the roll call of item 12"},
        {"object": "attendance", "source_id": 907, "reason": "unknown person 907 in the roll call of 30"},
        {"object": "agenda_item", "source_id": None, "reason": "missing EventItemId"},
    ]
    DataSyncLogFactory(city=city, skipped=skipped, completed_at=timezone.now())
    html = _page(staff, city)
    assert "<code>907</code></td><td>3</td>" in html
    assert f"/admin/cities/councilmember/add/?city={city.pk}&amp;legistar_person_id=907" in html


def test_each_sync_says_how_many_records_were_fetched_and_how_many_stored(staff, city):
    counts = {"member_vote": {"created": 40, "unchanged": 2, "skipped": 3}, "meeting": {"updated": 5}}
    DataSyncLogFactory(city=city, counts=counts)
    html = _page(staff, city)
    assert "<strong>member_vote: 45 fetched, 42 stored</strong>" in html and "meeting: 5 fetched, 5 stored" in html
