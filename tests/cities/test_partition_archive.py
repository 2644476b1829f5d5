"""Detached partitions: archived with pg_dump, the archive restored and checked, only then dropped."""

import datetime as dt

import pytest
from django.db import connection

from cities.backups import BackupError, database_restore, database_url
from cities.partition_archive import detached_partitions, partition_archive, partition_drop_archived
from cities.partitions import partitions_maintain

# pg_dump reads what is committed: these tests commit, and clean up after themselves.
pytestmark = pytest.mark.django_db(transaction=True)

PARTITION = "cities_auditentry_2035_01"


@pytest.fixture
def detached(settings):
    """January 2035's audit partition with three rows, detached by maintenance past its retention.

    Maintenance "in 2035" detaches the database's real months too, and this test commits: afterwards every
    detached table is dropped and the real months are made again, so no later test (or migration, whose
    CREATE TABLE IF NOT EXISTS would meet a stray table of a partition's name) finds them missing."""
    original = settings.MONTHLY_PARTITIONED_TABLES
    settings.MONTHLY_PARTITIONED_TABLES = {"cities_auditentry": {"ahead": 0, "retention_months": 2}}
    partitions_maintain(today=dt.date(2035, 1, 1))
    with connection.cursor() as cursor:
        for day in (3, 14, 28):
            cursor.execute(
                "INSERT INTO cities_auditentry (changed_at, action, app_label, model, object_id, object_repr)"
                " VALUES (%s, 'update', 'cities', 'city', '1', 'a change')",
                [dt.datetime(2035, 1, day, 12, tzinfo=dt.UTC)],
            )
    partitions_maintain(today=dt.date(2035, 6, 1))
    yield PARTITION
    with connection.cursor() as cursor:
        for name in detached_partitions():
            cursor.execute(f'DROP TABLE "{name}"')
    settings.MONTHLY_PARTITIONED_TABLES = original
    partitions_maintain()


def _rows(name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{name}"')
        return cursor.fetchone()[0]


def test_a_detached_partition_is_found(detached):
    assert detached in detached_partitions()


def test_the_archive_holds_the_partitions_rows_and_its_restore_was_checked(detached, tmp_path):
    archived = partition_archive(detached, folder=tmp_path)
    assert archived.rows == 3
    assert archived.archive.stat().st_size > 0
    assert (tmp_path / f"{detached}.dump.manifest.json").exists()


def test_an_archived_partition_is_dropped_and_its_archive_brings_it_back(detached, tmp_path):
    archived = partition_archive(detached, folder=tmp_path)
    partition_drop_archived(detached, folder=tmp_path)
    assert detached not in detached_partitions()
    database_restore(archive=archived.archive, url=database_url(connection.settings_dict), jobs=1)
    assert _rows(detached) == 3


def test_a_partition_without_an_archive_is_not_dropped(detached, tmp_path):
    with pytest.raises(BackupError, match="archive it first"):
        partition_drop_archived(detached, folder=tmp_path)
    assert _rows(detached) == 3


def test_a_partition_changed_after_its_archive_is_not_dropped(detached, tmp_path):
    partition_archive(detached, folder=tmp_path)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM \"{detached}\" WHERE changed_at < '2035-01-10'")
    with pytest.raises(BackupError, match="changed since"):
        partition_drop_archived(detached, folder=tmp_path)
    assert _rows(detached) == 2


def test_an_attached_partition_is_never_archived(tmp_path):
    partitions_maintain(today=dt.date(2036, 3, 1))
    with pytest.raises(BackupError, match="not a detached partition"):
        partition_archive("cities_auditentry_2036_03", folder=tmp_path)
