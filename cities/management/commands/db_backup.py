import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from cities.backups import BackupError, database_backup, database_url


class Command(BaseCommand):
    help = "Back the whole database up (pg_dump custom format, every partition) with a manifest to check a restore."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="Archive path (default var/backups/<db>-<UTC time>.dump).")

    def handle(self, *args: Any, output: Path | None = None, **options: Any) -> None:
        name = connection.settings_dict["NAME"]
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        archive = output or Path(settings.BASE_DIR) / "var" / "backups" / f"{name}-{stamp}.dump"
        try:
            result = database_backup(url=database_url(connection.settings_dict), archive=archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{result.archive} ({result.bytes:,} bytes) in {result.seconds:.1f} s; manifest {result.manifest}"
        )
