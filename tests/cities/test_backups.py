"""The restore drill: back up, restore into a fresh database, every table equal, the portal serves the copy."""

import json
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test import Client

from cities.backups import database_drop, database_url, restore_differences
from tests.factories import CityFactory
from tests.factories.meetings import MeetingPageFactory, MinutesDocumentFactory
from tests.factories.requests311 import ServiceRequestFactory
from tests.factories.votes import MemberVoteFactory, VoteFactory


@pytest.fixture
def records(transactional_db):
    """Rows in plain, hash-partitioned, month-partitioned and city-partitioned tables (committed: pg_dump reads
    what other sessions see)."""
    city = CityFactory(city_key="springfield", name="Springfield")
    vote = VoteFactory(agenda_item__meeting__city=city)
    for _ in range(3):
        MemberVoteFactory(vote=vote)
    document = MinutesDocumentFactory(meeting=vote.agenda_item.meeting)
    for number in (1, 2):
        MeetingPageFactory(document=document, page_number=number, content="budget hearing")
    ServiceRequestFactory(service__city=city)
    return city


@pytest.fixture
def restored():
    name = f"cv_restore_{uuid.uuid4().hex[:10]}"
    yield name
    database_drop(settings_dict=connection.settings_dict, name=name)


@pytest.fixture
def archive(tmp_path, records) -> Path:
    path = tmp_path / "drill.dump"
    call_command("db_backup", output=path)
    return path


def test_a_backup_restores_into_a_fresh_database_with_every_table_equal(archive, restored, capsys):
    call_command("db_restore", archive, into=restored)
    assert "every table's rows and checksum match" in capsys.readouterr().out
    tables = json.loads(archive.with_name(archive.name + ".manifest.json").read_text())["tables"]
    assert tables["votes_membervote"][0] == 3 and tables["meetings_meetingpage"][0] == 2
    assert tables["requests311_servicerequest"][0] == 1


def test_the_portal_serves_from_the_restored_copy(archive, restored):
    call_command("db_restore", archive, into=restored)
    wrapper = connections["default"]
    original = wrapper.settings_dict["NAME"]
    wrapper.close()
    wrapper.settings_dict["NAME"] = restored
    try:
        page = Client().get("/springfield/")
        search = Client().get("/api/search/", {"q": "budget"}).json()
    finally:
        wrapper.close()
        wrapper.settings_dict["NAME"] = original
    assert page.status_code == 200 and "Springfield" in page.content.decode()
    assert len(search["results"]) == 2


def test_a_copy_missing_rows_of_a_partition_is_caught(archive, restored):
    call_command("db_restore", archive, into=restored)
    url = database_url(connection.settings_dict, name=restored)
    with psycopg.connect(url, autocommit=True) as copy:
        copy.execute("DELETE FROM meetings_meetingpage WHERE page_number = 2")
    manifest = archive.with_name(archive.name + ".manifest.json")
    assert set(restore_differences(manifest=manifest, url=url)) == {"meetings_meetingpage"}


def test_an_archive_without_its_manifest_is_refused(tmp_path, transactional_db):
    with pytest.raises(CommandError, match="manifest"):
        call_command("db_restore", tmp_path / "none.dump")
