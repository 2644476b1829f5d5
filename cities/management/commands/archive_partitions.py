"""manage.py archive_partitions [--drop]"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cities.backups import BackupError
from cities.partition_archive import detached_partitions, partition_archive, partition_drop_archived


class Command(BaseCommand):
    help = "Archive every detached partition (dump, restore-check); with --drop, then drop the archived ones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--drop", action="store_true", help="Drop each partition once its archive restored.")

    def handle(self, *args: Any, **options: Any) -> None:
        names = detached_partitions()
        if not names:
            self.stdout.write("No detached partitions.")
        for name in names:
            try:
                archived = partition_archive(name)
                self.stdout.write(f"{name}: {archived.rows} rows archived to {archived.archive} (restore checked)")
                if options["drop"]:
                    partition_drop_archived(name)
                    self.stdout.write(f"{name}: dropped")
            except BackupError as error:
                raise CommandError(str(error)) from error
