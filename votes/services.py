"""Writes of votes' tables: each item's vote and every member's choice in it, and the derived summaries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from django.db import connection
from psycopg import sql

from cities.sqlfiles import read_sql, rows_json, sql_file_row
from votes.models import MemberVote

DERIVED_VIEWS = ("mv_member_voting_summary", "mv_member_agreement")


class SourceVote(NamedTuple):
    """The decision on one agenda item as the source states it; field order as in source_votes_upsert.sql."""

    legistar_item_id: int
    kind: str
    action_name: str
    action_text: str
    passed: bool | None
    tally: str
    yes_count: int
    no_count: int
    absent_count: int
    abstain_count: int
    excused_count: int
    recused_count: int
    not_voting_count: int
    mover_id: int | None
    seconder_id: int | None
    mover_name: str
    seconder_name: str


class SourceBallot(NamedTuple):
    """One member's recorded choice in the roll call of an item."""

    legistar_item_id: int
    member_id: int
    vote_choice: str
    raw_value: str
    raw_member_name: str


class VotesStored(NamedTuple):
    created: int
    updated: int
    ballots_created: int
    ballots_updated: int


def votes_sync_from_source(
    *, city_id: int, meeting_date: dt.date, votes: Sequence[SourceVote], ballots: Sequence[SourceBallot]
) -> VotesStored:
    """A meeting's votes and the roll calls behind them, matched by the items' source ids and (vote, member),
    in one set-based statement (sql/source_votes_upsert.sql): new rows inserted, differing ones updated,
    equal ones neither written nor locked. `ballots` are of items among `votes`, no (item, member) twice.
    Runs in the caller's transaction, after the meeting's items are stored."""
    if not votes:
        return VotesStored(0, 0, 0, 0)
    row = sql_file_row(
        __file__,
        "source_votes_upsert.sql",
        city_id=city_id,
        meeting_date=meeting_date,
        votes=rows_json(votes),
        ballots=rows_json(ballots),
    )
    return VotesStored(*row)


def member_votes_corrected(*, vote_ids: Sequence[int]) -> None:
    """After staff changed, added or removed member votes: the votes' counts and tally counted again in one
    statement (sql/vote_counts_recount.sql), in the caller's transaction. The caller refreshes the yearly
    summaries once it commits (votes.tasks), and the admin bumps the city's page cache on commit."""
    if not vote_ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(read_sql(__file__, "vote_counts_recount.sql"), {"vote_ids": list(vote_ids)})


def member_votes_restored(*, city_id: int, member_vote_ids: Sequence[int]) -> None:
    """Staff corrections put back on member votes after a sync: their votes' counts follow them again."""
    if member_vote_ids:
        vote_ids = MemberVote.objects.filter(city_id=city_id, id__in=member_vote_ids).values_list("vote_id", flat=True)
        member_votes_corrected(vote_ids=list(set(vote_ids)))


def member_voting_summary_refresh(*, concurrently: bool = True) -> None:
    """Recompute the per-year summary and colleague agreement; CONCURRENTLY keeps readers served."""
    with connection.cursor() as cursor:
        for view in DERIVED_VIEWS:
            statement = "REFRESH MATERIALIZED VIEW CONCURRENTLY {}" if concurrently else "REFRESH MATERIALIZED VIEW {}"
            cursor.execute(sql.SQL(statement).format(sql.Identifier(view)))


def vote_statistics_refresh(*, city_id: int) -> None:
    """ANALYZE the vote tables a source sync fills (of member votes, only the city's hash partition) on the
    columns its statement looks rows up by; see `meetings.services.meetings.meeting_statistics_refresh`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM votes_membervote mv JOIN pg_class c ON c.oid = mv.tableoid"
            " WHERE mv.city_id = %s LIMIT 1",
            [city_id],
        )
        partition = cursor.fetchone()
        cursor.execute("ANALYZE votes_vote (city_id, agenda_item_id)")
        if partition:
            cursor.execute(sql.SQL("ANALYZE {} (city_id, vote_id, member_id)").format(sql.Identifier(partition[0])))
