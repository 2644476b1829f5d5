"""Worker processes forked from a process that uses the database (bulk loaders, the parallel Legistar sync).

A forked worker inherits the parent's open connections. `connections.close_all()` before the fork closes
only those of the calling context: another context of the same thread (Playwright's sync API runs code in
greenlets, each with its own context) can keep one open, and a worker that used it would share the
parent's server session: interleaved answers ("the last operation didn't produce records"), a hang, or
prepared statements that "already exist". Every forked pool starts its workers with `forget_inherited_connections`.
"""

from __future__ import annotations

from typing import Any

from django.db import connections

_inherited: list[Any] = []  # the parent's connections, as a forked worker found them


def forget_inherited_connections() -> None:
    """Make this forked worker open connections of its own. The parent's stay referenced and are never
    closed here: closing (or garbage-collecting) one would end the parent's session."""
    for wrapper in connections.all(initialized_only=True):
        if wrapper.connection is not None:
            _inherited.append(wrapper.connection)
            wrapper.connection = None
        # A fork inside the parent's transaction: the worker's connection starts outside any.
        wrapper.in_atomic_block, wrapper.atomic_blocks, wrapper.savepoint_ids = False, [], []
        wrapper.needs_rollback, wrapper.closed_in_transaction, wrapper.run_on_commit = False, False, []
