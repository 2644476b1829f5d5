"""Staff see and edit only their cities in the admin; superusers see everything."""

import pytest
from django.contrib.auth.models import Permission

from cities.models import AuditEntry
from tests.factories import (
    CityFactory,
    CouncilMemberFactory,
    MeetingFactory,
    StaffCityAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cities():
    return CityFactory(name="Home Town"), CityFactory(name="Elsewhere")


@pytest.fixture
def staff_client(client, two_cities):
    home, _ = two_cities
    assignment = StaffCityAssignmentFactory(city=home)
    user = assignment.user
    user.user_permissions.set(Permission.objects.filter(
        content_type__app_label__in=["cities", "meetings", "votes"],
    ))
    client.force_login(user)
    return client


def test_staff_change_list_shows_only_their_city(staff_client, two_cities):
    home, elsewhere = two_cities
    MeetingFactory(city=home, meeting_type="Home Council")
    MeetingFactory(city=elsewhere, meeting_type="Foreign Council")
    page = staff_client.get("/admin/meetings/meeting/").content.decode()
    assert "Home Council" in page
    assert "Foreign Council" not in page


def test_staff_get_404_for_another_citys_object(staff_client, two_cities):
    _, elsewhere = two_cities
    meeting = MeetingFactory(city=elsewhere)
    assert staff_client.get(f"/admin/meetings/meeting/{meeting.pk}/change/").status_code == 404
    assert staff_client.get(f"/admin/meetings/meeting/{meeting.pk}/delete/").status_code == 404


def test_staff_cannot_edit_another_citys_object_by_post(staff_client, two_cities):
    _, elsewhere = two_cities
    member = CouncilMemberFactory(city=elsewhere, full_name="Untouched Name")
    response = staff_client.post(f"/admin/cities/councilmember/{member.pk}/change/", {"full_name": "Hacked"})
    assert response.status_code == 404
    member.refresh_from_db()
    assert member.full_name == "Untouched Name"


def test_staff_foreign_key_choices_exclude_other_cities(staff_client, two_cities):
    home, elsewhere = two_cities
    CouncilMemberFactory(city=home, full_name="Local Member")
    CouncilMemberFactory(city=elsewhere, full_name="Foreign Member")

    def choices(field_name: str, term: str) -> set[str]:
        response = staff_client.get("/admin/autocomplete/", {
            "app_label": "cities", "model_name": "term", "field_name": field_name, "term": term})
        return {row["text"] for row in response.json()["results"]}

    assert choices("member", "Member") == {"Local Member"}
    assert choices("city", "") == {"Home Town"}
    # A plain select (no autocomplete) is scoped too: the meeting form's city choices.
    page = staff_client.get("/admin/meetings/meeting/add/").content.decode()
    assert "Elsewhere" not in page


def test_staff_cannot_create_a_row_in_another_city(staff_client, two_cities):
    _, elsewhere = two_cities
    response = staff_client.post("/admin/meetings/meeting/add/", {
        "city": elsewhere.pk, "meeting_date": "2025-01-07", "meeting_type": "Sneaky", "status": "held",
        "items-TOTAL_FORMS": "0", "items-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200  # the form comes back with an error
    assert "Select a valid choice" in response.content.decode()
    assert not elsewhere.meetings.exists()


def test_superuser_sees_every_city(client, two_cities):
    home, elsewhere = two_cities
    MeetingFactory(city=home, meeting_type="Home Council")
    MeetingFactory(city=elsewhere, meeting_type="Foreign Council")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get("/admin/meetings/meeting/").content.decode()
    assert "Home Council" in page and "Foreign Council" in page


def test_admin_change_is_audited_with_old_and_new_values(staff_client, two_cities):
    home, _ = two_cities
    member = CouncilMemberFactory(city=home, full_name="Old Name")
    response = staff_client.post(f"/admin/cities/councilmember/{member.pk}/change/", {
        "city": home.pk, "full_name": "New Name", "photo_url": "", "bio": "", "party_affiliation": "",
        "terms-TOTAL_FORMS": "0", "terms-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302
    entry = AuditEntry.objects.get(model="councilmember", object_id=str(member.pk))
    assert entry.action == "update"
    assert entry.changes == {"full_name": ["Old Name", "New Name"]}
    assert entry.city_id == home.pk
    assert entry.username == response.wsgi_request.user.username


def test_audit_log_is_read_only_in_the_admin(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/admin/cities/auditentry/").status_code == 200
    assert client.get("/admin/cities/auditentry/add/").status_code == 403
