"""A meeting's agenda as residents read it: headings are section titles, not items without a vote."""

import pytest

from tests.factories import CityFactory, MeetingFactory
from tests.factories.meetings import AgendaItemFactory
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
