"""Concurrent load on the portal as deployed: gunicorn as in the Procfile (3 single-threaded workers that keep
connections alive, the web's statement timeout), or with --via-nginx behind Debian's nginx with deploy/nginx's
rules (its micro-cache of public pages included), driven by wrk on loopback for a bounded time, in two mixes:

- cached: a fixed set of public pages (home, city, member, meeting, item, legislation, bodies), warmed
  first, so most answers come from the page cache;
- uncached: every request different (member records filtered by random year and word, minutes search and
  the search API with random words, legislation by random title word), so each one builds a page.

Each gunicorn worker keeps at most its share of wrk's connections: wrk opens them all at once and keeps them
alive, and the first worker to accept would otherwise hold most of them for the whole run, measuring one
busy process beside idle ones.

Reports req/s, p50, p99, errors and non-2xx per mix as JSON. The per-address limits are lifted for the run
(every request comes from 127.0.0.1), and the run's server caches under a key prefix of its own, so that no
page an earlier run cached is answered from the cache; everything else is as configured.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from devtools.load_mix import cached_urls, sampled_cities, server_env, uncached_urls
from devtools.loopback_nginx import free_port, loopback_nginx

WRK_SCRIPT = """
local urls = {}
for line in io.lines(os.getenv("BENCH_URLS")) do urls[#urls + 1] = line end
local threads = {}
local counter = 0
function setup(thread) threads[#threads + 1] = thread end
function init(args) math.randomseed(os.time() + counter) counter = counter + 1 statuses = {} end
function request() return wrk.format("GET", urls[math.random(#urls)]) end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local e = summary.errors
  local counted = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do counted[status] = (counted[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(counted) do parts[#parts + 1] = string.format('"%d": %d', status, n) end
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "p50_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f, '
    .. '"socket_errors": %d, "timeouts": %d, "non_2xx_3xx": %d, "statuses": {%s}}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect + e.read + e.write, e.timeout, e.status, table.concat(parts, ", ")))
end
"""


def _wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0:
        apt_get = shutil.which("apt-get") or "/usr/bin/apt-get"
        subprocess.run([apt_get, "install", "-y", "-q", "wrk"], check=False, capture_output=True)  # noqa: S603
        found = shutil.which("wrk")
    if not found:
        raise CommandError("wrk is needed (Debian: apt-get install wrk)")
    return found


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seconds", type=int, default=20, help="Length of each mix's run.")
        parser.add_argument("--connections", type=int, default=32)
        parser.add_argument("--cities", type=int, default=10, help="Cities sampled (those with council members).")
        parser.add_argument("--mix", choices=["cached", "uncached", "both"], default="both")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument(
            "--via-nginx",
            action="store_true",
            help="Through Debian's nginx with deploy/nginx's rules (its micro-cache of public pages included).",
        )
        parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes (the Procfile's: 3).")
        parser.add_argument("--threads", type=int, default=1, help="Threads per worker (the Procfile's: 1).")
        parser.add_argument(
            "--fault",
            default="",
            help='A shell command run a third into each mix, e.g. "pg_ctl -D var/pg/data restart -m fast": '
            "what the clients saw meanwhile is in the mix's status counts.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rng = random.Random(options["seed"])
        cities = sampled_cities(options["cities"])
        wrk = _wrk()
        port = free_port()
        env = server_env(behind_proxy=options["via_nginx"])
        gunicorn = Path(sys.executable).with_name("gunicorn")
        share = math.ceil(options["connections"] / options["workers"])
        command = [str(gunicorn), "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers",
                   str(options["workers"]), "--threads", str(options["threads"]), "--worker-class", "gthread",
                   "--worker-connections", str(share), "--log-level", "warning"]  # fmt: skip
        server = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env)  # noqa: S603 - our own gunicorn
        results: dict[str, Any] = {"connections": options["connections"], "seconds": options["seconds"],
                                   "workers": options["workers"], "threads": options["threads"],
                                   "worker_connections": share, "cities": [c.city_key for c in cities]}  # fmt: skip
        results["via"] = "nginx" if options["via_nginx"] else "gunicorn"
        with contextlib.ExitStack() as stack:
            stack.callback(server.wait, timeout=30)
            stack.callback(server.terminate)
            self._wait(f"http://127.0.0.1:{port}")
            if options["via_nginx"]:
                root = Path(stack.enter_context(tempfile.TemporaryDirectory()))
                port = stack.enter_context(loopback_nginx(root, app_port=port, workers=1))
            base = f"http://127.0.0.1:{port}"
            mixes = ["cached", "uncached"] if options["mix"] == "both" else [options["mix"]]
            for mix in mixes:
                connections.close_all()  # a --fault may have restarted PostgreSQL under the previous mix
                urls = cached_urls(cities) if mix == "cached" else uncached_urls(cities, rng, 50_000)
                if mix == "cached":
                    for url in urls:  # warm the page cache
                        urllib.request.urlopen(base + url, timeout=30).read()  # noqa: S310 - loopback only
                results[mix] = self._run(wrk, base, urls, options) | {"distinct_urls": len(set(urls))}
        self.stdout.write(json.dumps(results, indent=2))

    def _wait(self, base: str) -> None:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()  # noqa: S310 - loopback only
                return
            except OSError:
                time.sleep(0.1)
        raise CommandError("gunicorn did not start")

    def _run(self, wrk: str, base: str, urls: list[str], options: dict[str, Any]) -> dict[str, Any]:
        with tempfile.TemporaryDirectory() as tmp:
            url_file, script = Path(tmp) / "urls.txt", Path(tmp) / "mix.lua"
            url_file.write_text("\n".join(urls) + "\n")
            script.write_text(WRK_SCRIPT)
            load = subprocess.Popen(  # noqa: S603 - wrk on loopback
                [wrk, "-t2", f"-c{options['connections']}", f"-d{options['seconds']}s", "--latency", "--timeout",
                 "10s", "-s", str(script), base],
                env={**os.environ, "BENCH_URLS": str(url_file)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            if options["fault"]:
                time.sleep(options["seconds"] / 3)
                # Not waited on through pipes: a restarted server would hold them open. The operator's own
                # command line, as typed.
                quiet = subprocess.DEVNULL
                subprocess.run(options["fault"], shell=True, check=False, stdout=quiet, stderr=quiet)  # noqa: S602
            stdout, stderr = load.communicate(timeout=options["seconds"] + 60)
            run = subprocess.CompletedProcess(load.args, load.returncode, stdout, stderr)
        found = re.search(r"^RESULT (.*)$", run.stdout, re.MULTILINE)
        if not found:
            raise CommandError(f"wrk failed: {run.stdout}{run.stderr}")
        result: dict[str, Any] = json.loads(found.group(1))
        result["req_per_s"] = round(result["requests"] / result["seconds"], 1)
        return result
