"""Faults: retried when transient, skipped with a reason when malformed, never half a meeting."""

import pytest

from cities.models import CouncilMember, DataSyncLog
from legistar.sync import legistar_sync
from meetings.models import AgendaItem, Meeting
from votes.models import MemberVote, VoteChoice
from votes.vote_values import attendance_value_normalize, vote_value_normalize

pytestmark = pytest.mark.django_db


def test_a_500_then_success_is_retried(phila, make_client, replay):
    replay.add_fault("phila/events", "500")
    report = legistar_sync(city=phila, client=make_client("phila"), full=True)
    assert report.error == ""
    assert Meeting.objects.filter(city=phila).count() == 3


def test_a_slow_answer_times_out_and_is_retried(phila, make_client, replay):
    replay.add_fault("phila/persons", "slow")
    report = legistar_sync(city=phila, client=make_client("phila", timeout=0.3), full=True)
    assert report.error == ""
    assert CouncilMember.objects.filter(city=phila).count() == 3


def test_an_api_that_stays_down_fails_the_run_cleanly(phila, make_client, replay):
    replay.add_fault("phila/events", "503", "503", "503")
    report = legistar_sync(city=phila, client=make_client("phila"), full=True)
    assert report.unavailable is True
    assert "gave up after 3 attempts" in report.error
    log = DataSyncLog.objects.get(city=phila)
    assert log.status == DataSyncLog.Status.FAILED
    phila.refresh_from_db()
    assert phila.legistar_synced_through is None  # the next run starts from the same place


def test_malformed_json_skips_that_meeting_only(phila, make_client, replay):
    replay.add_fault("phila/events/6376/eventitems", "badjson")
    report = legistar_sync(city=phila, client=make_client("phila"), full=True)
    assert Meeting.objects.filter(city=phila).count() == 2
    assert not AgendaItem.objects.filter(city=phila).exists()
    assert any(s["source_id"] == 6376 and "malformed JSON" in s["reason"] for s in report.skipped)


def test_an_event_without_a_date_is_skipped(phila, make_client, replay):
    replay.routes["phila/events"][1]["EventDate"] = None
    report = legistar_sync(city=phila, client=make_client("phila"), full=True)
    assert Meeting.objects.filter(city=phila).count() == 2
    assert {"object": "meeting", "source_id": 6378, "reason": "missing EventId or a readable EventDate"} in (
        report.skipped
    )


def test_two_persons_with_the_same_name_stay_two_members(phila, make_client, replay):
    persons = replay.routes["phila/persons"]
    persons.append({**persons[0], "PersonId": 999})
    legistar_sync(city=phila, client=make_client("phila"), full=True)
    assert CouncilMember.objects.filter(city=phila, full_name=persons[0]["PersonFullName"]).count() == 2


def test_changed_items_are_updated_not_duplicated(phila, make_client, replay):
    legistar_sync(city=phila, client=make_client("phila"), full=True)
    items = replay.routes["phila/events/6376/eventitems"]
    items[1]["EventItemTitle"] = "Amended title <b>with HTML</b> &amp; an entity"
    report = legistar_sync(city=phila, client=make_client("phila"), full=True)
    assert AgendaItem.objects.filter(city=phila).count() == 19
    assert report.counts["agenda_item"]["updated"] == 1
    assert AgendaItem.objects.get(legistar_item_id=items[1]["EventItemId"]).title == (
        "Amended title with HTML & an entity"
    )


def test_an_item_deleted_upstream_is_kept_and_flagged(phila, make_client, replay):
    legistar_sync(city=phila, client=make_client("phila"), full=True)
    items = replay.routes["phila/events/6376/eventitems"]
    gone = next(i for i in items if i.get("EventItemTitle"))
    items.remove(gone)
    legistar_sync(city=phila, client=make_client("phila"), full=True)
    item = AgendaItem.objects.get(legistar_item_id=gone["EventItemId"])
    assert item.removed_upstream_at is not None
    assert AgendaItem.objects.filter(city=phila, removed_upstream_at__isnull=True).count() == 18


def test_incremental_run_asks_only_for_recent_events(phila, make_client, replay):
    legistar_sync(city=phila, client=make_client("phila"), full=True)
    replay.requests.clear()
    legistar_sync(city=phila, client=make_client("phila"))
    event_requests = [r for r in replay.requests if r.startswith("/phila/events?")]
    assert event_requests and all("%24filter=" in r for r in event_requests)


@pytest.mark.parametrize(
    ("raw", "choice"),
    [
        ("Aye", VoteChoice.YES),
        ("In Favor", VoteChoice.YES),
        ("  yea ", VoteChoice.YES),
        ("Nay", VoteChoice.NO),
        ("Opposed", VoteChoice.NO),
        ("Excused", VoteChoice.EXCUSED),
        ("Jury Duty", VoteChoice.EXCUSED),
        ("Recused", VoteChoice.RECUSED),
        ("Conflict ", VoteChoice.RECUSED),
        ("Abstain", VoteChoice.ABSTAIN),
        ("Absent", VoteChoice.ABSENT),
        # Leave types councils record as vote values, with stray spaces and capitals (NYC):
        ("Parental", VoteChoice.EXCUSED),
        ("Maternity ", VoteChoice.EXCUSED),
        ("MEDICAL", VoteChoice.EXCUSED),
        ("Non-voting", VoteChoice.NOT_VOTING),
        ("Present", VoteChoice.NOT_VOTING),  # in a vote's roll call: present, not voting
        ("", VoteChoice.UNKNOWN),
        (None, VoteChoice.UNKNOWN),
        ("Nonvoting member", VoteChoice.UNKNOWN),  # never guessed: nobody mapped it
    ],
)
def test_vote_values_normalize_by_exact_meaning(raw, choice):
    assert vote_value_normalize(raw, {}) == choice


@pytest.mark.parametrize(
    ("raw", "value"),
    [("Present", "Present"), ("Aye", "Present"), ("Absent", "Absent"), ("Excused", "Excused"),
     ("Medical Leave", "Excused"), ("Recused", "Unknown"), ("", "Unknown")],
)  # fmt: skip
def test_attendance_values_normalize_to_present_absent_or_excused(raw, value):
    assert attendance_value_normalize(raw, {}) == value


def test_a_citys_own_mapping_wins_over_the_defaults():
    assert vote_value_normalize("Recused", {"recused": VoteChoice.ABSENT}) == VoteChoice.ABSENT


def _a_roll_call_among_several(replay):
    """A Dallas item whose meeting has several roll calls: its votes are fetched with the others at once."""
    for path, rows in replay.routes.items():
        if path.startswith("dallas/events/") and path.endswith("/eventitems"):
            voted = [
                r["EventItemId"]
                for r in rows
                if r.get("EventItemId")
                and isinstance(replay.routes.get(f"dallas/eventitems/{r['EventItemId']}/votes"), list)
            ]
            if len(voted) >= 3:
                return voted[1]
    raise AssertionError("no meeting with several roll calls")


def test_a_roll_call_fetched_alongside_others_is_retried_after_a_503(dallas, make_client, replay):
    item_id = _a_roll_call_among_several(replay)
    replay.add_fault(f"dallas/eventitems/{item_id}/votes", "503")
    report = legistar_sync(city=dallas, client=make_client("dallas"), full=True)
    assert report.error == ""
    assert sum(1 for r in replay.requests if r == f"/dallas/eventitems/{item_id}/votes") == 2
    assert MemberVote.objects.filter(vote__agenda_item__legistar_item_id=item_id).count() == 15


def test_a_malformed_roll_call_fetched_alongside_others_skips_that_meeting(dallas, make_client, replay):
    item_id = _a_roll_call_among_several(replay)
    replay.add_fault(f"dallas/eventitems/{item_id}/votes", "badjson")
    report = legistar_sync(city=dallas, client=make_client("dallas"), full=True)
    assert report.error == ""
    assert not AgendaItem.objects.filter(legistar_item_id=item_id).exists()
    assert any("malformed JSON" in s["reason"] for s in report.skipped)


def test_a_roll_call_that_times_out_alongside_others_is_retried(dallas, make_client, replay):
    item_id = _a_roll_call_among_several(replay)
    replay.add_fault(f"dallas/eventitems/{item_id}/votes", "slow")
    report = legistar_sync(city=dallas, client=make_client("dallas", timeout=0.5), full=True)
    assert report.error == ""
    assert MemberVote.objects.filter(vote__agenda_item__legistar_item_id=item_id).count() == 15


def test_an_answer_over_the_size_limit_stops_the_transfer_and_says_so(phila, make_client, replay, settings):
    settings.LEGISTAR_MAX_RESPONSE_BYTES = 300
    client = make_client("phila")
    report = legistar_sync(city=phila, client=client, full=True)
    assert "larger than 300 bytes" in report.error
    assert max(client.requests_by_kind.values()) == 1  # not asked again: it would be as large again
    assert DataSyncLog.objects.get(city=phila).status == DataSyncLog.Status.FAILED
