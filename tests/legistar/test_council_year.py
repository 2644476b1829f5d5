"""A generated stretch of a large council's year (devtools.legistar_council): every roll call lands, and only
the items that have one are asked for votes, whichever way the vote shows (on the item, by its action's name
only, or in the matter's history alone)."""

import datetime as dt

import pytest

from cities.services import city_create
from devtools.legistar_council import SyntheticCouncil
from legistar.sync import legistar_sync
from meetings.models import AgendaItem, MatterAction
from votes.models import Vote

EVENTS = 60


@pytest.fixture
def council_year(db, replay):
    source = SyntheticCouncil(events=EVENTS, members=15, bills_per_stated=20, last_day=dt.date(2026, 6, 30))
    replay.routes.update(source.routes("big"))
    city = city_create(city_key="bigcity", name="Big City", state="NY", total_seats=15, legistar_client="big",
                       timezone_name="America/New_York")  # fmt: skip
    return city, source


def test_every_roll_call_of_the_year_lands_and_none_is_asked_for_in_vain(council_year, make_client, replay):
    city, source = council_year
    legistar_sync(city=city, client=make_client("big"), full=True)
    asked = [path for path in replay.requests if path.endswith("/votes")]
    assert Vote.objects.filter(city=city).count() == source.roll_calls == len(asked)
    assert source.roll_calls < source.agenda_items / 5


@pytest.mark.django_db(transaction=True)  # the workers only see committed rows
def test_two_processes_land_the_same_roll_calls(council_year, make_client):
    city, source = council_year
    legistar_sync(city=city, client=make_client("big"), full=True, processes=2, queue_minutes=False)
    assert Vote.objects.filter(city=city).count() == source.roll_calls


def _links(city):
    """Each item's matter and each action's meeting and item, by source ids."""
    items = AgendaItem.objects.filter(city=city).values_list("legistar_item_id", "matter__legistar_matter_id")
    actions = MatterAction.objects.filter(city_id=city.pk).values_list(
        "legistar_history_id", "meeting__legistar_event_id", "agenda_item__legistar_item_id"
    )
    return sorted(items, key=str), sorted(actions, key=str)


@pytest.mark.django_db(transaction=True)
def test_two_processes_read_each_matter_once_and_link_it_as_one_process_does(council_year, make_client, replay):
    city, source = council_year
    legistar_sync(city=city, client=make_client("big"), full=True, processes=2, queue_minutes=False)
    histories = [path for path in replay.requests if path.endswith("/histories")]
    assert len(histories) == len(set(histories)) == len(source.matters)
    one_process = city_create(city_key="bigcity1", name="Big City One", state="NY", total_seats=15,
                              legistar_client="big", timezone_name="America/New_York")  # fmt: skip
    legistar_sync(city=one_process, client=make_client("big"), full=True, queue_minutes=False)
    items, actions = _links(city)
    assert (items, actions) == _links(one_process)
    assert any(matter for _, matter in items) and any(meeting for _, meeting, _ in actions)
