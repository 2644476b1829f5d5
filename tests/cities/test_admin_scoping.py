"""Staff see and edit only their cities in the admin; superusers see everything."""

import pytest
from django.contrib.auth.models import Permission

from cities.models import AuditEntry
from meetings.models import AgendaItemCategory
from tests.factories import (
    AgendaItemCategoryFactory,
    AgendaItemFactory,
    CategoryFactory,
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
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["cities", "meetings", "votes"],
        )
    )
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
        response = staff_client.get(
            "/admin/autocomplete/",
            {"app_label": "cities", "model_name": "membership", "field_name": field_name, "term": term},
        )
        return {row["text"] for row in response.json()["results"]}

    assert choices("member", "Member") == {"Local Member"}
    assert choices("city", "") == {"Home Town"}
    # A plain select (no autocomplete) is scoped too: the meeting form's city choices.
    page = staff_client.get("/admin/meetings/meeting/add/").content.decode()
    assert "Elsewhere" not in page


def test_staff_cannot_create_a_row_in_another_city(staff_client, two_cities):
    _, elsewhere = two_cities
    response = staff_client.post(
        "/admin/meetings/meeting/add/",
        {
            "city": elsewhere.pk,
            "meeting_date": "2025-01-07",
            "meeting_type": "Sneaky",
            "status": "held",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
        },
    )
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
    response = staff_client.post(
        f"/admin/cities/councilmember/{member.pk}/change/",
        {
            "city": home.pk,
            "full_name": "New Name",
            "photo_url": "",
            "bio": "",
            "party_affiliation": "",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
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


@pytest.fixture
def categories(two_cities):
    """A shared (city-less) category, one of the staff user's city and one of another city."""
    home, elsewhere = two_cities
    return (
        CategoryFactory(city=None, name="Shared Parks"),
        CategoryFactory(city=home, name="Home Roads"),
        CategoryFactory(city=elsewhere, name="Foreign Zoning"),
    )


def test_staff_category_list_shows_shared_and_own_categories_only(staff_client, categories):
    page = staff_client.get("/admin/cities/category/").content.decode()
    assert "Shared Parks" in page and "Home Roads" in page
    assert "Foreign Zoning" not in page


def test_staff_may_view_a_shared_category_but_not_change_it(staff_client, categories):
    shared = categories[0]
    url = f"/admin/cities/category/{shared.pk}/change/"
    assert staff_client.get(url).status_code == 200
    assert staff_client.post(url, {"name": "Renamed", "display_order": "0"}).status_code == 403
    shared.refresh_from_db()
    assert shared.name == "Shared Parks"


def test_staff_category_autocomplete_offers_shared_and_own_categories(staff_client, categories):
    response = staff_client.get(
        "/admin/autocomplete/",
        {"app_label": "meetings", "model_name": "agendaitemcategory", "field_name": "category", "term": ""},
    )
    assert {row["text"] for row in response.json()["results"]} == {"Shared Parks", "Home Roads"}


def _item_form(item, category, *, title=None, link=None) -> dict:
    """What the agenda item's change form posts with one category inline: `link` is the existing one."""
    return {
        "meeting": item.meeting_id,
        "city": item.city_id,
        "sequence": item.sequence,
        "kind": "matter",
        "title": title or item.title,
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "agendaitemcategory_set-TOTAL_FORMS": "1",
        "agendaitemcategory_set-INITIAL_FORMS": "1" if link else "0",
        **({"agendaitemcategory_set-0-id": link.pk} if link else {}),
        "agendaitemcategory_set-0-agenda_item": item.pk,
        "agendaitemcategory_set-0-category": category.pk,
    }


def test_staff_can_save_an_agenda_item_filed_under_a_shared_category(staff_client, two_cities, categories):
    home, _ = two_cities
    item = AgendaItemFactory(city=home, meeting=MeetingFactory(city=home), title="Old title")
    link = AgendaItemCategoryFactory(agenda_item=item, category=categories[0])
    # What a browser sends back: the inline's select must hold the shared category, or it posts nothing.
    page = staff_client.get(f"/admin/meetings/agendaitem/{item.pk}/change/").content.decode()
    assert f'<option value="{categories[0].pk}" selected>Shared Parks</option>' in page
    response = staff_client.post(
        f"/admin/meetings/agendaitem/{item.pk}/change/", _item_form(item, categories[0], title="New title", link=link)
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "New title"
    assert list(item.categories.all()) == [categories[0]]


def test_staff_filing_an_agenda_item_under_a_category_links_it_in_the_items_city(staff_client, two_cities, categories):
    home, _ = two_cities
    item = AgendaItemFactory(city=home, meeting=MeetingFactory(city=home))
    response = staff_client.post(f"/admin/meetings/agendaitem/{item.pk}/change/", _item_form(item, categories[1]))
    assert response.status_code == 302
    assert list(AgendaItemCategory.objects.filter(agenda_item=item).values_list("category_id", "city_id")) == [
        (categories[1].pk, home.pk)
    ]


def test_staff_filing_an_agenda_item_twice_under_one_category_is_told_so(staff_client, two_cities, categories):
    home, _ = two_cities
    item = AgendaItemFactory(city=home, meeting=MeetingFactory(city=home))
    AgendaItemCategoryFactory(agenda_item=item, category=categories[1])
    form = _item_form(item, categories[1], link=item.agendaitemcategory_set.get()) | {
        "agendaitemcategory_set-TOTAL_FORMS": "2",
        "agendaitemcategory_set-1-agenda_item": item.pk,
        "agendaitemcategory_set-1-category": categories[1].pk,
    }
    response = staff_client.post(f"/admin/meetings/agendaitem/{item.pk}/change/", form)
    assert response.status_code == 200
    assert "An item is filed under each category once." in response.content.decode()
    assert item.agendaitemcategory_set.count() == 1


def test_staff_cannot_file_an_agenda_item_under_another_citys_category(staff_client, two_cities, categories):
    home, _ = two_cities
    item = AgendaItemFactory(city=home, meeting=MeetingFactory(city=home))
    response = staff_client.post(f"/admin/meetings/agendaitem/{item.pk}/change/", _item_form(item, categories[2]))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not item.categories.exists()


def test_staff_cannot_create_a_shared_category(staff_client, two_cities):
    from cities.models import Category

    response = staff_client.post(
        "/admin/cities/category/add/", {"name": "Everyone's", "city": "", "display_order": "0"}
    )
    assert response.status_code == 200  # the form comes back with an error
    assert "This field is required" in response.content.decode()
    assert not Category.objects.filter(name="Everyone's").exists()


def test_staff_create_a_category_of_their_own_city(staff_client, two_cities):
    from cities.models import Category

    home, _ = two_cities
    staff_client.post("/admin/cities/category/add/", {"name": "Home Parks", "city": home.pk, "display_order": "0"})
    assert Category.objects.get(name="Home Parks").city == home


@pytest.fixture
def user_admin_client(client, two_cities):
    """Staff of the home city who were given every user permission."""
    home, _ = two_cities
    clerk = StaffCityAssignmentFactory(city=home, user__username="clerk").user
    clerk.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["auth", "cities"]))
    client.force_login(clerk)
    return client, clerk


def test_staff_cannot_make_themselves_superuser(user_admin_client):
    client, clerk = user_admin_client
    form = {"username": "clerk", "is_active": "on", "is_staff": "on", "is_superuser": "on",
            "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"}  # fmt: skip
    client.post(f"/admin/auth/user/{clerk.pk}/change/", form)
    clerk.refresh_from_db()
    assert not clerk.is_superuser


def test_staff_see_only_the_users_of_their_own_cities(user_admin_client, two_cities):
    client, _ = user_admin_client
    colleague = StaffCityAssignmentFactory(city=two_cities[0], user__username="colleague").user
    stranger = StaffCityAssignmentFactory(city=two_cities[1], user__username="stranger").user
    boss = UserFactory(username="boss", is_superuser=True, is_staff=True)
    page = client.get("/admin/auth/user/").content.decode()
    assert "colleague" in page and "stranger" not in page and "boss" not in page
    assert client.get(f"/admin/auth/user/{stranger.pk}/change/").status_code in (302, 404)
    assert client.get(f"/admin/auth/user/{boss.pk}/change/").status_code in (302, 404)
    assert client.get(f"/admin/auth/user/{colleague.pk}/change/").status_code == 200


def test_staff_cannot_move_an_api_key_or_raise_its_rate(staff_client, two_cities):
    from tests.factories.cities import ApiKeyFactory

    home, elsewhere = two_cities
    key = ApiKeyFactory(name="newsroom", city=home, requests_per_minute=60)
    staff_client.post(
        f"/admin/cities/apikey/{key.pk}/change/",
        {"name": "newsroom", "city": elsewhere.pk, "requests_per_minute": 100000},
    )
    key.refresh_from_db()
    assert (key.city_id, key.requests_per_minute) == (home.pk, 60)
