"""Celery tasks of meetings: thin callers of meetings' services."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task

from meetings.services.minutes import minutes_document_ingest

logger = logging.getLogger(__name__)


@shared_task(name="meetings.ingest_minutes_document", acks_late=True, max_retries=3, soft_time_limit=1800)
def ingest_minutes_document(document_id: int) -> dict[str, Any]:
    """Download a registered minutes document and make its pages searchable (replacing earlier pages)."""
    result = minutes_document_ingest(document_id=document_id)
    outcome = {"document": document_id, "status": result.status, "pages": result.pages}
    if result.document.error:
        outcome["error"] = result.document.error
    return outcome
