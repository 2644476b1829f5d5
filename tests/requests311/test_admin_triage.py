"""311 triage in the admin: status and public note through the service, the request's place, photo and
reporter for its own city's staff only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from cities.models import AuditEntry
from requests311.models import ServiceRequest
from tests.factories import CityFactory, ServiceRequestFactory, StaffCityAssignmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pothole():
    return ServiceRequestFactory(
        service__service_name="Pothole repair", service__city__city_key="bloomington", media_url="/media/311/a.jpg"
    )


def _staff_of(client, city):
    user = StaffCityAssignmentFactory(city=city).user
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="requests311"))
    client.force_login(user)
    return client


def _triage(client, request: ServiceRequest, *, status: str, note: str):
    form = {
        "new_status": status, "public_note": note, "service": request.service_id, "priority": request.priority,
        "agency_responsible": "", "description": request.description, "address": "", "lat": request.lat,
        "long": request.long, "reporter_name": request.reporter_name, "reporter_email": request.reporter_email,
        "reporter_phone": request.reporter_phone, "address_id": "", "zipcode": "",
        "service_notice": "", "attributes": "{}", "expected_at_0": "", "expected_at_1": "",
        "history-TOTAL_FORMS": "0", "history-INITIAL_FORMS": "0",
    }  # fmt: skip
    return client.post(f"/admin/requests311/servicerequest/{request.pk}/change/", form)


def test_the_triage_form_shows_the_service_by_name_the_map_the_photo_and_the_reporter(client, pothole):
    page = _staff_of(client, pothole.city).get(f"/admin/requests311/servicerequest/{pothole.pk}/change/")
    html = page.content.decode()
    assert "Pothole repair" in html and 'id="map"' in html and 'data-lat="39.1653"' in html
    assert '<img class="triage-photo" src="/media/311/a.jpg"' in html
    assert "pat.private@example.org" in html


def test_staff_of_another_city_cannot_open_the_request_or_see_its_reporter(client, pothole):
    page = _staff_of(client, CityFactory()).get(f"/admin/requests311/servicerequest/{pothole.pk}/change/")
    assert page.status_code == 404 and b"pat.private" not in page.content


def test_a_status_change_with_a_note_goes_to_the_history_the_audit_log_and_the_public_page(client, pothole):
    response = _triage(_staff_of(client, pothole.city), pothole, status="in_progress", note="Crew on Monday")
    assert response.status_code == 302
    pothole.refresh_from_db()
    assert (pothole.status, pothole.status_notes) == ("in_progress", "Crew on Monday")
    change = pothole.history.get()
    assert (change.from_status, change.to_status, change.note) == ("open", "in_progress", "Crew on Monday")
    audited = AuditEntry.objects.get(object_id=str(pothole.pk))
    assert {"new_status", "public_note"} <= set(audited.changes)
    assert "Crew on Monday" in client.get(f"/311/bloomington/requests/{pothole.pk}/").content.decode()


def test_a_new_note_alone_is_written_to_the_history_with_the_same_status(client, pothole):
    _triage(_staff_of(client, pothole.city), pothole, status="open", note="Inspected: not urgent")
    change = pothole.history.get()
    assert (change.from_status, change.to_status, change.note) == ("open", "open", "Inspected: not urgent")
