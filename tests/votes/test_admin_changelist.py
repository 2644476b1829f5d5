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
