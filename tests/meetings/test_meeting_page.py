"""A meeting's agenda as residents read it: headings are section titles, not items without a vote."""

import datetime as dt
import re

import pytest

from tests.factories import CityFactory, MeetingFactory
from tests.factories.cities import BodyFactory
from tests.factories.meetings import AgendaItemFactory, AttendanceFactory, MatterFactory
from tests.factories.votes import VoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    return MeetingFactory(city=CityFactory(city_key="springfield"))


def test_a_heading_is_a_section_title_without_a_vote_badge(client, meeting):
    AgendaItemFactory(meeting=meeting, kind="heading", title="PUBLIC HEARINGS AND RELATED ACTIONS", sequence=1)
    VoteFactory(agenda_item=AgendaItemFactory(meeting=meeting, title="Rezone 12 Elm St", sequence=2))
    html = client.get(f"/springfield/meetings/{meeting.pk}/").content.decode()
    assert "<h3>PUBLIC HEARINGS AND RELATED ACTIONS</h3>" in html
    assert html.count("No vote") == 0
    assert "Rezone 12 Elm St" in html


def test_an_item_page_says_nothing_of_a_mover_nobody_recorded(client, meeting):
    vote = VoteFactory(agenda_item=AgendaItemFactory(meeting=meeting))
    html = client.get(f"/springfield/items/{vote.agenda_item_id}/").content.decode()
    assert "Moved by" not in html and "—," not in html


def test_the_archive_filters_by_year_and_body_and_counts_items_and_votes(client, meeting):
    city = meeting.city
    committee = BodyFactory(city=city, name="Zoning Committee")
    held = MeetingFactory(city=city, meeting_date=dt.date(2023, 5, 1), body=committee, meeting_type="Zoning Committee")
    VoteFactory(agenda_item=AgendaItemFactory(meeting=held))
    AgendaItemFactory(meeting=held)
    MeetingFactory(city=city, meeting_date=dt.date(2022, 5, 1), meeting_type="Old meeting")
    html = client.get("/springfield/meetings/", {"year": 2023, "body": committee.pk}).content.decode()
    assert f'href="/springfield/meetings/{held.pk}/"' in html and "2 items, 1 vote" in html
    assert "Old meeting" not in html
    assert '<option value="2022">2022</option>' in html


def test_an_archive_cursor_of_other_filters_is_refused(client, meeting):
    for _ in range(60):
        MeetingFactory(city=meeting.city)
    first = client.get("/springfield/meetings/").content.decode()
    cursor = re.search(r'cursor=([^"&]+)', first).group(1)
    assert client.get("/springfield/meetings/", {"year": 2024, "cursor": cursor}).status_code == 400


def test_the_meeting_page_says_who_attended_and_who_did_not(client, meeting):
    AttendanceFactory(meeting=meeting, member__full_name="Ana Ruiz")
    AttendanceFactory(meeting=meeting, member__full_name="Ben Cole", value="Excused", raw_value="Medical")
    AttendanceFactory(meeting=meeting, member__full_name="Cy Doe", value="Absent", raw_value="Absent")
    html = client.get(f"/springfield/meetings/{meeting.pk}/").content.decode()
    text = re.sub(r"<[^>]+>", "", html)
    assert "Present (1): Ana Ruiz" in text
    assert "Absent (1): Cy Doe" in text
    assert "Excused (1): Ben Cole (Medical)" in text


def test_a_meeting_without_a_roll_call_has_no_attendance_section(client, meeting):
    assert "Who attended" not in client.get(f"/springfield/meetings/{meeting.pk}/").content.decode()


LONG_TITLE = (
    "An ordinance amending Chapter 51A of the Dallas Development Code. The amendment changes the zoning of the"
    " property at 12 Elm Street from a single family district to a planned development district, " * 3
)


def test_an_item_page_heads_a_long_item_with_its_first_sentence_and_folds_the_rest(client, meeting):
    vote = VoteFactory(agenda_item=AgendaItemFactory(meeting=meeting, title=LONG_TITLE))
    html = client.get(f"/springfield/items/{vote.agenda_item_id}/").content.decode()
    assert "<h1>An ordinance amending Chapter 51A of the Dallas Development Code.</h1>" in html
    assert "<summary>Full text of the item</summary>" in html and "12 Elm Street" in html


def test_an_item_of_a_named_matter_is_headed_by_the_matters_name(client, meeting):
    matter = MatterFactory(city=meeting.city, name="Elm Street rezoning")
    vote = VoteFactory(agenda_item=AgendaItemFactory(meeting=meeting, title=LONG_TITLE, matter=matter))
    assert "<h1>Elm Street rezoning</h1>" in client.get(f"/springfield/items/{vote.agenda_item_id}/").content.decode()


def test_a_short_item_title_is_the_heading_whole_with_nothing_folded(client, meeting):
    vote = VoteFactory(agenda_item=AgendaItemFactory(meeting=meeting, title="Rezone 12 Elm St"))
    html = client.get(f"/springfield/items/{vote.agenda_item_id}/").content.decode()
    assert "<h1>Rezone 12 Elm St</h1>" in html and "Full text of the item" not in html
