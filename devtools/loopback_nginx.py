"""Debian's nginx on loopback with deploy/nginx's own rules, in front of a gunicorn: the deploy test and
`bench_load --via-nginx` run the site as the recipe deploys it, on a port of their own, as any user."""

from __future__ import annotations

import contextlib
import getpass
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

NGINX = Path("/usr/sbin/nginx")
DEPLOY = Path(settings.BASE_DIR) / "deploy" / "nginx"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    """Until something listens on `port`; the process's log in the error when it exits or never does."""
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(log.read_text()[-2000:])
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}: {log.read_text()[-2000:]}")


def _config(root: Path, *, app_port: int, web_port: int, workers: int) -> str:
    # What /etc/nginx/nginx.conf and cityvotes.conf would give, with every path under `root`.
    temp = "\n".join(f"    {kind}_temp_path {root}/nginx-temp/{kind};" for kind in ("fastcgi", "uwsgi", "scgi"))
    return f"""
daemon off;
worker_processes {workers};
{"user " + getpass.getuser() + ";" if os.geteuid() == 0 else ""}
pid {root}/nginx.pid;
error_log {root}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {root}/nginx-temp/body;
    proxy_temp_path {root}/nginx-temp/proxy;
{temp}
    proxy_cache_path {root}/nginx-temp/cache levels=1:2 keys_zone=cityvotes_pages:10m max_size=256m inactive=60s
                     use_temp_path=off;
    upstream cityvotes {{ server 127.0.0.1:{app_port}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{web_port};
        server_name localhost;
        set $cityvotes_root {root};
        include {DEPLOY / "cityvotes-locations.conf"};
    }}
}}
"""


@contextlib.contextmanager
def loopback_nginx(root: Path, *, app_port: int, workers: int = 1) -> Iterator[int]:
    """nginx serving `root` (its var/staticfiles and var/media) and proxying to 127.0.0.1:`app_port`; yields
    the port it listens on, and stops it when the block ends."""
    shutil.copy(DEPLOY / "proxy_params_cityvotes", root / "proxy_params_cityvotes")
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi", "cache"):
        (root / "nginx-temp" / folder).mkdir(parents=True, exist_ok=True)
    web_port = free_port()
    conf = root / "nginx.conf"
    conf.write_text(_config(root, app_port=app_port, web_port=web_port, workers=workers))
    log = root / "nginx.log"
    command = [str(NGINX), "-p", str(root), "-c", str(conf)]
    nginx = subprocess.Popen(command, stdout=log.open("w"), stderr=subprocess.STDOUT)  # noqa: S603 - Debian's nginx
    try:
        wait_for_port(web_port, nginx, log)
        yield web_port
    finally:
        nginx.terminate()
        nginx.wait(timeout=20)
