"""The legislation list with its filters and keyset pages; the city's bodies and one body's page."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cities.cache import city_cache_bump
from tests.factories import BodyFactory, MatterFactory, MatterSponsorFactory, MeetingFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _rows(page: str) -> list[str]:
    return re.findall(r'legislation/\d+/">([^<]+)</a>', page)


@pytest.fixture
def legislation(council):
    city = council["city"]
    housing = BodyFactory(city=city, name="Committee on Housing")
    made = {}
    for n in range(30):
        made[n] = MatterFactory(
            city=city,
            name=f"Matter {n:02d}",
            matter_type="Resolution" if n % 2 else "Introduction",
            status="Adopted" if n % 3 == 0 else "Committee",
            intro_date=dt.date(2024, 1, 1) + dt.timedelta(days=n),
            last_action_date=dt.date(2024, 3, 1) + dt.timedelta(days=n),
            body=housing if n % 5 == 0 else None,
            title=f"A resolution about {'parks' if n % 4 == 0 else 'roads'} number {n}",
        )
    MatterSponsorFactory(matter=made[7], member=council["cy"])
    return {"housing": housing, **{f"m{n}": m for n, m in made.items()}}


def test_the_list_is_latest_action_first_in_pages_of_25(client, legislation):
    page = client.get("/springfield/legislation/").content.decode()
    rows = _rows(page)
    assert rows[:2] == ["Matter 29", "Matter 28"] and len(rows) == 25
    next_cursor = re.search(r'rel="next" href="\?cursor=([^"]+)"', page).group(1)
    second = client.get(f"/springfield/legislation/?cursor={next_cursor}").content.decode()
    assert _rows(second) == ["Matter 04", "Matter 03", "Matter 02", "Matter 01", "Matter 00"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"type": "Resolution", "status": "Adopted"},
         ["Matter 27", "Matter 21", "Matter 15", "Matter 09", "Matter 03"]),
        ({"q": "parks", "introduced_from": "2024-01-10", "introduced_to": "2024-01-21"},
         ["Matter 20", "Matter 16", "Matter 12"]),
    ],
)  # fmt: skip
def test_filters_combine(client, legislation, query, expected):
    page = client.get("/springfield/legislation/", query).content.decode()
    assert _rows(page) == expected


@pytest.mark.parametrize("typed", ["Res 0107-2024", "res 107-2024", "0107-2024"])
def test_the_file_number_filter_takes_it_as_typed(client, council, typed):
    MatterFactory(city=council["city"], file_number="Res 0107-2024", name="The one")
    MatterFactory(city=council["city"], file_number="Int 0107-2023", name="Another year")
    assert _rows(client.get("/springfield/legislation/", {"file": typed}).content.decode()) == ["The one"]


def test_sponsor_and_body_filters(client, council, legislation):
    by_sponsor = client.get("/springfield/legislation/", {"sponsor": council["cy"].id}).content.decode()
    assert _rows(by_sponsor) == ["Matter 07"]
    by_body = client.get("/springfield/legislation/", {"body": legislation["housing"].id}).content.decode()
    assert _rows(by_body) == ["Matter 25", "Matter 20", "Matter 15", "Matter 10", "Matter 05", "Matter 00"]


@pytest.mark.parametrize(
    "query",
    [{"introduced_from": "2024-02-01", "introduced_to": "2024-01-01"}, {"sponsor": "x"},
     {"introduced_from": "99999-1-1"}, {"cursor": "forged"}],
)  # fmt: skip
def test_unreadable_filters_are_a_400_page_not_a_500(client, legislation, query):
    response = client.get("/springfield/legislation/", query)
    assert response.status_code == 400


def test_a_cursor_made_for_other_filters_is_refused(client, legislation):
    page = client.get("/springfield/legislation/").content.decode()
    cursor = re.search(r'rel="next" href="\?cursor=([^"]+)"', page).group(1)
    assert client.get(f"/springfield/legislation/?status=Adopted&cursor={cursor}").status_code == 400


def test_a_deep_page_costs_the_queries_of_the_first(client, council, legislation):
    def queries(url: str) -> int:
        city_cache_bump(city_id=council["city"].id)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    first_page = client.get("/springfield/legislation/").content.decode()
    cursor = re.search(r'rel="next" href="\?cursor=([^"]+)"', first_page).group(1)
    assert queries("/springfield/legislation/") == queries(f"/springfield/legislation/?cursor={cursor}") <= 10


def test_another_citys_legislation_is_not_listed(client, legislation):
    MatterFactory(name="Elsewhere")
    assert "Elsewhere" not in client.get("/springfield/legislation/").content.decode()


def test_the_bodies_page_lists_each_with_its_current_members(client, council, legislation):
    MembershipFactory(member=council["bob"], body=legislation["housing"], role="chair", title="Chair")
    page = client.get("/springfield/bodies/").content.decode()
    assert "Committee on Housing" in page and "1 current member" in page


def test_a_body_page_has_members_now_and_before_meetings_and_legislation(client, council, legislation):
    housing = legislation["housing"]
    MembershipFactory(member=council["bob"], body=housing, role="chair", title="Chair")
    MembershipFactory(
        member=council["cy"], body=housing, start_date=dt.date(2018, 1, 1), end_date=dt.date(2019, 12, 31)
    )
    MeetingFactory(city=council["city"], body=housing, meeting_type="Committee on Housing")
    page = client.get(f"/springfield/bodies/{housing.id}/").content.decode()
    now, before = page.index("Members now"), page.index("Former members")
    assert now < page.index("Bob Baker") < before < page.index("Cy Cole")
    assert "until Dec 2019" in page
    assert "Matter 25" in page and f"?body={housing.id}" in page


def test_a_body_of_another_city_is_404(client, council):
    assert client.get(f"/springfield/bodies/{BodyFactory().id}/").status_code == 404
