import tempfile
from pathlib import Path

from celery import shared_task

from meetings.minutes import MinutesError, minutes_download, minutes_file_ingest
from meetings.models import MinutesDocument


@shared_task(name="meetings.ingest_minutes_document", acks_late=True, max_retries=3, soft_time_limit=1800)
def ingest_minutes_document(document_id: int) -> dict:
    """Download a document's source and make its pages searchable (replacing earlier pages)."""
    document = MinutesDocument.objects.select_related("meeting").get(pk=document_id)
    with tempfile.TemporaryDirectory() as folder:
        try:
            path = minutes_download(url=document.source_url, destination=Path(folder) / "document")
        except MinutesError as error:
            MinutesDocument.objects.filter(pk=document_id).update(
                status=MinutesDocument.Status.FAILED, error=str(error)
            )
            return {"document": document_id, "status": "failed", "error": str(error)}
        result = minutes_file_ingest(
            meeting=document.meeting,
            path=path,
            source=document.source,
            source_url=document.source_url,
            kind=document.kind,
            title=document.title,
        )
    return {"document": document_id, "status": result.status, "pages": result.pages}
