"""The API's documentation: its example addresses answer, and it names the minutes search and Open311."""

import re

import pytest
from django.conf import settings

from tests.factories import CityFactory

pytestmark = pytest.mark.django_db

EXAMPLES = re.findall(r"- `(/[^` ]+)` :", settings.API_DESCRIPTION)


def test_the_docs_name_the_search_and_the_open311_endpoints(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/search/" in schema
    assert "/open311/v2/services.json" in schema


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_example_address_in_the_docs_answers(client, example):
    CityFactory(city_key="springfield")
    response = client.get(example.replace("<code>", "pothole").replace("<id>", "1"))
    # An example naming one thing (<code>, <id>) finds nothing in an empty city: its own 404, not a missing route.
    expected = 404 if "<" in example else 200
    assert response.status_code == expected, (example, response.status_code, response.content[:300])
    if expected == 404:
        assert response.json()[0]["code"] == 404  # Open311's own error list, not the site's page


def test_there_are_examples_to_check():
    assert len(EXAMPLES) >= 8
