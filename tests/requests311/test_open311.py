"""GeoReport v2 at /open311/v2/ with real recorded services (Bloomington) and a real service definition."""

import json
from pathlib import Path
from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.db import connection

from cities.services import api_key_create, city_create
from requests311.models import ServiceRequest, StatusChange
from requests311.services.feeds import (
    FeedError,
    feed_parse,
    requests_import,
    service_definition_import,
    services_import,
)
from tests.factories.requests311 import ServiceRequestFactory

pytestmark = pytest.mark.django_db
OPEN311 = Path(settings.REALDATA_DIR) / "open311"
BLOOMINGTON = OPEN311 / "bensheldon__open311status"
DEFINITION = OPEN311 / "codeforamerica__open311" / "service_definition.xml"


@pytest.fixture
def city():
    city = city_create(
        city_key="bloomington",
        name="Bloomington, IN",
        state="IN",
        total_seats=9,
        timezone_name="America/Indiana/Indianapolis",
    )
    services_import(city=city, rows=json.loads((BLOOMINGTON / "bloomington_services.json").read_text()))
    services_import(city=city, rows=[{"service_code": "DMV66", "service_name": "Abandoned vehicle"}])
    service_definition_import(city=city, definition=feed_parse(DEFINITION.read_bytes())[0])
    return city


@pytest.fixture
def api_key(city):
    return api_key_create(name="test app", city=city)[1]


def post(client, data, fmt="json"):
    return client.post(f"/open311/v2/requests.{fmt}", data)


def valid(key, **extra):
    return {
        "jurisdiction_id": "bloomington",
        "api_key": key,
        "service_code": "DMV66",
        "attribute[WHISHETN]": "123",
        "lat": "39.1653",
        "long": "-86.5264",
        "description": "Car abandoned for two weeks",
        "email": "pat@example.org",
        "first_name": "Pat",
    } | extra


def test_services_list_in_json_and_xml(client, city):
    services = client.get("/open311/v2/services.json", {"jurisdiction_id": "bloomington"}).json()
    assert len(services) == 47
    assert {"service_code", "service_name", "metadata", "type", "group"} <= set(services[0])
    xml = client.get("/open311/v2/services.xml", {"jurisdiction_id": "bloomington"})
    assert xml["Content-Type"].startswith("text/xml") and xml.content.count(b"<service>") == 47


def test_service_definition_comes_from_the_recorded_xml(client, city):
    body = client.get("/open311/v2/services/DMV66.json", {"jurisdiction_id": "bloomington"}).json()
    assert body["service_code"] == "DMV66"
    attribute = body["attributes"][0]
    assert (attribute["code"], attribute["datatype"], attribute["required"]) == ("WHISHETN", "singlevaluelist", True)
    assert [v["key"] for v in attribute["values"]] == ["123", "124"]


def test_post_creates_a_request_with_history_and_get_returns_it(client, city, api_key):
    response = post(client, valid(api_key))
    assert response.status_code == 200
    request_id = response.json()[0]["service_request_id"]
    stored = ServiceRequest.objects.get(pk=int(request_id))
    assert stored.attributes == {"WHISHETN": "123"} and stored.city_id == city.id
    assert StatusChange.objects.filter(request=stored, to_status="open").exists()
    got = client.get(f"/open311/v2/requests/{request_id}.json", {"jurisdiction_id": "bloomington"}).json()
    assert got[0]["service_code"] == "DMV66" and got[0]["status"] == "open"


def test_request_lands_in_its_citys_list_partition(city, api_key, client):
    request_id = post(client, valid(api_key)).json()[0]["service_request_id"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM requests311_servicerequest WHERE id = %s", [request_id])
        assert cursor.fetchone()[0] == f"requests311_servicerequest_city_{city.id}"


def test_personal_data_never_appears_in_answers(client, city, api_key):
    ServiceRequestFactory(
        service=city.services311.first(),
        reporter_email="secret@example.org",
        reporter_name="Secret Name",
        reporter_phone="555-0199",
    )
    for fmt in ("json", "xml"):
        body = client.get(f"/open311/v2/requests.{fmt}", {"jurisdiction_id": "bloomington"}).content.decode()
        assert "secret@example.org" not in body and "Secret Name" not in body and "555-0199" not in body
        assert "Deep pothole" in body


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ({"lat": "123", "long": "-86"}, 400, "lat must be between"),
        ({"lat": "abc"}, 400, "lat must be a number"),
        ({"lat": "", "long": ""}, 400, "a location is required"),
        ({"service_code": "NOPE"}, 404, "service_code NOPE was not found"),
        ({"attribute[WHISHETN]": ""}, 400, "attribute[WHISHETN] is required"),
        ({"attribute[WHISHETN]": "999"}, 400, "must be one of"),
        ({"attribute[BOGUS]": "1"}, 400, "unknown attribute"),
        ({"description": "x" * 1_000_000}, 400, "description is too long"),
        ({"api_key": "wrong"}, 403, "api_key"),
        ({"api_key": ""}, 403, "api_key"),
        ({"jurisdiction_id": "atlantis"}, 404, "jurisdiction_id was not found"),
        ({"email": "not-an-email"}, 400, "email"),
        ({"media_url": "javascript:alert(1)"}, 400, "media_url"),
    ],
)
def test_bad_posts_get_the_specs_error_and_store_nothing(client, city, api_key, change, status, words):
    response = post(client, valid(api_key, **change))
    assert response.status_code == status
    body = response.json()
    assert body[0]["code"] == status and words in body[0]["description"]
    assert not ServiceRequest.objects.exists()


def test_errors_in_xml_have_the_specs_shape(client, city):
    response = client.get("/open311/v2/requests.xml", {"jurisdiction_id": "atlantis"})
    assert response.status_code == 404
    assert b"<errors><error><code>404</code><description>" in response.content


def test_xml_body_with_entity_expansion_is_refused_and_stores_nothing(client, city, api_key):
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        "<request><description>&lol2;</description></request>"
    )
    response = client.post("/open311/v2/requests.xml?jurisdiction_id=bloomington", bomb, content_type="application/xml")
    assert response.status_code == 400
    assert not ServiceRequest.objects.exists()
    with pytest.raises(FeedError, match="refused XML"):
        feed_parse(bomb.encode())


def test_a_key_of_another_city_is_refused(client, city):
    other = city_create(city_key="elsewhere", name="Elsewhere", state="IN", total_seats=5)
    foreign_key = api_key_create(name="other", city=other)[1]
    assert post(client, valid(foreign_key)).status_code == 403


def test_each_key_has_a_rate_limit(client, city):
    _, limited = api_key_create(name="slow app", city=city, requests_per_minute=2)
    codes = [post(client, valid(limited)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert ServiceRequest.objects.count() == 2


def test_get_requests_filters_and_validates(client, city, api_key):
    post(client, valid(api_key))
    base = {"jurisdiction_id": "bloomington"}
    assert len(client.get("/open311/v2/requests.json", base | {"status": "open"}).json()) == 1
    assert client.get("/open311/v2/requests.json", base | {"status": "closed"}).json() == []
    assert client.get("/open311/v2/requests.json", base | {"status": "maybe"}).status_code == 400
    assert client.get("/open311/v2/requests.json", base | {"start_date": "yesterday"}).status_code == 400
    assert client.get("/open311/v2/requests.json", base | {"service_request_id": "1;DROP"}).status_code == 400
    assert client.get("/open311/v2/requests/999999.json", base).status_code == 404


def test_recorded_bloomington_requests_import_idempotently(city):
    rows = json.loads((BLOOMINGTON / "bloomington_requests.json").read_text())
    assert requests_import(city=city, rows=rows) == {"created": 21, "updated": 0}
    assert requests_import(city=city, rows=rows) == {"created": 0, "updated": 21}
    assert ServiceRequest.objects.filter(city_id=city.id, source="import").count() == 21


def test_recorded_san_francisco_xml_requests_import(city):
    rows = feed_parse((BLOOMINGTON / "san_francisco_requests.xml").read_bytes())
    assert requests_import(city=city, rows=rows)["created"] == 56


def test_malformed_recorded_xml_is_a_clear_error_and_stores_nothing(city):
    broken = OPEN311 / "codeforamerica__open311dashboard" / "sf_service_requests.xml"
    with pytest.raises(FeedError, match="malformed XML"):
        requests_import(city=city, rows=feed_parse(broken.read_bytes()))
    assert not ServiceRequest.objects.filter(source="import").exists()


def test_staff_bulk_close_writes_history(client, city):
    from tests.factories import UserFactory

    request = ServiceRequestFactory(service=city.services311.first())
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        "/admin/requests311/servicerequest/", {"action": "mark_closed", "_selected_action": [request.pk]}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "closed" and request.closed_at is not None
    assert StatusChange.objects.filter(request=request, from_status="open", to_status="closed").exists()


def test_a_new_city_gets_its_own_partition(db):
    from cities.partitions import existing_partitions

    new_city = city_create(city_key="gary", name="Gary, IN", state="IN", total_seats=9)
    assert f"requests311_servicerequest_city_{new_city.id}" in existing_partitions("requests311_servicerequest")


def test_json_built_in_postgresql_equals_the_python_representation(city):
    from requests311.selectors import request_public, requests_for, requests_json

    service = city.services311.first()
    ServiceRequestFactory(service=service, status_notes="Crew sent", zipcode="47401", media_url="https://x.org/a.jpg")
    ServiceRequestFactory(
        service=service, description="", address="100 N College Ave", lat=None, long=None, status="closed"
    )
    params = {"jurisdiction_id": "bloomington"}
    from_python = [request_public(row) for row in requests_for(city=city, params=params)]
    assert json.loads(requests_json(city=city, params=params)) == json.loads(json.dumps(from_python))
    assert len(from_python) == 2


def test_import_task_reads_another_endpoint_over_http(db):
    """The recorded Bloomington feeds served by a local HTTP server, through the real task."""
    import functools
    import http.server
    import threading

    from requests311.tasks import import_open311_feed

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(BLOOMINGTON))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        city = city_create(city_key="bloomington", name="Bloomington, IN", state="IN", total_seats=9)
        root = f"http://localhost:{server.server_address[1]}"
        result = import_open311_feed.delay(
            city.id, f"{root}/bloomington_services.json", f"{root}/bloomington_requests.json"
        ).get()
        assert result == {"city": "bloomington", "services": 46, "created": 21, "updated": 0}
        broken = import_open311_feed.delay(city.id, f"{root}/bloomington_services.json", f"{root}/missing.json").get()
        assert "HTTP 404" in broken["error"]
        assert ServiceRequest.objects.filter(city_id=city.id).count() == 21
    finally:
        server.shutdown()


@pytest.mark.parametrize("when", ["2024-13-45T00:00:00Z", "2024-01-01T25:00:00Z", "2024-01-01T00:00:00+99:00"])
def test_an_impossible_date_in_a_well_formed_shape_is_a_400(client, city, when):
    response = client.get("/open311/v2/requests.json", {"jurisdiction_id": "bloomington", "start_date": when})
    assert response.status_code == 400
    assert "start_date must be a W3C date and time" in response.json()[0]["description"]


def test_an_impossible_datetime_attribute_is_a_400_and_stores_nothing(client, city, api_key):
    service = city.services311.get(service_code="DMV66")
    service.attributes = [
        *service.attributes,
        {
            "code": "SEEN",
            "datatype": "datetime",
            "variable": True,
            "required": False,
            "description": "When was it seen?",
        },
    ]
    service.save()
    response = post(client, valid(api_key, **{"attribute[SEEN]": "2024-02-01T25:00:00"}))
    assert response.status_code == 400
    assert "attribute[SEEN] must be a date and time" in response.json()[0]["description"]
    assert not ServiceRequest.objects.exists()


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/open311/v2/services.json", {"jurisdiction_id": "\x00"}),
        ("/open311/v2/requests.json", {"jurisdiction_id": "bloomington", "service_code": "\x00"}),
    ],
)
def test_a_nul_character_is_a_400_in_the_specs_shape(client, city, path, params):
    response = client.get(path, params)
    assert response.status_code == 400
    assert response.json()[0]["code"] == 400 and "NUL" in response.json()[0]["description"]


def test_a_nul_character_in_xml_is_a_400_in_the_specs_shape(client, city):
    response = client.get("/open311/v2/requests.xml", {"jurisdiction_id": "bloomington", "service_code": "\x00"})
    assert response.status_code == 400
    assert b"<errors><error><code>400</code><description>" in response.content


@pytest.mark.parametrize(
    "encode",
    [
        lambda data: {"data": data},
        lambda data: {"data": urlencode(data), "content_type": "application/x-www-form-urlencoded"},
    ],
)
def test_a_nul_character_in_a_post_stores_nothing(client, city, api_key, encode):
    response = client.post("/open311/v2/requests.json", **encode(valid(api_key, description="Car\x00 abandoned")))
    assert response.status_code == 400
    assert "NUL" in response.json()[0]["description"]
    assert not ServiceRequest.objects.exists()


def test_an_oversized_post_is_a_400_in_the_specs_shape(client, city, api_key, settings):
    response = client.post(
        "/open311/v2/requests.json",
        urlencode(valid(api_key, description="x" * 3_000_000)),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "too large" in response.json()[0]["description"]
    assert not ServiceRequest.objects.exists()


def test_the_demo_311_city_serves_bloomingtons_recorded_requests(client, db):
    from devtools.demo.open311 import open311_demo_load

    open311_demo_load()
    rows = client.get(
        "/open311/v2/requests.json", {"jurisdiction_id": "bloomington", "start_date": "2012-01-01T00:00:00Z"}
    ).json()
    assert len(rows) == 21
    assert client.get("/311/bloomington/").status_code == 200


CONTROL_TEXT = "bell\x07here\x0bvt\x1bend"


def test_control_characters_in_a_post_are_dropped_before_storing(client, city, api_key):
    response = post(client, valid(api_key, description=CONTROL_TEXT, address_string="1\x08 Main\tSt"))
    stored = ServiceRequest.objects.get(pk=int(response.json()[0]["service_request_id"]))
    assert stored.description == "bellherevtend"
    assert stored.address == "1 Main\tSt"  # tab, newline and CR are text, kept
    listing = client.get("/open311/v2/requests.xml", {"jurisdiction_id": "bloomington"})
    assert ElementTree.fromstring(listing.content).find("request/description").text == "bellherevtend"


@pytest.mark.parametrize("path", ["/open311/v2/requests.xml", "/open311/v2/requests/{id}.xml"])
def test_xml_stays_well_formed_whatever_text_is_stored(client, city, path):
    """Imported feeds and older rows may hold characters XML 1.0 cannot carry: they are left out."""
    request = ServiceRequestFactory(
        service=city.services311.first(),
        description=CONTROL_TEXT,
        status_notes="crew\x0c sent\ufffe",
        address="1\x1f Main St",
    )
    response = client.get(path.format(id=request.pk), {"jurisdiction_id": "bloomington"})
    row = ElementTree.fromstring(response.content).find("request")
    assert row.find("description").text == "bellherevtend"
    assert row.find("status_notes").text == "crew sent"
    assert row.find("address").text == "1 Main St"


def _with_a_second_attribute(city):
    service = city.services311.get(service_code="DMV66")
    service.attributes = [
        *service.attributes,
        {
            "code": "COLOR",
            "variable": True,
            "datatype": "string",
            "required": False,
            "datatype_description": "",
            "order": 2,
            "description": "What colour is it?",
            "values": [],
        },
    ]
    service.save(update_fields=["attributes"])
    return service


def test_service_definition_xml_has_the_specs_shape(client, city):
    _with_a_second_attribute(city)
    response = client.get("/open311/v2/services/DMV66.xml", {"jurisdiction_id": "bloomington"})
    root = ElementTree.fromstring(response.content)
    assert root.tag == "service_definition" and root.findtext("service_code") == "DMV66"
    assert [child.tag for child in root] == ["service_code", "attributes"]
    first, second = root.findall("attributes/attribute")
    assert [child.tag for child in first] == [
        "variable",
        "code",
        "datatype",
        "required",
        "datatype_description",
        "order",
        "description",
        "values",
    ]
    assert (first.findtext("variable"), first.findtext("code"), first.findtext("required")) == (
        "true",
        "WHISHETN",
        "true",
    )
    assert [(v.findtext("key"), v.findtext("name")) for v in first.findall("values/value")] == [
        ("123", "Ford"),
        ("124", "Chrysler"),
    ]
    assert (second.findtext("code"), second.findtext("order"), second.findall("values/value")) == ("COLOR", "2", [])


def test_service_definition_xml_reads_back_through_the_feed_importer(client, city):
    service = _with_a_second_attribute(city)
    before = service.attributes
    response = client.get("/open311/v2/services/DMV66.xml", {"jurisdiction_id": "bloomington"})
    definition = feed_parse(response.content)[0]
    assert definition["service_code"] == "DMV66"
    assert service_definition_import(city=city, definition=definition).attributes == before


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("malformed", ["{a},{b}", "{a},", "{a};DROP", "\u0661\u0662"])
def test_one_request_path_takes_exactly_one_numeric_id(client, city, fmt, malformed):
    """GeoReport v2's GET a service request names one id in the path; lists go to requests.fmt?service_request_id=."""
    service = city.services311.first()
    a, b = ServiceRequestFactory(service=service), ServiceRequestFactory(service=service)
    path = f"/open311/v2/requests/{malformed.format(a=a.pk, b=b.pk)}.{fmt}"
    response = client.get(path, {"jurisdiction_id": "bloomington"})
    assert response.status_code == 400
    assert b"must be one numeric id" in response.content


def test_a_feed_inside_the_network_is_refused_and_imports_nothing(city, inside):
    from requests311.models import Service
    from requests311.services.feeds import FeedError, open311_feed_import

    services = Service.objects.filter(city=city).count()
    with pytest.raises(FeedError, match="not a public address"):
        open311_feed_import(city=city, services_url=f"http://127.0.0.1:{inside}/secret",
                            requests_url=f"http://127.0.0.1:{inside}/secret")  # fmt: skip
    assert Service.objects.filter(city=city).count() == services


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_public_location_is_rounded_to_four_decimals(client, city, fmt):
    request = ServiceRequestFactory(service=city.services311.first(), lat=39.1653471, long=-86.5264839)
    body = client.get(f"/open311/v2/requests/{request.pk}.{fmt}", {"jurisdiction_id": "bloomington"}).content.decode()
    assert "39.1653" in body and "39.16534" not in body and "-86.5265" in body
    listed = client.get(f"/open311/v2/requests.{fmt}", {"jurisdiction_id": "bloomington"}).content.decode()
    assert "39.1653" in listed and "39.16534" not in listed
    request.refresh_from_db()
    assert request.lat == 39.1653471  # staff keep the exact point
