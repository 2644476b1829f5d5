"""Shared fixtures. Tests run on the real PostgreSQL and Redis that `make test` set up (.env)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
from collections.abc import Iterator

import pycurl
import pytest
from django.core.cache import cache

from devtools.legistar_replay import LegistarReplay
from legistar.client import LegistarClient
from meetings.models import AgendaItem, AgendaItemCategory, Meeting
from tests.factories import CategoryFactory, CityFactory, CouncilMemberFactory, MembershipFactory
from tests.inside_host import inside  # noqa: F401  (a fixture)
from votes.models import MemberVote, Vote
from votes.services import member_voting_summary_refresh

_curl_refused: list[str] = []


def _loopback_socket(purpose: int, address: tuple) -> socket.socket | int:
    """libcurl opens its own sockets (pytest-socket cannot see them): refuse every non-loopback address."""
    family, socktype, protocol, sockaddr = address
    if not ipaddress.ip_address(sockaddr[0]).is_loopback:
        _curl_refused.append(sockaddr[0])
        return pycurl.SOCKET_BAD
    return socket.socket(family, socktype, protocol)


class _LoopbackCurl(pycurl.Curl):
    def __init__(self) -> None:
        super().__init__()
        self.setopt(pycurl.OPENSOCKETFUNCTION, _loopback_socket)


_real_getaddrinfo = socket.getaddrinfo
LOOPBACK_NAMES = {"localhost", "testserver"}


def _loopback_getaddrinfo(host: object, *args: object, **kwargs: object) -> list:
    """Name lookups too: a host that is not loopback is never even resolved (a DNS query leaves the machine)."""
    name = host.decode() if isinstance(host, bytes) else str(host)
    try:
        loopback = ipaddress.ip_address(name).is_loopback
    except ValueError:
        loopback = name in LOOPBACK_NAMES
    if not loopback:
        _curl_refused.append(name)
        raise socket.gaierror(socket.EAI_NONAME, f"tests resolve loopback names only, not {name!r}")
    return _real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _no_network_beyond_loopback(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Nothing in the tests reaches beyond loopback: Python sockets are refused by pytest-socket
    (--allow-hosts in pyproject.toml), libcurl's and name lookups here; a test whose code tried fails."""
    monkeypatch.setattr(pycurl, "Curl", _LoopbackCurl)
    monkeypatch.setattr(socket, "getaddrinfo", _loopback_getaddrinfo)
    _curl_refused.clear()
    yield
    if _curl_refused:
        pytest.fail(f"the test tried to reach beyond loopback: {sorted(set(_curl_refused))}")


@pytest.fixture(autouse=True)
def _clean_cache():
    """Each test starts with an empty cache (keys are prefixed per test run, never shared)."""
    cache.clear()
    yield


@pytest.fixture
def council(db):
    """A city with three members and 120 votes over two years; every 10th vote split (Cy says No)."""
    city = CityFactory(city_key="springfield", name="Springfield, OR")
    ann, bob, cy = (CouncilMemberFactory(city=city, full_name=name) for name in ("Ann Able", "Bob Baker", "Cy Cole"))
    for member, district in ((ann, None), (bob, 1), (cy, 2)):
        MembershipFactory(
            member=member,
            district=district,
            role="mayor" if district is None else "member",
            title="Mayor" if district is None else "Council Member",
        )
    housing = CategoryFactory(city=city, name="Housing")
    # Bulk-created: the same rows factories would make, in a few statements (the suite stays fast).
    meetings = Meeting.objects.bulk_create(
        Meeting(city=city, meeting_date=dt.date(2024, 1, 2) + dt.timedelta(days=6 * n), meeting_type="Regular Meeting")
        for n in range(120)
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=m, city=city, sequence=1, item_number="1", title=f"Item number {n}", is_consent=n % 3 == 0)
        for n, m in enumerate(meetings)
    )
    AgendaItemCategory.objects.bulk_create(
        AgendaItemCategory(agenda_item=item, category=housing, city=city) for n, item in enumerate(items) if n % 10 == 0
    )
    votes = Vote.objects.bulk_create(
        Vote(
            agenda_item=item,
            city=city,
            meeting_date=m.meeting_date,
            passed=True,
            action_name="Approved",
            yes_count=2 if n % 10 == 0 else 3,
            no_count=1 if n % 10 == 0 else 0,
            tally="2-1" if n % 10 == 0 else "3-0",
            mover=ann,
            seconder=bob,
        )
        for n, (item, m) in enumerate(zip(items, meetings, strict=True))
    )
    MemberVote.objects.bulk_create(
        MemberVote(
            city=city,
            vote=vote,
            member=member,
            meeting_date=vote.meeting_date,
            vote_choice="No" if n % 10 == 0 and member is cy else "Yes",
            raw_value="Nay" if n % 10 == 0 and member is cy else "Aye",
        )
        for n, vote in enumerate(votes)
        for member in (ann, bob, cy)
    )
    member_voting_summary_refresh(concurrently=False)
    return {"city": city, "ann": ann, "bob": bob, "cy": cy, "votes": votes, "housing": housing}


@pytest.fixture
def replay():
    with LegistarReplay() as server:
        yield server


@pytest.fixture
def make_client(replay):
    clients = []

    def make(name: str, **kwargs) -> LegistarClient:
        options = {"min_interval_seconds": 0, "backoff_seconds": 0.01, "timeout": 1.0, "max_attempts": 3} | kwargs
        client = LegistarClient(name, api_root=replay.root, **options)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
