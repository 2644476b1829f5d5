import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cities.services import city_create
from requests311.models import ServiceRequest
from tests.factories.requests311 import ServiceFactory, ServiceRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    city = city_create(city_key="bloomington", name="Bloomington, IN", state="IN", total_seats=9)
    ServiceFactory(city=city, service_code="POT", service_name="Pothole")
    return city


def png(size=(20, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_browse_lists_newest_first_with_keyset_pages(client, city):
    for _ in range(30):
        ServiceRequestFactory(service=city.services311.get())
    page = client.get("/311/bloomington/").content.decode()
    assert page.count('class="agenda-item"') == 25
    assert 'rel="next"' in page
    assert client.get("/311/bloomington/", {"cursor": "forged"}).status_code == 400


def test_browse_keeps_the_chosen_service_selected(client, city):
    ServiceFactory(city=city, service_code="GRAF", service_name="Graffiti")
    page = client.get("/311/bloomington/", {"service": "GRAF"}).content.decode()
    assert '<option value="GRAF" selected>Graffiti</option>' in page
    assert '<option value="POT">Pothole</option>' in page


def test_near_me_finds_requests_within_the_radius(client, city):
    service = city.services311.get()
    ServiceRequestFactory(service=service, lat=39.1653, long=-86.5264, description="Near one")
    ServiceRequestFactory(service=service, lat=39.2653, long=-86.5264, description="Far one")  # ~11 km north
    page = client.get("/311/bloomington/", {"lat": "39.1660", "long": "-86.5260", "radius": "500"}).content.decode()
    assert "Near one" in page and "Far one" not in page


def test_bad_filters_are_a_400(client, city):
    assert client.get("/311/bloomington/", {"lat": "200", "long": "0"}).status_code == 400
    assert client.get("/311/bloomington/", {"lat": "39"}).status_code == 400
    assert client.get("/311/bloomington/", {"radius": "999999", "lat": "1", "long": "1"}).status_code == 400


def test_detail_shows_history_but_never_the_reporter(client, city):
    request = ServiceRequestFactory(service=city.services311.get(), description="<script>x</script> hole")
    page = client.get(f"/311/bloomington/requests/{request.id}/").content.decode()
    assert "History" in page and "&lt;script&gt;" in page and "<script>x" not in page
    assert "pat.private@example.org" not in page and "Pat Private" not in page


def test_report_form_creates_a_request_with_a_photo(client, city, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client.post(
        "/311/bloomington/report/",
        {
            "service_code": "POT",
            "description": "Hole by the school",
            "address_string": "100 N College Ave",
            "photo": SimpleUploadedFile("hole.png", png(), content_type="image/png"),
        },
    )
    created = ServiceRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/311/bloomington/report/sent/{created.id}/"
    assert created.source == "web" and created.media_url.endswith(".png")
    assert list(tmp_path.glob("311/*.png"))


@pytest.mark.parametrize(
    ("photo", "message"),
    [
        (SimpleUploadedFile("x.png", b"not an image", content_type="image/png"), "must be a JPEG or PNG"),
        (SimpleUploadedFile("x.gif", b"GIF89a" + b"\x00" * 100, content_type="image/gif"), "must be a JPEG or PNG"),
    ],
)
def test_report_form_rejects_bad_photos_and_stores_nothing(client, city, photo, message):
    response = client.post(
        "/311/bloomington/report/",
        {"service_code": "POT", "description": "x", "address_string": "Main St", "photo": photo},
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_report_form_rejects_an_oversized_photo(client, city, settings):
    settings.OPEN311_PHOTO_MAX_BYTES = 100
    response = client.post(
        "/311/bloomington/report/",
        {
            "service_code": "POT",
            "description": "x",
            "address_string": "Main St",
            "photo": SimpleUploadedFile("big.png", png((200, 200)), content_type="image/png"),
        },
    )
    assert response.status_code == 400 and "The photo is larger than" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_report_form_needs_a_place(client, city):
    response = client.post("/311/bloomington/report/", {"service_code": "POT", "description": "x"})
    assert (
        response.status_code == 400
        and "Tell us where: drop a pin on the map, use your location or type an address." in response.content.decode()
    )


def test_report_form_needs_csrf(city):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        "/311/bloomington/report/", {"service_code": "POT", "description": "x", "address_string": "Main St"}
    )
    assert response.status_code == 403
    assert not ServiceRequest.objects.exists()


def test_reports_are_rate_limited_per_ip(client, city, settings):
    settings.OPEN311_REPORTS_PER_IP_PER_HOUR = 2
    data = {"service_code": "POT", "description": "x", "address_string": "Main St"}
    codes = [client.post("/311/bloomington/report/", data).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert ServiceRequest.objects.count() == 2


def test_date_filters_and_near_me_leaves_out_old_requests(client, city):
    import datetime as dt

    from django.utils import timezone

    service = city.services311.get()
    ServiceRequestFactory(service=service, description="Recent one")
    ServiceRequestFactory(
        service=service, description="Two years old", requested_at=timezone.now() - dt.timedelta(days=730)
    )
    near = {"lat": "39.1653", "long": "-86.5264", "radius": "200"}
    page = client.get("/311/bloomington/", near).content.decode()
    assert "Recent one" in page and "Two years old" not in page
    old = (timezone.now() - dt.timedelta(days=740)).date().isoformat()
    page = client.get("/311/bloomington/", near | {"date_from": old}).content.decode()
    assert "Two years old" in page
    ranged = client.get("/311/bloomington/", {"date_to": old}).content.decode()
    assert "Recent one" not in ranged
    assert client.get("/311/bloomington/", {"date_from": "2025-02-01", "date_to": "2025-01-01"}).status_code == 400


def test_a_date_beyond_the_calendar_we_keep_is_a_400_that_says_so(client, city):
    response = client.get("/311/bloomington/", {"date_to": "9999-12-31"})
    assert response.status_code == 400
    assert "Dates must be between 1800 and 2199." in response.content.decode()


def test_a_location_the_device_sent_wrong_is_explained(client, city):
    response = client.post(
        "/311/bloomington/report/", {"service_code": "POT", "description": "Deep", "lat": "91", "long": "-86.5"}
    )
    assert response.status_code == 400
    assert "The location from your device could not be read" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_a_city_without_311_services_says_so_instead_of_an_empty_form(client, db):
    city_create(city_key="nowhere", name="Nowhere, KS", state="KS", total_seats=5)
    page = client.get("/311/nowhere/report/").content.decode()
    assert "does not take problem reports here yet" in page
    assert "<form" not in page.split("<main", 1)[-1]
    assert "Call" not in page  # no number known: no number named


def test_a_city_without_311_names_its_service_line_when_it_knows_it(client, db):
    city = city_create(city_key="nowhere", name="Nowhere, KS", state="KS", total_seats=5)
    city.service_phone = "316 555 0100"
    city.save()
    for path in ("/311/nowhere/report/", "/311/nowhere/"):
        page = client.get(path).content.decode()
        assert 'Call the city\'s service line, <a href="tel:3165550100">316 555 0100</a>.' in page, path
    assert "Report a problem</a>" not in client.get("/311/nowhere/").content.decode()


def test_report_form_offers_choose_a_problem_first_then_services_by_group(client, city):
    ServiceFactory(city=city, service_code="GRF", service_name="Graffiti", group="Parks")
    ServiceFactory(city=city, service_code="ZZZ", service_name="Something else", group="")
    html = client.get("/311/bloomington/report/").content.decode()
    assert html.index('<option value="" selected>Choose a problem</option>') < html.index('<optgroup label="Parks">')
    assert html.index('<optgroup label="Parks">') < html.index("Graffiti") < html.index("Something else")
    assert "(required)" in html and "(optional)" in html


def test_near_me_says_what_period_and_distance_it_covers(client, city, settings):
    settings.OPEN311_NEAR_ME_DAYS = 365
    html = client.get("/311/bloomington/", {"lat": 39.16, "long": -86.52, "radius": 800}).content.decode()
    assert "Requests within 800 m of your location, reported in the last 365 days." in html


def test_the_confirmation_page_gives_the_request_number_and_what_happens_next_but_no_contact(client, city):
    created = ServiceRequestFactory(service__city=city, reporter_email="pat.private@example.org")
    page = client.get(f"/311/bloomington/report/sent/{created.id}/").content.decode()
    assert f"Your request number is <strong>#{created.id}</strong>" in page and "What happens next" in page
    assert "pat.private" not in page


def test_the_report_map_opens_at_the_middle_of_the_citys_requests_not_at_0_0(client, city):
    service = ServiceRequestFactory(service__city=city, lat=39.16, long=-86.52).service
    ServiceRequestFactory(service=service, lat=39.18, long=-86.54)
    ServiceRequestFactory(service=service, lat=0.0, long=0.0)
    page = client.get("/311/bloomington/report/").content.decode()
    assert 'id="pin-map"' in page and 'data-lat="39.17"' in page and 'data-long="-86.53"' in page
