import pytest
from django.core.management import CommandError, call_command

from cities.models import City

pytestmark = pytest.mark.django_db


def test_add_city_creates_the_city(capsys):
    call_command("add_city", "santa_ana", name="Santa Ana, CA", state="ca", seats=7, timezone="America/Los_Angeles")
    city = City.objects.get(city_key="santa_ana")
    assert (city.state, city.total_seats, city.timezone) == ("CA", 7, "America/Los_Angeles")
    assert "Created Santa Ana, CA" in capsys.readouterr().out


def test_add_city_rejects_a_bad_key_with_a_clear_message():
    with pytest.raises(CommandError, match="city_key"):
        call_command("add_city", "Bad Key!", name="X", state="CA", seats=7)
    assert not City.objects.exists()


def test_add_city_rejects_a_duplicate_key():
    call_command("add_city", "tempe", name="Tempe, AZ", state="AZ", seats=7)
    with pytest.raises(CommandError, match="already exists"):
        call_command("add_city", "tempe", name="Tempe again", state="AZ", seats=7)
    assert City.objects.get(city_key="tempe").name == "Tempe, AZ"


def test_add_city_rejects_an_unknown_time_zone():
    with pytest.raises(CommandError, match="time zone"):
        call_command("add_city", "mars", name="Mars", state="AZ", seats=3, timezone="Mars/Olympus")


def test_maintain_partitions_command_is_safe_to_repeat(capsys):
    call_command("maintain_partitions")
    capsys.readouterr()
    call_command("maintain_partitions")
    assert "created 0 partition(s)" in capsys.readouterr().out
