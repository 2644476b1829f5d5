"""Agenda item title search: ranking by kind, close titles for a typo, and the page that shows them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction

from meetings.models import AgendaItem, Matter
from tests.factories import AgendaItemFactory, CityFactory, MatterFactory, MeetingFactory
from votes.title_search import close_titles, item_title_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return CityFactory(city_key="riverton", name="Riverton")


def _item(city, title: str, *, day: int, kind: str = "matter", matter: bool = False):
    meeting = MeetingFactory(city=city, meeting_date=dt.date(2024, 3, day), meeting_type="City Council")
    return AgendaItemFactory(
        meeting=meeting, title=title, kind=kind, matter=MatterFactory(city=city) if matter else None
    )


def test_items_of_business_rank_above_headings_even_when_the_heading_is_newer(city):
    heading = _item(city, "ZONING HEARINGS", day=20, kind="heading")
    plain = _item(city, "Discussion of zoning", day=15)
    matter = _item(city, "Ordinance amending the zoning code", day=1, matter=True)
    page = item_title_search(city=city, text="zoning", cursor=None)
    assert [item.id for item in page.rows] == [matter.id, plain.id, heading.id]


def test_a_typo_finds_the_close_titles_but_no_match(city):
    budget = _item(city, "Adopting the annual budget for fiscal year 2025", day=3)
    _item(city, "Street tree planting contract", day=4)
    assert item_title_search(city=city, text="budjet", cursor=None).rows == []
    assert [item.id for item in close_titles(city=city, text="budjet")] == [budget.id]


def test_close_titles_are_of_the_city_only(city):
    _item(CityFactory(), "Adopting the annual budget", day=3)
    assert close_titles(city=city, text="budjet") == []


def test_the_page_suggests_close_titles_with_their_meeting_and_date(client, city):
    budget = _item(city, "Adopting the annual budget", day=3)
    page = client.get("/riverton/items/search/", {"q": "budjet"}).content.decode()
    assert "No agenda item title contains “budjet”. Close titles:" in page
    assert f'href="/riverton/items/{budget.id}/"' in page and "City Council, Mar 3, 2024" in page


def _bitmap_plan(queryset) -> str:
    """The plan with only index conditions allowed: which index, if any, can answer the query's filter."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        return queryset.explain()


def test_words_in_an_item_title_can_be_found_from_its_trigram_index(city):
    plan = _bitmap_plan(AgendaItem.objects.filter(title__icontains="quixotic").order_by().values("id"))
    assert "item_title_upper_trgm_idx" in plan  # icontains compares UPPER(title): an index on title cannot


def test_words_in_a_matter_title_can_be_found_from_its_trigram_index(city):
    plan = _bitmap_plan(Matter.objects.filter(title__icontains="quixotic").order_by().values("id"))
    assert "matter_title_upper_trgm_idx" in plan
