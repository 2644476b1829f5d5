import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from cities.backups import BackupError, database_create, database_restore, restore_differences


class Command(BaseCommand):
    help = (
        "Restore a db_backup archive into a new database on the same server and check it against the archive's "
        "manifest (every table's rows and checksum). The database in use is never touched."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--into", help="Name of the new database (default <db>_restored_<UTC time>).")
        parser.add_argument("--jobs", type=int, default=2, help="pg_restore workers.")

    def handle(self, *args: Any, archive: Path, into: str | None = None, jobs: int = 2, **options: Any) -> None:
        manifest = archive.with_name(archive.name + ".manifest.json")
        if not archive.exists() or not manifest.exists():
            raise CommandError(f"{archive} or its manifest {manifest.name} is missing")
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
        name = into or f"{connection.settings_dict['NAME']}_restored_{stamp}"
        try:
            url = database_create(settings_dict=connection.settings_dict, name=name)
            seconds = database_restore(archive=archive, url=url, jobs=jobs)
            differences = restore_differences(manifest=manifest, url=url)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if differences:
            raise CommandError(f"restored into {name} in {seconds:.1f} s, but these tables differ: {differences}")
        self.stdout.write(f"restored into {name} in {seconds:.1f} s; every table's rows and checksum match the backup")
