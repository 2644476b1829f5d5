"""Top queries from pg_stat_statements, on the test cluster (the project's scripts load the library)."""

import pytest
from django.core.management import call_command
from django.db import connection

from cities.query_stats import top_queries
from tests.factories import StaffCityAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

# pg_stat_statements keys a statement by its shape (aliases and constants aside) and keeps the text it first
# saw: the marker needs a shape of its own, which this sort order gives it.
MARKER = "SELECT c.id FROM cities_city c WHERE c.id < 0 ORDER BY c.state DESC, c.total_seats DESC, c.name DESC"
MARKER_TEXT = "ORDER BY c.state DESC, c.total_seats DESC, c.name DESC"


def _run_marker(times: int) -> None:
    with connection.cursor() as cursor:
        for _ in range(times):
            cursor.execute(MARKER)


def _forget_marker() -> None:
    """Earlier runs' counts of the marker go: a kept test database whose tables a migration test made again
    holds an entry of its own for them (a statement's id is made of its tables' oids)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_stat_statements_reset(0, dbid, queryid) FROM pg_stat_statements"
            " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND strpos(query, %s) > 0",
            [MARKER_TEXT],
        )


def test_top_queries_counts_each_statement_with_its_calls_and_times():
    _forget_marker()
    _run_marker(3)
    (marker,) = top_queries(order="calls", containing=MARKER_TEXT)
    assert marker.calls == 3
    assert marker.total_ms >= marker.mean_ms > 0


def test_top_queries_by_mean_time_are_in_descending_order():
    costs = top_queries(order="mean", limit=20)
    assert [c.mean_ms for c in costs] == sorted((c.mean_ms for c in costs), reverse=True)


def test_the_command_prints_the_table(capsys):
    _run_marker(1)
    call_command("top_queries", "--containing", MARKER_TEXT)
    assert MARKER_TEXT in capsys.readouterr().out


def test_the_admin_page_lists_them_for_a_superuser(client):
    _run_marker(1)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/admin/cities/city/top-queries/?by=calls")
    assert response.status_code == 200
    assert "Top queries" in response.content.decode()


def test_the_admin_page_is_refused_to_city_staff(client):
    client.force_login(StaffCityAssignmentFactory().user)
    assert client.get("/admin/cities/city/top-queries/").status_code == 403
