"""Writes for votes and the derived member voting summary."""

from __future__ import annotations

from django.db import connection


def member_voting_summary_refresh(*, concurrently: bool = True) -> None:
    """Recompute mv_member_voting_summary; CONCURRENTLY keeps readers served during the refresh."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"REFRESH MATERIALIZED VIEW {'CONCURRENTLY ' if concurrently else ''}mv_member_voting_summary"
        )
