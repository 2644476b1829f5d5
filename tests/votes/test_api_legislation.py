"""The read-only legislation API: matters with their filters and story, bodies, sitting members."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    BodyFactory,
    CouncilMemberFactory,
    MatterActionFactory,
    MatterAttachmentFactory,
    MatterFactory,
    MatterSponsorFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db
MATTERS = "/api/cities/springfield/matters/"


@pytest.fixture
def matter(council):
    city = council["city"]
    matter = MatterFactory(city=city, file_number="Int 0047-2024", status="Adopted", enactment_number="LL 12/2024")
    MatterSponsorFactory(matter=matter, member=council["ann"], sequence=0, is_primary=True)
    MatterSponsorFactory(matter=matter, member=None, name="Public Advocate", sequence=1, is_primary=False)
    vote = council["votes"][3]
    MatterActionFactory(matter=matter, action_date=dt.date(2024, 3, 1), action_name="Approved by Council",
                        meeting=vote.agenda_item.meeting, agenda_item=vote.agenda_item, passed=True,
                        tally="3-0")  # fmt: skip
    MatterActionFactory(matter=matter, action_date=dt.date(2024, 1, 10), action_name="Introduced")
    MatterAttachmentFactory(matter=matter, name="Fiscal Impact Statement")
    return matter


def test_a_matter_has_sponsors_in_sequence_and_its_history_in_date_order(client, council, matter):
    body = client.get(f"{MATTERS}{matter.id}/").json()
    assert (body["file"], body["status"], body["enactment_number"]) == ("Int 0047-2024", "Adopted", "LL 12/2024")
    assert body["sponsors"] == [
        {"member": council["ann"].id, "name": "Ann Able", "primary": True},
        {"member": None, "name": "Public Advocate", "primary": False},
    ]
    assert [h["action"] for h in body["history"]] == ["Introduced", "Approved by Council"]
    voted = body["history"][1]
    assert (voted["passed"], voted["tally"], voted["vote"]) == (True, "3-0", council["votes"][3].id)
    assert voted["meeting"] == council["votes"][3].agenda_item.meeting_id
    assert body["history"][0]["vote"] is None
    assert body["attachments"][0]["name"] == "Fiscal Impact Statement"


def test_the_detail_costs_the_same_queries_whatever_its_history(client, council, matter):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{MATTERS}{matter.id}/").status_code == 200
        return len(captured)

    queries()
    before = queries()
    MatterActionFactory.create_batch(20, matter=matter)
    assert queries() == before


@pytest.mark.parametrize("typed", ["Int 0047-2024", "int 47-2024", "0047-2024"])
def test_the_file_filter_takes_a_file_number_as_typed(client, matter, typed):
    assert [m["id"] for m in client.get(MATTERS, {"file": typed}).json()["results"]] == [matter.id]


def test_sponsor_body_status_type_and_dates_filter(client, council, matter):
    committee = BodyFactory(city=council["city"])
    other = MatterFactory(
        city=council["city"], body=committee, matter_type="Resolution", intro_date=dt.date(2023, 5, 1)
    )
    assert [m["id"] for m in client.get(MATTERS, {"sponsor": council["ann"].id}).json()["results"]] == [matter.id]
    assert [m["id"] for m in client.get(MATTERS, {"body": committee.id}).json()["results"]] == [other.id]
    assert [m["id"] for m in client.get(MATTERS, {"type": "Resolution"}).json()["results"]] == [other.id]
    assert [m["id"] for m in client.get(MATTERS, {"status": "Adopted"}).json()["results"]] == [matter.id]
    dated = client.get(MATTERS, {"introduced_from": "2023-01-01", "introduced_to": "2023-12-31"}).json()
    assert [m["id"] for m in dated["results"]] == [other.id]


@pytest.mark.parametrize("query", [{"sponsor": "ann"}, {"introduced_from": "soon"}, {"cursor": "forged"}])
def test_bad_matter_filters_are_400_with_the_field_named(client, matter, query):
    response = client.get(MATTERS, query)
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == set(query)


def test_another_citys_matter_is_404(client, council):
    assert client.get(f"{MATTERS}{MatterFactory().id}/").status_code == 404


def test_a_withdrawn_matter_is_not_served(client, council, matter):
    matter.removed_upstream_at = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
    matter.save()
    assert client.get(f"{MATTERS}{matter.id}/").status_code == 404
    assert client.get(MATTERS).json()["results"] == []


def test_bodies_carry_kind_and_current_memberships_only(client, council):
    committee = BodyFactory(city=council["city"], name="Committee on Parks")
    MembershipFactory(member=council["bob"], body=committee, role="chair", title="Chair")
    MembershipFactory(
        member=council["cy"], body=committee, start_date=dt.date(2010, 1, 1), end_date=dt.date(2012, 1, 1)
    )
    rows = {b["name"]: b for b in client.get("/api/cities/springfield/bodies/").json()["results"]}
    parks = rows["Committee on Parks"]
    assert parks["kind"] == "committee"
    assert [m["member"] for m in parks["current_memberships"]] == [council["bob"].id]
    assert (
        client.get("/api/cities/springfield/bodies/", {"kind": "committee"}).json()["results"][0]["kind"] == "committee"
    )


def test_current_members_are_those_sitting_on_the_council_today(client, council):
    gone = CouncilMemberFactory(city=council["city"], full_name="Dee Done")
    MembershipFactory(member=gone, start_date=dt.date(2010, 1, 1), end_date=dt.date(2013, 12, 31))
    future_end = CouncilMemberFactory(city=council["city"], full_name="Eve Ending")
    MembershipFactory(member=future_end, start_date=dt.date(2022, 1, 1), end_date=dt.date(2099, 12, 31))
    names = {
        m["full_name"] for m in client.get("/api/cities/springfield/members/", {"current": "true"}).json()["results"]
    }
    assert names == {"Ann Able", "Bob Baker", "Cy Cole", "Eve Ending"}


def test_matters_are_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/cities/{city_key}/matters/{id}/" in schema and "introduced_from" in schema
