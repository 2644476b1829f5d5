"""A matter's story page, the member page's legislation and attendance, and file numbers typed into searches."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cities.cache import city_cache_bump
from meetings.models import AttendanceValue
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    BodyFactory,
    MatterActionFactory,
    MatterAttachmentFactory,
    MatterFactory,
    MatterSponsorFactory,
    MatterTextFactory,
    MeetingFactory,
    MeetingPageFactory,
    MinutesDocumentFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def matter(council):
    city, ann, bob = council["city"], council["ann"], council["bob"]
    committee = BodyFactory(city=city, name="Committee on Housing")
    matter = MatterFactory(city=city, file_number="Int 0047-2024", name="Tenant Protection Act", body=committee,
                           status="IN COMMITTEE", title="A Local Law to protect tenants")  # fmt: skip
    MatterSponsorFactory(matter=matter, member=bob, sequence=1, is_primary=False)
    MatterSponsorFactory(matter=matter, member=ann, sequence=0, is_primary=True)
    MatterSponsorFactory(matter=matter, member=None, name="The Public Advocate", sequence=2, is_primary=False)
    vote = council["votes"][5]
    MatterActionFactory(matter=matter, action_date=dt.date(2024, 1, 10), action_name="Introduced")
    MatterActionFactory(matter=matter, action_date=dt.date(2024, 2, 1), action_name="Approved by Council",
                        meeting=vote.agenda_item.meeting, agenda_item=vote.agenda_item, passed=True,
                        tally="3-0")  # fmt: skip
    MatterAttachmentFactory(matter=matter, name="Committee Report")
    MatterTextFactory(matter=matter, text="Section 1. <b>Tenants</b> shall be protected.")
    return matter


def test_the_story_names_sponsors_primary_first_each_linked(client, council, matter):
    page = client.get(f"/springfield/legislation/{matter.id}/").content.decode()
    ann_at, bob_at = page.index('Ann Able</a> <span class="tag">primary sponsor'), page.index(">Bob Baker</a>")
    assert ann_at < bob_at
    assert f'href="/springfield/members/{council["ann"].id}/"' in page
    assert "The Public Advocate" in page


def test_the_story_says_status_and_type_in_plain_words(client, matter):
    page = client.get(f"/springfield/legislation/{matter.id}/").content.decode()
    assert "Introduction, <strong>in committee</strong>." in page
    assert "Introduced January 10, 2024 by Ann Able." in page


def test_each_step_links_its_meeting_tally_and_roll_call(client, council, matter):
    item = council["votes"][5].agenda_item
    page = client.get(f"/springfield/legislation/{matter.id}/").content.decode()
    assert f'href="/springfield/meetings/{item.meeting_id}/"' in page
    assert "Passed 3-0" in page
    assert f'href="/springfield/items/{item.id}/#vote-heading">Roll call' in page
    assert page.index("· Introduced") < page.index("· Approved by Council")


def test_an_appearance_the_history_does_not_record_is_on_the_timeline(client, council, matter):
    meeting = MeetingFactory(city=council["city"], meeting_date=dt.date(2024, 3, 5), meeting_type="Stated Meeting")
    item = AgendaItemFactory(meeting=meeting, matter=matter, item_number="7")
    VoteFactory(agenda_item=item, passed=False, tally="1-2")
    page = client.get(f"/springfield/legislation/{matter.id}/").content.decode()
    assert "On the agenda as item 7" in page and "Failed 1\u20132" in page
    assert page.index("Approved by Council") < page.index("On the agenda as item 7")


def test_the_text_is_escaped_and_collapsed(client, matter):
    page = client.get(f"/springfield/legislation/{matter.id}/").content.decode()
    assert "&lt;b&gt;Tenants&lt;/b&gt;" in page and "<b>Tenants</b>" not in page
    assert "<details><summary>The text (version A)</summary>" in page


def test_a_hostile_title_is_escaped(client, council):
    matter = MatterFactory(city=council["city"], title='<img src=x onerror="alert(1)">')
    page = client.get(f"/springfield/legislation/{matter.id}/").content.decode()
    assert "<img src=x" not in page and "&lt;img src=x" in page


def test_minutes_pages_that_name_the_file_number_are_listed(client, council, matter):
    document = MinutesDocumentFactory(meeting=council["votes"][5].agenda_item.meeting)
    MeetingPageFactory(document=document, content="The Council passed Int 0047-2024 after debate.")
    MeetingPageFactory(document=document, content="Int 0048-2024 was laid over.")
    page = client.get(f"/springfield/legislation/{matter.id}/").content.decode()
    assert page.count('class="result"') == 1
    assert "<mark>" in page


def test_the_story_costs_the_same_queries_however_long_the_history(client, council, matter):
    def queries() -> int:
        city_cache_bump(city_id=council["city"].id)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/springfield/legislation/{matter.id}/").status_code == 200
        return len(captured)

    queries()  # the city lookup is cached from here on
    short = queries()
    MatterActionFactory.create_batch(30, matter=matter, body=BodyFactory(city=council["city"]))
    MatterSponsorFactory.create_batch(25, matter=matter, city=council["city"], member=None, name="Someone")
    assert queries() == short <= 10


def test_a_matter_of_another_city_or_withdrawn_is_404(client, council):
    assert client.get(f"/springfield/legislation/{MatterFactory().id}/").status_code == 404
    withdrawn = MatterFactory(city=council["city"], removed_upstream_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC))
    assert client.get(f"/springfield/legislation/{withdrawn.id}/").status_code == 404


def test_the_item_page_links_to_its_matter(client, council, matter):
    item = council["votes"][5].agenda_item
    item.matter = matter
    item.save()
    page = client.get(f"/springfield/items/{item.id}/").content.decode()
    assert f'href="/springfield/legislation/{matter.id}/">Int 0047-2024: Tenant Protection Act</a>' in page


@pytest.mark.parametrize("typed", ["Int 0047-2024", "int 47-2024", "0047-2024"])
def test_a_file_number_typed_into_the_item_search_leads_to_the_matter(client, matter, typed):
    response = client.get("/springfield/items/search/", {"q": typed})
    assert response.status_code == 302 and response["Location"] == f"/springfield/legislation/{matter.id}/"


def test_words_typed_into_the_item_search_still_search_titles(client, matter):
    assert client.get("/springfield/items/search/", {"q": "Item number"}).status_code == 200


def test_a_file_number_typed_into_the_minutes_search_leads_to_the_matter(client, matter):
    response = client.get("/search/", {"q": "int 47-2024"})
    assert response.status_code == 302 and response["Location"] == f"/springfield/legislation/{matter.id}/"


def test_a_quoted_file_number_searches_the_minutes(client, matter):
    assert client.get("/search/", {"q": '"Int 0047-2024"', "city": "springfield"}).status_code == 200


def test_the_member_page_lists_sponsorships_with_status(client, council, matter):
    page = client.get(f"/springfield/members/{council['ann'].id}/").content.decode()
    assert "1 in all: primary sponsor of 1, co-sponsor of 0." in page
    assert "Tenant Protection Act" in page and "primary sponsor · In committee" in page


def test_the_member_page_counts_attendance_per_year(client, council):
    ann = council["ann"]
    for n, value in enumerate([AttendanceValue.PRESENT] * 3 + [AttendanceValue.ABSENT, AttendanceValue.EXCUSED]):
        meeting = MeetingFactory(city=council["city"], meeting_date=dt.date(2025, 1, 1 + n), meeting_type="Stated")
        AttendanceFactory(meeting=meeting, member=ann, value=value, raw_value=value)
    page = client.get(f"/springfield/members/{ann.id}/").content.decode()
    assert '<th scope="row">2025</th><td>3</td><td>1</td><td>1</td><td>60% of 5 meetings</td>' in page


def test_appearances_outside_the_history_cost_no_query_each(client, council, matter, django_assert_max_num_queries):
    meeting = council["votes"][0].agenda_item.meeting
    for n in range(5):
        VoteFactory(agenda_item=AgendaItemFactory(meeting=meeting, matter=matter, item_number=str(90 + n)))
    client.get(f"/springfield/legislation/{matter.id}/")  # warm the city lookup
    city_cache_bump(city_id=council["city"].id)
    with django_assert_max_num_queries(12):
        assert client.get(f"/springfield/legislation/{matter.id}/").status_code == 200
