"""Debian's nginx with deploy/nginx's rules, on loopback, in front of gunicorn under the production settings:
what the recipe promises, checked on the real servers."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from cities.replica import PIN_COOKIE
from devtools.loopback_nginx import NGINX, free_port, loopback_nginx, wait_for_port
from tests.database_env import child_database_env
from tests.factories import CityFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not NGINX.exists(), reason="nginx is not installed (scripts/devservices.py installs it as root)"
    ),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory, django_db_setup):
    """(nginx's port, gunicorn's port, the site's root with var/staticfiles and var/media). After the test
    database exists (django_db_setup): before it, the connection still names the development database, and
    gunicorn would serve that."""
    root = tmp_path_factory.mktemp("site")
    env = _site_env(root)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    (root / "var" / "media" / "requests311").mkdir(parents=True)
    (root / "var" / "media" / "requests311" / "pothole.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    with _gunicorn(root, env) as (app_port, _), loopback_nginx(root, app_port=app_port) as web_port:
        yield web_port, app_port, root


def _site_env(root: Path, **extra: str) -> dict[str, str]:
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="deploy-test-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        TRUSTED_PROXY_COUNT="1",
        METRICS_ALLOWED_NETWORKS="10.9.9.9/32",  # an address only a forged X-Forwarded-For could claim
        STATIC_ROOT=str(root / "var" / "staticfiles"),
        MEDIA_ROOT=str(root / "var" / "media"),
        CACHE_REDIS_URL=settings.CACHES["default"]["LOCATION"],
        LOCKS_REDIS_URL=settings.CACHES["locks"]["LOCATION"],
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        **child_database_env(),
        **extra,
    )


@contextlib.contextmanager
def _gunicorn(root: Path, env: dict[str, str]) -> Iterator[tuple[int, subprocess.Popen]]:
    """gunicorn under the production settings on a port of its own: (the port, the process)."""
    app_port = free_port()
    app_log = root / f"gunicorn-{app_port}.log"
    gunicorn = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "config.wsgi:application", "--bind",
         f"127.0.0.1:{app_port}", "--workers", "1", "--threads", "2"],
        cwd=ROOT, env=env, stdout=app_log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for_port(app_port, gunicorn, app_log)
        yield app_port, gunicorn
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=20)


def _get(port: int, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": "localhost", **headers})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def _hashed_static_name(root: Path, name: str) -> str:
    manifest = json.loads((root / "var" / "staticfiles" / "staticfiles.json").read_text())
    return manifest["paths"][name]


def test_static_files_are_served_by_nginx_with_a_year_of_cache(site):
    web_port, _, root = site
    status, headers, body = _get(web_port, "/static/" + _hashed_static_name(root, "css/site.css"))
    assert status == 200
    assert headers["server"].startswith("nginx")
    assert "max-age=31536000" in headers["cache-control"] and "immutable" in headers["cache-control"]
    assert b"{" in body  # the stylesheet itself


def test_text_is_gzipped_for_clients_that_accept_it(site):
    web_port, _, root = site
    status, headers, body = _get(
        web_port, "/static/" + _hashed_static_name(root, "css/site.css"), **{"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["content-encoding"] == "gzip"
    assert b"{" in gzip.decompress(body)


def test_uploaded_photos_are_served_as_files_that_cannot_run_in_the_site(site):
    web_port, _, _ = site
    status, headers, _ = _get(web_port, "/media/requests311/pothole.jpg")
    assert status == 200
    assert headers["content-type"] == "image/jpeg"
    assert "sandbox" in headers["content-security-policy"]


def test_a_forged_x_forwarded_for_does_not_change_the_address_the_app_sees(site):
    web_port, app_port, _ = site
    # Straight to gunicorn, the app (one proxy trusted) would take the header's address ...
    assert _get(app_port, "/metrics", **{"X-Forwarded-For": "10.9.9.9"})[0] == 200
    # ... through nginx, which replaces the header with the peer it saw, it cannot.
    assert _get(web_port, "/metrics", **{"X-Forwarded-For": "10.9.9.9"})[0] == 404


def test_a_body_over_the_limit_is_refused_by_nginx(site):
    web_port, _, _ = site
    request = urllib.request.Request(
        f"http://127.0.0.1:{web_port}/311/springfield/report/", data=b"x" * (13 * 1024 * 1024),
        headers={"Host": "localhost", "Content-Type": "application/octet-stream"}, method="POST",
    )  # fmt: skip
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=20)
    assert refused.value.code == 413
    assert refused.value.headers["Server"].startswith("nginx")


def test_pages_through_nginx_carry_the_security_headers_and_a_request_id(site):
    web_port, _, _ = site
    status, headers, _ = _get(web_port, "/")
    assert status == 200
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert "default-src" in headers["content-security-policy"]
    assert headers["referrer-policy"]
    assert len(headers["x-request-id"]) == 32  # nginx's $request_id, passed on and echoed by the app


def _cache_status(port: int, path: str, **headers: str) -> str:
    return _get(port, path, **headers)[1].get("x-cache-status", "")


def test_a_public_page_is_kept_a_few_seconds_by_nginx(site):
    web_port, _, _ = site
    _get(web_port, "/?kept=1")
    status, headers, body = _get(web_port, "/?kept=1")
    assert status == 200 and headers["x-cache-status"] == "HIT"
    assert b"CityVotes" in body
    assert "x-accel-expires" not in headers  # nginx's instruction, never passed on


@pytest.mark.django_db(transaction=True)
def test_a_city_page_is_kept_though_browsers_are_told_to_revalidate_it(site):
    web_port, _, _ = site
    city = CityFactory()
    _get(web_port, f"/{city.city_key}/")
    status, headers, body = _get(web_port, f"/{city.city_key}/")
    assert status == 200 and headers["x-cache-status"] == "HIT"
    assert city.name.encode() in body
    assert "no-cache" in headers["cache-control"] and headers["etag"]


def test_a_signed_in_reader_always_reaches_the_app(site):
    web_port, _, _ = site
    _get(web_port, "/?signed-in=1")
    assert _cache_status(web_port, "/?signed-in=1", Cookie="sessionid=abc") == "BYPASS"


def test_a_client_that_just_wrote_always_reaches_the_app(site):
    web_port, _, _ = site
    _get(web_port, "/?pinned=1")
    assert _cache_status(web_port, "/?pinned=1", Cookie=f"{PIN_COOKIE}=1") == "BYPASS"


def test_a_page_that_does_not_say_it_is_alike_for_everyone_is_never_kept(site):
    web_port, _, _ = site
    assert _get(web_port, "/healthz")[0] == 200
    assert _cache_status(web_port, "/healthz") == "MISS"


def test_a_kept_page_carries_the_id_of_the_request_that_read_it(site):
    web_port, _, _ = site
    first = _get(web_port, "/?request-id=1")[1]["x-request-id"]
    second = _get(web_port, "/?request-id=1")[1]
    assert second["x-cache-status"] == "HIT" and second["x-request-id"] != first


def test_a_kept_page_is_served_while_gunicorn_is_down_and_nothing_else_is(site, tmp_path):
    _, _, root = site
    env = _site_env(root, PROXY_CACHE_SECONDS="1")
    with _gunicorn(root, env) as (app_port, gunicorn), loopback_nginx(tmp_path, app_port=app_port) as web_port:
        assert _get(web_port, "/?while-down=1")[0] == 200
        gunicorn.terminate()
        gunicorn.wait(timeout=20)
        time.sleep(1.5)  # the kept copy is past its second
        status, headers, body = _get(web_port, "/?while-down=1")
        assert status == 200 and headers["x-cache-status"] == "STALE" and b"CityVotes" in body
        assert _get(web_port, "/healthz")[0] == 502
