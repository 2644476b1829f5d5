"""Debian's nginx with deploy/nginx's rules, on loopback, in front of gunicorn under the production settings:
what the recipe promises, checked on the real servers."""

from __future__ import annotations

import getpass
import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.database_env import child_database_env

ROOT = Path(__file__).resolve().parents[2]
NGINX = Path("/usr/sbin/nginx")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not NGINX.exists(), reason="nginx is not installed (scripts/devservices.py installs it as root)"
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen, log: Path) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise AssertionError(log.read_text()[-2000:])
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}: {log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(nginx's port, gunicorn's port, the site's root with var/staticfiles and var/media)."""
    root = tmp_path_factory.mktemp("site")
    env = dict(
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
    )
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    (root / "var" / "media" / "requests311").mkdir(parents=True)
    (root / "var" / "media" / "requests311" / "pothole.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")

    app_port, web_port = _free_port(), _free_port()
    app_log = root / "gunicorn.log"
    gunicorn = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "config.wsgi:application", "--bind",
         f"127.0.0.1:{app_port}", "--workers", "1", "--threads", "2"],
        cwd=ROOT, env=env, stdout=app_log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    shutil.copy(ROOT / "deploy" / "nginx" / "proxy_params_cityvotes", root / "proxy_params_cityvotes")
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (root / "tmp" / folder).mkdir(parents=True)
    conf = root / "nginx.conf"
    conf.write_text(f"""
daemon off;
worker_processes 1;
{"user " + getpass.getuser() + ";" if os.geteuid() == 0 else ""}
pid {root}/nginx.pid;
error_log {root}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {root}/tmp/body;
    proxy_temp_path {root}/tmp/proxy;
    fastcgi_temp_path {root}/tmp/fastcgi;
    uwsgi_temp_path {root}/tmp/uwsgi;
    scgi_temp_path {root}/tmp/scgi;
    upstream cityvotes {{ server 127.0.0.1:{app_port}; keepalive 4; }}
    server {{
        listen 127.0.0.1:{web_port};
        server_name localhost;
        set $cityvotes_root {root};
        include {ROOT / "deploy" / "nginx" / "cityvotes-locations.conf"};
    }}
}}
""")
    web_log = root / "nginx.log"
    nginx = subprocess.Popen(
        [str(NGINX), "-p", str(root), "-c", str(conf)], stdout=web_log.open("w"), stderr=subprocess.STDOUT
    )
    try:
        _wait_for(app_port, gunicorn, app_log)
        _wait_for(web_port, nginx, web_log)
        yield web_port, app_port, root
    finally:
        for process in (nginx, gunicorn):
            process.terminate()
            process.wait(timeout=20)


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
