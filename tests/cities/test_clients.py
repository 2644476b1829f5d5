"""One reading of the client's address for every limit, and the per-address limits built on it."""

import pytest
from django.test import RequestFactory

from cities.clients import client_address
from tests.factories import CityFactory
from tests.factories.cities import UserFactory


def _request(remote: str = "203.0.113.9", forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_a_client_sent_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(_request(forwarded="198.51.100.1")) == "203.0.113.9"


def test_behind_one_proxy_the_address_it_appended_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(_request(remote="10.0.0.2", forwarded="6.6.6.6, 198.51.100.7")) == "198.51.100.7"


def test_behind_two_proxies_the_outer_proxys_view_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    forwarded = "6.6.6.6, 198.51.100.7, 10.0.0.3"
    assert client_address(_request(remote="10.0.0.2", forwarded=forwarded)) == "198.51.100.7"


def test_a_forwarded_value_that_is_not_an_address_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(_request(remote="10.0.0.2", forwarded="<script>, not-an-ip")) == "10.0.0.2"


@pytest.mark.django_db
def test_a_forged_forwarded_header_does_not_reset_the_api_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.API_RATE_PER_IP = "2/min"
    codes = [client.get("/api/cities/", HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 198.51.100.7").status_code for n in range(3)]
    assert codes == [200, 200, 429]


@pytest.mark.django_db
def test_minutes_search_is_limited_per_address_with_retry_after(client, settings):
    settings.SEARCH_RATE_PER_IP_PER_MINUTE = 2
    responses = [client.get("/search/", {"q": "budget"}) for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert int(responses[-1]["Retry-After"]) > 0
    assert "Too many requests" in responses[-1].content.decode()


@pytest.mark.django_db
def test_open311_reads_are_limited_per_address_in_the_open311_format(client, settings):
    CityFactory(city_key="springfield")
    settings.OPEN311_READS_PER_IP_PER_MINUTE = 1
    url = "/open311/v2/services.json?jurisdiction_id=springfield"
    assert client.get(url).status_code == 200
    limited = client.get(url)
    assert limited.status_code == 429
    assert limited.json()[0]["code"] == 429


@pytest.mark.django_db
def test_the_api_takes_no_passwords(client):
    """Basic authentication would let anyone guess passwords without limit, one PBKDF2 each."""
    UserFactory(username="staff", password="right")
    response = client.get("/api/cities/", HTTP_AUTHORIZATION="Basic c3RhZmY6d3Jvbmc=")  # staff:wrong
    assert response.status_code == 200
    assert "WWW-Authenticate" not in response
