import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from meetings.models import Meeting
from votes.services import legistar_city_sync_locked

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
    cache.add(f"legistar-sync-lock:{phila.id}", "1", timeout=60)
    result = legistar_city_sync_locked(city_id=phila.id)
    assert result["skipped"] == "a sync of this city is already running"
    assert not Meeting.objects.filter(city=phila).exists()


def test_the_task_path_syncs_and_releases_its_lock(phila, replay, settings):
    settings.LEGISTAR_API_ROOT = replay.root
    settings.LEGISTAR_MIN_INTERVAL_SECONDS = 0
    from votes.tasks import sync_legistar_city

    sync_legistar_city.delay(phila.id, full=True)  # eager in tests
    assert Meeting.objects.filter(city=phila).count() == 3
    assert cache.get(f"legistar-sync-lock:{phila.id}") is None
