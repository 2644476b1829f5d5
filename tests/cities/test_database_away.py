"""The database refusing connections (restarting, failing over): a 503 with Retry-After, never a 500."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings
from django.db import connection, connections, transaction
from django.test import Client

from cities.middleware import RETRIED
from tests.factories import CityFactory
from tests.tcp_proxy import DroppingProxy

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def database_away(db):
    """Django's connection pointed at a loopback port where nothing listens (a real refused connect)."""
    wrapper = connections["default"]
    port = wrapper.settings_dict["PORT"]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        unused = sock.getsockname()[1]
    wrapper.close()
    wrapper.settings_dict["PORT"] = str(unused)
    yield
    wrapper.close()
    wrapper.settings_dict["PORT"] = port


@pytest.fixture
def dropping_database(city):
    """Django's connection pointed at a proxy of PostgreSQL that drops the first connection made to it."""
    wrapper = connections["default"]
    host, port = wrapper.settings_dict["HOST"], wrapper.settings_dict["PORT"]
    proxy = DroppingProxy(int(port), drops=1)
    wrapper.close()
    wrapper.settings_dict.update(HOST="127.0.0.1", PORT=str(proxy.port))
    yield proxy
    wrapper.close()
    wrapper.settings_dict.update(HOST=host, PORT=port)
    proxy.close()


@pytest.fixture
def city(transactional_db):
    return CityFactory(city_key="springfield")


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


def test_a_page_is_a_503_with_retry_after_while_the_database_is_away(visitor, city, database_away):
    response = visitor.get("/springfield/meetings/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "try again in a few seconds" in response.content.decode()


def test_the_api_answers_its_own_503_while_the_database_is_away(visitor, city, database_away):
    response = visitor.get("/api/cities/springfield/members/")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "database_unavailable"


def test_pages_answer_again_once_the_database_is_back(visitor, city):
    wrapper = connections["default"]
    port = wrapper.settings_dict["PORT"]
    wrapper.close()
    wrapper.settings_dict["PORT"] = "1"  # nothing listens on port 1 of loopback
    try:
        assert visitor.get("/springfield/meetings/").status_code == 503
    finally:
        wrapper.close()
        wrapper.settings_dict["PORT"] = port
    assert visitor.get("/springfield/meetings/").status_code == 200


def test_a_page_whose_connection_was_dropped_is_answered_again_on_a_new_one(visitor, dropping_database):
    retried = RETRIED._value.get()
    response = visitor.get("/springfield/meetings/")
    assert response.status_code == 200
    assert dropping_database.dropped == 1
    assert RETRIED._value.get() == retried + 1


def test_a_write_whose_connection_was_dropped_is_not_sent_again(visitor, dropping_database):
    response = visitor.post("/open311/v2/requests.json", {"jurisdiction_id": "springfield", "service_code": "X"})
    assert response.status_code == 503
    assert dropping_database.dropped == 1


@pytest.mark.skipif(
    django_settings.PGBOUNCER, reason="behind PgBouncer the timeout is set on the database role, not per process"
)
@pytest.mark.parametrize(("entry", "expected"), [("config.wsgi", "3s"), ("config.celery", "30min")])
def test_each_entry_point_connects_under_its_own_statement_timeout(entry, expected):
    """The web (WSGI) and the workers (Celery, PROCESS_ROLE=worker as in the Procfile) in their own process,
    as they start: the timeout PostgreSQL applies to their connection."""
    code = (
        f"import {entry}, django; django.setup(); from django.db import connection; "
        "cursor = connection.cursor(); cursor.execute('SHOW statement_timeout'); print(cursor.fetchone()[0])"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    env.pop("PROCESS_ROLE", None)
    if entry == "config.celery":
        env["PROCESS_ROLE"] = "worker"
    result = subprocess.run(
        [sys.executable, "-c", code], check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip().splitlines()[-1:] == [expected], result.stderr


def test_a_statement_cancelled_at_the_timeout_is_a_503(visitor, city):
    """Another session holds the meetings table, so the page's query waits until its timeout cancels it.
    The short timeout is SET LOCAL in a transaction around the request: a session SET would stay on a
    pooled server connection for its next client."""
    params = connections["default"].get_connection_params()
    with psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"}) as holder:
        holder.execute("LOCK TABLE cities_city, meetings_meeting IN ACCESS EXCLUSIVE MODE")
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = 300")
            response = visitor.get("/springfield/meetings/")
            transaction.set_rollback(True)
    assert response.status_code == 503
    assert response["Retry-After"]
