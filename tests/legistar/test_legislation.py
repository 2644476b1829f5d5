"""Bodies, memberships, matters (history, sponsors, attachments) and attendance from recorded Legistar data,
through the real client and sync, faults included."""

import datetime as dt

import pytest

from cities.models import Body, Membership
from cities.selectors import current_council, former_council
from legistar.sync import legistar_sync
from meetings.models import AgendaItem, Attendance, Matter, MatterAction, MatterAttachment, MatterSponsor
from meetings.selectors.matters import matter_by_file_number, public_matters

pytestmark = pytest.mark.django_db

LONG_AGO = dt.date(2000, 1, 1)


def legislation_snapshot(city):
    return {
        model.__name__: sorted(model.objects.filter(city=city).values_list("id", "updated_at"))
        for model in (Body, Membership, Matter, MatterSponsor, MatterAction, MatterAttachment, AgendaItem, Attendance)
    }


def test_office_records_become_memberships_of_the_bodies_they_name(phila, make_client):
    legistar_sync(city=phila, client=make_client("phila"), full=True)
    seats = Membership.objects.filter(city=phila, member__legistar_person_id=2).select_related("body")
    assert {(m.body.name, m.body.is_primary) for m in seats} == {
        ("City Council", True),  # "CITY COUNCIL" in the records: the city's council, not a second one
        ("Committee of the Whole", False),
        ("Committee on Rules", False),
    }
    assert all(m.end_date == dt.date(2003, 12, 31) for m in seats)
    assert Body.objects.filter(city=phila, is_primary=True).count() == 1


def test_a_member_whose_seat_ended_is_former_not_current(phila, make_client):
    legistar_sync(city=phila, client=make_client("phila"), full=True)
    assert current_council(cities=[phila])[phila.pk] == []
    assert [m.member.legistar_person_id for m in former_council(city=phila)] == [2]


def test_recorded_bodies_keep_their_kind(nyc, make_client):
    legistar_sync(city=nyc, client=make_client("nyc"), full=True)
    bodies = Body.objects.filter(city=nyc)
    primary = bodies.get(is_primary=True)
    assert (primary.name, primary.kind, primary.legistar_body_id is not None) == ("City Council", "council", True)
    assert bodies.filter(kind="subcommittee").count() == 4
    assert bodies.filter(kind="committee").count() >= 34
    assert bodies.filter(kind="caucus").count() >= 1


def test_agenda_items_are_appearances_of_their_matters(phila, make_client):
    legistar_sync(city=phila, client=make_client("phila"), full=True)
    items = AgendaItem.objects.filter(city=phila, removed_upstream_at__isnull=True)
    assert items.filter(matter__isnull=False).count() == 19
    item = items.get(file_number="260165")
    assert (item.matter.file_number, item.matter.matter_type, item.kind) == ("260165", "Bill", "matter")


def test_an_incremental_run_reads_the_matters_the_source_changed(phila, make_client):
    """Philadelphia's recorded matter 27257 is on no synced agenda: the source's list of changes brings it,
    with its history and its sponsor (a person the city's records do not know: the name is kept)."""
    legistar_sync(city=phila, client=make_client("phila"), full=True)
    assert not Matter.objects.filter(city=phila, legistar_matter_id=27257).exists()
    legistar_sync(city=phila, client=make_client("phila"), since=LONG_AGO)
    matter = Matter.objects.get(city=phila, legistar_matter_id=27257)
    assert (matter.file_number, matter.status, matter.intro_date) == ("260506", "IN COMMITTEE", dt.date(2026, 5, 14))
    (action,) = matter.actions.all()
    assert (action.action_name, action.action_date, action.body_name) == (
        "Introduced and Referred",
        dt.date(2026, 5, 14),
        "CITY COUNCIL",
    )
    assert action.meeting is None  # its meeting (event 6303) is not among the synced ones
    (sponsor,) = matter.sponsors.all()
    assert (sponsor.name, sponsor.member, sponsor.is_primary) == ("Councilmember Phillips", None, True)
    assert matter.last_action_date == dt.date(2026, 5, 14)


def test_a_matters_history_without_events_and_a_sponsor_nobody_knows(nyc, make_client):
    legistar_sync(city=nyc, client=make_client("nyc"), since=LONG_AGO)
    matter = Matter.objects.get(city=nyc, legistar_matter_id=17071)
    assert matter.file_number == "LU 1505-1997" and matter.name.startswith("ULURP")
    assert [a.action_name for a in matter.actions.order_by("action_date", "id")][-1] == "Approved by Council"
    assert matter.actions.count() == 8 and not matter.actions.filter(meeting__isnull=False).exists()
    assert matter.last_action_date == dt.date(1998, 1, 7)
    assert list(matter.sponsors.values_list("name", "member")) == [("June M. Eisland", None)]


@pytest.mark.parametrize("typed", ["LU 1505-1997", "lu 1505-1997", "1505-1997", "  LU  01505-1997 "])
def test_a_file_number_is_found_as_people_type_it(nyc, make_client, typed):
    legistar_sync(city=nyc, client=make_client("nyc"), since=LONG_AGO)
    assert matter_by_file_number(city=nyc, text=typed).legistar_matter_id == 17071


def test_only_public_attachments_are_stored_and_one_made_private_is_removed(metro, make_client, replay):
    legistar_sync(city=metro, client=make_client("metro"), full=True)
    matter = Matter.objects.get(city=metro)
    assert matter.attachments.count() == 4
    route = replay.routes[f"metro/matters/{matter.legistar_matter_id}/attachments"]
    route[1]["MatterAttachmentShowOnInternetPage"] = False
    legistar_sync(city=metro, client=make_client("metro"), full=True)
    names = set(matter.attachments.values_list("name", flat=True))
    assert len(names) == 3 and "September 2024 RBM Public Comments" not in names


def test_a_matter_whose_history_answers_500_keeps_the_rest_and_says_why(metro, make_client, replay):
    matter_id = replay.routes["metro/matters"][0]["MatterId"]
    replay.add_fault(f"metro/matters/{matter_id}/histories", "500", "500", "500")
    report = legistar_sync(city=metro, client=make_client("metro", max_attempts=3), full=True)
    matter = Matter.objects.get(city=metro)
    assert matter.attachments.count() == 4
    assert any("history could not be read" in s["reason"] for s in report.skipped)
    assert report.error == ""  # one matter's part is not an outage of the city


def test_a_matter_renamed_and_re_versioned_is_updated_not_duplicated(nyc, make_client, replay):
    legistar_sync(city=nyc, client=make_client("nyc"), since=LONG_AGO)
    before = Matter.objects.get(city=nyc, legistar_matter_id=17071)
    renamed = {"MatterName": "ULURP (renamed)", "MatterVersion": "A", "MatterLastModifiedUtc": "2026-11-30T10:00:00"}
    replay.routes["nyc/matters/17071"] = {**replay.routes["nyc/matters/17071"], **renamed}
    for row in replay.routes["nyc/matters"]:
        if row["MatterId"] == 17071:
            row.update(renamed)
    legistar_sync(city=nyc, client=make_client("nyc"), since=LONG_AGO)
    after = Matter.objects.get(city=nyc, legistar_matter_id=17071)
    assert (after.pk, after.name, after.version) == (before.pk, "ULURP (renamed)", "A")
    assert Matter.objects.filter(city=nyc, file_number="LU 1505-1997").count() == 1


def test_a_matter_the_source_withdraws_is_kept_and_hidden(phila, make_client, replay):
    legistar_sync(city=phila, client=make_client("phila"), full=True)
    gone = Matter.objects.get(city=phila, file_number="260165")
    del replay.routes[f"phila/matters/{gone.legistar_matter_id}"]  # the API no longer answers for it
    replay.routes["phila/matters"].remove(
        next(m for m in replay.routes["phila/matters"] if m["MatterFile"] == "260165")
    )
    report = legistar_sync(city=phila, client=make_client("phila"), full=True)
    gone.refresh_from_db()
    assert gone.removed_upstream_at is not None
    assert not public_matters(city=phila).filter(pk=gone.pk).exists()
    assert report.counts["matter"]["removed_upstream"] == 1


def test_a_second_run_over_unchanged_legislation_writes_nothing(nyc, make_client):
    legistar_sync(city=nyc, client=make_client("nyc"), since=LONG_AGO)
    before = legislation_snapshot(nyc)
    report = legistar_sync(city=nyc, client=make_client("nyc"), since=LONG_AGO)
    assert report.total("created") == report.total("updated") == 0
    assert legislation_snapshot(nyc) == before


def test_an_action_at_a_synced_meeting_links_to_it_and_its_agenda_item(phila, make_client, replay):
    items = replay.routes["phila/events/6376/eventitems"]
    item = next(i for i in items if i["EventItemMatterFile"] == "260165")
    replay.routes[f"phila/matters/{item['EventItemMatterId']}/histories"] = [
        {
            "MatterHistoryId": 990001,
            "MatterHistoryEventId": 6376,
            "MatterHistoryActionDate": "2026-06-03T14:00:00",
            "MatterHistoryActionName": "HEARING HELD",
            "MatterHistoryActionBodyName": "Committee on Rules",
            "MatterHistoryPassedFlag": None,
            "MatterHistoryTally": None,
            "MatterHistoryRollCallFlag": 0,
        }
    ]  # fmt: skip  -- a history row in the shape of the recorded ones, at the recorded meeting
    legistar_sync(city=phila, client=make_client("phila"), full=True)
    action = MatterAction.objects.get(city=phila, legistar_history_id=990001)
    assert action.meeting.legistar_event_id == 6376
    assert action.agenda_item.legistar_item_id == item["EventItemId"]


def test_an_incremental_run_reads_no_matter_that_did_not_change(nyc, make_client, replay):
    legistar_sync(city=nyc, client=make_client("nyc"), since=LONG_AGO)
    replay.requests.clear()
    legistar_sync(city=nyc, client=make_client("nyc"), since=LONG_AGO)
    assert not [path for path in replay.requests if path.startswith("/nyc/matters/")]
