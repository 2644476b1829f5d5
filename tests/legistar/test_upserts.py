"""Set-based upserts: only what changed upstream is written, and records shared between meetings stay put."""

import pytest

from legistar.sync import legistar_sync
from meetings.models import AgendaItem, Document
from tests.legistar.test_sync_recorded import snapshot
from votes.models import MemberVote, Vote, VoteChoice

pytestmark = pytest.mark.django_db


def _items(replay, client="dallas"):
    return {
        path: rows
        for path, rows in replay.routes.items()
        if path.startswith(f"{client}/events/") and path.endswith("/eventitems")
    }


def test_a_changed_vote_value_updates_that_member_vote_and_its_tally_only(dallas, make_client, replay):
    legistar_sync(city=dallas, client=make_client("dallas"), full=True)
    path, rows = next(
        (p, r)
        for p, r in replay.routes.items()
        if p.endswith("/votes") and isinstance(r, list) and r and r[0]["VoteValueName"] == "YES"
    )
    before = snapshot()
    rows[0]["VoteValueName"] = "NO"
    report = legistar_sync(city=dallas, client=make_client("dallas"), full=True)
    assert report.counts["member_vote"]["updated"] == 1
    assert report.counts["vote"]["updated"] == 1
    assert report.total("created") == 0
    after = snapshot()
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"MemberVote", "Vote"}
    assert len(set(after["MemberVote"]) - set(before["MemberVote"])) == 1
    member_vote = MemberVote.objects.get(
        city_id=dallas.id,
        member__legistar_person_id=rows[0]["VotePersonId"],
        vote__agenda_item__legistar_item_id=int(path.split("/")[2]),
    )
    assert (member_vote.raw_value, member_vote.vote_choice) == ("NO", VoteChoice.NO)


def test_an_attachment_on_two_meetings_agendas_is_stored_once_and_then_left_alone(dallas, make_client, replay):
    lists = [rows for rows in _items(replay).values() if any(r.get("EventItemId") for r in rows)]
    first, second = (next(r for r in rows if r.get("EventItemId")) for rows in lists[:2])
    shared = {
        "MatterAttachmentId": 987654,
        "MatterAttachmentName": "Staff report",
        "MatterAttachmentHyperlink": "https://example.org/staff-report.pdf",
        "MatterAttachmentShowOnInternetPage": True,
    }
    first["EventItemMatterAttachments"] = [*first["EventItemMatterAttachments"], dict(shared)]
    second["EventItemMatterAttachments"] = [*second["EventItemMatterAttachments"], dict(shared)]
    legistar_sync(city=dallas, client=make_client("dallas"), full=True)
    document = Document.objects.get(city=dallas, legistar_attachment_id=987654)
    before = snapshot()
    report = legistar_sync(city=dallas, client=make_client("dallas"), full=True)
    assert report.total("created") == report.total("updated") == 0
    assert snapshot() == before
    assert Document.objects.get(pk=document.pk).agenda_item_id == document.agenda_item_id


def test_an_item_listed_twice_on_an_agenda_is_stored_once_with_a_reason(dallas, make_client, replay):
    rows = next(rows for rows in _items(replay).values() if any(r.get("EventItemId") for r in rows))
    item = next(r for r in rows if r.get("EventItemId"))
    rows.append({**item, "EventItemTitle": "The same item again"})
    report = legistar_sync(city=dallas, client=make_client("dallas"), full=True)
    assert report.error == ""
    assert AgendaItem.objects.get(city=dallas, legistar_item_id=item["EventItemId"]).title != "The same item again"
    assert {
        "object": "agenda_item",
        "source_id": item["EventItemId"],
        "reason": "listed twice on the agenda; the first kept",
    } in report.skipped
    assert Vote.objects.filter(agenda_item__legistar_item_id=item["EventItemId"]).count() <= 1


def test_second_sync_of_unchanged_roll_calls_writes_nothing(dallas, make_client):
    """Dallas has roll calls (Philadelphia's recorded meetings have none): every kind of row is compared."""
    first = legistar_sync(city=dallas, client=make_client("dallas"), full=True)
    assert first.counts["member_vote"]["created"] == 3900
    before = snapshot()
    report = legistar_sync(city=dallas, client=make_client("dallas"), full=True)
    assert report.total("created") == report.total("updated") == 0
    assert report.counts["member_vote"]["unchanged"] == 3900
    assert snapshot() == before
