"""The replay of the API stays faithful when its answers are serialized ahead of time."""

import json

from devtools.legistar_replay import Prepared
from devtools.legistar_synthetic import SyntheticLegistar


def test_a_prepared_list_is_paged_like_any_list(replay, make_client):
    rows = [{"EventId": n} for n in range(1500)]
    replay.routes["x/events"] = Prepared.of(rows)
    client = make_client("x")
    assert [r["EventId"] for r in client.events()] == list(range(1500))
    assert sum(1 for r in replay.requests if r.startswith("/x/events?")) == 2


def test_prepared_synthetic_answers_equal_generated_ones():
    generated = SyntheticLegistar(events=3, items_per_event=4)
    prepared = SyntheticLegistar(events=3, items_per_event=4).prepare()
    for path in ("bench/events/10001/eventitems", "bench/eventitems/10001002/votes"):
        assert json.loads(prepared(path, {}).body) == generated(path, {})


def test_the_replay_filters_lists_as_the_api_does():
    from devtools.legistar_replay import odata_rows

    rows = [{"MatterId": 1, "Stamp": "2024-05-01T10:00:00"}, {"MatterId": 2, "Stamp": None}, {"MatterId": 3}]
    assert odata_rows(rows, "MatterId eq 1 or MatterId eq 3") == [rows[0], rows[2]]
    assert odata_rows(rows, "Stamp ge datetime'2024-04-30T00:00:00'") == [rows[0], rows[2]]  # 3: not recorded
