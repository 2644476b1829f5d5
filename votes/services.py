"""Writes for votes and the derived member voting summary."""

from __future__ import annotations

from django.db import connection

DERIVED_VIEWS = ("mv_member_voting_summary", "mv_member_agreement")


def member_voting_summary_refresh(*, concurrently: bool = True) -> None:
    """Recompute the per-year summary and colleague agreement; CONCURRENTLY keeps readers served."""
    with connection.cursor() as cursor:
        for view in DERIVED_VIEWS:
            cursor.execute(f"REFRESH MATERIALIZED VIEW {'CONCURRENTLY ' if concurrently else ''}{view}")
