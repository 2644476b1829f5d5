"""311 personal data is erased once a request has been closed or deleted for the city's retention period."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from requests311.models import ServiceRequest
from requests311.services.retention import personal_data_expire
from requests311.tasks import expire_personal_data
from tests.factories import CityFactory
from tests.factories.requests311 import ServiceRequestFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture
def city():
    return CityFactory(city_key="springfield", requests311_retention_days=30)


def _ago(days: int) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


def _contact(request: ServiceRequest) -> tuple[str, str, str]:
    request.refresh_from_db()
    return request.reporter_name, request.reporter_email, request.reporter_phone


def test_contact_details_of_a_request_closed_past_retention_are_erased(city):
    old = ServiceRequestFactory(service__city=city, status="closed", closed_at=_ago(31))
    assert personal_data_expire(city=city, now=NOW) == 1
    assert _contact(old) == ("", "", "")
    assert old.description == "Deep pothole in the right lane"  # the public part stays


def test_a_request_deleted_past_retention_is_erased_too(city):
    deleted = ServiceRequestFactory(service__city=city, deleted_at=_ago(45))
    personal_data_expire(city=city, now=NOW)
    assert _contact(deleted) == ("", "", "")


def test_open_and_recently_closed_requests_keep_their_contact(city):
    open_one = ServiceRequestFactory(service__city=city, requested_at=_ago(400))
    recent = ServiceRequestFactory(service__city=city, status="closed", closed_at=_ago(29))
    assert personal_data_expire(city=city, now=NOW) == 0
    assert _contact(open_one)[1] == _contact(recent)[1] == "pat.private@example.org"


def test_the_photo_the_form_stored_is_deleted_and_unlinked(city, django_capture_on_commit_callbacks):
    name = default_storage.save("311/retention-test.jpg", ContentFile(b"\xff\xd8\xff photo"))
    old = ServiceRequestFactory(
        service__city=city, closed_at=_ago(60), media_url=f"http://testserver/media/{name}", reporter_name=""
    )
    with django_capture_on_commit_callbacks(execute=True):
        personal_data_expire(city=city, now=NOW)
    old.refresh_from_db()
    assert old.media_url == ""
    assert not default_storage.exists(name)


def test_a_photo_linked_from_another_feed_is_left_alone(city):
    imported = ServiceRequestFactory(service__city=city, closed_at=_ago(60), media_url="https://city.example/p.jpg")
    personal_data_expire(city=city, now=NOW)
    imported.refresh_from_db()
    assert imported.media_url == "https://city.example/p.jpg"


def test_a_city_that_keeps_personal_data_erases_nothing(city):
    city.requests311_retention_days = 0
    old = ServiceRequestFactory(service__city=city, closed_at=_ago(3000))
    assert personal_data_expire(city=city, now=NOW) == 0
    assert _contact(old)[0] == "Pat Private"


def test_the_daily_task_covers_every_city(city):
    other = CityFactory(city_key="shelbyville", requests311_retention_days=10)
    ServiceRequestFactory(service__city=city, closed_at=_ago(3000))
    ServiceRequestFactory(service__city=other, closed_at=_ago(3000))
    assert expire_personal_data.delay().get() == {"springfield": 1, "shelbyville": 1}
