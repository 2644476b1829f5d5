import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import MeetingPage
from search import matching
from search.matching import SearchParams, walk
from tests.factories import CityFactory, MeetingFactory
from tests.factories.meetings import MeetingPageFactory, MinutesDocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dense_month(monkeypatch):
    """40 pages of one meeting, "housing" on each, "budget" on every other, "parcel" on two; probes of 4
    to 8 pages, so that a 40-page month is dense; statistics up to date, as after a bulk load."""
    monkeypatch.setattr(matching, "PROBE_PAGES", 4)
    monkeypatch.setattr(matching, "MAX_PROBE_PAGES", 8)
    document = MinutesDocumentFactory(meeting=MeetingFactory(city=CityFactory(), meeting_date=dt.date(2026, 11, 10)))
    pages = []
    for number in range(1, 41):
        words = "housing" + (" budget" if number % 2 else "") + (" parcel" if number in (3, 37) else "")
        pages.append(MeetingPageFactory(document=document, page_number=number, content=words))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meetings_meetingpage")
    return sorted(((page.meeting_date, page.id) for page in pages), reverse=True)


def _expected(dense_month, word: str) -> list:
    wanted = set(MeetingPage.objects.filter(content__contains=word).values_list("id", flat=True))
    return [key for key in dense_month if key[1] in wanted]


def _walk_sql(**kwargs) -> tuple[list, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        keys = walk(**kwargs)
    return keys, [query["sql"] for query in queries.captured_queries]


def test_a_word_on_every_page_is_read_in_date_order_without_the_bitmap(dense_month):
    keys, statements = _walk_sql(params=SearchParams(q="housing"), after=None, backwards=False, size=21)
    assert keys == dense_month[:21]
    assert not any("meeting_date + 0" in sql for sql in statements)


def test_a_word_a_probe_found_rare_is_found_in_the_rest_of_the_window_by_the_bitmap(dense_month):
    keys, statements = _walk_sql(params=SearchParams(q="parcel"), after=None, backwards=False, size=21)
    assert keys == _expected(dense_month, "parcel")
    assert any("meeting_date + 0" in sql for sql in statements)


def test_a_page_deep_in_the_dense_month_starts_at_its_cursor(dense_month):
    budget = _expected(dense_month, "budget")
    keys = walk(SearchParams(q="budget"), after=budget[4], backwards=False, size=6)
    assert keys == budget[5:11]


def test_the_page_before_a_cursor_is_probed_oldest_first_and_returned_newest_first(dense_month):
    keys = walk(SearchParams(q="housing"), after=dense_month[25], backwards=True, size=10)
    assert keys == dense_month[15:25]


def test_a_search_in_a_city_without_minutes_reads_no_month(dense_month):
    keys, statements = _walk_sql(
        params=SearchParams(q="housing", city=CityFactory()), after=None, backwards=False, size=21
    )
    assert keys == []
    assert not any("search_vector" in sql for sql in statements)


def test_a_city_search_starts_at_that_city_s_newest_page(dense_month):
    older = MeetingFactory(meeting_date=dt.date(2025, 3, 4))
    page = MeetingPageFactory(document=MinutesDocumentFactory(meeting=older), content="housing")
    keys, statements = _walk_sql(
        params=SearchParams(q="housing", city=older.city), after=None, backwards=False, size=21
    )
    assert keys == [(page.meeting_date, page.id)]
    assert not any("'2026-" in sql for sql in statements)  # no window of the other city's newer month
