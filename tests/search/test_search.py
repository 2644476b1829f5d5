import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CityFactory, MeetingFactory
from tests.factories.meetings import MeetingPageFactory, MinutesDocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def minutes():
    """45 pages over 15 months in one city, 3 in another; a rare parcel number on one old page."""
    city = CityFactory(city_key="springfield", name="Springfield")
    other = CityFactory(city_key="shelbyville", name="Shelbyville")
    pages = []
    for n in range(15):
        meeting = MeetingFactory(
            city=city, meeting_date=dt.date(2024, 1, 10) + dt.timedelta(days=30 * n), meeting_type="City Council"
        )
        document = MinutesDocumentFactory(meeting=meeting)
        for k in range(3):
            text = f"Motion on affordable housing approved. Page {k} of meeting {n}. Parking was discussed."
            if n == 2 and k == 1:
                text += " Parcel 123-45-678 rezoning hearing."
            if n % 2:
                text = text.replace("Parking", "Traffic")
            pages.append(MeetingPageFactory(document=document, page_number=k + 1, content=text))
    other_meeting = MeetingFactory(city=other, meeting_date=dt.date(2025, 1, 5))
    for _ in range(3):
        MeetingPageFactory(document=MinutesDocumentFactory(meeting=other_meeting), content="affordable housing")
    return {"city": city, "pages": pages}


def ids(response) -> list[int]:
    return [r["page_id"] for r in response.json()["results"]]


def test_results_are_newest_first_and_pages_do_not_overlap(client, minutes):
    first = client.get("/api/search/", {"q": "housing", "city": "springfield"}).json()
    assert len(first["results"]) == 20
    dates = [r["meeting_date"] for r in first["results"]]
    assert dates == sorted(dates, reverse=True)
    second = client.get("/api/search/", {"q": "housing", "city": "springfield", "cursor": first["next_cursor"]})
    third = client.get("/api/search/", {"q": "housing", "city": "springfield", "cursor": second.json()["next_cursor"]})
    all_ids = [r["page_id"] for r in first["results"]] + ids(second) + ids(third)
    assert len(all_ids) == len(set(all_ids)) == 45
    assert third.json()["next_cursor"] is None


def test_previous_goes_back_to_the_same_page(client, minutes):
    first = client.get("/api/search/", {"q": "housing", "city": "springfield"}).json()
    second = client.get("/api/search/", {"q": "housing", "city": "springfield", "cursor": first["next_cursor"]}).json()
    back = client.get("/api/search/", {"q": "housing", "city": "springfield", "cursor": second["previous_cursor"]})
    assert ids(back) == [r["page_id"] for r in first["results"]]


def test_exact_phrase_exclusion_and_or(client, minutes):
    assert len(ids(client.get("/api/search/", {"q": '"123-45-678"', "city": "springfield"}))) == 1
    first = client.get("/api/search/", {"q": "housing -parking", "city": "springfield"}).json()
    rest = client.get(
        "/api/search/", {"q": "housing -parking", "city": "springfield", "cursor": first["next_cursor"]}
    ).json()
    found = [r["page_id"] for r in first["results"] + rest["results"]]
    without_parking = {page.id for page in minutes["pages"] if "Parking" not in page.content}
    assert len(without_parking) == 21  # 7 odd meetings x 3 pages
    assert sorted(found) == sorted(without_parking)
    either = client.get("/api/search/", {"q": "rezoning OR nonexistentword", "city": "springfield"})
    assert len(ids(either)) == 1


def test_city_and_date_filters(client, minutes):
    other = client.get("/api/search/", {"q": "housing", "city": "shelbyville"})
    assert {r["city"] for r in other.json()["results"]} == {"shelbyville"}
    ranged = client.get(
        "/api/search/", {"q": "housing", "city": "springfield", "date_from": "2024-03-01", "date_to": "2024-05-31"}
    ).json()
    assert {r["meeting_date"][:7] for r in ranged["results"]} <= {"2024-03", "2024-04", "2024-05"}
    assert len(ranged["results"]) == 9


def test_snippets_highlight_and_escape_untrusted_text(client, minutes):
    page = minutes["pages"][0]
    page.content = 'Housing <script>alert("x")</script> & <b>bold</b> claims'
    page.save()
    result = next(r for r in client.get("/api/search/", {"q": "claims"}).json()["results"])
    assert set(re.findall(r"<[^>]*>", result["snippet_html"])) == {"<mark>", "</mark>"}
    assert "&quot;x&quot;" in result["snippet_html"] and "&amp;" in result["snippet_html"]
    assert "<mark>claims</mark>" in result["snippet_html"]
    html_page = client.get("/search/", {"q": "claims"}).content.decode()
    assert "<script>alert" not in html_page and "<mark>claims</mark>" in html_page


def test_count_is_an_estimate_shown_as_about(client, minutes):
    page = client.get("/search/", {"q": "housing"}).content.decode()
    assert re.search(r"of about [\d,]+ matching page", page)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "the and of",
        "!!! ??? ...",
        '"unbalanced quote',
        "x" * 10_000,
        "'; DROP TABLE meetings_meetingpage; --",
        "<script>alert(1)</script>",
        "🙂🏛️",
        "a & | ! ( ) : * \\",
        "NOT AND OR",
    ],
)
def test_hostile_queries_never_fail(client, minutes, query):
    response = client.get("/api/search/", {"q": query})
    assert response.status_code in (200, 400)
    body = response.json()
    assert "results" in body or body["error"]["message"]
    assert client.get("/search/", {"q": query}).status_code in (200, 400)


def test_a_forged_or_foreign_cursor_is_a_400(client, minutes):
    first = client.get("/api/search/", {"q": "housing"}).json()
    assert client.get("/api/search/", {"q": "housing", "cursor": first["next_cursor"][:-2] + "xx"}).status_code == 400
    assert client.get("/api/search/", {"q": "parking", "cursor": first["next_cursor"]}).status_code == 400
    assert client.get("/search/", {"q": "housing", "cursor": "not-a-cursor"}).status_code == 400


def test_bad_filters_are_a_400(client, minutes):
    assert client.get("/api/search/", {"q": "housing", "date_from": "yesterday"}).status_code == 400
    assert client.get("/api/search/", {"q": "housing", "city": "atlantis"}).status_code == 400
    assert (
        client.get("/api/search/", {"q": "housing", "date_from": "2025-01-01", "date_to": "2024-01-01"}).status_code
        == 400
    )


def test_first_pages_are_cached(client, minutes, django_assert_max_num_queries):
    client.get("/api/search/", {"q": "housing"})
    with django_assert_max_num_queries(1):  # the cursor-less first page comes from Redis
        client.get("/api/search/", {"q": "housing"})


def test_safe_snippet_escapes_everything_but_its_own_marks():
    from meetings.selectors.minutes import MARK_END, MARK_START, safe_snippet

    assert safe_snippet(f'<img src=x onerror=alert(1)> {MARK_START}vote{MARK_END} "q"') == (
        "&lt;img src=x onerror=alert(1)&gt; <mark>vote</mark> &quot;q&quot;"
    )


def test_pages_of_one_meeting_day_page_through_without_overlap_or_gaps(client):
    """The cursor is a (meeting_date, id) row comparison: within one day it continues by id."""
    document = MinutesDocumentFactory(meeting=MeetingFactory(meeting_date=dt.date(2024, 3, 1)))
    pages = [MeetingPageFactory(document=document, page_number=n, content="quorum present") for n in range(1, 46)]
    seen, cursor = [], None
    for _ in range(3):
        response = client.get("/api/search/", {"q": "quorum", **({"cursor": cursor} if cursor else {})}).json()
        seen += [r["page_id"] for r in response["results"]]
        cursor = response["next_cursor"]
    assert seen == sorted((p.id for p in pages), reverse=True)
    assert cursor is None


def test_relevance_order_puts_the_best_matching_page_first(client, minutes):
    document = MinutesDocumentFactory(meeting=MeetingFactory(city=minutes["city"], meeting_date=dt.date(2023, 6, 1)))
    best = MeetingPageFactory(document=document, content="Affordable housing: housing plan, housing fund, housing.")
    response = client.get("/api/search/", {"q": "housing", "city": "springfield", "order": "relevance"}).json()
    assert response["results"][0]["page_id"] == best.id
    assert response["order"] == "relevance" and response["ranked_within"] == 46


def test_relevance_pages_go_forward_and_back_without_overlap(client, minutes):
    params = {"q": "housing", "city": "springfield", "order": "relevance"}
    first = client.get("/api/search/", params).json()
    second = client.get("/api/search/", {**params, "cursor": first["next_cursor"]}).json()
    third = client.get("/api/search/", {**params, "cursor": second["next_cursor"]}).json()
    shown = ids_of(first) + ids_of(second) + ids_of(third)
    assert len(shown) == len(set(shown)) == 45 and third["next_cursor"] is None
    back = client.get("/api/search/", {**params, "cursor": second["previous_cursor"]}).json()
    assert ids_of(back) == ids_of(first)


def test_relevance_ranks_only_the_newest_candidates(client, minutes, monkeypatch):
    from search import selectors

    monkeypatch.setattr(selectors, "RELEVANCE_CANDIDATES", 5)
    response = client.get("/api/search/", {"q": "housing", "city": "springfield", "order": "relevance"}).json()
    newest_five = ids(client.get("/api/search/", {"q": "housing", "city": "springfield"}))[:5]
    assert sorted(ids_of(response)) == sorted(newest_five) and response["next_cursor"] is None


def test_a_cursor_from_the_other_order_or_an_unknown_order_is_a_400(client, minutes):
    newest = client.get("/api/search/", {"q": "housing"}).json()
    wrong = client.get("/api/search/", {"q": "housing", "order": "relevance", "cursor": newest["next_cursor"]})
    assert wrong.status_code == 400 and wrong.json()["error"]["code"] == "bad_cursor"
    assert client.get("/api/search/", {"q": "housing", "order": "random"}).status_code == 400


def ids_of(payload: dict) -> list[int]:
    return [r["page_id"] for r in payload["results"]]


@pytest.mark.parametrize(
    "params",
    [{"date_to": "9999-12-31"}, {"date_from": "0001-01-01"}, {"date_from": "9999-12-01", "date_to": "9999-12-31"}],
)
def test_dates_at_the_ends_of_the_calendar_are_a_400_that_says_so(client, minutes, params):
    response = client.get("/api/search/", {"q": "housing", **params})
    assert response.status_code == 400
    assert "Dates must be between 1800 and 2199." in response.json()["error"]["message"]


def test_a_nul_character_in_a_search_is_a_400_page(client, minutes):
    response = client.get("/search/", {"q": "hous\x00ing"})
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_a_nul_character_in_an_api_filter_is_a_400(client, minutes):
    response = client.get("/api/search/", {"q": "housing", "city": "\x00"})
    assert response.status_code == 400
    assert "NUL character" in response.json()["error"]["message"]


def test_a_search_before_any_minutes_are_loaded_says_so(client, db):
    body = client.get("/api/search/", {"q": "budget"}).json()
    assert body["results"] == [] and body["message"] == "No meeting minutes have been loaded for search yet."


def test_a_search_without_matches_says_to_check_the_spelling(client, minutes):
    assert "Check the spelling" in client.get("/api/search/", {"q": "zeppelin"}).json()["message"]


def test_a_city_key_typed_with_capitals_finds_the_city(client, minutes):
    results = client.get("/api/search/", {"q": "housing", "city": "Shelbyville"}).json()["results"]
    assert {r["city"] for r in results} == {"shelbyville"}


def test_the_estimate_is_never_below_what_the_page_shows(client, minutes):
    body = client.get("/api/search/", {"q": "housing", "city": "springfield"}).json()
    assert len(body["results"]) == 20 and body["next_cursor"]
    assert body["estimated_total"] >= 21


@pytest.mark.parametrize("query", ["-council", "-housing -parking", "housing or -parking"])
def test_a_search_with_no_word_the_pages_must_contain_is_refused_with_a_message(
    client, minutes, query, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):  # the check only: no page is read
        body = client.get("/api/search/", {"q": query}).json()
    assert body["results"] == []
    assert "Add a word to look for" in body["message"]
    page = client.get("/search/", {"q": query})
    assert "Add a word to look for" in page.content.decode()


def test_an_excluded_word_beside_a_wanted_one_still_searches(client, minutes):
    assert len(ids(client.get("/api/search/", {"q": "rezoning -traffic", "city": "springfield"}))) == 1


def test_results_are_numbered_across_pages(client, minutes):
    first = client.get("/search/", {"q": "housing", "city": "springfield"}).content.decode()
    assert "Results 1\u201320 of about" in first
    next_link = re.search(r'rel="next" href="\?([^"]+)"', first).group(1).replace("&amp;", "&")
    assert "start=21" in next_link
    second = client.get(f"/search/?{next_link}").content.decode()
    assert "Results 21\u201340 of about" in second and '<ol class="results" start="21">' in second


def test_the_form_offers_every_city_by_name_and_keeps_the_chosen_one(client, minutes):
    html = client.get("/search/", {"q": "housing", "city": "springfield"}).content.decode()
    assert re.search(r'<option value="springfield" selected>[^<]+</option>', html)
    assert '<option value="">All cities</option>' in html


def test_results_of_several_cities_each_link_to_their_own_city(client, minutes):
    html = client.get("/search/", {"q": "housing"}).content.decode()
    head = r'<p class="result-head"><a href="/([a-z]+)/">([A-Za-z]+)</a> ·\s*<a href="/([a-z]+)/meetings/'
    heads = re.findall(head, html)
    assert [name for _, name, _ in heads[:9]] == ["Springfield"] * 6 + ["Shelbyville"] * 3  # and back again
    assert heads[9][1] == "Springfield"
    assert all(key == name.lower() == meeting_key for key, name, meeting_key in heads)


def test_the_city_list_is_read_once_for_many_searches(client, minutes):
    client.get("/search/", {"q": "housing", "city": "springfield"})
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/search/", {"q": "zoning", "city": "springfield"}).content.decode()
    assert re.search(r'<option value="springfield" selected>[^<]+</option>', html)
    assert not [q["sql"] for q in queries if 'FROM "cities_city" ORDER BY' in q["sql"]]  # every city, not one


def test_a_chosen_city_offers_its_meeting_names_to_type_ahead_from(client, minutes):
    html = client.get("/search/", {"q": "housing", "city": "springfield"}).content.decode()
    names = re.findall(r'<datalist id="meeting-types">(.*?)</datalist>', html, re.DOTALL)
    assert names and '<option value="City Council">' in names[0]


def test_any_part_of_a_body_name_filters_by_it(client, minutes):
    """The other city's pages are of a "Regular Meeting": "council" leaves them out, any case."""
    found = client.get("/api/search/", {"q": "affordable housing", "meeting_type": "COUNCIL"}).json()
    assert found["results"] and {r["meeting_type"] for r in found["results"]} == {"City Council"}
    assert client.get("/api/search/", {"q": "affordable housing", "meeting_type": "budget"}).json()["results"] == []
