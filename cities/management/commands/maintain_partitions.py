from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cities.partitions import partitions_maintain


class Command(BaseCommand):
    help = "Create missing partitions (months ahead, one per city) and detach expired ones. Safe to repeat."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Show the plan without changing anything.")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        plan = partitions_maintain(dry_run=dry_run).as_dict()
        verb = "would create" if dry_run else "created"
        self.stdout.write(f"{verb} {len(plan['create'])} partition(s): {', '.join(plan['create']) or '-'}")
        verb = "would detach" if dry_run else "detached"
        self.stdout.write(f"{verb} {len(plan['detach'])} partition(s): {', '.join(plan['detach']) or '-'}")
