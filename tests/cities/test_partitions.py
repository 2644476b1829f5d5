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


def test_retention_detaches_old_months_but_never_drops_them(settings):
    settings.MONTHLY_PARTITIONED_TABLES = {"cities_auditentry": {"ahead": 1, "retention_months": 2}}
    partitions_maintain(today=dt.date(2034, 1, 1))
    plan = partitions_maintain(today=dt.date(2034, 6, 1))
    assert "cities_auditentry_2034_01" in plan.as_dict()["detach"]
    assert "cities_auditentry_2034_01" not in existing_partitions("cities_auditentry")
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('cities_auditentry_2034_01') IS NOT NULL")
        assert cursor.fetchone()[0] is True


def test_audit_entries_are_read_back_through_the_model():
    from tests.factories import AuditEntryFactory

    entry = AuditEntryFactory(changes={"name": ["Old", "New"]})
    assert type(entry).objects.get(pk=entry.pk).changes == {"name": ["Old", "New"]}
