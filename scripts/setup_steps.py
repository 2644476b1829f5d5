"""Set-up steps shared by scripts/devservices.py and scripts/local_postgres.py (standard library only)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"


def say(message: str) -> None:
    print(f"[devservices] {message}", flush=True)


def die(message: str) -> NoReturn:
    print(f"[devservices] ERROR: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


class SetupError(Exception):
    """A step failed; the message names the cause in one line."""


def run(cmd: list[str], what: str) -> subprocess.CompletedProcess[str]:
    """Run a set-up step; on failure, raise SetupError with the last line the command printed."""
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd="/")  # the server user may not read .
    if result.returncode != 0:
        lines = [line.strip() for line in (result.stderr + result.stdout).splitlines() if line.strip()]
        raise SetupError(f"{what} failed (exit {result.returncode}): {lines[-1] if lines else 'no output'}")
    return result


def port_answers(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def url_answers(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    return port_answers(parsed.hostname or "127.0.0.1", parsed.port or default_port)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def is_debian_root() -> bool:
    return os.geteuid() == 0 and Path("/etc/debian_version").exists() and shutil.which("apt-get") is not None


_apt_state = {"updated": False}


def apt_install(packages: list[str]) -> bool:
    """Install Debian packages when we may; return False when we may not."""
    if not is_debian_root():
        return False
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if not _apt_state["updated"]:
        say("apt-get update")
        subprocess.run(["apt-get", "update", "-q"], check=False, env=env, stdout=subprocess.DEVNULL)
        _apt_state["updated"] = True
    say(f"apt-get install {' '.join(packages)}")
    command = ["apt-get", "install", "-y", "-q", *packages]
    result = subprocess.run(command, check=False, env=env, stdout=subprocess.DEVNULL)
    return result.returncode == 0


def debian_has(package: str) -> bool:
    result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True, check=False)
    return "install ok installed" in result.stdout
