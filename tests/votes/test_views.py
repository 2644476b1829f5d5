import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cities.cache import city_cache_bump
from tests.factories import AgendaItemFactory, MemberVoteFactory, VoteFactory
from votes.profiles import MemberProfile

pytestmark = pytest.mark.django_db


def _cursor(html: str, rel: str) -> str | None:
    match = re.search(rf'rel="{rel}" href="\?[^"]*cursor=([^"&#]+)', html)
    return match and match.group(1).replace("%3A", ":")


def test_home_lists_cities_with_council_and_latest_meetings(client, council):
    page = client.get("/").content.decode()
    assert "Springfield, OR" in page
    assert "3 current council members" in page


def test_city_page_shows_council_and_figures(client, council):
    page = client.get("/springfield/").content.decode()
    assert "Ann Able" in page and "District 1" in page
    assert "Split votes" in page and ">12<" in page  # 12 of 120 votes were split


def test_unknown_city_is_a_friendly_404(client, council):
    response = client.get("/atlantis/")
    assert response.status_code == 404
    assert "We can't find that page" in response.content.decode()


def test_member_of_another_city_is_404(client, council):
    stranger = MemberVoteFactory().member
    assert client.get(f"/springfield/members/{stranger.id}/").status_code == 404


def test_meeting_page_groups_consent_and_regular_items(client, council):
    meeting = council["votes"][0].agenda_item.meeting
    page = client.get(f"/springfield/meetings/{meeting.id}/").content.decode()
    assert "Consent calendar" in page
    assert "Item number 0" in page


def test_item_page_shows_every_members_choice_mover_and_seconder(client, council):
    vote = council["votes"][10]
    page = client.get(f"/springfield/items/{vote.agenda_item_id}/").content.decode()
    assert "Moved by" in page and "Ann Able" in page and "Bob Baker" in page
    assert page.count('class="choice choice-yes"') == 2
    assert page.count('class="choice choice-no"') == 1
    assert "2\u20131" in page


def test_untrusted_titles_are_escaped(client, council):
    item = AgendaItemFactory(meeting=council["votes"][0].agenda_item.meeting, title="<script>alert(1)</script>")
    VoteFactory(agenda_item=item)
    page = client.get(f"/springfield/items/{item.id}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_member_record_pages_are_disjoint_and_newest_first(client, council):
    url = f"/springfield/members/{council['ann'].id}/"
    first = client.get(url).content.decode()
    dates = re.findall(r"<tr>\s*<td>([A-Z][a-z]{2} \d+, \d{4})</td>", first)
    assert len(dates) == 50
    cursor = _cursor(first, "next")
    second = client.get(url, {"cursor": cursor}).content.decode()
    second_dates = re.findall(r"<tr>\s*<td>([A-Z][a-z]{2} \d+, \d{4})</td>", second)
    assert len(second_dates) == 50
    assert not set(dates) & set(second_dates)
    back = client.get(url, {"cursor": _cursor(second, "prev")}).content.decode()
    assert re.findall(r"<tr>\s*<td>([A-Z][a-z]{2} \d+, \d{4})</td>", back) == dates


def test_member_page_query_count_does_not_grow_with_the_record(client, council, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        assert client.get(f"/springfield/members/{council['ann'].id}/").status_code == 200


def test_tampered_cursor_is_a_400_with_a_message(client, council):
    url = f"/springfield/members/{council['ann'].id}/"
    cursor = _cursor(client.get(url).content.decode(), "next")
    response = client.get(url, {"cursor": cursor[:-3] + "abc"})
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_cursor_of_another_member_is_rejected(client, council):
    cursor = _cursor(client.get(f"/springfield/members/{council['ann'].id}/").content.decode(), "next")
    assert client.get(f"/springfield/members/{council['bob'].id}/", {"cursor": cursor}).status_code == 400


@pytest.mark.parametrize("query", [{"year": "abc"}, {"choice": "Maybe"}, {"category": "-1"}, {"q": "x" * 500}])
def test_bad_filters_are_a_400(client, council, query):
    assert client.get(f"/springfield/members/{council['ann'].id}/", query).status_code == 400


def test_record_filters_split_votes_choice_and_category(client, council):
    url = f"/springfield/members/{council['cy'].id}/"
    split = client.get(url, {"split": "on"}).content.decode()
    assert split.count('class="choice choice-no"') == 12
    assert client.get(url, {"choice": "Yes"}).content.decode().count('class="choice choice-no"') == 0
    housing = client.get(url, {"category": council["housing"].id}).content.decode()
    assert housing.count("<td><a href=") == 12
    titled = client.get(url, {"q": "number 11"}).content.decode()
    assert titled.count("<td><a href=") == 11  # "Item number 11" and 110 to 119


def test_member_page_shows_agreement_on_split_votes(client, council):
    page = client.get(f"/springfield/members/{council['ann'].id}/").content.decode()
    # On the 12 split votes Ann and Bob said Yes, Cy said No.
    assert re.search(r"Bob Baker</a></th><td>100%</td><td>12</td>", page)
    assert re.search(r"Cy Cole</a></th><td>0%</td><td>12</td>", page)


def test_pages_are_served_from_cache_until_the_city_changes(client, council):
    url = f"/springfield/members/{council['ann'].id}/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == 0
    city_cache_bump(city_id=council["city"].id)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries) > 0


def test_query_parameters_a_page_does_not_read_make_no_new_cache_entry(client, council):
    url = f"/springfield/members/{council['ann'].id}/"
    client.get(url, {"year": 2024, "utm_source": "first"})
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, {"utm_source": "second", "year": 2024, "x": "<b>"})
    assert len(queries) == 0
    assert "utm_source" not in again.content.decode()


def test_unchanged_page_revalidates_with_304(client, council):
    first = client.get("/springfield/")
    assert client.get("/springfield/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_csv_has_the_whole_filtered_record_and_neutralizes_formulas(client, council):
    item = council["votes"][1].agenda_item
    item.title = '=HYPERLINK("http://evil")'
    item.save()
    response = client.get(f"/springfield/members/{council['ann'].id}/record.csv")
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert len(body.strip().splitlines()) == 121
    assert "'=HYPERLINK" in body


def test_csv_neutralizes_formulas_in_every_column_from_the_source(client, council):
    item = council["votes"][1].agenda_item
    item.item_number = "@SUM(A1:A9)"
    item.save()
    item.meeting.meeting_type = "+cmd|' /C calc'!A0"
    item.meeting.save()
    body = b"".join(client.get(f"/springfield/members/{council['ann'].id}/record.csv").streaming_content).decode()
    assert "'@SUM(A1:A9)" in body and "'+cmd|" in body


def test_csv_file_name_is_quoted_for_any_member_name(client, council):
    member = council["ann"]
    member.full_name = 'Ann "Quote"; filename=evil.exe'
    member.save()
    disposition = client.get(f"/springfield/members/{member.id}/record.csv")["Content-Disposition"]
    assert disposition == 'attachment; filename="springfield-ann-quote-filenameevilexe-votes.csv"'


def test_item_title_search_finds_items_of_the_city_only(client, council):
    page = client.get("/springfield/items/search/", {"q": "number 7"}).content.decode()
    assert "Item number 7" in page
    assert client.get("/springfield/items/search/", {"q": "x"}).status_code == 400


def _walk(client, url: str, params: dict, link: str) -> tuple[list[str], list[int]]:
    """Follow Older → from the first page to the last; the rows' links and each page's query count."""
    found, queries, cursor = [], [], None
    while True:
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url, {**params, **({"cursor": cursor} if cursor else {})}).content.decode()
        queries.append(len(captured))
        found += re.findall(link, html)
        cursor = _cursor(html, "next")
        if not cursor:
            return found, queries


def test_the_meeting_archive_pages_through_every_meeting_at_the_same_cost(client, council):
    found, queries = _walk(client, "/springfield/meetings/", {}, r'href="/springfield/meetings/(\d+)/"')
    assert len(found) == len(set(found)) == 120
    # Each page: its meetings, their item and vote counts, and the years of the filters; the first also looked
    # the city up and listed the bodies of the filters, which the city's later pages find cached.
    assert len(queries) == 3 and queries[1] == queries[2] == 3 and queries[0] == 5


def test_a_forged_archive_cursor_is_a_400(client, council):
    assert client.get("/springfield/meetings/", {"cursor": "forged"}).status_code == 400


def test_item_title_search_pages_through_every_match(client, council):
    found, _ = _walk(client, "/springfield/items/search/", {"q": "Item number"}, r'href="/springfield/items/(\d+)/"')
    assert len(found) == len(set(found)) == 120


def test_an_item_search_cursor_of_another_search_is_a_400(client, council):
    html = client.get("/springfield/items/search/", {"q": "Item number"}).content.decode()
    cursor = _cursor(html, "next")
    assert client.get("/springfield/items/search/", {"q": "number", "cursor": cursor}).status_code == 400


def test_city_page_links_to_the_meeting_archive_and_311(client, council):
    page = client.get("/springfield/").content.decode()
    assert 'href="/springfield/meetings/"' in page
    assert 'href="/311/springfield/"' in page and 'href="/311/springfield/report/"' in page


def test_the_roll_call_is_grouped_yes_then_no_and_shows_raw_codes_only_where_they_differ(client, council):
    vote = council["votes"][10]
    vote.member_votes.filter(vote_choice="Yes").update(raw_value="yes")
    page = client.get(f"/springfield/items/{vote.agenda_item_id}/").content.decode()
    assert page.index("Yes (2)") < page.index("No (1)")
    assert '<td class="muted">yes</td>' not in page


def test_an_item_page_links_the_items_either_side_on_the_agenda(client, council):
    meeting = council["votes"][0].agenda_item.meeting
    first, heading, second = (
        AgendaItemFactory(meeting=meeting, sequence=900, title="First of the tail"),
        AgendaItemFactory(meeting=meeting, sequence=901, title="A HEADING", kind="heading"),
        AgendaItemFactory(meeting=meeting, sequence=902, title="Second of the tail"),
    )
    page = client.get(f"/springfield/items/{second.id}/").content.decode()
    assert f'rel="prev" href="/springfield/items/{first.id}/"' in page
    assert f"/springfield/items/{heading.id}/" not in page


def test_the_record_pager_lands_on_the_record(client, council):
    page = client.get(f"/springfield/members/{council['ann'].id}/").content.decode()
    assert re.search(r'rel="next" href="\?cursor=[^"]+#record-heading"', page)


def test_the_city_page_links_its_split_votes_to_a_list_of_them(client, council):
    city_page = client.get("/springfield/").content.decode()
    assert 'href="/springfield/votes/split/"' in city_page
    found, _ = _walk(client, "/springfield/votes/split/", {}, r'href="/springfield/items/(\d+)/"')
    assert len(found) == len(set(found)) == 12  # the fixture's split votes, none unanimous


def test_split_votes_page_through_without_overlap(client, council):
    from votes.selectors import city_split_votes_page

    first = city_split_votes_page(city=council["city"], cursor=None, size=5)
    second = city_split_votes_page(city=council["city"], cursor=first.next_cursor, size=5)
    assert len(first.rows) == len(second.rows) == 5
    assert not {v.pk for v in first.rows} & {v.pk for v in second.rows}


def _next_href(html: str) -> str:
    return re.search(r'rel="next" href="([^"#]+)', html).group(1).replace("&amp;", "&")


def test_member_record_says_which_votes_of_how_many_a_page_shows(client, council):
    url = f"/springfield/members/{council['ann'].id}/"
    first = client.get(url).content.decode()
    assert "Votes 1\u201350 of 120, newest first." in first
    second = client.get(url + _next_href(first)).content.decode()
    assert "Votes 51\u2013100 of 120, newest first." in second


def test_a_filtered_record_counts_what_matches(client, council):
    html = client.get(f"/springfield/members/{council['cy'].id}/", {"choice": "No"}).content.decode()
    assert "Votes 1\u201312 of 12 matching these filters" in html  # Cy's No on every split vote


def test_a_start_past_the_end_counts_from_one(client, council):
    html = client.get(f"/springfield/members/{council['ann'].id}/", {"start": "99999"}).content.decode()
    assert "Votes 1\u201350 of 120" in html


def test_a_corrected_name_says_so_on_the_member_page(client, council):
    from cities.services.corrections import correction_record

    ann = council["ann"]
    ann.full_name = "Ann Able-Baker"
    ann.save()
    correction_record(user=None, obj=ann, field="full_name", before="Ann Able", reason="Her name since 2024")
    page = client.get(f"/springfield/members/{ann.id}/").content.decode()
    assert "Name corrected by city staff on" in page and "(the source has “Ann Able”): Her name since 2024" in page


def test_an_item_links_to_the_pages_of_its_meetings_minutes_that_name_its_file_number(client, council):
    from tests.factories.meetings import MeetingPageFactory, MinutesDocumentFactory

    item = council["votes"][5].agenda_item
    item.file_number = "CB 120417"
    item.save()
    document = MinutesDocumentFactory(meeting=item.meeting)
    MeetingPageFactory(document=document, page_number=1, content="Roll call. Approval of the agenda.")
    named = MeetingPageFactory(document=document, page_number=2, content="Council Bill CB 120417 passed 3-0.")
    other_meeting = MinutesDocumentFactory(meeting=council["votes"][6].agenda_item.meeting)
    MeetingPageFactory(document=other_meeting, page_number=1, content="CB 120417 was mentioned elsewhere.")
    page = client.get(f"/springfield/items/{item.id}/").content.decode()
    links = re.findall(r'href="/springfield/documents/(\d+)/pages/(\d+)/\?q=CB%20120417"', page)
    assert links == [(str(document.id), str(named.page_number))]


def test_the_member_record_says_what_each_vote_decided_with_its_counts_when_the_source_gave_no_tally(client, council):
    from votes.models import Vote

    newest = council["votes"][-1]
    Vote.objects.filter(pk=newest.pk).update(tally="", action_name="Motion to deny")
    html = client.get(f"/springfield/members/{council['ann'].id}/").content.decode()
    assert '<span class="badge pass">Denied 3\u20130</span>' in html
    assert '<span class="badge pass">Approved 3\u20130</span>' in html


def test_filtered_views_of_a_record_share_one_build_of_the_profile(client, council):
    url = f"/springfield/members/{council['ann'].id}/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"year": "2024"}).status_code == 200
    assert len(queries) == 2  # the filtered record and its count: offices, yearly counts and the rest kept


def test_filtered_views_of_a_record_share_one_rendering_of_the_profile(client, council, monkeypatch):
    url = f"/springfield/members/{council['ann'].id}/"
    client.get(url)
    monkeypatch.setattr(MemberProfile, "seats", property(lambda self: pytest.fail("the profile was rendered again")))
    html = client.get(url, {"year": "2024"}).content.decode()
    assert "On the council" in html and "Voting record" in html


def test_a_change_to_the_city_rebuilds_the_member_profile(client, council):
    url = f"/springfield/members/{council['ann'].id}/"
    client.get(url)
    council["ann"].bio = "Elected on a parks platform."
    council["ann"].save()
    city_cache_bump(city_id=council["ann"].city_id)
    assert "parks platform" in client.get(url, {"year": "2024"}).content.decode()
