"""The tests' handle on the project-local read replica (scripts/local_replica.py): wait for it to catch up,
hold its replay, stop it hard and start it again."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import connection, connections

sys.path.insert(0, str(settings.BASE_DIR / "scripts"))
import local_replica  # standard library only, like every script there

REPLICA = "replica"


def replica_row(sql: str, params: list[Any] | None = None) -> tuple[Any, ...]:
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        assert row is not None
        return tuple(row)


def _primary_position() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")  # commits are asynchronous here
        (position,) = cursor.fetchone()
    return str(position)


def _wait_for(sql: str, seconds: float, what: str) -> None:
    position = _primary_position()
    deadline = time.monotonic() + seconds
    while not replica_row(sql, [position])[0]:
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def replica_caught_up(seconds: float = 30) -> None:
    """Wait until the replica streams from the primary and has replayed all it has written so far."""
    _wait_for("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn AND pg_last_wal_receive_lsn() IS NOT NULL",
              seconds, "the replica did not catch up")  # fmt: skip


def replica_received(seconds: float = 30) -> None:
    """Wait until the replica has received (not necessarily replayed) all the primary has written so far:
    only then can it tell it is behind."""
    _wait_for("SELECT pg_last_wal_receive_lsn() >= %s::pg_lsn", seconds, "the replica received nothing")


@contextlib.contextmanager
def replay_paused() -> Iterator[None]:
    """The replica keeps receiving WAL but replays none of it: it falls behind on purpose."""
    replica_row("SELECT pg_wal_replay_pause()::text")
    try:
        yield
    finally:
        replica_row("SELECT pg_wal_replay_resume()::text")


def replica_restartpoint() -> None:
    """A checkpoint on the primary, replayed, then a restartpoint on the replica: a replica stopped hard
    after it redoes only the WAL since (not all since its last scheduled restartpoint) when it starts."""
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
    replica_caught_up()
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("CHECKPOINT")


def replica_kill() -> None:
    """Stop the replica at once, as a crash would (no shutdown checkpoint, connections cut)."""
    local_replica.stop_local_replica(mode="immediate")


def replica_start() -> None:
    local_replica.start_local_replica()
    connections[REPLICA].close()
