"""The bulk path for history: a month built beside the table and attached, or appended when live."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection

from cities.partitions import monthly_partition_ensure
from meetings.models import MeetingPage
from meetings.services.pages import meeting_pages_month_load
from search.matching import SearchParams
from search.selectors import search_minutes
from tests.factories import MeetingFactory
from tests.factories.meetings import MinutesDocumentFactory

# Each test loads its own month: attached partitions outlive a transactional test's flush.
pytestmark = pytest.mark.django_db(transaction=True)


def _rows(document, count: int, text: str = "Budget hearing on parcel 555-10-200.") -> list[tuple]:
    meeting = document.meeting
    return [
        (
            meeting.meeting_date,
            meeting.city_id,
            meeting.id,
            document.id,
            n,
            meeting.meeting_type,
            "minutes",
            f"{text} Page {n}.",
        )
        for n in range(1, count + 1)
    ]


def _document(day: dt.date):
    return MinutesDocumentFactory(meeting=MeetingFactory(meeting_date=day))


def _indexes(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = %s::regclass", [table])
        return sorted(row[0].replace(table, "T") for row in cursor.fetchall())


def _tables_like(pattern: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE relname LIKE %s", [pattern])
        return [row[0] for row in cursor.fetchall()]


def test_a_new_month_is_attached_with_the_same_indexes_as_a_maintained_partition():
    document = _document(dt.date(1961, 3, 14))
    assert meeting_pages_month_load(month=dt.date(1961, 3, 1), rows=_rows(document, 50)) == 50
    monthly_partition_ensure(table="meetings_meetingpage", month=dt.date(1961, 4, 1))
    assert _indexes("meetings_meetingpage_1961_03") == _indexes("meetings_meetingpage_1961_04")
    assert MeetingPage.objects.filter(document=document).count() == 50
    assert _tables_like("%\\_load") == []


def test_loaded_pages_are_searchable():
    document = _document(dt.date(1962, 5, 2))
    meeting_pages_month_load(month=dt.date(1962, 5, 1), rows=_rows(document, 30))
    page = search_minutes(SearchParams(q='"555-10-200"', city=document.city), use_cache=False)
    assert len(page.hits) == 20 and page.next_cursor


def test_a_search_cached_before_a_month_is_loaded_finds_its_pages_after():
    document = _document(dt.date(1963, 7, 2))
    assert not search_minutes(SearchParams(q='"555-10-200"', city=document.city)).hits
    meeting_pages_month_load(month=dt.date(1963, 7, 1), rows=_rows(document, 5))
    assert len(search_minutes(SearchParams(q='"555-10-200"', city=document.city)).hits) == 5


def test_an_empty_precreated_partition_is_replaced():
    monthly_partition_ensure(table="meetings_meetingpage", month=dt.date(1963, 7, 1))
    document = _document(dt.date(1963, 7, 9))
    meeting_pages_month_load(month=dt.date(1963, 7, 1), rows=_rows(document, 10))
    assert MeetingPage.objects.filter(meeting_date__month=7, meeting_date__year=1963).count() == 10


def test_a_month_with_pages_keeps_them_and_gets_the_new_ones_appended():
    first, second = _document(dt.date(1964, 2, 3)), _document(dt.date(1964, 2, 17))
    meeting_pages_month_load(month=dt.date(1964, 2, 1), rows=_rows(first, 5))
    meeting_pages_month_load(month=dt.date(1964, 2, 1), rows=_rows(second, 7))
    assert MeetingPage.objects.filter(document=first).count() == 5
    assert MeetingPage.objects.filter(document=second).count() == 7


def test_a_bad_row_leaves_no_partition_and_no_staging_table():
    document = _document(dt.date(1965, 9, 20))
    rows = _rows(document, 10)
    rows[7] = (*rows[7][:4], 0, *rows[7][5:])  # page 0 breaks the page_number > 0 check
    with pytest.raises(Exception, match="page_number"):
        meeting_pages_month_load(month=dt.date(1965, 9, 1), rows=rows)
    assert _tables_like("meetings\\_meetingpage\\_1965\\_09%") == []
    assert MeetingPage.objects.filter(document=document).count() == 0


def test_a_page_of_another_citys_meeting_is_refused():
    document, foreign = _document(dt.date(1966, 1, 5)), _document(dt.date(1966, 1, 6))
    rows = _rows(document, 3)
    rows[1] = (rows[1][0], foreign.city_id, *rows[1][2:])  # city of another meeting
    with pytest.raises(Exception, match=r"meetingpage_(meeting|document)_same_city"):
        meeting_pages_month_load(month=dt.date(1966, 1, 1), rows=rows)
    assert _tables_like("meetings\\_meetingpage\\_1966\\_01%") == []


def test_generate_minutes_corpus_loads_months_through_the_bulk_path(capsys):
    call_command("generate_minutes_corpus", "--pages", "240", "--cities", "1", "--years", "1")
    assert "loaded 240 pages" in capsys.readouterr().out
    assert MeetingPage.objects.count() == 240
    assert search_minutes(SearchParams(q="council"), use_cache=False).hits
