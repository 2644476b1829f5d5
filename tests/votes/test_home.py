"""The home page stays one size however many cities there are: cards for the ones that met most recently,
and past that a directory of all."""

import datetime as dt

import pytest

from tests.factories import CityFactory, MeetingFactory
from votes.selectors import home_cities

pytestmark = pytest.mark.django_db


def test_a_few_cities_each_get_a_card_and_no_directory():
    CityFactory.create_batch(2)
    home = home_cities(cards=2)
    assert len(home.cards) == 2 and home.directory == []


def test_past_the_cards_the_cities_that_met_last_get_them_and_every_city_is_in_the_directory():
    quiet, early, late = CityFactory(name="Aaa Quiet"), CityFactory(name="Bbb Early"), CityFactory(name="Ccc Late")
    MeetingFactory(city=early, meeting_date=dt.date(2024, 1, 10))
    MeetingFactory(city=late, meeting_date=dt.date(2024, 3, 10))
    home = home_cities(cards=1)
    assert [card["city"] for card in home.cards] == [late]
    assert home.directory == [quiet, early, late]


def test_the_directory_links_every_city(client):
    cities = CityFactory.create_batch(13)  # one more than the cards
    page = client.get("/").content.decode()
    assert "All 13 cities" in page
    assert all(f'href="/{city.city_key}/"' in page for city in cities)
