import datetime as dt

import pytest
from django.db import connection

from cities.partitions import existing_partitions, partitions_maintain

pytestmark = pytest.mark.django_db


def test_maintenance_creates_months_ahead_and_second_run_does_nothing():
    first = partitions_maintain(today=dt.date(2031, 5, 20))
    assert "cities_auditentry_2031_05" in first.as_dict()["create"]
    assert "cities_auditentry_2031_08" in first.as_dict()["create"]
    assert {"cities_auditentry_2031_05", "cities_auditentry_2031_08"} <= existing_partitions("cities_auditentry")
    second = partitions_maintain(today=dt.date(2031, 5, 20))
    assert second.as_dict() == {"create": [], "detach": []}


def test_maintenance_run_late_fills_the_gap_from_today():
    partitions_maintain(today=dt.date(2032, 1, 1))
    plan = partitions_maintain(today=dt.date(2032, 6, 1))
    assert plan.as_dict()["create"][0] == "cities_auditentry_2032_06"


def test_audit_rows_land_in_their_month_partition():
    partitions_maintain(today=dt.date(2033, 2, 1))
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cities_auditentry (changed_at, action, app_label, model, object_id, object_repr)"
            " VALUES ('2033-02-14 12:00+00', 'update', 'cities', 'city', '1', 'x') RETURNING tableoid::regclass::text"
        )
        assert cursor.fetchone()[0] == "cities_auditentry_2033_02"
