"""Celery tasks of votes: thin callers of votes' services."""

from celery import shared_task

from votes.services import member_voting_summary_refresh


@shared_task(name="votes.refresh_member_voting_summary", acks_late=True, soft_time_limit=900)
def refresh_member_voting_summary() -> None:
    member_voting_summary_refresh(concurrently=True)
