import logging

import pytest

# The read replica too, when there is one. Transactional: a test case's atomic block would hold a connection to
# the replica for the whole test, and another worker's test stops that replica for a moment; requests fall back
# to the primary on their own (cities.replica), a test case's set-up would not.
pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


def test_every_response_carries_a_request_id(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_the_proxys_request_id_is_kept(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="f3a9c2d1e0b84a7c")["X-Request-ID"] == "f3a9c2d1e0b84a7c"


def test_a_request_id_that_is_not_a_plain_token_is_replaced(client):
    forged = "x\r\nSet-Cookie: a=b"
    assert client.get("/healthz", HTTP_X_REQUEST_ID=forged)["X-Request-ID"] != forged


def test_log_lines_under_a_request_carry_its_id(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-0001-abcd")
    assert any(getattr(record, "request_id", None) == "req-0001-abcd" for record in caplog.records)


def test_a_slow_request_leaves_one_line_with_its_route_status_sql_and_cache_reads(client, settings, caplog):
    settings.SLOW_REQUEST_MS = 0
    with caplog.at_level(logging.WARNING, logger="cityvotes.requests"):
        client.get("/readyz")
    (line,) = [record.getMessage() for record in caplog.records if record.name == "cityvotes.requests"]
    assert line.startswith("slow request GET readyz status=200 total_ms=")
    assert "sql_count=" in line and "sql_count=0 " not in line
    assert "cache_hits=1" in line  # /readyz reads back the key it wrote


def test_a_fast_request_leaves_no_line(client, settings, caplog):
    settings.SLOW_REQUEST_MS = 60_000
    with caplog.at_level(logging.WARNING, logger="cityvotes.requests"):
        client.get("/healthz")
    assert not [record for record in caplog.records if record.name == "cityvotes.requests"]
