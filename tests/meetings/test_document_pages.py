"""From a search hit to the page it quotes: the page view, its marks, its neighbours, and the links to it."""

import datetime as dt

import pytest

from tests.factories import CityFactory, MeetingFactory
from tests.factories.meetings import MeetingPageFactory, MinutesDocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    meeting = MeetingFactory(city=CityFactory(city_key="springfield"), meeting_date=dt.date(2025, 3, 4))
    document = MinutesDocumentFactory(
        meeting=meeting, title="Minutes of March 4", page_count=3, source_url="https://city.example/m.pdf"
    )
    texts = ["Call to order.", "Rezoning of parcel 12 <script>alert(1)</script> approved.", "Adjourned."]
    for number, text in enumerate(texts, start=1):
        MeetingPageFactory(document=document, page_number=number, content=text)
    return document


def _url(document, number: int) -> str:
    return f"/springfield/documents/{document.pk}/pages/{number}/"


def test_a_page_shows_its_text_with_the_search_words_marked_and_escaped(client, document):
    html = client.get(_url(document, 2), {"q": "rezoning"}).content.decode()
    assert "<mark>Rezoning</mark> of parcel 12" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html


def test_a_page_links_to_its_neighbours_its_meeting_and_the_original_file(client, document):
    html = client.get(_url(document, 2), {"q": "rezoning"}).content.decode()
    assert f'href="{_url(document, 1)}?q=rezoning"' in html and f'href="{_url(document, 3)}?q=rezoning"' in html
    assert f'href="/springfield/meetings/{document.meeting_id}/"' in html
    assert 'href="https://city.example/m.pdf#page=2"' in html


def test_a_page_past_the_end_or_of_another_city_is_a_404(client, document):
    assert client.get(_url(document, 9)).status_code == 404
    CityFactory(city_key="shelbyville")
    assert client.get(f"/shelbyville/documents/{document.pk}/pages/1/").status_code == 404


def test_search_hits_link_to_the_page_view(client, document):
    html = client.get("/search/", {"q": "rezoning"}).content.decode()
    assert f'href="{_url(document, 2)}?q=rezoning"' in html
    hit = client.get("/api/search/", {"q": "rezoning"}).json()["results"][0]
    assert hit["page_url"] == f"http://testserver{_url(document, 2)}?q=rezoning"
    assert hit["file_url"] == "https://city.example/m.pdf#page=2"


def test_the_meeting_page_lists_its_documents_with_page_counts(client, document):
    html = client.get(f"/springfield/meetings/{document.meeting_id}/").content.decode()
    assert f'href="{_url(document, 1)}">Minutes of March 4</a>' in html
    assert "3 pages" in html
