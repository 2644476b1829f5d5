import socket

import pytest

# The read replica too, when there is one. Transactional: a test case's atomic block would hold a connection to
# the replica for the whole test, and another worker's test stops that replica for a moment; requests fall back
# to the primary on their own (cities.replica), a test case's set-up would not.
pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.fixture
def unused_tcp_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_ok_when_everything_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    checks = {"database": "ok", "redis": "ok", "broker": "ok", "migrations": "ok"}
    body = response.json()
    body["checks"].pop("replica", None)  # reported, never deciding (tests/cities/test_replica.py)
    assert body == {"status": "ok", "checks": checks}


def test_readyz_is_503_when_the_cache_redis_is_down(client, settings, unused_tcp_port):
    """A real Redis client pointed at a port where nothing listens: a real outage, not a mock."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{unused_tcp_port}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5, "IGNORE_EXCEPTIONS": True},
        },
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["redis"] != "ok"
    assert body["checks"]["database"] == "ok"


def test_readyz_is_503_when_the_broker_is_down(client, settings, unused_tcp_port):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{unused_tcp_port}/1"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] != "ok"
