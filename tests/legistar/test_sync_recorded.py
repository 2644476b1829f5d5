"""The real client and sync over recorded Legistar responses served by a local replay of the API."""

import datetime as dt

import pytest

from cities.models import Body, CouncilMember, DataSyncLog, Membership
from devtools.legistar_recorded import oakland_events, seattle_vote_rows
from legistar.sync import legistar_sync
from meetings.models import AgendaItem, Document, Meeting
from tests.legistar.conftest import REALDATA
from votes.models import MemberVote, Vote, VoteChoice, VoteValueMapping

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("id", "updated_at"))
        for model in (CouncilMember, Body, Membership, Meeting, AgendaItem, Vote, MemberVote, Document)
    }


def titled(items: list[dict]) -> list[dict]:
    return [i for i in items if i.get("EventItemTitle") or i.get("EventItemMatterName")]


def test_philadelphia_people_terms_meetings_and_items_land(phila, make_client, replay):
    report = legistar_sync(city=phila, client=make_client("phila"), full=True)
    assert report.error == ""
    assert set(CouncilMember.objects.filter(city=phila).values_list("full_name", flat=True)) == {
        "Councilmember DiCicco",
        "Councilmember Miller",
        "Councilmember Rizzo",
    }
    assert Membership.objects.filter(city=phila, member__legistar_person_id=2).count() == 3
    assert Meeting.objects.filter(city=phila).count() == 3
    rules = Meeting.objects.get(city=phila, legistar_event_id=6376)
    assert rules.meeting_type == "Committee on Rules"
    assert rules.starts_at == dt.datetime(2026, 6, 3, 18, 0, tzinfo=dt.UTC)  # 2:00 PM in Philadelphia
    recorded = replay.routes["phila/events/6376/eventitems"]
    assert AgendaItem.objects.filter(meeting=rules).count() == len(titled(recorded)) == 19
    assert AgendaItem.objects.filter(meeting=rules, file_number="260165", matter_type="Bill").exists()


def test_second_sync_of_unchanged_data_writes_nothing(phila, make_client):
    legistar_sync(city=phila, client=make_client("phila"), full=True)
    before = snapshot()
    report = legistar_sync(city=phila, client=make_client("phila"), full=True)
    assert report.total("created") == report.total("updated") == 0
    assert snapshot() == before


def test_every_run_is_logged_with_counts_and_skips(phila, make_client):
    legistar_sync(city=phila, client=make_client("phila"), full=True)
    log = DataSyncLog.objects.get(city=phila)
    # Two recorded Philadelphia items have neither a title nor a matter name.
    assert log.status == DataSyncLog.Status.PARTIAL
    assert log.counts["agenda_item"] == {"created": 19, "skipped": 2}
    assert [s["reason"] for s in log.skipped] == ["no title", "no title"]
    assert log.completed_at is not None


def test_dallas_roll_calls_become_member_votes_with_raw_values_kept(dallas, make_client):
    VoteValueMapping.objects.create(city=dallas, raw_value="AWVT", vote_choice=VoteChoice.ABSENT)
    legistar_sync(city=dallas, client=make_client("dallas"), full=True)
    assert Vote.objects.filter(city=dallas).count() == 260
    assert MemberVote.objects.filter(city_id=dallas.id).count() == 3900
    awvt = MemberVote.objects.filter(city_id=dallas.id, raw_value="AWVT")
    assert awvt.exists() and set(awvt.values_list("vote_choice", flat=True)) == {VoteChoice.ABSENT}
    split = Vote.objects.filter(city=dallas, no_count__gt=0).first()
    assert (
        split.yes_count
        + split.no_count
        + split.absent_count
        + split.abstain_count
        + MemberVote.objects.filter(vote=split, vote_choice=VoteChoice.UNKNOWN).count()
        == 15
    )


def test_unknown_vote_values_are_kept_raw_and_reported_never_guessed(dallas, make_client):
    report = legistar_sync(city=dallas, client=make_client("dallas"), full=True)
    unknown = MemberVote.objects.filter(city_id=dallas.id, vote_choice=VoteChoice.UNKNOWN)
    # Dallas's codes for "absent when the vote was taken" and "abstain" mean nothing to the defaults.
    assert {"AWVT", "ABST"} <= set(unknown.values_list("raw_value", flat=True)) <= {"AWVT", "ABSNT", "ABST"}
    assert report.unknown_vote_values["AWVT"] == unknown.filter(raw_value="AWVT").count()
    assert any(s["reason"].startswith("unknown vote value") for s in report.skipped)


def test_items_without_a_source_id_are_skipped_with_a_reason(dallas, make_client):
    report = legistar_sync(city=dallas, client=make_client("dallas"), full=True)
    assert {"object": "agenda_item", "source_id": None, "reason": "missing EventItemId"} in report.skipped
    assert DataSyncLog.objects.get(city=dallas).status == DataSyncLog.Status.PARTIAL


def test_an_item_without_roll_call_gets_the_apis_500_and_that_means_no_votes(phila, make_client, replay):
    item = replay.routes["phila/events/6376/eventitems"][0]
    item["EventItemPassedFlag"] = 1  # acted on, by voice: the API answers its /votes with HTTP 500
    report = legistar_sync(city=phila, client=make_client("phila"), full=True)
    votes_requests = [r for r in replay.requests if r.startswith(f"/phila/eventitems/{item['EventItemId']}/votes")]
    assert len(votes_requests) == 1  # not retried
    assert report.error == ""
    vote = Vote.objects.get(agenda_item__legistar_item_id=item["EventItemId"])
    assert (vote.kind, vote.passed) == (Vote.Kind.VOICE, True)
    assert not MemberVote.objects.filter(vote=vote).exists()


def test_unknown_person_in_a_roll_call_is_skipped_not_invented(phila, make_client, replay):
    """Seattle's recorded roll call served for a Philadelphia item: its voters are unknown there."""
    items = replay.routes["phila/events/6376/eventitems"]
    items[0]["EventItemPassedFlag"] = 1
    replay.routes[f"phila/eventitems/{items[0]['EventItemId']}/votes"] = seattle_vote_rows(REALDATA)
    report = legistar_sync(city=phila, client=make_client("phila"), full=True)
    assert MemberVote.objects.count() == 0
    assert sum(1 for s in report.skipped if "unknown person" in s["reason"]) == 5
    assert Vote.objects.get(agenda_item__legistar_item_id=items[0]["EventItemId"]).passed is True


def test_a_full_page_of_1000_events_is_followed_by_another_request(db, replay, make_client):
    from cities.services import city_create

    city = city_create(
        city_key="oakland",
        name="Oakland, CA",
        state="CA",
        total_seats=8,
        legistar_client="oakland",
        timezone_name="America/Los_Angeles",
    )
    replay.routes.update({"oakland/persons": [], "oakland/events": oakland_events(REALDATA)})
    replay.default = []  # unrecorded event items: none
    legistar_sync(city=city, client=make_client("oakland"), full=True)
    assert Meeting.objects.filter(city=city).count() == 1000
    assert any("%24skip=1000" in r or "$skip=1000" in r for r in replay.requests)


def test_meetings_with_minutes_queue_their_minutes_for_search(dallas, make_client):
    from meetings.models import MinutesDocument

    legistar_sync(city=dallas, client=make_client("dallas"), full=True)
    with_minutes = Meeting.objects.filter(city=dallas).exclude(minutes_url="")
    assert with_minutes.exists()
    documents = MinutesDocument.objects.filter(city=dallas)
    assert set(documents.values_list("source", flat=True)) == set(with_minutes.values_list("minutes_url", flat=True))
    assert set(documents.values_list("status", flat=True)) == {MinutesDocument.Status.PENDING}
    legistar_sync(city=dallas, client=make_client("dallas"), full=True)
    assert MinutesDocument.objects.filter(city=dallas).count() == documents.count()  # not queued twice
