"""Real minutes for the demo: recorded public files (../shared/realdata/minutes, see its PROVENANCE.md)
read by the same ingestion as production, so a journalist trying `make run` can search real text."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from cities.models import City
from cities.services import city_create
from meetings.models import Meeting, MinutesDocument
from meetings.services.minutes import minutes_file_ingest


@dataclass(frozen=True)
class DemoCity:
    key: str
    name: str
    state: str
    seats: int
    timezone: str


HUNTSVILLE = DemoCity("huntsville", "Huntsville, AL", "AL", 5, "America/Chicago")
ANN_ARBOR = DemoCity("annarbor", "Ann Arbor, MI", "MI", 11, "America/Detroit")
PORTLAND = DemoCity("portland", "Portland, OR", "OR", 5, "America/Los_Angeles")


def _files(root: Path) -> list[tuple[DemoCity, dt.date, str, str, Path]]:
    """(city, meeting date, meeting type, document kind, file) for every recorded file used."""
    found = []
    for folder in sorted((root / "Caden-Helbling__hsv-city-council-transcripts").glob("*/")):
        meta = json.loads((folder / "meeting.json").read_text())
        day = dt.date.fromisoformat(meta["date"])
        found.append((HUNTSVILLE, day, meta["body"], MinutesDocument.Kind.AGENDA, folder / "agenda.pdf"))
        transcript = folder / "whisper-medium.txt"
        if transcript.exists():
            found.append((HUNTSVILLE, day, meta["body"], MinutesDocument.Kind.TRANSCRIPT, transcript))
    for path in sorted((root / "akgood__a2council_transcripts").glob("20*-CityCouncil*.txt")):
        found.append(
            (ANN_ARBOR, dt.date.fromisoformat(path.name[:10]), "City Council", MinutesDocument.Kind.TRANSCRIPT, path)
        )
    portland = root / "Ropes__PDX-Council-Minutes-Data" / "portland_2011-01-12_minutes_raw.txt"
    found.append((PORTLAND, dt.date(2011, 1, 12), "City Council", MinutesDocument.Kind.MINUTES, portland))
    return [entry for entry in found if entry[4].exists()]


def minutes_demo_load() -> dict[str, int]:
    """Create the cities and meetings (once) and ingest each file (a file already read is read again,
    which replaces its pages: the result is the same). Returns pages per city key."""
    root = Path(settings.REALDATA_DIR) / "minutes"
    pages: dict[str, int] = {}
    for spec, day, meeting_type, kind, path in _files(root) if root.exists() else []:
        city = City.objects.filter(city_key=spec.key).first() or city_create(
            city_key=spec.key, name=spec.name, state=spec.state, total_seats=spec.seats, timezone_name=spec.timezone
        )
        meeting, _ = Meeting.objects.get_or_create(
            city=city,
            meeting_date=day,
            meeting_type=meeting_type,
            defaults={"body_name": meeting_type, "status": Meeting.Status.HELD},
        )
        result = minutes_file_ingest(
            meeting=meeting,
            path=path,
            source=f"realdata:{path.relative_to(root)}",
            kind=kind,
            title=f"{meeting_type} {MinutesDocument.Kind(kind).label.lower()}, {day:%B %-d, %Y}",
        )
        pages[spec.key] = pages.get(spec.key, 0) + result.pages
    return pages
