"""What each request of one of bench_load's mixes costs the web process, sent one at a time in-process (the
same URLs for the same seed): per kind, the mean and p95 of wall time and the mean CPU time; with
--instructions, also the instructions the process executed for them all, counted by valgrind's callgrind.
The uncached mix is counted as bench_load sends it; the cached mix's pages are each requested once first, so
that what is counted is answered from the page cache.

A count of instructions does not move with what else the machine is doing, where time does (on a shared
machine a CPU second is not the same from one run to the next), so it is what says whether a change made
pages cheaper. It counts the web process alone: PostgreSQL's and Redis's work is in the wall time only.
The first --warmup requests of the uncached mix (imports, connections, first compiled templates) are sent and
not counted.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test import Client

from devtools.load_mix import cached_urls, sampled_cities, server_env, uncached_requests
from devtools.timing import p95


def _instructions_on(enabled: bool) -> None:
    """Switch callgrind's counting in this very process (it runs under valgrind --instr-atstart=no)."""
    subprocess.run(  # noqa: S603 - valgrind's own tool, on our own pid
        ["callgrind_control", "--instr=" + ("on" if enabled else "off"), str(os.getpid())],  # noqa: S607
        check=True,
        capture_output=True,
    )


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--mix", choices=["uncached", "cached"], default="uncached")
        parser.add_argument("--count", type=int, default=200, help="Requests counted.")
        parser.add_argument("--warmup", type=int, default=40, help="Uncached requests sent first and not counted.")
        parser.add_argument("--cities", type=int, default=10, help="Cities sampled (those with council members).")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--instructions", action="store_true", help="Count instructions under callgrind.")
        parser.add_argument("--in-process", action="store_true", help="Measure here (what it runs itself as).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["in_process"]:
            self.stdout.write(json.dumps(self._measure(options)))
            return
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench_requests", "--in-process"]
        for name in ("mix", "count", "warmup", "cities", "seed"):
            command += [f"--{name}", str(options[name])]
        with tempfile.TemporaryDirectory() as tmp:
            counted = Path(tmp) / "callgrind.out"
            if options["instructions"]:
                valgrind = shutil.which("valgrind")
                if not valgrind or not shutil.which("callgrind_control"):
                    raise CommandError("--instructions needs valgrind (Debian: apt-get install valgrind)")
                command = [valgrind, "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={counted}",
                           *command, "--instructions"]  # fmt: skip
            run = subprocess.run(  # noqa: S603 - our own manage.py
                command, env=server_env(behind_proxy=False), capture_output=True, text=True, check=False
            )
            lines = run.stdout.strip().splitlines()
            if run.returncode or not lines:
                raise CommandError(f"the measuring process failed:\n{run.stdout}{run.stderr[-4000:]}")
            result: dict[str, Any] = json.loads(lines[-1])
            if options["instructions"]:
                found = re.search(r"^totals: (\d+)", counted.read_text(), re.MULTILINE)
                if not found:
                    raise CommandError("callgrind wrote no totals")
                result["instructions"] = int(found.group(1))
                result["instructions_per_request"] = int(found.group(1)) // options["count"]
        self.stdout.write(json.dumps(result, indent=2))

    def _measure(self, options: dict[str, Any]) -> dict[str, Any]:
        cities = sampled_cities(options["cities"])
        rng = random.Random(options["seed"])
        if options["mix"] == "cached":
            pages = cached_urls(cities)
            warmup = [("cached page", url) for url in pages]
            counted = [("cached page", rng.choice(pages)) for _ in range(options["count"])]
        else:
            requests = uncached_requests(cities, rng, options["warmup"] + options["count"])
            warmup, counted = requests[: options["warmup"]], requests[options["warmup"] :]
        client = Client(HTTP_HOST="127.0.0.1")
        for _, url in warmup:
            client.get(url)
        wall: dict[str, list[float]] = defaultdict(list)
        cpu: dict[str, list[float]] = defaultdict(list)
        statuses: dict[int, int] = defaultdict(int)
        if options["instructions"]:
            _instructions_on(True)
        for kind, url in counted:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            wall[kind].append((time.perf_counter() - started) * 1000)
            cpu[kind].append((time.process_time() - started_cpu) * 1000)
            statuses[response.status_code] += 1
        if options["instructions"]:
            _instructions_on(False)
        kinds = {
            kind: {
                "requests": len(wall[kind]),
                "wall_mean_ms": round(statistics.mean(wall[kind]), 2),
                "wall_p95_ms": p95(wall[kind]),
                "cpu_mean_ms": round(statistics.mean(cpu[kind]), 2),
            }
            for kind in sorted(wall)
        }
        return {"requests": options["count"], "statuses": dict(statuses), "kinds": kinds}
