"""Migrations run backwards to zero and forwards again, raw-SQL partitions included."""

import pytest
from django.core.management import call_command
from django.db import connection

from cities.partitions import existing_partitions


def _tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


@pytest.mark.django_db(transaction=True)
def test_migrations_go_back_to_zero_and_forward_again():
    call_command("migrate", "cities", "zero", verbosity=0)
    gone = _tables()
    assert "votes_membervote" not in gone
    assert "cities_auditentry" not in gone
    assert "cities_city" not in gone

    call_command("migrate", verbosity=0)
    back = _tables()
    assert {"cities_city", "meetings_meeting", "votes_vote", "votes_membervote", "cities_auditentry"} <= back
    assert len(existing_partitions("votes_membervote")) == 8
    assert existing_partitions("cities_auditentry")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_matviews WHERE matviewname = 'mv_member_voting_summary'")
        assert cursor.fetchone()[0] == 1
