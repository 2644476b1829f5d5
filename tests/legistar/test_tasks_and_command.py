import pytest
from django.core.management import CommandError, call_command

from cities.locks import held
from legistar.services import SyncAlreadyRunning, legistar_city_sync
from legistar.tasks import sync_city
from meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_sync_command_prints_a_summary_table(phila, replay, settings, capsys):
    settings.LEGISTAR_API_ROOT = replay.root
    settings.LEGISTAR_MIN_INTERVAL_SECONDS = 0
    call_command("sync_legistar", "phila", "--full", verbosity=0)
    out = capsys.readouterr().out
    assert "agenda_item" in out and "meeting" in out
    assert Meeting.objects.filter(city=phila).count() == 3


def test_sync_command_rejects_an_unknown_city_and_a_bad_date(phila):
    with pytest.raises(CommandError, match="No city"):
        call_command("sync_legistar", "atlantis")
    with pytest.raises(CommandError, match="--since"):
        call_command("sync_legistar", "phila", "--since", "last week")


def test_a_second_sync_of_the_same_city_does_not_overlap(phila):
    with held(f"legistar-sync:{phila.id}"), pytest.raises(SyncAlreadyRunning):
        legistar_city_sync(city=phila)
    assert not Meeting.objects.filter(city=phila).exists()


def test_the_task_skips_a_city_whose_sync_is_running(phila):
    with held(f"legistar-sync:{phila.id}"):
        result = sync_city.delay(phila.id).get()
    assert "already running" in result["skipped"]
    assert not Meeting.objects.filter(city=phila).exists()


def test_the_command_refuses_a_city_whose_sync_is_running(phila):
    with held(f"legistar-sync:{phila.id}"), pytest.raises(CommandError, match="already running"):
        call_command("sync_legistar", "phila", verbosity=0)


def test_the_task_path_syncs_and_releases_its_lock(phila, replay, settings):
    settings.LEGISTAR_API_ROOT = replay.root
    settings.LEGISTAR_MIN_INTERVAL_SECONDS = 0
    sync_city.delay(phila.id, full=True)  # eager in tests
    assert Meeting.objects.filter(city=phila).count() == 3
    with held(f"legistar-sync:{phila.id}"):  # released: free to take
        pass
