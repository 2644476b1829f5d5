from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from meetings.minutes import minutes_file_ingest
from meetings.models import Meeting, MinutesDocument
from meetings.tasks import ingest_minutes_document


class Command(BaseCommand):
    help = (
        "Make minutes searchable now: --file PATH --meeting ID for a local file, or --city/--meeting to "
        "read each meeting's minutes URL."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--city", help="City key: every meeting of the city with a minutes URL")
        parser.add_argument("--meeting", type=int, help="One meeting (id)")
        parser.add_argument("--file", help="A local PDF or text file (needs --meeting)")
        parser.add_argument("--kind", default="minutes", choices=[k for k, _ in MinutesDocument.Kind.choices])

    def handle(self, *args, city=None, meeting=None, file=None, kind="minutes", **options) -> None:
        if file:
            if not meeting:
                raise CommandError("--file needs --meeting ID (the meeting the file belongs to).")
            target = Meeting.objects.filter(pk=meeting).first()
            if target is None:
                raise CommandError(f"No meeting with id {meeting}.")
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"No file at {path}.")
            result = minutes_file_ingest(meeting=target, path=path, kind=kind, title=path.name)
            self.stdout.write(
                f"{path.name}: {result.status}, {result.pages} pages"
                + (f" ({result.document.error})" if result.document.error else "")
            )
            return
        meetings = Meeting.objects.exclude(minutes_url="")
        if city:
            meetings = meetings.filter(city__city_key=city)
        if meeting:
            meetings = meetings.filter(pk=meeting)
        if not city and not meeting:
            raise CommandError("Say which minutes: --city KEY, --meeting ID, or --file PATH --meeting ID.")
        for target in tqdm(list(meetings), unit=" meetings", disable=options["verbosity"] == 0):
            document, _ = MinutesDocument.objects.get_or_create(
                city_id=target.city_id,
                source=target.minutes_url,
                defaults={
                    "meeting": target,
                    "kind": kind,
                    "source_url": target.minutes_url,
                    "title": f"{target.meeting_type} minutes",
                },
            )
            outcome = ingest_minutes_document.apply(args=[document.id]).get()
            self.stdout.write(f"{target}: {outcome['status']} {outcome.get('pages', '')} {outcome.get('error', '')}")
