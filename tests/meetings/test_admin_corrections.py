"""A staff correction of an ingested item title: a reason is asked for, kept, and shown on the item page."""

import pytest

from cities.models import Correction
from tests.admin_forms import change_form_data
from tests.factories import CityFactory, UserFactory
from tests.factories.votes import VoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    vote = VoteFactory(agenda_item__meeting__city=CityFactory(city_key="springfield"))
    item = vote.agenda_item
    item.legistar_item_id = 4242  # it came from the city's Legistar: the next sync would write it again
    item.save()
    return item


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _retitle(admin_client, item, title: str, reason: str):
    change = f"/admin/meetings/agendaitem/{item.pk}/change/"
    data = change_form_data(admin_client.get(change)) | {"title": title, "correction_reason": reason}
    return admin_client.post(change, data)


def test_a_title_correction_without_a_reason_is_refused(admin_client, item):
    answer = _retitle(admin_client, item, "Repave Elm Street", reason="")
    assert answer.status_code == 200 and "Say why this is corrected" in answer.content.decode()
    assert not Correction.objects.exists()


def test_a_title_correction_is_kept_and_the_item_page_says_so(admin_client, client, item):
    original = item.title
    assert (
        _retitle(admin_client, item, "Repave Elm Street", reason="The source misspells the street").status_code == 302
    )
    correction = Correction.objects.get()
    assert (correction.model, correction.field, correction.original_value) == ("meetings.agendaitem", "title", original)
    html = client.get(f"/springfield/items/{item.pk}/").content.decode()
    assert "Repave Elm Street" in html and "Title corrected by city staff on" in html
    assert "The source misspells the street" in html


def test_an_edit_of_an_item_staff_entered_needs_no_reason(admin_client, item):
    item.legistar_item_id = None
    item.save()
    assert _retitle(admin_client, item, "Repave Elm Street", reason="").status_code == 302
    assert not Correction.objects.exists()
