"""Only the roll calls that can exist are asked for, and none is lost: on the recorded Dallas quarter, and on
recorded Philadelphia items whose matters' histories are made to say what happened at the meeting."""

from legistar.sync import legistar_sync
from meetings.models import Matter
from votes.models import Vote

PHILA_EVENT = 6376


def _votes_asked(replay) -> set[int]:
    return {int(path.split("/")[3]) for path in replay.requests if path.endswith("/votes")}


def test_every_recorded_dallas_roll_call_lands(dallas, make_client, replay):
    recorded = {int(key.split("/")[2]) for key, route in replay.routes.items()
                if key.startswith("dallas/eventitems/") and isinstance(route, list) and route}  # fmt: skip
    legistar_sync(city=dallas, client=make_client("dallas"), full=True)
    stored = set(
        Vote.objects.filter(city=dallas, member_votes__isnull=False).values_list(
            "agenda_item__legistar_item_id", flat=True
        )
    )
    assert stored == recorded and len(recorded) == 260


def test_dallas_items_that_record_no_decision_are_not_asked_for_votes(dallas, make_client, replay):
    items = [i for key, rows in replay.routes.items() if key.endswith("/eventitems") for i in rows if i["EventItemId"]]
    legistar_sync(city=dallas, client=make_client("dallas"), full=True)
    undecided = {i["EventItemId"] for i in items if not (i["EventItemPassedFlag"] is not None or i["EventItemTally"]
                 or i["EventItemActionName"] or i["EventItemRollCallFlag"])}  # fmt: skip
    assert undecided and not undecided & _votes_asked(replay)


def _phila_item(replay, n: int) -> dict:
    return replay.routes[f"phila/events/{PHILA_EVENT}/eventitems"][n]


def _history_at_the_meeting(replay, item: dict, **fields) -> None:
    replay.routes[f"phila/matters/{item['EventItemMatterId']}/histories"] = [
        {"MatterHistoryId": 900000 + item["EventItemId"], "MatterHistoryEventId": PHILA_EVENT,
         "MatterHistoryActionDate": "2026-05-14T00:00:00", **fields}
    ]  # fmt: skip


def test_a_decision_in_the_history_asks_for_votes_the_item_does_not_show(phila, make_client, replay):
    item = _phila_item(replay, 0)  # recorded with no action, no flags, no tally
    _history_at_the_meeting(replay, item, MatterHistoryActionName="Passed", MatterHistoryPassedFlag=1,
                            MatterHistoryTally="17-0")  # fmt: skip
    person = replay.routes["phila/persons"][0]
    replay.routes[f"phila/eventitems/{item['EventItemId']}/votes"] = [
        {"VoteId": 1, "VotePersonId": person["PersonId"], "VotePersonName": person["PersonFullName"],
         "VoteValueName": "Yes"}
    ]  # fmt: skip
    legistar_sync(city=phila, client=make_client("phila"), full=True)
    assert Vote.objects.filter(city=phila, agenda_item__legistar_item_id=item["EventItemId"], yes_count=1).exists()


def test_a_hearing_the_history_records_without_a_decision_is_not_asked(phila, make_client, replay):
    item = _phila_item(replay, 1)
    item["EventItemActionName"] = "HEARING HELD"
    _history_at_the_meeting(replay, item, MatterHistoryActionName="HEARING HELD", MatterHistoryPassedFlag=None)
    legistar_sync(city=phila, client=make_client("phila"), full=True)
    assert item["EventItemId"] not in _votes_asked(replay)


def test_an_action_without_a_history_to_check_is_asked(phila, make_client, replay):
    item = _phila_item(replay, 2)
    item["EventItemActionName"] = "HEARING HELD"  # its matter's history (recorded: none) cannot say otherwise
    legistar_sync(city=phila, client=make_client("phila"), full=True)
    assert item["EventItemId"] in _votes_asked(replay)


def test_a_matter_on_the_agenda_takes_its_attachments_from_the_agenda(dallas, make_client, replay):
    legistar_sync(city=dallas, client=make_client("dallas"), full=True)
    assert not [path for path in replay.requests if path.endswith("/attachments")]
    with_links = Matter.objects.filter(city=dallas, attachments__isnull=False).distinct().count()
    assert with_links > 0


def test_an_agendas_matters_are_read_forty_to_a_request(dallas, make_client, replay):
    legistar_sync(city=dallas, client=make_client("dallas"), full=True)
    listed = [p for p in replay.requests if p.startswith("/dallas/matters?")]
    single = [p for p in replay.requests if p.split("?")[0].count("/") == 3 and p.startswith("/dallas/matters/")]
    assert not single
    assert len(listed) <= sum(-(-len(rows) // 40) for k, rows in replay.routes.items() if k.endswith("/eventitems"))
    assert Matter.objects.filter(city=dallas).count() == 307
