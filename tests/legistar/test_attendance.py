"""A meeting's roll call of who is present (/eventitems/{id}/rollcalls, on items flagged as roll calls) becomes
one attendance row per member, with the raw value kept; a value nobody mapped stays Unknown and is reported."""

from legistar.sync import legistar_sync
from meetings.models import Attendance, AttendanceValue

EVENT = 6376


def _roll_call(replay, values: list[str]) -> list[dict]:
    items = replay.routes[f"phila/events/{EVENT}/eventitems"]
    item = {"EventItemId": 990001, "EventItemEventId": EVENT, "EventItemAgendaSequence": 0,
            "EventItemTitle": "ROLL CALL", "EventItemRollCallFlag": 1}  # fmt: skip
    items.insert(0, item)
    persons = replay.routes["phila/persons"][: len(values)]
    rows = [{"RollCallId": 7000 + n, "RollCallPersonId": p["PersonId"], "RollCallPersonName": p["PersonFullName"],
             "RollCallValueName": value} for n, (p, value) in enumerate(zip(persons, values, strict=True))]  # fmt: skip
    replay.routes[f"phila/eventitems/{item['EventItemId']}/rollcalls"] = rows
    return rows


def test_the_roll_call_of_a_meeting_becomes_its_attendance(phila, make_client, replay):
    _roll_call(replay, ["Present", " excused ", "Parental Leave"])  # the three recorded persons
    legistar_sync(city=phila, client=make_client("phila"), full=True)
    rows = set(Attendance.objects.filter(city=phila).values_list("value", "raw_value"))
    expected = {(AttendanceValue.PRESENT, "Present"), (AttendanceValue.EXCUSED, "excused"),
                (AttendanceValue.EXCUSED, "Parental Leave")}  # fmt: skip
    assert rows == expected


def test_an_attendance_value_nobody_mapped_is_kept_raw_and_reported(phila, make_client, replay):
    _roll_call(replay, ["Present", "Zoomed in"])
    report = legistar_sync(city=phila, client=make_client("phila"), full=True)
    assert Attendance.objects.get(city=phila, raw_value="Zoomed in").value == AttendanceValue.UNKNOWN
    assert report.unknown_vote_values["Zoomed in"] == 1


def test_the_roll_call_item_is_not_asked_for_votes(phila, make_client, replay):
    _roll_call(replay, ["Present"])
    legistar_sync(city=phila, client=make_client("phila"), full=True)
    assert not [p for p in replay.requests if p.startswith("/phila/eventitems/990001/votes")]


def test_a_second_run_writes_no_attendance(phila, make_client, replay):
    _roll_call(replay, ["Present", "Absent"])
    legistar_sync(city=phila, client=make_client("phila"), full=True)
    report = legistar_sync(city=phila, client=make_client("phila"), full=True)
    assert report.counted("attendance", "created") == report.counted("attendance", "updated") == 0
