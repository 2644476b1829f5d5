"""A member's name corrected in the admin: a reason for a name that came from the source, none for staff's own."""

import pytest

from cities.models import Correction
from tests.admin_forms import change_form_data
from tests.factories import CityFactory, CouncilMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _rename(admin_client, member, name: str, reason: str = "", **changes):
    change = f"/admin/cities/councilmember/{member.pk}/change/"
    data = change_form_data(admin_client.get(change)) | {"full_name": name, "correction_reason": reason, **changes}
    return admin_client.post(change, data)


def test_an_ingested_name_changed_without_a_reason_is_refused(admin_client):
    member = CouncilMemberFactory(city=CityFactory(), full_name="Adam Bazaldua", legistar_person_id=77)
    answer = _rename(admin_client, member, "Adam Bazaldúa")
    member.refresh_from_db()
    assert answer.status_code == 200 and member.full_name == "Adam Bazaldua" and not Correction.objects.exists()


def test_a_staff_entered_member_linked_to_the_source_and_renamed_in_one_save_is_no_correction(admin_client):
    member = CouncilMemberFactory(city=CityFactory(), full_name="Adam Bazaldua", legistar_person_id=None)
    assert _rename(admin_client, member, "Adam Bazaldúa", legistar_person_id="77").status_code == 302
    member.refresh_from_db()
    assert (member.full_name, member.legistar_person_id) == ("Adam Bazaldúa", 77)
    assert not Correction.objects.exists()
