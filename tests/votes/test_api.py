import pytest
from django.core.management import call_command

from cities.models import ApiKey

pytestmark = pytest.mark.django_db


def test_api_lists_cities_by_key(client, council):
    body = client.get("/api/cities/").json()
    assert [c["city_key"] for c in body["results"]] == ["springfield"]


def test_api_member_votes_filter_by_member_and_choice(client, council):
    url = "/api/cities/springfield/member-votes/"
    body = client.get(url, {"member": council["cy"].id, "vote_choice": "No"}).json()
    assert len(body["results"]) == 12
    assert {row["vote_choice"] for row in body["results"]} == {"No"}


def test_api_cursor_pages_are_disjoint(client, council):
    first = client.get("/api/cities/springfield/member-votes/", {"page_size": 100}).json()
    second = client.get(first["next"]).json()
    assert len(first["results"]) == 100
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}


@pytest.mark.parametrize("cursor", ["%%%not-base64", "cD1hYmM="])  # the second is "p=abc"
def test_api_forged_cursor_is_a_400(client, council, cursor):
    response = client.get("/api/cities/springfield/votes/", {"cursor": cursor})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_cursor"
    assert "cursor" in response.json()["error"]["fields"]


def test_api_bad_filter_is_a_400(client, council):
    assert client.get("/api/cities/springfield/votes/", {"date_from": "yesterday"}).status_code == 400


@pytest.mark.parametrize(("name", "value"), [("split", "maybe"), ("split", "yes"), ("passed", "perhaps")])
def test_api_a_boolean_filter_it_cannot_read_is_a_400_not_ignored(client, council, name, value):
    response = client.get("/api/cities/springfield/votes/", {name: value})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {name: ["Use true or false."]}


def test_api_split_filter_reads_true_and_false(client, council):
    split = client.get("/api/cities/springfield/votes/", {"split": "true", "page_size": 200}).json()["results"]
    other = client.get("/api/cities/springfield/votes/", {"split": "0", "page_size": 200}).json()["results"]
    assert (len(split), len(other)) == (12, 108)


def test_api_unknown_city_is_404(client, council):
    assert client.get("/api/cities/atlantis/votes/").status_code == 404


def test_api_never_returns_another_citys_rows(client, council):
    from tests.factories import MemberVoteFactory

    foreign = MemberVoteFactory()
    ids = {r["id"] for r in client.get("/api/cities/springfield/member-votes/", {"page_size": 200}).json()["results"]}
    assert foreign.id not in ids


def test_api_schema_and_docs_are_served(client):
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/", HTTP_ACCEPT="text/html").status_code == 200


def test_api_throttles_per_ip(client, council, settings):
    settings.API_RATE_PER_IP = "3/min"
    responses = [client.get("/api/cities/") for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert responses[-1].json()["error"]["code"] == "rate_limited"
    assert int(responses[-1]["Retry-After"]) > 0


def test_api_key_has_its_own_rate(client, council, capsys):
    call_command("create_api_key", "newsroom", "--per-minute", "2")
    plain = capsys.readouterr().out.strip().splitlines()[-1]
    assert ApiKey.objects.get().key_hash != plain
    codes = [client.get("/api/cities/", HTTP_X_API_KEY=plain).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
