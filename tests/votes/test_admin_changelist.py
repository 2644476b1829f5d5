import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MemberVoteFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_member_vote_change_list_never_counts_the_whole_table(client):
    for _ in range(3):
        MemberVoteFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/votes/membervote/")
    assert response.status_code == 200
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts, "a small result is counted exactly"
    assert all("LIMIT 10000" in sql for sql in counts), counts


def test_big_result_counts_come_from_the_planner_estimate():
    from cities.admin_base import EstimatedCountPaginator
    from votes.models import MemberVote

    for _ in range(3):
        MemberVoteFactory()
    EstimatedCountPaginator.EXACT_BELOW = 2
    try:
        paginator = EstimatedCountPaginator(MemberVote.objects.order_by("-id"), 50)
        with CaptureQueriesContext(connection) as queries:
            count = paginator.count
    finally:
        EstimatedCountPaginator.EXACT_BELOW = 10_000
    assert count >= 1
    assert len(queries) == 1 and queries[0]["sql"].startswith("EXPLAIN")


def test_part_of_a_name_finds_that_members_votes(client):
    garcia = MemberVoteFactory(member__full_name="Carlos Garcia")
    other = MemberVoteFactory(member__full_name="Ann Able")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get("/admin/votes/membervote/", {"q": "garcia"}).content.decode()
    assert f"/admin/votes/membervote/{garcia.pk}/change/" in page
    assert f"/admin/votes/membervote/{other.pk}/change/" not in page


def test_an_estimated_count_is_said_to_be_one(client):
    from cities.admin_base import EstimatedCountPaginator

    MemberVoteFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    exact = client.get("/admin/votes/membervote/").content.decode()
    EstimatedCountPaginator.EXACT_BELOW = 0
    try:
        estimated = client.get("/admin/votes/membervote/").content.decode()
    finally:
        EstimatedCountPaginator.EXACT_BELOW = 10_000
    assert "about " not in exact and "1 member vote" in exact
    assert re.search(r"about \d[\d,]*</span> member vote", estimated)
