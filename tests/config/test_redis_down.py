"""Redis stopped for real in the middle of a test: every kind of public page and API answers from
PostgreSQL, then the cache is used again once Redis is back."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
import redis
from django.core.cache import cache

from cities import redis_breaker
from tests.factories import CityFactory, MeetingFactory
from tests.factories.cities import BodyFactory, CouncilMemberFactory
from tests.factories.meetings import AgendaItemFactory, MatterFactory, MeetingPageFactory, MinutesDocumentFactory
from tests.factories.requests311 import ServiceRequestFactory
from tests.factories.votes import MemberVoteFactory, VoteFactory

pytestmark = pytest.mark.django_db


class RedisServer:
    """A redis-server of the test's own on a free loopback port, which the test stops and starts."""

    def __init__(self, workdir: str) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        args = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen([*args, "--dir", self.workdir], stdout=subprocess.DEVNULL)
        client = redis.Redis(port=self.port)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("the test's redis-server did not start")

    def stop(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)  # a hung one too
        self.process.terminate()
        self.process.wait(timeout=10)

    def url(self, number: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{number}"


@pytest.fixture
def own_redis(tmp_path, settings, monkeypatch) -> Iterator[RedisServer]:
    server = RedisServer(str(tmp_path))
    server.start()
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": server.url(0)},
        "locks": {**settings.CACHES["locks"], "LOCATION": server.url(2)},
    }
    monkeypatch.setattr(redis_breaker, "DOWN_SECONDS", 0.2)
    monkeypatch.setitem(redis_breaker._state, "down_until", 0.0)
    yield server
    if server.process and server.process.poll() is None:
        server.stop()


@pytest.fixture
def public_urls() -> list[str]:
    """One address of every kind of public page and API list, on data of one city."""
    vote = VoteFactory(agenda_item=AgendaItemFactory(meeting=MeetingFactory(city=CityFactory(city_key="springfield"))))
    city = vote.city
    member = CouncilMemberFactory(city=city)
    MemberVoteFactory(vote=vote, member=member)
    matter = MatterFactory(city=city)
    body = BodyFactory(city=city)
    MeetingPageFactory(document=MinutesDocumentFactory(meeting=vote.agenda_item.meeting), content="zoning hearing")
    request = ServiceRequestFactory(service__city=city)
    item, meeting = vote.agenda_item, vote.agenda_item.meeting
    pages = [
        "/",
        "/springfield/",
        f"/springfield/members/{member.pk}/",
        f"/springfield/members/{member.pk}/record.csv",
        "/springfield/meetings/",
        f"/springfield/meetings/{meeting.pk}/",
        f"/springfield/items/{item.pk}/",
        "/springfield/items/search/?q=contract",
        "/springfield/legislation/",
        f"/springfield/legislation/{matter.pk}/",
        "/springfield/bodies/",
        f"/springfield/bodies/{body.pk}/",
        "/search/?q=zoning",
        "/311/springfield/",
        f"/311/springfield/requests/{request.pk}/",
        "/311/springfield/report/",
        "/open311/v2/services.json?jurisdiction_id=springfield",
        "/open311/v2/requests.json?jurisdiction_id=springfield",
        "/api/cities/",
        "/api/search/?q=zoning",
    ]
    api_lists = ["members", "bodies", "memberships", "meetings", "items", "votes", "member-votes", "matters"]
    return pages + [f"/api/cities/springfield/{name}/" for name in api_lists]


def test_every_public_page_and_api_answers_while_redis_is_stopped(client, own_redis, public_urls):
    for url in public_urls:  # warm: some answers now come from the cache
        assert client.get(url).status_code == 200, url
    own_redis.stop()
    failures = {url: status for url in public_urls if (status := client.get(url).status_code) != 200}
    assert failures == {}
    assert client.get("/springfield/?fresh=1").status_code == 200  # never cached either


def test_the_cache_is_used_again_once_redis_is_back(client, own_redis, public_urls):
    own_redis.stop()
    assert client.get("/springfield/").status_code == 200
    own_redis.start()
    time.sleep(0.3)  # past the breaker's pause
    assert client.get("/springfield/").status_code == 200
    cache.set("probe", 1)
    assert cache.get("probe") == 1
    assert redis.Redis(port=own_redis.port, db=0).dbsize() > 1  # the page and its city version were stored


def test_a_stopped_redis_is_logged_once_not_once_per_cache_call(client, own_redis, public_urls, caplog, monkeypatch):
    """The page's many cache calls are each refused; the log says Redis is down, with no traceback for each."""
    monkeypatch.setattr(redis_breaker, "DOWN_SECONDS", 60)  # not tried again while the page is built
    own_redis.stop()
    with caplog.at_level("WARNING"):
        assert client.get("/springfield/").status_code == 200
    assert [r.name for r in caplog.records if r.name.startswith(("cities.redis_breaker", "django_redis"))] == [
        "cities.redis_breaker"
    ]


def test_a_hung_redis_is_set_aside_like_a_stopped_one(client, own_redis, public_urls, caplog, monkeypatch, settings):
    """A server that takes connections and never answers (stopped by SIGSTOP): the first call that waits out
    its socket timeout sets Redis aside, and the page's other calls, on connections made before, are refused
    at once rather than each waiting out the timeout too."""
    assert client.get("/springfield/").status_code == 200  # the pool holds connections to the live server
    monkeypatch.setattr(redis_breaker, "DOWN_SECONDS", 60)
    own_redis.process.send_signal(signal.SIGSTOP)
    with caplog.at_level("WARNING"):
        assert client.get("/springfield/?fresh=1").status_code == 200
    breaker = [r.getMessage() for r in caplog.records if r.name.startswith(("cities.redis_breaker", "django_redis"))]
    assert len(breaker) == 1 and "Timeout reading" in breaker[0]
    assert redis_breaker.redis_known_down()
