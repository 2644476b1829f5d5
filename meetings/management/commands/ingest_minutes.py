from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from meetings.models import Meeting, MinutesDocument
from meetings.services.minutes import minutes_document_ingest, minutes_document_register, minutes_file_ingest


class Command(BaseCommand):
    help = (
        "Make minutes searchable now: --file PATH --meeting ID for a local file, or --city/--meeting to "
        "read each meeting's minutes URL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--city", help="City key: every meeting of the city with a minutes URL")
        parser.add_argument("--meeting", type=int, help="One meeting (id)")
        parser.add_argument("--file", help="A local PDF or text file (needs --meeting)")
        parser.add_argument("--kind", default="minutes", choices=[k for k, _ in MinutesDocument.Kind.choices])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["file"]:
            self._ingest_file(Path(options["file"]), options["meeting"], options["kind"])
            return
        if not options["city"] and not options["meeting"]:
            raise CommandError("Say which minutes: --city KEY, --meeting ID, or --file PATH --meeting ID.")
        meetings = Meeting.objects.exclude(minutes_url="")
        if options["city"]:
            meetings = meetings.filter(city__city_key=options["city"].lower())
        if options["meeting"]:
            meetings = meetings.filter(pk=options["meeting"])
        for meeting in tqdm(list(meetings), unit=" meetings", disable=options["verbosity"] == 0):
            document, _ = minutes_document_register(meeting=meeting, url=meeting.minutes_url, kind=options["kind"])
            result = minutes_document_ingest(document_id=document.id)
            self.stdout.write(f"{meeting}: {result.status} {result.pages or ''} {result.document.error}".rstrip())

    def _ingest_file(self, path: Path, meeting_id: int | None, kind: str) -> None:
        if not meeting_id:
            raise CommandError("--file needs --meeting ID (the meeting the file belongs to).")
        meeting = Meeting.objects.filter(pk=meeting_id).first()
        if meeting is None:
            raise CommandError(f"No meeting with id {meeting_id}.")
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        result = minutes_file_ingest(meeting=meeting, path=path, kind=kind, title=path.name)
        error = f" ({result.document.error})" if result.document.error else ""
        self.stdout.write(f"{path.name}: {result.status}, {result.pages} pages{error}")
