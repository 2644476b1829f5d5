import pytest

from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


def test_a_city_page_lets_the_proxy_keep_it_a_few_seconds(client, settings):
    settings.PROXY_CACHE_SECONDS = 5
    city = CityFactory()
    assert client.get(f"/{city.city_key}/")["X-Accel-Expires"] == "5"


def test_no_proxy_keeps_a_page_when_the_setting_is_zero(client, settings):
    settings.PROXY_CACHE_SECONDS = 0
    city = CityFactory()
    assert "X-Accel-Expires" not in client.get(f"/{city.city_key}/")


def test_an_answer_that_is_not_a_page_is_never_kept(client, settings):
    settings.PROXY_CACHE_SECONDS = 5
    city = CityFactory()
    missing = client.get(f"/{city.city_key}/nothing-here/")
    api = client.get(f"/api/cities/{city.city_key}/")
    assert missing.status_code == 404 and "X-Accel-Expires" not in missing
    assert api.status_code == 200 and "X-Accel-Expires" not in api
